extension DeliveryUnit {
    /// What a client is told when its delivery was not confirmed stored (and what the audit record says).
    public static let unavailableMessage =
        "The delivery could not be confirmed stored (database unavailable, request deadline, or the claim was taken over); retry later"
}
