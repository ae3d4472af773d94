// Shared field readers of the per-system mappers: exact amounts from numbers or strings in the
// source's notation, identifiers, optional fields, zones and currencies with the system's defaults.

extension JSONValue {
    /// An amount: a JSON number (read as the number it is), or a string in the source's
    /// `notation` — by default ``DecimalNotation/plainWholeUnits``, the convention of the
    /// rupiah sources (Pawoon, Moka, Qasir, Olsera, Xendit, Midtrans): `"650000.00"` reads,
    /// `"137.500"` is ambiguous and rejected. A mapper whose source writes amounts otherwise
    /// declares its notation once and passes it (Karage: ``DecimalNotation/commaGrouping``).
    @inline(__always)
    func amount(_ notation: DecimalNotation = .plainWholeUnits) throws(MappingError) -> Money {
        try decimal(orStringIn: notation)
    }

    /// An amount if present and not `null`.
    @inline(__always)
    func optionalAmount(_ notation: DecimalNotation = .plainWholeUnits) throws(MappingError) -> Money? {
        guard let value = try ifPresent() else { return nil }
        return try value.decimal(orStringIn: notation)
    }

    /// A string if present and not `null`.
    @inline(__always)
    func optionalString() throws(MappingError) -> String? {
        guard let value = try ifPresent() else { return nil }
        return try value.string()
    }

    /// An identifier (string or integer) if present and not `null`; an empty string counts as absent.
    @inline(__always)
    func optionalIdentifier() throws(MappingError) -> String? {
        try ifPresent()?.nonEmptyIdentifier()
    }

    /// This present value as an identifier (string or integer); an empty string counts as absent.
    @inline(__always)
    func nonEmptyIdentifier() throws(MappingError) -> String? {
        let text = try identifier()
        if text.isEmpty { return nil }
        try checkIdentifier(text)
        return text
    }

    /// A required identifier (string or integer) that is not empty or blank.
    func requiredIdentifier() throws(MappingError) -> String {
        let text = try identifier()
        guard !isBlank(text) else {
            throw MappingError.invalid(path, expected: "a non-empty identifier", value: text)
        }
        try checkIdentifier(text)
        return text
    }

    /// An identifier is at most the document's ``JSONReaderOptions/maxIdentifierBytes`` UTF-8
    /// bytes (default 255) and holds no control character — C0 (NUL, line breaks, ESC), DEL, C1,
    /// the line and paragraph separators and the bidirectional controls (U+202A–U+202E,
    /// U+2066–U+2069) — because ids end up in keys, logs, terminals and spreadsheets.
    @inline(__always)
    func checkIdentifier(_ text: String) throws(MappingError) {
        let limit = document.options.maxIdentifierBytes
        // Scanned from the string's own UTF-8 storage (a native string always has it): walking
        // `String.UTF8View` byte by byte cost several times the scan itself.
        let scan = text.utf8.withContiguousStorageIfAvailable(Self.controlCharacter) ?? Self.controlCharacter(in: text.utf8)
        if let offset = scan.controlAt {
            throw MappingError(
                .invalidValue, path: path, expected: "an identifier without control characters",
                found: "a control character at byte \(offset)")
        }
        guard scan.count <= limit else {
            throw MappingError(
                .invalidValue, path: path, expected: "an identifier of at most \(limit) bytes", found: "\(scan.count) bytes")
        }
    }

    /// The UTF-8 length of `bytes` and the byte offset of its first control character, if any
    /// (see ``checkIdentifier(_:)``); the length counts up to that character's last byte.
    static func controlCharacter(in bytes: some Collection<UInt8>) -> (count: Int, controlAt: Int?) {
        var count = 0
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in bytes {
            count += 1
            let width: Int
            if byte < 0x20 || byte == 0x7F {
                width = 1
            } else if previous == 0xC2, byte >= 0x80, byte <= 0x9F {
                width = 2  // C1: U+0080…U+009F
            } else if beforePrevious == 0xE2,
                (previous == 0x80 && byte >= 0xA8 && byte <= 0xAE) || (previous == 0x81 && byte >= 0xA6 && byte <= 0xA9)
            {
                width = 3  // U+2028, U+2029, U+202A…U+202E, U+2066…U+2069
            } else {
                beforePrevious = previous
                previous = byte
                continue
            }
            return (count, count - width)
        }
        return (count, nil)
    }

    /// A required non-empty string.
    func requiredName() throws(MappingError) -> String {
        let text = try string()
        guard !isBlank(text) else {
            throw MappingError.invalid(path, expected: "a non-empty string", value: text)
        }
        return text
    }

    /// The elements of an optional array (empty when absent or `null`).
    func optionalArray() throws(MappingError) -> [JSONValue] {
        guard let value = try ifPresent() else { return [] }
        return Array(try value.array())
    }
}

