# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iscsi_initiator_logout
short_description: Log this host out of iSCSI targets, and optionally remove their persistent logins
version_added: 0.1.0
description:
  - Logs this Windows host, as an iSCSI initiator, out of the iSCSI sessions selected by O(target), O(session_id)
    and O(portal), and with O(remove_persistent=true) removes their persistent logins so that the host does not log
    in again at boot.
  - Every selector given narrows the selection (a session must match all of them). Without O(target),
    O(session_id) or O(portal) the module logs out of nothing and fails unless O(all=true), so it never logs out
    of everything by accident.
    M(sessionctl.windows.iscsi_session_info) with the same selectors lists exactly the sessions selected.
  - Each session is reported in RV(sessions) with what happened to it, and each persistent login in
    RV(persistent_logins). A failure on one session does not stop the others; the module fails after trying them
    all, naming each failed session with the decoded Windows error.
  - The guide R(Decommissioning iSCSI storage,ansible_collections.sessionctl.windows.docsite.guide_iscsi_decommission)
    explains the order of a decommission and how the module works.
options:
  target:
    description:
      - Select the sessions to these targets.
      - Each entry is an iSCSI name, checked before anything changes. V(iqn.yyyy-mm.reversed.domain[:unique]),
        V(eui.) and 16 hex digits, or V(naa.) and 16 or 32 hex digits. Matching is case-insensitive.
      - With O(remove_persistent=true) and no other selector, every persistent login of these targets is removed,
        even when the host has no session to them.
    type: list
    elements: str
  session_id:
    description:
      - Select the sessions with these ids, as C(Get-IscsiSession) and C(iscsicli SessionList) show them (for
        example V(ffffe11113210020-4000013700000001)). An id in another form, or an empty string, fails the task
        before any Windows call.
      - An id that is not logged in is reported as V(already_gone). A session that O(target) or O(portal) leaves
        out is not logged out, with a warning.
      - With O(remove_persistent=true) only the persistent logins these sessions came through are removed; the
        target's other logins (other MPIO paths) are kept and named in a warning.
    type: list
    elements: str
  portal:
    description:
      - Select only the sessions with a connection to this target portal (an IP address or a host name, without
        the port). A host name is resolved on the host and addresses are compared as addresses.
      - With O(remove_persistent=true) only the persistent logins through this portal are removed, with a warning
        when the portal matches a target's persistent logins but none of its sessions, or the reverse.
      - V('') is refused; omit the option to select every portal.
    type: str
  all:
    description:
      - No narrowing, select every session of this host. O(target), O(session_id) and O(portal), when also given,
        still narrow the selection.
      - With O(remove_persistent=true) and no other selector, every persistent login of this host is removed, even
        of targets the host has no session to.
      - V(false) (the default) selects nothing by itself; without any selector the module fails before any Windows
        call unless this is V(true).
    type: bool
    default: false
  backend:
    description:
      - How the host logs out. It does not change which sessions are selected.
      - V(auto) is V(iscsidsc), the supported way, which logs out of each selected session on its own.
      - V(vds) uses the Virtual Disk Service (superseded since Windows Server 2012). It logs out of every session
        to a target at once, so a selection of only some of them fails, and it only reaches targets that an
        installed VDS iSCSI hardware provider exposes. It also removes every persistent login of each target it
        logs out of, so it requires O(remove_persistent=true).
    type: str
    default: auto
    choices: [auto, iscsidsc, vds]
  remove_persistent:
    description:
      - Also remove the persistent logins (the targets the host logs in to at boot) of the selection.
      - O(target) alone selects all of a target's persistent logins; O(portal) or O(session_id) narrow them to the
        logins through that portal or those sessions' paths.
      - Logins are removed even when a logout fails.
    type: bool
    default: false
  busy:
    description:
      - What to do with a session whose logout Windows refuses because a disk on it is in use.
      - V(fail) reports the session as failed and names its disks.
      - V(offline_disks) flushes and dismounts the volumes of the session's disks, takes the disks offline (until
        they are brought online again or the host restarts) and logs out again. Whatever uses those disks loses
        them. A disk taken offline makes the result changed, also when the session then fails.
      - V(offline_disks) never takes a disk offline while a session outside the selection still serves it (another
        MPIO path); that session fails, naming the disk and the other sessions. Select every path to the disk.
    type: str
    default: fail
    choices: [fail, offline_disks]
  retries:
    description:
      - How many times a call that Windows answers with "busy, try again" is retried, O(retry_delay) seconds apart;
        after the last retry the session fails with the last error. No retry starts after O(timeout) has run out.
      - A disk in use is handled by O(busy), not retried. V(0) means no retries.
    type: int
    default: 5
  retry_delay:
    description:
      - Seconds between retries; fractions are allowed (V(0.5)).
    type: float
    default: 2.0
  timeout:
    description:
      - The most seconds the module waits in total for Windows to finish its work, counted from the start of the
        run (the delays between retries and, with O(backend=vds), the start of the Virtual Disk Service and each
        logout).
      - A VDS logout still running when the time is up is cancelled and its sessions fail, unless listing them
        again shows they ended (V(already_gone)).
      - Between 1 and 86400.
    type: int
    default: 60
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: >-
      Check mode runs the same selection and planning, including the persistent logins it would remove, and reports
      V(would_log_out) and V(would_remove). Whether a disk is busy is only known when logging out. With
      O(backend=vds) check mode does not start the Virtual Disk Service, so it cannot tell whether VDS can log out
      of the target; it warns so.
  diff_mode:
    support: full
    details: The diff shows the sessions and the persistent logins before and after (predicted in check mode).
  platform:
    platforms:
      - windows
