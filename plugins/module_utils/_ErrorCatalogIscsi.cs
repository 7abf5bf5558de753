// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Error catalog table: iSCSI discovery ISDSC_* status codes (iscsierr.h).
// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.
// A util that can meet these codes names this file with a using line; ErrorCatalog loads it by name.
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogIscsi
{
    internal static class ErrorTable
    {
        internal static void Load()
        {
            ErrorCatalog.Add(0xEFFF0001L, "ISDSC_NON_SPECIFIC_ERROR", "iscsi", "A non-specific error occurred.");
            ErrorCatalog.Add(0xEFFF0002L, "ISDSC_LOGIN_FAILED", "iscsi", "Login failed.");
            ErrorCatalog.Add(0xEFFF0003L, "ISDSC_CONNECTION_FAILED", "iscsi", "Connection failed.");
            ErrorCatalog.Add(0xEFFF0004L, "ISDSC_INITIATOR_NODE_ALREADY_EXISTS", "iscsi", "Initiator node already exists.");
            ErrorCatalog.Add(0xEFFF0005L, "ISDSC_INITIATOR_NODE_NOT_FOUND", "iscsi", "Initiator node does not exist.");
            ErrorCatalog.Add(0xEFFF0006L, "ISDSC_TARGET_MOVED_TEMPORARILY", "iscsi", "Target moved temporarily.");
            ErrorCatalog.Add(0xEFFF0007L, "ISDSC_TARGET_MOVED_PERMANENTLY", "iscsi", "Target moved permanently.");
            ErrorCatalog.Add(0xEFFF0008L, "ISDSC_INITIATOR_ERROR", "iscsi", "Initiator error.");
            ErrorCatalog.Add(0xEFFF0009L, "ISDSC_AUTHENTICATION_FAILURE", "iscsi", "Authentication failure.");
            ErrorCatalog.Add(0xEFFF000AL, "ISDSC_AUTHORIZATION_FAILURE", "iscsi", "Authorization failure.");
            ErrorCatalog.Add(0xEFFF000BL, "ISDSC_NOT_FOUND", "iscsi", "Not found.");
            ErrorCatalog.Add(0xEFFF000CL, "ISDSC_TARGET_REMOVED", "iscsi", "Target removed.");
            ErrorCatalog.Add(0xEFFF000DL, "ISDSC_UNSUPPORTED_VERSION", "iscsi", "Unsupported version.");
            ErrorCatalog.Add(0xEFFF000EL, "ISDSC_TOO_MANY_CONNECTIONS", "iscsi", "Too many connections.");
            ErrorCatalog.Add(0xEFFF000FL, "ISDSC_MISSING_PARAMETER", "iscsi", "Missing parameter.");
            ErrorCatalog.Add(0xEFFF0010L, "ISDSC_CANT_INCLUDE_IN_SESSION", "iscsi", "Cannot include in session.");
            ErrorCatalog.Add(0xEFFF0011L, "ISDSC_SESSION_TYPE_NOT_SUPPORTED", "iscsi", "Session type not supported.");
            ErrorCatalog.Add(0xEFFF0012L, "ISDSC_TARGET_ERROR", "iscsi", "Target error.");
            ErrorCatalog.Add(0xEFFF0013L, "ISDSC_SERVICE_UNAVAILABLE", "iscsi", "Service unavailable.");
            ErrorCatalog.Add(0xEFFF0014L, "ISDSC_OUT_OF_RESOURCES", "iscsi", "Out of resources.");
            ErrorCatalog.Add(0xEFFF0015L, "ISDSC_CONNECTION_ALREADY_EXISTS", "iscsi", "Connections already exist on the initiator node.");
            ErrorCatalog.Add(0xEFFF0016L, "ISDSC_SESSION_ALREADY_EXISTS", "iscsi", "Session already exists.");
            ErrorCatalog.Add(0xEFFF0017L, "ISDSC_INITIATOR_INSTANCE_NOT_FOUND", "iscsi", "Initiator instance does not exist.");
            ErrorCatalog.Add(0xEFFF0018L, "ISDSC_TARGET_ALREADY_EXISTS", "iscsi", "Target already exists.");
            ErrorCatalog.Add(0xEFFF0019L, "ISDSC_DRIVER_BUG", "iscsi", "The iSCSI driver did not complete an operation correctly.");
            ErrorCatalog.Add(0xEFFF001AL, "ISDSC_INVALID_TEXT_KEY", "iscsi", "An invalid text key was encountered.");
            ErrorCatalog.Add(0xEFFF001BL, "ISDSC_INVALID_SENDTARGETS_TEXT", "iscsi", "An invalid SendTargets response text was encountered.");
            ErrorCatalog.Add(0xEFFF001CL, "ISDSC_INVALID_SESSION_ID", "iscsi", "Invalid session id.");
            ErrorCatalog.Add(0xEFFF001DL, "ISDSC_SCSI_REQUEST_FAILED", "iscsi", "The SCSI request failed.");
            ErrorCatalog.Add(0xEFFF001EL, "ISDSC_TOO_MANY_SESSIONS", "iscsi", "The initiator has reached its maximum number of sessions.");
            ErrorCatalog.Add(0xEFFF001FL, "ISDSC_SESSION_BUSY", "iscsi", "The session is busy: a request is already in progress.");
            ErrorCatalog.Add(0xEFFF0020L, "ISDSC_TARGET_MAPPING_UNAVAILABLE", "iscsi", "The requested target mapping is not available.");
            ErrorCatalog.Add(0xEFFF0021L, "ISDSC_ADDRESS_TYPE_NOT_SUPPORTED", "iscsi", "The target address type is not supported.");
            ErrorCatalog.Add(0xEFFF0022L, "ISDSC_LOGON_FAILED", "iscsi", "Logon failed.");
            ErrorCatalog.Add(0xEFFF0023L, "ISDSC_SEND_FAILED", "iscsi", "TCP send failed.");
            ErrorCatalog.Add(0xEFFF0024L, "ISDSC_TRANSPORT_ERROR", "iscsi", "TCP transport error.");
            ErrorCatalog.Add(0xEFFF0025L, "ISDSC_VERSION_MISMATCH", "iscsi", "iSCSI version mismatch.");
            ErrorCatalog.Add(0xEFFF0026L, "ISDSC_TARGET_MAPPING_OUT_OF_RANGE", "iscsi", "The target mapping address is out of range for the adapter configuration.");
            ErrorCatalog.Add(0xEFFF0027L, "ISDSC_TARGET_PRESHAREDKEY_UNAVAILABLE", "iscsi", "The preshared key for the target or IKE identification payload is not available.");
            ErrorCatalog.Add(0xEFFF0028L, "ISDSC_TARGET_AUTHINFO_UNAVAILABLE", "iscsi", "The authentication information for the target is not available.");
            ErrorCatalog.Add(0xEFFF0029L, "ISDSC_TARGET_NOT_FOUND", "iscsi", "The target name was not found or is hidden from login.");
            ErrorCatalog.Add(0xEFFF002AL, "ISDSC_LOGIN_USER_INFO_BAD", "iscsi", "One or more login parameters are not valid.");
            ErrorCatalog.Add(0xEFFF002BL, "ISDSC_TARGET_MAPPING_EXISTS", "iscsi", "The target mapping already exists.");
            ErrorCatalog.Add(0xEFFF002CL, "ISDSC_HBA_SECURITY_CACHE_FULL", "iscsi", "The HBA security information cache is full.");
            ErrorCatalog.Add(0xEFFF002DL, "ISDSC_INVALID_PORT_NUMBER", "iscsi", "The port number is not valid for the initiator.");
            ErrorCatalog.Add(0xAFFF002EL, "ISDSC_OPERATION_NOT_ALL_SUCCESS", "iscsi", "The operation did not succeed for all initiators or discovery methods.");
            ErrorCatalog.Add(0xEFFF002FL, "ISDSC_HBA_SECURITY_CACHE_NOT_SUPPORTED", "iscsi", "The adapter does not support an HBA security information cache.");
            ErrorCatalog.Add(0xEFFF0030L, "ISDSC_IKE_ID_PAYLOAD_TYPE_NOT_SUPPORTED", "iscsi", "The IKE id payload type is not supported.");
            ErrorCatalog.Add(0xEFFF0031L, "ISDSC_IKE_ID_PAYLOAD_INCORRECT_SIZE", "iscsi", "The IKE id payload size is not correct.");
            ErrorCatalog.Add(0xEFFF0032L, "ISDSC_TARGET_PORTAL_ALREADY_EXISTS", "iscsi", "The target portal already exists.");
            ErrorCatalog.Add(0xEFFF0033L, "ISDSC_TARGET_ADDRESS_ALREADY_EXISTS", "iscsi", "The target address already exists.");
            ErrorCatalog.Add(0xEFFF0034L, "ISDSC_NO_AUTH_INFO_AVAILABLE", "iscsi", "No IKE authentication information is available.");
            ErrorCatalog.Add(0xEFFF0035L, "ISDSC_NO_TUNNEL_OUTER_MODE_ADDRESS", "iscsi", "No tunnel-mode outer address is specified.");
            ErrorCatalog.Add(0xEFFF0036L, "ISDSC_CACHE_CORRUPTED", "iscsi", "The authentication or tunnel address cache is corrupted.");
            ErrorCatalog.Add(0xEFFF0037L, "ISDSC_REQUEST_NOT_SUPPORTED", "iscsi", "The request or operation is not supported.");
            ErrorCatalog.Add(0xEFFF0038L, "ISDSC_TARGET_OUT_OF_RESORCES", "iscsi", "The target does not have enough resources for the request.");
            ErrorCatalog.Add(0xEFFF0039L, "ISDSC_SERVICE_DID_NOT_RESPOND", "iscsi", "The initiator service did not respond to the driver's request.");
            ErrorCatalog.Add(0xEFFF003AL, "ISDSC_ISNS_SERVER_NOT_FOUND", "iscsi", "The iSNS server was not found or is unavailable.");
            ErrorCatalog.Add(0xAFFF003BL, "ISDSC_OPERATION_REQUIRES_REBOOT", "iscsi", "The operation succeeded but needs a driver reload or a reboot to take effect.");
            ErrorCatalog.Add(0xEFFF003CL, "ISDSC_NO_PORTAL_SPECIFIED", "iscsi", "No target portal is available to complete the login.");
            ErrorCatalog.Add(0xEFFF003DL, "ISDSC_CANT_REMOVE_LAST_CONNECTION", "iscsi", "The last connection of a session cannot be removed.");
            ErrorCatalog.Add(0xEFFF003EL, "ISDSC_SERVICE_NOT_RUNNING", "iscsi", "The Microsoft iSCSI Initiator Service (MSiSCSI) is not running.");
            ErrorCatalog.Add(0xEFFF003FL, "ISDSC_TARGET_ALREADY_LOGGED_IN", "iscsi", "The target is already logged in through an iSCSI session.");
            ErrorCatalog.Add(0xEFFF0040L, "ISDSC_DEVICE_BUSY_ON_SESSION", "iscsi", "The session cannot be logged out because a device on it is in use.");
            ErrorCatalog.Add(0xEFFF0041L, "ISDSC_COULD_NOT_SAVE_PERSISTENT_LOGIN_DATA", "iscsi", "The persistent login information could not be saved.");
            ErrorCatalog.Add(0xEFFF0042L, "ISDSC_COULD_NOT_REMOVE_PERSISTENT_LOGIN_DATA", "iscsi", "The persistent login information could not be removed.");
            ErrorCatalog.Add(0xEFFF0043L, "ISDSC_PORTAL_NOT_FOUND", "iscsi", "The portal was not found.");
            ErrorCatalog.Add(0xEFFF0044L, "ISDSC_INITIATOR_NOT_FOUND", "iscsi", "The initiator name was not found.");
            ErrorCatalog.Add(0xEFFF0045L, "ISDSC_DISCOVERY_MECHANISM_NOT_FOUND", "iscsi", "The discovery mechanism was not found.");
            ErrorCatalog.Add(0xEFFF0046L, "ISDSC_IPSEC_NOT_SUPPORTED_ON_OS", "iscsi", "iSCSI does not support IPsec on this version of Windows.");
            ErrorCatalog.Add(0xEFFF0047L, "ISDSC_PERSISTENT_LOGIN_TIMEOUT", "iscsi", "The iSCSI service timed out waiting for the persistent logins to complete.");
            ErrorCatalog.Add(0xAFFF0048L, "ISDSC_SHORT_CHAP_SECRET", "iscsi", "The CHAP secret is shorter than 96 bits and cannot authenticate connections without IPsec.");
            ErrorCatalog.Add(0xEFFF0049L, "ISDSC_EVALUATION_PEROID_EXPIRED", "iscsi", "The evaluation period of the iSCSI initiator service has expired.");
            ErrorCatalog.Add(0xEFFF004AL, "ISDSC_INVALID_CHAP_SECRET", "iscsi", "The CHAP secret does not conform to the standard.");
            ErrorCatalog.Add(0xEFFF004BL, "ISDSC_INVALID_TARGET_CHAP_SECRET", "iscsi", "The target CHAP secret is not valid.");
            ErrorCatalog.Add(0xEFFF004CL, "ISDSC_INVALID_INITIATOR_CHAP_SECRET", "iscsi", "The initiator CHAP secret is not valid.");
            ErrorCatalog.Add(0xEFFF004DL, "ISDSC_INVALID_CHAP_USER_NAME", "iscsi", "The CHAP user name is not valid.");
            ErrorCatalog.Add(0xEFFF004EL, "ISDSC_INVALID_LOGON_AUTH_TYPE", "iscsi", "The logon authentication type is not valid.");
            ErrorCatalog.Add(0xEFFF004FL, "ISDSC_INVALID_TARGET_MAPPING", "iscsi", "The target mapping information is not valid.");
            ErrorCatalog.Add(0xEFFF0050L, "ISDSC_INVALID_TARGET_ID", "iscsi", "The target id in the target mapping is not valid.");
            ErrorCatalog.Add(0xEFFF0051L, "ISDSC_INVALID_ISCSI_NAME", "iscsi", "The iSCSI name contains invalid characters or is too long.");
            ErrorCatalog.Add(0xEFFF0052L, "ISDSC_INCOMPATIBLE_ISNS_VERSION", "iscsi", "The iSNS server's version is not compatible with this iSNS client.");
            ErrorCatalog.Add(0xEFFF0053L, "ISDSC_FAILED_TO_CONFIGURE_IPSEC", "iscsi", "The initiator failed to configure IPsec for the connection.");
            ErrorCatalog.Add(0xEFFF0054L, "ISDSC_BUFFER_TOO_SMALL", "iscsi", "The buffer given for the request is too small.");
            ErrorCatalog.Add(0xEFFF0055L, "ISDSC_INVALID_LOAD_BALANCE_POLICY", "iscsi", "The load balance policy is not recognized by the initiator.");
            ErrorCatalog.Add(0xEFFF0056L, "ISDSC_INVALID_PARAMETER", "iscsi", "One or more parameters are not valid.");
            ErrorCatalog.Add(0xEFFF0057L, "ISDSC_DUPLICATE_PATH_SPECIFIED", "iscsi", "Duplicate path ids were given for the load balance policy.");
            ErrorCatalog.Add(0xEFFF0058L, "ISDSC_PATH_COUNT_MISMATCH", "iscsi", "The number of paths given does not match the number of paths to the target.");
            ErrorCatalog.Add(0xEFFF0059L, "ISDSC_INVALID_PATH_ID", "iscsi", "The path id given for the load balance policy is not valid.");
            ErrorCatalog.Add(0xEFFF005AL, "ISDSC_MULTIPLE_PRIMARY_PATHS_SPECIFIED", "iscsi", "More than one primary path was given where only one is expected.");
            ErrorCatalog.Add(0xEFFF005BL, "ISDSC_NO_PRIMARY_PATH_SPECIFIED", "iscsi", "No primary path was given where one is expected.");
            ErrorCatalog.Add(0xEFFF005CL, "ISDSC_DEVICE_ALREADY_PERSISTENTLY_BOUND", "iscsi", "The device is already persistently bound.");
            ErrorCatalog.Add(0xEFFF005DL, "ISDSC_DEVICE_NOT_FOUND", "iscsi", "The device was not found.");
            ErrorCatalog.Add(0xEFFF005EL, "ISDSC_DEVICE_NOT_ISCSI_OR_PERSISTENT", "iscsi", "The device does not come from an iSCSI disk or a persistent iSCSI login.");
            ErrorCatalog.Add(0xEFFF005FL, "ISDSC_DNS_NAME_UNRESOLVED", "iscsi", "The DNS name could not be resolved.");
            ErrorCatalog.Add(0xEFFF0060L, "ISDSC_NO_CONNECTION_AVAILABLE", "iscsi", "No connection in the iSCSI session is available to process the request.");
            ErrorCatalog.Add(0xEFFF0061L, "ISDSC_LB_POLICY_NOT_SUPPORTED", "iscsi", "The load balance policy is not supported.");
            ErrorCatalog.Add(0xEFFF0062L, "ISDSC_REMOVE_CONNECTION_IN_PROGRESS", "iscsi", "A remove-connection request is already in progress for this session.");
            ErrorCatalog.Add(0xEFFF0063L, "ISDSC_INVALID_CONNECTION_ID", "iscsi", "The connection was not found in the session.");
            ErrorCatalog.Add(0xEFFF0064L, "ISDSC_CANNOT_REMOVE_LEADING_CONNECTION", "iscsi", "The leading connection of the session cannot be removed.");
            ErrorCatalog.Add(0xEFFF0065L, "ISDSC_RESTRICTED_BY_GROUP_POLICY", "iscsi", "The operation is not allowed by the group policy of this computer.");
            ErrorCatalog.Add(0xEFFF0066L, "ISDSC_ISNS_FIREWALL_BLOCKED", "iscsi", "The iSNS firewall exception is not enabled.");
            ErrorCatalog.Add(0xEFFF0067L, "ISDSC_FAILURE_TO_PERSIST_LB_POLICY", "iscsi", "The load balancing policy parameters could not be saved.");
            ErrorCatalog.Add(0xEFFF0068L, "ISDSC_INVALID_HOST", "iscsi", "The name could not be resolved to an IP address.");
        }
    }
}
