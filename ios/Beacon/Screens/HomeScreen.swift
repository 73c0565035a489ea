import BeaconBindings
import SwiftUI

/// Mentoring at a glance: requests to answer, current and past matches, finding a mentor, and
/// the person's mentor application. Everything shown (and every button offered) comes from the
/// core's `MentoringView`.
struct HomeScreen: View {
    @Environment(Core.self) private var core
    @Environment(Router.self) private var router

    private var mentoring: MentoringView { core.view.mentoring }
    private var roles: [Role] { core.view.account?.roles ?? [] }

    private var requestsToAnswer: [RelationshipCard] {
        mentoring.relationships.filter { $0.myRole == .mentor && $0.state == .requested }
    }

    private var matches: [RelationshipCard] {
        mentoring.relationships.filter { !($0.myRole == .mentor && $0.state == .requested) }
    }

    var body: some View {
        NavigationStack {
            List {
                if let notice = core.view.notice {
                    Section { NoticeRow(text: notice) }
                }
                if core.view.checkins.overdue {
                    Section {
                        Button {
                            router.tab = .journal
                        } label: {
                            Label("How are you doing? Check in", systemImage: "heart.text.square")
                        }
                    }
                }
                if !requestsToAnswer.isEmpty {
                    Section("Requests to answer") {
                        ForEach(requestsToAnswer, id: \.relationshipId) { card in
                            NavigationLink(value: card.relationshipId) {
                                RelationshipRow(card: card)
                            }
                        }
                    }
                }
                Section("Your matches") {
                    if matches.isEmpty {
                        Text("No matches yet.").foregroundStyle(.secondary)
                    }
                    ForEach(matches, id: \.relationshipId) { card in
                        NavigationLink(value: card.relationshipId) {
                            RelationshipRow(card: card)
                        }
                    }
                }
                if roles.contains(.mentee) {
                    Section {
                        if mentoring.request == nil {
                            NavigationLink("Tell us what you're looking for") {
                                MenteeRequestForm(existing: nil)
                            }
                        } else {
                            NavigationLink("Find a mentor") {
                                FindMentorScreen()
                            }
                            NavigationLink("Change what you're looking for") {
                                MenteeRequestForm(existing: mentoring.request)
                            }
                        }
                    } header: {
                        Text("Find a mentor")
                    } footer: {
                        Text("Matching suggests mentors who have lived through something similar and can meet when you can.")
                    }
                }
                MentorSection(application: mentoring.application)
            }
            .navigationTitle("Mentoring")
            .navigationDestination(for: UUID.self) { id in
                RelationshipScreen(relationshipId: id)
            }
            .refreshable { core.send(.syncNow) }
            .crisisHelpToolbar()
        }
    }
}

struct RelationshipRow: View {
    let card: RelationshipCard

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text(card.counterpartName).font(.headline)
                Spacer()
                Text(card.myRole == .mentor ? "Your mentee" : "Your mentor")
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
            Text(card.state.label).font(.subheadline).foregroundStyle(.secondary)
            if card.state == .requested {
                Text("Answer by \(Format.dateTime(card.respondByMs))")
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
            if card.pending { PendingBadge() }
        }
        .padding(.vertical, 2)
    }
}

/// Applying to mentor, the application's status, and pausing new requests.
struct MentorSection: View {
    @Environment(Core.self) private var core
    let application: ApplicationView?

    var body: some View {
        Section {
            if let application {
                LabeledContent("Application", value: application.status.label)
                if let reason = application.reason {
                    Text(reason).font(.callout).foregroundStyle(.secondary)
                }
                if application.pending { PendingBadge() }
                if application.status == .approved {
                    Toggle(
                        "Pause new requests",
                        isOn: Binding(
                            get: { application.paused },
                            set: { core.send(.setMentorPaused(paused: $0)) }
                        )
                    )
                }
                NavigationLink("Update my application") {
                    MentorApplicationForm(existing: application.application)
                }
            } else {
                NavigationLink("Apply to be a mentor") {
                    MentorApplicationForm(existing: nil)
                }
            }
        } header: {
            Text("Mentoring others")
        } footer: {
            Text("If you are stable in your own recovery, you can apply to support someone on that road now. A coordinator reviews every application.")
        }
    }
}
