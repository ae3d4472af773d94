/// Where the fields of the record a reader lends out are: its region of input bytes, its scratch
/// buffer (fields rewritten for doubled quotes or transcoding) and the slots saying which range
/// of which buffer each field is. The only place ``CSVRecordView`` keeps pointers.
///
/// Safety: built by the reader for the record it is about to lend to a closure. None of the
/// three buffers moves or is freed while that closure runs (the reader is borrowed for the
/// whole call), and a view is not `Sendable` and never returned by the reader. `slots` holds
/// `count` initialised slots, each a range inside its buffer; ``bytes(at:)`` reads only those,
/// for an index the caller has checked against ``count``.
package struct LentRecordFields {
    let base: UnsafePointer<UInt8>
    let scratch: UnsafeRawPointer
    let slots: UnsafePointer<FieldSlot>
    /// The number of fields.
    package let count: Int

    init(base: UnsafePointer<UInt8>, scratch: UnsafeRawPointer, slots: UnsafePointer<FieldSlot>, count: Int) {
        self.base = base
        self.scratch = scratch
        self.slots = slots
        self.count = count
    }

    /// The bytes of field `index`, which must be below ``count`` (not checked here).
    @inline(__always)
    package func bytes(at index: Int) -> UnsafeRawBufferPointer {
        let slot = slots[index]
        if slot.inScratch {
            return UnsafeRawBufferPointer(start: scratch + slot.start, count: slot.count)
        }
        return UnsafeRawBufferPointer(start: base + slot.start, count: slot.count)
    }
}
