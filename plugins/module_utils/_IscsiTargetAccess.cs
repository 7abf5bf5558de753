//AssemblyReference -Name System.Management.dll -CLR Framework
//AssemblyReference -Name System.Management.dll -CLR Core
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
using System.Management;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._SessionCommon;

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

        /// <summary>Creates the WT_IDMethod instance {HostName, Method, Value}.</summary>
        void AddInitiatorId(string targetName, InitiatorId id);

        /// <summary>WT_Host.HostName of every target.</summary>
        List<string> ListTargets();
    }

    /// <summary>
    /// The undo record of one target (IHostRecordStore, name "iscsi_target_access:" and the target name in lower
    /// case): what it allowed before iscsi_target_session_stop first changed it, "enabled=true" or "enabled=false"
    /// and then one "Type:Value" ID per line.
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

        /// <summary>The recorded access; ArgumentException when the text is not a record this collection wrote.</summary>
        public static TargetAccess Read(string target, string text)
        {
            string[] lines = text.Split('\n');
            if (lines[0] != "enabled=true" && lines[0] != "enabled=false")
                throw new ArgumentException("it does not start with enabled=true or enabled=false");
            TargetAccess a = new TargetAccess();
            a.TargetName = target;
            a.Enabled = lines[0] == "enabled=true";
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                int method = -1;
                for (int m = 0; colon > 0 && m < 256 && method < 0; m++)
                {
                    if (InitiatorId.MethodName(m) == lines[i].Substring(0, colon))
                        method = m;
                }
                if (method < 0)
                    throw new ArgumentException(String.Format("line {0} is not a Type:Value initiator ID", i + 1));
                a.InitiatorIds.Add(new InitiatorId(method, lines[i].Substring(colon + 1)));
            }
            return a;
        }
    }

    /// <summary>What iscsi_target_access_restore did (or would do) to one target.</summary>
    public class TargetRestore
    {
        public string TargetName;
        public TargetAccess Record;
        public TargetAccess Before;
        public TargetAccess After;
        public readonly List<InitiatorId> Added = new List<InitiatorId>();
        /// <summary>restored, would_restore, no_record or failed.</summary>
        public string Action;
        public string Reason;
        public ErrorInfo Error;

        public Hashtable ToDictionary()
        {
            Hashtable h = new Hashtable();
            h["target_name"] = TargetName;
            h["action"] = Action;
            h["enabled_before"] = Before == null ? (object)null : Before.Enabled;
            h["enabled"] = After == null ? (object)null : After.Enabled;
            h["initiator_ids_before"] = Before == null ? null : Before.IdList();
            h["initiator_ids"] = After == null ? null : After.IdList();
            ArrayList added = new ArrayList();
            foreach (InitiatorId id in Added)
                added.Add(id.ToString());
            h["added"] = added;
            h["reason"] = Reason;
            h["error"] = Error == null ? null : Error.ToDictionary();
            return h;
        }

        public static Hashtable State(TargetAccess a)
        {
            Hashtable h = new Hashtable();
            h["enabled"] = a == null ? (object)null : a.Enabled;
            h["initiator_ids"] = a == null ? null : a.IdList();
            return h;
        }
    }

    /// <summary>
    /// iscsi_target_access_restore: puts back, per target, what iscsi_target_session_stop recorded before its first
    /// revoke_access/disable_target change (the removed initiator IDs are created again, WT_Host.Enabled is set to the
    /// recorded value; IDs added since are kept), reads the target back, and clears the record. No record, no change.
    /// </summary>
    public class TargetAccessRestorer
    {
        private readonly IIscsiTargetAccessApi access;
        private readonly IHostRecordStore records;

        public TargetAccessRestorer(IIscsiTargetAccessApi access, IHostRecordStore records)
        {
            this.access = access;
            this.records = records;
        }

        /// <summary>The targets named (each reported), or with all every target of the host that has a record.</summary>
        public List<TargetRestore> Restore(string[] targets, bool all, bool checkMode)
        {
            List<TargetRestore> res = new List<TargetRestore>();
            List<string> names = new List<string>();
            if (targets != null && targets.Length > 0)
                names.AddRange(targets);
            else
            {
                try
                {
                    names = access.ListTargets();
                }
                catch (ApiException e)
                {
                    throw new IscsiTargetException(String.Format("Cannot list the iSCSI targets (WT_Host in {0}): {1}",
                        IscsiTargetLister.WmiNamespace, e.Error), e.Error);
                }
            }
            foreach (string name in names)
            {
                TargetRestore r = RestoreOne(name, checkMode);
                if (r.Action != "no_record" || !all || targets != null && targets.Length > 0)
                    res.Add(r);
            }
            return res;
        }

        private TargetRestore RestoreOne(string name, bool checkMode)
        {
            TargetRestore r = new TargetRestore();
            r.TargetName = name;
            r.Action = "failed";
            string text;
            try
            {
                text = records.Get(AccessRecord.Name(name));
                if (text == null)
                {
                    r.Action = "no_record";
                    return r;
                }
                r.Record = AccessRecord.Read(name, text);
                r.Before = access.ReadAccess(name);
            }
            catch (HostRecordException e)
            {
                r.Reason = e.Message;
                r.Error = e.Error;
                return r;
            }
            catch (ArgumentException e)
            {
                r.Reason = String.Format("the record {0} in {1} cannot be read ({2}); remove it by hand", AccessRecord.Name(name),
                    records.Location, e.Message);
                return r;
            }
            catch (ApiException e)
            {
                r.Reason = String.Format("reading WT_Host and WT_IDMethod of target {0} failed: {1}", name, e.Error);
                r.Error = e.Error;
                return r;
            }
            TargetAccess planned = Planned(r);
            if (checkMode)
            {
                r.After = planned;
                r.Action = "would_restore";
                return r;
            }
            Apply(r, name);
            return r;
        }

        /// <summary>The access after the restore: the recorded IDs that are missing are added; Enabled as recorded.</summary>
        private static TargetAccess Planned(TargetRestore r)
        {
            TargetAccess planned = new TargetAccess();
            planned.TargetName = r.Before.TargetName;
            planned.TargetIqn = r.Before.TargetIqn;
            planned.Enabled = r.Record.Enabled;
            planned.InitiatorIds.AddRange(r.Before.InitiatorIds);
            foreach (InitiatorId id in r.Record.InitiatorIds)
            {
                if (!r.Before.Has(id))
                {
                    r.Added.Add(id);
                    planned.InitiatorIds.Add(id);
                }
            }
            return planned;
        }

        private void Apply(TargetRestore r, string name)
        {
            string step = null;
            try
            {
                foreach (InitiatorId id in r.Added)
                {
                    step = "creating the allowed initiator ID " + id + " (WT_IDMethod)";
                    access.AddInitiatorId(name, id);
                }
                if (r.Record.Enabled != r.Before.Enabled)
                {
                    step = "setting WT_Host.Enabled to " + (r.Record.Enabled ? "true" : "false");
                    access.SetEnabled(name, r.Record.Enabled);
                }
                step = "reading the target back";
                r.After = access.ReadAccess(name);
            }
            catch (ApiException e)
            {
                r.Reason = String.Format("{0} failed: {1}; the record is kept", step, e.Error);
                r.Error = e.Error;
                return;
            }
            List<string> missing = new List<string>();
            foreach (InitiatorId id in r.Record.InitiatorIds)
            {
                if (!r.After.Has(id))
                    missing.Add(id.ToString());
            }
            if (missing.Count > 0 || r.After.Enabled != r.Record.Enabled)
            {
                r.Reason = String.Format("the provider accepted the change but target {0} {1}; the record is kept", name,
                    missing.Count > 0 ? "still lacks " + String.Join(", ", missing.ToArray())
                    : "is still " + (r.After.Enabled ? "enabled" : "disabled"));
                return;
            }
            try
            {
                records.Clear(AccessRecord.Name(name));
            }
            catch (HostRecordException e)
            {
                r.Reason = "the target is restored but " + e.Message;
                r.Error = e.Error;
                return;
            }
            r.Action = "restored";
        }
    }

    /// <summary>The Windows side of IIscsiTargetAccessApi: WT_Host and WT_IDMethod in root\WMI. Translation only.</summary>
    public class NativeIscsiTargetAccessApi : IIscsiTargetAccessApi
    {
        private static ManagementScope Connect()
        {
            return NativeIscsiTargetSessions.Connect(IscsiTargetLister.WmiNamespace);
        }

        private static ApiException Translate(string operation, Exception e)
        {
            return NativeIscsiTargetSessions.Translate(operation, e);
        }

        /// <summary>A WQL string literal: backslashes and single quotes escaped.</summary>
        private static string Quote(string value)
        {
            return "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
        }

        private static ManagementObject Host(ManagementScope scope, string targetName)
        {
            using (ManagementObjectSearcher searcher = new ManagementObjectSearcher(scope,
                new ObjectQuery("SELECT * FROM WT_Host WHERE HostName = " + Quote(targetName))))
            using (ManagementObjectCollection items = searcher.Get())
            {
                ManagementObject found = null;
                foreach (ManagementBaseObject item in items)
                {
                    ManagementObject mo = item as ManagementObject;
                    if (found == null && mo != null)
                        found = mo;
                    else
                        item.Dispose();
                }
                if (found == null)
                    throw new ApiException("reading WT_Host " + targetName, ErrorCatalog.FromHResult(unchecked((int)0x80041002)));
                return found;
            }
        }

        public TargetAccess ReadAccess(string targetName)
        {
            try
            {
                ManagementScope scope = Connect();
                TargetAccess a = new TargetAccess();
                a.TargetName = targetName;
                using (ManagementObject host = Host(scope, targetName))
                {
                    object enabled = host["Enabled"];
                    a.Enabled = enabled != null && Convert.ToBoolean(enabled, CultureInfo.InvariantCulture);
                    object iqn = host["TargetIQN"];
                    a.TargetIqn = iqn == null ? null : iqn.ToString();
                }
                using (ManagementObjectSearcher searcher = new ManagementObjectSearcher(scope,
                    new ObjectQuery("SELECT * FROM WT_IDMethod WHERE HostName = " + Quote(targetName))))
                using (ManagementObjectCollection items = searcher.Get())
                {
                    foreach (ManagementBaseObject item in items)
                    {
                        using (item)
                        {
                            object method = item["Method"];
                            object value = item["Value"];
                            a.InitiatorIds.Add(new InitiatorId(method == null ? 0 : Convert.ToInt32(method, CultureInfo.InvariantCulture),
                                value == null ? null : value.ToString()));
                        }
                    }
                }
                return a;
            }
            catch (ApiException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw Translate("reading WT_Host and WT_IDMethod of " + targetName, e);
            }
        }

        public void SetEnabled(string targetName, bool enabled)
        {
            try
            {
                ManagementScope scope = Connect();
                using (ManagementObject host = Host(scope, targetName))
                {
                    host["Enabled"] = enabled;
                    host.Put();
                }
            }
            catch (ApiException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw Translate("putting WT_Host " + targetName + " with Enabled = " + (enabled ? "true" : "false"), e);
            }
        }

        public List<string> ListTargets()
        {
            List<string> res = new List<string>();
            try
            {
                using (ManagementObjectSearcher searcher = new ManagementObjectSearcher(Connect(), new ObjectQuery("SELECT HostName FROM WT_Host")))
                using (ManagementObjectCollection items = searcher.Get())
                {
                    foreach (ManagementBaseObject item in items)
                    {
                        using (item)
                            res.Add(NativeIscsiTargetSessions.ToStr(item["HostName"]));
                    }
                }
            }
            catch (Exception e)
            {
                throw Translate("listing WT_Host", e);
            }
            return res;
        }

        /// <summary>
        /// A new WT_IDMethod instance put with its three keys. The CIM type of Method is taken from the class (the MOF
        /// is not published; UNCONFIRMED), so the value matches it.
        /// </summary>
        public void AddInitiatorId(string targetName, InitiatorId id)
        {
            try
            {
                using (ManagementClass cls = new ManagementClass(Connect(), new ManagementPath("WT_IDMethod"), null))
                using (ManagementObject mo = cls.CreateInstance())
                {
                    CimType t = mo.Properties["Method"].Type;
                    mo["HostName"] = targetName;
                    mo["Method"] = t == CimType.UInt16 ? (object)(ushort)id.Method : t == CimType.SInt32 ? (object)id.Method : (uint)id.Method;
                    mo["Value"] = id.Value;
                    mo.Put();
                }
            }
            catch (Exception e)
            {
                throw Translate("creating WT_IDMethod " + id + " of " + targetName, e);
            }
        }

        public void RemoveInitiatorId(string targetName, InitiatorId id)
        {
            try
            {
                ManagementScope scope = Connect();
                using (ManagementObjectSearcher searcher = new ManagementObjectSearcher(scope,
                    new ObjectQuery("SELECT * FROM WT_IDMethod WHERE HostName = " + Quote(targetName))))
                using (ManagementObjectCollection items = searcher.Get())
                {
                    bool deleted = false;
                    foreach (ManagementBaseObject item in items)
                    {
                        using (item)
                        {
                            ManagementObject mo = item as ManagementObject;
                            object method = item["Method"];
                            object value = item["Value"];
                            InitiatorId found = new InitiatorId(method == null ? 0 : Convert.ToInt32(method, CultureInfo.InvariantCulture),
                                value == null ? null : value.ToString());
                            if (!deleted && mo != null && found.SameAs(id))
                            {
                                mo.Delete();
                                deleted = true;
                            }
                        }
                    }
                    if (!deleted)
                        throw new ApiException("deleting WT_IDMethod " + id, ErrorCatalog.FromHResult(unchecked((int)0x80041002)));
                }
            }
            catch (ApiException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw Translate("deleting WT_IDMethod " + id + " of " + targetName, e);
            }
        }
    }
}
