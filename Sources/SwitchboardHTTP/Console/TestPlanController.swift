import Foundation
import Hummingbird
import SwitchboardDomain

/// The AI System Test Plan: everyone reads it and marks checks pass or fail; supervisors edit it
/// and run the checks that carry a question through the organisation's engine.
struct TestPlanController: Sendable {
    let service: TestPlanService
    let runner: TestPlanRunner

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("test-plan", use: list)
        api.post("test-plan/{id}/results", use: record)
        let supervisors = api.group(context: SupervisorRequestContext.self)
        supervisors.post("test-plan", use: create)
        supervisors.put("test-plan/{id}", use: update)
        supervisors.delete("test-plan/{id}", use: delete)
        supervisors.post("test-plan/{id}/run", use: run)
    }

    struct ResultPayload: Encodable, Sendable {
        let outcome: TestResult.Outcome
        @Explicit var note: String?
        @Explicit var tester: String?
        let testedAt: Date
    }

    struct ItemPayload: Encodable, Sendable {
        let id: UUID
        let position: Int
        let title: String
        @Explicit var steps: String?
        @Explicit var expectedResult: String?
        /// The customer question a run asks; null for a manual check.
        @Explicit var question: String?
        /// "article", "decline" or "handoff"; null for a manual check.
        @Explicit var expect: String?
        @Explicit var articleId: UUID?
        @Explicit var articleTitle: String?
        @Explicit var result: ResultPayload?

        init(_ item: TestPlanItem) {
            id = item.id
            position = item.position
            title = item.title
            steps = item.steps
            expectedResult = item.expectedResult
            question = item.check?.question
            expect = item.check?.expectation.kind
            articleId = item.check?.expectation.articleID
            articleTitle = item.expectedArticleTitle
            result = item.result.map {
                ResultPayload(outcome: $0.outcome, note: $0.note, tester: $0.tester, testedAt: $0.testedAt)
            }
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
        /// With `expect` (and `articleId` for "article"); "" makes the check manual again.
        let question: String?
        let expect: String?
        let articleId: UUID?

        var checkChange: TestPlanDraft.CheckChange {
            get throws { try TestPlanService.checkChange(question: question, expect: expect, articleID: articleId) }
        }
    }

    @Sendable func create(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<ItemPayload> {
        let body = try await request.decode(as: ItemRequest.self, context: context)
        let item = try await service.create(
            orgID: context.agent.orgID,
            title: body.title ?? "",
            steps: body.steps,
            expectedResult: body.expectedResult,
            check: try body.checkChange.testCase
        )
        return JSONResponse(ItemPayload(item), status: .created)
    }

    @Sendable func update(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<ItemPayload> {
        let body = try await request.decode(as: ItemRequest.self, context: context)
        let item = try await service.update(
            orgID: context.agent.orgID,
            itemID: try Self.id(context),
            draft: TestPlanDraft(
                title: body.title,
                steps: body.steps,
                expectedResult: body.expectedResult,
                position: body.position,
                check: try body.checkChange
            )
        )
        return JSONResponse(ItemPayload(item))
    }

    @Sendable func delete(request: Request, context: SupervisorRequestContext) async throws -> Response {
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
            orgID: context.agent.orgID,
            itemID: try Self.id(context),
            testerID: context.agent.agentID,
            outcome: body.outcome,
            note: body.note
        )
        return JSONResponse(ItemPayload(item), status: .created)
    }

    /// Runs the check's question through the organisation's engine and records Pass or Fail with
    /// the reply, under the supervisor's name.
    @Sendable func run(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<ItemPayload> {
        let (item, _) = try await runner.run(orgID: context.agent.orgID, itemID: try Self.id(context), tester: .agent(context.agent.agentID))
        return JSONResponse(ItemPayload(item))
    }

    static func id(_ context: some RequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: TestPlanService.notFound)
    }
}

extension TestPlanDraft.CheckChange {
    /// The question of a new check: nil unless one is set.
    var testCase: TestCase? {
        if case .set(let testCase) = self { testCase } else { nil }
    }
}
