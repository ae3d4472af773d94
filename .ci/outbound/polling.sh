# shellcheck shell=bash
# Scheduled polling (issue #20): two replicas on PostgreSQL poll a fake Qasir account and a fake
# Moka outlet every 5 s through timeouts, 429 with Retry-After, 500s and pages that change between
# requests; the replica holding a lease is SIGKILLed mid-run. Invariants: every transaction of the
# fake's dataset stored exactly once and nothing else, no cursor ever ahead of the stored data
# (checked throughout), no page fetched twice at once (the fake's journal).
# Sourced by .ci/webhook-outbound.sh (its helpers: fresh_database, sql, start_replica, fake_*…).

# polling_check_cursors DB: fails when a cursor covers a sale the fake showed by then that is not stored.
polling_check_cursors() {
    local db=$1 cursors stored system account watermark missing
    # Cursors first, then what is stored: stored data only grows, so a gap here is a real one.
    cursors=$(sql "$db" "SELECT source_system || '|' || account || '|' || floor((watermark + 978307200) * 1000)::bigint FROM poll_cursors")
    stored=$(sql "$db" "SELECT source_system || ' ' || external_id FROM transactions" | sort)
    while IFS='|' read -r system account watermark; do
        [ -n "$system" ] || continue
        missing=$(curl -fsS --max-time 10 "$fake/$system/_fake/dataset?outlet=$account" \
            | jq -r --argjson w "$watermark" '.sales[] | select(.at <= $w and .visibleFrom <= $w) | .id' \
            | sed "s/^/$system /" | sort | comm -23 - <(echo "$stored"))
        [ -z "$missing" ] || fail "the $system cursor of '$account' (at $watermark ms) is ahead of stored data: $(echo "$missing" | head -3 | tr '\n' ' ')"
    done <<<"$cursors"
}

# polling_all_stored DB: true when the stored ids of both integrations are exactly the fake's datasets.
polling_all_stored() {
    local db=$1 system outlet expected stored
    for pair in "qasir " "moka 28076"; do
        read -r system outlet <<<"$pair"
        expected=$(curl -fsS --max-time 10 "$fake/$system/_fake/dataset?outlet=$outlet" | jq -r '.sales[].id' | sort)
        stored=$(sql "$db" "SELECT external_id FROM transactions WHERE tenant = 'demo' AND source_system = '$system' ORDER BY external_id" | sort)
        [ "$expected" = "$stored" ] || return 1
    done
}

# polling_holder DB: the replica name holding a poll lease now (empty when none).
polling_holder() {
    sql "$1" "SELECT regexp_replace(owner, '-[^-]*$', '') FROM leases
              WHERE name LIKE 'poll:%' AND expires_at > extract(epoch FROM now()) - 978307200 LIMIT 1"
}
# polling_mid_run DB: a replica holds a poll lease and some pages are stored already.
polling_mid_run() { [ -n "$(polling_holder "$1")" ] && [ "$(sql "$1" "SELECT COUNT(*) FROM transactions")" -gt 0 ]; }
# polling_leases_of DB REPLICA: how many poll leases rows name REPLICA as owner (lapsed or not).
polling_leases_of() { sql "$1" "SELECT COUNT(*) FROM leases WHERE name LIKE 'poll:%' AND owner LIKE '$2-%'"; }
polling_released_by() { [ "$(polling_leases_of "$1" "$2")" = 0 ]; }

