// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// rds_logoff's engine: selection, safety rules, check mode, start-all-then-poll wait, one outcome per session, over IWtsApi (_Rds.cs). Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoff
{
    // ------------------------------------------------------------------------------------------------
    // rds_logoff
    // ------------------------------------------------------------------------------------------------

    /// <summary>Options of rds_logoff: the shared selectors (RdsSelector) and what the logoff does.</summary>
    public class RdsLogoffRequest : RdsSelector
    {
        public int Timeout = DefaultTimeout;
        public bool Wait = true;
        /// <summary>How often the wait re-lists the sessions, in milliseconds.</summary>
        public int PollIntervalMs = DefaultPollIntervalMs;

        public const int DefaultTimeout = 120;
        public const int DefaultPollIntervalMs = 250;

        /// <summary>Checks the options before any API call; throws ArgumentException with a clear message.</summary>
        public void Validate()
        {
            ValidateSelectors(true, "log off");
            if (Timeout < 0)
                throw new ArgumentException(String.Format("timeout must be 0 or more, not {0}", Timeout));
            if (PollIntervalMs <= 0)
                throw new ArgumentException("the poll interval must be more than 0 ms");
        }
    }

    /// <summary>What one run of rds_logoff did: the outcomes (SessionReport) and, for diff mode, the sessions.</summary>
    public class RdsLogoffResult : SessionReport
    {
        /// <summary>The user sessions before the run ({session_id, username, domain, session_state} each).</summary>
        public ArrayList Before = new ArrayList();
        /// <summary>Before minus the sessions ended, started or gone (predicted in check mode).</summary>
        public ArrayList After = new ArrayList();

        public RdsLogoffResult()
            : base(RdsLogoffEngine.Verbs)
        {
        }
    }

    /// <summary>Selects sessions (RdsSelection), applies the safety rules, logs off and waits.</summary>
    public class RdsLogoffEngine
    {
        public static readonly ActionVerbs Verbs = new ActionVerbs("logged_off", "would_log_off", "logoff_started",
            "logged off");

        private readonly IWtsApi api;
        private readonly IClock clock;

        public RdsLogoffEngine()
            : this(new NativeWtsApi(), new SystemClock())
        {
        }

        /// <summary>The module's token for the hints on a refused call; null takes PrivilegeHints.TokenFor.</summary>
        public IAccessToken Token { get; set; }

        public RdsLogoffEngine(IWtsApi api, IClock clock)
        {
            this.api = api;
            this.clock = clock;
        }

        private class Target
        {
            public RdsPick Pick;
            public SessionOutcome Outcome;
            /// <summary>How the last poll saw it (it may linger in state down or reset while Windows ends it).</summary>
            public WtsSession LastSeen;
        }

        /// <summary>A poll whose listing fails is retried; this many failures in a row fail the waiting sessions.</summary>
        public const int MaxPollFailuresInARow = 3;

        public RdsLogoffResult Run(RdsLogoffRequest request, bool checkMode)
        {
            request.Validate();
            // The per-run state is the selection (host, selectors, own session), passed to each phase.
            RdsSelection sel = RdsSelection.Prepare(api, request, true, "log off");
            // No administrator pre-check: an account granted the Remote Desktop Reset and Message permissions may log
            // off other users' sessions. A refused call gets the token's hint instead.
            RdsHints hints = new RdsHints(api, Token, sel.Local, sel.Server);
            RdsLogoffResult report = new RdsLogoffResult();
            using (IWtsServer srv = WtsUtil.Open(api, sel.Server, hints))
            {
                List<WtsSession> sessions = WtsUtil.ListOrThrow(srv, sel.Server, hints);
                report.Before = UserSessions(sessions);
                List<Target> targets = Plan(srv, sel, sessions, report);
                if (checkMode)
                {
                    foreach (Target t in targets)
                        t.Outcome.Kind = OutcomeKind.WouldEnd;
                }
                else if (targets.Count > 0)
                {
                    Act(srv, sel, request, targets);
                }
            }
            foreach (SessionOutcome o in report.Sessions)
            {
                if (o.Kind == OutcomeKind.Failed && o.Error != null)
                    report.AddHint(hints.For(o.Error));
            }
            report.After = AfterList(report.Before, report);
            return report;
        }

        /// <summary>The selection as outcomes: safety skips, unreadable times, ids not listed; the rest to act on.</summary>
        private List<Target> Plan(IWtsServer srv, RdsSelection sel, List<WtsSession> sessions,
            SessionReport report)
        {
            List<Target> targets = new List<Target>();
            foreach (RdsPick p in sel.Select(srv, sessions))
            {
                SessionOutcome o = report.Add(NewOutcome(p.Session, sel.Where));
                if (p.Safety != null)
                {
                    o.Kind = OutcomeKind.Skipped;
                    o.Reason = p.Safety;
                    report.Warnings.Add(String.Format("{0} was skipped: {1}", o.Label, p.Safety));
                }
                else if (p.Gone)
                {
                    o.Kind = OutcomeKind.AlreadyGone;
                    o.Reason = p.Error != null ? "the session ended before its times could be read" :
                        sel.Where + " lists no session with this id";
                    if (p.Error == null)
                        report.Warnings.Add(String.Format("session {0} was not found on {1}; nothing to log off",
                            p.Session.SessionId, sel.Where));
                }
                else if (p.Error != null && sel.NeedsTimes)
                {
                    Fail(o, String.Format("cannot read the session's times on {0}{1}", sel.Where,
                        WtsUtil.RelistNote(p.ListError)), p.Error.Error);
                }
                else
                {
                    targets.Add(new Target { Pick = p, Outcome = o });
                }
            }
            report.Warnings.AddRange(sel.Warnings);
            return targets;
        }

        /// <summary>
        /// Lists the sessions once, then confirms each target just before its logoff starts (bWait = FALSE): the same
        /// session (id, user, logon time) still matching the selection. One that is not is already_gone; a failed
        /// listing fails them all, a failed call fails that one (or it is already_gone when a new listing lacks it).
        /// Then waits for the started ones unless wait is false.
        /// </summary>
        private void Act(IWtsServer srv, RdsSelection sel, RdsLogoffRequest request, List<Target> pending)
        {
            List<Target> started = new List<Target>();
            List<WtsSession> now;
            try
            {
                now = srv.EnumerateSessions();
            }
            catch (ApiException e)
            {
                foreach (Target t in pending)
                    Fail(t.Outcome, String.Format("cannot list the sessions on {0} again before it was logged off; not " +
                        "logged off", sel.Where), e.Error);
                return;
            }
            foreach (Target t in pending)
            {
                try
                {
                    string changed = sel.Confirm(srv, t.Pick, now);
                    if (changed != null)
                    {
                        t.Outcome.Kind = OutcomeKind.AlreadyGone;
                        t.Outcome.Reason = "not logged off: " + changed;
                        continue;
                    }
                    srv.Logoff(t.Pick.Session.SessionId);
                    started.Add(t);
                }
                catch (ApiException e)
                {
                    ApiException listError;
                    if (WtsUtil.GoneAfterFailure(srv, t.Pick.Session, out listError))
                    {
                        t.Outcome.Kind = OutcomeKind.AlreadyGone;
                        t.Outcome.Reason = "the session ended before it was logged off";
                    }
                    else
                        Fail(t.Outcome, String.Format("{0} failed on {1}{2}", e.Operation, sel.Where,
                            WtsUtil.RelistNote(listError)), e.Error);
                }
            }
            if (request.Wait)
                Await(srv, sel.Where, request, started);
            else
                foreach (Target t in started)
                    t.Outcome.Kind = OutcomeKind.Started;
        }

        private void Await(IWtsServer srv, string where, RdsLogoffRequest request, List<Target> started)
        {
            // ... then poll until each is gone or the timeout runs out.
            // One listing per round: gone when the id is no longer listed, or listed with no user or another user (ids
            // are reused). Still listed with its user, in any state (down or reset while Windows tears it down), it is
            // not gone yet. A failed listing counts as "not gone"; MaxPollFailuresInARow in a row fail the rest.
            List<WtsSession> snapshot = null;
            ApiException lastError = null;
            int failures = 0;
            List<Target> left = Waiter.WaitUntilGone<Target>(started, delegate(Target t)
            {
                if (snapshot == null && failures >= MaxPollFailuresInARow)
                    throw lastError;
                t.LastSeen = snapshot == null ? t.LastSeen : WtsUtil.FindSame(snapshot, t.Pick.Session);
                return snapshot != null && t.LastSeen == null;
            }, TimeSpan.FromSeconds(request.Timeout), TimeSpan.FromMilliseconds(request.PollIntervalMs), clock,
                delegate(Target t, Exception e)
                {
                    Fail(t.Outcome, String.Format("cannot confirm the logoff: listing the sessions on {0} failed {1} times " +
                        "in a row", where, MaxPollFailuresInARow), lastError.Error);
                }, delegate
                {
                    try
                    {
                        snapshot = srv.EnumerateSessions();
                        lastError = null;
                        failures = 0;
                    }
                    catch (ApiException e)
                    {
                        snapshot = null;
                        lastError = e;
                        failures++;
                    }
                });
            foreach (Target t in started)
            {
                if (t.Outcome.Kind == OutcomeKind.Failed)
                    continue;
                if (!left.Contains(t))
                    t.Outcome.Kind = OutcomeKind.Ended;
                else if (lastError != null)
                    // The last poll before the deadline could not list the sessions: the logoff is not confirmed.
                    Fail(t.Outcome, String.Format("cannot confirm the logoff: listing the sessions on {0} failed when the " +
                        "timeout ({1} s) ran out", where, request.Timeout), lastError.Error);
                else
                    Fail(t.Outcome, String.Format("still present in state {0} after {1} s (logoff started, timeout reached)",
                        WtsUtil.StateName((t.LastSeen ?? t.Pick.Session).State), request.Timeout), null);
            }
        }

        // Fails one session with its decoded error (Run adds the hint the error and the token point to).
        private static void Fail(SessionOutcome o, string reason, ErrorInfo error)
        {
            o.Kind = OutcomeKind.Failed;
            o.Reason = reason;
            o.Error = error;
        }

        private static SessionOutcome NewOutcome(WtsSession s, string where)
        {
            Hashtable f = Fields(s);
            f["session_name"] = String.IsNullOrEmpty(s.SessionName) ? null : s.SessionName;
            return new SessionOutcome(String.Format("session {0}{1} on {2}", s.SessionId,
                s.HasUser ? " (" + s.QualifiedUser + ")" : "", where), f);
        }

        /// <summary>session_id, username (the account name alone), domain and session_state, as rds_session_info and
        /// rds_message report them.</summary>
        private static Hashtable Fields(WtsSession s)
        {
            Hashtable h = new Hashtable();
            h["session_id"] = s.SessionId;
            h["username"] = s.HasUser ? s.UserName : null;
            h["domain"] = s.HasUser && !String.IsNullOrEmpty(s.DomainName) ? s.DomainName : null;
            h["session_state"] = WtsUtil.StateName(s.State);
            return h;
        }

        private static ArrayList UserSessions(List<WtsSession> sessions)
        {
            ArrayList res = new ArrayList();
            foreach (WtsSession s in sessions)
            {
                if (s.HasUser)
                    res.Add(Fields(s));
            }
            return res;
        }

        private static ArrayList AfterList(ArrayList before, SessionReport report)
        {
            List<int> removed = new List<int>();
            foreach (SessionOutcome o in report.Sessions)
            {
                if (o.Kind != OutcomeKind.Skipped && o.Kind != OutcomeKind.Failed)
                    removed.Add((int)o.Fields["session_id"]);
            }
            ArrayList after = new ArrayList();
            foreach (Hashtable h in before)
            {
                if (!removed.Contains((int)h["session_id"]))
                    after.Add(h);
            }
            return after;
        }
    }
}
