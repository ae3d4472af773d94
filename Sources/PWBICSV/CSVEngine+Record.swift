// The record loop of ``CSVEngine``: one record's fields found in the region, kept in place or
// rewritten into scratch (doubled quotes, lenient recovery).

extension CSVEngine {
    enum Outcome {
        case complete(end: Int, breaks: Int)
        case incomplete
        case unterminated(quoteIndex: Int)
    }

    @inline(__always)
    func isTrimmable(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte == 0x09 && delimiter != 0x09)
    }

    /// One copy of the record loop per combination of trimming and quote handling (generic
    /// specialisations), so that neither option is tested per field.
    @inline(__always)
    mutating func parseRecord(_ base: UnsafePointer<UInt8>, start: Int, end: Int, isFinal: Bool) -> Outcome {
        var cursor = self.cursor
        defer { self.cursor = cursor }
        switch (trims, strict) {
        case (false, false): return parseRecord(base, start: start, end: end, isFinal: isFinal, cursor: &cursor, PlainLoop.self)
        case (true, false): return parseRecord(base, start: start, end: end, isFinal: isFinal, cursor: &cursor, TrimmingLoop.self)
        case (false, true): return parseRecord(base, start: start, end: end, isFinal: isFinal, cursor: &cursor, StrictLoop.self)
        case (true, true): return parseRecord(base, start: start, end: end, isFinal: isFinal, cursor: &cursor, StrictTrimmingLoop.self)
        }
    }

    mutating func parseRecord<Loop: RecordLoop>(
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
    func terminate(_ base: UnsafePointer<UInt8>, _ p: Int, _ end: Int, _ isFinal: Bool, _ breaks: Int) -> Outcome {
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
    mutating func scanUnquoted(
        _ scan: ByteScan, _ base: UnsafePointer<UInt8>, _ from: Int, _ end: Int, strict: Bool, field: Int, cursor: inout ScanCursor
    ) -> Int {
        let p = scan.nextUnquoted(base, from: from, end: end, cursor: &cursor)
        guard strict, p < end, base[p] == quote else { return p }
        return strayQuote(scan, base, p, end, field: field, cursor: &cursor)
    }

    mutating func strayQuote(
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
    mutating func noteSoft(_ kind: CSVError.Kind, at index: Int, field: Int) {
        if strict && softError == nil { softError = SoftError(kind: kind, index: index, field: field) }
    }

    // MARK: - Field storage

    mutating func reserveScratch(_ extra: Int) {
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
    mutating func addQuoted(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool, to fields: inout FieldList) {
        if escaped {
            addMixed(base, start, end, escaped: true, tail: end, end, to: &fields)
        } else {
            fields.append(FieldSlot(start: start, count: end &- start, inScratch: false))
        }
    }

    /// Writes quoted content (collapsing doubled quotes) followed by an unquoted tail to scratch.
    mutating func addMixed(
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
}
