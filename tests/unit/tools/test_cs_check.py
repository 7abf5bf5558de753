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
