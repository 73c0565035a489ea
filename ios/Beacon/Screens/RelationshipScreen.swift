import BeaconBindings
import SwiftUI

/// One match (or request): who, its state, the agreement, and exactly the actions the core says
/// this person may take now.
struct RelationshipScreen: View {
    @Environment(Core.self) private var core
    let relationshipId: UUID

    @State private var asking: ActionKind?

    private var card: RelationshipCard? {
        core.view.mentoring.relationships.first { $0.relationshipId == relationshipId }
    }

    var body: some View {
        Group {
            if let card {
                content(card)
            } else {
                ContentUnavailableView("This match is no longer here", systemImage: "person.2.slash")
            }
        }
        .navigationTitle(card?.counterpartName ?? "Match")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
        .sheet(item: $asking) { kind in
            if let card {
                RelationshipActionSheet(card: card, kind: kind)
            }
        }
    }

    private func content(_ card: RelationshipCard) -> some View {
        List {
            if let notice = core.view.notice {
                Section { NoticeRow(text: notice) }
            }
            Section {
                LabeledContent("Status", value: card.state.label)
                if card.state == .requested {
                    LabeledContent("Answer by", value: Format.dateTime(card.respondByMs))
                }
                if let closure = card.closureMessage {
                    Text(closure).foregroundStyle(.secondary)
                }
                if card.pending { PendingBadge() }
            }
            if let profile = card.mentorProfile {
                MentorProfileSection(profile: profile)
            }
            if let request = card.menteeRequest {
                MenteeRequestSection(request: request)
            }
            if card.state == .accepted || card.state == .active || card.state == .paused {
                Section("Agreement") {
                    NavigationLink {
                        AgreementScreen(relationshipId: card.relationshipId)
                    } label: {
                        VStack(alignment: .leading) {
                            Text(card.agreement.cadence.label)
                            Text(agreementStatus(card)).font(.caption).foregroundStyle(.secondary)
                        }
                    }
                }
            }
            if core.view.messaging.conversations.contains(where: { $0.relationshipId == card.relationshipId }) {
                Section {
                    NavigationLink("Messages") {
                        ChatScreen(relationshipId: card.relationshipId)
                    }
                    if card.state == .active {
                        NavigationLink("Plan a session") {
                            ProposeSessionForm(relationshipId: card.relationshipId, withName: card.counterpartName)
                        }
                    }
                }
            }
            let actions = card.availableActions.filter { $0 != .acknowledgeAgreement && $0 != .expire }
            if !actions.isEmpty {
                Section {
                    ForEach(actions, id: \.self) { kind in
                        Button(kind.label, role: kind.isDestructive ? ButtonRole.destructive : nil) {
                            perform(kind, card: card)
                        }
                    }
                }
            }
        }
    }

    private func agreementStatus(_ card: RelationshipCard) -> String {
        switch (card.iAcknowledged, card.theyAcknowledged) {
        case (true, true): return "You both agreed"
        case (true, false): return "Waiting for \(card.counterpartName) to agree"
        case (false, _): return "Please read and agree"
        }
    }

    /// Actions without anything to ask go straight to the core; the rest open a sheet.
    private func perform(_ kind: ActionKind, card: RelationshipCard) {
        switch kind {
        case .accept:
            core.send(.actOnRelationship(relationshipId: card.relationshipId, action: .accept))
        case .resume:
            core.send(.actOnRelationship(relationshipId: card.relationshipId, action: .resume))
        case .pause:
            core.send(.actOnRelationship(relationshipId: card.relationshipId, action: .pause(until: nil)))
        default:
            asking = kind
        }
    }
}

extension ActionKind: @retroactive Identifiable {
    public var id: Self { self }
}

