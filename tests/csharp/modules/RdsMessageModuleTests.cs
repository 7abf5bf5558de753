// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// rds_message runs whole: the .ps1's own $spec through ansible-core's Ansible.Basic, the C# runner, the WTS fakes
// (WtsFakes.cs, RdsMessageFakes.cs) behind counting proxies, and every result checked against RETURN
// (ModuleHarness). The production entry (Run(module)) runs down to the ABI-level wtsapi32 fake (tests/native).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessage;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessageModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace SessionCtl.Tests
{
    [TestFixture]
    [Category("rds_message")]
    public class RdsMessageModuleTests : ModuleFixture
    {
        private FakeClock clock;
        private FakeWtsApi fake;
        private FakeWtsMessages messages;

        protected override string Module
        {
            get { return "rds_message"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            RdsMessageModule.Run(module, CountingProxy.Wrap<IWtsApi>(fake, calls),
                CountingProxy.Wrap<IWtsMessageApi>(messages, calls));
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            fake = RdsHosts.Standard(clock);
            messages = new FakeWtsMessages(fake);
        }

        [TearDown]
        public void TearDown()
        {
            messages.Release.Set();
        }

        private static Dictionary<string, object> Actions(ModuleRun run)
        {
            Dictionary<string, object> res = new Dictionary<string, object>();
            foreach (Dictionary<string, object> s in run.Items("sessions"))
                res[Convert.ToString(s["session_id"])] = s["action"];
            return res;
        }

        private static Dictionary<string, object> Counts(ModuleRun run)
        {
            return (Dictionary<string, object>)run.Result["counts"];
        }

        private List<int> SentTo()
        {
            List<int> ids = new List<int>();
            foreach (FakeWtsMessages.Sent s in messages.Calls)
                ids.Add(s.SessionId);
            return ids;
        }

        [Test]
        public void Sends_to_the_selected_session_without_waiting()
        {
            ModuleRun run = Run(Args("session_id", new object[] { 3 }, "message", "Maintenance at 18:00"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Dictionary<string, object> s = run.Items("sessions")[0];
            Assert.That(s["action"], Is.EqualTo("sent"));
            Assert.That(s["username"], Is.EqualTo("adam"));
            Assert.That(s["domain"], Is.EqualTo("CONTOSO"));
            Assert.That(s["session_state"], Is.EqualTo("disconnected"));
            Assert.That(s["response"], Is.Null, "not waited for");
            Assert.That(messages.Calls.Count, Is.EqualTo(1));
            Assert.That(messages.Calls[0].Wait, Is.False, "bWait FALSE by default");
            Assert.That(messages.Calls[0].Server, Is.Null, "the local host through WTS_CURRENT_SERVER_HANDLE");
            Assert.That(messages.Calls[0].Timeout, Is.EqualTo(60));
            Assert.That(fake.Local.Find(3).MessageText, Is.EqualTo("Maintenance at 18:00"));
            Assert.That(fake.Local.Find(3).MessageTitle, Is.EqualTo("Message from your administrator"));
            Assert.That(Counts(run)["sent"], Is.EqualTo(1));
            Assert.That(run.Msg, Is.EqualTo("1 session selected: 1 sent"));
            Assert.That(fake.OpenHandles, Is.EqualTo(0), "the server handle is closed");
        }

        [Test]
        public void All_sends_to_every_user_session_and_never_to_the_protected_ones()
        {
            ModuleRun run = Run(Args("all", true, "message", "m", "message_title", "Drain"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            // 0 services, 6 without a user and the 65536 listener are not selected, nor reported, with all: true
            Assert.That(SentTo(), Is.EqualTo(new int[] { 1, 2, 3, 4, 5 }));
            Assert.That(Actions(run).Keys, Is.EqualTo(new string[] { "1", "2", "3", "4", "5" }));
            Assert.That(run.Warnings, Is.Empty);
            Assert.That(messages.Calls[0].Title, Is.EqualTo("Drain"));
            Assert.That(Counts(run), Is.EqualTo(new Dictionary<string, object> { { "sent", 5 }, { "would_send", 0 },
                { "already_gone", 0 }, { "skipped", 0 }, { "failed", 0 } }));
        }

        [Test]
        public void The_own_session_and_protected_sessions_asked_for_by_id_are_skipped_with_a_warning()
        {
            fake.CurrentSession = 2;
            ModuleRun run = Run(Args("session_id", new object[] { 0, 2, 6, 65536, 3 }, "message", "m"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, object> { { "0", "skipped" }, { "2", "skipped" },
                { "3", "sent" }, { "6", "skipped" }, { "65536", "skipped" } }));
            Assert.That(SentTo(), Is.EqualTo(new int[] { 3 }));
            Assert.That(run.Warnings, Has.Some.StringContaining("it is the session this module runs in"));
            Assert.That(run.Warnings.Count, Is.EqualTo(4));
            Assert.That(Counts(run)["skipped"], Is.EqualTo(4));
        }

        [Test]
        public void Selectors_narrow_together_like_rds_logoff()
        {
            ModuleRun run = Run(Args("username", new object[] { "alice" }, "session_state", new object[] { "disconnected" },
                "message", "m"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(SentTo(), Is.EqualTo(new int[] { 4 }), "FABRIKAM\\alice is the only disconnected alice");
            ModuleRun excluded = Run(Args("all", true, "exclude_username", new object[] { "CONTOSO\\*" },
                "exclude_session_id", new object[] { 4 }, "message", "m"));
            Assert.That(Actions(excluded).Count, Is.EqualTo(0), "{0}", excluded);
            Assert.That(excluded.Changed, Is.False);
            Assert.That(excluded.Msg, Is.EqualTo("no sessions matched the selection; no message was sent"));
        }

        [Test]
        public void Check_mode_predicts_and_sends_nothing()
        {
            ModuleRun run = Run(Args("username", new object[] { "alice" }, "message", "m"), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, object> { { "2", "would_send" }, { "4", "would_send" } }));
            Assert.That(messages.Calls, Is.Empty);
            Assert.That(run.Api.Calls, Has.No.Member("IWtsMessageApi.SendMessage"));
            Assert.That(Counts(run)["would_send"], Is.EqualTo(2));
        }

        [Test]
        public void Diff_mode_has_no_diff()
        {
            ModuleRun run = Run(Args("session_id", new object[] { 3 }, "message", "m"), false, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Diff == null || run.Diff.Count == 0, "a message changes no state to diff: {0}", run);
        }

        [Test]
        public void A_session_that_ended_after_the_listing_is_already_gone_and_gets_no_message()
        {
            // listed and its times read by the selection, gone by the listing made just before sending
            fake.Local.Find(3).VanishAfterQueries = 1;
            ModuleRun run = Run(Args("session_id", new object[] { 3, 2 }, "message", "m"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, object> { { "2", "sent" }, { "3", "already_gone" } }));
            Assert.That(SentTo(), Is.EqualTo(new int[] { 2 }));
            Assert.That(run.Items("sessions")[1]["reason"], Is.StringStarting("no message sent: "));
        }

        [Test]
        public void A_failed_send_on_a_session_that_vanished_is_already_gone()
        {
            FakeWtsSession s = fake.Local.Find(3);
            s.MessageError = 7022;
            s.VanishAfterFailedCall = true;
            ModuleRun run = Run(Args("session_id", new object[] { 3 }, "message", "m"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)["3"], Is.EqualTo("already_gone"));
            Assert.That(run.Items("sessions")[0]["reason"], Is.EqualTo("the session ended before the message was sent"));
            Assert.That(run.Changed, Is.False);
        }

        [Test]
        public void A_refused_send_fails_that_session_with_the_decoded_error_and_the_others_still_get_theirs()
        {
            fake.Local.Find(2).MessageError = 5;
            ModuleRun run = Run(Args("session_id", new object[] { 2, 3 }, "message", "m"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, object> { { "2", "failed" }, { "3", "sent" } }));
            Dictionary<string, object> error = (Dictionary<string, object>)run.Items("sessions")[0]["error"];
            Assert.That(error["name"], Is.EqualTo("ERROR_ACCESS_DENIED"));
            Assert.That(run.Msg, Is.StringStarting("2 sessions selected: 1 sent, 1 failed. Failed: session 2: " +
                "WTSSendMessageW failed on the local host"));
            Assert.That(run.Msg, Is.StringContaining("ERROR_ACCESS_DENIED (0x00000005)"));
            Assert.That(Counts(run)["failed"], Is.EqualTo(1));
            Assert.That(Counts(run)["sent"], Is.EqualTo(1));
            Assert.That(run.Result["sessions"], Is.Not.Null);
        }

        [Test]
        public void A_session_id_the_host_does_not_list_is_reported_with_a_warning()
        {
            ModuleRun run = Run(Args("session_id", new object[] { 42 }, "message", "m"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run)["42"], Is.EqualTo("already_gone"));
            Assert.That(run.Warnings, Has.Some.StringContaining("session 42 was not found"));
            Assert.That(messages.Calls, Is.Empty);
        }

        [Test]
        public void Wait_for_response_waits_and_returns_each_answer()
        {
            messages.Responses[4] = 32000;
            ModuleRun run = Run(Args("username", new object[] { "alice" }, "message", "m", "wait_for_response", true,
                "timeout", 30));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, object> { { "2", "sent" }, { "4", "sent" } }));
            Assert.That(run.Field("sessions", "response"), Is.EqualTo(new string[] { "ok", "timeout" }));
            foreach (FakeWtsMessages.Sent s in messages.Calls)
            {
                Assert.That(s.Wait, Is.True, "bWait TRUE");
                Assert.That(s.Timeout, Is.EqualTo(30));
            }
        }

        [Test]
        public void Wait_for_response_sends_every_message_at_once()
        {
            // every call waits until all five have started: one after the other, the first would wait in vain
            messages.Together = new CountdownEvent(5);
            ModuleRun run = Run(Args("all", true, "message", "m", "wait_for_response", true, "timeout", 5));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "response"), Is.EqualTo(new string[] { "ok", "ok", "ok", "ok", "ok" }));
        }

        [Test]
        public void A_call_that_never_returns_fails_after_the_timeout_and_the_others_are_reported()
        {
            messages.Hang.Add(2);
            ModuleRun run = Run(Args("session_id", new object[] { 2, 3 }, "message", "m", "wait_for_response", true,
                "timeout", 1));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(Actions(run), Is.EqualTo(new Dictionary<string, object> { { "2", "failed" }, { "3", "sent" } }));
            Assert.That(run.Items("sessions")[0]["reason"], Is.StringStarting("WTSSendMessageW did not return within 3 s"));
        }

        [Test]
        public void A_server_that_cannot_be_listed_fails_before_any_message()
        {
            fake.Local.FailEnumerateFrom = 1;
            ModuleRun run = Run(Args("all", true, "message", "m"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("Cannot list the Remote Desktop sessions on the local host"));
            Assert.That(messages.Calls, Is.Empty);
            Assert.That(Counts(run)["sent"], Is.EqualTo(0), "counts are always there");
        }

        [Test]
        public void A_remote_server_is_named_to_WTSSendMessageW()
        {
            ModuleRun run = Run(Args("server", "RDSH02", "all", true, "message", "m"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(SentTo(), Is.EqualTo(new int[] { 7 }));
            Assert.That(messages.Calls[0].Server, Is.EqualTo("RDSH02"));
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("no selector and no all", "all", "message", "m");
            yield return Bad("message missing", "message", "all", true);
            yield return Bad("message empty", "message", "all", true, "message", "");
            yield return Bad("message blank", "message", "all", true, "message", "   ");
            yield return Bad("message_title blank", "message_title", "all", true, "message", "m", "message_title", "  ");
            yield return Bad("timeout negative", "timeout", "all", true, "message", "m", "timeout", -1);
            yield return Bad("wait_for_response with timeout 0", "wait_for_response", "all", true, "message", "m",
                "wait_for_response", true, "timeout", 0);
            yield return Bad("session_state not a choice", "session_state", "session_state", new object[] { "gone" },
                "message", "m");
            yield return Bad("the old state option", "state", "state", new object[] { "active" }, "message", "m");
            yield return Bad("idle_longer_than empty", "idle_longer_than", "idle_longer_than", "", "message", "m");
            yield return Bad("disconnected_longer_than not a duration", "disconnected_longer_than",
                "disconnected_longer_than", "soon", "message", "m");
            yield return Bad("username a UPN", "username", "username", new object[] { "alice@contoso.com" }, "message", "m");
            yield return Bad("exclude_username empty entry", "exclude_username", "all", true, "exclude_username",
                new object[] { "" }, "message", "m");
            yield return Bad("session_id negative", "session_id", "session_id", new object[] { -1 }, "message", "m");
            yield return Bad("server empty", "server", "server", "", "all", true, "message", "m");
            yield return Bad("wait_for_response not a bool", "wait_for_response", "all", true, "message", "m",
                "wait_for_response", "maybe");
            yield return Bad("unknown option", "grace_period", "all", true, "message", "m", "grace_period", 5);
        }
    }

    /// <summary>libWtsapi32.so controls rds_message's tests add (tests/native/fake_wtsapi32.c).</summary>
    internal static class WtsMessageFake
    {
        [DllImport("Wtsapi32.dll", EntryPoint = "wtsfake_set_response")]
        public static extern void SetResponse(int session, int response);

        [DllImport("Wtsapi32.dll", EntryPoint = "wtsfake_message_wait")]
        public static extern int MessageWait(int i);
    }

    /// <summary>
    /// The production entry, RdsMessageModule.Run(module) as the .ps1 names it, over NativeWtsApi and
    /// NativeWtsMessageApi against the ABI-level wtsapi32 and kernel32 fakes.
    /// </summary>
    [TestFixture]
    [Category("rds_message")]
    public class RdsMessageNativeModuleTests : ModuleRunFixture
    {
        private const int Active = 0, Disconnected = 4, Listen = 6;

        protected override string Module
        {
            get { return "rds_message"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            RdsMessageModule.Run(module);
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            WtsFake.Reset();
            WtsFake.AddSession(null, 0, Disconnected, "Services", null, null, "", "", "");
            WtsFake.AddSession(null, 2, Active, "RDP-Tcp#2", "alice", "CONTOSO", "HOST2", "", "LAPTOP1");
            WtsFake.AddSession(null, 3, Disconnected, "", "bob", "CONTOSO", "HOST3", "", "");
            WtsFake.AddSession(null, 65536, Listen, "RDP-Tcp", null, null, "", "", "");
        }

        [TearDown]
        public void TearDown()
        {
            WtsFake.AssertClean();
        }

        [Test]
        public void Sends_through_WTSSendMessageW_without_waiting()
        {
            ModuleRun run = Run(Args("all", true, "message", "Drain at 18:00", "message_title", "Maintenance"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "sent", "sent" }));
            Assert.That(WtsFake.MessageCount(), Is.EqualTo(2), WtsFake.Calls);
            Assert.That(WtsFake.MessageText(0), Is.EqualTo("Drain at 18:00"));
            Assert.That(WtsFake.MessageTitle(0), Is.EqualTo("Maintenance"));
            Assert.That(WtsFake.MessageTimeout(0), Is.EqualTo(60));
            Assert.That(WtsMessageFake.MessageWait(0), Is.EqualTo(0), "bWait FALSE");
            Assert.That(run.Field("sessions", "response"), Is.EqualTo(new string[] { null, null }));
        }

        [Test]
        public void Waits_through_WTSSendMessageW_and_returns_the_documented_responses()
        {
            WtsMessageFake.SetResponse(3, 32000);   // IDTIMEOUT
            ModuleRun run = Run(Args("all", true, "message", "m", "wait_for_response", true, "timeout", 15));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "response"), Is.EqualTo(new string[] { "ok", "timeout" }));
            Assert.That(WtsMessageFake.MessageWait(0), Is.EqualTo(1), "bWait TRUE");
            Assert.That(WtsFake.MessageTimeout(1), Is.EqualTo(15));
        }

        [Test]
        public void A_remote_server_gets_its_own_handle_for_each_message_and_every_handle_is_closed()
        {
            WtsFake.AddServer("RDSH02");
            WtsFake.AddSession("RDSH02", 7, Active, "RDP-Tcp#7", "carol", "CONTOSO", "HOST7", "", "");
            WtsFake.AddSession("RDSH02", 8, Active, "RDP-Tcp#8", "dave", "CONTOSO", "HOST8", "", "");
            ModuleRun run = Run(Args("server", "RDSH02", "all", true, "message", "m", "wait_for_response", true,
                "timeout", 10));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Field("sessions", "session_id"), Is.EqualTo(new string[] { "7", "8" }));
            Assert.That(run.Field("sessions", "response"), Is.EqualTo(new string[] { "ok", "ok" }));
            Assert.That(WtsFake.MessageCount(), Is.EqualTo(2), WtsFake.Calls);
            StringAssert.Contains("WTSOpenServerExW", WtsFake.Calls);
            // TearDown: WtsFake.AssertClean checks that every handle was closed
        }

        [Test]
        public void A_session_gone_as_the_call_fails_is_already_gone_and_a_refusal_fails_decoded()
        {
            WtsFake.Fail("WTSSendMessageW", 3, 7022, 1, 1);   // 7022 ERROR_CTX_WINSTATION_NOT_FOUND, the session goes
            WtsFake.Fail("WTSSendMessageW", 2, 5, 1, 0);      // ERROR_ACCESS_DENIED without the Message permission
            ModuleRun run = Run(Args("all", true, "message", "m"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Field("sessions", "action"), Is.EqualTo(new string[] { "failed", "already_gone" }));
            Assert.That(((Dictionary<string, object>)run.Items("sessions")[0]["error"])["name"],
                Is.EqualTo("ERROR_ACCESS_DENIED"));
        }
    }
}
