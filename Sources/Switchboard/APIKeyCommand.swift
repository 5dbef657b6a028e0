import ArgumentParser
import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// `switchboard apikey`: REST API keys of an organisation.
struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Create, list and revoke REST API keys.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it once; only its hash is stored.")

        @OptionGroup var organisation: OrganisationOption

        @Option(help: "What the key is for, e.g. \"CRM sync\".")
        var name: String

        @Option(name: .customLong("scope"), help: "conversations:read, conversations:write, kb:write, analytics:read or admin (repeatable).")
        var scopes: [String] = []

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "switchboard.apikey")
            let issued = try await database.withPoolFailingOnDomainErrors(logger: logger) { pool in
                try await APIKeyService(keys: PostgresAPIKeyRepository(pool: pool))
                    .create(orgID: try await organisation.resolve(pool), name: name, scopes: scopes, by: .commandLine)
            }
            print("Created API key \(issued.key.name)")
            print("  id      \(issued.key.id.uuidString.lowercased())")
            print("  prefix  \(issued.key.displayPrefix)")
            print("  scopes  \(issued.key.scopes.map(\.rawValue).joined(separator: " "))")
            print("Store this key now; it is not shown again:")
            print(issued.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the organisation's keys, newest first.")

        @OptionGroup var organisation: OrganisationOption
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "switchboard.apikey")
            let keys = try await database.withPool(logger: logger) { pool in
                try await APIKeyService(keys: PostgresAPIKeyRepository(pool: pool)).list(orgID: try await organisation.resolve(pool))
            }
            for key in keys {
                let used = key.lastUsedAt.map { "last used \($0.formatted(.iso8601))" } ?? "never used"
                let state = key.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
                print("\(key.displayPrefix)  \(key.name)  [\(key.scopes.map(\.rawValue).joined(separator: " "))]  \(used)  \(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once: its next request gets 401.")

        @OptionGroup var organisation: OrganisationOption

        @Option(help: "The key's prefix as listed (sk_live_… or the hex part).")
        var prefix: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "switchboard.apikey")
            let key = try await database.withPoolFailingOnDomainErrors(logger: logger) { pool in
                try await APIKeyService(keys: PostgresAPIKeyRepository(pool: pool))
                    .revoke(orgID: try await organisation.resolve(pool), prefix: prefix, by: .commandLine)
            }
            print("Revoked \(key.displayPrefix) (\(key.name))")
        }
    }
}