notes:
  - Needs administrator rights and the Microsoft iSCSI Initiator service (MSiSCSI) running.
  - The module logs out first, then removes the persistent logins, then lists the sessions again to confirm; a
    session still listed after a reported success fails.
  - No error code alone makes a session V(already_gone); after a failed call the module lists again, and the error
    stays in RV(sessions[].error). The same holds for persistent logins.
  - UNCONFIRMED on a real host - that O(busy=offline_disks) lets the logout succeed while files on the disk are
    open, and that the disk number is the right one under MPIO. If the logout still fails, the disks stay offline
    until they are brought online again (C(Set-Disk -IsOffline $false)) or the host restarts.
  - The Windows calls, the VDS answers and what is not confirmed are described under "How it works" in the guide
    R(Decommissioning iSCSI storage,ansible_collections.sessionctl.windows.docsite.guide_iscsi_decommission).
seealso:
  - module: sessionctl.windows.iscsi_session_info
  - ref: ansible_collections.sessionctl.windows.docsite.guide_iscsi_decommission
    description: Decommissioning iSCSI storage, and how the module works.
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: Log out of every session to a target
  sessionctl.windows.iscsi_initiator_logout:
    target:
      - iqn.1991-05.com.microsoft:storage01-backup-target

- name: Decommission a target for good, taking its disks offline if they are in use
  sessionctl.windows.iscsi_initiator_logout:
    target:
      - iqn.1991-05.com.microsoft:storage01-backup-target
    remove_persistent: true
    busy: offline_disks

- name: Log out of one session
  sessionctl.windows.iscsi_initiator_logout:
    session_id:
      - ffffe11113210020-4000013700000001

- name: Log out of the sessions through one portal only, retrying a busy session for longer
  sessionctl.windows.iscsi_initiator_logout:
    target:
      - iqn.1991-05.com.microsoft:storage01-backup-target
    portal: 192.0.2.10
    retries: 10
    retry_delay: 0.5

- name: Log out through the Virtual Disk Service
  sessionctl.windows.iscsi_initiator_logout:
    target:
      - iqn.1992-08.com.netapp:sn.1234567
    backend: vds
    remove_persistent: true

- name: Log out of every iSCSI session of this host before it is retired
  sessionctl.windows.iscsi_initiator_logout:
    all: true
