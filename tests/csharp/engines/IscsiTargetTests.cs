// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionInfo;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using OsNative = ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase.NativeHelpers;
using IoctlNative = ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl.NativeHelpers;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class IscsiTargetTests
    {
        private const string Alice = "iqn.1991-05.com.microsoft:alice.contoso.com";
        private const string Bob = "iqn.1991-05.com.microsoft:bob.contoso.com";
        private const string Carol = "iqn.1991-05.com.microsoft:carol.contoso.com";
        private static readonly OsInfo Server2012R2 = new OsInfo(6, 3, 9600, OsInfo.ProductServer);
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
            api.Add(3, Carol, "disk2");
        }

        private IscsiTargetSessionStopEngine Engine(OsInfo os)
        {
            return new IscsiTargetSessionStopEngine(api, clock, os);
        }

        private IscsiTargetSessionStopIoctlEngine IoctlEngine(OsInfo os)
        {
            return new IscsiTargetSessionStopIoctlEngine(api, clock, os);
        }

        private IscsiTargetSessionInfoEngine Info()
        {
            return new IscsiTargetSessionInfoEngine(api);
        }

        private IscsiTargetSessionStopEngine Engine()
        {
            return Engine(Server2019);
        }

        private static IscsiTargetSessionStopRequest Stop(params int[] tsih)
        {
            IscsiTargetSessionStopRequest r = new IscsiTargetSessionStopRequest();
            r.Tsih = tsih;
            r.Timeout = 30;
            return r;
        }

        private static IscsiTargetSessionStopIoctlRequest Ioctl(params int[] tsih)
        {
            IscsiTargetSessionStopIoctlRequest r = new IscsiTargetSessionStopIoctlRequest();
            r.Tsih = tsih;
            r.Timeout = 30;
            r.Device = "\\\\.\\Scsi2:";
            r.SessionCookie = "0x1122334455667788";
            r.Signature = "WTSPT";
            return r;
        }

        private static Hashtable Entry(IscsiTargetSessionStopResult res, int tsih)
        {
            foreach (Hashtable h in res.Report.ToList())
            {
                if ((int)h["tsih"] == tsih)
                    return h;
            }
            Assert.Fail("no session with TSIH " + tsih + " in the report");
            return null;
        }

        [TestCase(0x400001370099UL, "49152", TestName = "AReusedTsihWithAnotherIsidCountsAsLoggedInAgain")]
        [TestCase(0x400001370001UL, "50011", TestName = "AReusedTsihWithTheSameIsidAndANewConnectionCountsAsLoggedInAgain")]
        public void AReusedTsihAfterTheStopIsALoginAgainNotStillListed(ulong isid, string login)
        {
            // issue 20 item 10: the initiator logs in again at once and the target hands out the same TSIH. WT_Session has no
            // login time; a new login opens a new TCP connection (WT_Connection.InitiatorPort), or comes with another ISID.
            api.Sessions[0].Login = "49152";
            api.OnRemoved = delegate(TargetSession gone)
            {
                if (gone.Tsih != 1 || api.Sessions.Exists(delegate(TargetSession x) { return x.Tsih == 1; }))
                    return;
                TargetSession again = api.Add(1, Alice, "disk1");
                again.Isid = isid;
                again.Login = login;
            };
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Hashtable h = Entry(res, 1);
            Assert.AreEqual("failed", h["action"], (string)h["reason"]);
            StringAssert.StartsWith("logged in again", (string)h["reason"]);
            Assert.AreEqual(1, h["logged_in_again_tsih"]);
            Assert.Less(clock.Elapsed, TimeSpan.FromSeconds(30), "decided at the first listing, not when the wait runs out");
        }

        private static string Action(IscsiTargetSessionStopResult res, int tsih)
        {
            return (string)Entry(res, tsih)["action"];
        }

        // ---- selection and listing ------------------------------------------------------------------------

        [Test]
        public void InfoListsEverySessionWithItsFields()
        {
            ArrayList list = Info().ListSessions(new IscsiTargetSessionInfoRequest());
            Assert.AreEqual(3, list.Count);
            Hashtable first = (Hashtable)list[0];
            Assert.AreEqual(1, first["tsih"]);
            Assert.AreEqual("0x400001370001", first["isid"]);
            Assert.AreEqual("normal", first["session_type"]);
            Assert.AreEqual(Alice, first["initiator_iqn"]);
            Assert.AreEqual("disk1", first["target_name"]);
            Assert.AreEqual("iqn.1991-05.com.microsoft:tgt01-disk1-target", first["target_iqn"]);
            Assert.AreEqual("192.0.2.1", first["initiator_address"]);
        }

        [Test]
        public void IsidIsTwelveHexDigits()
        {
            Assert.AreEqual("0x000000000001", TargetSession.FormatIsid(1));
            Assert.AreEqual("0xffffffffffff", TargetSession.FormatIsid(0xFFFFFFFFFFFFUL));
            TargetSession s = new TargetSession();
            s.SessionType = 0;
            Assert.AreEqual("discovery", s.SessionTypeName);
        }

        [Test]
        public void SelectorsAreAndedAcrossKindsAndOredWithin()
        {
            IscsiTargetSessionInfoRequest r = new IscsiTargetSessionInfoRequest();
            r.Initiator = new string[] { Alice.ToUpperInvariant(), Carol };
            Assert.AreEqual(2, Info().ListSessions(r).Count);

            r.Target = new string[] { "DISK2" };
            ArrayList l = Info().ListSessions(r);
            Assert.AreEqual(1, l.Count);
            Assert.AreEqual(3, ((Hashtable)l[0])["tsih"]);

            IscsiTargetSessionInfoRequest byIqn = new IscsiTargetSessionInfoRequest();
            byIqn.Target = new string[] { "iqn.1991-05.com.microsoft:tgt01-disk1-target" };
            byIqn.Tsih = new int[] { 2, 3 };
            l = Info().ListSessions(byIqn);
            Assert.AreEqual(1, l.Count);
            Assert.AreEqual(2, ((Hashtable)l[0])["tsih"]);
        }

        [Test]
        public void BadSelectorsAreRejectedBeforeAnyCall()
        {
            IscsiTargetSessionInfoRequest r = new IscsiTargetSessionInfoRequest();
            r.Initiator = new string[] { "alice" };
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { Info().ListSessions(r); });
            StringAssert.Contains("not an iSCSI name", e.Message);

            IscsiTargetSessionStopRequest s = Stop(0);
            e = Assert.Throws<ArgumentException>(delegate { Engine().Stop(s, false); });
            StringAssert.Contains("1 to 65535", e.Message);

            IscsiTargetSessionStopRequest none = new IscsiTargetSessionStopRequest();
            e = Assert.Throws<ArgumentException>(delegate { Engine().Stop(none, false); });
            StringAssert.Contains("initiator, target or tsih, or set all=true", e.Message);
            Assert.AreEqual(0, api.Log.Events.Count, api.Log.ToString());
        }

        [Test]
        public void IscsiNameForms()
        {
            Assert.IsTrue(IscsiName.IsValid(Alice));
            Assert.IsTrue(IscsiName.IsValid("iqn.2001-04.com.example"));
            Assert.IsTrue(IscsiName.IsValid("eui.02004567A425678D"));
            Assert.IsTrue(IscsiName.IsValid("naa.52004567BA64678D"));
            Assert.IsFalse(IscsiName.IsValid("iqn.91-05.com.microsoft:x"));
            Assert.IsFalse(IscsiName.IsValid("eui.1234"));
            Assert.IsFalse(IscsiName.IsValid(""));
            Assert.IsFalse(IscsiName.IsValid(null));
        }

        [TestCase(0x8004100EL, "WBEM_E_INVALID_NAMESPACE")]
        [TestCase(0x80041010L, "WBEM_E_INVALID_CLASS")]
        public void InfoFailsClearlyWhenTheRoleIsMissing(long hr, string name)
        {
            api.ListHResult = hr;
            IscsiTargetException e = Assert.Throws<IscsiTargetException>(delegate
            {
                Info().ListSessions(new IscsiTargetSessionInfoRequest());
            });
            StringAssert.Contains("the iSCSI Target Server role is not installed (FS-iSCSITarget-Server)", e.Message);
            StringAssert.Contains(name, e.Message);
            Assert.AreEqual(name, e.Error.Name);
        }

        [Test]
        public void StopFailsClearlyWhenTheRoleIsMissing()
        {
            api.ListHResult = 0x8004100EL;
            IscsiTargetException e = Assert.Throws<IscsiTargetException>(delegate { Engine().Stop(Stop(1), false); });
            StringAssert.Contains("FS-iSCSITarget-Server", e.Message);
        }

        [Test]
        public void OtherListingErrorsAreDecoded()
        {
            api.ListHResult = 0x80041003L;
            IscsiTargetException e = Assert.Throws<IscsiTargetException>(delegate
            {
                Info().ListSessions(new IscsiTargetSessionInfoRequest());
            });
            StringAssert.Contains("WBEM_E_ACCESS_DENIED (0x80041003)", e.Message);
            StringAssert.DoesNotContain("not installed", e.Message);
        }

        // ---- CIM path: each return code -------------------------------------------------------------------

        [Test]
        public void CimReturnZeroThenGoneIsStopped()
        {
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(2), false);
            Assert.AreEqual("stopped", Action(res, 2));
            Assert.AreEqual(0L, Entry(res, 2)["return_value"]);
            Assert.AreEqual("cim", Entry(res, 2)["method"]);
            Assert.IsTrue(res.Report.Changed);
            Assert.IsFalse(res.Report.Failed);
            CollectionAssert.AreEqual(new string[] { "list", "list-cim", "rsc 2 state=3 timeout=30", "list", "list" },
                api.Log.Events);
            Assert.IsFalse(api.Has(2));
            Assert.AreEqual(3, res.Before.Count);
            Assert.AreEqual(2, res.After.Count);
        }

        [Test]
        public void AutoMeansCimAndShutDownSendsFour()
        {
            IscsiTargetSessionStopRequest r = Stop(1);
            r.Method = "auto";
            r.RequestedState = "shut_down";
            IscsiTargetSessionStopResult res = Engine().Stop(r, false);
            Assert.AreEqual("cim", res.Method);
            Assert.AreEqual(1, api.Log.CountPrefix("rsc 1 state=4"));
        }

        [Test]
        public void CimReturnZeroButStillListedFailsAfterTimeout()
        {
            api.Behave(1).GoneAfter = null;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("failed", Action(res, 1));
            StringAssert.Contains("still listed after 30 s", (string)Entry(res, 1)["reason"]);
            Assert.AreEqual(TimeSpan.FromSeconds(30), clock.Elapsed);
            Assert.IsTrue(res.Report.Failed);
        }

        [TestCase(1L, "NOT_SUPPORTED")]
        [TestCase(2L, "UNKNOWN_ERROR")]
        [TestCase(4L, "FAILED")]
        [TestCase(5L, "INVALID_PARAMETER")]
        [TestCase(6L, "IN_USE")]
        [TestCase(4097L, "INVALID_STATE_TRANSITION")]
        [TestCase(4099L, "BUSY")]
        [TestCase(32770L, "VENDOR_SPECIFIC")]
        public void CimErrorCodesFailWithTheDecodedAnswer(long code, string name)
        {
            api.Behave(3).ReturnValue = code;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(3), false);
            Hashtable e = Entry(res, 3);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual(code, e["return_value"]);
            Hashtable err = (Hashtable)e["error"];
            Assert.AreEqual(name, err["name"]);
            Assert.AreEqual("cim", err["kind"]);
            StringAssert.Contains(name, res.Report.Summary("session"));
            Assert.IsTrue(api.Has(3));
            Assert.IsFalse(res.Report.Changed);
        }

        [TestCase(1L)]
        [TestCase(4097L)]
        public void NotSupportedAnswersSayTheProviderMayNotEndSessions(long code)
        {
            api.Behave(1).ReturnValue = code;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            string reason = (string)Entry(res, 1)["reason"];
            StringAssert.Contains("unconfirmed", reason);
            StringAssert.Contains("requested_state=shut_down", reason);
        }

        [Test]
        public void CimTimeoutParameterNotSupportedIsRetriedWithoutIt()
        {
            api.Behave(1).ReturnValueWithTimeout = 4098;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual(2, api.TimeoutPeriods.Count);
            Assert.AreEqual(TimeSpan.FromSeconds(30), api.TimeoutPeriods[0]);
            Assert.IsFalse(api.TimeoutPeriods[1].HasValue);
            Assert.AreEqual(1, res.Report.Warnings.Count);
            StringAssert.Contains("TimeoutPeriod", res.Report.Warnings[0]);
        }

        [Test]
        public void CimJobThatCompletesIsWaitedForThenConfirmed()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = TimeSpan.FromSeconds(5);
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual(4096L, Entry(res, 1)["return_value"]);
            Assert.AreEqual(TimeSpan.FromSeconds(5), clock.Elapsed);
            Assert.AreEqual(6, api.Log.CountPrefix("job job1"));
            // the listing confirms only after the job reported completion
            Assert.Greater(api.Log.LastIndexOfPrefix("list"), api.Log.LastIndexOfPrefix("job"));
        }

        [Test]
        public void CimJobThatFailsReportsTheJobError()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = TimeSpan.FromSeconds(3);
            b.JobFinalState = 10;
            b.JobErrorCode = 4;
            b.JobErrorDescription = "The session could not be terminated.";
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Hashtable e = Entry(res, 1);
            Assert.AreEqual("failed", e["action"]);
            StringAssert.Contains("state Exception with ErrorCode 4: The session could not be terminated.", (string)e["reason"]);
            Assert.AreEqual("FAILED", ((Hashtable)e["error"])["name"]);
            Assert.AreEqual(TimeSpan.FromSeconds(3), clock.Elapsed);
            Assert.IsTrue(api.Has(1));
        }

        [Test]
        public void CimJobThatNeverFinishesTimesOut()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = null;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Hashtable e = Entry(res, 1);
            Assert.AreEqual("failed", e["action"]);
            StringAssert.Contains("job still running after 30 s", (string)e["reason"]);
            Assert.AreEqual(TimeSpan.FromSeconds(30), clock.Elapsed);
            foreach (TimeSpan t in clock.Sleeps)
                Assert.LessOrEqual(t, TimeSpan.FromSeconds(1));
        }

        [Test]
        public void CimJobDiscardedByTheProviderIsDecidedByTheListing()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = TimeSpan.FromSeconds(2);
            b.JobVanishes = true;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual(TimeSpan.FromSeconds(2), clock.Elapsed);
        }

        [Test]
        public void CimJobWithoutPathIsDecidedByTheListing()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = TimeSpan.FromSeconds(4);
            b.NoJobPath = true;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual(0, api.Log.CountPrefix("job"));
        }

        [Test]
        public void ManySessionsAreStartedThenPolledTogether()
        {
            foreach (int t in new int[] { 1, 2, 3 })
            {
                api.Behave(t).ReturnValue = 4096;
                api.Behave(t).JobFinishesAfter = TimeSpan.FromSeconds(10);
            }
            clock.Log = api.Log;
            IscsiTargetSessionStopRequest r = Stop(1, 2, 3);
            IscsiTargetSessionStopResult res = Engine().Stop(r, false);
            Assert.AreEqual(3, res.Report.Count(OutcomeKind.Ended));
            Assert.AreEqual(TimeSpan.FromSeconds(10), clock.Elapsed);
            Assert.Less(api.Log.LastIndexOfPrefix("rsc"), api.Log.FirstIndexOfPrefix("sleep"));
        }

        [Test]
        public void CimProviderMissingFailsEverySessionWithTheRoleHint()
        {
            api.CimListHResult = 0x8004100EL;
            IscsiTargetSessionStopResult res = Engine(new OsInfo(6, 2, 9200, OsInfo.ProductServer)).Stop(Stop(1, 2), false);
            Assert.AreEqual(2, res.Report.Count(OutcomeKind.Failed));
            string reason = (string)Entry(res, 1)["reason"];
            StringAssert.Contains("FS-iSCSITarget-Server", reason);
            StringAssert.Contains("root\\CIMv2\\Storage\\iScsiTarget", reason);
            // WT_Host answered, so the message must not claim the role is missing; it names the host's version
            StringAssert.DoesNotContain("not installed", reason);
            StringAssert.Contains("Windows 6.2.9200 (server)", reason);
            StringAssert.Contains("Windows Server 2012 R2 and later", reason);
            Assert.AreEqual("WBEM_E_INVALID_NAMESPACE", ((Hashtable)Entry(res, 2)["error"])["name"]);
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));
        }

        [Test]
        public void SessionWithoutCimInstanceFails()
        {
            api.NotInCim.Add(2);
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(2), false);
            Assert.AreEqual("failed", Action(res, 2));
            StringAssert.Contains("no MSISCSITARGET_iSCSISession", (string)Entry(res, 2)["reason"]);
        }

        // ---- what the real providers may answer that the simple fake did not --------------------------------

        private static string PortName(TargetSession s)
        {
            // RFC 3720 iSCSI initiator port name: <node name>,i,0x<ISID>
            return s.InitiatorIqn + ",i," + s.IsidHex;
        }

        [Test]
        public void CimEndPointNameInPortNameFormIsMatched()
        {
            api.EndPointName = PortName;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(2), false);
            Assert.AreEqual("stopped", Action(res, 2), (string)Entry(res, 2)["reason"]);
            Assert.AreEqual(1, api.Log.CountPrefix("rsc 2"));
        }

        [Test]
        public void CimEndPointNameOfAnotherIsidOrInitiatorIsNotMatched()
        {
            api.EndPointName = delegate(TargetSession s) { return s.InitiatorIqn.ToUpperInvariant() + ",i,0x400001379999"; };
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(2), false);
            Assert.AreEqual("failed", Action(res, 2));
            string reason = (string)Entry(res, 2)["reason"];
            StringAssert.Contains("no MSISCSITARGET_iSCSISession", reason);
            StringAssert.Contains("0x400001379999", reason);
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));

            CimSessionRef c = new CimSessionRef();
            c.EndPointName = Carol;
            Assert.IsFalse(c.IsPeer(Alice, 1));
            c.EndPointName = Alice.ToUpperInvariant();
            Assert.IsTrue(c.IsPeer(Alice, 1));
            c.EndPointName = Alice + ",i,0x000000000001";
            Assert.IsTrue(c.IsPeer(Alice, 1));
            Assert.IsFalse(c.IsPeer(Alice, 2));
        }

        [TestCase(0L, "00000000000000.000000:000")]
        [TestCase(30L * 10000000L, "00000000000030.000000:000")]
        [TestCase(((((1L * 24 + 2) * 60 + 3) * 60 + 4) * 10000000L) + 5000000L, "00000001020304.500000:000")]
        [TestCase(90061L * 10000000L + 123456L * 10L, "00000001010101.123456:000")]
        public void TimeoutPeriodUsesTheCimIntervalFormat(long ticks, string expected)
        {
            Assert.AreEqual(expected, CimInterval.Format(new TimeSpan(ticks)));
            Assert.AreEqual(25, expected.Length);
        }

        [Test]
        public void NegativeCimIntervalIsRejected()
        {
            Assert.Throws<ArgumentOutOfRangeException>(delegate { CimInterval.Format(TimeSpan.FromSeconds(-1)); });
        }

        [Test]
        public void SlowCallsStillConfirmSessionsThatGo()
        {
            // a provider that takes 10 s per call: the last session's call returns at 30 s and it goes 5 s later;
            // timeout (40 s) bounds the calls and the wait together, and is enough here.
            api.CallDelay = TimeSpan.FromSeconds(10);
            foreach (int t in new int[] { 1, 2, 3 })
                api.Behave(t).GoneAfter = TimeSpan.FromSeconds(5);
            IscsiTargetSessionStopRequest r = Stop(1, 2, 3);
            r.Timeout = 40;
            IscsiTargetSessionStopResult res = Engine().Stop(r, false);
            Assert.AreEqual(3, res.Report.Count(OutcomeKind.Ended));
            Assert.AreEqual(TimeSpan.FromSeconds(35), clock.Elapsed);
        }

        [Test]
        public void CimTimeoutAnswerIsWaitedOnAndConfirmedByTheListing()
        {
            // CIM: on 3 (cannot complete within TimeoutPeriod) RequestedState is still updated; the change may finish.
            api.Behave(1).ReturnValue = 3;
            api.Behave(1).GoneAfter = TimeSpan.FromSeconds(5);
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual(3L, Entry(res, 1)["return_value"]);
            Assert.AreEqual(TimeSpan.FromSeconds(5), clock.Elapsed);
        }

        [Test]
        public void CimTimeoutAnswerForASessionThatStaysFailsWithTheAnswer()
        {
            api.Behave(1).ReturnValue = 3;
            api.Behave(1).GoneAfter = null;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Hashtable e = Entry(res, 1);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual("TIMEOUT", ((Hashtable)e["error"])["name"]);
            StringAssert.Contains("still listed after 30 s", (string)e["reason"]);
        }

        [Test]
        public void JobErrorCodeThatIsAnHResultIsDecodedAsOne()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = TimeSpan.FromSeconds(1);
            b.JobFinalState = 10;
            b.JobErrorCode = 0x80041001L;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Hashtable err = (Hashtable)Entry(res, 1)["error"];
            Assert.AreEqual("WBEM_E_FAILED", err["name"]);
            Assert.AreEqual("0x80041001", err["hex"]);
        }

        [Test]
        public void JobKilledWithoutAnErrorCodeGetsNoInventedCode()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = TimeSpan.FromSeconds(1);
            b.JobFinalState = 9;
            b.JobErrorCode = 0;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Hashtable e = Entry(res, 1);
            Assert.AreEqual("failed", e["action"]);
            StringAssert.Contains("state Killed with ErrorCode 0", (string)e["reason"]);
            Assert.IsFalse(e.ContainsKey("error"));
        }

        [Test]
        public void JobThatCannotBeReadLetsTheListingDecide()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = TimeSpan.FromSeconds(4);
            b.JobReadHResult = 0x80041003L;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual(TimeSpan.FromSeconds(4), clock.Elapsed);
        }

        [Test]
        public void JobThatCannotBeReadAndSessionThatStaysReportsTheReadError()
        {
            IscsiTargetCimBehaviour b = api.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = null;
            b.JobReadHResult = 0x80041003L;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Hashtable e = Entry(res, 1);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual("WBEM_E_ACCESS_DENIED", ((Hashtable)e["error"])["name"]);
            StringAssert.Contains("reading job", (string)e["reason"]);
            StringAssert.Contains("still listed after 30 s", (string)e["reason"]);
        }

        [Test]
        public void IoctlReturnCodeWiderThanAByteIsNotReadAsAnSrbStatus()
        {
            // 0xC0000001 & 0x3F == 1 would read as SRB_STATUS_SUCCESS if masked
            api.IoctlReturnCode = 0xC0000001u;
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(Ioctl(2), false);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual(0xC0000001L, e["return_value"]);
            string reason = (string)e["reason"];
            StringAssert.Contains("0xC0000001 is not an SRB status", reason);
            StringAssert.DoesNotContain("SRB_STATUS_SUCCESS", reason);
        }

        // ---- already gone, partial failure, nothing selected ----------------------------------------------

        [Test]
        public void SessionGoneBeforeActingIsAlreadyGone()
        {
            api.VanishAfterListings[2] = 1;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(2), false);
            Assert.AreEqual("already_gone", Action(res, 2));
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));
            Assert.IsFalse(res.Report.Changed);
            Assert.IsFalse(res.Report.Failed);
        }

        [Test]
        public void InstanceGoneWhenInvokedIsAlreadyGone()
        {
            // The SMI-S listing still had TSIH 1, WT_Host no longer does, and invoking the stale instance answers
            // WBEM_E_NOT_FOUND (the fake's answer for a path whose session is gone): listing again says it is gone.
            api.VanishAfterListings[1] = 1;
            CimSeesStaleSession stale = new CimSeesStaleSession(api);
            stale.ForwardRequestStateChange = true;
            IscsiTargetSessionStopResult res = new IscsiTargetSessionStopEngine(stale, clock, IscsiTargetHost.Server2019).Stop(Stop(1), false);
            Assert.AreEqual("already_gone", Action(res, 1));
            Assert.IsFalse(res.Report.Failed);
        }

        [Test]
        public void InstanceNotFoundWhileStillListedFails()
        {
            // DESIGN: already_gone is decided by listing again after a failed call, never by one error code. A
            // WBEM_E_NOT_FOUND for a session that WT_Host still lists is a failure, with the code decoded.
            api.Behave(1).ThrowHResult = 0x80041002L;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("failed", Action(res, 1));
            Hashtable e = Entry(res, 1);
            StringAssert.Contains("RequestStateChange", (string)e["reason"]);
            Assert.AreEqual("WBEM_E_NOT_FOUND", ((IDictionary)e["error"])["name"]);
            Assert.IsTrue(res.Report.Failed);
            Assert.IsTrue(api.Has(1));
        }

        [Test]
        public void ErrorAnswerForAVanishedSessionIsAlreadyGone()
        {
            // WT_Host shows TSIH 1 once, then not; the SMI-S listing still has it and answers 4 (Failed).
            api.Behave(1).ReturnValue = 4;
            api.VanishAfterListings[1] = 1;
            IscsiTargetSessionStopResult res = new IscsiTargetSessionStopEngine(new CimSeesStaleSession(api), clock, IscsiTargetHost.Server2019).Stop(Stop(1), false);
            Assert.AreEqual("already_gone", Action(res, 1));
            StringAssert.Contains("FAILED (0x00000004)", (string)Entry(res, 1)["reason"]);
            Assert.IsFalse(res.Report.Failed);
        }

        [Test]
        public void PartialFailureTriesEverySessionAndNamesTheFailure()
        {
            api.Behave(2).ReturnValue = 4;
            api.VanishAfterListings[3] = 1;
            IscsiTargetSessionStopRequest r = Stop(1, 2, 3);
            IscsiTargetSessionStopResult res = Engine().Stop(r, false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual("failed", Action(res, 2));
            Assert.AreEqual("already_gone", Action(res, 3));
            Assert.IsTrue(res.Report.Changed);
            Assert.IsTrue(res.Report.Failed);
            string summary = res.Report.Summary("session");
            StringAssert.Contains("3 sessions selected: 1 stopped, 1 already gone, 1 failed", summary);
            StringAssert.Contains("session TSIH 2 (" + Bob + " -> target disk1)", summary);
            StringAssert.Contains("FAILED (0x00000004)", summary);
            // the failure on TSIH 2 did not stop the others: both calls were made, in order, and TSIH 3 was not called
            int first = api.Log.IndexOf("rsc 1 state=3 timeout=30");
            int second = api.Log.IndexOf("rsc 2 state=3 timeout=30");
            Assert.GreaterOrEqual(first, 0, api.Log.ToString());
            Assert.Greater(second, first, api.Log.ToString());
            Assert.AreEqual(0, api.Log.CountPrefix("rsc 3"));
        }

        [Test]
        public void NothingSelectedChangesNothing()
        {
            IscsiTargetSessionStopRequest r = new IscsiTargetSessionStopRequest();
            r.Initiator = new string[] { "iqn.1991-05.com.microsoft:nobody" };
            IscsiTargetSessionStopResult res = Engine().Stop(r, false);
            Assert.AreEqual(0, res.Report.Sessions.Count);
            Assert.IsFalse(res.Report.Changed);
            Assert.IsFalse(res.Report.Failed);
            StringAssert.Contains("no sessions matched", res.Report.Summary("session"));
            CollectionAssert.AreEqual(new string[] { "list" }, api.Log.Events);
        }

        // ---- check mode against a real run ----------------------------------------------------------------

        private FakeIscsiTargetApi Scenario(FakeClock c)
        {
            FakeIscsiTargetApi f = new FakeIscsiTargetApi(c);
            f.Add(1, Alice, "disk1");
            f.Add(2, Bob, "disk1");
            f.Add(3, Carol, "disk2");
            f.Add(4, Alice, "disk2");
            f.NotInCim.Add(4);
            return f;
        }

        [Test]
        public void CheckModePlansWhatARealRunDoes()
        {
            IscsiTargetSessionStopRequest r = new IscsiTargetSessionStopRequest();
            r.Initiator = new string[] { Alice, Bob };
            r.Timeout = 30;

            FakeClock c1 = new FakeClock();
            FakeIscsiTargetApi checkApi = Scenario(c1);
            IscsiTargetSessionStopResult check = new IscsiTargetSessionStopEngine(checkApi, c1, IscsiTargetHost.Server2019).Stop(r, true);

            FakeClock c2 = new FakeClock();
            FakeIscsiTargetApi realApi = Scenario(c2);
            IscsiTargetSessionStopResult real = new IscsiTargetSessionStopEngine(realApi, c2, IscsiTargetHost.Server2019).Stop(r, false);

            Assert.AreEqual(real.Report.Sessions.Count, check.Report.Sessions.Count);
            for (int i = 0; i < real.Report.Sessions.Count; i++)
            {
                SessionOutcome a = check.Report.Sessions[i];
                SessionOutcome b = real.Report.Sessions[i];
                Assert.AreEqual(b.Label, a.Label);
                OutcomeKind expected = b.Kind == OutcomeKind.Ended ? OutcomeKind.WouldEnd : b.Kind;
                Assert.AreEqual(expected, a.Kind, b.Label);
            }
            Assert.AreEqual(2, check.Report.Count(OutcomeKind.WouldEnd));
            Assert.AreEqual(1, check.Report.Count(OutcomeKind.Failed));
            Assert.AreEqual(real.Report.Changed, check.Report.Changed);
            Assert.AreEqual(0, checkApi.Log.CountPrefix("rsc"));
            Assert.AreEqual(2, realApi.Log.CountPrefix("rsc"));
            Assert.IsTrue(checkApi.Has(1));
            Assert.AreEqual("would_stop", Action(check, 1));
            Assert.AreEqual(real.After.Count, check.After.Count);
        }

        // ---- IOCTL buffer ---------------------------------------------------------------------------------

        [Test]
        public void SessionStopBufferBytesAreExact()
        {
            byte[] b = SessionStopBuffer.Build("WTSPT", 30, 0x1122334455667788UL);
            byte[] expected = new byte[]
            {
                28, 0, 0, 0,                                   // HeaderLength
                (byte)'W', (byte)'T', (byte)'S', (byte)'P', (byte)'T', 0, 0, 0, // Signature, zero-padded
                30, 0, 0, 0,                                   // Timeout
                0x01, 0x01, 0, 0,                              // ControlCode 0x101
                0, 0, 0, 0,                                    // ReturnCode
                12, 0, 0, 0,                                   // Length: padding + cookie
                0, 0, 0, 0,                                    // alignment padding
                0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 // ITNexusHandle, little-endian
            };
            CollectionAssert.AreEqual(expected, b);
            Assert.AreEqual(40, b.Length);
        }

        [Test]
        public void SessionStopBufferFiguresFollowTheCookieSize()
        {
            Assert.AreEqual(8, SessionStopBuffer.SessionCookieSize);
            Assert.AreEqual(32, SessionStopBuffer.CookieOffset);
            Assert.AreEqual(40, SessionStopBuffer.TotalSize);
            Assert.AreEqual(12, SessionStopBuffer.DataLength);
            Assert.AreEqual(SessionStopBuffer.TotalSize - SessionStopBuffer.HeaderLength, SessionStopBuffer.DataLength);
            // the marshaller agrees with the hand-built layout
            Assert.AreEqual(SessionStopBuffer.TotalSize, Marshal.SizeOf(typeof(SdkIoctlLayout.ISCSITGT_SPT_SESSION_STOP)));
            Assert.AreEqual(SessionStopBuffer.CookieOffset,
                Marshal.OffsetOf(typeof(SdkIoctlLayout.ISCSITGT_SPT_SESSION_STOP), "ITNexusHandle").ToInt32());
        }

        [Test]
        public void SessionStopBufferLittleEndianLargeValues()
        {
            byte[] b = SessionStopBuffer.Build("ABCDEFGH", 0x01020304, 0xFEDCBA9876543210UL);
            CollectionAssert.AreEqual(new byte[] { 4, 3, 2, 1 }, new byte[] { b[12], b[13], b[14], b[15] });
            CollectionAssert.AreEqual(new byte[] { 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48 },
                new byte[] { b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11] });
            Assert.AreEqual(0x10, b[32]);
            Assert.AreEqual(0xFE, b[39]);
        }

        [Test]
        public void SrbIoControlLayoutMatchesTheNotes()
        {
            Type t = typeof(SdkIoctlLayout.SRB_IO_CONTROL);
            Assert.AreEqual(28, Marshal.SizeOf(t));
            Assert.AreEqual(0, Marshal.OffsetOf(t, "HeaderLength").ToInt32());
            Assert.AreEqual(4, Marshal.OffsetOf(t, "Signature").ToInt32());
            Assert.AreEqual(12, Marshal.OffsetOf(t, "Timeout").ToInt32());
            Assert.AreEqual(16, Marshal.OffsetOf(t, "ControlCode").ToInt32());
            Assert.AreEqual(20, Marshal.OffsetOf(t, "ReturnCode").ToInt32());
            Assert.AreEqual(24, Marshal.OffsetOf(t, "Length").ToInt32());
            Assert.AreEqual(SessionStopBuffer.ReturnCodeOffset, Marshal.OffsetOf(t, "ReturnCode").ToInt32());
            Assert.AreEqual(284, Marshal.SizeOf(typeof(OsNative.OSVERSIONINFOEXW)));
            Assert.AreEqual(282, Marshal.OffsetOf(typeof(OsNative.OSVERSIONINFOEXW), "wProductType").ToInt32());
        }

        [Test]
        public void IoctlCodeIsCtlCodeOfScsiMiniport()
        {
            // CTL_CODE(FILE_DEVICE_CONTROLLER 4, 0x402, METHOD_BUFFERED 0, FILE_READ_ACCESS|FILE_WRITE_ACCESS 3)
            uint ctl = (4u << 16) | (3u << 14) | (0x402u << 2) | 0u;
            Assert.AreEqual(0x0004D008u, ctl);
            Assert.AreEqual(ctl, IoctlNative.IOCTL_SCSI_MINIPORT);
        }

        [TestCase("", "1 to 8")]
        [TestCase("TOOLONGSIG", "at most 8")]
        [TestCase("SIG\u00e9", "printable ASCII")]
        [TestCase("SIG\u0001", "printable ASCII")]
        public void BadSignaturesAreRejected(string sig, string text)
        {
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { SessionStopBuffer.EncodeSignature(sig); });
            StringAssert.Contains(text, e.Message);
        }

        [TestCase("0x1122334455667788", 0x1122334455667788UL)]
        [TestCase("0XFF", 255UL)]
        [TestCase("42", 42UL)]
        [TestCase(" 18446744073709551615 ", 18446744073709551615UL)]
        public void CookieForms(string text, ulong value)
        {
            Assert.AreEqual(value, IscsiTargetSessionStopIoctlRequest.ParseCookie(text));
        }

        [TestCase("0x")]
        [TestCase("0x112233445566778899")]
        [TestCase("-1")]
        [TestCase("abc")]
        [TestCase("18446744073709551616")]
        public void BadCookiesAreRejected(string text)
        {
            Assert.Throws<ArgumentException>(delegate { IscsiTargetSessionStopIoctlRequest.ParseCookie(text); });
        }

        [Test]
        public void IoctlOptionsAreValidated()
        {
            IscsiTargetSessionStopIoctlRequest r = Ioctl(1);
            r.Device = null;
            StringAssert.Contains("requires device", Assert.Throws<ArgumentException>(delegate { r.Validate(); }).Message);
            r = Ioctl(1);
            r.Device = "Scsi2:";
            StringAssert.Contains("not a device path", Assert.Throws<ArgumentException>(delegate { r.Validate(); }).Message);
            r = Ioctl(1);
            r.SessionCookie = null;
            StringAssert.Contains("requires session_cookie", Assert.Throws<ArgumentException>(delegate { r.Validate(); }).Message);
            r = Ioctl(1);
            r.Signature = "NINECHARS";
            StringAssert.Contains("at most 8", Assert.Throws<ArgumentException>(delegate { r.Validate(); }).Message);
            // the CIM module has no IOCTL options (its whole-module bad inputs refuse them by name); method=ioctl is refused
            IscsiTargetSessionStopRequest c = Stop(1);
            c.Method = "ioctl";
            StringAssert.Contains("method must be one of auto, cim", Assert.Throws<ArgumentException>(delegate { c.Validate(); }).Message);
            IscsiTargetSessionStopRequest m = Stop(1);
            m.Method = "wmi";
            Assert.Throws<ArgumentException>(delegate { m.Validate(); });
            Ioctl(1).Validate();
        }

        // ---- IOCTL path and the OS guard ------------------------------------------------------------------

        [Test]
        public void IoctlIsRefusedOffServer2012R2()
        {
            IscsiTargetException e = Assert.Throws<IscsiTargetException>(delegate { IoctlEngine(Server2019).Stop(Ioctl(1), false); });
            StringAssert.Contains("Windows Server 2012 R2 only", e.Message);
            StringAssert.Contains("Windows 10.0.17763 (server)", e.Message);
            StringAssert.Contains("allow_unsupported_os", e.Message);
            Assert.AreEqual(0, api.Log.Events.Count);

            OsInfo win81 = new OsInfo(6, 3, 9600, OsInfo.ProductWorkstation);
            Assert.Throws<IscsiTargetException>(delegate { IoctlEngine(win81).Stop(Ioctl(1), false); });
            Assert.IsTrue(new OsInfo(6, 3, 9600, OsInfo.ProductDomainController).IsServer2012R2);
            Assert.IsFalse(new OsInfo(6, 2, 9200, OsInfo.ProductServer).IsServer2012R2);
        }

        [Test]
        public void OsGuardDoesNotApplyToCim()
        {
            IscsiTargetSessionStopResult res = Engine(Server2019).Stop(Stop(1), false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual(0, res.Report.Warnings.Count);
        }

        [Test]
        public void IoctlOverrideWarnsAndSends()
        {
            api.IoctlRemovesTsih = 1;
            IscsiTargetSessionStopIoctlRequest r = Ioctl(1);
            r.AllowUnsupportedOs = true;
            IscsiTargetSessionStopResult res = IoctlEngine(Server2019).Stop(r, false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual(1, res.Report.Warnings.Count);
            StringAssert.Contains("allow_unsupported_os=true", res.Report.Warnings[0]);
        }

        [Test]
        public void IoctlOnServer2012R2SendsTheExactBuffer()
        {
            api.IoctlRemovesTsih = 1;
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(Ioctl(1), false);
            Assert.AreEqual("stopped", Action(res, 1));
            Assert.AreEqual("ioctl", Entry(res, 1)["method"]);
            Assert.AreEqual(1L, Entry(res, 1)["return_value"]);
            Assert.AreEqual("\\\\.\\Scsi2:", api.LastIoctlDevice);
            CollectionAssert.AreEqual(SessionStopBuffer.Build("WTSPT", 30, 0x1122334455667788UL), api.LastIoctlInput);
            Assert.AreEqual(0, res.Report.Warnings.Count);
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));
        }

        [TestCase(1, "ERROR_INVALID_FUNCTION")]
        [TestCase(5, "ERROR_ACCESS_DENIED")]
        [TestCase(87, "ERROR_INVALID_PARAMETER")]
        public void IoctlWin32ErrorIsDecoded(int code, string name)
        {
            api.IoctlWin32Error = code;
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(Ioctl(2), false);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual(name, ((Hashtable)e["error"])["name"]);
            Assert.AreEqual("win32", ((Hashtable)e["error"])["kind"]);
            StringAssert.Contains("DeviceIoControl(\\\\.\\Scsi2:, IOCTL_SCSI_MINIPORT, ISCSITGT_SPT_SESSION_END) failed", (string)e["reason"]);
        }

        [Test]
        public void IoctlOpenFailureIsDecoded()
        {
            api.OpenWin32Error = 2;
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(Ioctl(2), false);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("ERROR_FILE_NOT_FOUND", ((Hashtable)e["error"])["name"]);
            StringAssert.Contains("CreateFileW(\\\\.\\Scsi2:) failed", (string)e["reason"]);
        }

        [TestCase(0x06u, "SRB_STATUS_INVALID_REQUEST")]
        [TestCase(0x04u, "SRB_STATUS_ERROR")]
        [TestCase(0x45u, "SRB_STATUS_BUSY")]
        public void IoctlSrbReturnCodeFailureIsDecoded(uint rc, string name)
        {
            api.IoctlReturnCode = rc;
            api.IoctlRemovesTsih = 2;
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(Ioctl(2), false);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual((long)rc, e["return_value"]);
            Hashtable err = (Hashtable)e["error"];
            Assert.AreEqual(name, err["name"]);
            Assert.AreEqual("srb", err["kind"]);
            Assert.IsTrue(api.Has(2));
        }

        [Test]
        public void IoctlSuccessButSessionStaysFails()
        {
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(Ioctl(2), false);
            Assert.AreEqual("failed", Action(res, 2));
            StringAssert.Contains("SRB_STATUS_SUCCESS", (string)Entry(res, 2)["reason"]);
            StringAssert.Contains("still listed after 30 s", (string)Entry(res, 2)["reason"]);
        }

        [Test]
        public void IoctlShortReplyIsDecidedByTheListing()
        {
            api.IoctlBytesReturned = 0;
            api.IoctlRemovesTsih = 2;
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(Ioctl(2), false);
            Assert.AreEqual("stopped", Action(res, 2));
            Assert.IsNull(Entry(res, 2)["return_value"]);
            Assert.AreEqual(-1, SessionStopBuffer.ReadReturnCode(new byte[40], 20));
        }

        [Test]
        public void IoctlStopsExactlyOneSession()
        {
            IscsiTargetSessionStopIoctlRequest r = Ioctl();
            r.Tsih = null;
            r.Target = new string[] { "disk1" };
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(r, false);
            Assert.AreEqual(2, res.Report.Count(OutcomeKind.Failed));
            StringAssert.Contains("exactly one session", (string)Entry(res, 1)["reason"]);
            StringAssert.Contains("TSIH 1, 2", (string)Entry(res, 2)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("ioctl"));
        }

        [Test]
        public void IoctlCheckModeSendsNothing()
        {
            IscsiTargetSessionStopResult check = IoctlEngine(Server2012R2).Stop(Ioctl(1), true);
            Assert.AreEqual("would_stop", Action(check, 1));
            Assert.IsTrue(check.Report.Changed);
            Assert.AreEqual(0, api.Log.CountPrefix("ioctl"));
            Assert.AreEqual(2, check.After.Count);
        }

        [Test]
        public void IoctlAlreadyGone()
        {
            api.VanishAfterListings[1] = 1;
            api.IoctlWin32Error = 87;
            IscsiTargetSessionStopResult res = IoctlEngine(Server2012R2).Stop(Ioctl(1), false);
            Assert.AreEqual("already_gone", Action(res, 1));
        }

        // A provider whose SMI-S listing still shows a session that WT_Host no longer lists.
        private class CimSeesStaleSession : IIscsiTargetCimApi
        {
            private readonly FakeIscsiTargetApi inner;
            private List<CimSessionRef> snapshot;

            public CimSeesStaleSession(FakeIscsiTargetApi inner)
            {
                this.inner = inner;
            }

            public List<TargetSession> ListSessions()
            {
                if (snapshot == null)
                    snapshot = inner.ListCimSessions();
                return inner.ListSessions();
            }

            public List<CimSessionRef> ListCimSessions()
            {
                return snapshot;
            }

            /// <summary>Invoke the (possibly stale) instance on the inner fake instead of answering its ReturnValue.</summary>
            public bool ForwardRequestStateChange;

            public StateChangeReply RequestStateChange(CimSessionRef session, int requestedState, TimeSpan? timeoutPeriod)
            {
                if (ForwardRequestStateChange)
                    return inner.RequestStateChange(session, requestedState, timeoutPeriod);
                StateChangeReply r = new StateChangeReply();
                r.ReturnValue = inner.Behave((int)session.Tsih).ReturnValue;
                return r;
            }

            public CimJobStatus GetJob(string jobPath)
            {
                return inner.GetJob(jobPath);
            }
        }
    }

    /// <summary>ntddscsi.h SRB_IO_CONTROL (28 bytes) and ISCSITGT_SPT_SESSION_STOP as the SDK declares them, to check
    /// the product's hand-built SessionStopBuffer against the marshaller's layout.</summary>
    internal static class SdkIoctlLayout
    {
        /// <summary>ntddscsi.h SRB_IO_CONTROL, 28 bytes.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SRB_IO_CONTROL
        {
            public uint HeaderLength;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 8)]
            public byte[] Signature;
            public uint Timeout;
            public uint ControlCode;
            public uint ReturnCode;
            public uint Length;
        }

        /// <summary>ISCSITGT_SPT_SESSION_STOP with SESSION_COOKIE taken as an 8-byte value (see SessionStopBuffer);
        /// used only to check the byte builder's figures against the marshaller's layout.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct ISCSITGT_SPT_SESSION_STOP
        {
            public SRB_IO_CONTROL Header;
            public ulong ITNexusHandle;
        }
    }
}
