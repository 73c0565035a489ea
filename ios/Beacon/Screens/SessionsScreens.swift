import BeaconBindings
import SwiftUI

// Sessions: the upcoming list and proposals (`SessionsView`), a series' detail, and proposing one.
// Times arrive already converted to the device's zone with their labels; which buttons show is
// decided by the core (`canAccept`, `canCancel`, `canMove`, `canMark`, …).

struct SessionsScreen: View {
    @Environment(Core.self) private var core

    private var sessions: SessionsView { core.view.sessions }

    var body: some View {
        NavigationStack {
            List {
                if let notice = core.view.notice {
                    Section { NoticeRow(text: notice) }
                }
                if !sessions.awaitingMyAcceptance.isEmpty {
                    Section("Waiting for your answer") {
                        ForEach(sessions.awaitingMyAcceptance, id: \.seriesId) { proposal in
                            NavigationLink(value: SessionRoute(seriesId: proposal.seriesId, occurrenceKey: nil)) {
                                VStack(alignment: .leading, spacing: 2) {
                                    Text("\(proposal.withName) · \(proposal.format)").font(.headline)
                                    if let first = proposal.first {
                                        Text(first.label).font(.subheadline)
                                    }
                                    Text(proposal.schedule).font(.caption).foregroundStyle(.secondary)
                                    if proposal.pending { PendingBadge() }
                                }
                            }
                        }
                    }
                }
                Section("Coming up") {
                    if sessions.upcoming.isEmpty {
                        Text("No sessions in the next two weeks.").foregroundStyle(.secondary)
                    }
                    ForEach(sessions.upcoming, id: \.self) { session in
                        NavigationLink(value: SessionRoute(seriesId: session.seriesId, occurrenceKey: session.occurrenceKey)) {
                            UpcomingSessionRow(session: session)
                        }
                    }
                }
                Section {
                    Text("Times are shown in \(sessions.timeZone).")
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                }
            }
            .navigationTitle("Sessions")
            .navigationDestination(for: SessionRoute.self) { route in
                SessionDetailScreen(route: route)
            }
            .refreshable { core.send(.syncNow) }
            .crisisHelpToolbar()
        }
    }
}

struct SessionRoute: Hashable {
    let seriesId: UUID
    let occurrenceKey: String?
}

struct UpcomingSessionRow: View {
    let session: UpcomingSession

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            HStack {
                Text(session.starts.label).font(.headline)
                    .strikethrough(session.status == .cancelled)
                Spacer()
                if session.moved {
                    Text("Moved").font(.caption).foregroundStyle(.orange)
                }
            }
            Text("\(session.withName) · \(session.format)").font(.subheadline)
            Text(session.seriesState == .proposed ? "Proposed" : session.status.label)
                .font(.caption)
                .foregroundStyle(.secondary)
            if session.pending { PendingBadge() }
        }
    }
}

struct SessionDetailScreen: View {
    @Environment(Core.self) private var core
    let route: SessionRoute

    @State private var cancelling: CancelTarget?
    @State private var moving: OccurrenceCard?
    /// A note on this series was asked for: open its editor once the core has made it.
    @State private var awaitingNote = false
    @State private var note: NoteRoute?

    private enum CancelTarget: Identifiable {
        case series
        case occurrence(String)
        var id: String {
            switch self {
            case .series: return "series"
            case .occurrence(let key): return key
            }
        }
    }

    private var detail: SessionDetail? {
        core.view.sessions.detail.flatMap { $0.seriesId == route.seriesId ? $0 : nil }
    }

