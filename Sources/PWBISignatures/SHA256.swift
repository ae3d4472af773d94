/// SHA-256 (FIPS 180-4), written here: incremental, no allocation, the rounds over eight local
/// words so the compiler keeps the whole state in registers, the message schedule in SIMD registers.
///
/// ```swift
/// let digest = SHA256.hash(data: Array("abc".utf8))
/// print(digest)   // ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
/// ```
public struct SHA256: HashFunction {
    public typealias Digest = SHA256Digest

    /// 64 bytes.
    public static var blockByteCount: Int { 64 }

    private var state: State
    /// Bytes waiting for a full block; only the first `pending` are meaningful.
    private var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private var pending: Int
    private var length: UInt64

    public init() {
        state = State(
            a: 0x6a09e667, b: 0xbb67ae85, c: 0x3c6ef372, d: 0xa54ff53a,
            e: 0x510e527f, f: 0x9b05688c, g: 0x1f83d9ab, h: 0x5be0cd19
        )
        buffer = (0, 0, 0, 0, 0, 0, 0, 0)
        pending = 0
        length = 0
    }

    public mutating func update(bufferPointer input: UnsafeRawBufferPointer) {
        guard var source = input.baseAddress, !input.isEmpty else { return }
        var remaining = input.count
        length &+= UInt64(truncatingIfNeeded: remaining)
        if pending > 0 {
            let take = min(64 - pending, remaining)
            let filled = pending
            withUnsafeMutableBytes(of: &buffer) { block in
                (block.baseAddress! + filled).copyMemory(from: source, byteCount: take)
            }
            pending += take
            source += take
            remaining -= take
            guard pending == 64 else { return }
            withUnsafeBytes(of: buffer) { Self.compress(&state, $0.baseAddress!, blocks: 1) }
            pending = 0
        }
        let blocks = remaining / 64
        if blocks > 0 {
            Self.compress(&state, source, blocks: blocks)
            source += blocks * 64
            remaining -= blocks * 64
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: source, byteCount: remaining)
            }
            pending = remaining
        }
    }

    public func finalize() -> SHA256Digest {
        var state = self.state
        var block = buffer
        let pending = self.pending
        let bitLength = length &<< 3
        withUnsafeMutableBytes(of: &block) { bytes in
            bytes[pending] = 0x80
            for index in (pending + 1)..<64 { bytes[index] = 0 }
            if pending >= 56 {
                Self.compress(&state, UnsafeRawPointer(bytes.baseAddress!), blocks: 1)
                for index in 0..<56 { bytes[index] = 0 }
            }
            bytes.storeBytes(of: bitLength.bigEndian, toByteOffset: 56, as: UInt64.self)
            Self.compress(&state, UnsafeRawPointer(bytes.baseAddress!), blocks: 1)
        }
        return SHA256Digest(state: state)
    }

    /// The eight working words.
    struct State {
        var a, b, c, d, e, f, g, h: UInt32
    }

    /// Runs the compression function over `blocks` consecutive 64-byte blocks at `input`, read in place.
    ///
    /// Four blocks at a time, the message schedules are computed together in SIMD registers (lane
    /// *j* holds block *j*'s word, so every operation is vertical), with the round constants added,
    /// into a 1 KiB stack buffer (the plain words, which later words are made from, into another);
    /// then each block's 64 rounds run over eight local words. While one group of four blocks runs
    /// its rounds, the next group's schedule is computed two words per eight rounds, so the vector
    /// units work while the scalar units do. Each of the fewer than four blocks left computes its
    /// own schedule in SIMD registers, four words at a time.
    private static func compress(_ state: inout State, _ input: UnsafeRawPointer, blocks: Int) {
        // Each buffer is 1 KiB: larger temporary allocations ask the runtime whether the stack has
        // room, which costs more than hashing a block.
        withSchedule { schedule in
            var block = input
            var remaining = blocks
            if remaining >= 4 {
                withSchedule { spare in
                    withSchedule { window in
                        var current = schedule
                        var next = spare
                        var recent = (SIMD4<UInt32>(), SIMD4<UInt32>())
                        for step in 0..<8 {
                            gatherTwoWords(block, 2 &* step, into: current, window: window, recent: &recent)
                        }
                        for step in 0..<24 {
                            computeTwoWords(16 &+ 2 &* step, into: current, window: window, recent: &recent)
                        }
                        while remaining >= 8 {
                            let following = block + 256
                            let nextSchedule = next
                            rounds(&state, UnsafeRawPointer(current), stride: 16) { step in
                                gatherTwoWords(following, 2 &* step, into: nextSchedule, window: window, recent: &recent)
                            }
                            for lane in 1..<4 {
                                rounds(&state, UnsafeRawPointer(current + 4 &* lane), stride: 16) { step in
                                    computeTwoWords(16 &* lane &+ 2 &* step, into: nextSchedule, window: window, recent: &recent)
                                }
                            }
                            swap(&current, &next)
                            block += 256
                            remaining -= 4
                        }
                        for lane in 0..<4 {
                            rounds(&state, UnsafeRawPointer(current + 4 &* lane), stride: 16) { _ in }
                        }
                    }
                }
                block += 256
                remaining -= 4
            }
            while remaining > 0 {
                oneBlock(&state, block, schedule: schedule)
                block += 64
                remaining -= 1
            }
        }
    }

    /// Calls `body` with a 1 KiB, 16-byte aligned stack buffer.
    @inline(__always)
    private static func withSchedule(_ body: (UnsafeMutableRawPointer) -> Void) {
        withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 16) { buffer in
            // A 1 KiB allocation always has a base address.
            guard let base = buffer.baseAddress else { return }
            body(base)
        }
    }

    /// The 64 rounds of the one block at `block`. Its schedule is computed four words at a time
    /// in SIMD registers (σ1 needs the two words just before, so each group adds it in two halves),
    /// sixteen words ahead of the rounds: eight words per eight rounds, so the vector units work
    /// while the scalar units do.
    private static func oneBlock(_ state: inout State, _ block: UnsafeRawPointer, schedule: UnsafeMutableRawPointer) {
        var x0 = byteSwapped(block.loadUnaligned(fromByteOffset: 0, as: SIMD4<UInt32>.self))
        var x1 = byteSwapped(block.loadUnaligned(fromByteOffset: 16, as: SIMD4<UInt32>.self))
        var x2 = byteSwapped(block.loadUnaligned(fromByteOffset: 32, as: SIMD4<UInt32>.self))
        var x3 = byteSwapped(block.loadUnaligned(fromByteOffset: 48, as: SIMD4<UInt32>.self))
        storeFourWords(x0, 0, schedule)
        storeFourWords(x1, 4, schedule)
        storeFourWords(x2, 8, schedule)
        storeFourWords(x3, 12, schedule)
        rounds(&state, UnsafeRawPointer(schedule), stride: 4) { step in
            guard step < 6 else { return }
            let x4 = nextFourWords(x0, x1, x2, x3)
            let x5 = nextFourWords(x1, x2, x3, x4)
            storeFourWords(x4, 16 &+ 8 &* step, schedule)
            storeFourWords(x5, 20 &+ 8 &* step, schedule)
            x0 = x2; x1 = x3; x2 = x4; x3 = x5
        }
    }

    /// The 64 rounds of one block, schedule word *t* (plus its round constant) at byte offset
    /// `stride`·t (4 for one block's schedule, 16 for four blocks' interleaved); eight rounds per loop iteration, after each of which `between` runs with the
    /// iteration's index (0 to 7).
    @inline(__always)
    private static func rounds(
        _ state: inout State, _ schedule: UnsafeRawPointer, stride: Int, between: (Int) -> Void
    ) {
        var words = state
        var bc = words.b ^ words.c
        var step = 0
        repeat {
            eightRounds(&words, &bc, schedule + 8 &* stride &* step, stride: stride)
            between(step)
            step &+= 1
        } while step != 8
        state.add(words)
    }
}

