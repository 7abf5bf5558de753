# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet simulation: the real drain role and playbooks, run by ansible-playbook against many local hosts.

    tools/fleet_sim.py [--hosts N] [--forks N] [--work DIR]        the scenarios, "N passed, N failed" at the end
    tools/fleet_sim.py --bench [--hosts 300] [--forks 5] [--grace 5] the grace-period benchmark (tools/bench.sh)

No Windows here. The collection is copied into a scratch directory (never shipped) where every module's .ps1 is
removed and replaced by a Python stand-in (tests/workflows/fleet/standin.py) that validates the options the
module documents (DOCUMENTATION, with the collection-wide option names) and returns results shaped on its RETURN.
Each host is ansible_connection=local with its own state directory; failures are scripted per host in host_vars
(fleet_script). The checks read the hosts' state and call logs, the run's report and ansible-playbook's output.
"""
from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
RDS_SELECTORS = {
    "exclude_username": {"type": "list", "elements": "str"},
    "exclude_session_id": {"type": "list", "elements": "int"},
    "disconnected_longer_than": {"type": "str"},
    "idle_longer_than": {"type": "str"},
    "all": {"type": "bool", "default": False},
}
STATES = ["active", "connected", "connect_query", "shadow", "disconnected", "idle", "listen", "reset", "down", "init"]
# Modules the collection-wide decisions add, until their own docs are in this tree: their options as decided.
NEW_MODULES = {
    "rds_message": {
        "session_id": {"type": "list", "elements": "int"}, "username": {"type": "list", "elements": "str"},
        "session_state": {"type": "list", "elements": "str", "choices": STATES}, "server": {"type": "str"},
        "message": {"type": "str", "required": True}, "message_title": {"type": "str"},
        "wait_for_response": {"type": "bool", "default": False}, "timeout": {"type": "int", "default": 60},
    },
    "iscsi_target_access_restore": {"target": {"type": "list", "elements": "str"},
                                    "all": {"type": "bool", "default": False}},
}
STANDIN = '''#!/usr/bin/python
# Fleet simulation stand-in (never shipped): see tests/workflows/fleet/standin.py.
from ansible_collections.sessionctl.windows.plugins.module_utils._fleet_standin import run

SPEC = %s

if __name__ == "__main__":
    run(%r, SPEC)
'''


def documented_options(name):
    path = ROOT / "plugins" / "modules" / (name + ".py")
    if not path.exists():
        return None
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DOCUMENTATION":
            return yaml.safe_load(node.value.value).get("options") or {}
    return {}


def spec_for(name):
    """The argument spec of a module: its DOCUMENTATION options with the collection-wide option names applied."""
    opts = documented_options(name)
    spec = {}
    if opts is None:
        opts = json.loads(json.dumps(NEW_MODULES[name]))
    for key, doc in opts.items():
        entry = dict((k, doc[k]) for k in ("type", "elements", "choices", "default", "required") if k in doc)
        entry.setdefault("type", "str")
        spec[key] = entry
    if name in ("rds_logoff", "rds_session_info", "rds_message"):
        if "state" in spec and "session_state" not in spec:  # session_state replaces state (no alias)
            spec["session_state"] = spec.pop("state")
        for key, entry in RDS_SELECTORS.items():
            spec.setdefault(key, dict(entry))
    if name == "rds_logon_mode" and "restore" not in spec["mode"].get("choices", []):
        spec["mode"]["choices"] = list(spec["mode"]["choices"]) + ["restore"]
    if name == "iscsi_session_info":
        spec.setdefault("portal", {"type": "str"})
    return spec


MODULES = ["rds_logoff", "rds_message", "rds_session_info", "rds_logon_mode", "rds_logon_mode_info",
           "iscsi_initiator_logout", "iscsi_session_info", "iscsi_target_session_stop", "iscsi_target_session_info",
           "iscsi_target_access_restore"]


def build_collection(work):
    coll = work / "collections" / "ansible_collections" / "sessionctl" / "windows"
    if coll.exists():
        shutil.rmtree(coll)
    ignore = shutil.ignore_patterns(".git", ".venv*", "output", "__pycache__", "dist", "build", "collections")
    shutil.copytree(ROOT, coll, ignore=ignore)
    for ps1 in (coll / "plugins" / "modules").glob("*.ps1"):
        ps1.unlink()
    for name in MODULES:
        (coll / "plugins" / "modules" / (name + ".py")).write_text(
            STANDIN % (json.dumps(spec_for(name), indent=1, sort_keys=True).replace("true", "True")
                       .replace("false", "False").replace("null", "None"), name), encoding="utf-8")
    shutil.copy(ROOT / "tests" / "workflows" / "fleet" / "standin.py",
                coll / "plugins" / "module_utils" / "_fleet_standin.py")
    return coll


def rds_sessions():
    return [
        {"session_id": 0, "username": None, "domain": None, "session_state": "disconnected", "session_name": "Services"},
        {"session_id": 65536, "username": None, "domain": None, "session_state": "listen", "session_name": "RDP-Tcp"},
        {"session_id": 1, "username": "alice", "domain": "CONTOSO", "session_state": "active", "idle_seconds": 30},
        {"session_id": 2, "username": "bob", "domain": "CONTOSO", "session_state": "disconnected",
         "idle_seconds": 7200, "disconnected_seconds": 3600},
    ]


class Fleet:
    def __init__(self, work, hosts, forks):
        self.work = work
        self.inv = work / "inventory"
        self.hostdir = work / "hosts"
        self.forks = forks
        self.names = ["h%03d" % i for i in range(1, hosts + 1)]
        self.coll_parent = work / "collections"
        self.env = dict(os.environ)
        self.env.update({
            "ANSIBLE_COLLECTIONS_PATH": str(self.coll_parent), "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "0", "ANSIBLE_HOME": str(work / "home"), "ANSIBLE_HOST_KEY_CHECKING": "0",
            "ANSIBLE_LOCAL_TEMP": str(work / "ltmp"), "ANSIBLE_SHOW_CUSTOM_STATS": "1",
            "ANSIBLE_DEPRECATION_WARNINGS": "0", "ANSIBLE_PIPELINING": "1", "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "PATH": str(BIN) + os.pathsep + self.env.get("PATH", ""),
        })
        self.env.pop("ANSIBLE_CONFIG", None)
        self.runs = 0

    def reset(self, groups):
        """Write the inventory: groups is {group: {host: host_vars}}; every host gets a fresh state."""
        if self.inv.exists():
            shutil.rmtree(self.inv)
        (self.inv / "host_vars").mkdir(parents=True)
        (self.inv / "group_vars").mkdir()
        lines = []
        allvars = {}
        for group, hosts in groups.items():
            if group.startswith("vars:"):
                (self.inv / "group_vars" / (group[5:] + ".yml")).write_text(yaml.safe_dump(hosts))
                continue
            lines.append("[%s]" % group)
            lines.extend(sorted(hosts))
            for host, hv in hosts.items():
                allvars.setdefault(host, {}).update(hv)
        (self.inv / "hosts.ini").write_text("\n".join(lines) + "\n")
        for host, hv in allvars.items():
            self.reset_host(host, hv)

    def reset_host(self, host, hv):
        d = self.hostdir / host
        if d.exists():
            shutil.rmtree(d)
        (d / "tmp").mkdir(parents=True)
        script = hv.get("fleet_script") or {}
        state = {"name": host, "host_vars_file": str(self.inv / "host_vars" / (host + ".yml")),
                 "rds_sessions": script.get("rds_sessions", rds_sessions()), "logon_mode": "enabled",
                 "iscsi_sessions": script.get("iscsi_sessions", [
                     {"session_id": "%s-1" % host, "target_name": "t-data",
                      "initiator_name": "iqn.1991-05.com.microsoft:%s" % host}]),
                 "target_sessions": script.get("target_sessions", []),
                 "target_access": script.get("target_access", {}), "records": {}}
        (d / "state.json").write_text(json.dumps(state, indent=1))
        hv = dict(hv)
        hv.setdefault("ansible_connection", "local")
        hv["ansible_remote_tmp"] = str(d / "tmp")
        (self.inv / "host_vars" / (host + ".yml")).write_text(yaml.safe_dump(hv))

    def state(self, host):
        return json.loads((self.hostdir / host / "state.json").read_text())

    def calls(self, host):
        path = self.hostdir / host / "calls.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def clear_calls(self):
        for d in self.hostdir.iterdir():
            (d / "calls.jsonl").unlink(missing_ok=True)

    def play(self, playbook, extra=None, check=False, inventory=None, forks=None, args=()):
        self.runs += 1
        cmd = [str(BIN / "ansible-playbook"), "-i", str(inventory or self.inv), "-f", str(forks or self.forks)]
        coll = self.coll_parent / "ansible_collections" / "sessionctl" / "windows"
        cmd.append(str(coll / "playbooks" / playbook) if "/" not in str(playbook) else str(playbook))
        for key, value in (extra or {}).items():
            cmd += ["-e", json.dumps({key: value})]
        if check:
            cmd.append("--check")
        cmd += list(args)
        start = time.time()
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=1800, check=False)
        log = self.work / ("run-%02d-%s.log" % (self.runs, pathlib.Path(str(playbook)).stem))
        log.write_text("$ %s\n%s\n%s" % (" ".join(cmd), proc.stdout, proc.stderr))
        return proc.returncode, proc.stdout + proc.stderr, time.time() - start, log


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("PASS %s" % name)
        else:
            self.failed += 1
            print("FAIL %s%s" % (name, (": " + str(detail)[:1500]) if detail else ""))
        return ok


def records_of(report, host, step=None):
    return [r for r in report["records"] if r["host"] == host and (step is None or r["step"] == step)]


def load_report(base):
    try:
        report = json.loads(pathlib.Path(str(base) + ".json").read_text())
        rows = list(csv.DictReader(io.StringIO(pathlib.Path(str(base) + ".csv").read_text())))
        return report, rows
    except (OSError, ValueError):
        return {"records": [], "hosts": {}}, []


def main_inventory(fleet, grace):
    """The fleet: every host an RD Session Host with iSCSI storage; a few hosts scripted to fail."""
    fleet_hosts = dict((h, {}) for h in fleet.names)
    n = fleet.names
    fleet_hosts[n[0]] = {"fleet_script": {"fail": {"rds_logon_mode": "WBEM_E_ACCESS_DENIED"}}}
    fleet_hosts[n[1]] = {"fleet_script": {"fail_items": {"rds_logoff": {"1": "ERROR_ACCESS_DENIED"}}}}
    fleet_hosts[n[2]] = {"fleet_script": {"fail": {"rds_message": "ERROR_ACCESS_DENIED"}}}
    fleet_hosts[n[3]] = {"ansible_connection": "ssh", "ansible_host": "127.0.0.1", "ansible_port": 9,
                         "ansible_ssh_common_args": "-o ConnectTimeout=3 -o BatchMode=yes"}
    fleet_hosts[n[4]] = {"drain_iscsi_targets": ["t-logs"], "fleet_script": {"iscsi_sessions": [
        {"session_id": "s-data", "target_name": "t-data", "initiator_name": "iqn.1991-05.com.microsoft:h005"},
        {"session_id": "s-logs", "target_name": "t-logs", "initiator_name": "iqn.1991-05.com.microsoft:h005"}]}}
    fleet_hosts[n[5]] = {"drain_rds_all": False, "drain_rds_users": ["alice"]}
    fleet_hosts[n[6]] = {"fleet_script": {"leave_after_warning": [2]}}
    fleet_hosts[n[7]] = {"fleet_script": {"fail_items": {"iscsi_initiator_logout": {"t-data": "ISDSC_SESSION_BUSY"}}}}
    fleet_hosts[n[8]] = {"drain_rds_grace_period": grace + 1}
    return {
        "fleet": fleet_hosts,
        "small": dict((h, fleet_hosts[h]) for h in n[9:15]),
        "vars:fleet": {"drain_rds_logon_mode": "drain", "drain_rds_grace_period": grace,
                       "drain_iscsi_targets": ["t-data"], "drain_rds_all": True},
    }


def scenario_drain(fleet, c, grace=2):
    fleet.reset(main_inventory(fleet, grace))
    n = fleet.names
    base = fleet.work / "report-drain"
    rc, out, secs, log = fleet.play("decommission.yml", {"target_hosts": "fleet", "report_path": str(base) + ".json"})
    print("drain of %d hosts: %.1f s (%s)" % (len(n), secs, log))
    c.check("drain: the run fails (scripted failures) and names them", rc != 0 and "WBEM_E_ACCESS_DENIED" in out, log)
    report, rows = load_report(base)
    # 1. a host stops at its first failed step; the summary says which steps did not run and why
    h = n[0]
    mods = [x["module"] for x in fleet.calls(h)]
    c.check("item 1: logon mode failed -> no warning, logoff or iSCSI logout on that host", mods == ["rds_logon_mode"],
            mods)
    st = fleet.state(h)
    c.check("item 1: its users are still logged on, its storage attached",
            len(st["rds_sessions"]) == 4 and len(st["iscsi_sessions"]) == 1)
    not_run = dict((r["step"], r["reason"]) for r in records_of(report, h) if r["action"] == "not_run")
    c.check("item 1: the report lists the steps not run and why",
            set(not_run) == {"rds_message", "rds_logoff", "iscsi_logout"}
            and all("rds_logon_mode failed" in why for why in not_run.values()), not_run)
    fail = [r for r in records_of(report, h, "rds_logon_mode") if r["action"] == "failed"]
    c.check("item 5: the failure record carries the error name and hex",
            fail and fail[0]["error_name"] == "WBEM_E_ACCESS_DENIED" and fail[0]["error_hex"] == "0x80041003", fail)
    h = n[1]
    mods = [x["module"] for x in fleet.calls(h)]
    st = fleet.state(h)
    c.check("item 1: a failed logoff stops the iSCSI logout of that host",
            "iscsi_initiator_logout" not in mods and len(st["iscsi_sessions"]) == 1, mods)
    c.check("nothing is lost: the other session of that host is logged off",
            [s["session_id"] for s in st["rds_sessions"]] == [0, 65536, 1], st["rds_sessions"])
    h = n[2]
    mods = [x["module"] for x in fleet.calls(h)]
    c.check("item 1: a failed warning stops the logoff", mods == ["rds_logon_mode", "rds_message"], mods)
    h = n[7]
    c.check("item 1: a busy iSCSI logout fails that host after its logoffs",
            any(r["action"] == "failed" and r["error_name"] == "ISDSC_SESSION_BUSY"
                for r in records_of(report, h, "iscsi_logout")), records_of(report, h))
    # the other hosts are independent and fully drained
    good = list(n[9:])
    bad = [x for x in good if fleet.state(x)["logon_mode"] != "drain" or len(fleet.state(x)["rds_sessions"]) != 2
           or fleet.state(x)["iscsi_sessions"]]
    c.check("hosts stay independent: %d other hosts drained, logged off and logged out" % len(good), not bad, bad[:5])
    check_inventory_grace_and_report(fleet, c, report, rows, out, grace)
    return report


def check_inventory_grace_and_report(fleet, c, report, rows, out, grace):
    """The main drain's checks of items 2, 3, 5 and 6."""
    n = fleet.names
    # 2. inventory wins
    st = fleet.state(n[4])
    c.check("item 2: per-host drain_iscsi_targets in host_vars wins over group_vars",
            [s["target_name"] for s in st["iscsi_sessions"]] == ["t-data"], st["iscsi_sessions"])
    st = fleet.state(n[5])
    c.check("item 2: per-host selection in host_vars wins over the group (only alice)",
            [s["session_id"] for s in st["rds_sessions"]] == [0, 65536, 2], st["rds_sessions"])
    # 3. one grace period for the run
    msg_times = [x["time"] for h in n for x in fleet.calls(h) if x["module"] == "rds_message"]
    off_times = [x["time"] for h in n for x in fleet.calls(h) if x["module"] == "rds_logoff"]
    c.check("item 3: every host is warned before any host is logged off",
            msg_times and off_times and max(msg_times) < min(off_times))
    c.check("item 3: the first logoff comes at least the longest grace period (%d s) after the last warning"
            % (grace + 1), bool(off_times and msg_times) and min(off_times) - max(msg_times) >= grace + 1 - 0.05,
            "%.2f" % (min(off_times) - max(msg_times)) if off_times and msg_times else "")
    c.check("item 3: the play waited once", out.count("Pausing for %d seconds" % (grace + 1)) == 1,
            out.count("Pausing for"))
    c.check("item 3: no rds_logoff call carries a message or grace period in the two-phase drain",
            not any(x["params"].get("message") or x["params"].get("grace_period")
                    for h in n for x in fleet.calls(h) if x["module"] == "rds_logoff"))
    st = fleet.state(n[6])
    c.check("item 3: a user who left during the grace period is reported already gone",
            any(r["action"] == "already_gone" or (r["step"] == "rds_logoff" and r["session_id"] == 2 and
                                                  r["action"] != "logged_off") for r in records_of(report, n[6]))
            or all(not (r["step"] == "rds_logoff" and r["session_id"] == 2) for r in records_of(report, n[6])),
            records_of(report, n[6], "rds_logoff"))
    # 5. one fleet report
    c.check("item 5: the report covers every host",
            sorted(set(r["host"] for r in report["records"])) == sorted(n), len(set(r["host"] for r in report["records"])))
    c.check("item 5: the unreachable host is in the report as unreachable",
            n[3] in report["hosts"].get("unreachable", []) and any(r["action"] == "unreachable"
                                                                   for r in records_of(report, n[3])),
            report["hosts"].get("unreachable"))
    c.check("item 5: failed hosts are listed", set(n[0:3] + [n[7]]) <= set(report["hosts"].get("failed", [])),
            report["hosts"].get("failed"))
    rec = list(records_of(report, n[20], "rds_logoff"))
    c.check("item 5: records are flat dicts: host, step, session, user, action",
            rec and all(isinstance(r, dict) and r["user"] in ("CONTOSO\\alice", "CONTOSO\\bob")
                        and r["action"] == "logged_off" and r["session_id"] in (1, 2) for r in rec), rec)
    c.check("item 5: the CSV has one row per record", len(rows) == len(report["records"]) and rows
            and set(rows[0]) >= {"host", "step", "action", "error_hex"}, (len(rows), len(report["records"])))
    c.check("item 5: the report is passed on with set_stats", "CUSTOM STATS" in out and "drain_report" in out)
    c.check("item 6: no host reports session 0 or a listener",
            not [r for r in report["records"] if r["session_id"] in (0, 65536) and r["step"].startswith("rds")])


