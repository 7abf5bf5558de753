// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_session_stop against what the real providers do (issue 11, items 9 to 12): Busy and In Use answers,
// TSIH shared across targets, EndPointName forms, the target side of the CIM pipe, RtlGetVersion's NTSTATUS, and
// the rule for unset and empty options. The fake's evidence is in IscsiTargetFakes.cs.
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

using OsNative = ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase.NativeHelpers;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class IscsiTargetRealApiTests
    {
        private const string Alice = "iqn.1991-05.com.microsoft:alice.contoso.com";
        private const string Bob = "iqn.1991-05.com.microsoft:bob.contoso.com";

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

        private IscsiTargetSessionStopEngine Engine()
        {
            return new IscsiTargetSessionStopEngine(api, clock, IscsiTargetHost.Server2019);
        }

        private static IscsiTargetSessionStopRequest Stop(params int[] tsih)
        {
            IscsiTargetSessionStopRequest r = new IscsiTargetSessionStopRequest();
            r.Tsih = tsih;
            r.Timeout = 30;
            return r;
        }

        private static Hashtable Entry(IscsiTargetSessionStopResult res, int tsih, string target)
        {
            foreach (Hashtable h in res.Report.ToList())
            {
                if ((int)h["tsih"] == tsih && (target == null || (string)h["target_name"] == target))
                    return h;
            }
            Assert.Fail("no session with TSIH " + tsih + " on " + target + " in the report");
            return null;
        }

        private static Hashtable Entry(IscsiTargetSessionStopResult res, int tsih)
        {
            return Entry(res, tsih, null);
        }

        private bool Listed(int tsih, string target)
        {
            foreach (TargetSession s in api.ListSessions())
            {
                if (s.Tsih == tsih && s.TargetName == target)
                    return true;
            }
            return false;
        }

        // ---- item 9: 4099 Busy and 6 In Use are retried within timeout ---------------------------------------

        [Test]
        public void BusyAndInUseAreRetriedUntilTheProviderTakesTheRequest()
        {
            api.Behave(2).AnswersFirst.AddRange(new long[] { 4099, 6, 4099 });
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(2), false);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("stopped", e["action"], (string)e["reason"]);
            Assert.AreEqual(0L, e["return_value"]);
            Assert.AreEqual(4, api.Log.CountPrefix("rsc 2"));
            Assert.IsFalse(res.Report.Failed);
        }

        [TestCase(4099L, "BUSY")]
        [TestCase(6L, "IN_USE")]
        public void ProviderBusyForTheWholeTimeoutFailsWithTheAnswerAndOthersAreStillStopped(long code, string name)
        {
            api.Behave(2).ReturnValue = code;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1, 2), false);
            Assert.AreEqual("stopped", Entry(res, 1)["action"]);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual(code, e["return_value"]);
            Assert.AreEqual(name, ((Hashtable)e["error"])["name"]);
            StringAssert.Contains("within the timeout of 30 s", (string)e["reason"]);
            Assert.Greater(api.Log.CountPrefix("rsc 2"), 1, "the busy session is asked again");
            Assert.IsTrue(api.Has(2));
        }

        [Test]
        public void TimeoutBoundsTheBusyRetriesAndTheWaitTogether()
        {
            // issue 19 item 5: timeout is the most the module waits in total; a provider busy for most of it leaves the
            // wait for the listing only what is left (the calls take no time here, so only the module's waits count).
            for (int i = 0; i < 50; i++)
                api.Behave(1).AnswersFirst.Add(4099);
            api.Behave(1).GoneAfter = null;
            IscsiTargetSessionStopRequest r = Stop(1);
            r.Timeout = 60;
            IscsiTargetSessionStopResult res = Engine().Stop(r, false);
            Assert.AreEqual("failed", Entry(res, 1)["action"]);
            Assert.LessOrEqual(clock.Elapsed, TimeSpan.FromSeconds(60), "the whole task waits at most timeout");
            Assert.AreEqual(51, api.Log.CountPrefix("rsc 1"), "the provider was asked again until it took the request");
            TimeSpan? last = api.TimeoutPeriods[api.TimeoutPeriods.Count - 1];
            Assert.IsTrue(last.HasValue && last.Value <= TimeSpan.FromSeconds(10), "TimeoutPeriod is the time left: " + last);
        }

        [Test]
        public void AnEarlierBusyAnswerIsNotReportedForASessionThatLaterStays()
        {
            api.Behave(1).AnswersFirst.Add(4099);
            api.Behave(1).GoneAfter = null;
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Hashtable e = Entry(res, 1);
            Assert.AreEqual("failed", e["action"]);
            StringAssert.Contains("returned COMPLETED", (string)e["reason"]);
            StringAssert.Contains("still listed", (string)e["reason"]);
            Assert.IsNull(e["error"], "the BUSY of the first call is not this failure's error");
            Assert.AreEqual(0L, e["return_value"]);
        }

        [Test]
        public void BusySessionsAreRetriedTogetherNotOneAfterTheOther()
        {
            api.Behave(1).AnswersFirst.AddRange(new long[] { 4099, 4099 });
            api.Behave(2).AnswersFirst.AddRange(new long[] { 6, 6 });
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1, 2), false);
            Assert.AreEqual("stopped", Entry(res, 1)["action"]);
            Assert.AreEqual("stopped", Entry(res, 2)["action"]);
            List<string> rsc = new List<string>();
            foreach (string ev in api.Log.Events)
            {
                if (ev.StartsWith("rsc", StringComparison.Ordinal))
                    rsc.Add(ev.Substring(0, 5));
            }
            CollectionAssert.AreEqual(new string[] { "rsc 1", "rsc 2", "rsc 1", "rsc 2", "rsc 1", "rsc 2" }, rsc);
        }

        [Test]
        public void BusyAfterTimeoutPeriodWasRefusedDoesNotSendItAgain()
        {
            api.Behave(1).AnswersFirst.AddRange(new long[] { 4098, 4099 });
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("stopped", Entry(res, 1)["action"]);
            Assert.AreEqual(3, api.TimeoutPeriods.Count);
            Assert.AreEqual(TimeSpan.FromSeconds(30), api.TimeoutPeriods[0]);
            Assert.IsFalse(api.TimeoutPeriods[1].HasValue);
            Assert.IsFalse(api.TimeoutPeriods[2].HasValue);
            Assert.AreEqual(1, res.Report.Warnings.Count);
        }

        // ---- item 10: the CIM instance is matched by TSIH, initiator and target -------------------------------

        [Test]
        public void SameTsihOnTwoTargetsStopsOnlyTheSelectedTargetsSession()
        {
            api.Add(5, Alice, "db");
            api.Add(5, Alice, "web");
            IscsiTargetSessionStopRequest r = Stop(5);
            r.Target = new string[] { "web" };
            IscsiTargetSessionStopResult res = Engine().Stop(r, false);
            Hashtable e = Entry(res, 5, "web");
            Assert.AreEqual("stopped", e["action"], (string)e["reason"]);
            CollectionAssert.AreEqual(new string[] { "web" }, api.RscTargets);
            Assert.IsTrue(Listed(5, "db"), "the session with the same TSIH on another target is left alone");
            Assert.IsFalse(Listed(5, "web"));
        }

        // {0} stands for the session's own initiator IQN (Bob's).
        [TestCase("")]
        [TestCase("   ")]
        [TestCase("bob")]
        [TestCase("{0},i,0xZZ")]
        [TestCase("{0},i,")]
        [TestCase("{0},t,0x1")]
        [TestCase("{0},i,0x400001370002,extra")]
        [TestCase("{0},i,0x4000013700020000")]
        public void EndPointNameThatDoesNotParseIsNotAMatch(string endPointName)
        {
            api.EndPointName = delegate(TargetSession s)
            {
                return s.Tsih == 2 ? String.Format(endPointName, s.InitiatorIqn) : s.InitiatorIqn;
            };
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1, 2), false);
            Assert.AreEqual("stopped", Entry(res, 1)["action"]);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("failed", e["action"]);
            StringAssert.Contains("no MSISCSITARGET_iSCSISession", (string)e["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("rsc 2"));
            Assert.IsTrue(api.Has(2));
        }

        [Test]
        public void NullEndPointNameIsNotAMatch()
        {
            api.EndPointName = delegate(TargetSession s) { return null; };
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1), false);
            Assert.AreEqual("failed", Entry(res, 1)["action"]);
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));
        }

        [Test]
        public void PortNameParsing()
        {
            CimSessionRef c = new CimSessionRef();
            c.EndPointName = " " + Alice.ToUpperInvariant() + ",I,0X000000000001 ";
            Assert.IsTrue(c.IsPeer(Alice, 1));
            c.EndPointName = Alice + ",i,000000000001";
            Assert.IsTrue(c.IsPeer(Alice, 1));
            c.EndPointName = null;
            Assert.IsFalse(c.IsPeer(Alice, 1));
            c.EndPointName = Alice;
            Assert.IsFalse(c.IsPeer(null, 1));
            Assert.IsFalse(c.IsPeer("", 1));

            c.TargetEndPointName = "iqn.1991-05.com.microsoft:tgt01-web-target,t,0x0001";
            Assert.AreEqual("iqn.1991-05.com.microsoft:tgt01-web-target", c.TargetNodeName);
            c.TargetEndPointName = "iqn.1991-05.com.microsoft:tgt01-web-target";
            Assert.AreEqual("iqn.1991-05.com.microsoft:tgt01-web-target", c.TargetNodeName);
            c.TargetEndPointName = "iqn.1991-05.com.microsoft:tgt01-web-target,i,0x1";
            Assert.IsNull(c.TargetNodeName);
            c.TargetEndPointName = "iqn.1991-05.com.microsoft:tgt01-web-target,t,0x10000";
            Assert.IsNull(c.TargetNodeName, "a TPGT is 16 bits");
            c.TargetEndPointName = "";
            Assert.IsNull(c.TargetNodeName);
        }

        [Test]
        public void CimInstanceWhoseTargetCannotBeReadIsTakenByItsUniqueTsihWithAWarning()
        {
            // WT_Session's only key is TSIH: the one instance with TSIH 2, naming this initiator, is this session
            api.TargetEndPointName = delegate(TargetSession s) { return s.Tsih == 2 ? null : s.TargetIqn + ",t,0x1"; };
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(1, 2), false);
            Assert.AreEqual("stopped", Entry(res, 1)["action"]);
            Assert.AreEqual("stopped", Entry(res, 2)["action"]);
            StringAssert.Contains("only instance with TSIH 2", String.Join("\n", res.Report.Warnings.ToArray()));
        }

        [Test]
        public void CimInstanceOfAnotherTargetIsNotUsed()
        {
            api.TargetEndPointName = delegate(TargetSession s) { return "iqn.1991-05.com.microsoft:tgt01-other-target,t,0x1"; };
            IscsiTargetSessionStopResult res = Engine().Stop(Stop(2), false);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("failed", e["action"]);
            StringAssert.Contains("tgt01-other-target", (string)e["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));
        }

        [Test]
        public void TsihSharedByTwoSessionsOfOneInitiatorAndTargetIsToldApartOnlyByTheIsid()
        {
            // Two sessions from one initiator to one target through two portal groups: TSIH may repeat, the ISID differs.
            TargetSession a = api.Add(7, Alice, "db");
            TargetSession b = api.Add(7, Alice, "db");
            b.Isid = a.Isid + 0x100;
            IscsiTargetSessionStopResult bare = Engine().Stop(Stop(7), false);
            foreach (Hashtable h in bare.Report.ToList())
            {
                Assert.AreEqual("failed", h["action"]);
                StringAssert.Contains("cannot be identified for sure", (string)h["reason"]);
            }
            Assert.AreEqual(0, api.Log.CountPrefix("rsc"));

            api.EndPointName = delegate(TargetSession s) { return s.InitiatorIqn + ",i," + s.IsidHex; };
            IscsiTargetSessionStopResult withIsid = Engine().Stop(Stop(7), false);
            Assert.AreEqual(2, withIsid.Report.Count(OutcomeKind.Ended));
            Assert.IsFalse(api.Has(7));
        }

        // ---- item 11: RtlGetVersion returns an NTSTATUS ----------------------------------------------------

        /// <summary>
        /// A fake of ntdll's RtlGetVersion. wdm.h declares it NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW) and Microsoft
        /// documents STATUS_SUCCESS as its return; the caller sets dwOSVersionInfoSize to sizeof(RTL_OSVERSIONINFOW) or
        /// sizeof(RTL_OSVERSIONINFOEXW). Answering STATUS_INVALID_PARAMETER (0xC000000D) to any other size is how the
        /// fake fails; which NTSTATUS a real failure carries is UNCONFIRMED.
        /// </summary>
        private static int FakeRtlGetVersion(ref OsNative.OSVERSIONINFOEXW info)
        {
            if (info.dwOSVersionInfoSize != 284 && info.dwOSVersionInfoSize != 276)
                return unchecked((int)0xC000000D);
            info.dwMajorVersion = 6;
            info.dwMinorVersion = 3;
            info.dwBuildNumber = 9600;
            info.dwPlatformId = 2;
            info.wProductType = 3;
            return 0;
        }

        [Test]
        public void RtlGetVersionSuccessGivesTheOs()
        {
            OsInfo os = OsInfo.FromRtlGetVersion(FakeRtlGetVersion);
            Assert.IsTrue(os.IsServer2012R2);
            Assert.AreEqual("Windows 6.3.9600 (server)", os.ToString());
        }

        [Test]
        public void RtlGetVersionFailureIsDecodedAsAnNtStatus()
        {
            ApiException e = Assert.Throws<ApiException>(delegate
            {
                OsInfo.FromRtlGetVersion(delegate(ref OsNative.OSVERSIONINFOEXW info)
                {
                    info.dwOSVersionInfoSize = 1;
                    return FakeRtlGetVersion(ref info);
                });
            });
            Assert.AreEqual("RtlGetVersion", e.Operation);
            Assert.AreEqual("STATUS_INVALID_PARAMETER", e.Error.Name);
            Assert.AreEqual("0xC000000D", e.Error.Hex);
            Assert.AreEqual("ntstatus", e.Error.Kind);
            Assert.AreEqual("NTSTATUS", e.Error.Facility);
            Assert.AreEqual("error", e.Error.Severity);
        }

        [TestCase(0x00000000L, "STATUS_SUCCESS", "success")]
        [TestCase(0x80000005L, "STATUS_BUFFER_OVERFLOW", "warning")]
        [TestCase(0x40000000L, "UNKNOWN", "info")]
        [TestCase(0xC0000004L, "STATUS_INFO_LENGTH_MISMATCH", "error")]
        [TestCase(0xC00000BBL, "STATUS_NOT_SUPPORTED", "error")]
        [TestCase(0xC0ABCDEFL, "UNKNOWN", "error")]
        public void NtStatusNamesAndSeverities(long code, string name, string severity)
        {
            ErrorInfo e = NtStatus.Decode(unchecked((int)code));
            Assert.AreEqual(name, e.Name);
            Assert.AreEqual(severity, e.Severity);
            Assert.AreEqual(code, e.Code);
            if (name == "UNKNOWN")
                StringAssert.Contains("NTSTATUS", e.Message);
        }

        // ---- item 12: null is unset; an explicit empty string is an error where it has no meaning ---------------

        private static IscsiTargetSessionStopIoctlRequest Ioctl()
        {
            IscsiTargetSessionStopIoctlRequest r = new IscsiTargetSessionStopIoctlRequest();
            r.Tsih = new int[] { 1 };
            r.Timeout = 30;
            r.Device = "\\\\.\\Scsi2:";
            r.SessionCookie = "0x1122334455667788";
            r.Signature = "WTSPT";
            return r;
        }

        private static string Refused(IscsiTargetStopRequest r)
        {
            return Assert.Throws<ArgumentException>(delegate { r.Validate(); }).Message;
        }

        [Test]
        public void NullOptionsAreUnset()
        {
            IscsiTargetSessionStopRequest r = Stop(1);
            r.Method = null;
            r.RequestedState = null;
            r.Validate();
            Assert.AreEqual("cim", r.EffectiveMethod);
            Assert.AreEqual(CimStates.Disabled, r.RequestedStateValue);
            IscsiTargetSessionStopResult res = Engine().Stop(r, false);
            Assert.AreEqual("stopped", Entry(res, 1)["action"]);
            Assert.AreEqual(1, api.Log.CountPrefix("rsc 1 state=3"));
        }

        [Test]
        public void EmptyStringsWithIoctlAreRejectedNamingTheOption()
        {
            IscsiTargetSessionStopIoctlRequest r = Ioctl();
            r.Device = "";
            StringAssert.Contains("device must not be empty", Refused(r));
            r = Ioctl();
            r.SessionCookie = "";
            StringAssert.Contains("session_cookie must not be empty", Refused(r));
            r = Ioctl();
            r.Signature = "";
            StringAssert.Contains("signature must not be empty", Refused(r));
            r = Ioctl();
            r.Device = "  ";
            StringAssert.Contains("device must not be empty", Refused(r));
        }

        [Test]
        public void EmptyMethodRequestedStateAndSelectorsAreRejectedNamingTheOption()
        {
            IscsiTargetSessionStopRequest r = Stop(1);
            r.Method = "";
            StringAssert.StartsWith("method must be one of", Refused(r));
            r = Stop(1);
            r.RequestedState = "";
            StringAssert.StartsWith("requested_state must be", Refused(r));
            r = Stop(1);
            r.Initiator = new string[] { "" };
            StringAssert.StartsWith("initiator: '' is not an iSCSI name", Refused(r));
            r = Stop(1);
            r.Target = new string[] { "" };
            StringAssert.StartsWith("target must not contain empty names", Refused(r));
        }
    }
}
