/// Something a mapper accepted but a person should know (the zone was assumed, totals do not add up).
public struct MappingWarning: Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code; an open set with constants.
    public struct Code: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        /// subtotal − discount + service charge + tax ≠ total.
        public static let totalsMismatch: Code = "totals_mismatch"
        /// The line totals do not add up to the subtotal.
        public static let lineTotalsMismatch: Code = "line_totals_mismatch"
        /// The payload's time had no zone and no zone was configured; a fallback was assumed.
        public static let zoneAssumed: Code = "zone_assumed"
        /// The payload carried no currency; the context's default was used.
        public static let currencyAssumed: Code = "currency_assumed"
        /// A payment method code or label the mapper did not recognise (mapped to `other`).
        public static let unknownPaymentMethod: Code = "unknown_payment_method"
        /// Payments do not cover the total.
        public static let underpaid: Code = "underpaid"
        /// An amount had finer digits than the currency's minor units.
        public static let subMinorUnitAmount: Code = "sub_minor_unit_amount"
    }

    /// A stable code (`zone_assumed`, `totals_mismatch`…).
    public var code: Code
    /// The field concerned, if one.
    public var path: FieldPath?
    /// A sentence for people.
    public var message: String

    /// A warning with its code, field path and message.
    public init(_ code: Code, path: FieldPath? = nil, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String {
        if let path { return "\(code) at \(path): \(message)" }
        return "\(code): \(message)"
    }
}
