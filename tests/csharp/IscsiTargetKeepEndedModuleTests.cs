// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_session_stop run whole (Ansible.Basic + the .ps1's $spec + the runner) with the options that keep a
// stopped session ended, against the fake target and the fake initiator that logs in again.
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule;

namespace SessionCtl.Tests.KeepEnded
{
    [TestFixture]
    public class IscsiTargetKeepEndedModuleTests
    {
        private const string Alice = "iqn.1991-05.com.microsoft:alice.contoso.com";
        private const string Bob = "iqn.1991-05.com.microsoft:bob.contoso.com";
        private static readonly OsInfo Server2019 = new OsInfo(10, 0, 17763, OsInfo.ProductServer);

        private FakeClock clock;
        private FakeIscsiTargetApi api;
        private FakeIscsiTargetAccess access;
        private TargetSession alice1;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            api = new FakeIscsiTargetApi(clock);
            access = new FakeIscsiTargetAccess(api);
            alice1 = api.Add(1, Alice, "disk1");
            api.Add(2, Bob, "disk1");
            access.Target("disk1", "IQN:" + Alice, "IQN:" + Bob);
        }

        private ModuleRun Run(Hashtable args)
        {
            return ModuleHarness.Run("iscsi_target_session_stop", args,
                delegate(AnsibleModule m) { IscsiTargetSessionStopModule.Run(m, api, access, clock, Server2019); });
        }

        private static Hashtable Args(params object[] kv)
        {
            Hashtable a = new Hashtable();
            a["initiator"] = new ArrayList(new object[] { Alice });
            for (int i = 0; i < kv.Length; i += 2)
                a[kv[i]] = kv[i + 1];
            return a;
        }

        private static Dictionary<string, object> First(ModuleRun r, string key)
        {
            return (Dictionary<string, object>)((ArrayList)r[key])[0];
        }

        [Test]
        public void DefaultsTouchNoTargetAndDoNotWatch()
        {
            ModuleRun r = Run(Args());
            Assert.AreEqual(0, r.ExitCode, r.Raw);
            Assert.AreEqual(0, ((ArrayList)r["targets"]).Count);
            Assert.AreEqual(0, access.Log.CountPrefix("read-access"));
            Assert.AreEqual(TimeSpan.Zero, clock.Elapsed);
            Assert.AreEqual("stopped", First(r, "sessions")["action"]);
        }

        [Test]
        public void RevokeAndSettleReportTheTargetWithItsPreviousIds()
        {
            access.LogsInAgain(alice1, TimeSpan.FromSeconds(3), 40);
            Hashtable a = Args("revoke_access", true, "settle_time", 15, "_ansible_diff", true);
            ModuleRun r = Run(a);
            Assert.AreEqual(0, r.ExitCode, r.Raw);
            Assert.IsTrue(r.Changed);
            Dictionary<string, object> t = First(r, "targets");
            Assert.AreEqual("disk1", t["target_name"]);
            Assert.AreEqual("changed", t["action"]);
            CollectionAssert.AreEqual(new object[] { "IQN:" + Alice, "IQN:" + Bob }, (ArrayList)t["initiator_ids_before"]);
            CollectionAssert.AreEqual(new object[] { "IQN:" + Bob }, (ArrayList)t["initiator_ids"]);
            Assert.AreEqual("stopped", First(r, "sessions")["action"]);
            Dictionary<string, object> diff = (Dictionary<string, object>)r["diff"];
            Dictionary<string, object> before = (Dictionary<string, object>)((Dictionary<string, object>)diff["before"])["targets"];
            Assert.AreEqual(2, ((ArrayList)((Dictionary<string, object>)before["disk1"])["initiator_ids"]).Count);
            StringAssert.Contains("revoked IQN:" + Alice, r.Msg);
        }

        [Test]
        public void ALoginWithinSettleTimeFailsTheTask()
        {
            access.LogsInAgain(alice1, TimeSpan.FromSeconds(3), 40);
            ModuleRun r = Run(Args("settle_time", 15));
            Assert.IsTrue(r.Failed);
            Dictionary<string, object> s = First(r, "sessions");
            Assert.AreEqual("failed", s["action"]);
            StringAssert.StartsWith("logged in again", (string)s["reason"]);
            Assert.AreEqual(40, s["logged_in_again_tsih"]);
            StringAssert.Contains("logged in again", r.Msg);
        }

        [Test]
        public void CheckModeWithDisableTargetPlansOnly()
        {
            ModuleRun r = Run(Args("disable_target", true, "_ansible_check_mode", true));
            Assert.AreEqual(0, r.ExitCode, r.Raw);
            Assert.IsTrue(r.Changed);
            Dictionary<string, object> t = First(r, "targets");
            Assert.AreEqual("would_change", t["action"]);
            Assert.AreEqual(true, t["enabled_before"]);
            Assert.AreEqual(false, t["enabled"]);
            Assert.IsTrue(access.Targets["disk1"].Enabled);
        }

        [Test]
        public void BadSettleTimeFailsBeforeAnyWindowsCall()
        {
            ModuleRun r = Run(Args("settle_time", -5));
            Assert.IsTrue(r.Failed);
            StringAssert.Contains("settle_time", r.Msg);
            Assert.AreEqual(0, api.Log.Events.Count);
        }

        [Test]
        public void KeepEndedFromParamsReadsTheSpecKeys()
        {
            Hashtable p = new Hashtable();
            p["revoke_access"] = true;
            p["disable_target"] = false;
            p["settle_time"] = 30;
            KeepEndedOptions o = IscsiTargetSessionStopModule.KeepEndedFromParams(p);
            Assert.IsTrue(o.RevokeAccess);
            Assert.IsFalse(o.DisableTarget);
            Assert.AreEqual(30, o.SettleTime);
        }
    }
}
