// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// rds_logoff's engine: selection, safety rules, check mode, warning message + grace period, start-all-then-poll
// wait, one outcome per session, over IWtsApi (_Wts.cs). Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionAction;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wts;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._WtsLogoff
{
    // ------------------------------------------------------------------------------------------------
    // rds_logoff
    // ------------------------------------------------------------------------------------------------

    /// <summary>Options of rds_logoff. Selectors (SessionId, Username, State, IdleLongerThan) combine with AND.</summary>
    public class LogoffRequest
    {
        public int[] SessionId { get; set; }
        public string[] Username { get; set; }
        public string[] State { get; set; }
        /// <summary>Seconds ("900") or a duration ("15m", "1h30m").</summary>
        public string IdleLongerThan { get; set; }
        public bool All { get; set; }
        public string Server { get; set; }
        public string Message { get; set; }
        public string MessageTitle { get; set; }
        public int GracePeriod { get; set; }
        public bool Wait { get; set; }
        public int Timeout { get; set; }
        /// <summary>How often the wait re-lists the sessions, in milliseconds.</summary>
        public int PollIntervalMs { get; set; }

        public const string DefaultTitle = "Logoff notice";
        public const int DefaultTimeout = 120;
        public const int DefaultPollIntervalMs = 250;

        public LogoffRequest()
        {
            Wait = true;
            Timeout = DefaultTimeout;
            PollIntervalMs = DefaultPollIntervalMs;
        }

        public bool HasSelector
        {
            get
            {
                return (SessionId != null && SessionId.Length > 0) || (Username != null && Username.Length > 0) ||
                    (State != null && State.Length > 0) || IdleLongerThan != null;
            }
        }

        /// <summary>The idle threshold in seconds, or null when IdleLongerThan is not set.</summary>
        public long? IdleThresholdSeconds
        {
            get
            {
                // Unset is null; an explicit "" is not a duration (it must not drop the filter and widen the selection).
                if (IdleLongerThan == null)
                    return null;
                try
                {
                    return Duration.ParseSeconds(IdleLongerThan);
                }
                catch (FormatException e)
                {
                    throw new ArgumentException("idle_longer_than: " + e.Message);
                }
                catch (OverflowException)
                {
                    throw new ArgumentException(String.Format("idle_longer_than: '{0}' is too large", IdleLongerThan));
                }
            }
        }

        /// <summary>Checks the options before any API call; throws ArgumentException with a clear message.</summary>
        public void Validate()
        {
            WtsUtil.ValidateCommon(SessionId, Username, State, Server);
            long? idle = IdleThresholdSeconds;
            if (idle.HasValue && idle.Value <= 0)
                throw new ArgumentException("idle_longer_than must be more than 0 seconds");
            if (!HasSelector && !All)
                throw new ArgumentException("no session selected: set session_id, username, state or idle_longer_than, " +
                    "or set all=true to log off every user session; nothing was logged off");
            if (GracePeriod < 0)
                throw new ArgumentException(String.Format("grace_period must be 0 or more, not {0}", GracePeriod));
            if (Timeout < 0)
                throw new ArgumentException(String.Format("timeout must be 0 or more, not {0}", Timeout));
            if (PollIntervalMs <= 0)
                throw new ArgumentException("the poll interval must be more than 0 ms");
            // PowerShell turns $null into "" when it sets a string property: empty means not set.
            if (!String.IsNullOrEmpty(MessageTitle) && String.IsNullOrEmpty(Message))
                throw new ArgumentException("message_title needs message");
            // Only spaces would show the user an empty message box: a mistake, not "no message" (that is unset).
            if (!String.IsNullOrEmpty(Message) && Message.Trim().Length == 0)
                throw new ArgumentException("message must not be blank; omit it to send no message");
            if (!String.IsNullOrEmpty(MessageTitle) && MessageTitle.Trim().Length == 0)
                throw new ArgumentException("message_title must not be blank; omit it for the default title");
        }
    }

    /// <summary>Selects sessions, applies the safety rules, warns, logs off and waits.</summary>
    public class LogoffEngine
    {
        public static readonly ActionVerbs Verbs = new ActionVerbs("logged_off", "would_log_off", "logoff_started",
            "logged off");

        private readonly IWtsApi api;
        private readonly IClock clock;

        /// <summary>Diff mode: the user sessions before the run ({id, username, state} each).</summary>
        public ArrayList Before { get; private set; }
        /// <summary>Diff mode: Before minus the sessions ended, started or gone (predicted in check mode).</summary>
        public ArrayList After { get; private set; }

        public LogoffEngine()
            : this(new NativeWtsApi(), new SystemClock())
        {
        }

        /// <summary>
        /// The module's token, read on the first refused call for its hint (a filtered token locally, the double hop
        /// for server:). Null (the default) takes PrivilegeHints.TokenFor: the test override, else the native token with
        /// NativeWtsApi.
        /// </summary>
        public IAccessToken Token { get; set; }

        public LogoffEngine(IWtsApi api, IClock clock)
        {
            this.api = api;
            this.clock = clock;
            Before = new ArrayList();
            After = new ArrayList();
        }

        private WtsHints hints;

        private class Target
        {
            public WtsSession Session;
            public SessionOutcome Outcome;
            /// <summary>How the last poll saw it (it may linger in state down or reset while Windows ends it).</summary>
            public WtsSession LastSeen;
        }

        /// <summary>Thread.Sleep takes at most Int32.MaxValue ms; a long grace period is slept in pieces.</summary>
        private static readonly TimeSpan MaxSleep = TimeSpan.FromDays(1);

        /// <summary>A poll whose listing fails is retried; this many failures in a row fail the waiting sessions.</summary>
        public const int MaxPollFailuresInARow = 3;

        public SessionReport Run(LogoffRequest request, bool checkMode)
        {
            request.Validate();
            List<WtsConnectState> states = WtsUtil.ParseStates(request.State);
            long? idleThreshold = request.IdleThresholdSeconds;
            string server = WtsUtil.NormalizeServer(request.Server);
            bool local = WtsUtil.IsLocalServer(server, api);
            // Every name that means this host uses WTS_CURRENT_SERVER_HANDLE, not WTSOpenServerExW (issue 11.2).
            if (local)
                server = null;
            string where = WtsUtil.ServerText(server);
            // No administrator pre-check: an account granted the Remote Desktop Reset and Message permissions may log
            // off other users' sessions without being an administrator. A refused call gets the token's hint instead.
            hints = new WtsHints(api, Token, local, server);
            int current = local ? api.GetCurrentSessionId() : -1;
            SessionReport report = new SessionReport(Verbs);

            using (IWtsServer srv = WtsUtil.Open(api, server, hints))
            {
                List<WtsSession> sessions = WtsUtil.ListOrThrow(srv, server, hints);
                sessions.Sort(delegate(WtsSession a, WtsSession b) { return a.SessionId.CompareTo(b.SessionId); });
                Before = UserSessions(sessions);

                // Selection and safety.
                List<Target> targets = new List<Target>();
                foreach (WtsSession s in sessions)
                {
                    if (!WtsUtil.SessionIdMatches(request.SessionId, s.SessionId) || !WtsUtil.StateMatches(states, s.State) ||
                        !WtsUtil.UserMatchesAny(request.Username, s))
                        continue;
                    // all=true alone selects every session with a user: session 0 and listeners are not listed.
                    if (!request.HasSelector && !s.HasUser)
                        continue;
                    string safety = SafetyReason(s, current);
                    if (idleThreshold.HasValue)
                    {
                        WtsSessionTimes times;
                        try
                        {
                            times = srv.QuerySessionTimes(s.SessionId);
                        }
                        catch (ApiException e)
                        {
                            // A session a safety rule keeps anyway is not reported when its idle time is unreadable.
                            if (safety != null)
                                continue;
                            SessionOutcome o = report.Add(NewOutcome(s, where, request));
                            ApiException listError;
                            if (WtsUtil.GoneAfterFailure(srv, s, out listError))
                            {
                                o.Kind = OutcomeKind.AlreadyGone;
                                o.Reason = "the session ended before its idle time could be read";
                            }
                            else
                            {
                                Fail(report, o, String.Format("cannot read the idle time on {0}{1}", where,
                                    WtsUtil.RelistNote(listError)), e.Error);
                            }
                            continue;
                        }
                        long? idle = WtsUtil.IdleSeconds(times);
                        // Unknown idle time (LastInputTime or CurrentTime not set) never matches.
                        if (!idle.HasValue || idle.Value <= idleThreshold.Value)
                            continue;
                    }
                    SessionOutcome outcome = report.Add(NewOutcome(s, where, request));
                    if (safety != null)
                    {
                        outcome.Kind = OutcomeKind.Skipped;
                        outcome.Reason = safety;
                        report.Warnings.Add(String.Format("{0} was skipped: {1}", outcome.Label, safety));
                        continue;
                    }
                    targets.Add(new Target { Session = s, Outcome = outcome });
                }

                // A session id asked for by number that the server does not list is reported, not dropped:
                // it is already gone (a re-run after a logoff) or it never existed (a typo); either way
                // nothing is ended for it, and the warning says so.
                if (request.SessionId != null)
                {
                    foreach (int id in request.SessionId)
                    {
                        if (sessions.Exists(delegate(WtsSession s) { return s.SessionId == id; }))
                            continue;
                        Hashtable f = new Hashtable();
                        f["id"] = id;
                        f["username"] = null;
                        f["state"] = null;
                        f["session_name"] = null;
                        SessionOutcome missing = report.Add(new SessionOutcome(
                            String.Format("session {0} on {1}", id, where), f));
                        missing.Kind = OutcomeKind.AlreadyGone;
                        missing.Reason = String.Format("{0} lists no session with this id", where);
                        report.Warnings.Add(String.Format("session {0} was not found on {1}; nothing to log off",
                            id, where));
                    }
                }

                if (checkMode)
                {
                    foreach (Target t in targets)
                        t.Outcome.Kind = OutcomeKind.WouldEnd;
                }
                else if (targets.Count > 0)
                {
                    Act(srv, request, where, targets, report);
                }
            }
            // Every failure with a code the token explains gets its hint once (after the grace re-listing and the
            // polls as well as the calls on one session).
            foreach (SessionOutcome o in report.Sessions)
            {
                if (o.Kind == OutcomeKind.Failed && o.Error != null)
                    report.AddHint(hints.For(o.Error));
            }
            After = AfterList(Before, report);
            return report;
        }

        private void Act(IWtsServer srv, LogoffRequest request, string where, List<Target> targets, SessionReport report)
        {
            List<Target> pending = targets;
            if (!String.IsNullOrEmpty(request.Message))
            {
                string title = String.IsNullOrEmpty(request.MessageTitle) ? LogoffRequest.DefaultTitle : request.MessageTitle;
                List<Target> still = new List<Target>();
                foreach (Target t in pending)
                {
                    try
                    {
                        srv.SendMessage(t.Session.SessionId, title, request.Message, request.GracePeriod);
                        t.Outcome.Fields["message_sent"] = true;
                    }
                    catch (ApiException e)
                    {
                        t.Outcome.Fields["message_sent"] = false;
                        // A failed message alone never means the session is gone: list again.
                        ApiException listError;
                        if (WtsUtil.GoneAfterFailure(srv, t.Session, out listError))
                        {
                            t.Outcome.Kind = OutcomeKind.AlreadyGone;
                            t.Outcome.Reason = "the session ended before the message was sent";
                            continue;
                        }
                        // The warning is a courtesy: the logoff still goes ahead.
                        report.Warnings.Add(String.Format("could not send the message to {0}; it is logged off anyway: {1}",
                            t.Outcome.Label, e.Error));
                    }
                    still.Add(t);
                }
                pending = still;
            }

            if (request.GracePeriod > 0 || !String.IsNullOrEmpty(request.Message))
            {
                TimeSpan grace = TimeSpan.FromSeconds(request.GracePeriod);
                while (grace > TimeSpan.Zero)
                {
                    TimeSpan piece = grace < MaxSleep ? grace : MaxSleep;
                    clock.Sleep(piece);
                    grace -= piece;
                }
                // Re-list: log off only what is still there, with the same user (ids are reused).
                List<WtsSession> now;
                try
                {
                    now = srv.EnumerateSessions();
                }
                catch (ApiException e)
                {
                    foreach (Target t in pending)
                    {
                        t.Outcome.Kind = OutcomeKind.Failed;
                        t.Outcome.Reason = String.Format("cannot list the sessions on {0} again after the grace period; " +
                            "not logged off", where);
                        t.Outcome.Error = e.Error;
                    }
                    return;
                }
                List<Target> still = new List<Target>();
                foreach (Target t in pending)
                {
                    if (IsPresent(now, t.Session))
                    {
                        still.Add(t);
                    }
                    else
                    {
                        t.Outcome.Kind = OutcomeKind.AlreadyGone;
                        t.Outcome.Reason = "the session ended during the grace period";
                    }
                }
                pending = still;
            }

            // Start every logoff first (bWait = FALSE) ...
            List<Target> started = new List<Target>();
            foreach (Target t in pending)
            {
                try
                {
                    srv.Logoff(t.Session.SessionId);
                    started.Add(t);
                }
                catch (ApiException e)
                {
                    ApiException listError;
                    if (WtsUtil.GoneAfterFailure(srv, t.Session, out listError))
                    {
                        t.Outcome.Kind = OutcomeKind.AlreadyGone;
                        t.Outcome.Reason = "the session ended before it was logged off";
                    }
                    else
                    {
                        Fail(report, t.Outcome, String.Format("WTSLogoffSession failed on {0}{1}", where,
                            WtsUtil.RelistNote(listError)), e.Error);
                    }
                }
            }

            if (!request.Wait)
            {
                foreach (Target t in started)
                    t.Outcome.Kind = OutcomeKind.Started;
                return;
            }

            // ... then poll until each is gone or the timeout runs out.
            SessionPoller poller = new SessionPoller(srv, started);
            List<Target> left = Waiter.WaitUntilGone<Target>(started, poller.IsGone,
                TimeSpan.FromSeconds(request.Timeout), TimeSpan.FromMilliseconds(request.PollIntervalMs), clock,
                delegate(Target t, Exception e)
                {
                    t.Outcome.Kind = OutcomeKind.Failed;
                    ApiException ae = e as ApiException;
                    if (ae != null)
                    {
                        t.Outcome.Reason = String.Format("cannot confirm the logoff: listing the sessions on {0} failed " +
                            "{1} times in a row", where, MaxPollFailuresInARow);
                        t.Outcome.Error = ae.Error;
                    }
                    else
                    {
                        t.Outcome.Reason = String.Format("cannot confirm the logoff on {0}: {1}", where, e.Message);
                    }
                });
            foreach (Target t in started)
            {
                if (t.Outcome.Kind == OutcomeKind.Failed)
                    continue;
                if (left.Contains(t) && poller.LastError != null)
                {
                    // The last poll before the deadline could not list the sessions: the logoff is not confirmed.
                    t.Outcome.Kind = OutcomeKind.Failed;
                    t.Outcome.Reason = String.Format("cannot confirm the logoff: listing the sessions on {0} failed " +
                        "when the timeout ({1} s) ran out", where, request.Timeout);
                    t.Outcome.Error = poller.LastError.Error;
                }
                else if (left.Contains(t))
                {
                    WtsSession seen = t.LastSeen != null ? t.LastSeen : t.Session;
                    t.Outcome.Kind = OutcomeKind.Failed;
                    t.Outcome.Reason = String.Format("still present in state {0} after {1} s (logoff started, timeout reached)",
                        WtsUtil.StateName(seen.State), request.Timeout);
                }
                else
                {
                    t.Outcome.Kind = OutcomeKind.Ended;
                }
            }
        }

        /// <summary>
        /// Re-lists the sessions once per polling round and answers "is it gone?" from that list. A session is gone
        /// when its id is no longer listed, or is listed with no user or another user (ids are reused). A session
        /// still listed with its user, in any state (Windows shows a session it is tearing down as down or reset for a
        /// while), is not gone yet. A round whose listing fails counts as "not gone" and is retried at the next round;
        /// MaxPollFailuresInARow failures in a row fail the sessions still waiting.
        /// </summary>
        private class SessionPoller
        {
            private readonly IWtsServer srv;
            private readonly List<Target> order;
            private int lastIndex = Int32.MaxValue;
            private List<WtsSession> snapshot;
            private int failuresInARow;

            /// <summary>The error of the latest round's listing, or null when it succeeded.</summary>
            public ApiException LastError { get; private set; }

            public SessionPoller(IWtsServer srv, List<Target> order)
            {
                this.srv = srv;
                this.order = order;
            }

            public bool IsGone(Target t)
            {
                int idx = order.IndexOf(t);
                if (idx <= lastIndex)
                {
                    // The waiter goes through its pending items in order: a lower index means a new round.
                    snapshot = null;
                    try
                    {
                        snapshot = srv.EnumerateSessions();
                        LastError = null;
                        failuresInARow = 0;
                    }
                    catch (ApiException e)
                    {
                        LastError = e;
                        failuresInARow++;
                    }
                }
                lastIndex = idx;
                if (snapshot == null)
                {
                    if (failuresInARow >= MaxPollFailuresInARow)
                        throw LastError;
                    return false;
                }
                WtsSession now = WtsUtil.FindSame(snapshot, t.Session);
                if (now == null)
                    return true;
                t.LastSeen = now;
                return false;
            }
        }

        /// <summary>Fails one session with its decoded error, and adds the hint the error and the token point to.</summary>
        private void Fail(SessionReport report, SessionOutcome o, string reason, ErrorInfo error)
        {
            o.Kind = OutcomeKind.Failed;
            o.Reason = reason;
            o.Error = error;
            if (hints != null)
                report.AddHint(hints.For(error));
        }

        internal static bool IsPresent(List<WtsSession> sessions, WtsSession s)
        {
            return WtsUtil.FindSame(sessions, s) != null;
        }

        internal static string SafetyReason(WtsSession s, int currentId)
        {
            if (s.SessionId == 0)
                return "session 0 is the services session and is never logged off";
            if (s.State == WtsConnectState.Listen)
                return "it is a listener (state listen), not a user session";
            if (currentId >= 0 && s.SessionId == currentId)
                return "it is the session this module runs in";
            if (!s.HasUser)
                return "no user is logged on to it";
            return null;
        }

        private static SessionOutcome NewOutcome(WtsSession s, string where, LogoffRequest request)
        {
            Hashtable f = new Hashtable();
            f["id"] = s.SessionId;
            f["username"] = s.QualifiedUser;
            f["state"] = WtsUtil.StateName(s.State);
            f["session_name"] = String.IsNullOrEmpty(s.SessionName) ? null : s.SessionName;
            string label = String.Format("session {0}{1} on {2}", s.SessionId,
                s.HasUser ? " (" + s.QualifiedUser + ")" : "", where);
            return new SessionOutcome(label, f);
        }

        private static ArrayList UserSessions(List<WtsSession> sessions)
        {
            ArrayList res = new ArrayList();
            foreach (WtsSession s in sessions)
            {
                if (!s.HasUser)
                    continue;
                Hashtable h = new Hashtable();
                h["id"] = s.SessionId;
                h["username"] = s.QualifiedUser;
                h["state"] = WtsUtil.StateName(s.State);
                res.Add(h);
            }
            return res;
        }

        private static ArrayList AfterList(ArrayList before, SessionReport report)
        {
            List<int> removed = new List<int>();
            foreach (SessionOutcome o in report.Sessions)
            {
                if (o.Kind == OutcomeKind.Ended || o.Kind == OutcomeKind.WouldEnd || o.Kind == OutcomeKind.Started ||
                    o.Kind == OutcomeKind.AlreadyGone)
                    removed.Add((int)o.Fields["id"]);
            }
            ArrayList after = new ArrayList();
            foreach (Hashtable h in before)
            {
                if (!removed.Contains((int)h["id"]))
                    after.Add(h);
            }
            return after;
        }
    }
}
