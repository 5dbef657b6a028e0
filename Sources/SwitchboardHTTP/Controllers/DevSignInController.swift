import Foundation
import Hummingbird
import SwitchboardDomain

/// Development sign-in for the demo: pick one of the demo organisation's agents, no provider.
///
/// `GET /console/dev-login?org=` lists the agents, `POST /console/dev-login` (form or JSON
/// `{org, agentId}`) signs in as one. Everything here is 404 unless `serve --dev-sign-in` ran on
/// the embedded demo database (see `DevSignInGate`) and the organisation is a demo.
public struct DevSignInController: Sendable {
    let signIn: ConsoleSignIn
    let organisations: any OrganisationRepository
    /// The organisation the page lists when the link names none.
    let defaultSlug: String

    public init(signIn: ConsoleSignIn, organisations: any OrganisationRepository, defaultSlug: String) {
        self.signIn = signIn
        self.organisations = organisations
        self.defaultSlug = defaultSlug
    }

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        router.get("console/dev-login", use: page)
        router.post("console/dev-login", use: signInAs)
    }

    @Sendable func page(request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let organisation = try await demoOrganisation(request.uri.queryParameters["org"].map(String.init) ?? defaultSlug)
        let agents = try await signIn.accounts.accounts(orgID: organisation.id)
        return SignInPages.response(SignInPages.devLogin(organisation: organisation, agents: agents))
    }

    struct Choice: Decodable {
        var org: String
        var agentId: UUID
    }

    @Sendable func signInAs(request: Request, context: SwitchboardRequestContext) async throws -> Response {
        guard signIn.devSignInEnabled else { throw Self.notFound }
        try await signIn.limitAttempts(from: context.clientIP)
        let choice: Choice
        if request.headers[.contentType]?.hasPrefix("application/json") == true {
            choice = try await request.decode(as: Choice.self, context: context)
        } else {
            let body = try await request.body.collect(upTo: 4096)
            choice = try URLEncodedFormDecoder().decode(Choice.self, from: String(buffer: body))
        }
        let organisation = try await demoOrganisation(choice.org)
        guard let account = try await signIn.accounts.account(orgID: organisation.id, agentID: choice.agentId), !account.disabled else {
            throw APIError(SimpleDomainError.agentNotFound)
        }
        let (_, cookie) = try await signIn.openSession(for: account, request: request)
        var response = Response(status: .seeOther, headers: [.location: "/console", .cacheControl: "no-store"])
        response.setCookie(cookie)
        context.logger.notice("development sign-in", metadata: ["agent_id": "\(account.id)", "org_id": "\(organisation.id)"])
        return response
    }

    private func demoOrganisation(_ slug: String) async throws -> Organisation {
        guard signIn.devSignInEnabled, Organisation.isValidSlug(slug),
            let organisation = try await organisations.find(slug: slug), organisation.isDemo
        else { throw Self.notFound }
        return organisation
    }

    static let notFound = APIError(.notFound, code: "not_found", message: "There is nothing at this address.")
}