def scenario_rerun_and_restore(fleet, c):
    n = fleet.names
    small = n[9:15]
    # a re-run of a drain (the host is already drained) keeps the record of the first run: enabled
    rc, out, _err, log = fleet.play("drain_rds_host.yml", {"target_hosts": "small"})
    c.check("item 4: a re-run of the drain succeeds", rc == 0, log)
    c.check("item 4: the record of the mode before the first change survives the re-run",
            all(fleet.state(h)["records"].get("rds_logon_mode") == "enabled" for h in small),
            [fleet.state(h)["records"] for h in small[:2]])
    rc, out, _err, log = fleet.play("restore.yml", {"target_hosts": "small"}, check=True)
    c.check("item 4: restore in check mode changes nothing",
            rc == 0 and all(fleet.state(h)["logon_mode"] == "drain" for h in small), log)
    rc, out, _err, log = fleet.play("restore.yml", {"target_hosts": "small"})
    c.check("item 4: restore puts the logon mode back without a fact cache and clears the record",
            rc == 0 and all(fleet.state(h)["logon_mode"] == "enabled" and not fleet.state(h)["records"]
                            for h in small), log)
    rc, out, _err, log = fleet.play("restore.yml", {"target_hosts": "small"})
    c.check("item 4: a second restore changes nothing (idempotent)", rc == 0 and "changed=0" in out
            and all(fleet.state(h)["logon_mode"] == "enabled" for h in small), log)


