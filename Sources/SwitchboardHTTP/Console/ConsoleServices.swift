import Foundation
import SwitchboardDomain

/// What the console's review, queue, settings, test plan, playbook, admin and analytics endpoints need.
public struct ConsoleServices: Sendable {
    public var conversations: any ConversationRepository
    public var review: ReviewService
    public var settings: SettingsService
    public var testPlan: TestPlanService
    /// Runs the test plan's questions through the organisation's engine (console and REST).
    public var testPlanRunner: TestPlanRunner
    public var playbook: PlaybookService
    public var cleanup: CleanupService
    public var dataReference: any DataReference
    public var presence: any PresenceRecorder
    public var analytics: AnalyticsService
    /// Articles for the correction picker, and their example questions.
    public var articles: ArticleService
    public var examples: ArticleExampleService
    public var vocabulary: VocabularyService
    /// The organisation's answer engine (built-in, or an OpenAI-compatible provider).
    public var answerEngine: AnswerEngineSettingsService
    /// Internal notes and their mentions.
    public var notes: NoteService
    /// Automatic round-robin assignment of chats waiting for a human.
    public var assignment: AssignmentService
    /// The organisation's SMTP settings (admins).
    public var emailSettings: EmailSettingsService
    /// Emails to customers: transcripts, their delivery state, test emails.
    public var email: EmailService

    public init(
        conversations: any ConversationRepository,
        review: ReviewService,
        settings: SettingsService,
        testPlan: TestPlanService,
        testPlanRunner: TestPlanRunner,
        playbook: PlaybookService,
        cleanup: CleanupService,
        dataReference: any DataReference,
        presence: any PresenceRecorder,
        analytics: AnalyticsService,
        articles: ArticleService,
        examples: ArticleExampleService,
        vocabulary: VocabularyService,
        answerEngine: AnswerEngineSettingsService,
        notes: NoteService,
        assignment: AssignmentService,
        emailSettings: EmailSettingsService,
        email: EmailService
    ) {
        self.emailSettings = emailSettings
        self.email = email
        self.notes = notes
        self.assignment = assignment
        self.conversations = conversations
        self.review = review
        self.settings = settings
        self.testPlan = testPlan
        self.testPlanRunner = testPlanRunner
        self.playbook = playbook
        self.cleanup = cleanup
        self.dataReference = dataReference
        self.presence = presence
        self.analytics = analytics
        self.articles = articles
        self.examples = examples
        self.vocabulary = vocabulary
        self.answerEngine = answerEngine
    }
}
