# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make ``ansible_collections.sessionctl.windows`` importable from a plain checkout."""
from __future__ import annotations

import os
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _collection_parent():
    parts = ROOT.parts
    if len(parts) >= 3 and parts[-3:] == ("ansible_collections", "sessionctl", "windows"):
        return str(ROOT.parents[2])
    base = pathlib.Path(tempfile.mkdtemp(prefix="sessionctl-unit-"))
    (base / "ansible_collections" / "sessionctl").mkdir(parents=True)
    os.symlink(str(ROOT), str(base / "ansible_collections" / "sessionctl" / "windows"))
    return str(base)


if "ansible_collections.sessionctl.windows" not in sys.modules:
    sys.path.insert(0, _collection_parent())
