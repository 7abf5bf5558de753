// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The iscsi_target_session_info module from its options to its result: FromParams builds the request, every option
// is checked before any Windows call, IscsiTargetSessionInfoEngine lists, and the sessions become the module result. The .ps1
// only builds $spec, calls Create and Run. Internal to the collection; it may change without notice.
//TypeAccelerator -Name IscsiTargetSessionInfoModule -TypeName IscsiTargetSessionInfoModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionInfo;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionInfoModule
{
    public static class IscsiTargetSessionInfoModule
    {
        /// <summary>Runs the module on this host's WMI.</summary>
        public static void Run(AnsibleModule module)
        {
            IscsiTargetSessionInfoRequest request = Prepare(module);
            if (request == null)
                return;
            if (!AdminCheck.RequireAdministrator(true, "iscsi_target_session_info", module.FailJson))
                return;
            Execute(module, request, new IscsiTargetSessionInfoEngine(new NativeIscsiTargetSessions()));
        }

        /// <summary>Runs the module on the given target API (the tests pass a fake); listing needs no clock.</summary>
        public static void Run(AnsibleModule module, IIscsiTargetSessionSource api)
        {
            IscsiTargetSessionInfoRequest request = Prepare(module);
            if (request == null)
                return;
            if (!AdminCheck.RequireAdministrator(false, "iscsi_target_session_info", module.FailJson))
                return;
            Execute(module, request, new IscsiTargetSessionInfoEngine(api));
        }

        /// <summary>The request from the module options (see ModuleParams for null and "").</summary>
        public static IscsiTargetSessionInfoRequest FromParams(IDictionary parameters)
        {
            IscsiTargetSessionInfoRequest r = new IscsiTargetSessionInfoRequest();
            r.Initiator = ModuleParams.StrList(parameters, "initiator");
            r.Target = ModuleParams.StrList(parameters, "target");
            r.Tsih = ModuleParams.IntList(parameters, "tsih");
            r.All = ModuleParams.Bool(parameters, "all", false);
            return r;
        }

        private static IscsiTargetSessionInfoRequest Prepare(AnsibleModule module)
        {
            module.Result["sessions"] = new List<object>();
            module.Result["changed"] = false;
            return ModuleRunner.Build(module, FromParams, delegate(IscsiTargetSessionInfoRequest r) { r.Validate(); });
        }

        private static void Execute(AnsibleModule module, IscsiTargetSessionInfoRequest request, IscsiTargetSessionInfoEngine engine)
        {
            ArrayList sessions = null;
            if (!ModuleRunner.TryRun(module, delegate { sessions = engine.ListSessions(request); },
                "Failed to list the iSCSI target sessions", typeof(IscsiTargetException)))
                return;
            ModuleRunner.SetResult(module, "sessions", sessions);
            module.ExitJson();
        }
    }
}
