#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._SessionCtl
#AnsibleRequires -CSharpUtil ..module_utils._IscsiTarget

$spec = @{
    options = @{
        initiator = @{ type = 'list'; elements = 'str' }
        target = @{ type = 'list'; elements = 'str' }
        tsih = @{ type = 'list'; elements = 'int' }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$module.Result.sessions = @()

$request = New-Object -TypeName 'ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget.TargetSessionInfoRequest'
if ($null -ne $module.Params.initiator) {
    $request.Initiator = [string[]]@($module.Params.initiator)
}
if ($null -ne $module.Params.target) {
    $request.Target = [string[]]@($module.Params.target)
}
if ($null -ne $module.Params.tsih) {
    $request.Tsih = [int[]]@($module.Params.tsih)
}

try {
    $request.Validate()
}
catch [System.ArgumentException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}

try {
    $engine = [SessionCtl.IscsiTargetEngine]::CreateNative()
    $module.Result.sessions = @($engine.ListSessions($request))
}
catch [ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget.IscsiTargetException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message)
}
catch {
    $module.FailJson("Failed to list the iSCSI target sessions: $((Get-SessionCtlInnerException $_).Message)", $_)
}

$module.ExitJson()
