// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The iscsi_target_session_stop module from its options to its result: FromParams builds the request, every option
// is checked before any Windows call, IscsiTargetSessionStopEngine stops, and the report becomes the module result. The .ps1
// only builds $spec, calls Create and Run. Internal to the collection; it may change without notice.
//TypeAccelerator -Name IscsiTargetSessionStopModule -TypeName IscsiTargetSessionStopModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule
{
    public static class IscsiTargetSessionStopModule
    {
        /// <summary>The choices of requested_state, as $spec spells them.</summary>
        public static readonly string[] RequestedStates = new string[] { "disabled", "shut_down" };

        /// <summary>Runs the module on this host's WMI and registry.</summary>
        public static void Run(AnsibleModule module)
        {
            Run(module, true, IscsiTargetKeepEndedEngine.CreateNative);
        }

        /// <summary>
        /// Runs the module on the given target API, access API (revoke_access, disable_target), clock, OS version and
        /// undo record store (the tests pass fakes).
        /// </summary>
        public static void Run(AnsibleModule module, IIscsiTargetCimApi api, IIscsiTargetAccessApi access, IClock clock, OsInfo os,
            IHostRecordStore records)
        {
            Run(module, false, delegate { return new IscsiTargetKeepEndedEngine(new IscsiTargetSessionStopEngine(api, clock, os), api, access, clock, records); });
        }

        /// <summary>Options first, then the administrator check, then the keeper (creating it may call Windows).</summary>
        private static void Run(AnsibleModule module, bool native, Func<IscsiTargetKeepEndedEngine> create)
        {
            IscsiTargetSessionStopRequest request = Prepare(module);
            IscsiTargetKeepEndedRequest keep = request == null ? null : PrepareKeepEnded(module);
            IscsiTargetKeepEndedEngine keeper = null;
            if (keep == null || !AdminCheck.RequireAdministrator(native, "iscsi_target_session_stop", module.FailJson)
                || !ModuleRunner.TryRun(module, delegate { keeper = create(); }, Failure, typeof(IscsiTargetException)))
                return;
            IscsiTargetKeepEndedResult result = null;
            if (!ModuleRunner.TryRun(module, delegate { result = keeper.Stop(request, keep, module.CheckMode); }, Failure,
                typeof(IscsiTargetException)))
                return;
            Report(module, keep, result);
        }

        private const string Failure = "Failed to stop the iSCSI target sessions";

        /// <summary>The options that keep a stopped session ended (revoke_access, disable_target, settle_time).</summary>
        public static IscsiTargetKeepEndedRequest KeepEndedFromParams(IDictionary parameters)
        {
            IscsiTargetKeepEndedRequest o = new IscsiTargetKeepEndedRequest();
            o.RevokeAccess = ModuleParams.Bool(parameters, "revoke_access", false);
            o.DisableTarget = ModuleParams.Bool(parameters, "disable_target", false);
            o.SettleTime = ModuleParams.Int(parameters, "settle_time", 0);
            return o;
        }

        private static IscsiTargetKeepEndedRequest PrepareKeepEnded(AnsibleModule module)
        {
            return ModuleRunner.Build(module, KeepEndedFromParams, delegate(IscsiTargetKeepEndedRequest o) { o.Validate(); });
        }

        /// <summary>
        /// The request from the module options (see ModuleParams for null, "" and choices). An option with a default
        /// in $spec keeps the request's own default (the same value) when it is not set.
        /// </summary>
        public static IscsiTargetSessionStopRequest FromParams(IDictionary parameters)
        {
            IscsiTargetSessionStopRequest r = new IscsiTargetSessionStopRequest();
            r.ReadShared(parameters);
            if (ModuleParams.IsSet(parameters, "method"))
                r.Method = ModuleParams.Choice(parameters, "method", IscsiTargetSessionStopRequest.Methods);
            if (ModuleParams.IsSet(parameters, "requested_state"))
                r.RequestedState = ModuleParams.Choice(parameters, "requested_state", RequestedStates);
            return r;
        }

        private static IscsiTargetSessionStopRequest Prepare(AnsibleModule module)
        {
            module.Result["sessions"] = new List<object>();
            module.Result["counts"] = IscsiTargetSessionStopResult.Counts(null);
            return ModuleRunner.Build(module, FromParams, delegate(IscsiTargetSessionStopRequest r) { r.Validate(); });
        }

        private static void Report(AnsibleModule module, IscsiTargetKeepEndedRequest keep, IscsiTargetKeepEndedResult result)
        {
            IscsiTargetSessionStopResult stop = result.Stop;
            module.Result["method"] = stop.Method;
            ModuleRunner.SetResult(module, "targets", result.TargetList());
            Dictionary<string, object> before = ModuleRunner.SessionsDiff(stop.Before);
            Dictionary<string, object> after = ModuleRunner.SessionsDiff(stop.After);
            if (keep.ChangesTargets)
            {
                before["targets"] = ModuleRunner.ToResultValue(result.TargetsDiff(false));
                after["targets"] = ModuleRunner.ToResultValue(result.TargetsDiff(true));
            }
            ModuleRunner.SetDiff(module, before, after);
            ModuleRunner.SetResult(module, "sessions", stop.Report.ToList());
            module.Result["counts"] = IscsiTargetSessionStopResult.Counts(stop.Report);
            module.Result["changed"] = result.Changed;
            ModuleRunner.AddWarnings(module, stop.Report.Warnings);
            ModuleRunner.End(module, result.Failed, result.Message);
        }
    }
}
