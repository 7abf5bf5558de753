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
  - The mode is two settings of the host, whether new logons are allowed and the drain mode (see the notes for
    how they are stored).
  - Idempotent; only the settings that differ are written. When both change, the write that refuses more goes
    first, so the host never accepts more than both the old and the new mode allow. The instance is read again
    afterwards and the task fails unless it shows the requested mode.
  - "Undo from a record on the host: the first task that changes the mode records on the host the setting it found
    before that change (a registry value, see the notes), and O(mode=restore) puts that setting back and clears the
    record. A re-run never overwrites the record: a drain that was aborted and run again still restores what the host
    had before the first drain. A task that changes nothing records nothing, so restoring a host an administrator
    drained by hand leaves it drained. The restore needs no fact cache and works from any controller or AWX job."
  - The mode before the task is also returned as RV(previous_mode).
  - To only read the mode, use M(sessionctl.windows.rds_logon_mode_info).
options:
  mode:
    description:
      - V(enabled) allows new logons and reconnections (C(change logon /enable)).
      - V(drain) refuses new logons but lets users reconnect to their existing sessions (C(change logon /drain)).
        Use it before warning and logging users off.
      - V(drain_until_restart) is V(drain) until the next restart of the host, which then allows all connections
        again (C(change logon /drainuntilrestart)).
      - V(disabled) refuses new client logons, reconnections to existing sessions included (C(change logon
        /disable)); the console is not affected. The drain mode is left as it is.
      - V(restore) puts back both settings as recorded before the first change any earlier task of this module
        made, then clears the record (RV(record=cleared)). The record is cleared only once the host shows the recorded
        setting; a restore that fails keeps it, so a re-run can finish. Without a record nothing is changed
        (RV(record=none)) and the task says so; a second restore is therefore a no-op.
      - Every other value records the setting found before it changes anything, unless a record is already there
        (RV(record=created) or V(kept)). If the record cannot be written, the mode is not changed and the task fails.
    type: str
    required: true
    choices: [enabled, drain, drain_until_restart, disabled, restore]
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads the mode and the record and reports what would change (RV(record=would_create) or V(would_clear));
      writes nothing.
  diff_mode:
    support: full
    details: The mode, the two properties and the undo record (C(record), null when there is none) before and after.
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
  - When Group Policy sets the Remote Desktop connections setting, the policy B(Allow users to connect remotely by using Remote Desktop
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
  - The undo record is the string value C(rds_logon_mode) under C(HKLM\SOFTWARE\sessionctl.windows\Records), read
    and written in the 64-bit registry view so that a 32-bit PowerShell sees the same record. It holds the mode and
    both properties, for example C(mode=enabled;session_broker_drain_mode=0;logons=0). Deleting the value by hand
    forgets the record. Writing it needs the same administrator rights as the mode itself.
  - The record is not written atomically against another task changing the mode on the same host at the same time;
    run one such task per host at a time.
  - How it works, in Windows API terms; see also the How it works section of the RDS drain guide. The mode is two
    read/write properties of the C(Win32_TerminalServiceSetting) instance in C(root\CIMv2\TerminalServices)
    (TSCfgWmi, Windows Server 2008 and later). C(Logons) is the string V(0) (new sessions allowed) or V(1) (not
    allowed); C(SessionBrokerDrainMode) is V(0) (allow all connections), V(1) (allow reconnections, prevent new
    logons until the server is restarted) or V(2) (allow reconnections, prevent new logons). V(enabled) is
    C(Logons=0) and C(SessionBrokerDrainMode=0), V(drain) C(Logons=0) and C(SessionBrokerDrainMode=2),
    V(drain_until_restart) C(SessionBrokerDrainMode=1), V(disabled) C(Logons=1). The class documents no method that
    sets either, so the module writes the property and puts the instance (C(IWbemServices::PutInstance)). Group
    Policy holds the mode when C(PolicySourceAllowTSConnections) is C(1) ("configured by group policy").
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

# Later, from any controller or AWX job (no fact cache needed): the host recorded what it had before the drain.
- name: Put the logon mode back to what it was before the first drain, and forget the record
  sessionctl.windows.rds_logon_mode:
    mode: restore
  register: restored

- name: Say what the restore did
  ansible.builtin.debug:
    msg: "{{ restored.msg }} (record {{ restored.record }}, recorded {{ restored.recorded }})"

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
    - The logon mode before the task. To undo a drain, prefer O(mode=restore), which uses the record on the host.
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
record:
  description:
    - What the task did with the undo record on the host.
    - V(created) it recorded the setting it found before changing it; V(kept) a record was already there and was
      left as it was (a re-run never overwrites it); V(cleared) a restore put the recorded setting back and removed
      the record; V(none) there is no record and the task made none (nothing changed, or a restore found no record).
    - In check mode V(would_create) and V(would_clear).
  returned: success
  type: str
  sample: created
recorded:
  description:
    - The undo record this task found, wrote or restored from (in check mode, would write), or null when there is
      none. For O(mode=restore) this is the setting that was put back.
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
