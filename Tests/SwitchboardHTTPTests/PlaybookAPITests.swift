import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// The Customer Service Playbook: search by phrase across phrase, answer and section, grouped by
/// section; supervisors edit; nothing across organisations.
@Suite struct PlaybookAPITests {
    struct PlaybookWire: Decodable {
        struct Entry: Decodable {
            let id: UUID
            let section: String
            let phrase: String
            let answer: String
            let owner: String?
            let position: Int
        }
        struct Section: Decodable {
            let name: String
            let entries: [Entry]
        }
        let sections: [Section]
    }

    private func add(
        _ client: some TestClientProtocol,
        as agent: TestSystem.Agent,
        _ section: String,
        _ phrase: String,
        _ answer: String,
        owner: String? = nil
    ) async throws -> PlaybookWire.Entry {
        let response = try await client.api(
            .post,
            "playbook",
            as: agent,
            json: json([
                "section": section, "phrase": phrase, "answer": answer, "owner": owner,
            ])
        )
        try #require(response.status == .created, "\(String(buffer: response.body))")
        return try decodeWire(PlaybookWire.Entry.self, from: response.body)
    }

    @Test func searchMatchesPhraseAnswerOrSectionAndGroupsBySection() async throws {
        try await TestSystem.with { system in
            let sam = try await system.agent("Sam", role: .supervisor)
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let pricing = try await add(client, as: sam, "Pricing", "How much is it?", "Plans start at 10 EUR a month.", owner: "Sales")
                _ = try await add(client, as: sam, "Pricing", "Is there a discount?", "Students get 50% off.", owner: "Sales")
                _ = try await add(client, as: sam, "Access", "I forgot my password", "Use the reset link on the sign-in page.", owner: "Support Team")
                #expect(pricing.position == 0)

                let all = try decodeWire(PlaybookWire.self, from: try await client.api(.get, "playbook", as: carol).body)
                #expect(all.sections.map(\.name) == ["Access", "Pricing"])
                #expect(all.sections.last?.entries.map(\.position) == [0, 1])

                let byAnswer = try decodeWire(PlaybookWire.self, from: try await client.api(.get, "playbook?q=RESET", as: carol).body)
                #expect(byAnswer.sections.flatMap(\.entries).map(\.phrase) == ["I forgot my password"])
                let bySection = try decodeWire(PlaybookWire.self, from: try await client.api(.get, "playbook?q=pric", as: carol).body)
                #expect(bySection.sections.map(\.name) == ["Pricing"])
                #expect(bySection.sections.first?.entries.count == 2)
                // Wildcards are matched literally, and quotes are just text.
                let percent = try decodeWire(PlaybookWire.self, from: try await client.api(.get, "playbook?q=50%25", as: carol).body)
                #expect(percent.sections.flatMap(\.entries).map(\.phrase) == ["Is there a discount?"])
                let wildcard = try decodeWire(PlaybookWire.self, from: try await client.api(.get, "playbook?q=%25", as: carol).body)
                #expect(wildcard.sections.flatMap(\.entries).count == 1)
                let quote = try await client.api(.get, "playbook?q=%27%3B%20DROP%20TABLE", as: carol)
                #expect(quote.status == .ok)
                #expect(try decodeWire(PlaybookWire.self, from: quote.body).sections.isEmpty)
            }
        }
    }

    @Test func supervisorsEditAndAgentsCannot() async throws {
        try await TestSystem.with { system in
            let sam = try await system.agent("Sam", role: .supervisor)
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let entry = try await add(client, as: sam, "Pricing", "How much is it?", "10 EUR a month.", owner: "Sales")
                for (method, path) in [(HTTPRequest.Method.post, "playbook"), (.put, "playbook/\(entry.id)"), (.delete, "playbook/\(entry.id)")] {
                    let response = try await client.api(
                        method,
                        path,
                        as: carol,
                        json: method == .delete ? nil : json(["section": "X", "phrase": "Y", "answer": "Z"])
                    )
                    #expect(response.status == .forbidden, "\(method) \(path)")
                }
                let missing = try await client.api(.post, "playbook", as: sam, json: json(["section": "Pricing", "phrase": "No answer"]))
                #expect(missing.status == .unprocessableContent)
                #expect(try errorBody(missing).code == "missing_fields")

                let edited = try await client.api(.put, "playbook/\(entry.id)", as: sam, json: json(["answer": "12 EUR a month.", "owner": ""]))
                #expect(edited.status == .ok)
                let editedEntry = try decodeWire(PlaybookWire.Entry.self, from: edited.body)
                #expect(editedEntry.answer == "12 EUR a month.")
                #expect(editedEntry.phrase == "How much is it?")
                #expect(editedEntry.owner == nil)
                #expect(try await client.api(.delete, "playbook/\(entry.id)", as: sam).status == .noContent)
                #expect(try decodeWire(PlaybookWire.self, from: try await client.api(.get, "playbook", as: carol).body).sections.isEmpty)
            }
        }
    }

    @Test func anotherOrganisationCannotSeeOrChangeThePlaybook() async throws {
        try await TestSystem.with { system in
            let sam = try await system.agent("Sam", role: .supervisor)
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", role: .admin, in: other.id)
            try await system.application().test(.router) { client in
                let entry = try await add(client, as: sam, "Pricing", "How much is it?", "10 EUR a month.")
                #expect(try decodeWire(PlaybookWire.self, from: try await client.api(.get, "playbook?q=much", as: mallory).body).sections.isEmpty)
                let edit = try await client.api(.put, "playbook/\(entry.id)", as: mallory, json: json(["answer": "Free!"]))
                #expect(edit.status == .notFound)
                #expect(try errorBody(edit).code == "playbook_entry_not_found")
                #expect(try await client.api(.delete, "playbook/\(entry.id)", as: mallory).status == .notFound)
                #expect(
                    try await client.api(
                        .post,
                        "playbook",
                        as: mallory,
                        json: json([
                            "section": "Pricing", "phrase": "How much is it?", "answer": "Free!",
                        ])
                    ).status == .created
                )
                let ours = try decodeWire(PlaybookWire.self, from: try await client.api(.get, "playbook", as: sam).body)
                #expect(ours.sections.flatMap(\.entries).map(\.answer) == ["10 EUR a month."])
            }
        }
    }
}
