// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Remote Desktop (WTS) sessions, the part rds_session_info and rds_logoff share: the session model, the
// IWtsApi seam, selection helpers, the hints for refused calls, and NativeWtsApi (the wtsapi32
// translation). Listing is in _RdsSessionInfo.cs, logging off in _RdsLogoff.cs, so each module compiles only
// its own engine. Internal to the collection; it may change without notice.
//
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._Rds
{
    /// <summary>WTS_CONNECTSTATE_CLASS.</summary>
    public enum WtsConnectState
    {
        Active = 0,
        Connected = 1,
        ConnectQuery = 2,
        Shadow = 3,
        Disconnected = 4,
        Idle = 5,
        Listen = 6,
        Reset = 7,
        Down = 8,
        Init = 9,
    }

    /// <summary>One entry of WTSEnumerateSessionsExW level 1 (WTS_SESSION_INFO_1W), as managed data.</summary>
    public class WtsSession
    {
        public int SessionId { get; set; }
        public WtsConnectState State { get; set; }
        public string SessionName { get; set; }
        public string HostName { get; set; }
        public string UserName { get; set; }
        public string DomainName { get; set; }
        public string FarmName { get; set; }

        public bool HasUser
        {
            get { return !String.IsNullOrEmpty(UserName); }
        }

        /// <summary>DOMAIN\user, or user when there is no domain, or null when no user is logged on.</summary>
        public string QualifiedUser
        {
            get
            {
                if (!HasUser)
                    return null;
                if (String.IsNullOrEmpty(DomainName))
                    return UserName;
                return DomainName + "\\" + UserName;
            }
        }
    }

    /// <summary>
    /// What WTSQuerySessionInformationW(WTSSessionInfo = 24) returns (WTSINFOW). The times are the raw
    /// LARGE_INTEGER values, read as FILETIME (100 ns since 1601 UTC); 0 means not set.
    /// </summary>
    public class WtsSessionTimes
    {
        public int SessionId { get; set; }
        public WtsConnectState State { get; set; }
        public string WinStationName { get; set; }
        public string Domain { get; set; }
        public string UserName { get; set; }
        public long ConnectTime { get; set; }
        public long DisconnectTime { get; set; }
        public long LastInputTime { get; set; }
        public long LogonTime { get; set; }
        public long CurrentTime { get; set; }
    }

    /// <summary>An open RD Session Host (local or remote). Every call throws ApiException on failure.</summary>
    public interface IWtsServer : IDisposable
    {
        /// <summary>The name given to OpenServer, or null for the local host.</summary>
        string Name { get; }

        /// <summary>WTSEnumerateSessionsExW, level 1: the sessions present right now.</summary>
        List<WtsSession> EnumerateSessions();

        /// <summary>WTSQuerySessionInformationW(WTSSessionInfo): times of one session.</summary>
        WtsSessionTimes QuerySessionTimes(int sessionId);

        /// <summary>WTSQuerySessionInformationW(WTSClientName).</summary>
        string QueryClientName(int sessionId);

        /// <summary>WTSLogoffSession with bWait = FALSE: starts the logoff and returns at once.</summary>
        void Logoff(int sessionId);
    }

    /// <summary>The Windows Terminal Services API, as the engine needs it.</summary>
    public interface IWtsApi
    {
        /// <summary>
        /// Opens a server: null or empty for the local host (WTS_CURRENT_SERVER_HANDLE), else WTSOpenServerExW.
        /// Opening a remote server does not contact it; an unreachable server shows at the first call.
        /// </summary>
        IWtsServer OpenServer(string serverName);

        /// <summary>The session the module's own process runs in (ProcessIdToSessionId).</summary>
        int GetCurrentSessionId();

        /// <summary>
        /// This host's names, to recognise a server name that means it (GetComputerNameExW): the NetBIOS name (also
        /// the domain sessions report for local accounts), the DNS host name and the fully qualified DNS name; null
        /// when not known.
        /// </summary>
        string LocalComputerName { get; }

        string LocalDnsName { get; }

        string LocalFqdn { get; }
    }

    /// <summary>A server that cannot be opened or listed: the module fails before acting.</summary>
    public class WtsServerException : Exception
    {
        public ErrorInfo Error { get; private set; }

        public WtsServerException(string message, ErrorInfo error, Exception inner)
            : base(message, inner)
        {
            Error = error;
        }
    }

    /// <summary>Helpers shared by the info listing and the logoff engine.</summary>
    public static class WtsUtil
    {
        /// <summary>The lower-case option names of WTS_CONNECTSTATE_CLASS, in enum order.</summary>
        public static readonly string[] StateNames = new string[] {
            "active", "connected", "connect_query", "shadow", "disconnected", "idle", "listen", "reset", "down", "init",
        };

        public static string StateName(WtsConnectState state)
        {
            int i = (int)state;
            if (i >= 0 && i < StateNames.Length)
                return StateNames[i];
            return i < 0 ? null : "unknown_" + i.ToString(CultureInfo.InvariantCulture);
        }

        public static WtsConnectState ParseState(string name)
        {
            string n = name == null ? "" : name.Trim().ToLowerInvariant();
            int i = Array.IndexOf(StateNames, n);
            if (i < 0)
                throw new ArgumentException(String.Format("session_state '{0}' is not valid", name));
            return (WtsConnectState)i;
        }

        /// <summary>
        /// A FILETIME (100 ns since 1601-01-01 UTC) as a DateTime in UTC, or null when it is 0 (not set) or not a
        /// valid time.
        /// </summary>
        public static DateTime? FromFileTime(long fileTime)
        {
            if (fileTime <= 0 || fileTime > DateTime.MaxValue.ToFileTimeUtc())
                return null;
            return DateTime.FromFileTimeUtc(fileTime);
        }

        /// <summary>
        /// Idle time in whole seconds: the server's CurrentTime minus LastInputTime. Null (unknown) when either
        /// time is 0 (not set); never negative (0 if LastInputTime is after CurrentTime).
        /// </summary>
        public static long? IdleSeconds(WtsSessionTimes times)
        {
            return times == null ? null : Span(times.LastInputTime, times.CurrentTime);
        }

        /// <summary>Seconds since the client disconnected (CurrentTime - DisconnectTime), or null when either is unset.</summary>
        public static long? DisconnectedSeconds(WtsSessionTimes times)
        {
            return times == null ? null : Span(times.DisconnectTime, times.CurrentTime);
        }

        private static long? Span(long from, long to)
        {
            DateTime? a = FromFileTime(from);
            DateTime? b = FromFileTime(to);
            if (!a.HasValue || !b.HasValue)
                return null;
            long secs = (long)Math.Floor((b.Value - a.Value).TotalSeconds);
            return secs < 0 ? 0 : secs;
        }

        /// <summary>
        /// A name means this host only when it is its NetBIOS name, its DNS host name or its fully qualified DNS name
        /// (as GetComputerNameExW reports them; one trailing dot allowed), or ".", "localhost" or a loopback address.
        /// Any other name, even one sharing the first label, is opened as a remote server.
        /// </summary>
        public static bool IsLocalServer(string server, IWtsApi api)
        {
            if (String.IsNullOrEmpty(server))
                return true;
            string s = NormalizeServer(server);
            if (s.EndsWith(".", StringComparison.Ordinal) && s.Length > 1)
                s = s.Substring(0, s.Length - 1);
            foreach (string n in new string[] { ".", "localhost", "127.0.0.1", "::1", "[::1]", api.LocalComputerName,
                api.LocalDnsName, api.LocalFqdn })
            {
                if (!String.IsNullOrEmpty(n) && String.Equals(s, n, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }

        /// <summary>
        /// The server name to open: trimmed and without leading backslashes (WTSOpenServerExW wants a NetBIOS name,
        /// not \\name), or null for the local host when it is null or empty. A name that is blank once trimmed stays
        /// "" (Validate rejects it).
        /// </summary>
        public static string NormalizeServer(string server)
        {
            if (String.IsNullOrEmpty(server))
                return null;
            return server.Trim().TrimStart('\\').Trim();
        }

        public static string ServerText(string server)
        {
            return String.IsNullOrEmpty(server) ? "the local host" : String.Format("server '{0}'", server);
        }

        internal static List<WtsSession> ListOrThrow(IWtsServer srv, string server, RdsHints hints)
        {
            try
            {
                return srv.EnumerateSessions();
            }
            catch (ApiException e)
            {
                string hint = hints == null ? null : hints.For(e.Error);
                throw new WtsServerException(String.Format("Cannot list the Remote Desktop sessions on {0}: {1}{2}",
                    ServerText(server), e.Message, hint == null ? "" : " " + hint), e.Error, e);
            }
        }

        /// <summary>Opens the server; a failed open (WTSOpenServerExW) gets the hint its code and the token point to.</summary>
        internal static IWtsServer Open(IWtsApi api, string server, RdsHints hints)
        {
            try
            {
                return api.OpenServer(server);
            }
            catch (WtsServerException e)
            {
                string hint = hints == null ? null : hints.For(e.Error);
                if (hint == null)
                    throw;
                throw new WtsServerException(e.Message + " " + hint, e.Error, e);
            }
        }

        /// <summary>
        /// After a call on one session failed: lists the sessions again. True when the session is gone (no longer
        /// listed, or its id now belongs to another user). A failed listing proves nothing: false, with its error.
        /// The code of the failed call never decides it: real hosts answer 7022, 2 (Cassia issue 68) or 7007 (Cassia
        /// issues 36, 60) for a session that is closing or closed, and the same codes can come for one still there.
        /// </summary>
        internal static bool GoneAfterFailure(IWtsServer srv, WtsSession s, out ApiException listError)
        {
            listError = null;
            try
            {
                return FindSame(srv.EnumerateSessions(), s) == null;
            }
            catch (ApiException e)
            {
                listError = e;
                return false;
            }
        }

        /// <summary>The same session: same id and the same user (a reused id with another user is a new session).</summary>
        internal static WtsSession FindSame(List<WtsSession> sessions, WtsSession s)
        {
            foreach (WtsSession n in sessions)
            {
                if (n.SessionId != s.SessionId)
                    continue;
                return String.Equals(n.QualifiedUser, s.QualifiedUser, StringComparison.OrdinalIgnoreCase) ? n : null;
            }
            return null;
        }

        /// <summary>The reason suffix when the listing after a failed call failed too.</summary>
        internal static string RelistNote(ApiException listError)
        {
            if (listError == null)
                return "";
            return String.Format("; the sessions could not be listed again to check whether it ended ({0})",
                listError.Error);
        }
    }

    /// <summary>Parses durations: 90, "90", "90s", "30m", "2h", "1d", "1h30m".</summary>
    public static class Duration
    {
        private static readonly Regex Whole = new Regex("^\\s*(?:([0-9]+)\\s*([smhd]?)\\s*)+$", RegexOptions.IgnoreCase);

        public static long ParseSeconds(string text)
        {
            Match m = text == null ? Match.Empty : Whole.Match(text);
            CaptureCollection n = m.Groups[1].Captures, u = m.Groups[2].Captures;
            long total = 0;
            for (int i = 0; i < n.Count; i++)
            {
                string unit = u[i].Value.ToLowerInvariant();
                if (unit == "" && n.Count > 1)
                    throw new FormatException(String.Format("'{0}' is not a duration: a bare number must stand alone", text));
                total = checked(total + Int64.Parse(n[i].Value, CultureInfo.InvariantCulture) *
                    (unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 1));
            }
            if (!m.Success)
                throw new FormatException(String.Format(
                    "'{0}' is not a duration: use seconds (90) or a number with s, m, h or d (30m, 1h30m)", text));
            return total;
        }

        /// <summary>An option's duration in seconds (more than 0), or null when unset; "" is refused.</summary>
        internal static long? Option(string name, string text)
        {
            if (text == null)
                return null;
            long v;
            try
            {
                v = ParseSeconds(text);
            }
            catch (Exception e)
            {
                throw new ArgumentException(String.Format("{0}: {1}", name, e is OverflowException ?
                    String.Format("'{0}' is too large", text) : e.Message));
            }
            if (v <= 0)
                throw new ArgumentException(name + " must be more than 0 seconds");
            return v;
        }
    }

    /// <summary>
    /// The selectors of rds_logoff, rds_session_info and rds_message (the options of the same names). They narrow
    /// together (AND); All is the explicit "no narrowing". Unset is null; "" is refused by ValidateSelectors.
    /// </summary>
    public class RdsSelector
    {
        public int[] SessionId, ExcludeSessionId;
        public string[] Username, ExcludeUsername, SessionState;
        public string IdleLongerThan, DisconnectedLongerThan, Server;
        public bool All;

        /// <summary>Reads the selector options into r (see ModuleParams for null, "" and choices).</summary>
        public static void FromParams(RdsSelector r, IDictionary p)
        {
            r.SessionId = ModuleParams.IntList(p, "session_id");
            r.Username = ModuleParams.StrList(p, "username");
            r.ExcludeUsername = ModuleParams.StrList(p, "exclude_username");
            r.ExcludeSessionId = ModuleParams.IntList(p, "exclude_session_id");
            r.SessionState = ModuleParams.ChoiceList(p, "session_state", WtsUtil.StateNames);
            r.IdleLongerThan = ModuleParams.Str(p, "idle_longer_than");
            r.DisconnectedLongerThan = ModuleParams.Str(p, "disconnected_longer_than");
            r.All = ModuleParams.Bool(p, "all", false);
            r.Server = ModuleParams.Str(p, "server");
        }

        /// <summary>A selector that narrows (the exclusions alone select nothing).</summary>
        public bool HasSelector
        {
            get
            {
                return (SessionId ?? new int[0]).Length + (Username ?? new string[0]).Length +
                    (SessionState ?? new string[0]).Length > 0 || IdleLongerThan != null || DisconnectedLongerThan != null;
            }
        }

        /// <summary>
        /// Checks the selectors before any Windows call (ArgumentException). needSelector: an action module, which
        /// acts on nothing without a selector or All (verb: what it does, for the message).
        /// </summary>
        public void ValidateSelectors(bool needSelector, string verb)
        {
            Parse(needSelector, verb);
        }

        internal RdsSelection Parse(bool needSelector, string verb)
        {
            if (Server != null && (Server.Length == 0 || WtsUtil.NormalizeServer(Server).Length == 0))
                throw new ArgumentException(String.Format("server '{0}' is not a host name; omit server for the local host",
                    Server));
            foreach (int[] ids in new int[][] { SessionId, ExcludeSessionId })
            {
                foreach (int id in ids ?? new int[0])
                {
                    if (id < 0)
                        throw new ArgumentException(String.Format("{0} {1} is not valid: session ids are 0 or more",
                            ids == SessionId ? "session_id" : "exclude_session_id", id));
                }
            }
            RdsSelection sel = new RdsSelection { request = this, states = RdsSelection.ParseStates(SessionState),
                idle = Duration.Option("idle_longer_than", IdleLongerThan),
                disconnected = Duration.Option("disconnected_longer_than", DisconnectedLongerThan),
                users = RdsUserPattern.ParseAll("username", Username),
                excluded = RdsUserPattern.ParseAll("exclude_username", ExcludeUsername) };
            if (needSelector && !HasSelector && !All)
                throw new ArgumentException(String.Format("no session selected: set a selector, or all=true to {0} every " +
                    "user session; nothing was done", verb));
            return sel;
        }
    }

    /// <summary>
    /// One username entry: "user" (any domain) or "DOMAIN\user", each part trimmed, * and ? wildcards; ".\user" is an
    /// account of the host listed (sessions report local accounts under the computer's NetBIOS name). A UPN
    /// (user@domain) is refused: the account name behind it may differ (alice@contoso.com may be CONTOSO\asmith).
    /// </summary>
    public class RdsUserPattern
    {
        public string Text, User;
        /// <summary>Null matches any domain.</summary>
        public string Domain;

        public static RdsUserPattern Parse(string option, string text)
        {
            string t = (text ?? "").Trim();
            if (t.Length == 0)
                throw new ArgumentException(option + " must not contain empty entries");
            if (t.IndexOf('@') >= 0)
                throw new ArgumentException(String.Format("{0} '{1}' is a user principal name: use DOMAIN\\user or user",
                    option, text));
            string[] parts = t.Split('\\');
            RdsUserPattern p = new RdsUserPattern { Text = text, User = parts[parts.Length - 1].Trim() };
            if (parts.Length == 2)
                p.Domain = parts[0].Trim();
            if (parts.Length > 2 || p.User.Length == 0 || p.Domain == "")
                throw new ArgumentException(String.Format("{0} '{1}' is not valid: use user or DOMAIN\\user", option, text));
            return p;
        }

        internal static List<RdsUserPattern> ParseAll(string option, string[] texts)
        {
            return new List<string>(texts ?? new string[0]).ConvertAll(delegate(string t) { return Parse(option, t); });
        }

        /// <summary>Case-insensitive, wildcards in each part. A session without a user never matches.</summary>
        public bool Matches(WtsSession s)
        {
            return s.HasUser && Wildcard.IsMatch(User, s.UserName) && (Domain == null ||
                Wildcard.IsMatch(Domain, s.DomainName ?? ""));
        }
    }

    /// <summary>A session the selection picked, with its times (null when they could not be read).</summary>
    public class RdsPick
    {
        public WtsSession Session;
        public WtsSessionTimes Times;
        /// <summary>Why an action must leave it alone (session 0, a listener, no user, the module's own session), or null.</summary>
        public string Safety;
        /// <summary>The times could not be read (Error; ListError: the listing after it failed too), or it ended meanwhile (Gone).</summary>
        public ApiException Error, ListError;
        public bool Gone;
    }

    /// <summary>
    /// The one selection of the RDS modules: rds_logoff, rds_session_info and rds_message run it on the same listing
    /// and pick the same sessions. Prepare resolves the host (before any WTS call); Select picks; Confirm checks a
    /// pick again just before a call acts on it.
    /// </summary>
    public class RdsSelection
    {
        internal List<WtsConnectState> states;
        internal long? idle, disconnected;
        internal List<RdsUserPattern> users, excluded;
        internal RdsSelector request;

        /// <summary>The server to open (null for this host); Where names it for messages.</summary>
        public string Server, Where;
        public bool Local;
        /// <summary>The module's own session (local host only), else -1.</summary>
        public int CurrentSession;
        /// <summary>Select's warnings: each username entry that matched no session.</summary>
        public List<string> Warnings = new List<string>();

        /// <summary>A time selector is set: a session whose times cannot be read cannot be decided.</summary>
        public bool NeedsTimes
        {
            get { return idle.HasValue || disconnected.HasValue; }
        }

        /// <summary>Validates the selectors (see RdsSelector.ValidateSelectors) and resolves the host.</summary>
        public static RdsSelection Prepare(IWtsApi api, RdsSelector r, bool needSelector, string verb)
        {
            RdsSelection sel = r.Parse(needSelector, verb);
            string server = WtsUtil.NormalizeServer(r.Server);
            // Every name that means this host uses WTS_CURRENT_SERVER_HANDLE, not WTSOpenServerExW.
            sel.Local = WtsUtil.IsLocalServer(server, api);
            sel.Server = sel.Local ? null : server;
            List<RdsUserPattern> dots = sel.users.FindAll(IsDot);
            dots.AddRange(sel.excluded.FindAll(IsDot));
            foreach (RdsUserPattern p in dots)
            {
                if (!sel.Local)
                    throw new ArgumentException(String.Format("'{0}': '.' means this host, not server '{1}'", p.Text,
                        server));
                p.Domain = api.LocalComputerName;
            }
            sel.Where = WtsUtil.ServerText(sel.Server);
            sel.CurrentSession = sel.Local ? api.GetCurrentSessionId() : -1;
            return sel;
        }

        private static bool IsDot(RdsUserPattern p)
        {
            return p.Domain == ".";
        }

        internal static List<WtsConnectState> ParseStates(string[] states)
        {
            return new List<string>(states ?? new string[0]).ConvertAll<WtsConnectState>(WtsUtil.ParseState);
        }

        private static bool In(int[] ids, int id)
        {
            return ids != null && Array.IndexOf(ids, id) >= 0;
        }

        private static bool AnyMatch(List<RdsUserPattern> patterns, WtsSession s)
        {
            return patterns.Exists(delegate(RdsUserPattern p) { return p.Matches(s); });
        }

        /// <summary>Why an action never touches this session, or null.</summary>
        public string SafetyReason(WtsSession s)
        {
            if (s.SessionId == 0)
                return "session 0 is the services session and is never acted on";
            if (s.State == WtsConnectState.Listen)
                return "it is a listener (state listen), not a user session";
            if (CurrentSession >= 0 && s.SessionId == CurrentSession)
                return "it is the session this module runs in";
            if (!s.HasUser)
                return "no user is logged on to it";
            return null;
        }

        /// <summary>
        /// Picks the sessions of the listing, in id order, that every selector matches and no exclusion names, and
        /// reads their times. Session 0, listeners and sessions without a user are picked only when session_id names
        /// them (with Safety set). A session whose times cannot be read is picked with Error (or Gone) when no time
        /// selector needs them; with one, it is picked so the caller can report it.
        /// </summary>
        public List<RdsPick> Select(IWtsServer srv, List<WtsSession> listing)
        {
            List<WtsSession> sessions = new List<WtsSession>(listing);
            sessions.Sort(delegate(WtsSession a, WtsSession b) { return a.SessionId.CompareTo(b.SessionId); });
            List<RdsPick> picks = new List<RdsPick>();
            foreach (WtsSession s in sessions)
            {
                bool protect = s.SessionId == 0 || s.State == WtsConnectState.Listen || !s.HasUser;
                if (((protect || request.SessionId != null && request.SessionId.Length > 0) && !In(request.SessionId,
                    s.SessionId)) || In(request.ExcludeSessionId, s.SessionId) ||
                    !Matches(s) || AnyMatch(excluded, s))
                    continue;
                RdsPick p = new RdsPick { Session = s, Safety = SafetyReason(s) };
                try
                {
                    p.Times = srv.QuerySessionTimes(s.SessionId);
                }
                catch (ApiException e)
                {
                    p.Gone = WtsUtil.GoneAfterFailure(srv, s, out p.ListError);
                    p.Error = e;
                    if (p.Safety == null || !NeedsTimes)
                        picks.Add(p);
                    continue;
                }
                if (Mismatch(s, p.Times) == null)
                    picks.Add(p);
            }
            Warnings.Clear();
            foreach (RdsUserPattern u in users)
            {
                if (!listing.Exists(u.Matches))
                    Warnings.Add(String.Format("username '{0}' matched no session on {1}", u.Text, Where));
            }
            // An id asked for that the host does not list is a pick with no user, Gone, no Times and no Error.
            foreach (int id in request.SessionId ?? new int[0])
            {
                if (!listing.Exists(delegate(WtsSession s) { return s.SessionId == id; }) &&
                    !picks.Exists(delegate(RdsPick p) { return p.Session.SessionId == id; }))
                    picks.Add(new RdsPick { Session = new WtsSession { SessionId = id, State = (WtsConnectState)(-1) },
                        Gone = true });
            }
            return picks;
        }

        private bool Matches(WtsSession s)
        {
            return (states.Count == 0 || states.Contains(s.State)) && (users.Count == 0 || AnyMatch(users, s));
        }

        /// <summary>Null when the time selectors match these times, else why not (unknown times never match).</summary>
        private string Mismatch(WtsSession s, WtsSessionTimes t)
        {
            long? v = WtsUtil.IdleSeconds(t);
            if (idle.HasValue && !(v > idle))
                return "it is not idle for longer than idle_longer_than";
            // Only a session disconnected now: a reconnected one keeps the time of its last disconnect.
            v = WtsUtil.DisconnectedSeconds(t);
            if (disconnected.HasValue && (s.State != WtsConnectState.Disconnected || !(v > disconnected)))
                return "it is not disconnected for longer than disconnected_longer_than";
            return null;
        }

        /// <summary>
        /// Just before a call acts on a pick: null when it is still the session selected (same id, user and logon time)
        /// and still matches the selection, else why it no longer is. now: a listing made just before. Throws the
        /// ApiException of a failed times query (the caller decides by listing again).
        /// </summary>
        public string Confirm(IWtsServer srv, RdsPick p, List<WtsSession> now)
        {
            WtsSession s = WtsUtil.FindSame(now, p.Session);
            if (s == null)
                return "the session ended or its id now belongs to another logon";
            if (states.Count > 0 && !states.Contains(s.State))
                return "its state is now " + WtsUtil.StateName(s.State);
            WtsSessionTimes t = srv.QuerySessionTimes(s.SessionId);
            if (p.Times != null && p.Times.LogonTime != 0 && t.LogonTime != p.Times.LogonTime)
                return "its id now belongs to another logon (the logon time changed)";
            string why = Mismatch(s, t);
            return why == null ? null : "it no longer matches the selection: " + why;
        }
    }

    /// <summary>
    /// The hints for a refused WTS call, from the module's token (read once, on the first failure): for server: on
    /// another host, the double-hop hint (RemoteCallHint) for access denied and RPC errors; locally, the
    /// administrator hint for access denied (AccessDeniedHint). The static functions are pure: the tests drive them
    /// with hand-made facts.
    /// </summary>
    public class RdsHints
    {
        public const string WinRmLimitationsUrl =
            "https://docs.ansible.com/ansible/latest/os_guide/windows_winrm.html#winrm-limitations";
        public const string DoubleHopIssueUrl = "https://github.com/ansible/ansible/issues/68086";

        /// <summary>
        /// The RPC errors a call to another host gives when it cannot authenticate or reach it: 1722
        /// RPC_S_SERVER_UNAVAILABLE, 1726 RPC_S_CALL_FAILED, 1727 RPC_S_CALL_FAILED_DNE, 1753 EPT_S_NOT_REGISTERED,
        /// 1825 RPC_S_SEC_PKG_ERROR, 1244 ERROR_NOT_AUTHENTICATED (also inside an HRESULT).
        /// </summary>
        public static bool IsRemoteCallError(ErrorInfo e)
        {
            if (e == null)
                return false;
            long c = e.Win32Code >= 0 ? e.Win32Code : e.Code;
            return c == 1722 || c == 1726 || c == 1727 || c == 1753 || c == 1825 || c == 1244;
        }

        /// <summary>A hint for a local call refused with access denied, or null when the token does not explain it.</summary>
        public static string AccessDeniedHint(TokenFacts f, ErrorInfo e)
        {
            if (!PrivilegeHints.IsAccessDenied(e) || f == null || !f.IsAdministrator.HasValue || f.IsAdministrator.Value)
                return null;
            return String.Format("Hint: access was denied and the module's logon ({0}) does not have the Administrators " +
                "group enabled{1}. {2}", f.Describe(),
                f.ElevationType == TokenElevationKind.Limited ? " (a filtered token)" : "", PrivilegeHints.AdministratorFixes());
        }

        /// <summary>
        /// A hint for a call to another host (server:) that failed with access denied or an RPC error, or null for any
        /// other code. When the logon cannot pass credentials on (the double hop) it says so and names become,
        /// CredSSP and Kerberos delegation; when it can, it names what the remote host itself needs.
        /// </summary>
        public static string RemoteCallHint(TokenFacts f, ErrorInfo e, string server)
        {
            if (!PrivilegeHints.IsAccessDenied(e) && !IsRemoteCallError(e))
                return null;
            CredentialForwarding fw = f == null ? CredentialForwarding.Unknown : f.Forwarding;
            string target = String.Format("server '{0}'", server);
            string remoteNeeds = String.Format("{0} must also accept the call: Remote Desktop Services permissions for the " +
                "account (administrators have them), Remote Desktop Services running, RPC over SMB (TCP 445) through its " +
                "firewall; or run the task on {0} itself without server.", target);
            if (fw == CredentialForwarding.Yes)
                return String.Format("Hint: the call to {0} was refused or could not be made although the module's logon " +
                    "({1}) can authenticate to other hosts. {2}", target, f.Describe(), remoteNeeds);
            string why = fw == CredentialForwarding.No ? "cannot pass credentials on to another host" :
                fw == CredentialForwarding.OnlyWithKerberosDelegation ?
                "reaches another host only if Kerberos delegation is allowed for it" :
                "may not be able to pass credentials on to another host";
            return String.Format("Hint: the module's logon ({0}) {1} (the double hop): with NTLM or Kerberos without delegation (WinRM, " +
                "PSRP) or SSH keys it has no credentials for {2}, which answers access denied or an RPC error even to an " +
                "administrator. Fix: become (become: true, become_method: runas); CredSSP (ansible_winrm_transport: " +
                "credssp, or ansible_psrp_auth: credssp); or Kerberos delegation (ansible_winrm_kerberos_delegation: true, " +
                "or ansible_psrp_negotiate_delegate: true; over SSH, GSSAPIDelegateCredentials=yes or a password). " +
                "See {3} and {4}. {5}",
                f == null ? "token not readable" : f.Describe(), why, target, WinRmLimitationsUrl, DoubleHopIssueUrl,
                remoteNeeds);
        }

        private readonly IWtsApi api;
        private readonly IAccessToken token;
        private readonly bool local;
        private readonly string server;
        private TokenFacts facts;

        /// <summary>token: the engine's own token, or null (PrivilegeHints.TokenFor: the test override, else the
        /// native token with NativeWtsApi, else none).</summary>
        public RdsHints(IWtsApi api, IAccessToken token, bool local, string server)
        {
            this.api = api;
            this.token = token;
            this.local = local;
            this.server = server;
        }

        public TokenFacts Facts
        {
            get
            {
                if (facts == null)
                {
                    IAccessToken t = token != null ? token : PrivilegeHints.TokenFor(api is NativeWtsApi);
                    facts = PrivilegeHints.ReadOrUnknown(t);
                }
                return facts;
            }
        }

        /// <summary>The hint for this error, or null.</summary>
        public string For(ErrorInfo error)
        {
            if (error == null)
                return null;
            if (local)
            {
                string hint = AccessDeniedHint(Facts, error);
                return hint == null ? null : hint + " An account that is not an administrator can instead be granted " +
                    "the Remote Desktop Reset and Message permissions (Win32_TSAccount.ModifyPermissions).";
            }
            return RemoteCallHint(Facts, error, server);
        }
    }


    // ------------------------------------------------------------------------------------------------
    // Native layer: wtsapi32 translation only.
    // ------------------------------------------------------------------------------------------------

    internal static class NativeHelpers
    {
        public enum WtsInfoClass
        {
            WTSClientName = 10,
            WTSSessionInfo = 24,
        }

        public enum WtsTypeClass
        {
            WTSTypeProcessInfoLevel0 = 0,
            WTSTypeProcessInfoLevel1 = 1,
            WTSTypeSessionInfoLevel1 = 2,
        }

#pragma warning disable 0649
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        public struct WTS_SESSION_INFO_1W
        {
            public int ExecEnvId;
            public WtsConnectState State;
            public int SessionId;
            public IntPtr pSessionName;
            public IntPtr pHostName;
            public IntPtr pUserName;
            public IntPtr pDomainName;
            public IntPtr pFarmName;
        }

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        public struct WTSINFOW
        {
            public WtsConnectState State;
            public int SessionId;
            public int IncomingBytes;
            public int OutgoingBytes;
            public int IncomingFrames;
            public int OutgoingFrames;
            public int IncomingCompressedBytes;
            public int OutgoingCompressedBytes;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)]
            public string WinStationName;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 17)]
            public string Domain;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 21)]
            public string UserName;
            public long ConnectTime;
            public long DisconnectTime;
            public long LastInputTime;
            public long LogonTime;
            public long CurrentTime;
        }
