import Foundation
import SwiftCSV

/// swiftcsv/SwiftCSV 0.10.0 as a peer of the `csv` suite (kept in its own file: its
/// `CSVDelimiter` would clash with PWBICSV's).
enum SwiftCSVPeer {
    /// Parses the bytes (decoded to a String first); returns the number of data rows.
    static func records(bytes: [UInt8]) throws -> Int {
        let csv = try EnumeratedCSV(string: String(decoding: bytes, as: UTF8.self), delimiter: .comma, loadColumns: false)
        return csv.rows.count
    }

    /// Loads the file the way SwiftCSV does (it has no streaming reader); returns the data rows.
    static func records(path: String) throws -> Int {
        let csv = try EnumeratedCSV(url: URL(fileURLWithPath: path), delimiter: .comma, loadColumns: false)
        return csv.rows.count
    }
}
