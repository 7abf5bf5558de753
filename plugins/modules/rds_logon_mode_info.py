# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_logon_mode_info
short_description: Read the RD Session Host user logon mode
version_added: 0.1.0
description:
  - Reports the user logon mode of the Windows host, what C(change logon /query) shows, as
    M(sessionctl.windows.rds_logon_mode) reads it.
  - Also reports, as RV(recorded), the undo record M(sessionctl.windows.rds_logon_mode) keeps on the host, which is
    the setting that O(sessionctl.windows.rds_logon_mode#module:mode=restore) would put back.
  - This module changes nothing and always reports C(changed=false).
options: {}
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
notes:
  - Reads the host the task runs on; see M(sessionctl.windows.rds_logon_mode) for why there is no remote option.
  - How it works - the mode is read from the C(Logons) and C(SessionBrokerDrainMode) properties of
    C(Win32_TerminalServiceSetting) in C(root\CIMv2\TerminalServices); see the notes of
    M(sessionctl.windows.rds_logon_mode) and the How it works section of the RDS drain guide.
seealso:
  - module: sessionctl.windows.rds_logon_mode
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: Read the logon mode
  sessionctl.windows.rds_logon_mode_info:
  register: logon

- name: Stop when the host still accepts new logons
  ansible.builtin.assert:
    that: logon.mode != 'enabled'
    fail_msg: "{{ inventory_hostname }} still accepts new logons"
"""

RETURN = r"""
mode:
  description:
    - V(enabled), V(drain), V(drain_until_restart) or V(disabled), as M(sessionctl.windows.rds_logon_mode) names them;
      V(unknown) when the properties hold values the Win32_TerminalServiceSetting page does not document.
  returned: success
  type: str
  sample: drain
description:
  description: What users see in this mode.
  returned: success
  type: str
  sample: reconnections allowed, new logons refused
logons:
  description: C(Win32_TerminalServiceSetting.Logons), a string, V(0) new sessions allowed or V(1) not allowed.
  returned: success
  type: str
  sample: "0"
session_broker_drain_mode:
  description: C(Win32_TerminalServiceSetting.SessionBrokerDrainMode), V(0) allow all, V(1) drain until restart,
    V(2) drain.
  returned: success
  type: int
  sample: 2
server_name:
  description: C(Win32_TerminalServiceSetting.ServerName).
  returned: success
  type: str
  sample: RDSH01
recorded:
  description:
    - The undo record of M(sessionctl.windows.rds_logon_mode) (the value C(rds_logon_mode) under
      C(HKLM\SOFTWARE\sessionctl.windows\Records)), what O(sessionctl.windows.rds_logon_mode#module:mode=restore)
      would put back; null when there is none.
    - A record that cannot be read, or that holds something rds_logon_mode did not write, gives a warning and null.
  returned: success
  type: dict
  sample:
    mode: enabled
    logons: "0"
    session_broker_drain_mode: 0
  contains:
    mode:
      description: The logon mode the recorded properties amount to.
      type: str
      returned: always
      sample: enabled
    logons:
      description: The recorded C(Win32_TerminalServiceSetting.Logons).
      type: str
      returned: always
      sample: "0"
    session_broker_drain_mode:
      description: The recorded C(Win32_TerminalServiceSetting.SessionBrokerDrainMode).
      type: int
      returned: always
      sample: 0
error:
  description: The decoded Windows error when reading failed.
  returned: failure
  type: dict
  sample:
    code: 2147749902
    hex: "0x8004100E"
    name: WBEM_E_INVALID_NAMESPACE
    message: The WMI namespace does not exist; the provider that owns it is probably not installed.
    facility: ITF
"""
