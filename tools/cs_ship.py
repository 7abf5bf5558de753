# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shipped form of the collection's C# utils: what a built collection carries.

    python tools/cs_ship.py FILE.cs...          # print each file's source and shipped size
    python tools/cs_ship.py --in-place DIR      # rewrite DIR/plugins/module_utils/*.cs (a staging copy)

Every task sends a module's C# utils to the host as text and compiles them there, so their bytes
are paid on every task on every host. The repository keeps the documented source; the built
collection (tools/build_collection.py) carries each util with its indentation and its whole-line
comments removed. Nothing else changes, and every line stays where it was, so a compiler error on a
host names the same line number as the source in the repository. Lines that ansible-core reads
(``//AssemblyReference``, ``//TypeAccelerator``) and the copyright and licence lines are kept;
code, strings and comments at the end of a code line are left as they are.
"""
from __future__ import annotations

import pathlib
import re
import sys

KEEP = re.compile(r"^//\s*(AssemblyReference|TypeAccelerator|AnsibleRequires|Copyright|GNU General Public License)\b",
                  re.IGNORECASE)


def ship(text):
    """The shipped form of one C# source text (same number of lines)."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("//") and not KEEP.match(stripped):
            stripped = ""
        out.append(stripped)
    return "\n".join(out)


def ship_tree(root):
    """Rewrite every util under ROOT/plugins/module_utils in place; returns [(name, before, after)]."""
    sizes = []
    for path in sorted(pathlib.Path(root, "plugins", "module_utils").glob("*.cs")):
        text = path.read_text(encoding="utf-8")
        shipped = ship(text)
        path.write_text(shipped, encoding="utf-8")
        sizes.append((path.name, len(text.encode("utf-8")), len(shipped.encode("utf-8"))))
    return sizes


def main(argv):
    if len(argv) == 2 and argv[0] == "--in-place":
        for name, before, after in ship_tree(argv[1]):
            print("%-32s %7d -> %7d bytes" % (name, before, after))
        return 0
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    for name in argv:
        text = pathlib.Path(name).read_text(encoding="utf-8")
        print("%-32s %7d -> %7d bytes" % (pathlib.Path(name).name, len(text), len(ship(text))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
