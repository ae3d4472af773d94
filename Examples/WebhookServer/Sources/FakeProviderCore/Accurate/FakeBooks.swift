#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import PWBIMapping

/// What a fake accounting system (Accurate, Jurnal.id) saved, by reference (the voucher number /
/// `transaction_no`, unique as in the real systems), and every post of a reference already saved —
/// a double posting the real system would refuse, which the CI scenarios assert never happens.
/// Served as `GET <prefix>/_books`; `DELETE <prefix>/_books` empties it.
public actor FakeBooks {
    /// One saved journal.
    public struct Saved: Codable, Sendable, Equatable {
        /// The system's id.
        public var id: Int
        /// The reference it was posted under.
        public var reference: String
        /// The transaction date as sent.
        public var date: String
        /// The sum of the debits, exact decimal text.
        public var debit: String
        /// The sum of the credits, exact decimal text.
        public var credit: String
        /// How many lines.
        public var lines: Int
    }

    private var saved: [Saved] = []
    private var duplicates: [String] = []
    private let firstID: Int

    /// Empty books whose ids start at `firstID` (deterministic answers).
    public init(firstID: Int) { self.firstID = firstID }

    /// Saves a journal, or records a duplicate (and returns nil) when `reference` is saved already.
    public func post(reference: String, date: String, debit: String, credit: String, lines: Int) -> Saved? {
        guard find(reference) == nil else {
            duplicates.append(reference)
            return nil
        }
        let record = Saved(id: firstID + saved.count, reference: reference, date: date, debit: debit, credit: credit, lines: lines)
        saved.append(record)
        return record
    }

    /// The journal saved under `reference`.
    public func find(_ reference: String) -> Saved? { saved.first { $0.reference == reference } }

    /// Everything saved, in order, and every duplicate post.
    public var contents: (saved: [Saved], duplicates: [String]) { (saved, duplicates) }

    /// Forgets everything.
    public func reset() {
        saved = []
        duplicates = []
    }

    /// Adds `GET /_books` and `DELETE /_books` to `group`.
    nonisolated func addRoutes(to group: RouterGroup<BasicRequestContext>) {
        group.get("/_books") { _, _ -> Response in
            struct Report: Encodable {
                var saved: [Saved]
                var duplicates: [String]
            }
            let (saved, duplicates) = await self.contents
            return FakeProvider.json(Report(saved: saved, duplicates: duplicates))
        }
        group.delete("/_books") { _, _ -> Response in
            await self.reset()
            return Response(status: .noContent)
        }
    }

    /// Sums a journal's lines, checking each is a positive exact number: (debit, credit), or the
    /// reason the journal is refused.
    static func balance(_ lines: [(side: String, amount: JSONValue)]) -> Result<(debit: ExactDecimal, credit: ExactDecimal), Refusal> {
        guard lines.count >= 2 else { return .failure(Refusal("a journal needs at least two lines")) }
        var debit = ExactDecimal.zero, credit = ExactDecimal.zero
        for (index, line) in lines.enumerated() {
            guard let amount = try? line.amount.decimal(), amount > .zero else { return .failure(Refusal("line \(index + 1): the amount must be a positive number")) }
            do {
                if line.side == "debit" { debit = try debit + amount } else { credit = try credit + amount }
            } catch {
                return .failure(Refusal("line \(index + 1): the amount overflows"))
            }
        }
        return debit == credit ? .success((debit, credit)) : .failure(Refusal("Total Debit dan Kredit harus sama"))
    }

    /// The body of `request`, at most 4 MiB.
    static func body(_ request: Request) async throws -> [UInt8] {
        let buffer = try await request.body.collect(upTo: 4 << 20)
        return Array(buffer.readableBytesView)
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        (try? String(decoding: JSONEncoder().encode(text), as: UTF8.self)) ?? "\"\""
    }
}

/// Why a fake accounting system refuses a journal, in its own words.
struct Refusal: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
