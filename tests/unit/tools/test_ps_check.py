# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/ps_check.py: each check passes good code and catches what it is for."""
from __future__ import annotations

import pathlib
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import ps_check  # noqa: E402  pylint: disable=wrong-import-position

GOOD_PS1 = """\
#!powershell

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -CSharpUtil ..module_utils._DemoModule

$spec = @{
    options = @{
        name = @{ type = 'list'; elements = 'str'; aliases = @('n'); required = $true }
        wait = @{ type = 'bool'; default = $true }
        timeout = @{ type = 'int'; default = -1 }
        mode = @{ type = 'str'; choices = @('a', 'b'); default = "a" }
        sub = @{ type = 'dict'; options = @{ x = @{ type = 'int' } } }
    }
    required_one_of = @(, @('name', 'wait'))
    mutually_exclusive = @(
        @('n', 'mode'),
        @('wait', 'timeout')
    )
    required_if = @(@('mode', 'b', @('timeout')))
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
[DemoModule]::Run($module)
"""
RUN_LINE = "[DemoModule]::Run($module)\n"

GOOD_DOC = """\
DOCUMENTATION = r'''
module: demo
short_description: A demo.
options:
  name:
    type: list
    elements: str
    aliases: [n]
    required: true
  wait:
    type: bool
    default: true
  timeout:
    type: int
    default: -1
  mode:
    choices: [b, a]
    default: a
  sub:
    type: dict
    suboptions:
      x:
        type: int
attributes:
  check_mode:
    support: full
'''
"""

GOOD_CS = """\
//TypeAccelerator -Name DemoModule -TypeName DemoModule
using ansible_collections.sessionctl.windows.plugins.module_utils._Base;
namespace ansible_collections.sessionctl.windows.plugins.module_utils._DemoModule
{
}
"""
BASE_CS = "namespace ansible_collections.sessionctl.windows.plugins.module_utils._Base\n{\n}\n"


def make(tmp_path, ps1=GOOD_PS1, doc=GOOD_DOC, cs=GOOD_CS, base=BASE_CS):
    mods = tmp_path / "plugins" / "modules"
    utils = tmp_path / "plugins" / "module_utils"
    mods.mkdir(parents=True)
    utils.mkdir(parents=True)
    (mods / "demo.ps1").write_text(ps1)
    if doc is not None:
        (mods / "demo.py").write_text(doc)
    if cs is not None:
        (utils / "_DemoModule.cs").write_text(cs)
    if base is not None:
        (utils / "_Base.cs").write_text(base)
    return tmp_path


def failures(tmp_path, check):
    res, count = ps_check.run([str(tmp_path / "plugins")], tmp_path)
    assert count == 1
    return [line for line in res.lines if line.startswith("FAIL") and "[%s]" % check in line]


def test_good_module_passes_every_check(tmp_path):
    root = make(tmp_path)
    res, count = ps_check.run([str(root / "plugins")], root)
    assert count == 1
    assert (res.passed, res.failed) == (5, 0), res.lines


@pytest.mark.parametrize("snippet", ["$a = @{ x = 1", "if ($x) { 1", "$s = 'unterminated", "$a = (1 + )"])
def test_parse_errors_are_caught(tmp_path, snippet):
    root = make(tmp_path, ps1=GOOD_PS1 + snippet + "\n")
    assert failures(root, "parse")


@pytest.mark.parametrize(
    "snippet, why",
    [
        ("$a = $b ?? 3", "'??'"),
        ("$a = $b ? 1 : 2", "ternary"),
        ("git pull && echo hi", "pipeline chains"),
        ("git pull || echo hi", "pipeline chains"),
        ("$a ??= 3", "'??='"),
        ("1..3 | ForEach-Object -Parallel { $_ }", "-Parallel"),
        ("'{}' | ConvertFrom-Json -AsHashtable", "-AsHashtable"),
        ("Get-Content x -AsByteStream", "-AsByteStream"),
        ("@(1, 2) | Join-String", "Join-String"),
    ],
)
def test_powershell7_syntax_is_caught(tmp_path, snippet, why):
    root = make(tmp_path, ps1=GOOD_PS1 + snippet + "\n")
    found = failures(root, "ps51")
    assert found and why in found[0], found


def test_powershell51_forms_pass(tmp_path):
    ok = textwrap.dedent("""\
        $a = if ($null -eq $b) { 3 } else { $b }
        1..3 | ForEach-Object -Process { $_ }
        $h = '{}' | ConvertFrom-Json
        $c = "a ?? b && c"
        # a comment with ?? and && is fine
        """)
    root = make(tmp_path, ps1=GOOD_PS1 + ok)
    assert not failures(root, "ps51")


