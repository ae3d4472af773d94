/// SHA-512 (FIPS 180-4), written here on ``SHA256``'s structure: incremental, no allocation, the
/// rounds over eight local words so the compiler keeps the whole state in registers, the message
/// schedule in SIMD registers.
///
/// ```swift
/// let digest = SHA512.hash(data: Array("abc".utf8))
/// print(digest.hexString.prefix(16))   // ddaf35a193617aba
/// ```
public struct SHA512: HashFunction {
    public typealias Digest = SHA512Digest

    /// 128 bytes.
    public static var blockByteCount: Int { 128 }

    private var state: State
    /// Bytes waiting for a full block; only the first `pending` are meaningful.
    private var buffer: (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )
    private var pending: Int
    /// Message length in bytes, 128 bits wide (high, low).
    private var lengthHigh: UInt64
    private var lengthLow: UInt64

    public init() {
        state = State(
            a: 0x6a09e667f3bcc908, b: 0xbb67ae8584caa73b, c: 0x3c6ef372fe94f82b, d: 0xa54ff53a5f1d36f1,
            e: 0x510e527fade682d1, f: 0x9b05688c2b3e6c1f, g: 0x1f83d9abfb41bd6b, h: 0x5be0cd19137e2179
        )
        buffer = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        pending = 0
        lengthHigh = 0
        lengthLow = 0
    }

    public mutating func update(bufferPointer input: UnsafeRawBufferPointer) {
        guard var source = input.baseAddress, !input.isEmpty else { return }
        var remaining = input.count
        let (sum, overflow) = lengthLow.addingReportingOverflow(UInt64(truncatingIfNeeded: remaining))
        lengthLow = sum
        if overflow { lengthHigh &+= 1 }
        if pending > 0 {
            let take = min(128 - pending, remaining)
            let filled = pending
            withUnsafeMutableBytes(of: &buffer) { block in
                (block.baseAddress! + filled).copyMemory(from: source, byteCount: take)
            }
            pending += take
            source += take
            remaining -= take
            guard pending == 128 else { return }
            withUnsafeBytes(of: buffer) { Self.compress(&state, $0.baseAddress!, blocks: 1) }
            pending = 0
        }
        let blocks = remaining / 128
        if blocks > 0 {
            Self.compress(&state, source, blocks: blocks)
            source += blocks * 128
            remaining -= blocks * 128
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: source, byteCount: remaining)
            }
            pending = remaining
        }
    }

    public func finalize() -> SHA512Digest {
        var state = self.state
        var block = buffer
        let pending = self.pending
        let bitsHigh = lengthHigh &<< 3 | lengthLow &>> 61
        let bitsLow = lengthLow &<< 3
        withUnsafeMutableBytes(of: &block) { bytes in
            bytes[pending] = 0x80
            for index in (pending + 1)..<128 { bytes[index] = 0 }
            if pending >= 112 {
                Self.compress(&state, UnsafeRawPointer(bytes.baseAddress!), blocks: 1)
                for index in 0..<112 { bytes[index] = 0 }
            }
            bytes.storeBytes(of: bitsHigh.bigEndian, toByteOffset: 112, as: UInt64.self)
            bytes.storeBytes(of: bitsLow.bigEndian, toByteOffset: 120, as: UInt64.self)
            Self.compress(&state, UnsafeRawPointer(bytes.baseAddress!), blocks: 1)
        }
        return SHA512Digest(state: state)
    }

    /// The eight working words.
    struct State {
        var a, b, c, d, e, f, g, h: UInt64
    }

    /// Runs the compression function over `blocks` consecutive 128-byte blocks at `input`, read
    /// in place, one block at a time through ``oneBlock(_:_:schedule:)``.
    ///
    /// There is no path that hashes two blocks together: the only production caller (the Midtrans
    /// signature) hashes one or two blocks, and the one-block path is the one it runs.
    private static func compress(_ state: inout State, _ input: UnsafeRawPointer, blocks: Int) {
        // 640 bytes: 80 words of 8 bytes.
        withUnsafeTemporaryAllocation(byteCount: 640, alignment: 16) { buffer in
            // A 640-byte allocation always has a base address.
            guard let schedule = buffer.baseAddress else { return }
            var block = input
            for _ in 0..<blocks {
                oneBlock(&state, block, schedule: schedule)
                block += 128
            }
        }
    }

    /// The 80 rounds of the one block at `block`. Its schedule is computed two words at a time
    /// in SIMD registers (σ1 of W[t-2] and W[t-1] are both known, so each pair is made at once),
    /// sixteen words ahead of the rounds: eight words per eight rounds, so the vector units work
    /// while the scalar units do. The sixteen newest words stay in eight registers.
    private static func oneBlock(_ state: inout State, _ block: UnsafeRawPointer, schedule: UnsafeMutableRawPointer) {
        var x0 = loadTwoWords(block, 0), x1 = loadTwoWords(block, 2)
        var x2 = loadTwoWords(block, 4), x3 = loadTwoWords(block, 6)
        var x4 = loadTwoWords(block, 8), x5 = loadTwoWords(block, 10)
        var x6 = loadTwoWords(block, 12), x7 = loadTwoWords(block, 14)
        storeTwoWords(x0, 0, schedule); storeTwoWords(x1, 2, schedule)
        storeTwoWords(x2, 4, schedule); storeTwoWords(x3, 6, schedule)
        storeTwoWords(x4, 8, schedule); storeTwoWords(x5, 10, schedule)
        storeTwoWords(x6, 12, schedule); storeTwoWords(x7, 14, schedule)
        var words = state
        var bc = words.b ^ words.c
        var step = 0
        repeat {
            eightRounds(&words, &bc, schedule + 64 &* step)
            if step < 8 {
                // Words 16 + 8·step … 23 + 8·step, from the sixteen before them.
                let t = 16 &+ 8 &* step
                let y0 = nextTwoWords(x0, x1, x4, x5, x7)
                let y1 = nextTwoWords(x1, x2, x5, x6, y0)
                let y2 = nextTwoWords(x2, x3, x6, x7, y1)
                let y3 = nextTwoWords(x3, x4, x7, y0, y2)
                storeTwoWords(y0, t, schedule); storeTwoWords(y1, t &+ 2, schedule)
                storeTwoWords(y2, t &+ 4, schedule); storeTwoWords(y3, t &+ 6, schedule)
                x0 = x4; x1 = x5; x2 = x6; x3 = x7
                x4 = y0; x5 = y1; x6 = y2; x7 = y3
            }
            step &+= 1
        } while step != 10
        state.add(words)
    }
}

