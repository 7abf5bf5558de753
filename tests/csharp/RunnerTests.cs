// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The shared runner pieces (ModuleParams, SessionRunner) and the two RDS module runners, driven through
// ansible-core's real Ansible.Basic.AnsibleModule (compiled under Mono by tools/ansible_basic.sh) with the WTS
// fakes. The specs here mirror the modules' .ps1 $spec; the spec-from-.ps1 harness builds them from the .ps1.
using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Reflection;
using NUnit.Framework;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionRunner;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wts;
using ansible_collections.sessionctl.windows.plugins.module_utils._WtsList;
using ansible_collections.sessionctl.windows.plugins.module_utils._WtsLogoff;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoffModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfoModule;

namespace SessionCtl.Tests
{
    /// <summary>Thrown by the Exit hook: the module ended with this rc.</summary>
    public class RunnerExit : Exception
    {
        public int Rc;

        public RunnerExit(int rc)
            : base("module exit " + rc)
        {
            Rc = rc;
        }
    }

    /// <summary>
    /// Runs a module runner as the exec wrapper would: the arguments written to a file, AnsibleModule.Create with a
    /// spec, the runner's Run, and the JSON that Ansible.Basic writes, parsed back.
    /// </summary>
    public class RunnerHarness
    {
        public int Rc = -1;
        public string Json;
        public Dictionary<string, object> Result;
        public bool Ended;

        public static Hashtable Opt(params object[] kv)
        {
            Hashtable h = new Hashtable();
            for (int i = 0; i < kv.Length; i += 2)
                h[kv[i]] = kv[i + 1];
            return h;
        }

        public static Hashtable Spec(Hashtable options, params object[] kv)
        {
            Hashtable spec = Opt(kv);
            spec["options"] = options;
            spec["supports_check_mode"] = true;
            return spec;
        }

        /// <summary>Runs <paramref name="run"/> with a module created from <paramref name="args"/>.</summary>
        public static RunnerHarness Run(Hashtable spec, IDictionary args, bool checkMode, bool diffMode,
            Action<AnsibleModule> run)
        {
            RunnerHarness h = new RunnerHarness();
            Dictionary<string, object> moduleArgs = new Dictionary<string, object>();
            if (args != null)
            {
                foreach (DictionaryEntry kv in args)
                    moduleArgs[(string)kv.Key] = kv.Value;
            }
            moduleArgs["_ansible_check_mode"] = checkMode;
            moduleArgs["_ansible_diff"] = diffMode;
            moduleArgs["_ansible_module_name"] = "runner_test";
            Dictionary<string, object> file = new Dictionary<string, object>();
            file["ANSIBLE_MODULE_ARGS"] = moduleArgs;
            string path = Path.GetTempFileName();
            File.WriteAllText(path, AnsibleModule.ToJson(file));
            AnsibleModule.ExitHandler oldExit = AnsibleModule.Exit;
            AnsibleModule.WriteLineHandler oldWrite = AnsibleModule.WriteLine;
            AnsibleModule.Exit = delegate(int rc) { throw new RunnerExit(rc); };
            AnsibleModule.WriteLine = delegate(string line) { h.Json = line; };
            try
            {
                AnsibleModule module = AnsibleModule.Create(new string[] { path }, spec);
                run(module);
            }
            catch (RunnerExit e)
            {
                h.Rc = e.Rc;
                h.Ended = true;
            }
            finally
            {
                AnsibleModule.Exit = oldExit;
                AnsibleModule.WriteLine = oldWrite;
                File.Delete(path);
            }
            if (h.Json != null)
                h.Result = AnsibleModule.FromJson<Dictionary<string, object>>(h.Json);
            return h;
        }

        public bool Failed
        {
            get { return Result != null && Result.ContainsKey("failed") && (bool)Result["failed"]; }
        }

        public string Msg
        {
            get { return Result != null && Result.ContainsKey("msg") ? (string)Result["msg"] : null; }
        }

        public List<Dictionary<string, object>> List(string key)
        {
            List<Dictionary<string, object>> res = new List<Dictionary<string, object>>();
            foreach (object o in (IEnumerable)Result[key])
                res.Add((Dictionary<string, object>)o);
            return res;
        }

