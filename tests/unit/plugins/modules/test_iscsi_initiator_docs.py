# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The iSCSI initiator modules' pages are written for operators: short, options in operator words, Windows API
detail in the guide (docs/docsite/rst/guide_iscsi_decommission.rst, "How it works")."""
from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[4]
MODULES = ("iscsi_initiator_logout", "iscsi_session_info")
API = re.compile(r"\b(LogoutIScsiTarget\w*|RemoveIScsi\w*|GetIScsi\w*|GetDevicesForIScsi\w*|ReportIScsi\w*|IVds\w*|"
                 r"LogoutFromTarget|ISCSI_\w+|ISDSC_\w+|VDS_[ES]_\w+|IOCTL_\w+|FSCTL_\w+|CoInitializeSecurity|"
                 r"iscsidsc\.dll)\b")


def source(name):
    return (ROOT / "plugins" / "modules" / (name + ".py")).read_text(encoding="utf-8")


def documentation(name):
    ns = {}
    exec(compile(source(name), name, "exec"), ns)  # pylint: disable=exec-used
    return yaml.safe_load(ns["DOCUMENTATION"])


@pytest.mark.parametrize("name", MODULES)
def test_options_and_description_name_no_windows_api(name):
    doc = documentation(name)
    texts = [("description", " ".join(doc["description"]))]
    texts += [(opt, " ".join(spec["description"])) for opt, spec in doc["options"].items()]
    for where, text in texts:
        found = API.search(text)
        assert not found, "%s: %s names %s; say it in the guide's How it works" % (name, where, found.group(0))


@pytest.mark.parametrize("name", MODULES)
def test_no_text_about_releases_that_do_not_exist(name):
    assert not re.search(r"(earlier|previous|older|former) (version|release)", source(name), re.IGNORECASE)


@pytest.mark.parametrize("name", MODULES)
def test_ansible_doc_page_is_at_most_500_lines(name, tmp_path):
    ansible_doc = pathlib.Path(sys.executable).parent / "ansible-doc"
    if not ansible_doc.exists():
        pytest.skip("ansible-doc is not installed next to this python")
    (tmp_path / "ansible_collections" / "sessionctl").mkdir(parents=True)
    (tmp_path / "ansible_collections" / "sessionctl" / "windows").symlink_to(ROOT)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path), ANSIBLE_NOCOLOR="1")
    page = subprocess.run([str(ansible_doc), "sessionctl.windows." + name], env=env, capture_output=True, text=True,
                          check=True).stdout
    assert len(page.splitlines()) <= 500, len(page.splitlines())


def test_guide_states_the_order_the_module_runs():
    """The engine logs out (Act: LogOutGroup), then removes the persistent logins (RemoveLogins), then lists again."""
    guide = (ROOT / "docs" / "docsite" / "rst" / "guide_iscsi_decommission.rst").read_text(encoding="utf-8")
    flat = " ".join(guide.split())
    assert "remove the persistent logins, then log out" not in flat
    assert "**log out, remove the persistent logins, then verify**" in flat
    assert "How it works" in guide
