// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// rds_message, iscsi_target_session_stop_ioctl and iscsi_target_access_restore run through the entry their .ps1 calls
// (ProductionEntry, ModuleHarnessProduction.cs) with nothing injected: wtsapi32 / kernel32 / ntdll / advapi32 +
// secur32 are the ABI-level C fakes (tests/native), WMI is the schema-checked fake (WmiFake.cs) that Wmi.Factory hands
// out and the record store the managed fake that HostRecords.Factory hands out (never the host's registry). Per module:
// a success path, check mode, a failure decoded from the fake's error, and the refusal without Administrators where
// the module refuses (rds_message, like rds_logoff, names the filtered token instead; iscsi_target_session_stop_ioctl
// has no administrator pre-check).
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;

namespace SessionCtl.Tests
{
    [TestFixture]
    [Category("rds_message")]
    public class RdsMessageProductionEntryTests : ProductionEntryFixture
    {
        protected override string Module { get { return "rds_message"; } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("no selector", "all", "message", "Maintenance at 18:00");
        }

        [Test]
        public void Sends_to_the_selected_session_through_wtsapi32()
        {
            ProductionHosts.Wts();
            ModuleRun run = RunEntry(Args("session_id", new object[] { 2 }, "message", "Maintenance at 18:00"), false, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "sent" }));
            StringAssert.Contains("WTSSendMessageW", WtsFake.Calls);
        }

        [Test]
        public void Check_mode_sends_nothing()
        {
            ProductionHosts.Wts();
            ModuleRun run = RunEntry(Args("session_id", new object[] { 2, 3 }, "message", "x"), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "would_send", "would_send" }));
            StringAssert.DoesNotContain("WTSSendMessageW", WtsFake.Calls);
        }

        [Test]
        public void A_refused_send_is_decoded_and_the_filtered_token_is_named()
        {
            ProductionHosts.Wts();
            Advapi32Fake.FilteredLocalAdministrator();
            WtsFake.Fail("WTSSendMessageW", 2, 5, -1, 0);
            ModuleRun run = RunEntry(Args("session_id", new object[] { 2, 3 }, "message", "x"), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "failed", "sent" }),
                "one refused session does not stop the other");
            Dictionary<string, object> error = ErrorOf(run, "sessions");
            Assert.That(error["name"], Is.EqualTo("ERROR_ACCESS_DENIED"));
            Assert.That(run.Json, Is.StringContaining("a filtered token"), "the hint read from the advapi32 fake");
        }
    }

    /// <summary>Target t1 on this host's WT_Host (root\WMI) as the fixtures below need it.</summary>
    internal static class ProductionTargetHost
    {
        public const string Alice = "iqn.1991-05.com.microsoft:alice";
        public const string TargetIqn = "iqn.1991-05.com.microsoft:srv-t1-target";

        public static FakeWmiInstance Host(FakeWmi wmi, bool enabled)
        {
            return wmi.Add("WT_Host", "HostName", "t1", "TargetIQN", TargetIqn, "Enabled", enabled, "EnableCHAP", false,
                "Sessions", new FakeWmiInstance[0]);
        }

        public static void AddSession(FakeWmi wmi, FakeWmiInstance host, int tsih)
        {
            FakeWmiInstance conn = wmi.Embedded("WT_Connection", "CID", 1, "TSIH", tsih, "InitiatorIPAddress", "10.0.0.5",
                "TargetIPAddress", "10.0.0.1", "TargetPort", 3260);
            FakeWmiInstance ws = wmi.Embedded("WT_Session", "TSIH", tsih, "ISID", 0x400001370000UL, "SessionType", 1,
                "HostName", "t1", "InitiatorIQN", Alice, "HostTargetIQN", TargetIqn,
                "Connections", new FakeWmiInstance[] { conn });
            host.Values["Sessions"] = new FakeWmiInstance[] { ws };
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_stop_ioctl")]
    public class IscsiTargetSessionStopIoctlProductionEntryTests : ProductionEntryFixture
    {
        private const string Device = "\\\\.\\Scsi2:";
        private FakeWmiInstance host;
        private bool ioctlEnds;

        protected override string Module { get { return "iscsi_target_session_stop_ioctl"; } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("a device that is not a device path", "device", "tsih", new object[] { 5 }, "device", "Scsi2:",
                "session_cookie", "0x1", "signature", "WTSPT");
            yield return Bad("an empty target name", "target", "target", new object[] { "" }, "device", "\\\\.\\Scsi2:",
                "session_cookie", "0x1", "signature", "WTSPT");
        }

        protected override void ResetFakes()
        {
            host = ProductionTargetHost.Host(WmiHost, true);
            ProductionTargetHost.AddSession(WmiHost, host, 5);
            Kernel32Fake.AddDevice(Device, Kernel32Fake.Miniport, -1, "WTSPT");
            NtdllFake.SetVersion(6, 3, 9600, OsInfo.ProductServer, 0);
            // when ioctlEnds, the target ends the session once the IOCTL reached it: the next listing no longer shows it
            ioctlEnds = false;
            WmiHost.Failure = delegate(string call)
            {
                if (ioctlEnds && call.StartsWith("Query WT_Host", StringComparison.Ordinal)
                    && Kernel32Fake.Calls.Contains("DeviceIoControl"))
                    host.Values["Sessions"] = new FakeWmiInstance[0];
                return null;
            };
        }

        private static IDictionary Stop(params object[] more)
        {
            List<object> args = new List<object> { "tsih", new object[] { 5 }, "device", Device,
                "session_cookie", "0x1122334455667788", "signature", "WTSPT" };
            args.AddRange(more);
            return Args(args.ToArray());
        }

        [Test]
        public void Stops_the_session_through_DeviceIoControl_and_confirms_through_WMI()
        {
            Kernel32Fake.SetMiniportReply(1, -1);
            ioctlEnds = true;
            ModuleRun run = RunEntry(Stop(), false, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "stopped" }));
            StringAssert.Contains("DeviceIoControl", Kernel32Fake.Calls);
            Assert.That(WmiHost.Calls, Has.Member("Query WT_Host"));
        }

        [Test]
        public void Check_mode_sends_no_IOCTL()
        {
            ModuleRun run = RunEntry(Stop(), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "would_stop" }));
            StringAssert.DoesNotContain("DeviceIoControl", Kernel32Fake.Calls);
        }

        [Test]
        public void An_SRB_error_is_decoded()
        {
            Kernel32Fake.SetMiniportReply(6, -1);
            ModuleRun run = RunEntry(Stop(), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(ErrorOf(run, "sessions")["name"], Is.EqualTo("SRB_STATUS_INVALID_REQUEST"));
        }

        [Test]
        public void A_refused_open_is_decoded_from_GetLastError()
        {
            Kernel32Fake.Fail("CreateFileW", -1, 5, -1, 0);
            ModuleRun run = RunEntry(Stop(), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(ErrorOf(run, "sessions")["name"], Is.EqualTo("ERROR_ACCESS_DENIED"));
        }

        [Test]
        public void Another_windows_version_is_refused_before_the_IOCTL()
        {
            NtdllFake.SetVersion(10, 0, 20348, OsInfo.ProductServer, 0);
            ModuleRun run = RunEntry(Stop(), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("method=ioctl sends ISCSITGT_SPT_SESSION_END"));
            StringAssert.DoesNotContain("DeviceIoControl", Kernel32Fake.Calls);
        }
    }

    [TestFixture]
    [Category("iscsi_target_access_restore")]
    public class IscsiTargetAccessRestoreProductionEntryTests : ProductionEntryFixture
    {
        private const string Record = "iscsi_target_access:t1";
        private FakeWmiInstance host;

        protected override string Module { get { return "iscsi_target_access_restore"; } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("an empty target name", "target", "target", new object[] { " " });
        }

        protected override void ResetFakes()
        {
            // what iscsi_target_session_stop recorded before revoke_access and disable_target changed t1
            host = ProductionTargetHost.Host(WmiHost, false);
            Records.Records[Record] = "enabled=true\nIQN:" + ProductionTargetHost.Alice;
        }

        [Test]
        public void Restores_the_record_through_WMI_and_clears_it()
        {
            ModuleRun run = RunEntry(Args("target", new object[] { "t1" }), false, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("targets", "action"), Is.EqualTo(new string[] { "restored" }));
            Assert.That(host["Enabled"], Is.EqualTo(true));
            Assert.That(WmiHost.Writes, Has.Member("WT_IDMethod.Value"));
            Assert.That(Records.Records, Is.Empty);
        }

        [Test]
        public void Check_mode_changes_nothing()
        {
            ModuleRun run = RunEntry(Args("all", true), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("targets", "action"), Is.EqualTo(new string[] { "would_restore" }));
            Assert.That(WmiHost.Writes, Is.Empty);
            Assert.That(host["Enabled"], Is.EqualTo(false));
            Assert.That(Records.Records.Count, Is.EqualTo(1));
        }

        [Test]
        public void A_refused_write_is_decoded_and_keeps_the_record()
        {
            WmiHost.Failure = delegate(string call) { return call.StartsWith("Create", StringComparison.Ordinal) ? unchecked((int)0x80041003) : (int?)null; };
            ModuleRun run = RunEntry(Args("target", new object[] { "t1" }), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("targets", "action"), Is.EqualTo(new string[] { "failed" }));
            Assert.That(run.Json, Is.StringContaining("WBEM_E_ACCESS_DENIED"));
            Assert.That(Records.Records.Count, Is.EqualTo(1));
        }

        [Test]
        public void A_filtered_token_is_refused_before_WMI_and_the_store()
        {
            Advapi32Fake.FilteredLocalAdministrator();
            ModuleRun run = RunEntry(Args("target", new object[] { "t1" }), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("iscsi_target_access_restore needs a member of the Administrators group"));
            Assert.That(WmiHost.Calls, Is.Empty);
            Assert.That(Records.Log.Events, Is.Empty);
        }
    }
}
