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

    /// Runs the compression function over `blocks` consecutive 64-byte blocks at `input`.
    ///
    /// Four blocks at a time, the message schedules are computed together in SIMD registers (lane
    /// *j* holds block *j*'s word, so every operation is vertical), with the round constants added,
    /// into a 1 KiB stack buffer; then each block's 64 rounds run over eight local words. A
    /// remainder of fewer than four blocks runs the schedule in scalar registers, fused with the rounds.
    private static func compress(_ state: inout State, _ input: UnsafeRawPointer, blocks: Int) {
        var block = input
        var remaining = blocks
        if remaining >= 4 {
            withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 16) { buffer in
                let schedule = UnsafeMutableRawPointer(buffer.baseAddress!)
                while remaining >= 4 {
                    scheduleFourBlocks(block, into: schedule)
                    for lane in 0..<4 { roundsFromSchedule(&state, UnsafeRawPointer(schedule + lane * 4)) }
                    block += 256
                    remaining -= 4
                }
            }
        }
        while remaining > 0 {
            compressOneBlock(&state, block)
            block += 64
            remaining -= 1
        }
    }

    /// The message schedules (plus round constants) of the four blocks at `blocks`, interleaved:
    /// word *t* of block *j* at byte offset 16·t + 4·j.
    @inline(__always)
    private static func scheduleFourBlocks(_ blocks: UnsafeRawPointer, into schedule: UnsafeMutableRawPointer) {
        let w0 = gatherBigEndian(blocks, 0)
        let w1 = gatherBigEndian(blocks, 4)
        let w2 = gatherBigEndian(blocks, 8)
        let w3 = gatherBigEndian(blocks, 12)
        let w4 = gatherBigEndian(blocks, 16)
        let w5 = gatherBigEndian(blocks, 20)
        let w6 = gatherBigEndian(blocks, 24)
        let w7 = gatherBigEndian(blocks, 28)
        let w8 = gatherBigEndian(blocks, 32)
        let w9 = gatherBigEndian(blocks, 36)
        let w10 = gatherBigEndian(blocks, 40)
        let w11 = gatherBigEndian(blocks, 44)
        let w12 = gatherBigEndian(blocks, 48)
        let w13 = gatherBigEndian(blocks, 52)
        let w14 = gatherBigEndian(blocks, 56)
        let w15 = gatherBigEndian(blocks, 60)
        let w16 = w0 &+ vectorSigma0(w1) &+ w9 &+ vectorSigma1(w14)
        let w17 = w1 &+ vectorSigma0(w2) &+ w10 &+ vectorSigma1(w15)
        let w18 = w2 &+ vectorSigma0(w3) &+ w11 &+ vectorSigma1(w16)
        let w19 = w3 &+ vectorSigma0(w4) &+ w12 &+ vectorSigma1(w17)
        let w20 = w4 &+ vectorSigma0(w5) &+ w13 &+ vectorSigma1(w18)
        let w21 = w5 &+ vectorSigma0(w6) &+ w14 &+ vectorSigma1(w19)
        let w22 = w6 &+ vectorSigma0(w7) &+ w15 &+ vectorSigma1(w20)
        let w23 = w7 &+ vectorSigma0(w8) &+ w16 &+ vectorSigma1(w21)
        let w24 = w8 &+ vectorSigma0(w9) &+ w17 &+ vectorSigma1(w22)
        let w25 = w9 &+ vectorSigma0(w10) &+ w18 &+ vectorSigma1(w23)
        let w26 = w10 &+ vectorSigma0(w11) &+ w19 &+ vectorSigma1(w24)
        let w27 = w11 &+ vectorSigma0(w12) &+ w20 &+ vectorSigma1(w25)
        let w28 = w12 &+ vectorSigma0(w13) &+ w21 &+ vectorSigma1(w26)
        let w29 = w13 &+ vectorSigma0(w14) &+ w22 &+ vectorSigma1(w27)
        let w30 = w14 &+ vectorSigma0(w15) &+ w23 &+ vectorSigma1(w28)
        let w31 = w15 &+ vectorSigma0(w16) &+ w24 &+ vectorSigma1(w29)
        let w32 = w16 &+ vectorSigma0(w17) &+ w25 &+ vectorSigma1(w30)
        let w33 = w17 &+ vectorSigma0(w18) &+ w26 &+ vectorSigma1(w31)
        let w34 = w18 &+ vectorSigma0(w19) &+ w27 &+ vectorSigma1(w32)
        let w35 = w19 &+ vectorSigma0(w20) &+ w28 &+ vectorSigma1(w33)
        let w36 = w20 &+ vectorSigma0(w21) &+ w29 &+ vectorSigma1(w34)
        let w37 = w21 &+ vectorSigma0(w22) &+ w30 &+ vectorSigma1(w35)
        let w38 = w22 &+ vectorSigma0(w23) &+ w31 &+ vectorSigma1(w36)
        let w39 = w23 &+ vectorSigma0(w24) &+ w32 &+ vectorSigma1(w37)
        let w40 = w24 &+ vectorSigma0(w25) &+ w33 &+ vectorSigma1(w38)
        let w41 = w25 &+ vectorSigma0(w26) &+ w34 &+ vectorSigma1(w39)
        let w42 = w26 &+ vectorSigma0(w27) &+ w35 &+ vectorSigma1(w40)
        let w43 = w27 &+ vectorSigma0(w28) &+ w36 &+ vectorSigma1(w41)
        let w44 = w28 &+ vectorSigma0(w29) &+ w37 &+ vectorSigma1(w42)
        let w45 = w29 &+ vectorSigma0(w30) &+ w38 &+ vectorSigma1(w43)
        let w46 = w30 &+ vectorSigma0(w31) &+ w39 &+ vectorSigma1(w44)
        let w47 = w31 &+ vectorSigma0(w32) &+ w40 &+ vectorSigma1(w45)
        let w48 = w32 &+ vectorSigma0(w33) &+ w41 &+ vectorSigma1(w46)
        let w49 = w33 &+ vectorSigma0(w34) &+ w42 &+ vectorSigma1(w47)
        let w50 = w34 &+ vectorSigma0(w35) &+ w43 &+ vectorSigma1(w48)
        let w51 = w35 &+ vectorSigma0(w36) &+ w44 &+ vectorSigma1(w49)
        let w52 = w36 &+ vectorSigma0(w37) &+ w45 &+ vectorSigma1(w50)
        let w53 = w37 &+ vectorSigma0(w38) &+ w46 &+ vectorSigma1(w51)
        let w54 = w38 &+ vectorSigma0(w39) &+ w47 &+ vectorSigma1(w52)
        let w55 = w39 &+ vectorSigma0(w40) &+ w48 &+ vectorSigma1(w53)
        let w56 = w40 &+ vectorSigma0(w41) &+ w49 &+ vectorSigma1(w54)
        let w57 = w41 &+ vectorSigma0(w42) &+ w50 &+ vectorSigma1(w55)
        let w58 = w42 &+ vectorSigma0(w43) &+ w51 &+ vectorSigma1(w56)
        let w59 = w43 &+ vectorSigma0(w44) &+ w52 &+ vectorSigma1(w57)
        let w60 = w44 &+ vectorSigma0(w45) &+ w53 &+ vectorSigma1(w58)
        let w61 = w45 &+ vectorSigma0(w46) &+ w54 &+ vectorSigma1(w59)
        let w62 = w46 &+ vectorSigma0(w47) &+ w55 &+ vectorSigma1(w60)
        let w63 = w47 &+ vectorSigma0(w48) &+ w56 &+ vectorSigma1(w61)
        schedule.storeBytes(of: w0 &+ SIMD4(repeating: 0x428a2f98), toByteOffset: 0, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w1 &+ SIMD4(repeating: 0x71374491), toByteOffset: 16, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w2 &+ SIMD4(repeating: 0xb5c0fbcf), toByteOffset: 32, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w3 &+ SIMD4(repeating: 0xe9b5dba5), toByteOffset: 48, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w4 &+ SIMD4(repeating: 0x3956c25b), toByteOffset: 64, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w5 &+ SIMD4(repeating: 0x59f111f1), toByteOffset: 80, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w6 &+ SIMD4(repeating: 0x923f82a4), toByteOffset: 96, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w7 &+ SIMD4(repeating: 0xab1c5ed5), toByteOffset: 112, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w8 &+ SIMD4(repeating: 0xd807aa98), toByteOffset: 128, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w9 &+ SIMD4(repeating: 0x12835b01), toByteOffset: 144, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w10 &+ SIMD4(repeating: 0x243185be), toByteOffset: 160, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w11 &+ SIMD4(repeating: 0x550c7dc3), toByteOffset: 176, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w12 &+ SIMD4(repeating: 0x72be5d74), toByteOffset: 192, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w13 &+ SIMD4(repeating: 0x80deb1fe), toByteOffset: 208, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w14 &+ SIMD4(repeating: 0x9bdc06a7), toByteOffset: 224, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w15 &+ SIMD4(repeating: 0xc19bf174), toByteOffset: 240, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w16 &+ SIMD4(repeating: 0xe49b69c1), toByteOffset: 256, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w17 &+ SIMD4(repeating: 0xefbe4786), toByteOffset: 272, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w18 &+ SIMD4(repeating: 0x0fc19dc6), toByteOffset: 288, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w19 &+ SIMD4(repeating: 0x240ca1cc), toByteOffset: 304, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w20 &+ SIMD4(repeating: 0x2de92c6f), toByteOffset: 320, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w21 &+ SIMD4(repeating: 0x4a7484aa), toByteOffset: 336, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w22 &+ SIMD4(repeating: 0x5cb0a9dc), toByteOffset: 352, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w23 &+ SIMD4(repeating: 0x76f988da), toByteOffset: 368, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w24 &+ SIMD4(repeating: 0x983e5152), toByteOffset: 384, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w25 &+ SIMD4(repeating: 0xa831c66d), toByteOffset: 400, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w26 &+ SIMD4(repeating: 0xb00327c8), toByteOffset: 416, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w27 &+ SIMD4(repeating: 0xbf597fc7), toByteOffset: 432, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w28 &+ SIMD4(repeating: 0xc6e00bf3), toByteOffset: 448, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w29 &+ SIMD4(repeating: 0xd5a79147), toByteOffset: 464, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w30 &+ SIMD4(repeating: 0x06ca6351), toByteOffset: 480, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w31 &+ SIMD4(repeating: 0x14292967), toByteOffset: 496, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w32 &+ SIMD4(repeating: 0x27b70a85), toByteOffset: 512, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w33 &+ SIMD4(repeating: 0x2e1b2138), toByteOffset: 528, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w34 &+ SIMD4(repeating: 0x4d2c6dfc), toByteOffset: 544, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w35 &+ SIMD4(repeating: 0x53380d13), toByteOffset: 560, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w36 &+ SIMD4(repeating: 0x650a7354), toByteOffset: 576, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w37 &+ SIMD4(repeating: 0x766a0abb), toByteOffset: 592, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w38 &+ SIMD4(repeating: 0x81c2c92e), toByteOffset: 608, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w39 &+ SIMD4(repeating: 0x92722c85), toByteOffset: 624, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w40 &+ SIMD4(repeating: 0xa2bfe8a1), toByteOffset: 640, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w41 &+ SIMD4(repeating: 0xa81a664b), toByteOffset: 656, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w42 &+ SIMD4(repeating: 0xc24b8b70), toByteOffset: 672, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w43 &+ SIMD4(repeating: 0xc76c51a3), toByteOffset: 688, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w44 &+ SIMD4(repeating: 0xd192e819), toByteOffset: 704, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w45 &+ SIMD4(repeating: 0xd6990624), toByteOffset: 720, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w46 &+ SIMD4(repeating: 0xf40e3585), toByteOffset: 736, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w47 &+ SIMD4(repeating: 0x106aa070), toByteOffset: 752, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w48 &+ SIMD4(repeating: 0x19a4c116), toByteOffset: 768, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w49 &+ SIMD4(repeating: 0x1e376c08), toByteOffset: 784, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w50 &+ SIMD4(repeating: 0x2748774c), toByteOffset: 800, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w51 &+ SIMD4(repeating: 0x34b0bcb5), toByteOffset: 816, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w52 &+ SIMD4(repeating: 0x391c0cb3), toByteOffset: 832, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w53 &+ SIMD4(repeating: 0x4ed8aa4a), toByteOffset: 848, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w54 &+ SIMD4(repeating: 0x5b9cca4f), toByteOffset: 864, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w55 &+ SIMD4(repeating: 0x682e6ff3), toByteOffset: 880, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w56 &+ SIMD4(repeating: 0x748f82ee), toByteOffset: 896, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w57 &+ SIMD4(repeating: 0x78a5636f), toByteOffset: 912, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w58 &+ SIMD4(repeating: 0x84c87814), toByteOffset: 928, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w59 &+ SIMD4(repeating: 0x8cc70208), toByteOffset: 944, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w60 &+ SIMD4(repeating: 0x90befffa), toByteOffset: 960, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w61 &+ SIMD4(repeating: 0xa4506ceb), toByteOffset: 976, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w62 &+ SIMD4(repeating: 0xbef9a3f7), toByteOffset: 992, as: SIMD4<UInt32>.self)
        schedule.storeBytes(of: w63 &+ SIMD4(repeating: 0xc67178f2), toByteOffset: 1008, as: SIMD4<UInt32>.self)
    }

    /// The 64 rounds of one block whose schedule word *t* is at byte offset 16·t of `schedule`.
    private static func roundsFromSchedule(_ state: inout State, _ schedule: UnsafeRawPointer) {
        var a = state.a, b = state.b, c = state.c, d = state.d
        var e = state.e, f = state.f, g = state.g, h = state.h
        var bc = b ^ c
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 0, as: UInt32.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 16, as: UInt32.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 32, as: UInt32.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 48, as: UInt32.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 64, as: UInt32.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 80, as: UInt32.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 96, as: UInt32.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 112, as: UInt32.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 128, as: UInt32.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 144, as: UInt32.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 160, as: UInt32.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 176, as: UInt32.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 192, as: UInt32.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 208, as: UInt32.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 224, as: UInt32.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 240, as: UInt32.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 256, as: UInt32.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 272, as: UInt32.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 288, as: UInt32.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 304, as: UInt32.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 320, as: UInt32.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 336, as: UInt32.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 352, as: UInt32.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 368, as: UInt32.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 384, as: UInt32.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 400, as: UInt32.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 416, as: UInt32.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 432, as: UInt32.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 448, as: UInt32.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 464, as: UInt32.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 480, as: UInt32.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 496, as: UInt32.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 512, as: UInt32.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 528, as: UInt32.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 544, as: UInt32.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 560, as: UInt32.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 576, as: UInt32.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 592, as: UInt32.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 608, as: UInt32.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 624, as: UInt32.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 640, as: UInt32.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 656, as: UInt32.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 672, as: UInt32.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 688, as: UInt32.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 704, as: UInt32.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 720, as: UInt32.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 736, as: UInt32.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 752, as: UInt32.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 768, as: UInt32.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 784, as: UInt32.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 800, as: UInt32.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 816, as: UInt32.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 832, as: UInt32.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 848, as: UInt32.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 864, as: UInt32.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 880, as: UInt32.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ schedule.load(fromByteOffset: 896, as: UInt32.self) &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ schedule.load(fromByteOffset: 912, as: UInt32.self) &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ schedule.load(fromByteOffset: 928, as: UInt32.self) &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ schedule.load(fromByteOffset: 944, as: UInt32.self) &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ schedule.load(fromByteOffset: 960, as: UInt32.self) &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ schedule.load(fromByteOffset: 976, as: UInt32.self) &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ schedule.load(fromByteOffset: 992, as: UInt32.self) &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ schedule.load(fromByteOffset: 1008, as: UInt32.self) &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        state.a &+= a; state.b &+= b; state.c &+= c; state.d &+= d
        state.e &+= e; state.f &+= f; state.g &+= g; state.h &+= h
    }

    /// One block, its schedule computed in scalar registers alongside the rounds.
    private static func compressOneBlock(_ state: inout State, _ block: UnsafeRawPointer) {
        var a = state.a, b = state.b, c = state.c, d = state.d
        var e = state.e, f = state.f, g = state.g, h = state.h
        var w0 = block.loadUnaligned(fromByteOffset: 0, as: UInt32.self).bigEndian
        var w1 = block.loadUnaligned(fromByteOffset: 4, as: UInt32.self).bigEndian
        var w2 = block.loadUnaligned(fromByteOffset: 8, as: UInt32.self).bigEndian
        var w3 = block.loadUnaligned(fromByteOffset: 12, as: UInt32.self).bigEndian
        var w4 = block.loadUnaligned(fromByteOffset: 16, as: UInt32.self).bigEndian
        var w5 = block.loadUnaligned(fromByteOffset: 20, as: UInt32.self).bigEndian
        var w6 = block.loadUnaligned(fromByteOffset: 24, as: UInt32.self).bigEndian
        var w7 = block.loadUnaligned(fromByteOffset: 28, as: UInt32.self).bigEndian
        var w8 = block.loadUnaligned(fromByteOffset: 32, as: UInt32.self).bigEndian
        var w9 = block.loadUnaligned(fromByteOffset: 36, as: UInt32.self).bigEndian
        var w10 = block.loadUnaligned(fromByteOffset: 40, as: UInt32.self).bigEndian
        var w11 = block.loadUnaligned(fromByteOffset: 44, as: UInt32.self).bigEndian
        var w12 = block.loadUnaligned(fromByteOffset: 48, as: UInt32.self).bigEndian
        var w13 = block.loadUnaligned(fromByteOffset: 52, as: UInt32.self).bigEndian
        var w14 = block.loadUnaligned(fromByteOffset: 56, as: UInt32.self).bigEndian
        var w15 = block.loadUnaligned(fromByteOffset: 60, as: UInt32.self).bigEndian
        var bc = b ^ c
        do {
            let t1 = h &+ 0x428a2f98 &+ w0 &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ 0x71374491 &+ w1 &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ 0xb5c0fbcf &+ w2 &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ 0xe9b5dba5 &+ w3 &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ 0x3956c25b &+ w4 &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ 0x59f111f1 &+ w5 &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ 0x923f82a4 &+ w6 &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ 0xab1c5ed5 &+ w7 &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        do {
            let t1 = h &+ 0xd807aa98 &+ w8 &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        do {
            let t1 = g &+ 0x12835b01 &+ w9 &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        do {
            let t1 = f &+ 0x243185be &+ w10 &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        do {
            let t1 = e &+ 0x550c7dc3 &+ w11 &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        do {
            let t1 = d &+ 0x72be5d74 &+ w12 &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        do {
            let t1 = c &+ 0x80deb1fe &+ w13 &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        do {
            let t1 = b &+ 0x9bdc06a7 &+ w14 &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        do {
            let t1 = a &+ 0xc19bf174 &+ w15 &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
        do {
            let t1 = h &+ 0xe49b69c1 &+ w0 &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
        do {
            let t1 = g &+ 0xefbe4786 &+ w1 &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
        do {
            let t1 = f &+ 0x0fc19dc6 &+ w2 &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
        do {
            let t1 = e &+ 0x240ca1cc &+ w3 &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
        do {
            let t1 = d &+ 0x2de92c6f &+ w4 &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
        do {
            let t1 = c &+ 0x4a7484aa &+ w5 &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
        do {
            let t1 = b &+ 0x5cb0a9dc &+ w6 &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
        do {
            let t1 = a &+ 0x76f988da &+ w7 &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
        do {
            let t1 = h &+ 0x983e5152 &+ w8 &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
        do {
            let t1 = g &+ 0xa831c66d &+ w9 &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
        do {
            let t1 = f &+ 0xb00327c8 &+ w10 &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
        do {
            let t1 = e &+ 0xbf597fc7 &+ w11 &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
        do {
            let t1 = d &+ 0xc6e00bf3 &+ w12 &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
        do {
            let t1 = c &+ 0xd5a79147 &+ w13 &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
        do {
            let t1 = b &+ 0x06ca6351 &+ w14 &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
        do {
            let t1 = a &+ 0x14292967 &+ w15 &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
        do {
            let t1 = h &+ 0x27b70a85 &+ w0 &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
        do {
            let t1 = g &+ 0x2e1b2138 &+ w1 &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
        do {
            let t1 = f &+ 0x4d2c6dfc &+ w2 &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
        do {
            let t1 = e &+ 0x53380d13 &+ w3 &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
        do {
            let t1 = d &+ 0x650a7354 &+ w4 &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
        do {
            let t1 = c &+ 0x766a0abb &+ w5 &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
        do {
            let t1 = b &+ 0x81c2c92e &+ w6 &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
        do {
            let t1 = a &+ 0x92722c85 &+ w7 &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
        do {
            let t1 = h &+ 0xa2bfe8a1 &+ w8 &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
        do {
            let t1 = g &+ 0xa81a664b &+ w9 &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
        do {
            let t1 = f &+ 0xc24b8b70 &+ w10 &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
        do {
            let t1 = e &+ 0xc76c51a3 &+ w11 &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
        do {
            let t1 = d &+ 0xd192e819 &+ w12 &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
        do {
            let t1 = c &+ 0xd6990624 &+ w13 &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
        do {
            let t1 = b &+ 0xf40e3585 &+ w14 &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
        do {
            let t1 = a &+ 0x106aa070 &+ w15 &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
        do {
            let t1 = h &+ 0x19a4c116 &+ w0 &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
        do {
            let t1 = g &+ 0x1e376c08 &+ w1 &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
        do {
            let t1 = f &+ 0x2748774c &+ w2 &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
        do {
            let t1 = e &+ 0x34b0bcb5 &+ w3 &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
        do {
            let t1 = d &+ 0x391c0cb3 &+ w4 &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
        do {
            let t1 = c &+ 0x4ed8aa4a &+ w5 &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
        do {
            let t1 = b &+ 0x5b9cca4f &+ w6 &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
        do {
            let t1 = a &+ 0x682e6ff3 &+ w7 &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
        w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
        do {
            let t1 = h &+ 0x748f82ee &+ w8 &+ (g ^ (e & (f ^ g))) &+ bigSigma1(e)
            let ab = a ^ b
            d &+= t1
            h = t1 &+ bigSigma0(a) &+ ((ab & bc) ^ b)
            bc = ab
        }
        w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
        do {
            let t1 = g &+ 0x78a5636f &+ w9 &+ (f ^ (d & (e ^ f))) &+ bigSigma1(d)
            let ab = h ^ a
            c &+= t1
            g = t1 &+ bigSigma0(h) &+ ((ab & bc) ^ a)
            bc = ab
        }
        w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
        do {
            let t1 = f &+ 0x84c87814 &+ w10 &+ (e ^ (c & (d ^ e))) &+ bigSigma1(c)
            let ab = g ^ h
            b &+= t1
            f = t1 &+ bigSigma0(g) &+ ((ab & bc) ^ h)
            bc = ab
        }
        w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
        do {
            let t1 = e &+ 0x8cc70208 &+ w11 &+ (d ^ (b & (c ^ d))) &+ bigSigma1(b)
            let ab = f ^ g
            a &+= t1
            e = t1 &+ bigSigma0(f) &+ ((ab & bc) ^ g)
            bc = ab
        }
        w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
        do {
            let t1 = d &+ 0x90befffa &+ w12 &+ (c ^ (a & (b ^ c))) &+ bigSigma1(a)
            let ab = e ^ f
            h &+= t1
            d = t1 &+ bigSigma0(e) &+ ((ab & bc) ^ f)
            bc = ab
        }
        w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
        do {
            let t1 = c &+ 0xa4506ceb &+ w13 &+ (b ^ (h & (a ^ b))) &+ bigSigma1(h)
            let ab = d ^ e
            g &+= t1
            c = t1 &+ bigSigma0(d) &+ ((ab & bc) ^ e)
            bc = ab
        }
        w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
        do {
            let t1 = b &+ 0xbef9a3f7 &+ w14 &+ (a ^ (g & (h ^ a))) &+ bigSigma1(g)
            let ab = c ^ d
            f &+= t1
            b = t1 &+ bigSigma0(c) &+ ((ab & bc) ^ d)
            bc = ab
        }
        w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
        do {
            let t1 = a &+ 0xc67178f2 &+ w15 &+ (h ^ (f & (g ^ h))) &+ bigSigma1(f)
            let ab = b ^ c
            e &+= t1
            a = t1 &+ bigSigma0(b) &+ ((ab & bc) ^ c)
            bc = ab
        }
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

// The vector σ functions are written as five shifts joined by XOR rather than as rotations:
// LLVM turns a rotation pattern into a funnel shift, which SSE2 lacks, and then scalarises.

@inline(__always)
private func vectorSigma0(_ x: SIMD4<UInt32>) -> SIMD4<UInt32> {
    (x &>> 7) ^ (x &>> 18) ^ (x &>> 3) ^ (x &<< 25) ^ (x &<< 14)
}

@inline(__always)
private func vectorSigma1(_ x: SIMD4<UInt32>) -> SIMD4<UInt32> {
    (x &>> 17) ^ (x &>> 19) ^ (x &>> 10) ^ (x &<< 15) ^ (x &<< 13)
}

@inline(__always)
private func smallSigma0(_ x: UInt32) -> UInt32 {
    (x &>> 7 | x &<< 25) ^ (x &>> 18 | x &<< 14) ^ (x &>> 3)
}

@inline(__always)
private func smallSigma1(_ x: UInt32) -> UInt32 {
    (x &>> 17 | x &<< 15) ^ (x &>> 19 | x &<< 13) ^ (x &>> 10)
}

@inline(__always)
private func bigSigma0(_ a: UInt32) -> UInt32 {
    rotateRight(a ^ rotateRight(a ^ rotateRight(a, 9), 11), 2)
}

@inline(__always)
private func bigSigma1(_ e: UInt32) -> UInt32 {
    rotateRight(e ^ rotateRight(e ^ rotateRight(e, 14), 5), 6)
}

@inline(__always)
private func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 {
    x &>> n | x &<< (32 &- n)
}
