# Sourced by .ci/webhook-server.sh and Benchmarks/WebhookServer/run.sh: a throw-away PostgreSQL
# cluster on a free loopback port (Debian's postgresql, installed if missing), synchronous_commit=off.
# Needs: $work (a temp folder). Sets: pg_bin, pg_data, pg_port. Every wait bounded.

run_as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# pg_setup DATABASE…: installs if needed, creates the cluster, starts it, creates the databases.
pg_setup() {
    pg_data="$work/pg"
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
        echo "installing postgresql from Debian's packages"
        if [ "$(id -u)" != 0 ]; then echo "PostgreSQL is missing and this is not root: cannot install it" >&2; return 1; fi
        export DEBIAN_FRONTEND=noninteractive
        timeout 300 apt-get update -qq
        timeout 600 apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    mkdir -p "$pg_data"
    if [ "$(id -u)" = 0 ]; then chown postgres "$pg_data"; fi
    run_as_postgres "$pg_bin/initdb" -D "$pg_data" -U pwbi --auth=trust --encoding=UTF8 --no-locale >"$work/initdb.log" 2>&1
    pg_port=$(free_port)
    pg_start
    local db
    for db in "$@"; do psql_run -d postgres -c "CREATE DATABASE $db"; done
    echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
}

pg_start() {
    run_as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_data -c max_connections=300 -c synchronous_commit=off" start >/dev/null
}

# pg_restart: a fast restart (every connection dropped, in-flight transactions rolled back).
pg_restart() {
    run_as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -m fast -w -t 60 \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_data -c max_connections=300 -c synchronous_commit=off" restart >/dev/null
}

pg_stop() {
    if [ -n "${pg_bin:-}" ] && [ -f "${pg_data:-/nonexistent}/postmaster.pid" ]; then
        run_as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || run_as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
}

psql_run() { timeout 60 "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U pwbi "$@"; }
pg_url() { echo "postgres://pwbi@127.0.0.1:$pg_port/$1?sslmode=disable"; }
