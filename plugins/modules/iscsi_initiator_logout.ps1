#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -CSharpUtil ..module_utils._IscsiInitiatorLogoutModule

$spec = @{
    options = @{
        target = @{ type = 'list'; elements = 'str' }
        session_id = @{ type = 'list'; elements = 'str' }
        portal = @{ type = 'str' }
        all = @{ type = 'bool'; default = $false }
        backend = @{ type = 'str'; default = 'auto'; choices = @('auto', 'iscsidsc', 'vds') }
        remove_persistent = @{ type = 'bool'; default = $false }
        busy = @{ type = 'str'; default = 'fail'; choices = @('fail', 'offline_disks') }
        retries = @{ type = 'int'; default = 5 }
        retry_delay = @{ type = 'float'; default = 2.0 }
        timeout = @{ type = 'int'; default = 60 }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
[IscsiInitiatorLogoutModule]::Run($module)
