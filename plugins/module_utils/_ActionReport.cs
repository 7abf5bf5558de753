// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// What the modules that end sessions share (rds_logoff, iscsi_initiator_logout, iscsi_target_session_stop): the
// per-session outcome and the report that maps outcomes to changed/failed/msg, the start-all-then-poll waiter,
// retries. It does not use Ansible.Basic: the runners write the report into the module result
// (_ModuleRunner.cs and each _<Module>Module.cs). The _info modules do not carry it. Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport
{
    public enum OutcomeKind
    {
        /// <summary>Ended and confirmed gone.</summary>
        Ended,
        /// <summary>Check mode: would be ended.</summary>
        WouldEnd,
        /// <summary>Ending was started but not waited for (wait: false).</summary>
        Started,
        /// <summary>Gone before or while we acted.</summary>
        AlreadyGone,
        /// <summary>Kept by a safety rule or an option.</summary>
        Skipped,
        /// <summary>The call failed, or the session was still there when the wait ran out.</summary>
        Failed,
    }

    /// <summary>The action names one module reports for each outcome kind.</summary>
    public class ActionVerbs
    {
        public string Ended { get; private set; }
        public string WouldEnd { get; private set; }
        public string Started { get; private set; }
        /// <summary>A past-tense phrase for messages, e.g. "logged off".</summary>
        public string Phrase { get; private set; }

        public ActionVerbs(string ended, string wouldEnd, string started, string phrase)
        {
            Ended = ended;
            WouldEnd = wouldEnd;
            Started = started;
            Phrase = phrase;
        }

        public string For(OutcomeKind kind)
        {
            switch (kind)
            {
                case OutcomeKind.Ended: return Ended;
                case OutcomeKind.WouldEnd: return WouldEnd;
                case OutcomeKind.Started: return Started;
                case OutcomeKind.AlreadyGone: return "already_gone";
                case OutcomeKind.Skipped: return "skipped";
                default: return "failed";
            }
        }
    }

    /// <summary>What happened to one selected session.</summary>
    public class SessionOutcome
    {
        /// <summary>How the session is named in messages, e.g. "session 3 (CONTOSO\alice)".</summary>
        public string Label { get; set; }
        /// <summary>The session's identity fields, copied into the result (id, username, state, ...).</summary>
        public Hashtable Fields { get; private set; }
        public OutcomeKind Kind { get; set; }
        /// <summary>Why it was skipped or failed, in words.</summary>
        public string Reason { get; set; }
        public ErrorInfo Error { get; set; }

        public SessionOutcome(string label, Hashtable fields)
        {
            Label = label;
            Fields = fields == null ? new Hashtable() : fields;
        }

        public Hashtable ToDictionary(ActionVerbs verbs)
        {
            Hashtable res = new Hashtable();
            foreach (DictionaryEntry kv in Fields)
                res[kv.Key] = kv.Value;
            res["action"] = verbs.For(Kind);
            if (Reason != null)
                res["reason"] = Reason;
            if (Error != null)
                res["error"] = Error.ToDictionary();
            return res;
        }

        /// <summary>The failure text for messages: label, reason and decoded error.</summary>
        public string Describe()
        {
            StringBuilder sb = new StringBuilder(Label);
            if (!String.IsNullOrEmpty(Reason))
                sb.Append(": ").Append(Reason);
            if (Error != null && (String.IsNullOrEmpty(Reason) || Reason.IndexOf(Error.Hex, StringComparison.Ordinal) < 0))
                sb.Append(String.IsNullOrEmpty(Reason) ? ": " : " - ").Append(Error.ToString());
            return sb.ToString();
        }
    }

    /// <summary>Every selected session with what happened to it, and the module result derived from that.</summary>
    public class SessionReport
    {
        public List<SessionOutcome> Sessions { get; private set; }
        public List<string> Warnings { get; private set; }
        /// <summary>What the failures point to and how to fix it (PrivilegeHints); each hint once, after the failures.</summary>
        public List<string> Hints { get; private set; }
        public ActionVerbs Verbs { get; private set; }

        public SessionReport(ActionVerbs verbs)
        {
            Verbs = verbs;
            Sessions = new List<SessionOutcome>();
            Warnings = new List<string>();
            Hints = new List<string>();
        }

        /// <summary>Adds a hint once (null is ignored).</summary>
        public void AddHint(string hint)
        {
            if (!String.IsNullOrEmpty(hint) && !Hints.Contains(hint))
                Hints.Add(hint);
        }

        public SessionOutcome Add(SessionOutcome outcome)
        {
            Sessions.Add(outcome);
            return outcome;
        }

        public int Count(OutcomeKind kind)
        {
            int n = 0;
            foreach (SessionOutcome o in Sessions)
            {
                if (o.Kind == kind)
                    n++;
            }
            return n;
        }

        public bool Changed
        {
            get
            {
                return Count(OutcomeKind.Ended) + Count(OutcomeKind.WouldEnd) + Count(OutcomeKind.Started) > 0;
            }
        }

        public bool Failed
        {
            get { return Count(OutcomeKind.Failed) > 0; }
        }

        public ArrayList ToList()
        {
            ArrayList list = new ArrayList();
            foreach (SessionOutcome o in Sessions)
                list.Add(o.ToDictionary(Verbs));
            return list;
        }

        /// <summary>
        /// One line for msg: the counts of each outcome, then every failure with its session and decoded error.
        /// </summary>
        public string Summary(string noun)
        {
            if (Sessions.Count == 0)
                return String.Format("no {0}s matched the selection; nothing to do", noun);
            List<string> parts = new List<string>();
            AddCount(parts, OutcomeKind.Ended, Verbs.Phrase);
            AddCount(parts, OutcomeKind.WouldEnd, "would be " + Verbs.Phrase);
            AddCount(parts, OutcomeKind.Started, Verbs.Phrase + " (started, not waited for)");
            AddCount(parts, OutcomeKind.AlreadyGone, "already gone");
            AddCount(parts, OutcomeKind.Skipped, "skipped");
            AddCount(parts, OutcomeKind.Failed, "failed");
            StringBuilder sb = new StringBuilder();
            sb.AppendFormat("{0} {1}{2} selected: {3}", Sessions.Count, noun, Sessions.Count == 1 ? "" : "s",
                String.Join(", ", parts.ToArray()));
            List<string> failures = new List<string>();
            foreach (SessionOutcome o in Sessions)
            {
                if (o.Kind == OutcomeKind.Failed)
                    failures.Add(o.Describe());
            }
            if (failures.Count > 0)
                sb.Append(". Failed: ").Append(String.Join("; ", failures.ToArray()));
            if (failures.Count > 0 && Hints.Count > 0)
                sb.Append(". ").Append(String.Join(" ", Hints.ToArray()));
            return sb.ToString();
        }

        private void AddCount(List<string> parts, OutcomeKind kind, string phrase)
        {
            int n = Count(kind);
            if (n > 0)
                parts.Add(String.Format("{0} {1}", n, phrase));
        }
    }

    /// <summary>Start-all-then-poll: waits until every item is gone or the timeout runs out.</summary>
    public static class Waiter
    {
        /// <summary>
        /// Polls <paramref name="isGone"/> for each pending item every <paramref name="interval"/> until all are
        /// gone or <paramref name="timeout"/> has passed on <paramref name="clock"/>. Returns the items still there.
        /// An exception from isGone for one item is passed to onError and that item is dropped from the wait;
        /// the others keep being polled. beginRound (optional) runs before each round, for example to list once.
        /// </summary>
        public static List<T> WaitUntilGone<T>(IEnumerable<T> items, Func<T, bool> isGone, TimeSpan timeout,
            TimeSpan interval, IClock clock, Action<T, Exception> onError, Action beginRound = null)
        {
            List<T> pending = new List<T>(items);
            DateTime deadline = clock.UtcNow + timeout;
            while (true)
            {
                if (beginRound != null)
                    beginRound();
                List<T> still = new List<T>();
                foreach (T item in pending)
                {
                    bool gone;
                    try
                    {
                        gone = isGone(item);
                    }
                    catch (Exception e)
                    {
                        if (onError == null)
                            throw;
                        onError(item, e);
                        continue;
                    }
                    if (!gone)
                        still.Add(item);
                }
                pending = still;
                if (pending.Count == 0)
                    return pending;
                DateTime now = clock.UtcNow;
                if (now >= deadline)
                    return pending;
                // Thread.Sleep drops a part of a millisecond: the last sleep is rounded up to whole milliseconds,
                // never 0 (which would list again at once, back to back, until the deadline).
                TimeSpan left = TimeSpan.FromMilliseconds(Math.Ceiling((deadline - now).TotalMilliseconds));
                clock.Sleep(left < interval ? left : interval);
            }
        }
    }

    /// <summary>Retries a call while it fails with a transient error.</summary>
    public static class Retry
    {
        /// <summary>
        /// Runs <paramref name="call"/>; while it throws an ApiException that <paramref name="isTransient"/>
        /// accepts and fewer than <paramref name="retries"/> retries were made, waits <paramref name="delay"/>
        /// and runs it again. Returns the number of retries made; rethrows the last error otherwise.
        /// </summary>
        public static int Run(Action call, Func<ErrorInfo, bool> isTransient, int retries, TimeSpan delay, IClock clock)
        {
            int attempt = 0;
            while (true)
            {
                try
                {
                    call();
                    return attempt;
                }
                catch (ApiException e)
                {
                    if (attempt >= retries || !isTransient(e.Error))
                        throw;
                    attempt++;
                    clock.Sleep(delay);
                }
            }
        }
    }
}
