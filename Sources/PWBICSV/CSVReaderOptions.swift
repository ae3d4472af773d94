/// Everything a reader needs to know about its input.
public struct CSVReaderOptions: Sendable, Hashable {
    /// Delimiter, quote character, trimming, strictness.
    public var dialect: CSVDialect
    /// UTF-8 (default) or the Windows-1252 opt-in.
    public var encoding: CSVEncoding
    /// Header row and lookup policies.
    public var header: CSVHeaderOptions
    /// The largest record accepted, in bytes of input; a larger one is a
    /// ``CSVError/Kind/recordTooLarge(limit:)`` error. This bounds the reader's memory.
    public var maxRecordBytes: Int
    /// How many leading bytes delimiter detection looks at (only with ``CSVDelimiter/auto``).
    public var detectionSampleBytes: Int

    /// Reader options; the defaults detect the delimiter, require UTF-8, take the first record as the header and cap a record at 16 MiB.
    public init(
        dialect: CSVDialect = CSVDialect(),
        encoding: CSVEncoding = .utf8,
        header: CSVHeaderOptions = .firstRecord,
        maxRecordBytes: Int = 16 << 20,
        detectionSampleBytes: Int = 64 << 10
    ) {
        self.dialect = dialect
        self.encoding = encoding
        self.header = header
        self.maxRecordBytes = max(1, maxRecordBytes)
        self.detectionSampleBytes = max(1, detectionSampleBytes)
    }
}