scenario_polling() {
    local db=pwbi_polling url now end holder victim index count
    url=$(fresh_database "$db")

    # A fresh day of sales (seed 20, 600 per outlet) ending 60 s from now: the last ones appear while the replicas poll.
    now=$(date +%s)
    end=$((now + 60))
    for system in qasir moka; do
        curl -fsS --max-time 10 -X POST "$fake/$system/_fake/plan" -H 'Content-Type: application/json' \
            -d "{\"seed\": 20, \"count\": 600, \"start\": $((end - 86400)), \"end\": $end}" >/dev/null
    done

    echo "token-for-moka" >"$work/moka-token"
    DATABASE_URL="$url" "$bin/WebhookServer" integration add --id demo-qasir --tenant demo --system qasir \
        --credentials env:DEMO_QASIR_KEY --every 5 --base-url "$fake/qasir" --setting per_page=50 >/dev/null
    DATABASE_URL="$url" "$bin/WebhookServer" integration add --id demo-moka --tenant demo --system moka \
        --credentials "file:$work/moka-token" --every 5 --outlets 28076 --base-url "$fake/moka" --setting per_page=40 --setting api=v1 >/dev/null

    # Faults, first come first served: two timeouts (10.5 s > the 10 s attempt timeout; the retry
    # starts after the fake answered, so the journal sees no overlap), 429 with Retry-After, 500s,
    # and pages that change between requests.
    fake_faults '[{"path": "/qasir/v1/transactions", "delayMilliseconds": 10500, "times": 1},
                  {"path": "/moka/v1/outlets", "status": 429, "retryAfter": 2, "times": 2},
                  {"path": "/qasir/v1/transactions", "status": 429, "retryAfter": 1, "times": 3},
                  {"path": "/moka/v1/outlets", "delayMilliseconds": 10500, "times": 1},
                  {"path": "/qasir/v1/transactions", "status": 500, "times": 3},
                  {"path": "/moka/v1/outlets", "status": 503, "times": 2}]'
    for system in qasir moka; do
        curl -fsS --max-time 10 -X POST "$fake/$system/_fake/page-change" -H 'Content-Type: application/json' -d '{"times": 4}' >/dev/null
    done

    local settings=(DATABASE_URL="$url" DEMO_QASIR_KEY=qasir-api-key PWBI_POLL_LOOKBACK_SECONDS=172800
        PWBI_POLL_LEASE_SECONDS=6 PWBI_POLL_RELOAD_SECONDS=2)
    start_replica poll-a "${settings[@]}"
    start_replica poll-b "${settings[@]}"

    # SIGKILL whichever replica holds a poll lease, mid-run; the other takes over once the lease lapses.
    wait_until 60 "a replica holding a poll lease with pages stored" polling_mid_run "$db"
    holder=$(polling_holder "$db")
    index=0
    [ "$holder" = poll-b ] && index=1
    victim=${replica_pids[$index]}
    kill -KILL "$victim"
    wait "$victim" 2>/dev/null || true
    echo "   killed $holder (pid $victim) while it held a poll lease"
    local survivor=poll-a
    [ "$holder" = poll-a ] && survivor=poll-b
    # The dead replica's lease row stays until the survivor takes that lease over (after it lapses).
    wait_until 45 "$survivor taking over the leases of $holder" polling_released_by "$db" "$holder"

    # Until every sale has appeared and is stored, the cursors never run ahead of the stored data.
    local deadline=$(($(date +%s) + 240))
    while ! { [ "$(date +%s)" -gt $((end + 5)) ] && polling_all_stored "$db"; }; do
        polling_check_cursors "$db"
        [ "$(date +%s)" -lt "$deadline" ] || fail "not every transaction of the fake's datasets was stored within 240 s"
        sleep 1
    done
    polling_check_cursors "$db"

    count=$(sql "$db" "SELECT COUNT(*) FROM transactions WHERE tenant = 'demo'")
    local distinct
    distinct=$(sql "$db" "SELECT COUNT(DISTINCT (source_system, outlet, external_id)) FROM transactions WHERE tenant = 'demo'")
    [ "$count" = "$distinct" ] || fail "$count rows for $distinct transactions: something was stored twice"
    [ "$count" -gt 1200 ] || fail "expected more than 1200 transactions (two datasets of 600 and late sales), got $count"
    local journal duplicates faulted
    journal=$(fake_journal)
    duplicates=$(echo "$journal" | jq '.concurrentDuplicates')
    [ "$duplicates" = 0 ] || fail "$duplicates page requests overlapped an identical one in flight"
    faulted=$(echo "$journal" | jq '[.requests[] | select(.faulted)] | length')
    [ "$faulted" -ge 12 ] || fail "only $faulted requests met a fault; the scenario expects all 12 used"
    [ "$(sql "$db" "SELECT COUNT(*) FROM integration_states WHERE connection <> 'active'")" = 0 ] || fail "an integration was left needing a reconnect"
    local metrics
    metrics=$(curl -fsS --max-time 10 "http://127.0.0.1:${admin_ports[$survivor]}/metrics")
    grep -q '^pwbi_polling_runs_total' <<<"$metrics" || fail "no pwbi_polling_runs_total on $survivor's /metrics"
    echo "   $count transactions stored once, cursors never ahead, $faulted faulted requests, 0 concurrent duplicates"
}
