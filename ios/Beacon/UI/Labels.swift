import BeaconBindings
import Foundation

// Words for the core's enums. Presentation only: which actions are offered, what a state allows
// and every deadline come from the view model. (Generated types are not Sendable, so lists of
// them are computed properties rather than stored statics.)

extension RelationshipState {
    var label: String {
        switch self {
        case .requested: return "Requested"
        case .accepted: return "Accepted — agreement to confirm"
        case .active: return "Active"
        case .paused: return "Paused"
        case .declined: return "Declined"
        case .expired: return "Expired"
        case .withdrawn: return "Withdrawn"
        case .closed: return "Ended"
        }
    }
}

extension ActionKind {
    var label: String {
        switch self {
        case .accept: return "Accept"
        case .decline: return "Decline"
        case .withdraw: return "Withdraw request"
        case .acknowledgeAgreement: return "Read the agreement"
        case .pause: return "Pause"
        case .resume: return "Resume"
        case .close: return "End mentoring"
        case .requestChange: return "Ask for a different mentor"
        case .block: return "Block"
        case .expire: return "Expire"
        }
    }

    /// Ending, blocking and declining are worded carefully and confirmed.
    var isDestructive: Bool {
        switch self {
        case .decline, .withdraw, .close, .requestChange, .block: return true
        default: return false
        }
    }
}

extension CloseReason {
    /// The reasons a participant can choose (the others are set by the program or by actions).
    static var chosenByParticipants: [CloseReason] {
        [
            .goalsReached, .noLongerNeeded, .notAGoodFit, .lostContact, .circumstances,
            .safetyConcern, .unspecified, .other,
        ]
    }

    var label: String {
        switch self {
        case .goalsReached: return "Goals reached"
        case .noLongerNeeded: return "No longer needed"
        case .notAGoodFit: return "Not a good fit"
        case .lostContact: return "Lost contact"
        case .circumstances: return "Circumstances changed"
        case .safetyConcern: return "A safety concern"
        case .programDecision: return "Program decision"
        case .unspecified: return "Prefer not to say"
        case .changeRequested: return "Change of mentor requested"
        case .blocked: return "Blocked"
        case .other: return "Other"
        }
    }
}

extension Cadence {
    var label: String {
        switch self {
        case .weekly: return "Every week"
        case .fortnightly: return "Every two weeks"
        case .monthly: return "Every month"
        }
    }
}

extension ApplicationStatus {
    var label: String {
        switch self {
        case .pending: return "Waiting for a coordinator"
        case .approved: return "Approved"
        case .declined: return "Not approved"
        case .withdrawn: return "Approval withdrawn"
        }
    }
}

extension DeliveryState {
    var symbol: String {
        switch self {
        case .pending: return "clock"
        case .sent: return "checkmark"
        case .delivered: return "checkmark.circle"
        case .read: return "checkmark.circle.fill"
        }
    }

    var label: String {
        switch self {
        case .pending: return "Waiting to send"
        case .sent: return "Sent"
        case .delivered: return "Delivered"
        case .read: return "Read"
        }
    }
}

extension Connection {
    var label: String {
        switch self {
        case .idle: return ""
        case .connecting: return "Connecting…"
        case .online: return "Up to date"
        case .offline: return "Offline — changes are kept and sent later"
        }
    }
}

extension Weekday {
    static var allDays: [Weekday] {
        [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
    }

    var label: String {
        switch self {
        case .monday: return "Monday"
        case .tuesday: return "Tuesday"
        case .wednesday: return "Wednesday"
        case .thursday: return "Thursday"
        case .friday: return "Friday"
        case .saturday: return "Saturday"
        case .sunday: return "Sunday"
        }
    }
}

extension OccurrenceStatus {
    var label: String {
        switch self {
        case .scheduled: return "Scheduled"
        case .held: return "Held"
        case .missed: return "Missed"
        case .cancelled: return "Cancelled"
        }
    }
}

extension SeriesState {
    var label: String {
        switch self {
        case .proposed: return "Proposed"
        case .accepted: return "Agreed"
        case .cancelled: return "Cancelled"
        }
    }
}

extension Recurrence {
    static var allChoices: [Recurrence] { [.once, .weekly, .fortnightly, .monthly] }

    var label: String {
        switch self {
        case .once: return "Once"
        case .weekly: return "Every week"
        case .fortnightly: return "Every two weeks"
        case .monthly: return "Every month"
        }
    }
}

extension Role {
    var label: String {
        switch self {
        case .mentee: return "Mentee"
        case .mentor: return "Mentor"
        case .coordinator: return "Coordinator"
        }
    }
}

/// Minutes after midnight <-> a time of day, for the availability and quiet-hours pickers.
enum MinuteOfDay {
    static func date(_ minute: UInt16, calendar: Calendar = .current) -> Foundation.Date {
        let midnight = calendar.startOfDay(for: Foundation.Date())
        return calendar.date(byAdding: .minute, value: Int(minute), to: midnight) ?? midnight
    }

    static func minute(_ date: Foundation.Date, calendar: Calendar = .current) -> UInt16 {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return UInt16((parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    static func label(_ minute: UInt16) -> String {
        String(format: "%02ld:%02ld", Int(minute) / 60, Int(minute) % 60)
    }
}