def scenario_extra_vars_and_failures(fleet, c):
    n = fleet.names
    small = n[9:15]
    for h in small:
        fleet.reset_host(h, {})
    rc, out, _err, log = fleet.play("iscsi_disconnect.yml", {"target_hosts": "small", "survey_drain_iscsi_targets": "",
                                                             "survey_drain_iscsi_busy": None})
    c.check("item 2: survey questions left blank ('' or null) leave the inventory's settings",
            rc == 0 and all(x["params"].get("target") == ["t-data"] and x["params"].get("busy") == "fail"
                            for h in small for x in fleet.calls(h) if x["module"] == "iscsi_initiator_logout"), log)
    for h in small:
        fleet.reset_host(h, {})
    rc, out, _err, log = fleet.play("iscsi_disconnect.yml", {"target_hosts": "small", "survey_drain_iscsi_busy": "force"})
    c.check("item 7: a bad survey answer is refused by the role's argument spec before any module runs",
            rc != 0 and "drain_iscsi_busy" in out and not any(fleet.calls(h) for h in small), log)
    rc, out, _err, log = fleet.play("iscsi_disconnect.yml", {"target_hosts": "small", "survey_drain_iscsi_targets": "t-other"})
    c.check("item 2: a survey answer overrides group_vars when given",
            rc == 0 and all(fleet.state(h)["iscsi_sessions"] for h in small)
            and all(x["params"].get("target") == ["t-other"] for h in small for x in fleet.calls(h)
                    if x["module"] == "iscsi_initiator_logout")
            and not any(x["module"].startswith("rds") for h in small for x in fleet.calls(h)), log)
    # a host drained by hand before: its restore must not re-enable logons
    fleet.reset_host(small[0], {})
    st = fleet.state(small[0])
    st["logon_mode"] = "drain"
    (fleet.hostdir / small[0] / "state.json").write_text(json.dumps(st))
    rc, out, _err, log = fleet.play("drain_rds_host.yml", {"target_hosts": small[0], "drain_rds_grace_period": 0})
    rc, out, _err, log = fleet.play("restore.yml", {"target_hosts": small[0]})
    c.check("item 4: a host drained by hand before the drain stays drained after the restore",
            rc == 0 and fleet.state(small[0])["logon_mode"] == "drain", log)
    # carry on after a failure, when asked
    h = small[1]
    fleet.reset_host(h, {"fleet_script": {"fail": {"rds_logon_mode": "WBEM_E_ACCESS_DENIED"}}})
    rc, out, _err, log = fleet.play("decommission.yml", {"target_hosts": h, "drain_continue_after_failure": True,
                                                         "drain_rds_grace_period": 0})
    mods = [x["module"] for x in fleet.calls(h)]
    c.check("item 1: drain_continue_after_failure keeps the carry-on behaviour (the host still fails)",
            rc != 0 and "rds_logoff" in mods and "iscsi_initiator_logout" in mods, mods)
    # batch size and max_fail_percentage
    for x in small:
        fleet.reset_host(x, {})
    fleet.reset_host(small[0], {"fleet_script": {"fail": {"rds_logon_mode": "WBEM_E_ACCESS_DENIED"}}})
    fleet.clear_calls()
    rc, out, _err, log = fleet.play("drain_rds_host.yml", {"target_hosts": "small", "drain_batch": 2,
                                                           "drain_max_fail_percentage": 0, "drain_rds_grace_period": 0,
                                                           "report_path": str(fleet.work / "report-batch")})
    report, _err = load_report(fleet.work / "report-batch")
    c.check("item 1: drain_batch and drain_max_fail_percentage stop the run after the failed batch",
            rc != 0 and not any(fleet.calls(x) for x in small[2:]) and fleet.calls(small[1]), log)
    c.check("item 5: hosts the stopped run never reached are in the report as no_result",
            set(small[2:]) <= set(report["hosts"].get("no_result", [])), report.get("hosts"))
    # check mode
    for x in small:
        fleet.reset_host(x, {})
    rc, out, _err, log = fleet.play("drain_rds_host.yml", {"target_hosts": "small",
                                                           "report_path": str(fleet.work / "report-check")}, check=True)
    report, _err = load_report(fleet.work / "report-check")
    c.check("check mode: nothing changes, no wait, the report lists what would end",
            rc == 0 and all(fleet.state(x)["logon_mode"] == "enabled" and len(fleet.state(x)["rds_sessions"]) == 4
                            for x in small) and "Pausing" not in out
            and any(r["action"] == "would_log_off" for r in report["records"]), log)


