# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-module counts of the whole-module tests (tests/csharp/*ModuleTests.cs) from an NUnit 2.x XML result.

    nunit_modules.py NUNIT_XML [MODULE ...]     (default modules: plugins/modules/*.ps1)

Each module's fixtures carry an NUnit category named after the module. Prints one line per module:

    module rds_logoff                   48 passed, 0 failed (29 bad inputs)

The bad inputs are the cases of the fixture's Bad_input_fails_before_any_Windows_call table. Exit code 1 when a
module has no whole-module test at all or no bad-input case, or the file cannot be read.
"""
from __future__ import annotations

import pathlib
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
BAD_INPUT_TEST = "Bad_input_fails_before_any_Windows_call"


def _passed(case):
    return case.get("executed") == "True" and case.get("success") == "True"


def counts(xml_path):
    """{module category: [passed, failed, bad inputs]} over the test fixtures that carry a category."""
    root = ET.parse(xml_path).getroot()
    res = {}
    for suite in root.iter("test-suite"):
        if suite.get("type") != "TestFixture":
            continue
        cats = [c.get("name") for c in suite.findall("./categories/category")]
        for cat in cats:
            entry = res.setdefault(cat, [0, 0, 0])
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


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    modules = argv[1:] or sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.ps1"))
    try:
        found = counts(argv[0])
    except (OSError, ET.ParseError) as e:
        print("cannot read %s: %s" % (argv[0], e))
        return 1
    missing = 0
    for module in modules:
        passed, failed, bad = found.get(module, [0, 0, 0])
        if passed + failed == 0:
            missing += 1
            print("FAIL module %-28s no whole-module test" % module)
            continue
        if bad == 0:
            missing += 1
            print("FAIL module %-28s %4d passed, %d failed, but no bad-input case" % (module, passed, failed))
            continue
        print("module %-28s %4d passed, %d failed (%d bad inputs)" % (module, passed, failed, bad))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
