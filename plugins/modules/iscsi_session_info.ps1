#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._SessionCtl
#AnsibleRequires -CSharpUtil ..module_utils._IscsiInitiator

$spec = @{
    options = @{
        target = @{ type = 'list'; elements = 'str' }
        session_id = @{ type = 'list'; elements = 'str' }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$module.Result.sessions = @()

$ns = 'ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator'
$request = New-Object -TypeName "$ns.IscsiSessionInfoRequest"
if ($null -ne $module.Params.target) {
    $request.Target = [string[]]@($module.Params.target)
}
if ($null -ne $module.Params.session_id) {
    $request.SessionId = [string[]]@($module.Params.session_id)
}

try {
    $request.Validate()
}
catch [System.ArgumentException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}

$api = New-Object -TypeName "$ns.NativeIscsiInitiatorApi"
$engine = New-Object -TypeName "$ns.IscsiSessionInfoEngine" -ArgumentList @(, $api)
try {
    $result = $engine.Run($request)
}
catch {
    $module.FailJson("Failed to list the iSCSI initiator sessions: $((Get-SessionCtlInnerException $_).Message)", $_)
}

$module.Result.sessions = @($result.ToList())
foreach ($w in $result.Warnings) {
    $module.Warn($w)
}
$module.ExitJson()
