/// The 64-byte result of ``SHA512``. Equality is constant-time; `description` is lowercase hex.
public struct SHA512Digest: HashDigest {
    /// 64 bytes.
    public static var byteCount: Int { 64 }

    /// The digest bytes in order, held as eight words.
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    init(state: SHA512.State) {
        storage = (
            state.a.bigEndian, state.b.bigEndian, state.c.bigEndian, state.d.bigEndian,
            state.e.bigEndian, state.f.bigEndian, state.g.bigEndian, state.h.bigEndian
        )
    }

    /// A digest from exactly 64 bytes; nil for any other length.
    public init?(bytes: some Sequence<UInt8>) {
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        guard copyExactly(bytes, into: &storage) else { return nil }
        self.storage = storage
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Constant-time: every word is compared, whatever the first difference.
    public static func == (lhs: SHA512Digest, rhs: SHA512Digest) -> Bool {
        let (l, r) = (lhs.storage, rhs.storage)
        let difference = (l.0 ^ r.0) | (l.1 ^ r.1) | (l.2 ^ r.2) | (l.3 ^ r.3)
            | (l.4 ^ r.4) | (l.5 ^ r.5) | (l.6 ^ r.6) | (l.7 ^ r.7)
        return difference == 0
    }
}
