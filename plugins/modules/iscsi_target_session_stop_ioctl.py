#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iscsi_target_session_stop_ioctl
short_description: End one iSCSI target session with the Windows Server 2012 R2 pass-through IOCTL
version_added: 0.1.0
description:
  - Ends one session that an iSCSI initiator holds on this Windows iSCSI Target Server by sending the iSCSI Target
    pass-through "session stop" request to O(device) (the request is named in the notes).
  - B(Windows Server 2012 R2 only.) Microsoft documents this structure for Windows Server 2012 R2 alone, a release out
    of Microsoft support. The module refuses to run on any other Windows unless O(allow_unsupported_os=true). For
    every supported release use M(sessionctl.windows.iscsi_target_session_stop) (CIM), which also offers the options
    that keep a stopped session ended.
  - Microsoft does not publish the device, the signature or the C(SESSION_COOKIE) type, so the user supplies O(device),
    O(signature) and O(session_cookie). The published pages suggest that the iSCSI Target Server sends this request to a
    pass-through device rather than that an administrator sends it to the target, so expect the driver to reject it.
  - The session is chosen with O(initiator), O(target) and O(tsih); every selector given narrows the selection (AND).
    At least one of them, or O(all=true), is required; with neither the task fails before any Windows call. The
    selection must match exactly one session, otherwise every selected session fails and nothing is sent.
  - It sees the sessions exactly as M(sessionctl.windows.iscsi_target_session_info) lists them. A session counts as stopped only once a fresh listing
    no longer shows it; the module polls for up to O(timeout) seconds.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode lists and selects exactly as a real run, applies the OS guard and the one-session rule, and skips
        only the request that ends the session.
  diff_mode:
    support: full
    details:
      - The diff shows the listed sessions before and after (in check mode, after the planned stop).
  platform:
    platforms:
      - windows
options:
  initiator:
    description:
      - Select sessions of these initiators, given by iSCSI name (C(iqn.), C(eui.) or C(naa.) form), exact and
        case-insensitive. A value that is not an iSCSI name, the empty string included, fails the task before any
        Windows call.
    type: list
    elements: str
  target:
    description:
      - Select sessions to these targets, given by target name (the name C(Get-IscsiServerTarget) shows) or target
        IQN, exact and case-insensitive. An empty name fails the task before anything is sent.
      - A name that starts with C(iqn.), C(eui.) or C(naa.) is read as an iSCSI name and must be a valid one (see
        O(initiator)); a malformed one fails the task before any Windows call.
    type: list
    elements: str
  tsih:
    description:
      - Select sessions with these target session identifying handles (1 to 65535), as
        M(sessionctl.windows.iscsi_target_session_info) reports them. A TSIH is unique only per target, so combine it
        with O(target) when the host serves several targets.
    type: list
    elements: int
  all:
    description:
      - Select every session on the target server (no narrowing); the other selectors, when also given, still narrow.
        Since the module ends exactly one session, this only helps on a server with one session.
      - V(false) (the default) selects nothing by itself.
    type: bool
    default: false
  timeout:
    description:
      - The most, in seconds, that the module waits in total for the listing to confirm the stop, counted from the
        start of the task; the driver is given the same bound for the request. A session still listed when the time
        is up fails. V(0) checks once without waiting.
    type: int
    default: 60
  device:
    description:
      - The device to send the request to, in C(\\.\) form, for example C(\\.\Scsi2:).
      - Which device the iSCSI Target pass-through listens on is not published. Not every storage driver creates a
        C(\\.\ScsiN:) link. An empty or blank string fails the task before any Windows call.
    type: str
    required: true
  session_cookie:
    description:
      - The C(SESSION_COOKIE) (C(ITNexusHandle)) of the one session to stop, as a decimal number or as C(0x) followed by
        up to 16 hex digits. An empty or blank string fails the task before any Windows call.
      - Windows publishes neither the cookie type nor a way to read a session's cookie, so the module cannot check
        that the cookie belongs to the selected session. The selection (usually O(tsih)) only decides which listed
        session the result reports on and waits for; the driver acts on the cookie.
      - The module sends the cookie as an 8-byte little-endian value at offset 32, making a 40-byte buffer. That size
        is an assumption.
    type: str
    required: true
  signature:
    description:
      - The signature the pass-through driver expects in the request header, 1 to 8 printable ASCII characters, sent
        zero-padded to 8 bytes. An empty or blank string fails the task before any Windows call.
      - The signature is not published. A driver that does not recognise it refuses the request, and the session is
        reported as failed with the driver's answer decoded.
    type: str
    required: true
  allow_unsupported_os:
    description:
      - Send the request even though this host is not Windows Server 2012 R2 (version 6.3, server), the only release for
        which Microsoft documents it. A warning is added to the result.
    type: bool
    default: false
