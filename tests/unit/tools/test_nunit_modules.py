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
    assert nunit_modules.counts(str(xml)) == {"demo": [3, 1, 2], "notable": [1, 0, 0]}


def test_prints_a_line_per_module_and_fails_for_a_module_without_tests(tmp_path, capsys):
    xml = tmp_path / "nunit.xml"
    xml.write_text(XML, encoding="utf-8")
    assert nunit_modules.main([str(xml), "demo"]) == 0
    assert "module demo" in capsys.readouterr().out
    assert nunit_modules.main([str(xml), "demo", "other"]) == 1
    out = capsys.readouterr().out
    assert "   3 passed, 1 failed (2 bad inputs)" in out
    assert "FAIL module other" in out


def test_fails_for_a_module_without_bad_input_cases(tmp_path, capsys):
    xml = tmp_path / "nunit.xml"
    xml.write_text(XML, encoding="utf-8")
    assert nunit_modules.main([str(xml), "notable"]) == 1
    assert "FAIL module notable" in capsys.readouterr().out


def test_an_unreadable_file_fails(tmp_path):
    assert nunit_modules.main([str(tmp_path / "missing.xml")]) == 1
    (tmp_path / "bad.xml").write_text("<not xml", encoding="utf-8")
    assert nunit_modules.main([str(tmp_path / "bad.xml")]) == 1
