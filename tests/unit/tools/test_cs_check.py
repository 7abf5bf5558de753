# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/cs_check.py catches the C# 6+ forms that mcs -langversion:5 lets through."""
from __future__ import annotations

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import cs_check  # noqa: E402  pylint: disable=wrong-import-position

GOOD = """\
using System;
using System.Threading.Tasks;
namespace N
{
    public interface IClock { DateTime UtcNow { get; } }
    public abstract class Base { public abstract int Size { get; } }
    public class C
    {
        public int A { get; private set; }
        public int B { get; set; }
        private string s = "a { get; } ?.x $\\"y\\" nameof(z)";  // { get; } in a comment
        /* await in catch { get; } */
        public async Task Run()
        {
            try { await Task.Delay(1); }
            catch (Exception) { Console.WriteLine("await"); }
            finally { A = 1; }
            Func<int, int> f = x => x + 1;
            A = f(2);
        }
        public string Verbatim = @"c:\\path ""{ get; }"" ?.";
        public char Q = '"';
    }
}
"""


def test_good_code_passes():
    assert cs_check.check_source(GOOD) == []


@pytest.mark.parametrize(
    "snippet, why",
    [
        ("public int P { get; }", "getter-only"),
        ("public int P {get;}", "getter-only"),
        ("public int P { get; set; } = 5;", "initializer"),
        ("async Task M() { try { } catch (Exception) { await Task.Delay(1); } }", "'await' inside catch"),
        ("async Task M() { try { } finally { if (x) { await Task.Delay(1); } } }", "'await' inside finally"),
        ('string s = $"x{y}";', "interpolated"),
        ("int? n = o?.Length;", "null-conditional"),
        ("string n = nameof(x);", "nameof"),
        ("int.TryParse(s, out var v);", "out var"),
        ("try { } catch (Exception e) when (e != null) { }", "exception filter"),
        ("public int Twice(int x) => x * 2;", "expression-bodied"),
        ("public int P { get => 1; }", "expression-bodied"),
        ("public string Name { get; init; }", "init accessor"),
    ],
)
def test_csharp6_forms_are_caught(snippet, why):
    src = "namespace N\n{\n    public class C\n    {\n        " + snippet + "\n    }\n}\n"
    problems = cs_check.check_source(src)
    assert any(why in p for p in problems), problems
    assert all(p.startswith("line 5:") for p in problems if why in p)


def test_main_counts_and_fails(tmp_path, capsys):
    (tmp_path / "good.cs").write_text(GOOD)
    (tmp_path / "bad.cs").write_text("class C { public int P { get; } }\n")
    assert cs_check.main([str(tmp_path)]) == 1
    assert "1 passed, 1 failed" in capsys.readouterr().out


def test_no_files_is_a_failure(tmp_path, capsys):
    assert cs_check.main([str(tmp_path)]) == 1
    assert "0 passed, 0 failed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "snippet, syslib",
    [
        ("[ReliabilityContract(Consistency.WillNotCorruptState, Cer.MayFail)] protected override bool R() { return true; }",
         "SYSLIB0004"),
        ("void M() { RuntimeHelpers.PrepareConstrainedRegions(); }", "SYSLIB0004"),
        ("[SecurityPermission(SecurityAction.LinkDemand, UnmanagedCode = true)] void M() { }", "SYSLIB0003"),
        ("void M() { var f = new BinaryFormatter(); }", "SYSLIB0011"),
        ("void M() { var r = WebRequest.Create(u); }", "SYSLIB0014"),
        ("void M() { string p = typeof(C).Assembly.CodeBase; }", "SYSLIB0012"),
        ("void M() { var r = new RNGCryptoServiceProvider(); }", "SYSLIB0023"),
        ("void M() { var e = Encoding.UTF7; }", "SYSLIB0001"),
        ("protected C(SerializationInfo info, StreamingContext context) : base(info, context) { }", "SYSLIB0050/0051"),
    ],
)
def test_apis_obsolete_on_net5_are_caught(snippet, syslib):
    src = "namespace N\n{\n    public class C\n    {\n        " + snippet + "\n    }\n}\n"
    problems = cs_check.check_source(src)
    assert any(syslib in p and p.startswith("line 5:") for p in problems), problems


def test_obsolete_names_in_comments_and_strings_are_ignored():
    src = 'class C { // [ReliabilityContract]\n string s = "WebRequest BinaryFormatter"; }\n'
    assert cs_check.check_source(src) == []


def test_all_lower_case_type_name_is_caught():
    problems = cs_check.check_source("namespace N { public class helper { } public enum Kind { A } }\n")
    assert any("CS8981" in p and "'helper'" in p for p in problems), problems
    assert not any("'Kind'" in p for p in problems)


def test_the_module_utils_have_no_api_obsolete_on_net5():
    for path in sorted((ROOT / "plugins" / "module_utils").glob("*.cs")):
        problems = [p for p in cs_check.check_source(path.read_text(encoding="utf-8")) if "SYSLIB" in p or "CS8981" in p]
        assert problems == [], (path.name, problems)
