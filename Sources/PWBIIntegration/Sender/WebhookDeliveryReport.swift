/// What happened to one outgoing webhook.
public struct WebhookDeliveryReport: Sendable, Hashable {
    /// One attempt: when it started (since the first attempt, on the sender's clock) and what came back.
    public struct Attempt: Sendable, Hashable {
        public var number: Int
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

    public var destination: String
    public var webhookID: String
    public var outcome: Outcome
    public var attempts: [Attempt]
    /// Time spent waiting between attempts.
    public var totalDelay: Duration

    /// Whether the receiver accepted it.
    public var isDelivered: Bool {
        if case .delivered = outcome { return true }
        return false
    }
}
