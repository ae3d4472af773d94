/// SHA-512 (FIPS 180-4), written here: incremental, no allocation, the 80 rounds written out
/// over eight local words so the compiler keeps the whole state in registers.
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

    /// Runs the compression function over `blocks` consecutive 128-byte blocks at `input`, read in place.
    ///
    /// Two blocks at a time, the message schedules are computed together in SIMD registers (lane
    /// *j* holds block *j*'s word), with the round constants added, into a 1280-byte stack buffer;
    /// then each block's 80 rounds run over eight local words. A last single block computes its
    /// schedule in SIMD registers too, two consecutive words at a time.
    private static func compress(_ state: inout State, _ input: UnsafeRawPointer, blocks: Int) {
        withUnsafeTemporaryAllocation(byteCount: 1280, alignment: 16) { buffer in
            // A 1280-byte, 16-byte aligned buffer has a base address.
            guard let base = buffer.baseAddress else { return }
            let schedule = UnsafeMutableRawPointer(base)
            var block = input
            var remaining = blocks
            while remaining >= 2 {
                scheduleTwoBlocks(block, into: schedule)
                roundsTwoWay(&state, UnsafeRawPointer(schedule))
                roundsTwoWay(&state, UnsafeRawPointer(schedule + 8))
                block += 256
                remaining -= 2
            }
            if remaining > 0 {
                scheduleOneBlock(block, into: schedule)
                roundsOneBlock(&state, UnsafeRawPointer(schedule))
            }
        }
    }

    /// The message schedules (plus round constants) of the two blocks at `blocks`, interleaved:
    /// word *t* of block *j* at byte offset 16·t + 8·j. Each word is stored as soon as it is
    /// computed, so only the sixteen-word window stays in registers.
    private static func scheduleTwoBlocks(_ blocks: UnsafeRawPointer, into schedule: UnsafeMutableRawPointer) {
        let w0 = gatherBigEndian(blocks, 0)
        schedule.storeBytes(of: w0 &+ SIMD2(repeating: 0x428a2f98d728ae22), toByteOffset: 0, as: SIMD2<UInt64>.self)
        let w1 = gatherBigEndian(blocks, 8)
        schedule.storeBytes(of: w1 &+ SIMD2(repeating: 0x7137449123ef65cd), toByteOffset: 16, as: SIMD2<UInt64>.self)
        let w2 = gatherBigEndian(blocks, 16)
        schedule.storeBytes(of: w2 &+ SIMD2(repeating: 0xb5c0fbcfec4d3b2f), toByteOffset: 32, as: SIMD2<UInt64>.self)
        let w3 = gatherBigEndian(blocks, 24)
        schedule.storeBytes(of: w3 &+ SIMD2(repeating: 0xe9b5dba58189dbbc), toByteOffset: 48, as: SIMD2<UInt64>.self)
        let w4 = gatherBigEndian(blocks, 32)
        schedule.storeBytes(of: w4 &+ SIMD2(repeating: 0x3956c25bf348b538), toByteOffset: 64, as: SIMD2<UInt64>.self)
        let w5 = gatherBigEndian(blocks, 40)
        schedule.storeBytes(of: w5 &+ SIMD2(repeating: 0x59f111f1b605d019), toByteOffset: 80, as: SIMD2<UInt64>.self)
        let w6 = gatherBigEndian(blocks, 48)
        schedule.storeBytes(of: w6 &+ SIMD2(repeating: 0x923f82a4af194f9b), toByteOffset: 96, as: SIMD2<UInt64>.self)
        let w7 = gatherBigEndian(blocks, 56)
        schedule.storeBytes(of: w7 &+ SIMD2(repeating: 0xab1c5ed5da6d8118), toByteOffset: 112, as: SIMD2<UInt64>.self)
        let w8 = gatherBigEndian(blocks, 64)
        schedule.storeBytes(of: w8 &+ SIMD2(repeating: 0xd807aa98a3030242), toByteOffset: 128, as: SIMD2<UInt64>.self)
        let w9 = gatherBigEndian(blocks, 72)
        schedule.storeBytes(of: w9 &+ SIMD2(repeating: 0x12835b0145706fbe), toByteOffset: 144, as: SIMD2<UInt64>.self)
        let w10 = gatherBigEndian(blocks, 80)
        schedule.storeBytes(of: w10 &+ SIMD2(repeating: 0x243185be4ee4b28c), toByteOffset: 160, as: SIMD2<UInt64>.self)
        let w11 = gatherBigEndian(blocks, 88)
        schedule.storeBytes(of: w11 &+ SIMD2(repeating: 0x550c7dc3d5ffb4e2), toByteOffset: 176, as: SIMD2<UInt64>.self)
        let w12 = gatherBigEndian(blocks, 96)
        schedule.storeBytes(of: w12 &+ SIMD2(repeating: 0x72be5d74f27b896f), toByteOffset: 192, as: SIMD2<UInt64>.self)
        let w13 = gatherBigEndian(blocks, 104)
        schedule.storeBytes(of: w13 &+ SIMD2(repeating: 0x80deb1fe3b1696b1), toByteOffset: 208, as: SIMD2<UInt64>.self)
        let w14 = gatherBigEndian(blocks, 112)
        schedule.storeBytes(of: w14 &+ SIMD2(repeating: 0x9bdc06a725c71235), toByteOffset: 224, as: SIMD2<UInt64>.self)
        let w15 = gatherBigEndian(blocks, 120)
        schedule.storeBytes(of: w15 &+ SIMD2(repeating: 0xc19bf174cf692694), toByteOffset: 240, as: SIMD2<UInt64>.self)
        let w16 = w0 &+ vectorSigma0(w1) &+ w9 &+ vectorSigma1(w14)
        schedule.storeBytes(of: w16 &+ SIMD2(repeating: 0xe49b69c19ef14ad2), toByteOffset: 256, as: SIMD2<UInt64>.self)
        let w17 = w1 &+ vectorSigma0(w2) &+ w10 &+ vectorSigma1(w15)
        schedule.storeBytes(of: w17 &+ SIMD2(repeating: 0xefbe4786384f25e3), toByteOffset: 272, as: SIMD2<UInt64>.self)
        let w18 = w2 &+ vectorSigma0(w3) &+ w11 &+ vectorSigma1(w16)
        schedule.storeBytes(of: w18 &+ SIMD2(repeating: 0x0fc19dc68b8cd5b5), toByteOffset: 288, as: SIMD2<UInt64>.self)
        let w19 = w3 &+ vectorSigma0(w4) &+ w12 &+ vectorSigma1(w17)
        schedule.storeBytes(of: w19 &+ SIMD2(repeating: 0x240ca1cc77ac9c65), toByteOffset: 304, as: SIMD2<UInt64>.self)
        let w20 = w4 &+ vectorSigma0(w5) &+ w13 &+ vectorSigma1(w18)
        schedule.storeBytes(of: w20 &+ SIMD2(repeating: 0x2de92c6f592b0275), toByteOffset: 320, as: SIMD2<UInt64>.self)
        let w21 = w5 &+ vectorSigma0(w6) &+ w14 &+ vectorSigma1(w19)
        schedule.storeBytes(of: w21 &+ SIMD2(repeating: 0x4a7484aa6ea6e483), toByteOffset: 336, as: SIMD2<UInt64>.self)
        let w22 = w6 &+ vectorSigma0(w7) &+ w15 &+ vectorSigma1(w20)
        schedule.storeBytes(of: w22 &+ SIMD2(repeating: 0x5cb0a9dcbd41fbd4), toByteOffset: 352, as: SIMD2<UInt64>.self)
        let w23 = w7 &+ vectorSigma0(w8) &+ w16 &+ vectorSigma1(w21)
        schedule.storeBytes(of: w23 &+ SIMD2(repeating: 0x76f988da831153b5), toByteOffset: 368, as: SIMD2<UInt64>.self)
        let w24 = w8 &+ vectorSigma0(w9) &+ w17 &+ vectorSigma1(w22)
        schedule.storeBytes(of: w24 &+ SIMD2(repeating: 0x983e5152ee66dfab), toByteOffset: 384, as: SIMD2<UInt64>.self)
        let w25 = w9 &+ vectorSigma0(w10) &+ w18 &+ vectorSigma1(w23)
        schedule.storeBytes(of: w25 &+ SIMD2(repeating: 0xa831c66d2db43210), toByteOffset: 400, as: SIMD2<UInt64>.self)
        let w26 = w10 &+ vectorSigma0(w11) &+ w19 &+ vectorSigma1(w24)
        schedule.storeBytes(of: w26 &+ SIMD2(repeating: 0xb00327c898fb213f), toByteOffset: 416, as: SIMD2<UInt64>.self)
        let w27 = w11 &+ vectorSigma0(w12) &+ w20 &+ vectorSigma1(w25)
        schedule.storeBytes(of: w27 &+ SIMD2(repeating: 0xbf597fc7beef0ee4), toByteOffset: 432, as: SIMD2<UInt64>.self)
        let w28 = w12 &+ vectorSigma0(w13) &+ w21 &+ vectorSigma1(w26)
        schedule.storeBytes(of: w28 &+ SIMD2(repeating: 0xc6e00bf33da88fc2), toByteOffset: 448, as: SIMD2<UInt64>.self)
        let w29 = w13 &+ vectorSigma0(w14) &+ w22 &+ vectorSigma1(w27)
        schedule.storeBytes(of: w29 &+ SIMD2(repeating: 0xd5a79147930aa725), toByteOffset: 464, as: SIMD2<UInt64>.self)
        let w30 = w14 &+ vectorSigma0(w15) &+ w23 &+ vectorSigma1(w28)
        schedule.storeBytes(of: w30 &+ SIMD2(repeating: 0x06ca6351e003826f), toByteOffset: 480, as: SIMD2<UInt64>.self)
        let w31 = w15 &+ vectorSigma0(w16) &+ w24 &+ vectorSigma1(w29)
        schedule.storeBytes(of: w31 &+ SIMD2(repeating: 0x142929670a0e6e70), toByteOffset: 496, as: SIMD2<UInt64>.self)
        let w32 = w16 &+ vectorSigma0(w17) &+ w25 &+ vectorSigma1(w30)
        schedule.storeBytes(of: w32 &+ SIMD2(repeating: 0x27b70a8546d22ffc), toByteOffset: 512, as: SIMD2<UInt64>.self)
        let w33 = w17 &+ vectorSigma0(w18) &+ w26 &+ vectorSigma1(w31)
        schedule.storeBytes(of: w33 &+ SIMD2(repeating: 0x2e1b21385c26c926), toByteOffset: 528, as: SIMD2<UInt64>.self)
        let w34 = w18 &+ vectorSigma0(w19) &+ w27 &+ vectorSigma1(w32)
        schedule.storeBytes(of: w34 &+ SIMD2(repeating: 0x4d2c6dfc5ac42aed), toByteOffset: 544, as: SIMD2<UInt64>.self)
        let w35 = w19 &+ vectorSigma0(w20) &+ w28 &+ vectorSigma1(w33)
        schedule.storeBytes(of: w35 &+ SIMD2(repeating: 0x53380d139d95b3df), toByteOffset: 560, as: SIMD2<UInt64>.self)
        let w36 = w20 &+ vectorSigma0(w21) &+ w29 &+ vectorSigma1(w34)
        schedule.storeBytes(of: w36 &+ SIMD2(repeating: 0x650a73548baf63de), toByteOffset: 576, as: SIMD2<UInt64>.self)
        let w37 = w21 &+ vectorSigma0(w22) &+ w30 &+ vectorSigma1(w35)
        schedule.storeBytes(of: w37 &+ SIMD2(repeating: 0x766a0abb3c77b2a8), toByteOffset: 592, as: SIMD2<UInt64>.self)
        let w38 = w22 &+ vectorSigma0(w23) &+ w31 &+ vectorSigma1(w36)
        schedule.storeBytes(of: w38 &+ SIMD2(repeating: 0x81c2c92e47edaee6), toByteOffset: 608, as: SIMD2<UInt64>.self)
        let w39 = w23 &+ vectorSigma0(w24) &+ w32 &+ vectorSigma1(w37)
        schedule.storeBytes(of: w39 &+ SIMD2(repeating: 0x92722c851482353b), toByteOffset: 624, as: SIMD2<UInt64>.self)
        let w40 = w24 &+ vectorSigma0(w25) &+ w33 &+ vectorSigma1(w38)
        schedule.storeBytes(of: w40 &+ SIMD2(repeating: 0xa2bfe8a14cf10364), toByteOffset: 640, as: SIMD2<UInt64>.self)
        let w41 = w25 &+ vectorSigma0(w26) &+ w34 &+ vectorSigma1(w39)
        schedule.storeBytes(of: w41 &+ SIMD2(repeating: 0xa81a664bbc423001), toByteOffset: 656, as: SIMD2<UInt64>.self)
        let w42 = w26 &+ vectorSigma0(w27) &+ w35 &+ vectorSigma1(w40)
        schedule.storeBytes(of: w42 &+ SIMD2(repeating: 0xc24b8b70d0f89791), toByteOffset: 672, as: SIMD2<UInt64>.self)
        let w43 = w27 &+ vectorSigma0(w28) &+ w36 &+ vectorSigma1(w41)
        schedule.storeBytes(of: w43 &+ SIMD2(repeating: 0xc76c51a30654be30), toByteOffset: 688, as: SIMD2<UInt64>.self)
        let w44 = w28 &+ vectorSigma0(w29) &+ w37 &+ vectorSigma1(w42)
        schedule.storeBytes(of: w44 &+ SIMD2(repeating: 0xd192e819d6ef5218), toByteOffset: 704, as: SIMD2<UInt64>.self)
        let w45 = w29 &+ vectorSigma0(w30) &+ w38 &+ vectorSigma1(w43)
        schedule.storeBytes(of: w45 &+ SIMD2(repeating: 0xd69906245565a910), toByteOffset: 720, as: SIMD2<UInt64>.self)
        let w46 = w30 &+ vectorSigma0(w31) &+ w39 &+ vectorSigma1(w44)
        schedule.storeBytes(of: w46 &+ SIMD2(repeating: 0xf40e35855771202a), toByteOffset: 736, as: SIMD2<UInt64>.self)
        let w47 = w31 &+ vectorSigma0(w32) &+ w40 &+ vectorSigma1(w45)
        schedule.storeBytes(of: w47 &+ SIMD2(repeating: 0x106aa07032bbd1b8), toByteOffset: 752, as: SIMD2<UInt64>.self)
        let w48 = w32 &+ vectorSigma0(w33) &+ w41 &+ vectorSigma1(w46)
        schedule.storeBytes(of: w48 &+ SIMD2(repeating: 0x19a4c116b8d2d0c8), toByteOffset: 768, as: SIMD2<UInt64>.self)
        let w49 = w33 &+ vectorSigma0(w34) &+ w42 &+ vectorSigma1(w47)
        schedule.storeBytes(of: w49 &+ SIMD2(repeating: 0x1e376c085141ab53), toByteOffset: 784, as: SIMD2<UInt64>.self)
        let w50 = w34 &+ vectorSigma0(w35) &+ w43 &+ vectorSigma1(w48)
        schedule.storeBytes(of: w50 &+ SIMD2(repeating: 0x2748774cdf8eeb99), toByteOffset: 800, as: SIMD2<UInt64>.self)
        let w51 = w35 &+ vectorSigma0(w36) &+ w44 &+ vectorSigma1(w49)
        schedule.storeBytes(of: w51 &+ SIMD2(repeating: 0x34b0bcb5e19b48a8), toByteOffset: 816, as: SIMD2<UInt64>.self)
        let w52 = w36 &+ vectorSigma0(w37) &+ w45 &+ vectorSigma1(w50)
        schedule.storeBytes(of: w52 &+ SIMD2(repeating: 0x391c0cb3c5c95a63), toByteOffset: 832, as: SIMD2<UInt64>.self)
        let w53 = w37 &+ vectorSigma0(w38) &+ w46 &+ vectorSigma1(w51)
        schedule.storeBytes(of: w53 &+ SIMD2(repeating: 0x4ed8aa4ae3418acb), toByteOffset: 848, as: SIMD2<UInt64>.self)
        let w54 = w38 &+ vectorSigma0(w39) &+ w47 &+ vectorSigma1(w52)
        schedule.storeBytes(of: w54 &+ SIMD2(repeating: 0x5b9cca4f7763e373), toByteOffset: 864, as: SIMD2<UInt64>.self)
        let w55 = w39 &+ vectorSigma0(w40) &+ w48 &+ vectorSigma1(w53)
        schedule.storeBytes(of: w55 &+ SIMD2(repeating: 0x682e6ff3d6b2b8a3), toByteOffset: 880, as: SIMD2<UInt64>.self)
        let w56 = w40 &+ vectorSigma0(w41) &+ w49 &+ vectorSigma1(w54)
        schedule.storeBytes(of: w56 &+ SIMD2(repeating: 0x748f82ee5defb2fc), toByteOffset: 896, as: SIMD2<UInt64>.self)
        let w57 = w41 &+ vectorSigma0(w42) &+ w50 &+ vectorSigma1(w55)
        schedule.storeBytes(of: w57 &+ SIMD2(repeating: 0x78a5636f43172f60), toByteOffset: 912, as: SIMD2<UInt64>.self)
        let w58 = w42 &+ vectorSigma0(w43) &+ w51 &+ vectorSigma1(w56)
        schedule.storeBytes(of: w58 &+ SIMD2(repeating: 0x84c87814a1f0ab72), toByteOffset: 928, as: SIMD2<UInt64>.self)
        let w59 = w43 &+ vectorSigma0(w44) &+ w52 &+ vectorSigma1(w57)
        schedule.storeBytes(of: w59 &+ SIMD2(repeating: 0x8cc702081a6439ec), toByteOffset: 944, as: SIMD2<UInt64>.self)
        let w60 = w44 &+ vectorSigma0(w45) &+ w53 &+ vectorSigma1(w58)
        schedule.storeBytes(of: w60 &+ SIMD2(repeating: 0x90befffa23631e28), toByteOffset: 960, as: SIMD2<UInt64>.self)
        let w61 = w45 &+ vectorSigma0(w46) &+ w54 &+ vectorSigma1(w59)
        schedule.storeBytes(of: w61 &+ SIMD2(repeating: 0xa4506cebde82bde9), toByteOffset: 976, as: SIMD2<UInt64>.self)
        let w62 = w46 &+ vectorSigma0(w47) &+ w55 &+ vectorSigma1(w60)
        schedule.storeBytes(of: w62 &+ SIMD2(repeating: 0xbef9a3f7b2c67915), toByteOffset: 992, as: SIMD2<UInt64>.self)
        let w63 = w47 &+ vectorSigma0(w48) &+ w56 &+ vectorSigma1(w61)
        schedule.storeBytes(of: w63 &+ SIMD2(repeating: 0xc67178f2e372532b), toByteOffset: 1008, as: SIMD2<UInt64>.self)
        let w64 = w48 &+ vectorSigma0(w49) &+ w57 &+ vectorSigma1(w62)
        schedule.storeBytes(of: w64 &+ SIMD2(repeating: 0xca273eceea26619c), toByteOffset: 1024, as: SIMD2<UInt64>.self)
        let w65 = w49 &+ vectorSigma0(w50) &+ w58 &+ vectorSigma1(w63)
        schedule.storeBytes(of: w65 &+ SIMD2(repeating: 0xd186b8c721c0c207), toByteOffset: 1040, as: SIMD2<UInt64>.self)
        let w66 = w50 &+ vectorSigma0(w51) &+ w59 &+ vectorSigma1(w64)
        schedule.storeBytes(of: w66 &+ SIMD2(repeating: 0xeada7dd6cde0eb1e), toByteOffset: 1056, as: SIMD2<UInt64>.self)
        let w67 = w51 &+ vectorSigma0(w52) &+ w60 &+ vectorSigma1(w65)
        schedule.storeBytes(of: w67 &+ SIMD2(repeating: 0xf57d4f7fee6ed178), toByteOffset: 1072, as: SIMD2<UInt64>.self)
        let w68 = w52 &+ vectorSigma0(w53) &+ w61 &+ vectorSigma1(w66)
        schedule.storeBytes(of: w68 &+ SIMD2(repeating: 0x06f067aa72176fba), toByteOffset: 1088, as: SIMD2<UInt64>.self)
        let w69 = w53 &+ vectorSigma0(w54) &+ w62 &+ vectorSigma1(w67)
        schedule.storeBytes(of: w69 &+ SIMD2(repeating: 0x0a637dc5a2c898a6), toByteOffset: 1104, as: SIMD2<UInt64>.self)
        let w70 = w54 &+ vectorSigma0(w55) &+ w63 &+ vectorSigma1(w68)
        schedule.storeBytes(of: w70 &+ SIMD2(repeating: 0x113f9804bef90dae), toByteOffset: 1120, as: SIMD2<UInt64>.self)
        let w71 = w55 &+ vectorSigma0(w56) &+ w64 &+ vectorSigma1(w69)
        schedule.storeBytes(of: w71 &+ SIMD2(repeating: 0x1b710b35131c471b), toByteOffset: 1136, as: SIMD2<UInt64>.self)
        let w72 = w56 &+ vectorSigma0(w57) &+ w65 &+ vectorSigma1(w70)
        schedule.storeBytes(of: w72 &+ SIMD2(repeating: 0x28db77f523047d84), toByteOffset: 1152, as: SIMD2<UInt64>.self)
        let w73 = w57 &+ vectorSigma0(w58) &+ w66 &+ vectorSigma1(w71)
        schedule.storeBytes(of: w73 &+ SIMD2(repeating: 0x32caab7b40c72493), toByteOffset: 1168, as: SIMD2<UInt64>.self)
        let w74 = w58 &+ vectorSigma0(w59) &+ w67 &+ vectorSigma1(w72)
        schedule.storeBytes(of: w74 &+ SIMD2(repeating: 0x3c9ebe0a15c9bebc), toByteOffset: 1184, as: SIMD2<UInt64>.self)
        let w75 = w59 &+ vectorSigma0(w60) &+ w68 &+ vectorSigma1(w73)
        schedule.storeBytes(of: w75 &+ SIMD2(repeating: 0x431d67c49c100d4c), toByteOffset: 1200, as: SIMD2<UInt64>.self)
        let w76 = w60 &+ vectorSigma0(w61) &+ w69 &+ vectorSigma1(w74)
        schedule.storeBytes(of: w76 &+ SIMD2(repeating: 0x4cc5d4becb3e42b6), toByteOffset: 1216, as: SIMD2<UInt64>.self)
        let w77 = w61 &+ vectorSigma0(w62) &+ w70 &+ vectorSigma1(w75)
        schedule.storeBytes(of: w77 &+ SIMD2(repeating: 0x597f299cfc657e2a), toByteOffset: 1232, as: SIMD2<UInt64>.self)
        let w78 = w62 &+ vectorSigma0(w63) &+ w71 &+ vectorSigma1(w76)
        schedule.storeBytes(of: w78 &+ SIMD2(repeating: 0x5fcb6fab3ad6faec), toByteOffset: 1248, as: SIMD2<UInt64>.self)
        let w79 = w63 &+ vectorSigma0(w64) &+ w72 &+ vectorSigma1(w77)
        schedule.storeBytes(of: w79 &+ SIMD2(repeating: 0x6c44198c4a475817), toByteOffset: 1264, as: SIMD2<UInt64>.self)
    }

    /// The message schedule (plus round constants) of the one block at `block`, word *t* at byte
    /// offset 8·t, computed two words at a time (σ1 of words t and t+1 needs only the two before).
    private static func scheduleOneBlock(_ block: UnsafeRawPointer, into schedule: UnsafeMutableRawPointer) {
        let x0 = byteSwapped(block.loadUnaligned(fromByteOffset: 0, as: SIMD2<UInt64>.self))
        schedule.storeBytes(of: x0 &+ SIMD2(0x428a2f98d728ae22, 0x7137449123ef65cd), toByteOffset: 0, as: SIMD2<UInt64>.self)
        let x1 = byteSwapped(block.loadUnaligned(fromByteOffset: 16, as: SIMD2<UInt64>.self))
        schedule.storeBytes(of: x1 &+ SIMD2(0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc), toByteOffset: 16, as: SIMD2<UInt64>.self)
        let x2 = byteSwapped(block.loadUnaligned(fromByteOffset: 32, as: SIMD2<UInt64>.self))
        schedule.storeBytes(of: x2 &+ SIMD2(0x3956c25bf348b538, 0x59f111f1b605d019), toByteOffset: 32, as: SIMD2<UInt64>.self)
        let x3 = byteSwapped(block.loadUnaligned(fromByteOffset: 48, as: SIMD2<UInt64>.self))
        schedule.storeBytes(of: x3 &+ SIMD2(0x923f82a4af194f9b, 0xab1c5ed5da6d8118), toByteOffset: 48, as: SIMD2<UInt64>.self)
        let x4 = byteSwapped(block.loadUnaligned(fromByteOffset: 64, as: SIMD2<UInt64>.self))
        schedule.storeBytes(of: x4 &+ SIMD2(0xd807aa98a3030242, 0x12835b0145706fbe), toByteOffset: 64, as: SIMD2<UInt64>.self)
        let x5 = byteSwapped(block.loadUnaligned(fromByteOffset: 80, as: SIMD2<UInt64>.self))
        schedule.storeBytes(of: x5 &+ SIMD2(0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2), toByteOffset: 80, as: SIMD2<UInt64>.self)
        let x6 = byteSwapped(block.loadUnaligned(fromByteOffset: 96, as: SIMD2<UInt64>.self))
        schedule.storeBytes(of: x6 &+ SIMD2(0x72be5d74f27b896f, 0x80deb1fe3b1696b1), toByteOffset: 96, as: SIMD2<UInt64>.self)
        let x7 = byteSwapped(block.loadUnaligned(fromByteOffset: 112, as: SIMD2<UInt64>.self))
        schedule.storeBytes(of: x7 &+ SIMD2(0x9bdc06a725c71235, 0xc19bf174cf692694), toByteOffset: 112, as: SIMD2<UInt64>.self)
        let x8 = x0 &+ vectorSigma0(SIMD2(x0[1], x1[0])) &+ SIMD2(x4[1], x5[0]) &+ vectorSigma1(x7)
        schedule.storeBytes(of: x8 &+ SIMD2(0xe49b69c19ef14ad2, 0xefbe4786384f25e3), toByteOffset: 128, as: SIMD2<UInt64>.self)
        let x9 = x1 &+ vectorSigma0(SIMD2(x1[1], x2[0])) &+ SIMD2(x5[1], x6[0]) &+ vectorSigma1(x8)
        schedule.storeBytes(of: x9 &+ SIMD2(0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65), toByteOffset: 144, as: SIMD2<UInt64>.self)
        let x10 = x2 &+ vectorSigma0(SIMD2(x2[1], x3[0])) &+ SIMD2(x6[1], x7[0]) &+ vectorSigma1(x9)
        schedule.storeBytes(of: x10 &+ SIMD2(0x2de92c6f592b0275, 0x4a7484aa6ea6e483), toByteOffset: 160, as: SIMD2<UInt64>.self)
        let x11 = x3 &+ vectorSigma0(SIMD2(x3[1], x4[0])) &+ SIMD2(x7[1], x8[0]) &+ vectorSigma1(x10)
        schedule.storeBytes(of: x11 &+ SIMD2(0x5cb0a9dcbd41fbd4, 0x76f988da831153b5), toByteOffset: 176, as: SIMD2<UInt64>.self)
        let x12 = x4 &+ vectorSigma0(SIMD2(x4[1], x5[0])) &+ SIMD2(x8[1], x9[0]) &+ vectorSigma1(x11)
        schedule.storeBytes(of: x12 &+ SIMD2(0x983e5152ee66dfab, 0xa831c66d2db43210), toByteOffset: 192, as: SIMD2<UInt64>.self)
        let x13 = x5 &+ vectorSigma0(SIMD2(x5[1], x6[0])) &+ SIMD2(x9[1], x10[0]) &+ vectorSigma1(x12)
        schedule.storeBytes(of: x13 &+ SIMD2(0xb00327c898fb213f, 0xbf597fc7beef0ee4), toByteOffset: 208, as: SIMD2<UInt64>.self)
        let x14 = x6 &+ vectorSigma0(SIMD2(x6[1], x7[0])) &+ SIMD2(x10[1], x11[0]) &+ vectorSigma1(x13)
        schedule.storeBytes(of: x14 &+ SIMD2(0xc6e00bf33da88fc2, 0xd5a79147930aa725), toByteOffset: 224, as: SIMD2<UInt64>.self)
        let x15 = x7 &+ vectorSigma0(SIMD2(x7[1], x8[0])) &+ SIMD2(x11[1], x12[0]) &+ vectorSigma1(x14)
        schedule.storeBytes(of: x15 &+ SIMD2(0x06ca6351e003826f, 0x142929670a0e6e70), toByteOffset: 240, as: SIMD2<UInt64>.self)
        let x16 = x8 &+ vectorSigma0(SIMD2(x8[1], x9[0])) &+ SIMD2(x12[1], x13[0]) &+ vectorSigma1(x15)
        schedule.storeBytes(of: x16 &+ SIMD2(0x27b70a8546d22ffc, 0x2e1b21385c26c926), toByteOffset: 256, as: SIMD2<UInt64>.self)
        let x17 = x9 &+ vectorSigma0(SIMD2(x9[1], x10[0])) &+ SIMD2(x13[1], x14[0]) &+ vectorSigma1(x16)
        schedule.storeBytes(of: x17 &+ SIMD2(0x4d2c6dfc5ac42aed, 0x53380d139d95b3df), toByteOffset: 272, as: SIMD2<UInt64>.self)
        let x18 = x10 &+ vectorSigma0(SIMD2(x10[1], x11[0])) &+ SIMD2(x14[1], x15[0]) &+ vectorSigma1(x17)
        schedule.storeBytes(of: x18 &+ SIMD2(0x650a73548baf63de, 0x766a0abb3c77b2a8), toByteOffset: 288, as: SIMD2<UInt64>.self)
        let x19 = x11 &+ vectorSigma0(SIMD2(x11[1], x12[0])) &+ SIMD2(x15[1], x16[0]) &+ vectorSigma1(x18)
        schedule.storeBytes(of: x19 &+ SIMD2(0x81c2c92e47edaee6, 0x92722c851482353b), toByteOffset: 304, as: SIMD2<UInt64>.self)
        let x20 = x12 &+ vectorSigma0(SIMD2(x12[1], x13[0])) &+ SIMD2(x16[1], x17[0]) &+ vectorSigma1(x19)
        schedule.storeBytes(of: x20 &+ SIMD2(0xa2bfe8a14cf10364, 0xa81a664bbc423001), toByteOffset: 320, as: SIMD2<UInt64>.self)
        let x21 = x13 &+ vectorSigma0(SIMD2(x13[1], x14[0])) &+ SIMD2(x17[1], x18[0]) &+ vectorSigma1(x20)
        schedule.storeBytes(of: x21 &+ SIMD2(0xc24b8b70d0f89791, 0xc76c51a30654be30), toByteOffset: 336, as: SIMD2<UInt64>.self)
        let x22 = x14 &+ vectorSigma0(SIMD2(x14[1], x15[0])) &+ SIMD2(x18[1], x19[0]) &+ vectorSigma1(x21)
        schedule.storeBytes(of: x22 &+ SIMD2(0xd192e819d6ef5218, 0xd69906245565a910), toByteOffset: 352, as: SIMD2<UInt64>.self)
        let x23 = x15 &+ vectorSigma0(SIMD2(x15[1], x16[0])) &+ SIMD2(x19[1], x20[0]) &+ vectorSigma1(x22)
        schedule.storeBytes(of: x23 &+ SIMD2(0xf40e35855771202a, 0x106aa07032bbd1b8), toByteOffset: 368, as: SIMD2<UInt64>.self)
        let x24 = x16 &+ vectorSigma0(SIMD2(x16[1], x17[0])) &+ SIMD2(x20[1], x21[0]) &+ vectorSigma1(x23)
        schedule.storeBytes(of: x24 &+ SIMD2(0x19a4c116b8d2d0c8, 0x1e376c085141ab53), toByteOffset: 384, as: SIMD2<UInt64>.self)
        let x25 = x17 &+ vectorSigma0(SIMD2(x17[1], x18[0])) &+ SIMD2(x21[1], x22[0]) &+ vectorSigma1(x24)
        schedule.storeBytes(of: x25 &+ SIMD2(0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8), toByteOffset: 400, as: SIMD2<UInt64>.self)
        let x26 = x18 &+ vectorSigma0(SIMD2(x18[1], x19[0])) &+ SIMD2(x22[1], x23[0]) &+ vectorSigma1(x25)
        schedule.storeBytes(of: x26 &+ SIMD2(0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb), toByteOffset: 416, as: SIMD2<UInt64>.self)
        let x27 = x19 &+ vectorSigma0(SIMD2(x19[1], x20[0])) &+ SIMD2(x23[1], x24[0]) &+ vectorSigma1(x26)
        schedule.storeBytes(of: x27 &+ SIMD2(0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3), toByteOffset: 432, as: SIMD2<UInt64>.self)
        let x28 = x20 &+ vectorSigma0(SIMD2(x20[1], x21[0])) &+ SIMD2(x24[1], x25[0]) &+ vectorSigma1(x27)
        schedule.storeBytes(of: x28 &+ SIMD2(0x748f82ee5defb2fc, 0x78a5636f43172f60), toByteOffset: 448, as: SIMD2<UInt64>.self)
        let x29 = x21 &+ vectorSigma0(SIMD2(x21[1], x22[0])) &+ SIMD2(x25[1], x26[0]) &+ vectorSigma1(x28)
        schedule.storeBytes(of: x29 &+ SIMD2(0x84c87814a1f0ab72, 0x8cc702081a6439ec), toByteOffset: 464, as: SIMD2<UInt64>.self)
        let x30 = x22 &+ vectorSigma0(SIMD2(x22[1], x23[0])) &+ SIMD2(x26[1], x27[0]) &+ vectorSigma1(x29)
        schedule.storeBytes(of: x30 &+ SIMD2(0x90befffa23631e28, 0xa4506cebde82bde9), toByteOffset: 480, as: SIMD2<UInt64>.self)
        let x31 = x23 &+ vectorSigma0(SIMD2(x23[1], x24[0])) &+ SIMD2(x27[1], x28[0]) &+ vectorSigma1(x30)
        schedule.storeBytes(of: x31 &+ SIMD2(0xbef9a3f7b2c67915, 0xc67178f2e372532b), toByteOffset: 496, as: SIMD2<UInt64>.self)
        let x32 = x24 &+ vectorSigma0(SIMD2(x24[1], x25[0])) &+ SIMD2(x28[1], x29[0]) &+ vectorSigma1(x31)
        schedule.storeBytes(of: x32 &+ SIMD2(0xca273eceea26619c, 0xd186b8c721c0c207), toByteOffset: 512, as: SIMD2<UInt64>.self)
        let x33 = x25 &+ vectorSigma0(SIMD2(x25[1], x26[0])) &+ SIMD2(x29[1], x30[0]) &+ vectorSigma1(x32)
        schedule.storeBytes(of: x33 &+ SIMD2(0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178), toByteOffset: 528, as: SIMD2<UInt64>.self)
        let x34 = x26 &+ vectorSigma0(SIMD2(x26[1], x27[0])) &+ SIMD2(x30[1], x31[0]) &+ vectorSigma1(x33)
        schedule.storeBytes(of: x34 &+ SIMD2(0x06f067aa72176fba, 0x0a637dc5a2c898a6), toByteOffset: 544, as: SIMD2<UInt64>.self)
        let x35 = x27 &+ vectorSigma0(SIMD2(x27[1], x28[0])) &+ SIMD2(x31[1], x32[0]) &+ vectorSigma1(x34)
        schedule.storeBytes(of: x35 &+ SIMD2(0x113f9804bef90dae, 0x1b710b35131c471b), toByteOffset: 560, as: SIMD2<UInt64>.self)
        let x36 = x28 &+ vectorSigma0(SIMD2(x28[1], x29[0])) &+ SIMD2(x32[1], x33[0]) &+ vectorSigma1(x35)
        schedule.storeBytes(of: x36 &+ SIMD2(0x28db77f523047d84, 0x32caab7b40c72493), toByteOffset: 576, as: SIMD2<UInt64>.self)
        let x37 = x29 &+ vectorSigma0(SIMD2(x29[1], x30[0])) &+ SIMD2(x33[1], x34[0]) &+ vectorSigma1(x36)
        schedule.storeBytes(of: x37 &+ SIMD2(0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c), toByteOffset: 592, as: SIMD2<UInt64>.self)
        let x38 = x30 &+ vectorSigma0(SIMD2(x30[1], x31[0])) &+ SIMD2(x34[1], x35[0]) &+ vectorSigma1(x37)
        schedule.storeBytes(of: x38 &+ SIMD2(0x4cc5d4becb3e42b6, 0x597f299cfc657e2a), toByteOffset: 608, as: SIMD2<UInt64>.self)
        let x39 = x31 &+ vectorSigma0(SIMD2(x31[1], x32[0])) &+ SIMD2(x35[1], x36[0]) &+ vectorSigma1(x38)
        schedule.storeBytes(of: x39 &+ SIMD2(0x5fcb6fab3ad6faec, 0x6c44198c4a475817), toByteOffset: 624, as: SIMD2<UInt64>.self)
    }

    /// The 80 rounds of one of two interleaved blocks: schedule word *t* at byte offset 16·t.
    private static func roundsTwoWay(_ state: inout State, _ schedule: UnsafeRawPointer) {
        var a = state.a, b = state.b, c = state.c, d = state.d
        var e = state.e, f = state.f, g = state.g, h = state.h
        var bc = b ^ c
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 0, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 16, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 32, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 48, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 64, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 80, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 96, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 112, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 128, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 144, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 160, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 176, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 192, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 208, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 224, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 240, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 256, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 272, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 288, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 304, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 320, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 336, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 352, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 368, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 384, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 400, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 416, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 432, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 448, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 464, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 480, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 496, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 512, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 528, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 544, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 560, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 576, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 592, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 608, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 624, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 640, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 656, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 672, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 688, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 704, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 720, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 736, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 752, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 768, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 784, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 800, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 816, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 832, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 848, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 864, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 880, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 896, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 912, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 928, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 944, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 960, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 976, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 992, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 1008, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 1024, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 1040, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 1056, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 1072, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 1088, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 1104, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 1120, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 1136, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 1152, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 1168, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 1184, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 1200, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 1216, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 1232, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 1248, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 1264, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        state.a &+= a; state.b &+= b; state.c &+= c; state.d &+= d
        state.e &+= e; state.f &+= f; state.g &+= g; state.h &+= h
    }

    /// The 80 rounds of one block: schedule word *t* at byte offset 8·t.
    private static func roundsOneBlock(_ state: inout State, _ schedule: UnsafeRawPointer) {
        var a = state.a, b = state.b, c = state.c, d = state.d
        var e = state.e, f = state.f, g = state.g, h = state.h
        var bc = b ^ c
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 0, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 8, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 16, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 24, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 32, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 40, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 48, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 56, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 64, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 72, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 80, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 88, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 96, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 104, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 112, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 120, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 128, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 136, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 144, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 152, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 160, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 168, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 176, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 184, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 192, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 200, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 208, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 216, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 224, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 232, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 240, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 248, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 256, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 264, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 272, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 280, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 288, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 296, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 304, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 312, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 320, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 328, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 336, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 344, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 352, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 360, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 368, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 376, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 384, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 392, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 400, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 408, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 416, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 424, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 432, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 440, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 448, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 456, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 464, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 472, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 480, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 488, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 496, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 504, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 512, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 520, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 528, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 536, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 544, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 552, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 560, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 568, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 576, as: UInt64.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 584, as: UInt64.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 592, as: UInt64.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 600, as: UInt64.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 608, as: UInt64.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 616, as: UInt64.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 624, as: UInt64.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 632, as: UInt64.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        state.a &+= a; state.b &+= b; state.c &+= c; state.d &+= d
        state.e &+= e; state.f &+= f; state.g &+= g; state.h &+= h
    }
}

