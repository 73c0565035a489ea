import BeaconBindings
import SwiftUI

/// Account, devices, privacy (read receipts, discreet notifications), reminders (quiet hours,
/// check-in prompt) and this phone's app lock. Values shown are the core's; changes are events.
struct SettingsScreen: View {
    @Environment(Core.self) private var core
    @Environment(AppLock.self) private var lock
    @State private var displayName = ""
    @State private var confirmingSignOut = false

    var body: some View {
        NavigationStack {
            Form {
                if let notice = core.view.notice {
                    Section { NoticeRow(text: notice) }
                }
                if let account = core.view.account {
                    accountSection(account)
                    privacySection(account)
                }
                RemindersSection(reminders: core.view.reminders)
                appLockSection
                devicesSection
                syncSection
                Section {
                    Button("Sign out", role: .destructive) { confirmingSignOut = true }
                } footer: {
                    Text("Peer mentoring complements professional care; it never replaces it.")
                }
            }
            .navigationTitle("Settings")
            .crisisHelpToolbar()
            .onAppear {
                displayName = core.view.account?.displayName ?? ""
                core.send(.refreshDevices)
            }
            .confirmationDialog("Sign out of Beacon on this phone?", isPresented: $confirmingSignOut, titleVisibility: .visible) {
                Button("Sign out", role: .destructive) { core.send(.logOut) }
            } message: {
                Text("Changes not yet sent to the server may be lost.")
            }
        }
    }

    private func accountSection(_ account: AccountView) -> some View {
        Section("Account") {
            LabeledContent("Email", value: account.email)
            LabeledContent("Roles", value: account.roles.map(\.label).joined(separator: ", "))
            HStack {
                TextField("Name others see", text: $displayName)
                    .textContentType(.nickname)
                Button("Save") {
                    core.send(.changeDisplayName(displayName: displayName))
                }
                .disabled(displayName.isEmpty || displayName == account.displayName)
            }
        }
    }

    private func privacySection(_ account: AccountView) -> some View {
        Section {
            Toggle("Read receipts", isOn: Binding(
                get: { account.settings.readReceipts },
                set: { core.send(.changeSettings(discreetNotifications: nil, readReceipts: $0)) }
            ))
            Toggle("Discreet notifications", isOn: Binding(
                get: { account.settings.discreetNotifications },
                set: { core.send(.changeSettings(discreetNotifications: $0, readReceipts: nil)) }
            ))
        } header: {
            Text("Privacy")
        } footer: {
            Text("Read receipts let the other person see when you have read their messages. Discreet notifications show no names, times or content on the lock screen.")
        }
    }

    private var appLockSection: some View {
        Section {
            Toggle("Lock Beacon", isOn: Binding(
                get: { lock.isEnabled },
                set: { enabled in Task { await lock.setEnabled(enabled) } }
            ))
            .disabled(lock.isAuthenticating || (!lock.isEnabled && !lock.isAvailable))
            if let failure = lock.failure {
                Text(failure).font(.footnote).foregroundStyle(.secondary)
            }
        } header: {
            Text("App lock")
        } footer: {
            Text(lock.isAvailable
                ? "Asks for Face ID, Touch ID or your passcode whenever you come back to Beacon."
                : "Set a passcode on this phone to lock Beacon.")
        }
    }

    private var devicesSection: some View {
        Section {
            ForEach(core.view.devices, id: \.deviceId) { device in
                HStack {
                    VStack(alignment: .leading) {
                        Text(device.name)
                        Text(device.thisDevice ? "This phone" : "Last used \(Format.relative(device.lastSeenAtMs))")
                            .font(.caption)
                            .foregroundStyle(.secondary)
                    }
                    Spacer()
                    if !device.thisDevice {
                        Button("Sign out", role: .destructive) {
                            core.send(.revokeDevice(deviceId: device.deviceId))
                        }
                        .buttonStyle(.borderless)
                    }
                }
            }
        } header: {
            Text("Signed-in devices")
        } footer: {
            Text("Sign out any device you don't recognise.")
        }
    }

    private var syncSection: some View {
        Section("Sync") {
            LabeledContent("Status", value: core.view.sync.connection.label)
            if core.view.sync.pendingChanges > 0 {
                LabeledContent("Waiting to send", value: "\(core.view.sync.pendingChanges)")
            }
            Button("Sync now") { core.send(.syncNow) }
                .disabled(core.view.sync.syncing)
        }
    }
}

/// Quiet hours, the check-in prompt, and the next reminders this phone will show.
struct RemindersSection: View {
    @Environment(Core.self) private var core
    let reminders: RemindersView

    var body: some View {
        Section {
            Toggle("Quiet hours", isOn: Binding(
                get: { reminders.quietHours != nil },
                set: { on in
                    if on {
                        core.send(.changeReminderSettings(
                            quietHours: .set(startMinute: 22 * 60, endMinute: 7 * 60),
                            checkinPrompt: nil, checkinPromptMinute: nil, discreetNotifications: nil
                        ))
                    } else {
                        core.send(.changeReminderSettings(
                            quietHours: .off,
                            checkinPrompt: nil, checkinPromptMinute: nil, discreetNotifications: nil
                        ))
                    }
                }
            ))
            if let quiet = reminders.quietHours {
                DatePicker("From", selection: Binding(
                    get: { MinuteOfDay.date(quiet.startMinute) },
                    set: { setQuietHours(start: MinuteOfDay.minute($0), end: quiet.endMinute) }
                ), displayedComponents: .hourAndMinute)
                DatePicker("Until", selection: Binding(
                    get: { MinuteOfDay.date(quiet.endMinute) },
                    set: { setQuietHours(start: quiet.startMinute, end: MinuteOfDay.minute($0)) }
                ), displayedComponents: .hourAndMinute)
            }
            Toggle("Remind me to check in", isOn: Binding(
                get: { reminders.checkinPrompt },
                set: {
                    core.send(.changeReminderSettings(
                        quietHours: nil, checkinPrompt: $0, checkinPromptMinute: nil, discreetNotifications: nil
                    ))
                }
            ))
            if reminders.checkinPrompt {
                DatePicker("At", selection: Binding(
                    get: { MinuteOfDay.date(reminders.checkinPromptMinute) },
                    set: {
                        core.send(.changeReminderSettings(
                            quietHours: nil, checkinPrompt: nil,
                            checkinPromptMinute: MinuteOfDay.minute($0), discreetNotifications: nil
                        ))
                    }
                ), displayedComponents: .hourAndMinute)
            }
            if reminders.pending { PendingBadge() }
        } header: {
            Text("Reminders")
        } footer: {
            Text("Reminders are delivered by this phone, even offline. During quiet hours they wait until the quiet time ends. Times are in \(reminders.timeZone).")
        }
        if !reminders.next.isEmpty {
            Section("Next reminders") {
                ForEach(reminders.next, id: \.id) { reminder in
                    VStack(alignment: .leading) {
                        Text(reminder.title)
                        Text("\(reminder.at.label) · \(reminder.body)")
                            .font(.caption)
                            .foregroundStyle(.secondary)
                    }
                }
            }
        }
    }

    private func setQuietHours(start: UInt16, end: UInt16) {
        core.send(.changeReminderSettings(
            quietHours: .set(startMinute: start, endMinute: end),
            checkinPrompt: nil, checkinPromptMinute: nil, discreetNotifications: nil
        ))
    }
}
