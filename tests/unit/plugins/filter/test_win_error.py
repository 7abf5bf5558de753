# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_error filter."""
from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from ansible.errors import AnsibleFilterError
from ansible_collections.sessionctl.windows.plugins.filter.win_error import FilterModule, win_error
from ansible_collections.sessionctl.windows.plugins.plugin_utils._error_catalog import FAMILIES, NTSTATUS_ENTRIES


def test_filter_is_registered():
    assert FilterModule().filters()["win_error"] is win_error


@pytest.mark.parametrize("value", [0x80070005, -2147024891, "0x80070005", "0X80070005", "2147942405",
                                   " -2147024891 ", "0x80070005\n"])
def test_forms_of_one_code_agree(value):
    res = win_error(value)
    assert res["hex"] == "0x80070005"
    assert res["name"] == "ERROR_ACCESS_DENIED"
    assert res["win32_code"] == 5
    assert res["kind"] == "hresult"


def test_family_argument():
    assert win_error(4097, "cim")["name"] == "INVALID_STATE_TRANSITION"
    assert win_error(1)["name"] == "ERROR_INVALID_FUNCTION"
    assert win_error("0x06", family="srb")["name"] == "SRB_STATUS_INVALID_REQUEST"


def test_result_keys():
    assert set(win_error(7022)) == {"code", "hex", "name", "message", "facility", "kind", "severity"}


@pytest.mark.parametrize(
    "value, match",
    [
        (None, "got NoneType"),
        (True, "boolean"),
        (1.5, "got float"),
        ("access denied", "is not an error code"),
        ("0xZZ", "is not an error code"),
        ("", "is not an error code"),
        (0x100000000, "outside the 32-bit range"),
        ("-2147483649", "outside the 32-bit range"),
        ([5], "got list"),
    ],
)
def test_bad_input_raises_a_clear_error(value, match):
    with pytest.raises(AnsibleFilterError, match=match):
        win_error(value)


def test_bad_family_raises():
    with pytest.raises(AnsibleFilterError, match="unknown family 'posix'"):
        win_error(5, "posix")


# ---------------------------------------------------------------- every error.kind a module can return
UTILS = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "module_utils"
# new ErrorInfo(code, name, message, facility, "kind", ...) and the generated tables' row kinds
_LITERAL_KIND = re.compile(r'new ErrorInfo\((?:[^;"]|"[^"]*")*?"[A-Z]+",\s*"([a-z0-9]+)"', re.S)
_ROW_KINDS = re.compile(r"RowKinds\s*=\s*new string\[\]\s*\{([^}]*)\}")

# one code of each kind, decoded with that kind as the family, must come back as that kind
SAMPLES = {
    "win32": 5, "hresult": 0x80004005, "wbem": 0x80041003, "vds": 0x80042400, "iscsi": 0xEFFF001F,
    "cim": 4097, "srb": 0x06, "ntstatus": 0xC000000D,
}


def emitted_kinds():
    kinds = set()
    for cs in UTILS.glob("*.cs"):
        text = cs.read_text(encoding="utf-8")
        kinds.update(_LITERAL_KIND.findall(text))
        for row in _ROW_KINDS.findall(text):
            names = re.findall(r'"([^"]*)"', row)
            kinds.update(names[1::2])  # {"w", "win32", "h", "hresult", ...}: code letter, kind
    return kinds


def test_the_kinds_are_found_in_the_csharp():
    kinds = emitted_kinds()
    assert {"win32", "hresult", "wbem", "vds", "iscsi", "cim", "srb", "ntstatus"} <= kinds, kinds


@pytest.mark.parametrize("kind", sorted(emitted_kinds()))
def test_every_kind_a_module_returns_is_a_family_the_filter_decodes(kind):
    assert kind in SAMPLES, "a new error kind %r: add a sample code here and make win_error decode it" % kind
    res = win_error(SAMPLES[kind], kind)
    assert res["kind"] == kind and res["name"] != "UNKNOWN", res


def test_the_filter_docs_list_every_family():
    doc = yaml.safe_load((pathlib.Path(__file__).resolve().parents[4] / "plugins" / "filter" / "win_error.yml")
                         .read_text(encoding="utf-8"))
    family = doc["DOCUMENTATION"]["options"]["family"]
    assert family["choices"] == list(FAMILIES)
    for kind in emitted_kinds():
        assert "V(%s)" % kind in " ".join(family["description"]), kind
    assert set(doc["RETURN"]["_value"]["contains"]["kind"]["choices"]) == set(FAMILIES) - {"auto"}


def test_wbem_decodes_as_the_issue_reported():
    assert win_error(2147749891, "wbem")["name"] == "WBEM_E_ACCESS_DENIED"


def test_ntstatus_table_matches_the_csharp_one():
    # the C# table (NtStatus.Known, "<hex> <name> ...") names the values; its messages are the filter's alone, to
    # keep the payload small
    found = []
    for cs in UTILS.glob("*.cs"):
        text = cs.read_text(encoding="utf-8")
        if "class NtStatus" in text:
            block = text[text.index("class NtStatus"):]
            block = block[:block.index("public static ErrorInfo Decode")]
            found += [(int(c, 16), n) for c, n in re.findall(r"\b([0-9A-F]{8}) (STATUS_[A-Z_]+)\b", block)]
    assert found and sorted(found) == sorted((c, n) for c, n, _m in NTSTATUS_ENTRIES)
    assert win_error(0xC0000999, "ntstatus")["message"] == "Unknown NTSTATUS 0xC0000999 (severity error, facility 0)."