def scenario_no_target_hosts(fleet, c):
    if not fleet.inv.exists():
        fleet.reset(main_inventory(fleet, 0))
    fleet.clear_calls()
    for pb in ("drain_rds_host.yml", "iscsi_disconnect.yml", "decommission.yml", "restore.yml", "field_check.yml"):
        rc, out, _err, log = fleet.play(pb)
        called = [h for h in fleet.names if fleet.calls(h)]
        c.check("item 2: %s without target_hosts fails naming it before any module runs" % pb,
                rc != 0 and "target_hosts is not set" in out and not called, log)


def decommission_inventory(fleet):
    n = fleet.names
    decom = dict((h, {}) for h in n[20:24])
    tsess = []
    for i, h in enumerate(n[20:24]):
        tsess.append({"tsih": 10 + i, "initiator_iqn": "iqn.1991-05.com.microsoft:%s" % h, "target_name": "t-data"})
    tsess.append({"tsih": 99, "initiator_iqn": "iqn.1991-05.com.microsoft:keep01", "target_name": "t-data"})
    access = {"t-data": {"enabled": True, "initiator_ids": ["IQN:iqn.1991-05.com.microsoft:%s" % h for h in n[20:24]]
                         + ["IQN:iqn.1991-05.com.microsoft:keep01"]}}
    servers = {"tgt01": {"drain_target_revoke_access": True, "drain_restore_target_access": True,
                         "drain_restore_logon_mode": False,
                         "fleet_script": {"target_sessions": tsess, "target_access": access}}}
    inv = main_inventory(fleet, 0)
    inv.update({"decom": decom, "targets": servers})
    inv["vars:decom"] = {"drain_iscsi_targets": ["t-data"], "drain_rds_grace_period": 1}
    return inv


