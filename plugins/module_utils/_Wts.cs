// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Remote Desktop (WTS) sessions, the part rds_session_info and rds_logoff share: the session model, the
// IWtsApi seam, selection helpers, the hints for refused calls, and NativeWtsApi (the wtsapi32
// translation). Listing is in _WtsList.cs, logging off in _WtsLogoff.cs, so each module compiles only
// its own engine. Internal to the collection; it may change without notice.
//
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

        /// <summary>This host's DNS host name (longer than the NetBIOS name, which has at most 15 characters), or null.</summary>
        string LocalDnsName { get; }
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
        public static bool IsLocalServer(string server, IWtsApi api)
        {
            return IsLocalServer(server, api.LocalComputerName) || (api.LocalDnsName != null &&
                IsLocalServer(server, api.LocalDnsName));
        }

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
            // Unset is null (FromParams); an explicit "" is an error, not the local host (an empty variable must not
            // turn a task meant for another host into one on this host).
            if (server != null && (server.Length == 0 || NormalizeServer(server).Length == 0))
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
    /// another host, the double-hop hint (RemoteCallHint) for access denied and RPC errors; locally, the
    /// administrator hint for access denied (AccessDeniedHint). The static functions are pure: the tests drive them
    /// with hand-made facts.
    /// </summary>
    public class WtsHints
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
            string remoteNeeds = String.Format("{0} must also accept the call: the account needs Remote Desktop Services " +
                "permissions there (an administrator has them), Remote Desktop Services must run there, and the " +
                "firewall must let RPC over SMB (TCP 445) through; or run the task on {0} itself (its own inventory " +
                "entry, or delegate_to) and leave server out.", target);
            if (fw == CredentialForwarding.Yes)
                return String.Format("Hint: the call to {0} was refused or could not be made although the module's logon " +
                    "({1}) can authenticate to other hosts. {2}", target, f.Describe(), remoteNeeds);
            string why;
            if (fw == CredentialForwarding.No)
                why = "cannot pass credentials on to another host (the double hop)";
            else if (fw == CredentialForwarding.OnlyWithKerberosDelegation)
                why = "reaches another host only if Kerberos delegation is allowed for it (the double hop)";
            else
                why = "may not be able to pass credentials on to another host (the double hop)";
            return String.Format("Hint: the module's logon ({0}) {1}: over WinRM or PSRP with NTLM, or Kerberos without " +
                "delegation, and over SSH with key authentication, it has no credentials to present to {2}, which then " +
                "answers with access denied or an RPC error even when the account is an administrator there. Fix it in " +
                "one of these ways: run the task with become (become: true, become_method: runas, become_user: the " +
                "account), which logs on with credentials; connect with CredSSP (ansible_winrm_transport: credssp, or " +
                "ansible_psrp_auth: credssp); or use Kerberos with delegation (ansible_winrm_kerberos_delegation: true, or " +
                "ansible_psrp_negotiate_delegate: true, with a forwardable ticket; over SSH, GSSAPI with " +
                "GSSAPIDelegateCredentials=yes, or password authentication). See {3} and {4}. {5}",
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

        public string LocalDnsName
        {
            get { return System.Net.Dns.GetHostName(); }
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
