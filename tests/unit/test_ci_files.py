# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What can be checked here of the Windows CI: the workflow, the inventory template, the playbooks
and the shared iSCSI loopback target. (The workflow itself only runs on a Windows runner.)"""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
WORKFLOW = ROOT / ".github" / "workflows" / "windows-integration.yml"
TARGETS = ROOT / "tests" / "integration" / "targets"
ISCSI_TARGETS = ["iscsi_session_info", "iscsi_initiator_logout", "iscsi_target_session_info",
                 "iscsi_target_session_stop", "iscsi_target_access_restore", "iscsi_target_session_stop_ioctl"]
PLAYBOOKS = sorted((ROOT / "playbooks").glob("*.yml"))

sys.path.insert(0, str(ROOT / "tools"))
import render_inventory  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="module")
def collections_path(tmp_path_factory):
    base = tmp_path_factory.mktemp("ci-files")
    (base / "ansible_collections" / "sessionctl").mkdir(parents=True)
    os.symlink(str(ROOT), str(base / "ansible_collections" / "sessionctl" / "windows"))
    return base


def ansible_env(collections_path):
    env = dict(os.environ)
    env.update({"ANSIBLE_COLLECTIONS_PATH": str(collections_path), "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_HOME": str(collections_path / "home"), "PATH": str(BIN) + os.pathsep + env.get("PATH", "")})
    env.pop("ANSIBLE_CONFIG", None)
    return env


# ------------------------------------------------------------------ workflow
@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def all_steps(workflow):
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_workflow_has_triggers_and_jobs(workflow):
    # PyYAML (YAML 1.1) reads the key `on` as True
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict) and "workflow_dispatch" in triggers and "pull_request" in triggers
    assert isinstance(workflow["jobs"], dict) and workflow["jobs"]


def test_workflow_runs_on_windows_server_runners(workflow):
    runners = []
    for job in workflow["jobs"].values():
        runs_on = job["runs-on"]
        if "matrix.os" in str(runs_on):
            runners += job["strategy"]["matrix"]["os"]
        else:
            runners.append(runs_on)
    assert runners and all(re.match(r"^windows-20(22|25)$", r) for r in runners), runners
    assert "windows-2022" in runners


def test_workflow_sets_up_the_host_and_runs_every_target(workflow):
    runs = "\n".join(s.get("run", "") for s in all_steps(workflow))
    assert "New-LocalUser" in runs and "Add-LocalGroupMember -Group Administrators" in runs
    assert "-Transport HTTPS" in runs and "5986" in runs
    assert "Install-WindowsFeature -Name FS-iSCSITarget-Server" in runs
    assert "tools/render_inventory.py" in runs
    joined = runs.replace("\\\n", " ")
    [cmd] = [line for line in joined.splitlines() if "ansible-test windows-integration" in line]
    args = cmd.split("ansible-test windows-integration", 1)[1].split("||")[0].split()
    assert "--inventory" in args
    # no target names: every target runs
    targets = {p.name for p in TARGETS.iterdir()}
    assert not targets & set(args), args


def test_workflow_uploads_tests_output_even_on_failure(workflow):
    uploads = [s for s in all_steps(workflow) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(uploads) == 1
    assert uploads[0]["if"] == "always()"
    assert uploads[0]["with"]["path"].endswith("tests/output")


def test_workflow_pins_every_action_to_a_commit_and_drops_the_token(workflow):
    """zizmor's unpinned-uses and artipacked audits, also checked here: a full commit hash with the version in a
    comment, and actions/checkout does not leave its token in .git/config."""
    lines = [ln.strip() for ln in WORKFLOW.read_text(encoding="utf-8").splitlines() if ln.strip().startswith("uses:")]
    assert lines
    for line in lines:
        assert re.fullmatch(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", line), line
    checkouts = [s for s in all_steps(workflow) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_workflow_says_it_is_unverified():
    assert "NOT VERIFIED" in WORKFLOW.read_text(encoding="utf-8")


# ------------------------------------------------------------------ inventory template
def test_inventory_template_renders_to_an_inventory_ansible_reads(tmp_path, collections_path):
    out = tmp_path / "inventory.winrm"
    rc = render_inventory.main(["--output", str(out), "HOST=127.0.0.1", "USER=ansible", "PASSWORD=Sc1-0123abcd",
                                "CERT_VALIDATION=ignore"])
    assert rc == 0
    assert not re.search(r"@[A-Z_]+@", out.read_text(encoding="utf-8"))
    proc = subprocess.run([str(BIN / "ansible-inventory"), "-i", str(out), "--list"], capture_output=True, text=True,
                          env=ansible_env(collections_path), timeout=60, check=True)
    inv = json.loads(proc.stdout)
    assert inv["windows"]["hosts"] == ["windows-host"]
    hv = inv["_meta"]["hostvars"]["windows-host"]
    assert hv["ansible_host"] == "127.0.0.1"
    assert hv["ansible_port"] == 5986
    assert hv["ansible_connection"] == "winrm"
    assert hv["ansible_winrm_transport"] == "ntlm"
    assert hv["ansible_winrm_scheme"] == "https"
    assert hv["ansible_winrm_server_cert_validation"] == "ignore"
    assert hv["ansible_password"] == "Sc1-0123abcd"


def test_inventory_values_come_from_the_environment(tmp_path, monkeypatch):
    out = tmp_path / "inv"
    monkeypatch.setenv("SESSIONCTL_WIN_HOST", "192.0.2.5")
    monkeypatch.setenv("SESSIONCTL_WIN_USER", "ansible")
    monkeypatch.setenv("SESSIONCTL_WIN_PASSWORD", "pw-1")
    assert render_inventory.main(["--output", str(out)]) == 0
    assert "ansible_host=192.0.2.5 " in out.read_text(encoding="utf-8")
    assert not re.search(r"@[A-Z_]+@", out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("values, needle", [
    (["HOST=h", "USER=u"], "no value for PASSWORD"),
    (["HOST=h", "USER=u", "PASSWORD=a b"], "value of PASSWORD"),
    (["HOST=h", "USER=u", "PASSWORD=x#y"], "value of PASSWORD"),
    (["HOST"], "expected NAME=value"),
])
def test_inventory_renderer_refuses_missing_or_unsafe_values(tmp_path, capsys, monkeypatch, values, needle):
    for key in list(os.environ):
        if key.startswith("SESSIONCTL_WIN_"):
            monkeypatch.delenv(key)
    assert render_inventory.main(["--output", str(tmp_path / "inv")] + values) == 1
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "inv").exists()


# ------------------------------------------------------------------ playbooks
def test_the_playbooks_exist():
    assert [p.name for p in PLAYBOOKS] == ["_check_run.yml", "decommission.yml", "drain_rds_host.yml", "field_check.yml",
                                           "iscsi_disconnect.yml", "restore.yml"]


def test_every_playbook_passes_syntax_check(collections_path):
    proc = subprocess.run([str(BIN / "ansible-playbook"), "--syntax-check", "-i", "localhost,"]
                          + [str(p) for p in PLAYBOOKS],
                          capture_output=True, text=True, env=ansible_env(collections_path), timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# Play variables outrank host_vars and group_vars: a playbook may only set its own defaults through
# drain_play_defaults (read by the role's defaults), switch off the steps that are not its purpose, and name the survey
# answers it takes. Per-host settings (targets, initiators, selection, message) must never be play variables.
PLAY_VARS_ALLOWED = {"drain_play_defaults", "drain_survey_only", "drain_target_initiators_seen", "field_check_missing_id",
                     "field_check_points",
                     "drain_rds_logon_mode", "drain_rds_restore_logon_mode", "drain_rds_logoff", "drain_rds_warn",
                     "drain_iscsi_logout", "drain_target_stop"}


@pytest.mark.parametrize("playbook", [p for p in PLAYBOOKS if not p.name.startswith("_")], ids=lambda p: p.name)
def test_playbooks_need_target_hosts_and_let_the_inventory_win(playbook):
    plays = yaml.safe_load(playbook.read_text(encoding="utf-8"))
    assert plays[0] == {"name": plays[0]["name"], "ansible.builtin.import_playbook": "_check_run.yml"}
    for play in plays[1:]:
        assert set(play.get("vars") or {}) <= PLAY_VARS_ALLOWED, play["name"]
        if play["hosts"] == "localhost":
            continue
        assert play["gather_facts"] is False
        assert play["hosts"].startswith(("{{ target_hosts", "{{ drain_target_servers")), play["hosts"]
        assert "all" not in play["hosts"]
        if playbook.name != "field_check.yml":
            assert play["serial"] == "{{ drain_batch | default('100%', true) }}"
            assert "drain_max_fail_percentage" in play["max_fail_percentage"]
            roles = [r["role"] for r in play.get("roles", [])]
            roles += [t["ansible.builtin.include_role"]["name"] for t in play.get("tasks", [])
                      if "ansible.builtin.include_role" in t]
            assert roles and all(r == "sessionctl.windows.drain" for r in roles), play["name"]
            assert all(not r.get("vars") for r in play.get("roles", []) if isinstance(r, dict)), play["name"]
    for point in ("target_hosts is not set",):
        assert point in (ROOT / "playbooks" / "_check_run.yml").read_text(encoding="utf-8")


# ------------------------------------------------------------------ shared iSCSI loopback target
def test_setup_iscsi_loopback_has_setup_and_cleanup():
    base = TARGETS / "setup_iscsi_loopback"
    main = (base / "tasks" / "main.yml").read_text(encoding="utf-8")
    for needle in ("FS-iSCSITarget-Server", "New-IscsiVirtualDisk", "New-IscsiServerTarget",
                   "Add-IscsiVirtualDiskTargetMapping", "Connect-IscsiTarget"):
        assert needle in main
    cleanup = (base / "tasks" / "cleanup.yml").read_text(encoding="utf-8")
    for needle in ("Disconnect-IscsiTarget", "Remove-IscsiServerTarget", "Remove-IscsiVirtualDisk"):
        assert needle in cleanup


@pytest.mark.parametrize("target", ISCSI_TARGETS)
def test_iscsi_targets_depend_on_the_shared_loopback(target):
    base = TARGETS / target
    meta = yaml.safe_load((base / "meta" / "main.yml").read_text(encoding="utf-8"))
    deps = [d["role"] if isinstance(d, dict) else d for d in meta["dependencies"]]
    assert deps == ["setup_iscsi_loopback"]
    assert not (base / "tasks" / "setup_loopback.yml").exists()
    assert not (base / "tasks" / "cleanup_loopback.yml").exists()
    main = yaml.safe_load((base / "tasks" / "main.yml").read_text(encoding="utf-8"))
    cleanup = main[0]["always"][0]["ansible.builtin.include_role"]
    assert cleanup == {"name": "setup_iscsi_loopback", "tasks_from": "cleanup.yml"}


@pytest.mark.parametrize("target", ISCSI_TARGETS)
def test_iscsi_target_variables_are_all_defined(target):
    """Every iscsi_ini_*/iscsi_tgt_* name tests.yml uses is defined (defaults) or set in tests.yml itself."""
    base = TARGETS / target
    tests = (base / "tasks" / "tests.yml").read_text(encoding="utf-8")
    defaults = yaml.safe_load((base / "defaults" / "main.yml").read_text(encoding="utf-8")) or {}
    used = set(re.findall(r"\b(iscsi_(?:ini|tgt)_[a-z_]+)\b", tests))
    set_here = set(re.findall(r"^\s*(?:register:\s*)?(iscsi_(?:ini|tgt)_[a-z_]+)(?::|\s*$)", tests, re.M))
    assert used - set(defaults) - set_here == set()
    loopback_facts = {"iscsi_loopback_name", "iscsi_loopback_dir", "iscsi_loopback_portal", "iscsi_loopback_vhdx",
                      "iscsi_loopback_iqn", "iscsi_loopback_initiator", "iscsi_loopback_session_id",
                      "iscsi_loopback_disk"}
    for value in defaults.values():
        for name in re.findall(r"\b(iscsi_loopback_[a-z_]+)\b", str(value)):
            assert name in loopback_facts
