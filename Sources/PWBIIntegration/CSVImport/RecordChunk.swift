import PWBICSV
import PWBIMapping

/// CSV records copied out of the reader's buffer, in file order, so that another task can map
/// them (``CSVImporter`` maps chunks concurrently and stores their outcomes in order). The fields'
/// bytes lie back to back in one array; a chunk also keeps, in place, the rows the reader itself
/// rejected, so that failures stay in file order.
struct RecordChunk: Sendable {
    /// At most this many records per chunk.
    static let maximumRows = 4096
    /// A chunk stops taking records once its bytes reach this size (a larger record still fits).
    static let maximumBytes = 1 << 20

    /// One entry of the chunk.
    enum Item: Sendable {
        /// A record of `fields` fields (the next ones in ``RecordChunk/bounds``), spreadsheet row `row`.
        case record(row: Int, fields: Int)
        /// What the reader found instead of a record (a failed row, or the end of reading).
        case problem(CSVImporter.RowProblem)
    }

    /// The fields' UTF-8, back to back.
    private(set) var bytes: [UInt8] = []
    /// Field `i` (counted over the whole chunk) is `bytes[bounds[i] ..< bounds[i + 1]]`.
    private(set) var bounds: [Int] = [0]
    /// The records and the reader's outcomes, in file order.
    private(set) var items: [Item] = []

    /// Reads records until the chunk holds `rows` items or ``maximumBytes`` bytes; false when
    /// the input has ended or reading cannot go on (the last item then says why, if anything).
    mutating func fill(from reader: inout CSVReader, rows: Int) -> Bool {
        Self.read(&reader) { view in
            for index in 0..<view.count {
                view.fields.bytes(at: index).withMemoryRebound(to: UInt8.self) { bytes.append(contentsOf: $0) }
                bounds.append(bytes.count)
            }
            items.append(.record(row: view.number, fields: view.count))
            return items.count < rows && bytes.count < Self.maximumBytes
        } failed: { problem in
            items.append(.problem(problem))
            return items.count < rows && bytes.count < Self.maximumBytes
        }
    }

    /// Lends records to `take` and hands the reader's failures to `failed`, until one of them
    /// answers false (enough for now: true is returned) or the input ends or reading cannot go on
    /// (false). Records are lent through the reader's non-generic `forEachRecord` (one call per
    /// chunk, not per row); a record `take` was lent is consumed even when reading stops after it.
    static func read(
        _ reader: inout CSVReader, take: (CSVRecordView) -> Bool, failed: (CSVImporter.RowProblem) -> Bool
    ) -> Bool {
        while true {
            do {
                try reader.forEachRecord { view in
                    if !take(view) { throw Enough() }
                }
                return false
            } catch is Enough {
                return true
            } catch {
                let problem = CSVImporter.problem(of: error)
                let more = failed(problem)
                if case .stop = problem { return false }
                if !more { return true }
            }
        }
    }

    /// Stops `forEachRecord` once a chunk is full.
    private struct Enough: Error {}

    /// Maps every record, in order; the reader's problems pass through.
    func map(mapper: any RowMapper, layout: RowLayout, context: MappingContext) -> CSVImporter.MappedRows {
        var mapped = CSVImporter.MappedRows(capacity: items.count)
        bytes.withUnsafeBytes { bytes in
            bounds.withUnsafeBufferPointer { bounds in
                var first = 0
                for item in items {
                    switch item {
                    case .problem(let problem):
                        mapped.append(problem)
                    case .record(let row, let count):
                        let start = first
                        first += count
                        // `start + index + 1 < bounds.count` holds for every index below `count`:
                        // `fill` appended one bound per field.
                        let field = { (index: Int) -> UnsafeRawBufferPointer? in
                            guard index >= 0, index < count else { return nil }
                            return UnsafeRawBufferPointer(rebasing: bytes[bounds[start + index] ..< bounds[start + index + 1]])
                        }
                        do throws(RowMappingError) {
                            mapped.append(try mapper.map(fields: field, layout: layout, context: context), row: row)
                        } catch {
                            var failure = CSVImporter.failure(error, row: row)
                            failure.data = CSVRowData(count: count, field: field)  // {row, error, data}, bounded
                            mapped.append(.failed(failure))
                        }
                    }
                }
            }
        }
        return mapped
    }
}
