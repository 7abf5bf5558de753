#!/usr/bin/env bash
# Install what the collection's tests need, skipping whatever is already there:
#   - Mono's C# compiler and NUnit 2.6 from Debian (apt), for the C# engine tests;
#     gcc and libc6-dev for the C fakes of the Windows DLLs (tests/native);
#   - .venv: Python 3.11 with the pinned toolchain (requirements-dev.txt);
#   - .venv-next: the newest ansible-core on Python 3.12+ (requirements-dev-next.txt), when such a Python exists;
#   - an offline stand-in for the get-pip script that ansible-test downloads.
# Safe to run again: each step checks first. Works as root on a fresh Debian machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

log() { printf '[bootstrap] %s\n' "$*"; }

# --- system packages -------------------------------------------------------
apt_pkgs=(mono-mcs nunit-console libnunit-cil-dev libmono-system-management4.0-cil libmono-system-web-extensions4.0-cil
          shellcheck gcc libc6-dev)
missing=()
for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
        log "need root to install: ${missing[*]}"; exit 1
    fi
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
    log "apt-get install ${missing[*]}"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python interpreters -----------------------------------------------------
find_python() {  # find_python 3.11 -> path of a real interpreter (not a failing pyenv shim)
    local v=$1 c
    for c in "python$v" "$(pyenv root 2>/dev/null)/versions/$v"*/bin/"python$v" /usr/bin/"python$v" /usr/local/bin/"python$v"; do
        if [ -n "$c" ] && "$c" -c 'import sys' >/dev/null 2>&1; then
            command -v "$c" 2>/dev/null || echo "$c"; return 0
        fi
    done
    return 1
}

make_venv() {  # make_venv DIR PYTHON REQFILE
    local dir=$1 py=$2 req=$3 stamp
    stamp="$("$py" --version 2>&1) $(sha256sum "$req" | cut -c1-16)"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        return 0
    fi
    log "creating $dir with $("$py" --version 2>&1) from $req"
    rm -rf "$dir"
    "$py" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --disable-pip-version-check -U pip 2>&1 | grep -v "is ignored" || true
    "$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$req" 2>&1 | grep -v "is ignored" || true
    "$dir/bin/python" -m pip check >/dev/null
    echo "$stamp" > "$dir/.stamp"
}

py311=$(find_python 3.11) || { log "Python 3.11 not found"; exit 1; }
make_venv "$root/.venv" "$py311" requirements-dev.txt

if py_next=$(find_python 3.12) || py_next=$(find_python 3.13); then
    make_venv "$root/.venv-next" "$py_next" requirements-dev-next.txt
else
    log "no Python 3.12+ found: the newest-ansible-core pass will be skipped"
    rm -rf "$root/.venv-next"
fi

# --- ansible-test's pip bootstrap, offline ------------------------------------
# ansible-test makes its sanity venvs without pip and downloads get-pip-X.py from a
# CI file server that is not reachable here; a cached file of the same name wins.
cache="$HOME/.ansible/test/cache"
mkdir -p "$cache"
for v in 24_2 25_2 25_3 26_0; do
    cp "$root/tools/get_pip_standin.py" "$cache/get_pip_$v.py"
done
log "ready"
