#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iscsi_target_session_stop
short_description: End sessions that iSCSI initiators hold on a Windows iSCSI Target Server
version_added: 0.1.0
description:
  - Ends the sessions that iSCSI initiators hold on this Windows iSCSI Target Server, chosen with O(initiator),
    O(target) and O(tsih); every selector given narrows the selection (AND). At least one of them, or O(all=true),
    is required; with neither the task fails before any Windows call and nothing is ended.
  - It sees the sessions exactly as M(sessionctl.windows.iscsi_target_session_info) lists them. A session counts as
    stopped only once a fresh listing no longer shows it; the module waits for that up to O(timeout) seconds.
  - B(No documented Windows interface ends a target-side session.) This module asks the iSCSI Target's storage
    management provider to disable each selected session, which Microsoft has not confirmed to work; a host whose
    provider refuses reports each session as failed with the answer decoded, and nothing is changed. See the notes.
  - With O(revoke_access) or O(disable_target) the module first keeps the initiators out of their targets, so that
    a stopped session stays ended; M(sessionctl.windows.iscsi_target_access_restore) puts that access back.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode lists and selects exactly as a real run and skips only the calls that end sessions or change a
        target. With O(revoke_access) or O(disable_target) it plans each target's change; O(settle_time) is not
        watched.
  diff_mode:
    support: full
    details:
      - The diff shows the listed sessions before and after (in check mode, after the planned stops), and with
        O(revoke_access) or O(disable_target) each target's C(enabled) and C(initiator_ids) before and after.
  platform:
    platforms:
      - windows
options:
  initiator:
    description:
      - Select only the sessions of these initiators, given by iSCSI name (C(iqn.), C(eui.) or C(naa.) form), exact
        and case-insensitive.
      - A value that is not an iSCSI name, including the empty string, fails the task before anything is stopped.
    type: list
    elements: str
  target:
    description:
      - Select only the sessions to these targets, given by target name or target IQN, exact and case-insensitive.
      - An empty string fails the task before anything is stopped.
      - A name that starts with C(iqn.), C(eui.) or C(naa.) is read as an iSCSI name and must be a valid one (see
        O(initiator)); a malformed one fails the task before any Windows call.
    type: list
    elements: str
  tsih:
    description:
      - Select only the sessions with these session handles (TSIH, 1 to 65535), as
        M(sessionctl.windows.iscsi_target_session_info) reports them.
      - A TSIH is unique only per target, not per host, so one value can select sessions on several targets.
        Combine it with O(target) to stop one session.
    type: list
    elements: int
  all:
    description:
      - Select every session on the target server (no narrowing). O(initiator), O(target) and O(tsih), when also
        given, still narrow the selection.
      - V(false) (the default) selects nothing by itself.
    type: bool
    default: false
  method:
    description:
      - How the sessions are ended. V(auto) and V(cim) both ask the iSCSI Target's storage management (CIM) provider;
        the pass-through request of Windows Server 2012 R2 is the module
        M(sessionctl.windows.iscsi_target_session_stop_ioctl).
      - A provider that answers busy is asked again every second within O(timeout); any other refusal fails that
        session with the answer decoded, and the other sessions are still tried.
      - An empty string fails the task before any Windows call.
    type: str
    default: auto
    choices:
      - auto
      - cim
  requested_state:
    description:
      - The state the provider is asked to move each session to - V(disabled) (stop it) or V(shut_down) (an orderly
        stop).
      - Which of them, if either, Microsoft's provider honours for a session is not documented. If a session fails
        with C(NOT_SUPPORTED) or C(INVALID_STATE_TRANSITION), try the other once.
      - An empty string fails the task before any Windows call.
    type: str
    default: disabled
    choices:
      - disabled
      - shut_down
  timeout:
    description:
      - The most, in seconds, that the module waits in total for Windows to end the selected sessions, counted from
        the start of the task; every call, retry and confirming listing is bounded together. All selected sessions
        are asked first and then checked together, so the wait does not grow with their number.
      - A session still listed when the time is up fails. O(settle_time) is waited in addition. V(0) checks once
        without waiting.
    type: int
    default: 60
  revoke_access:
    description:
      - Before stopping, remove the selected sessions' initiators from the initiators each of their targets admits,
        so that they cannot log in again by themselves (session recovery, persistent logins, favourite targets).
      - Removed are the initiator's C(IQN:) entry and the C(IPAddress:)/C(IPv6Address:) entries that equal the
        address of one of its session's connections. Other initiators of the target keep their access and sessions.
      - Entries that cannot be matched to a session (C(DNSName:), C(MACAddress:)) may still admit the initiator, and
        a target that admits every initiator (C(IQN:*)) cannot keep one out. Unless O(disable_target=true), such a
        target is reported as failed, unchanged, and its sessions are not stopped.
      - If a target's change fails, its sessions are reported as failed and not stopped (they would come back); the
        other targets' sessions are still processed.
      - The module records on the host what each target admitted before its first change (a later run keeps that
        record); M(sessionctl.windows.iscsi_target_access_restore) puts it back. RV(targets) also lists it.
      - Idempotent, only planned in check mode, read back afterwards.
    type: bool
    default: false
  disable_target:
    description:
      - Before stopping, disable the targets of the selected sessions, so that no initiator can discover or log in
        to them again.
      - Blast radius - B(every initiator of the target) is kept out, not only the selected one. Microsoft documents
        that existing sessions stay when a target is disabled, so the other sessions of the target go on until they
        end; only the selected ones are stopped.
      - Recorded on the host like O(revoke_access) and put back by M(sessionctl.windows.iscsi_target_access_restore).
        Idempotent, only planned in check mode, read back afterwards; a target that stays enabled is reported as
        failed and its sessions are not stopped.
    type: bool
    default: false
  settle_time:
    description:
      - After the stop, keep listing the sessions for this many seconds. A stopped session whose initiator logs in
        to the same target again in that time is reported as failed with the reason C(logged in again) and
        RV(sessions[].logged_in_again_tsih), instead of C(stopped).
      - Sessions of the same initiator to the same target that were already listed before the stop (another path)
        do not count. V(0) does not watch. At most 86400. Not in check mode (nothing was stopped).
    type: int
    default: 0
