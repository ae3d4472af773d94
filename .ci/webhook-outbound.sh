#!/usr/bin/env bash
# Examples/WebhookServer's outbound half end to end (polling, OAuth connect, forwarding, accounting
# export) against the package's FakeProvider, on PostgreSQL, with two replicas where the scenario
# says so. The harness builds the package, starts PostgreSQL and the fake provider, then runs every
# scenario in .ci/outbound/*.sh: each file defines `scenario_<file name>` (dashes as underscores)
# and uses the helpers below. Every wait is bounded; everything started here is stopped on exit.
#   .ci/webhook-outbound.sh [SCENARIO…]     (default: every file in .ci/outbound)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
pkg=Examples/WebhookServer
config="${WEBHOOK_BUILD_CONFIGURATION:-debug}"
step_start=$(date +%s)

work=$(mktemp -d /tmp/pwbi-outbound-ci.XXXXXX)
chmod 755 "$work"
replica_pids=()
fake_pid=""
declare -A admin_ports=()
declare -A serving_ports=()
# shellcheck source=.ci/webhook-postgres.sh
. .ci/webhook-postgres.sh
# shellcheck source=.ci/webhook-replicas.sh
. .ci/webhook-replicas.sh

cleanup() {
    local status=$?
    stop_replicas
    if [ -n "$fake_pid" ]; then kill -TERM "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
    pg_stop
    if [ "$status" != 0 ]; then
        for log in "$work"/*.log; do
            [ -f "$log" ] || continue
            echo "---- last lines of $(basename "$log")"
            tail -n 40 "$log" || true
        done
    fi
    rm -rf "$work"
    echo "== webhook-outbound step finished in $(( $(date +%s) - step_start )) s (exit $status)"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== webhook-outbound: $config build of $pkg"
timeout 3000 swift build -c "$config" --package-path "$pkg"
bin="$(swift build -c "$config" --package-path "$pkg" --show-bin-path)"

echo "== webhook-outbound: PostgreSQL"
pg_setup

# fresh_database NAME: creates database NAME and prints its URL.
fresh_database() {
    psql_run -d postgres -c "CREATE DATABASE $1" >/dev/null
    pg_url "$1"
}

# sql DATABASE QUERY: one value per line, unaligned, no headers.
sql() { psql_run -d "$1" -At -c "$2"; }

echo "== webhook-outbound: fake provider"
fake_port=$(free_port)
"$bin/FakeProvider" --port "$fake_port" >"$work/fake-provider.log" 2>&1 &
fake_pid=$!
for _ in $(seq 1 300); do
    if grep -q "^listening" "$work/fake-provider.log" 2>/dev/null; then break; fi
    kill -0 "$fake_pid" 2>/dev/null || fail "the fake provider exited at start"
    sleep 0.1
done
grep -q "^listening" "$work/fake-provider.log" || fail "the fake provider did not start within 30 s"
fake="http://127.0.0.1:$fake_port"

# fake_faults JSON: queues faults (an array of {path, status, retryAfter, delayMilliseconds, times}).
fake_faults() { curl -fsS --max-time 10 -X POST "$fake/_fake/faults" -H 'Content-Type: application/json' -d "$1" >/dev/null; }
# fake_reset: clears faults and the journal.
fake_reset() { curl -fsS --max-time 10 -X POST "$fake/_fake/reset" >/dev/null; }
# fake_journal: the journal as JSON ({"requests": [...], "concurrentDuplicates": n}).
fake_journal() { curl -fsS --max-time 10 "$fake/_fake/journal"; }

# start_replica NAME [VAR=value…]: starts `WebhookServer serve` in the background on free ports
# (serving_ports[NAME], admin_ports[NAME]); waits (≤ 60 s) for /health/live.
start_replica() {
    local name=$1
    shift
    serving_ports[$name]=$(free_port)
    admin_ports[$name]=$(free_port)
    env PORT="${serving_ports[$name]}" PWBI_ADMIN_PORT="${admin_ports[$name]}" PWBI_REPLICA="$name" LOG_LEVEL=info "$@" \
        "$bin/WebhookServer" >"$work/$name.log" 2>&1 &
    local pid=$!
    replica_pids+=("$pid")
    for _ in $(seq 1 600); do
        if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${serving_ports[$name]}/health/live"; then return 0; fi
        kill -0 "$pid" 2>/dev/null || fail "replica $name exited at start"
        sleep 0.1
    done
    fail "replica $name did not answer /health/live within 60 s"
}

# wait_until SECONDS DESCRIPTION COMMAND…: polls COMMAND every 0.5 s until it succeeds.
wait_until() {
    local bound=$1 what=$2
    shift 2
    for _ in $(seq 1 $(( bound * 2 ))); do
        if "$@"; then return 0; fi
        sleep 0.5
    done
    fail "$what: not reached within $bound s"
}

scenarios=("$@")
if [ ${#scenarios[@]} = 0 ]; then
    for file in .ci/outbound/*.sh; do [ -f "$file" ] && scenarios+=("$(basename "$file" .sh)"); done
fi
for scenario in "${scenarios[@]}"; do
    # shellcheck source=/dev/null
    . ".ci/outbound/$scenario.sh"
    echo "== webhook-outbound: $scenario"
    fake_reset
    "scenario_${scenario//-/_}"
    stop_replicas
done
echo "== webhook-outbound: ${#scenarios[@]} scenario(s) passed"
