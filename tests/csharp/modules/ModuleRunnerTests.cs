// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Unit tests of the runner pieces the whole-module tests (*ModuleTests.cs, through ModuleHarness) cannot reach one by
// one: ModuleParams, ModuleRunner, and each module's FromParams (null stays null, "" passes through, choices in any
// case get their own spelling, unset options keep the request's defaults).
using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Reflection;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogoutModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctlModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoffModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonModeModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfo;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoff;

namespace SessionCtl.Tests
{
    /// <summary>Module params as Ansible.Basic hands them to a runner: a Hashtable from name/value pairs.</summary>
    public static class Params
    {
        public static Hashtable Of(params object[] kv)
        {
            Hashtable h = new Hashtable();
            for (int i = 0; i < kv.Length; i += 2)
                h[kv[i]] = kv[i + 1];
            return h;
        }
    }

    [TestFixture]
    public class ModuleParamsTests
    {
        [Test]
        public void UnsetStaysNullAndEmptyStringPassesThrough()
        {
            Hashtable p = Params.Of("a", null, "b", "");
            Assert.IsNull(ModuleParams.Str(p, "a"));
            Assert.IsNull(ModuleParams.Str(p, "missing"));
            Assert.AreEqual("", ModuleParams.Str(p, "b"));
            Assert.IsNull(ModuleParams.StrList(p, "a"));
            Assert.IsNull(ModuleParams.IntList(p, "missing"));
            Assert.IsNull(ModuleParams.Int(p, "a"));
            Assert.AreEqual(7, ModuleParams.Int(p, "a", 7));
            Assert.IsNull(ModuleParams.Str(null, "a"));
        }

        [Test]
        public void TypedValues()
        {
            Hashtable p = Params.Of("i", 5, "l", 6L, "s", "12", "f", 0.1f, "d", 2.5, "b", true, "bs", "no",
                "list", new List<object> { "x", "y" }, "ints", new object[] { 1, "2", 3L }, "one", "solo");
            Assert.AreEqual(5, ModuleParams.Int(p, "i"));
            Assert.AreEqual(6, ModuleParams.Int(p, "l"));
            Assert.AreEqual(12, ModuleParams.Int(p, "s"));
            Assert.AreEqual(0.1, ModuleParams.Double(p, "f").Value, 0.0);
            Assert.AreEqual(2.5, ModuleParams.Double(p, "d", 0));
            Assert.AreEqual(5.0, ModuleParams.Double(p, "i", 0));
            Assert.IsTrue(ModuleParams.Bool(p, "b").Value);
            Assert.IsFalse(ModuleParams.Bool(p, "bs", true));
            CollectionAssert.AreEqual(new string[] { "x", "y" }, ModuleParams.StrList(p, "list"));
            CollectionAssert.AreEqual(new int[] { 1, 2, 3 }, ModuleParams.IntList(p, "ints"));
            CollectionAssert.AreEqual(new string[] { "solo" }, ModuleParams.StrList(p, "one"));
        }

        [Test]
        public void WrongTypesNameTheOption()
        {
            Hashtable p = Params.Of("i", "ten", "big", 5000000000L, "b", "maybe", "d", "x", "s", new Hashtable(),
                "ints", new object[] { 1, null });
            StringAssert.StartsWith("i: 'ten' is not an integer",
                Assert.Throws<ArgumentException>(delegate { ModuleParams.Int(p, "i"); }).Message);
            StringAssert.StartsWith("big:", Assert.Throws<ArgumentException>(delegate { ModuleParams.Int(p, "big"); }).Message);
            StringAssert.StartsWith("b:", Assert.Throws<ArgumentException>(delegate { ModuleParams.Bool(p, "b"); }).Message);
            StringAssert.StartsWith("d:", Assert.Throws<ArgumentException>(delegate { ModuleParams.Double(p, "d"); }).Message);
            StringAssert.StartsWith("s:", Assert.Throws<ArgumentException>(delegate { ModuleParams.Str(p, "s"); }).Message);
            StringAssert.StartsWith("ints:", Assert.Throws<ArgumentException>(delegate { ModuleParams.IntList(p, "ints"); }).Message);
        }