notes:
  - Outcomes per session (RV(sessions[].action)) are C(stopped) (ended and no longer listed), C(would_stop) (check
    mode), C(already_gone) (no longer listed when the module came to act, or after the call failed), and C(failed).
    Nothing selected means C(changed=false).
  - The request is C(ISCSITGT_SPT_SESSION_STOP) (control code C(ISCSITGT_SPT_SESSION_END), C(0x101)), sent with
    C(DeviceIoControl) and C(IOCTL_SCSI_MINIPORT) behind an C(SRB_IO_CONTROL) header whose C(Signature) is
    O(signature) and whose C(Timeout) is O(timeout). The sessions are listed from C(WT_Host) and C(WT_Session) in
    C(root\WMI). The iSCSI decommissioning guide ("How it works") has the details.
  - B(Unconfirmed or unpublished) - the C(SESSION_COOKIE) type and size, the signature, the device, the privileges
    needed, and whether the pass-through accepts the request from user mode at all. What C(SRB_IO_CONTROL.ReturnCode)
    means for this request is not documented. The module fails on an C(SRB_STATUS_*) error and otherwise lets the
    session listing decide. A C(ReturnCode) wider than one byte is not an SRB status; it is reported as the raw value
    and the listing decides.
  - While the module waits for the stop, the stopped session's TSIH listed again for the same initiator and target with
    another ISID or another connection (initiator TCP port) counts as C(logged in again), not as still listed.
  - This module has no options to keep the session ended (revoking access, disabling the target, watching for a new
    login); those are in M(sessionctl.windows.iscsi_target_session_stop).
  - It needs a member of the local Administrators group with a full token, as
    M(sessionctl.windows.iscsi_target_session_stop) does, but does not check the token up front (so that the code sent
    with every task stays small); without those rights the first listing fails with the access-denied error decoded.
seealso:
  - module: sessionctl.windows.iscsi_target_session_stop
  - module: sessionctl.windows.iscsi_target_session_info
  - name: ISCSITGT_SPT_SESSION_STOP structure
    description: The pass-through request this module sends (documented for Windows Server 2012 R2).
    link: https://learn.microsoft.com/en-us/windows/win32/devnotes/iscsitgt-spt-session-stop
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: Send the pass-through IOCTL for one session on Windows Server 2012 R2 (unpublished contract)
  sessionctl.windows.iscsi_target_session_stop_ioctl:
    tsih:
      - 7
    target:
      - sql-data
    device: '\\.\Scsi2:'
    session_cookie: "0x0000000000000007"
    signature: MYSIG
  register: stopped

- name: See what would be sent, without sending it
  sessionctl.windows.iscsi_target_session_stop_ioctl:
    tsih:
      - 7
    device: '\\.\Scsi2:'
    session_cookie: "7"
    signature: MYSIG
  check_mode: true
"""

RETURN = r"""
counts:
  description:
    - The number of selected sessions per action, every key present (V(0) when none); also returned when the task
      fails.
  returned: always
  type: dict
  sample:
    stopped: 1
    would_stop: 0
    already_gone: 0
    skipped: 0
    failed: 0
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
      description: Sessions that failed, including one that logged in again.
      returned: always
      type: int
method:
  description: Always V(ioctl); the same key as in M(sessionctl.windows.iscsi_target_session_stop), which reports V(cim).
  returned: success or after sessions were tried
  type: str
  sample: ioctl
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
      method: ioctl
      return_value: 6
      action: failed
      reason: >-
        DeviceIoControl(\\.\Scsi2:, IOCTL_SCSI_MINIPORT, ISCSITGT_SPT_SESSION_END) succeeded but SRB_IO_CONTROL.ReturnCode is SRB_STATUS_INVALID_REQUEST
      error:
        code: 6
        hex: "0x00000006"
        name: SRB_STATUS_INVALID_REQUEST
        message: The request is not valid.
        facility: SRB
        kind: srb
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
      description: V(ioctl).
      returned: always
      type: str
      sample: ioctl
    return_value:
      description:
        - The C(SRB_IO_CONTROL.ReturnCode) the driver wrote back.
        - Null when no call was made (check mode, already gone, selection errors) or the driver returned no header.
      returned: always
      type: int
      sample: 1
    action:
      description: V(stopped), V(would_stop), V(already_gone) or V(failed).
      returned: always
      type: str
      sample: stopped
    reason:
      description: Why the session failed or was already gone, in words.
      returned: when action is failed or already_gone
      type: str
      sample: the session was still listed after 60 s
    logged_in_again_tsih:
      description: The TSIH of the session the initiator logged in again with, during the wait for the stop.
      returned: when the initiator logged in again
      type: int
      sample: 9
    error:
      description: The decoded error (SRB status, Win32 error or WBEM HRESULT).
      returned: when a call failed with a code
      type: dict
      sample:
        code: 5
        hex: "0x00000005"
        name: ERROR_ACCESS_DENIED
        message: Access is denied.
        facility: WIN32
        kind: win32
        severity: error
      contains:
        code:
          description: The code as a number.
          returned: always
          type: int
          sample: 5
        hex:
          description: The code as 8 hex digits.
          returned: always
          type: str
          sample: "0x00000005"
        name:
          description: The symbolic name.
          returned: always
          type: str
          sample: ERROR_ACCESS_DENIED
        message:
          description: The error's text.
          returned: always
          type: str
          sample: Access is denied.
        facility:
          description: Where the code comes from (C(SRB), C(WIN32), C(ITF)...).
          returned: always
          type: str
          sample: WIN32
        kind:
          description: The code family (C(srb), C(win32), C(hresult), C(wbem)...).
          returned: always
          type: str
          sample: win32
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
