// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_access_restore's engine: what iscsi_target_session_stop recorded before its first revoke_access /
// disable_target change is put back (removed IDs created again, WT_Host.Enabled as recorded), read back, and the record
// is cleared; no record, no change.
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccessRestore;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class IscsiTargetAccessRestoreTests
    {
        private const string Alice = IscsiTargetHost.Alice;
        private const string Bob = IscsiTargetHost.Bob;

        private FakeClock clock;
        private FakeIscsiTargetApi api;
        private FakeIscsiTargetAccess access;
        private FakeHostRecordStore records;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            api = new FakeIscsiTargetApi(clock);
            api.Add(1, Alice, "disk1");
            api.Add(2, Bob, "disk2");
            access = new FakeIscsiTargetAccess(api);
            records = new FakeHostRecordStore();
            access.Target("disk1", "IQN:" + Alice, "IQN:" + Bob);
            access.Target("disk2", "IQN:" + Bob);
            access.Target("disk3", "IQN:" + Bob);
        }

        /// <summary>iscsi_target_session_stop with revoke_access and disable_target on alice's session of disk1.</summary>
        private void StopAliceAndKeepHerOut()
        {
            IscsiTargetSessionStopRequest req = new IscsiTargetSessionStopRequest();
            req.Initiator = new[] { Alice };
            IscsiTargetKeepEndedRequest o = new IscsiTargetKeepEndedRequest();
            o.RevokeAccess = true;
            o.DisableTarget = true;
            IscsiTargetKeepEndedResult r = new IscsiTargetKeepEndedEngine(new IscsiTargetSessionStopEngine(api, clock, IscsiTargetHost.Server2019), api, access,
                clock, records).Stop(req, o, false);
            Assert.IsFalse(r.Failed, r.Message);
            Assert.IsFalse(access.Targets["disk1"].Enabled);
        }

        private List<TargetRestore> Restore(string[] targets, bool all, bool check)
        {
            return new IscsiTargetAccessRestoreEngine(access, records).Restore(targets, all, check);
        }

        [Test]
        public void PutsBackWhatTheStopRecordedAndClearsTheRecord()
        {
            StopAliceAndKeepHerOut();
            access.Targets["disk1"].InitiatorIds.Add(FakeIscsiTargetAccess.Parse("IQN:iqn.1991-05.com.microsoft:dave.contoso.com"));
            List<TargetRestore> res = Restore(new[] { "disk1" }, false, false);
            Assert.AreEqual(1, res.Count);
            Assert.AreEqual("restored", res[0].Action, res[0].Reason);
            Assert.IsTrue(access.Targets["disk1"].Enabled);
            Assert.IsTrue(access.Targets["disk1"].Has(FakeIscsiTargetAccess.Parse("IQN:" + Alice)));
            Assert.IsTrue(access.Targets["disk1"].Has(FakeIscsiTargetAccess.Parse("IQN:iqn.1991-05.com.microsoft:dave.contoso.com")),
                "an ID added since the stop is kept");
            CollectionAssert.AreEqual(new[] { "IQN:" + Alice }, (ArrayList)res[0].ToDictionary()["added"]);
            Assert.AreEqual(false, res[0].ToDictionary()["enabled_before"]);
            Assert.AreEqual(true, res[0].ToDictionary()["enabled"]);
            Assert.AreEqual(0, records.Records.Count);

            List<TargetRestore> again = Restore(new[] { "disk1" }, false, false);
            Assert.AreEqual("no_record", again[0].Action, "idempotent: the second run finds no record and changes nothing");
            Assert.AreEqual(1, access.Log.CountPrefix("add-id disk1"));
        }

        [Test]
        public void CheckModePlansAndChangesNothing()
        {
            StopAliceAndKeepHerOut();
            access.Log.Events.Clear();
            List<TargetRestore> res = Restore(new[] { "disk1" }, false, true);
            Assert.AreEqual("would_restore", res[0].Action);
            Assert.AreEqual(true, res[0].ToDictionary()["enabled"]);
            Assert.AreEqual(0, access.Log.CountPrefix("add-id") + access.Log.CountPrefix("set-enabled"));
            Assert.AreEqual(1, records.Records.Count);
        }

        [Test]
        public void AllRestoresEveryTargetWithARecordAndReportsNoOther()
        {
            StopAliceAndKeepHerOut();
            List<TargetRestore> res = Restore(null, true, false);
            Assert.AreEqual(1, res.Count);
            Assert.AreEqual("disk1", res[0].TargetName);
            Assert.AreEqual("restored", res[0].Action);
        }

        [Test]
        public void ANamedTargetWithoutARecordIsNotChanged()
        {
            List<TargetRestore> res = Restore(new[] { "disk2" }, false, false);
            Assert.AreEqual("no_record", res[0].Action);
            Assert.AreEqual(0, access.Log.CountPrefix("read-access"));
        }

        [Test]
        public void AChangeTheProviderIgnoresFailsAndKeepsTheRecord()
        {
            StopAliceAndKeepHerOut();
            access.IgnoreChanges = true;
            List<TargetRestore> res = Restore(new[] { "disk1" }, false, false);
            Assert.AreEqual("failed", res[0].Action);
            StringAssert.Contains("still lacks IQN:" + Alice, res[0].Reason);
            Assert.AreEqual(1, records.Records.Count);
        }

        [Test]
        public void ARecordNotWrittenByTheCollectionFailsThatTargetOnly()
        {
            records.Records["iscsi_target_access:disk1"] = "something else";
            records.Records["iscsi_target_access:disk3"] = "enabled=false";
            List<TargetRestore> res = Restore(null, true, false);
            Assert.AreEqual(2, res.Count);
            Assert.AreEqual("failed", res[0].Action);
            StringAssert.Contains("cannot be read", res[0].Reason);
            Assert.AreEqual("restored", res[1].Action, res[1].Reason);
            Assert.IsFalse(access.Targets["disk3"].Enabled);
        }

        [Test]
        public void TheRecordFormatRoundTripsEveryMethod()
        {
            TargetAccess a = new TargetAccess();
            a.Enabled = false;
            a.InitiatorIds.Add(new InitiatorId(0, "ALICE-PC"));
            a.InitiatorIds.Add(new InitiatorId(5, "2001:db8::1"));
            a.InitiatorIds.Add(new InitiatorId(9, "x:y"));
            TargetAccess b = IscsiTargetAccessRestoreEngine.ReadRecord("disk1", AccessRecord.Write(a));
            Assert.IsFalse(b.Enabled);
            CollectionAssert.AreEqual(a.IdList(), b.IdList());
        }
    }
}