"""

RETURN = r"""
sessions:
  description: Every selected session with what happened to it.
  returned: always
  type: list
  elements: dict
  sample:
    - session_id: ffffe11113210020-4000013700000001
      target_name: iqn.1991-05.com.microsoft:storage01-backup-target
      initiator_name: iqn.1991-05.com.microsoft:host1.contoso.com
      connections: [{initiator_address: 0.0.0.0, initiator_port: 0, target_address: 192.0.2.10, target_port: 3260}]
      devices: [{disk_number: 2, legacy_name: \\.\PhysicalDrive2}]
      action: logged_out
  contains:
    session_id:
      description: The session id.
      returned: always
      type: str
      sample: ffffe11113210020-4000013700000001
    target_name:
      description: The IQN of the target.
      returned: unless the session id was not found
      type: str
      sample: iqn.1991-05.com.microsoft:storage01-backup-target
    initiator_name:
      description: The initiator name the session reports.
      returned: unless the session id was not found
      type: str
      sample: iqn.1991-05.com.microsoft:host1.contoso.com
    connections:
      description: The connections of the session, as M(sessionctl.windows.iscsi_session_info) returns them.
      returned: unless the session id was not found
      type: list
      elements: dict
      sample:
        - initiator_address: 0.0.0.0
          initiator_port: 0
          target_address: 192.0.2.10
          target_port: 3260
    devices:
      description: The devices on the session, as M(sessionctl.windows.iscsi_session_info) returns them.
      returned: when the session was planned for logout
      type: list
      elements: dict
      sample:
        - disk_number: 2
          legacy_name: \\.\PhysicalDrive2
          device_interface_name: \\?\mpio#disk&ven_msft&prod_virtual_hd#1&7f6ac24&0&3600#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}
    action:
      description:
        - V(logged_out) (logged out and no longer listed), V(would_log_out) (check mode), V(already_gone),
          V(skipped) (O(portal) kept it) or V(failed).
      returned: always
      type: str
      sample: logged_out
    reason:
      description: Why the session was skipped, failed or already gone.
      returned: when action is skipped, failed or already_gone
      type: str
      sample: "a device on the session is in use (disk 2); set busy: offline_disks to take its disks offline and log out"
    note:
      description: What a VDS success code, or a partial VDS logout, meant for this session.
      returned: when O(backend=vds) succeeded with a remark, or logged out of only some sessions of the target
      type: str
      sample: >-
        VDS reported success with VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED (0x00042801)
        The logout succeeded, but the persistent login may not have been removed.
    offlined_disks:
      description: The disk numbers taken offline because O(busy=offline_disks).
      returned: when a device on the session was busy and O(busy=offline_disks)
      type: list
      elements: int
      sample: [2]
    dismounted_volumes:
      description:
        - The volumes of those disks that were flushed and dismounted before the disk was taken offline.
        - A volume marked C((forced)) had open files, so it could not be flushed first; it was dismounted anyway, and
          data its programs had not written yet is lost.
      returned: when a device on the session was busy and O(busy=offline_disks)
      type: list
      elements: str
      sample: ['\\?\Volume{0b0a2c5e-1d3f-4e5a-9b8c-7d6e5f4a3b2c} (forced)']
    error:
      description: The Windows error, decoded by the shared error catalog.
      returned: when a Windows call failed for this session
      type: dict
      contains:
        code:
          description: The error code.
          returned: always
          type: int
          sample: 4026466368
        hex:
          description: The code as 8 hex digits.
          returned: always
          type: str
          sample: "0xEFFF0040"
        name:
          description: The symbolic name.
          returned: always
          type: str
          sample: ISDSC_DEVICE_BUSY_ON_SESSION
        message:
          description: The error text.
          returned: always
          type: str
          sample: The session cannot be logged out because a device on it is in use.
        facility:
          description: The facility of the code.
          returned: always
          type: str
          sample: ISCSI
        kind:
          description: The family of the code (V(win32), V(hresult), V(vds), V(iscsi), ...).
          returned: always
          type: str
          sample: iscsi
        severity:
          description: V(error), V(warning) or V(success).
          returned: always
          type: str
          sample: error
        win32_code:
          description: The Win32 code inside an HRESULT.
          returned: when the code is an HRESULT that wraps a Win32 code
          type: int
          sample: 5
counts:
  description:
    - The number of selected sessions for each action of RV(sessions[].action), with every key present (V(0) when
      none) - V(logged_out), V(would_log_out), V(already_gone), V(skipped), V(failed).
  returned: always
  type: dict
  sample: {logged_out: 2, would_log_out: 0, already_gone: 1, skipped: 0, failed: 0}
persistent_logins:
  description:
    - The persistent logins selected for removal with O(remove_persistent=true), with what happened to each.
    - With O(backend=vds) this includes every persistent login of each target VDS logs out of (whatever O(portal)
      says), since VDS removes them; each is reported V(removed) whether VDS or the module removed it.
    - When the persistent logins could not be listed, one entry with RV(persistent_logins[].action=failed) and the
      error; its login keys (RV(persistent_logins[].target_name) to RV(persistent_logins[].portal_port)) are then
      V(null).
  returned: always
  type: list
  elements: dict
  sample:
    - target_name: iqn.1991-05.com.microsoft:storage01-backup-target
      initiator_instance: ROOT\ISCSIPRT\0000_0
      initiator_port_number: 4294967295
      portal_address: 192.0.2.10
      portal_port: 3260
      action: removed
  contains:
    target_name:
      description: The target of the persistent login.
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:storage01-backup-target
    initiator_instance:
      description: The initiator instance the login uses.
      returned: always
      type: str
      sample: ROOT\ISCSIPRT\0000_0
    initiator_port_number:
      description: The initiator port, 4294967295 for all ports.
      returned: always
      type: int
      sample: 4294967295
    portal_address:
      description: The target portal's address.
      returned: always
      type: str
      sample: 192.0.2.10
    portal_port:
      description: The target portal's TCP port.
      returned: always
      type: int
      sample: 3260
    action:
      description: V(removed), V(would_remove) (check mode), V(already_gone) or V(failed).
      returned: always
      type: str
      sample: removed
    reason:
      description: Why the removal failed or was not needed.
      returned: when action is failed or already_gone
      type: str
      sample: RemoveIScsiPersistentTargetW failed
    error:
      description: The Windows error, decoded, with the same keys as RV(sessions[].error).
      returned: when the removal failed
      type: dict
      sample: {name: ISDSC_COULD_NOT_REMOVE_PERSISTENT_LOGIN_DATA, hex: "0xEFFF0042", code: 4026466370, kind: iscsi}
msg:
  description: A summary of the outcome, with every failure named.
  returned: always
  type: str
  sample: "2 sessions selected: 2 logged out; 1 persistent login selected: 1 removed"
"""
