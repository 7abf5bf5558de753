# -*- coding: utf-8 -*-
# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drain_summary filter: what the steps of a drain ended, skipped and failed."""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

# Outcome buckets, in the order the summary reports them.
BUCKETS = ("ended", "would_end", "started", "already_gone", "skipped", "failed", "other")

_ENDED = frozenset(("logged_off", "logged_out", "stopped", "removed"))


def _bucket(action):
    if not isinstance(action, str):
        return "other"
    if action in _ENDED:
        return "ended"
    if action.startswith("would_"):
        return "would_end"
    if action.endswith("_started"):
        return "started"
    if action in ("already_gone", "skipped", "failed"):
        return action
    return "other"


def _label(entry):
    """A short, human name for one entry of a module's ``sessions`` or ``persistent_logins``."""
    if "tsih" in entry:
        text = "TSIH %s" % entry.get("tsih")
        who = entry.get("initiator_iqn")
        where = entry.get("target_name") or entry.get("target_iqn")
        if who and where:
            text += " (%s on %s)" % (who, where)
        elif who or where:
            text += " (%s)" % (who or where)
        return text
    if "initiator_instance" in entry or "portal_address" in entry:
        text = "persistent login %s" % entry.get("target_name", "?")
        if entry.get("portal_address"):
            text += " via %s:%s" % (entry.get("portal_address"), entry.get("portal_port", 3260))
        return text
    if "session_id" in entry:
        text = "session %s" % entry.get("session_id")
        if entry.get("target_name"):
            text += " to %s" % entry["target_name"]
        return text
    if "id" in entry:
        text = "session %s" % entry.get("id")
        if entry.get("username"):
            text += " (%s)" % entry["username"]
        return text
    return str(dict(entry))


def _why(entry):
    reason = entry.get("reason") or ""
    error = entry.get("error")
    if isinstance(error, Mapping) and error.get("name") and str(error.get("name")) not in reason:
        decoded = "%s (%s)" % (error.get("name"), error.get("hex", error.get("code")))
        reason = "%s; %s" % (reason, decoded) if reason else decoded
    return reason


def _entries(result):
    for key in ("sessions", "persistent_logins"):
        items = result.get(key)
        if items is None:
            continue
        if isinstance(items, (str, bytes, Mapping)) or not hasattr(items, "__iter__"):
            raise AnsibleFilterError("drain_summary: %s of a step result must be a list, got %s"
                                     % (key, type(items).__name__))
        for item in items:
            if not isinstance(item, Mapping):
                raise AnsibleFilterError("drain_summary: every entry of %s must be a dict, got %s"
                                         % (key, type(item).__name__))
            yield item


def _access(result):
    """What iscsi_target_session_stop did to its targets (revoke_access, disable_target), one line per target."""
    lines = []
    for t in result.get("targets") or []:
        if not isinstance(t, Mapping):
            continue
        did = []
        if t.get("revoked"):
            did.append("revoked %s" % ", ".join(str(i) for i in t["revoked"]))
        if t.get("disabled"):
            did.append("disabled")
        if t.get("action") == "failed":
            did.append("failed: %s" % (t.get("reason") or "no reason given"))
        if did:
            prefix = "would be " if t.get("action") == "would_change" else ""
            lines.append("%s: %s%s" % (t.get("target_name"), prefix, "; ".join(did)))
    return lines


def _step(name, result):
    step = dict((b, []) for b in BUCKETS)
    step["warned"] = []
    step["not_warned"] = []
    step["access"] = []
    if result is None or (isinstance(result, Mapping) and result.get("skipped")):
        step["status"] = "off"
        step["msg"] = (result or {}).get("skip_reason") or "not run"
        step["changed"] = False
    elif not isinstance(result, Mapping):
        raise AnsibleFilterError("drain_summary: the result of step %r must be a dict (a registered task result), "
                                 "got %s" % (name, type(result).__name__))
    else:
        for entry in _entries(result):
            label = _label(entry)
            if entry.get("action") in ("sent", "would_send"):
                # rds_message: a warning, not an end
                step["warned"].append(label if entry["action"] == "sent" else "%s (would be warned)" % label)
                continue
            bucket = _bucket(entry.get("action"))
            if bucket in ("skipped", "failed", "already_gone", "other"):
                why = _why(entry) if bucket != "other" else "action %r" % entry.get("action")
                step[bucket].append("%s: %s" % (label, why) if why else label)
            else:
                step[bucket].append(label)
            if "message_sent" in entry:
                step["warned" if entry.get("message_sent") else "not_warned"].append(label)
        step["access"] = _access(result)
        if "mode" in result or "previous_mode" in result:
            # rds_logon_mode: a setting, not sessions
            step["previous_mode"] = result.get("previous_mode")
            step["mode"] = result.get("mode")
        step_failed = bool(result.get("failed")) or bool(result.get("unreachable"))
        if step_failed and not step["failed"]:
            # the module failed as a whole (bad option, unreachable server, missing feature)
            step["failed"].append("%s: %s" % (name, result.get("msg") or "failed without a message"))
        step["status"] = "failed" if step["failed"] else "ok"
        step["msg"] = result.get("msg") or ""
        step["changed"] = bool(result.get("changed"))
    step["counts"] = dict((b, len(step[b])) for b in BUCKETS + ("warned", "not_warned"))
    return step


