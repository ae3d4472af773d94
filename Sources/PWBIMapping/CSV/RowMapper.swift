/// Why one CSV row could not be mapped, in the troubleshooting guide's words: **"Invalid
/// format"** (a required column missing or empty, an amount that does not parse) or **"Date
/// format error"** (a date not in the expected layout, or not a real date), naming the column.
///
/// ```text
/// Date format error: column Date: expected YYYY-MM-DD (e.g. 2025-12-27), found "27/12/2025"
/// Invalid format: column Amount: expected an amount such as 1,234,567.00, found "250k"
/// ```
public struct RowMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The guide's two CSV messages.
    public enum Problem: String, Sendable, Hashable, CaseIterable {
        /// "Invalid format": download the template again, don't modify column headers.
        case invalidFormat = "Invalid format"
        /// "Date format error": use YYYY-MM-DD.
        case dateFormatError = "Date format error"
    }

    /// Which of the guide's messages applies.
    public var problem: Problem
    /// The column (header) concerned.
    public var column: String
    /// What the column must hold.
    public var expected: String
    /// What it held (quoted and shortened), or `nothing (missing)`.
    public var found: String

    /// A failure of `column`.
    public init(_ problem: Problem, column: String, expected: String, found: String) {
        self.problem = problem
        self.column = column
        self.expected = expected
        self.found = found
    }

    /// The guide's message: `Invalid format` or `Date format error`.
    public var message: String { problem.rawValue }

    /// The same failure as a ``MappingError`` whose path is the column.
    public var mappingError: MappingError {
        MappingError(found == Self.missing ? .missingField : .invalidValue, path: FieldPath(column), expected: expected, found: found)
    }

    public var description: String { "\(message): column \(column): expected \(expected), found \(found)" }

    static let missing = "nothing (missing)"
}

/// Maps one CSV record — header → field text, as a CSV reader yields it — to a unified
/// transaction. The CSV syntax (quotes, delimiters, encodings) is PWBICSV's job; a row mapper
/// only reads fields.
///
/// A conformer implements `map(_:context:)` taking the record as a dictionary, and may implement
/// `map(_:context:)` taking a ``RowFieldView`` (the record by position against its file's header)
/// when it can read positions faster than a dictionary; nothing a conformer implements sees a
/// pointer.
public protocol RowMapper: Sendable {
    /// The system whose export this is (`generic` for the template).
    var sourceSystem: SourceSystem { get }
    /// The columns a file must have.
    var requiredColumns: [String] { get }
    /// Maps one record.
    func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction
    /// Maps one record read by position, its file's header resolved once in the row's
    /// ``RowFieldView/layout``. Gives exactly what the dictionary form gives for the same record.
    /// The default implementation builds the dictionary.
    func map(_ row: RowFieldView, context: MappingContext) throws(RowMappingError) -> UnifiedTransaction
}

extension RowMapper {
    /// Maps the row through the built-in column reader when this is a built-in mapper, else
    /// through the dictionary form with the row's dictionary.
    public func map(_ row: RowFieldView, context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        if let reader = row.layout.reader(for: self) {
            return try reader.map(row.fields, positions: row.layout.readerPositions, context: context)
        }
        return try map(row.dictionary, context: context)
    }

    /// The layout of a file with this header row (names are trimmed), resolved once for this
    /// mapper: pass it to every ``RowFieldView`` of the file.
    public func layout(header: [String]) -> RowLayout {
        RowLayout(header: header, reader: self as? any ColumnReadingRowMapper)
    }

    /// The required columns missing from a header row (empty when the file can be imported):
    /// a non-empty result is the guide's "Invalid format" for the whole file.
    public func missingColumns(in header: [String]) -> [String] {
        let present = Set(header.map { String(trimmed($0)) })
        return requiredColumns.filter { !present.contains($0) }
    }

    /// The fast path for the package's own CSV importer: maps a record whose `i`-th field's raw
    /// UTF-8 is `field(i)` (nil past the record's end). Built-in mappers read the bytes in place;
    /// any other mapper gets the fields as strings in a ``RowFieldView``.
    ///
    /// Safe as long as every buffer `field` returns stays valid for the whole call, which the
    /// callers (a CSV reader's record view, a chunk's byte array) guarantee by lending them only
    /// for the call: nothing here keeps a buffer past it.
    package func map(
        fields field: (Int) -> UnsafeRawBufferPointer?, layout: RowLayout, context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction {
        if let reader = layout.reader(for: self) {
            return try reader.mapFields(field, positions: layout.readerPositions, context: context)
        }
        var fields: [String] = []
        fields.reserveCapacity(layout.names.count)
        while let bytes = field(fields.count) { fields.append(String(decoding: bytes, as: UTF8.self)) }
        return try map(RowFieldView(fields: fields, layout: layout), context: context)
    }
}

/// The row mapper for a source's CSV export, or the generic template's for `generic`;
/// other sources are ``MappingError/Kind/unknownSource``.
public enum RowMappers {
    /// Pawoon export, Moka export, generic template.
    public static let all: [any RowMapper] = [PawoonExportRowMapper(), MokaExportRowMapper(), GenericTemplateRowMapper()]

    /// The row mapper for `source`.
    public static func mapper(for source: SourceSystem) throws(MappingError) -> any RowMapper {
        guard let mapper = all.first(where: { $0.sourceSystem == source }) else {
            throw MappingError(
                .unknownSource, path: .root,
                expected: "a CSV format: " + all.map(\.sourceSystem.rawValue).joined(separator: ", "),
                found: MappingError.quoted(source.rawValue))
        }
        return mapper
    }
}