        [Test]
        public void ChoicesInAnyCaseGetTheirOwnSpelling()
        {
            string[] choices = new string[] { "auto", "offline_disks" };
            Hashtable p = Params.Of("c", "Offline_Disks", "u", "AUTO", "n", "other", "e", "", "l", new object[] { "AUTO", "nope" });
            Assert.AreEqual("offline_disks", ModuleParams.Choice(p, "c", choices));
            Assert.AreEqual("auto", ModuleParams.Choice(p, "u", choices));
            Assert.AreEqual("other", ModuleParams.Choice(p, "n", choices));
            Assert.AreEqual("", ModuleParams.Choice(p, "e", choices));
            Assert.IsNull(ModuleParams.Choice(p, "missing", choices));
            CollectionAssert.AreEqual(new string[] { "auto", "nope" }, ModuleParams.ChoiceList(p, "l", choices));
        }
    }

    [TestFixture]
    public class SessionRunnerTests
    {
        private enum Colour { Red }

        [Test]
        public void ResultValuesAreJsonTypes()
        {
            Hashtable h = new Hashtable();
            h["u"] = 4294967295u;
            h["ul"] = UInt64.MaxValue;
            h["list"] = new ArrayList { 1, "a", null, new Hashtable { { "k", (short)2 } } };
            h["e"] = Colour.Red;
            h["d"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            object v = ModuleRunner.ToResultValue(h);
            Assert.IsInstanceOf<Dictionary<string, object>>(v);
            Dictionary<string, object> d = (Dictionary<string, object>)v;
            Assert.AreEqual(4294967295L, d["u"]);
            Assert.AreEqual("18446744073709551615", d["ul"]);
            Assert.AreEqual("Red", d["e"]);
            Assert.AreEqual("2026-01-02T03:04:05.0000000Z", d["d"]);
            List<object> l = (List<object>)d["list"];
            Assert.AreEqual(2, ((Dictionary<string, object>)l[3])["k"]);
            Assert.That(ReturnContract.PlainValues("result", v), Is.Empty);
        }

        [Test]
        public void FailureMessagesUnwrapAndDecode()
        {
            Exception wrapped = new TargetInvocationException(new Win32Exception(5));
            string msg = ModuleRunner.FailureMessage("Failed to do it", wrapped);
            StringAssert.StartsWith("Failed to do it: ", msg);
            StringAssert.Contains("ERROR_ACCESS_DENIED (0x00000005)", msg);
            Assert.AreEqual("bad option", ModuleRunner.FailureMessage("ctx", new ArgumentException("bad option")));
            ApiException api = ApiException.FromWin32("WTSLogoffSession", 1722);
            Assert.AreEqual("ctx: " + api.Message, ModuleRunner.FailureMessage("ctx", api));
            WtsServerException own = new WtsServerException("cannot list server x", null, null);
            Assert.AreEqual("cannot list server x", ModuleRunner.FailureMessage("ctx", own, typeof(WtsServerException)));
            StringAssert.Contains("E_FAIL", ModuleRunner.FailureMessage("ctx",
                new System.Runtime.InteropServices.COMException("boom", unchecked((int)0x80004005))));
        }
    }

    [TestFixture]
    public class FromParamsTests
    {
        private static Hashtable P(params object[] kv)
        {
            return Params.Of(kv);
        }

