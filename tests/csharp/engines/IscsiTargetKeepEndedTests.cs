// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class IscsiTargetKeepEndedTests
    {
        private const string Alice = IscsiTargetHost.Alice;
        private const string Bob = IscsiTargetHost.Bob;

        private FakeClock clock;
        private FakeIscsiTargetApi api;
        private FakeIscsiTargetAccess access;
        private FakeHostRecordStore records;
        private TargetSession alice1;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            api = new FakeIscsiTargetApi(clock);
            access = new FakeIscsiTargetAccess(api);
            records = new FakeHostRecordStore();
            alice1 = api.Add(1, Alice, "disk1");
            api.Add(2, Bob, "disk1");
            api.Add(3, Alice, "disk2");
            access.Target("disk1", "IQN:" + Alice, "IQN:" + Bob);
            access.Target("disk2", "IQN:" + Alice);
        }

        private IscsiTargetKeepEndedResult Stop(IscsiTargetSessionStopRequest r, IscsiTargetKeepEndedRequest o, bool check)
        {
            IscsiTargetKeepEndedEngine keeper = new IscsiTargetKeepEndedEngine(new IscsiTargetSessionStopEngine(api, clock, IscsiTargetHost.Server2019), api, access, clock, records);
            return keeper.Stop(r, o, check);
        }

        private static IscsiTargetSessionStopRequest Initiator(string iqn)
        {
            IscsiTargetSessionStopRequest r = new IscsiTargetSessionStopRequest();
            r.Initiator = new[] { iqn };
            r.Timeout = 30;
            return r;
        }

        private static IscsiTargetKeepEndedRequest Options(bool revoke, bool disable, int settle)
        {
            IscsiTargetKeepEndedRequest o = new IscsiTargetKeepEndedRequest();
            o.RevokeAccess = revoke;
            o.DisableTarget = disable;
            o.SettleTime = settle;
            return o;
        }

        private static string Action(IscsiTargetKeepEndedResult r, int tsih)
        {
            foreach (SessionOutcome o in r.Stop.Report.Sessions)
            {
                if ((int)o.Fields["tsih"] == tsih)
                    return IscsiTargetSessionStopResult.Verbs.For(o.Kind);
            }
            return null;
        }

        private static SessionOutcome Outcome(IscsiTargetKeepEndedResult r, int tsih)
        {
            foreach (SessionOutcome o in r.Stop.Report.Sessions)
            {
                if ((int)o.Fields["tsih"] == tsih)
                    return o;
            }
            return null;
        }

        [Test]
        public void WithoutAnOptionAnInitiatorThatLogsInAgainIsReportedStopped()
        {
            // The problem the options solve: the stop succeeds and the session is back seconds later.
            access.LogsInAgain(alice1, TimeSpan.FromSeconds(3), 40);
            IscsiTargetKeepEndedResult r = Stop(Initiator(Alice), Options(false, false, 0), false);
            Assert.AreEqual("stopped", Action(r, 1));
            clock.Advance(TimeSpan.FromSeconds(1));
            clock.Advance(TimeSpan.FromSeconds(10));
            Assert.IsTrue(api.Has(40), "the initiator logged in again under a new TSIH");
            Assert.AreEqual(0, access.Log.CountPrefix("remove-id"));
        }

        [Test]
        public void SettleTimeReportsASessionThatComesBackAsFailed()
        {
            access.LogsInAgain(alice1, TimeSpan.FromSeconds(3), 40);
            IscsiTargetKeepEndedResult r = Stop(Initiator(Alice), Options(false, false, 20), false);
            SessionOutcome o = Outcome(r, 1);
            Assert.AreEqual(OutcomeKind.Failed, o.Kind);
            StringAssert.StartsWith("logged in again", o.Reason);
            StringAssert.Contains("TSIH 40", o.Reason);
            Assert.AreEqual(40, o.Fields["logged_in_again_tsih"]);
            Assert.AreEqual("stopped", Action(r, 3), "disk2's session did not come back");
            Assert.IsTrue(r.Failed);
            Assert.IsTrue(r.Changed, "a session was stopped, even if it came back");
            Assert.GreaterOrEqual(clock.Elapsed, TimeSpan.FromSeconds(20), "the watch lasts settle_time");
        }

        [Test]
        public void RevokeBeforeStopKeepsTheInitiatorOut()
        {
            access.LogsInAgain(alice1, TimeSpan.FromSeconds(3), 40);
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, false, 20), false);
            Assert.AreEqual("stopped", Action(r, 1));
            Assert.IsFalse(r.Failed, r.Message);
            Assert.IsFalse(api.Has(40));
            Assert.AreEqual(1, access.Log.CountPrefix("login refused"));
            Assert.Less(access.Log.FirstIndexOfPrefix("remove-id disk1 IQN:" + Alice), access.Log.FirstIndexOfPrefix("rsc 1"),
                "access is revoked before the session is stopped");
            Assert.AreEqual(1, r.Targets.Count);
            TargetAccessChange t = r.Targets[0];
            Assert.AreEqual("changed", t.Action);
            Hashtable h = t.ToDictionary();
            CollectionAssert.AreEqual(new[] { "IQN:" + Alice, "IQN:" + Bob }, (ArrayList)h["initiator_ids_before"]);
            CollectionAssert.AreEqual(new[] { "IQN:" + Bob }, (ArrayList)h["initiator_ids"]);
            CollectionAssert.AreEqual(new[] { "IQN:" + Alice }, (ArrayList)h["revoked"]);
            Assert.AreEqual(true, h["enabled"]);
            Assert.IsTrue(api.Has(2), "Bob's session on the same target is left alone");
            StringAssert.Contains("target disk1 revoked IQN:" + Alice, r.Message);
        }

        [Test]
        public void ATsihReusedByAnotherInitiatorDuringTheAccessChangeIsNotStopped()
        {
            // issue 20 item 0f: alice's TSIH 1 ends while her access is revoked and the target hands TSIH 1 to bob
            // (RFC 7143: a TSIH is the target's tag for a session, free again once that session is gone).
            access.OnChange = delegate
            {
                if (!api.Has(1) || access.Log.CountPrefix("remove-id") != 1)
                    return;
                api.Sessions.Remove(alice1);
                TargetSession reused = api.Add(1, Bob, "disk1");
                reused.Isid = 0x400001370099UL;
            };
            IscsiTargetSessionStopRequest req = new IscsiTargetSessionStopRequest();
            req.Tsih = new[] { 1 };
            req.Timeout = 30;
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, false, 0), false);
            SessionOutcome o = Outcome(r, 1);
            Assert.AreEqual(Alice, o.Fields["initiator_iqn"], "the session reported is the one found first");
            Assert.AreEqual(OutcomeKind.AlreadyGone, o.Kind, o.Reason);
            Assert.AreEqual(1, r.Stop.Report.Sessions.Count, r.Message);
            Assert.IsTrue(api.Has(1), "bob's session under the reused TSIH 1 is not stopped");
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));
            string warnings = String.Join("\n", r.Stop.Report.Warnings.ToArray());
            StringAssert.Contains("TSIH 1", warnings);
            StringAssert.Contains(Bob, warnings);
        }

        [Test]
        public void TheFirstChangeRecordsWhatTheTargetAllowedAndARerunKeepsThatRecord()
        {
            // issue 21 item 4: the record on the host is what the target allowed before the first change.
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            Stop(req, Options(true, false, 0), true);
            Assert.AreEqual(0, records.Records.Count, "check mode records nothing");
            Stop(req, Options(true, false, 0), false);
            Assert.AreEqual("enabled=true\nIQN:" + Alice + "\nIQN:" + Bob, records.Records["iscsi_target_access:disk1"]);
            IscsiTargetSessionStopRequest bob = Initiator(Bob);
            bob.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(bob, Options(true, true, 0), false);
            Assert.AreEqual("changed", r.Targets[0].Action, r.Targets[0].Reason);
            Assert.AreEqual("enabled=true\nIQN:" + Alice + "\nIQN:" + Bob, records.Records["iscsi_target_access:disk1"],
                "a re-run never overwrites the first record");
            Assert.IsFalse(records.Records.ContainsKey("iscsi_target_access:disk2"), "disk2 was not changed");
        }

        [Test]
        public void ATargetWhoseRecordCannotBeWrittenIsNotChanged()
        {
            records.Deny.Add("write");
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, false, 0), false);
            Assert.AreEqual("failed", r.Targets[0].Action);
            StringAssert.Contains("could not be recorded", r.Targets[0].Reason);
            Assert.AreEqual(0, access.Log.CountPrefix("remove-id"));
            Assert.AreEqual(OutcomeKind.Failed, Outcome(r, 1).Kind);
            Assert.IsTrue(api.Has(1));
        }

        [Test]
        public void RevokeIsIdempotent()
        {
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            Stop(req, Options(true, false, 0), false);
            access.Log.Events.Clear();
            IscsiTargetKeepEndedResult again = Stop(req, Options(true, false, 0), false);
            Assert.IsFalse(again.Changed);
            Assert.AreEqual(0, again.Targets.Count, "no session selected, so no target is touched");
            Assert.AreEqual(0, access.Log.CountPrefix("remove-id"));
        }

        [Test]
        public void RevokeWhenTheIdIsAlreadyGoneChangesNoTarget()
        {
            access.Targets["disk1"].InitiatorIds.RemoveAt(0);
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, false, 0), false);
            Assert.AreEqual("unchanged", r.Targets[0].Action);
            Assert.AreEqual("stopped", Action(r, 1));
            Assert.AreEqual(0, access.Log.CountPrefix("remove-id"));
        }

        [Test]
        public void CheckModePlansTheAccessChangeAndChangesNothing()
        {
            IscsiTargetKeepEndedResult r = Stop(Initiator(Alice), Options(true, true, 20), true);
            Assert.AreEqual("would_stop", Action(r, 1));
            Assert.AreEqual(2, r.Targets.Count);
            Assert.AreEqual("would_change", r.Targets[0].Action);
            Assert.IsTrue(r.Targets[0].Disabled);
            Assert.AreEqual(false, r.Targets[0].ToDictionary()["enabled"]);
            Assert.IsTrue(r.Changed);
            Assert.AreEqual(0, access.Log.CountPrefix("remove-id"));
            Assert.AreEqual(0, access.Log.CountPrefix("set-enabled"));
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));
            Assert.IsTrue(access.Targets["disk1"].Enabled);
            Assert.AreEqual(TimeSpan.Zero, clock.Elapsed, "check mode does not watch");
        }

        [Test]
        public void DisableTargetKeepsEveryInitiatorOutAndReportsThePreviousValue()
        {
            access.LogsInAgain(alice1, TimeSpan.FromSeconds(2), 40);
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Tsih = new[] { 1 };
            IscsiTargetKeepEndedResult r = Stop(req, Options(false, true, 10), false);
            Assert.AreEqual("stopped", Action(r, 1));
            Assert.IsFalse(access.Targets["disk1"].Enabled);
            Hashtable h = r.Targets[0].ToDictionary();
            Assert.AreEqual(true, h["enabled_before"]);
            Assert.AreEqual(false, h["enabled"]);
            Assert.AreEqual(true, h["disabled"]);
            Assert.IsTrue(api.Has(2), "disabling does not end the other sessions of the target (documented)");
            Assert.IsFalse(api.Has(40));
            Hashtable before = r.TargetsDiff(false);
            Assert.AreEqual(true, ((Hashtable)before["disk1"])["enabled"]);
        }

        [Test]
        public void AWildcardIdCannotBeRevokedSoNothingOnThatTargetIsStopped()
        {
            access.Target("disk1", "IQN:*");
            access.Targets["disk2"].InitiatorIds.Clear();
            access.Targets["disk2"].InitiatorIds.Add(FakeIscsiTargetAccess.Parse("IQN:" + Alice));
            IscsiTargetKeepEndedResult r = Stop(Initiator(Alice), Options(true, false, 0), false);
            Assert.AreEqual("failed", r.Targets[0].Action);
            StringAssert.Contains("IQN:*", r.Targets[0].Reason);
            SessionOutcome o = Outcome(r, 1);
            Assert.AreEqual(OutcomeKind.Failed, o.Kind);
            StringAssert.StartsWith("not stopped", o.Reason);
            Assert.AreEqual(0, api.Log.CountPrefix("rsc 1"), "a session that would come back is not stopped");
            Assert.AreEqual("stopped", Action(r, 3), "the other target is still processed");
            Assert.IsTrue(r.Failed);
        }

        [Test]
        public void AWildcardIdWithDisableTargetIsNoObstacle()
        {
            access.Target("disk1", "IQN:*");
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, true, 0), false);
            Assert.AreEqual("changed", r.Targets[0].Action);
            Assert.AreEqual(0, r.Targets[0].Revoked.Count);
            Assert.IsTrue(r.Targets[0].Disabled);
            Assert.AreEqual("stopped", Action(r, 1));
        }

        [Test]
        public void AFailedRemovalKeepsThatTargetsSessionsAndTriesTheOthers()
        {
            access.RemoveHResult = 0x80041003L;
            access.ReadFails["disk2"] = 0x80041003L;
            IscsiTargetKeepEndedResult r = Stop(Initiator(Alice), Options(true, false, 0), false);
            Assert.AreEqual("failed", r.Targets[0].Action);
            Assert.AreEqual("WBEM_E_ACCESS_DENIED", r.Targets[0].Error.Name);
            Assert.AreEqual("failed", r.Targets[1].Action);
            Assert.AreEqual(OutcomeKind.Failed, Outcome(r, 1).Kind);
            Assert.AreEqual(OutcomeKind.Failed, Outcome(r, 3).Kind);
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"), "no target could be locked, so nothing was stopped");
            Assert.AreEqual(2, r.Stop.Report.Sessions.Count, "every selected session is listed");
            Assert.IsTrue(r.Failed);
        }

        [Test]
        public void AChangeTheProviderIgnoresIsCaughtByTheReadBack()
        {
            access.IgnoreChanges = true;
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, true, 0), false);
            Assert.AreEqual("failed", r.Targets[0].Action);
            StringAssert.Contains("still allows IQN:" + Alice, r.Targets[0].Reason);
            Assert.AreEqual(OutcomeKind.Failed, Outcome(r, 1).Kind);
            Assert.IsTrue(r.Changed, "the provider accepted calls, so something may have changed");
        }

        [Test]
        public void AnIpAddressIdOfTheInitiatorIsRevokedTooAndADnsNameFailsTheTargetWithoutDisableTarget()
        {
            // issue 20 item 3: an ID the listing cannot match may still admit the initiator; without disable_target the
            // target is not changed and its sessions are not stopped (they could come back).
            access.Target("disk1", "IPAddress:192.0.2.1", "DNSName:alice.contoso.com", "IQN:" + Bob);
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, false, 0), false);
            Assert.AreEqual("failed", r.Targets[0].Action);
            StringAssert.Contains("DNSName:alice.contoso.com", r.Targets[0].Reason);
            Assert.AreEqual(OutcomeKind.Failed, Outcome(r, 1).Kind);
            Assert.AreEqual(0, access.Log.CountPrefix("remove-id"));
            Assert.IsTrue(api.Has(1));
        }

        [Test]
        public void WithDisableTargetAnIdThatCannotBeMatchedIsWarnedAbout()
        {
            access.Target("disk1", "IPAddress:192.0.2.1", "DNSName:alice.contoso.com", "IQN:" + Bob);
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, true, 0), false);
            Assert.AreEqual("changed", r.Targets[0].Action, r.Targets[0].Reason);
            CollectionAssert.AreEqual(new[] { "IPAddress:192.0.2.1" }, (ArrayList)r.Targets[0].ToDictionary()["revoked"]);
            Assert.AreEqual(1, r.Stop.Report.Warnings.Count);
            StringAssert.Contains("DNSName:alice.contoso.com", r.Stop.Report.Warnings[0]);
            Assert.AreEqual("stopped", Action(r, 1));
        }

        [TestCase("Method0:ALICE-PC", TestName = "MethodZeroNetBiosNameIsNotKeptSilently")]
        [TestCase("Method9:something", TestName = "AnUnknownMethodIsNotKeptSilently")]
        [TestCase("MACAddress:00-15-5D-01-02-03", TestName = "AMacAddressIsNotKeptSilently")]
        public void AnIdOfAMethodTheListingCannotMatchFailsTheTarget(string id)
        {
            // Method 0 is a NetBIOS name in Microsoft's IscsiTarget module; other values are not documented.
            access.Target("disk1", "IQN:" + Alice, id);
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, false, 0), false);
            Assert.AreEqual("failed", r.Targets[0].Action);
            StringAssert.Contains(id, r.Targets[0].Reason);
            Assert.AreEqual(0, access.Log.CountPrefix("remove-id"));
            Assert.IsTrue(api.Has(1));
        }

        [Test]
        public void IpAddressIdsAreComparedAsAddressesOverEveryConnection()
        {
            // WT_Session.Connections lists the session's connections; another NIC or path of the same session, or
            // another spelling of the same IPv6 address, still admits the initiator.
            alice1.InitiatorAddress = "192.0.2.1";
            alice1.InitiatorAddresses.Add("192.0.2.1");
            alice1.InitiatorAddresses.Add("2001:db8::a");
            alice1.InitiatorAddresses.Add("198.51.100.7");
            access.Target("disk1", "IPAddress:198.51.100.7", "IPv6Address:2001:0DB8:0:0:0:0:0:000A", "IPAddress:198.51.100.8",
                "IQN:" + Bob);
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Target = new[] { "disk1" };
            IscsiTargetKeepEndedResult r = Stop(req, Options(true, false, 0), false);
            Assert.AreEqual("changed", r.Targets[0].Action, r.Targets[0].Reason);
            CollectionAssert.AreEquivalent(new[] { "IPAddress:198.51.100.7", "IPv6Address:2001:0DB8:0:0:0:0:0:000A" },
                (ArrayList)r.Targets[0].ToDictionary()["revoked"]);
            CollectionAssert.AreEqual(new[] { "IPAddress:198.51.100.8", "IQN:" + Bob }, (ArrayList)r.Targets[0].ToDictionary()["initiator_ids"]);
            Assert.AreEqual("stopped", Action(r, 1));
        }

        [Test]
        public void AnotherPathOfTheSameInitiatorThatWasThereBeforeIsNotALogin()
        {
            TargetSession other = api.Add(4, Alice, "disk1");
            other.Isid = 0x400001370099UL;
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Tsih = new[] { 1 };
            IscsiTargetKeepEndedResult r = Stop(req, Options(false, false, 10), false);
            Assert.AreEqual("stopped", Action(r, 1));
            Assert.IsFalse(r.Failed, r.Message);
        }

        [Test]
        public void TheSameTsihComingBackIsALoginToo()
        {
            access.LogsInAgain(alice1, TimeSpan.FromSeconds(2), 1);
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Tsih = new[] { 1 };
            IscsiTargetKeepEndedResult r = Stop(req, Options(false, false, 10), false);
            Assert.AreEqual(OutcomeKind.Failed, Outcome(r, 1).Kind);
        }

        /// <summary>Passes every call to the fake but fails the listing, as a provider that stops answering would.</summary>
        private class FailingListings : IIscsiTargetCimApi
        {
            private readonly IIscsiTargetCimApi inner;

            public FailingListings(IIscsiTargetCimApi inner)
            {
                this.inner = inner;
            }

            public List<TargetSession> ListSessions()
            {
                throw new ApiException("listing WT_Host", ErrorCatalog.Decode(0x80041003L, "hresult"));
            }

            public List<CimSessionRef> ListCimSessions() { return inner.ListCimSessions(); }

            public StateChangeReply RequestStateChange(CimSessionRef s, int state, TimeSpan? t) { return inner.RequestStateChange(s, state, t); }

            public CimJobStatus GetJob(string path) { return inner.GetJob(path); }
        }

        [Test]
        public void AListingThatFailsThroughoutTheWatchIsAWarning()
        {
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Tsih = new[] { 1 };
            IscsiTargetKeepEndedEngine keeper = new IscsiTargetKeepEndedEngine(new IscsiTargetSessionStopEngine(api, clock, IscsiTargetHost.Server2019),
                new FailingListings(api), access, clock, records);
            IscsiTargetKeepEndedResult r = keeper.Stop(req, Options(false, false, 5), false);
            Assert.AreEqual("stopped", Action(r, 1));
            Assert.AreEqual(1, r.Stop.Report.Warnings.Count);
            StringAssert.Contains("would not have been seen", r.Stop.Report.Warnings[0]);
        }

        [Test]
        public void ASessionWithoutATargetNameIsListedAsFailedNotDropped()
        {
            TargetSession odd = api.Add(9, Alice, "disk9");
            odd.TargetName = null;
            IscsiTargetKeepEndedResult r = Stop(Initiator(Alice), Options(true, false, 0), false);
            Assert.AreEqual(OutcomeKind.Failed, Outcome(r, 9).Kind);
            StringAssert.Contains("names no target", Outcome(r, 9).Reason);
            Assert.AreEqual("stopped", Action(r, 1));
        }

        [Test]
        public void AListingThatFailsAfterTheTargetsChangedKeepsThemInTheResult()
        {
            // The keeper lists once to find the targets, revokes, then the stop lists again. When that listing fails the
            // targets are already changed: the result must still name them (with their previous values, to restore),
            // and the sessions fail with the decoded error instead of the task failing with no result.
            api.ListHResult = 0x80041001L;
            api.ListFailsFrom = 2;
            IscsiTargetKeepEndedResult r = Stop(Initiator(Alice), Options(true, false, 0), false);
            Assert.AreEqual(2, access.Log.CountPrefix("remove-id"), access.Log.ToString());
            Assert.IsTrue(r.Changed);
            Assert.AreEqual(2, r.Targets.Count);
            foreach (TargetAccessChange t in r.Targets)
                Assert.AreEqual("changed", t.Action, t.TargetName);
            Assert.IsTrue(r.Stop.Report.Failed);
            foreach (SessionOutcome o in r.Stop.Report.Sessions)
            {
                Assert.AreEqual(OutcomeKind.Failed, o.Kind);
                StringAssert.Contains("WBEM_E_FAILED", o.Reason + " " + (o.Error == null ? "" : o.Error.Name));
            }
            Assert.Greater(r.Stop.Report.Sessions.Count, 0);
        }

        [TestCase(false)]
        [TestCase(true)]
        public void TheIoctlMethodIsRefusedBeforeAnyTargetIsChanged(bool check)
        {
            // The pass-through IOCTL is its own module (iscsi_target_session_stop_ioctl), which has no keep-ended options.
            // method=ioctl here is refused before anything is done, so no initiator ID is removed and no target disabled
            // (a change made first would be left in place and missing from the result, since the task fails without targets).
            IscsiTargetSessionStopRequest req = Initiator(Alice);
            req.Tsih = new[] { 1 };
            req.Method = "ioctl";
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { Stop(req, Options(true, true, 0), check); });
            StringAssert.StartsWith("method must be one of auto, cim", e.Message);
            Assert.AreEqual(0, access.Log.CountPrefix("remove-id"), access.Log.ToString());
            Assert.AreEqual(0, access.Log.CountPrefix("set-enabled"), access.Log.ToString());
            Assert.IsTrue(access.Targets["disk1"].Enabled);
            Assert.AreEqual(2, access.Targets["disk1"].InitiatorIds.Count);
            Assert.AreEqual(0, api.Log.CountPrefix("ioctl"), api.Log.ToString());
        }

        [TestCase(-1)]
        [TestCase(86401)]
        public void BadSettleTimeFailsBeforeAnyCall(int settle)
        {
            Assert.Throws<ArgumentException>(delegate { Stop(Initiator(Alice), Options(false, false, settle), false); });
            Assert.AreEqual(0, api.Log.Events.Count);
        }
    }
}
