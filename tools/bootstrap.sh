#!/usr/bin/env bash
#   tools/bootstrap.sh install   what `make install` needs: .venv with the pinned ansible-core alone
#                                (requirements-install.txt); no apt package, no C# or lint toolchain
#   tools/bootstrap.sh [test]    what the tests need (make test / unit / csharp / sanity / lint), skipping whatever
#                                is already there:
#   - Mono's C# compiler and NUnit 2.6 from Debian (apt), for the C# engine tests;
#     gcc and libc6-dev for the C fakes of the Windows DLLs (tests/native);
#   - .venv: Python 3.11 with the pinned toolchain (requirements-dev.txt);
#   - .venv-next: the newest ansible-core on Python 3.12+ (requirements-dev-next.txt), when such a Python exists;
#   - an offline stand-in for the get-pip script that ansible-test downloads.
# Safe to run again: each step checks first. Works as root on a fresh Debian machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=${1:-test}
case "$mode" in install|test) ;; *) echo "usage: tools/bootstrap.sh [install|test]" >&2; exit 2 ;; esac

log() { printf '[bootstrap] %s\n' "$*"; }

# --- system packages (tests only) ------------------------------------------
apt_packages() {
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
}
[ "$mode" = test ] && apt_packages

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

venv_stamp() {  # venv_stamp PYTHON REQFILE -> the interpreter and the hash of the file and what it includes (-r)
    local py=$1 req=$2 inc
    inc=$(sed -n 's/^-r  *//p' "$req")
    echo "$("$py" --version 2>&1) $(cat "$req" ${inc:+"$(dirname "$req")/$inc"} | sha256sum | cut -c1-16)"
}

make_venv() {  # make_venv DIR PYTHON REQFILE [ALSO_OK_REQFILE]: a venv from REQFILE, or one made from ALSO_OK_REQFILE
    local dir=$1 py=$2 req=$3 also=${4:-} stamp
    stamp=$(venv_stamp "$py" "$req")
    if [ -f "$dir/.stamp" ] && { [ "$(cat "$dir/.stamp")" = "$stamp" ] ||
            { [ -n "$also" ] && [ "$(cat "$dir/.stamp")" = "$(venv_stamp "$py" "$also")" ]; }; }; then
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
if [ "$mode" = install ]; then
    # the test toolchain includes the install one (requirements-dev.txt: -r requirements-install.txt)
    make_venv "$root/.venv" "$py311" requirements-install.txt requirements-dev.txt
    log "ready (install)"
    exit 0
fi
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
