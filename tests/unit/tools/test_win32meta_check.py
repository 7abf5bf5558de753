# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/win32meta_check.py catches interop declarations that differ from the Win32 metadata.

Small synthetic metadata modules (in the win32more layout) and small interop dumps, so these run in
well under a second; one test also runs tools/interop_dump.cs under Mono over a small C# file.
"""
from __future__ import annotations

import copy
import json
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import win32meta_check as wmc  # noqa: E402  pylint: disable=wrong-import-position

FOUNDATION = """\
from __future__ import annotations
from win32more._prelude import *
BOOL = Int32
BOOLEAN = Byte
HANDLE = VoidPtr
HRESULT = Int32
PWSTR = String
PSTR = Bytes
WIN32_ERROR = UInt32
ERROR_ACCESS_DENIED: win32more.Windows.Win32.Foundation.WIN32_ERROR = 5
E_FAIL: win32more.Windows.Win32.Foundation.HRESULT = -2147467259
"""

SAMPLE = """\
from __future__ import annotations
from win32more._prelude import *
import win32more.Windows.Win32.Foundation
import win32more.Windows.Win32.System.Com
class SESSION_INFO(Structure):
    ExecEnvId: UInt32
    State: Int32
    SessionId: UInt32
    pSessionName: win32more.Windows.Win32.Foundation.PWSTR
    pHostName: win32more.Windows.Win32.Foundation.PWSTR
class UNIQUE_ID(Structure):
    AdapterUnique: UInt64
    AdapterSpecific: UInt64
class CONNECTION_INFO(Structure):
    ConnectionId: win32more.Windows.Win32.Sample.UNIQUE_ID
    InitiatorAddress: win32more.Windows.Win32.Foundation.PWSTR
    InitiatorSocket: UInt16
    TargetSocket: UInt16
    CID: Byte * 2
class PORTAL(Structure):
    SymbolicName: Char * 4
    Socket: UInt16
class PACKED(Structure):
    _pack_ = 1
    Flag: Byte
    Value: UInt32
class WITH_UNION(Structure):
    type: Int32
    Anonymous: _Anonymous_e__Union
    class _Anonymous_e__Union(Union):
        a: UInt64
        b: Byte * 24
class BITS(Structure):
    x: Annotated[Byte, NativeBitfieldAttribute(1)]
    y: Annotated[Byte, NativeBitfieldAttribute(7)]
    z: UInt16
if ARCH in 'X64,ARM64':
    class ARCHY(Structure):
        p: VoidPtr
        n: UInt32
if ARCH in 'X86':
    class ARCHY(Structure):
        n: UInt32
SAMPLE_FLAG: UInt32 = 48
SAMPLE_CURRENT: UInt32 = 4294967295
CLSID_Sample: Guid = Guid('{9c38ed61-d565-4728-aeee-c80952f0ecde}')
StateActive: win32more.Windows.Win32.Sample.STATE = 0
STATE = Int32
@winfunctype('SAMPLE.dll')
def LogoffSession(hServer: win32more.Windows.Win32.Foundation.HANDLE, SessionId: UInt32,
                  bWait: win32more.Windows.Win32.Foundation.BOOL) -> win32more.Windows.Win32.Foundation.BOOL: ...
