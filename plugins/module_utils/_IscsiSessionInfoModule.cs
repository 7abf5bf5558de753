// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The iscsi_session_info module from its options to its result: FromParams builds the request, every option is
// checked before any Windows call, IscsiSessionInfoEngine lists, and the sessions become the module result. The
// .ps1 only builds $spec, calls Create and Run. Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule
{
    public static class IscsiSessionInfoModule
    {
        /// <summary>Runs the module on this host's iscsidsc API.</summary>
        public static void Run(AnsibleModule module)
        {
            IscsiSessionInfoRequest request = Prepare(module);
            if (request == null)
                return;
            if (!AdminCheck.RequireAdministrator(true, "iscsi_session_info", module.FailJson))
                return;
            Execute(module, request, new NativeIscsiInitiatorSessions());
        }

        /// <summary>Runs the module on the given initiator API (the tests pass a fake).</summary>
        public static void Run(AnsibleModule module, IIscsiInitiatorSessionSource api)
        {
            IscsiSessionInfoRequest request = Prepare(module);
            if (request == null)
                return;
            if (!AdminCheck.RequireAdministrator(false, "iscsi_session_info", module.FailJson))
                return;
            Execute(module, request, api);
        }

        /// <summary>The request from the module options (see ModuleParams for null and "").</summary>
        public static IscsiSessionInfoRequest FromParams(IDictionary parameters)
        {
            IscsiSessionInfoRequest r = new IscsiSessionInfoRequest();
            r.Target = ModuleParams.StrList(parameters, "target");
            r.SessionId = ModuleParams.StrList(parameters, "session_id");
            r.Portal = ModuleParams.Str(parameters, "portal");
            return r;
        }

        private static IscsiSessionInfoRequest Prepare(AnsibleModule module)
        {
            module.Result["sessions"] = new List<object>();
            module.Result["changed"] = false;
            return SessionRunner.Build(module, FromParams, delegate(IscsiSessionInfoRequest r) { r.Validate(); });
        }

        private static void Execute(AnsibleModule module, IscsiSessionInfoRequest request, IIscsiInitiatorSessionSource api)
        {
            IscsiSessionInfoEngine engine = new IscsiSessionInfoEngine(api);
            IscsiSessionInfoResult result = null;
            if (!SessionRunner.TryRun(module, delegate { result = engine.Run(request); },
                "Failed to list the iSCSI initiator sessions"))
                return;
            SessionRunner.SetResult(module, "sessions", result.ToList());
            SessionRunner.AddWarnings(module, result.Warnings);
            module.ExitJson();
        }
    }
}
