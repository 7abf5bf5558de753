// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// iscsi_target_session_info: the sessions the selectors match, from the listing in _IscsiTarget.cs (the stop
// modules select with the same IscsiTargetSessionInfoRequest.Matches). Internal to the collection; it may change
// without notice.
using System.Collections;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTarget;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiTargetSessionInfo
{
    /// <summary>Lists target-side sessions for iscsi_target_session_info.</summary>
    public class IscsiTargetSessionInfoEngine : IscsiTargetSessionReader
    {
        public IscsiTargetSessionInfoEngine(IIscsiTargetSessionSource source)
            : base(source)
        {
        }

        /// <summary>Lists the sessions matching the request.</summary>
        public ArrayList ListSessions(IscsiTargetSessionInfoRequest request)
        {
            request.Validate();
            ArrayList res = new ArrayList();
            foreach (TargetSession s in ReadSessions())
            {
                if (request.Matches(s))
                    res.Add(s.ToDictionary());
            }
            return res;
        }
    }
}