def scenario_decommission(fleet, c):
    fleet.reset(decommission_inventory(fleet))
    n = fleet.names
    rc, out, _err, log = fleet.play("decommission.yml", {"target_hosts": "decom", "drain_target_servers": "targets",
                                                         "report_path": str(fleet.work / "report-decom")})
    st = fleet.state("tgt01")
    c.check("decommission: users logged off and storage logged out for good on every decommissioned host",
            rc == 0 and all(len(fleet.state(h)["rds_sessions"]) == 2 and not fleet.state(h)["iscsi_sessions"]
                            for h in n[20:24]), log)
    c.check("decommission: the target server stopped exactly the decommissioned initiators' sessions",
            [s["tsih"] for s in st["target_sessions"]] == [99], st["target_sessions"])
    c.check("item 4: revoked access is recorded on the target server",
            st["target_access"]["t-data"]["initiator_ids"] == ["IQN:iqn.1991-05.com.microsoft:keep01"]
            and "target_access:t-data" in st["records"], st)
    report, _err = load_report(fleet.work / "report-decom")
    c.check("item 5: one report for both plays (decommissioned hosts and target server)",
            set(n[20:24] + ["tgt01"]) <= set(report["hosts"].get("ok", [])), report.get("hosts"))
    rc, out, _err, log = fleet.play("restore.yml", {"target_hosts": "targets"})
    st = fleet.state("tgt01")
    c.check("item 4: restore.yml puts the target's access back from the host's record and clears it",
            rc == 0 and len(st["target_access"]["t-data"]["initiator_ids"]) == 5 and not st["records"], log)
    # an AWX slice holds part of the inventory: here, the decommissioned hosts without the target servers
    sliced = fleet.work / "slice.ini"
    sliced.write_text("[decom]\n" + "\n".join(n[20:22]) + "\n")
    fleet.clear_calls()
    rc, out, _err, log = fleet.play("decommission.yml", {"target_hosts": "decom", "drain_target_servers": "targets"},
                                    inventory=sliced)
    c.check("item 2: decommission.yml refuses a slice without the target servers, says why, ends nothing",
            rc != 0 and "sliced job" in out and not any(fleet.calls(h) for h in n), log)


