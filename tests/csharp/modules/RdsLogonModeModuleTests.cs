// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// rds_logon_mode and rds_logon_mode_info run whole: the .ps1's own $spec through ansible-core's Ansible.Basic, the
// C# runner, the Win32_TerminalServiceSetting fake (RdsLogonModeFakes.cs) behind a counting proxy, and every result
// checked against RETURN (ModuleHarness).
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonModeInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonModeModule;

namespace SessionCtl.Tests
{
    /// <summary>The calls a run makes on ITerminalServiceSettingApi, as the counting proxy names them.</summary>
    public static class LogonModeCalls
    {
        public const string Read = "ITerminalServiceSettingApi.Read";
        public const string PutLogons = "ITerminalServiceSettingApi.PutLogons";
        public const string PutDrainMode = "ITerminalServiceSettingApi.PutDrainMode";
    }

    [TestFixture]
    [Category("rds_logon_mode")]
    public class RdsLogonModeModuleTests : ModuleFixture
    {
        private FakeTerminalServiceSetting fake;
        private FakeHostRecordStore records;

        protected override string Module
        {
            get { return "rds_logon_mode"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            RdsLogonModeModule.Run(module, CountingProxy.Wrap<ITerminalServiceSettingApi>(fake, calls), records);
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            // a host that allows every logon: Logons "0", SessionBrokerDrainMode 0; no undo record
            fake = new FakeTerminalServiceSetting();
            records = new FakeHostRecordStore();
        }

        private static Dictionary<string, object> Dict(ModuleRun run, string key)
        {
            return (Dictionary<string, object>)run.Result[key];
        }

        private static List<string> Steps(ModuleRun run)
        {
            List<string> steps = new List<string>();
            foreach (Dictionary<string, object> s in run.Items("steps"))
                steps.Add(String.Format("{0} {1}->{2} {3}", s["property"], s["before"], s["after"], s["status"]));
            return steps;
        }

        [Test]
        public void Drain_writes_the_drain_mode_reads_it_back_and_reports_the_previous_mode()
        {
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Result["previous_mode"], Is.EqualTo("enabled"));
            Assert.That(run.Result["mode"], Is.EqualTo("drain"));
            Assert.That(Dict(run, "previous")["logons"], Is.EqualTo("0"));
            Assert.That(Dict(run, "previous")["session_broker_drain_mode"], Is.EqualTo(0));
            Assert.That(Dict(run, "setting")["mode"], Is.EqualTo("drain"));
            Assert.That(Dict(run, "setting")["session_broker_drain_mode"], Is.EqualTo(2));
            Assert.That(Steps(run), Is.EqualTo(new string[] { "SessionBrokerDrainMode 0->2 done" }));
            Assert.That(run.Result["server_name"], Is.EqualTo("RDSH01"));
            Assert.That(run.Msg, Is.EqualTo("the logon mode changed from enabled to drain (reconnections allowed, new logons refused)"));
            Assert.That(run.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read, LogonModeCalls.PutDrainMode, LogonModeCalls.Read }),
                "read, write what differs, read back");
            Assert.That(fake.DrainMode, Is.EqualTo(2));
            Assert.That(fake.Logons, Is.EqualTo("0"));
            Assert.That(run.Diff, Is.Null, "no diff unless asked");
        }

        [Test]
        public void Check_mode_plans_and_writes_nothing()
        {
            ModuleRun run = Run(Args("mode", "disabled"), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Result["previous_mode"], Is.EqualTo("enabled"));
            Assert.That(run.Result["mode"], Is.EqualTo("disabled"), "check mode returns the mode it would set");
            Assert.That(Steps(run), Is.EqualTo(new string[] { "Logons 0->1 planned" }));
            Assert.That(run.Msg, Is.StringStarting("the logon mode would change from enabled to disabled"));
            Assert.That(run.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }));
            Assert.That(fake.Logons, Is.EqualTo("0"));
        }

        [Test]
        public void Diff_mode_shows_the_mode_and_both_properties_before_and_after()
        {
            ModuleRun run = Run(Args("mode", "drain_until_restart"), false, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Diff, Is.Not.Null, "no diff in diff mode: {0}", run);
            Dictionary<string, object> before = (Dictionary<string, object>)run.Diff["before"];
            Dictionary<string, object> after = (Dictionary<string, object>)run.Diff["after"];
            Assert.That(before["mode"], Is.EqualTo("enabled"));
            Assert.That(before["session_broker_drain_mode"], Is.EqualTo(0));
            Assert.That(after["mode"], Is.EqualTo("drain_until_restart"));
            Assert.That(after["session_broker_drain_mode"], Is.EqualTo(1));
            Assert.That(after["logons"], Is.EqualTo("0"));
        }

        [Test]
        public void Diff_in_check_mode_is_the_prediction()
        {
            ModuleRun run = Run(Args("mode", "drain"), true, true);
            Assert.That(((Dictionary<string, object>)run.Diff["after"])["mode"], Is.EqualTo("drain"));
            Assert.That(fake.DrainMode, Is.EqualTo(0));
        }

        [Test]
        public void A_second_run_changes_nothing()
        {
            ModuleRun first = Run(Args("mode", "drain"));
            Assert.That(first.Changed, Is.True, "{0}", first);
            ModuleRun second = Run(Args("mode", "drain"));
            Assert.That(second.Failed, Is.False, "{0}", second);
            Assert.That(second.Changed, Is.False, "{0}", second);
            Assert.That(second.Result["previous_mode"], Is.EqualTo("drain"));
            Assert.That(second.Items("steps"), Is.Empty);
            Assert.That(second.Msg, Is.StringStarting("the logon mode is already drain"));
            Assert.That(second.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }), "nothing is written");
        }

        [Test]
        public void The_previous_mode_restores_the_host()
        {
            ModuleRun drain = Run(Args("mode", "drain"));
            ModuleRun restore = Run(Args("mode", drain.Result["previous_mode"]));
            Assert.That(restore.Failed, Is.False, "{0}", restore);
            Assert.That(restore.Changed, Is.True);
            Assert.That(restore.Result["mode"], Is.EqualTo("enabled"));
            Assert.That(fake.DrainMode, Is.EqualTo(0));
        }

        [Test]
        public void A_choice_in_another_case_sets_the_mode_of_its_own_spelling()
        {
            // Ansible.Basic accepts a choice in any case and passes it on unchanged: the runner must normalise it
            ModuleRun run = Run(Args("mode", "Drain_Until_Restart"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Result["mode"], Is.EqualTo("drain_until_restart"));
            Assert.That(fake.DrainMode, Is.EqualTo(1));
        }

        [TestCase("enabled", "0", 0, new string[0])]
        [TestCase("drain", "0", 2, new string[] { "SessionBrokerDrainMode 0->2 done" })]
        [TestCase("drain_until_restart", "0", 1, new string[] { "SessionBrokerDrainMode 0->1 done" })]
        [TestCase("disabled", "1", 0, new string[] { "Logons 0->1 done" })]
        public void Each_mode_from_enabled(string mode, string logons, long drain, string[] steps)
        {
            ModuleRun run = Run(Args("mode", mode));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.EqualTo(steps.Length > 0));
            Assert.That(run.Result["mode"], Is.EqualTo(mode));
            Assert.That(Steps(run), Is.EqualTo(steps));
            Assert.That(fake.Logons, Is.EqualTo(logons));
            Assert.That(fake.DrainMode, Is.EqualTo(drain));
        }

        [Test]
        public void Disabling_a_drained_host_refuses_more_first_and_keeps_the_drain_mode()
        {
            fake.DrainMode = 2;
            ModuleRun run = Run(Args("mode", "disabled"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Result["previous_mode"], Is.EqualTo("drain"));
            Assert.That(Steps(run), Is.EqualTo(new string[] { "Logons 0->1 done" }));
            Assert.That(fake.DrainMode, Is.EqualTo(2), "disabled leaves the drain mode as it is");
        }

        [Test]
        public void Enabling_a_disabled_drained_host_ends_the_drain_before_allowing_logons()
        {
            fake.Logons = "1";
            fake.DrainMode = 2;
            ModuleRun run = Run(Args("mode", "enabled"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Result["previous_mode"], Is.EqualTo("disabled"));
            Assert.That(Steps(run), Is.EqualTo(new string[] { "SessionBrokerDrainMode 2->0 done", "Logons 1->0 done" }));
            Assert.That(run.Api.Calls, Is.EqualTo(new string[] {
                LogonModeCalls.Read, LogonModeCalls.PutDrainMode, LogonModeCalls.PutLogons, LogonModeCalls.Read }));
        }

        [Test]
        public void An_undocumented_previous_value_is_replaced_with_a_warning()
        {
            fake.DrainMode = 7;
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Result["previous_mode"], Is.EqualTo("unknown"));
            Assert.That(run.Result["mode"], Is.EqualTo("drain"));
            Assert.That(run.Warnings, Has.Some.StringContaining("SessionBrokerDrainMode 7"));
        }

        [Test]
        public void A_write_that_fails_fails_with_the_decoded_error_and_the_previous_mode()
        {
            fake.FailPutOf = "SessionBrokerDrainMode";
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(((Dictionary<string, object>)run.Result["error"])["name"], Is.EqualTo("WBEM_E_ACCESS_DENIED"));
            Assert.That(run.Result["previous_mode"], Is.EqualTo("enabled"));
            Assert.That(Steps(run), Is.EqualTo(new string[] { "SessionBrokerDrainMode 0->2 failed" }));
            Assert.That(run.Msg, Is.StringStarting("Setting the logon mode to drain failed: writing Win32_TerminalServiceSetting.SessionBrokerDrainMode = 2 failed")
                .And.StringContaining("the previous mode was enabled"));
        }

        [Test]
        public void A_second_write_that_fails_reports_what_the_host_now_shows()
        {
            fake.Logons = "1";
            fake.DrainMode = 2;
            fake.FailPutOf = "Logons";
            ModuleRun run = Run(Args("mode", "enabled"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.True, "the drain mode was written");
            Assert.That(Steps(run), Is.EqualTo(new string[] { "SessionBrokerDrainMode 2->0 done", "Logons 1->0 failed" }));
            Assert.That(run.Msg, Is.StringContaining("The host now reports disabled"));
            Assert.That(((Dictionary<string, object>)run.Result["error"])["name"], Is.EqualTo("WBEM_E_ACCESS_DENIED"));
        }

        [Test]
        public void A_write_the_provider_ignores_is_caught_by_the_read_back()
        {
            // UNCONFIRMED provider behaviour (the module notes): a Put accepted and not applied
            fake.IgnorePuts = true;
            ModuleRun run = Run(Args("mode", "disabled"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("Windows accepted the writes but Win32_TerminalServiceSetting now reports enabled")
                .And.StringEnding("not disabled"));
            Assert.That(run.Result["mode"], Is.EqualTo("enabled"), "mode is what the host reports");
        }

        [Test]
        public void A_read_back_that_fails_fails()
        {
            fake.ReadHResult = 0x80041003L;
            fake.ReadFailsFrom = 2;
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("The logon mode was written but could not be read back"));
            Assert.That(fake.DrainMode, Is.EqualTo(2));
        }

        [TestCase(0x8004100EL, "WBEM_E_INVALID_NAMESPACE")]
        [TestCase(0x80041010L, "WBEM_E_INVALID_CLASS")]
        public void A_host_without_the_provider_fails_naming_the_class(long hresult, string name)
        {
            fake.ReadHResult = hresult;
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("Win32_TerminalServiceSetting in root\\CIMv2\\TerminalServices is not available"));
            Assert.That(((Dictionary<string, object>)run.Result["error"])["name"], Is.EqualTo(name));
            Assert.That(run.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }));
        }

        [Test]
        public void A_read_that_is_refused_fails_with_the_decoded_error()
        {
            fake.ReadHResult = 0x80041003L;
            ModuleRun run = Run(Args("mode", "enabled"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("Cannot read the logon mode from Win32_TerminalServiceSetting"));
            Assert.That(((Dictionary<string, object>)run.Result["error"])["name"], Is.EqualTo("WBEM_E_ACCESS_DENIED"));
        }

        // ---------------------------------------------------------------- undo record and mode: restore

        private string Record()
        {
            string v;
            return records.Records.TryGetValue("rds_logon_mode", out v) ? v : null;
        }

        [Test]
        public void A_change_records_what_the_host_had_before_it()
        {
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Result["record"], Is.EqualTo("created"));
            Assert.That(Dict(run, "recorded")["mode"], Is.EqualTo("enabled"));
            Assert.That(Dict(run, "recorded")["session_broker_drain_mode"], Is.EqualTo(0));
            Assert.That(Record(), Is.EqualTo("mode=enabled;session_broker_drain_mode=0;logons=0"));
            Assert.That(records.Log.Events, Is.EqualTo(new string[] {
                "get rds_logon_mode", "set rds_logon_mode=mode=enabled;session_broker_drain_mode=0;logons=0" }));
        }

        [Test]
        public void Drain_then_restore_puts_the_mode_back_and_clears_the_record()
        {
            Run(Args("mode", "drain"));
            ModuleRun restore = Run(Args("mode", "restore"));
            Assert.That(restore.Failed, Is.False, "{0}", restore);
            Assert.That(restore.Changed, Is.True);
            Assert.That(restore.Result["previous_mode"], Is.EqualTo("drain"));
            Assert.That(restore.Result["mode"], Is.EqualTo("enabled"));
            Assert.That(restore.Result["record"], Is.EqualTo("cleared"));
            Assert.That(Dict(restore, "recorded")["mode"], Is.EqualTo("enabled"), "what was restored");
            Assert.That(Steps(restore), Is.EqualTo(new string[] { "SessionBrokerDrainMode 2->0 done" }));
            Assert.That(restore.Msg, Is.EqualTo("the logon mode was restored from drain to the recorded enabled (new logons " +
                "and reconnections allowed) and the record cleared"));
            Assert.That(fake.DrainMode, Is.EqualTo(0));
            Assert.That(Record(), Is.Null, "the record is cleared after the restore");
        }

        [Test]
        public void A_rerun_of_an_aborted_drain_keeps_the_first_record()
        {
            // the first drain wrote the drain mode and then failed (its read-back was refused): the run was aborted
            fake.ReadHResult = 0x80041003L;
            fake.ReadFailsFrom = 2;
            ModuleRun aborted = Run(Args("mode", "drain"));
            Assert.That(aborted.Failed, Is.True, "{0}", aborted);
            fake.ReadHResult = null;
            ModuleRun rerun = Run(Args("mode", "drain"));
            Assert.That(rerun.Failed, Is.False, "{0}", rerun);
            Assert.That(rerun.Changed, Is.False);
            Assert.That(rerun.Result["record"], Is.EqualTo("kept"));
            Assert.That(Dict(rerun, "recorded")["mode"], Is.EqualTo("enabled"), "not the drain the first run made");
            ModuleRun disable = Run(Args("mode", "disabled"));
            Assert.That(disable.Result["record"], Is.EqualTo("kept"), "a later change does not overwrite it either");
            Assert.That(Record(), Is.EqualTo("mode=enabled;session_broker_drain_mode=0;logons=0"));
            ModuleRun restore = Run(Args("mode", "restore"));
            Assert.That(restore.Failed, Is.False, "{0}", restore);
            Assert.That(restore.Result["mode"], Is.EqualTo("enabled"));
            Assert.That(fake.Logons, Is.EqualTo("0"));
            Assert.That(fake.DrainMode, Is.EqualTo(0));
        }

        [Test]
        public void Restore_without_a_record_leaves_a_hand_drained_host_drained()
        {
            fake.DrainMode = 2;   // an administrator drained the host by hand
            ModuleRun drain = Run(Args("mode", "drain"));
            Assert.That(drain.Changed, Is.False, "{0}", drain);
            Assert.That(drain.Result["record"], Is.EqualTo("none"), "nothing changed, nothing recorded");
            Assert.That(drain.Result["recorded"], Is.Null);
            Assert.That(Record(), Is.Null);
            ModuleRun restore = Run(Args("mode", "restore"));
            Assert.That(restore.Failed, Is.False, "{0}", restore);
            Assert.That(restore.Changed, Is.False);
            Assert.That(restore.Result["record"], Is.EqualTo("none"));
            Assert.That(restore.Result["mode"], Is.EqualTo("drain"));
            Assert.That(restore.Msg, Is.StringStarting("no logon mode was recorded on this host (HKLM\\SOFTWARE\\sessionctl.windows\\Records")
                .And.StringEnding("the logon mode is left as it is, drain"));
            Assert.That(restore.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }), "nothing is written");
            Assert.That(fake.DrainMode, Is.EqualTo(2));
        }

        [Test]
        public void A_second_restore_changes_nothing()
        {
            Run(Args("mode", "drain"));
            ModuleRun first = Run(Args("mode", "restore"));
            Assert.That(first.Changed, Is.True, "{0}", first);
            ModuleRun second = Run(Args("mode", "restore"));
            Assert.That(second.Failed, Is.False, "{0}", second);
            Assert.That(second.Changed, Is.False);
            Assert.That(second.Result["record"], Is.EqualTo("none"));
            // and a later drain of the restored host records afresh
            ModuleRun again = Run(Args("mode", "drain"));
            Assert.That(again.Result["record"], Is.EqualTo("created"));
        }

        [Test]
        public void Restore_puts_back_both_properties_as_recorded_refusing_more_first()
        {
            // disabled with the drain mode on: enabling writes the drain mode first, restoring writes Logons first
            fake.Logons = "1";
            fake.DrainMode = 2;
            Run(Args("mode", "enabled"));
            Assert.That(Record(), Is.EqualTo("mode=disabled;session_broker_drain_mode=2;logons=1"));
            ModuleRun restore = Run(Args("mode", "restore"));
            Assert.That(restore.Failed, Is.False, "{0}", restore);
            Assert.That(Steps(restore), Is.EqualTo(new string[] { "Logons 0->1 done", "SessionBrokerDrainMode 0->2 done" }));
            Assert.That(fake.Logons, Is.EqualTo("1"));
            Assert.That(fake.DrainMode, Is.EqualTo(2));
            Assert.That(restore.Result["mode"], Is.EqualTo("disabled"));
        }

        [Test]
        public void Restore_when_the_host_already_shows_the_record_only_clears_it()
        {
            records.Records["rds_logon_mode"] = "mode=enabled;session_broker_drain_mode=0;logons=0";
            ModuleRun restore = Run(Args("mode", "restore"));
            Assert.That(restore.Failed, Is.False, "{0}", restore);
            Assert.That(restore.Changed, Is.True, "the record was removed from the host");
            Assert.That(restore.Items("steps"), Is.Empty);
            Assert.That(restore.Result["record"], Is.EqualTo("cleared"));
            Assert.That(restore.Msg, Is.EqualTo("the logon mode is already the recorded enabled; the record was cleared"));
            Assert.That(Record(), Is.Null);
        }

        [Test]
        public void Check_mode_drain_says_it_would_record_and_writes_nothing()
        {
            ModuleRun run = Run(Args("mode", "drain"), true, true);
            Assert.That(run.Changed, Is.True, "{0}", run);
            Assert.That(run.Result["record"], Is.EqualTo("would_create"));
            Assert.That(Dict(run, "recorded")["mode"], Is.EqualTo("enabled"));
            Assert.That(((Dictionary<string, object>)run.Diff["before"])["record"], Is.Null);
            Assert.That(((Dictionary<string, object>)((Dictionary<string, object>)run.Diff["after"])["record"])["mode"],
                Is.EqualTo("enabled"));
            Assert.That(Record(), Is.Null);
            Assert.That(records.Log.CountPrefix("set "), Is.EqualTo(0));
        }

        [Test]
        public void Check_mode_restore_predicts_and_changes_nothing()
        {
            Run(Args("mode", "drain"));
            ModuleRun run = Run(Args("mode", "restore"), true, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Result["record"], Is.EqualTo("would_clear"));
            Assert.That(run.Result["mode"], Is.EqualTo("enabled"));
            Assert.That(Steps(run), Is.EqualTo(new string[] { "SessionBrokerDrainMode 2->0 planned" }));
            Assert.That(run.Msg, Is.StringStarting("the logon mode would be restored from drain to the recorded enabled"));
            Dictionary<string, object> before = (Dictionary<string, object>)run.Diff["before"];
            Dictionary<string, object> after = (Dictionary<string, object>)run.Diff["after"];
            Assert.That(before["mode"], Is.EqualTo("drain"));
            Assert.That(((Dictionary<string, object>)before["record"])["mode"], Is.EqualTo("enabled"));
            Assert.That(after["mode"], Is.EqualTo("enabled"));
            Assert.That(after["record"], Is.Null);
            Assert.That(run.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }));
            Assert.That(fake.DrainMode, Is.EqualTo(2));
            Assert.That(Record(), Is.Not.Null);
        }

        [Test]
        public void Check_mode_restore_without_a_record_predicts_no_change()
        {
            fake.DrainMode = 2;
            ModuleRun run = Run(Args("mode", "restore"), true, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Result["record"], Is.EqualTo("none"));
            Assert.That(run.Result["mode"], Is.EqualTo("drain"));
            Assert.That(run.Msg, Is.StringStarting("no logon mode was recorded on this host"));
        }

        [Test]
        public void A_record_that_cannot_be_read_fails_the_restore_before_any_change()
        {
            Run(Args("mode", "drain"));
            records.Deny.Add("read");
            ModuleRun run = Run(Args("mode", "restore"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(((Dictionary<string, object>)run.Result["error"])["name"], Is.EqualTo("ERROR_ACCESS_DENIED"));
            Assert.That(run.Msg, Is.StringStarting("could not read the host record 'rds_logon_mode'")
                .And.StringContaining("Nothing was changed"));
            Assert.That(fake.DrainMode, Is.EqualTo(2));
        }

        [Test]
        public void A_record_that_cannot_be_written_fails_before_any_change()
        {
            records.Deny.Add("write");
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(((Dictionary<string, object>)run.Result["error"])["name"], Is.EqualTo("ERROR_ACCESS_DENIED"));
            Assert.That(run.Msg, Is.StringStarting("could not write the host record 'rds_logon_mode'")
                .And.StringContaining("The logon mode was not changed"));
            Assert.That(run.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }), "no write");
            Assert.That(fake.DrainMode, Is.EqualTo(0));
        }

        [Test]
        public void A_restore_whose_write_fails_keeps_the_record()
        {
            Run(Args("mode", "drain"));
            fake.FailPutOf = "SessionBrokerDrainMode";
            ModuleRun run = Run(Args("mode", "restore"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("The record is kept"));
            Assert.That(Record(), Is.Not.Null);
            fake.FailPutOf = null;
            ModuleRun rerun = Run(Args("mode", "restore"));
            Assert.That(rerun.Failed, Is.False, "{0}", rerun);
            Assert.That(fake.DrainMode, Is.EqualTo(0));
            Assert.That(Record(), Is.Null);
        }

        [Test]
        public void A_restore_whose_clear_fails_fails_after_restoring()
        {
            Run(Args("mode", "drain"));
            records.Deny.Add("clear");
            ModuleRun run = Run(Args("mode", "restore"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(fake.DrainMode, Is.EqualTo(0));
            Assert.That(run.Msg, Is.StringStarting("could not clear the host record 'rds_logon_mode'")
                .And.StringContaining("a re-run of the restore clears the record"));
        }

        [TestCase("drain")]
        [TestCase("restore")]
        public void A_record_this_module_did_not_write_fails_before_any_change(string mode)
        {
            fake.DrainMode = 2;
            records.Records["rds_logon_mode"] = "enabled";
            ModuleRun run = Run(Args("mode", mode == "drain" ? "enabled" : mode));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("holds 'enabled', which is not a logon mode this module recorded"));
            Assert.That(fake.DrainMode, Is.EqualTo(2));
            Assert.That(Record(), Is.EqualTo("enabled"));
        }

        [Test]
        public void An_undocumented_setting_is_recorded_but_not_written_back()
        {
            fake.DrainMode = 7;
            Run(Args("mode", "drain"));
            Assert.That(Record(), Is.EqualTo("mode=unknown;session_broker_drain_mode=7;logons=0"));
            ModuleRun restore = Run(Args("mode", "restore"));
            Assert.That(restore.Failed, Is.True, "{0}", restore);
            Assert.That(restore.Msg, Is.StringStarting("the recorded setting (Logons '0', SessionBrokerDrainMode 7) is not a mode")
                .And.StringContaining("delete the value 'rds_logon_mode'"));
            Assert.That(restore.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }), "nothing is written");
            Assert.That(fake.DrainMode, Is.EqualTo(2));
            Assert.That(Record(), Is.Not.Null);
        }

        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("mode missing", "mode");
            yield return Bad("mode null", "mode", "mode", null);
            yield return Bad("mode not a choice", "mode", "mode", "off");
            yield return Bad("mode as change logon spells it", "mode", "mode", "drainuntilrestart");
            yield return Bad("mode unknown (what the result reports for undocumented values)", "mode", "mode", "unknown");
            yield return Bad("mode blank", "mode", "mode", "");
            yield return Bad("mode spaces", "mode", "mode", "  ");
            yield return Bad("mode with a trailing space", "mode", "mode", "drain ");
            yield return Bad("mode an int (a SessionBrokerDrainMode value)", "mode", "mode", 2);
            yield return Bad("mode a boolean", "mode", "mode", true);
            yield return Bad("mode a list", "mode", "mode", new object[] { "drain" });
            yield return Bad("mode a dict", "mode", "mode", new Dictionary<string, object> { { "mode", "drain" } });
            yield return Bad("unknown option", "server", "mode", "drain", "server", "rdsh02");
            yield return Bad("a result key as an option", "previous_mode", "mode", "drain", "previous_mode", "enabled");
            yield return Bad("mode restore with a trailing space", "mode", "mode", "restore ");
            yield return Bad("mode undo (not a choice)", "mode", "mode", "undo");
        }
    }

    [TestFixture]
    [Category("rds_logon_mode_info")]
    public class RdsLogonModeInfoModuleTests : ModuleFixture
    {
        private FakeTerminalServiceSetting fake;
        private FakeHostRecordStore records;

        protected override string Module
        {
            get { return "rds_logon_mode_info"; }
        }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            RdsLogonModeInfoModule.Run(module, CountingProxy.Wrap<ITerminalServiceSettingApi>(fake, calls), records);
        }

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            fake = new FakeTerminalServiceSetting();
            records = new FakeHostRecordStore();
        }

        [Test]
        public void Reports_the_undo_record_restore_would_put_back()
        {
            fake.DrainMode = 2;
            ModuleRun none = Run(Args());
            Assert.That(none.Result["recorded"], Is.Null, "{0}", none);
            records.Records["rds_logon_mode"] = "mode=enabled;session_broker_drain_mode=0;logons=0";
            ModuleRun run = Run(Args());
            Assert.That(run.Failed || run.Changed, Is.False, "{0}", run);
            Dictionary<string, object> recorded = (Dictionary<string, object>)run.Result["recorded"];
            Assert.That(recorded["mode"], Is.EqualTo("enabled"));
            Assert.That(recorded["session_broker_drain_mode"], Is.EqualTo(0));
            Assert.That(run.Result["mode"], Is.EqualTo("drain"));
            Assert.That(records.Log.CountPrefix("set ") + records.Log.CountPrefix("clear "), Is.EqualTo(0), "only reads");
        }

        [Test]
        public void An_unreadable_or_foreign_record_is_a_warning_and_null()
        {
            records.Deny.Add("read");
            ModuleRun denied = Run(Args());
            Assert.That(denied.Failed, Is.False, "{0}", denied);
            Assert.That(denied.Result["recorded"], Is.Null);
            Assert.That(denied.Warnings, Has.Some.StringContaining("ERROR_ACCESS_DENIED"));
            records.Deny.Clear();
            records.Records["rds_logon_mode"] = "enabled";
            ModuleRun foreign = Run(Args());
            Assert.That(foreign.Result["recorded"], Is.Null);
            Assert.That(foreign.Warnings, Has.Some.StringContaining("holds 'enabled'"));
        }

        [TestCase("0", 0, "enabled", "new logons and reconnections allowed")]
        [TestCase("0", 2, "drain", "reconnections allowed, new logons refused")]
        [TestCase("0", 1, "drain_until_restart", "reconnections allowed, new logons refused until the next restart")]
        [TestCase("1", 2, "disabled", "new client logons refused, reconnections included")]
        [TestCase("0", 7, "unknown", "a setting this module does not know")]
        public void Reports_the_mode_and_both_properties(string logons, long drain, string mode, string description)
        {
            fake.Logons = logons;
            fake.DrainMode = drain;
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Result["mode"], Is.EqualTo(mode));
            Assert.That(run.Result["description"], Is.EqualTo(description));
            Assert.That(run.Result["logons"], Is.EqualTo(logons));
            Assert.That(run.Result["session_broker_drain_mode"], Is.EqualTo(drain));
            Assert.That(run.Result["server_name"], Is.EqualTo("RDSH01"));
            Assert.That(run.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }), "only reads");
        }

        [Test]
        public void Check_mode_diff_mode_and_a_second_run_report_the_same_and_change_nothing()
        {
            fake.DrainMode = 1;
            ModuleRun first = Run(Args(), true, true);
            ModuleRun second = Run(Args(), true, true);
            Assert.That(first.Failed || first.Changed || second.Changed, Is.False, "{0}", first);
            Assert.That(first.Result["mode"], Is.EqualTo("drain_until_restart"));
            Assert.That(first.Diff == null || first.Diff.Count == 0, "an info module has nothing to diff: {0}", first);
            Assert.That(second.Json, Is.EqualTo(first.Json));
            Assert.That(second.Api.Calls, Is.EqualTo(new string[] { LogonModeCalls.Read }));
            Assert.That(fake.DrainMode, Is.EqualTo(1));
        }

        [Test]
        public void A_host_without_the_provider_fails_naming_the_class()
        {
            fake.ReadHResult = 0x8004100EL;
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("Win32_TerminalServiceSetting"));
            Assert.That(((Dictionary<string, object>)run.Result["error"])["name"], Is.EqualTo("WBEM_E_INVALID_NAMESPACE"));
        }

        [Test]
        public void A_read_that_is_refused_fails_with_the_decoded_error()
        {
            fake.ReadHResult = 0x80041003L;
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("WBEM_E_ACCESS_DENIED").Or.StringContaining("0x80041003"));
            Assert.That(((Dictionary<string, object>)run.Result["error"])["name"], Is.EqualTo("WBEM_E_ACCESS_DENIED"));
        }

        // The module has no options (and so no choice to give in another case): every option is an unknown one.
        public static IEnumerable<TestCaseData> BadInputs()
        {
            yield return Bad("unknown option mode (the action module's)", "mode", "mode", "drain");
            yield return Bad("unknown option server", "server", "server", "rdsh02");
            yield return Bad("unknown option blank", "logons", "logons", "");
            yield return Bad("unknown option a dict", "session_broker_drain_mode", "session_broker_drain_mode",
                new Dictionary<string, object> { { "value", 2 } });
        }
    }
}

