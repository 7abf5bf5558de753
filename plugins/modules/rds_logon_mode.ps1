#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -CSharpUtil ..module_utils._RdsLogonModeModule

$spec = @{
    options = @{
        mode = @{ type = 'str'; required = $true; choices = @('enabled', 'drain', 'drain_until_restart', 'disabled', 'restore') }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
[RdsLogonModeModule]::Run($module)