        public List<string> Warnings
        {
            get
            {
                List<string> res = new List<string>();
                if (Result != null && Result.ContainsKey("warnings"))
                {
                    foreach (object o in (IEnumerable)Result["warnings"])
                        res.Add((string)o);
                }
                return res;
            }
        }

        /// <summary>Every value of the result is a dict, list, string, integer, boolean or null.</summary>
        public static void AssertJsonSafe(object value, string where)
        {
            if (value == null || value is string || value is bool || value is int || value is long)
                return;
            IDictionary d = value as IDictionary;
            if (d != null)
            {
                foreach (DictionaryEntry kv in d)
                    AssertJsonSafe(kv.Value, where + "." + kv.Key);
                return;
            }
            IEnumerable l = value as IEnumerable;
            if (l != null)
            {
                int i = 0;
                foreach (object o in l)
                    AssertJsonSafe(o, where + "[" + (i++) + "]");
                return;
            }
            Assert.Fail("{0} is a {1}, not a JSON value", where, value.GetType().FullName);
        }
    }

    /// <summary>Counts every call that reaches the WTS API.</summary>
    public class CountingWtsApi : IWtsApi
    {
        private readonly IWtsApi inner;
        public int Calls;

        public CountingWtsApi(IWtsApi inner)
        {
            this.inner = inner;
        }

        public IWtsServer OpenServer(string serverName)
        {
            Calls++;
            return inner.OpenServer(serverName);
        }

        public int GetCurrentSessionId()
        {
            Calls++;
            return inner.GetCurrentSessionId();
        }

        public string LocalComputerName
        {
            get
            {
                Calls++;
                return inner.LocalComputerName;
            }
        }
    }

    [TestFixture]
    public class ModuleParamsTests
    {
        private static Hashtable P(params object[] kv)
        {
            return RunnerHarness.Opt(kv);
        }

        [Test]
        public void UnsetStaysNullAndEmptyStringPassesThrough()
        {
            Hashtable p = P("a", null, "b", "");
            Assert.IsNull(ModuleParams.Str(p, "a"));
            Assert.IsNull(ModuleParams.Str(p, "missing"));
            Assert.AreEqual("", ModuleParams.Str(p, "b"));
            Assert.IsNull(ModuleParams.StrList(p, "a"));
            Assert.IsNull(ModuleParams.IntList(p, "missing"));
            Assert.IsNull(ModuleParams.Int(p, "a"));
            Assert.AreEqual(7, ModuleParams.Int(p, "a", 7));
            Assert.IsNull(ModuleParams.Str(null, "a"));
        }

        [Test]
        public void TypedValues()
        {
            Hashtable p = P("i", 5, "l", 6L, "s", "12", "f", 0.1f, "d", 2.5, "b", true, "bs", "no",
                "list", new List<object> { "x", "y" }, "ints", new object[] { 1, "2", 3L }, "one", "solo");
            Assert.AreEqual(5, ModuleParams.Int(p, "i"));
            Assert.AreEqual(6, ModuleParams.Int(p, "l"));
            Assert.AreEqual(12, ModuleParams.Int(p, "s"));
            Assert.AreEqual(0.1, ModuleParams.Double(p, "f").Value, 0.0);
            Assert.AreEqual(2.5, ModuleParams.Double(p, "d", 0));
            Assert.AreEqual(5.0, ModuleParams.Double(p, "i", 0));
            Assert.IsTrue(ModuleParams.Bool(p, "b").Value);
            Assert.IsFalse(ModuleParams.Bool(p, "bs", true));
            CollectionAssert.AreEqual(new string[] { "x", "y" }, ModuleParams.StrList(p, "list"));
            CollectionAssert.AreEqual(new int[] { 1, 2, 3 }, ModuleParams.IntList(p, "ints"));
            CollectionAssert.AreEqual(new string[] { "solo" }, ModuleParams.StrList(p, "one"));
        }

