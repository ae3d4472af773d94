#!/usr/bin/env python3
"""Independent model of PWBIRetry's seeded jitter: SplitMix64, Lemire's bounded draw, and the
AWS full / equal / decorrelated jitter definitions over an exponential backoff (whole nanoseconds).
Regenerates jitter-vectors.json:  python3 jitter_vectors.py > jitter-vectors.json"""
import json

M = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        return z ^ (z >> 31)


def uniform(lower, upper, rng):
    """Lemire's multiply-and-reject draw in lower...upper."""
    if upper <= lower:
        return lower
    bound = upper - lower + 1
    product = bound * rng.next()
    high, low = product >> 64, product & M
    if low < bound:
        threshold = ((1 << 64) - bound) % bound
        while low < threshold:
            product = bound * rng.next()
            high, low = product >> 64, product & M
    return lower + high


def schedule(initial, multiplier, minimum, maximum, jitter, retries, seed):
    rng = SplitMix64(seed)
    delays, previous = [], None
    for n in range(1, retries + 1):
        nominal = min(max(initial * multiplier ** (n - 1), minimum), maximum)
        if jitter == "none":
            delay = nominal
        elif jitter == "full":
            delay = uniform(0, nominal, rng)
        elif jitter == "equal":
            half = nominal // 2
            delay = half + uniform(0, nominal - half, rng)
        else:  # decorrelated
            base = min(max(initial, minimum), maximum)
            last = base if previous is None else previous
            delay = min(maximum, uniform(base, max(base, last * 3), rng))
        delays.append(delay)
        previous = delay
    return delays


S = 1_000_000_000
cases = []
for jitter in ["none", "full", "equal", "decorrelated"]:
    for (initial, multiplier, minimum, maximum, seed) in [
        (1 * S, 2, 0, 10 * S, 42), (100_000_000, 2, 0, 5 * S, 7), (250_000_000, 3, 100_000_000, 60 * S, 2026),
        (1 * S, 2, 1 * S, 10 * S, 0),
    ]:
        cases.append({
            "jitter": jitter, "initialNanoseconds": initial, "multiplier": multiplier,
            "minimumNanoseconds": minimum, "maximumNanoseconds": maximum, "seed": seed,
            "delaysNanoseconds": schedule(initial, multiplier, minimum, maximum, jitter, 10, seed),
        })
print(json.dumps(cases, indent=1))
