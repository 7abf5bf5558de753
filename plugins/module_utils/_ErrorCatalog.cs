// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The shared error catalog on the managed host. This file is internal to the
// collection and may change without notice.
//
// The tables between the GENERATED markers are written by
// tools/gen_error_catalog.py from plugins/plugin_utils/_error_catalog.py, the
// single source of truth; do not edit them by hand. The decoding rules below
// mirror decode() in that Python module, and a unit test runs both over the
// same codes and compares every field.
using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;

//TypeAccelerator -Name SessionCtl.ErrorCatalog -TypeName ErrorCatalog

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog
{
    /// <summary>One decoded error code.</summary>
    public class ErrorInfo
    {
        public long Code { get; private set; }
        public string Hex { get; private set; }
        public string Name { get; private set; }
        public string Message { get; private set; }
        public string Facility { get; private set; }
        public string Kind { get; private set; }
        public string Severity { get; private set; }
        /// <summary>The Win32 code inside an HRESULT_FROM_WIN32 value, or -1.</summary>
        public int Win32Code { get; private set; }

        public ErrorInfo(long code, string name, string message, string facility, string kind, string severity,
            int win32Code)
        {
            Code = code;
            Hex = String.Format("0x{0:X8}", code);
            Name = name;
            Message = message;
            Facility = facility;
            Kind = kind;
            Severity = severity;
            Win32Code = win32Code;
        }

        public bool IsSuccess
        {
            get { return Severity == "success"; }
        }

        /// <summary>A short form for messages: NAME (0x...) text</summary>
        public override string ToString()
        {
            return String.Format("{0} ({1}) {2}", Name, Hex, Message);
        }

        public Hashtable ToDictionary()
        {
            Hashtable res = new Hashtable();
            res["code"] = Code;
            res["hex"] = Hex;
            res["name"] = Name;
            res["message"] = Message;
            res["facility"] = Facility;
            res["kind"] = Kind;
            res["severity"] = Severity;
            if (Win32Code >= 0)
                res["win32_code"] = Win32Code;
            return res;
        }
    }

    /// <summary>Decodes Win32, HRESULT, VDS, ISDSC, CIM and SRB codes.</summary>
    public static class ErrorCatalog
    {
        private class Entry
        {
            public string Name;
            public string Kind;
            public string Message;
        }

        private static readonly Dictionary<long, Entry> ByCode = new Dictionary<long, Entry>();
        private static readonly Dictionary<long, Entry> Cim = new Dictionary<long, Entry>();
        private static readonly Dictionary<long, Entry> Srb = new Dictionary<long, Entry>();
        private static readonly Dictionary<int, string> FacilityNames = new Dictionary<int, string>();

        /// <summary>
        /// Gives the system's text for a Win32 code, or null to use the catalog's text. On Windows it is
        /// Win32Exception(code).Message; elsewhere (the unit tests under Mono) it is null. Tests may replace it.
        /// </summary>
        public static Func<int, string> SystemMessage = DefaultSystemMessage;

        public static readonly string[] Families = new string[] { "auto", "win32", "hresult", "cim", "srb" };

        static ErrorCatalog()
        {
            LoadTables();
        }

        private static void Add(long code, string name, string kind, string message)
        {
            ByCode[code] = new Entry { Name = name, Kind = kind, Message = message };
        }

        private static void AddCim(long code, string name, string message)
        {
            Cim[code] = new Entry { Name = name, Kind = "cim", Message = message };
        }

        private static void AddSrb(long code, string name, string message)
        {
            Srb[code] = new Entry { Name = name, Kind = "srb", Message = message };
        }

        private static void AddFacility(int facility, string name)
        {
            FacilityNames[facility] = name;
        }

        private static string DefaultSystemMessage(int code)
        {
            if (Environment.OSVersion.Platform != PlatformID.Win32NT)
                return null;
            try
            {
                return new Win32Exception(code).Message;
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>Returns the unsigned 32-bit form of a code given signed or unsigned.</summary>
        public static long Normalize(long code)
        {
            if (code >= -0x80000000L && code < 0)
                return code + 0x100000000L;
            if (code >= 0 && code <= 0xFFFFFFFFL)
                return code;
            throw new ArgumentOutOfRangeException("code", code,
                String.Format("error code {0} is outside the 32-bit range", code));
        }

        public static ErrorInfo Decode(long code)
        {
            return Decode(code, "auto");
        }

        /// <summary>The Win32 code of GetLastError, decoded.</summary>
        public static ErrorInfo FromWin32(int code)
        {
            return Decode(code & 0xFFFFFFFFL, "win32");
        }

        /// <summary>An HRESULT as .NET gives it (a signed int), decoded.</summary>
        public static ErrorInfo FromHResult(int hresult)
        {
            return Decode(hresult, "hresult");
        }

        public static ErrorInfo Decode(long code, string family)
        {
            if (Array.IndexOf(Families, family) < 0)
                throw new ArgumentException(String.Format("unknown error family '{0}'; expected one of {1}",
                    family, String.Join(", ", Families)), "family");
            code = Normalize(code);
            if (family == "cim")
                return DecodeCim(code);
            if (family == "srb")
                return DecodeSrb(code);

            Entry entry;
            if (code <= 0xFFFF)
            {
                string name = "UNKNOWN";
                string msg = String.Format("Unknown Win32 error {0}.", code);
                if (ByCode.TryGetValue(code, out entry))
                {
                    name = entry.Name;
                    msg = entry.Message;
                }
                return new ErrorInfo(code, name, SystemText((int)code, msg), "WIN32", "win32",
                    code == 0 ? "success" : "error", -1);
            }

            if ((code & 0xFFFF0000L) == 0x80070000L)
            {
                int inner = (int)(code & 0xFFFF);
                string name = "UNKNOWN";
                string msg = String.Format("Unknown Win32 error {0}.", inner);
                if (ByCode.TryGetValue(inner, out entry))
                {
                    name = entry.Name;
                    msg = entry.Message;
                }
                return new ErrorInfo(code, name, SystemText(inner, msg), "WIN32", "hresult", "error", inner);
            }

            if (ByCode.TryGetValue(code, out entry))
            {
                if (entry.Kind == "iscsi")
                {
                    string sev = (code >> 30) == 3 ? "error" : "warning";
                    return new ErrorInfo(code, entry.Name, entry.Message, "ISCSI", entry.Kind, sev, -1);
                }
                return new ErrorInfo(code, entry.Name, entry.Message, FacilityName(code), entry.Kind,
                    (code & 0x80000000L) != 0 ? "error" : "success", -1);
            }

            if ((code & 0x2FFF0000L) == 0x2FFF0000L)
            {
                long sevBits = code >> 30;
                string sev = sevBits == 3 ? "error" : sevBits == 2 ? "warning" : sevBits == 1 ? "info" : "success";
                return new ErrorInfo(code, "UNKNOWN", String.Format("Unknown iSCSI discovery status 0x{0:X8}.", code),
                    "ISCSI", "iscsi", sev, -1);
            }
            return new ErrorInfo(code, "UNKNOWN", String.Format("Unknown HRESULT 0x{0:X8}.", code), FacilityName(code),
                "hresult", (code & 0x80000000L) != 0 ? "error" : "success", -1);
        }

        private static string SystemText(int code, string fallback)
        {
            Func<int, string> provider = SystemMessage;
            if (provider == null)
                return fallback;
            string text = provider(code);
            if (String.IsNullOrEmpty(text))
                return fallback;
            return text.Trim();
        }

        private static string FacilityName(long code)
        {
            int fac = (int)((code >> 16) & 0x1FFF);
            string name;
            if (FacilityNames.TryGetValue(fac, out name))
                return name;
            return String.Format("FACILITY_{0}", fac);
        }

        private static ErrorInfo DecodeCim(long code)
        {
            Entry entry;
            string name;
            string msg;
            if (Cim.TryGetValue(code, out entry))
            {
                name = entry.Name;
                msg = entry.Message;
            }
            else if (code >= 4100 && code <= 32767)
            {
                name = "DMTF_RESERVED";
                msg = String.Format("Return code {0} is in the range reserved by DMTF.", code);
            }
            else if (code >= 32768 && code <= 65535)
            {
                name = "VENDOR_SPECIFIC";
                msg = String.Format("Return code {0} is specific to the provider's vendor.", code);
            }
            else
            {
                name = "UNKNOWN";
                msg = String.Format("Unknown CIM return code {0}.", code);
            }
            string sev = code == 0 ? "success" : code == 4096 ? "info" : "error";
            return new ErrorInfo(code, name, msg, "CIM", "cim", sev, -1);
        }

        private static ErrorInfo DecodeSrb(long code)
        {
            long status = code & 0x3F;
            Entry entry;
            string name = "UNKNOWN";
            string msg = String.Format("Unknown SRB status 0x{0:X2}.", status);
            if (Srb.TryGetValue(status, out entry))
            {
                name = entry.Name;
                msg = entry.Message;
            }
            string sev = status == 1 ? "success" : status == 0 ? "info" : "error";
            return new ErrorInfo(code, name, msg, "SRB", "srb", sev, -1);
        }

        /// <summary>Every code the catalog knows in the auto family, for tests and documentation.</summary>
        public static ICollection<long> KnownCodes
        {
            get { return ByCode.Keys; }
        }

        private static void LoadTables()
        {
            // BEGIN GENERATED (tools/gen_error_catalog.py)
            Add(0x00000000L, "ERROR_SUCCESS", "win32", "The operation completed successfully.");
            Add(0x00000001L, "ERROR_INVALID_FUNCTION", "win32", "Incorrect function.");
            Add(0x00000002L, "ERROR_FILE_NOT_FOUND", "win32", "The system cannot find the file specified.");
            Add(0x00000003L, "ERROR_PATH_NOT_FOUND", "win32", "The system cannot find the path specified.");
            Add(0x00000005L, "ERROR_ACCESS_DENIED", "win32", "Access is denied.");
            Add(0x00000006L, "ERROR_INVALID_HANDLE", "win32", "The handle is invalid.");
            Add(0x00000008L, "ERROR_NOT_ENOUGH_MEMORY", "win32", "Not enough memory resources are available to process this command.");
            Add(0x0000000DL, "ERROR_INVALID_DATA", "win32", "The data is invalid.");
            Add(0x00000015L, "ERROR_NOT_READY", "win32", "The device is not ready.");
            Add(0x0000001FL, "ERROR_GEN_FAILURE", "win32", "A device attached to the system is not functioning.");
            Add(0x00000020L, "ERROR_SHARING_VIOLATION", "win32", "The process cannot access the file because it is being used by another process.");
            Add(0x00000032L, "ERROR_NOT_SUPPORTED", "win32", "The request is not supported.");
            Add(0x00000035L, "ERROR_BAD_NETPATH", "win32", "The network path was not found.");
            Add(0x00000057L, "ERROR_INVALID_PARAMETER", "win32", "The parameter is incorrect.");
            Add(0x00000078L, "ERROR_CALL_NOT_IMPLEMENTED", "win32", "This function is not supported on this system.");
            Add(0x0000007AL, "ERROR_INSUFFICIENT_BUFFER", "win32", "The data area passed to a system call is too small.");
            Add(0x000000AAL, "ERROR_BUSY", "win32", "The requested resource is in use.");
            Add(0x000000EAL, "ERROR_MORE_DATA", "win32", "More data is available.");
            Add(0x00000102L, "WAIT_TIMEOUT", "win32", "The wait operation timed out.");
            Add(0x00000424L, "ERROR_SERVICE_DOES_NOT_EXIST", "win32", "The specified service does not exist as an installed service.");
            Add(0x00000426L, "ERROR_SERVICE_NOT_ACTIVE", "win32", "The service has not been started.");
            Add(0x00000490L, "ERROR_NOT_FOUND", "win32", "Element not found.");
            Add(0x0000052EL, "ERROR_LOGON_FAILURE", "win32", "The user name or password is incorrect.");
            Add(0x000005B4L, "ERROR_TIMEOUT", "win32", "This operation returned because the timeout period expired.");
            Add(0x000006B5L, "RPC_S_UNKNOWN_IF", "win32", "The interface is unknown.");
            Add(0x000006BAL, "RPC_S_SERVER_UNAVAILABLE", "win32", "The RPC server is unavailable.");
            Add(0x000006BBL, "RPC_S_SERVER_TOO_BUSY", "win32", "The RPC server is too busy to complete this operation.");
            Add(0x000006BEL, "RPC_S_CALL_FAILED", "win32", "The remote procedure call failed.");
            Add(0x000006BFL, "RPC_S_CALL_FAILED_DNE", "win32", "The remote procedure call failed and did not execute.");
            Add(0x000006F8L, "ERROR_INVALID_USER_BUFFER", "win32", "The supplied user buffer is not valid for the requested operation.");
            Add(0x00001B5FL, "ERROR_CTX_CLOSE_PENDING", "win32", "A close operation is pending on the session.");
            Add(0x00001B6EL, "ERROR_CTX_WINSTATION_NOT_FOUND", "win32", "The specified session cannot be found.");
            Add(0x00001B70L, "ERROR_CTX_WINSTATION_BUSY", "win32", "The requested operation cannot be completed because the terminal connection is currently busy processing a connect, disconnect, reset, or delete operation.");
            Add(0x00001B85L, "ERROR_CTX_WINSTATION_ACCESS_DENIED", "win32", "The requested session access is denied.");
            Add(0x00001B96L, "ERROR_CTX_SESSION_IN_USE", "win32", "The requested session is already in use.");
            Add(0x80004001L, "E_NOTIMPL", "hresult", "Not implemented.");
            Add(0x80004002L, "E_NOINTERFACE", "hresult", "No such interface supported.");
            Add(0x80004003L, "E_POINTER", "hresult", "Invalid pointer.");
            Add(0x80004004L, "E_ABORT", "hresult", "Operation aborted.");
            Add(0x80004005L, "E_FAIL", "hresult", "Unspecified error.");
            Add(0x8000FFFFL, "E_UNEXPECTED", "hresult", "Catastrophic failure.");
            Add(0x80010106L, "RPC_E_CHANGED_MODE", "hresult", "Cannot change thread mode after it is set.");
            Add(0x80010119L, "RPC_E_TOO_LATE", "hresult", "Security must be initialized before any interfaces are marshalled or unmarshalled.");
            Add(0x80040154L, "REGDB_E_CLASSNOTREG", "hresult", "Class not registered.");
            Add(0x800401F0L, "CO_E_NOTINITIALIZED", "hresult", "CoInitialize has not been called.");
            Add(0x80041001L, "WBEM_E_FAILED", "wbem", "The WMI call failed.");
            Add(0x80041002L, "WBEM_E_NOT_FOUND", "wbem", "The WMI object was not found.");
            Add(0x80041003L, "WBEM_E_ACCESS_DENIED", "wbem", "Access to the WMI object was denied.");
            Add(0x80041008L, "WBEM_E_INVALID_PARAMETER", "wbem", "A parameter of the WMI call is not valid.");
            Add(0x8004100CL, "WBEM_E_NOT_SUPPORTED", "wbem", "The WMI feature or operation is not supported.");
            Add(0x8004100EL, "WBEM_E_INVALID_NAMESPACE", "wbem", "The WMI namespace does not exist; the provider that owns it is probably not installed.");
            Add(0x80041010L, "WBEM_E_INVALID_CLASS", "wbem", "The WMI class does not exist; the provider that owns it is probably not installed.");
            Add(0x80041013L, "WBEM_E_PROVIDER_LOAD_FAILURE", "wbem", "The WMI provider could not be loaded.");
            Add(0x80041017L, "WBEM_E_INVALID_QUERY", "wbem", "The WMI query is not valid.");
            Add(0x80041032L, "WBEM_E_CALL_CANCELLED", "wbem", "The WMI call was cancelled.");
            Add(0x80042400L, "VDS_E_NOT_SUPPORTED", "vds", "The operation is not supported by the object.");
            Add(0x80042401L, "VDS_E_INITIALIZED_FAILED", "vds", "VDS or the provider failed to initialize.");
            Add(0x80042402L, "VDS_E_INITIALIZE_NOT_CALLED", "vds", "VDS did not call the hardware provider's initialization method.");
            Add(0x80042405L, "VDS_E_OBJECT_NOT_FOUND", "vds", "The object was not found.");
            Add(0x80042409L, "VDS_E_OPERATION_PENDING", "vds", "Another operation is in progress; this operation cannot proceed until it completes.");
            Add(0x8004240DL, "VDS_E_OPERATION_CANCELED", "vds", "The operation was canceled.");
            Add(0x80042413L, "VDS_E_DEVICE_IN_USE", "vds", "The device or a volume on it is in use.");
            Add(0x80042427L, "VDS_E_ACCESS_DENIED", "vds", "Access is denied. A VDS operation must run with administrator rights.");
            Add(0x80042442L, "VDS_E_PROVIDER_FAILURE", "vds", "The provider failed the operation.");
            Add(0x8004244EL, "VDS_E_ASYNC_OBJECT_FAILURE", "vds", "The asynchronous operation object could not be created or failed.");
            Add(0x8004245FL, "VDS_E_TIMEOUT", "vds", "The operation timed out.");
            Add(0x80042706L, "VDS_E_TARGET_SPECIFIC_NOT_SUPPORTED", "vds", "The operation is not supported for this target.");
            Add(0x80042708L, "VDS_E_ISCSI_LOGIN_FAILED", "vds", "The iSCSI login failed.");
            Add(0x80042709L, "VDS_E_ISCSI_LOGOUT_FAILED", "vds", "The iSCSI logout failed.");
            Add(0x8004270AL, "VDS_E_ISCSI_SESSION_NOT_FOUND", "vds", "No iSCSI session to the target was found.");
            Add(0x8004270CL, "VDS_E_ASSOCIATED_PORTALS_EXIST", "vds", "The portal group still has portals associated with it.");
            Add(0x80042710L, "VDS_E_ISCSI_LOGOUT_INCOMPLETE", "vds", "At least one session to the target did not log out.");
            Add(0x00042800L, "VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED", "vds", "No session to the target was found, but its persistent login was removed.");
            Add(0x00042801L, "VDS_S_ISCSI_PERSISTENT_LOGIN_MAY_NOT_BE_REMOVED", "vds", "The logout succeeded, but the persistent login may not have been removed.");
            Add(0x00042802L, "VDS_S_ISCSI_LOGIN_ALREAD_EXISTS", "vds", "A login to the target already exists.");
            Add(0x80042901L, "VDS_E_TARGET_PORTAL_NOT_FOUND", "vds", "The target portal was not found.");
            Add(0x80042903L, "VDS_E_INVALID_ISCSI_TARGET_NAME", "vds", "The iSCSI target name is not valid.");
            Add(0x80042908L, "VDS_E_ISCSI_INITIATOR_NODE_NAME", "vds", "The iSCSI initiator node name is not valid.");
            Add(0x8004290AL, "VDS_E_ISCSI_CHAP_SECRET", "vds", "The CHAP secret is not valid.");
            Add(0x8004291CL, "VDS_E_INVALID_ISCSI_PATH", "vds", "The iSCSI path is not valid.");
            Add(0xEFFF0001L, "ISDSC_NON_SPECIFIC_ERROR", "iscsi", "A non-specific error occurred.");
            Add(0xEFFF0002L, "ISDSC_LOGIN_FAILED", "iscsi", "Login failed.");
            Add(0xEFFF0003L, "ISDSC_CONNECTION_FAILED", "iscsi", "Connection failed.");
            Add(0xEFFF0004L, "ISDSC_INITIATOR_NODE_ALREADY_EXISTS", "iscsi", "Initiator node already exists.");
            Add(0xEFFF0005L, "ISDSC_INITIATOR_NODE_NOT_FOUND", "iscsi", "Initiator node does not exist.");
            Add(0xEFFF0006L, "ISDSC_TARGET_MOVED_TEMPORARILY", "iscsi", "Target moved temporarily.");
            Add(0xEFFF0007L, "ISDSC_TARGET_MOVED_PERMANENTLY", "iscsi", "Target moved permanently.");
            Add(0xEFFF0008L, "ISDSC_INITIATOR_ERROR", "iscsi", "Initiator error.");
            Add(0xEFFF0009L, "ISDSC_AUTHENTICATION_FAILURE", "iscsi", "Authentication failure.");
            Add(0xEFFF000AL, "ISDSC_AUTHORIZATION_FAILURE", "iscsi", "Authorization failure.");
            Add(0xEFFF000BL, "ISDSC_NOT_FOUND", "iscsi", "Not found.");
            Add(0xEFFF000CL, "ISDSC_TARGET_REMOVED", "iscsi", "Target removed.");
            Add(0xEFFF000DL, "ISDSC_UNSUPPORTED_VERSION", "iscsi", "Unsupported version.");
            Add(0xEFFF000EL, "ISDSC_TOO_MANY_CONNECTIONS", "iscsi", "Too many connections.");
            Add(0xEFFF000FL, "ISDSC_MISSING_PARAMETER", "iscsi", "Missing parameter.");
            Add(0xEFFF0010L, "ISDSC_CANT_INCLUDE_IN_SESSION", "iscsi", "Cannot include in session.");
            Add(0xEFFF0011L, "ISDSC_SESSION_TYPE_NOT_SUPPORTED", "iscsi", "Session type not supported.");
            Add(0xEFFF0012L, "ISDSC_TARGET_ERROR", "iscsi", "Target error.");
            Add(0xEFFF0013L, "ISDSC_SERVICE_UNAVAILABLE", "iscsi", "Service unavailable.");
            Add(0xEFFF0014L, "ISDSC_OUT_OF_RESOURCES", "iscsi", "Out of resources.");
            Add(0xEFFF0015L, "ISDSC_CONNECTION_ALREADY_EXISTS", "iscsi", "Connections already exist on the initiator node.");
            Add(0xEFFF0016L, "ISDSC_SESSION_ALREADY_EXISTS", "iscsi", "Session already exists.");
            Add(0xEFFF0017L, "ISDSC_INITIATOR_INSTANCE_NOT_FOUND", "iscsi", "Initiator instance does not exist.");
            Add(0xEFFF0018L, "ISDSC_TARGET_ALREADY_EXISTS", "iscsi", "Target already exists.");
            Add(0xEFFF0019L, "ISDSC_DRIVER_BUG", "iscsi", "The iSCSI driver did not complete an operation correctly.");
            Add(0xEFFF001AL, "ISDSC_INVALID_TEXT_KEY", "iscsi", "An invalid text key was encountered.");
            Add(0xEFFF001BL, "ISDSC_INVALID_SENDTARGETS_TEXT", "iscsi", "An invalid SendTargets response text was encountered.");
            Add(0xEFFF001CL, "ISDSC_INVALID_SESSION_ID", "iscsi", "Invalid session id.");
            Add(0xEFFF001DL, "ISDSC_SCSI_REQUEST_FAILED", "iscsi", "The SCSI request failed.");
            Add(0xEFFF001EL, "ISDSC_TOO_MANY_SESSIONS", "iscsi", "The initiator has reached its maximum number of sessions.");
            Add(0xEFFF001FL, "ISDSC_SESSION_BUSY", "iscsi", "The session is busy: a request is already in progress.");
            Add(0xEFFF0020L, "ISDSC_TARGET_MAPPING_UNAVAILABLE", "iscsi", "The requested target mapping is not available.");
            Add(0xEFFF0021L, "ISDSC_ADDRESS_TYPE_NOT_SUPPORTED", "iscsi", "The target address type is not supported.");
            Add(0xEFFF0022L, "ISDSC_LOGON_FAILED", "iscsi", "Logon failed.");
            Add(0xEFFF0023L, "ISDSC_SEND_FAILED", "iscsi", "TCP send failed.");
            Add(0xEFFF0024L, "ISDSC_TRANSPORT_ERROR", "iscsi", "TCP transport error.");
            Add(0xEFFF0025L, "ISDSC_VERSION_MISMATCH", "iscsi", "iSCSI version mismatch.");
            Add(0xEFFF0026L, "ISDSC_TARGET_MAPPING_OUT_OF_RANGE", "iscsi", "The target mapping address is out of range for the adapter configuration.");
            Add(0xEFFF0027L, "ISDSC_TARGET_PRESHAREDKEY_UNAVAILABLE", "iscsi", "The preshared key for the target or IKE identification payload is not available.");
            Add(0xEFFF0028L, "ISDSC_TARGET_AUTHINFO_UNAVAILABLE", "iscsi", "The authentication information for the target is not available.");
            Add(0xEFFF0029L, "ISDSC_TARGET_NOT_FOUND", "iscsi", "The target name was not found or is hidden from login.");
            Add(0xEFFF002AL, "ISDSC_LOGIN_USER_INFO_BAD", "iscsi", "One or more login parameters are not valid.");
            Add(0xEFFF002BL, "ISDSC_TARGET_MAPPING_EXISTS", "iscsi", "The target mapping already exists.");
            Add(0xEFFF002CL, "ISDSC_HBA_SECURITY_CACHE_FULL", "iscsi", "The HBA security information cache is full.");
            Add(0xEFFF002DL, "ISDSC_INVALID_PORT_NUMBER", "iscsi", "The port number is not valid for the initiator.");
            Add(0xAFFF002EL, "ISDSC_OPERATION_NOT_ALL_SUCCESS", "iscsi", "The operation did not succeed for all initiators or discovery methods.");
            Add(0xEFFF002FL, "ISDSC_HBA_SECURITY_CACHE_NOT_SUPPORTED", "iscsi", "The adapter does not support an HBA security information cache.");
            Add(0xEFFF0030L, "ISDSC_IKE_ID_PAYLOAD_TYPE_NOT_SUPPORTED", "iscsi", "The IKE id payload type is not supported.");
            Add(0xEFFF0031L, "ISDSC_IKE_ID_PAYLOAD_INCORRECT_SIZE", "iscsi", "The IKE id payload size is not correct.");
            Add(0xEFFF0032L, "ISDSC_TARGET_PORTAL_ALREADY_EXISTS", "iscsi", "The target portal already exists.");
            Add(0xEFFF0033L, "ISDSC_TARGET_ADDRESS_ALREADY_EXISTS", "iscsi", "The target address already exists.");
            Add(0xEFFF0034L, "ISDSC_NO_AUTH_INFO_AVAILABLE", "iscsi", "No IKE authentication information is available.");
            Add(0xEFFF0035L, "ISDSC_NO_TUNNEL_OUTER_MODE_ADDRESS", "iscsi", "No tunnel-mode outer address is specified.");
            Add(0xEFFF0036L, "ISDSC_CACHE_CORRUPTED", "iscsi", "The authentication or tunnel address cache is corrupted.");
            Add(0xEFFF0037L, "ISDSC_REQUEST_NOT_SUPPORTED", "iscsi", "The request or operation is not supported.");
            Add(0xEFFF0038L, "ISDSC_TARGET_OUT_OF_RESORCES", "iscsi", "The target does not have enough resources for the request.");
            Add(0xEFFF0039L, "ISDSC_SERVICE_DID_NOT_RESPOND", "iscsi", "The initiator service did not respond to the driver's request.");
            Add(0xEFFF003AL, "ISDSC_ISNS_SERVER_NOT_FOUND", "iscsi", "The iSNS server was not found or is unavailable.");
            Add(0xAFFF003BL, "ISDSC_OPERATION_REQUIRES_REBOOT", "iscsi", "The operation succeeded but needs a driver reload or a reboot to take effect.");
            Add(0xEFFF003CL, "ISDSC_NO_PORTAL_SPECIFIED", "iscsi", "No target portal is available to complete the login.");
            Add(0xEFFF003DL, "ISDSC_CANT_REMOVE_LAST_CONNECTION", "iscsi", "The last connection of a session cannot be removed.");
            Add(0xEFFF003EL, "ISDSC_SERVICE_NOT_RUNNING", "iscsi", "The Microsoft iSCSI Initiator Service (MSiSCSI) is not running.");
            Add(0xEFFF003FL, "ISDSC_TARGET_ALREADY_LOGGED_IN", "iscsi", "The target is already logged in through an iSCSI session.");
            Add(0xEFFF0040L, "ISDSC_DEVICE_BUSY_ON_SESSION", "iscsi", "The session cannot be logged out because a device on it is in use.");
            Add(0xEFFF0041L, "ISDSC_COULD_NOT_SAVE_PERSISTENT_LOGIN_DATA", "iscsi", "The persistent login information could not be saved.");
            Add(0xEFFF0042L, "ISDSC_COULD_NOT_REMOVE_PERSISTENT_LOGIN_DATA", "iscsi", "The persistent login information could not be removed.");
            Add(0xEFFF0043L, "ISDSC_PORTAL_NOT_FOUND", "iscsi", "The portal was not found.");
            Add(0xEFFF0044L, "ISDSC_INITIATOR_NOT_FOUND", "iscsi", "The initiator name was not found.");
            Add(0xEFFF0045L, "ISDSC_DISCOVERY_MECHANISM_NOT_FOUND", "iscsi", "The discovery mechanism was not found.");
            Add(0xEFFF0046L, "ISDSC_IPSEC_NOT_SUPPORTED_ON_OS", "iscsi", "iSCSI does not support IPsec on this version of Windows.");
            Add(0xEFFF0047L, "ISDSC_PERSISTENT_LOGIN_TIMEOUT", "iscsi", "The iSCSI service timed out waiting for the persistent logins to complete.");
            Add(0xAFFF0048L, "ISDSC_SHORT_CHAP_SECRET", "iscsi", "The CHAP secret is shorter than 96 bits and cannot authenticate connections without IPsec.");
            Add(0xEFFF0049L, "ISDSC_EVALUATION_PEROID_EXPIRED", "iscsi", "The evaluation period of the iSCSI initiator service has expired.");
            Add(0xEFFF004AL, "ISDSC_INVALID_CHAP_SECRET", "iscsi", "The CHAP secret does not conform to the standard.");
            Add(0xEFFF004BL, "ISDSC_INVALID_TARGET_CHAP_SECRET", "iscsi", "The target CHAP secret is not valid.");
            Add(0xEFFF004CL, "ISDSC_INVALID_INITIATOR_CHAP_SECRET", "iscsi", "The initiator CHAP secret is not valid.");
            Add(0xEFFF004DL, "ISDSC_INVALID_CHAP_USER_NAME", "iscsi", "The CHAP user name is not valid.");
            Add(0xEFFF004EL, "ISDSC_INVALID_LOGON_AUTH_TYPE", "iscsi", "The logon authentication type is not valid.");
            Add(0xEFFF004FL, "ISDSC_INVALID_TARGET_MAPPING", "iscsi", "The target mapping information is not valid.");
            Add(0xEFFF0050L, "ISDSC_INVALID_TARGET_ID", "iscsi", "The target id in the target mapping is not valid.");
            Add(0xEFFF0051L, "ISDSC_INVALID_ISCSI_NAME", "iscsi", "The iSCSI name contains invalid characters or is too long.");
            Add(0xEFFF0052L, "ISDSC_INCOMPATIBLE_ISNS_VERSION", "iscsi", "The iSNS server's version is not compatible with this iSNS client.");
            Add(0xEFFF0053L, "ISDSC_FAILED_TO_CONFIGURE_IPSEC", "iscsi", "The initiator failed to configure IPsec for the connection.");
            Add(0xEFFF0054L, "ISDSC_BUFFER_TOO_SMALL", "iscsi", "The buffer given for the request is too small.");
            Add(0xEFFF0055L, "ISDSC_INVALID_LOAD_BALANCE_POLICY", "iscsi", "The load balance policy is not recognized by the initiator.");
            Add(0xEFFF0056L, "ISDSC_INVALID_PARAMETER", "iscsi", "One or more parameters are not valid.");
            Add(0xEFFF0057L, "ISDSC_DUPLICATE_PATH_SPECIFIED", "iscsi", "Duplicate path ids were given for the load balance policy.");
            Add(0xEFFF0058L, "ISDSC_PATH_COUNT_MISMATCH", "iscsi", "The number of paths given does not match the number of paths to the target.");
            Add(0xEFFF0059L, "ISDSC_INVALID_PATH_ID", "iscsi", "The path id given for the load balance policy is not valid.");
            Add(0xEFFF005AL, "ISDSC_MULTIPLE_PRIMARY_PATHS_SPECIFIED", "iscsi", "More than one primary path was given where only one is expected.");
            Add(0xEFFF005BL, "ISDSC_NO_PRIMARY_PATH_SPECIFIED", "iscsi", "No primary path was given where one is expected.");
            Add(0xEFFF005CL, "ISDSC_DEVICE_ALREADY_PERSISTENTLY_BOUND", "iscsi", "The device is already persistently bound.");
            Add(0xEFFF005DL, "ISDSC_DEVICE_NOT_FOUND", "iscsi", "The device was not found.");
            Add(0xEFFF005EL, "ISDSC_DEVICE_NOT_ISCSI_OR_PERSISTENT", "iscsi", "The device does not come from an iSCSI disk or a persistent iSCSI login.");
            Add(0xEFFF005FL, "ISDSC_DNS_NAME_UNRESOLVED", "iscsi", "The DNS name could not be resolved.");
            Add(0xEFFF0060L, "ISDSC_NO_CONNECTION_AVAILABLE", "iscsi", "No connection in the iSCSI session is available to process the request.");
            Add(0xEFFF0061L, "ISDSC_LB_POLICY_NOT_SUPPORTED", "iscsi", "The load balance policy is not supported.");
            Add(0xEFFF0062L, "ISDSC_REMOVE_CONNECTION_IN_PROGRESS", "iscsi", "A remove-connection request is already in progress for this session.");
            Add(0xEFFF0063L, "ISDSC_INVALID_CONNECTION_ID", "iscsi", "The connection was not found in the session.");
            Add(0xEFFF0064L, "ISDSC_CANNOT_REMOVE_LEADING_CONNECTION", "iscsi", "The leading connection of the session cannot be removed.");
            Add(0xEFFF0065L, "ISDSC_RESTRICTED_BY_GROUP_POLICY", "iscsi", "The operation is not allowed by the group policy of this computer.");
            Add(0xEFFF0066L, "ISDSC_ISNS_FIREWALL_BLOCKED", "iscsi", "The iSNS firewall exception is not enabled.");
            Add(0xEFFF0067L, "ISDSC_FAILURE_TO_PERSIST_LB_POLICY", "iscsi", "The load balancing policy parameters could not be saved.");
            Add(0xEFFF0068L, "ISDSC_INVALID_HOST", "iscsi", "The name could not be resolved to an IP address.");
            AddCim(0, "COMPLETED", "Completed with no error.");
            AddCim(1, "NOT_SUPPORTED", "The provider does not support this state change.");
            AddCim(2, "UNKNOWN_ERROR", "Unknown or unspecified error.");
            AddCim(3, "TIMEOUT", "The state change could not complete within the timeout period.");
            AddCim(4, "FAILED", "The state change failed.");
            AddCim(5, "INVALID_PARAMETER", "A parameter of the state change is not valid.");
            AddCim(6, "IN_USE", "The element is in use.");
            AddCim(4096, "JOB_STARTED", "Method parameters checked: a job was started to make the change.");
            AddCim(4097, "INVALID_STATE_TRANSITION", "The requested state transition is not valid from the current state.");
            AddCim(4098, "TIMEOUT_PARAMETER_NOT_SUPPORTED", "The provider does not support the TimeoutPeriod parameter.");
            AddCim(4099, "BUSY", "The element is busy.");
            AddSrb(0x00, "SRB_STATUS_PENDING", "The request is in progress.");
            AddSrb(0x01, "SRB_STATUS_SUCCESS", "The request completed successfully.");
            AddSrb(0x02, "SRB_STATUS_ABORTED", "The request was aborted.");
            AddSrb(0x03, "SRB_STATUS_ABORT_FAILED", "The attempt to abort the request failed.");
            AddSrb(0x04, "SRB_STATUS_ERROR", "The request completed with an error.");
            AddSrb(0x05, "SRB_STATUS_BUSY", "The adapter or target is busy.");
            AddSrb(0x06, "SRB_STATUS_INVALID_REQUEST", "The driver does not support the request (for example an unknown signature).");
            AddSrb(0x07, "SRB_STATUS_INVALID_PATH_ID", "The path id in the request is not valid.");
            AddSrb(0x08, "SRB_STATUS_NO_DEVICE", "The device did not respond.");
            AddSrb(0x09, "SRB_STATUS_TIMEOUT", "The request timed out.");
            AddSrb(0x0A, "SRB_STATUS_SELECTION_TIMEOUT", "The target did not respond to selection.");
            AddSrb(0x0B, "SRB_STATUS_COMMAND_TIMEOUT", "The command timed out.");
            AddSrb(0x0D, "SRB_STATUS_MESSAGE_REJECTED", "The target rejected a message.");
            AddSrb(0x0E, "SRB_STATUS_BUS_RESET", "A bus reset occurred.");
            AddSrb(0x0F, "SRB_STATUS_PARITY_ERROR", "A parity error occurred.");
            AddSrb(0x10, "SRB_STATUS_REQUEST_SENSE_FAILED", "The request-sense command failed.");
            AddSrb(0x11, "SRB_STATUS_NO_HBA", "The host bus adapter is not responding.");
            AddSrb(0x12, "SRB_STATUS_DATA_OVERRUN", "A data overrun or underrun occurred.");
            AddSrb(0x13, "SRB_STATUS_UNEXPECTED_BUS_FREE", "The bus went free unexpectedly.");
            AddSrb(0x14, "SRB_STATUS_PHASE_SEQUENCE_FAILURE", "A bus phase sequence failure occurred.");
            AddSrb(0x15, "SRB_STATUS_BAD_SRB_BLOCK_LENGTH", "The request block length is not valid.");
            AddSrb(0x16, "SRB_STATUS_REQUEST_FLUSHED", "The request was flushed.");
            AddSrb(0x20, "SRB_STATUS_INVALID_LUN", "The logical unit number is not valid.");
            AddSrb(0x21, "SRB_STATUS_INVALID_TARGET_ID", "The target id is not valid.");
            AddSrb(0x22, "SRB_STATUS_BAD_FUNCTION", "The request function is not supported.");
            AddSrb(0x23, "SRB_STATUS_ERROR_RECOVERY", "The request completed after error recovery.");
            AddSrb(0x24, "SRB_STATUS_NOT_POWERED", "The device is not powered.");
            AddSrb(0x25, "SRB_STATUS_LINK_DOWN", "The link to the device is down.");
            AddFacility(0x0, "NULL");
            AddFacility(0x1, "RPC");
            AddFacility(0x2, "DISPATCH");
            AddFacility(0x3, "STORAGE");
            AddFacility(0x4, "ITF");
            AddFacility(0x7, "WIN32");
            AddFacility(0x8, "WINDOWS");
            AddFacility(0x9, "SSPI");
            AddFacility(0xA, "CONTROL");
            AddFacility(0xB, "CERT");
            AddFacility(0xFFF, "ISCSI");
            // END GENERATED
        }
    }
}
