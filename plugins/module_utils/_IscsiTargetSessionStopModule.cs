// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The iscsi_target_session_stop module from its options to its result: FromParams builds the request, every option
// is checked before any Windows call, IscsiTargetEngine stops, and the report becomes the module result. The .ps1
// only builds $spec, calls Create and Run. Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionRunner;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule
{
    public static class IscsiTargetSessionStopModule
    {
        /// <summary>The choices of requested_state, as $spec spells them.</summary>
        public static readonly string[] RequestedStates = new string[] { "disabled", "shut_down" };

        /// <summary>Runs the module on this host's WMI, pass-through device and registry.</summary>
        public static void Run(AnsibleModule module)
        {
            Run(module, true, TargetSessionKeeper.CreateNative);
        }

        /// <summary>
        /// Runs the module on the given target API, access API (revoke_access, disable_target), clock, OS version and
        /// undo record store (the tests pass fakes).
        /// </summary>
        public static void Run(AnsibleModule module, IIscsiTargetApi api, IIscsiTargetAccessApi access, IClock clock, OsInfo os,
            IHostRecordStore records)
        {
            Run(module, false, delegate { return new TargetSessionKeeper(new IscsiTargetEngine(api, clock, os), api, access, clock, records); });
        }

        /// <summary>Options first, then the administrator check, then the keeper (creating it may call Windows).</summary>
        private static void Run(AnsibleModule module, bool native, Func<TargetSessionKeeper> create)
        {
            TargetSessionStopRequest request = Prepare(module);
            KeepEndedOptions keep = request == null ? null : PrepareKeepEnded(module);
            TargetSessionKeeper keeper = null;
            if (keep == null || !AdminCheck.RequireAdministrator(native, "iscsi_target_session_stop", module.FailJson)
                || !ModuleRunner.TryRun(module, delegate { keeper = create(); }, Failure, typeof(IscsiTargetException)))
                return;
            KeepEndedResult result = null;
            if (!ModuleRunner.TryRun(module, delegate { result = keeper.Stop(request, keep, module.CheckMode); }, Failure,
                typeof(IscsiTargetException)))
                return;
            Report(module, keep, result);
        }

        private const string Failure = "Failed to stop the iSCSI target sessions";

        /// <summary>The options that keep a stopped session ended (revoke_access, disable_target, settle_time).</summary>
        public static KeepEndedOptions KeepEndedFromParams(IDictionary parameters)
        {
            KeepEndedOptions o = new KeepEndedOptions();
            o.RevokeAccess = ModuleParams.Bool(parameters, "revoke_access", false);
            o.DisableTarget = ModuleParams.Bool(parameters, "disable_target", false);
            o.SettleTime = ModuleParams.Int(parameters, "settle_time", 0);
            return o;
        }

        private static KeepEndedOptions PrepareKeepEnded(AnsibleModule module)
        {
            return ModuleRunner.Build(module, KeepEndedFromParams, delegate(KeepEndedOptions o) { o.Validate(); });
        }

        /// <summary>
        /// The request from the module options (see ModuleParams for null, "" and choices). An option with a default
        /// in $spec keeps the request's own default (the same value) when it is not set.
        /// </summary>
        public static TargetSessionStopRequest FromParams(IDictionary parameters)
        {
            TargetSessionStopRequest r = new TargetSessionStopRequest();
            r.Initiator = ModuleParams.StrList(parameters, "initiator");
            r.Target = ModuleParams.StrList(parameters, "target");
            r.Tsih = ModuleParams.IntList(parameters, "tsih");
            r.All = ModuleParams.Bool(parameters, "all", false);
            if (ModuleParams.IsSet(parameters, "method"))
                r.Method = ModuleParams.Choice(parameters, "method", TargetSessionStopRequest.Methods);
            if (ModuleParams.IsSet(parameters, "requested_state"))
                r.RequestedState = ModuleParams.Choice(parameters, "requested_state", RequestedStates);
            r.Timeout = ModuleParams.Int(parameters, "timeout", r.Timeout);
            r.Device = ModuleParams.Str(parameters, "device");
            r.SessionCookie = ModuleParams.Str(parameters, "session_cookie");
            r.Signature = ModuleParams.Str(parameters, "signature");
            r.AllowUnsupportedOs = ModuleParams.Bool(parameters, "allow_unsupported_os", r.AllowUnsupportedOs);
            return r;
        }

        private static TargetSessionStopRequest Prepare(AnsibleModule module)
        {
            module.Result["sessions"] = new List<object>();
            module.Result["counts"] = Counts(null);
            return ModuleRunner.Build(module, FromParams, delegate(TargetSessionStopRequest r) { r.Validate(); });
        }

        /// <summary>counts: every action to its number of sessions, every key present.</summary>
        private static Dictionary<string, object> Counts(SessionReport report)
        {
            Dictionary<string, object> c = new Dictionary<string, object>();
            foreach (string a in new string[] { "stopped", "would_stop", "already_gone", "skipped", "failed" })
                c[a] = 0;
            foreach (SessionOutcome o in report == null ? new List<SessionOutcome>() : report.Sessions)
            {
                string a = report.Verbs.For(o.Kind);
                c[a] = (c.ContainsKey(a) ? (int)c[a] : 0) + 1;
            }
            return c;
        }

        private static void Report(AnsibleModule module, KeepEndedOptions keep, KeepEndedResult result)
        {
            StopResult stop = result.Stop;
            module.Result["method"] = stop.Method;
            ModuleRunner.SetResult(module, "targets", result.TargetList());
            Dictionary<string, object> before = ActionRunner.SessionsDiff(stop.Before);
            Dictionary<string, object> after = ActionRunner.SessionsDiff(stop.After);
            if (keep.ChangesTargets)
            {
                before["targets"] = ModuleRunner.ToResultValue(result.TargetsDiff(false));
                after["targets"] = ModuleRunner.ToResultValue(result.TargetsDiff(true));
            }
            ActionRunner.SetDiff(module, before, after);
            ModuleRunner.SetResult(module, "sessions", stop.Report.ToList());
            module.Result["counts"] = Counts(stop.Report);
            module.Result["changed"] = result.Changed;
            ModuleRunner.AddWarnings(module, stop.Report.Warnings);
            ModuleRunner.End(module, result.Failed, result.Message);
        }
    }
}