extension SHA512.State {
    /// Adds a block's final working words into the chaining value.
    @inline(__always)
    mutating func add(_ words: Self) {
        a &+= words.a; b &+= words.b; c &+= words.c; d &+= words.d
        e &+= words.e; f &+= words.f; g &+= words.g; h &+= words.h
    }
}

/// Eight rounds over the working words, schedule words (plus round constants) at `schedule`;
/// after eight rounds the words are back under their own names. `bc` carries b ^ c from round
/// to round (it is the next round's a ^ b).
@inline(__always)
private func eightRounds(_ w: inout SHA512.State, _ bc: inout UInt64, _ schedule: UnsafeRawPointer) {
    round(w.a, w.b, w.c, &w.d, w.e, w.f, w.g, &w.h, &bc, schedule.load(fromByteOffset: 0, as: UInt64.self))
    round(w.h, w.a, w.b, &w.c, w.d, w.e, w.f, &w.g, &bc, schedule.load(fromByteOffset: 8, as: UInt64.self))
    round(w.g, w.h, w.a, &w.b, w.c, w.d, w.e, &w.f, &bc, schedule.load(fromByteOffset: 16, as: UInt64.self))
    round(w.f, w.g, w.h, &w.a, w.b, w.c, w.d, &w.e, &bc, schedule.load(fromByteOffset: 24, as: UInt64.self))
    round(w.e, w.f, w.g, &w.h, w.a, w.b, w.c, &w.d, &bc, schedule.load(fromByteOffset: 32, as: UInt64.self))
    round(w.d, w.e, w.f, &w.g, w.h, w.a, w.b, &w.c, &bc, schedule.load(fromByteOffset: 40, as: UInt64.self))
    round(w.c, w.d, w.e, &w.f, w.g, w.h, w.a, &w.b, &bc, schedule.load(fromByteOffset: 48, as: UInt64.self))
    round(w.b, w.c, w.d, &w.e, w.f, w.g, w.h, &w.a, &bc, schedule.load(fromByteOffset: 56, as: UInt64.self))
}

