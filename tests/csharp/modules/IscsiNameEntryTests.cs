// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// One iSCSI name rule (_Common.cs IscsiName; RFC 3720 3.2.6.3, RFC 3721) in every module that takes an iSCSI name,
// run through the production entry each .ps1 calls: a month outside 01-12 and an empty unique part after ':' are
// refused with the same message before any Windows call (the token read and WMI included); a well-formed IQN passes.
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccessRestoreModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class IscsiNameEntryTests
    {
        public const string Good = "iqn.1991-05.com.microsoft:web01";
        private FakeWmi wmi;

        /// <summary>Each module and option that takes an iSCSI name, with the other options it needs.</summary>
        private static readonly object[][] Takers = new object[][] {
            new object[] { "iscsi_initiator_logout", "target", new object[0] },
            new object[] { "iscsi_session_info", "target", new object[0] },
            new object[] { "iscsi_target_session_info", "initiator", new object[0] },
            new object[] { "iscsi_target_session_info", "target", new object[0] },
            new object[] { "iscsi_target_session_stop", "initiator", new object[0] },
            new object[] { "iscsi_target_session_stop", "target", new object[0] },
            new object[] { "iscsi_target_session_stop_ioctl", "initiator", Ioctl() },
            new object[] { "iscsi_target_session_stop_ioctl", "target", Ioctl() },
            new object[] { "iscsi_target_access_restore", "target", new object[0] },
        };

        private static object[] Ioctl()
        {
            return new object[] { "device", "\\\\.\\Scsi2:", "session_cookie", "0x1", "signature", "ISCSITGT",
                "allow_unsupported_os", true };
        }

        public static IEnumerable Refused()
        {
            foreach (string bad in new string[] { "iqn.2020-13.com.contoso:t1", "iqn.1991-05.com.microsoft:" })
                foreach (object[] t in Takers)
                    yield return new TestCaseData(t[0], t[1], bad, t[2]).SetName(t[0] + " refuses " + t[1] + " " + bad);
        }

        public static IEnumerable Accepted()
        {
            foreach (object[] t in Takers)
            {
                if ((string)t[0] != "iscsi_target_access_restore")  // its production store is the registry: see below
                    yield return new TestCaseData(t[0], t[1], t[2]).SetName(t[0] + " accepts " + t[1] + " " + Good);
            }
        }

        [SetUp]
        public void ResetFakes()
        {
            ErrorCatalog.SystemMessage = null;
            PrivilegeHints.TokenOverride = null;
            WtsFake.Reset();
            IscsiFake.Reset();
            Kernel32Fake.Reset();
            NtdllFake.Reset();
            Advapi32Fake.Reset();
            wmi = new FakeWmi();
            Wmi.Factory = delegate { return wmi; };
        }

        [TearDown]
        public void CheckFakes()
        {
            Wmi.Factory = null;
            Assert.That(wmi.Violations, Is.Empty, "calls the documented WMI schema does not allow");
            IscsiFake.AssertClean();
            Advapi32Fake.AssertClean();
        }

        private static IDictionary Args(string option, string name, object[] extra)
        {
            List<object> pairs = new List<object>(extra);
            pairs.Add(option);
            pairs.Add(new object[] { name });
            return ModuleHarness.Args(pairs.ToArray());
        }

        [TestCaseSource("Refused")]
        public void A_malformed_name_is_refused_before_any_Windows_call(string module, string option, string name, object[] extra)
        {
            ModuleRun run = ProductionEntry.Run(module, Args(option, name, extra), false, false);
            Assert.That(run.Failed, Is.True, "{0}", run);
            Assert.That(run.Msg, Is.StringStarting(option + ": '" + name + "' is not an iSCSI name: iqn.yyyy-mm.domain[:id], "
                + "eui.<16 hex> or naa.<16/32 hex>, max 223 bytes"), "one message in every module: {0}", run);
            string calls = WtsFake.Calls + IscsiFake.Calls + Advapi32Fake.Calls;
            Assert.That(calls, Is.EqualTo(""), "calls (the token read included) before the refusal: {0}", calls);
            Assert.That(wmi.Calls, Is.Empty, "WMI calls before the refusal");
        }

        [TestCaseSource("Accepted")]
        public void A_well_formed_iqn_is_taken(string module, string option, object[] extra)
        {
            ModuleRun run = ProductionEntry.Run(module, Args(option, Good, extra), true, false);
            Assert.That(run.Failed, Is.False, "{0}", run);
        }

        [Test]
        public void A_well_formed_iqn_is_taken_by_iscsi_target_access_restore()
        {
            TargetAccessRestoreRequest r = new TargetAccessRestoreRequest();
            r.Target = new string[] { Good, "iqn.1991-05.COM.Microsoft:WEB01", "web01-target" };
            r.Validate();
        }

        [Test]
        public void The_rule()
        {
            foreach (string good in new string[] { Good, "IQN.1991-05.COM.MICROSOFT:WEB01", "iqn.2001-04.com.example",
                "iqn.2020-12.com.contoso:t1", "eui.02004567A425678D", "naa.52004567BA64678D",
                "naa.62004567BA64678D0123456789ABCDEF", "iqn.1991-05.com.microsoft:" + new string('a', 197) })
                Assert.That(IscsiName.IsValid(good), Is.True, good);
            foreach (string bad in new string[] { "iqn.2020-13.com.contoso:t1", "iqn.2020-00.com.contoso:t1",
                "iqn.1991-05.com.microsoft:", "iqn.1991-05.com.microsoft:web01\n", "iqn.1991-05", "eui.02004567A425678",
                "naa.02004567A425678D0", "iqn.1991-05.com.microsoft:" + new string('a', 198),
                "iqn.1991-05.com.microsoft:" + new string('\u00e9', 99), null, "" })
                Assert.That(IscsiName.IsValid(bad), Is.False, bad);
        }
    }
}