/// Word `offset / 8` of each of the two consecutive 128-byte blocks at `blocks`, big-endian, one per lane.
@inline(__always)
private func gatherBigEndian(_ blocks: UnsafeRawPointer, _ offset: Int) -> SIMD2<UInt64> {
    SIMD2(
        blocks.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian,
        blocks.loadUnaligned(fromByteOffset: offset + 128, as: UInt64.self).bigEndian
    )
}

/// Each lane's bytes reversed (big-endian words to native on a little-endian machine).
@inline(__always)
private func byteSwapped(_ x: SIMD2<UInt64>) -> SIMD2<UInt64> {
    #if _endian(little)
    SIMD2(x[0].byteSwapped, x[1].byteSwapped)
    #else
    x
    #endif
}

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

/// Σ0 = ROTR28 ^ ROTR34 ^ ROTR39, nested so that it needs one temporary register.
@inline(__always)
private func bigSigma0(_ a: UInt64) -> UInt64 {
    rotateRight(a ^ rotateRight(a ^ rotateRight(a, 5), 6), 28)
}

/// Σ1 = ROTR14 ^ ROTR18 ^ ROTR41, nested likewise.
@inline(__always)
private func bigSigma1(_ e: UInt64) -> UInt64 {
    rotateRight(e ^ rotateRight(e ^ rotateRight(e, 23), 4), 14)
}

@inline(__always)
private func rotateRight(_ x: UInt64, _ n: UInt64) -> UInt64 {
    x &>> n | x &<< (64 &- n)
}
