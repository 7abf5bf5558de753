#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -CSharpUtil ..module_utils._IscsiSessionInfoModule

$spec = @{
    options = @{
        target = @{ type = 'list'; elements = 'str' }
        session_id = @{ type = 'list'; elements = 'str' }
        portal = @{ type = 'str' }
        all = @{ type = 'bool'; default = $false }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
[IscsiSessionInfoModule]::Run($module)
