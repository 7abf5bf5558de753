// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Logging this host out of iSCSI sessions (iscsi_initiator_logout), in the order a run reads: the request, the
// result, the engine (Run: ListBefore, Plan, Act, Confirm, each phase followed by its helpers), the backend
// contract with the iscsidsc backend, and the native calls that change sessions (LogoutIScsiTarget,
// RemoveIScsiPersistentTargetW, the volume dismount and disk-offline IOCTLs). The VDS backend plugs in from
// _IscsiInitiatorVds.cs; this file does not need VDS. The session model, the selection and the native listing are
// in _IscsiInitiator.cs. Internal to the collection; it may change without notice.
//
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout
{
    public class IscsiInitiatorLogoutRequest : IscsiSelector
    {
        public static readonly string[] Backends = new string[] { "auto", "iscsidsc", "vds" };
        public static readonly string[] BusyChoices = new string[] { "fail", "offline_disks" };

        public string Backend;
        public bool RemovePersistent;
        public string Busy;
        public int Retries;
        /// <summary>Seconds between retries (a float: 0.5 is half a second).</summary>
        public double RetryDelay;
        /// <summary>The most seconds the module waits for Windows in total (retry delays, VDS start-up and logout).</summary>
        public int Timeout;

        public IscsiInitiatorLogoutRequest()
        {
            Backend = "auto";
            Busy = "fail";
            Retries = 5;
            RetryDelay = 2;
            Timeout = 60;
        }

        /// <summary>The backend that auto resolves to: iscsidsc.</summary>
        public string EffectiveBackend
        {
            get
            {
                return String.IsNullOrEmpty(Backend) || Backend == "auto" ? "iscsidsc" : Backend;
            }
        }

        public bool OfflineDisks
        {
            get { return Busy == "offline_disks"; }
        }

        public override void Validate()
        {
            base.Validate();
            if (!All && !HasTarget && ParsedIds.Count == 0 && Portal == null)
                throw new ArgumentException("select the sessions to log out of with target, session_id or portal, or set " +
                    "all=true; nothing is logged out without either");
            Choice("backend", Backend ?? "auto", Backends);
            Choice("busy", Busy, BusyChoices);
            if (Retries < 0)
                throw new ArgumentException(String.Format("retries: {0} is negative; use 0 for no retries", Retries));
            Range("retry_delay", RetryDelay, 0, 3600);
            Range("timeout", Timeout, 1, 86400);
            // IVdsIscsiInitiatorAdapter::LogoutFromTarget removes the target's persistent logins as well: its success
            // codes say so (vdserr.h: VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED 0x00042800, "the persistent
            // login setup to the target was removed"; VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED 0x00042801 is the
            // exception). So backend vds cannot keep them.
            if (EffectiveBackend == "vds" && !RemovePersistent)
                throw new ArgumentException("backend: vds also removes the persistent logins of each target it logs " +
                    "out of, so it needs remove_persistent: true");
        }

        private static void Choice(string option, string value, string[] choices)
        {
            if (Array.IndexOf(choices, value) < 0)
                throw new ArgumentException(String.Format("{0}: '{1}' is not one of {2}", option, value,
                    String.Join(", ", choices)));
        }

        private static void Range(string option, double value, int min, int max)
        {
            if (!(value >= min && value <= max))
                throw new ArgumentException(String.Format(CultureInfo.InvariantCulture, "{0}: {1} is not a number of " +
                    "seconds between {2} and {3}", option, value, min, max));
        }

    }

    /// <summary>The outcome of iscsi_initiator_logout: sessions, persistent logins, diff.</summary>
    public class IscsiInitiatorLogoutResult
    {
        public readonly SessionReport Sessions = new SessionReport(new ActionVerbs("logged_out", "would_log_out",
            "logged_out", "logged out"));
        public readonly SessionReport PersistentLogins = new SessionReport(new ActionVerbs("removed", "would_remove",
            "removed", "removed"));
        public readonly List<string> Warnings = new List<string>();
        public Hashtable Before;
        public Hashtable After;

        /// <summary>A disk was taken offline (it stays offline if its session is not logged out after all).</summary>
        internal bool Offlined;

        public bool Changed
        {
            get { return Sessions.Changed || PersistentLogins.Changed || Offlined; }
        }

        public bool Failed
        {
            get { return Sessions.Failed || PersistentLogins.Failed; }
        }

        public ArrayList SessionList()
        {
            return Sessions.ToList();
        }

        public ArrayList PersistentLoginList()
        {
            return PersistentLogins.ToList();
        }

        public string Summary()
        {
            string msg = Sessions.Summary("session");
            if (PersistentLogins.Sessions.Count > 0)
                msg += "; " + PersistentLogins.Summary("persistent login");
            return msg;
        }

        /// <summary>Warnings of the run and of skipped sessions, once each.</summary>
        public List<string> AllWarnings()
        {
            List<string> all = new List<string>();
            foreach (List<string> list in new List<string>[] { Warnings, Sessions.Warnings, PersistentLogins.Warnings })
            {
                foreach (string w in list)
                {
                    if (!all.Contains(w))
                        all.Add(w);
                }
            }
            return all;
        }
    }

    /// <summary>Logs out sessions (iscsi_initiator_logout).</summary>
    public class IscsiInitiatorLogoutEngine
    {
        private readonly IIscsiInitiatorApi api;
        private readonly IscsiInitiatorLogoutBackend backend;
        private readonly IClock clock;

        public IscsiInitiatorLogoutEngine(IIscsiInitiatorApi api, IscsiInitiatorLogoutBackend backend, IClock clock)
        {
            this.api = api;
            this.backend = backend;
            this.clock = clock == null ? new SystemClock() : clock;
        }

        private class Planned
        {
            public IscsiSession Session;
            public SessionOutcome Outcome;
            public List<IscsiDevice> Devices;
        }

        /// <summary>The state of one run: what was listed and planned, and what the MPIO check of busy: offline_disks learnt.</summary>
        private class LogoutRun
        {
            public IscsiInitiatorLogoutRequest Request;
            public LogoutContext Ctx;
            public IscsiInitiatorLogoutResult Result = new IscsiInitiatorLogoutResult();
            public List<IscsiSession> Before;
            /// <summary>Null when they could not be listed (LoginError).</summary>
            public List<IscsiPersistentLogin> Logins;
            public ApiException LoginError;
            public PortalMatcher Portals;
            public List<Planned> Plan;
            public Dictionary<string, List<Planned>> Groups;
            /// <summary>The targets to log out of.</summary>
            public List<string> Acting = new List<string>();
            public List<IscsiPersistentLogin> Removals = new List<IscsiPersistentLogin>();
            public List<SessionOutcome> RemovalOutcomes;
            /// <summary>The ids of the sessions this run logs out.</summary>
            public HashSet<string> Leaving;
            public Dictionary<string, List<IscsiDevice>> OtherDevices = new Dictionary<string, List<IscsiDevice>>();
            public Dictionary<string, ApiException> OtherErrors = new Dictionary<string, ApiException>();
            public HashSet<int> Offlined = new HashSet<int>();
        }

        public IscsiInitiatorLogoutResult Run(IscsiInitiatorLogoutRequest request, bool checkMode)
        {
            request.Validate();
            if (backend == null || backend.Name != request.EffectiveBackend)
                throw new ArgumentException(String.Format("backend: the engine has the {0} backend but the request " +
                    "asks for {1}", backend == null ? "(no)" : backend.Name, request.EffectiveBackend));
            LogoutRun r = new LogoutRun();
            r.Request = request;
            r.Ctx = new LogoutContext(request.Retries, TimeSpan.FromSeconds(request.RetryDelay), clock,
                TimeSpan.FromSeconds(request.Timeout));
            ListBefore(r);
            Plan(r, checkMode);
            if (checkMode)
            {
                r.Result.After = Snapshot(r.Before.FindAll(delegate(IscsiSession s) { return !r.Leaving.Contains(s.Id.ToString()); }),
                    r.Logins == null ? null : r.Logins.FindAll(delegate(IscsiPersistentLogin l) { return !r.Removals.Contains(l); }));
                return r.Result;
            }
            Act(r);
            Confirm(r);
            return r.Result;
        }

        /// <summary>The sessions and persistent logins before anything changes: the diff's before.</summary>
        private void ListBefore(LogoutRun r)
        {
            r.Before = api.GetSessions();
            try
            {
                r.Logins = api.GetPersistentLogins();
            }
            catch (ApiException e)
            {
                r.LoginError = e;
            }
            if (r.LoginError != null && !r.Request.RemovePersistent)
                r.Result.Warnings.Add("could not list persistent logins: " + r.LoginError.Error);
            r.Result.Before = Snapshot(r.Before, r.Logins);
        }

        /// <summary>The sessions to log out and the logins to remove: the same in check mode and in a real run.</summary>
        private void Plan(LogoutRun r, bool checkMode)
        {
            r.Portals = new PortalMatcher(api);
            r.Plan = Select(r);
            r.Groups = GroupByTarget(r.Plan);
            CheckBackend(r, checkMode);
            ListDevices(r);
            r.Leaving = new HashSet<string>(r.Plan.FindAll(delegate(Planned p) { return p.Outcome.Kind == OutcomeKind.WouldEnd; })
                .ConvertAll(delegate(Planned p) { return p.Session.Id.ToString(); }));
            // A whole-target backend (VDS) also removes the persistent logins of the targets it logs out of, whatever
            // portal narrowed the selection.
            foreach (KeyValuePair<string, List<Planned>> g in r.Groups)
            {
                if (g.Value.Count > 0)
                    AddName(r.Acting, g.Key);
            }
            if (r.Request.RemovePersistent && r.Logins == null)
            {
                SessionOutcome f = new SessionOutcome("persistent logins", IscsiPersistentLogin.NoLoginDictionary());
                f.Kind = OutcomeKind.Failed;
                f.Reason = "could not list persistent logins, so none were removed";
                f.Error = r.LoginError.Error;
                r.Result.PersistentLogins.Add(f);
            }
            else if (r.Request.RemovePersistent)
                r.Removals = PlanRemovals(r, backend.WholeTarget ? r.Acting : new List<string>());
            r.Result.Warnings.AddRange(r.Portals.Warnings);
            r.RemovalOutcomes = r.Removals.ConvertAll(delegate(IscsiPersistentLogin l)
            {
                SessionOutcome o = new SessionOutcome(l.Label, l.ToDictionary());
                o.Kind = OutcomeKind.WouldEnd;
                r.Result.PersistentLogins.Add(o);
                return o;
            });
        }

        private static List<Planned> Select(LogoutRun r)
        {
            List<Planned> plan = new List<Planned>();
            foreach (IscsiSession s in r.Request.Select(r.Before, r.Portals, r.Result.Warnings))
            {
                Planned p = new Planned();
                p.Session = s;
                p.Outcome = NewOutcome(s);
                r.Result.Sessions.Add(p.Outcome);
                plan.Add(p);
            }
            HashSet<string> seen = new HashSet<string>();
            foreach (IscsiSessionId id in r.Request.ParsedIds)
            {
                if (r.Before.Exists(delegate(IscsiSession x) { return x.Id.Equals(id); }) || !seen.Add(id.ToString()))
                    continue;
                Hashtable f = new Hashtable();
                f["session_id"] = id.ToString();
                SessionOutcome gone = new SessionOutcome("session " + id, f);
                gone.Kind = OutcomeKind.AlreadyGone;
                gone.Reason = "no session with this id is logged in";
                r.Result.Sessions.Add(gone);
            }
            return plan;
        }

        private void CheckBackend(LogoutRun r, bool checkMode)
        {
            // A whole-target backend (VDS) cannot log out only some sessions of a target.
            if (backend.WholeTarget)
            {
                foreach (KeyValuePair<string, List<Planned>> g in r.Groups)
                {
                    int all = r.Before.FindAll(delegate(IscsiSession s) { return s.MatchesTarget(g.Key); }).Count;
                    if (g.Value.Count == all)
                        continue;
                    foreach (Planned p in g.Value)
                    {
                        p.Outcome.Kind = OutcomeKind.Failed;
                        p.Outcome.Reason = String.Format("the {0} backend logs out every session to {1} ({2}) but only " +
                            "{3} are selected; use backend: iscsidsc", backend.Name, g.Key, all, g.Value.Count);
                    }
                    g.Value.Clear();
                }
            }
            // What the backend can tell before logging out (VDS: does a provider expose the target?). Check mode asks
            // too, so that the plan names the same failures as a real run, unless asking would change something
            // (loading VDS starts its service): then check mode warns what it cannot predict.
            string checkNote = checkMode ? backend.CheckModeNote : null;
            foreach (KeyValuePair<string, List<Planned>> g in r.Groups)
            {
                if (g.Value.Count == 0)
                    continue;
                if (checkNote != null)
                {
                    r.Result.Warnings.Add(checkNote);
                    continue;
                }
                ErrorInfo why;
                string reason = backend.CannotLogOut(g.Key, r.Ctx, out why);
                if (reason == null)
                    continue;
                foreach (Planned p in g.Value)
                {
                    p.Outcome.Kind = OutcomeKind.Failed;
                    p.Outcome.Reason = reason;
                    p.Outcome.Error = why;
                }
                g.Value.Clear();
            }
        }

        private void ListDevices(LogoutRun r)
        {
            foreach (Planned p in r.Plan)
            {
                p.Devices = new List<IscsiDevice>();
                try
                {
                    p.Devices = Devices(p.Session.Id, r.Ctx);
                }
                catch (ApiException e)
                {
                    if (e.Error.Code != IscsiConstants.IsdscInvalidSessionId)
                        r.Result.Warnings.Add(String.Format("could not list the devices of {0}: {1}", p.Session.Label,
                            e.Error.ToString()));
                }
                p.Outcome.Fields["devices"] = new ArrayList(p.Devices.ConvertAll(delegate(IscsiDevice d) { return d.ToDictionary(); }));
                if (p.Outcome.Kind != OutcomeKind.Failed)
                    p.Outcome.Kind = OutcomeKind.WouldEnd;
            }
        }

        /// <summary>GetDevicesForIScsiSessionW, retried within retries on ISDSC_SESSION_BUSY (as os-win does).</summary>
        private List<IscsiDevice> Devices(IscsiSessionId id, LogoutContext ctx)
        {
            List<IscsiDevice> devs = null;
            ctx.Run(delegate { devs = api.GetDevices(id); });
            return devs;
        }

        /// <summary>
        /// The persistent logins to remove, narrower ones first. Target alone selects all of each target's logins; with
        /// portal, those through it; with session_id, only those the selected sessions came through (portal address
        /// and port of one of their connections). A whole-target backend that removes logins (VDS) takes all of its
        /// targets' logins. The logins kept of a target that had some removed, or a selected session, are named in a
        /// warning.
        /// </summary>
        private static List<IscsiPersistentLogin> PlanRemovals(LogoutRun r, List<string> vdsTargets)
        {
            IscsiInitiatorLogoutRequest request = r.Request;
            PortalMatcher portals = r.Portals;
            List<IscsiPersistentLogin> removals = new List<IscsiPersistentLogin>();
            List<string> touched = new List<string>();
            List<IscsiPersistentLogin> kept = new List<IscsiPersistentLogin>();
            foreach (IscsiPersistentLogin l in r.Logins)
            {
                if (!ContainsName(vdsTargets, l.TargetName) && !((request.ParsedIds.Count == 0 ?
                    request.SelectsTarget(l.TargetName) : CameThrough(l, r.Plan, portals)) &&
                    (request.Portal == null || portals.Same(l.PortalAddress, request.Portal))))
                {
                    kept.Add(l);
                    continue;
                }
                AddName(touched, l.TargetName);
                // Narrower logins first: a removal with an empty portal or ISCSI_ALL_INITIATOR_PORTS also removes the
                // target's logins on every portal or port (Learn), which would then count as already gone.
                int at = removals.Count;
                while (at > 0 && Wildness(removals[at - 1]) > Wildness(l))
                    at--;
                removals.Insert(at, l);
            }
            foreach (Planned p in r.Plan)
                AddName(touched, p.Session.Target);
            List<string> keptLabels = kept.FindAll(delegate(IscsiPersistentLogin l) { return ContainsName(touched, l.TargetName); })
                .ConvertAll(delegate(IscsiPersistentLogin l) { return l.Label; });
            if (keptLabels.Count > 0)
                r.Result.Warnings.Add("kept the persistent logins the selection does not cover (target alone selects all " +
                    "of them): " + String.Join("; ", keptLabels.ToArray()));
            if (request.Portal != null && request.HasTarget)
                WarnPortalMismatch(r);
            return removals;
        }

        /// <summary>True when a selected session has a connection through the login's portal address and port.</summary>
        private static bool CameThrough(IscsiPersistentLogin l, List<Planned> plan, PortalMatcher portals)
        {
            return plan.Exists(delegate(Planned p)
            {
                return p.Session.MatchesTarget(l.TargetName) && p.Session.Connections.Exists(delegate(IscsiConnection c)
                {
                    return portals.Same(c.TargetAddress, l.PortalAddress) && (l.PortalSocket == 0 || l.PortalSocket == c.TargetPort);
                });
            });
        }

        /// <summary>Warns when portal matched a selected target's persistent logins but none of its sessions, or the reverse.</summary>
        private static void WarnPortalMismatch(LogoutRun r)
        {
            string portal = r.Request.Portal.Trim();
            PortalMatcher portals = r.Portals;
            List<string> warnings = r.Result.Warnings;
            foreach (string t in r.Request.Target)
            {
                List<IscsiSession> sessions = r.Before.FindAll(delegate(IscsiSession s) { return s.MatchesTarget(t); });
                List<IscsiPersistentLogin> own = r.Logins.FindAll(delegate(IscsiPersistentLogin l)
                {
                    return IscsiSession.SameName(l.TargetName, t);
                });
                bool bySession = sessions.Exists(delegate(IscsiSession s) { return portals.HasPortal(s, portal); });
                bool byLogin = own.Exists(delegate(IscsiPersistentLogin l) { return portals.Same(l.PortalAddress, portal); });
                if (byLogin && !bySession && sessions.Count > 0)
                    warnings.Add("portal " + portal + " matched persistent logins of " + t.Trim() + " but none " +
                        "of its sessions");
                else if (bySession && !byLogin && own.Count > 0)
                    warnings.Add("portal " + portal + " matched sessions of " + t.Trim() + " but none of its " +
                        "persistent logins: the host logs in again at boot");
            }
        }

        private void Act(LogoutRun r)
        {
            foreach (KeyValuePair<string, List<Planned>> g in r.Groups)
            {
                if (g.Value.Count > 0)
                    LogOutGroup(r, g.Key, g.Value);
            }

            // VDS removed the persistent logins of the targets it logged out of: what is no longer listed was removed
            // by this run; the rest (VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED, or a failed logout) is removed
            // with RemoveIScsiPersistentTargetW.
            RemoveLogins(r, r.Removals.Count > 0 && backend.WholeTarget && r.Acting.Count > 0 ?
                TryList(api.GetPersistentLogins, "persistent logins after the VDS logout", r.Result.Warnings) : null);
        }

        private void LogOutGroup(LogoutRun r, string target, List<Planned> group)
        {
            bool offline = r.Request.OfflineDisks;
            List<LogoutAttempt> attempts = backend.Logout(target, group.ConvertAll(delegate(Planned p) { return p.Session; }),
                r.Ctx);
            ListAgainAfterFailures(attempts);
            Apply(group, attempts, r.Result);
            List<Planned> busy = group.FindAll(delegate(Planned p) { return IsBusy(p, attempts); });
            foreach (Planned p in busy)
            {
                if (!offline)
                    p.Outcome.Reason = (backend.WholeTarget ? p.Outcome.Reason + "; " : "") + String.Format("a device " +
                        "on the session is in use ({0}); set busy: offline_disks to take its disks offline and log out",
                        DescribeDevices(p.Devices));
            }
            List<Planned> ready = offline ? busy.FindAll(delegate(Planned p) { return TakeOffline(r, p); })
                : new List<Planned>();
            if (ready.Count == 0)
                return;
            // A whole-target backend has to be asked for the whole target again.
            if (backend.WholeTarget && ready.Count != group.Count)
            {
                foreach (Planned p in ready)
                    p.Outcome.Reason = String.Format("its disks ({0}) were taken offline, but another session's could " +
                        "not be, so {1} was not logged out again", DescribeDevices(p.Devices), target);
                return;
            }
            List<LogoutAttempt> second = backend.Logout(target, ready.ConvertAll(delegate(Planned p) { return p.Session; }),
                r.Ctx);
            ListAgainAfterFailures(second);
            Apply(busy, second, r.Result);
            foreach (Planned p in busy.FindAll(delegate(Planned x) { return IsBusy(x, second); }))
                p.Outcome.Reason = String.Format("a device on the session is still in use after its disks were taken " +
                    "offline ({0})", DescribeDevices(p.Devices));
        }

        /// <summary>
        /// A failed logout never decides already_gone from its error code alone: the sessions are listed again, and a
        /// session no longer listed is already_gone (keeping the error for the record); a listed one stays failed.
        /// </summary>
        private void ListAgainAfterFailures(List<LogoutAttempt> attempts)
        {
            if (!attempts.Exists(delegate(LogoutAttempt a) { return a.Kind == OutcomeKind.Failed; }))
                return;
            List<IscsiSession> now = null;
            ApiException listError = null;
            try
            {
                now = api.GetSessions();
            }
            catch (ApiException e)
            {
                listError = e;
            }
            foreach (LogoutAttempt a in attempts)
            {
                if (a.Kind != OutcomeKind.Failed)
                    continue;
                string what = String.IsNullOrEmpty(a.Reason) ? "the logout failed" : a.Reason;
                if (listError != null)
                {
                    a.Reason = what + "; listing the sessions again failed: " + listError.Error.ToString();
                    continue;
                }
                if (now.Exists(delegate(IscsiSession s) { return s.Id.Equals(a.Session.Id); }))
                {
                    if (!a.Listed)
                        a.Reason = what + "; the session is still listed";
                    continue;
                }
                a.Kind = OutcomeKind.AlreadyGone;
                a.DeviceBusy = false;
                a.Note = null;
                a.Reason = what + ", but the session is no longer listed";
            }
        }

        private static void Apply(List<Planned> group, List<LogoutAttempt> attempts, IscsiInitiatorLogoutResult result)
        {
            foreach (LogoutAttempt a in attempts)
            {
                foreach (Planned p in group.FindAll(delegate(Planned x) { return a.Session.Id.Equals(x.Session.Id); }))
                {
                    p.Outcome.Kind = a.Kind;
                    p.Outcome.Error = a.Error;
                    p.Outcome.Reason = a.Reason;
                    if (a.Note != null)
                    {
                        p.Outcome.Fields["note"] = a.Note;
                        result.Warnings.Add(p.Session.Label + ": " + a.Note);
                    }
                }
            }
        }

        private static bool IsBusy(Planned p, List<LogoutAttempt> attempts)
        {
            return attempts.Exists(delegate(LogoutAttempt a) { return a.DeviceBusy && a.Session.Id.Equals(p.Session.Id); });
        }

        /// <summary>busy: offline_disks for one busy session: true when its disks are offline and it can be logged out again.</summary>
        private bool TakeOffline(LogoutRun r, Planned p)
        {
            ArrayList offlined = new ArrayList(), volumes = new ArrayList();
            p.Outcome.Fields["offlined_disks"] = offlined;
            p.Outcome.Fields["dismounted_volumes"] = volumes;
            p.Outcome.Kind = OutcomeKind.Failed;
            // MPIO: a disk other sessions also serve (other paths to the LUN) would be cut from them too. Never
            // take it offline while a session outside the selection still serves it.
            string shared = SharedWithOthers(r, p);
            if (shared != null)
            {
                p.Outcome.Reason = String.Format("a device on the session is in use, but {0}: nothing was taken " +
                    "offline, as that would cut those MPIO paths off too; select them as well", shared);
                return false;
            }
            foreach (IscsiDevice d in p.Devices.FindAll(delegate(IscsiDevice x) { return x.DiskNumber >= 0; }))
            {
                int disk = d.DiskNumber;
                try
                {
                    if (!r.Offlined.Contains(disk))
                    {
                        r.Ctx.Run(delegate { volumes.AddRange(api.DismountVolumes(disk)); });
                        r.Ctx.Run(delegate { api.SetDiskOffline(disk); });
                    }
                    offlined.Add(disk);
                    r.Result.Offlined |= r.Offlined.Add(disk);
                }
                catch (ApiException e)
                {
                    p.Outcome.Reason = String.Format("could not take disk {0} offline: {1}", disk, e.Error.ToString());
                    p.Outcome.Error = e.Error;
                    return false;
                }
            }
            if (offlined.Count == 0)
                p.Outcome.Reason = String.Format("a device on the session is in use but it has no disk to take offline " +
                    "({0})", DescribeDevices(p.Devices));
            return offlined.Count > 0;
        }

        /// <summary>
        /// Null when no session outside this run's logouts serves a disk of p; otherwise which disks and sessions do.
        /// A session whose devices cannot be listed counts as serving them (it cannot be ruled out).
        /// </summary>
        private string SharedWithOthers(LogoutRun r, Planned p)
        {
            List<string> parts = new List<string>();
            foreach (IscsiDevice d in p.Devices.FindAll(delegate(IscsiDevice x) { return x.DiskNumber >= 0; }))
            {
                List<string> others = new List<string>();
                foreach (IscsiSession s in r.Before)
                {
                    string key = s.Id.ToString();
                    if (r.Leaving.Contains(key) || s.Id.Equals(p.Session.Id))
                        continue;
                    if (!r.OtherDevices.ContainsKey(key))
                    {
                        try
                        {
                            r.OtherDevices[key] = Devices(s.Id, r.Ctx);
                        }
                        catch (ApiException e)
                        {
                            r.OtherDevices[key] = null;
                            r.OtherErrors[key] = e;
                        }
                    }
                    if (r.OtherDevices[key] == null)
                        others.Add(String.Format("{0} (its devices could not be listed: {1})", s.Label,
                            r.OtherErrors[key].Error.ToString()));
                    else if (r.OtherDevices[key].Exists(delegate(IscsiDevice o) { return o.DiskNumber == d.DiskNumber; }))
                        others.Add(s.Label);
                }
                if (others.Count > 0)
                    parts.Add(String.Format("{0} is also served by {1}, not selected", d.Describe(),
                        String.Join(", ", others.ToArray())));
            }
            return parts.Count == 0 ? null : String.Join("; ", parts.ToArray());
        }

        private void RemoveLogins(LogoutRun r, List<IscsiPersistentLogin> afterLogout)
        {
            for (int i = 0; i < r.Removals.Count; i++)
            {
                IscsiPersistentLogin login = r.Removals[i];
                SessionOutcome o = r.RemovalOutcomes[i];
                if (afterLogout != null && ContainsName(r.Acting, login.TargetName) && !ContainsLogin(afterLogout, login))
                {
                    o.Kind = OutcomeKind.Ended;
                    continue;
                }
                try
                {
                    r.Ctx.Run(delegate { api.RemovePersistentLogin(login); });
                    o.Kind = OutcomeKind.Ended;
                }
                catch (ApiException e)
                {
                    // Not from the code alone: list again; a login no longer listed is already gone.
                    o.Error = e.Error;
                    List<string> w = new List<string>();
                    List<IscsiPersistentLogin> now = TryList(api.GetPersistentLogins, "the logins again", w);
                    bool gone = now != null && !ContainsLogin(now, login);
                    o.Kind = gone ? OutcomeKind.AlreadyGone : OutcomeKind.Failed;
                    o.Reason = "RemoveIScsiPersistentTargetW failed" + (gone ? ", but the login is no longer listed" :
                        now != null ? " and the login is still listed" : "; " + w[0]);
                }
            }
        }

        /// <summary>Lists again: a session that the logout reported ended but is still listed fails; the diff's after.</summary>
        private void Confirm(LogoutRun r)
        {
            List<IscsiSession> after = TryList(api.GetSessions, "sessions after the logout to confirm it", r.Result.Warnings);
            foreach (Planned p in r.Plan)
            {
                if (p.Outcome.Kind == OutcomeKind.Ended && after != null && after.Exists(delegate(IscsiSession s)
                {
                    return s.Id.Equals(p.Session.Id);
                }))
                {
                    p.Outcome.Kind = OutcomeKind.Failed;
                    p.Outcome.Reason = "the logout reported success but the session is still listed";
                }
            }
            r.Result.After = Snapshot(after ?? r.Before, r.Logins != null ? TryList(api.GetPersistentLogins,
                "persistent logins after the logout", r.Result.Warnings) : null);
        }

        private static List<T> TryList<T>(Func<List<T>> call, string what, List<string> warnings)
        {
            try
            {
                return call();
            }
            catch (ApiException e)
            {
                warnings.Add("could not list " + what + ": " + e.Error.ToString());
                return null;
            }
        }

        private static int Wildness(IscsiPersistentLogin l)
        {
            return (String.IsNullOrEmpty(l.PortalAddress) ? 2 : 0) +
                (l.InitiatorPortNumber == IscsiConstants.AllInitiatorPorts ? 1 : 0);
        }

        private static bool ContainsName(List<string> names, string name)
        {
            return names.Exists(delegate(string n) { return IscsiSession.SameName(n, name); });
        }

        private static bool ContainsLogin(List<IscsiPersistentLogin> logins, IscsiPersistentLogin l)
        {
            return logins.Exists(delegate(IscsiPersistentLogin x) { return x.Label == l.Label; });
        }

        internal static string DescribeDevices(List<IscsiDevice> devices)
        {
            if (devices == null || devices.Count == 0)
                return "no devices listed";
            List<string> parts = new List<string>();
            foreach (IscsiDevice d in devices)
                parts.Add(d.Describe());
            return String.Join(", ", parts.ToArray());
        }

        private static SessionOutcome NewOutcome(IscsiSession s)
        {
            Hashtable f = Short(s);
            f["initiator_name"] = s.InitiatorName;
            f["connections"] = s.ConnectionList();
            return new SessionOutcome(s.Label, f);
        }

        private static Hashtable Short(IscsiSession s)
        {
            Hashtable e = new Hashtable();
            e["session_id"] = s.Id.ToString();
            e["target_name"] = s.Target;
            return e;
        }

        private static void AddName(List<string> names, string name)
        {
            if (!String.IsNullOrEmpty(name) && !ContainsName(names, name))
                names.Add(name);
        }

        private static Dictionary<string, List<Planned>> GroupByTarget(List<Planned> plan)
        {
            Dictionary<string, List<Planned>> groups = new Dictionary<string, List<Planned>>(
                StringComparer.OrdinalIgnoreCase);
            foreach (Planned p in plan)
            {
                string t = p.Session.Target ?? "";
                if (!groups.ContainsKey(t))
                    groups[t] = new List<Planned>();
                groups[t].Add(p);
            }
            return groups;
        }

        /// <summary>The diff form: sessions (id and target) and persistent logins.</summary>
        public static Hashtable Snapshot(List<IscsiSession> sessions, List<IscsiPersistentLogin> logins)
        {
            Hashtable h = new Hashtable();
            h["sessions"] = new ArrayList(sessions.ConvertAll(Short));
            if (logins != null)
                h["persistent_logins"] = new ArrayList(logins.ConvertAll(delegate(IscsiPersistentLogin x)
                {
                    return x.ToDictionary();
                }));
            return h;
        }
    }

    /// <summary>What a backend needs to retry, and the deadline of every wait (timeout from the start of the run).</summary>
    public class LogoutContext
    {
        public int Retries;
        public TimeSpan RetryDelay;
        public IClock Clock;
        public TimeSpan Timeout;
        public DateTime Deadline;

        public LogoutContext(int retries, TimeSpan delay, IClock clock, TimeSpan timeout)
        {
            Retries = retries;
            RetryDelay = delay;
            Clock = clock;
            Timeout = timeout;
            Deadline = clock.UtcNow + timeout;
        }

        /// <summary>What is left of the timeout (zero once the deadline passed).</summary>
        public TimeSpan Left
        {
            get
            {
                TimeSpan left = Deadline - Clock.UtcNow;
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }

        /// <summary>Runs the call with Retry.Run on the transient codes, never retrying after a delay past the deadline.</summary>
        public void Run(Action call)
        {
            Retry.Run(call, delegate(ErrorInfo e) { return IscsiConstants.IsTransient(e) && Left >= RetryDelay; },
                Retries, RetryDelay, Clock);
        }
    }

    /// <summary>The result of one backend logout for one session.</summary>
    public class LogoutAttempt
    {
        public readonly IscsiSession Session;
        /// <summary>Ended, AlreadyGone or Failed.</summary>
        public OutcomeKind Kind;
        public ErrorInfo Error;
        public string Reason;
        /// <summary>The logout was refused because a device on the session is in use.</summary>
        public bool DeviceBusy;
        /// <summary>The backend found the session still listed after the failure, and its reason says so.</summary>
        public bool Listed;
        /// <summary>A success code's meaning (VDS 0x000428xx), reported with the session.</summary>
        public string Note;

        public LogoutAttempt(IscsiSession session, OutcomeKind kind)
        {
            Session = session;
            Kind = kind;
        }
    }

    /// <summary>How sessions are logged out: iscsidsc (per session) or VDS (per target).</summary>
    public abstract class IscsiInitiatorLogoutBackend
    {
        /// <summary>iscsidsc or vds.</summary>
        public abstract string Name { get; }

        /// <summary>
        /// True when one call logs out every session to a target and also removes its persistent logins (VDS
        /// LogoutFromTarget, vdserr.h 0x00042800/0x00042801).
        /// </summary>
        public virtual bool WholeTarget
        {
            get { return false; }
        }

        /// <summary>
        /// Null when check mode can ask CannotLogOut; otherwise asking would change something (VDS: loading it starts
        /// the service), so check mode does not ask and warns with this text, which says what it cannot predict.
        /// </summary>
        public virtual string CheckModeNote
        {
            get { return null; }
        }

        /// <summary>
        /// Checks, changing nothing, whether this backend can log out of the target at all. Returns null when it can,
        /// else why not (error: the decoded failure, when a call failed). The engine asks in check mode and in a real
        /// run alike, so that check mode plans the same failures. Never throws for an API failure.
        /// </summary>
        public virtual string CannotLogOut(string target, LogoutContext context, out ErrorInfo error)
        {
            error = null;
            return null;
        }

        /// <summary>
        /// Logs out the given sessions of one target (for WholeTarget backends: all sessions to it). Never throws for
        /// an API failure: every session gets an attempt with its outcome.
        /// </summary>
        public abstract List<LogoutAttempt> Logout(string target, IList<IscsiSession> sessions, LogoutContext context);
    }

    /// <summary>The supported path: LogoutIScsiTarget on each session.</summary>
    public class IscsidscLogoutBackend : IscsiInitiatorLogoutBackend
    {
        private readonly IIscsiInitiatorApi api;

        public IscsidscLogoutBackend(IIscsiInitiatorApi api)
        {
            this.api = api;
        }

        public override string Name
        {
            get { return "iscsidsc"; }
        }

        public override List<LogoutAttempt> Logout(string target, IList<IscsiSession> sessions, LogoutContext context)
        {
            List<LogoutAttempt> res = new List<LogoutAttempt>();
            foreach (IscsiSession s in sessions)
            {
                IscsiSession session = s;
                LogoutAttempt a = new LogoutAttempt(session, OutcomeKind.Ended);
                try
                {
                    context.Run(delegate { api.Logout(session.Id); });
                }
                catch (ApiException e)
                {
                    // Failed, whatever the code (ISDSC_INVALID_SESSION_ID included): the engine lists the sessions
                    // again and reports a session no longer listed as already_gone.
                    a.Error = e.Error;
                    a.Kind = OutcomeKind.Failed;
                    a.DeviceBusy = e.Error.Code == IscsiConstants.IsdscDeviceBusyOnSession;
                    a.Reason = IscsiConstants.IsTransient(e.Error) ? "LogoutIScsiTarget still failed after " +
                        context.Retries + " retries" : "LogoutIScsiTarget failed";
                }
                res.Add(a);
            }
            return res;
        }
    }

    /// <summary>
    /// What the logout needs from the iSCSI initiator: the listing (IIscsiInitiatorSessionSource) and the calls that
    /// change it. Methods throw ApiException with the decoded status.
    /// </summary>
    public interface IIscsiInitiatorApi : IIscsiInitiatorSessionSource
    {
        /// <summary>LogoutIScsiTarget.</summary>
        void Logout(IscsiSessionId session);
        /// <summary>RemoveIScsiPersistentTargetW with the login's initiator instance, port, target and portal.</summary>
        void RemovePersistentLogin(IscsiPersistentLogin login);
        /// <summary>Takes a disk offline (not persisted across reboots).</summary>
        void SetDiskOffline(int diskNumber);
        /// <summary>
        /// Flushes and dismounts each volume of the disk; returns each volume, "(forced)" when it was dismounted
        /// without the lock (files were open).
        /// </summary>
        List<string> DismountVolumes(int diskNumber);
    }

    /// <summary>The shape of RemoveIScsiPersistentTargetW.</summary>
    internal delegate uint RemovePersistentCall(string initiatorInstance, uint initiatorPortNumber, string targetName,
        ref NativeHelpers.ISCSI_TARGET_PORTALW portal);

    internal static class NativeMethods
    {
        [DllImport("iscsidsc.dll", SetLastError = true)]
        public static extern uint LogoutIScsiTarget(ref NativeHelpers.ISCSI_UNIQUE_SESSION_ID UniqueSessionId);

        [DllImport("iscsidsc.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern uint RemoveIScsiPersistentTargetW(string InitiatorInstance, uint InitiatorPortNumber,
            string TargetName, ref NativeHelpers.ISCSI_TARGET_PORTALW Portal);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern SafeFileHandle CreateFileW(string lpFileName, uint dwDesiredAccess, uint dwShareMode,
            IntPtr lpSecurityAttributes, uint dwCreationDisposition, uint dwFlagsAndAttributes, IntPtr hTemplateFile);

        [DllImport("kernel32.dll", SetLastError = true)]
        public static extern bool DeviceIoControl(SafeFileHandle hDevice, uint dwIoControlCode,
            ref NativeHelpers.SET_DISK_ATTRIBUTES lpInBuffer, uint nInBufferSize, IntPtr lpOutBuffer,
            uint nOutBufferSize, out uint lpBytesReturned, IntPtr lpOverlapped);

        [DllImport("kernel32.dll", SetLastError = true)]
        public static extern bool DeviceIoControl(SafeFileHandle hDevice, uint dwIoControlCode, IntPtr lpInBuffer,
            uint nInBufferSize, [Out] byte[] lpOutBuffer, uint nOutBufferSize, out uint lpBytesReturned,
            IntPtr lpOverlapped);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern SafeFindVolumeHandle FindFirstVolumeW(StringBuilder lpszVolumeName, uint cchBufferLength);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern bool FindNextVolumeW(SafeFindVolumeHandle hFindVolume, StringBuilder lpszVolumeName,
            uint cchBufferLength);

        [DllImport("kernel32.dll", SetLastError = true)]
        public static extern bool FindVolumeClose(IntPtr hFindVolume);

        public const uint IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS = 0x00560000;
        public const uint FSCTL_LOCK_VOLUME = 0x00090018;
        public const uint FSCTL_DISMOUNT_VOLUME = 0x00090020;
    }

    internal class SafeFindVolumeHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public SafeFindVolumeHandle()
            : base(true)
        {
        }

        protected override bool ReleaseHandle()
        {
            return NativeMethods.FindVolumeClose(handle);
        }
    }

    /// <summary>IIscsiInitiatorApi over iscsidsc.dll and the disk IOCTLs. It only translates.</summary>
    public class NativeIscsiInitiatorApi : NativeIscsiInitiatorSessions, IIscsiInitiatorApi
    {
        public void Logout(IscsiSessionId session)
        {
            NativeHelpers.ISCSI_UNIQUE_SESSION_ID id = ToNative(session);
            uint status = NativeMethods.LogoutIScsiTarget(ref id);
            if (status != 0)
                throw new ApiException("LogoutIScsiTarget " + session, IscsiConstants.Decode(status));
        }

        public void RemovePersistentLogin(IscsiPersistentLogin login)
        {
            RemovePersistentLogin(login, NativeMethods.RemoveIScsiPersistentTargetW);
        }

        /// <summary>The RemoveIScsiPersistentTargetW call and its error mapping, with the call injectable for tests.</summary>
        internal static void RemovePersistentLogin(IscsiPersistentLogin login, RemovePersistentCall call)
        {
            NativeHelpers.ISCSI_TARGET_PORTALW portal = new NativeHelpers.ISCSI_TARGET_PORTALW();
            portal.SymbolicName = login.PortalSymbolicName ?? "";
            portal.Address = login.PortalAddress ?? "";
            portal.Socket = (ushort)login.PortalSocket;
            // InitiatorInstance is [in], not optional (only InitiatorPortNumber is): pass the stored string as it is,
            // an empty one included, never NULL (os-win does the same).
            uint status = call(login.InitiatorInstance ?? "", login.InitiatorPortNumber, login.TargetName, ref portal);
            if (status != 0)
                throw new ApiException("RemoveIScsiPersistentTargetW " + login.TargetName, IscsiConstants.Decode(status));
        }

        /// <summary>
        /// IOCTL_DISK_SET_DISK_ATTRIBUTES with DISK_ATTRIBUTE_OFFLINE, Persist = FALSE, on \\.\PhysicalDriveN.
        /// UNCONFIRMED on a real host: that Version must be sizeof(SET_DISK_ATTRIBUTES) (40; the docs page says
        /// sizeof(GET_DISK_ATTRIBUTES)), and that offlining a disk with open files lets LogoutIScsiTarget succeed.
        /// </summary>
        public void SetDiskOffline(int diskNumber)
        {
            string path = "\\\\.\\PhysicalDrive" + diskNumber.ToString(CultureInfo.InvariantCulture);
            using (SafeFileHandle h = Open(path, true))
            {
                NativeHelpers.SET_DISK_ATTRIBUTES attrs = NewOfflineAttributes();
                uint returned;
                if (!NativeMethods.DeviceIoControl(h, NativeHelpers.IOCTL_DISK_SET_DISK_ATTRIBUTES, ref attrs,
                    (uint)Marshal.SizeOf(typeof(NativeHelpers.SET_DISK_ATTRIBUTES)), IntPtr.Zero, 0, out returned,
                    IntPtr.Zero))
                    throw ApiException.FromWin32("IOCTL_DISK_SET_DISK_ATTRIBUTES (offline) " + path,
                        Marshal.GetLastWin32Error());
            }
        }

        /// <summary>
        /// Each volume with an extent on the disk (FindFirstVolumeW/FindNextVolumeW, IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS):
        /// FSCTL_LOCK_VOLUME when it can be had ("The system flushes all cached data to the volume before locking it";
        /// it fails while files are open), then FSCTL_DISMOUNT_VOLUME (it "does not check for open files"). Learn:
        /// ni-winioctl-fsctl_lock_volume, ni-winioctl-fsctl_dismount_volume. The handle closes with the lock.
        /// </summary>
        public List<string> DismountVolumes(int diskNumber)
        {
            List<string> res = new List<string>();
            StringBuilder name = new StringBuilder(260);
            using (SafeFindVolumeHandle find = NativeMethods.FindFirstVolumeW(name, 260))
            {
                bool more = !find.IsInvalid;
                while (more)
                {
                    string v = name.ToString().TrimEnd('\\');
                    if (OnDisk(v, diskNumber))
                        res.Add(v + (Dismount(v) ? "" : " (forced)"));
                    more = NativeMethods.FindNextVolumeW(find, name, 260);
                }
                int err = Marshal.GetLastWin32Error();
                if (err != 18)
                    throw ApiException.FromWin32("FindFirstVolumeW/FindNextVolumeW", err);
            }
            return res;
        }

        // CreateFileW with GENERIC_READ | GENERIC_WRITE (0xC0000000) or no access (0: enough for the extents),
        // FILE_SHARE_READ | FILE_SHARE_WRITE (3), OPEN_EXISTING (3), as devices and volumes are opened (Learn).
        private static SafeFileHandle Open(string path, bool write)
        {
            SafeFileHandle h = NativeMethods.CreateFileW(path, write ? 0xC0000000 : 0, 3, IntPtr.Zero, 3, 0, IntPtr.Zero);
            if (h.IsInvalid)
                throw ApiException.FromWin32("CreateFileW " + path, Marshal.GetLastWin32Error());
            return h;
        }

        /// <summary>VOLUME_DISK_EXTENTS: NumberOfDiskExtents @0, DISK_EXTENT[] @8 of 24 bytes, DiskNumber first.</summary>
        private static bool OnDisk(string volume, int diskNumber)
        {
            byte[] buf = new byte[8 + 24 * 16];
            uint n;
            using (SafeFileHandle h = Open(volume, false))
            {
                if (!NativeMethods.DeviceIoControl(h, NativeMethods.IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS, IntPtr.Zero, 0,
                    buf, (uint)buf.Length, out n, IntPtr.Zero))
                    return false;
            }
            for (int i = 0; i < Math.Min(BitConverter.ToInt32(buf, 0), 16); i++)
            {
                if (BitConverter.ToInt32(buf, 8 + 24 * i) == diskNumber)
                    return true;
            }
            return false;
        }

        /// <summary>True when the volume was locked (flushed) before the dismount.</summary>
        private static bool Dismount(string volume)
        {
            uint n;
            using (SafeFileHandle h = Open(volume, true))
            {
                bool locked = NativeMethods.DeviceIoControl(h, NativeMethods.FSCTL_LOCK_VOLUME, IntPtr.Zero, 0, null, 0,
                    out n, IntPtr.Zero);
                if (!NativeMethods.DeviceIoControl(h, NativeMethods.FSCTL_DISMOUNT_VOLUME, IntPtr.Zero, 0, null, 0, out n,
                    IntPtr.Zero))
                    throw ApiException.FromWin32("FSCTL_DISMOUNT_VOLUME " + volume, Marshal.GetLastWin32Error());
                return locked;
            }
        }

        internal static NativeHelpers.SET_DISK_ATTRIBUTES NewOfflineAttributes()
        {
            NativeHelpers.SET_DISK_ATTRIBUTES attrs = new NativeHelpers.SET_DISK_ATTRIBUTES();
            attrs.Version = (uint)Marshal.SizeOf(typeof(NativeHelpers.SET_DISK_ATTRIBUTES));
            attrs.Persist = false;
            attrs.Reserved1 = new byte[3];
            attrs.Attributes = NativeHelpers.DISK_ATTRIBUTE_OFFLINE;
            attrs.AttributesMask = NativeHelpers.DISK_ATTRIBUTE_OFFLINE;
            attrs.Reserved2 = new uint[4];
            return attrs;
        }
    }
}
