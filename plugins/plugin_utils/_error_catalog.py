# -*- coding: utf-8 -*-
# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared error catalog of sessionctl.windows.

This module is the single source of truth for every error code the modules can
meet. The C# util ``plugins/module_utils/_ErrorCatalog.cs`` carries a copy of
the ENTRIES table that ``tools/gen_error_catalog.py`` generates from this file;
a unit test fails when the two differ, and another runs both decoders over the
same codes and compares every field.

It is internal to the collection: the public face is the ``win_error`` filter.
"""

from __future__ import annotations

# (code, name, kind, message). ``kind`` is one of:
#   win32  - Win32 error codes (GetLastError, ISDSC_STATUS that are plain Win32)
#   hresult - generic COM HRESULTs
#   wbem   - WMI/CIM HRESULTs (FACILITY_ITF 0x800410xx)
#   vds    - Virtual Disk Service HRESULTs (0x8004xxxx) and success codes 0x000428xx
#   iscsi  - iSCSI discovery ISDSC_* status codes (0xEFFFxxxx errors, 0xAFFFxxxx warnings)
# Values and names come from winerror.h, iscsierr.h, vds.h (win32metadata) and
# [MS-VDS] 2.2.3, as recorded in the project's Windows API notes.
ENTRIES = [
    # --- Win32 ---------------------------------------------------------------
    (0, "ERROR_SUCCESS", "win32", "The operation completed successfully."),
    (1, "ERROR_INVALID_FUNCTION", "win32", "Incorrect function."),
    (2, "ERROR_FILE_NOT_FOUND", "win32", "The system cannot find the file specified."),
    (3, "ERROR_PATH_NOT_FOUND", "win32", "The system cannot find the path specified."),
    (5, "ERROR_ACCESS_DENIED", "win32", "Access is denied."),
    (6, "ERROR_INVALID_HANDLE", "win32", "The handle is invalid."),
    (8, "ERROR_NOT_ENOUGH_MEMORY", "win32", "Not enough memory resources are available to process this command."),
    (13, "ERROR_INVALID_DATA", "win32", "The data is invalid."),
    (21, "ERROR_NOT_READY", "win32", "The device is not ready."),
    (31, "ERROR_GEN_FAILURE", "win32", "A device attached to the system is not functioning."),
    (32, "ERROR_SHARING_VIOLATION", "win32",
     "The process cannot access the file because it is being used by another process."),
    (50, "ERROR_NOT_SUPPORTED", "win32", "The request is not supported."),
    (53, "ERROR_BAD_NETPATH", "win32", "The network path was not found."),
    (87, "ERROR_INVALID_PARAMETER", "win32", "The parameter is incorrect."),
    (120, "ERROR_CALL_NOT_IMPLEMENTED", "win32", "This function is not supported on this system."),
    (122, "ERROR_INSUFFICIENT_BUFFER", "win32", "The data area passed to a system call is too small."),
    (170, "ERROR_BUSY", "win32", "The requested resource is in use."),
    (234, "ERROR_MORE_DATA", "win32", "More data is available."),
    (258, "WAIT_TIMEOUT", "win32", "The wait operation timed out."),
    (1060, "ERROR_SERVICE_DOES_NOT_EXIST", "win32", "The specified service does not exist as an installed service."),
    (1062, "ERROR_SERVICE_NOT_ACTIVE", "win32", "The service has not been started."),
    (1168, "ERROR_NOT_FOUND", "win32", "Element not found."),
    (1326, "ERROR_LOGON_FAILURE", "win32", "The user name or password is incorrect."),
    (1460, "ERROR_TIMEOUT", "win32", "This operation returned because the timeout period expired."),
    (1717, "RPC_S_UNKNOWN_IF", "win32", "The interface is unknown."),
    (1722, "RPC_S_SERVER_UNAVAILABLE", "win32", "The RPC server is unavailable."),
    (1723, "RPC_S_SERVER_TOO_BUSY", "win32", "The RPC server is too busy to complete this operation."),
    (1726, "RPC_S_CALL_FAILED", "win32", "The remote procedure call failed."),
    (1727, "RPC_S_CALL_FAILED_DNE", "win32", "The remote procedure call failed and did not execute."),
    (1784, "ERROR_INVALID_USER_BUFFER", "win32", "The supplied user buffer is not valid for the requested operation."),
    (7007, "ERROR_CTX_CLOSE_PENDING", "win32", "A close operation is pending on the session."),
    (7022, "ERROR_CTX_WINSTATION_NOT_FOUND", "win32", "The specified session cannot be found."),
    (7024, "ERROR_CTX_WINSTATION_BUSY", "win32",
     "The requested operation cannot be completed because the terminal connection is currently busy processing "
     "a connect, disconnect, reset, or delete operation."),
    (7045, "ERROR_CTX_WINSTATION_ACCESS_DENIED", "win32",
     "The requested session access is denied."),
    (7062, "ERROR_CTX_SESSION_IN_USE", "win32", "The requested session is already in use."),
    # --- generic COM HRESULTs -----------------------------------------------
    (0x80004001, "E_NOTIMPL", "hresult", "Not implemented."),
    (0x80004002, "E_NOINTERFACE", "hresult", "No such interface supported."),
    (0x80004003, "E_POINTER", "hresult", "Invalid pointer."),
    (0x80004004, "E_ABORT", "hresult", "Operation aborted."),
    (0x80004005, "E_FAIL", "hresult", "Unspecified error."),
    (0x8000FFFF, "E_UNEXPECTED", "hresult", "Catastrophic failure."),
    (0x80010106, "RPC_E_CHANGED_MODE", "hresult", "Cannot change thread mode after it is set."),
    (0x80010119, "RPC_E_TOO_LATE", "hresult", "Security must be initialized before any interfaces are marshalled or unmarshalled."),
    (0x80040154, "REGDB_E_CLASSNOTREG", "hresult", "Class not registered."),
    (0x800401F0, "CO_E_NOTINITIALIZED", "hresult", "CoInitialize has not been called."),
    # --- WMI / CIM ----------------------------------------------------------
    (0x80041001, "WBEM_E_FAILED", "wbem", "The WMI call failed."),
    (0x80041002, "WBEM_E_NOT_FOUND", "wbem", "The WMI object was not found."),
    (0x80041003, "WBEM_E_ACCESS_DENIED", "wbem", "Access to the WMI object was denied."),
    (0x80041008, "WBEM_E_INVALID_PARAMETER", "wbem", "A parameter of the WMI call is not valid."),
    (0x8004100C, "WBEM_E_NOT_SUPPORTED", "wbem", "The WMI feature or operation is not supported."),
    (0x8004100E, "WBEM_E_INVALID_NAMESPACE", "wbem",
     "The WMI namespace does not exist; the provider that owns it is probably not installed."),
    (0x80041010, "WBEM_E_INVALID_CLASS", "wbem", "The WMI class does not exist; the provider that owns it is probably not installed."),
    (0x80041013, "WBEM_E_PROVIDER_LOAD_FAILURE", "wbem", "The WMI provider could not be loaded."),
    (0x80041017, "WBEM_E_INVALID_QUERY", "wbem", "The WMI query is not valid."),
    (0x80041032, "WBEM_E_CALL_CANCELLED", "wbem", "The WMI call was cancelled."),
    # --- VDS ----------------------------------------------------------------
    (0x80042400, "VDS_E_NOT_SUPPORTED", "vds", "The operation is not supported by the object."),
    (0x80042401, "VDS_E_INITIALIZED_FAILED", "vds", "VDS or the provider failed to initialize."),
    (0x80042402, "VDS_E_INITIALIZE_NOT_CALLED", "vds", "VDS did not call the hardware provider's initialization method."),
    (0x80042405, "VDS_E_OBJECT_NOT_FOUND", "vds", "The object was not found."),
    (0x80042409, "VDS_E_OPERATION_PENDING", "vds", "Another operation is in progress; this operation cannot proceed until it completes."),
    (0x8004240D, "VDS_E_OPERATION_CANCELED", "vds", "The operation was canceled."),
    (0x80042413, "VDS_E_DEVICE_IN_USE", "vds", "The device or a volume on it is in use."),
    (0x80042427, "VDS_E_ACCESS_DENIED", "vds", "Access is denied. A VDS operation must run with administrator rights."),
    (0x80042442, "VDS_E_PROVIDER_FAILURE", "vds", "The provider failed the operation."),
    (0x8004244E, "VDS_E_ASYNC_OBJECT_FAILURE", "vds", "The asynchronous operation object could not be created or failed."),
    (0x8004245F, "VDS_E_TIMEOUT", "vds", "The operation timed out."),
    (0x80042706, "VDS_E_TARGET_SPECIFIC_NOT_SUPPORTED", "vds", "The operation is not supported for this target."),
    (0x80042708, "VDS_E_ISCSI_LOGIN_FAILED", "vds", "The iSCSI login failed."),
    (0x80042709, "VDS_E_ISCSI_LOGOUT_FAILED", "vds", "The iSCSI logout failed."),
    (0x8004270A, "VDS_E_ISCSI_SESSION_NOT_FOUND", "vds", "No iSCSI session to the target was found."),
    (0x8004270C, "VDS_E_ASSOCIATED_PORTALS_EXIST", "vds", "The portal group still has portals associated with it."),
    (0x80042710, "VDS_E_ISCSI_LOGOUT_INCOMPLETE", "vds", "At least one session to the target did not log out."),
    (0x00042800, "VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED", "vds",
     "No session to the target was found, but its persistent login was removed."),
    (0x00042801, "VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED", "vds",
     "The logout succeeded, but the persistent login may not have been removed."),
    (0x00042802, "VDS_S_ISCSI_LOGIN_ALREAD_EXISTS", "vds", "A login to the target already exists."),
    (0x80042901, "VDS_E_TARGET_PORTAL_NOT_FOUND", "vds", "The target portal was not found."),
    (0x80042903, "VDS_E_INVALID_ISCSI_TARGET_NAME", "vds", "The iSCSI target name is not valid."),
    (0x80042908, "VDS_E_ISCSI_INITIATOR_NODE_NAME", "vds", "The iSCSI initiator node name is not valid."),
    (0x8004290A, "VDS_E_ISCSI_CHAP_SECRET", "vds", "The CHAP secret is not valid."),
    (0x8004291C, "VDS_E_INVALID_ISCSI_PATH", "vds", "The iSCSI path is not valid."),
    # --- iSCSI discovery (iscsierr.h) ----------------------------------------
    (0xEFFF0001, "ISDSC_NON_SPECIFIC_ERROR", "iscsi", "A non-specific error occurred."),
    (0xEFFF0002, "ISDSC_LOGIN_FAILED", "iscsi", "Login failed."),
    (0xEFFF0003, "ISDSC_CONNECTION_FAILED", "iscsi", "Connection failed."),
    (0xEFFF0004, "ISDSC_INITIATOR_NODE_ALREADY_EXISTS", "iscsi", "Initiator node already exists."),
    (0xEFFF0005, "ISDSC_INITIATOR_NODE_NOT_FOUND", "iscsi", "Initiator node does not exist."),
    (0xEFFF0006, "ISDSC_TARGET_MOVED_TEMPORARILY", "iscsi", "Target moved temporarily."),
    (0xEFFF0007, "ISDSC_TARGET_MOVED_PERMANENTLY", "iscsi", "Target moved permanently."),
    (0xEFFF0008, "ISDSC_INITIATOR_ERROR", "iscsi", "Initiator error."),
    (0xEFFF0009, "ISDSC_AUTHENTICATION_FAILURE", "iscsi", "Authentication failure."),
    (0xEFFF000A, "ISDSC_AUTHORIZATION_FAILURE", "iscsi", "Authorization failure."),
    (0xEFFF000B, "ISDSC_NOT_FOUND", "iscsi", "Not found."),
    (0xEFFF000C, "ISDSC_TARGET_REMOVED", "iscsi", "Target removed."),
    (0xEFFF000D, "ISDSC_UNSUPPORTED_VERSION", "iscsi", "Unsupported version."),
    (0xEFFF000E, "ISDSC_TOO_MANY_CONNECTIONS", "iscsi", "Too many connections."),
    (0xEFFF000F, "ISDSC_MISSING_PARAMETER", "iscsi", "Missing parameter."),
    (0xEFFF0010, "ISDSC_CANT_INCLUDE_IN_SESSION", "iscsi", "Cannot include in session."),
    (0xEFFF0011, "ISDSC_SESSION_TYPE_NOT_SUPPORTED", "iscsi", "Session type not supported."),
    (0xEFFF0012, "ISDSC_TARGET_ERROR", "iscsi", "Target error."),
    (0xEFFF0013, "ISDSC_SERVICE_UNAVAILABLE", "iscsi", "Service unavailable."),
    (0xEFFF0014, "ISDSC_OUT_OF_RESOURCES", "iscsi", "Out of resources."),
    (0xEFFF0015, "ISDSC_CONNECTION_ALREADY_EXISTS", "iscsi", "Connections already exist on the initiator node."),
    (0xEFFF0016, "ISDSC_SESSION_ALREADY_EXISTS", "iscsi", "Session already exists."),
    (0xEFFF0017, "ISDSC_INITIATOR_INSTANCE_NOT_FOUND", "iscsi", "Initiator instance does not exist."),
    (0xEFFF0018, "ISDSC_TARGET_ALREADY_EXISTS", "iscsi", "Target already exists."),
    (0xEFFF0019, "ISDSC_DRIVER_BUG", "iscsi", "The iSCSI driver did not complete an operation correctly."),
    (0xEFFF001A, "ISDSC_INVALID_TEXT_KEY", "iscsi", "An invalid text key was encountered."),
    (0xEFFF001B, "ISDSC_INVALID_SENDTARGETS_TEXT", "iscsi", "An invalid SendTargets response text was encountered."),
    (0xEFFF001C, "ISDSC_INVALID_SESSION_ID", "iscsi", "Invalid session id."),
    (0xEFFF001D, "ISDSC_SCSI_REQUEST_FAILED", "iscsi", "The SCSI request failed."),
    (0xEFFF001E, "ISDSC_TOO_MANY_SESSIONS", "iscsi", "The initiator has reached its maximum number of sessions."),
    (0xEFFF001F, "ISDSC_SESSION_BUSY", "iscsi", "The session is busy: a request is already in progress."),
    (0xEFFF0020, "ISDSC_TARGET_MAPPING_UNAVAILABLE", "iscsi", "The requested target mapping is not available."),
    (0xEFFF0021, "ISDSC_ADDRESS_TYPE_NOT_SUPPORTED", "iscsi", "The target address type is not supported."),
    (0xEFFF0022, "ISDSC_LOGON_FAILED", "iscsi", "Logon failed."),
    (0xEFFF0023, "ISDSC_SEND_FAILED", "iscsi", "TCP send failed."),
    (0xEFFF0024, "ISDSC_TRANSPORT_ERROR", "iscsi", "TCP transport error."),
    (0xEFFF0025, "ISDSC_VERSION_MISMATCH", "iscsi", "iSCSI version mismatch."),
    (0xEFFF0026, "ISDSC_TARGET_MAPPING_OUT_OF_RANGE", "iscsi",
     "The target mapping address is out of range for the adapter configuration."),
    (0xEFFF0027, "ISDSC_TARGET_PRESHAREDKEY_UNAVAILABLE", "iscsi",
     "The preshared key for the target or IKE identification payload is not available."),
    (0xEFFF0028, "ISDSC_TARGET_AUTHINFO_UNAVAILABLE", "iscsi", "The authentication information for the target is not available."),
    (0xEFFF0029, "ISDSC_TARGET_NOT_FOUND", "iscsi", "The target name was not found or is hidden from login."),
    (0xEFFF002A, "ISDSC_LOGIN_USER_INFO_BAD", "iscsi", "One or more login parameters are not valid."),
    (0xEFFF002B, "ISDSC_TARGET_MAPPING_EXISTS", "iscsi", "The target mapping already exists."),
    (0xEFFF002C, "ISDSC_HBA_SECURITY_CACHE_FULL", "iscsi", "The HBA security information cache is full."),
    (0xEFFF002D, "ISDSC_INVALID_PORT_NUMBER", "iscsi", "The port number is not valid for the initiator."),
    (0xAFFF002E, "ISDSC_OPERATION_NOT_ALL_SUCCESS", "iscsi",
     "The operation did not succeed for all initiators or discovery methods."),
    (0xEFFF002F, "ISDSC_HBA_SECURITY_CACHE_NOT_SUPPORTED", "iscsi", "The adapter does not support an HBA security information cache."),
    (0xEFFF0030, "ISDSC_IKE_ID_PAYLOAD_TYPE_NOT_SUPPORTED", "iscsi", "The IKE id payload type is not supported."),
    (0xEFFF0031, "ISDSC_IKE_ID_PAYLOAD_INCORRECT_SIZE", "iscsi", "The IKE id payload size is not correct."),
    (0xEFFF0032, "ISDSC_TARGET_PORTAL_ALREADY_EXISTS", "iscsi", "The target portal already exists."),
    (0xEFFF0033, "ISDSC_TARGET_ADDRESS_ALREADY_EXISTS", "iscsi", "The target address already exists."),
    (0xEFFF0034, "ISDSC_NO_AUTH_INFO_AVAILABLE", "iscsi", "No IKE authentication information is available."),
    (0xEFFF0035, "ISDSC_NO_TUNNEL_OUTER_MODE_ADDRESS", "iscsi", "No tunnel-mode outer address is specified."),
    (0xEFFF0036, "ISDSC_CACHE_CORRUPTED", "iscsi", "The authentication or tunnel address cache is corrupted."),
    (0xEFFF0037, "ISDSC_REQUEST_NOT_SUPPORTED", "iscsi", "The request or operation is not supported."),
    (0xEFFF0038, "ISDSC_TARGET_OUT_OF_RESORCES", "iscsi", "The target does not have enough resources for the request."),
    (0xEFFF0039, "ISDSC_SERVICE_DID_NOT_RESPOND", "iscsi", "The initiator service did not respond to the driver's request."),
    (0xEFFF003A, "ISDSC_ISNS_SERVER_NOT_FOUND", "iscsi", "The iSNS server was not found or is unavailable."),
    (0xAFFF003B, "ISDSC_OPERATION_REQUIRES_REBOOT", "iscsi",
     "The operation succeeded but needs a driver reload or a reboot to take effect."),
    (0xEFFF003C, "ISDSC_NO_PORTAL_SPECIFIED", "iscsi", "No target portal is available to complete the login."),
    (0xEFFF003D, "ISDSC_CANT_REMOVE_LAST_CONNECTION", "iscsi", "The last connection of a session cannot be removed."),
    (0xEFFF003E, "ISDSC_SERVICE_NOT_RUNNING", "iscsi", "The Microsoft iSCSI Initiator Service (MSiSCSI) is not running."),
    (0xEFFF003F, "ISDSC_TARGET_ALREADY_LOGGED_IN", "iscsi", "The target is already logged in through an iSCSI session."),
    (0xEFFF0040, "ISDSC_DEVICE_BUSY_ON_SESSION", "iscsi",
     "The session cannot be logged out because a device on it is in use."),
    (0xEFFF0041, "ISDSC_COULD_NOT_SAVE_PERSISTENT_LOGIN_DATA", "iscsi", "The persistent login information could not be saved."),
    (0xEFFF0042, "ISDSC_COULD_NOT_REMOVE_PERSISTENT_LOGIN_DATA", "iscsi", "The persistent login information could not be removed."),
    (0xEFFF0043, "ISDSC_PORTAL_NOT_FOUND", "iscsi", "The portal was not found."),
    (0xEFFF0044, "ISDSC_INITIATOR_NOT_FOUND", "iscsi", "The initiator name was not found."),
    (0xEFFF0045, "ISDSC_DISCOVERY_MECHANISM_NOT_FOUND", "iscsi", "The discovery mechanism was not found."),
    (0xEFFF0046, "ISDSC_IPSEC_NOT_SUPPORTED_ON_OS", "iscsi", "iSCSI does not support IPsec on this version of Windows."),
    (0xEFFF0047, "ISDSC_PERSISTENT_LOGIN_TIMEOUT", "iscsi", "The iSCSI service timed out waiting for the persistent logins to complete."),
    (0xAFFF0048, "ISDSC_SHORT_CHAP_SECRET", "iscsi",
     "The CHAP secret is shorter than 96 bits and cannot authenticate connections without IPsec."),
    (0xEFFF0049, "ISDSC_EVALUATION_PEROID_EXPIRED", "iscsi", "The evaluation period of the iSCSI initiator service has expired."),
    (0xEFFF004A, "ISDSC_INVALID_CHAP_SECRET", "iscsi", "The CHAP secret does not conform to the standard."),
    (0xEFFF004B, "ISDSC_INVALID_TARGET_CHAP_SECRET", "iscsi", "The target CHAP secret is not valid."),
    (0xEFFF004C, "ISDSC_INVALID_INITIATOR_CHAP_SECRET", "iscsi", "The initiator CHAP secret is not valid."),
    (0xEFFF004D, "ISDSC_INVALID_CHAP_USER_NAME", "iscsi", "The CHAP user name is not valid."),
    (0xEFFF004E, "ISDSC_INVALID_LOGON_AUTH_TYPE", "iscsi", "The logon authentication type is not valid."),
    (0xEFFF004F, "ISDSC_INVALID_TARGET_MAPPING", "iscsi", "The target mapping information is not valid."),
    (0xEFFF0050, "ISDSC_INVALID_TARGET_ID", "iscsi", "The target id in the target mapping is not valid."),
    (0xEFFF0051, "ISDSC_INVALID_ISCSI_NAME", "iscsi", "The iSCSI name contains invalid characters or is too long."),
    (0xEFFF0052, "ISDSC_INCOMPATIBLE_ISNS_VERSION", "iscsi", "The iSNS server's version is not compatible with this iSNS client."),
    (0xEFFF0053, "ISDSC_FAILED_TO_CONFIGURE_IPSEC", "iscsi", "The initiator failed to configure IPsec for the connection."),
    (0xEFFF0054, "ISDSC_BUFFER_TOO_SMALL", "iscsi", "The buffer given for the request is too small."),
    (0xEFFF0055, "ISDSC_INVALID_LOAD_BALANCE_POLICY", "iscsi", "The load balance policy is not recognized by the initiator."),
    (0xEFFF0056, "ISDSC_INVALID_PARAMETER", "iscsi", "One or more parameters are not valid."),
    (0xEFFF0057, "ISDSC_DUPLICATE_PATH_SPECIFIED", "iscsi", "Duplicate path ids were given for the load balance policy."),
    (0xEFFF0058, "ISDSC_PATH_COUNT_MISMATCH", "iscsi", "The number of paths given does not match the number of paths to the target."),
    (0xEFFF0059, "ISDSC_INVALID_PATH_ID", "iscsi", "The path id given for the load balance policy is not valid."),
    (0xEFFF005A, "ISDSC_MULTIPLE_PRIMARY_PATHS_SPECIFIED", "iscsi", "More than one primary path was given where only one is expected."),
    (0xEFFF005B, "ISDSC_NO_PRIMARY_PATH_SPECIFIED", "iscsi", "No primary path was given where one is expected."),
    (0xEFFF005C, "ISDSC_DEVICE_ALREADY_PERSISTENTLY_BOUND", "iscsi", "The device is already persistently bound."),
    (0xEFFF005D, "ISDSC_DEVICE_NOT_FOUND", "iscsi", "The device was not found."),
    (0xEFFF005E, "ISDSC_DEVICE_NOT_ISCSI_OR_PERSISTENT", "iscsi",
     "The device does not come from an iSCSI disk or a persistent iSCSI login."),
    (0xEFFF005F, "ISDSC_DNS_NAME_UNRESOLVED", "iscsi", "The DNS name could not be resolved."),
    (0xEFFF0060, "ISDSC_NO_CONNECTION_AVAILABLE", "iscsi", "No connection in the iSCSI session is available to process the request."),
    (0xEFFF0061, "ISDSC_LB_POLICY_NOT_SUPPORTED", "iscsi", "The load balance policy is not supported."),
    (0xEFFF0062, "ISDSC_REMOVE_CONNECTION_IN_PROGRESS", "iscsi", "A remove-connection request is already in progress for this session."),
    (0xEFFF0063, "ISDSC_INVALID_CONNECTION_ID", "iscsi", "The connection was not found in the session."),
    (0xEFFF0064, "ISDSC_CANNOT_REMOVE_LEADING_CONNECTION", "iscsi", "The leading connection of the session cannot be removed."),
    (0xEFFF0065, "ISDSC_RESTRICTED_BY_GROUP_POLICY", "iscsi", "The operation is not allowed by the group policy of this computer."),
    (0xEFFF0066, "ISDSC_ISNS_FIREWALL_BLOCKED", "iscsi", "The iSNS firewall exception is not enabled."),
    (0xEFFF0067, "ISDSC_FAILURE_TO_PERSIST_LB_POLICY", "iscsi", "The load balancing policy parameters could not be saved."),
    (0xEFFF0068, "ISDSC_INVALID_HOST", "iscsi", "The name could not be resolved to an IP address."),
]

# CIM_EnabledLogicalElement.RequestStateChange return codes (DMTF CIM schema;
# MSISCSITARGET_iSCSISession inherits the method). They overlap the Win32
# numbers, so they are only decoded when the caller says family='cim'.
CIM_ENTRIES = [
    (0, "COMPLETED", "Completed with no error."),
    (1, "NOT_SUPPORTED", "The provider does not support this state change."),
    (2, "UNKNOWN_ERROR", "Unknown or unspecified error."),
    (3, "TIMEOUT", "The state change could not complete within the timeout period."),
    (4, "FAILED", "The state change failed."),
    (5, "INVALID_PARAMETER", "A parameter of the state change is not valid."),
    (6, "IN_USE", "The element is in use."),
    (4096, "JOB_STARTED", "Method parameters checked: a job was started to make the change."),
    (4097, "INVALID_STATE_TRANSITION", "The requested state transition is not valid from the current state."),
    (4098, "TIMEOUT_PARAMETER_NOT_SUPPORTED", "The provider does not support the TimeoutPeriod parameter."),
    (4099, "BUSY", "The element is busy."),
]

# SRB_STATUS_* values (srb.h) for SRB_IO_CONTROL.ReturnCode / SrbStatus. The two
# high bits (0x40 queue frozen, 0x80 autosense valid) are flags and are masked
# off before the look-up, as the SRB_STATUS() macro does. Whether the iSCSI
# Target pass-through reports these values in ReturnCode is UNCONFIRMED.
SRB_ENTRIES = [
    (0x00, "SRB_STATUS_PENDING", "The request is in progress."),
    (0x01, "SRB_STATUS_SUCCESS", "The request completed successfully."),
    (0x02, "SRB_STATUS_ABORTED", "The request was aborted."),
    (0x03, "SRB_STATUS_ABORT_FAILED", "The attempt to abort the request failed."),
    (0x04, "SRB_STATUS_ERROR", "The request completed with an error."),
    (0x05, "SRB_STATUS_BUSY", "The adapter or target is busy."),
    (0x06, "SRB_STATUS_INVALID_REQUEST", "The driver does not support the request (for example an unknown signature)."),
    (0x07, "SRB_STATUS_INVALID_PATH_ID", "The path id in the request is not valid."),
    (0x08, "SRB_STATUS_NO_DEVICE", "The device did not respond."),
    (0x09, "SRB_STATUS_TIMEOUT", "The request timed out."),
    (0x0A, "SRB_STATUS_SELECTION_TIMEOUT", "The target did not respond to selection."),
    (0x0B, "SRB_STATUS_COMMAND_TIMEOUT", "The command timed out."),
    (0x0D, "SRB_STATUS_MESSAGE_REJECTED", "The target rejected a message."),
    (0x0E, "SRB_STATUS_BUS_RESET", "A bus reset occurred."),
    (0x0F, "SRB_STATUS_PARITY_ERROR", "A parity error occurred."),
    (0x10, "SRB_STATUS_REQUEST_SENSE_FAILED", "The request-sense command failed."),
    (0x11, "SRB_STATUS_NO_HBA", "The host bus adapter is not responding."),
    (0x12, "SRB_STATUS_DATA_OVERRUN", "A data overrun or underrun occurred."),
    (0x13, "SRB_STATUS_UNEXPECTED_BUS_FREE", "The bus went free unexpectedly."),
    (0x14, "SRB_STATUS_PHASE_SEQUENCE_FAILURE", "A bus phase sequence failure occurred."),
    (0x15, "SRB_STATUS_BAD_SRB_BLOCK_LENGTH", "The request block length is not valid."),
    (0x16, "SRB_STATUS_REQUEST_FLUSHED", "The request was flushed."),
    (0x20, "SRB_STATUS_INVALID_LUN", "The logical unit number is not valid."),
    (0x21, "SRB_STATUS_INVALID_TARGET_ID", "The target id is not valid."),
    (0x22, "SRB_STATUS_BAD_FUNCTION", "The request function is not supported."),
    (0x23, "SRB_STATUS_ERROR_RECOVERY", "The request completed after error recovery."),
    (0x24, "SRB_STATUS_NOT_POWERED", "The device is not powered."),
    (0x25, "SRB_STATUS_LINK_DOWN", "The link to the device is down."),
]

# NTSTATUS values the modules can meet (what ntdll's Rtl* functions return), [MS-ERREF] 2.3; the same table as
# NtStatus in the target module's C# (a test compares them). Severity from bits 31-30, facility from bits 27-16.
NTSTATUS_ENTRIES = [
    (0x00000000, "STATUS_SUCCESS", "The operation completed successfully."),
    (0x80000005, "STATUS_BUFFER_OVERFLOW", "The data was too large to fit into the buffer."),
    (0xC0000002, "STATUS_NOT_IMPLEMENTED", "The requested operation is not implemented."),
    (0xC0000004, "STATUS_INFO_LENGTH_MISMATCH",
     "The length of the information structure does not match what the call expects."),
    (0xC0000005, "STATUS_ACCESS_VIOLATION", "An invalid memory access was attempted."),
    (0xC000000D, "STATUS_INVALID_PARAMETER", "An invalid parameter was passed to the function."),
    (0xC0000023, "STATUS_BUFFER_TOO_SMALL", "The buffer is too small to contain the entry."),
    (0xC00000BB, "STATUS_NOT_SUPPORTED", "The request is not supported."),
]

# The families decode() accepts: auto, and every ``kind`` a module can return in ``error.kind`` (a test collects
# the kinds from the C# and checks each is here). win32, hresult, wbem, vds and iscsi are read as auto reads them
# (the number tells them apart); cim, srb and ntstatus need their own reading.
FAMILIES = ("auto", "win32", "hresult", "wbem", "vds", "iscsi", "cim", "srb", "ntstatus")

FACILITY_NAMES = {
    0: "NULL", 1: "RPC", 2: "DISPATCH", 3: "STORAGE", 4: "ITF", 7: "WIN32", 8: "WINDOWS",
    9: "SSPI", 10: "CONTROL", 11: "CERT", 0xFFF: "ISCSI",
}

_BY_CODE = dict((e[0], e) for e in ENTRIES)
_CIM = dict((e[0], e) for e in CIM_ENTRIES)
_SRB = dict((e[0], e) for e in SRB_ENTRIES)
_NTSTATUS = dict((e[0], e) for e in NTSTATUS_ENTRIES)


class CatalogError(ValueError):
    """Raised for a code or family the catalog cannot take."""


def normalize(code):
    """Return ``code`` as an unsigned 32-bit integer (signed forms accepted)."""
    if isinstance(code, bool) or not isinstance(code, int):
        raise CatalogError("an error code must be an integer, got %s" % type(code).__name__)
    if -0x80000000 <= code < 0:
        return code + 0x100000000
    if 0 <= code <= 0xFFFFFFFF:
        return code
    raise CatalogError("error code %d is outside the 32-bit range" % code)


def _result(code, name, message, facility, kind, severity, win32_code=None):
    res = {
        "code": code,
        "hex": "0x%08X" % code,
        "name": name,
        "message": message,
        "facility": facility,
        "kind": kind,
        "severity": severity,
    }
    if win32_code is not None:
        res["win32_code"] = win32_code
    return res


def _facility_name(code):
    fac = (code >> 16) & 0x1FFF
    return FACILITY_NAMES.get(fac, "FACILITY_%d" % fac)


def _decode_cim(code):
    entry = _CIM.get(code)
    if entry is None:
        if 4100 <= code <= 32767:
            name, msg = "DMTF_RESERVED", "Return code %d is in the range reserved by DMTF." % code
        elif 32768 <= code <= 65535:
            name, msg = "VENDOR_SPECIFIC", "Return code %d is specific to the provider's vendor." % code
        else:
            name, msg = "UNKNOWN", "Unknown CIM return code %d." % code
    else:
        name, msg = entry[1], entry[2]
    if code == 0:
        severity = "success"
    elif code == 4096:
        severity = "info"
    else:
        severity = "error"
    return _result(code, name, msg, "CIM", "cim", severity)


def _decode_srb(code):
    status = code & 0x3F
    entry = _SRB.get(status)
    if entry is None:
        name, msg = "UNKNOWN", "Unknown SRB status 0x%02X." % status
    else:
        name, msg = entry[1], entry[2]
    if status == 0x01:
        severity = "success"
    elif status == 0x00:
        severity = "info"
    else:
        severity = "error"
    return _result(code, name, msg, "SRB", "srb", severity)


def _decode_ntstatus(code):
    severity = {3: "error", 2: "warning", 1: "info"}.get(code >> 30, "success")
    entry = _NTSTATUS.get(code)
    if entry is None:
        name, msg = "UNKNOWN", "Unknown NTSTATUS 0x%08X (severity %s, facility %d)." % (code, severity, (code >> 16) & 0xFFF)
    else:
        name, msg = entry[1], entry[2]
    return _result(code, name, msg, "NTSTATUS", "ntstatus", severity)


def decode(code, family="auto"):
    """Decode ``code`` into ``{code, hex, name, message, facility, kind, severity[, win32_code]}``."""
    if family not in FAMILIES:
        raise CatalogError("unknown error family %r; expected one of %s" % (family, ", ".join(FAMILIES)))
    code = normalize(code)
    if family == "cim":
        return _decode_cim(code)
    if family == "srb":
        return _decode_srb(code)
    if family == "ntstatus":
        return _decode_ntstatus(code)

    if code <= 0xFFFF:
        entry = _BY_CODE.get(code)
        if entry is not None:
            name, msg = entry[1], entry[3]
        else:
            name, msg = "UNKNOWN", "Unknown Win32 error %d." % code
        return _result(code, name, msg, "WIN32", "win32", "success" if code == 0 else "error")

    if (code & 0xFFFF0000) == 0x80070000:
        inner = code & 0xFFFF
        entry = _BY_CODE.get(inner)
        if entry is not None:
            name, msg = entry[1], entry[3]
        else:
            name, msg = "UNKNOWN", "Unknown Win32 error %d." % inner
        return _result(code, name, msg, "WIN32", "hresult", "error", win32_code=inner)

    entry = _BY_CODE.get(code)
    if entry is not None:
        kind = entry[2]
        if kind == "iscsi":
            severity = "error" if (code >> 30) == 3 else "warning"
            return _result(code, entry[1], entry[3], "ISCSI", kind, severity)
        severity = "error" if code & 0x80000000 else "success"
        return _result(code, entry[1], entry[3], _facility_name(code), kind, severity)

    if (code & 0x2FFF0000) == 0x2FFF0000:
        sev = code >> 30
        severity = {3: "error", 2: "warning", 1: "info"}.get(sev, "success")
        return _result(code, "UNKNOWN", "Unknown iSCSI discovery status 0x%08X." % code, "ISCSI", "iscsi", severity)
    severity = "error" if code & 0x80000000 else "success"
    return _result(code, "UNKNOWN", "Unknown HRESULT 0x%08X." % code, _facility_name(code), "hresult", severity)
