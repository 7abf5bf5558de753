// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// WTSSendMessageW over the sessions of a FakeWtsApi (WtsFakes.cs), as Microsoft Learn and windows-api-notes 1.6
// document it: a session the host does not list answers the host's GoneError (7022 ERROR_CTX_WINSTATION_NOT_FOUND
// by default); a session's MessageError fails the call with that code (5 without the Message permission); bWait
// FALSE answers IDASYNC (32001) at once; bWait TRUE answers the user's response (IDOK 1 unless scripted) or IDTIMEOUT
// (32000). Calls may come from several threads at once (rds_message with wait_for_response).
using System;
using System.Collections.Generic;
using System.Threading;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessage;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace SessionCtl.Tests
{
    public class FakeWtsMessages : IWtsMessageApi
    {
        private readonly FakeWtsApi wts;

        public class Sent
        {
            public string Server;
            public int SessionId;
            public string Title;
            public string Message;
            public int Timeout;
            public bool Wait;
        }

        public readonly List<Sent> Calls = new List<Sent>();
        /// <summary>The response a session's user gives when the call waits (IDOK when not set).</summary>
        public readonly Dictionary<int, int> Responses = new Dictionary<int, int>();
        /// <summary>Calls on these sessions do not return until Release is set (a WTSSendMessageW that hangs).</summary>
        public readonly List<int> Hang = new List<int>();
        public readonly ManualResetEvent Release = new ManualResetEvent(false);
        /// <summary>When set, every waiting call first waits (up to 10 s) until this many calls have started.</summary>
        public CountdownEvent Together;

        public FakeWtsMessages(FakeWtsApi wts)
        {
            this.wts = wts;
        }

        public int SendMessage(string server, int sessionId, string title, string message, int timeoutSeconds, bool wait)
        {
            FakeWtsSession s;
            FakeWtsHost host;
            lock (this)
            {
                Calls.Add(new Sent { Server = server, SessionId = sessionId, Title = title, Message = message,
                    Timeout = timeoutSeconds, Wait = wait });
                string key = String.IsNullOrEmpty(server) ? "" : server.ToLowerInvariant();
                if (!wts.Hosts.TryGetValue(key, out host))
                    throw ApiException.FromWin32("WTSSendMessageW", 1722);
                if (host.Unreachable != 0)
                    throw ApiException.FromWin32("WTSSendMessageW", host.Unreachable);
                s = host.Find(sessionId);
                if (s == null || (s.GoneAt.HasValue && s.GoneAt.Value <= wts.Clock.UtcNow))
                    throw ApiException.FromWin32("WTSSendMessageW", host.GoneError);
                if (s.MessageError != 0)
                {
                    if (s.VanishAfterFailedCall)
                        s.GoneAt = wts.Clock.UtcNow;
                    throw ApiException.FromWin32("WTSSendMessageW", s.MessageError);
                }
                s.MessageTitle = title;
                s.MessageText = message;
            }
            if (!wait)
                return 32001;
            if (Together != null)
            {
                Together.Signal();
                if (!Together.Wait(TimeSpan.FromSeconds(10)))
                    return 32000;
            }
            if (Hang.Contains(sessionId))
                Release.WaitOne(TimeSpan.FromSeconds(20));
            int response;
            lock (this)
                return Responses.TryGetValue(sessionId, out response) ? response : 1;
        }
    }
}
