# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Release metadata agrees with what is released and tested: the first release's changelog is a summary (nothing
released can have been fixed, broken or deprecated), the role's platforms are the README's support matrix, and
requires_ansible admits only the ansible-core releases the test command runs sanity and units on."""
from __future__ import annotations

import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load(path):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def test_before_the_first_release_fragments_describe_it_and_fix_nothing():
    releases = load("changelogs/changelog.yaml").get("releases") or {}
    fragments = sorted((ROOT / "changelogs" / "fragments").glob("*.yml"))
    summaries = []
    for path in fragments:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not releases:
            # the first release is its summary (antsibull-changelog lists the new modules, filters and playbooks
            # itself); a change to code that was never released is part of that release, not an entry of its own
            bad = sorted(set(data) - {"release_summary", "known_issues"})
            assert not bad, "%s: %s for code that was never released; describe it in the 0.1.0 release summary " \
                "instead" % (path.name, ", ".join(bad))
        if "release_summary" in data:
            summaries.append(path.name)
    assert summaries == ["0.1.0.yml"]


def readme_server_versions():
    """The Windows Server rows of the README's support matrix that are not best effort."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (20\d\d(?: R2)?)(?: \(([^)]*)\))? \|", text, re.M)
    assert rows, "no support matrix rows in README.md"
    return [v.replace(" ", "") for v, note in rows if "best effort" not in note]


def test_role_platforms_are_the_supported_servers_of_the_readme():
    meta = load("roles/drain/meta/main.yml")["galaxy_info"]
    versions = [p for platform in meta["platforms"] if platform["name"] == "Windows" for p in platform["versions"]]
    assert sorted(versions) == sorted(readme_server_versions())


def cores_under_test():
    """ansible-core X.Y of each venv the test command builds (requirements-install.txt, requirements-dev-next.txt)."""
    cores = []
    for req in ("requirements-install.txt", "requirements-dev-next.txt"):
        m = re.search(r"^ansible-core\s*(?:==|~=|>=)\s*(\d+)\.(\d+)", (ROOT / req).read_text(encoding="utf-8"), re.M)
        assert m, req
        cores.append((int(m.group(1)), int(m.group(2))))
    return cores


def test_requires_ansible_admits_only_the_cores_under_test():
    spec = load("meta/runtime.yml")["requires_ansible"]
    low = re.search(r">=\s*(\d+)\.(\d+)", spec)
    assert low, spec
    cores = cores_under_test()
    # the lowest release admitted is the oldest one tested; ansible-core 2.19 is the oldest upstream still maintains
    assert (int(low.group(1)), int(low.group(2))) == min(cores) and min(cores) >= (2, 19), (spec, cores)
    high = re.search(r"<\s*(\d+)\.(\d+)", spec)
    assert high and (int(high.group(1)), int(high.group(2))) == (max(cores)[0], max(cores)[1] + 1), (spec, cores)
    role = load("roles/drain/meta/main.yml")["galaxy_info"]["min_ansible_version"]
    assert tuple(int(x) for x in str(role).split(".")[:2]) == min(cores)
