import Foundation

/// The customer's side of a conversation: starting it, and each message they send.
public struct ConversationService: Sendable {
    private let conversations: any ConversationRepository
    private let organisations: any OrganisationRepository
    private let handoff: HandoffService
    private let answers: any AnswerScheduling
    /// Told about each stored agent reply (emails it to a customer who has left).
    private let replyListener: (any AgentReplyListener)?
    /// A message and what it sets off (contact capture, handoff, the reply's email) commit together.
    private let unitOfWork: any UnitOfWork

    /// Longest customer or agent message, in characters.
    public static let maxMessageLength = 4000

    public init(
        conversations: any ConversationRepository,
        organisations: any OrganisationRepository,
        handoff: HandoffService,
        answers: any AnswerScheduling,
        unitOfWork: any UnitOfWork,
        replyListener: (any AgentReplyListener)? = nil
    ) {
        self.unitOfWork = unitOfWork
        self.conversations = conversations
        self.organisations = organisations
        self.handoff = handoff
        self.answers = answers
        self.replyListener = replyListener
    }

    /// Starts a conversation: with the AI, or waiting for a human when the organisation turned the AI off.
    public func start(orgID: UUID, pageURL: String?, contextJSON: String?) async throws -> ConversationSummary {
        let pageURL = try pageURL.map { try Validation.text($0, field: "page", maxLength: 2000, allowEmpty: true) }
        let context = contextJSON ?? "{}"
        guard context.utf8.count <= 8192 else {
            throw SimpleDomainError(.tooLarge, code: "context_too_large", message: "The context object is larger than 8 KB.")
        }
        let settings = try await organisations.settings(for: orgID)
        return try await conversations.start(
            orgID: orgID,
            pageURL: pageURL?.isEmpty == true ? nil : pageURL,
            contextJSON: context,
            position: ConversationLifecycle.start(aiChatEnabled: settings.aiChatEnabled)
        )
    }

    /// Stores a customer message (once per client message id) and decides what happens next:
    /// a request for a human, or a "yes" to the AI's offer of one, starts the handoff; otherwise,
    /// while the AI is in charge, it answers. The message, the contact it gives and the handoff
    /// are one transaction; the AI's answer starts once they are committed, so it reads them.
    public func receiveCustomerMessage(orgID: UUID, conversationID: UUID, clientMessageID: String?, body: String) async throws -> SentMessage {
        let body = try Validation.text(body, field: "message", maxLength: Self.maxMessageLength)
        let message = NewMessage(author: .customer, body: body, clientMessageID: try Self.clientID(clientMessageID))
        let (sent, aiAnswers) = try await unitOfWork.run(orgID: orgID) { () async throws -> (SentMessage, Bool) in
            let outcome = try await conversations.append(
                orgID: orgID,
                conversationID: conversationID,
                message: message,
                requiredModes: ConversationLifecycle.openModes,
                requiredOwner: nil
            )
            switch outcome {
            case .refused:
                throw Self.chatEnded
            case .duplicate(let message):
                return (SentMessage(message: message, duplicate: true), false)
            case .stored(let message, let mode):
                let sent = SentMessage(message: message, duplicate: false)
                try await conversations.captureContact(
                    orgID: orgID,
                    conversationID: conversationID,
                    contact: CustomerTextAnalyzer.extractContact(body)
                )
                // The mode under the append's row lock: the AI only takes part while it is in charge.
                guard mode == .ai else { return (sent, false) }
                let handedOff = try await handOffIfAsked(orgID: orgID, conversationID: conversationID, body: body)
                return (sent, !handedOff)
            }
        }
        if aiAnswers { await answers.schedule(orgID: orgID, conversationID: conversationID, question: body) }
        return sent
    }

    /// Starts the handoff when `body` asks for a person or accepts the AI's offer of one; false
    /// when it does neither, so the AI answers.
    private func handOffIfAsked(orgID: UUID, conversationID: UUID, body: String) async throws -> Bool {
        do {
            if CustomerTextAnalyzer.isHumanRequest(body) {
                _ = try await handoff.requestHuman(orgID: orgID, conversationID: conversationID, reason: body)
            } else if let question = try await acceptedOffer(orgID: orgID, conversationID: conversationID, reply: body) {
                _ = try await handoff.aiCouldNotAnswer(orgID: orgID, conversationID: conversationID, question: question)
            } else {
                return false
            }
        } catch let error as LifecycleError where error.kind == .conflict {
            // An agent took over in the meantime: the customer already has a person.
        }
        return true
    }
}

extension ConversationService {
    /// The customer rates a chat that has ended (again, to change it): 1 to 5 and an optional comment.
    public func rate(orgID: UUID, conversationID: UUID, rating: Int, comment: String?) async throws -> SatisfactionRating {
        guard SatisfactionRating.scale.contains(rating) else {
            throw SimpleDomainError(.invalidInput, code: "invalid_rating", message: "rating must be a whole number from 1 to 5.")
        }
        let comment = try comment.map { try Validation.text($0, field: "comment", maxLength: SatisfactionRating.maxCommentLength, allowEmpty: true) }
        guard
            let stored = try await conversations.rate(
                orgID: orgID,
                conversationID: conversationID,
                rating: rating,
                comment: comment?.isEmpty == false ? comment : nil
            )
        else {
            throw SimpleDomainError(.conflict, code: "conversation_not_ended", message: "A chat can be rated once it has ended.")
        }
        return stored
    }

