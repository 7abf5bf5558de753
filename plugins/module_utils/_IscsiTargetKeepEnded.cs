// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_session_stop's options that keep a stopped session ended: revoke_access and disable_target before the
// stop, settle_time after it. The stop itself is in _IscsiTargetSessionStop.cs, the targets' access model in
// _IscsiTargetAccess.cs. Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded
{
    /// <summary>The options of iscsi_target_session_stop that keep a stopped session from coming back.</summary>
    public class IscsiTargetKeepEndedRequest
    {
        /// <summary>Remove the stopped sessions' initiators from the allowed initiator IDs of their targets first.</summary>
        public bool RevokeAccess { get; set; }
        /// <summary>Disable the targets of the stopped sessions first (every initiator of the target is kept out).</summary>
        public bool DisableTarget { get; set; }
        /// <summary>Seconds to watch after the stop for the initiator logging in again (0: no watch).</summary>
        public int SettleTime { get; set; }

        public bool ChangesTargets
        {
            get { return RevokeAccess || DisableTarget; }
        }

        public void Validate()
        {
            if (SettleTime < 0)
                throw new ArgumentException("settle_time must be 0 or more seconds");
            if (SettleTime > 86400)
                throw new ArgumentException("settle_time must be at most 86400 seconds (one day)");
        }
    }

    /// <summary>What was done (or planned) to one target's access.</summary>
    public class TargetAccessChange
    {
        public string TargetName { get; set; }
        public TargetAccess Before { get; set; }
        public TargetAccess After { get; set; }
        public List<InitiatorId> Revoked { get; private set; }
        public bool Disabled { get; set; }
        /// <summary>changed, would_change, unchanged or failed.</summary>
        public string Action { get; set; }
        public string Reason { get; set; }
        public ErrorInfo Error { get; set; }

        public TargetAccessChange(string name)
        {
            TargetName = name;
            Revoked = new List<InitiatorId>();
            Action = "unchanged";
        }

        public Hashtable ToDictionary()
        {
            Hashtable h = new Hashtable();
            h["target_name"] = TargetName;
            h["target_iqn"] = Before == null ? null : Before.TargetIqn;
            h["enabled_before"] = Before == null ? (object)null : Before.Enabled;
            h["enabled"] = After == null ? (object)null : After.Enabled;
            h["initiator_ids_before"] = Before == null ? null : Before.IdList();
            h["initiator_ids"] = After == null ? null : After.IdList();
            ArrayList revoked = new ArrayList();
            foreach (InitiatorId id in Revoked)
                revoked.Add(id.ToString());
            h["revoked"] = revoked;
            h["disabled"] = Disabled;
            h["action"] = Action;
            h["reason"] = Reason;
            h["error"] = Error == null ? null : Error.ToDictionary();
            return h;
        }
    }

    /// <summary>A stop with the keep-ended options: the stop's result plus what was done to the targets.</summary>
    public class IscsiTargetKeepEndedResult
    {
        public IscsiTargetSessionStopResult Stop { get; set; }
        public List<TargetAccessChange> Targets { get; private set; }

        public IscsiTargetKeepEndedResult()
        {
            Targets = new List<TargetAccessChange>();
        }

        /// <summary>A session stopped (even one that logged in again) or a target changed.</summary>
        public bool Changed
        {
            get
            {
                if (Stop.Changed)
                    return true;
                foreach (TargetAccessChange t in Targets)
                {
                    if (t.Action == "changed" || t.Action == "would_change" || (t.Action == "failed" && (t.Revoked.Count > 0 || t.Disabled)))
                        return true;
                }
                return false;
            }
        }

        public bool Failed
        {
            get
            {
                if (Stop.Report.Failed)
                    return true;
                foreach (TargetAccessChange t in Targets)
                {
                    if (t.Action == "failed")
                        return true;
                }
                return false;
            }
        }

        public ArrayList TargetList()
        {
            ArrayList l = new ArrayList();
            foreach (TargetAccessChange t in Targets)
                l.Add(t.ToDictionary());
            return l;
        }

        /// <summary>diff before/after of the targets' access, keyed by target name.</summary>
        public Hashtable TargetsDiff(bool after)
        {
            Hashtable h = new Hashtable();
            foreach (TargetAccessChange t in Targets)
                h[t.TargetName] = TargetAccess.State(after ? t.After : t.Before);
            return h;
        }

        public string Message
        {
            get
            {
                string msg = Stop.Report.Summary("session");
                List<string> parts = new List<string>();
                foreach (TargetAccessChange t in Targets)
                {
                    List<string> did = new List<string>();
                    if (t.Revoked.Count > 0)
                    {
                        List<string> ids = new List<string>();
                        foreach (InitiatorId id in t.Revoked)
                            ids.Add(id.ToString());
                        did.Add("revoked " + String.Join(", ", ids.ToArray()));
                    }
                    if (t.Disabled)
                        did.Add("disabled it");
                    string verb = t.Action == "would_change" ? "would be changed: " : "";
                    if (t.Action == "failed")
                        parts.Add(Inv.F("target {0} failed: {1}", t.TargetName, t.Reason));
                    else if (did.Count > 0)
                        parts.Add(Inv.F("target {0} {1}{2}", t.TargetName, verb, String.Join(" and ", did.ToArray())));
                }
                if (parts.Count > 0)
                    msg += ". Access: " + String.Join("; ", parts.ToArray());
                return msg;
            }
        }
    }

    /// <summary>
    /// iscsi_target_session_stop with the options that keep sessions ended: before the stop it revokes the
    /// initiators' access and/or disables the targets (each idempotent, planned only in check mode, read back after
    /// the change); a target whose change failed keeps its sessions (they fail, nothing there is stopped, since
    /// they would come back). After the stop it watches the listing for settle_time seconds and turns a stopped
    /// session whose initiator logged in to the same target again into a failure ("logged in again").
    /// </summary>
    public class IscsiTargetKeepEndedEngine
    {
        private readonly IscsiTargetSessionStopEngine engine;
        private readonly IIscsiTargetSessionSource api;
        private readonly IIscsiTargetAccessApi access;
        private readonly IClock clock;
        private readonly IHostRecordStore records;

        /// <summary>Time between listings while watching for a re-login.</summary>
        public TimeSpan PollInterval { get; set; }

        public IscsiTargetKeepEndedEngine(IscsiTargetSessionStopEngine engine, IIscsiTargetSessionSource api, IIscsiTargetAccessApi access, IClock clock,
            IHostRecordStore records)
        {
            this.records = records;
            this.engine = engine;
            this.api = api;
            this.access = access;
            this.clock = clock;
            PollInterval = TimeSpan.FromSeconds(1);
        }

        public static IscsiTargetKeepEndedEngine CreateNative()
        {
            NativeIscsiTargetCimApi native = new NativeIscsiTargetCimApi();
            SystemClock clock = new SystemClock();
            return new IscsiTargetKeepEndedEngine(new IscsiTargetSessionStopEngine(native, clock, OsInfo.Current()), native,
                new NativeIscsiTargetAccessApi(), clock, HostRecords.Open());
        }

        public IscsiTargetKeepEndedResult Stop(IscsiTargetSessionStopRequest request, IscsiTargetKeepEndedRequest options, bool checkMode)
        {
            request.Validate();
            options.Validate();
            IscsiTargetKeepEndedResult result = new IscsiTargetKeepEndedResult();
            if (options.ChangesTargets)
                ChangeThenStop(request, options, checkMode, result);
            else
                result.Stop = engine.Stop(request, checkMode);
            if (!checkMode && options.SettleTime > 0)
                Watch(result.Stop, options.SettleTime);
            return result;
        }

        /// <summary>
        /// Changes the access of each target of the selected sessions (in listing order), then stops exactly the sessions
        /// found here whose target changed; the sessions of a target that failed (or of none) fail without a stop.
        /// </summary>
        private void ChangeThenStop(IscsiTargetSessionStopRequest request, IscsiTargetKeepEndedRequest options, bool checkMode, IscsiTargetKeepEndedResult result)
        {
            List<TargetSession> before = engine.ReadSessions();
            List<TargetSession> matched = before.FindAll(request.Matches);
            ArrayList listed = new ArrayList(before.ConvertAll(delegate(TargetSession s) { return s.ToDictionary(); }));
            IscsiTargetSessionStopResult notStopped = new IscsiTargetSessionStopResult(new SessionReport(IscsiTargetSessionStopResult.Verbs), listed, listed, request.EffectiveMethod);
            result.Stop = notStopped;
            List<TargetSession> found = new List<TargetSession>();
            List<string> warnings = new List<string>();
            foreach (TargetSession s in matched)
            {
                string name = s.TargetName;
                TargetAccessChange change = String.IsNullOrEmpty(name) ? null
                    : result.Targets.Find(delegate(TargetAccessChange t) { return String.Equals(t.TargetName, name, StringComparison.OrdinalIgnoreCase); });
                if (change == null && !String.IsNullOrEmpty(name))
                {
                    change = ChangeAccess(name, matched.FindAll(delegate(TargetSession m) { return String.Equals(m.TargetName, name, StringComparison.OrdinalIgnoreCase); }),
                        options, checkMode, warnings);
                    result.Targets.Add(change);
                }
                if (change == null)
                    AddFailed(notStopped, s, "not stopped: WT_Session names no target (HostName), so its access cannot be changed", null);
                else if (change.Action == "failed")
                    AddFailed(notStopped, s, Inv.F("not stopped, since it would log in again: changing the access of target {0} failed: {1}",
                        name, change.Reason), change.Error);
                else
                    found.Add(s);
            }
            if (found.Count > 0)
            {
                try
                {
                    // the sessions found first, by identity: a TSIH reused while the access changed is not stopped
                    result.Stop = engine.Stop(request, checkMode, found);
                }
                catch (IscsiTargetException e)
                {
                    // the targets are changed already: keep them in the result (to restore) and fail their sessions
                    result.Stop = new IscsiTargetSessionStopResult(new SessionReport(IscsiTargetSessionStopResult.Verbs), listed, listed, request.EffectiveMethod);
                    foreach (TargetSession s in found)
                        AddFailed(result.Stop, s, "not stopped: " + e.Message, e.Error);
                }
            }
            if (result.Stop != notStopped)
                notStopped.Report.Sessions.ForEach(delegate(SessionOutcome o) { result.Stop.Report.Add(o); });
            result.Stop.Report.Warnings.AddRange(warnings);
        }

        private static void AddFailed(IscsiTargetSessionStopResult stop, TargetSession s, string reason, ErrorInfo error)
        {
            Hashtable fields = s.ToDictionary();
            fields["method"] = stop.Method;
            fields["return_value"] = null;
            SessionOutcome o = stop.Report.Add(new SessionOutcome(s.Label, fields));
            o.Kind = OutcomeKind.Failed;
            o.Reason = reason;
            o.Error = error;
        }

        /// <summary>Reads the target, plans the change (check mode stops here) and applies it.</summary>
        private TargetAccessChange ChangeAccess(string name, List<TargetSession> sessions, IscsiTargetKeepEndedRequest options,
            bool checkMode, List<string> warnings)
        {
            TargetAccessChange change = new TargetAccessChange(name);
            string refused;
            List<InitiatorId> toRevoke;
            try
            {
                change.Before = change.After = access.ReadAccess(name);
            }
            catch (ApiException e)
            {
                return Fail(change, Inv.F("reading WT_Host and WT_IDMethod of target {0} failed: {1}", name, e.Error), e.Error);
            }
            toRevoke = PlanRevoke(name, change.Before, sessions, options, warnings, out refused);
            if (refused != null)
                return Fail(change, refused, null);
            bool disable = options.DisableTarget && change.Before.Enabled;
            if (toRevoke.Count == 0 && !disable)
                return change;
            if (!checkMode)
                return Apply(change, toRevoke, disable);
            change.Revoked.AddRange(toRevoke);
            change.Disabled = disable;
            change.After = Planned(change.Before, toRevoke, disable);
            change.Action = "would_change";
            return change;
        }

        private static TargetAccess Planned(TargetAccess current, List<InitiatorId> toRevoke, bool disable)
        {
            TargetAccess planned = new TargetAccess();
            planned.TargetName = current.TargetName;
            planned.TargetIqn = current.TargetIqn;
            planned.Enabled = current.Enabled && !disable;
            planned.InitiatorIds.AddRange(current.InitiatorIds.FindAll(delegate(InitiatorId id) { return !toRevoke.Exists(id.SameAs); }));
            return planned;
        }

        private static TargetAccessChange Fail(TargetAccessChange change, string reason, ErrorInfo error)
        {
            change.Action = "failed";
            change.Reason = reason;
            change.Error = error;
            return change;
        }

        /// <summary>
        /// Records what the target allows (a re-run keeps the first record), revokes first, then disables (a failed
        /// disable leaves the initiator out already), and reads the target back: a difference fails.
        /// </summary>
        private TargetAccessChange Apply(TargetAccessChange change, List<InitiatorId> toRevoke, bool disable)
        {
            string name = change.TargetName;
            try
            {
                records.SetIfAbsent(AccessRecord.Name(name), AccessRecord.Write(change.Before));
            }
            catch (HostRecordException e)
            {
                return Fail(change, "not changed, since it could not be recorded first: " + e.Message, e.Error);
            }
            string step = null;
            try
            {
                foreach (InitiatorId id in toRevoke)
                {
                    step = Inv.F("removing the allowed initiator ID {0} (WT_IDMethod)", id);
                    access.RemoveInitiatorId(name, id);
                    change.Revoked.Add(id);
                }
                step = "disabling the target (WT_Host.Enabled = false)";
                if (disable)
                    access.SetEnabled(name, false);
                change.Disabled = disable;
                step = null;
                change.After = Planned(change.Before, toRevoke, disable);
                change.After = access.ReadAccess(name);
            }
            catch (ApiException e)
            {
                if (step == null)
                    return Fail(change, Inv.F("the change was made but reading the target back to confirm it failed: {0}", e.Error), e.Error);
                Fail(change, Inv.F("{0} failed: {1}", step, e.Error), e.Error);
                try
                {
                    change.After = access.ReadAccess(name);
                }
                catch (ApiException)
                {
                    change.After = null;
                }
                return change;
            }
            List<string> left = toRevoke.FindAll(change.After.Has).ConvertAll(delegate(InitiatorId id) { return id.ToString(); });
            if (left.Count > 0)
                return Fail(change, Inv.F("the provider accepted the removal but target {0} still allows {1}", name, String.Join(", ", left.ToArray())), null);
            if (disable && change.After.Enabled)
                return Fail(change, Inv.F("the provider accepted the change but target {0} is still enabled", name), null);
            change.Action = "changed";
            return change;
        }

        /// <summary>
        /// The IDs of this target that admit one of the sessions' initiators (IQN, or an IP address of one of their
        /// connections). An ID the listing cannot match (DNSName, MACAddress, method 0 - a NetBIOS name in Microsoft's
        /// IscsiTarget module - or an unknown method) or a wildcard may still admit it: refused (reason in refused)
        /// unless disable_target keeps every initiator out, then a warning names it.
        /// </summary>
        private static List<InitiatorId> PlanRevoke(string name, TargetAccess current, List<TargetSession> sessions,
            IscsiTargetKeepEndedRequest options, List<string> warnings, out string refused)
        {
            refused = null;
            List<InitiatorId> toRevoke = new List<InitiatorId>();
            if (!options.RevokeAccess)
                return toRevoke;
            List<string> unmatched = new List<string>();
            InitiatorId wildcard = null;
            foreach (InitiatorId id in current.InitiatorIds)
            {
                if (id.IsWildcard)
                    wildcard = id;
                else if (AdmitsOneOf(id, sessions))
                    toRevoke.Add(id);
                else if (!id.Matchable)
                    unmatched.Add(id.ToString());
            }
            if (wildcard != null && !options.DisableTarget)
                refused = Inv.F(
                    "target {0} allows every initiator ({1}); removing one initiator's ID cannot keep it out. Set disable_target, or replace the wildcard with Set-IscsiServerTarget -InitiatorIds",
                    name, wildcard);
            else if (unmatched.Count > 0)
            {
                string text = Inv.F("target {0} allows {1}, which the session listing cannot match to an initiator, so it may still admit it",
                    name, String.Join(", ", unmatched.ToArray()));
                if (options.DisableTarget)
                    warnings.Add(text + "; it was kept (the target is disabled)");
                else
                    refused = text + ". Set disable_target, or remove it with Set-IscsiServerTarget -InitiatorIds";
            }
            return toRevoke;
        }

        /// <summary>An IQN ID naming a session's initiator, or an IP address ID naming the address of one of its connections.</summary>
        private static bool AdmitsOneOf(InitiatorId id, List<TargetSession> sessions)
        {
            foreach (TargetSession s in sessions)
            {
                if (id.Method == InitiatorId.Iqn && String.Equals(id.Value, s.InitiatorIqn, StringComparison.OrdinalIgnoreCase))
                    return true;
                if (id.NamesAddress(s.InitiatorAddress) || s.InitiatorAddresses.Exists(id.NamesAddress))
                    return true;
            }
            return false;
        }

        /// <summary>
        /// Watches the listing for settleSeconds after the stop. A session reported stopped whose initiator has a
        /// session to the same target that the first listing did not show (a new TSIH, or the same one again) is
        /// turned into a failure with the reason "logged in again".
        /// </summary>
        private void Watch(IscsiTargetSessionStopResult stop, int settleSeconds)
        {
            List<SessionOutcome> stopped = stop.Report.Sessions.FindAll(delegate(SessionOutcome o) { return o.Kind == OutcomeKind.Ended; });
            if (stopped.Count == 0)
                return;
            // Sessions that were there before and not stopped (another path of the same initiator) are not re-logins.
            List<string> known = new List<string>();
            foreach (IDictionary h in stop.Before)
                known.Add(KeyOf(h));
            stopped.ForEach(delegate(SessionOutcome o) { known.Remove(KeyOf(o.Fields)); });
            DateTime deadline = clock.UtcNow + TimeSpan.FromSeconds(settleSeconds);
            ErrorInfo lastError = null;
            bool listedOnce = false;
            while (true)
            {
                List<TargetSession> current = null;
                try
                {
                    current = api.ListSessions();
                    listedOnce = true;
                }
                catch (ApiException e)
                {
                    lastError = e.Error;
                }
                if (current != null)
                {
                    foreach (SessionOutcome o in stopped)
                    {
                        if (o.Kind != OutcomeKind.Ended)
                            continue;
                        foreach (TargetSession s in current)
                        {
                            if (!known.Contains(s.Key) && SamePair(o.Fields, s))
                            {
                                IscsiTargetSessionStopEngine.LoggedInAgain(o, s, Inv.F(
                                    "within settle_time ({0} s)", settleSeconds));
                                break;
                            }
                        }
                    }
                }
                DateTime now = clock.UtcNow;
                if (now >= deadline)
                    break;
                TimeSpan rest = deadline - now;
                clock.Sleep(rest < PollInterval ? rest : PollInterval);
            }
            if (!listedOnce && lastError != null)
                stop.Report.Warnings.Add(Inv.F(
                    "the sessions could not be listed during settle_time, so a re-login would not have been seen: {0}", lastError));
        }

        /// <summary>TargetSession.Key of a session's result fields.</summary>
        private static string KeyOf(IDictionary h)
        {
            return Inv.F("{0}|{1}|{2}|{3}", h["tsih"],
                Lower(h["initiator_iqn"]), h["isid"], Lower(h["target_name"]));
        }

        private static string Lower(object o)
        {
            return o == null ? "" : o.ToString().ToLowerInvariant();
        }

        private static bool SamePair(IDictionary fields, TargetSession s)
        {
            return String.Equals(fields["initiator_iqn"] as string, s.InitiatorIqn, StringComparison.OrdinalIgnoreCase)
                && String.Equals(fields["target_name"] as string, s.TargetName, StringComparison.OrdinalIgnoreCase);
        }
    }
}
