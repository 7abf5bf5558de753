// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessage;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfo;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoff;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class WtsTests
    {
        private FakeClock clock;
        private FakeWtsApi api;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            api = Standard(clock);
        }

        [TearDown]
        public void TearDown()
        {
            WtsMemory.FreeOverride = null;
        }

        /// <summary>
        /// 0 services; 1 CONTOSO\admin (the module's own session); 2 CONTOSO\alice active idle 10 s; 3 CONTOSO\adam
        /// disconnected idle 1 h; 4 FABRIKAM\alice disconnected idle 2 h; 5 CONTOSO\bob active, idle unknown;
        /// 6 connected, no user yet; 65536 the RDP-Tcp listener.
        /// </summary>
        private static FakeWtsApi Standard(FakeClock c)
        {
            FakeWtsApi a = new FakeWtsApi(c);
            a.CurrentSession = 1;
            a.Local
                .Add(new FakeWtsSession(0, null, null) { State = WtsConnectState.Disconnected, IdleSeconds = null })
                .Add(new FakeWtsSession(1, "CONTOSO", "admin") { IdleSeconds = 99999, ClientName = "ADMINPC" })
                .Add(new FakeWtsSession(2, "CONTOSO", "alice") { IdleSeconds = 10, ClientName = "LAPTOP1" })
                .Add(new FakeWtsSession(3, "CONTOSO", "adam") { State = WtsConnectState.Disconnected, IdleSeconds = 3600 })
                .Add(new FakeWtsSession(4, "FABRIKAM", "alice") { State = WtsConnectState.Disconnected, IdleSeconds = 7200 })
                .Add(new FakeWtsSession(5, "CONTOSO", "bob") { IdleSeconds = null })
                .Add(new FakeWtsSession(6, null, null) { State = WtsConnectState.Connected, IdleSeconds = null })
                .Add(new FakeWtsSession(65536, null, null) { State = WtsConnectState.Listen, IdleSeconds = null });
            return a;
        }

        private SessionReport Run(RdsLogoffRequest r)
        {
            return Run(r, false);
        }

        private SessionReport Run(RdsLogoffRequest r, bool check)
        {
            return new RdsLogoffEngine(api, clock).Run(r, check);
        }

        /// <summary>meanwhile runs at the second listing (the check just before the logoffs): what the users do
        /// between the selection and the logoff.</summary>
        private SessionReport Run(RdsLogoffRequest r, bool check, Action meanwhile)
        {
            api.Local.Meanwhile = meanwhile;
            api.Local.MeanwhileAt = 2;
            return new RdsLogoffEngine(api, clock).Run(r, check);
        }

        private static Dictionary<int, string> Actions(SessionReport report)
        {
            Dictionary<int, string> res = new Dictionary<int, string>();
            foreach (Hashtable h in report.ToList())
                res[(int)h["session_id"]] = (string)h["action"];
            return res;
        }

        private static Hashtable Entry(SessionReport report, int id)
        {
            foreach (Hashtable h in report.ToList())
            {
                if ((int)h["session_id"] == id)
                    return h;
            }
            return null;
        }

        private static List<int> Ids(SessionReport report)
        {
            List<int> ids = new List<int>();
            foreach (SessionOutcome o in report.Sessions)
                ids.Add((int)o.Fields["session_id"]);
            return ids;
        }

        // ---- selectors -------------------------------------------------------------------------------

        [Test]
        public void SessionIdSelectsOnlyThatSession()
        {
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            CollectionAssert.AreEqual(new int[] { 3 }, Ids(r));
            Assert.AreEqual("logged_off", Actions(r)[3]);
            Assert.AreEqual(1, api.Log.CountPrefix("logoff "));
            Assert.IsTrue(r.Changed);
            Assert.IsFalse(r.Failed);
            Assert.IsNull(api.Local.Find(3));
        }

        [Test]
        public void BareUserMatchesEveryDomain()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "alice" } });
            CollectionAssert.AreEqual(new int[] { 2, 4 }, Ids(r));
        }

        [Test]
        public void DomainBackslashUserMatchesOnlyThatDomain()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "fabrikam\\ALICE" } });
            CollectionAssert.AreEqual(new int[] { 4 }, Ids(r));
            Assert.AreEqual("alice", Entry(r, 4)["username"]);
            Assert.AreEqual("FABRIKAM", Entry(r, 4)["domain"]);
        }

        [Test]
        public void UpnIsRefusedByNameBeforeAnyCall()
        {
            // The part before @ is not the account name: alice@contoso.com may be CONTOSO\asmith, and account alice
            // someone else. The UPN is refused, never matched by its first part.
            api.Local.Add(new FakeWtsSession(8, "CONTOSO", "asmith"));
            foreach (string upn in new string[] { "alice@contoso.com", "adam@CONTOSO", "a*@*" })
            {
                ArgumentException e = Assert.Throws<ArgumentException>(delegate
                {
                    Run(new RdsLogoffRequest { Username = new string[] { upn } });
                }, upn);
                StringAssert.Contains("user principal name", e.Message);
                StringAssert.Contains(upn, e.Message);
                Assert.Throws<ArgumentException>(delegate
                {
                    Run(new RdsLogoffRequest { All = true, ExcludeUsername = new string[] { upn } });
                }, upn);
            }
            CollectionAssert.IsEmpty(api.Log.Events, "refused before any Windows call");
            Assert.IsNotNull(api.Local.Find(2));
        }

        [Test]
        public void WildcardsInUserAndDomain()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "a*" }, SessionId = null });
            // admin (1) is matched too, and kept by the own-session rule.
            CollectionAssert.AreEqual(new int[] { 1, 2, 3, 4 }, Ids(r));
            Assert.AreEqual("skipped", Actions(r)[1]);
            r = Run(new RdsLogoffRequest { Username = new string[] { "fab*\\*" } });
            CollectionAssert.IsEmpty(Ids(r));
        }

        [Test]
        public void WildcardDomainForm()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "*\\b?b" } });
            CollectionAssert.AreEqual(new int[] { 5 }, Ids(r));
        }

        private static bool M(string pattern, string user, string domain)
        {
            return RdsUserPattern.Parse("username", pattern).Matches(new WtsSession { SessionId = 9, UserName = user,
                DomainName = domain });
        }

        [Test]
        public void UserMatchingRules()
        {
            Assert.IsTrue(M("ALICE", "alice", "CONTOSO"));
            Assert.IsTrue(M("contoso\\alice", "alice", "CONTOSO"));
            Assert.IsFalse(M("fabrikam\\alice", "alice", "CONTOSO"));
            Assert.IsTrue(M("*", "alice", null));
            Assert.IsFalse(M("*", null, null), "a session without a user never matches");
            Assert.IsFalse(M("*", "", "CONTOSO"));
            Assert.IsFalse(M("alic", "alice", "CONTOSO"), "no implicit prefix match");
            // Each part is trimmed: "CONTOSO\ bob" is CONTOSO\bob, not a name that can never match.
            Assert.IsTrue(M(" CONTOSO \\ bob ", "bob", "CONTOSO"));
            foreach (string bad in new string[] { "\\alice", "CONTOSO\\", "CONTOSO\\ ", "a\\b\\c", " ", "bob@" })
                Assert.Throws<ArgumentException>(delegate { RdsUserPattern.Parse("username", bad); }, bad);
        }

        [Test]
        public void StateSelector()
        {
            SessionReport r = Run(new RdsLogoffRequest { SessionState = new string[] { "disconnected" } });
            // Session 0 is disconnected too, but is never selected by a filter (only by its id).
            CollectionAssert.AreEqual(new int[] { 3, 4 }, Ids(r));
            CollectionAssert.IsEmpty(r.Warnings);
            Assert.AreEqual("logged_off", Actions(r)[3]);
            Assert.AreEqual("logged_off", Actions(r)[4]);
        }

        [Test]
        public void IdleLongerThanUsesDurationAndSkipsUnknownIdle()
        {
            SessionReport r = Run(new RdsLogoffRequest { IdleLongerThan = "30m" });
            // 1 (admin, idle long) is matched and skipped; 3 (1 h) and 4 (2 h) are idle > 30 min;
            // 5 has no LastInputTime (unknown idle) and is not matched.
            CollectionAssert.AreEqual(new int[] { 1, 3, 4 }, Ids(r));
            Assert.AreEqual("skipped", Actions(r)[1]);
            api = Standard(clock = new FakeClock());
            r = Run(new RdsLogoffRequest { IdleLongerThan = "3600" });
            CollectionAssert.AreEqual(new int[] { 1, 4 }, Ids(r), "idle exactly 3600 s (3) is not longer than 3600 s");
        }

        [Test]
        public void IdleWithUnsetCurrentTimeIsNotMatched()
        {
            api.Local.Find(3).CurrentTimeUnset = true;
            SessionReport r = Run(new RdsLogoffRequest { IdleLongerThan = "1", SessionState = new string[] { "disconnected" } });
            CollectionAssert.AreEqual(new int[] { 4 }, Ids(r));
        }

        [Test]
        public void UnknownSessionIdIsReportedAsAlreadyGoneWithAWarning()
        {
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 2, 42 } });
            Assert.AreEqual(2, r.Sessions.Count);
            SessionOutcome missing = r.Sessions.Find(delegate(SessionOutcome o) { return (int)o.Fields["session_id"] == 42; });
            Assert.IsNotNull(missing, "the unknown id has an entry");
            Assert.AreEqual(OutcomeKind.AlreadyGone, missing.Kind);
            StringAssert.Contains("lists no session with this id", missing.Reason);
            Assert.IsTrue(r.Warnings.Exists(delegate(string w) { return w.Contains("session 42 was not found"); }));
            Assert.IsTrue(r.Changed, "session 2 was still logged off");

            api = Standard(clock = new FakeClock());
            r = Run(new RdsLogoffRequest { SessionId = new int[] { 42 } });
            Assert.IsFalse(r.Changed);
            Assert.IsFalse(r.Failed);
            Assert.AreEqual("already_gone", ((Hashtable)r.ToList()[0])["action"]);
        }

        [Test]
        public void SelectorsCombineWithAnd()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "alice" }, SessionState = new string[] { "disconnected" } });
            CollectionAssert.AreEqual(new int[] { 4 }, Ids(r));
            api = Standard(clock = new FakeClock());
            r = Run(new RdsLogoffRequest { SessionId = new int[] { 2, 3 }, Username = new string[] { "adam" } });
            CollectionAssert.AreEqual(new int[] { 3 }, Ids(r));
            api = Standard(clock = new FakeClock());
            r = Run(new RdsLogoffRequest { SessionId = new int[] { 2 }, Username = new string[] { "adam" } });
            CollectionAssert.IsEmpty(Ids(r));
            Assert.IsFalse(r.Changed);
            Assert.AreEqual("no sessions matched the selection; nothing to do", r.Summary("session"));
            api = Standard(clock = new FakeClock());
            r = Run(new RdsLogoffRequest { IdleLongerThan = "1h", Username = new string[] { "*alice" }, SessionState = new string[] { "disconnected", "active" } });
            CollectionAssert.AreEqual(new int[] { 4 }, Ids(r));
        }

        [Test]
        public void SeveralUsernamesAreAlternatives()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "bob", "CONTOSO\\adam" } });
            CollectionAssert.AreEqual(new int[] { 3, 5 }, Ids(r));
        }

        [Test]
        public void NoSelectorFailsBeforeAnyCall()
        {
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest()); });
            StringAssert.Contains("all=true", e.Message);
            StringAssert.Contains("nothing was done", e.Message);
            CollectionAssert.IsEmpty(api.Log.Events);
        }

        [Test]
        public void AllSelectsEveryUserSession()
        {
            SessionReport r = Run(new RdsLogoffRequest { All = true });
            // Sessions without a user (0, 6, the listener) are not selected by all; the own session is kept.
            CollectionAssert.AreEqual(new int[] { 1, 2, 3, 4, 5 }, Ids(r));
            Assert.AreEqual("skipped", Actions(r)[1]);
            Assert.AreEqual(4, r.Count(OutcomeKind.Ended));
            Assert.IsNotNull(api.Local.Find(1));
            Assert.IsNotNull(api.Local.Find(0));
        }

        [Test]
        public void BadOptionsFailClearly()
        {
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest { IdleLongerThan = "ten minutes" }); });
            StringAssert.Contains("idle_longer_than", e.Message);
            StringAssert.Contains("ten minutes", e.Message);
            e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest { IdleLongerThan = "0" }); });
            StringAssert.Contains("idle_longer_than", e.Message);
            e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest { SessionState = new string[] { "asleep" } }); });
            StringAssert.Contains("asleep", e.Message);
            e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest { SessionId = new int[] { -1 } }); });
            StringAssert.Contains("-1", e.Message);
            e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest { All = true, Timeout = -5 }); });
            StringAssert.Contains("timeout", e.Message);
            e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest { Username = new string[] { "a\\b@c" } }); });
            StringAssert.Contains("a\\b@c", e.Message);
            CollectionAssert.IsEmpty(api.Log.Events);
        }

        [Test]
        public void AnEmptyIdleFilterIsRefused()
        {
            // The runner's FromParams keeps an unset option null; an explicit "" reaches the request as "".
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("logged_off", Actions(r)[3]);
            // An explicit '' idle filter would otherwise be dropped and widen the selection: refused by name.
            int events = api.Log.Events.Count;
            ArgumentException e = Assert.Throws<ArgumentException>(delegate
            {
                Run(new RdsLogoffRequest { SessionId = new int[] { 3 }, IdleLongerThan = "" });
            });
            StringAssert.StartsWith("idle_longer_than:", e.Message);
            // An explicit '' server is not the local host: refused by name.
            e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest { All = true, Server = "" }); });
            StringAssert.StartsWith("server ''", e.Message);
            Assert.AreEqual(events, api.Log.Events.Count, "no Windows call");
        }

        // ---- safety ----------------------------------------------------------------------------------

        [Test]
        public void SessionZeroIsSkipped()
        {
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 0 } });
            Assert.AreEqual("skipped", Actions(r)[0]);
            StringAssert.Contains("session 0", (string)Entry(r, 0)["reason"]);
            Assert.AreEqual(1, r.Warnings.Count);
            Assert.IsFalse(r.Changed);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
        }

        [Test]
        public void ListenerIsSkipped()
        {
            // A listener is never selected by a filter (issue 21 item 6), only by its id, and then skipped.
            SessionReport r = Run(new RdsLogoffRequest { SessionState = new string[] { "listen" } });
            CollectionAssert.IsEmpty(Ids(r));
            CollectionAssert.IsEmpty(r.Warnings);
            r = Run(new RdsLogoffRequest { SessionId = new int[] { 65536 } });
            CollectionAssert.AreEqual(new int[] { 65536 }, Ids(r));
            StringAssert.Contains("listener", (string)Entry(r, 65536)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
        }

        [Test]
        public void OwnSessionIsSkippedWithWarning()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "CONTOSO\\admin" } });
            Assert.AreEqual("skipped", Actions(r)[1]);
            StringAssert.Contains("this module runs in", (string)Entry(r, 1)["reason"]);
            StringAssert.Contains("session 1 (CONTOSO\\admin)", r.Warnings[0]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
            Assert.IsFalse(r.Changed);
            Assert.IsFalse(r.Failed);
        }

        [Test]
        public void SessionWithoutUserIsSkipped()
        {
            SessionReport r = Run(new RdsLogoffRequest { SessionState = new string[] { "connected" } });
            CollectionAssert.IsEmpty(Ids(r));
            r = Run(new RdsLogoffRequest { SessionId = new int[] { 6 } });
            CollectionAssert.AreEqual(new int[] { 6 }, Ids(r));
            StringAssert.Contains("no user", (string)Entry(r, 6)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
        }

        [Test]
        public void OwnSessionGuardHoldsWhenServerNamesThisHost()
        {
            // Issue 11.2: a name the module treats as local uses WTS_CURRENT_SERVER_HANDLE, never WTSOpenServerExW
            // (the fake answers 1722 for a name it does not know, as a remote open to an unreachable host would).
            foreach (string name in new string[] { "localhost", "HOST1", "host1.contoso.com", ".", "127.0.0.1", "\\\\HOST1" })
            {
                api = Standard(clock = new FakeClock());
                SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 1, 2 }, Server = name });
                Assert.AreEqual("skipped", Actions(r)[1], name);
                Assert.AreEqual("logged_off", Actions(r)[2], name);
                CollectionAssert.Contains(api.Log.Events, "open local", name);
                Assert.AreEqual(0, api.Log.CountPrefix("open " + name.TrimStart('\\').ToLowerInvariant()), name);
                ArrayList info = new RdsSessionInfoEngine(api).List(new RdsSessionInfoRequest { Server = name });
                Assert.AreEqual(4, info.Count, name);
                Assert.AreEqual(0, api.Log.CountPrefix("open " + name.TrimStart('\\').ToLowerInvariant()), name);
            }
            Assert.IsTrue(WtsUtil.IsLocalServer(null, api));
            Assert.IsTrue(WtsUtil.IsLocalServer("\\\\host1", api));
            Assert.IsFalse(WtsUtil.IsLocalServer("host10", api));
            Assert.IsFalse(WtsUtil.IsLocalServer("rdsh01", api));
        }

        [Test]
        public void OwnDnsNameLongerThanTheNetBiosNameIsLocal()
        {
            // The NetBIOS name has at most 15 characters (GetComputerNameExW ComputerNameNetBIOS; MAX_COMPUTERNAME_LENGTH
            // 15); a longer DNS host name keeps its full form in ComputerNameDnsHostname and
            // ComputerNameDnsFullyQualified. Each of the three (and the FQDN with its root dot) means this host.
            foreach (string name in new string[] { "rdsh-production-01", "RDSH-PRODUCTION-01.contoso.com", "rdsh-production",
                "rdsh-production-01.contoso.com." })
            {
                api = Standard(clock = new FakeClock());
                api.LocalName = "RDSH-PRODUCTION";
                api.LocalDns = "rdsh-production-01";
                api.LocalFqdnName = "rdsh-production-01.contoso.com";
                SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 1, 2 }, Server = name });
                Assert.AreEqual("skipped", Actions(r)[1], name);
                Assert.AreEqual("logged_off", Actions(r)[2], name);
                CollectionAssert.Contains(api.Log.Events, "open local", name);
                ArrayList info = new RdsSessionInfoEngine(api).List(new RdsSessionInfoRequest { Server = name });
                Assert.AreEqual(4, info.Count, name);
                Assert.AreEqual(0, api.Log.CountPrefix("open " + name.ToLowerInvariant()), name);
            }
        }

        [Test]
        public void ANameSharingTheFirstLabelButNotTheDomainIsAnotherHost()
        {
            // Local host RDSH01.contoso.com: RDSH01.fabrikam.com is another host. Before, any name starting with the
            // NetBIOS name and a dot was taken as this host, and bob's local session was logged off instead.
            foreach (string name in new string[] { "rdsh01.fabrikam.com", "RDSH01.contoso.com.evil.example",
                "rdsh01.fabrikam.com.", "rdsh-production.contoso.com", "rdsh-production-02", "rdsh01x" })
            {
                api = Standard(clock = new FakeClock());
                api.LocalName = name.StartsWith("rdsh-production", StringComparison.Ordinal) ? "RDSH-PRODUCTION" : "RDSH01";
                api.LocalDns = name.StartsWith("rdsh-production", StringComparison.Ordinal) ? "rdsh-production-01" : "rdsh01";
                api.LocalFqdnName = api.LocalDns + ".contoso.com";
                FakeWtsHost remote = api.Host(name.TrimEnd('.'));
                remote.Add(new FakeWtsSession(5, "FABRIKAM", "bob"));
                if (name.EndsWith(".", StringComparison.Ordinal))
                    api.Hosts[name.ToLowerInvariant()] = remote;
                SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "bob" }, Server = name });
                Assert.AreEqual("logged_off", Actions(r)[5], name);
                Assert.AreEqual("FABRIKAM", Entry(r, 5)["domain"], name);
                Assert.IsNotNull(api.Local.Find(5), name + ": the local CONTOSO\\bob stays logged on");
                CollectionAssert.DoesNotContain(api.Log.Events, "open local", name);
                ArrayList info = new RdsSessionInfoEngine(api).List(new RdsSessionInfoRequest { Server = name });
                Assert.AreEqual(0, info.Count, name + ": bob's remote session is gone, the local ones are not listed");
                Assert.IsFalse(WtsUtil.IsLocalServer(name, api), name);
            }
        }

        [Test]
        public void RemoteServerHasNoOwnSession()
        {
            api.Host("rdsh01").Add(new FakeWtsSession(1, "CONTOSO", "carol")).Add(new FakeWtsSession(0, null, null));
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 0, 1 }, Server = "rdsh01" });
            Assert.AreEqual("logged_off", Actions(r)[1], "session 1 on another host is not the module's session");
            Assert.AreEqual("skipped", Actions(r)[0]);
            Assert.IsNotNull(api.Local.Find(1));
            CollectionAssert.Contains(api.Log.Events, "open rdsh01");
        }

        // ---- check mode ------------------------------------------------------------------------------

        [Test]
        public void CheckModeHasTheSamePlanAsARealRun()
        {
            api.Local.Find(3).LogoffSeconds = 30;
            FakeWtsApi twin = api.Twin();
            RdsLogoffRequest req = new RdsLogoffRequest
            {
                Username = new string[] { "*" },
                SessionState = new string[] { "active", "disconnected" },
            };
            SessionReport check = new RdsLogoffEngine(api, clock).Run(req, true);
            RdsLogoffEngine realEngine = new RdsLogoffEngine(twin, twin.Clock);
            SessionReport real = realEngine.Run(req, false);

            Dictionary<int, string> c = Actions(check);
            Dictionary<int, string> r = Actions(real);
            CollectionAssert.AreEqual(new List<int>(r.Keys), new List<int>(c.Keys));
            foreach (KeyValuePair<int, string> kv in r)
                Assert.AreEqual(kv.Value == "logged_off" ? "would_log_off" : kv.Value, c[kv.Key], "session " + kv.Key);
            Assert.AreEqual(real.Changed, check.Changed);
            Assert.AreEqual(real.Warnings.Count, check.Warnings.Count);

            // Check mode slept not, logged nothing off.
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
            CollectionAssert.IsEmpty(clock.Sleeps);
            Assert.AreEqual(8, api.Local.Sessions.Count);
            Assert.AreEqual(4, twin.Log.CountPrefix("logoff "));
        }

        [Test]
        public void TheThreeRdsModulesNameASessionWithTheSameFields()
        {
            // Issue 19 item 6: rds_logoff, rds_session_info and rds_message give a session the same fields, with the
            // same values for the same session.
            string[] keys = new string[] { "session_id", "username", "domain", "session_state" };
            Hashtable logoff = (Hashtable)new RdsLogoffEngine(api, clock).Run(
                new RdsLogoffRequest { SessionId = new int[] { 4 } }, true).ToList()[0];
            Hashtable info = (Hashtable)new RdsSessionInfoEngine(api).List(
                new RdsSessionInfoRequest { SessionId = new int[] { 4 } })[0];
            RdsMessageResult sent = new RdsMessageEngine(api, new FakeWtsMessages(api)).Run(
                new RdsMessageRequest { SessionId = new int[] { 4 }, Message = "m" }, true);
            Dictionary<string, object> message = sent.Sessions[0].ToDictionary();
            foreach (string k in keys)
            {
                Assert.IsTrue(logoff.ContainsKey(k) && info.ContainsKey(k) && message.ContainsKey(k), k);
                Assert.AreEqual(info[k], logoff[k], k);
                Assert.AreEqual(info[k], message[k], k);
            }
            Assert.AreEqual(4, info["session_id"]);
            Assert.AreEqual("alice", info["username"]);
            Assert.AreEqual("FABRIKAM", info["domain"]);
            Assert.AreEqual("disconnected", info["session_state"]);
            Assert.IsFalse(logoff.ContainsKey("id") || logoff.ContainsKey("state") || info.ContainsKey("id") ||
                info.ContainsKey("state"));
        }

        [Test]
        public void CheckModeDiffPredictsTheAfterState()
        {
            RdsLogoffResult e = new RdsLogoffEngine(api, clock).Run(new RdsLogoffRequest { Username = new string[] { "alice" } },
                true);
            Assert.AreEqual(5, e.Before.Count);
            List<int> after = new List<int>();
            foreach (Hashtable h in e.After)
                after.Add((int)h["session_id"]);
            CollectionAssert.AreEqual(new int[] { 1, 3, 5 }, after);
            Assert.AreEqual("admin", ((Hashtable)e.Before[0])["username"]);
            Assert.AreEqual("CONTOSO", ((Hashtable)e.Before[0])["domain"]);
        }

        [Test]
        public void RealRunDiffMatchesCheckModeDiff()
        {
            FakeWtsApi twin = api.Twin();
            RdsLogoffRequest req = new RdsLogoffRequest { SessionState = new string[] { "disconnected" } };
            RdsLogoffResult c = new RdsLogoffEngine(api, clock).Run(req, true);
            RdsLogoffResult r = new RdsLogoffEngine(twin, twin.Clock).Run(req, false);
            Assert.AreEqual(c.After.Count, r.After.Count);
            Assert.AreEqual(3, r.After.Count);
        }

        // ---- errors ----------------------------------------------------------------------------------

        [Test]
        public void AccessDeniedFailsThatSessionOnlyAndNamesServerAndSession()
        {
            api.Host("rdsh01").Add(new FakeWtsSession(2, "CONTOSO", "alice") { LogoffError = 5 })
                .Add(new FakeWtsSession(3, "CONTOSO", "adam")).Add(new FakeWtsSession(4, "CONTOSO", "eve"));
            SessionReport r = Run(new RdsLogoffRequest { All = true, Server = "rdsh01" });
            Assert.AreEqual("failed", Actions(r)[2]);
            Assert.AreEqual("logged_off", Actions(r)[3]);
            Assert.AreEqual("logged_off", Actions(r)[4]);
            Assert.IsTrue(r.Failed);
            Assert.IsTrue(r.Changed);
            Hashtable err = (Hashtable)Entry(r, 2)["error"];
            Assert.AreEqual("ERROR_ACCESS_DENIED", err["name"]);
            Assert.AreEqual("0x00000005", err["hex"]);
            string msg = r.Summary("session");
            StringAssert.Contains("session 2 (CONTOSO\\alice) on server 'rdsh01'", msg);
            StringAssert.Contains("ERROR_ACCESS_DENIED (0x00000005)", msg);
            StringAssert.Contains("2 logged off", msg);
        }

        [Test]
        public void RpcFailuresAndInvalidHandleFail()
        {
            api.Local.Find(2).LogoffError = 1722;
            api.Local.Find(3).LogoffError = 1726;
            api.Local.Find(4).LogoffError = 6;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 2, 3, 4, 5 } });
            Assert.AreEqual("RPC_S_SERVER_UNAVAILABLE", ((Hashtable)Entry(r, 2)["error"])["name"]);
            Assert.AreEqual("RPC_S_CALL_FAILED", ((Hashtable)Entry(r, 3)["error"])["name"]);
            Assert.AreEqual("ERROR_INVALID_HANDLE", ((Hashtable)Entry(r, 4)["error"])["name"]);
            Assert.AreEqual("logged_off", Actions(r)[5]);
            StringAssert.Contains("on the local host", (string)Entry(r, 2)["reason"]);
            StringAssert.Contains("session 3 (CONTOSO\\adam) on the local host", r.Summary("session"));
            Assert.AreEqual(3, r.Count(OutcomeKind.Failed));
        }

        [Test]
        public void SessionGoneBeforeLogoffIsAlreadyGone7022()
        {
            // Checked just before the logoff, then gone before WTSLogoffSession: the fake answers 7022.
            api.Local.Find(3).VanishAfterQueries = 2;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 2, 3 } });
            Assert.AreEqual("already_gone", Actions(r)[3]);
            Assert.AreEqual("logged_off", Actions(r)[2]);
            Assert.IsNull(Entry(r, 3)["error"]);
            Assert.IsFalse(r.Failed);
            CollectionAssert.Contains(api.Log.Events, "logoff 3");
        }

        [Test]
        public void OnlyAlreadyGoneIsNotChanged()
        {
            api.Local.Find(3).VanishAfterEnumerations = 1;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("already_gone", Actions(r)[3]);
            Assert.IsFalse(r.Changed);
            Assert.IsFalse(r.Failed);
        }

        [Test]
        public void UnreachableServerFailsBeforeActing()
        {
            WtsServerException e = Assert.Throws<WtsServerException>(delegate
            {
                Run(new RdsLogoffRequest { All = true, Server = "gone01" });
            });
            StringAssert.Contains("server 'gone01'", e.Message);
            StringAssert.Contains("RPC_S_SERVER_UNAVAILABLE (0x000006BA)", e.Message);
            Assert.AreEqual(1722, e.Error.Code);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
            Assert.AreEqual(0, api.OpenHandles, "the server handle is closed on failure");
        }

        [Test]
        public void AccessDeniedOnListingFailsBeforeActing()
        {
            api.Local.Unreachable = 5;
            WtsServerException e = Assert.Throws<WtsServerException>(delegate { Run(new RdsLogoffRequest { All = true }); });
            StringAssert.Contains("the local host", e.Message);
            StringAssert.Contains("ERROR_ACCESS_DENIED", e.Message);
        }

        [Test]
        public void RelistThenLogoff()
        {
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            List<string> ev = api.Log.Events;
            int logoff = ev.IndexOf("logoff 3");
            Assert.AreEqual("query 3", ev[logoff - 1], "the session is checked again just before its logoff");
            Assert.AreEqual("enumerate", ev[logoff - 2], "the sessions are listed again just before the logoff");
            Assert.AreEqual("logged_off", Actions(r)[3]);
        }

        [Test]
        public void MessageLengthsAreInBytes()
        {
            Assert.AreEqual(10, MessageNativeMethods.ByteLength("Hello"));
            Assert.AreEqual(4, MessageNativeMethods.ByteLength("\u00e9\u00e8"));
            Assert.AreEqual(0, MessageNativeMethods.ByteLength(null));
        }

        [Test]
        public void UserLeavingBeforeTheLogoffIsAlreadyGoneAndNotLoggedOff()
        {
            // Adam logs off on his own right after the selection listed his session.
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 2, 3 } }, false,
                delegate { api.Local.Find(3).GoneAt = clock.UtcNow; });
            Assert.AreEqual("already_gone", Actions(r)[3]);
            StringAssert.Contains("not logged off: the session ended", (string)Entry(r, 3)["reason"]);
            Assert.AreEqual(-1, api.Log.IndexOf("logoff 3"));
            Assert.AreEqual("logged_off", Actions(r)[2]);
        }

        [Test]
        public void AnIdReusedByAnotherUserBetweenTheSelectionAndTheLogoffIsNotLoggedOff()
        {
            // Issue 20 item 0b: bob's session 5 is selected by idle time, then bob logs off and alice's new logon takes
            // id 5 before the logoff. With no message and no grace period nothing looked again: alice was logged off
            // and the result said "session 5 (CONTOSO\bob) logged off".
            FakeWtsSession bob = api.Local.Find(5);
            bob.IdleSeconds = 7200;
            bob.ReplacedAfterEnumerations = 1;
            bob.ReplacedBy = "alice";
            SessionReport r = Run(new RdsLogoffRequest { IdleLongerThan = "1h", Username = new string[] { "bob" } });
            Assert.AreEqual("already_gone", Actions(r)[5], api.Log.ToString());
            StringAssert.Contains("not logged off", (string)Entry(r, 5)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff 5"));
            Assert.AreEqual("alice", api.Local.Find(5).User, "alice's new session is still there");
            Assert.IsFalse(r.Changed);
        }

        [Test]
        public void TheSameUserLoggedOnAgainUnderTheSameIdIsNotLoggedOff()
        {
            // Same id, same user, but a new logon (a new logon time): not the session that was selected.
            FakeWtsSession adam = api.Local.Find(3);
            adam.ReplacedAfterEnumerations = 1;
            SessionReport r = Run(new RdsLogoffRequest { SessionState = new string[] { "disconnected" },
                Username = new string[] { "adam" } });
            Assert.AreEqual("already_gone", Actions(r)[3], api.Log.ToString());
            StringAssert.Contains("logon time", (string)Entry(r, 3)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff 3"));
        }

        [Test]
        public void ASessionThatNoLongerMatchesJustBeforeTheLogoffIsLeftAlone()
        {
            // Selected as disconnected; the user reconnects before the logoff: state no longer matches.
            SessionReport r = Run(new RdsLogoffRequest { SessionState = new string[] { "disconnected" } },
                false, delegate { api.Local.Find(3).State = WtsConnectState.Active; });
            Assert.AreEqual("already_gone", Actions(r)[3], api.Log.ToString());
            StringAssert.Contains("its state is now active", (string)Entry(r, 3)["reason"]);
            Assert.AreEqual("logged_off", Actions(r)[4]);
            // Selected as idle for more than 1 h; the user types before the logoff: idle no longer matches.
            api = Standard(clock = new FakeClock());
            r = Run(new RdsLogoffRequest { IdleLongerThan = "1h30m" }, false,
                delegate { api.Local.Find(4).IdleSeconds = -60; });
            Assert.AreEqual("already_gone", Actions(r)[4], api.Log.ToString());
            StringAssert.Contains("idle", (string)Entry(r, 4)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
        }

        [Test]
        public void ExclusionsNarrowAndSelectNothingAlone()
        {
            SessionReport r = Run(new RdsLogoffRequest { All = true, ExcludeUsername = new string[] { "a*" },
                ExcludeSessionId = new int[] { 5 } });
            CollectionAssert.IsEmpty(Ids(r), "admin, alice, adam (a*) and bob (id 5) are left out");
            r = Run(new RdsLogoffRequest { SessionState = new string[] { "disconnected" },
                ExcludeUsername = new string[] { "FABRIKAM\\*" } });
            CollectionAssert.AreEqual(new int[] { 3 }, Ids(r));
            ArgumentException e = Assert.Throws<ArgumentException>(delegate
            {
                Run(new RdsLogoffRequest { ExcludeUsername = new string[] { "svc_*" } });
            });
            StringAssert.StartsWith("no session selected", e.Message);
        }

        [Test]
        public void DisconnectedLongerThanUsesTheDisconnectTimeOfSessionsDisconnectedNow()
        {
            api.Local.Find(3).DisconnectedSeconds = 3 * 3600;
            api.Local.Find(4).DisconnectedSeconds = 600;
            // alice reconnected: Windows keeps her last disconnect time, long ago; she is active and never matches.
            api.Local.Find(2).DisconnectedSeconds = 10 * 3600;
            FakeWtsSession never = new FakeWtsSession(7, "CONTOSO", "dora") { State = WtsConnectState.Disconnected,
                DisconnectTimeUnset = true };
            api.Local.Add(never);
            ArrayList info = List(new RdsSessionInfoRequest { SessionId = new int[] { 2, 4, 7 } });
            Assert.IsNull(((Hashtable)info[0])["disconnected_seconds"], "active: no disconnected time");
            Assert.AreEqual(600L, ((Hashtable)info[1])["disconnected_seconds"]);
            Assert.IsNull(((Hashtable)info[2])["disconnected_seconds"], "a disconnect time of 0 is unknown");
            SessionReport r = Run(new RdsLogoffRequest { DisconnectedLongerThan = "2h" });
            CollectionAssert.AreEqual(new int[] { 3 }, Ids(r));
            Assert.AreEqual("logged_off", Actions(r)[3]);
        }

        [Test]
        public void ThePreviewListsExactlyWhatTheLogoffWouldSelect()
        {
            api.Local.Find(3).DisconnectedSeconds = 3 * 3600;
            RdsLogoffRequest[] cases = new RdsLogoffRequest[]
            {
                new RdsLogoffRequest { All = true },
                new RdsLogoffRequest { SessionState = new string[] { "disconnected" } },
                new RdsLogoffRequest { IdleLongerThan = "30m", ExcludeUsername = new string[] { "FABRIKAM\\*" } },
                new RdsLogoffRequest { DisconnectedLongerThan = "1h" },
                new RdsLogoffRequest { SessionId = new int[] { 0, 2, 3, 65536 }, ExcludeSessionId = new int[] { 3 } },
                new RdsLogoffRequest { Username = new string[] { "alice", " CONTOSO \\ bob" }, SessionState = new string[] { "active" } },
            };
            foreach (RdsLogoffRequest c in cases)
            {
                List<int> wouldAct = new List<int>();
                foreach (SessionOutcome o in new RdsLogoffEngine(api, clock).Run(c, true).Sessions)
                    wouldAct.Add((int)o.Fields["session_id"]);
                RdsSessionInfoRequest p = new RdsSessionInfoRequest { SessionId = c.SessionId, Username = c.Username,
                    ExcludeUsername = c.ExcludeUsername, ExcludeSessionId = c.ExcludeSessionId, SessionState = c.SessionState,
                    IdleLongerThan = c.IdleLongerThan, DisconnectedLongerThan = c.DisconnectedLongerThan, All = c.All };
                List<int> listed = new List<int>();
                foreach (Hashtable h in List(p))
                    listed.Add((int)h["session_id"]);
                CollectionAssert.AreEqual(wouldAct, listed);
                CollectionAssert.IsNotEmpty(listed);
            }
        }

        [Test]
        public void DotBackslashMeansThisHostsComputerName()
        {
            api.Local.Add(new FakeWtsSession(7, "HOST1", "localadmin"));
            api.Local.Add(new FakeWtsSession(8, "CONTOSO", "localadmin"));
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { ".\\localadmin" } });
            CollectionAssert.AreEqual(new int[] { 7 }, Ids(r));
            CollectionAssert.IsEmpty(r.Warnings);
            // With server naming another host, "." cannot be resolved there: refused before any call.
            int events = api.Log.Events.Count;
            ArgumentException e = Assert.Throws<ArgumentException>(delegate
            {
                Run(new RdsLogoffRequest { Username = new string[] { ".\\localadmin" }, Server = "rdsh02" });
            });
            StringAssert.Contains("rdsh02", e.Message);
            Assert.AreEqual(events, api.Log.Events.Count);
        }

        [Test]
        public void EachUsernameThatMatchesNothingGivesAWarning()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "alice", "CONTOSO\\nobody", "zed*" } });
            CollectionAssert.AreEqual(new int[] { 2, 4 }, Ids(r));
            Assert.AreEqual(2, r.Warnings.Count, String.Join(" | ", r.Warnings.ToArray()));
            StringAssert.Contains("username 'CONTOSO\\nobody' matched no session", r.Warnings[0]);
            StringAssert.Contains("username 'zed*' matched no session", r.Warnings[1]);
            RdsSessionInfoEngine lister = new RdsSessionInfoEngine(api);
            lister.List(new RdsSessionInfoRequest { Username = new string[] { "nobody" } });
            Assert.AreEqual(1, lister.Warnings.Count);
        }

        [Test]
        public void WaiterNeverSleepsLessThanAMillisecondNearTheDeadline()
        {
            // Issue 20 item 10b: 0.5 ms before the deadline the waiter slept TimeSpan 0.5 ms, which Thread.Sleep
            // truncates to 0: listings back to back until the deadline.
            int polls = 0;
            List<int> left = Waiter.WaitUntilGone<int>(new int[] { 1 }, delegate(int i) { polls++; return false; },
                TimeSpan.FromTicks(5005000) /* 500.5 ms */, TimeSpan.FromMilliseconds(250), clock, null);
            CollectionAssert.AreEqual(new int[] { 1 }, left);
            foreach (TimeSpan t in clock.Sleeps)
                Assert.IsTrue(t >= TimeSpan.FromMilliseconds(1) && t.Ticks % TimeSpan.TicksPerMillisecond == 0,
                    "slept " + t.TotalMilliseconds + " ms");
            Assert.AreEqual(4, polls, "t = 0, 250, 500 ms and the deadline");
        }

        [Test]
        public void ReusedIdWithAnotherUserIsNotLoggedOff()
        {
            api.Local.Find(3).ReplacedAfterEnumerations = 1;
            api.Local.Find(3).ReplacedBy = "mallory";
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("already_gone", Actions(r)[3]);
            Assert.AreEqual(-1, api.Log.IndexOf("logoff 3"));
            Assert.AreEqual("mallory", api.Local.Find(3).User);
        }

        [Test]
        public void RelistFailureBeforeTheLogoffFailsTheSessionsWithoutLoggingOff()
        {
            api.Local.FailEnumerateFrom = 2;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("RPC_S_CALL_FAILED", ((Hashtable)Entry(r, 3)["error"])["name"]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
        }

        [Test]
        public void SessionThatNeverGoesTimesOut()
        {
            api.Local.Find(3).NeverGoes = true;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 2, 3 }, Timeout = 45 });
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("still present in state disconnected after 45 s (logoff started, timeout reached)",
                Entry(r, 3)["reason"]);
            Assert.AreEqual("logged_off", Actions(r)[2]);
            Assert.AreEqual(TimeSpan.FromSeconds(45), clock.Elapsed);
            StringAssert.Contains("session 3 (CONTOSO\\adam) on the local host: still present in state disconnected after 45 s",
                r.Summary("session"));
        }

        [Test]
        public void PollFailureFailsTheWaitingSessions()
        {
            api.Local.FailEnumerateFrom = 3;
            api.Local.Find(3).LogoffSeconds = 10;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("failed", Actions(r)[3]);
            StringAssert.Contains("cannot confirm the logoff", (string)Entry(r, 3)["reason"]);
            StringAssert.Contains("3 times in a row", (string)Entry(r, 3)["reason"]);
            Assert.AreEqual("RPC_S_CALL_FAILED", ((Hashtable)Entry(r, 3)["error"])["name"]);
            // The selection listing, one good poll, then RdsLogoffEngine.MaxPollFailuresInARow failed ones.
            Assert.AreEqual(2 + RdsLogoffEngine.MaxPollFailuresInARow, api.Log.CountPrefix("enumerate"), api.Log.ToString());
        }

        [Test]
        public void PartialFailureStillProcessesEveryOtherSession()
        {
            api.Local.Find(2).LogoffError = 5;
            api.Local.Find(3).NeverGoes = true;
            api.Local.Find(4).VanishAfterEnumerations = 1;
            SessionReport r = Run(new RdsLogoffRequest { All = true, Timeout = 10 });
            Assert.AreEqual("skipped", Actions(r)[1]);
            Assert.AreEqual("failed", Actions(r)[2]);
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("already_gone", Actions(r)[4]);
            Assert.AreEqual("logged_off", Actions(r)[5]);
            Assert.IsTrue(r.Failed);
            Assert.IsTrue(r.Changed);
            Assert.AreEqual(5, r.Sessions.Count, "every selected session is listed");
            Assert.AreEqual(0, api.OpenHandles);
        }

        // ---- parallel wait ---------------------------------------------------------------------------

        [Test]
        public void AllLogoffsStartBeforeTheFirstPoll()
        {
            foreach (FakeWtsSession s in api.Local.Sessions)
                s.LogoffSeconds = 20;
            SessionReport r = Run(new RdsLogoffRequest { All = true });
            Assert.AreEqual(4, r.Count(OutcomeKind.Ended));
            List<string> ev = api.Log.Events;
            int lastLogoff = api.Log.LastIndexOfPrefix("logoff ");
            int firstSleep = api.Log.FirstIndexOfPrefix("sleep ");
            Assert.AreEqual(4, api.Log.CountPrefix("logoff "));
            Assert.IsTrue(lastLogoff < firstSleep, api.Log.ToString());
            // Between the first and the last logoff there is no poll and no sleep (only the check of each session's
            // times just before its logoff).
            for (int i = api.Log.FirstIndexOfPrefix("logoff "); i <= lastLogoff; i++)
                Assert.IsTrue(ev[i].StartsWith("logoff ") || ev[i].StartsWith("query "), ev[i]);
            // N sessions of 20 s each cost about 20 s, not N x 20 s.
            Assert.AreEqual(TimeSpan.FromSeconds(20), clock.Elapsed);
        }

        [Test]
        public void PollingReListsOncePerRound()
        {
            foreach (FakeWtsSession s in api.Local.Sessions)
                s.LogoffSeconds = 1;
            Run(new RdsLogoffRequest { All = true, PollIntervalMs = 500 });
            // 1 listing + 1 check before the logoffs + rounds at t=0, 0.5 s, 1 s.
            Assert.AreEqual(5, api.Log.CountPrefix("enumerate"), api.Log.ToString());
            Assert.AreEqual(2, clock.Sleeps.Count);
        }

        [Test]
        public void WaitFalseReturnsOnceStarted()
        {
            SessionReport r = Run(new RdsLogoffRequest { Username = new string[] { "alice" }, Wait = false });
            Assert.AreEqual("logoff_started", Actions(r)[2]);
            Assert.AreEqual("logoff_started", Actions(r)[4]);
            Assert.IsTrue(r.Changed);
            Assert.AreEqual(2, api.Log.CountPrefix("enumerate"), "the listing and the check before the logoffs; no polling");
            CollectionAssert.IsEmpty(clock.Sleeps);
            StringAssert.Contains("2 logged off (started, not waited for)", r.Summary("session"));
        }

        [Test]
        public void SecondRunChangesNothing()
        {
            RdsLogoffRequest req = new RdsLogoffRequest { Username = new string[] { "alice" } };
            Assert.IsTrue(Run(req).Changed);
            SessionReport again = Run(req);
            Assert.IsFalse(again.Changed);
            Assert.AreEqual(0, again.Sessions.Count);
        }

        [Test]
        public void ServerHandleIsClosed()
        {
            Run(new RdsLogoffRequest { All = true });
            Assert.AreEqual(0, api.OpenHandles);
            Assert.AreEqual("close", api.Log.Events[api.Log.Events.Count - 1]);
        }

        [Test]
        public void IdleReadFailureFailsOnlyThatSession()
        {
            api.Local.Find(3).QueryError = 5;
            SessionReport r = Run(new RdsLogoffRequest { IdleLongerThan = "1m", SessionState = new string[] { "disconnected" } });
            Assert.AreEqual("failed", Actions(r)[3]);
            StringAssert.Contains("cannot read the session's times", (string)Entry(r, 3)["reason"]);
            Assert.AreEqual("logged_off", Actions(r)[4]);
        }

        // ---- a failed call on one session: list again, never conclude "gone" from one code (issue 11.1) ----
        // The codes follow field reports (see WtsFakes.cs): 2 right after a logoff (Cassia issue 68), 7007 for a
        // session Windows is closing (Cassia issues 36, 60), 7022 for one that is no longer there.

        [Test]
        public void IdleReadAnswering2ForASessionGoneAfterTheListingIsAlreadyGone()
        {
            api.Local.GoneError = 2;
            api.Local.Find(3).VanishAfterEnumerations = 1;
            SessionReport r = Run(new RdsLogoffRequest { IdleLongerThan = "30m" });
            Assert.AreEqual("already_gone", Actions(r)[3]);
            Assert.IsNull(Entry(r, 3)["error"]);
            Assert.AreEqual("logged_off", Actions(r)[4]);
            Assert.IsFalse(r.Failed, r.Summary("session"));
            Assert.IsTrue(api.Log.CountPrefix("enumerate") >= 2, "listed again after the failed query");
        }

        [Test]
        public void IdleReadAnswering7007ForAClosingSessionThatThenGoesIsAlreadyGone()
        {
            FakeWtsSession s3 = api.Local.Find(3);
            s3.ClosePending = true;
            s3.VanishAfterFailedCall = true;
            SessionReport r = Run(new RdsLogoffRequest { IdleLongerThan = "30m" });
            Assert.AreEqual("already_gone", Actions(r)[3]);
            Assert.IsFalse(r.Failed, r.Summary("session"));
        }

        [Test]
        public void IdleReadAnswering7007ForASessionStillListedFailsWithTheDecodedCode()
        {
            api.Local.Find(3).ClosePending = true;
            SessionReport r = Run(new RdsLogoffRequest { IdleLongerThan = "30m" });
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("ERROR_CTX_CLOSE_PENDING", ((Hashtable)Entry(r, 3)["error"])["name"]);
            Assert.AreEqual("logged_off", Actions(r)[4]);
        }

        [Test]
        public void IdleRead7022ForASessionStillListedIsNotTakenAsGone()
        {
            api.Local.Find(3).QueryError = 7022;
            SessionReport r = Run(new RdsLogoffRequest { IdleLongerThan = "30m" });
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("ERROR_CTX_WINSTATION_NOT_FOUND", ((Hashtable)Entry(r, 3)["error"])["name"]);
        }

        [Test]
        public void LogoffAnswering2ForASessionGoneAfterTheListingIsAlreadyGone()
        {
            api.Local.GoneError = 2;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 2, 3 } }, false,
                delegate { api.Local.Find(3).GoneAt = clock.UtcNow; });
            Assert.AreEqual("already_gone", Actions(r)[3]);
            Assert.AreEqual("logged_off", Actions(r)[2]);
            Assert.IsFalse(r.Failed, r.Summary("session"));
        }

        [Test]
        public void LogoffAnswering7007ForAClosingSessionThatThenGoesIsAlreadyGone()
        {
            FakeWtsSession s3 = api.Local.Find(3);
            s3.ClosePending = true;
            s3.VanishAfterFailedCall = true;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("already_gone", Actions(r)[3]);
            Assert.IsFalse(r.Changed);
            Assert.IsFalse(r.Failed);
        }

        [Test]
        public void LogoffAnswering7007ForASessionStillListedFails()
        {
            api.Local.Find(3).ClosePending = true;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("ERROR_CTX_CLOSE_PENDING", ((Hashtable)Entry(r, 3)["error"])["name"]);
        }

        [Test]
        public void Logoff7022ForASessionStillListedIsNotTakenAsGone()
        {
            api.Local.Find(3).LogoffError = 7022;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("ERROR_CTX_WINSTATION_NOT_FOUND", ((Hashtable)Entry(r, 3)["error"])["name"]);
        }

        [Test]
        public void LogoffFailureWhoseRelistingFailsKeepsTheLogoffError()
        {
            api.Local.Find(3).LogoffError = 1726;
            // listing 1 selects, 2 confirms just before the logoff, 3 is the listing after the failed call
            api.Local.FailEnumerations.Add(3);
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("RPC_S_CALL_FAILED", ((Hashtable)Entry(r, 3)["error"])["name"]);
            StringAssert.Contains("could not be listed again", (string)Entry(r, 3)["reason"]);
        }

        [Test]
        public void InfoOmitsASessionWhoseQueryAnswers2AndThatIsNoLongerListed()
        {
            api.Local.GoneError = 2;
            api.Local.Find(3).VanishAfterEnumerations = 1;
            RdsSessionInfoEngine lister = new RdsSessionInfoEngine(api);
            ArrayList l = lister.List(new RdsSessionInfoRequest { SessionState = new string[] { "disconnected" } });
            Assert.AreEqual(1, l.Count, "session 4; session 3 is gone (session 0 is not listed by a state filter)");
            Assert.AreEqual(4, ((Hashtable)l[0])["session_id"]);
            CollectionAssert.IsEmpty(lister.Warnings);
        }

        [Test]
        public void InfoReportsAClosingSessionStillListedWithAWarningNamingTheCode()
        {
            api.Local.Find(3).ClosePending = true;
            RdsSessionInfoEngine lister = new RdsSessionInfoEngine(api);
            ArrayList l = lister.List(new RdsSessionInfoRequest { SessionState = new string[] { "disconnected" } });
            Assert.AreEqual(2, l.Count, "sessions 3 and 4");
            Assert.AreEqual(3, ((Hashtable)l[0])["session_id"]);
            Assert.IsNull(((Hashtable)l[0])["idle_seconds"]);
            Assert.AreEqual(1, lister.Warnings.Count);
            StringAssert.Contains("session 3", lister.Warnings[0]);
            StringAssert.Contains("ERROR_CTX_CLOSE_PENDING", lister.Warnings[0]);
        }

        // ---- how "gone" is detected -------------------------------------------------------------------

        [Test]
        public void SessionLingeringInStateDownIsWaitedForUntilItDisappears()
        {
            FakeWtsSession s3 = api.Local.Find(3);
            s3.LingerState = WtsConnectState.Down;
            s3.LingerSeconds = 5;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("logged_off", Actions(r)[3]);
            // Logoff runs 2 s, then the session is listed as down for 5 s more: logged_off only once it is gone.
            Assert.AreEqual(TimeSpan.FromSeconds(7), clock.Elapsed);
            Assert.IsNull(api.Local.Find(3));
        }

        [Test]
        public void SessionStuckInStateDownFailsWithItsLastStateWhenTheTimeoutRunsOut()
        {
            FakeWtsSession s3 = api.Local.Find(3);
            s3.LingerState = WtsConnectState.Down;
            s3.LingerSeconds = -1;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 2, 3 }, Timeout = 30 });
            Assert.AreEqual("failed", Actions(r)[3]);
            Assert.AreEqual("still present in state down after 30 s (logoff started, timeout reached)",
                Entry(r, 3)["reason"]);
            Assert.AreEqual("disconnected", Entry(r, 3)["session_state"], "state stays the one the session was selected in");
            Assert.AreEqual("logged_off", Actions(r)[2]);
        }

        [Test]
        public void LingeringIdWithoutItsUserCountsAsGone()
        {
            FakeWtsSession s3 = api.Local.Find(3);
            s3.LingerState = WtsConnectState.Down;
            s3.LingerSeconds = -1;
            s3.LingerClearsUser = true;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 }, Timeout = 30 });
            Assert.AreEqual("logged_off", Actions(r)[3]);
            Assert.AreEqual(TimeSpan.FromSeconds(2), clock.Elapsed);
        }

        [Test]
        public void OneFailedPollIsRetriedUntilTheTimeout()
        {
            // Listing 1 selects; listing 2 is the first poll (session still there); listing 3 fails once (RPC blip).
            api.Local.FailEnumerations.Add(3);
            api.Local.Find(3).LogoffSeconds = 1;
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 } });
            Assert.AreEqual("logged_off", Actions(r)[3], api.Log.ToString());
            Assert.IsNull(Entry(r, 3)["error"]);
            Assert.IsFalse(r.Failed);
        }

        [Test]
        public void PollFailureAtTheTimeoutNamesTheListingError()
        {
            api.Local.Find(3).NeverGoes = true;
            api.Local.FailEnumerations.Add(4);
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 3 }, Timeout = 1, PollIntervalMs = 1000 });
            // Listing 2 = the check before the logoff, 3 = poll at 0 s, 4 = poll at the deadline (fails).
            Assert.AreEqual("failed", Actions(r)[3], api.Log.ToString());
            StringAssert.Contains("cannot confirm the logoff", (string)Entry(r, 3)["reason"]);
            Assert.AreEqual("RPC_S_CALL_FAILED", ((Hashtable)Entry(r, 3)["error"])["name"]);
        }

        // ---- own session under WinRM / PSRP / SSH ---------------------------------------------------

        [Test]
        public void UnderWinRmTheModuleRunsInSessionZeroAndOnlyThatIsProtectedAsOwn()
        {
            // A network logon (WinRM, PSRP, SSH) runs the module in session 0: ProcessIdToSessionId gives 0.
            api.CurrentSession = 0;
            SessionReport r = Run(new RdsLogoffRequest { All = true });
            // The admin's Remote Desktop session 1 is not the module's session: it is logged off like the others.
            CollectionAssert.AreEqual(new int[] { 1, 2, 3, 4, 5 }, Ids(r));
            Assert.AreEqual(5, r.Count(OutcomeKind.Ended));
            CollectionAssert.IsEmpty(r.Warnings);
            api = Standard(clock = new FakeClock());
            api.CurrentSession = 0;
            r = Run(new RdsLogoffRequest { SessionId = new int[] { 0 } });
            Assert.AreEqual("skipped", Actions(r)[0]);
            StringAssert.Contains("services session", (string)Entry(r, 0)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
            ArrayList l = List(new RdsSessionInfoRequest { SessionId = new int[] { 0, 1, 2 } });
            Assert.AreEqual(true, ((Hashtable)l[0])["is_current"], "session 0 is where the module runs");
            for (int i = 1; i < l.Count; i++)
                Assert.AreEqual(false, ((Hashtable)l[i])["is_current"]);
        }

        // ---- input checks and odd inputs ---------------------------------------------------------------

        [Test]
        public void UsernameWithAnEmptyPartFailsBeforeAnyCall()
        {
            foreach (string u in new string[] { "CONTOSO\\", "@contoso.com", "alice@", " \\ " })
            {
                ArgumentException e = Assert.Throws<ArgumentException>(delegate
                {
                    Run(new RdsLogoffRequest { Username = new string[] { u } });
                }, u);
                StringAssert.Contains("username", e.Message, u);
                Assert.Throws<ArgumentException>(delegate { List(new RdsSessionInfoRequest { Username = new string[] { u } }); }, u);
            }
            CollectionAssert.IsEmpty(api.Log.Events);
        }

        [Test]
        public void ServerNameIsTrimmedOfBackslashesAndBlankFails()
        {
            api.Host("rdsh01").Add(new FakeWtsSession(2, "CONTOSO", "carol")).Add(new FakeWtsSession(3, "CONTOSO", "dave"));
            SessionReport r = Run(new RdsLogoffRequest { SessionId = new int[] { 2 }, Server = "\\\\rdsh01 " });
            Assert.AreEqual("logged_off", Actions(r)[2]);
            CollectionAssert.Contains(api.Log.Events, "open rdsh01");
            StringAssert.Contains("on server 'rdsh01'", r.Sessions[0].Label);
            Assert.AreEqual(1, List(new RdsSessionInfoRequest { Server = "\\\\RDSH01" }).Count);
            int before = api.Log.Events.Count;
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { Run(new RdsLogoffRequest { All = true, Server = "  " }); });
            StringAssert.Contains("server", e.Message);
            Assert.Throws<ArgumentException>(delegate { List(new RdsSessionInfoRequest { Server = "\\\\" }); });
            Assert.AreEqual(before, api.Log.Events.Count);
        }

        // ---- idle-time arithmetic --------------------------------------------------------------------

        [Test]
        public void IdleSecondsIsCurrentMinusLastInput()
        {
            DateTime now = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
            WtsSessionTimes t = new WtsSessionTimes
            {
                CurrentTime = now.ToFileTimeUtc(),
                LastInputTime = now.AddSeconds(-125.7).ToFileTimeUtc(),
            };
            Assert.AreEqual(125L, WtsUtil.IdleSeconds(t));
        }

        [Test]
        public void IdleSecondsUnsetTimesAreNull()
        {
            long now = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).ToFileTimeUtc();
            Assert.IsNull(WtsUtil.IdleSeconds(new WtsSessionTimes { CurrentTime = now, LastInputTime = 0 }));
            Assert.IsNull(WtsUtil.IdleSeconds(new WtsSessionTimes { CurrentTime = 0, LastInputTime = now }));
            Assert.IsNull(WtsUtil.IdleSeconds(null));
        }

        [Test]
        public void IdleSecondsNeverNegative()
        {
            long now = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).ToFileTimeUtc();
            Assert.AreEqual(0L, WtsUtil.IdleSeconds(new WtsSessionTimes { CurrentTime = now, LastInputTime = now + 50000000 }));
        }

        [Test]
        public void TimesAsIso8601Utc()
        {
            long ft = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).ToFileTimeUtc();
            Assert.AreEqual("2026-01-02T03:04:05Z", RdsSessionInfoEngine.IsoTime(ft));
            Assert.IsNull(RdsSessionInfoEngine.IsoTime(0));
            Assert.IsNull(RdsSessionInfoEngine.IsoTime(-1));
            Assert.IsNull(RdsSessionInfoEngine.IsoTime(Int64.MaxValue));
        }

        [Test]
        public void StateNamesFollowTheEnum()
        {
            Assert.AreEqual("connect_query", WtsUtil.StateName(WtsConnectState.ConnectQuery));
            Assert.AreEqual("init", WtsUtil.StateName(WtsConnectState.Init));
            Assert.AreEqual(WtsConnectState.Disconnected, WtsUtil.ParseState("Disconnected"));
            Assert.AreEqual(10, WtsUtil.StateNames.Length);
            Assert.AreEqual("unknown_42", WtsUtil.StateName((WtsConnectState)42));
        }

        // ---- rds_session_info ------------------------------------------------------------------------

        private ArrayList List(RdsSessionInfoRequest r)
        {
            return new RdsSessionInfoEngine(api).List(r);
        }

        [Test]
        public void InfoListsEverySessionWithItsFields()
        {
            ArrayList l = List(new RdsSessionInfoRequest { SessionId = new int[] { 0, 1, 2, 3, 4, 5, 6, 65536 } });
            Assert.AreEqual(8, l.Count);
            Assert.AreEqual(5, List(new RdsSessionInfoRequest()).Count, "without ids: the sessions with a user only");
            Hashtable s2 = (Hashtable)l[2];
            Assert.AreEqual(2, s2["session_id"]);
            Assert.AreEqual("alice", s2["username"]);
            Assert.AreEqual("CONTOSO", s2["domain"]);
            Assert.AreEqual("active", s2["session_state"]);
            Assert.AreEqual("RDP-Tcp#2", s2["session_name"]);
            Assert.AreEqual("LAPTOP1", s2["client_name"]);
            Assert.AreEqual(10L, s2["idle_seconds"]);
            Assert.AreEqual("2026-01-01T11:59:50Z", s2["last_input_time"]);
            Assert.AreEqual("2026-01-01T10:00:00Z", s2["logon_time"]);
            Assert.AreEqual("2026-01-01T11:00:00Z", s2["connect_time"]);
            Assert.IsNull(s2["disconnect_time"]);
            Assert.AreEqual(false, s2["is_current"]);
            Assert.AreEqual(true, ((Hashtable)l[1])["is_current"]);
            Hashtable s5 = (Hashtable)l[5];
            Assert.IsNull(s5["idle_seconds"], "unset LastInputTime gives null");
            Assert.IsNull(s5["last_input_time"]);
            Hashtable listener = (Hashtable)l[7];
            Assert.AreEqual("listen", listener["session_state"]);
            Assert.IsNull(listener["username"]);
            Assert.IsNull(listener["logon_time"]);
            Assert.AreEqual("2026-01-01T11:30:00Z", ((Hashtable)l[3])["disconnect_time"]);
            Assert.AreEqual(0, api.Log.CountPrefix("logoff "));
            Assert.AreEqual(0, api.OpenHandles);
        }

        [Test]
        public void InfoFilters()
        {
            Assert.AreEqual(2, List(new RdsSessionInfoRequest { Username = new string[] { "alice" } }).Count);
            Assert.AreEqual(1, List(new RdsSessionInfoRequest { Username = new string[] { "fabrikam\\alice" } }).Count);
            Assert.AreEqual(2, List(new RdsSessionInfoRequest { SessionState = new string[] { "disconnected" } }).Count);
            ArrayList l = List(new RdsSessionInfoRequest { SessionId = new int[] { 3, 4 }, SessionState = new string[] { "disconnected" }, Username = new string[] { "CONTOSO\\*" } });
            Assert.AreEqual(1, l.Count);
            Assert.AreEqual(3, ((Hashtable)l[0])["session_id"]);
        }

        [Test]
        public void InfoOnRemoteServerHasNoCurrentSession()
        {
            api.Host("rdsh01").Add(new FakeWtsSession(1, "CONTOSO", "carol"));
            ArrayList l = List(new RdsSessionInfoRequest { Server = "rdsh01" });
            Assert.AreEqual(1, l.Count);
            Assert.AreEqual(false, ((Hashtable)l[0])["is_current"]);
        }

        [Test]
        public void InfoUnreachableServerFails()
        {
            WtsServerException e = Assert.Throws<WtsServerException>(delegate { List(new RdsSessionInfoRequest { Server = "nowhere" }); });
            StringAssert.Contains("server 'nowhere'", e.Message);
            StringAssert.Contains("RPC_S_SERVER_UNAVAILABLE", e.Message);
        }

        [Test]
        public void InfoOmitsSessionThatEndsWhileListing()
        {
            api.Local.Find(3).VanishAfterEnumerations = 1;
            api.Local.Find(4).QueryError = 5;
            ArrayList l = List(new RdsSessionInfoRequest { SessionState = new string[] { "disconnected" } });
            Assert.AreEqual(1, l.Count);
            Hashtable s4 = (Hashtable)l[0];
            Assert.AreEqual(4, s4["session_id"]);
            Assert.IsNull(s4["idle_seconds"], "times unreadable: reported as null");
        }

        [Test]
        public void InfoBadStateFails()
        {
            Assert.Throws<ArgumentException>(delegate { List(new RdsSessionInfoRequest { SessionState = new string[] { "gone" } }); });
            CollectionAssert.IsEmpty(api.Log.Events);
        }

        // ---- native layer ----------------------------------------------------------------------------

        [Test]
        public void SessionInfo1Layout()
        {
            Type t = typeof(NativeHelpers.WTS_SESSION_INFO_1W);
            Assert.AreEqual(56, Marshal.SizeOf(t));
            Assert.AreEqual(0, Marshal.OffsetOf(t, "ExecEnvId").ToInt32());
            Assert.AreEqual(4, Marshal.OffsetOf(t, "State").ToInt32());
            Assert.AreEqual(8, Marshal.OffsetOf(t, "SessionId").ToInt32());
            Assert.AreEqual(16, Marshal.OffsetOf(t, "pSessionName").ToInt32());
            Assert.AreEqual(24, Marshal.OffsetOf(t, "pHostName").ToInt32());
            Assert.AreEqual(32, Marshal.OffsetOf(t, "pUserName").ToInt32());
            Assert.AreEqual(40, Marshal.OffsetOf(t, "pDomainName").ToInt32());
            Assert.AreEqual(48, Marshal.OffsetOf(t, "pFarmName").ToInt32());
        }

        [Test]
        public void WtsInfoLayout()
        {
            Type t = typeof(NativeHelpers.WTSINFOW);
            Assert.AreEqual(216, Marshal.SizeOf(t));
            Assert.AreEqual(32, Marshal.OffsetOf(t, "WinStationName").ToInt32());
            Assert.AreEqual(96, Marshal.OffsetOf(t, "Domain").ToInt32());
            Assert.AreEqual(130, Marshal.OffsetOf(t, "UserName").ToInt32());
            Assert.AreEqual(176, Marshal.OffsetOf(t, "ConnectTime").ToInt32());
            Assert.AreEqual(184, Marshal.OffsetOf(t, "DisconnectTime").ToInt32());
            Assert.AreEqual(192, Marshal.OffsetOf(t, "LastInputTime").ToInt32());
            Assert.AreEqual(200, Marshal.OffsetOf(t, "LogonTime").ToInt32());
            Assert.AreEqual(208, Marshal.OffsetOf(t, "CurrentTime").ToInt32());
        }

        private static Type ParamType(string method, int index)
        {
            MethodInfo m = typeof(NativeMethods).GetMethod(method, BindingFlags.Public | BindingFlags.Static);
            Assert.IsNotNull(m, method);
            return m.GetParameters()[index].ParameterType;
        }

        private static Type MessageParamType(int index)
        {
            return typeof(MessageNativeMethods).GetMethod("WTSSendMessageW").GetParameters()[index].ParameterType;
        }

        [Test]
        public void EnumerateUsesTheLevel1BufferFreedWithFreeMemoryEx()
        {
            Assert.AreEqual(typeof(SafeWtsSessionInfo1Buffer).MakeByRefType(), ParamType("WTSEnumerateSessionsExW", 3));
            Assert.AreEqual(WtsFreeKind.FreeMemoryExSessionInfoLevel1, new SafeWtsSessionInfo1Buffer().FreeKind);
        }

        [Test]
        public void QueryUsesTheBufferFreedWithFreeMemory()
        {
            Assert.AreEqual(typeof(SafeWtsMemoryBuffer).MakeByRefType(), ParamType("WTSQuerySessionInformationW", 3));
            Assert.AreEqual(WtsFreeKind.FreeMemory, new SafeWtsMemoryBuffer().FreeKind);
        }

        [Test]
        public void Level1BufferReleaseCallsFreeMemoryExWithCount()
        {
            List<string> calls = new List<string>();
            WtsMemory.FreeOverride = delegate(WtsFreeKind k, IntPtr p, int n)
            {
                calls.Add(k + " " + p.ToInt64() + " " + n);
                return true;
            };
            using (new SafeWtsSessionInfo1Buffer(new IntPtr(0x1234), 7))
            {
            }
            using (new SafeWtsMemoryBuffer(new IntPtr(0x5678)))
            {
            }
            using (new SafeWtsMemoryBuffer())
            {
            }
            CollectionAssert.AreEqual(new string[] { "FreeMemoryExSessionInfoLevel1 4660 7", "FreeMemory 22136 0" }, calls,
                "an empty (NULL) buffer is not freed");
        }

        [Test]
        public void FreeMemoryExIsDeclaredWithTheTypeClass()
        {
            Assert.AreEqual(typeof(NativeHelpers.WtsTypeClass), ParamType("WTSFreeMemoryExW", 0));
            Assert.AreEqual(2, (int)NativeHelpers.WtsTypeClass.WTSTypeSessionInfoLevel1);
        }

        [Test]
        public void ServerHandlesAreSafeHandles()
        {
            MethodInfo open = typeof(NativeMethods).GetMethod("WTSOpenServerExW");
            Assert.AreEqual(typeof(SafeWtsServerHandle), open.ReturnType);
            foreach (string m in new string[] { "WTSEnumerateSessionsExW", "WTSQuerySessionInformationW", "WTSLogoffSession" })
                Assert.AreEqual(typeof(SafeWtsServerHandle), ParamType(m, 0), m);
            Assert.AreEqual(typeof(SafeWtsServerHandle), MessageParamType(0));
            Assert.IsTrue(typeof(SafeHandle).IsAssignableFrom(typeof(SafeWtsServerHandle)));
            Assert.IsTrue(typeof(SafeHandle).IsAssignableFrom(typeof(SafeWtsBuffer)));
            // The local server (WTS_CURRENT_SERVER_HANDLE) is not owned: disposing it never calls WTSCloseServer.
            SafeWtsServerHandle local = SafeWtsServerHandle.CurrentServer();
            Assert.AreEqual(IntPtr.Zero, local.DangerousGetHandle());
            local.Dispose();
        }

        [Test]
        public void LogoffAndMessageAreDeclaredWithBWait()
        {
            Assert.AreEqual(typeof(bool), ParamType("WTSLogoffSession", 2));
            Assert.AreEqual(typeof(bool), MessageParamType(9));
            Assert.AreEqual(typeof(int).MakeByRefType(), MessageParamType(8));
        }

        [Test]
        public void ReadsLevel1Buffer()
        {
            int size = Marshal.SizeOf(typeof(NativeHelpers.WTS_SESSION_INFO_1W));
            IntPtr buf = Marshal.AllocHGlobal(size * 2);
            IntPtr name = Marshal.StringToHGlobalUni("RDP-Tcp#3");
            IntPtr user = Marshal.StringToHGlobalUni("alice");
            IntPtr dom = Marshal.StringToHGlobalUni("CONTOSO");
            IntPtr empty = Marshal.StringToHGlobalUni("");
            try
            {
                NativeHelpers.WTS_SESSION_INFO_1W a = new NativeHelpers.WTS_SESSION_INFO_1W();
                a.SessionId = 3;
                a.State = WtsConnectState.Disconnected;
                a.pSessionName = name;
                a.pUserName = user;
                a.pDomainName = dom;
                NativeHelpers.WTS_SESSION_INFO_1W b = new NativeHelpers.WTS_SESSION_INFO_1W();
                b.SessionId = 65536;
                b.State = WtsConnectState.Listen;
                b.pUserName = empty;
                Marshal.StructureToPtr(a, buf, false);
                Marshal.StructureToPtr(b, new IntPtr(buf.ToInt64() + size), false);
                List<WtsSession> l = WtsMarshal.ReadSessionInfo1(buf, 2);
                Assert.AreEqual(2, l.Count);
                Assert.AreEqual(3, l[0].SessionId);
                Assert.AreEqual(WtsConnectState.Disconnected, l[0].State);
                Assert.AreEqual("CONTOSO\\alice", l[0].QualifiedUser);
                Assert.AreEqual("RDP-Tcp#3", l[0].SessionName);
                Assert.IsNull(l[0].HostName);
                Assert.AreEqual(65536, l[1].SessionId);
                Assert.IsFalse(l[1].HasUser, "an empty user name is no user");
            }
            finally
            {
                Marshal.FreeHGlobal(buf);
                Marshal.FreeHGlobal(name);
                Marshal.FreeHGlobal(user);
                Marshal.FreeHGlobal(dom);
                Marshal.FreeHGlobal(empty);
            }
        }

        [Test]
        public void ReadsWtsInfoBufferAndRejectsShortOnes()
        {
            int size = Marshal.SizeOf(typeof(NativeHelpers.WTSINFOW));
            IntPtr buf = Marshal.AllocHGlobal(size);
            try
            {
                for (int i = 0; i < size; i++)
                    Marshal.WriteByte(buf, i, 0);
                Marshal.WriteInt32(buf, 0, 4);
                Marshal.WriteInt32(buf, 4, 7);
                byte[] u = System.Text.Encoding.Unicode.GetBytes("alice");
                Marshal.Copy(u, 0, new IntPtr(buf.ToInt64() + 130), u.Length);
                Marshal.WriteInt64(buf, 192, 1111L);
                Marshal.WriteInt64(buf, 208, 2222L);
                WtsSessionTimes t = WtsMarshal.ReadWtsInfo(buf, size);
                Assert.AreEqual(7, t.SessionId);
                Assert.AreEqual(WtsConnectState.Disconnected, t.State);
                Assert.AreEqual("alice", t.UserName);
                Assert.AreEqual(1111L, t.LastInputTime);
                Assert.AreEqual(2222L, t.CurrentTime);
                Assert.AreEqual(0L, t.LogonTime);
                ApiException e = Assert.Throws<ApiException>(delegate { WtsMarshal.ReadWtsInfo(buf, 100); });
                StringAssert.Contains("100 bytes", e.Message);
            }
            finally
            {
                Marshal.FreeHGlobal(buf);
            }
        }
    }
}
