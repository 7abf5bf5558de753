// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Each module without WMI, run through the entry its .ps1 calls (ProductionEntry, ModuleHarnessProduction.cs) with
// nothing injected: the runner builds NativeWtsApi / NativeIscsiInitiatorApi / NativeIscsiInitiatorSessions and reads
// its token with NativeAccessToken, and all of them reach the ABI-level C fakes (tests/native: wtsapi32, iscsidsc,
// kernel32, ntdll, advapi32 + secur32). Per module: a success path, check mode, a failure decoded from the fake's
// error code, and the administrator refusal (iSCSI) or the access-denied hint from the same token (RDS).
//
// Not covered here: backend: vds of iscsi_initiator_logout. NativeVdsApi loads the VDS COM server, which Mono cannot
// do on Linux (no COM runtime for [ComImport] interfaces); IscsiInitiatorVdsTests.cs runs NativeVdsApi against managed fakes
// of its COM interfaces through its loader. The runs below use the default backend (iscsidsc), so they cover the
// production overload's argument check, token check, the NativeIscsiInitiatorApi construction and the engine, and
// that no VDS object is built for it.
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;

namespace SessionCtl.Tests
{
    internal static class ProductionHosts
    {
        public const int Active = 0;
        public const int Disconnected = 4;
        public const int Listen = 6;
        public const string Initiator = "iqn.1991-05.com.microsoft:host1.contoso.com";
        public const string TargetA = "iqn.1991-05.com.microsoft:san1-vol-a-target";
        public const string TargetB = "iqn.1991-05.com.microsoft:san1-vol-b-target";
        public const ulong Unique = 0xffffe00012345000UL;

        /// <summary>0 services, 1 the module's own session (admin), 2 alice active, 3 bob disconnected, the listener.</summary>
        public static void Wts()
        {
            Kernel32Fake.SetSessionId(1);
            WtsFake.AddSession(null, 0, Disconnected, "Services", null, null, "", "", "");
            WtsFake.AddSession(null, 1, Active, "RDP-Tcp#1", "admin", "CONTOSO", "ADMINPC-H", "", "ADMINPC");
            WtsFake.AddSession(null, 2, Active, "RDP-Tcp#2", "alice", "CONTOSO", "HOST2", "", "LAPTOP1");
            WtsFake.AddSession(null, 3, Disconnected, "", "bob", "CONTOSO", "HOST3", "", "");
            WtsFake.AddSession(null, 65536, Listen, "RDP-Tcp", null, null, "", "", "");
        }

        /// <summary>Sessions 1 and 2 to target A, session 3 to target B; no disks; no persistent logins.</summary>
        public static void Iscsi()
        {
            int s1 = IscsiFake.AddSession(Unique, 1, Initiator, TargetA, "san1-vol-a");
            IscsiFake.AddConnection(s1, "10.0.0.5", 50123, "10.0.0.20", 3260);
            int s2 = IscsiFake.AddSession(Unique, 2, Initiator, TargetA, "san1-vol-a");
            IscsiFake.AddConnection(s2, "10.0.1.5", 50200, "10.0.1.20", 3260);
            int s3 = IscsiFake.AddSession(Unique, 3, Initiator, TargetB, "san1-vol-b");
            IscsiFake.AddConnection(s3, "10.0.0.5", 50300, "10.0.0.21", 3260);
        }
    }

    [TestFixture]
    [Category("rds_logoff")]
    public class RdsLogoffProductionEntryTests : ProductionEntryFixture
    {
        protected override string Module { get { return "rds_logoff"; } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("a user without its name", "username", "username", new object[] { "CONTOSO\\" });
            yield return Bad("no selector", "all");
        }

