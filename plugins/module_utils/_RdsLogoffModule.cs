// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The rds_logoff module from its options to its result: FromParams builds the request, every option is checked
// before any Windows call, RdsLogoffEngine runs, and the report becomes the module result. The .ps1 only builds
// $spec, calls Create and Run. Internal to the collection; it may change without notice.
//TypeAccelerator -Name RdsLogoffModule -TypeName RdsLogoffModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoff;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoffModule
{
    public static class RdsLogoffModule
    {
        /// <summary>Runs the module on this host's WTS API.</summary>
        public static void Run(AnsibleModule module)
        {
            Run(module, new NativeWtsApi(), new SystemClock());
        }

        /// <summary>Runs the module on the given WTS API and clock (the tests pass fakes).</summary>
        public static void Run(AnsibleModule module, IWtsApi api, IClock clock)
        {
            module.Result["sessions"] = new List<object>();
            RdsLogoffResult report = new RdsLogoffResult();
            SetCounts(module, report);
            RdsLogoffRequest request = ModuleRunner.Build(module, FromParams, delegate(RdsLogoffRequest r) { r.Validate(); });
            RdsLogoffEngine engine = new RdsLogoffEngine(api, clock);
            if (request == null || !ModuleRunner.TryRun(module, delegate { report = engine.Run(request, module.CheckMode); },
                "Failed to log off the Remote Desktop sessions", typeof(WtsServerException)))
                return;
            ModuleRunner.SetDiff(module, ModuleRunner.SessionsDiff(report.Before), ModuleRunner.SessionsDiff(report.After));
            SetCounts(module, report);
            ModuleRunner.SetResult(module, "sessions", report.ToList());
            module.Result["changed"] = report.Changed;
            ModuleRunner.AddWarnings(module, report.Warnings);
            ModuleRunner.End(module, report.Failed, report.Summary("session"));
        }

        /// <summary>The request from the module options (see ModuleParams for null, "" and choices).</summary>
        public static RdsLogoffRequest FromParams(IDictionary parameters)
        {
            RdsLogoffRequest r = new RdsLogoffRequest();
            RdsSelector.FromParams(r, parameters);
            r.Wait = ModuleParams.Bool(parameters, "wait", r.Wait);
            r.Timeout = ModuleParams.Int(parameters, "timeout", r.Timeout);
            return r;
        }

        /// <summary>counts: every action this module reports, 0 when none; always returned.</summary>
        private static void SetCounts(AnsibleModule module, SessionReport report)
        {
            Hashtable counts = new Hashtable();
            foreach (OutcomeKind k in Enum.GetValues(typeof(OutcomeKind)))
                counts[report.Verbs.For(k)] = report.Count(k);
            ModuleRunner.SetResult(module, "counts", counts);
        }
    }
}
