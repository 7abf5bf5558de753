# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drain_summary filter, fed with results shaped like the modules' RETURN docs."""
from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError
from ansible_collections.sessionctl.windows.plugins.filter.drain_summary import FilterModule, drain_summary

SKIPPED_TASK = {"changed": False, "skipped": True, "skip_reason": "Conditional result was False"}

RDS = {
    "changed": True,
    "failed": False,
    "msg": "3 sessions selected: 1 logged off, 1 already gone, 1 skipped",
    "sessions": [
        {"id": 3, "username": "CONTOSO\\alice", "state": "disconnected", "session_name": None,
         "action": "logged_off", "message_sent": True},
        {"id": 4, "username": "CONTOSO\\bob", "state": "active", "session_name": "RDP-Tcp#4",
         "action": "already_gone", "reason": "it ended during the grace period", "message_sent": False},
        {"id": 1, "username": "CONTOSO\\admin", "state": "active", "session_name": "RDP-Tcp#1",
         "action": "skipped", "reason": "it is the session this module runs in"},
    ],
}

ISCSI_FAILED = {
    "changed": True,
    "failed": True,
    "msg": "2 sessions selected: 1 logged out, 1 failed",
    "sessions": [
        {"session_id": "ffffe11113210020-4000013700000001", "target_name": "iqn.1991-05.com.microsoft:t1",
         "action": "logged_out"},
        {"session_id": "ffffe11113210020-4000013700000002", "target_name": "iqn.1991-05.com.microsoft:t1",
         "action": "failed", "reason": "a device on the session is in use (disk 2)",
         "error": {"code": 4026466368, "hex": "0xEFFF0040", "name": "ISDSC_DEVICE_BUSY_ON_SESSION",
                   "message": "The session cannot be logged out because a device on it is in use.",
                   "facility": "ISCSI", "kind": "iscsi", "severity": "error"}},
    ],
    "persistent_logins": [
        {"target_name": "iqn.1991-05.com.microsoft:t1", "initiator_instance": "ROOT\\ISCSIPRT\\0000_0",
         "initiator_port_number": 4294967295, "portal_address": "192.0.2.10", "portal_port": 3260,
         "action": "removed"},
    ],
}

TARGET_CHECK = {
    "changed": True,
    "msg": "1 session selected: 1 would stop",
    "method": "cim",
    "sessions": [
        {"tsih": 7, "isid": "0x400001370000", "session_type": "normal",
         "initiator_iqn": "iqn.1991-05.com.microsoft:web01", "target_name": "sql-data",
         "target_iqn": "iqn.1991-05.com.microsoft:tgt01-sql-data-target", "initiator_address": "192.0.2.10",
         "method": "cim", "return_value": None, "action": "would_stop"},
    ],
}


def test_filter_is_registered():
    assert FilterModule().filters()["drain_summary"] is drain_summary


def test_no_variables_means_every_step_off_and_nothing_ended():
    res = drain_summary({"rds_logoff": SKIPPED_TASK, "iscsi_logout": SKIPPED_TASK, "iscsi_target_stop": None})
    assert res["ok"] is True
    assert res["changed"] is False
    assert res["failed_steps"] == []
    assert all(v == 0 for v in res["totals"].values())
    assert [res["steps"][n]["status"] for n in res["order"]] == ["off", "off", "off"]
    assert res["steps"]["rds_logoff"]["msg"] == "Conditional result was False"
    assert res["steps"]["iscsi_target_stop"]["msg"] == "not run"
    assert res["msg"] == "rds_logoff: off; iscsi_logout: off; iscsi_target_stop: off"


def test_each_action_lands_in_its_bucket_with_labels_and_reasons():
    res = drain_summary({"rds_logoff": RDS, "iscsi_logout": ISCSI_FAILED, "iscsi_target_stop": TARGET_CHECK})
    rds = res["steps"]["rds_logoff"]
    assert rds["status"] == "ok"
    assert rds["ended"] == ["session 3 (CONTOSO\\alice)"]
    assert rds["already_gone"] == ["session 4 (CONTOSO\\bob): it ended during the grace period"]
    assert rds["skipped"] == ["session 1 (CONTOSO\\admin): it is the session this module runs in"]
    assert rds["warned"] == ["session 3 (CONTOSO\\alice)"]
    assert rds["not_warned"] == ["session 4 (CONTOSO\\bob)"]
    assert rds["failed"] == []

    iscsi = res["steps"]["iscsi_logout"]
    assert iscsi["status"] == "failed"
    assert iscsi["ended"] == ["session ffffe11113210020-4000013700000001 to iqn.1991-05.com.microsoft:t1",
                              "persistent login iqn.1991-05.com.microsoft:t1 via 192.0.2.10:3260"]
    assert iscsi["failed"] == [
        "session ffffe11113210020-4000013700000002 to iqn.1991-05.com.microsoft:t1: a device on the session is in "
        "use (disk 2); ISDSC_DEVICE_BUSY_ON_SESSION (0xEFFF0040)"
    ]
    # the module's failed flag is not counted a second time when a session carries the failure
    assert iscsi["counts"]["failed"] == 1

    tgt = res["steps"]["iscsi_target_stop"]
    assert tgt["would_end"] == ["TSIH 7 (iqn.1991-05.com.microsoft:web01 on sql-data)"]
    assert tgt["ended"] == []

    assert res["ok"] is False
    assert res["failed_steps"] == ["iscsi_logout"]
    assert res["totals"] == {"ended": 3, "would_end": 1, "started": 0, "already_gone": 1, "skipped": 1,
                             "failed": 1, "other": 0}
    assert res["msg"] == ("rds_logoff: 1 ended, 1 already gone, 1 skipped; iscsi_logout: 2 ended, 1 failed; "
                          "iscsi_target_stop: 1 would end")


