// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class RdsLogonModeEngineTests
    {
        private FakeTerminalServiceSetting api;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            api = new FakeTerminalServiceSetting();
        }

        private RdsLogonModeResult Set(string mode, bool check)
        {
            RdsLogonModeRequest r = new RdsLogonModeRequest();
            r.Mode = mode;
            return new RdsLogonModeEngine(api).Set(r, check);
        }

        [TestCase("0", 0, "enabled")]
        [TestCase("0", 1, "drain_until_restart")]
        [TestCase("0", 2, "drain")]
        [TestCase("1", 0, "disabled")]
        [TestCase("1", 2, "disabled")]
        [TestCase(" 1 ", 1, "disabled")]
        [TestCase("0", 7, "unknown")]
        [TestCase("2", 0, "unknown")]
        [TestCase(null, 0, "unknown")]
        public void ModeFromTheDocumentedValues(string logons, long drain, string mode)
        {
            RdsLogonModeSetting s = new RdsLogonModeSetting();
            s.Logons = logons;
            s.DrainMode = drain;
            Assert.AreEqual(mode, RdsLogonModes.FromSetting(s));
        }

        [Test]
        public void DrainFromEnabledWritesOnlyTheDrainMode()
        {
            RdsLogonModeResult r = Set("drain", false);
            Assert.IsTrue(r.Changed);
            Assert.IsFalse(r.Failed);
            Assert.AreEqual("enabled", r.PreviousMode);
            Assert.AreEqual("drain", r.Mode);
            Assert.AreEqual(2, api.DrainMode);
            Assert.AreEqual("0", api.Logons);
            CollectionAssert.AreEqual(new[] { "read", "put SessionBrokerDrainMode=2", "read" }, api.Log.Events);
            Assert.AreEqual(1, r.Steps.Count);
            Assert.AreEqual("done", r.Steps[0].Status);
        }

        [Test]
        public void SecondRunChangesNothing()
        {
            Set("drain", false);
            api.Log.Events.Clear();
            RdsLogonModeResult r = Set("drain", false);
            Assert.IsFalse(r.Changed);
            Assert.AreEqual("drain", r.PreviousMode);
            Assert.AreEqual("drain", r.Mode);
            CollectionAssert.AreEqual(new[] { "read" }, api.Log.Events);
            StringAssert.Contains("already drain", r.Message);
        }

        [Test]
        public void CheckModePlansAndWritesNothing()
        {
            RdsLogonModeResult r = Set("disabled", true);
            Assert.IsTrue(r.Changed);
            Assert.AreEqual("enabled", r.PreviousMode);
            Assert.AreEqual("disabled", r.Mode);
            Assert.AreEqual("planned", r.Steps[0].Status);
            Assert.AreEqual("0", api.Logons);
            CollectionAssert.AreEqual(new[] { "read" }, api.Log.Events);
        }

        [Test]
        public void DisabledKeepsTheDrainModeAsItIs()
        {
            api.DrainMode = 2;
            RdsLogonModeResult r = Set("disabled", false);
            Assert.AreEqual("drain", r.PreviousMode);
            Assert.AreEqual("1", api.Logons);
            Assert.AreEqual(2, api.DrainMode);
            CollectionAssert.AreEqual(new[] { "read", "put Logons=1", "read" }, api.Log.Events);
        }

        [Test]
        public void FromDisabledToDrainTheDrainModeIsSetBeforeLogonsOpen()
        {
            api.Logons = "1";
            api.DrainMode = 0;
            RdsLogonModeResult r = Set("drain", false);
            Assert.AreEqual("disabled", r.PreviousMode);
            Assert.AreEqual("drain", r.Mode);
            CollectionAssert.AreEqual(new[] { "read", "put SessionBrokerDrainMode=2", "put Logons=0", "read" }, api.Log.Events);
        }

        [Test]
        public void FromDrainToDisabledLogonsCloseFirst()
        {
            // disabled keeps the drain mode, so only Logons is written; from drain_until_restart to disabled the same.
            api.DrainMode = 1;
            Set("disabled", false);
            CollectionAssert.AreEqual(new[] { "read", "put Logons=1", "read" }, api.Log.Events);
        }

        [Test]
        public void RestoreThePreviousModeAfterADrain()
        {
            api.DrainMode = 1;
            RdsLogonModeResult drained = Set("drain", false);
            Assert.AreEqual("drain_until_restart", drained.PreviousMode);
            RdsLogonModeResult restored = Set(drained.PreviousMode, false);
            Assert.IsTrue(restored.Changed);
            Assert.AreEqual("drain_until_restart", restored.Mode);
            Assert.AreEqual(1, api.DrainMode);
        }

        [Test]
        public void DrainUntilRestartEndsAtRestartAsDocumented()
        {
            Set("drain_until_restart", false);
            api.Restart();
            RdsLogonModeResult r = Set("enabled", false);
            Assert.IsFalse(r.Changed, "after a restart the host allows all connections again");
        }

        [Test]
        public void AFailedPutIsReportedWithTheDecodedErrorAndTheStateReadBack()
        {
            api.Logons = "1";
            api.DrainMode = 2;
            api.FailPutOf = "Logons";
            RdsLogonModeResult r = Set("enabled", false);
            Assert.IsTrue(r.Failed);
            Assert.IsTrue(r.Changed, "the drain mode was written before Logons failed");
            Assert.AreEqual("WBEM_E_ACCESS_DENIED", r.Error.Name);
            StringAssert.Contains("Logons = '0' failed", r.Message);
            StringAssert.Contains("The host now reports disabled", r.Message);
            Assert.AreEqual("failed", r.Steps[r.Steps.Count - 1].Status);
        }

        [Test]
        public void APutTheProviderIgnoresFailsOnTheReadBack()
        {
            api.IgnorePuts = true;
            RdsLogonModeResult r = Set("drain", false);
            Assert.IsTrue(r.Failed);
            StringAssert.Contains("now reports enabled", r.Message);
            StringAssert.Contains("not drain", r.Message);
        }

        [Test]
        public void MissingNamespaceSaysWhatIsMissing()
        {
            api.ReadHResult = 0x8004100EL;
            RdsLogonModeException e = Assert.Throws<RdsLogonModeException>(delegate { Set("drain", false); });
            StringAssert.Contains("root\\CIMv2\\TerminalServices", e.Message);
            StringAssert.Contains("WBEM_E_INVALID_NAMESPACE", e.Message);
        }

        [Test]
        public void AFailedReadBackIsAFailure()
        {
            api.ReadHResult = 0x80041003L;
            api.ReadFailsFrom = 2;
            RdsLogonModeResult r = Set("drain", false);
            Assert.IsTrue(r.Failed);
            Assert.IsTrue(r.Changed);
            StringAssert.Contains("could not be read back", r.Message);
        }

        [Test]
        public void AnUnknownValueIsReplacedWithAWarning()
        {
            api.DrainMode = 9;
            RdsLogonModeResult r = Set("enabled", false);
            Assert.AreEqual("unknown", r.PreviousMode);
            Assert.AreEqual("enabled", r.Mode);
            Assert.AreEqual(1, r.Warnings.Count);
        }

        [TestCase(null)]
        [TestCase("")]
        [TestCase("drained")]
        public void BadModeFailsBeforeAnyWindowsCall(string mode)
        {
            Assert.Throws<ArgumentException>(delegate { Set(mode, false); });
            Assert.AreEqual(0, api.Log.Events.Count);
        }
    }
}
