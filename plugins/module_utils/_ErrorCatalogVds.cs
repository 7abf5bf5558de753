// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Error catalog table: Virtual Disk Service HRESULTs and 0x000428xx success codes (vdserr.h).
// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.
// A util that can meet these codes names this file with a using line; ErrorCatalog loads it by name.
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogVds
{
    internal static class ErrorTable
    {
        internal static void Load()
        {
            ErrorCatalog.Add(0x80042400L, "VDS_E_NOT_SUPPORTED", "vds", "The operation is not supported by the object.");
            ErrorCatalog.Add(0x80042401L, "VDS_E_INITIALIZED_FAILED", "vds", "VDS or the provider failed to initialize.");
            ErrorCatalog.Add(0x80042402L, "VDS_E_INITIALIZE_NOT_CALLED", "vds", "VDS did not call the hardware provider's initialization method.");
            ErrorCatalog.Add(0x80042405L, "VDS_E_OBJECT_NOT_FOUND", "vds", "The object was not found.");
            ErrorCatalog.Add(0x80042409L, "VDS_E_OPERATION_PENDING", "vds", "Another operation is in progress; this operation cannot proceed until it completes.");
            ErrorCatalog.Add(0x8004240DL, "VDS_E_OPERATION_CANCELED", "vds", "The operation was canceled.");
            ErrorCatalog.Add(0x80042413L, "VDS_E_DEVICE_IN_USE", "vds", "The device or a volume on it is in use.");
            ErrorCatalog.Add(0x80042427L, "VDS_E_ACCESS_DENIED", "vds", "Access is denied. A VDS operation must run with administrator rights.");
            ErrorCatalog.Add(0x80042442L, "VDS_E_PROVIDER_FAILURE", "vds", "The provider failed the operation.");
            ErrorCatalog.Add(0x8004244EL, "VDS_E_ASYNC_OBJECT_FAILURE", "vds", "The asynchronous operation object could not be created or failed.");
            ErrorCatalog.Add(0x8004245FL, "VDS_E_TIMEOUT", "vds", "The operation timed out.");
            ErrorCatalog.Add(0x80042706L, "VDS_E_TARGET_SPECIFIC_NOT_SUPPORTED", "vds", "The operation is not supported for this target.");
            ErrorCatalog.Add(0x80042708L, "VDS_E_ISCSI_LOGIN_FAILED", "vds", "The iSCSI login failed.");
            ErrorCatalog.Add(0x80042709L, "VDS_E_ISCSI_LOGOUT_FAILED", "vds", "The iSCSI logout failed.");
            ErrorCatalog.Add(0x8004270AL, "VDS_E_ISCSI_SESSION_NOT_FOUND", "vds", "No iSCSI session to the target was found.");
            ErrorCatalog.Add(0x8004270CL, "VDS_E_ASSOCIATED_PORTALS_EXIST", "vds", "The portal group still has portals associated with it.");
            ErrorCatalog.Add(0x80042710L, "VDS_E_ISCSI_LOGOUT_INCOMPLETE", "vds", "At least one session to the target did not log out.");
            ErrorCatalog.Add(0x00042800L, "VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED", "vds", "No session to the target was found, but its persistent login was removed.");
            ErrorCatalog.Add(0x00042801L, "VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED", "vds", "The logout succeeded, but the persistent login may not have been removed.");
            ErrorCatalog.Add(0x00042802L, "VDS_S_ISCSI_LOGIN_ALREAD_EXISTS", "vds", "A login to the target already exists.");
            ErrorCatalog.Add(0x80042901L, "VDS_E_TARGET_PORTAL_NOT_FOUND", "vds", "The target portal was not found.");
            ErrorCatalog.Add(0x80042903L, "VDS_E_INVALID_ISCSI_TARGET_NAME", "vds", "The iSCSI target name is not valid.");
            ErrorCatalog.Add(0x80042908L, "VDS_E_ISCSI_INITIATOR_NODE_NAME", "vds", "The iSCSI initiator node name is not valid.");
            ErrorCatalog.Add(0x8004290AL, "VDS_E_ISCSI_CHAP_SECRET", "vds", "The CHAP secret is not valid.");
            ErrorCatalog.Add(0x8004291CL, "VDS_E_INVALID_ISCSI_PATH", "vds", "The iSCSI path is not valid.");
        }
    }
}
