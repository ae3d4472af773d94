#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The behavioural contract of ``DeadLetterQueue``, runnable against any implementation.
public enum DeadLetterQueueContract {
    /// Runs every check, each against a fresh, empty queue from `makeQueue`, and returns the
    /// violations (empty when the implementation conforms).
    public static func check(
        concurrency: Int = 100,
        _ makeQueue: () async throws -> any DeadLetterQueue
    ) async -> [ContractViolation] {
        var report = ContractReport("DeadLetterQueue")
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        func letter(_ id: String, at offset: Double, reason: String = "store unavailable") -> DeadLetter {
            DeadLetter(
                id: id,
                source: "karage",
                tenant: "tenant-1",
                headers: [
                    HTTPHeaderField("Content-Type", "application/json"),
                    HTTPHeaderField("X-Webhook-Signature", "0f"),
                    HTTPHeaderField("x-repeated", "1"),
                    HTTPHeaderField("x-repeated", "2"),
                ],
                body: Array(#"{"OrderID":2001,"Note":"café ☕"}"#.utf8) + [0x00, 0xFF, 0x0D, 0x0A],
                reason: reason,
                failedAt: t0.addingTimeInterval(offset)
            )
        }

        await report.run("an enqueued entry comes back intact") {
            let queue = try await makeQueue()
            let original = letter("dl-1", at: 0)
            try await queue.enqueue(original)
            let found = try await queue.entry(id: "dl-1")
            guard found == original else { return "entry(id:) returned \(String(describing: found)), expected \(original)" }
            let listed = try await queue.list(limit: nil)
            return listed == [original] ? nil : "list returned \(listed), expected [\(original)]"
        }

        await report.run("an entry without tenant keeps nil") {
            let queue = try await makeQueue()
            var original = letter("dl-1", at: 0)
            original.tenant = nil
            original.headers = []
            original.body = []
            try await queue.enqueue(original)
            let found = try await queue.entry(id: "dl-1")
            return found == original ? nil : "expected \(original), got \(String(describing: found))"
        }

        await report.run("list is oldest first, ties in enqueue order") {
            let queue = try await makeQueue()
            for (id, offset) in [("c", 30.0), ("a", 10.0), ("b1", 20.0), ("b2", 20.0)] {
                try await queue.enqueue(letter(id, at: offset))
            }
            let ids = try await queue.list(limit: nil).map(\.id)
            return ids == ["a", "b1", "b2", "c"] ? nil : "expected [a, b1, b2, c], got \(ids)"
        }

        await report.run("list honours the limit") {
            let queue = try await makeQueue()
            for index in 0..<5 { try await queue.enqueue(letter("dl-\(index)", at: Double(index))) }
            let two = try await queue.list(limit: 2).map(\.id)
            guard two == ["dl-0", "dl-1"] else { return "limit 2 returned \(two)" }
            let none = try await queue.list(limit: 0)
            return none.isEmpty ? nil : "limit 0 returned \(none.count) entries"
        }

        await report.run("remove deletes once") {
            let queue = try await makeQueue()
            try await queue.enqueue(letter("keep", at: 0))
            try await queue.enqueue(letter("drop", at: 1))
            guard try await queue.remove(id: "drop") else { return "remove of a held entry returned false" }
            guard try await !queue.remove(id: "drop") else { return "a second remove returned true" }
            guard try await queue.entry(id: "drop") == nil else { return "a removed entry is still found" }
            let ids = try await queue.list(limit: nil).map(\.id)
            return ids == ["keep"] ? nil : "after remove expected [keep], got \(ids)"
        }

        await report.run("recordFailure counts attempts and keeps the latest reason") {
            let queue = try await makeQueue()
            try await queue.enqueue(letter("dl-1", at: 0))
            let later = t0.addingTimeInterval(60)
            guard try await queue.recordFailure(id: "dl-1", reason: "replay: 503", at: later) else {
                return "recordFailure of a held entry returned false"
            }
            guard try await !queue.recordFailure(id: "missing", reason: "x", at: later) else {
                return "recordFailure of an unknown id returned true"
            }
            guard let found = try await queue.entry(id: "dl-1") else { return "the entry vanished" }
            var expected = letter("dl-1", at: 0)
            expected.attempts = 2
            expected.reason = "replay: 503"
            expected.lastAttemptAt = later
            return found == expected ? nil : "expected \(expected), got \(found)"
        }

        await report.run("enqueuing an id again replaces the entry") {
            let queue = try await makeQueue()
            try await queue.enqueue(letter("dl-1", at: 0, reason: "first"))
            try await queue.enqueue(letter("dl-1", at: 5, reason: "second"))
            let listed = try await queue.list(limit: nil)
            return listed.map(\.reason) == ["second"] ? nil : "expected one entry with the second reason, got \(listed.map(\.reason))"
        }

        await report.run("concurrent enqueues are all kept") {
            let queue = try await makeQueue()
            let count = max(2, concurrency)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    let entry = letter("dl-\(index)", at: Double(index))
                    group.addTask { try await queue.enqueue(entry) }
                }
                try await group.waitForAll()
            }
            let listed = try await queue.list(limit: nil)
            return listed.map(\.id) == (0..<count).map { "dl-\($0)" } ? nil : "\(listed.count) of \(count) concurrent enqueues listed in order"
        }

        return report.violations
    }
}
