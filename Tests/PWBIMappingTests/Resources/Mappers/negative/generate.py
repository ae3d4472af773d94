#!/usr/bin/env python3
"""Generates the negative mapper fixtures: one file per (required field, defect).

Each case takes a valid fixture, breaks exactly one required field (missing, wrong type,
malformed number, bad date, unknown code) and records in cases.json the path the mapper's
error must name and the kind of defect. Run from this directory: python3 generate.py
"""
import copy
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (source, event, base fixture, [(path, defects)])
# defects: missing, type, number, date, code
SPECS = [
    ("pawoon", "transaction.created", "pawoon/transaction.json", [
        ("transaction_id", "missing type"),
        ("total", "missing type number"),
        ("tax", "type number"),
        ("timestamp", "missing type date"),
        ("items", "type"),
        ("items[1].name", "missing type"),
        ("items[1].qty", "missing type number"),
        ("items[2].price", "missing type number"),
    ]),
    ("pawoon", "inventory.updated", "pawoon/inventory.json", [
        ("product_id", "missing type"),
        ("stock", "missing type number"),
        ("updated_at", "missing type date"),
    ]),
    ("moka", "transaction.created", "moka/transaction.json", [
        ("id", "missing type"),
        ("grand_total", "missing type number"),
        ("created_at", "missing type date"),
        ("line_items[0].item_name", "missing type"),
        ("line_items[1].quantity", "missing type number"),
        ("line_items[2].price", "missing type number"),
    ]),
    ("moka", "transaction.created", "moka/report-payment.json", [
        ("created_at", "missing type date"),
        ("subtotal", "missing type number"),
        ("total_collected", "missing type number"),
        ("taxes", "type number"),
        ("checkouts[1].item_name", "missing type"),
        ("checkouts[1].quantity", "missing type number"),
        ("checkouts[2].item_price", "missing type number"),
    ]),
    ("moka", "inventory.updated", "moka/inventory.json", [
        ("item_id", "missing type"),
        ("in_stock", "missing type number"),
        ("updated_at", "missing type date"),
    ]),
    ("qasir", "transaction.created", "qasir/transaction.json", [
        ("id", "missing type"),
        ("created_at", "missing type date"),
        ("total", "missing type number"),
        ("tax", "type number"),
        ("paid", "type number"),
        ("items[1].name", "missing type"),
        ("items[1].quantity", "missing type number"),
        ("items[0].price", "missing type number"),
    ]),
    ("qasir", "inventory.updated", "qasir/inventory.json", [
        ("product_id", "missing type"),
        ("stock", "missing type number"),
        ("updated_at", "missing type date"),
    ]),
    ("olsera", "transaction.created", "olsera/transaction.json", [
        ("order_no", "missing type"),
        ("order_date", "missing type date"),
        ("total_amount", "missing type number"),
        ("service_charge", "type number"),
        ("items[1].product_name", "missing type"),
        ("items[1].qty", "missing type number"),
        ("items[0].price", "missing type number"),
    ]),
    ("olsera", "inventory.updated", "olsera/inventory.json", [
        ("product_id", "missing type"),
        ("stock_qty", "missing type number"),
        ("updated_at", "missing type date"),
    ]),
    ("karage", "transaction.created", "karage/order-split-payment.json", [
        ("OrderID", "missing type"),
        ("OrderDate", "missing type date"),
        ("OrderStatus", "missing type number"),
        ("AmountPaid", "missing type number"),
        ("AmountTotal", "missing type number"),
        ("Tax", "missing type number"),
        ("TaxPercent", "missing type number"),
        ("OrderItems", "missing type"),
        ("CheckoutDetails", "missing type"),
        ("OrderItems[2].Price", "missing type number"),
        ("OrderItems[2].Quantity", "missing type number"),
        ("OrderItems[0].DiscountAmount", "type number"),
        ("CheckoutDetails[1].PaymentMode", "missing type code"),
        ("CheckoutDetails[1].AmountPaid", "missing type number"),
    ]),
    ("xendit", "transaction.created", "xendit/invoice-paid.json", [
        ("id", "missing type"),
        ("external_id", "missing type"),
        ("status", "missing type"),
        ("amount", "missing type number"),
        ("paid_amount", "type number"),
        ("currency", "missing type"),
        ("paid_at", "missing type date"),
    ]),
    ("midtrans", "transaction.created", "midtrans/settlement-qris.json", [
        ("order_id", "missing type"),
        ("transaction_status", "missing type"),
        ("status_code", "missing type"),
        ("gross_amount", "missing type number"),
        ("transaction_time", "missing type date"),
        ("settlement_time", "type date"),
    ]),
]

SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path):
    return [int(index) if index else key for key, index in SEGMENT.findall(path)]


def parent_and_key(document, path):
    steps = parse_path(path)
    node = document
    for step in steps[:-1]:
        node = node[step]
    return node, steps[-1]


def wrong_type(value):
    """A value of another JSON type than the field accepts."""
    if isinstance(value, list):
        return {"unexpected": "object"}
    if isinstance(value, (dict)):
        return [1, 2]
    return True if not isinstance(value, bool) else "true"


def malformed_number(path):
    leaf = parse_path(path)[-1]
    return {"Quantity": "2 pcs", "qty": "dua", "quantity": "1/2", "OrderStatus": 103.5}.get(leaf, "80.5O")


def main():
    cases = []
    for source, event, base_name, fields in SPECS:
        with open(os.path.join(ROOT, base_name)) as handle:
            base = json.load(handle)
        stem = os.path.splitext(os.path.basename(base_name))[0]
        for path, defects in fields:
            for defect in defects.split():
                document = copy.deepcopy(base)
                parent, key = parent_and_key(document, path)
                if defect == "missing":
                    del parent[key]
                    kind = "missing"
                elif defect == "type":
                    parent[key] = wrong_type(parent[key])
                    kind = "wrongType"
                elif defect == "number":
                    parent[key] = malformed_number(path)
                    kind = "malformedNumber"
                elif defect == "date":
                    parent[key] = "27/12/2025 14:30"
                    kind = "badDate"
                elif defect == "code":
                    parent[key] = 4
                    kind = "unknownCode"
                else:
                    raise SystemExit(f"unknown defect {defect}")
                slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
                name = f"{source}-{stem}-{slug}-{kind}.json"
                with open(os.path.join(HERE, name), "w") as handle:
                    json.dump(document, handle, indent=2, ensure_ascii=False)
                    handle.write("\n")
                cases.append({"file": name, "source": source, "event": event, "path": path, "kind": kind})
    with open(os.path.join(HERE, "cases.json"), "w") as handle:
        json.dump(cases, handle, indent=1)
        handle.write("\n")
    print(f"{len(cases)} negative fixtures")


if __name__ == "__main__":
    main()
