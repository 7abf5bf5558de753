// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The runner of rds_logon_mode: module params -> RdsLogonModeRequest -> RdsLogonModeEngine -> module result.
// Internal to the collection; it may change without notice.
//TypeAccelerator -Name RdsLogonModeModule -TypeName RdsLogonModeModule
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode;


namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonModeModule
{
    public static class RdsLogonModeModule
    {
        /// <summary>The module on a Windows host.</summary>
        public static void Run(AnsibleModule module)
        {
            Run(module, new NativeTerminalServiceSettingApi(), HostRecords.Open(), true);
        }

        /// <summary>The module over a fake of the WMI calls, without undo records (mode restore fails): for tests.</summary>
        public static void Run(AnsibleModule module, ITerminalServiceSettingApi api)
        {
            Run(module, api, null, false);
        }

        /// <summary>The module over any implementation of the WMI calls and the record store (tests pass fakes).</summary>
        public static void Run(AnsibleModule module, ITerminalServiceSettingApi api, IHostRecordStore records)
        {
            Run(module, api, records, false);
        }

        private static void Run(AnsibleModule module, ITerminalServiceSettingApi api, IHostRecordStore records, bool native)
        {
            RdsLogonModeRequest request;
            try
            {
                request = FromParams(module.Params);
                request.Validate();
            }
            catch (ArgumentException e)
            {
                module.FailJson(e.Message);
                return;
            }
            // writing Win32_TerminalServiceSetting needs an administrator: say so before the WMI call if the token
            // cannot be one (a filtered token, for example)
            if (!AdminCheck.RequireAdministrator(native, "rds_logon_mode", module.FailJson))
                return;

            RdsLogonModeResult r;
            try
            {
                r = new RdsLogonModeEngine(api, records).Set(request, module.CheckMode);
            }
            catch (RdsLogonModeException e)
            {
                if (e.Error != null)
                    module.Result["error"] = e.Error.ToDictionary();
                module.FailJson(e.Message);
                return;
            }
            catch (Exception e)
            {
                module.FailJson("Failed to set the RD Session Host logon mode: " + e.Message, e);
                return;
            }

            module.Result["changed"] = r.Changed;
            module.Result["previous_mode"] = r.PreviousMode;
            module.Result["mode"] = r.Mode;
            module.Result["previous"] = r.Before.ToDictionary();
            module.Result["setting"] = r.After.ToDictionary();
            module.Result["steps"] = r.StepList();
            module.Result["server_name"] = r.Before.ServerName;
            module.Result["recorded"] = r.Recorded == null ? null : RecordDictionary(r.Recorded);
            module.Result["record"] = r.RecordAction ?? RdsLogonModeRecords.None;
            foreach (string w in r.Warnings)
                module.Warn(w);
            if (module.DiffMode)
                SetDiff(module, r);
            if (r.Failed)
            {
                if (r.Error != null)
                    module.Result["error"] = r.Error.ToDictionary();
                module.FailJson(r.Message);
                return;
            }
            module.Result["msg"] = r.Message;
            module.ExitJson();
        }

        private static Hashtable RecordDictionary(RdsLogonModeSetting recorded)
        {
            return recorded.ToDictionary();
        }

        /// <summary>The setting before and after, each with the undo record as it stands (null when there is none).</summary>
        private static void SetDiff(AnsibleModule module, RdsLogonModeResult r)
        {
            Hashtable before = r.Before.ToDictionary();
            Hashtable after = r.After.ToDictionary();
            string action = r.RecordAction ?? RdsLogonModeRecords.None;
            bool created = action == RdsLogonModeRecords.Created || action == RdsLogonModeRecords.WouldCreate;
            bool cleared = action == RdsLogonModeRecords.Cleared || action == RdsLogonModeRecords.WouldClear;
            object recorded = r.Recorded == null ? null : RecordDictionary(r.Recorded);
            before["record"] = created ? null : recorded;
            after["record"] = cleared ? null : recorded;
            module.Diff["before"] = before;
            module.Diff["after"] = after;
        }

        /// <summary>The request from the validated module params (keys as in the .ps1 $spec; a choice in any case).</summary>
        public static RdsLogonModeRequest FromParams(IDictionary p)
        {
            RdsLogonModeRequest request = new RdsLogonModeRequest();
            object mode = p == null ? null : p["mode"];
            request.Mode = mode == null ? null : mode.ToString();
            // Ansible.Basic accepts a choice in any case and passes it on unchanged: give it its own spelling
            foreach (string name in RdsLogonModes.Options)
            {
                if (String.Equals(name, request.Mode, StringComparison.OrdinalIgnoreCase))
                    request.Mode = name;
            }
            return request;
        }
    }
}
