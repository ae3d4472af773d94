#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every request the fake answered, and how often the same page was being fetched twice at once
/// (the invariant two polling replicas must keep: never).
public actor RequestJournal {
    /// One answered request.
    public struct Entry: Codable, Sendable, Equatable {
        /// The method.
        public var method: String
        /// The path, prefix included.
        public var path: String
        /// The query string, without `?`.
        public var query: String
        /// The status answered.
        public var status: Int
        /// Whether a fault answered or delayed it.
        public var faulted: Bool

        /// An answered request.
        public init(method: String, path: String, query: String, status: Int, faulted: Bool) {
            self.method = method
            self.path = path
            self.query = query
            self.status = status
            self.faulted = faulted
        }
    }

    private var entries: [Entry] = []
    private var inFlight: [String: Int] = [:]
    private var overlaps = 0

    /// An empty journal.
    public init() {}

    /// Marks `page` (method, path and query) as being fetched; counts an overlap if it already was.
    public func begin(_ page: String) {
        let count = inFlight[page, default: 0]
        if count > 0 { overlaps += 1 }
        inFlight[page] = count + 1
    }

    /// Marks one fetch of `page` done and records it.
    public func end(_ page: String, entry: Entry) {
        inFlight[page, default: 1] -= 1
        if inFlight[page] == 0 { inFlight[page] = nil }
        entries.append(entry)
    }

    /// What was answered so far, in order.
    public var answered: [Entry] { entries }

    /// How many requests started while an identical one (same method, path and query) was in flight.
    public var concurrentDuplicates: Int { overlaps }

    /// Forgets everything.
    public func reset() {
        entries = []
        overlaps = 0
    }
}
