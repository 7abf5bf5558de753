// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The token check and the hints (issue 14): PrivilegeHints as pure functions over hand-made token facts, and the
// WTS engines with a fake token. The facts follow what Windows documents: a local administrator reached over the
// network gets a filtered token (Administrators deny-only) unless LocalAccountTokenFilterPolicy is 1
// (learn.microsoft.com/troubleshoot/windows-server/windows-security/user-account-control-and-remote-restriction);
// a network logon (type 3) holds no credentials to pass on, so a call from it to another host fails unless the
// logon came with CredSSP or Kerberos delegation, or the task uses become (ansible/ansible issue 68086; Ansible's
// WinRM guide, section Limitations). Which exact code a remote WTS call gives in that case (5 or an RPC error) is
// UNCONFIRMED here: the hint covers both.
using System;
using System.Collections;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfo;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoff;

namespace SessionCtl.Tests
{
    public class FakeAccessToken : IAccessToken
    {
        public TokenFacts Facts;
        public int Reads;
        public bool Throws;

        public FakeAccessToken(TokenFacts facts)
        {
            Facts = facts;
        }

        public TokenFacts Read()
        {
            Reads++;
            if (Throws)
                throw ApiException.FromWin32("OpenProcessToken", 5);
            return Facts;
        }

        /// <summary>A domain administrator over WinRM with NTLM: full token, network logon without credentials.</summary>
        public static TokenFacts DomainAdminOverNtlm()
        {
            return new TokenFacts
            {
                UserName = "CONTOSO\\ansible",
                ElevationType = TokenElevationKind.Default,
                IsElevated = true,
                IsAdministrator = true,
                IsLocalAccount = false,
                ImpersonationLevel = TokenImpersonationKind.Primary,
                LogonType = 3,
                AuthenticationPackage = "NTLM",
            };
        }

        /// <summary>A local administrator over the network without LocalAccountTokenFilterPolicy: a filtered token.</summary>
        public static TokenFacts FilteredLocalAdmin()
        {
            return new TokenFacts
            {
                UserName = "HOST1\\localadmin",
                ElevationType = TokenElevationKind.Limited,
                IsElevated = false,
                IsAdministrator = false,
                IsLocalAccount = true,
                ImpersonationLevel = TokenImpersonationKind.Primary,
                LogonType = 3,
                AuthenticationPackage = "NTLM",
            };
        }

        /// <summary>The same account after become (runas, interactive logon with credentials).</summary>
        public static TokenFacts BecomeAdmin()
        {
            TokenFacts f = DomainAdminOverNtlm();
            f.LogonType = 2;
            f.AuthenticationPackage = "Kerberos";
            f.ElevationType = TokenElevationKind.Full;
            return f;
        }
    }

    [TestFixture]
    public class WtsPrivilegeTests
    {
        private FakeClock clock;
        private FakeWtsApi api;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            clock = new FakeClock();
            api = new FakeWtsApi(clock);
            api.CurrentSession = 0;
            api.Local.Add(new FakeWtsSession(0, null, null)).Add(new FakeWtsSession(2, "CONTOSO", "alice"))
                .Add(new FakeWtsSession(3, "CONTOSO", "bob"));
            api.Host("rdsh01").Add(new FakeWtsSession(0, null, null)).Add(new FakeWtsSession(5, "CONTOSO", "carol"))
                .Add(new FakeWtsSession(6, "CONTOSO", "dave"));
        }

        private RdsLogoffEngine Engine(TokenFacts facts)
        {
            RdsLogoffEngine e = new RdsLogoffEngine(api, clock);
            e.Token = facts == null ? null : new FakeAccessToken(facts);
            return e;
        }

        private static ErrorInfo W(int code)
        {
            return ErrorCatalog.FromWin32(code);
        }

        // ---- PrivilegeHints, pure -------------------------------------------------------------------