/// What a mapper falls back to when neither the payload nor the context says.
struct SystemDefaults: Sendable {
    /// The zone the system's wall-clock times are documented in.
    let zoneIdentifier: String
    /// The fixed offset of that zone (used if the platform lacks the IANA database).
    let zoneOffsetSeconds: Int
    /// The system's currency.
    let currency: Currency
    /// The zone itself, resolved once.
    let zone: ZoneRule
    /// The `currency_assumed` warning's message, written once (not per transaction).
    let currencyAssumedMessage: String

    init(zoneIdentifier: String, zoneOffsetSeconds: Int, currency: Currency) {
        self.zoneIdentifier = zoneIdentifier
        self.zoneOffsetSeconds = zoneOffsetSeconds
        self.currency = currency
        self.currencyAssumedMessage = "no currency in the payload or the integration settings; \(currency.code) assumed"
        self.zone = ZoneRule(identifier: zoneIdentifier)
            ?? ZoneRule(fixedOffsetSeconds: zoneOffsetSeconds, identifier: zoneIdentifier)
    }

    static let indonesia = SystemDefaults(zoneIdentifier: "Asia/Jakarta", zoneOffsetSeconds: 25_200, currency: .IDR)
    static let saudi = SystemDefaults(zoneIdentifier: "Asia/Riyadh", zoneOffsetSeconds: 10_800, currency: .SAR)

    /// The context's zones, with this system's zone as the assumed fallback when nothing is configured.
    func zones(_ context: MappingContext) -> ZoneResolution {
        if context.zones.configured != nil { return context.zones }
        return ZoneResolution(configured: nil, assumed: zone)
    }

    /// The payload's currency (field `key`, if it has one), else the context's default, else this
    /// system's (with a `currency_assumed` warning).
    func currency(
        _ field: JSONValue?, context: MappingContext, warnings: inout [MappingWarning]
    ) throws(MappingError) -> Currency {
        if let field, let value = try field.ifPresent() {
            let code = try value.string()
            guard let currency = Currency(code: code) else {
                throw MappingError.invalid(value.path, expected: "an ISO 4217 currency code such as IDR or SAR", value: code)
            }
            return currency
        }
        if let currency = context.defaultCurrency { return currency }
        warnings.append(
            MappingWarning(
                .currencyAssumed, path: field?.path, message: currencyAssumedMessage))
        return currency
    }

    /// Parses a date-time field and records a `zone_assumed` warning if the zone was assumed.
    func timestamp(
        _ value: JSONValue, _ format: DateTimeFormat, context: MappingContext, warnings: inout [MappingWarning]
    ) throws(MappingError) -> ZonedTimestamp {
        let stamp = try value.dateTime(format, zones: zones(context))
        if case .assumed(let identifier) = stamp.zoneDecision {
            warnings.append(
                MappingWarning(
                    .zoneAssumed, path: value.path,
                    message: "the time has no zone and none is configured; \(identifier) assumed"))
        }
        return stamp
    }

    /// An optional date-time field.
    func optionalTimestamp(
        _ value: JSONValue, _ format: DateTimeFormat, context: MappingContext, warnings: inout [MappingWarning]
    ) throws(MappingError) -> ZonedTimestamp? {
        guard let present = try value.ifPresent() else { return nil }
        return try timestamp(present, format, context: context, warnings: &warnings)
    }
}

/// Runs exact arithmetic, turning an overflow into a mapping error at `path`.
@inline(__always)
func exact<T>(at path: @autoclosure () -> FieldPath, _ body: () throws(ExactDecimalError) -> T) throws(MappingError) -> T {
    do {
        return try body()
    } catch {
        throw MappingError(.invalidValue, path: path(), expected: "an amount within the exact range", found: error.description)
    }
}

extension Money {
    /// The magnitude, for refunds sent with negative amounts (the unified model keeps refund amounts positive).
    func refundMagnitude(at path: @autoclosure () -> FieldPath) throws(MappingError) -> Money {
        guard isNegative else { return self }
        return try exact(at: path()) { () throws(ExactDecimalError) in try self.negated() }
    }
}

/// Order-level amounts of a refund sent as negatives become positive (the kind carries the direction);
/// lines keep the source's signs (a returned line has a negative quantity).
struct OrderAmounts {
    var subtotal: Money?
    var discount: Money?
    var serviceCharge: Money?
    var tax: Money?
    var total: Money
    var paid: Money?
    var change: Money?

    mutating func makePositive(for kind: TransactionKind) throws(MappingError) {
        guard kind != .sale else { return }
        subtotal = try subtotal?.refundMagnitude(at: "subtotal")
        discount = try discount?.refundMagnitude(at: "discount")
        serviceCharge = try serviceCharge?.refundMagnitude(at: "service_charge")
        tax = try tax?.refundMagnitude(at: "tax")
        total = try total.refundMagnitude(at: "total")
        paid = try paid?.refundMagnitude(at: "paid")
        change = try change?.refundMagnitude(at: "change")
    }
}