def scenario_field_check(fleet, c):
    n = fleet.names
    inv = decommission_inventory(fleet)
    inv["targets"]["tgt01"]["fleet_script"]["target_endpoint_linked"] = False
    inv["fleet"][n[30]] = {"fleet_script": {"disconnected_keeps_last_input": False}}
    fleet.reset(inv)
    before = dict((h, fleet.state(h)) for h in n[28:32] + ["tgt01"])
    out_path = fleet.work / "field-check.json"
    rc, out, _err, log = fleet.play("field_check.yml", {"target_hosts": "%s:%s:%s:%s:tgt01" % tuple(n[28:32]),
                                                        "field_check_path": str(out_path)})
    c.check("field check: runs green", rc == 0, log)
    calls = [x["module"] for h in n[28:32] + ["tgt01"] for x in fleet.calls(h)]
    c.check("field check: only _info modules ran", calls and all(m.endswith("_info") for m in calls), sorted(set(calls)))
    c.check("field check: nothing changed on any host",
            all(fleet.state(h) == before[h] for h in before))
    try:
        data = json.loads(out_path.read_text())
    except (OSError, ValueError) as e:
        c.check("field check: the JSON report exists", False, e)
        return
    claimed = data.get("points_settled") or []
    missing = [(h, p) for h, hd in data["hosts"].items() for p in claimed if p not in hd.get("points", {})]
    c.check("field check: the report has an entry for every point it claims to settle, on every host",
            claimed and not missing, missing[:5])
    hd = data["hosts"]
    c.check("field check: a disconnected session without a last input time is recorded",
            hd[n[30]]["points"]["rds_disconnected_last_input_time"]["observed"] == "not kept"
            and hd[n[29]]["points"]["rds_disconnected_last_input_time"]["observed"] == "kept",
            (hd[n[30]]["points"]["rds_disconnected_last_input_time"], hd[n[29]]["points"]["rds_disconnected_last_input_time"]))
    c.check("field check: a target provider that does not link sessions to their target is recorded",
            hd["tgt01"]["points"]["iscsi_target_session_endpoint_link"]["observed"] == "not linked",
            hd["tgt01"]["points"]["iscsi_target_session_endpoint_link"])
    c.check("field check: the code for a session id that does not exist is recorded",
            "ERROR_CTX_WINSTATION_NOT_FOUND" in json.dumps(hd[n[28]]["points"]["rds_missing_session_id_code"]))


