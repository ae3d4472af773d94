/// One behaviour a store implementation got wrong, found by a contract checker
/// (``IdempotencyStoreContract``, ``DeadLetterQueueContract``, ``WebhookLogContract``, …).
///
/// A host runs the checker against its own implementation (PostgreSQL, Redis, …) from its
/// own test suite and asserts that the returned list is empty.
public struct ContractViolation: Sendable, Hashable, CustomStringConvertible {
    /// The protocol whose contract was broken, e.g. `IdempotencyStore`.
    public let contract: String
    /// The name of the check that failed, e.g. `concurrent claims acquire once`.
    public let check: String
    /// What was expected and what happened instead.
    public let detail: String

    /// A violation of `check` of `contract`.
    public init(contract: String, check: String, detail: String) {
        self.contract = contract
        self.check = check
        self.detail = detail
    }

    public var description: String { "\(contract) — \(check): \(detail)" }
}

/// Collects violations while a checker runs; each check either passes or adds one entry.
struct ContractReport: Sendable {
    let contract: String
    private(set) var violations: [ContractViolation] = []

    init(_ contract: String) { self.contract = contract }

    /// Runs one named check; a thrown error is itself a violation (a conforming store
    /// does not fail on the checker's ordinary calls).
    mutating func run(_ check: String, _ body: () async throws -> String?) async {
        do {
            if let problem = try await body() {
                violations.append(ContractViolation(contract: contract, check: check, detail: problem))
            }
        } catch {
            violations.append(ContractViolation(contract: contract, check: check, detail: "threw \(error)"))
        }
    }
}
