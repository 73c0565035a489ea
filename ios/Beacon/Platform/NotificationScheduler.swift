import Foundation
import UserNotifications

/// One local notification as the core computed it. The core decides when it fires and what it says
/// (discreet text unless the person opted in to names); the id is stable for what it is about, so
/// rescheduling the same set changes nothing.
struct ScheduledReminder: Sendable, Equatable {
    let id: String
    let fireAt: Date
    let title: String
    let body: String
    /// The kind of reminder ("beacon.sessions", …), so people can tell them apart in Settings.
    let category: String
}

/// Delivers the core's reminder schedule through the phone's own notification system, so reminders
/// fire with the app closed and without a network.
///
/// Each call replaces the whole pending set: reminders no longer in the set are removed, the rest
/// are (re)added under their stable identifiers (adding an identifier that is pending replaces it).
@MainActor
final class NotificationScheduler {
    /// Prefixes Beacon's identifiers so only reminders are ever replaced or removed.
    static let identifierPrefix = "beacon.reminder."
    /// iOS keeps at most 64 pending local notifications per app; the soonest are kept, and later
    /// ones are scheduled when the core recomputes the set.
    static let systemLimit = 64

    private let center: UNUserNotificationCenter
    /// The latest set, applied in order: a newer set waits for the one being applied.
    private var latest: [ScheduledReminder] = []
    private var applying = false
    private var hasAsked = false

    init(center: UNUserNotificationCenter = .current()) {
        self.center = center
    }

    /// Replaces every pending Beacon reminder with `reminders`.
    func replaceAll(with reminders: [ScheduledReminder]) {
        latest = reminders
        guard !applying else { return }
        applying = true
        Task {
            var applied: [ScheduledReminder]?
            while applied != latest {
                let wanted = latest
                await apply(wanted)
                applied = wanted
            }
            applying = false
        }
    }

    /// Removes every pending and delivered Beacon reminder (on sign-out).
    func removeAll() {
        replaceAll(with: [])
        center.removeAllDeliveredNotifications()
    }

    private func apply(_ reminders: [ScheduledReminder]) async {
        let now = Date()
        let upcoming = reminders
            .filter { $0.fireAt > now }
            .sorted { $0.fireAt < $1.fireAt }
            .prefix(Self.systemLimit)
        let wanted = Set(upcoming.map { Self.identifierPrefix + $0.id })
        let pending = await pendingIdentifiers()
        let stale = pending.filter { $0.hasPrefix(Self.identifierPrefix) && !wanted.contains($0) }
        if !stale.isEmpty {
            center.removePendingNotificationRequests(withIdentifiers: stale)
        }
        guard !upcoming.isEmpty, await isAllowed() else { return }
        for reminder in upcoming {
            let content = UNMutableNotificationContent()
            content.title = reminder.title
            content.body = reminder.body
            content.sound = .default
            content.categoryIdentifier = reminder.category
            content.threadIdentifier = reminder.category
            // An absolute instant: a time-zone change on the phone must not move it.
            let trigger = UNTimeIntervalNotificationTrigger(
                timeInterval: max(1, reminder.fireAt.timeIntervalSince(now)),
                repeats: false
            )
            let request = UNNotificationRequest(
                identifier: Self.identifierPrefix + reminder.id,
                content: content,
                trigger: trigger
            )
            // A refused request (notifications just turned off) is retried by the next
            // recomputation. Never log the text: it may name a person.
            await add(request)
        }
    }

    /// Asks for permission the first time there is something to deliver; afterwards respects the
    /// person's choice in Settings.
    private func isAllowed() async -> Bool {
        switch await authorizationStatus() {
        case .authorized, .provisional, .ephemeral:
            return true
        case .notDetermined:
            guard !hasAsked else { return false }
            hasAsked = true
            return await requestAuthorization()
        case .denied:
            return false
        @unknown default:
            return false
        }
    }

    // The completion-handler forms keep the non-Sendable center and its results on this actor;
    // only Sendable values cross back from the callbacks.

    private func add(_ request: UNNotificationRequest) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            center.add(request) { _ in
                continuation.resume()
            }
        }
    }

    private func requestAuthorization() async -> Bool {
        await withCheckedContinuation { continuation in
            center.requestAuthorization(options: [.alert, .sound, .badge]) { granted, _ in
                continuation.resume(returning: granted)
            }
        }
    }

    private func authorizationStatus() async -> UNAuthorizationStatus {
        await withCheckedContinuation { continuation in
            center.getNotificationSettings { settings in
                continuation.resume(returning: settings.authorizationStatus)
            }
        }
    }

    private func pendingIdentifiers() async -> [String] {
        await withCheckedContinuation { continuation in
            center.getPendingNotificationRequests { requests in
                continuation.resume(returning: requests.map(\.identifier))
            }
        }
    }
}
