import Foundation
import Hummingbird
import SwitchboardDomain

/// The AI System Test Plan: everyone reads it and marks checks pass or fail; supervisors edit it.
struct TestPlanController: Sendable {
    let service: TestPlanService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("test-plan", use: list)
        api.post("test-plan", use: create)
        api.put("test-plan/{id}", use: update)
        api.delete("test-plan/{id}", use: delete)
        api.post("test-plan/{id}/results", use: record)
    }

    struct ResultPayload: Encodable, Sendable {
        let outcome: TestResult.Outcome
        let note: String?
        let tester: String?
        let testedAt: Date

        enum CodingKeys: String, CodingKey { case outcome, note, tester, testedAt }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(note, forKey: .note)
            try c.encode(tester, forKey: .tester)
            try c.encode(testedAt, forKey: .testedAt)
        }
    }

    struct ItemPayload: Encodable, Sendable {
        let id: UUID
        let position: Int
        let title: String
        let steps: String?
        let expectedResult: String?
        let result: ResultPayload?

        init(_ item: TestPlanItem) {
            id = item.id
            position = item.position
            title = item.title
            steps = item.steps
            expectedResult = item.expectedResult
            result = item.result.map {
                ResultPayload(outcome: $0.outcome, note: $0.note, tester: $0.tester, testedAt: $0.testedAt)
            }
        }

        enum CodingKeys: String, CodingKey { case id, position, title, steps, expectedResult, result }

        func encode(to encoder: any Encoder) throws {
            // Unset fields and "not run yet" are null, not missing.
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(position, forKey: .position)
            try c.encode(title, forKey: .title)
            try c.encode(steps, forKey: .steps)
            try c.encode(expectedResult, forKey: .expectedResult)
            try c.encode(result, forKey: .result)
        }
    }

    struct PlanResponse: Encodable, Sendable {
        let items: [ItemPayload]
        let passed: Int
        let total: Int
    }

    @Sendable func list(request: Request, context: AgentRequestContext) async throws -> JSONResponse<PlanResponse> {
        let overview = try await service.overview(orgID: context.agent.orgID)
        return JSONResponse(PlanResponse(items: overview.items.map(ItemPayload.init), passed: overview.passed, total: overview.items.count))
    }

    struct ItemRequest: Decodable {
        let title: String?
        let steps: String?
        let expectedResult: String?
        let position: Int?
    }

    @Sendable func create(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ItemPayload> {
        try context.require(.supervisor)
        let body = try await request.decode(as: ItemRequest.self, context: context)
        let item = try await service.create(
            orgID: context.agent.orgID, title: body.title ?? "", steps: body.steps, expectedResult: body.expectedResult)
        return JSONResponse(ItemPayload(item), status: .created)
    }

    @Sendable func update(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ItemPayload> {
        try context.require(.supervisor)
        let body = try await request.decode(as: ItemRequest.self, context: context)
        let item = try await service.update(
            orgID: context.agent.orgID, itemID: try Self.id(context),
            draft: TestPlanDraft(title: body.title, steps: body.steps, expectedResult: body.expectedResult, position: body.position))
        return JSONResponse(ItemPayload(item))
    }

    @Sendable func delete(request: Request, context: AgentRequestContext) async throws -> Response {
        try context.require(.supervisor)
        try await service.delete(orgID: context.agent.orgID, itemID: try Self.id(context))
        return Response(status: .noContent)
    }

    struct ResultRequest: Decodable {
        let outcome: String
        let note: String?
    }

    @Sendable func record(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ItemPayload> {
        let body = try await request.decode(as: ResultRequest.self, context: context)
        let item = try await service.record(
            orgID: context.agent.orgID, itemID: try Self.id(context), testerID: context.agent.agentID,
            outcome: body.outcome, note: body.note)
        return JSONResponse(ItemPayload(item), status: .created)
    }

    static func id(_ context: AgentRequestContext) throws -> UUID {
        try context.uuidParameter(notFound: TestPlanService.notFound)
    }
}
