// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Pieces every session engine shares: the per-session outcome and the report
// that maps outcomes to changed/failed/msg, a clock that tests can fake, the
// start-all-then-poll waiter, retries, wildcard and duration parsing, and the
// exception a native layer throws with a decoded error. Internal to the
// collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon
{
    /// <summary>Time for the engines. Tests use a fake whose Sleep only moves the clock.</summary>
    public interface IClock
    {
        DateTime UtcNow { get; }
        void Sleep(TimeSpan duration);
    }

    public class SystemClock : IClock
    {
        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }

        public void Sleep(TimeSpan duration)
        {
            if (duration > TimeSpan.Zero)
                Thread.Sleep(duration);
        }
    }

    /// <summary>A Windows API call that failed, with its decoded error.</summary>
    public class ApiException : Exception
    {
        public ErrorInfo Error { get; private set; }
        public string Operation { get; private set; }

        public ApiException(string operation, ErrorInfo error)
            : base(String.Format("{0} failed: {1}", operation, error))
        {
            Operation = operation;
            Error = error;
        }

        public static ApiException FromWin32(string operation, int code)
        {
            return new ApiException(operation, ErrorCatalog.FromWin32(code));
        }

        public static ApiException FromHResult(string operation, int hresult)
        {
            return new ApiException(operation, ErrorCatalog.FromHResult(hresult));
        }
    }

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
        /// the others keep being polled.
        /// </summary>
        public static List<T> WaitUntilGone<T>(IEnumerable<T> items, Func<T, bool> isGone, TimeSpan timeout,
            TimeSpan interval, IClock clock, Action<T, Exception> onError)
        {
            List<T> pending = new List<T>(items);
            DateTime deadline = clock.UtcNow + timeout;
            while (true)
            {
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
                TimeSpan left = deadline - now;
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

    /// <summary>Case-insensitive matching with * and ? wildcards.</summary>
    public static class Wildcard
    {
        public static bool IsMatch(string pattern, string value)
        {
            if (pattern == null)
                return false;
            if (value == null)
                value = "";
            string re = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
            return Regex.IsMatch(value, re, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }

        public static bool HasWildcard(string pattern)
        {
            return pattern != null && (pattern.IndexOf('*') >= 0 || pattern.IndexOf('?') >= 0);
        }
    }

    /// <summary>Parses durations: 90, "90", "90s", "30m", "2h", "1d", "1h30m".</summary>
    public static class Duration
    {
        private static readonly Regex Part = new Regex("([0-9]+)\\s*([smhd]?)", RegexOptions.IgnoreCase);
        private static readonly Regex Whole = new Regex("^\\s*([0-9]+\\s*[smhd]?\\s*)+$", RegexOptions.IgnoreCase);

        public static long ParseSeconds(string text)
        {
            if (text == null || !Whole.IsMatch(text))
                throw new FormatException(String.Format(
                    "'{0}' is not a duration: use seconds (90) or a number with s, m, h or d (30m, 1h30m)", text));
            MatchCollection parts = Part.Matches(text);
            long total = 0;
            foreach (Match m in parts)
            {
                long n = Int64.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                string unit = m.Groups[2].Value.ToLowerInvariant();
                if (unit == "" && parts.Count > 1)
                    throw new FormatException(String.Format("'{0}' is not a duration: a bare number must stand alone", text));
                long factor = unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 1;
                total = checked(total + n * factor);
            }
            return total;
        }
    }

    /// <summary>
    /// Reads module options from the IDictionary Ansible.Basic gives (AnsibleModule.Params) into typed values, for
    /// the runners' FromParams. An unset option (missing or null) stays null, never ""; an explicit "" is passed on
    /// unchanged, so that the request's Validate decides what it means. A value of the wrong type throws an
    /// ArgumentException that names the option. A choice that matches one of the choices in another case is
    /// returned in the choice's own spelling (Ansible.Basic accepts any case and passes the value on unchanged);
    /// a value that matches none is returned unchanged for the request's Validate to reject.
    /// </summary>
    public static class ModuleParams
    {
        private static readonly string[] TrueWords = new string[] { "y", "yes", "on", "1", "true", "t", "1.0" };
        private static readonly string[] FalseWords = new string[] { "n", "no", "off", "0", "false", "f", "0.0" };

        /// <summary>The raw value of an option, or null when it is missing or null.</summary>
        public static object Raw(IDictionary parameters, string name)
        {
            if (parameters == null || !parameters.Contains(name))
                return null;
            return parameters[name];
        }

        public static bool IsSet(IDictionary parameters, string name)
        {
            return Raw(parameters, name) != null;
        }

        public static string Str(IDictionary parameters, string name)
        {
            return ToStr(Raw(parameters, name), name);
        }

        public static int? Int(IDictionary parameters, string name)
        {
            object v = Raw(parameters, name);
            if (v == null)
                return null;
            return ToInt(v, name);
        }

        /// <summary>The option as an int, or <paramref name="unset"/> when it is not set.</summary>
        public static int Int(IDictionary parameters, string name, int unset)
        {
            int? v = Int(parameters, name);
            return v.HasValue ? v.Value : unset;
        }

        public static double? Double(IDictionary parameters, string name)
        {
            object v = Raw(parameters, name);
            if (v == null)
                return null;
            return ToDouble(v, name);
        }

        public static double Double(IDictionary parameters, string name, double unset)
        {
            double? v = Double(parameters, name);
            return v.HasValue ? v.Value : unset;
        }

        public static bool? Bool(IDictionary parameters, string name)
        {
            object v = Raw(parameters, name);
            if (v == null)
                return null;
            return ToBool(v, name);
        }

        public static bool Bool(IDictionary parameters, string name, bool unset)
        {
            bool? v = Bool(parameters, name);
            return v.HasValue ? v.Value : unset;
        }

        /// <summary>A list option as string[]; a single value becomes a one-element array; null entries stay null.</summary>
        public static string[] StrList(IDictionary parameters, string name)
        {
            List<object> items = Items(Raw(parameters, name));
            if (items == null)
                return null;
            string[] res = new string[items.Count];
            for (int i = 0; i < items.Count; i++)
                res[i] = ToStr(items[i], name);
            return res;
        }

        public static int[] IntList(IDictionary parameters, string name)
        {
            List<object> items = Items(Raw(parameters, name));
            if (items == null)
                return null;
            int[] res = new int[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i] == null)
                    throw new ArgumentException(String.Format("{0}: the list must not contain empty entries", name));
                res[i] = ToInt(items[i], name);
            }
            return res;
        }

        /// <summary>A str option with choices, in the choice's own spelling when it matches one in any case.</summary>
        public static string Choice(IDictionary parameters, string name, string[] choices)
        {
            return Canonical(Str(parameters, name), choices);
        }

        /// <summary>A list option with choices, each entry in the choice's own spelling when it matches one.</summary>
        public static string[] ChoiceList(IDictionary parameters, string name, string[] choices)
        {
            string[] values = StrList(parameters, name);
            if (values == null)
                return null;
            for (int i = 0; i < values.Length; i++)
                values[i] = Canonical(values[i], choices);
            return values;
        }

        /// <summary>The choice that equals <paramref name="value"/> ignoring case, else the value unchanged.</summary>
        public static string Canonical(string value, string[] choices)
        {
            if (value == null || choices == null)
                return value;
            foreach (string c in choices)
            {
                if (String.Equals(c, value, StringComparison.OrdinalIgnoreCase))
                    return c;
            }
            return value;
        }

        private static List<object> Items(object value)
        {
            if (value == null)
                return null;
            List<object> res = new List<object>();
            if (value is string || value is IDictionary || !(value is IEnumerable))
            {
                res.Add(value);
                return res;
            }
            foreach (object o in (IEnumerable)value)
                res.Add(o);
            return res;
        }

        private static string ToStr(object value, string name)
        {
            if (value == null)
                return null;
            string s = value as string;
            if (s != null)
                return s;
            if (value is char)
                return value.ToString();
            if (IsInteger(value))
                return Convert.ToString(value, CultureInfo.InvariantCulture);
            throw new ArgumentException(String.Format("{0}: expected a string, got a value of type {1}", name,
                value.GetType().Name));
        }

        private static bool IsInteger(object value)
        {
            return value is int || value is long || value is short || value is byte || value is sbyte ||
                value is uint || value is ushort || value is ulong;
        }

        private static int ToInt(object value, string name)
        {
            string s = value as string;
            try
            {
                if (IsInteger(value))
                    return Convert.ToInt32(value, CultureInfo.InvariantCulture);
                if (s != null)
                    return Int32.Parse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw new ArgumentException(String.Format(CultureInfo.InvariantCulture,
                    "{0}: {1} is out of range for an integer", name, value));
            }
            catch (FormatException)
            {
            }
            throw new ArgumentException(String.Format(CultureInfo.InvariantCulture, "{0}: '{1}' is not an integer",
                name, value));
        }

        private static double ToDouble(object value, string name)
        {
            // A float (what Ansible.Basic makes of a float option) goes through its shortest text, so 0.1f is 0.1.
            if (value is float)
                return System.Double.Parse(((float)value).ToString("R", CultureInfo.InvariantCulture),
                    CultureInfo.InvariantCulture);
            if (value is double)
                return (double)value;
            if (value is decimal)
                return (double)(decimal)value;
            if (IsInteger(value))
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            string s = value as string;
            double d;
            if (s != null && System.Double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                return d;
            throw new ArgumentException(String.Format(CultureInfo.InvariantCulture, "{0}: '{1}' is not a number",
                name, value));
        }

        private static bool ToBool(object value, string name)
        {
            if (value is bool)
                return (bool)value;
            string s = value is string ? ((string)value).Trim().ToLowerInvariant() :
                IsInteger(value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
            if (s != null && Array.IndexOf(TrueWords, s) >= 0)
                return true;
            if (s != null && Array.IndexOf(FalseWords, s) >= 0)
                return false;
            throw new ArgumentException(String.Format(CultureInfo.InvariantCulture, "{0}: '{1}' is not a boolean",
                name, value));
        }
    }
}
