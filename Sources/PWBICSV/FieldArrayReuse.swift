/// What lets the reader refill the previous record's `[String]` in place instead of
/// destroying its elements one by one through the generic array machinery and appending
/// new ones: a uniqueness test on the array's storage, and overwriting a field that holds
/// a small ASCII string without releasing it (such a string owns no object).
///
/// Both rest on the standard library's layouts (on platforms without Objective-C bridging
/// an array is one reference to its storage; ``SmallASCIIString`` for the inline form), so
/// ``isAvailable()`` checks them at run time and the reader falls back to
/// `removeAll(keepingCapacity:)` and `append` when they do not hold.
enum FieldArrayReuse {
    /// Whether the layouts this type relies on hold here.
    static func isAvailable() -> Bool {
        #if canImport(ObjectiveC)
        return false
        #else
        guard MemoryLayout<[String]>.size == MemoryLayout<StorageReference>.size,
              MemoryLayout<[String]>.alignment == MemoryLayout<StorageReference>.alignment,
              SmallASCIIString.isAvailable()
        else { return false }
        var array: [String] = []
        array.reserveCapacity(2)
        array.append(String(repeating: "x", count: 40))
        guard isUniquelyReferenced(&array) else { return false }
        let copy = array
        let shared = isUniquelyReferenced(&array)
        withExtendedLifetime(copy) {}
        var empty: [String] = []
        guard !shared, !isUniquelyReferenced(&empty) else { return false }
        // The inline form is recognised, a heap string is not.
        var strings = ["Kopi", String(repeating: "y", count: 40), ""]
        return strings.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let start = buffer.baseAddress else { return false }
            return holdsNoObject(start) && !holdsNoObject(start + 1) && holdsNoObject(start + 2)
        }
        #endif
    }

    /// Whether `array`'s storage is referenced by `array` alone (no retain, no copy).
    /// Call only when ``isAvailable()`` said so.
    @inline(__always)
    static func isUniquelyReferenced(_ array: inout [String]) -> Bool {
        // Seen as a reference to a native class (the test reads only the object's reference
        // count); a concrete class rather than `AnyObject`, which an unoptimised build
        // copies into a temporary (so it would never look unique).
        withUnsafeMutablePointer(to: &array) { pointer in
            pointer.withMemoryRebound(to: StorageReference.self, capacity: 1) { isKnownUniquelyReferenced(&$0.pointee) }
        }
    }

    /// Stands for the array's storage object in ``isUniquelyReferenced(_:)``; never instantiated.
    private final class StorageReference {}

    /// Whether the string at `element` is in the inline ASCII form (the top nibble of its
    /// second word is 0xE: immortal, ASCII, small), which owns nothing to release.
    @inline(__always)
    static func holdsNoObject(_ element: UnsafeMutablePointer<String>) -> Bool {
        UnsafeRawPointer(element).load(fromByteOffset: 8, as: UInt64.self) &>> 60 == 0xE
    }

    /// Replaces the initialised string at `element` with `string`. Call only when
    /// ``isAvailable()`` said so.
    @inline(__always)
    static func replace(_ element: UnsafeMutablePointer<String>, with string: consuming String) {
        if holdsNoObject(element) {
            element.initialize(to: string)
        } else {
            element.pointee = string
        }
    }
}
