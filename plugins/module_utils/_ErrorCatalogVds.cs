// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Error catalog table: Virtual Disk Service HRESULTs and 0x000428xx success codes (vdserr.h).
// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.
// Code that can meet these codes calls VdsErrors.Register(): it does not compile without this file, so the
// payload that carries that code carries this table.
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogVds
{
    public static class VdsErrors
    {
        static VdsErrors()
        {
            ErrorCatalog.AddTable(
                "v|80042400|VDS_E_NOT_SUPPORTED|The operation is not supported by the object.\n" +
                "v|80042401|VDS_E_INITIALIZED_FAILED|VDS or the provider failed to initialize.\n" +
                "v|80042402|VDS_E_INITIALIZE_NOT_CALLED|VDS did not call the hardware provider's initialization method.\n" +
                "v|80042405|VDS_E_OBJECT_NOT_FOUND|The object was not found.\n" +
                "v|80042409|VDS_E_OPERATION_PENDING|Another operation is in progress; this operation cannot proceed until it completes.\n" +
                "v|8004240D|VDS_E_OPERATION_CANCELED|The operation was canceled.\n" +
                "v|80042413|VDS_E_DEVICE_IN_USE|The device or a volume on it is in use.\n" +
                "v|80042427|VDS_E_ACCESS_DENIED|Access is denied. A VDS operation must run with administrator rights.\n" +
                "v|80042442|VDS_E_PROVIDER_FAILURE|The provider failed the operation.\n" +
                "v|8004244E|VDS_E_ASYNC_OBJECT_FAILURE|The asynchronous operation object could not be created or failed.\n" +
                "v|8004245F|VDS_E_TIMEOUT|The operation timed out.\n" +
                "v|80042706|VDS_E_TARGET_SPECIFIC_NOT_SUPPORTED|The operation is not supported for this target.\n" +
                "v|80042708|VDS_E_ISCSI_LOGIN_FAILED|The iSCSI login failed.\n" +
                "v|80042709|VDS_E_ISCSI_LOGOUT_FAILED|The iSCSI logout failed.\n" +
                "v|8004270A|VDS_E_ISCSI_SESSION_NOT_FOUND|No iSCSI session to the target was found.\n" +
                "v|8004270C|VDS_E_ASSOCIATED_PORTALS_EXIST|The portal group still has portals associated with it.\n" +
                "v|80042710|VDS_E_ISCSI_LOGOUT_INCOMPLETE|At least one session to the target did not log out.\n" +
                "v|42800|VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED|No session to the target was found, but its persistent login was removed.\n" +
                "v|42801|VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED|The logout succeeded, but the persistent login may not have been removed.\n" +
                "v|42802|VDS_S_ISCSI_LOGIN_ALREAD_EXISTS|A login to the target already exists.\n" +
                "v|80042901|VDS_E_TARGET_PORTAL_NOT_FOUND|The target portal was not found.\n" +
                "v|80042903|VDS_E_INVALID_ISCSI_TARGET_NAME|The iSCSI target name is not valid.\n" +
                "v|80042908|VDS_E_ISCSI_INITIATOR_NODE_NAME|The iSCSI initiator node name is not valid.\n" +
                "v|8004290A|VDS_E_ISCSI_CHAP_SECRET|The CHAP secret is not valid.\n" +
                "v|8004291C|VDS_E_INVALID_ISCSI_PATH|The iSCSI path is not valid.\n");
            ErrorCatalog.AddLoaded("_ErrorCatalogVds");
        }

        /// <summary>Loads the table once, before the first code of the family is decoded.</summary>
        public static void Register()
        {
        }
    }
}
