import SwitchboardDomain
import Testing

@Suite struct OrganisationTests {
    @Test(arguments: ["acme", "career-learning", "a1", "x", String(repeating: "a", count: 63)])
    func acceptsSlugsPostgresAccepts(slug: String) {
        #expect(Organisation.isValidSlug(slug))
    }

    @Test(arguments: ["", "Acme", "-acme", "acme-", "acme support", "acme_support", "<b>", String(repeating: "a", count: 64)])
    func refusesOtherSlugs(slug: String) {
        #expect(!Organisation.isValidSlug(slug))
    }
}

@Suite struct ModeTests {
    @Test func dashboardGroupsFollowTheDesign() {
        #expect(Conversation.Mode.allCases.filter(\.isActive) == [.ai, .needs, .live])
        #expect(Conversation.Mode.allCases.filter(\.isResolved) == [.closed, .archived])
    }

    @Test func rolesAreOrderedByPower() {
        #expect(AgentRole.agent < .supervisor)
        #expect(AgentRole.supervisor < .admin)
        #expect(AgentRole.allCases.max() == .admin)
    }
}
