#!/usr/bin/env bash
# Build ansible-core's own Ansible.Basic.cs under Mono, for the tests that run a module's C# runner whole.
#   tools/ansible_basic.sh OUTDIR [VENV]
# OUTDIR gets System.Management.Automation.dll (tests/support/SmaStandIn.cs: no runspace, so Ansible.Basic
# takes its plain .NET paths) and Ansible.Basic.dll, compiled from the Ansible.Basic.cs of the ansible-core
# installed in VENV (default .venv): the file is read from the pinned ansible-core, never copied into the
# repository. Prints the -r: flags a compile of the collection's utils needs, one per line.
# Ansible.Basic.cs is ansible-core's code: it is compiled as Add-Type would (C# 5, WINDOWS defined), with
# warnings as errors except CS0219, which mcs reports in it and the Windows compiler does not.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: tools/ansible_basic.sh OUTDIR [VENV]}
venv=${2:-${VENV:-$root/.venv}}
basic=$("$venv/bin/python" -c 'import ansible, os; print(os.path.join(os.path.dirname(ansible.__file__), "module_utils", "csharp", "Ansible.Basic.cs"))')
[ -f "$basic" ] || { echo "Ansible.Basic.cs not found in $venv's ansible-core" >&2; exit 2; }
mkdir -p "$out"
sma=$out/System.Management.Automation.dll
dll=$out/Ansible.Basic.dll
if [ ! -f "$dll" ] || [ "$basic" -nt "$dll" ] || [ "$root/tests/support/SmaStandIn.cs" -nt "$sma" ]; then
    mcs -langversion:5 -target:library -warnaserror+ -out:"$sma" "$root/tests/support/SmaStandIn.cs" >&2
    mcs -langversion:5 -target:library -optimize+ -warnaserror+ -nowarn:1610,219 "-define:WINDOWS;AMD64" \
        -r:System.dll -r:System.Core.dll -r:"$sma" -r:System.Web.Extensions.dll -out:"$dll" "$basic" >&2
fi
printf '%s\n' "-r:$sma" "-r:$dll" "-r:System.Web.Extensions.dll"
