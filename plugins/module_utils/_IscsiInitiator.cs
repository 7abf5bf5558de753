// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// This host's iSCSI initiator sessions through the iSCSI Discovery API (iscsidsc.dll):
// the session model, the selection both modules run and the native listing. Logging
// them out (iscsi_initiator_logout), with its native calls, is in _IscsiInitiatorLogout.cs, so
// that the info module does not carry it. Internal to the collection; it may change without notice.
//
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogIscsi;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator
{
    /// <summary>
    /// ISCSI_UNIQUE_SESSION_ID in the string form iscsicli and Get-IscsiSession show:
    /// 16 hex digits of AdapterUnique, '-', 16 hex digits of AdapterSpecific.
    /// </summary>
    public sealed class IscsiSessionId : IEquatable<IscsiSessionId>
    {
        private static readonly Regex Form = new Regex("^([0-9A-Fa-f]{16})-([0-9A-Fa-f]{16})$");

        public readonly ulong AdapterUnique;
        public readonly ulong AdapterSpecific;

        public IscsiSessionId(ulong adapterUnique, ulong adapterSpecific)
        {
            AdapterUnique = adapterUnique;
            AdapterSpecific = adapterSpecific;
        }

        /// <summary>Parses "ffffe11113210020-4000011110000001"; throws ArgumentException naming the bad value.</summary>
        public static IscsiSessionId Parse(string text)
        {
            return Parse(text, null);
        }

        /// <summary>Parse, with the option name in front of the message (the module's bad-input rule).</summary>
        public static IscsiSessionId Parse(string text, string option)
        {
            IscsiSessionId id;
            if (!TryParse(text, out id))
                throw new ArgumentException(String.Format("{0}'{1}' is not an iSCSI session id: expected two groups " +
                    "of 16 hex digits joined by '-', as Get-IscsiSession shows, e.g. ffffe11113210020-4000011110000001",
                    option == null ? "" : option + ": ", text));
            return id;
        }

        public static bool TryParse(string text, out IscsiSessionId id)
        {
            id = null;
            if (text == null)
                return false;
            Match m = Form.Match(text.Trim());
            if (!m.Success)
                return false;
            id = new IscsiSessionId(
                UInt64.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                UInt64.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            return true;
        }

        public override string ToString()
        {
            return String.Format(CultureInfo.InvariantCulture, "{0:x16}-{1:x16}", AdapterUnique, AdapterSpecific);
        }

        public bool Equals(IscsiSessionId other)
        {
            return other != null && other.AdapterUnique == AdapterUnique && other.AdapterSpecific == AdapterSpecific;
        }

        public override bool Equals(object obj)
        {
            return Equals(obj as IscsiSessionId);
        }

        public override int GetHashCode()
        {
            return AdapterUnique.GetHashCode() ^ (AdapterSpecific.GetHashCode() * 31);
        }
    }

    public class IscsiConnection
    {
        public string InitiatorAddress;
        public int InitiatorPort;
        public string TargetAddress;
        public int TargetPort;

        public Hashtable ToDictionary()
        {
            Hashtable h = new Hashtable();
            h["initiator_address"] = InitiatorAddress;
            h["initiator_port"] = InitiatorPort;
            h["target_address"] = TargetAddress;
            h["target_port"] = TargetPort;
            return h;
        }
    }

    /// <summary>One device on a session (ISCSI_DEVICE_ON_SESSIONW).</summary>
    public class IscsiDevice
    {
        /// <summary>FILE_DEVICE_DISK.</summary>
        public const int FileDeviceDisk = 7;

        public int DeviceType;
        public int DeviceNumber;
        public int PartitionNumber;
        public string LegacyName;
        public string DeviceInterfaceName;

        /// <summary>The disk number (\\.\PhysicalDriveN), or -1 when the device is not a disk.</summary>
        public int DiskNumber
        {
            get { return DeviceType == FileDeviceDisk && DeviceNumber >= 0 ? DeviceNumber : -1; }
        }

        public string Describe()
        {
            if (DiskNumber >= 0)
                return String.Format("disk {0} ({1})", DiskNumber,
                    String.IsNullOrEmpty(LegacyName) ? "\\\\.\\PhysicalDrive" + DiskNumber : LegacyName);
            return String.IsNullOrEmpty(LegacyName) ? DeviceInterfaceName : LegacyName;
        }

        public Hashtable ToDictionary()
        {
            Hashtable h = new Hashtable();
            h["disk_number"] = DiskNumber >= 0 ? (object)DiskNumber : null;
            h["legacy_name"] = LegacyName;
            h["device_interface_name"] = DeviceInterfaceName;
            return h;
        }
    }

    /// <summary>One session from GetIScsiSessionListW.</summary>
    public class IscsiSession
    {
        public IscsiSessionId Id;
        public string InitiatorName;
        /// <summary>The pointer at offset 24 (TargetNodeName in the SDK order).</summary>
        public string TargetNodeName;
        /// <summary>The pointer at offset 32 (TargetName in the SDK order).</summary>
        public string TargetName;
        public List<IscsiConnection> Connections { get; private set; }

        public IscsiSession()
        {
            Connections = new List<IscsiConnection>();
        }

        /// <summary>
        /// The target IQN. The SDK and os-win disagree on which of the two pointers holds it (UNCONFIRMED),
        /// so take the one that is a valid iSCSI name, preferring TargetNodeName.
        /// </summary>
        public string Target
        {
            get
            {
                if (IscsiName.IsValid(TargetNodeName))
                    return TargetNodeName;
                if (IscsiName.IsValid(TargetName))
                    return TargetName;
                return String.IsNullOrEmpty(TargetNodeName) ? TargetName : TargetNodeName;
            }
        }

        /// <summary>True when either TargetNodeName (@24) or TargetName (@32) equals the IQN (case-insensitive).</summary>
        public bool MatchesTarget(string iqn)
        {
            return SameName(TargetNodeName, iqn) || SameName(TargetName, iqn);
        }

        internal static bool SameName(string a, string b)
        {
            return !String.IsNullOrEmpty(a) && !String.IsNullOrEmpty(b) &&
                String.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
        }

        public string Label
        {
            get { return String.Format("session {0} to {1}", Id, Target); }
        }

        public ArrayList ConnectionList()
        {
            ArrayList list = new ArrayList();
            foreach (IscsiConnection c in Connections)
                list.Add(c.ToDictionary());
            return list;
        }
    }

    /// <summary>One persistent login (PERSISTENT_ISCSI_LOGIN_INFOW).</summary>
    public class IscsiPersistentLogin
    {
        public string TargetName;
        public bool IsInformationalSession;
        public string InitiatorInstance;
        public uint InitiatorPortNumber;
        public string PortalSymbolicName;
        public string PortalAddress;
        public int PortalSocket;

        public string Label
        {
            get
            {
                return String.Format("persistent login to {0} via portal {1}:{2} (initiator {3}, port {4})",
                    TargetName, String.IsNullOrEmpty(PortalAddress) ? "(any)" : PortalAddress, PortalSocket,
                    String.IsNullOrEmpty(InitiatorInstance) ? "(any)" : InitiatorInstance,
                    InitiatorPortNumber == IscsiConstants.AllInitiatorPorts ? "all" :
                        InitiatorPortNumber.ToString(CultureInfo.InvariantCulture));
            }
        }

        public Hashtable ToDictionary()
        {
            Hashtable h = new Hashtable();
            h["target_name"] = TargetName;
            h["initiator_instance"] = InitiatorInstance;
            h["initiator_port_number"] = (long)InitiatorPortNumber;
            h["portal_address"] = PortalAddress;
            h["portal_port"] = PortalSocket;
            return h;
        }

        /// <summary>The keys of ToDictionary, all null: the entry for persistent logins that could not be listed.</summary>
        public static Hashtable NoLoginDictionary()
        {
            Hashtable h = new IscsiPersistentLogin().ToDictionary();
            foreach (object key in new ArrayList(h.Keys))
                h[key] = null;
            return h;
        }
    }

    public static class IscsiConstants
    {
        /// <summary>ISCSI_ALL_INITIATOR_PORTS.</summary>
        public const uint AllInitiatorPorts = 0xFFFFFFFF;
        public const long ErrorInsufficientBuffer = 122;
        public const long HResultInsufficientBuffer = 0x8007007AL;
        public const long ErrorBusy = 170;
        public const long IsdscInvalidSessionId = 0xEFFF001CL;
        public const long IsdscSessionBusy = 0xEFFF001FL;
        public const long IsdscDeviceBusyOnSession = 0xEFFF0040L;
        public const long VdsOperationPending = 0x80042409L;

        /// <summary>
        /// The codes retried (up to retries times, retry_delay apart): ISDSC_SESSION_BUSY, ERROR_BUSY (plain and as
        /// HRESULT) and VDS_E_OPERATION_PENDING. ISDSC_DEVICE_BUSY_ON_SESSION is not retried: the busy option decides.
        /// </summary>
        public static bool IsTransient(ErrorInfo e)
        {
            if (e == null)
                return false;
            return e.Code == IsdscSessionBusy || e.Code == ErrorBusy || e.Win32Code == ErrorBusy ||
                e.Code == VdsOperationPending;
        }

        public static bool IsInsufficientBuffer(uint status)
        {
            return status == ErrorInsufficientBuffer || status == HResultInsufficientBuffer;
        }

        /// <summary>Decodes an ISDSC_STATUS (a Win32 code, an HRESULT or an ISDSC_* code).</summary>
        public static ErrorInfo Decode(uint status)
        {
            IscsiErrors.Register();
            return ErrorCatalog.Decode((long)status);
        }
    }

    /// <summary>
    /// What listing needs from the iSCSI initiator (IIscsiInitiatorApi in _IscsiInitiatorLogout.cs adds the logout calls).
    /// Methods throw ApiException with the decoded status.
    /// </summary>
    public interface IIscsiInitiatorSessionSource
    {
        /// <summary>GetIScsiSessionListW.</summary>
        List<IscsiSession> GetSessions();
        /// <summary>GetDevicesForIScsiSessionW.</summary>
        List<IscsiDevice> GetDevices(IscsiSessionId session);
        /// <summary>ReportIScsiPersistentLoginsW.</summary>
        List<IscsiPersistentLogin> GetPersistentLogins();
        /// <summary>A portal name's addresses (Dns.GetHostAddresses); throws when it cannot be resolved.</summary>
        IPAddress[] ResolveHost(string name);
    }

    // ------------------------------------------------------------------ info

    /// <summary>
    /// Compares portal addresses: ISCSI_CONNECTION_INFOW.TargetAddress is "the IP address of the target", while
    /// ISCSI_TARGET_PORTALW.Address is "the IP address or DNS name of the portal" as it was typed (Learn). Dotted IPv4
    /// and IPv6 forms are parsed and compared as addresses (an IPv4-mapped IPv6 address as IPv4, the zone ignored);
    /// a name is resolved through the API (ResolveHost), once. A name that cannot be resolved is compared as text.
    /// </summary>
    public class PortalMatcher
    {
        private static readonly Regex V4 = new Regex("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");
        private readonly IIscsiInitiatorSessionSource api;
        private readonly Dictionary<string, List<string>> keys = new Dictionary<string, List<string>>(
            StringComparer.OrdinalIgnoreCase);
        public readonly List<string> Warnings = new List<string>();

        public PortalMatcher(IIscsiInitiatorSessionSource api)
        {
            this.api = api;
        }

        private List<string> Keys(string portal)
        {
            string p = portal.Trim().TrimStart('[').TrimEnd(']');
            List<string> k;
            if (keys.TryGetValue(p, out k))
                return k;
            k = new List<string>();
            IPAddress a;
            if ((p.IndexOf(':') >= 0 || V4.IsMatch(p)) && IPAddress.TryParse(p, out a))
                k.Add(Key(a));
            else
            {
                try
                {
                    foreach (IPAddress r in api.ResolveHost(p.TrimEnd('.')))
                        k.Add(Key(r));
                }
                catch (Exception e)
                {
                    Warnings.Add(String.Format("portal {0} could not be resolved ({1})", p, e.Message));
                }
                if (k.Count == 0)
                    k.Add(p.TrimEnd('.').ToLowerInvariant());
            }
            keys[p] = k;
            return k;
        }

        private static string Key(IPAddress a)
        {
            if (a.IsIPv4MappedToIPv6)
                a = a.MapToIPv4();
            return BitConverter.ToString(a.GetAddressBytes());
        }

        /// <summary>True when both are set and name the same address (an empty portal means any: never the same).</summary>
        public bool Same(string a, string b)
        {
            if (String.IsNullOrEmpty(a) || String.IsNullOrEmpty(b) || a.Trim().Length == 0 || b.Trim().Length == 0)
                return false;
            List<string> kb = Keys(b);
            return Keys(a).Exists(delegate(string x) { return kb.Contains(x); });
        }

        public bool HasPortal(IscsiSession s, string portal)
        {
            return s.Connections.Exists(delegate(IscsiConnection c) { return Same(c.TargetAddress, portal); });
        }
    }

    /// <summary>
    /// The selectors of iscsi_initiator_logout and iscsi_session_info and the one selection both run: every selector
    /// given narrows (AND).
    /// </summary>
    public class IscsiSelector
    {
        public string[] Target;
        public string[] SessionId;
        public string Portal;
        /// <summary>No narrowing: every session of this host; the selectors given still narrow.</summary>
        public bool All;

        private List<IscsiSessionId> parsedIds;

        public virtual void Validate()
        {
            parsedIds = new List<IscsiSessionId>();
            if (Target != null)
            {
                foreach (string t in Target)
                    IscsiName.Check(t, "target");
            }
            if (SessionId != null)
            {
                foreach (string s in SessionId)
                    parsedIds.Add(IscsiSessionId.Parse(s, "session_id"));
            }
            if (Portal != null && Portal.Trim().TrimStart('[').TrimEnd(']').Trim().Length == 0)
                throw new ArgumentException("portal: must not be empty; omit it to select every portal");
        }

        internal List<IscsiSessionId> ParsedIds
        {
            get
            {
                if (parsedIds == null)
                    Validate();
                return parsedIds;
            }
        }

        public bool HasTarget
        {
            get { return Target != null && Target.Length > 0; }
        }

        /// <summary>True when target names it, or when target is not given (all, or portal alone, narrow).</summary>
        public bool SelectsTarget(string name)
        {
            return !HasTarget || Array.Exists(Target, delegate(string t) { return IscsiSession.SameName(t, name); });
        }


        /// <summary>
        /// The sessions every selector given selects, in listing order. A session_id that names a listed session the
        /// other selectors leave out gets a warning.
        /// </summary>
        public List<IscsiSession> Select(List<IscsiSession> all, PortalMatcher portals, List<string> warnings)
        {
            List<IscsiSession> res = new List<IscsiSession>();
            foreach (IscsiSession s in all)
            {
                bool byId = ParsedIds.Count == 0 || ParsedIds.Contains(s.Id);
                bool byTarget = !HasTarget || Array.Exists(Target, delegate(string t) { return s.MatchesTarget(t); });
                bool byPortal = Portal == null || portals.HasPortal(s, Portal);
                if (byId && byTarget && byPortal)
                    res.Add(s);
                else if (byId && ParsedIds.Count > 0)
                    warnings.Add(String.Format("session_id {0} is not selected: {1}", s.Id, !byTarget ?
                        "target does not name its target " + s.Target :
                        "it has no connection to portal " + Portal.Trim()));
            }
            return res;
        }
    }

    // ------------------------------------------------------------------ native layer

    /// <summary>A call that fills a caller buffer and reports the size it needs (in units) when it is too small.</summary>
    internal delegate uint BufferCall(IntPtr buffer, ref uint units);

    internal static class NativeBuffers
    {
        public const int MaxAttempts = 10;

        /// <summary>
        /// Calls <paramref name="call"/> with a buffer of <paramref name="units"/> x <paramref name="unitSize"/> bytes,
        /// growing it while the call answers ERROR_INSUFFICIENT_BUFFER (122) or its HRESULT form (0x8007007A). The
        /// call sets units to what it needs; a call that asks for no more than it got is given twice as much, so
        /// the loop always makes progress. Throws ApiException for any other status or after MaxAttempts.
        /// </summary>
        public static SafeMemoryBuffer Call(string operation, BufferCall call, uint initialUnits, int unitSize,
            out uint units)
        {
            uint capacity = Math.Max(initialUnits, 1);
            uint lastStatus = 0;
            for (int attempt = 0; attempt < MaxAttempts; attempt++)
            {
                SafeMemoryBuffer buffer = new SafeMemoryBuffer(checked((int)(capacity * (ulong)unitSize)));
                units = capacity;
                uint status = call(buffer.DangerousGetHandle(), ref units);
                if (status == 0)
                    return buffer;
                buffer.Dispose();
                lastStatus = status;
                if (!IscsiConstants.IsInsufficientBuffer(status))
                    throw new ApiException(operation, IscsiConstants.Decode(status));
                capacity = units > capacity ? units : checked(capacity * 2);
            }
            throw new ApiException(operation + String.Format(" (buffer still too small after {0} attempts)",
                MaxAttempts), IscsiConstants.Decode(lastStatus));
        }
    }

    /// <summary>An HGlobal buffer, zeroed, freed with FreeHGlobal.</summary>
    internal class SafeMemoryBuffer : SafeHandleZeroOrMinusOneIsInvalid
    {
        public int Length { get; private set; }

        public SafeMemoryBuffer(int size)
            : base(true)
        {
            Length = size;
            SetHandle(Marshal.AllocHGlobal(size));
            byte[] zero = new byte[size];
            Marshal.Copy(zero, 0, handle, size);
        }

        protected override bool ReleaseHandle()
        {
            Marshal.FreeHGlobal(handle);
            return true;
        }
    }

    internal static class NativeHelpers
    {
        [StructLayout(LayoutKind.Sequential)]
        public struct ISCSI_UNIQUE_SESSION_ID
        {
            public ulong AdapterUnique;
            public ulong AdapterSpecific;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct ISCSI_SESSION_INFOW
        {
            public ISCSI_UNIQUE_SESSION_ID SessionId;
            public IntPtr InitiatorName;
            public IntPtr TargetNodeName;
            public IntPtr TargetName;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 6)] public byte[] ISID;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 2)] public byte[] TSID;
            public uint ConnectionCount;
            public IntPtr Connections;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct ISCSI_CONNECTION_INFOW
        {
            public ISCSI_UNIQUE_SESSION_ID ConnectionId;
            public IntPtr InitiatorAddress;
            public IntPtr TargetAddress;
            public ushort InitiatorSocket;
            public ushort TargetSocket;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 2)] public byte[] CID;
        }

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode, Pack = 2)]
        public struct ISCSI_TARGET_PORTALW
        {
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 256)] public string SymbolicName;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 256)] public string Address;
            public ushort Socket;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct ISCSI_LOGIN_OPTIONS
        {
            public uint Version;
            public uint InformationSpecified;
            public uint LoginFlags;
            public uint AuthType;
            public uint HeaderDigest;
            public uint DataDigest;
            public uint MaximumConnections;
            public uint DefaultTime2Wait;
            public uint DefaultTime2Retain;
            public uint UsernameLength;
            public uint PasswordLength;
            public IntPtr Username;
            public IntPtr Password;
        }

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        public struct PERSISTENT_ISCSI_LOGIN_INFOW
        {
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 224)] public string TargetName;
            [MarshalAs(UnmanagedType.U1)] public bool IsInformationalSession;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 256)] public string InitiatorInstance;
            public uint InitiatorPortNumber;
            public ISCSI_TARGET_PORTALW TargetPortal;
            public ulong SecurityFlags;
            public IntPtr Mappings;
            public ISCSI_LOGIN_OPTIONS LoginOptions;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SCSI_ADDRESS
        {
            public uint Length;
            public byte PortNumber;
            public byte PathId;
            public byte TargetId;
            public byte Lun;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct STORAGE_DEVICE_NUMBER
        {
            public uint DeviceType;
            public uint DeviceNumber;
            public uint PartitionNumber;
        }

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode, Pack = 4)]
        public struct ISCSI_DEVICE_ON_SESSIONW
        {
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 256)] public string InitiatorName;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 224)] public string TargetName;
            public SCSI_ADDRESS ScsiAddress;
            public Guid DeviceInterfaceType;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 260)] public string DeviceInterfaceName;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 260)] public string LegacyName;
            public STORAGE_DEVICE_NUMBER StorageDeviceNumber;
            public uint DeviceInstance;
        }

        /// <summary>winioctl.h SET_DISK_ATTRIBUTES (40 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SET_DISK_ATTRIBUTES
        {
            public uint Version;
            [MarshalAs(UnmanagedType.U1)] public bool Persist;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 3)] public byte[] Reserved1;
            public ulong Attributes;
            public ulong AttributesMask;
            [MarshalAs(UnmanagedType.ByValArray, SizeConst = 4)] public uint[] Reserved2;
        }

        public const uint IOCTL_DISK_SET_DISK_ATTRIBUTES = 0x0007C0F4;
        public const ulong DISK_ATTRIBUTE_OFFLINE = 0x1;
    }

    internal static class NativeMethods
    {
        [DllImport("iscsidsc.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern uint GetIScsiSessionListW(ref uint BufferSize, out uint SessionCount, IntPtr SessionInfo);

        [DllImport("iscsidsc.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern uint GetDevicesForIScsiSessionW(ref NativeHelpers.ISCSI_UNIQUE_SESSION_ID UniqueSessionId,
            ref uint DeviceCount, IntPtr Devices);

        [DllImport("iscsidsc.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern uint ReportIScsiPersistentLoginsW(ref uint Count, IntPtr PersistentLoginInfo,
            ref uint BufferSizeInBytes);

    }

    /// <summary>The listing over iscsidsc.dll (NativeIscsiInitiatorApi in _IscsiInitiatorLogout.cs adds the logout calls). It only translates.</summary>
    public class NativeIscsiInitiatorSessions : IIscsiInitiatorSessionSource
    {
        private static readonly int SessionSize = Marshal.SizeOf(typeof(NativeHelpers.ISCSI_SESSION_INFOW));
        private static readonly int ConnectionSize = Marshal.SizeOf(typeof(NativeHelpers.ISCSI_CONNECTION_INFOW));
        private static readonly int DeviceSize = Marshal.SizeOf(typeof(NativeHelpers.ISCSI_DEVICE_ON_SESSIONW));
        private static readonly int LoginSize = Marshal.SizeOf(typeof(NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW));

        public IPAddress[] ResolveHost(string name)
        {
            return Dns.GetHostAddresses(name);
        }

        public List<IscsiSession> GetSessions()
        {
            uint count = 0;
            return ListSessions(delegate(IntPtr buffer, ref uint size)
            {
                return NativeMethods.GetIScsiSessionListW(ref size, out count, buffer);
            }, delegate { return count; });
        }

        /// <summary>The GetIScsiSessionListW loop and parse, with the call injectable for tests.</summary>
        internal static List<IscsiSession> ListSessions(BufferCall call, Func<uint> sessionCount)
        {
            uint size;
            using (SafeMemoryBuffer buffer = NativeBuffers.Call("GetIScsiSessionListW", call, 4096, 1, out size))
            {
                // Read every entry, string and connection while the buffer is alive; never past its end.
                uint fits = (uint)(buffer.Length / SessionSize);
                return ParseSessions(buffer.DangerousGetHandle(), Math.Min(sessionCount(), fits));
            }
        }

        /// <summary>Reads count ISCSI_SESSION_INFOW entries; the strings and connections live in the same buffer.</summary>
        internal static List<IscsiSession> ParseSessions(IntPtr buffer, uint count)
        {
            List<IscsiSession> sessions = new List<IscsiSession>();
            for (int i = 0; i < count; i++)
            {
                NativeHelpers.ISCSI_SESSION_INFOW info = (NativeHelpers.ISCSI_SESSION_INFOW)Marshal.PtrToStructure(
                    Offset(buffer, i * SessionSize), typeof(NativeHelpers.ISCSI_SESSION_INFOW));
                IscsiSession s = new IscsiSession();
                s.Id = new IscsiSessionId(info.SessionId.AdapterUnique, info.SessionId.AdapterSpecific);
                s.InitiatorName = Str(info.InitiatorName);
                s.TargetNodeName = Str(info.TargetNodeName);
                s.TargetName = Str(info.TargetName);
                for (int j = 0; info.Connections != IntPtr.Zero && j < info.ConnectionCount; j++)
                {
                    NativeHelpers.ISCSI_CONNECTION_INFOW c = (NativeHelpers.ISCSI_CONNECTION_INFOW)Marshal.PtrToStructure(
                        Offset(info.Connections, j * ConnectionSize), typeof(NativeHelpers.ISCSI_CONNECTION_INFOW));
                    IscsiConnection conn = new IscsiConnection();
                    conn.InitiatorAddress = Str(c.InitiatorAddress);
                    conn.TargetAddress = Str(c.TargetAddress);
                    conn.InitiatorPort = c.InitiatorSocket;
                    conn.TargetPort = c.TargetSocket;
                    s.Connections.Add(conn);
                }
                sessions.Add(s);
            }
            return sessions;
        }

        public List<IscsiDevice> GetDevices(IscsiSessionId session)
        {
            NativeHelpers.ISCSI_UNIQUE_SESSION_ID id = ToNative(session);
            return ListDevices(delegate(IntPtr buffer, ref uint count)
            {
                return NativeMethods.GetDevicesForIScsiSessionW(ref id, ref count, buffer);
            });
        }

        internal static List<IscsiDevice> ListDevices(BufferCall call)
        {
            uint count;
            List<IscsiDevice> devices = new List<IscsiDevice>();
            using (SafeMemoryBuffer buffer = NativeBuffers.Call("GetDevicesForIScsiSessionW", call, 4, DeviceSize,
                out count))
            {
                for (int i = 0; i < count && (i + 1) * DeviceSize <= buffer.Length; i++)
                {
                    NativeHelpers.ISCSI_DEVICE_ON_SESSIONW d = (NativeHelpers.ISCSI_DEVICE_ON_SESSIONW)
                        Marshal.PtrToStructure(Offset(buffer.DangerousGetHandle(), i * DeviceSize),
                        typeof(NativeHelpers.ISCSI_DEVICE_ON_SESSIONW));
                    IscsiDevice dev = new IscsiDevice();
                    dev.DeviceType = (int)d.StorageDeviceNumber.DeviceType;
                    dev.DeviceNumber = (int)d.StorageDeviceNumber.DeviceNumber;
                    dev.PartitionNumber = (int)d.StorageDeviceNumber.PartitionNumber;
                    dev.LegacyName = d.LegacyName;
                    dev.DeviceInterfaceName = d.DeviceInterfaceName;
                    devices.Add(dev);
                }
            }
            return devices;
        }

        public List<IscsiPersistentLogin> GetPersistentLogins()
        {
            uint count = 0;
            return ListPersistentLogins(delegate(IntPtr buffer, ref uint bytes)
            {
                return NativeMethods.ReportIScsiPersistentLoginsW(ref count, buffer, ref bytes);
            }, delegate { return count; });
        }

        internal static List<IscsiPersistentLogin> ListPersistentLogins(BufferCall call, Func<uint> loginCount)
        {
            uint bytes;
            List<IscsiPersistentLogin> logins = new List<IscsiPersistentLogin>();
            using (SafeMemoryBuffer buffer = NativeBuffers.Call("ReportIScsiPersistentLoginsW", call, (uint)LoginSize,
                1, out bytes))
            {
                uint count = loginCount();
                for (int i = 0; i < count && (i + 1) * LoginSize <= buffer.Length; i++)
                {
                    NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW l = (NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW)
                        Marshal.PtrToStructure(Offset(buffer.DangerousGetHandle(), i * LoginSize),
                        typeof(NativeHelpers.PERSISTENT_ISCSI_LOGIN_INFOW));
                    IscsiPersistentLogin login = new IscsiPersistentLogin();
                    login.TargetName = l.TargetName;
                    login.IsInformationalSession = l.IsInformationalSession;
                    login.InitiatorInstance = l.InitiatorInstance;
                    login.InitiatorPortNumber = l.InitiatorPortNumber;
                    login.PortalSymbolicName = l.TargetPortal.SymbolicName;
                    login.PortalAddress = l.TargetPortal.Address;
                    login.PortalSocket = l.TargetPortal.Socket;
                    logins.Add(login);
                }
            }
            return logins;
        }

        internal static NativeHelpers.ISCSI_UNIQUE_SESSION_ID ToNative(IscsiSessionId id)
        {
            NativeHelpers.ISCSI_UNIQUE_SESSION_ID n = new NativeHelpers.ISCSI_UNIQUE_SESSION_ID();
            n.AdapterUnique = id.AdapterUnique;
            n.AdapterSpecific = id.AdapterSpecific;
            return n;
        }

        private static IntPtr Offset(IntPtr p, long bytes)
        {
            return new IntPtr(p.ToInt64() + bytes);
        }

        private static string Str(IntPtr p)
        {
            return p == IntPtr.Zero ? null : Marshal.PtrToStringUni(p);
        }
    }
}
