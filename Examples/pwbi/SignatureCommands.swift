import PWBISignatures

/// `pwbi sha256`, `sha512`, `hmac`, `sign` and `verify`: the PWBISignatures module on the command line.
let signatureCommands: [Command] = [
    Command(
        name: "sha256",
        summary: "Prints the SHA-256 of FILE (or standard input) like sha256sum.",
        usage: "sha256 [FILE]",
        details: "The input is hashed as it is read, 64 KiB at a time: its size does not matter.",
        examples: ["pwbi sha256 Examples/Payloads/karage-order.json"]
    ) { arguments, io in
        let file = try arguments.file()
        io.print("\(try streamingDigest(SHA256.self, file, io).hexString)  \(file ?? "-")")
        return .ok
    },
    Command(
        name: "sha512",
        summary: "Prints the SHA-512 of FILE (or standard input) like sha512sum.",
        usage: "sha512 [FILE]",
        details: "The input is hashed as it is read, 64 KiB at a time: its size does not matter.",
        examples: ["pwbi sha512 Examples/Payloads/karage-order.json"]
    ) { arguments, io in
        let file = try arguments.file()
        io.print("\(try streamingDigest(SHA512.self, file, io).hexString)  \(file ?? "-")")
        return .ok
    },
    Command(
        name: "hmac",
        summary: "Prints the hex HMAC-SHA256 of FILE (or standard input) under a hex key.",
        usage: "hmac --key-hex K [FILE]",
        details: "The input is authenticated as it is read, 64 KiB at a time: its size does not matter.",
        examples: ["printf 'Hi There' | pwbi hmac --key-hex 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"]
    ) { arguments, io in
        let keyText = try arguments.required("key-hex")
        let file = try arguments.file()
        let key: [UInt8]
        do { key = try Hex.decode(keyText) } catch {
            throw UsageError("option --key-hex expects hex digits: \(error)")
        }
        var hmac = HMAC<SHA256>(key: key)
        try io.forEachChunk(file) { hmac.update(bufferPointer: $0) }
        io.print(hmac.finalize().hexString)
        return .ok
    },
    Command(
        name: "sign",
        summary: "Prints the headers that sign FILE (or standard input) under a scheme, one 'Name: value' per line.",
        usage: "sign --scheme NAME --secret S [--id ID] [--timestamp UNIX] [FILE]",
        details: """
            schemes: \(WebhookSchemes.names.joined(separator: ", "))
            --id is the message id (standard-webhooks); --timestamp defaults to now (standard-webhooks, stripe).
            midtrans signs inside the body: it prints the body field to set, 'signature_key: <hex>'.
            """,
        examples: ["pwbi sign --scheme github --secret 'It'\\''s a Secret to Everybody' body.json"]
    ) { arguments, io in
        let scheme = try schemeOption(&arguments)
        let secret = try arguments.required("secret")
        let id = try arguments.option("id")
        let timestamp = try arguments.option("timestamp", as: "a Unix time in whole seconds", unixSeconds)
        let file = try arguments.file()
        let body = try io.readInput(file, limit: webhookBodyLimit, what: "a webhook body")
        let signature = try schemeCall { () throws(WebhookSignatureError) in
            try scheme.sign(body: body, secret: secret, id: id, timestamp: timestamp)
        }
        for line in signature.lines { io.print(line) }
        return .ok
    },
    Command(
        name: "verify",
        summary: "Verifies the signature of FILE (or standard input): prints 'valid', or the reason it is not.",
        usage: "verify --scheme NAME --secret S [--secret S2 …] --header 'Name: value' … [--now UNIX] [--tolerance SECONDS] [FILE]",
        details: """
            schemes: \(WebhookSchemes.names.joined(separator: ", "))
            Every --secret is tried (rotation). The body is verified exactly as read, byte for byte.
            --now replaces the clock; --tolerance (default 300) bounds the timestamp's distance from now
            both ways, and '--tolerance disabled' turns the check off (replaying stored deliveries only).
            Exit 0 and 'valid' when it verifies; exit 1 with the reason on stderr when it does not.
            """,
        examples: [
            "pwbi verify --scheme hex-hmac-sha256 --secret pwbi-demo-secret --header \"$(cat Examples/Payloads/karage-order.headers)\" Examples/Payloads/karage-order.json"
        ]
    ) { arguments, io in
        let name = try arguments.required("scheme")
        let secrets = try arguments.options("secret")
        guard !secrets.isEmpty else { throw UsageError("missing required option --secret") }
        var headers = WebhookHeaders()
        for line in try arguments.options("header") {
            let (headerName, value) = try headerLine(line)
            headers.add(headerName, value)
        }
        let now = try arguments.option("now", as: "a Unix time in whole seconds", unixSeconds)
        let tolerance = try arguments.option("tolerance", as: "whole seconds or 'disabled'") { text -> TimestampTolerance? in
            if text == "disabled" { return .disabled }
            return unixSeconds(text).map { .seconds($0) }
        }
        let file = try arguments.file()
        let clock = now.map { WebhookClock.fixed($0) } ?? .system
        guard let scheme = WebhookSchemes.named(name, tolerance: tolerance ?? .fiveMinutes, clock: clock) else {
            throw UsageError("unknown scheme '\(name)'; schemes: \(WebhookSchemes.names.joined(separator: ", "))")
        }
        let body = try io.readInput(file, limit: webhookBodyLimit, what: "a webhook body")
        try schemeCall { () throws(WebhookSignatureError) in
            try scheme.verify(body: body, headers: headers, secrets: secrets)
        }
        io.print("valid")
        return .ok
    },
]

