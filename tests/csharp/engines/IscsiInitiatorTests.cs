// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;

namespace SessionCtl.Tests
{
    [TestFixture]
    public partial class IscsiInitiatorTests
    {
        public const string T1 = "iqn.1991-05.com.microsoft:storage-target1-target";
        public const string T2 = "iqn.1991-05.com.microsoft:storage-target2-target";
        public const string S1 = "ffffe11113210020-4000013700000001";
        public const string S2 = "ffffe11113210020-4000013700000002";
        public const string S3 = "ffffe11113210020-4000013700000003";
        public const string Missing = "ffffe11113210020-40000137000000ff";

        private FakeIscsiInitiator api;
        private FakeClock clock;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            api = new FakeIscsiInitiator();
            clock = new FakeClock();
            api.AddDisk(api.Add(S1, T1, "192.0.2.10"), 2);
            api.AddDisk(api.Add(S2, T1, "192.0.2.11"), 3);
            api.AddDisk(api.Add(S3, T2, "192.0.2.10"), 4);
            api.AddLogin(T1, "192.0.2.10");
            api.AddLogin(T2, "192.0.2.10");
        }

        private IscsiInitiatorLogoutEngine Engine()
        {
            return new IscsiInitiatorLogoutEngine(api, new IscsidscLogoutBackend(api), clock);
        }

        public static IscsiInitiatorLogoutRequest Request(string[] targets, string[] ids)
        {
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.Target = targets;
            r.SessionId = ids;
            r.RetryDelay = 2;
            return r;
        }

        public static Hashtable Entry(SessionReport report, string id)
        {
            foreach (Hashtable h in report.ToList())
            {
                if ((string)h["session_id"] == id)
                    return h;
            }
            return null;
        }

        public static string Action(SessionReport report, string id)
        {
            Hashtable h = Entry(report, id);
            return h == null ? null : (string)h["action"];
        }

        // ---------------------------------------------------------------- session id

        [Test]
        public void SessionIdRoundTrips()
        {
            IscsiSessionId id = IscsiSessionId.Parse("ffffe11113210020-4000011110000001");
            Assert.AreEqual(0xffffe11113210020UL, id.AdapterUnique);
            Assert.AreEqual(0x4000011110000001UL, id.AdapterSpecific);
            Assert.AreEqual("ffffe11113210020-4000011110000001", id.ToString());
            Assert.AreEqual(id, IscsiSessionId.Parse(id.ToString()));
            IscsiSessionId small = new IscsiSessionId(1, 0xAB);
            Assert.AreEqual("0000000000000001-00000000000000ab", small.ToString());
            Assert.AreEqual(small, IscsiSessionId.Parse("0000000000000001-00000000000000AB"));
            Assert.AreEqual(small.GetHashCode(), IscsiSessionId.Parse(small.ToString()).GetHashCode());
        }

        [Test]
        public void NativeSessionIdKeepsTheHalves()
        {
            IscsiSessionId id = IscsiSessionId.Parse(S1);
            NativeHelpers.ISCSI_UNIQUE_SESSION_ID n = NativeIscsiInitiatorApi.ToNative(id);
            Assert.AreEqual(0xffffe11113210020UL, n.AdapterUnique);
            Assert.AreEqual(0x4000013700000001UL, n.AdapterSpecific);
        }

        [Test]
        public void MalformedSessionIdsAreRejectedByName()
        {
            string[] bad = new string[] {
                "", "ffffe11113210020", "ffffe11113210020-40000137", "ffffe11113210020_4000013700000001",
                "ffffe11113210020-4000013700000001-1", "gfffe11113210020-4000013700000001", "3",
                "0xffffe1111321002-4000013700000001" };
            foreach (string b in bad)
            {
                string value = b;
                ArgumentException e = Assert.Throws<ArgumentException>(delegate { IscsiSessionId.Parse(value); });
                StringAssert.Contains("'" + value + "'", e.Message);
                StringAssert.Contains("16 hex digits", e.Message);
                IscsiSessionId ignored;
                Assert.IsFalse(IscsiSessionId.TryParse(value, out ignored), value);
            }
            IscsiSessionId none;
            Assert.IsFalse(IscsiSessionId.TryParse(null, out none));
        }

        // ---------------------------------------------------------------- names

        [Test]
        public void ValidIscsiNames()
        {
            string[] good = new string[] {
                T1, "iqn.1991-05.com.microsoft:host1.contoso.com", "iqn.2001-04.com.example",
                "IQN.2001-04.COM.Example:Storage.Disk2.Sys1.xyz", "iqn.2010-12.org.open-iscsi:01:abc",
                "eui.02004567A425678D", "naa.52004567BA64678D", "naa.62004567BA64678D0123456789ABCDEF" };
            foreach (string g in good)
                Assert.IsTrue(IscsiName.IsValid(g), g);
        }