notes:
  - Outcomes per session (RV(sessions[].action)) are C(stopped) (ended and not listed again), C(would_stop) (check
    mode), C(already_gone) (not listed when the module came to act, or after a call failed), and C(failed). A failure
    on one session does not stop the others; the task fails after all were tried, and the message names every failed
    session with its decoded error. Nothing selected means C(changed=false).
  - If the iSCSI Target Server role (C(FS-iSCSITarget-Server)) is not installed, the task fails before anything is
    selected, with a message that says how to install it.
  - If the provider answers C(NOT_SUPPORTED) (1) or C(INVALID_STATE_TRANSITION) (4097), the session is reported as
    C(failed) with RV(sessions[].return_value) and RV(sessions[].error), and is unchanged. If the other
    O(requested_state) answers the same, this host cannot end target-side sessions; log the session out from the
    initiator instead (M(sessionctl.windows.iscsi_initiator_logout)).
  - An initiator that loses a session normally logs in again by itself, under a new TSIH. To make a stop stick from
    the target side, in this order - revoke (O(revoke_access) and/or O(disable_target)), stop, verify
    (O(settle_time)). A re-run that selects by O(tsih) changes nothing; one that selects by O(initiator) or
    O(target) finds the new session.
  - The Windows calls, how a session is matched to its provider object, and what is B(unconfirmed) are in the
    iSCSI decommissioning guide ("How it works on the target server").
seealso:
  - module: sessionctl.windows.iscsi_target_session_info
  - module: sessionctl.windows.iscsi_target_session_stop_ioctl
  - name: MSISCSITARGET_iSCSISession class
    description: The SMI-S class whose inherited RequestStateChange method O(method=cim) invokes.
    link: https://learn.microsoft.com/en-us/previous-versions/windows/desktop/iscsitarg/msiscsitarget-iscsisession
  - name: RequestStateChange method of the MSISCSITARGET_iSCSISession class
    description: Its return values, including C(6) (In Use) and C(4099) (Busy), which the module retries within O(timeout).
    link: https://learn.microsoft.com/en-us/previous-versions/windows/desktop/iscsitarg/requeststatechange-msiscsitarget-iscsisession
  - name: MSISCSITARGET_iSCSIProtocolEndpoint class
    description: The iSCSI port at each end of a session; the target-side one's Name gives the session's target.
    link: https://learn.microsoft.com/en-us/previous-versions/windows/desktop/iscsitarg/msiscsitarget-iscsiprotocolendpoint
  - name: RFC 7143, iSCSI (TSIH and iSCSI port names)
    description: A TSIH identifies a session with one named initiator on one target portal group, not on the whole host.
    link: https://www.rfc-editor.org/rfc/rfc7143
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: Stop every session one initiator holds (CIM)
  sessionctl.windows.iscsi_target_session_stop:
    initiator:
      - iqn.1991-05.com.microsoft:web01.contoso.com
  register: stopped

- name: See what would be stopped on one target, without stopping it
  sessionctl.windows.iscsi_target_session_stop:
    target:
      - sql-data
  check_mode: true

- name: Stop one session with the Shut Down state and a short wait
  sessionctl.windows.iscsi_target_session_stop:
    tsih:
      - 7
    requested_state: shut_down
    timeout: 20

- name: Record what the provider answers, without failing the play
  sessionctl.windows.iscsi_target_session_stop:
    tsih:
      - 7
    target:
      - sql-data
  register: answer
  ignore_errors: true

- name: Keep one initiator out of its targets, stop its sessions and watch that they stay ended
  sessionctl.windows.iscsi_target_session_stop:
    initiator:
      - iqn.1991-05.com.microsoft:web01.contoso.com
    revoke_access: true
    settle_time: 30
  register: kept_out

- name: Give the initiators their access back later (what the host recorded before the first change)
  sessionctl.windows.iscsi_target_access_restore:
    all: true
