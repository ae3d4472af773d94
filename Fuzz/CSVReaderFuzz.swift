// libFuzzer target for the PWBICSV reader. Not part of any SwiftPM target: `.ci/fuzz-csv.sh`
// compiles it together with Sources/PWBICSV/*.swift using `swiftc -sanitize=fuzzer,address`.
//
// The first input byte picks the options; the rest is the CSV. For every input:
//   1. reading never crashes, traps or trips AddressSanitizer;
//   2. the whole buffer, the push parser fed in input-derived chunk sizes, and the push
//      parser fed one byte at a time give identical records, positions and errors;
//   3. without a header, the records written back by CSVWriter and read strictly come back
//      identical (the writer's output is always valid, strict RFC 4180) — unless a field holds a
//      NUL byte, which can make the output look like UTF-16 without a byte order mark.

private enum Event: Equatable {
    case record(CSVRecord)
    case error(CSVError)
}

private func collect(_ next: () throws(CSVError) -> CSVRecord?) -> [Event] {
    var events: [Event] = []
    while true {
        do {
            guard let record = try next() else { return events }
            events.append(.record(record))
        } catch {
            events.append(.error(error))
        }
    }
}

private func streamed(_ bytes: [UInt8], _ options: CSVReaderOptions, sizes: (Int) -> Int) -> [Event] {
    var parser = CSVStreamParser(options: options)
    var events: [Event] = []
    var index = 0
    var step = 0
    while index < bytes.count {
        let end = min(bytes.count, index + max(1, sizes(step)))
        parser.append(bytes[index..<end])
        events += collect { () throws(CSVError) in try parser.next() }
        index = end
        step += 1
    }
    parser.finish()
    events += collect { () throws(CSVError) in try parser.next() }
    return events
}

@_cdecl("LLVMFuzzerTestOneInput")
public func csvReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let delimiters: [CSVDelimiter] = [.auto, .comma, .semicolon, .tab, .pipe, .comma, .auto, .semicolon]
    var options = CSVReaderOptions(
        dialect: CSVDialect(
            delimiter: delimiters[Int(selector & 7)],
            trimsWhitespace: selector & 8 != 0,
            quoteHandling: selector & 16 != 0 ? .strict : .lenient,
            raggedRows: selector & 32 != 0 ? .error : .allow),
        encoding: selector & 64 != 0 ? .windows1252 : .utf8,
        header: selector & 128 != 0 ? .firstRecord : .none,
        maxRecordBytes: 1 << 12,
        detectionSampleBytes: 8 + Int(selector % 32))
    if selector % 5 == 0 { options.dialect.skipsBlankLines = false }

    var reader = CSVReader(bytes: bytes, options: options)
    let whole = collect { () throws(CSVError) in try reader.next() }
    let delimiter = reader.delimiter

    let chunked = streamed(bytes, options) { step in Int(bytes[(step * 7) % max(1, bytes.count)] % 23) + 1 }
    if chunked != whole { fatalError("chunked reading differs from whole-buffer reading") }
    let single = streamed(bytes, options) { _ in 1 }
    if single != whole { fatalError("byte-at-a-time reading differs from whole-buffer reading") }

    guard options.header.source == .none else { return 0 }
    let records = whole.compactMap { event -> [String]? in
        if case .record(let record) = event { return record.fields }
        return nil
    }
    // Text with NUL bytes can come back as "UTF-16 without a byte order mark" (most byte pairs
    // half zero), which the reader refuses by design; no CSV written for people holds a NUL.
    if records.contains(where: { $0.contains { $0.utf8.contains(0) } }) { return 0 }
    let dialect = CSVDialect(delimiter: delimiter, trimsWhitespace: options.dialect.trimsWhitespace, quoteHandling: .strict, raggedRows: .allow)
    let written = CSVWriter.encode(records, options: CSVWriterOptions(dialect: dialect))
    var again = CSVReader(bytes: written, options: CSVReaderOptions(dialect: dialect, header: .none, maxRecordBytes: 1 << 30))
    let reread = collect { () throws(CSVError) in try again.next() }
    let rereadRecords = reread.compactMap { event -> [String]? in
        if case .record(let record) = event { return record.fields }
        return nil
    }
    if rereadRecords != records || rereadRecords.count != reread.count {
        fatalError("writer output did not read back identically")
    }
    return 0
}
