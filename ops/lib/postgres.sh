# shellcheck shell=bash
# Throwaway / demo PostgreSQL clusters for Switchboard. Source it; do not execute it.
#
# A cluster folder DIR holds:
#   DIR/data/          the data directory (PGDATA)
#   DIR/postgres.log   the server log
#   DIR/port           the TCP port of the last start
#   DIR/.s.PGSQL.N     the Unix socket (unless DIR is too long for a socket path)
# The server listens on 127.0.0.1 only, with trust authentication, superuser `postgres`.
#
#   pg_prepare_dir DIR                    create DIR for the cluster owner; fails if unreachable
#   pg_tmp_cluster_dir                    mktemp -d a cluster folder the cluster owner can use
#   pg_cluster_init [--fast] DIR          initdb (no-op when already initialised)
#   pg_cluster_running DIR                succeeds when the cluster's server is up
#   pg_cluster_start [--fast] DIR PORT    start (no-op when running); --fast = no durability
#   pg_cluster_stop DIR                   fast shutdown; silently ignores a stopped cluster
#   pg_bootstrap_database PORT DB         createdb DB if missing, then apply sql/roles.sql
#   pg_migrate BIN PORT DB [SQL_DIR]      BIN migrate as switchboard_owner
#   pg_urls PORT DB                       export ADMIN_URL OWNER_URL APP_URL ANALYST_URL
#   pg_mark_embedded_demo PORT DB         mark DB as the embedded demo (allows serve --dev-sign-in)

# shellcheck source=ops/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# A Unix socket path is limited to 107 bytes; ".s.PGSQL.NNNNN" needs 15 more.
_PG_SOCKET_DIR_MAX=90

