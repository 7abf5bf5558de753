# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the C# error tables from the Python catalog (plugins/plugin_utils/_error_catalog.py).

    python tools/gen_error_catalog.py          # rewrite the C# tables
    python tools/gen_error_catalog.py --check  # exit 1 if a C# file is stale

The tables are split by family so that a module ships only the codes it can meet (every C# util is
sent and compiled on every task): ``_ErrorCatalog.cs`` carries the decoder with the Win32 and generic
HRESULT tables, which every module meets, between its GENERATED markers; each other family is a whole
generated file, ``_ErrorCatalog<Family>.cs``. A util whose calls can fail with a family's codes names
that file with a ``using`` line, so ansible-core ships it with the module, and the decoder finds its
table in the compiled assembly by name. The Python catalog and the ``win_error`` filter keep every family.
"""
from __future__ import annotations

import argparse
import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PY_CATALOG = ROOT / "plugins" / "plugin_utils" / "_error_catalog.py"
CS_CATALOG = ROOT / "plugins" / "module_utils" / "_ErrorCatalog.cs"
BEGIN = "// BEGIN GENERATED (tools/gen_error_catalog.py)"
END = "// END GENERATED"
INDENT = " " * 12
NS = "ansible_collections.sessionctl.windows.plugins.module_utils."

# family file suffix -> (what it holds, ENTRIES kinds it takes, CIM table?, SRB table?)
FAMILIES = {
    "Iscsi": ("iSCSI discovery ISDSC_* status codes (iscsierr.h)", ("iscsi",), False, False),
    "Vds": ("Virtual Disk Service HRESULTs and 0x000428xx success codes (vdserr.h)", ("vds",), False, False),
    "Cim": ("WMI (WBEM) HRESULTs and CIM RequestStateChange return codes", ("wbem",), True, False),
    "Srb": ("SRB_STATUS values of SCSI miniport pass-through requests (srb.h)", (), False, True),
}
CORE_KINDS = ("win32", "hresult")


def load_catalog(path=PY_CATALOG):
    spec = importlib.util.spec_from_file_location("_sessionctl_error_catalog", str(path))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cs_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# one letter per table row kind, as ErrorCatalog.AddTable reads them
KIND_LETTERS = {"win32": "w", "hresult": "h", "wbem": "b", "vds": "v", "iscsi": "i", "cim": "c", "srb": "s"}


def table_rows(cat, kinds, cim=False, srb=False):
    """The rows of one generated table: ``kind|hex code|name|message``."""
    rows = []
    for code, name, kind, msg in cat.ENTRIES:
        if kind in kinds:
            rows.append("%s|%X|%s|%s" % (KIND_LETTERS[kind], code, name, msg))
    if cim:
        rows += ["c|%X|%s|%s" % (code, name, msg) for code, name, msg in cat.CIM_ENTRIES]
    if srb:
        rows += ["s|%X|%s|%s" % (code, name, msg) for code, name, msg in cat.SRB_ENTRIES]
    for row in rows:
        if "\n" in row or row.count("|") != 3:
            raise ValueError("a catalog row cannot hold a newline or a '|': %r" % row)
    return rows


def entry_lines(cat, kinds, cim=False, srb=False, prefix="", indent=INDENT):
    """A call of AddTable with the rows as one string constant, a row a line (the compiler joins them)."""
    rows = table_rows(cat, kinds, cim, srb)
    lines = ["%s%sAddTable(" % (indent, prefix)]
    for i, row in enumerate(rows):
        end = ");" if i == len(rows) - 1 else " +"
        lines.append("%s    %s%s" % (indent, cs_string(row + "\n").replace("\n", "\\n"), end))
    return lines


def generated_lines(cat):
    lines = entry_lines(cat, CORE_KINDS)
    for fac, name in sorted(cat.FACILITY_NAMES.items()):
        lines.append("%sAddFacility(0x%X, %s);" % (INDENT, fac, cs_string(name)))
    return lines


def render(cs_text, cat):
    start = cs_text.index(BEGIN)
    end = cs_text.index(END, start)
    head = cs_text[: start + len(BEGIN)]
    tail = cs_text[end:]
    return head + "\n" + "\n".join(generated_lines(cat)) + "\n" + INDENT + tail


def family_path(family):
    return CS_CATALOG.with_name("_ErrorCatalog%s.cs" % family)


def family_class(family):
    """The class a family's file defines: code that can meet the family calls <Family>Errors.Register()."""
    return family + "Errors"


def render_family(family, cat):
    what, kinds, cim, srb = FAMILIES[family]
    head = [
        "// Copyright (c) 2026 sessionctl.windows contributors",
        "// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)",
        "//",
        "// Error catalog table: %s." % what,
        "// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.",
        "// Code that can meet these codes calls %s.Register(): it does not compile without this file, so the" % family_class(family),
        "// payload that carries that code carries this table.",
        "using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;",
        "",
        "namespace %s_ErrorCatalog%s" % (NS, family),
        "{",
        "    public static class %s" % family_class(family),
        "    {",
        "        static %s()" % family_class(family),
        "        {",
    ]
    body = entry_lines(cat, kinds, cim, srb, prefix="ErrorCatalog.")
    tail = [
        "            ErrorCatalog.AddLoaded(\"_ErrorCatalog%s\");" % family,
        "        }",
        "",
        "        /// <summary>Loads the table once, before the first code of the family is decoded.</summary>",
        "        public static void Register()",
        "        {",
        "        }",
        "    }",
        "}",
        "",
    ]
    return "\n".join(head + body + tail)


def wanted_files(cat):
    """Every generated C# file and the text it should have."""
    files = {CS_CATALOG: render(CS_CATALOG.read_text(encoding="utf-8"), cat)}
    for family in FAMILIES:
        files[family_path(family)] = render_family(family, cat)
    return files


def sync(path, wanted, check, script):
    """Write ``wanted`` to ``path``, or with ``check`` only report whether it is stale. Returns an exit code."""
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if check:
        if current != wanted:
            sys.stderr.write("%s is stale: run python tools/%s\n" % (path.name, script))
            return 1
        return 0
    if current != wanted:
        path.write_text(wanted, encoding="utf-8")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the C# tables are out of date")
    args = parser.parse_args(argv)
    rc = 0
    for path, wanted in wanted_files(load_catalog()).items():
        rc |= sync(path, wanted, args.check, "gen_error_catalog.py")
    return rc


if __name__ == "__main__":
    sys.exit(main())