@pytest.mark.parametrize(
    "line, why",
    [
        ("#AnsibleRequires -CSharpUtil ..module_utils._Missing", "_Missing.cs does not exist"),
        ("#AnsibleRequires -CSharpUtil ansible_collections.other.coll.plugins.module_utils.X", "neither a built-in"),
        ("#AnsibleRequires -PowerShell ..module_utils._Nope", "_Nope.psm1 does not exist"),
        ("#AnsibleRequires -CSharpUtil Ansible.NoSuchThing", "neither a built-in"),
    ],
)
def test_unresolved_requires_are_caught(tmp_path, line, why):
    root = make(tmp_path, ps1=GOOD_PS1.replace("#!powershell\n", "#!powershell\n" + line + "\n"))
    found = failures(root, "requires")
    assert found and why in found[0], found


def test_absolute_collection_util_name_resolves(tmp_path):
    ps1 = GOOD_PS1.replace("..module_utils._DemoModule",
                           "ansible_collections.sessionctl.windows.plugins.module_utils._DemoModule")
    root = make(tmp_path, ps1=ps1)
    assert not failures(root, "requires")


def test_csharp_using_closure_is_checked(tmp_path):
    root = make(tmp_path, base=None)
    found = failures(root, "requires")
    assert found and "_Base" in found[0]


def test_csharp_namespace_must_match_file(tmp_path):
    root = make(tmp_path, cs=GOOD_CS.replace("module_utils._Demo", "module_utils.Demo"))
    found = failures(root, "requires")
    assert found and "namespace" in found[0]


def test_csharp_files_for_lists_the_closure(tmp_path):
    root = make(tmp_path)
    files = ps_check.csharp_files_for(GOOD_PS1, root)
    assert [f.name for f in files] == ["_DemoModule.cs", "_Base.cs"]


@pytest.mark.parametrize(
    "old, new, why",
    [
        ("  wait:\n    type: bool\n    default: true\n", "", "options.wait is in $spec but not documented"),
        ("  sub:\n", "  extra:\n    type: str\n  sub:\n", "options.extra is documented but not in $spec"),
        ("    type: int\n    default: -1\n", "    type: str\n    default: -1\n", "type is 'int' in $spec but 'str'"),
        ("    default: true\n", "    default: false\n", "default is True in $spec but False"),
        ("    default: -1\n", "", "default is -1 in $spec but None"),
        ("    choices: [b, a]\n", "    choices: [a, c]\n", "choices"),
        ("    aliases: [n]\n", "", "aliases"),
        ("    required: true\n", "", "required is True in $spec but False"),
        ("    elements: str\n", "    elements: int\n", "elements is 'str'"),
        ("      x:\n        type: int\n", "      y:\n        type: int\n", "options.sub.x is in $spec"),
        ("    support: full\n", "    support: none\n", "supports_check_mode"),
        ("module: demo\n", "module: other\n", "documents module 'other'"),
    ],
)
def test_spec_and_docs_mismatches_are_caught(tmp_path, old, new, why):
    assert old in GOOD_DOC
    root = make(tmp_path, doc=GOOD_DOC.replace(old, new, 1))
    found = failures(root, "spec")
    assert any(why in f for f in found), found


@pytest.mark.parametrize(
    "old, new, why",
    [
        ("@(, @('name', 'wait'))", "@(, @('name', 'nosuch'))", "required_one_of names 'nosuch'"),
        ("@('wait', 'timeout')", "@('wait', 'later')", "mutually_exclusive names 'later'"),
        ("@('mode', 'b', @('timeout'))", "@('mode', 'b', @('ghost'))", "required_if names 'ghost'"),
        ("default = -1", "default = $env:X", "must be a literal"),
        ("default = \"a\"", "default = \"$x\"", "must be a literal"),
        ("$spec = @{", "$opts = @{", "no '$spec"),
    ],
)
def test_spec_problems_are_caught(tmp_path, old, new, why):
    assert old in GOOD_PS1
    root = make(tmp_path, ps1=GOOD_PS1.replace(old, new, 1))
    found = failures(root, "spec")
    assert any(why in f for f in found), found


def test_spec_after_create_is_caught(tmp_path):
    ps1 = GOOD_PS1.replace("$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)\n", "")
    ps1 = ps1.replace("#AnsibleRequires -CSharpUtil ..module_utils._DemoModule\n",
                      "#AnsibleRequires -CSharpUtil ..module_utils._DemoModule\n"
                      "$module = [Ansible.Basic.AnsibleModule]::Create($args, @{})\n")
    root = make(tmp_path, ps1=ps1)
    found = failures(root, "spec")
    assert any("after AnsibleModule]::Create" in f for f in found), found


