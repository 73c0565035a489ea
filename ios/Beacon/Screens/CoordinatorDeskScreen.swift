import BeaconBindings
import SwiftUI

/// The coordinator's desk (online): program health in counts, mentors' concerns to resolve (open
/// first), mentor applications to decide, mentees who asked for a different mentor, matches that
/// have gone quiet, and batch intake. Everything shown is the core's `CoordinatorView` — metadata,
/// counts and a concern's own words, never messages or notes. After a decision or an action the
/// core fetches the queues again; a resolved concern is updated from the server's answer, and a
/// failed one stays open with a notice.
struct CoordinatorDeskScreen: View {
    @Environment(Core.self) private var core
    @State private var deciding: PendingDecision?
    @State private var closing: QuietMatch?
    @State private var resolving: ConcernCard?
    /// Intake pairs the coordinator unticked (UI state only; every proposed pair starts ticked).
    @State private var dropped: Set<PairChoice> = []

    var body: some View {
        NavigationStack {
            Group {
                if let desk = core.view.coordinator {
                    content(desk)
                } else {
                    ContentUnavailableView(
                        "For coordinators",
                        systemImage: "person.badge.key",
                        description: Text("The desk is for coordinators of your program.")
                    )
                }
            }
            .navigationTitle("Desk")
            .crisisHelpToolbar()
            .onAppear { core.send(.loadCoordinatorDesk) }
            .onChange(of: core.view.coordinator?.intake) { _, _ in dropped = [] }
            .sheet(item: $deciding) { pending in
                ReasonSheet(title: pending.verb, prompt: "A reason (\(pending.name) sees it)") { reason in
                    core.send(.decideApplication(userId: pending.userId, decision: pending.decision, reason: reason))
                }
            }
            .sheet(item: $closing) { match in
                CoordinatorCloseSheet(match: match)
            }
            .sheet(item: $resolving) { concern in
                ResolveConcernSheet(concern: concern)
            }
        }
    }

    private func content(_ desk: CoordinatorView) -> some View {
        List {
            if let notice = core.view.notice {
                Section { NoticeRow(text: notice) }
            }
            if desk.loading {
                Section { HStack { ProgressView(); Text("Loading…") } }
            }
            if let metrics = desk.metrics {
                MetricsSections(metrics: metrics)
            }
            Section("Concerns from mentors (\(desk.openConcerns) open)") {
                if desk.concerns.isEmpty {
                    Text("No concerns raised.").foregroundStyle(.secondary)
                }
                ForEach(desk.concerns, id: \.concernId) { concern in
                    ConcernRow(concern: concern, canResolve: !desk.loading) { resolving = concern }
                }
            }
            Section("Mentor applications") {
                if desk.applications.isEmpty {
                    Text("No applications.").foregroundStyle(.secondary)
                }
                ForEach(desk.applications, id: \.userId) { review in
                    ApplicationReviewRow(review: review) { decision in
                        if decision == .approve {
                            core.send(.decideApplication(userId: review.userId, decision: .approve, reason: nil))
                        } else {
                            deciding = PendingDecision(userId: review.userId, name: review.displayName, decision: decision)
                        }
                    }
                }
            }
            Section {
                if desk.changeRequests.isEmpty {
                    Text("No requests.").foregroundStyle(.secondary)
                }
                ForEach(desk.changeRequests, id: \.relationshipId) { item in
                    VStack(alignment: .leading, spacing: 2) {
                        Text("\(item.menteeDisplayName) (was with \(item.mentorDisplayName))").font(.headline)
                        Text(item.reason)
                        Text(Format.dateTime(item.requestedAtMs)).font(.caption).foregroundStyle(.secondary)
                    }
                }
            } header: {
                Text("Asked for a different mentor")
            } footer: {
                Text("These matches have ended; the mentee is waiting again. Intake proposes a new mentor.")
            }
            Section("Quiet matches") {
                if desk.quietMatches.isEmpty {
                    Text("Every active match has been in touch recently.").foregroundStyle(.secondary)
                }
                ForEach(desk.quietMatches, id: \.relationshipId) { match in
                    HStack {
                        VStack(alignment: .leading, spacing: 2) {
                            Text("\(match.menteeDisplayName) and \(match.mentorDisplayName)")
                            Text("No contact for \(match.daysQuiet) days").font(.caption).foregroundStyle(.secondary)
                        }
                        Spacer()
                        Button("End match", role: .destructive) { closing = match }
                            .buttonStyle(.borderless)
                    }
                }
            }
            intakeSection(desk.intake)
        }
        .refreshable { core.send(.loadCoordinatorDesk) }
    }