@winfunctype('SAMPLE.dll')
def OpenServerW(pServerName: win32more.Windows.Win32.Foundation.PWSTR) -> win32more.Windows.Win32.Foundation.HANDLE: ...
OpenServer = UnicodeAlias('OpenServerW')
@winfunctype('SAMPLE.dll')
def OpenServerA(pServerName: win32more.Windows.Win32.Foundation.PSTR) -> win32more.Windows.Win32.Foundation.HANDLE: ...
@winfunctype('SAMPLE.dll')
def Logout(UniqueSessionId: POINTER(win32more.Windows.Win32.Sample.UNIQUE_ID)) -> UInt32: ...
@winfunctype('OTHER.dll')
def Elsewhere() -> UInt32: ...
class ISample(ComPtr):
    extends: win32more.Windows.Win32.System.Com.IUnknown
    _iid_ = Guid('{b07fedd4-1682-4440-9189-a39b55194dc5}')
    @commethod(3)
    def GetProperties(self, pProp: POINTER(win32more.Windows.Win32.Sample.PORTAL)) -> win32more.Windows.Win32.Foundation.HRESULT: ...
    @commethod(4)
    def QueryPortals(self, ppEnum: POINTER(VoidPtr)) -> win32more.Windows.Win32.Foundation.HRESULT: ...
    @commethod(5)
    def LogoutFromTarget(self, targetId: Guid, ppAsync: POINTER(VoidPtr)) -> win32more.Windows.Win32.Foundation.HRESULT: ...
"""

COM = """\
from __future__ import annotations
from win32more._prelude import *
class IUnknown(ComPtr):
    extends: None
    _iid_ = Guid('{00000000-0000-0000-c000-000000000046}')
