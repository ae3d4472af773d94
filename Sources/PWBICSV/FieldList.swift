/// One field of the current record: a range of the input region, or of the scratch
/// buffer when the field had to be rewritten (doubled quotes, lenient recovery, transcoding).
struct FieldSlot {
    var start: Int
    var count: Int
    var inScratch: Bool
}

/// The slots of the current record's fields, in a buffer that grows (and is never shrunk)
/// as records with more fields come up.
///
/// Safety: `slots[0..<count]` are initialised and `count <= capacity` (``append(_:)`` grows
/// first); the buffer is freed once, by the engine that owns the list.
struct FieldList {
    private(set) var slots: UnsafeMutablePointer<FieldSlot>
    private var capacity: Int
    /// Fields in the current record.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        slots = .allocate(capacity: self.capacity)
    }

    /// Frees the buffer (called once, by the owner).
    func deallocate() { slots.deallocate() }

    @inline(__always)
    mutating func append(_ slot: FieldSlot) {
        if count == capacity { grow() }
        (slots + count).initialize(to: slot)
        count &+= 1
    }

    @inline(never)
    private mutating func grow() {
        let larger = UnsafeMutablePointer<FieldSlot>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: slots, count: count)
        slots.deallocate()
        slots = larger
        capacity *= 2
    }
}
