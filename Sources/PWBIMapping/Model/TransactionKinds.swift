/// What a transaction is.
public enum TransactionKind: String, Sendable, Hashable, CaseIterable {
    /// Goods or services sold.
    case sale
    /// Money returned for an earlier sale (amounts are positive; the kind carries the direction).
    case refund
    /// A sale cancelled before settlement.
    case void
}

/// Where a transaction stands.
public enum TransactionStatus: String, Sendable, Hashable, CaseIterable {
    /// Opened or awaiting payment.
    case pending
    /// Paid and closed.
    case completed
    /// Cancelled.
    case voided
    /// Fully refunded afterwards.
    case refunded
    /// Partly refunded afterwards.
    case partiallyRefunded = "partially_refunded"
}

/// How a payment was made. The source's own code and label are kept beside it in ``Payment``.
public enum PaymentMethod: String, Sendable, Hashable, CaseIterable {
    /// Cash.
    case cash
    /// Debit or credit card (EDC, online card).
    case card
    /// On account / store credit (Karage `3 Credit`).
    case credit
    /// A bank transfer.
    case bankTransfer = "bank_transfer"
    /// Bank virtual account (Indonesian VA: BCA, BNI, Mandiri…).
    case virtualAccount = "virtual_account"
    /// QRIS and other QR payments.
    case qr
    /// E-wallets: GoPay, OVO, DANA, ShopeePay, LinkAja, STC Pay.
    case eWallet = "e_wallet"
    /// Buy now, pay later: Tabby, Tamara, Kredivo, Akulaku.
    case buyNowPayLater = "buy_now_pay_later"
    /// Convenience-store counters (Indomaret, Alfamart).
    case retailOutlet = "retail_outlet"
    /// A direct debit.
    case directDebit = "direct_debit"
    /// A voucher or gift card.
    case voucher
    /// Known to the source but not one of the above; see the payment's raw code and label.
    case other
}
