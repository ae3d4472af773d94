#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PWBIMapping
public import PWBIRetry
public import PWBISignatures

/// A ``FailureNotifier`` that posts every notice its limiter lets through to one URL as a signed
/// webhook — the kit's own scheme (`X-Webhook-Signature`, hex HMAC-SHA256 of the body) by
/// default — through ``WebhookSender``, so the reference's retries (1 s, 2 s, 4 s) and its
/// dead-letter queue apply. A host configures a URL and a secret:
///
/// ```swift
/// let notifier = WebhookFailureNotifier(
///     url: "https://merchant.example/pwbi/alerts", secret: SensitiveString("alert-signing-secret"),
///     transport: client, deadLetters: queue, clock: ContinuousClock())
/// ```
///
/// The body is ``body(of:)``: `{"event":"integration.failing",…,"message":…,"guide":{…}}`. The
/// sender's retries run in the caller's task (a notice is raised at most once per quiet period).
/// The notifier's own sender is built without a notifier, so a failing alert URL cannot loop.
public struct WebhookFailureNotifier<C: Clock>: FailureNotifier where C.Duration == Duration {
    /// Decides which failures become notices (an ``InMemoryFailureNotifier`` by default).
    public let limiter: any FailureNotifier
    /// Sends the notices.
    public let sender: WebhookSender<C>
    /// Where they go, and how they are signed.
    public let destination: WebhookDestination
    private let makeID: @Sendable () -> String

    /// A notifier posting to `destination` through `sender`, after `limiter`.
    public init(
        destination: WebhookDestination, sender: WebhookSender<C>, limiter: any FailureNotifier,
        makeID: @escaping @Sendable () -> String = { "ntf_" + ClaimToken.random().rawValue }
    ) {
        self.destination = destination
        self.sender = sender
        self.limiter = limiter
        self.makeID = makeID
    }

    /// A notifier posting to `url` signed with `scheme` (the kit's `hex-hmac-sha256` by default)
    /// under `secret`, rate-limited by an ``InMemoryFailureNotifier`` with `quietPeriod` on `clock`.
    public init(
        url: String, secret: SensitiveString, scheme: any WebhookSignatureScheme = HexHMACSHA256Scheme(),
        transport: any HTTPTransport, deadLetters: any DeadLetterQueue, clock: C,
        quietPeriod: Duration = .seconds(3600), policy: RetryPolicy = WebhookSender<C>.defaultPolicy,
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            destination: WebhookDestination(name: "failure-notifications", url: url, scheme: scheme, secret: secret),
            sender: WebhookSender(transport: transport, deadLetters: deadLetters, clock: clock, policy: policy, wallClock: wallClock),
            limiter: InMemoryFailureNotifier(quietPeriod: quietPeriod, clock: clock))
    }

    @discardableResult
    public func failed(_ failure: IntegrationFailure) async -> FailureNotification? {
        guard let notice = await limiter.failed(failure) else { return nil }
        await send(notice)
        return notice
    }

    @discardableResult
    public func succeeded(_ integration: IntegrationID, at time: Date) async -> [FailureNotification] {
        let notices = await limiter.succeeded(integration, at: time)
        for notice in notices { await send(notice) }
        return notices
    }

    private func send(_ notice: FailureNotification) async {
        _ = await sender.deliver(OutgoingWebhook(id: makeID(), body: Self.body(of: notice), tenant: notice.integration.tenant), to: destination)
    }

    /// The webhook body of `notice`: `event` (`integration.failing` / `integration.recovered`),
    /// `tenant`, `source_system`, `account`, `kind`, `failures`, `detail`, `message`, `at` (ISO 8601,
    /// UTC) and `guide` (`code`, `symptom`, `cause`, `solution`, `steps` or null).
    public static func body(of notice: FailureNotification) -> [UInt8] {
        var writer = JSONWriter()
        func field(_ name: String, _ value: String?) {
            writer.key(name)
            if let value { writer.string(value) } else { writer.null() }
        }
        writer.beginObject()
        field("event", "integration." + notice.event.rawValue)
        field("tenant", notice.integration.tenant)
        field("source_system", notice.integration.sourceSystem)
        field("account", notice.integration.account)
        field("kind", notice.kind.rawValue)
        writer.key("failures")
        writer.number(notice.failures)
        field("detail", notice.detail)
        field("message", notice.message)
        field("at", SourceSupport.iso8601(notice.at, roundingUp: false))
        writer.key("guide")
        writer.beginObject()
        field("code", notice.guide.code)
        field("symptom", notice.guide.symptom)
        field("cause", notice.guide.cause)
        field("solution", notice.guide.solution)
        field("steps", notice.guide.steps)
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
