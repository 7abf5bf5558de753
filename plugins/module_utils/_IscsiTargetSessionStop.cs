// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_session_stop: ends the sessions that iSCSI initiators hold on this Windows iSCSI Target Server with
// MSISCSITARGET_iSCSISession.RequestStateChange (root\CIMv2\Storage\iScsiTarget, Server 2012 R2 and later), behind
// IIscsiTargetCimApi so it runs under unit tests. UNCONFIRMED: Microsoft does not say which RequestedState values its
// provider honours; it may answer 1 (Not Supported) or 4097 (Invalid State Transition). The engine reports that
// answer, decoded. The selection, phases and outcomes are in _IscsiTargetSessionStopBase.cs, the listing in
// _IscsiTarget.cs, keeping sessions ended in _IscsiTargetKeepEnded.cs; the 2012 R2 pass-through IOCTL is the module
// iscsi_target_session_stop_ioctl (_IscsiTargetSessionStopIoctl.cs). Internal to the collection; it may change
// without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop
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
    /// Everything the CIM path asks of Windows. The native implementation is NativeIscsiTargetCimApi; tests use a fake.
    /// Failures are thrown as ApiException with the decoded code (WBEM HRESULTs).
    /// </summary>
    public interface IIscsiTargetCimApi : IIscsiTargetSessionSource
    {
        /// <summary>Instances of MSISCSITARGET_iSCSISession (root\CIMv2\Storage\iScsiTarget).</summary>
        List<CimSessionRef> ListCimSessions();

        /// <summary>RequestStateChange(RequestedState, out Job, TimeoutPeriod); timeoutPeriod null leaves it unset.</summary>
        StateChangeReply RequestStateChange(CimSessionRef session, int requestedState, TimeSpan? timeoutPeriod);

        /// <summary>Reads the CIM_ConcreteJob at the path RequestStateChange returned.</summary>
        CimJobStatus GetJob(string jobPath);
    }

    /// <summary>The options of iscsi_target_session_stop.</summary>
    public class IscsiTargetSessionStopRequest : IscsiTargetStopRequest
    {
        /// <summary>The IOCTL path is the module iscsi_target_session_stop_ioctl; auto and cim both mean CIM.</summary>
        public static readonly string[] Methods = new string[] { "auto", "cim" };

        /// <summary>auto (= cim) or cim; null is auto.</summary>
        public string Method { get; set; }
        /// <summary>disabled (RequestedState 3) or shut_down (4); null is disabled.</summary>
        public string RequestedState { get; set; }

        public IscsiTargetSessionStopRequest()
            : base("cim")
        {
            Method = "auto";
            RequestedState = "disabled";
        }

        /// <summary>RequestedState as a number; null (unset) is the default, disabled.</summary>
        public int RequestedStateValue
        {
            get { return RequestedState == null ? CimStates.Disabled : CimStates.FromName(RequestedState); }
        }

        protected override void ValidatePath()
        {
            if (Method != null && Array.IndexOf(Methods, Method) < 0)
                throw new ArgumentException(Inv.F("method must be one of {0}, got '{1}'", String.Join(", ", Methods), Method));
            if (RequestedState != null)
                CimStates.FromName(RequestedState);
        }
    }

    /// <summary>A selected session on the CIM path.</summary>
    public class CimStopItem : StopItem
    {
        /// <summary>The MSISCSITARGET_iSCSISession instance identified as this session.</summary>
        public CimSessionRef Cim;
        /// <summary>The provider answered 4098, so TimeoutPeriod is no longer sent.</summary>
        public bool NoTimeoutPeriod;
        /// <summary>The last answer was 4099 Busy or 6 In Use; the call is made again within timeout.</summary>
        public bool Busy;
        /// <summary>RequestStateChange calls made so far.</summary>
        public int Calls;
    }

    /// <summary>iscsi_target_session_stop: ends sessions with MSISCSITARGET_iSCSISession.RequestStateChange.</summary>
    public class IscsiTargetSessionStopEngine : IscsiTargetStopEngine<IscsiTargetSessionStopRequest>
    {
        public const string CimNamespace = "root\\CIMv2\\Storage\\iScsiTarget";
        public const long WbemNotFound = 0x80041002L;
        public const long CimTimeout = 3;
        public const long CimJobStarted = 4096;

        static IscsiTargetSessionStopEngine()
        {
            CimErrors.Register();
        }
        public const long CimTimeoutParamNotSupported = 4098;
        /// <summary>RequestStateChange: In Use (6) and Busy (4099), retried within timeout.</summary>
        public const long CimInUse = 6;
        public const long CimBusy = 4099;

        private readonly IIscsiTargetCimApi api;
        private readonly OsInfo os;

        /// <summary>os: the host's version, named when the SMI-S provider is missing.</summary>
        public IscsiTargetSessionStopEngine(IIscsiTargetCimApi api, IClock clock, OsInfo os)
            : base(api, clock)
        {
            this.api = api;
            this.os = os;
        }

        protected override StopItem NewItem()
        {
            return new CimStopItem();
        }

        /// <summary>
        /// As Stop(request, checkMode); found (not null) holds the sessions selected before an access change: only those
        /// are stopped, by identity (TSIH, initiator, ISID, target), and one no longer listed is already gone.
        /// </summary>
        public IscsiTargetSessionStopResult Stop(IscsiTargetSessionStopRequest request, bool checkMode, List<TargetSession> found)
        {
            return Run(request, checkMode, found);
        }

        /// <summary>
        /// With found, one item per session found first: those no longer listed are already gone, and a session the
        /// selectors match under the TSIH of one of them (reused by the target) is left alone with a warning.
        /// </summary>
        protected override List<StopItem> Select(StopRun run, List<TargetSession> before)
        {
            if (run.Found == null)
                return base.Select(run, before);
            List<StopItem> planned = run.Found.ConvertAll(delegate(TargetSession s) { return Item(run, s); });
            foreach (StopItem p in planned)
            {
                if (!Contains(before, p.Session))
                    AlreadyGone(p, null);
            }
            foreach (TargetSession s in before)
            {
                if (run.Request.Matches(s) && !Contains(run.Found, s) && run.Found.Exists(delegate(TargetSession f) { return f.Tsih == s.Tsih; }))
                    run.Report.Warnings.Add(Inv.F(
                        "TSIH {0} now names another session ({1}, ISID {2}, target {3}) than the one selected before the access change; it was not stopped",
                        s.Tsih, s.InitiatorIqn, s.IsidHex, s.TargetName));
            }
            return planned;
        }

        /// <summary>Finds each session's MSISCSITARGET_iSCSISession (check mode stops there), then calls them all.</summary>
        protected override void Plan(StopRun run, List<StopItem> planned)
        {
            List<CimSessionRef> cimSessions;
            try
            {
                cimSessions = api.ListCimSessions();
            }
            catch (ApiException e)
            {
                string reason = IsProviderMissing(e.Error)
                    ? Inv.F("MSISCSITARGET_iSCSISession in {0} is not available on this host ({1}), though WT_Host in {2} answered "
                        + "(FS-iSCSITarget-Server is installed): method=cim needs its SMI-S provider (Windows Server 2012 R2 and later)",
                        CimNamespace, os, WmiNamespace)
                    : Inv.F("listing MSISCSITARGET_iSCSISession in {0} failed", CimNamespace);
                foreach (StopItem p in planned)
                    Fail(p, reason, e.Error);
                return;
            }
            List<CimStopItem> toCall = new List<CimStopItem>();
            List<TargetSession> current = null;
            foreach (CimStopItem p in planned)
            {
                string problem;
                string note;
                p.Cim = FindCim(cimSessions, p.Session, out problem, out note);
                if (note != null)
                    run.Report.Warnings.Add(note);
                if (p.Cim == null)
                    current = NoInstance(p, cimSessions, problem, current);
                else if (run.CheckMode)
                    p.Outcome.Kind = OutcomeKind.WouldEnd;
                else
                    toCall.Add(p);
            }
            if (toCall.Count > 0)
                CallAll(toCall, run);
        }

        /// <summary>A session without its instance: already gone when no longer listed, failed otherwise. Returns the listing.</summary>
        private List<TargetSession> NoInstance(CimStopItem p, List<CimSessionRef> cimSessions, string problem, List<TargetSession> current)
        {
            if (current == null)
                current = TryList();
            if (current != null && !Contains(current, p.Session))
                AlreadyGone(p, null);
            else if (problem != null)
                Fail(p, problem, null);
            else
                Fail(p, Inv.F(
                    "WT_Session lists it but no MSISCSITARGET_iSCSISession in {0} has TSIH {1} and EndPointName {2}; those with TSIH {1} name [{3}]",
                    CimNamespace, p.Session.Tsih, p.Session.InitiatorIqn, String.Join(", ", cimSessions.FindAll(delegate(CimSessionRef c)
                    { return c.Tsih == p.Session.Tsih; }).ConvertAll(delegate(CimSessionRef c) { return c.EndPointName; }).ToArray())), null);
            return current;
        }

        /// <summary>
        /// Makes every RequestStateChange call, then calls again, together and every PollInterval, the sessions whose
        /// provider answered 4099 (Busy) or 6 (In Use), until none is busy or timeout seconds have passed since the
        /// first call (Waiter.WaitUntilGone, the start-all-then-poll helper). Both answers say the element cannot take
        /// the request now, not that the request is wrong (CIM_EnabledLogicalElement.RequestStateChange).
        /// </summary>
        private void CallAll(List<CimStopItem> toCall, StopRun run)
        {
            int state = ((IscsiTargetSessionStopRequest)run.Request).RequestedStateValue;
            List<CimStopItem> stillBusy = Waiter.WaitUntilGone<CimStopItem>(toCall, delegate(CimStopItem p)
            {
                CallRequestStateChange(p, state, run);
                return !p.Busy;
            }, Left(run.Deadline), PollInterval, Clock, null);
            foreach (CimStopItem p in stillBusy)
            {
                p.Busy = false;
                FailUnlessGone(p, Inv.F(
                    "{0}; the provider gave that answer to all {1} calls made within the timeout of {2} s", p.Answer, p.Calls, run.Request.Timeout),
                    p.AnswerError);
            }
        }

        private void CallRequestStateChange(CimStopItem p, int state, StopRun run)
        {
            StateChangeReply reply;
            string call = Inv.F("MSISCSITARGET_iSCSISession.RequestStateChange(RequestedState={0})", CimStates.Describe(state));
            p.Busy = false;
            p.AnswerError = null;
            try
            {
                p.Calls++;
                // TimeoutPeriod: the whole seconds left (at least 1; the provider may read 0 as no limit)
                reply = api.RequestStateChange(p.Cim, state, p.NoTimeoutPeriod ? (TimeSpan?)null
                    : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(Left(run.Deadline).TotalSeconds))));
                if (!p.NoTimeoutPeriod && reply.ReturnValue == CimTimeoutParamNotSupported)
                {
                    run.Report.Warnings.Add(Inv.F(
                        "{0}: the provider does not support TimeoutPeriod (4098); called again without it", p.Session.Label));
                    p.NoTimeoutPeriod = true;
                    p.Calls++;
                    reply = api.RequestStateChange(p.Cim, state, null);
                }
            }
            catch (ApiException e)
            {
                // WBEM_E_NOT_FOUND included: the listing decides whether the session is gone, not the code.
                FailUnlessGone(p, call + " failed", e.Error);
                return;
            }
            Answered(p, call, reply);
        }

        /// <summary>What RequestStateChange's ReturnValue means for the session.</summary>
        private void Answered(CimStopItem p, string call, StateChangeReply reply)
        {
            ErrorInfo answer = ErrorCatalog.Decode(reply.ReturnValue, "cim");
            p.Outcome.Fields["return_value"] = reply.ReturnValue;
            p.Answer = call + " returned " + answer;
            if (reply.ReturnValue == 0 || reply.ReturnValue == CimTimeout || reply.ReturnValue == CimJobStarted)
            {
                p.Outcome.Kind = OutcomeKind.Started;
                // CIM: on 3 the element's RequestedState is still updated, so the change may finish later;
                // the listing decides within timeout, and the answer is the error if it does not.
                if (reply.ReturnValue == CimTimeout)
                    p.AnswerError = answer;
                if (reply.ReturnValue == CimJobStarted)
                {
                    p.WaitingFor = String.IsNullOrEmpty(reply.JobPath) ? null : reply.JobPath;
                }
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

        /// <summary>The time left before the deadline (never negative).</summary>
        private TimeSpan Left(DateTime deadline)
        {
            TimeSpan t = deadline - Clock.UtcNow;
            return t < TimeSpan.Zero ? TimeSpan.Zero : t;
        }

        /// <summary>Reads the CIM_ConcreteJob the item waits for (WaitingFor holds its path).</summary>
        protected override void PollPath(StopItem p)
        {
            string path = p.WaitingFor;
            CimJobStatus job;
            try
            {
                job = api.GetJob(path);
            }
            catch (ApiException e)
            {
                p.WaitingFor = null;
                // Some providers drop a job once it is done; the listing decides.
                if (e.Error.Code == WbemNotFound)
                    return;
                // The call was made; whether it worked is for the listing to decide. Keep the error for the report.
                p.Answer = Inv.F("{0}; reading job {1} failed ({2})", p.Answer, path, e.Error);
                p.AnswerError = e.Error;
                return;
            }
            if (!job.IsFinished)
                return;
            p.WaitingFor = null;
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
                p.Answer, CimJobStatus.StateName(job.JobState), job.ErrorCode);
            if (!String.IsNullOrEmpty(job.ErrorDescription))
                reason += ": " + job.ErrorDescription;
            Fail(p, reason, err);
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


    /// <summary>The Windows side of the CIM path: WMI through the adapter (_Wmi.cs). Translation only.</summary>
    public class NativeIscsiTargetCimApi : NativeIscsiTargetSessions, IIscsiTargetCimApi
    {
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
                foreach (Hashtable ep in Adapter.Query(IscsiTargetSessionStopEngine.CimNamespace, "ASSOCIATORS OF {" + path + "} WHERE ResultClass = CIM_iSCSIProtocolEndpoint"))
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
                foreach (Hashtable item in Adapter.Query(IscsiTargetSessionStopEngine.CimNamespace, "SELECT * FROM MSISCSITARGET_iSCSISession"))
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
                throw ApiException.FromHResult("listing MSISCSITARGET_iSCSISession in " + IscsiTargetSessionStopEngine.CimNamespace, e.HResult);
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
                Hashtable output = Adapter.Invoke(IscsiTargetSessionStopEngine.CimNamespace, session.Path, "RequestStateChange", input);
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
                Hashtable job = Adapter.Get(IscsiTargetSessionStopEngine.CimNamespace, jobPath);
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
    }
}
