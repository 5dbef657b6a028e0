import ArgumentParser

/// `switchboard`: the server and its operator commands.
@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Self-hosted customer-service chat: AI answers from your knowledge base, humans take over in one click.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, OrgCommand.self, AgentCommand.self, APIKeyCommand.self,
            EvalCommand.self, ImportCommand.self,
        ]
    )

}
