// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Sessions that iSCSI initiators hold on this Windows iSCSI Target Server, as iscsi_target_session_info lists
// them: the session model, the selection, and the listing from root\WMI WT_Host.Sessions (WT_Session,
// WT_Connection) behind IIscsiTargetSessionSource so it runs under unit tests. Ending sessions is in
// _IscsiTargetSessionStop*.cs, keeping them ended in _IscsiTargetKeepEnded.cs. Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget
{
    /// <summary>One session an initiator holds on this target server (WT_Session + its WT_Host).</summary>
    public class TargetSession
    {
        /// <summary>Target session identifying handle (WT_Session.TSIH).</summary>
        public int Tsih { get; set; }
        /// <summary>Initiator session id, 48 bits (WT_Session.ISID, a uint64).</summary>
        public ulong Isid { get; set; }
        /// <summary>WT_Session.SessionType: 0 discovery, 1 normal.</summary>
        public int SessionType { get; set; }
        public string InitiatorIqn { get; set; }
        /// <summary>WT_Host.HostName, the target's name.</summary>
        public string TargetName { get; set; }
        public string TargetIqn { get; set; }
        /// <summary>WT_Connection.InitiatorIPAddress of the first connection, or null.</summary>
        public string InitiatorAddress { get; set; }
        /// <summary>WT_Connection.InitiatorIPAddress of every connection of the session (WT_Session.Connections).</summary>
        public List<string> InitiatorAddresses { get; private set; }
        /// <summary>
        /// WT_Connection.InitiatorPort of every connection, or null. WT_Session documents no login time; a new login opens
        /// a new TCP connection, so a change of these ports under the same TSIH and ISID marks a new login.
        /// </summary>
        public string Login { get; set; }

        public TargetSession()
        {
            InitiatorAddresses = new List<string>();
        }

        /// <summary>The ISID as a hex string: 0x and 12 lower-case digits (48 bits).</summary>
        public string IsidHex
        {
            get { return FormatIsid(Isid); }
        }

        public string SessionTypeName
        {
            get
            {
                return SessionType == 0 ? "discovery" : SessionType == 1 ? "normal"
                    : "unknown(" + SessionType.ToString(CultureInfo.InvariantCulture) + ")";
            }
        }

        /// <summary>Identity used to decide whether a later listing still shows this session.</summary>
        public string Key
        {
            get
            {
                return Inv.F("{0}|{1}|{2}|{3}", Tsih,
                    (InitiatorIqn == null ? "" : InitiatorIqn.ToLowerInvariant()), IsidHex,
                    (TargetName == null ? "" : TargetName.ToLowerInvariant()));
            }
        }

        public string Label
        {
            get
            {
                return Inv.F("session TSIH {0} ({1} -> target {2})", Tsih,
                    InitiatorIqn, TargetName);
            }
        }

        public static string FormatIsid(ulong isid)
        {
            return "0x" + isid.ToString("x12", CultureInfo.InvariantCulture);
        }

        public Hashtable ToDictionary()
        {
            Hashtable h = new Hashtable();
            h["tsih"] = Tsih;
            h["isid"] = IsidHex;
            h["session_type"] = SessionTypeName;
            h["initiator_iqn"] = InitiatorIqn;
            h["target_name"] = TargetName;
            h["target_iqn"] = TargetIqn;
            h["initiator_address"] = InitiatorAddress;
            return h;
        }
    }

    /// <summary>
    /// Where the listing comes from: NativeIscsiTargetSessions on Windows, a fake in tests. Failures are thrown as
    /// ApiException with the decoded code (WBEM HRESULTs).
    /// </summary>
    public interface IIscsiTargetSessionSource
    {
        /// <summary>Sessions from root\WMI WT_Host.Sessions.</summary>
        List<TargetSession> ListSessions();
    }


    /// <summary>A failure of the whole task (provider missing, OS refused), with a message fit for the user.</summary>
    public class IscsiTargetException : Exception
    {
        public ErrorInfo Error { get; private set; }

        public IscsiTargetException(string message, ErrorInfo error)
            : base(message)
        {
            Error = error;
        }
    }

    /// <summary>Text for messages and results, culture-invariant.</summary>
    public static class Inv
    {
        public static string F(string format, params object[] args)
        {
            return String.Format(CultureInfo.InvariantCulture, format, args);
        }
    }

    /// <summary>Which sessions a task is about: AND across kinds, OR within a list.</summary>
    public class IscsiTargetSessionInfoRequest
    {
        /// <summary>Initiator IQNs (exact, case-insensitive).</summary>
        public string[] Initiator { get; set; }
        /// <summary>Target names (WT_Host.HostName) or target IQNs (exact, case-insensitive).</summary>
        public string[] Target { get; set; }
        public int[] Tsih { get; set; }
        /// <summary>all: true, the explicit "no narrowing"; the other selectors still narrow.</summary>
        public bool All { get; set; }

        public bool HasSelector
        {
            get
            {
                return (Initiator != null && Initiator.Length > 0) || (Target != null && Target.Length > 0)
                    || (Tsih != null && Tsih.Length > 0);
            }
        }

        /// <summary>No empty name; an iqn./eui./naa. target must be a valid iSCSI name, any other is a WT_Host.HostName.</summary>
        public static void ValidateTargets(string[] targets)
        {
            foreach (string t in targets ?? new string[0])
            {
                if (String.IsNullOrEmpty(t) || t.Trim().Length == 0)
                    throw new ArgumentException("target must not contain empty names");
                if (t.Length > 3 && "iqn.eui.naa.".IndexOf(t.Substring(0, 4), StringComparison.OrdinalIgnoreCase) % 4 == 0)
                    IscsiName.Check(t, "target");
            }
        }

        public virtual void Validate()
        {
            if (Initiator != null)
                foreach (string i in Initiator)
                    IscsiName.Check(i, "initiator");
            ValidateTargets(Target);
            if (Tsih != null)
            {
                foreach (int t in Tsih)
                {
                    if (t < 1 || t > 65535)
                        throw new ArgumentException(Inv.F(
                            "tsih {0} is out of range: a TSIH is 1 to 65535", t));
                }
            }
        }

        public bool Matches(TargetSession s)
        {
            if (Initiator != null && Initiator.Length > 0 && !AnyEqual(Initiator, s.InitiatorIqn))
                return false;
            if (Target != null && Target.Length > 0 && !AnyEqual(Target, s.TargetName) && !AnyEqual(Target, s.TargetIqn))
                return false;
            if (Tsih != null && Tsih.Length > 0 && Array.IndexOf(Tsih, s.Tsih) < 0)
                return false;
            return true;
        }

        private static bool AnyEqual(string[] wanted, string value)
        {
            return value != null && Array.Exists(wanted, delegate(string w) { return String.Equals(w, value, StringComparison.OrdinalIgnoreCase); });
        }
    }

    /// <summary>Reads target-side sessions: the base of IscsiTargetSessionInfoEngine and of the stop engines.</summary>
    public class IscsiTargetSessionReader
    {
        public const string WmiNamespace = "root\\WMI";
        public const string RoleHint =
            "the iSCSI Target Server role is not installed (FS-iSCSITarget-Server); install it with Install-WindowsFeature FS-iSCSITarget-Server";
        public const long WbemInvalidNamespace = 0x8004100EL;
        public const long WbemInvalidClass = 0x80041010L;

        private readonly IIscsiTargetSessionSource source;

        public IscsiTargetSessionReader(IIscsiTargetSessionSource source)
        {
            this.source = source;
        }

        /// <summary>True for the WBEM codes that mean the provider's namespace or class does not exist.</summary>
        public static bool IsProviderMissing(ErrorInfo error)
        {
            return error != null && (error.Code == WbemInvalidNamespace || error.Code == WbemInvalidClass);
        }

        public List<TargetSession> ReadSessions()
        {
            try
            {
                return source.ListSessions();
            }
            catch (ApiException e)
            {
                if (IsProviderMissing(e.Error))
                    throw new IscsiTargetException(Inv.F("Cannot list iSCSI target sessions: {0}. WMI class WT_Host in {1}: {2}",
                        RoleHint, WmiNamespace, e.Error), e.Error);
                throw new IscsiTargetException(Inv.F("Cannot list iSCSI target sessions from WT_Host ({0}): {1}",
                    WmiNamespace, e.Error), e.Error);
            }
        }
    }

    /// <summary>The listing on Windows: root\WMI WT_Host through the WMI adapter (_Wmi.cs). Translation only.</summary>
    public class NativeIscsiTargetSessions : IIscsiTargetSessionSource
    {
        protected readonly IWmi Adapter;

        public NativeIscsiTargetSessions()
        {
            Adapter = Wmi.Open();
        }

        internal static long ToLong(object value)
        {
            return Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        internal static string ToStr(object value)
        {
            return value == null ? null : value.ToString();
        }

        private static TargetSession ReadSession(Hashtable ws, string hostName, string targetIqn)
        {
            TargetSession s = new TargetSession();
            s.Tsih = (int)ToLong(ws["TSIH"]);
            s.Isid = Convert.ToUInt64(ws["ISID"], CultureInfo.InvariantCulture);
            s.SessionType = (int)ToLong(ws["SessionType"]);
            s.InitiatorIqn = ToStr(ws["InitiatorIQN"]);
            s.TargetName = hostName ?? ToStr(ws["HostName"]);
            s.TargetIqn = ToStr(ws["HostTargetIQN"]);
            if (String.IsNullOrEmpty(s.TargetIqn))
                s.TargetIqn = targetIqn;
            Hashtable[] conns = ws["Connections"] as Hashtable[];
            if (conns != null && conns.Length > 0 && conns[0] != null)
                s.InitiatorAddress = ToStr(conns[0]["InitiatorIPAddress"]);
            foreach (Hashtable c in conns ?? new Hashtable[0])
            {
                if (c == null)
                    continue;
                string a = ToStr(c["InitiatorIPAddress"]);
                if (a != null)
                    s.InitiatorAddresses.Add(a);
                s.Login += ToStr(c["InitiatorPort"]) + " ";
            }
            return s;
        }

        public List<TargetSession> ListSessions()
        {
            List<TargetSession> res = new List<TargetSession>();
            try
            {
                foreach (Hashtable host in Adapter.Query(IscsiTargetSessionReader.WmiNamespace, "SELECT * FROM WT_Host"))
                {
                    foreach (Hashtable ws in host["Sessions"] as Hashtable[] ?? new Hashtable[0])
                    {
                        if (ws != null)
                            res.Add(ReadSession(ws, ToStr(host["HostName"]), ToStr(host["TargetIQN"])));
                    }
                }
            }
            catch (WmiException e)
            {
                throw ApiException.FromHResult("listing WT_Host in " + IscsiTargetSessionReader.WmiNamespace, e.HResult);
            }
            return res;
        }
    }
}