    var body: some View {
        List {
            if let notice = core.view.notice {
                Section { NoticeRow(text: notice) }
            }
            if let detail {
                Section {
                    LabeledContent("With", value: detail.withName)
                    LabeledContent("How", value: detail.formatSummary)
                    LabeledContent("When", value: detail.schedule)
                    LabeledContent("Status", value: detail.state.label)
                    if let reason = detail.cancelReason {
                        Text(reason).foregroundStyle(.secondary)
                    }
                    if detail.pending { PendingBadge() }
                    if detail.canAccept {
                        Button("Accept these sessions") {
                            core.send(.actOnSession(seriesId: detail.seriesId, action: .accept))
                        }
                    }
                    if detail.canCancelSeries {
                        Button("Cancel all sessions", role: .destructive) { cancelling = .series }
                    }
                    Button("Write a note") {
                        awaitingNote = true
                        core.send(.newNote(
                            relationshipId: detail.relationshipId,
                            sessionSeriesId: detail.seriesId,
                            occurrenceKey: detail.selected
                        ))
                    }
                }
                Section("Sessions") {
                    ForEach(detail.occurrences, id: \.occurrenceKey) { occurrence in
                        OccurrenceRow(
                            occurrence: occurrence,
                            selected: occurrence.occurrenceKey == detail.selected,
                            markHeld: {
                                core.send(.actOnSession(
                                    seriesId: detail.seriesId,
                                    action: .markHeld(occurrenceKey: occurrence.occurrenceKey)
                                ))
                            },
                            markMissed: {
                                core.send(.actOnSession(
                                    seriesId: detail.seriesId,
                                    action: .markMissed(occurrenceKey: occurrence.occurrenceKey)
                                ))
                            },
                            cancel: { cancelling = .occurrence(occurrence.occurrenceKey) },
                            move: { moving = occurrence }
                        )
                    }
                }
            } else {
                ProgressView()
            }
        }
        .navigationTitle("Session")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
        .onAppear {
            core.send(.openSession(seriesId: route.seriesId, occurrenceKey: route.occurrenceKey))
        }
        .onDisappear { core.send(.closeSession) }
        .onChange(of: core.view.notes.editor?.noteId) { _, noteId in
            if awaitingNote, let noteId {
                awaitingNote = false
                note = NoteRoute(noteId: noteId)
            }
        }
        .navigationDestination(item: $note) { route in
            NoteEditorScreen(noteId: route.noteId)
        }
        .sheet(item: $cancelling) { target in
            ReasonSheet(title: "Cancel", prompt: "A short reason (both of you see it)") { reason in
                switch target {
                case .series:
                    core.send(.actOnSession(seriesId: route.seriesId, action: .cancel(reason: reason)))
                case .occurrence(let key):
                    core.send(.actOnSession(
                        seriesId: route.seriesId,
                        action: .cancelOccurrence(occurrenceKey: key, reason: reason)
                    ))
                }
            }
        }
        .sheet(item: $moving) { occurrence in
            MoveOccurrenceSheet(occurrence: occurrence) { startsAt in
                core.send(.actOnSession(
                    seriesId: route.seriesId,
                    action: .moveOccurrence(occurrenceKey: occurrence.occurrenceKey, startsAt: startsAt)
                ))
            }
        }
    }
}

extension OccurrenceCard: @retroactive Identifiable {
    public var id: String { occurrenceKey }
}

struct OccurrenceRow: View {
    let occurrence: OccurrenceCard
    let selected: Bool
    let markHeld: () -> Void
    let markMissed: () -> Void
    let cancel: () -> Void
    let move: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            HStack {
                Text(occurrence.starts.label)
                    .font(selected ? .headline : .body)
                    .strikethrough(occurrence.status == .cancelled)
                Spacer()
                Text(occurrence.moved ? "Moved" : occurrence.status.label)
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
            if let reason = occurrence.cancelReason {
                Text(reason).font(.caption).foregroundStyle(.secondary)
            }
            HStack {
                if occurrence.canMark {
                    Button("Held", action: markHeld)
                    Button("Missed", action: markMissed)
                }
                if occurrence.canMove {
                    Button("Move", action: move)
                }
                if occurrence.canCancel {
                    Button("Cancel", role: .destructive, action: cancel)
                }
            }
            .buttonStyle(.bordered)
            .font(.caption)
        }
        .padding(.vertical, 2)
    }
}

/// Asks for one line of text, then hands it over.
struct ReasonSheet: View {
    @Environment(\.dismiss) private var dismiss
    let title: String
    let prompt: String
    let done: (String) -> Void
    @State private var text = ""

    var body: some View {
        NavigationStack {
            Form {
                TextField(prompt, text: $text, axis: .vertical)
            }
            .navigationTitle(title)
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Back") { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button(title) {
                        done(text.trimmingCharacters(in: .whitespacesAndNewlines))
                        dismiss()
                    }
                    .disabled(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
                }
            }
        }
        .presentationDetents([.medium])
    }
}

