# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Linux workflow runs make test on ubuntu-latest on every pull request, with every action pinned to a commit,
a read-only token that is not kept in the checkout, and the Pythons the two ansible-core passes need; and the
Makefile's fast loops are each one layer of the same test runner."""
from __future__ import annotations

import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "linux-tests.yml"


def load():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(wf):
    return [s for job in wf["jobs"].values() for s in job.get("steps", [])]


def test_runs_make_test_on_ubuntu_latest_for_every_pull_request():
    wf = load()
    triggers = wf.get("on", wf.get(True))  # PyYAML reads the key `on` as True
    assert "pull_request" in triggers and not (triggers["pull_request"] or {}).get("paths")
    jobs = list(wf["jobs"].values())
    assert [j["runs-on"] for j in jobs] == ["ubuntu-latest"]
    assert [s["run"] for s in steps(wf) if "run" in s] == ["make test"]


def test_every_action_is_pinned_to_a_commit_and_the_token_is_read_only():
    wf = load()
    assert wf["permissions"] == {"contents": "read"}
    uses = [s["uses"] for s in steps(wf) if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    checkout = [s for s in steps(wf) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout and all(s["with"]["persist-credentials"] is False for s in checkout)


def test_sets_up_the_pythons_of_both_ansible_core_passes():
    wf = load()
    py = [s for s in steps(wf) if s.get("uses", "").startswith("actions/setup-python@")]
    versions = py[0]["with"]["python-version"].split()
    assert "3.11" in versions and "3.12" in versions


def test_the_fast_loops_are_layers_of_the_test_runner():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^unit csharp sanity lint workflows: bootstrap\n\tSESSIONCTL_LAYERS=\$@ tools/test_all.sh$", makefile, re.M)
    assert re.search(r"^test: bootstrap\n\ttools/test_all.sh$", makefile, re.M)
    assert re.search(r"^build: bootstrap-install$", makefile, re.M)
    runner = (ROOT / "tools" / "test_all.sh").read_text(encoding="utf-8")
    for layer in ("unit", "csharp", "lint", "sanity", "collection", "workflows"):
        assert "layer %s" % layer in runner
