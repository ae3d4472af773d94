"""The peer the Swift server is measured against: the reference framework's webhook logic on
FastAPI + asyncpg, as a Python team would write it.

- HMAC-SHA256 over the raw body, hex, in X-Webhook-Signature (compared with hmac.compare_digest);
- json.loads with parse_float=Decimal (exact money);
- a dict mapper (Karage order -> transaction row);
- one INSERT ... ON CONFLICT (tenant, source_system, external_id) DO UPDATE ... RETURNING internal_id.

Run: DATABASE_URL=postgres://... PWBI_WEBHOOK_SECRET_KARAGE=... uvicorn python_receiver:app --workers 2
"""
import hashlib
import hmac
import json
import os
import uuid
from decimal import Decimal

import asyncpg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

SECRET = os.environ["PWBI_WEBHOOK_SECRET_KARAGE"].split(",")[0].encode()
DATABASE_URL = os.environ["DATABASE_URL"].split("?")[0]
TENANT = os.environ.get("PWBI_TENANT", "default")

STATUS = {101: "pending", 102: "pending", 103: "completed", 104: "cancelled", 105: "refunded"}

app = FastAPI()
state = {}


@app.on_event("startup")
async def startup():
    state["pool"] = await asyncpg.create_pool(DATABASE_URL, min_size=4, max_size=16)
    async with state["pool"].acquire() as connection, connection.transaction():
        # Both workers start at once: one creates the table, the other waits for it.
        await connection.execute("SELECT pg_advisory_xact_lock(727101)")
        await connection.execute(
            """CREATE TABLE IF NOT EXISTS python_transactions (
                   internal_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, source_system TEXT NOT NULL,
                   external_id TEXT NOT NULL, status TEXT NOT NULL, currency TEXT NOT NULL, total NUMERIC NOT NULL,
                   document JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                   UNIQUE (tenant, source_system, external_id))"""
        )


@app.on_event("shutdown")
async def shutdown():
    await state["pool"].close()


def error(status, message):
    return JSONResponse({"success": False, "status": "error", "error": message}, status_code=status)


def map_order(order):
    """The reference's dict mapper for a Karage order."""
    items = [
        {
            "sku": str(item["OdooItemID"]),
            "name": item["ItemName"],
            "quantity": item["Quantity"],
            "unit_price": str(item["Price"]),
            "discount": str(item.get("DiscountAmount", Decimal(0))),
        }
        for item in order["OrderItems"]
    ]
    return {
        "external_id": str(order["OrderID"]),
        "transaction_date": order["OrderDate"],
        "status": STATUS.get(order["OrderStatus"], "unknown"),
        "currency": "SAR",
        "subtotal": str(order["AmountTotal"]),
        "tax": str(order["Tax"]),
        "discount": str(order["AmountDiscount"]),
        "total": order["GrandTotal"],
        "paid": str(order["AmountPaid"]),
        "items": items,
        "payments": [{"method": p["CardType"], "amount": str(p["AmountPaid"])} for p in order["CheckoutDetails"]],
    }


@app.post("/api/v1/integrations/webhooks/karage")
async def karage(request: Request):
    body = await request.body()
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(request.headers.get("x-webhook-signature", ""), expected):
        return error(401, "Invalid signature")
    try:
        order = json.loads(body, parse_float=Decimal)
        transaction = map_order(order)
    except (ValueError, KeyError, TypeError) as exc:
        return error(400, f"Invalid payload: {exc}")
    document = json.dumps({**transaction, "total": str(transaction["total"])})
    row = await state["pool"].fetchrow(
        """INSERT INTO python_transactions (internal_id, tenant, source_system, external_id, status, currency, total, document)
           VALUES ($1, $2, 'karage', $3, $4, $5, $6, $7::jsonb)
           ON CONFLICT (tenant, source_system, external_id) DO UPDATE SET
               status = EXCLUDED.status, currency = EXCLUDED.currency, total = EXCLUDED.total,
               document = EXCLUDED.document, updated_at = now()
           RETURNING internal_id""",
        "txn_" + uuid.uuid4().hex, TENANT, transaction["external_id"], transaction["status"], transaction["currency"],
        transaction["total"], document,
    )
    return JSONResponse({
        "success": True, "status": "success", "message": "Webhook processed", "event_type": "transaction.created",
        "internal_id": row["internal_id"], "external_id": transaction["external_id"],
    })
