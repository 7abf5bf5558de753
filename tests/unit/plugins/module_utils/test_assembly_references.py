# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every C# util that needs an assembly outside Add-Type's defaults references it for both CLRs.

ansible-core's Ansible.ModuleUtils.AddType.psm1 reads ``//AssemblyReference -Name X.dll [-CLR Core|Framework]``:
a line without ``-CLR`` applies to both, a line with one applies only there. On Windows PowerShell 5.1 (CodeDom,
csc.exe) the name goes to the compiler as it is and csc finds System.Management.dll in the Framework directory. On
PowerShell 7 (Roslyn) a name that is not rooted is joined to the directory of ``[object].Assembly.Location``; the
default references are only System.Management.Automation and the files in ``$PSHOME/ref``, which hold no
System.Management. PowerShell 7 on Windows is a self-contained .NET application and ships System.Management.dll in
``$PSHOME``: PowerShell/PowerShell ``src/powershell-win-core/debug2/pwsh.deps.json`` depends on
``runtimepack.Microsoft.NETCore.App.Runtime.win-x64`` and lists ``System.Management`` with
``runtimes/win/lib/net11.0/System.Management.dll`` at ``"localPath": "System.Management.dll"`` (it comes with the
Microsoft.Windows.Compatibility package that Microsoft.PowerShell.SDK references), so the Core line resolves there. A pwsh
installed as a framework-dependent ``dotnet tool`` would not have it next to System.Private.CoreLib: only a Windows
host with PowerShell 7 can confirm the load.
"""
from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[4]
UTILS = ROOT / "plugins" / "module_utils"
# namespace used by a util -> the assembly Add-Type does not reference by default on either CLR
NEEDS = {"System.Management": "System.Management.dll"}


def addtype_pattern():
    ansible = pytest.importorskip("ansible")
    psm1 = pathlib.Path(ansible.__file__).parent / "module_utils" / "powershell" / "Ansible.ModuleUtils.AddType.psm1"
    text = psm1.read_text(encoding="utf-8-sig")
    m = re.search(r'\$assembly_pattern = \[Regex\]"([^"]+)"', text)
    assert m, "AddType.psm1 no longer defines $assembly_pattern"
    return re.compile(m.group(1).replace("(?<", "(?P<"))


def references(text, pattern, clr):
    out = set()
    for m in pattern.finditer(text):
        if m.group("Parameter") == "Name" and m.group("CLR") in (None, "", clr):
            out.add(m.group("Name"))
    return out


@pytest.mark.parametrize("clr", ["Framework", "Core"])
def test_every_needed_assembly_is_referenced_for_each_clr(clr):
    pattern = addtype_pattern()
    checked = 0
    for path in sorted(UTILS.glob("*.cs")):
        text = path.read_text(encoding="utf-8")
        refs = references(text, pattern, clr)
        for ns, dll in NEEDS.items():
            if re.search(r"^using %s;" % re.escape(ns), text, re.MULTILINE):
                checked += 1
                assert dll in refs, "%s uses %s but has no //AssemblyReference for %s on %s" % (path.name, ns, dll, clr)
    assert checked > 0


def test_the_pattern_reads_clr_specific_lines_as_addtype_does():
    pattern = addtype_pattern()
    text = ("//AssemblyReference -Name A.dll -CLR Framework\n//AssemblyReference -Name B.dll -CLR Core\n"
            "//AssemblyReference -Name C.dll\n")
    assert references(text, pattern, "Framework") == {"A.dll", "C.dll"}
    assert references(text, pattern, "Core") == {"B.dll", "C.dll"}
