// libFuzzer target over PWBISignatures' body reader (`TopLevelJSONMembers`, which reads
// unauthenticated Midtrans bodies) and the Midtrans scheme built on it.
//
// Not part of any SwiftPM target: `.ci/fuzz-signatures.sh` compiles it together with the module's
// sources (one module, so internal API is reachable) with `-sanitize=fuzzer,address`.
//
// The whole input is the body. The properties checked on every input:
// - nothing traps (the sanitizers and Swift's runtime checks catch any crash);
// - a refused body is `.malformedBody` with a reason and an offset inside the body;
// - only requested members come back, and reading is deterministic;
// - an accepted body's string values, written back as a fresh object (escaped minimally, and again
//   with every non-ASCII scalar as `\u` escapes, surrogate pairs included), read back equal;
// - a requested member repeated at the end of an accepted object is refused ("appears twice");
// - Midtrans: a body carrying the three signed fields, signed, verifies under its key and not
//   under another; every other body fails verification with a typed error, never a crash.
// A property violation stops the run with `preconditionFailure`, which libFuzzer records as a crash.

private let requested: Set<String> = ["order_id", "status_code", "gross_amount", "signature_key", "a"]
private let serverKey = "SB-Mid-server-fuzz"

@_cdecl("LLVMFuzzerTestOneInput")
public func signaturesFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let found: [String: String]
    do {
        found = try TopLevelJSONMembers.values(of: requested, in: body)
    } catch {
        guard case .malformedBody(let reason, let offset) = error, !reason.isEmpty, (0...size).contains(offset) else {
            preconditionFailure("an unexpected refusal: \(error)")
        }
        checkMidtransRefuses(body)
        return 0
    }
    guard Set(found.keys).isSubset(of: requested) else { preconditionFailure("unrequested members: \(found.keys)") }
    guard (try? TopLevelJSONMembers.values(of: requested, in: body)) == found else { preconditionFailure("not deterministic") }
    checkRoundTrip(found, asciiOnly: false)
    checkRoundTrip(found, asciiOnly: true)
    if let name = found.keys.min() { checkDuplicateRefused(body, name: name) }
    checkMidtrans(body, found)
    return 0
}

/// The found values, written as a new object, read back unchanged.
private func checkRoundTrip(_ found: [String: String], asciiOnly: Bool) {
    var text: [UInt8] = Array("{".utf8)
    for (index, (name, value)) in found.sorted(by: { $0.key < $1.key }).enumerated() {
        if index > 0 { text.append(UInt8(ascii: ",")) }
        appendQuoted(name, to: &text, asciiOnly: asciiOnly)
        text.append(UInt8(ascii: ":"))
        appendQuoted(value, to: &text, asciiOnly: asciiOnly)
    }
    text.append(UInt8(ascii: "}"))
    do {
        let again = try TopLevelJSONMembers.values(of: requested, in: text)
        if again != found { preconditionFailure("values do not round-trip: \(found) vs \(again)") }
    } catch {
        preconditionFailure("a written object is refused: \(error) in \(String(decoding: text, as: UTF8.self))")
    }
}

/// `{…, "name": "x"}` where the body already has `name`: refused, whatever the first value was.
private func checkDuplicateRefused(_ body: [UInt8], name: String) {
    guard let close = body.lastIndex(of: UInt8(ascii: "}")) else { preconditionFailure("an accepted object without '}'") }
    var doubled = Array(body[..<close])
    doubled.append(UInt8(ascii: ","))
    appendQuoted(name, to: &doubled, asciiOnly: false)
    doubled.append(contentsOf: Array(":\"x\"".utf8))
    doubled.append(contentsOf: body[close...])
    do {
        _ = try TopLevelJSONMembers.values(of: requested, in: doubled)
        preconditionFailure("a repeated member \(name) was accepted")
    } catch {
        guard case .malformedBody(let reason, _) = error, reason.contains("appears twice") else {
            preconditionFailure("a repeated member refused for another reason: \(error)")
        }
    }
}

/// A body with the signed fields (and no signature yet) signs, and verifies only under its key.
private func checkMidtrans(_ body: [UInt8], _ found: [String: String]) {
    let scheme = MidtransScheme()
    guard found["order_id"] != nil, found["status_code"] != nil, found["gross_amount"] != nil,
          found["signature_key"] == nil else {
        checkMidtransRefuses(body)
        return
    }
    let signature: WebhookSignature
    do { signature = try scheme.sign(body: body, secret: serverKey, id: nil, timestamp: nil) } catch {
        preconditionFailure("a body with the signed fields could not be signed: \(error)")
    }
    guard let close = body.lastIndex(of: UInt8(ascii: "}")), let field = signature.bodyFields.first else {
        preconditionFailure("no signature field")
    }
    var signed = Array(body[..<close])
    signed.append(contentsOf: Array(",\"signature_key\":\"\(field.value)\"".utf8))
    signed.append(contentsOf: body[close...])
    do { try scheme.verify(body: signed, headers: WebhookHeaders([]), secrets: [serverKey]) } catch {
        preconditionFailure("a freshly signed body does not verify: \(error)")
    }
    do {
        try scheme.verify(body: signed, headers: WebhookHeaders([]), secrets: [serverKey + "x"])
        preconditionFailure("a body verified under the wrong server key")
    } catch {
        guard case .noMatchingSignature = error else { preconditionFailure("wrong key refused for another reason: \(error)") }
    }
}

/// Verification of an arbitrary body fails with a typed error (it cannot carry a valid signature
/// under this key without the fuzzer finding a SHA-512 preimage).
private func checkMidtransRefuses(_ body: [UInt8]) {
    do {
        try MidtransScheme().verify(body: body, headers: WebhookHeaders([]), secrets: [serverKey])
        preconditionFailure("an unsigned body verified")
    } catch {
        switch error {
        case .malformedBody, .missingBodyField, .noMatchingSignature: break
        default: preconditionFailure("an unexpected verification error: \(error)")
        }
    }
}

/// A JSON string: quotes, backslashes and control characters escaped; with `asciiOnly`, every
/// scalar above U+007F as `\uXXXX` (a surrogate pair above U+FFFF).
private func appendQuoted(_ text: String, to bytes: inout [UInt8], asciiOnly: Bool) {
    let hex = Array("0123456789abcdef".utf8)
    func escape(_ unit: UInt16) {
        bytes.append(contentsOf: Array("\\u".utf8))
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int((unit >> UInt16(shift)) & 0xF)]) }
    }
    bytes.append(UInt8(ascii: "\""))
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x22: bytes.append(contentsOf: Array("\\\"".utf8))
        case 0x5C: bytes.append(contentsOf: Array("\\\\".utf8))
        case 0..<0x20: escape(UInt16(scalar.value))
        case 0x80... where asciiOnly: for unit in String(scalar).utf16 { escape(unit) }
        default: bytes.append(contentsOf: Array(String(scalar).utf8))
        }
    }
    bytes.append(UInt8(ascii: "\""))
}
