import Foundation
import Logging

/// Emails to customers: an agent's reply when the customer has left the chat, a transcript an
/// agent sends, a test email an administrator sends, and what became of each.
public struct EmailService: Sendable {
    private let settings: any EmailSettingsRepository
    private let outbox: any EmailOutboxRepository
    private let presence: any CustomerPresenceRepository
    private let conversations: any ConversationRepository
    private let organisations: any OrganisationRepository
    private let transport: any EmailTransport
    /// A customer whose widget has not reported for this long has left, even without a goodbye.
    private let presenceStaleAfter: Duration
    private let logger: Logger

    /// Most messages a transcript email carries.
    static let transcriptLimit = 1_000

    public init(
        settings: any EmailSettingsRepository,
        outbox: any EmailOutboxRepository,
        presence: any CustomerPresenceRepository,
        conversations: any ConversationRepository,
        organisations: any OrganisationRepository,
        transport: any EmailTransport,
        presenceStaleAfter: Duration = .seconds(90),
        logger: Logger
    ) {
        self.settings = settings
        self.outbox = outbox
        self.presence = presence
        self.conversations = conversations
        self.organisations = organisations
        self.transport = transport
        self.presenceStaleAfter = presenceStaleAfter
        self.logger = logger
    }

    /// Queues the reply for the customer when email is on, the customer has left and gave an
    /// email address. The reply is stored already, so a failure here is logged, not thrown.
    public func agentReplied(orgID: UUID, conversationID: UUID, reply: ChatMessage) async {
        do {
            guard let settings = try await self.settings.settings(orgID: orgID), settings.enabled,
                try await presence.isAway(orgID: orgID, conversationID: conversationID, staleAfter: presenceStaleAfter),
                let summary = try await conversations.find(orgID: orgID, conversationID: conversationID),
                let recipient = Self.recipient(summary)
            else { return }
            let composer = try await composer(orgID: orgID)
            let earlier = try await conversations.messages(
                orgID: orgID,
                conversationID: conversationID,
                afterSeq: max(0, reply.seq - Int64(EmailComposer.excerptMessages) - 1),
                limit: EmailComposer.excerptMessages + 1
            )
            let email = composer.agentReply(reply, transcript: earlier, customerName: Self.customerName(summary))
            _ = try await outbox.enqueue(
                orgID: orgID,
                NewEmail(
                    conversationID: conversationID,
                    kind: .agentReply,
                    recipient: recipient,
                    subject: email.subject,
                    body: email.body,
                    messageSeq: reply.seq
                )
            )
        } catch {
            logger.warning("could not queue a reply email", metadata: ["conversation": "\(conversationID)", "error": "\(type(of: error))"])
        }
    }

    /// Queues the whole transcript for the customer's address. A transcript still waiting to be
    /// sent is returned instead of queuing a second one.
    public func sendTranscript(orgID: UUID, conversationID: UUID, requestedBy agentID: UUID?) async throws -> EmailDelivery {
        guard let summary = try await conversations.find(orgID: orgID, conversationID: conversationID) else {
            throw SimpleDomainError.conversationNotFound
        }
        guard let settings = try await self.settings.settings(orgID: orgID), settings.enabled else { throw Self.notConfigured }
        guard let recipient = Self.recipient(summary) else { throw Self.noCustomerEmail }
        if let pending = try await outbox.pendingTranscript(orgID: orgID, conversationID: conversationID) { return pending }
        let messages = try await conversations.messages(orgID: orgID, conversationID: conversationID, afterSeq: 0, limit: Self.transcriptLimit)
        let email = try await composer(orgID: orgID).transcript(messages, startedAt: summary.startedAt, customerName: Self.customerName(summary))
        let queued = try await outbox.enqueue(
            orgID: orgID,
            NewEmail(
                conversationID: conversationID,
                kind: .transcript,
                recipient: recipient,
                subject: email.subject,
                body: email.body,
                requestedBy: agentID
            )
        )
        guard let queued else { throw SimpleDomainError.conversationNotFound }
        return queued
    }

