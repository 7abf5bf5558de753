// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Fakes of the iSCSI initiator (iscsidsc) and of VDS that behave like the documented API:
// ISDSC_STATUS codes, sessions that vanish between listing and logout, a busy session,
// disks in use until they are taken offline, buffer-too-small answers, VDS HRESULTs.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorVds;

namespace SessionCtl.Tests
{
    public static class IscsiCodes
    {
        public const uint InvalidSessionId = 0xEFFF001C;
        public const uint SessionBusy = 0xEFFF001F;
        public const uint DeviceBusy = 0xEFFF0040;
        public const uint NotFound = 0xEFFF000B;
        public const uint TargetNotFound = 0xEFFF0029;
        public const uint CouldNotRemovePersistent = 0xEFFF0042;
        public const uint ServiceNotRunning = 0xEFFF003E;
        public const uint AccessDenied = 5;

        public static ApiException Error(string op, uint code)
        {
            return new ApiException(op, ErrorCatalog.Decode((long)code));
        }
    }

    public class FakeIscsiSession
    {
        public IscsiSession Session;
        public List<IscsiDevice> Devices = new List<IscsiDevice>();
    }

    /// <summary>A fake iSCSI initiator with the documented iscsidsc behaviour.</summary>
    public class FakeIscsiInitiator : IIscsiInitiatorApi
    {
        public const string Initiator = "iqn.1991-05.com.microsoft:host1.contoso.com";
        public readonly List<FakeIscsiSession> Sessions = new List<FakeIscsiSession>();
        public readonly List<IscsiPersistentLogin> Logins = new List<IscsiPersistentLogin>();
        public readonly EventLog Log = new EventLog();
        /// <summary>Session id -> how many more logouts answer ISDSC_SESSION_BUSY.</summary>
        public readonly Dictionary<string, int> BusyTimes = new Dictionary<string, int>();
        /// <summary>Sessions whose disks are in use: logout answers ISDSC_DEVICE_BUSY_ON_SESSION while a disk is online.</summary>
        public readonly HashSet<string> InUse = new HashSet<string>();
        /// <summary>Sessions that end on their own right after the listing (between listing and logout).</summary>
        public readonly HashSet<string> VanishAfterListing = new HashSet<string>();
        /// <summary>Session id -> a status every logout of it answers.</summary>
        public readonly Dictionary<string, uint> LogoutFails = new Dictionary<string, uint>();
        /// <summary>Sessions whose logout answers success but that stay listed.</summary>
        public readonly HashSet<string> StayAfterLogout = new HashSet<string>();
        public readonly HashSet<int> OfflineDisks = new HashSet<int>();
        public readonly Dictionary<int, uint> OfflineFails = new Dictionary<int, uint>();
        /// <summary>Target name -> a status removing its persistent login answers.</summary>
        public readonly Dictionary<string, uint> RemoveFails = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Targets whose persistent logins someone else removes right after the listing.</summary>
        public readonly HashSet<string> VanishLoginsAfterListing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        public uint ListLoginsFails;
        public uint ListSessionsFails;
        /// <summary>Once a logout was tried, listing the sessions fails with this code (the service stopped).</summary>
        public uint ListFailsAfterLogout;
        public int ListCount;
        /// <summary>
        /// What LogoutIScsiTarget answers for a session that is no longer logged in. The SDK documents no code for
        /// it (LogoutIScsiTarget: "the appropriate Win32 or iSCSI error code"); ISDSC_INVALID_SESSION_ID is the
        /// likely one, but a session being torn down may answer another (UNCONFIRMED), so tests vary it.
        /// </summary>
        public uint VanishedCode = IscsiCodes.InvalidSessionId;
        /// <summary>Session id -> a status its logout answers once, after which the session is gone (it ended while
        /// the call ran: the answer is an error, yet the session is no longer listed).</summary>
        public readonly Dictionary<string, uint> EndsWhileFailing = new Dictionary<string, uint>();

