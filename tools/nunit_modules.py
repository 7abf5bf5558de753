# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-module counts of the whole-module tests (tests/csharp/modules/*ModuleTests.cs) from an NUnit 2.x XML result.

    nunit_modules.py NUNIT_XML [MODULE ...]     (default modules: plugins/modules/*.ps1)

Each module's fixtures carry an NUnit category named after the module. Prints one line per module:

    module rds_logoff        48 passed, 0 failed; 6 through the production entry; 29 bad inputs: 12 rejected by
                             Ansible.Basic, 17 by the module (9 of its 9 validation rules)

The bad inputs are the cases of the fixture's Bad_input_fails_before_any_Windows_call table; who rejected each one
comes from bad-inputs.tsv beside the XML (written by the harness, tests/csharp/harness/ModuleHarness.cs): Ansible.Basic,
inside Create() before the module's runner ran, or the module's own validation. The module's validation rules are
the `throw new ArgumentException("...")` sites in the Validate*, FromParams and Parse* methods of the C# the module
ships
(tools/ps_check.py --list-csharp); a rule is covered when a case the module rejected failed with its message.
The production-entry tests are the fixtures named *ProductionEntryTests (tests/csharp/harness/ModuleHarnessProduction.cs).

Exit code 1 when a module has no whole-module test, no bad-input case, no case its own validation rejects, a rule
no case covers, or no production-entry test, unless tests/not_run_allowed.txt lists `rule:<message start>` or
`production-entry:<module>` with a reason; or when a file cannot be read.
"""
from __future__ import annotations

import pathlib
import re
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
BAD_INPUT_TEST = "Bad_input_fails_before_any_Windows_call"
PRODUCTION_FIXTURE = "ProductionEntryTests"
_RULE_METHOD = re.compile(r"[\w<>\[\]]+\s+(Validate\w*|FromParams|Parse\w*)\s*\([^;{]*\)\s*(?=\{)")
_THROW = re.compile(r'throw new ArgumentException\(\s*(?:String\.Format\(\s*(?:CultureInfo\.InvariantCulture,\s*)?)?'
                    r'"((?:[^"\\]|\\.)*)"')


def _body_end(text, start):
    """Index after the brace block opening at text[start] == '{', skipping string and char literals."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i += 1
            while i < len(text) and text[i] != c:
                i += 2 if text[i] == "\\" else 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


_RANGE_CALL = re.compile(r'\bRange\("([a-z_]+)"')


def rules_in(text):
    """The message starts (up to the first format placeholder) of the ArgumentExceptions that the Validate*,
    FromParams and Parse* methods in text throw (a message that starts with a placeholder is not found)."""
    rules = []
    for m in _RULE_METHOD.finditer(text):
        body = text[m.end():_body_end(text, m.end())]
        starts = [t.group(1).replace('\\"', '"').replace("\\\\", "\\").split("{", 1)[0].strip()
                  for t in _THROW.finditer(body)]
        # a range helper's message starts with its option's name: Range("timeout", ...) -> "timeout: ..."
        starts += [r.group(1) + ":" for r in _RANGE_CALL.finditer(body)]
        for start in starts:
            if start and start not in rules:
                rules.append(start)
    return rules


def module_rules(module):
    """The validation rules of a module: rules_in each C# file its .ps1 compiles."""
    sys.path.insert(0, str(ROOT / "tools"))
    import ps_check  # pylint: disable=import-outside-toplevel
    ps1 = ROOT / "plugins" / "modules" / (module + ".ps1")
    rules = []
    for f in ps_check.csharp_files_for(ps1.read_text(encoding="utf-8"), ROOT):
        for r in rules_in(pathlib.Path(f).read_text(encoding="utf-8")):
            if r not in rules:
                rules.append(r)
    return rules


def rejections(tsv_path):
    """{module: {"ansible.basic": n, "module": n, "msgs": [msg of each case the module rejected]}}."""
    res = {}
    for line in pathlib.Path(tsv_path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 4:
            continue
        entry = res.setdefault(parts[0], {"ansible.basic": 0, "module": 0, "msgs": []})
        entry[parts[1]] = entry.get(parts[1], 0) + 1
        if parts[1] == "module":
            entry["msgs"].append(parts[3])
    return res


def allowed_entries():
    sys.path.insert(0, str(ROOT / "tools"))
    import test_totals  # pylint: disable=import-outside-toplevel
    return test_totals.read_allow(test_totals.DEFAULT_ALLOW)


def _passed(case):
    return case.get("executed") == "True" and case.get("success") == "True"


def counts(xml_path):
    """{module category: [passed, failed, bad inputs, production-entry tests]} over the fixtures with a category."""
    root = ET.parse(xml_path).getroot()
    res = {}
    for suite in root.iter("test-suite"):
        if suite.get("type") != "TestFixture":
            continue
        cats = [c.get("name") for c in suite.findall("./categories/category")]
        for cat in cats:
            entry = res.setdefault(cat, [0, 0, 0, 0])
            if suite.get("name", "").endswith(PRODUCTION_FIXTURE):
                entry[3] += len([c for c in suite.iter("test-case") if c.get("executed") == "True"])
            for case in suite.iter("test-case"):
                if case.get("executed") != "True":
                    continue
                if _passed(case):
                    entry[0] += 1
                else:
                    entry[1] += 1
            for sub in suite.iter("test-suite"):
                if sub.get("type") == "ParameterizedTest" and sub.get("name") == BAD_INPUT_TEST:
                    entry[2] += len(sub.findall(".//test-case"))
    return res


def module_line(module, found, rejected, rules, allowed):
    """(ok, text) for one module."""
    passed, failed, bad, production = found.get(module, [0, 0, 0, 0])
    if passed + failed == 0:
        return False, "FAIL module %-28s no whole-module test" % module
    head = "module %-28s %4d passed, %d failed" % (module, passed, failed)
    if bad == 0:
        return False, "FAIL %s, but no bad-input case" % head
    problems = []
    production_note = ""
    if production == 0 and "production-entry:" + module in allowed:
        production_note = " (allowed by tests/not_run_allowed.txt)"
    elif production == 0:
        problems.append("no test runs its production entry (a *ProductionEntryTests fixture)")
    rej = rejected.get(module, {"ansible.basic": 0, "module": 0, "msgs": []})
    uncovered = [r for r in rules if not any(r in m for m in rej["msgs"]) and "rule:" + r not in allowed]
    exempt = [r for r in rules if "rule:" + r in allowed]
    if len(rules) > len(exempt) and rej["module"] == 0:
        problems.append("no bad input reaches the module's own validation")
    problems += ["no bad input for the rule %r" % r for r in uncovered]
    text = "%s; %d through the production entry%s; %d bad inputs: %d rejected by Ansible.Basic, %d by the module " \
        "(%d of its %d validation rules%s)" % (head, production, production_note, bad, rej["ansible.basic"], rej["module"],
                                               len(rules) - len(uncovered) - len(exempt), len(rules),
                                               ", %d allowed without a case" % len(exempt) if exempt else "")
    if problems:
        return False, "FAIL " + text + "".join("\n       " + p for p in problems)
    return True, text


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    modules = argv[1:] or sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.ps1"))
    tsv = pathlib.Path(argv[0]).with_name("bad-inputs.tsv")
    try:
        found = counts(argv[0])
        rejected = rejections(tsv)
        allowed = allowed_entries()
    except (OSError, ET.ParseError, ValueError) as e:
        print("cannot read %s or %s: %s" % (argv[0], tsv, e))
        return 1
    missing = 0
    for module in modules:
        ok, text = module_line(module, found, rejected, module_rules(module), allowed)
        missing += 0 if ok else 1
        print(text)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
