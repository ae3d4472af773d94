/// What happened to one outgoing webhook.
public struct WebhookDeliveryReport: Sendable, Hashable {
    /// One attempt: when it started (since the first attempt, on the sender's clock) and what came back.
    public struct Attempt: Sendable, Hashable {
        /// The attempt's number, from 1.
        public var number: Int
        /// When it started, counted from the first attempt on the sender's clock.
        public var startedAfter: Duration
        /// `200`, `503`, `timeout`, `connection_error`…
        public var outcome: String
    }

    /// How the delivery ended.
    public enum Outcome: Sendable, Hashable {
        /// A 2xx answer.
        case delivered(status: Int)
        /// Every attempt failed; the webhook is in the dead-letter queue under `deadLetterID`.
        case deadLettered(deadLetterID: String, reason: String)
        /// A replay failed again; its dead-letter entry records the new failure.
        case replayFailed(deadLetterID: String, reason: String)
        /// The webhook could not be signed (a bad secret for the scheme); nothing was sent.
        case notSigned(reason: String)
        /// Every attempt failed and the dead-letter queue refused the entry: the caller must keep it.
        case notStored(reason: String)
        /// The delivery was cancelled.
        case cancelled
    }

    /// The destination's name.
    public var destination: String
    /// The `X-Webhook-ID` sent with every attempt.
    public var webhookID: String
    /// How the delivery ended.
    public var outcome: Outcome
    /// Every attempt, in order.
    public var attempts: [Attempt]
    /// Time spent waiting between attempts.
    public var totalDelay: Duration

    /// Whether the receiver accepted it.
    public var isDelivered: Bool {
        if case .delivered = outcome { return true }
        return false
    }
}
