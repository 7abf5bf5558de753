# -*- coding: utf-8 -*-

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: rds_message
short_description: Send a message box to Remote Desktop sessions selected by id, user, state or idle time
version_added: 0.1.0
description:
  - Shows a message box on the desktop of Remote Desktop (and console) user sessions on the Windows host, or on a
    remote RD Session Host named by O(server). Nothing else is done to the sessions.
  - The selection is the one of M(sessionctl.windows.rds_logoff), run by the same code with the same safety rules,
    so a warning with this module reaches exactly the sessions a later M(sessionctl.windows.rds_logoff) task with the
    same selectors would log off. Selectors narrow together (a session must match all of them). With no selector
    the module sends nothing and fails, unless O(all=true) is given explicitly.
  - Safety rules are always on. The session the module itself runs in, session 0 (services), listeners (state
    V(listen)) and sessions with no user logged on are never sent a message. They are not selected or reported
    unless O(session_id) names them; then they are reported with RV(sessions[].action=skipped), the reason and a
    warning.
  - Just before sending, the sessions are listed again and each selected session is checked once more (the same
    logon, still matching the selectors); one that is not is reported as V(already_gone) and gets no message.
  - By default the module does not wait for an answer and returns as soon as every message was handed to Windows.
    With O(wait_for_response=true) every message is sent at once and the module waits, for all
    sessions together, at most O(timeout) seconds for the users to answer, and returns each answer.
  - Use it for the warning of a drain, then wait once for the whole fleet, then log off with
    M(sessionctl.windows.rds_logoff) what is still there.
