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
  - The sessions are listed from the iSCSI Target WMI provider (C(WT_Host) and C(WT_Session) in C(root\WMI)), as
    M(sessionctl.windows.iscsi_target_session_info) lists them. A session counts as stopped only once a fresh listing
    no longer shows it; the module polls for up to O(timeout) seconds.
  - B(No documented Windows interface ends a target-side session.) No cmdlet of the IscsiTarget module does, and the
    C(WT_Host) and C(WT_Session) WMI classes have no method for it. This module offers the two nearest paths, and both
    rest on behaviour Microsoft has not confirmed; see O(method) and the notes. This module takes the CIM path;
    the pass-through IOCTL of Windows Server 2012 R2 is M(sessionctl.windows.iscsi_target_session_stop_ioctl).
  - It invokes C(RequestStateChange) on the matching
    C(MSISCSITARGET_iSCSISession) instance (namespace C(root\CIMv2\Storage\iScsiTarget), Windows Server 2012 R2 and
    later). The method is inherited from the generic CIM schema, and Microsoft does not document which requested
    states its provider honours for a session. If the provider answers C(1) (Not Supported) or C(4097) (Invalid State
    Transition), the session is reported as failed with that answer decoded; that answer means this path cannot end
    sessions on that host.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode lists and selects exactly as a real run, resolves the CIM instance of each session, and skips only
        the call that ends a session.
      - With O(revoke_access) or O(disable_target) it reads each target's access and plans the change without making
        it; O(settle_time) is not watched.
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
      - Stop sessions of these initiators, given by iSCSI name (C(iqn.), C(eui.) or C(naa.) form).
      - The match is exact and case-insensitive. A value that is not an iSCSI name fails the task before anything
        is stopped.
    type: list
    elements: str
  target:
    description:
      - Stop sessions to these targets, given by target name (C(WT_Host.HostName)) or target IQN, exact and
        case-insensitive. An empty name fails the task before anything is stopped.
      - A name that starts with C(iqn.), C(eui.) or C(naa.) is read as an iSCSI name and must be a valid one (see
        O(initiator)); a malformed one fails the task before any Windows call.
    type: list
    elements: str
  tsih:
    description:
      - Stop sessions with these target session identifying handles (1 to 65535), as
        M(sessionctl.windows.iscsi_target_session_info) reports them.
      - A TSIH is unique only per target (portal group), not per host, so one value can select sessions on several
        targets. Combine it with O(target) to stop one session.
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
      - How to end the sessions. Only the CIM path is left in this module; V(auto) and V(cim) both take it. The
        pass-through IOCTL (formerly V(ioctl)) is the module M(sessionctl.windows.iscsi_target_session_stop_ioctl);
        V(ioctl) here is refused as not a choice, before any Windows call.
      - V(cim) invokes C(MSISCSITARGET_iSCSISession.RequestStateChange) with O(requested_state) on each selected
        session, passing O(timeout) as C(TimeoutPeriod) (CIM interval format). Return code C(0) is confirmed by
        re-reading the sessions; C(4096) (job started) is followed by polling the returned C(CIM_ConcreteJob) within
        O(timeout), then by re-reading; C(3) (cannot complete within the timeout period, after which CIM says the
        change may still happen) is also confirmed by re-reading, and reported with that code if the session stays.
        C(4099) (Busy) and C(6) (In Use) say the provider cannot take the request now, not that it is wrong; the
        module calls again every second, for all such sessions together, until the provider takes it or O(timeout)
        runs out; a session still answering so then fails with that answer decoded.
        Every other code fails that session with the code decoded (C(1) Not Supported, C(2) Unknown, C(4) Failed,
        C(5) Invalid Parameter, C(4097) Invalid State Transition). C(4098) (TimeoutPeriod not supported) makes the
        module call again without a TimeoutPeriod, with a warning, and leave it out of any later call.
      - A job that ends in a state other than C(Completed), or with a non-zero C(ErrorCode), fails the session. The
        job's C(ErrorCode) is vendor-specific; the module decodes a value up to 65535 as a CIM return code and a larger
        one as an HRESULT or WBEM code, and shows C(ErrorDescription) when the provider fills it in.
      - V(auto) uses V(cim).
    type: str
    default: auto
    choices:
      - auto
      - cim
  requested_state:
    description:
      - The C(RequestedState) sent with C(RequestStateChange).
      - V(disabled) sends C(3) (Disabled), V(shut_down) sends C(4) (Shut Down, an orderly move to Disabled).
      - Which of them, if either, Microsoft's provider honours for a session is not documented. If one answers
        C(1) or C(4097), try the other.
    type: str
    default: disabled
    choices:
      - disabled
      - shut_down
  timeout:
    description:
      - The most, in seconds, that the module waits in total for Windows to end the selected sessions, counted from
        the start of the task - the repeated calls while the provider answers C(4099) (Busy) or C(6) (In Use), the
        CIM jobs, and the listing that confirms each stop, bounded together. All selected sessions are started first
        and then polled together, so the wait does not grow with the number of sessions.
      - Each C(RequestStateChange) call is given the whole seconds left as its C(TimeoutPeriod) (at least 1). The
        module cannot interrupt a call in progress; a provider that overruns its C(TimeoutPeriod) delays the task
        by that much. The sessions are listed at least once after the calls, even when the time is used up.
      - O(settle_time) is waited in addition. V(0) checks once without waiting.
    type: int
    default: 60
  revoke_access:
    description:
      - Before stopping, remove the selected sessions' initiators from the initiator IDs their targets are assigned to,
        so that the initiator cannot log in again by itself (session recovery, persistent logins, favourite targets).
      - An ID is removed when it is C(IQN:<initiator IQN>), or C(IPAddress:)/C(IPv6Address:) the initiator address of
        any connection of a selected session, compared as addresses (any IPv6 spelling). The IDs are the
        C(WT_IDMethod) instances in C(root\WMI) (what C(Set-IscsiServerTarget -InitiatorIds) sets); an ID is removed
        by deleting its instance.
      - C(DNSName:), C(MACAddress:), method C(0) (a NetBIOS name) and IDs of any other method cannot be matched to a
        session and may still admit the initiator. With O(disable_target=true) they are kept and named in a warning;
        otherwise that target is reported as failed, unchanged, and its sessions are not stopped.
      - A target that allows every initiator (a wildcard such as C(IQN:*)) cannot keep one initiator out; unless
        O(disable_target=true), that target is reported as failed and its sessions are not stopped.
      - Idempotent (an ID that is already gone is not removed again); planned only in check mode; read back afterwards.
        RV(targets) lists each target's IDs before and after, in the C(Type:Value) form
        C(Set-IscsiServerTarget -InitiatorIds) takes, so a play can restore them.
      - If a target's change fails, its sessions are reported as failed and not stopped (they would come back); the
        sessions of the other targets are still processed.
      - After the change (also with O(disable_target)) the module stops exactly the sessions it found before it, by
        TSIH, initiator, ISID and target. One that ended in between is C(already_gone); a TSIH that the target gave to
        another session in between is not stopped, and a warning names it.
      - Blast radius - only the listed initiators lose access to those targets; other initiators of the target keep
        their IDs and sessions. Removing the ID does not end the live session; the stop does.
    type: bool
    default: false
  disable_target:
    description:
      - Before stopping, disable the targets of the selected sessions (C(WT_Host.Enabled=false)), so that no
        initiator can discover or log in to them again.
      - Blast radius - B(every initiator of the target) is kept out, not only the selected one. Microsoft documents
        that existing initiators remain logged in when a target is disabled, so the other sessions of the target stay
        until they end; the stop ends only the selected ones.
      - Idempotent, planned only in check mode, read back afterwards; RV(targets[].enabled_before) is the value to
        restore (C(Set-IscsiServerTarget -TargetName <name> -Enable $true)).
      - Only C(Enabled) is written, as a partial put (the C(__PUT_EXT_PROPERTIES) context of the WMI SDK's "Updating
        Part of an Instance"), because a put of the whole C(WT_Host) would write back C(CHAPSecret) and
        C(ReverseCHAPSecret) as read (encrypted), which could break CHAP logins once the target is enabled again. Whether the provider takes
        partial puts is B(unconfirmed); one that does not answers C(WBEM_E_PROVIDER_NOT_CAPABLE) or
        C(WBEM_E_NOT_SUPPORTED), and the target is then reported as failed and left enabled.
    type: bool
    default: false
  settle_time:
    description:
      - After the stop, keep listing the sessions for this many seconds. A stopped session whose initiator has a new
        session to the same target in that time (under a new TSIH, or the same one again) is reported as failed with
        the reason C(logged in again) and RV(sessions[].logged_in_again_tsih), instead of C(stopped).
      - Sessions of the same initiator to the same target that were already listed before the stop (another path)
        do not count. V(0) does not watch. At most 86400.
      - Also without it, while the module waits for the stop, the stopped session's TSIH listed again for the same
        initiator and target with another ISID or another connection (initiator TCP port; Windows reports no login
        time) counts as C(logged in again), not as still listed.
      - Not in check mode (nothing was stopped).
    type: int
    default: 0
notes:
  - Outcomes per session (RV(sessions[].action)) are C(stopped) (ended and no longer listed), C(would_stop) (check
    mode), C(already_gone) (no longer listed when the module came to act, or after a call failed), and C(failed).
    A failure on one session does not stop the others; the task fails after all were tried, and the message names
    every failed session with its decoded error. Nothing selected means C(changed=false).
  - If C(WT_Host) in C(root\WMI) does not exist (C(WBEM_E_INVALID_CLASS) or C(WBEM_E_INVALID_NAMESPACE)), the iSCSI
    Target Server role (C(FS-iSCSITarget-Server)) is not installed; the task fails with a message that says so and
    how to install it, before anything is selected. If C(WT_Host) answers but C(root\CIMv2\Storage\iScsiTarget) does
    not exist, the host lacks the SMI-S provider (Windows Server 2012 R2 and later); with O(method=cim) every
    selected session is then reported as failed with that message and the decoded WBEM code.
  - B(Unconfirmed), C(cim) - whether C(RequestStateChange) with C(3) or C(4) ends a session on Microsoft's provider;
    whether the provider uses jobs (C(4096)) and keeps them readable after they finish (a job that can no longer be
    read is treated as finished, and the listing decides); which form C(EndPointName) takes; and whether the provider
    links each session to its target-side C(MSISCSITARGET_iSCSIProtocolEndpoint).
  - B(How a session is matched to its CIM instance), C(cim) - a TSIH is unique only per target (portal group), not
    per host (RFC 7143 defines it per session with one named initiator; C(WT_Session) keys it inside each
    C(WT_Host)), so two targets can each hold a session with TSIH 1, even from the same initiator. The module
    therefore matches a C(WT_Session) to the C(MSISCSITARGET_iSCSISession) with the same TSIH, an C(EndPointName) that
    names the same initiator, and a target-side endpoint that names the same target.
    C(EndPointName) is documented as the peer's iSCSI port name; the bare initiator IQN and the port-name form
    C(<iqn>,i,0x<ISID>) (then the ISID must match too) are accepted, and a missing C(EndPointName), or one that
    parses as neither, matches nothing. The class has no target property; the target comes from the Name
    (C(<target iqn>,t,0x<TPGT>)) of the C(MSISCSITARGET_iSCSIProtocolEndpoint) at the target end of the session
    (C(CIM_EndpointOfNetworkPipe)) - the one whose Name is a target port name, else the one with Role Target and no
    initiator port name (both ends are of that class, whose MOF gives Role the default Target). A session whose
    instance cannot be identified for sure (the target
    endpoint names another target, or several instances match) is not called and fails with a message that says
    why; the others are still stopped. When no target endpoint can be read (the association is unconfirmed), the
    instance is still taken if it is the only one on the host with that TSIH and it names the initiator
    (C(WT_Session)'s only key is C(TSIH)); a warning says so. The ISID in an C(EndPointName) is compared in both byte
    orders (how C(WT_Session.ISID), a C(uint64), orders its six bytes is undocumented); a warning says when the
    reversed order matched. A session without any instance for its TSIH and initiator fails with a message that
    shows what the provider lists for that TSIH.
  - B(Unset and empty options) - an option left out is unset and takes its default; an explicit empty string is a
    value. An empty string in O(initiator) or O(target), or as O(method) or O(requested_state), fails the task before
    any Windows call with a message that names the option.
  - B(If the provider answers "not supported") (C(1), or C(4097) Invalid State Transition), the session it answered
    for is reported as C(failed) with RV(sessions[].return_value) set to that code and RV(sessions[].error) decoded,
    that session is unchanged, and the task fails after all sessions were tried. Try the other O(requested_state) once; if it
    answers the same, this host's provider cannot end target-side sessions, and the session has to be logged out
    from the initiator.
  - An initiator that loses a session normally logs in again by itself, and the new session gets a new TSIH. Without
    O(settle_time) the module reports the old session as stopped once its TSIH is no longer listed. A re-run that
    selects by O(tsih) changes nothing, but one that selects by O(initiator) or O(target) finds the new session.
  - To make a stop stick from the target side, in this order - revoke (O(revoke_access) and/or O(disable_target)),
    stop, verify (O(settle_time)). Where the initiator can be reached, logging it out there is surer (its
    persistent logins removed first), for example with M(sessionctl.windows.iscsi_initiator_logout).
  - No documented action drops a live session on the target other than this module and
    M(sessionctl.windows.iscsi_target_session_stop_ioctl). Disabling a target
    does not (Microsoft says existing initiators remain logged in); that removing a virtual disk's mapping
    (C(Remove-IscsiVirtualDiskTargetMapping)) ends a session is not documented; restarting the iSCSI Target service
    (C(WinTarget)) drops every session of every target on the server. None of them is offered as a method.
  - B(Unconfirmed) - that the C(root\WMI) provider accepts deleting a C(WT_IDMethod) instance and putting C(WT_Host)
    with C(Enabled) changed (C(Set-IscsiServerTarget) is the documented way; it uses the same provider). The module
    reads both back and fails the target when they did not change. Whether removing an ID or disabling a target
    refuses a session's reinstatement (a login with the same ISID) as it refuses a new login is also unconfirmed;
    O(settle_time) shows it.
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
  register: plan

- name: Stop one session with the Shut Down state and a short wait
  sessionctl.windows.iscsi_target_session_stop:
    tsih:
      - 7
    method: cim
    requested_state: shut_down
    timeout: 20

- name: Record what the CIM provider answers, without failing the play
  sessionctl.windows.iscsi_target_session_stop:
    tsih:
      - 7
  register: answer
  ignore_errors: true

- name: Show the provider's answer
  ansible.builtin.debug:
    msg: "{{ answer.sessions | map(attribute='return_value') | list }} {{ answer.msg }}"

- name: Keep one initiator out of its targets, stop its sessions and watch that they stay ended
  sessionctl.windows.iscsi_target_session_stop:
    initiator:
      - iqn.1991-05.com.microsoft:web01.contoso.com
    revoke_access: true
    settle_time: 30
  register: kept_out

- name: Give the initiator its access back later (the IDs the module reported)
  ansible.windows.win_powershell:
    script: |
      param($Target, $Ids)
      Set-IscsiServerTarget -TargetName $Target -InitiatorIds $Ids
    parameters:
      Target: "{{ item.target_name }}"
      Ids: "{{ item.initiator_ids_before }}"
  loop: "{{ kept_out.targets }}"
  when: item.revoked | length > 0
"""

RETURN = r"""
targets:
  description:
    - One entry per target of the selected sessions when O(revoke_access) or O(disable_target) is set (else empty),
      with its access before and after, so a play can restore it.
  returned: success or after sessions were tried
  type: list
  elements: dict
  sample:
    - target_name: sql-data
      target_iqn: iqn.1991-05.com.microsoft:tgt01-sql-data-target
      enabled_before: true
      enabled: true
      initiator_ids_before:
        - IQN:iqn.1991-05.com.microsoft:web01.contoso.com
        - IQN:iqn.1991-05.com.microsoft:web02.contoso.com
      initiator_ids:
        - IQN:iqn.1991-05.com.microsoft:web02.contoso.com
      revoked:
        - IQN:iqn.1991-05.com.microsoft:web01.contoso.com
      disabled: false
      action: changed
      reason: null
      error: null
  contains:
    target_name:
      description: The target (C(WT_Host.HostName)).
      returned: always
      type: str
      sample: sql-data
    target_iqn:
      description: The target's IQN; null when it could not be read.
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:tgt01-sql-data-target
    enabled_before:
      description: C(WT_Host.Enabled) before; null when it could not be read.
      returned: always
      type: bool
      sample: true
    enabled:
      description: C(WT_Host.Enabled) after, as read back (in check mode, as planned).
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
  sample:
    stopped: 2
    would_stop: 0
    already_gone: 0
    skipped: 0
    failed: 1
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
      description: Sessions a safety rule kept (none today; present for the same keys in every action module).
      returned: always
      type: int
    failed:
      description: Sessions that failed, including those that logged in again.
      returned: always
      type: int
method:
  description: The method used, always V(cim) (V(auto) is reported as V(cim)); the same key as in
    M(sessionctl.windows.iscsi_target_session_stop_ioctl), which reports V(ioctl).
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
  sample:
    - tsih: 7
      isid: "0x400001370000"
      session_type: normal
      initiator_iqn: iqn.1991-05.com.microsoft:web01.contoso.com
      target_name: sql-data
      target_iqn: iqn.1991-05.com.microsoft:tgt01-sql-data-target
      initiator_address: 192.0.2.10
      method: cim
      return_value: 1
      action: failed
      reason: >-
        MSISCSITARGET_iSCSISession.RequestStateChange(RequestedState=3 (Disabled)) returned NOT_SUPPORTED (1); ...
      error:
        code: 1
        hex: "0x00000001"
        name: NOT_SUPPORTED
        message: The provider does not support this state change.
        facility: CIM
        kind: cim
        severity: error
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
      description: V(cim) (V(ioctl) in M(sessionctl.windows.iscsi_target_session_stop_ioctl)).
      returned: always
      type: str
      sample: cim
    return_value:
      description:
        - What the call answered, the C(ReturnValue) of C(RequestStateChange).
        - Null when no call was made (check mode, already gone, selection errors).
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
      description: The decoded error (CIM return code, SRB status, Win32 error or WBEM HRESULT).
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
      contains:
        code:
          description: The code as a number.
          returned: always
          type: int
          sample: 4097
        hex:
          description: The code as 8 hex digits.
          returned: always
          type: str
          sample: "0x00001001"
        name:
          description: The symbolic name.
          returned: always
          type: str
          sample: INVALID_STATE_TRANSITION
        message:
          description: The error's text.
          returned: always
          type: str
          sample: The requested state transition is not valid from the current state.
        facility:
          description: Where the code comes from (C(CIM), C(SRB), C(WIN32), C(ITF)...).
          returned: always
          type: str
          sample: CIM
        kind:
          description: The code family (C(cim), C(srb), C(win32), C(hresult), C(wbem)...).
          returned: always
          type: str
          sample: cim
        win32_code:
          description: The Win32 error inside an C(HRESULT_FROM_WIN32) value (C(0x8007xxxx)).
          returned: when the code wraps a Win32 error
          type: int
          sample: 5
        severity:
          description: C(error), C(warning), C(info) or C(success).
          returned: always
          type: str
          sample: error
"""
