/// A file's header row resolved once, so that records can be mapped by position
/// (``RowFieldView``) instead of through a dictionary per row.
///
/// Names are trimmed; blank names are ignored and the first column of a repeated name wins —
/// the same record a dictionary built from the header would give.
public struct RowLayout: Sendable, Hashable {
    /// The header's names, trimmed, in file order.
    public let names: [String]
    /// Each distinct non-blank name and its position (first occurrence), in file order.
    let columns: [(name: String, index: Int)]
    /// Position of each name.
    let positions: [String: Int]
    /// The built-in column reader this layout was made for, and the positions of its columns
    /// (-1 when absent); nil for a layout made for any other mapper.
    private let reader: (any ColumnReadingRowMapper)?
    let readerPositions: [Int]

    /// The layout of a header row, for no particular mapper.
    public init(header: [String]) {
        self.init(header: header, reader: nil)
    }

    /// The layout of a header row for `reader`, its columns' positions resolved now.
    init(header: [String], reader: (any ColumnReadingRowMapper)?) {
        names = header.map { String(trimmed($0)) }
        var columns: [(name: String, index: Int)] = []
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty && positions[name] == nil {
            positions[name] = index
            columns.append((name, index))
        }
        self.columns = columns
        self.positions = positions
        self.reader = reader
        readerPositions = reader.map { type(of: $0).columns.map { positions[$0] ?? -1 } } ?? []
    }

    /// The built-in column reader to map `mapper`'s rows with: the one this layout was made
    /// for, when `mapper` is of the same type (a layout handed to another mapper reads nothing
    /// through it).
    @inline(__always)
    func reader(for mapper: some RowMapper) -> (any ColumnReadingRowMapper.Type)? {
        guard let reader else { return nil }
        let type = type(of: reader)
        return ObjectIdentifier(type) == ObjectIdentifier(Swift.type(of: mapper)) ? type : nil
    }

    /// The position of `name` in the header, if present.
    public func position(of name: String) -> Int? { positions[name] }

    public static func == (lhs: RowLayout, rhs: RowLayout) -> Bool { lhs.names == rhs.names }
    public func hash(into hasher: inout Hasher) { hasher.combine(names) }
}

/// One CSV record's fields by position, with its file's header resolved in ``layout``: what
/// `RowMapper.map(_:context:)` reads. An owned value: the fields are strings,
/// so a mapper may keep the view or any field as long as it likes.
public struct RowFieldView: Sendable, Hashable {
    /// The record's fields, in file order (a record may be shorter or longer than its header).
    public let fields: [String]
    /// The file's header, resolved once.
    public let layout: RowLayout

    /// The record `fields` read against `layout`.
    public init(fields: [String], layout: RowLayout) {
        self.fields = fields
        self.layout = layout
    }

    /// Field `position` (from 0), or nil past the record's end.
    public subscript(position: Int) -> String? {
        fields.indices.contains(position) ? fields[position] : nil
    }

    /// The field in the column called `name` (a trimmed header name), or nil when the header
    /// lacks it or the record is too short.
    public subscript(column name: String) -> String? {
        layout.position(of: name).flatMap { self[$0] }
    }

    /// The record as a dictionary (header name → field text), fields past the record's end omitted.
    public var dictionary: [String: String] {
        var record: [String: String] = [:]
        record.reserveCapacity(layout.columns.count)
        for column in layout.columns where column.index < fields.count {
            record[column.name] = fields[column.index]
        }
        return record
    }
}
