import PWBIMapping

/// Why the receiver did not process a delivery, with the HTTP status that tells the sender
/// what to do: 4xx — fix the request, do not retry as is; 409 and 503 — retry later.
public struct WebhookRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// A stable machine-readable code (`invalid_signature`, `missing_field`, …).
    public var code: String
    /// The message for the sender; never a secret, an expected signature or the whole payload.
    public var message: String
    /// The offending field, when there is one (`OrderItems[2].Quantity`).
    public var path: String?

    /// A rejection with its status, code, message and field path.
    public init(status: Int, code: String, message: String, path: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// How the audit log and metrics count it.
    public var outcome: WebhookOutcome {
        switch status {
        case 409: .inProgress
        case 422: .conflict
        case 503: .unavailable
        default: .rejected
        }
    }

    static func unknownSource(_ name: String) -> WebhookRejection {
        WebhookRejection(status: 404, code: "unknown_source", message: "Unknown source: \(MappingError.quoted(name))")
    }

    static func unknownTenant(_ source: String) -> WebhookRejection {
        WebhookRejection(status: 404, code: "unknown_tenant", message: "No tenant for source \(MappingError.quoted(source))")
    }

    static func tooLarge(_ size: Int, limit: Int) -> WebhookRejection {
        WebhookRejection(status: 413, code: "payload_too_large", message: "Payload too large: \(size) bytes. Maximum allowed: \(limit)")
    }

    static func invalidSignature(_ reason: String) -> WebhookRejection {
        WebhookRejection(status: 401, code: "invalid_signature", message: "Invalid signature: \(reason)")
    }

    static func invalidAPIKey(_ rejection: APIKeyRejection) -> WebhookRejection {
        WebhookRejection(status: 401, code: "invalid_api_key", message: rejection.description)
    }

    static func invalidIdempotencyKey(_ header: String) -> WebhookRejection {
        WebhookRejection(
            status: 400, code: "invalid_idempotency_key",
            message: "Invalid \(header) header: expected 1 to 255 visible ASCII characters", path: header
        )
    }

    static func unsupportedEvent(_ event: String, allowed: Set<EventType>) -> WebhookRejection {
        WebhookRejection(
            status: 400, code: "unsupported_event",
            message: "Unsupported event type: \(MappingError.quoted(event)); accepted: \(allowed.map(\.rawValue).sorted().joined(separator: ", "))"
        )
    }

    /// A mapping or validation failure: 400 with the field's path.
    static func mapping(_ error: MappingError) -> WebhookRejection {
        let path = error.path == .root ? nil : error.path.description
        switch error.kind {
        case .malformedJSON:
            return WebhookRejection(status: 400, code: "invalid_json", message: "Invalid JSON: \(error.found)" + (error.byteOffset.map { " at byte \($0)" } ?? ""))
        case .missingField:
            return WebhookRejection(status: 400, code: "missing_field", message: "Missing required field: \(error.path)", path: path)
        case .typeMismatch, .invalidValue:
            return WebhookRejection(
                status: 400, code: "invalid_field",
                message: "Invalid field \(error.path): expected \(error.expected), found \(error.found)", path: path
            )
        case .unsupportedEvent:
            return WebhookRejection(status: 400, code: "unsupported_event", message: "Unsupported event: expected \(error.expected), found \(error.found)")
        case .unknownSource:
            return WebhookRejection(status: 404, code: "unknown_source", message: "Unknown source: \(error.found)")
        case .validationFailed:
            return WebhookRejection(status: 400, code: "validation_failed", message: error.validationMessage, path: path)
        }
    }

    static func inProgress() -> WebhookRejection {
        WebhookRejection(status: 409, code: "in_progress", message: "A delivery with the same idempotency key is still being processed; retry later")
    }

    static func conflict() -> WebhookRejection {
        WebhookRejection(status: 422, code: "idempotency_key_reused", message: "The idempotency key was already used with a different payload")
    }

    static func unavailable() -> WebhookRejection {
        WebhookRejection(status: 503, code: "store_unavailable", message: "Storage is temporarily unavailable; nothing was stored, retry later")
    }
}

extension MappingError {
    /// A validation rule's own message (e.g. "Order is not fully paid"), which it carries as `expected`
    /// when it has no more specific field finding.
    var validationMessage: String {
        found.isEmpty ? expected : "\(expected); found \(found)"
    }
}
