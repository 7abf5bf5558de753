// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// A managed fake of the host record store (plugins/module_utils/_HostRecord.cs) for engine and module tests: the
// same contract as RegistryHostRecordStore (Get null when absent, SetIfAbsent never overwrites, Clear true only when
// a record was removed), every call logged, and a refusal (ERROR_ACCESS_DENIED, what a non-administrator gets under
// HKLM) configurable per operation.
using System;
using System.Collections.Generic;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;

namespace SessionCtl.Tests
{
    public class FakeHostRecordStore : IHostRecordStore
    {
        public readonly Dictionary<string, string> Records = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public readonly EventLog Log = new EventLog();
        /// <summary>These operations ("read", "write", "clear") fail as a refused registry call does.</summary>
        public readonly List<string> Deny = new List<string>();

        public string Location
        {
            get { return @"HKLM\SOFTWARE\sessionctl.windows\Records (64-bit registry view)"; }
        }

        private void Check(string op, string name)
        {
            HostRecords.CheckName(name);
            if (Deny.Contains(op))
                throw HostRecords.Failure(op, name, Location, new UnauthorizedAccessException("Access to the registry key is denied."));
        }

        public string Get(string name)
        {
            Log.Add("get " + name);
            Check("read", name);
            string v;
            return Records.TryGetValue(name, out v) ? v : null;
        }

        public bool SetIfAbsent(string name, string value)
        {
            Log.Add("set " + name + "=" + value);
            HostRecords.CheckValue(name, value);
            Check("write", name);
            if (Records.ContainsKey(name))
                return false;
            Records[name] = value;
            return true;
        }

        public bool Clear(string name)
        {
            Log.Add("clear " + name);
            Check("clear", name);
            return Records.Remove(name);
        }
    }
}
