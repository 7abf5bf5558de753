# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's page is written for operators (issue 19 item 10), checked for every plugins/modules/*.py:

- its ``ansible-doc`` page is at most 500 lines. The page is rendered by the real ``ansible-doc`` (one call for all
  modules, split at each ``> MODULE`` header), as an operator sees it without a terminal: ``ansible-doc`` then wraps at
  79 columns (``Display._set_column_width``). It is rendered twice: with ansible's default colour settings (what
  ``ansible-doc X | wc -l`` measures) and with ``ANSIBLE_NOCOLOR=1`` (markup as ``[...]`` and ``*...*``, which can
  wrap onto more lines); both must stay within the limit;
- the operator text - ``short_description``, ``description`` and every option's ``description`` (suboptions too) -
  names no Windows API: no function, interface, class, structure or constant of the Windows SDK or WMI/CIM
  (``API`` below). The rule: such names belong in ``notes``, ``seealso`` and the guides' "How it works" sections.
  ``RETURN`` may name them where a field holds the API's value (``return_value`` is what ``RequestStateChange``
  answered, ``error.name`` is a Windows code's name), and ``attributes`` details and ``EXAMPLES`` are not checked;
  cmdlets (``Get-IscsiServerTarget``) and ID forms an operator types (``IQN:*``) are operator words, not API;
- no module page, role doc, guide or README speaks of releases of this collection that do not exist
  (``RELEASE_TALK``: "earlier versions", "formerly", "was renamed", "no longer accepts", ...): nothing is released
  before 0.1.0, so every text describes the collection as it is.
