
/// The engine every reader shares: parses one record at a time out of a contiguous region
/// of input bytes (a caller's buffer or a reader's window), with no per-byte `Character`
/// work, no allocation per record, and fields left in place whenever possible.
///
/// The caller owns the region and a position in it. ``advance(_:count:position:baseOffset:isFinal:)``
/// either completes a record (its fields are then described by ``slots`` until the next
/// call), asks for more input (a record is cut at the end of a non-final region; it is
/// parsed again from its start once the region has grown to the requested size, which
/// keeps the total work linear however the input is chunked), or reports the end.
///
/// Safety: the engine owns four raw buffers (the two stop tables, the field slots, the
/// scratch buffer), allocated in `init` and freed once by ``CSVParserCore``'s `deinit`, the
/// engine's only owner. Every region it reads is passed in with its `count` and read only
/// below it (``ByteScan`` loads whole 64-byte blocks only when they end at or before `count`);
/// slots and scratch are written only below their capacities, which grow first.
///
/// The engine's parts live in files of their own (`CSVEngine+Record.swift`, `+Encoding`,
/// `+Errors`), so its state is internal rather than private: nothing outside the engine's own
/// methods changes it.
struct CSVEngine {
    enum Advance: Equatable {
        /// A record is ready (``fieldCount``, ``slots``, ``recordNumber``…).
        case record
        /// The region ends inside a record: call again when at least this many unconsumed
        /// bytes are available, or with `isFinal`.
        case needMore(Int)
        /// The header record was read (``header``); data records follow.
        case header
        /// The input is exhausted (or ended by an unrecoverable error).
        case end
    }

    let options: CSVReaderOptions
    /// The resolved delimiter byte (after detection).
    private(set) var delimiter: UInt8
    let quote: UInt8
    let trims: Bool
    let strict: Bool
    let skipsBlankLines: Bool
    let transcodes: Bool
    let checksRagged: Bool
    let maxRecordBytes: Int
    var headerPending: Bool
    /// Bytes of the current region before this index are known to be ASCII (a watermark
    /// that turns the per-record ASCII check into one pass over the region).
    var asciiUntil = 0
    var asciiRegion: UnsafePointer<UInt8>?
    var asciiRegionOffset = 0
    var started = false

    let unquotedStops: UnsafeMutablePointer<UInt8>
    let quotedStops: UnsafeMutablePointer<UInt8>
    var scan: ByteScan
    /// The scanner's masks for the current region (reset whenever the region changes).
    var cursor = ScanCursor.empty
    /// The fields of the current record.
    var fields: FieldList
    /// Where the fields of the current record are.
    var slots: UnsafeMutablePointer<FieldSlot> { fields.slots }
    /// Fields in the current record.
    var fieldCount: Int { fields.count }
    var scratch: UnsafeMutableRawPointer
    var scratchCapacity: Int
    var scratchUsed = 0

    /// Records completed so far, header and rejected records included.
    private(set) var recordsRead = 0
    var nextLine = 1
    var finished = false
    /// The header, once read.
    private(set) var header: CSVHeader?
    var expectedFields: Int?

    /// Position of the current record: number (from 1), physical line, byte offset.
    private(set) var recordNumber = 0
    private(set) var recordLine = 0
    private(set) var recordOffset = 0

    struct SoftError {
        let kind: CSVError.Kind
        let index: Int
        let field: Int
    }
    var softError: SoftError?

    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    init(options: CSVReaderOptions) {
        self.options = options
        self.delimiter = options.dialect.delimiter.byte ?? UInt8(ascii: ",")
        self.quote = options.dialect.quote
        self.trims = options.dialect.trimsWhitespace
        self.strict = options.dialect.quoteHandling == .strict
        self.skipsBlankLines = options.dialect.skipsBlankLines
        self.transcodes = options.encoding == .windows1252
        self.checksRagged = options.dialect.raggedRows == .error
        self.maxRecordBytes = options.maxRecordBytes
        self.headerPending = options.header.source == .firstRecord
        unquotedStops = .allocate(capacity: 256)
        quotedStops = .allocate(capacity: 256)
        unquotedStops.initialize(repeating: 0, count: 256)
        quotedStops.initialize(repeating: 0, count: 256)
        scan = ByteScan(delimiter: self.delimiter, quote: self.quote, unquotedStops: unquotedStops, quotedStops: quotedStops)
        fields = FieldList(capacity: 32)
        scratchCapacity = 256
        scratch = .allocate(byteCount: scratchCapacity, alignment: 16)
        current = Current(slots: UnsafePointer(fields.slots), scratch: UnsafeRawPointer(scratch), count: 0, number: 0, line: 0, byteOffset: 0)
    }

