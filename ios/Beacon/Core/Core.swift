import BeaconBindings
import Foundation
import Observation
import os

/// The shell's side of the Rust core: sends events, renders view models, and carries out the few
/// effects only the phone can (secrets in the Keychain, local notifications).
///
/// Every rule and every other effect — HTTP, the local SQLite store, sync, timers, the server's
/// event stream — runs in Rust (`BeaconCore` from the uniffi bindings). The core calls back on its
/// own threads through `ShellBridge`; those calls are forwarded here, to the main actor, as
/// messages on two streams (see `ShellBridge`), so this class is only ever touched on the main
/// actor.
@MainActor
@Observable
final class Core {
    /// The core's latest view model. Nil only when the core could not start (`startupFailure`).
    private(set) var current: ViewModel? = nil
    /// Why the core could not start; the app shows it (crisis help still works).
    private(set) var startupFailure: String? = nil

    @ObservationIgnored private var core: BeaconCore? = nil
    @ObservationIgnored private var tasks: [Task<Void, Never>] = []
    @ObservationIgnored private var timeZoneObserver: NSObjectProtocol? = nil
    private let notifications: NotificationScheduler
    private let log = Logger(subsystem: "org.beacon.app", category: "core")

    /// The view model for screens that exist only while the core runs (everything below
    /// `RootView`, which shows `StartupFailureScreen` instead when `current` is nil; `current`
    /// never goes back to nil once set).
    var view: ViewModel {
        guard let current else {
            preconditionFailure("screens are shown only once the core has produced a view model")
        }
        return current
    }

    /// Crisis help for screens that must work even if the core never started.
    var crisisResources: [CrisisResource] {
        current?.crisisResources ?? []
    }

    init(
        configuration: Result<AppConfiguration, any Error>,
        keychain: KeychainStore,
        notifications: NotificationScheduler
    ) {
        self.notifications = notifications
        let (viewChanges, viewContinuation) = AsyncStream.makeStream(
            of: Void.self,
            bufferingPolicy: .bufferingNewest(1)
        )
        let (reminderSets, reminderContinuation) = AsyncStream.makeStream(
            of: [ScheduledReminder].self,
            bufferingPolicy: .bufferingNewest(1)
        )
        let bridge = ShellBridge(
            keychain: keychain,
            viewChanges: viewContinuation,
            reminderSets: reminderContinuation
        )
        do {
            let configuration = try configuration.get()
            let core = try BeaconCore(
                config: CoreConfig(
                    dataDir: configuration.dataDirectory.path(percentEncoded: false),
                    serverUrl: configuration.serverURL,
                    deviceName: configuration.deviceName
                ),
                platform: bridge
            )
            self.core = core
            current = try Self.decodeView(core)
        } catch {
            startupFailure = "Beacon could not open its data on this phone. Restarting the phone may help. (\(error))"
            log.error("core failed to start: \(String(describing: error), privacy: .public)")
            return
        }

        // Renders: at most one pending signal, so a burst of changes is drawn once.
        tasks.append(Task { [weak self] in
            for await _ in viewChanges {
                self?.refresh()
            }
        })
        // Reminder sets: only the newest matters; each replaces all pending notifications.
        tasks.append(Task { [weak self] in
            for await reminders in reminderSets {
                self?.notifications.replaceAll(with: reminders)
            }
        })
        sendTimeZone()
        timeZoneObserver = NotificationCenter.default.addObserver(
            forName: .NSSystemTimeZoneDidChange,
            object: nil,
            queue: .main
        ) { [weak self] _ in
            MainActor.assumeIsolated {
                self?.sendTimeZone()
            }
        }
    }

    /// Sends an event to the core. Its effects run in Rust; the new view arrives by `refresh`.
    func send(_ event: Event) {
        guard let core else { return }
        do {
            try core.dispatch(event: Data(event.bincodeSerialize()))
        } catch {
            // Only the error's kind and the failing path are logged, never the event's content.
            log.error("dispatch failed: \(String(describing: error), privacy: .private)")
        }
    }

    /// The app came to the foreground: sync now rather than waiting for the next retry (the event
    /// stream does not survive suspension).
    func appBecameActive() {
        guard current?.screen == .signedIn else { return }
        send(.syncNow)
    }

    private func refresh() {
        guard let core else { return }
        do {
            let next = try Self.decodeView(core)
            if next != current {
                current = next
            }
        } catch {
            log.error("view failed: \(String(describing: error), privacy: .public)")
        }
    }

    private func sendTimeZone() {
        send(.timeZoneChanged(timeZone: TimeZone.current.identifier))
    }

    private static func decodeView(_ core: BeaconCore) throws -> ViewModel {
        try ViewModel.bincodeDeserialize(input: [UInt8](core.view()))
    }
}

/// The callbacks the core makes, on its own threads. Secrets are answered right here (the Keychain
/// is thread-safe and the core waits for the answer); renders and reminder sets go to the main
/// actor through streams that keep only the newest item, so nothing here blocks or re-enters the
/// core.
final class ShellBridge: ShellPlatform {
    private let keychain: KeychainStore
    private let viewChanges: AsyncStream<Void>.Continuation
    private let reminderSets: AsyncStream<[ScheduledReminder]>.Continuation

    init(
        keychain: KeychainStore,
        viewChanges: AsyncStream<Void>.Continuation,
        reminderSets: AsyncStream<[ScheduledReminder]>.Continuation
    ) {
        self.keychain = keychain
        self.viewChanges = viewChanges
        self.reminderSets = reminderSets
    }

    func viewChanged() {
        viewChanges.yield()
    }

    func readToken() throws -> String? {
        try platform { try keychain.read(account: KeychainStore.sessionTokenAccount) }
    }

    func writeToken(token: String) throws {
        try platform { try keychain.write(token, account: KeychainStore.sessionTokenAccount) }
    }

    func deleteToken() throws {
        try platform { try keychain.delete(account: KeychainStore.sessionTokenAccount) }
    }

    func replaceScheduledNotifications(notifications: [ShellNotification]) {
        reminderSets.yield(notifications.map { notification in
            ScheduledReminder(
                id: notification.id,
                fireAt: Foundation.Date(unixMilliseconds: notification.fireAtMs),
                title: notification.title,
                body: notification.body,
                category: notification.channelId
            )
        })
    }

    /// Keychain failures reach the core as its typed platform error.
    private func platform<T>(_ call: () throws -> T) throws -> T {
        do {
            return try call()
        } catch {
            throw PlatformError.Failed(reason: String(describing: error))
        }
    }
}
