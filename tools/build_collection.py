# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the collection tarball with its C# utils in their shipped form.

    python tools/build_collection.py OUTPUT_DIR [SOURCE_DIR]

Copies SOURCE_DIR (default: this repository) to a staging directory, rewrites the C# utils there
with tools/cs_ship.py (indentation and whole-line comments removed, every line kept in place), and
runs ``ansible-galaxy collection build`` from the ansible-core beside this Python (run it with the
venv's python). The repository itself is never changed.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import cs_ship  # noqa: E402  pylint: disable=wrong-import-position

TOP_LEVEL = {".git", ".venv", ".venv-next", "dist", "build", "collections", ".pytest_cache"}


def ignore(source):
    """Skip the repository's own work directories (top level), test output and caches."""
    def _ignore(directory, names):
        skip = set(n for n in names if n in ("__pycache__", ".pytest_cache") or n.endswith(".tar.gz"))
        here = pathlib.Path(directory).resolve()
        if here == source:
            skip.update(n for n in names if n in TOP_LEVEL or n.startswith(".venv"))
        if here == source / "tests":
            skip.update(n for n in names if n == "output")
        return skip
    return _ignore


def main(argv):
    if len(argv) not in (1, 2):
        print(__doc__)
        return 2
    output = pathlib.Path(argv[0]).resolve()
    source = pathlib.Path(argv[1] if len(argv) == 2 else pathlib.Path(__file__).resolve().parent.parent).resolve()
    galaxy = pathlib.Path(sys.executable).parent / "ansible-galaxy"
    with tempfile.TemporaryDirectory(prefix="sessionctl-build.") as tmp:
        stage = pathlib.Path(tmp) / "windows"
        shutil.copytree(source, stage, ignore=ignore(source), symlinks=True)
        for name, before, after in cs_ship.ship_tree(stage):
            print("shipped form of %s: %d -> %d bytes" % (name, before, after))
        output.mkdir(parents=True, exist_ok=True)
        return subprocess.call([str(galaxy), "collection", "build", "--force", "--output-path", str(output)],
                               cwd=str(stage), env=dict(os.environ))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
