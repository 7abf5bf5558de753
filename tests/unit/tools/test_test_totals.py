# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/test_totals.py: a test that did not pass is never counted as passed, and fails the layer unless allowed."""
from __future__ import annotations

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import test_totals  # noqa: E402  pylint: disable=wrong-import-position

NUNIT = """<?xml version="1.0" encoding="utf-8"?>
<test-results name="T.dll" total="5" errors="0" failures="1" not-run="1" inconclusive="1" ignored="1" skipped="0">
  <test-suite type="Assembly" name="T.dll" executed="True" result="Failure" success="False"><results>
    <test-case name="T.F.Passes" executed="True" result="Success" success="True" />
    <test-case name="T.F.Fails" executed="True" result="Failure" success="False" />
    <test-case name="T.F.Errs" executed="True" result="Error" success="False" />
    <test-case name="T.F.Ignored" executed="False" result="Ignored"><reason><message>later</message></reason></test-case>
    <test-case name="T.F.Unsure" executed="True" result="Inconclusive" success="False" />
    <test-case name="T.F.Skipped" executed="False" result="Skipped" />
    <test-case name="T.F.Invalid" executed="False" result="NotRunnable" />
  </results></test-suite>
</test-results>
"""

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="5" failures="1" errors="1" skipped="2">
  <testcase classname="tests.unit.a" name="test_ok" />
  <testcase classname="tests.unit.a" name="test_bad"><failure message="assert 1 == 2" /></testcase>
  <testcase classname="tests.unit.a" name="test_err"><error message="fixture" /></testcase>
  <testcase classname="tests.unit.a" name="test_skip"><skipped type="pytest.skip" message="no mono" /></testcase>
  <testcase classname="tests.unit.a" name="test_xfail"><skipped type="pytest.xfail" message="later" /></testcase>
</testsuite></testsuites>
"""


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_nunit_ignored_inconclusive_skipped_and_invalid_are_not_run_not_passed(tmp_path):
    passed, failed, allowed, not_run, lines = test_totals.totals("nunit", write(tmp_path, "n.xml", NUNIT))
    assert (passed, failed, allowed, not_run) == (1, 2, 0, 4)
    assert any(line.startswith("NOT RUN T.F.Ignored (Ignored: later)") for line in lines)
    assert any("T.F.Unsure (Inconclusive)" in line for line in lines)


def test_junit_skipped_and_xfailed_are_not_run(tmp_path):
    passed, failed, allowed, not_run, lines = test_totals.totals("junit", write(tmp_path, "j.xml", JUNIT))
    assert (passed, failed, allowed, not_run) == (1, 2, 0, 2)
    assert any("tests.unit.a::test_xfail (pytest.xfail: later)" in line for line in lines)


def test_an_allowed_test_is_shown_apart_with_its_reason(tmp_path):
    allow = write(tmp_path, "allow.txt", "# comment\nT.F.Ignored -- waits for the Windows runner\n")
    passed, failed, allowed, not_run, lines = test_totals.totals(
        "nunit", write(tmp_path, "n.xml", NUNIT), 0, test_totals.read_allow(allow))
    assert (passed, failed, allowed, not_run) == (1, 2, 1, 3)
    assert "ALLOWED T.F.Ignored (Ignored: later) -- waits for the Windows runner" in lines


def test_an_allow_list_line_without_a_reason_is_refused(tmp_path):
    with pytest.raises(test_totals.AllowListError):
        test_totals.read_allow(write(tmp_path, "allow.txt", "T.F.Ignored\n"))
    with pytest.raises(test_totals.AllowListError):
        test_totals.read_allow(write(tmp_path, "allow.txt", "T.F.Ignored -- \n"))


def test_a_runner_exit_code_counts_when_the_file_shows_no_failure(tmp_path):
    ok = write(tmp_path, "j.xml", '<testsuite><testcase classname="a" name="t" /></testsuite>')
    assert test_totals.totals("junit", ok, 0)[:4] == (1, 0, 0, 0)
    assert test_totals.totals("junit", ok, 2)[:4] == (1, 1, 0, 0)


def test_an_unreadable_or_empty_result_is_a_failure(tmp_path):
    assert test_totals.totals("nunit", str(tmp_path / "missing.xml"))[:4] == (0, 1, 0, 0)
    assert test_totals.totals("junit", write(tmp_path, "e.xml", "<testsuite />"))[:4] == (0, 1, 0, 0)


def test_main_exits_1_on_a_test_that_did_not_run(tmp_path, capsys):
    allow = write(tmp_path, "allow.txt", "")
    assert test_totals.main(["nunit", write(tmp_path, "n.xml", NUNIT), "--allow", allow]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "1 2 0 4"


def test_the_repository_allow_list_is_well_formed():
    for test, reason in test_totals.read_allow(test_totals.DEFAULT_ALLOW).items():
        assert test and reason
