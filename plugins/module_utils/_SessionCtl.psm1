# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# PowerShell helpers shared by the sessionctl.windows modules. Internal to the
# collection; may change without notice.

Function Get-SessionCtlInnerException {
    <#
    .SYNOPSIS
    The exception a C# engine threw, without PowerShell's MethodInvocationException wrapper.

    .PARAMETER ErrorRecord
    The error record from a catch block ($_).
    #>
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ErrorRecord]
        $ErrorRecord
    )

    $exception = $ErrorRecord.Exception
    if ($exception -is [System.Management.Automation.MethodInvocationException] -and $null -ne $exception.InnerException) {
        $exception = $exception.InnerException
    }
    $exception
}

Export-ModuleMember -Function Get-SessionCtlInnerException
