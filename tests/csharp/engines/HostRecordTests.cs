// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The host record store: the registry store's contract run against Mono's registry emulation (a scratch key under
// HKEY_CURRENT_USER, removed afterwards; Mono keeps it in files, so this proves the store's logic, not Windows'
// registry), the same contract run against the managed fake, the 64-bit view and key of the production store, and
// the decoded errors.
using System;
using System.IO;
using System.Security;
using Microsoft.Win32;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;

namespace SessionCtl.Tests
{
    public abstract class HostRecordContract
    {
        protected abstract IHostRecordStore Store();

        [Test]
        public void GetWithoutRecordIsNull()
        {
            Assert.IsNull(Store().Get("rds_logon_mode"));
        }

        [Test]
        public void SetIfAbsentWritesOnceAndNeverOverwrites()
        {
            IHostRecordStore s = Store();
            Assert.IsTrue(s.SetIfAbsent("rds_logon_mode", "enabled"));
            Assert.IsFalse(s.SetIfAbsent("rds_logon_mode", "drain"));
            Assert.AreEqual("enabled", s.Get("rds_logon_mode"));
        }

        [Test]
        public void RecordsAreIndependentByName()
        {
            IHostRecordStore s = Store();
            s.SetIfAbsent("a", "1");
            s.SetIfAbsent("b", "2");
            Assert.IsTrue(s.Clear("a"));
            Assert.IsNull(s.Get("a"));
            Assert.AreEqual("2", s.Get("b"));
        }

        [Test]
        public void ClearRemovesAndReportsWhetherThereWasOne()
        {
            IHostRecordStore s = Store();
            Assert.IsFalse(s.Clear("rds_logon_mode"));
            s.SetIfAbsent("rds_logon_mode", "enabled");
            Assert.IsTrue(s.Clear("rds_logon_mode"));
            Assert.IsNull(s.Get("rds_logon_mode"));
            Assert.IsFalse(s.Clear("rds_logon_mode"));
            Assert.IsTrue(s.SetIfAbsent("rds_logon_mode", "drain"), "after a clear a new record can be written");
            Assert.AreEqual("drain", s.Get("rds_logon_mode"));
        }

        [Test]
        public void EmptyStringIsAValue()
        {
            IHostRecordStore s = Store();
            Assert.IsTrue(s.SetIfAbsent("x", ""));
            Assert.AreEqual("", s.Get("x"));
            Assert.IsFalse(s.SetIfAbsent("x", "other"));
        }

        [Test]
        public void BadNamesAndValuesAreRefused()
        {
            IHostRecordStore s = Store();
            Assert.Throws<ArgumentException>(delegate { s.Get(""); });
            Assert.Throws<ArgumentException>(delegate { s.SetIfAbsent(null, "v"); });
            Assert.Throws<ArgumentException>(delegate { s.Clear(new string('n', HostRecords.MaxNameLength + 1)); });
            Assert.Throws<ArgumentNullException>(delegate { s.SetIfAbsent("n", null); });
            Assert.IsNull(s.Get("n"));
        }
    }

    [TestFixture]
    public class RegistryHostRecordStoreTests : HostRecordContract
    {
        private string scratch;

        [SetUp]
        public void SetUp()
        {
            scratch = @"Software\sessionctl.windows.tests\" + Guid.NewGuid().ToString("N");
        }

        [TearDown]
        public void TearDown()
        {
            Registry.CurrentUser.DeleteSubKeyTree(@"Software\sessionctl.windows.tests", false);
        }

        protected override IHostRecordStore Store()
        {
            return new RegistryHostRecordStore(OpenCurrentUser, scratch + @"\Records", "scratch");
        }

        private static RegistryKey OpenCurrentUser()
        {
            return RegistryKey.OpenBaseKey(RegistryHive.CurrentUser, RegistryView.Default);
        }

        [Test]
        public void RecordIsAStringValueUnderTheKey()
        {
            Store().SetIfAbsent("rds_logon_mode", "enabled");
            using (RegistryKey key = Registry.CurrentUser.OpenSubKey(scratch + @"\Records"))
            {
                Assert.IsNotNull(key, "the Records key is created on the first write");
                Assert.AreEqual(RegistryValueKind.String, key.GetValueKind("rds_logon_mode"));
                Assert.AreEqual("enabled", key.GetValue("rds_logon_mode"));
            }
        }