/// The largest body `sign` and `verify` read: 16 MiB.
let webhookBodyLimit = 16 << 20

/// The digest of FILE (or standard input), hashed chunk by chunk as it is read.
private func streamingDigest<Hash: HashFunction>(_: Hash.Type, _ file: String?, _ io: CommandIO) throws -> Hash.Digest {
    var hasher = Hash()
    try io.forEachChunk(file) { hasher.update(bufferPointer: $0) }
    return hasher.finalize()
}

/// `--scheme NAME` as a scheme with its defaults.
private func schemeOption(_ arguments: inout Arguments) throws -> any WebhookSignatureScheme {
    let name = try arguments.required("scheme")
    guard let scheme = WebhookSchemes.named(name) else {
        throw UsageError("unknown scheme '\(name)'; schemes: \(WebhookSchemes.names.joined(separator: ", "))")
    }
    return scheme
}

/// A non-negative whole number of seconds (digits only).
private func unixSeconds(_ text: String) -> Int64? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return Int64(text)
}

/// `Name: value` → (name, value); the name must be a non-empty HTTP token.
private func headerLine(_ line: String) throws -> (String, String) {
    guard let colon = line.firstIndex(of: ":") else {
        throw UsageError("option --header expects 'Name: value', got '\(line)'")
    }
    let name = String(line[..<colon])
    let tokenCharacters = Set("!#$%&'*+-.^_`|~".utf8)
    guard !name.isEmpty, name.utf8.allSatisfy({ byte in
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7a) || tokenCharacters.contains(byte)
    }) else {
        throw UsageError("option --header expects 'Name: value' with a header name before the colon")
    }
    return (name, String(line[line.index(after: colon)...]))
}

/// Runs a scheme call: configuration problems (secrets, signing inputs) are usage errors (exit 2),
/// everything else rejects the input (exit 1) with the typed reason.
private func schemeCall<T>(_ body: () throws(WebhookSignatureError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        switch error {
        case .noSecrets, .invalidSecret, .missingSigningInput:
            throw UsageError("\(error)")
        default:
            throw InputRejected("\(error)")
        }
    }
}
