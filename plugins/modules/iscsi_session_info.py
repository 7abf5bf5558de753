# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iscsi_session_info
short_description: List this host's iSCSI initiator sessions
version_added: 0.1.0
description:
  - Lists the iSCSI sessions that this Windows host, as an initiator, holds to iSCSI targets, with the session id,
    the initiator and target names, the connections, the devices (disks) on each session and whether a persistent
    login exists for the target.
  - It takes the selectors of M(sessionctl.windows.iscsi_initiator_logout) (O(target), O(session_id), O(portal),
    O(all)) and runs the same selection, so it lists exactly the sessions that module would act on with the same
    selectors. Every selector given narrows the list (a session must match all of them); with none, every session
    is listed.
  - This module changes nothing.
options:
  target:
    description:
      - Only list the sessions to these targets.
      - Each entry is an iSCSI name (V(iqn.yyyy-mm.reversed.domain[:unique]), V(eui.) and 16 hex digits, or
        V(naa.) and 16 or 32 hex digits); matching is case-insensitive. A malformed name, or an empty string, fails the module before any Windows call.
    type: list
    elements: str
  session_id:
    description:
      - Only list the sessions with these ids, in the form C(iscsicli SessionList) and C(Get-IscsiSession) show,
        two groups of 16 hex digits joined by C(-) (for example V(ffffe11113210020-4000013700000001)).
      - A listed session that another selector leaves out gets a warning.
    type: list
    elements: str
  portal:
    description:
      - Only list the sessions with a connection to this target portal (an IP address or a host name, without the
        port).
      - Addresses are compared as addresses (V(2001:db8::a) is V([2001:DB8:0:0::A])) and a host name is resolved to
        its addresses on the host, so a portal named by address or by name selects the same sessions.
      - V('') is refused; omit the option to list sessions on every portal.
    type: str
  all:
    description:
      - No narrowing, list every session of this host, as
        O(sessionctl.windows.iscsi_initiator_logout#module:all=true) selects them. O(target), O(session_id) and
        O(portal), when also given, still narrow the list.
      - The list is the same with V(false) and no selector; unlike the logout module, this module lists every
        session without a selector.
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms:
      - windows
notes:
  - Needs administrator rights (the module fails before listing when its token lacks the Administrators group) and
    the Microsoft iSCSI Initiator service (MSiSCSI) running.
  - Windows reports two target names for a session; O(target) is compared with both and RV(sessions[].target_name)
    is the one that is a valid iSCSI name.
  - The Windows calls behind the module are described under "How it works" in the guide
    R(Decommissioning iSCSI storage,ansible_collections.sessionctl.windows.docsite.guide_iscsi_decommission).
  - If the persistent logins cannot be read, RV(sessions[].persistent) is V(false) and the module warns.
  - Under MPIO one disk is reached through several sessions (one per path), so the same disk number can appear in
    RV(sessions[].devices) of several sessions. M(sessionctl.windows.iscsi_initiator_logout) with
    O(sessionctl.windows.iscsi_initiator_logout#module:busy=offline_disks) does not take such a disk offline while a
    session it does not log out still serves it.
seealso:
  - module: sessionctl.windows.iscsi_initiator_logout
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: List every iSCSI session of this host
  sessionctl.windows.iscsi_session_info:
  register: iscsi

- name: List the sessions to one target
  sessionctl.windows.iscsi_session_info:
    target:
      - iqn.1991-05.com.microsoft:storage01-backup-target
  register: backup_sessions

- name: Preview what a logout with all=true would select
  sessionctl.windows.iscsi_session_info:
    all: true
    portal: 192.0.2.10
  register: preview

- name: List the sessions through one portal (what a logout with the same portal would end)
  sessionctl.windows.iscsi_session_info:
    target:
      - iqn.1991-05.com.microsoft:storage01-backup-target
    portal: san01.contoso.com
  register: path_a

- name: Show the disks of one session
  sessionctl.windows.iscsi_session_info:
    session_id:
      - ffffe11113210020-4000013700000001
  register: one

- name: Fail if a disk of the backup target is still attached
  ansible.builtin.assert:
    that:
      - backup_sessions.sessions | map(attribute='devices') | flatten | length == 0
"""

RETURN = r"""
sessions:
  description: The sessions that match the filters, in the order the initiator lists them.
  returned: always
  type: list
  elements: dict
  sample:
    - session_id: ffffe11113210020-4000013700000001
      initiator_name: iqn.1991-05.com.microsoft:host1.contoso.com
      target_name: iqn.1991-05.com.microsoft:storage01-backup-target
      connections:
        - initiator_address: 0.0.0.0
          initiator_port: 0
          target_address: 192.0.2.10
          target_port: 3260
      devices:
        - disk_number: 2
          legacy_name: \\.\PhysicalDrive2
          device_interface_name: \\?\mpio#disk&ven_msft&prod_virtual_hd#1&7f6ac24&0&3600#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}
      persistent: true
  contains:
    session_id:
      description: The session id, AdapterUnique and AdapterSpecific as two groups of 16 hex digits.
      returned: always
      type: str
      sample: ffffe11113210020-4000013700000001
    initiator_name:
      description: The initiator name the session reports.
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:host1.contoso.com
    target_name:
      description: The IQN of the target.
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:storage01-backup-target
    connections:
      description: The connections of the session.
      returned: always
      type: list
      elements: dict
      sample:
        - initiator_address: 0.0.0.0
          initiator_port: 0
          target_address: 192.0.2.10
          target_port: 3260
      contains:
        initiator_address:
          description: The initiator's address.
          returned: always
          type: str
          sample: 0.0.0.0
        initiator_port:
          description: The initiator's TCP port.
          returned: always
          type: int
          sample: 0
        target_address:
          description: The target portal's address.
          returned: always
          type: str
          sample: 192.0.2.10
        target_port:
          description: The target portal's TCP port.
          returned: always
          type: int
          sample: 3260
    devices:
      description: The devices on the session.
      returned: always
      type: list
      elements: dict
      sample:
        - disk_number: 2
          legacy_name: \\.\PhysicalDrive2
          device_interface_name: \\?\mpio#disk&ven_msft&prod_virtual_hd#1&7f6ac24&0&3600#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}
      contains:
        disk_number:
          description: The disk number (as in C(Get-Disk)), or V(null) when the device is not a disk.
          returned: always
          type: int
          sample: 2
        legacy_name:
          description: The legacy device name.
          returned: always
          type: str
          sample: \\.\PhysicalDrive2
        device_interface_name:
          description: The device interface path.
          returned: always
          type: str
          sample: \\?\mpio#disk&ven_msft&prod_virtual_hd#1&7f6ac24&0&3600#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}
    persistent:
      description: Whether a persistent login exists for the session's target, so the host logs in again at boot.
      returned: always
      type: bool
      sample: true
"""
