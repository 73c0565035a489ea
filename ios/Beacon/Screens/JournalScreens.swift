import BeaconBindings
import SwiftUI

/// Check-ins and private notes: both work offline and sync later.
struct JournalScreen: View {
    private enum Page: String, CaseIterable, Identifiable {
        case checkIn = "Check-in"
        case notes = "Notes"
        var id: String { rawValue }
    }

    @State private var page: Page = .checkIn

    var body: some View {
        NavigationStack {
            VStack(spacing: 0) {
                Picker("Page", selection: $page) {
                    ForEach(Page.allCases) { Text($0.rawValue).tag($0) }
                }
                .pickerStyle(.segmented)
                .padding(.horizontal)
                .padding(.bottom, 8)
                switch page {
                case .checkIn: CheckInScreen()
                case .notes: NotesScreen()
                }
            }
            .navigationTitle(page.rawValue)
            .navigationDestination(for: NoteRoute.self) { route in
                NoteEditorScreen(noteId: route.noteId)
            }
            .crisisHelpToolbar()
        }
    }
}

// MARK: - Check-in

/// A mood (1–5), an optional word or short note, and whether the mentor may see it.
struct CheckInScreen: View {
    @Environment(Core.self) private var core
    @State private var mood: UInt8 = 3
    @State private var note = ""
    /// Chosen each time; private unless the person shares it.
    @State private var share = false
    @State private var recorded = false

    private var checkins: CheckInsView { core.view.checkins }