def test_a_step_that_failed_as_a_whole_gets_one_failed_entry():
    whole = {"failed": True, "changed": False, "msg": "the iSCSI Target Server role is not installed",
             "sessions": []}
    unreachable = {"unreachable": True, "changed": False, "msg": "Failed to connect to the host via winrm"}
    res = drain_summary([["iscsi_target_stop", whole], ["rds_logoff", unreachable]])
    assert res["order"] == ["iscsi_target_stop", "rds_logoff"]
    assert res["steps"]["iscsi_target_stop"]["failed"] == [
        "iscsi_target_stop: the iSCSI Target Server role is not installed"]
    assert res["steps"]["rds_logoff"]["failed"] == ["rds_logoff: Failed to connect to the host via winrm"]
    assert res["failed_steps"] == ["iscsi_target_stop", "rds_logoff"]
    assert res["totals"]["failed"] == 2


def test_error_already_named_in_the_reason_is_not_repeated_and_unknown_actions_are_other():
    result = {"changed": True, "sessions": [
        {"id": 5, "username": None, "action": "failed",
         "reason": "WTSLogoffSession failed: ERROR_ACCESS_DENIED (0x00000005) Access is denied.",
         "error": {"name": "ERROR_ACCESS_DENIED", "hex": "0x00000005"}},
        {"id": 6, "username": "bob", "action": "logoff_started"},
        {"id": 7, "username": "eve", "action": "teleported"},
    ]}
    step = drain_summary({"s": result})["steps"]["s"]
    assert step["failed"] == ["session 5: WTSLogoffSession failed: ERROR_ACCESS_DENIED (0x00000005) Access is denied."]
    assert step["started"] == ["session 6 (bob)"]
    assert step["other"] == ["session 7 (eve): action 'teleported'"]
    assert step["status"] == "failed"


def test_nothing_selected_is_ok_and_unchanged():
    res = drain_summary({"rds_logoff": {"changed": False, "msg": "no session selected", "sessions": []}})
    assert res["ok"] and not res["changed"]
    assert res["msg"] == "rds_logoff: nothing selected"
    assert res["steps"]["rds_logoff"]["status"] == "ok"


@pytest.mark.parametrize(
    "value, match",
    [
        ("rds", "expected a dict of step name"),
        (None, "expected a dict of step name"),
        ([["a"]], "expected a dict of step name"),
        ({"a": "text"}, "result of step 'a' must be a dict"),
        ({"a": {"sessions": "x"}}, "sessions of a step result must be a list"),
        ({"a": {"sessions": [5]}}, "every entry of sessions must be a dict"),
        ([["a", None], ["a", None]], "step 'a' is given twice"),
    ],
)
def test_bad_input_raises_a_clear_error(value, match):
    with pytest.raises(AnsibleFilterError, match=match):
        drain_summary(value)


def test_a_logon_mode_step_shows_the_change_and_no_sessions():
    res = drain_summary({
        "rds_logon_mode": {"changed": True, "previous_mode": "enabled", "mode": "drain", "msg": "changed"},
        "rds_logon_mode_restore": {"changed": False, "previous_mode": "enabled", "mode": "enabled", "msg": "same"},
    })
    assert res["ok"] is True and res["changed"] is True
    step = res["steps"]["rds_logon_mode"]
    assert step["previous_mode"] == "enabled" and step["mode"] == "drain"
    assert res["msg"] == "rds_logon_mode: enabled -> drain; rds_logon_mode_restore: enabled, unchanged"
    assert all(n == 0 for n in res["totals"].values())


def test_a_failed_logon_mode_step_names_the_mode_it_found():
    res = drain_summary({"rds_logon_mode": {"failed": True, "previous_mode": "enabled", "mode": "enabled",
                                            "msg": "writing Logons failed"}})
    assert res["failed_steps"] == ["rds_logon_mode"]
    assert res["steps"]["rds_logon_mode"]["failed"] == ["rds_logon_mode: writing Logons failed"]
    assert "failed (was enabled)" not in res["msg"]  # a failed entry is counted instead
    assert res["msg"] == "rds_logon_mode: 1 failed"


