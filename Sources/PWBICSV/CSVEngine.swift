/// One field of the current record: a range of the input region, or of the scratch
/// buffer when the field had to be rewritten (doubled quotes, lenient recovery, transcoding).
struct FieldSlot {
    var start: Int
    var count: Int
    var inScratch: Bool
}

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
    private let quote: UInt8
    private let trims: Bool
    private let strict: Bool
    private let skipsBlankLines: Bool
    private let transcodes: Bool
    private let checksRagged: Bool
    private let maxRecordBytes: Int
    private var headerPending: Bool
    /// Bytes of the current region before this index are known to be ASCII (a watermark
    /// that turns the per-record ASCII check into one pass over the region).
    private var asciiUntil = 0
    private var asciiRegion: UnsafePointer<UInt8>?
    private var asciiRegionOffset = 0
    private var started = false

    private let unquotedStops: UnsafeMutablePointer<UInt8>
    private let quotedStops: UnsafeMutablePointer<UInt8>
    private var scan: ByteScan
    /// The scanner's masks for the current region (reset whenever the region changes).
    private var cursor = ScanCursor.empty
    /// The fields of the current record.
    private var fields: FieldList
    /// Where the fields of the current record are.
    var slots: UnsafeMutablePointer<FieldSlot> { fields.slots }
    /// Fields in the current record.
    var fieldCount: Int { fields.count }
    private(set) var scratch: UnsafeMutableRawPointer
    private var scratchCapacity: Int
    private var scratchUsed = 0

    /// Records completed so far, header and rejected records included.
    private(set) var recordsRead = 0
    private var nextLine = 1
    private(set) var finished = false
    /// The header, once read.
    private(set) var header: CSVHeader?
    private var expectedFields: Int?

    /// Position of the current record: number (from 1), physical line, byte offset.
    private(set) var recordNumber = 0
    private(set) var recordLine = 0
    private(set) var recordOffset = 0

    private struct SoftError {
        let kind: CSVError.Kind
        let index: Int
        let field: Int
    }
    private var softError: SoftError?

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

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
    private mutating func step(
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
    private mutating func begin(
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

    // MARK: - One record

    private enum Outcome {
        case complete(end: Int, breaks: Int)
        case incomplete
        case unterminated(quoteIndex: Int)
    }

    @inline(__always)
    private func isTrimmable(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte == 0x09 && delimiter != 0x09)
    }

    /// One copy of the record loop per combination of trimming and quote handling (generic
    /// specialisations), so that neither option is tested per field.
    @inline(__always)
    private mutating func parseRecord(_ base: UnsafePointer<UInt8>, start: Int, end: Int, isFinal: Bool) -> Outcome {
        var cursor = self.cursor
        defer { self.cursor = cursor }
        switch (trims, strict) {
        case (false, false): return parseRecord(base, start: start, end: end, isFinal: isFinal, cursor: &cursor, PlainLoop.self)
        case (true, false): return parseRecord(base, start: start, end: end, isFinal: isFinal, cursor: &cursor, TrimmingLoop.self)
        case (false, true): return parseRecord(base, start: start, end: end, isFinal: isFinal, cursor: &cursor, StrictLoop.self)
        case (true, true): return parseRecord(base, start: start, end: end, isFinal: isFinal, cursor: &cursor, StrictTrimmingLoop.self)
        }
    }

    private mutating func parseRecord<Loop: RecordLoop>(
        _ base: UnsafePointer<UInt8>, start: Int, end: Int, isFinal: Bool, cursor: inout ScanCursor, _ loop: Loop.Type
    ) -> Outcome {
        let trims = Loop.trims
        let strict = Loop.strict
        let scan = self.scan
        // Kept in a local (registers) for the whole record, stored back on every exit.
        var fields = self.fields
        fields.count = 0
        defer { self.fields = fields }
        scratchUsed = 0
        if case .some = softError { softError = nil }
        let delimiter = self.delimiter
        let quote = self.quote
        let cr = Self.cr
        let lf = Self.lf
        // Indices stay within 0...end, so `&+` cannot overflow.
        var p = start
        var breaks = 0
        while true {
            if trims { while p < end && isTrimmable(base[p]) { p &+= 1 } }
            let fieldStart = p
            if p < end && base[p] == quote {
                let openQuote = p
                p &+= 1
                let contentStart = p
                var escaped = false
                while true {
                    p = scan.nextQuoted(base, from: p, end: end, cursor: &cursor)
                    if p >= end {
                        if !isFinal { return .incomplete }
                        if strict { return .unterminated(quoteIndex: openQuote) }
                        addQuoted(base, contentStart, end, escaped: escaped, to: &fields)
                        return .complete(end: end, breaks: breaks)
                    }
                    let byte = base[p]
                    if byte == quote {
                        if p &+ 1 < end {
                            if base[p &+ 1] == quote {
                                escaped = true
                                p &+= 2
                                continue
                            }
                            break
                        }
                        if !isFinal { return .incomplete }
                        break
                    }
                    breaks &+= 1
                    if byte == cr && p &+ 1 < end && base[p &+ 1] == lf { p &+= 1 }
                    p &+= 1
                }
                let contentEnd = p
                p &+= 1
                if trims { while p < end && isTrimmable(base[p]) { p &+= 1 } }
                if p >= end {
                    if !isFinal { return .incomplete }
                    addQuoted(base, contentStart, contentEnd, escaped: escaped, to: &fields)
                    return .complete(end: p, breaks: breaks)
                }
                let next = base[p]
                if next == delimiter {
                    addQuoted(base, contentStart, contentEnd, escaped: escaped, to: &fields)
                    p &+= 1
                    continue
                }
                if next == cr || next == lf {
                    addQuoted(base, contentStart, contentEnd, escaped: escaped, to: &fields)
                    return terminate(base, p, end, isFinal, breaks)
                }
                noteSoft(.textAfterClosingQuote, at: p, field: fields.count &+ 1)
                let tailStart = p
                p = scanUnquoted(scan, base, p, end, strict: strict, field: fields.count &+ 1, cursor: &cursor)
                if p >= end && !isFinal { return .incomplete }
                var tailEnd = p
                if trims { while tailEnd > tailStart && isTrimmable(base[tailEnd &- 1]) { tailEnd &-= 1 } }
                addMixed(base, contentStart, contentEnd, escaped: escaped, tail: tailStart, tailEnd, to: &fields)
                if p >= end { return .complete(end: p, breaks: breaks) }
            } else {
                p = scanUnquoted(scan, base, p, end, strict: strict, field: fields.count &+ 1, cursor: &cursor)
                var fieldEnd = p
                if p >= end {
                    if !isFinal { return .incomplete }
                    fieldEnd = end
                }
                if trims { while fieldEnd > fieldStart && isTrimmable(base[fieldEnd &- 1]) { fieldEnd &-= 1 } }
                fields.append(FieldSlot(start: fieldStart, count: fieldEnd &- fieldStart, inScratch: false))
                if p >= end { return .complete(end: p, breaks: breaks) }
            }
            // `p < end` here: at the delimiter, CR or LF that ended the field.
            if base[p] == delimiter {
                p &+= 1
                continue
            }
            return terminate(base, p, end, isFinal, breaks)
        }
    }

    /// The record ends at the CR or LF at `p`.
    @inline(__always)
    private func terminate(_ base: UnsafePointer<UInt8>, _ p: Int, _ end: Int, _ isFinal: Bool, _ breaks: Int) -> Outcome {
        if base[p] == Self.cr {
            if p + 1 < end {
                return .complete(end: base[p + 1] == Self.lf ? p + 2 : p + 1, breaks: breaks)
            }
            return isFinal ? .complete(end: p + 1, breaks: breaks) : .incomplete
        }
        return .complete(end: p + 1, breaks: breaks)
    }

    /// The index of the delimiter, CR or LF ending an unquoted run (or `end`). In strict mode
    /// a quote is noted as an error and kept.
    @inline(__always)
    private mutating func scanUnquoted(
        _ scan: ByteScan, _ base: UnsafePointer<UInt8>, _ from: Int, _ end: Int, strict: Bool, field: Int, cursor: inout ScanCursor
    ) -> Int {
        let p = scan.nextUnquoted(base, from: from, end: end, cursor: &cursor)
        guard strict, p < end, base[p] == quote else { return p }
        return strayQuote(scan, base, p, end, field: field, cursor: &cursor)
    }

    private mutating func strayQuote(
        _ scan: ByteScan, _ base: UnsafePointer<UInt8>, _ from: Int, _ end: Int, field: Int, cursor: inout ScanCursor
    ) -> Int {
        var p = from
        while p < end && base[p] == quote {
            noteSoft(.unexpectedQuote, at: p, field: field)
            p += 1
            p = scan.nextUnquoted(base, from: p, end: end, cursor: &cursor)
        }
        return p
    }

    @inline(__always)
    private mutating func noteSoft(_ kind: CSVError.Kind, at index: Int, field: Int) {
        if strict && softError == nil { softError = SoftError(kind: kind, index: index, field: field) }
    }

    // MARK: - Field storage

    private mutating func reserveScratch(_ extra: Int) {
        let needed = scratchUsed + extra
        guard needed > scratchCapacity else { return }
        var capacity = scratchCapacity
        while capacity < needed { capacity *= 2 }
        let larger = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        larger.copyMemory(from: scratch, byteCount: scratchUsed)
        scratch.deallocate()
        scratch = larger
        scratchCapacity = capacity
    }

    @inline(__always)
    private mutating func addQuoted(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool, to fields: inout FieldList) {
        if escaped {
            addMixed(base, start, end, escaped: true, tail: end, end, to: &fields)
        } else {
            fields.append(FieldSlot(start: start, count: end &- start, inScratch: false))
        }
    }

    /// Writes quoted content (collapsing doubled quotes) followed by an unquoted tail to scratch.
    private mutating func addMixed(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool, tail: Int, _ tailEnd: Int, to fields: inout FieldList
    ) {
        reserveScratch((end - start) + (tailEnd - tail))
        let destination = (scratch + scratchUsed).assumingMemoryBound(to: UInt8.self)
        var written = 0
        var index = start
        while index < end {
            let byte = base[index]
            destination[written] = byte
            written += 1
            index += (escaped && byte == quote && index + 1 < end && base[index + 1] == quote) ? 2 : 1
        }
        if tailEnd > tail {
            (destination + written).update(from: base + tail, count: tailEnd - tail)
            written += tailEnd - tail
        }
        fields.append(FieldSlot(start: scratchUsed, count: written, inScratch: true))
        scratchUsed += written
    }

    // MARK: - Encoding

    /// How far past the current record the ASCII watermark is pushed in one pass (the
    /// records after it are then checked by one comparison each).
    private static let asciiLookahead = 8 << 10

    /// UTF-8: the index of the first invalid byte of the record, if any. Windows-1252:
    /// transcodes every field holding a byte ≥ 0x80 into scratch. `regionEnd` bounds the
    /// look-ahead of the ASCII watermark.
    /// (The caller skips the call for a record that ends before the watermark.)
    private mutating func checkEncoding(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, regionEnd: Int) -> Int? {
        if end <= asciiUntil { return nil }
        let limit = max(end, min(regionEnd, end + Self.asciiLookahead))
        let firstHigh = UTF8Validation.firstNonASCII(base, from: max(start, asciiUntil), to: limit)
        asciiUntil = firstHigh
        guard firstHigh < end else { return nil }
        guard transcodes else { return UTF8Validation.firstInvalid(base, from: firstHigh, to: end) }
        for index in 0..<fieldCount {
            let slot = slots[index]
            let source = field(index, base: base)
            guard let sourceBase = source.baseAddress,
                  UTF8Validation.firstNonASCII(sourceBase.assumingMemoryBound(to: UInt8.self), from: 0, to: source.count) < source.count
            else { continue }
            reserveScratch(slot.count * 3)
            let from = slot.inScratch
                ? UnsafeRawBufferPointer(start: scratch + slot.start, count: slot.count)
                : source
            let written = Windows1252.transcode(from, to: scratch + scratchUsed)
            slots[index] = FieldSlot(start: scratchUsed, count: written, inScratch: true)
            scratchUsed += written
        }
        return nil
    }

    // MARK: - Errors

    /// Line and character column of `index`, counting from the record's start (records
    /// always start a line).
    private func locate(_ base: UnsafePointer<UInt8>, _ recordStart: Int, _ index: Int, line firstLine: Int) -> (line: Int, column: Int) {
        var line = firstLine
        var lineStart = recordStart
        var p = recordStart
        while p < index {
            let byte = base[p]
            if byte == Self.lf || byte == Self.cr {
                if byte == Self.cr && p + 1 < index && base[p + 1] == Self.lf { p += 1 }
                line += 1
                lineStart = p + 1
            }
            p += 1
        }
        var column = 1
        for q in lineStart..<max(lineStart, index) where transcodes || base[q] & 0xC0 != 0x80 {
            column += 1
        }
        return (line, column)
    }

    /// The field (from 1) holding input byte `index` of the current record: delimiters
    /// outside quotes counted from the record's start.
    private func fieldContaining(_ index: Int, _ base: UnsafePointer<UInt8>, from recordStart: Int) -> Int {
        var field = 1
        var quoted = false
        for p in recordStart..<index {
            let byte = base[p]
            if byte == quote {
                quoted.toggle()
            } else if byte == delimiter && !quoted {
                field += 1
            }
        }
        return field
    }

    private mutating func terminal(
        _ kind: CSVError.Kind, _ base: UnsafePointer<UInt8>, _ recordStart: Int, _ index: Int, _ baseOffset: Int, field: Int? = nil
    ) -> CSVError {
        finished = true
        let (line, column) = locate(base, recordStart, index, line: nextLine)
        return CSVError(
            kind: kind, record: recordsRead + 1, line: line, column: column,
            byteOffset: baseOffset + index, field: field, recoverable: false)
    }

    private mutating func recordError(
        _ kind: CSVError.Kind, _ base: UnsafePointer<UInt8>, _ recordStart: Int, _ index: Int, _ baseOffset: Int,
        field: Int?, _ inHeader: Bool
    ) -> CSVError {
        if inHeader { finished = true }
        let (line, column) = locate(base, recordStart, index, line: recordLine)
        return CSVError(
            kind: kind, record: recordNumber, line: line, column: column,
            byteOffset: baseOffset + index, field: field, recoverable: !inHeader)
    }
}

