// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Error catalog table: WMI (WBEM) HRESULTs and CIM RequestStateChange return codes.
// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.
// A util that can meet these codes names this file with a using line; ErrorCatalog loads it by name.
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim
{
    internal static class ErrorTable
    {
        internal static void Load()
        {
            ErrorCatalog.Add(0x80041001L, "WBEM_E_FAILED", "wbem", "The WMI call failed.");
            ErrorCatalog.Add(0x80041002L, "WBEM_E_NOT_FOUND", "wbem", "The WMI object was not found.");
            ErrorCatalog.Add(0x80041003L, "WBEM_E_ACCESS_DENIED", "wbem", "Access to the WMI object was denied.");
            ErrorCatalog.Add(0x80041008L, "WBEM_E_INVALID_PARAMETER", "wbem", "A parameter of the WMI call is not valid.");
            ErrorCatalog.Add(0x8004100CL, "WBEM_E_NOT_SUPPORTED", "wbem", "The WMI feature or operation is not supported.");
            ErrorCatalog.Add(0x8004100EL, "WBEM_E_INVALID_NAMESPACE", "wbem", "The WMI namespace does not exist; the provider that owns it is probably not installed.");
            ErrorCatalog.Add(0x80041010L, "WBEM_E_INVALID_CLASS", "wbem", "The WMI class does not exist; the provider that owns it is probably not installed.");
            ErrorCatalog.Add(0x80041013L, "WBEM_E_PROVIDER_LOAD_FAILURE", "wbem", "The WMI provider could not be loaded.");
            ErrorCatalog.Add(0x80041017L, "WBEM_E_INVALID_QUERY", "wbem", "The WMI query is not valid.");
            ErrorCatalog.Add(0x80041032L, "WBEM_E_CALL_CANCELLED", "wbem", "The WMI call was cancelled.");
            ErrorCatalog.AddCim(0, "COMPLETED", "Completed with no error.");
            ErrorCatalog.AddCim(1, "NOT_SUPPORTED", "The provider does not support this state change.");
            ErrorCatalog.AddCim(2, "UNKNOWN_ERROR", "Unknown or unspecified error.");
            ErrorCatalog.AddCim(3, "TIMEOUT", "The state change could not complete within the timeout period.");
            ErrorCatalog.AddCim(4, "FAILED", "The state change failed.");
            ErrorCatalog.AddCim(5, "INVALID_PARAMETER", "A parameter of the state change is not valid.");
            ErrorCatalog.AddCim(6, "IN_USE", "The element is in use.");
            ErrorCatalog.AddCim(4096, "JOB_STARTED", "Method parameters checked: a job was started to make the change.");
            ErrorCatalog.AddCim(4097, "INVALID_STATE_TRANSITION", "The requested state transition is not valid from the current state.");
            ErrorCatalog.AddCim(4098, "TIMEOUT_PARAMETER_NOT_SUPPORTED", "The provider does not support the TimeoutPeriod parameter.");
            ErrorCatalog.AddCim(4099, "BUSY", "The element is busy.");
        }
    }
}
