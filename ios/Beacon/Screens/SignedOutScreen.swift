import BeaconBindings
import SwiftUI

/// Sign in, or create an account in a program (its id comes from the organisation's invitation).
/// The core checks the fields, talks to the server and reports problems in `notice`.
struct SignedOutScreen: View {
    @Environment(Core.self) private var core

    private enum Mode: String, CaseIterable, Identifiable {
        case signIn = "Sign in"
        case signUp = "Create account"
        var id: String { rawValue }
    }

    @State private var mode: Mode = .signIn
    @State private var email = ""
    @State private var password = ""
    @State private var displayName = ""
    @State private var programCode = ""

    private var programId: UUID? {
        UUID(uuidString: programCode.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Picker("Mode", selection: $mode) {
                        ForEach(Mode.allCases) { Text($0.rawValue).tag($0) }
                    }
                    .pickerStyle(.segmented)
                    .listRowBackground(Color.clear)
                }
                if mode == .signUp {
                    Section {
                        TextField("Program code from your invitation", text: $programCode)
                            .textInputAutocapitalization(.never)
                            .autocorrectionDisabled()
                            .onSubmit(loadProgram)
                        TextField("Name others see (an alias is fine)", text: $displayName)
                            .textContentType(.nickname)
                    } header: {
                        Text("Your program")
                    } footer: {
                        Text("Use any name you like. Your organisation's coordinators never read your messages or notes.")
                    }
                }
                Section("Account") {
                    TextField("Email", text: $email)
                        .textContentType(.username)
                        .keyboardType(.emailAddress)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    SecureField("Password", text: $password)
                        .textContentType(mode == .signIn ? UITextContentType.password : UITextContentType.newPassword)
                }
                if let notice = core.view.notice {
                    Section {
                        NoticeRow(text: notice)
                    }
                }
                Section {
                    Button(action: submit) {
                        HStack {
                            Text(mode.rawValue)
                            Spacer()
                            if core.view.busy { ProgressView() }
                        }
                    }
                    .disabled(core.view.busy || !canSubmit)
                }
                Section {
                    Text("Peer mentoring complements professional care; it never replaces it.")
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                }
            }
            .navigationTitle("Beacon")
            .crisisHelpToolbar()
        }
    }

    private var canSubmit: Bool {
        guard !email.isEmpty, !password.isEmpty else { return false }
        return mode == .signIn || (programId != nil && !displayName.isEmpty)
    }

    private func loadProgram() {
        guard let programId else { return }
        core.send(.loadProgram(programId: programId))
    }

    private func submit() {
        switch mode {
        case .signIn:
            core.send(.logIn(email: email, password: password))
        case .signUp:
            guard let programId else { return }
            core.send(.signUp(
                programId: programId,
                email: email,
                password: password,
                displayName: displayName,
                locale: Locale.current.identifier(.bcp47)
            ))
        }
    }
}

/// The core's message about the last thing the person tried; tapping it dismisses it.
struct NoticeRow: View {
    @Environment(Core.self) private var core
    let text: String

    var body: some View {
        Button {
            core.send(.dismissNotice)
        } label: {
            Label(text, systemImage: "info.circle")
                .foregroundStyle(.primary)
        }
        .accessibilityHint("Dismisses this message")
    }
}