/// The options the record loop is specialised for (see `CSVEngine.parseRecord`).
protocol RecordLoop {
    static var trims: Bool { get }
    static var strict: Bool { get }
}

/// No trimming, lenient quotes: the common dialect.
enum PlainLoop: RecordLoop {
    static var trims: Bool { false }
    static var strict: Bool { false }
}

enum TrimmingLoop: RecordLoop {
    static var trims: Bool { true }
    static var strict: Bool { false }
}

enum StrictLoop: RecordLoop {
    static var trims: Bool { false }
    static var strict: Bool { true }
}

enum StrictTrimmingLoop: RecordLoop {
    static var trims: Bool { true }
    static var strict: Bool { true }
}

/// The slots of the current record's fields, in a buffer that grows (and is never shrunk)
/// as records with more fields come up.
///
/// Safety: `slots[0..<count]` are initialised and `count <= capacity` (``append(_:)`` grows
/// first); the buffer is freed once, by the engine that owns the list.
struct FieldList {
    private(set) var slots: UnsafeMutablePointer<FieldSlot>
    private var capacity: Int
    /// Fields in the current record.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        slots = .allocate(capacity: self.capacity)
    }

    /// Frees the buffer (called once, by the owner).
    func deallocate() { slots.deallocate() }

    @inline(__always)
    mutating func append(_ slot: FieldSlot) {
        if count == capacity { grow() }
        (slots + count).initialize(to: slot)
        count &+= 1
    }

    @inline(never)
    private mutating func grow() {
        let larger = UnsafeMutablePointer<FieldSlot>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: slots, count: count)
        slots.deallocate()
        slots = larger
        capacity *= 2
    }
}
