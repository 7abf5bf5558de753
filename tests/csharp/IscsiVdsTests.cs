// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiVds;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class IscsiVdsTests
    {
        private const string T1 = IscsiInitiatorTests.T1;
        private const string T2 = IscsiInitiatorTests.T2;
        private const string S1 = IscsiInitiatorTests.S1;
        private const string S2 = IscsiInitiatorTests.S2;
        private const string S3 = IscsiInitiatorTests.S3;

        private FakeIscsiInitiator api;
        private FakeVds vds;
        private FakeClock clock;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            api = new FakeIscsiInitiator();
            vds = new FakeVds(api);
            clock = new FakeClock();
            api.AddDisk(api.Add(S1, T1, "192.0.2.10"), 2);
            api.AddDisk(api.Add(S2, T1, "192.0.2.11"), 3);
            api.AddDisk(api.Add(S3, T2, "192.0.2.10"), 4);
            api.AddLogin(T1, "192.0.2.10");
            vds.AddTarget(T1);
            vds.AddTarget(T2);
        }

        private IscsiLogoutResult Run(string[] targets, string[] ids, bool check)
        {
            IscsiLogoutRequest r = IscsiInitiatorTests.Request(targets, ids);
            r.Backend = "vds";
            return Run(r, check);
        }

        private IscsiLogoutResult Run(IscsiLogoutRequest r, bool check)
        {
            return new IscsiLogoutEngine(api, new VdsLogoutBackend(api, vds), clock).Run(r, check);
        }

        private static string Action(IscsiLogoutResult r, string id)
        {
            return IscsiInitiatorTests.Action(r.Sessions, id);
        }

        private static Hashtable Entry(IscsiLogoutResult r, string id)
        {
            return IscsiInitiatorTests.Entry(r.Sessions, id);
        }

        // ---------------------------------------------------------------- COM declarations (notes §2a)

        private static void AssertVtable(Type t, string iid, params string[] methods)
        {
            Assert.IsTrue(t.IsInterface && t.IsImport, t.Name + " is a [ComImport] interface");
            Assert.AreEqual(new Guid(iid), t.GUID, t.Name + " IID");
            InterfaceTypeAttribute it = (InterfaceTypeAttribute)Attribute.GetCustomAttribute(t, typeof(InterfaceTypeAttribute));
            Assert.AreEqual(ComInterfaceType.InterfaceIsIUnknown, it.Value, t.Name);
            List<MethodInfo> declared = new List<MethodInfo>(t.GetMethods());
            declared.Sort(delegate(MethodInfo a, MethodInfo b) { return a.MetadataToken.CompareTo(b.MetadataToken); });
            List<string> names = new List<string>();
            foreach (MethodInfo m in declared)
                names.Add(m.Name);
            Assert.LessOrEqual(names.Count, methods.Length, t.Name + " declares more methods than documented");
            Assert.Greater(names.Count, 0);
            CollectionAssert.AreEqual(new List<string>(methods).GetRange(0, names.Count), names,
                t.Name + " methods must follow the documented vtable order");
            for (int i = 0; i < declared.Count; i++)
            {
                Assert.AreEqual(3 + i, Marshal.GetComSlotForMethodInfo(declared[i]), t.Name + "." + declared[i].Name + " slot");
                Assert.IsTrue((declared[i].GetMethodImplementationFlags() & MethodImplAttributes.PreserveSig) != 0,
                    t.Name + "." + declared[i].Name + " is [PreserveSig]");
                Assert.AreEqual(typeof(int), declared[i].ReturnType, t.Name + "." + declared[i].Name + " returns HRESULT");
            }
        }

        [Test]
        public void ComInterfacesHaveTheDocumentedIidsAndVtables()
        {
            AssertVtable(typeof(IVdsServiceLoader), "E0393303-90D4-4A97-AB71-E9B671EE2729", "LoadService");
            AssertVtable(typeof(IVdsService), "0818A8EF-9BA9-40D8-A6F9-E22833CC771E",
                "IsServiceReady", "WaitForServiceReady", "GetProperties", "QueryProviders", "QueryMaskedDisks",
                "QueryUnallocatedDisks", "GetObject", "QueryDriveLetters", "QueryFileSystemTypes", "Reenumerate",
                "Refresh", "CleanupObsoleteMountPoints", "Advise", "Unadvise", "Reboot", "SetFlags", "ClearFlags");
            AssertVtable(typeof(IVdsHwProvider), "D99BDAAE-B13A-4178-9FDB-E27F16B4603E",
                "QuerySubSystems", "Reenumerate", "Refresh");
            AssertVtable(typeof(IEnumVdsObject), "118610B7-8D94-4030-B5B8-500889788E4E", "Next", "Skip", "Reset", "Clone");
            AssertVtable(typeof(IVdsSubSystemIscsi), "0027346F-40D0-4B45-8CEC-5906DC0380C8",
                "QueryTargets", "QueryPortals", "CreateTarget", "SetIpsecGroupPresharedKey");
            AssertVtable(typeof(IVdsIscsiTarget), "AA8F5055-83E5-4BCC-AA73-19851A36A849",
                "GetProperties", "GetSubSystem", "QueryPortalGroups", "QueryAssociatedLuns", "CreatePortalGroup",
                "Delete", "SetFriendlyName", "SetSharedSecret", "RememberInitiatorSharedSecret", "GetConnectedInitiators");
            AssertVtable(typeof(IVdsServiceIscsi), "14FBE036-3ED7-4E10-90E9-A5FF991AFF01",
                "GetInitiatorName", "QueryInitiatorAdapters", "SetIpsecGroupPresharedKey", "SetAllIpsecTunnelAddresses",
                "SetAllIpsecSecurity", "SetInitiatorSharedSecret", "RememberTargetSharedSecret");
            AssertVtable(typeof(IVdsIscsiInitiatorAdapter), "B07FEDD4-1682-4440-9189-A39B55194DC5",
                "GetProperties", "QueryInitiatorPortals", "LoginToTarget", "LogoutFromTarget");
            AssertVtable(typeof(IVdsAsync), "D5D23B6D-5A55-4492-9889-397A3C2D2DBC", "Cancel", "Wait", "QueryStatus");
        }

        [Test]
        public void TheMethodsWeCallAreDeclared()
        {
            Assert.AreEqual(6, Marshal.GetComSlotForMethodInfo(typeof(IVdsIscsiInitiatorAdapter).GetMethod("LogoutFromTarget")));
            Assert.AreEqual(6, Marshal.GetComSlotForMethodInfo(typeof(IVdsService).GetMethod("QueryProviders")));
            Assert.AreEqual(4, Marshal.GetComSlotForMethodInfo(typeof(IVdsAsync).GetMethod("Wait")));
            ParameterInfo[] p = typeof(IVdsIscsiInitiatorAdapter).GetMethod("LogoutFromTarget").GetParameters();
            Assert.AreEqual(typeof(Guid), p[0].ParameterType, "VDS_OBJECT_ID is passed by value");
            Assert.AreEqual(new Guid("9C38ED61-D565-4728-AEEE-C80952F0ECDE"), VdsGuids.CLSID_VdsLoader);
            Assert.AreEqual(2u, VdsNativeHelpers.VDS_QUERY_HARDWARE_PROVIDERS);
        }

        [Test]
        public void VdsStructLayouts()
        {
            Assert.AreEqual(40, Marshal.SizeOf(typeof(VdsNativeHelpers.VDS_ISCSI_TARGET_PROP)));
            Assert.AreEqual(16, Marshal.OffsetOf(typeof(VdsNativeHelpers.VDS_ISCSI_TARGET_PROP), "pwszIscsiName").ToInt32());
            Assert.AreEqual(24, Marshal.OffsetOf(typeof(VdsNativeHelpers.VDS_ISCSI_TARGET_PROP), "pwszFriendlyName").ToInt32());
            Assert.AreEqual(32, Marshal.OffsetOf(typeof(VdsNativeHelpers.VDS_ISCSI_TARGET_PROP), "bChapEnabled").ToInt32());
            Assert.AreEqual(24, Marshal.SizeOf(typeof(VdsNativeHelpers.VDS_ISCSI_INITIATOR_ADAPTER_PROP)));
            Assert.AreEqual(16, Marshal.OffsetOf(typeof(VdsNativeHelpers.VDS_ISCSI_INITIATOR_ADAPTER_PROP), "pwszName").ToInt32());
            Assert.AreEqual(16, Marshal.SizeOf(typeof(VdsNativeHelpers.VDS_SERVICE_PROP)));
            Assert.AreEqual(8, Marshal.OffsetOf(typeof(VdsNativeHelpers.VDS_SERVICE_PROP), "ulFlags").ToInt32());
            Assert.AreEqual(32, Marshal.SizeOf(typeof(VdsNativeHelpers.VDS_ASYNC_OUTPUT)));
            Assert.AreEqual(8, Marshal.OffsetOf(typeof(VdsNativeHelpers.VDS_ASYNC_OUTPUT), "union0").ToInt32());
        }

        // ---------------------------------------------------------------- HRESULT mapping

        [Test]
        public void SuccessLogsOutEverySessionToTheTarget()
        {
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("logged_out", Action(res, S1));
            Assert.AreEqual("logged_out", Action(res, S2));
            Assert.IsFalse(res.Failed);
            Assert.AreEqual(1, api.Log.CountPrefix("vds logout " + T1));
            Assert.AreEqual(0, api.Log.CountPrefix("logout "), "no iscsidsc logout on the vds backend");
            Assert.IsTrue(api.Has(S3));
        }

        [Test]
        public void SessionNotFoundIsAlreadyGone()
        {
            api.VanishAfterListing.Add(S1);
            api.VanishAfterListing.Add(S2);
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("already_gone", Action(res, S1));
            Assert.AreEqual("already_gone", Action(res, S2));
            Assert.AreEqual("VDS_E_ISCSI_SESSION_NOT_FOUND", ((Hashtable)Entry(res, S1)["error"])["name"]);
            Assert.IsFalse(res.Changed);
            Assert.IsFalse(res.Failed);
        }

        [Test]
        public void SessionNotFoundWhileTheInitiatorStillListsItFails()
        {
            vds.Results.Enqueue(unchecked((int)0x8004270A));
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            StringAssert.Contains("backend: iscsidsc", (string)Entry(res, S1)["reason"]);
        }

        [Test]
        public void LogoutIncompleteNamesWhatDidAndDidNotLogOut()
        {
            vds.Results.Enqueue(unchecked((int)0x80042710));
            vds.Leave.Add(S2);
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("logged_out", Action(res, S1));
            Assert.AreEqual("failed", Action(res, S2));
            string reason = (string)Entry(res, S2)["reason"];
            StringAssert.Contains("logged out [" + S1 + "]", reason);
            StringAssert.Contains("still logged in [" + S2 + "]", reason);
            Assert.AreEqual("VDS_E_ISCSI_LOGOUT_INCOMPLETE", ((Hashtable)Entry(res, S2)["error"])["name"]);
            Assert.IsTrue(res.Failed);
            Assert.IsTrue(res.Changed);
            StringAssert.Contains("still logged in [" + S2 + "]", res.Summary());
        }

        [Test]
        public void LogoutFailedFails()
        {
            vds.Results.Enqueue(unchecked((int)0x80042709));
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            Assert.AreEqual("failed", Action(res, S2));
            Assert.AreEqual("VDS_E_ISCSI_LOGOUT_FAILED", ((Hashtable)Entry(res, S1)["error"])["name"]);
            StringAssert.Contains("VDS_E_ISCSI_LOGOUT_FAILED (0x80042709)", res.Summary());
            Assert.AreEqual(1, api.Log.CountPrefix("vds logout"), "not a transient code");
        }

        [Test]
        public void SuccessCodesAreSuccessesWithTheirMeaning()
        {
            vds.Results.Enqueue(0x00042801);
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("logged_out", Action(res, S1));
            string note = (string)Entry(res, S1)["note"];
            StringAssert.Contains("VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED (0x00042801)", note);
            StringAssert.Contains("may not have been removed", note);
            Assert.AreEqual(2, res.AllWarnings().Count);
            Assert.IsFalse(res.Failed);
        }

        [Test]
        public void TargetNoProviderExposesFailsAndSuggestsIscsidsc()
        {
            vds.Targets.Clear();
            vds.AddTarget(T2);
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            string reason = (string)Entry(res, S1)["reason"];
            StringAssert.Contains("no VDS hardware provider exposes target " + T1, reason);
            StringAssert.Contains("use backend: iscsidsc", reason);
            Assert.AreEqual(0, api.Log.CountPrefix("vds logout"));
            Assert.IsTrue(api.Has(S1));
        }

        [Test]
        public void VdsUnreachableFailsAndSuggestsIscsidsc()
        {
            vds.QueryFails = new ApiException("CoCreateInstance(CLSID_VdsLoader)", ErrorCatalog.FromHResult(unchecked((int)0x80040154)));
            IscsiLogoutResult res = Run(new string[] { T1, T2 }, null, false);
            Assert.AreEqual(3, res.Sessions.Count(OutcomeKind.Failed));
            StringAssert.Contains("use backend: iscsidsc", (string)Entry(res, S3)["reason"]);
            Assert.AreEqual("REGDB_E_CLASSNOTREG", ((Hashtable)Entry(res, S3)["error"])["name"]);
            Assert.AreEqual(1, api.Log.CountPrefix("vds targets"), "VDS is loaded once");
        }

        [Test]
        public void OperationPendingIsRetried()
        {
            vds.Results.Enqueue(unchecked((int)0x80042409));
            vds.Results.Enqueue(unchecked((int)0x80042409));
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("logged_out", Action(res, S1));
            Assert.AreEqual(3, api.Log.CountPrefix("vds logout"));
            Assert.AreEqual(2, clock.Sleeps.Count);
        }

        [Test]
        public void OperationPendingStopsAfterRetries()
        {
            for (int i = 0; i < 10; i++)
                vds.Results.Enqueue(unchecked((int)0x80042409));
            IscsiLogoutRequest r = IscsiInitiatorTests.Request(new string[] { T1 }, null);
            r.Backend = "vds";
            r.Retries = 1;
            IscsiLogoutResult res = Run(r, false);
            Assert.AreEqual("failed", Action(res, S1));
            Assert.AreEqual(2, api.Log.CountPrefix("vds logout"));
            Assert.AreEqual("VDS_E_OPERATION_PENDING", ((Hashtable)Entry(res, S1)["error"])["name"]);
        }

        [Test]
        public void NarrowedSelectionIsRefusedInCheckModeAndForReal()
        {
            IscsiLogoutResult check = Run(null, new string[] { S1 }, true);
            IscsiLogoutResult real = Run(null, new string[] { S1 }, false);
            Assert.AreEqual("failed", Action(check, S1));
            Assert.AreEqual("failed", Action(real, S1));
            StringAssert.Contains("logs out every session to " + T1 + " (2 sessions) but only 1 are selected",
                (string)Entry(real, S1)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("vds logout"));
            Assert.IsTrue(api.Has(S1) && api.Has(S2));
        }

        [Test]
        public void DeviceInUseWithOfflineDisksRetriesTheWholeTarget()
        {
            vds.Results.Enqueue(unchecked((int)0x80042413));
            IscsiLogoutRequest r = IscsiInitiatorTests.Request(new string[] { T1 }, null);
            r.Backend = "vds";
            r.Busy = "offline_disks";
            IscsiLogoutResult res = Run(r, false);
            Assert.AreEqual("logged_out", Action(res, S1));
            Assert.AreEqual("logged_out", Action(res, S2));
            Assert.Less(api.Log.IndexOf("offline 3"), api.Log.LastIndexOfPrefix("vds logout"), api.Log.ToString());
            Assert.AreEqual(2, api.Log.CountPrefix("vds logout"));
        }

        [Test]
        public void OfflineFailureOnOneSessionStopsTheWholeTargetRetryAndSaysSo()
        {
            vds.Results.Enqueue(unchecked((int)0x80042413));
            api.OfflineFails[3] = IscsiCodes.AccessDenied;
            IscsiLogoutRequest r = IscsiInitiatorTests.Request(new string[] { T1 }, null);
            r.Backend = "vds";
            r.Busy = "offline_disks";
            IscsiLogoutResult res = Run(r, false);
            Assert.AreEqual("failed", Action(res, S2));
            StringAssert.Contains("could not take disk 3 offline", (string)Entry(res, S2)["reason"]);
            Assert.AreEqual("failed", Action(res, S1));
            string reason = (string)Entry(res, S1)["reason"];
            StringAssert.Contains("disk 2", reason);
            StringAssert.Contains("taken offline", reason);
            StringAssert.Contains("not logged out again", reason);
            CollectionAssert.AreEqual(new int[] { 2 }, (ArrayList)Entry(res, S1)["offlined_disks"]);
            Assert.AreEqual(1, api.Log.CountPrefix("vds logout"));
        }

        [Test]
        public void DeviceInUseWithBusyFailFails()
        {
            vds.Results.Enqueue(unchecked((int)0x80042413));
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            StringAssert.Contains("busy: offline_disks", (string)Entry(res, S1)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("offline"));
        }

        [Test]
        public void LogoutFromTargetThatThrowsKeepsItsError()
        {
            vds.LogoutThrows = new ApiException("IVdsIscsiInitiatorAdapter::LogoutFromTarget",
                ErrorCatalog.FromHResult(unchecked((int)0x80070005)));
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            Assert.AreEqual("ERROR_ACCESS_DENIED", ((Hashtable)Entry(res, S1)["error"])["name"]);
            Assert.AreEqual("0x80070005", ((Hashtable)Entry(res, S1)["error"])["hex"]);
            Assert.AreEqual(1, api.Log.CountPrefix("vds logout"), "not a transient code");
        }

        [Test]
        public void AnyExceptionFromVdsFailsTheSessionsNotTheRun()
        {
            vds.QueryThrows = new UnauthorizedAccessException("Access is denied.");
            IscsiLogoutResult res = Run(new string[] { T1, T2 }, null, false);
            Assert.AreEqual(3, res.Sessions.Count(OutcomeKind.Failed));
            Assert.AreEqual("0x80070005", ((Hashtable)Entry(res, S3)["error"])["hex"]);
            StringAssert.Contains("UnauthorizedAccessException", (string)Entry(res, S3)["reason"]);
            StringAssert.Contains("use backend: iscsidsc", (string)Entry(res, S1)["reason"]);

            SetUp();
            vds.LogoutThrows = new InvalidCastException("QueryInterface failed");
            res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            Assert.IsNotNull(Entry(res, S1)["error"]);
        }

        [Test]
        public void SessionNotFoundButPersistentLoginRemovedIsAlreadyGone()
        {
            api.VanishAfterListing.Add(S1);
            api.VanishAfterListing.Add(S2);
            vds.Results.Enqueue(0x00042800);
            IscsiLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("already_gone", Action(res, S1));
            Assert.AreEqual("already_gone", Action(res, S2));
            StringAssert.Contains("VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED (0x00042800)",
                (string)Entry(res, S1)["note"]);
            Assert.IsFalse(res.Failed);
            Assert.IsFalse(res.Changed, "no session was logged out");
            Assert.AreEqual(2, res.AllWarnings().Count, "one per session, as for the other success codes");
        }

        [Test]
        public void CheckModePredictsThatNoProviderExposesTheTarget()
        {
            vds.Targets.Clear();
            vds.AddTarget(T2);
            IscsiLogoutRequest r = IscsiInitiatorTests.Request(new string[] { T1, T2 }, null);
            r.Backend = "vds";
            IscsiLogoutResult check = Run(r, true);
            Assert.AreEqual(0, api.Log.CountPrefix("vds logout"));
            Assert.AreEqual("failed", Action(check, S1));
            StringAssert.Contains("no VDS hardware provider exposes target " + T1, (string)Entry(check, S1)["reason"]);
            Assert.AreEqual("would_log_out", Action(check, S3));
            Assert.IsTrue(check.Failed);
            Assert.AreEqual(2, ((ArrayList)check.After["sessions"]).Count, "the diff keeps the sessions that would fail");

            SetUp();
            vds.Targets.Clear();
            vds.AddTarget(T2);
            IscsiLogoutResult real = Run(r, false);
            Assert.AreEqual("failed", Action(real, S1));
            Assert.AreEqual("logged_out", Action(real, S3));
            Assert.AreEqual(Entry(check, S1)["reason"], Entry(real, S1)["reason"]);
            Assert.AreEqual(1, api.Log.CountPrefix("vds logout"), "only T2 is logged out");
        }

        [Test]
        public void CheckModeMatchesARealRunOnVds()
        {
            IscsiLogoutRequest r = IscsiInitiatorTests.Request(new string[] { T1, T2 }, null);
            r.Backend = "vds";
            r.RemovePersistent = true;
            IscsiLogoutResult check = Run(r, true);
            Assert.AreEqual(0, api.Log.CountPrefix("vds logout"), "check mode logs nothing out");
            SetUp();
            IscsiLogoutResult real = Run(r, false);
            List<string> a = new List<string>();
            List<string> b = new List<string>();
            foreach (Hashtable h in check.SessionList())
                a.Add(h["session_id"] + "=" + h["action"]);
            foreach (Hashtable h in real.SessionList())
                b.Add(h["session_id"] + "=" + ((string)h["action"] == "logged_out" ? "would_log_out" : h["action"]));
            CollectionAssert.AreEqual(a, b);
            Assert.AreEqual("would_remove", ((Hashtable)check.PersistentLoginList()[0])["action"]);
            Assert.AreEqual("removed", ((Hashtable)real.PersistentLoginList()[0])["action"]);
        }
    }
}
