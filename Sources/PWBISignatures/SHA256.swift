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
    private static func compress(_ state: inout State, _ input: UnsafeRawPointer, blocks: Int) {
        var block = input
        for _ in 0..<blocks {
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
            round(a, b, c, &d, e, f, g, &h, 0x428a2f98, w0)
            round(h, a, b, &c, d, e, f, &g, 0x71374491, w1)
            round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcf, w2)
            round(f, g, h, &a, b, c, d, &e, 0xe9b5dba5, w3)
            round(e, f, g, &h, a, b, c, &d, 0x3956c25b, w4)
            round(d, e, f, &g, h, a, b, &c, 0x59f111f1, w5)
            round(c, d, e, &f, g, h, a, &b, 0x923f82a4, w6)
            round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5, w7)
            round(a, b, c, &d, e, f, g, &h, 0xd807aa98, w8)
            round(h, a, b, &c, d, e, f, &g, 0x12835b01, w9)
            round(g, h, a, &b, c, d, e, &f, 0x243185be, w10)
            round(f, g, h, &a, b, c, d, &e, 0x550c7dc3, w11)
            round(e, f, g, &h, a, b, c, &d, 0x72be5d74, w12)
            round(d, e, f, &g, h, a, b, &c, 0x80deb1fe, w13)
            round(c, d, e, &f, g, h, a, &b, 0x9bdc06a7, w14)
            round(b, c, d, &e, f, g, h, &a, 0xc19bf174, w15)
            w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
            round(a, b, c, &d, e, f, g, &h, 0xe49b69c1, w0)
            w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
            round(h, a, b, &c, d, e, f, &g, 0xefbe4786, w1)
            w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
            round(g, h, a, &b, c, d, e, &f, 0x0fc19dc6, w2)
            w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
            round(f, g, h, &a, b, c, d, &e, 0x240ca1cc, w3)
            w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
            round(e, f, g, &h, a, b, c, &d, 0x2de92c6f, w4)
            w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
            round(d, e, f, &g, h, a, b, &c, 0x4a7484aa, w5)
            w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
            round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dc, w6)
            w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
            round(b, c, d, &e, f, g, h, &a, 0x76f988da, w7)
            w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
            round(a, b, c, &d, e, f, g, &h, 0x983e5152, w8)
            w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
            round(h, a, b, &c, d, e, f, &g, 0xa831c66d, w9)
            w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
            round(g, h, a, &b, c, d, e, &f, 0xb00327c8, w10)
            w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
            round(f, g, h, &a, b, c, d, &e, 0xbf597fc7, w11)
            w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
            round(e, f, g, &h, a, b, c, &d, 0xc6e00bf3, w12)
            w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
            round(d, e, f, &g, h, a, b, &c, 0xd5a79147, w13)
            w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
            round(c, d, e, &f, g, h, a, &b, 0x06ca6351, w14)
            w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
            round(b, c, d, &e, f, g, h, &a, 0x14292967, w15)
            w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
            round(a, b, c, &d, e, f, g, &h, 0x27b70a85, w0)
            w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
            round(h, a, b, &c, d, e, f, &g, 0x2e1b2138, w1)
            w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
            round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc, w2)
            w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
            round(f, g, h, &a, b, c, d, &e, 0x53380d13, w3)
            w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
            round(e, f, g, &h, a, b, c, &d, 0x650a7354, w4)
            w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
            round(d, e, f, &g, h, a, b, &c, 0x766a0abb, w5)
            w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
            round(c, d, e, &f, g, h, a, &b, 0x81c2c92e, w6)
            w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
            round(b, c, d, &e, f, g, h, &a, 0x92722c85, w7)
            w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
            round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a1, w8)
            w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
            round(h, a, b, &c, d, e, f, &g, 0xa81a664b, w9)
            w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
            round(g, h, a, &b, c, d, e, &f, 0xc24b8b70, w10)
            w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
            round(f, g, h, &a, b, c, d, &e, 0xc76c51a3, w11)
            w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
            round(e, f, g, &h, a, b, c, &d, 0xd192e819, w12)
            w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
            round(d, e, f, &g, h, a, b, &c, 0xd6990624, w13)
            w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
            round(c, d, e, &f, g, h, a, &b, 0xf40e3585, w14)
            w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
            round(b, c, d, &e, f, g, h, &a, 0x106aa070, w15)
            w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
            round(a, b, c, &d, e, f, g, &h, 0x19a4c116, w0)
            w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
            round(h, a, b, &c, d, e, f, &g, 0x1e376c08, w1)
            w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
            round(g, h, a, &b, c, d, e, &f, 0x2748774c, w2)
            w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
            round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5, w3)
            w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
            round(e, f, g, &h, a, b, c, &d, 0x391c0cb3, w4)
            w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
            round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4a, w5)
            w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
            round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f, w6)
            w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
            round(b, c, d, &e, f, g, h, &a, 0x682e6ff3, w7)
            w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
            round(a, b, c, &d, e, f, g, &h, 0x748f82ee, w8)
            w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
            round(h, a, b, &c, d, e, f, &g, 0x78a5636f, w9)
            w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
            round(g, h, a, &b, c, d, e, &f, 0x84c87814, w10)
            w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
            round(f, g, h, &a, b, c, d, &e, 0x8cc70208, w11)
            w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
            round(e, f, g, &h, a, b, c, &d, 0x90befffa, w12)
            w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
            round(d, e, f, &g, h, a, b, &c, 0xa4506ceb, w13)
            w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
            round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7, w14)
            w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
            round(b, c, d, &e, f, g, h, &a, 0xc67178f2, w15)
            state.a &+= a; state.b &+= b; state.c &+= c; state.d &+= d
            state.e &+= e; state.f &+= f; state.g &+= g; state.h &+= h
            block += 64
        }
    }
}

@inline(__always)
private func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
    _ k: UInt32, _ w: UInt32
) {
    let sigma1 = (e &>> 6 | e &<< 26) ^ (e &>> 11 | e &<< 21) ^ (e &>> 25 | e &<< 7)
    let choose = g ^ (e & (f ^ g))
    let t1 = h &+ sigma1 &+ choose &+ k &+ w
    let sigma0 = (a &>> 2 | a &<< 30) ^ (a &>> 13 | a &<< 19) ^ (a &>> 22 | a &<< 10)
    let majority = (a & b) | (c & (a | b))
    d &+= t1
    h = t1 &+ sigma0 &+ majority
}

@inline(__always)
private func smallSigma0(_ x: UInt32) -> UInt32 {
    (x &>> 7 | x &<< 25) ^ (x &>> 18 | x &<< 14) ^ (x &>> 3)
}

@inline(__always)
private func smallSigma1(_ x: UInt32) -> UInt32 {
    (x &>> 17 | x &<< 15) ^ (x &>> 19 | x &<< 13) ^ (x &>> 10)
}
