// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The WMI-backed modules run whole through their production entry, Run(AnsibleModule) as the .ps1 calls it: the
// .ps1's own $spec through ansible-core's Ansible.Basic, the production construction of the native classes, and
// every WMI call through the schema-checked fake (WmiFake.cs) that _Wmi.Wmi.Factory hands to them. A misspelt
// class, property or method, a write to a read-only property or a value of the wrong CIM type fails these tests.
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;

namespace SessionCtl.Tests
{
    /// <summary>
    /// Base of the production-entry fixtures of the WMI modules: the entry the module's .ps1 calls, found from its text
    /// (ProductionEntry, ModuleHarnessProduction.cs), a fresh schema-checked WMI fake and record store per test through
    /// Wmi.Factory and HostRecords.Factory, the administrator check answered by the advapi32/secur32 C fake, and no
    /// schema violation.
    /// </summary>
    public abstract class WmiModuleFixture : ModuleRunFixture
    {
        protected FakeWmi Fake;
        protected FakeHostRecordStore Records;

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            ProductionEntry.Invoke(ProductionEntry.Find(Module), module);
            foreach (string c in Fake.Calls)
                calls.Add(c);
        }

        [SetUp]
        public void SetUpFake()
        {
            ErrorCatalog.SystemMessage = null;
            PrivilegeHints.TokenOverride = null;
            Kernel32Fake.Reset();
            Advapi32Fake.Reset();
            Fake = new FakeWmi();
            Wmi.Factory = delegate { return Fake; };
            Records = new FakeHostRecordStore();
            HostRecords.Factory = delegate { return Records; };
        }

        [TearDown]
        public void TearDownFake()
        {
            Wmi.Factory = null;
            HostRecords.Factory = null;
            Assert.That(Fake.Violations, Is.Empty, "calls the documented WMI schema does not allow");
            Advapi32Fake.AssertClean();
            Kernel32Fake.AssertClean();
        }

