#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration
import ServiceLifecycle

/// What the outbound half's schedules and workers are built from: the settings, the stores, the HTTP
/// client, the kit's metrics, this process's lease owner id and a logger.
public struct OutboundContext: Sendable {
    /// The server's settings.
    public let configuration: ServerConfiguration
    /// The database's stores.
    public let storage: ServerStorage
    /// Sends the providers' requests (``AsyncHTTPClientTransport`` in the server).
    public let transport: any HTTPTransport
    /// The kit's counters, exported on `/metrics`.
    public let metrics: InMemoryIntegrationMetrics
    /// This process's lease owner id: the replica's name and a random part, so a restarted replica
    /// never mistakes its predecessor's lease for its own.
    public let owner: String
    /// Where the jobs log.
    public let logger: Logger
    /// The `Authorization` headers for an integration whose credentials are `oauth` (tokens from the
    /// connect flow, refreshed ahead of expiry); nil when the server has no OAuth provider configured.
    public var oauthAuthorizer: (@Sendable (IntegrationID) async throws -> [HTTPHeaderField])?
    /// Told when a sync or a delivery fails for good and when it heals; nil when nobody is to be told.
    public var failureNotifier: (any FailureNotifier)?

    /// A context.
    public init(
        configuration: ServerConfiguration, storage: ServerStorage, transport: any HTTPTransport,
        metrics: InMemoryIntegrationMetrics, owner: String, logger: Logger,
        oauthAuthorizer: (@Sendable (IntegrationID) async throws -> [HTTPHeaderField])? = nil,
        failureNotifier: (any FailureNotifier)? = nil
    ) {
        self.configuration = configuration
        self.storage = storage
        self.transport = transport
        self.metrics = metrics
        self.owner = owner
        self.logger = logger
        self.oauthAuthorizer = oauthAuthorizer
        self.failureNotifier = failureNotifier
    }
}

/// The outbound half's services, run by ``ServerService`` beside the listeners once the schema is
/// migrated; each ends at graceful shutdown.
public enum OutboundJobs {
    /// Every outbound service `context` configures (none when no integration is set up).
    public static func services(_ context: OutboundContext) -> [any Service] {
        // Each area (polling, token refresh, forwarding, export) adds its services from `context`.
        var services: [any Service] = [PollingService(context: context, settings: context.configuration.polling)]
        services += OAuthRefreshSchedule.services(context)
        services += ForwardingJobs.services(context)
        services.append(ExportService(context: context, clock: ContinuousClock()))
        return services
    }
}
