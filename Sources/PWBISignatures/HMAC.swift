/// HMAC (RFC 2104) over any ``HashFunction``.
///
/// A keyed instance absorbs the inner and outer padded keys once, at `init`; each message then
/// costs only its own bytes plus one outer block, and verifying allocates nothing.
///
/// ```swift
/// let hmac = HMAC<SHA256>(key: Array(secret.utf8))          // once per secret
/// let tag = hmac.authenticationCode(for: body)               // HMAC-SHA256 of body
/// let ok = hmac.isValidAuthenticationCode(receivedTag, for: body)   // constant-time
/// ```
///
/// It is also incremental: `update(data:)` then `finalize()`. Copying an instance copies its state.
public struct HMAC<H: HashFunction>: Sendable {
    /// The authentication code: a digest of the underlying hash function.
    public typealias MAC = H.Digest

    /// The hash state after absorbing `key ⊕ ipad`.
    @usableFromInline let innerStart: H
    /// The hash state after absorbing `key ⊕ opad`.
    @usableFromInline let outerStart: H
    /// The running inner hash of the incremental interface.
    @usableFromInline var inner: H

    /// A keyed instance. Keys longer than the block size are hashed first (RFC 2104); any key,
    /// even an empty one, is accepted here — schemes that forbid weak secrets check them themselves.
    public init(key: some Sequence<UInt8>) {
        let key = Array(key)
        let blockSize = H.blockByteCount
        var innerHash = H()
        var outerHash = H()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blockSize * 2) { pads in
            for index in 0..<(blockSize * 2) { pads[index] = 0 }
            if key.count > blockSize {
                H.hash(data: key).withUnsafeBytes { digest in
                    for (index, byte) in digest.enumerated() { pads[index] = byte }
                }
            } else {
                for (index, byte) in key.enumerated() { pads[index] = byte }
            }
            for index in 0..<blockSize {
                let keyByte = pads[index]
                pads[index] = keyByte ^ 0x36
                pads[blockSize + index] = keyByte ^ 0x5c
            }
            let raw = UnsafeRawBufferPointer(pads)
            innerHash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[0..<blockSize]))
            outerHash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[blockSize..<(blockSize * 2)]))
            for index in 0..<(blockSize * 2) { pads[index] = 0 }
        }
        innerStart = innerHash
        outerStart = outerHash
        inner = innerHash
    }

    /// A keyed instance whose key is the UTF-8 bytes of `key` (how most webhook secrets are used).
    public init(utf8Key key: some StringProtocol) {
        self.init(key: key.utf8)
    }

    /// The MAC of `data` under this key in one call (the incremental state is not touched).
    @inlinable
    public func authenticationCode(for data: some Sequence<UInt8>) -> MAC {
        var hash = innerStart
        hash.update(data: data)
        return Self.outer(outerStart, hash.finalize())
    }

    /// The MAC of the bytes in `bufferPointer` in one call.
    @inlinable
    public func authenticationCode(bufferPointer: UnsafeRawBufferPointer) -> MAC {
        var hash = innerStart
        hash.update(bufferPointer: bufferPointer)
        return Self.outer(outerStart, hash.finalize())
    }

    /// Whether `code` is the MAC of `data`, compared in constant time. A code of any other
    /// length — a truncated tag, say — never verifies. Allocates nothing for contiguous inputs.
    @inlinable
    public func isValidAuthenticationCode(_ code: some Sequence<UInt8>, for data: some Sequence<UInt8>) -> Bool {
        authenticationCode(for: data).isEqual(to: code)
    }

    /// Whether `code` is the MAC of the bytes in `bufferPointer`, compared in constant time.
    @inlinable
    public func isValidAuthenticationCode(_ code: UnsafeRawBufferPointer, bufferPointer: UnsafeRawBufferPointer) -> Bool {
        authenticationCode(bufferPointer: bufferPointer).withUnsafeBytes { ConstantTime.isEqual($0, code) }
    }

    /// Adds `data` to the incremental message.
    @inlinable
    public mutating func update(data: some Sequence<UInt8>) {
        inner.update(data: data)
    }

    /// Adds the bytes in `bufferPointer` to the incremental message.
    @inlinable
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bufferPointer)
    }

    /// The MAC of everything added through `update` so far.
    @inlinable
    public func finalize() -> MAC {
        Self.outer(outerStart, inner.finalize())
    }

    /// The MAC of `data` under `key`, for one-off use (prefer a keyed instance when a key is reused).
    @inlinable
    public static func authenticationCode(for data: some Sequence<UInt8>, key: some Sequence<UInt8>) -> MAC {
        HMAC(key: key).authenticationCode(for: data)
    }

    @inlinable
    static func outer(_ start: H, _ innerDigest: H.Digest) -> MAC {
        var hash = start
        innerDigest.withUnsafeBytes { hash.update(bufferPointer: $0) }
        return hash.finalize()
    }
}
