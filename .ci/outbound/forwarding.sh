# shellcheck shell=bash
# Forwarding (issue #20) and failure notifications (issue #21) on two replicas over PostgreSQL,
# against the fake provider's downstream (`/downstream`) and notification sink (`/notify`), four
# transactions in flight at once (PWBI_FORWARD_CONCURRENCY=4):
#   1. the downstream answers 503 for a while: every stored transaction arrives once it is back,
#      each delivery id exactly once (no duplicate received);
#   2. the replica holding the forwarder's lease is SIGKILLed mid-forwarding: the other takes over
#      once the lease lapses, and still every delivery id arrives exactly once;
#   3. a delivery that fails 4 times is dead-lettered (`Max retries exceeded: HTTP 503 after 4
#      attempts`), the notification sink is told once, `WebhookServer dead-letters replay ID`
#      delivers it, and the next delivery raises the recovery notice.
# Sourced by .ci/webhook-outbound.sh, whose helpers it uses; its own helpers are prefixed fwd_.

fwd_karage_secret="ci-forwarding-karage-secret"

# fwd_store PORT ORDER_ID: posts one signed Karage order to the replica on PORT; expects 200.
fwd_store() {
    local order signature status
    order="{\"OrderID\":$2,\"OrderDate\":\"2025-11-27T14:30:00\",\"AmountDiscount\":0.0,\"AmountPaid\":80.50,\"AmountTotal\":70.00,\"BalanceAmount\":0.0,\"GrandTotal\":80.50,\"Tax\":10.50,\"TaxPercent\":15.0,\"OrderStatus\":103,\"PaymentMode\":1,\"OrderItems\":[{\"OdooItemID\":5,\"ItemName\":\"Office Chair\",\"Price\":70.00,\"Quantity\":1,\"DiscountAmount\":0.00}],\"CheckoutDetails\":[{\"PaymentMode\":1,\"AmountPaid\":80.50,\"CardType\":\"Cash\"}]}"
    signature=$(printf '%s' "$order" | FWD_SECRET="$fwd_karage_secret" python3 -c 'import hmac, hashlib, os, sys; print(hmac.new(os.environ["FWD_SECRET"].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())')
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "http://127.0.0.1:$1/api/v1/integrations/webhooks/karage" \
        -H 'Content-Type: application/json' -H "X-Webhook-Signature: $signature" --data-binary "$order")
    [ "$status" = 200 ] || fail "storing order $2 through port $1 answered $status"
}

# fwd_received PREFIX: what the fake's signed receiver under PREFIX accepted (JSON).
fwd_received() { curl -fsS --max-time 10 "$fake/$1/received"; }

# fwd_received_count: how many distinct delivery ids the downstream accepted.
fwd_received_count() { fwd_received downstream | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["received"]))'; }

# fwd_has_received N: whether the downstream accepted at least N distinct ids.
fwd_has_received() { [ "$(fwd_received_count)" -ge "$1" ]; }

# fwd_all_sent DB: whether every outbox row is marked sent.
fwd_all_sent() { [ "$(sql "$1" "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")" = 0 ]; }

