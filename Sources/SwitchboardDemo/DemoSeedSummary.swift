import Foundation
import SwitchboardDomain

/// What `DemoSeeder.seed()` did: nothing when the demo was already there, else one entry per
/// organisation it created.
public struct DemoSeedSummary: Sendable, Equatable, CustomStringConvertible {
    /// What was written for one demo organisation.
    public struct Organisation: Sendable, Equatable {
        public var id: UUID
        public var slug: String
        public var name: String
        public var articles: Int
        public var agents: Int
        public var conversations: Int
        public var messages: Int
        public var playbookEntries: Int
        public var testPlanItems: Int
        /// Conversations per mode as seeded.
        public var modes: [Conversation.Mode: Int]
    }

    /// True when an organisation with the slug `careerlearning` already existed, so nothing was added.
    public var alreadySeeded: Bool
    public var organisations: [Organisation]

    public init(alreadySeeded: Bool, organisations: [Organisation]) {
        self.alreadySeeded = alreadySeeded
        self.organisations = organisations
    }

    public subscript(slug: String) -> Organisation? {
        organisations.first { $0.slug == slug }
    }

    public var description: String {
        if alreadySeeded { return "Demo data is already present (organisation careerlearning exists); nothing was added." }
        return organisations.map { organisation in
            let modes = Conversation.Mode.allCases.map { "\($0.rawValue) \(organisation.modes[$0, default: 0])" }
            return "\(organisation.name) (\(organisation.slug)): \(organisation.articles) articles, "
                + "\(organisation.agents) agents, \(organisation.conversations) conversations, "
                + "\(organisation.messages) messages, \(organisation.playbookEntries) playbook entries, "
                + "\(organisation.testPlanItems) test plan items; modes: \(modes.joined(separator: ", "))"
        }.joined(separator: "\n")
    }
}