        [Test]
        public void InvalidIscsiNamesAreRejectedWithTheValue()
        {
            string[] bad = new string[] {
                "iqn.1991-13.com.microsoft:x", "iqn.91-05.com.microsoft", "iqn.1991-05", "iqn.1991-05.-bad.com",
                "iqn.1991-05.com.microsoft:with space", "eui.02004567A425678", "eui.02004567A425678DX",
                "naa.1234", "naa.62004567BA64678D0123456789ABCDE", "storage-target1", "",
                "iqn.1991-05.com.microsoft:" + new string('a', 200) };
            foreach (string b in bad)
            {
                string value = b;
                Assert.IsFalse(IscsiName.IsValid(value), value);
                ArgumentException e = Assert.Throws<ArgumentException>(delegate { IscsiName.Check(value, "target"); });
                StringAssert.StartsWith("target: '" + value + "' is not an iSCSI name", e.Message);
                foreach (string form in new string[] { "iqn.yyyy-mm.domain[:id]", "eui.<16 hex>", "naa.<16/32 hex>", "max 223 bytes" })
                    StringAssert.Contains(form, e.Message);
            }
        }

        // ---------------------------------------------------------------- request validation

        [Test]
        public void NoSelectorFailsBeforeAnyCall()
        {
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { Engine().Run(Request(null, null), false); });
            StringAssert.Contains("with target, session_id or portal, or set all=true", e.Message);
            Assert.Throws<ArgumentException>(delegate { Engine().Run(Request(new string[0], new string[0]), false); });
            Assert.AreEqual(0, api.Log.Events.Count, api.Log.ToString());
        }

        [Test]
        public void BadOptionsFailBeforeAnyCall()
        {
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1, "iqn.bogus" }, null);
            ArgumentException e = Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });
            StringAssert.Contains("'iqn.bogus'", e.Message);

            r = Request(null, new string[] { S1, "nope" });
            e = Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });
            StringAssert.Contains("'nope'", e.Message);

            r = Request(new string[] { T1 }, null);
            r.Busy = "force";
            e = Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });
            StringAssert.Contains("busy: 'force'", e.Message);

            r = Request(new string[] { T1 }, null);
            r.Backend = "wmi";
            e = Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });
            StringAssert.Contains("backend: 'wmi'", e.Message);

            r = Request(new string[] { T1 }, null);
            r.Retries = -1;
            Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });

            r = Request(new string[] { T1 }, null);
            r.RetryDelay = Double.NaN;
            Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });

            r = Request(new string[] { T1 }, null);
            r.Portal = "  ";
            Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });

            r = Request(new string[] { T1 }, null);
            r.Backend = "vds";
            r.RemovePersistent = true;
            e = Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });
            StringAssert.Contains("iscsidsc backend but the request asks for vds", e.Message);

            r = Request(new string[] { T1 }, null);
            r.Timeout = -5;
            e = Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });
            StringAssert.StartsWith("timeout: -5", e.Message);
            Assert.AreEqual(0, api.Log.Events.Count, api.Log.ToString());
        }

        [Test]
        public void EmptyPortalIsRefusedByName()
        {
            // An unset option reaches the request as null (ModuleParams); an explicit '' is a mistake, not "any portal".
            foreach (string empty in new string[] { "", "  ", "[]" })
            {
                IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
                r.Portal = empty;
                ArgumentException e = Assert.Throws<ArgumentException>(delegate { Engine().Run(r, false); });
                StringAssert.StartsWith("portal:", e.Message);
                IscsiSessionInfoRequest i = new IscsiSessionInfoRequest();
                i.Portal = empty;
                e = Assert.Throws<ArgumentException>(delegate { new IscsiSessionInfoEngine(api).Run(i); });
                StringAssert.StartsWith("portal:", e.Message);
            }
            Assert.AreEqual(0, api.ListCount);
        }

        [Test]
        public void TransientCodesAreTheDocumentedOnes()
        {
            long[] transient = new long[] { 0xEFFF001FL, 170, 0x800700AAL, 0x80042409L };
            foreach (long c in transient)
                Assert.IsTrue(IscsiConstants.IsTransient(ErrorCatalog.Decode(c)), c.ToString("X"));
            long[] not = new long[] { 0xEFFF0040L, 0xEFFF001CL, 5, 0x80042413L, 0x80042709L, 0x80042710L };
            foreach (long c in not)
                Assert.IsFalse(IscsiConstants.IsTransient(ErrorCatalog.Decode(c)), c.ToString("X"));
        }

        [Test]
        public void AutoBackendIsIscsidsc()
        {
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            Assert.AreEqual("auto", r.Backend);
            Assert.AreEqual("iscsidsc", r.EffectiveBackend);
            Assert.AreEqual("fail", r.Busy);
            Assert.AreEqual(5, r.Retries);
            Assert.AreEqual(2.0, r.RetryDelay);
        }

        // ---------------------------------------------------------------- struct layouts (notes §2b, §5)

        [Test]
        public void StructSizesMatchTheNotes()
        {
            Assert.AreEqual(16, Marshal.SizeOf(typeof(NativeHelpers.ISCSI_UNIQUE_SESSION_ID)));
            Assert.AreEqual(64, Marshal.SizeOf(typeof(NativeHelpers.ISCSI_SESSION_INFOW)));
            Assert.AreEqual(40, Marshal.SizeOf(typeof(NativeHelpers.ISCSI_CONNECTION_INFOW)));
            Assert.AreEqual(1026, Marshal.SizeOf(typeof(NativeHelpers.ISCSI_TARGET_PORTALW)));
            Assert.AreEqual(64, Marshal.SizeOf(typeof(NativeHelpers.ISCSI_LOGIN_OPTIONS)));
            Assert.AreEqual(2080, Marshal.SizeOf(typeof(NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW)));
            Assert.AreEqual(2040, Marshal.SizeOf(typeof(NativeHelpers.ISCSI_DEVICE_ON_SESSIONW)));
            Assert.AreEqual(40, Marshal.SizeOf(typeof(NativeHelpers.SET_DISK_ATTRIBUTES)));
        }

        private static int Off(Type t, string field)
        {
            return Marshal.OffsetOf(t, field).ToInt32();
        }

        [Test]
        public void StructOffsetsMatchTheNotes()
        {
            Type s = typeof(NativeHelpers.ISCSI_UNIQUE_SESSION_ID);
            Assert.AreEqual(0, Off(s, "AdapterUnique"));
            Assert.AreEqual(8, Off(s, "AdapterSpecific"));
            s = typeof(NativeHelpers.ISCSI_SESSION_INFOW);
            Assert.AreEqual(0, Off(s, "SessionId"));
            Assert.AreEqual(16, Off(s, "InitiatorName"));
            Assert.AreEqual(24, Off(s, "TargetNodeName"));
            Assert.AreEqual(32, Off(s, "TargetName"));
            Assert.AreEqual(40, Off(s, "ISID"));
            Assert.AreEqual(46, Off(s, "TSID"));
            Assert.AreEqual(48, Off(s, "ConnectionCount"));
            Assert.AreEqual(56, Off(s, "Connections"));
            s = typeof(NativeHelpers.ISCSI_CONNECTION_INFOW);
            Assert.AreEqual(16, Off(s, "InitiatorAddress"));
            Assert.AreEqual(24, Off(s, "TargetAddress"));
            Assert.AreEqual(32, Off(s, "InitiatorSocket"));
            Assert.AreEqual(34, Off(s, "TargetSocket"));
            Assert.AreEqual(36, Off(s, "CID"));
            s = typeof(NativeHelpers.ISCSI_TARGET_PORTALW);
            Assert.AreEqual(0, Off(s, "SymbolicName"));
            Assert.AreEqual(512, Off(s, "Address"));
            Assert.AreEqual(1024, Off(s, "Socket"));
            s = typeof(NativeHelpers.ISCSI_LOGIN_OPTIONS);
            Assert.AreEqual(40, Off(s, "PasswordLength"));
            Assert.AreEqual(48, Off(s, "Username"));
            Assert.AreEqual(56, Off(s, "Password"));
            s = typeof(NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW);
            Assert.AreEqual(0, Off(s, "TargetName"));
            Assert.AreEqual(448, Off(s, "IsInformationalSession"));
            Assert.AreEqual(450, Off(s, "InitiatorInstance"));
            Assert.AreEqual(964, Off(s, "InitiatorPortNumber"));
            Assert.AreEqual(968, Off(s, "TargetPortal"));
            Assert.AreEqual(2000, Off(s, "SecurityFlags"));
            Assert.AreEqual(2008, Off(s, "Mappings"));
            Assert.AreEqual(2016, Off(s, "LoginOptions"));
            s = typeof(NativeHelpers.ISCSI_DEVICE_ON_SESSIONW);
            Assert.AreEqual(0, Off(s, "InitiatorName"));
            Assert.AreEqual(512, Off(s, "TargetName"));
            Assert.AreEqual(960, Off(s, "ScsiAddress"));
            Assert.AreEqual(968, Off(s, "DeviceInterfaceType"));
            Assert.AreEqual(984, Off(s, "DeviceInterfaceName"));
            Assert.AreEqual(1504, Off(s, "LegacyName"));
            Assert.AreEqual(2024, Off(s, "StorageDeviceNumber"));
            Assert.AreEqual(2036, Off(s, "DeviceInstance"));
            s = typeof(NativeHelpers.SET_DISK_ATTRIBUTES);
            Assert.AreEqual(4, Off(s, "Persist"));
            Assert.AreEqual(8, Off(s, "Attributes"));
            Assert.AreEqual(16, Off(s, "AttributesMask"));
            Assert.AreEqual(24, Off(s, "Reserved2"));
        }

        [Test]
        public void OfflineAttributesAreNotPersisted()
        {
            NativeHelpers.SET_DISK_ATTRIBUTES a = NativeIscsiInitiatorApi.NewOfflineAttributes();
            Assert.AreEqual(40u, a.Version);
            Assert.IsFalse(a.Persist);
            Assert.AreEqual(1UL, a.Attributes);
            Assert.AreEqual(1UL, a.AttributesMask);
            Assert.AreEqual(0x0007C0F4u, NativeHelpers.IOCTL_DISK_SET_DISK_ATTRIBUTES);
        }

        // ---------------------------------------------------------------- buffer-size loop

        private class FakeSessionListCall
        {
            public readonly List<IscsiSession> Sessions;
            public uint TooSmallCode = 122;
            public int Calls;
            public List<uint> SizesSeen = new List<uint>();
            public uint Count;
            /// <summary>Sessions that log in between the size query and the second call.</summary>
            public List<IscsiSession> GrowAfterFirst = new List<IscsiSession>();

            public FakeSessionListCall(List<IscsiSession> sessions)
            {
                Sessions = sessions;
            }

            public uint Call(IntPtr buffer, ref uint size)
            {
                Calls++;
                SizesSeen.Add(size);
                uint needed = (uint)NativeBufferWriter.SessionListSize(Sessions);
                if (size < needed)
                {
                    size = needed;
                    if (Calls == 1 && GrowAfterFirst.Count > 0)
                    {
                        Sessions.AddRange(GrowAfterFirst);
                        GrowAfterFirst.Clear();
                    }
                    return TooSmallCode;
                }
                NativeBufferWriter.WriteSessions(buffer, Sessions);
                Count = (uint)Sessions.Count;
                size = needed;
                return 0;
            }
        }

        private List<IscsiSession> ManySessions(int n)
        {
            List<IscsiSession> list = new List<IscsiSession>();
            for (int i = 0; i < n; i++)
            {
                IscsiSession s = new IscsiSession();
                s.Id = new IscsiSessionId(0xffffe11113210020UL, 0x4000013700000000UL + (ulong)i);
                s.InitiatorName = "ROOT\\ISCSIPRT\\0000_0";
                s.TargetNodeName = "iqn.1991-05.com.microsoft:storage-target" + i + "-target-with-a-rather-long-name";
                s.TargetName = i % 2 == 0 ? null : "target" + i;
                IscsiConnection c = new IscsiConnection();
                c.InitiatorAddress = "192.0.2.1";
                c.InitiatorPort = 50000 + i;
                c.TargetAddress = "192.0.2." + (10 + i);
                c.TargetPort = 3260;
                s.Connections.Add(c);
                if (i % 3 == 0)
                {
                    IscsiConnection c2 = new IscsiConnection();
                    c2.InitiatorAddress = "fe80::1";
                    c2.InitiatorPort = 60000 + i;
                    c2.TargetAddress = "fe80::10";
                    c2.TargetPort = 3261;
                    s.Connections.Add(c2);
                }
                list.Add(s);
            }
            return list;
        }

        private static void AssertSameSessions(List<IscsiSession> expected, List<IscsiSession> actual)
        {
            Assert.AreEqual(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.AreEqual(expected[i].Id, actual[i].Id);
                Assert.AreEqual(expected[i].InitiatorName, actual[i].InitiatorName);
                Assert.AreEqual(expected[i].TargetNodeName, actual[i].TargetNodeName);
                Assert.AreEqual(expected[i].TargetName, actual[i].TargetName);
                Assert.AreEqual(expected[i].Connections.Count, actual[i].Connections.Count);
                for (int j = 0; j < expected[i].Connections.Count; j++)
                {
                    Assert.AreEqual(expected[i].Connections[j].InitiatorAddress, actual[i].Connections[j].InitiatorAddress);
                    Assert.AreEqual(expected[i].Connections[j].TargetAddress, actual[i].Connections[j].TargetAddress);
                    Assert.AreEqual(expected[i].Connections[j].InitiatorPort, actual[i].Connections[j].InitiatorPort);
                    Assert.AreEqual(expected[i].Connections[j].TargetPort, actual[i].Connections[j].TargetPort);
                }
            }
        }

        [Test]
        public void SessionListGrowsOnPlainInsufficientBuffer()
        {
            List<IscsiSession> expected = ManySessions(40);
            FakeSessionListCall fake = new FakeSessionListCall(new List<IscsiSession>(expected));
            List<IscsiSession> got = NativeIscsiInitiatorApi.ListSessions(fake.Call, delegate { return fake.Count; });
            Assert.AreEqual(2, fake.Calls);
            Assert.AreEqual(4096u, fake.SizesSeen[0]);
            Assert.AreEqual((uint)NativeBufferWriter.SessionListSize(expected), fake.SizesSeen[1]);
            AssertSameSessions(expected, got);
            Assert.AreEqual("192.0.2.10", got[0].Connections[0].TargetAddress);
            Assert.AreEqual("fe80::10", got[0].Connections[1].TargetAddress);
        }

        [Test]
        public void SessionListGrowsOnHResultInsufficientBuffer()
        {
            List<IscsiSession> expected = ManySessions(40);
            FakeSessionListCall fake = new FakeSessionListCall(new List<IscsiSession>(expected));
            fake.TooSmallCode = 0x8007007A;
            List<IscsiSession> got = NativeIscsiInitiatorApi.ListSessions(fake.Call, delegate { return fake.Count; });
            Assert.AreEqual(2, fake.Calls);
            AssertSameSessions(expected, got);
        }

        [Test]
        public void SessionListFitsFirstTime()
        {
            List<IscsiSession> expected = ManySessions(3);
            FakeSessionListCall fake = new FakeSessionListCall(new List<IscsiSession>(expected));
            List<IscsiSession> got = NativeIscsiInitiatorApi.ListSessions(fake.Call, delegate { return fake.Count; });
            Assert.AreEqual(1, fake.Calls);
            AssertSameSessions(expected, got);
        }

        [Test]
        public void SessionListCopesWithSessionsAppearingBetweenCalls()
        {
            List<IscsiSession> first = ManySessions(40);
            FakeSessionListCall fake = new FakeSessionListCall(first.GetRange(0, 30));
            fake.GrowAfterFirst = first.GetRange(30, 10);
            List<IscsiSession> got = NativeIscsiInitiatorApi.ListSessions(fake.Call, delegate { return fake.Count; });
            Assert.AreEqual(3, fake.Calls);
            AssertSameSessions(first, got);
        }

        [Test]
        public void SessionsWithoutConnectionsAreKept()
        {
            List<IscsiSession> expected = ManySessions(4);
            expected[1].Connections.Clear();
            expected[3].Connections.Clear();
            expected[3].TargetName = null;
            expected[3].InitiatorName = null;
            FakeSessionListCall fake = new FakeSessionListCall(new List<IscsiSession>(expected));
            List<IscsiSession> got = NativeIscsiInitiatorApi.ListSessions(fake.Call, delegate { return fake.Count; });
            AssertSameSessions(expected, got);
            Assert.AreEqual(0, got[1].Connections.Count);
            Assert.AreEqual(expected[2].Connections[0].TargetAddress, got[2].Connections[0].TargetAddress,
                "the entry after a connection-less session is read at the right place");
            Assert.IsNull(got[3].InitiatorName);
        }

        [Test]
        public void BufferLoopDoublesWhenTheNeededSizeIsNotReported()
        {
            int calls = 0;
            List<uint> sizes = new List<uint>();
            uint units;
            using (SafeMemoryBuffer b = NativeBuffers.Call("X", delegate(IntPtr buffer, ref uint size)
            {
                calls++;
                sizes.Add(size);
                if (size < 1000)
                    return 122; // leaves size as it was
                return 0;
            }, 100, 1, out units))
            {
                Assert.AreEqual(1600, b.Length);
            }
            CollectionAssert.AreEqual(new uint[] { 100, 200, 400, 800, 1600 }, sizes);
            Assert.AreEqual(5, calls);
        }

        [Test]
        public void BufferLoopGivesUpAndDecodesOtherErrors()
        {
            uint units;
            ApiException e = Assert.Throws<ApiException>(delegate
            {
                NativeBuffers.Call("GetIScsiSessionListW", delegate(IntPtr buffer, ref uint size)
                {
                    return IscsiCodes.ServiceNotRunning;
                }, 10, 1, out units);
            });
            Assert.AreEqual("ISDSC_SERVICE_NOT_RUNNING", e.Error.Name);
            StringAssert.Contains("GetIScsiSessionListW", e.Message);

            int calls = 0;
            e = Assert.Throws<ApiException>(delegate
            {
                NativeBuffers.Call("Y", delegate(IntPtr buffer, ref uint size)
                {
                    calls++;
                    size = size + 1;
                    return 0x8007007A;
                }, 10, 1, out units);
            });
            Assert.AreEqual(NativeBuffers.MaxAttempts, calls);
            Assert.AreEqual("ERROR_INSUFFICIENT_BUFFER", e.Error.Name);
            StringAssert.Contains("still too small", e.Message);
        }

        [Test]
        public void DevicesAreReadWithTheCountBasedLoop()
        {
            int calls = 0;
            List<uint> seen = new List<uint>();
            int size = Marshal.SizeOf(typeof(NativeHelpers.ISCSI_DEVICE_ON_SESSIONW));
            List<IscsiDevice> got = NativeIscsiInitiatorApi.ListDevices(delegate(IntPtr buffer, ref uint count)
            {
                calls++;
                seen.Add(count);
                if (count < 6)
                {
                    count = 6;
                    return 122;
                }
                for (int i = 0; i < 6; i++)
                {
                    NativeHelpers.ISCSI_DEVICE_ON_SESSIONW d = new NativeHelpers.ISCSI_DEVICE_ON_SESSIONW();
                    d.InitiatorName = "ROOT\\ISCSIPRT\\0000_0";
                    d.TargetName = T1;
                    d.DeviceInterfaceName = "\\\\?\\scsi#disk#" + i;
                    d.LegacyName = "\\\\.\\PhysicalDrive" + (i + 2);
                    d.StorageDeviceNumber.DeviceType = i == 5 ? 2u : 7u;
                    d.StorageDeviceNumber.DeviceNumber = (uint)(i + 2);
                    Marshal.StructureToPtr(d, new IntPtr(buffer.ToInt64() + i * size), false);
                }
                count = 6;
                return 0;
            });
            Assert.AreEqual(2, calls);
            CollectionAssert.AreEqual(new uint[] { 4, 6 }, seen);
            Assert.AreEqual(6, got.Count);
            Assert.AreEqual(2, got[0].DiskNumber);
            Assert.AreEqual("\\\\.\\PhysicalDrive2", got[0].LegacyName);
            Assert.AreEqual("\\\\?\\scsi#disk#0", got[0].DeviceInterfaceName);
            Assert.AreEqual(-1, got[5].DiskNumber, "a CD-ROM (FILE_DEVICE_CD_ROM) is not a disk");
        }

        [Test]
        public void PersistentLoginsAreReadWithTheByteBasedLoop()
        {
            int size = Marshal.SizeOf(typeof(NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW));
            uint count = 0;
            int calls = 0;
            List<IscsiPersistentLogin> got = NativeIscsiInitiatorApi.ListPersistentLogins(
                delegate(IntPtr buffer, ref uint bytes)
                {
                    calls++;
                    if (bytes < 3 * size)
                    {
                        bytes = (uint)(3 * size);
                        return 0x8007007A;
                    }
                    for (int i = 0; i < 3; i++)
                    {
                        NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW l = new NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW();
                        l.TargetName = i == 2 ? T2 : T1;
                        l.InitiatorInstance = "ROOT\\ISCSIPRT\\0000_0";
                        l.InitiatorPortNumber = 0xFFFFFFFF;
                        l.TargetPortal.Address = "192.0.2." + (10 + i);
                        l.TargetPortal.SymbolicName = "";
                        l.TargetPortal.Socket = 3260;
                        Marshal.StructureToPtr(l, new IntPtr(buffer.ToInt64() + i * size), false);
                    }
                    count = 3;
                    return 0;
                }, delegate { return count; });
            Assert.AreEqual(2, calls);
            Assert.AreEqual(3, got.Count);
            Assert.AreEqual(T1, got[0].TargetName);
            Assert.AreEqual(T2, got[2].TargetName);
            Assert.AreEqual("192.0.2.11", got[1].PortalAddress);
            Assert.AreEqual(3260, got[1].PortalSocket);
            Assert.AreEqual(0xFFFFFFFFu, got[1].InitiatorPortNumber);
            Assert.AreEqual("ROOT\\ISCSIPRT\\0000_0", got[1].InitiatorInstance);
        }

        // ---------------------------------------------------------------- RemoveIScsiPersistentTargetW (issue 11, item 4)

        /// <summary>
        /// RemoveIScsiPersistentTargetW as the SDK declares it: InitiatorInstance is "[in]" (not "[in, optional]";
        /// only InitiatorPortNumber is optional), and iscsidsc.h marks it "IN PWSTR _In_", a pointer that must not be
        /// NULL (learn.microsoft.com/windows/win32/api/iscsidsc/nf-iscsidsc-removeiscsipersistenttargetw). os-win
        /// (os_win/utils/storage/initiator/iscsi_utils.py, _remove_persistent_login) passes the login's stored
        /// InitiatorInstance as it is, an empty string included. What the real DLL answers for NULL is UNCONFIRMED;
        /// this fake answers ERROR_INVALID_PARAMETER (87).
        /// </summary>
        private static uint FakeRemovePersistent(List<string> seen, string initiatorInstance, uint port, string target,
            ref NativeHelpers.ISCSI_TARGET_PORTALW portal)
        {
            seen.Add(initiatorInstance == null ? "(null)" : "'" + initiatorInstance + "'");
            if (initiatorInstance == null || target == null)
                return 87;
            return 0;
        }

        [Test]
        public void RemovePersistentPassesTheStoredInitiatorInstanceNeverNull()
        {
            List<string> seen = new List<string>();
            IscsiPersistentLogin any = api.AddLogin(T1, "192.0.2.10");
            any.InitiatorInstance = "";
            IscsiPersistentLogin one = api.AddLogin(T2, "192.0.2.10");
            NativeIscsiInitiatorApi.RemovePersistentLogin(any,
                delegate(string i, uint p, string t, ref NativeHelpers.ISCSI_TARGET_PORTALW portal)
                { return FakeRemovePersistent(seen, i, p, t, ref portal); });
            NativeIscsiInitiatorApi.RemovePersistentLogin(one,
                delegate(string i, uint p, string t, ref NativeHelpers.ISCSI_TARGET_PORTALW portal)
                { return FakeRemovePersistent(seen, i, p, t, ref portal); });
            CollectionAssert.AreEqual(new string[] { "''", "'ROOT\\ISCSIPRT\\0000_0'" }, seen);
        }

        // ---------------------------------------------------------------- vanished sessions (issue 11, item 8)

        [Test]
        public void ASessionGoneAfterAnyLogoutErrorIsAlreadyGone()
        {
            // The session ends while LogoutIScsiTarget runs and the call answers a code other than
            // ISDSC_INVALID_SESSION_ID (ISDSC_NON_SPECIFIC_ERROR here): listing again decides.
            api.EndsWhileFailing[S1] = 0xEFFF0001;
            IscsiInitiatorLogoutResult res = Engine().Run(Request(new string[] { T1 }, null), false);
            Assert.AreEqual("already_gone", Action(res.Sessions, S1));
            Assert.AreEqual("ISDSC_NON_SPECIFIC_ERROR", ((Hashtable)Entry(res.Sessions, S1)["error"])["name"]);
            StringAssert.Contains("no longer listed", (string)Entry(res.Sessions, S1)["reason"]);
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.IsFalse(res.Failed);
        }

        [Test]
        public void AVanishedSessionWithAnotherCodeIsAlreadyGone()
        {
            api.VanishedCode = 0xEFFF000B;  // ISDSC_NOT_FOUND instead of ISDSC_INVALID_SESSION_ID
            api.VanishAfterListing.Add(S1);
            IscsiInitiatorLogoutResult res = Engine().Run(Request(null, new string[] { S1 }), false);
            Assert.AreEqual("already_gone", Action(res.Sessions, S1));
            Assert.IsFalse(res.Failed);
        }

        [Test]
        public void InvalidSessionIdWhileTheSessionIsStillListedFails()
        {
            api.LogoutFails[S1] = IscsiCodes.InvalidSessionId;
            IscsiInitiatorLogoutResult res = Engine().Run(Request(null, new string[] { S1 }), false);
            Assert.AreEqual("failed", Action(res.Sessions, S1), "one error code alone never decides already_gone");
            Assert.AreEqual("ISDSC_INVALID_SESSION_ID", ((Hashtable)Entry(res.Sessions, S1)["error"])["name"]);
            StringAssert.Contains("still listed", (string)Entry(res.Sessions, S1)["reason"]);
            Assert.IsTrue(res.Failed);
            Assert.IsTrue(api.Has(S1));
        }

        [Test]
        public void WhenListingAgainFailsTheSessionFailsWithItsOwnError()
        {
            api.LogoutFails[S1] = IscsiCodes.AccessDenied;
            api.ListFailsAfterLogout = IscsiCodes.ServiceNotRunning;
            IscsiInitiatorLogoutResult res = Engine().Run(Request(null, new string[] { S1 }), false);
            Assert.AreEqual("failed", Action(res.Sessions, S1));
            Assert.AreEqual("ERROR_ACCESS_DENIED", ((Hashtable)Entry(res.Sessions, S1)["error"])["name"]);
            StringAssert.Contains("ISDSC_SERVICE_NOT_RUNNING", (string)Entry(res.Sessions, S1)["reason"],
                "the reason says why listing again could not decide");
            Assert.Less(api.Log.FirstIndexOfPrefix("logout " + S1), api.Log.LastIndexOfPrefix("list"),
                "the session list was asked for again after the failed logout");
        }

        // ---------------------------------------------------------------- MPIO (issue 11, item 7)

        /// <summary>
        /// Under MPIO one disk (a pseudo-LUN) is reached through several paths, each an iSCSI session: MPIO_DRIVE_INFO
        /// .NumberPaths and MPIO_GET_DESCRIPTOR.NumberPdos ("the number of real instances of the pseudo-LUN through its
        /// various paths", learn.microsoft.com/windows-hardware/drivers/ddi/mpiodisk/ns-mpiodisk-_mpio_get_descriptor).
        /// os-win logs in once per path with ISCSI_LOGIN_FLAG_MULTIPATH_ENABLED and finds the LUN's device through
        /// any of the target's sessions (iscsi_utils.py ensure_lun_available). So GetDevicesForIScsiSessionW names the
        /// same disk number for every session that serves it (the exact output under MPIO is UNCONFIRMED here).
        /// </summary>
        private void ShareDisk(string id, int disk)
        {
            foreach (FakeIscsiSession f in api.Sessions)
            {
                if (f.Session.Id.ToString() == id)
                    api.AddDisk(f, disk);
            }
        }

        [Test]
        public void OfflineDisksNeverCutsAnMpioDiskThatUnselectedSessionsServe()
        {
            // S1 and S2 are two MPIO paths to T1 that both serve disk 2; only S1 is selected. S3 (T2) is busy too.
            ShareDisk(S2, 2);
            api.InUse.Add(S1);
            api.InUse.Add(S3);
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1, S3 });
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("failed", Action(res.Sessions, S1));
            string reason = (string)Entry(res.Sessions, S1)["reason"];
            StringAssert.Contains("disk 2", reason);
            StringAssert.Contains(S2, reason);
            StringAssert.Contains("MPIO", reason);
            Assert.AreEqual(-1, api.Log.IndexOf("offline 2"), api.Log.ToString());
            Assert.IsTrue(api.Has(S1) && api.Has(S2));
            Assert.AreEqual("logged_out", Action(res.Sessions, S3), "the other busy session is still handled");
            Assert.AreNotEqual(-1, api.Log.IndexOf("offline 4"));
            Assert.IsTrue(res.Failed);
            StringAssert.Contains(S2, res.Summary());
        }

        [Test]
        public void OfflineDisksTakesAnMpioDiskOfflineWhenEveryPathIsSelected()
        {
            ShareDisk(S2, 2);
            api.InUse.Add(S1);
            api.InUse.Add(S2);
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.AreEqual(1, api.Log.CountPrefix("offline 2"), "a disk two selected sessions share is offlined once");
        }

        // ---------------------------------------------------------------- TargetNodeName vs TargetName

        [Test]
        public void TargetMatchesEitherPointer()
        {
            IscsiSession a = new IscsiSession();
            a.TargetNodeName = T1;
            a.TargetName = "storage-target1";
            IscsiSession b = new IscsiSession();
            b.TargetNodeName = "storage-target1";
            b.TargetName = T1;
            Assert.IsTrue(a.MatchesTarget(T1));
            Assert.IsTrue(b.MatchesTarget(T1.ToUpperInvariant()));
            Assert.IsFalse(b.MatchesTarget(T2));
            Assert.AreEqual(T1, a.Target);
            Assert.AreEqual(T1, b.Target, "the valid iSCSI name is reported whichever pointer holds it");
        }

        // ---------------------------------------------------------------- info engine

        private IscsiSessionInfoResult Info(string[] targets, string[] ids)
        {
            IscsiSessionInfoRequest r = new IscsiSessionInfoRequest();
            r.Target = targets;
            r.SessionId = ids;
            return new IscsiSessionInfoEngine(api).Run(r);
        }

        [Test]
        public void InfoListsEverySessionWithDevicesAndPersistence()
        {
            api.Logins.RemoveAt(1);
            IscsiSessionInfoResult res = Info(null, null);
            ArrayList list = res.ToList();
            Assert.AreEqual(3, list.Count);
            Hashtable first = (Hashtable)list[0];
            Assert.AreEqual(S1, first["session_id"]);
            Assert.AreEqual(T1, first["target_name"]);
            Assert.AreEqual(FakeIscsiInitiator.Initiator, first["initiator_name"]);
            Assert.AreEqual(true, first["persistent"]);
            Hashtable conn = (Hashtable)((ArrayList)first["connections"])[0];
            Assert.AreEqual("192.0.2.10", conn["target_address"]);
            Assert.AreEqual(3260, conn["target_port"]);
            Hashtable dev = (Hashtable)((ArrayList)first["devices"])[0];
            Assert.AreEqual(2, dev["disk_number"]);
            Assert.AreEqual("\\\\.\\PhysicalDrive2", dev["legacy_name"]);
            Assert.AreEqual(false, ((Hashtable)list[2])["persistent"]);
            Assert.AreEqual(0, res.Warnings.Count);
        }

        [Test]
        public void InfoFiltersByTargetAndSessionId()
        {
            api.Sessions[2].Session.TargetName = T2;
            api.Sessions[2].Session.TargetNodeName = "storage-target2";
            Assert.AreEqual(2, Info(new string[] { T1 }, null).Sessions.Count);
            IscsiSessionInfoResult r = Info(new string[] { T2 }, null);
            Assert.AreEqual(1, r.Sessions.Count, "the IQN at offset 32 matches too");
            Assert.AreEqual(T2, ((Hashtable)r.ToList()[0])["target_name"]);
            Assert.AreEqual(1, Info(null, new string[] { S2 }).Sessions.Count);
            Assert.AreEqual(0, Info(new string[] { T2 }, new string[] { S2 }).Sessions.Count);
            Assert.AreEqual(0, Info(null, new string[] { Missing }).Sessions.Count);
            Assert.Throws<ArgumentException>(delegate { Info(new string[] { "bad" }, null); });
        }

        [Test]
        public void InfoWarnsWhenPersistentLoginsCannotBeRead()
        {
            api.ListLoginsFails = IscsiCodes.ServiceNotRunning;
            IscsiSessionInfoResult res = Info(null, null);
            Assert.AreEqual(3, res.Sessions.Count);
            Assert.AreEqual(1, res.Warnings.Count);
            StringAssert.Contains("ISDSC_SERVICE_NOT_RUNNING", res.Warnings[0]);
        }

        [Test]
        public void InfoToleratesASessionThatEndsWhileListing()
        {
            api.VanishAfterListing.Add(S2);
            IscsiSessionInfoResult res = Info(null, null);
            Assert.AreEqual(3, res.Sessions.Count);
            Assert.AreEqual(0, ((ArrayList)((Hashtable)res.ToList()[1])["devices"]).Count);
            Assert.AreEqual(0, res.Warnings.Count);
        }
    }
}
