# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drain role, run for real with ansible-playbook against a local Linux host.

Nothing here reaches Windows. What can be proved on Linux: the argument validation rejects bad
variables before any task runs, the role with no variables ends nothing (every module step is
skipped, in check mode and for real), a step switched on without a selector is refused before any
module runs, and a failed step holds back the later steps of the host while the role fails at the end
(the modules cannot run here, so switching a step on makes it fail: a real failure to summarise).
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
BIN = pathlib.Path(sys.executable).parent

# A stdout callback that records every task event and the stats as one JSON document.
RECORDER = textwrap.dedent('''
    from __future__ import annotations
    import json
    from ansible.plugins.callback import CallbackBase

    DOCUMENTATION = """
    name: record
    type: stdout
    short_description: record task events as JSON (test helper)
    description: test helper
    """


    class CallbackModule(CallbackBase):
        CALLBACK_VERSION = 2.0
        CALLBACK_TYPE = "stdout"
        CALLBACK_NAME = "record"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.events = []

        def _add(self, kind, result):
            task = result._task
            args = dict((k, v) for k, v in (result._task_fields.get("args") or {}).items()
                        if not k.startswith("_ansible_"))
            self.events.append({"event": kind, "task": task.get_name(), "action": task.action,
                                "args": json.loads(json.dumps(args, default=str)),
                                "result": json.loads(json.dumps(result._result, default=str))})

        def v2_playbook_on_task_start(self, task, is_conditional):
            self.events.append({"event": "start", "task": task.get_name(), "action": task.action})

        def v2_runner_on_ok(self, result):
            self._add("ok", result)

        def v2_runner_on_failed(self, result, ignore_errors=False):
            self._add("failed_ignored" if ignore_errors else "failed", result)

        def v2_runner_on_skipped(self, result):
            self._add("skipped", result)

        def v2_runner_on_unreachable(self, result):
            self._add("unreachable", result)

        def v2_playbook_on_stats(self, stats):
            s = stats.summarize("localhost")
            self._display.display(json.dumps({"events": self.events, "stats": s}))
''')

PLAYBOOK = textwrap.dedent('''
    - name: Apply the drain role on the local host
      hosts: localhost
      gather_facts: false
      roles:
        - role: sessionctl.windows.drain
''')

INTERFACE_MODULES = ("rds_message", "iscsi_target_access_restore")

