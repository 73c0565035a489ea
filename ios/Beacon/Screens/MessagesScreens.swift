import BeaconBindings
import SwiftUI

/// One conversation per match, newest activity first (from the core's local cache: works offline).
struct ConversationsScreen: View {
    @Environment(Core.self) private var core

    var body: some View {
        NavigationStack {
            List {
                if core.view.messaging.conversations.isEmpty {
                    Text("Once a mentor accepts, you can message each other here.")
                        .foregroundStyle(.secondary)
                }
                ForEach(core.view.messaging.conversations, id: \.relationshipId) { conversation in
                    NavigationLink {
                        ChatScreen(relationshipId: conversation.relationshipId)
                    } label: {
                        HStack {
                            VStack(alignment: .leading) {
                                Text(conversation.counterpartName).font(.headline)
                                Text(Format.relative(conversation.lastMessageAtMs))
                                    .font(.caption)
                                    .foregroundStyle(.secondary)
                            }
                            Spacer()
                            if conversation.unread > 0 {
                                Text("\(conversation.unread)")
                                    .font(.caption.bold())
                                    .padding(.horizontal, 8)
                                    .padding(.vertical, 2)
                                    .background(Theme.accent, in: Capsule())
                                    .foregroundStyle(.white)
                                    .accessibilityLabel("\(conversation.unread) unread")
                            }
                        }
                    }
                }
            }
            .navigationTitle("Messages")
            .refreshable { core.send(.syncNow) }
            .crisisHelpToolbar()
        }
    }
}

/// A conversation: its newest page at once from the local cache, older pages on request, and a
/// composer that queues messages offline (shown as waiting until the server has them).
struct ChatScreen: View {
    @Environment(Core.self) private var core
    @Environment(Router.self) private var router
    let relationshipId: UUID

    @State private var draft = ""
    @State private var reporting: ReportKind?
    @FocusState private var composing: Bool

    private enum ReportKind: Identifiable {
        case concern, report
        var id: Self { self }
    }

    private var conversation: ConversationView? {
        core.view.messaging.open.flatMap { $0.relationshipId == relationshipId ? $0 : nil }
    }

    /// (The role type is not named here: the generated `Actor` would clash with Swift's.)
    private var iAmTheMentor: Bool {
        core.view.mentoring.relationships.first { $0.relationshipId == relationshipId }?.myRole == .mentor
    }

    var body: some View {
        VStack(spacing: 0) {
            if let conversation {
                messages(conversation)
                composer(conversation)
            } else {
                Spacer()
                ProgressView()
                Spacer()
            }
        }
        .navigationTitle(conversation?.counterpartName ?? "Messages")
        .navigationBarTitleDisplayMode(.inline)
        .crisisHelpToolbar()
        .toolbar {
            ToolbarItem(placement: .topBarTrailing) {
                Menu {
                    if iAmTheMentor {
                        Button("Tell the coordinator I'm worried") { reporting = .concern }
                    }
                    Button("Report or block", role: .destructive) { reporting = .report }
                } label: {
                    Label("More", systemImage: "ellipsis.circle")
                }
            }
        }
        .sheet(item: $reporting) { kind in
            ReportSheet(relationshipId: relationshipId, isConcern: kind == .concern)
        }
        .onAppear { core.send(.openConversation(relationshipId: relationshipId)) }
        .onDisappear { core.send(.closeConversation) }
        .onChange(of: router.restoredDraft) { _, restored in
            if let restored {
                draft = restored
                router.restoredDraft = nil
            }
        }
    }

    private func messages(_ conversation: ConversationView) -> some View {
        ScrollViewReader { proxy in
            ScrollView {
                LazyVStack(spacing: 8) {
                    if conversation.hasOlder {
                        Button(conversation.loading ? "Loading…" : "Show earlier messages") {
                            core.send(.loadOlderMessages)
                        }
                        .disabled(conversation.loading)
                        .padding(.vertical, 8)
                    }
                    ForEach(conversation.messages, id: \.messageId) { message in
                        MessageBubble(message: message)
                            .id(message.messageId)
                    }
                }
                .padding()
            }
            .defaultScrollAnchor(.bottom)
            .scrollDismissesKeyboard(.interactively)
            .onChange(of: conversation.messages.last?.messageId) { _, last in
                if let last {
                    withAnimation { proxy.scrollTo(last, anchor: .bottom) }
                }
            }
        }
    }

    @ViewBuilder
    private func composer(_ conversation: ConversationView) -> some View {
        if conversation.canSend {
            HStack(alignment: .bottom, spacing: 8) {
                TextField("Message", text: $draft, axis: .vertical)
                    .lineLimit(1...6)
                    .textFieldStyle(.roundedBorder)
                    .focused($composing)
                Button {
                    let text = draft.trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !text.isEmpty else { return }
                    core.send(.sendMessage(relationshipId: relationshipId, text: text))
                    draft = ""
                } label: {
                    Image(systemName: "arrow.up.circle.fill").font(.title)
                }
                .disabled(draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
                .accessibilityLabel("Send")
            }
            .padding(.horizontal)
            .padding(.vertical, 8)
            .background(.bar)
        } else if let reason = conversation.readOnlyReason {
            Text(reason)
                .font(.footnote)
                .foregroundStyle(.secondary)
                .frame(maxWidth: .infinity)
                .padding()
                .background(.bar)
        }
    }
}

struct MessageBubble: View {
    let message: MessageView

    var body: some View {
        HStack {
            if message.mine { Spacer(minLength: 48) }
            VStack(alignment: message.mine ? .trailing : .leading, spacing: 2) {
                Text(message.text)
                    .padding(.horizontal, 12)
                    .padding(.vertical, 8)
                    .background(
                        message.mine ? Theme.accent : Theme.cardBackground,
                        in: RoundedRectangle(cornerRadius: 16)
                    )
                    .foregroundStyle(message.mine ? Color.white : Color.primary)
                HStack(spacing: 4) {
                    Text(Format.time(message.sentAtMs))
                    if let delivery = message.delivery {
                        Image(systemName: delivery.symbol)
                            .accessibilityLabel(delivery.label)
                    }
                }
                .font(.caption2)
                .foregroundStyle(.secondary)
            }
            if !message.mine { Spacer(minLength: 48) }
        }
        .accessibilityElement(children: .combine)
    }
}

/// A mentor's concern for the coordinator (in their own words, never the messages), or a report,
/// optionally blocking the other person.
struct ReportSheet: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    let relationshipId: UUID
    let isConcern: Bool

    @State private var text = ""
    @State private var block = false

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    TextField(
                        isConcern ? "What worries you?" : "What happened?",
                        text: $text,
                        axis: .vertical
                    )
                    .lineLimit(4...10)
                } footer: {
                    Text("Only the coordinator reads this. Your messages are never shared with them.")
                }
                if !isConcern {
                    Toggle("Also block them", isOn: $block)
                }
            }
            .navigationTitle(isConcern ? "Raise a concern" : "Report")
            .crisisHelpToolbar()
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Cancel") { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Send") {
                        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                        if isConcern {
                            core.send(.raiseConcern(relationshipId: relationshipId, text: trimmed))
                        } else {
                            core.send(.reportMember(relationshipId: relationshipId, text: trimmed, block: block))
                        }
                        dismiss()
                    }
                    .disabled(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
                }
            }
        }
    }
}
