#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// The time range one polling run asks a source for: transactions at or after ``from`` and at or
/// before ``until`` (both inclusive, so the overlap window re-reads boundary transactions).
public struct PollWindow: Sendable, Hashable, CustomStringConvertible {
    /// The start of the window (inclusive).
    public var from: Date
    /// The end of the window.
    public var until: Date

    /// The window `[from, until]`.
    public init(from: Date, until: Date) {
        self.from = from
        self.until = until
    }

    public var description: String { "\(from.timeIntervalSince1970)…\(until.timeIntervalSince1970)" }
}

/// Where the next page of a window is: an opaque continuation a source understands
/// (a page number, a `next_url`).
public struct PageToken: Sendable, Hashable {
    /// The continuation, as the source wrote it.
    public var value: String
    /// A token with the given value.
    public init(_ value: String) { self.value = value }
}

/// One element of a page: a mapped transaction, or an element that did not map (kept with its
/// raw bytes and the mapper's error, so it can be dead-lettered instead of lost).
public enum SourceItem: Sendable, Hashable {
    /// An element that mapped.
    case transaction(UnifiedTransaction)
    /// An element that did not map: its raw bytes and the mapper's error.
    case unmappable(raw: [UInt8], error: MappingError)
}

/// One page of a source's answer.
public struct SourcePage: Sendable, Hashable {
    /// The page's elements, in the source's order.
    public var items: [SourceItem]
    /// The next page of the same window, or nil when this was the last.
    public var next: PageToken?

    /// A page of `items`, followed by `next` when there is more.
    public init(items: [SourceItem], next: PageToken?) {
        self.items = items
        self.next = next
    }

    /// The mapped transactions of the page.
    public var transactions: [UnifiedTransaction] {
        items.compactMap { if case .transaction(let transaction) = $0 { transaction } else { nil } }
    }
}

/// A page could not be used at all (not JSON, no transaction list, a `next_url` to another host).
public struct SourcePageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, naming the field (never the body).
    public let reason: String
    /// An error with the given reason.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "invalid page: \(reason)" }
}

/// One system's polling API: how to ask for a page of transactions, and how to read the answer.
///
/// A source builds requests and parses responses only; the ``PollingSynchronizer`` sends them
/// through the host's ``HTTPTransport``, retries, stores and moves the cursor.
public protocol TransactionSource: Sendable {
    /// The system polled.
    var sourceSystem: SourceSystem { get }

    /// Whether pages come oldest first, so that after a page is stored every transaction up to
    /// the page's newest one is stored and the cursor may move there. When false, the cursor only
    /// moves once the whole window is stored.
    var pagesAreChronological: Bool { get }

    /// The request for the first page of `window` (`page` nil) or for the page `page` points to.
    /// `authorization` is the header the host's authorizer supplied, if any.
    func request(
        for integration: IntegrationID, window: PollWindow, page: PageToken?, authorization: [HTTPHeaderField]
    ) throws(SourcePageError) -> TransportRequest

    /// Reads a 2xx response to a page request.
    func parse(
        _ response: TransportResponse, integration: IntegrationID, window: PollWindow, page: PageToken?, context: MappingContext
    ) throws(SourcePageError) -> SourcePage
}
