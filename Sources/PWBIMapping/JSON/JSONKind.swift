/// The JSON types, with the phrase errors use (`a number`, `an object`).
public enum JSONKind: String, Sendable, Hashable, CaseIterable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool
    /// A number, kept as its text.
    case number
    /// A string.
    case string
    /// An array.
    case array
    /// An object.
    case object

    /// `null`, `a boolean`, `a number`, `a string`, `an array`, `an object`.
    public var phrase: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