namespace SessionCtl.Tests
{
    /// <summary>The undo record's text (RdsLogonModeRecords): what Format writes, Parse reads back; anything else is refused.</summary>
    [TestFixture]
    public class LogonModeRecordTextTests
    {
        private static RdsLogonModeSetting Setting(string logons, long drain)
        {
            RdsLogonModeSetting s = new RdsLogonModeSetting();
            s.Logons = logons;
            s.DrainMode = drain;
            return s;
        }

        [TestCase("0", 0L, "mode=enabled;session_broker_drain_mode=0;logons=0")]
        [TestCase("1", 2L, "mode=disabled;session_broker_drain_mode=2;logons=1")]
        [TestCase("x;logons=1", 7L, "mode=unknown;session_broker_drain_mode=7;logons=x;logons=1")]
        public void Format_and_parse_round_trip(string logons, long drain, string text)
        {
            Assert.That(RdsLogonModeRecords.Format(Setting(logons, drain)), Is.EqualTo(text));
            RdsLogonModeSetting back = RdsLogonModeRecords.Parse(text);
            Assert.That(back.Logons, Is.EqualTo(logons));
            Assert.That(back.DrainMode, Is.EqualTo(drain));
        }

        [TestCase(null)]
        [TestCase("")]
        [TestCase("enabled")]
        [TestCase("mode=enabled")]
        [TestCase("mode=enabled;session_broker_drain_mode=two;logons=0")]
        [TestCase("mode=enabled;session_broker_drain_mode=-1;logons=0")]
        [TestCase("mode=enabled;logons=0;session_broker_drain_mode=0")]
        public void Text_this_module_did_not_write_is_not_a_record(string text)
        {
            Assert.That(RdsLogonModeRecords.Parse(text), Is.Null);
        }
    }
}
