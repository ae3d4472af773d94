#!/usr/bin/env python3
"""Writes the accounting test fixtures, independently of the Swift code under test.

Request bodies are the shapes of Accurate Online's `journal-voucher/save.do`,
`journal-voucher/bulk-save.do`, `sales-invoice/save.do`, `sales-invoice/bulk-save.do`
and Jurnal.id's `journal_entries` / `sales_invoices` (API-key flavour), for the scenarios
the Swift tests build. Amounts are written from their decimal text, never through float.
The X-Api-Signature vectors are computed with Python's hmac + hashlib.

Run from this directory: python3 generate_fixtures.py
"""
import base64
import hashlib
import hmac
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "Resources")


class Num:
    """A JSON number written exactly as its decimal text."""

    def __init__(self, text):
        self.text = text


def dump(value):
    if isinstance(value, Num):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(dump(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dump(v) for k, v in value.items()) + "}"
    raise TypeError(value)


def write(path, value):
    with open(os.path.join(OUT, path), "w", encoding="utf-8") as f:
        f.write(dump(value) if not isinstance(value, str) else value)


# ---------------------------------------------------------------- entries (Accurate account numbers)
# Entry A: Rp100.000 subtotal, 20% discount, 5% service on the pre-discount amount,
# 10% PBJT on 85.000 -> total 93.500, paid 50.000 cash + 43.500 QRIS, outlet JKT-01.
A = dict(
    date=("27/12/2025", "2025-12-27"),
    number="karage-JKT-01-1001",
    description="Sale karage 1001 at JKT-01",
    branch="Jakarta Pusat",
    lines=[
        ("1101", "Kas", "50000", "DEBIT", "Payment cash"),
        ("1103", "Piutang QRIS", "43500", "DEBIT", "Payment QRIS"),
        ("4104", "Diskon Penjualan", "20000", "DEBIT", "Discount"),
        ("4101", "Pendapatan Penjualan", "100000", "CREDIT", "Revenue"),
        ("4103", "Pendapatan Service Charge", "5000", "CREDIT", "Service charge"),
        ("2104", "Hutang Pajak PB1", "8500", "CREDIT", "Tax PB1"),
    ],
)
# Entry C: refund of one Nasi Goreng from the same receipt (35.000, 20% discount, 5% service,
# 10% PB1 on 29.750), paid back in cash.
C = dict(
    date=("28/12/2025", "2025-12-28"),
    number="karage-JKT-01-1001-R1",
    description="Refund karage 1001-R1 at JKT-01",
    branch="Jakarta Pusat",
    lines=[
        ("4105", "Retur Penjualan", "35000", "DEBIT", "Refund"),
        ("4103", "Pendapatan Service Charge", "1750", "DEBIT", "Service charge"),
        ("2104", "Hutang Pajak PB1", "2975", "DEBIT", "Tax PB1"),
        ("1101", "Kas", "32725", "CREDIT", "Payment cash"),
        ("4104", "Diskon Penjualan", "7000", "CREDIT", "Discount"),
    ],
)
# Entry B: SAR sale in Riyadh, 10.43 + 15% VAT 1.57 = 12.00 but 11.99 charged to the card:
# the 0.01 goes to the rounding account. Occurred 2025-12-27T21:30Z = 28/12 00:30 in Riyadh.
B = dict(
    date=("28/12/2025", "2025-12-28"),
    number="karage-RUH-01-2001",
    description="Sale karage 2001 at RUH-01",
    branch=None,
    lines=[
        ("1102", "Card Clearing", "11.99", "DEBIT", "Payment card"),
        ("6901", "Rounding", "0.01", "DEBIT", "Rounding"),
        ("4101", "Sales", "10.43", "CREDIT", "Revenue"),
        ("2103", "VAT Payable", "1.57", "CREDIT", "Tax VAT"),
    ],
)


def accurate_voucher(e):
    body = {"transDate": e["date"][0], "number": e["number"], "description": e["description"]}
    if e["branch"]:
        body["branchName"] = e["branch"]
    body["detailJournalVoucher"] = [
        {"accountNo": no, "amount": Num(amount), "amountType": side, "memo": memo}
        for (no, _name, amount, side, memo) in e["lines"]
    ]
    return body


def jurnal_entry(e):
    lines = []
    for (_no, name, amount, side, memo) in e["lines"]:
        line = {"account_name": name}
        line["debit" if side == "DEBIT" else "credit"] = Num(amount)
        line["description"] = memo
        lines.append(line)
    return {"journal_entry": {
        "transaction_date": e["date"][1],
        "transaction_no": e["number"],
        "custom_id": e["number"],
        "memo": e["description"],
        "transaction_account_lines_attributes": lines,
    }}


write("Requests/accurate-journal-voucher-sale.json", accurate_voucher(A))
write("Requests/accurate-journal-voucher-sar-rounding.json", accurate_voucher(B))
write("Requests/accurate-journal-voucher-bulk.json", {"data": [accurate_voucher(A), accurate_voucher(C)]})
write("Requests/jurnal-journal-entry-sale.json", jurnal_entry(A))
write("Requests/jurnal-journal-entry-refund.json", jurnal_entry(C))

# ---------------------------------------------------------------- sales invoices
# Invoice A: the same sale: Nasi Goreng 2 x 35.000 (SKU-NG), Es Teh 2 x 15.000 (SKU-ET).
# Invoice D: karage 1002, Kopi Susu 1 x 25.000 (SKU-KS), 5% service 1.250, 10% PB1 on 26.250.
INV_A = dict(
    date=("27/12/2025", "2025-12-27"), number="karage-JKT-01-1001", description="Sale karage 1001 at JKT-01",
    branch="Jakarta Pusat", discount="20000",
    items=[("FNB-001", "Nasi Goreng", "2", "35000"), ("FNB-002", "Es Teh", "2", "15000")],
    service="5000", tax=("PB1", "8500"),
)
INV_D = dict(
    date=("27/12/2025", "2025-12-27"), number="karage-JKT-01-1002", description="Sale karage 1002 at JKT-01",
    branch="Jakarta Pusat", discount=None,
    items=[("FNB-003", "Kopi Susu", "1", "25000")],
    service="1250", tax=("PB1", "2625"),
)


def accurate_invoice(inv):
    body = {"customerNo": "C-POS", "transDate": inv["date"][0], "number": inv["number"],
            "description": inv["description"]}
    if inv["branch"]:
        body["branchName"] = inv["branch"]
    body["taxable"] = False
    if inv["discount"]:
        body["cashDiscount"] = Num(inv["discount"])
    body["detailItem"] = [
        {"itemNo": no, "detailName": name, "quantity": Num(qty), "unitPrice": Num(price)}
        for (no, name, qty, price) in inv["items"]
    ]
    expenses = []
    if inv["service"]:
        expenses.append({"accountNo": "4103", "expenseName": "Service charge", "expenseAmount": Num(inv["service"])})
    if inv["tax"]:
        expenses.append({"accountNo": "2104", "expenseName": "Tax " + inv["tax"][0], "expenseAmount": Num(inv["tax"][1])})
    body["detailExpense"] = expenses
    return body


def jurnal_invoice(inv):
    names = {"FNB-001": "Nasi Goreng", "FNB-002": "Es Teh", "FNB-003": "Kopi Susu"}
    body = {"transaction_date": inv["date"][1], "transaction_no": inv["number"], "custom_id": inv["number"],
            "person_name": "Pelanggan Umum", "memo": inv["description"]}
    if inv["discount"]:
        body["discount_type_name"] = "value"
        body["discount_unit"] = Num(inv["discount"])
    lines = [
        {"product_name": names[no], "description": name, "quantity": Num(qty), "rate": Num(price)}
        for (no, name, qty, price) in inv["items"]
    ]
    if inv["service"]:
        lines.append({"product_name": "Service Charge", "description": "Service charge", "quantity": Num("1"),
                      "rate": Num(inv["service"])})
    if inv["tax"]:
        lines.append({"product_name": "Pajak PB1", "description": "Tax " + inv["tax"][0], "quantity": Num("1"),
                      "rate": Num(inv["tax"][1])})
    body["transaction_lines_attributes"] = lines
    return {"sales_invoice": body}


write("Requests/accurate-sales-invoice-sale.json", accurate_invoice(INV_A))
write("Requests/accurate-sales-invoice-bulk.json", {"data": [accurate_invoice(INV_A), accurate_invoice(INV_D)]})
write("Requests/jurnal-sales-invoice-sale.json", jurnal_invoice(INV_A))

# ---------------------------------------------------------------- X-Api-Signature vectors
def sign(secret, timestamp):
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii"), mac.hex()


vectors = []
for name, secret, timestamp in [
    # The example in Accurate's API-token integration guide (its published result is
    # 8NxvylwwMcjGyzVXK0qbwNvFFuzHpwE9tECllVwLkbo=): the check that we read the guide right.
    ("accurate-guide-example", "31d49b3dc632614495ff8071e5be44a1", "02/11/2023 09:01:01"),
    # Our clock instant 2025-12-27T05:30:00Z, in the two formats the library writes.
    ("iso8601-utc", "pwbi-accounting-signature-secret", "2025-12-27T05:30:00Z"),
    ("day-month-year-wib", "pwbi-accounting-signature-secret", "27/12/2025 12:30:00"),
]:
    b64, hx = sign(secret, timestamp)
    vectors.append({"name": name, "secret": secret, "timestamp": timestamp, "base64": b64, "hex": hx})
with open(os.path.join(OUT, "accurate-signature-vectors.json"), "w", encoding="utf-8") as f:
    json.dump({"vectors": vectors}, f, indent=2)
    f.write("\n")

# ---------------------------------------------------------------- responses
write("Responses/accurate-save-success.json", {
    "s": True, "d": ["Data Jurnal Umum \"karage-JKT-01-1001\" berhasil disimpan"],
    "r": {"id": Num("4521"), "number": "karage-JKT-01-1001", "transDate": "27/12/2025"}})
write("Responses/accurate-save-error.json", {
    "s": False, "d": ["Akun Perkiraan dengan nomor \"4199\" tidak ditemukan", "Total Debit dan Kredit harus sama"]})
write("Responses/accurate-save-error-text.json", {"s": False, "d": "Header X-Api-Signature invalid"})
write("Responses/accurate-bulk-mixed.json", {"s": True, "d": [
    {"s": True, "d": ["Data berhasil disimpan"], "r": {"id": Num("4521"), "number": "karage-JKT-01-1001"}},
    {"s": False, "d": ["Nomor \"karage-JKT-01-1001-R1\" sudah digunakan"]},
]})
write("Responses/accurate-oauth-invalid-token.json", {
    "error": "invalid_token", "error_description": "Invalid access token: expired"})
write("Responses/jurnal-journal-entry-created.json", {"journal_entry": {
    "id": Num("23571"), "transaction_no": "karage-JKT-01-1001", "custom_id": "karage-JKT-01-1001",
    "transaction_date": "27/12/2025", "total_debit": Num("113500.0"), "total_credit": Num("113500.0")}})
write("Responses/jurnal-sales-invoice-created.json", {"sales_invoice": {
    "id": Num("88012"), "transaction_no": "karage-JKT-01-1001", "custom_id": "karage-JKT-01-1001",
    "original_amount": Num("93500.0")}})
write("Responses/jurnal-error.json", {"error_full_messages": [
    "Account name Kas Kecil tidak ditemukan", "Total debit dan kredit harus sama"]})
write("Responses/jurnal-unauthorized.json", {"error": "Unauthorized: invalid API key"})