        /// <summary>Host name -> its addresses, as DNS answers; a name not here does not resolve.</summary>
        public readonly Dictionary<string, string[]> Dns = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

        public System.Net.IPAddress[] ResolveHost(string name)
        {
            Log.Add("resolve " + name);
            string[] addrs;
            if (!Dns.TryGetValue(name, out addrs))
                throw new System.Net.Sockets.SocketException(11001);
            return Array.ConvertAll(addrs, delegate(string a) { return System.Net.IPAddress.Parse(a); });
        }

        public FakeIscsiSession Add(string id, string target, params string[] portals)
        {
            FakeIscsiSession f = new FakeIscsiSession();
            f.Session = new IscsiSession();
            f.Session.Id = IscsiSessionId.Parse(id);
            f.Session.InitiatorName = Initiator;
            f.Session.TargetNodeName = target;
            f.Session.TargetName = null;
            foreach (string p in portals)
            {
                IscsiConnection c = new IscsiConnection();
                c.InitiatorAddress = "0.0.0.0";
                c.InitiatorPort = 0;
                c.TargetAddress = p;
                c.TargetPort = 3260;
                f.Session.Connections.Add(c);
            }
            Sessions.Add(f);
            return f;
        }

        public FakeIscsiSession AddDisk(FakeIscsiSession s, int disk)
        {
            IscsiDevice d = new IscsiDevice();
            d.DeviceType = IscsiDevice.FileDeviceDisk;
            d.DeviceNumber = disk;
            d.PartitionNumber = 0;
            d.LegacyName = "\\\\.\\PhysicalDrive" + disk;
            d.DeviceInterfaceName = "\\\\?\\mpio#disk&ven_msft&prod_virtual_hd#" + disk + "#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}";
            s.Devices.Add(d);
            return s;
        }

        public IscsiPersistentLogin AddLogin(string target, string portal)
        {
            IscsiPersistentLogin l = new IscsiPersistentLogin();
            l.TargetName = target;
            l.InitiatorInstance = "ROOT\\ISCSIPRT\\0000_0";
            l.InitiatorPortNumber = IscsiConstants.AllInitiatorPorts;
            l.PortalAddress = portal;
            l.PortalSocket = 3260;
            l.PortalSymbolicName = "";
            Logins.Add(l);
            return l;
        }

        private FakeIscsiSession Find(IscsiSessionId id)
        {
            foreach (FakeIscsiSession s in Sessions)
            {
                if (s.Session.Id.Equals(id))
                    return s;
            }
            return null;
        }

        public bool Has(string id)
        {
            return Find(IscsiSessionId.Parse(id)) != null;
        }

        public List<IscsiSession> GetSessions()
        {
            ListCount++;
            Log.Add("list");
            if (ListSessionsFails != 0)
                throw IscsiCodes.Error("GetIScsiSessionListW", ListSessionsFails);
            if (ListFailsAfterLogout != 0 && Log.CountPrefix("logout ") > 0)
                throw IscsiCodes.Error("GetIScsiSessionListW", ListFailsAfterLogout);
            List<IscsiSession> res = new List<IscsiSession>();
            foreach (FakeIscsiSession s in Sessions)
                res.Add(s.Session);
            if (VanishAfterListing.Count > 0)
            {
                Sessions.RemoveAll(delegate(FakeIscsiSession s) { return VanishAfterListing.Contains(s.Session.Id.ToString()); });
                VanishAfterListing.Clear();
            }
            return res;
        }

        /// <summary>Session id -> how many more device listings answer ISDSC_SESSION_BUSY (os-win retries this call).</summary>
        public readonly Dictionary<string, int> DevicesBusyTimes = new Dictionary<string, int>();

