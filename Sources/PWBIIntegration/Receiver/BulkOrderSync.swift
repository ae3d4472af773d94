#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIMapping

/// The result of one order of a bulk request.
public struct BulkOrderResult: Sendable, Hashable {
    /// The order's position in the request, from 0.
    public var index: Int
    /// The order's external id, when it could be read.
    public var externalID: String?
    /// The internal id of the stored transaction, when it succeeded.
    public var internalID: String?
    /// True when the order had been stored before with the same content (counted as succeeded).
    public var duplicate: Bool
    /// Why it failed (nil when it succeeded).
    public var error: WebhookRejection?

    /// Whether the order was stored (or was already).
    public var succeeded: Bool { error == nil }

    /// The result of the order at `index`.
    public init(index: Int, externalID: String? = nil, internalID: String? = nil, duplicate: Bool = false, error: WebhookRejection? = nil) {
        self.index = index
        self.externalID = externalID
        self.internalID = internalID
        self.duplicate = duplicate
        self.error = error
    }
}

/// The summary of a bulk request.
public struct BulkSummary: Sendable, Hashable {
    /// One result per order, in request order.
    public var results: [BulkOrderResult]

    /// A summary of `results`.
    public init(results: [BulkOrderResult]) { self.results = results }

    /// How many orders the request held.
    public var total: Int { results.count }
    /// How many were stored (duplicates included).
    public var succeeded: Int { results.count { $0.succeeded } }
    /// How many were not.
    public var failed: Int { total - succeeded }
    /// How many were stored before.
    public var duplicates: Int { results.count { $0.duplicate } }

    /// `Processed 10 orders: 8 succeeded, 2 failed`.
    public var message: String {
        "Processed \(total) order\(total == 1 ? "" : "s"): \(succeeded) succeeded, \(failed) failed"
    }
}

extension WebhookReceiver {
    /// Karage's bulk endpoint (`POST /api/v1/webhook/pos-order/bulk`): a body `{"orders": […]}` (or
    /// a bare array), each order processed independently through mapping, validation, idempotency
    /// and the store, with a result per order and the summary `Processed 10 orders: 8 succeeded, 2 failed`.
    ///
    /// Status: 200 when every order succeeded (a repeat of an already stored order, same content,
    /// succeeds as a duplicate), 207 when some failed, 400 when none succeeded (503 if a store
    /// failure was among the causes), 413 over ``WebhookReceiverConfiguration/maxBulkOrders``.
    /// An order repeated inside one request with the same content succeeds as a duplicate of the
    /// first (never an update); with other content it fails at its later position
    /// (`duplicate_in_batch`: `OrderID 1001 at orders[0] and orders[3] with different content`). A
    /// sale and its refund share an `OrderID` but are two transactions, so they are no repeat.
    /// The envelope's `pos_config_id`, `partner_id` and `customer_ref` are checked for form.
    /// The request's authentication, size limit and JSON checks are those of ``receive(_:)``.
    public func receiveBulk(_ request: WebhookRequest) async -> WebhookResponse {
        var summary: BulkSummary?
        var tenant: String?
        let response = await run(request, trusted: false, deadLetterFailure: false) { (trace: inout Trace) async throws(WebhookRejection) -> WebhookResponse in
            defer { tenant = trace.tenant }
            let (response, result) = try await deliverBulk(request, trace: &trace)
            summary = result
            return response
        }
        if let summary, let deadLetters {
            for result in summary.results {
                guard let error = result.error, error.status == 400 || error.status == 503,
                      error.code != "duplicate_in_batch", let raw = orderBytes(request.body, index: result.index) else { continue }
                let letter = DeadLetter(
                    source: request.source, tenant: tenant,
                    headers: [HTTPHeaderField("Content-Type", "application/json")], body: raw,
                    reason: "bulk order \(result.index): \(error.description)", failedAt: now()
                )
                try? await deadLetters.enqueue(letter)
                await notifyDeadLettered(source: request.source, tenant: tenant, error, at: letter.failedAt)
            }
        }
        return response
    }