        [Test]
        public void AFilteredLocalAdministratorTokenNamesTheCauseAndEveryFix()
        {
            string m = AdminCheck.AdministratorProblem(FakeAccessToken.FilteredLocalAdmin(), "iscsi_initiator_logout");
            StringAssert.StartsWith("iscsi_initiator_logout needs a member of the Administrators group", m);
            StringAssert.Contains("HOST1\\localadmin", m);
            StringAssert.Contains("elevation type limited", m);
            StringAssert.Contains("filtered", m);
            StringAssert.Contains("become: true", m);
            StringAssert.Contains("LocalAccountTokenFilterPolicy = 1", m);
            StringAssert.Contains("domain account", m);
            StringAssert.Contains(PrivilegeHints.UacRemoteRestrictionsUrl, m);
            StringAssert.Contains("Nothing was changed", m);
        }

        [Test]
        public void ANonAdministratorTokenIsNamedAsSuch()
        {
            TokenFacts f = FakeAccessToken.DomainAdminOverNtlm();
            f.IsAdministrator = false;
            f.IsLocalAccount = false;
            string m = AdminCheck.AdministratorProblem(f, "rds_logoff");
            StringAssert.Contains("not an administrator of this host", m);
            StringAssert.DoesNotContain("elevation type limited", m);
        }

        [Test]
        public void AnAdministratorOrAnUnreadableTokenRaisesNoProblem()
        {
            Assert.IsNull(AdminCheck.AdministratorProblem(FakeAccessToken.DomainAdminOverNtlm(), "x"));
            Assert.IsNull(AdminCheck.AdministratorProblem(TokenFacts.Unknown("no"), "x"));
            Assert.IsNull(AdminCheck.AdministratorProblem(null, "x"));
        }

        [Test]
        public void AccessDeniedHintOnlyForAccessDeniedAndANonAdministratorToken()
        {
            TokenFacts filtered = FakeAccessToken.FilteredLocalAdmin();
            StringAssert.Contains("filtered token", RdsHints.AccessDeniedHint(filtered, W(5)));
            StringAssert.Contains("LocalAccountTokenFilterPolicy", RdsHints.AccessDeniedHint(filtered,
                ErrorCatalog.FromHResult(unchecked((int)0x80070005))));
            Assert.IsNotNull(RdsHints.AccessDeniedHint(filtered, ErrorCatalog.Decode(0x80041003L)), "WBEM_E_ACCESS_DENIED");
            Assert.IsNotNull(RdsHints.AccessDeniedHint(filtered, W(7045)), "ERROR_CTX_WINSTATION_ACCESS_DENIED");
            Assert.IsNull(RdsHints.AccessDeniedHint(filtered, W(1722)));
            Assert.IsNull(RdsHints.AccessDeniedHint(FakeAccessToken.DomainAdminOverNtlm(), W(5)));
            Assert.IsNull(RdsHints.AccessDeniedHint(TokenFacts.Unknown("no"), W(5)));
        }

        [Test]
        public void RemoteCallHintForANetworkLogonViaNtlmNamesTheDoubleHopAndItsFixes()
        {
            foreach (int code in new int[] { 5, 1722, 1726, 1727, 1753, 1825, 1244 })
            {
                string h = RdsHints.RemoteCallHint(FakeAccessToken.DomainAdminOverNtlm(), W(code), "rdsh01");
                Assert.IsNotNull(h, "code " + code);
                StringAssert.Contains("cannot pass credentials on to another host (the double hop)", h);
                StringAssert.Contains("network logon via NTLM", h);
                StringAssert.Contains("server 'rdsh01'", h);
                StringAssert.Contains("become: true", h);
                StringAssert.Contains("ansible_winrm_transport: credssp", h);
                StringAssert.Contains("ansible_psrp_auth: credssp", h);
                StringAssert.Contains("ansible_winrm_kerberos_delegation: true", h);
                StringAssert.Contains(RdsHints.DoubleHopIssueUrl, h);
                StringAssert.Contains(RdsHints.WinRmLimitationsUrl, h);
            }
        }

        [Test]
        public void RemoteCallHintForAKerberosNetworkLogonSaysDelegationMustBeAllowed()
        {
            TokenFacts f = FakeAccessToken.DomainAdminOverNtlm();
            f.AuthenticationPackage = "Kerberos";
            Assert.AreEqual(CredentialForwarding.OnlyWithKerberosDelegation, f.Forwarding);
            StringAssert.Contains("only if Kerberos delegation is allowed", RdsHints.RemoteCallHint(f, W(5), "rdsh01"));
        }