    @ViewBuilder
    private func intakeSection(_ intake: IntakeProposal?) -> some View {
        Section {
            if let intake {
                if intake.pairs.isEmpty {
                    Text("No pairing is possible right now.").foregroundStyle(.secondary)
                }
                ForEach(intake.pairs, id: \.self) { pair in
                    let choice = PairChoice(menteeId: pair.menteeId, mentorId: pair.mentorId)
                    Toggle(isOn: Binding(
                        get: { !dropped.contains(choice) },
                        set: { keep in
                            if keep {
                                _ = dropped.remove(choice)
                            } else {
                                _ = dropped.insert(choice)
                            }
                        }
                    )) {
                        VStack(alignment: .leading, spacing: 2) {
                            Text("\(pair.menteeDisplayName) with \(pair.mentorDisplayName)")
                            Text(pair.explanation).font(.caption).foregroundStyle(.secondary)
                        }
                    }
                }
                if !intake.unassigned.isEmpty {
                    Text("\(intake.unassigned.count) waiting mentee(s) could not be matched with anyone now.")
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                }
                let kept = intake.pairs
                    .map { PairChoice(menteeId: $0.menteeId, mentorId: $0.mentorId) }
                    .filter { !dropped.contains($0) }
                Button("Send \(kept.count) request(s)") {
                    core.send(.confirmIntake(pairs: kept))
                }
                .disabled(kept.isEmpty)
                Button("Propose again") { core.send(.runIntake) }
            } else {
                Button("Propose matches for waiting mentees") { core.send(.runIntake) }
            }
        } header: {
            Text("Intake")
        } footer: {
            Text("Each mentor still accepts or declines within the response window.")
        }
    }
}

/// A decline or withdrawal waiting for its reason.
private struct PendingDecision: Identifiable {
    let userId: UUID
    let name: String
    let decision: Decision
    var id: UUID { userId }

    var verb: String {
        switch decision {
        case .approve: return "Approve"
        case .decline: return "Decline"
        case .withdraw: return "Withdraw"
        }
    }
}

extension QuietMatch: @retroactive Identifiable {
    public var id: UUID { relationshipId }
}

extension ConcernCard: @retroactive Identifiable {
    public var id: UUID { concernId }
}

/// A mentor's concern in their own words; an open one can be marked resolved (online).
private struct ConcernRow: View {
    let concern: ConcernCard
    let canResolve: Bool
    let resolve: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text("\(concern.mentorDisplayName) about \(concern.menteeDisplayName)").font(.headline)
            Text("Raised \(Format.dateTime(concern.raisedAtMs))").font(.caption).foregroundStyle(.secondary)
            Text(concern.text)
            if concern.resolved, let resolvedAt = concern.resolvedAtMs {
                Text("Resolved \(Format.dateTime(resolvedAt))").font(.caption).foregroundStyle(.secondary)
                if let note = concern.resolutionNote {
                    Text("Note: \(note)").font(.caption).foregroundStyle(.secondary)
                }
            } else {
                HStack {
                    Text("Open").font(.caption.bold()).foregroundStyle(.red)
                    Spacer()
                    Button("Mark resolved", action: resolve)
                        .buttonStyle(.bordered)
                        .disabled(!canResolve)
                }
            }
        }
        .padding(.vertical, 4)
    }
}

/// Resolving a concern, with an optional note only coordinators read.
private struct ResolveConcernSheet: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    let concern: ConcernCard

    @State private var note = ""

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Text("\(concern.mentorDisplayName) about \(concern.menteeDisplayName): \(concern.text)")
                }
                Section {
                    TextField("A note for coordinators (optional)", text: $note, axis: .vertical)
                } footer: {
                    Text("The mentor never sees this note.")
                }
            }
            .navigationTitle("Resolve concern")
            .navigationBarTitleDisplayMode(.inline)
            .crisisHelpToolbar()
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Cancel") { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Resolve") {
                        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
                        core.send(.resolveConcern(concernId: concern.concernId, note: trimmed.isEmpty ? nil : trimmed))
                        dismiss()
                    }
                }
            }
        }
    }
}

private struct MetricsSections: View {
    let metrics: ProgramMetrics

