import PWBIIntegration

/// Bounds each request of another transport: past `timeout` on `clock` the request is cancelled
/// and ``HTTPTransportError/timeout`` thrown — the export's own bound, whatever the shared client's.
struct TimeoutTransport<C: Clock>: HTTPTransport where C.Duration == Duration {
    let base: any HTTPTransport
    let timeout: Duration
    let clock: C

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        try await withThrowingTaskGroup(of: TransportResponse?.self) { group in
            group.addTask { try await base.send(request) }
            group.addTask {
                try await clock.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else { throw HTTPTransportError.timeout }
            return response
        }
    }
}
