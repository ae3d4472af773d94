# Sourced by .ci/webhook-server.sh and .ci/webhook-outbound.sh: the replicas they start.
# Needs: the array replica_pids (each started replica's pid appended).

# stop_replicas [SECONDS]: SIGTERM to every replica, SIGKILL to one still running after SECONDS (10).
stop_replicas() {
    local bound=${1:-10} pid
    for pid in "${replica_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${replica_pids[@]}"; do
        for _ in $(seq 1 $(( bound * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    replica_pids=()
}
