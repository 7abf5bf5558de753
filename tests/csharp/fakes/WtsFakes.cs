// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// A fake of the WTS API that behaves like wtsapi32 as documented: enumerate returns the sessions present at that
// moment, a logoff (bWait = FALSE) returns at once and the session goes away later on the FakeClock, calls on a
// missing session fail with 7022 (or with 2, see FakeWtsHost.GoneError), a session Windows is closing answers
// 7007, a remote server that cannot be reached fails at the first call (opening it "succeeds", as
// WTSOpenServerExW does).
//
// Field reports of the codes a closing session gives (danports/cassia, the C# WTS wrapper PSTerminalServices uses):
//   issue 68  https://github.com/danports/cassia/issues/68  WTSQuerySessionInformationW fails with 2
//             (ERROR_FILE_NOT_FOUND) when the sessions are listed again right after a logoff;
//   issue 36  https://github.com/danports/cassia/issues/36  and
//   issue 60  https://github.com/danports/cassia/issues/60  querying a session in state Down fails with 7007
//             (ERROR_CTX_CLOSE_PENDING, "A close operation is pending on the session").
// UNCONFIRMED: which code WTSLogoffSession gives for such a session; the fake answers them the
// same way as the query, and the engine must not rely on any one code.
using System;
using System.Collections.Generic;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace SessionCtl.Tests
{
    public class FakeWtsSession
    {
        public int Id;
        public string User;
        public string Domain;
        public string Name;
        public WtsConnectState State = WtsConnectState.Active;
        public string ClientName;
        /// <summary>Idle seconds at the fake clock's start; null leaves LastInputTime unset (0).</summary>
        public long? IdleSeconds = 10;
        public bool CurrentTimeUnset;
        /// <summary>Simulated seconds between the logoff call and the session going away.</summary>
        public double LogoffSeconds = 2;
        /// <summary>The logoff is accepted but the session never goes away.</summary>
        public bool NeverGoes;
        /// <summary>Win32 code WTSLogoffSession fails with (0 = succeeds).</summary>
        public int LogoffError;
        /// <summary>Win32 code WTSSendMessageW fails with.</summary>
        public int MessageError;
        /// <summary>Win32 code WTSQuerySessionInformationW fails with.</summary>
        public int QueryError;
        /// <summary>
        /// Windows is closing it (Cassia issues 36, 60): query, logoff and message fail with 7007
        /// (ERROR_CTX_CLOSE_PENDING) while it is still listed.
        /// </summary>
        public bool ClosePending;
        /// <summary>It goes away right after a call on it failed (the close finished).</summary>
        public bool VanishAfterFailedCall;
        /// <summary>Goes away on its own once this many enumerations have returned it (-1 = never).</summary>
        public int VanishAfterEnumerations = -1;
        /// <summary>
        /// Once listed this many times (0 = never), the user logs off and a new logon takes the same id: ReplacedBy's
        /// account (null: the same user logging on again), with a new logon time. WTS reuses session ids.
        /// </summary>
        public int ReplacedAfterEnumerations;
        public string ReplacedBy;
        /// <summary>Goes away on its own once its times have been queried this many times (0 = never).</summary>
        public int VanishAfterQueries;
        public int Queried;
        /// <summary>
        /// Seconds since the client last disconnected, at the fake clock's start (WTSINFO.DisconnectTime, "the most
        /// recent client disconnection time": a reconnected session keeps it). Null: 30 min for a disconnected
        /// session, unset (0) otherwise; DisconnectTimeUnset leaves it 0 whatever the state.
        /// </summary>
        public long? DisconnectedSeconds;
        public bool DisconnectTimeUnset;
        /// <summary>When the user logged on (WTSINFO.LogonTime); null: two hours before the fake clock's start.</summary>
        public DateTime? LogonAt;
        /// <summary>
        /// When its logoff has run LogoffSeconds, the session is not removed at once but stays listed in this state
        /// (down or reset, as Windows shows a session it is tearing down) for LingerSeconds more (-1 = for ever).
        /// </summary>
        public WtsConnectState? LingerState;
        public double LingerSeconds;
        /// <summary>While it lingers, the session is listed without its user.</summary>
        public bool LingerClearsUser;
        public DateTime? LingerFrom;

        public DateTime? GoneAt;
        public int Enumerated;
        public string MessageTitle;
        public string MessageText;

        public FakeWtsSession(int id, string domain, string user)
        {
            Id = id;
            Domain = domain;
            User = user;
            Name = user == null ? (id == 0 ? "Services" : "RDP-Tcp") : "RDP-Tcp#" + id;
        }

        public FakeWtsSession Clone()
        {
            return (FakeWtsSession)MemberwiseClone();
        }
    }

    public class FakeWtsHost
    {
        public readonly List<FakeWtsSession> Sessions = new List<FakeWtsSession>();
        /// <summary>Win32 code every call fails with (an unreachable server), 0 = reachable.</summary>
        public int Unreachable;
        /// <summary>Enumerations from this number on fail with EnumerateErrorCode (-1 = never).</summary>
        public int FailEnumerateFrom = -1;
        public int EnumerateErrorCode = 1726;
        /// <summary>
        /// The code a call on a session id that is no longer there fails with: 7022 (ERROR_CTX_WINSTATION_NOT_FOUND) or,
        /// as Cassia issue 68 reports right after a logoff, 2 (ERROR_FILE_NOT_FOUND).
        /// </summary>
        public int GoneError = 7022;
        /// <summary>Only these enumerations (1-based) fail with EnumerateErrorCode: a transient RPC error.</summary>
        public List<int> FailEnumerations = new List<int>();
        public int Enumerations;
        /// <summary>Runs when enumeration number MeanwhileAt (1-based) starts: what the users do meanwhile.</summary>
        public Action Meanwhile;
        public int MeanwhileAt;

        public FakeWtsHost Add(FakeWtsSession s)
        {
            Sessions.Add(s);
            return this;
        }

        public FakeWtsSession Find(int id)
        {
            return Sessions.Find(delegate(FakeWtsSession s) { return s.Id == id; });
        }

        /// <summary>The same settings and copies of the sessions.</summary>
        public FakeWtsHost Clone()
        {
            FakeWtsHost h = new FakeWtsHost
            {
                Unreachable = Unreachable,
                FailEnumerateFrom = FailEnumerateFrom,
                EnumerateErrorCode = EnumerateErrorCode,
                GoneError = GoneError,
                FailEnumerations = new List<int>(FailEnumerations),
                Enumerations = Enumerations,
            };
            foreach (FakeWtsSession s in Sessions)
                h.Sessions.Add(s.Clone());
            return h;
        }
    }

    public class FakeWtsApi : IWtsApi
    {
        public readonly FakeClock Clock;
        public readonly EventLog Log;
        public readonly Dictionary<string, FakeWtsHost> Hosts = new Dictionary<string, FakeWtsHost>();
        public int CurrentSession = 1;
        public int OpenHandles;
        public string LocalName = "HOST1";
        /// <summary>The DNS host name and the fully qualified DNS name (GetComputerNameExW); null when not known.</summary>
        public string LocalDns = "host1";
        public string LocalFqdnName = "host1.contoso.com";
        /// <summary>Names whose WTSOpenServerExW returns an invalid handle with this Win32 code (NativeWtsApi throws).</summary>
        public readonly Dictionary<string, int> OpenErrors = new Dictionary<string, int>();

        public FakeWtsApi(FakeClock clock)
        {
            Clock = clock;
            Log = new EventLog();
            clock.Log = Log;
            Hosts[""] = new FakeWtsHost();
        }

        public FakeWtsHost Local
        {
            get { return Hosts[""]; }
        }

        public FakeWtsHost Host(string name)
        {
            string key = name.ToLowerInvariant();
            if (!Hosts.ContainsKey(key))
                Hosts[key] = new FakeWtsHost();
            return Hosts[key];
        }

        public IWtsServer OpenServer(string serverName)
        {
            string key = String.IsNullOrEmpty(serverName) ? "" : serverName.ToLowerInvariant();
            Log.Add("open " + (key == "" ? "local" : key));
            int openError;
            if (OpenErrors.TryGetValue(key, out openError))
                throw new WtsServerException(String.Format("Cannot open server '{0}': WTSOpenServerExW returned an " +
                    "invalid handle: {1}", serverName, ErrorCatalog.FromWin32(openError)), ErrorCatalog.FromWin32(openError),
                    null);
            FakeWtsHost host;
            if (!Hosts.TryGetValue(key, out host))
            {
                // An unknown name: WTSOpenServerExW still returns a handle; the first call fails.
                host = new FakeWtsHost { Unreachable = 1722 };
            }
            OpenHandles++;
            return new FakeWtsServer(this, host, serverName);
        }

        public int GetCurrentSessionId()
        {
            return CurrentSession;
        }

        public string LocalComputerName
        {
            get { return LocalName; }
        }

        public string LocalDnsName
        {
            get { return LocalDns; }
        }

        public string LocalFqdn
        {
            get { return LocalFqdnName; }
        }

        /// <summary>The same sessions and settings on a fresh fake (for check mode against a real run).</summary>
        public FakeWtsApi Twin()
        {
            FakeWtsApi t = new FakeWtsApi(new FakeClock());
            t.CurrentSession = CurrentSession;
            t.LocalName = LocalName;
            t.LocalDns = LocalDns;
            t.LocalFqdnName = LocalFqdnName;
            foreach (KeyValuePair<string, FakeWtsHost> kv in Hosts)
                t.Hosts[kv.Key] = kv.Value.Clone();
            return t;
        }
    }

    public class FakeWtsServer : IWtsServer
    {
        private readonly FakeWtsApi api;
        private readonly FakeWtsHost host;
        private bool disposed;

        public string Name { get; private set; }

        public FakeWtsServer(FakeWtsApi api, FakeWtsHost host, string name)
        {
            this.api = api;
            this.host = host;
            Name = name;
        }

        private void Check(string op)
        {
            if (disposed)
                throw new ObjectDisposedException("server handle");
            if (host.Unreachable != 0)
                throw ApiException.FromWin32(op, host.Unreachable);
        }

        /// <summary>Removes the sessions whose logoff finished by now.</summary>
        private void Purge()
        {
            DateTime now = api.Clock.UtcNow;
            host.Sessions.RemoveAll(delegate(FakeWtsSession s) { return s.GoneAt.HasValue && s.GoneAt.Value <= now; });
        }

        private FakeWtsSession Present(int id, string op)
        {
            Purge();
            FakeWtsSession s = host.Find(id);
            if (s == null)
                throw ApiException.FromWin32(op, host.GoneError);
            return s;
        }

        /// <summary>A call on a session fails with this code; a session that finished closing then goes away.</summary>
        private ApiException Fail(FakeWtsSession s, string op, int code)
        {
            if (s.VanishAfterFailedCall)
                s.GoneAt = api.Clock.UtcNow;
            return ApiException.FromWin32(op, code);
        }

        private static int ErrorFor(FakeWtsSession s, int own)
        {
            return s.ClosePending ? 7007 : own;
        }

        public List<WtsSession> EnumerateSessions()
        {
            api.Log.Add("enumerate");
            Check("WTSEnumerateSessionsExW");
            host.Enumerations++;
            if (host.Meanwhile != null && host.Enumerations == host.MeanwhileAt)
                host.Meanwhile();
            if ((host.FailEnumerateFrom >= 0 && host.Enumerations >= host.FailEnumerateFrom) ||
                host.FailEnumerations.Contains(host.Enumerations))
                throw ApiException.FromWin32("WTSEnumerateSessionsExW", host.EnumerateErrorCode);
            Purge();
            // A session listed ReplacedAfterEnumerations times is replaced before this listing.
            List<FakeWtsSession> replaced = host.Sessions.FindAll(delegate(FakeWtsSession x)
            {
                return x.ReplacedAfterEnumerations > 0 && x.Enumerated == x.ReplacedAfterEnumerations;
            });
            foreach (FakeWtsSession s in replaced)
            {
                host.Sessions.Remove(s);
                FakeWtsSession n = s.Clone();
                n.User = s.ReplacedBy ?? s.User;
                n.LogonAt = api.Clock.UtcNow;
                n.ReplacedAfterEnumerations = 0;
                n.IdleSeconds = 0;
                host.Sessions.Add(n);
            }
            List<WtsSession> res = new List<WtsSession>();
            foreach (FakeWtsSession s in host.Sessions)
            {
                bool lingering = s.LingerFrom.HasValue && s.LingerFrom.Value <= api.Clock.UtcNow;
                res.Add(new WtsSession
                {
                    SessionId = s.Id,
                    State = lingering ? s.LingerState.Value : s.State,
                    SessionName = s.Name,
                    UserName = lingering && s.LingerClearsUser ? null : s.User,
                    DomainName = lingering && s.LingerClearsUser ? null : s.Domain,
                });
                s.Enumerated++;
                if (s.VanishAfterEnumerations >= 0 && s.Enumerated >= s.VanishAfterEnumerations)
                    s.GoneAt = api.Clock.UtcNow;
            }

            return res;
        }

        public WtsSessionTimes QuerySessionTimes(int sessionId)
        {
            api.Log.Add("query " + sessionId);
            Check("WTSQuerySessionInformationW");
            FakeWtsSession s = Present(sessionId, "WTSQuerySessionInformationW");
            if (ErrorFor(s, s.QueryError) != 0)
                throw Fail(s, "WTSQuerySessionInformationW", ErrorFor(s, s.QueryError));
            s.Queried++;
            if (s.VanishAfterQueries > 0 && s.Queried >= s.VanishAfterQueries)
                s.GoneAt = api.Clock.UtcNow;
            DateTime start = api.Clock.Start;
            return new WtsSessionTimes
            {
                SessionId = s.Id,
                State = s.State,
                UserName = s.User,
                Domain = s.Domain,
                LogonTime = s.User == null ? 0 : (s.LogonAt ?? start.AddHours(-2)).ToFileTimeUtc(),
                ConnectTime = s.User == null ? 0 : start.AddHours(-1).ToFileTimeUtc(),
                DisconnectTime = s.DisconnectTimeUnset ? 0 : s.DisconnectedSeconds.HasValue ?
                    start.AddSeconds(-s.DisconnectedSeconds.Value).ToFileTimeUtc() :
                    s.State == WtsConnectState.Disconnected ? start.AddMinutes(-30).ToFileTimeUtc() : 0,
                LastInputTime = s.IdleSeconds.HasValue ? start.AddSeconds(-s.IdleSeconds.Value).ToFileTimeUtc() : 0,
                CurrentTime = s.CurrentTimeUnset ? 0 : api.Clock.UtcNow.ToFileTimeUtc(),
            };
        }

        public string QueryClientName(int sessionId)
        {
            Check("WTSQuerySessionInformationW");
            FakeWtsSession c = Present(sessionId, "WTSQuerySessionInformationW");
            if (ErrorFor(c, c.QueryError) != 0)
                throw Fail(c, "WTSQuerySessionInformationW", ErrorFor(c, c.QueryError));
            return c.ClientName;
        }

        public void Logoff(int sessionId)
        {
            api.Log.Add("logoff " + sessionId);
            Check("WTSLogoffSession");
            FakeWtsSession s = Present(sessionId, "WTSLogoffSession");
            if (ErrorFor(s, s.LogoffError) != 0)
                throw Fail(s, "WTSLogoffSession", ErrorFor(s, s.LogoffError));
            if (s.NeverGoes || s.GoneAt.HasValue || s.LingerFrom.HasValue)
                return;
            DateTime done = api.Clock.UtcNow + TimeSpan.FromSeconds(s.LogoffSeconds);
            if (!s.LingerState.HasValue)
            {
                s.GoneAt = done;
                return;
            }
            s.LingerFrom = done;
            if (s.LingerSeconds >= 0)
                s.GoneAt = done + TimeSpan.FromSeconds(s.LingerSeconds);
        }

        public void Dispose()
        {
            if (!disposed)
                api.OpenHandles--;
            disposed = true;
            api.Log.Add("close");
        }
    }
}