        [Test]
        public void Logs_off_the_selected_session_through_wtsapi32()
        {
            ProductionHosts.Wts();
            ModuleRun run = RunEntry(Args("session_id", new object[] { 2 }), false, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "logged_off" }));
            StringAssert.Contains("WTSLogoffSession", WtsFake.Calls);
            Assert.That(WtsFake.SessionCount(null), Is.EqualTo(4), "session 2 is gone: {0}", WtsFake.Calls);
        }

        [Test]
        public void Check_mode_calls_no_logoff()
        {
            ProductionHosts.Wts();
            ModuleRun run = RunEntry(Args("session_id", new object[] { 2, 3 }), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "would_log_off", "would_log_off" }));
            StringAssert.DoesNotContain("WTSLogoffSession", WtsFake.Calls);
            Assert.That(WtsFake.SessionCount(null), Is.EqualTo(5));
        }

        [Test]
        public void A_refused_logoff_is_decoded_and_the_filtered_token_is_named()
        {
            ProductionHosts.Wts();
            Advapi32Fake.FilteredLocalAdministrator();
            WtsFake.Fail("WTSLogoffSession", 2, 5, -1, 0);
            ModuleRun run = RunEntry(Args("session_id", new object[] { 2, 3 }), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "failed", "logged_off" }),
                "one refused session does not stop the other");
            Dictionary<string, object> error = ErrorOf(run, "sessions");
            Assert.That(error["name"], Is.EqualTo("ERROR_ACCESS_DENIED"));
            Assert.That(error["hex"], Is.EqualTo("0x00000005"));
            Assert.That(run.Json, Is.StringContaining("a filtered token"), "the hint read from the advapi32 fake");
            Assert.That(Advapi32Fake.OpenTokens(), Is.GreaterThan(0), "the token was read: {0}", Advapi32Fake.Calls);
        }

        [Test]
        public void An_administrator_s_refused_logoff_gets_no_token_hint()
        {
            ProductionHosts.Wts();
            WtsFake.Fail("WTSLogoffSession", 2, 5, -1, 0);
            ModuleRun run = RunEntry(Args("session_id", new object[] { 2 }), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Json, Is.Not.StringContaining("Administrators group enabled"), "{0}", run);
        }
    }

    [TestFixture]
    [Category("rds_session_info")]
    public class RdsSessionInfoProductionEntryTests : ProductionEntryFixture
    {
        protected override string Module { get { return "rds_session_info"; } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("a user without its name", "username", "username", new object[] { "CONTOSO\\" });
        }

        [Test]
        public void Lists_the_user_sessions_through_wtsapi32()
        {
            ProductionHosts.Wts();
            ModuleRun run = RunEntry(Args(), false, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Field("sessions", "username"), Has.Member("alice").And.Member("bob").And.Member("admin"));
            StringAssert.Contains("WTSEnumerateSessionsExW", WtsFake.Calls);
        }

        [Test]
        public void Check_mode_lists_the_same()
        {
            ProductionHosts.Wts();
            ModuleRun run = RunEntry(Args("session_id", new object[] { 3 }), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "username"), Is.EqualTo(new string[] { "bob" }));
            Assert.That(run.Changed, Is.False);
        }

        [Test]
        public void A_refused_listing_fails_with_the_decoded_error_and_the_token_hint()
        {
            ProductionHosts.Wts();
            Advapi32Fake.FilteredLocalAdministrator();
            WtsFake.Fail("WTSEnumerateSessionsExW", -1, 5, -1, 0);
            ModuleRun run = RunEntry(Args(), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("ERROR_ACCESS_DENIED"));
            Assert.That(run.Msg, Is.StringContaining("0x00000005"));
            Assert.That(run.Json, Is.StringContaining("a filtered token"), "the hint read from the advapi32 fake");
        }

        [Test]
        public void An_unreachable_server_fails_with_1722_decoded()
        {
            ModuleRun run = RunEntry(Args("server", "GONE01"), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("RPC_S_SERVER_UNAVAILABLE"));
            Assert.That(run.Msg, Is.StringContaining("GONE01"));
        }
    }

    [TestFixture]
    [Category("iscsi_initiator_logout")]
    public class IscsiInitiatorLogoutProductionEntryTests : ProductionEntryFixture
    {
        protected override string Module { get { return "iscsi_initiator_logout"; } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("timeout 0", "timeout", "target", new object[] { ProductionHosts.TargetA }, "timeout", 0);
            yield return Bad("timeout over a day", "timeout", "target", new object[] { ProductionHosts.TargetA },
                "timeout", 86401);
        }

        [Test]
        public void Logs_out_of_every_session_to_the_target_through_iscsidsc()
        {
            ProductionHosts.Iscsi();
            ModuleRun run = RunEntry(Args("target", new object[] { ProductionHosts.TargetA }), false, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "logged_out", "logged_out" }));
            Assert.That(IscsiFake.SessionCount(), Is.EqualTo(1), "only the session to target B is left: {0}", IscsiFake.Calls);
        }

        [Test]
        public void Check_mode_calls_no_logout()
        {
            ProductionHosts.Iscsi();
            ModuleRun run = RunEntry(Args("target", new object[] { ProductionHosts.TargetB }), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "would_log_out" }));
            StringAssert.DoesNotContain("LogoutIScsiTarget", IscsiFake.Calls);
            Assert.That(IscsiFake.SessionCount(), Is.EqualTo(3));
        }

        [Test]
        public void A_failed_logout_is_decoded_from_the_iscsidsc_code()
        {
            ProductionHosts.Iscsi();
            IscsiFake.Fail("LogoutIScsiTarget", 3, 0xEFFF0040, -1, 0);  // ISDSC_DEVICE_BUSY_ON_SESSION
            ModuleRun run = RunEntry(Args("target", new object[] { ProductionHosts.TargetB }, "retries", 0), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "failed" }));
            Dictionary<string, object> error = ErrorOf(run, "sessions");
            Assert.That(error["hex"], Is.EqualTo("0xEFFF0040"));
            Assert.That(error["name"], Is.EqualTo("ISDSC_DEVICE_BUSY_ON_SESSION"));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void A_filtered_token_is_refused_before_any_iscsidsc_call(bool checkMode)
        {
            ProductionHosts.Iscsi();
            Advapi32Fake.FilteredLocalAdministrator();
            ModuleRun run = RunEntry(Args("target", new object[] { ProductionHosts.TargetA }), checkMode, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("iscsi_initiator_logout needs a member of the Administrators group"));
            Assert.That(run.Msg, Is.StringContaining("HOST1\\localadmin"), "the logon read through secur32");
            Assert.That(IscsiFake.Calls, Is.EqualTo(""), "no iscsidsc call before the refusal");
            Assert.That(IscsiFake.SessionCount(), Is.EqualTo(3));
        }
    }

    [TestFixture]
    [Category("iscsi_session_info")]
    public class IscsiSessionInfoProductionEntryTests : ProductionEntryFixture
    {
        protected override string Module { get { return "iscsi_session_info"; } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("a target that is not an iSCSI name", "target", "target", new object[] { "not-an-iqn" });
        }

        [Test]
        public void Lists_the_sessions_through_iscsidsc()
        {
            ProductionHosts.Iscsi();
            ModuleRun run = RunEntry(Args("target", new object[] { ProductionHosts.TargetA }), false, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Field("sessions", "target_name"), Is.EqualTo(new string[] { ProductionHosts.TargetA, ProductionHosts.TargetA }));
        }

        [Test]
        public void Check_mode_lists_the_same()
        {
            ProductionHosts.Iscsi();
            ModuleRun run = RunEntry(Args(), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Items("sessions").Count, Is.EqualTo(3));
        }

        [Test]
        public void A_failed_listing_is_decoded_from_the_iscsidsc_code()
        {
            ProductionHosts.Iscsi();
            IscsiFake.Fail("GetIScsiSessionListW", -1, 0xEFFF0013, -1, 0);
            ModuleRun run = RunEntry(Args(), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("0xEFFF0013"));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void A_filtered_token_is_refused_before_any_iscsidsc_call(bool checkMode)
        {
            ProductionHosts.Iscsi();
            Advapi32Fake.FilteredLocalAdministrator();
            ModuleRun run = RunEntry(Args(), checkMode, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("iscsi_session_info needs a member of the Administrators group"));
            Assert.That(IscsiFake.Calls, Is.EqualTo(""), "no iscsidsc call before the refusal");
        }
    }
}

