# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The error catalog: every family, both sides in agreement."""
from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from ansible_collections.sessionctl.windows.plugins.plugin_utils import _error_catalog as cat

ROOT = pathlib.Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "tools"))
import gen_error_catalog  # noqa: E402  pylint: disable=wrong-import-position


@pytest.mark.parametrize(
    "code, family, name, kind, facility, severity",
    [
        (0, "auto", "ERROR_SUCCESS", "win32", "WIN32", "success"),
        (5, "auto", "ERROR_ACCESS_DENIED", "win32", "WIN32", "error"),
        (1722, "win32", "RPC_S_SERVER_UNAVAILABLE", "win32", "WIN32", "error"),
        (7022, "auto", "ERROR_CTX_WINSTATION_NOT_FOUND", "win32", "WIN32", "error"),
        (0x80070005, "auto", "ERROR_ACCESS_DENIED", "hresult", "WIN32", "error"),
        (0x8007007A, "hresult", "ERROR_INSUFFICIENT_BUFFER", "hresult", "WIN32", "error"),
        (0x80004005, "auto", "E_FAIL", "hresult", "NULL", "error"),
        (0x8004100E, "auto", "WBEM_E_INVALID_NAMESPACE", "wbem", "ITF", "error"),
        (0x8004270A, "auto", "VDS_E_ISCSI_SESSION_NOT_FOUND", "vds", "ITF", "error"),
        (0x80042710, "auto", "VDS_E_ISCSI_LOGOUT_INCOMPLETE", "vds", "ITF", "error"),
        (0x00042800, "auto", "VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED", "vds", "ITF", "success"),
        (0xEFFF001C, "auto", "ISDSC_INVALID_SESSION_ID", "iscsi", "ISCSI", "error"),
        (0xEFFF0040, "auto", "ISDSC_DEVICE_BUSY_ON_SESSION", "iscsi", "ISCSI", "error"),
        (0xAFFF002E, "auto", "ISDSC_OPERATION_NOT_ALL_SUCCESS", "iscsi", "ISCSI", "warning"),
        (4096, "cim", "JOB_STARTED", "cim", "CIM", "info"),
        (4097, "cim", "INVALID_STATE_TRANSITION", "cim", "CIM", "error"),
        (0, "cim", "COMPLETED", "cim", "CIM", "success"),
        (0x01, "srb", "SRB_STATUS_SUCCESS", "srb", "SRB", "success"),
        (0x86, "srb", "SRB_STATUS_INVALID_REQUEST", "srb", "SRB", "error"),
    ],
)
def test_every_family_decodes(code, family, name, kind, facility, severity):
    res = cat.decode(code, family)
    assert (res["name"], res["kind"], res["facility"], res["severity"]) == (name, kind, facility, severity)
    assert res["hex"] == "0x%08X" % code
    assert res["message"]


def test_hresult_from_win32_is_unwrapped():
    res = cat.decode(0x800706BA)
    assert res["win32_code"] == 1722
    assert res["name"] == "RPC_S_SERVER_UNAVAILABLE"
    assert "win32_code" not in cat.decode(1722)


def test_signed_form_equals_unsigned_form():
    assert cat.decode(-2147024891) == cat.decode(0x80070005)
    assert cat.decode(-268500928) == cat.decode(0xEFFF0040)


@pytest.mark.parametrize(
    "code, family, name, kind, facility",
    [
        (4242, "auto", "UNKNOWN", "win32", "WIN32"),
        (0x80079999, "auto", "UNKNOWN", "hresult", "WIN32"),
        (0x8004FFFF, "auto", "UNKNOWN", "hresult", "ITF"),
        (0xEFFF7777, "auto", "UNKNOWN", "iscsi", "ISCSI"),
        (0x8ABC0001, "auto", "UNKNOWN", "hresult", "FACILITY_2748"),
        (5000, "cim", "DMTF_RESERVED", "cim", "CIM"),
        (40000, "cim", "VENDOR_SPECIFIC", "cim", "CIM"),
        (0x3F, "srb", "UNKNOWN", "srb", "SRB"),
    ],
)
def test_unknown_codes_keep_their_shape(code, family, name, kind, facility):
    res = cat.decode(code, family)
    assert (res["name"], res["kind"], res["facility"]) == (name, kind, facility)
    assert "nknown" in res["message"] or "reserved" in res["message"] or "vendor" in res["message"]


