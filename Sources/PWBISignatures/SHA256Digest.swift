/// The 32-byte result of ``SHA256``. Equality is constant-time; `description` is lowercase hex.
public struct SHA256Digest: HashDigest {
    /// 32 bytes.
    public static var byteCount: Int { 32 }

    /// The digest bytes in order, held as four words so comparisons touch four words.
    private var storage: (UInt64, UInt64, UInt64, UInt64)

    init(state: SHA256.State) {
        storage = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { bytes in
            bytes.storeBytes(of: state.a.bigEndian, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: state.b.bigEndian, toByteOffset: 4, as: UInt32.self)
            bytes.storeBytes(of: state.c.bigEndian, toByteOffset: 8, as: UInt32.self)
            bytes.storeBytes(of: state.d.bigEndian, toByteOffset: 12, as: UInt32.self)
            bytes.storeBytes(of: state.e.bigEndian, toByteOffset: 16, as: UInt32.self)
            bytes.storeBytes(of: state.f.bigEndian, toByteOffset: 20, as: UInt32.self)
            bytes.storeBytes(of: state.g.bigEndian, toByteOffset: 24, as: UInt32.self)
            bytes.storeBytes(of: state.h.bigEndian, toByteOffset: 28, as: UInt32.self)
        }
    }

    /// A digest from exactly 32 bytes (for example a decoded hex string); nil for any other length.
    public init?(bytes: some Sequence<UInt8>) {
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        guard copyExactly(bytes, into: &storage) else { return nil }
        self.storage = storage
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Constant-time: every word is compared, whatever the first difference.
    public static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        let difference = (lhs.storage.0 ^ rhs.storage.0) | (lhs.storage.1 ^ rhs.storage.1)
            | (lhs.storage.2 ^ rhs.storage.2) | (lhs.storage.3 ^ rhs.storage.3)
        return difference == 0
    }
}

/// Copies a sequence of exactly `MemoryLayout<T>.size` bytes into `storage`; false for any other length.
func copyExactly<T>(_ bytes: some Sequence<UInt8>, into storage: inout T) -> Bool {
    let size = MemoryLayout<T>.size
    return withUnsafeMutableBytes(of: &storage) { target in
        var count = 0
        for byte in bytes {
            guard count < size else { return false }
            target[count] = byte
            count += 1
        }
        return count == size
    }
}