        [Test]
        public void LogoffFromParams()
        {
            RdsLogoffRequest r = RdsLogoffModule.FromParams(P(
                "session_id", new List<object> { 2, 3 }, "username", new object[] { "CONTOSO\\alice" },
                "session_state", new object[] { "Disconnected", "ACTIVE" }, "idle_longer_than", "15m", "all", false,
                "server", null, "wait", false, "timeout", 10));
            CollectionAssert.AreEqual(new int[] { 2, 3 }, r.SessionId);
            CollectionAssert.AreEqual(new string[] { "CONTOSO\\alice" }, r.Username);
            CollectionAssert.AreEqual(new string[] { "disconnected", "active" }, r.SessionState);
            Assert.AreEqual("15m", r.IdleLongerThan);
            Assert.IsNull(r.Server);
            Assert.IsFalse(r.Wait);
            Assert.AreEqual(10, r.Timeout);

            RdsLogoffRequest d = RdsLogoffModule.FromParams(new Hashtable());
            Assert.IsNull(d.SessionId);
            Assert.IsNull(d.Username);
            Assert.IsNull(d.SessionState);
            Assert.IsNull(d.IdleLongerThan);
            Assert.IsTrue(d.Wait);
            Assert.AreEqual(RdsLogoffRequest.DefaultTimeout, d.Timeout);
        }

        [Test]
        public void SessionInfoFromParams()
        {
            RdsSessionInfoRequest r = RdsSessionInfoModule.FromParams(P(
                "session_id", new object[] { 1 }, "session_state", new object[] { "Listen" }, "server", "rdsh01"));
            CollectionAssert.AreEqual(new int[] { 1 }, r.SessionId);
            CollectionAssert.AreEqual(new string[] { "listen" }, r.SessionState);
            Assert.IsNull(r.Username);
            Assert.AreEqual("rdsh01", r.Server);
            RdsSessionInfoRequest d = RdsSessionInfoModule.FromParams(P("server", null));
            Assert.IsNull(d.Server);
            Assert.IsNull(d.SessionState);
        }

        [Test]
        public void LogoutFromParams()
        {
            IscsiInitiatorLogoutRequest r = IscsiInitiatorLogoutModule.FromParams(P(
                "target", new object[] { IscsiInitiatorHost.T1 }, "session_id", null, "portal", "", "backend", "VDS",
                "remove_persistent", true, "busy", "Offline_Disks", "retries", 2, "retry_delay", 0.5f));
            CollectionAssert.AreEqual(new string[] { IscsiInitiatorHost.T1 }, r.Target);
            Assert.IsNull(r.SessionId);
            Assert.AreEqual("", r.Portal);
            Assert.AreEqual("vds", r.Backend);
            Assert.AreEqual("vds", r.EffectiveBackend);
            Assert.IsTrue(r.RemovePersistent);
            Assert.AreEqual("offline_disks", r.Busy);
            Assert.IsTrue(r.OfflineDisks);
            Assert.AreEqual(2, r.Retries);
            Assert.AreEqual(0.5, r.RetryDelay);

            IscsiInitiatorLogoutRequest d = IscsiInitiatorLogoutModule.FromParams(P("session_id", new object[] { IscsiInitiatorHost.S1 }));
            CollectionAssert.AreEqual(new string[] { IscsiInitiatorHost.S1 }, d.SessionId);
            Assert.IsNull(d.Target);
            Assert.IsNull(d.Portal);
            Assert.AreEqual("auto", d.Backend);
            Assert.AreEqual("fail", d.Busy);
            Assert.AreEqual(5, d.Retries);
            Assert.AreEqual(2.0, d.RetryDelay);
        }

        [Test]
        public void IscsiSessionInfoFromParams()
        {
            IscsiSessionInfoRequest r = IscsiSessionInfoModule.FromParams(P(
                "target", new List<object> { IscsiInitiatorHost.T1, IscsiInitiatorHost.T2 }, "session_id", null));
            CollectionAssert.AreEqual(new string[] { IscsiInitiatorHost.T1, IscsiInitiatorHost.T2 }, r.Target);
            Assert.IsNull(r.SessionId);
            Assert.IsNull(IscsiSessionInfoModule.FromParams(new Hashtable()).Target);
        }