# Prints DIR as an absolute path: as_pg_user runs commands from /.
_pg_abs() {
    if [[ "$1" == /* ]]; then
        printf '%s\n' "$1"
    else
        printf '%s\n' "$PWD/$1"
    fi
}

# Succeeds when the cluster owner can create files in DIR (and reach it at all).
_pg_dir_usable() {
    as_pg_user test -d "$1" -a -w "$1" -a -x "$1" 2>/dev/null
}

pg_prepare_dir() {
    local dir
    dir=$(_pg_abs "$1")
    mkdir -p "$dir"
    # Root creates the folder but the postgres user must own it to run the server there.
    if is_root; then
        chown postgres:postgres "$dir"
    fi
    chmod 700 "$dir"
    _pg_dir_usable "$dir"
}

pg_tmp_cluster_dir() {
    local base dir
    # /var/tmp is the fallback when $TMPDIR sits under a folder postgres cannot traverse.
    for base in "${TMPDIR:-/tmp}" /var/tmp; do
        dir=$(mktemp -d "$base/switchboard-pg.XXXXXX" 2>/dev/null) || continue
        if pg_prepare_dir "$dir"; then
            printf '%s\n' "$dir"
            return 0
        fi
        rm -rf "$dir"
    done
    die "could not create a temporary folder usable by the '$(pg_os_user)' user"
}

pg_cluster_init() {
    local nosync=()
    if [[ "${1:-}" == --fast ]]; then
        # Throwaway clusters need not be flushed to disk.
        nosync=(--no-sync)
        shift
    fi
    local dir bindir
    dir=$(_pg_abs "$1")
    bindir=$(pg_bindir)
    if [[ -f "$dir/data/PG_VERSION" ]]; then
        log "PostgreSQL cluster already initialised in $dir"
        return 0
    fi
    pg_prepare_dir "$dir" \
        || die "user '$(pg_os_user)' cannot use $dir (a parent folder is not traversable?)"
    log "initialising PostgreSQL cluster in $dir ($("$bindir/postgres" --version))"
    as_pg_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C \
        "${nosync[@]}" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir"; }
    # Per-start settings (port, sockets, durability) live in an included file we rewrite.
    printf "\ninclude_if_exists = 'switchboard.conf'\n" \
        | as_pg_user tee -a "$dir/data/postgresql.conf" >/dev/null
}

pg_cluster_running() {
    local dir
    dir=$(_pg_abs "$1")
    [[ -f "$dir/data/PG_VERSION" ]] || return 1
    as_pg_user "$(pg_bindir)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

# Prints the settings file contents for a start of cluster DIR on PORT.
_pg_settings() {
    local dir=$1 port=$2 fast=$3 sockets=$1
    if [[ ${#dir} -gt $_PG_SOCKET_DIR_MAX ]]; then
        warn "cluster path too long for a Unix socket; TCP only (127.0.0.1:$port)"
        sockets=""
    fi
    echo "# Written by ops/lib/postgres.sh on every start; edits are lost."
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$sockets'"
    # Swift Testing starts every test at once, each HTTP test with a pool of its own: at the start
    # of `swift test` several hundred connections open together (400 ran out), so leave ample room.
    echo "max_connections = 1000"
    if [[ "$fast" == 1 ]]; then
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
    fi
}

_pg_wait_ready() {
    local port=$1 bindir tries=0
    bindir=$(pg_bindir)
    until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
        tries=$((tries + 1))
        [[ $tries -lt 120 ]] || return 1
        sleep 0.25
    done
}

pg_cluster_start() {
    local fast=0
    if [[ "${1:-}" == --fast ]]; then
        fast=1
        shift
    fi
    local dir port=$2 bindir mode=""
    dir=$(_pg_abs "$1")
    bindir=$(pg_bindir)
    if [[ $fast == 1 ]]; then
        mode=" (fast, non-durable)"
    fi
    [[ "$dir" != *"'"* ]] || die "cluster path must not contain a single quote: $dir"
    if pg_cluster_running "$dir"; then
        log "PostgreSQL already running in $dir on port $(cat "$dir/port" 2>/dev/null || echo '?')"
        return 0
    fi
    port_is_free "$port" || die "port $port on 127.0.0.1 is already in use"
    _pg_settings "$dir" "$port" "$fast" | as_pg_user tee "$dir/data/switchboard.conf" >/dev/null
    log "starting PostgreSQL on 127.0.0.1:$port$mode — log: $dir/postgres.log"
    if ! as_pg_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -s start; then
        tail -n 30 "$dir/postgres.log" >&2 || true
        die "PostgreSQL failed to start in $dir"
    fi
    _pg_wait_ready "$port" || { tail -n 30 "$dir/postgres.log" >&2; die "PostgreSQL did not become ready on port $port"; }
    printf '%s\n' "$port" >"$dir/port"
}

pg_cluster_stop() {
    local dir
    dir=$(_pg_abs "$1")
    if pg_cluster_running "$dir"; then
        log "stopping PostgreSQL in $dir"
        as_pg_user "$(pg_bindir)/pg_ctl" -D "$dir/data" -m fast -w -t 60 -s stop \
            || warn "pg_ctl stop failed for $dir"
    fi
    return 0
}

# Runs psql as the superuser against DB on PORT, stopping at the first error.
_pg_psql() {
    local port=$1 db=$2
    shift 2
    "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}

_pg_check_db_name() {
    # Names are interpolated into SQL and URLs, so keep them to plain identifiers.
    [[ "$1" =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid database name: $1"
}

pg_bootstrap_database() {
    local port=$1 db=$2 roles
    roles="$(repo_root)/sql/roles.sql"
    _pg_check_db_name "$db"
    if [[ "$(_pg_psql "$port" postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
        log "creating database $db"
        "$(pg_bindir)/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    fi
    [[ -f "$roles" ]] || die "missing $roles"
    log "applying sql/roles.sql to $db"
    _pg_psql "$port" "$db" -f "$roles"
}

pg_migrate() {
    local bin=$1 port=$2 db=$3 sql_dir=${4:-"$(repo_root)/sql"}
    _pg_check_db_name "$db"
    [[ -x "$bin" ]] || die "switchboard binary not found at $bin"
    log "running migrations from $sql_dir on $db"
    MIGRATION_DATABASE_URL="postgres://switchboard_owner@127.0.0.1:$port/$db" \
        "$bin" migrate --sql-dir "$sql_dir"
}

# Only a superuser-owned database with this database-wide setting lets `serve --dev-sign-in`
# start (switchboard.database_is_embedded_demo()); never run it on a real deployment.
pg_mark_embedded_demo() {
    local port=$1 db=$2
    _pg_check_db_name "$db"
    log "marking $db as the embedded demo database (development sign-in allowed)"
    _pg_psql "$port" "$db" -c "ALTER DATABASE $db SET switchboard.embedded_demo = 'on'"
}

pg_urls() {
    local port=$1 db=$2
    _pg_check_db_name "$db"
    export ADMIN_URL="postgres://postgres@127.0.0.1:$port/$db"
    export OWNER_URL="postgres://switchboard_owner@127.0.0.1:$port/$db"
    export APP_URL="postgres://switchboard_app@127.0.0.1:$port/$db"
    export ANALYST_URL="postgres://demo_analyst@127.0.0.1:$port/$db"
    log "ADMIN_URL=$ADMIN_URL"
    log "OWNER_URL=$OWNER_URL"
    log "APP_URL=$APP_URL"
}