        [Test]
        public void WrongTypesNameTheOption()
        {
            Hashtable p = P("i", "ten", "big", 5000000000L, "b", "maybe", "d", "x", "s", new Hashtable(),
                "ints", new object[] { 1, null });
            StringAssert.StartsWith("i: 'ten' is not an integer",
                Assert.Throws<ArgumentException>(delegate { ModuleParams.Int(p, "i"); }).Message);
            StringAssert.StartsWith("big:", Assert.Throws<ArgumentException>(delegate { ModuleParams.Int(p, "big"); }).Message);
            StringAssert.StartsWith("b:", Assert.Throws<ArgumentException>(delegate { ModuleParams.Bool(p, "b"); }).Message);
            StringAssert.StartsWith("d:", Assert.Throws<ArgumentException>(delegate { ModuleParams.Double(p, "d"); }).Message);
            StringAssert.StartsWith("s:", Assert.Throws<ArgumentException>(delegate { ModuleParams.Str(p, "s"); }).Message);
            StringAssert.StartsWith("ints:", Assert.Throws<ArgumentException>(delegate { ModuleParams.IntList(p, "ints"); }).Message);
        }

        [Test]
        public void ChoicesInAnyCaseGetTheirOwnSpelling()
        {
            string[] choices = new string[] { "auto", "offline_disks" };
            Hashtable p = P("c", "Offline_Disks", "u", "AUTO", "n", "other", "e", "", "l", new object[] { "AUTO", "nope" });
            Assert.AreEqual("offline_disks", ModuleParams.Choice(p, "c", choices));
            Assert.AreEqual("auto", ModuleParams.Choice(p, "u", choices));
            Assert.AreEqual("other", ModuleParams.Choice(p, "n", choices));
            Assert.AreEqual("", ModuleParams.Choice(p, "e", choices));
            Assert.IsNull(ModuleParams.Choice(p, "missing", choices));
            CollectionAssert.AreEqual(new string[] { "auto", "nope" }, ModuleParams.ChoiceList(p, "l", choices));
        }
    }

    [TestFixture]
    public class SessionRunnerTests
    {
        private enum Colour { Red }

        [Test]
        public void ResultValuesAreJsonTypes()
        {
            Hashtable h = new Hashtable();
            h["u"] = 4294967295u;
            h["ul"] = UInt64.MaxValue;
            h["list"] = new ArrayList { 1, "a", null, new Hashtable { { "k", (short)2 } } };
            h["e"] = Colour.Red;
            h["d"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            object v = SessionRunner.ToResultValue(h);
            Assert.IsInstanceOf<Dictionary<string, object>>(v);
            Dictionary<string, object> d = (Dictionary<string, object>)v;
            Assert.AreEqual(4294967295L, d["u"]);
            Assert.AreEqual("18446744073709551615", d["ul"]);
            Assert.AreEqual("Red", d["e"]);
            Assert.AreEqual("2026-01-02T03:04:05.0000000Z", d["d"]);
            List<object> l = (List<object>)d["list"];
            Assert.AreEqual(2, ((Dictionary<string, object>)l[3])["k"]);
            RunnerHarness.AssertJsonSafe(v, "result");
        }

        [Test]
        public void FailureMessagesUnwrapAndDecode()
        {
            Exception wrapped = new TargetInvocationException(new Win32Exception(5));
            string msg = SessionRunner.FailureMessage("Failed to do it", wrapped);
            StringAssert.StartsWith("Failed to do it: ", msg);
            StringAssert.Contains("ERROR_ACCESS_DENIED (0x00000005)", msg);
            Assert.AreEqual("bad option", SessionRunner.FailureMessage("ctx", new ArgumentException("bad option")));
            ApiException api = ApiException.FromWin32("WTSLogoffSession", 1722);
            Assert.AreEqual("ctx: " + api.Message, SessionRunner.FailureMessage("ctx", api));
            WtsServerException own = new WtsServerException("cannot list server x", null, null);
            Assert.AreEqual("cannot list server x", SessionRunner.FailureMessage("ctx", own, typeof(WtsServerException)));
            StringAssert.Contains("E_FAIL", SessionRunner.FailureMessage("ctx",
                new System.Runtime.InteropServices.COMException("boom", unchecked((int)0x80004005))));
        }
    }

