#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -CSharpUtil ..module_utils._IscsiTargetSessionStopModule

$spec = @{
    options = @{
        initiator = @{ type = 'list'; elements = 'str' }
        target = @{ type = 'list'; elements = 'str' }
        tsih = @{ type = 'list'; elements = 'int' }
        all = @{ type = 'bool'; default = $false }
        method = @{ type = 'str'; default = 'auto'; choices = @('auto', 'cim') }
        requested_state = @{ type = 'str'; default = 'disabled'; choices = @('disabled', 'shut_down') }
        timeout = @{ type = 'int'; default = 60 }
        revoke_access = @{ type = 'bool'; default = $false }
        disable_target = @{ type = 'bool'; default = $false }
        settle_time = @{ type = 'int'; default = 0 }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
[IscsiTargetSessionStopModule]::Run($module)
