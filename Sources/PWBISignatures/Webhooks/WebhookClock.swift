#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where timestamped schemes read "now" (Unix seconds). Inject ``fixed(_:)`` in tests.
public struct WebhookClock: Sendable {
    /// The current Unix time in seconds.
    public let now: @Sendable () -> Int64

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// The system's wall clock.
    public static let system = WebhookClock { Int64(time(nil)) }

    /// A clock stopped at `seconds`.
    public static func fixed(_ seconds: Int64) -> WebhookClock {
        WebhookClock { seconds }
    }
}
