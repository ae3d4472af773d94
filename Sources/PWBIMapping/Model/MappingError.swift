/// Why a payload (or one of its fields) could not be mapped: the field's path, what was expected
/// and what was found — never the whole payload — so a 400 response can tell the sender exactly
/// what to fix.
///
/// ```text
/// OrderItems[2].Quantity: expected a number, found a string
/// OrderDate: expected a date-time YYYY-MM-DDTHH:MM:SS, found "27/11/2025"
/// $: malformed JSON at byte 17: trailing comma
/// ```
public struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad category (for metrics and HTTP status choice; all are client errors).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The body is not valid JSON (or too large, or too deep); ``MappingError/byteOffset`` says where.
        case malformedJSON
        /// A required field is absent (or `null` where a value is required).
        case missingField
        /// The field has the wrong JSON type (a string where a number is expected…).
        case typeMismatch
        /// The field has the right type but an unacceptable value (malformed amount, bad date, unknown code).
        case invalidValue
        /// The source system is not known to the registry.
        case unknownSource
        /// The mapper does not handle this event type.
        case unsupportedEvent
        /// A validation rule failed (totals mismatch, not fully paid, status not allowed…).
        case validationFailed
    }

    /// The broad category.
    public var kind: Kind
    /// The offending field (``FieldPath/root`` for the whole payload).
    public var path: FieldPath
    /// What was expected, as a phrase: `a number`, `a date-time YYYY-MM-DD HH:MM:SS`, `one of 1, 2, 3, 5, 6, 7, 8`.
    public var expected: String
    /// What was found, as a phrase: `a string`, `"27/12/2025"`, `nothing (missing)`; short, never the whole payload.
    public var found: String
    /// For ``Kind/malformedJSON``, the byte offset in the body where the problem is.
    public var byteOffset: Int?

    /// An error of `kind` at `path`.
    public init(_ kind: Kind, path: FieldPath, expected: String, found: String, byteOffset: Int? = nil) {
        self.kind = kind
        self.path = path
        self.expected = expected
        self.found = found
        self.byteOffset = byteOffset
    }

    /// A required field is missing.
    public static func missing(_ path: FieldPath, expected: String) -> MappingError {
        MappingError(.missingField, path: path, expected: expected, found: "nothing (missing)")
    }

    /// A field has an unacceptable value; `value` is quoted and shortened to at most 40 characters.
    public static func invalid(_ path: FieldPath, expected: String, value: String) -> MappingError {
        MappingError(.invalidValue, path: path, expected: expected, found: MappingError.quoted(value))
    }

    /// `"value"`, cut to 40 characters with `…` so a huge field never floods a response or a log.
    public static func quoted(_ value: String) -> String {
        var shown = ""
        var count = 0
        for character in value {
            if count == 40 { shown += "…"; break }
            switch character {
            case "\"": shown += "\\\""
            case "\\": shown += "\\\\"
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            default:
                if let ascii = character.asciiValue, ascii < 0x20 { shown += "?" } else { shown.append(character) }
            }
            count += 1
        }
        return "\"" + shown + "\""
    }

    /// `path: expected …, found …` (with the byte offset for malformed JSON).
    public var description: String {
        if kind == .malformedJSON, let offset = byteOffset {
            return "\(path): malformed JSON at byte \(offset): \(found)"
        }
        return "\(path): expected \(expected), found \(found)"
    }
}
