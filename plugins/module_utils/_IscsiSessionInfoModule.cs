// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The iscsi_session_info module from its options to its result: FromParams builds the request, every option is
// checked before any Windows call, IscsiSessionInfoEngine lists, and the sessions become the module result. The
// .ps1 only builds $spec, calls Create and Run. Internal to the collection; it may change without notice.
//TypeAccelerator -Name IscsiSessionInfoModule -TypeName IscsiSessionInfoModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule
{
    public class IscsiSessionInfoRequest : IscsiSelector
    {
    }

    public class IscsiSessionInfoResult
    {
        public List<IscsiSession> Sessions = new List<IscsiSession>();
        public List<string> Warnings = new List<string>();
        internal ArrayList List = new ArrayList();

        public ArrayList ToList()
        {
            return List;
        }
    }

    /// <summary>Lists sessions (iscsi_session_info).</summary>
    public class IscsiSessionInfoEngine
    {
        private readonly IIscsiInitiatorSessionSource api;

        public IscsiSessionInfoEngine(IIscsiInitiatorSessionSource api)
        {
            this.api = api;
        }

        public IscsiSessionInfoResult Run(IscsiSessionInfoRequest request)
        {
            request.Validate();
            IscsiSessionInfoResult result = new IscsiSessionInfoResult();
            PortalMatcher portals = new PortalMatcher(api);
            result.Sessions.AddRange(request.Select(api.GetSessions(), portals, result.Warnings));
            result.Warnings.AddRange(portals.Warnings);
            List<IscsiPersistentLogin> logins = null;
            try
            {
                if (result.Sessions.Count > 0)
                    logins = api.GetPersistentLogins();
            }
            catch (ApiException e)
            {
                result.Warnings.Add("could not list persistent logins, persistent is reported as false: " +
                    e.Error.ToString());
            }
            foreach (IscsiSession s in result.Sessions)
            {
                ArrayList devices = new ArrayList();
                try
                {
                    foreach (IscsiDevice d in api.GetDevices(s.Id))
                        devices.Add(d.ToDictionary());
                }
                catch (ApiException e)
                {
                    // A session that vanished since the listing has no devices to report.
                    if (e.Error.Code != IscsiConstants.IsdscInvalidSessionId)
                        result.Warnings.Add(String.Format("could not list the devices of {0}: {1}", s.Label,
                            e.Error.ToString()));
                }
                Hashtable h = new Hashtable();
                h["session_id"] = s.Id.ToString();
                h["initiator_name"] = s.InitiatorName;
                h["target_name"] = s.Target;
                h["connections"] = s.ConnectionList();
                h["devices"] = devices;
                h["persistent"] = logins != null && logins.Exists(delegate(IscsiPersistentLogin l)
                {
                    return s.MatchesTarget(l.TargetName);
                });
                result.List.Add(h);
            }
            return result;
        }
    }

    public static class IscsiSessionInfoModule
    {
        /// <summary>Runs the module on this host's iscsidsc API.</summary>
        public static void Run(AnsibleModule module)
        {
            Run(module, null);
        }

        /// <summary>Runs the module on the given initiator API (the tests pass a fake; null: this host's).</summary>
        public static void Run(AnsibleModule module, IIscsiInitiatorSessionSource api)
        {
            module.Result["sessions"] = new List<object>();
            module.Result["changed"] = false;
            IscsiSessionInfoRequest request = ModuleRunner.Build(module, FromParams,
                delegate(IscsiSessionInfoRequest r) { r.Validate(); });
            if (request == null || !AdminCheck.RequireAdministrator(api == null, "iscsi_session_info", module.FailJson))
                return;
            IscsiSessionInfoResult result = null;
            if (!ModuleRunner.TryRun(module, delegate { result = new IscsiSessionInfoEngine(api ?? new
                NativeIscsiInitiatorSessions()).Run(request); }, "Failed to list the iSCSI initiator sessions"))
                return;
            ModuleRunner.SetResult(module, "sessions", result.ToList());
            ModuleRunner.AddWarnings(module, result.Warnings);
            module.ExitJson();
        }

        /// <summary>The request from the module options (see ModuleParams for null and "").</summary>
        public static IscsiSessionInfoRequest FromParams(IDictionary parameters)
        {
            IscsiSessionInfoRequest r = new IscsiSessionInfoRequest();
            r.Target = ModuleParams.StrList(parameters, "target");
            r.SessionId = ModuleParams.StrList(parameters, "session_id");
            r.Portal = ModuleParams.Str(parameters, "portal");
            r.All = ModuleParams.Bool(parameters, "all", false);
            return r;
        }
    }
}
