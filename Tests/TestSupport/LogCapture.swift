import Logging
import Synchronization

/// Every log record a test's logger writes, with its level and metadata (the provider's included).
public final class LogCapture: Sendable {
    public struct Record: Sendable {
        public let level: Logger.Level
        public let message: String
        public let metadata: Logger.Metadata
    }

    private let records = Mutex<[Record]>([])

    public init() {}

    public var all: [Record] { records.withLock { $0 } }

    /// A logger at trace level that records here; `metadataProvider` as the executable installs one.
    public func logger(label: String = "switchboard.test", metadataProvider: Logger.MetadataProvider? = nil) -> Logger {
        var logger = Logger(label: label, factory: { _ in Handler(capture: self, metadataProvider: metadataProvider) })
        logger.logLevel = .trace
        return logger
    }

    func append(_ record: Record) { records.withLock { $0.append(record) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadataProvider: Logger.MetadataProvider?
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        init(capture: LogCapture, metadataProvider: Logger.MetadataProvider?) {
            self.capture = capture
            self.metadataProvider = metadataProvider
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fromTask = metadataProvider?.get() ?? [:]
            capture.append(
                Record(
                    level: event.level,
                    message: "\(event.message)",
                    metadata: fromTask.merging(metadata) { $1 }.merging(event.metadata ?? [:]) { $1 }
                )
            )
        }
    }
}
