// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// rds_session_info's engine: lists the sessions with their times, idle time and client name, over IWtsApi
// (_Rds.cs). Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsSessionInfo
{
    // ------------------------------------------------------------------------------------------------
    // rds_session_info
    // ------------------------------------------------------------------------------------------------

    /// <summary>Options of rds_session_info: the selectors of rds_logoff (RdsSelector); none lists every user session.</summary>
    public class RdsSessionInfoRequest : RdsSelector
    {
        public void Validate()
        {
            ValidateSelectors(false, null);
        }
    }

    /// <summary>Lists sessions with their times, idle time and client name.</summary>
    public class RdsSessionInfoEngine
    {
        private readonly IWtsApi api;

        /// <summary>Warnings of the last List call (a session whose times could not be read, with the code).</summary>
        public List<string> Warnings { get; private set; }

        public RdsSessionInfoEngine()
            : this(new NativeWtsApi())
        {
        }

        /// <summary>The module's token, for the hints on a refused call; null (the default) takes PrivilegeHints.TokenFor: the test override, else the native token with NativeWtsApi.</summary>
        public IAccessToken Token { get; set; }

        public RdsSessionInfoEngine(IWtsApi api)
        {
            this.api = api;
            Warnings = new List<string>();
        }

        /// <summary>Returns one dictionary per matching session (see rds_session_info RETURN).</summary>
        public ArrayList List(RdsSessionInfoRequest request)
        {
            request.Validate();
            RdsSelection sel = RdsSelection.Prepare(api, request, false, null);
            RdsHints hints = new RdsHints(api, Token, sel.Local, sel.Server);
            Warnings = new List<string>();
            ArrayList res = new ArrayList();
            using (IWtsServer srv = WtsUtil.Open(api, sel.Server, hints))
            {
                // The same selection as rds_logoff and rds_message, so this lists what they would act on.
                foreach (RdsPick p in sel.Select(srv, WtsUtil.ListOrThrow(srv, sel.Server, hints)))
                {
                    // A session that ended after the listing is no longer there to report.
                    if (p.Gone)
                        continue;
                    WtsSession s = p.Session;
                    if (p.Error != null)
                    {
                        string hint = hints.For(p.Error.Error);
                        Warnings.Add(String.Format("the times of session {0}{1} on {2} could not be read; they are " +
                            "reported as null{3}: {4}{5}{6}", s.SessionId, s.HasUser ? " (" + s.QualifiedUser + ")" : "",
                            sel.Where, sel.NeedsTimes ? " and rds_logoff would fail it" : "", p.Error.Error,
                            WtsUtil.RelistNote(p.ListError), hint == null ? "" : " " + hint));
                    }
                    string client = null;
                    try
                    {
                        client = srv.QueryClientName(s.SessionId);
                    }
                    catch (ApiException)
                    {
                        client = null;
                    }
                    res.Add(Describe(s, p.Times, client, sel.CurrentSession));
                }
                Warnings.AddRange(sel.Warnings);
            }
            return res;
        }

        /// <summary>ISO 8601 UTC text of a FILETIME ("2026-01-01T12:00:00Z"), or null when it is not set.</summary>
        internal static string IsoTime(long fileTime)
        {
            DateTime? t = WtsUtil.FromFileTime(fileTime);
            if (!t.HasValue)
                return null;
            return t.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        internal static Hashtable Describe(WtsSession s, WtsSessionTimes t, string clientName, int currentId)
        {
            Hashtable h = new Hashtable();
            h["session_id"] = s.SessionId;
            h["session_name"] = String.IsNullOrEmpty(s.SessionName) ? null : s.SessionName;
            h["username"] = s.HasUser ? s.UserName : null;
            h["domain"] = String.IsNullOrEmpty(s.DomainName) ? null : s.DomainName;
            h["session_state"] = WtsUtil.StateName(s.State);
            h["client_name"] = String.IsNullOrEmpty(clientName) ? null : clientName;
            h["logon_time"] = t == null ? null : IsoTime(t.LogonTime);
            h["connect_time"] = t == null ? null : IsoTime(t.ConnectTime);
            h["disconnect_time"] = t == null ? null : IsoTime(t.DisconnectTime);
            h["last_input_time"] = t == null ? null : IsoTime(t.LastInputTime);
            long? idle = WtsUtil.IdleSeconds(t);
            h["idle_seconds"] = idle.HasValue ? (object)idle.Value : null;
            idle = s.State == WtsConnectState.Disconnected ? WtsUtil.DisconnectedSeconds(t) : null;
            h["disconnected_seconds"] = idle.HasValue ? (object)idle.Value : null;
            h["is_current"] = currentId >= 0 && s.SessionId == currentId;
            return h;
        }
    }
}
