# shellcheck shell=bash
# OAuth connect for Moka (issue #20, connection messages of #21): two replicas on PostgreSQL share
# the fake Moka authorization server. Connect on one replica, the callback answered by the other
# (the state lives in the database) ⇒ `Moka connected successfully`; tokens stored only as
# ciphertext; every token refreshed before it expires, exactly once across both replicas (the
# fake's grant log and journal); a revoked refresh token ⇒ "needs reconnect" in /health/ready
# (still 200) and in the admin /health diagnostics; reconnecting heals it; `backfill` from the
# command line reads the connected outlet with the stored tokens.
# Sourced by .ci/webhook-outbound.sh (its helpers: fresh_database, sql, start_replica, fake_*…).

oauth_as="" # the fake authorization server's control base, set by scenario_oauth

# oauth_grants: the fake authorization server's token grants, one `type status at replacedExpiry` a line.
oauth_grants() {
    curl -fsS --max-time 10 "$oauth_as/_grants" | jq -r '.grants[] | "\(.grantType) \(.status) \(.at) \(.replacedExpiry // "-")"'
}
oauth_refreshes() { oauth_grants | grep -c '^refresh_token ' || true; }
oauth_refreshed_at_least() { [ "$(oauth_refreshes)" -ge "$1" ]; }

# oauth_connect REPLICA_START REPLICA_CALLBACK API_KEY: the browser's trip; prints the callback's answer.
oauth_connect() {
    local start=$1 finish=$2 key=$3 authorize
    authorize=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' -H "X-API-KEY: $key" \
        "http://127.0.0.1:${serving_ports[$start]}/api/v1/integrations/moka/connect?integration=acme-moka")
    [ "${authorize%% *}" = 302 ] || fail "connect answered ${authorize%% *}, expected a 302 to the provider"
    authorize=${authorize#* }
    case "$authorize" in "$oauth_as/authorize?"*code_challenge=*state=*|"$oauth_as/authorize?"*state=*code_challenge=*) ;;
        *) fail "connect redirected to an unexpected place: ${authorize%%\?*}" ;;
    esac
    # The registered redirect URI is https-less http://pwbi.test; curl follows the provider's 302 there,
    # connecting to the other replica.
    curl -sS --max-time 10 -L --max-redirs 2 --connect-to "pwbi.test:80:127.0.0.1:${serving_ports[$finish]}" "$authorize"
}

oauth_ready_body() { curl -fsS --max-time 5 "http://127.0.0.1:${serving_ports[$1]}/health/ready"; }
oauth_needs_reconnect_on() { oauth_ready_body "$1" | jq -e '.needs_reconnect == ["acme-moka"]' >/dev/null; }

