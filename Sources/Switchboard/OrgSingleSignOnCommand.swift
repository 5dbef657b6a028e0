import ArgumentParser
import Foundation
import Logging
import SwitchboardDomain
import SwitchboardHTTP
import SwitchboardStore

/// `switchboard org sso`: an organisation's OpenID Connect provider for console sign-in.
struct OrgSingleSignOnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sso",
        abstract: "Set the organisation's OpenID Connect provider for console sign-in (needs SWITCHBOARD_SECRET).",
        discussion: """
            The client secret is stored sealed with a key derived from SWITCHBOARD_SECRET: after rotating \
            that secret, run this again for every organisation. Register \
            <server URL>/console/auth/callback as the redirect URI at the provider.
            """
    )

    @OptionGroup var organisation: OrganisationOption

    @Option(help: "The provider's issuer URL (its /.well-known/openid-configuration is read from there).")
    var issuer: String

    @Option(name: .customLong("client-id"), help: "Switchboard's client id at the provider.")
    var clientID: String

    @Option(name: .customLong("client-secret-file"), help: "File holding the client secret (kept out of shell history and ps).")
    var clientSecretFile: String

    @Option(name: .customLong("role-claim"), help: "ID-token claim carrying agent, supervisor or admin (default: roles are managed in Switchboard).")
    var roleClaim: String?

    @Option(help: "Space-separated scopes to request.")
    var scopes = "openid email profile"

    @Option(name: .customLong("token-auth"), help: "client_secret_basic or client_secret_post.")
    var tokenAuth = "client_secret_basic"

    @Option(name: .customLong("algorithms"), help: "Comma-separated ID-token signature algorithms to accept.")
    var algorithms = "RS256,ES256"

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var secret: SecretOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "switchboard.org")
        guard let secretValue = secret.value, secretValue.count >= 32 else {
            throw CommandFailure("Set SWITCHBOARD_SECRET (at least 32 characters, the server's own) to seal the client secret.")
        }
        guard
            let clientSecret = try? String(contentsOfFile: clientSecretFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines), !clientSecret.isEmpty
        else { throw CommandFailure("Cannot read a client secret from \(clientSecretFile).") }
        guard let method = SingleSignOnConfiguration.TokenAuthMethod(rawValue: tokenAuth) else {
            throw ValidationError("--token-auth must be client_secret_basic or client_secret_post.")
        }
        let configuration = SingleSignOnConfiguration(
            issuer: issuer,
            clientID: clientID,
            sealedClientSecret: try ClientSecretBox(secret: secretValue).seal(clientSecret),
            tokenAuthMethod: method,
            scopes: scopes.split(separator: " ").map(String.init),
            roleClaim: roleClaim,
            allowedAlgorithms: algorithms.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        )
        try await database.withPoolFailingOnDomainErrors(logger: logger) { pool in
            let orgID = try await organisation.resolve(pool)
            try await PostgresSingleSignOn(pool: pool).save(orgID: orgID, configuration, by: .commandLine)
        }
        print("Single sign-on for \(organisation.org): \(issuer) (client \(clientID)); the client secret is stored sealed.")
    }
}
