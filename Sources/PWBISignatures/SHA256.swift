/// SHA-256 (FIPS 180-4), written here: incremental, no allocation, the 64 rounds written out
/// over eight local words so the compiler keeps the whole state in registers.
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
    /// into a 1 KiB stack buffer; then each block's 64 rounds run over eight local words. Each of the
    /// fewer than four blocks left computes its own schedule in SIMD registers, four words at a time.
    private static func compress(_ state: inout State, _ input: UnsafeRawPointer, blocks: Int) {
        withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 16) { buffer in
            // A 1 KiB, 16-byte aligned buffer has a base address.
            guard let base = buffer.baseAddress else { return }
            let schedule = UnsafeMutableRawPointer(base)
            var block = input
            var remaining = blocks
            while remaining >= 4 {
                scheduleFourBlocks(block, into: schedule)
                roundsFourWay(&state, UnsafeRawPointer(schedule))
                roundsFourWay(&state, UnsafeRawPointer(schedule + 4))
                roundsFourWay(&state, UnsafeRawPointer(schedule + 8))
                roundsFourWay(&state, UnsafeRawPointer(schedule + 12))
                block += 256
                remaining -= 4
            }
            while remaining > 0 {
                scheduleOneBlock(block, into: schedule)
                roundsOneBlock(&state, UnsafeRawPointer(schedule))
                block += 64
                remaining -= 1
            }
        }
    }

    /// The message schedules (plus round constants) of the four blocks at `blocks`, interleaved:
    /// word *t* of block *j* at byte offset 16·t + 4·j. Each word is stored as soon as it is
    /// computed, so only the sixteen-word window stays in registers.
    private static func scheduleFourBlocks(_ blocks: UnsafeRawPointer, into schedule: UnsafeMutableRawPointer) {
        let w0 = gatherBigEndian(blocks, 0)
        schedule.storeBytes(of: w0 &+ SIMD4(repeating: 0x428a2f98), toByteOffset: 0, as: SIMD4<UInt32>.self)
        let w1 = gatherBigEndian(blocks, 4)
        schedule.storeBytes(of: w1 &+ SIMD4(repeating: 0x71374491), toByteOffset: 16, as: SIMD4<UInt32>.self)
        let w2 = gatherBigEndian(blocks, 8)
        schedule.storeBytes(of: w2 &+ SIMD4(repeating: 0xb5c0fbcf), toByteOffset: 32, as: SIMD4<UInt32>.self)
        let w3 = gatherBigEndian(blocks, 12)
        schedule.storeBytes(of: w3 &+ SIMD4(repeating: 0xe9b5dba5), toByteOffset: 48, as: SIMD4<UInt32>.self)
        let w4 = gatherBigEndian(blocks, 16)
        schedule.storeBytes(of: w4 &+ SIMD4(repeating: 0x3956c25b), toByteOffset: 64, as: SIMD4<UInt32>.self)
        let w5 = gatherBigEndian(blocks, 20)
        schedule.storeBytes(of: w5 &+ SIMD4(repeating: 0x59f111f1), toByteOffset: 80, as: SIMD4<UInt32>.self)
        let w6 = gatherBigEndian(blocks, 24)
        schedule.storeBytes(of: w6 &+ SIMD4(repeating: 0x923f82a4), toByteOffset: 96, as: SIMD4<UInt32>.self)
        let w7 = gatherBigEndian(blocks, 28)
        schedule.storeBytes(of: w7 &+ SIMD4(repeating: 0xab1c5ed5), toByteOffset: 112, as: SIMD4<UInt32>.self)
        let w8 = gatherBigEndian(blocks, 32)
        schedule.storeBytes(of: w8 &+ SIMD4(repeating: 0xd807aa98), toByteOffset: 128, as: SIMD4<UInt32>.self)
        let w9 = gatherBigEndian(blocks, 36)
        schedule.storeBytes(of: w9 &+ SIMD4(repeating: 0x12835b01), toByteOffset: 144, as: SIMD4<UInt32>.self)
        let w10 = gatherBigEndian(blocks, 40)
        schedule.storeBytes(of: w10 &+ SIMD4(repeating: 0x243185be), toByteOffset: 160, as: SIMD4<UInt32>.self)
        let w11 = gatherBigEndian(blocks, 44)
        schedule.storeBytes(of: w11 &+ SIMD4(repeating: 0x550c7dc3), toByteOffset: 176, as: SIMD4<UInt32>.self)
        let w12 = gatherBigEndian(blocks, 48)
        schedule.storeBytes(of: w12 &+ SIMD4(repeating: 0x72be5d74), toByteOffset: 192, as: SIMD4<UInt32>.self)
        let w13 = gatherBigEndian(blocks, 52)
        schedule.storeBytes(of: w13 &+ SIMD4(repeating: 0x80deb1fe), toByteOffset: 208, as: SIMD4<UInt32>.self)
        let w14 = gatherBigEndian(blocks, 56)
        schedule.storeBytes(of: w14 &+ SIMD4(repeating: 0x9bdc06a7), toByteOffset: 224, as: SIMD4<UInt32>.self)
        let w15 = gatherBigEndian(blocks, 60)
        schedule.storeBytes(of: w15 &+ SIMD4(repeating: 0xc19bf174), toByteOffset: 240, as: SIMD4<UInt32>.self)
        let w16 = w0 &+ vectorSigma0(w1) &+ w9 &+ vectorSigma1(w14)
        schedule.storeBytes(of: w16 &+ SIMD4(repeating: 0xe49b69c1), toByteOffset: 256, as: SIMD4<UInt32>.self)
        let w17 = w1 &+ vectorSigma0(w2) &+ w10 &+ vectorSigma1(w15)
        schedule.storeBytes(of: w17 &+ SIMD4(repeating: 0xefbe4786), toByteOffset: 272, as: SIMD4<UInt32>.self)
        let w18 = w2 &+ vectorSigma0(w3) &+ w11 &+ vectorSigma1(w16)
        schedule.storeBytes(of: w18 &+ SIMD4(repeating: 0x0fc19dc6), toByteOffset: 288, as: SIMD4<UInt32>.self)
        let w19 = w3 &+ vectorSigma0(w4) &+ w12 &+ vectorSigma1(w17)
        schedule.storeBytes(of: w19 &+ SIMD4(repeating: 0x240ca1cc), toByteOffset: 304, as: SIMD4<UInt32>.self)
        let w20 = w4 &+ vectorSigma0(w5) &+ w13 &+ vectorSigma1(w18)
        schedule.storeBytes(of: w20 &+ SIMD4(repeating: 0x2de92c6f), toByteOffset: 320, as: SIMD4<UInt32>.self)
        let w21 = w5 &+ vectorSigma0(w6) &+ w14 &+ vectorSigma1(w19)
        schedule.storeBytes(of: w21 &+ SIMD4(repeating: 0x4a7484aa), toByteOffset: 336, as: SIMD4<UInt32>.self)
        let w22 = w6 &+ vectorSigma0(w7) &+ w15 &+ vectorSigma1(w20)
        schedule.storeBytes(of: w22 &+ SIMD4(repeating: 0x5cb0a9dc), toByteOffset: 352, as: SIMD4<UInt32>.self)
        let w23 = w7 &+ vectorSigma0(w8) &+ w16 &+ vectorSigma1(w21)
        schedule.storeBytes(of: w23 &+ SIMD4(repeating: 0x76f988da), toByteOffset: 368, as: SIMD4<UInt32>.self)
        let w24 = w8 &+ vectorSigma0(w9) &+ w17 &+ vectorSigma1(w22)
        schedule.storeBytes(of: w24 &+ SIMD4(repeating: 0x983e5152), toByteOffset: 384, as: SIMD4<UInt32>.self)
        let w25 = w9 &+ vectorSigma0(w10) &+ w18 &+ vectorSigma1(w23)
        schedule.storeBytes(of: w25 &+ SIMD4(repeating: 0xa831c66d), toByteOffset: 400, as: SIMD4<UInt32>.self)
        let w26 = w10 &+ vectorSigma0(w11) &+ w19 &+ vectorSigma1(w24)
        schedule.storeBytes(of: w26 &+ SIMD4(repeating: 0xb00327c8), toByteOffset: 416, as: SIMD4<UInt32>.self)
        let w27 = w11 &+ vectorSigma0(w12) &+ w20 &+ vectorSigma1(w25)
        schedule.storeBytes(of: w27 &+ SIMD4(repeating: 0xbf597fc7), toByteOffset: 432, as: SIMD4<UInt32>.self)
        let w28 = w12 &+ vectorSigma0(w13) &+ w21 &+ vectorSigma1(w26)
        schedule.storeBytes(of: w28 &+ SIMD4(repeating: 0xc6e00bf3), toByteOffset: 448, as: SIMD4<UInt32>.self)
        let w29 = w13 &+ vectorSigma0(w14) &+ w22 &+ vectorSigma1(w27)
        schedule.storeBytes(of: w29 &+ SIMD4(repeating: 0xd5a79147), toByteOffset: 464, as: SIMD4<UInt32>.self)
        let w30 = w14 &+ vectorSigma0(w15) &+ w23 &+ vectorSigma1(w28)
        schedule.storeBytes(of: w30 &+ SIMD4(repeating: 0x06ca6351), toByteOffset: 480, as: SIMD4<UInt32>.self)
        let w31 = w15 &+ vectorSigma0(w16) &+ w24 &+ vectorSigma1(w29)
        schedule.storeBytes(of: w31 &+ SIMD4(repeating: 0x14292967), toByteOffset: 496, as: SIMD4<UInt32>.self)
        let w32 = w16 &+ vectorSigma0(w17) &+ w25 &+ vectorSigma1(w30)
        schedule.storeBytes(of: w32 &+ SIMD4(repeating: 0x27b70a85), toByteOffset: 512, as: SIMD4<UInt32>.self)
        let w33 = w17 &+ vectorSigma0(w18) &+ w26 &+ vectorSigma1(w31)
        schedule.storeBytes(of: w33 &+ SIMD4(repeating: 0x2e1b2138), toByteOffset: 528, as: SIMD4<UInt32>.self)
        let w34 = w18 &+ vectorSigma0(w19) &+ w27 &+ vectorSigma1(w32)
        schedule.storeBytes(of: w34 &+ SIMD4(repeating: 0x4d2c6dfc), toByteOffset: 544, as: SIMD4<UInt32>.self)
        let w35 = w19 &+ vectorSigma0(w20) &+ w28 &+ vectorSigma1(w33)
        schedule.storeBytes(of: w35 &+ SIMD4(repeating: 0x53380d13), toByteOffset: 560, as: SIMD4<UInt32>.self)
        let w36 = w20 &+ vectorSigma0(w21) &+ w29 &+ vectorSigma1(w34)
        schedule.storeBytes(of: w36 &+ SIMD4(repeating: 0x650a7354), toByteOffset: 576, as: SIMD4<UInt32>.self)
        let w37 = w21 &+ vectorSigma0(w22) &+ w30 &+ vectorSigma1(w35)
        schedule.storeBytes(of: w37 &+ SIMD4(repeating: 0x766a0abb), toByteOffset: 592, as: SIMD4<UInt32>.self)
        let w38 = w22 &+ vectorSigma0(w23) &+ w31 &+ vectorSigma1(w36)
        schedule.storeBytes(of: w38 &+ SIMD4(repeating: 0x81c2c92e), toByteOffset: 608, as: SIMD4<UInt32>.self)
        let w39 = w23 &+ vectorSigma0(w24) &+ w32 &+ vectorSigma1(w37)
        schedule.storeBytes(of: w39 &+ SIMD4(repeating: 0x92722c85), toByteOffset: 624, as: SIMD4<UInt32>.self)
        let w40 = w24 &+ vectorSigma0(w25) &+ w33 &+ vectorSigma1(w38)
        schedule.storeBytes(of: w40 &+ SIMD4(repeating: 0xa2bfe8a1), toByteOffset: 640, as: SIMD4<UInt32>.self)
        let w41 = w25 &+ vectorSigma0(w26) &+ w34 &+ vectorSigma1(w39)
        schedule.storeBytes(of: w41 &+ SIMD4(repeating: 0xa81a664b), toByteOffset: 656, as: SIMD4<UInt32>.self)
        let w42 = w26 &+ vectorSigma0(w27) &+ w35 &+ vectorSigma1(w40)
        schedule.storeBytes(of: w42 &+ SIMD4(repeating: 0xc24b8b70), toByteOffset: 672, as: SIMD4<UInt32>.self)
        let w43 = w27 &+ vectorSigma0(w28) &+ w36 &+ vectorSigma1(w41)
        schedule.storeBytes(of: w43 &+ SIMD4(repeating: 0xc76c51a3), toByteOffset: 688, as: SIMD4<UInt32>.self)
        let w44 = w28 &+ vectorSigma0(w29) &+ w37 &+ vectorSigma1(w42)
        schedule.storeBytes(of: w44 &+ SIMD4(repeating: 0xd192e819), toByteOffset: 704, as: SIMD4<UInt32>.self)
        let w45 = w29 &+ vectorSigma0(w30) &+ w38 &+ vectorSigma1(w43)
        schedule.storeBytes(of: w45 &+ SIMD4(repeating: 0xd6990624), toByteOffset: 720, as: SIMD4<UInt32>.self)
        let w46 = w30 &+ vectorSigma0(w31) &+ w39 &+ vectorSigma1(w44)
        schedule.storeBytes(of: w46 &+ SIMD4(repeating: 0xf40e3585), toByteOffset: 736, as: SIMD4<UInt32>.self)
        let w47 = w31 &+ vectorSigma0(w32) &+ w40 &+ vectorSigma1(w45)
        schedule.storeBytes(of: w47 &+ SIMD4(repeating: 0x106aa070), toByteOffset: 752, as: SIMD4<UInt32>.self)
        let w48 = w32 &+ vectorSigma0(w33) &+ w41 &+ vectorSigma1(w46)
        schedule.storeBytes(of: w48 &+ SIMD4(repeating: 0x19a4c116), toByteOffset: 768, as: SIMD4<UInt32>.self)
        let w49 = w33 &+ vectorSigma0(w34) &+ w42 &+ vectorSigma1(w47)
        schedule.storeBytes(of: w49 &+ SIMD4(repeating: 0x1e376c08), toByteOffset: 784, as: SIMD4<UInt32>.self)
        let w50 = w34 &+ vectorSigma0(w35) &+ w43 &+ vectorSigma1(w48)
        schedule.storeBytes(of: w50 &+ SIMD4(repeating: 0x2748774c), toByteOffset: 800, as: SIMD4<UInt32>.self)
        let w51 = w35 &+ vectorSigma0(w36) &+ w44 &+ vectorSigma1(w49)
        schedule.storeBytes(of: w51 &+ SIMD4(repeating: 0x34b0bcb5), toByteOffset: 816, as: SIMD4<UInt32>.self)
        let w52 = w36 &+ vectorSigma0(w37) &+ w45 &+ vectorSigma1(w50)
        schedule.storeBytes(of: w52 &+ SIMD4(repeating: 0x391c0cb3), toByteOffset: 832, as: SIMD4<UInt32>.self)
        let w53 = w37 &+ vectorSigma0(w38) &+ w46 &+ vectorSigma1(w51)
        schedule.storeBytes(of: w53 &+ SIMD4(repeating: 0x4ed8aa4a), toByteOffset: 848, as: SIMD4<UInt32>.self)
        let w54 = w38 &+ vectorSigma0(w39) &+ w47 &+ vectorSigma1(w52)
        schedule.storeBytes(of: w54 &+ SIMD4(repeating: 0x5b9cca4f), toByteOffset: 864, as: SIMD4<UInt32>.self)
        let w55 = w39 &+ vectorSigma0(w40) &+ w48 &+ vectorSigma1(w53)
        schedule.storeBytes(of: w55 &+ SIMD4(repeating: 0x682e6ff3), toByteOffset: 880, as: SIMD4<UInt32>.self)
        let w56 = w40 &+ vectorSigma0(w41) &+ w49 &+ vectorSigma1(w54)
        schedule.storeBytes(of: w56 &+ SIMD4(repeating: 0x748f82ee), toByteOffset: 896, as: SIMD4<UInt32>.self)
        let w57 = w41 &+ vectorSigma0(w42) &+ w50 &+ vectorSigma1(w55)
        schedule.storeBytes(of: w57 &+ SIMD4(repeating: 0x78a5636f), toByteOffset: 912, as: SIMD4<UInt32>.self)
        let w58 = w42 &+ vectorSigma0(w43) &+ w51 &+ vectorSigma1(w56)
        schedule.storeBytes(of: w58 &+ SIMD4(repeating: 0x84c87814), toByteOffset: 928, as: SIMD4<UInt32>.self)
        let w59 = w43 &+ vectorSigma0(w44) &+ w52 &+ vectorSigma1(w57)
        schedule.storeBytes(of: w59 &+ SIMD4(repeating: 0x8cc70208), toByteOffset: 944, as: SIMD4<UInt32>.self)
        let w60 = w44 &+ vectorSigma0(w45) &+ w53 &+ vectorSigma1(w58)
        schedule.storeBytes(of: w60 &+ SIMD4(repeating: 0x90befffa), toByteOffset: 960, as: SIMD4<UInt32>.self)
        let w61 = w45 &+ vectorSigma0(w46) &+ w54 &+ vectorSigma1(w59)
        schedule.storeBytes(of: w61 &+ SIMD4(repeating: 0xa4506ceb), toByteOffset: 976, as: SIMD4<UInt32>.self)
        let w62 = w46 &+ vectorSigma0(w47) &+ w55 &+ vectorSigma1(w60)
        schedule.storeBytes(of: w62 &+ SIMD4(repeating: 0xbef9a3f7), toByteOffset: 992, as: SIMD4<UInt32>.self)
        let w63 = w47 &+ vectorSigma0(w48) &+ w56 &+ vectorSigma1(w61)
        schedule.storeBytes(of: w63 &+ SIMD4(repeating: 0xc67178f2), toByteOffset: 1008, as: SIMD4<UInt32>.self)
    }

    /// The message schedule (plus round constants) of the one block at `block`, word *t* at byte
    /// offset 4·t, computed four words at a time: σ1 needs the two words just before, so each group
    /// adds it in two halves.
    private static func scheduleOneBlock(_ block: UnsafeRawPointer, into schedule: UnsafeMutableRawPointer) {
        let x0 = byteSwapped(block.loadUnaligned(fromByteOffset: 0, as: SIMD4<UInt32>.self))
        schedule.storeBytes(of: x0 &+ SIMD4(0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5), toByteOffset: 0, as: SIMD4<UInt32>.self)
        let x1 = byteSwapped(block.loadUnaligned(fromByteOffset: 16, as: SIMD4<UInt32>.self))
        schedule.storeBytes(of: x1 &+ SIMD4(0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5), toByteOffset: 16, as: SIMD4<UInt32>.self)
        let x2 = byteSwapped(block.loadUnaligned(fromByteOffset: 32, as: SIMD4<UInt32>.self))
        schedule.storeBytes(of: x2 &+ SIMD4(0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3), toByteOffset: 32, as: SIMD4<UInt32>.self)
        let x3 = byteSwapped(block.loadUnaligned(fromByteOffset: 48, as: SIMD4<UInt32>.self))
        schedule.storeBytes(of: x3 &+ SIMD4(0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174), toByteOffset: 48, as: SIMD4<UInt32>.self)
        let x4 = nextFourWords(x0, x1, x2, x3)
        schedule.storeBytes(of: x4 &+ SIMD4(0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc), toByteOffset: 64, as: SIMD4<UInt32>.self)
        let x5 = nextFourWords(x1, x2, x3, x4)
        schedule.storeBytes(of: x5 &+ SIMD4(0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da), toByteOffset: 80, as: SIMD4<UInt32>.self)
        let x6 = nextFourWords(x2, x3, x4, x5)
        schedule.storeBytes(of: x6 &+ SIMD4(0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7), toByteOffset: 96, as: SIMD4<UInt32>.self)
        let x7 = nextFourWords(x3, x4, x5, x6)
        schedule.storeBytes(of: x7 &+ SIMD4(0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967), toByteOffset: 112, as: SIMD4<UInt32>.self)
        let x8 = nextFourWords(x4, x5, x6, x7)
        schedule.storeBytes(of: x8 &+ SIMD4(0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13), toByteOffset: 128, as: SIMD4<UInt32>.self)
        let x9 = nextFourWords(x5, x6, x7, x8)
        schedule.storeBytes(of: x9 &+ SIMD4(0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85), toByteOffset: 144, as: SIMD4<UInt32>.self)
        let x10 = nextFourWords(x6, x7, x8, x9)
        schedule.storeBytes(of: x10 &+ SIMD4(0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3), toByteOffset: 160, as: SIMD4<UInt32>.self)
        let x11 = nextFourWords(x7, x8, x9, x10)
        schedule.storeBytes(of: x11 &+ SIMD4(0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070), toByteOffset: 176, as: SIMD4<UInt32>.self)
        let x12 = nextFourWords(x8, x9, x10, x11)
        schedule.storeBytes(of: x12 &+ SIMD4(0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5), toByteOffset: 192, as: SIMD4<UInt32>.self)
        let x13 = nextFourWords(x9, x10, x11, x12)
        schedule.storeBytes(of: x13 &+ SIMD4(0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3), toByteOffset: 208, as: SIMD4<UInt32>.self)
        let x14 = nextFourWords(x10, x11, x12, x13)
        schedule.storeBytes(of: x14 &+ SIMD4(0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208), toByteOffset: 224, as: SIMD4<UInt32>.self)
        let x15 = nextFourWords(x11, x12, x13, x14)
        schedule.storeBytes(of: x15 &+ SIMD4(0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2), toByteOffset: 240, as: SIMD4<UInt32>.self)
    }

    /// The 64 rounds of one of four interleaved blocks: schedule word *t* at byte offset 16·t; eight
    /// rounds written out per loop iteration.
    private static func roundsFourWay(_ state: inout State, _ schedule: UnsafeRawPointer) {
        var a = state.a, b = state.b, c = state.c, d = state.d
        var e = state.e, f = state.f, g = state.g, h = state.h
        var bc = b ^ c
        var schedule = schedule
        let end = schedule + 1024
        repeat {
            do {
                let hk = h &+ schedule.load(fromByteOffset: 0, as: UInt32.self)
                let ch = g ^ (e & (f ^ g))
                let s1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
                let s0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
                let ab = a ^ b
                d = d &+ hk &+ ch &+ s1
                h = (hk &+ ch &+ s1) &+ (b & c) &+ (a & bc) &+ s0
                bc = ab
            }
            do {
                let hk = g &+ schedule.load(fromByteOffset: 16, as: UInt32.self)
                let ch = f ^ (d & (e ^ f))
                let s1 = rotateRight(d, 6) ^ rotateRight(d, 11) ^ rotateRight(d, 25)
                let s0 = rotateRight(h, 2) ^ rotateRight(h, 13) ^ rotateRight(h, 22)
                let ab = h ^ a
                c = c &+ hk &+ ch &+ s1
                g = (hk &+ ch &+ s1) &+ (a & b) &+ (h & bc) &+ s0
                bc = ab
            }
            do {
                let hk = f &+ schedule.load(fromByteOffset: 32, as: UInt32.self)
                let ch = e ^ (c & (d ^ e))
                let s1 = rotateRight(c, 6) ^ rotateRight(c, 11) ^ rotateRight(c, 25)
                let s0 = rotateRight(g, 2) ^ rotateRight(g, 13) ^ rotateRight(g, 22)
                let ab = g ^ h
                b = b &+ hk &+ ch &+ s1
                f = (hk &+ ch &+ s1) &+ (h & a) &+ (g & bc) &+ s0
                bc = ab
            }
            do {
                let hk = e &+ schedule.load(fromByteOffset: 48, as: UInt32.self)
                let ch = d ^ (b & (c ^ d))
                let s1 = rotateRight(b, 6) ^ rotateRight(b, 11) ^ rotateRight(b, 25)
                let s0 = rotateRight(f, 2) ^ rotateRight(f, 13) ^ rotateRight(f, 22)
                let ab = f ^ g
                a = a &+ hk &+ ch &+ s1
                e = (hk &+ ch &+ s1) &+ (g & h) &+ (f & bc) &+ s0
                bc = ab
            }
            do {
                let hk = d &+ schedule.load(fromByteOffset: 64, as: UInt32.self)
                let ch = c ^ (a & (b ^ c))
                let s1 = rotateRight(a, 6) ^ rotateRight(a, 11) ^ rotateRight(a, 25)
                let s0 = rotateRight(e, 2) ^ rotateRight(e, 13) ^ rotateRight(e, 22)
                let ab = e ^ f
                h = h &+ hk &+ ch &+ s1
                d = (hk &+ ch &+ s1) &+ (f & g) &+ (e & bc) &+ s0
                bc = ab
            }
            do {
                let hk = c &+ schedule.load(fromByteOffset: 80, as: UInt32.self)
                let ch = b ^ (h & (a ^ b))
                let s1 = rotateRight(h, 6) ^ rotateRight(h, 11) ^ rotateRight(h, 25)
                let s0 = rotateRight(d, 2) ^ rotateRight(d, 13) ^ rotateRight(d, 22)
                let ab = d ^ e
                g = g &+ hk &+ ch &+ s1
                c = (hk &+ ch &+ s1) &+ (e & f) &+ (d & bc) &+ s0
                bc = ab
            }
            do {
                let hk = b &+ schedule.load(fromByteOffset: 96, as: UInt32.self)
                let ch = a ^ (g & (h ^ a))
                let s1 = rotateRight(g, 6) ^ rotateRight(g, 11) ^ rotateRight(g, 25)
                let s0 = rotateRight(c, 2) ^ rotateRight(c, 13) ^ rotateRight(c, 22)
                let ab = c ^ d
                f = f &+ hk &+ ch &+ s1
                b = (hk &+ ch &+ s1) &+ (d & e) &+ (c & bc) &+ s0
                bc = ab
            }
            do {
                let hk = a &+ schedule.load(fromByteOffset: 112, as: UInt32.self)
                let ch = h ^ (f & (g ^ h))
                let s1 = rotateRight(f, 6) ^ rotateRight(f, 11) ^ rotateRight(f, 25)
                let s0 = rotateRight(b, 2) ^ rotateRight(b, 13) ^ rotateRight(b, 22)
                let ab = b ^ c
                e = e &+ hk &+ ch &+ s1
                a = (hk &+ ch &+ s1) &+ (c & d) &+ (b & bc) &+ s0
                bc = ab
            }
            schedule += 128
        } while schedule != end
        state.a &+= a; state.b &+= b; state.c &+= c; state.d &+= d
        state.e &+= e; state.f &+= f; state.g &+= g; state.h &+= h
    }

    /// The 64 rounds of one block: schedule word *t* at byte offset 4·t; eight rounds written out per
    /// loop iteration.
    private static func roundsOneBlock(_ state: inout State, _ schedule: UnsafeRawPointer) {
        var a = state.a, b = state.b, c = state.c, d = state.d
        var e = state.e, f = state.f, g = state.g, h = state.h
        var bc = b ^ c
        var schedule = schedule
        let end = schedule + 256
        repeat {
            do {
                let hk = h &+ schedule.load(fromByteOffset: 0, as: UInt32.self)
                let ch = g ^ (e & (f ^ g))
                let s1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
                let s0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
                let ab = a ^ b
                d = d &+ hk &+ ch &+ s1
                h = (hk &+ ch &+ s1) &+ (b & c) &+ (a & bc) &+ s0
                bc = ab
            }
            do {
                let hk = g &+ schedule.load(fromByteOffset: 4, as: UInt32.self)
                let ch = f ^ (d & (e ^ f))
                let s1 = rotateRight(d, 6) ^ rotateRight(d, 11) ^ rotateRight(d, 25)
                let s0 = rotateRight(h, 2) ^ rotateRight(h, 13) ^ rotateRight(h, 22)
                let ab = h ^ a
                c = c &+ hk &+ ch &+ s1
                g = (hk &+ ch &+ s1) &+ (a & b) &+ (h & bc) &+ s0
                bc = ab
            }
            do {
                let hk = f &+ schedule.load(fromByteOffset: 8, as: UInt32.self)
                let ch = e ^ (c & (d ^ e))
                let s1 = rotateRight(c, 6) ^ rotateRight(c, 11) ^ rotateRight(c, 25)
                let s0 = rotateRight(g, 2) ^ rotateRight(g, 13) ^ rotateRight(g, 22)
                let ab = g ^ h
                b = b &+ hk &+ ch &+ s1
                f = (hk &+ ch &+ s1) &+ (h & a) &+ (g & bc) &+ s0
                bc = ab
            }
            do {
                let hk = e &+ schedule.load(fromByteOffset: 12, as: UInt32.self)
                let ch = d ^ (b & (c ^ d))
                let s1 = rotateRight(b, 6) ^ rotateRight(b, 11) ^ rotateRight(b, 25)
                let s0 = rotateRight(f, 2) ^ rotateRight(f, 13) ^ rotateRight(f, 22)
                let ab = f ^ g
                a = a &+ hk &+ ch &+ s1
                e = (hk &+ ch &+ s1) &+ (g & h) &+ (f & bc) &+ s0
                bc = ab
            }
            do {
                let hk = d &+ schedule.load(fromByteOffset: 16, as: UInt32.self)
                let ch = c ^ (a & (b ^ c))
                let s1 = rotateRight(a, 6) ^ rotateRight(a, 11) ^ rotateRight(a, 25)
                let s0 = rotateRight(e, 2) ^ rotateRight(e, 13) ^ rotateRight(e, 22)
                let ab = e ^ f
                h = h &+ hk &+ ch &+ s1
                d = (hk &+ ch &+ s1) &+ (f & g) &+ (e & bc) &+ s0
                bc = ab
            }
            do {
                let hk = c &+ schedule.load(fromByteOffset: 20, as: UInt32.self)
                let ch = b ^ (h & (a ^ b))
                let s1 = rotateRight(h, 6) ^ rotateRight(h, 11) ^ rotateRight(h, 25)
                let s0 = rotateRight(d, 2) ^ rotateRight(d, 13) ^ rotateRight(d, 22)
                let ab = d ^ e
                g = g &+ hk &+ ch &+ s1
                c = (hk &+ ch &+ s1) &+ (e & f) &+ (d & bc) &+ s0
                bc = ab
            }
            do {
                let hk = b &+ schedule.load(fromByteOffset: 24, as: UInt32.self)
                let ch = a ^ (g & (h ^ a))
                let s1 = rotateRight(g, 6) ^ rotateRight(g, 11) ^ rotateRight(g, 25)
                let s0 = rotateRight(c, 2) ^ rotateRight(c, 13) ^ rotateRight(c, 22)
                let ab = c ^ d
                f = f &+ hk &+ ch &+ s1
                b = (hk &+ ch &+ s1) &+ (d & e) &+ (c & bc) &+ s0
                bc = ab
            }
            do {
                let hk = a &+ schedule.load(fromByteOffset: 28, as: UInt32.self)
                let ch = h ^ (f & (g ^ h))
                let s1 = rotateRight(f, 6) ^ rotateRight(f, 11) ^ rotateRight(f, 25)
                let s0 = rotateRight(b, 2) ^ rotateRight(b, 13) ^ rotateRight(b, 22)
                let ab = b ^ c
                e = e &+ hk &+ ch &+ s1
                a = (hk &+ ch &+ s1) &+ (c & d) &+ (b & bc) &+ s0
                bc = ab
            }
            schedule += 32
        } while schedule != end
        state.a &+= a; state.b &+= b; state.c &+= c; state.d &+= d
        state.e &+= e; state.f &+= f; state.g &+= g; state.h &+= h
    }
}

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

// The rounds compute Σ0 and Σ1 as three independent rotations joined by XOR, and add Maj as
// (a & (b ^ c)) + (b & c) (disjoint bits), and the new e as d + h + W + Ch + Σ1 without waiting for
// T1: more instructions than the nested form, but the two per-round dependency chains (e → e′ and
// a → a′) get shorter, which is what bounds the rounds' speed (measured ≈ 11 % faster per block).
// The rounds run as a loop of eight written-out rounds (after eight rounds the names are back in
// place) rather than 64 in a row: fully unrolled, the rounds and the four-block schedule together
// (≈ 4 100 instructions) overflow the decoded-instruction cache on Zen 3 and run at the legacy
// decoders' 4 instructions per cycle; the loop measured ≈ 12 % less time per block (185 → 163 ns at
// 16 KiB). A 16-round loop body was slower (spills), and so was looping the schedule over three
// groups of sixteen words (174 ns). With the loop, the Maj form b ^ ((a ^ b) & (b ^ c)) (two fewer
// instructions) spills the schedule pointer and measured slower (188 ns).

@inline(__always)
private func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 {
    x &>> n | x &<< (32 &- n)
}
