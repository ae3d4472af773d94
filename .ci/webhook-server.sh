#!/usr/bin/env bash
# Examples/WebhookServer end to end, on a fresh machine:
#   1. a build of the package (its own Package.swift; the root package keeps zero dependencies) and
#      its tests — debug by default, so one build serves tests and load; WEBHOOK_BUILD_CONFIGURATION=release
#      for the figures in Docs/Benchmarks.md;
#   2. PostgreSQL from Debian's packages (installed if missing), its own data directory under a temp
#      folder, started as the postgres user on a free loopback port (synchronous_commit=off: a
#      throwaway cluster; atomicity and isolation, which the proof is about, are unchanged);
#   3. the package tests: the kit's contract checkers against the SQLite and PostgreSQL stores;
#   4. two replicas on SQLite (one file) and then on PostgreSQL: 1 000 signed orders × 10 concurrent
#      copies across both ⇒ exactly 1 000 stored, only 200/409, no 5xx, no duplicates;
#   5. the crash test: Karage orders and Xendit payment notifications together, one replica SIGKILLed
#      mid-load, a 3 s processing timeout, the other completes the orphaned deliveries on retry;
#      exactly once in `transactions` and in `webhook_events`;
#   6. failover: PostgreSQL restarted (pg_ctl -m fast) in the middle of a two-replica load — every request
#      answered within the request deadline (503 + Retry-After while the database is away), nothing lost
#      or doubled, both replicas exit on SIGTERM within the shutdown bound;
#   7. slow and idle clients (idle connections past the cap, headers and bodies stalled midway): the admin
#      listener's /health answers at once, the serving port recovers after the idle timeout, SIGTERM exits in bound;
#   8. a default start (no secret, no PWBI_DEMO_SECRETS) serves no source, and says so.
# The secret-free dead letters (one per source, every scheme) are checked by the package's SecretsTests (step 3).
# Every wait is bounded; everything started here is stopped on exit (trap).
#   .ci/webhook-server.sh            (WEBHOOK_ORDERS / WEBHOOK_COPIES override the load's size)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
pkg=Examples/WebhookServer
orders="${WEBHOOK_ORDERS:-1000}"
copies="${WEBHOOK_COPIES:-10}"
config="${WEBHOOK_BUILD_CONFIGURATION:-debug}"
step_start=$(date +%s)

work=$(mktemp -d /tmp/pwbi-webhook-ci.XXXXXX)
chmod 755 "$work"
replica_pids=()
declare -A admin_ports=()
# shellcheck source=.ci/webhook-postgres.sh
. .ci/webhook-postgres.sh
# shellcheck source=.ci/webhook-replicas.sh
. .ci/webhook-replicas.sh

