import ArgumentParser
import Foundation
import Logging
import SwitchboardDomain
import SwitchboardHTTP
import SwitchboardStore

/// `switchboard agent`: agents from the command line (until they sign in through SSO).
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Manage agents from the command line.",
        subcommands: [Token.self, Disable.self]
    )

    /// A signed agent token for scripts and tests; the console signs in through SSO instead.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (or find) an agent and print a signed bearer token for the agent API (needs SWITCHBOARD_SECRET)."
        )

        @OptionGroup var organisation: OrganisationOption

        @Option(help: "Agent email (identifies the agent).")
        var email: String

        @Option(help: "Display name customers see (\"Carol joined\").")
        var name: String

        @Option(help: "agent, supervisor or admin.")
        var role: String = "agent"

        @Option(help: "Hours until the token expires.")
        var hours = 12

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var secret: SecretOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "switchboard.agent")
            guard let role = AgentRole(rawValue: role) else { throw ValidationError("--role must be agent, supervisor or admin.") }
            guard let secretValue = secret.value else {
                throw CommandFailure("Set SWITCHBOARD_SECRET (the same value the server uses) to sign agent tokens.")
            }
            let identity = try await database.withPool(logger: logger) { pool in
                let orgID = try await organisation.resolve(pool)
                let agents = PostgresAgentDirectory(pool: pool)
                let agentID = try await agents.upsert(
                    orgID: orgID,
                    issuer: "urn:switchboard:cli",
                    subject: email.lowercased(),
                    email: email.lowercased(),
                    name: name,
                    role: role
                )
                try await agents.heartbeat(orgID: orgID, agentIDs: [agentID])
                return AgentIdentity(orgID: orgID, agentID: agentID, expiresAt: Date().addingTimeInterval(Double(hours) * 3600))
            }
            print("agent id  \(identity.agentID.uuidString.lowercased())")
            print(try TokenSigner(secret: secretValue).sign(identity))
        }
    }

    /// Disables an agent: they cannot sign in, their sessions end and their open consoles close.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an agent: sign-in refused, sessions revoked, open console sockets closed on every instance."
        )

        @OptionGroup var organisation: OrganisationOption

        @Option(help: "The agent's id (see GET /console/api/admin/agents).")
        var id: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "switchboard.agent")
            guard let agentID = UUID(uuidString: id) else { throw ValidationError("--id must be an agent id (a UUID).") }
            let account = try await database.withPool(logger: logger) { pool in
                let orgID = try await organisation.resolve(pool)
                return try await PostgresAgentAccounts(pool: pool).update(
                    orgID: orgID,
                    agentID: agentID,
                    role: nil,
                    disabled: true,
                    by: .commandLine
                )
            }
            guard let account else { throw CommandFailure("There is no agent \(id) in \(organisation.org).") }
            print("Disabled \(account.displayName); their sessions are revoked.")
        }
    }
}
