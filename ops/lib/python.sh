# shellcheck shell=bash
# Python virtualenv for the end-to-end tests. Source it; do not execute it.
#   ensure_venv DIR [REQUIREMENTS]   create DIR (python3 -m venv) if needed and install
#                                    REQUIREMENTS (default Tests/e2e/requirements.txt)
#                                    whenever the file's sha256 changed since the last install

# shellcheck source=ops/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# A venv is healthy when its interpreter still runs (a removed base Python breaks it).
_venv_healthy() {
    [[ -x "$1/bin/python" ]] && "$1/bin/python" -c 'import sys' >/dev/null 2>&1
}

_venv_create() {
    local dir=$1
    log "creating Python virtualenv in $dir ($(python3 --version 2>&1))"
    if python3 -m venv "$dir" >/dev/null 2>&1; then
        return 0
    fi
    # Debian's python3 ships venv/ensurepip in a separate package.
    rm -rf "$dir"
    ensure_debian_packages python3-venv
    python3 -m venv "$dir" || die "python3 -m venv $dir failed"
}

ensure_venv() {
    local dir=$1 req=${2:-"$(repo_root)/Tests/e2e/requirements.txt"}
    local stamp="$dir/.requirements.sha256" want have=""
    command -v python3 >/dev/null 2>&1 || ensure_debian_packages python3
    [[ -f "$req" ]] || die "missing $req"
    if ! _venv_healthy "$dir"; then
        rm -rf "$dir"
        _venv_create "$dir"
    fi
    want=$(sha256sum "$req" | cut -d' ' -f1)
    [[ -f "$stamp" ]] && have=$(cat "$stamp")
    if [[ "$want" == "$have" ]]; then
        log "Python virtualenv $dir is up to date"
        return 0
    fi
    log "installing Python packages from ${req#"$(repo_root)/"}"
    "$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$req" \
        || die "pip install -r $req failed"
    # The stamp is written only after a successful install, so a failure retries next time.
    printf '%s\n' "$want" >"$stamp"
}
