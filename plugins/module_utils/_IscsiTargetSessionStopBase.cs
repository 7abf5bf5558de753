// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// What iscsi_target_session_stop (CIM, _IscsiTargetSessionStop.cs) and iscsi_target_session_stop_ioctl (IOCTL,
// _IscsiTargetSessionStopIoctl.cs) share: the selection, the run in phases (select, plan by the path, confirm by
// listing again) and the outcomes. A session is only reported as stopped once a fresh listing (root\WMI
// WT_Host.Sessions, _IscsiTarget.cs) no longer shows it. Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase
{
    /// <summary>The options both stop modules share: the selectors, all and timeout.</summary>
    public abstract class IscsiTargetStopRequest : IscsiTargetSessionInfoRequest
    {
        /// <summary>Seconds to wait for the stop to be confirmed (every wait of the run together).</summary>
        public int Timeout { get; set; }

        /// <param name="method">The path reported as method: cim or ioctl.</param>
        protected IscsiTargetStopRequest(string method)
        {
            Timeout = 60;
            EffectiveMethod = method;
        }

        /// <summary>Reads the options both modules share (see ModuleParams for null and "").</summary>
        public void ReadShared(IDictionary parameters)
        {
            Initiator = ModuleParams.StrList(parameters, "initiator");
            Target = ModuleParams.StrList(parameters, "target");
            Tsih = ModuleParams.IntList(parameters, "tsih");
            All = ModuleParams.Bool(parameters, "all", false);
            Timeout = ModuleParams.Int(parameters, "timeout", Timeout);
        }

        /// <summary>The path reported as method: cim or ioctl.</summary>
        public string EffectiveMethod { get; private set; }

        public override void Validate()
        {
            base.Validate();
            if (!HasSelector && !All)
                throw new ArgumentException(
                    "select the sessions to stop with initiator, target or tsih, or set all=true; nothing is stopped without either");
            // One rule for every string option: null is unset (the default applies); an explicit value, even "",
            // is validated, and an empty or blank one is refused by name where it means nothing.
            if (Timeout < 0)
                throw new ArgumentException("timeout must be 0 or more seconds");
            ValidatePath();
        }

        /// <summary>Checks the options of the path.</summary>
        protected abstract void ValidatePath();
    }

    /// <summary>What a stop run produced: the report, and the listings before and after for diff.</summary>
    public class IscsiTargetSessionStopResult
    {
        /// <summary>The actions of the stop modules: stopped, would_stop, already_gone, skipped, failed.</summary>
        public static readonly ActionVerbs Verbs = new ActionVerbs("stopped", "would_stop", "started", "stopped");

        public readonly SessionReport Report;
        public readonly ArrayList Before;
        public readonly ArrayList After;
        public readonly string Method;

        public IscsiTargetSessionStopResult(SessionReport report, ArrayList before, ArrayList after, string method)
        {
            Report = report;
            Before = before;
            After = after;
            Method = method;
        }

        /// <summary>A session stopped, even one that logged in again.</summary>
        public bool Changed
        {
            get
            {
                return Report.Changed || Report.Sessions.Exists(delegate(SessionOutcome o) { return o.Fields.ContainsKey("logged_in_again_tsih"); });
            }
        }

        /// <summary>counts: every action to its number of sessions, every key present.</summary>
        public static Dictionary<string, object> Counts(SessionReport report)
        {
            Dictionary<string, object> c = new Dictionary<string, object>();
            foreach (OutcomeKind k in new OutcomeKind[] { OutcomeKind.Ended, OutcomeKind.WouldEnd, OutcomeKind.AlreadyGone,
                OutcomeKind.Skipped, OutcomeKind.Failed })
                c[Verbs.For(k)] = report == null ? 0 : report.Count(k);
            return c;
        }
    }

    /// <summary>One selected session during a run, until its outcome is decided.</summary>
    public class StopItem
    {
        public TargetSession Session;
        public SessionOutcome Outcome;
        /// <summary>What the path still waits for before the listing can confirm the stop (a CIM job), or null.</summary>
        public string WaitingFor;
        public string Answer;
        /// <summary>The decoded answer to report if the session is still there when the wait runs out.</summary>
        public ErrorInfo AnswerError;
    }

    /// <summary>The state of one run: what was asked, the deadline of every wait, and the report.</summary>
    public class StopRun
    {
        public IscsiTargetStopRequest Request;
        public bool CheckMode;
        public DateTime Deadline;
        public SessionReport Report;
        /// <summary>The sessions selected before an access change (keep-ended), or null.</summary>
        public List<TargetSession> Found;
    }

    /// <summary>
    /// Stops target-side sessions in phases: select (by the selectors, or the sessions found before an access change),
    /// plan and act (the path: CIM or IOCTL), confirm (poll jobs and the listing together until the deadline).
    /// </summary>
    public abstract class IscsiTargetStopEngine<TRequest> : IscsiTargetSessionReader where TRequest : IscsiTargetStopRequest
    {
        protected readonly IIscsiTargetSessionSource Source;
        protected readonly IClock Clock;

        /// <summary>Time between polls of jobs and of the session listing.</summary>
        public TimeSpan PollInterval { get; set; }

        protected IscsiTargetStopEngine(IIscsiTargetSessionSource source, IClock clock)
            : base(source)
        {
            Source = source;
            Clock = clock;
            PollInterval = TimeSpan.FromSeconds(1);
        }

        /// <summary>
        /// Stops the selected sessions. Check mode runs the same selection and planning, and the same read-only
        /// look-ups, and skips only the calls that end sessions.
        /// </summary>
        public IscsiTargetSessionStopResult Stop(TRequest request, bool checkMode)
        {
            return Run(request, checkMode, null);
        }

        /// <summary>The run in phases: select, plan and act (the path), confirm; found is kept in the run for Select.</summary>
        protected IscsiTargetSessionStopResult Run(TRequest request, bool checkMode, List<TargetSession> found)
        {
            request.Validate();
            StopRun run = new StopRun();
            run.Request = request;
            run.CheckMode = checkMode;
            run.Found = found;
            // timeout bounds every wait of the run together: the busy retries, the jobs and the listing
            run.Deadline = Clock.UtcNow + TimeSpan.FromSeconds(request.Timeout);
            run.Report = new SessionReport(IscsiTargetSessionStopResult.Verbs);
            Prepare(run);
            List<TargetSession> before = ReadSessions();
            List<StopItem> planned = Select(run, before);
            int count = planned.Count;
            planned.RemoveAll(delegate(StopItem p) { return p.Outcome.Kind == OutcomeKind.AlreadyGone; });
            if (planned.Count > 0)
                Plan(run, planned);
            // the items a path decided drop out at the first round; the others wait (no listing when none is Started)
            WaitForStop(planned, request.Timeout, run.Deadline);
            // a session no path decided fails with this reason; one that was acted on keeps no reason
            foreach (StopItem p in planned)
            {
                if (p.Outcome.Kind == OutcomeKind.Failed && p.Outcome.Reason == null)
                    p.Outcome.Reason = "not processed";
            }
            return new IscsiTargetSessionStopResult(run.Report, ToList(before), After(run, planned, before, count), request.EffectiveMethod);
        }

        /// <summary>Checks made before anything is listed (the IOCTL path's OS guard); it may add warnings.</summary>
        protected virtual void Prepare(StopRun run)
        {
        }

        /// <summary>A new item (a path may keep more per session).</summary>
        protected virtual StopItem NewItem()
        {
            return new StopItem();
        }

        /// <summary>The item of a selected session, in the report; every path sets its outcome (Failed until then).</summary>
        protected StopItem Item(StopRun run, TargetSession s)
        {
            Hashtable fields = s.ToDictionary();
            fields["method"] = run.Request.EffectiveMethod;
            fields["return_value"] = null;
            StopItem p = NewItem();
            p.Session = s;
            p.Outcome = run.Report.Add(new SessionOutcome(s.Label, fields));
            p.Outcome.Kind = OutcomeKind.Failed;
            return p;
        }

        /// <summary>One item per session the selectors match.</summary>
        protected virtual List<StopItem> Select(StopRun run, List<TargetSession> before)
        {
            List<StopItem> planned = new List<StopItem>();
            foreach (TargetSession s in before)
            {
                if (run.Request.Matches(s))
                    planned.Add(Item(run, s));
            }
            return planned;
        }

        /// <summary>Plans each item (check mode: WouldEnd) and makes the calls that end sessions (Started).</summary>
        protected abstract void Plan(StopRun run, List<StopItem> planned);

        /// <summary>Polls what the item waits for (a CIM job); clears WaitingFor once it is decided.</summary>
        protected virtual void PollPath(StopItem p)
        {
        }

        /// <summary>The listing after the run: planned in check mode (or when nothing was selected), read otherwise.</summary>
        private ArrayList After(StopRun run, List<StopItem> planned, List<TargetSession> before, int count)
        {
            if (run.CheckMode || count == 0)
            {
                ArrayList afterList = new ArrayList();
                foreach (TargetSession s in before)
                {
                    if (!planned.Exists(delegate(StopItem p) { return p.Session.Key == s.Key && p.Outcome.Kind == OutcomeKind.WouldEnd; }))
                        afterList.Add(s.ToDictionary());
                }
                return afterList;
            }
            try
            {
                return ToList(Source.ListSessions());
            }
            catch (ApiException e)
            {
                run.Report.Warnings.Add(Inv.F("Could not list the sessions after stopping: {0}", e.Error));
                return new ArrayList();
            }
        }

        public static ArrayList ToList(List<TargetSession> sessions)
        {
            return new ArrayList(sessions.ConvertAll(delegate(TargetSession s) { return s.ToDictionary(); }));
        }

        /// <summary>
        /// Start-all-then-poll: every ending call has been made; now what the path waits for (CIM jobs) and the listing
        /// are polled together, each round, until all are decided or the run's deadline (timeoutSeconds after it
        /// started) has passed (Waiter.WaitUntilGone); the listing is read at least once, even when the calls used up
        /// the time.
        /// </summary>
        private void WaitForStop(List<StopItem> pending, int timeoutSeconds, DateTime deadline)
        {
            ErrorInfo lastListError = null;
            List<TargetSession> current = null;
            List<StopItem> left = Waiter.WaitUntilGone<StopItem>(pending, delegate(StopItem p)
            {
                if (current != null && p.Outcome.Kind == OutcomeKind.Started && p.WaitingFor == null)
                {
                    TargetSession again = current.Find(delegate(TargetSession c) { return IsLoginAgain(p.Session, c); });
                    if (again != null)
                        LoggedInAgain(p.Outcome, again, "after the stop");
                    else if (!Contains(current, p.Session))
                        p.Outcome.Kind = OutcomeKind.Ended;
                }
                return p.Outcome.Kind != OutcomeKind.Started;
            }, deadline - Clock.UtcNow, PollInterval, Clock, null, delegate
            {
                // one round: the jobs, then (when a session waits for it) one listing for all
                current = null;
                foreach (StopItem p in pending)
                {
                    if (p.Outcome.Kind == OutcomeKind.Started && p.WaitingFor != null)
                        PollPath(p);
                }
                if (!pending.Exists(delegate(StopItem p) { return p.Outcome.Kind == OutcomeKind.Started && p.WaitingFor == null; }))
                    return;
                try
                {
                    current = Source.ListSessions();
                    lastListError = null;
                }
                catch (ApiException e)
                {
                    lastListError = e.Error;
                }
            });
            foreach (StopItem p in left)
            {
                if (p.WaitingFor != null)
                    Fail(p, Inv.F("{0}; job still running after {1} s (job {2})", p.Answer, timeoutSeconds, p.WaitingFor), null);
                else if (lastListError != null)
                    Fail(p, Inv.F("{0}, but the sessions could not be listed to confirm it within {1} s", p.Answer, timeoutSeconds),
                        lastListError);
                else
                    Fail(p, Inv.F("{0}, but the session was still listed after {1} s", p.Answer, timeoutSeconds), p.AnswerError);
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

        /// <summary>A failed call: already gone when a fresh listing no longer shows the session, failed otherwise.</summary>
        protected void FailUnlessGone(StopItem p, string reason, ErrorInfo error)
        {
            List<TargetSession> current = TryList();
            if (current != null && !Contains(current, p.Session))
            {
                AlreadyGone(p, "no longer listed (the call answered: " + (error == null ? reason : error.ToString()) + ")");
                return;
            }
            Fail(p, reason, error);
        }

        /// <summary>A session a listing no longer shows; reason null: when it was to be stopped.</summary>
        protected static void AlreadyGone(StopItem p, string reason)
        {
            p.Outcome.Kind = OutcomeKind.AlreadyGone;
            p.Outcome.Reason = reason ?? "no longer listed when it was to be stopped";
        }

        /// <summary>The listing, or null when it fails.</summary>
        protected List<TargetSession> TryList()
        {
            try
            {
                return Source.ListSessions();
            }
            catch (ApiException)
            {
                return null;
            }
        }

        protected static void Fail(StopItem p, string reason, ErrorInfo error)
        {
            p.Outcome.Kind = OutcomeKind.Failed;
            p.Outcome.Reason = reason;
            p.Outcome.Error = error;
            p.WaitingFor = null;
        }

        protected static bool Contains(List<TargetSession> sessions, TargetSession wanted)
        {
            return sessions.Exists(delegate(TargetSession s) { return s.Key == wanted.Key; });
        }
    }

    /// <summary>
    /// NTSTATUS values (what ntdll's Rtl* functions return): bits 31-30 are the severity (0 success, 1 informational,
    /// 2 warning, 3 error), bit 29 marks a customer code, bits 27-16 the facility. [MS-ERREF] 2.3.
    /// </summary>
    public static class NtStatus
    {
        /// <summary>The NTSTATUS values RtlGetVersion can meet (ntstatus.h): each value, then its name.</summary>
        private const string Known = "00000000 STATUS_SUCCESS 80000005 STATUS_BUFFER_OVERFLOW C0000002 STATUS_NOT_IMPLEMENTED "
            + "C0000004 STATUS_INFO_LENGTH_MISMATCH C0000005 STATUS_ACCESS_VIOLATION C000000D STATUS_INVALID_PARAMETER "
            + "C0000023 STATUS_BUFFER_TOO_SMALL C00000BB STATUS_NOT_SUPPORTED";

        public static ErrorInfo Decode(int status)
        {
            long code = status & 0xFFFFFFFFL;
            string severity = new string[] { "success", "info", "warning", "error" }[code >> 30];
            string[] known = Known.Split(' ');
            int i = Array.IndexOf(known, Inv.F("{0:X8}", code));
            string name = i < 0 ? "UNKNOWN" : known[i + 1];
            return new ErrorInfo(code, name, Inv.F("NTSTATUS 0x{0:X8} {1} (severity {2}, facility {3}).",
                code, name, severity, (code >> 16) & 0xFFF), "NTSTATUS", "ntstatus", severity, -1);
        }
    }

    /// <summary>The OS version and product type (RtlGetVersion), an input of the engine's OS guard.</summary>
    public class OsInfo
    {
        public const int ProductWorkstation = 1;
        public const int ProductDomainController = 2;
        public const int ProductServer = 3;

        public readonly int Major;
        public readonly int Minor;
        public readonly int Build;
        /// <summary>OSVERSIONINFOEXW.wProductType: 1 workstation, 2 domain controller, 3 server.</summary>
        public readonly int ProductType;

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
                : ProductType == ProductServer ? "server" : Inv.F("product type {0}", ProductType);
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

    internal static class NativeHelpers
    {
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
    }

    internal static class NativeMethods
    {
        [DllImport("ntdll.dll")]
        public static extern int RtlGetVersion(ref NativeHelpers.OSVERSIONINFOEXW lpVersionInformation);
    }
}
