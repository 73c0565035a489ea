import BeaconBindings
import SwiftUI

/// Chooses the screen from the core's view model and drives the app lock and privacy cover from
/// the scene phase. (Crisis help is on every screen's toolbar: `crisisHelpToolbar()`.)
struct RootView: View {
    @Environment(Core.self) private var core
    @Environment(AppLock.self) private var lock
    @Environment(\.scenePhase) private var scenePhase
    @State private var shield = ShieldWindow()
    /// Face ID is offered by itself only on launch and on return from the background, never
    /// again right after the person cancelled it.
    @State private var offerUnlock = true

    var body: some View {
        content
            .onAppear(perform: updateShield)
            .onChange(of: scenePhase) { _, phase in
                switch phase {
                case .background:
                    lock.lockIfEnabled()
                    offerUnlock = true
                case .active:
                    core.appBecameActive()
                default:
                    break
                }
                updateShield()
            }
            .onChange(of: lock.isLocked) { _, _ in updateShield() }
    }

    @ViewBuilder
    private var content: some View {
        if let failure = core.startupFailure {
            StartupFailureScreen(message: failure)
        } else {
            switch core.current?.screen ?? .starting {
            case .starting:
                ProgressView("Opening Beacon…")
            case .signedOut:
                SignedOutScreen()
            case .signedIn:
                MainTabs()
            }
        }
    }

    private func updateShield() {
        if lock.isLocked || scenePhase != .active {
            shield.show(ShieldView().environment(lock).environment(core))
            if lock.isLocked, scenePhase == .active, offerUnlock {
                offerUnlock = false
                Task { await lock.unlock() }
            }
        } else {
            shield.hide()
        }
    }
}

/// The local store could not be opened: nothing else can work, but crisis help still does.
struct StartupFailureScreen: View {
    let message: String

    var body: some View {
        NavigationStack {
            ContentUnavailableView {
                Label("Beacon could not start", systemImage: "exclamationmark.triangle")
            } description: {
                Text(message)
            }
            .crisisHelpToolbar()
        }
    }
}
