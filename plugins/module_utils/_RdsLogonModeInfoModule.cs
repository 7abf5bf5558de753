// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The runner of rds_logon_mode_info: reads Win32_TerminalServiceSetting and reports the logon mode, and the undo
// record rds_logon_mode keeps on the host (what mode: restore would put back).
// Internal to the collection; it may change without notice.
//TypeAccelerator -Name RdsLogonModeInfoModule -TypeName RdsLogonModeInfoModule
using System;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode;


namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonModeInfoModule
{
    public static class RdsLogonModeInfoModule
    {
        public static void Run(AnsibleModule module)
        {
            Run(module, new NativeTerminalServiceSettingApi(), HostRecords.Open());
        }

        /// <summary>Over a fake of the WMI calls, without a record store (recorded is null): for tests.</summary>
        public static void Run(AnsibleModule module, ITerminalServiceSettingApi api)
        {
            Run(module, api, null);
        }

        public static void Run(AnsibleModule module, ITerminalServiceSettingApi api, IHostRecordStore records)
        {
            RdsLogonModeSetting s;
            try
            {
                s = new RdsLogonModeEngine(api).Read();
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
                module.FailJson("Failed to read the RD Session Host logon mode: " + e.Message, e);
                return;
            }
            string mode = RdsLogonModes.FromSetting(s);
            module.Result["changed"] = false;
            module.Result["mode"] = mode;
            module.Result["description"] = RdsLogonModes.Describe(mode);
            module.Result["logons"] = s.Logons;
            module.Result["session_broker_drain_mode"] = s.DrainMode;
            module.Result["server_name"] = s.ServerName;
            module.Result["recorded"] = Recorded(module, records);
            module.ExitJson();
        }

        /// <summary>The undo record as a dict, or null when there is none; one that cannot be read is a warning.</summary>
        private static object Recorded(AnsibleModule module, IHostRecordStore records)
        {
            if (records == null)
                return null;
            string raw;
            try
            {
                raw = records.Get(RdsLogonModeRecords.Name);
            }
            catch (HostRecordException e)
            {
                module.Warn(e.Message + "; recorded is null");
                return null;
            }
            RdsLogonModeSetting r = RdsLogonModeRecords.Parse(raw);
            if (raw != null && r == null)
                module.Warn(String.Format("the host record '{0}' in {1} holds '{2}', which rds_logon_mode did not write; " +
                    "recorded is null", RdsLogonModeRecords.Name, records.Location, raw));
            return r == null ? null : r.ToDictionary();
        }
    }
}