        [Test]
        public void RemoteCallHintWhenTheLogonCanDelegateNamesWhatTheRemoteHostNeeds()
        {
            string h = RdsHints.RemoteCallHint(FakeAccessToken.BecomeAdmin(), W(5), "rdsh01");
            StringAssert.DoesNotContain("double hop", h);
            StringAssert.Contains("can authenticate to other hosts", h);
            StringAssert.Contains("Remote Desktop Services permissions", h);
            StringAssert.Contains("TCP 445", h);
        }

        [Test]
        public void RemoteCallHintWithUnknownFactsSaysMay()
        {
            StringAssert.Contains("may not be able to pass credentials on", RdsHints.RemoteCallHint(null, W(1722), "r"));
            StringAssert.Contains("may not be able", RdsHints.RemoteCallHint(TokenFacts.Unknown("x"), W(5), "r"));
        }

        [Test]
        public void RemoteCallHintIgnoresOtherCodes()
        {
            Assert.IsNull(RdsHints.RemoteCallHint(FakeAccessToken.DomainAdminOverNtlm(), W(87), "r"));
            Assert.IsNull(RdsHints.RemoteCallHint(FakeAccessToken.DomainAdminOverNtlm(), W(7022), "r"));
            Assert.IsNull(RdsHints.RemoteCallHint(FakeAccessToken.DomainAdminOverNtlm(), null, "r"));
        }

        [Test]
        public void ForwardingFollowsTheLogonTypeAndTheImpersonationLevel()
        {
            TokenFacts f = new TokenFacts();
            Assert.AreEqual(CredentialForwarding.Unknown, f.Forwarding);
            foreach (int t in new int[] { 2, 4, 5, 8, 9, 10, 11 })
            {
                f.LogonType = t;
                Assert.AreEqual(CredentialForwarding.Yes, f.Forwarding, "logon type " + t);
            }
            f.LogonType = 3;
            f.AuthenticationPackage = "ntlm";
            Assert.AreEqual(CredentialForwarding.No, f.Forwarding);
            f.AuthenticationPackage = "Negotiate";
            Assert.AreEqual(CredentialForwarding.Unknown, f.Forwarding);
            f.ImpersonationLevel = TokenImpersonationKind.Delegation;
            Assert.AreEqual(CredentialForwarding.Yes, f.Forwarding);
            f.LogonType = 2;
            f.ImpersonationLevel = TokenImpersonationKind.Identification;
            Assert.AreEqual(CredentialForwarding.No, f.Forwarding);
        }

        [Test]
        public void RequireAdministratorIsTheRunnersOneCall()
        {
            StringAssert.StartsWith("iscsi_target_session_stop needs", AdminCheck.RequireAdministrator(
                new FakeAccessToken(FakeAccessToken.FilteredLocalAdmin()), "iscsi_target_session_stop"));
            Assert.IsNull(AdminCheck.RequireAdministrator(new FakeAccessToken(FakeAccessToken.DomainAdminOverNtlm()), "m"));
            Assert.IsNull(AdminCheck.RequireAdministrator(new FakeAccessToken(null) { Throws = true }, "m"),
                "an unreadable token does not stop the module");
        }

        [Test]
        public void TokenForGivesTheOverrideElseTheNativeReaderElseNone()
        {
            Assert.IsInstanceOf<NativeAccessToken>(PrivilegeHints.TokenFor(true));
            Assert.IsNull(PrivilegeHints.TokenFor(false));
            FakeAccessToken fake = new FakeAccessToken(FakeAccessToken.BecomeAdmin());
            PrivilegeHints.TokenOverride = fake;
            try
            {
                Assert.AreSame(fake, PrivilegeHints.TokenFor(true));
                Assert.AreSame(fake, PrivilegeHints.TokenFor(false));
            }
            finally
            {
                PrivilegeHints.TokenOverride = null;
            }
        }

