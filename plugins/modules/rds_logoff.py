# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_logoff
short_description: Log off Remote Desktop sessions by id, user, state, idle or disconnected time
version_added: 0.1.0
description:
  - Logs off Remote Desktop (and console) user sessions on the Windows host, or on a remote RD Session Host
    named by O(server).
  - Sessions are selected with O(session_id), O(username), O(session_state), O(idle_longer_than) and
    O(disconnected_longer_than), less O(exclude_username) and O(exclude_session_id). Every selector narrows, so a
    session must match all of them. With no selector the module logs off nothing and fails, unless O(all=true) is
    given explicitly. M(sessionctl.windows.rds_session_info) takes the same selectors and runs the same selection.
  - Safety rules are always on. The session the module itself runs in, session 0 (services), listeners
    (state V(listen)) and sessions with no user logged on are never logged off. Session 0, listeners and sessions
    without a user are not selected at all unless O(session_id) names them; then, like the module's own session,
    they are reported with RV(sessions[].action=skipped), the reason, and a warning.
  - Just before each logoff the module lists the sessions again and checks that the session is still the one it
    selected (same id, user and logon time) and still matches the selectors (state, idle and disconnected time);
    one that is not is reported as V(already_gone) and left alone.
  - The module does not warn the users. To warn them first, send a message with M(sessionctl.windows.rds_message),
    give them time, then run this module (the drain role does that).
  - Every logoff is started before the module waits for any of them; it then checks until each session is gone or
    O(timeout) runs out, so ending many sessions costs about as long as the slowest one.
  - A session is gone when its id is no longer listed, or is listed with no user or with another user (ids are
    reused). While Windows tears a session down it may still list it with its user in state V(down) or V(reset);
    such a session is not gone yet, and if O(timeout) runs out first it is reported as V(failed) with that state in
    its reason.
options:
  session_id:
    description:
      - Log off the sessions with these ids.
      - Session 0 (services), listeners and sessions without a user are selected only when named here, and are then
        reported as V(skipped).
      - An id that the server does not list is reported in RV(sessions) with the action V(already_gone) and a
        warning, so a re-run after a logoff changes nothing and a mistyped id is still visible.
    type: list
    elements: int
  username:
    description:
      - Log off the sessions of these users. Several entries are alternatives.
      - Each entry is V(user) (any domain) or V(DOMAIN\\user), where C(DOMAIN) is the NetBIOS domain name the session
        reports, or this host's computer name for a local account (V(.\\user) means the same for this host; with
        O(server) naming another host, use that host's computer name). Each part is trimmed; matching is
        case-insensitive and C(*) and C(?) are wildcards in each part, for example V(CONTOSO\\svc_*).
      - A user principal name (V(alice@contoso.com)) is refused before any Windows call, because the account behind
        it may have another name; give the account name.
      - An empty entry is an error. An entry that matches no listed session gives a warning.
    type: list
    elements: str
  exclude_username:
    description:
      - Leave out the sessions of these users, in the same forms as O(username) (wildcards included, for example
        V(svc_*) or V(CONTOSO\\admin*)).
      - An exclusion narrows what other selectors or O(all=true) select; it selects nothing alone.
    type: list
    elements: str
  exclude_session_id:
    description:
      - Leave out the sessions with these ids. It selects nothing alone.
    type: list
    elements: int
  session_state:
    description:
      - Log off only the sessions in one of these connection states, for example V(disconnected) for users who
        closed their Remote Desktop window without logging off. It filters by the state; it does not change it.
    type: list
    elements: str
    choices: [active, connected, connect_query, shadow, disconnected, idle, listen, reset, down, init]
  idle_longer_than:
    description:
      - Log off the sessions idle for longer than this (the host's current time minus the last input time).
      - Seconds (V(900)) or a duration with C(s), C(m), C(h) or C(d) units (V(30m), V(1h30m), V(2d)); more than 0.
      - A session whose idle time is unknown is never selected. Whether Windows keeps the last input time of a
        disconnected session is UNCONFIRMED; use O(disconnected_longer_than) for disconnected sessions.
      - An empty string is an error (omit the option for no idle filter).
    type: str
  disconnected_longer_than:
    description:
      - Log off the sessions that are disconnected now and have been for longer than this (the host's current time
        minus the time of the last disconnect).
      - The same duration forms as O(idle_longer_than); an empty string is an error.
      - A session that is not in state V(disconnected) now never matches, even when it was disconnected before and
        reconnected. A session whose disconnect time Windows does not report never matches.
    type: str
  all:
    description:
      - No narrowing, select every session with a user logged on. The other selectors still narrow it, and
        the exclusions and the safety rules still apply.
      - Without any selector the module refuses to act unless this is V(true).
    type: bool
    default: false
  server:
    description:
      - The NetBIOS name of a remote RD Session Host whose sessions to log off, instead of this host's.
      - When omitted, or when it names this host, this host's sessions are logged off and the own-session rule
        applies. A name means this host only when it equals (case-insensitively, one trailing dot allowed) its
        NetBIOS name, its DNS host name or its fully qualified DNS name, or is V(localhost), V(.), V(127.0.0.1) or
        V(::1). Any other name, another IP address or DNS alias of this host included, is treated as a remote server,
        and the own-session rule does not apply to it.
      - A remote server is called with the module's own logon, which often cannot pass credentials on (the double
        hop), so the server then answers access denied or an RPC error even for an administrator. Use C(become),
        CredSSP or Kerberos delegation, or run the task on the server itself; the failure message says which
        applies (see the Connecting and privileges guide).
      - Leading backslashes are ignored (V(\\\\RDSH01) is V(RDSH01)); an empty or blank name is an
        error (omit the option for the local host).
      - If the server cannot be reached or its sessions cannot be listed, the module fails before acting.
    type: str
  wait:
    description:
      - Wait until every session has gone.
      - When V(false) the module returns once every logoff has been started and reports
        RV(sessions[].action=logoff_started).
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait, for all sessions together, until the logged off sessions are gone. A session still present
        after that is reported as failed.
      - The time starts once every logoff has been started. The sessions are listed again every 250 ms; V(0)
        checks once. A listing that fails is retried at the next check; three failures in a row,
        or a failed last check, fail the sessions still waiting with the decoded error.
      - The default leaves room for Windows to close the applications that hold the logoff and to unload the user
        profile.
    type: int
    default: 120
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Check mode runs the same selection and safety rules and reports V(would_log_off).
  diff_mode:
    support: full
    details: The diff shows the sessions with a user before and after the run (predicted in check mode).
  platform:
    platforms:
      - windows
