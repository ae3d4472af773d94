/// Where a field sits in a payload: `OrderItems[2].Quantity`, or a CSV column name (`Date`).
public struct FieldPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step: an object member or an array element.
    public enum Component: Sendable, Hashable {
        /// An object member.
        case key(String)
        /// An array element.
        case index(Int)
    }

    /// The steps from the root.
    public var components: [Component]

    /// The root (the whole payload).
    public static let root = FieldPath(components: [])

    /// A path of `components`, outermost first.
    public init(components: [Component]) { self.components = components }

    /// A one-step path naming a member or a CSV column.
    public init(_ key: String) { self.components = [.key(key)] }

    public init(stringLiteral value: String) { self.init(value) }

    /// This path with one more member step.
    public func appending(_ key: String) -> FieldPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    /// This path with one more element step.
    public func appending(index: Int) -> FieldPath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    /// `OrderItems[2].Quantity`; `$` for the root.
    public var description: String {
        if components.isEmpty { return "$" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
