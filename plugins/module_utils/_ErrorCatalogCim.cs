// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Error catalog table: WMI (WBEM) HRESULTs and CIM RequestStateChange return codes.
// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.
// Code that can meet these codes calls CimErrors.Register(): it does not compile without this file, so the
// payload that carries that code carries this table.
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim
{
    public static class CimErrors
    {
        static CimErrors()
        {
            ErrorCatalog.AddTable(
                "b|80041001|WBEM_E_FAILED|The WMI call failed.\n" +
                "b|80041002|WBEM_E_NOT_FOUND|The WMI object was not found.\n" +
                "b|80041003|WBEM_E_ACCESS_DENIED|Access to the WMI object was denied.\n" +
                "b|80041008|WBEM_E_INVALID_PARAMETER|A parameter of the WMI call is not valid.\n" +
                "b|8004100C|WBEM_E_NOT_SUPPORTED|The WMI feature or operation is not supported.\n" +
                "b|8004100E|WBEM_E_INVALID_NAMESPACE|The WMI namespace does not exist; the provider that owns it is probably not installed.\n" +
                "b|80041010|WBEM_E_INVALID_CLASS|The WMI class does not exist; the provider that owns it is probably not installed.\n" +
                "b|80041013|WBEM_E_PROVIDER_LOAD_FAILURE|The WMI provider could not be loaded.\n" +
                "b|80041017|WBEM_E_INVALID_QUERY|The WMI query is not valid.\n" +
                "b|80041032|WBEM_E_CALL_CANCELLED|The WMI call was cancelled.\n" +
                "c|0|COMPLETED|Completed with no error.\n" +
                "c|1|NOT_SUPPORTED|The provider does not support this state change.\n" +
                "c|2|UNKNOWN_ERROR|Unknown or unspecified error.\n" +
                "c|3|TIMEOUT|The state change could not complete within the timeout period.\n" +
                "c|4|FAILED|The state change failed.\n" +
                "c|5|INVALID_PARAMETER|A parameter of the state change is not valid.\n" +
                "c|6|IN_USE|The element is in use.\n" +
                "c|1000|JOB_STARTED|Method parameters checked: a job was started to make the change.\n" +
                "c|1001|INVALID_STATE_TRANSITION|The requested state transition is not valid from the current state.\n" +
                "c|1002|TIMEOUT_PARAMETER_NOT_SUPPORTED|The provider does not support the TimeoutPeriod parameter.\n" +
                "c|1003|BUSY|The element is busy.\n");
            ErrorCatalog.AddLoaded("_ErrorCatalogCim");
        }

        /// <summary>Loads the table once, before the first code of the family is decoded.</summary>
        public static void Register()
        {
        }
    }
}
