#!/usr/bin/env bash
# The host against the stack it replaces, on one machine and one PostgreSQL (synchronous_commit=off):
#   - Examples/WebhookServer, release build, one replica (pool sized to the cores);
#   - Benchmarks/WebhookServer/python_receiver.py: FastAPI + asyncpg, uvicorn with 2 workers;
# both loaded by the package's WebhookLoad with the same signed Karage orders, 64 connections,
# distinct orders (copies 1), then each table checked for exactly-once. Prints both stacks'
# deliveries/s and p50/p99, and the ratio. Loopback only; every wait bounded; everything stopped on exit.
#
# Per round it also prints, from pg_stat_statements, the statements each stack ran per delivery (a
# load-independent figure) and PostgreSQL's own time per statement (mean execution time and calls),
# the part of a delivery no client code can remove.
#
#   Benchmarks/WebhookServer/run.sh            (BENCH_ORDERS, default 20000; BENCH_ROUNDS, default 3;
#                                               BENCH_VENV: a virtual environment that has the peer's packages already)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
pkg=Examples/WebhookServer
orders="${BENCH_ORDERS:-20000}"
rounds="${BENCH_ROUNDS:-3}"
work=$(mktemp -d /tmp/pwbi-webhook-bench.XXXXXX)
chmod 755 "$work"
pids=()
# shellcheck source=.ci/webhook-postgres.sh
. .ci/webhook-postgres.sh

# stop_all [TENTHS]: SIGTERM to every started process, SIGKILL to any still running after TENTHS
# tenths of a second (default 150).
stop_all() {
    local pid tenths=${1:-150}
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 "$tenths"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    pids=()
}

cleanup() {
    stop_all 100
    pg_stop
    rm -rf "$work"
}
trap cleanup EXIT

# run_load OUT ARGS…: WebhookLoad, at most 900 s; prints its report, fails unless it says "exactly-once: OK".
run_load() {
    local out=$1 status=0
    shift
    timeout 900 "$bin/WebhookLoad" "$@" >"$out" 2>&1 || status=$?
    cat "$out"
    [ "$status" -eq 0 ] && grep -q '^exactly-once: OK' "$out"
}

wait_http() {
    local url=$1
    for _ in $(seq 1 600); do
        if curl -s -o /dev/null --max-time 2 "$url"; then return 0; fi
        sleep 0.1
    done
    echo "no answer from $url within 60 s" >&2
    return 1
}

echo "== release build of $pkg"
timeout 3600 swift build -c release --package-path "$pkg"
bin="$(swift build -c release --package-path "$pkg" --show-bin-path)"

venv="${BENCH_VENV:-$work/venv}"
if [ -z "${BENCH_VENV:-}" ]; then
    echo "== the Python peer's packages (PyPI: fastapi, uvicorn, asyncpg) in a virtual environment"
    timeout 120 python3 -m venv "$venv"
    timeout 600 "$venv/bin/pip" install -q fastapi uvicorn asyncpg
fi
"$venv/bin/python" -c 'import fastapi, uvicorn, asyncpg; print("fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__, "asyncpg", asyncpg.__version__)'

echo "== PostgreSQL"
databases=()
for round in $(seq 1 "$rounds"); do databases+=("bench_swift_$round" "bench_python_$round"); done
pg_setup "${databases[@]}"
# PostgreSQL's own time per statement, where the contrib module is installed.
if [ -f "$("$pg_bin/pg_config" --sharedir 2>/dev/null)/extension/pg_stat_statements.control" ]; then
    psql_run -d postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
    pg_restart
    for db in "${databases[@]}"; do psql_run -d "$db" -c "CREATE EXTENSION pg_stat_statements"; done
    statements=1
fi

# statement_times DATABASE DELIVERIES: the statements PostgreSQL ran in DATABASE per delivery (every
# statement is one round trip: neither client pipelines), then the mean execution time and calls of
# those run more than 1000 times. Load-independent, unlike deliveries/s on a shared machine.
statement_times() {
    [ -n "${statements:-}" ] || return 0
    local filter="dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
    psql_run -d "$1" -At -c "SELECT 'statements per delivery: ' || round(sum(calls)::numeric / $2, 2) FROM pg_stat_statements WHERE $filter" \
        | sed 's/^/  postgres: /'
    psql_run -d "$1" -At -F ' ' -c "SELECT round(mean_exec_time::numeric * 1000) || ' µs mean, ' || calls || ' calls: ' || left(regexp_replace(query, '\s+', ' ', 'g'), 70)
        FROM pg_stat_statements WHERE $filter AND calls > 1000 ORDER BY calls DESC LIMIT 4" | sed 's/^/  postgres: /'
}

export PWBI_WEBHOOK_SECRET_KARAGE="bench-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
summary=()
for round in $(seq 1 "$rounds"); do
    first=$(( (round - 1) * orders + 1 ))

    port=$(free_port)
    env PORT="$port" PWBI_ADMIN_PORT="$(free_port)" DATABASE_URL="$(pg_url "bench_swift_$round")" LOG_LEVEL=error \
        "$bin/WebhookServer" >"$work/swift-$round.log" 2>&1 &
    pids+=($!)
    wait_http "http://127.0.0.1:$port/health/live"
    DATABASE_URL="$(pg_url "bench_swift_$round")" run_load "$work/swift-$round.out" --targets "127.0.0.1:$port" \
        --orders "$orders" --copies 1 --concurrency 64 --first-order-id "$first" --time-limit 600 --label "swift round $round"
    stop_all
    statement_times "bench_swift_$round" "$orders"

    port=$(free_port)
    (cd Benchmarks/WebhookServer && exec env DATABASE_URL="$(pg_url "bench_python_$round")" \
        "$venv/bin/uvicorn" python_receiver:app --host 127.0.0.1 --port "$port" --workers 2 --log-level warning --no-access-log) \
        >"$work/python-$round.log" 2>&1 &
    pids+=($!)
    wait_http "http://127.0.0.1:$port/docs"
    DATABASE_URL="$(pg_url "bench_python_$round")" run_load "$work/python-$round.out" --targets "127.0.0.1:$port" \
        --orders "$orders" --copies 1 --concurrency 64 --first-order-id "$first" --time-limit 600 --label "python round $round" \
        --verify-query "SELECT external_id, internal_id FROM python_transactions ORDER BY external_id"
    stop_all
    statement_times "bench_python_$round" "$orders"

    rate() { sed -n 's/^main phase: .* s, \([0-9]*\) deliveries\/s.*/\1/p' "$1"; }
    lat() { sed -n 's/^latency p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms.*/\1 \2/p' "$1"; }
    read -r s50 s99 <<<"$(lat "$work/swift-$round.out")"
    read -r p50 p99 <<<"$(lat "$work/python-$round.out")"
    s=$(rate "$work/swift-$round.out")
    p=$(rate "$work/python-$round.out")
    summary+=("round $round: swift $s/s (p50 $s50 ms, p99 $s99 ms) | python $p/s (p50 $p50 ms, p99 $p99 ms) | ratio $(python3 -c "print(f'{$s / max($p, 1):.2f}')")×")
done
echo "== summary ($orders distinct orders per stack per round, 64 connections, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${summary[@]}"
