#!/usr/bin/env python3
"""Generates differential.json once, with Python's hashlib/hmac as the reference.

    python3 generate_vectors.py > differential.json

The message is one fixed pseudo-random byte string of 1100 bytes; vector n uses its first n
bytes, so every length 0...1100 (both sides of every 64- and 128-byte block boundary) is covered.
HMAC keys cycle through lengths 0...199 (shorter than, equal to and longer than both block sizes).
Split vectors feed the same prefixes in random chunks.
"""
import hashlib, hmac, json, random

rng = random.Random(20261122)
message = bytes(rng.getrandbits(8) for _ in range(1100))
key_material = bytes(rng.getrandbits(8) for _ in range(200))

lengths = []
for n in range(0, 1101):
    m = message[:n]
    k = key_material[: n % 200]
    lengths.append({
        "length": n,
        "keyLength": n % 200,
        "sha256": hashlib.sha256(m).hexdigest(),
        "sha512": hashlib.sha512(m).hexdigest(),
        "hmacSHA256": hmac.new(k, m, hashlib.sha256).hexdigest(),
        "hmacSHA512": hmac.new(k, m, hashlib.sha512).hexdigest() if n % 10 == 0 else None,
    })

splits = []
for _ in range(200):
    n = rng.randint(0, 1100)
    cuts = sorted(rng.randint(0, n) for _ in range(rng.randint(1, 12)))
    chunks, previous = [], 0
    for cut in cuts + [n]:
        chunks.append(cut - previous)
        previous = cut
    m = message[:n]
    splits.append({
        "chunks": chunks,
        "sha256": hashlib.sha256(m).hexdigest(),
        "sha512": hashlib.sha512(m).hexdigest(),
    })

print(json.dumps({
    "message": message.hex(),
    "keyMaterial": key_material.hex(),
    "lengths": [{k: v for k, v in entry.items() if v is not None} for entry in lengths],
    "splits": splits,
}, separators=(",", ":")))
