// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogSrb;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogVds;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogIscsi;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class ErrorCatalogTests
    {
        [SetUp]
        public void NoSystemText()
        {
            ErrorCatalog.SystemMessage = null;
        }

        [Test]
        public void EveryFamilyRegistersItsTable()
        {
            // Code that meets a family calls its Register() (a compile-time dependency: each module's shipped set is
            // compiled alone by the test command); this assembly registers every family once (FamilyTables).
            IscsiErrors.Register();
            VdsErrors.Register();
            CimErrors.Register();
            SrbErrors.Register();
            CollectionAssert.AreEquivalent(new string[] { "_ErrorCatalogIscsi", "_ErrorCatalogVds",
                "_ErrorCatalogCim", "_ErrorCatalogSrb" }, ErrorCatalog.Loaded);
            Assert.AreEqual("ISDSC_INVALID_HOST", ErrorCatalog.Decode(0xEFFF0068L).Name);
            Assert.AreEqual("BUSY", ErrorCatalog.Decode(4099, "cim").Name);
            Assert.AreEqual("SRB_STATUS_BUSY", ErrorCatalog.Decode(5, "srb").Name);
        }

        [Test]
        public void Win32CodeDecodes()
        {
            ErrorInfo e = ErrorCatalog.Decode(7022);
            Assert.AreEqual("ERROR_CTX_WINSTATION_NOT_FOUND", e.Name);
            Assert.AreEqual("0x00001B6E", e.Hex);
            Assert.AreEqual("win32", e.Kind);
            Assert.AreEqual("WIN32", e.Facility);
            Assert.AreEqual("error", e.Severity);
        }

        [Test]
        public void HResultFromWin32IsUnwrapped()
        {
            ErrorInfo e = ErrorCatalog.FromHResult(unchecked((int)0x80070005));
            Assert.AreEqual("ERROR_ACCESS_DENIED", e.Name);
            Assert.AreEqual(0x80070005L, e.Code);
            Assert.AreEqual("hresult", e.Kind);
            Assert.AreEqual(5, e.Win32Code);
            Assert.AreEqual(5, ((Hashtable)e.ToDictionary())["win32_code"]);
        }

        [Test]
        public void SignedAndUnsignedFormsAgree()
        {
            ErrorInfo signed = ErrorCatalog.Decode(-2147024891L);
            ErrorInfo unsigned = ErrorCatalog.Decode(0x80070005L);
            Assert.AreEqual(unsigned.Hex, signed.Hex);
            Assert.AreEqual(unsigned.Name, signed.Name);
        }

        [Test]
        public void VdsSuccessCodeIsSuccess()
        {
            ErrorInfo e = ErrorCatalog.Decode(0x00042801L);
            Assert.AreEqual("VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED", e.Name);
            Assert.IsTrue(e.IsSuccess);
            Assert.AreEqual("ITF", e.Facility);
        }

        [Test]
        public void IscsiWarningAndError()
        {
            Assert.AreEqual("warning", ErrorCatalog.Decode(0xAFFF002EL).Severity);
            ErrorInfo busy = ErrorCatalog.Decode(0xEFFF0040L);
            Assert.AreEqual("ISDSC_DEVICE_BUSY_ON_SESSION", busy.Name);
            Assert.AreEqual("error", busy.Severity);
            Assert.AreEqual("ISCSI", busy.Facility);
            Assert.AreEqual("UNKNOWN", ErrorCatalog.Decode(0xEFFF0FFFL).Name);
            Assert.AreEqual("iscsi", ErrorCatalog.Decode(0xEFFF0FFFL).Kind);
        }

        [Test]
        public void CimAndSrbNeedTheirFamily()
        {
            Assert.AreEqual("JOB_STARTED", ErrorCatalog.Decode(4096, "cim").Name);
            Assert.AreEqual("INVALID_STATE_TRANSITION", ErrorCatalog.Decode(4097, "cim").Name);
            Assert.AreEqual("NOT_SUPPORTED", ErrorCatalog.Decode(1, "cim").Name);
            Assert.AreEqual("ERROR_INVALID_FUNCTION", ErrorCatalog.Decode(1).Name);
            // 0x46 = SRB_STATUS_INVALID_REQUEST with the queue-frozen flag
            Assert.AreEqual("SRB_STATUS_INVALID_REQUEST", ErrorCatalog.Decode(0x46, "srb").Name);
        }

        [Test]
        public void SystemTextIsPreferredForWin32()
        {
            ErrorCatalog.SystemMessage = delegate(int code) { return code == 5 ? "System says no.\r\n" : null; };
            Assert.AreEqual("System says no.", ErrorCatalog.Decode(5).Message);
            Assert.AreEqual("System says no.", ErrorCatalog.Decode(0x80070005L).Message);
            Assert.AreEqual("The handle is invalid.", ErrorCatalog.Decode(6).Message);
        }

        [Test]
        public void BadInputIsRejected()
        {
            Assert.Throws<ArgumentOutOfRangeException>(delegate { ErrorCatalog.Decode(0x100000000L); });
            Assert.Throws<ArgumentOutOfRangeException>(delegate { ErrorCatalog.Decode(-0x80000001L); });
            Assert.Throws<ArgumentException>(delegate { ErrorCatalog.Decode(5, "nope"); });
        }
    }
}
