import Foundation
import Hummingbird
import SwitchboardDomain

/// /api/v1 playbook, test plan and organisation settings, through the console's services; every
/// call needs the `admin` scope. Writes that record who made them take an `agent_id` of the
/// organisation (the API key's use is audited besides); test-plan runs record the key's name as the tester.
struct APIAdminController: Sendable {
    let playbook: PlaybookService
    let testPlan: TestPlanService
    let runner: TestPlanRunner
    let settings: SettingsService
    let agents: any AgentDirectory

    func addRoutes(to api: RouterGroup<APIKeyRequestContext>) {
        // Every route here needs the admin scope; the context checks it before a handler runs.
        let v1 = api.group(context: AdminAPIContext.self)
        v1.get("playbook/entries", use: listEntries)
        v1.post("playbook/entries", use: createEntry)
        v1.patch("playbook/entries/{id}", use: updateEntry)
        v1.delete("playbook/entries/{id}", use: deleteEntry)
        v1.get("test-plan/items", use: listItems)
        v1.post("test-plan/items", use: createItem)
        v1.patch("test-plan/items/{id}", use: updateItem)
        v1.delete("test-plan/items/{id}", use: deleteItem)
        v1.post("test-plan/items/{id}/results", use: recordResult)
        v1.post("test-plan/items/{id}/run", use: runItem)
        v1.post("test-plan/run", use: runAll)
        v1.get("settings", use: showSettings)
        v1.patch("settings", use: updateSettings)
    }

    // MARK: Playbook

    struct EntriesResponse: Encodable, Sendable {
        let data: [PlaybookController.EntryPayload]
    }

    @Sendable func listEntries(request: Request, context: AdminAPIContext) async throws -> APIResponse<EntriesResponse> {
        let sections = try await playbook.sections(orgID: context.orgID, query: APIQuery(request: request).string("q"))
        return APIResponse(value: EntriesResponse(data: sections.flatMap(\.entries).map(PlaybookController.EntryPayload.init)))
    }

    struct EntryRequest: Decodable {
        let agentId: UUID
        let section: String?
        let phrase: String?
        let answer: String?
        let owner: String?
        let position: Int?

        var draft: PlaybookDraft {
            get throws {
                PlaybookDraft(section: section, phrase: phrase, answer: answer, owner: owner, position: try Self.checked(position))
            }
        }

        static func checked(_ position: Int?) throws -> Int? {
            guard let position, !(0...1_000_000).contains(position) else { return position }
            throw APIError(.unprocessableContent, code: "invalid_position", message: "position must be from 0 to 1000000.")
        }
    }

    struct EntryResponse: Encodable, Sendable {
        let entry: PlaybookController.EntryPayload
    }

    @Sendable func createEntry(request: Request, context: AdminAPIContext) async throws -> APIResponse<EntryResponse> {
        let body = try await context.decode(EntryRequest.self, from: request)
        try await requireAgent(body.agentId, context)
        let entry = try await playbook.create(orgID: context.orgID, agentID: body.agentId, draft: try body.draft)
        return APIResponse(value: EntryResponse(entry: .init(entry)), status: .created)
    }

    @Sendable func updateEntry(request: Request, context: AdminAPIContext) async throws -> APIResponse<EntryResponse> {
        let id = try context.parameters.uuid(notFound: Self.entryNotFound)
        let body = try await context.decode(EntryRequest.self, from: request)
        try await requireAgent(body.agentId, context)
        let entry = try await playbook.update(orgID: context.orgID, entryID: id, agentID: body.agentId, draft: try body.draft)
        return APIResponse(value: EntryResponse(entry: .init(entry)))
    }

    @Sendable func deleteEntry(request: Request, context: AdminAPIContext) async throws -> Response {
        try await playbook.delete(orgID: context.orgID, entryID: try context.parameters.uuid(notFound: Self.entryNotFound))
        return Response(status: .noContent)
    }

    // MARK: Test plan

    struct ItemsResponse: Encodable, Sendable {
        let data: [TestPlanController.ItemPayload]
        let passed: Int
        let total: Int
    }

    @Sendable func listItems(request: Request, context: AdminAPIContext) async throws -> APIResponse<ItemsResponse> {
        let overview = try await testPlan.overview(orgID: context.orgID)
        return APIResponse(
            value: ItemsResponse(
                data: overview.items.map(TestPlanController.ItemPayload.init),
                passed: overview.passed,
                total: overview.items.count
            )
        )
    }

    /// The console's test plan item body; the REST API takes the same fields in snake_case.
    typealias ItemRequest = TestPlanController.ItemRequest

    struct ItemResponse: Encodable, Sendable {
        let item: TestPlanController.ItemPayload
    }

