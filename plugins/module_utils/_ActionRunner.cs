// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The runner steps of the modules that end sessions (rds_logoff, iscsi_initiator_logout, iscsi_target_session_stop):
// an action report and its diff into the module result. Runner layer: with _ModuleRunner.cs and the _<Module>Module.cs
// files, the only code that uses Ansible.Basic. Internal to the collection; it may change without notice.
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ActionRunner
{
    /// <summary>The runner steps of an action module: its report and diff into the module result.</summary>
    public static class ActionRunner
    {
        /// <summary>module.Diff before/after, only in diff mode.</summary>
        public static void SetDiff(AnsibleModule module, object before, object after)
        {
            if (!module.DiffMode)
                return;
            module.Diff["before"] = ModuleRunner.ToResultValue(before);
            module.Diff["after"] = ModuleRunner.ToResultValue(after);
        }

        /// <summary>A diff side that lists sessions: {sessions: [...]}.</summary>
        public static Dictionary<string, object> SessionsDiff(IEnumerable sessions)
        {
            Dictionary<string, object> res = new Dictionary<string, object>();
            res["sessions"] = sessions == null ? new List<object>() : ModuleRunner.ToResultList(sessions);
            return res;
        }

        /// <summary>
        /// The report of an action module into module.Result: sessions, changed, warnings; then FailJson with the
        /// summary when a session failed, else msg = the summary and ExitJson.
        /// </summary>
        public static void Finish(AnsibleModule module, SessionReport report, string noun)
        {
            ModuleRunner.SetResult(module, "sessions", report.ToList());
            module.Result["changed"] = report.Changed;
            ModuleRunner.AddWarnings(module, report.Warnings);
            ModuleRunner.End(module, report.Failed, report.Summary(noun));
        }
    }
}
