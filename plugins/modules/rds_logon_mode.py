# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_logon_mode
short_description: Set the RD Session Host user logon mode (allow, drain, refuse new logons)
version_added: 0.1.0
description:
  - Sets the user logon mode of the Windows host, what C(change logon /enable | /drain | /drainuntilrestart |
    /disable) sets, so that users cannot log back in while a host is drained or decommissioned.
  - The mode is two read/write properties of the C(Win32_TerminalServiceSetting) instance in
    C(root\CIMv2\TerminalServices) (TSCfgWmi, Windows Server 2008 and later). C(Logons) is the string V(0)
    (new sessions allowed) or V(1) (not allowed); C(SessionBrokerDrainMode) is V(0) (allow all connections), V(1)
    (allow reconnections, prevent new logons until the server is restarted) or V(2) (allow reconnections, prevent
    new logons). The class documents no method that sets either, so the module writes the property and puts the
    instance (C(IWbemServices::PutInstance)).
  - Idempotent; only the properties that differ are written. When both change, the write that refuses more goes
    first, so the host never accepts more than both the old and the new mode allow. The instance is read again
    afterwards and the task fails unless it shows the requested mode.
  - The mode before the change is returned as RV(previous_mode), so a later task can put it back (see the examples).
  - To only read the mode, use M(sessionctl.windows.rds_logon_mode_info).
options:
  mode:
    description:
      - V(enabled) allows new logons and reconnections (C(Logons=0), C(SessionBrokerDrainMode=0); C(change logon
        /enable)).
      - V(drain) refuses new logons but lets users reconnect to their existing sessions (C(Logons=0),
        C(SessionBrokerDrainMode=2); C(change logon /drain)). Use it before warning and logging users off.
      - V(drain_until_restart) is V(drain) until the next restart of the host, which then allows all connections
        again (C(SessionBrokerDrainMode=1); C(change logon /drainuntilrestart)).
      - V(disabled) refuses new client logons, reconnections to existing sessions included (C(Logons=1); C(change
        logon /disable)); the console is not affected. The drain mode is left as it is.
    type: str
    required: true
    choices: [enabled, drain, drain_until_restart, disabled]
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads the mode and reports what would change; writes nothing.
  diff_mode:
    support: full
    details: The mode and the two properties before and after.
  platform:
    platforms:
      - windows
