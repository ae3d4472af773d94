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

    /// Runs the compression function over `blocks` consecutive 128-byte blocks at `input`.
    private static func compress(_ state: inout State, _ input: UnsafeRawPointer, blocks: Int) {
        var block = input
        for _ in 0..<blocks {
            var a = state.a, b = state.b, c = state.c, d = state.d
            var e = state.e, f = state.f, g = state.g, h = state.h
            var w0 = block.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian
            var w1 = block.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian
            var w2 = block.loadUnaligned(fromByteOffset: 16, as: UInt64.self).bigEndian
            var w3 = block.loadUnaligned(fromByteOffset: 24, as: UInt64.self).bigEndian
            var w4 = block.loadUnaligned(fromByteOffset: 32, as: UInt64.self).bigEndian
            var w5 = block.loadUnaligned(fromByteOffset: 40, as: UInt64.self).bigEndian
            var w6 = block.loadUnaligned(fromByteOffset: 48, as: UInt64.self).bigEndian
            var w7 = block.loadUnaligned(fromByteOffset: 56, as: UInt64.self).bigEndian
            var w8 = block.loadUnaligned(fromByteOffset: 64, as: UInt64.self).bigEndian
            var w9 = block.loadUnaligned(fromByteOffset: 72, as: UInt64.self).bigEndian
            var w10 = block.loadUnaligned(fromByteOffset: 80, as: UInt64.self).bigEndian
            var w11 = block.loadUnaligned(fromByteOffset: 88, as: UInt64.self).bigEndian
            var w12 = block.loadUnaligned(fromByteOffset: 96, as: UInt64.self).bigEndian
            var w13 = block.loadUnaligned(fromByteOffset: 104, as: UInt64.self).bigEndian
            var w14 = block.loadUnaligned(fromByteOffset: 112, as: UInt64.self).bigEndian
            var w15 = block.loadUnaligned(fromByteOffset: 120, as: UInt64.self).bigEndian
            round(a, b, c, &d, e, f, g, &h, 0x428a2f98d728ae22, w0)
            round(h, a, b, &c, d, e, f, &g, 0x7137449123ef65cd, w1)
            round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcfec4d3b2f, w2)
            round(f, g, h, &a, b, c, d, &e, 0xe9b5dba58189dbbc, w3)
            round(e, f, g, &h, a, b, c, &d, 0x3956c25bf348b538, w4)
            round(d, e, f, &g, h, a, b, &c, 0x59f111f1b605d019, w5)
            round(c, d, e, &f, g, h, a, &b, 0x923f82a4af194f9b, w6)
            round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5da6d8118, w7)
            round(a, b, c, &d, e, f, g, &h, 0xd807aa98a3030242, w8)
            round(h, a, b, &c, d, e, f, &g, 0x12835b0145706fbe, w9)
            round(g, h, a, &b, c, d, e, &f, 0x243185be4ee4b28c, w10)
            round(f, g, h, &a, b, c, d, &e, 0x550c7dc3d5ffb4e2, w11)
            round(e, f, g, &h, a, b, c, &d, 0x72be5d74f27b896f, w12)
            round(d, e, f, &g, h, a, b, &c, 0x80deb1fe3b1696b1, w13)
            round(c, d, e, &f, g, h, a, &b, 0x9bdc06a725c71235, w14)
            round(b, c, d, &e, f, g, h, &a, 0xc19bf174cf692694, w15)
            w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
            round(a, b, c, &d, e, f, g, &h, 0xe49b69c19ef14ad2, w0)
            w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
            round(h, a, b, &c, d, e, f, &g, 0xefbe4786384f25e3, w1)
            w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
            round(g, h, a, &b, c, d, e, &f, 0x0fc19dc68b8cd5b5, w2)
            w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
            round(f, g, h, &a, b, c, d, &e, 0x240ca1cc77ac9c65, w3)
            w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
            round(e, f, g, &h, a, b, c, &d, 0x2de92c6f592b0275, w4)
            w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
            round(d, e, f, &g, h, a, b, &c, 0x4a7484aa6ea6e483, w5)
            w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
            round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dcbd41fbd4, w6)
            w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
            round(b, c, d, &e, f, g, h, &a, 0x76f988da831153b5, w7)
            w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
            round(a, b, c, &d, e, f, g, &h, 0x983e5152ee66dfab, w8)
            w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
            round(h, a, b, &c, d, e, f, &g, 0xa831c66d2db43210, w9)
            w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
            round(g, h, a, &b, c, d, e, &f, 0xb00327c898fb213f, w10)
            w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
            round(f, g, h, &a, b, c, d, &e, 0xbf597fc7beef0ee4, w11)
            w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
            round(e, f, g, &h, a, b, c, &d, 0xc6e00bf33da88fc2, w12)
            w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
            round(d, e, f, &g, h, a, b, &c, 0xd5a79147930aa725, w13)
            w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
            round(c, d, e, &f, g, h, a, &b, 0x06ca6351e003826f, w14)
            w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
            round(b, c, d, &e, f, g, h, &a, 0x142929670a0e6e70, w15)
            w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
            round(a, b, c, &d, e, f, g, &h, 0x27b70a8546d22ffc, w0)
            w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
            round(h, a, b, &c, d, e, f, &g, 0x2e1b21385c26c926, w1)
            w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
            round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc5ac42aed, w2)
            w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
            round(f, g, h, &a, b, c, d, &e, 0x53380d139d95b3df, w3)
            w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
            round(e, f, g, &h, a, b, c, &d, 0x650a73548baf63de, w4)
            w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
            round(d, e, f, &g, h, a, b, &c, 0x766a0abb3c77b2a8, w5)
            w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
            round(c, d, e, &f, g, h, a, &b, 0x81c2c92e47edaee6, w6)
            w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
            round(b, c, d, &e, f, g, h, &a, 0x92722c851482353b, w7)
            w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
            round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a14cf10364, w8)
            w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
            round(h, a, b, &c, d, e, f, &g, 0xa81a664bbc423001, w9)
            w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
            round(g, h, a, &b, c, d, e, &f, 0xc24b8b70d0f89791, w10)
            w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
            round(f, g, h, &a, b, c, d, &e, 0xc76c51a30654be30, w11)
            w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
            round(e, f, g, &h, a, b, c, &d, 0xd192e819d6ef5218, w12)
            w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
            round(d, e, f, &g, h, a, b, &c, 0xd69906245565a910, w13)
            w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
            round(c, d, e, &f, g, h, a, &b, 0xf40e35855771202a, w14)
            w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
            round(b, c, d, &e, f, g, h, &a, 0x106aa07032bbd1b8, w15)
            w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
            round(a, b, c, &d, e, f, g, &h, 0x19a4c116b8d2d0c8, w0)
            w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
            round(h, a, b, &c, d, e, f, &g, 0x1e376c085141ab53, w1)
            w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
            round(g, h, a, &b, c, d, e, &f, 0x2748774cdf8eeb99, w2)
            w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
            round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5e19b48a8, w3)
            w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
            round(e, f, g, &h, a, b, c, &d, 0x391c0cb3c5c95a63, w4)
            w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
            round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4ae3418acb, w5)
            w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
            round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f7763e373, w6)
            w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
            round(b, c, d, &e, f, g, h, &a, 0x682e6ff3d6b2b8a3, w7)
            w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
            round(a, b, c, &d, e, f, g, &h, 0x748f82ee5defb2fc, w8)
            w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
            round(h, a, b, &c, d, e, f, &g, 0x78a5636f43172f60, w9)
            w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
            round(g, h, a, &b, c, d, e, &f, 0x84c87814a1f0ab72, w10)
            w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
            round(f, g, h, &a, b, c, d, &e, 0x8cc702081a6439ec, w11)
            w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
            round(e, f, g, &h, a, b, c, &d, 0x90befffa23631e28, w12)
            w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
            round(d, e, f, &g, h, a, b, &c, 0xa4506cebde82bde9, w13)
            w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
            round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7b2c67915, w14)
            w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
            round(b, c, d, &e, f, g, h, &a, 0xc67178f2e372532b, w15)
            w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
            round(a, b, c, &d, e, f, g, &h, 0xca273eceea26619c, w0)
            w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
            round(h, a, b, &c, d, e, f, &g, 0xd186b8c721c0c207, w1)
            w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
            round(g, h, a, &b, c, d, e, &f, 0xeada7dd6cde0eb1e, w2)
            w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
            round(f, g, h, &a, b, c, d, &e, 0xf57d4f7fee6ed178, w3)
            w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
            round(e, f, g, &h, a, b, c, &d, 0x06f067aa72176fba, w4)
            w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
            round(d, e, f, &g, h, a, b, &c, 0x0a637dc5a2c898a6, w5)
            w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
            round(c, d, e, &f, g, h, a, &b, 0x113f9804bef90dae, w6)
            w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
            round(b, c, d, &e, f, g, h, &a, 0x1b710b35131c471b, w7)
            w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
            round(a, b, c, &d, e, f, g, &h, 0x28db77f523047d84, w8)
            w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
            round(h, a, b, &c, d, e, f, &g, 0x32caab7b40c72493, w9)
            w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
            round(g, h, a, &b, c, d, e, &f, 0x3c9ebe0a15c9bebc, w10)
            w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
            round(f, g, h, &a, b, c, d, &e, 0x431d67c49c100d4c, w11)
            w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
            round(e, f, g, &h, a, b, c, &d, 0x4cc5d4becb3e42b6, w12)
            w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
            round(d, e, f, &g, h, a, b, &c, 0x597f299cfc657e2a, w13)
            w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
            round(c, d, e, &f, g, h, a, &b, 0x5fcb6fab3ad6faec, w14)
            w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
            round(b, c, d, &e, f, g, h, &a, 0x6c44198c4a475817, w15)
            state.a &+= a; state.b &+= b; state.c &+= c; state.d &+= d
            state.e &+= e; state.f &+= f; state.g &+= g; state.h &+= h
            block += 128
        }
    }
}

@inline(__always)
private func round(
    _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: inout UInt64,
    _ e: UInt64, _ f: UInt64, _ g: UInt64, _ h: inout UInt64,
    _ k: UInt64, _ w: UInt64
) {
    let sigma1 = (e &>> 14 | e &<< 50) ^ (e &>> 18 | e &<< 46) ^ (e &>> 41 | e &<< 23)
    let choose = g ^ (e & (f ^ g))
    let t1 = h &+ sigma1 &+ choose &+ k &+ w
    let sigma0 = (a &>> 28 | a &<< 36) ^ (a &>> 34 | a &<< 30) ^ (a &>> 39 | a &<< 25)
    let majority = (a & b) | (c & (a | b))
    d &+= t1
    h = t1 &+ sigma0 &+ majority
}

@inline(__always)
private func smallSigma0(_ x: UInt64) -> UInt64 {
    (x &>> 1 | x &<< 63) ^ (x &>> 8 | x &<< 56) ^ (x &>> 7)
}

@inline(__always)
private func smallSigma1(_ x: UInt64) -> UInt64 {
    (x &>> 19 | x &<< 45) ^ (x &>> 61 | x &<< 3) ^ (x &>> 6)
}
