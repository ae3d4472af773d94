extension JournalEntry {
    /// The entry as JSON, amounts as exact decimal strings (like the unified JSON):
    ///
    /// ```json
    /// {"reference":"karage-JKT-01-1001","date":"2025-12-27","currency":"IDR","outlet":"JKT-01",
    ///  "memo":"Sale karage 1001 at JKT-01","total":"113500",
    ///  "lines":[{"account":"1101","side":"debit","amount":"50000","role":"payment","memo":"Payment cash"}, …],
    ///  "sources":[{"source_system":"karage","external_id":"1001","outlet":"JKT-01"}]}
    /// ```
    public func json(pretty: Bool = false) -> String {
        var w = JSONWriter(pretty: pretty)
        write(into: &w)
        return w.text
    }

    /// Writes the entry as one JSON object.
    public func write(into w: inout JSONWriter) {
        w.beginObject()
        w.member("reference", reference)
        w.member("date", date.iso8601)
        w.member("currency", currency.code)
        w.member("outlet", outlet)
        w.member("memo", memo)
        w.member("total", total.rescaledForDisplay(currency))
        w.key("lines")
        w.beginArray()
        for line in lines {
            w.beginObject()
            w.member("account", line.account.identifier)
            w.member("side", line.side.rawValue)
            w.member("amount", line.amount.rescaledForDisplay(currency))
            w.member("role", line.role.rawValue)
            w.member("memo", line.memo)
            w.endObject()
        }
        w.endArray()
        w.key("sources")
        w.beginArray()
        for source in sources {
            w.beginObject()
            w.member("source_system", source.sourceSystem)
            w.member("external_id", source.externalID)
            w.member("outlet", source.outlet)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

extension ExactDecimal {
    /// The value at exactly the currency's minor units when that loses nothing (`10.5` SAR → `10.50`).
    func rescaledForDisplay(_ currency: Currency) -> ExactDecimal {
        (try? rescaled(toScale: currency.minorUnits)) ?? self
    }
}