    var body: some View {
        List {
            if let notice = core.view.notice {
                Section { NoticeRow(text: notice) }
            }
            Section {
                HStack {
                    ForEach(UInt8(1)...UInt8(5), id: \.self) { value in
                        Button {
                            mood = value
                        } label: {
                            VStack(spacing: 4) {
                                Image(systemName: Theme.moodSymbol(value)).font(.title2)
                                Text(Theme.moodWord(value)).font(.caption2)
                            }
                            .frame(maxWidth: .infinity)
                            .padding(.vertical, 6)
                            .background(
                                mood == value ? Theme.accent.opacity(0.2) : Color.clear,
                                in: RoundedRectangle(cornerRadius: 10)
                            )
                        }
                        .buttonStyle(.plain)
                        .accessibilityLabel(Theme.moodWord(value))
                        .accessibilityAddTraits(mood == value ? .isSelected : [])
                    }
                }
                TextField("A word or two (optional)", text: $note, axis: .vertical)
                Toggle("Share with my mentor", isOn: $share)
                Button("Save check-in") {
                    let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
                    core.send(.recordCheckIn(
                        mood: mood,
                        note: trimmed.isEmpty ? nil : trimmed,
                        sharedWithMentor: share
                    ))
                    note = ""
                    recorded = true
                }
            } header: {
                Text("How are you today?")
            } footer: {
                Text(recorded ? "Saved. Thank you for checking in." : "Only you see it unless you share it with your mentor.")
            }
            if !checkins.sharedTrendForMentor.isEmpty {
                Section("Your mentees (what they shared)") {
                    ForEach(checkins.sharedTrendForMentor, id: \.relationshipId) { trend in
                        VStack(alignment: .leading, spacing: 4) {
                            Text(trend.menteeName).font(.headline)
                            if trend.recentMoods.isEmpty {
                                Text("Nothing shared yet").font(.caption).foregroundStyle(.secondary)
                            } else {
                                HStack(spacing: 2) {
                                    ForEach(Array(trend.recentMoods.enumerated()), id: \.offset) { _, value in
                                        Image(systemName: Theme.moodSymbol(value)).font(.caption)
                                    }
                                }
                                .accessibilityLabel("Recent moods: " + trend.recentMoods.map { Theme.moodWord($0) }.joined(separator: ", "))
                            }
                            if let average = trend.average {
                                Text("Average \(average, format: .number.precision(.fractionLength(1))) of 5")
                                    .font(.caption)
                                    .foregroundStyle(.secondary)
                            }
                        }
                    }
                }
            }
            if !checkins.mine.isEmpty {
                Section("Your check-ins") {
                    ForEach(checkins.mine, id: \.checkInId) { card in
                        HStack {
                            Image(systemName: Theme.moodSymbol(card.mood))
                            VStack(alignment: .leading) {
                                Text(Theme.moodWord(card.mood))
                                if let note = card.note {
                                    Text(note).font(.caption).foregroundStyle(.secondary)
                                }
                            }
                            Spacer()
                            VStack(alignment: .trailing) {
                                Text(Format.relative(card.recordedAtMs)).font(.caption)
                                if card.sharedWithMentor {
                                    Text("Shared").font(.caption2).foregroundStyle(.secondary)
                                }
                                if card.pending { PendingBadge() }
                            }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Notes

struct NoteRoute: Hashable {
    let noteId: UUID
}

/// The person's own notes (private to them), and summaries others chose to share.
struct NotesScreen: View {
    @Environment(Core.self) private var core
    /// A new note was asked for: open its editor as soon as the core has made it.
    @State private var awaitingNewNote = false
    /// The new note whose editor is showing.
    @State private var newNote: NoteRoute?

    private var notes: NotesView { core.view.notes }

    /// A note about a match is what lets its summary be shared (the core checks the match).
    private var matches: [RelationshipCard] {
        core.view.mentoring.relationships.filter { $0.state == .active || $0.state == .paused || $0.state == .accepted }
    }

    private func startNote(about relationshipId: UUID?) {
        awaitingNewNote = true
        core.send(.newNote(relationshipId: relationshipId, sessionSeriesId: nil, occurrenceKey: nil))
    }

    var body: some View {
        List {
            Section {
                if matches.isEmpty {
                    Button {
                        startNote(about: nil)
                    } label: {
                        Label("New note", systemImage: "square.and.pencil")
                    }
                } else {
                    Menu {
                        Button("A private note") { startNote(about: nil) }
                        ForEach(matches, id: \.relationshipId) { card in
                            Button("About my match with \(card.counterpartName)") {
                                startNote(about: card.relationshipId)
                            }
                        }
                    } label: {
                        Label("New note", systemImage: "square.and.pencil")
                    }
                }
            } footer: {
                Text("Notes are yours alone. You can share a short summary of a note about a match with your mentor or mentee — never the note itself.")
            }
            if !notes.list.isEmpty {
                Section("Your notes") {
                    ForEach(notes.list, id: \.noteId) { note in
                        NavigationLink(value: NoteRoute(noteId: note.noteId)) {
                            VStack(alignment: .leading, spacing: 2) {
                                Text(note.title).font(.headline)
                                Text(note.preview).font(.subheadline).foregroundStyle(.secondary).lineLimit(2)
                                HStack {
                                    Text(Format.relative(note.updatedAtMs))
                                    if note.summaryShared { Text("· Summary shared") }
                                }
                                .font(.caption)
                                .foregroundStyle(.secondary)
                                if note.pendingSync { PendingBadge() }
                            }
                        }
                    }
                    .onDelete { offsets in
                        for index in offsets {
                            core.send(.deleteNote(noteId: notes.list[index].noteId))
                        }
                    }
                }
            }
            if !notes.sharedWithMe.isEmpty {
                Section("Shared with you") {
                    ForEach(notes.sharedWithMe, id: \.noteId) { summary in
                        VStack(alignment: .leading, spacing: 2) {
                            Text(summary.authorName).font(.headline)
                            Text(summary.summary)
                            Text(Format.relative(summary.updatedAtMs)).font(.caption).foregroundStyle(.secondary)
                        }
                    }
                }
            }
        }
        .onAppear { core.send(.openNotes) }
        .onDisappear { core.send(.closeNotes) }
        .onChange(of: notes.editor?.noteId) { _, noteId in
            if awaitingNewNote, let noteId {
                awaitingNewNote = false
                newNote = NoteRoute(noteId: noteId)
            }
        }
        .navigationDestination(item: $newNote) { route in
            NoteEditorScreen(noteId: route.noteId)
        }
    }
}

/// Writing a note: the whole text goes to the core as it is typed (saved locally at once, synced
/// later); the summary can be shared with the other member when the core allows it.
///
/// The fields hold their own text, so typing never waits for the core. When an edit from the
/// person's other device arrives, the core merges it (and rebases the field's later keystrokes onto
/// it); the fields then show the merged text once typing pauses (`NoteFieldSync`). SwiftUI's
/// `TextEditor` and `TextField` have no cursor API, so the cursor goes to the end of the text when
/// that happens; a UIKit text view just to keep it in place is not worth its size here.
struct NoteEditorScreen: View {
    @Environment(Core.self) private var core
    let noteId: UUID

    @State private var text = ""
    @State private var summary = ""
    @State private var textSync = NoteFieldSync()
    @State private var summarySync = NoteFieldSync()
    @State private var loaded = false
    @State private var confirmingDelete = false
    @Environment(\.dismiss) private var dismiss

    private var editor: NoteEditor? {
        core.view.notes.editor.flatMap { $0.noteId == noteId ? $0 : nil }
    }

    var body: some View {
        Form {
            if let editor, loaded {
                Section {
                    TextEditor(text: $text)
                        .frame(minHeight: 220)
                        .onChange(of: text) { _, new in
                            if textSync.typed(new) {
                                core.send(.editNote(noteId: noteId, text: new))
                            }
                        }
                } footer: {
                    if editor.pendingSync { PendingBadge() } else { Text("Saved on this phone.") }
                }
                Section {
                    TextField("A short summary", text: $summary, axis: .vertical)
                        .onChange(of: summary) { _, new in
                            if summarySync.typed(new) {
                                core.send(.editNoteSummary(noteId: noteId, text: new))
                            }
                        }
                    if editor.canShare {
                        Toggle("Share the summary", isOn: Binding(
                            get: { editor.summaryShared },
                            set: { core.send(.shareNoteSummary(noteId: noteId, shared: $0)) }
                        ))
                    }
                } header: {
                    Text("Summary")
                } footer: {
                    Text("Only the summary can be shared — never the note itself.")
                }
                Section {
                    Button("Delete note", role: .destructive) { confirmingDelete = true }
                }
            } else {
                ProgressView()
            }
        }
        .navigationTitle("Note")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
        .onAppear {
            if editor == nil {
                core.send(.openNote(noteId: noteId))
            }
            loadIfReady()
        }
        .onChange(of: editor?.loading) { _, _ in loadIfReady() }
        // The core's texts: the fields' own echoes, or edits merged from another device.
        .onChange(of: editor?.text) { _, new in
            guard loaded, let new else { return }
            textSync.heard(new, field: text)
        }
        .onChange(of: editor?.summary) { _, new in
            guard loaded, let new else { return }
            summarySync.heard(new, field: summary)
        }
        // Restarted by every keystroke, so a merged text waits for a pause in typing.
        .task(id: NoteFieldSync.Pause(incoming: textSync.incoming, field: text)) {
            let shown = text
            guard textSync.incoming != nil, await NoteFieldSync.typingPaused(), text == shown else { return }
            if let merged = textSync.take() { text = merged }
        }
        .task(id: NoteFieldSync.Pause(incoming: summarySync.incoming, field: summary)) {
            let shown = summary
            guard summarySync.incoming != nil, await NoteFieldSync.typingPaused(), summary == shown else { return }
            if let merged = summarySync.take() { summary = merged }
        }
        .onDisappear { core.send(.closeNote) }
        .confirmationDialog("Delete this note?", isPresented: $confirmingDelete, titleVisibility: .visible) {
            Button("Delete", role: .destructive) {
                core.send(.deleteNote(noteId: noteId))
                dismiss()
            }
        }
    }

    /// Takes the note's texts once it has loaded; afterwards the fields follow the core only
    /// through `NoteFieldSync`.
    private func loadIfReady() {
        guard !loaded, let editor, !editor.loading else { return }
        textSync = NoteFieldSync(shown: editor.text)
        summarySync = NoteFieldSync(shown: editor.summary)
        text = editor.text
        summary = editor.summary
        loaded = true
    }
}

/// One note field's link to the core's text for it. The core merges; this only decides when the
/// field should show the core's text instead of its own:
/// - each change the person makes is sent whole (`typed`) and remembered until the core shows it
///   back, so an echo of the field's own text, even a keystroke late, is never shown over newer
///   typing;
/// - any other text from the core is an edit merged from another device (`heard`); it waits in
///   `incoming` until typing has paused (`typingPaused`), then the field takes it (`take`) without
///   sending it back: the next keystroke is an edit of the merged text, which the core takes as is.
struct NoteFieldSync {
    /// At most this many sent texts are remembered while the core has not shown them back yet.
    private static let maxUnechoed = 32

    /// What the field last sent or took from the core: a change to this very text is not typing.
    private var lastSent: String
    /// Texts sent that the core has not shown back yet, oldest first.
    private var unechoed: [String] = []
    /// The core's merged text, waiting to be shown.
    private(set) var incoming: String?

    init(shown: String = "") {
        lastSent = shown
    }

    /// The field's text changed; whether to send it (not when the field is showing the core's text).
    mutating func typed(_ text: String) -> Bool {
        guard text != lastSent else { return false }
        lastSent = text
        unechoed.append(text)
        if unechoed.count > Self.maxUnechoed { unechoed.removeFirst() }
        return true
    }

    /// The core's text for this field is now `core`; the field shows `field`.
    mutating func heard(_ core: String, field: String) {
        if let echoed = unechoed.lastIndex(of: core) {
            // The field's own text coming back: the field is as new or newer.
            unechoed.removeFirst(echoed + 1)
            incoming = nil
        } else if core == field {
            incoming = nil
        } else {
            incoming = core
        }
    }

    /// The merged text for the field to show now, if one is waiting.
    mutating func take() -> String? {
        guard let merged = incoming else { return nil }
        lastSent = merged
        unechoed.removeAll()
        incoming = nil
        return merged
    }

    /// What restarts the wait: a new merged text, or a keystroke.
    struct Pause: Equatable {
        let incoming: String?
        let field: String
    }

    /// Waits for a pause in typing; false when cancelled (the person typed, or the screen left).
    static func typingPaused() async -> Bool {
        do {
            try await Task.sleep(for: .milliseconds(500))
            return true
        } catch {
            return false
        }
    }
}
