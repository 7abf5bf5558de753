// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// rds_logoff and rds_session_info run whole: the .ps1's own $spec through ansible-core's Ansible.Basic, the C#
// runner, the WTS fake behind a counting proxy, and every result checked against RETURN (ModuleHarness).
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoffModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessage;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessageModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace SessionCtl.Tests
{
    /// <summary>The hosts both RDS fixtures use.</summary>
    public static class RdsHosts
    {
        /// <summary>
        /// The module runs over WinRM in session 0 (the notes of rds_logoff). 0 services; 1 CONTOSO\admin active
        /// (an RDP session of the Ansible user, a different session); 2 CONTOSO\alice active idle 10 s;
        /// 3 CONTOSO\adam disconnected idle 1 h; 4 FABRIKAM\alice disconnected idle 2 h; 5 CONTOSO\bob active,
        /// idle unknown; 6 connected without a user; 65536 the RDP-Tcp listener. RDSH02 is a reachable remote host.
        /// </summary>
        public static FakeWtsApi Standard(FakeClock clock)
        {
            FakeWtsApi a = new FakeWtsApi(clock);
            a.CurrentSession = 0;
            a.Local
                .Add(new FakeWtsSession(0, null, null) { State = WtsConnectState.Disconnected, IdleSeconds = null, Name = "Services" })
                .Add(new FakeWtsSession(1, "CONTOSO", "admin") { IdleSeconds = 30, ClientName = "ADMINPC", Name = "RDP-Tcp#0" })
                .Add(new FakeWtsSession(2, "CONTOSO", "alice") { IdleSeconds = 10, ClientName = "LAPTOP1", Name = "RDP-Tcp#1" })
                .Add(new FakeWtsSession(3, "CONTOSO", "adam") { State = WtsConnectState.Disconnected, IdleSeconds = 3600 })
                .Add(new FakeWtsSession(4, "FABRIKAM", "alice") { State = WtsConnectState.Disconnected, IdleSeconds = 7200 })
                .Add(new FakeWtsSession(5, "CONTOSO", "bob") { IdleSeconds = null, Name = "Console" })
                .Add(new FakeWtsSession(6, null, null) { State = WtsConnectState.Connected, IdleSeconds = null, Name = "RDP-Tcp#2" })
                .Add(new FakeWtsSession(65536, null, null) { State = WtsConnectState.Listen, IdleSeconds = null, Name = "RDP-Tcp" });
            a.Host("rdsh02").Add(new FakeWtsSession(7, "CONTOSO", "carol") { State = WtsConnectState.Disconnected, IdleSeconds = 600 });
            return a;
        }
    }

    [TestFixture]
    [Category("rds_logoff")]
    public class RdsLogoffModuleTests : ModuleFixture
    {
        private FakeClock clock;
        private FakeWtsApi fake;

        protected override string Module
        {
            get { return "rds_logoff"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            RdsLogoffModule.Run(module, CountingProxy.Wrap<IWtsApi>(fake, calls), clock);
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            fake = RdsHosts.Standard(clock);
        }

        private static Dictionary<string, object> Action(ModuleRun run)
        {
            Dictionary<string, object> res = new Dictionary<string, object>();
            foreach (Dictionary<string, object> s in run.Items("sessions"))
                res[Convert.ToString(s["session_id"])] = s["action"];
            return res;
        }

        [Test]
        public void Logs_off_the_selected_session_and_waits_until_it_is_gone()
        {
            ModuleRun run = Run(Args("session_id", new object[] { 3 }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "logged_off" }));
            Assert.That(run.Field("sessions", "username"), Is.EqualTo(new string[] { "adam" }));
            Assert.That(run.Field("sessions", "domain"), Is.EqualTo(new string[] { "CONTOSO" }));
            Assert.That(run.Field("sessions", "session_state"), Is.EqualTo(new string[] { "disconnected" }));
            Assert.That(run.Msg, Is.StringContaining("1 logged off"));
            Assert.That(fake.Local.Find(3), Is.Null, "the fake still lists session 3");
            Assert.That(run.Api.Calls, Has.Member("IWtsServer.Logoff"));
            Assert.That(run.Diff, Is.Null, "no diff unless asked");
            Assert.That(fake.OpenHandles, Is.EqualTo(0), "the server handle is closed");
        }

        [Test]
        public void Check_mode_predicts_and_changes_nothing()
        {
            ModuleRun run = Run(Args("username", new object[] { "alice" }), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Action(run), Is.EqualTo(new Dictionary<string, object> { { "2", "would_log_off" }, { "4", "would_log_off" } }));
            Assert.That(run.Api.Calls, Has.No.Member("IWtsServer.Logoff"));
            Assert.That(fake.Local.Find(2), Is.Not.Null);
            Assert.That(fake.Local.Find(4), Is.Not.Null);
        }

        [Test]
        public void Diff_mode_shows_the_user_sessions_before_and_after()
        {
            ModuleRun run = Run(Args("session_id", new object[] { 3 }), false, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Dictionary<string, object> diff = run.Diff;
            Assert.That(diff, Is.Not.Null, "no diff in diff mode: {0}", run);
            List<int> before = Ids(diff["before"]);
            List<int> after = Ids(diff["after"]);
            Assert.That(before, Has.Member(3));
            Assert.That(after, Has.No.Member(3));
            Assert.That(after, Has.Member(2));
        }

        [Test]
        public void Diff_in_check_mode_is_the_prediction()
        {
            ModuleRun run = Run(Args("session_state", new object[] { "disconnected" }), true, true);
            Assert.That(Ids(run.Diff["after"]), Has.No.Member(3).And.No.Member(4).And.Member(2));
            Assert.That(fake.Local.Find(3), Is.Not.Null);
        }

        private static List<int> Ids(object side)
        {
            List<int> ids = new List<int>();
            foreach (Dictionary<string, object> s in (IEnumerable)((Dictionary<string, object>)side)["sessions"])
                ids.Add(Convert.ToInt32(s["session_id"]));
            return ids;
        }

        [Test]
        public void A_second_run_changes_nothing()
        {
            IDictionary args = Args("username", new object[] { "CONTOSO\\alice", "adam" });
            ModuleRun first = Run(args);
            Assert.That(first.Changed, Is.True, "{0}", first);
            ModuleRun second = Run(args);
            Assert.That(second.Failed, Is.False, "{0}", second);
            Assert.That(second.Changed, Is.False, "{0}", second);
            Assert.That(second.Api.Calls, Has.No.Member("IWtsServer.Logoff"));
        }

        [Test]
        public void Selectors_combine_and_a_single_string_is_a_list_of_one()
        {
            // username as one string (Ansible.Basic makes it a list) and state: only CONTOSO\alice's active session
            IDictionary args = Args("username", "CONTOSO\\alice", "session_state", new object[] { "Active" });
            ModuleRun run = Run(args, false, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Action(run), Is.EqualTo(new Dictionary<string, object> { { "2", "logged_off" } }));
            Assert.That(run.Msg, Is.StringStarting("1 session selected: 1 logged off"));
            Assert.That(Ids(run.Diff["before"]).Count - Ids(run.Diff["after"]).Count, Is.EqualTo(1));
            Assert.That(fake.Local.Find(4), Is.Not.Null, "FABRIKAM\\alice is another user");
            ModuleRun second = Run(args);
            Assert.That(second.Failed || second.Changed, Is.False, "{0}", second);
            Assert.That(second.Items("sessions"), Is.Empty);
            Assert.That(second.Result.ContainsKey("diff"), Is.False, "no diff unless asked");
        }

        [Test]
        public void The_routine_disconnected_run_does_not_report_session_0_listeners_or_sessions_without_a_user()
        {
            // Windows lists the services session as disconnected: it is never selected unless asked for by id, so
            // the routine clean-up job has nothing to skip and nothing to warn about on every host.
            fake.Local.Add(new FakeWtsSession(7, null, null) { State = WtsConnectState.Disconnected, IdleSeconds = null });
            ModuleRun run = Run(Args("session_state", new object[] { "disconnected" }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { "3", "4" }));
            Assert.That(run.Warnings, Is.Empty, "{0}", run);
            Assert.That(((Dictionary<string, object>)run.Result["counts"])["skipped"], Is.EqualTo(0));
        }

        [Test]
        public void Counts_has_every_action_always()
        {
            fake.Local.Find(4).LogoffError = 5;
            ModuleRun run = Run(Args("session_id", new object[] { 0, 2, 4, 9 }));
            Dictionary<string, object> counts = (Dictionary<string, object>)run.Result["counts"];
            Assert.That(counts, Is.EqualTo(new Dictionary<string, object> { { "logged_off", 1 }, { "would_log_off", 0 },
                { "logoff_started", 0 }, { "already_gone", 1 }, { "skipped", 1 }, { "failed", 1 } }), "{0}", run);
            run = Run(Args("session_id", new object[] { 3 }), true, false);
            counts = (Dictionary<string, object>)run.Result["counts"];
            Assert.That(counts["would_log_off"], Is.EqualTo(1));
            run = Run(Args("server", ""));
            Assert.That(run.Failed, Is.True);
            Assert.That(((Dictionary<string, object>)run.Result["counts"]).Count, Is.EqualTo(6), "even when it fails early");
        }

        [Test]
        public void A_second_run_by_id_reports_already_gone_and_changes_nothing()
        {
            Run(Args("session_id", new object[] { 3 }));
            ModuleRun second = Run(Args("session_id", new object[] { 3 }));
            Assert.That(second.Failed, Is.False, "{0}", second);
            Assert.That(second.Changed, Is.False);
            Assert.That(second.Field("sessions", "action"), Is.EqualTo(new string[] { "already_gone" }));
        }

        [Test]
        public void A_choice_in_another_case_selects_as_its_own_spelling()
        {
            // Ansible.Basic accepts a choice in any case and passes it on unchanged: the runner must normalise it
            ModuleRun run = Run(Args("session_state", new object[] { "DISCONNECTED" }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Action(run)["3"], Is.EqualTo("logged_off"));
            Assert.That(Action(run)["4"], Is.EqualTo("logged_off"));
        }

        [Test]
        public void Idle_longer_than_a_duration()
        {
            ModuleRun run = Run(Args("idle_longer_than", "1h30m"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Action(run), Is.EqualTo(new Dictionary<string, object> { { "4", "logged_off" } }));
        }

        [Test]
        public void Wait_false_reports_logoff_started()
        {
            ModuleRun run = Run(Args("session_id", new object[] { 3 }, "wait", false));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "logoff_started" }));
        }

        [Test]
        public void All_true_logs_off_every_user_session_and_skips_what_the_safety_rules_keep()
        {
            ModuleRun run = Run(Args("all", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Dictionary<string, object> a = Action(run);
            Assert.That(a["1"], Is.EqualTo("logged_off"), "an RDP session of the Ansible user is another session");
            Assert.That(a["2"], Is.EqualTo("logged_off"));
            Assert.That(a.ContainsKey("65536") ? a["65536"] : "skipped", Is.EqualTo("skipped"));
            Assert.That(a.ContainsKey("0") ? a["0"] : "skipped", Is.EqualTo("skipped"));
            Assert.That(fake.Local.Find(0), Is.Not.Null, "session 0 is never logged off");
        }

        [Test]
        public void Session_0_selected_by_id_is_skipped_with_a_warning()
        {
            ModuleRun run = Run(Args("session_id", new object[] { 0 }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "skipped" }));
            Assert.That(run.Field("sessions", "reason")[0], Is.EqualTo("session 0 is the services session and is never acted on"));
            Assert.That(run.Warnings.Count, Is.EqualTo(1), "{0}", run);
        }

        [Test]
        public void A_remote_server()
        {
            ModuleRun run = Run(Args("server", "\\\\RDSH02", "session_id", new object[] { 7 }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "logged_off" }));
            Assert.That(fake.Host("rdsh02").Find(7), Is.Null);
        }

        [Test]
        public void A_logoff_that_fails_fails_the_module_after_trying_the_others()
        {
            fake.Local.Find(3).LogoffError = 5;
            ModuleRun run = Run(Args("session_id", new object[] { 3, 4 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.True, "session 4 was logged off");
            Dictionary<string, object> a = Action(run);
            Assert.That(a["3"], Is.EqualTo("failed"));
            Assert.That(a["4"], Is.EqualTo("logged_off"));
            Dictionary<string, object> failed = run.Items("sessions").Find(delegate(Dictionary<string, object> s) { return (int)s["session_id"] == 3; });
            Assert.That(((Dictionary<string, object>)failed["error"])["name"], Is.EqualTo("ERROR_ACCESS_DENIED"));
            Assert.That(((Dictionary<string, object>)failed["error"])["code"], Is.EqualTo(5));
            Assert.That(run.Msg, Is.StringContaining("3").And.StringContaining("ERROR_ACCESS_DENIED"));
            Assert.That(run.Msg, Is.StringContaining("1 failed").And.StringContaining("0x00000005"));
        }

        [Test]
        public void A_session_still_there_when_the_timeout_runs_out_fails()
        {
            fake.Local.Find(3).NeverGoes = true;
            ModuleRun run = Run(Args("session_id", new object[] { 3 }, "timeout", 10));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "failed" }));
            Assert.That(run.Field("sessions", "reason")[0], Is.StringContaining("10 s"));
        }

        [Test]
        public void A_server_that_cannot_be_reached_fails_before_acting()
        {
            ModuleRun run = Run(Args("server", "nohost", "all", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("nohost"));
            Assert.That(run.Items("sessions"), Is.Empty);
            Assert.That(run.Api.Calls, Has.No.Member("IWtsServer.Logoff"));
        }

        [Test]
        public void A_listing_that_fails_fails_before_acting()
        {
            fake.Local.FailEnumerateFrom = 1;
            ModuleRun run = Run(Args("all", true));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("RPC_S_CALL_FAILED").Or.StringContaining("1726"));
            Assert.That(run.Api.Calls, Has.No.Member("IWtsServer.Logoff"));
        }

        [Test]
        public void An_id_reused_by_another_user_before_the_logoff_is_not_logged_off()
        {
            fake.Local.Find(3).ReplacedAfterEnumerations = 1;
            fake.Local.Find(3).ReplacedBy = "mallory";
            ModuleRun run = Run(Args("session_id", new object[] { 3 }));
            Assert.That(run.Failed || run.Changed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "already_gone" }));
            Assert.That(fake.Local.Find(3).User, Is.EqualTo("mallory"));
            Assert.That(run.Api.Calls, Has.No.Member("IWtsServer.Logoff"));
        }

        [Test]
        public void A_session_lingering_in_state_down_past_the_timeout_fails_with_that_state()
        {
            FakeWtsSession s3 = fake.Local.Find(3);
            s3.LingerState = WtsConnectState.Down;
            s3.LingerSeconds = -1;
            ModuleRun run = Run(Args("session_id", new object[] { 3 }, "timeout", 5));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "reason")[0], Is.StringContaining("down"));
        }

        [Test]
        public void A_listing_that_fails_before_the_logoff_fails_the_sessions_with_the_decoded_error()
        {
            fake.Local.FailEnumerateFrom = 2;
            ModuleRun run = Run(Args("session_id", new object[] { 3 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "failed" }));
            Assert.That(((Dictionary<string, object>)run.Items("sessions")[0]["error"])["name"], Is.EqualTo("RPC_S_CALL_FAILED"));
            Assert.That(run.Api.Calls, Has.No.Member("IWtsServer.Logoff"));
        }

        [Test]
        public void Nothing_matched_changes_nothing()
        {
            ModuleRun run = Run(Args("username", new object[] { "nobody" }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Items("sessions"), Is.Empty);
        }

        [Test]
        public void No_selector_says_so_and_a_bad_option_message_starts_with_the_option()
        {
            ModuleRun run = Run(Args("timeout", 5));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("no session selected"));
            Assert.That(run.Items("sessions"), Is.Empty);
            Assert.That(run.Api.Count, Is.EqualTo(0), "{0}", run.Api);
            run = Run(Args("all", true, "idle_longer_than", "soon"));
            Assert.That(run.Msg, Is.StringStarting("idle_longer_than:"));
            Assert.That(run.Api.Count, Is.EqualTo(0), "{0}", run.Api);
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("unknown option", "colour", "all", true, "colour", "red");
            // Warning users is rds_message's job: rds_logoff takes no message, message_title or grace_period.
            yield return Bad("message is not an option", "message", "all", true, "message", "bye");
            yield return Bad("message_title is not an option", "message_title", "all", true, "message_title", "IT");
            yield return Bad("grace_period is not an option", "grace_period", "all", true, "grace_period", 30);
            yield return Bad("no selector", "all", "username", null);
            yield return Bad("only an exclusion", "all", "exclude_username", new object[] { "svc_*" });
            yield return Bad("username a UPN", "username", "username", new object[] { "alice@contoso.com" });
            yield return Bad("exclude_username a UPN", "exclude_username", "all", true, "exclude_username",
                new object[] { "svc@contoso.com" });
            yield return Bad("exclude_username empty entry", "exclude_username", "all", true, "exclude_username",
                new object[] { "" });
            yield return Bad("disconnected_longer_than empty", "disconnected_longer_than", "all", true,
                "disconnected_longer_than", "");
            yield return Bad("disconnected_longer_than zero", "disconnected_longer_than", "disconnected_longer_than", "0s");
            yield return Bad("exclude_session_id negative", "exclude_session_id", "all", true, "exclude_session_id",
                new object[] { -2 });
            yield return Bad("all false and no selector", "all", "all", false);
            yield return Bad("session_id not an int", "session_id", "session_id", new object[] { "three" });
            yield return Bad("session_id a string where a list is expected", "session_id", "session_id", "3,x");
            yield return Bad("session_id a dict", "session_id", "session_id", new Dictionary<string, object> { { "id", 3 } });
            yield return Bad("session_id negative", "session_id", "session_id", new object[] { -1 });
            yield return Bad("session_id beyond int", "session_id", "session_id", new object[] { 4294967296L });
            yield return Bad("session_state not a choice", "session_state", "session_state", new object[] { "gone" });
            yield return Bad("session_state blank", "session_state", "session_state", new object[] { "" });
            yield return Bad("username blank", "username", "username", new object[] { " " });
            yield return Bad("username empty entry", "username", "username", new object[] { "alice", "" });
            yield return Bad("idle_longer_than not a duration", "idle_longer_than", "idle_longer_than", "soon");
            yield return Bad("idle_longer_than a bad unit", "idle_longer_than", "idle_longer_than", "15x");
            yield return Bad("idle_longer_than zero", "idle_longer_than", "idle_longer_than", "0");
            yield return Bad("idle_longer_than negative", "idle_longer_than", "idle_longer_than", "-5m");
            yield return Bad("idle_longer_than blank", "idle_longer_than", "idle_longer_than", " ");
            // An explicit '' must not drop the idle filter and widen the selection to every active session.
            yield return Bad("idle_longer_than empty with another selector", "idle_longer_than", "session_state",
                new object[] { "active" }, "idle_longer_than", "");
            yield return Bad("all not a boolean", "all", "all", "maybe");
            yield return Bad("wait not a boolean", "wait", "all", true, "wait", "later");
            yield return Bad("timeout negative", "timeout", "all", true, "timeout", -5);
            // (timeout beyond Int32 is left out: under Mono, Delegate.DynamicInvoke does not wrap the OverflowException
            // of Ansible.Basic's ParseInt, so Ansible.Basic itself fails with a NullReferenceException; .NET wraps it)
            yield return Bad("timeout a list", "timeout", "all", true, "timeout", new object[] { 1 });
            yield return Bad("server blank", "server", "all", true, "server", "  ");
            // An explicit '' (an empty inventory variable) must not act on the local host instead.
            yield return Bad("server empty", "server", "all", true, "server", "");
            yield return Bad("server only backslashes", "server", "all", true, "server", "\\\\");
        }
    }

    [TestFixture]
    [Category("rds_session_info")]
    public class RdsSessionInfoModuleTests : ModuleFixture
    {
        private FakeClock clock;
        private FakeWtsApi fake;

        protected override string Module
        {
            get { return "rds_session_info"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            RdsSessionInfoModule.Run(module, CountingProxy.Wrap<IWtsApi>(fake, calls));
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            fake = RdsHosts.Standard(clock);
        }

        [Test]
        public void The_preview_lists_exactly_what_rds_logoff_would_select()
        {
            // Issue 19 item 4: the same selector options through both modules' own $spec and runner, on the same fakes.
            fake.Local.Find(3).DisconnectedSeconds = 3 * 3600;
            fake.Local.Find(2).DisconnectedSeconds = 9 * 3600;
            object[][] cases = new object[][]
            {
                new object[] { "all", true },
                new object[] { "session_state", new object[] { "disconnected" } },
                new object[] { "disconnected_longer_than", "1h", "exclude_username", new object[] { "FABRIKAM\\*" } },
                new object[] { "idle_longer_than", "20s", "exclude_session_id", new object[] { 4 } },
                new object[] { "session_id", new object[] { 0, 2, 3, 65536 }, "username", new object[] { " contoso \\ *" } },
                new object[] { "all", true, "server", "rdsh02" },
            };
            foreach (object[] c in cases)
            {
                ModuleRun preview = Run(Args(c));
                CallCounter calls = new CallCounter();
                ModuleRun logoff = ModuleHarness.Run("rds_logoff", Args(c), delegate(AnsibleModule m)
                {
                    RdsLogoffModule.Run(m, CountingProxy.Wrap<IWtsApi>(fake, calls), clock);
                }, calls, true, false);
                Assert.That(logoff.Failed, Is.False, "{0}", logoff);
                Assert.That(preview.Field("sessions", "session_id"), Is.EqualTo(logoff.Field("sessions", "session_id")), "{0}", preview);
                Assert.That(preview.Field("sessions", "session_id"), Is.Not.Empty, "{0}", preview);
                Assert.That(logoff.Api.Calls, Has.No.Member("IWtsServer.Logoff"));
            }
        }

        [Test]
        public void The_preview_lists_exactly_what_rds_message_would_select()
        {
            // Issue 19 items 1 and 4: the same selector options through rds_session_info and rds_message (check mode),
            // each with its own $spec and runner, on the same fakes.
            fake.Local.Find(3).DisconnectedSeconds = 3 * 3600;
            fake.Local.Find(2).DisconnectedSeconds = 9 * 3600;
            object[][] cases = new object[][]
            {
                new object[] { "all", true },
                new object[] { "all", true, "username", new object[] { "alice" } },
                new object[] { "all", true, "exclude_username", new object[] { "CONTOSO\\a*" }, "exclude_session_id", new object[] { 5 } },
                new object[] { "session_state", new object[] { "disconnected" } },
                new object[] { "session_state", new object[] { "active" }, "username", new object[] { "CONTOSO\\*" } },
                new object[] { "disconnected_longer_than", "1h", "exclude_username", new object[] { "FABRIKAM\\*" } },
                new object[] { "idle_longer_than", "20s", "exclude_session_id", new object[] { 4 } },
                new object[] { "idle_longer_than", "20s", "all", true, "session_state", new object[] { "active" } },
                new object[] { "session_id", new object[] { 0, 2, 3, 65536 }, "username", new object[] { " contoso \\ *" } },
                new object[] { "session_id", new object[] { 2, 4 }, "all", true },
                new object[] { "all", true, "server", "rdsh02" },
            };
            foreach (object[] c in cases)
            {
                ModuleRun preview = Run(Args(c));
                List<object> withMessage = new List<object>(c);
                withMessage.AddRange(new object[] { "message", "Maintenance in 5 minutes" });
                CallCounter calls = new CallCounter();
                FakeWtsMessages messages = new FakeWtsMessages(fake);
                ModuleRun send = ModuleHarness.Run("rds_message", Args(withMessage.ToArray()), delegate(AnsibleModule m)
                {
                    RdsMessageModule.Run(m, CountingProxy.Wrap<IWtsApi>(fake, calls), CountingProxy.Wrap<IWtsMessageApi>(messages, calls));
                }, calls, true, false);
                Assert.That(send.Failed, Is.False, "{0}", send);
                Assert.That(preview.Field("sessions", "session_id"), Is.EqualTo(send.Field("sessions", "session_id")), "{0}\n{1}", preview, send);
                Assert.That(preview.Field("sessions", "session_id"), Is.Not.Empty, "{0}", preview);
                Assert.That(send.Api.Calls, Has.No.Member("IWtsMessageApi.SendMessage"));
            }
        }

        [Test]
        public void Lists_every_session_with_its_times()
        {
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            // Session 0, the listener and session 6 (no user) are listed only when asked for by id.
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { "1", "2", "3", "4", "5" }));
            Dictionary<string, object> alice = run.Items("sessions")[1];
            Assert.That(alice["username"], Is.EqualTo("alice"));
            Assert.That(alice["domain"], Is.EqualTo("CONTOSO"));
            Assert.That(alice["idle_seconds"], Is.EqualTo(10));
            Assert.That(alice["client_name"], Is.EqualTo("LAPTOP1"));
            Assert.That(alice["logon_time"], Is.EqualTo("2026-01-01T10:00:00Z"));
            Assert.That(alice["is_current"], Is.EqualTo(false));
            Assert.That(run.Items("sessions")[0]["is_current"], Is.EqualTo(false));
            run = Run(Args("session_id", new object[] { 0, 65536 }));
            Assert.That(run.Items("sessions")[0]["is_current"], Is.EqualTo(true), "over WinRM the module runs in session 0");
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { "0", "65536" }));
        }

        [Test]
        public void Check_mode_lists_the_same()
        {
            ModuleRun normal = Run(Args("session_state", new object[] { "disconnected" }));
            ModuleRun check = Run(Args("session_state", new object[] { "disconnected" }), true, false);
            Assert.That(check.Failed, Is.False, "{0}", check);
            Assert.That(check.Field("sessions", "session_id"), Is.EqualTo(normal.Field("sessions", "session_id")));
        }

        [Test]
        public void Diff_mode_has_no_diff_and_a_second_run_the_same_result()
        {
            ModuleRun first = Run(Args("username", new object[] { "*alice" }), false, true);
            ModuleRun second = Run(Args("username", new object[] { "*alice" }), false, true);
            Assert.That(first.Changed || second.Changed, Is.False);
            Assert.That(first.Diff == null || first.Diff.Count == 0, "an info module has nothing to diff: {0}", first);
            Assert.That(second.Field("sessions", "session_id"), Is.EqualTo(first.Field("sessions", "session_id")));
            Assert.That(first.Field("sessions", "session_id"), Is.EqualTo(new string[] { "2", "4" }));
        }

        [Test]
        public void A_choice_in_another_case_filters_as_its_own_spelling()
        {
            ModuleRun run = Run(Args("session_state", new object[] { "Disconnected" }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { "3", "4" }));
        }

        [Test]
        public void A_remote_server()
        {
            ModuleRun run = Run(Args("server", "RDSH02"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { "7" }));
        }

        [Test]
        public void A_server_that_cannot_be_reached_fails()
        {
            ModuleRun run = Run(Args("server", "nohost"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("nohost"));
            Assert.That(run.Items("sessions"), Is.Empty);
        }

        [Test]
        public void A_listing_that_fails_fails()
        {
            fake.Local.FailEnumerateFrom = 1;
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("RPC_S_CALL_FAILED").Or.StringContaining("1726"));
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("unknown option", "colour", "colour", "red");
            yield return Bad("username a UPN", "username", "username", new object[] { "alice@contoso.com" });
            yield return Bad("disconnected_longer_than empty", "disconnected_longer_than", "disconnected_longer_than", "");
            yield return Bad("exclude_session_id negative", "exclude_session_id", "exclude_session_id", new object[] { -1 });
            yield return Bad("session_id not an int", "session_id", "session_id", new object[] { "one" });
            yield return Bad("session_id a string where a list is expected", "session_id", "session_id", "1,a");
            yield return Bad("session_id negative", "session_id", "session_id", new object[] { -3 });
            yield return Bad("session_state not a choice", "session_state", "session_state", new object[] { "busy" });
            yield return Bad("session_state a dict", "session_state", "session_state", new Dictionary<string, object> { { "a", 1 } });
            yield return Bad("username blank", "username", "username", new object[] { "" });
            yield return Bad("server blank", "server", "server", " ");
            yield return Bad("server empty", "server", "server", "");
        }
    }
}
