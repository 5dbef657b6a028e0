import Hummingbird
import Logging
import NIOCore

/// The context of every HTTP request: Hummingbird's core storage plus our request id.
public struct SwitchboardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id echoed in `X-Request-Id` and attached to every log line of this request.
    public var requestID: String

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.requestID = self.logger[metadataKey: "hb.request.id"]?.description ?? ""
    }

    /// Request bodies above this are refused before decoding (messages are far smaller).
    public var maxUploadSize: Int { 1_048_576 }
}
