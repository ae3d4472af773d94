/// The UTF-8 bytes of one field of a ``CSVRecordView``, read in place: a bounds-checked
/// collection of bytes with no copy and no allocation.
///
/// Like the view it comes from, it borrows the reader's buffer, so it is valid only inside the
/// closure the record is lent to; keep a field with `Array(field)`, `String(decoding: field,
/// as: UTF8.self)` or the view's ``CSVRecordView/string(at:)``.
///
/// ```swift
/// try reader.forEachRecord { view in
///     let amount = view[2]                       // CSVFieldBytes, nothing copied
///     if amount.first == UInt8(ascii: "-") { print("refund on record", view.number) }
/// }
/// ```
public struct CSVFieldBytes: RandomAccessCollection {
    /// The field's bytes in the reader's region or scratch buffer (see `LentRecordFields`).
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The number of bytes.
    public var endIndex: Int { bytes.count }

    /// The byte at `position`; traps when `position` is outside `0..<count`.
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < bytes.count, "CSVFieldBytes: index \(position) out of range 0..<\(bytes.count)")
        return bytes[position]
    }

    /// Calls `body` with the bytes as one contiguous buffer (the field is always contiguous).
    public func withContiguousStorageIfAvailable<Result>(
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result? {
        try body(bytes.bindMemory(to: UInt8.self))
    }
}

@available(*, unavailable, message: "CSVFieldBytes borrows the reader's buffer; copy it with Array(_:)")
extension CSVFieldBytes: Sendable {}
