# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stand-in behaviour for every module of the collection, for the fleet simulation (tools/fleet_sim.py).

Never shipped: tools/fleet_sim.py copies the collection into a scratch directory, removes the .ps1 modules and
writes one Python stand-in per module that calls run() here with the module's argument spec (built from its
DOCUMENTATION and the collection-wide option names). A stand-in validates its options with AnsibleModule, applies
the documented selection rules, and returns results shaped on the module's RETURN.

Each simulated host is a directory (the host's ansible_remote_tmp is <dir>/tmp, the only per-host value a module
sees): <dir>/state.json holds the host (sessions, logon mode, iSCSI sessions, target access, the host-side
record store) and <dir>/calls.jsonl logs every call with its time. The host's script (failures to play, what the
field check observes) is the fleet_script variable of the host's host_vars file, read from the path in
<dir>/inventory (the stand-ins cannot see variables, only files).
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
import time

from ansible.module_utils.basic import AnsibleModule

ERRORS = {
    "ERROR_ACCESS_DENIED": (5, "0x00000005", "win32", "Access is denied."),
    "WBEM_E_ACCESS_DENIED": (-2147217405, "0x80041003", "wbem", "Access denied."),
    "ERROR_CTX_WINSTATION_NOT_FOUND": (7022, "0x00001B6E", "win32", "The specified session cannot be found."),
    "ISDSC_SESSION_BUSY": (-268500952, "0xEFFF0028", "isdsc", "The session cannot be logged out since a device "
                           "on that session is currently being used."),
    "INVALID_STATE_TRANSITION": (4097, "0x00001001", "cim", "The requested state transition is not valid."),
}


def error(name):
    code, hexa, kind, message = ERRORS[name]
    return {"code": code, "hex": hexa, "name": name, "message": message, "facility": kind.upper(), "kind": kind,
            "severity": "error"}


class Host:
    def __init__(self, module):
        tmp = module._remote_tmp or ""
        self.dir = os.path.dirname(os.path.expanduser(tmp).rstrip("/"))
        if not os.path.isfile(os.path.join(self.dir, "state.json")):
            module.fail_json(msg="fleet stand-in: no host state next to remote_tmp %r" % tmp)
        with open(os.path.join(self.dir, "state.json")) as f:
            self.state = json.load(f)
        self.script = self.state.get("script") or {}
        hv = self.state.get("host_vars_file")
        if hv and os.path.isfile(hv):
            import yaml
            with open(hv) as f:
                self.script = (yaml.safe_load(f) or {}).get("fleet_script") or {}

    def save(self):
        path = os.path.join(self.dir, "state.json")
        with open(path + ".new", "w") as f:
            json.dump(self.state, f, indent=1, sort_keys=True)
        os.replace(path + ".new", path)

    def log(self, name, params, check):
        entry = {"module": name, "time": time.time(), "check": bool(check),
                 "params": dict((k, v) for k, v in params.items() if v not in (None, [], "", False))}
        with open(os.path.join(self.dir, "calls.jsonl"), "a") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")

    # the host-side record store (IHostRecordStore: Get / SetIfAbsent / Clear)
    def record_get(self, key):
        return self.state.setdefault("records", {}).get(key)

    def record_set_if_absent(self, key, value):
        self.state.setdefault("records", {}).setdefault(key, value)

    def record_clear(self, key):
        self.state.setdefault("records", {}).pop(key, None)


def counts_for(actions, entries):
    counts = dict((a, 0) for a in actions)
    for e in entries:
        counts[e["action"]] = counts.get(e["action"], 0) + 1
    return counts


def seconds(text):
    m = re.match(r"^\s*(\d+)\s*([smhd]?)\s*$", str(text or ""))
    if not m:
        return None
    return int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def _user_match(pattern, session):
    pattern = pattern.lower()
    full = ("%s\\%s" % (session.get("domain") or "", session.get("username") or "")).lower()
    return fnmatch.fnmatchcase(full if "\\" in pattern else (session.get("username") or "").lower(), pattern)


