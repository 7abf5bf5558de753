// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Test-only: the control functions of the ABI-level C fakes in tests/native (libWtsapi32.so, libiscsidsc.so,
// libkernel32.so, libntdll.so, libadvapi32.so = libsecur32.so), which tools/cs_test.sh builds with gcc and puts on LD_LIBRARY_PATH. The Native*
// classes of the utils call the same libraries through their own, unmodified DllImport declarations; the tests use
// these to script what the fakes serve and to read back what the code did (violations, leaks, calls).
using System;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace SessionCtl.Tests
{
    internal static class FakeText
    {
        internal static string Ansi(IntPtr p)
        {
            return p == IntPtr.Zero ? "" : Marshal.PtrToStringAnsi(p);
        }
    }

    /// <summary>libWtsapi32.so control (tests/native/fake_wtsapi32.c).</summary>
    internal static class WtsFake
    {
        private const string Dll = "Wtsapi32.dll";

        [DllImport(Dll, EntryPoint = "wtsfake_reset")]
        public static extern void Reset();

        [DllImport(Dll, EntryPoint = "wtsfake_add_session", CharSet = CharSet.Unicode)]
        public static extern void AddSession(string server, int id, int state, string name, string user, string domain,
            string host, string farm, string client);

        [DllImport(Dll, EntryPoint = "wtsfake_add_server", CharSet = CharSet.Unicode)]
        public static extern void AddServer(string server);

        [DllImport(Dll, EntryPoint = "wtsfake_set_times", CharSet = CharSet.Unicode)]
        public static extern void SetTimes(string server, int id, long connect, long disconnect, long lastInput,
            long logon, long current);

        [DllImport(Dll, EntryPoint = "wtsfake_remove_session", CharSet = CharSet.Unicode)]
        public static extern void RemoveSession(string server, int id);

        [DllImport(Dll, EntryPoint = "wtsfake_set_logoff_linger")]
        public static extern void SetLogoffLinger(int enumerations);

        [DllImport(Dll, EntryPoint = "wtsfake_session_count", CharSet = CharSet.Unicode)]
        public static extern int SessionCount(string server);

        [DllImport(Dll, EntryPoint = "wtsfake_open_handles")]
        public static extern int OpenHandles();

        [DllImport(Dll, EntryPoint = "wtsfake_last_free_class")]
        public static extern int LastFreeClass();

        [DllImport(Dll, EntryPoint = "wtsfake_free_ex_calls")]
        public static extern int FreeExCalls();

        [DllImport(Dll, EntryPoint = "wtsfake_free_calls")]
        public static extern int FreeCalls();

        [DllImport(Dll, EntryPoint = "wtsfake_message_count")]
        public static extern int MessageCount();

        [DllImport(Dll, EntryPoint = "wtsfake_message_title")]
        private static extern IntPtr MessageTitlePtr(int i);

        [DllImport(Dll, EntryPoint = "wtsfake_message_text")]
        private static extern IntPtr MessageTextPtr(int i);

        [DllImport(Dll, EntryPoint = "wtsfake_message_session")]
        public static extern int MessageSession(int i);

        [DllImport(Dll, EntryPoint = "wtsfake_message_timeout")]
        public static extern int MessageTimeout(int i);

        [DllImport(Dll, EntryPoint = "wtsfake_message_style")]
        public static extern int MessageStyle(int i);

        /// <summary>The next count calls of fn (on session, or any with -1) fail with code; remove: the session
        /// disappears as the call fails. count -1: every call.</summary>
        [DllImport(Dll, EntryPoint = "wtsfake_fail", CharSet = CharSet.Unicode)]
        public static extern void Fail(string fn, long session, uint code, int count, int remove);

        [DllImport(Dll, EntryPoint = "wtsfake_violation_count")]
        public static extern int ViolationCount();

        [DllImport(Dll, EntryPoint = "wtsfake_violations")]
        private static extern IntPtr ViolationsPtr();

        [DllImport(Dll, EntryPoint = "wtsfake_calls")]
        private static extern IntPtr CallsPtr();

        [DllImport(Dll, EntryPoint = "wtsfake_outstanding")]
        public static extern int Outstanding();

        [DllImport(Dll, EntryPoint = "wtsfake_leaks")]
        private static extern IntPtr LeaksPtr();

        public static string MessageTitle(int i)
        {
            return Marshal.PtrToStringUni(MessageTitlePtr(i));
        }

        public static string MessageText(int i)
        {
            return Marshal.PtrToStringUni(MessageTextPtr(i));
        }

        public static string Violations
        {
            get { return FakeText.Ansi(ViolationsPtr()); }
        }

        public static string Calls
        {
            get { return FakeText.Ansi(CallsPtr()); }
        }

        public static string Leaks
        {
            get { return FakeText.Ansi(LeaksPtr()); }
        }

        /// <summary>No caller bug recorded, every buffer freed once by its function, every handle closed.</summary>
        public static void AssertClean()
        {
            Assert.AreEqual("", Violations, "wtsapi32 fake recorded caller bugs");
            Assert.AreEqual(0, Outstanding(), "WTS buffers never freed:\n" + Leaks);
            Assert.AreEqual(0, OpenHandles(), "WTS server handles never closed");
        }
    }

    /// <summary>libiscsidsc.so control (tests/native/fake_iscsidsc.c).</summary>
    internal static class IscsiFake
    {
        private const string Dll = "iscsidsc.dll";

        [DllImport(Dll, EntryPoint = "iscsifake_reset")]
        public static extern void Reset();

        [DllImport(Dll, EntryPoint = "iscsifake_add_session", CharSet = CharSet.Unicode)]
        public static extern int AddSession(ulong unique, ulong specific, string initiator, string nodeName,
            string target);

        [DllImport(Dll, EntryPoint = "iscsifake_add_connection", CharSet = CharSet.Unicode)]
        public static extern void AddConnection(int session, string initiatorAddress, int initiatorSocket,
            string targetAddress, int targetSocket);

        [DllImport(Dll, EntryPoint = "iscsifake_add_device", CharSet = CharSet.Unicode)]
        public static extern void AddDevice(int session, int deviceType, int deviceNumber, int partition,
            string legacyName, string interfaceName);

        [DllImport(Dll, EntryPoint = "iscsifake_add_login", CharSet = CharSet.Unicode)]
        public static extern void AddLogin(string target, int informational, string initiatorInstance, uint port,
            string portalSymbolic, string portalAddress, int portalSocket);

        [DllImport(Dll, EntryPoint = "iscsifake_grow", CharSet = CharSet.Unicode)]
        public static extern void Grow(string fn, int n);

        /// <summary>1: GetDevicesForIScsiSessionW leaves DeviceCount at the caller's capacity with
        /// ERROR_INSUFFICIENT_BUFFER (Learn's wording); 0: it sets the count needed.</summary>
        [DllImport(Dll, EntryPoint = "iscsifake_set_device_count_kept")]
        public static extern void SetDeviceCountKept(int kept);

        [DllImport(Dll, EntryPoint = "iscsifake_session_count")]
        public static extern int SessionCount();

        [DllImport(Dll, EntryPoint = "iscsifake_login_count")]
        public static extern int LoginCount();

        /// <summary>For LogoutIScsiTarget and GetDevicesForIScsiSessionW, session is the AdapterSpecific half.</summary>
        [DllImport(Dll, EntryPoint = "iscsifake_fail", CharSet = CharSet.Unicode)]
        public static extern void Fail(string fn, long session, uint code, int count, int remove);

        [DllImport(Dll, EntryPoint = "iscsifake_violations")]
        private static extern IntPtr ViolationsPtr();

        [DllImport(Dll, EntryPoint = "iscsifake_calls")]
        private static extern IntPtr CallsPtr();

        public static string Violations
        {
            get { return FakeText.Ansi(ViolationsPtr()); }
        }

        public static string Calls
        {
            get { return FakeText.Ansi(CallsPtr()); }
        }

        public static void AssertClean()
        {
            Assert.AreEqual("", Violations, "iscsidsc fake recorded caller bugs");
        }
    }

    /// <summary>libkernel32.so control (tests/native/fake_kernel32.c).</summary>
    internal static class Kernel32Fake
    {
        private const string Dll = "kernel32.dll";
        public const int Disk = 1;
        public const int Miniport = 2;

        [DllImport(Dll, EntryPoint = "k32fake_reset")]
        public static extern void Reset();

        [DllImport(Dll, EntryPoint = "k32fake_set_session_id")]
        public static extern void SetSessionId(int id);

        /// <summary>What GetComputerNameExW answers for a COMPUTER_NAME_FORMAT (0 NetBIOS, 1 DNS host, 3 FQDN).</summary>
        [DllImport(Dll, EntryPoint = "k32fake_set_computer_name", CharSet = CharSet.Unicode)]
        public static extern void SetComputerName(int format, string name);

        [DllImport(Dll, EntryPoint = "k32fake_add_device", CharSet = CharSet.Unicode)]
        public static extern void AddDevice(string path, int kind, int diskNumber, string signature);

        /// <summary>bit 0: offline; bit 1: the request asked to persist; -1: no such disk.</summary>
        [DllImport(Dll, EntryPoint = "k32fake_disk_offline")]
        public static extern int DiskOffline(int diskNumber);

        public const int Volume = 3;

        /// <summary>bit 0: locked (flushed); bit 1: dismounted; bit 2: in use; -1: no such volume.</summary>
        [DllImport(Dll, EntryPoint = "k32fake_volume_state", CharSet = CharSet.Unicode)]
        public static extern int VolumeState(string path);

        [DllImport(Dll, EntryPoint = "k32fake_volume_in_use", CharSet = CharSet.Unicode)]
        public static extern void VolumeInUse(string path, int inUse);

        [DllImport(Dll, EntryPoint = "k32fake_open_finds")]
        public static extern int OpenFinds();

        [DllImport(Dll, EntryPoint = "k32fake_set_miniport_reply")]
        public static extern void SetMiniportReply(uint returnCode, long bytesReturned);

        [DllImport(Dll, EntryPoint = "k32fake_last_input")]
        public static extern int LastInput([Out] byte[] buf, int cap);

        [DllImport(Dll, EntryPoint = "k32fake_last_access")]
        public static extern uint LastAccess();

        [DllImport(Dll, EntryPoint = "k32fake_last_disposition")]
        public static extern uint LastDisposition();

        [DllImport(Dll, EntryPoint = "k32fake_fail", CharSet = CharSet.Unicode)]
        public static extern void Fail(string fn, long session, uint code, int count, int remove);

        [DllImport(Dll, EntryPoint = "k32fake_violations")]
        private static extern IntPtr ViolationsPtr();

        [DllImport(Dll, EntryPoint = "k32fake_calls")]
        private static extern IntPtr CallsPtr();

        public static string Violations
        {
            get { return FakeText.Ansi(ViolationsPtr()); }
        }

        public static string Calls
        {
            get { return FakeText.Ansi(CallsPtr()); }
        }

        public static void AssertClean()
        {
            Assert.AreEqual("", Violations, "kernel32 fake recorded caller bugs");
        }
    }

    /// <summary>libntdll.so control (tests/native/fake_ntdll.c).</summary>
    internal static class NtdllFake
    {
        private const string Dll = "ntdll.dll";

        [DllImport(Dll, EntryPoint = "ntfake_reset")]
        public static extern void Reset();

        [DllImport(Dll, EntryPoint = "ntfake_set_version")]
        public static extern void SetVersion(uint major, uint minor, uint build, int productType, int status);

        [DllImport(Dll, EntryPoint = "ntfake_violations")]
        private static extern IntPtr ViolationsPtr();

        public static string Violations
        {
            get { return FakeText.Ansi(ViolationsPtr()); }
        }
    }

    /// <summary>libadvapi32.so / libsecur32.so control (tests/native/fake_advapi32.c): the token NativeAccessToken reads.</summary>
    internal static class Advapi32Fake
    {
        private const string Dll = "advapi32.dll";
        public const int Default = 1;
        public const int Full = 2;
        public const int Limited = 3;

        /// <summary>Back to a domain administrator's full token over a network logon (Kerberos, CONTOSO\ansible).</summary>
        [DllImport(Dll, EntryPoint = "a32fake_reset")]
        public static extern void Reset();

        [DllImport(Dll, EntryPoint = "a32fake_set_token")]
        public static extern void SetToken(int elevationType, int elevated, int admin, int local, int noLocalSid,
            int tokenType, int impersonation, int logonType, int lsaFail, int threadToken);

        [DllImport(Dll, EntryPoint = "a32fake_set_logon", CharSet = CharSet.Unicode)]
        public static extern void SetLogon(string user, string domain, string package);

        [DllImport(Dll, EntryPoint = "a32fake_fail", CharSet = CharSet.Unicode)]
        public static extern void Fail(string fn, long session, uint code, int count, int remove);

        [DllImport(Dll, EntryPoint = "a32fake_open_tokens")]
        public static extern int OpenTokens();

        [DllImport(Dll, EntryPoint = "a32fake_outstanding")]
        public static extern int Outstanding();

        [DllImport(Dll, EntryPoint = "a32fake_violations")]
        private static extern IntPtr ViolationsPtr();

        [DllImport(Dll, EntryPoint = "a32fake_calls")]
        private static extern IntPtr CallsPtr();

        [DllImport("kernel32.dll", EntryPoint = "k32fake_closed_tokens")]
        public static extern int ClosedTokens();

        /// <summary>A local administrator over NTLM whose network logon UAC filtered (deny-only Administrators).</summary>
        public static void FilteredLocalAdministrator()
        {
            SetToken(Limited, 0, 0, 1, 0, 1, 0, 3, 0, 0);
            SetLogon("localadmin", "HOST1", "NTLM");
        }

        public static string Violations
        {
            get { return FakeText.Ansi(ViolationsPtr()); }
        }

        public static string Calls
        {
            get { return FakeText.Ansi(CallsPtr()); }
        }

        /// <summary>No caller bug, every token closed once, every LSA buffer freed once.</summary>
        public static void AssertClean()
        {
            Assert.AreEqual("", Violations, "advapi32 fake recorded caller bugs");
            Assert.AreEqual(0, Outstanding(), "LSA buffers never freed with LsaFreeReturnBuffer");
            Assert.AreEqual(OpenTokens(), ClosedTokens(), "token handles opened vs closed: " + Calls);
        }
    }
}
