// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The rds_message runner: options -> RdsMessageRequest (checked before any Windows call) -> RdsMessageEngine -> RdsMessageResult -> result.
// Internal to the collection; it may change without notice.
//TypeAccelerator -Name RdsMessageModule -TypeName RdsMessageModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessage;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessageModule
{
    public static class RdsMessageModule
    {
        /// <summary>Runs the module on this host's WTS API.</summary>
        public static void Run(AnsibleModule module)
        {
            Run(module, new NativeWtsApi(), new NativeWtsMessageApi());
        }

        /// <summary>Runs the module on the given WTS API and WTSSendMessageW (the tests pass fakes).</summary>
        public static void Run(AnsibleModule module, IWtsApi api, IWtsMessageApi messages)
        {
            RdsMessageEngine engine = new RdsMessageEngine(api, messages);
            RdsMessageResult result = new RdsMessageResult();
            module.Result["sessions"] = new List<object>();
            module.Result["counts"] = result.Counts();
            RdsMessageRequest request;
            try
            {
                request = FromParams(module.Params);
                request.Validate();
                result = engine.Run(request, module.CheckMode);
            }
            catch (Exception e)
            {
                // bad options and a server that cannot be opened or listed say all themselves
                module.FailJson(e is ArgumentException || e is WtsServerException ? e.Message :
                    "rds_message failed: " + e.Message, e);
                return;
            }
            List<object> sessions = new List<object>();
            foreach (RdsMessageOutcome o in result.Sessions)
                sessions.Add(o.ToDictionary());
            module.Result["sessions"] = sessions;
            module.Result["counts"] = result.Counts();
            // no diff: a message changes no state on the host to compare
            module.Result["changed"] = result.Count(RdsMessageOutcome.Sent) + result.Count(RdsMessageOutcome.WouldSend) > 0;
            foreach (string w in result.Warnings)
                module.Warn(w);
            if (result.Count(RdsMessageOutcome.Failed) > 0)
                module.FailJson(result.Summary());
            module.Result["msg"] = result.Summary();
            module.ExitJson();
        }

        /// <summary>The request from the module options (see ModuleParams for null, "" and choices).</summary>
        public static RdsMessageRequest FromParams(IDictionary parameters)
        {
            RdsMessageRequest r = new RdsMessageRequest();
            RdsSelector.FromParams(r, parameters);
            r.Message = ModuleParams.Str(parameters, "message");
            r.MessageTitle = ModuleParams.Str(parameters, "message_title");
            r.WaitForResponse = ModuleParams.Bool(parameters, "wait_for_response", false);
            r.Timeout = ModuleParams.Int(parameters, "timeout", 60);
            return r;
        }
    }
}