@pytest.mark.parametrize("bad", [0x100000000, -0x80000001, "5", 1.5, None, True])
def test_bad_codes_are_rejected(bad):
    with pytest.raises(cat.CatalogError):
        cat.decode(bad)


def test_unknown_family_is_rejected():
    with pytest.raises(cat.CatalogError, match="unknown error family"):
        cat.decode(5, "posix")


def test_catalog_has_no_duplicate_codes_or_names():
    codes = [e[0] for e in cat.ENTRIES]
    names = [e[1] for e in cat.ENTRIES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for code, name, kind, msg in cat.ENTRIES:
        assert kind in ("win32", "hresult", "wbem", "vds", "iscsi"), name
        assert msg.endswith("."), name
        if kind == "iscsi":
            assert code >> 16 in (0xEFFF, 0xAFFF), name
            assert name.startswith("ISDSC_")
        if kind == "vds":
            assert name.startswith("VDS_")


def test_generated_csharp_tables_are_current():
    files = gen_error_catalog.wanted_files(cat)
    assert len(files) == 1 + len(gen_error_catalog.FAMILIES)
    for path, wanted in files.items():
        assert path.read_text(encoding="utf-8") == wanted, "run: python tools/gen_error_catalog.py"


def test_every_code_is_generated_into_exactly_one_csharp_file():
    """The split by family loses no code and ships none twice."""
    text = "\n".join(gen_error_catalog.wanted_files(cat).values())
    for code, name, _kind, _msg in cat.ENTRIES:
        assert len(re.findall(r'"[whbvi]\|%X\|%s\|' % (code, name), text)) == 1, hex(code)
    for code, name, _msg in cat.CIM_ENTRIES:
        assert len(re.findall(r'"c\|%X\|%s\|' % (code, name), text)) == 1, code
    for code, name, _msg in cat.SRB_ENTRIES:
        assert len(re.findall(r'"s\|%X\|%s\|' % (code, name), text)) == 1, code


def test_a_row_that_cannot_be_generated_is_refused():
    class Bad:  # pylint: disable=too-few-public-methods
        ENTRIES = [(5, "ERROR_X", "win32", "a | b.")]
        CIM_ENTRIES = []
        SRB_ENTRIES = []
    with pytest.raises(ValueError):
        gen_error_catalog.table_rows(Bad, ("win32",))


def test_only_the_wmi_adapter_uses_system_management():
    """Every WMI call goes through _Wmi.cs (whose WmiException registers the CIM family table)."""
    for path in (ROOT / "plugins" / "module_utils").glob("*.cs"):
        if path.name != "_Wmi.cs":
            assert "using System.Management;" not in path.read_text(encoding="utf-8"), path.name


def test_family_files_register_instead_of_being_found_by_name():
    """A family is a compile-time dependency: its file defines <Family>Errors.Register(), nothing loads it by name."""
    core = (ROOT / "plugins" / "module_utils" / "_ErrorCatalog.cs").read_text(encoding="utf-8")
    assert "System.Reflection" not in core and "GetType(" not in core
    for family in gen_error_catalog.FAMILIES:
        text = gen_error_catalog.family_path(family).read_text(encoding="utf-8")
        assert "public static class %s" % gen_error_catalog.family_class(family) in text
        assert "public static void Register()" in text


def test_generator_detects_a_stale_table(tmp_path, monkeypatch):
    stale = tmp_path / "_ErrorCatalog.cs"
    stale.write_text(
        gen_error_catalog.CS_CATALOG.read_text(encoding="utf-8").replace('"Access is denied."', '"Nope."'),
        encoding="utf-8",
    )
    monkeypatch.setattr(gen_error_catalog, "CS_CATALOG", stale)
    assert gen_error_catalog.main(["--check"]) == 1  # stale core table, and no family files at all
    assert gen_error_catalog.main([]) == 0
    assert gen_error_catalog.main(["--check"]) == 0
    iscsi = gen_error_catalog.family_path("Iscsi")
    iscsi.write_text(iscsi.read_text(encoding="utf-8").replace("ISDSC_INVALID_HOST", "ISDSC_NOPE"), encoding="utf-8")
    assert gen_error_catalog.main(["--check"]) == 1


def _battery():
    codes = []
    for code, _name, _kind, _msg in cat.ENTRIES:
        codes.append(("auto", code))
        if code & 0x80000000:
            codes.append(("auto", code - 0x100000000))
        if 0 < code <= 0xFFFF:
            codes.append(("hresult", 0x80070000 | code))
    for code, _name, _msg in cat.CIM_ENTRIES:
        codes.append(("cim", code))
    for code, _name, _msg in cat.SRB_ENTRIES:
        codes.append(("srb", code))
        codes.append(("srb", code | 0xC0))
    codes += [("auto", 4242), ("auto", 0x80079999), ("auto", 0xEFFF7777), ("auto", 0xAFFF7777),
              ("auto", 0x6FFF0001), ("auto", 0x8ABC0001), ("auto", 0x12345678), ("cim", 5000),
              ("cim", 40000), ("cim", 70000), ("srb", 0x3F), ("win32", 0xFFFF), ("auto", -1)]
    return codes


def test_csharp_and_python_decode_alike(tmp_path):
    """Run the C# catalog under Mono over every known code and compare each field with Python."""
    if not (shutil.which("mcs") and shutil.which("mono")):
        if os.environ.get("SESSIONCTL_REQUIRE_MONO"):
            pytest.fail("mcs/mono not found but SESSIONCTL_REQUIRE_MONO is set")
        pytest.skip("Mono is not installed")
    battery = _battery()
    lines = _run_csharp_catalog(tmp_path, [str(p) for p in gen_error_catalog.wanted_files(cat)], battery)
    assert len(lines) == len(battery)
    for (fam, code), line in zip(battery, lines):
        assert json.loads(line) == cat.decode(code, fam), (fam, code)


def _run_csharp_catalog(tmp_path, sources, battery):
    exe = tmp_path / "dump.exe"
    subprocess.run(
        ["mcs", "-langversion:5", "-warnaserror+", "-nowarn:1610", "-out:%s" % exe]
        + sources + [str(pathlib.Path(__file__).with_name("catalog_dump.cs"))],
        check=True,
    )
    stdin = "".join("%s %d\n" % (fam, code) for fam, code in battery)
    return subprocess.run(["mono", str(exe)], input=stdin, capture_output=True, text=True, check=True).stdout.splitlines()


def test_csharp_core_alone_decodes_a_family_it_was_not_shipped_with_generically(tmp_path):
    """An RDS module ships only the core table: an ISDSC code is then an unnamed iSCSI status, a Win32 code is named."""
    if not (shutil.which("mcs") and shutil.which("mono")):
        if os.environ.get("SESSIONCTL_REQUIRE_MONO"):
            pytest.fail("mcs/mono not found but SESSIONCTL_REQUIRE_MONO is set")
        pytest.skip("Mono is not installed")
    lines = _run_csharp_catalog(tmp_path, [str(gen_error_catalog.CS_CATALOG)],
                                [("auto", 0xEFFF0068), ("auto", 5), ("cim", 4099)])
    isdsc, win32, cim = [json.loads(line) for line in lines]
    assert (isdsc["name"], isdsc["kind"], isdsc["facility"], isdsc["severity"]) == ("UNKNOWN", "iscsi", "ISCSI", "error")
    assert win32 == cat.decode(5)
    assert cim["name"] == "UNKNOWN" and cim["kind"] == "cim"