"""

RETURN = r"""
targets:
  description:
    - One entry per target of the selected sessions when O(revoke_access) or O(disable_target) is set (else empty),
      with its access before and after, so a play can restore it.
  returned: success or after sessions were tried
  type: list
  elements: dict
  contains:
    target_name:
      description: The name of the target.
      returned: always
      type: str
      sample: sql-data
    target_iqn:
      description: The target's IQN; null when it could not be read.
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:tgt01-sql-data-target
    enabled_before:
      description: Whether the target was enabled before; null when it could not be read.
      returned: always
      type: bool
      sample: true
    enabled:
      description: Whether the target is enabled after, as read back (in check mode, as planned).
      returned: always
      type: bool
      sample: true
    initiator_ids_before:
      description: The allowed initiator IDs before, as C(Type:Value) (C(Set-IscsiServerTarget -InitiatorIds) form).
      returned: always
      type: list
      elements: str
      sample:
        - IQN:iqn.1991-05.com.microsoft:web01.contoso.com
    initiator_ids:
      description: The allowed initiator IDs after, as read back (in check mode, as planned).
      returned: always
      type: list
      elements: str
      sample: []
    revoked:
      description: The IDs removed (in check mode, that would be removed).
      returned: always
      type: list
      elements: str
      sample:
        - IQN:iqn.1991-05.com.microsoft:web01.contoso.com
    disabled:
      description: Whether the target was (or would be) disabled by this task.
      returned: always
      type: bool
      sample: false
    action:
      description: V(changed), V(would_change) (check mode), V(unchanged) or V(failed).
      returned: always
      type: str
      sample: changed
    reason:
      description: Why the change failed; null otherwise.
      returned: always
      type: str
      sample: null
    error:
      description: The decoded WBEM error when a call failed; null otherwise.
      returned: always
      type: dict
      sample: null
counts:
  description:
    - The number of selected sessions per action, every key present (V(0) when none); also returned when the task
      fails.
  returned: always
  type: dict
  contains:
    stopped:
      description: Sessions stopped and no longer listed.
      returned: always
      type: int
    would_stop:
      description: Sessions that would be stopped (check mode).
      returned: always
      type: int
    already_gone:
      description: Sessions no longer listed when the module came to act.
      returned: always
      type: int
    skipped:
      description: Sessions a safety rule kept (always 0 here; the key is in every action module).
      returned: always
      type: int
    failed:
      description: Sessions that failed, including those that logged in again.
      returned: always
      type: int
method:
  description: The method used, always V(cim) (V(auto) is reported as V(cim)).
  returned: success or after sessions were tried
  type: str
  sample: cim
msg:
  description: A summary of the outcomes, naming each failed session with its decoded error.
  returned: always
  type: str
  sample: "1 session selected: 1 stopped"
sessions:
  description:
    - One entry per selected session, each with what happened to it.
  returned: always
  type: list
  elements: dict
  contains:
    tsih:
      description: The target session identifying handle.
      returned: always
      type: int
      sample: 7
    isid:
      description: The initiator session id as C(0x) followed by 12 lower-case hex digits.
      returned: always
      type: str
      sample: "0x400001370000"
    session_type:
      description: C(normal) or C(discovery).
      returned: always
      type: str
      sample: normal
    initiator_iqn:
      description: The iSCSI name of the initiator.
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:web01.contoso.com
    target_name:
      description: The name of the target.
      returned: always
      type: str
      sample: sql-data
    target_iqn:
      description: The IQN of the target.
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:tgt01-sql-data-target
    initiator_address:
      description: The initiator's IP address on the session's first connection.
      returned: always
      type: str
      sample: 192.0.2.10
    method:
      description: Always V(cim).
      returned: always
      type: str
      sample: cim
    return_value:
      description: What the provider answered (its return code); null when no call was made (check mode, already
        gone, selection errors).
      returned: always
      type: int
      sample: 0
    action:
      description: V(stopped), V(would_stop), V(already_gone) or V(failed).
      returned: always
      type: str
      sample: stopped
    reason:
      description:
        - Why the session failed or was already gone, in words.
        - Starts with C(logged in again) when O(settle_time) saw the initiator log in to the target again, and with
          C(not stopped) when the access change of its target failed.
      returned: when action is failed or already_gone
      type: str
      sample: the session was still listed after 60 s
    logged_in_again_tsih:
      description: The TSIH of the session the initiator logged in again with, during the wait for the stop or within
        O(settle_time).
      returned: when the initiator logged in again
      type: int
      sample: 9
    error:
      description:
        - The decoded error of the call that failed, with C(code), C(hex), C(name), C(message), C(facility),
          C(kind), C(severity), and C(win32_code) when the code wraps a Win32 error; the same fields as the
          P(sessionctl.windows.win_error#filter) filter returns for that code and C(kind).
      returned: when a call failed with a code
      type: dict
      sample:
        code: 4097
        hex: "0x00001001"
        name: INVALID_STATE_TRANSITION
        message: The requested state transition is not valid from the current state.
        facility: CIM
        kind: cim
        severity: error
"""
