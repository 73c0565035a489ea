import SwiftUI

/// Beacon for iPhone: a thin SwiftUI shell over the shared Rust core. It renders the core's view
/// model, sends it events, keeps the session token in the Keychain, schedules the core's reminders
/// as local notifications, and locks itself with Face ID / the passcode when asked to.
@main
@MainActor
struct BeaconApp: App {
    @State private var core: Core
    @State private var lock = AppLock()
    @State private var router = Router()

    init() {
        let keychain = KeychainStore()
        keychain.forgetLeftoversFromPreviousInstall()
        let configuration: Result<AppConfiguration, any Error>
        do {
            configuration = .success(try AppConfiguration.current())
        } catch {
            configuration = .failure(error)
        }
        _core = State(initialValue: Core(
            configuration: configuration,
            keychain: keychain,
            notifications: NotificationScheduler()
        ))
    }

    var body: some Scene {
        WindowGroup {
            RootView()
                .environment(core)
                .environment(lock)
                .environment(router)
                .tint(Theme.accent)
        }
    }
}
