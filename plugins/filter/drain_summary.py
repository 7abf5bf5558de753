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


def drain_summary(steps):
    """Summarise registered step results ``{step_name: result}`` into counts and lists per step."""
    if isinstance(steps, Mapping):
        pairs = list(steps.items())
    elif isinstance(steps, (list, tuple)) and all(isinstance(p, (list, tuple)) and len(p) == 2 for p in steps):
        pairs = [tuple(p) for p in steps]
    else:
        raise AnsibleFilterError("drain_summary: expected a dict of step name to registered result (or a list of "
                                 "[name, result] pairs), got %s" % type(steps).__name__)
    summary_steps = {}
    order = []
    for name, result in pairs:
        name = str(name)
        if name in summary_steps:
            raise AnsibleFilterError("drain_summary: step %r is given twice" % name)
        summary_steps[name] = _step(name, result)
        order.append(name)
    totals = dict((b, sum(s["counts"][b] for s in summary_steps.values())) for b in BUCKETS)
    failed_steps = [n for n in order if summary_steps[n]["status"] == "failed"]
    parts = []
    for name in order:
        s = summary_steps[name]
        if s["status"] == "off":
            parts.append("%s: off" % name)
            continue
        bits = ["%d %s" % (s["counts"][b], b.replace("_", " ")) for b in BUCKETS if s["counts"][b]]
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
        "msg": "; ".join(parts) if parts else "no steps",
    }


class FilterModule:
    """sessionctl.windows drain filters."""

    def filters(self):
        return {"drain_summary": drain_summary}