options:
  session_id:
    description:
      - Send to the sessions with these ids.
      - An id that the server does not list is reported in RV(sessions) with the action V(already_gone) and a
        warning. Session 0, listeners and sessions without a user are reported (as V(skipped)) only when named here.
    type: list
    elements: int
  username:
    description:
      - Send to the sessions of these users. Each entry is V(user) (any domain) or V(DOMAIN\\user); V(.\\user) is a
        local account of the host. Case-insensitive; C(*) and C(?) are wildcards in each part. A user principal name
        (V(user@domain)) is refused, as the account name behind it may differ.
      - Several entries are alternatives; a session matching any of them is selected. An entry that matches no
        session gives a warning. An empty entry fails the task before any Windows call.
    type: list
    elements: str
  exclude_username:
    description:
      - Never send to the sessions of these users (same forms as O(username)). Excluding alone selects nothing.
    type: list
    elements: str
  exclude_session_id:
    description:
      - Never send to the sessions with these ids. Excluding alone selects nothing.
    type: list
    elements: int
  session_state:
    description:
      - Send only to the sessions in one of these connection states, for example V(active) for users at their
        desk now. It filters by the state; it does not change it. An empty string is not a state and fails the task
        before any Windows call.
    type: list
    elements: str
    choices: [active, connected, connect_query, shadow, disconnected, idle, listen, reset, down, init]
  idle_longer_than:
    description:
      - Send to the sessions idle for longer than this. Seconds (V(900)) or a duration with C(s), C(m), C(h) or C(d)
        units (V(30m), V(1h30m)). A session whose idle time is unknown never matches. An empty string is an error.
    type: str
  disconnected_longer_than:
    description:
      - Send to the sessions disconnected now and for longer than this (same forms as O(idle_longer_than)). An empty
        string is an error.
    type: str
  all:
    description:
      - Select every session with a user logged on, subject to the other selectors and the safety rules.
      - Without any selector the module refuses to act unless this is V(true).
    type: bool
    default: false
  server:
    description:
      - The name of a remote RD Session Host whose users get the message, instead of this host's. Omitted, or a name
        of this host (V(localhost), V(.), this host's NetBIOS, DNS or fully qualified name), means this host, and
        the own-session rule applies.
      - A remote server is called with the module's own logon, which over WinRM, PSRP or SSH has no credentials to
        pass on (the double hop) unless C(become), CredSSP or Kerberos delegation is used.
      - An empty or blank name is an error (omit the option for the local host).
    type: str
  message:
    description:
      - The text of the message box. Required; an empty or blank message is an error.
    type: str
    required: true
  message_title:
    description:
      - The title of the message box. Omitted or V('') gives C(Message from your administrator); a blank title is an
        error.
    type: str
  wait_for_response:
    description:
      - Wait for each user to close the message box and return the answer
        in RV(sessions[].response), V(ok) when the user pressed OK or V(timeout) when O(timeout) ran out first (the
        box then closes by itself).
      - Every message is sent at once, each on its own thread, so many sessions take about as long as one.
      - When V(false) (the default) the module does not wait; RV(sessions[].response) is null.
    type: bool
    default: false
  timeout:
    description:
      - Seconds the message box stays on the screen before Windows closes it by itself.
      - With O(wait_for_response=true) it is also the most the module waits for all answers together; a call that
        has not returned 2 seconds after that is reported as V(failed) (whether the box was shown is then not known).
        V(0) is refused with O(wait_for_response=true), as Windows would wait forever.
      - Without O(wait_for_response), V(0) leaves the box open until the user closes it.
    type: int
    default: 60
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Check mode runs the same selection and safety rules and reports V(would_send); no message is sent.
  diff_mode:
    support: none
    details: A message changes no state on the host that a diff could show; RV(sessions) lists where it went.
  platform:
    platforms:
      - windows
notes:
  - Sending a message to another user's session needs the Message permission on the RD Session Host
    (Administrators have it). There is no administrator check before acting; a refused call
    is reported with the decoded error and what the module's token shows.
  - A failure on one session does not stop the others; the module fails after trying every selected session, and
    the message names the server, the session and the decoded Windows error.
  - When the call on one session fails, the sessions are listed again. A session no longer listed, or listed with
    another user, is V(already_gone); otherwise it fails with the decoded code. No single code decides it.
  - C(changed) is true when a message was sent (or would be, in check mode). A message is shown again on every run;
    the module is not idempotent in that sense, as a second warning is what a second run asks for.
  - UNCONFIRMED - an early Windows Server 2008 R2 build answered 0 instead of C(IDTIMEOUT) when the timeout ran out
    (a comment in the Cassia library); the module reports 0 as V(timeout).
  - UNCONFIRMED - whether a message box sent without waiting closes when its O(timeout) runs out on every Windows
    version.
  - How it works, in Windows API terms; see also the How it works section of the RDS drain guide. Each message is
    one C(WTSSendMessageW) call (C(MB_OK), title and text lengths in bytes, O(timeout) as its C(Timeout)), with
    C(bWait=FALSE) (Windows answers C(IDASYNC) at once) or, with O(wait_for_response=true), C(bWait=TRUE) on a
    thread of its own. The selection lists the sessions with C(WTSEnumerateSessionsExW) and reads their times with
    C(WTSQuerySessionInformationW) (C(WTSSessionInfo)); O(session_state) takes the C(WTS_CONNECTSTATE_CLASS) names
    in lower case. The local host uses C(WTS_CURRENT_SERVER_HANDLE), a remote one C(WTSOpenServerExW). The Message
    permission is C(WTS_SECURITY_MESSAGE).
seealso:
  - module: sessionctl.windows.rds_logoff
  - module: sessionctl.windows.rds_session_info
  - name: WTSSendMessageW function
    description: The Windows call behind this module.
    link: https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtssendmessagew
author:
  - sessionctl.windows contributors (@sessionctl)
"""

EXAMPLES = r"""
- name: Warn every user that the host goes down, without waiting
  sessionctl.windows.rds_message:
    all: true
    message: This server goes down for maintenance in 5 minutes. Please save your work and log off.
    message_title: Maintenance
    timeout: 300

- name: Ask the users of two sessions to confirm, waiting at most 2 minutes for all answers
  sessionctl.windows.rds_message:
    session_id:
      - 3
      - 5
    message: Please save your work and press OK.
    wait_for_response: true
    timeout: 120
  register: answers

- name: Show who answered
  ansible.builtin.debug:
    msg: "{{ answers.sessions | selectattr('response', 'equalto', 'ok') | map(attribute='username') | list }}"

- name: Remind the users disconnected for more than a day, except the service accounts
  sessionctl.windows.rds_message:
    session_state:
      - disconnected
    disconnected_longer_than: 1d
    exclude_username:
      - CONTOSO\svc_*
    message: Your session will be logged off tonight.

# Two-phase drain: warn every host first, wait one grace period for the whole run, then log off what is left.
- name: Warn the users of every host of the run
  sessionctl.windows.rds_message:
    all: true
    message: This server is being drained. Please save your work and log off within 5 minutes.
    timeout: 300

- name: Wait once for the whole run
  ansible.builtin.pause:
    seconds: 300
  run_once: true

- name: Log off what is still there
  sessionctl.windows.rds_logoff:
    all: true
"""

RETURN = r"""
sessions:
  description:
    - Every session the selectors matched, with what happened to it; one entry per session.
  returned: always
  type: list
  elements: dict
  sample:
    - session_id: 3
      username: alice
      domain: CONTOSO
      session_state: active
      action: sent
      reason: null
      response: null
      error: null
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
      sample: active
    action:
      description:
        - V(sent) (the message was handed to Windows, or answered when waiting), V(would_send) (check mode),
          V(already_gone) (the session ended, or is no longer the one selected, before the message was sent),
          V(skipped) (kept by a safety rule) or V(failed).
      returned: always
      type: str
      sample: sent
    reason:
      description: Why the session was skipped, failed or is already gone; null otherwise.
      returned: always
      type: str
      sample: session 0 is the services session and is never acted on
    response:
      description:
        - With O(wait_for_response=true), the answer for a session sent to. V(ok), V(timeout) (nobody answered
          within O(timeout)), or another MessageBox answer (V(cancel), V(abort), V(retry), V(ignore), V(yes), V(no),
          V(try_again), V(continue)); V(unknown) for a code outside those. Null otherwise.
        - The codes behind them are C(IDOK) 1 and C(IDTIMEOUT) 32000 (and the other MessageBox IDs).
      returned: always
      type: str
      sample: ok
    error:
      description: The Windows error of a failed call, decoded by the shared error catalog; null otherwise.
      returned: always
      type: dict
      sample:
        code: 5
        hex: "0x00000005"
        name: ERROR_ACCESS_DENIED
        message: Access is denied.
        facility: WIN32
        kind: win32
        severity: error
counts:
  description: The number of sessions for each action, every action present (0 when none).
  returned: always
  type: dict
  sample:
    sent: 2
    would_send: 0
    already_gone: 0
    skipped: 0
    failed: 0
  contains:
    sent:
      description: Sessions the message was sent to.
      returned: always
      type: int
      sample: 2
    would_send:
      description: Sessions the message would be sent to (check mode).
      returned: always
      type: int
      sample: 0
    already_gone:
      description: Sessions that ended before the message was sent.
      returned: always
      type: int
      sample: 0
    skipped:
      description: Sessions kept by a safety rule.
      returned: always
      type: int
      sample: 0
    failed:
      description: Sessions the message could not be sent to.
      returned: always
      type: int
      sample: 0
msg:
  description: A summary of the outcome, with every failure named.
  returned: always
  type: str
  sample: "2 sessions selected: 2 sent"
"""
