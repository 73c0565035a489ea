import BeaconBindings
import SwiftUI

/// What a mentee is looking for. Sent as one `SubmitMenteeRequest`; the core checks it and queues
/// it (offline too).
struct MenteeRequestForm: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss

    @State private var areas: [String]
    @State private var goals: String
    @State private var goalTags: [String]
    @State private var languages: [String]
    @State private var formats: [SessionFormat]
    @State private var availability: [WeeklySlot]
    @State private var preferredGender: String
    @State private var preferredBackground: String

    init(existing: MenteeRequest?) {
        _areas = State(initialValue: existing?.areas ?? [])
        _goals = State(initialValue: existing?.goals ?? "")
        _goalTags = State(initialValue: existing?.goalTags ?? [])
        _languages = State(initialValue: existing?.languages ?? [LanguagesSection.deviceLanguage])
        _formats = State(initialValue: existing?.formats ?? [.video, .messaging])
        _availability = State(initialValue: existing?.availability ?? [])
        _preferredGender = State(initialValue: existing?.preferences?.gender ?? "")
        _preferredBackground = State(initialValue: existing?.preferences?.culturalBackground ?? "")
    }

    var body: some View {
        Form {
            if let notice = core.view.notice {
                Section { NoticeRow(text: notice) }
            }
            MultiSelectSection(
                title: "What you have lived through",
                options: core.view.mentoring.catalog.areas,
                selection: $areas
            )
            Section("What you hope for") {
                TextField("In your own words", text: $goals, axis: .vertical)
                    .lineLimit(3...8)
                ListField(title: "Goals as short words (sleep, work, friends)", items: $goalTags)
            }
            LanguagesSection(languages: $languages)
            FormatsSection(formats: $formats)
            AvailabilitySection(slots: $availability)
            Section {
                TextField("Gender (optional)", text: $preferredGender)
                TextField("Cultural background (optional)", text: $preferredBackground)
            } header: {
                Text("Preferences for your mentor")
            } footer: {
                Text("Only used to suggest mentors; leave empty if it does not matter to you.")
            }
        }
        .navigationTitle("What you're looking for")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
        .toolbar {
            ToolbarItem(placement: .confirmationAction) {
                Button("Save", action: submit)
            }
        }
    }

    private func submit() {
        let gender = preferredGender.trimmingCharacters(in: .whitespaces)
        let background = preferredBackground.trimmingCharacters(in: .whitespaces)
        let preferences: MentorPreferences? = gender.isEmpty && background.isEmpty
            ? nil
            : MentorPreferences(
                gender: gender.isEmpty ? nil : gender,
                culturalBackground: background.isEmpty ? nil : background,
                ageRange: nil
            )
        let request = MenteeRequest(
            areas: areas,
            goals: goals,
            goalTags: goalTags,
            languages: languages,
            formats: formats,
            availability: availability,
            timeZone: TimeZone.current.identifier,
            preferences: preferences,
            location: nil
        )
        core.send(.submitMenteeRequest(request: request))
        dismiss()
    }
}

