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
        idle_longer_than = @{ type = 'str' }
        all = @{ type = 'bool'; default = $false }
        server = @{ type = 'str' }
        message = @{ type = 'str' }
        message_title = @{ type = 'str' }
        grace_period = @{ type = 'int'; default = 0 }
        wait = @{ type = 'bool'; default = $true }
        timeout = @{ type = 'int'; default = 120 }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$module.Result.sessions = @()

$request = New-Object -TypeName 'ansible_collections.sessionctl.windows.plugins.module_utils._Wts.LogoffRequest'
if ($null -ne $module.Params.session_id) {
    $request.SessionId = [int[]]@($module.Params.session_id)
}
if ($null -ne $module.Params.username) {
    $request.Username = [string[]]@($module.Params.username)
}
if ($null -ne $module.Params.state) {
    $request.State = [string[]]@($module.Params.state)
}
# Unset string options stay null in the request (assigning $null to a string property would give "").
if ($null -ne $module.Params.idle_longer_than) {
    $request.IdleLongerThan = $module.Params.idle_longer_than
}
if ($null -ne $module.Params.server) {
    $request.Server = $module.Params.server
}
if ($null -ne $module.Params.message) {
    $request.Message = $module.Params.message
}
if ($null -ne $module.Params.message_title) {
    $request.MessageTitle = $module.Params.message_title
}
$request.All = $module.Params.all
$request.GracePeriod = $module.Params.grace_period
$request.Wait = $module.Params.wait
$request.Timeout = $module.Params.timeout

try {
    $request.Validate()
}
catch [System.ArgumentException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}

$engine = New-Object -TypeName 'ansible_collections.sessionctl.windows.plugins.module_utils._Wts.LogoffEngine'
try {
    $report = $engine.Run($request, $module.CheckMode)
}
catch [ansible_collections.sessionctl.windows.plugins.module_utils._Wts.WtsServerException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}
catch {
    $module.FailJson("Failed to log off the Remote Desktop sessions: $((Get-SessionCtlInnerException $_).Message)", $_)
}

$module.Result.sessions = @($report.ToList())
$module.Result.changed = $report.Changed
foreach ($w in $report.Warnings) {
    $module.Warn($w)
}
if ($module.DiffMode) {
    $module.Diff.before = @{ sessions = @($engine.Before) }
    $module.Diff.after = @{ sessions = @($engine.After) }
}
if ($report.Failed) {
    $module.FailJson($report.Summary('session'))
}
$module.Result.msg = $report.Summary('session')
$module.ExitJson()
