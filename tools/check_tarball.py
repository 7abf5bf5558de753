# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check a built collection tarball: it must hold the collection and nothing of the work tree.

    python tools/check_tarball.py sessionctl-windows-X.Y.Z.tar.gz
"""
from __future__ import annotations

import re
import sys
import tarfile

FORBIDDEN = [
    (re.compile(r"(^|/)tests/output(/|$)"), "test output"),
    (re.compile(r"(^|/)\.venv[^/]*(/|$)"), "a virtualenv"),
    (re.compile(r"(^|/)\.git(/|$)"), "VCS data"),
    (re.compile(r"(^|/)(dist|build|collections)/"), "build output"),
    (re.compile(r"\.tar\.gz$"), "a nested tarball"),
    (re.compile(r"(^|/)__pycache__(/|$)|\.pyc$"), "Python bytecode"),
    (re.compile(r"(^|/)\.pytest_cache(/|$)"), "pytest cache"),
]
REQUIRED = ["MANIFEST.json", "FILES.json", "README.md", "COPYING", "meta/runtime.yml",
            "meta/execution-environment.yml", "requirements.txt", "bindep.txt",
            "plugins/filter/win_error.py", "plugins/plugin_utils/_error_catalog.py",
            "plugins/module_utils/_ErrorCatalog.cs"]


def main(argv):
    if len(argv) != 1:
        print(__doc__)
        return 2
    with tarfile.open(argv[0]) as tar:
        names = [n.lstrip("./") for n in tar.getnames()]
    problems = []
    for name in names:
        for rx, what in FORBIDDEN:
            if rx.search(name):
                problems.append("%s is %s" % (name, what))
    for req in REQUIRED:
        if req not in names:
            problems.append("%s is missing" % req)
    for p in problems:
        print("FAIL", p)
    print("%d entries checked, %d problems" % (len(names), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
