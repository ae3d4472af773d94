import PWBICSV
import PWBIMapping

extension CSVImporter {
    /// Rows mapped and waiting to be stored, in file order.
    struct PendingRows {
        var transactions: [UnifiedTransaction] = []
        var rows: [Int] = []
        let capacity: Int

        init(capacity: Int) {
            self.capacity = max(1, capacity)
            transactions.reserveCapacity(min(self.capacity, 4096))
            rows.reserveCapacity(min(self.capacity, 4096))
        }

        var isFull: Bool { transactions.count >= capacity }
        var isEmpty: Bool { transactions.isEmpty }

        mutating func append(_ transaction: consuming UnifiedTransaction, row: Int) {
            transactions.append(transaction)
            rows.append(row)
        }

        mutating func removeAll() {
            transactions.removeAll(keepingCapacity: true)
            rows.removeAll(keepingCapacity: true)
        }
    }

    /// The file's problem for a reading error that stops the import.
    static func problem(_ error: CSVError) -> CSVFileProblem {
        let position = "line \(error.line), column \(error.column)"
        switch error.kind {
        case .utf16, .invalidUTF8: return .notUTF8("\(position): \(error.message)")
        case .duplicateHeader, .emptyHeader: return .invalidHeader(error.message)
        case .missingColumns(let names): return .missingColumns(names)
        case .unreadable(let reason): return .unreadable(reason)
        case .unterminatedQuote, .unexpectedQuote, .textAfterClosingQuote, .raggedRow, .recordTooLarge:
            return .malformed("row \(error.record), \(position): \(error.message)")
        }
    }

    static func trimmed(_ name: String) -> String {
        var scalars = Substring(name).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
