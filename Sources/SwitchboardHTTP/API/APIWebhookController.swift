import Foundation
import Hummingbird
import SwitchboardDomain

/// /api/v1 webhook subscriptions and their delivery logs (scope `admin`), through the same
/// service as the console. Changes are audited under the API key (`actor_kind = 'api_key'`).
struct APIWebhookController: Sendable {
    let service: WebhookService

    func addRoutes(to api: RouterGroup<APIKeyRequestContext>) {
        // Every route here needs the admin scope; the context checks it before a handler runs.
        let v1 = api.group(context: AdminAPIContext.self)
        v1.get("webhooks", use: list)
        v1.post("webhooks", use: create)
        v1.get("webhooks/{id}", use: get)
        v1.patch("webhooks/{id}", use: update)
        v1.delete("webhooks/{id}", use: delete)
        v1.post("webhooks/{id}/rotate-secret", use: rotateSecret)
        v1.get("webhooks/{id}/deliveries", use: deliveries)
        v1.post("webhooks/{id}/deliveries/{delivery_id}/redeliver", use: redeliver)
    }

    /// The console's payloads; the API's encoder writes their keys in snake_case.
    typealias WebhookPayload = WebhookController.SubscriptionPayload
    typealias DeliveryPayload = WebhookController.DeliveryPayload

    struct WebhookResponse: Encodable, Sendable {
        let webhook: WebhookPayload
    }

    /// Creating and rotating answer with the secret: the only time it is shown.
    struct WebhookSecretResponse: Encodable, Sendable {
        let webhook: WebhookPayload
        let secret: String

        init(_ created: WebhookService.Created) {
            webhook = WebhookPayload(created.subscription)
            secret = created.secret
        }
    }

    @Sendable func list(request: Request, context: AdminAPIContext) async throws -> APIResponse<APIPage<WebhookPayload>> {
        let query = APIQuery(request: request)
        let limit = try query.limit()
        let rows = try await service.subscriptionPage(orgID: context.orgID, after: try query.cursor(), limit: limit + 1)
        let page = Array(rows.prefix(limit))
        return APIResponse(
            value: APIPage(
                data: page.map { WebhookPayload($0.subscription) },
                nextCursor: rows.count > limit ? page.last?.cursor.token : nil
            )
        )
    }

    struct CreateRequest: Decodable {
        let url: String
        let events: [String]
        let description: String?
    }

    @Sendable func create(request: Request, context: AdminAPIContext) async throws -> APIResponse<WebhookSecretResponse> {
        let body = try await context.decode(CreateRequest.self, from: request)
        let created = try await service.create(
            orgID: context.orgID,
            actor: .apiKey(context.apiKey.id),
            url: body.url,
            eventTypes: body.events,
            description: body.description
        )
        return APIResponse(value: WebhookSecretResponse(created), status: .created, headers: Self.noStore)
    }

    @Sendable func get(request: Request, context: AdminAPIContext) async throws -> APIResponse<WebhookResponse> {
        let subscription = try await service.subscription(orgID: context.orgID, subscriptionID: try Self.id(context))
        return APIResponse(value: WebhookResponse(webhook: WebhookPayload(subscription)))
    }

    struct UpdateRequest: Decodable {
        let url: String?
        let events: [String]?
        let description: String?
        let active: Bool?
    }

    /// Partial: `active` false pauses (no new deliveries are queued), true resumes.
    @Sendable func update(request: Request, context: AdminAPIContext) async throws -> APIResponse<WebhookResponse> {
        let id = try Self.id(context)
        let body = try await context.decode(UpdateRequest.self, from: request)
        let updated = try await service.update(
            orgID: context.orgID,
            actor: .apiKey(context.apiKey.id),
            subscriptionID: id,
            url: body.url,
            eventTypes: body.events,
            description: body.description,
            active: body.active
        )
        return APIResponse(value: WebhookResponse(webhook: WebhookPayload(updated)))
    }

    @Sendable func delete(request: Request, context: AdminAPIContext) async throws -> Response {
        try await service.delete(orgID: context.orgID, actor: .apiKey(context.apiKey.id), subscriptionID: try Self.id(context))
        return Response(status: .noContent)
    }

    @Sendable func rotateSecret(request: Request, context: AdminAPIContext) async throws -> APIResponse<WebhookSecretResponse> {
        let rotated = try await service.rotateSecret(
            orgID: context.orgID,
            actor: .apiKey(context.apiKey.id),
            subscriptionID: try Self.id(context)
        )
        return APIResponse(value: WebhookSecretResponse(rotated), headers: Self.noStore)
    }

    /// Newest first; `limit` 1–100 (default 25) and `cursor`, like every list of the API.
    @Sendable func deliveries(request: Request, context: AdminAPIContext) async throws -> APIResponse<APIPage<DeliveryPayload>> {
        let id = try Self.id(context)
        let query = APIQuery(request: request)
        let limit = try query.limit()
        let rows = try await service.deliveries(orgID: context.orgID, subscriptionID: id, before: try query.cursor(), limit: limit + 1)
        let page = Array(rows.prefix(limit))
        return APIResponse(
            value: APIPage(
                data: page.map(DeliveryPayload.init),
                nextCursor: rows.count > limit ? page.last?.cursor?.token : nil
            )
        )
    }

    struct DeliveryResponse: Encodable, Sendable {
        let delivery: DeliveryPayload
    }

    /// Queues a delivered or failed delivery's event again as a new delivery (202).
    @Sendable func redeliver(request: Request, context: AdminAPIContext) async throws -> APIResponse<DeliveryResponse> {
        let id = try Self.id(context)
        let deliveryID = try context.parameters.uuid("delivery_id", notFound: WebhookErrors.deliveryNotFound)
        let queued = try await service.redeliver(
            orgID: context.orgID,
            actor: .apiKey(context.apiKey.id),
            subscriptionID: id,
            deliveryID: deliveryID
        )
        return APIResponse(value: DeliveryResponse(delivery: DeliveryPayload(queued)), status: .accepted)
    }

    /// Answers that show a secret are kept by no cache and stored by no Idempotency-Key.
    static let noStore: HTTPFields = [.cacheControl: "no-store"]

    static func id(_ context: some RequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: WebhookErrors.notFound)
    }
}