    /// The customer sends a file (an image or a PDF): stored with a message naming it; the AI does not answer a file.
    public func receiveCustomerAttachment(
        orgID: UUID,
        conversationID: UUID,
        clientMessageID: String?,
        name: String?,
        data: [UInt8]
    ) async throws -> SentMessage {
        let file = try AttachmentRules.check(data: data, name: name)
        let outcome = try await conversations.append(
            orgID: orgID,
            conversationID: conversationID,
            message: NewMessage(author: .customer, body: file.fileName, clientMessageID: try Self.clientID(clientMessageID)),
            attachment: file,
            requiredModes: ConversationLifecycle.openModes,
            requiredOwner: nil
        )
        return try Self.sent(outcome) { _ in Self.chatEnded }
    }

    /// The owning agent sends a file into their live conversation.
    public func agentAttachment(
        orgID: UUID,
        conversationID: UUID,
        agentID: UUID,
        clientMessageID: String?,
        name: String?,
        data: [UInt8]
    ) async throws -> SentMessage {
        let file = try AttachmentRules.check(data: data, name: name)
        let outcome = try await conversations.append(
            orgID: orgID,
            conversationID: conversationID,
            message: NewMessage(author: .agent, agentID: agentID, body: file.fileName, clientMessageID: try Self.clientID(clientMessageID)),
            attachment: file,
            requiredModes: [.live],
            requiredOwner: agentID
        )
        return try Self.sent(outcome) { Self.notYourConversation($0, before: "sending files") }
    }

    /// A file of the conversation; 404 for a file of any other conversation.
    public func attachment(orgID: UUID, conversationID: UUID, attachmentID: UUID) async throws -> StoredAttachment {
        guard let file = try await conversations.attachment(orgID: orgID, conversationID: conversationID, attachmentID: attachmentID)
        else {
            throw SimpleDomainError.attachmentNotFound
        }
        return file
    }

    /// A message that was written: `duplicate` when a resend found it stored already (same client id).
    public struct SentMessage: Sendable, Equatable {
        public let message: ChatMessage
        public let duplicate: Bool
    }

    /// The message an append stored (or found stored under the same client id), or the error
    /// `refusal` names when the conversation no longer accepts it.
    static func sent(_ outcome: AppendOutcome, refusal: (LifecyclePosition) -> SimpleDomainError) throws -> SentMessage {
        switch outcome {
        case .stored(let message, _): return SentMessage(message: message, duplicate: false)
        case .duplicate(let message): return SentMessage(message: message, duplicate: true)
        case .refused(let position): throw refusal(position)
        }
    }

    /// An agent wrote into a conversation they do not own live.
    static func notYourConversation(_ position: LifecyclePosition, before doing: String) -> SimpleDomainError {
        SimpleDomainError(
            .conflict,
            code: "not_your_conversation",
            message: "Take this conversation over before \(doing) (it is in mode \"\(position.mode.rawValue)\")."
        )
    }

    /// The customer wrote into a chat that has ended.
    static let chatEnded = SimpleDomainError(
        .conflict,
        code: "conversation_closed",
        message: "This chat has ended. Start a new one to keep talking."
    )

    /// A client message id as the widget and console send it: 1 to 100 characters, or none.
    static func clientID(_ id: String?) throws -> String? {
        if let id, id.isEmpty || Validation.length(id) > 100 || id.utf8.contains(0) {
            throw SimpleDomainError(.invalidInput, code: "invalid_client_message_id", message: "The client message id must be 1 to 100 characters.")
        }
        return id
    }

    /// An agent replaces a conversation's labels (typed freely, stored canonical); returns them sorted.
    public func setLabels(orgID: UUID, conversationID: UUID, labels: [String], agentID: UUID) async throws -> [String] {
        let canonical = try ConversationLabels.canonical(labels)
        guard let stored = try await conversations.setLabels(orgID: orgID, conversationID: conversationID, labels: canonical, agentID: agentID)
        else { throw SimpleDomainError.conversationNotFound }
        return stored
    }

    /// When `reply` says yes to the AI's offer of a person, the question the AI could not answer
    /// (what the agent needs to see first); nil for anything else. Reads the transcript only for a "yes".
    func acceptedOffer(orgID: UUID, conversationID: UUID, reply: String) async throws -> String? {
        guard CustomerTextAnalyzer.isAgreement(reply) else { return nil }
        let recent = try await conversations.latestMessages(orgID: orgID, conversationID: conversationID, limit: 20)
        guard NotSureStreak.offeredAPerson(in: recent) else { return nil }
        return String((NotSureStreak.unansweredQuestion(in: recent) ?? reply).prefix(1000))
    }

    /// An agent's reply; only the agent who owns the live conversation may write.
    public func agentReply(orgID: UUID, conversationID: UUID, agentID: UUID, clientMessageID: String?, body: String) async throws -> SentMessage {
        let body = try Validation.text(body, field: "message", maxLength: Self.maxMessageLength)
        let message = NewMessage(author: .agent, agentID: agentID, body: body, clientMessageID: try Self.clientID(clientMessageID))
        // The reply and the email it queues commit together: a crash between them loses neither.
        return try await unitOfWork.run(orgID: orgID) {
            let outcome = try await conversations.append(
                orgID: orgID,
                conversationID: conversationID,
                message: message,
                requiredModes: [.live],
                requiredOwner: agentID
            )
            let sent = try Self.sent(outcome) { Self.notYourConversation($0, before: "replying") }
            if !sent.duplicate, let replyListener {
                await replyListener.agentReplied(orgID: orgID, conversationID: conversationID, reply: sent.message)
            }
            return sent
        }
    }
}

/// Runs AI answers in the background so the customer's message is acknowledged at once.
public protocol AnswerScheduling: Sendable {
    func schedule(orgID: UUID, conversationID: UUID, question: String) async
}
