// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_initiator_logout and iscsi_session_info run whole: the .ps1's own $spec through ansible-core's Ansible.Basic,
// the C# runner, the iscsidsc and VDS fakes behind counting proxies, every result checked against RETURN.
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogoutModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorVds;

namespace SessionCtl.Tests
{
    /// <summary>The initiator both fixtures use: S1, S2 to T1 (portals .10, .11), S3 to T2; persistent logins to both.</summary>
    public static class IscsiInitiatorHost
    {
        public const string T1 = "iqn.1991-05.com.microsoft:storage-target1-target";
        public const string T2 = "iqn.1991-05.com.microsoft:storage-target2-target";
        public const string S1 = "ffffe11113210020-4000013700000001";
        public const string S2 = "ffffe11113210020-4000013700000002";
        public const string S3 = "ffffe11113210020-4000013700000003";
        public const string Missing = "ffffe11113210020-40000137000000ff";

        public static FakeIscsiInitiator Standard()
        {
            FakeIscsiInitiator api = new FakeIscsiInitiator();
            api.AddDisk(api.Add(S1, T1, "192.0.2.10"), 2);
            api.AddDisk(api.Add(S2, T1, "192.0.2.11"), 3);
            api.AddDisk(api.Add(S3, T2, "192.0.2.10"), 4);
            api.AddLogin(T1, "192.0.2.10");
            api.AddLogin(T2, "192.0.2.10");
            return api;
        }
    }

    [TestFixture]
    [Category("iscsi_initiator_logout")]
    public class IscsiInitiatorLogoutModuleTests : ModuleFixture
    {
        private const string T1 = IscsiInitiatorHost.T1;
        private const string T2 = IscsiInitiatorHost.T2;
        private const string S1 = IscsiInitiatorHost.S1;
        private const string S2 = IscsiInitiatorHost.S2;
        private const string S3 = IscsiInitiatorHost.S3;

        private FakeClock clock;
        private FakeIscsiInitiator fake;
        private FakeVds vds;

        protected override string Module
        {
            get { return "iscsi_initiator_logout"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            IscsiInitiatorLogoutModule.Run(module, CountingProxy.Wrap<IIscsiInitiatorApi>(fake, calls),
                CountingProxy.Wrap<IVdsApi>(vds, calls), clock);
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            fake = IscsiInitiatorHost.Standard();
            vds = new FakeVds(fake);
            vds.AddTarget(T1);
            vds.AddTarget(T2);
        }

        private static Dictionary<string, string> Actions(ModuleRun run)
        {
            Dictionary<string, string> res = new Dictionary<string, string>();
            foreach (Dictionary<string, object> s in run.Items("sessions"))
                res[(string)s["session_id"]] = (string)s["action"];
            return res;
        }

        private static Dictionary<string, object> Session(ModuleRun run, string id)
        {
            return run.Items("sessions").Find(delegate(Dictionary<string, object> s) { return (string)s["session_id"] == id; });
        }

        [Test]
        public void Logs_out_of_every_session_to_a_target()
        {
            ModuleRun run = Run(Args("target", new object[] { T1 }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { S1, "logged_out" }, { S2, "logged_out" } }));
            Assert.That(fake.Has(S1) || fake.Has(S2), Is.False);
            Assert.That(fake.Has(S3), Is.True);
            Assert.That(run.Items("persistent_logins"), Is.Empty);
            Assert.That(fake.Logins.Count, Is.EqualTo(2), "persistent logins stay unless asked");
            Assert.That(Session(run, S1)["target_name"], Is.EqualTo(T1));
            Assert.That(run.Api.Calls, Has.Member("IIscsiInitiatorApi.Logout"));
            Assert.That(run.Api.Calls, Has.No.Member("IVdsApi.QueryTargets"), "auto is iscsidsc");
        }

