/// Comparisons whose running time does not depend on *where* two byte strings differ, for
/// MACs, tokens and hashed keys. Lengths are not secret: different lengths return false at once.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes, examining every byte.
    public static func isEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<lhs.count {
            difference |= lhs[index] ^ rhs[index]
        }
        return isZero(difference)
    }

    /// Whether two byte sequences are equal, examining every byte. Contiguous sequences
    /// (`[UInt8]`, `Data`, a `String`'s `.utf8`) are compared in place without allocating.
    @inlinable
    public static func isEqual(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
        let result = lhs.withContiguousStorageIfAvailable { left in
            rhs.withContiguousStorageIfAvailable { right in
                isEqual(UnsafeRawBufferPointer(left), UnsafeRawBufferPointer(right))
            }
        }
        if let result, let result { return result }
        let left = Array(lhs)
        let right = Array(rhs)
        return left.withUnsafeBytes { l in right.withUnsafeBytes { r in isEqual(l, r) } }
    }

    /// Whether the UTF-8 bytes of two strings are equal (for static callback tokens and the like).
    @inlinable
    public static func isEqual(utf8 lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        isEqual(lhs.utf8, rhs.utf8)
    }

    /// Turns the accumulated difference into a Bool without a data-dependent branch on its bits.
    @inline(never)
    static func isZero(_ difference: UInt8) -> Bool {
        // (difference - 1) has bit 8 set only when difference == 0.
        let widened = UInt32(difference)
        return ((widened &- 1) &>> 8) & 1 == 1
    }
}
