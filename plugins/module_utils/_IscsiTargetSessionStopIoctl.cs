// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_session_stop_ioctl: ends one session that an iSCSI initiator holds on this Windows iSCSI Target Server
// with IOCTL_SCSI_MINIPORT (0x0004D008) carrying ISCSITGT_SPT_SESSION_STOP with control code ISCSITGT_SPT_SESSION_END
// (0x101), behind IIscsiTargetIoctlApi so it runs under unit tests. Documented for Windows Server 2012 R2 only; the
// SESSION_COOKIE type, the SRB signature and the device are unpublished, so the user supplies them. The selection,
// phases and outcomes are in _IscsiTargetSessionStopBase.cs, the listing in _IscsiTarget.cs. Internal to the
// collection; it may change without notice.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogSrb;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl
{
    /// <summary>What DeviceIoControl handed back.</summary>
    public class IoctlReply
    {
        public byte[] Output { get; set; }
        public int BytesReturned { get; set; }
    }



    /// <summary>
    /// ISCSITGT_SPT_SESSION_STOP as bytes. The layout is documented only as
    /// { SRB_IO_CONTROL Header; SESSION_COOKIE ITNexusHandle; } and SESSION_COOKIE is unpublished. The one
    /// choice made here is SessionCookieSize = 8 (an 8-byte, 8-aligned value): the cookie then sits at
    /// offset 32 after 4 bytes of padding and the buffer is 40 bytes. Change SessionCookieSize and every
    /// other figure follows.
    /// </summary>
    public static class SessionStopBuffer
    {
        /// <summary>THE choice: sizeof(SESSION_COOKIE), assumed 8 (UNCONFIRMED).</summary>
        public const int SessionCookieSize = 8;
        /// <summary>Natural alignment of the cookie (its size, as for any integer up to 8 bytes on x64).</summary>
        public const int CookieAlignment = SessionCookieSize;
        public const int HeaderLength = 28;
        public const int SignatureLength = 8;
        public const uint ControlCodeSessionEnd = 0x101;
        public const int CookieOffset = (HeaderLength + CookieAlignment - 1) / CookieAlignment * CookieAlignment;
        private const int StructAlignment = CookieAlignment > 4 ? CookieAlignment : 4;
        public const int TotalSize = (CookieOffset + SessionCookieSize + StructAlignment - 1) / StructAlignment * StructAlignment;
        /// <summary>SRB_IO_CONTROL.Length: the bytes that follow the header (padding and cookie).</summary>
        public const int DataLength = TotalSize - HeaderLength;
        /// <summary>Offset of SRB_IO_CONTROL.ReturnCode, read back from the output buffer.</summary>
        public const int ReturnCodeOffset = 20;

        /// <summary>1 to 8 printable ASCII characters, zero-padded to 8 bytes.</summary>
        public static byte[] EncodeSignature(string signature)
        {
            if (String.IsNullOrEmpty(signature))
                throw new ArgumentException("signature must be 1 to 8 ASCII characters");
            if (signature.Length > SignatureLength)
                throw new ArgumentException(Inv.F(
                    "signature '{0}' is {1} characters long; SRB_IO_CONTROL.Signature holds at most {2}",
                    signature, signature.Length, SignatureLength));
            byte[] res = new byte[SignatureLength];
            for (int i = 0; i < signature.Length; i++)
            {
                char c = signature[i];
                if (c < 0x20 || c > 0x7E)
                    throw new ArgumentException(Inv.F(
                        "signature '{0}' must be printable ASCII (character {1} is not)", signature, i + 1));
                res[i] = (byte)c;
            }
            return res;
        }

        /// <summary>Builds the input buffer: header (HeaderLength, Signature, Timeout, ControlCode 0x101,
        /// ReturnCode 0, Length), zero padding, then the cookie, all little-endian.</summary>
        public static byte[] Build(string signature, uint timeoutSeconds, ulong cookie)
        {
            byte[] buf = new byte[TotalSize];
            PutUInt32(buf, 0, HeaderLength);
            Array.Copy(EncodeSignature(signature), 0, buf, 4, SignatureLength);
            PutUInt32(buf, 12, timeoutSeconds);
            PutUInt32(buf, 16, ControlCodeSessionEnd);
            PutUInt32(buf, ReturnCodeOffset, 0);
            PutUInt32(buf, 24, DataLength);
            for (int i = 0; i < SessionCookieSize; i++)
                buf[CookieOffset + i] = (byte)(cookie >> (8 * i));
            return buf;
        }

        /// <summary>SRB_IO_CONTROL.ReturnCode from an output buffer, or -1 when too short to hold it.</summary>
        public static long ReadReturnCode(byte[] output, int bytesReturned)
        {
            // little-endian, as Windows is on every architecture it runs on (x86, x64, ARM64)
            int n = Math.Min(output == null ? 0 : output.Length, bytesReturned);
            return n < ReturnCodeOffset + 4 ? -1 : (long)BitConverter.ToUInt32(output, ReturnCodeOffset);
        }

        private static void PutUInt32(byte[] buf, int offset, uint value)
        {
            for (int i = 0; i < 4; i++)
                buf[offset + i] = (byte)(value >> (8 * i));
        }
    }

    /// <summary>
    /// Everything the IOCTL path asks of Windows. The native implementation is NativeIscsiTargetIoctlApi; tests use a
    /// fake. Failures are thrown as ApiException with the decoded code (WBEM HRESULTs, Win32 errors).
    /// </summary>
    public interface IIscsiTargetIoctlApi : IIscsiTargetSessionSource
    {
        /// <summary>Opens device and sends IOCTL_SCSI_MINIPORT with input; the output buffer has outputSize bytes.</summary>
        IoctlReply SendMiniportIoctl(string device, byte[] input, int outputSize);
    }

    /// <summary>The options of iscsi_target_session_stop_ioctl.</summary>
    public class IscsiTargetSessionStopIoctlRequest : IscsiTargetStopRequest
    {
        /// <summary>The device to open, e.g. \\.\Scsi2:. Null is unset; "" is refused.</summary>
        public string Device { get; set; }
        /// <summary>The SESSION_COOKIE of the one selected session, decimal or 0x hex. Null is unset; "" is refused.</summary>
        public string SessionCookie { get; set; }
        /// <summary>SRB_IO_CONTROL.Signature, 1 to 8 ASCII characters. Null is unset; "" is refused.</summary>
        public string Signature { get; set; }
        /// <summary>Send it on an OS other than Windows Server 2012 R2.</summary>
        public bool AllowUnsupportedOs { get; set; }

        public IscsiTargetSessionStopIoctlRequest()
            : base("ioctl")
        {
        }

        /// <summary>The parsed session_cookie (valid after Validate()).</summary>
        public ulong CookieValue
        {
            get { return ParseCookie(SessionCookie); }
        }

        protected override void ValidatePath()
        {
            Check("device", Device, "the pass-through device to open, for example \\\\.\\Scsi2:");
            Check("session_cookie", SessionCookie, "the SESSION_COOKIE of the session to stop");
            Check("signature", Signature, "the SRB_IO_CONTROL signature the pass-through expects");
            if (!(Device.StartsWith("\\\\.\\", StringComparison.Ordinal) || Device.StartsWith("\\\\?\\", StringComparison.Ordinal)))
                throw new ArgumentException(Inv.F(
                    "device '{0}' is not a device path: use the \\\\.\\ form, for example \\\\.\\Scsi2:", Device));
            ParseCookie(SessionCookie);
            SessionStopBuffer.EncodeSignature(Signature);
        }

        /// <summary>A required option: set and not blank.</summary>
        private static void Check(string option, string value, string what)
        {
            if (value == null || value.Trim().Length == 0)
                throw new ArgumentException(Inv.F("method=ioctl requires {0}, {1}; {0} must not be empty", option, what));
        }

        public static ulong ParseCookie(string text)
        {
            if (text == null)
                throw new ArgumentException("session_cookie is not set");
            string t = text.Trim();
            ulong value = 0;
            bool ok;
            if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                ok = t.Length > 2 && t.Length <= 2 + 2 * SessionStopBuffer.SessionCookieSize
                    && UInt64.TryParse(t.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
            else
                ok = UInt64.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
            if (!ok)
                throw new ArgumentException(Inv.F(
                    "session_cookie '{0}' is not a {1}-byte value: give a decimal number or 0x followed by up to {2} hex digits",
                    text, SessionStopBuffer.SessionCookieSize, 2 * SessionStopBuffer.SessionCookieSize));
            return value;
        }
    }

    /// <summary>iscsi_target_session_stop_ioctl: ends one session with ISCSITGT_SPT_SESSION_END through IOCTL_SCSI_MINIPORT.</summary>
    public class IscsiTargetSessionStopIoctlEngine : IscsiTargetStopEngine<IscsiTargetSessionStopIoctlRequest>
    {
        private readonly IIscsiTargetIoctlApi api;
        private readonly OsInfo os;

        static IscsiTargetSessionStopIoctlEngine()
        {
            SrbErrors.Register();
        }

        public IscsiTargetSessionStopIoctlEngine(IIscsiTargetIoctlApi api, IClock clock, OsInfo os)
            : base(api, clock)
        {
            this.api = api;
            this.os = os;
        }

        /// <summary>The engine as the module uses it on a Windows host.</summary>
        public static IscsiTargetSessionStopIoctlEngine CreateNative()
        {
            return new IscsiTargetSessionStopIoctlEngine(new NativeIscsiTargetIoctlApi(), new SystemClock(), OsInfo.Current());
        }

        /// <summary>The call as messages name it.</summary>
        internal static string Call(string device)
        {
            return Inv.F("DeviceIoControl({0}, IOCTL_SCSI_MINIPORT, ISCSITGT_SPT_SESSION_END)", device);
        }

        /// <summary>Refuses to run on anything but Windows Server 2012 R2 unless overridden.</summary>
        protected override void Prepare(StopRun run)
        {
            if (os.IsServer2012R2)
                return;
            string text = Inv.F(
                "method=ioctl sends ISCSITGT_SPT_SESSION_END (0x101), which Microsoft documents for Windows Server 2012 R2 only; this host is {0}",
                os);
            if (!((IscsiTargetSessionStopIoctlRequest)run.Request).AllowUnsupportedOs)
                throw new IscsiTargetException(text + ". Set allow_unsupported_os=true to send it anyway, or use iscsi_target_session_stop.", null);
            run.Report.Warnings.Add(text + "; sending it because allow_unsupported_os=true.");
        }

        protected override void Plan(StopRun run, List<StopItem> planned)
        {
            if (planned.Count > 1)
            {
                // one session per task, the one session_cookie belongs to
                string reason = Inv.F(
                    "method=ioctl stops exactly one session, the one session_cookie belongs to, but {0} sessions matched (TSIH {1}); narrow the selection with tsih",
                    planned.Count, String.Join(", ", planned.ConvertAll(delegate(StopItem p) { return p.Session.Tsih.ToString(CultureInfo.InvariantCulture); }).ToArray()));
                foreach (StopItem p in planned)
                    Fail(p, reason, null);
                return;
            }
            StopItem one = planned[0];
            if (run.CheckMode)
            {
                one.Outcome.Kind = OutcomeKind.WouldEnd;
                return;
            }
            IscsiTargetSessionStopIoctlRequest request = (IscsiTargetSessionStopIoctlRequest)run.Request;
            byte[] input = SessionStopBuffer.Build(request.Signature, (uint)request.Timeout, request.CookieValue);
            string call = Call(request.Device);
            IoctlReply reply;
            try
            {
                reply = api.SendMiniportIoctl(request.Device, input, input.Length);
            }
            catch (ApiException e)
            {
                FailUnlessGone(one, (e.Operation == null ? call : e.Operation) + " failed", e.Error);
                return;
            }
            Answered(one, call, reply);
        }

        /// <summary>What SRB_IO_CONTROL.ReturnCode means for the session; the listing decides unless it is an SRB error.</summary>
        private void Answered(StopItem one, string call, IoctlReply reply)
        {
            long rc = SessionStopBuffer.ReadReturnCode(reply.Output, reply.BytesReturned);
            if (rc > 0xFF)
            {
                // SRB_STATUS values are one byte; masking a larger, driver-private value (an NTSTATUS such as
                // 0xC0000001 would mask to SRB_STATUS_SUCCESS) would misreport it, so it is shown raw.
                one.Outcome.Fields["return_value"] = rc;
                one.Answer = Inv.F(
                    "{0} succeeded; SRB_IO_CONTROL.ReturnCode 0x{1:X8} is not an SRB status (the driver's own value)", call, rc);
            }
            else if (rc >= 0)
            {
                one.Outcome.Fields["return_value"] = rc;
                ErrorInfo srb = ErrorCatalog.Decode(rc, "srb");
                one.Answer = call + " succeeded; SRB_IO_CONTROL.ReturnCode " + srb;
                if (srb.Severity == "error")
                {
                    FailUnlessGone(one, call + " succeeded but SRB_IO_CONTROL.ReturnCode is " + srb.Name, srb);
                    return;
                }
            }
            else
            {
                one.Answer = call + " succeeded without returning SRB_IO_CONTROL";
            }
            one.Outcome.Kind = OutcomeKind.Started;
        }
    }

    internal static class NativeHelpers
    {
        public const uint IOCTL_SCSI_MINIPORT = 0x0004D008;
        public const uint GENERIC_READ = 0x80000000;
        public const uint GENERIC_WRITE = 0x40000000;
        public const uint FILE_SHARE_READ = 0x00000001;
        public const uint FILE_SHARE_WRITE = 0x00000002;
        public const uint OPEN_EXISTING = 3;
        // SRB_IO_CONTROL and ISCSITGT_SPT_SESSION_STOP (ntddscsi.h) are mirrored in the tests, which check
        // SessionStopBuffer against the marshaller; the product builds the bytes itself
    }

    internal static class NativeMethods
    {
        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern SafeFileHandle CreateFileW(string lpFileName, uint dwDesiredAccess, uint dwShareMode,
            IntPtr lpSecurityAttributes, uint dwCreationDisposition, uint dwFlagsAndAttributes, IntPtr hTemplateFile);

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool DeviceIoControl(SafeFileHandle hDevice, uint dwIoControlCode, byte[] lpInBuffer,
            int nInBufferSize, [Out] byte[] lpOutBuffer, int nOutBufferSize, out int lpBytesReturned, IntPtr lpOverlapped);
    }

    /// <summary>The Windows side of the IOCTL path: the listing through the WMI adapter (_Wmi.cs), the IOCTL through kernel32. Translation only.</summary>
    public class NativeIscsiTargetIoctlApi : NativeIscsiTargetSessions, IIscsiTargetIoctlApi
    {
        public IoctlReply SendMiniportIoctl(string device, byte[] input, int outputSize)
        {
            using (SafeFileHandle handle = NativeMethods.CreateFileW(device,
                NativeHelpers.GENERIC_READ | NativeHelpers.GENERIC_WRITE,
                NativeHelpers.FILE_SHARE_READ | NativeHelpers.FILE_SHARE_WRITE, IntPtr.Zero,
                NativeHelpers.OPEN_EXISTING, 0, IntPtr.Zero))
            {
                if (handle.IsInvalid)
                    throw ApiException.FromWin32(String.Format("CreateFileW({0})", device), Marshal.GetLastWin32Error());
                byte[] output = new byte[outputSize];
                int returned;
                if (!NativeMethods.DeviceIoControl(handle, NativeHelpers.IOCTL_SCSI_MINIPORT, input, input.Length, output,
                    output.Length, out returned, IntPtr.Zero))
                    throw ApiException.FromWin32(IscsiTargetSessionStopIoctlEngine.Call(device), Marshal.GetLastWin32Error());
                IoctlReply reply = new IoctlReply();
                reply.Output = output;
                reply.BytesReturned = returned;
                return reply;
            }
        }
    }
}