RECORD_FIELDS = ("host", "step", "item", "session_id", "target", "user", "action", "reason", "error_code",
                 "error_name", "error_hex")


def _user(entry):
    """The user (DOMAIN\\user) or initiator an entry names, as one string."""
    if entry.get("initiator_iqn") or entry.get("initiator_name"):
        return entry.get("initiator_iqn") or entry.get("initiator_name")
    user = entry.get("username")
    if user and entry.get("domain") and "\\" not in str(user):
        return "%s\\%s" % (entry.get("domain"), user)
    return user


def _record(host, step, **fields):
    rec = dict((f, None) for f in RECORD_FIELDS)
    rec.update(host=host, step=step)
    rec.update(fields)
    return rec


def _error_fields(error):
    if not isinstance(error, Mapping):
        return {}
    return {"error_code": error.get("code"), "error_name": error.get("name"), "error_hex": error.get("hex")}


def _records(host, name, result, step):
    """One flat record per session, login or target change of a step: the fleet report's rows."""
    if step["status"] in ("off",):
        return []
    if step["status"] == "not_run":
        return [_record(host, name, action="not_run", reason=step["msg"])]
    rows = []
    for entry in _entries(result):
        sid = entry.get("session_id", entry.get("id", entry.get("tsih")))
        rows.append(_record(host, name, item=_label(entry), session_id=sid,
                            target=entry.get("target_name") or entry.get("target_iqn"), user=_user(entry),
                            action=entry.get("action"), reason=_why(entry) or None,
                            **_error_fields(entry.get("error"))))
    for t in result.get("targets") or []:
        if isinstance(t, Mapping) and t.get("action") not in (None, "unchanged"):
            rows.append(_record(host, name, item="target %s" % t.get("target_name"), target=t.get("target_name"),
                                action=t.get("action"), reason=t.get("reason"), **_error_fields(t.get("error"))))
    if "mode" in result or "previous_mode" in result:
        rows.append(_record(host, name, item="logon mode", action="changed" if result.get("changed") else
                            ("failed" if step["status"] == "failed" else "unchanged"),
                            reason="%s -> %s" % (result.get("previous_mode"), result.get("mode"))))
    if step["status"] == "failed" and not any(r["action"] == "failed" for r in rows):
        kind = "unreachable" if result.get("unreachable") else "failed"
        rows.append(_record(host, name, action=kind, reason=result.get("msg") or "failed without a message",
                            **_error_fields(result.get("error"))))
    return rows


