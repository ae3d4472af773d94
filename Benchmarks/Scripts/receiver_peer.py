#!/usr/bin/env python3
"""Python peer of the `pipeline` benchmarks: the reference framework's webhook receiver logic.

For each delivery: hmac.compare_digest of the hex HMAC-SHA256 of the raw body, json.loads
(parse_float=Decimal, so amounts stay exact as ours do), a dict mapper of the Karage order into
the unified shape, a dict idempotency check (key -> SHA-256 fingerprint, stored response), a
dict "store" upsert keyed by (tenant, source, external id), and the JSON response.

usage: receiver_peer.py TEMPLATE.json SECRET DELIVERIES SAMPLES [single|threads]
TEMPLATE is one order whose `"OrderID": 1` is replaced by 1…DELIVERIES.
Prints one number: the median deliveries per second.
"""
import hashlib
import hmac
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Riyadh")
PAYMENT_MODES = {1: "cash", 2: "card", 3: "credit", 5: "tabby", 6: "tamara", 7: "stcpay", 8: "bank_transfer"}


def money(value):
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise ValueError("expected a number")
    return Decimal(value)


def map_order(data):
    occurred = datetime.fromisoformat(data["OrderDate"]).replace(tzinfo=ZONE)
    items = []
    for item in data["OrderItems"]:
        quantity = money(item["Quantity"])
        price = money(item["Price"])
        discount = money(item.get("DiscountAmount", 0))
        items.append({
            "name": item.get("ItemName"),
            "reference": item.get("OdooItemID") or item.get("ItemID") or item.get("ItemName"),
            "quantity": quantity, "unit_price": price, "discount": discount,
            "line_total": price * quantity - discount,
        })
    payments = [{"method": PAYMENT_MODES[int(p["PaymentMode"])], "amount": money(p["AmountPaid"]), "label": p.get("CardType")}
                for p in data["CheckoutDetails"]]
    return {
        "source_system": "karage", "external_id": str(data["OrderID"]), "occurred_at": occurred,
        "currency": "SAR", "subtotal": money(data["AmountTotal"]), "tax": money(data["Tax"]),
        "total": money(data["GrandTotal"]), "paid": money(data["AmountPaid"]), "items": items, "payments": payments,
    }


class Receiver:
    def __init__(self, secret):
        self.secret = secret.encode()
        self.idempotency = {}
        self.transactions = {}
        self.lock = threading.Lock()
        self.sequence = 0

    def receive(self, body, signature):
        expected = hmac.new(self.secret, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return 401, {"success": False, "error": "Invalid signature"}
        try:
            payload = json.loads(body, parse_float=Decimal)
        except ValueError as error:
            return 400, {"success": False, "error": f"Invalid JSON: {error}"}
        try:
            unified = map_order(payload)
        except (KeyError, ValueError, TypeError) as error:
            return 400, {"success": False, "error": f"Missing or invalid field: {error}"}
        if int(payload["OrderStatus"]) != 103:
            return 400, {"success": False, "error": "Invalid OrderStatus"}
        key = ("tenant", "karage", unified["external_id"])
        fingerprint = hashlib.sha256(body).hexdigest()
        with self.lock:
            record = self.idempotency.get(key)
            if record is not None:
                if record[0] != fingerprint:
                    return 422, {"success": False, "error": "Idempotency key reused"}
                if record[1] is None:
                    return 409, {"success": False, "error": "In progress"}
                return 200, dict(record[1], duplicate=True)
            self.idempotency[key] = (fingerprint, None)
        with self.lock:
            stored = self.transactions.get(key)
            if stored is None:
                self.sequence += 1
                internal_id = "txn_%016x" % self.sequence
            else:
                internal_id = stored[0]
            self.transactions[key] = (internal_id, unified)
        response = {"duplicate": False, "success": True, "status": "success", "message": "Webhook processed",
                    "event_type": "transaction.created", "internal_id": internal_id, "external_id": unified["external_id"]}
        json.dumps(response)
        with self.lock:
            self.idempotency[key] = (fingerprint, response)
        return 200, response


def main():
    template_path, secret, deliveries, samples = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    mode = sys.argv[5] if len(sys.argv) > 5 else "single"
    with open(template_path, "rb") as handle:
        template = handle.read()
    marker = b'"OrderID": 1,'
    if marker not in template:
        raise SystemExit("template has no \"OrderID\": 1,")
    requests = []
    for number in range(1, deliveries + 1):
        body = template.replace(marker, b'"OrderID": %d,' % number)
        requests.append((body, hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()))
    status, _ = Receiver(secret).receive(*requests[0])
    if status != 200:
        raise SystemExit("the template does not go through: %d" % status)
    rates = []
    for _ in range(samples + 1):
        receiver = Receiver(secret)
        start = time.perf_counter()
        if mode == "threads":
            with ThreadPoolExecutor(max_workers=100) as pool:
                statuses = list(pool.map(lambda request: receiver.receive(*request)[0], requests))
        else:
            statuses = [receiver.receive(*request)[0] for request in requests]
        elapsed = time.perf_counter() - start
        if statuses.count(200) != deliveries:
            raise SystemExit("not every delivery succeeded")
        rates.append(deliveries / elapsed)
    print("%.1f" % statistics.median(rates[1:]))


if __name__ == "__main__":
    main()