        [Test]
        public void AnUnreadableTokenGivesUnknownFactsNotAnError()
        {
            FakeAccessToken t = new FakeAccessToken(null) { Throws = true };
            TokenFacts f = PrivilegeHints.ReadOrUnknown(t);
            Assert.IsNull(f.IsAdministrator);
            StringAssert.Contains("ERROR_ACCESS_DENIED", f.ReadError);
            Assert.AreEqual("token not readable", f.Describe());
        }

        // ---- the WTS engines with a fake token -------------------------------------------------------

        [Test]
        public void LocalLogoffWithAFilteredTokenIsNotRefusedUpFront()
        {
            // An account granted the Remote Desktop Reset permission may log off sessions without being an
            // administrator (README, rights table): rds_logoff does not pre-check the token.
            SessionReport r = Engine(FakeAccessToken.FilteredLocalAdmin()).Run(new RdsLogoffRequest { All = true }, false);
            Assert.AreEqual(2, r.Count(OutcomeKind.Ended));
        }

        [Test]
        public void LocalAccessDeniedWithAFilteredTokenGetsTheFilteredTokenHint()
        {
            api.Local.Find(2).LogoffError = 5;
            api.Local.Find(3).LogoffError = 5;
            SessionReport r = Engine(FakeAccessToken.FilteredLocalAdmin()).Run(new RdsLogoffRequest { All = true }, false);
            Assert.AreEqual(2, r.Count(OutcomeKind.Failed));
            Assert.AreEqual(1, r.Hints.Count);
            string msg = r.Summary("session");
            StringAssert.Contains("filtered token", msg);
            StringAssert.Contains("LocalAccountTokenFilterPolicy", msg);
            StringAssert.Contains("become: true", msg);
            StringAssert.Contains("Remote Desktop Reset and Message permissions", msg);
            StringAssert.DoesNotContain("double hop", msg);
        }

        [Test]
        public void LocalLogoffWithAnAdministratorTokenRuns()
        {
            SessionReport r = Engine(FakeAccessToken.DomainAdminOverNtlm()).Run(new RdsLogoffRequest { All = true }, false);
            Assert.AreEqual(2, r.Count(OutcomeKind.Ended));
            CollectionAssert.IsEmpty(r.Hints);
        }

        [Test]
        public void RemoteLogoffIsNotPrecheckedAgainstTheLocalToken()
        {
            SessionReport r = Engine(FakeAccessToken.FilteredLocalAdmin()).Run(
                new RdsLogoffRequest { All = true, Server = "rdsh01" }, false);
            Assert.AreEqual(2, r.Count(OutcomeKind.Ended));
        }

        [Test]
        public void RemoteAccessDeniedOnEachSessionGivesTheDoubleHopHintOnce()
        {
            api.Host("rdsh01").Find(5).LogoffError = 5;
            api.Host("rdsh01").Find(6).LogoffError = 5;
            FakeAccessToken token = new FakeAccessToken(FakeAccessToken.DomainAdminOverNtlm());
            RdsLogoffEngine e = new RdsLogoffEngine(api, clock) { Token = token };
            SessionReport r = e.Run(new RdsLogoffRequest { All = true, Server = "rdsh01" }, false);
            Assert.AreEqual(2, r.Count(OutcomeKind.Failed));
            Assert.AreEqual(1, r.Hints.Count);
            string msg = r.Summary("session");
            StringAssert.Contains("ERROR_ACCESS_DENIED", msg);
            StringAssert.Contains("(the double hop)", msg);
            Assert.AreEqual(msg.IndexOf("double hop", StringComparison.Ordinal),
                msg.LastIndexOf("double hop", StringComparison.Ordinal), "the hint appears once");
            Assert.AreEqual(1, token.Reads, "the token is read once");
        }