def drain_summary(steps, host=None, wanted=None, stop_at_failure=True):
    """Summarise registered step results ``{step_name: result}`` into counts and lists per step.

    ``host`` names the host in the records; ``wanted`` lists the steps that were switched on: one of them that
    did not run after an earlier step failed is reported as ``not_run`` (when ``stop_at_failure``), not ``off``.
    """
    if isinstance(steps, Mapping):
        pairs = list(steps.items())
    elif isinstance(steps, (list, tuple)) and all(isinstance(p, (list, tuple)) and len(p) == 2 for p in steps):
        pairs = [tuple(p) for p in steps]
    else:
        raise AnsibleFilterError("drain_summary: expected a dict of step name to registered result (or a list of "
                                 "[name, result] pairs), got %s" % type(steps).__name__)
    if wanted is not None and (isinstance(wanted, (str, bytes, Mapping)) or not hasattr(wanted, "__iter__")):
        raise AnsibleFilterError("drain_summary: wanted must be a list of step names")
    wanted = set(str(w) for w in (wanted or ()))
    summary_steps = {}
    order = []
    records = []
    first_failed = None
    for name, result in pairs:
        name = str(name)
        if name in summary_steps:
            raise AnsibleFilterError("drain_summary: step %r is given twice" % name)
        step = _step(name, result)
        if step["status"] == "off" and name in wanted and first_failed and stop_at_failure:
            step["status"] = "not_run"
            step["msg"] = ("not run: %s failed before it on this host (a host stops at its first failed step; "
                           "drain_continue_after_failure runs the rest)" % first_failed)
        if step["status"] == "failed" and first_failed is None:
            first_failed = name
        summary_steps[name] = step
        order.append(name)
        records.extend(_records(host, name, result if isinstance(result, Mapping) else {}, step))
    totals = dict((b, sum(s["counts"][b] for s in summary_steps.values())) for b in BUCKETS)
    failed_steps = [n for n in order if summary_steps[n]["status"] == "failed"]
    not_run_steps = [n for n in order if summary_steps[n]["status"] == "not_run"]
    parts = []
    for name in order:
        s = summary_steps[name]
        if s["status"] in ("off", "not_run"):
            parts.append("%s: %s" % (name, "off" if s["status"] == "off" else "not run"))
            continue
        bits = ["%d %s" % (s["counts"][b], b.replace("_", " ")) for b in BUCKETS if s["counts"][b]]
        if s["counts"]["warned"] and name == "rds_message":
            bits.insert(0, "%d warned" % s["counts"]["warned"])
        if "mode" in s and not bits:
            if s["status"] == "failed":
                bits = ["failed (was %s)" % s.get("previous_mode")]
            elif s.get("previous_mode") == s.get("mode"):
                bits = ["%s, unchanged" % s.get("mode")]
            else:
                bits = ["%s -> %s" % (s.get("previous_mode"), s.get("mode"))]
        if s["access"]:
            bits.append("access changed on %d target%s" % (len(s["access"]), "" if len(s["access"]) == 1 else "s"))
        parts.append("%s: %s" % (name, ", ".join(bits) if bits else "nothing selected"))
    return {
        "ok": not failed_steps,
        "changed": any(s["changed"] for s in summary_steps.values()),
        "order": order,
        "steps": summary_steps,
        "totals": totals,
        "failed_steps": failed_steps,
        "not_run_steps": not_run_steps,
        "records": records,
        "msg": "; ".join(parts) if parts else "no steps",
    }


def _csv_cell(value):
    text = "" if value is None else str(value)
    if any(c in text for c in ',"\r\n') or text[:1] in ("=", "+", "-", "@"):
        text = '"%s"' % text.replace('"', '""')
    return text


def drain_report_csv(records):
    """The fleet report's records as CSV text (a header line, then one line per record)."""
    if isinstance(records, Mapping):
        records = records.get("records") or []
    lines = [",".join(RECORD_FIELDS)]
    for rec in records:
        if not isinstance(rec, Mapping):
            raise AnsibleFilterError("drain_report_csv: every record must be a dict, got %s" % type(rec).__name__)
        lines.append(",".join(_csv_cell(rec.get(f)) for f in RECORD_FIELDS))
    return "\n".join(lines) + "\n"


def drain_fleet_report(hostvars, hosts, fact="drain_summary"):
    """One run-level report from every host's summary fact: records of every host, hosts with no summary included."""
    if isinstance(hosts, (str, bytes)) or not hasattr(hosts, "__iter__"):
        raise AnsibleFilterError("drain_fleet_report: hosts must be a list of inventory host names")
    report = {"hosts": {"ok": [], "failed": [], "unreachable": [], "no_result": []}, "records": [],
              "totals": dict((b, 0) for b in BUCKETS), "not_run": 0}
    for host in hosts:
        host = str(host)
        try:
            summary = hostvars[host].get(fact)
        except KeyError:
            summary = None
        if not isinstance(summary, Mapping):
            report["hosts"]["no_result"].append(host)
            report["records"].append(_record(host, "run", action="no_result", reason=(
                "no %s on this host: it was unreachable or failed before its summary (see the run's output)"
                % fact)))
            continue
        recs = list(summary.get("records") or [])
        for rec in recs:
            report["records"].append(dict(rec, host=host))
        if any(r.get("action") == "unreachable" for r in recs):
            report["hosts"]["unreachable"].append(host)
        elif not summary.get("ok", False):
            report["hosts"]["failed"].append(host)
        else:
            report["hosts"]["ok"].append(host)
        for b in BUCKETS:
            report["totals"][b] += int((summary.get("totals") or {}).get(b, 0))
        report["not_run"] += len(summary.get("not_run_steps") or [])
    report["ok"] = not (report["hosts"]["failed"] or report["hosts"]["unreachable"] or report["hosts"]["no_result"])
    report["counts"] = dict((k, len(v)) for k, v in report["hosts"].items())
    report["msg"] = "%d hosts: %d ok, %d failed, %d unreachable, %d without a result" % (
        len(hosts), report["counts"]["ok"], report["counts"]["failed"], report["counts"]["unreachable"],
        report["counts"]["no_result"])
    return report


class FilterModule:
    """sessionctl.windows drain filters."""

    def filters(self):
        return {"drain_summary": drain_summary, "drain_fleet_report": drain_fleet_report,
                "drain_report_csv": drain_report_csv}