        [Test]
        public void NonStringValueIsRefusedNotReturned()
        {
            using (RegistryKey key = Registry.CurrentUser.CreateSubKey(scratch + @"\Records"))
                key.SetValue("rds_logon_mode", 1, RegistryValueKind.DWord);
            HostRecordException e = Assert.Throws<HostRecordException>(delegate { Store().Get("rds_logon_mode"); });
            StringAssert.Contains("not a string", e.Message);
            Assert.Throws<HostRecordException>(delegate { Store().SetIfAbsent("rds_logon_mode", "enabled"); },
                "a foreign value is neither overwritten nor taken as absent");
        }

        [Test]
        public void ProductionStoreIsHklmSoftwareIn64BitView()
        {
            Assert.AreEqual(@"SOFTWARE\sessionctl.windows\Records", HostRecords.KeyPath);
            StringAssert.Contains(@"HKLM\SOFTWARE\sessionctl.windows\Records", new RegistryHostRecordStore().Location);
            StringAssert.Contains("64-bit", new RegistryHostRecordStore().Location);
            // the view it opens: checked in the source, as Mono has a single view
            string root = IscsiInitiatorTests.RepoRoot();
            Assert.IsNotNull(root, "repository root not found: set SESSIONCTL_ROOT (tools/cs_test.sh does)");
            string src = File.ReadAllText(Path.Combine(root, "plugins/module_utils/_HostRecord.cs"));
            StringAssert.Contains("RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64)", src);
        }

        [Test]
        public void DeniedOpenIsDecodedWithCauseAndFix()
        {
            RegistryHostRecordStore s = new RegistryHostRecordStore(
                delegate { throw new UnauthorizedAccessException("Access to the registry key is denied."); }, "x", @"HKLM\X");
            HostRecordException e = Assert.Throws<HostRecordException>(delegate { s.SetIfAbsent("rds_logon_mode", "enabled"); });
            Assert.AreEqual(5, e.Error.Code);
            Assert.AreEqual("ERROR_ACCESS_DENIED", e.Error.Name);
            StringAssert.Contains("could not read the host record 'rds_logon_mode' in HKLM\\X: ERROR_ACCESS_DENIED (0x00000005)", e.Message);
            StringAssert.Contains("Administrators", e.Message);
        }

        [Test]
        public void SecurityExceptionIsAccessDenied()
        {
            RegistryHostRecordStore s = new RegistryHostRecordStore(
                delegate { throw new SecurityException("Requested registry access is not allowed."); }, "x", @"HKLM\X");
            HostRecordException e = Assert.Throws<HostRecordException>(delegate { s.Clear("a"); });
            Assert.AreEqual("ERROR_ACCESS_DENIED", e.Error.Name);
            Assert.AreEqual("clear", e.Operation);
        }

        [Test]
        public void Win32IoErrorIsDecodedFromItsHResult()
        {
            // ERROR_KEY_DELETED (1018), as an IOException with HRESULT_FROM_WIN32 (what .NET's registry code throws)
            IOException io = new IOException("Illegal operation attempted on a registry key that has been marked for deletion.",
                unchecked((int)0x800703FA));
            RegistryHostRecordStore s = new RegistryHostRecordStore(delegate { throw io; }, "x", @"HKLM\X");
            HostRecordException e = Assert.Throws<HostRecordException>(delegate { s.Get("a"); });
            Assert.AreEqual(1018, e.Error.Win32Code);
            StringAssert.Contains("0x800703FA", e.Message);
            StringAssert.DoesNotContain("Administrators", e.Message);
        }

        [Test]
        public void OtherExceptionsAreNotSwallowed()
        {
            RegistryHostRecordStore s = new RegistryHostRecordStore(
                delegate { throw new InvalidOperationException("bug"); }, "x", @"HKLM\X");
            Assert.Throws<InvalidOperationException>(delegate { s.Get("a"); });
        }
    }

    [TestFixture]
    public class FakeHostRecordStoreTests : HostRecordContract
    {
        protected override IHostRecordStore Store()
        {
            return new FakeHostRecordStore();
        }

        [Test]
        public void DeniedWriteIsTheRegistryStoresError()
        {
            FakeHostRecordStore s = new FakeHostRecordStore();
            s.Deny.Add("write");
            HostRecordException e = Assert.Throws<HostRecordException>(delegate { s.SetIfAbsent("rds_logon_mode", "enabled"); });
            Assert.AreEqual("ERROR_ACCESS_DENIED", e.Error.Name);
            StringAssert.Contains("could not write the host record 'rds_logon_mode'", e.Message);
            Assert.IsNull(s.Get("rds_logon_mode"));
        }
    }
}
