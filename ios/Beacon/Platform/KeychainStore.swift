import Foundation
import Security

/// Secrets (the device's session token) in the iOS Keychain, as generic passwords readable only on
/// this device and only after its first unlock since boot — so the core can sync in the
/// background, and the token never leaves the device in a backup.
///
/// The core decides when to read, write or forget the token; this type only stores it.
struct KeychainStore: Sendable {
    /// Groups Beacon's items (`kSecAttrService`).
    let service: String

    enum KeychainError: Error, CustomStringConvertible {
        case unexpectedStatus(OSStatus)
        case notText

        var description: String {
            switch self {
            case .unexpectedStatus(let status):
                let message = SecCopyErrorMessageString(status, nil) as String?
                return "Keychain error \(status)\(message.map { ": \($0)" } ?? "")"
            case .notText:
                return "Keychain item is not UTF-8 text"
            }
        }
    }

    init(service: String = "org.beacon.app") {
        self.service = service
    }

    func read(account: String) throws -> String? {
        var query = baseQuery(account: account)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        switch status {
        case errSecSuccess:
            guard let data = item as? Data, let text = String(data: data, encoding: .utf8) else {
                throw KeychainError.notText
            }
            return text
        case errSecItemNotFound:
            return nil
        default:
            throw KeychainError.unexpectedStatus(status)
        }
    }

    func write(_ value: String, account: String) throws {
        let query = baseQuery(account: account)
        let attributes: [String: Any] = [
            kSecValueData as String: Data(value.utf8),
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        let status = SecItemUpdate(query as CFDictionary, attributes as CFDictionary)
        switch status {
        case errSecSuccess:
            return
        case errSecItemNotFound:
            let item = query.merging(attributes) { _, new in new }
            let added = SecItemAdd(item as CFDictionary, nil)
            guard added == errSecSuccess else { throw KeychainError.unexpectedStatus(added) }
        default:
            throw KeychainError.unexpectedStatus(status)
        }
    }

    func delete(account: String) throws {
        let status = SecItemDelete(baseQuery(account: account) as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else {
            throw KeychainError.unexpectedStatus(status)
        }
    }

    private func baseQuery(account: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: account,
        ]
    }
}

extension KeychainStore {
    /// The Keychain account under which the session token is kept.
    static let sessionTokenAccount = "session-token"

    /// Keychain items outlive the app; the local database does not. On the first launch after an
    /// install, forget any token a previous installation left behind.
    func forgetLeftoversFromPreviousInstall(defaults: UserDefaults = .standard) {
        let marker = "org.beacon.installed"
        guard !defaults.bool(forKey: marker) else { return }
        try? delete(account: Self.sessionTokenAccount)
        defaults.set(true, forKey: marker)
    }
}