    var body: some View {
        Section("Program health") {
            LabeledContent("Applications waiting", value: "\(metrics.applicationsPending)")
            LabeledContent("Mentors approved", value: "\(metrics.mentorsApproved) (\(metrics.mentorsPaused) paused)")
            LabeledContent("Mentees waiting for a match", value: "\(metrics.menteesWaiting)")
            LabeledContent("Change requests", value: "\(metrics.changeRequests)")
            LabeledContent("Quiet matches", value: "\(metrics.quietMatches)")
            LabeledContent("Rematch rate", value: "\(metrics.rematchRatePercent)%")
            ForEach(metrics.relationshipsByState, id: \.self) { count in
                LabeledContent(count.state.label, value: "\(count.count)")
            }
        }
        if !metrics.sessionCounts.isEmpty {
            Section("Sessions per match") {
                ForEach(metrics.sessionCounts, id: \.relationshipId) { counts in
                    LabeledContent(
                        "\(counts.menteeDisplayName) and \(counts.mentorDisplayName)",
                        value: "\(counts.held) held · \(counts.missed) missed"
                    )
                }
            }
        }
    }
}

/// One application with what a coordinator needs to screen it. The decisions offered follow its
/// status; the core and the server check them again and explain a refusal.
private struct ApplicationReviewRow: View {
    let review: ApplicationForReview
    let decide: (Decision) -> Void

    private var state: MentorApplicationState { review.state }
    private var application: MentorApplication { review.state.application }

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(review.displayName).font(.headline)
            Text("\(state.status.label)\(state.paused ? " · paused" : "") · submitted \(Format.dateTime(state.submittedAtMs))")
                .font(.caption)
                .foregroundStyle(.secondary)
            if let reason = state.reason {
                Text("Reason given: \(reason)").font(.caption).foregroundStyle(.secondary)
            }
            Text("Stable for \(review.monthsStable) months (since \(application.stableSince))")
            if !application.areas.isEmpty {
                Text("Lived experience: \(application.areas.joined(separator: ", "))").font(.callout)
            }
            Text("Languages: \(application.languages.joined(separator: ", ")) · up to \(application.capacity) mentees")
                .font(.callout)
            Text("Training: " + (application.training.isEmpty
                ? "none"
                : application.training.map { "\($0.module) (\($0.completedOn))" }.joined(separator: ", ")))
                .font(.callout)
            if !review.missingTraining.isEmpty {
                Text("Required training missing: \(review.missingTraining.joined(separator: ", "))")
                    .font(.callout)
                    .foregroundStyle(.red)
            }
            ForEach(application.references, id: \.self) { reference in
                Text("Reference: \(reference.name), \(reference.contact)").font(.caption)
            }
            if !application.bio.isEmpty {
                Text(application.bio).font(.caption).foregroundStyle(.secondary)
            }
            HStack {
                switch state.status {
                case .pending:
                    Button("Approve") { decide(.approve) }
                    Button("Decline", role: .destructive) { decide(.decline) }
                case .approved:
                    Button("Withdraw approval", role: .destructive) { decide(.withdraw) }
                case .withdrawn:
                    Button("Approve again") { decide(.approve) }
                case .declined:
                    EmptyView()
                }
            }
            .buttonStyle(.bordered)
        }
        .padding(.vertical, 4)
    }
}

/// Ending a match from the desk, with the program's reason.
private struct CoordinatorCloseSheet: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    let match: QuietMatch

    @State private var reason: CloseReason = .lostContact
    @State private var note = ""

    private var reasons: [CloseReason] { [.programDecision, .lostContact, .safetyConcern, .other] }

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Text("This ends the match of \(match.menteeDisplayName) and \(match.mentorDisplayName). Both are told it has ended.")
                }
                Picker("Why", selection: $reason) {
                    ForEach(reasons, id: \.self) { Text($0.label).tag($0) }
                }
                TextField("A note (optional)", text: $note, axis: .vertical)
            }
            .navigationTitle("End match")
            .navigationBarTitleDisplayMode(.inline)
            .crisisHelpToolbar()
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Cancel") { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button("End match", role: .destructive) {
                        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
                        core.send(.coordinatorAct(
                            relationshipId: match.relationshipId,
                            action: .close(reason: reason, note: trimmed.isEmpty ? nil : trimmed)
                        ))
                        dismiss()
                    }
                }
            }
        }
    }
}
