# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_session_info
short_description: List Remote Desktop sessions with their state, times and idle time
version_added: 0.1.0
description:
  - Lists the Remote Desktop and console sessions on the Windows host, or on a remote RD Session Host named by
    O(server), as M(sessionctl.windows.rds_logoff) sees them.
  - Times and idle time are the listed host's own, so the clock of the machine running the module does not matter.
  - It takes every selector of M(sessionctl.windows.rds_logoff) and runs the same selection code, so it lists
    exactly the sessions that module would select (its own session included, with RV(sessions[].is_current)).
    Every selector narrows (AND); with none, every session with a user is listed.
  - Session 0, listeners and sessions without a user are listed only when O(session_id) names them.
  - This module changes nothing and always reports C(changed=false).
options:
  session_id:
    description:
      - List the sessions with these ids.
      - Session 0 (services), listeners and sessions without a user are selected only when named here.
    type: list
    elements: int
  username:
    description:
      - List the sessions of these users. Several entries are alternatives.
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
      - An exclusion narrows what other selectors or O(all=true) select; it selects nothing alone. An empty entry
        fails the task before any Windows call.
    type: list
    elements: str
  exclude_session_id:
    description:
      - Leave out the sessions with these ids. It selects nothing alone.
    type: list
    elements: int
  session_state:
    description:
      - List only the sessions in one of these connection states, for example V(disconnected) for users who closed
        their Remote Desktop window without logging off. It filters by the state; it does not change it. An empty
        string is not a state and fails the task before any Windows call.
    type: list
    elements: str
    choices: [active, connected, connect_query, shadow, disconnected, idle, listen, reset, down, init]
  idle_longer_than:
    description:
      - List the sessions idle for longer than this (the host's current time minus the last input time).
      - Seconds (V(900)) or a duration with C(s), C(m), C(h) or C(d) units (V(30m), V(1h30m), V(2d)); more than 0.
      - A session whose idle time is unknown is never selected. Whether Windows keeps the last input time of a
        disconnected session is UNCONFIRMED; use O(disconnected_longer_than) for disconnected sessions.
      - An empty string is an error (omit the option for no idle filter).
    type: str
  disconnected_longer_than:
    description:
      - List the sessions that are disconnected now and have been for longer than this (the host's current time
        minus the time of the last disconnect).
      - The same duration forms as O(idle_longer_than); an empty string is an error.
      - A session that is not in state V(disconnected) now never matches, even when it was disconnected before and
        reconnected. A session whose disconnect time Windows does not report never matches.
    type: str
  all:
    description:
      - No narrowing, the same as giving no selector. The other selectors still narrow it, and
        the exclusions and the safety rules still apply.
    type: bool
    default: false
  server:
    description:
      - The NetBIOS name of a remote RD Session Host whose sessions to list, instead of this host's. This host's
        when omitted or when it names this host, that is its NetBIOS name, DNS host name or fully qualified DNS name
        (one trailing dot allowed), V(localhost), V(.), V(127.0.0.1) or V(::1). Any other name is a remote server.
      - A remote server is called with the module's own logon, which over WinRM or PSRP with NTLM or Kerberos
        without delegation, and over SSH with key authentication, cannot pass credentials on (the double hop). Use
        C(become), CredSSP or Kerberos delegation; the failure message says which applies.
      - Leading backslashes are ignored (V(\\\\RDSH01) is V(RDSH01)); an empty or blank name is an
        error (omit the option for the local host).
      - If the server cannot be reached or listed, the module fails with the decoded Windows error.
    type: str
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
  - Listing other users' sessions needs the Query Information permission on the RD Session Host.
  - A time the host did not set is returned as null, and the idle time is then null (unknown) too.
  - When the times of a session cannot be read, the sessions are listed again. A session no longer listed has ended
    and is left out; one still listed is returned with null times and a warning that names the decoded error (a
    session in state V(down) answers 7007, C(ERROR_CTX_CLOSE_PENDING), while Windows closes it; Cassia issues 36
    and 60, U(https://github.com/danports/cassia/issues/60)).
  - The idle time of a disconnected session is also C(CurrentTime - LastInputTime). Whether Windows keeps
    C(LastInputTime) set for disconnected sessions is UNCONFIRMED; when it is 0 the idle time is null.
  - How it works, in Windows API terms; see also the How it works section of the RDS drain guide. The sessions are
    listed with C(WTSEnumerateSessionsExW) (level 1); the times come from C(WTSQuerySessionInformationW) with
    C(WTSSessionInfo) (C(WTSINFOW), FILETIME values in UTC, 0 when not set), the client name with C(WTSClientName).
    O(session_state) takes the C(WTS_CONNECTSTATE_CLASS) names in lower case. The local host uses
    C(WTS_CURRENT_SERVER_HANDLE) (a name is compared with what C(GetComputerNameExW) reports), a remote one
    C(WTSOpenServerExW). Whether Windows reports a disconnect time of 0 for a session never disconnected is
    UNCONFIRMED (such a session never matches O(disconnected_longer_than) either way).
seealso:
  - module: sessionctl.windows.rds_logoff
  - module: sessionctl.windows.rds_message
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: List every session on this host
  sessionctl.windows.rds_session_info:
  register: rds

- name: List the disconnected sessions of the CONTOSO domain on a remote host
  sessionctl.windows.rds_session_info:
    server: RDSH01
    session_state:
      - disconnected
    username:
      - CONTOSO\*
  register: abandoned

- name: Preview what rds_logoff would log off with the same selectors
  sessionctl.windows.rds_session_info:
    disconnected_longer_than: 8h
    exclude_username:
      - svc_*
  register: preview

- name: Show the users idle for more than an hour
  ansible.builtin.debug:
    msg: "{{ rds.sessions | selectattr('idle_seconds', 'ne', none) | selectattr('idle_seconds', 'gt', 3600) | map(attribute='username') | list }}"
"""

RETURN = r"""
sessions:
  description: The sessions that match the filters, ordered by id.
  returned: always
  type: list
  elements: dict
  sample:
    - session_id: 2
      session_name: RDP-Tcp#2
      username: alice
      domain: CONTOSO
      session_state: active
      client_name: LAPTOP1
      logon_time: "2026-01-01T10:00:00Z"
      connect_time: "2026-01-01T11:00:00Z"
      disconnect_time: null
      last_input_time: "2026-01-01T11:59:50Z"
      idle_seconds: 10
      disconnected_seconds: null
      is_current: false
  contains:
    session_id:
      description: The session id.
      returned: always
      type: int
      sample: 2
    session_name:
      description: The WinStation name (C(Services), C(Console), C(RDP-Tcp#2), C(RDP-Tcp) for the listener); null
        when the session has none (a disconnected session).
      returned: always
      type: str
      sample: RDP-Tcp#2
    username:
      description: The account name alone, null for a session without a user.
      returned: always
      type: str
      sample: alice
    domain:
      description: The domain, or the computer name for a local account; null when the session reports none.
      returned: always
      type: str
      sample: CONTOSO
    session_state:
      description: The connection state when the session was listed, lower case.
      returned: always
      type: str
      sample: active
    client_name:
      description: The name of the client computer; null when there is none or it cannot be read.
      returned: always
      type: str
      sample: LAPTOP1
    logon_time:
      description: When the user logged on, ISO 8601 UTC; null when not set.
      returned: always
      type: str
      sample: "2026-01-01T10:00:00Z"
    connect_time:
      description: When the session last connected, ISO 8601 UTC; null when not set.
      returned: always
      type: str
      sample: "2026-01-01T11:00:00Z"
    disconnect_time:
      description: When the session last disconnected, ISO 8601 UTC; null when not set.
      returned: always
      type: str
      sample: null
    last_input_time:
      description: The time of the last user input, ISO 8601 UTC; null when not set.
      returned: always
      type: str
      sample: "2026-01-01T11:59:50Z"
    idle_seconds:
      description:
        - Whole seconds since the last input, by the server's clock (C(CurrentTime - LastInputTime)).
        - Null when either time is not set (unknown idle time); never negative.
      returned: always
      type: int
      sample: 10
    disconnected_seconds:
      description:
        - For a session in state V(disconnected), whole seconds since it disconnected, by the server's clock
          (C(CurrentTime - DisconnectTime)), which O(disconnected_longer_than) compares. Null in any other state or
          when a time is not set.
      returned: always
      type: int
      sample: null
    is_current:
      description:
        - Whether this is the session the module runs in (always false with a remote O(server)).
        - Over WinRM, PSRP or SSH the module runs in a network logon in session 0, so session 0 is the current one;
          a Remote Desktop session of the same user is not.
      returned: always
      type: bool
      sample: false
"""
