#!powershell

# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._SessionCtl
#AnsibleRequires -CSharpUtil ..module_utils._IscsiInitiator
#AnsibleRequires -CSharpUtil ..module_utils._IscsiVds

$spec = @{
    options = @{
        target = @{ type = 'list'; elements = 'str' }
        session_id = @{ type = 'list'; elements = 'str' }
        portal = @{ type = 'str' }
        backend = @{ type = 'str'; default = 'auto'; choices = @('auto', 'iscsidsc', 'vds') }
        remove_persistent = @{ type = 'bool'; default = $false }
        busy = @{ type = 'str'; default = 'fail'; choices = @('fail', 'offline_disks') }
        retries = @{ type = 'int'; default = 5 }
        retry_delay = @{ type = 'float'; default = 2.0 }
        timeout = @{ type = 'int'; default = 60 }
    }
    required_one_of = @(, @('target', 'session_id'))
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$module.Result.sessions = @()
$module.Result.persistent_logins = @()

$ns = 'ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator'
$vdsNs = 'ansible_collections.sessionctl.windows.plugins.module_utils._IscsiVds'
$request = New-Object -TypeName "$ns.IscsiLogoutRequest"
if ($null -ne $module.Params.target) {
    $request.Target = [string[]]@($module.Params.target)
}
if ($null -ne $module.Params.session_id) {
    $request.SessionId = [string[]]@($module.Params.session_id)
}
# An unset str option stays null in the request (assigning $null to a string property would give "").
if ($null -ne $module.Params.portal) {
    $request.Portal = $module.Params.portal
}
$request.Backend = $module.Params.backend
$request.RemovePersistent = $module.Params.remove_persistent
$request.Busy = $module.Params.busy
$request.Timeout = $module.Params.timeout
$request.Retries = $module.Params.retries
$request.RetryDelay = [double]$module.Params.retry_delay

try {
    $request.Validate()
}
catch [System.ArgumentException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}

$api = New-Object -TypeName "$ns.NativeIscsiInitiatorApi"
$vds = $null
if ($request.EffectiveBackend -eq 'vds') {
    $vds = New-Object -TypeName "$vdsNs.NativeVdsApi"
    $backend = New-Object -TypeName "$vdsNs.VdsLogoutBackend" -ArgumentList $api, $vds
}
else {
    $backend = New-Object -TypeName "$ns.IscsidscLogoutBackend" -ArgumentList @(, $api)
}
$clock = New-Object -TypeName 'ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon.SystemClock'
$engine = New-Object -TypeName "$ns.IscsiLogoutEngine" -ArgumentList $api, $backend, $clock
try {
    $result = $engine.Run($request, $module.CheckMode)
}
catch [System.ArgumentException] {
    $module.FailJson((Get-SessionCtlInnerException $_).Message, $_)
}
catch {
    $module.FailJson("Failed to log out of the iSCSI sessions: $((Get-SessionCtlInnerException $_).Message)", $_)
}
finally {
    if ($null -ne $vds) {
        $vds.Dispose()
    }
}

$module.Result.sessions = @($result.SessionList())
$module.Result.persistent_logins = @($result.PersistentLoginList())
$module.Result.changed = $result.Changed
foreach ($w in $result.AllWarnings()) {
    $module.Warn($w)
}
if ($module.DiffMode) {
    $module.Diff.before = $result.Before
    $module.Diff.after = $result.After
}
if ($result.Failed) {
    $module.FailJson($result.Summary())
}
$module.Result.msg = $result.Summary()
$module.ExitJson()
