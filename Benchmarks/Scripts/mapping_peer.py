#!/usr/bin/env python3
"""Python peer of the `mapping-order` benchmark.

Maps a Karage order the way a careful Python service would: `json.loads` with
`parse_float=Decimal` (exact amounts, no float), then a dict-to-dict mapping into the
unified shape (line totals, payments, timestamp parsed in the configured zone).

usage: mapping_peer.py ORDER.json [ITERATIONS] [SAMPLES]
Prints one number: the median microseconds per order.
"""
import json
import statistics
import sys
import time
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Riyadh")
PAYMENT_MODES = {1: "cash", 2: "card", 3: "credit", 5: "tabby", 6: "tamara", 7: "stcpay", 8: "bank_transfer"}


def money(value):
    if isinstance(value, str):
        return Decimal(value)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    raise ValueError("expected a number")


def map_order(raw):
    data = json.loads(raw, parse_float=Decimal)
    occurred = datetime.fromisoformat(data["OrderDate"]).replace(tzinfo=ZONE)
    items = []
    for item in data["OrderItems"]:
        quantity = money(item["Quantity"])
        price = money(item["Price"])
        discount = money(item.get("DiscountAmount", 0))
        reference = item.get("OdooItemID") or item.get("ItemID") or item.get("ItemName")
        items.append({
            "name": item.get("ItemName"),
            "reference": reference,
            "quantity": quantity,
            "unit_price": price,
            "discount": discount,
            "line_total": price * quantity - discount,
        })
    payments = []
    for payment in data["CheckoutDetails"]:
        payments.append({
            "method": PAYMENT_MODES[int(payment["PaymentMode"])],
            "amount": money(payment["AmountPaid"]),
            "label": payment.get("CardType"),
        })
    status = int(data["OrderStatus"])
    return {
        "source_system": "karage",
        "external_id": str(data["OrderID"]),
        "kind": "refund" if status == 106 else "sale",
        "occurred_at": occurred,
        "currency": "SAR",
        "subtotal": money(data["AmountTotal"]),
        "discount": money(data.get("AmountDiscount", 0)),
        "tax": money(data["Tax"]),
        "tax_rate": money(data["TaxPercent"]),
        "total": money(data.get("GrandTotal", 0)),
        "paid": money(data["AmountPaid"]),
        "change": money(data.get("BalanceAmount", 0)),
        "items": items,
        "payments": payments,
    }


def main():
    path = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    with open(path, "rb") as handle:
        raw = handle.read()
    map_order(raw)  # warm-up, and fail loudly if the fixture does not map
    times = []
    for _ in range(samples):
        start = time.perf_counter_ns()
        for _ in range(iterations):
            map_order(raw)
        times.append((time.perf_counter_ns() - start) / iterations / 1000.0)
    print(f"{statistics.median(times):.3f}")


if __name__ == "__main__":
    main()
