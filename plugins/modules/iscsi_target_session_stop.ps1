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
        method = @{ type = 'str'; default = 'auto'; choices = @('auto', 'cim', 'ioctl') }
        requested_state = @{ type = 'str'; default = 'disabled'; choices = @('disabled', 'shut_down') }
        timeout = @{ type = 'int'; default = 60 }
        device = @{ type = 'str' }
        session_cookie = @{ type = 'str' }
        signature = @{ type = 'str' }
        allow_unsupported_os = @{ type = 'bool'; default = $false }
    }
    required_one_of = @(, @('initiator', 'target', 'tsih'))
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$module.Result.sessions = @()

$request = New-Object -TypeName 'ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget.TargetSessionStopRequest'
if ($null -ne $module.Params.initiator) {
    $request.Initiator = [string[]]@($module.Params.initiator)
}
if ($null -ne $module.Params.target) {
    $request.Target = [string[]]@($module.Params.target)
}
if ($null -ne $module.Params.tsih) {
    $request.Tsih = [int[]]@($module.Params.tsih)
}
$request.Method = $module.Params.method
$request.RequestedState = $module.Params.requested_state
$request.Timeout = $module.Params.timeout
$request.Device = $module.Params.device
$request.SessionCookie = $module.Params.session_cookie
$request.Signature = $module.Params.signature
$request.AllowUnsupportedOs = $module.Params.allow_unsupported_os

try {
    $request.Validate()
}
catch [System.ArgumentException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}

try {
    $engine = [SessionCtl.IscsiTargetEngine]::CreateNative()
    $result = $engine.Stop($request, $module.CheckMode)
}
catch [ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget.IscsiTargetException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message)
}
catch {
    $module.FailJson("Failed to stop the iSCSI target sessions: $((Get-SessionCtlInnerException $_).Message)", $_)
}

$report = $result.Report
$module.Result.method = $result.Method
$module.Result.sessions = @($report.ToList())
$module.Result.changed = $report.Changed
foreach ($w in $report.Warnings) {
    $module.Warn($w)
}
if ($module.DiffMode) {
    $module.Diff.before = @{ sessions = @($result.Before) }
    $module.Diff.after = @{ sessions = @($result.After) }
}
if ($report.Failed) {
    $module.FailJson($report.Summary('session'))
}
$module.Result.msg = $report.Summary('session')
$module.ExitJson()
