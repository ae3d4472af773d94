import PWBIMapping

/// `pwbi map`: one payload of a source system → the unified JSON.
let mappingCommands: [Command] = [mapCommand]

/// The systems `pwbi map --source` accepts, in the order the help lists them.
let mapSources = ["pawoon", "moka", "qasir", "olsera", "karage", "xendit", "midtrans", "generic"]

let mapCommand = Command(
    name: "map",
    summary: "Maps one source-system payload to the unified JSON (money as strings).",
    usage: "map --source pawoon|moka|qasir|olsera|karage|xendit|midtrans|generic [--event transaction.created|inventory.updated] [--zone Asia/Jakarta] [FILE]",
    details: """
        Reads the payload (the webhook's data object, a Moka report page, a Karage order, a Xendit
        or Midtrans notification, or unified JSON for generic) from FILE or standard input and
        prints the unified transaction, inventory update or payment event. Amounts are exact and
        printed as strings. --event defaults to transaction.created. --zone is the IANA zone that
        zone-less times are read in (Asia/Jakarta WIB, Asia/Makassar WITA, Asia/Jayapura WIT,
        Asia/Riyadh); without it each system's documented zone is assumed and a warning says so.
        A payload that cannot be mapped prints the field path, what was expected and what was
        found on stderr and exits 1. A payload larger than 4 MiB (the JSON reader's limit) is
        rejected after reading at most one byte more, without being parsed.
        """,
    examples: [
        "pwbi map --source karage --zone Asia/Riyadh order.json",
        "pwbi map --source moka --event inventory.updated stock.json",
        "curl -s https://example.test/hook.json | pwbi map --source pawoon",
    ]
) { arguments, io in
    guard let source = try arguments.choice("source", from: mapSources) else {
        throw UsageError("missing required option --source")
    }
    let event = try arguments.choice("event", from: [EventType.transactionCreated.rawValue, EventType.inventoryUpdated.rawValue])
        .map(EventType.init(rawValue:)) ?? .transactionCreated
    let zone = try arguments.option("zone", as: "an IANA time zone such as Asia/Jakarta") { ZoneRule(identifier: $0) }
    let file = try arguments.file()
    let body = try io.readInput(file, limit: JSONReaderOptions().maxBytes, what: "a JSON document")
    let context = MappingContext(tenant: "default", zones: ZoneResolution(configured: zone))
    let mapped: MappedEvent
    do {
        mapped = try MapperRegistry.standard.map(body: body, source: SourceSystem(rawValue: source), event: event, context: context)
    } catch {
        throw InputRejected("pwbi map: \(error)")
    }
    io.print(mapped.unifiedJSON(pretty: true))
    return .ok
}
