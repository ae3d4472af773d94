import PWBIMapping

/// What Jurnal.id answered to a create: the record's id and numbers.
public struct JurnalSaved: Sendable, Hashable {
    /// The record id, as text.
    public let id: String
    /// `transaction_no`: the entry reference that was sent.
    public let transactionNumber: String?
    /// `custom_id`.
    public let customID: String?

    /// A saved record as Jurnal.id reported it.
    public init(id: String, transactionNumber: String?, customID: String?) {
        self.id = id
        self.transactionNumber = transactionNumber
        self.customID = customID
    }
}

/// Why Jurnal.id did not save, with its messages.
public enum JurnalResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 4xx with messages (`error_full_messages`, `errors`, `error`): the data was refused —
    /// "Journal entry failed: check account mappings".
    case rejected(status: Int, messages: [String])
    /// 401/403: the API key or token is not accepted.
    case unauthorized(status: Int, messages: [String])
    /// 5xx or 429: retry per policy.
    case unavailable(status: Int)
    /// A 2xx without the expected record, or a body that is not JSON.
    case malformed(status: Int, reason: String)

    public var description: String {
        switch self {
        case .rejected(let status, let messages):
            return "Jurnal.id rejected the data (HTTP \(status)): \(messages.joined(separator: "; "))"
        case .unauthorized(let status, let messages):
            return "Jurnal.id authorisation failed (HTTP \(status)): \(messages.joined(separator: "; "))"
        case .unavailable(let status):
            return "Jurnal.id unavailable (HTTP \(status)): retry later"
        case .malformed(let status, let reason):
            return "unexpected Jurnal.id response (HTTP \(status)): \(reason)"
        }
    }
}

/// Reads Jurnal.id answers: `{"journal_entry": {...}}` / `{"sales_invoice": {...}}` on success,
/// error bodies carrying `error_full_messages`, `errors` or `error` otherwise.
public enum JurnalResponse {
    /// The journal entry created.
    public static func journalEntry(from response: TransportResponse) throws(JurnalResponseError) -> JurnalSaved {
        try saved(response, resource: "journal_entry")
    }

    /// The sales invoice created.
    public static func salesInvoice(from response: TransportResponse) throws(JurnalResponseError) -> JurnalSaved {
        try saved(response, resource: "sales_invoice")
    }

    static func saved(_ response: TransportResponse, resource: String) throws(JurnalResponseError) -> JurnalSaved {
        let document = try? JSONDocument(parsing: response.body)
        let root = document?.root
        switch response.status {
        case 200..<300:
            guard let record = root?[resource], let id = try? record["id"].identifier() else {
                throw .malformed(status: response.status, reason: "no `\(resource).id` in the answer")
            }
            return JurnalSaved(id: id, transactionNumber: try? record["transaction_no"].identifier(),
                               customID: try? record["custom_id"].identifier())
        case 401, 403:
            throw .unauthorized(status: response.status, messages: root.map(messages) ?? [])
        case 429, 500...:
            throw .unavailable(status: response.status)
        default:
            guard let root else { throw .malformed(status: response.status, reason: "not JSON") }
            throw .rejected(status: response.status, messages: messages(root))
        }
    }

    /// The messages of an error body, in the order found.
    static func messages(_ root: JSONValue) -> [String] {
        var found: [String] = []
        if let list = try? root["error_full_messages"].array() {
            found += list.compactMap { try? $0.string() }
        }
        let errors = root["errors"]
        if let text = try? errors.string() { found.append(text) }
        if let list = try? errors.array() { found += list.compactMap { try? $0.string() } }
        if let object = try? errors.object() {
            for (field, value) in object {
                if let text = try? value.string() { found.append("\(field) \(text)") }
                if let list = try? value.array() { found += list.compactMap { try? $0.string() }.map { "\(field) \($0)" } }
            }
        }
        for key in ["error", "message"] {
            if let text = try? root[key].string() { found.append(text) }
        }
        return found
    }
}
