import CSV
import Foundation

/// yaslab/CSV.swift 2.5.2 as a peer of the `csv` suite (kept in its own file: its `CSVReader`
/// would clash with PWBICSV's).
enum YaslabCSVPeer {
    /// Parses the bytes (decoded to a String first) and returns the number of rows, header included.
    static func records(bytes: [UInt8]) throws -> Int {
        let reader = try CSVReader(string: String(decoding: bytes, as: UTF8.self))
        var count = 0
        while let row = reader.next() {
            count += row.isEmpty ? 0 : 1
        }
        return count
    }

    /// Streams the file through an `InputStream`; returns the number of rows, header included.
    static func streamRecords(path: String) throws -> Int {
        guard let stream = InputStream(fileAtPath: path) else { throw BenchmarkFailure("cannot open \(path)") }
        let reader = try CSVReader(stream: stream)
        var count = 0
        while let row = reader.next() {
            count += row.isEmpty ? 0 : 1
        }
        return count
    }
}