def select_rds(module, sessions):
    p = module.params
    keys = ("session_id", "username", "exclude_username", "exclude_session_id", "session_state", "idle_longer_than",
            "disconnected_longer_than")
    if not p.get("all") and not any(p.get(k) for k in keys if k not in ("exclude_username", "exclude_session_id")):
        module.fail_json(msg="Nothing was selected: give session_id, username, session_state, idle_longer_than, "
                             "disconnected_longer_than, or all: true.")
    for k in ("idle_longer_than", "disconnected_longer_than"):
        if p.get(k) and seconds(p[k]) is None:
            module.fail_json(msg="%s: %r is not a duration such as 30m or 2h." % (k, p[k]))
    chosen = []
    for s in sessions:
        by_id = p.get("session_id") and s["session_id"] in p["session_id"]
        if not by_id and (s["session_id"] == 0 or not s.get("username")):
            continue  # session 0, listeners and sessions without a user: only by id
        if p.get("session_id") and not by_id:
            continue
        if p.get("username") and not any(_user_match(u, s) for u in p["username"]):
            continue
        if p.get("exclude_username") and any(_user_match(u, s) for u in p["exclude_username"]):
            continue
        if p.get("exclude_session_id") and s["session_id"] in p["exclude_session_id"]:
            continue
        if p.get("session_state") and s["session_state"] not in p["session_state"]:
            continue
        if p.get("idle_longer_than") and (s.get("idle_seconds") or 0) <= seconds(p["idle_longer_than"]):
            continue
        if p.get("disconnected_longer_than") and (
                s["session_state"] != "disconnected" or (s.get("disconnected_seconds") or 0)
                <= seconds(p["disconnected_longer_than"])):
            continue
        chosen.append(s)
    return chosen


def fail_whole(module, host, name):
    """A scripted failure of the whole module (fleet_script.fail: {module: ERROR_NAME})."""
    err = (host.script.get("fail") or {}).get(name)
    if err:
        module.fail_json(msg="%s failed: %s (%s)" % (name, err, error(err)["hex"]), error=error(err),
                         counts=dict((a, 0) for a in ACTIONS.get(name, ())) or None)


def session_error(host, name, key):
    for k, err in ((host.script.get("fail_items") or {}).get(name) or {}).items():
        if str(k) == str(key):
            return err
    return None


ACTIONS = {
    "rds_logoff": ("logged_off", "would_log_off", "logoff_started", "already_gone", "skipped", "failed"),
    "rds_message": ("sent", "would_send", "already_gone", "skipped", "failed"),
    "iscsi_initiator_logout": ("logged_out", "would_log_out", "already_gone", "skipped", "failed"),
    "iscsi_target_session_stop": ("stopped", "would_stop", "already_gone", "skipped", "failed"),
}


def rds_entry(s, action, err=None, reason=None, **extra):
    e = {"id": s["session_id"], "session_id": s["session_id"], "username": s.get("username"),
         "domain": s.get("domain"), "state": s["session_state"], "session_state": s["session_state"],
         "session_name": s.get("session_name", "RDP-Tcp#%d" % s["session_id"]), "action": action,
         "reason": reason, "error": error(err) if err else None}
    e.update(extra)
    return e


def do_rds_message(module, host):
    fail_whole(module, host, "rds_message")
    chosen = select_rds(module, host.state["rds_sessions"])
    out = []
    for s in chosen:
        err = session_error(host, "rds_message", s["session_id"])
        if err:
            out.append(rds_entry(s, "failed", err, "WTSSendMessageW failed"))
        elif module.check_mode:
            out.append(rds_entry(s, "would_send"))
        else:
            s["warned"] = True
            out.append(rds_entry(s, "sent"))
    if not module.check_mode:
        # sessions scripted to leave after the warning log off on their own
        gone = set(host.script.get("leave_after_warning") or [])
        host.state["rds_sessions"] = [s for s in host.state["rds_sessions"]
                                      if not (s.get("warned") and s["session_id"] in gone)]
    host.save()
    counts = counts_for(ACTIONS["rds_message"], out)
    res = dict(changed=bool(counts["sent"] or counts["would_send"]), sessions=out, counts=counts,
               msg="%d sent, %d failed" % (counts["sent"], counts["failed"]))
    if counts["failed"]:
        module.fail_json(**res)
    module.exit_json(**res)


