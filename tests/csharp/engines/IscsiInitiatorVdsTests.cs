// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorVds;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class IscsiInitiatorVdsTests
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

        /// <summary>A vds request; remove_persistent is true, as backend vds requires (issue 11, item 5).</summary>
        private static IscsiInitiatorLogoutRequest VdsRequest(string[] targets, string[] ids)
        {
            IscsiInitiatorLogoutRequest r = IscsiInitiatorTests.Request(targets, ids);
            r.Backend = "vds";
            r.RemovePersistent = true;
            return r;
        }

        private IscsiInitiatorLogoutResult Run(string[] targets, string[] ids, bool check)
        {
            return Run(VdsRequest(targets, ids), check);
        }

        private IscsiInitiatorLogoutResult Run(IscsiInitiatorLogoutRequest r, bool check)
        {
            return new IscsiInitiatorLogoutEngine(api, new VdsLogoutBackend(api, vds), clock).Run(r, check);
        }

        private static string Action(IscsiInitiatorLogoutResult r, string id)
        {
            return IscsiInitiatorTests.Action(r.Sessions, id);
        }

        private static Hashtable Entry(IscsiInitiatorLogoutResult r, string id)
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
        }

        // ---------------------------------------------------------------- HRESULT mapping

        [Test]
        public void SuccessLogsOutEverySessionToTheTarget()
        {
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
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
            api.Logins.Clear();  // no persistent login either: VDS answers VDS_E_ISCSI_SESSION_NOT_FOUND
            api.VanishAfterListing.Add(S1);
            api.VanishAfterListing.Add(S2);
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
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
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            StringAssert.Contains("backend: iscsidsc", (string)Entry(res, S1)["reason"]);
        }

        [Test]
        public void SessionNotFoundWhileStillListedSaysSoOnce()
        {
            vds.Results.Enqueue(unchecked((int)0x8004270A));
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("VDS found no session to the target; it is still listed; use backend: iscsidsc",
                (string)Entry(res, S1)["reason"]);
        }

        [Test]
        public void LogoutIncompleteNamesWhatDidAndDidNotLogOut()
        {
            vds.Results.Enqueue(unchecked((int)0x80042710));
            vds.Leave.Add(S2);
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
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
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
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
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
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
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
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
            IscsiInitiatorLogoutResult res = Run(new string[] { T1, T2 }, null, false);
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
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("logged_out", Action(res, S1));
            Assert.AreEqual(3, api.Log.CountPrefix("vds logout"));
            Assert.AreEqual(2, clock.Sleeps.Count);
        }

        [Test]
        public void OperationPendingStopsAfterRetries()
        {
            for (int i = 0; i < 10; i++)
                vds.Results.Enqueue(unchecked((int)0x80042409));
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Retries = 1;
            IscsiInitiatorLogoutResult res = Run(r, false);
            Assert.AreEqual("failed", Action(res, S1));
            Assert.AreEqual(2, api.Log.CountPrefix("vds logout"));
            Assert.AreEqual("VDS_E_OPERATION_PENDING", ((Hashtable)Entry(res, S1)["error"])["name"]);
        }

        [Test]
        public void NarrowedSelectionIsRefusedInCheckModeAndForReal()
        {
            IscsiInitiatorLogoutResult check = Run(null, new string[] { S1 }, true);
            IscsiInitiatorLogoutResult real = Run(null, new string[] { S1 }, false);
            Assert.AreEqual("failed", Action(check, S1));
            Assert.AreEqual("failed", Action(real, S1));
            StringAssert.Contains("logs out every session to " + T1 + " (2) but only 1 are selected",
                (string)Entry(real, S1)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("vds logout"));
            Assert.IsTrue(api.Has(S1) && api.Has(S2));
        }

        [Test]
        public void DeviceInUseWithOfflineDisksRetriesTheWholeTarget()
        {
            vds.Results.Enqueue(unchecked((int)0x80042413));
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Run(r, false);
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
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Run(r, false);
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
        public void VdsBusyIsDecidedByTheDisksStillOnTheSession()
        {
            // A disk in use on S1: VDS answers VDS_E_ISCSI_LOGOUT_FAILED, which does not say why; the disk still on
            // the session does, so busy: fail names it with the hint, and busy: offline_disks takes it offline.
            api.InUse.Add(S1);
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            string reason = (string)Entry(res, S1)["reason"];
            StringAssert.Contains("busy: offline_disks", reason);
            StringAssert.Contains("disk 2", reason);
            Assert.AreEqual("VDS_E_ISCSI_LOGOUT_FAILED", ((Hashtable)Entry(res, S1)["error"])["name"]);
            Assert.AreEqual(0, api.Log.CountPrefix("offline"));

            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Busy = "offline_disks";
            res = Run(r, false);
            Assert.AreEqual("logged_out", Action(res, S1));
            Assert.AreEqual("logged_out", Action(res, S2));
            Assert.Less(api.Log.IndexOf("offline 2"), api.Log.LastIndexOfPrefix("vds logout"), api.Log.ToString());
        }

        [Test]
        public void VdsFailureOfAnotherKindIsNotBusy()
        {
            vds.Results.Enqueue(unchecked((int)0x80042442));
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Run(r, false);
            Assert.AreEqual("failed", Action(res, S1));
            Assert.AreEqual(0, api.Log.CountPrefix("offline"));
        }

        [Test]
        public void DeviceInUseWithBusyFailFails()
        {
            vds.Results.Enqueue(unchecked((int)0x80042413));
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            StringAssert.Contains("busy: offline_disks", (string)Entry(res, S1)["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("offline"));
        }

        [Test]
        public void LogoutFromTargetThatThrowsKeepsItsError()
        {
            vds.LogoutThrows = new ApiException("IVdsIscsiInitiatorAdapter::LogoutFromTarget",
                ErrorCatalog.FromHResult(unchecked((int)0x80070005)));
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            Assert.AreEqual("ERROR_ACCESS_DENIED", ((Hashtable)Entry(res, S1)["error"])["name"]);
            Assert.AreEqual("0x80070005", ((Hashtable)Entry(res, S1)["error"])["hex"]);
            Assert.AreEqual(1, api.Log.CountPrefix("vds logout"), "not a transient code");
        }

        [Test]
        public void AnyExceptionFromVdsFailsTheSessionsNotTheRun()
        {
            vds.QueryThrows = new UnauthorizedAccessException("Access is denied.");
            IscsiInitiatorLogoutResult res = Run(new string[] { T1, T2 }, null, false);
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
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("already_gone", Action(res, S1));
            Assert.AreEqual("already_gone", Action(res, S2));
            StringAssert.Contains("VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED (0x00042800)",
                (string)Entry(res, S1)["note"]);
            Assert.IsFalse(res.Failed);
            Assert.AreEqual(0, res.Sessions.Count(OutcomeKind.Ended), "no session was logged out");
            Assert.AreEqual("removed", ((Hashtable)res.PersistentLoginList()[0])["action"],
                "the persistent login VDS removed is reported, and is the change");
            Assert.IsTrue(res.Changed);
            Assert.AreEqual(0, api.Logins.Count);
            Assert.AreEqual(2, res.AllWarnings().Count, "one per session, as for the other success codes");
        }

        [Test]
        public void NoProviderForTheTargetFailsForRealWhatCheckModeCannotTell()
        {
            // Check mode does not load VDS (issue 11, item 6): it cannot know that no provider exposes T1, says so in
            // a warning, and plans the logout; the real run fails T1's sessions and logs out of T2.
            vds.Targets.Clear();
            vds.AddTarget(T2);
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1, T2 }, null);
            IscsiInitiatorLogoutResult check = Run(r, true);
            Assert.AreEqual(0, api.Log.CountPrefix("vds"));
            Assert.AreEqual("would_log_out", Action(check, S1));
            Assert.AreEqual("would_log_out", Action(check, S3));
            Assert.IsFalse(check.Failed);
            StringAssert.Contains("cannot tell whether a VDS hardware provider exposes the target",
                String.Join(" | ", check.AllWarnings().ToArray()));

            SetUp();
            vds.Targets.Clear();
            vds.AddTarget(T2);
            IscsiInitiatorLogoutResult real = Run(r, false);
            Assert.AreEqual("failed", Action(real, S1));
            StringAssert.Contains("no VDS hardware provider exposes target " + T1, (string)Entry(real, S1)["reason"]);
            Assert.AreEqual("logged_out", Action(real, S3));
            Assert.AreEqual(1, api.Log.CountPrefix("vds logout"), "only T2 is logged out");
            Assert.IsTrue(api.Has(S1) && api.Has(S2));
        }

        [Test]
        public void CheckModeMatchesARealRunOnVds()
        {
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1, T2 }, null);
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult check = Run(r, true);
            Assert.AreEqual(0, api.Log.CountPrefix("vds logout"), "check mode logs nothing out");
            SetUp();
            IscsiInitiatorLogoutResult real = Run(r, false);
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
            // ---------------------------------------------------------------- persistent logins (issue 11, item 5)

        [Test]
        public void VdsWithoutRemovePersistentIsRefusedBeforeAnyCall()
        {
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.RemovePersistent = false;
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { Run(r, false); });
            StringAssert.Contains("backend: vds", e.Message);
            StringAssert.Contains("remove_persistent", e.Message);
            StringAssert.Contains("remove_persistent: true", e.Message);
            Assert.Throws<ArgumentException>(delegate { Run(r, true); });
            Assert.Throws<ArgumentException>(delegate { r.Validate(); });
            Assert.AreEqual(0, api.Log.Events.Count, api.Log.ToString());
            Assert.AreEqual(1, api.Logins.Count);
        }

        [Test]
        public void VdsReportsThePersistentLoginsItsLogoutRemoved()
        {
            api.AddLogin(T1, "192.0.2.11");
            api.AddLogin(T2, "192.0.2.10");
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("logged_out", Action(res, S1));
            ArrayList logins = res.PersistentLoginList();
            Assert.AreEqual(2, logins.Count);
            foreach (Hashtable h in logins)
            {
                Assert.AreEqual(T1, h["target_name"]);
                Assert.AreEqual("removed", h["action"], "VDS removed it with the logout: " + h["reason"]);
            }
            Assert.AreEqual(1, api.Logins.Count);
            Assert.AreEqual(T2, api.Logins[0].TargetName);
            Assert.AreEqual(0, api.Log.CountPrefix("remove " + T1), "VDS removed them; nothing left to remove");
            Assert.IsFalse(res.Failed);
            StringAssert.Contains("2 persistent logins selected: 2 removed", res.Summary());
        }

        [Test]
        public void CheckModePredictsThePersistentLoginsVdsRemoves()
        {
            // Every session to T1 goes through portal .10, so VDS may log out of T1; its logout also removes the
            // login through .11, which the portal option alone would have kept.
            api.Sessions.RemoveAt(1);
            api.AddLogin(T1, "192.0.2.11");
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Portal = "192.0.2.10";
            IscsiInitiatorLogoutResult check = Run(r, true);
            List<string> predicted = new List<string>();
            foreach (Hashtable h in check.PersistentLoginList())
                predicted.Add(h["portal_address"] + "=" + h["action"]);
            predicted.Sort();
            CollectionAssert.AreEqual(new string[] { "192.0.2.10=would_remove", "192.0.2.11=would_remove" }, predicted);
            Assert.AreEqual(0, ((ArrayList)check.After["persistent_logins"]).Count);

            SetUp();
            api.Sessions.RemoveAt(1);
            api.AddLogin(T1, "192.0.2.11");
            IscsiInitiatorLogoutResult real = Run(r, false);
            List<string> done = new List<string>();
            foreach (Hashtable h in real.PersistentLoginList())
                done.Add(h["portal_address"] + "=" + h["action"]);
            done.Sort();
            CollectionAssert.AreEqual(new string[] { "192.0.2.10=removed", "192.0.2.11=removed" }, done);
            Assert.AreEqual(0, api.Logins.Count);
        }

        [Test]
        public void LoginsVdsMayHaveLeftAreRemovedThroughIscsidsc()
        {
            vds.Results.Enqueue(0x00042801);
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("removed", ((Hashtable)res.PersistentLoginList()[0])["action"]);
            Assert.AreEqual(1, api.Log.CountPrefix("remove " + T1));
            Assert.AreEqual(0, api.Logins.Count);
        }

        [Test]
        public void ALoginOfATargetVdsDidNotTouchThatVanishedIsAlreadyGone()
        {
            const string T3 = "iqn.1991-05.com.microsoft:storage-target3-target";
            api.AddLogin(T3, "192.0.2.12");
            api.VanishLoginsAfterListing.Add(T3);  // someone else removes it; T3 has no session, VDS never sees it
            IscsiInitiatorLogoutResult res = Run(new string[] { T1, T3 }, null, false);
            Dictionary<string, string> actions = new Dictionary<string, string>();
            foreach (Hashtable h in res.PersistentLoginList())
                actions[(string)h["target_name"]] = (string)h["action"];
            Assert.AreEqual("removed", actions[T1]);
            Assert.AreEqual("already_gone", actions[T3]);
            Assert.IsFalse(res.Failed);
        }

        [Test]
        public void EveryPersistentLoginEntryHasEveryKeyReturnedAlways()
        {
            // RETURN in iscsi_initiator_logout.py: these keys are "returned: always" in every entry.
            string[] always = new string[] { "target_name", "initiator_instance", "initiator_port_number",
                "portal_address", "portal_port", "action" };
            api.ListLoginsFails = IscsiCodes.ServiceNotRunning;
            IscsiInitiatorLogoutResult failed = new IscsiInitiatorLogoutEngine(api, new IscsidscLogoutBackend(api), clock).Run(
                VdsRequestFor("iscsidsc"), false);
            SetUp();
            IscsiInitiatorLogoutResult removed = Run(new string[] { T1 }, null, false);
            SetUp();
            IscsiInitiatorLogoutResult check = Run(new string[] { T1 }, null, true);
            foreach (IscsiInitiatorLogoutResult res in new IscsiInitiatorLogoutResult[] { failed, removed, check })
            {
                Assert.Greater(res.PersistentLoginList().Count, 0);
                foreach (Hashtable h in res.PersistentLoginList())
                {
                    foreach (string k in always)
                        Assert.IsTrue(h.ContainsKey(k), k + " missing in " + IscsiInitiatorTestsFlatten(h));
                }
            }
        }

        private static IscsiInitiatorLogoutRequest VdsRequestFor(string backend)
        {
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Backend = backend;
            return r;
        }

        private static string IscsiInitiatorTestsFlatten(Hashtable h)
        {
            List<string> parts = new List<string>();
            foreach (DictionaryEntry kv in h)
                parts.Add(kv.Key + "=" + kv.Value);
            parts.Sort();
            return String.Join(", ", parts.ToArray());
        }

        // ---------------------------------------------------------------- VDS errors and check mode (issue 11, item 6)

        [Test]
        public void CheckModeDoesNotLoadVds()
        {
            IscsiInitiatorLogoutResult check = Run(new string[] { T1, T2 }, null, true);
            Assert.AreEqual(0, api.Log.CountPrefix("vds"), api.Log.ToString());
            Assert.AreEqual("would_log_out", Action(check, S1));
            Assert.AreEqual("would_log_out", Action(check, S3));
            int warned = 0;
            foreach (string w in check.AllWarnings())
            {
                if (w.Contains("check mode") && w.Contains("Virtual Disk Service"))
                    warned++;
            }
            Assert.AreEqual(1, warned, "check mode says once what it could not predict: " +
                String.Join(" | ", check.AllWarnings().ToArray()));
        }

        [Test]
        public void ATargetMissingWhileAProviderFailedNamesTheFailure()
        {
            vds.Targets.Clear();
            vds.AddTarget(T2);
            vds.TargetFailures.Add(ApiException.FromHResult("IVdsHwProvider::QuerySubSystems", unchecked((int)0x80042442)));
            IscsiInitiatorLogoutResult res = Run(new string[] { T1, T2 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            string reason = (string)Entry(res, S1)["reason"];
            StringAssert.Contains("IVdsHwProvider::QuerySubSystems", reason);
            StringAssert.Contains("0x80042442", reason);
            Assert.AreEqual("VDS_E_PROVIDER_FAILURE", ((Hashtable)Entry(res, S1)["error"])["name"]);
            Assert.AreEqual("logged_out", Action(res, S3), "a target VDS could list is still logged out");
        }

        [Test]
        public void AdapterFailuresAreNamedWhenNoAdapterIsLeft()
        {
            vds.Adapters.Clear();
            vds.AdapterFailures.Add(ApiException.FromHResult("IVdsIscsiInitiatorAdapter::GetProperties",
                unchecked((int)0x80070005)));
            IscsiInitiatorLogoutResult res = Run(new string[] { T1 }, null, false);
            Assert.AreEqual("failed", Action(res, S1));
            StringAssert.Contains("IVdsIscsiInitiatorAdapter::GetProperties", (string)Entry(res, S1)["reason"]);
            Assert.AreEqual("0x80070005", ((Hashtable)Entry(res, S1)["error"])["hex"]);
        }

        [Test]
        public void TimeoutBoundsTheVdsLoad()
        {
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Timeout = 17;
            Run(r, false);
            Assert.AreEqual(TimeSpan.FromSeconds(17), vds.LoadTimeout);
            r.Timeout = 0;
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { r.Validate(); });
            StringAssert.StartsWith("timeout:", e.Message);
        }

        // ---------------------------------------------------------------- NativeVdsApi over fake COM objects

        private FakeComAsync StalledVds(out NativeVdsApi native)
        {
            FakeComVds com = new FakeComVds(clock);
            com.AddProvider().AddSubSystem().AddTarget(T1);
            FakeComAsync async = new FakeComAsync(clock);
            com.AddAdapter("11111111-2222-3333-4444-555555555555").NextAsync = async;
            native = com.Api();
            return async;
        }

        [Test]
        public void NativeLogoutPollsQueryStatusAndCancelsAStalledLogoutAtTheDeadline()
        {
            NativeVdsApi native;
            FakeComAsync async = StalledVds(out native);
            native.Load(TimeSpan.FromSeconds(30), clock);
            List<VdsIscsiTarget> targets = native.QueryTargets(new List<ApiException>());
            List<VdsInitiatorAdapter> adapters = native.QueryInitiatorAdapters(new List<ApiException>());
            int hr = native.LogoutFromTarget(adapters[0].Id, targets[0].Id, clock.UtcNow + TimeSpan.FromSeconds(20), clock);
            Assert.AreEqual(VdsCodes.Timeout, hr);
            Assert.AreEqual("VDS_E_TIMEOUT", VdsCodes.Decode(hr).Name);
            Assert.AreEqual(1, async.Cancels);
            Assert.AreEqual(0, async.Waits, "IVdsAsync::Wait has no bound");
            Assert.Greater(async.Polls, 1);
            Assert.LessOrEqual(clock.Elapsed, TimeSpan.FromSeconds(20));
        }

        [Test]
        public void NativeLogoutReturnsTheResultOnceQueryStatusSaysDone()
        {
            NativeVdsApi native;
            FakeComAsync async = StalledVds(out native);
            async.FinishAfter = TimeSpan.FromSeconds(3);
            async.Result = 0x00042801;
            native.Load(TimeSpan.FromSeconds(30), clock);
            List<VdsIscsiTarget> targets = native.QueryTargets(new List<ApiException>());
            List<VdsInitiatorAdapter> adapters = native.QueryInitiatorAdapters(new List<ApiException>());
            int hr = native.LogoutFromTarget(adapters[0].Id, targets[0].Id, clock.UtcNow + TimeSpan.FromSeconds(20), clock);
            Assert.AreEqual(0x00042801, hr);
            Assert.AreEqual(0, async.Cancels + async.Waits);
        }

        [Test]
        public void AStalledVdsLogoutFailsItsSessionsWithATimeoutWithinTheTimeout()
        {
            NativeVdsApi native;
            FakeComAsync async = StalledVds(out native);
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Timeout = 20;
            IscsiInitiatorLogoutResult res = new IscsiInitiatorLogoutEngine(api, new VdsLogoutBackend(api, native), clock).Run(r, false);
            foreach (string id in new string[] { S1, S2 })
            {
                Assert.AreEqual("failed", Action(res, id));
                Assert.AreEqual("VDS_E_TIMEOUT", ((Hashtable)Entry(res, id)["error"])["name"]);
                StringAssert.Contains("within timeout (20 s) and was cancelled", (string)Entry(res, id)["reason"]);
                StringAssert.Contains("still listed", (string)Entry(res, id)["reason"]);
            }
            Assert.AreEqual(1, async.Cancels);
            Assert.AreEqual(0, async.Waits);
            Assert.LessOrEqual(clock.Elapsed, TimeSpan.FromSeconds(20));
            Assert.IsTrue(res.Failed);
        }

        [Test]
        public void ASessionThatEndsWhileTheVdsLogoutStallsIsAlreadyGone()
        {
            // The initiator ended the sessions but the provider never reports it: listed again, they are gone.
            NativeVdsApi native;
            StalledVds(out native);
            clock.OnAdvance = delegate(DateTime now)
            {
                if (now - clock.Start >= TimeSpan.FromSeconds(5))
                    api.LogoutTargetSessions(T1, null);
            };
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Timeout = 20;
            IscsiInitiatorLogoutResult res = new IscsiInitiatorLogoutEngine(api, new VdsLogoutBackend(api, native), clock).Run(r, false);
            Assert.AreEqual("already_gone", Action(res, S1));
            Assert.AreEqual("already_gone", Action(res, S2));
        }

        [Test]
        public void TheTimeoutBoundsTheLoadAndTheLogoutTogether()
        {
            IscsiInitiatorLogoutRequest r = VdsRequest(new string[] { T1 }, null);
            r.Timeout = 17;
            Run(r, false);
            Assert.AreEqual(clock.Start + TimeSpan.FromSeconds(17), vds.LogoutDeadline);
        }

        [Test]
        public void NoUtilInitializesComSecurityForTheProcess()
        {
            // CoInitializeSecurity sets COM security for the whole PowerShell process; Microsoft's "Loading VDS"
            // sample (learn.microsoft.com/windows/win32/vds/loading-vds) does not call it.
            foreach (Type t in typeof(NativeVdsApi).Assembly.GetTypes())
            {
                if (t.Namespace == null || !t.Namespace.StartsWith("ansible_collections.", StringComparison.Ordinal))
                    continue;
                foreach (MethodInfo m in t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    if (Attribute.IsDefined(m, typeof(DllImportAttribute)))
                        Assert.AreNotEqual("CoInitializeSecurity", m.Name, t.FullName);
                }
            }
        }

        [Test]
        public void LoadFailureIsDecodedWithoutASecurityNote()
        {
            FakeComVds com = new FakeComVds(clock);
            com.LoadServiceResult = unchecked((int)0x80070005);
            ApiException e = Assert.Throws<ApiException>(delegate { com.Api().Load(TimeSpan.FromSeconds(30), clock); });
            StringAssert.Contains("LoadService", e.Message);
            Assert.AreEqual("0x80070005", e.Error.Hex);
            StringAssert.DoesNotContain("CoInitializeSecurity", e.Message);
            Assert.IsNull(com.MachineName, "LoadService gets NULL: the local host");
        }

        [Test]
        public void LoadPollsIsServiceReadyWithinTheTimeout()
        {
            // IVdsService::IsServiceReady answers S_FALSE while VDS initializes (learn.microsoft.com/windows/win32/api/
            // vds/nf-vds-ivdsservice-isserviceready); WaitForServiceReady blocks until then with no bound.
            FakeComVds com = new FakeComVds(clock);
            com.ReadyAfter = TimeSpan.FromMinutes(10);
            ApiException e = Assert.Throws<ApiException>(delegate { com.Api().Load(TimeSpan.FromSeconds(30), clock); });
            StringAssert.Contains("30 seconds", e.Message);
            StringAssert.Contains("timeout", e.Message);
            Assert.AreEqual(0, com.WaitCalls, "WaitForServiceReady has no bound");
            Assert.LessOrEqual(clock.Elapsed, TimeSpan.FromSeconds(30));
            Assert.Greater(com.ReadyPolls, 1);
        }

        [Test]
        public void LoadReturnsOnceVdsIsReady()
        {
            FakeComVds com = new FakeComVds(clock);
            com.ReadyAfter = TimeSpan.FromSeconds(3);
            NativeVdsApi native = com.Api();
            native.Load(TimeSpan.FromSeconds(30), clock);
            Assert.GreaterOrEqual(clock.Elapsed, TimeSpan.FromSeconds(3));
            Assert.Less(clock.Elapsed, TimeSpan.FromSeconds(30));
            com.ReadyResult = unchecked((int)0x80042401);
            com.ReadyAfter = TimeSpan.Zero;
            ApiException e = Assert.Throws<ApiException>(delegate { com.Api().Load(TimeSpan.FromSeconds(30), clock); });
            Assert.AreEqual("VDS_E_INITIALIZED_FAILED", e.Error.Name);
        }

        [Test]
        public void ListingFailuresAreReportedWithTheirHResult()
        {
            FakeComVds com = new FakeComVds(clock);
            FakeComProvider broken = com.AddProvider();
            broken.QuerySubSystemsResult = unchecked((int)0x80042442);
            FakeComProvider good = com.AddProvider();
            FakeComSubSystem sub = good.AddSubSystem();
            sub.AddTarget(T1);
            sub.AddTarget(T2).GetPropertiesResult = unchecked((int)0x80042405);
            good.AddSubSystem().QueryTargetsResult = unchecked((int)0x80070005);
            NativeVdsApi native = com.Api();
            native.Load(TimeSpan.FromSeconds(30), clock);
            List<ApiException> failures = new List<ApiException>();
            List<VdsIscsiTarget> targets = native.QueryTargets(failures);
            Assert.AreEqual(1, targets.Count);
            Assert.AreEqual(T1, targets[0].IscsiName);
            List<string> got = new List<string>();
            foreach (ApiException f in failures)
                got.Add(f.Operation + "=" + f.Error.Hex);
            got.Sort();
            CollectionAssert.AreEqual(new string[] {
                "IVdsHwProvider::QuerySubSystems=0x80042442", "IVdsIscsiTarget::GetProperties=0x80042405",
                "IVdsSubSystemIscsi::QueryTargets=0x80070005" }, got);
        }

        [Test]
        public void AdapterPropertyFailuresAreReported()
        {
            FakeComVds com = new FakeComVds(clock);
            com.AddAdapter("11111111-2222-3333-4444-555555555555");
            com.AddAdapter("11111111-2222-3333-4444-666666666666").GetPropertiesResult = unchecked((int)0x80070005);
            NativeVdsApi native = com.Api();
            native.Load(TimeSpan.FromSeconds(30), clock);
            List<ApiException> failures = new List<ApiException>();
            List<VdsInitiatorAdapter> adapters = native.QueryInitiatorAdapters(failures);
            Assert.AreEqual(1, adapters.Count);
            Assert.AreEqual(1, failures.Count);
            Assert.AreEqual("IVdsIscsiInitiatorAdapter::GetProperties", failures[0].Operation);
            Assert.AreEqual("0x80070005", failures[0].Error.Hex);
        }
    }

    // -------------------------------------------------------------------- fake VDS COM objects

    /// <summary>
    /// Managed stand-ins for the VDS COM objects, implementing the collection's own [ComImport] interfaces, so that
    /// NativeVdsApi runs unchanged. They answer as the VDS docs say: IsServiceReady S_OK / S_FALSE /
    /// VDS_E_INITIALIZED_FAILED; enumerators answer S_FALSE when done; property strings are CoTaskMem.
    /// </summary>
    internal class FakeComVds : IVdsServiceLoader, IVdsService, IVdsServiceIscsi
    {
        private readonly FakeClock clock;
        private readonly DateTime created;
        public int LoadServiceResult;
        public string MachineName = "(not called)";
        public TimeSpan ReadyAfter = TimeSpan.Zero;
        public int ReadyResult;
        public int ReadyPolls;
        public int WaitCalls;
        public readonly List<object> Providers = new List<object>();
        public readonly List<object> Adapters = new List<object>();

        public FakeComVds(FakeClock clock)
        {
            this.clock = clock;
            created = clock.UtcNow;
        }

        public NativeVdsApi Api()
        {
            return new NativeVdsApi(delegate { return this; });
        }

        public FakeComProvider AddProvider()
        {
            FakeComProvider p = new FakeComProvider();
            Providers.Add(p);
            return p;
        }

        public FakeComAdapter AddAdapter(string id)
        {
            FakeComAdapter a = new FakeComAdapter(new Guid(id));
            Adapters.Add(a);
            return a;
        }

        public int LoadService(string pwszMachineName, out IVdsService ppService)
        {
            MachineName = pwszMachineName;
            ppService = LoadServiceResult < 0 ? null : this;
            return LoadServiceResult;
        }

        public int IsServiceReady()
        {
            ReadyPolls++;
            if (clock.UtcNow - created < ReadyAfter)
                return 1;
            return ReadyResult;
        }

        public int WaitForServiceReady()
        {
            WaitCalls++;
            TimeSpan left = ReadyAfter - (clock.UtcNow - created);
            if (left > TimeSpan.Zero)
                clock.Sleep(left);
            return ReadyResult;
        }

        public int GetProperties(IntPtr pServiceProp)
        {
            return 0;
        }

        public int QueryProviders(uint masks, out IEnumVdsObject ppEnum)
        {
            ppEnum = new FakeComEnum(masks == VdsNativeHelpers.VDS_QUERY_HARDWARE_PROVIDERS ? Providers : new List<object>());
            return 0;
        }

        public int GetInitiatorName(out IntPtr ppwszIscsiName)
        {
            ppwszIscsiName = Marshal.StringToCoTaskMemUni(FakeIscsiInitiator.Initiator);
            return 0;
        }

        public int QueryInitiatorAdapters(out IEnumVdsObject ppEnum)
        {
            ppEnum = new FakeComEnum(Adapters);
            return 0;
        }
    }

    internal class FakeComEnum : IEnumVdsObject
    {
        private readonly List<object> items;
        private int next;

        public FakeComEnum(List<object> items)
        {
            this.items = items;
        }

        public int Next(uint celt, out object ppObjectArray, out uint pcFetched)
        {
            if (next >= items.Count)
            {
                ppObjectArray = null;
                pcFetched = 0;
                return 1;
            }
            ppObjectArray = items[next++];
            pcFetched = 1;
            return 0;
        }

        public int Skip(uint celt)
        {
            next += (int)celt;
            return 0;
        }

        public int Reset()
        {
            next = 0;
            return 0;
        }

        public int Clone(out IEnumVdsObject ppEnum)
        {
            ppEnum = new FakeComEnum(items);
            return 0;
        }
    }

    internal class FakeComProvider : IVdsHwProvider
    {
        public int QuerySubSystemsResult;
        public readonly List<object> SubSystems = new List<object>();

        public FakeComSubSystem AddSubSystem()
        {
            FakeComSubSystem s = new FakeComSubSystem();
            SubSystems.Add(s);
            return s;
        }

        public int QuerySubSystems(out IEnumVdsObject ppEnum)
        {
            ppEnum = QuerySubSystemsResult < 0 ? null : new FakeComEnum(SubSystems);
            return QuerySubSystemsResult;
        }
    }

    internal class FakeComSubSystem : IVdsSubSystemIscsi
    {
        public int QueryTargetsResult;
        public readonly List<object> Targets = new List<object>();

        public FakeComTarget AddTarget(string iqn)
        {
            FakeComTarget t = new FakeComTarget(iqn);
            Targets.Add(t);
            return t;
        }

        public int QueryTargets(out IEnumVdsObject ppEnum)
        {
            ppEnum = QueryTargetsResult < 0 ? null : new FakeComEnum(Targets);
            return QueryTargetsResult;
        }
    }

    internal class FakeComTarget : IVdsIscsiTarget
    {
        private readonly string iqn;
        public int GetPropertiesResult;

        public FakeComTarget(string iqn)
        {
            this.iqn = iqn;
        }

        public int GetProperties(out VdsNativeHelpers.VDS_ISCSI_TARGET_PROP pTargetProp)
        {
            pTargetProp = new VdsNativeHelpers.VDS_ISCSI_TARGET_PROP();
            if (GetPropertiesResult < 0)
                return GetPropertiesResult;
            pTargetProp.id = Guid.NewGuid();
            pTargetProp.pwszIscsiName = Marshal.StringToCoTaskMemUni(iqn);
            pTargetProp.pwszFriendlyName = Marshal.StringToCoTaskMemUni(iqn.Substring(iqn.LastIndexOf(':') + 1));
            return 0;
        }
    }

    internal class FakeComAdapter : IVdsIscsiInitiatorAdapter
    {
        private readonly Guid id;
        public int GetPropertiesResult;

        public FakeComAdapter(Guid id)
        {
            this.id = id;
        }

        public int GetProperties(out VdsNativeHelpers.VDS_ISCSI_INITIATOR_ADAPTER_PROP pInitiatorAdapterProp)
        {
            pInitiatorAdapterProp = new VdsNativeHelpers.VDS_ISCSI_INITIATOR_ADAPTER_PROP();
            if (GetPropertiesResult < 0)
                return GetPropertiesResult;
            pInitiatorAdapterProp.id = id;
            pInitiatorAdapterProp.pwszName = Marshal.StringToCoTaskMemUni("Microsoft iSCSI Initiator");
            return 0;
        }

        public int QueryInitiatorPortals(out IEnumVdsObject ppEnum)
        {
            ppEnum = new FakeComEnum(new List<object>());
            return 0;
        }

        public int LoginToTarget(int loginType, Guid targetId, Guid targetPortalId, Guid initiatorPortalId,
            uint ulLoginFlags, int bHeaderDigest, int bDataDigest, int authType, out IVdsAsync ppAsync)
        {
            ppAsync = null;
            return unchecked((int)0x80004001);
        }

        /// <summary>The operation the next LogoutFromTarget starts; null: it answers VDS_E_ISCSI_SESSION_NOT_FOUND.</summary>
        public FakeComAsync NextAsync;

        public int LogoutFromTarget(Guid targetId, out IVdsAsync ppAsync)
        {
            ppAsync = NextAsync;
            return NextAsync == null ? unchecked((int)0x8004270A) : 0;
        }
    }

    /// <summary>
    /// IVdsAsync as Learn documents it (nf-vds-ivdsasync-querystatus, -wait, -cancel): QueryStatus does not wait and
    /// answers S_OK with VDS_E_OPERATION_PENDING in pHrResult while the operation runs, then the operation's HRESULT
    /// with 100 percent. A stalled provider (FinishAfter null) never finishes: its Wait would never return, so the
    /// fake fails the caller instead. Cancel is recorded; whether a real provider stops the logout is UNCONFIRMED.
    /// </summary>
    internal class FakeComAsync : IVdsAsync
    {
        private readonly FakeClock clock;
        private readonly DateTime started;
        public TimeSpan? FinishAfter;
        public int Result;
        public int Cancels;
        public int Waits;
        public int Polls;

        public FakeComAsync(FakeClock clock)
        {
            this.clock = clock;
            started = clock.UtcNow;
        }

        private bool Done
        {
            get { return Cancels == 0 && FinishAfter.HasValue && clock.UtcNow - started >= FinishAfter.Value; }
        }

        public int Cancel()
        {
            Cancels++;
            return 0;
        }

        public int Wait(out int pHrResult, IntPtr pAsyncOut)
        {
            Waits++;
            if (!Done)
                throw new InvalidOperationException("IVdsAsync::Wait on a stalled operation never returns");
            pHrResult = Result;
            return 0;
        }

        public int QueryStatus(out int pHrResult, out uint pulPercentCompleted)
        {
            Polls++;
            pHrResult = Done ? Result : VdsCodes.Pending;
            pulPercentCompleted = Done ? 100u : 0u;
            return 0;
        }
    }
}
