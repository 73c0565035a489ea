import BeaconBindings
import SwiftUI

/// What the shield window shows: the lock screen while locked, otherwise (app inactive or in the
/// background) a plain cover with no content, for the app-switcher snapshot.
struct ShieldView: View {
    @Environment(AppLock.self) private var lock

    var body: some View {
        if lock.isLocked {
            LockScreen()
        } else {
            PrivacyCover()
        }
    }
}

struct PrivacyCover: View {
    var body: some View {
        ZStack {
            Theme.calmBackground.ignoresSafeArea()
            Image(systemName: "light.beacon.max")
                .font(.system(size: 56))
                .foregroundStyle(Theme.accent)
                .accessibilityLabel("Beacon")
        }
    }
}

struct LockScreen: View {
    @Environment(AppLock.self) private var lock
    @Environment(Core.self) private var core
    @State private var showingHelp = false

    var body: some View {
        ZStack {
            Theme.calmBackground.ignoresSafeArea()
            VStack(spacing: 24) {
                Image(systemName: "lock.fill")
                    .font(.system(size: 44))
                    .foregroundStyle(Theme.accent)
                    .accessibilityHidden(true)
                Text("Beacon is locked")
                    .font(.title2.bold())
                if let failure = lock.failure {
                    Text(failure)
                        .font(.callout)
                        .foregroundStyle(.secondary)
                        .multilineTextAlignment(.center)
                }
                Button {
                    Task { await lock.unlock() }
                } label: {
                    Label("Unlock", systemImage: "faceid")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .disabled(lock.isAuthenticating)
                // Crisis help is never behind the lock: it holds no personal data.
                Button {
                    showingHelp = true
                } label: {
                    Label("Get help now", systemImage: "phone.fill")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.bordered)
                .tint(Theme.crisis)
            }
            .padding(32)
        }
        .sheet(isPresented: $showingHelp) {
            CrisisResourcesSheet(resources: core.crisisResources)
        }
    }
}
