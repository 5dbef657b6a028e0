import Foundation
import SwitchboardDomain
import Testing

/// "@Name" in a note: full names, unique first names, whole words only, any case.
@Suite struct NoteMentionsTests {
    let carol = AgentPresence(id: UUID(), displayName: "Carol Mendes", role: .agent, online: true)
    let carola = AgentPresence(id: UUID(), displayName: "Carola Diaz", role: .agent, online: true)
    let dave = AgentPresence(id: UUID(), displayName: "Dave Okafor", role: .supervisor, online: false)
    let dave2 = AgentPresence(id: UUID(), displayName: "Dave Smith", role: .agent, online: true)

    func mentioned(_ body: String) -> Set<String> {
        Set(
            NoteMentions.agentIDs(in: body, among: [carol, carola, dave, dave2]).compactMap { id in
                [carol, carola, dave, dave2].first { $0.id == id }?.displayName
            }
        )
    }

    @Test func fullAndUniqueFirstNamesMention() {
        #expect(mentioned("@Carol Mendes can you check?") == ["Carol Mendes"])
        #expect(mentioned("thanks @carol, and @CAROLA too") == ["Carol Mendes", "Carola Diaz"])
        #expect(mentioned("(@carol)") == ["Carol Mendes"])
    }

    @Test func aFirstNameTwoAgentsShareNeedsTheFullName() {
        #expect(mentioned("@dave please") == [])
        #expect(mentioned("@dave smith please") == ["Dave Smith"])
    }

    @Test func partsOfWordsAndAddressesAreNoMentions() {
        #expect(mentioned("@carolx and @car and carol@example.com") == [])
        #expect(mentioned("no mention of carol here") == [])
    }
}
