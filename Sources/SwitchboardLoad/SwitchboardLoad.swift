import ArgumentParser

/// `switchboard-load`: realtime load against running Switchboard instances (see BENCHMARKS.md).
///
/// It talks to loopback servers only, stops by itself, and closes every socket it opened.
@main
struct SwitchboardLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-load",
        abstract: "Realtime load for Switchboard: delivery latency and memory per idle socket.",
        subcommands: [LatencyCommand.self, IdleCommand.self]
    )
}
