// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// A fake iSCSI Target Server for the engine tests. It behaves as the notes (§3) describe the WMI providers
// and the pass-through IOCTL: sessions come from WT_Host.Sessions; each MSISCSITARGET_iSCSISession answers
// RequestStateChange with a configured ReturnValue; 4096 hands back a CIM_ConcreteJob that finishes on the
// FakeClock's time (or never); a missing provider answers WBEM_E_INVALID_NAMESPACE; DeviceIoControl can fail
// with a Win32 error or succeed with an SRB ReturnCode. Sessions vanish when the configured behaviour says so.
//
// What the real providers do that the fake follows (evidence):
// - RequestStateChange may answer 6 (In Use) and 4099 (Busy): both are in the return values of
//   CIM_EnabledLogicalElement.RequestStateChange as MSISCSITARGET_iSCSISession inherits it (MicrosoftDocs/win32
//   desktop-src/iSCSITarg/requeststatechange-msiscsitarget-iscsisession.md). Neither says the request is wrong, only
//   that the element cannot take it now; AnswersFirst lets a session answer them for a while, then its ReturnValue.
// - TSIH is not a host-wide key. RFC 7143 (2.2, TSIH) makes it a tag the target assigns to a session with one named
//   initiator; the iSCSI MIB (RFC 4544) keys its session table by instance, target node and session index, not by
//   TSIH; and Microsoft's WT_Session (key TSIH) lives inside each WT_Host.Sessions, i.e. per target. So two targets
//   may each have a session with TSIH 1, even from the same initiator. The fake allows that: a CIM instance is one
//   session (its path names target and TSIH), and RequestStateChange ends exactly that session.
// - MSISCSITARGET_iSCSISession has no target property; it is "a network pipe between initiator and target
//   MSISCSITARGET_iSCSIProtocolEndpoint instances" (msiscsitarget-iscsisession.md, cim-endpointofnetworkpipe.md),
//   and a target endpoint's Name is the iSCSI port name "<node name>,t,<TPGT>" (msiscsitarget-iscsiprotocolendpoint.md).
//   TargetEndPointName carries that name; null stands for an association that could not be read. Whether
//   Microsoft's provider fills that association for sessions is UNCONFIRMED.
using System;
using System.Collections.Generic;
using System.Globalization;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace SessionCtl.Tests
{
    /// <summary>How one session's MSISCSITARGET_iSCSISession answers RequestStateChange.</summary>
    public class IscsiTargetCimBehaviour
    {
        /// <summary>ReturnValue of RequestStateChange.</summary>
        public long ReturnValue = 0;
        /// <summary>ReturnValue when TimeoutPeriod is passed, if different (4098 = not supported).</summary>
        public long? ReturnValueWithTimeout;
        /// <summary>With 0 or 3 (Timeout, the change may still finish): remove the session this long after the call (null = never).</summary>
        public TimeSpan? GoneAfter = TimeSpan.Zero;
        /// <summary>With 4096: the job finishes this long after the call (null = runs forever).</summary>
        public TimeSpan? JobFinishesAfter;
        public int JobFinalState = CimJobStatus.Completed;
        public long JobErrorCode = 0;
        public string JobErrorDescription;
        /// <summary>With 4096: GetJob answers WBEM_E_NOT_FOUND (the job object was discarded).</summary>
        public bool JobVanishes;
        /// <summary>With 4096 returning no job path.</summary>
        public bool NoJobPath;
        /// <summary>The call throws this code (a WBEM HRESULT) instead of answering.</summary>
        public long? ThrowHResult;
        /// <summary>With 4096: GetJob throws this WBEM HRESULT (other than not-found).</summary>
        public long? JobReadHResult;
        /// <summary>ReturnValues answered, one per call and in order, before ReturnValue (e.g. 4099 Busy, 6 In Use).</summary>
        public readonly List<long> AnswersFirst = new List<long>();
    }

    public class FakeIscsiTargetApi : IIscsiTargetCimApi, IIscsiTargetIoctlApi
    {
        public readonly List<TargetSession> Sessions = new List<TargetSession>();
        public readonly Dictionary<int, IscsiTargetCimBehaviour> Cim = new Dictionary<int, IscsiTargetCimBehaviour>();
        public readonly EventLog Log = new EventLog();
        public readonly FakeClock Clock;

        /// <summary>WT_Host listing fails with this HRESULT (e.g. 0x8004100E when the role is not installed).</summary>
        public long? ListHResult;
        /// <summary>With ListHResult: the first listing that fails (1 = every one; 2 = all but the first).</summary>
        public int ListFailsFrom = 1;
        /// <summary>MSISCSITARGET_iSCSISession listing fails with this HRESULT.</summary>
        public long? CimListHResult;
        /// <summary>
        /// Builds MSISCSITARGET_iSCSISession.EndPointName from a session (default: the bare initiator IQN). The class
        /// text calls it the peer's iSCSI *port* name, which RFC 3720 writes as "iqn...,i,0x&lt;ISID&gt;".
        /// </summary>
        public Func<TargetSession, string> EndPointName;
        /// <summary>
        /// The Name of the session's target-side MSISCSITARGET_iSCSIProtocolEndpoint (default "&lt;target IQN&gt;,t,0x1");
        /// a null result stands for an association the native layer could not read.
        /// </summary>
        public Func<TargetSession, string> TargetEndPointName;
        /// <summary>The target (WT_Host.HostName) of the session each RequestStateChange was invoked on, in order.</summary>
        public readonly List<string> RscTargets = new List<string>();
        /// <summary>How long each RequestStateChange takes (the provider may work synchronously).</summary>
        public TimeSpan CallDelay = TimeSpan.Zero;
        /// <summary>TSIHs WT_Session shows but the SMI-S provider does not.</summary>
        public readonly List<int> NotInCim = new List<int>();
        /// <summary>tsih -> number of WT_Host listings after which the session disappears by itself.</summary>
        public readonly Dictionary<int, int> VanishAfterListings = new Dictionary<int, int>();

        /// <summary>IOCTL: DeviceIoControl fails with this Win32 error.</summary>
        public int? IoctlWin32Error;
        /// <summary>IOCTL: CreateFileW fails with this Win32 error.</summary>
        public int? OpenWin32Error;
        /// <summary>IOCTL: what the driver writes to SRB_IO_CONTROL.ReturnCode.</summary>
        public uint IoctlReturnCode = 1;
        /// <summary>IOCTL: bytes returned (the whole buffer by default).</summary>
        public int? IoctlBytesReturned;
        /// <summary>IOCTL: the session (by TSIH) a successful request removes.</summary>
        public int? IoctlRemovesTsih;
        public byte[] LastIoctlInput;
        public string LastIoctlDevice;
        public readonly List<TimeSpan?> TimeoutPeriods = new List<TimeSpan?>();

        private int listings;
        private readonly List<KeyValuePair<DateTime, string>> removals = new List<KeyValuePair<DateTime, string>>();
        private readonly Dictionary<string, string> cimPaths = new Dictionary<string, string>();
        private readonly Dictionary<string, KeyValuePair<DateTime?, IscsiTargetCimBehaviour>> jobs =
            new Dictionary<string, KeyValuePair<DateTime?, IscsiTargetCimBehaviour>>();

        public FakeIscsiTargetApi(FakeClock clock)
        {
            Clock = clock;
        }

        public TargetSession Add(int tsih, string initiator, string target)
        {
            TargetSession s = new TargetSession();
            s.Tsih = tsih;
            s.Isid = 0x400001370000UL + (ulong)tsih;
            s.SessionType = 1;
            s.InitiatorIqn = initiator;
            s.TargetName = target;
            s.TargetIqn = "iqn.1991-05.com.microsoft:tgt01-" + target + "-target";
            s.InitiatorAddress = "192.0.2." + tsih.ToString(CultureInfo.InvariantCulture);
            Sessions.Add(s);
            return s;
        }

        public IscsiTargetCimBehaviour Behave(int tsih)
        {
            IscsiTargetCimBehaviour b;
            if (!Cim.TryGetValue(tsih, out b))
            {
                b = new IscsiTargetCimBehaviour();
                Cim[tsih] = b;
            }
            return b;
        }

        public bool Has(int tsih)
        {
            Tick();
            foreach (TargetSession s in Sessions)
            {
                if (s.Tsih == tsih)
                    return true;
            }
            return false;
        }

        private void Remove(int tsih)
        {
            Sessions.RemoveAll(delegate(TargetSession s) { return s.Tsih == tsih; });
        }

        /// <summary>Runs after a stopped session is removed (for example: its initiator logs in again at once).</summary>
        public Action<TargetSession> OnRemoved;

        private void RemoveKey(string key)
        {
            List<TargetSession> gone = Sessions.FindAll(delegate(TargetSession s) { return s.Key == key; });
            Sessions.RemoveAll(delegate(TargetSession s) { return s.Key == key; });
            if (OnRemoved != null)
                gone.ForEach(OnRemoved);
        }

        private TargetSession FindKey(string key)
        {
            foreach (TargetSession s in Sessions)
            {
                if (s.Key == key)
                    return s;
            }
            return null;
        }

        private void Tick()
        {
            DateTime now = Clock.UtcNow;
            for (int i = removals.Count - 1; i >= 0; i--)
            {
                if (removals[i].Key <= now)
                {
                    RemoveKey(removals[i].Value);
                    removals.RemoveAt(i);
                }
            }
        }

        private static ApiException Wbem(string op, long code)
        {
            return new ApiException(op, ErrorCatalog.Decode(code, "hresult"));
        }

        private TargetSession Copy(TargetSession s)
        {
            TargetSession c = new TargetSession();
            c.Tsih = s.Tsih;
            c.Isid = s.Isid;
            c.SessionType = s.SessionType;
            c.InitiatorIqn = s.InitiatorIqn;
            c.TargetName = s.TargetName;
            c.TargetIqn = s.TargetIqn;
            c.InitiatorAddress = s.InitiatorAddress;
            c.InitiatorAddresses.AddRange(s.InitiatorAddresses);
            c.Login = s.Login;
            return c;
        }

        public List<TargetSession> ListSessions()
        {
            Tick();
            listings++;
            Log.Add("list");
            if (ListHResult.HasValue && listings >= ListFailsFrom)
                throw Wbem("listing WT_Host in root\\WMI", ListHResult.Value);
            List<TargetSession> res = new List<TargetSession>();
            foreach (TargetSession s in Sessions)
                res.Add(Copy(s));
            foreach (KeyValuePair<int, int> kv in VanishAfterListings)
            {
                if (listings == kv.Value)
                    Remove(kv.Key);
            }
            return res;
        }

        public List<CimSessionRef> ListCimSessions()
        {
            Tick();
            Log.Add("list-cim");
            if (CimListHResult.HasValue)
                throw Wbem("listing MSISCSITARGET_iSCSISession", CimListHResult.Value);
            List<CimSessionRef> res = new List<CimSessionRef>();
            foreach (TargetSession s in Sessions)
            {
                if (NotInCim.Contains(s.Tsih))
                    continue;
                CimSessionRef c = new CimSessionRef();
                c.Tsih = s.Tsih;
                c.EndPointName = EndPointName == null ? s.InitiatorIqn : EndPointName(s);
                c.TargetEndPointName = TargetEndPointName == null ? s.TargetIqn + ",t,0x1" : TargetEndPointName(s);
                c.Path = String.Format(CultureInfo.InvariantCulture,
                    "\\\\TGT01\\root\\CIMv2\\Storage\\iScsiTarget:MSISCSITARGET_iSCSISession.InstanceID=\"{0}:{1}:{2}\"",
                    s.TargetName, s.Tsih, s.IsidHex);
                cimPaths[c.Path] = s.Key;
                res.Add(c);
            }
            return res;
        }

        public StateChangeReply RequestStateChange(CimSessionRef session, int requestedState, TimeSpan? timeoutPeriod)
        {
            Tick();
            int tsih = (int)session.Tsih;
            Log.Add(String.Format(CultureInfo.InvariantCulture, "rsc {0} state={1} timeout={2}", tsih, requestedState,
                timeoutPeriod.HasValue ? ((int)timeoutPeriod.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "none"));
            TimeoutPeriods.Add(timeoutPeriod);
            if (CallDelay > TimeSpan.Zero)
                Clock.Advance(CallDelay);
            IscsiTargetCimBehaviour b = Behave(tsih);
            if (b.ThrowHResult.HasValue)
                throw Wbem("MSISCSITARGET_iSCSISession.RequestStateChange", b.ThrowHResult.Value);
            string key;
            Tick();
            TargetSession target = session.Path != null && cimPaths.TryGetValue(session.Path, out key) ? FindKey(key) : null;
            if (target == null)
                throw Wbem("MSISCSITARGET_iSCSISession.RequestStateChange", 0x80041002L);
            RscTargets.Add(target.TargetName);
            StateChangeReply reply = new StateChangeReply();
            if (b.AnswersFirst.Count > 0)
            {
                reply.ReturnValue = b.AnswersFirst[0];
                b.AnswersFirst.RemoveAt(0);
                return reply;
            }
            reply.ReturnValue = timeoutPeriod.HasValue && b.ReturnValueWithTimeout.HasValue ? b.ReturnValueWithTimeout.Value : b.ReturnValue;
            DateTime now = Clock.UtcNow;
            if ((reply.ReturnValue == 0 || reply.ReturnValue == 3) && b.GoneAfter.HasValue)
            {
                removals.Add(new KeyValuePair<DateTime, string>(now + b.GoneAfter.Value, target.Key));
                Tick();
            }
            else if (reply.ReturnValue == 4096)
            {
                string path = String.Format(CultureInfo.InvariantCulture, "\\\\TGT01\\root\\CIMv2:CIM_ConcreteJob.InstanceID=\"job{0}\"", tsih);
                DateTime? finish = null;
                if (b.JobFinishesAfter.HasValue)
                {
                    finish = now + b.JobFinishesAfter.Value;
                    if (b.JobFinalState == CimJobStatus.Completed && b.JobErrorCode == 0)
                        removals.Add(new KeyValuePair<DateTime, string>(finish.Value, target.Key));
                }
                jobs[path] = new KeyValuePair<DateTime?, IscsiTargetCimBehaviour>(finish, b);
                reply.JobPath = b.NoJobPath ? null : path;
            }
            return reply;
        }

        public CimJobStatus GetJob(string jobPath)
        {
            Tick();
            Log.Add("job " + jobPath.Substring(jobPath.LastIndexOf('"', jobPath.Length - 2) + 1).TrimEnd('"'));
            KeyValuePair<DateTime?, IscsiTargetCimBehaviour> job;
            if (!jobs.TryGetValue(jobPath, out job) || job.Value.JobVanishes)
                throw Wbem("reading CIM_ConcreteJob", 0x80041002L);
            if (job.Value.JobReadHResult.HasValue)
                throw Wbem("reading CIM_ConcreteJob", job.Value.JobReadHResult.Value);
            CimJobStatus st = new CimJobStatus();
            if (job.Key.HasValue && Clock.UtcNow >= job.Key.Value)
            {
                st.JobState = job.Value.JobFinalState;
                st.ErrorCode = job.Value.JobErrorCode;
                st.ErrorDescription = job.Value.JobErrorDescription;
            }
            else
            {
                st.JobState = 4;
            }
            return st;
        }

        public IoctlReply SendMiniportIoctl(string device, byte[] input, int outputSize)
        {
            Tick();
            Log.Add("ioctl " + device);
            LastIoctlDevice = device;
            LastIoctlInput = (byte[])input.Clone();
            if (OpenWin32Error.HasValue)
                throw ApiException.FromWin32("CreateFileW(" + device + ")", OpenWin32Error.Value);
            if (IoctlWin32Error.HasValue)
                throw ApiException.FromWin32("DeviceIoControl(" + device + ", IOCTL_SCSI_MINIPORT, ISCSITGT_SPT_SESSION_END)",
                    IoctlWin32Error.Value);
            byte[] output = new byte[outputSize];
            Array.Copy(input, output, Math.Min(input.Length, outputSize));
            output[20] = (byte)(IoctlReturnCode & 0xFF);
            output[21] = (byte)((IoctlReturnCode >> 8) & 0xFF);
            output[22] = (byte)((IoctlReturnCode >> 16) & 0xFF);
            output[23] = (byte)((IoctlReturnCode >> 24) & 0xFF);
            if (IoctlRemovesTsih.HasValue && (IoctlReturnCode & 0x3F) == 1)
                Remove(IoctlRemovesTsih.Value);
            IoctlReply reply = new IoctlReply();
            reply.Output = output;
            reply.BytesReturned = IoctlBytesReturned.HasValue ? IoctlBytesReturned.Value : outputSize;
            return reply;
        }
    }
}
