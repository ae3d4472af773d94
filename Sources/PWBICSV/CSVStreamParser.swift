/// A push parser: append chunks of bytes as they arrive, take records as they complete.
///
/// ```swift
/// var parser = CSVStreamParser()
/// for chunk in chunks {
///     parser.append(chunk)
///     while let record = try parser.next() { handle(record) }
/// }
/// parser.finish()
/// while let record = try parser.next() { handle(record) }
/// ```
///
/// Records, errors and positions are the same however the input is cut into chunks (a
/// UTF-8 byte order mark or a CRLF split across chunks included). Memory is bounded by
/// the largest record plus the largest chunk.
public struct CSVStreamParser: ~Copyable {
    private let parser: WindowedParser

    /// A parser to push chunks into.
    public init(options: CSVReaderOptions = CSVReaderOptions()) {
        parser = WindowedParser(options: options, capacity: 64 << 10)
    }

    /// Adds input. Ignored after ``finish()``.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        guard !parser.isFinal else { return }
        parser.window.append(contentsOf: bytes)
    }

    /// Says no more input follows: the last record may end without a line break.
    public mutating func finish() { parser.finish() }

    /// Whether ``finish()`` was called and every record has been returned.
    public var isFinished: Bool { parser.core.finished }

    /// The header, once read.
    public var header: CSVHeader? { parser.core.header?.header }

    /// The next complete record, or nil when more input is needed (or the input ended: see
    /// ``isFinished``).
    public mutating func next() throws(CSVError) -> CSVRecord? {
        while true {
            switch try parser.step() {
            case .record: return parser.core.view(base: parser.base).makeRecord()
            case .header: continue
            case .end, .needMore: return nil
            }
        }
    }

    /// Lends the next complete record to `body`, or returns nil when more input is needed
    /// (or the input ended).
    public mutating func nextRecord<Result>(_ body: (CSVRecordView) throws -> Result) throws -> Result? {
        while true {
            switch try parser.step() {
            case .record: return try body(parser.core.view(base: parser.base))
            case .header: continue
            case .end, .needMore: return nil
            }
        }
    }
}

/// A parser owns its state alone (it is `~Copyable`), so handing it to another task is safe.
extension CSVStreamParser: @unchecked Sendable {}