# awx.awx.job_template's argument spec (the options and types of awx_collection/plugins/modules/job_template.py),
# for a stub module: awx.awx is not installable offline here, so the templates are run against this stub, which
# validates every option as the real module's AnsibleModule would (names, types, choices), and returns them.
AWX_JOB_TEMPLATE_SPEC = dict(
    name=dict(required=True), new_name=dict(), copy_from=dict(), description=dict(), organization=dict(),
    job_type=dict(choices=["run", "check"]), inventory=dict(), project=dict(), playbook=dict(), credential=dict(),
    vault_credential=dict(), credentials=dict(type="list", elements="str"), execution_environment=dict(),
    custom_virtualenv=dict(), instance_groups=dict(type="list", elements="str"), forks=dict(type="int"),
    limit=dict(), verbosity=dict(type="int", choices=[0, 1, 2, 3, 4], default=0), extra_vars=dict(type="dict"),
    job_tags=dict(), force_handlers=dict(type="bool", default=False), skip_tags=dict(), start_at_task=dict(),
    timeout=dict(type="int", default=0), use_fact_cache=dict(type="bool"), host_config_key=dict(no_log=False),
    ask_diff_mode_on_launch=dict(type="bool"), ask_variables_on_launch=dict(type="bool"),
    ask_limit_on_launch=dict(type="bool"), ask_tags_on_launch=dict(type="bool"),
    ask_skip_tags_on_launch=dict(type="bool"), ask_job_type_on_launch=dict(type="bool"),
    ask_verbosity_on_launch=dict(type="bool"), ask_inventory_on_launch=dict(type="bool"),
    ask_credential_on_launch=dict(type="bool"), ask_execution_environment_on_launch=dict(type="bool"),
    ask_forks_on_launch=dict(type="bool"), ask_instance_groups_on_launch=dict(type="bool"),
    ask_job_slice_count_on_launch=dict(type="bool"), ask_labels_on_launch=dict(type="bool"),
    ask_timeout_on_launch=dict(type="bool"), survey_enabled=dict(type="bool"), survey_spec=dict(type="dict"),
    become_enabled=dict(type="bool"), diff_mode=dict(type="bool"), allow_simultaneous=dict(type="bool"),
    scm_branch=dict(), ask_scm_branch_on_launch=dict(type="bool"), job_slice_count=dict(type="int", default=1),
    webhook_service=dict(choices=["github", "gitlab", ""]), webhook_credential=dict(),
    labels=dict(type="list", elements="str"), notification_templates_started=dict(type="list", elements="str"),
    notification_templates_success=dict(type="list", elements="str"),
    notification_templates_error=dict(type="list", elements="str"),
    prevent_instance_group_fallback=dict(type="bool"), state=dict(choices=["present", "absent"], default="present"),
)
AWX_STUB = """#!/usr/bin/python
# Stub of awx.awx.job_template for the fleet simulation: validates the options, changes nothing.
import json
from ansible.module_utils.basic import AnsibleModule
SPEC = json.loads(%r)
module = AnsibleModule(argument_spec=SPEC, supports_check_mode=True)
module.exit_json(changed=True, params=module.params)
"""
SURVEY_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}


def survey_problems(doc):
    """What AWX's survey spec validation refuses (JobTemplateSurveySpec), and empty choices it cannot offer."""
    bad = []
    if not isinstance(doc.get("name"), str) or "description" not in doc or not isinstance(doc.get("spec"), list):
        return ["the spec needs name, description and a spec list"]
    seen = set()
    for q in doc["spec"]:
        var = q.get("variable")
        where = "question %r" % var
        for key in ("question_name", "variable", "type", "required"):
            if key not in q:
                bad.append("%s: no %s" % (where, key))
        if q.get("type") not in SURVEY_TYPES:
            bad.append("%s: type %r" % (where, q.get("type")))
        if var in seen:
            bad.append("%s: twice" % where)
        seen.add(var)
        if not isinstance(q.get("required"), bool):
            bad.append("%s: required is not a bool" % where)
        if q.get("type") in ("multiplechoice", "multiselect"):
            choices = q.get("choices")
            choices = choices.split("\n") if isinstance(choices, str) else choices
            if not isinstance(choices, list) or not choices:
                bad.append("%s: no choices" % where)
                continue
            if any(not isinstance(x, str) or not x.strip() for x in choices):
                bad.append("%s: an empty choice (AWX cannot offer it: make the question optional)" % where)
            default = q.get("default")
            defaults = default if isinstance(default, list) else ([] if default in (None, "") else
                                                                  str(default).split("\n"))
            if q["type"] == "multiplechoice" and len(defaults) > 1:
                bad.append("%s: more than one default" % where)
            if any(d not in choices for d in defaults):
                bad.append("%s: default %r not among the choices" % (where, default))
        if q.get("type") == "integer":
            if "default" in q and not isinstance(q["default"], int):
                bad.append("%s: default is not an integer" % where)
            if not (isinstance(q.get("min"), int) and isinstance(q.get("max"), int) and q["min"] <= q["max"]):
                bad.append("%s: min/max" % where)
        if q.get("type") in ("text", "textarea") and "default" in q and not isinstance(q["default"], str):
            bad.append("%s: default is not text" % where)
    return bad


