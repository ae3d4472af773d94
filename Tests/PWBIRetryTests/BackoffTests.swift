import Testing

@testable import PWBIRetry

@Suite("Backoff strategies and jitter")
struct BackoffTests {
    struct TenacityVector: Decodable, Sendable {
        let initialSeconds: Double
        let multiplier: Double
        let minimumSeconds: Double
        let maximumSeconds: Double
        let delaysNanoseconds: [Int64]
    }

    static let tenacityVectors: [TenacityVector] = (try? fixture("tenacity-exponential", as: [TenacityVector].self)) ?? []

    @Test("exponential matches tenacity's wait_exponential", arguments: tenacityVectors)
    func exponentialMatchesTenacity(_ vector: TenacityVector) throws {
        let backoff = try Backoff.exponential(
            initial: .seconds(vector.initialSeconds), multiplier: vector.multiplier,
            minimum: .seconds(vector.minimumSeconds), maximum: .seconds(vector.maximumSeconds))
        let delays = (1...vector.delaysNanoseconds.count).map { backoff.nominalDelay(forRetry: $0).nanosecondsValue }
        #expect(delays == vector.delaysNanoseconds)
    }

    @Test func vectorsLoaded() {
        #expect(Self.tenacityVectors.count == 5)
    }

    @Test func constantSequence() throws {
        var generator = SeededRandomNumberGenerator(seed: 1)
        let backoff = try Backoff.constant(.milliseconds(250))
        #expect(backoff.schedule(retries: 4, using: &generator) == Array(repeating: .milliseconds(250), count: 4))
    }

    @Test func linearSequenceWithCap() throws {
        var generator = SeededRandomNumberGenerator(seed: 1)
        let backoff = try Backoff.linear(initial: .seconds(1), increment: .milliseconds(500), maximum: .seconds(2))
        #expect(backoff.schedule(retries: 5, using: &generator)
            == [.seconds(1), .milliseconds(1500), .seconds(2), .seconds(2), .seconds(2)])
    }

    @Test func exponentialDoublingExact() throws {
        var generator = SeededRandomNumberGenerator(seed: 1)
        let backoff = try Backoff.exponential(initial: .milliseconds(100), maximum: .seconds(1))
        #expect(backoff.schedule(retries: 6, using: &generator)
            == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
    }

    @Test func customStrategyIsClampedAndNegativeIsZero() throws {
        let backoff = try Backoff.custom(maximum: .seconds(5)) { retry in retry == 1 ? .seconds(-3) : .seconds(retry * 2) }
        #expect((1...4).map(backoff.nominalDelay(forRetry:)) == [.zero, .seconds(4), .seconds(5), .seconds(5)])
    }

    @Test func hugeRetryNumbersSaturateInsteadOfTrapping() throws {
        let capped = try Backoff.exponential(initial: .seconds(1), maximum: .seconds(30))
        #expect(capped.nominalDelay(forRetry: 10_000) == .seconds(30))
        let uncapped = try Backoff.exponential(initial: .seconds(1), multiplier: 3)
        #expect(uncapped.nominalDelay(forRetry: 10_000) == .nanoseconds(Int64.max))
        let doubling = try Backoff.exponential(initial: .seconds(1))
        #expect(doubling.nominalDelay(forRetry: 200) == .nanoseconds(Int64.max))
        let linear = try Backoff.linear(initial: .seconds(1), increment: .seconds(1_000_000_000))
        #expect(linear.nominalDelay(forRetry: Int.max) == .nanoseconds(Int64.max))
    }

    @Test func minimumRaisesSmallDelays() throws {
        let backoff = try Backoff.exponential(initial: .milliseconds(10), minimum: .milliseconds(50), maximum: .seconds(1))
        #expect((1...4).map(backoff.nominalDelay(forRetry:))
            == [.milliseconds(50), .milliseconds(50), .milliseconds(50), .milliseconds(80)])
    }

    // MARK: Jitter

    static let samples = 20_000

    @Test func fullJitterStaysInRangeAndAveragesHalf() throws {
        let backoff = try Backoff.exponential(initial: .seconds(1), maximum: .seconds(8), jitter: .full)
        var generator = SeededRandomNumberGenerator(seed: 42)
        for retry in [1, 3, 6] {
            let cap = backoff.nominalDelay(forRetry: retry)
            var sum = 0.0
            for _ in 0..<Self.samples {
                let delay = backoff.delay(forRetry: retry, using: &generator)
                #expect(delay >= .zero && delay <= cap)
                sum += Double(delay.nanosecondsValue)
            }
            let mean = sum / Double(Self.samples)
            let expected = Double(cap.nanosecondsValue) / 2
            #expect(abs(mean - expected) < expected * 0.02, "mean \(mean) vs \(expected) for retry \(retry)")
        }
    }

    @Test func equalJitterStaysInUpperHalf() throws {
        let backoff = try Backoff.exponential(initial: .seconds(2), maximum: .seconds(10), jitter: .equal)
        var generator = SeededRandomNumberGenerator(seed: 9)
        let nominal = backoff.nominalDelay(forRetry: 2)  // 4 s
        var sum = 0.0
        for _ in 0..<Self.samples {
            let delay = backoff.delay(forRetry: 2, using: &generator)
            #expect(delay >= nominal / 2 && delay <= nominal)
            sum += Double(delay.nanosecondsValue)
        }
        let mean = sum / Double(Self.samples)
        #expect(abs(mean - 3e9) < 3e9 * 0.02)
    }

    @Test func decorrelatedJitterFollowsAWSBounds() throws {
        let backoff = try Backoff.exponential(initial: .milliseconds(100), maximum: .seconds(5), jitter: .decorrelated)
        var generator = SeededRandomNumberGenerator(seed: 3)
        for _ in 0..<500 {
            var previous: Duration?
            for retry in 1...12 {
                let delay = backoff.delay(forRetry: retry, previous: previous, using: &generator)
                let upper = min(.seconds(5), max(.milliseconds(100), (previous ?? .milliseconds(100)) * 3))
                #expect(delay >= .milliseconds(100) && delay <= upper)
                previous = delay
            }
        }
    }

    @Test func seededSchedulesAreReproducible() throws {
        let backoff = try Backoff.exponential(initial: .seconds(1), maximum: .seconds(10), jitter: .full)
        var first = SeededRandomNumberGenerator(seed: 42)
        var second = SeededRandomNumberGenerator(seed: 42)
        var other = SeededRandomNumberGenerator(seed: 43)
        let a = backoff.schedule(retries: 8, using: &first)
        #expect(a == backoff.schedule(retries: 8, using: &second))
        #expect(a != backoff.schedule(retries: 8, using: &other))
    }

    @Test func noJitterIgnoresTheGenerator() throws {
        let backoff = try Backoff.exponential(initial: .seconds(1), maximum: .seconds(10))
        var generator = SeededRandomNumberGenerator(seed: 5)
        let before = generator
        _ = backoff.schedule(retries: 5, using: &generator)
        #expect(generator == before)
    }

    // MARK: Validation

    static let badConfigurations: [(String, @Sendable () throws -> Void)] = [
        ("delay", { _ = try Backoff.constant(.seconds(-1)) }),
        ("increment", { _ = try Backoff.linear(initial: .zero, increment: .milliseconds(-1)) }),
        ("initial", { _ = try Backoff.exponential(initial: .seconds(-1)) }),
        ("multiplier", { _ = try Backoff.exponential(initial: .seconds(1), multiplier: 0.5) }),
        ("multiplier", { _ = try Backoff.exponential(initial: .seconds(1), multiplier: .nan) }),
        ("minimum", { _ = try Backoff.exponential(initial: .seconds(1), minimum: .seconds(11), maximum: .seconds(10)) }),
        ("maximum", { _ = try Backoff.exponential(initial: .seconds(1), maximum: .seconds(-10)) }),
        ("maximum", { _ = try Backoff.exponential(initial: .seconds(1), jitter: .decorrelated) }),
    ]

    @Test("bad configurations are rejected at construction", arguments: badConfigurations)
    func rejectsBadConfiguration(_ parameter: String, _ build: @Sendable () throws -> Void) {
        #expect {
            try build()
        } throws: { error in
            (error as? RetryConfigurationError)?.parameter == parameter
        }
    }
}

