#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A ``DeadLetterQueue`` in process memory.
public actor InMemoryDeadLetterQueue: DeadLetterQueue {
    private var letters: [String: (sequence: Int, letter: DeadLetter)] = [:]
    private var sequence = 0

    /// An empty queue.
    public init() {}

    public func enqueue(_ letter: DeadLetter) {
        sequence += 1
        letters[letter.id] = (sequence, letter)
    }

    public func list(limit: Int?) -> [DeadLetter] {
        let ordered = letters.values.sorted {
            ($0.letter.failedAt, $0.sequence) < ($1.letter.failedAt, $1.sequence)
        }.map(\.letter)
        guard let limit else { return ordered }
        return Array(ordered.prefix(max(0, limit)))
    }

    public func entry(id: String) -> DeadLetter? {
        letters[id]?.letter
    }

    public func remove(id: String) -> Bool {
        letters.removeValue(forKey: id) != nil
    }

    public func recordFailure(id: String, reason: String, at: Date) -> Bool {
        guard var held = letters[id] else { return false }
        held.letter.attempts += 1
        held.letter.reason = reason
        held.letter.lastAttemptAt = at
        letters[id] = held
        return true
    }

    /// How many entries are held.
    public var count: Int { letters.count }
}
