// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Who may log in to an iSCSI target of this Windows iSCSI Target Server: the model of a target's access (WT_Host.Enabled
// and its WT_IDMethod initiator IDs) and the interface that reads and changes it. iscsi_target_session_stop changes it
// to keep stopped sessions ended (_IscsiTargetKeepEnded.cs); iscsi_target_access_restore puts it back. The Windows
// side is NativeIscsiTargetAccessApi (root\WMI). Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess
{
    // ---- Keeping a stopped session ended (revoke access, disable the target, watch for a re-login) ----
    //
    // A session stopped on the target comes back when the initiator logs in again by itself (session recovery,
    // persistent logins, favourite targets). Two documented settings of the target decide whether a login is
    // accepted (root\WMI, WtWmiProv, Server 2012+):
    //   WT_IDMethod {HostName, Method, Value} (all keys): the initiator IDs a target is assigned to, Method
    //     1 DNSName, 2 IPAddress, 3 MACAddress, 4 IQN, 5 IPv6Address; Set-IscsiServerTarget -InitiatorIds sets them.
    //   WT_Host.Enabled (read/write): "If enabled, initiators can discover and login to the target", and
    //     "Existing initiators remain logged into the target when an iSCSI target is disabled".
    // So neither ends a live session: they keep it from coming back, and the stop still ends it. Removing an ID
    // is done by deleting its WT_IDMethod instance and disabling by putting WT_Host with Enabled=false; that the
    // provider supports both is UNCONFIRMED, so the settings are read back afterwards and a difference fails.
    // No documented call drops a live session other than the ones the stop already offers: removing the
    // virtual disk mapping (RemoveWTDisk) is not documented to end sessions, and restarting the WinTarget
    // service drops every session of every target; neither is offered.

    /// <summary>One allowed initiator ID of a target (a WT_IDMethod instance).</summary>
    public class InitiatorId
    {
        public const int DnsName = 1;
        public const int IPAddress = 2;
        public const int MacAddress = 3;
        public const int Iqn = 4;
        public const int IPv6Address = 5;

        public int Method { get; set; }
        public string Value { get; set; }

        public InitiatorId(int method, string value)
        {
            Method = method;
            Value = value;
        }

        public static string MethodName(int method)
        {
            switch (method)
            {
                case DnsName: return "DNSName";
                case IPAddress: return "IPAddress";
                case MacAddress: return "MACAddress";
                case Iqn: return "IQN";
                case IPv6Address: return "IPv6Address";
                default: return "Method" + method.ToString(CultureInfo.InvariantCulture);
            }
        }

        /// <summary>True for a value with a wildcard, such as IQN:* (every initiator).</summary>
        public bool IsWildcard
        {
            get { return Value != null && Value.IndexOf('*') >= 0; }
        }

        /// <summary>The "Type:Value" form New-/Set-IscsiServerTarget -InitiatorIds takes.</summary>
        public override string ToString()
        {
            return MethodName(Method) + ":" + Value;
        }

        /// <summary>IQN, IPAddress and IPv6Address IDs name an initiator the session listing can match; others cannot.</summary>
        public bool Matchable
        {
            get { return Method == Iqn || Method == IPAddress || Method == IPv6Address; }
        }

        /// <summary>An IPAddress or IPv6Address ID naming this address, compared as parsed addresses (any IPv6 spelling).</summary>
        public bool NamesAddress(string address)
        {
            if (address == null || Value == null || (Method != IPAddress && Method != IPv6Address))
                return false;
            byte[] a = Bytes(Value);
            byte[] b = Bytes(address);
            return a != null && b != null ? Convert.ToBase64String(a) == Convert.ToBase64String(b)
                : String.Equals(Value.Trim(), address.Trim(), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The address bytes (IPv4-mapped IPv6 as IPv4, any zone index dropped), or null when it does not parse.</summary>
        private static byte[] Bytes(string text)
        {
            System.Net.IPAddress a;
            if (!System.Net.IPAddress.TryParse(text.Trim(), out a))
                return null;
            return (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).GetAddressBytes();
        }

        public bool SameAs(InitiatorId other)
        {
            return other != null && other.Method == Method && String.Equals(other.Value, Value, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>What decides whether a target accepts a login: WT_Host.Enabled and its WT_IDMethod instances.</summary>
    public class TargetAccess
    {
        public string TargetName { get; set; }
        public string TargetIqn { get; set; }
        public bool Enabled { get; set; }
        public List<InitiatorId> InitiatorIds { get; set; }

        public TargetAccess()
        {
            InitiatorIds = new List<InitiatorId>();
        }

        public ArrayList IdList()
        {
            ArrayList l = new ArrayList();
            foreach (InitiatorId id in InitiatorIds)
                l.Add(id.ToString());
            return l;
        }

        /// <summary>A diff side: enabled and initiator_ids (both null for a target not read).</summary>
        public static Hashtable State(TargetAccess a)
        {
            Hashtable h = new Hashtable();
            h["enabled"] = a == null ? (object)null : a.Enabled;
            h["initiator_ids"] = a == null ? null : a.IdList();
            return h;
        }

        public bool Has(InitiatorId id)
        {
            foreach (InitiatorId i in InitiatorIds)
            {
                if (i.SameAs(id))
                    return true;
            }
            return false;
        }
    }

    /// <summary>The WMI calls that read and change who may log in to a target. Tests use a fake.</summary>
    public interface IIscsiTargetAccessApi
    {
        /// <summary>WT_Host.Enabled and TargetIQN, and the WT_IDMethod instances whose HostName is the target.</summary>
        TargetAccess ReadAccess(string targetName);

        /// <summary>Puts WT_Host with Enabled set.</summary>
        void SetEnabled(string targetName, bool enabled);

        /// <summary>Deletes the WT_IDMethod instance {HostName, Method, Value}.</summary>
        void RemoveInitiatorId(string targetName, InitiatorId id);
    }

    /// <summary>
    /// The undo record of one target (_HostRecord.cs, name "iscsi_target_access:" and the target name in lower
    /// case): what it allowed before iscsi_target_session_stop first changed it, "enabled=true" or "enabled=false"
    /// and then one "Type:Value" ID per line. IscsiTargetAccessRestoreEngine (_IscsiTargetAccessRestore.cs) reads it back.
    /// </summary>
    public static class AccessRecord
    {
        public static string Name(string target)
        {
            return "iscsi_target_access:" + target.ToLowerInvariant();
        }

        public static string Write(TargetAccess a)
        {
            List<string> lines = new List<string>();
            lines.Add("enabled=" + (a.Enabled ? "true" : "false"));
            foreach (InitiatorId id in a.InitiatorIds)
                lines.Add(id.ToString());
            return String.Join("\n", lines.ToArray());
        }
    }

    /// <summary>The Windows side of IIscsiTargetAccessApi: WT_Host and WT_IDMethod in root\WMI, through the WMI adapter. Translation only.</summary>
    public class NativeIscsiTargetAccessApi : NativeIscsiTargetSessions, IIscsiTargetAccessApi
    {
        private List<Hashtable> Query(string className, string targetName)
        {
            return Adapter.Query(IscsiTargetSessionReader.WmiNamespace, "SELECT * FROM " + className + " WHERE HostName = '"
                + targetName.Replace("\\", "\\\\").Replace("'", "\\'") + "'");
        }

        private static InitiatorId Id(Hashtable item)
        {
            return new InitiatorId((int)ToLong(item["Method"]), ToStr(item["Value"]));
        }

        public TargetAccess ReadAccess(string targetName)
        {
            try
            {
                TargetAccess a = new TargetAccess();
                a.TargetName = targetName;
                foreach (Hashtable host in Query("WT_Host", targetName))
                {
                    a.Enabled = true.Equals(host["Enabled"]);
                    a.TargetIqn = ToStr(host["TargetIQN"]);
                    foreach (Hashtable item in Query("WT_IDMethod", targetName))
                        a.InitiatorIds.Add(Id(item));
                    return a;
                }
                throw new WmiException(WmiException.NotFound);
            }
            catch (WmiException e)
            {
                throw ApiException.FromHResult("reading WT_Host and WT_IDMethod of " + targetName, e.HResult);
            }
        }

        /// <summary>
        /// Puts Enabled alone (a partial put): a put of the whole WT_Host would echo CHAPSecret and ReverseCHAPSecret,
        /// which read back encrypted, and a provider that stored the echo would break CHAP logins after the target is
        /// enabled again. A provider without partial puts refuses (WBEM_E_PROVIDER_NOT_CAPABLE or NOT_SUPPORTED, WMI SDK
        /// "Updating Part of an Instance"); that fails the target rather than risk the secrets.
        /// </summary>
        public void SetEnabled(string targetName, bool enabled)
        {
            Dictionary<string, object> change = new Dictionary<string, object>();
            change["Enabled"] = enabled;
            Change(targetName, "WT_Host", delegate(Hashtable h) { return true; }, change, "putting WT_Host " + targetName + " Enabled = " + enabled);
        }

        public void RemoveInitiatorId(string targetName, InitiatorId id)
        {
            Change(targetName, "WT_IDMethod", delegate(Hashtable h) { return Id(h).SameAs(id); }, null, "deleting WT_IDMethod " + id + " of " + targetName);
        }

        /// <summary>Puts (changes) or deletes (null) the first instance of className of the target that which accepts.</summary>
        private void Change(string targetName, string className, Predicate<Hashtable> which, Dictionary<string, object> changes, string operation)
        {
            try
            {
                foreach (Hashtable item in Query(className, targetName))
                {
                    if (!which(item))
                        continue;
                    if (changes == null)
                        Adapter.Delete(IscsiTargetSessionReader.WmiNamespace, (string)item["__PATH"]);
                    else
                        Adapter.Put(IscsiTargetSessionReader.WmiNamespace, (string)item["__PATH"], changes, true);
                    return;
                }
                throw new WmiException(WmiException.NotFound);
            }
            catch (WmiException e)
            {
                throw ApiException.FromHResult(operation, e.HResult);
            }
        }
    }
}
