// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The unmodified NativeAccessToken (_AccessToken.cs) against libadvapi32.so / libsecur32.so / libkernel32.so
// (tests/native/fake_advapi32.c, fake_kernel32.c): the buffers are read at the right offsets, the token handle is
// closed once with CloseHandle, the LSA buffer freed once with LsaFreeReturnBuffer, and the facts become the right
// administrator check.
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class NativeAccessTokenTests
    {
        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            PrivilegeHints.TokenOverride = null;
            Advapi32Fake.Reset();
            Kernel32Fake.Reset();
        }

        [TearDown]
        public void TearDown()
        {
            Advapi32Fake.AssertClean();
            Kernel32Fake.AssertClean();
        }

        private static TokenFacts Read()
        {
            TokenFacts f = new NativeAccessToken().Read();
            Assert.That(Advapi32Fake.OpenTokens(), Is.EqualTo(1), "one token opened: {0}", Advapi32Fake.Calls);
            return f;
        }

        [Test]
        public void A_filtered_local_administrator_over_NTLM()
        {
            Advapi32Fake.FilteredLocalAdministrator();
            TokenFacts f = Read();
            Assert.AreEqual(TokenElevationKind.Limited, f.ElevationType);
            Assert.AreEqual(false, f.IsElevated);
            Assert.AreEqual(false, f.IsAdministrator);
            Assert.AreEqual(true, f.IsLocalAccount);
            Assert.AreEqual(TokenImpersonationKind.Primary, f.ImpersonationLevel);
            Assert.AreEqual(3, f.LogonType);
            Assert.AreEqual("NTLM", f.AuthenticationPackage);
            Assert.AreEqual("HOST1\\localadmin", f.UserName);
            Assert.AreEqual(CredentialForwarding.No, f.Forwarding);
            Assert.That(AdminCheck.AdministratorProblem(f, "m"), Is.StringContaining("its token is filtered"));
        }

        [Test]
        public void Become_gives_an_interactive_full_token_that_can_delegate()
        {
            Advapi32Fake.SetToken(Advapi32Fake.Full, 1, 1, 0, 0, 1, 0, 2, 0, 0);
            Advapi32Fake.SetLogon("svc-ansible", "CONTOSO", "Kerberos");
            TokenFacts f = Read();
            Assert.AreEqual(TokenElevationKind.Full, f.ElevationType);
            Assert.AreEqual(true, f.IsAdministrator);
            Assert.AreEqual(CredentialForwarding.Yes, f.Forwarding);
            Assert.AreEqual("CONTOSO\\svc-ansible", f.UserName);
            Assert.IsNull(AdminCheck.AdministratorProblem(f, "m"));
        }

        [Test]
        public void A_Kerberos_network_logon_needs_delegation()
        {
            TokenFacts f = Read();  // the reset token: CONTOSO\ansible, Kerberos, network logon
            Assert.AreEqual(CredentialForwarding.OnlyWithKerberosDelegation, f.Forwarding);
            Assert.AreEqual(TokenElevationKind.Default, f.ElevationType);
            Assert.IsNull(AdminCheck.AdministratorProblem(f, "m"));
        }

        [Test]
        public void An_impersonation_token_of_the_thread_reports_its_level()
        {
            Advapi32Fake.SetToken(Advapi32Fake.Default, 1, 1, 0, 0, 2, 3, 3, 0, 1);
            Advapi32Fake.SetLogon("ansible", "CONTOSO", "NTLM");
            TokenFacts f = Read();
            Assert.AreEqual(TokenImpersonationKind.Delegation, f.ImpersonationLevel);
            Assert.AreEqual(CredentialForwarding.Yes, f.Forwarding);
            StringAssert.Contains("OpenThreadToken", Advapi32Fake.Calls);
            StringAssert.DoesNotContain("OpenProcessToken", Advapi32Fake.Calls);
        }

        [Test]
        public void A_logon_session_that_cannot_be_read_leaves_the_other_facts()
        {
            Advapi32Fake.SetToken(Advapi32Fake.Limited, 0, 0, 0, 0, 1, 0, 3, 1, 0);
            TokenFacts f = Read();
            StringAssert.StartsWith("LsaGetLogonSessionData failed", f.ReadError);
            StringAssert.Contains("1312", f.ReadError);
            Assert.AreEqual(0, f.LogonType);
            Assert.IsNull(f.AuthenticationPackage);
            Assert.AreEqual(CredentialForwarding.Unknown, f.Forwarding);
            Assert.AreEqual(TokenElevationKind.Limited, f.ElevationType);
            Assert.AreEqual(false, f.IsAdministrator);
        }

        [Test]
        public void No_local_account_SID_before_2012_R2_leaves_that_fact_unknown()
        {
            Advapi32Fake.SetToken(Advapi32Fake.Default, 1, 1, 0, 1, 1, 0, 3, 0, 0);
            TokenFacts f = Read();
            Assert.IsNull(f.IsLocalAccount);
            Assert.AreEqual(true, f.IsAdministrator);
        }

        [Test]
        public void A_token_that_cannot_be_opened_gives_unknown_facts_and_no_refusal()
        {
            Advapi32Fake.SetToken(Advapi32Fake.Limited, 0, 0, 1, 0, 1, 0, 3, 0, 0);
            Advapi32Fake.Fail("OpenProcessToken", -1, 5, 1, 0);
            TokenFacts f = PrivilegeHints.ReadOrUnknown(new NativeAccessToken());
            Assert.IsNull(f.IsAdministrator);
            StringAssert.Contains("OpenProcessToken", f.ReadError);
            Assert.IsNull(AdminCheck.AdministratorProblem(f, "m"));
        }
    }
}
