import SwiftUI
import UIKit

/// A window above everything else (sheets included) that shows the lock screen or the privacy
/// cover. A view inside the app's own hierarchy could be covered by a presented sheet; a window
/// at alert level cannot, so neither a locked app nor the app-switcher snapshot shows content.
@MainActor
final class ShieldWindow {
    private var window: UIWindow?

    var isShowing: Bool { window != nil }

    func show(_ content: some View) {
        guard window == nil else { return }
        guard let scene = UIApplication.shared.connectedScenes
            .compactMap({ $0 as? UIWindowScene })
            .first(where: { $0.activationState != .unattached })
        else { return }
        let window = UIWindow(windowScene: scene)
        window.windowLevel = UIWindow.Level(rawValue: UIWindow.Level.alert.rawValue + 1)
        let host = UIHostingController(rootView: content)
        host.view.backgroundColor = .clear
        window.rootViewController = host
        window.isHidden = false
        self.window = window
    }

    func hide() {
        window?.isHidden = true
        window = nil
    }
}