extension Money {
    /// The same value written at the currency's scale when that loses nothing (`80.5` SAR →
    /// `80.50`, `1250000.00` IDR → `1250000`); unchanged otherwise.
    @inline(__always)
    func atScale(of currency: Currency) -> Money {
        if scale == currency.minorUnits { return self }
        return (try? rescaled(toScale: currency.minorUnits)) ?? self
    }
}

extension UnifiedTransaction {
    /// The transaction after ``finish(lineTotalsCoverSubtotal:)``, built in place of this one.
    @inline(__always)
    consuming func finished(lineTotalsCoverSubtotal: Bool = true) -> UnifiedTransaction {
        var transaction = self
        transaction.finish(lineTotalsCoverSubtotal: lineTotalsCoverSubtotal)
        return transaction
    }

    /// Writes order-level amounts and payments at the currency's scale where that is exact, adds a
    /// `line_totals_mismatch` warning when the lines' totals do not add up to the subtotal, and a
    /// `sub_minor_unit_amount` warning for each order-level amount or payment with finer digits
    /// than the currency (JPY `100.5`, IDR `125000.004`), which keeps its exact value.
    mutating func finish(lineTotalsCoverSubtotal: Bool = true) {
        subtotal = subtotal?.atScale(of: currency)
        discount = discount?.atScale(of: currency)
        serviceCharge = serviceCharge?.atScale(of: currency)
        tax = tax?.atScale(of: currency)
        total = total.atScale(of: currency)
        paid = paid?.atScale(of: currency)
        change = change?.atScale(of: currency)
        // Touched only when some amount changes scale: no copy-on-write of a shared payments array.
        if payments.contains(where: { $0.amount.scale != currency.minorUnits }) {
            for index in payments.indices {
                payments[index].amount = payments[index].amount.atScale(of: currency)
            }
        }
        if lineTotalsCoverSubtotal, let subtotal, !lineItems.isEmpty {
            var sum = Money.zero
            var complete = true
            for line in lineItems {
                guard let lineTotal = line.lineTotal, let next = try? sum.adding(lineTotal) else {
                    complete = false
                    break
                }
                sum = next
            }
            if complete, let magnitude = try? sum.magnitude(), magnitude != subtotal, sum != subtotal {
                warnings.append(
                    MappingWarning(
                        .lineTotalsMismatch, path: "line_items",
                        message: "the line totals add up to \(sum), the subtotal is \(subtotal)"))
            }
        }
        // Every order-level amount and payment, not only the total: each keeps its exact value.
        // (Paths are built only for a warning: this runs for every transaction.)
        warnIfFinerThanCurrency(subtotal, "subtotal")
        warnIfFinerThanCurrency(discount, "discount")
        warnIfFinerThanCurrency(serviceCharge, "service_charge")
        warnIfFinerThanCurrency(tax, "tax")
        warnIfFinerThanCurrency(total, "total")
        warnIfFinerThanCurrency(paid, "paid")
        warnIfFinerThanCurrency(change, "change")
        for index in payments.indices where !payments[index].amount.fits(currency) {
            warnIfFinerThanCurrency(
                payments[index].amount, "amount", in: FieldPath("payments").appending(index: index))
        }
    }

    /// A `sub_minor_unit_amount` warning at `parent.name` when `value` has finer digits than the currency.
    @inline(__always)
    mutating func warnIfFinerThanCurrency(_ value: Money?, _ name: String, in parent: FieldPath = .root) {
        guard let value, !value.fits(currency) else { return }
        warnings.append(
            MappingWarning(
                .subMinorUnitAmount, path: parent.appending(name),
                message: "\(value) has more fractional digits than \(currency.code) allows (\(currency.minorUnits))"))
    }
}

/// A payment whose method comes from a source label (`qris`, `debit`, `gopay`); an unknown label
/// becomes `.other` with an `unknown_payment_method` warning.
func labelledPayment(
    _ label: String, amount: Money, reference: String? = nil, path: FieldPath, warnings: inout [MappingWarning]
) -> Payment {
    let method = PaymentMethodLabels.method(for: label)
    if method == nil {
        warnings.append(
            MappingWarning(
                .unknownPaymentMethod, path: path,
                message: "payment method \(MappingError.quoted(label)) is not a known one; recorded as other"))
    }
    return Payment(method: method ?? .other, rawCode: label, amount: amount, reference: reference)
}

/// `text` without leading and trailing whitespace.
func trimmed<S: StringProtocol>(_ text: S) -> S.SubSequence {
    var start = text.startIndex
    var end = text.endIndex
    while start < end, text[start].isWhitespace { start = text.index(after: start) }
    while end > start, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
    return text[start..<end]
}

/// True when `text` is empty or only ASCII spaces, tabs and line breaks (a byte scan, no
/// grapheme breaking: this runs for every identifier and name of every payload).
@inline(__always)
func isBlank(_ text: String) -> Bool {
    for byte in text.utf8 where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
        return false
    }
    return true
}
