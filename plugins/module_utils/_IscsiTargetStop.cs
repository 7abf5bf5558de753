// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Ending the sessions that iSCSI initiators hold on this Windows iSCSI Target Server (iscsi_target_session_stop);
// keeping them ended is in _IscsiTargetKeepEnded.cs, the session model and the listing in _IscsiTarget.cs.
// Internal to the collection; it may change without notice.
//
// Two ways to end a session, both behind IIscsiTargetApi so the engine runs under unit tests:
//   cim   - MSISCSITARGET_iSCSISession.RequestStateChange (root\CIMv2\Storage\iScsiTarget, Server 2012 R2+).
//           UNCONFIRMED: Microsoft does not say which RequestedState values its provider honours; it may
//           answer 1 (Not Supported) or 4097 (Invalid State Transition). The engine reports that answer, decoded.
//   ioctl - IOCTL_SCSI_MINIPORT (0x0004D008) carrying ISCSITGT_SPT_SESSION_STOP with control code
//           ISCSITGT_SPT_SESSION_END (0x101). Documented for Windows Server 2012 R2 only; the SESSION_COOKIE
//           type, the SRB signature and the device are unpublished, so the user supplies them.
// Sessions are listed from root\WMI WT_Host.Sessions (WT_Session, WT_Connection) in both cases, and a
// session is only reported as stopped once a fresh listing no longer shows it.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogSrb;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetStop
{
    /// <summary>An MSISCSITARGET_iSCSISession instance: what RequestStateChange is invoked on.</summary>
    public class CimSessionRef
    {
        /// <summary>The instance's WMI path (opaque to the engine).</summary>
        public string Path { get; set; }
        public long Tsih { get; set; }
        /// <summary>
        /// CIM_iSCSISession.EndPointName: "the iSCSI Port Name (iSCSIProtocolEndPoint.Name) of the device at the
        /// other end". An iSCSI port name is either the bare node name or, per RFC 3720, the node name followed by
        /// ",i,0x" and the ISID; which form Microsoft's provider uses is UNCONFIRMED, so both are accepted.
        /// </summary>
        public string EndPointName { get; set; }

        /// <summary>
        /// True when EndPointName names this initiator (and, in the ",i,0x&lt;ISID&gt;" form, this ISID). A missing
        /// EndPointName, or one that does not parse as an iSCSI port name, names nobody: it is never a match.
        /// </summary>
        public bool IsPeer(string initiatorIqn, ulong isid)
        {
            return PeerMatch(initiatorIqn, isid) != null;
        }

        /// <summary>
        /// How EndPointName names this initiator: null when it does not, "" when it carries no ISID or the ISID as
        /// listed, or a note when it carries the ISID's six bytes in the other order. WT_Session.ISID is a uint64 whose
        /// byte order against the ISID text of a port name is undocumented (UNCONFIRMED), so both orders are accepted.
        /// </summary>
        public string PeerMatch(string initiatorIqn, ulong isid)
        {
            string node;
            ulong portIsid;
            bool hasIsid;
            if (String.IsNullOrEmpty(initiatorIqn) || !PortName.TryParse(EndPointName, 'i', out node, out portIsid, out hasIsid)
                || !String.Equals(node, initiatorIqn, StringComparison.OrdinalIgnoreCase))
                return null;
            if (!hasIsid || portIsid == isid)
                return "";
            ulong reversed = 0;
            for (int i = 0; i < 6; i++, isid >>= 8)
                reversed = (reversed << 8) | (isid & 0xFF);
            return portIsid == reversed ? String.Format(CultureInfo.InvariantCulture,
                "EndPointName '{0}' carries the ISID with its bytes in reverse order", EndPointName) : null;
        }

        /// <summary>
        /// Name of the session's target-side MSISCSITARGET_iSCSIProtocolEndpoint (the other end of the pipe, over
        /// CIM_EndpointOfNetworkPipe): the iSCSI port name "&lt;target node name&gt;,t,0x&lt;TPGT&gt;". Null when it could not be read.
        /// </summary>
        public string TargetEndPointName { get; set; }

        /// <summary>The target node name (IQN) from TargetEndPointName, or null when it is missing or does not parse.</summary>
        public string TargetNodeName
        {
            get
            {
                string node;
                ulong tpgt;
                bool hasTpgt;
                if (!PortName.TryParse(TargetEndPointName, 't', out node, out tpgt, out hasTpgt))
                    return null;
                if (hasTpgt && tpgt > 0xFFFF)
                    return null;
                return node;
            }
        }
    }

    /// <summary>
    /// iSCSI port names (RFC 7143 4.2.7.1 and CIM_iSCSIProtocolEndpoint.Name): the node name alone, or the node name,
    /// ",i," and the ISID for an initiator port, ",t," and the TPGT for a target port, the number in hex with an
    /// optional 0x. Anything else does not parse.
    /// </summary>
    public static class PortName
    {
        public static bool TryParse(string text, char role, out string node, out ulong tag, out bool hasTag)
        {
            node = null;
            tag = 0;
            hasTag = false;
            if (text == null)
                return false;
            string t = text.Trim();
            string name = t;
            int comma = t.IndexOf(',');
            if (comma >= 0)
            {
                string[] parts = t.Split(',');
                if (parts.Length != 3 || parts[1].Trim().Length != 1 || Char.ToLowerInvariant(parts[1].Trim()[0]) != role)
                    return false;
                name = parts[0].Trim();
                string hex = parts[2].Trim();
                if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                    hex = hex.Substring(2);
                if (hex.Length == 0 || hex.Length > 12
                    || !UInt64.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out tag))
                    return false;
                hasTag = true;
            }
            if (!IscsiName.IsValid(name))
                return false;
            node = name;
            return true;
        }
    }

    /// <summary>
    /// NTSTATUS values (what ntdll's Rtl* functions return): bits 31-30 are the severity (0 success, 1 informational,
    /// 2 warning, 3 error), bit 29 marks a customer code, bits 27-16 the facility. [MS-ERREF] 2.3.
    /// </summary>
    public static class NtStatus
    {
        /// <summary>The names of the NTSTATUS values RtlGetVersion can meet (ntstatus.h), by value.</summary>
        private static readonly Dictionary<long, string> Known = new Dictionary<long, string>();

        static NtStatus()
        {
            Known[0x00000000L] = "STATUS_SUCCESS";
            Known[0x80000005L] = "STATUS_BUFFER_OVERFLOW";
            Known[0xC0000002L] = "STATUS_NOT_IMPLEMENTED";
            Known[0xC0000004L] = "STATUS_INFO_LENGTH_MISMATCH";
            Known[0xC0000005L] = "STATUS_ACCESS_VIOLATION";
            Known[0xC000000DL] = "STATUS_INVALID_PARAMETER";
            Known[0xC0000023L] = "STATUS_BUFFER_TOO_SMALL";
            Known[0xC00000BBL] = "STATUS_NOT_SUPPORTED";
        }

        public static ErrorInfo Decode(int status)
        {
            long code = status & 0xFFFFFFFFL;
            string severity = new string[] { "success", "info", "warning", "error" }[code >> 30];
            string name;
            if (!Known.TryGetValue(code, out name))
                name = "UNKNOWN";
            return new ErrorInfo(code, name, Inv.F("NTSTATUS 0x{0:X8} {1} (severity {2}, facility {3}).",
                code, name, severity, (code >> 16) & 0xFFF), "NTSTATUS", "ntstatus", severity, -1);
        }
    }

    /// <summary>What RequestStateChange answered: ReturnValue and, for 4096, the job's path.</summary>
    public class StateChangeReply
    {
        public long ReturnValue { get; set; }
        public string JobPath { get; set; }
    }

    /// <summary>A CIM_ConcreteJob as read back.</summary>
    public class CimJobStatus
    {
        /// <summary>CIM_ConcreteJob.JobState: 2 New, 3 Starting, 4 Running, 5 Suspended, 6 Shutting Down,
        /// 7 Completed, 8 Terminated, 9 Killed, 10 Exception, 11 Service, 12 Query Pending.</summary>
        public int JobState { get; set; }
        public long ErrorCode { get; set; }
        public string ErrorDescription { get; set; }

        public const int Completed = 7;

        public bool IsFinished
        {
            get { return JobState >= 7 && JobState <= 10; }
        }

        private static readonly string[] Names = new string[] { "New", "Starting", "Running", "Suspended", "Shutting Down",
            "Completed", "Terminated", "Killed", "Exception", "Service", "Query Pending" };

        public static string StateName(int state)
        {
            return state >= 2 && state <= 12 ? Names[state - 2] : "state " + state.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>What DeviceIoControl handed back.</summary>
    public class IoctlReply
    {
        public byte[] Output { get; set; }
        public int BytesReturned { get; set; }
    }

    /// <summary>The OS version and product type (RtlGetVersion), an input of the engine's OS guard.</summary>
    public class OsInfo
    {
        public const int ProductWorkstation = 1;
        public const int ProductDomainController = 2;
        public const int ProductServer = 3;

        public int Major { get; private set; }
        public int Minor { get; private set; }
        public int Build { get; private set; }
        /// <summary>OSVERSIONINFOEXW.wProductType: 1 workstation, 2 domain controller, 3 server.</summary>
        public int ProductType { get; private set; }

        public OsInfo(int major, int minor, int build, int productType)
        {
            Major = major;
            Minor = minor;
            Build = build;
            ProductType = productType;
        }

        /// <summary>Windows Server 2012 R2: version 6.3 on a server product (server or domain controller).</summary>
        public bool IsServer2012R2
        {
            get { return Major == 6 && Minor == 3 && (ProductType == ProductServer || ProductType == ProductDomainController); }
        }

        public override string ToString()
        {
            string kind = ProductType == ProductWorkstation ? "workstation"
                : ProductType == ProductDomainController ? "domain controller"
                : ProductType == ProductServer ? "server" : "product type " + ProductType.ToString(CultureInfo.InvariantCulture);
            return Inv.F("Windows {0}.{1}.{2} ({3})", Major, Minor, Build, kind);
        }

        /// <summary>The running OS, from RtlGetVersion (not subject to the GetVersionEx compatibility shim).</summary>
        public static OsInfo Current()
        {
            return FromRtlGetVersion(NativeMethods.RtlGetVersion);
        }

        /// <summary>RtlGetVersion's signature, so tests can hand in a fake of it.</summary>
        internal delegate int RtlGetVersionCall(ref NativeHelpers.OSVERSIONINFOEXW lpVersionInformation);

        internal static OsInfo FromRtlGetVersion(RtlGetVersionCall rtlGetVersion)
        {
            NativeHelpers.OSVERSIONINFOEXW info = new NativeHelpers.OSVERSIONINFOEXW();
            info.dwOSVersionInfoSize = Marshal.SizeOf(typeof(NativeHelpers.OSVERSIONINFOEXW));
            int status = rtlGetVersion(ref info);
            // RtlGetVersion returns an NTSTATUS (wdm.h), not an HRESULT: decoded as one, any non-success value fails.
            if (status != 0)
                throw new ApiException("RtlGetVersion", NtStatus.Decode(status));
            return new OsInfo(info.dwMajorVersion, info.dwMinorVersion, info.dwBuildNumber, info.wProductType);
        }
    }


    /// <summary>
    /// Everything the engine asks of Windows. The native implementation is NativeIscsiTargetApi; tests use a fake.
    /// Failures are thrown as ApiException with the decoded code (WBEM HRESULTs, Win32 errors).
    /// </summary>
    public interface IIscsiTargetApi : IIscsiTargetSessionSource
    {
        /// <summary>Instances of MSISCSITARGET_iSCSISession (root\CIMv2\Storage\iScsiTarget).</summary>
        List<CimSessionRef> ListCimSessions();

        /// <summary>RequestStateChange(RequestedState, out Job, TimeoutPeriod); timeoutPeriod null leaves it unset.</summary>
        StateChangeReply RequestStateChange(CimSessionRef session, int requestedState, TimeSpan? timeoutPeriod);

        /// <summary>Reads the CIM_ConcreteJob at the path RequestStateChange returned.</summary>
        CimJobStatus GetJob(string jobPath);

        /// <summary>Opens device and sends IOCTL_SCSI_MINIPORT with input; the output buffer has outputSize bytes.</summary>
        IoctlReply SendMiniportIoctl(string device, byte[] input, int outputSize);
    }

    /// <summary>The options of iscsi_target_session_stop.</summary>
    public class TargetSessionStopRequest : TargetSessionInfoRequest
    {
        public static readonly string[] Methods = new string[] { "auto", "cim", "ioctl" };

        /// <summary>auto (= cim), cim or ioctl; null is auto.</summary>
        public string Method { get; set; }
        /// <summary>Seconds to wait for jobs and for sessions to disappear; also the SRB Timeout.</summary>
        public int Timeout { get; set; }
        /// <summary>cim only: disabled (RequestedState 3) or shut_down (4); null is disabled.</summary>
        public string RequestedState { get; set; }
        /// <summary>ioctl only: the device to open, e.g. \\.\Scsi2:. Null is unset; "" is refused.</summary>
        public string Device { get; set; }
        /// <summary>ioctl only: the SESSION_COOKIE of the one selected session, decimal or 0x hex. Null is unset; "" is refused.</summary>
        public string SessionCookie { get; set; }
        /// <summary>ioctl only: SRB_IO_CONTROL.Signature, 1 to 8 ASCII characters. Null is unset; "" is refused.</summary>
        public string Signature { get; set; }
        /// <summary>ioctl only: send it on an OS other than Windows Server 2012 R2.</summary>
        public bool AllowUnsupportedOs { get; set; }

        public TargetSessionStopRequest()
        {
            Method = "auto";
            Timeout = 60;
            RequestedState = "disabled";
        }

        /// <summary>The method actually used: auto means cim.</summary>
        public string EffectiveMethod
        {
            get { return Method == "ioctl" ? "ioctl" : "cim"; }
        }

        /// <summary>RequestedState as a number; null (unset) is the default, disabled.</summary>
        public int RequestedStateValue
        {
            get { return RequestedState == null ? CimStates.Disabled : CimStates.FromName(RequestedState); }
        }

        /// <summary>The parsed session_cookie (valid after Validate()).</summary>
        public ulong CookieValue
        {
            get { return ParseCookie(SessionCookie); }
        }

        public override void Validate()
        {
            base.Validate();
            if (!HasSelector && !All)
                throw new ArgumentException(
                    "select the sessions to stop with initiator, target or tsih, or set all=true; nothing is stopped without either");
            // One rule for every string option: null is unset (the default applies); an explicit value, even "",
            // is validated, and an empty or blank one is refused by name where it means nothing.
            if (Method != null && Array.IndexOf(Methods, Method) < 0)
                throw new ArgumentException(Inv.F("method must be one of {0}, got '{1}'",
                    String.Join(", ", Methods), Method));
            if (Timeout < 0)
                throw new ArgumentException("timeout must be 0 or more seconds");
            if (RequestedState != null)
                CimStates.FromName(RequestedState);
            bool ioctl = EffectiveMethod == "ioctl";
            Check("device", Device, ioctl, "the pass-through device to open, for example \\\\.\\Scsi2:");
            Check("session_cookie", SessionCookie, ioctl, "the SESSION_COOKIE of the session to stop");
            Check("signature", Signature, ioctl, "the SRB_IO_CONTROL signature the pass-through expects");
            if (!ioctl)
                return;
            if (!(Device.StartsWith("\\\\.\\", StringComparison.Ordinal) || Device.StartsWith("\\\\?\\", StringComparison.Ordinal)))
                throw new ArgumentException(Inv.F(
                    "device '{0}' is not a device path: use the \\\\.\\ form, for example \\\\.\\Scsi2:", Device));
            ParseCookie(SessionCookie);
            SessionStopBuffer.EncodeSignature(Signature);
        }

        /// <summary>An ioctl-only option: required and not blank with method=ioctl, left out otherwise.</summary>
        private void Check(string option, string value, bool ioctl, string what)
        {
            if (ioctl && (value == null || value.Trim().Length == 0))
                throw new ArgumentException(Inv.F("method=ioctl requires {0}, {1}; {0} must not be empty", option, what));
            if (!ioctl && value != null)
                throw new ArgumentException(Inv.F(
                    "{0} applies to method=ioctl only; it is set (to '{1}') but method is {2}: leave it out", option, value, Method ?? "auto"));
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

    /// <summary>The CIM datetime interval format: ddddddddhhmmss.mmmmmm:000 (days, hours, minutes, seconds, microseconds).</summary>
    public static class CimInterval
    {
        public static string Format(TimeSpan interval)
        {
            if (interval < TimeSpan.Zero)
                throw new ArgumentOutOfRangeException("interval", "a CIM interval cannot be negative");
            if (interval.Days > 99999999)
                throw new ArgumentOutOfRangeException("interval", "a CIM interval holds at most 99999999 days");
            long micro = (interval.Ticks % TimeSpan.TicksPerSecond) / 10;
            return String.Format(CultureInfo.InvariantCulture, "{0:D8}{1:D2}{2:D2}{3:D2}.{4:D6}:000",
                interval.Days, interval.Hours, interval.Minutes, interval.Seconds, micro);
        }
    }

    /// <summary>RequestedState values of CIM_EnabledLogicalElement.RequestStateChange that the module offers.</summary>
    public static class CimStates
    {
        /// <summary>Disabled: the default. Whether Microsoft's provider honours it on a session is UNCONFIRMED.</summary>
        public const int Disabled = 3;
        /// <summary>Shut Down: an orderly move to Disabled. Equally UNCONFIRMED.</summary>
        public const int ShutDown = 4;

        public static int FromName(string name)
        {
            if (name == "disabled")
                return Disabled;
            if (name == "shut_down")
                return ShutDown;
            throw new ArgumentException(String.Format("requested_state must be disabled or shut_down, got '{0}'", name));
        }

        public static string Describe(int state)
        {
            return String.Format(CultureInfo.InvariantCulture, "{0} ({1})", state,
                state == Disabled ? "Disabled" : state == ShutDown ? "Shut Down" : "other");
        }
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
                buf[CookieOffset + i] = (byte)((cookie >> (8 * i)) & 0xFF);
            return buf;
        }

        /// <summary>SRB_IO_CONTROL.ReturnCode from an output buffer, or -1 when too short to hold it.</summary>
        public static long ReadReturnCode(byte[] output, int bytesReturned)
        {
            int n = Math.Min(output == null ? 0 : output.Length, bytesReturned);
            if (n < ReturnCodeOffset + 4)
                return -1;
            return (long)output[ReturnCodeOffset] | ((long)output[ReturnCodeOffset + 1] << 8)
                | ((long)output[ReturnCodeOffset + 2] << 16) | ((long)output[ReturnCodeOffset + 3] << 24);
        }

        private static void PutUInt32(byte[] buf, int offset, uint value)
        {
            buf[offset] = (byte)(value & 0xFF);
            buf[offset + 1] = (byte)((value >> 8) & 0xFF);
            buf[offset + 2] = (byte)((value >> 16) & 0xFF);
            buf[offset + 3] = (byte)((value >> 24) & 0xFF);
        }
    }

    /// <summary>What a stop run produced: the report, and the listings before and after for diff.</summary>
    public class StopResult
    {
        public SessionReport Report { get; private set; }
        public ArrayList Before { get; private set; }
        public ArrayList After { get; private set; }
        public string Method { get; private set; }

        public StopResult(SessionReport report, ArrayList before, ArrayList after, string method)
        {
            Report = report;
            Before = before;
            After = after;
            Method = method;
        }
    }

    /// <summary>Lists and stops target-side sessions. All Windows access goes through IIscsiTargetApi.</summary>
    public class IscsiTargetEngine : IscsiTargetLister
    {
        public const string CimNamespace = "root\\CIMv2\\Storage\\iScsiTarget";
        public const long WbemNotFound = 0x80041002L;
        public const long CimTimeout = 3;
        public const long CimJobStarted = 4096;
        public const long CimTimeoutParamNotSupported = 4098;
        /// <summary>RequestStateChange: In Use (6) and Busy (4099), retried within timeout.</summary>
        public const long CimInUse = 6;
        public const long CimBusy = 4099;

        private readonly IIscsiTargetApi api;
        private readonly IClock clock;
        private readonly OsInfo os;

        /// <summary>Seconds between polls of jobs and of the session listing.</summary>
        public TimeSpan PollInterval { get; set; }

        public static readonly ActionVerbs Verbs = new ActionVerbs("stopped", "would_stop", "started", "stopped");

        public IscsiTargetEngine(IIscsiTargetApi api, IClock clock, OsInfo os)
            : base(api)
        {
            this.api = api;
            this.clock = clock;
            this.os = os;
            PollInterval = TimeSpan.FromSeconds(1);
        }

        /// <summary>The engine as the modules use it on a Windows host.</summary>
        public static IscsiTargetEngine CreateNative()
        {
            return new IscsiTargetEngine(new NativeIscsiTargetApi(), new SystemClock(), OsInfo.Current());
        }

        /// <summary>Refuses the ioctl path on anything but Windows Server 2012 R2 unless overridden.</summary>
        public void CheckOs(TargetSessionStopRequest request, List<string> warnings)
        {
            if (request.EffectiveMethod != "ioctl" || os.IsServer2012R2)
                return;
            string text = Inv.F(
                "method=ioctl sends ISCSITGT_SPT_SESSION_END (0x101), which Microsoft documents for Windows Server 2012 R2 only; this host is {0}",
                os);
            if (!request.AllowUnsupportedOs)
                throw new IscsiTargetException(text + ". Set allow_unsupported_os=true to send it anyway, or use method=cim.", null);
            warnings.Add(text + "; sending it because allow_unsupported_os=true.");
        }

        private class Pending
        {
            public TargetSession Session;
            public SessionOutcome Outcome;
            public string JobPath;
            public bool WaitingForJob;
            public string Answer;
            /// <summary>The decoded answer to report if the session is still there when the wait runs out.</summary>
            public ErrorInfo AnswerError;
            /// <summary>cim: the MSISCSITARGET_iSCSISession instance identified as this session.</summary>
            public CimSessionRef Cim;
            /// <summary>cim: the provider answered 4098, so TimeoutPeriod is no longer sent.</summary>
            public bool NoTimeoutPeriod;
            /// <summary>cim: the last answer was 4099 Busy or 6 In Use; the call is made again within timeout.</summary>
            public bool Busy;
            /// <summary>cim: RequestStateChange calls made so far.</summary>
            public int Calls;
        }

        /// <summary>The reason of a selected session until a path sets its outcome.</summary>
        private const string NotProcessed = "not processed";

        /// <summary>
        /// Stops the selected sessions (iscsi_target_session_stop). Check mode runs the same selection and
        /// planning, and the same read-only look-ups, and skips only the calls that end sessions.
        /// </summary>
        public StopResult Stop(TargetSessionStopRequest request, bool checkMode)
        {
            return Stop(request, checkMode, null);
        }

        /// <summary>
        /// As above; found (not null) holds the sessions selected before an access change: only those are stopped,
        /// by identity (TSIH, initiator, ISID, target), and one no longer listed is already gone.
        /// </summary>
        public StopResult Stop(TargetSessionStopRequest request, bool checkMode, List<TargetSession> found)
        {
            request.Validate();
            // timeout bounds every wait of the run together: the busy retries, the jobs and the listing
            DateTime deadline = clock.UtcNow + TimeSpan.FromSeconds(request.Timeout);
            SessionReport report = new SessionReport(Verbs);
            CheckOs(request, report.Warnings);
            string method = request.EffectiveMethod;

            List<TargetSession> before = ReadSessions();
            List<Pending> planned = Select(request, before, found, report);
            int count = planned.Count;
            if (found != null)
                planned.RemoveAll(delegate(Pending p) { return p.Outcome.Kind == OutcomeKind.AlreadyGone; });
            if (planned.Count > 0)
            {
                if (method == "cim")
                    PlanCim(request, planned, report, checkMode, deadline);
                else
                    PlanIoctl(request, planned, checkMode);
            }

            List<Pending> toWait = planned.FindAll(delegate(Pending p) { return p.Outcome.Kind == OutcomeKind.Started; });
            if (toWait.Count > 0)
                WaitForStop(toWait, request.Timeout, deadline);
            // the default reason is for a failure no path set; a session that was acted on keeps no reason
            foreach (Pending p in planned)
            {
                if (p.Outcome.Kind != OutcomeKind.Failed && p.Outcome.Reason == NotProcessed)
                    p.Outcome.Reason = null;
            }

            ArrayList afterList;
            if (checkMode || count == 0)
            {
                afterList = new ArrayList();
                foreach (TargetSession s in before)
                {
                    if (!IsPlannedToEnd(planned, s))
                        afterList.Add(s.ToDictionary());
                }
            }
            else
            {
                try
                {
                    afterList = ToList(api.ListSessions());
                }
                catch (ApiException e)
                {
                    report.Warnings.Add(Inv.F("Could not list the sessions after stopping: {0}", e.Error));
                    afterList = new ArrayList();
                }
            }
            return new StopResult(report, ToList(before), afterList, method);
        }

        /// <summary>
        /// One pending outcome per selected session. With found, the sessions found first that are no longer listed
        /// are already gone, and a session the selectors match under the TSIH of one of them (reused by the target) is
        /// left alone with a warning.
        /// </summary>
        private List<Pending> Select(TargetSessionStopRequest request, List<TargetSession> before, List<TargetSession> found,
            SessionReport report)
        {
            List<Pending> planned = new List<Pending>();
            foreach (TargetSession s in (found ?? before))
            {
                if (found == null && !request.Matches(s))
                    continue;
                Hashtable fields = s.ToDictionary();
                fields["method"] = request.EffectiveMethod;
                fields["return_value"] = null;
                Pending p = new Pending();
                p.Session = s;
                p.Outcome = report.Add(new SessionOutcome(s.Label, fields));
                // Every path below sets the outcome; this default only shows if one does not.
                p.Outcome.Kind = OutcomeKind.Failed;
                p.Outcome.Reason = NotProcessed;
                if (found != null && !Contains(before, s))
                {
                    p.Outcome.Kind = OutcomeKind.AlreadyGone;
                    p.Outcome.Reason = "no longer listed when it was to be stopped";
                }
                planned.Add(p);
            }
            if (found == null)
                return planned;
            foreach (TargetSession s in before)
            {
                if (request.Matches(s) && !Contains(found, s) && found.Exists(delegate(TargetSession f) { return f.Tsih == s.Tsih; }))
                    report.Warnings.Add(Inv.F(
                        "TSIH {0} now names another session ({1}, ISID {2}, target {3}) than the one selected before the access change; it was not stopped",
                        s.Tsih, s.InitiatorIqn, s.IsidHex, s.TargetName));
            }
            return planned;
        }

        private static bool IsPlannedToEnd(List<Pending> planned, TargetSession s)
        {
            foreach (Pending p in planned)
            {
                if (p.Session.Key == s.Key && p.Outcome.Kind == OutcomeKind.WouldEnd)
                    return true;
            }
            return false;
        }

        private static ArrayList ToList(List<TargetSession> sessions)
        {
            ArrayList res = new ArrayList();
            foreach (TargetSession s in sessions)
                res.Add(s.ToDictionary());
            return res;
        }

        private void PlanCim(TargetSessionStopRequest request, List<Pending> planned, SessionReport report, bool checkMode,
            DateTime deadline)
        {
            List<CimSessionRef> cimSessions;
            try
            {
                cimSessions = api.ListCimSessions();
            }
            catch (ApiException e)
            {
                string reason = IsProviderMissing(e.Error)
                    ? String.Format(CultureInfo.InvariantCulture,
                        "MSISCSITARGET_iSCSISession in {0} is not available on this host ({1}), though WT_Host in {2} answered "
                        + "(FS-iSCSITarget-Server is installed): method=cim needs its SMI-S provider (Windows Server 2012 R2 and later)",
                        CimNamespace, os, WmiNamespace)
                    : Inv.F("listing MSISCSITARGET_iSCSISession in {0} failed", CimNamespace);
                foreach (Pending p in planned)
                    Fail(p, reason, e.Error);
                return;
            }

            List<TargetSession> current = null;
            int state = request.RequestedStateValue;
            List<Pending> toCall = new List<Pending>();
            foreach (Pending p in planned)
            {
                string problem;
                string note;
                CimSessionRef cim = FindCim(cimSessions, p.Session, out problem, out note);
                if (note != null)
                    report.Warnings.Add(note);
                if (cim == null)
                {
                    if (current == null)
                        current = TryList();
                    if (current != null && !Contains(current, p.Session))
                    {
                        p.Outcome.Kind = OutcomeKind.AlreadyGone;
                        p.Outcome.Reason = "no longer listed when it was to be stopped";
                    }
                    else if (problem != null)
                    {
                        Fail(p, problem, null);
                    }
                    else
                    {
                        Fail(p, String.Format(CultureInfo.InvariantCulture,
                            "WT_Session lists it but no MSISCSITARGET_iSCSISession in {0} has TSIH {1} and EndPointName {2}; those with TSIH {1} name [{3}]",
                            CimNamespace, p.Session.Tsih, p.Session.InitiatorIqn, String.Join(", ", cimSessions.FindAll(delegate(CimSessionRef c)
                            { return c.Tsih == p.Session.Tsih; }).ConvertAll(delegate(CimSessionRef c) { return c.EndPointName; }).ToArray())), null);
                    }
                    continue;
                }
                if (checkMode)
                {
                    p.Outcome.Kind = OutcomeKind.WouldEnd;
                    continue;
                }
                p.Cim = cim;
                toCall.Add(p);
            }
            if (toCall.Count > 0)
                CallAll(toCall, state, request.Timeout, deadline, report);
        }

        /// <summary>
        /// Makes every RequestStateChange call, then calls again, together and every PollInterval, the sessions whose
        /// provider answered 4099 (Busy) or 6 (In Use), until none is busy or timeout seconds have passed since the
        /// first call (Waiter.WaitUntilGone, the start-all-then-poll helper). Both answers say the element cannot take
        /// the request now, not that the request is wrong (CIM_EnabledLogicalElement.RequestStateChange).
        /// </summary>
        private void CallAll(List<Pending> toCall, int state, int timeout, DateTime deadline, SessionReport report)
        {
            List<Pending> stillBusy = Waiter.WaitUntilGone<Pending>(toCall, delegate(Pending p)
            {
                CallRequestStateChange(p, p.Cim, state, deadline, report);
                return !p.Busy;
            }, Left(deadline), PollInterval, clock, null);
            foreach (Pending p in stillBusy)
            {
                p.Busy = false;
                FailUnlessGone(p, Inv.F(
                    "{0}; the provider gave that answer to all {1} calls made within the timeout of {2} s", p.Answer, p.Calls, timeout),
                    p.AnswerError);
            }
        }

        /// <summary>The time left before the deadline (never negative).</summary>
        private TimeSpan Left(DateTime deadline)
        {
            TimeSpan t = deadline - clock.UtcNow;
            return t < TimeSpan.Zero ? TimeSpan.Zero : t;
        }

        private void CallRequestStateChange(Pending p, CimSessionRef cim, int state, DateTime deadline, SessionReport report)
        {
            StateChangeReply reply;
            string call = Inv.F("MSISCSITARGET_iSCSISession.RequestStateChange(RequestedState={0})", CimStates.Describe(state));
            p.Busy = false;
            p.AnswerError = null;
            try
            {
                p.Calls++;
                // TimeoutPeriod: the whole seconds left (at least 1; the provider may read 0 as no limit)
                reply = api.RequestStateChange(cim, state, p.NoTimeoutPeriod ? (TimeSpan?)null
                    : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(Left(deadline).TotalSeconds))));
                if (!p.NoTimeoutPeriod && reply.ReturnValue == CimTimeoutParamNotSupported)
                {
                    report.Warnings.Add(Inv.F(
                        "{0}: the provider does not support TimeoutPeriod (4098); called again without it", p.Session.Label));
                    p.NoTimeoutPeriod = true;
                    p.Calls++;
                    reply = api.RequestStateChange(cim, state, null);
                }
            }
            catch (ApiException e)
            {
                // WBEM_E_NOT_FOUND included: the listing decides whether the session is gone, not the code.
                FailUnlessGone(p, call + " failed", e.Error);
                return;
            }
            ErrorInfo answer = ErrorCatalog.Decode(reply.ReturnValue, "cim");
            p.Outcome.Fields["return_value"] = reply.ReturnValue;
            p.Answer = call + " returned " + answer;
            if (reply.ReturnValue == 0)
            {
                p.Outcome.Kind = OutcomeKind.Started;
                return;
            }
            if (reply.ReturnValue == CimTimeout)
            {
                // CIM: on 3 the element's RequestedState is still updated, so the change may finish later;
                // the listing decides within timeout, and the answer is the error if it does not.
                p.Outcome.Kind = OutcomeKind.Started;
                p.AnswerError = answer;
                return;
            }
            if (reply.ReturnValue == CimJobStarted)
            {
                p.Outcome.Kind = OutcomeKind.Started;
                p.JobPath = reply.JobPath;
                p.WaitingForJob = !String.IsNullOrEmpty(reply.JobPath);
                return;
            }
            string reason = call + " returned " + answer.Name + " (" + reply.ReturnValue.ToString(CultureInfo.InvariantCulture) + ")";
            if (reply.ReturnValue == CimBusy || reply.ReturnValue == CimInUse)
            {
                // CallAll asks again within timeout; this is what is reported if the provider stays busy.
                p.Busy = true;
                p.Answer = reason;
                p.AnswerError = answer;
                return;
            }
            if (reply.ReturnValue == 1 || reply.ReturnValue == 4097)
                reason += "; the provider does not end sessions with this RequestedState (whether it supports any is unconfirmed)."
                    + " Try requested_state=shut_down, or disconnect from the initiator side";
            FailUnlessGone(p, reason, answer);
        }

        /// <summary>Why method=ioctl fails every one of these sessions (more than one matched).</summary>
        public static string IoctlOneSession(List<TargetSession> sessions)
        {
            return Inv.F(
                "method=ioctl stops exactly one session, the one session_cookie belongs to, but {0} sessions matched (TSIH {1}); narrow the selection with tsih",
                sessions.Count, String.Join(", ", sessions.ConvertAll(delegate(TargetSession s) { return s.Tsih.ToString(CultureInfo.InvariantCulture); }).ToArray()));
        }

        private void PlanIoctl(TargetSessionStopRequest request, List<Pending> planned, bool checkMode)
        {
            if (planned.Count > 1)
            {
                string reason = IoctlOneSession(planned.ConvertAll(delegate(Pending p) { return p.Session; }));
                foreach (Pending p in planned)
                    Fail(p, reason, null);
                return;
            }
            Pending one = planned[0];
            if (checkMode)
            {
                one.Outcome.Kind = OutcomeKind.WouldEnd;
                return;
            }
            byte[] input = SessionStopBuffer.Build(request.Signature, (uint)request.Timeout, request.CookieValue);
            string call = Inv.F("DeviceIoControl({0}, IOCTL_SCSI_MINIPORT, ISCSITGT_SPT_SESSION_END)", request.Device);
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

        /// <summary>
        /// Start-all-then-poll: every ending call has been made; now jobs and the listing are polled together until
        /// all are decided or the run's deadline (timeoutSeconds after it started) has passed; the listing is read at
        /// least once, even when the calls used up the time.
        /// </summary>
        private void WaitForStop(List<Pending> pending, int timeoutSeconds, DateTime deadline)
        {
            ErrorInfo lastListError = null;
            while (true)
            {
                bool anyToConfirm = false;
                foreach (Pending p in pending)
                {
                    if (p.Outcome.Kind != OutcomeKind.Started)
                        continue;
                    if (p.WaitingForJob)
                        PollJob(p);
                    if (p.Outcome.Kind == OutcomeKind.Started && !p.WaitingForJob)
                        anyToConfirm = true;
                }
                if (anyToConfirm)
                {
                    List<TargetSession> current = null;
                    try
                    {
                        current = api.ListSessions();
                        lastListError = null;
                    }
                    catch (ApiException e)
                    {
                        lastListError = e.Error;
                    }
                    if (current != null)
                    {
                        foreach (Pending p in pending)
                        {
                            if (p.Outcome.Kind != OutcomeKind.Started || p.WaitingForJob)
                                continue;
                            TargetSession again = current.Find(delegate(TargetSession c) { return IsLoginAgain(p.Session, c); });
                            if (again != null)
                                LoggedInAgain(p.Outcome, again, "after the stop");
                            else if (!Contains(current, p.Session))
                                p.Outcome.Kind = OutcomeKind.Ended;
                        }
                    }
                }
                bool left = false;
                foreach (Pending p in pending)
                {
                    if (p.Outcome.Kind == OutcomeKind.Started)
                        left = true;
                }
                if (!left)
                    return;
                DateTime now = clock.UtcNow;
                if (now >= deadline)
                    break;
                TimeSpan rest = deadline - now;
                clock.Sleep(rest < PollInterval ? rest : PollInterval);
            }
            foreach (Pending p in pending)
            {
                if (p.Outcome.Kind != OutcomeKind.Started)
                    continue;
                if (p.WaitingForJob)
                {
                    Fail(p, Inv.F(
                        "{0}; job still running after {1} s (job {2})", p.Answer, timeoutSeconds, p.JobPath), null);
                }
                else if (lastListError != null)
                {
                    Fail(p, Inv.F(
                        "{0}, but the sessions could not be listed to confirm it within {1} s", p.Answer, timeoutSeconds), lastListError);
                }
                else
                {
                    Fail(p, Inv.F(
                        "{0}, but the session was still listed after {1} s", p.Answer, timeoutSeconds), p.AnswerError);
                }
            }
        }

        /// <summary>
        /// A reused TSIH: the same TSIH, initiator and target as the stopped session, but another ISID, or the same ISID
        /// with other connections (a new login opens new TCP connections; WT_Session has no login time).
        /// </summary>
        private static bool IsLoginAgain(TargetSession stopped, TargetSession c)
        {
            return c.Tsih == stopped.Tsih && String.Equals(c.InitiatorIqn, stopped.InitiatorIqn, StringComparison.OrdinalIgnoreCase)
                && String.Equals(c.TargetName, stopped.TargetName, StringComparison.OrdinalIgnoreCase)
                && (c.Isid != stopped.Isid || stopped.Login != null && c.Login != null && c.Login != stopped.Login);
        }

        /// <summary>Turns a stopped session whose initiator came back into a failure, "logged in again".</summary>
        public static void LoggedInAgain(SessionOutcome o, TargetSession again, string when)
        {
            o.Kind = OutcomeKind.Failed;
            o.Fields["logged_in_again_tsih"] = again.Tsih;
            o.Reason = Inv.F(
                "logged in again: stopped, but the initiator logged in to the target again as TSIH {0} (ISID {1}) {2}; revoke its access, disable the target, or log out on the initiator",
                again.Tsih, again.IsidHex, when);
        }

        private void PollJob(Pending p)
        {
            CimJobStatus job;
            try
            {
                job = api.GetJob(p.JobPath);
            }
            catch (ApiException e)
            {
                if (e.Error.Code == WbemNotFound)
                {
                    // Some providers drop a job once it is done; the listing decides.
                    p.WaitingForJob = false;
                    return;
                }
                // The call was made; whether it worked is for the listing to decide. Keep the error for the report.
                p.Answer = Inv.F("{0}; reading job {1} failed ({2})", p.Answer, p.JobPath, e.Error);
                p.AnswerError = e.Error;
                p.WaitingForJob = false;
                return;
            }
            if (!job.IsFinished)
                return;
            p.WaitingForJob = false;
            string state = CimJobStatus.StateName(job.JobState);
            if (job.JobState == CimJobStatus.Completed && job.ErrorCode == 0)
            {
                p.Answer += "; job completed";
                return;
            }
            // CIM_ConcreteJob.ErrorCode is vendor-specific: a small value is read as a CIM return code, a large one
            // as an HRESULT/WBEM code; 0 on a job that did not complete carries no code at all.
            ErrorInfo err = job.ErrorCode == 0 ? null
                : ErrorCatalog.Decode(job.ErrorCode, ErrorCatalog.Normalize(job.ErrorCode) > 0xFFFF ? "auto" : "cim");
            string reason = Inv.F("{0}; the job ended in state {1} with ErrorCode {2}",
                p.Answer, state, job.ErrorCode);
            if (!String.IsNullOrEmpty(job.ErrorDescription))
                reason += ": " + job.ErrorDescription;
            Fail(p, reason, err);
        }

        private void FailUnlessGone(Pending p, string reason, ErrorInfo error)
        {
            List<TargetSession> current = TryList();
            if (current != null && !Contains(current, p.Session))
            {
                p.Outcome.Kind = OutcomeKind.AlreadyGone;
                p.Outcome.Reason = "no longer listed (the call answered: " + (error == null ? reason : error.ToString()) + ")";
                return;
            }
            Fail(p, reason, error);
        }

        private List<TargetSession> TryList()
        {
            try
            {
                return api.ListSessions();
            }
            catch (ApiException)
            {
                return null;
            }
        }

        private static void Fail(Pending p, string reason, ErrorInfo error)
        {
            p.Outcome.Kind = OutcomeKind.Failed;
            p.Outcome.Reason = reason;
            p.Outcome.Error = error;
            p.WaitingForJob = false;
        }

        private static bool Contains(List<TargetSession> sessions, TargetSession wanted)
        {
            string key = wanted.Key;
            foreach (TargetSession s in sessions)
            {
                if (s.Key == key)
                    return true;
            }
            return false;
        }

        /// <summary>
        /// The MSISCSITARGET_iSCSISession instance of this WT_Session: same TSIH, an EndPointName that parses and names
        /// this initiator (in either ISID byte order), and a target-side endpoint that names this target. When no endpoint
        /// names a target, the one instance with this TSIH is taken if it names this initiator (WT_Session's only key is
        /// TSIH); note then says so. Returns null with problem null when no instance has this TSIH and initiator; null
        /// with a problem when instances do but none or more than one can be told to be this session.
        /// </summary>
        private static CimSessionRef FindCim(List<CimSessionRef> cims, TargetSession s, out string problem, out string note)
        {
            problem = note = null;
            List<CimSessionRef> mine = new List<CimSessionRef>();
            List<CimSessionRef> confirmed = new List<CimSessionRef>();
            int withTsih = 0;
            foreach (CimSessionRef c in cims)
            {
                if (c.Tsih != s.Tsih)
                    continue;
                withTsih++;
                if (!c.IsPeer(s.InitiatorIqn, s.Isid))
                    continue;
                mine.Add(c);
                if (s.TargetIqn != null && String.Equals(c.TargetNodeName, s.TargetIqn, StringComparison.OrdinalIgnoreCase))
                    confirmed.Add(c);
            }
            // No target endpoint names a target (the association is UNCONFIRMED), but WT_Session's only key is TSIH
            // (wt-session page): the one instance with this TSIH, naming this initiator, is this session.
            if (confirmed.Count == 0 && withTsih == 1 && mine.Count == 1 && mine[0].TargetNodeName == null)
            {
                confirmed.Add(mine[0]);
                note = s.Label + ": its MSISCSITARGET_iSCSISession names no target, but is the only instance with TSIH " + s.Tsih;
            }
            if (confirmed.Count == 1)
            {
                string order = confirmed[0].PeerMatch(s.InitiatorIqn, s.Isid);
                if (order.Length > 0)
                    note = (note ?? s.Label) + "; " + order;
                return confirmed[0];
            }
            if (mine.Count > 0)
                problem = String.Format(CultureInfo.InvariantCulture,
                    "its MSISCSITARGET_iSCSISession cannot be identified for sure, so it is not stopped: of {0} instance(s) with TSIH {1}, {2} "
                    + "name initiator {3} (target endpoints [{4}]), {5} target {6}", withTsih, s.Tsih, mine.Count, s.InitiatorIqn,
                    String.Join(", ", mine.ConvertAll(delegate(CimSessionRef c) { return c.TargetEndPointName; }).ToArray()), confirmed.Count, s.TargetIqn);
            return null;
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

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        public struct OSVERSIONINFOEXW
        {
            public int dwOSVersionInfoSize;
            public int dwMajorVersion;
            public int dwMinorVersion;
            public int dwBuildNumber;
            public int dwPlatformId;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 128)]
            public string szCSDVersion;
            public ushort wServicePackMajor;
            public ushort wServicePackMinor;
            public ushort wSuiteMask;
            public byte wProductType;
            public byte wReserved;
        }

        /// <summary>ntddscsi.h SRB_IO_CONTROL, 28 bytes.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SRB_IO_CONTROL
        {
            public uint HeaderLength;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 8)]
            public byte[] Signature;
            public uint Timeout;
            public uint ControlCode;
            public uint ReturnCode;
            public uint Length;
        }

        /// <summary>ISCSITGT_SPT_SESSION_STOP with SESSION_COOKIE taken as an 8-byte value (see SessionStopBuffer);
        /// used only to check the byte builder's figures against the marshaller's layout.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct ISCSITGT_SPT_SESSION_STOP
        {
            public SRB_IO_CONTROL Header;
            public ulong ITNexusHandle;
        }
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

        [DllImport("ntdll.dll")]
        public static extern int RtlGetVersion(ref NativeHelpers.OSVERSIONINFOEXW lpVersionInformation);
    }

    /// <summary>The Windows side: WMI through the adapter (_Wmi.cs), the IOCTL through kernel32. Translation only.</summary>
    public class NativeIscsiTargetApi : NativeIscsiTargetSessions, IIscsiTargetApi
    {
        public NativeIscsiTargetApi()
        {
        }

        public NativeIscsiTargetApi(IWmi wmi)
            : base(wmi)
        {
        }

        /// <summary>
        /// The Name of the session's target-side iSCSI port. MSISCSITARGET_iSCSISession is "a network pipe between
        /// initiator and target MSISCSITARGET_iSCSIProtocolEndpoint instances" (CIM_EndpointOfNetworkPipe), and it has no
        /// target property of its own. The endpoint IsTargetEndPoint accepts is taken (a ",t," Name, else Role 3). Null
        /// when none or more than one qualifies or the association cannot be read: the engine then falls back to the
        /// TSIH (FindCim). That Microsoft's provider fills this association for sessions is UNCONFIRMED.
        /// </summary>
        private string ReadTargetEndPoint(string path)
        {
            List<string> names = new List<string>();
            try
            {
                foreach (Hashtable ep in Adapter.Query(IscsiTargetEngine.CimNamespace, "ASSOCIATORS OF {" + path + "} WHERE ResultClass = CIM_iSCSIProtocolEndpoint"))
                {
                    string name = ToStr(ep["Name"]);
                    if (IsTargetEndPoint(name, ep["Role"]) && !names.Contains(name))
                        names.Add(name);
                }
            }
            catch (WmiException)
            {
                return null;
            }
            return names.Count == 1 ? names[0] : null;
        }

        /// <summary>
        /// The target end of a session's pipe: a ",t," port Name; not a ",i," one; otherwise Role 3 (Target). The Name
        /// comes first because both ends are MSISCSITARGET_iSCSIProtocolEndpoint, whose MOF defaults Role to 3. RFC 7143
        /// 4.2.7.1 writes the role letter in lower case; a provider that writes it in upper case is matched too.
        /// </summary>
        internal static bool IsTargetEndPoint(string name, object role)
        {
            if (name == null)
                return false;
            name = name.ToLowerInvariant();
            return name.Contains(",t,") || !name.Contains(",i,") && ToLong(role) == 3;
        }

        public List<CimSessionRef> ListCimSessions()
        {
            List<CimSessionRef> res = new List<CimSessionRef>();
            try
            {
                foreach (Hashtable item in Adapter.Query(IscsiTargetEngine.CimNamespace, "SELECT * FROM MSISCSITARGET_iSCSISession"))
                {
                    CimSessionRef c = new CimSessionRef();
                    c.Path = (string)item["__PATH"];
                    c.Tsih = ToLong(item["TSIH"]);
                    c.EndPointName = ToStr(item["EndPointName"]);
                    c.TargetEndPointName = ReadTargetEndPoint(c.Path);
                    res.Add(c);
                }
            }
            catch (WmiException e)
            {
                throw ApiException.FromHResult("listing MSISCSITARGET_iSCSISession in " + IscsiTargetEngine.CimNamespace, e.HResult);
            }
            return res;
        }

        public StateChangeReply RequestStateChange(CimSessionRef session, int requestedState, TimeSpan? timeoutPeriod)
        {
            Dictionary<string, object> input = new Dictionary<string, object>();
            input["RequestedState"] = (ushort)requestedState;
            if (timeoutPeriod.HasValue)
                input["TimeoutPeriod"] = CimInterval.Format(timeoutPeriod.Value);
            try
            {
                Hashtable output = Adapter.Invoke(IscsiTargetEngine.CimNamespace, session.Path, "RequestStateChange", input);
                StateChangeReply reply = new StateChangeReply();
                reply.ReturnValue = ToLong(output["ReturnValue"]);
                reply.JobPath = ToStr(output["Job"]);
                return reply;
            }
            catch (WmiException e)
            {
                throw ApiException.FromHResult("MSISCSITARGET_iSCSISession.RequestStateChange", e.HResult);
            }
        }

        public CimJobStatus GetJob(string jobPath)
        {
            try
            {
                Hashtable job = Adapter.Get(IscsiTargetEngine.CimNamespace, jobPath);
                CimJobStatus status = new CimJobStatus();
                status.JobState = (int)ToLong(job["JobState"]);
                status.ErrorCode = ToLong(job["ErrorCode"]);
                status.ErrorDescription = ToStr(job["ErrorDescription"]);
                return status;
            }
            catch (WmiException e)
            {
                throw ApiException.FromHResult("reading CIM_ConcreteJob " + jobPath, e.HResult);
            }
        }

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
                    throw ApiException.FromWin32(String.Format("DeviceIoControl({0}, IOCTL_SCSI_MINIPORT, ISCSITGT_SPT_SESSION_END)", device),
                        Marshal.GetLastWin32Error());
                IoctlReply reply = new IoctlReply();
                reply.Output = output;
                reply.BytesReturned = returned;
                return reply;
            }
        }
    }
}