        [Test]
        public void TheOverrideTokenIsUsedWhenTheEngineHasNoneAndReadOnlyOnAFailure()
        {
            FakeAccessToken token = new FakeAccessToken(FakeAccessToken.DomainAdminOverNtlm());
            PrivilegeHints.TokenOverride = token;
            try
            {
                SessionReport ok = new RdsLogoffEngine(api, clock).Run(
                    new RdsLogoffRequest { SessionId = new int[] { 5 }, Server = "rdsh01" }, false);
                Assert.AreEqual(1, ok.Count(OutcomeKind.Ended));
                Assert.AreEqual(0, token.Reads, "no failure, no token read");
                api.Host("rdsh01").Find(6).LogoffError = 5;
                SessionReport r = new RdsLogoffEngine(api, clock).Run(
                    new RdsLogoffRequest { SessionId = new int[] { 6 }, Server = "rdsh01" }, false);
                StringAssert.Contains("cannot pass credentials on to another host (the double hop)", r.Summary("session"));
                Assert.AreEqual(1, token.Reads);
                api.Host("rdsh01").Unreachable = 1726;
                WtsServerException e = Assert.Throws<WtsServerException>(delegate
                {
                    new RdsSessionInfoEngine(api).List(new RdsSessionInfoRequest { Server = "rdsh01" });
                });
                StringAssert.Contains("CONTOSO\\ansible, network logon via NTLM", e.Message);
            }
            finally
            {
                PrivilegeHints.TokenOverride = null;
            }
        }

        [Test]
        public void RemoteServerThatCannotBeListedFailsWithTheHint()
        {
            api.Host("rdsh01").Unreachable = 1722;
            WtsServerException e = Assert.Throws<WtsServerException>(delegate
            {
                Engine(FakeAccessToken.DomainAdminOverNtlm()).Run(new RdsLogoffRequest { All = true, Server = "rdsh01" }, false);
            });
            StringAssert.Contains("RPC_S_SERVER_UNAVAILABLE", e.Message);
            StringAssert.Contains("double hop", e.Message);
            StringAssert.Contains("become", e.Message);
            Assert.AreEqual(0, api.OpenHandles);
        }

        [Test]
        public void RemoteServerThatCannotBeOpenedFailsWithTheHint()
        {
            api.OpenErrors["rdsh02"] = 1722;
            WtsServerException e = Assert.Throws<WtsServerException>(delegate
            {
                Engine(FakeAccessToken.DomainAdminOverNtlm()).Run(new RdsLogoffRequest { All = true, Server = "rdsh02" }, false);
            });
            StringAssert.Contains("WTSOpenServerExW", e.Message);
            StringAssert.Contains("double hop", e.Message);
            Assert.AreEqual(1722, e.Error.Code);
        }

        [Test]
        public void InfoOnARemoteServerThatRefusesTheListingFailsWithTheHint()
        {
            api.Host("rdsh01").Unreachable = 5;
            RdsSessionInfoEngine lister = new RdsSessionInfoEngine(api) { Token = new FakeAccessToken(FakeAccessToken.DomainAdminOverNtlm()) };
            WtsServerException e = Assert.Throws<WtsServerException>(delegate
            {
                lister.List(new RdsSessionInfoRequest { Server = "rdsh01" });
            });
            StringAssert.Contains("ERROR_ACCESS_DENIED", e.Message);
            StringAssert.Contains("credssp", e.Message);
        }

        [Test]
        public void InfoHasNoAdministratorPrecheck()
        {
            RdsSessionInfoEngine lister = new RdsSessionInfoEngine(api) { Token = new FakeAccessToken(FakeAccessToken.FilteredLocalAdmin()) };
            Assert.AreEqual(2, lister.List(new RdsSessionInfoRequest()).Count, "the sessions with a user");
        }

        [Test]
        public void LocalAccessDeniedWithAnAdministratorTokenHasNoHint()
        {
            api.Local.Find(2).LogoffError = 5;
            SessionReport r = Engine(FakeAccessToken.DomainAdminOverNtlm()).Run(new RdsLogoffRequest { SessionId = new int[] { 2 } }, false);
            Assert.AreEqual(1, r.Count(OutcomeKind.Failed));
            CollectionAssert.IsEmpty(r.Hints);
            StringAssert.DoesNotContain("Hint", r.Summary("session"));
        }

        [Test]
        public void RemoteFailureWithoutATokenReaderStillNamesThePossibleDoubleHop()
        {
            api.Host("rdsh01").Find(5).LogoffError = 1726;
            SessionReport r = Engine(null).Run(new RdsLogoffRequest { SessionId = new int[] { 5 }, Server = "rdsh01" }, false);
            StringAssert.Contains("may not be able to pass credentials on", r.Summary("session"));
        }

