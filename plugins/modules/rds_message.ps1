#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -CSharpUtil ..module_utils._RdsMessageModule

$spec = @{
    options = @{
        session_id = @{ type = 'list'; elements = 'int' }
        username = @{ type = 'list'; elements = 'str' }
        exclude_username = @{ type = 'list'; elements = 'str' }
        exclude_session_id = @{ type = 'list'; elements = 'int' }
        session_state = @{
            type = 'list'
            elements = 'str'
            choices = @('active', 'connected', 'connect_query', 'shadow', 'disconnected', 'idle', 'listen', 'reset', 'down', 'init')
        }
        idle_longer_than = @{ type = 'str' }
        disconnected_longer_than = @{ type = 'str' }
        all = @{ type = 'bool'; default = $false }
        server = @{ type = 'str' }
        message = @{ type = 'str'; required = $true }
        message_title = @{ type = 'str' }
        wait_for_response = @{ type = 'bool'; default = $false }
        timeout = @{ type = 'int'; default = 60 }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
[RdsMessageModule]::Run($module)
