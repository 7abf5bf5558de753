# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/nunit_modules.py: per-module counts of the whole-module tests from NUnit 2.x XML."""
from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import nunit_modules  # noqa: E402  pylint: disable=wrong-import-position

XML = """<?xml version="1.0" encoding="utf-8"?>
<test-results name="SessionCtl.Tests.dll" total="6" errors="0" failures="1" not-run="0">
  <test-suite type="Assembly" name="SessionCtl.Tests.dll" executed="True" result="Failure" success="False">
    <results>
      <test-suite type="Namespace" name="Tests" executed="True" result="Failure" success="False">
        <results>
          <test-suite type="TestFixture" name="DemoModuleTests" executed="True" result="Failure" success="False">
            <categories><category name="demo" /></categories>
            <results>
              <test-case name="T.DemoModuleTests.Works" executed="True" result="Success" success="True" />
              <test-case name="T.DemoModuleTests.Breaks" executed="True" result="Failure" success="False" />
              <test-suite type="ParameterizedTest" name="Bad_input_fails_before_any_Windows_call" executed="True"
                          result="Success" success="True">
                <results>
                  <test-case name="T.DemoModuleTests.Bad input: a" executed="True" result="Success" success="True" />
                  <test-case name="T.DemoModuleTests.Bad input: b" executed="True" result="Success" success="True" />
                </results>
              </test-suite>
              <test-case name="T.DemoModuleTests.Ignored" executed="False" result="Ignored" />
            </results>
          </test-suite>
          <test-suite type="TestFixture" name="NoTableModuleTests" executed="True" result="Success" success="True">
            <categories><category name="notable" /></categories>
            <results>
              <test-case name="T.NoTableModuleTests.Works" executed="True" result="Success" success="True" />
            </results>
          </test-suite>
          <test-suite type="TestFixture" name="EngineTests" executed="True" result="Success" success="True">
            <results>
              <test-case name="T.EngineTests.Other" executed="True" result="Success" success="True" />
            </results>
          </test-suite>
        </results>
      </test-suite>
    </results>
  </test-suite>
</test-results>
"""


def test_counts_per_category(tmp_path):
    xml = tmp_path / "nunit.xml"
    xml.write_text(XML, encoding="utf-8")
    assert nunit_modules.counts(str(xml)) == {"demo": [3, 1, 2, 0], "notable": [1, 0, 0, 0]}


CS = """
public class DemoRequest
{
    public static DemoRequest FromParams(IDictionary p)
    {
        if (p == null) throw new ArgumentException("parameters are missing");
        return new DemoRequest();
    }

    public void Validate()
    {
        string s = "{ not a brace }";
        if (A) throw new ArgumentException(String.Format("timeout: {0} is not between 1 and 86400", T));
        if (B) throw new ArgumentException("name \\"x\\" is not valid");
    }

    internal static int ParseCount(string t) { if (t == null) throw new ArgumentException("count is not set"); return 1; }

    public void Run() { throw new ArgumentException("not a validation rule"); }
}
"""


def test_rules_are_the_argument_exceptions_of_validate_and_from_params():
    assert nunit_modules.rules_in(CS) == ["parameters are missing", "timeout:", 'name "x" is not valid', "count is not set"]


def found(production=1):
    return {"demo": [5, 0, 3, production]}


def test_a_module_line_splits_the_bad_inputs_by_who_rejected_them():
    msgs = ["timeout: 0 is not between 1 and 86400", "parameters are missing"]
    rejected = {"demo": {"ansible.basic": 1, "module": 2, "msgs": msgs}}
    ok, text = nunit_modules.module_line("demo", found(), rejected, ["parameters are missing", "timeout:"], {})
    assert ok, text
    assert "3 bad inputs: 1 rejected by Ansible.Basic, 2 by the module (2 of its 2 validation rules)" in text
    assert "1 through the production entry" in text


def test_a_rule_without_a_case_fails_unless_allowed_with_a_reason():
    rejected = {"demo": {"ansible.basic": 2, "module": 1, "msgs": ["timeout: 0 is not between 1 and 86400"]}}
    ok, text = nunit_modules.module_line("demo", found(), rejected, ["parameters are missing", "timeout:"], {})
    assert not ok and "no bad input for the rule 'parameters are missing'" in text
    ok, text = nunit_modules.module_line("demo", found(), rejected, ["parameters are missing", "timeout:"],
                                         {"rule:parameters are missing": "unreachable"})
    assert ok and "(1 of its 2 validation rules, 1 allowed without a case)" in text


def test_only_ansible_basic_rejections_fail_a_module_with_rules():
    rejected = {"demo": {"ansible.basic": 3, "module": 0, "msgs": []}}
    ok, text = nunit_modules.module_line("demo", found(), rejected, ["timeout:"], {})
    assert not ok and "no bad input reaches the module's own validation" in text


def test_a_module_without_a_production_entry_test_fails_unless_allowed():
    rejected = {"demo": {"ansible.basic": 0, "module": 1, "msgs": ["x"]}}
    ok, text = nunit_modules.module_line("demo", found(0), rejected, [], {})
    assert not ok and "no test runs its production entry" in text
    ok, text = nunit_modules.module_line("demo", found(0), rejected, [], {"production-entry:demo": "WMI"})
    assert ok and "0 through the production entry (allowed" in text


def test_fails_for_a_module_without_tests_or_bad_input_cases(tmp_path):
    xml = tmp_path / "nunit.xml"
    xml.write_text(XML, encoding="utf-8")
    counts = nunit_modules.counts(str(xml))
    assert nunit_modules.module_line("other", counts, {}, [], {})[1].startswith("FAIL module other")
    ok, text = nunit_modules.module_line("notable", counts, {}, [], {})
    assert not ok and "no bad-input case" in text


def test_the_rules_of_a_real_module_are_found():
    assert any(r.startswith("timeout:") for r in nunit_modules.module_rules("iscsi_initiator_logout"))


def test_an_unreadable_file_fails(tmp_path):
    assert nunit_modules.main([str(tmp_path / "missing.xml")]) == 1
