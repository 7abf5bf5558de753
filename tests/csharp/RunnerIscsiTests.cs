// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The four iSCSI module runners, driven through ansible-core's real Ansible.Basic.AnsibleModule with the iSCSI
// fakes (see RunnerTests.cs for the harness). The specs here mirror the modules' .ps1 $spec.
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogoutModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class IscsiInitiatorRunnerTests
    {
        private const string T1 = IscsiInitiatorTests.T1;
        private const string T2 = IscsiInitiatorTests.T2;
        private const string S1 = IscsiInitiatorTests.S1;
        private const string S2 = IscsiInitiatorTests.S2;
        private const string S3 = IscsiInitiatorTests.S3;

        private FakeIscsiInitiator api;
        private FakeVds vds;
        private FakeClock clock;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            api = new FakeIscsiInitiator();
            vds = new FakeVds(api);
            clock = new FakeClock();
            api.AddDisk(api.Add(S1, T1, "192.0.2.10"), 2);
            api.AddDisk(api.Add(S2, T1, "192.0.2.11"), 3);
            api.AddDisk(api.Add(S3, T2, "192.0.2.10"), 4);
            api.AddLogin(T1, "192.0.2.10");
            api.AddLogin(T2, "192.0.2.10");
            vds.AddTarget(T1);
            vds.AddTarget(T2);
        }

        /// <summary>iscsi_initiator_logout.ps1's $spec.</summary>
        public static Hashtable LogoutSpec()
        {
            Hashtable o = new Hashtable();
            o["target"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["session_id"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["portal"] = RunnerHarness.Opt("type", "str");
            o["backend"] = RunnerHarness.Opt("type", "str", "default", "auto", "choices", new object[] { "auto", "iscsidsc", "vds" });
            o["remove_persistent"] = RunnerHarness.Opt("type", "bool", "default", false);
            o["busy"] = RunnerHarness.Opt("type", "str", "default", "fail", "choices", new object[] { "fail", "offline_disks" });
            o["retries"] = RunnerHarness.Opt("type", "int", "default", 5);
            o["retry_delay"] = RunnerHarness.Opt("type", "float", "default", 2.0);
            return RunnerHarness.Spec(o, "required_one_of", new object[] { new object[] { "target", "session_id" } });
        }

        /// <summary>iscsi_session_info.ps1's $spec.</summary>
        public static Hashtable InfoSpec()
        {
            Hashtable o = new Hashtable();
            o["target"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["session_id"] = RunnerHarness.Opt("type", "list", "elements", "str");
            return RunnerHarness.Spec(o);
        }

        private RunnerHarness Logout(IDictionary args, bool check, bool diff)
        {
            return RunnerHarness.Run(LogoutSpec(), args, check, diff,
                delegate(AnsibleModule m) { IscsiInitiatorLogoutModule.Run(m, api, vds, clock); });
        }

        private static Dictionary<string, object> Entry(RunnerHarness h, string id)
        {
            foreach (Dictionary<string, object> s in h.List("sessions"))
            {
                if ((string)s["session_id"] == id)
                    return s;
            }
            return null;
        }

        [Test]
        public void LogoutFromParams()
        {
            IscsiLogoutRequest r = IscsiInitiatorLogoutModule.FromParams(RunnerHarness.Opt(
                "target", new object[] { T1 }, "session_id", null, "portal", "", "backend", "VDS",
                "remove_persistent", true, "busy", "Offline_Disks", "retries", 2, "retry_delay", 0.5f));
            CollectionAssert.AreEqual(new string[] { T1 }, r.Target);
            Assert.IsNull(r.SessionId);
            Assert.AreEqual("", r.Portal);
            Assert.AreEqual("vds", r.Backend);
            Assert.AreEqual("vds", r.EffectiveBackend);
            Assert.IsTrue(r.RemovePersistent);
            Assert.AreEqual("offline_disks", r.Busy);
            Assert.IsTrue(r.OfflineDisks);
            Assert.AreEqual(2, r.Retries);
            Assert.AreEqual(0.5, r.RetryDelay);

            IscsiLogoutRequest d = IscsiInitiatorLogoutModule.FromParams(RunnerHarness.Opt("session_id", new object[] { S1 }));
            CollectionAssert.AreEqual(new string[] { S1 }, d.SessionId);
            Assert.IsNull(d.Target);
            Assert.IsNull(d.Portal);
            Assert.AreEqual("auto", d.Backend);
            Assert.AreEqual("fail", d.Busy);
            Assert.AreEqual(5, d.Retries);
            Assert.AreEqual(2.0, d.RetryDelay);
        }

        [Test]
        public void SessionInfoFromParams()
        {
            IscsiSessionInfoRequest r = IscsiSessionInfoModule.FromParams(RunnerHarness.Opt(
                "target", new List<object> { T1, T2 }, "session_id", null));
            CollectionAssert.AreEqual(new string[] { T1, T2 }, r.Target);
            Assert.IsNull(r.SessionId);
            Assert.IsNull(IscsiSessionInfoModule.FromParams(new Hashtable()).Target);
        }

        [Test]
        public void LogoutRunsWholeWithDiff()
        {
            RunnerHarness h = Logout(RunnerHarness.Opt("target", T1, "remove_persistent", true, "retry_delay", 0.5),
                false, true);
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.IsTrue((bool)h.Result["changed"]);
            Assert.AreEqual("logged_out", Entry(h, S1)["action"]);
            Assert.AreEqual("logged_out", Entry(h, S2)["action"]);
            List<Dictionary<string, object>> logins = h.List("persistent_logins");
            Assert.AreEqual(1, logins.Count);
            Assert.AreEqual("removed", logins[0]["action"]);
            Assert.AreEqual(4294967295L, Convert.ToInt64(logins[0]["initiator_port_number"]));
            StringAssert.StartsWith("2 sessions selected: 2 logged out; 1 persistent login selected: 1 removed", h.Msg);
            Assert.IsTrue(h.Result.ContainsKey("diff"));
            Assert.IsFalse(api.Has(S1));

            RunnerHarness again = Logout(RunnerHarness.Opt("target", T1, "remove_persistent", true), false, false);
            Assert.AreEqual(0, again.Rc, again.Json);
            Assert.IsFalse((bool)again.Result["changed"]);
            Assert.AreEqual(0, again.List("sessions").Count);
            Assert.AreEqual(0, again.List("persistent_logins").Count);
        }

        [Test]
        public void ChoicesInAnotherCaseWork()
        {
            // backend: VDS and busy: Offline_Disks pass Ansible.Basic's case-insensitive choice check unchanged.
            api.InUse.Add(S3);
            // backend: vds needs remove_persistent: true (LogoutFromTarget removes the persistent logins too).
            RunnerHarness h = Logout(RunnerHarness.Opt("target", T2, "backend", "VDS", "busy", "Offline_Disks",
                "remove_persistent", true), false, false);
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.AreEqual("logged_out", Entry(h, S3)["action"]);
            Assert.IsTrue(api.Log.IndexOf("vds logout " + T2) >= 0, String.Join(", ", api.Log.Events.ToArray()));
        }

        [Test]
        public void CheckModeChangesNothing()
        {
            RunnerHarness h = Logout(RunnerHarness.Opt("session_id", S3), true, false);
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.IsTrue((bool)h.Result["changed"]);
            Assert.AreEqual("would_log_out", Entry(h, S3)["action"]);
            Assert.IsTrue(api.Has(S3));
        }

        [Test]
        public void PersistentLoginEntriesCarryEveryAlwaysKey()
        {
            // RETURN marks these keys of persistent_logins returned: always, also when the listing failed.
            api.ListLoginsFails = IscsiCodes.ServiceNotRunning;
            RunnerHarness h = Logout(RunnerHarness.Opt("target", T2, "remove_persistent", true), false, false);
            Assert.AreEqual(1, h.Rc, h.Json);
            Assert.IsTrue(h.Failed);
            List<Dictionary<string, object>> logins = h.List("persistent_logins");
            Assert.AreEqual(1, logins.Count);
            foreach (string key in new string[] { "target_name", "initiator_instance", "initiator_port_number",
                "portal_address", "portal_port", "action" })
                Assert.IsTrue(logins[0].ContainsKey(key), key + " missing: " + h.Json);
            Assert.AreEqual("failed", logins[0]["action"]);
            StringAssert.Contains("persistent login", h.Msg);
        }

        [Test]
        public void BadOptionsFailBeforeAnyCall()
        {
            RunnerHarness h = Logout(RunnerHarness.Opt("session_id", "not-an-id"), false, false);
            Assert.AreEqual(1, h.Rc);
            Assert.IsTrue(h.Failed);
            // The engine's message names the value and "session id" (the option name itself is for its validation).
            StringAssert.Contains("'not-an-id' is not an iSCSI session id", h.Msg);
            Assert.AreEqual(0, h.List("sessions").Count);
            Assert.AreEqual(0, h.List("persistent_logins").Count);

            h = Logout(RunnerHarness.Opt("target", T1, "retry_delay", -1.0), false, false);
            Assert.IsTrue(h.Failed);
            StringAssert.StartsWith("retry_delay:", h.Msg);
            Assert.AreEqual(0, api.Log.Events.Count, String.Join(", ", api.Log.Events.ToArray()));
        }

        [Test]
        public void ListingFailureFailsWithTheDecodedError()
        {
            api.ListSessionsFails = IscsiCodes.ServiceNotRunning;
            RunnerHarness h = Logout(RunnerHarness.Opt("target", T1), false, false);
            Assert.AreEqual(1, h.Rc, h.Json);
            StringAssert.StartsWith("Failed to log out of the iSCSI sessions: ", h.Msg);
            StringAssert.Contains("0xEFFF003E", h.Msg);
        }

        [Test]
        public void SessionInfoRunsWhole()
        {
            RunnerHarness h = RunnerHarness.Run(InfoSpec(), RunnerHarness.Opt("target", T1), true, false,
                delegate(AnsibleModule m) { IscsiSessionInfoModule.Run(m, api); });
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.IsFalse((bool)h.Result["changed"]);
            List<Dictionary<string, object>> s = h.List("sessions");
            Assert.AreEqual(2, s.Count);
            Assert.AreEqual(T1, s[0]["target_name"]);
            Assert.AreEqual(true, s[0]["persistent"]);
        }

        [Test]
        public void SessionInfoBadOptionsFailBeforeAnyCall()
        {
            RunnerHarness h = RunnerHarness.Run(InfoSpec(), RunnerHarness.Opt("target", "not an iqn"), false, false,
                delegate(AnsibleModule m) { IscsiSessionInfoModule.Run(m, api); });
            Assert.AreEqual(1, h.Rc);
            Assert.IsTrue(h.Failed);
            StringAssert.Contains("target", h.Msg);
            Assert.AreEqual(0, h.List("sessions").Count);
            Assert.AreEqual(0, api.Log.Events.Count);
        }
    }

    [TestFixture]
    public class IscsiTargetRunnerTests
    {
        private const string Alice = "iqn.1991-05.com.microsoft:alice.contoso.com";
        private const string Bob = "iqn.1991-05.com.microsoft:bob.contoso.com";
        private static readonly OsInfo Server2019 = new OsInfo(10, 0, 17763, OsInfo.ProductServer);

        private FakeClock clock;
        private FakeIscsiTargetApi api;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            api = new FakeIscsiTargetApi(clock);
            api.Add(1, Alice, "disk1");
            api.Add(2, Bob, "disk1");
        }

        /// <summary>iscsi_target_session_stop.ps1's $spec.</summary>
        public static Hashtable StopSpec()
        {
            Hashtable o = new Hashtable();
            o["initiator"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["target"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["tsih"] = RunnerHarness.Opt("type", "list", "elements", "int");
            o["method"] = RunnerHarness.Opt("type", "str", "default", "auto", "choices", new object[] { "auto", "cim", "ioctl" });
            o["requested_state"] = RunnerHarness.Opt("type", "str", "default", "disabled", "choices",
                new object[] { "disabled", "shut_down" });
            o["timeout"] = RunnerHarness.Opt("type", "int", "default", 60);
            o["device"] = RunnerHarness.Opt("type", "str");
            o["session_cookie"] = RunnerHarness.Opt("type", "str");
            o["signature"] = RunnerHarness.Opt("type", "str");
            o["allow_unsupported_os"] = RunnerHarness.Opt("type", "bool", "default", false);
            return RunnerHarness.Spec(o, "required_one_of", new object[] { new object[] { "initiator", "target", "tsih" } });
        }

        /// <summary>iscsi_target_session_info.ps1's $spec.</summary>
        public static Hashtable InfoSpec()
        {
            Hashtable o = new Hashtable();
            o["initiator"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["target"] = RunnerHarness.Opt("type", "list", "elements", "str");
            o["tsih"] = RunnerHarness.Opt("type", "list", "elements", "int");
            return RunnerHarness.Spec(o);
        }

        private RunnerHarness Stop(IDictionary args, bool check, bool diff)
        {
            return RunnerHarness.Run(StopSpec(), args, check, diff,
                delegate(AnsibleModule m) { IscsiTargetSessionStopModule.Run(m, api, clock, Server2019); });
        }

        [Test]
        public void StopFromParams()
        {
            TargetSessionStopRequest r = IscsiTargetSessionStopModule.FromParams(RunnerHarness.Opt(
                "initiator", new object[] { Alice }, "tsih", new object[] { 1, 2 }, "method", "CIM",
                "requested_state", "Shut_Down", "timeout", 5, "device", null, "session_cookie", "", "signature", null,
                "allow_unsupported_os", true));
            CollectionAssert.AreEqual(new string[] { Alice }, r.Initiator);
            Assert.IsNull(r.Target);
            CollectionAssert.AreEqual(new int[] { 1, 2 }, r.Tsih);
            Assert.AreEqual("cim", r.Method);
            Assert.AreEqual("shut_down", r.RequestedState);
            Assert.AreEqual(5, r.Timeout);
            Assert.IsNull(r.Device);
            Assert.AreEqual("", r.SessionCookie);
            Assert.IsNull(r.Signature);
            Assert.IsTrue(r.AllowUnsupportedOs);

            TargetSessionStopRequest d = IscsiTargetSessionStopModule.FromParams(RunnerHarness.Opt("tsih", 1));
            CollectionAssert.AreEqual(new int[] { 1 }, d.Tsih);
            Assert.AreEqual("auto", d.Method);
            Assert.AreEqual("disabled", d.RequestedState);
            Assert.AreEqual(60, d.Timeout);
            Assert.IsFalse(d.AllowUnsupportedOs);
        }

        [Test]
        public void InfoFromParams()
        {
            TargetSessionInfoRequest r = IscsiTargetSessionInfoModule.FromParams(RunnerHarness.Opt(
                "target", new object[] { "disk1" }, "tsih", new List<object> { 3 }, "initiator", null));
            CollectionAssert.AreEqual(new string[] { "disk1" }, r.Target);
            CollectionAssert.AreEqual(new int[] { 3 }, r.Tsih);
            Assert.IsNull(r.Initiator);
        }

        [Test]
        public void StopRunsWholeWithChoicesInAnotherCase()
        {
            // method: CIM and requested_state: Disabled pass Ansible.Basic's case-insensitive choice check unchanged.
            RunnerHarness h = Stop(RunnerHarness.Opt("initiator", Alice, "method", "CIM", "requested_state", "Disabled"),
                false, true);
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.IsTrue((bool)h.Result["changed"]);
            Assert.AreEqual("cim", h.Result["method"]);
            List<Dictionary<string, object>> s = h.List("sessions");
            Assert.AreEqual(1, s.Count);
            Assert.AreEqual("stopped", s[0]["action"]);
            Dictionary<string, object> diff = (Dictionary<string, object>)h.Result["diff"];
            Assert.AreEqual(2, ((IList)((Dictionary<string, object>)diff["before"])["sessions"]).Count);
            Assert.AreEqual(1, ((IList)((Dictionary<string, object>)diff["after"])["sessions"]).Count);
            Assert.IsFalse(api.Has(1));

            RunnerHarness again = Stop(RunnerHarness.Opt("initiator", Alice), false, false);
            Assert.AreEqual(0, again.Rc, again.Json);
            Assert.IsFalse((bool)again.Result["changed"]);
            StringAssert.StartsWith("no sessions matched", again.Msg);
        }

        [Test]
        public void StopCheckMode()
        {
            RunnerHarness h = Stop(RunnerHarness.Opt("tsih", new object[] { 2 }), true, false);
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.AreEqual("would_stop", h.List("sessions")[0]["action"]);
            Assert.IsTrue(api.Has(2));
        }

        [Test]
        public void StopEngineRefusalIsItsOwnMessage()
        {
            RunnerHarness h = Stop(RunnerHarness.Opt("tsih", new object[] { 2 }, "method", "ioctl", "device", "\\\\.\\Scsi2:",
                "session_cookie", "0x1", "signature", "WTSPT"), false, false);
            Assert.AreEqual(1, h.Rc, h.Json);
            StringAssert.StartsWith("method=ioctl sends ISCSITGT_SPT_SESSION_END", h.Msg);
            Assert.AreEqual(0, h.List("sessions").Count);
        }

        [Test]
        public void StopBadOptionsFailBeforeAnyCall()
        {
            RunnerHarness h = Stop(RunnerHarness.Opt("tsih", new object[] { 0 }), false, false);
            Assert.AreEqual(1, h.Rc);
            StringAssert.Contains("tsih", h.Msg);
            h = Stop(RunnerHarness.Opt("tsih", new object[] { 1 }, "device", "\\\\.\\Scsi2:"), false, false);
            Assert.AreEqual(1, h.Rc);
            StringAssert.Contains("device", h.Msg);
            Assert.AreEqual(0, h.List("sessions").Count);
            Assert.AreEqual(0, api.Log.Events.Count, String.Join(", ", api.Log.Events.ToArray()));
        }

        [Test]
        public void StopProviderMissingFails()
        {
            api.ListHResult = 0x8004100EL;
            RunnerHarness h = Stop(RunnerHarness.Opt("tsih", new object[] { 1 }), false, false);
            Assert.AreEqual(1, h.Rc, h.Json);
            StringAssert.Contains("FS-iSCSITarget-Server", h.Msg);
        }

        [Test]
        public void InfoRunsWhole()
        {
            RunnerHarness h = RunnerHarness.Run(InfoSpec(), RunnerHarness.Opt("target", "DISK1"), true, false,
                delegate(AnsibleModule m) { IscsiTargetSessionInfoModule.Run(m, api); });
            Assert.AreEqual(0, h.Rc, h.Json);
            Assert.IsFalse((bool)h.Result["changed"]);
            Assert.AreEqual(2, h.List("sessions").Count);
            RunnerHarness.AssertJsonSafe(h.Result, "result");
        }

        [Test]
        public void InfoBadOptionsFailBeforeAnyCall()
        {
            RunnerHarness h = RunnerHarness.Run(InfoSpec(), RunnerHarness.Opt("initiator", "alice"), false, false,
                delegate(AnsibleModule m) { IscsiTargetSessionInfoModule.Run(m, api); });
            Assert.AreEqual(1, h.Rc);
            StringAssert.Contains("initiator", h.Msg);
            Assert.AreEqual(0, h.List("sessions").Count);
            Assert.AreEqual(0, api.Log.Events.Count);
        }
    }
}
