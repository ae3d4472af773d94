#!/usr/bin/env python3
"""Python peer of the `journal-entries` and `journal-summary-day` benchmarks.

Posts the same unified transactions through the same account mapping the way a careful Python
service would: amounts as `Decimal` (never float), payments net of change, discount, revenue,
service charge and tax per account, each amount quantized to the currency, the remainder on the
rounding account; and a day summary netting every account once.

usage: accounting_peer.py TRANSACTIONS.ndjson MAPPING.json entries|summary [ITERATIONS] [SAMPLES]
Prints one number: the median microseconds per transaction.
"""
import json
import statistics
import sys
import time
from collections import OrderedDict
from decimal import Decimal, ROUND_HALF_UP

ZERO = Decimal(0)
EXPONENT = {"IDR": Decimal(1), "SAR": Decimal("0.01")}


def dec(value):
    return Decimal(value) if value is not None else ZERO


def contributions(t, mapping):
    """(account, signed amount) pairs of one transaction; debit positive."""
    refund = t.get("kind") == "refund"
    sign = -1 if refund else 1
    parts = []
    total = dec(t["total"])
    payments = [(p.get("label") or p["method"], p["method"], dec(p["amount"])) for p in t.get("payments", [])]
    if not payments:
        payments = [("unspecified", "unspecified", total)]
    change = dec(t.get("change"))
    excess = sum(a for _, _, a in payments) - total
    change = min(change, excess) if excess > 0 else ZERO
    for index in reversed(range(len(payments))):
        label, method, amount = payments[index]
        if method == "cash" and change > 0:
            taken = min(change, amount)
            payments[index] = (label, method, amount - taken)
            change -= taken
    accounts = mapping["payments"]
    for label, method, amount in payments:
        account = accounts.get(label.lower()) or accounts.get(method)
        if account is None:
            raise KeyError("payment account for " + method)
        parts.append((account, sign * amount))
    if dec(t.get("discount")):
        parts.append((mapping["discounts"], sign * dec(t["discount"])))
    revenue = mapping["refunds"] if refund else mapping["revenue"]
    parts.append((revenue, -sign * dec(t.get("subtotal"))))
    if dec(t.get("service_charge")):
        parts.append((mapping["service_charge_income"], -sign * dec(t["service_charge"])))
    if dec(t.get("tax")):
        parts.append((mapping["tax_payable"][mapping["tax_kind"]], -sign * dec(t["tax"])))
    return parts


def balanced(parts, currency, mapping):
    nets = OrderedDict()
    for account, amount in parts:
        nets[account] = nets.get(account, ZERO) + amount
    lines = []
    balance = ZERO
    for account, amount in nets.items():
        rounded = amount.quantize(EXPONENT[currency], rounding=ROUND_HALF_UP)
        if rounded:
            lines.append((account, rounded))
            balance += rounded
    if balance:
        lines.append((mapping["rounding"], -balance))
    return lines


def entries(transactions, mapping):
    return [balanced(contributions(t, mapping), t["currency"], mapping) for t in transactions]


def summary(transactions, mapping):
    groups = OrderedDict()
    for t in transactions:
        key = (t.get("outlet"), t["currency"], t["occurred_at"][:10])
        groups.setdefault(key, []).extend(contributions(t, mapping))
    return [balanced(parts, key[1], mapping) for key, parts in groups.items()]


def main():
    path, mapping_path, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    iterations = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    samples = int(sys.argv[5]) if len(sys.argv) > 5 else 9
    with open(path) as f:
        transactions = [json.loads(line) for line in f if line.strip()]
    with open(mapping_path) as f:
        mapping = json.load(f)
    mapping["payments"] = {k.lower(): v for k, v in mapping["payments"].items()}
    run = entries if mode == "entries" else summary
    times = []
    for _ in range(samples + 1):
        start = time.perf_counter()
        for _ in range(iterations):
            run(transactions, mapping)
        times.append((time.perf_counter() - start) / iterations / len(transactions))
    print(statistics.median(times[1:]) * 1e6)


if __name__ == "__main__":
    main()
