import Foundation
import UIKit

/// Where the core keeps its data and which server it talks to, decided once at launch.
struct AppConfiguration: Sendable {
    /// Private to the app: the core's SQLite store (outbox, cache, notes) lives here.
    let dataDirectory: URL
    let serverURL: String
    /// Shown in the person's device list.
    let deviceName: String

    /// The server comes from the launch argument `-BeaconServerURL <url>` (UserDefaults' argument
    /// domain) when given, else from Info.plist (`BEACON_SERVER_URL` build setting).
    @MainActor
    static func current(defaults: UserDefaults = .standard, bundle: Bundle = .main) throws -> AppConfiguration {
        let candidates = [
            defaults.string(forKey: "BeaconServerURL"),
            bundle.object(forInfoDictionaryKey: "BeaconServerURL") as? String,
        ]
        let serverURL = candidates.compactMap { $0 }.first { !$0.isEmpty } ?? "http://127.0.0.1:8080"
        var directory = try FileManager.default.url(
            for: .applicationSupportDirectory,
            in: .userDomainMask,
            appropriateFor: nil,
            create: true
        ).appendingPathComponent("Beacon", isDirectory: true)
        try FileManager.default.createDirectory(
            at: directory,
            withIntermediateDirectories: true,
            attributes: [.protectionKey: FileProtectionType.completeUntilFirstUserAuthentication]
        )
        // Messages and notes stay on this device and the server; never in an iCloud backup.
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try directory.setResourceValues(values)
        let device = UIDevice.current
        return AppConfiguration(
            dataDirectory: directory,
            serverURL: serverURL,
            deviceName: "\(device.model) (\(device.systemName) \(device.systemVersion))"
        )
    }
}
