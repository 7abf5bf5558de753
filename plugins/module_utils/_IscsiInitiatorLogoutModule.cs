// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The iscsi_initiator_logout module from its options to its result: FromParams builds the request, every option
// is checked before any Windows call, IscsiInitiatorLogoutEngine runs with the iscsidsc or the VDS backend, and the result
// becomes the module result. The .ps1 only builds $spec, calls Create and Run. Internal to the collection; it may
// change without notice.
//TypeAccelerator -Name IscsiInitiatorLogoutModule -TypeName IscsiInitiatorLogoutModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorVds;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogoutModule
{
    public static class IscsiInitiatorLogoutModule
    {
        /// <summary>Runs the module on this host's iscsidsc API, and VDS when backend is vds.</summary>
        public static void Run(AnsibleModule module)
        {
            Run(module, null, null, null);
        }

        /// <summary>
        /// Runs the module on the given APIs and clock (the tests pass fakes; null api: this host's, with the
        /// administrator check that reads the token). vds is used only when backend is vds.
        /// </summary>
        public static void Run(AnsibleModule module, IIscsiInitiatorApi api, IVdsApi vds, IClock clock)
        {
            module.Result["sessions"] = new List<object>();
            module.Result["persistent_logins"] = new List<object>();
            module.Result["counts"] = Counts(null);
            IscsiInitiatorLogoutRequest request = ModuleRunner.Build(module, FromParams, delegate(IscsiInitiatorLogoutRequest r) { r.Validate(); });
            if (request == null || !AdminCheck.RequireAdministrator(api == null, "iscsi_initiator_logout", module.FailJson))
                return;
            NativeVdsApi native = api == null && request.EffectiveBackend == "vds" ? new NativeVdsApi() : null;
            try
            {
                Execute(module, request, api ?? new NativeIscsiInitiatorApi(), vds ?? native, clock ?? new SystemClock());
            }
            finally
            {
                if (native != null)
                    native.Dispose();
            }
        }

        /// <summary>
        /// The request from the module options (see ModuleParams for null, "" and choices). An option with a default
        /// in $spec keeps the request's own default (the same value) when it is not set.
        /// </summary>
        public static IscsiInitiatorLogoutRequest FromParams(IDictionary parameters)
        {
            IscsiInitiatorLogoutRequest r = new IscsiInitiatorLogoutRequest();
            r.Target = ModuleParams.StrList(parameters, "target");
            r.SessionId = ModuleParams.StrList(parameters, "session_id");
            r.Portal = ModuleParams.Str(parameters, "portal");
            r.All = ModuleParams.Bool(parameters, "all", false);
            if (ModuleParams.IsSet(parameters, "backend"))
                r.Backend = ModuleParams.Choice(parameters, "backend", IscsiInitiatorLogoutRequest.Backends);
            r.RemovePersistent = ModuleParams.Bool(parameters, "remove_persistent", r.RemovePersistent);
            if (ModuleParams.IsSet(parameters, "busy"))
                r.Busy = ModuleParams.Choice(parameters, "busy", IscsiInitiatorLogoutRequest.BusyChoices);
            r.Retries = ModuleParams.Int(parameters, "retries", r.Retries);
            r.RetryDelay = ModuleParams.Double(parameters, "retry_delay", r.RetryDelay);
            r.Timeout = ModuleParams.Int(parameters, "timeout", r.Timeout);
            return r;
        }

        /// <summary>The number of sessions per action, every action present.</summary>
        public static Hashtable Counts(ArrayList sessions)
        {
            Hashtable c = new Hashtable();
            foreach (string k in new string[] { "logged_out", "would_log_out", "already_gone", "skipped", "failed" })
                c[k] = 0;
            foreach (Hashtable s in sessions ?? new ArrayList())
                c[s["action"]] = (int)c[s["action"]] + 1;
            return c;
        }

        private static void Execute(AnsibleModule module, IscsiInitiatorLogoutRequest request, IIscsiInitiatorApi api,
            IVdsApi vds, IClock clock)
        {
            IscsiInitiatorLogoutResult result = null;
            if (!ModuleRunner.TryRun(module, delegate
                {
                    IscsiInitiatorLogoutBackend backend;
                    if (request.EffectiveBackend == "vds")
                        backend = new VdsLogoutBackend(api, vds);
                    else
                        backend = new IscsidscLogoutBackend(api);
                    result = new IscsiInitiatorLogoutEngine(api, backend, clock).Run(request, module.CheckMode);
                }, "Failed to log out of the iSCSI sessions"))
                return;
            ModuleRunner.SetResult(module, "sessions", result.SessionList());
            module.Result["counts"] = Counts(result.SessionList());
            ModuleRunner.SetResult(module, "persistent_logins", result.PersistentLoginList());
            module.Result["changed"] = result.Changed;
            ModuleRunner.AddWarnings(module, result.AllWarnings());
            ModuleRunner.SetDiff(module, result.Before, result.After);
            ModuleRunner.End(module, result.Failed, result.Summary());
        }
    }
}