namespace SessionCtl.Tests
{
    /// <summary>
    /// The modules that reach Windows through WMI, run through their production entry as far as this layer can take
    /// them: the arguments and the administrator check come before any WMI call, so a filtered token read from the
    /// advapi32/secur32 fake is refused there, and a bad input before that. Their success, check-mode and failure
    /// paths run through the WMI adapter's schema fake (not here: these fixtures are not *ProductionEntryTests, so
    /// tools/nunit_modules.py still asks for those, see tests/not_run_allowed.txt).
    /// </summary>
    public abstract class WmiModuleEntryRefusalFixture : ProductionEntryFixture
    {
        protected abstract IDictionary GoodArgs { get; }

        [TestCase(false)]
        [TestCase(true)]
        public void A_filtered_token_is_refused_at_the_production_entry(bool checkMode)
        {
            Advapi32Fake.FilteredLocalAdministrator();
            ModuleRun run = RunEntry(GoodArgs, checkMode, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting(Module + " needs a member of the Administrators group"), "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("HOST1\\localadmin"), "the logon read through secur32");
            Assert.That(run.Changed, Is.False);
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_stop")]
    public class IscsiTargetSessionStopEntryRefusalTests : WmiModuleEntryRefusalFixture
    {
        protected override string Module { get { return "iscsi_target_session_stop"; } }
        protected override IDictionary GoodArgs { get { return Args("tsih", new object[] { 2 }); } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("initiator not an iSCSI name", "initiator", "initiator", new object[] { "alice" });
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_info")]
    public class IscsiTargetSessionInfoEntryRefusalTests : WmiModuleEntryRefusalFixture
    {
        protected override string Module { get { return "iscsi_target_session_info"; } }
        protected override IDictionary GoodArgs { get { return Args(); } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("a negative TSIH", "tsih", "tsih", new object[] { -1 });
        }
    }

    [TestFixture]
    [Category("rds_logon_mode")]
    public class RdsLogonModeEntryRefusalTests : WmiModuleEntryRefusalFixture
    {
        protected override string Module { get { return "rds_logon_mode"; } }
        protected override IDictionary GoodArgs { get { return Args("mode", "drain"); } }

        public static IEnumerable ProductionBadInputs()
        {
            yield return Bad("mode missing", "mode");
        }
    }
}
