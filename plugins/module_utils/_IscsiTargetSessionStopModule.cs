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
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionRunner;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopModule
{
    public static class IscsiTargetSessionStopModule
    {
        /// <summary>The choices of requested_state, as $spec spells them.</summary>
        public static readonly string[] RequestedStates = new string[] { "disabled", "shut_down" };

        /// <summary>Runs the module on this host's WMI and pass-through device.</summary>
        public static void Run(AnsibleModule module)
        {
            TargetSessionStopRequest request = Prepare(module);
            if (request == null)
                return;
            IscsiTargetEngine engine = null;
            if (!SessionRunner.TryRun(module, delegate { engine = IscsiTargetEngine.CreateNative(); },
                "Failed to stop the iSCSI target sessions", typeof(IscsiTargetException)))
                return;
            Execute(module, request, engine);
        }

        /// <summary>Runs the module on the given target API, clock and OS version (the tests pass fakes).</summary>
        public static void Run(AnsibleModule module, IIscsiTargetApi api, IClock clock, OsInfo os)
        {
            TargetSessionStopRequest request = Prepare(module);
            if (request == null)
                return;
            Execute(module, request, new IscsiTargetEngine(api, clock, os));
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
            return SessionRunner.Build(module, FromParams, delegate(TargetSessionStopRequest r) { r.Validate(); });
        }

        private static void Execute(AnsibleModule module, TargetSessionStopRequest request, IscsiTargetEngine engine)
        {
            StopResult result = null;
            if (!SessionRunner.TryRun(module, delegate { result = engine.Stop(request, module.CheckMode); },
                "Failed to stop the iSCSI target sessions", typeof(IscsiTargetException)))
                return;
            module.Result["method"] = result.Method;
            SessionRunner.SetDiff(module, SessionRunner.SessionsDiff(result.Before), SessionRunner.SessionsDiff(result.After));
            SessionRunner.Finish(module, result.Report, "session");
        }
    }
}
