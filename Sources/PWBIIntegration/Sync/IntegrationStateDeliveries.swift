#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension IntegrationStateStore {
    /// Records that the webhook receiver accepted a delivery for `integration` at `instant`:
    /// sets ``IntegrationState/lastDeliveryAt`` (creating the state if there is none), never
    /// moving it back, and leaves every other field as it was.
    ///
    /// The read and the write are separate calls: two deliveries recorded at once may both
    /// write, and the later instant may be overwritten by the earlier one for a moment — the next
    /// delivery corrects it. Stores that can should implement an atomic version.
    public func recordDelivery(for integration: IntegrationID, at instant: Date) async throws {
        var state = try await state(for: integration) ?? IntegrationState(id: integration)
        if let last = state.lastDeliveryAt, last >= instant { return }
        state.lastDeliveryAt = instant
        try await save(state)
    }
}
