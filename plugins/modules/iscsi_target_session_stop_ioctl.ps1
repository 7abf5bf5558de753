#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -CSharpUtil ..module_utils._IscsiTargetSessionStopIoctlModule

$spec = @{
    options = @{
        initiator = @{ type = 'list'; elements = 'str' }
        target = @{ type = 'list'; elements = 'str' }
        tsih = @{ type = 'list'; elements = 'int' }
        all = @{ type = 'bool'; default = $false }
        timeout = @{ type = 'int'; default = 60 }
        device = @{ type = 'str'; required = $true }
        session_cookie = @{ type = 'str'; required = $true }
        signature = @{ type = 'str'; required = $true }
        allow_unsupported_os = @{ type = 'bool'; default = $false }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
[IscsiTargetSessionStopIoctlModule]::Run($module)
