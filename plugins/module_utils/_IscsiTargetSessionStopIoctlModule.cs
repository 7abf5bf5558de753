// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The iscsi_target_session_stop_ioctl module from its options to its result: FromParams builds the request, every
// option is checked before any Windows call, IscsiTargetSessionStopIoctlEngine stops, and the report becomes the
// module result. The .ps1 only builds $spec, calls Create and Run. Internal to the collection; it may change without
// notice.
//TypeAccelerator -Name IscsiTargetSessionStopIoctlModule -TypeName IscsiTargetSessionStopIoctlModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctlModule
{
    public static class IscsiTargetSessionStopIoctlModule
    {
        /// <summary>Runs the module on this host's WMI and pass-through device.</summary>
        public static void Run(AnsibleModule module)
        {
            Run(module, IscsiTargetSessionStopIoctlEngine.CreateNative);
        }

        /// <summary>Runs the module on the given API, clock and OS version (the tests pass fakes).</summary>
        public static void Run(AnsibleModule module, IIscsiTargetIoctlApi api, IClock clock, OsInfo os)
        {
            Run(module, delegate { return new IscsiTargetSessionStopIoctlEngine(api, clock, os); });
        }

        /// <summary>
        /// Options first, then the engine (creating it reads the OS version). No administrator check up front: the payload
        /// stays small, and the WT_Host listing, the first Windows call, fails with its access-denied error decoded.
        /// </summary>
        private static void Run(AnsibleModule module, Func<IscsiTargetSessionStopIoctlEngine> create)
        {
            module.Result["sessions"] = new List<object>();
            module.Result["counts"] = IscsiTargetSessionStopResult.Counts(null);
            IscsiTargetSessionStopIoctlRequest request = ModuleRunner.Build(module, FromParams,
                delegate(IscsiTargetSessionStopIoctlRequest r) { r.Validate(); });
            IscsiTargetSessionStopResult result = null;
            if (request == null || !ModuleRunner.TryRun(module, delegate { result = create().Stop(request, module.CheckMode); },
                "Failed to stop the iSCSI target session", typeof(IscsiTargetException)))
                return;
            module.Result["method"] = result.Method;
            ModuleRunner.SetDiff(module, ModuleRunner.SessionsDiff(result.Before), ModuleRunner.SessionsDiff(result.After));
            ModuleRunner.SetResult(module, "sessions", result.Report.ToList());
            module.Result["counts"] = IscsiTargetSessionStopResult.Counts(result.Report);
            module.Result["changed"] = result.Changed;
            ModuleRunner.AddWarnings(module, result.Report.Warnings);
            ModuleRunner.End(module, result.Report.Failed, result.Report.Summary("session"));
        }

        /// <summary>The request from the module options (see ModuleParams for null and "").</summary>
        public static IscsiTargetSessionStopIoctlRequest FromParams(IDictionary parameters)
        {
            IscsiTargetSessionStopIoctlRequest r = new IscsiTargetSessionStopIoctlRequest();
            r.ReadShared(parameters);
            r.Device = ModuleParams.Str(parameters, "device");
            r.SessionCookie = ModuleParams.Str(parameters, "session_cookie");
            r.Signature = ModuleParams.Str(parameters, "signature");
            r.AllowUnsupportedOs = ModuleParams.Bool(parameters, "allow_unsupported_os", false);
            return r;
        }
    }
}
