#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIMapping

/// Helpers shared by the built-in sources.
enum SourceSupport {
    /// `date` as ISO 8601 UTC with whole seconds (`2025-12-27T09:10:00Z`), rounded down or up.
    static func iso8601(_ date: Date, roundingUp: Bool) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = Int64(roundingUp ? seconds.rounded(.up) : seconds.rounded(.down))
        return CivilDateTime(secondsSinceEpoch: whole).iso8601(offsetSeconds: 0)
    }

    /// Whole Unix seconds, rounded down or up (so an inclusive window never shrinks).
    static func unixSeconds(_ date: Date, roundingUp: Bool) -> Int64 {
        let seconds = date.timeIntervalSince1970
        return Int64(roundingUp ? seconds.rounded(.up) : seconds.rounded(.down))
    }

    /// The parsed JSON of a page, or a page error that says so without quoting the body.
    static func document(_ response: TransportResponse) throws(SourcePageError) -> JSONDocument {
        do {
            return try JSONDocument(parsing: response.body)
        } catch {
            throw SourcePageError("the response is not valid JSON (\(error.reasonDescription) at byte \(error.offset))")
        }
    }

    /// Maps each element of `list` with `mapper`, keeping elements that fail with their raw bytes.
    static func items(_ list: JSONValue, mapper: any TransactionMapper, context: MappingContext) throws(SourcePageError) -> [SourceItem] {
        let elements: JSONArray
        do { elements = try list.array() } catch {
            throw SourcePageError("\(list.path) is \(list.exists ? "not an array" : "missing")")
        }
        var items: [SourceItem] = []
        items.reserveCapacity(elements.count)
        for element in elements {
            do {
                for transaction in try mapper.map(element, event: .transactionCreated, context: context).transactions {
                    items.append(.transaction(transaction))
                }
            } catch {
                let raw = (try? element.rawBytes()).map(Array.init) ?? []
                items.append(.unmappable(raw: raw, error: error))
            }
        }
        return items
    }

    /// `base` without a trailing slash.
    static func trimmedBase(_ base: String) -> String {
        var text = base
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
