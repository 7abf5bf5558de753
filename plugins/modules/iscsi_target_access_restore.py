#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iscsi_target_access_restore
short_description: Undo the access changes iscsi_target_session_stop made to iSCSI targets
version_added: 0.1.0
description:
  - Puts back, per iSCSI target of this Windows iSCSI Target Server, what M(sessionctl.windows.iscsi_target_session_stop)
    recorded before O(sessionctl.windows.iscsi_target_session_stop#module:revoke_access) or
    O(sessionctl.windows.iscsi_target_session_stop#module:disable_target) first changed it, and then clears that record.
  - The record is kept on the host (registry, C(HKLM\SOFTWARE\sessionctl.windows\Records), one value per target), so
    the undo needs no fact cache and works from any controller or AWX job. A later stop does not overwrite the record
    of a target that already has one; the restore goes back to the state before the first change.
  - The initiator IDs the stop removed are created again and the target is enabled or disabled as recorded. IDs
    added since the stop are kept. The target is read back; only when it matches the record is the record cleared.
  - A target without a record is not changed (RV(targets[].action=no_record)), so a second run changes nothing.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads each record and target and reports what would be put back; it changes no target and keeps
        every record.
  diff_mode:
    support: full
    details:
      - The diff shows, for each target with a record, its C(enabled) and C(initiator_ids) before and after.
  platform:
    platforms:
      - windows
options:
  target:
    description:
      - Restore these targets, given by target name (as C(Get-IscsiServerTarget) shows it), case-insensitive. Each named target is
        reported, also one without a record.
      - An empty name fails the task before any Windows call.
      - A name that starts with C(iqn.), C(eui.) or C(naa.) is read as an iSCSI name and must be a valid one (as
        M(sessionctl.windows.iscsi_target_session_stop) reads it); a malformed one fails the task before any Windows call.
      - With O(all=true) as well, only these targets are restored (O(all) does not widen the selection).
    type: list
    elements: str
  all:
    description:
      - Restore every target of this host that has a record. Targets without one are not reported.
      - Either O(target) or O(all=true) is required; with neither, the task fails before any Windows call and
        nothing is restored.
    type: bool
    default: false
notes:
  - The module needs an administrator (writing under C(HKEY_LOCAL_MACHINE) and the iSCSI Target WMI provider).
  - B(Unconfirmed) - that the C(root\WMI) provider accepts creating a C(WT_IDMethod) instance and putting C(WT_Host)
    with C(Enabled) changed (C(Set-IscsiServerTarget) is the documented way). The target is read back after the
    change; a difference fails the target and keeps its record.
seealso:
  - module: sessionctl.windows.iscsi_target_session_stop
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: Stop web01's sessions and keep it out of its targets
  sessionctl.windows.iscsi_target_session_stop:
    initiator:
      - iqn.1991-05.com.microsoft:web01.contoso.com
    revoke_access: true

- name: Later, let web01 back in (what the stop recorded is put back)
  sessionctl.windows.iscsi_target_access_restore:
    target:
      - sql-data

- name: Put back every target the stop changed on this host
  sessionctl.windows.iscsi_target_access_restore:
    all: true
  register: restored
"""

RETURN = r"""
targets:
  description:
    - One entry per target named in O(target), or with O(all=true) per target that had a record.
  returned: always
  type: list
  elements: dict
  sample:
    - target_name: sql-data
      action: restored
      enabled_before: false
      enabled: true
      initiator_ids_before:
        - IQN:iqn.1991-05.com.microsoft:app02.contoso.com
      initiator_ids:
        - IQN:iqn.1991-05.com.microsoft:app02.contoso.com
        - IQN:iqn.1991-05.com.microsoft:web01.contoso.com
      added:
        - IQN:iqn.1991-05.com.microsoft:web01.contoso.com
      reason: null
      error: null
  contains:
    target_name:
      description: The target's name (C(WT_Host.HostName)).
      returned: always
      type: str
      sample: sql-data
    action:
      description:
        - C(restored) (put back and the record cleared; also when the target already matched the record),
          C(would_restore) (check mode), C(no_record) (nothing recorded, nothing changed) or C(failed) (the record
          is kept).
      returned: always
      type: str
      sample: restored
    enabled_before:
      description: C(WT_Host.Enabled) before the restore; null when the target was not read.
      returned: always
      type: bool
      sample: false
    enabled:
      description: C(WT_Host.Enabled) after the restore (in check mode, as planned); null when not known.
      returned: always
      type: bool
      sample: true
    initiator_ids_before:
      description: The target's initiator IDs before the restore, in C(Type:Value) form; null when not read.
      returned: always
      type: list
      elements: str
      sample:
        - IQN:iqn.1991-05.com.microsoft:app02.contoso.com
    initiator_ids:
      description: The target's initiator IDs after the restore (in check mode, as planned); null when not known.
      returned: always
      type: list
      elements: str
      sample:
        - IQN:iqn.1991-05.com.microsoft:app02.contoso.com
        - IQN:iqn.1991-05.com.microsoft:web01.contoso.com
    added:
      description: The recorded initiator IDs that were (or would be) created again.
      returned: always
      type: list
      elements: str
      sample:
        - IQN:iqn.1991-05.com.microsoft:web01.contoso.com
    reason:
      description: Why the target failed; null otherwise.
      returned: always
      type: str
      sample: null
    error:
      description: The decoded Windows error of a failure (code, hex, name, message, facility); null otherwise.
      returned: always
      type: dict
      sample: null
"""