    @Sendable func createItem(request: Request, context: AdminAPIContext) async throws -> APIResponse<ItemResponse> {
        let body = try await context.decode(ItemRequest.self, from: request)
        let item = try await testPlan.create(
            orgID: context.orgID,
            title: body.title ?? "",
            steps: body.steps,
            expectedResult: body.expectedResult,
            check: try body.checkChange.testCase
        )
        return APIResponse(value: ItemResponse(item: .init(item)), status: .created)
    }

    @Sendable func updateItem(request: Request, context: AdminAPIContext) async throws -> APIResponse<ItemResponse> {
        let id = try context.parameters.uuid(notFound: Self.itemNotFound)
        let body = try await context.decode(ItemRequest.self, from: request)
        let item = try await testPlan.update(
            orgID: context.orgID,
            itemID: id,
            draft: TestPlanDraft(
                title: body.title,
                steps: body.steps,
                expectedResult: body.expectedResult,
                position: try EntryRequest.checked(body.position),
                check: try body.checkChange
            )
        )
        return APIResponse(value: ItemResponse(item: .init(item)))
    }

    @Sendable func deleteItem(request: Request, context: AdminAPIContext) async throws -> Response {
        try await testPlan.delete(orgID: context.orgID, itemID: try context.parameters.uuid(notFound: Self.itemNotFound))
        return Response(status: .noContent)
    }

    struct ResultRequest: Decodable {
        let agentId: UUID
        let outcome: String
        let note: String?
    }

    @Sendable func recordResult(request: Request, context: AdminAPIContext) async throws -> APIResponse<ItemResponse> {
        let id = try context.parameters.uuid(notFound: Self.itemNotFound)
        let body = try await context.decode(ResultRequest.self, from: request)
        try await requireAgent(body.agentId, context)
        let item = try await testPlan.record(orgID: context.orgID, itemID: id, testerID: body.agentId, outcome: body.outcome, note: body.note)
        return APIResponse(value: ItemResponse(item: .init(item)), status: .created)
    }

    /// Runs one check's question through the organisation's engine and records the result.
    @Sendable func runItem(request: Request, context: AdminAPIContext) async throws -> APIResponse<ItemResponse> {
        let id = try context.parameters.uuid(notFound: Self.itemNotFound)
        let (item, _) = try await runner.run(orgID: context.orgID, itemID: id, tester: .named(context.apiKey.name))
        return APIResponse(value: ItemResponse(item: .init(item)))
    }

    struct RunResponse: Encodable, Sendable {
        /// The checks that were run, in plan order, with their new results.
        let data: [TestPlanController.ItemPayload]
        let passed: Int
        let total: Int
    }

    /// Runs every check that carries a question, in plan order, recording each result.
    @Sendable func runAll(request: Request, context: AdminAPIContext) async throws -> APIResponse<RunResponse> {
        let runs = try await runner.runAll(orgID: context.orgID, tester: .named(context.apiKey.name))
        return APIResponse(
            value: RunResponse(
                data: runs.map { TestPlanController.ItemPayload($0.item) },
                passed: runs.filter(\.run.passed).count,
                total: runs.count
            )
        )
    }

    // MARK: Settings

    @Sendable func showSettings(request: Request, context: AdminAPIContext) async throws -> APIResponse<SettingsController.SettingsPayload> {
        APIResponse(value: .init(try await settings.current(orgID: context.orgID)))
    }

    struct SettingsRequest: Decodable, SettingsChangeRequest {
        let agentId: UUID
        let aiChatEnabled: Bool?
        let timeZone: String?
        let businessHours: BusinessHours?
        let widgetAllowedOrigins: [String]?
        let idleCloseMinutes: Int?
    }

    /// Partial: the fields given replace the stored values; the change is audited under `agent_id`.
    @Sendable func updateSettings(request: Request, context: AdminAPIContext) async throws -> APIResponse<SettingsController.SettingsPayload> {
        let body = try await context.decode(SettingsRequest.self, from: request)
        try await requireAgent(body.agentId, context)
        let updated = try await settings.update(
            orgID: context.orgID,
            agentID: body.agentId,
            change: body.change
        )
        return APIResponse(value: .init(updated))
    }

    func requireAgent(_ agentID: UUID, _ context: AdminAPIContext) async throws {
        guard try await agents.displayName(orgID: context.orgID, agentID: agentID) != nil else {
            throw APIError(.unprocessableContent, code: "unknown_agent", message: "agent_id is not an agent of this organisation.")
        }
    }

    static let entryNotFound = SimpleDomainError(.notFound, code: "playbook_entry_not_found", message: "There is no such playbook entry.")
    static let itemNotFound = SimpleDomainError(.notFound, code: "test_plan_item_not_found", message: "There is no such test plan item.")
}
