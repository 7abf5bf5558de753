#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iscsi_target_session_info
short_description: List the sessions that iSCSI initiators hold on a Windows iSCSI Target Server
version_added: 0.1.0
description:
  - Lists the sessions that iSCSI initiators hold on this Windows iSCSI Target Server, one entry per session.
  - The sessions come from the iSCSI Target Server's WMI provider (see the notes).
  - These are the sessions that M(sessionctl.windows.iscsi_target_session_stop) selects from, with the same
    O(initiator), O(target) and O(tsih) filters.
  - When the iSCSI Target Server role (Windows feature C(FS-iSCSITarget-Server)) is not installed, the WMI namespace or
    class does not exist; the module then fails with a message that says so, not with a WMI stack trace.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The module only reads, so it runs the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms:
      - windows
options:
  initiator:
    description:
      - Only list sessions of these initiators, given by iSCSI name (C(iqn.), C(eui.) or C(naa.) form).
      - The match is exact and case-insensitive. A value that is not an iSCSI name fails the task.
    type: list
    elements: str
  target:
    description:
      - Only list sessions to these targets, given by target name (the name C(Get-IscsiServerTarget) shows) or by
        target IQN.
      - The match is exact and case-insensitive. An empty string fails the task.
      - A name that starts with C(iqn.), C(eui.) or C(naa.) is read as an iSCSI name and must be a valid one (see
        O(initiator)); a malformed one fails the task before any Windows call.
    type: list
    elements: str
  tsih:
    description:
      - Only list sessions with these target session identifying handles (1 to 65535).
      - A TSIH is unique only per target (portal group), not per host (RFC 7143), so one value may list sessions on
        several targets. Combine it with O(target) to name one session.
    type: list
    elements: int
  all:
    description:
      - List every session (no narrowing), as M(sessionctl.windows.iscsi_target_session_stop) selects with
        O(sessionctl.windows.iscsi_target_session_stop#module:all=true). The other filters, when also given, still
        narrow the list. With no filter at all, every session is listed too.
      - An empty string in O(initiator) or O(target) fails the task.
    type: bool
    default: false
notes:
  - Filters of different kinds must all match (AND); the values within one filter are alternatives (OR).
  - The sessions are read from class C(WT_Host) in namespace C(root\WMI), property C(Sessions) (C(WT_Session) objects
    with their C(WT_Connection) objects). Whether C(WT_Host) enumerations always fill in C(Sessions) has not been confirmed on every Windows Server
    version; a target whose sessions the provider does not report contributes no entries.
  - Only the first connection of a session is used for RV(sessions[].initiator_address); the Microsoft iSCSI Target
    Server documents one connection per session.
seealso:
  - module: sessionctl.windows.iscsi_target_session_stop
  - name: WT_Session class
    description: The WMI class the sessions are read from.
    link: https://learn.microsoft.com/en-us/previous-versions/windows/desktop/iscsitarg/wt-session
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: List every session on the target server
  sessionctl.windows.iscsi_target_session_info:
  register: target_sessions

- name: List the sessions one initiator holds on one target
  sessionctl.windows.iscsi_target_session_info:
    initiator:
      - iqn.1991-05.com.microsoft:web01.contoso.com
    target:
      - sql-data
  register: web01_sessions

- name: Show one session by TSIH
  sessionctl.windows.iscsi_target_session_info:
    tsih:
      - 7
  register: one_session
"""

RETURN = r"""
sessions:
  description:
    - The sessions that matched the filters, in the order the provider listed them.
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
  contains:
    tsih:
      description:
        - The target session identifying handle (C(WT_Session.TSIH)).
        - Unique only together with the target; two targets can each report the same TSIH.
      returned: always
      type: int
      sample: 7
    isid:
      description:
        - The initiator session id (C(WT_Session.ISID), 48 bits) as a hex string, C(0x) followed by 12 lower-case hex
          digits.
      returned: always
      type: str
      sample: "0x400001370000"
    session_type:
      description: C(normal) or C(discovery) (C(WT_Session.SessionType) 1 or 0).
      returned: always
      type: str
      sample: normal
    initiator_iqn:
      description: The iSCSI name of the initiator (C(WT_Session.InitiatorIQN)).
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:web01.contoso.com
    target_name:
      description: The name of the target (C(WT_Host.HostName)).
      returned: always
      type: str
      sample: sql-data
    target_iqn:
      description: The IQN of the target.
      returned: always
      type: str
      sample: iqn.1991-05.com.microsoft:tgt01-sql-data-target
    initiator_address:
      description: The initiator's IP address on the session's first connection; null when the provider lists none.
      returned: always
      type: str
      sample: 192.0.2.10
"""