extension SHA256.State {
    /// Adds a block's final working words into the chaining value.
    @inline(__always)
    mutating func add(_ words: Self) {
        a &+= words.a; b &+= words.b; c &+= words.c; d &+= words.d
        e &+= words.e; f &+= words.f; g &+= words.g; h &+= words.h
    }
}

/// Eight rounds over the working words, schedule word *t* (plus its round constant) at byte offset
/// `stride`·t; after eight rounds the words are back under their own names. `bc` carries b ^ c
/// from round to round (it is the next round's a ^ b).
@inline(__always)
private func eightRounds(
    _ w: inout SHA256.State, _ bc: inout UInt32, _ schedule: UnsafeRawPointer, stride: Int
) {
    round(w.a, w.b, w.c, &w.d, w.e, w.f, w.g, &w.h, &bc, schedule.load(fromByteOffset: 0, as: UInt32.self))
    round(w.h, w.a, w.b, &w.c, w.d, w.e, w.f, &w.g, &bc, schedule.load(fromByteOffset: stride, as: UInt32.self))
    round(w.g, w.h, w.a, &w.b, w.c, w.d, w.e, &w.f, &bc, schedule.load(fromByteOffset: 2 &* stride, as: UInt32.self))
    round(w.f, w.g, w.h, &w.a, w.b, w.c, w.d, &w.e, &bc, schedule.load(fromByteOffset: 3 &* stride, as: UInt32.self))
    round(w.e, w.f, w.g, &w.h, w.a, w.b, w.c, &w.d, &bc, schedule.load(fromByteOffset: 4 &* stride, as: UInt32.self))
    round(w.d, w.e, w.f, &w.g, w.h, w.a, w.b, &w.c, &bc, schedule.load(fromByteOffset: 5 &* stride, as: UInt32.self))
    round(w.c, w.d, w.e, &w.f, w.g, w.h, w.a, &w.b, &bc, schedule.load(fromByteOffset: 6 &* stride, as: UInt32.self))
    round(w.b, w.c, w.d, &w.e, w.f, w.g, w.h, &w.a, &bc, schedule.load(fromByteOffset: 7 &* stride, as: UInt32.self))
}

