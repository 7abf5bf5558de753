# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Export each module's ``$spec`` (typed as PowerShell builds it), its documented options and RETURN as JSON.

The C# module harness (tests/csharp/harness/ModuleHarness.cs) rebuilds the spec from this file exactly as
PowerShell would build the ``$spec`` literal (Hashtable, object[], bool, int, double, string, null) and
hands it to ansible-core's real ``Ansible.Basic``; it checks every result against RETURN, and the arguments as
Ansible.Basic parsed them (``invocation.module_args``) against the documented option types.

    spec_export.py OUTDIR [MODULE.ps1 ...]     (default: every plugins/modules/*.ps1)

writes ``OUTDIR/<module>.json``::

    {"module": "rds_logoff",
     "spec":   {"t": "hashtable", "v": {"options": {"t": "hashtable", "v": {...}}, ...}},
     "options": {"timeout": {"type": "int"}, "state": {"type": "list", "elements": "str"}, ...},
     "return": {"sessions": {"type": "list", "elements": "dict", "returned": "always", "contains": {...}}}}

Typed values: ``{"t": "hashtable", "v": {key: typed}}``, ``{"t": "array", "v": [typed, ...]}``,
``{"t": "bool"|"int"|"long"|"double"|"string", "v": value}``, ``{"t": "null"}``.
The ``$spec`` is read with the tree-sitter parse of tools/ps_check.py; anything it cannot evaluate
statically (a variable, a command, a cast, ``5L``, ``0x10``, an expandable string) stops the export
with an error naming the module: the harness must never run a spec that differs from the real one.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import ps_check  # noqa: E402  pylint: disable=wrong-import-position

ROOT = ps_check.ROOT
INT32 = (-(2 ** 31), 2 ** 31 - 1)
INT64 = (-(2 ** 63), 2 ** 63 - 1)


class ExportError(Exception):
    """The spec or the docs of a module cannot be exported faithfully."""


def typed(value, where="$spec"):
    """A Python value from ps_check.literal -> typed JSON, as PowerShell would type the literal."""
    if value is None:
        return {"t": "null"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        # PowerShell types a decimal integer literal as Int32, else Int64, else Decimal/Double
        if INT32[0] <= value <= INT32[1]:
            return {"t": "int", "v": value}
        if INT64[0] <= value <= INT64[1]:
            return {"t": "long", "v": value}
        raise ExportError("%s: integer %d is beyond Int64" % (where, value))
    if isinstance(value, float):
        return {"t": "double", "v": value}
    if isinstance(value, str):
        return {"t": "string", "v": value}
    if isinstance(value, dict):
        return {"t": "hashtable", "v": {k: typed(v, "%s.%s" % (where, k)) for k, v in value.items()}}
    if isinstance(value, ps_check._Spread):  # pylint: disable=protected-access
        value = value.items  # a bare comma list (a, b) is an object[] too
    if isinstance(value, list):
        return {"t": "array", "v": [typed(v, "%s[%d]" % (where, i)) for i, v in enumerate(value)]}
    raise ExportError("%s: cannot type %r" % (where, value))


def spec_of(ps1):
    """The typed ``$spec`` of a module .ps1; raises ExportError when it is not a static literal."""
    tree = ps_check.parser().parse(pathlib.Path(ps1).read_bytes())
    problems = ps_check.check_parse(tree)
    if problems:
        raise ExportError("%s does not parse: %s" % (ps1, "; ".join(problems)))
    try:
        spec, _line = ps_check.find_spec(tree)
    except ValueError as e:  # NotLiteral is wrapped by find_spec; int("5L") and float("1d") land here too
        raise ExportError("%s: %s" % (ps1, e)) from e
    return typed(spec)


def return_of(ps1):
    """RETURN of the module's .py stub (read with ast, parsed with yaml), as plain data."""
    stub = pathlib.Path(ps1).with_suffix(".py")
    if not stub.is_file():
        raise ExportError("%s has no .py documentation stub" % ps1)
    try:
        ret = ps_check.stub_block(stub, "RETURN")
    except (ValueError, yaml.YAMLError) as e:
        raise ExportError("%s: RETURN is missing or not a YAML string literal: %s" % (stub.name, e)) from e
    if not isinstance(ret, dict):
        raise ExportError("%s: RETURN is not a mapping" % stub.name)
    _check_return(ret, stub.name)
    return ret


RETURN_TYPES = ("dict", "list", "str", "int", "bool", "float", "raw")


def _check_return(entries, where):
    """The harness needs a type on every RETURN entry (and elements on lists of dicts with contains)."""
    for key, doc in entries.items():
        here = "%s %s" % (where, key)
        if not isinstance(doc, dict) or doc.get("type") not in RETURN_TYPES:
            raise ExportError("%s: type must be one of %s" % (here, ", ".join(RETURN_TYPES)))
        if "returned" not in doc:
            raise ExportError("%s: has no 'returned'" % here)
        if doc.get("elements") is not None and doc["elements"] not in RETURN_TYPES:
            raise ExportError("%s: elements must be one of %s" % (here, ", ".join(RETURN_TYPES)))
        if doc.get("contains"):
            if doc["type"] == "list" and doc.get("elements") != "dict":
                raise ExportError("%s: a list with contains needs elements: dict" % here)
            _check_return(doc["contains"], here)


def options_of(ps1):
    """The documented options (DOCUMENTATION, read by ps_check.load_docs): type and elements of each, recursively."""
    try:
        docs, _where = ps_check.load_docs(pathlib.Path(ps1))
    except (ValueError, SyntaxError, yaml.YAMLError) as e:
        raise ExportError("%s: %s" % (ps1, e)) from e
    return _options(docs.get("options") or {})


def _options(opts):
    out = {}
    for name, doc in opts.items():
        doc = doc or {}
        item = {"type": doc.get("type", "str")}
        if doc.get("elements") is not None:
            item["elements"] = doc["elements"]
        if doc.get("suboptions"):
            item["suboptions"] = _options(doc["suboptions"])
        out[str(name)] = item
    return out


def export(ps1):
    ps1 = pathlib.Path(ps1)
    ret = contract(return_of(ps1))
    return {"module": ps1.stem, "spec": spec_of(ps1), "options": options_of(ps1), "return": ret}


def contract(entries):
    """The part of RETURN the harness checks: type, returned, elements and contains of every key."""
    out = {}
    for key, doc in entries.items():
        item = {"type": doc["type"], "returned": str(doc["returned"])}
        if doc.get("elements") is not None:
            item["elements"] = doc["elements"]
        if doc.get("contains"):
            item["contains"] = contract(doc["contains"])
        out[str(key)] = item
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("modules", nargs="*", help="module .ps1 files (default: plugins/modules/*.ps1)")
    args = ap.parse_args(argv)
    modules = [pathlib.Path(m) for m in args.modules] or sorted((ROOT / "plugins" / "modules").glob("*.ps1"))
    if not modules:
        print("no module .ps1 found", file=sys.stderr)
        return 1
    out = pathlib.Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for ps1 in modules:
        try:
            data = export(ps1)
        except ExportError as e:
            print("spec_export: %s" % e, file=sys.stderr)
            failed += 1
            continue
        (out / (ps1.stem + ".json")).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n",
                                                encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
