// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Error catalog table: iSCSI discovery ISDSC_* status codes (iscsierr.h).
// Written by tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py; do not edit.
// Code that can meet these codes calls IscsiErrors.Register(): it does not compile without this file, so the
// payload that carries that code carries this table.
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogIscsi
{
    public static class IscsiErrors
    {
        static IscsiErrors()
        {
            ErrorCatalog.AddTable(
                "i|EFFF0001|ISDSC_NON_SPECIFIC_ERROR|A non-specific error occurred.\n" +
                "i|EFFF0002|ISDSC_LOGIN_FAILED|Login failed.\n" +
                "i|EFFF0003|ISDSC_CONNECTION_FAILED|Connection failed.\n" +
                "i|EFFF0004|ISDSC_INITIATOR_NODE_ALREADY_EXISTS|Initiator node already exists.\n" +
                "i|EFFF0005|ISDSC_INITIATOR_NODE_NOT_FOUND|Initiator node does not exist.\n" +
                "i|EFFF0006|ISDSC_TARGET_MOVED_TEMPORARILY|Target moved temporarily.\n" +
                "i|EFFF0007|ISDSC_TARGET_MOVED_PERMANENTLY|Target moved permanently.\n" +
                "i|EFFF0008|ISDSC_INITIATOR_ERROR|Initiator error.\n" +
                "i|EFFF0009|ISDSC_AUTHENTICATION_FAILURE|Authentication failure.\n" +
                "i|EFFF000A|ISDSC_AUTHORIZATION_FAILURE|Authorization failure.\n" +
                "i|EFFF000B|ISDSC_NOT_FOUND|Not found.\n" +
                "i|EFFF000C|ISDSC_TARGET_REMOVED|Target removed.\n" +
                "i|EFFF000D|ISDSC_UNSUPPORTED_VERSION|Unsupported version.\n" +
                "i|EFFF000E|ISDSC_TOO_MANY_CONNECTIONS|Too many connections.\n" +
                "i|EFFF000F|ISDSC_MISSING_PARAMETER|Missing parameter.\n" +
                "i|EFFF0010|ISDSC_CANT_INCLUDE_IN_SESSION|Cannot include in session.\n" +
                "i|EFFF0011|ISDSC_SESSION_TYPE_NOT_SUPPORTED|Session type not supported.\n" +
                "i|EFFF0012|ISDSC_TARGET_ERROR|Target error.\n" +
                "i|EFFF0013|ISDSC_SERVICE_UNAVAILABLE|Service unavailable.\n" +
                "i|EFFF0014|ISDSC_OUT_OF_RESOURCES|Out of resources.\n" +
                "i|EFFF0015|ISDSC_CONNECTION_ALREADY_EXISTS|Connections already exist on the initiator node.\n" +
                "i|EFFF0016|ISDSC_SESSION_ALREADY_EXISTS|Session already exists.\n" +
                "i|EFFF0017|ISDSC_INITIATOR_INSTANCE_NOT_FOUND|Initiator instance does not exist.\n" +
                "i|EFFF0018|ISDSC_TARGET_ALREADY_EXISTS|Target already exists.\n" +
                "i|EFFF0019|ISDSC_DRIVER_BUG|The iSCSI driver did not complete an operation correctly.\n" +
                "i|EFFF001A|ISDSC_INVALID_TEXT_KEY|An invalid text key was encountered.\n" +
                "i|EFFF001B|ISDSC_INVALID_SENDTARGETS_TEXT|An invalid SendTargets response text was encountered.\n" +
                "i|EFFF001C|ISDSC_INVALID_SESSION_ID|Invalid session id.\n" +
                "i|EFFF001D|ISDSC_SCSI_REQUEST_FAILED|The SCSI request failed.\n" +
                "i|EFFF001E|ISDSC_TOO_MANY_SESSIONS|The initiator has reached its maximum number of sessions.\n" +
                "i|EFFF001F|ISDSC_SESSION_BUSY|The session is busy: a request is already in progress.\n" +
                "i|EFFF0020|ISDSC_TARGET_MAPPING_UNAVAILABLE|The requested target mapping is not available.\n" +
                "i|EFFF0021|ISDSC_ADDRESS_TYPE_NOT_SUPPORTED|The target address type is not supported.\n" +
                "i|EFFF0022|ISDSC_LOGON_FAILED|Logon failed.\n" +
                "i|EFFF0023|ISDSC_SEND_FAILED|TCP send failed.\n" +
                "i|EFFF0024|ISDSC_TRANSPORT_ERROR|TCP transport error.\n" +
                "i|EFFF0025|ISDSC_VERSION_MISMATCH|iSCSI version mismatch.\n" +
                "i|EFFF0026|ISDSC_TARGET_MAPPING_OUT_OF_RANGE|The target mapping address is out of range for the adapter configuration.\n" +
                "i|EFFF0027|ISDSC_TARGET_PRESHAREDKEY_UNAVAILABLE|The preshared key for the target or IKE identification payload is not available.\n" +
                "i|EFFF0028|ISDSC_TARGET_AUTHINFO_UNAVAILABLE|The authentication information for the target is not available.\n" +
                "i|EFFF0029|ISDSC_TARGET_NOT_FOUND|The target name was not found or is hidden from login.\n" +
                "i|EFFF002A|ISDSC_LOGIN_USER_INFO_BAD|One or more login parameters are not valid.\n" +
                "i|EFFF002B|ISDSC_TARGET_MAPPING_EXISTS|The target mapping already exists.\n" +
                "i|EFFF002C|ISDSC_HBA_SECURITY_CACHE_FULL|The HBA security information cache is full.\n" +
                "i|EFFF002D|ISDSC_INVALID_PORT_NUMBER|The port number is not valid for the initiator.\n" +
                "i|AFFF002E|ISDSC_OPERATION_NOT_ALL_SUCCESS|The operation did not succeed for all initiators or discovery methods.\n" +
                "i|EFFF002F|ISDSC_HBA_SECURITY_CACHE_NOT_SUPPORTED|The adapter does not support an HBA security information cache.\n" +
                "i|EFFF0030|ISDSC_IKE_ID_PAYLOAD_TYPE_NOT_SUPPORTED|The IKE id payload type is not supported.\n" +
                "i|EFFF0031|ISDSC_IKE_ID_PAYLOAD_INCORRECT_SIZE|The IKE id payload size is not correct.\n" +
                "i|EFFF0032|ISDSC_TARGET_PORTAL_ALREADY_EXISTS|The target portal already exists.\n" +
                "i|EFFF0033|ISDSC_TARGET_ADDRESS_ALREADY_EXISTS|The target address already exists.\n" +
                "i|EFFF0034|ISDSC_NO_AUTH_INFO_AVAILABLE|No IKE authentication information is available.\n" +
                "i|EFFF0035|ISDSC_NO_TUNNEL_OUTER_MODE_ADDRESS|No tunnel-mode outer address is specified.\n" +
                "i|EFFF0036|ISDSC_CACHE_CORRUPTED|The authentication or tunnel address cache is corrupted.\n" +
                "i|EFFF0037|ISDSC_REQUEST_NOT_SUPPORTED|The request or operation is not supported.\n" +
                "i|EFFF0038|ISDSC_TARGET_OUT_OF_RESORCES|The target does not have enough resources for the request.\n" +
                "i|EFFF0039|ISDSC_SERVICE_DID_NOT_RESPOND|The initiator service did not respond to the driver's request.\n" +
                "i|EFFF003A|ISDSC_ISNS_SERVER_NOT_FOUND|The iSNS server was not found or is unavailable.\n" +
                "i|AFFF003B|ISDSC_OPERATION_REQUIRES_REBOOT|The operation succeeded but needs a driver reload or a reboot to take effect.\n" +
                "i|EFFF003C|ISDSC_NO_PORTAL_SPECIFIED|No target portal is available to complete the login.\n" +
                "i|EFFF003D|ISDSC_CANT_REMOVE_LAST_CONNECTION|The last connection of a session cannot be removed.\n" +
                "i|EFFF003E|ISDSC_SERVICE_NOT_RUNNING|The Microsoft iSCSI Initiator Service (MSiSCSI) is not running.\n" +
                "i|EFFF003F|ISDSC_TARGET_ALREADY_LOGGED_IN|The target is already logged in through an iSCSI session.\n" +
                "i|EFFF0040|ISDSC_DEVICE_BUSY_ON_SESSION|The session cannot be logged out because a device on it is in use.\n" +
                "i|EFFF0041|ISDSC_COULD_NOT_SAVE_PERSISTENT_LOGIN_DATA|The persistent login information could not be saved.\n" +
                "i|EFFF0042|ISDSC_COULD_NOT_REMOVE_PERSISTENT_LOGIN_DATA|The persistent login information could not be removed.\n" +
                "i|EFFF0043|ISDSC_PORTAL_NOT_FOUND|The portal was not found.\n" +
                "i|EFFF0044|ISDSC_INITIATOR_NOT_FOUND|The initiator name was not found.\n" +
                "i|EFFF0045|ISDSC_DISCOVERY_MECHANISM_NOT_FOUND|The discovery mechanism was not found.\n" +
                "i|EFFF0046|ISDSC_IPSEC_NOT_SUPPORTED_ON_OS|iSCSI does not support IPsec on this version of Windows.\n" +
                "i|EFFF0047|ISDSC_PERSISTENT_LOGIN_TIMEOUT|The iSCSI service timed out waiting for the persistent logins to complete.\n" +
                "i|AFFF0048|ISDSC_SHORT_CHAP_SECRET|The CHAP secret is shorter than 96 bits and cannot authenticate connections without IPsec.\n" +
                "i|EFFF0049|ISDSC_EVALUATION_PEROID_EXPIRED|The evaluation period of the iSCSI initiator service has expired.\n" +
                "i|EFFF004A|ISDSC_INVALID_CHAP_SECRET|The CHAP secret does not conform to the standard.\n" +
                "i|EFFF004B|ISDSC_INVALID_TARGET_CHAP_SECRET|The target CHAP secret is not valid.\n" +
                "i|EFFF004C|ISDSC_INVALID_INITIATOR_CHAP_SECRET|The initiator CHAP secret is not valid.\n" +
                "i|EFFF004D|ISDSC_INVALID_CHAP_USER_NAME|The CHAP user name is not valid.\n" +
                "i|EFFF004E|ISDSC_INVALID_LOGON_AUTH_TYPE|The logon authentication type is not valid.\n" +
                "i|EFFF004F|ISDSC_INVALID_TARGET_MAPPING|The target mapping information is not valid.\n" +
                "i|EFFF0050|ISDSC_INVALID_TARGET_ID|The target id in the target mapping is not valid.\n" +
                "i|EFFF0051|ISDSC_INVALID_ISCSI_NAME|The iSCSI name contains invalid characters or is too long.\n" +
                "i|EFFF0052|ISDSC_INCOMPATIBLE_ISNS_VERSION|The iSNS server's version is not compatible with this iSNS client.\n" +
                "i|EFFF0053|ISDSC_FAILED_TO_CONFIGURE_IPSEC|The initiator failed to configure IPsec for the connection.\n" +
                "i|EFFF0054|ISDSC_BUFFER_TOO_SMALL|The buffer given for the request is too small.\n" +
                "i|EFFF0055|ISDSC_INVALID_LOAD_BALANCE_POLICY|The load balance policy is not recognized by the initiator.\n" +
                "i|EFFF0056|ISDSC_INVALID_PARAMETER|One or more parameters are not valid.\n" +
                "i|EFFF0057|ISDSC_DUPLICATE_PATH_SPECIFIED|Duplicate path ids were given for the load balance policy.\n" +
                "i|EFFF0058|ISDSC_PATH_COUNT_MISMATCH|The number of paths given does not match the number of paths to the target.\n" +
                "i|EFFF0059|ISDSC_INVALID_PATH_ID|The path id given for the load balance policy is not valid.\n" +
                "i|EFFF005A|ISDSC_MULTIPLE_PRIMARY_PATHS_SPECIFIED|More than one primary path was given where only one is expected.\n" +
                "i|EFFF005B|ISDSC_NO_PRIMARY_PATH_SPECIFIED|No primary path was given where one is expected.\n" +
                "i|EFFF005C|ISDSC_DEVICE_ALREADY_PERSISTENTLY_BOUND|The device is already persistently bound.\n" +
                "i|EFFF005D|ISDSC_DEVICE_NOT_FOUND|The device was not found.\n" +
                "i|EFFF005E|ISDSC_DEVICE_NOT_ISCSI_OR_PERSISTENT|The device does not come from an iSCSI disk or a persistent iSCSI login.\n" +
                "i|EFFF005F|ISDSC_DNS_NAME_UNRESOLVED|The DNS name could not be resolved.\n" +
                "i|EFFF0060|ISDSC_NO_CONNECTION_AVAILABLE|No connection in the iSCSI session is available to process the request.\n" +
                "i|EFFF0061|ISDSC_LB_POLICY_NOT_SUPPORTED|The load balance policy is not supported.\n" +
                "i|EFFF0062|ISDSC_REMOVE_CONNECTION_IN_PROGRESS|A remove-connection request is already in progress for this session.\n" +
                "i|EFFF0063|ISDSC_INVALID_CONNECTION_ID|The connection was not found in the session.\n" +
                "i|EFFF0064|ISDSC_CANNOT_REMOVE_LEADING_CONNECTION|The leading connection of the session cannot be removed.\n" +
                "i|EFFF0065|ISDSC_RESTRICTED_BY_GROUP_POLICY|The operation is not allowed by the group policy of this computer.\n" +
                "i|EFFF0066|ISDSC_ISNS_FIREWALL_BLOCKED|The iSNS firewall exception is not enabled.\n" +
                "i|EFFF0067|ISDSC_FAILURE_TO_PERSIST_LB_POLICY|The load balancing policy parameters could not be saved.\n" +
                "i|EFFF0068|ISDSC_INVALID_HOST|The name could not be resolved to an IP address.\n");
            ErrorCatalog.AddLoaded("_ErrorCatalogIscsi");
        }

        /// <summary>Loads the table once, before the first code of the family is decoded.</summary>
        public static void Register()
        {
        }
    }
}