def do_rds_logoff(module, host):
    p = module.params
    fail_whole(module, host, "rds_logoff")
    chosen = select_rds(module, host.state["rds_sessions"])
    warned = set()
    if p.get("message") and chosen and not module.check_mode:
        warned = set(s["session_id"] for s in chosen)
        time.sleep(p.get("grace_period") or 0)  # the grace period blocks this host's fork
        gone = set(host.script.get("leave_after_warning") or [])
        host.state["rds_sessions"] = [s for s in host.state["rds_sessions"] if s["session_id"] not in (warned & gone)]
    present = set(s["session_id"] for s in host.state["rds_sessions"])
    out = []
    for s in chosen:
        extra = {"message_sent": s["session_id"] in warned} if p.get("message") else {}
        err = session_error(host, "rds_logoff", s["session_id"])
        if s["session_id"] not in present:
            out.append(rds_entry(s, "already_gone", reason="logged off after the warning", **extra))
        elif err:
            out.append(rds_entry(s, "failed", err, "WTSLogoffSession failed", **extra))
        elif module.check_mode:
            out.append(rds_entry(s, "would_log_off", **extra))
        else:
            out.append(rds_entry(s, "logged_off", **extra))
    if not module.check_mode:
        ended = set(e["session_id"] for e in out if e["action"] == "logged_off")
        host.state["rds_sessions"] = [s for s in host.state["rds_sessions"] if s["session_id"] not in ended]
    host.save()
    counts = counts_for(ACTIONS["rds_logoff"], out)
    res = dict(changed=bool(counts["logged_off"] or counts["would_log_off"]), sessions=out, counts=counts,
               msg="%d logged off, %d failed" % (counts["logged_off"], counts["failed"]))
    if counts["failed"]:
        module.fail_json(**res)
    module.exit_json(**res)


def do_rds_session_info(module, host):
    p = module.params
    if not any(p.get(k) for k in ("session_id", "username", "session_state", "idle_longer_than",
                                  "disconnected_longer_than", "all")):
        p = dict(p, all=True)
    module.params = p
    sessions = host.state["rds_sessions"]
    warnings = []
    for sid in p.get("session_id") or []:
        if sid not in [s["session_id"] for s in sessions]:
            code = host.script.get("missing_session_error", "ERROR_CTX_WINSTATION_NOT_FOUND")
            warnings.append("session_id %s: no such session (%s, %s)" % (sid, code, error(code)["hex"]))
    out = []
    for s in select_rds(module, sessions):
        disc = s["session_state"] == "disconnected"
        lit = None if (disc and not host.script.get("disconnected_keeps_last_input", True)) else "2026-12-06T10:00:00Z"
        out.append({"id": s["session_id"], "session_id": s["session_id"], "session_name": s.get("session_name", ""),
                    "username": s.get("username"), "domain": s.get("domain"), "state": s["session_state"],
                    "session_state": s["session_state"], "client_name": "CLIENT", "logon_time": "2026-12-06T08:00:00Z",
                    "connect_time": "2026-12-06T08:00:00Z", "disconnect_time": "2026-12-06T09:00:00Z" if disc else None,
                    "last_input_time": lit, "idle_seconds": s.get("idle_seconds") if lit else None,
                    "is_current": False})
    for w in warnings:
        module.warn(w)
    module.exit_json(changed=False, sessions=out)


MODES = ("enabled", "drain", "drain_until_restart", "disabled")


def do_rds_logon_mode(module, host):
    mode = module.params["mode"]
    fail_whole(module, host, "rds_logon_mode")
    before = host.state["logon_mode"]
    record = host.record_get("rds_logon_mode")
    if mode == "restore":
        target = record
        if target is None:
            module.exit_json(changed=False, mode=before, previous_mode=before, restored=False,
                             msg="no record of a mode to restore: nothing changed")
    else:
        target = mode
    changed = target != before
    if not module.check_mode:
        if mode == "restore":
            host.record_clear("rds_logon_mode")
        elif changed:
            host.record_set_if_absent("rds_logon_mode", before)  # a re-run never overwrites the record
        host.state["logon_mode"] = target
        host.save()
    module.exit_json(changed=changed, mode=target, previous_mode=before, diff={"before": {"mode": before},
                     "after": {"mode": target}}, msg="%s -> %s" % (before, target))


