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
    /// The header of the input, when it has one.
    public let header: CSVHeader?

    public init(fields: [String], number: Int, line: Int, byteOffset: Int, header: CSVHeader? = nil) {
        self.fields = fields
        self.number = number
        self.line = line
        self.byteOffset = byteOffset
        self.header = header
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
/// allocated per record.
public struct CSVRecordView {
    private let core: CSVParserCore
    private let base: UnsafePointer<UInt8>
    private let scratch: UnsafeRawPointer
    private let slots: UnsafePointer<FieldSlot>

    /// The number of fields.
    public let count: Int
    /// The record number, from 1, counting the header row.
    public let number: Int
    /// The physical line (from 1) the record starts on.
    public let line: Int
    /// The byte offset (from 0) of the record's first byte in the input.
    public let byteOffset: Int

    init(core: CSVParserCore, current: CSVEngine.Current, base: UnsafePointer<UInt8>) {
        self.core = core
        self.base = base
        scratch = current.scratch
        slots = current.slots
        count = current.count
        number = current.number
        line = current.line
        byteOffset = current.byteOffset
    }

    /// The header of the input, when it has one.
    public var header: CSVHeader? { core.header }

    @inline(__always)
    private func bytes(_ index: Int) -> UnsafeRawBufferPointer {
        let slot = slots[index]
        if slot.inScratch {
            return UnsafeRawBufferPointer(start: scratch + slot.start, count: slot.count)
        }
        return UnsafeRawBufferPointer(start: base + slot.start, count: slot.count)
    }

    /// The UTF-8 bytes of field `index` (from 0); valid only while the view is.
    public subscript(index: Int) -> UnsafeRawBufferPointer {
        precondition(index >= 0 && index < count, "CSVRecordView: field index \(index) out of range 0..<\(count)")
        return bytes(index)
    }

    /// The bytes of the field in the column called `name`, or nil.
    public subscript(name: String) -> UnsafeRawBufferPointer? {
        guard let index = core.header?.index(of: name), index < count else { return nil }
        return bytes(index)
    }

    /// Field `index` as a string.
    public func string(at index: Int) -> String {
        CSVEngine.string(self[index])
    }

    /// The field in the column called `name` as a string, or nil.
    public func string(named name: String) -> String? {
        self[name].map(CSVEngine.string)
    }

    /// All fields as strings.
    public var strings: [String] {
        var result: [String] = []
        result.reserveCapacity(count)
        for index in 0..<count { result.append(CSVEngine.string(bytes(index))) }
        return result
    }

    /// An owned copy that outlives the view.
    public func makeRecord() -> CSVRecord {
        CSVRecord(fields: strings, number: number, line: line, byteOffset: byteOffset, header: core.header)
    }
}

@available(*, unavailable, message: "a CSVRecordView borrows the reader's buffer; copy it with makeRecord()")
extension CSVRecordView: Sendable {}
