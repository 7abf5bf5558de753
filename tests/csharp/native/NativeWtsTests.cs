// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// NativeWtsApi / NativeWtsServer, unmodified, against libWtsapi32.so and libkernel32.so (tests/native): the
// buffers they read are laid out as Windows x64 lays them out, and the fake checks that each is freed once by its
// matching function (WTSFreeMemoryExW(WTSTypeSessionInfoLevel1, p, count) for WTSEnumerateSessionsExW,
// WTSFreeMemory for WTSQuerySessionInformationW), that every server handle is closed, and that no parameter is
// out of place. Then RdsLogoffEngine and RdsSessionInfoEngine run on top of them for the main scenarios.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfo;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoff;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class NativeWtsTests
    {
        private const int Active = 0;
        private const int Disconnected = 4;
        private const int Listen = 6;
        private static readonly DateTime Now = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            WtsMemory.FreeOverride = null;
            WtsFake.Reset();
            Kernel32Fake.Reset();
            Kernel32Fake.SetSessionId(1);
            Kernel32Fake.SetComputerName(0, "RDSH-PRODUCTION");
            Kernel32Fake.SetComputerName(1, "rdsh-production-01");
            Kernel32Fake.SetComputerName(3, "rdsh-production-01.contoso.com");
        }

        [TearDown]
        public void TearDown()
        {
            // Buffers still held by SafeHandles nobody disposed would be freed by the finalizer, too late: collect
            // nothing here, so a missing Dispose shows as a leak.
            WtsFake.AssertClean();
            Kernel32Fake.AssertClean();
        }

        private static long Ft(DateTime t)
        {
            return t.ToFileTimeUtc();
        }

        /// <summary>0 services, 1 the module's own (CONTOSO\admin), 2 CONTOSO\alice active, 3 CONTOSO\bob
        /// disconnected, 65536 the RDP-Tcp listener; on server (null = this host).</summary>
        private static void Standard(string server)
        {
            WtsFake.AddSession(server, 0, Disconnected, "Services", null, null, "", "", "");
            WtsFake.AddSession(server, 1, Active, "RDP-Tcp#1", "admin", "CONTOSO", "ADMINPC-H", "", "ADMINPC");
            WtsFake.AddSession(server, 2, Active, "RDP-Tcp#2", "alice", "CONTOSO", "HOST2", "FARM-A", "LAPTOP1");
            WtsFake.AddSession(server, 3, Disconnected, "", "bob", "CONTOSO", "HOST3", "", "");
            WtsFake.AddSession(server, 65536, Listen, "RDP-Tcp", null, null, "", "", "");
            WtsFake.SetTimes(server, 2, Ft(Now.AddHours(-2)), 0, Ft(Now.AddSeconds(-40)), Ft(Now.AddHours(-3)), Ft(Now));
            WtsFake.SetTimes(server, 3, Ft(Now.AddHours(-5)), Ft(Now.AddHours(-4)), Ft(Now.AddHours(-4)),
                Ft(Now.AddHours(-6)), Ft(Now));
        }

        private static WtsSession Find(List<WtsSession> list, int id)
        {
            foreach (WtsSession s in list)
            {
                if (s.SessionId == id)
                    return s;
            }
            return null;
        }

        // ------------------------------------------------------------------ the native layer

        [Test]
        public void EnumerateReadsEveryPointerFieldOfWtsSessionInfo1()
        {
            WtsFake.AddSession(null, 7, Disconnected, "RDP-Tcp#7", "carol", "FABRIKAM", "HOST7", "FARM7", "");
            List<WtsSession> got;
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
                got = srv.EnumerateSessions();
            Assert.AreEqual(1, got.Count);
            WtsSession s = got[0];
            Assert.AreEqual(7, s.SessionId);
            Assert.AreEqual(WtsConnectState.Disconnected, s.State);
            Assert.AreEqual("RDP-Tcp#7", s.SessionName);
            Assert.AreEqual("HOST7", s.HostName);
            Assert.AreEqual("carol", s.UserName);
            Assert.AreEqual("FABRIKAM", s.DomainName);
            Assert.AreEqual("FARM7", s.FarmName);
        }

        [Test]
        public void EnumerateFreesTheArrayWithFreeMemoryExSessionInfoLevel1AndItsCount()
        {
            Standard(null);
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
                Assert.AreEqual(5, srv.EnumerateSessions().Count);
            Assert.AreEqual(1, WtsFake.FreeExCalls(), WtsFake.Calls);
            Assert.AreEqual(2 /* WTSTypeSessionInfoLevel1 */, WtsFake.LastFreeClass());
            StringAssert.Contains("WTSFreeMemoryExW(2, ", WtsFake.Calls);
            StringAssert.Contains(", 5)", WtsFake.Calls);
            Assert.AreEqual(0, WtsFake.FreeCalls());
        }

        [Test]
        public void EnumerateWithoutUserGivesNullNames()
        {
            Standard(null);
            List<WtsSession> got;
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
                got = srv.EnumerateSessions();
            WtsSession listener = Find(got, 65536);
            Assert.IsNotNull(listener);
            Assert.AreEqual(WtsConnectState.Listen, listener.State);
            Assert.IsNull(listener.UserName);
            Assert.IsNull(listener.DomainName);
            Assert.IsFalse(listener.HasUser);
            Assert.AreEqual("CONTOSO\\bob", Find(got, 3).QualifiedUser);
            Assert.IsNull(Find(got, 3).SessionName, "an empty session name reads as null");
        }

        /// <summary>The fake itself: freed memory reads as 0xDD (a use after free shows), a second free and a free
        /// with the wrong type class are recorded as caller bugs.</summary>
        [Test]
        public void FakeWtsPoisonsFreedMemoryAndRecordsDoubleAndWrongFrees()
        {
            WtsFake.AddSession(null, 7, Active, "RDP-Tcp#7", "carol", "FABRIKAM", "HOST7", "FARM7", "");
            int level = 1, count;
            SafeWtsSessionInfo1Buffer buffer;
            Assert.IsTrue(NativeMethods.WTSEnumerateSessionsExW(SafeWtsServerHandle.CurrentServer(), ref level, 0,
                out buffer, out count));
            buffer.Count = count;
            IntPtr p = buffer.Pointer;
            IntPtr user = Marshal.ReadIntPtr(p, 32);
            Assert.AreEqual("carol", Marshal.PtrToStringUni(user));
            Assert.IsFalse(NativeMethods.WTSFreeMemoryExW(NativeHelpers.WtsTypeClass.WTSTypeProcessInfoLevel1, p, count));
            Assert.AreEqual(87, Marshal.GetLastWin32Error());
            StringAssert.Contains("not WTSTypeSessionInfoLevel1", WtsFake.Violations);
            Assert.AreEqual(6, WtsFake.Outstanding(), "the array and its five strings: with the wrong class nothing is freed");
            buffer.Dispose();
            Assert.AreEqual(0, WtsFake.Outstanding());
            Assert.AreEqual(0xDD, Marshal.ReadByte(p, 8), "the entry is poisoned");
            Assert.AreEqual(0xDD, Marshal.ReadByte(user), "its string is poisoned");
            NativeMethods.WTSFreeMemoryExW(NativeHelpers.WtsTypeClass.WTSTypeSessionInfoLevel1, p, count);
            StringAssert.Contains("freed twice", WtsFake.Violations);
            WtsFake.Reset();
        }

        [Test]
        public void EnumerateManySessions()
        {
            for (int i = 1; i <= 200; i++)
                WtsFake.AddSession(null, i, Active, "RDP-Tcp#" + i, "user" + i, "CONTOSO", "H" + i, "", "");
            List<WtsSession> got;
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
                got = srv.EnumerateSessions();
            Assert.AreEqual(200, got.Count);
            for (int i = 1; i <= 200; i++)
            {
                WtsSession s = Find(got, i);
                Assert.AreEqual("user" + i, s.UserName);
                Assert.AreEqual("H" + i, s.HostName);
            }
        }

        [Test]
        public void EnumerateOnAnEmptyServerFreesTheEmptyBuffer()
        {
            WtsFake.AddServer("EMPTY01");
            using (IWtsServer srv = new NativeWtsApi().OpenServer("EMPTY01"))
                Assert.AreEqual(0, srv.EnumerateSessions().Count);
        }

        [Test]
        public void LocalServerUsesTheCurrentServerHandleAndNeverClosesIt()
        {
            Standard(null);
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
                srv.EnumerateSessions();
            StringAssert.DoesNotContain("WTSOpenServerExW", WtsFake.Calls);
            StringAssert.DoesNotContain("WTSCloseServer", WtsFake.Calls);
            StringAssert.Contains("WTSEnumerateSessionsExW((nil), level=1, filter=0)", WtsFake.Calls);
        }

        [Test]
        public void RemoteServerHandleIsClosedOnce()
        {
            Standard("RDS01");
            using (IWtsServer srv = new NativeWtsApi().OpenServer("RDS01"))
            {
                Assert.AreEqual("RDS01", srv.Name);
                Assert.AreEqual(5, srv.EnumerateSessions().Count);
                Assert.AreEqual(1, WtsFake.OpenHandles());
            }
            StringAssert.Contains("WTSOpenServerExW(RDS01)", WtsFake.Calls);
            StringAssert.Contains("WTSCloseServer(", WtsFake.Calls);
        }

        [Test]
        public void UnreachableServerFailsAtTheFirstCallWith1722()
        {
            using (IWtsServer srv = new NativeWtsApi().OpenServer("GONE01"))
            {
                ApiException e = Assert.Throws<ApiException>(delegate { srv.EnumerateSessions(); });
                Assert.AreEqual(1722, e.Error.Code);
                Assert.AreEqual("RPC_S_SERVER_UNAVAILABLE", e.Error.Name);
                StringAssert.Contains("WTSEnumerateSessionsExW", e.Message);
            }
        }

        [Test]
        public void EnumerateAccessDeniedCarriesTheCode()
        {
            Standard(null);
            WtsFake.Fail("WTSEnumerateSessionsExW", -1, 5, 1, 0);
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
            {
                ApiException e = Assert.Throws<ApiException>(delegate { srv.EnumerateSessions(); });
                Assert.AreEqual(5, e.Error.Code);
                Assert.AreEqual("ERROR_ACCESS_DENIED", e.Error.Name);
                // The next call works again: nothing was left allocated by the failed one.
                Assert.AreEqual(5, srv.EnumerateSessions().Count);
            }
        }

        [Test]
        public void OpenServerFailureIsAnInvalidHandleWithTheLastError()
        {
            WtsFake.Fail("WTSOpenServerExW", -1, 1722, 1, 0);
            WtsServerException e = Assert.Throws<WtsServerException>(delegate { new NativeWtsApi().OpenServer("RDS09"); });
            Assert.AreEqual(1722, e.Error.Code);
            StringAssert.Contains("RDS09", e.Message);
        }

        [Test]
        public void OpenServerFailureWithoutLastErrorIsInvalidHandle()
        {
            WtsFake.Fail("WTSOpenServerExW", -1, 0, 1, 0);
            WtsServerException e = Assert.Throws<WtsServerException>(delegate { new NativeWtsApi().OpenServer("RDS09"); });
            Assert.AreEqual(6, e.Error.Code);
        }

        [Test]
        public void QuerySessionTimesReadsWtsInfoAndFreesItWithFreeMemory()
        {
            Standard(null);
            WtsSessionTimes t;
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
                t = srv.QuerySessionTimes(3);
            Assert.AreEqual(3, t.SessionId);
            Assert.AreEqual(WtsConnectState.Disconnected, t.State);
            Assert.AreEqual("bob", t.UserName);
            Assert.AreEqual("CONTOSO", t.Domain);
            Assert.AreEqual(Ft(Now.AddHours(-5)), t.ConnectTime);
            Assert.AreEqual(Ft(Now.AddHours(-4)), t.DisconnectTime);
            Assert.AreEqual(Ft(Now.AddHours(-4)), t.LastInputTime);
            Assert.AreEqual(Ft(Now.AddHours(-6)), t.LogonTime);
            Assert.AreEqual(Ft(Now), t.CurrentTime);
            Assert.AreEqual(4 * 3600, WtsUtil.IdleSeconds(t));
            Assert.AreEqual(1, WtsFake.FreeCalls());
            Assert.AreEqual(-1, WtsFake.LastFreeClass(), "the WTSSessionInfo buffer goes back through WTSFreeMemory");
            StringAssert.Contains("WTSQuerySessionInformationW((nil), 3, 24)", WtsFake.Calls);
        }

        [Test]
        public void QueryClientNameReadsTheStringAndFreesIt()
        {
            Standard(null);
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
            {
                Assert.AreEqual("LAPTOP1", srv.QueryClientName(2));
                Assert.AreEqual("", srv.QueryClientName(3), "no client name: 2 bytes, the terminator only");
            }
            Assert.AreEqual(2, WtsFake.FreeCalls());
            StringAssert.Contains("WTSQuerySessionInformationW((nil), 2, 10)", WtsFake.Calls);
        }

        [TestCase(7022u, "ERROR_CTX_WINSTATION_NOT_FOUND")]
        [TestCase(2u, "ERROR_FILE_NOT_FOUND")]
        [TestCase(7007u, "ERROR_CTX_CLOSE_PENDING")]
        [TestCase(5u, "ERROR_ACCESS_DENIED")]
        public void QueryFailureCarriesTheCodeAndAllocatesNothing(uint code, string name)
        {
            Standard(null);
            WtsFake.Fail("WTSQuerySessionInformationW", 2, code, 1, 0);
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
            {
                ApiException e = Assert.Throws<ApiException>(delegate { srv.QuerySessionTimes(2); });
                Assert.AreEqual((long)code, e.Error.Code);
                Assert.AreEqual(name, e.Error.Name);
                StringAssert.Contains("WTSQuerySessionInformationW(WTSSessionInfo)", e.Message);
            }
        }

        [Test]
        public void QueryOnAMissingSessionIs7022()
        {
            Standard(null);
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
            {
                ApiException e = Assert.Throws<ApiException>(delegate { srv.QueryClientName(42); });
                Assert.AreEqual(7022, e.Error.Code);
            }
        }

        [Test]
        public void LogoffDoesNotWaitAndEndsTheSession()
        {
            Standard(null);
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
                srv.Logoff(2);
            StringAssert.Contains("WTSLogoffSession((nil), 2, 0)", WtsFake.Calls);
            Assert.AreEqual(4, WtsFake.SessionCount(null));
        }

        [TestCase(5u)]
        [TestCase(7022u)]
        [TestCase(7007u)]
        public void LogoffFailureCarriesTheLastError(uint code)
        {
            Standard(null);
            WtsFake.Fail("WTSLogoffSession", 2, code, 1, 0);
            using (IWtsServer srv = new NativeWtsApi().OpenServer(null))
            {
                ApiException e = Assert.Throws<ApiException>(delegate { srv.Logoff(2); });
                Assert.AreEqual((long)code, e.Error.Code);
            }
        }

        [Test]
        public void LocalNamesComeFromGetComputerNameExW()
        {
            NativeWtsApi api = new NativeWtsApi();
            Assert.AreEqual("RDSH-PRODUCTION", api.LocalComputerName);
            Assert.AreEqual("rdsh-production-01", api.LocalDnsName);
            Assert.AreEqual("rdsh-production-01.contoso.com", api.LocalFqdn);
            Assert.IsTrue(WtsUtil.IsLocalServer("RDSH-PRODUCTION-01.CONTOSO.COM.", api));
            Assert.IsFalse(WtsUtil.IsLocalServer("rdsh-production.contoso.com", api));
            Assert.IsFalse(WtsUtil.IsLocalServer("rdsh-production-01.fabrikam.com", api));
            // A name longer than the buffer: ERROR_MORE_DATA, the name is not known, nothing is taken as this host.
            Kernel32Fake.SetComputerName(3, new string('a', 255));
            Assert.AreEqual(new string('a', 255), api.LocalFqdn);
            Kernel32Fake.SetComputerName(1, "");
            Assert.AreEqual("", api.LocalDnsName);
            Assert.IsFalse(WtsUtil.IsLocalServer("rdsh-production-01", api));
        }

        [Test]
        public void CurrentSessionIdComesFromProcessIdToSessionId()
        {
            Kernel32Fake.SetSessionId(9);
            Assert.AreEqual(9, new NativeWtsApi().GetCurrentSessionId());
            Kernel32Fake.Fail("ProcessIdToSessionId", -1, 5, 1, 0);
            ApiException e = Assert.Throws<ApiException>(delegate { new NativeWtsApi().GetCurrentSessionId(); });
            Assert.AreEqual(5, e.Error.Code);
        }

        // ------------------------------------------------------------------ the engines on top

        [Test]
        public void SessionListerReportsTimesClientAndCurrentSession()
        {
            Standard(null);
            RdsSessionInfoRequest r = new RdsSessionInfoRequest { SessionId = new int[] { 0, 1, 2, 3, 65536 } };
            ArrayList res = new RdsSessionInfoEngine(new NativeWtsApi()).List(r);
            Assert.AreEqual(5, res.Count);
            Hashtable alice = null, admin = null, listener = null;
            foreach (Hashtable h in res)
            {
                if ((int)h["session_id"] == 2)
                    alice = h;
                if ((int)h["session_id"] == 1)
                    admin = h;
                if ((int)h["session_id"] == 65536)
                    listener = h;
            }
            Assert.AreEqual("alice", alice["username"]);
            Assert.AreEqual("CONTOSO", alice["domain"]);
            Assert.AreEqual("active", alice["session_state"]);
            Assert.AreEqual("LAPTOP1", alice["client_name"]);
            Assert.AreEqual("2026-03-01T06:00:00Z", alice["logon_time"]);
            Assert.AreEqual(40L, alice["idle_seconds"]);
            Assert.AreEqual(false, alice["is_current"]);
            Assert.AreEqual(true, admin["is_current"]);
            Assert.AreEqual("listen", listener["session_state"]);
            Assert.IsNull(listener["username"]);
            // One enumeration array, and one WTSSessionInfo plus one WTSClientName buffer per session.
            Assert.AreEqual(1, WtsFake.FreeExCalls());
            Assert.AreEqual(10, WtsFake.FreeCalls());
        }

        [Test]
        public void SessionListerOnARemoteServerSkipsASessionThatEndsMeanwhile()
        {
            Standard("RDS02");
            WtsFake.Fail("WTSQuerySessionInformationW", 3, 7022, 1, 1);
            RdsSessionInfoRequest r = new RdsSessionInfoRequest();
            r.Server = "RDS02";
            r.Username = new string[] { "bob", "alice" };
            ArrayList res = new RdsSessionInfoEngine(new NativeWtsApi()).List(r);
            Assert.AreEqual(1, res.Count);
            Assert.AreEqual(2, ((Hashtable)res[0])["session_id"]);
            StringAssert.DoesNotContain("ProcessIdToSessionId", Kernel32Fake.Calls, "no own-session guard remotely");
        }

        [Test]
        public void SessionListerFailsClearlyOnAnUnreachableServer()
        {
            RdsSessionInfoRequest r = new RdsSessionInfoRequest();
            r.Server = "GONE02";
            WtsServerException e = Assert.Throws<WtsServerException>(delegate
            {
                new RdsSessionInfoEngine(new NativeWtsApi()).List(r);
            });
            Assert.AreEqual(1722, e.Error.Code);
            StringAssert.Contains("GONE02", e.Message);
        }

        private static RdsLogoffRequest Logoff(params string[] users)
        {
            RdsLogoffRequest r = new RdsLogoffRequest();
            r.Username = users;
            r.Timeout = 30;
            return r;
        }

        private static Hashtable Outcome(SessionReport report, int id)
        {
            foreach (Hashtable h in report.ToList())
            {
                if ((int)h["session_id"] == id)
                    return h;
            }
            return null;
        }

        [Test]
        public void LogoffEngineLogsOffAndWaitsUntilTheSessionIsGone()
        {
            Standard(null);
            WtsFake.SetLogoffLinger(2);
            FakeClock clock = new FakeClock();
            RdsLogoffResult report = new RdsLogoffEngine(new NativeWtsApi(), clock).Run(Logoff("CONTOSO\\alice"), false);
            Assert.AreEqual("logged_off", Outcome(report, 2)["action"]);
            Assert.IsTrue(report.Changed);
            Assert.IsFalse(report.Failed);
            Assert.AreEqual(4, WtsFake.SessionCount(null));
            Assert.IsTrue(clock.Sleeps.Count >= 2, "it polled while the session was still listed (state down)");
            Assert.AreEqual(3, report.Before.Count);
            Assert.AreEqual(2, report.After.Count);
        }

        [Test]
        public void LogoffEngineCheckModeCallsNoLogoff()
        {
            Standard(null);
            SessionReport report = new RdsLogoffEngine(new NativeWtsApi(), new FakeClock()).Run(Logoff("alice", "bob"), true);
            Assert.AreEqual("would_log_off", Outcome(report, 2)["action"]);
            Assert.AreEqual("would_log_off", Outcome(report, 3)["action"]);
            StringAssert.DoesNotContain("WTSLogoffSession", WtsFake.Calls);
            Assert.AreEqual(5, WtsFake.SessionCount(null));
        }

        [Test]
        public void LogoffEngineKeepsGoingWhenOneSessionIsDenied()
        {
            Standard(null);
            WtsFake.Fail("WTSLogoffSession", 2, 5, -1, 0);
            SessionReport report = new RdsLogoffEngine(new NativeWtsApi(), new FakeClock()).Run(Logoff("alice", "bob"), false);
            Hashtable alice = Outcome(report, 2);
            Assert.AreEqual("failed", alice["action"]);
            Assert.AreEqual("ERROR_ACCESS_DENIED", ((Hashtable)alice["error"])["name"]);
            Assert.AreEqual("logged_off", Outcome(report, 3)["action"]);
            Assert.IsTrue(report.Failed);
        }

        [Test]
        public void LogoffEngineSkipsItsOwnSessionFromProcessIdToSessionId()
        {
            Standard(null);
            Kernel32Fake.SetSessionId(2);
            SessionReport report = new RdsLogoffEngine(new NativeWtsApi(), new FakeClock()).Run(Logoff("alice"), false);
            Assert.AreEqual("skipped", Outcome(report, 2)["action"]);
            StringAssert.DoesNotContain("WTSLogoffSession", WtsFake.Calls);
        }

        [Test]
        public void LogoffEngineSessionGoneWith7022IsAlreadyGone()
        {
            Standard(null);
            WtsFake.Fail("WTSLogoffSession", 3, 7022, 1, 1);
            SessionReport report = new RdsLogoffEngine(new NativeWtsApi(), new FakeClock()).Run(Logoff("alice", "bob"), false);
            Assert.AreEqual("already_gone", Outcome(report, 3)["action"]);
            Assert.AreEqual("logged_off", Outcome(report, 2)["action"]);
        }

        /// <summary>Real hosts also answer 2 and 7007 for a session being torn down. Whatever the engine decides, the
        /// session is reported (never dropped), a failure carries the decoded code, and the others are logged off.
        /// </summary>
        [TestCase(2u)]
        [TestCase(7007u)]
        public void LogoffEngineSessionTornDownWithOtherCodesIsReported(uint code)
        {
            Standard(null);
            WtsFake.Fail("WTSLogoffSession", 3, code, 1, 1);
            SessionReport report = new RdsLogoffEngine(new NativeWtsApi(), new FakeClock()).Run(Logoff("alice", "bob"), false);
            Hashtable bob = Outcome(report, 3);
            Assert.IsNotNull(bob);
            Assert.Contains(bob["action"], new string[] { "already_gone", "failed" });
            if ((string)bob["action"] == "failed")
                Assert.AreEqual((long)code, ((Hashtable)bob["error"])["code"]);
            Assert.AreEqual("logged_off", Outcome(report, 2)["action"]);
        }

        [Test]
        public void LogoffEngineLogsOffOnARemoteServer()
        {
            Standard("RDS03");
            RdsLogoffRequest r = Logoff("bob");
            r.Server = "RDS03";
            FakeClock clock = new FakeClock();
            SessionReport report = new RdsLogoffEngine(new NativeWtsApi(), clock).Run(r, false);
            Hashtable bob = Outcome(report, 3);
            Assert.AreEqual("logged_off", bob["action"]);
            Assert.AreEqual(0, WtsFake.MessageCount());
        }

        [Test]
        public void LogoffEngineByIdleTimeReadsWtsInfo()
        {
            Standard(null);
            RdsLogoffRequest r = new RdsLogoffRequest();
            r.IdleLongerThan = "1h";
            r.Timeout = 30;
            SessionReport report = new RdsLogoffEngine(new NativeWtsApi(), new FakeClock()).Run(r, false);
            Assert.AreEqual(1, report.Sessions.Count, "only bob is idle longer than 1h");
            Assert.AreEqual("logged_off", Outcome(report, 3)["action"]);
        }

        [Test]
        public void LogoffEngineUnreachableServerFailsAndClosesTheHandle()
        {
            RdsLogoffRequest r = Logoff("bob");
            r.Server = "GONE03";
            WtsServerException e = Assert.Throws<WtsServerException>(delegate
            {
                new RdsLogoffEngine(new NativeWtsApi(), new FakeClock()).Run(r, false);
            });
            Assert.AreEqual(1722, e.Error.Code);
            StringAssert.Contains("WTSCloseServer(", WtsFake.Calls);
        }
    }
}
