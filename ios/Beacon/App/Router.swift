import Observation

/// App-wide presentation state that is not the core's business: which tab is showing, and a draft
/// handed back to the chat from the crisis sheet.
@MainActor
@Observable
final class Router {
    enum Tab: Hashable {
        case home, messages, sessions, journal, desk, settings
    }

    var tab: Tab = .home
    /// A message the person chose not to send from the crisis sheet, back in the chat's draft.
    var restoredDraft: String?
}
