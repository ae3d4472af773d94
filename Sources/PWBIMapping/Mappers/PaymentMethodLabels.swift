/// The payment-method words Indonesian and Saudi sources use (`tunai`, `debit`, `qris`, `gopay`,
/// `BANK_TRANSFER`, `Mada`, `Tabby`…) and the ``PaymentMethod`` each means.
///
/// Matching ignores case and treats spaces and `-` as `_`. A word not in the table is not
/// guessed: ``method(for:)`` returns nil and the mapper records `.other` with a warning.
public enum PaymentMethodLabels {
    /// The normalised method for a source's label, or nil if the label is not known.
    public static func method(for label: String) -> PaymentMethod? {
        if let key = asciiKey(label) { return table[key] }
        var key = ""
        key.reserveCapacity(label.utf8.count)
        for scalar in label.unicodeScalars {
            switch scalar {
            case " ", "-", ".": key.append("_")
            default: key.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return table[key]
    }

    /// The table key of an ASCII label, byte by byte (for ASCII, the Unicode lowercase mapping is
    /// `A`–`Z` → `a`–`z`); nil when the label is not ASCII. Labels are short words: this avoids a
    /// Unicode property lookup and a `String` per scalar.
    @inline(__always)
    static func asciiKey(_ label: String) -> String? {
        let utf8 = label.utf8
        guard utf8.count <= 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, utf8.count)) { buffer -> String? in
            var count = 0
            for byte in utf8 {
                guard byte < 0x80 else { return nil }
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."): buffer[count] = UInt8(ascii: "_")
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): buffer[count] = byte + 0x20
                default: buffer[count] = byte
                }
                count += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    static let table: [String: PaymentMethod] = {
        var table: [String: PaymentMethod] = [:]
        func add(_ method: PaymentMethod, _ words: [String]) {
            for word in words { table[word] = method }
        }
        add(.cash, ["cash", "tunai", "uang_tunai", "kas"])
        add(.card, [
            "card", "debit", "debit_card", "credit_card", "kartu", "kartu_debit", "kartu_kredit", "edc", "visa",
            "mastercard", "master_card", "jcb", "amex", "mada", "mada_debit", "gpn", "bca_card", "cc",
        ])
        add(.credit, ["credit", "store_credit", "on_account", "account", "piutang", "customer_account", "kasbon"])
        add(.bankTransfer, ["bank_transfer", "transfer", "bank", "transfer_bank", "wire", "sarie", "sarie_transfer"])
        add(.virtualAccount, ["virtual_account", "va", "echannel", "permata", "bca_va", "bni_va", "bri_va", "mandiri_bill"])
        add(.qr, ["qris", "qr", "qr_code", "other_qris", "qris_dynamic", "qris_static"])
        add(.eWallet, [
            "ewallet", "e_wallet", "gopay", "ovo", "dana", "shopeepay", "shopee_pay", "linkaja", "link_aja", "sakuku",
            "jeniuspay", "astrapay", "stcpay", "stc_pay", "urpay", "apple_pay", "applepay", "google_pay",
        ])
        add(.buyNowPayLater, [
            "tabby", "tamara", "kredivo", "akulaku", "atome", "indodana", "paylater", "pay_later", "bnpl",
            "buy_now_pay_later", "spaylater", "gopaylater",
        ])
        add(.retailOutlet, ["retail_outlet", "cstore", "indomaret", "alfamart", "alfamidi"])
        add(.directDebit, [
            "direct_debit", "bca_klikpay", "bca_klikbca", "bri_epay", "cimb_clicks", "danamon_online", "uob_ezpay",
            "mandiri_clickpay",
        ])
        add(.voucher, ["voucher", "gift_card", "giftcard", "coupon", "kupon"])
        return table
    }()
}
