import Logging
import NIOCore
import Synchronization

/// At most `maximum` open connections on a listener: a connection past the limit is closed as soon
/// as its pipeline is built (the client sees the connection close, and retries later).
public final class ConnectionLimiter: Sendable {
    /// The most connections kept open.
    public let maximum: Int
    let open = Atomic<Int>(0)
    let logger: Logger

    /// A limiter of `maximum` connections; refusals are logged (at most one line a second's worth is not tracked: each is logged at debug).
    public init(maximum: Int, logger: Logger) {
        self.maximum = maximum
        self.logger = logger
    }

    /// Connections open now.
    public var current: Int { open.load(ordering: .relaxed) }

    /// The handler for one connection's pipeline.
    public func handler() -> any RemovableChannelHandler { Handler(limiter: self) }

    final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = Any
        let limiter: ConnectionLimiter
        var counted = false

        init(limiter: ConnectionLimiter) { self.limiter = limiter }

        func handlerAdded(context: ChannelHandlerContext) {
            let now = limiter.open.wrappingAdd(1, ordering: .relaxed).newValue
            counted = true
            if now > limiter.maximum {
                limiter.logger.warning("connection refused: too many open connections", metadata: ["limit": "\(limiter.maximum)"])
                context.close(promise: nil)
            }
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            if counted {
                counted = false
                limiter.open.wrappingSubtract(1, ordering: .relaxed)
            }
        }
    }
}