        [Test]
        public void RemoteFailureThatIsNotAnAccessOrRpcErrorHasNoHint()
        {
            api.Host("rdsh01").Find(5).LogoffError = 87;
            SessionReport r = Engine(FakeAccessToken.DomainAdminOverNtlm()).Run(
                new RdsLogoffRequest { SessionId = new int[] { 5 }, Server = "rdsh01" }, false);
            Assert.AreEqual(1, r.Count(OutcomeKind.Failed));
            CollectionAssert.IsEmpty(r.Hints);
        }
    }
}

namespace SessionCtl.Tests
{
    /// <summary>
    /// SECURITY_LOGON_SESSION_DATA (ntsecapi.h): ULONG Size; LUID LogonId (two 32-bit halves, 4-byte aligned);
    /// LSA_UNICODE_STRING UserName, LogonDomain, AuthenticationPackage; ULONG LogonType; ... LSA_UNICODE_STRING is
    /// USHORT Length, USHORT MaximumLength, PWSTR Buffer: 8 bytes with Buffer at +4 in a 32-bit process (a
    /// Microsoft.PowerShell32 endpoint, 32-bit Windows), 16 bytes with Buffer at +8 in a 64-bit one.
    /// </summary>
    [TestFixture]
    public class LogonSessionLayoutTests
    {
        [Test]
        public void The_offsets_follow_the_pointer_size()
        {
            Assert.That(TokenNative.LogonSessionLayout(8), Is.EqualTo(new int[] { 16, 32, 48, 64, 8 }), "x64");
            Assert.That(TokenNative.LogonSessionLayout(4), Is.EqualTo(new int[] { 12, 20, 28, 36, 4 }), "x86");
        }

        [Test]
        public void A_buffer_laid_out_for_this_process_is_read()
        {
            int[] o = TokenNative.LogonSessionLayout(IntPtr.Size);
            IntPtr data = System.Runtime.InteropServices.Marshal.AllocHGlobal(o[3] + 64);
            IntPtr user = System.Runtime.InteropServices.Marshal.StringToHGlobalUni("alice");
            IntPtr domain = System.Runtime.InteropServices.Marshal.StringToHGlobalUni("CONTOSO");
            IntPtr package = System.Runtime.InteropServices.Marshal.StringToHGlobalUni("Kerberos");
            try
            {
                for (int i = 0; i < o[3] + 64; i++)
                    System.Runtime.InteropServices.Marshal.WriteByte(data, i, 0);
                WriteString(data, o[0], o[4], user, 5);
                WriteString(data, o[1], o[4], domain, 7);
                WriteString(data, o[2], o[4], package, 8);
                System.Runtime.InteropServices.Marshal.WriteInt32(data, o[3], 3);
                TokenFacts f = new TokenFacts();
                TokenNative.ParseLogonSession(data, IntPtr.Size, f);
                Assert.That(f.UserName, Is.EqualTo("CONTOSO\\alice"));
                Assert.That(f.AuthenticationPackage, Is.EqualTo("Kerberos"));
                Assert.That(f.LogonType, Is.EqualTo(3));
            }
            finally
            {
                System.Runtime.InteropServices.Marshal.FreeHGlobal(data);
                System.Runtime.InteropServices.Marshal.FreeHGlobal(user);
                System.Runtime.InteropServices.Marshal.FreeHGlobal(domain);
                System.Runtime.InteropServices.Marshal.FreeHGlobal(package);
            }
        }

        private static void WriteString(IntPtr data, int offset, int bufferOffset, IntPtr buffer, int chars)
        {
            System.Runtime.InteropServices.Marshal.WriteInt16(data, offset, (short)(chars * 2));
            System.Runtime.InteropServices.Marshal.WriteInt16(data, offset + 2, (short)(chars * 2 + 2));
            System.Runtime.InteropServices.Marshal.WriteIntPtr(data, offset + bufferOffset, buffer);
        }
    }
}
