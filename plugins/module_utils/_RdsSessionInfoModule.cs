// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The rds_session_info module from its options to its result: FromParams builds the request, every option is
// checked before any Windows call, RdsSessionInfoEngine lists, and the sessions become the module result. The .ps1 only
// builds $spec, calls Create and Run. Internal to the collection; it may change without notice.
//TypeAccelerator -Name RdsSessionInfoModule -TypeName RdsSessionInfoModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfo;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfoModule
{
    public static class RdsSessionInfoModule
    {
        /// <summary>Runs the module on this host's WTS API.</summary>
        public static void Run(AnsibleModule module)
        {
            RdsSessionInfoRequest request = Prepare(module);
            if (request == null)
                return;
            Execute(module, request, new NativeWtsApi());
        }

        /// <summary>Runs the module on the given WTS API (the tests pass a fake).</summary>
        public static void Run(AnsibleModule module, IWtsApi api)
        {
            RdsSessionInfoRequest request = Prepare(module);
            if (request == null)
                return;
            Execute(module, request, api);
        }

        /// <summary>The request from the module options (see ModuleParams for null, "" and choices).</summary>
        public static RdsSessionInfoRequest FromParams(IDictionary parameters)
        {
            RdsSessionInfoRequest r = new RdsSessionInfoRequest();
            RdsSelector.FromParams(r, parameters);
            return r;
        }

        private static RdsSessionInfoRequest Prepare(AnsibleModule module)
        {
            module.Result["sessions"] = new List<object>();
            module.Result["changed"] = false;
            return ModuleRunner.Build(module, FromParams, delegate(RdsSessionInfoRequest r) { r.Validate(); });
        }

        private static void Execute(AnsibleModule module, RdsSessionInfoRequest request, IWtsApi api)
        {
            RdsSessionInfoEngine lister = new RdsSessionInfoEngine(api);
            ArrayList sessions = null;
            if (!ModuleRunner.TryRun(module, delegate { sessions = lister.List(request); },
                "Failed to list the Remote Desktop sessions", typeof(WtsServerException)))
                return;
            ModuleRunner.SetResult(module, "sessions", sessions);
            ModuleRunner.AddWarnings(module, lister.Warnings);
            module.ExitJson();
        }
    }
}