    /// Frees the engine's buffers (called once, by its owner).
    func deallocate() {
        unquotedStops.deallocate()
        quotedStops.deallocate()
        fields.deallocate()
        scratch.deallocate()
    }

    /// Where the current record's fields are (valid until the next call to ``advance``).
    struct Current {
        let slots: UnsafePointer<FieldSlot>
        let scratch: UnsafeRawPointer
        let count: Int
        let number: Int
        let line: Int
        let byteOffset: Int
    }

    /// Set whenever ``advance`` returns `.record` (a stored property, so that reading it
    /// through the owning class does not copy the engine).
    private(set) var current: Current

    /// The bytes of field `index` of the current record, read from `base` (the region the
    /// record was parsed from) or from the scratch buffer.
    @inline(__always)
    func field(_ index: Int, base: UnsafePointer<UInt8>) -> UnsafeRawBufferPointer {
        let slot = slots[index]
        if slot.inScratch {
            return UnsafeRawBufferPointer(start: scratch + slot.start, count: slot.count)
        }
        return UnsafeRawBufferPointer(start: base + slot.start, count: slot.count)
    }

    /// The fields of the current record as strings.
    func strings(base: UnsafePointer<UInt8>) -> [String] {
        var result: [String] = []
        result.reserveCapacity(fieldCount)
        for index in 0..<fieldCount {
            result.append(Self.string(field(index, base: base)))
        }
        return result
    }

