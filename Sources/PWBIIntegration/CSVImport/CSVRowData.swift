public import PWBICSV

/// A failed row's raw fields, kept so the merchant can see and fix the row — the reference's
/// `{row, error, data}` — bounded: at most ``Limits/maximumFields`` fields, each cut to
/// ``Limits/maximumFieldBytes`` UTF-8 bytes and all to ``Limits/maximumTotalBytes`` (cut on
/// character boundaries; bytes that are not UTF-8 become U+FFFD), with ``truncated`` set when anything was cut.
public struct CSVRowData: Sendable, Hashable {
    /// How much of a row is kept.
    public struct Limits: Sendable, Hashable {
        /// Fields kept, from the first.
        public var maximumFields: Int
        /// UTF-8 bytes kept of one field.
        public var maximumFieldBytes: Int
        /// UTF-8 bytes kept of the whole row.
        public var maximumTotalBytes: Int

        /// Limits; the defaults keep 32 fields of 256 bytes, 4 KiB in all.
        public init(maximumFields: Int = 32, maximumFieldBytes: Int = 256, maximumTotalBytes: Int = 4096) {
            self.maximumFields = max(0, maximumFields)
            self.maximumFieldBytes = max(0, maximumFieldBytes)
            self.maximumTotalBytes = max(0, maximumTotalBytes)
        }
    }

    /// The kept fields, in column order.
    public private(set) var fields: [String] = []
    /// Whether a field, or the number of fields, was cut.
    public private(set) var truncated = false

    /// The fields of the record `view` lends (read before the reader moves on).
    public init(_ view: CSVRecordView, limits: Limits = Limits()) {
        self.init(count: view.count, field: { view.unsafeBytes(at: $0) }, limits: limits)
    }

    /// The first `count` fields that `field` lends (as the importer's row mappers read them).
    init(count: Int, field: (Int) -> UnsafeRawBufferPointer?, limits: Limits = Limits()) {
        var budget = limits.maximumTotalBytes
        for index in 0..<count {
            guard append(field(index) ?? UnsafeRawBufferPointer(start: nil, count: 0), limits: limits, budget: &budget) else { break }
        }
    }

    /// `fields`, bounded.
    public init(fields: some Sequence<String>, limits: Limits = Limits()) {
        var budget = limits.maximumTotalBytes
        for field in fields {
            guard append(field.utf8, limits: limits, budget: &budget) else { break }
        }
    }

    /// Keeps `bytes` within the limits; false once no more fields are taken.
    private mutating func append(_ bytes: some Collection<UInt8>, limits: Limits, budget: inout Int) -> Bool {
        guard fields.count < limits.maximumFields else {
            truncated = true
            return false
        }
        let allowed = min(limits.maximumFieldBytes, budget)
        // One byte more than allowed tells whether the field is cut (a huge field is never copied whole).
        var head = Array(bytes.prefix(allowed < Int.max ? allowed + 1 : allowed))
        if head.count > allowed {
            truncated = true
            // Back off to the start of a UTF-8 sequence, so a character is never split.
            var end = allowed
            while end > 0, head[end] & 0xC0 == 0x80 { end -= 1 }
            head.removeSubrange(end...)
        }
        fields.append(String(decoding: head, as: UTF8.self))
        budget -= head.count
        return true
    }
}
