# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Static checks for the collection's PowerShell, without a PowerShell runtime.

For every ``.ps1``/``.psm1`` under the given paths (default: ``plugins`` and
``tests/integration``) it checks, with the tree-sitter-pwsh grammar:

parse     the file parses with no error or missing node;
ps51      no syntax that Windows PowerShell 5.1 lacks (``??``, ``??=``, ternary
          ``? :``, ``&&``/``||`` pipeline chains, ``clean {}`` blocks) and no
          PowerShell 6+/7 only command forms (``ForEach-Object -Parallel``, ...);
requires  every ``#AnsibleRequires -CSharpUtil/-PowerShell`` names a util that
          exists (built-in Ansible utils, or a file of this collection), and the
          C# utils' own ``using ansible_collections...`` lines resolve, each util
          declaring the namespace that matches its file;
spec      for modules: ``$spec`` is a literal hashtable built before
          ``AnsibleModule]::Create``, and its options match the module's
          documentation exactly (names, type, required, default, choices,
          aliases, elements, suboptions), its option lists name real options,
          and ``supports_check_mode`` agrees with ``attributes.check_mode``;
shape     for modules: the ``.ps1`` is only comments, ``#AnsibleRequires -CSharpUtil``
          lines for ``Ansible.Basic`` and the module's own runner util
          (``_<CamelName>Module``), and three statements: ``$spec = @{...}``,
          ``$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)`` and
          ``[<CamelName>Module]::Run($module)``, the short name that the runner util's
          ``//TypeAccelerator -Name <CamelName>Module -TypeName <CamelName>Module`` line
          gives its class (ansible-core's Add-CSharpType matches -TypeName against the
          compiled type's Name, not its full name). No
          PowerShell runs on this machine, so no logic may live in the ``.ps1``.

It prints one line per check and ends with ``N passed, N failed``; the exit code
is 1 when any check failed or no file was checked.
"""
from __future__ import annotations

import argparse
import ast
import pathlib
import re
import sys

import yaml

try:
    import tree_sitter_pwsh
    from tree_sitter import Language, Parser
except ImportError:  # pragma: no cover - reported at run time
    tree_sitter_pwsh = None

ROOT = pathlib.Path(__file__).resolve().parent.parent
COLLECTION_PREFIX = "ansible_collections.sessionctl.windows.plugins.module_utils."
BUILTIN_CS_UTILS = {"Ansible.Basic", "Ansible.Privilege", "Ansible.Process", "Ansible.AccessToken", "Ansible.Become",
                    "Ansible._Async"}
BUILTIN_PS_UTILS = {"Ansible.ModuleUtils.AddType", "Ansible.ModuleUtils.Legacy", "Ansible.ModuleUtils.CamelConversion",
                    "Ansible.ModuleUtils.FileUtil", "Ansible.ModuleUtils.SID", "Ansible.ModuleUtils.WebRequest",
                    "Ansible.ModuleUtils.ArgvParser", "Ansible.ModuleUtils.CommandUtil", "Ansible.ModuleUtils.LinkUtil",
                    "Ansible.ModuleUtils.PrivilegeUtil", "Ansible.ModuleUtils.Backup"}
# cmdlet -> parameters that only PowerShell 6+/7 has
PS6_ONLY_PARAMETERS = {
    "foreach-object": {"-parallel", "-throttlelimit", "-asjob"},
    "%": {"-parallel", "-throttlelimit", "-asjob"},
    "foreach": {"-parallel", "-throttlelimit", "-asjob"},
    "convertfrom-json": {"-ashashtable", "-depth", "-noenumerate"},
    "get-content": {"-asbytestream"},
    "set-content": {"-asbytestream"},
    "invoke-restmethod": {"-skipcertificatecheck", "-authentication", "-statuscodevariable"},
    "invoke-webrequest": {"-skipcertificatecheck", "-authentication"},
}
PS6_ONLY_COMMANDS = {"join-string", "get-error", "test-json", "foreach-object -parallel"}
SPEC_LIST_KEYS = ("mutually_exclusive", "required_together", "required_one_of")
ANSIBLE_REQUIRES = re.compile(r"^\s*#\s*AnsibleRequires\s+-(CSharpUtil|PowerShell)\s+(\S+)", re.IGNORECASE | re.MULTILINE)
CS_USING = re.compile(r"^\s*using\s+(ansible_collections\.[\w.]+)\s*;", re.MULTILINE)
CS_NAMESPACE = re.compile(r"^\s*namespace\s+([\w.]+)", re.MULTILINE)


class NotLiteral(Exception):
    """A $spec value that is not a plain literal."""


class Result:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.lines = []

    def check(self, path, name, problems):
        if problems:
            self.failed += 1
            for p in problems:
                self.lines.append("FAIL %s [%s] %s" % (path, name, p))
        else:
            self.passed += 1
            self.lines.append("ok   %s [%s]" % (path, name))


def parser():
    if tree_sitter_pwsh is None:
        raise SystemExit("tree-sitter and tree-sitter-pwsh are required: pip install tree-sitter tree-sitter-pwsh")
    return Parser(Language(tree_sitter_pwsh.language()))


def walk(node):
    yield node
    for child in node.children:
        yield from walk(child)


def text(node):
    return node.text.decode("utf-8", "replace")


# --- parse --------------------------------------------------------------------

def check_parse(tree):
    problems = []
    for node in walk(tree.root_node):
        if node.type == "ERROR" or node.is_missing:
            kind = "missing %s" % node.type if node.is_missing else "syntax error"
            problems.append("%s at line %d col %d" % (kind, node.start_point[0] + 1, node.start_point[1] + 1))
            if len(problems) >= 5:
                break
    return problems


# --- PowerShell 5.1 -----------------------------------------------------------

def check_ps51(tree):
    problems = []
    for node in walk(tree.root_node):
        line = node.start_point[0] + 1
        if node.type == "null_coalesce_expression":
            problems.append("line %d: '??' needs PowerShell 7" % line)
        elif node.type == "ternary_expression":
            problems.append("line %d: the ternary '? :' needs PowerShell 7" % line)
        elif node.type == "pipeline_chain_tail":
            problems.append("line %d: '%s' pipeline chains need PowerShell 7" % (line, text(node).strip()[:2]))
        elif node.type == "assignment_operator" and text(node).strip() == "??=":
            problems.append("line %d: '??=' needs PowerShell 7" % line)
        elif node.type in ("clean_block", "named_block") and text(node).lstrip().lower().startswith("clean"):
            problems.append("line %d: 'clean' blocks need PowerShell 7.3" % line)
        elif node.type == "command":
            name_nodes = [c for c in node.children if c.type == "command_name"]
            if not name_nodes:
                continue
            name = text(name_nodes[0]).lower()
            if name in PS6_ONLY_COMMANDS:
                problems.append("line %d: %s needs PowerShell 6 or later" % (line, text(name_nodes[0])))
            bad = PS6_ONLY_PARAMETERS.get(name)
            if bad:
                for sub in walk(node):
                    if sub.type == "command_parameter":
                        param = text(sub).lower().rstrip(":")
                        if any(b.startswith(param) and len(param) > 2 for b in bad):
                            problems.append("line %d: %s %s needs PowerShell 6 or later"
                                            % (line, text(name_nodes[0]), text(sub)))
    return problems


# --- #AnsibleRequires ---------------------------------------------------------

def util_path(name, kind, collection_root):
    """The file of a collection util named by #AnsibleRequires, or None for a built-in; raises on unknown."""
    ext = ".cs" if kind == "csharputil" else ".psm1"
    if name.startswith("..module_utils."):
        rel = name[len("..module_utils."):]
    elif name.startswith(COLLECTION_PREFIX):
        rel = name[len(COLLECTION_PREFIX):]
    elif name.startswith(".") and kind == "csharputil":
        rel = name[1:]
    elif name in (BUILTIN_CS_UTILS if kind == "csharputil" else BUILTIN_PS_UTILS):
        return None
    else:
        raise ValueError("'%s' is neither a built-in Ansible util nor a util of sessionctl.windows" % name)
    return collection_root / "plugins" / "module_utils" / (rel.replace(".", "/") + ext)


def cs_closure(first, collection_root, problems):
    """Follow ``using ansible_collections.sessionctl...`` lines from ``first``; return every util file needed."""
    seen = []
    todo = [first]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        src = path.read_text(encoding="utf-8")
        expected = COLLECTION_PREFIX + path.stem
        namespaces = CS_NAMESPACE.findall(src)
        if namespaces != [expected]:
            problems.append("%s declares namespace %s; Ansible needs exactly one: %s"
                            % (path.name, ", ".join(namespaces) or "none", expected))
        for used in CS_USING.findall(src):
            if not used.startswith(COLLECTION_PREFIX):
                problems.append("%s uses %s, which is not a util of this collection" % (path.name, used))
                continue
            dep = collection_root / "plugins" / "module_utils" / (used[len(COLLECTION_PREFIX):] + ".cs")
            if not dep.is_file():
                problems.append("%s uses %s but %s does not exist" % (path.name, used, dep.relative_to(collection_root)))
            else:
                todo.append(dep)
    return seen


def required_utils(source):
    return [(m.group(1).lower(), m.group(2)) for m in ANSIBLE_REQUIRES.finditer(source)]


def check_requires(source, collection_root):
    problems = []
    for kind, name in required_utils(source):
        try:
            path = util_path(name, kind, collection_root)
        except ValueError as e:
            problems.append(str(e))
            continue
        if path is None:
            continue
        if not path.is_file():
            problems.append("#AnsibleRequires -%s %s: %s does not exist"
                            % ("CSharpUtil" if kind == "csharputil" else "PowerShell", name,
                               path.relative_to(collection_root)))
        elif kind == "csharputil":
            cs_closure(path, collection_root, problems)
    return problems


def csharp_files_for(source, collection_root):
    """Every collection C# file a module compiles (its #AnsibleRequires plus their using closure)."""
    files = []
    for kind, name in required_utils(source):
        if kind != "csharputil":
            continue
        path = util_path(name, kind, collection_root)
        if path is not None and path.is_file():
            for f in cs_closure(path, collection_root, []):
                if f not in files:
                    files.append(f)
    return files


# --- $spec --------------------------------------------------------------------

def literal(node):
    """Evaluate a literal PowerShell expression node: hashtables, arrays, strings, numbers, $true/$false/$null."""
    t = node.type
    kids = [c for c in node.children if c.type not in ("comment",)]
    if t in ("pipeline", "pipeline_chain", "unary_expression", "assignment_value", "parenthesized_expression"):
        inner = [c for c in kids if c.type not in ("(", ")")]
        if len(inner) == 1:
            return literal(inner[0])
        raise NotLiteral(text(node))
    if t == "statement_list":
        return [literal(c) for c in kids if c.type not in (";", "\n")]
    if t == "hash_literal_expression":
        body = [c for c in kids if c.type == "hash_literal_body"]
        out = {}
        if body:
            for entry in body[0].children:
                if entry.type != "hash_entry":
                    continue
                key_node = [c for c in entry.children if c.type == "key_expression"][0]
                key = text(key_node).strip().strip("'\"")
                value_nodes = [c for c in entry.children if c.type not in ("key_expression", "=", ";")]
                out[key] = literal(value_nodes[0])
        return out
    if t == "array_expression":
        lists = [c for c in kids if c.type == "statement_list"]
        if not lists:
            return []
        items = []
        for stmt in lists[0].children:
            if stmt.type in (";",):
                continue
            value = literal(stmt)
            if isinstance(value, _Spread):
                items.extend(value.items)
            else:
                items.append(value)
        return items
    if t == "array_literal_expression":
        return _Spread([literal(c) for c in kids if c.type != ","])
    if t == "expression_with_unary_operator":
        if kids and kids[0].type == ",":
            return _Spread([literal(kids[1])])
        if kids and kids[0].type == "-" and len(kids) == 2:
            value = literal(kids[1])
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return -value
        raise NotLiteral(text(node))
    if t == "string_literal":
        raw = text(node)
        if raw.startswith("'") and raw.endswith("'"):
            return raw[1:-1].replace("''", "'")
        if raw.startswith('"') and raw.endswith('"') and "$" not in raw and "`" not in raw:
            return raw[1:-1]
        raise NotLiteral(raw)
    if t in ("integer_literal", "decimal_integer_literal"):
        return int(text(node))
    if t == "real_literal":
        return float(text(node))
    if t == "variable":
        name = text(node).lower()
        if name in ("$true", "$false", "$null"):
            return {"$true": True, "$false": False, "$null": None}[name]
    raise NotLiteral(text(node))


class _Spread:
    """The items of a comma list inside @(...), flattened into the array."""

    def __init__(self, items):
        self.items = items


def find_spec(tree):
    """Return (spec dict, line of the assignment) or raise ValueError."""
    create_line = None
    spec_node = None
    for node in walk(tree.root_node):
        if node.type == "assignment_expression" and spec_node is None:
            left = [c for c in node.children if c.type == "left_assignment_expression"]
            if left and text(left[0]).strip().lower() == "$spec":
                spec_node = node
        if create_line is None and "AnsibleModule]::Create" in text(node) and node.type == "invocation_expression":
            create_line = node.start_point[0]
    if spec_node is None:
        raise ValueError("no '$spec = @{...}' assignment found")
    value = [c for c in spec_node.children if c.type == "assignment_value"][0]
    if create_line is not None and spec_node.start_point[0] > create_line:
        raise ValueError("$spec is built after AnsibleModule]::Create")
    try:
        spec = literal(value)
    except NotLiteral as e:
        raise ValueError("$spec must be a literal hashtable; this part is not: %s" % str(e)[:80]) from e
    if not isinstance(spec, dict):
        raise ValueError("$spec is not a hashtable")
    return spec, spec_node.start_point[0] + 1


def stub_block(stub, name):
    """The YAML string assigned to ``name`` (DOCUMENTATION, RETURN) in a .py doc stub, parsed; read with ast, never run."""
    for node in ast.parse(stub.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return yaml.safe_load(ast.literal_eval(node.value))
    raise ValueError("%s has no %s" % (stub.name, name))


def load_docs(module_path):
    """DOCUMENTATION of a module, from its .py stub or its .yml sidecar."""
    stub = module_path.with_suffix(".py")
    side = module_path.with_suffix(".yml")
    if stub.is_file():
        return stub_block(stub, "DOCUMENTATION"), stub
    if side.is_file():
        return yaml.safe_load(side.read_text(encoding="utf-8"))["DOCUMENTATION"], side
    raise ValueError("no documentation: neither %s nor %s exists" % (stub.name, side.name))


def _norm_choices(value):
    if value is None:
        return None
    return sorted(str(v) for v in value)


def compare_options(spec_opts, doc_opts, where="options"):
    problems = []
    spec_opts = spec_opts or {}
    doc_opts = doc_opts or {}
    for name in sorted(set(spec_opts) - set(doc_opts)):
        problems.append("%s.%s is in $spec but not documented" % (where, name))
    for name in sorted(set(doc_opts) - set(spec_opts)):
        problems.append("%s.%s is documented but not in $spec" % (where, name))
    for name in sorted(set(spec_opts) & set(doc_opts)):
        s = spec_opts[name] or {}
        d = doc_opts[name] or {}
        here = "%s.%s" % (where, name)
        if s.get("type", "str") != d.get("type", "str"):
            problems.append("%s: type is %r in $spec but %r in the docs" % (here, s.get("type", "str"), d.get("type", "str")))
        if bool(s.get("required", False)) != bool(d.get("required", False)):
            problems.append("%s: required is %s in $spec but %s in the docs"
                            % (here, bool(s.get("required", False)), bool(d.get("required", False))))
        if s.get("default") != d.get("default"):
            problems.append("%s: default is %r in $spec but %r in the docs" % (here, s.get("default"), d.get("default")))
        if _norm_choices(s.get("choices")) != _norm_choices(d.get("choices")):
            problems.append("%s: choices are %r in $spec but %r in the docs" % (here, s.get("choices"), d.get("choices")))
        if sorted(s.get("aliases") or []) != sorted(d.get("aliases") or []):
            problems.append("%s: aliases are %r in $spec but %r in the docs" % (here, s.get("aliases"), d.get("aliases")))
        if s.get("elements") != d.get("elements"):
            problems.append("%s: elements is %r in $spec but %r in the docs" % (here, s.get("elements"), d.get("elements")))
        if s.get("options") or d.get("suboptions"):
            problems += compare_options(s.get("options"), d.get("suboptions"), here)
    return problems


def _names(spec_opts):
    names = set()
    for name, opt in (spec_opts or {}).items():
        names.add(name)
        names.update((opt or {}).get("aliases") or [])
    return names


def check_spec(tree, module_path):
    problems = []
    try:
        spec, _line = find_spec(tree)
    except ValueError as e:
        return [str(e)]
    try:
        docs, doc_file = load_docs(module_path)
    except (ValueError, SyntaxError, yaml.YAMLError) as e:
        return [str(e)]
    if docs.get("module") != module_path.stem:
        problems.append("%s documents module %r, not %r" % (doc_file.name, docs.get("module"), module_path.stem))
    problems += compare_options(spec.get("options"), docs.get("options"))
    known = _names(spec.get("options"))
    for key in SPEC_LIST_KEYS:
        for group in spec.get(key) or []:
            for name in group if isinstance(group, list) else [group]:
                if name not in known:
                    problems.append("%s names %r, which is not an option" % (key, name))
    for rule in spec.get("required_if") or []:
        if not isinstance(rule, list) or len(rule) < 3:
            problems.append("required_if entry %r is not [option, value, [options...]]" % (rule,))
            continue
        for name in [rule[0]] + list(rule[2]):
            if name not in known:
                problems.append("required_if names %r, which is not an option" % name)
    for name, needs in (spec.get("required_by") or {}).items():
        for n in [name] + (needs if isinstance(needs, list) else [needs]):
            if n not in known:
                problems.append("required_by names %r, which is not an option" % n)
    support = ((docs.get("attributes") or {}).get("check_mode") or {}).get("support")
    if support is None:
        problems.append("the docs have no attributes.check_mode")
    elif bool(spec.get("supports_check_mode", False)) != (support in ("full", "partial")):
        problems.append("supports_check_mode is %s in $spec but attributes.check_mode.support is %r"
                        % (bool(spec.get("supports_check_mode", False)), support))
    return problems


# --- shape --------------------------------------------------------------------

def runner_name(module_stem):
    """rds_logoff -> RdsLogoffModule: the module's C# runner class and (with a leading _) its util."""
    return "".join(part[:1].upper() + part[1:] for part in module_stem.split("_") if part) + "Module"


def _squash(code):
    return re.sub(r"\s+", "", code).lower()


def accelerator_problems(module_path, runner):
    """The runner util names its class for the .ps1 with the //TypeAccelerator line ansible-core reads."""
    cs = module_path.parent.parent / "module_utils" / ("_" + runner + ".cs")
    if not cs.is_file():
        return []  # a missing util is the csharp check's finding
    line = "//TypeAccelerator -Name %s -TypeName %s" % (runner, runner)
    if line not in cs.read_text(encoding="utf-8").splitlines():
        return ["%s lacks the line '%s' that lets the .ps1 call [%s]::Run($module)" % (cs.name, line, runner)]
    return []


def check_shape(tree, source, module_path):
    """The module .ps1 is $spec, Create and the one Run call of its own runner, and nothing else."""
    problems = []
    runner = runner_name(module_path.stem)
    util = COLLECTION_PREFIX + "_" + runner
    wanted_requires = {("csharputil", "Ansible.Basic"), ("csharputil", util)}
    requires = {}
    for kind, name in required_utils(source):
        full = COLLECTION_PREFIX + name[len("..module_utils."):] if name.startswith("..module_utils.") else name
        requires[(kind, full)] = name
    for key in sorted(set(requires) - wanted_requires):
        problems.append("#AnsibleRequires -%s %s: a module requires only Ansible.Basic and its runner ..module_utils._%s"
                        % ("CSharpUtil" if key[0] == "csharputil" else "PowerShell", requires[key], runner))
    for kind, name in sorted(wanted_requires - set(requires)):
        problems.append("missing #AnsibleRequires -CSharpUtil %s" % ("..module_utils._" + runner if name == util else name))
    statements = []
    for node in tree.root_node.children:
        if node.type == "comment":
            continue
        if node.type != "statement_list":
            problems.append("line %d: %s is not allowed in a module; only $spec, Create and Run"
                            % (node.start_point[0] + 1, node.type))
            continue
        statements += [c for c in node.children if c.is_named and c.type != "comment"]
    expected = ["$spec = @{...}", "$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)",
                "[%s]::Run($module)" % runner]
    for i, node in enumerate(statements[:len(expected)]):
        code = text(node)
        squashed = _squash(code)
        ok = squashed.startswith("$spec=@{") if i == 0 else squashed == _squash(expected[i])
        if not ok:
            problems.append("line %d: expected %s, found '%s'"
                            % (node.start_point[0] + 1, expected[i], code.strip().splitlines()[0][:60]))
    extra = statements[len(expected):]
    if extra:
        problems.append("line %d: '%s' is not allowed: a module is only $spec, Create and Run, the logic belongs in "
                        "the C# runner %s (%d extra statement%s)"
                        % (extra[0].start_point[0] + 1, text(extra[0]).strip().splitlines()[0][:60], runner,
                           len(extra), "" if len(extra) == 1 else "s"))
    problems += accelerator_problems(module_path, runner)
    if len(statements) < len(expected):
        problems.append("the module has %d statements; expected exactly: %s"
                        % (len(statements), "; ".join(expected)))
    return problems


# --- driver -------------------------------------------------------------------

def ps_files(paths):
    out = []
    for p in paths:
        p = pathlib.Path(p)
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in (".ps1", ".psm1") and "/output/" not in str(f))
    return out


def run(paths, collection_root=ROOT):
    res = Result()
    ts = parser()
    files = ps_files(paths)
    for path in files:
        source = path.read_bytes()
        tree = ts.parse(source)
        try:
            shown = path.relative_to(collection_root)
        except ValueError:
            shown = path
        res.check(shown, "parse", check_parse(tree))
        res.check(shown, "ps51", check_ps51(tree))
        res.check(shown, "requires", check_requires(source.decode("utf-8", "replace"), collection_root))
        if path.suffix.lower() == ".ps1" and path.parent.name == "modules":
            res.check(shown, "spec", check_spec(tree, path))
            res.check(shown, "shape", check_shape(tree, source.decode("utf-8", "replace"), path))
    return res, len(files)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "plugins"), str(ROOT / "tests" / "integration")])
    ap.add_argument("--root", default=str(ROOT), help="collection root (default: this checkout)")
    ap.add_argument("--list-csharp", metavar="MODULE",
                    help="print the collection C# files MODULE.ps1 compiles, one a line, and exit")
    args = ap.parse_args(argv)
    root = pathlib.Path(args.root).resolve()
    if args.list_csharp:
        for f in csharp_files_for(pathlib.Path(args.list_csharp).read_text(encoding="utf-8"), root):
            print(f)
        return 0
    res, count = run(args.paths, root)
    for line in res.lines:
        print(line)
    if count == 0:
        print("no PowerShell files found under %s" % ", ".join(args.paths))
    print("%d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