    [TestFixture]
    public class RdsRunnerTests
    {
        private static readonly object[] States = new object[] {
            "active", "connected", "connect_query", "shadow", "disconnected", "idle", "listen", "reset", "down", "init" };

        /// <summary>rds_logoff.ps1's $spec.</summary>
        public static Hashtable LogoffSpec()
        {
            Hashtable o = new Hashtable();
            o["session_id"] = RunnerHarness.Opt("type", "list", "elements", "int");
            o["username"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["state"] = RunnerHarness.Opt("type", "list", "elements", "str", "choices", States);
            o["idle_longer_than"] = RunnerHarness.Opt("type", "str");
            o["all"] = RunnerHarness.Opt("type", "bool", "default", false);
            o["server"] = RunnerHarness.Opt("type", "str");
            o["message"] = RunnerHarness.Opt("type", "str");
            o["message_title"] = RunnerHarness.Opt("type", "str");
            o["grace_period"] = RunnerHarness.Opt("type", "int", "default", 0);
            o["wait"] = RunnerHarness.Opt("type", "bool", "default", true);
            o["timeout"] = RunnerHarness.Opt("type", "int", "default", 120);
            return RunnerHarness.Spec(o);
        }

        /// <summary>rds_session_info.ps1's $spec.</summary>
        public static Hashtable InfoSpec()
        {
            Hashtable o = new Hashtable();
            o["session_id"] = RunnerHarness.Opt("type", "list", "elements", "int");
            o["username"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["state"] = RunnerHarness.Opt("type", "list", "elements", "str", "choices", States);
            o["server"] = RunnerHarness.Opt("type", "str");
            return RunnerHarness.Spec(o);
        }

        private static FakeWtsApi Host(FakeClock clock)
        {
            FakeWtsApi a = new FakeWtsApi(clock);
            a.CurrentSession = 0;
            a.Local
                .Add(new FakeWtsSession(0, null, null) { State = WtsConnectState.Disconnected, IdleSeconds = null })
                .Add(new FakeWtsSession(2, "CONTOSO", "alice") { IdleSeconds = 10, ClientName = "LAPTOP1" })
                .Add(new FakeWtsSession(3, "CONTOSO", "bob") { State = WtsConnectState.Disconnected, IdleSeconds = 3600 });
            return a;
        }

        [Test]
        public void LogoffFromParams()
        {
            LogoffRequest r = RdsLogoffModule.FromParams(RunnerHarness.Opt(
                "session_id", new List<object> { 2, 3 }, "username", new object[] { "CONTOSO\\alice" },
                "state", new object[] { "Disconnected", "ACTIVE" }, "idle_longer_than", "15m", "all", false,
                "server", null, "message", "", "message_title", null, "grace_period", 30, "wait", false, "timeout", 10));
            CollectionAssert.AreEqual(new int[] { 2, 3 }, r.SessionId);
            CollectionAssert.AreEqual(new string[] { "CONTOSO\\alice" }, r.Username);
            CollectionAssert.AreEqual(new string[] { "disconnected", "active" }, r.State);
            Assert.AreEqual("15m", r.IdleLongerThan);
            Assert.IsNull(r.Server);
            Assert.AreEqual("", r.Message);
            Assert.IsNull(r.MessageTitle);
            Assert.AreEqual(30, r.GracePeriod);
            Assert.IsFalse(r.Wait);
            Assert.AreEqual(10, r.Timeout);

            LogoffRequest d = RdsLogoffModule.FromParams(new Hashtable());
            Assert.IsNull(d.SessionId);
            Assert.IsNull(d.Username);
            Assert.IsNull(d.State);
            Assert.IsNull(d.IdleLongerThan);
            Assert.IsNull(d.Message);
            Assert.IsTrue(d.Wait);
            Assert.AreEqual(LogoffRequest.DefaultTimeout, d.Timeout);
        }

        [Test]
        public void SessionInfoFromParams()
        {
            SessionInfoRequest r = RdsSessionInfoModule.FromParams(RunnerHarness.Opt(
                "session_id", new object[] { 1 }, "state", new object[] { "Listen" }, "server", "rdsh01"));
            CollectionAssert.AreEqual(new int[] { 1 }, r.SessionId);
            CollectionAssert.AreEqual(new string[] { "listen" }, r.State);
            Assert.IsNull(r.Username);
            Assert.AreEqual("rdsh01", r.Server);
            SessionInfoRequest d = RdsSessionInfoModule.FromParams(RunnerHarness.Opt("server", null));
            Assert.IsNull(d.Server);
            Assert.IsNull(d.State);
        }

        [Test]
        public void LogoffRunsWholeAndExits()
        {
            FakeClock clock = new FakeClock();
            FakeWtsApi api = Host(clock);
            RunnerHarness h = RunnerHarness.Run(LogoffSpec(),
                RunnerHarness.Opt("username", "CONTOSO\\alice", "state", new object[] { "Active" }), false, true,
                delegate(AnsibleModule m) { RdsLogoffModule.Run(m, api, clock); });
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.IsFalse(h.Failed);
            Assert.IsTrue((bool)h.Result["changed"]);
            List<Dictionary<string, object>> sessions = h.List("sessions");
            Assert.AreEqual(1, sessions.Count);
            Assert.AreEqual(2, sessions[0]["id"]);
            Assert.AreEqual("logged_off", sessions[0]["action"]);
            StringAssert.StartsWith("1 session selected: 1 logged off", h.Msg);
            Dictionary<string, object> diff = (Dictionary<string, object>)h.Result["diff"];
            Assert.AreEqual(2, ((IList)((Dictionary<string, object>)diff["before"])["sessions"]).Count);
            Assert.AreEqual(1, ((IList)((Dictionary<string, object>)diff["after"])["sessions"]).Count);
            Assert.IsNull(api.Local.Find(2));

            // The second run changes nothing.
            RunnerHarness again = RunnerHarness.Run(LogoffSpec(),
                RunnerHarness.Opt("username", "CONTOSO\\alice", "state", new object[] { "Active" }), false, false,
                delegate(AnsibleModule m) { RdsLogoffModule.Run(m, api, clock); });
            Assert.AreEqual(0, again.Rc, again.Json);
            Assert.IsFalse((bool)again.Result["changed"]);
            Assert.AreEqual(0, again.List("sessions").Count);
            Assert.IsFalse(again.Result.ContainsKey("diff"));
        }

        [Test]
        public void LogoffCheckModeChangesNothing()
        {
            FakeClock clock = new FakeClock();
            FakeWtsApi api = Host(clock);
            RunnerHarness h = RunnerHarness.Run(LogoffSpec(), RunnerHarness.Opt("session_id", new object[] { 3 }),
                true, false, delegate(AnsibleModule m) { RdsLogoffModule.Run(m, api, clock); });
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.IsTrue((bool)h.Result["changed"]);
            Assert.AreEqual("would_log_off", h.List("sessions")[0]["action"]);
            Assert.IsNotNull(api.Local.Find(3));
        }

        [Test]
        public void LogoffBadOptionsFailBeforeAnyCall()
        {
            FakeClock clock = new FakeClock();
            CountingWtsApi api = new CountingWtsApi(Host(clock));
            RunnerHarness h = RunnerHarness.Run(LogoffSpec(), RunnerHarness.Opt("grace_period", 5), false, false,
                delegate(AnsibleModule m) { RdsLogoffModule.Run(m, api, clock); });
            Assert.AreEqual(1, h.Rc);
            Assert.IsTrue(h.Failed);
            StringAssert.StartsWith("no session selected", h.Msg);
            Assert.AreEqual(0, h.List("sessions").Count);
            Assert.IsFalse((bool)h.Result["changed"]);
            Assert.AreEqual(0, api.Calls);

            h = RunnerHarness.Run(LogoffSpec(), RunnerHarness.Opt("all", true, "idle_longer_than", "soon"), false, false,
                delegate(AnsibleModule m) { RdsLogoffModule.Run(m, api, clock); });
            Assert.IsTrue(h.Failed);
            StringAssert.StartsWith("idle_longer_than:", h.Msg);
            Assert.AreEqual(0, api.Calls);
        }

        [Test]
        public void LogoffFailedSessionFailsWithTheSummary()
        {
            FakeClock clock = new FakeClock();
            FakeWtsApi api = Host(clock);
            api.Local.Find(3).LogoffError = 5;
            RunnerHarness h = RunnerHarness.Run(LogoffSpec(), RunnerHarness.Opt("session_id", new object[] { 2, 3 }),
                false, false, delegate(AnsibleModule m) { RdsLogoffModule.Run(m, api, clock); });
            Assert.AreEqual(1, h.Rc, h.Json);
            Assert.IsTrue(h.Failed);
            Assert.IsTrue((bool)h.Result["changed"]);
            StringAssert.Contains("1 failed", h.Msg);
            StringAssert.Contains("0x00000005", h.Msg);
            List<Dictionary<string, object>> s = h.List("sessions");
            Assert.AreEqual("logged_off", s[0]["action"]);
            Assert.AreEqual("failed", s[1]["action"]);
            Assert.AreEqual(5, Convert.ToInt32(((Dictionary<string, object>)s[1]["error"])["code"]));
        }

        [Test]
        public void LogoffOfSessionZeroIsSkippedAsTheReturnSampleShows()
        {
            // Over WinRM the module runs in session 0 (a network logon): session 0 is kept by its own rule, which
            // is what the rds_logoff RETURN sample shows.
            FakeClock clock = new FakeClock();
            FakeWtsApi api = Host(clock);
            RunnerHarness h = RunnerHarness.Run(LogoffSpec(), RunnerHarness.Opt("session_id", new object[] { 0, 3 }),
                false, false, delegate(AnsibleModule m) { RdsLogoffModule.Run(m, api, clock); });
            Assert.AreEqual(0, h.Rc, h.Json);
            List<Dictionary<string, object>> s = h.List("sessions");
            Assert.AreEqual(0, s[0]["id"]);
            Assert.AreEqual("skipped", s[0]["action"]);
            Assert.AreEqual("session 0 is the services session and is never logged off", s[0]["reason"]);
            Assert.AreEqual("logged_off", s[1]["action"]);
            Assert.AreEqual(1, h.Warnings.Count, h.Json);
        }

        [Test]
        public void LogoffUnreachableServerFails()
        {
            FakeClock clock = new FakeClock();
            FakeWtsApi api = Host(clock);
            RunnerHarness h = RunnerHarness.Run(LogoffSpec(), RunnerHarness.Opt("all", true, "server", "gone01"),
                false, false, delegate(AnsibleModule m) { RdsLogoffModule.Run(m, api, clock); });
            Assert.AreEqual(1, h.Rc, h.Json);
            Assert.IsTrue(h.Failed);
            StringAssert.Contains("gone01", h.Msg);
            Assert.AreEqual(0, h.List("sessions").Count);
        }

        [Test]
        public void SessionInfoRunsWholeAndExits()
        {
            FakeClock clock = new FakeClock();
            FakeWtsApi api = Host(clock);
            RunnerHarness h = RunnerHarness.Run(InfoSpec(), RunnerHarness.Opt("state", new object[] { "DISCONNECTED" }),
                true, false, delegate(AnsibleModule m) { RdsSessionInfoModule.Run(m, api); });
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.IsFalse((bool)h.Result["changed"]);
            List<Dictionary<string, object>> s = h.List("sessions");
            Assert.AreEqual(2, s.Count);
            Assert.AreEqual(0, s[0]["id"]);
            Assert.AreEqual("bob", s[1]["username"]);
            Assert.AreEqual(false, s[1]["is_current"]);
        }

        [Test]
        public void SessionInfoBadOptionsFailBeforeAnyCall()
        {
            FakeClock clock = new FakeClock();
            CountingWtsApi api = new CountingWtsApi(Host(clock));
            RunnerHarness h = RunnerHarness.Run(InfoSpec(), RunnerHarness.Opt("session_id", new object[] { -1 }),
                false, false, delegate(AnsibleModule m) { RdsSessionInfoModule.Run(m, api); });
            Assert.AreEqual(1, h.Rc);
            Assert.IsTrue(h.Failed);
            StringAssert.Contains("session_id", h.Msg);
            Assert.AreEqual(0, h.List("sessions").Count);
            Assert.AreEqual(0, api.Calls);
        }
    }
}
