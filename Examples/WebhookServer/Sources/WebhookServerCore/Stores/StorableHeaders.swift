#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The headers a dead letter may keep: an allowlist of descriptive, non-secret fields. Every other
/// header — signatures and tokens of any scheme (`x-callback-token`, `X-Webhook-Signature`,
/// `webhook-signature`, `Stripe-Signature`, `X-API-KEY`, `Authorization`, cookies, a vendor's next
/// scheme) — is dropped before anything is written.
public enum StorableHeaders {
    /// Lower-cased names kept; the idempotency headers among them let a replay derive the same key.
    public static let allowed: Set<String> = [
        "content-type", "content-length", "content-encoding", "user-agent", "date",
        "idempotency-key", "webhook-id", "webhook-timestamp", "x-request-id", "x-event-type", "x-webhook-id",
    ]

    /// `headers` without any field whose name is not allowed.
    public static func filter(_ headers: [HTTPHeaderField]) -> [HTTPHeaderField] {
        headers.filter { allowed.contains($0.name.lowercased()) }
    }
}

/// The server's dead-letter queue: ``StorableHeaders`` applied before a letter reaches the store
/// (which keeps what it is given exactly, per the kit's contract), failed writes noted for the log.
public struct CredentialFreeDeadLetterQueue: DeadLetterQueue {
    /// Where letters are kept.
    public let base: any DeadLetterQueue

    /// Filters letters on their way to `base`.
    public init(_ base: any DeadLetterQueue) { self.base = base }

    public func enqueue(_ letter: DeadLetter) async throws {
        var letter = letter
        letter.headers = StorableHeaders.filter(letter.headers)
        do {
            try await base.enqueue(letter)
        } catch {
            DeliveryUnit.current?.noteSideFailure("dead letter: \(error)")
            throw error
        }
    }

    public func list(limit: Int?) async throws -> [DeadLetter] { try await base.list(limit: limit) }
    public func entry(id: String) async throws -> DeadLetter? { try await base.entry(id: id) }
    public func remove(id: String) async throws -> Bool { try await base.remove(id: id) }
    public func recordFailure(id: String, reason: String, at: Date) async throws -> Bool {
        try await base.recordFailure(id: id, reason: reason, at: at)
    }
}