/// One round: `d` becomes d + T1 and `h` becomes T1 + T2, where T1 = h + Σ1(e) + Ch(e, f, g) + (W + K)
/// and T2 = Σ0(a) + Maj(a, b, c).
@inline(__always)
private func round(
    _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: inout UInt64,
    _ e: UInt64, _ f: UInt64, _ g: UInt64, _ h: inout UInt64,
    _ bc: inout UInt64, _ wk: UInt64
) {
    let hk = h &+ wk
    let ch = g ^ (e & (f ^ g))
    let s1 = rotateRight(e, 14) ^ rotateRight(e, 18) ^ rotateRight(e, 41)
    let s0 = rotateRight(a, 28) ^ rotateRight(a, 34) ^ rotateRight(a, 39)
    let ab = a ^ b
    let t1 = hk &+ ch &+ s1
    d = d &+ t1
    h = t1 &+ (b ^ (ab & bc)) &+ s0
    bc = ab
}

/// Schedule words t and t+1 from W[t-16…t-15] (`w16`), W[t-14…t-13] (`w14`), W[t-8…t-7] (`w8`),
/// W[t-6…t-5] (`w6`) and W[t-2…t-1] (`w2`): W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16].
@inline(__always)
private func nextTwoWords(
    _ w16: SIMD2<UInt64>, _ w14: SIMD2<UInt64>, _ w8: SIMD2<UInt64>, _ w6: SIMD2<UInt64>, _ w2: SIMD2<UInt64>
) -> SIMD2<UInt64> {
    let w15 = SIMD2(w16[1], w14[0])     // W[t-15], W[t-14]
    let w7 = SIMD2(w8[1], w6[0])        // W[t-7], W[t-6]
    return w16 &+ vectorSigma0(w15) &+ w7 &+ vectorSigma1(w2)
}

/// Words `t` and `t + 1` of the block at `block`, big-endian.
@inline(__always)
private func loadTwoWords(_ block: UnsafeRawPointer, _ t: Int) -> SIMD2<UInt64> {
    SIMD2(
        block.loadUnaligned(fromByteOffset: 8 &* t, as: UInt64.self).bigEndian,
        block.loadUnaligned(fromByteOffset: 8 &* t &+ 8, as: UInt64.self).bigEndian
    )
}

/// Schedule words t and t+1, stored with their round constants added at byte offset 8·t.
@inline(__always)
private func storeTwoWords(_ x: SIMD2<UInt64>, _ t: Int, _ schedule: UnsafeMutableRawPointer) {
    let k = roundConstants.withUnsafeBufferPointer {
        UnsafeRawPointer($0.baseAddress.unsafelyUnwrapped).loadUnaligned(fromByteOffset: 8 &* t, as: SIMD2<UInt64>.self)
    }
    schedule.storeBytes(of: x &+ k, toByteOffset: 8 &* t, as: SIMD2<UInt64>.self)
}

/// The 80 round constants K (FIPS 180-4, 4.2.3).
private let roundConstants: [UInt64] = [
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
]

// The vector σ functions are written as shifts joined by XOR rather than as rotations (SSE2 has
// no vector rotation), in this order: LLVM otherwise merges two shifts of the same word into one
// shift by a per-lane amount, which SSE2 lacks too and which costs shuffles and blends.

@inline(__always)
private func vectorSigma0(_ x: SIMD2<UInt64>) -> SIMD2<UInt64> {
    let t = (x &>> 7) ^ (x &<< 56)
    let u = t ^ (x &<< 63)
    let v = (x &>> 1) ^ u
    return v ^ (x &>> 8)
}

@inline(__always)
private func vectorSigma1(_ x: SIMD2<UInt64>) -> SIMD2<UInt64> {
    let t = (x &>> 6) ^ (x &<< 3)
    let u = t ^ (x &<< 45)
    let v = (x &>> 19) ^ u
    return v ^ (x &>> 61)
}

@inline(__always)
private func rotateRight(_ x: UInt64, _ n: UInt64) -> UInt64 {
    x &>> n | x &<< (64 &- n)
}
