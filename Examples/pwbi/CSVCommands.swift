import PWBICSV

/// `pwbi csv parse` and `pwbi csv sniff`.
let csvCommands: [Command] = [
    Command(
        name: "csv parse",
        summary: "Parses a CSV file and prints each record as a JSON array of strings (NDJSON).",
        usage: "csv parse [--delimiter auto|,|;|tab|pipe] [--strict] [--encoding utf8|windows-1252] [FILE]",
        details: """
            Every record is printed, the header row included, one JSON array per line. A file or
            standard input is streamed in chunks, so its size does not matter (memory stays constant). On the first error the error is printed
            on stderr with its record, line and column, and the exit status is 1.

              --delimiter   the field separator; 'auto' (the default) detects it from the first records
              --strict      malformed quotes and rows whose field count differs from the first row's are errors
                            (otherwise quotes are recovered the way Python's csv module does)
              --encoding    utf8 (the default; invalid UTF-8 is an error) or windows-1252
            """,
        examples: [
            "pwbi csv parse export.csv",
            "pwbi csv parse --delimiter ';' --encoding windows-1252 moka.csv",
            "cat export.csv | pwbi csv parse --strict",
        ]
    ) { arguments, io in
        let delimiter = try arguments.choice("delimiter", from: ["auto", ",", ";", "tab", "pipe"]) ?? "auto"
        let strict = try arguments.flag("strict")
        let encoding = try arguments.choice("encoding", from: ["utf8", "windows-1252"]) ?? "utf8"
        let path = try arguments.file()
        let options = CSVReaderOptions(
            dialect: CSVDialect(
                delimiter: CSVCommandSupport.delimiter(delimiter),
                quoteHandling: strict ? .strict : .lenient,
                raggedRows: strict ? .error : .allow),
            encoding: encoding == "utf8" ? .utf8 : .windows1252,
            header: .none)
        var reader = try io.csvReader(path, options: options)
        var line: [UInt8] = []
        do {
            try reader.forEachRecord { view in
                line.removeAll(keepingCapacity: true)
                line.append(UInt8(ascii: "["))
                for index in 0..<view.count {
                    if index > 0 { line.append(UInt8(ascii: ",")) }
                    JSONText.appendString(view.fields.bytes(at: index), to: &line)
                }
                line.append(UInt8(ascii: "]"))
                io.print(String(decoding: line, as: UTF8.self))
            }
        } catch let error as CSVError {
            throw InputRejected(CSVCommandSupport.describe(error, path: path))
        }
        return .ok
    },
    Command(
        name: "csv sniff",
        summary: "Prints the detected dialect (delimiter, quote, line ending, BOM, encoding) and header of a CSV file.",
        usage: "csv sniff FILE|-",
        details: """
            Looks at the first 64 KiB: the delimiter that splits the first records into consistent
            field counts (counting only outside quotes), the first line ending, a UTF-8 byte order
            mark, whether the text is valid UTF-8, and the first record as a JSON array.
            A UTF-16 file, with or without a byte order mark, is rejected (exit status 1) with what to
            do about it. '-' reads the first 64 KiB of standard input only.
            """,
        examples: ["pwbi csv sniff export.csv"]
    ) { arguments, io in
        let positionals = try arguments.positionals(max: 1)
        guard let path = positionals.first else { throw UsageError("missing FILE") }
        let sample = try io.prefix(path, count: 64 << 10)
        let detected = CSVDialectDetector.detect(sample)
        if let bigEndian = detected.utf16BigEndian {
            let error = CSVError(kind: .utf16(bigEndian: bigEndian), record: 1, line: 1, column: 1, byteOffset: 0)
            throw InputRejected(CSVCommandSupport.describe(error, path: path))
        }
        let options = CSVReaderOptions(
            dialect: CSVDialect(delimiter: detected.delimiter, raggedRows: .allow),
            encoding: detected.sampleIsValidUTF8 ? .utf8 : .windows1252,
            header: .none)
        var reader = path == "-" ? CSVReader(bytes: sample, options: options) : try io.csvReader(path, options: options)
        let header: CSVRecord?
        do throws(CSVError) {
            header = try reader.next()
        } catch {
            throw InputRejected(CSVCommandSupport.describe(error, path: path))
        }
        io.print("delimiter: \(CSVCommandSupport.name(detected.delimiter))")
        io.print("quote: \"")
        io.print("line ending: \(detected.lineEnding?.rawValue ?? "none")")
        io.print("byte order mark: \(detected.hasByteOrderMark ? "UTF-8" : "none")")
        io.print("encoding: \(detected.sampleIsValidUTF8 ? "UTF-8" : "not UTF-8 (read as windows-1252; parse with --encoding windows-1252)")")
        if let header {
            var line: [UInt8] = [UInt8(ascii: "[")]
            for (index, name) in header.fields.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                Array(name.utf8).withUnsafeBytes { JSONText.appendString($0, to: &line) }
            }
            line.append(UInt8(ascii: "]"))
            io.print("header: \(String(decoding: line, as: UTF8.self))")
            io.print("fields: \(header.count)")
        } else {
            io.print("header: none (no records)")
            io.print("fields: 0")
        }
        return .ok
    },
]

enum CSVCommandSupport {
    static func delimiter(_ name: String) -> CSVDelimiter {
        switch name {
        case ",": .comma
        case ";": .semicolon
        case "tab": .tab
        case "pipe": .pipe
        default: .auto
        }
    }

    static func name(_ delimiter: CSVDelimiter) -> String {
        switch delimiter {
        case .comma: ","
        case .semicolon: ";"
        case .tab: "tab"
        case .pipe: "pipe"
        case .auto: "auto"
        }
    }

    /// `FILE: record R, line L, column C (byte B): message`.
    static func describe(_ error: CSVError, path: String?) -> String {
        let name = path.flatMap { $0 == "-" ? nil : $0 } ?? "<stdin>"
        return "\(name): \(error.description)"
    }
}

/// JSON string encoding of UTF-8 bytes (RFC 8259: `"` `\` and control characters escaped).
enum JSONText {
    static func appendString(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
