import SwiftUI

/// Beacon's look: calm colours, generous spacing, system fonts (so Dynamic Type works), nothing
/// that shouts except the crisis button.
enum Theme {
    static let accent = Color(red: 0.20, green: 0.45, blue: 0.55)
    static let calmBackground = Color(uiColor: .systemGroupedBackground)
    static let cardBackground = Color(uiColor: .secondarySystemGroupedBackground)
    static let crisis = Color(red: 0.75, green: 0.20, blue: 0.20)
    static let pending = Color.orange
    static let cornerRadius: CGFloat = 14
    static let spacing: CGFloat = 12

    /// Mood 1–5 as a symbol and a word (presentation only; the core keeps the number).
    static func moodSymbol(_ mood: UInt8) -> String {
        switch mood {
        case 1: return "cloud.rain"
        case 2: return "cloud"
        case 3: return "cloud.sun"
        case 4: return "sun.min"
        default: return "sun.max"
        }
    }

    static func moodWord(_ mood: UInt8) -> String {
        switch mood {
        case 1: return "Very low"
        case 2: return "Low"
        case 3: return "Okay"
        case 4: return "Good"
        default: return "Very good"
        }
    }
}

/// A rounded card on the grouped background.
struct CardStyle: ViewModifier {
    func body(content: Content) -> some View {
        content
            .padding()
            .frame(maxWidth: .infinity, alignment: .leading)
            .background(Theme.cardBackground, in: RoundedRectangle(cornerRadius: Theme.cornerRadius))
    }
}

extension View {
    func card() -> some View {
        modifier(CardStyle())
    }
}

/// "Waiting to send" marker for changes queued on this device.
struct PendingBadge: View {
    var body: some View {
        Label("Waiting to sync", systemImage: "clock.arrow.circlepath")
            .font(.caption)
            .foregroundStyle(Theme.pending)
    }
}

/// Times from the core are Unix milliseconds.
extension Foundation.Date {
    init(unixMilliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(unixMilliseconds) / 1000)
    }

    var unixMilliseconds: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }
}

enum Format {
    static func dateTime(_ ms: Int64) -> String {
        Foundation.Date(unixMilliseconds: ms).formatted(date: .abbreviated, time: .shortened)
    }

    static func relative(_ ms: Int64) -> String {
        Foundation.Date(unixMilliseconds: ms).formatted(.relative(presentation: .named))
    }

    static func time(_ ms: Int64) -> String {
        Foundation.Date(unixMilliseconds: ms).formatted(date: .omitted, time: .shortened)
    }
}