/// One round: `d` becomes d + T1 and `h` becomes T1 + T2, where T1 = h + Σ1(e) + Ch(e, f, g) + (W + K)
/// and T2 = Σ0(a) + Maj(a, b, c).
@inline(__always)
private func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
    _ bc: inout UInt32, _ wk: UInt32
) {
    let hk = h &+ wk
    let ch = g ^ (e & (f ^ g))
    let s1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
    let s0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
    let ab = a ^ b
    let t1 = hk &+ ch &+ s1
    d = d &+ t1
    h = t1 &+ (b ^ (ab & bc)) &+ s0
    bc = ab
}

/// Schedule words `t` and `t + 1` (t even, below 16) of the four consecutive blocks at `blocks`:
/// big-endian loads, one block per lane, stored plain into `window` and with their round constants
/// added into `schedule`, both at byte offset 16·t.
/// `recent` becomes the two words.
@inline(__always)
private func gatherTwoWords(
    _ blocks: UnsafeRawPointer, _ t: Int, into schedule: UnsafeMutableRawPointer, window: UnsafeMutableRawPointer,
    recent: inout (SIMD4<UInt32>, SIMD4<UInt32>)
) {
    let w0 = gatherBigEndian(blocks, 4 &* t)
    let w1 = gatherBigEndian(blocks, 4 &* t &+ 4)
    storeWord(w0, t, schedule, window)
    storeWord(w1, t &+ 1, schedule, window)
    recent = (w0, w1)
}

/// Schedule words `t` and `t + 1` (t even, 16 or more): W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) +
/// W[t-16], with W[t-2] and W[t-1] from `recent` (the two words made last, kept in registers rather
/// than read back from the stores just made) and the others from `window`. `recent` becomes the two
/// new words.
@inline(__always)
private func computeTwoWords(
    _ t: Int, into schedule: UnsafeMutableRawPointer, window: UnsafeMutableRawPointer,
    recent: inout (SIMD4<UInt32>, SIMD4<UInt32>)
) {
    let offset = 16 &* t
    func word(_ back: Int) -> SIMD4<UInt32> {
        UnsafeRawPointer(window).load(fromByteOffset: offset &- 16 &* back, as: SIMD4<UInt32>.self)
    }
    let w0 = word(16) &+ vectorSigma0(word(15)) &+ word(7) &+ vectorSigma1(recent.0)
    let w1 = word(15) &+ vectorSigma0(word(14)) &+ word(6) &+ vectorSigma1(recent.1)
    storeWord(w0, t, schedule, window)
    storeWord(w1, t &+ 1, schedule, window)
    recent = (w0, w1)
}

/// Schedule words t…t+3 of one block, stored with their round constants added at byte offset 4·t.
@inline(__always)
private func storeFourWords(_ x: SIMD4<UInt32>, _ t: Int, _ schedule: UnsafeMutableRawPointer) {
    let k = roundConstants.withUnsafeBufferPointer {
        UnsafeRawPointer($0.baseAddress!).loadUnaligned(fromByteOffset: 4 &* t, as: SIMD4<UInt32>.self)
    }
    schedule.storeBytes(of: x &+ k, toByteOffset: 4 &* t, as: SIMD4<UInt32>.self)
}

@inline(__always)
private func storeWord(
    _ w: SIMD4<UInt32>, _ t: Int, _ schedule: UnsafeMutableRawPointer, _ window: UnsafeMutableRawPointer
) {
    window.storeBytes(of: w, toByteOffset: 16 &* t, as: SIMD4<UInt32>.self)
    let k = roundConstants.withUnsafeBufferPointer { $0[t] }
    schedule.storeBytes(of: w &+ SIMD4(repeating: k), toByteOffset: 16 &* t, as: SIMD4<UInt32>.self)
}

