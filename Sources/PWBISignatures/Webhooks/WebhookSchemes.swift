/// The schemes by the names `pwbi` and configuration files use.
public enum WebhookSchemes {
    /// Every scheme name, in the order of the documentation.
    public static let names = [
        "hex-hmac-sha256", "github", "shopify", "standard-webhooks", "stripe", "xendit-token", "midtrans",
    ]

    /// The scheme called `name` with its defaults, timestamped ones reading `clock` and
    /// checking `tolerance`; nil for an unknown name.
    public static func named(
        _ name: String, tolerance: TimestampTolerance = .fiveMinutes, clock: WebhookClock = .system
    ) -> (any WebhookSignatureScheme)? {
        switch name {
        case "hex-hmac-sha256": HexHMACSHA256Scheme()
        case "github": GitHubScheme()
        case "shopify": ShopifyScheme()
        case "standard-webhooks": StandardWebhooksScheme(tolerance: tolerance, clock: clock)
        case "stripe": StripeScheme(tolerance: tolerance, clock: clock)
        case "xendit-token": XenditCallbackTokenScheme()
        case "midtrans": MidtransScheme()
        default: nil
        }
    }
}