@Suite("SeededRandomNumberGenerator")
struct SeededRandomNumberGeneratorTests {
    struct Vector: Decodable, Sendable {
        let seed: String
        let outputs: [String]
    }

    static let vectors: [Vector] = (try? fixture("splitmix64", as: [Vector].self)) ?? []

    @Test("matches SplitMix64 reference outputs", arguments: vectors)
    func matchesReference(_ vector: Vector) throws {
        var generator = SeededRandomNumberGenerator(seed: try #require(UInt64(vector.seed)))
        #expect((0..<vector.outputs.count).map { _ in String(generator.next()) } == vector.outputs)
    }

    @Test func vectorsLoaded() {
        #expect(Self.vectors.count == 5)
    }

    @Test func randomSourceSeededRepeatsPerExecution() {
        var first = RandomSource.seeded(42).makeGenerator()
        var second = RandomSource.seeded(42).makeGenerator()
        #expect(first.next() == second.next())
    }
}

@Suite("Seeded jitter vectors (independent Python model)")
struct JitterVectorTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let jitter: String
        let initialNanoseconds: Int64
        let multiplier: Int
        let minimumNanoseconds: Int64
        let maximumNanoseconds: Int64
        let seed: UInt64
        let delaysNanoseconds: [Int64]
        var testDescription: String { "\(jitter) seed \(seed) initial \(initialNanoseconds) ns ×\(multiplier)" }
    }

    static let vectors: [Vector] = (try? fixture("jitter-vectors", as: [Vector].self)) ?? []

    @Test func vectorsLoaded() {
        #expect(Self.vectors.count == 16)
    }

    @Test("seeded schedules match Resources/jitter_vectors.py", arguments: vectors)
    func matchesModel(_ vector: Vector) throws {
        let backoff = try Backoff.exponential(
            initial: .nanoseconds(vector.initialNanoseconds), multiplier: Double(vector.multiplier),
            minimum: .nanoseconds(vector.minimumNanoseconds), maximum: .nanoseconds(vector.maximumNanoseconds),
            jitter: try #require(Jitter(rawValue: vector.jitter)))
        var generator = SeededRandomNumberGenerator(seed: vector.seed)
        let delays = backoff.schedule(retries: vector.delaysNanoseconds.count, using: &generator)
        #expect(delays.map(\.nanosecondsValue) == vector.delaysNanoseconds)
    }
}
