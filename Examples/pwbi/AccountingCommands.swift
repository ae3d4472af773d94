import PWBIMapping

/// `pwbi journal`: unified transactions → balanced journal entries through an account mapping.
let accountingCommands: [Command] = [journalCommand]

let journalCommand = Command(
    name: "journal",
    summary: "Turns unified transactions into balanced journal entries through an account mapping.",
    usage: "journal --mapping MAPPING.json [--period day|4h] [FILE.ndjson]",
    details: """
        Reads unified transactions (as printed by `pwbi map` or `pwbi csv import`: one JSON value
        after another, one per line or pretty-printed, or JSON arrays of them) from FILE or
        standard input, and prints one balanced journal entry per transaction as a line of JSON
        (amounts as exact strings). With --period, prints one summary entry per outlet and period
        instead: `day` (the calendar day in the merchant's zone) or `4h` (Jurnal.id's 4-hour
        batches), with one line per account and rounding differences on the rounding account.
        MAPPING.json is the account mapping (payment methods, revenue, tax payable per tax kind,
        service charge, discounts, rounding, refunds; per-outlet overrides) — see Docs/Accounting.md.
        Voids and open sales post nothing and are listed on stderr. When the mapping lacks
        accounts the transactions need, every missing account is listed on stderr ("Journal entry
        failed: check account mappings") and the exit status is 1; nothing is guessed.
        """,
    examples: [
        "pwbi journal --mapping mapping.json day.ndjson",
        "pwbi map --source karage order.json | pwbi journal --mapping mapping.json",
        "pwbi journal --mapping mapping.json --period 4h day.ndjson",
    ]
) { arguments, io in
    let mappingPath = try arguments.required("mapping")
    let period = try arguments.choice("period", from: ["day", "4h"])
    let file = try arguments.file()

    let mapping: AccountMapping
    do {
        mapping = try AccountMapping(json: try io.readFile(mappingPath, limit: JSONReaderOptions().maxBytes, what: "an account mapping"))
    } catch let error as MappingError {
        throw InputRejected("pwbi journal: \(mappingPath): \(error)")
    }
    let transactions = try readUnifiedTransactions(
        try io.readInput(file, limit: journalInputLimit, what: "pwbi journal's transactions"), name: file ?? "standard input")

    let builder = JournalBuilder(mapping: mapping)
    let batch: JournalBatch
    do {
        switch period {
        case "day": batch = try builder.summaries(for: transactions, period: .day)
        case "4h": batch = try builder.summaries(for: transactions, period: .fourHours)
        default: batch = try builder.entries(for: transactions)
        }
    } catch {
        throw InputRejected("pwbi journal: \(error)")
    }
    for entry in batch.entries { io.print(entry.json()) }
    for skipped in batch.skipped { io.printError("pwbi journal: skipped \(skipped)") }
    return .ok
}

/// The most unified JSON `pwbi journal` reads: 256 MiB (the transactions are held to build the entries).
let journalInputLimit = 256 << 20

/// The transactions in a stream of unified JSON values; a value that is not a transaction (or not
/// valid) is rejected with its record number and line.
func readUnifiedTransactions(_ bytes: [UInt8], name: String) throws -> [UnifiedTransaction] {
    var transactions: [UnifiedTransaction] = []
    for (index, record) in jsonValues(in: bytes).enumerated() {
        let where_ = "\(name): record \(index + 1) (line \(record.line))"
        let event: MappedEvent
        do {
            let document = try JSONDocument(parsing: Array(bytes[record.range]))
            event = try UnifiedJSON.decode(document.root)
        } catch let error as JSONSyntaxError {
            throw InputRejected("pwbi journal: \(where_): malformed JSON: \(error)")
        } catch {
            throw InputRejected("pwbi journal: \(where_): \(error)")
        }
        switch event {
        case .transaction, .transactions:
            transactions += event.transactions
        case .inventory:
            throw InputRejected("pwbi journal: \(where_): an inventory update, not a transaction")
        case .payment:
            throw InputRejected("pwbi journal: \(where_): a payment event, not a transaction")
        }
    }
    return transactions
}

/// Splits a byte stream into its top-level JSON values (NDJSON, concatenated pretty JSON, or both),
/// each with the line it starts on. Only the boundaries are found here; each value is then parsed
/// (and rejected, if malformed) on its own. A leading UTF-8 byte-order mark is skipped.
func jsonValues(in bytes: [UInt8]) -> [(range: Range<Int>, line: Int)] {
    var values: [(range: Range<Int>, line: Int)] = []
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var line = 1
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
    while index < bytes.count {
        while index < bytes.count, isSpace(bytes[index]) {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        guard index < bytes.count else { break }
        let start = index
        let startLine = line
        let first = bytes[index]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            var depth = 0
            var inString = false
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 0x0A { line += 1 }
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                if depth == 0 { break }
            }
        } else {
            while index < bytes.count, !isSpace(bytes[index]) { index += 1 }
        }
        values.append((start..<index, startLine))
    }
    return values
}
