import ArgumentParser
import Foundation
import Logging
import SwitchboardDomain
import SwitchboardStore

/// `switchboard org`: organisations (tenants) on this deployment.
struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Create and list organisations; set their single sign-on.",
        subcommands: [Create.self, List.self, OrgSingleSignOnCommand.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organisation and print its id and widget key.")

        @Option(help: "Short URL-safe name: lower-case letters, digits, inner hyphens.")
        var slug: String

        @Option(help: "Display name.")
        var name: String

        @Option(name: .customLong("time-zone"), help: "IANA time zone for business hours and charts.")
        var timeZone = "UTC"

        @Option(name: .customLong("allowed-origin"), help: "Origin allowed to embed the widget (repeatable).")
        var allowedOrigins: [String] = []

        @Flag(name: .customLong("ai-disabled"), help: "Start with the AI off: new chats wait for a human.")
        var aiDisabled = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard Organisation.isValidSlug(slug) else {
                throw ValidationError("The slug must be lower-case letters, digits and inner hyphens, e.g. acme-support.")
            }
            guard TimeZone(identifier: timeZone) != nil else {
                throw ValidationError("Unknown time zone \(timeZone); use an IANA name such as Europe/Berlin.")
            }
        }

        func run() async throws {
            let logger = logging.bootstrap(label: "switchboard.org")
            let settings = OrganisationSettings(
                aiChatEnabled: !aiDisabled,
                timeZone: timeZone,
                widgetAllowedOrigins: allowedOrigins
            )
            let organisation = try await database.withPoolFailingOnDomainErrors(logger: logger) { pool in
                try await PostgresOrganisationRepository(pool: pool)
                    .create(slug: slug, name: name, isDemo: false, settings: settings)
            }
            print("Created \(organisation.name)")
            print("  id          \(organisation.id.uuidString.lowercased())")
            print("  slug        \(organisation.slug)")
            print("  widget key  \(organisation.widgetKey)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List organisations, oldest first.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "switchboard.org")
            let organisations = try await database.withPool(logger: logger) { pool in
                try await PostgresOrganisationRepository(pool: pool).all()
            }
            for organisation in organisations {
                let demo = organisation.isDemo ? "  (demo)" : ""
                print("\(organisation.id.uuidString.lowercased())  \(organisation.slug)  \(organisation.name)\(demo)")
            }
        }
    }
}
