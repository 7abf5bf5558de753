// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The token check and the hints (issue 14) through each whole module (ModuleHarness): the iSCSI modules refuse a
// token without the Administrators group before any Windows call; the RDS modules add the double-hop or
// filtered-token hint to a refused call and report a closing session's unreadable times as a warning. The token
// is a fake (FakeAccessToken, WtsPrivilegeTests.cs) given through PrivilegeHints.TokenOverride.
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogoutModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorVds;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoffModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonModeModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace SessionCtl.Tests
{
    /// <summary>Each iSCSI module: a filtered token is refused before any Windows call; an administrator's runs.</summary>
    public abstract class AdministratorPrecheckFixture : ModuleRunFixture
    {
        protected abstract IDictionary GoodArgs { get; }

        [SetUp]
        public void ResetToken()
        {
            ErrorCatalog.SystemMessage = null;
            PrivilegeHints.TokenOverride = null;
        }

        [TearDown]
        public void ClearToken()
        {
            PrivilegeHints.TokenOverride = null;
        }

        [TestCase(false)]
        [TestCase(true)]
        public void A_filtered_token_is_refused_before_any_Windows_call(bool checkMode)
        {
            PrivilegeHints.TokenOverride = new FakeAccessToken(FakeAccessToken.FilteredLocalAdmin());
            ModuleRun run = Run(GoodArgs, checkMode, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting(Module + " needs a member of the Administrators group"));
            Assert.That(run.Msg, Is.StringContaining("LocalAccountTokenFilterPolicy"));
            Assert.That(run.Msg, Is.StringContaining("become: true"));
            Assert.That(run.Api.Count, Is.EqualTo(0), "calls: {0}", run.Api);
            Assert.That(run.Changed, Is.False);
        }

        [Test]
        public void An_administrator_token_goes_ahead()
        {
            PrivilegeHints.TokenOverride = new FakeAccessToken(FakeAccessToken.DomainAdminOverNtlm());
            ModuleRun run = Run(GoodArgs, true, false);
            Assert.That(run.Msg ?? "", Is.Not.StringContaining("needs a member of the Administrators group"), "{0}", run);
            Assert.That(run.Api.Count, Is.GreaterThan(0));
        }

        [Test]
        public void Bad_input_still_fails_first_and_names_the_option()
        {
            PrivilegeHints.TokenOverride = new FakeAccessToken(FakeAccessToken.FilteredLocalAdmin());
            ModuleRun run = Run(BadArgs);
            Assert.That(run.Failed, Is.True);
            Assert.That(run.Msg, Is.Not.StringContaining("Administrators group"), "{0}", run);
        }

        protected abstract IDictionary BadArgs { get; }
    }

    [TestFixture]
    [Category("iscsi_session_info")]
    public class IscsiSessionInfoPrivilegeTests : AdministratorPrecheckFixture
    {
        protected override string Module { get { return "iscsi_session_info"; } }
        protected override IDictionary GoodArgs { get { return Args(); } }
        protected override IDictionary BadArgs { get { return Args("target", new object[] { "not-an-iqn" }); } }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            IscsiSessionInfoModule.Run(module, CountingProxy.Wrap<IIscsiInitiatorApi>(IscsiInitiatorHost.Standard(), calls));
        }
    }

    [TestFixture]
    [Category("rds_logon_mode")]
    public class RdsLogonModePrivilegeTests : AdministratorPrecheckFixture
    {
        protected override string Module { get { return "rds_logon_mode"; } }
        protected override IDictionary GoodArgs { get { return Args("mode", "drain"); } }
        protected override IDictionary BadArgs { get { return Args("mode", "closed"); } }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            RdsLogonModeModule.Run(module, CountingProxy.Wrap<ITerminalServiceSettingApi>(new FakeTerminalServiceSetting(),
                calls));
        }
    }

    [TestFixture]
    [Category("iscsi_initiator_logout")]
    public class IscsiInitiatorLogoutPrivilegeTests : AdministratorPrecheckFixture
    {
        protected override string Module { get { return "iscsi_initiator_logout"; } }
        protected override IDictionary GoodArgs { get { return Args("target", new object[] { IscsiInitiatorHost.T1 }); } }
        protected override IDictionary BadArgs { get { return Args("target", new object[] { "not-an-iqn" }); } }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            FakeIscsiInitiator fake = IscsiInitiatorHost.Standard();
            IscsiInitiatorLogoutModule.Run(module, CountingProxy.Wrap<IIscsiInitiatorApi>(fake, calls),
                CountingProxy.Wrap<IVdsApi>(new FakeVds(fake), calls), new FakeClock());
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_info")]
    public class IscsiTargetSessionInfoPrivilegeTests : AdministratorPrecheckFixture
    {
        protected override string Module { get { return "iscsi_target_session_info"; } }
        protected override IDictionary GoodArgs { get { return Args(); } }
        protected override IDictionary BadArgs { get { return Args("tsih", new object[] { -1 }); } }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            IscsiTargetSessionInfoModule.Run(module, CountingProxy.Wrap<IIscsiTargetCimApi>(
                IscsiTargetHost.Standard(new FakeClock()), calls));
        }
    }

    [TestFixture]
    [Category("iscsi_target_session_stop")]
    public class IscsiTargetSessionStopPrivilegeTests : AdministratorPrecheckFixture
    {
        protected override string Module { get { return "iscsi_target_session_stop"; } }
        protected override IDictionary GoodArgs { get { return Args("tsih", new object[] { 2 }); } }
        protected override IDictionary BadArgs { get { return Args("tsih", new object[] { -1 }); } }

        protected override void RunModule(AnsibleModule module, CallCounter calls)
        {
            FakeClock clock = new FakeClock();
            IscsiTargetSessionStopModule.Run(module, CountingProxy.Wrap<IIscsiTargetCimApi>(IscsiTargetHost.Standard(clock), calls),
                null, clock, IscsiTargetHost.Server2019, new FakeHostRecordStore());
        }
    }

    [TestFixture]
    [Category("rds_logoff")]
    public class RdsLogoffPrivilegeTests : ModuleRunFixture
    {
        private FakeClock clock;
        private FakeWtsApi fake;

        protected override string Module { get { return "rds_logoff"; } }

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
            PrivilegeHints.TokenOverride = null;
        }

        [TearDown]
        public void TearDown()
        {
            PrivilegeHints.TokenOverride = null;
        }

        [Test]
        public void A_refused_logoff_on_a_remote_server_names_the_double_hop_once()
        {
            PrivilegeHints.TokenOverride = new FakeAccessToken(FakeAccessToken.DomainAdminOverNtlm());
            fake.Host("rdsh02").Add(new FakeWtsSession(8, "CONTOSO", "dave"));
            fake.Host("rdsh02").Find(7).LogoffError = 5;
            fake.Host("rdsh02").Find(8).LogoffError = 5;
            ModuleRun run = Run(Args("server", "RDSH02", "all", true));
            Assert.That(run.Failed, Is.True);
            Assert.That(run.Msg, Is.StringContaining("ERROR_ACCESS_DENIED"));
            Assert.That(run.Msg, Is.StringContaining("cannot pass credentials on to another host (the double hop)"));
            Assert.That(run.Msg.IndexOf("double hop", StringComparison.Ordinal),
                Is.EqualTo(run.Msg.LastIndexOf("double hop", StringComparison.Ordinal)));
        }

        [Test]
        public void A_server_that_names_this_host_uses_the_local_handle()
        {
            ModuleRun run = Run(Args("server", "localhost", "session_id", new object[] { 0, 2 }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Api.Calls, Has.No.Member("IWtsApi.OpenServer(localhost)"));
        }

        [Test]
        public void A_refused_local_logoff_with_a_filtered_token_names_it()
        {
            PrivilegeHints.TokenOverride = new FakeAccessToken(FakeAccessToken.FilteredLocalAdmin());
            fake.Local.Find(2).LogoffError = 5;
            ModuleRun run = Run(Args("session_id", new object[] { 2 }));
            Assert.That(run.Failed, Is.True);
            Assert.That(run.Msg, Is.StringContaining("a filtered token"));
            Assert.That(run.Msg, Is.StringContaining("Remote Desktop Reset and Message permissions"));
        }
    }

    [TestFixture]
    [Category("rds_session_info")]
    public class RdsSessionInfoPrivilegeTests : ModuleRunFixture
    {
        private FakeClock clock;
        private FakeWtsApi fake;

        protected override string Module { get { return "rds_session_info"; } }

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
            PrivilegeHints.TokenOverride = null;
        }

        [TearDown]
        public void TearDown()
        {
            PrivilegeHints.TokenOverride = null;
        }

        [Test]
        public void A_closing_session_is_listed_with_null_times_and_a_warning()
        {
            fake.Local.Find(3).ClosePending = true;
            ModuleRun run = Run(Args("session_id", new object[] { 3 }));
            Assert.That(run.Failed, Is.False, "{0}", run);
            Assert.That(run.Items("sessions").Count, Is.EqualTo(1));
            Assert.That(run.Warnings.Count, Is.EqualTo(1));
            Assert.That(run.Warnings[0], Is.StringContaining("ERROR_CTX_CLOSE_PENDING"));
        }

        [Test]
        public void A_refused_remote_listing_fails_with_the_double_hop_hint()
        {
            PrivilegeHints.TokenOverride = new FakeAccessToken(FakeAccessToken.DomainAdminOverNtlm());
            fake.Host("rdsh02").Unreachable = 5;
            ModuleRun run = Run(Args("server", "RDSH02"));
            Assert.That(run.Failed, Is.True);
            Assert.That(run.Msg, Is.StringContaining("(the double hop)"));
            Assert.That(run.Msg, Is.StringContaining("ansible_winrm_transport: credssp"));
        }
    }
}
