/// A small, fast, deterministic random-number generator (SplitMix64).
///
/// The same seed always yields the same sequence, on every platform and in every version
/// of this module, so jittered schedules can be reproduced exactly (`pwbi backoff --seed 42`).
/// Not for cryptography.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Where a retry policy draws its jitter from.
///
/// `.system` (the default) gives every execution independent jitter, which is what spreads
/// a crowd of clients apart. `.seeded` makes every execution draw the same sequence, which
/// is what tests and reproductions want.
public enum RandomSource: Sendable, Hashable {
    /// The system's random-number generator.
    case system
    /// A ``SeededRandomNumberGenerator`` started from this seed for each execution.
    case seeded(UInt64)

    /// A fresh generator for one execution.
    public func makeGenerator() -> RandomSourceGenerator {
        switch self {
        case .system: RandomSourceGenerator(seeded: nil)
        case .seeded(let seed): RandomSourceGenerator(seeded: SeededRandomNumberGenerator(seed: seed))
        }
    }
}

/// The generator a ``RandomSource`` makes: seeded or the system's.
public struct RandomSourceGenerator: RandomNumberGenerator, Sendable {
    private var seeded: SeededRandomNumberGenerator?

    init(seeded: SeededRandomNumberGenerator?) {
        self.seeded = seeded
    }

    public mutating func next() -> UInt64 {
        if var generator = seeded {
            let value = generator.next()
            seeded = generator
            return value
        }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}