/// The 64 round constants K (FIPS 180-4, 4.2.2).
private let roundConstants: [UInt32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]

/// Word `offset / 4` of each of the four consecutive 64-byte blocks at `blocks`, big-endian, one per lane.
@inline(__always)
private func gatherBigEndian(_ blocks: UnsafeRawPointer, _ offset: Int) -> SIMD4<UInt32> {
    SIMD4(
        blocks.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian,
        blocks.loadUnaligned(fromByteOffset: offset + 64, as: UInt32.self).bigEndian,
        blocks.loadUnaligned(fromByteOffset: offset + 128, as: UInt32.self).bigEndian,
        blocks.loadUnaligned(fromByteOffset: offset + 192, as: UInt32.self).bigEndian
    )
}

/// Each lane's bytes reversed (big-endian words to native on a little-endian machine).
@inline(__always)
private func byteSwapped(_ x: SIMD4<UInt32>) -> SIMD4<UInt32> {
    #if _endian(little)
    (x &<< 24) | ((x &<< 8) & SIMD4(repeating: 0x00ff_0000)) | ((x &>> 8) & SIMD4(repeating: 0x0000_ff00)) | (x &>> 24)
    #else
    x
    #endif
}

/// Schedule words t…t+3 from words t-16…t-1 held as four vectors of four consecutive words:
/// W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]. Lanes 2 and 3 need σ1 of lanes 0 and 1.
@inline(__always)
private func nextFourWords(
    _ x0: SIMD4<UInt32>, _ x1: SIMD4<UInt32>, _ x2: SIMD4<UInt32>, _ x3: SIMD4<UInt32>
) -> SIMD4<UInt32> {
    let w1 = SIMD4(x0[1], x0[2], x0[3], x1[0])      // W[t-15 ... t-12]
    let w9 = SIMD4(x2[1], x2[2], x2[3], x3[0])      // W[t-7 ... t-4]
    let partial = x0 &+ vectorSigma0(w1) &+ w9
    let low = vectorSigma1(SIMD4(x3[2], x3[3], x3[2], x3[3]))     // σ1(W[t-2]), σ1(W[t-1])
    let first = partial &+ SIMD4(low[0], low[1], 0, 0)             // lanes 0 and 1 final
    let high = vectorSigma1(first)                                 // σ1(W[t]), σ1(W[t+1])
    return first &+ SIMD4(0, 0, high[0], high[1])
}

// The vector σ functions are written as shifts joined by XOR rather than as rotations (SSE2 has
// no vector rotation), in this order: LLVM otherwise merges the two right shifts of the same word
// into one shift by a per-lane amount, which SSE2 lacks too and which costs six shuffles.

@inline(__always)
private func vectorSigma0(_ x: SIMD4<UInt32>) -> SIMD4<UInt32> {
    let t = (x &>> 3) ^ (x &<< 14)
    let u = t ^ (x &<< 25)
    let v = (x &>> 7) ^ u
    return v ^ (x &>> 18)
}

@inline(__always)
private func vectorSigma1(_ x: SIMD4<UInt32>) -> SIMD4<UInt32> {
    let t = (x &>> 10) ^ (x &<< 13)
    let u = t ^ (x &<< 15)
    let v = (x &>> 17) ^ u
    return v ^ (x &>> 19)
}

// How the rounds are written, and what was measured (Zen 3, 16 KiB, ns per block; see
// Docs/Benchmarks.md). Σ0 and Σ1 are three independent rotations joined by XOR: the nested forms
// (fewer register copies) lengthen the e → e′ and a → a′ chains and measured 2–10 % slower. The
// rounds run as a loop of eight written-out rounds (after eight rounds the names are back in
// place): 64 in a row plus the schedule (≈ 4 100 instructions) overflowed the decoded-instruction
// cache (185 → 163). Rounds without any schedule work take ≈ 132, so the schedule cost ≈ 31 when
// computed between groups; computed two words per eight rounds of the group before, it costs ≈ 21
// (163 → 153; ≈ 151.5 with the two newest words kept in registers): the scalar and vector instructions together are close to the six per cycle the
// core dispatches, so the schedule is not free even in otherwise idle vector units. With the
// interleaving, Maj as b ^ ((a ^ b) & (b ^ c)) and T1 computed once measured as fast as or slightly
// faster than (a & (b ^ c)) + (b & c) with e′ summed apart (it was slower before: spills).

@inline(__always)
private func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 {
    x &>> n | x &<< (32 &- n)
}