def do_rds_logon_mode_info(module, host):
    if host.script.get("no_rdsh_role"):
        module.fail_json(msg="Win32_TerminalServiceSetting: the RD Session Host role is not installed",
                         error=error("WBEM_E_ACCESS_DENIED"))
    module.exit_json(changed=False, mode=host.state["logon_mode"], logons=host.state["logon_mode"],
                     description="stand-in", session_broker_drain_mode=0, server_name=host.state["name"],
                     policy_source=host.script.get("logon_policy_source"))


def do_iscsi_logout(module, host):
    p = module.params
    fail_whole(module, host, "iscsi_initiator_logout")
    if not p.get("target") and not p.get("session_id") and not p.get("portal") and not p.get("all"):
        module.fail_json(msg="Nothing was selected: give target, session_id or portal, or set all=true.")
    out = []
    for s in host.state["iscsi_sessions"]:
        if p.get("target") and s["target_name"] not in p["target"]:
            continue
        if p.get("session_id") and s["session_id"] not in p["session_id"]:
            continue
        err = session_error(host, "iscsi_initiator_logout", s["target_name"])
        e = dict(s, connections=[], devices=[], note=None, offlined_disks=[], reason=None, error=None)
        if err:
            e.update(action="failed", reason="disks in use", error=error(err))
        else:
            e["action"] = "would_log_out" if module.check_mode else "logged_out"
        out.append(e)
    if not module.check_mode:
        done = set(e["session_id"] for e in out if e["action"] == "logged_out")
        host.state["iscsi_sessions"] = [s for s in host.state["iscsi_sessions"] if s["session_id"] not in done]
    host.save()
    counts = counts_for(ACTIONS["iscsi_initiator_logout"], out)
    res = dict(changed=bool(counts["logged_out"] or counts["would_log_out"]), sessions=out, persistent_logins=[],
               counts=counts, msg="%d logged out, %d failed" % (counts["logged_out"], counts["failed"]))
    if counts["failed"]:
        module.fail_json(**res)
    module.exit_json(**res)


def do_iscsi_session_info(module, host):
    p = module.params
    out = [dict(s, connections=[], devices=[], persistent=True) for s in host.state["iscsi_sessions"]
           if (not p.get("target") or s["target_name"] in p["target"])
           and (not p.get("session_id") or s["session_id"] in p["session_id"])]
    module.exit_json(changed=False, sessions=out)


def _target_sessions(module, host):
    p = module.params
    out = []
    for s in host.state["target_sessions"]:
        if p.get("initiator") and s["initiator_iqn"] not in p["initiator"]:
            continue
        if p.get("target") and s["target_name"] not in p["target"]:
            continue
        if p.get("tsih") and s["tsih"] not in p["tsih"]:
            continue
        out.append(s)
    return out