        /// <summary>A token without the Administrators group (read through the advapi32 fake): no WMI call.</summary>
        protected void AssertRefusedWithoutAdministrator(IDictionary args)
        {
            Advapi32Fake.FilteredLocalAdministrator();
            ModuleRun run = Run(args);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting(Module + " needs a member of the Administrators group"), "{0}", run);
            Assert.That(Fake.Calls, Is.Empty, "WMI calls before the administrator check");
            Assert.That(Records.Log.Events, Is.Empty, "record store calls before the administrator check");
        }
    }

    [TestFixture]
    [Category("rds_logon_mode")]
    public class RdsLogonModeProductionEntryTests : WmiModuleFixture
    {
        private FakeWmiInstance setting;

        protected override string Module
        {
            get { return "rds_logon_mode"; }
        }


        [SetUp]
        public void SetUp()
        {
            setting = Fake.Add("Win32_TerminalServiceSetting", "ServerName", "RDSH01", "Logons", "0", "SessionBrokerDrainMode", 0,
                "AllowTSConnections", 1, "PolicySourceAllowTSConnections", 0, "ActiveDesktop", 1, "UserPermission", 0);
        }

        [Test]
        public void Drain_writes_SessionBrokerDrainMode_and_reads_it_back()
        {
            ModuleRun run = Run(Args("mode", "drain"), false, true);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.True);
            Assert.That(run.Result["mode"], Is.EqualTo("drain"));
            Assert.That(run.Result["previous_mode"], Is.EqualTo("enabled"));
            Assert.That(setting["SessionBrokerDrainMode"], Is.EqualTo((uint)2));
            Assert.That(Fake.Writes, Has.Member("Win32_TerminalServiceSetting.SessionBrokerDrainMode"));
            // a whole-instance put (the class documents no partial put) writes the rest back as read
            Assert.That(setting["Logons"], Is.EqualTo("0"));
            Assert.That(Records.Records.Keys, Has.Count.EqualTo(1), "the mode before the first change, in the store the test gave");
        }

        [Test]
        public void Disabled_writes_Logons_as_a_string()
        {
            ModuleRun run = Run(Args("mode", "disabled"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(setting["Logons"], Is.EqualTo("1"));
            Assert.That(run.Result["mode"], Is.EqualTo("disabled"));
        }

        [Test]
        public void Check_mode_reads_and_writes_nothing()
        {
            ModuleRun run = Run(Args("mode", "drain_until_restart"), true, false);
            Assert.That(run.Changed, Is.True, "{0}", run);
            Assert.That(Fake.Calls, Has.No.Member("Put Win32_TerminalServiceSetting"));
            Assert.That(setting["SessionBrokerDrainMode"], Is.EqualTo((uint)0));
        }

        [Test]
        public void A_host_without_the_namespace_fails_with_the_decoded_error()
        {
            Fake.MissingNamespaces.Add("root\\CIMv2\\TerminalServices");
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("WBEM_E_INVALID_NAMESPACE"), "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("not available on this host"), "{0}", run);
        }

        [Test]
        public void A_mode_that_Group_Policy_holds_names_the_policy()
        {
            // Group Policy sets the connections setting; the write is taken but does not stick (Citrix CTX134641: the
            // mode goes back at the next policy refresh, and change logon says it is "unable to change")
            Fake.SetData(setting, "PolicySourceAllowTSConnections", 1);
            Fake.OnPut = delegate { return true; };
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("Allow users to connect remotely by using Remote Desktop Services"), "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("PolicySourceAllowTSConnections = 1"), "{0}", run);
        }

        [Test]
        public void A_refused_write_under_Group_Policy_names_the_policy()
        {
            Fake.SetData(setting, "PolicySourceAllowTSConnections", 1);
            Fake.Failure = delegate(string call) { return call == "Put Win32_TerminalServiceSetting" ? (int?)unchecked((int)0x80041003) : null; };
            ModuleRun run = Run(Args("mode", "disabled"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("WBEM_E_ACCESS_DENIED"), "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("Allow users to connect remotely"), "{0}", run);
        }

        [Test]
        public void A_change_that_sticks_under_Group_Policy_warns_that_it_may_go_back()
        {
            Fake.SetData(setting, "PolicySourceAllowTSConnections", 1);
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(String.Join("\n", run.Warnings.ToArray()), Is.StringContaining("next Group Policy refresh"), "{0}", run);
        }

        [Test]
        public void Without_a_policy_the_message_names_none()
        {
            Fake.OnPut = delegate { return true; };
            ModuleRun run = Run(Args("mode", "drain"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.Not.StringContaining("Group Policy"), "{0}", run);
        }

        [Test]
        public void A_token_without_Administrators_is_refused_before_WMI()
        {
            AssertRefusedWithoutAdministrator(Args("mode", "drain"));
        }
    }

    [TestFixture]
    [Category("rds_logon_mode_info")]
    public class RdsLogonModeInfoProductionEntryTests : WmiModuleFixture
    {
        protected override string Module
        {
            get { return "rds_logon_mode_info"; }
        }


        [Test]
        public void Reads_the_mode()
        {
            Fake.Add("Win32_TerminalServiceSetting", "ServerName", "RDSH01", "Logons", "0", "SessionBrokerDrainMode", 1);
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Result["mode"], Is.EqualTo("drain_until_restart"));
            Assert.That(run.Result["server_name"], Is.EqualTo("RDSH01"));
            Assert.That(Fake.Writes, Is.Empty);
        }

        [Test]
        public void Check_mode_reads_the_same_and_writes_nothing()
        {
            Fake.Add("Win32_TerminalServiceSetting", "ServerName", "RDSH01", "Logons", "1", "SessionBrokerDrainMode", 0);
            ModuleRun run = Run(Args(), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Result["mode"], Is.EqualTo("disabled"));
            Assert.That(Fake.Writes, Is.Empty);
        }

        [Test]
        public void A_class_without_an_instance_fails_with_WBEM_E_NOT_FOUND()
        {
            ModuleRun run = Run(Args());
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("WBEM_E_NOT_FOUND"), "{0}", run);
        }
    }

    /// <summary>WT_* (root\WMI) and MSISCSITARGET_* (root\CIMv2\Storage\iScsiTarget) data as the pages document them.</summary>
    public abstract class IscsiTargetWmiFixture : WmiModuleFixture
    {
        protected const string Alice = "iqn.1991-05.com.microsoft:alice";
        protected const string Bob = "iqn.1991-05.com.microsoft:bob";
        protected const string TargetIqn = "iqn.1991-05.com.microsoft:srv-t1-target";
        protected FakeWmiInstance Host;

        [SetUp]
        public void SetUpHost()
        {
            Host = Fake.Add("WT_Host", "HostName", "t1", "TargetIQN", TargetIqn, "Enabled", true, "EnableCHAP", true,
                "CHAPUserName", "chap", "CHAPSecret", "0x01000000d08c9ddf", "Sessions", new FakeWmiInstance[0]);
        }

        /// <summary>A WT_Session of initiator on t1 with one WT_Connection.</summary>
        protected FakeWmiInstance AddSession(int tsih, ulong isid, string initiator)
        {
            FakeWmiInstance conn = Fake.Embedded("WT_Connection", "CID", 1, "TSIH", tsih, "InitiatorIPAddress", "10.0.0.5",
                "TargetIPAddress", "10.0.0.1", "TargetPort", 3260);
            FakeWmiInstance ws = Fake.Embedded("WT_Session", "TSIH", tsih, "ISID", isid, "SessionType", 1, "HostName", "t1",
                "InitiatorIQN", initiator, "HostTargetIQN", TargetIqn, "Connections", new FakeWmiInstance[] { conn });
            List<FakeWmiInstance> all = new List<FakeWmiInstance>((FakeWmiInstance[])Host["Sessions"]);
            all.Add(ws);
            Host.Values["Sessions"] = all.ToArray();
            return ws;
        }

        protected void RemoveSession(int tsih)
        {
            List<FakeWmiInstance> all = new List<FakeWmiInstance>((FakeWmiInstance[])Host["Sessions"]);
            all.RemoveAll(delegate(FakeWmiInstance s) { return Convert.ToInt32(s["TSIH"]) == tsih; });
            Host.Values["Sessions"] = all.ToArray();
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_info")]
    public class IscsiTargetSessionInfoProductionEntryTests : IscsiTargetWmiFixture
    {
        protected override string Module
        {
            get { return "iscsi_target_session_info"; }
        }


        [Test]
        public void Lists_WT_Host_sessions()
        {
            AddSession(5, 0x400001370000UL, Alice);
            AddSession(6, 0x400001370001UL, Bob);
            ModuleRun run = Run(Args("initiator", new object[] { Alice }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            List<Dictionary<string, object>> sessions = run.Items("sessions");
            Assert.That(sessions.Count, Is.EqualTo(1));
            Assert.That(sessions[0]["tsih"], Is.EqualTo(5));
            Assert.That(sessions[0]["target_iqn"], Is.EqualTo(TargetIqn));
            Assert.That(sessions[0]["initiator_address"], Is.EqualTo("10.0.0.5"));
        }

        [Test]
        public void Check_mode_lists_the_same()
        {
            AddSession(5, 0x400001370000UL, Alice);
            ModuleRun run = Run(Args("target", new object[] { "T1" }), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Changed, Is.False);
            Assert.That(run.Items("sessions").Count, Is.EqualTo(1));
        }

        [Test]
        public void No_target_role_fails_with_the_hint()
        {
            Fake.MissingNamespaces.Add("root\\WMI");
            ModuleRun run = Run(Args("tsih", new object[] { 5 }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("FS-iSCSITarget-Server"), "{0}", run);
            Assert.That(run.Msg, Is.StringContaining("WBEM_E_INVALID_NAMESPACE"), "decoded: {0}", run);
        }

        [Test]
        public void A_malformed_target_name_is_refused_before_the_token_and_WMI()
        {
            ModuleRun run = Run(Args("target", new object[] { "iqn.2020-13.com.contoso:t1" }));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting("target: 'iqn.2020-13.com.contoso:t1' is not an iSCSI name"), "{0}", run);
            Assert.That(Fake.Calls, Is.Empty, "WMI calls");
            Assert.That(Advapi32Fake.OpenTokens(), Is.EqualTo(0), "the token was read: {0}", Advapi32Fake.Calls);
        }

        [Test]
        public void A_token_without_Administrators_is_refused_before_WMI()
        {
            AssertRefusedWithoutAdministrator(Args("tsih", new object[] { 5 }));
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_stop")]
    public class IscsiTargetSessionStopProductionEntryTests : IscsiTargetWmiFixture
    {
        private const string Ns = "root\\CIMv2\\Storage\\iScsiTarget";
        private readonly List<string> requested = new List<string>();

        protected override string Module
        {
            get { return "iscsi_target_session_stop"; }
        }


        [SetUp]
        public void SetUp()
        {
            requested.Clear();
            // the provider ends the session it is asked to: WT_Host no longer lists it
            Fake.OnInvoke = delegate(FakeWmiInstance i, string method, IDictionary<string, object> input)
            {
                requested.Add(method + " " + i["TSIH"] + " " + input["RequestedState"]);
                RemoveSession(Convert.ToInt32(i["TSIH"]));
                Dictionary<string, object> output = new Dictionary<string, object>();
                output["ReturnValue"] = 0;
                return output;
            };
        }

        /// <summary>An MSISCSITARGET_iSCSISession, linked to t1's target endpoint when linked is true.</summary>
        private FakeWmiInstance AddCimSession(int tsih, string endPointName, bool linked)
        {
            FakeWmiInstance cim = Fake.Add("MSISCSITARGET_iSCSISession", "InstanceID", "session-" + tsih, "TSIH", tsih,
                "EndPointName", endPointName, "EnabledState", 2);
            if (linked)
            {
                cim.Related.Add(Fake.Add("MSISCSITARGET_iSCSIProtocolEndpoint", "Name", TargetIqn + ",t,0x1", "Role", 3));
                cim.Related.Add(Fake.Add("MSISCSITARGET_iSCSIProtocolEndpoint", "Name", endPointName, "Role", 2));
            }
            return cim;
        }

        [Test]
        public void Cim_stop_calls_RequestStateChange_and_confirms_by_listing()
        {
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice + ",i,0x400001370000", true);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Items("sessions")[0]["action"], Is.EqualTo("stopped"));
            Assert.That(requested, Is.EqualTo(new string[] { "RequestStateChange 5 3" }));
        }

        [Test]
        public void Cim_stop_polls_the_job_it_is_given()
        {
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice, true);
            FakeWmiInstance job = Fake.Add("MSISCSITARGET_ConcreteJob", "InstanceID", "job-1", "JobState", 7, "ErrorCode", 0);
            Fake.OnInvoke = delegate(FakeWmiInstance i, string method, IDictionary<string, object> input)
            {
                RemoveSession(5);
                Dictionary<string, object> output = new Dictionary<string, object>();
                output["ReturnValue"] = 4096;
                output["Job"] = job.Path;
                return output;
            };
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Fake.Calls, Has.Member("Get MSISCSITARGET_ConcreteJob"));
            Assert.That(run.Items("sessions")[0]["action"], Is.EqualTo("stopped"));
        }

        [Test]
        public void Check_mode_calls_nothing_that_ends_a_session()
        {
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice, true);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim"), true, false);
            Assert.That(run.Items("sessions")[0]["action"], Is.EqualTo("would_stop"), "{0}", run);
            Assert.That(requested, Is.Empty);
        }

        [Test]
        public void No_association_falls_back_to_the_one_instance_with_the_TSIH()
        {
            // WT_Session's only key is TSIH (wt-session page): one CIM instance with that TSIH, naming this initiator
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice + ",i,0x400001370000", false);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Items("sessions")[0]["action"], Is.EqualTo("stopped"));
            Assert.That(String.Join("\n", run.Warnings.ToArray()), Is.StringContaining("only instance with TSIH 5"));
        }

        [Test]
        public void No_association_and_two_instances_with_the_TSIH_fails_clearly()
        {
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice, false);
            AddCimSession(5, Alice, false);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Items("sessions")[0]["reason"], Is.StringContaining("cannot be identified for sure"));
            Assert.That(run.Items("sessions")[0]["reason"], Is.StringContaining("of 2 instance(s) with TSIH 5"));
            Assert.That(requested, Is.Empty);
        }

        [Test]
        public void The_ISID_matches_in_either_byte_order_and_says_which()
        {
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice + ",i,0x000037010040", true);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim"));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Items("sessions")[0]["action"], Is.EqualTo("stopped"));
            Assert.That(String.Join("\n", run.Warnings.ToArray()), Is.StringContaining("reverse order"));
        }

        [Test]
        public void Another_ISID_is_not_this_session()
        {
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice + ",i,0x400001370099", true);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(requested, Is.Empty);
        }

        [Test]
        public void Disable_target_writes_Enabled_alone()
        {
            // a put of the whole WT_Host would echo CHAPSecret and ReverseCHAPSecret (read/write, read back encrypted)
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice, true);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim", "disable_target", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Host["Enabled"], Is.EqualTo(false));
            Assert.That(Fake.Writes, Is.EqualTo(new string[] { "WT_Host.Enabled" }));
            Assert.That(Host["CHAPSecret"], Is.EqualTo("0x01000000d08c9ddf"));
        }

        [Test]
        public void Revoke_access_deletes_the_initiators_WT_IDMethod_only()
        {
            AddSession(5, 0x400001370000UL, Alice);
            AddCimSession(5, Alice, true);
            Fake.Add("WT_IDMethod", "HostName", "t1", "Method", 4, "Value", Alice);
            FakeWmiInstance bob = Fake.Add("WT_IDMethod", "HostName", "t1", "Method", 4, "Value", Bob);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim", "revoke_access", true));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(Fake.Calls, Has.Member("Delete WT_IDMethod"));
            Assert.That(Fake.Instances, Has.Member(bob));
            Assert.That(Fake.Instances.FindAll(delegate(FakeWmiInstance i) { return i.ClassName == "WT_IDMethod"; }).Count, Is.EqualTo(1));
        }

        [Test]
        public void A_missing_CIM_provider_fails_each_session_with_the_decoded_error()
        {
            AddSession(5, 0x400001370000UL, Alice);
            Fake.MissingNamespaces.Add(Ns);
            ModuleRun run = Run(Args("tsih", new object[] { 5 }, "method", "cim"));
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Items("sessions")[0]["reason"], Is.StringContaining("2012 R2"));
        }

        [Test]
        public void A_token_without_Administrators_is_refused_before_WMI()
        {
            AssertRefusedWithoutAdministrator(Args("tsih", new object[] { 5 }));
        }
    }
}
