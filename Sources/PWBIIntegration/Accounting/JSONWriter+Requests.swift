import PWBIMapping

extension JSONWriter {
    /// Writes an amount as a JSON number at exactly the currency's minor units (`50000` IDR,
    /// `0.01` SAR) — from its exact decimal text, never through `Double`.
    mutating func amount(_ value: Money, _ currency: Currency) {
        number((try? value.rounded(toScale: currency.minorUnits, .halfUp)) ?? value)
    }

    /// Writes `{"data": [...]}`, the envelope of Accurate's `bulk-save.do`.
    mutating func bulk<C: Collection>(_ records: C, _ write: (C.Element, inout JSONWriter) -> Void) {
        beginObject()
        key("data")
        beginArray()
        for record in records { write(record, &self) }
        endArray()
        endObject()
    }
}
