public import PWBIMapping

/// Why an uploaded file was refused before any row was read — the reference upload route's
/// messages, each with the status that route answers (400 for both, as the reference does).
public enum CSVUploadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request carried no file (or an empty, unnamed part: a form sent without choosing one).
    case noFile
    /// The file is not CSV: its name does not end in `.csv`, or its first bytes are another format's.
    case notCSV(CSVUploadRejection)

    /// The reference's message: `No file uploaded` or `File must be CSV format`.
    public var message: String {
        switch self {
        case .noFile: "No file uploaded"
        case .notCSV: "File must be CSV format"
        }
    }

    /// The status an upload route answers: 400, as the reference route does for both.
    public var status: Int { 400 }

    /// What was wrong, for the merchant (never the file's content).
    public var detail: String? {
        switch self {
        case .noFile: nil
        case .notCSV(let rejection): rejection.description
        }
    }

    /// `{"error":"File must be CSV format","detail":"…"}`: the reference's body, with the detail when there is one.
    public var jsonBody: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("error")
        writer.string(message)
        if let detail {
            writer.key("detail")
            writer.string(detail)
        }
        writer.endObject()
        return writer.bytes
    }

    public var description: String { detail.map { "\(message): \($0)" } ?? message }
}

/// Why a file is not taken for CSV.
public enum CSVUploadRejection: Sendable, Hashable, CustomStringConvertible {
    /// The name does not end in `.csv` (any case); the name is kept, cut to 100 characters.
    case fileName(String)
    /// The first bytes are those of another format, named here (`an Excel .xlsx spreadsheet`).
    case content(String)

    public var description: String {
        switch self {
        case .fileName(let name): "the file name \"\(name)\" does not end in .csv"
        case .content(let format): "the file is \(format), not text; export it as CSV first"
        }
    }
}

/// An uploaded file that passed the upload checks: a `.csv` name and content that is not a
/// spreadsheet, a PDF, an archive or an image (by its magic bytes). Whether the text is valid CSV
/// is the importer's to say, row by row.
public struct CSVUpload: Sendable, Hashable {
    /// The name the client gave.
    public let fileName: String
    /// The content.
    public let bytes: [UInt8]

    /// Checks a multipart file part: `bytes` nil (no part) or an unnamed empty part is
    /// ``CSVUploadError/noFile``; a name without `.csv` or another format's content is
    /// ``CSVUploadError/notCSV(_:)``.
    public init(fileName: String?, bytes: [UInt8]?) throws(CSVUploadError) {
        let name = fileName ?? ""
        guard let bytes, !(name.isEmpty && bytes.isEmpty) else { throw .noFile }
        guard name.lowercased().hasSuffix(".csv") else { throw .notCSV(.fileName(String(name.prefix(100)))) }
        if let format = Self.binaryFormat(of: bytes) { throw .notCSV(.content(format)) }
        self.fileName = name
        self.bytes = bytes
    }

    /// The format whose signature `bytes` start with, when it is one a CSV can never be.
    static func binaryFormat(of bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) || starts([0x50, 0x4B, 0x07, 0x08]) {
            // An Office Open XML workbook names its parts `xl/…` in the archive's first entries.
            let head = bytes.prefix(4096)
            let xlsx = Array("xl/".utf8), ods = Array("opendocument.spreadsheet".utf8)
            if contains(head, xlsx) { return "an Excel .xlsx spreadsheet" }
            if contains(head, ods) { return "an OpenDocument .ods spreadsheet" }
            return "a ZIP archive"
        }
        let signatures: [([UInt8], String)] = [
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an Excel .xls spreadsheet"),
            (Array("%PDF-".utf8), "a PDF document"),
            ([0x1F, 0x8B], "a gzip archive"),
            (Array("Rar!".utf8), "a RAR archive"),
            ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ]
        return signatures.first { starts($0.0) }?.1
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        while let found = haystack[index...].firstIndex(of: first) {
            if haystack[found...].starts(with: needle) { return true }
            index = haystack.index(after: found)
        }
        return false
    }
}

extension CSVImporter {
    /// The upload route's entry point: checks the file part (``CSVUpload``), then imports it.
    /// A refused file throws ``CSVUploadError`` with the reference's message and status; a file
    /// taken imports as ``importBytes(_:using:context:onStored:)`` does.
    public func importUpload(
        fileName: String?, bytes: [UInt8]?, using mapper: any RowMapper, context: MappingContext, onStored: StoredHandler? = nil
    ) async throws(CSVUploadError) -> CSVImportReport {
        let upload = try CSVUpload(fileName: fileName, bytes: bytes)
        return await importBytes(upload.bytes, using: mapper, context: context, onStored: onStored)
    }
}