def test_target_access_changes_are_listed():
    sessions = [{"tsih": 7, "initiator_iqn": "iqn.x:web01", "target_name": "sql", "action": "stopped"}]
    targets = [
        {"target_name": "sql", "revoked": ["IQN:iqn.x:web01"], "disabled": False, "action": "changed"},
        {"target_name": "logs", "revoked": [], "disabled": False, "action": "unchanged"},
        {"target_name": "tmp", "revoked": [], "disabled": True, "action": "would_change"},
    ]
    res = drain_summary({"iscsi_target_stop": {"changed": True, "msg": "ok", "sessions": sessions,
                                               "targets": targets}})
    step = res["steps"]["iscsi_target_stop"]
    assert step["access"] == ["sql: revoked IQN:iqn.x:web01", "tmp: would be disabled"]
    assert res["msg"] == "iscsi_target_stop: 1 ended, access changed on 2 targets"


# ---- records, steps not run, the fleet report (issue: one fleet report; a host stops at its first failed step)

LOGON_FAILED = {"failed": True, "changed": False, "msg": "rds_logon_mode failed: WBEM_E_ACCESS_DENIED",
                "error": {"code": -2147217405, "hex": "0x80041003", "name": "WBEM_E_ACCESS_DENIED"}}


def test_steps_after_a_failed_step_are_not_run_not_off():
    s = drain_summary([["rds_logon_mode", LOGON_FAILED], ["rds_logoff", SKIPPED_TASK], ["iscsi_logout", None]],
                      host="rdsh01", wanted=["rds_logon_mode", "rds_logoff"])
    assert s["steps"]["rds_logoff"]["status"] == "not_run"
    assert "rds_logon_mode failed before it" in s["steps"]["rds_logoff"]["msg"]
    assert s["steps"]["iscsi_logout"]["status"] == "off"  # not switched on
    assert s["not_run_steps"] == ["rds_logoff"]
    rec = [r for r in s["records"] if r["step"] == "rds_logon_mode"][0]
    assert (rec["host"], rec["action"], rec["error_name"], rec["error_hex"]) == (
        "rdsh01", "failed", "WBEM_E_ACCESS_DENIED", "0x80041003")


def test_carry_on_reports_the_skipped_steps_as_off():
    s = drain_summary([["rds_logon_mode", LOGON_FAILED], ["rds_logoff", SKIPPED_TASK]],
                      wanted=["rds_logon_mode", "rds_logoff"], stop_at_failure=False)
    assert s["steps"]["rds_logoff"]["status"] == "off"


def test_records_are_flat_with_user_and_error():
    s = drain_summary({"iscsi_logout": ISCSI_FAILED, "rds_logoff": RDS}, host="h1")
    failed = [r for r in s["records"] if r["action"] == "failed"]
    assert failed[0]["error_name"] == "ISDSC_DEVICE_BUSY_ON_SESSION" and failed[0]["target"]
    assert all(set(r) == set(("host", "step", "item", "session_id", "target", "user", "action", "reason",
                              "error_code", "error_name", "error_hex")) for r in s["records"])
    assert [r["user"] for r in s["records"] if r["step"] == "rds_logoff"][0] == "CONTOSO\\alice"


def test_fleet_report_includes_hosts_without_a_summary_and_unreachable_ones():
    from ansible_collections.sessionctl.windows.plugins.filter.drain_summary import drain_fleet_report
    ok = drain_summary({"rds_logoff": RDS}, host="a")
    unreachable = drain_summary({"rds_logoff": {"unreachable": True, "msg": "connection refused"}}, host="b")
    hostvars = {"a": {"drain_summary": ok}, "b": {"drain_summary": unreachable}, "c": {}}
    report = drain_fleet_report(hostvars, ["a", "b", "c"])
    assert report["hosts"] == {"ok": ["a"], "failed": [], "unreachable": ["b"], "no_result": ["c"]}
    assert not report["ok"]
    assert [r["action"] for r in report["records"] if r["host"] == "c"] == ["no_result"]


def test_report_csv_quotes_what_needs_it():
    from ansible_collections.sessionctl.windows.plugins.filter.drain_summary import drain_report_csv
    text = drain_report_csv([{"host": "a", "user": "CONTOSO\\alice", "reason": 'said "no", twice', "action": "=cmd"}])
    lines = text.splitlines()
    assert lines[0].startswith("host,step,item")
    assert '"said ""no"", twice"' in lines[1] and '"=cmd"' in lines[1]


def test_a_warning_is_counted_as_warned_not_as_other():
    msg = {"changed": True, "sessions": [{"session_id": 3, "username": "alice", "domain": "CONTOSO", "action": "sent"}],
           "counts": {"sent": 1}}
    s = drain_summary([["rds_message", msg]], host="h")
    assert s["steps"]["rds_message"]["counts"]["warned"] == 1 and s["totals"]["other"] == 0
    assert "1 warned" in s["msg"]
    assert s["records"][0]["action"] == "sent" and s["records"][0]["user"] == "CONTOSO\\alice"
