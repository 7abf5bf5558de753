// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The runner of rds_logon_mode_info: reads Win32_TerminalServiceSetting and reports the logon mode.
// Internal to the collection; it may change without notice.
using System;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode;


namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonModeInfoModule
{
    public static class RdsLogonModeInfoModule
    {
        public static void Run(AnsibleModule module)
        {
            Run(module, new NativeTerminalServiceSettingApi());
        }

        public static void Run(AnsibleModule module, ITerminalServiceSettingApi api)
        {
            LogonModeSetting s;
            try
            {
                s = new LogonModeEngine(api).Read();
            }
            catch (LogonModeException e)
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
            string mode = LogonModes.FromSetting(s);
            module.Result["changed"] = false;
            module.Result["mode"] = mode;
            module.Result["description"] = LogonModes.Describe(mode);
            module.Result["logons"] = s.Logons;
            module.Result["session_broker_drain_mode"] = s.DrainMode;
            module.Result["server_name"] = s.ServerName;
            module.ExitJson();
        }
    }
}
