// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The iscsi_target_access_restore module from its options to its result: FromParams builds the request, every option
// is checked before any Windows call, IscsiTargetAccessRestoreEngine puts back what iscsi_target_session_stop recorded, and the
// per-target outcomes become the module result. The .ps1 only builds $spec, calls Create and Run. Internal to the
// collection; it may change without notice.
//TypeAccelerator -Name IscsiTargetAccessRestoreModule -TypeName IscsiTargetAccessRestoreModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccessRestore;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccessRestoreModule
{
    /// <summary>The options of iscsi_target_access_restore: the targets, or all of them.</summary>
    public class TargetAccessRestoreRequest
    {
        public string[] Target { get; set; }
        public bool All { get; set; }

        public void Validate()
        {
            if ((Target == null || Target.Length == 0) && !All)
                throw new ArgumentException(
                    "name the targets to restore with target, or set all=true to restore every target with a record; nothing is restored without either");
            IscsiTargetSessionInfoRequest.ValidateTargets(Target);
        }
    }

    public static class IscsiTargetAccessRestoreModule
    {
        /// <summary>Runs the module on this host's WMI and registry.</summary>
        public static void Run(AnsibleModule module)
        {
            TargetAccessRestoreRequest request = Prepare(module);
            if (request == null || !AdminCheck.RequireAdministrator(true, "iscsi_target_access_restore", module.FailJson))
                return;
            Execute(module, request, new IscsiTargetAccessRestoreEngine(new NativeIscsiTargetAccessRestoreApi(), HostRecords.Open()));
        }

        /// <summary>Runs the module on the given access API and record store (the tests pass fakes).</summary>
        public static void Run(AnsibleModule module, IIscsiTargetAccessRestoreApi access, IHostRecordStore records)
        {
            TargetAccessRestoreRequest request = Prepare(module);
            if (request == null || !AdminCheck.RequireAdministrator(false, "iscsi_target_access_restore", module.FailJson))
                return;
            Execute(module, request, new IscsiTargetAccessRestoreEngine(access, records));
        }

        public static TargetAccessRestoreRequest FromParams(IDictionary parameters)
        {
            TargetAccessRestoreRequest r = new TargetAccessRestoreRequest();
            r.Target = ModuleParams.StrList(parameters, "target");
            r.All = ModuleParams.Bool(parameters, "all", false);
            return r;
        }

        private static TargetAccessRestoreRequest Prepare(AnsibleModule module)
        {
            module.Result["targets"] = new List<object>();
            module.Result["changed"] = false;
            return ModuleRunner.Build(module, FromParams, delegate(TargetAccessRestoreRequest r) { r.Validate(); });
        }

        private static void Execute(AnsibleModule module, TargetAccessRestoreRequest request, IscsiTargetAccessRestoreEngine restorer)
        {
            List<TargetRestore> res = null;
            if (!ModuleRunner.TryRun(module, delegate { res = restorer.Restore(request.Target, request.All, module.CheckMode); },
                "Failed to restore the iSCSI targets' access", typeof(IscsiTargetException)))
                return;
            ArrayList list = new ArrayList();
            Hashtable before = new Hashtable();
            Hashtable after = new Hashtable();
            List<string> done = new List<string>();
            List<string> failed = new List<string>();
            List<string> none = new List<string>();
            foreach (TargetRestore r in res)
            {
                list.Add(r.ToDictionary());
                if (r.Action == "failed")
                    failed.Add(r.TargetName + ": " + r.Reason);
                else if (r.Action == "no_record")
                    none.Add(r.TargetName);
                else
                {
                    done.Add(r.TargetName);
                    before[r.TargetName] = TargetAccess.State(r.Before);
                    after[r.TargetName] = TargetAccess.State(r.After ?? r.Before);
                }
            }
            ModuleRunner.SetResult(module, "targets", list);
            module.Result["changed"] = done.Count > 0;
            if (module.DiffMode)
            {
                module.Diff["before"] = ModuleRunner.ToResultValue(before);
                module.Diff["after"] = ModuleRunner.ToResultValue(after);
            }
            string msg = String.Format("{0} {1} target(s) ({2}); {3} without a record", module.CheckMode ? "would restore" : "restored",
                done.Count, String.Join(", ", done.ToArray()), none.Count);
            if (failed.Count > 0)
                msg += "; failed: " + String.Join("; ", failed.ToArray());
            ModuleRunner.End(module, failed.Count > 0, msg);
        }
    }
}
