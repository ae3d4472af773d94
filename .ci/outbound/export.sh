# Accounting export (issue #20): two replicas on PostgreSQL export the closed days of transactions
# stored through signed Karage webhooks to the fake Accurate and Jurnal.id, on schedule, through a
# 500 on Accurate's first bulk save and a timeout on Jurnal.id's first post (the fake saves it after
# the client gave up: the answer is lost, as in a crash between the post and the ledger write); then
# `export run` is run again by hand. Invariant: every day's entry is saved exactly once at each fake
# (no duplicate post), with the exact totals of the orders; the ledger and the completed days agree.
# Sourced by .ci/webhook-outbound.sh, which provides the helpers.

export_books() { curl -fsS --max-time 10 "$fake/$1/_books"; }

# export_days_done DAY…: both integrations completed every DAY.
export_days_done() {
    local day
    for day in "$@"; do [ "$(sql export "SELECT COUNT(*) FROM export_days WHERE day = '$day'")" = 2 ] || return 1; done
}

# export_books_hold SYSTEM REFERENCE…: the fake saved exactly these references, none twice.
export_books_hold() {
    local system=$1
    shift
    export_books "$system" | python3 -c '
import json, sys
books = json.load(sys.stdin)
wanted = sys.argv[1:]
saved = sorted(entry["reference"] for entry in books["saved"])
sys.exit(0 if saved == sorted(wanted) and not books["duplicates"] else 1)' "$@"
}

