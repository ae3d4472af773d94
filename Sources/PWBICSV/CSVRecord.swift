/// One record with its fields as strings and its position in the input: an owned,
/// `Sendable` value (see ``CSVRecordView`` for the zero-copy form).
public struct CSVRecord: Sendable, Hashable, RandomAccessCollection {
    /// The fields, in order.
    public let fields: [String]
    /// The record number, from 1, counting the header row: the row number a spreadsheet shows.
    public let number: Int
    /// The physical line (from 1) the record starts on; differs from ``number`` after
    /// quoted newlines and blank lines.
    public let line: Int
    /// The byte offset (from 0) of the record's first byte in the input.
    public let byteOffset: Int
    /// Shared by every record of an input (one reference count per record, not three).
    private let headerBox: CSVHeaderBox?

    /// The header of the input, when it has one.
    public var header: CSVHeader? { headerBox?.header }

    /// A record with its fields, its position and the header it is read against.
    public init(fields: [String], number: Int, line: Int, byteOffset: Int, header: CSVHeader? = nil) {
        self.init(fields: fields, number: number, line: line, byteOffset: byteOffset, headerBox: header.map(CSVHeaderBox.init))
    }

    init(fields: [String], number: Int, line: Int, byteOffset: Int, headerBox: CSVHeaderBox?) {
        self.fields = fields
        self.number = number
        self.line = line
        self.byteOffset = byteOffset
        self.headerBox = headerBox
    }

    public static func == (lhs: CSVRecord, rhs: CSVRecord) -> Bool {
        lhs.fields == rhs.fields && lhs.number == rhs.number && lhs.line == rhs.line
            && lhs.byteOffset == rhs.byteOffset && lhs.header == rhs.header
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields)
        hasher.combine(number)
        hasher.combine(line)
        hasher.combine(byteOffset)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { fields.count }
    public subscript(position: Int) -> String { fields[position] }

    /// The field in the column called `name`, or nil when there is no such column (or this
    /// record is too short to have it).
    public subscript(name: String) -> String? {
        guard let index = header?.index(of: name), index < fields.count else { return nil }
        return fields[index]
    }

    /// The fields keyed by header name (columns without a name, or beyond the header, are left out).
    public var dictionary: [String: String] {
        guard let header else { return [:] }
        var result: [String: String] = [:]
        result.reserveCapacity(header.count)
        for (index, name) in header.names.enumerated() where index < fields.count && header.index(of: name) == index {
            result[name] = fields[index]
        }
        return result
    }
}

/// A record borrowed from the reader: fields are byte ranges of the reader's own buffer
/// (rewritten into a side buffer only when the field had doubled quotes or was
/// transcoded), valid only inside the closure that receives the view. Nothing is
/// allocated per record; a field is read as ``CSVFieldBytes`` (bytes in place) or as a string.
///
/// Safety: the view is not `Sendable`, is lent to a closure and never returned by the reader;
/// its pointers, kept in `LentRecordFields`, are the reader's region, scratch buffer and
/// slots, none of which moves or is freed while that closure runs. Its index subscript checks
/// the index against ``count``.
public struct CSVRecordView {
    /// Unretained: a view never outlives the closure it is lent to, and the reader (which
    /// owns the core) is borrowed for that whole time.
    private unowned(unsafe) let core: CSVParserCore
    /// The record's fields, in the reader's buffers.
    package let fields: LentRecordFields

    /// The number of fields.
    public var count: Int { fields.count }
    /// The record number, from 1, counting the header row.
    public let number: Int
    /// The physical line (from 1) the record starts on.
    public let line: Int
    /// The byte offset (from 0) of the record's first byte in the input.
    public let byteOffset: Int

    init(core: CSVParserCore, current: CSVEngine.Current, base: UnsafePointer<UInt8>) {
        self.core = core
        fields = LentRecordFields(base: base, scratch: current.scratch, slots: current.slots, count: current.count)
        number = current.number
        line = current.line
        byteOffset = current.byteOffset
    }

    /// The header of the input, when it has one.
    public var header: CSVHeader? { core.header?.header }

    /// The bytes of field `index`, unchecked (`index` must be below ``count``).
    @inline(__always)
    func bytes(_ index: Int) -> UnsafeRawBufferPointer {
        fields.bytes(at: index)
    }

    /// The bytes of field `index`, or nil when `index` is not below ``count``: for the kit's
    /// own readers (the importer, the `pwbi` tool), which hand the bytes on in place.
    package func unsafeBytes(at index: Int) -> UnsafeRawBufferPointer? {
        index >= 0 && index < count ? bytes(index) : nil
    }

    /// The UTF-8 bytes of field `index` (from 0), read in place; valid only while the view is.
    /// Traps when `index` is not below ``count``.
    public subscript(index: Int) -> CSVFieldBytes {
        precondition(index >= 0 && index < count, "CSVRecordView: field index \(index) out of range 0..<\(count)")
        return CSVFieldBytes(bytes(index))
    }

    /// The bytes of the field in the column called `name`, or nil.
    public subscript(name: String) -> CSVFieldBytes? {
        guard let index = core.header?.header.index(of: name), index < count else { return nil }
        return CSVFieldBytes(bytes(index))
    }

    /// Field `index` as a string.
    public func string(at index: Int) -> String {
        precondition(index >= 0 && index < count, "CSVRecordView: field index \(index) out of range 0..<\(count)")
        return core.strings.string(bytes(index))
    }

    /// The field in the column called `name` as a string, or nil.
    public func string(named name: String) -> String? {
        self[name].map { core.strings.string($0.bytes) }
    }

    /// All fields as strings.
    public var strings: [String] {
        var result: [String] = []
        result.reserveCapacity(count)
        let cache = core.strings
        for index in 0..<count { result.append(cache.string(bytes(index))) }
        return result
    }

    /// An owned copy that outlives the view.
    public func makeRecord() -> CSVRecord {
        CSVRecord(fields: core.recordFields(self), number: number, line: line, byteOffset: byteOffset, headerBox: core.header)
    }
}

@available(*, unavailable, message: "a CSVRecordView borrows the reader's buffer; copy it with makeRecord()")
extension CSVRecordView: Sendable {}

/// A header shared by reference between the records of one input.
final class CSVHeaderBox: Sendable {
    let header: CSVHeader
    init(_ header: CSVHeader) { self.header = header }
}