    func deliverBulk(_ request: WebhookRequest, trace: inout Trace) async throws(WebhookRejection) -> (WebhookResponse, BulkSummary) {
        let (source, tenant) = try await admit(request, trusted: false, trace: &trace)
        let document = try parse(request.body, source: source)
        let orders = try Self.orders(in: document.root)
        try Self.checkEnvelope(document.root)
        guard orders.count <= configuration.maxBulkOrders else {
            throw WebhookRejection(
                status: 413, code: "too_many_orders",
                message: "Too many orders: \(orders.count). Maximum allowed: \(configuration.maxBulkOrders)"
            )
        }
        guard orders.count > 0 else {
            throw WebhookRejection(status: 400, code: "no_orders", message: "No orders in the request", path: "orders")
        }

        var results: [BulkOrderResult] = []
        results.reserveCapacity(orders.count)
        var firstOfKey: [String: (index: Int, fingerprint: PayloadFingerprint)] = [:]
        for (index, order) in orders.enumerated() {
            var result = BulkOrderResult(index: index, duplicate: false)
            do throws(WebhookRejection) {
                let (event, payload) = try open(order, envelope: source.envelope, allowed: source.allowedEvents)
                let mapped = try map(payload, event: event, source: source, tenant: tenant)
                if case .transaction(let transaction) = mapped { result.externalID = transaction.externalID }
                try validate(mapped, source: source)
                let fingerprint = try fingerprint(of: payload)
                let key = try idempotencyKey(for: mapped, request: nil, source: source, tenant: tenant, fingerprint: fingerprint)
                if let first = firstOfKey[key] {
                    // An identical repeat goes on to the store and comes back a duplicate; a changed one never updates.
                    guard first.fingerprint == fingerprint else {
                        throw WebhookRejection(
                            status: 400, code: "duplicate_in_batch",
                            message: "\(result.externalID.map { "OrderID \($0)" } ?? "The same order") at orders[\(first.index)] and orders[\(index)] with different content",
                            path: "orders[\(index)]"
                        )
                    }
                } else {
                    firstOfKey[key] = (index, fingerprint)
                }
                let delivered = try await commit(mapped, event: event, key: key, fingerprint: fingerprint, source: source, tenant: tenant)
                result.internalID = delivered.response.internalIDs.first
                result.duplicate = delivered.duplicate
            } catch {
                result.error = Self.orderRejection(error, index: index, externalID: result.externalID)
            }
            results.append(result)
        }
        let summary = BulkSummary(results: results)
        return (bulkResponse(summary), summary)
    }

    /// The orders: the `orders` array of an object body, or the body itself when it is an array.
    static func orders(in root: JSONValue) throws(WebhookRejection) -> [JSONValue] {
        do {
            if root.kind == .array { return Array(try root.array()) }
            _ = try root.object()
            return Array(try root["orders"].array())
        } catch {
            throw .mapping(error)
        }
    }

    /// The Karage plugin's optional request-wide fields beside `orders`: `pos_config_id` and
    /// `partner_id` (positive integers) and `customer_ref` (text). They route the orders inside
    /// Odoo and are not part of a transaction, so they are only checked for form (400 with the path).
    static func checkEnvelope(_ root: JSONValue) throws(WebhookRejection) {
        guard root.kind == .object else { return }
        do throws(MappingError) {
            for name in ["pos_config_id", "partner_id"] {
                guard let value = try root[name].ifPresent() else { continue }
                let id = try value.int()
                guard id > 0 else { throw MappingError.invalid(value.path, expected: "a positive integer", value: String(id)) }
            }
            _ = try root["customer_ref"].ifPresent()?.string()
        } catch {
            throw .mapping(error)
        }
    }

    /// A per-order rejection (paths are already document paths, `orders[3].total`), a reused key named a duplicate order.
    static func orderRejection(_ error: WebhookRejection, index: Int, externalID: String?) -> WebhookRejection {
        var error = error
        if error.code == "idempotency_key_reused" {
            error.code = "duplicate_order"
            error.message = "Duplicate order: \(externalID.map { "order \($0)" } ?? "this order") already exists with different content"
        }
        return error
    }

    /// The raw bytes of order `index` (for dead letters), or nil if the body does not have it.
    func orderBytes(_ body: [UInt8], index: Int) -> [UInt8]? {
        guard let document = try? JSONDocument(parsing: body, options: JSONReaderOptions(maxBytes: max(body.count, 1))),
              let orders = try? Self.orders(in: document.root), index < orders.count,
              let raw = try? orders[index].rawBytes() else { return nil }
        return Array(raw)
    }

    func bulkResponse(_ summary: BulkSummary) -> WebhookResponse {
        let status: Int
        let word: String
        if summary.failed == 0 {
            (status, word) = (200, "success")
        } else if summary.succeeded > 0 {
            (status, word) = (207, "partial_success")
        } else if summary.results.contains(where: { $0.error?.status == 503 }) {
            (status, word) = (503, "error")
        } else {
            (status, word) = (400, "error")
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("success", summary.failed == 0)
        writer.field("status", word)
        writer.field("message", summary.message)
        writer.key("data")
        writer.beginObject()
        writer.field("total", summary.total)
        writer.field("succeeded", summary.succeeded)
        writer.field("failed", summary.failed)
        writer.field("duplicates", summary.duplicates)
        writer.key("results")
        writer.beginArray()
        for result in summary.results {
            writer.beginObject()
            writer.field("index", result.index)
            writer.field("external_id", result.externalID)
            if let error = result.error {
                writer.field("status", "error")
                writer.field("error", error.message)
                writer.field("code", error.code)
                if let path = error.path { writer.field("path", path) }
            } else {
                writer.field("status", "success")
                writer.field("internal_id", result.internalID)
                writer.field("duplicate", result.duplicate)
            }
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endObject()
        var headers = Self.jsonHeaders
        if status == 503 { headers.append(HTTPHeaderField("Retry-After", String(configuration.retryAfterUnavailable))) }
        let outcome: WebhookOutcome = status == 503 ? .unavailable : (summary.succeeded > 0 ? .processed : .rejected)
        return WebhookResponse(
            status: status, headers: headers, body: writer.bytes, outcome: outcome,
            internalIDs: summary.results.compactMap(\.internalID)
        )
    }
}
