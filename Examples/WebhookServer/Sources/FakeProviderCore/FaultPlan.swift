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

    /// What is wrong with this fault, if anything: a status outside 100…599, a negative
    /// `Retry-After` or delay, a delay over ten minutes, a negative count.
    public var problem: String? {
        if let status, !(100...599).contains(status) { return "status \(status) is not an HTTP status (100…599)" }
        if let retryAfter, retryAfter < 0 { return "retryAfter must not be negative" }
        if let delayMilliseconds, !(0...600_000).contains(delayMilliseconds) { return "delayMilliseconds must be 0…600000" }
        if times < 0 { return "times must not be negative" }
        return nil
    }

    /// A fault for the next `times` requests under `path`.
    public init(path: String, status: Int? = nil, retryAfter: Int? = nil, delayMilliseconds: Int? = nil, times: Int = 1) {
        self.path = path
        self.status = status
        self.retryAfter = retryAfter
        self.delayMilliseconds = delayMilliseconds
        self.times = times
    }

    /// Decodes a fault; a missing `times` means once.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        status = try container.decodeIfPresent(Int.self, forKey: .status)
        retryAfter = try container.decodeIfPresent(Int.self, forKey: .retryAfter)
        delayMilliseconds = try container.decodeIfPresent(Int.self, forKey: .delayMilliseconds)
        times = try container.decodeIfPresent(Int.self, forKey: .times) ?? 1
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
