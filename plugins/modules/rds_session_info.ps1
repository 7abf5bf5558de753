#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._SessionCtl
#AnsibleRequires -CSharpUtil ..module_utils._Wts

$spec = @{
    options = @{
        session_id = @{ type = 'list'; elements = 'int' }
        username = @{ type = 'list'; elements = 'str' }
        state = @{
            type = 'list'
            elements = 'str'
            choices = @('active', 'connected', 'connect_query', 'shadow', 'disconnected', 'idle', 'listen', 'reset', 'down', 'init')
        }
        server = @{ type = 'str' }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$module.Result.sessions = @()
$module.Result.changed = $false

$request = New-Object -TypeName 'ansible_collections.sessionctl.windows.plugins.module_utils._Wts.SessionInfoRequest'
if ($null -ne $module.Params.session_id) {
    $request.SessionId = [int[]]@($module.Params.session_id)
}
if ($null -ne $module.Params.username) {
    $request.Username = [string[]]@($module.Params.username)
}
if ($null -ne $module.Params.state) {
    $request.State = [string[]]@($module.Params.state)
}
if ($null -ne $module.Params.server) {
    $request.Server = $module.Params.server
}

try {
    $request.Validate()
}
catch [System.ArgumentException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}

$lister = New-Object -TypeName 'ansible_collections.sessionctl.windows.plugins.module_utils._Wts.SessionLister'
try {
    $module.Result.sessions = @($lister.List($request))
}
catch [ansible_collections.sessionctl.windows.plugins.module_utils._Wts.WtsServerException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}
catch {
    $module.FailJson("Failed to list the Remote Desktop sessions: $((Get-SessionCtlInnerException $_).Message)", $_)
}

$module.ExitJson()
