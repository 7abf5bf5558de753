// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Remote Desktop (WTS) sessions: listing them with their times and idle time, and logging them off
// safely (selection, safety rules, check mode, warning message + grace period, start-all-then-poll
// wait, one outcome per session). The engine works over IWtsApi; NativeWtsApi is the wtsapi32
// translation. Internal to the collection; it may change without notice.
//
//TypeAccelerator -Name SessionCtl.Wts.LogoffRequest -TypeName LogoffRequest
//TypeAccelerator -Name SessionCtl.Wts.LogoffEngine -TypeName LogoffEngine
//TypeAccelerator -Name SessionCtl.Wts.SessionInfoRequest -TypeName SessionInfoRequest
//TypeAccelerator -Name SessionCtl.Wts.SessionLister -TypeName SessionLister
//TypeAccelerator -Name SessionCtl.Wts.WtsServerException -TypeName WtsServerException
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._Wts
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

        /// <summary>WTSSendMessageW with bWait = FALSE (a message box on the session's desktop).</summary>
        void SendMessage(int sessionId, string title, string message, int timeoutSeconds);
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

        /// <summary>This host's NetBIOS name, used to recognise a server name that means the local host.</summary>
        string LocalComputerName { get; }
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
            return "unknown_" + i.ToString(CultureInfo.InvariantCulture);
        }

        public static WtsConnectState ParseState(string name)
        {
            string n = name == null ? "" : name.Trim().ToLowerInvariant();
            int i = Array.IndexOf(StateNames, n);
            if (i < 0)
                throw new ArgumentException(String.Format("state '{0}' is not valid; expected one of {1}", name,
                    String.Join(", ", StateNames)));
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

        /// <summary>ISO 8601 UTC text of a FILETIME ("2026-01-01T12:00:00Z"), or null when it is not set.</summary>
        public static string IsoTime(long fileTime)
        {
            DateTime? t = FromFileTime(fileTime);
            if (!t.HasValue)
                return null;
            return t.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Idle time in whole seconds: the server's CurrentTime minus LastInputTime. Null (unknown) when either
        /// time is 0 (not set); never negative (0 if LastInputTime is after CurrentTime).
        /// </summary>
        public static long? IdleSeconds(WtsSessionTimes times)
        {
            if (times == null)
                return null;
            DateTime? last = FromFileTime(times.LastInputTime);
            DateTime? now = FromFileTime(times.CurrentTime);
            if (!last.HasValue || !now.HasValue)
                return null;
            long secs = (long)Math.Floor((now.Value - last.Value).TotalSeconds);
            return secs < 0 ? 0 : secs;
        }

        /// <summary>
        /// Matches a user pattern against a session's user: "user" (any domain), "DOMAIN\user" or "user@domain".
        /// Case-insensitive; * and ? are wildcards in each part. For "user@domain" the domain part is compared with
        /// the NetBIOS domain name the session reports, whole or by its first label ("contoso.com" matches
        /// CONTOSO). A session without a user never matches.
        /// </summary>
        public static bool UserMatches(string pattern, string userName, string domainName)
        {
            if (String.IsNullOrEmpty(userName) || String.IsNullOrEmpty(pattern))
                return false;
            string p = pattern.Trim();
            int slash = p.IndexOf('\\');
            if (slash >= 0)
            {
                string dom = p.Substring(0, slash);
                string usr = p.Substring(slash + 1);
                return Wildcard.IsMatch(usr, userName) && Wildcard.IsMatch(dom, domainName ?? "");
            }
            int at = p.LastIndexOf('@');
            if (at >= 0)
            {
                string usr = p.Substring(0, at);
                string dom = p.Substring(at + 1);
                if (!Wildcard.IsMatch(usr, userName))
                    return false;
                if (Wildcard.IsMatch(dom, domainName ?? ""))
                    return true;
                int dot = dom.IndexOf('.');
                return dot > 0 && Wildcard.IsMatch(dom.Substring(0, dot), domainName ?? "");
            }
            return Wildcard.IsMatch(p, userName);
        }

        /// <summary>True when a server name means this host (null, "", ".", localhost, loopback, own name/FQDN).</summary>
        public static bool IsLocalServer(string server, string localName)
        {
            if (String.IsNullOrEmpty(server))
                return true;
            string s = server.Trim().ToLowerInvariant();
            if (s.StartsWith("\\\\", StringComparison.Ordinal))
                s = s.Substring(2);
            if (s == "." || s == "localhost" || s == "127.0.0.1" || s == "::1" || s == "[::1]")
                return true;
            if (String.IsNullOrEmpty(localName))
                return false;
            string l = localName.ToLowerInvariant();
            return s == l || s.StartsWith(l + ".", StringComparison.Ordinal);
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

        internal static List<WtsSession> ListOrThrow(IWtsServer srv, string server, WtsHints hints)
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
        internal static IWtsServer Open(IWtsApi api, string server, WtsHints hints)
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
                return LogoffEngine.FindSame(srv.EnumerateSessions(), s) == null;
            }
            catch (ApiException e)
            {
                listError = e;
                return false;
            }
        }

        /// <summary>The reason suffix when the listing after a failed call failed too.</summary>
        internal static string RelistNote(ApiException listError)
        {
            if (listError == null)
                return "";
            return String.Format("; the sessions could not be listed again to check whether it ended ({0})",
                listError.Error);
        }

        internal static bool SessionIdMatches(int[] ids, int id)
        {
            return ids == null || ids.Length == 0 || Array.IndexOf(ids, id) >= 0;
        }

        internal static bool StateMatches(List<WtsConnectState> states, WtsConnectState state)
        {
            return states == null || states.Count == 0 || states.Contains(state);
        }

        internal static bool UserMatchesAny(string[] patterns, WtsSession s)
        {
            if (patterns == null || patterns.Length == 0)
                return true;
            foreach (string p in patterns)
            {
                if (UserMatches(p, s.UserName, s.DomainName))
                    return true;
            }
            return false;
        }

        internal static List<WtsConnectState> ParseStates(string[] states)
        {
            List<WtsConnectState> res = new List<WtsConnectState>();
            if (states == null)
                return res;
            foreach (string st in states)
                res.Add(ParseState(st));
            return res;
        }

        internal static void ValidateCommon(int[] ids, string[] users, string[] states, string server)
        {
            // PowerShell turns $null into "" when it sets a string property: empty means not set.
            if (!String.IsNullOrEmpty(server) && NormalizeServer(server).Length == 0)
                throw new ArgumentException(String.Format("server '{0}' is not a host name; omit server for the local host",
                    server));
            if (ids != null)
            {
                foreach (int id in ids)
                {
                    if (id < 0)
                        throw new ArgumentException(String.Format("session_id {0} is not valid: session ids are 0 or more", id));
                }
            }
            if (users != null)
            {
                foreach (string u in users)
                {
                    if (String.IsNullOrEmpty(u) || u.Trim().Length == 0)
                        throw new ArgumentException("username must not contain empty entries");
                    if (u.IndexOf('\\') >= 0 && u.IndexOf('@') >= 0)
                        throw new ArgumentException(String.Format(
                            "username '{0}' is not valid: use user, DOMAIN\\user or user@domain", u));
                    // An empty user part (CONTOSO\, @contoso.com) or domain after @ (alice@) would match nothing.
                    string t = u.Trim();
                    int slash = t.IndexOf('\\');
                    int at = t.LastIndexOf('@');
                    bool emptyUser = (slash >= 0 && t.Substring(slash + 1).Trim().Length == 0) || at == 0;
                    bool emptyDomain = at >= 0 && at == t.Length - 1;
                    if (emptyUser || emptyDomain)
                        throw new ArgumentException(String.Format(
                            "username '{0}' is not valid: the {1} part is empty; use user, DOMAIN\\user or user@domain", u,
                            emptyUser ? "user" : "domain"));
                }
            }
            ParseStates(states);
        }
    }

    /// <summary>
    /// The hints for a refused WTS call, from the module's token (read once, on the first failure): for server: on
    /// another host, the double-hop hint (PrivilegeHints.RemoteCallHint) for access denied and RPC errors; locally,
    /// the administrator hint for access denied.
    /// </summary>
    public class WtsHints
    {
        private readonly IWtsApi api;
        private readonly IAccessToken token;
        private readonly bool local;
        private readonly string server;
        private TokenFacts facts;

        /// <summary>token: the engine's own token, or null (PrivilegeHints.TokenFor: the test override, else the
        /// native token with NativeWtsApi, else none).</summary>
        public WtsHints(IWtsApi api, IAccessToken token, bool local, string server)
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
                string hint = PrivilegeHints.AccessDeniedHint(Facts, error);
                return hint == null ? null : hint + " An account that is not an administrator can instead be granted " +
                    "the Remote Desktop Reset and Message permissions (Win32_TSAccount.ModifyPermissions).";
            }
            return PrivilegeHints.RemoteCallHint(Facts, error, server);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // rds_session_info
    // ------------------------------------------------------------------------------------------------

    /// <summary>Options of rds_session_info.</summary>
    public class SessionInfoRequest
    {
        public int[] SessionId { get; set; }
        public string[] Username { get; set; }
        public string[] State { get; set; }
        public string Server { get; set; }

        public void Validate()
        {
            WtsUtil.ValidateCommon(SessionId, Username, State, Server);
        }
    }

    /// <summary>Lists sessions with their times, idle time and client name.</summary>
    public class SessionLister
    {
        private readonly IWtsApi api;

        /// <summary>Warnings of the last List call (a session whose times could not be read, with the code).</summary>
        public List<string> Warnings { get; private set; }

        public SessionLister()
            : this(new NativeWtsApi())
        {
        }

        /// <summary>The module's token, for the hints on a refused call; null (the default) takes PrivilegeHints.TokenFor: the test override, else the native token with NativeWtsApi.</summary>
        public IAccessToken Token { get; set; }

        public SessionLister(IWtsApi api)
        {
            this.api = api;
            Warnings = new List<string>();
        }

        /// <summary>Returns one dictionary per matching session (see rds_session_info RETURN).</summary>
        public ArrayList List(SessionInfoRequest request)
        {
            request.Validate();
            List<WtsConnectState> states = WtsUtil.ParseStates(request.State);
            string server = WtsUtil.NormalizeServer(request.Server);
            bool local = WtsUtil.IsLocalServer(server, api.LocalComputerName);
            // Every name that means this host uses WTS_CURRENT_SERVER_HANDLE, not WTSOpenServerExW (issue 11.2).
            if (local)
                server = null;
            int current = local ? api.GetCurrentSessionId() : -1;
            WtsHints hints = new WtsHints(api, Token, local, server);
            string where = WtsUtil.ServerText(server);
            Warnings = new List<string>();
            ArrayList res = new ArrayList();
            using (IWtsServer srv = WtsUtil.Open(api, server, hints))
            {
                List<WtsSession> sessions = WtsUtil.ListOrThrow(srv, server, hints);
                sessions.Sort(delegate(WtsSession a, WtsSession b) { return a.SessionId.CompareTo(b.SessionId); });
                foreach (WtsSession s in sessions)
                {
                    if (!WtsUtil.SessionIdMatches(request.SessionId, s.SessionId) ||
                        !WtsUtil.StateMatches(states, s.State) || !WtsUtil.UserMatchesAny(request.Username, s))
                        continue;
                    WtsSessionTimes times = null;
                    try
                    {
                        times = srv.QuerySessionTimes(s.SessionId);
                    }
                    catch (ApiException e)
                    {
                        // The session ended after the listing: it is no longer there to report. Whether it ended is
                        // decided by listing again, not by the code.
                        ApiException listError;
                        if (WtsUtil.GoneAfterFailure(srv, s, out listError))
                            continue;
                        string hint = hints.For(e.Error);
                        Warnings.Add(String.Format("the times of session {0}{1} on {2} could not be read; they are " +
                            "reported as null: {3}{4}{5}", s.SessionId, s.HasUser ? " (" + s.QualifiedUser + ")" : "",
                            where, e.Error, WtsUtil.RelistNote(listError), hint == null ? "" : " " + hint));
                    }
                    string client = null;
                    try
                    {
                        client = srv.QueryClientName(s.SessionId);
                    }
                    catch (ApiException)
                    {
                        client = null;
                    }
                    res.Add(Describe(s, times, client, current));
                }
            }
            return res;
        }

        internal static Hashtable Describe(WtsSession s, WtsSessionTimes t, string clientName, int currentId)
        {
            Hashtable h = new Hashtable();
            h["id"] = s.SessionId;
            h["session_name"] = String.IsNullOrEmpty(s.SessionName) ? null : s.SessionName;
            h["username"] = s.HasUser ? s.UserName : null;
            h["domain"] = String.IsNullOrEmpty(s.DomainName) ? null : s.DomainName;
            h["state"] = WtsUtil.StateName(s.State);
            h["client_name"] = String.IsNullOrEmpty(clientName) ? null : clientName;
            h["logon_time"] = t == null ? null : WtsUtil.IsoTime(t.LogonTime);
            h["connect_time"] = t == null ? null : WtsUtil.IsoTime(t.ConnectTime);
            h["disconnect_time"] = t == null ? null : WtsUtil.IsoTime(t.DisconnectTime);
            h["last_input_time"] = t == null ? null : WtsUtil.IsoTime(t.LastInputTime);
            long? idle = WtsUtil.IdleSeconds(t);
            h["idle_seconds"] = idle.HasValue ? (object)idle.Value : null;
            h["is_current"] = currentId >= 0 && s.SessionId == currentId;
            return h;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // rds_logoff
    // ------------------------------------------------------------------------------------------------

    /// <summary>Win32 codes the engine treats specially.</summary>
    public static class WtsErrors
    {
        public const long AccessDenied = 5;
        public const long InvalidHandle = 6;
        public const long RpcServerUnavailable = 1722;
        public const long RpcCallFailed = 1726;
        /// <summary>ERROR_CTX_WINSTATION_NOT_FOUND: the session is gone.</summary>
        public const long SessionNotFound = 7022;
    }

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
                    (State != null && State.Length > 0) || !String.IsNullOrEmpty(IdleLongerThan);
            }
        }

        /// <summary>The idle threshold in seconds, or null when IdleLongerThan is not set.</summary>
        public long? IdleThresholdSeconds
        {
            get
            {
                if (String.IsNullOrEmpty(IdleLongerThan))
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
            bool local = WtsUtil.IsLocalServer(server, api.LocalComputerName);
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
                WtsSession now = FindSame(snapshot, t.Session);
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

        internal static bool IsPresent(List<WtsSession> sessions, WtsSession s)
        {
            return FindSame(sessions, s) != null;
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

    // ------------------------------------------------------------------------------------------------
    // Native layer: wtsapi32 translation only.
    // ------------------------------------------------------------------------------------------------

    internal static class NativeHelpers
    {
        public const int WTS_CURRENT_SESSION = -1;
        public const int MB_OK = 0x0;
        public const int MB_ICONEXCLAMATION = 0x30;
        public const int MB_SETFOREGROUND = 0x10000;

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

        [DllImport("Wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern bool WTSSendMessageW(SafeWtsServerHandle hServer, int SessionId, string pTitle,
            int TitleLength, string pMessage, int MessageLength, int Style, int Timeout, out int pResponse, bool bWait);

        [DllImport("Wtsapi32.dll")]
        public static extern void WTSFreeMemory(IntPtr pMemory);

        [DllImport("Wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern bool WTSFreeMemoryExW(NativeHelpers.WtsTypeClass WTSTypeClass, IntPtr pMemory,
            int NumberOfEntries);

        [DllImport("kernel32.dll", SetLastError = true)]
        public static extern bool ProcessIdToSessionId(int dwProcessId, out int pSessionId);

        [DllImport("kernel32.dll")]
        public static extern int GetCurrentProcessId();
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

        /// <summary>The length WTSSendMessageW wants: bytes of UTF-16, without the terminating NUL.</summary>
        internal static int ByteLength(string s)
        {
            return s == null ? 0 : s.Length * 2;
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
                throw new WtsServerException(String.Format("Cannot open server '{0}': WTSOpenServerExW returned an invalid " +
                    "handle: {1}", serverName, ErrorCatalog.FromWin32(err == 0 ? 6 : err)),
                    ErrorCatalog.FromWin32(err == 0 ? 6 : err), null);
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
            get { return Environment.MachineName; }
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

        public void SendMessage(int sessionId, string title, string message, int timeoutSeconds)
        {
            int response;
            // TitleLength and MessageLength are in bytes.
            if (!NativeMethods.WTSSendMessageW(handle, sessionId, title, WtsMarshal.ByteLength(title), message,
                WtsMarshal.ByteLength(message),
                NativeHelpers.MB_OK | NativeHelpers.MB_ICONEXCLAMATION | NativeHelpers.MB_SETFOREGROUND, timeoutSeconds,
                out response, false))
                throw ApiException.FromWin32("WTSSendMessageW", Marshal.GetLastWin32Error());
        }

        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