"""


@pytest.fixture(scope="module")
def meta(tmp_path_factory):
    root = tmp_path_factory.mktemp("meta")
    for ns, text in (("Foundation", FOUNDATION), ("Sample", SAMPLE), ("System/Com", COM)):
        d = root / "win32more" / "Windows" / "Win32" / ns
        d.mkdir(parents=True)
        (d / "__init__.py").write_text(text)
    return wmc.Metadata(str(root))


def m(kind, size, wide=None, type_="T"):
    return {"type": type_, "kind": kind, "size": size, "wide": wide}


def field(name, offset, kind, size, wide=None):
    return {"name": name, "offset": offset, "marshal": m(kind, size, wide)}


def param(name, kind, size, wide=None):
    return {"name": name, "out": False, "marshal": m(kind, size, wide)}


GOOD = {
    "structs": [
        {"name": "SESSION_INFO", "full": "N.NativeHelpers+SESSION_INFO", "size": 32, "fields": [
            field("ExecEnvId", 0, "value", 4), field("State", 4, "value", 4), field("SessionId", 8, "value", 4),
            field("pSessionName", 16, "pointer", 8), field("pHostName", 24, "pointer", 8)]},
        {"name": "CONNECTION_INFO", "full": "N.NativeHelpers+CONNECTION_INFO", "size": 32, "fields": [
            field("ConnectionId", 0, "struct", 16), field("InitiatorAddress", 16, "pointer", 8),
            field("InitiatorSocket", 24, "value", 2), field("TargetSocket", 26, "value", 2),
            field("CID", 28, "array", 2)]},
        {"name": "PORTAL", "full": "N.NativeHelpers+PORTAL", "size": 10, "fields": [
            field("SymbolicName", 0, "chars", 8, True), field("Socket", 8, "value", 2)]},
        {"name": "WITH_UNION", "full": "N.NativeHelpers+WITH_UNION", "size": 32, "fields": [
            field("type", 0, "value", 4), field("u0", 8, "value", 8), field("u1", 16, "value", 8),
            field("u2", 24, "value", 8)]},
    ],
    "functions": [
        {"name": "LogoffSession", "class": "N.NativeMethods", "dll": "sample.dll", "entry": "LogoffSession",
         "charset": "Ansi", "params": [param("h", "pointer", 8), param("id", "value", 4), param("w", "value", 4)],
         "return": m("value", 4)},
        {"name": "OpenServerW", "class": "N.NativeMethods", "dll": "Sample", "entry": "OpenServerW",
         "charset": "Unicode", "params": [param("name", "string", 8, True)], "return": m("pointer", 8)},
        {"name": "Logout", "class": "N.NativeMethods", "dll": "SAMPLE.DLL", "entry": "Logout",
         "charset": "Ansi", "params": [param("id", "pointer", 8)], "return": m("value", 4)},
    ],
    "interfaces": [
        {"name": "ISample", "full": "N.ISample", "iid": "B07FEDD4-1682-4440-9189-A39B55194DC5",
         "interface_type": "InterfaceIsIUnknown", "base_slots": 3, "methods": [
             {"name": "GetProperties", "slot": 3, "preserve_sig": True, "params": [param("p", "pointer", 8)],
              "return": m("value", 4)},
             {"name": "QueryPortals", "slot": 4, "preserve_sig": True, "params": [param("e", "pointer", 8)],
              "return": m("value", 4)},
             {"name": "LogoutFromTarget", "slot": 5, "preserve_sig": True,
              "params": [param("t", "struct", 16), param("a", "pointer", 8)], "return": m("value", 4)}]},
    ],
    "constants": [
        {"name": "SAMPLE_FLAG", "class": "N.NativeHelpers", "enum": False, "value": {"int": "48"}},
        {"name": "SAMPLE_CURRENT", "class": "N.NativeHelpers", "enum": False, "value": {"int": "-1"}},
        {"name": "E_FAIL", "class": "N.VdsCodes", "enum": False, "value": {"int": "-2147467259"}},
        {"name": "CLSID_Sample", "class": "N.NativeGuids", "enum": False,
         "value": {"guid": "9C38ED61-D565-4728-AEEE-C80952F0ECDE"}},
        {"name": "Active", "class": "N.SampleState", "enum": True, "value": {"int": "0"}},
        {"name": "MaxAttempts", "class": "N.Engine", "enum": False, "value": {"int": "10"}},
        {"name": "ISDSC_SESSION_BUSY", "class": "N.Codes", "enum": False, "value": {"int": "4026466335"}},
    ],
}


def run(meta, dump, catalog=None):
    return wmc.run(meta, dump, catalog)


def fails(rep):
    return [line for line in rep.lines if line.startswith("FAIL")]


@pytest.fixture(autouse=True)
def prefixes(monkeypatch):
    monkeypatch.setattr(wmc, "ENUM_PREFIXES", {"SampleState": "State"})


def test_correct_declarations_pass(meta):
    rep = run(meta, GOOD)
    assert fails(rep) == []
    assert rep.counts["struct"] == [4, 0]
    assert rep.counts["field"] == [16, 0]
    assert rep.counts["function"] == [3, 0]
    assert rep.counts["interface"] == [1, 0]
    assert rep.counts["method"] == [3, 0]
    # SAMPLE_FLAG, SAMPLE_CURRENT (-1 == 0xFFFFFFFF), E_FAIL (signed HRESULT), CLSID, enum via prefix
    assert rep.counts["constant"] == [5, 0]
    assert [u[1] for u in rep.unchecked] == [
        "Codes.ISDSC_SESSION_BUSY = 4026466335 (0xEFFF001F): ISDSC_SESSION_BUSY is not in the metadata"]
    assert any("Engine.MaxAttempts" in line for line in rep.lines if line.startswith("INFO"))


def test_two_pointer_fields_swapped(meta):
    dump = copy.deepcopy(GOOD)
    f = dump["structs"][0]["fields"]
    f[3]["offset"], f[4]["offset"] = 24, 16  # pHostName declared before pSessionName: same size
    rep = run(meta, dump)
    assert rep.counts["struct"] == [4, 0]
    assert fails(rep) == [
        "FAIL field NativeHelpers+SESSION_INFO.pSessionName @24 size 8: Marshal.OffsetOf 24, metadata 16",
        "FAIL field NativeHelpers+SESSION_INFO.pHostName @16 size 8: Marshal.OffsetOf 16, metadata 24",
    ]


def test_two_ushort_fields_swapped(meta):
    dump = copy.deepcopy(GOOD)
    f = dump["structs"][1]["fields"]
    f[2]["offset"], f[3]["offset"] = 26, 24
    rep = run(meta, dump)
    assert len(fails(rep)) == 2
    assert all("CONNECTION_INFO.InitiatorSocket" in x or "CONNECTION_INFO.TargetSocket" in x for x in fails(rep))


def test_struct_size_missing_field_and_wrong_field_size(meta):
    dump = copy.deepcopy(GOOD)
    s = dump["structs"][0]
    s["fields"].pop()  # pHostName dropped
    s["size"] = 24
    dump["structs"][1]["fields"][0]["marshal"]["size"] = 8
    rep = run(meta, dump)
    out = fails(rep)
    assert "Marshal.SizeOf 24, metadata 32" in out[0] and "not declared: pHostName" in out[0]
    assert "ConnectionId @0 size 8: marshalled size 8, metadata 16" in out[1]


def test_ansi_chars_for_a_wchar_array(meta):
    dump = copy.deepcopy(GOOD)
    dump["structs"][2]["fields"][0]["marshal"] = m("chars", 4, False)
    dump["structs"][2]["fields"][1]["offset"] = 4
    dump["structs"][2]["size"] = 6
    assert len(fails(run(meta, dump))) == 3


def test_field_outside_any_union_fails(meta):
    dump = copy.deepcopy(GOOD)
    dump["structs"][3]["fields"][1]["offset"] = 4
    out = fails(run(meta, dump))
    assert len(out) == 1 and "WITH_UNION.u0 @4: no such field" in out[0]


def test_parameter_dropped_from_a_dllimport(meta):
    dump = copy.deepcopy(GOOD)
    dump["functions"][0]["params"].pop()
    assert fails(run(meta, dump)) == [
        "FAIL function sample.dll!LogoffSession (NativeMethods.LogoffSession): 2 parameters: "
        "2 parameters, metadata 3 (hServer, SessionId, bWait)"]


def test_parameter_of_the_wrong_size(meta):
    dump = copy.deepcopy(GOOD)
    dump["functions"][0]["params"][1] = param("id", "value", 8)
    out = fails(run(meta, dump))
    assert len(out) == 1 and "parameter 2 id: 8 bytes, metadata SessionId 4 bytes" in out[0]


def test_w_function_needs_unicode(meta):
    dump = copy.deepcopy(GOOD)
    dump["functions"][1]["charset"] = "Ansi"
    dump["functions"][1]["params"][0]["marshal"]["wide"] = False
    out = fails(run(meta, dump))
    assert len(out) == 1
    assert "ANSI string, metadata pServerName is PWSTR" in out[0]
    assert "CharSet.Ansi, not CharSet.Unicode" in out[0]


def test_entry_point_absent_wrong_dll_and_known_absent(meta, monkeypatch):
    dump = copy.deepcopy(GOOD)
    dump["functions"][0]["entry"] = "LogofSession"  # typo
    dump["functions"][2]["dll"] = "other.dll"
    dump["functions"].append({"name": "RtlThing", "class": "N.NativeMethods", "dll": "other.dll",
                              "entry": "RtlThing", "charset": "Ansi", "params": [], "return": None})
    rep = run(meta, dump)
    out = fails(rep)
    assert len(out) == 3
    assert "no entry point LogofSession" in out[0]
    assert "the metadata has Logout in SAMPLE.dll, not in other.dll" in out[1]
    assert "no entry point RtlThing" in out[2]
    monkeypatch.setitem(wmc.KNOWN_ABSENT, "function other.dll!RtlThing", "documented elsewhere")
    rep = run(meta, dump)
    assert len(fails(rep)) == 2
    assert [u[1] for u in rep.unchecked if u[0] == "function"] == [
        "other.dll!RtlThing (NativeMethods.RtlThing): not in the metadata (documented elsewhere)"]


def test_wrong_iid(meta):
    dump = copy.deepcopy(GOOD)
    dump["interfaces"][0]["iid"] = "B07FEDD4-1682-4440-9189-A39B55194DC6"
    assert fails(run(meta, dump)) == [
        "FAIL interface ISample IID {B07FEDD4-1682-4440-9189-A39B55194DC6}: "
        "metadata {b07fedd4-1682-4440-9189-a39b55194dc5}"]


def test_method_in_the_wrong_vtable_slot(meta):
    dump = copy.deepcopy(GOOD)
    methods = dump["interfaces"][0]["methods"]
    methods[0], methods[1] = methods[1], methods[0]  # declared in the wrong order
    methods[0]["slot"], methods[1]["slot"] = 3, 4
    out = fails(run(meta, dump))
    assert len(out) == 2
    assert out[0].startswith("FAIL method ISample::QueryPortals slot 3: metadata slot 4")


def test_method_missing_before_others_and_guid_by_value(meta):
    dump = copy.deepcopy(GOOD)
    methods = dump["interfaces"][0]["methods"]
    del methods[1]
    methods[1]["slot"] = 4
    methods[1]["params"][0] = param("t", "pointer", 8)  # Guid passed by reference instead of by value
    out = fails(run(meta, dump))
    assert len(out) == 1
    assert "metadata slot 5" in out[0] and "parameter 1 t: 8 bytes, metadata targetId 16 bytes" in out[0]


def test_wrong_constant_value(meta):
    dump = copy.deepcopy(GOOD)
    dump["constants"][0]["value"] = {"int": "49"}
    dump["constants"][3]["value"] = {"guid": "9C38ED61-D565-4728-AEEE-C80952F0ECDF"}
    dump["constants"][4]["value"] = {"int": "1"}
    out = fails(run(meta, dump))
    assert out == [
        "FAIL constant NativeHelpers.SAMPLE_FLAG = 48 (0x30)".replace("48 (0x30)", "49 (0x31)")
        + ": metadata 48 (0x30) (Sample)",
        "FAIL constant NativeGuids.CLSID_Sample = {9C38ED61-D565-4728-AEEE-C80952F0ECDF}: "
        "metadata {9c38ed61-d565-4728-aeee-c80952f0ecde} (Sample)",
        "FAIL constant SampleState.Active (StateActive) = 1 (0x1): metadata 0 (0x0) (Sample)",
    ]


def test_alias_maps_a_managed_name(meta, monkeypatch):
    monkeypatch.setattr(wmc, "ALIASES", {"Engine.MaxAttempts": "SAMPLE_FLAG"})
    out = fails(run(meta, GOOD))
    assert out == ["FAIL constant Engine.MaxAttempts (SAMPLE_FLAG) = 10 (0xA): metadata 48 (0x30) (Sample)"]


def test_same_int_signed_and_unsigned():
    assert wmc.same_int(-2147467259, 0x80004005)
    assert wmc.same_int(-1, 0xFFFFFFFF)
    assert wmc.same_int(-1, 0xFFFFFFFFFFFFFFFF)
    assert not wmc.same_int(0x80004005, 0x80004006)
    assert not wmc.same_int(0x1FFFFFFFF, -1)


def test_catalog_names(meta, tmp_path):
    cat = tmp_path / "cat.py"
    cat.write_text(textwrap.dedent("""\
        ENTRIES = [
            (5, "ERROR_ACCESS_DENIED", "win32", "Access is denied."),
            (0x80004005, "E_FAIL", "hresult", "Unspecified error."),
            (0xEFFF001F, "ISDSC_SESSION_BUSY", "iscsi", "busy"),
        ]
        CIM_ENTRIES = [(4096, "JOB_STARTED", "started")]
        SRB_ENTRIES = []
        """))
    entries = wmc.load_catalog(str(cat))
    rep = run(meta, {}, entries)
    assert rep.counts["catalog"] == [2, 0]
    assert sum(u[2] for u in rep.unchecked if u[0] == "catalog") == 2
    entries[1] = (0x80004006, "E_FAIL")
    rep = run(meta, {}, entries)
    assert fails(rep) == ["FAIL catalog E_FAIL = 2147500038 (0x80004006): metadata -2147467259 (0x80004005) (Foundation)"]


def test_layouts(meta):
    def lay(name):
        (mod, node), = meta.structs(name)
        return meta.class_layout(mod, node, ())
    assert [(f[0], f[1]) for f in lay("PACKED").fields] == [("Flag", 0), ("Value", 1)]
    assert lay("PACKED").size == 5
    wu = lay("WITH_UNION")
    assert (wu.size, wu.fields[1][1], wu.fields[1][2].size, wu.fields[1][2].kind) == (32, 8, 24, "union")
    bits = lay("BITS")
    assert [(f[0], f[1]) for f in bits.fields] == [("x", 0), ("y", 0), ("z", 2)] and bits.size == 4
    assert lay("ARCHY").size == 16  # the x64 definition, not the x86 one
    assert lay("PORTAL").size == 10 and lay("PORTAL").fields[0][2].wide is True


def test_main_prints_counts_and_fails_on_mismatch(meta, tmp_path, capsys):
    dump = copy.deepcopy(GOOD)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(dump))
    assert wmc.main(["--dump", str(good), "--metadata", meta.root, "--catalog", ""]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == "32 passed, 0 failed"  # 4 structs, 16 fields, 3 functions, 1 IID, 3 methods, 5 constants
    dump["functions"][0]["params"].pop()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dump))
    assert wmc.main(["--dump", str(bad), "--metadata", meta.root, "--catalog", ""]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].endswith("passed, 1 failed")


C_SHARP = """\
using System;
using System.Runtime.InteropServices;
namespace N
{
    internal static class NativeHelpers
    {
        public const uint SAMPLE_FLAG = 0x30;
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        public struct SESSION_INFO
        {
            public int ExecEnvId;
            public int State;
            public int SessionId;
            public IntPtr %s;
            public IntPtr %s;
        }
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        public struct PORTAL
        {
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 4)] public string SymbolicName;
            public ushort Socket;
        }
    }
    internal static class NativeMethods
    {
        [DllImport("Sample.dll", SetLastError = true)]
        public static extern bool LogoffSession(IntPtr hServer, int SessionId%s);
        [DllImport("Sample.dll", CharSet = CharSet.Unicode)]
        public static extern IntPtr OpenServerW(string pServerName);
    }
    [ComImport, Guid("B07FEDD4-1682-4440-9189-A39B55194DC5"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface ISample
    {
        [PreserveSig] int GetProperties(out NativeHelpers.PORTAL pProp);
        [PreserveSig] int QueryPortals(out IntPtr ppEnum);
        [PreserveSig] int LogoutFromTarget(Guid targetId, [MarshalAs(UnmanagedType.IUnknown)] out object ppAsync);
    }
}
"""


def test_interop_dump_under_mono(meta, tmp_path):
    """tools/interop_dump.cs reflects a real assembly; the checker then sees the swap and the dropped parameter."""
    if not (shutil.which("mcs") and shutil.which("mono")):
        if os.environ.get("SESSIONCTL_REQUIRE_MONO"):
            pytest.fail("mcs/mono not found but SESSIONCTL_REQUIRE_MONO is set")
        pytest.skip("Mono is not installed")
    exe = tmp_path / "interop_dump.exe"
    subprocess.run(["mcs", "-langversion:5", "-warnaserror+", "-out:%s" % exe, str(ROOT / "tools" / "interop_dump.cs")],
                   check=True)

    def dump(variant, source):
        lib = tmp_path / ("%s.dll" % variant)
        src = tmp_path / ("%s.cs" % variant)
        src.write_text(source)
        subprocess.run(["mcs", "-langversion:5", "-target:library", "-warnaserror+", "-out:%s" % lib, str(src)],
                       check=True)
        out = subprocess.run(["mono", str(exe), str(lib)], check=True, capture_output=True, text=True).stdout
        return json.loads(out)

    good = dump("good", C_SHARP % ("pSessionName", "pHostName", ", bool bWait"))
    rep = run(meta, good)
    assert fails(rep) == []
    assert rep.counts["field"] == [7, 0] and rep.counts["function"] == [2, 0] and rep.counts["method"] == [3, 0]
    portal = [s for s in good["structs"] if s["name"] == "PORTAL"][0]
    assert portal["size"] == 10 and portal["fields"][1]["offset"] == 8

    bad = dump("bad", C_SHARP % ("pHostName", "pSessionName", ""))
    out = fails(run(meta, bad))
    assert len(out) == 3
    assert "SESSION_INFO.pHostName @16" in out[0] and "SESSION_INFO.pSessionName @24" in out[1]
    assert "2 parameters, metadata 3" in out[2]


COM_STRINGS = """\
using System;
using System.Runtime.InteropServices;
namespace N
{
    [ComImport, Guid("B07FEDD4-1682-4440-9189-A39B55194DC5"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface ISample
    {
        [PreserveSig] int GetProperties(%s);
    }
}
"""


def test_com_string_and_bool_defaults_under_mono(meta, tmp_path):
    """A bare string on a COM method is a BSTR and a bare bool a VARIANT_BOOL: both differ from PWSTR / BOOL."""
    if not (shutil.which("mcs") and shutil.which("mono")):
        if os.environ.get("SESSIONCTL_REQUIRE_MONO"):
            pytest.fail("mcs/mono not found but SESSIONCTL_REQUIRE_MONO is set")
        pytest.skip("Mono is not installed")
    exe = tmp_path / "interop_dump.exe"
    subprocess.run(["mcs", "-langversion:5", "-warnaserror+", "-out:%s" % exe, str(ROOT / "tools" / "interop_dump.cs")],
                   check=True)
    seen = {}
    for variant, decl in (("bstr", "string p"), ("lpwstr", "[MarshalAs(UnmanagedType.LPWStr)] string p"),
                          ("bool", "bool p"), ("winbool", "[MarshalAs(UnmanagedType.Bool)] bool p")):
        lib = tmp_path / ("%s.dll" % variant)
        src = tmp_path / ("%s.cs" % variant)
        src.write_text(COM_STRINGS % decl)
        subprocess.run(["mcs", "-langversion:5", "-target:library", "-warnaserror+", "-out:%s" % lib, str(src)],
                       check=True)
        out = subprocess.run(["mono", str(exe), str(lib)], check=True, capture_output=True, text=True).stdout
        seen[variant] = json.loads(out)["interfaces"][0]["methods"][0]["params"][0]["marshal"]
    assert (seen["bstr"]["kind"], seen["bstr"]["bstr"]) == ("string", True)
    assert (seen["lpwstr"]["kind"], seen["lpwstr"]["bstr"], seen["lpwstr"]["wide"]) == ("string", False, True)
    assert seen["bool"]["size"] == 2 and seen["winbool"]["size"] == 4
    pwstr = wmc.Layout(8, 8, "string", True, name="PWSTR")
    bstr = wmc.Layout(8, 8, "string", True, name="BSTR")
    assert wmc._compare_params([{"name": "p", "marshal": seen["bstr"]}], [("n", pwstr)]) == [
        "parameter 1 p: a BSTR (a COM string's default), metadata n is PWSTR"]
    assert wmc._compare_params([{"name": "p", "marshal": seen["lpwstr"]}], [("n", pwstr)]) == []
    assert wmc._compare_params([{"name": "p", "marshal": seen["lpwstr"]}], [("n", bstr)]) == [
        "parameter 1 p: not a BSTR, metadata n is BSTR"]
    assert wmc._compare_params([{"name": "p", "marshal": seen["bool"]}], [("n", wmc.Layout(4, 4, "value"))]) == [
        "parameter 1 p: 2 bytes, metadata n 4 bytes"]