        public List<IscsiDevice> GetDevices(IscsiSessionId session)
        {
            Log.Add("devices " + session);
            FakeIscsiSession s = Find(session);
            if (s == null)
                throw IscsiCodes.Error("GetDevicesForIScsiSessionW", IscsiCodes.InvalidSessionId);
            int busy;
            if (DevicesBusyTimes.TryGetValue(session.ToString(), out busy) && busy > 0)
            {
                DevicesBusyTimes[session.ToString()] = busy - 1;
                throw IscsiCodes.Error("GetDevicesForIScsiSessionW", IscsiCodes.SessionBusy);
            }
            return new List<IscsiDevice>(s.Devices);
        }

        public List<IscsiPersistentLogin> GetPersistentLogins()
        {
            Log.Add("logins");
            if (ListLoginsFails != 0)
                throw IscsiCodes.Error("ReportIScsiPersistentLoginsW", ListLoginsFails);
            List<IscsiPersistentLogin> res = new List<IscsiPersistentLogin>(Logins);
            if (VanishLoginsAfterListing.Count > 0)
            {
                foreach (string t in VanishLoginsAfterListing)
                    RemoveTargetLogins(t);
                VanishLoginsAfterListing.Clear();
            }
            return res;
        }

        public void Logout(IscsiSessionId session)
        {
            string key = session.ToString();
            Log.Add("logout " + key);
            FakeIscsiSession s = Find(session);
            if (s == null)
                throw IscsiCodes.Error("LogoutIScsiTarget", VanishedCode);
            uint fail;
            if (EndsWhileFailing.TryGetValue(key, out fail))
            {
                Sessions.Remove(s);
                throw IscsiCodes.Error("LogoutIScsiTarget", fail);
            }
            if (LogoutFails.TryGetValue(key, out fail))
                throw IscsiCodes.Error("LogoutIScsiTarget", fail);
            int busy;
            if (BusyTimes.TryGetValue(key, out busy) && busy > 0)
            {
                BusyTimes[key] = busy - 1;
                throw IscsiCodes.Error("LogoutIScsiTarget", IscsiCodes.SessionBusy);
            }
            if (InUse.Contains(key))
            {
                foreach (IscsiDevice d in s.Devices)
                {
                    if (d.DiskNumber >= 0 && !OfflineDisks.Contains(d.DiskNumber))
                        throw IscsiCodes.Error("LogoutIScsiTarget", IscsiCodes.DeviceBusy);
                }
            }
            if (!StayAfterLogout.Contains(key))
                Sessions.Remove(s);
        }

        /// <summary>Removes the target's persistent logins, as VDS LogoutFromTarget does; returns how many.</summary>
        public int RemoveTargetLogins(string target)
        {
            return Logins.RemoveAll(delegate(IscsiPersistentLogin l) { return IscsiSession.SameName(l.TargetName, target); });
        }

        /// <summary>What VDS LogoutFromTarget does to the initiator: every session to the target ends.</summary>
        public int LogoutTargetSessions(string target, HashSet<string> keep)
        {
            int n = 0;
            foreach (FakeIscsiSession s in new List<FakeIscsiSession>(Sessions))
            {
                if (s.Session.MatchesTarget(target) && (keep == null || !keep.Contains(s.Session.Id.ToString())))
                {
                    Sessions.Remove(s);
                    n++;
                }
            }
            return n;
        }

