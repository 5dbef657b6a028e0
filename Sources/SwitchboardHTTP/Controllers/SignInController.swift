import Foundation
import Hummingbird
import Logging
import SwitchboardDomain

/// Console sign-in through the organisation's OpenID Connect provider:
/// `GET /console/login`, `GET /console/auth/start?org=`, `GET /console/auth/callback`.
public struct SignInController: Sendable {
    let signIn: ConsoleSignIn
    let organisations: any OrganisationRepository
    let signer: TokenSigner

    public init(signIn: ConsoleSignIn, organisations: any OrganisationRepository, signer: TokenSigner) {
        self.signIn = signIn
        self.organisations = organisations
        self.signer = signer
    }

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        router.get("console/login", use: login)
        router.get("console/auth/start", use: start)
        router.get("console/auth/callback", use: callback)
    }

    @Sendable func login(request: Request, context: SwitchboardRequestContext) async throws -> Response {
        let slug = request.uri.queryParameters["org"].map(String.init)
        var organisation: Organisation?
        if let slug, Organisation.isValidSlug(slug) {
            organisation = try await organisations.find(slug: slug)
        }
        let message = organisation == nil && slug != nil ? "There is no organisation with that name. Check the spelling." : nil
        return SignInPages.response(
            SignInPages.login(organisation: organisation, slug: slug, message: message, devSignIn: signIn.devSignInEnabled),
            status: message == nil ? .ok : .notFound
        )
    }

    @Sendable func start(request: Request, context: SwitchboardRequestContext) async throws -> Response {
        try await signIn.limitAttempts(from: context.clientIP)
        guard let slug = request.uri.queryParameters["org"].map(String.init), Organisation.isValidSlug(slug),
            let organisation = try await organisations.find(slug: slug)
        else { return failure("There is no organisation with that name. Check the spelling.", status: .notFound) }
        guard let configuration = try await signIn.singleSignOn.configuration(orgID: organisation.id) else {
            return failure(
                "\(organisation.name) has not set up single sign-on yet. Ask an administrator to configure it.",
                organisation: organisation,
                status: .notFound
            )
        }
        let (url, pending): (URL, PendingSignIn)
        do {
            (url, pending) = try await signIn.flow.start(
                orgID: organisation.id,
                configuration: configuration,
                redirectURI: signIn.redirectURI(for: request)
            )
        } catch {
            context.logger.warning("sign-in provider unavailable", metadata: ["error": "\(error)", "org_id": "\(organisation.id)"])
            return failure("The sign-in provider could not be reached. Try again in a minute.", organisation: organisation, status: .badGateway)
        }
        var response = Response(status: .found, headers: [.location: url.absoluteString, .cacheControl: "no-store"])
        response.setCookie(pendingCookie(try signer.sign(pending), maxAge: Int(PendingSignIn.lifetime), request: request))
        return response
    }

    @Sendable func callback(request: Request, context: SwitchboardRequestContext) async throws -> Response {
        try await signIn.limitAttempts(from: context.clientIP)
        let query = request.uri.queryParameters
        guard let cookie = request.cookies[PendingSignIn.cookieName]?.value,
            let pending = signer.verify(cookie, as: PendingSignIn.self), pending.expiresAt > Date()
        else { return failure("This sign-in took too long or was started elsewhere. Start again.", status: .badRequest) }
        let organisation = try await organisations.find(id: pending.orgID)
        guard let state = query["state"].map(String.init), IDTokenValidator.constantTimeEqual(state, pending.state) else {
            return failure("This sign-in does not match the one this browser started. Start again.", organisation: organisation, status: .badRequest)
        }
        if query["error"] != nil {
            return failure("The sign-in provider did not sign you in. Try again.", organisation: organisation, status: .forbidden)
        }
        guard let code = query["code"].map(String.init), !code.isEmpty,
            let configuration = try await signIn.singleSignOn.configuration(orgID: pending.orgID)
        else { return failure("The sign-in could not be completed. Start again.", organisation: organisation, status: .badRequest) }

        let identity: SignInIdentity
        do {
            identity = try await signIn.flow.finish(
                code: code,
                pending: pending,
                configuration: configuration,
                redirectURI: signIn.redirectURI(for: request)
            )
        } catch {
            context.logger.warning("sign-in refused", metadata: ["reason": "\(error)", "org_id": "\(pending.orgID)"])
            return failure("The sign-in provider's answer could not be verified. Try again.", organisation: organisation, status: .forbidden)
        }
        let account: AgentAccount
        do {
            account = try await signIn.accounts.signIn(orgID: pending.orgID, identity: identity)
        } catch let error as SimpleDomainError where error == .agentDisabled {
            return failure(error.message, organisation: organisation, status: .forbidden)
        }
        let (_, sessionCookie) = try await signIn.openSession(for: account, request: request)
        var response = Response(status: .found, headers: [.location: "/console", .cacheControl: "no-store"])
        response.setCookie(sessionCookie)
        response.setCookie(pendingCookie("", maxAge: 0, request: request))
        context.logger.info("agent signed in", metadata: ["agent_id": "\(account.id)", "org_id": "\(account.orgID)"])
        return response
    }

    private func pendingCookie(_ value: String, maxAge: Int, request: Request) -> Cookie {
        Cookie(
            name: PendingSignIn.cookieName,
            value: value,
            maxAge: maxAge,
            path: "/console/auth",
            secure: SessionCookie.isSecure(request),
            httpOnly: true,
            sameSite: .lax
        )
    }

    private func failure(_ message: String, organisation: Organisation? = nil, status: HTTPResponse.Status) -> Response {
        SignInPages.response(
            SignInPages.login(organisation: organisation, slug: nil, message: message, devSignIn: signIn.devSignInEnabled),
            status: status
        )
    }
}