def scenario_awx(fleet, c):
    coll = fleet.coll_parent / "ansible_collections" / "sessionctl" / "windows"
    specs = yaml.safe_load((ROOT / "roles" / "drain" / "meta" / "argument_specs.yml").read_text())["argument_specs"]
    for path in sorted((ROOT / "awx" / "surveys").glob("*.json")):
        doc = json.loads(path.read_text())
        c.check("item 7: survey %s is valid for AWX" % path.name, not survey_problems(doc), survey_problems(doc))
        playbook = (ROOT / "playbooks" / (path.stem + ".yml")).read_text()
        entry = "restore" if path.stem == "restore" else "main"
        wrong = []
        for q in doc["spec"]:
            var = q["variable"]
            if var.startswith("survey_"):
                opt = specs[entry]["options"].get(var[len("survey_"):])
                if opt is None:
                    wrong.append("%s: no such role variable" % var)
                elif opt.get("choices") and any(x not in opt["choices"] for x in q.get("choices", [])):
                    wrong.append("%s: choices outside the role's" % var)
                if q["required"]:
                    wrong.append("%s: a per-host setting must be optional (blank: the inventory decides)" % var)
            elif var not in playbook and var not in ("report_path",):
                wrong.append("%s: the playbook does not read it" % var)
        c.check("item 7: every question of %s reaches the playbook or the role" % path.name, not wrong, wrong)
    stub = fleet.work / "awx-collections" / "ansible_collections" / "awx" / "awx" / "plugins" / "modules"
    stub.mkdir(parents=True, exist_ok=True)
    (stub / "job_template.py").write_text(AWX_STUB % json.dumps(AWX_JOB_TEMPLATE_SPEC))
    (stub.parent.parent / "galaxy.yml").write_text("namespace: awx\nname: awx\nversion: 0.0.0\n")
    env = dict(fleet.env, ANSIBLE_COLLECTIONS_PATH=str(fleet.work / "awx-collections"))
    jt = coll / "awx" / "job_templates.yml"
    proc = subprocess.run([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "--syntax-check", str(jt)],
                          env=env, capture_output=True, text=True, check=False)
    c.check("item 7: awx/job_templates.yml passes --syntax-check (awx.awx stub)", proc.returncode == 0,
            proc.stdout + proc.stderr)
    proc = subprocess.run([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(jt), "-v"],
                          env=env, capture_output=True, text=True, check=False)
    c.check("item 7: every job template's options pass awx.awx.job_template's argument spec",
            proc.returncode == 0 and proc.stdout.count("changed: [localhost]") == 5, proc.stdout[-3000:] + proc.stderr)


def bench(fleet, c, hosts, grace):
    """The two-phase drain against one grace period per host, in one run.

    Goal (issue "one grace period for the whole run"): the two-phase drain with the grace period takes at most twice
    the same run with no grace period plus one grace period.
    """
    inv = {"fleet": dict((h, {"fleet_script": {"iscsi_sessions": []}}) for h in fleet.names),
           "vars:fleet": {"drain_rds_all": True}}
    runs = (("same run, no grace period", {"drain_rds_grace": "run", "drain_rds_grace_period": 0}),
            ("two-phase (drain_rds_grace: run)", {"drain_rds_grace": "run", "drain_rds_grace_period": grace}),
            ("per host (drain_rds_grace: host)", {"drain_rds_grace": "host", "drain_rds_grace_period": grace}))
    times = {}
    for label, extra in runs:
        fleet.reset(inv)
        rc, out, secs, log = fleet.play("drain_rds_host.yml", dict(extra, target_hosts="fleet"))
        times[label] = secs
        print("bench: %-36s %7.1f s  (rc %d, %s)" % (label, secs, rc, log))
        c.check("bench: %s ran green" % label, rc == 0, log)
    base = times[runs[0][0]] + grace
    two = times[runs[1][0]]
    per = times[runs[2][0]]
    print("bench: %d hosts, %d forks, %d s grace period: two-phase %.1f s, per host %.1f s, no grace period %.1f s;"
          " goal two-phase <= 2 x (%.1f + %d) = %.1f s; two-phase / (no grace + one grace) = %.2f, per host = %.2f"
          % (hosts, fleet.forks, grace, two, per, times[runs[0][0]], times[runs[0][0]], grace, 2 * base, two / base,
             per / base))
    c.check("bench: two-phase within 2x of (the same run with no grace period + one grace period)", two <= 2 * base)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=None)
    ap.add_argument("--forks", type=int, default=None)
    ap.add_argument("--grace", type=int, default=5)
    ap.add_argument("--work", default=None)
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    hosts = args.hosts or (300 if args.bench else 100)
    forks = args.forks or (5 if args.bench else 10)
    work = pathlib.Path(args.work or tempfile.mkdtemp(prefix="sessionctl-fleet-"))
    work.mkdir(parents=True, exist_ok=True)
    fleet = Fleet(work, hosts, forks)
    build_collection(work)
    c = Checks()
    print("fleet simulation: %d hosts, %d forks, work dir %s" % (hosts, forks, work))
    if args.bench:
        bench(fleet, c, hosts, args.grace)
    else:
        wanted = set(args.only.split(",")) if args.only else None
        for name, fn in (("drain", scenario_drain), ("restore", scenario_rerun_and_restore),
                         ("extra", scenario_extra_vars_and_failures), ("notarget", scenario_no_target_hosts),
                         ("decom", scenario_decommission), ("field", scenario_field_check),
                         ("awx", scenario_awx)):
            if wanted is None or name in wanted:
                fn(fleet, c)
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed or not c.passed else 0


if __name__ == "__main__":
    sys.exit(main())
