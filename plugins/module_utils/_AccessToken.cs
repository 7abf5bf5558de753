// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The module's logon token: facts read with advapi32/secur32 (elevation type, Administrators membership, logon
// type, authentication package, impersonation level), and what every hint built on them shares (reading them,
// access denied, the fixes for a filtered administrator token). The administrator pre-check is in
// _AdminCheck.cs; the hints for a refused Remote Desktop call (local, or the double hop behind server:) are
// RdsHints in _Rds.cs. Internal to the collection; it may change without notice.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken
{
    // ------------------------------------------------------------------------------------------------
    // The module's logon token: what it can do, and what to tell the user when a call is refused.
    // ------------------------------------------------------------------------------------------------

    /// <summary>TOKEN_ELEVATION_TYPE (winnt.h; Win32 metadata Windows.Win32.Security), 0 when not read.</summary>
    public enum TokenElevationKind
    {
        Unknown = 0,
        /// <summary>TokenElevationTypeDefault: UAC does not split this token (UAC off, or no admin rights to filter).</summary>
        Default = 1,
        /// <summary>TokenElevationTypeFull: the elevated half of a split token.</summary>
        Full = 2,
        /// <summary>TokenElevationTypeLimited: the filtered half of a split token (Administrators deny-only).</summary>
        Limited = 3,
    }

    /// <summary>SECURITY_IMPERSONATION_LEVEL, or Primary for a primary token (the level only applies to impersonation tokens).</summary>
    public enum TokenImpersonationKind
    {
        Unknown = -2,
        Primary = -1,
        Anonymous = 0,
        Identification = 1,
        Impersonation = 2,
        Delegation = 3,
    }

    /// <summary>Whether the module's logon can authenticate to another host with the user's identity.</summary>
    public enum CredentialForwarding
    {
        Unknown,
        /// <summary>The logon holds credentials (interactive, batch, service, network-cleartext ...) or a delegation-level token.</summary>
        Yes,
        /// <summary>A network logon authenticated with NTLM, or an identification-level token: it has nothing to pass on.</summary>
        No,
        /// <summary>A network logon authenticated with Kerberos: it reaches another host only with Kerberos delegation.</summary>
        OnlyWithKerberosDelegation,
    }

    /// <summary>Facts about the token the module runs with. Null/Unknown where a fact could not be read.</summary>
    public class TokenFacts
    {
        public TokenElevationKind ElevationType { get; set; }
        /// <summary>TokenElevation.TokenIsElevated.</summary>
        public bool? IsElevated { get; set; }
        /// <summary>BUILTIN\Administrators (S-1-5-32-544) enabled in the token (CheckTokenMembership; a deny-only SID does not count).</summary>
        public bool? IsAdministrator { get; set; }
        /// <summary>NT AUTHORITY\Local account (S-1-5-113) in the token: a local, not a domain, account.</summary>
        public bool? IsLocalAccount { get; set; }
        public TokenImpersonationKind ImpersonationLevel { get; set; }
        /// <summary>SECURITY_LOGON_TYPE of the logon session (2 interactive, 3 network, 4 batch, 5 service, 8 network cleartext, 9 new credentials, 10 remote interactive, 11 cached interactive); 0 when not read.</summary>
        public int LogonType { get; set; }
        /// <summary>The package that authenticated the logon ("NTLM", "Kerberos", "Negotiate", ...), or null.</summary>
        public string AuthenticationPackage { get; set; }
        /// <summary>DOMAIN\user of the logon session, or null.</summary>
        public string UserName { get; set; }
        /// <summary>What could not be read, or null.</summary>
        public string ReadError { get; set; }

        public TokenFacts()
        {
            ImpersonationLevel = TokenImpersonationKind.Unknown;
        }

        public static TokenFacts Unknown(string why)
        {
            TokenFacts f = new TokenFacts();
            f.ReadError = why;
            return f;
        }

        public CredentialForwarding Forwarding
        {
            get
            {
                if (ImpersonationLevel == TokenImpersonationKind.Delegation)
                    return CredentialForwarding.Yes;
                if (ImpersonationLevel == TokenImpersonationKind.Identification ||
                    ImpersonationLevel == TokenImpersonationKind.Anonymous)
                    return CredentialForwarding.No;
                switch (LogonType)
                {
                    case 2: case 4: case 5: case 7: case 8: case 9: case 10: case 11:
                        return CredentialForwarding.Yes;
                    case 3:
                        if (String.Equals(AuthenticationPackage, "NTLM", StringComparison.OrdinalIgnoreCase))
                            return CredentialForwarding.No;
                        if (String.Equals(AuthenticationPackage, "Kerberos", StringComparison.OrdinalIgnoreCase))
                            return CredentialForwarding.OnlyWithKerberosDelegation;
                        return CredentialForwarding.Unknown;
                    default:
                        return CredentialForwarding.Unknown;
                }
            }
        }

        public static string LogonTypeName(int logonType)
        {
            switch (logonType)
            {
                case 2: return "interactive";
                case 3: return "network";
                case 4: return "batch";
                case 5: return "service";
                case 7: return "unlock";
                case 8: return "network cleartext";
                case 9: return "new credentials";
                case 10: return "remote interactive";
                case 11: return "cached interactive";
                default: return "unknown";
            }
        }

        /// <summary>"network logon, NTLM, elevation type limited" - the facts the hints quote.</summary>
        public string Describe()
        {
            List<string> parts = new List<string>();
            if (UserName != null)
                parts.Add(UserName);
            if (LogonType != 0)
                parts.Add(LogonTypeName(LogonType) + " logon" + (AuthenticationPackage == null ? "" : " via " + AuthenticationPackage));
            if (ElevationType != TokenElevationKind.Unknown)
                parts.Add("elevation type " + ElevationType.ToString().ToLowerInvariant());
            if (IsAdministrator.HasValue)
                parts.Add(IsAdministrator.Value ? "Administrators enabled" : "Administrators not enabled");
            if (ImpersonationLevel >= TokenImpersonationKind.Anonymous)
                parts.Add("impersonation level " + ImpersonationLevel.ToString().ToLowerInvariant());
            return parts.Count == 0 ? "token not readable" : String.Join(", ", parts.ToArray());
        }
    }

    /// <summary>Reads the facts of the token the module runs with.</summary>
    public interface IAccessToken
    {
        /// <summary>Throws ApiException when the token cannot be read.</summary>
        TokenFacts Read();
    }

    /// <summary>
    /// Turns token facts and a failed call's code into a message that names the cause and the fixes. Pure functions:
    /// engines and runners call them, the tests drive them with hand-made facts.
    /// </summary>
    public static class PrivilegeHints
    {
        public const string UacRemoteRestrictionsUrl =
            "https://learn.microsoft.com/troubleshoot/windows-server/windows-security/user-account-control-and-remote-restriction";
        public const string BecomeUrl =
            "https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_privilege_escalation.html#become-and-windows";

        /// <summary>
        /// Tests (the whole-module harness) put a fake token here; every engine and runner that has no token of its own
        /// then reads this one. Null in production.
        /// </summary>
        public static IAccessToken TokenOverride { get; set; }

        /// <summary>
        /// The token a runner or engine reads: TokenOverride when a test set one, else NativeAccessToken on the real
        /// Windows API (native = true), else null (a fake API without a token: facts unknown, no check).
        /// </summary>
        public static IAccessToken TokenFor(bool native)
        {
            IAccessToken t = TokenOverride;
            if (t != null)
                return t;
            return native ? new NativeAccessToken() : null;
        }

        /// <summary>Reads the facts, never throws: a token that cannot be read gives Unknown facts.</summary>
        public static TokenFacts ReadOrUnknown(IAccessToken token)
        {
            if (token == null)
                return TokenFacts.Unknown("no token reader");
            try
            {
                TokenFacts f = token.Read();
                return f == null ? TokenFacts.Unknown("no facts") : f;
            }
            catch (Exception e)
            {
                return TokenFacts.Unknown(e.Message);
            }
        }

        /// <summary>ERROR_ACCESS_DENIED in any form: 5, HRESULT 0x80070005, WBEM_E_ACCESS_DENIED, ERROR_CTX_WINSTATION_ACCESS_DENIED.</summary>
        public static bool IsAccessDenied(ErrorInfo e)
        {
            if (e == null)
                return false;
            return e.Code == 5 || e.Win32Code == 5 || e.Code == 0x80041003L || e.Code == 7045;
        }

        /// <summary>The ways to get a full administrator token, for the hints that need one.</summary>
        public static string AdministratorFixes()
        {
            return "Fix it in one of these ways: for a local account reached over WinRM, PSRP or SSH, set " +
                "LocalAccountTokenFilterPolicy = 1 (DWORD) under " +
                "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System (" + UacRemoteRestrictionsUrl +
                "); connect with a domain account that is a member of the host's Administrators group; or run the " +
                "task with become (become: true, become_method: runas, become_user: an administrator), which asks " +
                "for the full token (Ansible gets it when the account may elevate and holds SeDebugPrivilege: " +
                BecomeUrl + ").";
        }

    }

    /// <summary>The token of the calling thread (when it impersonates) or of the process, read with advapi32/secur32.</summary>
    public class NativeAccessToken : IAccessToken
    {
        public TokenFacts Read()
        {
            TokenFacts f = new TokenFacts();
            using (TokenNative.SafeTokenHandle token = TokenNative.OpenEffectiveToken())
            {
                f.ElevationType = (TokenElevationKind)TokenNative.QueryInt32(token, TokenNative.TokenElevationType);
                f.IsElevated = TokenNative.QueryInt32(token, TokenNative.TokenElevation) != 0;
                byte[] stats = TokenNative.Query(token, TokenNative.TokenStatistics);
                int tokenType = BitConverter.ToInt32(stats, 24);
                f.ImpersonationLevel = tokenType == 1 ? TokenImpersonationKind.Primary
                    : (TokenImpersonationKind)BitConverter.ToInt32(stats, 28);
                long luid = BitConverter.ToInt64(stats, 8);
                try
                {
                    TokenNative.ReadLogonSession(luid, f);
                }
                catch (ApiException e)
                {
                    f.ReadError = e.Message;
                }
            }
            f.IsAdministrator = TokenNative.IsMember(TokenNative.WinBuiltinAdministratorsSid);
            try
            {
                f.IsLocalAccount = TokenNative.IsMember(TokenNative.WinLocalAccountSid);
            }
            catch (ApiException)
            {
                // S-1-5-113 exists from Windows 8.1 / Server 2012 R2 on.
                f.IsLocalAccount = null;
            }
            return f;
        }
    }

    /// <summary>
    /// advapi32 / secur32 declarations, checked against Microsoft's Win32 metadata (Windows.Win32.Security,
    /// Windows.Win32.Security.Authentication.Identity, Windows.Win32.System.Threading): TOKEN_QUERY 8;
    /// TokenStatistics 10 (TOKEN_STATISTICS, 56 bytes: AuthenticationId LUID @8, TokenType @24, ImpersonationLevel
    /// @28); TokenElevationType 18; TokenElevation 20; WinBuiltinAdministratorsSid 26; WinLocalAccountSid 105;
    /// SECURITY_LOGON_SESSION_DATA x64: UserName @16, LogonDomain @32, AuthenticationPackage @48 (LSA_UNICODE_STRING:
    /// USHORT Length, USHORT MaximumLength, PWSTR Buffer @+8), LogonType @64; x86: @12, @20, @28 (Buffer @+4), @36.
    /// </summary>
    internal static class TokenNative
    {
        public const int TOKEN_QUERY = 8;
        public const int TokenStatistics = 10;
        public const int TokenElevationType = 18;
        public const int TokenElevation = 20;
        public const int WinBuiltinAdministratorsSid = 26;
        public const int WinLocalAccountSid = 105;
        public const int ERROR_NO_TOKEN = 1008;
        public const int SECURITY_MAX_SID_SIZE = 68;

        internal sealed class SafeTokenHandle : SafeHandleZeroOrMinusOneIsInvalid
        {
            public SafeTokenHandle()
                : base(true)
            {
            }

            protected override bool ReleaseHandle()
            {
                return CloseHandle(handle);
            }
        }

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool CloseHandle(IntPtr hObject);

        [DllImport("kernel32.dll")]
        private static extern IntPtr GetCurrentProcess();

        [DllImport("kernel32.dll")]
        private static extern IntPtr GetCurrentThread();

        [DllImport("advapi32.dll", SetLastError = true)]
        private static extern bool OpenProcessToken(IntPtr ProcessHandle, int DesiredAccess, out SafeTokenHandle TokenHandle);

        [DllImport("advapi32.dll", SetLastError = true)]
        private static extern bool OpenThreadToken(IntPtr ThreadHandle, int DesiredAccess, bool OpenAsSelf,
            out SafeTokenHandle TokenHandle);

        [DllImport("advapi32.dll", SetLastError = true)]
        private static extern bool GetTokenInformation(SafeTokenHandle TokenHandle, int TokenInformationClass,
            byte[] TokenInformation, int TokenInformationLength, out int ReturnLength);

        [DllImport("advapi32.dll", SetLastError = true)]
        private static extern bool CreateWellKnownSid(int WellKnownSidType, IntPtr DomainSid, byte[] pSid, ref int cbSid);

        [DllImport("advapi32.dll", SetLastError = true)]
        private static extern bool CheckTokenMembership(IntPtr TokenHandle, byte[] SidToCheck, out bool IsMember);

        [DllImport("secur32.dll")]
        private static extern int LsaGetLogonSessionData(ref long LogonId, out IntPtr ppLogonSessionData);

        [DllImport("secur32.dll")]
        private static extern int LsaFreeReturnBuffer(IntPtr Buffer);

        [DllImport("advapi32.dll")]
        private static extern int LsaNtStatusToWinError(int Status);

        internal static SafeTokenHandle OpenEffectiveToken()
        {
            SafeTokenHandle h;
            if (OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, true, out h))
                return h;
            int err = Marshal.GetLastWin32Error();
            h.Dispose();
            if (err != ERROR_NO_TOKEN)
                throw ApiException.FromWin32("OpenThreadToken", err);
            if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, out h))
            {
                err = Marshal.GetLastWin32Error();
                h.Dispose();
                throw ApiException.FromWin32("OpenProcessToken", err);
            }
            return h;
        }

        internal static byte[] Query(SafeTokenHandle token, int cls)
        {
            int needed;
            GetTokenInformation(token, cls, null, 0, out needed);
            if (needed <= 0)
                needed = 64;
            byte[] buf = new byte[needed];
            if (!GetTokenInformation(token, cls, buf, buf.Length, out needed))
                throw ApiException.FromWin32(String.Format(CultureInfo.InvariantCulture, "GetTokenInformation({0})", cls),
                    Marshal.GetLastWin32Error());
            return buf;
        }

        internal static int QueryInt32(SafeTokenHandle token, int cls)
        {
            return BitConverter.ToInt32(Query(token, cls), 0);
        }

        internal static bool IsMember(int wellKnownSid)
        {
            byte[] sid = new byte[SECURITY_MAX_SID_SIZE];
            int size = sid.Length;
            if (!CreateWellKnownSid(wellKnownSid, IntPtr.Zero, sid, ref size))
                throw ApiException.FromWin32("CreateWellKnownSid", Marshal.GetLastWin32Error());
            bool member;
            // A NULL token: the calling thread's impersonation token, or a duplicate of the process token.
            if (!CheckTokenMembership(IntPtr.Zero, sid, out member))
                throw ApiException.FromWin32("CheckTokenMembership", Marshal.GetLastWin32Error());
            return member;
        }

        /// <summary>
        /// SECURITY_LOGON_SESSION_DATA offsets for a pointer size p: UserName, LogonDomain, AuthenticationPackage,
        /// LogonType, and Buffer in an LSA_UNICODE_STRING (2p bytes: 8, Buffer @4 in a 32-bit process; 16, @8 in 64-bit).
        /// </summary>
        internal static int[] LogonSessionLayout(int p)
        {
            int o = p == 8 ? 16 : 12;
            return new int[] { o, o + 2 * p, o + 4 * p, o + 6 * p, p };
        }

        internal static void ReadLogonSession(long luid, TokenFacts f)
        {
            IntPtr data;
            int status = LsaGetLogonSessionData(ref luid, out data);
            if (status != 0)
                throw ApiException.FromWin32("LsaGetLogonSessionData", LsaNtStatusToWinError(status));
            try
            {
                if (data != IntPtr.Zero)
                    ParseLogonSession(data, IntPtr.Size, f);
            }
            finally
            {
                if (data != IntPtr.Zero)
                    LsaFreeReturnBuffer(data);
            }
        }

        internal static void ParseLogonSession(IntPtr data, int p, TokenFacts f)
        {
            int[] o = LogonSessionLayout(p);
            f.LogonType = Marshal.ReadInt32(data, o[3]);
            f.AuthenticationPackage = LsaString(data, o[2], p);
            string user = LsaString(data, o[0], p);
            string domain = LsaString(data, o[1], p);
            if (!String.IsNullOrEmpty(user))
                f.UserName = String.IsNullOrEmpty(domain) ? user : domain + "\\" + user;
        }

        private static string LsaString(IntPtr p, int offset, int b)
        {
            int bytes = Marshal.ReadInt16(p, offset) & 0xFFFF;
            IntPtr buffer = Marshal.ReadIntPtr(p, offset + b);
            if (bytes == 0 || buffer == IntPtr.Zero)
                return null;
            return Marshal.PtrToStringUni(buffer, bytes / 2);
        }
    }
}
