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
//
// This file holds the Win32 and generic HRESULT tables, which every module meets.
// The other families (iSCSI, VDS, CIM/WBEM, SRB) are generated files of their own,
// _ErrorCatalog<Family>.cs, so that a module ships only the codes it can meet: code
// that can meet a family calls <Family>Errors.Register() (its using line makes
// ansible-core send the file with the module, and without the file that code does
// not compile). A family that was not shipped decodes as its generic form (UNKNOWN,
// with the facility and severity).
using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;

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

        private static readonly List<string> LoadedFamilies = new List<string>();

        static ErrorCatalog()
        {
            LoadTables();
        }

        private static readonly string[] RowKinds = new string[] { "w", "win32", "h", "hresult", "b", "wbem", "v", "vds",
            "i", "iscsi", "c", "cim", "s", "srb" };

        /// <summary>Loads generated rows "kind letter|hex code|name|message", one a line.</summary>
        internal static void AddTable(string rows)
        {
            foreach (string row in rows.Split(new char[] { '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string[] f = row.Split(new char[] { '|' }, 4);
                string kind = RowKinds[Array.IndexOf(RowKinds, f[0]) + 1];
                long code = Int64.Parse(f[1], System.Globalization.NumberStyles.HexNumber);
                Entry entry = new Entry { Name = f[2], Kind = kind, Message = f[3] };
                if (kind == "cim")
                    Cim[code] = entry;
                else if (kind == "srb")
                    Srb[code] = entry;
                else
                    ByCode[code] = entry;
            }
        }

        private static void AddFacility(int facility, string name)
        {
            FacilityNames[facility] = name;
        }

        /// <summary>Called by a family's table (_ErrorCatalog&lt;Family&gt;.cs) once it is loaded.</summary>
        internal static void AddLoaded(string family)
        {
            lock (LoadedFamilies)
                LoadedFamilies.Add(family);
        }

        /// <summary>The family tables registered so far (e.g. _ErrorCatalogIscsi), for tests.</summary>
        public static string[] Loaded
        {
            get { return LoadedFamilies.ToArray(); }
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

        private static void LoadTables()
        {
            // BEGIN GENERATED (tools/gen_error_catalog.py)
            AddTable(
                "w|0|ERROR_SUCCESS|The operation completed successfully.\n" +
                "w|1|ERROR_INVALID_FUNCTION|Incorrect function.\n" +
                "w|2|ERROR_FILE_NOT_FOUND|The system cannot find the file specified.\n" +
                "w|3|ERROR_PATH_NOT_FOUND|The system cannot find the path specified.\n" +
                "w|5|ERROR_ACCESS_DENIED|Access is denied.\n" +
                "w|6|ERROR_INVALID_HANDLE|The handle is invalid.\n" +
                "w|8|ERROR_NOT_ENOUGH_MEMORY|Not enough memory resources are available to process this command.\n" +
                "w|D|ERROR_INVALID_DATA|The data is invalid.\n" +
                "w|15|ERROR_NOT_READY|The device is not ready.\n" +
                "w|1F|ERROR_GEN_FAILURE|A device attached to the system is not functioning.\n" +
                "w|20|ERROR_SHARING_VIOLATION|The process cannot access the file because it is being used by another process.\n" +
                "w|32|ERROR_NOT_SUPPORTED|The request is not supported.\n" +
                "w|35|ERROR_BAD_NETPATH|The network path was not found.\n" +
                "w|57|ERROR_INVALID_PARAMETER|The parameter is incorrect.\n" +
                "w|78|ERROR_CALL_NOT_IMPLEMENTED|This function is not supported on this system.\n" +
                "w|7A|ERROR_INSUFFICIENT_BUFFER|The data area passed to a system call is too small.\n" +
                "w|AA|ERROR_BUSY|The requested resource is in use.\n" +
                "w|EA|ERROR_MORE_DATA|More data is available.\n" +
                "w|102|WAIT_TIMEOUT|The wait operation timed out.\n" +
                "w|424|ERROR_SERVICE_DOES_NOT_EXIST|The specified service does not exist as an installed service.\n" +
                "w|426|ERROR_SERVICE_NOT_ACTIVE|The service has not been started.\n" +
                "w|490|ERROR_NOT_FOUND|Element not found.\n" +
                "w|52E|ERROR_LOGON_FAILURE|The user name or password is incorrect.\n" +
                "w|5B4|ERROR_TIMEOUT|This operation returned because the timeout period expired.\n" +
                "w|6B5|RPC_S_UNKNOWN_IF|The interface is unknown.\n" +
                "w|6BA|RPC_S_SERVER_UNAVAILABLE|The RPC server is unavailable.\n" +
                "w|6BB|RPC_S_SERVER_TOO_BUSY|The RPC server is too busy to complete this operation.\n" +
                "w|6BE|RPC_S_CALL_FAILED|The remote procedure call failed.\n" +
                "w|6BF|RPC_S_CALL_FAILED_DNE|The remote procedure call failed and did not execute.\n" +
                "w|6F8|ERROR_INVALID_USER_BUFFER|The supplied user buffer is not valid for the requested operation.\n" +
                "w|1B5F|ERROR_CTX_CLOSE_PENDING|A close operation is pending on the session.\n" +
                "w|1B6E|ERROR_CTX_WINSTATION_NOT_FOUND|The specified session cannot be found.\n" +
                "w|1B70|ERROR_CTX_WINSTATION_BUSY|The requested operation cannot be completed because the terminal connection is currently busy processing a connect, disconnect, reset, or delete operation.\n" +
                "w|1B85|ERROR_CTX_WINSTATION_ACCESS_DENIED|The requested session access is denied.\n" +
                "w|1B96|ERROR_CTX_SESSION_IN_USE|The requested session is already in use.\n" +
                "h|80004001|E_NOTIMPL|Not implemented.\n" +
                "h|80004002|E_NOINTERFACE|No such interface supported.\n" +
                "h|80004003|E_POINTER|Invalid pointer.\n" +
                "h|80004004|E_ABORT|Operation aborted.\n" +
                "h|80004005|E_FAIL|Unspecified error.\n" +
                "h|8000FFFF|E_UNEXPECTED|Catastrophic failure.\n" +
                "h|80010106|RPC_E_CHANGED_MODE|Cannot change thread mode after it is set.\n" +
                "h|80010119|RPC_E_TOO_LATE|Security must be initialized before any interfaces are marshalled or unmarshalled.\n" +
                "h|80040154|REGDB_E_CLASSNOTREG|Class not registered.\n" +
                "h|800401F0|CO_E_NOTINITIALIZED|CoInitialize has not been called.\n");
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