MODULE_ACTIONS = {
    "sessionctl.windows.rds_message",
    "sessionctl.windows.iscsi_target_access_restore",
    "sessionctl.windows.rds_logon_mode",
    "sessionctl.windows.rds_logoff",
    "sessionctl.windows.iscsi_initiator_logout",
    "sessionctl.windows.iscsi_target_session_stop",
}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    base = tmp_path_factory.mktemp("drain-role")
    coll = base / "collections" / "ansible_collections" / "sessionctl"
    coll.mkdir(parents=True)
    shutil.copytree(str(ROOT), str(coll / "windows"), symlinks=True,
                    ignore=shutil.ignore_patterns(".git", ".venv*", "output", "__pycache__", "dist", "build"))
    # modules of the collection-wide interface (rds_message, iscsi_target_access_restore) that the role calls and
    # another part of the tree provides: a placeholder so the role parses; like every module here, it cannot run
    for name in INTERFACE_MODULES:
        mod = coll / "windows" / "plugins" / "modules" / (name + ".ps1")
        if not mod.exists():
            mod.write_text("#!powershell\n#AnsibleRequires -CSharpUtil Ansible.Basic\n", encoding="utf-8")
    cb = base / "callbacks"
    cb.mkdir()
    (cb / "record.py").write_text(RECORDER, encoding="utf-8")
    (base / "play.yml").write_text(PLAYBOOK, encoding="utf-8")
    environ = dict(os.environ)
    environ.update({
        "ANSIBLE_COLLECTIONS_PATH": str(base / "collections"),
        "ANSIBLE_CALLBACK_PLUGINS": str(cb),
        "ANSIBLE_STDOUT_CALLBACK": "record",
        "ANSIBLE_LOCAL_TEMP": str(base / "tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_HOME": str(base / "home"),
        "PATH": str(BIN) + os.pathsep + environ.get("PATH", ""),
    })
    environ.pop("ANSIBLE_CONFIG", None)
    return {"base": base, "environ": environ}


def module_options(name):
    """The option names of a module: its DOCUMENTATION with the collection-wide option names (tools/fleet_sim.py)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import fleet_sim
    finally:
        sys.path.pop(0)
    return set(fleet_sim.spec_for(name))


def run_role(env, extra_vars=None, check=False, playbook=None):
    cmd = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local",
           str(playbook or (env["base"] / "play.yml")),
           # modules of this collection cannot run on Linux: make sure no PowerShell is ever found
           "-e", json.dumps({"ansible_powershell_interpreter": "/nonexistent/powershell"})]
    if extra_vars is not None:
        cmd += ["-e", json.dumps(extra_vars)]
    if check:
        cmd.append("--check")
    proc = subprocess.run(cmd, env=env["environ"], capture_output=True, text=True, timeout=120, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith('{"events"')]
    assert lines, "no recorder output:\n%s\n%s" % (proc.stdout, proc.stderr)
    doc = json.loads(lines[-1])
    return proc.returncode, doc["events"], doc["stats"]


def summary_fact(events):
    facts = [e["result"]["ansible_facts"]["drain_summary"] for e in results(events)
             if e["action"] == "ansible.builtin.set_fact" and "drain_summary" in e["result"].get("ansible_facts", {})]
    assert len(facts) == 1, facts
    return facts[0]


def started(events):
    return [e for e in events if e["event"] == "start"]


def results(events):
    return [e for e in events if e["event"] != "start"]


@pytest.mark.parametrize(
    "extra_vars, needle",
    [
        ({"drain_rds_states": ["gone"]}, "drain_rds_states must be one or more of"),
        ({"drain_rds_grace_period": "five minutes"}, "drain_rds_grace_period"),
        ({"drain_iscsi_busy": "force"}, "drain_iscsi_busy must be one of"),
        ({"drain_rds_session_ids": ["three"]}, "drain_rds_session_ids"),
        ({"drain_target_stop": "maybe"}, "drain_target_stop"),
    ],
    ids=["bad-choice", "wrong-type-int", "bad-choice-str", "wrong-element-type", "wrong-type-bool"],
)
def test_bad_variable_fails_in_the_validation_task_before_any_other_task(env, extra_vars, needle):
    rc, events, stats = run_role(env, extra_vars)
    assert rc != 0
    assert [e["action"] for e in started(events)] == ["ansible.builtin.validate_argument_spec"]
    [only] = results(events)
    assert only["event"] == "failed"
    assert only["action"] == "ansible.builtin.validate_argument_spec"
    assert "Validation of arguments failed" in only["result"]["msg"]
    assert needle in only["result"]["msg"]
    assert stats["failures"] == 1 and stats["ok"] == 0 and stats["changed"] == 0


@pytest.mark.parametrize("check", [True, False], ids=["check-mode", "real-run"])
def test_no_variables_ends_nothing(env, check):
    rc, events, stats = run_role(env, check=check)
    assert rc == 0
    module_events = [e for e in results(events) if e["action"] in MODULE_ACTIONS]
    assert {e["action"] for e in module_events} == MODULE_ACTIONS - {"sessionctl.windows.iscsi_target_access_restore"}
    assert all(e["event"] == "skipped" for e in module_events), module_events
    fact = summary_fact(events)
    assert fact["ok"] is True
    assert fact["changed"] is False
    assert all(n == 0 for n in fact["totals"].values())
    assert fact["order"] == ["rds_logon_mode", "rds_message", "rds_logoff", "iscsi_logout", "iscsi_target_stop",
                             "rds_logon_mode_restore"]
    assert [fact["steps"][s]["status"] for s in fact["order"]] == ["off"] * 6
    final = [e for e in results(events) if e["action"] == "ansible.builtin.fail"]
    assert [e["event"] for e in final] == ["skipped"]
    assert stats["failures"] == 0 and stats["changed"] == 0 and stats["ignored"] == 0


@pytest.mark.parametrize(
    "extra_vars",
    [
        {"drain_rds_logoff": True},
        {"drain_rds_warn": True, "drain_rds_users": ["alice"]},
        {"drain_iscsi_logout": True, "drain_iscsi_portal": "192.0.2.10"},
        {"drain_target_stop": True},
    ],
    ids=["rds-without-selector", "warn-without-logoff", "iscsi-without-target", "target-without-initiator"],
)
def test_a_step_without_a_selector_is_refused_before_any_module_runs(env, extra_vars):
    rc, events, _stats = run_role(env, extra_vars, check=True)
    assert rc != 0
    assert not [e for e in events if e["action"] in MODULE_ACTIONS]
    failed = [e for e in results(events) if e["event"] == "failed"]
    assert len(failed) == 1 and failed[0]["action"] == "ansible.builtin.assert"
    assert "Nothing was ended" in failed[0]["result"]["msg"]


FAILING_STEPS = {"drain_rds_logoff": True, "drain_rds_all": True,
                 "drain_target_stop": True, "drain_target_initiators": ["iqn.1991-05.com.microsoft:web01"]}


def test_a_failed_step_stops_the_later_steps_of_the_host_and_the_summary_says_why(env):
    rc, events, stats = run_role(env, FAILING_STEPS)
    assert rc != 0
    seq = [(e["action"], e["event"]) for e in results(events)]
    module_seq = [s for s in seq if s[0] in MODULE_ACTIONS]
    assert module_seq == [
        ("sessionctl.windows.rds_logon_mode", "skipped"),
        ("sessionctl.windows.rds_message", "skipped"),
        ("sessionctl.windows.rds_logoff", "failed_ignored"),
        ("sessionctl.windows.iscsi_initiator_logout", "skipped"),
        ("sessionctl.windows.iscsi_target_session_stop", "skipped"),  # held back: the logoff failed
        ("sessionctl.windows.rds_logon_mode", "skipped"),
    ]
    assert seq[-1] == ("ansible.builtin.fail", "failed")
    fact = summary_fact(events)
    assert fact["failed_steps"] == ["rds_logoff"]
    assert fact["not_run_steps"] == ["iscsi_target_stop"]
    assert "rds_logoff failed before it" in fact["steps"]["iscsi_target_stop"]["msg"]
    assert fact["steps"]["iscsi_logout"]["status"] == "off"
    assert "Not run: iscsi_target_stop" in results(events)[-1]["result"]["msg"]
    assert stats["ignored"] == 1 and stats["failures"] == 1


def test_carry_on_runs_every_step_and_still_fails_at_the_end(env):
    rc, events, stats = run_role(env, dict(FAILING_STEPS, drain_continue_after_failure=True))
    assert rc != 0
    module_seq = [(e["action"], e["event"]) for e in results(events) if e["action"] in MODULE_ACTIONS]
    assert ("sessionctl.windows.iscsi_target_session_stop", "failed_ignored") in module_seq
    fact = summary_fact(events)
    assert fact["failed_steps"] == ["rds_logoff", "iscsi_target_stop"] and fact["not_run_steps"] == []
    assert stats["ignored"] == 2 and stats["failures"] == 1


def test_the_failure_at_the_end_can_be_switched_off(env):
    rc, events, _stats = run_role(env, {"drain_target_stop": True, "drain_target_names": ["sql-data"],
                                        "drain_fail_at_end": False})
    assert rc == 0
    final = [e for e in results(events) if e["action"] == "ansible.builtin.fail"]
    assert [e["event"] for e in final] == ["skipped"]


def module_args(events):
    return dict((e["action"].rsplit(".", 1)[1], e["args"]) for e in results(events) if e["action"] in MODULE_ACTIONS
                and e["event"] != "skipped")


def test_the_role_passes_only_real_options_and_omits_empty_selectors(env):
    _rc, events, _stats = run_role(env, {
        "drain_rds_logoff": True, "drain_rds_warn": True, "drain_rds_states": ["disconnected"],
        "drain_rds_grace_period": 60,
        "drain_iscsi_logout": True, "drain_iscsi_targets": ["iqn.1991-05.com.microsoft:t1"],
        "drain_iscsi_remove_persistent": True, "drain_iscsi_busy": "offline_disks",
        "drain_target_stop": True, "drain_target_initiators": ["iqn.1991-05.com.microsoft:web01"],
        "drain_continue_after_failure": True,  # the modules cannot run here: see every step's arguments
    }, check=True)
    args = module_args(events)
    assert set(args) == {"rds_message", "rds_logoff", "iscsi_initiator_logout", "iscsi_target_session_stop"}
    for name, given in args.items():
        assert set(given) <= module_options(name), (name, given)
    # two phases: the warning (rds_message), one wait for the play, then the logoff without a message
    assert args["rds_message"] == {
        "session_state": ["disconnected"], "all": False, "timeout": 120, "message_title": "Maintenance",
        "message": "This server is being taken out of service for maintenance. Please save your work and log off "
                   "now; remaining sessions will be logged off when the grace period ends.",
    }
    assert args["rds_logoff"] == {"session_state": ["disconnected"], "all": False, "timeout": 120}
    assert args["iscsi_initiator_logout"] == {"target": ["iqn.1991-05.com.microsoft:t1"], "remove_persistent": True,
                                              "busy": "offline_disks", "backend": "auto"}
    assert args["iscsi_target_session_stop"] == {"initiator": ["iqn.1991-05.com.microsoft:web01"], "method": "cim",
                                                 "requested_state": "disabled", "timeout": 60,
                                                 "revoke_access": False, "disable_target": False, "settle_time": 0}


def test_without_the_warning_no_message_is_sent_and_there_is_no_grace_period(env):
    _rc, events, _stats = run_role(env, {"drain_rds_logoff": True, "drain_rds_users": ["alice"],
                                         "drain_rds_message": "ignored"})
    rds = module_args(events)["rds_logoff"]
    assert "message" not in rds and "message_title" not in rds and "grace_period" not in rds
    assert "rds_message" not in module_args(events)
    assert rds["username"] == ["alice"]


def test_playbook_survey_text_reaches_the_modules_as_lists(env):
    _rc, events, _stats = run_role(env, {
        "target_hosts": "localhost", "survey_drain_rds_users": "alice\nCONTOSO\\bob, carol\n",
        "survey_drain_rds_states": "disconnected", "survey_drain_rds_message": "Going down",
        "survey_drain_rds_grace_period": 30, "survey_drain_rds_idle_longer_than": "",
    }, check=True, playbook=ROOT / "playbooks" / "drain_rds_host.yml")
    msg = module_args(events)["rds_message"]
    assert msg["username"] == ["alice", "CONTOSO\\bob", "carol"]
    assert msg["session_state"] == ["disconnected"]
    assert msg["message"] == "Going down"
    assert "idle_longer_than" not in msg  # a question left blank is not an answer


def test_decommission_playbook_warns_everyone_and_logs_out_for_good(env):
    rc, events, _stats = run_role(env, {
        "target_hosts": "localhost", "drain_continue_after_failure": True,
        "drain_iscsi_targets": "iqn.1991-05.com.microsoft:t1,iqn.1991-05.com.microsoft:t2",
    }, check=True, playbook=ROOT / "playbooks" / "decommission.yml")
    args = module_args(events)
    assert args["rds_message"]["all"] is True and args["rds_message"]["message"]
    assert args["rds_logoff"]["all"] is True
    assert args["iscsi_initiator_logout"]["target"] == ["iqn.1991-05.com.microsoft:t1", "iqn.1991-05.com.microsoft:t2"]
    assert args["iscsi_initiator_logout"]["remove_persistent"] is True
    assert "iscsi_target_session_stop" not in args  # no drain_target_servers given: the second play matches no host
    assert rc != 0  # the modules cannot run here, so the role fails the host at the end


def module_calls(events):
    return [(e["action"].rsplit(".", 1)[1], e["event"], e.get("args")) for e in results(events)
            if e["action"] in MODULE_ACTIONS]


@pytest.mark.parametrize("check", [True, False], ids=["check-mode", "real-run"])
def test_the_logon_mode_is_set_before_the_warning_and_restored_after_the_other_steps(env, check):
    rc, events, _stats = run_role(env, {
        "drain_rds_logon_mode": "drain", "drain_rds_restore_logon_mode": True,
        "drain_rds_warn": True, "drain_rds_logoff": True, "drain_rds_all": True,
    }, check=check)
    calls = [(name, event) for name, event, _args in module_calls(events)]
    # the modules cannot run here: step 0 fails, and nobody is warned or logged off on this host
    assert calls == [
        ("rds_logon_mode", "failed_ignored"),
        ("rds_message", "skipped"),
        ("rds_logoff", "skipped"),
        ("iscsi_initiator_logout", "skipped"),
        ("iscsi_target_session_stop", "skipped"),
        ("rds_logon_mode", "skipped"),
    ]
    first = module_calls(events)[0][2]
    assert first == {"mode": "drain"}
    assert set(first) <= module_options("rds_logon_mode")
    fact = summary_fact(events)
    assert fact["failed_steps"] == ["rds_logon_mode"]
    assert fact["not_run_steps"] == ["rds_message", "rds_logoff", "rds_logon_mode_restore"]
    assert rc != 0


def test_the_logon_mode_alone_ends_nothing(env):
    _rc, events, _stats = run_role(env, {"drain_rds_logon_mode": "drain"}, check=True)
    ran = [(name, event) for name, event, _args in module_calls(events) if event != "skipped"]
    assert ran == [("rds_logon_mode", "failed_ignored")]


@pytest.mark.parametrize(
    "extra_vars, needle",
    [
        ({"drain_rds_logon_mode": "drain", "drain_rds_server": "rdsh02"}, "cannot be combined with drain_rds_server"),
        ({"drain_rds_restore_logon_mode": True}, "drain_rds_restore_logon_mode needs drain_rds_logon_mode"),
    ],
    ids=["logon-mode-with-remote-server", "restore-without-mode"],
)
def test_logon_mode_misuse_is_refused_before_any_module_runs(env, extra_vars, needle):
    rc, events, _stats = run_role(env, extra_vars, check=True)
    assert rc != 0
    assert not [e for e in events if e["action"] in MODULE_ACTIONS]
    failed = [e for e in results(events) if e["event"] == "failed"]
    assert len(failed) == 1 and needle in failed[0]["result"]["msg"]


def test_a_bad_logon_mode_fails_the_argument_validation(env):
    rc, events, _stats = run_role(env, {"drain_rds_logon_mode": "off"})
    assert rc != 0
    [only] = results(events)
    assert only["action"] == "ansible.builtin.validate_argument_spec"
    assert "drain_rds_logon_mode must be one of" in only["result"]["msg"]


def test_the_target_stop_passes_the_keep_ended_options(env):
    _rc, events, _stats = run_role(env, {
        "drain_target_stop": True, "drain_target_names": ["sql-data"],
        "drain_target_revoke_access": True, "drain_target_disable": True, "drain_target_settle_time": 30,
    }, check=True)
    args = module_args(events)["iscsi_target_session_stop"]
    assert set(args) <= module_options("iscsi_target_session_stop")
    assert args["revoke_access"] is True and args["disable_target"] is True and args["settle_time"] == 30


RESTORE_PLAY = textwrap.dedent('''
    - name: Undo a drain in a separate play
      hosts: localhost
      gather_facts: false
      tasks:
        - name: Restore
          ansible.builtin.include_role:
            name: sessionctl.windows.drain
            tasks_from: restore
''')


@pytest.mark.parametrize("given, expected", [
    ({}, [("rds_logon_mode", {"mode": "restore"})]),
    ({"drain_restore_target_access": True, "drain_restore_logon_mode": False},
     [("iscsi_target_access_restore", {"all": True})]),
    ({"drain_restore_target_access": True, "drain_restore_targets": "t1"},
     [("rds_logon_mode", {"mode": "restore"}), ("iscsi_target_access_restore", {"target": ["t1"], "all": False})]),
], ids=["logon-mode", "target-access", "both"])
def test_the_restore_entry_point_puts_back_the_hosts_records_without_a_fact(env, given, expected):
    play = env["base"] / "restore.yml"
    play.write_text(RESTORE_PLAY, encoding="utf-8")
    _rc, events, _stats = run_role(env, given, check=True, playbook=play)
    calls = [(c[0], c[2]) for c in module_calls(events) if c[1] != "skipped"]
    assert calls == expected


def test_restore_playbook_needs_target_hosts(env):
    rc, events, _stats = run_role(env, {}, check=True, playbook=ROOT / "playbooks" / "restore.yml")
    assert rc != 0 and not module_calls(events)


def test_drain_playbook_sets_the_logon_mode_when_asked(env):
    _rc, events, _stats = run_role(env, {"target_hosts": "localhost", "drain_rds_all": True,
                                         "drain_rds_logon_mode": "drain"},
                                   check=True, playbook=ROOT / "playbooks" / "drain_rds_host.yml")
    calls = [c for c in module_calls(events) if c[1] != "skipped"]
    assert calls[0][0] == "rds_logon_mode" and calls[0][2] == {"mode": "drain"}


def test_drain_playbook_leaves_the_logon_mode_alone_by_default(env):
    _rc, events, _stats = run_role(env, {"target_hosts": "localhost", "drain_rds_all": True},
                                   check=True, playbook=ROOT / "playbooks" / "drain_rds_host.yml")
    assert [c[0] for c in module_calls(events) if c[1] != "skipped"] == ["rds_message"]
