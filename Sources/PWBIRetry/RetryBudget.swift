import Synchronization

/// A token bucket that caps how much extra load retries may add to one downstream
/// (the AWS SDK "standard" retry quota; gRPC's retry throttling is the same idea).
///
/// Every retry withdraws ``retryCost`` tokens (``timeoutRetryCost`` after a timeout); a success
/// returns the cost of the retry that produced it, or ``successReward`` when it needed no retry.
/// When a withdrawal would take the bucket below ``reserve``, the retry is refused and the
/// executor stops with ``RetryStopReason/budgetExhausted``. Only retryable failures withdraw:
/// a 404 costs nothing. First attempts are never refused, so a budget sheds retries, not traffic.
///
/// Share one budget per downstream (see ``RetryBudgetRegistry``) between every policy that calls it.
public final class RetryBudget: Sendable {
    /// Tokens when full.
    public let capacity: Int
    /// Tokens one retry costs.
    public let retryCost: Int
    /// Tokens a retry after a timeout costs (timeouts are the most expensive failures to repeat).
    public let timeoutRetryCost: Int
    /// Tokens a success on its first attempt returns.
    public let successReward: Int
    /// Retries are refused when they would leave fewer tokens than this.
    public let reserve: Int

    private let tokens: Mutex<Int>

    /// A full bucket; the defaults are the AWS SDK's (500 tokens, 5 per retry, 10 per timeout
    /// retry, 1 back per first-attempt success). Throws ``RetryConfigurationError`` for a
    /// capacity below 1, negative costs or reward, or a reserve outside `0 ..< capacity`.
    public convenience init(
        capacity: Int = 500, retryCost: Int = 5, timeoutRetryCost: Int = 10, successReward: Int = 1, reserve: Int = 0
    ) throws {
        try Self.validate(
            capacity: capacity, retryCost: retryCost, timeoutRetryCost: timeoutRetryCost,
            successReward: successReward, reserve: reserve)
        self.init(
            unchecked: capacity, retryCost: retryCost, timeoutRetryCost: timeoutRetryCost,
            successReward: successReward, reserve: reserve)
    }

    init(unchecked capacity: Int, retryCost: Int, timeoutRetryCost: Int, successReward: Int, reserve: Int) {
        self.capacity = capacity
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
        self.successReward = successReward
        self.reserve = reserve
        self.tokens = Mutex(capacity)
    }

    static func validate(capacity: Int, retryCost: Int, timeoutRetryCost: Int, successReward: Int, reserve: Int) throws {
        try RetryConfigurationError.require(capacity >= 1, "capacity", "must be at least 1, got \(capacity)")
        try RetryConfigurationError.require(retryCost >= 0, "retryCost", "must not be negative, got \(retryCost)")
        try RetryConfigurationError.require(
            timeoutRetryCost >= 0, "timeoutRetryCost", "must not be negative, got \(timeoutRetryCost)")
        try RetryConfigurationError.require(successReward >= 0, "successReward", "must not be negative, got \(successReward)")
        try RetryConfigurationError.require(
            reserve >= 0 && reserve < capacity, "reserve", "must be in 0..<capacity, got \(reserve)")
    }

    /// Tokens in the bucket now.
    public var availableTokens: Int { tokens.withLock { $0 } }

    /// Withdraws the cost of one retry; returns the tokens taken, or nil (taking nothing) when
    /// the bucket is too low.
    public func acquireRetry(afterTimeout: Bool = false) -> Int? {
        let cost = afterTimeout ? timeoutRetryCost : retryCost
        return tokens.withLock { tokens in
            guard tokens - cost >= reserve else { return nil }
            tokens -= cost
            return cost
        }
    }

    /// Records a success: returns `retryCost` (what the successful retry withdrew) to the bucket,
    /// or ``successReward`` when the success needed no retry (`retryCost` nil). Never above capacity.
    public func recordSuccess(retryCost: Int? = nil) {
        let refund = retryCost ?? successReward
        tokens.withLock { $0 = min(capacity, $0 + refund) }
    }
}

/// One ``RetryBudget`` per downstream, created on first use from a template.
public final class RetryBudgetRegistry: Sendable {
    private let make: @Sendable () -> RetryBudget
    private let budgets = Mutex<[String: RetryBudget]>([:])

    /// A registry whose budgets have the given parameters (validated now, once).
    public init(
        capacity: Int = 500, retryCost: Int = 5, timeoutRetryCost: Int = 10, successReward: Int = 1, reserve: Int = 0
    ) throws {
        try RetryBudget.validate(
            capacity: capacity, retryCost: retryCost, timeoutRetryCost: timeoutRetryCost,
            successReward: successReward, reserve: reserve)
        make = {
            RetryBudget(
                unchecked: capacity, retryCost: retryCost, timeoutRetryCost: timeoutRetryCost,
                successReward: successReward, reserve: reserve)
        }
    }

    /// The budget for `downstream` (e.g. `"moka"` or a host name), created full on first use.
    public func budget(for downstream: String) -> RetryBudget {
        budgets.withLock { budgets in
            if let budget = budgets[downstream] { return budget }
            let budget = make()
            budgets[downstream] = budget
            return budget
        }
    }
}
