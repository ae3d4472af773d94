/// A secret (access token, refresh token, client secret, PKCE verifier) that never prints.
///
/// `description`, `debugDescription`, string interpolation and `dump` all show `<redacted>`;
/// the value is read only through ``revealed``, where it is sent. Equality is constant-time.
public struct SensitiveString: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// The secret itself: use it only to put it on the wire or in the host's encrypted storage.
    public var revealed: String { value }

    /// Whether the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    public static func == (lhs: SensitiveString, rhs: SensitiveString) -> Bool {
        let a = Array(lhs.value.utf8), b = Array(rhs.value.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}