        /// <summary>
        /// RemoveIScsiPersistentTargetW as Learn documents it (nf-iscsidsc-removeiscsipersistenttargetw): the call names
        /// a target, an initiator port and a portal, and "If Portal is null or contains no information, the miniport
        /// driver ... removes persistent logins for the target on all portals"; with ISCSI_ALL_INITIATOR_PORTS it removes
        /// the target "from the persistent login lists for all initiator ports". So one call can remove several logins.
        /// Whether a portal with an empty address but a socket counts as "no information" is UNCONFIRMED: here it does;
        /// a portal with an address is taken to name one portal, address and socket (UNCONFIRMED).
        /// </summary>
        public void RemovePersistentLogin(IscsiPersistentLogin login)
        {
            Log.Add("remove " + login.TargetName + " " + login.PortalAddress);
            uint fail;
            if (RemoveFails.TryGetValue(login.TargetName, out fail))
                throw IscsiCodes.Error("RemoveIScsiPersistentTargetW", fail);
            int removed = Logins.RemoveAll(delegate(IscsiPersistentLogin l)
            {
                return String.Equals(l.TargetName, login.TargetName, StringComparison.OrdinalIgnoreCase) &&
                    String.Equals(l.InitiatorInstance ?? "", login.InitiatorInstance ?? "", StringComparison.OrdinalIgnoreCase) &&
                    (String.IsNullOrEmpty(login.PortalAddress) ||
                        (l.PortalAddress == login.PortalAddress && l.PortalSocket == login.PortalSocket)) &&
                    (login.InitiatorPortNumber == IscsiConstants.AllInitiatorPorts ||
                        l.InitiatorPortNumber == login.InitiatorPortNumber);
            });
            if (removed == 0)
                throw IscsiCodes.Error("RemoveIScsiPersistentTargetW", IscsiCodes.TargetNotFound);
        }

        /// <summary>Disk -> its volumes; a name ending in "*" has open files (the lock fails, the dismount is forced).</summary>
        public readonly Dictionary<int, string[]> Volumes = new Dictionary<int, string[]>();

        public List<string> DismountVolumes(int diskNumber)
        {
            Log.Add("dismount " + diskNumber);
            List<string> res = new List<string>();
            string[] v;
            if (Volumes.TryGetValue(diskNumber, out v))
            {
                foreach (string name in v)
                    res.Add(name.EndsWith("*") ? name.TrimEnd('*') + " (forced)" : name);
            }
            return res;
        }

        public void SetDiskOffline(int diskNumber)
        {
            Log.Add("offline " + diskNumber);
            uint fail;
            if (OfflineFails.TryGetValue(diskNumber, out fail))
                throw IscsiCodes.Error("IOCTL_DISK_SET_DISK_ATTRIBUTES", fail);
            OfflineDisks.Add(diskNumber);
        }
    }

    /// <summary>
    /// A fake VDS that ends sessions in a FakeIscsiInitiator like LogoutFromTarget would. It also removes the
    /// target's persistent logins, as the real one does: vdserr.h (Windows SDK) documents the success codes of
    /// LogoutFromTarget as VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED 0x00042800 "No iSCSI sessions to
    /// the target were found, but the persistent login setup to the target was removed" and
    /// VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED 0x00042801 "If a persistent login was set up for the target,
    /// it may not have been removed" (the exception). So S_OK removes them, 0x00042800 removes them with no session,
    /// 0x00042801 leaves them. Whether a failed LogoutFromTarget removed any is UNCONFIRMED: the fake leaves them.
    /// </summary>
    public class FakeVds : IVdsApi
    {
        public readonly List<VdsIscsiTarget> Targets = new List<VdsIscsiTarget>();
        public readonly List<VdsInitiatorAdapter> Adapters = new List<VdsInitiatorAdapter>();
        /// <summary>HRESULTs LogoutFromTarget answers, in order; when empty it logs out and answers S_OK.</summary>
        public readonly Queue<int> Results = new Queue<int>();
        /// <summary>Sessions an incomplete logout leaves behind.</summary>
        public readonly HashSet<string> Leave = new HashSet<string>();
        public readonly EventLog Log;
        public ApiException QueryFails;
        /// <summary>An exception QueryTargets throws, as the COM layer might (UnauthorizedAccessException...).</summary>
        public Exception QueryThrows;
        /// <summary>Per-provider failures QueryTargets reports while listing the rest (QuerySubSystems...).</summary>
        public readonly List<ApiException> TargetFailures = new List<ApiException>();
        /// <summary>Per-adapter failures QueryInitiatorAdapters reports (GetProperties...).</summary>
        public readonly List<ApiException> AdapterFailures = new List<ApiException>();
        /// <summary>What Load throws (the service cannot be loaded or is not ready in time).</summary>
        public ApiException LoadFails;
        public TimeSpan LoadTimeout;
        /// <summary>An exception LogoutFromTarget throws instead of answering an HRESULT.</summary>
        public Exception LogoutThrows;
        private readonly FakeIscsiInitiator initiator;

