import BeaconBindings
import SwiftUI

/// The signed-in app: mentoring, messages, sessions, journal (check-ins and notes), the
/// coordinator's desk (coordinators only), settings.
struct MainTabs: View {
    @Environment(Core.self) private var core
    @Environment(Router.self) private var router

    var body: some View {
        @Bindable var router = router
        TabView(selection: $router.tab) {
            HomeScreen()
                .tabItem { Label("Mentoring", systemImage: "person.2") }
                .tag(Router.Tab.home)
            ConversationsScreen()
                .tabItem { Label("Messages", systemImage: "bubble.left.and.bubble.right") }
                .badge(unreadCount)
                .tag(Router.Tab.messages)
            SessionsScreen()
                .tabItem { Label("Sessions", systemImage: "calendar") }
                .tag(Router.Tab.sessions)
            JournalScreen()
                .tabItem { Label("Journal", systemImage: "book.closed") }
                .tag(Router.Tab.journal)
            // The core gives a desk only to coordinators.
            if core.view.coordinator != nil {
                CoordinatorDeskScreen()
                    .tabItem { Label("Desk", systemImage: "tray.full") }
                    .tag(Router.Tab.desk)
            }
            SettingsScreen()
                .tabItem { Label("Settings", systemImage: "gearshape") }
                .tag(Router.Tab.settings)
        }
        .safeAreaInset(edge: .top, spacing: 0) {
            SyncBanner(sync: core.view.sync)
        }
        .sheet(isPresented: crisisPromptShown) {
            if let prompt = core.view.crisisPrompt {
                CrisisPromptSheet(prompt: prompt) { send in
                    core.send(.crisisPromptAnswered(send: send))
                    if !send {
                        // The core drops the held message; the person keeps it as a draft.
                        router.restoredDraft = prompt.message
                    }
                }
            }
        }
    }

    private var unreadCount: Int {
        core.view.messaging.conversations.reduce(0) { $0 + Int($1.unread) }
    }

    /// Shown while the core holds a message back; closes when the core lets go of it.
    private var crisisPromptShown: Binding<Bool> {
        Binding(
            get: { core.view.crisisPrompt != nil },
            set: { _ in }
        )
    }
}

/// Says so when the phone is offline or changes are waiting; otherwise takes no space.
struct SyncBanner: View {
    let sync: SyncView

    var body: some View {
        if sync.connection == .offline || sync.pendingChanges > 0 {
            HStack(spacing: 8) {
                Image(systemName: sync.connection == .offline ? "wifi.slash" : "arrow.triangle.2.circlepath")
                    .accessibilityHidden(true)
                Text(text)
                    .font(.footnote)
                Spacer()
            }
            .padding(.horizontal)
            .padding(.vertical, 6)
            .background(.thinMaterial)
        }
    }

    private var text: String {
        if sync.connection == .offline {
            return sync.pendingChanges > 0
                ? "Offline — \(sync.pendingChanges) change(s) will be sent when you're back online"
                : Connection.offline.label
        }
        return sync.syncing ? "Sending your changes…" : "\(sync.pendingChanges) change(s) waiting to sync"
    }
}
