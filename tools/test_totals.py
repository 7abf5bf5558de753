# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Totals of one test layer that cannot hide a test that did not pass.

    test_totals.py junit|nunit RESULT_XML [--rc N] [--allow FILE]

Reads a pytest JUnit XML or an NUnit 2.x XML result and prints one line for test_all.sh:

    PASSED FAILED NOT_RUN_ALLOWED NOT_RUN

then, one per line, each test that did not pass and why. A test that ran and failed or errored is FAILED. A test
that did not pass although nothing failed - skipped, ignored, inconclusive, xfailed, not runnable - is NOT_RUN,
unless the allow-list (default tests/not_run_allowed.txt) names it with a reason; then it is NOT_RUN_ALLOWED and
shown apart. Every NOT_RUN counts as a failure of the layer, and so does a non-zero exit code of the layer's
runner (--rc) when the file shows no failure, and a result file that cannot be read.

Allow-list lines: `<test id> -- <reason>`. The test id is the NUnit full name
(`SessionCtl.Tests.Fixture.Test`) or the pytest `classname::name` from the JUnit file
(`tests.unit.test_x::test_y`). A line without a reason is an error (exit 2). Lines starting with `#` are comments.
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_ALLOW = ROOT / "tests" / "not_run_allowed.txt"


class AllowListError(ValueError):
    pass


def read_allow(path):
    """{test id: reason} from the allow-list (missing file: empty)."""
    allowed = {}
    p = pathlib.Path(path)
    if not p.exists():
        return allowed
    for n, raw in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        test, sep, reason = line.partition(" -- ")
        if not sep or not reason.strip() or not test.strip():
            raise AllowListError("%s:%d: expected '<test id> -- <reason>': %s" % (p, n, raw))
        allowed[test.strip()] = reason.strip()
    return allowed


def junit_cases(root):
    """(id, outcome, detail) per pytest test case: passed, failed, or not_run (skipped / xfailed)."""
    for case in root.iter("testcase"):
        tid = "%s::%s" % (case.get("classname", ""), case.get("name", ""))
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        skipped = case.find("skipped")
        if bad is not None:
            yield tid, "failed", (bad.get("message") or "").strip()[:200]
        elif skipped is not None:
            kind = skipped.get("type") or "skipped"
            yield tid, "not_run", "%s: %s" % (kind, (skipped.get("message") or "").strip()[:200])
        else:
            yield tid, "passed", ""


NUNIT_FAILED = ("Failure", "Error", "Cancelled")


def nunit_cases(root):
    """(id, outcome, detail) per NUnit 2.x test case: Success passes; Failure/Error fail; the rest did not run."""
    for case in root.iter("test-case"):
        tid = case.get("name", "")
        result = case.get("result") or ("Success" if case.get("success") == "True" else "NotRun")
        reason = case.find("./reason/message")
        detail = "%s%s" % (result, (": " + reason.text.strip()[:200]) if reason is not None and reason.text else "")
        if result == "Success" and case.get("executed") == "True":
            yield tid, "passed", ""
        elif result in NUNIT_FAILED:
            yield tid, "failed", detail
        else:  # Ignored, Inconclusive, Skipped, NotRunnable (an invalid test): did not pass, did not fail
            yield tid, "not_run", detail


def totals(kind, path, rc=0, allowed=None):
    """(passed, failed, not_run_allowed, not_run, lines)."""
    allowed = allowed or {}
    lines = []
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        return 0, 1, 0, 0, ["FAILED  the result file %s cannot be read: %s" % (path, e)]
    cases = junit_cases(root) if kind == "junit" else nunit_cases(root)
    passed = failed = allowed_n = not_run = 0
    for tid, outcome, detail in cases:
        if outcome == "passed":
            passed += 1
        elif outcome == "failed":
            failed += 1
            lines.append("FAILED  %s (%s)" % (tid, detail))
        elif tid in allowed:
            allowed_n += 1
            lines.append("ALLOWED %s (%s) -- %s" % (tid, detail, allowed[tid]))
        else:
            not_run += 1
            lines.append("NOT RUN %s (%s): not in the allow-list, so it counts as a failure" % (tid, detail))
    if rc != 0 and failed == 0 and not_run == 0:
        failed = 1
        lines.append("FAILED  the runner exited with %d although no test failed" % rc)
    if passed + failed + allowed_n + not_run == 0:
        failed = 1
        lines.append("FAILED  no test in %s" % path)
    return passed, failed, allowed_n, not_run, lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("kind", choices=("junit", "nunit"))
    ap.add_argument("xml")
    ap.add_argument("--rc", type=int, default=0, help="the exit code of the layer's runner")
    ap.add_argument("--allow", default=str(DEFAULT_ALLOW))
    args = ap.parse_args(argv)
    try:
        allowed = read_allow(args.allow)
    except AllowListError as e:
        print("0 1 0 0")
        print("FAILED  %s" % e)
        return 2
    passed, failed, allowed_n, not_run, lines = totals(args.kind, args.xml, args.rc, allowed)
    print("%d %d %d %d" % (passed, failed, allowed_n, not_run))
    for line in lines:
        print(line)
    return 1 if failed or not_run else 0


if __name__ == "__main__":
    sys.exit(main())