        [Test]
        public void Check_mode_plans_the_logouts_and_the_removals_and_changes_nothing()
        {
            ModuleRun run = Run(Args("target", new object[] { T1 }, "remove_persistent", true), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { S1, "would_log_out" }, { S2, "would_log_out" } }));
            Assert.That(run.Field("persistent_logins", "action"), Is.EqualTo(new string[] { "would_remove" }));
            Assert.That(fake.Has(S1) && fake.Has(S2), Is.True);
            Assert.That(fake.Logins.Count, Is.EqualTo(2));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiInitiatorApi.Logout").And.No.Member("IIscsiInitiatorApi.RemovePersistentLogin"));
        }

        [Test]
        public void Diff_mode_shows_sessions_and_persistent_logins_before_and_after()
        {
            ModuleRun run = Run(Args("target", new object[] { T1 }, "remove_persistent", true), false, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Diff, Is.Not.Null, "{0}", run);
            string before = new System.Web.Script.Serialization.JavaScriptSerializer().Serialize(run.Diff["before"]);
            string after = new System.Web.Script.Serialization.JavaScriptSerializer().Serialize(run.Diff["after"]);
            Assert.That(before, Is.StringContaining(S1).And.StringContaining(T1));
            Assert.That(after, Is.Not.StringContaining(S1).And.StringContaining(S3));
        }

        [Test]
        public void A_second_run_changes_nothing()
        {
            IDictionary args = Args("target", new object[] { T1 }, "remove_persistent", true);
            ModuleRun first = Run(args);
            Assert.That(first.Changed, Is.True, "{0}", first);
            Assert.That(first.Field("persistent_logins", "action"), Is.EqualTo(new string[] { "removed" }));
            Assert.That(first.Msg, Is.StringStarting("2 sessions selected: 2 logged out; 1 persistent login selected: 1 removed"));
            // ISCSI_ALL_INITIATOR_PORTS (0xFFFFFFFF) stays an unsigned number in the JSON
            Assert.That(Convert.ToInt64(first.Items("persistent_logins")[0]["initiator_port_number"]), Is.EqualTo(4294967295L));
            ModuleRun second = Run(args);
            Assert.That(second.Failed, Is.False, "{0}", second);
            Assert.That(second.Changed, Is.False, "{0}", second);
            Assert.That(second.Items("sessions"), Is.Empty);
            Assert.That(second.Items("persistent_logins"), Is.Empty);
            Assert.That(second.Api.Calls, Has.No.Member("IIscsiInitiatorApi.Logout").And.No.Member("IIscsiInitiatorApi.RemovePersistentLogin"));
        }

        [Test]
        public void Counts_are_always_returned_with_every_action()
        {
            ModuleRun run = Run(Args("session_id", new object[] { S1, IscsiInitiatorHost.Missing }));
            Dictionary<string, object> counts = (Dictionary<string, object>)run.Result["counts"];
            Assert.That(counts, Is.EquivalentTo(new Dictionary<string, object> { { "logged_out", 1 },
                { "would_log_out", 0 }, { "already_gone", 1 }, { "skipped", 0 }, { "failed", 0 } }), "{0}", run);
            run = Run(Args("target", new object[] { T1 }), true, false);
            counts = (Dictionary<string, object>)run.Result["counts"];
            Assert.That(counts["would_log_out"], Is.EqualTo(1), "{0}", run);
            run = Run(Args("session_id", "not-an-id"));
            Assert.That(run.Failed, Is.True);
            Assert.That(((Dictionary<string, object>)run.Result["counts"]).Count, Is.EqualTo(5), "{0}", run);
        }

        [Test]
        public void A_session_id_not_logged_in_is_already_gone()
        {
            ModuleRun run = Run(Args("session_id", new object[] { IscsiInitiatorHost.Missing }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "already_gone" }));
        }

        [Test]
        public void Portal_narrows_the_selection()
        {
            ModuleRun run = Run(Args("target", new object[] { T1 }, "portal", "192.0.2.11"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)[S2], Is.EqualTo("logged_out"));
            Assert.That(fake.Has(S1), Is.True);
        }

        [Test]
        public void All_true_logs_out_of_every_session_and_the_other_selectors_still_narrow()
        {
            // Issue 19 item 1: all is the explicit "no narrowing"; target, session_id and portal still narrow (AND).
            ModuleRun run = Run(Args("all", true, "target", new object[] { T1 }, "portal", "192.0.2.11"), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { S2, "would_log_out" } }));
            run = Run(Args("all", true, "session_id", new object[] { S3 }), true, false);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { S3, "would_log_out" } }));
            run = Run(Args("all", true, "remove_persistent", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { S1, "logged_out" }, { S2, "logged_out" }, { S3, "logged_out" } }));
            Assert.That(run.Field("persistent_logins", "action"), Is.EqualTo(new string[] { "removed", "removed" }));
            Assert.That(fake.Has(S1) || fake.Has(S2) || fake.Has(S3) || fake.Logins.Count > 0, Is.False);
        }

        [Test]
        public void Portal_alone_is_a_selector_and_narrows_the_persistent_logins_too()
        {
            fake.AddLogin(T1, "192.0.2.11");
            ModuleRun run = Run(Args("portal", "192.0.2.10", "remove_persistent", true), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, string> { { S1, "would_log_out" }, { S3, "would_log_out" } }));
            Assert.That(run.Field("persistent_logins", "portal_address"), Is.EqualTo(new string[] { "192.0.2.10", "192.0.2.10" }));
        }

        [Test]
        public void Without_a_selector_and_without_all_true_nothing_is_logged_out()
        {
            foreach (IDictionary args in new IDictionary[] { Args(), Args("all", false), Args("all", false, "remove_persistent", true) })
            {
                ModuleRun run = Run(args);
                Assert.That(run.Failed, Is.True, "{0}", run);
                Assert.That(run.Msg, Is.StringContaining("target, session_id or portal, or set all=true"));
                Assert.That(run.Api.Count, Is.EqualTo(0), "{0}", run.Api);
                Assert.That(fake.Has(S1) && fake.Has(S2) && fake.Has(S3), Is.True);
            }
        }

        [Test]
        public void Choices_in_another_case_act_as_their_own_spelling()
        {
            // Ansible.Basic accepts backend: VDS and busy: Offline_Disks and passes them on unchanged
            fake.InUse.Add(S3);
            ModuleRun run = Run(Args("target", new object[] { T2 }, "backend", "VDS", "busy", "Offline_Disks",
                "remove_persistent", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)[S3], Is.EqualTo("logged_out"));
            Assert.That(run.Api.Calls, Has.Member("IVdsApi.LogoutFromTarget"), "backend VDS is vds");
        }

        [Test]
        public void Busy_offline_disks_takes_the_disks_offline_and_logs_out()
        {
            fake.InUse.Add(S1);
            ModuleRun run = Run(Args("session_id", new object[] { S1 }, "busy", "offline_disks"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Session(run, S1)["action"], Is.EqualTo("logged_out"));
            Assert.That(Session(run, S1)["offlined_disks"], Is.EqualTo(new object[] { 2 }));
        }

        [Test]
        public void A_busy_session_fails_naming_its_disks_and_the_others_are_still_tried()
        {
            fake.InUse.Add(S1);
            ModuleRun run = Run(Args("target", new object[] { T1 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.True, "S2 was logged out");
            Assert.That(Actions(run)[S1], Is.EqualTo("failed"));
            Assert.That(Actions(run)[S2], Is.EqualTo("logged_out"));
            Dictionary<string, object> s1 = Session(run, S1);
            Assert.That((string)s1["reason"], Is.StringContaining("2"));
            Assert.That(((Dictionary<string, object>)s1["error"])["name"], Is.EqualTo("ISDSC_DEVICE_BUSY_ON_SESSION"));
            Assert.That(run.Msg, Is.StringContaining(IscsiInitiatorHost.S1));
        }

        [Test]
        public void A_logout_refused_fails_with_the_decoded_error()
        {
            fake.LogoutFails[S3] = IscsiCodes.AccessDenied;
            ModuleRun run = Run(Args("session_id", new object[] { S3 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(((Dictionary<string, object>)Session(run, S3)["error"])["name"], Is.EqualTo("ERROR_ACCESS_DENIED"));
        }

        [Test]
        public void A_transient_busy_is_retried()
        {
            fake.BusyTimes[S3] = 2;
            ModuleRun run = Run(Args("session_id", new object[] { S3 }, "retries", 2, "retry_delay", 0.5));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)[S3], Is.EqualTo("logged_out"));
            Assert.That(clock.Sleeps, Has.Member(TimeSpan.FromSeconds(0.5)));
        }

        [Test]
        public void The_service_not_running_fails_before_acting()
        {
            fake.ListSessionsFails = IscsiCodes.ServiceNotRunning;
            ModuleRun run = Run(Args("target", new object[] { T1 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("Failed to log out of the iSCSI sessions: ")
                .And.StringContaining("ISDSC_SERVICE_NOT_RUNNING").And.StringContaining("0xEFFF003E"));
            Assert.That(run.Api.Calls, Has.No.Member("IIscsiInitiatorApi.Logout"));
        }

        [Test]
        public void Persistent_logins_that_cannot_be_listed_are_reported_with_every_always_key()
        {
            // the defect: a persistent_logins entry without the keys RETURN marks returned: always
            fake.ListLoginsFails = IscsiCodes.AccessDenied;
            ModuleRun run = Run(Args("target", new object[] { T1 }, "remove_persistent", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("persistent_logins", "action"), Is.EqualTo(new string[] { "failed" }));
            Assert.That(run.Items("persistent_logins")[0].ContainsKey("target_name"), Is.True);
            Assert.That(run.Msg, Is.StringContaining("persistent login"));
        }

        [Test]
        public void A_removal_that_fails_is_reported_with_its_error()
        {
            fake.RemoveFails[T1] = IscsiCodes.CouldNotRemovePersistent;
            ModuleRun run = Run(Args("target", new object[] { T1 }, "remove_persistent", true, "retries", 0));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Dictionary<string, object> login = run.Items("persistent_logins")[0];
            Assert.That(login["action"], Is.EqualTo("failed"));
            Assert.That(((Dictionary<string, object>)login["error"])["name"], Is.EqualTo("ISDSC_COULD_NOT_REMOVE_PERSISTENT_LOGIN_DATA"));
        }

        [Test]
        public void Vds_that_does_not_know_the_target_fails_and_suggests_iscsidsc()
        {
            // a real run: check mode does not load VDS, so it cannot know (it warns instead)
            vds.Targets.Clear();
            ModuleRun run = Run(Args("target", new object[] { T1 }, "backend", "vds", "remove_persistent", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("iscsidsc"));
            Assert.That(fake.Has(S1), Is.True);
        }

        [Test]
        public void Vds_logout_incomplete_fails_naming_what_did_and_did_not_end()
        {
            vds.Results.Enqueue(unchecked((int)VdsCodes.LogoutIncomplete));
            vds.Leave.Add(S2);
            ModuleRun run = Run(Args("target", new object[] { T1 }, "backend", "vds", "remove_persistent", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(Actions(run)[S1], Is.EqualTo("logged_out"));
            Assert.That(Actions(run)[S2], Is.EqualTo("failed"));
        }

        [Test]
        public void Vds_success_codes_are_a_note_and_a_warning()
        {
            vds.Results.Enqueue(0x00042801);
            ModuleRun run = Run(Args("target", new object[] { T2 }, "backend", "vds", "remove_persistent", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That((string)Session(run, S3)["note"], Is.StringContaining("0x00042801"));
            Assert.That(run.Warnings, Is.Not.Empty);
        }

        [Test]
        public void A_session_id_with_no_connection_to_the_portal_is_not_selected_with_a_warning()
        {
            ModuleRun run = Run(Args("session_id", new object[] { S1 }, "portal", "192.0.2.11"));
            Assert.That(run.Failed || run.Changed, Is.False, "{0}", run);
            Assert.That(Actions(run), Is.Empty);
            Assert.That(run.Warnings, Has.Some.Contains("session_id " + S1 + " is not selected"));
            Assert.That(fake.Has(S1), Is.True);
        }

        [Test]
        public void Vds_with_a_selection_narrowed_to_some_sessions_of_a_target_fails()
        {
            ModuleRun run = Run(Args("session_id", new object[] { S1 }, "backend", "vds", "remove_persistent", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(Actions(run)[S1], Is.EqualTo("failed"));
            Assert.That(fake.Has(S1) && fake.Has(S2), Is.True, "VDS would have logged out of S2 too");
            Assert.That(run.Api.Calls, Has.No.Member("IVdsApi.LogoutFromTarget"));
        }

        [Test]
        public void Vds_logout_failed_fails_with_the_decoded_error()
        {
            vds.Results.Enqueue(unchecked((int)VdsCodes.LogoutFailed));
            ModuleRun run = Run(Args("target", new object[] { T2 }, "backend", "vds", "remove_persistent", true, "retries", 0));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(((Dictionary<string, object>)Session(run, S3)["error"])["name"], Is.EqualTo("VDS_E_ISCSI_LOGOUT_FAILED"));
        }

        [Test]
        public void Vds_session_not_found_with_the_persistent_login_removed_is_already_gone()
        {
            // S3 ends on its own right after the module listed it; VDS then finds no session to log out of
            fake.VanishAfterListing.Add(S3);
            vds.Results.Enqueue(VdsCodes.SessionNotFoundPersistentLoginRemoved);
            ModuleRun run = Run(Args("target", new object[] { T2 }, "backend", "vds", "remove_persistent", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)[S3], Is.EqualTo("already_gone"));
        }

        [Test]
        public void A_malformed_session_id_is_named_with_its_value_and_a_bad_option_message_starts_with_the_option()
        {
            ModuleRun run = Run(Args("session_id", "not-an-id"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("'not-an-id' is not an iSCSI session id"));
            Assert.That(run.Items("sessions"), Is.Empty);
            Assert.That(run.Items("persistent_logins"), Is.Empty);
            run = Run(Args("target", new object[] { T1 }, "retry_delay", -1.0));
            Assert.That(run.Msg, Is.StringStarting("retry_delay:"));
            Assert.That(run.Api.Count, Is.EqualTo(0), "{0}", run.Api);
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            const string t = IscsiInitiatorHost.T1;
            yield return Bad("unknown option", "force", "target", new object[] { t }, "force", true);
            yield return Bad("no selector and no all", "all", "remove_persistent", true);
            yield return Bad("no selector and all false (names session_id too)", "session_id", "all", false);
            yield return Bad("all not a boolean", "all", "all", "perhaps");
            yield return Bad("target empty list", "target", "target", new object[0]);
            yield return Bad("target not an iSCSI name", "target", "target", new object[] { "storage1" });
            yield return Bad("target iqn with a bad month", "target", "target", new object[] { "iqn.2020-13.com.contoso:t1" });
            yield return Bad("target iqn with a space", "target", "target", new object[] { "iqn.1991-05.com.microsoft:a b" });
            yield return Bad("target eui too short", "target", "target", new object[] { "eui.02004567A425678" });
            yield return Bad("target naa odd length", "target", "target", new object[] { "naa.52004567BA64678D0" });
            yield return Bad("target blank", "target", "target", new object[] { " " });
            yield return Bad("target empty string", "target", "target", new object[] { "" });
            yield return Bad("target a string where a list is expected", "target", "target", t + ",iqn.bad");
            yield return Bad("target a dict", "target", "target", new Dictionary<string, object> { { "name", t } });
            yield return Bad("target too long", "target", "target", new object[] { "iqn.1991-05.com.microsoft:" + new string('a', 200) });
            yield return Bad("session_id malformed", "session_id", "session_id", new object[] { "12345" });
            yield return Bad("session_id not hex", "session_id", "session_id", new object[] { "ffffe11113210020-40000137000000zz" });
            yield return Bad("session_id blank", "session_id", "session_id", new object[] { " " });
            yield return Bad("session_id a string where a list is expected", "session_id", "session_id", S1 + ",nope");
            // LogoutFromTarget removes the target's persistent logins too, so vds needs remove_persistent: true
            yield return Bad("backend vds without remove_persistent", "remove_persistent", "target", new object[] { t },
                "backend", "vds");
            yield return Bad("backend not a choice", "backend", "target", new object[] { t }, "backend", "wmi");
            yield return Bad("busy not a choice", "busy", "target", new object[] { t }, "busy", "force");
            yield return Bad("remove_persistent not a boolean", "remove_persistent", "target", new object[] { t }, "remove_persistent", "perhaps");
            yield return Bad("retries negative", "retries", "target", new object[] { t }, "retries", -1);
            yield return Bad("retries not an int", "retries", "target", new object[] { t }, "retries", "many");
            yield return Bad("retry_delay negative", "retry_delay", "target", new object[] { t }, "retry_delay", -0.5);
            yield return Bad("retry_delay beyond an hour", "retry_delay", "target", new object[] { t }, "retry_delay", 7200);
            yield return Bad("retry_delay not a number", "retry_delay", "target", new object[] { t }, "retry_delay", "soon");
            yield return Bad("retry_delay a list", "retry_delay", "target", new object[] { t }, "retry_delay", new object[] { 1 });
            yield return Bad("portal blank", "portal", "target", new object[] { t }, "portal", "  ");
            yield return Bad("portal empty", "portal", "target", new object[] { t }, "portal", "");
            yield return Bad("backend empty", "backend", "target", new object[] { t }, "backend", "");
            yield return Bad("busy empty", "busy", "target", new object[] { t }, "busy", "");
        }
    }

    [TestFixture]
    [Category("iscsi_session_info")]
    public class IscsiSessionInfoModuleTests : ModuleFixture
    {
        private FakeIscsiInitiator fake;

        protected override string Module
        {
            get { return "iscsi_session_info"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            IscsiSessionInfoModule.Run(module, CountingProxy.Wrap<IIscsiInitiatorApi>(fake, calls));
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            fake = IscsiInitiatorHost.Standard();
        }

        [Test]
        public void Lists_every_session_with_connections_devices_and_persistence()
        {
            fake.Logins.RemoveAt(1);
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Field("sessions", "session_id"),
                Is.EqualTo(new string[] { IscsiInitiatorHost.S1, IscsiInitiatorHost.S2, IscsiInitiatorHost.S3 }));
            Dictionary<string, object> s1 = run.Items("sessions")[0];
            Assert.That(s1["target_name"], Is.EqualTo(IscsiInitiatorHost.T1));
            Assert.That(s1["persistent"], Is.EqualTo(true));
            Assert.That(run.Items("sessions")[2]["persistent"], Is.EqualTo(false));
            Dictionary<string, object> disk = (Dictionary<string, object>)((object[])s1["devices"])[0];
            Assert.That(disk["disk_number"], Is.EqualTo(2));
            Dictionary<string, object> conn = (Dictionary<string, object>)((object[])s1["connections"])[0];
            Assert.That(conn["target_address"], Is.EqualTo("192.0.2.10"));
            Assert.That(conn["target_port"], Is.EqualTo(3260));
        }

        [Test]
        public void Filters_by_target_in_any_case_and_by_session_id()
        {
            ModuleRun run = Run(Args("target", new object[] { IscsiInitiatorHost.T1.ToUpperInvariant() }));
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { IscsiInitiatorHost.S1, IscsiInitiatorHost.S2 }));
            run = Run(Args("session_id", new object[] { IscsiInitiatorHost.S3.ToUpperInvariant() }));
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { IscsiInitiatorHost.S3 }));
        }

        [Test]
        public void Portal_and_every_selector_narrow_as_in_the_logout()
        {
            ModuleRun run = Run(Args("target", new object[] { IscsiInitiatorHost.T1 }, "portal", "192.0.2.11"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { IscsiInitiatorHost.S2 }));
            run = Run(Args("target", new object[] { IscsiInitiatorHost.T2 }, "session_id",
                new object[] { IscsiInitiatorHost.S1 }));
            Assert.That(run.Items("sessions"), Is.Empty);
            Assert.That(run.Warnings, Has.Some.Contains("is not selected"));
        }

        [Test]
        public void The_preview_lists_exactly_what_iscsi_initiator_logout_would_select()
        {
            // Issue 19 items 1 and 4: the same selector options through both modules' own $spec and runner, on the
            // same fakes, the logout in check mode; every selector combination, all=true among them.
            const string T1 = IscsiInitiatorHost.T1, T2 = IscsiInitiatorHost.T2;
            const string S1 = IscsiInitiatorHost.S1, S3 = IscsiInitiatorHost.S3;
            fake.Dns["san01.contoso.com"] = new string[] { "192.0.2.10" };
            object[] targets = { null, new object[] { T1 }, new object[] { T2.ToUpperInvariant() } };
            object[] ids = { null, new object[] { S1 }, new object[] { S1, S3 } };
            object[] portals = { null, "192.0.2.10", "san01.contoso.com", "192.0.2.11" };
            object[] alls = { null, true };
            int nonEmpty = 0;
            foreach (object t in targets)
                foreach (object i in ids)
                    foreach (object portal in portals)
                        foreach (object all in alls)
                        {
                            List<object> c = new List<object>();
                            if (t != null) c.AddRange(new object[] { "target", t });
                            if (i != null) c.AddRange(new object[] { "session_id", i });
                            if (portal != null) c.AddRange(new object[] { "portal", portal });
                            if (all != null) c.AddRange(new object[] { "all", all });
                            if (c.Count == 0)
                                continue;
                            ModuleRun preview = Run(Args(c.ToArray()));
                            CallCounter calls = new CallCounter();
                            FakeIscsiInitiator api = fake;
                            ModuleRun logout = ModuleHarness.Run("iscsi_initiator_logout", Args(c.ToArray()), delegate(AnsibleModule m)
                            {
                                IscsiInitiatorLogoutModule.Run(m, CountingProxy.Wrap<IIscsiInitiatorApi>(api, calls), null, new FakeClock());
                            }, calls, true, false);
                            Assert.That(logout.Failed || preview.Failed, Is.False, "{0}\n{1}", logout, preview);
                            List<string> planned = new List<string>();
                            foreach (Dictionary<string, object> s in logout.Items("sessions"))
                                if ((string)s["action"] == "would_log_out")
                                    planned.Add((string)s["session_id"]);
                            Assert.That(preview.Field("sessions", "session_id"), Is.EqualTo(planned), "{0}", preview);
                            Assert.That(logout.Api.Calls, Has.No.Member("IIscsiInitiatorApi.Logout"));
                            if (planned.Count > 0)
                                nonEmpty++;
                        }
            Assert.That(nonEmpty, Is.GreaterThan(10));
        }

        [Test]
        public void Check_mode_diff_mode_and_a_second_run_list_the_same_and_change_nothing()
        {
            ModuleRun first = Run(Args("target", new object[] { IscsiInitiatorHost.T2 }), true, true);
            ModuleRun second = Run(Args("target", new object[] { IscsiInitiatorHost.T2 }), true, true);
            Assert.That(first.Failed || first.Changed || second.Changed, Is.False, "{0}", first);
            Assert.That(first.Diff == null || first.Diff.Count == 0, "an info module has nothing to diff: {0}", first);
            Assert.That(second.Json.Replace(" ", ""), Is.EqualTo(first.Json.Replace(" ", "")));
            Assert.That(first.Api.Calls, Has.No.Member("IIscsiInitiatorApi.Logout"));
        }

        [Test]
        public void The_service_not_running_fails_with_the_decoded_error()
        {
            fake.ListSessionsFails = IscsiCodes.ServiceNotRunning;
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("ISDSC_SERVICE_NOT_RUNNING"));
        }

        [Test]
        public void Persistent_logins_that_cannot_be_read_give_false_and_a_warning()
        {
            fake.ListLoginsFails = IscsiCodes.AccessDenied;
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "persistent"), Is.EqualTo(new string[] { "False", "False", "False" }));
            Assert.That(run.Warnings, Is.Not.Empty);
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("unknown option", "backend", "backend", "vds");
            yield return Bad("portal empty", "portal", "portal", "");
            yield return Bad("target not an iSCSI name", "target", "target", new object[] { "target1" });
            yield return Bad("target iqn without a date", "target", "target", new object[] { "iqn.com.microsoft:t1" });
            yield return Bad("target blank", "target", "target", new object[] { " " });
            yield return Bad("target a dict", "target", "target", new Dictionary<string, object> { { "a", 1 } });
            yield return Bad("session_id malformed", "session_id", "session_id", new object[] { "ffffe111-4000" });
            yield return Bad("session_id blank", "session_id", "session_id", new object[] { "" });
            yield return Bad("session_id a string where a list is expected", "session_id", "session_id", "a,b");
        }
    }
}