# fwd_check_exactly_once DB: every outbox row sent, and the downstream's accepted ids are exactly
# the outbox's delivery ids, each once; prints the duplicates the downstream absorbed. A row the
# downstream already accepted may still wait for its mark (the holder died between the answer and
# the mark; the next holder sends it again once the lease lapses), so the marks are waited for.
fwd_check_exactly_once() {
    local expected received
    wait_until 60 "every outbox row marked sent" fwd_all_sent "$1"
    expected=$(sql "$1" "SELECT delivery_id FROM outbox ORDER BY delivery_id")
    received=$(fwd_received downstream | python3 -c '
import json, sys
report = json.load(sys.stdin)
ids = report["received"]
if len(ids) != len(set(ids)):
    sys.exit("the downstream accepted an id twice")
print("\n".join(sorted(ids)))
print("duplicates absorbed: %d, rejected: %d" % (report["duplicates"], report["rejected"]), file=sys.stderr)
if report["rejected"]:
    sys.exit("the downstream rejected %d deliveries (signature or id)" % report["rejected"])
') || fail "downstream receipts"
    [ "$expected" = "$received" ] || fail "delivered ids differ from the outbox: expected $(echo "$expected" | wc -l), received $(echo "$received" | wc -l)"
    [ "$(sql "$1" "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")" = 0 ] || fail "outbox rows not marked sent: $(sql "$1" "SELECT delivery_id, state FROM outbox WHERE state <> 'sent'")"
}

# fwd_dead_letter_count DB: forwarded webhooks in the dead-letter queue.
fwd_dead_letter_count() { sql "$1" "SELECT COUNT(*) FROM dead_letters WHERE source = 'forward'"; }
fwd_has_dead_letter() { [ "$(fwd_dead_letter_count "$1")" -ge 1 ]; }

# fwd_notices EVENT SOURCE: how many notices of EVENT for SOURCE the sink accepted.
fwd_notices() {
    fwd_received notify | FWD_EVENT="$1" FWD_SOURCE="$2" python3 -c '
import json, os, sys
bodies = [json.loads(body) for body in json.load(sys.stdin)["bodies"]]
print(sum(1 for b in bodies if b["event"] == os.environ["FWD_EVENT"] and b["source_system"] == os.environ["FWD_SOURCE"]))'
}
fwd_has_notice() { [ "$(fwd_notices "$1" "$2")" -ge 1 ]; }

scenario_forwarding() {
    local db port_a port_b pid_a pid_b holder victim survivor order=1000 total i letter reason faulted
    db=forwarding
    local url
    url=$(fresh_database "$db")
    local settings=(
        DATABASE_URL="$url" PWBI_WEBHOOK_SECRET_KARAGE="$fwd_karage_secret"
        PWBI_FORWARD_URL="$fake/downstream/webhooks" PWBI_FORWARD_SECRET=pwbi-fake-downstream-secret
        PWBI_FORWARD_INTERVAL_MS=200 PWBI_FORWARD_LEASE_SECONDS=6 PWBI_FORWARD_CONCURRENCY=4
        PWBI_NOTIFY_URL="$fake/notify/webhooks" PWBI_NOTIFY_SECRET=pwbi-fake-notify-secret
    )
    curl -fsS --max-time 10 -X DELETE "$fake/downstream/received" >/dev/null
    curl -fsS --max-time 10 -X DELETE "$fake/notify/received" >/dev/null
    start_replica fwd-a "${settings[@]}"
    pid_a=${replica_pids[-1]}
    start_replica fwd-b "${settings[@]}"
    pid_b=${replica_pids[-1]}
    port_a=${serving_ports[fwd-a]}
    port_b=${serving_ports[fwd-b]}

    echo "-- 1. downstream down (503 × 3) while 20 transactions are stored through both replicas"
    fake_faults '[{"path": "/downstream/webhooks", "status": 503, "times": 3}]'
    for i in $(seq 1 20); do
        order=$((order + 1))
        if [ $((i % 2)) = 0 ]; then fwd_store "$port_a" "$order"; else fwd_store "$port_b" "$order"; fi
    done
    [ "$(sql "$db" "SELECT COUNT(*) FROM outbox")" = 20 ] || fail "the outbox holds $(sql "$db" "SELECT COUNT(*) FROM outbox") rows for 20 transactions"
    wait_until 90 "20 deliveries after the downstream came back" fwd_has_received 20
    faulted=$(fake_journal | python3 -c 'import json, sys; print(sum(1 for r in json.load(sys.stdin)["requests"] if r["path"] == "/downstream/webhooks" and r["faulted"]))')
    [ "$faulted" = 3 ] || fail "expected 3 faulted attempts, the journal shows $faulted"
    fwd_check_exactly_once "$db"
    [ "$(fwd_received downstream | python3 -c 'import json, sys; print(json.load(sys.stdin)["duplicates"])')" = 0 ] || fail "phase 1 delivered an id twice"

    echo "-- 2. the lease holder is SIGKILLed mid-forwarding"
    fake_faults '[{"path": "/downstream/webhooks", "delayMilliseconds": 1000, "times": 12}]'
    for i in $(seq 1 10); do
        order=$((order + 1))
        fwd_store "$port_a" "$order"
    done
    total=30
    wait_until 30 "forwarding under way" fwd_has_received 22
    holder=""
    for _ in $(seq 1 100); do
        holder=$(sql "$db" "SELECT owner FROM leases WHERE name = 'forward'")
        [ -n "$holder" ] && break
        sleep 0.05
    done
    [ -n "$holder" ] || fail "no replica holds the forwarder's lease while forwarding"
    case "$holder" in
        fwd-a-*) victim=$pid_a survivor=fwd-b ;;
        fwd-b-*) victim=$pid_b survivor=fwd-a ;;
        *) fail "unexpected lease owner $holder" ;;
    esac
    echo "killing the holder $holder (pid $victim)"
    kill -KILL "$victim"
    wait "$victim" 2>/dev/null || true
    wait_until 90 "every transaction delivered after the takeover by $survivor" fwd_has_received "$total"
    fwd_check_exactly_once "$db"
    local live=${serving_ports[$survivor]}

    echo "-- 3. a forced dead letter, replayed with the command"
    curl -fsS --max-time 10 -X DELETE "$fake/_fake/faults" >/dev/null  # the delays left from phase 2
    fake_faults '[{"path": "/downstream/webhooks", "status": 503, "times": 4}]'
    order=$((order + 1))
    fwd_store "$live" "$order"
    wait_until 60 "the delivery dead-lettered" fwd_has_dead_letter "$db"
    reason=$(sql "$db" "SELECT reason FROM dead_letters WHERE source = 'forward'")
    [ "$reason" = "Max retries exceeded: HTTP 503 after 4 attempts" ] || fail "dead letter reason: $reason"
    [ "$(sql "$db" "SELECT COUNT(*) FROM outbox WHERE state = 'dead'")" = 1 ] || fail "the outbox row is not marked dead"
    wait_until 30 "the failure notice" fwd_has_notice integration.failing forward
    letter=$(env "${settings[@]}" "$bin/WebhookServer" dead-letters list --source forward | awk -F'\t' 'NR == 2 { print $1 }')
    [ -n "$letter" ] || fail "dead-letters list shows no forwarded entry"
    env "${settings[@]}" "$bin/WebhookServer" dead-letters replay "$letter" || fail "dead-letters replay $letter exited $?"
    total=$((total + 1))
    fwd_has_received "$total" || fail "the replayed delivery did not arrive"
    [ "$(fwd_dead_letter_count "$db")" = 0 ] || fail "the replayed entry is still in the dead-letter queue"
    fwd_check_exactly_once "$db"
    set +e
    env "${settings[@]}" "$bin/WebhookServer" dead-letters replay "$letter" 2>/dev/null
    [ $? = 1 ] || fail "replaying a removed dead letter should exit 1"
    set -e

    echo "-- 4. the next delivery raises the recovery notice, once"
    order=$((order + 1))
    fwd_store "$live" "$order"
    total=$((total + 1))
    wait_until 30 "the next delivery" fwd_has_received "$total"
    wait_until 30 "the recovery notice" fwd_has_notice integration.recovered forward
    [ "$(fwd_notices integration.failing forward)" = 1 ] || fail "the failure was notified $(fwd_notices integration.failing forward) times"
    fwd_check_exactly_once "$db"
    # Read whole, then searched: `curl | grep -q` fails under pipefail once grep stops reading early.
    local metrics
    metrics=$(curl -fsS --max-time 10 "http://127.0.0.1:${admin_ports[$survivor]}/metrics")
    grep -q '^pwbi_forwarding_delivered_total' <<<"$metrics" || fail "/metrics has no pwbi_forwarding_delivered_total"
    echo "forwarding: $total transactions, each delivery id received exactly once"
}
