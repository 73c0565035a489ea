import BeaconBindings
import SwiftUI

/// The program's crisis resources for the person's locale, as the core gives them (kept on the
/// device, so this works offline and before sign-in). One tap calls, texts or opens the link.
struct CrisisResourcesSheet: View {
    let resources: [CrisisResource]
    @Environment(\.dismiss) private var dismiss

    var body: some View {
        NavigationStack {
            List {
                Section {
                    Text("If you are in danger or might act on thoughts of harming yourself, call your local emergency number now.")
                        .font(.callout)
                }
                if resources.isEmpty {
                    Section {
                        Text("Your program's crisis lines will appear here once this phone has connected to it.")
                            .foregroundStyle(.secondary)
                    }
                } else {
                    Section("Talk to someone now") {
                        ForEach(resources, id: \.self) { resource in
                            CrisisResourceRow(resource: resource)
                        }
                    }
                }
                Section {
                    Text("Peer mentoring complements professional care; it never replaces it.")
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                }
            }
            .navigationTitle("Get help now")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .confirmationAction) {
                    Button("Done") { dismiss() }
                }
            }
        }
    }
}

struct CrisisResourceRow: View {
    let resource: CrisisResource

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(resource.name).font(.headline)
            Text(resource.hours).font(.subheadline).foregroundStyle(.secondary)
            HStack(spacing: 12) {
                if let phone = resource.phone, let url = Dial.url(scheme: "tel", number: phone) {
                    Link(destination: url) { Label("Call \(phone)", systemImage: "phone.fill") }
                        .buttonStyle(.borderedProminent)
                        .tint(Theme.crisis)
                }
                if let sms = resource.sms, let url = Dial.url(scheme: "sms", number: sms) {
                    Link(destination: url) { Label("Text", systemImage: "message.fill") }
                        .buttonStyle(.bordered)
                }
                if let link = resource.url, let url = URL(string: link) {
                    Link(destination: url) { Label("Website", systemImage: "safari") }
                        .buttonStyle(.bordered)
                }
            }
            .font(.callout)
        }
        .padding(.vertical, 4)
    }
}

enum Dial {
    /// `tel:` / `sms:` URL for a number as people write it ("116 123", "+1 (988)").
    static func url(scheme: String, number: String) -> URL? {
        let dialable = number.filter { $0.isNumber || $0 == "+" }
        guard !dialable.isEmpty else { return nil }
        return URL(string: "\(scheme):\(dialable)")
    }
}

/// The toolbar button every screen carries: one tap to crisis help. The sheet is presented from the
/// screen itself, so it also works on screens that are inside a sheet.
struct CrisisHelpToolbar: ViewModifier {
    @Environment(Core.self) private var core
    @State private var showing = false

    func body(content: Content) -> some View {
        content
            .toolbar {
                ToolbarItem(placement: .topBarTrailing) {
                    Button {
                        showing = true
                    } label: {
                        Label("Get help now", systemImage: "lifepreserver")
                    }
                    .tint(Theme.crisis)
                    .accessibilityHint("Shows crisis lines you can call or text now")
                }
            }
            .sheet(isPresented: $showing) {
                CrisisResourcesSheet(resources: core.crisisResources)
            }
    }
}

extension View {
    /// Adds the crisis help button to this screen's navigation bar.
    func crisisHelpToolbar() -> some View {
        modifier(CrisisHelpToolbar())
    }
}

/// Shown before a mentee's message that reads as a crisis is sent (the core decided; nothing
/// about it is reported to the server). The person can still send it.
struct CrisisPromptSheet: View {
    let prompt: CrisisPromptView
    let answer: (Bool) -> Void

    var body: some View {
        NavigationStack {
            List {
                Section {
                    Text("It sounds like things are really hard right now. You don't have to face this alone — these people can talk with you now.")
                }
                Section("Talk to someone now") {
                    ForEach(prompt.resources, id: \.self) { resource in
                        CrisisResourceRow(resource: resource)
                    }
                }
                Section("Your message") {
                    Text(prompt.message).foregroundStyle(.secondary)
                    Button("Send it to my mentor") { answer(true) }
                    Button("Don't send it now (keep it as a draft)") { answer(false) }
                }
            }
            .navigationTitle("Before you send")
            .navigationBarTitleDisplayMode(.inline)
        }
        .interactiveDismissDisabled()
    }
}