/// Asks what an action needs (a reason, a confirmation) before sending it.
struct RelationshipActionSheet: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    let card: RelationshipCard
    let kind: ActionKind

    @State private var reason = ""
    @State private var closeReason: CloseReason = .unspecified

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Text(explanation)
                }
                switch kind {
                case .close:
                    Picker("Why", selection: $closeReason) {
                        ForEach(CloseReason.chosenByParticipants, id: \.self) { Text($0.label).tag($0) }
                    }
                    TextField("A note for the coordinator (optional)", text: $reason, axis: .vertical)
                case .decline:
                    TextField("A reason for the coordinator (optional)", text: $reason, axis: .vertical)
                case .requestChange, .block:
                    TextField("Your reason (only the coordinator sees it)", text: $reason, axis: .vertical)
                default:
                    EmptyView()
                }
            }
            .navigationTitle(kind.label)
            .crisisHelpToolbar()
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Cancel") { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button(kind.label, role: .destructive, action: send)
                        .disabled(needsReason && trimmed == nil)
                }
            }
        }
    }

    private var trimmed: String? {
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    private var needsReason: Bool { kind == .requestChange || kind == .block }

    private var explanation: String {
        switch kind {
        case .decline:
            return "\(card.counterpartName) will see that you can't take them on now. They can ask someone else."
        case .withdraw:
            return "Your request to \(card.counterpartName) will be taken back."
        case .close:
            return "This ends your mentoring with \(card.counterpartName). You can still read your messages."
        case .requestChange:
            return "This ends the match kindly and asks the coordinator for a different mentor. Your mentor sees only that it ended."
        case .block:
            return "This ends the match and you will never be matched with \(card.counterpartName) again."
        default:
            return ""
        }
    }

    private func send() {
        let action: Action
        switch kind {
        case .decline: action = .decline(reason: trimmed)
        case .withdraw: action = .withdraw
        case .close: action = .close(reason: closeReason, note: trimmed)
        case .requestChange: action = .requestChange(reason: trimmed ?? "")
        case .block: action = .block(reason: trimmed ?? "")
        case .accept: action = .accept
        case .resume: action = .resume
        case .pause: action = .pause(until: nil)
        case .acknowledgeAgreement: action = .acknowledgeAgreement(agreementVersion: card.agreement.version)
        case .expire: action = .expire
        }
        core.send(.actOnRelationship(relationshipId: card.relationshipId, action: action))
        dismiss()
    }
}

/// The short agreement a match starts with; both sides confirm the exact version.
struct AgreementScreen: View {
    @Environment(Core.self) private var core
    let relationshipId: UUID

    private var card: RelationshipCard? {
        core.view.mentoring.relationships.first { $0.relationshipId == relationshipId }
    }

    var body: some View {
        List {
            if let card {
                Section("How often we meet") {
                    Text(card.agreement.cadence.label)
                }
                Section("Confidentiality") {
                    Text(card.agreement.confidentiality)
                }
                Section("When confidentiality has limits") {
                    Text(card.agreement.confidentialityLimits)
                }
                Section("This is not treatment") {
                    Text(card.notTreatmentStatement)
                }
                Section {
                    if card.iAcknowledged {
                        Label("You agreed to this", systemImage: "checkmark.seal")
                    } else if card.availableActions.contains(.acknowledgeAgreement) {
                        Button("I have read this and agree") {
                            core.send(.actOnRelationship(
                                relationshipId: card.relationshipId,
                                action: .acknowledgeAgreement(agreementVersion: card.agreement.version)
                            ))
                        }
                    }
                    if card.pending { PendingBadge() }
                }
            }
        }
        .navigationTitle("Agreement")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
    }
}

struct MentorProfileSection: View {
    let profile: MentorPublicProfile

    var body: some View {
        Section("About \(profile.displayName)") {
            if !profile.bio.isEmpty { Text(profile.bio) }
            if !profile.areas.isEmpty {
                LabeledContent("Lived experience", value: profile.areas.joined(separator: ", "))
            }
            if !profile.strengths.isEmpty {
                LabeledContent("Strengths", value: profile.strengths.joined(separator: ", "))
            }
            LabeledContent("Languages", value: profile.languages.joined(separator: ", "))
            LabeledContent("Meets by", value: profile.formats.map(\.label).joined(separator: ", "))
            if let city = profile.city {
                LabeledContent("Area", value: [city, profile.region].compactMap { $0 }.joined(separator: ", "))
            }
            LabeledContent("Time zone", value: profile.timeZone)
        }
    }
}

struct MenteeRequestSection: View {
    let request: MenteeRequest

    var body: some View {
        Section("What they are looking for") {
            if !request.goals.isEmpty { Text(request.goals) }
            if !request.areas.isEmpty {
                LabeledContent("Lived experience", value: request.areas.joined(separator: ", "))
            }
            LabeledContent("Languages", value: request.languages.joined(separator: ", "))
            LabeledContent("Meets by", value: request.formats.map(\.label).joined(separator: ", "))
            LabeledContent("Time zone", value: request.timeZone)
        }
    }
}