/// Applying to mentor: lived experience, time stable, training, references (for the coordinator
/// only), languages, formats, availability, capacity, and what mentees will see.
struct MentorApplicationForm: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss

    @State private var areas: [String]
    @State private var stableSince: Foundation.Date
    @State private var training: [String]
    @State private var references: [Reference]
    @State private var languages: [String]
    @State private var formats: [SessionFormat]
    @State private var availability: [WeeklySlot]
    @State private var capacity: Int
    @State private var bio: String
    @State private var strengths: [String]
    /// Kept as they were: the shell has no form for them yet.
    private let location: CoarseLocation?
    private let identity: SharedIdentity?
    private let completedTraining: [TrainingCompletion]

    init(existing: MentorApplication?) {
        _areas = State(initialValue: existing?.areas ?? [])
        _stableSince = State(initialValue: existing.flatMap { ISODate.date($0.stableSince) }
            ?? Calendar.current.date(byAdding: .year, value: -2, to: Foundation.Date()) ?? Foundation.Date())
        _training = State(initialValue: existing?.training.map(\.module) ?? [])
        _references = State(initialValue: existing?.references ?? [])
        _languages = State(initialValue: existing?.languages ?? [LanguagesSection.deviceLanguage])
        _formats = State(initialValue: existing?.formats ?? [.video, .messaging])
        _availability = State(initialValue: existing?.availability ?? [])
        _capacity = State(initialValue: Int(existing?.capacity ?? 2))
        _bio = State(initialValue: existing?.bio ?? "")
        _strengths = State(initialValue: existing?.strengths ?? [])
        location = existing?.location
        identity = existing?.identity
        completedTraining = existing?.training ?? []
    }

    var body: some View {
        Form {
            if let notice = core.view.notice {
                Section { NoticeRow(text: notice) }
            }
            MultiSelectSection(
                title: "Your lived experience",
                options: core.view.mentoring.catalog.areas,
                selection: $areas
            )
            Section {
                DatePicker(
                    "Stable since",
                    selection: $stableSince,
                    in: ...Foundation.Date(),
                    displayedComponents: .date
                )
            } footer: {
                Text("Roughly when you became stable in your recovery. Only coordinators see this.")
            }
            MultiSelectSection(
                title: "Training you have completed",
                options: core.view.mentoring.catalog.trainingModules,
                selection: $training
            )
            ReferencesSection(references: $references)
            LanguagesSection(languages: $languages)
            FormatsSection(formats: $formats)
            AvailabilitySection(slots: $availability)
            Section {
                Stepper("Up to \(capacity) mentee(s)", value: $capacity, in: 1...10)
            } header: {
                Text("How many people you can support")
            }
            Section("What mentees will see") {
                TextField("A few words about you", text: $bio, axis: .vertical)
                    .lineLimit(3...8)
                ListField(title: "Strengths (listening, routines, work)", items: $strengths)
            }
        }
        .navigationTitle("Mentor application")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
        .toolbar {
            ToolbarItem(placement: .confirmationAction) {
                Button("Submit", action: submit)
            }
        }
    }

    private func submit() {
        // A module keeps the date it was first listed with; a newly ticked one is dated today.
        let today = ISODate.string(Foundation.Date())
        let completedOn = Dictionary(
            completedTraining.map { ($0.module, $0.completedOn) },
            uniquingKeysWith: { first, _ in first }
        )
        let application = MentorApplication(
            areas: areas,
            stableSince: ISODate.string(stableSince),
            training: training.map { TrainingCompletion(module: $0, completedOn: completedOn[$0] ?? today) },
            references: references,
            languages: languages,
            formats: formats,
            availability: availability,
            timeZone: TimeZone.current.identifier,
            location: location,
            capacity: UInt32(capacity),
            bio: bio,
            identity: identity,
            strengths: strengths
        )
        core.send(.submitMentorApplication(application: application))
        dismiss()
    }
}

/// References for the coordinator (never shown to mentees).
private struct ReferencesSection: View {
    @Binding var references: [Reference]
    @State private var name = ""
    @State private var contact = ""

    var body: some View {
        Section {
            ForEach(references.indices, id: \.self) { index in
                VStack(alignment: .leading) {
                    Text(references[index].name)
                    Text(references[index].contact).font(.caption).foregroundStyle(.secondary)
                }
            }
            .onDelete { references.remove(atOffsets: $0) }
            TextField("Name", text: $name)
            TextField("Phone or email", text: $contact)
                .textInputAutocapitalization(.never)
            Button("Add reference") {
                references.append(Reference(name: name, contact: contact))
                name = ""
                contact = ""
            }
            .disabled(name.isEmpty || contact.isEmpty)
        } header: {
            Text("References")
        } footer: {
            Text("Only the coordinator sees your references.")
        }
    }
}