        [Test]
        public void StopFromParams()
        {
            IscsiTargetSessionStopRequest r = IscsiTargetSessionStopModule.FromParams(P(
                "initiator", new object[] { IscsiTargetHost.Alice }, "tsih", new object[] { 1, 2 }, "method", "CIM",
                "requested_state", "Shut_Down", "timeout", 5));
            CollectionAssert.AreEqual(new string[] { IscsiTargetHost.Alice }, r.Initiator);
            Assert.IsNull(r.Target);
            CollectionAssert.AreEqual(new int[] { 1, 2 }, r.Tsih);
            Assert.AreEqual("cim", r.Method);
            Assert.AreEqual("shut_down", r.RequestedState);
            Assert.AreEqual(5, r.Timeout);

            IscsiTargetSessionStopRequest d = IscsiTargetSessionStopModule.FromParams(P("tsih", 1));
            CollectionAssert.AreEqual(new int[] { 1 }, d.Tsih);
            Assert.AreEqual("auto", d.Method);
            Assert.AreEqual("disabled", d.RequestedState);
            Assert.AreEqual(60, d.Timeout);
        }

        [Test]
        public void StopIoctlFromParams()
        {
            IscsiTargetSessionStopIoctlRequest r = IscsiTargetSessionStopIoctlModule.FromParams(P(
                "initiator", new object[] { IscsiTargetHost.Alice }, "tsih", new object[] { 1, 2 }, "timeout", 5,
                "device", null, "session_cookie", "", "signature", null, "allow_unsupported_os", true));
            CollectionAssert.AreEqual(new string[] { IscsiTargetHost.Alice }, r.Initiator);
            Assert.IsNull(r.Target);
            CollectionAssert.AreEqual(new int[] { 1, 2 }, r.Tsih);
            Assert.AreEqual("ioctl", r.EffectiveMethod);
            Assert.AreEqual(5, r.Timeout);
            Assert.IsNull(r.Device);
            Assert.AreEqual("", r.SessionCookie);
            Assert.IsNull(r.Signature);
            Assert.IsTrue(r.AllowUnsupportedOs);

            IscsiTargetSessionStopIoctlRequest d = IscsiTargetSessionStopIoctlModule.FromParams(P("tsih", 1));
            CollectionAssert.AreEqual(new int[] { 1 }, d.Tsih);
            Assert.AreEqual(60, d.Timeout);
            Assert.IsFalse(d.AllowUnsupportedOs);
        }

        [Test]
        public void TargetSessionInfoFromParams()
        {
            IscsiTargetSessionInfoRequest r = IscsiTargetSessionInfoModule.FromParams(P(
                "target", new object[] { "disk1" }, "tsih", new List<object> { 3 }, "initiator", null));
            CollectionAssert.AreEqual(new string[] { "disk1" }, r.Target);
            CollectionAssert.AreEqual(new int[] { 3 }, r.Tsih);
            Assert.IsNull(r.Initiator);
        }

        [Test]
        public void KeepEndedFromParams()
        {
            IscsiTargetKeepEndedRequest o = IscsiTargetSessionStopModule.KeepEndedFromParams(P(
                "revoke_access", true, "disable_target", false, "settle_time", 30));
            Assert.IsTrue(o.RevokeAccess);
            Assert.IsFalse(o.DisableTarget);
            Assert.AreEqual(30, o.SettleTime);
            IscsiTargetKeepEndedRequest d = IscsiTargetSessionStopModule.KeepEndedFromParams(P("settle_time", null));
            Assert.IsFalse(d.RevokeAccess || d.DisableTarget);
            Assert.AreEqual(0, d.SettleTime);
        }

        [Test]
        public void LogonModeFromParams()
        {
            Assert.AreEqual("drain_until_restart", RdsLogonModeModule.FromParams(P("mode", "drain_until_restart")).Mode);
            Assert.AreEqual("drain", RdsLogonModeModule.FromParams(P("mode", "DRAIN")).Mode, "a choice in another case");
            Assert.IsNull(RdsLogonModeModule.FromParams(P("mode", null)).Mode);
            Assert.AreEqual("off", RdsLogonModeModule.FromParams(P("mode", "off")).Mode, "not a choice: left for Validate");
        }
    }
}