scenario_oauth() {
    local db=pwbi_oauth url key answer grants line status at replaced count duplicates health
    url=$(fresh_database "$db")
    oauth_as="$fake/moka/oauth"
    curl -fsS --max-time 10 -X POST "$oauth_as/_reset" >/dev/null
    # Tokens live 20 s here; the schedule refreshes those expiring within 12 s, checking every second.
    curl -fsS --max-time 10 -X POST "$oauth_as/_lifetime?seconds=20" >/dev/null

    head -c 32 /dev/urandom | base64 >"$work/credentials.key"
    printf 'pwbi-fake-secret\n' >"$work/moka-client-secret"
    DATABASE_URL="$url" "$bin/WebhookServer" integration add --id acme-moka --tenant acme --system moka \
        --credentials oauth --outlets outlet-1 --base-url "$fake/moka" >/dev/null
    key=$(DATABASE_URL="$url" "$bin/WebhookServer" issue-key --tenant acme --description "oauth ci")
    local settings=(
        DATABASE_URL="$url" PWBI_MOKA_CLIENT_ID=pwbi-fake-client PWBI_MOKA_CLIENT_SECRET_FILE="$work/moka-client-secret"
        PWBI_MOKA_REDIRECT_URI=http://pwbi.test/api/v1/integrations/moka/callback
        PWBI_CREDENTIALS_KEY_FILE="$work/credentials.key"
        PWBI_OAUTH_REFRESH_INTERVAL_SECONDS=1 PWBI_OAUTH_REFRESH_WINDOW_SECONDS=12 PWBI_OAUTH_REFRESH_SKEW_SECONDS=3
        PWBI_OAUTH_LEASE_SECONDS=6
    )
    start_replica oauth-a "${settings[@]}"
    start_replica oauth-b "${settings[@]}"

    # Connect: started on a, finished on b.
    answer=$(oauth_connect oauth-a oauth-b "$key")
    [ "$answer" = '{"success":true,"message":"Moka connected successfully"}' ] || fail "the callback answered: $answer"
    [ "$(sql "$db" "SELECT status FROM oauth_credentials WHERE account = 'acme-moka' AND connected_at IS NOT NULL")" = active ] \
        || fail "the connection time or status was not recorded"
    # A replayed callback is refused in the guide's words (the state is single use).
    answer=$(curl -sS --max-time 10 "http://127.0.0.1:${serving_ports[oauth-b]}/api/v1/integrations/moka/callback?code=x&state=forged")
    echo "$answer" | jq -e '.success == false and .error == "Invalid state token"' >/dev/null || fail "a forged state was answered: $answer"

    # Tokens at rest: ciphertext only (the fake's tokens all start with "fake-"), with the key's id.
    [ "$(sql "$db" "SELECT COUNT(*) FROM oauth_credentials WHERE position('fake-'::bytea IN access_token) > 0
                     OR position('fake-'::bytea IN refresh_token) > 0 OR length(access_token) < 28")" = 0 ] \
        || fail "a token is stored in plaintext"

    # Refresh ahead of expiry: watch three refreshes (about 8 s apart).
    wait_until 60 "three token refreshes" oauth_refreshed_at_least 3
    grants=$(oauth_grants)
    count=0
    while read -r line; do
        read -r _ status at replaced <<<"$line"
        count=$((count + 1))
        [ "$status" = 200 ] || fail "a refresh was refused ($line): two replicas used one refresh token?"
        awk -v at="$at" -v expiry="$replaced" 'BEGIN { exit !(at + 0 < expiry + 0) }' || fail "a token was refreshed only after it expired ($line)"
    done < <(echo "$grants" | grep '^refresh_token ')
    # Exactly once: each refresh replaced a different token.
    [ "$(echo "$grants" | grep '^refresh_token ' | awk '{print $4}' | sort -u | wc -l)" = "$count" ] \
        || fail "one token was refreshed twice: $grants"
    duplicates=$(fake_journal | jq '.concurrentDuplicates')
    [ "$duplicates" = 0 ] || fail "the fake saw $duplicates concurrent duplicate requests"
    echo "   $count refreshes, each before expiry and once (by oauth-a: $(grep -c 'token refreshed' "$work/oauth-a.log" || true), by oauth-b: $(grep -c 'token refreshed' "$work/oauth-b.log" || true))"

    # Revoked at the provider: the next refresh is refused ⇒ needs reconnect on every replica, still ready.
    curl -fsS --max-time 10 -X POST "$oauth_as/_revoke" >/dev/null
    wait_until 30 "needs reconnect in /health/ready of oauth-a" oauth_needs_reconnect_on oauth-a
    oauth_needs_reconnect_on oauth-b || fail "oauth-b's readiness does not show the reconnect"
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:${serving_ports[oauth-b]}/health/ready")
    [ "$status" = 200 ] || fail "/health/ready answered $status while a connection needs reconnecting"
    health=$(curl -fsS --max-time 5 "http://127.0.0.1:${admin_ports[oauth-a]}/health")
    echo "$health" | jq -e '.oauth[] | select(.integration == "acme-moka") | .status == "needs_reconnect" and .code == "pos.credentials_expired"' >/dev/null \
        || fail "the admin diagnostics do not show the reconnect: $health"
    [ "$(oauth_grants | grep -c '^refresh_token 400')" = 1 ] || fail "the refused refresh was retried: $(oauth_grants)"

    # Reconnecting heals it.
    answer=$(oauth_connect oauth-b oauth-a "$key")
    [ "$answer" = '{"success":true,"message":"Moka connected successfully"}' ] || fail "the reconnect answered: $answer"
    oauth_ready_body oauth-a | jq -e '.needs_reconnect == null' >/dev/null || fail "still needs reconnect after reconnecting"
    grep -q 'pwbi-fake-secret' "$work"/oauth-*.log && fail "the client secret reached a log"
    grep -q 'fake-access-\|fake-refresh-' "$work"/oauth-*.log && fail "a token reached a log"
    stop_replicas

    # The command line's backfill polls with the stored tokens (refreshing them if they expired
    # meanwhile), as a replica does.
    local out inserted unchanged
    out=$(env "${settings[@]}" "$bin/WebhookServer" backfill --integration acme-moka \
        --from "$(date -u -d '2 days ago' +%F)" --to "$(date -u +%F)" 2>"$work/oauth-backfill.err") \
        || fail "backfill with OAuth credentials failed: $(tail -n 3 "$work/oauth-backfill.err")"
    inserted=$(echo "$out" | sed -n 's/.* \([0-9]*\) inserted, .*/\1/p')
    unchanged=$(echo "$out" | sed -n 's/.* \([0-9]*\) unchanged, .*/\1/p')
    [ $(( ${inserted:-0} + ${unchanged:-0} )) -gt 0 ] || fail "the OAuth backfill read no sale: $out"
    grep -q 'fake-access-\|fake-refresh-' "$work/oauth-backfill.err" && fail "a token reached the backfill's log"
    echo "   $out"
}
