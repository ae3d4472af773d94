/// A cryptographic hash function with an incremental interface: `init()`, any number of
/// `update` calls, then `finalize()`. Value semantics: copying an instance forks its state.
///
/// ```swift
/// let digest = SHA256.hash(data: body)              // one shot, any bytes
/// var hasher = SHA256()
/// hasher.update(data: header.utf8)
/// hasher.update(data: body)
/// let same = hasher.finalize()
/// ```
public protocol HashFunction: Sendable {
    /// The fixed-size result of this hash function.
    associatedtype Digest: HashDigest

    /// The internal block size in bytes (64 for SHA-256, 128 for SHA-512); HMAC pads keys to it.
    static var blockByteCount: Int { get }

    /// A hasher that has seen no input.
    init()

    /// Adds the bytes in `bufferPointer` to the message.
    mutating func update(bufferPointer: UnsafeRawBufferPointer)

    /// The digest of everything added so far. The hasher itself is unchanged and may keep going.
    func finalize() -> Digest
}

extension HashFunction {
    /// Adds `data` to the message: `[UInt8]`, `ArraySlice`, `Data`, a `String`'s `.utf8` view, or any
    /// other sequence of bytes. Contiguous storage is read in place, without copying.
    @inlinable
    public mutating func update(data: some Sequence<UInt8>) {
        let done: Void? = data.withContiguousStorageIfAvailable { buffer in
            self.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if done == nil { updateByCopying(data) }
    }

    /// Adds the UTF-8 bytes of `text` to the message.
    @inlinable
    public mutating func update(utf8 text: some StringProtocol) {
        update(data: text.utf8)
    }

    /// The digest of `data` in one call.
    @inlinable
    public static func hash(data: some Sequence<UInt8>) -> Digest {
        var hasher = Self()
        hasher.update(data: data)
        return hasher.finalize()
    }

    /// The digest of the UTF-8 bytes of `text` in one call.
    @inlinable
    public static func hash(utf8 text: some StringProtocol) -> Digest {
        hash(data: text.utf8)
    }

    /// The digest of the bytes in `bufferPointer` in one call.
    @inlinable
    public static func hash(bufferPointer: UnsafeRawBufferPointer) -> Digest {
        var hasher = Self()
        hasher.update(bufferPointer: bufferPointer)
        return hasher.finalize()
    }

    /// Feeds a sequence without contiguous storage through a small stack buffer.
    @usableFromInline
    mutating func updateByCopying(_ data: some Sequence<UInt8>) {
        withUnsafeTemporaryAllocation(byteCount: 256, alignment: 8) { chunk in
            var count = 0
            for byte in data {
                chunk[count] = byte
                count += 1
                if count == chunk.count {
                    update(bufferPointer: UnsafeRawBufferPointer(chunk))
                    count = 0
                }
            }
            if count > 0 { update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[..<count])) }
        }
    }
}

/// The fixed-size output of a ``HashFunction``: a value that compares in constant time,
/// prints as lowercase hex, and iterates over its bytes.
public protocol HashDigest: Hashable, Sendable, Sequence, CustomStringConvertible where Element == UInt8 {
    /// The number of bytes in every digest of this type.
    static var byteCount: Int { get }

    /// Calls `body` with the digest's bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension HashDigest {
    /// The digest's bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The digest in lowercase hexadecimal.
    public var hexString: String { withUnsafeBytes { Hex.encode($0) } }

    /// The digest in standard, padded base64.
    public var base64String: String { withUnsafeBytes { Base64.encode($0) } }

    /// The digest in unpadded base64url (RFC 4648 §5).
    public var base64URLString: String { withUnsafeBytes { Base64URL.encode($0) } }

    /// The digest as lowercase hexadecimal, like `sha256sum` prints it.
    public var description: String { hexString }

    /// Whether `bytes` are this digest, compared in constant time (a different length is never equal).
    @inlinable
    public func isEqual(to bytes: some Sequence<UInt8>) -> Bool {
        withUnsafeBytes { ConstantTime.isEqual($0, bytes) }
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// The digest's bytes, in order.
    public func makeIterator() -> DigestIterator<Self> { DigestIterator(digest: self) }
}

/// Iterates over the bytes of a digest without allocating.
public struct DigestIterator<D: HashDigest>: IteratorProtocol, Sendable {
    private let digest: D
    private var offset = 0

    init(digest: D) { self.digest = digest }

    public mutating func next() -> UInt8? {
        guard offset < D.byteCount else { return nil }
        defer { offset += 1 }
        return digest.withUnsafeBytes { $0[offset] }
    }
}
