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
#   5. the crash test: one replica SIGKILLed mid-load, a 3 s processing timeout, the other completes
#      the orphaned deliveries on retry; nothing lost, nothing doubled.
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
pg_bin=""
pg_data="$work/pg"

run_as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_replicas() {
    local pid
    for pid in "${replica_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${replica_pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    replica_pids=()
}

cleanup() {
    local status=$?
    stop_replicas
    if [ -n "$pg_bin" ] && [ -f "$pg_data/postmaster.pid" ]; then
        run_as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || run_as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
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

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

echo "== webhook-server: $config build of $pkg (with its tests)"
timeout 3000 swift build -c "$config" --build-tests --package-path "$pkg"
bin="$(swift build -c "$config" --package-path "$pkg" --show-bin-path)"

echo "== webhook-server: PostgreSQL"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "installing postgresql from Debian's packages"
    if [ "$(id -u)" != 0 ]; then echo "PostgreSQL is missing and this is not root: cannot install it" >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    timeout 300 apt-get update -qq
    timeout 600 apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
mkdir -p "$pg_data"
if [ "$(id -u)" = 0 ]; then chown postgres "$pg_data"; fi
run_as_postgres "$pg_bin/initdb" -D "$pg_data" -U pwbi --auth=trust --encoding=UTF8 --no-locale >"$work/initdb.log" 2>&1
pg_port=$(free_port)
run_as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_data -c max_connections=200 -c synchronous_commit=off" start >/dev/null
psql_run() { timeout 60 "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U pwbi "$@"; }
for db in pwbi_test pwbi_load pwbi_crash; do psql_run -d postgres -c "CREATE DATABASE $db"; done
pg_url() { echo "postgres://pwbi@127.0.0.1:$pg_port/$1?sslmode=disable"; }
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

echo "== webhook-server: contract checkers against SQLite and PostgreSQL"
DATABASE_URL="$(pg_url pwbi_test)" timeout 900 swift test -c "$config" --skip-build --package-path "$pkg"

secret="ci-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
export PWBI_WEBHOOK_SECRET_KARAGE="$secret"
export PWBI_DEMO_SECRETS=0
export PWBI_PURGE_INTERVAL_SECONDS=3600

# start_replica NAME PORT [VAR=value…]: starts a replica in the background, waits (≤ 60 s) for /health.
start_replica() {
    local name=$1 port=$2
    shift 2
    env PORT="$port" PWBI_REPLICA="$name" LOG_LEVEL=warning "$@" "$bin/WebhookServer" >"$work/$name.log" 2>&1 &
    local pid=$!
    replica_pids+=("$pid")
    for _ in $(seq 1 600); do
        if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/health"; then return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then echo "replica $name exited at start" >&2; return 1; fi
        sleep 0.1
    done
    echo "replica $name did not answer /health within 60 s" >&2
    return 1
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
start_replica smoke "$port" PWBI_SQLITE_PATH="$smoke_db"
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
expect_status 200 "health" "$base/health"
expect_status 200 "metrics" "$base/metrics"
grep -q 'integration_webhook_received_total{source_system="karage",status="200"}' "$work/response.json"
stop_replicas

echo "== webhook-server: two replicas over one SQLite file"
two_replica_load sqlite "PWBI_SQLITE_PATH=$work/load.sqlite"

echo "== webhook-server: two replicas over one PostgreSQL"
two_replica_load postgres "DATABASE_URL=$(pg_url pwbi_load)"

echo "== webhook-server: crash test (PostgreSQL, one replica SIGKILLed mid-load, processing timeout 3 s)"
crash_env="DATABASE_URL=$(pg_url pwbi_crash)"
port_a=$(free_port)
port_b=$(free_port)
start_replica crash-a "$port_a" "$crash_env" PWBI_PROCESSING_TIMEOUT_SECONDS=3
victim=${replica_pids[0]}
start_replica crash-b "$port_b" "$crash_env" PWBI_PROCESSING_TIMEOUT_SECONDS=3
env "$crash_env" timeout 600 "$bin/WebhookLoad" --targets "127.0.0.1:$port_a,127.0.0.1:$port_b" \
    --orders "$orders" --copies "$copies" --time-limit 300 --label crash \
    --kill-pid "$victim" --kill-after $(( orders * copies / 3 ))
stop_replicas
