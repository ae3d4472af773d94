#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// How far an integration's transactions have been fetched **and stored**.
///
/// The synchroniser writes a cursor only after every transaction up to ``watermark`` is in the
/// ``TransactionStore``, so a crash at any point leaves the cursor behind the stored data, never
/// ahead of it; the next run re-reads the overlap and the store deduplicates.
public struct SyncCursor: Sendable, Hashable {
    /// Every transaction the source reports at or before this instant is stored.
    public var watermark: Date
    /// When the cursor was written (the synchroniser's clock).
    public var updatedAt: Date

    /// A cursor at `watermark`, written at `updatedAt`.
    public init(watermark: Date, updatedAt: Date) {
        self.watermark = watermark
        self.updatedAt = updatedAt
    }
}

/// Where the host keeps each integration's ``SyncCursor`` (a row per integration in its database).
///
/// ``compareAndSet(_:expected:new:)`` must be atomic, so two replicas that synchronise the same
/// integration cannot move its cursor past data the other has not stored. Check an implementation
/// with ``CursorStoreContract/check(_:)``.
public protocol CursorStore: Sendable {
    /// The stored cursor of `integration`, or nil before the first successful page.
    func cursor(for integration: IntegrationID) async throws -> SyncCursor?

    /// Replaces the cursor of `integration` with `new` only if the stored one equals `expected`
    /// (nil: none stored); returns whether it did.
    func compareAndSet(_ integration: IntegrationID, expected: SyncCursor?, new: SyncCursor) async throws -> Bool

    /// Forgets the cursor of `integration` (disconnect); the next sync starts from its initial window.
    func removeCursor(for integration: IntegrationID) async throws
}

/// A ``CursorStore`` in memory, for tests and single-process hosts.
public actor InMemoryCursorStore: CursorStore {
    private var cursors: [IntegrationID: SyncCursor] = [:]

    /// An empty store.
    public init() {}

    public func cursor(for integration: IntegrationID) -> SyncCursor? {
        cursors[integration]
    }

    public func compareAndSet(_ integration: IntegrationID, expected: SyncCursor?, new: SyncCursor) -> Bool {
        guard cursors[integration] == expected else { return false }
        cursors[integration] = new
        return true
    }

    public func removeCursor(for integration: IntegrationID) {
        cursors[integration] = nil
    }
}
