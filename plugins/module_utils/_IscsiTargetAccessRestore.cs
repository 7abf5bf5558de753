// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_access_restore's engine: puts back, per target, the access iscsi_target_session_stop recorded on the host
// (AccessRecord in _IscsiTargetAccess.cs) before its first revoke_access/disable_target change, and clears the record.
// Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccessRestore
{
    /// <summary>What the restore needs beyond IIscsiTargetAccessApi. Tests use a fake.</summary>
    public interface IIscsiTargetAccessRestoreApi : IIscsiTargetAccessApi
    {
        /// <summary>Creates the WT_IDMethod instance {HostName, Method, Value}.</summary>
        void AddInitiatorId(string targetName, InitiatorId id);

        /// <summary>WT_Host.HostName of every target.</summary>
        List<string> ListTargets();
    }

    /// <summary>The Windows side of IIscsiTargetAccessRestoreApi: WT_Host and WT_IDMethod in root\WMI. Translation only.</summary>
    public class NativeIscsiTargetAccessRestoreApi : NativeIscsiTargetAccessApi, IIscsiTargetAccessRestoreApi
    {
        public List<string> ListTargets()
        {
            try
            {
                return Adapter.Query(IscsiTargetSessionReader.WmiNamespace, "SELECT * FROM WT_Host").ConvertAll(delegate(Hashtable h) { return ToStr(h["HostName"]); });
            }
            catch (WmiException e)
            {
                throw ApiException.FromHResult("listing WT_Host", e.HResult);
            }
        }

        /// <summary>
        /// A new WT_IDMethod instance put with its three keys. Method is sint32 as the class page documents it
        /// (tests/wmi/schema.json); the provider's MOF is not published, so its CIM type stays UNCONFIRMED.
        /// </summary>
        public void AddInitiatorId(string targetName, InitiatorId id)
        {
            Dictionary<string, object> values = new Dictionary<string, object>();
            values["HostName"] = targetName;
            values["Method"] = id.Method;
            values["Value"] = id.Value;
            try
            {
                Adapter.Create(IscsiTargetSessionReader.WmiNamespace, "WT_IDMethod", values);
            }
            catch (WmiException e)
            {
                throw ApiException.FromHResult("creating WT_IDMethod " + id + " of " + targetName, e.HResult);
            }
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

    }

    /// <summary>
    /// iscsi_target_access_restore: puts back, per target, what iscsi_target_session_stop recorded before its first
    /// revoke_access/disable_target change (the removed initiator IDs are created again, WT_Host.Enabled is set to the
    /// recorded value; IDs added since are kept), reads the target back, and clears the record. No record, no change.
    /// </summary>
    public class IscsiTargetAccessRestoreEngine
    {
        private readonly IIscsiTargetAccessRestoreApi access;
        private readonly IHostRecordStore records;

        public IscsiTargetAccessRestoreEngine(IIscsiTargetAccessRestoreApi access, IHostRecordStore records)
        {
            this.access = access;
            this.records = records;
        }

        /// <summary>The recorded access; ArgumentException when the text is not a record this collection wrote.</summary>
        public static TargetAccess ReadRecord(string target, string text)
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
                        IscsiTargetSessionReader.WmiNamespace, e.Error), e.Error);
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
                r.Record = ReadRecord(name, text);
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
}
