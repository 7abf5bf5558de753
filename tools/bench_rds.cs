// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Benchmark of the rds_logoff engine: 200 sessions whose logoff takes 50 ms of real time.
//   parallel:   the engine as shipped (every WTSLogoffSession started with bWait = FALSE, then polling); the
//               fake's sessions disappear 50 ms of wall time after their logoff was started.
//   sequential: the same engine against a fake whose logoff blocks for 50 ms (the bWait = TRUE style), so the
//               sessions are ended one at a time.
// bench-utils: _ErrorCatalog.cs _Common.cs _ActionReport.cs _AccessToken.cs _Rds.cs _RdsLogoff.cs
// Build by hand: mcs -langversion:5 -out:bench_rds.exe tools/bench_rds.cs plugins/module_utils/_ErrorCatalog.cs
//        plugins/module_utils/_Common.cs plugins/module_utils/_AccessToken.cs plugins/module_utils/_Rds.cs
//        plugins/module_utils/_RdsLogoff.cs ; mono bench_rds.exe
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoff;

namespace SessionCtl.Bench
{
    internal class BenchServer : IWtsServer
    {
        private readonly bool blocking;
        private readonly TimeSpan logoffTime;
        private readonly Stopwatch watch = Stopwatch.StartNew();
        private readonly Dictionary<int, TimeSpan> started = new Dictionary<int, TimeSpan>();
        private readonly SortedDictionary<int, string> sessions = new SortedDictionary<int, string>();

        public string Name { get; private set; }

        public BenchServer(int count, TimeSpan logoffTime, bool blocking)
        {
            this.logoffTime = logoffTime;
            this.blocking = blocking;
            for (int i = 1; i <= count; i++)
                sessions[i] = "user" + i.ToString(CultureInfo.InvariantCulture);
        }

        private void Purge()
        {
            TimeSpan now = watch.Elapsed;
            List<int> gone = new List<int>();
            foreach (KeyValuePair<int, TimeSpan> kv in started)
            {
                if (now - kv.Value >= logoffTime)
                    gone.Add(kv.Key);
            }
            foreach (int id in gone)
            {
                started.Remove(id);
                sessions.Remove(id);
            }
        }

        public List<WtsSession> EnumerateSessions()
        {
            Purge();
            List<WtsSession> res = new List<WtsSession>();
            foreach (KeyValuePair<int, string> kv in sessions)
            {
                res.Add(new WtsSession
                {
                    SessionId = kv.Key,
                    State = WtsConnectState.Active,
                    SessionName = "RDP-Tcp#" + kv.Key.ToString(CultureInfo.InvariantCulture),
                    UserName = kv.Value,
                    DomainName = "BENCH",
                });
            }
            return res;
        }

        /// <summary>WTSSessionInfo of a session still there: the same logon time every read (the engine checks each
        /// session again just before its logoff); a session that is gone answers ERROR_FILE_NOT_FOUND.</summary>
        public WtsSessionTimes QuerySessionTimes(int sessionId)
        {
            Purge();
            string user;
            if (!sessions.TryGetValue(sessionId, out user))
                throw ApiException.FromWin32("WTSQuerySessionInformationW", 2);
            WtsSessionTimes t = new WtsSessionTimes();
            t.SessionId = sessionId;
            t.State = WtsConnectState.Active;
            t.UserName = user;
            t.Domain = "BENCH";
            t.LogonTime = 132000000000000000L + sessionId;
            t.CurrentTime = DateTime.UtcNow.ToFileTimeUtc();
            t.LastInputTime = t.CurrentTime;
            return t;
        }

        public string QueryClientName(int sessionId)
        {
            return null;
        }

        public void Logoff(int sessionId)
        {
            Purge();
            if (!sessions.ContainsKey(sessionId))
                throw ApiException.FromWin32("WTSLogoffSession", 7022);
            if (blocking)
            {
                Thread.Sleep(logoffTime);
                sessions.Remove(sessionId);
            }
            else if (!started.ContainsKey(sessionId))
            {
                started[sessionId] = watch.Elapsed;
            }
        }

        public void Dispose()
        {
        }
    }

    internal class BenchApi : IWtsApi
    {
        private readonly BenchServer server;

        public BenchApi(BenchServer server)
        {
            this.server = server;
        }

        public IWtsServer OpenServer(string serverName)
        {
            return server;
        }

        public int GetCurrentSessionId()
        {
            return 0;
        }

        public string LocalComputerName
        {
            get { return "BENCH"; }
        }

        public string LocalDnsName
        {
            get { return "bench"; }
        }

        public string LocalFqdn
        {
            get { return null; }
        }
    }

    public static class Program
    {
        private const int Sessions = 200;

        private static double RunOnce(bool blocking)
        {
            BenchServer server = new BenchServer(Sessions, TimeSpan.FromMilliseconds(50), blocking);
            RdsLogoffEngine engine = new RdsLogoffEngine(new BenchApi(server), new SystemClock());
            Stopwatch sw = Stopwatch.StartNew();
            SessionReport report = engine.Run(new RdsLogoffRequest { All = true }, false);
            sw.Stop();
            int ended = report.Count(OutcomeKind.Ended);
            if (ended != Sessions)
                throw new InvalidOperationException(String.Format("expected {0} sessions logged off, got {1}: {2}",
                    Sessions, ended, report.Summary("session")));
            return sw.Elapsed.TotalSeconds;
        }

        public static void Main()
        {
            double parallel = RunOnce(false);
            double sequential = RunOnce(true);
            // The parallel time cannot be below one poll interval: the first poll (right after the last logoff
            // started) still sees every session, the next one RdsLogoffRequest.DefaultPollIntervalMs later does not.
            Console.WriteLine(String.Format(CultureInfo.InvariantCulture,
                "rds bench: {0} sessions, 50 ms logoff each, parallel {1:0.00} s (polling every {4} ms), " +
                "sequential {2:0.0} s, ratio {3:0.0}x",
                Sessions, parallel, sequential, sequential / parallel, RdsLogoffRequest.DefaultPollIntervalMs));
        }
    }
}
