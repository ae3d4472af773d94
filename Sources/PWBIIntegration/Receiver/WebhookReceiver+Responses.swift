import PWBIMapping

// The receiver's answers: the success body, a stored response replayed as a duplicate, and a
// rejection rendered with its status, code, path and Retry-After.
extension WebhookReceiver {
    static let jsonHeaders = [HTTPHeaderField("Content-Type", "application/json")]
    static let firstFieldFresh = Array(#"{"duplicate":false,"#.utf8)
    static let firstFieldReplayed = Array(#"{"duplicate":true,"#.utf8)

    /// `{"duplicate":false,"success":true,"status":"success","message":"Webhook processed","event_type":…,
    /// "internal_id":…,"internal_ids":[…]}` and, for one transaction, `"external_id"`. The first
    /// member stays `duplicate`: ``replay(_:)`` flips it in the stored body.
    func success(event: EventType, mapped: MappedEvent, internalIDs: [String]) -> WebhookResponse {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("duplicate", false)
        writer.field("success", true)
        writer.field("status", "success")
        writer.field("message", "Webhook processed")
        writer.field("event_type", event.rawValue)
        writer.field("internal_id", internalIDs.first)
        writer.key("internal_ids")
        writer.beginArray()
        for id in internalIDs { writer.string(id) }
        writer.endArray()
        if case .transaction(let transaction) = mapped { writer.field("external_id", transaction.externalID) }
        writer.endObject()
        return WebhookResponse(status: 200, headers: Self.jsonHeaders, body: writer.bytes, outcome: .processed, internalIDs: internalIDs)
    }

    /// A completed delivery's stored response, marked as a duplicate.
    func replay(_ stored: StoredResponse) -> WebhookResponse {
        var body = stored.body
        if body.starts(with: Self.firstFieldFresh) {
            body.replaceSubrange(0..<Self.firstFieldFresh.count, with: Self.firstFieldReplayed)
        }
        let ids = Self.internalIDs(in: stored.body)
        return WebhookResponse(
            status: stored.status, headers: Self.jsonHeaders + [HTTPHeaderField("Idempotent-Replayed", "true")],
            body: body, outcome: .duplicate, internalIDs: ids
        )
    }

    /// The `internal_ids` of a stored success body (empty if it has none).
    static func internalIDs(in body: [UInt8]) -> [String] {
        guard let document = try? JSONDocument(parsing: body), let array = try? document.root["internal_ids"].array() else { return [] }
        return array.compactMap { try? $0.string() }
    }

    func render(_ rejection: WebhookRejection) -> WebhookResponse {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("success", false)
        writer.field("status", "error")
        writer.field("error", rejection.message)
        writer.field("code", rejection.code)
        if let path = rejection.path { writer.field("path", path) }
        writer.endObject()
        var headers = Self.jsonHeaders
        switch rejection.status {
        case 409: headers.append(HTTPHeaderField("Retry-After", String(configuration.retryAfterInProgress)))
        case 503: headers.append(HTTPHeaderField("Retry-After", String(configuration.retryAfterUnavailable)))
        default: break
        }
        return WebhookResponse(status: rejection.status, headers: headers, body: writer.bytes, outcome: rejection.outcome)
    }
}