        public FakeVds(FakeIscsiInitiator initiator)
        {
            this.initiator = initiator;
            Log = initiator.Log;
            VdsInitiatorAdapter a = new VdsInitiatorAdapter();
            a.Id = new Guid("11111111-2222-3333-4444-555555555555");
            a.Name = "Microsoft iSCSI Initiator";
            Adapters.Add(a);
        }

        public VdsIscsiTarget AddTarget(string iqn)
        {
            VdsIscsiTarget t = new VdsIscsiTarget();
            t.Id = Guid.NewGuid();
            t.IscsiName = iqn;
            Targets.Add(t);
            return t;
        }

        public void Load(TimeSpan timeout, IClock clock)
        {
            Log.Add("vds load");
            LoadTimeout = timeout;
            if (LoadFails != null)
                throw LoadFails;
        }

        public List<VdsIscsiTarget> QueryTargets(List<ApiException> failures)
        {
            Log.Add("vds targets");
            if (QueryFails != null)
                throw QueryFails;
            if (QueryThrows != null)
                throw QueryThrows;
            failures.AddRange(TargetFailures);
            return new List<VdsIscsiTarget>(Targets);
        }

        public List<VdsInitiatorAdapter> QueryInitiatorAdapters(List<ApiException> failures)
        {
            Log.Add("vds adapters");
            failures.AddRange(AdapterFailures);
            return new List<VdsInitiatorAdapter>(Adapters);
        }

        public DateTime LogoutDeadline;

        public int LogoutFromTarget(Guid adapterId, Guid targetId, DateTime deadline, IClock clock)
        {
            LogoutDeadline = deadline;
            VdsIscsiTarget target = null;
            foreach (VdsIscsiTarget t in Targets)
            {
                if (t.Id == targetId)
                    target = t;
            }
            Log.Add("vds logout " + (target == null ? targetId.ToString() : target.IscsiName));
            if (target == null)
                return unchecked((int)0x80042405); // VDS_E_OBJECT_NOT_FOUND
            if (LogoutThrows != null)
                throw LogoutThrows;
            // A disk in use on a session to the target: LogoutFromTarget documents no busy code, so the fake answers
            // VDS_E_ISCSI_LOGOUT_FAILED, one of the codes it documents (which code a real host gives is UNCONFIRMED).
            foreach (FakeIscsiSession s in initiator.Sessions)
            {
                if (!s.Session.MatchesTarget(target.IscsiName) || !initiator.InUse.Contains(s.Session.Id.ToString()))
                    continue;
                foreach (IscsiDevice d in s.Devices)
                {
                    if (d.DiskNumber >= 0 && !initiator.OfflineDisks.Contains(d.DiskNumber))
                        return unchecked((int)VdsCodes.LogoutFailed);
                }
            }
            int hr = Results.Count > 0 ? Results.Dequeue() : 0;
            if (hr >= 0)
            {
                int n = initiator.LogoutTargetSessions(target.IscsiName, null);
                int removed = hr == 0x00042801 ? 0 : initiator.RemoveTargetLogins(target.IscsiName);
                if (n == 0 && hr == 0)
                    return removed > 0 ? 0x00042800 : unchecked((int)VdsCodes.SessionNotFound);
            }
            else if (hr == unchecked((int)VdsCodes.LogoutIncomplete))
                initiator.LogoutTargetSessions(target.IscsiName, Leave);
            return hr;
        }
    }

