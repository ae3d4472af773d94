import PWBIMapping

/// What Accurate Online answered to a save: the record's id and number, and its messages.
public struct AccurateSaved: Sendable, Hashable {
    /// The record id (`r.id`), as text.
    public let id: String?
    /// The transaction number (`r.number`): the entry reference that was sent.
    public let number: String?
    /// Accurate's messages (`d`), e.g. `Data berhasil disimpan`.
    public let messages: [String]

    /// A saved record as Accurate reported it.
    public init(id: String?, number: String?, messages: [String]) {
        self.id = id
        self.number = number
        self.messages = messages
    }
}

/// One record of a `bulk-save.do` answer.
public enum AccurateBulkOutcome: Sendable, Hashable {
    /// The record was saved.
    case saved(AccurateSaved)
    /// Accurate refused this record, with its reasons (the others may have been saved).
    case rejected(messages: [String])
}

/// Why Accurate Online did not save, with Accurate's own messages.
public enum AccurateResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `s: false` — Accurate refused the data (an unknown account, unbalanced voucher, duplicate
    /// number…); not worth retrying unchanged. ("Chart of accounts not syncing: manual mapping required".)
    case rejected(status: Int, messages: [String])
    /// 401/403: the token, signature or session is not accepted — reconnect (the OAuth token must be
    /// refreshed every 6 months), never retry as is.
    case unauthorized(status: Int, messages: [String])
    /// 5xx or 429: Accurate is unavailable or rate-limiting (8 requests/s) — retry per policy.
    case unavailable(status: Int)
    /// The body is not the `{s, d, r}` shape.
    case malformed(status: Int, reason: String)

    public var description: String {
        switch self {
        case .rejected(let status, let messages):
            return "Accurate rejected the data (HTTP \(status)): \(messages.joined(separator: "; "))"
        case .unauthorized(let status, let messages):
            return "Accurate authorisation failed (HTTP \(status)): \(messages.joined(separator: "; "))"
        case .unavailable(let status):
            return "Accurate unavailable (HTTP \(status)): retry later"
        case .malformed(let status, let reason):
            return "unexpected Accurate response (HTTP \(status)): \(reason)"
        }
    }
}

/// Reads Accurate Online's `{"s": …, "d": …, "r": …}` answers: `s` success, `d` the messages
/// (a string or a list; for `bulk-save.do` one `{s, d, r}` per record), `r` the saved record.
public enum AccurateResponse {
    /// The saved record of a `save.do` answer, or the typed reason it was not saved.
    public static func saved(from response: TransportResponse) throws(AccurateResponseError) -> AccurateSaved {
        let root = try envelope(response)
        guard try success(root, status: response.status) else {
            throw .rejected(status: response.status, messages: messages(root["d"]))
        }
        return record(root)
    }

    /// One outcome per record of a `bulk-save.do` answer, in the order sent.
    public static func bulkOutcomes(from response: TransportResponse) throws(AccurateResponseError) -> [AccurateBulkOutcome] {
        let root = try envelope(response)
        let items: JSONArray
        do {
            items = try root["d"].array()
        } catch {
            if try !success(root, status: response.status) {
                throw .rejected(status: response.status, messages: messages(root["d"]))
            }
            throw .malformed(status: response.status, reason: "`d` is not a list of results")
        }
        var outcomes: [AccurateBulkOutcome] = []
        for item in items {
            if (try? item["s"].bool()) == true {
                outcomes.append(.saved(record(item)))
            } else if (try? item["s"].bool()) == false {
                outcomes.append(.rejected(messages: messages(item["d"])))
            } else {
                throw .malformed(status: response.status, reason: "a bulk result has no boolean `s`")
            }
        }
        return outcomes
    }

    static func envelope(_ response: TransportResponse) throws(AccurateResponseError) -> JSONValue {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: response.body)
        } catch {
            if response.status == 429 || response.status >= 500 { throw .unavailable(status: response.status) }
            if response.status == 401 || response.status == 403 { throw .unauthorized(status: response.status, messages: []) }
            throw .malformed(status: response.status, reason: "not JSON (\(error))")
        }
        let root = document.root
        if response.status == 401 || response.status == 403 {
            throw .unauthorized(status: response.status, messages: messages(root["d"]) + oauthMessages(root))
        }
        if response.status == 429 || response.status >= 500 { throw .unavailable(status: response.status) }
        return root
    }

    static func success(_ root: JSONValue, status: Int) throws(AccurateResponseError) -> Bool {
        guard let s = try? root["s"].bool() else {
            throw .malformed(status: status, reason: "no boolean `s`")
        }
        return s
    }

    static func record(_ value: JSONValue) -> AccurateSaved {
        let r = value["r"]
        return AccurateSaved(id: try? r["id"].identifier(), number: try? r["number"].string(), messages: messages(value["d"]))
    }

    /// `d` as messages: a string, a list of strings, or (defensively) anything else described.
    static func messages(_ d: JSONValue) -> [String] {
        if let text = try? d.string() { return [text] }
        if let list = try? d.array() {
            return list.compactMap { element in
                (try? element.string()) ?? (try? element["d"].string()) ?? ((try? element["d"].array()).map { inner in
                    inner.compactMap { try? $0.string() }.joined(separator: "; ")
                })
            }
        }
        return []
    }

    static func oauthMessages(_ root: JSONValue) -> [String] {
        [try? root["error"].string(), try? root["error_description"].string()].compactMap { $0 }
    }
}
