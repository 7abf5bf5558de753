// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// NativeIscsiInitiatorApi, unmodified, against libiscsidsc.so and libkernel32.so (tests/native): the session list
// whose strings and connection arrays live in the same buffer, the size protocols (bytes for the session list and
// the persistent logins, entries for the devices), a list that grows between the size query and the fetch, ISDSC_*
// failures, and the disk IOCTL. Then the initiator engines run on top of them.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class NativeIscsiInitiatorTests
    {
        private const string Initiator = "iqn.1991-05.com.microsoft:host1.contoso.com";
        private const string TargetA = "iqn.1991-05.com.microsoft:san1-vol-a-target";
        private const string TargetB = "iqn.1991-05.com.microsoft:san1-vol-b-target";
        private const string Instance = "ROOT\\ISCSIPRT\\0000_0";
        private const ulong Unique = 0xffffe00012345000UL;
        private const int FileDeviceDisk = 7;
        private const uint IsdscSessionBusy = 0xEFFF001F;
        private const uint IsdscDeviceBusy = 0xEFFF0040;
        private const uint IsdscInvalidSession = 0xEFFF001C;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            IscsiFake.Reset();
            Kernel32Fake.Reset();
        }

        [TearDown]
        public void TearDown()
        {
            IscsiFake.AssertClean();
            Kernel32Fake.AssertClean();
        }

        /// <summary>Session 1 and 2 to target A (two portals), session 3 to target B; disks 3 and 4 on session 1, disk 5 on
        /// session 3; persistent logins for A and B.</summary>
        private static void Standard()
        {
            int s1 = IscsiFake.AddSession(Unique, 1, Initiator, TargetA, "san1-vol-a");
            IscsiFake.AddConnection(s1, "10.0.0.5", 50123, "10.0.0.20", 3260);
            IscsiFake.AddDevice(s1, FileDeviceDisk, 3, 0, "\\\\.\\PhysicalDrive3", "\\\\?\\scsi#disk&ven_msft#3");
            IscsiFake.AddDevice(s1, FileDeviceDisk, 4, 0, "\\\\.\\PhysicalDrive4", "\\\\?\\scsi#disk&ven_msft#4");
            int s2 = IscsiFake.AddSession(Unique, 2, Initiator, TargetA, "san1-vol-a");
            IscsiFake.AddConnection(s2, "10.0.1.5", 50200, "10.0.1.20", 3261);
            int s3 = IscsiFake.AddSession(Unique, 3, Initiator, TargetB, "san1-vol-b");
            IscsiFake.AddConnection(s3, "10.0.0.5", 50300, "10.0.0.21", 3262);
            IscsiFake.AddDevice(s3, FileDeviceDisk, 5, 0, "\\\\.\\PhysicalDrive5", "\\\\?\\scsi#disk&ven_msft#5");
            IscsiFake.AddLogin(TargetA, 0, Instance, 0xFFFFFFFF, "", "10.0.0.20", 3260);
            IscsiFake.AddLogin(TargetB, 0, Instance, 1, "portal-b", "10.0.0.21", 3262);
        }

        private static IscsiSession Find(List<IscsiSession> list, ulong specific)
        {
            foreach (IscsiSession s in list)
            {
                if (s.Id.AdapterSpecific == specific)
                    return s;
            }
            return null;
        }

        private static int Count(string text, string pattern)
        {
            return Regex.Matches(text, pattern).Count;
        }

        // ------------------------------------------------------------------ the native layer

        [Test]
        public void GetSessionsFollowsThePointersIntoTheSameBuffer()
        {
            Standard();
            List<IscsiSession> got = new NativeIscsiInitiatorApi().GetSessions();
            Assert.AreEqual(3, got.Count);
            IscsiSession s1 = Find(got, 1);
            Assert.AreEqual(new IscsiSessionId(Unique, 1), s1.Id);
            Assert.AreEqual(Initiator, s1.InitiatorName);
            Assert.AreEqual(TargetA, s1.TargetNodeName);
            Assert.AreEqual("san1-vol-a", s1.TargetName);
            Assert.AreEqual(TargetA, s1.Target);
            Assert.AreEqual(1, s1.Connections.Count);
            IscsiConnection c = s1.Connections[0];
            Assert.AreEqual("10.0.0.5", c.InitiatorAddress);
            Assert.AreEqual(50123, c.InitiatorPort);
            Assert.AreEqual("10.0.0.20", c.TargetAddress);
            Assert.AreEqual(3260, c.TargetPort);
            Assert.AreEqual(3262, Find(got, 3).Connections[0].TargetPort);
            Assert.AreEqual(50300, Find(got, 3).Connections[0].InitiatorPort);
        }

        [Test]
        public void GetSessionsWithSeveralConnections()
        {
            int s = IscsiFake.AddSession(Unique, 9, Initiator, TargetA, "a");
            IscsiFake.AddConnection(s, "10.0.0.5", 1001, "10.0.0.20", 3260);
            IscsiFake.AddConnection(s, "10.0.1.5", 1002, "10.0.1.20", 3261);
            IscsiFake.AddConnection(s, "fe80::5", 1003, "fe80::20", 3262);
            IscsiSession got = new NativeIscsiInitiatorApi().GetSessions()[0];
            Assert.AreEqual(3, got.Connections.Count);
            Assert.AreEqual("fe80::20", got.Connections[2].TargetAddress);
            Assert.AreEqual(1002, got.Connections[1].InitiatorPort);
            Assert.AreEqual(3261, got.Connections[1].TargetPort);
        }

        [Test]
        public void GetSessionsEmpty()
        {
            Assert.AreEqual(0, new NativeIscsiInitiatorApi().GetSessions().Count);
        }

        [Test]
        public void GetSessionsAsksAgainWithTheSizeInBytesItWasGiven()
        {
            for (ulong i = 1; i <= 40; i++)
            {
                int s = IscsiFake.AddSession(Unique, i, Initiator, TargetA + "-" + i, "volume-" + i);
                IscsiFake.AddConnection(s, "10.0.0.5", (int)(40000 + i), "10.0.0.20", 3260);
            }
            List<IscsiSession> got = new NativeIscsiInitiatorApi().GetSessions();
            Assert.AreEqual(40, got.Count);
            Assert.AreEqual(TargetA + "-40", Find(got, 40).TargetNodeName);
            Assert.AreEqual(40040, Find(got, 40).Connections[0].InitiatorPort);
            string calls = IscsiFake.Calls;
            Match m = Regex.Match(calls, "BufferSize=4096\\) -> 122, needs ([0-9]+)");
            Assert.IsTrue(m.Success, calls);
            StringAssert.Contains("GetIScsiSessionListW(BufferSize=" + m.Groups[1].Value + ") -> 0, 40 sessions", calls);
        }

        [Test]
        public void GetSessionsCopesWithAListThatGrowsBetweenTheSizeQueryAndTheFetch()
        {
            for (ulong i = 1; i <= 30; i++)
            {
                int s = IscsiFake.AddSession(Unique, i, Initiator, TargetA, "volume-" + i);
                IscsiFake.AddConnection(s, "10.0.0.5", (int)(40000 + i), "10.0.0.20", 3260);
            }
            IscsiFake.Grow("GetIScsiSessionListW", 6);
            List<IscsiSession> got = new NativeIscsiInitiatorApi().GetSessions();
            Assert.AreEqual(36, got.Count);
            Assert.AreEqual(2, Count(IscsiFake.Calls, "-> 122"), IscsiFake.Calls);
            foreach (IscsiSession s in got)
                Assert.AreEqual("10.0.0.20", s.Connections[0].TargetAddress);
        }

        [Test]
        public void GetSessionsFailureCarriesTheIsdscCode()
        {
            IscsiFake.Fail("GetIScsiSessionListW", -1, 0xEFFF0013, 1, 0);
            ApiException e = Assert.Throws<ApiException>(delegate { new NativeIscsiInitiatorApi().GetSessions(); });
            Assert.AreEqual(0xEFFF0013L, e.Error.Code);
            Assert.AreEqual("ISDSC_SERVICE_UNAVAILABLE", e.Error.Name);
        }

        [Test]
        public void GetDevicesCountsEntriesAndReadsTheStorageDeviceNumber()
        {
            int s = IscsiFake.AddSession(Unique, 7, Initiator, TargetA, "a");
            for (int d = 0; d < 6; d++)
                IscsiFake.AddDevice(s, FileDeviceDisk, 10 + d, d, "\\\\.\\PhysicalDrive" + (10 + d), "\\\\?\\disk#" + d);
            List<IscsiDevice> got = new NativeIscsiInitiatorApi().GetDevices(new IscsiSessionId(Unique, 7));
            Assert.AreEqual(6, got.Count);
            Assert.AreEqual(15, got[5].DiskNumber);
            Assert.AreEqual(5, got[5].PartitionNumber);
            Assert.AreEqual("\\\\.\\PhysicalDrive15", got[5].LegacyName);
            Assert.AreEqual("\\\\?\\disk#5", got[5].DeviceInterfaceName);
            StringAssert.Contains("GetDevicesForIScsiSessionW(DeviceCount=4) -> 122, needs 6", IscsiFake.Calls);
            StringAssert.Contains("GetDevicesForIScsiSessionW(DeviceCount=6) -> 0, 6 devices", IscsiFake.Calls);
        }

        [Test]
        public void GetDevicesWhenTheCountIsLeftAtTheCapacity()
        {
            IscsiFake.SetDeviceCountKept(1);
            int s = IscsiFake.AddSession(Unique, 7, Initiator, TargetA, "a");
            for (int d = 0; d < 6; d++)
                IscsiFake.AddDevice(s, FileDeviceDisk, 10 + d, d, "\\\\.\\PhysicalDrive" + (10 + d), "x");
            List<IscsiDevice> got = new NativeIscsiInitiatorApi().GetDevices(new IscsiSessionId(Unique, 7));
            Assert.AreEqual(6, got.Count);
            Assert.AreEqual(15, got[5].DiskNumber);
            StringAssert.Contains("GetDevicesForIScsiSessionW(DeviceCount=8) -> 0, 6 devices", IscsiFake.Calls);
        }

        [Test]
        public void GetDevicesWhenTheListGrowsBetweenTheCalls()
        {
            int s = IscsiFake.AddSession(Unique, 7, Initiator, TargetA, "a");
            for (int d = 0; d < 5; d++)
                IscsiFake.AddDevice(s, FileDeviceDisk, 10 + d, d, "\\\\.\\PhysicalDrive" + (10 + d), "x");
            IscsiFake.Grow("GetDevicesForIScsiSessionW", 2);
            List<IscsiDevice> got = new NativeIscsiInitiatorApi().GetDevices(new IscsiSessionId(Unique, 7));
            Assert.AreEqual(7, got.Count);
            Assert.AreEqual(2, Count(IscsiFake.Calls, "-> 122"), IscsiFake.Calls);
        }

        [Test]
        public void GetDevicesOfAVanishedSessionIsInvalidSessionId()
        {
            ApiException e = Assert.Throws<ApiException>(delegate
            {
                new NativeIscsiInitiatorApi().GetDevices(new IscsiSessionId(Unique, 99));
            });
            Assert.AreEqual((long)IsdscInvalidSession, e.Error.Code);
        }

        [Test]
        public void GetPersistentLoginsReadsTheFixedArraysAndThePortal()
        {
            Standard();
            IscsiFake.AddLogin("iqn.1991-05.com.microsoft:san2-x", 1, Instance, 2, "p2", "san2.contoso.com", 3263);
            List<IscsiPersistentLogin> got = new NativeIscsiInitiatorApi().GetPersistentLogins();
            Assert.AreEqual(3, got.Count);
            IscsiPersistentLogin b = got[1];
            Assert.AreEqual(TargetB, b.TargetName);
            Assert.AreEqual(Instance, b.InitiatorInstance);
            Assert.AreEqual(1u, b.InitiatorPortNumber);
            Assert.AreEqual("portal-b", b.PortalSymbolicName);
            Assert.AreEqual("10.0.0.21", b.PortalAddress);
            Assert.AreEqual(3262, b.PortalSocket);
            Assert.IsFalse(b.IsInformationalSession);
            Assert.IsTrue(got[2].IsInformationalSession);
            Assert.AreEqual(0xFFFFFFFFu, got[0].InitiatorPortNumber);
            StringAssert.Contains("ReportIScsiPersistentLoginsW(BufferSizeInBytes=2080) -> 122, needs 6240", IscsiFake.Calls);
        }

        [Test]
        public void GetPersistentLoginsCopesWithAGrowingList()
        {
            Standard();
            IscsiFake.Grow("ReportIScsiPersistentLoginsW", 3);
            List<IscsiPersistentLogin> got = new NativeIscsiInitiatorApi().GetPersistentLogins();
            Assert.AreEqual(5, got.Count);
            Assert.AreEqual("iqn.1991-05.com.microsoft:growna", got[2].TargetName);
            Assert.AreEqual(2, Count(IscsiFake.Calls, "-> 122"), IscsiFake.Calls);
        }

        [Test]
        public void LogoutEndsTheSession()
        {
            Standard();
            new NativeIscsiInitiatorApi().Logout(new IscsiSessionId(Unique, 2));
            Assert.AreEqual(2, IscsiFake.SessionCount());
            StringAssert.Contains("LogoutIScsiTarget(ffffe00012345000-2)", IscsiFake.Calls);
        }

        [TestCase(0xEFFF001Fu, "ISDSC_SESSION_BUSY")]
        [TestCase(0xEFFF0040u, "ISDSC_DEVICE_BUSY_ON_SESSION")]
        [TestCase(0xEFFF001Cu, "ISDSC_INVALID_SESSION_ID")]
        [TestCase(5u, "ERROR_ACCESS_DENIED")]
        public void LogoutFailureCarriesTheCode(uint code, string name)
        {
            Standard();
            IscsiFake.Fail("LogoutIScsiTarget", 1, code, 1, 0);
            ApiException e = Assert.Throws<ApiException>(delegate
            {
                new NativeIscsiInitiatorApi().Logout(new IscsiSessionId(Unique, 1));
            });
            Assert.AreEqual((long)code, e.Error.Code);
            Assert.AreEqual(name, e.Error.Name);
            Assert.AreEqual(3, IscsiFake.SessionCount());
        }

        [Test]
        public void RemovePersistentLoginPassesWhatTheListingGave()
        {
            Standard();
            NativeIscsiInitiatorApi api = new NativeIscsiInitiatorApi();
            foreach (IscsiPersistentLogin l in api.GetPersistentLogins())
                api.RemovePersistentLogin(l);
            Assert.AreEqual(0, IscsiFake.LoginCount(), IscsiFake.Calls);
            StringAssert.Contains("RemoveIScsiPersistentTargetW(ROOT\\ISCSIPRT\\0000_0, 1, " + TargetB, IscsiFake.Calls);
        }

        [Test]
        public void RemovePersistentLoginWithAnEmptyInitiatorInstancePassesItNotNull()
        {
            // InitiatorInstance is [in], not optional (RemoveIScsiPersistentTargetW on Microsoft Learn); os-win
            // passes the stored value as it is. The fake records NULL as a caller bug (checked at TearDown).
            IscsiFake.AddLogin(TargetA, 0, "", 0xFFFFFFFF, "", "10.0.0.30", 3260);
            NativeIscsiInitiatorApi api = new NativeIscsiInitiatorApi();
            IscsiPersistentLogin l = api.GetPersistentLogins()[0];
            Assert.AreEqual("", l.InitiatorInstance);
            api.RemovePersistentLogin(l);
            Assert.AreEqual(0, IscsiFake.LoginCount(), IscsiFake.Calls);
            StringAssert.Contains("RemoveIScsiPersistentTargetW(, 4294967295, " + TargetA, IscsiFake.Calls);
        }

        [Test]
        public void RemovePersistentLoginThatIsGoneIsIsdscNotFound()
        {
            Standard();
            NativeIscsiInitiatorApi api = new NativeIscsiInitiatorApi();
            IscsiPersistentLogin l = api.GetPersistentLogins()[0];
            api.RemovePersistentLogin(l);
            ApiException e = Assert.Throws<ApiException>(delegate { api.RemovePersistentLogin(l); });
            Assert.AreEqual(0xEFFF000BL, e.Error.Code);
        }

        [Test]
        public void SetDiskOfflineSendsSetDiskAttributesToThePhysicalDrive()
        {
            Kernel32Fake.AddDevice("\\\\.\\PhysicalDrive3", Kernel32Fake.Disk, 3, null);
            new NativeIscsiInitiatorApi().SetDiskOffline(3);
            Assert.AreEqual(1, Kernel32Fake.DiskOffline(3), "offline, not persisted");
            Assert.AreEqual(0xC0000000u, Kernel32Fake.LastAccess());
            Assert.AreEqual(3u, Kernel32Fake.LastDisposition());
            StringAssert.Contains("DeviceIoControl(0x4b330000, 0x7c0f4, in 40 bytes, out 0 bytes)", Kernel32Fake.Calls);
        }

        [Test]
        public void SetDiskOfflineOnAMissingDiskFailsWithFileNotFound()
        {
            ApiException e = Assert.Throws<ApiException>(delegate { new NativeIscsiInitiatorApi().SetDiskOffline(8); });
            Assert.AreEqual(2, e.Error.Code);
            StringAssert.Contains("PhysicalDrive8", e.Message);
        }

        [Test]
        public void SetDiskOfflineIoctlFailureCarriesTheLastError()
        {
            Kernel32Fake.AddDevice("\\\\.\\PhysicalDrive3", Kernel32Fake.Disk, 3, null);
            Kernel32Fake.Fail("DeviceIoControl", -1, 5, 1, 0);
            ApiException e = Assert.Throws<ApiException>(delegate { new NativeIscsiInitiatorApi().SetDiskOffline(3); });
            Assert.AreEqual(5, e.Error.Code);
            Assert.AreEqual(0, Kernel32Fake.DiskOffline(3));
        }

        [Test]
        public void DismountVolumesLocksWhatItCanAndDismountsEveryVolumeOfTheDisk()
        {
            const string A = "\\\\?\\Volume{0b0a2c5e-1d3f-4e5a-9b8c-7d6e5f4a3b2a}";
            const string B = "\\\\?\\Volume{0b0a2c5e-1d3f-4e5a-9b8c-7d6e5f4a3b2b}";
            const string Other = "\\\\?\\Volume{0b0a2c5e-1d3f-4e5a-9b8c-7d6e5f4a3b2c}";
            Kernel32Fake.AddDevice(A, Kernel32Fake.Volume, 3, null);
            Kernel32Fake.AddDevice(Other, Kernel32Fake.Volume, 1, null);
            Kernel32Fake.AddDevice(B, Kernel32Fake.Volume, 3, null);
            Kernel32Fake.VolumeInUse(B, 1);
            List<string> done = new NativeIscsiInitiatorApi().DismountVolumes(3);
            CollectionAssert.AreEqual(new string[] { A, B + " (forced)" }, done);
            Assert.AreEqual(3, Kernel32Fake.VolumeState(A), "locked (so flushed), then dismounted");
            Assert.AreEqual(6, Kernel32Fake.VolumeState(B), "in use: not locked, dismounted anyway");
            Assert.AreEqual(0, Kernel32Fake.VolumeState(Other), "another disk's volume is left alone");
            Assert.AreEqual(0, Kernel32Fake.OpenFinds(), "FindVolumeClose");
            Assert.AreEqual("", Kernel32Fake.Violations);
        }

        // ------------------------------------------------------------------ the engines on top

        [Test]
        public void SessionInfoEngineListsDevicesAndPersistence()
        {
            Standard();
            IscsiSessionInfoRequest r = new IscsiSessionInfoRequest();
            r.Target = new string[] { TargetB };
            IscsiSessionInfoResult res = new IscsiSessionInfoEngine(new NativeIscsiInitiatorApi()).Run(r);
            ArrayList list = res.ToList();
            Assert.AreEqual(1, list.Count);
            Hashtable h = (Hashtable)list[0];
            Assert.AreEqual("ffffe00012345000-0000000000000003", h["session_id"]);
            Assert.AreEqual(TargetB, h["target_name"]);
            Assert.AreEqual(true, h["persistent"]);
            ArrayList devices = (ArrayList)h["devices"];
            Assert.AreEqual(1, devices.Count);
            Assert.AreEqual(5, ((Hashtable)devices[0])["disk_number"]);
            Hashtable conn = (Hashtable)((ArrayList)h["connections"])[0];
            Assert.AreEqual(50300, conn["initiator_port"]);
            Assert.AreEqual(3262, conn["target_port"]);
            Assert.AreEqual(0, res.Warnings.Count);
        }

        private static IscsiInitiatorLogoutEngine Engine(FakeClock clock)
        {
            NativeIscsiInitiatorApi api = new NativeIscsiInitiatorApi();
            return new IscsiInitiatorLogoutEngine(api, new IscsidscLogoutBackend(api), clock);
        }

        private static Hashtable Outcome(IscsiInitiatorLogoutResult r, ulong specific)
        {
            string id = new IscsiSessionId(Unique, specific).ToString();
            foreach (Hashtable h in r.SessionList())
            {
                if ((string)h["session_id"] == id)
                    return h;
            }
            return null;
        }

        [Test]
        public void LogoutEngineLogsOutATargetAndRemovesItsPersistentLogin()
        {
            Standard();
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.Target = new string[] { TargetA };
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine(new FakeClock()).Run(r, false);
            Assert.AreEqual("logged_out", Outcome(res, 1)["action"]);
            Assert.AreEqual("logged_out", Outcome(res, 2)["action"]);
            Assert.IsNull(Outcome(res, 3));
            ArrayList logins = res.PersistentLoginList();
            Assert.AreEqual(1, logins.Count);
            Assert.AreEqual("removed", ((Hashtable)logins[0])["action"]);
            Assert.AreEqual(1, IscsiFake.SessionCount());
            Assert.AreEqual(1, IscsiFake.LoginCount());
            Assert.IsTrue(res.Changed);
            Assert.IsFalse(res.Failed);
        }

        [Test]
        public void LogoutEngineRemovesALoginForAnyPortalAfterTheOnesItCovers()
        {
            // Listed first, a login of A with no portal: RemoveIScsiPersistentTargetW with an empty portal removes A's
            // logins on all portals (Learn), so it goes last and each login is reported removed.
            IscsiFake.AddLogin(TargetA, 0, Instance, 0xFFFFFFFF, "", "", 0);
            Standard();
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.Target = new string[] { TargetA };
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine(new FakeClock()).Run(r, false);
            ArrayList logins = res.PersistentLoginList();
            Assert.AreEqual(2, logins.Count);
            Assert.AreEqual("10.0.0.20", ((Hashtable)logins[0])["portal_address"]);
            Assert.AreEqual("removed", ((Hashtable)logins[0])["action"], IscsiFake.Calls);
            Assert.AreEqual("removed", ((Hashtable)logins[1])["action"], IscsiFake.Calls);
            Assert.AreEqual(1, IscsiFake.LoginCount(), "B's login stays");
        }

        [Test]
        public void LogoutEngineCheckModeChangesNothing()
        {
            Standard();
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.Target = new string[] { TargetA };
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine(new FakeClock()).Run(r, true);
            Assert.AreEqual("would_log_out", Outcome(res, 1)["action"]);
            Assert.AreEqual(3, IscsiFake.SessionCount());
            Assert.AreEqual(2, IscsiFake.LoginCount());
            StringAssert.DoesNotContain("LogoutIScsiTarget", IscsiFake.Calls);
        }

        [Test]
        public void LogoutEngineRetriesABusySession()
        {
            Standard();
            IscsiFake.Fail("LogoutIScsiTarget", 3, IsdscSessionBusy, 2, 0);
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.Target = new string[] { TargetB };
            FakeClock clock = new FakeClock();
            IscsiInitiatorLogoutResult res = Engine(clock).Run(r, false);
            Assert.AreEqual("logged_out", Outcome(res, 3)["action"]);
            Assert.AreEqual(3, Count(IscsiFake.Calls, "LogoutIScsiTarget\\("));
            Assert.AreEqual(2, clock.Sleeps.Count);
        }

        [Test]
        public void LogoutEngineReportsABusyDeviceAndStillLogsOutTheOthers()
        {
            Standard();
            IscsiFake.Fail("LogoutIScsiTarget", 1, IsdscDeviceBusy, -1, 0);
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.Target = new string[] { TargetA };
            IscsiInitiatorLogoutResult res = Engine(new FakeClock()).Run(r, false);
            Hashtable s1 = Outcome(res, 1);
            Assert.AreEqual("failed", s1["action"]);
            Assert.AreEqual("ISDSC_DEVICE_BUSY_ON_SESSION", ((Hashtable)s1["error"])["name"]);
            StringAssert.Contains("offline_disks", (string)s1["reason"]);
            Assert.AreEqual("logged_out", Outcome(res, 2)["action"]);
            Assert.IsTrue(res.Failed);
            Assert.AreEqual(-1, Kernel32Fake.DiskOffline(3), "no disk is touched without busy: offline_disks");
        }

        [Test]
        public void LogoutEngineTakesBusyDisksOfflineWhenAsked()
        {
            Standard();
            Kernel32Fake.AddDevice("\\\\.\\PhysicalDrive3", Kernel32Fake.Disk, 3, null);
            Kernel32Fake.AddDevice("\\\\.\\PhysicalDrive4", Kernel32Fake.Disk, 4, null);
            IscsiFake.Fail("LogoutIScsiTarget", 1, IsdscDeviceBusy, 1, 0);
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.SessionId = new string[] { new IscsiSessionId(Unique, 1).ToString() };
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Engine(new FakeClock()).Run(r, false);
            Hashtable s1 = Outcome(res, 1);
            Assert.AreEqual("logged_out", s1["action"], (string)s1["reason"]);
            Assert.AreEqual(1, Kernel32Fake.DiskOffline(3));
            Assert.AreEqual(1, Kernel32Fake.DiskOffline(4));
            Assert.AreEqual(2, IscsiFake.SessionCount());
        }

        [Test]
        public void LogoutEngineSessionThatVanishedIsAlreadyGone()
        {
            Standard();
            IscsiFake.Fail("LogoutIScsiTarget", 2, IsdscInvalidSession, 1, 1);
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.Target = new string[] { TargetA };
            IscsiInitiatorLogoutResult res = Engine(new FakeClock()).Run(r, false);
            Assert.AreEqual("already_gone", Outcome(res, 2)["action"]);
            Assert.AreEqual("logged_out", Outcome(res, 1)["action"]);
            Assert.IsFalse(res.Failed);
        }
    }
}