    /// <summary>Writes iscsidsc-shaped buffers, as the DLL would, for the native parsing tests.</summary>
    public static class NativeBufferWriter
    {
        private static int WriteString(IntPtr buffer, int offset, string s)
        {
            byte[] bytes = System.Text.Encoding.Unicode.GetBytes(s + "\0");
            Marshal.Copy(bytes, 0, new IntPtr(buffer.ToInt64() + offset), bytes.Length);
            return offset + bytes.Length;
        }

        private static IntPtr At(IntPtr p, int offset)
        {
            return new IntPtr(p.ToInt64() + offset);
        }

        public static int StringBytes(string s)
        {
            return s == null ? 0 : (s.Length + 1) * 2;
        }

        /// <summary>The bytes GetIScsiSessionListW needs for these sessions (entries, connections, strings).</summary>
        public static int SessionListSize(List<IscsiSession> sessions)
        {
            int size = sessions.Count * (64 + 8);
            foreach (IscsiSession s in sessions)
            {
                size += s.Connections.Count * 40;
                size += StringBytes(s.InitiatorName) + StringBytes(s.TargetNodeName) + StringBytes(s.TargetName);
                foreach (IscsiConnection c in s.Connections)
                    size += StringBytes(c.InitiatorAddress) + StringBytes(c.TargetAddress);
            }
            return size;
        }

        /// <summary>Lays out sessions like the DLL: the entries, then connection arrays, then strings.</summary>
        public static void WriteSessions(IntPtr buffer, List<IscsiSession> sessions)
        {
            int tail = sessions.Count * 64;
            for (int i = 0; i < sessions.Count; i++)
            {
                IscsiSession s = sessions[i];
                IntPtr entry = At(buffer, i * 64);
                Marshal.WriteInt64(entry, 0, (long)s.Id.AdapterUnique);
                Marshal.WriteInt64(entry, 8, (long)s.Id.AdapterSpecific);
                string[] strs = new string[] { s.InitiatorName, s.TargetNodeName, s.TargetName };
                for (int k = 0; k < 3; k++)
                {
                    if (strs[k] == null)
                    {
                        Marshal.WriteIntPtr(entry, 16 + k * 8, IntPtr.Zero);
                        continue;
                    }
                    Marshal.WriteIntPtr(entry, 16 + k * 8, At(buffer, tail));
                    tail = WriteString(buffer, tail, strs[k]);
                }
                for (int k = 0; k < 8; k++)
                    Marshal.WriteByte(entry, 40 + k, (byte)(0x40 + k));
                Marshal.WriteInt32(entry, 48, s.Connections.Count);
                if (s.Connections.Count == 0)
                {
                    Marshal.WriteIntPtr(entry, 56, IntPtr.Zero);
                    continue;
                }
                tail = (tail + 7) & ~7;
                IntPtr conns = At(buffer, tail);
                Marshal.WriteIntPtr(entry, 56, conns);
                tail += s.Connections.Count * 40;
                for (int j = 0; j < s.Connections.Count; j++)
                {
                    IscsiConnection c = s.Connections[j];
                    IntPtr ce = At(conns, j * 40);
                    Marshal.WriteInt64(ce, 0, j + 1);
                    Marshal.WriteInt64(ce, 8, (long)s.Id.AdapterSpecific);
                    Marshal.WriteIntPtr(ce, 16, At(buffer, tail));
                    tail = WriteString(buffer, tail, c.InitiatorAddress);
                    Marshal.WriteIntPtr(ce, 24, At(buffer, tail));
                    tail = WriteString(buffer, tail, c.TargetAddress);
                    Marshal.WriteInt16(ce, 32, (short)c.InitiatorPort);
                    Marshal.WriteInt16(ce, 34, (short)c.TargetPort);
                }
            }
        }

        public static void WriteUnicode(IntPtr entry, int offset, string s)
        {
            WriteString(entry, offset, s);
        }
    }
}