notes:
  - Logging off another user's session needs the Reset permission on the RD Session Host (Administrators have it).
    There is no administrator check before acting, because that permission is enough.
  - A failure on one session does not stop the others; the module fails after trying every selected session, and
    the message names the server, the session and the decoded Windows error.
  - Session ids are only unique per host and are reused. A session whose id now belongs to another user or another
    logon (a new logon time) is not logged off.
  - When a call on one session fails (reading its idle time, the logoff), the module lists the sessions again. A
    session no longer listed, or listed with another user, is V(already_gone); otherwise it fails with the decoded
    code. No single code decides it, because real hosts answer 7022 (C(ERROR_CTX_WINSTATION_NOT_FOUND)), 2
    (C(ERROR_FILE_NOT_FOUND)) right after a logoff, and 7007 (C(ERROR_CTX_CLOSE_PENDING)) for a session Windows is
    closing (Cassia issues 36, 60 and 68, U(https://github.com/danports/cassia/issues/68)).
  - When a call is refused with access denied, the message adds what the module's token shows, for example a
    filtered token (a local administrator over the network without C(LocalAccountTokenFilterPolicy)) and how to fix
    it.
  - Over WinRM, PSRP or SSH the module runs in a network logon, in session 0, so the own-session rule protects
    session 0 (which is never logged off anyway). A Remote Desktop session of the user Ansible connects as is
    another session and is logged off if a selector matches it; narrow O(username) or O(session_id) to keep it.
  - How it works, in Windows API terms; see also the How it works section of the RDS drain guide. The sessions are
    listed with C(WTSEnumerateSessionsExW) (level 1); idle time is C(CurrentTime) minus C(LastInputTime), and
    disconnected time C(CurrentTime) minus C(DisconnectTime), from C(WTSQuerySessionInformationW) with
    C(WTSSessionInfo) (C(WTSINFOW)); O(session_state) takes the C(WTS_CONNECTSTATE_CLASS) names in lower case.
    Each logoff is C(WTSLogoffSession) with C(bWait=FALSE). The local host uses C(WTS_CURRENT_SERVER_HANDLE) (a
    name is compared with what C(GetComputerNameExW) reports), a remote one C(WTSOpenServerExW). Whether Windows
    reports a disconnect time of 0 for a session never disconnected is UNCONFIRMED (such a session never matches
    either way).
seealso:
  - module: sessionctl.windows.rds_message
  - module: sessionctl.windows.rds_session_info
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: Log off every disconnected session
  sessionctl.windows.rds_logoff:
    session_state:
      - disconnected

- name: Log off sessions idle for more than 2 hours on a remote RD Session Host
  sessionctl.windows.rds_logoff:
    server: RDSH01
    idle_longer_than: 2h

- name: Warn the users of a drained host
  sessionctl.windows.rds_message:
    all: true
    message: This server goes down for maintenance in 5 minutes. Please save your work and log off.
    message_title: Maintenance

- name: Give them 5 minutes
  ansible.builtin.pause:
    minutes: 5

- name: Log everyone off
  sessionctl.windows.rds_logoff:
    all: true
    timeout: 300

- name: Log off sessions disconnected for more than 8 hours, except service and admin accounts
  sessionctl.windows.rds_logoff:
    disconnected_longer_than: 8h
    exclude_username:
      - svc_*
      - CONTOSO\admin*

- name: Log off one user's sessions in any domain, without waiting
  sessionctl.windows.rds_logoff:
    username:
      - alice
      - CONTOSO\svc_*
    wait: false

- name: Log off session 3
  sessionctl.windows.rds_logoff:
    session_id:
      - 3
  register: logoff

- name: Show what happened to each session
  ansible.builtin.debug:
    msg: "{{ logoff.sessions | map(attribute='action') | list }}"
"""

RETURN = r"""
sessions:
  description:
    - Every session the selectors matched, with what happened to it.
  returned: always
  type: list
  elements: dict
  sample:
    - session_id: 3
      username: alice
      domain: CONTOSO
      session_state: disconnected
      session_name: null
      action: logged_off
    - session_id: 1
      username: ansible
      domain: CONTOSO
      session_state: active
      session_name: RDP-Tcp#0
      action: skipped
      reason: it is the session this module runs in
  contains:
    session_id:
      description: The session id.
      returned: always
      type: int
      sample: 3
    username:
      description: The account name alone, null for a session without a user (or an id the host does not list).
      returned: always
      type: str
      sample: alice
    domain:
      description: The domain, or the computer name for a local account; null when the session reports none.
      returned: always
      type: str
      sample: CONTOSO
    session_state:
      description: The connection state when the session was listed, lower case; null for an id not listed.
      returned: always
      type: str
      sample: disconnected
    session_name:
      description: The WinStation name, for example C(RDP-Tcp#3) or C(Console); null for a disconnected session.
      returned: always
      type: str
      sample: RDP-Tcp#3
    action:
      description:
        - V(logged_off) (ended and confirmed gone), V(would_log_off) (check mode),
          V(logoff_started) (O(wait=false)), V(already_gone) (it ended before or while the module acted),
          V(skipped) (kept by a safety rule) or V(failed).
      returned: always
      type: str
      sample: logged_off
    reason:
      description: Why the session was skipped, failed, or is already gone.
      returned: when action is skipped, failed or already_gone
      type: str
      sample: still present in state down after 120 s (logoff started, timeout reached)
    error:
      description: The Windows error, decoded by the shared error catalog.
      returned: when a Windows call failed for this session
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
          description: The error code.
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
          description: The error text.
          returned: always
          type: str
          sample: Access is denied.
        facility:
          description: The facility of the code.
          returned: always
          type: str
          sample: WIN32
        kind:
          description: The family of the code (V(win32), V(hresult), ...).
          returned: always
          type: str
          sample: win32
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
    - The number of sessions for each action of RV(sessions[].action); every key is present, 0 when none.
  returned: always
  type: dict
  sample:
    logged_off: 2
    would_log_off: 0
    logoff_started: 0
    already_gone: 1
    skipped: 0
    failed: 0
msg:
  description: A summary of the outcome, with every failure named.
  returned: always
  type: str
  sample: "3 sessions selected: 2 logged off, 1 skipped"
"""