#pragma warning restore 0649
    }

    internal static class NativeMethods
    {
        [DllImport("Wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern SafeWtsServerHandle WTSOpenServerExW(string pServerName);

        [DllImport("Wtsapi32.dll")]
        public static extern void WTSCloseServer(IntPtr hServer);

        [DllImport("Wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern bool WTSEnumerateSessionsExW(SafeWtsServerHandle hServer, ref int pLevel, int Filter,
            out SafeWtsSessionInfo1Buffer ppSessionInfo, out int pCount);

        [DllImport("Wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern bool WTSQuerySessionInformationW(SafeWtsServerHandle hServer, int SessionId,
            NativeHelpers.WtsInfoClass WTSInfoClass, out SafeWtsMemoryBuffer ppBuffer, out int pBytesReturned);

        [DllImport("Wtsapi32.dll", SetLastError = true)]
        public static extern bool WTSLogoffSession(SafeWtsServerHandle hServer, int SessionId, bool bWait);

        [DllImport("Wtsapi32.dll")]
        public static extern void WTSFreeMemory(IntPtr pMemory);

        [DllImport("Wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern bool WTSFreeMemoryExW(NativeHelpers.WtsTypeClass WTSTypeClass, IntPtr pMemory,
            int NumberOfEntries);

        [DllImport("kernel32.dll", SetLastError = true)]
        public static extern bool ProcessIdToSessionId(int dwProcessId, out int pSessionId);

        [DllImport("kernel32.dll")]
        public static extern int GetCurrentProcessId();

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern bool GetComputerNameExW(int NameType, StringBuilder lpBuffer, ref int nSize);
    }

    /// <summary>Which function frees a buffer the WTS API allocated.</summary>
    internal enum WtsFreeKind
    {
        /// <summary>WTSFreeMemory (WTSQuerySessionInformationW buffers).</summary>
        FreeMemory,
        /// <summary>WTSFreeMemoryExW(WTSTypeSessionInfoLevel1, p, count) (WTSEnumerateSessionsExW level 1).</summary>
        FreeMemoryExSessionInfoLevel1,
    }

    internal static class WtsMemory
    {
        /// <summary>Tests replace the native free with a recorder; null calls wtsapi32.</summary>
        internal static Func<WtsFreeKind, IntPtr, int, bool> FreeOverride { get; set; }

        internal static bool Free(WtsFreeKind kind, IntPtr p, int count)
        {
            Func<WtsFreeKind, IntPtr, int, bool> hook = FreeOverride;
            if (hook != null)
                return hook(kind, p, count);
            if (kind == WtsFreeKind.FreeMemoryExSessionInfoLevel1)
                return NativeMethods.WTSFreeMemoryExW(NativeHelpers.WtsTypeClass.WTSTypeSessionInfoLevel1, p, count);
            NativeMethods.WTSFreeMemory(p);
            return true;
        }
    }

    /// <summary>A buffer allocated by the WTS API, freed by the function its FreeKind names.</summary>
    internal abstract class SafeWtsBuffer : SafeHandleZeroOrMinusOneIsInvalid
    {
        protected SafeWtsBuffer()
            : base(true)
        {
        }

        internal abstract WtsFreeKind FreeKind { get; }

        /// <summary>Number of entries (WTSFreeMemoryExW needs it).</summary>
        internal int Count { get; set; }

        internal IntPtr Pointer
        {
            get { return handle; }
        }

        protected override bool ReleaseHandle()
        {
            return WtsMemory.Free(FreeKind, handle, Count);
        }
    }

    /// <summary>WTSQuerySessionInformationW output, freed with WTSFreeMemory.</summary>
    internal sealed class SafeWtsMemoryBuffer : SafeWtsBuffer
    {
        public SafeWtsMemoryBuffer()
        {
        }

        internal SafeWtsMemoryBuffer(IntPtr p)
        {
            SetHandle(p);
        }

        internal override WtsFreeKind FreeKind
        {
            get { return WtsFreeKind.FreeMemory; }
        }
    }

    /// <summary>WTSEnumerateSessionsExW level-1 output, freed with WTSFreeMemoryExW(WTSTypeSessionInfoLevel1, p, n).</summary>
    internal sealed class SafeWtsSessionInfo1Buffer : SafeWtsBuffer
    {
        public SafeWtsSessionInfo1Buffer()
        {
        }

        internal SafeWtsSessionInfo1Buffer(IntPtr p, int count)
        {
            SetHandle(p);
            Count = count;
        }

        internal override WtsFreeKind FreeKind
        {
            get { return WtsFreeKind.FreeMemoryExSessionInfoLevel1; }
        }
    }

    /// <summary>A server handle from WTSOpenServerExW, closed with WTSCloseServer.</summary>
    internal sealed class SafeWtsServerHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public SafeWtsServerHandle()
            : base(true)
        {
        }

        private SafeWtsServerHandle(bool ownsHandle)
            : base(ownsHandle)
        {
        }

        /// <summary>WTS_CURRENT_SERVER_HANDLE (0): the local host; never closed.</summary>
        internal static SafeWtsServerHandle CurrentServer()
        {
            return new SafeWtsServerHandle(false);
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.WTSCloseServer(handle);
            return true;
        }
    }

    /// <summary>Reads the WTS buffers into managed objects.</summary>
    internal static class WtsMarshal
    {
        internal static List<WtsSession> ReadSessionInfo1(IntPtr p, int count)
        {
            List<WtsSession> res = new List<WtsSession>();
            int size = Marshal.SizeOf(typeof(NativeHelpers.WTS_SESSION_INFO_1W));
            for (int i = 0; i < count; i++)
            {
                NativeHelpers.WTS_SESSION_INFO_1W e = (NativeHelpers.WTS_SESSION_INFO_1W)Marshal.PtrToStructure(
                    new IntPtr(p.ToInt64() + (long)i * size), typeof(NativeHelpers.WTS_SESSION_INFO_1W));
                res.Add(new WtsSession
                {
                    SessionId = e.SessionId,
                    State = e.State,
                    SessionName = Str(e.pSessionName),
                    HostName = Str(e.pHostName),
                    UserName = Str(e.pUserName),
                    DomainName = Str(e.pDomainName),
                    FarmName = Str(e.pFarmName),
                });
            }
            return res;
        }

        internal static WtsSessionTimes ReadWtsInfo(IntPtr p, int bytes)
        {
            int size = Marshal.SizeOf(typeof(NativeHelpers.WTSINFOW));
            if (bytes < size)
                throw new ApiException(String.Format("WTSQuerySessionInformationW(WTSSessionInfo) returned {0} bytes, " +
                    "expected {1}", bytes, size), ErrorCatalog.FromWin32(24 /* ERROR_BAD_LENGTH */));
            NativeHelpers.WTSINFOW i = (NativeHelpers.WTSINFOW)Marshal.PtrToStructure(p, typeof(NativeHelpers.WTSINFOW));
            return new WtsSessionTimes
            {
                SessionId = i.SessionId,
                State = i.State,
                WinStationName = i.WinStationName,
                Domain = i.Domain,
                UserName = i.UserName,
                ConnectTime = i.ConnectTime,
                DisconnectTime = i.DisconnectTime,
                LastInputTime = i.LastInputTime,
                LogonTime = i.LogonTime,
                CurrentTime = i.CurrentTime,
            };
        }

        private static string Str(IntPtr p)
        {
            if (p == IntPtr.Zero)
                return null;
            string s = Marshal.PtrToStringUni(p);
            return String.IsNullOrEmpty(s) ? null : s;
        }
    }

    /// <summary>IWtsApi over wtsapi32.dll.</summary>
    public class NativeWtsApi : IWtsApi
    {
        public IWtsServer OpenServer(string serverName)
        {
            if (String.IsNullOrEmpty(serverName))
                return new NativeWtsServer(null, SafeWtsServerHandle.CurrentServer());
            SafeWtsServerHandle h = NativeMethods.WTSOpenServerExW(serverName);
            if (h.IsInvalid)
            {
                // Never use a NULL handle for a remote name: it would mean WTS_CURRENT_SERVER_HANDLE (this host).
                int err = Marshal.GetLastWin32Error();
                h.SetHandleAsInvalid();
                ErrorInfo e = ErrorCatalog.FromWin32(err == 0 ? 6 : err);
                throw new WtsServerException(String.Format("Cannot open server '{0}': WTSOpenServerExW returned an invalid " +
                    "handle: {1}", serverName, e), e, null);
            }
            return new NativeWtsServer(serverName, h);
        }

        public int GetCurrentSessionId()
        {
            int id;
            if (!NativeMethods.ProcessIdToSessionId(NativeMethods.GetCurrentProcessId(), out id))
                throw ApiException.FromWin32("ProcessIdToSessionId", Marshal.GetLastWin32Error());
            return id;
        }

        public string LocalComputerName
        {
            get { return ComputerName(0); }
        }

        public string LocalDnsName
        {
            get { return ComputerName(1); }
        }

        public string LocalFqdn
        {
            get { return ComputerName(3); }
        }

        /// <summary>GetComputerNameExW: 0 ComputerNameNetBIOS, 1 ComputerNameDnsHostname, 3 ComputerNameDnsFullyQualified; null on failure.</summary>
        private static string ComputerName(int format)
        {
            StringBuilder b = new StringBuilder(256);
            int size = b.Capacity;
            if (!NativeMethods.GetComputerNameExW(format, b, ref size))
                return null;
            return b.ToString();
        }
    }

    internal class NativeWtsServer : IWtsServer
    {
        private readonly SafeWtsServerHandle handle;

        public string Name { get; private set; }

        internal NativeWtsServer(string name, SafeWtsServerHandle handle)
        {
            Name = name;
            this.handle = handle;
        }

        public List<WtsSession> EnumerateSessions()
        {
            int level = 1;
            SafeWtsSessionInfo1Buffer buffer;
            int count;
            bool ok = NativeMethods.WTSEnumerateSessionsExW(handle, ref level, 0, out buffer, out count);
            int err = Marshal.GetLastWin32Error();
            using (buffer)
            {
                if (buffer != null)
                    buffer.Count = count;
                if (!ok)
                    throw ApiException.FromWin32("WTSEnumerateSessionsExW", err);
                return WtsMarshal.ReadSessionInfo1(buffer.Pointer, count);
            }
        }

        private SafeWtsMemoryBuffer Query(int sessionId, NativeHelpers.WtsInfoClass cls, string op, out int bytes)
        {
            SafeWtsMemoryBuffer buffer;
            bool ok = NativeMethods.WTSQuerySessionInformationW(handle, sessionId, cls, out buffer, out bytes);
            int err = Marshal.GetLastWin32Error();
            if (!ok)
            {
                if (buffer != null)
                    buffer.Dispose();
                throw ApiException.FromWin32(op, err);
            }
            return buffer;
        }

        public WtsSessionTimes QuerySessionTimes(int sessionId)
        {
            int bytes;
            using (SafeWtsMemoryBuffer b = Query(sessionId, NativeHelpers.WtsInfoClass.WTSSessionInfo,
                "WTSQuerySessionInformationW(WTSSessionInfo)", out bytes))
                return WtsMarshal.ReadWtsInfo(b.Pointer, bytes);
        }

        public string QueryClientName(int sessionId)
        {
            int bytes;
            using (SafeWtsMemoryBuffer b = Query(sessionId, NativeHelpers.WtsInfoClass.WTSClientName,
                "WTSQuerySessionInformationW(WTSClientName)", out bytes))
            {
                if (b.IsInvalid || bytes < 2)
                    return null;
                return Marshal.PtrToStringUni(b.Pointer);
            }
        }

        public void Logoff(int sessionId)
        {
            if (!NativeMethods.WTSLogoffSession(handle, sessionId, false))
                throw ApiException.FromWin32("WTSLogoffSession", Marshal.GetLastWin32Error());
        }

        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