"""
from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[4]
MODULES = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
MAX_LINES = 500

API = re.compile(
    r"\b(WTS[A-Z]\w*|WTS_\w+|LogoutIScsiTarget\w*|RemoveIScsi\w*|AddIScsi\w*|GetIScsi\w*|ReportIScsi\w*|"
    r"GetDevicesForIScsi\w*|LogoutFromTarget|IVds\w*|VDS_[ESN]_\w+|ISCSI_[A-Z_]+|ISDSC_\w+|ISCSITGT_\w+|"
    r"SRB_IO_CONTROL|SRB_STATUS_\w+|IOCTL_\w+|FSCTL_\w+|DeviceIoControl|CoInitializeSecurity|"
    r"WT_[A-Za-z]\w*|MSISCSITARGET_\w+|CIM_[A-Z]\w*|Win32_[A-Z]\w*|RequestStateChange|SetAllowTSConnections|"
    r"WBEM_[ES]_\w+|\w+\.dll)\b")

RELEASE_TALK = re.compile(
    r"\b(earlier|previous|prior|older|former|old|past) (versions?|releases?)\b|\bformerly\b|\bwas renamed\b|"
    r"\brenamed (from|to)\b|\b(before|until|since|as of|prior to) (version |release )?0\.\d|"
    r"\bno longer (accepts?|takes?|supports?|selects?|exists?|offers?|has|have|needs?|requires?|calls?|uses?)\b|"
    r"\bused to (be|take|accept|select|call|need|use)\b",
    re.IGNORECASE)


def module_source(name):
    return (ROOT / "plugins" / "modules" / (name + ".py")).read_text(encoding="utf-8")


def documentation(name):
    ns = {}
    exec(compile(module_source(name), name, "exec"), ns)  # pylint: disable=exec-used
    return yaml.safe_load(ns["DOCUMENTATION"])


def _lines(value):
    return [value] if isinstance(value, str) else list(value or [])


def operator_texts(doc):
    """(where, text) for the short_description, each description line and each option's (and suboption's)
    description line."""
    texts = [("short_description", doc.get("short_description", ""))]
    texts += [("description", line) for line in _lines(doc.get("description"))]

    def options(opts, prefix):
        for opt, spec in (opts or {}).items():
            texts.extend(("option " + prefix + opt, line) for line in _lines(spec.get("description")))
            options(spec.get("suboptions"), prefix + opt + ".")

    options(doc.get("options"), "")
    return texts


def api_names(doc):
    """The Windows API names the operator text of a DOCUMENTATION dict uses: [(where, name)]."""
    return [(where, m.group(0)) for where, text in operator_texts(doc) for m in API.finditer(text)]


def release_talk(text):
    """The phrases of text that speak of releases that do not exist."""
    return [m.group(0) for m in RELEASE_TALK.finditer(" ".join(text.split()))]


def render_pages(names, color=True):
    """{module: its ansible-doc page as lines}, rendered by one ansible-doc call against this checkout."""
    ansible_doc = pathlib.Path(sys.executable).parent / "ansible-doc"
    if not ansible_doc.exists():
        pytest.skip("ansible-doc is not installed next to this python")
    import tempfile  # pylint: disable=import-outside-toplevel
    base = pathlib.Path(tempfile.mkdtemp(prefix="sessionctl-doc-"))
    (base / "ansible_collections" / "sessionctl").mkdir(parents=True)
    (base / "ansible_collections" / "sessionctl" / "windows").symlink_to(ROOT)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ANSIBLE_NOCOLOR", "ANSIBLE_FORCE_COLOR")}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(base))
    if not color:
        env["ANSIBLE_NOCOLOR"] = "1"
    out = subprocess.run([str(ansible_doc)] + ["sessionctl.windows." + n for n in names], env=env,
                         capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL).stdout
    pages, current = {}, None
    for line in out.splitlines():
        header = re.match(r"> MODULE sessionctl\.windows\.(\w+) ", re.sub(r"\x1b\[[0-9;]*m", "", line))
        if header:
            current = header.group(1)
            pages[current] = []
        if current is not None:
            pages[current].append(line)
    return pages


@pytest.fixture(scope="module")
def pages():
    return {"default": render_pages(MODULES), "no colour": render_pages(MODULES, color=False)}


@pytest.mark.parametrize("name", MODULES)
@pytest.mark.parametrize("rendering", ["default", "no colour"])
def test_ansible_doc_page_is_at_most_500_lines(name, rendering, pages):
    page = pages[rendering].get(name)
    assert page, "ansible-doc did not render %s" % name
    assert len(page) <= MAX_LINES, "%s: ansible-doc page (%s) is %d lines (at most %d)" % (
        name, rendering, len(page), MAX_LINES)


@pytest.mark.parametrize("name", MODULES)
def test_operator_text_names_no_windows_api(name):
    found = api_names(documentation(name))
    assert not found, "%s names Windows API in operator text (move it to notes or the guide's How it works): %s" % (
        name, found)


def release_talk_files():
    files = [ROOT / "plugins" / "modules" / (n + ".py") for n in MODULES]
    files += [ROOT / "README.md"] + sorted((ROOT / "docs" / "docsite" / "rst").glob("*.rst"))
    files += sorted((ROOT / "roles").glob("*/README.md")) + sorted((ROOT / "roles").glob("*/meta/*.yml"))
    files += sorted((ROOT / "plugins" / "filter").glob("*.yml"))
    return [f for f in files if f.exists()]


@pytest.mark.parametrize("path", release_talk_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_text_about_releases_that_do_not_exist(path):
    found = release_talk(path.read_text(encoding="utf-8"))
    assert not found, "%s speaks of releases that do not exist: %s" % (path.relative_to(ROOT), found)


# The checks themselves: each must catch a page that breaks its rule.

def test_api_check_catches_api_names_in_operator_text_only():
    doc = {"short_description": "End sessions with WTSLogoffSession",
           "description": ["Calls C(MSISCSITARGET_iSCSISession.RequestStateChange)."],
           "options": {"signature": {"description": ["The C(SRB_IO_CONTROL.Signature)."]},
                       "target": {"description": "Given by C(WT_Host.HostName).",
                                  "suboptions": {"x": {"description": ["Via IVdsService::IsServiceReady."]}}},
                       "server": {"description": ["The host, as C(Get-IscsiServerTarget) shows it; C(IQN:*)."]}},
           "notes": ["Calls C(LogoutIScsiTarget) and C(Win32_TerminalServiceSetting)."]}
    found = api_names(doc)
    assert [n for _kind, n in found] == ["WTSLogoffSession", "MSISCSITARGET_iSCSISession", "RequestStateChange",
                                         "SRB_IO_CONTROL", "WT_Host", "IVdsService"]
    assert ("option target.x", "IVdsService") in found


def test_release_check_catches_talk_about_releases():
    for text in ("Earlier versions passed NULL.", "formerly V(ioctl)", "the option was renamed", "before 0.1.0",
                 "It no longer accepts\n  an empty string.", "in previous releases"):
        assert release_talk(text), text
    for text in ("a session no longer listed is already_gone", "version_added: 0.1.0",
                 "the sessions are listed again", "Windows Server 2012 R2 and later"):
        assert not release_talk(text), text


def test_page_split_counts_each_module_alone(pages):
    """The one-call rendering gives each page the lines ansible-doc prints for that module alone."""
    name = MODULES[0]
    alone = render_pages([name])[name]
    assert pages["default"][name][1:] == alone[1:]  # the header names the temporary path
