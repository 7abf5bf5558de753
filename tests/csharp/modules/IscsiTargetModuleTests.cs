// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_session_stop and iscsi_target_session_info run whole: the .ps1's own $spec through ansible-core's
// Ansible.Basic, the C# runner, the iSCSI Target Server fake behind a counting proxy, results checked against RETURN.
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctlModule;

namespace SessionCtl.Tests
{
    /// <summary>The target server both fixtures use: TSIH 1 alice and 2 bob on disk1, 3 carol on disk2.</summary>
    public static class IscsiTargetHost
    {
        public const string Alice = "iqn.1991-05.com.microsoft:alice.contoso.com";
        public const string Bob = "iqn.1991-05.com.microsoft:bob.contoso.com";
        public const string Carol = "iqn.1991-05.com.microsoft:carol.contoso.com";
        public static readonly OsInfo Server2012R2 = new OsInfo(6, 3, 9600, OsInfo.ProductServer);
        public static readonly OsInfo Server2019 = new OsInfo(10, 0, 17763, OsInfo.ProductServer);

        public static FakeIscsiTargetApi Standard(FakeClock clock)
        {
            FakeIscsiTargetApi api = new FakeIscsiTargetApi(clock);
            api.Add(1, Alice, "disk1");
            api.Add(2, Bob, "disk1");
            api.Add(3, Carol, "disk2");
            return api;
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_stop")]
    public class IscsiTargetSessionStopModuleTests : ModuleFixture
    {
        private FakeClock clock;
        private FakeIscsiTargetApi fake;
        private FakeIscsiTargetAccess access;
        private FakeHostRecordStore records;
        private OsInfo os;

        protected override string Module
        {
            get { return "iscsi_target_session_stop"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            IscsiTargetSessionStopModule.Run(module, CountingProxy.Wrap<IIscsiTargetCimApi>(fake, calls),
                CountingProxy.Wrap<IIscsiTargetAccessApi>(access, calls), clock, os, records);
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            fake = IscsiTargetHost.Standard(clock);
            // the targets' allowed initiator IDs (WT_IDMethod) and WT_Host.Enabled, for revoke_access / disable_target
            access = new FakeIscsiTargetAccess(fake);
            records = new FakeHostRecordStore();
            access.Target("disk1", "IQN:" + IscsiTargetHost.Alice, "IQN:" + IscsiTargetHost.Bob);
            access.Target("disk2", "IQN:" + IscsiTargetHost.Carol);
            os = IscsiTargetHost.Server2019;
        }

        private static Dictionary<string, string> Actions(ModuleRun run)
        {
            Dictionary<string, string> res = new Dictionary<string, string>();
            foreach (Dictionary<string, object> s in run.Items("sessions"))
                res[Convert.ToString(s["tsih"])] = (string)s["action"];
            return res;
        }

        [Test]
        public void Stops_the_sessions_of_a_target_with_cim()
        {
            ModuleRun run = Run(Args("target", new object[] { "disk1" }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "1", "stopped" }, { "2", "stopped" } }));
            Assert.That(run.Result["method"], Is.EqualTo("cim"));
            Assert.That(run.Field("sessions", "method"), Is.EqualTo(new string[] { "cim", "cim" }));
            // RETURN: sessions[].reason is returned when action is failed or already_gone
            Assert.That(run.Field("sessions", "reason"), Is.EqualTo(new string[] { null, null }));
            Assert.That(fake.Has(1) || fake.Has(2), Is.False);
            Assert.That(fake.Has(3), Is.True);
            Assert.That(run.Api.Calls, Has.Member("IIscsiTargetCimApi.RequestStateChange"));
        }

        [Test]
        public void Check_mode_predicts_and_changes_nothing()
        {
            ModuleRun run = Run(Args("initiator", new object[] { IscsiTargetHost.Carol }), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "3", "would_stop" } }));
            Assert.That(run.Field("sessions", "reason"), Is.EqualTo(new string[] { null }));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiTargetCimApi.RequestStateChange"));
            Assert.That(fake.Has(3), Is.True);
        }

        [Test]
        public void Diff_mode_shows_the_sessions_before_and_after()
        {
            ModuleRun run = Run(Args("tsih", new object[] { 2 }), false, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            List<string> before = Tsihs(run.Diff["before"]);
            List<string> after = Tsihs(run.Diff["after"]);
            Assert.That(before, Is.EqualTo(new string[] { "1", "2", "3" }));
            Assert.That(after, Is.EqualTo(new string[] { "1", "3" }));
        }

        private static List<string> Tsihs(object side)
        {
            List<string> ids = new List<string>();
            foreach (Dictionary<string, object> s in (IEnumerable)((Dictionary<string, object>)side)["sessions"])
                ids.Add(Convert.ToString(s["tsih"]));
            return ids;
        }

        [Test]
        public void A_second_run_by_tsih_changes_nothing()
        {
            ModuleRun first = Run(Args("tsih", new object[] { 1, 3 }));
            Assert.That(first.Changed, Is.True, "{0}", first);
            ModuleRun second = Run(Args("tsih", new object[] { 1, 3 }));
            Assert.That(second.Failed, Is.False, "{0}", second);
            Assert.That(second.Changed, Is.False, "{0}", second);
            Assert.That(second.Api.Calls, Has.No.Member("IIscsiTargetCimApi.RequestStateChange"));
        }

        [Test]
        public void Choices_in_another_case_act_as_their_own_spelling()
        {
            // Ansible.Basic accepts method: CIM and requested_state: Shut_Down and passes them on unchanged
            ModuleRun run = Run(Args("tsih", new object[] { 1 }, "method", "CIM", "requested_state", "Shut_Down"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)["1"], Is.EqualTo("stopped"));
            Assert.That(run.Result["method"], Is.EqualTo("cim"));
            run = Run(Args("tsih", new object[] { 2 }, "requested_state", "Disabled"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)["2"], Is.EqualTo("stopped"));
        }

        [Test]
        public void Nothing_matched_changes_nothing()
        {
            ModuleRun run = Run(Args("target", new object[] { "disk9" }));
            Assert.That(run.Failed || run.Changed, Is.False, "{0}", run);
            Assert.That(run.Items("sessions"), Is.Empty);
            Assert.That(run.Msg, Is.StringStarting("no sessions matched"));
        }

        [Test]
        public void The_role_not_installed_fails_before_anything_is_selected()
        {
            fake.ListHResult = 0x8004100EL;
            ModuleRun run = Run(Args("tsih", new object[] { 1 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("FS-iSCSITarget-Server"));
            Assert.That(run.Items("sessions"), Is.Empty);
        }

        [Test]
        public void The_smi_s_provider_missing_fails_every_selected_session()
        {
            fake.CimListHResult = 0x8004100EL;
            ModuleRun run = Run(Args("target", new object[] { "disk1" }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "1", "failed" }, { "2", "failed" } }));
            Assert.That(run.Msg, Is.StringContaining("WBEM_E_INVALID_NAMESPACE"));
        }

        [Test]
        public void A_provider_that_answers_not_supported_fails_that_session_and_the_others_are_still_tried()
        {
            fake.Behave(1).ReturnValue = 1;
            ModuleRun run = Run(Args("target", new object[] { "disk1" }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "1", "failed" }, { "2", "stopped" } }));
            Dictionary<string, object> s1 = run.Items("sessions")[0];
            Assert.That(s1["return_value"], Is.EqualTo(1));
            Assert.That(s1.ContainsKey("error"), Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("1"));
        }

        [Test]
        public void A_job_that_never_finishes_times_out()
        {
            fake.Behave(3).ReturnValue = 4096;
            fake.Behave(3).JobFinishesAfter = null;
            fake.Behave(3).GoneAfter = null;
            ModuleRun run = Run(Args("tsih", new object[] { 3 }, "timeout", 5));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(Actions(run)["3"], Is.EqualTo("failed"));
        }

        [Test]
        public void A_job_that_fails_reports_the_job_error()
        {
            IscsiTargetCimBehaviour b = fake.Behave(1);
            b.ReturnValue = 4096;
            b.JobFinishesAfter = TimeSpan.FromSeconds(3);
            b.JobFinalState = 10;
            b.JobErrorCode = 4;
            b.JobErrorDescription = "The session could not be terminated.";
            ModuleRun run = Run(Args("tsih", new object[] { 1 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "reason")[0], Is.StringContaining("The session could not be terminated."));
            Assert.That(run.Msg, Is.StringContaining("1"));
        }

        [Test]
        public void A_session_without_a_cim_instance_fails_showing_what_the_provider_lists()
        {
            fake.NotInCim.Add(2);
            ModuleRun run = Run(Args("tsih", new object[] { 2 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "reason")[0], Is.StringContaining("MSISCSITARGET_iSCSISession"));
        }

        [Test]
        public void A_session_that_vanished_before_acting_is_already_gone()
        {
            fake.VanishAfterListings[2] = 1;
            ModuleRun run = Run(Args("tsih", new object[] { 2 }));
            Assert.That(run.Failed || run.Changed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "already_gone" }));
        }

        [Test]
        public void A_bad_keep_ended_option_fails_before_the_token_is_read()
        {
            // The administrator pre-check reads the token (a Windows call) and comes "after the arguments are validated"
            // (AdminCheck): a bad settle_time with a filtered token must name settle_time, with the token unread.
            FakeAccessToken token = new FakeAccessToken(FakeAccessToken.FilteredLocalAdmin());
            PrivilegeHints.TokenOverride = token;
            try
            {
                ModuleRun run = Run(Args("tsih", new object[] { 1 }, "settle_time", -5));
                Assert.That(run.Failed, Is.True, "{0}", run);
                Assert.That(run.Msg, Is.StringContaining("settle_time"), "{0}", run);
                Assert.That(run.Msg, Is.Not.StringContaining("Administrators group"), "{0}", run);
                Assert.That(token.Reads, Is.EqualTo(0));
            }
            finally
            {
                PrivilegeHints.TokenOverride = null;
            }
        }

        // revoke_access, disable_target and settle_time: the options that keep a stopped session ended (issue 12),
        // with FakeIscsiTargetAccess (WT_Host / WT_IDMethod, and an initiator that logs in again by itself).

        private TargetSession Session(int tsih)
        {
            return fake.Sessions.Find(delegate(TargetSession s) { return s.Tsih == tsih; });
        }

        private static Dictionary<string, object> Target(ModuleRun run, int index)
        {
            return run.Items("targets")[index];
        }

        private static List<string> Strings(object list)
        {
            List<string> res = new List<string>();
            foreach (object o in (IEnumerable)list)
                res.Add((string)o);
            return res;
        }

        private static List<string> AccessCalls(ModuleRun run)
        {
            return run.Api.Calls.FindAll(delegate(string c) { return c.StartsWith("IIscsiTargetAccessApi.", StringComparison.Ordinal); });
        }

        [Test]
        public void Without_the_options_no_target_is_touched_and_nothing_is_watched()
        {
            ModuleRun run = Run(Args("initiator", new object[] { IscsiTargetHost.Alice }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Items("targets"), Is.Empty);
            Assert.That(AccessCalls(run), Is.Empty);
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.Zero), "settle_time 0 does not watch");
            Assert.That(Actions(run)["1"], Is.EqualTo("stopped"));
        }

        [Test]
        public void Revoke_access_removes_the_initiator_before_the_stop_and_reports_the_previous_ids()
        {
            access.LogsInAgain(Session(1), TimeSpan.FromSeconds(3), 40);
            ModuleRun run = Run(Args("initiator", new object[] { IscsiTargetHost.Alice }, "revoke_access", true, "settle_time", 15));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "1", "stopped" } }));
            Dictionary<string, object> t = Target(run, 0);
            Assert.That(t["target_name"], Is.EqualTo("disk1"));
            Assert.That(t["action"], Is.EqualTo("changed"));
            Assert.That(Strings(t["initiator_ids_before"]), Is.EqualTo(new string[] { "IQN:" + IscsiTargetHost.Alice, "IQN:" + IscsiTargetHost.Bob }));
            Assert.That(Strings(t["initiator_ids"]), Is.EqualTo(new string[] { "IQN:" + IscsiTargetHost.Bob }));
            Assert.That(Strings(t["revoked"]), Is.EqualTo(new string[] { "IQN:" + IscsiTargetHost.Alice }));
            Assert.That(t["enabled"], Is.EqualTo(true));
            Assert.That(run.Msg, Is.StringContaining("revoked IQN:" + IscsiTargetHost.Alice));
            Assert.That(fake.Has(40), Is.False, "the initiator was kept out");
            Assert.That(fake.Has(2), Is.True, "Bob's session on the same target is left alone");
            Assert.That(run.Api.Calls.IndexOf("IIscsiTargetAccessApi.RemoveInitiatorId"),
                Is.LessThan(run.Api.Calls.IndexOf("IIscsiTargetCimApi.RequestStateChange")), "access is revoked before the stop");
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(15)), "the watch lasts settle_time");
        }

        [Test]
        public void Settle_time_reports_a_session_that_logs_in_again_as_failed()
        {
            access.LogsInAgain(Session(1), TimeSpan.FromSeconds(3), 40);
            ModuleRun run = Run(Args("initiator", new object[] { IscsiTargetHost.Alice }, "settle_time", 15));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.True, "the session was stopped, even if it came back");
            Dictionary<string, object> s = run.Items("sessions")[0];
            Assert.That(s["action"], Is.EqualTo("failed"));
            Assert.That((string)s["reason"], Is.StringStarting("logged in again"));
            Assert.That(s["logged_in_again_tsih"], Is.EqualTo(40));
            Assert.That(run.Msg, Is.StringContaining("logged in again"));
            Assert.That(run.Items("targets"), Is.Empty);
        }

        [Test]
        public void Check_mode_plans_the_access_changes_and_changes_nothing()
        {
            ModuleRun run = Run(Args("initiator", new object[] { IscsiTargetHost.Alice }, "revoke_access", true,
                "disable_target", true, "settle_time", 20), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run)["1"], Is.EqualTo("would_stop"));
            Dictionary<string, object> t = Target(run, 0);
            Assert.That(t["action"], Is.EqualTo("would_change"));
            Assert.That(t["enabled_before"], Is.EqualTo(true));
            Assert.That(t["enabled"], Is.EqualTo(false));
            Assert.That(t["disabled"], Is.EqualTo(true));
            Assert.That(Strings(t["revoked"]), Is.EqualTo(new string[] { "IQN:" + IscsiTargetHost.Alice }));
            Assert.That(AccessCalls(run), Is.All.EqualTo("IIscsiTargetAccessApi.ReadAccess"), "only reads");
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiTargetCimApi.RequestStateChange"));
            Assert.That(access.Targets["disk1"].Enabled, Is.True);
            Assert.That(access.Targets["disk1"].InitiatorIds.Count, Is.EqualTo(2));
            Assert.That(clock.Elapsed, Is.EqualTo(TimeSpan.Zero), "check mode does not watch");
        }

        [Test]
        public void Diff_mode_with_disable_target_shows_each_target_before_and_after()
        {
            access.LogsInAgain(Session(1), TimeSpan.FromSeconds(2), 40);
            ModuleRun run = Run(Args("tsih", new object[] { 1 }, "disable_target", true, "settle_time", 10), false, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Dictionary<string, object> before = (Dictionary<string, object>)((Dictionary<string, object>)run.Diff["before"])["targets"];
            Dictionary<string, object> after = (Dictionary<string, object>)((Dictionary<string, object>)run.Diff["after"])["targets"];
            Assert.That(((Dictionary<string, object>)before["disk1"])["enabled"], Is.EqualTo(true));
            Assert.That(((Dictionary<string, object>)after["disk1"])["enabled"], Is.EqualTo(false));
            Assert.That(Strings(((Dictionary<string, object>)before["disk1"])["initiator_ids"]).Count, Is.EqualTo(2));
            Assert.That(Tsihs(run.Diff["after"]), Is.EqualTo(new string[] { "2", "3" }));
            Dictionary<string, object> t = Target(run, 0);
            Assert.That(t["enabled_before"], Is.EqualTo(true));
            Assert.That(t["enabled"], Is.EqualTo(false));
            Assert.That(access.Targets["disk1"].Enabled, Is.False);
            Assert.That(fake.Has(2), Is.True, "disabling does not end the other sessions of the target (documented)");
            Assert.That(fake.Has(40), Is.False);
        }

        [Test]
        public void A_second_run_with_revoke_access_changes_nothing()
        {
            IDictionary args = Args("initiator", new object[] { IscsiTargetHost.Alice }, "revoke_access", true);
            ModuleRun first = Run(args);
            Assert.That(first.Changed, Is.True, "{0}", first);
            ModuleRun second = Run(args);
            Assert.That(second.Failed || second.Changed, Is.False, "{0}", second);
            Assert.That(second.Items("targets"), Is.Empty, "no session selected, so no target is touched");
            Assert.That(AccessCalls(second), Is.Empty);
        }

        [Test]
        public void An_id_already_gone_leaves_the_target_unchanged()
        {
            access.Targets["disk1"].InitiatorIds.RemoveAt(0);
            ModuleRun run = Run(Args("tsih", new object[] { 1 }, "revoke_access", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Target(run, 0)["action"], Is.EqualTo("unchanged"));
            Assert.That(Actions(run)["1"], Is.EqualTo("stopped"));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiTargetAccessApi.RemoveInitiatorId"));
        }

        [Test]
        public void A_wildcard_id_cannot_be_revoked_so_that_targets_sessions_are_not_stopped()
        {
            access.Target("disk1", "IQN:*");
            ModuleRun run = Run(Args("tsih", new object[] { 1, 3 }, "revoke_access", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(Target(run, 0)["action"], Is.EqualTo("failed"));
            Assert.That((string)Target(run, 0)["reason"], Is.StringContaining("IQN:*"));
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "1", "failed" }, { "3", "stopped" } }),
                "the other target is still processed");
            Assert.That((string)run.Items("sessions").Find(delegate(Dictionary<string, object> s) { return (int)s["tsih"] == 1; })["reason"],
                Is.StringStarting("not stopped"));
            Assert.That(fake.Has(1), Is.True, "a session that would come back is not stopped");
        }

        [Test]
        public void A_removal_that_fails_keeps_that_targets_sessions_with_the_decoded_error()
        {
            access.RemoveHResult = 0x80041003L;
            ModuleRun run = Run(Args("initiator", new object[] { IscsiTargetHost.Alice }, "revoke_access", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Dictionary<string, object> t = Target(run, 0);
            Assert.That(t["action"], Is.EqualTo("failed"));
            Assert.That(((Dictionary<string, object>)t["error"])["name"], Is.EqualTo("WBEM_E_ACCESS_DENIED"));
            Assert.That(Actions(run)["1"], Is.EqualTo("failed"));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiTargetCimApi.RequestStateChange"));
        }

        [Test]
        public void A_change_the_provider_ignores_is_caught_by_the_read_back()
        {
            access.IgnoreChanges = true;
            ModuleRun run = Run(Args("tsih", new object[] { 1 }, "revoke_access", true, "disable_target", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That((string)Target(run, 0)["reason"], Is.StringContaining("still allows IQN:" + IscsiTargetHost.Alice));
            Assert.That(Actions(run)["1"], Is.EqualTo("failed"));
            Assert.That(run.Changed, Is.True, "the provider accepted calls, so something may have changed");
        }

        [Test]
        public void A_dns_name_id_is_kept_and_named_in_a_warning_with_disable_target()
        {
            access.Target("disk1", "IPAddress:192.0.2.1", "DNSName:alice.contoso.com", "IQN:" + IscsiTargetHost.Bob);
            ModuleRun run = Run(Args("tsih", new object[] { 1 }, "revoke_access", true, "disable_target", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Strings(Target(run, 0)["revoked"]), Is.EqualTo(new string[] { "IPAddress:192.0.2.1" }));
            Assert.That(run.Warnings, Has.Some.StringContaining("DNSName:alice.contoso.com"));
        }

        [Test]
        public void All_stops_every_session_and_other_selectors_still_narrow()
        {
            // issue 19 item 1: all is the explicit "no narrowing"; every selector narrows (AND)
            ModuleRun narrowed = Run(Args("all", true, "target", new object[] { "disk1" }, "initiator", new object[] { IscsiTargetHost.Bob }));
            Assert.That(narrowed.Failed, Is.False, "{0}", narrowed);
            Assert.That(Actions(narrowed), Is.EqualTo(new Dictionary<string, string> { { "2", "stopped" } }));
            ModuleRun run = Run(Args("all", true));
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "1", "stopped" }, { "3", "stopped" } }));
        }

        [Test]
        public void Counts_are_always_returned_with_every_action()
        {
            // issue 19 item 7
            fake.Behave(3).ReturnValue = 1;
            ModuleRun run = Run(Args("all", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Result["counts"], Is.EqualTo(new Dictionary<string, object> {
                { "stopped", 2 }, { "would_stop", 0 }, { "already_gone", 0 }, { "skipped", 0 }, { "failed", 1 } }));
            ModuleRun none = Run(Args("tsih", new object[] { 99 }), true, false);
            Assert.That(none.Result["counts"], Is.EqualTo(new Dictionary<string, object> {
                { "stopped", 0 }, { "would_stop", 0 }, { "already_gone", 0 }, { "skipped", 0 }, { "failed", 0 } }));
            ModuleRun bad = Run(Args("tsih", new object[] { 0 }));
            Assert.That(bad.Result.ContainsKey("counts"), Is.True, "also when the options are refused: {0}", bad);
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("unknown option", "force", "tsih", new object[] { 1 }, "force", true);
            yield return Bad("no selector (required_one_of)", "initiator", "method", "cim");
            yield return Bad("no selector names tsih too", "tsih", "timeout", 30);
            yield return Bad("empty selector lists", "tsih", "initiator", new object[0], "target", new object[0], "tsih", new object[0]);
            yield return Bad("initiator not an iSCSI name", "initiator", "initiator", new object[] { "alice" });
            yield return Bad("initiator iqn with a space", "initiator", "initiator", new object[] { "iqn.1991-05.com.microsoft:a b" });
            yield return Bad("initiator blank", "initiator", "initiator", new object[] { " " });
            yield return Bad("initiator a string where a list is expected", "initiator", "initiator", IscsiTargetHost.Alice + ",bob");
            yield return Bad("target blank", "target", "target", new object[] { " " });
            yield return Bad("target a dict", "target", "target", new Dictionary<string, object> { { "name", "disk1" } });
            yield return Bad("tsih zero", "tsih", "tsih", new object[] { 0 });
            yield return Bad("tsih negative", "tsih", "tsih", new object[] { -1 });
            yield return Bad("tsih beyond 16 bits", "tsih", "tsih", new object[] { 65536 });
            yield return Bad("tsih not an int", "tsih", "tsih", new object[] { "one" });
            yield return Bad("tsih a string where a list is expected", "tsih", "tsih", "1,x");
            yield return Bad("method not a choice", "method", "tsih", new object[] { 1 }, "method", "wmi");
            yield return Bad("requested_state not a choice", "requested_state", "tsih", new object[] { 1 }, "requested_state", "enabled");
            yield return Bad("timeout negative", "timeout", "tsih", new object[] { 1 }, "timeout", -1);
            yield return Bad("timeout not an int", "timeout", "tsih", new object[] { 1 }, "timeout", "1m");
            yield return Bad("device without method ioctl", "device", "tsih", new object[] { 1 }, "device", "\\\\.\\Scsi2:");
            yield return Bad("settle_time negative", "settle_time", "tsih", new object[] { 1 }, "settle_time", -5);
            yield return Bad("settle_time beyond a day", "settle_time", "tsih", new object[] { 1 }, "settle_time", 86401);
            yield return Bad("settle_time not an int", "settle_time", "tsih", new object[] { 1 }, "settle_time", "30s");
            yield return Bad("settle_time blank", "settle_time", "tsih", new object[] { 1 }, "settle_time", " ");
            yield return Bad("settle_time a list", "settle_time", "tsih", new object[] { 1 }, "settle_time", new object[] { 15 });
            yield return Bad("revoke_access not a boolean", "revoke_access", "tsih", new object[] { 1 }, "revoke_access", "maybe");
            yield return Bad("revoke_access a list", "revoke_access", "tsih", new object[] { 1 }, "revoke_access", new object[] { true });
            yield return Bad("disable_target not a boolean", "disable_target", "tsih", new object[] { 1 }, "disable_target", "perhaps");
            yield return Bad("disable_target blank", "disable_target", "tsih", new object[] { 1 }, "disable_target", "");
            yield return Bad("revoke_access without a selector", "initiator", "revoke_access", true, "disable_target", true);
            yield return Bad("no selector and all false", "all", "all", false);
            yield return Bad("all not a boolean", "all", "all", "everything");
            yield return Bad("method empty", "method", "tsih", new object[] { 1 }, "method", "");
            yield return Bad("requested_state empty", "requested_state", "tsih", new object[] { 1 }, "requested_state", "");
            yield return Bad("initiator empty", "initiator", "initiator", new object[] { "" });
            yield return Bad("target empty", "target", "target", new object[] { "" });
            yield return Bad("device empty with method cim", "device", "tsih", new object[] { 1 }, "device", "");
            yield return Bad("session_cookie empty with method cim", "session_cookie", "tsih", new object[] { 1 }, "session_cookie", "");
            yield return Bad("signature empty with method cim", "signature", "tsih", new object[] { 1 }, "signature", "");
            yield return Bad("method ioctl (its own module now)", "method", "tsih", new object[] { 1 }, "method", "ioctl");
            yield return Bad("allow_unsupported_os (an option of the ioctl module)", "allow_unsupported_os", "tsih", new object[] { 1 },
                "allow_unsupported_os", true);
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_info")]
    public class IscsiTargetSessionInfoModuleTests : ModuleFixture
    {
        private FakeClock clock;
        private FakeIscsiTargetApi fake;

        protected override string Module
        {
            get { return "iscsi_target_session_info"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            IscsiTargetSessionInfoModule.Run(module, CountingProxy.Wrap<IIscsiTargetCimApi>(fake, calls));
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            fake = IscsiTargetHost.Standard(clock);
        }

        [Test]
        public void Lists_every_session_with_its_fields()
        {
            ModuleRun run = Run(Args());
            Assert.That(run.Failed || run.Changed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "tsih"), Is.EqualTo(new string[] { "1", "2", "3" }));
            Dictionary<string, object> s = run.Items("sessions")[0];
            Assert.That(s["initiator_iqn"], Is.EqualTo(IscsiTargetHost.Alice));
            Assert.That(s["target_name"], Is.EqualTo("disk1"));
            Assert.That((string)s["isid"], Is.StringMatching("^0x[0-9a-f]{12}$"));
        }

        [Test]
        public void Selectors_combine_and_match_in_any_case()
        {
            ModuleRun run = Run(Args("target", new object[] { "DISK1" }, "initiator", new object[] { IscsiTargetHost.Bob.ToUpperInvariant() }));
            Assert.That(run.Field("sessions", "tsih"), Is.EqualTo(new string[] { "2" }));
            run = Run(Args("tsih", new object[] { 3, 1 }));
            Assert.That(run.Field("sessions", "tsih"), Is.EqualTo(new string[] { "1", "3" }));
        }

        [Test]
        public void All_lists_every_session_and_other_selectors_still_narrow()
        {
            ModuleRun run = Run(Args("all", true));
            Assert.That(run.Field("sessions", "tsih"), Is.EqualTo(new string[] { "1", "2", "3" }), "{0}", run);
            run = Run(Args("all", true, "target", new object[] { "disk1" }, "tsih", new object[] { 2, 3 }));
            Assert.That(run.Field("sessions", "tsih"), Is.EqualTo(new string[] { "2" }), "{0}", run);
        }

        [Test]
        public void The_preview_lists_exactly_what_iscsi_target_session_stop_would_select()
        {
            // Issue 19 items 1 and 4: every combination of initiator, target, tsih and all through both modules' own
            // $spec and runner, on the same fakes, the stop in check mode.
            object[] initiators = { null, new object[] { IscsiTargetHost.Alice }, new object[] { IscsiTargetHost.Bob.ToUpperInvariant(), IscsiTargetHost.Carol } };
            object[] targets = { null, new object[] { "disk1" }, new object[] { "DISK2" } };
            object[] tsihs = { null, new object[] { 2, 3 }, new object[] { 1 } };
            object[] alls = { null, true };
            int nonEmpty = 0;
            foreach (object i in initiators)
                foreach (object t in targets)
                    foreach (object h in tsihs)
                        foreach (object all in alls)
                        {
                            List<object> c = new List<object>();
                            if (i != null) c.AddRange(new object[] { "initiator", i });
                            if (t != null) c.AddRange(new object[] { "target", t });
                            if (h != null) c.AddRange(new object[] { "tsih", h });
                            if (all != null) c.AddRange(new object[] { "all", all });
                            if (c.Count == 0)
                                continue;
                            ModuleRun preview = Run(Args(c.ToArray()));
                            CallCounter calls = new CallCounter();
                            FakeIscsiTargetApi api = fake;
                            ModuleRun stop = ModuleHarness.Run("iscsi_target_session_stop", Args(c.ToArray()), delegate(AnsibleModule m)
                            {
                                IscsiTargetSessionStopModule.Run(m, CountingProxy.Wrap<IIscsiTargetCimApi>(api, calls),
                                    new FakeIscsiTargetAccess(api), clock, IscsiTargetHost.Server2019, new FakeHostRecordStore());
                            }, calls, true, false);
                            Assert.That(stop.Failed || preview.Failed, Is.False, "{0}\n{1}", stop, preview);
                            List<string> planned = new List<string>();
                            foreach (Dictionary<string, object> s in stop.Items("sessions"))
                                if ((string)s["action"] == "would_stop")
                                    planned.Add(Convert.ToString(s["tsih"]));
                            Assert.That(preview.Field("sessions", "tsih"), Is.EqualTo(planned), "{0}", preview);
                            Assert.That(stop.Api.Calls, Has.No.Member("IIscsiTargetCimApi.RequestStateChange"));
                            if (planned.Count > 0)
                                nonEmpty++;
                        }
            Assert.That(nonEmpty, Is.GreaterThan(10));
        }

        [Test]
        public void Check_mode_diff_mode_and_a_second_run_list_the_same_and_change_nothing()
        {
            ModuleRun first = Run(Args("target", new object[] { "disk2" }), true, true);
            ModuleRun second = Run(Args("target", new object[] { "disk2" }), true, true);
            Assert.That(first.Failed || first.Changed || second.Changed, Is.False, "{0}", first);
            Assert.That(first.Diff == null || first.Diff.Count == 0, "an info module has nothing to diff: {0}", first);
            Assert.That(second.Field("sessions", "tsih"), Is.EqualTo(first.Field("sessions", "tsih")));
            Assert.That(first.Api.Calls, Has.No.Member("IIscsiTargetCimApi.RequestStateChange"));
        }

        [Test]
        public void The_role_not_installed_fails_with_how_to_install_it()
        {
            fake.ListHResult = 0x80041010L;
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("FS-iSCSITarget-Server").And.StringContaining("WBEM_E_INVALID_CLASS"));
        }

        [Test]
        public void Access_denied_is_decoded()
        {
            fake.ListHResult = 0x80041003L;
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("WBEM_E_ACCESS_DENIED"));
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("unknown option", "method", "method", "cim");
            yield return Bad("initiator not an iSCSI name", "initiator", "initiator", new object[] { "host1" });
            yield return Bad("initiator eui too long", "initiator", "initiator", new object[] { "eui.0123456789abcdef0" });
            yield return Bad("target blank", "target", "target", new object[] { "" });
            yield return Bad("tsih zero", "tsih", "tsih", new object[] { 0 });
            yield return Bad("tsih beyond 16 bits", "tsih", "tsih", new object[] { 70000 });
            yield return Bad("tsih not an int", "tsih", "tsih", new object[] { "x" });
            yield return Bad("tsih a string where a list is expected", "tsih", "tsih", "2,b");
            yield return Bad("initiator empty", "initiator", "initiator", new object[] { "" });
            yield return Bad("all not a boolean", "all", "all", "maybe");
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_stop_ioctl")]
    public class IscsiTargetSessionStopIoctlModuleTests : ModuleFixture
    {
        private FakeClock clock;
        private FakeIscsiTargetApi fake;
        private OsInfo os;

        protected override string Module
        {
            get { return "iscsi_target_session_stop_ioctl"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            IscsiTargetSessionStopIoctlModule.Run(module, CountingProxy.Wrap<IIscsiTargetIoctlApi>(fake, calls), clock, os);
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            fake = IscsiTargetHost.Standard(clock);
            os = IscsiTargetHost.Server2019;
        }

        private static Dictionary<string, string> Actions(ModuleRun run)
        {
            Dictionary<string, string> res = new Dictionary<string, string>();
            foreach (Dictionary<string, object> s in run.Items("sessions"))
                res[Convert.ToString(s["tsih"])] = (string)s["action"];
            return res;
        }

        private static object[] Ioctl(params object[] more)
        {
            List<object> args = new List<object> { "tsih", new object[] { 1 }, "device", "\\\\.\\Scsi2:",
                "session_cookie", "0x1122334455667788", "signature", "WTSPT" };
            args.AddRange(more);
            return args.ToArray();
        }

        [Test]
        public void Ioctl_off_server_2012_r2_is_refused_before_any_call()
        {
            ModuleRun run = Run(Args(Ioctl()));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("method=ioctl sends ISCSITGT_SPT_SESSION_END").And.StringContaining("allow_unsupported_os"));
            Assert.That(run.Items("sessions"), Is.Empty);
            Assert.That(run.Api.Count, Is.EqualTo(0), "{0}", run.Api);
        }

        [Test]
        public void Ioctl_on_server_2012_r2_stops_the_session()
        {
            os = IscsiTargetHost.Server2012R2;
            fake.IoctlRemovesTsih = 1;
            ModuleRun run = Run(Args(Ioctl()));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)["1"], Is.EqualTo("stopped"));
            Assert.That(run.Result["method"], Is.EqualTo("ioctl"));
            Assert.That(run.Api.Calls, Has.Member("IIscsiTargetIoctlApi.SendMiniportIoctl"));
        }

        [Test]
        public void Ioctl_with_the_override_warns_and_sends()
        {
            fake.IoctlRemovesTsih = 1;
            ModuleRun run = Run(Args(Ioctl("allow_unsupported_os", true)));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Warnings, Has.Some.StringContaining("allow_unsupported_os"));
        }

        [Test]
        public void Ioctl_that_windows_refuses_fails_with_the_decoded_error()
        {
            os = IscsiTargetHost.Server2012R2;
            fake.IoctlWin32Error = 5;
            ModuleRun run = Run(Args(Ioctl()));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("ERROR_ACCESS_DENIED"));
        }

        [Test]
        public void Check_mode_predicts_and_sends_nothing()
        {
            os = IscsiTargetHost.Server2012R2;
            ModuleRun run = Run(Args(Ioctl()), true, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "1", "would_stop" } }));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiTargetIoctlApi.SendMiniportIoctl"));
            Assert.That(run.Result["counts"], Is.EqualTo(new Dictionary<string, object> {
                { "stopped", 0 }, { "would_stop", 1 }, { "already_gone", 0 }, { "skipped", 0 }, { "failed", 0 } }));
        }

        [Test]
        public void More_than_one_selected_session_fails_them_all_without_a_call()
        {
            os = IscsiTargetHost.Server2012R2;
            ModuleRun run = Run(Args(Ioctl("tsih", null, "target", new object[] { "disk1" })));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { "1", "failed" }, { "2", "failed" } }));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiTargetIoctlApi.SendMiniportIoctl"));
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("no selector and all false", "all", Ioctl("tsih", null));
            yield return Bad("revoke_access (an option of iscsi_target_session_stop)", "revoke_access", Ioctl("revoke_access", true));
            yield return Bad("method (the module is the ioctl path)", "method", Ioctl("method", "ioctl"));
            yield return Bad("timeout negative", "timeout", Ioctl("timeout", -1));
            yield return Bad("tsih zero", "tsih", Ioctl("tsih", new object[] { 0 }));
            yield return Bad("allow_unsupported_os not a boolean", "allow_unsupported_os", Ioctl("allow_unsupported_os", "sometimes"));
            yield return Bad("ioctl without device", "device", "tsih", new object[] { 1 },
                "session_cookie", "1", "signature", "WTSPT");
            yield return Bad("ioctl device not a device path", "device", Ioctl("device", "Scsi2:"));
            yield return Bad("ioctl device blank", "device", Ioctl("device", " "));
            yield return Bad("ioctl without session_cookie", "session_cookie", "tsih", new object[] { 1 },
                "device", "\\\\.\\Scsi2:", "signature", "WTSPT");
            yield return Bad("ioctl session_cookie not a number", "session_cookie", Ioctl("session_cookie", "cookie"));
            yield return Bad("ioctl session_cookie too wide", "session_cookie", Ioctl("session_cookie", "0x112233445566778899"));
            yield return Bad("ioctl session_cookie negative", "session_cookie", Ioctl("session_cookie", "-1"));
            yield return Bad("ioctl without signature", "signature", "tsih", new object[] { 1 },
                "device", "\\\\.\\Scsi2:", "session_cookie", "1");
            yield return Bad("ioctl signature too long", "signature", Ioctl("signature", "NINECHARS"));
            yield return Bad("ioctl signature blank", "signature", Ioctl("signature", "  "));
            yield return Bad("ioctl session_cookie empty", "session_cookie", Ioctl("session_cookie", ""));
            yield return Bad("ioctl signature empty", "signature", Ioctl("signature", ""));
            yield return Bad("ioctl device empty", "device", Ioctl("device", ""));
        }
    }
}
