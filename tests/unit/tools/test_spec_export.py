# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/spec_export.py: $spec typed as PowerShell builds it, RETURN reduced to its contract, loud failures."""
from __future__ import annotations

import json
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import spec_export  # noqa: E402  pylint: disable=wrong-import-position

pytest.importorskip("tree_sitter_pwsh")

PS1 = """\
#!powershell
#AnsibleRequires -CSharpUtil Ansible.Basic
$spec = @{
    options = @{
        name = @{ type = 'list'; elements = 'str'; aliases = @('n'); required = $true }
        wait = @{ type = 'bool'; default = $false }
        timeout = @{ type = 'int'; default = -1 }
        big = @{ type = 'int'; default = 4294967295 }
        delay = @{ type = 'float'; default = 2.0 }
        mode = @{ type = 'str'; choices = 'a', "b"; default = $null }
    }
    required_one_of = @(, @('name', 'wait'))
    mutually_exclusive = @(@('n', 'mode'), @('wait', 'timeout'))
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
"""

PY = '''\
DOCUMENTATION = r"""
module: demo
options:
  name: {type: list, elements: str}
  timeout: {type: int}
  mode: {}
  sub:
    type: dict
    suboptions:
      x: {type: int}
"""
RETURN = r"""
sessions:
  description: x
  returned: always
  type: list
  elements: dict
  sample: [{id: 1, when: 2026-01-01}]
  contains:
    id:
      description: y
      returned: always
      type: int
    error:
      description: z
      returned: when it failed
      type: dict
      contains:
        code: {description: c, returned: always, type: int}
"""
'''


def write(tmp_path, ps1=PS1, py=PY, name="demo"):
    (tmp_path / (name + ".ps1")).write_text(ps1, encoding="utf-8")
    if py is not None:
        (tmp_path / (name + ".py")).write_text(py, encoding="utf-8")
    return tmp_path / (name + ".ps1")


def s(v):
    return {"t": "string", "v": v}


def test_spec_is_typed_as_powershell_builds_it(tmp_path):
    spec = spec_export.spec_of(write(tmp_path))
    assert spec["t"] == "hashtable"
    opts = spec["v"]["options"]["v"]
    assert opts["name"]["v"]["aliases"] == {"t": "array", "v": [s("n")]}
    assert opts["name"]["v"]["required"] == {"t": "bool", "v": True}
    assert opts["wait"]["v"]["default"] == {"t": "bool", "v": False}
    assert opts["timeout"]["v"]["default"] == {"t": "int", "v": -1}
    assert opts["big"]["v"]["default"] == {"t": "long", "v": 4294967295}  # beyond Int32: PowerShell makes Int64
    assert opts["delay"]["v"]["default"] == {"t": "double", "v": 2.0}
    assert opts["mode"]["v"]["choices"] == {"t": "array", "v": [s("a"), s("b")]}  # a bare comma list is object[]
    assert opts["mode"]["v"]["default"] == {"t": "null"}
    # @(, @(...)) is an array holding one array
    assert spec["v"]["required_one_of"] == {"t": "array", "v": [{"t": "array", "v": [s("name"), s("wait")]}]}
    assert spec["v"]["mutually_exclusive"]["v"][1] == {"t": "array", "v": [s("wait"), s("timeout")]}
    assert spec["v"]["supports_check_mode"] == {"t": "bool", "v": True}


@pytest.mark.parametrize("value", [
    "$env:TIMEOUT",                 # a variable
    "(Get-Date).Second",            # a command
    "[int]'5'",                     # a cast
    "5L",                           # a typed suffix
    "0x10",                         # hex
    '"$x"',                         # an expandable string
    "1 + 1",                        # arithmetic
])
def test_anything_not_static_fails_loudly(tmp_path, value):
    ps1 = PS1.replace("default = -1", "default = %s" % value)
    with pytest.raises(spec_export.ExportError):
        spec_export.spec_of(write(tmp_path, ps1))


def test_a_file_that_does_not_parse_fails(tmp_path):
    with pytest.raises(spec_export.ExportError, match="does not parse"):
        spec_export.spec_of(write(tmp_path, PS1.replace("timeout = @{", "timeout = @{{")))


def test_return_is_reduced_to_its_contract(tmp_path):
    data = spec_export.export(write(tmp_path))
    assert data["module"] == "demo"
    assert data["return"] == {"sessions": {
        "type": "list", "elements": "dict", "returned": "always",
        "contains": {"id": {"type": "int", "returned": "always"},
                     "error": {"type": "dict", "returned": "when it failed",
                               "contains": {"code": {"type": "int", "returned": "always"}}}}}}
    json.dumps(data)  # the yaml date in the sample does not reach the JSON
    assert data["options"] == {"name": {"type": "list", "elements": "str"}, "timeout": {"type": "int"},
                               "mode": {"type": "str"},
                               "sub": {"type": "dict", "suboptions": {"x": {"type": "int"}}}}


@pytest.mark.parametrize("py, message", [
    (None, "no .py documentation stub"),
    ('DOCUMENTATION = "module: demo"\n', "has no RETURN"),
    (PY.replace("      type: int\n    error", "    error"), "type must be one of"),
    (PY.replace("      returned: when it failed\n", ""), "has no 'returned'"),
    (PY.replace("  elements: dict\n", "  elements: str\n"), "needs elements: dict"),
    ('RETURN = "- a\\n- b"\n', "not a mapping"),
    ('RETURN = "x: {type: int, returned: always}"\n', "no DOCUMENTATION"),
])
def test_bad_return_docs_fail(tmp_path, py, message):
    with pytest.raises(spec_export.ExportError, match=message):
        spec_export.export(write(tmp_path, py=py))


def test_every_module_of_the_collection_exports(tmp_path):
    assert spec_export.main([str(tmp_path)]) == 0
    names = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.ps1"))
    assert names and sorted(p.stem for p in tmp_path.glob("*.json")) == names
    for name in names:
        data = json.loads((tmp_path / (name + ".json")).read_text(encoding="utf-8"))
        assert data["spec"]["t"] == "hashtable" and "options" in data["spec"]["v"]
        if name.startswith("rds_logon_mode"):  # a setting, not sessions
            assert data["return"]["mode"]["type"] == "str"
        elif name == "iscsi_target_access_restore":  # targets, not sessions
            assert data["return"]["targets"]["returned"] == "always"
        else:
            assert data["return"]["sessions"]["returned"] == "always"


def test_cli_fails_when_a_module_cannot_be_exported(tmp_path, capsys):
    bad = write(tmp_path, PS1.replace("default = -1", "default = $x"))
    assert spec_export.main([str(tmp_path / "out"), str(bad)]) == 1
    assert "demo.ps1" in capsys.readouterr().err
    assert not (tmp_path / "out" / "demo.json").exists()