notes:
  - Acts on the host the task runs on. There is no option to name another RD Session Host. C(change logon) has no
    remote option either; WMI could reach another host over DCOM, but from a WinRM or PSRP session that is a second
    hop that needs credential delegation (CredSSP or Kerberos delegation). Target each RD Session Host in the
    inventory instead.
  - Needs local Administrator rights (C(change logon) requires them; writing the WMI instance is expected to need
    the same). The module reads its own token first and fails before any WMI call when the token lacks the
    Administrators group (for example a local administrator's filtered token over WinRM), naming the fixes.
  - In drain mode administrators can still log on at the physical console or remotely to the console session
    (C(mstsc /admin)) (Microsoft's Remote Desktop Services team, "Introducing Terminal Services Server Drain Mode",
    2007). The module runs over WinRM, PSRP or SSH in a network logon, which the logon mode does not block.
  - When Group Policy sets the Remote Desktop connections setting (C(Win32_TerminalServiceSetting.PolicySourceAllowTSConnections)
    is C(1), "configured by group policy"), the policy B(Allow users to connect remotely by using Remote Desktop
    Services) holds the logon mode - C(change logon) then answers that it is unable to change, and the mode goes back
    at the next policy refresh (Citrix CTX134641). A write that is refused, or that does not show in the read-back,
    then fails with a message that names that policy; a change that does show is reported with a warning that it may
    go back at the next policy refresh.
  - With an RD Connection Broker the broker stops sending new users to a host in drain mode (Microsoft describes
    drain mode as integrated with broker load balancing); that behaviour is the broker's and is not checked here.
  - UNCONFIRMED - that the provider applies a put of C(Logons) as C(change logon) does (puts of
    C(SessionBrokerDrainMode) are the common field report). The read-back after writing turns a put the provider
    ignores into a failure. Only a Windows host can confirm it; the integration target C(rds_logon_mode) checks it
    against C(change logon /query).
  - UNCONFIRMED - whether V(disabled) survives a restart. The C(change logon) page says logons are re-enabled when the
    system restarts, without saying for which modes; V(drain_until_restart) is documented to end at restart.
  - UNCONFIRMED - whether drain mode has any effect on a host without the RD Session Host role (Remote Desktop for
    Administration only).
  - The registry values C(change logon) is reported to write (C(TSServerDrainMode) under
    C(HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server), and C(WinStationsDisabled), a C(REG_SZ) under
    C(HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon)) are not read or written; they are not a
    documented interface. C(WTS_RCM_DRAIN_STATE)
    (wtsdefs.h) only tells a protocol provider about drain changes; it cannot set or read the mode.
seealso:
  - module: sessionctl.windows.rds_logon_mode_info
  - module: sessionctl.windows.rds_logoff
  - name: Win32_TerminalServiceSetting class
    description: The Logons and SessionBrokerDrainMode properties.
    link: https://learn.microsoft.com/windows/win32/termserv/win32-terminalservicesetting
  - name: change logon
    description: The command line tool that sets the same modes.
    link: https://learn.microsoft.com/windows-server/administration/windows-commands/change-logon
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: Stop new logons, keep reconnections, before warning users
  sessionctl.windows.rds_logon_mode:
    mode: drain
  register: logon_mode

- name: Put the logon mode back to what it was before the drain
  sessionctl.windows.rds_logon_mode:
    mode: "{{ logon_mode.previous_mode }}"
  when: logon_mode.previous_mode in ['enabled', 'drain', 'drain_until_restart', 'disabled']

- name: Drain only until the patch reboot
  sessionctl.windows.rds_logon_mode:
    mode: drain_until_restart

- name: Refuse every new client logon, reconnections included
  sessionctl.windows.rds_logon_mode:
    mode: disabled
"""

RETURN = r"""
mode:
  description:
    - The logon mode after the task (in check mode, the mode it would set).
    - One of V(enabled), V(drain), V(drain_until_restart), V(disabled), or V(unknown) when the properties hold values
      the Win32_TerminalServiceSetting page does not document.
  returned: success
  type: str
  sample: drain
previous_mode:
  description:
    - The logon mode before the task, to restore it later with O(mode=<previous_mode>).
    - V(unknown) when the properties held undocumented values; such a mode cannot be passed back as O(mode).
  returned: success
  type: str
  sample: enabled
previous:
  description: The mode and both properties before the task.
  returned: success
  type: dict
  sample:
    mode: enabled
    logons: "0"
    session_broker_drain_mode: 0
  contains:
    mode:
      description: The logon mode these properties amount to.
      type: str
      returned: always
      sample: enabled
    logons:
      description: C(Win32_TerminalServiceSetting.Logons), a string, V(0) allowed or V(1) not allowed.
      type: str
      returned: always
      sample: "0"
    session_broker_drain_mode:
      description: C(Win32_TerminalServiceSetting.SessionBrokerDrainMode), V(0), V(1) or V(2).
      type: int
      returned: always
      sample: 0
setting:
  description: The mode and both properties after the task, as read back (in check mode, as planned).
  returned: success
  type: dict
  sample:
    mode: drain
    logons: "0"
    session_broker_drain_mode: 2
  contains:
    mode:
      description: The logon mode these properties amount to.
      type: str
      returned: always
      sample: drain
    logons:
      description: C(Win32_TerminalServiceSetting.Logons).
      type: str
      returned: always
      sample: "0"
    session_broker_drain_mode:
      description: C(Win32_TerminalServiceSetting.SessionBrokerDrainMode).
      type: int
      returned: always
      sample: 2
steps:
  description: The property writes made (or, in check mode, planned), in order; empty when nothing changed.
  returned: success
  type: list
  elements: dict
  sample:
    - property: SessionBrokerDrainMode
      before: 0
      after: 2
      status: done
  contains:
    property:
      description: V(Logons) or V(SessionBrokerDrainMode).
      type: str
      returned: always
      sample: SessionBrokerDrainMode
    before:
      description: The value before (a string for C(Logons), an integer for C(SessionBrokerDrainMode)).
      type: raw
      returned: always
      sample: 0
    after:
      description: The value written.
      type: raw
      returned: always
      sample: 2
    status:
      description: V(done), V(planned) (check mode) or V(failed).
      type: str
      returned: always
      sample: done
server_name:
  description: C(Win32_TerminalServiceSetting.ServerName), the host whose mode this is.
  returned: success
  type: str
  sample: RDSH01
error:
  description: The decoded Windows error when a WMI call failed.
  returned: failure
  type: dict
  sample:
    code: 2147749891
    hex: "0x80041003"
    name: WBEM_E_ACCESS_DENIED
    message: Access to the WMI object was denied.
    facility: ITF
msg:
  description: What changed, from which mode to which.
  returned: always
  type: str
  sample: the logon mode changed from enabled to drain (reconnections allowed, new logons refused)
"""
