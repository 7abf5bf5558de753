# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pathlib
import sys
import tarfile

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import build_collection  # noqa: E402  pylint: disable=wrong-import-position
import cs_ship  # noqa: E402  pylint: disable=wrong-import-position

SOURCE = """//AssemblyReference -Name System.Management.dll
// Copyright line
using System;

namespace N
{
    /// <summary>Doc comment.</summary>
    public class C
    {
        // A Windows fact, kept in the repository.
        private const string Url = "http://example.invalid/x"; // trailing comment stays
        public int F(int x)
        {
#if WINDOWS
            return x /* inline */ + 1;
#else
            return x;
#endif
        }
    }
}
"""


def test_shipped_form_keeps_every_line_in_place():
    shipped = cs_ship.ship(SOURCE)
    assert shipped.count("\n") == SOURCE.count("\n")
    for before, after in zip(SOURCE.split("\n"), shipped.split("\n")):
        assert after in ("", before.strip())


def test_shipped_form_drops_indentation_and_whole_line_comments_only():
    lines = cs_ship.ship(SOURCE).split("\n")
    assert lines[0] == "//AssemblyReference -Name System.Management.dll"  # ansible-core reads it
    assert lines[1] == "// Copyright line"  # the copyright and licence lines stay with the code
    assert lines[6] == ""  # the doc comment
    assert lines[9] == ""
    assert lines[10] == 'private const string Url = "http://example.invalid/x"; // trailing comment stays'
    assert lines[13] == "#if WINDOWS"
    assert lines[14] == "return x /* inline */ + 1;"
    assert not any(line != line.strip() for line in lines)


def test_type_accelerator_lines_are_kept():
    text = "  //TypeAccelerator -Name X -TypeName Y\n// other\n"
    assert cs_ship.ship(text) == "//TypeAccelerator -Name X -TypeName Y\n\n"


def test_every_util_shrinks_and_keeps_its_line_count():
    for path in sorted((ROOT / "plugins" / "module_utils").glob("*.cs")):
        text = path.read_text(encoding="utf-8")
        shipped = cs_ship.ship(text)
        assert shipped.count("\n") == text.count("\n"), path.name
        assert len(shipped) < len(text), path.name


def test_built_tarball_carries_the_shipped_form_and_leaves_the_repository_alone(tmp_path):
    source = tmp_path / "src"
    (source / "plugins" / "module_utils").mkdir(parents=True)
    (source / "plugins" / "module_utils" / "_X.cs").write_text(SOURCE, encoding="utf-8")
    (source / "tests" / "output").mkdir(parents=True)
    (source / "tests" / "output" / "junk.txt").write_text("x", encoding="utf-8")
    (source / "galaxy.yml").write_text(
        "namespace: demo\nname: ship\nversion: 1.0.0\nreadme: README.md\nauthors: [a]\n", encoding="utf-8")
    (source / "README.md").write_text("demo\n", encoding="utf-8")
    assert build_collection.main([str(tmp_path / "dist"), str(source)]) == 0
    assert (source / "plugins" / "module_utils" / "_X.cs").read_text(encoding="utf-8") == SOURCE
    with tarfile.open(tmp_path / "dist" / "demo-ship-1.0.0.tar.gz") as tar:
        names = tar.getnames()
        shipped = tar.extractfile("plugins/module_utils/_X.cs").read().decode("utf-8")
    assert shipped == cs_ship.ship(SOURCE)
    assert not any(n.startswith("tests/output") for n in names)