cleanup() {
    local status=$?
    stop_replicas
    pg_stop
    if [ "$status" != 0 ]; then
        for log in "$work"/*.log; do
            [ -f "$log" ] || continue
            echo "---- last lines of $(basename "$log")"
            tail -n 30 "$log" || true
        done
    fi
    rm -rf "$work"
    echo "== webhook-server step finished in $(( $(date +%s) - step_start )) s (exit $status)"
}
trap cleanup EXIT

echo "== webhook-server: $config build of $pkg (with its tests)"
timeout 3000 swift build -c "$config" --build-tests --package-path "$pkg"
bin="$(swift build -c "$config" --package-path "$pkg" --show-bin-path)"

echo "== webhook-server: PostgreSQL"
pg_setup pwbi_test pwbi_load pwbi_crash pwbi_failover

echo "== webhook-server: contract checkers against SQLite and PostgreSQL"
DATABASE_URL="$(pg_url pwbi_test)" timeout 900 swift test -c "$config" --skip-build --package-path "$pkg"

secret="ci-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
export PWBI_WEBHOOK_SECRET_KARAGE="$secret"
export PWBI_WEBHOOK_SECRET_XENDIT="xnd-$secret"
export PWBI_PURGE_INTERVAL_SECONDS=3600

# start_replica NAME PORT [VAR=value…]: starts a replica in the background (its admin listener on a
# free port, in admin_ports[NAME]), waits (≤ 60 s) for /health/live.
start_replica() {
    local name=$1 port=$2
    shift 2
    admin_ports[$name]=$(free_port)
    env PORT="$port" PWBI_ADMIN_PORT="${admin_ports[$name]}" PWBI_REPLICA="$name" LOG_LEVEL=warning "$@" "$bin/WebhookServer" >"$work/$name.log" 2>&1 &
    local pid=$!
    replica_pids+=("$pid")
    for _ in $(seq 1 600); do
        if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/health/live"; then return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then echo "replica $name exited at start" >&2; return 1; fi
        sleep 0.1
    done
    echo "replica $name did not answer /health/live within 60 s" >&2
    return 1
}

# term_within SECONDS: SIGTERM to every replica; fails if one is still running after SECONDS.
term_within() {
    local bound=$1 pid started
    started=$(date +%s%N)
    for pid in "${replica_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${replica_pids[@]}"; do
        for _ in $(seq 1 $(( bound * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            echo "replica pid $pid still running ${bound} s after SIGTERM" >&2
            return 1
        fi
        wait "$pid" 2>/dev/null || true
    done
    echo "all replicas exited $(( ($(date +%s%N) - started) / 1000000 )) ms after SIGTERM (bound ${bound} s)"
    replica_pids=()
}

# load LABEL DATABASE-ENV… -- LOAD-ARGS…: two replicas over one database, the load, both stopped.
two_replica_load() {
    local label=$1 db_env=$2
    shift 2
    local port_a port_b
    port_a=$(free_port)
    port_b=$(free_port)
    start_replica "$label-a" "$port_a" "$db_env"
    start_replica "$label-b" "$port_b" "$db_env"
    env "$db_env" timeout 600 "$bin/WebhookLoad" --targets "127.0.0.1:$port_a,127.0.0.1:$port_b" \
        --orders "$orders" --copies "$copies" --time-limit 300 --label "$label" "$@"
    stop_replicas
}

echo "== webhook-server: smoke test of every route (SQLite)"
smoke_db="$work/smoke.sqlite"
port=$(free_port)
start_replica smoke "$port" PWBI_SQLITE_PATH="$smoke_db" LOG_LEVEL=info
key=$(PWBI_SQLITE_PATH="$smoke_db" timeout 60 "$bin/WebhookServer" issue-key --tenant ci --description "CI smoke test")
order='{"OrderID":777,"OrderDate":"2025-11-27T14:30:00","AmountDiscount":0.0,"AmountPaid":80.50,"AmountTotal":70.00,"BalanceAmount":0.0,"GrandTotal":80.50,"Tax":10.50,"TaxPercent":15.0,"OrderStatus":103,"PaymentMode":1,"OrderItems":[{"OdooItemID":5,"ItemName":"Office Chair","Price":70.00,"Quantity":1,"DiscountAmount":0.00}],"CheckoutDetails":[{"PaymentMode":1,"AmountPaid":80.50,"CardType":"Cash"}]}'
signature=$(printf '%s' "$order" | python3 -c 'import hmac, hashlib, os, sys; print(hmac.new(os.environ["PWBI_WEBHOOK_SECRET_KARAGE"].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())')
expect_status() {
    local want=$1 what=$2
    shift 2
    local got
    got=$(curl -s -o "$work/response.json" -w '%{http_code}' --max-time 10 "$@")
    if [ "$got" != "$want" ]; then
        echo "smoke: $what answered $got, expected $want: $(head -c 300 "$work/response.json")" >&2
        return 1
    fi
    echo "smoke: $what → $got"
}
base="http://127.0.0.1:$port"
expect_status 200 "signed webhook" -X POST "$base/api/v1/integrations/webhooks/karage" -H 'Content-Type: application/json' -H "X-Webhook-Signature: $signature" --data-binary "$order"
expect_status 200 "the same webhook again (duplicate)" -X POST "$base/api/v1/integrations/webhooks/karage" -H "X-Webhook-Signature: $signature" --data-binary "$order"
expect_status 401 "a bad signature" -X POST "$base/api/v1/integrations/webhooks/karage" -H "X-Webhook-Signature: 00$signature" --data-binary "$order"
expect_status 404 "an unknown source" -X POST "$base/api/v1/integrations/webhooks/nope" --data-binary "$order"
head -c 11000000 /dev/zero > "$work/big.bin"
expect_status 413 "an 11 MB body" -X POST "$base/api/v1/integrations/webhooks/karage" --data-binary "@$work/big.bin"
expect_status 200 "pos-order with X-API-KEY" -X POST "$base/api/v1/webhook/pos-order" -H "X-API-KEY: $key" --data-binary "${order/777/778}"
expect_status 401 "pos-order without a key" -X POST "$base/api/v1/webhook/pos-order" --data-binary "${order/777/779}"
expect_status 200 "bulk pos-orders" -X POST "$base/api/v1/webhook/pos-order/bulk" -H "X-API-KEY: $key" --data-binary "{\"orders\":[${order/777/780},${order/777/781}]}"
printf 'Date,Amount,Transaction ID\n2025-11-27,80.50,CSV-1\n2025-11-28,125000,CSV-2\n' > "$work/sales.csv"
expect_status 200 "CSV upload" -X POST "$base/api/v1/integrations/upload-csv" -H "X-API-KEY: $key" -F source_system=generic -F "file=@$work/sales.csv"
admin="http://127.0.0.1:${admin_ports[smoke]}"
expect_status 200 "liveness" "$base/health/live"
expect_status 200 "readiness" "$base/health/ready"
expect_status 404 "metrics on the serving port" "$base/metrics"
expect_status 200 "health (admin)" "$admin/health"
expect_status 200 "metrics (admin)" "$admin/metrics"
grep -q 'integration_webhook_received_total{source_system="karage",status="200"}' "$work/response.json"
grep -q '^http_server_request_duration_bucket{.*http_route="/api/v1/integrations/webhooks/' "$work/response.json" \
    || { echo "smoke: no request latency histogram per route in /metrics" >&2; grep -m5 duration "$work/response.json" >&2; exit 1; }
grep -q '"request_id"' "$work/smoke.log" || { echo "smoke: log lines carry no request_id" >&2; exit 1; }
stop_replicas

echo "== webhook-server: admin token, default start (no secret: nothing served)"
port=$(free_port)
start_replica token "$port" PWBI_SQLITE_PATH="$smoke_db" PWBI_ADMIN_TOKEN=ci-admin-token
admin="http://127.0.0.1:${admin_ports[token]}"
expect_status 401 "metrics without the admin token" "$admin/metrics"
expect_status 200 "metrics with the admin token" -H "Authorization: Bearer ci-admin-token" "$admin/metrics"
stop_replicas
port=$(free_port)
start_replica default "$port" PWBI_SQLITE_PATH="$smoke_db" PWBI_WEBHOOK_SECRET_KARAGE= PWBI_WEBHOOK_SECRET_XENDIT= LOG_LEVEL=info
demo_signature=$(printf '%s' "$order" | python3 -c 'import hmac, hashlib, sys; print(hmac.new(b"pwbi-demo-secret", sys.stdin.buffer.read(), hashlib.sha256).hexdigest())')
expect_status 404 "a default start refuses the demo secret" -X POST "http://127.0.0.1:$port/api/v1/integrations/webhooks/karage" -H "X-Webhook-Signature: $demo_signature" --data-binary "${order/777/790}"
grep -q 'sources not served' "$work/default.log" || { echo "default start: the start-up lines do not name the sources not served" >&2; exit 1; }
stop_replicas

echo "== webhook-server: two replicas over one SQLite file"
two_replica_load sqlite "PWBI_SQLITE_PATH=$work/load.sqlite"

echo "== webhook-server: two replicas over one PostgreSQL"
two_replica_load postgres "DATABASE_URL=$(pg_url pwbi_load)"

echo "== webhook-server: crash test (PostgreSQL, orders and payments, one replica SIGKILLed mid-load, processing timeout 3 s)"
crash_env="DATABASE_URL=$(pg_url pwbi_crash)"
port_a=$(free_port)
port_b=$(free_port)
payments=$(( orders * 3 / 5 ))
start_replica crash-a "$port_a" "$crash_env" PWBI_PROCESSING_TIMEOUT_SECONDS=3 PWBI_REQUEST_DEADLINE_MS=2000
victim=${replica_pids[0]}
start_replica crash-b "$port_b" "$crash_env" PWBI_PROCESSING_TIMEOUT_SECONDS=3 PWBI_REQUEST_DEADLINE_MS=2000
env "$crash_env" timeout 600 "$bin/WebhookLoad" --targets "127.0.0.1:$port_a,127.0.0.1:$port_b" \
    --orders "$orders" --payments "$payments" --copies 4 --time-limit 300 --label crash --allow-503 \
    --kill-pid "$victim" --kill-after $(( (orders + payments) * 4 / 3 ))
stop_replicas

echo "== webhook-server: failover (PostgreSQL restarted under a two-replica load)"
failover_env="DATABASE_URL=$(pg_url pwbi_failover)"
deadline_ms=3000
shutdown_s=8
port_a=$(free_port)
port_b=$(free_port)
for name in failover-a failover-b; do
    start_replica "$name" "$([ "$name" = failover-a ] && echo "$port_a" || echo "$port_b")" "$failover_env" \
        PWBI_REQUEST_DEADLINE_MS=$deadline_ms PWBI_QUERY_TIMEOUT_MS=1500 PWBI_PROCESSING_TIMEOUT_SECONDS=10 \
        PWBI_SHUTDOWN_TIMEOUT_SECONDS=$shutdown_s PWBI_DB_CONNECT_TIMEOUT_MS=1000
done
# Every answer within the deadline plus 1 s of slack for the client and the machine.
env "$failover_env" timeout 600 "$bin/WebhookLoad" --targets "127.0.0.1:$port_a,127.0.0.1:$port_b" \
    --orders "$orders" --payments $(( orders / 5 )) --copies 4 --concurrency 16 --time-limit 240 --label failover \
    --allow-503 --max-latency-ms $(( deadline_ms + 1000 )) >"$work/failover-load.out" 2>&1 &
load_pid=$!
sleep 5
echo "restarting PostgreSQL (fast)"
pg_restart
status=0
wait "$load_pid" || status=$?
cat "$work/failover-load.out"
[ "$status" = 0 ] || { echo "failover: the load's checks failed" >&2; exit 1; }
grep -q '503' "$work/failover-a.log" "$work/failover-b.log" || echo "failover: no 503 logged (the restart fell between requests)"
term_within $(( shutdown_s + 2 ))

echo "== webhook-server: slow and idle clients"
port=$(free_port)
start_replica slow "$port" PWBI_SQLITE_PATH="$work/slow.sqlite" PWBI_MAX_CONNECTIONS=200 PWBI_IDLE_TIMEOUT_SECONDS=3 \
    PWBI_BODY_TIMEOUT_MS=2000 PWBI_SHUTDOWN_TIMEOUT_SECONDS=5
admin="http://127.0.0.1:${admin_ports[slow]}"
python3 - "$port" >"$work/slow-clients.out" 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
held = []
def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    held.append(s)
    return s
for _ in range(300):                      # idle: connect, send nothing (past the cap of 200)
    try: connect()
    except OSError: pass
for _ in range(20):                       # stalled inside the headers
    try: connect().sendall(b"POST /api/v1/integrations/webhooks/karage HTTP/1.1\r\nHost: x\r\nContent-Le")
    except OSError: pass
for _ in range(20):                       # stalled inside the body
    try: connect().sendall(b"POST /api/v1/integrations/webhooks/karage HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"a\":")
    except OSError: pass
print(f"holding {len(held)} connections", flush=True)
time.sleep(30)
PY
slow_pid=$!
sleep 2
for _ in 1 2 3; do
    t=$(curl -s -o /dev/null -w '%{time_total}' --max-time 2 "$admin/health/live") || { echo "slow clients: the admin /health/live did not answer within 2 s" >&2; exit 1; }
    echo "admin /health/live in ${t} s with slow clients connected"
done
recovered=0
for _ in $(seq 1 100); do
    if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/health/live"; then recovered=1; break; fi
    sleep 0.1
done
[ "$recovered" = 1 ] || { echo "slow clients: the serving port did not recover within 10 s (idle timeout 3 s)" >&2; exit 1; }
echo "serving port answers again after the idle timeout"
# New slow clients, then SIGTERM while they are connected.
python3 -c "
import socket, time
h = [socket.create_connection(('127.0.0.1', $port)) for _ in range(50)]
for s in h[:25]: s.sendall(b'POST /api/v1/webhook/pos-order HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{')
time.sleep(30)" >/dev/null 2>&1 &
slow2_pid=$!
sleep 1
term_within 8
kill "$slow_pid" "$slow2_pid" 2>/dev/null || true
wait "$slow_pid" "$slow2_pid" 2>/dev/null || true
