// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_access_restore runs whole: the .ps1's own $spec through ansible-core's Ansible.Basic, the C# runner,
// the target access fake and the host record fake behind a counting proxy, results checked against RETURN. The records
// are the ones iscsi_target_session_stop wrote in the same fixture, run whole as well.
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccessRestore;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccessRestoreModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;

namespace SessionCtl.Tests
{
    [TestFixture]
    [Category("iscsi_target_access_restore")]
    public class IscsiTargetAccessRestoreModuleTests : ModuleFixture
    {
        private FakeClock clock;
        private FakeIscsiTargetApi fake;
        private FakeIscsiTargetAccess access;
        private FakeHostRecordStore records;

        protected override string Module
        {
            get { return "iscsi_target_access_restore"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            IscsiTargetAccessRestoreModule.Run(module, CountingProxy.Wrap<IIscsiTargetAccessRestoreApi>(access, calls),
                CountingProxy.Wrap<IHostRecordStore>(records, calls));
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            fake = IscsiTargetHost.Standard(clock);
            access = new FakeIscsiTargetAccess(fake);
            access.Target("disk1", "IQN:" + IscsiTargetHost.Alice, "IQN:" + IscsiTargetHost.Bob);
            access.Target("disk2", "IQN:" + IscsiTargetHost.Carol);
            records = new FakeHostRecordStore();
        }

        /// <summary>iscsi_target_session_stop, whole, on tsih 1 (alice, disk1) with revoke_access and disable_target.</summary>
        private void StopAlice()
        {
            ModuleRun stop = ModuleHarness.Run("iscsi_target_session_stop",
                Args("tsih", new object[] { 1 }, "revoke_access", true, "disable_target", true),
                delegate(AnsibleModule m) { IscsiTargetSessionStopModule.Run(m, fake, access, clock, IscsiTargetHost.Server2019, records); },
                new CallCounter(), false, false);
            Assert.That(stop.Failed, Is.False, "{0}", stop);
            Assert.That(access.Targets["disk1"].Enabled, Is.False);
        }

        [Test]
        public void Restores_what_the_stop_recorded_and_a_second_run_changes_nothing()
        {
            StopAlice();
            ModuleRun run = Run(Args("target", new object[] { "disk1" }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("targets", "action"), Is.EqualTo(new string[] { "restored" }));
            Assert.That(access.Targets["disk1"].Enabled, Is.True);
            Assert.That(access.Targets["disk1"].IdList(), Has.Member("IQN:" + IscsiTargetHost.Alice));
            Assert.That(records.Records, Is.Empty);

            ModuleRun again = Run(Args("target", new object[] { "disk1" }));
            Assert.That(again.Changed, Is.False, "{0}", again);
            Assert.That(again.Field("targets", "action"), Is.EqualTo(new string[] { "no_record" }));
            Assert.That(again.Api.Calls, Has.No.Member("IIscsiTargetAccessRestoreApi.AddInitiatorId"));
        }

        [Test]
        public void Check_mode_and_diff_predict_and_change_nothing()
        {
            StopAlice();
            ModuleRun run = Run(Args("all", true), true, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("targets", "action"), Is.EqualTo(new string[] { "would_restore" }));
            Dictionary<string, object> before = (Dictionary<string, object>)run.Diff["before"];
            Dictionary<string, object> after = (Dictionary<string, object>)run.Diff["after"];
            Assert.That(((Dictionary<string, object>)before["disk1"])["enabled"], Is.EqualTo(false));
            Assert.That(((Dictionary<string, object>)after["disk1"])["enabled"], Is.EqualTo(true));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiTargetAccessRestoreApi.AddInitiatorId"));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiTargetAccessApi.SetEnabled"));
            Assert.That(run.Api.Calls, Has.No.Member("IHostRecordStore.Clear"));
            Assert.That(access.Targets["disk1"].Enabled, Is.False);
        }

        [Test]
        public void A_failed_target_fails_the_task_and_keeps_its_record()
        {
            StopAlice();
            access.AddHResult = 0x80041003L;
            ModuleRun run = Run(Args("all", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("disk1"));
            Assert.That(run.Field("targets", "action"), Is.EqualTo(new string[] { "failed" }));
            Assert.That(records.Records.Count, Is.EqualTo(1));
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("no target and no all", "target");
            yield return Bad("all false and no target", "all", "all", false);
            yield return Bad("empty target list", "target", "target", new object[0]);
            yield return Bad("empty target name", "target", "target", new object[] { "" });
            yield return Bad("blank target name", "target", "target", new object[] { "  " });
            yield return Bad("unknown option", "force", "all", true, "force", true);
        }
    }
}
