#!/usr/bin/env bash
# Build every C# util plus every .cs under tests/csharp (fakes/, engines/, native/, modules/, harness/) into one NUnit assembly and run it under Mono, with the C fakes of
# the Windows DLLs (tests/native) built by gcc and put on LD_LIBRARY_PATH.
#   tools/cs_test.sh [OUTDIR] [-- extra nunit-console args, e.g. -run=SessionCtl.Tests.RdsTests]
# Prints NUnit's summary; the XML result lands in OUTDIR/nunit.xml. Exit code: nunit-console's (failures).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/tests/output/csharp}
[ "$#" -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
mkdir -p "$out"
# ABI-level fakes of wtsapi32 / iscsidsc / kernel32 / ntdll that the unmodified Native* classes call (tests/native).
"$root/tests/native/build.sh" "$out/native"
export LD_LIBRARY_PATH="$out/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# Mono's /etc/mono/config maps every kernel32.dll import to the runtime itself (__Internal); this assembly's own
# config sends them to the fake instead. Wtsapi32.dll, iscsidsc.dll and ntdll.dll need no map.
cat >"$out/SessionCtl.Tests.dll.config" <<'XML'
<configuration>
  <dllmap dll="i:kernel32.dll" target="libkernel32.so" os="!windows" />
</configuration>
XML
nunit=$(find /usr/lib/cli -path '*/nunit.framework-2.6*/nunit.framework.dll' 2>/dev/null | sort | head -n 1)
[ -n "$nunit" ] || { echo "nunit.framework.dll not found: apt-get install libnunit-cil-dev" >&2; exit 2; }
# assemblies the utils ask Add-Type for with "//AssemblyReference -Name X.dll"
mapfile -t refs < <(grep -hoE '^//AssemblyReference -Name [A-Za-z0-9_.]+\.dll' "$root"/plugins/module_utils/*.cs |
    awk '{print "-r:" $3}' | sort -u)
# ansible-core's Ansible.Basic (the module runners' base), built under Mono with a test-only SMA stand-in
mapfile -t basic < <("$root/tools/ansible_basic.sh" "$out/ansible-basic")
cp "$out"/ansible-basic/*.dll "$out/"
# every test source, in folders (tests/csharp/{fakes,engines,native,modules,harness}), in a stable order
mapfile -t tests < <(find "$root/tests/csharp" -name '*.cs' -type f | LC_ALL=C sort)
[ "${#tests[@]}" -gt 0 ] || { echo "no C# tests under $root/tests/csharp" >&2; exit 2; }
mcs -langversion:5 -target:library -warnaserror+ -nowarn:1610 -debug "-define:WINDOWS;AMD64" \
    -r:System.dll -r:System.Core.dll "${refs[@]}" "${basic[@]}" -r:"$nunit" -out:"$out/SessionCtl.Tests.dll" \
    "$root"/plugins/module_utils/*.cs "${tests[@]}"
# each module's $spec (typed as PowerShell builds it) and RETURN, for the module harness (tests/csharp/harness/ModuleHarness.cs)
rm -rf "$out/module-specs"
"${VENV:-$root/.venv}/bin/python" "$root/tools/spec_export.py" "$out/module-specs"
cd "$out"
# each bad-input case appends who rejected it (Ansible.Basic or the module) to bad-inputs.tsv (tools/nunit_modules.py)
rm -f "$out/bad-inputs.tsv"
export SESSIONCTL_ROOT="$root" SESSIONCTL_MODULE_SPECS="$out/module-specs" SESSIONCTL_BAD_INPUT_LOG="$out/bad-inputs.tsv"
# SESSIONCTL_NUNIT replaces the runner command (tools/native_coverage.sh runs it under the coverage profiler).
${SESSIONCTL_NUNIT:-nunit-console} -nologo -noshadow SessionCtl.Tests.dll -xml="$out/nunit.xml" "$@"