/// Moves one session to another time (an instant; the core keeps the series' rule).
struct MoveOccurrenceSheet: View {
    @Environment(\.dismiss) private var dismiss
    let occurrence: OccurrenceCard
    let done: (Int64) -> Void
    @State private var startsAt: Foundation.Date

    init(occurrence: OccurrenceCard, done: @escaping (Int64) -> Void) {
        self.occurrence = occurrence
        self.done = done
        _startsAt = State(initialValue: Foundation.Date(unixMilliseconds: occurrence.starts.atMs))
    }

    var body: some View {
        NavigationStack {
            Form {
                DatePicker("New time", selection: $startsAt, in: Foundation.Date()...)
            }
            .navigationTitle("Move session")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Back") { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Move") {
                        done(startsAt.unixMilliseconds)
                        dismiss()
                    }
                }
            }
        }
        .presentationDetents([.medium])
    }
}

/// Proposing a session (or a series) in a match; the other member accepts it.
struct ProposeSessionForm: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    let relationshipId: UUID
    let withName: String

    private enum Kind: String, CaseIterable, Identifiable {
        case inPerson = "Face to face"
        case phone = "Phone"
        case video = "Video"
        case messaging = "Messaging"
        var id: String { rawValue }
    }

    @State private var kind: Kind = .video
    @State private var place = ""
    @State private var link = ""
    @State private var start = Calendar.current.date(byAdding: .day, value: 1, to: Foundation.Date()) ?? Foundation.Date()
    @State private var duration = 60
    @State private var recurrence: Recurrence = .weekly

    var body: some View {
        Form {
            Section("How") {
                Picker("Format", selection: $kind) {
                    ForEach(Kind.allCases) { Text($0.rawValue).tag($0) }
                }
                if kind == .inPerson {
                    TextField("Where (a public place)", text: $place)
                }
                if kind == .video {
                    TextField("Video link", text: $link)
                        .keyboardType(.URL)
                        .textInputAutocapitalization(.never)
                }
            }
            Section("When") {
                DatePicker("First session", selection: $start, in: Foundation.Date()...)
                Stepper("\(duration) minutes", value: $duration, in: 15...180, step: 15)
                Picker("Repeats", selection: $recurrence) {
                    ForEach(Recurrence.allChoices, id: \.self) { Text($0.label).tag($0) }
                }
            }
            Section {
                Text("\(withName) will be asked to accept. Times are in your time zone (\(TimeZone.current.identifier)).")
                    .font(.footnote)
                    .foregroundStyle(.secondary)
            }
        }
        .navigationTitle("Plan a session")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
        .toolbar {
            ToolbarItem(placement: .confirmationAction) {
                Button("Propose", action: propose)
            }
        }
    }

    /// `2026-03-10T18:00` in the device's zone (the core's `start`; `timeZone: nil` = this zone).
    private var localStart: String {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: start)
        return String(
            format: "%04ld-%02ld-%02ldT%02ld:%02ld",
            parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0
        )
    }

    private func propose() {
        let minutes = UInt16(duration)
        // The format is the generated `SessionMeeting` (the sessions module's `SessionFormat`,
        // renamed by the codegen so it does not clash with the profile's `SessionFormat`).
        let event: Event
        switch kind {
        case .inPerson:
            event = .proposeSession(relationshipId: relationshipId, format: .inPerson(place: place),
                                    start: localStart, timeZone: nil, durationMinutes: minutes, recurrence: recurrence)
        case .phone:
            event = .proposeSession(relationshipId: relationshipId, format: .phone,
                                    start: localStart, timeZone: nil, durationMinutes: minutes, recurrence: recurrence)
        case .video:
            event = .proposeSession(relationshipId: relationshipId, format: .video(link: link),
                                    start: localStart, timeZone: nil, durationMinutes: minutes, recurrence: recurrence)
        case .messaging:
            event = .proposeSession(relationshipId: relationshipId, format: .messaging,
                                    start: localStart, timeZone: nil, durationMinutes: minutes, recurrence: recurrence)
        }
        core.send(event)
        dismiss()
    }
}
