#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A fault to inject into the next matching requests: a delay (longer than the client's timeout
/// to simulate one), an error status (`429` with `Retry-After`, `500`, `401` for an expired token),
/// or both.
public struct Fault: Codable, Sendable, Equatable {
    /// Requests whose path starts with this are affected.
    public var path: String
    /// The status to answer instead of the route's, if any.
    public var status: Int?
    /// The `Retry-After` header (seconds) sent with ``status``.
    public var retryAfter: Int?
    /// Time to wait before answering (or before passing on to the route when there is no status).
    public var delayMilliseconds: Int?
    /// How many matching requests it affects.
    public var times: Int

    /// A fault for the next `times` requests under `path`.
    public init(path: String, status: Int? = nil, retryAfter: Int? = nil, delayMilliseconds: Int? = nil, times: Int = 1) {
        self.path = path
        self.status = status
        self.retryAfter = retryAfter
        self.delayMilliseconds = delayMilliseconds
        self.times = times
    }
}

/// The faults waiting to be injected, first added first used.
public actor FaultPlan {
    private var pending: [Fault] = []

    /// An empty plan.
    public init() {}

    /// Queues `faults`.
    public func add(_ faults: [Fault]) { pending += faults.filter { $0.times > 0 } }

    /// Drops every queued fault.
    public func clear() { pending = [] }

    /// The queued faults.
    public var queued: [Fault] { pending }

    /// Takes one use of the first fault matching `path`, if any.
    public func take(for path: String) -> Fault? {
        guard let index = pending.firstIndex(where: { path.hasPrefix($0.path) }) else { return nil }
        let fault = pending[index]
        pending[index].times -= 1
        if pending[index].times == 0 { pending.remove(at: index) }
        return fault
    }
}