def do_target_stop(module, host):
    p = module.params
    fail_whole(module, host, "iscsi_target_session_stop")
    if not any(p.get(k) for k in ("initiator", "target", "tsih")):
        module.fail_json(msg="Nothing was selected: give initiator, target or tsih.")
    chosen = _target_sessions(module, host)
    targets = []
    for name in sorted(set(s["target_name"] for s in chosen)):
        access = host.state["target_access"].setdefault(name, {"enabled": True, "initiator_ids": []})
        before = {"enabled": access["enabled"], "initiator_ids": list(access["initiator_ids"])}
        t = {"target_name": name, "target_iqn": "iqn.1991-05.com.microsoft:%s" % name, "enabled_before": before["enabled"],
             "initiator_ids_before": before["initiator_ids"], "revoked": [], "disabled": False, "reason": None,
             "error": None}
        if p.get("revoke_access"):
            gone = ["IQN:%s" % s["initiator_iqn"] for s in chosen if s["target_name"] == name]
            t["revoked"] = [i for i in before["initiator_ids"] if i in gone]
        if p.get("disable_target") and before["enabled"]:
            t["disabled"] = True
        change = bool(t["revoked"] or t["disabled"])
        if change and not module.check_mode:
            host.record_set_if_absent("target_access:%s" % name, before)  # what was found before the first change
            access["initiator_ids"] = [i for i in before["initiator_ids"] if i not in t["revoked"]]
            access["enabled"] = access["enabled"] and not t["disabled"]
        t.update(enabled=access["enabled"], initiator_ids=list(access["initiator_ids"]),
                 action=("would_change" if module.check_mode else "changed") if change else "unchanged")
        targets.append(t)
    out = []
    for s in chosen:
        err = session_error(host, "iscsi_target_session_stop", s["initiator_iqn"])
        e = dict(s, isid="400001370000", session_type="normal", target_iqn="iqn.1991-05.com.microsoft:%s" % s["target_name"],
                 initiator_address="10.0.0.1", method="cim", return_value=0, reason=None, logged_in_again_tsih=None,
                 error=error(err) if err else None)
        e["action"] = "failed" if err else ("would_stop" if module.check_mode else "stopped")
        out.append(e)
    if not module.check_mode:
        done = set(e["tsih"] for e in out if e["action"] == "stopped")
        host.state["target_sessions"] = [s for s in host.state["target_sessions"] if s["tsih"] not in done]
    host.save()
    counts = counts_for(ACTIONS["iscsi_target_session_stop"], out)
    res = dict(changed=bool(counts["stopped"] or counts["would_stop"] or any(t["action"] != "unchanged" for t in targets)),
               sessions=out, targets=targets, method="cim", counts=counts,
               msg="%d stopped, %d failed" % (counts["stopped"], counts["failed"]))
    if counts["failed"]:
        module.fail_json(**res)
    module.exit_json(**res)


def do_target_access_restore(module, host):
    p = module.params
    fail_whole(module, host, "iscsi_target_access_restore")
    if not p.get("target") and not p.get("all"):
        module.fail_json(msg="Nothing was selected: give target or all: true.")
    records = host.state.setdefault("records", {})
    names = sorted(k.split(":", 1)[1] for k in records if k.startswith("target_access:"))
    if p.get("target"):
        names = list(p["target"])
    out = []
    for name in names:
        rec = host.record_get("target_access:%s" % name)
        if rec is None:
            out.append({"target_name": name, "action": "no_record", "error": None})
            continue
        out.append({"target_name": name, "action": "would_restore" if module.check_mode else "restored",
                    "enabled": rec["enabled"], "initiator_ids": rec["initiator_ids"], "error": None})
        if not module.check_mode:
            host.state["target_access"][name] = dict(rec)
            host.record_clear("target_access:%s" % name)
    host.save()
    module.exit_json(changed=any(t["action"] in ("restored", "would_restore") for t in out), targets=out)


def do_target_session_info(module, host):
    linked = host.script.get("target_endpoint_linked", True)
    out = []
    for s in _target_sessions(module, host):
        out.append({"tsih": s["tsih"], "isid": "400001370000", "session_type": "normal",
                    "initiator_iqn": s["initiator_iqn"], "target_name": s["target_name"] if linked else None,
                    "target_iqn": ("iqn.1991-05.com.microsoft:%s" % s["target_name"]) if linked else None,
                    "initiator_address": "10.0.0.1"})
    module.exit_json(changed=False, sessions=out)


HANDLERS = {
    "rds_logoff": do_rds_logoff, "rds_message": do_rds_message, "rds_session_info": do_rds_session_info,
    "rds_logon_mode": do_rds_logon_mode, "rds_logon_mode_info": do_rds_logon_mode_info,
    "iscsi_initiator_logout": do_iscsi_logout, "iscsi_session_info": do_iscsi_session_info,
    "iscsi_target_session_stop": do_target_stop, "iscsi_target_access_restore": do_target_access_restore,
    "iscsi_target_session_info": do_target_session_info,
}


def run(name, spec):
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    host = Host(module)
    host.log(name, module.params, module.check_mode)
    HANDLERS[name](module, host)
