// libFuzzer target over PWBIMapping's JSON reader, every mapper and the CSV row mappers.
//
// Not part of any SwiftPM target: `.ci/fuzz-mapping.sh` compiles it together with the module's
// sources (one module, so internal API is reachable) with `-sanitize=fuzzer,address`.
//
// Input layout: the first byte picks the mapper and event; the rest is the payload. The
// properties checked on every input:
// - nothing traps (the sanitizers and Swift's runtime checks catch any crash);
// - every failure is a `MappingError` (typed throws) whose description names a path;
// - every successful mapping renders to unified JSON that the generic mapper reads back to an
//   equal value (the canonical form is lossless).
// A property violation stops the run with `preconditionFailure`, which libFuzzer records as a crash.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

private let targets: [(SourceSystem, EventType)] = [
    (.pawoon, .transactionCreated), (.pawoon, .inventoryUpdated),
    (.moka, .transactionCreated), (.moka, .inventoryUpdated),
    (.qasir, .transactionCreated), (.qasir, .inventoryUpdated),
    (.olsera, .transactionCreated), (.olsera, .inventoryUpdated),
    (.karage, .transactionCreated),
    (.xendit, .paymentNotification), (.midtrans, .paymentNotification),
    (.generic, .transactionCreated), (.generic, .inventoryUpdated), (.generic, .paymentNotification),
]

private let rowColumns: [[String]] = [
    ["Date", "Transaction ID", "Total", "Tax", "Items"],
    ["transaction_id", "grand_total", "created_at"],
    ["Date", "Amount", "Transaction ID", "Description"],
]

private let registry = MapperRegistry.standard
private let context = MappingContext(
    tenant: "fuzz", zones: ZoneResolution(configured: nil, assumed: SystemDefaults.indonesia.zone))

@_cdecl("LLVMFuzzerTestOneInput")
public func mappingFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = Int(data[0])
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let choice = selector % (targets.count + rowColumns.count)
    if choice >= targets.count {
        fuzzRow(body, mapper: RowMappers.all[choice - targets.count], columns: rowColumns[choice - targets.count])
        return 0
    }
    let (source, event) = targets[choice]
    do {
        let mapped = try registry.map(body: body, source: source, event: event, context: context)
        checkRoundTrip(mapped, event: event)
    } catch {
        // Typed: `error` is a MappingError. Its description must name where the problem is.
        let text = error.description
        if text.isEmpty || !(text.hasPrefix(error.path.description + ":")) {
            preconditionFailure("an untyped or pathless failure: \(text)")
        }
    }
    return 0
}

/// The unified JSON of `mapped`, read back by the generic mapper, must equal it — historical
/// offsets with seconds (Asia/Jakarta in 1012 is +07:07:12) included.
private func checkRoundTrip(_ mapped: MappedEvent, event: EventType) {
    let text = mapped.unifiedJSON()
    let genericEvent: EventType
    switch mapped {
    case .transaction, .transactions: genericEvent = .transactionCreated
    case .inventory: genericEvent = .inventoryUpdated
    case .payment: genericEvent = .paymentNotification
    }
    do {
        let again = try registry.map(body: Array(text.utf8), source: .generic, event: genericEvent, context: context)
        if again != mapped || again.unifiedJSON() != text {
            preconditionFailure("unified JSON does not round-trip: \(text)")
        }
    } catch {
        preconditionFailure("unified JSON not readable by the generic mapper: \(error) in \(text)")
    }
}

/// Splits the body on newlines into the mapper's columns and maps the record.
private func fuzzRow(_ body: [UInt8], mapper: any RowMapper, columns: [String]) {
    let fields = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    var record: [String: String] = [:]
    for (index, column) in columns.enumerated() where index < fields.count {
        record[column] = String(decoding: fields[index], as: UTF8.self)
    }
    let byDictionary = Result { () throws(RowMappingError) in try mapper.map(record, context: context) }
    // The same record read by position must map identically (same transaction or same error).
    let layout = mapper.layout(header: columns)
    let ranges = fields.map { $0.startIndex..<$0.endIndex }
    let byPosition = body.withUnsafeBytes { whole in
        Result { () throws(RowMappingError) in
            try mapper.map(
                fields: { index in index < ranges.count ? UnsafeRawBufferPointer(rebasing: whole[ranges[index]]) : nil },
                layout: layout, context: context)
        }
    }
    if byDictionary != byPosition {
        preconditionFailure("positional and dictionary row mapping differ: \(byDictionary) vs \(byPosition)")
    }
    switch byDictionary {
    case .success(let transaction):
        checkRoundTrip(.transaction(transaction), event: .transactionCreated)
    case .failure(let error):
        if error.message != "Invalid format" && error.message != "Date format error" {
            preconditionFailure("an unexpected row failure: \(error)")
        }
    }
}
