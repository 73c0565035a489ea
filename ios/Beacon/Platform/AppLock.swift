import Foundation
import LocalAuthentication
import Observation

/// Keeps Beacon's screens closed until the phone's owner proves it is them (Face ID, Touch ID or the
/// device passcode). When on, the app locks every time it goes to the background; the privacy
/// cover (see `BeaconApp`) hides the screen in the app switcher.
///
/// The setting is a property of this device, not of the account, so it lives in UserDefaults.
@MainActor
@Observable
final class AppLock {
    private static let enabledKey = "org.beacon.appLock.enabled"

    private(set) var isEnabled: Bool
    private(set) var isLocked: Bool
    private(set) var isAuthenticating = false
    /// Why the last attempt did not unlock (shown on the lock screen), if it failed.
    private(set) var failure: String?

    private let defaults: UserDefaults

    init(defaults: UserDefaults = .standard) {
        self.defaults = defaults
        let enabled = defaults.bool(forKey: Self.enabledKey)
        isEnabled = enabled
        isLocked = enabled
    }

    /// Whether this phone can lock the app at all (a passcode is set).
    var isAvailable: Bool {
        LAContext().canEvaluatePolicy(.deviceOwnerAuthentication, error: nil)
    }

    /// Called when the app goes to the background.
    func lockIfEnabled() {
        if isEnabled {
            isLocked = true
        }
    }

    /// Asks the owner to authenticate; unlocks on success.
    func unlock() async {
        guard isLocked, !isAuthenticating else { return }
        isAuthenticating = true
        defer { isAuthenticating = false }
        switch await Self.authenticate(reason: "Unlock Beacon") {
        case .success:
            isLocked = false
            failure = nil
        case .failure(let error):
            failure = error.message
        }
    }

    /// Turning the lock on or off needs the owner too, so nobody else can switch it off.
    func setEnabled(_ enabled: Bool) async {
        guard enabled != isEnabled, !isAuthenticating else { return }
        isAuthenticating = true
        defer { isAuthenticating = false }
        let reason = enabled ? "Turn on app lock" : "Turn off app lock"
        switch await Self.authenticate(reason: reason) {
        case .success:
            isEnabled = enabled
            defaults.set(enabled, forKey: Self.enabledKey)
            failure = nil
        case .failure(let error):
            failure = error.message
        }
    }

    struct AuthenticationFailure: Error {
        let message: String
    }

    /// Runs off the main actor; the LAContext never leaves this function.
    nonisolated private static func authenticate(
        reason: String
    ) async -> Result<Void, AuthenticationFailure> {
        let context = LAContext()
        var availability: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthentication, error: &availability) else {
            return .failure(AuthenticationFailure(
                message: "Set a passcode on this phone to use app lock."
            ))
        }
        do {
            let passed = try await context.evaluatePolicy(
                .deviceOwnerAuthentication,
                localizedReason: reason
            )
            return passed ? .success(()) : .failure(AuthenticationFailure(message: "Not unlocked."))
        } catch let error as LAError where error.code == .userCancel || error.code == .appCancel
            || error.code == .systemCancel {
            return .failure(AuthenticationFailure(message: "Unlock was cancelled."))
        } catch {
            return .failure(AuthenticationFailure(message: "Could not confirm it is you. Try again."))
        }
    }
}
