#!/usr/bin/env bash
# The host's own CPU per delivery, a figure that does not depend on how busy the machine is (unlike
# deliveries/s on 2 cores shared with PostgreSQL and the load generator): the release server
# against a throw-away PostgreSQL, warmed up with BENCH_WARMUP orders, then the CPU time
# (user + system, every thread, /proc/<pid>/stat) it spent on BENCH_ORDERS distinct signed
# Karage orders from WebhookLoad (64 connections), divided by the orders. Also prints the
# context switches per delivery (/proc/<pid>/status) and WebhookLoad's own report.
#
#   Benchmarks/WebhookServer/cpu.sh    (BENCH_ORDERS, default 10000; BENCH_WARMUP, default 2000;
#                                       BENCH_LOG_LEVEL, default error — info writes the access log;
#                                       BENCH_PERF=FILE: also `perf record -g` the measured run into FILE;
#                                       BENCH_BIN: a folder with release WebhookServer and WebhookLoad, else built)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
pkg=Examples/WebhookServer
orders="${BENCH_ORDERS:-10000}"
warmup="${BENCH_WARMUP:-2000}"
work=$(mktemp -d /tmp/pwbi-webhook-cpu.XXXXXX)
chmod 755 "$work"
server=""
perf_pid=""
# shellcheck source=.ci/webhook-postgres.sh
. .ci/webhook-postgres.sh

cleanup() {
    if [ -n "$perf_pid" ]; then kill -INT "$perf_pid" 2>/dev/null || true; wait "$perf_pid" 2>/dev/null || true; fi
    if [ -n "$server" ]; then
        kill -TERM "$server" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    pg_stop
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${BENCH_BIN:-}" ]; then
    bin=$BENCH_BIN
else
    echo "== release build of $pkg"
    timeout 3600 swift build -c release --package-path "$pkg" --product WebhookServer
    timeout 3600 swift build -c release --package-path "$pkg" --product WebhookLoad
    bin="$(swift build -c release --package-path "$pkg" --show-bin-path)"
fi

pg_setup bench_cpu
export PWBI_WEBHOOK_SECRET_KARAGE="bench-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
url=$(pg_url bench_cpu)
port=$(free_port)
env PORT="$port" PWBI_ADMIN_PORT="$(free_port)" DATABASE_URL="$url" LOG_LEVEL="${BENCH_LOG_LEVEL:-error}" \
    "$bin/WebhookServer" >/dev/null 2>"$work/server.log" &
server=$!
for _ in $(seq 1 600); do
    kill -0 "$server" 2>/dev/null || { echo "the server stopped:" >&2; tail -n 20 "$work/server.log" >&2; exit 1; }
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/health/live"; then break; fi
    sleep 0.1
done

# ticks PID: user + system clock ticks of every thread of PID so far.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# switches PID: voluntary + involuntary context switches of the main thread's process so far.
switches() { awk '/ctxt_switches/ {n += $2} END {print n}' "/proc/$1/task/"*/status 2>/dev/null; }

load() {
    DATABASE_URL="$url" timeout 900 "$bin/WebhookLoad" --targets "127.0.0.1:$port" --copies 1 --concurrency 64 --time-limit 600 "$@"
}
echo "== warm-up: $warmup orders"
load --orders "$warmup" --first-order-id 1 --label warmup >/dev/null
# WebhookLoad's exactly-once check counts every stored order: the warm-up's go.
psql_run -d bench_cpu -c "TRUNCATE transactions, idempotency_records, webhook_log"
before=$(ticks "$server")
switched=$(switches "$server")
if [ -n "${BENCH_PERF:-}" ]; then
    perf record -g -o "$BENCH_PERF" -p "$server" >/dev/null 2>"$work/perf.log" &
    perf_pid=$!
fi
echo "== measured: $orders orders"
load --orders "$orders" --first-order-id $((warmup + 1)) --label measured
if [ -n "$perf_pid" ]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; perf_pid=""; fi
after=$(ticks "$server")
hz=$(getconf CLK_TCK)
echo "server CPU: $(( (after - before) * 1000000 / hz / orders )) µs per delivery ($(( after - before )) ticks of 1/$hz s for $orders deliveries, LOG_LEVEL=${BENCH_LOG_LEVEL:-error})"
echo "context switches: $(python3 -c "print(f'{($(switches "$server") - $switched) / $orders:.1f}')") per delivery"
