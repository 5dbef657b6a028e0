import Foundation
import Hummingbird
import SwitchboardDomain

/// Webhook subscriptions on the console's admin page (admins only): list, create and rotate the
/// secret (the secret is in that one answer), edit, pause and resume, delete, send a test ping,
/// read a subscription's delivery log and redeliver an entry of it.
struct WebhookController: Sendable {
    let service: WebhookService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        let admins = api.group(context: AdminRequestContext.self)
        admins.get("admin/webhooks", use: list)
        admins.post("admin/webhooks", use: create)
        admins.patch("admin/webhooks/{id}", use: update)
        admins.delete("admin/webhooks/{id}", use: delete)
        admins.post("admin/webhooks/{id}/rotate-secret", use: rotateSecret)
        admins.post("admin/webhooks/{id}/deliveries/{deliveryId}/redeliver", use: redeliver)
        admins.post("admin/webhooks/{id}/test", use: test)
        admins.get("admin/webhooks/{id}/deliveries", use: deliveries)
    }

    struct SubscriptionPayload: Encodable, Sendable {
        let id: UUID
        let url: String
        let events: [String]
        @Explicit var description: String?
        let active: Bool
        let createdAt: Date

        init(_ subscription: WebhookSubscription) {
            id = subscription.id
            url = subscription.url
            events = subscription.eventTypes.map(\.rawValue)
            description = subscription.description
            active = subscription.active
            createdAt = subscription.createdAt
        }

        /// A missing description is written as null, so every subscription has the same keys.
    }

    struct ListResponse: Encodable, Sendable {
        let webhooks: [SubscriptionPayload]
        /// Every event type a subscription can name.
        let eventTypes: [String]
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> JSONResponse<ListResponse> {
        let subscriptions = try await service.subscriptions(orgID: context.agent.orgID)
        return JSONResponse(
            ListResponse(
                webhooks: subscriptions.map(SubscriptionPayload.init),
                eventTypes: WebhookEventType.allCases.map(\.rawValue)
            )
        )
    }

    struct CreateRequest: Decodable {
        let url: String
        let events: [String]
        let description: String?
    }

    struct CreateResponse: Encodable, Sendable {
        let webhook: SubscriptionPayload
        /// Shown once: store it with the receiver to verify `Switchboard-Signature`.
        let secret: String
    }

    @Sendable func create(request: Request, context: AdminRequestContext) async throws -> JSONResponse<CreateResponse> {
        let body = try await request.decode(as: CreateRequest.self, context: context)
        let created = try await service.create(
            orgID: context.agent.orgID,
            actor: .agent(context.agent.agentID),
            url: body.url,
            eventTypes: body.events,
            description: body.description
        )
        return JSONResponse(CreateResponse(webhook: SubscriptionPayload(created.subscription), secret: created.secret), status: .created)
    }

    struct UpdateRequest: Decodable {
        let url: String?
        let events: [String]?
        let description: String?
        let active: Bool?
    }

    struct UpdateResponse: Encodable, Sendable {
        let webhook: SubscriptionPayload
    }

    /// Partial: `active` false pauses, true resumes; an empty `description` clears it.
    @Sendable func update(request: Request, context: AdminRequestContext) async throws -> JSONResponse<UpdateResponse> {
        let id = try Self.id(context)
        let body = try await request.decode(as: UpdateRequest.self, context: context)
        let updated = try await service.update(
            orgID: context.agent.orgID,
            actor: .agent(context.agent.agentID),
            subscriptionID: id,
            url: body.url,
            eventTypes: body.events,
            description: body.description,
            active: body.active
        )
        return JSONResponse(UpdateResponse(webhook: SubscriptionPayload(updated)))
    }

    @Sendable func rotateSecret(request: Request, context: AdminRequestContext) async throws -> JSONResponse<CreateResponse> {
        let rotated = try await service.rotateSecret(
            orgID: context.agent.orgID,
            actor: .agent(context.agent.agentID),
            subscriptionID: try Self.id(context)
        )
        return JSONResponse(CreateResponse(webhook: SubscriptionPayload(rotated.subscription), secret: rotated.secret))
    }

    struct RedeliverResponse: Encodable, Sendable {
        let delivery: DeliveryPayload
    }

    @Sendable func redeliver(request: Request, context: AdminRequestContext) async throws -> JSONResponse<RedeliverResponse> {
        let id = try Self.id(context)
        let deliveryID = try context.parameters.uuid("deliveryId", notFound: WebhookErrors.deliveryNotFound)
        let queued = try await service.redeliver(
            orgID: context.agent.orgID,
            actor: .agent(context.agent.agentID),
            subscriptionID: id,
            deliveryID: deliveryID
        )
        return JSONResponse(RedeliverResponse(delivery: DeliveryPayload(queued)), status: .accepted)
    }

    @Sendable func delete(request: Request, context: AdminRequestContext) async throws -> Response {
        try await service.delete(orgID: context.agent.orgID, actor: .agent(context.agent.agentID), subscriptionID: try Self.id(context))
        return Response(status: .noContent)
    }

    struct TestResponse: Encodable, Sendable {
        let deliveryId: UUID
    }

    @Sendable func test(request: Request, context: AdminRequestContext) async throws -> JSONResponse<TestResponse> {
        let id = try await service.sendTest(orgID: context.agent.orgID, subscriptionID: try Self.id(context))
        return JSONResponse(TestResponse(deliveryId: id), status: .accepted)
    }

    struct DeliveryPayload: Encodable, Sendable {
        let id: UUID
        let eventId: UUID
        let event: String
        let status: String
        let attempts: Int
        @Explicit var lastStatusCode: Int?
        @Explicit var lastError: String?
        let createdAt: Date
        @Explicit var lastAttemptAt: Date?
        @Explicit var nextAttemptAt: Date?
        @Explicit var deliveredAt: Date?

        init(_ record: WebhookDeliveryRecord) {
            id = record.id
            eventId = record.eventID
            event = record.eventType
            status = record.status.rawValue
            attempts = record.attempts
            lastStatusCode = record.lastStatusCode
            lastError = record.lastError
            createdAt = record.createdAt
            lastAttemptAt = record.lastAttemptAt
            nextAttemptAt = record.nextAttemptAt
            deliveredAt = record.deliveredAt
        }

        /// Absent values are written as null, so every entry has the same keys.
    }

    struct DeliveriesResponse: Encodable, Sendable {
        let deliveries: [DeliveryPayload]
    }

    /// `?limit=` (1–200, default 50), newest first.
    @Sendable func deliveries(request: Request, context: AdminRequestContext) async throws -> JSONResponse<DeliveriesResponse> {
        let limitText = request.uri.queryParameters["limit"].map(String.init)
        let limit = limitText.flatMap(Int.init)
        if limitText != nil && limit == nil {
            throw APIError(.unprocessableContent, code: "invalid_limit", message: "limit must be a whole number from 1 to 200.")
        }
        let log = try await service.deliveries(orgID: context.agent.orgID, subscriptionID: try Self.id(context), limit: limit)
        return JSONResponse(DeliveriesResponse(deliveries: log.map(DeliveryPayload.init)))
    }

    static func id(_ context: AdminRequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: WebhookErrors.notFound)
    }
}
