// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The login side of a fake iSCSI Target Server, next to FakeIscsiTargetApi (which holds the sessions):
//   - WT_Host.Enabled and the WT_IDMethod instances of each target, as the WT_Host / WT_IDMethod pages describe
//     them: Method 1 DNSName, 2 IPAddress, 3 MACAddress, 4 IQN, 5 IPv6Address; "If enabled, initiators can
//     discover and login to the target"; "Existing initiators remain logged into the target when an iSCSI target
//     is disabled" (so neither setting removes a session here);
//   - an initiator that logs in again by itself some time after its session ended (session recovery, persistent
//     or favourite targets), under a new TSIH, and only if the target admits it at that moment. A DNSName or
//     MACAddress ID is taken to admit the initiator (the target resolves it; the fake cannot tell otherwise).
// Deleting a WT_IDMethod instance and putting WT_Host are how the module changes them; that the provider supports
// both is UNCONFIRMED, so the fake can also refuse (an HRESULT) or accept and ignore the change.
using System;
using System.Collections.Generic;
using System.Globalization;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccess;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetAccessRestore;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetKeepEnded;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStop;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopBase;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionStopIoctl;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace SessionCtl.Tests
{
    public class FakeIscsiTargetAccess : IIscsiTargetAccessRestoreApi
    {
        private class Relogin
        {
            public TargetSession Original;
            public TimeSpan After;
            public int NewTsih;
            public DateTime? GoneAt;
            public bool Done;
        }

        public readonly Dictionary<string, TargetAccess> Targets = new Dictionary<string, TargetAccess>(StringComparer.OrdinalIgnoreCase);
        public readonly FakeIscsiTargetApi Api;
        public readonly EventLog Log;
        /// <summary>Target -> HRESULT its ReadAccess fails with.</summary>
        public readonly Dictionary<string, long> ReadFails = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        public long? RemoveHResult;
        public long? SetEnabledHResult;
        /// <summary>Removals and puts succeed but change nothing.</summary>
        public bool IgnoreChanges;
        /// <summary>Runs after each removal or put (for example: the listing changes in that window).</summary>
        public Action OnChange;
        private readonly List<Relogin> relogins = new List<Relogin>();

        public FakeIscsiTargetAccess(FakeIscsiTargetApi api)
        {
            Api = api;
            Log = api.Log;
            api.Clock.OnAdvance = delegate(DateTime now) { Tick(now); };
        }

        public TargetAccess Target(string name, params string[] ids)
        {
            TargetAccess a = new TargetAccess();
            a.TargetName = name;
            a.TargetIqn = "iqn.1991-05.com.microsoft:tgt01-" + name + "-target";
            a.Enabled = true;
            foreach (string id in ids)
                a.InitiatorIds.Add(Parse(id));
            Targets[name] = a;
            return a;
        }

        public static InitiatorId Parse(string id)
        {
            int colon = id.IndexOf(':');
            string type = id.Substring(0, colon);
            string value = id.Substring(colon + 1);
            int method = type == "DNSName" ? 1 : type == "IPAddress" ? 2 : type == "MACAddress" ? 3 : type == "IQN" ? 4
                : type == "IPv6Address" ? 5 : Int32.Parse(type.Substring("Method".Length), CultureInfo.InvariantCulture);
            return new InitiatorId(method, value);
        }

        /// <summary>The initiator of this session logs in again this long after its session is gone, as newTsih.</summary>
        public void LogsInAgain(TargetSession original, TimeSpan after, int newTsih)
        {
            Relogin r = new Relogin();
            r.Original = original;
            r.After = after;
            r.NewTsih = newTsih;
            relogins.Add(r);
        }

        /// <summary>Whether the target accepts a login from this initiator now.</summary>
        public bool Admits(string target, string iqn, string address)
        {
            TargetAccess a;
            if (!Targets.TryGetValue(target, out a) || !a.Enabled)
                return false;
            foreach (InitiatorId id in a.InitiatorIds)
            {
                if (id.IsWildcard)
                    return true;
                if (id.Method == InitiatorId.Iqn && String.Equals(id.Value, iqn, StringComparison.OrdinalIgnoreCase))
                    return true;
                if ((id.Method == InitiatorId.IPAddress || id.Method == InitiatorId.IPv6Address) && id.Value == address)
                    return true;
                // DNSName, MACAddress, method 0 (NetBIOS name) and unknown methods: taken to admit it (the fake cannot tell)
                if (id.Method != InitiatorId.Iqn && id.Method != InitiatorId.IPAddress && id.Method != InitiatorId.IPv6Address)
                    return true;
            }
            return false;
        }

        private void Tick(DateTime now)
        {
            foreach (Relogin r in relogins)
            {
                if (r.Done)
                    continue;
                bool listed = false;
                foreach (TargetSession s in Api.Sessions)
                {
                    if (s.Tsih == r.Original.Tsih)
                        listed = true;
                }
                if (listed)
                    continue;
                if (!r.GoneAt.HasValue)
                    r.GoneAt = now;
                if (now < r.GoneAt.Value + r.After)
                    continue;
                r.Done = true;
                if (!Admits(r.Original.TargetName, r.Original.InitiatorIqn, r.Original.InitiatorAddress))
                {
                    Log.Add("login refused " + r.Original.InitiatorIqn + " -> " + r.Original.TargetName);
                    continue;
                }
                TargetSession again = Api.Add(r.NewTsih, r.Original.InitiatorIqn, r.Original.TargetName);
                again.InitiatorAddress = r.Original.InitiatorAddress;
                Log.Add("login " + r.Original.InitiatorIqn + " -> " + r.Original.TargetName + " tsih " + r.NewTsih.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static ApiException Wbem(string op, long code)
        {
            return new ApiException(op, ErrorCatalog.Decode(code, "hresult"));
        }

        public TargetAccess ReadAccess(string targetName)
        {
            Log.Add("read-access " + targetName);
            long hr;
            if (ReadFails.TryGetValue(targetName, out hr))
                throw Wbem("reading WT_Host " + targetName, hr);
            TargetAccess a;
            if (!Targets.TryGetValue(targetName, out a))
                throw Wbem("reading WT_Host " + targetName, 0x80041002L);
            TargetAccess c = new TargetAccess();
            c.TargetName = a.TargetName;
            c.TargetIqn = a.TargetIqn;
            c.Enabled = a.Enabled;
            foreach (InitiatorId id in a.InitiatorIds)
                c.InitiatorIds.Add(new InitiatorId(id.Method, id.Value));
            return c;
        }

        public void SetEnabled(string targetName, bool enabled)
        {
            Log.Add("set-enabled " + targetName + " " + (enabled ? "true" : "false"));
            if (SetEnabledHResult.HasValue)
                throw Wbem("putting WT_Host " + targetName, SetEnabledHResult.Value);
            if (!IgnoreChanges)
                Targets[targetName].Enabled = enabled;
            if (OnChange != null)
                OnChange();
        }

        public long? AddHResult;

        public void AddInitiatorId(string targetName, InitiatorId id)
        {
            Log.Add("add-id " + targetName + " " + id);
            if (AddHResult.HasValue)
                throw Wbem("creating WT_IDMethod " + id, AddHResult.Value);
            TargetAccess a = Targets[targetName];
            if (a.Has(id))
                throw Wbem("creating WT_IDMethod " + id, 0x80041019L);   // WBEM_E_ALREADY_EXISTS: all three properties are keys
            if (!IgnoreChanges)
                a.InitiatorIds.Add(new InitiatorId(id.Method, id.Value));
        }

        public List<string> ListTargets()
        {
            Log.Add("list-targets");
            return new List<string>(Targets.Keys);
        }

        public void RemoveInitiatorId(string targetName, InitiatorId id)
        {
            Log.Add("remove-id " + targetName + " " + id);
            if (RemoveHResult.HasValue)
                throw Wbem("deleting WT_IDMethod " + id, RemoveHResult.Value);
            TargetAccess a = Targets[targetName];
            int index = -1;
            for (int i = 0; i < a.InitiatorIds.Count; i++)
            {
                if (a.InitiatorIds[i].SameAs(id))
                    index = i;
            }
            if (index < 0)
                throw Wbem("deleting WT_IDMethod " + id, 0x80041002L);
            if (!IgnoreChanges)
                a.InitiatorIds.RemoveAt(index);
            if (OnChange != null)
                OnChange();
        }
    }
}