scenario_export() {
    local db day1 day2 compact1 compact2 secret
    db=$(fresh_database export)
    # Days in the integrations' zone (Riyadh), as the export counts them.
    day1=$(TZ=Asia/Riyadh date -d '3 days ago' +%F)
    day2=$(TZ=Asia/Riyadh date -d '2 days ago' +%F)
    compact1=${day1//-/}
    compact2=${day2//-/}
    secret="export-ci-karage-secret"
    cat >"$work/export-mapping.json" <<'JSON'
{"payments": {"cash": "1101"}, "revenue": "4101", "tax_kind": "VAT", "tax_payable": {"VAT": "2201"}, "rounding": "6901"}
JSON
    local common=(DATABASE_URL="$db" PWBI_WEBHOOK_SECRET_KARAGE="$secret" ACCURATE_TOKEN=fake-accurate-token
        ACCURATE_SECRET=fake-accurate-secret JURNAL_KEY=fake-jurnal-key PWBI_EXPORT_CHECK_SECONDS=1
        PWBI_EXPORT_CLOSE_AFTER_MINUTES=0 PWBI_EXPORT_REQUEST_TIMEOUT_SECONDS=2 PWBI_EXPORT_SETTLE_SECONDS=4)
    start_replica export-a "${common[@]}"
    start_replica export-b "${common[@]}"

    # Three orders over two past days (Riyadh wall clock, as Karage sends it), to both replicas.
    local orders=(
        "{\"OrderID\":9101,\"OrderDate\":\"${day1}T10:15:00\",\"AmountDiscount\":0.0,\"AmountPaid\":80.50,\"AmountTotal\":70.00,\"BalanceAmount\":0.0,\"GrandTotal\":80.50,\"Tax\":10.50,\"TaxPercent\":15.0,\"OrderStatus\":103,\"PaymentMode\":1,\"OrderItems\":[{\"OdooItemID\":5,\"ItemName\":\"Office Chair\",\"Price\":70.00,\"Quantity\":1,\"DiscountAmount\":0.00}],\"CheckoutDetails\":[{\"PaymentMode\":1,\"AmountPaid\":80.50,\"CardType\":\"Cash\"}]}"
        "{\"OrderID\":9102,\"OrderDate\":\"${day1}T21:40:00\",\"AmountDiscount\":0.0,\"AmountPaid\":23.00,\"AmountTotal\":20.00,\"BalanceAmount\":0.0,\"GrandTotal\":23.00,\"Tax\":3.00,\"TaxPercent\":15.0,\"OrderStatus\":103,\"PaymentMode\":1,\"OrderItems\":[{\"OdooItemID\":7,\"ItemName\":\"Desk Lamp\",\"Price\":10.00,\"Quantity\":2,\"DiscountAmount\":0.00}],\"CheckoutDetails\":[{\"PaymentMode\":1,\"AmountPaid\":23.00,\"CardType\":\"Cash\"}]}"
        "{\"OrderID\":9103,\"OrderDate\":\"${day2}T09:05:00\",\"AmountDiscount\":0.0,\"AmountPaid\":115.00,\"AmountTotal\":100.00,\"BalanceAmount\":0.0,\"GrandTotal\":115.00,\"Tax\":15.00,\"TaxPercent\":15.0,\"OrderStatus\":103,\"PaymentMode\":1,\"OrderItems\":[{\"OdooItemID\":9,\"ItemName\":\"Bookshelf\",\"Price\":100.00,\"Quantity\":1,\"DiscountAmount\":0.00}],\"CheckoutDetails\":[{\"PaymentMode\":1,\"AmountPaid\":115.00,\"CardType\":\"Cash\"}]}"
    )
    local index=0 order signature port status
    for order in "${orders[@]}"; do
        signature=$(printf '%s' "$order" | SECRET="$secret" python3 -c 'import hmac, hashlib, os, sys; print(hmac.new(os.environ["SECRET"].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())')
        if [ $((index % 2)) = 0 ]; then port=${serving_ports[export-a]}; else port=${serving_ports[export-b]}; fi
        status=$(curl -s -o "$work/export-webhook.json" -w '%{http_code}' --max-time 10 -X POST \
            "http://127.0.0.1:$port/api/v1/integrations/webhooks/karage" -H 'Content-Type: application/json' \
            -H "X-Webhook-Signature: $signature" --data-binary "$order")
        [ "$status" = 200 ] || fail "export: webhook $index answered $status: $(head -c 300 "$work/export-webhook.json")"
        index=$((index + 1))
    done
    [ "$(sql export "SELECT COUNT(*) FROM transactions")" = 3 ] || fail "export: the three orders are not stored"

    # First posts fail: Accurate answers 500; Jurnal.id saves only after the client's 2 s timeout.
    fake_faults '[{"path": "/accurate/accurate/api/journal-voucher/bulk-save.do", "status": 500, "times": 1},
                  {"path": "/jurnal/journal_entries", "delayMilliseconds": 3000, "times": 1}]'
    for system in accurate jurnal; do
        local credentials=env:JURNAL_KEY extra=()
        if [ "$system" = accurate ]; then credentials=env:ACCURATE_TOKEN; extra=(--setting signature_secret=env:ACCURATE_SECRET); fi
        env DATABASE_URL="$db" timeout 60 "$bin/WebhookServer" integration add --id "ci-$system" --tenant default --system "$system" \
            --credentials "$credentials" --every 2 --zone Asia/Riyadh --currency SAR --base-url "$fake/$system" \
            --setting "mapping=$work/export-mapping.json" --setting "from=$day1" "${extra[@]}" >/dev/null \
            || fail "export: integration add ci-$system"
    done

    local yesterday
    yesterday=$(TZ=Asia/Riyadh date -d 'yesterday' +%F)
    wait_until 90 "every closed day exported to both fakes" export_days_done "$day1" "$day2" "$yesterday"
    export_books_hold accurate "ALL-$compact1" "ALL-$compact2" || fail "export: Accurate's books: $(export_books accurate)"
    export_books_hold jurnal "ALL-$compact1" "ALL-$compact2" || fail "export: Jurnal.id's books: $(export_books jurnal)"

    # The faults happened, and the lost Jurnal.id answer was resolved by a lookup, not a second post.
    fake_journal | python3 -c '
import json, sys
requests = json.load(sys.stdin)["requests"]
bulk = [r for r in requests if r["path"].endswith("bulk-save.do")]
posts = [r for r in requests if r["path"] == "/jurnal/journal_entries" and r["method"] == "POST"]
lookups = [r for r in requests if r["path"] == "/jurnal/journal_entries" and r["method"] == "GET"]
assert bulk and bulk[0]["status"] == 500 and bulk[0]["faulted"], bulk
assert any(r["status"] == 200 for r in bulk), bulk
assert any(r["faulted"] for r in posts), posts   # the journal lists requests as they end
assert len(posts) == 2, posts            # one post per day: the timed-out one was not sent again
assert lookups, "no lookup of the unanswered post"
' || fail "export: the fake's journal: $(fake_journal | head -c 2000)"

    # Totals are exact: day 1 = 80.50 + 23.00, day 2 = 115.00.
    export_books accurate | python3 -c '
import json, sys
books = {e["reference"]: e for e in json.load(sys.stdin)["saved"]}
day1, day2 = sys.argv[1:3]
assert books["ALL-" + day1]["debit"] == "103.50" and books["ALL-" + day1]["credit"] == "103.50", books
assert books["ALL-" + day2]["debit"] == "115.00" and books["ALL-" + day2]["credit"] == "115.00", books
' "$compact1" "$compact2" || fail "export: Accurate's totals: $(export_books accurate)"

    # A manual re-run of a day and of everything posts nothing again.
    local out
    for system in accurate jurnal; do
        out=$(env DATABASE_URL="$db" ACCURATE_TOKEN=fake-accurate-token ACCURATE_SECRET=fake-accurate-secret JURNAL_KEY=fake-jurnal-key \
            timeout 60 "$bin/WebhookServer" export run --integration "ci-$system" --day "$day1") || fail "export: export run ci-$system --day: $out"
        grep -q "^$day1	ALL-$compact1	already_exported" <<<"$out" || fail "export: the re-run of $day1 said: $out"
        out=$(env DATABASE_URL="$db" ACCURATE_TOKEN=fake-accurate-token ACCURATE_SECRET=fake-accurate-secret JURNAL_KEY=fake-jurnal-key \
            timeout 60 "$bin/WebhookServer" export run --integration "ci-$system") || fail "export: export run ci-$system: $out"
        [ "$(wc -l <<<"$out")" = 1 ] || fail "export: export run ci-$system found days to export: $out"
        out=$(env DATABASE_URL="$db" timeout 60 "$bin/WebhookServer" export list --integration "ci-$system") || fail "export: export list"
        grep -q "^ALL-$compact2	$system	" <<<"$out" || fail "export: export list ci-$system: $out"
    done
    export_books_hold accurate "ALL-$compact1" "ALL-$compact2" || fail "export: Accurate's books after the re-run: $(export_books accurate)"
    export_books_hold jurnal "ALL-$compact1" "ALL-$compact2" || fail "export: Jurnal.id's books after the re-run: $(export_books jurnal)"
    # (The journal's concurrentDuplicates counts requests by method and path only: the timed-out
    # post still in flight while the next day's went out is one, so the books are the invariant.)

    curl -fsS --max-time 10 "http://127.0.0.1:${admin_ports[export-a]}/metrics" >"$work/export-metrics-a.txt" || true
    curl -fsS --max-time 10 "http://127.0.0.1:${admin_ports[export-b]}/metrics" >"$work/export-metrics-b.txt" || true
    grep -q '^pwbi_export_entries_total' "$work/export-metrics-a.txt" "$work/export-metrics-b.txt" \
        || fail "export: no pwbi_export_entries_total on /metrics"
    echo "export: 2 days × 2 systems posted once each, through a 500 and a lost answer; re-runs posted nothing"
}
