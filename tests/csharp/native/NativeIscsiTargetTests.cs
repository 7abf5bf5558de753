// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The IOCTL path of NativeIscsiTargetIoctlApi (CreateFileW + DeviceIoControl(IOCTL_SCSI_MINIPORT)) and OsInfo.Current
// (RtlGetVersion), unmodified, against libkernel32.so and libntdll.so (tests/native). WMI (System.Management) cannot
// be faked at the ABI level under Mono, so the engine tests keep the interface fake for the listing and send the
// IOCTL through the native class.
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace SessionCtl.Tests
{
    /// <summary>WMI from the interface fake, the IOCTL through NativeIscsiTargetIoctlApi. When the miniport answers
    /// SRB_STATUS_SUCCESS the target drops the session (what a working pass-through would do).</summary>
    public class NativeIoctlTargetApi : IIscsiTargetIoctlApi
    {
        private readonly FakeIscsiTargetApi wmi;
        private readonly NativeIscsiTargetIoctlApi native = new NativeIscsiTargetIoctlApi();
        public int DropsTsih = -1;

        public NativeIoctlTargetApi(FakeIscsiTargetApi wmi)
        {
            this.wmi = wmi;
        }

        public List<TargetSession> ListSessions()
        {
            return wmi.ListSessions();
        }

        public List<CimSessionRef> ListCimSessions()
        {
            return wmi.ListCimSessions();
        }

        public StateChangeReply RequestStateChange(CimSessionRef session, int requestedState, TimeSpan? timeoutPeriod)
        {
            return wmi.RequestStateChange(session, requestedState, timeoutPeriod);
        }

        public CimJobStatus GetJob(string jobPath)
        {
            return wmi.GetJob(jobPath);
        }

        public IoctlReply SendMiniportIoctl(string device, byte[] input, int outputSize)
        {
            IoctlReply reply = native.SendMiniportIoctl(device, input, outputSize);
            if (SessionStopBuffer.ReadReturnCode(reply.Output, reply.BytesReturned) == 1)
                wmi.Sessions.RemoveAll(delegate(TargetSession s) { return s.Tsih == DropsTsih; });
            return reply;
        }
    }

    [TestFixture]
    public class NativeIscsiTargetEndPointTests
    {
        private const string Target = "iqn.1991-05.com.microsoft:tgt01-disk1-target";
        private const string Initiator = "iqn.1991-05.com.microsoft:alice.contoso.com";

        // Both ends of the pipe are MSISCSITARGET_iSCSIProtocolEndpoint instances ("a network pipe between initiator
        // and target MSISCSITARGET_iSCSIProtocolEndpoint instances", msiscsitarget-iscsisession), and that class's MOF
        // gives Role the default 3 (Target) (msiscsitarget-iscsiprotocolendpoint: "uint16 Role = 3;"). So an initiator
        // end whose provider leaves Role at its default reads Role 3; its Name, an initiator port name "<iqn>,i,0x<ISID>"
        // (RFC 7143 4.2.7.1), says otherwise, and the Name wins. Without it both ends count as the target and no
        // session could be identified (every session would fail "cannot be identified for sure").
        [TestCase(Target + ",t,0x1", 3L, true)]
        [TestCase(Target + ",t,0x1", null, true)]
        [TestCase(Target + ",t,0x1", 4L, true)]
        [TestCase(Target, 3L, true)]
        [TestCase(Target, null, false)]
        [TestCase(Initiator + ",i,0x400001370001", 2L, false)]
        [TestCase(Initiator + ",i,0x400001370001", null, false)]
        [TestCase(Initiator + ",i,0x400001370001", 3L, false)]
        [TestCase(Target + ",t,0x1", 2L, true)]
        [TestCase(null, 3L, false)]
        [TestCase(Target + ",T,0x1", 2L, true)]
        [TestCase(Initiator + ",I,0x400001370001", 3L, false)]
        public void TheTargetEndIsTheRoleUnlessTheNameSaysOtherwise(string name, object role, bool expected)
        {
            object r = role == null ? null : (object)(ushort)(long)role;
            Assert.AreEqual(expected, NativeIscsiTargetCimApi.IsTargetEndPoint(name, r));
        }
    }

    [TestFixture]
    public class NativeIscsiTargetTests
    {
        private const string Device = "\\\\.\\Scsi2:";
        private const string Signature = "WTSPT";
        private const ulong Cookie = 0x1122334455667788UL;

        [SetUp]
        public void SetUp()
        {
            ErrorCatalog.SystemMessage = null;
            Kernel32Fake.Reset();
            NtdllFake.Reset();
            Kernel32Fake.AddDevice(Device, Kernel32Fake.Miniport, -1, Signature);
        }

        [TearDown]
        public void TearDown()
        {
            Kernel32Fake.AssertClean();
            Assert.AreEqual("", NtdllFake.Violations);
        }

        private static uint U32(byte[] b, int offset)
        {
            return (uint)(b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24));
        }

        // ------------------------------------------------------------------ the native layer

        [Test]
        public void SendMiniportIoctlSendsTheStopBufferAndReadsTheUpdatedHeader()
        {
            Kernel32Fake.SetMiniportReply(1, -1);
            byte[] input = SessionStopBuffer.Build(Signature, 30, Cookie);
            IoctlReply reply = new NativeIscsiTargetIoctlApi().SendMiniportIoctl(Device, input, input.Length);
            byte[] seen = new byte[64];
            Assert.AreEqual(input.Length, Kernel32Fake.LastInput(seen, seen.Length));
            for (int i = 0; i < input.Length; i++)
                Assert.AreEqual(input[i], seen[i], "input byte " + i);
            Assert.AreEqual(SessionStopBuffer.TotalSize, reply.BytesReturned);
            Assert.AreEqual(1u, U32(reply.Output, 20), "SRB_IO_CONTROL.ReturnCode");
            Assert.AreEqual(0x101u, U32(reply.Output, 16), "ControlCode comes back");
            Assert.AreEqual(0xC0000000u, Kernel32Fake.LastAccess());
            StringAssert.Contains("DeviceIoControl(0x4b330000, 0x4d008, in 40 bytes, out 40 bytes)", Kernel32Fake.Calls);
        }

        [Test]
        public void SendMiniportIoctlPassesAShortByteCountOn()
        {
            Kernel32Fake.SetMiniportReply(1, 12);
            byte[] input = SessionStopBuffer.Build(Signature, 30, Cookie);
            IoctlReply reply = new NativeIscsiTargetIoctlApi().SendMiniportIoctl(Device, input, input.Length);
            Assert.AreEqual(12, reply.BytesReturned);
            Assert.AreEqual(-1, SessionStopBuffer.ReadReturnCode(reply.Output, reply.BytesReturned));
        }

        [Test]
        public void SendMiniportIoctlToAMissingDeviceFailsAtCreateFile()
        {
            byte[] input = SessionStopBuffer.Build(Signature, 30, Cookie);
            ApiException e = Assert.Throws<ApiException>(delegate
            {
                new NativeIscsiTargetIoctlApi().SendMiniportIoctl("\\\\.\\Scsi9:", input, input.Length);
            });
            Assert.AreEqual(2, e.Error.Code);
            StringAssert.Contains("CreateFileW(\\\\.\\Scsi9:)", e.Message);
            StringAssert.DoesNotContain("DeviceIoControl", Kernel32Fake.Calls);
        }

        [Test]
        public void SendMiniportIoctlAccessDeniedAtOpen()
        {
            Kernel32Fake.Fail("CreateFileW", -1, 5, 1, 0);
            byte[] input = SessionStopBuffer.Build(Signature, 30, Cookie);
            ApiException e = Assert.Throws<ApiException>(delegate
            {
                new NativeIscsiTargetIoctlApi().SendMiniportIoctl(Device, input, input.Length);
            });
            Assert.AreEqual(5, e.Error.Code);
        }

        [TestCase(31u, "ERROR_GEN_FAILURE")]
        [TestCase(5u, "ERROR_ACCESS_DENIED")]
        public void SendMiniportIoctlFailureCarriesTheLastError(uint code, string name)
        {
            Kernel32Fake.Fail("DeviceIoControl", -1, code, 1, 0);
            byte[] input = SessionStopBuffer.Build(Signature, 30, Cookie);
            ApiException e = Assert.Throws<ApiException>(delegate
            {
                new NativeIscsiTargetIoctlApi().SendMiniportIoctl(Device, input, input.Length);
            });
            Assert.AreEqual((long)code, e.Error.Code);
            Assert.AreEqual(name, e.Error.Name);
            StringAssert.Contains("IOCTL_SCSI_MINIPORT", e.Message);
        }

        [Test]
        public void SendMiniportIoctlWithAnotherSignatureIsRefusedByTheDevice()
        {
            byte[] input = SessionStopBuffer.Build("OTHER", 30, Cookie);
            ApiException e = Assert.Throws<ApiException>(delegate
            {
                new NativeIscsiTargetIoctlApi().SendMiniportIoctl(Device, input, input.Length);
            });
            Assert.AreEqual(1, e.Error.Code);
        }

        [Test]
        public void OsInfoCurrentReadsRtlGetVersion()
        {
            NtdllFake.SetVersion(6, 3, 9600, OsInfo.ProductServer, 0);
            OsInfo os = OsInfo.Current();
            Assert.AreEqual(6, os.Major);
            Assert.AreEqual(3, os.Minor);
            Assert.AreEqual(9600, os.Build);
            Assert.AreEqual(OsInfo.ProductServer, os.ProductType);
            Assert.IsTrue(os.IsServer2012R2);
            NtdllFake.SetVersion(10, 0, 20348, OsInfo.ProductDomainController, 0);
            os = OsInfo.Current();
            Assert.AreEqual(20348, os.Build);
            Assert.AreEqual(OsInfo.ProductDomainController, os.ProductType);
            Assert.IsFalse(os.IsServer2012R2);
        }

        [Test]
        public void OsInfoCurrentFailsOnAnNtStatus()
        {
            NtdllFake.SetVersion(6, 3, 9600, OsInfo.ProductServer, unchecked((int)0xC0000001));
            ApiException e = Assert.Throws<ApiException>(delegate { OsInfo.Current(); });
            StringAssert.Contains("RtlGetVersion", e.Message);
        }

        // ------------------------------------------------------------------ the engine on top

        private static IscsiTargetSessionStopIoctlRequest Ioctl(int tsih)
        {
            IscsiTargetSessionStopIoctlRequest r = new IscsiTargetSessionStopIoctlRequest();
            r.Tsih = new int[] { tsih };
            r.Timeout = 30;
            r.Device = Device;
            r.SessionCookie = "0x1122334455667788";
            r.Signature = Signature;
            return r;
        }

        private static Hashtable Entry(IscsiTargetSessionStopResult res, int tsih)
        {
            foreach (Hashtable h in res.Report.ToList())
            {
                if ((int)h["tsih"] == tsih)
                    return h;
            }
            Assert.Fail("no session with TSIH " + tsih + " in the report");
            return null;
        }

        private static IscsiTargetSessionStopIoctlEngine Engine(FakeClock clock, out NativeIoctlTargetApi api)
        {
            FakeIscsiTargetApi wmi = new FakeIscsiTargetApi(clock);
            wmi.Add(1, "iqn.1991-05.com.microsoft:host1", "vol1");
            wmi.Add(2, "iqn.1991-05.com.microsoft:host2", "vol2");
            api = new NativeIoctlTargetApi(wmi);
            return new IscsiTargetSessionStopIoctlEngine(api, clock, OsInfo.Current());
        }

        [Test]
        public void EngineStopsASessionThroughTheIoctl()
        {
            Kernel32Fake.SetMiniportReply(1, -1);
            NativeIoctlTargetApi api;
            IscsiTargetSessionStopIoctlEngine engine = Engine(new FakeClock(), out api);
            api.DropsTsih = 2;
            IscsiTargetSessionStopResult res = engine.Stop(Ioctl(2), false);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("stopped", e["action"], (string)e["reason"]);
            Assert.AreEqual(1L, e["return_value"]);
            byte[] seen = new byte[64];
            Assert.AreEqual(40, Kernel32Fake.LastInput(seen, seen.Length));
            Assert.AreEqual(0x88, seen[32], "the cookie at offset 32, little-endian");
            Assert.AreEqual(0x11, seen[39]);
        }

        [Test]
        public void EngineFailsOnANonZeroSrbError()
        {
            Kernel32Fake.SetMiniportReply(6, -1);
            NativeIoctlTargetApi api;
            IscsiTargetSessionStopResult res = Engine(new FakeClock(), out api).Stop(Ioctl(2), false);
            Hashtable e = Entry(res, 2);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual("SRB_STATUS_INVALID_REQUEST", ((Hashtable)e["error"])["name"]);
            Assert.IsTrue(res.Report.Failed);
        }

        [Test]
        public void EngineFailsWhenDeviceIoControlFails()
        {
            Kernel32Fake.Fail("DeviceIoControl", -1, 31, -1, 0);
            NativeIoctlTargetApi api;
            IscsiTargetSessionStopResult res = Engine(new FakeClock(), out api).Stop(Ioctl(1), false);
            Hashtable e = Entry(res, 1);
            Assert.AreEqual("failed", e["action"]);
            Assert.AreEqual(31L, ((Hashtable)e["error"])["code"]);
        }

        [Test]
        public void EngineRefusesTheIoctlOnAnotherWindowsFromRtlGetVersion()
        {
            NtdllFake.SetVersion(10, 0, 17763, OsInfo.ProductServer, 0);
            NativeIoctlTargetApi api;
            IscsiTargetSessionStopIoctlEngine engine = Engine(new FakeClock(), out api);
            IscsiTargetException ex = Assert.Throws<IscsiTargetException>(delegate { engine.Stop(Ioctl(1), false); });
            StringAssert.Contains("Windows 10.0.17763 (server)", ex.Message);
            StringAssert.DoesNotContain("CreateFileW", Kernel32Fake.Calls);
        }
    }
}