    /// A string holding the UTF-8 `bytes` (validated by the reader already: the standard
    /// library's own check is then a single ASCII pass that never repairs anything).
    /// Filling uninitialised storage skips the generic decoding path: a third fewer
    /// instructions per field, most of which are short enough to be stored inline.
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let count = bytes.count
        guard count > 0, let source = bytes.baseAddress else { return "" }
        return String(unsafeUninitializedCapacity: count) { target in
            guard let destination = target.baseAddress else { return 0 }
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: count)
            return count
        }
    }

    // MARK: - Advancing

    /// Parses the next record of `base[position..<count]`; see ``Advance``. `baseOffset` is
    /// the offset of `base[0]` in the whole input; `isFinal` says no bytes follow `count`.
    mutating func advance(
        _ base: UnsafePointer<UInt8>, count end: Int, position: inout Int, baseOffset: Int, isFinal: Bool
    ) throws(CSVError) -> Advance {
        try step(base, count: end, position: &position, baseOffset: baseOffset, isFinal: isFinal)
    }

    /// ``advance(_:count:position:baseOffset:isFinal:)``, inlined into the loop of
    /// ``forEachRecord(_:count:position:baseOffset:isFinal:core:_:)``.
    @inline(__always)
    mutating func step(
        _ base: UnsafePointer<UInt8>,
        count end: Int,
        position: inout Int,
        baseOffset: Int,
        isFinal: Bool
    ) throws(CSVError) -> Advance {
        if finished { return .end }
        if asciiRegion != base || asciiRegionOffset != baseOffset {
            // A new region (or the window moved its bytes): nothing known about it yet.
            asciiRegion = base
            asciiRegionOffset = baseOffset
            asciiUntil = 0
            cursor = .empty
        }
        if !started {
            // Enough for the delimiter sample and for UTF-16 detection's pairs, so a stream fed in
            // small pieces decides exactly as the whole buffer does.
            let wanted = max(options.detectionSampleBytes + 4, 2 * UTF16Detection.pairsExamined)
            if !isFinal && end - position < wanted { return .needMore(wanted) }
            try begin(base, end: end, position: &position, baseOffset: baseOffset, isFinal: isFinal)
        }
        while true {
            var p = position
            if skipsBlankLines {
                while p < end {
                    let byte = base[p]
                    if byte == Self.lf {
                        p += 1
                    } else if byte == Self.cr {
                        if p + 1 < end {
                            p += base[p + 1] == Self.lf ? 2 : 1
                        } else if isFinal {
                            p += 1
                        } else {
                            break
                        }
                    } else {
                        break
                    }
                    nextLine += 1
                }
                position = p
                if p < end && base[p] == Self.cr && p + 1 == end { return .needMore(2) }
            }
            if p >= end {
                if isFinal {
                    finished = true
                    return .end
                }
                return .needMore(1)
            }
            let recordStart = p
            let outcome = parseRecord(base, start: recordStart, end: end, isFinal: isFinal)
            let limit = maxRecordBytes
            switch outcome {
            case .incomplete:
                let partial = end - recordStart
                if partial > limit { throw terminal(.recordTooLarge(limit: limit), base, recordStart, recordStart, baseOffset) }
                return .needMore(min(max(partial * 2, partial + 1), limit + 1))
            case .unterminated(let quoteIndex):
                if end - recordStart > limit { throw terminal(.recordTooLarge(limit: limit), base, recordStart, recordStart, baseOffset) }
                throw terminal(.unterminatedQuote, base, recordStart, quoteIndex, baseOffset, field: fieldCount + 1)
            case .complete(let recordEnd, let breaks):
                if recordEnd - recordStart > limit { throw terminal(.recordTooLarge(limit: limit), base, recordStart, recordStart, baseOffset) }
                recordsRead += 1
                recordNumber = recordsRead
                recordLine = nextLine
                recordOffset = baseOffset + recordStart
                nextLine += breaks + 1
                position = recordEnd
                if let soft = softError {
                    throw recordError(soft.kind, base, recordStart, soft.index, baseOffset, field: soft.field, headerPending)
                }
                if recordEnd > asciiUntil, let invalid = checkEncoding(base, recordStart, recordEnd, regionEnd: end) {
                    throw recordError(.invalidUTF8(byte: base[invalid]), base, recordStart, invalid, baseOffset, field: fieldContaining(invalid, base, from: recordStart), headerPending)
                }
                if headerPending {
                    do {
                        header = try CSVHeader(
                            strings(base: base), options: options.header,
                            record: recordNumber, line: recordLine, byteOffset: recordOffset)
                    } catch {
                        finished = true
                        throw error
                    }
                    headerPending = false
                    if checksRagged { expectedFields = fieldCount }
                    return .header
                }
                if checksRagged {
                    if let expected = expectedFields {
                        if expected != fieldCount {
                            throw CSVError(
                                kind: .raggedRow(expected: expected, found: fieldCount),
                                record: recordNumber, line: recordLine, column: 1, byteOffset: recordOffset)
                        }
                    } else {
                        expectedFields = fieldCount
                    }
                }
                current = Current(
                    slots: UnsafePointer(slots), scratch: UnsafeRawPointer(scratch), count: fieldCount,
                    number: recordNumber, line: recordLine, byteOffset: recordOffset)
                return .record
            }
        }
    }

    /// Lends records to `body` until something other than a record comes up (header, end,
    /// need for more input), which is returned. One exclusive access to the engine covers
    /// the whole run.
    mutating func forEachRecord(
        _ base: UnsafePointer<UInt8>, count: Int, position: inout Int, baseOffset: Int, isFinal: Bool,
        core: CSVParserCore, _ body: (CSVRecordView) throws -> Void
    ) throws -> Advance {
        while true {
            let result = try step(base, count: count, position: &position, baseOffset: baseOffset, isFinal: isFinal)
            guard result == .record else { return result }
            try body(CSVRecordView(core: core, current: current, base: base))
        }
    }

    /// Byte order marks, UTF-16 (with or without a mark) and delimiter detection, once, before the first record.
    mutating func begin(
        _ base: UnsafePointer<UInt8>, end: Int, position: inout Int, baseOffset: Int, isFinal: Bool
    ) throws(CSVError) {
        started = true
        if let bigEndian = UTF16Detection.byteOrder(base + position, count: end - position) {
            finished = true
            throw CSVError(kind: .utf16(bigEndian: bigEndian), record: 1, line: 1, column: 1, byteOffset: baseOffset + position)
        }
        if end - position >= 3 && base[position] == 0xEF && base[position + 1] == 0xBB && base[position + 2] == 0xBF {
            position += 3
        }
        if options.dialect.delimiter == .auto {
            let available = end - position
            let sampleCount = min(available, options.detectionSampleBytes)
            let sample = UnsafeRawBufferPointer(start: base + position, count: sampleCount)
            let complete = isFinal && available <= options.detectionSampleBytes
            delimiter = CSVDialectDetector.detectDelimiter(in: sample, isComplete: complete, quote: quote).byte ?? UInt8(ascii: ",")
        }
        unquotedStops[Int(delimiter)] = 1
        unquotedStops[Int(Self.cr)] = 1
        unquotedStops[Int(Self.lf)] = 1
        if strict { unquotedStops[Int(quote)] = 1 }
        quotedStops[Int(quote)] = 1
        quotedStops[Int(Self.cr)] = 1
        quotedStops[Int(Self.lf)] = 1
        scan = ByteScan(delimiter: delimiter, quote: quote, unquotedStops: unquotedStops, quotedStops: quotedStops)
        cursor = .empty
    }
}
