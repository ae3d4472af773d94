// The errors of ``CSVEngine``: where in the input (record, line, column, field) a defect is.

extension CSVEngine {
    /// Line and character column of `index`, counting from the record's start (records
    /// always start a line).
    func locate(_ base: UnsafePointer<UInt8>, _ recordStart: Int, _ index: Int, line firstLine: Int) -> (line: Int, column: Int) {
        var line = firstLine
        var lineStart = recordStart
        var p = recordStart
        while p < index {
            let byte = base[p]
            if byte == Self.lf || byte == Self.cr {
                if byte == Self.cr && p + 1 < index && base[p + 1] == Self.lf { p += 1 }
                line += 1
                lineStart = p + 1
            }
            p += 1
        }
        var column = 1
        for q in lineStart..<max(lineStart, index) where transcodes || base[q] & 0xC0 != 0x80 {
            column += 1
        }
        return (line, column)
    }

    /// The field (from 1) holding input byte `index` of the current record: delimiters
    /// outside quotes counted from the record's start.
    func fieldContaining(_ index: Int, _ base: UnsafePointer<UInt8>, from recordStart: Int) -> Int {
        var field = 1
        var quoted = false
        for p in recordStart..<index {
            let byte = base[p]
            if byte == quote {
                quoted.toggle()
            } else if byte == delimiter && !quoted {
                field += 1
            }
        }
        return field
    }

    mutating func terminal(
        _ kind: CSVError.Kind, _ base: UnsafePointer<UInt8>, _ recordStart: Int, _ index: Int, _ baseOffset: Int, field: Int? = nil
    ) -> CSVError {
        finished = true
        let (line, column) = locate(base, recordStart, index, line: nextLine)
        return CSVError(
            kind: kind, record: recordsRead + 1, line: line, column: column,
            byteOffset: baseOffset + index, field: field, recoverable: false)
    }

    mutating func recordError(
        _ kind: CSVError.Kind, _ base: UnsafePointer<UInt8>, _ recordStart: Int, _ index: Int, _ baseOffset: Int,
        field: Int?, _ inHeader: Bool
    ) -> CSVError {
        if inHeader { finished = true }
        let (line, column) = locate(base, recordStart, index, line: recordLine)
        return CSVError(
            kind: kind, record: recordNumber, line: line, column: column,
            byteOffset: baseOffset + index, field: field, recoverable: !inHeader)
    }
}
