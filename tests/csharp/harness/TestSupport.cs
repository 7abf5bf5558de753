// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Helpers shared by the NUnit tests: a clock that only moves when someone sleeps,
// and an event log for asserting the order of calls.
using NUnit.Framework;
using System;
using System.Collections.Generic;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace SessionCtl.Tests
{
    /// <summary>
    /// A virtual clock. Sleep moves time forward at once and records the call, so a test of a 30 s timeout runs in
    /// microseconds and can assert how long the engine slept, and in what order things happened.
    /// </summary>
    public class FakeClock : IClock
    {
        private DateTime now = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        public readonly List<TimeSpan> Sleeps = new List<TimeSpan>();
        /// <summary>Called after every Sleep with the new time; fakes use it to make slow calls finish.</summary>
        public Action<DateTime> OnAdvance;
        public EventLog Log;

        public DateTime UtcNow
        {
            get { return now; }
        }

        public DateTime Start
        {
            get { return new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc); }
        }

        public TimeSpan Elapsed
        {
            get { return now - Start; }
        }

        public void Sleep(TimeSpan duration)
        {
            Sleeps.Add(duration);
            if (duration > TimeSpan.Zero)
                now = now + duration;
            if (Log != null)
                Log.Add("sleep " + (long)duration.TotalMilliseconds + "ms");
            if (OnAdvance != null)
                OnAdvance(now);
        }

        public void Advance(TimeSpan duration)
        {
            now = now + duration;
            if (OnAdvance != null)
                OnAdvance(now);
        }
    }

    /// <summary>An ordered list of what a fake was asked to do.</summary>
    public class EventLog
    {
        public readonly List<string> Events = new List<string>();

        public void Add(string e)
        {
            lock (Events)
                Events.Add(e);
        }

        public int IndexOf(string e)
        {
            return Events.IndexOf(e);
        }

        public int LastIndexOfPrefix(string prefix)
        {
            for (int i = Events.Count - 1; i >= 0; i--)
            {
                if (Events[i].StartsWith(prefix, StringComparison.Ordinal))
                    return i;
            }
            return -1;
        }

        public int FirstIndexOfPrefix(string prefix)
        {
            for (int i = 0; i < Events.Count; i++)
            {
                if (Events[i].StartsWith(prefix, StringComparison.Ordinal))
                    return i;
            }
            return -1;
        }

        public int CountPrefix(string prefix)
        {
            int n = 0;
            foreach (string e in Events)
            {
                if (e.StartsWith(prefix, StringComparison.Ordinal))
                    n++;
            }
            return n;
        }

        public override string ToString()
        {
            return String.Join(" | ", Events.ToArray());
        }
    }

    /// <summary>
    /// The family tables registered once for the whole assembly: the fakes build errors with ErrorCatalog directly,
    /// before any code of the collection that meets the family has run. On a host, the code that meets a family
    /// registers it (IscsiConstants.Decode, VdsCodes.Decode, WmiException, the stop paths).
    /// </summary>
    [SetUpFixture]
    public class FamilyTables
    {
        [SetUp]
        public void RegisterEveryFamily()
        {
            ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogIscsi.IscsiErrors.Register();
            ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogVds.VdsErrors.Register();
            ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim.CimErrors.Register();
            ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogSrb.SrbErrors.Register();
        }
    }
}
