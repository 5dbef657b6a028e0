import Foundation
import Hummingbird
import SwitchboardDomain

/// A request by the customer of one conversation: the widget's routes under
/// `conversations/{id}` take it, so none can run without a verified customer token for that very
/// conversation from an allowed origin (`CustomerAuthenticationMiddleware` finds them first).
public struct CustomerRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let customer: CustomerIdentity
    public let requestID: String
    /// The caller's address, for the widget's rate limits.
    public let clientIP: String

    public init(context: SwitchboardRequestContext) throws {
        // The middleware refuses first; a route registered without it fails closed.
        guard let customer = context.customer else { throw APIError.unauthorized }
        self.coreContext = context.coreContext
        self.customer = customer
        self.requestID = context.requestID
        self.clientIP = context.clientIP
    }

    /// Widget bodies are read like every other body (`JSONRequestBody`).
    public var requestDecoder: SwitchboardJSONDecoder { .init() }

    /// The same limit as every widget request (files are read from the body stream with their own limit).
    public var maxUploadSize: Int { 1_048_576 }
}

/// Verifies the customer token of a widget conversation's route: a valid, unexpired token (else
/// 401), for the conversation the path names (else 404, as for any conversation that is not
/// theirs), sent from an origin the organisation allows (else 403).
struct CustomerAuthenticationMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext
    let tokens: CustomerTokens
    let organisations: any OrganisationRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let customer = try tokens.verify(request)
        guard try context.parameters.uuid(notFound: SimpleDomainError.conversationNotFound) == customer.conversationID else {
            throw SimpleDomainError.conversationNotFound
        }
        try await OriginPolicy.check(request, orgID: customer.orgID, organisations: organisations)
        var context = context
        context.customer = customer
        return try await next(request, context)
    }
}