@pytest.mark.parametrize(
    "old, new, why",
    [
        (RUN_LINE, RUN_LINE + "$module.ExitJson()\n", "'$module.ExitJson()' is not allowed"),
        (RUN_LINE, RUN_LINE + "$x = if ($module.CheckMode) { 1 } else { 2 }\n$y = 1\n", "(2 extra statements)"),
        (RUN_LINE, "$module.Result.changed = $false\n" + RUN_LINE, "expected [DemoModule]"),
        (RUN_LINE, RUN_LINE.replace("($module)", "($module, $null)"), "expected [DemoModule]"),
        (RUN_LINE, RUN_LINE.replace("DemoModule]", "OtherModule]"), "expected [DemoModule]"),
        (RUN_LINE, "", "the module has 2 statements"),
        ("$spec = @{", "Import-Module Foo\n$spec = @{", "expected $spec = @{...}"),
        ("$spec = @{", "function Get-X { 1 }\n$spec = @{", "expected $spec = @{...}"),
        ("#!powershell\n", "#!powershell\nparam($x)\n", "param_block is not allowed"),
        ("#AnsibleRequires -CSharpUtil Ansible.Basic\n",
         "#AnsibleRequires -CSharpUtil Ansible.Basic\n#AnsibleRequires -CSharpUtil ..module_utils._Base\n",
         "-CSharpUtil ..module_utils._Base: a module requires only Ansible.Basic and its runner"),
        ("#AnsibleRequires -CSharpUtil Ansible.Basic\n",
         "#AnsibleRequires -CSharpUtil Ansible.Basic\n#AnsibleRequires -PowerShell Ansible.ModuleUtils.Legacy\n",
         "-PowerShell Ansible.ModuleUtils.Legacy"),
        ("#AnsibleRequires -CSharpUtil ..module_utils._DemoModule\n", "",
         "missing #AnsibleRequires -CSharpUtil ..module_utils._DemoModule"),
    ],
)
def test_module_shape_is_spec_create_run_only(tmp_path, old, new, why):
    assert old in GOOD_PS1
    root = make(tmp_path, ps1=GOOD_PS1.replace(old, new, 1))
    found = failures(root, "shape")
    assert any(why in f for f in found), found


def test_runner_util_names_its_class_with_a_type_accelerator(tmp_path):
    # ansible-core's Add-CSharpType matches -TypeName against the compiled type's Name, so the short name is right
    root = make(tmp_path, cs=GOOD_CS.replace("//TypeAccelerator -Name DemoModule -TypeName DemoModule\n", ""))
    found = failures(root, "shape")
    assert any("lacks the line '//TypeAccelerator -Name DemoModule -TypeName DemoModule'" in f for f in found), found
    full = "ansible_collections.sessionctl.windows.plugins.module_utils._DemoModule.DemoModule"
    root = make(tmp_path / "full", cs=GOOD_CS.replace("-TypeName DemoModule", "-TypeName " + full))
    assert any("lacks the line" in f for f in failures(root, "shape"))


def test_module_calls_its_runner_by_the_short_name(tmp_path):
    full = "[ansible_collections.sessionctl.windows.plugins.module_utils._DemoModule.DemoModule]::Run($module)\n"
    root = make(tmp_path, ps1=GOOD_PS1.replace(RUN_LINE, full))
    assert any("expected [DemoModule]::Run($module)" in f for f in failures(root, "shape"))


def test_module_shape_allows_comments_and_any_spacing(tmp_path):
    ps1 = GOOD_PS1.replace("$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)\n",
                           "# build the module\n$module = [Ansible.Basic.AnsibleModule]::Create( $args,$spec )\n")
    root = make(tmp_path, ps1=ps1)
    assert not failures(root, "shape")


def test_runner_name_is_the_camel_case_module_name():
    assert ps_check.runner_name("rds_logoff") == "RdsLogoffModule"
    assert ps_check.runner_name("iscsi_target_session_info") == "IscsiTargetSessionInfoModule"


def test_missing_docs_are_caught(tmp_path):
    root = make(tmp_path, doc=None)
    found = failures(root, "spec")
    assert any("no documentation" in f for f in found), found


def test_sidecar_docs_are_read(tmp_path):
    root = make(tmp_path, doc=None)
    body = GOOD_DOC.split("'''")[1]
    (root / "plugins" / "modules" / "demo.yml").write_text(
        "DOCUMENTATION:\n" + textwrap.indent(body, "  "))
    assert not failures(root, "spec")


def test_no_files_is_a_failure(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert ps_check.main([str(tmp_path / "empty"), "--root", str(tmp_path)]) == 1
    assert "0 passed, 0 failed" in capsys.readouterr().out


def test_the_collections_own_powershell_passes(capsys):
    rc = ps_check.main([])
    out = capsys.readouterr().out
    assert rc == 0, out
