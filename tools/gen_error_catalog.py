# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the tables of plugins/module_utils/_ErrorCatalog.cs from the Python catalog.

    python tools/gen_error_catalog.py          # rewrite the C# tables
    python tools/gen_error_catalog.py --check  # exit 1 if the C# file is stale
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


def load_catalog(path=PY_CATALOG):
    spec = importlib.util.spec_from_file_location("_sessionctl_error_catalog", str(path))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cs_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generated_lines(cat):
    lines = []
    for code, name, kind, msg in cat.ENTRIES:
        lines.append("%sAdd(0x%08XL, %s, %s, %s);" % (INDENT, code, cs_string(name), cs_string(kind), cs_string(msg)))
    for code, name, msg in cat.CIM_ENTRIES:
        lines.append("%sAddCim(%d, %s, %s);" % (INDENT, code, cs_string(name), cs_string(msg)))
    for code, name, msg in cat.SRB_ENTRIES:
        lines.append("%sAddSrb(0x%02X, %s, %s);" % (INDENT, code, cs_string(name), cs_string(msg)))
    for fac, name in sorted(cat.FACILITY_NAMES.items()):
        lines.append("%sAddFacility(0x%X, %s);" % (INDENT, fac, cs_string(name)))
    return lines


def render(cs_text, cat):
    start = cs_text.index(BEGIN)
    end = cs_text.index(END, start)
    head = cs_text[: start + len(BEGIN)]
    tail = cs_text[end:]
    return head + "\n" + "\n".join(generated_lines(cat)) + "\n" + INDENT + tail


def sync(path, wanted, check, script):
    """Write ``wanted`` to ``path``, or with ``check`` only report whether it is stale. Returns an exit code."""
    current = path.read_text(encoding="utf-8")
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
    wanted = render(CS_CATALOG.read_text(encoding="utf-8"), load_catalog())
    return sync(CS_CATALOG, wanted, args.check, "gen_error_catalog.py")


if __name__ == "__main__":
    sys.exit(main())
