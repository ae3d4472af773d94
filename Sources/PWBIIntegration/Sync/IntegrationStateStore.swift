/// Where the host keeps each integration's ``IntegrationState``.
///
/// The synchroniser is the only writer of an integration's state while it runs it; the host's
/// UI reads it. Check an implementation with ``IntegrationStateStoreContract/check(_:)``.
public protocol IntegrationStateStore: Sendable {
    /// The state of `integration`, or nil when it was never saved.
    func state(for integration: IntegrationID) async throws -> IntegrationState?
    /// Stores `state`, replacing any earlier state of the same ``IntegrationState/id``.
    func save(_ state: IntegrationState) async throws
    /// Every saved state, of one tenant when `tenant` is given, sorted by id.
    func states(tenant: String?) async throws -> [IntegrationState]
    /// Forgets the state of `integration`.
    func removeState(for integration: IntegrationID) async throws
}

/// An ``IntegrationStateStore`` in memory, for tests and single-process hosts.
public actor InMemoryIntegrationStateStore: IntegrationStateStore {
    private var states: [IntegrationID: IntegrationState] = [:]

    /// An empty store.
    public init() {}

    public func state(for integration: IntegrationID) -> IntegrationState? {
        states[integration]
    }

    public func save(_ state: IntegrationState) {
        states[state.id] = state
    }

    public func states(tenant: String?) -> [IntegrationState] {
        states.values.filter { tenant == nil || $0.id.tenant == tenant }.sorted { $0.id < $1.id }
    }

    public func removeState(for integration: IntegrationID) {
        states[integration] = nil
    }
}
