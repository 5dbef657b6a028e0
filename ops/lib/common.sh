# shellcheck shell=bash
# Shared helpers for the ops/ scripts. Source it; do not execute it.
#   log MSG...                    progress line ("==> MSG") on stderr
#   warn MSG... / die MSG...      warning / fatal error on stderr (die exits 1)
#   repo_root                     absolute path of the repository checkout
#   ensure_debian_packages PKG... install the missing Debian packages (apt-get)
#   port_is_free PORT             succeeds when 127.0.0.1:PORT can be bound
#   free_port                     prints a free TCP port on 127.0.0.1
#   pg_bindir                     prints the newest /usr/lib/postgresql/*/bin
#   as_pg_user CMD...             runs CMD as the user that owns PostgreSQL clusters
#   pg_os_user                    prints that user's name

# Guard against being sourced twice (postgres.sh and python.sh source this too).
if [[ -n "${_SWITCHBOARD_COMMON_SH:-}" ]]; then
    return 0
fi
_SWITCHBOARD_COMMON_SH=1

log() {
    printf '==> %s\n' "$*" >&2
}

warn() {
    printf '==> warning: %s\n' "$*" >&2
}

die() {
    printf '==> error: %s\n' "$*" >&2
    exit 1
}

# The repository is two levels above this file (ops/lib/common.sh), clone or copy alike.
repo_root() {
    (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
}

is_root() {
    [[ "$(id -u)" -eq 0 ]]
}

# Runs a command as root: directly when we are root, else through sudo, else fails.
_as_root() {
    if is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        return 127
    fi
}

_deb_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

_APT_UPDATED=""

ensure_debian_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        _deb_installed "$pkg" || missing+=("$pkg")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    if ! is_root && ! command -v sudo >/dev/null 2>&1; then
        die "missing Debian packages (not root, no sudo): ${missing[*]} — install them with: apt-get install ${missing[*]}"
    fi
    log "installing Debian packages: ${missing[*]}"
    # The package lists are refreshed at most once per script run.
    if [[ -z "$_APT_UPDATED" ]]; then
        _as_root apt-get update -qq || die "apt-get update failed"
        _APT_UPDATED=1
    fi
    _as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
}

port_is_free() {
    python3 - "$1" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

free_port() {
    # Binding port 0 lets the kernel pick an unused ephemeral port.
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_bindir() {
    local dirs=() dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/pg_ctl" ]] && dirs+=("$dir")
    done
    if [[ ${#dirs[@]} -eq 0 ]]; then
        die "no PostgreSQL server found under /usr/lib/postgresql (install the 'postgresql' package)"
    fi
    # Version-sort so that 16 beats 9.6 and the newest major wins.
    printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1
}

pg_os_user() {
    if is_root; then
        echo postgres
    else
        id -un
    fi
}

# PostgreSQL refuses to run as root, so root hands cluster commands to `postgres`.
# The command runs from / because the caller's folder may be unreadable for that
# user; pass absolute paths only.
as_pg_user() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}
