import Foundation
import PWBICSV
import Testing

/// PWBICSV (lenient mode) against Python's csv module on 600 generated inputs: well-formed
/// tables in every quoting style and line ending, and "soup" full of stray quotes, delimiters
/// and line breaks. The vectors come from `Resources/Differential/generate.py` (committed
/// with its output).
@Suite("Differential against Python's csv module")
struct DifferentialTests {
    struct Vectors: Decodable {
        struct Case: Decodable {
            let name: String
            let delimiter: String
            let input: String
            let rows: [[String]]
        }
        let cases: [Case]
    }

    static func load() throws -> [Vectors.Case] {
        try JSONDecoder().decode(Vectors.self, from: Data(Resources.bytes("Differential/vectors.json"))).cases
    }

    @Test func vectorsArePresent() throws {
        let cases = try Self.load()
        #expect(cases.count >= 500)
        #expect(cases.contains { $0.name.hasPrefix("soup") } && cases.contains { $0.name.hasPrefix("table") })
    }

    @Test(arguments: CSVDelimiter.concrete)
    func sameRecordsAsPython(_ delimiter: CSVDelimiter) throws {
        let cases = try Self.load().filter { $0.delimiter.utf8.first == delimiter.byte }
        #expect(!cases.isEmpty)
        let options = CSVReaderOptions(
            dialect: CSVDialect(delimiter: delimiter, quoteHandling: .lenient, raggedRows: .allow),
            header: .none)
        for (index, vector) in cases.enumerated() {
            let bytes = Array(vector.input.utf8)
            let feeding: Feeding = index.isMultiple(of: 2) ? .wholeBuffer : .randomChunks(seed: UInt64(index))
            let outcome = try read(bytes, options: options, feeding: feeding)
            #expect(outcome.errors.isEmpty, "\(vector.name): \(outcome.errors)")
            #expect(outcome.records == vector.rows, "\(vector.name): \(vector.input.debugDescription)")
        }
    }
}