    /// Queues the ended chat's transcript for the address the customer typed in the widget. A
    /// transcript still waiting is returned instead of a second one, and a chat's transcript is
    /// emailed at most `customerTranscriptLimit` times, so the widget cannot be used to send mail
    /// in bulk through the organisation's server.
    public func customerRequestedTranscript(orgID: UUID, conversationID: UUID, address: String) async throws -> EmailDelivery {
        let recipient = try EmailSettingsRules.address(address)
        guard let summary = try await conversations.find(orgID: orgID, conversationID: conversationID) else {
            throw SimpleDomainError.conversationNotFound
        }
        guard SatisfactionRating.ratableModes.contains(summary.mode) else { throw Self.chatStillOpen }
        guard try await transcriptsOffered(orgID: orgID) else { throw Self.notConfigured }
        // One read of the chat's transcripts answers both: one still waiting, and how many went out.
        let earlier = try await outbox.deliveries(orgID: orgID, conversationID: conversationID).filter { $0.kind == .transcript }
        if let pending = earlier.first(where: { $0.status == .pending }) { return pending }
        guard earlier.count < Self.customerTranscriptLimit else { throw Self.tooManyTranscripts }
        let messages = try await conversations.messages(orgID: orgID, conversationID: conversationID, afterSeq: 0, limit: Self.transcriptLimit)
        let email = try await composer(orgID: orgID).transcript(messages, startedAt: summary.startedAt, customerName: Self.customerName(summary))
        let queued = try await outbox.enqueue(
            orgID: orgID,
            NewEmail(conversationID: conversationID, kind: .transcript, recipient: recipient, subject: email.subject, body: email.body)
        )
        guard let queued else { throw SimpleDomainError.conversationNotFound }
        return queued
    }

    /// Whether the widget offers customers the transcript by email: the organisation's email is on.
    public func transcriptsOffered(orgID: UUID) async throws -> Bool {
        try await settings.settings(orgID: orgID)?.enabled ?? false
    }

    /// The conversation's emails, oldest first; 404 when the organisation has no such conversation.
    public func deliveries(orgID: UUID, conversationID: UUID) async throws -> [EmailDelivery] {
        guard try await conversations.find(orgID: orgID, conversationID: conversationID) != nil else {
            throw SimpleDomainError.conversationNotFound
        }
        return try await outbox.deliveries(orgID: orgID, conversationID: conversationID)
    }

    /// The newest failed attempts, for the administrators' settings page.
    public func recentFailures(orgID: UUID, limit: Int = 20) async throws -> [EmailDelivery] {
        try await outbox.recentFailures(orgID: orgID, limit: min(max(limit, 1), 100))
    }

    /// Sends a short email through the stored settings at once (enabled or not); nil when the
    /// server took it, else why not. Nothing is queued or retried.
    public func sendTest(orgID: UUID, to address: String) async throws -> EmailTransportError? {
        let recipient = try EmailSettingsRules.address(address)
        guard let settings = try await self.settings.settings(orgID: orgID), !settings.host.isEmpty, !settings.fromAddress.isEmpty else {
            throw Self.notConfigured
        }
        let name = try await organisations.find(id: orgID)?.name ?? "Switchboard"
        let message = EmailMessage(
            recipient: recipient,
            subject: "Test email from \(EmailComposer.oneLine(name, max: 100))",
            body: "This is a test email from Switchboard. The SMTP settings of \(name) work.\n"
        )
        do {
            try await transport.send(message, settings: settings, organisationName: name)
            return nil
        } catch let error as EmailTransportError {
            return error
        }
    }

    private func composer(orgID: UUID) async throws -> EmailComposer {
        let name = try await organisations.find(id: orgID)?.name ?? ""
        let zone = try await organisations.settings(for: orgID).timeZone
        return EmailComposer(organisationName: name, timeZone: TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC") ?? .current)
    }

    /// The address the customer typed into a form, else the one they wrote in the chat.
    static func recipient(_ summary: ConversationSummary) -> String? {
        for candidate in [summary.emailProvided, summary.contact.email].compactMap({ $0 }) {
            if let address = try? EmailSettingsRules.address(candidate) { return address }
        }
        return nil
    }

    static func customerName(_ summary: ConversationSummary) -> String? {
        summary.nameProvided ?? summary.contact.name
    }

    static let notConfigured = SimpleDomainError(
        .conflict,
        code: "email_not_configured",
        message: "Email is not set up for this organisation; an administrator can turn it on under Settings → Email."
    )

    /// Most transcripts of one chat a customer can have emailed (agents' sends count too).
    static let customerTranscriptLimit = 3

    static let chatStillOpen = SimpleDomainError(
        .conflict,
        code: "chat_still_open",
        message: "The transcript can be emailed once the chat has ended."
    )

    static let tooManyTranscripts = SimpleDomainError(
        .rateLimited,
        code: "too_many_transcripts",
        message: "This chat's transcript has already been emailed the most times allowed."
    )

    static let noCustomerEmail = SimpleDomainError(
        .conflict,
        code: "no_customer_email",
        message: "The customer has not given an email address in this chat."
    )
}

/// Told about every agent reply that was stored (not a resend), after it committed.
public protocol AgentReplyListener: Sendable {
    func agentReplied(orgID: UUID, conversationID: UUID, reply: ChatMessage) async
}

extension EmailService: AgentReplyListener {}
