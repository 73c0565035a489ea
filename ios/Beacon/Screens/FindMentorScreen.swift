import BeaconBindings
import SwiftUI

/// The mentors matching proposes, best first, each with the core's plain explanation of why
/// ("both of you: anxiety, Spanish; weekday evenings overlap 6 h"). Asking one sends a request the
/// mentor answers within the response window.
struct FindMentorScreen: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    @State private var confirming: ProposalCard?

    private var mentoring: MentoringView { core.view.mentoring }

    var body: some View {
        List {
            if let notice = core.view.notice {
                Section { NoticeRow(text: notice) }
            }
            if mentoring.proposalsLoading {
                Section {
                    HStack { ProgressView(); Text("Finding mentors…") }
                }
            } else if mentoring.proposals.isEmpty {
                Section {
                    Text("No mentor fits right now. Try widening your times or formats, or check back later — new mentors join regularly.")
                        .foregroundStyle(.secondary)
                }
            }
            ForEach(Array(mentoring.proposals.enumerated()), id: \.element.mentorId) { rank, proposal in
                Section {
                    ProposalCardView(rank: rank + 1, proposal: proposal)
                    Button("Ask \(proposal.mentor.displayName)") {
                        confirming = proposal
                    }
                }
            }
        }
        .navigationTitle("Find a mentor")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
        .refreshable { core.send(.loadProposals) }
        .onAppear { core.send(.loadProposals) }
        .confirmationDialog(
            "Ask \(confirming?.mentor.displayName ?? "this mentor") to be your mentor?",
            isPresented: Binding(get: { confirming != nil }, set: { if !$0 { confirming = nil } }),
            titleVisibility: .visible,
            presenting: confirming
        ) { proposal in
            Button("Send request") {
                core.send(.requestMentor(mentorId: proposal.mentorId))
                dismiss()
            }
        } message: { _ in
            Text("They will see what you are looking for and can accept or decline.")
        }
    }
}

struct ProposalCardView: View {
    let rank: Int
    let proposal: ProposalCard

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            HStack(alignment: .firstTextBaseline) {
                Text("\(rank).").foregroundStyle(.secondary)
                Text(proposal.mentor.displayName).font(.headline)
            }
            Text(proposal.explanation)
                .font(.subheadline)
                .foregroundStyle(Theme.accent)
            if !proposal.mentor.bio.isEmpty {
                Text(proposal.mentor.bio).font(.callout)
            }
            Text(proposal.mentor.formats.map(\.label).joined(separator: " · "))
                .font(.caption)
                .foregroundStyle(.secondary)
        }
        .padding(.vertical, 4)
        .accessibilityElement(children: .combine)
    }
}
