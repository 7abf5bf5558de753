// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// rds_message's engine: the RDS selection and safety rules of rds_logoff (RdsSelection, _Rds.cs), check mode, and
// one WTSSendMessageW per session, confirmed just before it is sent. With wait_for_response every call runs on its own
// thread and all are awaited together, so a run waits at most timeout (+2 s). Internal to the collection.
// WTSSendMessageW (Learn; windows-api-notes 1.6): lengths in bytes; Timeout 0 waits forever; bWait FALSE answers
// IDASYNC 32001 at once; bWait TRUE the button (IDOK 1, ...) or IDTIMEOUT 32000. Another user's session needs the
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsMessage
{
    /// <summary>Options of rds_message: the shared RDS selectors and the message.</summary>
    public class RdsMessageRequest : RdsSelector
    {
        public string Message, MessageTitle;
        public bool WaitForResponse;
        public int Timeout = 60;

        public void Validate()
        {
            ValidateSelectors(true, "send the message to");
            if (Message == null || Message.Trim().Length == 0)
                throw new ArgumentException("message must not be empty or blank");
            if (MessageTitle != null && MessageTitle.Length > 0 && MessageTitle.Trim().Length == 0)
                throw new ArgumentException("message_title must not be blank");
            if (Timeout < 0)
                throw new ArgumentException(String.Format("timeout must be 0 or more, not {0}", Timeout));
            if (WaitForResponse && Timeout == 0)
                throw new ArgumentException("wait_for_response needs a timeout of 1 or more (0 waits forever)");
        }

    }

    /// <summary>WTSSendMessageW (server null: this host), the response code; throws ApiException; thread-safe.</summary>
    public interface IWtsMessageApi
    {
        int SendMessage(string server, int sessionId, string title, string message, int timeoutSeconds, bool wait);
    }

    public class RdsMessageOutcome
    {
        public const string Sent = "sent", WouldSend = "would_send", Gone = "already_gone", Skipped = "skipped",
            Failed = "failed";
        public static readonly string[] Actions = new string[] { Sent, WouldSend, Gone, Skipped, Failed };
        // WTSSendMessageW responses when waiting (WinUser.h MessageBox IDs, IDTIMEOUT 32000); 0 read as timeout.
        private static readonly int[] Codes = new int[] { 0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 32000 };
        private static readonly string[] Names = new string[] { "timeout", "ok", "cancel", "abort", "retry", "ignore",
            "yes", "no", "try_again", "continue", "timeout" };

        public int SessionId;
        public string Username, Domain, State, Action, Reason;
        public ErrorInfo Error;
        public int? Response;
        internal RdsPick Pick;

        public static string ResponseName(int code)
        {
            int i = Array.IndexOf(Codes, code);
            return i < 0 ? "unknown" : Names[i];
        }

        public Dictionary<string, object> ToDictionary()
        {
            Dictionary<string, object> h = new Dictionary<string, object>();
            h["session_id"] = SessionId;
            h["username"] = Username;
            h["domain"] = Domain;
            h["session_state"] = State;
            h["action"] = Action;
            h["reason"] = Reason;
            h["response"] = Response.HasValue ? ResponseName(Response.Value) : null;
            h["error"] = Error == null ? null : Error.ToDictionary();
            return h;
        }
    }

    /// <summary>What one run of rds_message did: an outcome per session, the warnings and the hints.</summary>
    public class RdsMessageResult
    {
        public List<RdsMessageOutcome> Sessions = new List<RdsMessageOutcome>();
        public List<string> Warnings = new List<string>();
        public List<string> Hints = new List<string>();

        public int Count(string action)
        {
            return Sessions.FindAll(delegate(RdsMessageOutcome o) { return o.Action == action; }).Count;
        }

        public Dictionary<string, object> Counts()
        {
            Dictionary<string, object> h = new Dictionary<string, object>();
            foreach (string a in RdsMessageOutcome.Actions)
                h[a] = Count(a);
            return h;
        }

        public string Summary()
        {
            if (Sessions.Count == 0)
                return "no sessions matched the selection; no message was sent";
            List<string> parts = new List<string>();
            foreach (string a in RdsMessageOutcome.Actions)
            {
                if (Count(a) > 0)
                    parts.Add(Count(a) + " " + a.Replace('_', ' '));
            }
            string msg = String.Format("{0} session{1} selected: {2}", Sessions.Count, Sessions.Count == 1 ? "" : "s",
                String.Join(", ", parts.ToArray())), sep = ". Failed: ";
            foreach (RdsMessageOutcome o in Sessions)
            {
                if (o.Action != RdsMessageOutcome.Failed)
                    continue;
                msg += sep + "session " + o.SessionId + ": " + o.Reason + (o.Error == null ? "" : " - " + o.Error);
                sep = "; ";
            }
            return Hints.Count > 0 && Count(RdsMessageOutcome.Failed) > 0 ? msg + ". " + String.Join(" ", Hints.ToArray()) : msg;
        }
    }

    /// <summary>Selects sessions (RdsSelection), applies the safety rules and sends the message.</summary>
    public class RdsMessageEngine
    {
        private readonly IWtsApi api;
        private readonly IWtsMessageApi messages;

        public RdsMessageEngine(IWtsApi api, IWtsMessageApi messages)
        {
            this.api = api;
            this.messages = messages;
        }

        public RdsMessageResult Run(RdsMessageRequest request, bool checkMode)
        {
            request.Validate();
            RdsMessageResult result = new RdsMessageResult();
            // The per-run state is the selection (host, selectors, own session) and the result, passed to each phase.
            RdsSelection sel = RdsSelection.Prepare(api, request, true, "send the message to");
            // the hints on a refused call read the module's token (PrivilegeHints.TokenFor)
            RdsHints hints = new RdsHints(api, null, sel.Local, sel.Server);
            using (IWtsServer srv = WtsUtil.Open(api, sel.Server, hints))
            {
                List<RdsMessageOutcome> targets = Plan(srv, sel, result, WtsUtil.ListOrThrow(srv, sel.Server, hints));
                if (checkMode)
                    targets.ForEach(delegate(RdsMessageOutcome o) { o.Action = RdsMessageOutcome.WouldSend; });
                else if (targets.Count > 0)
                    Send(srv, sel, request, Confirmed(srv, sel, targets));
            }
            foreach (RdsMessageOutcome o in result.Sessions)
            {
                string hint = o.Action == RdsMessageOutcome.Failed && o.Error != null ? hints.For(o.Error) : null;
                if (hint != null && !result.Hints.Contains(hint))
                    result.Hints.Add(hint);
            }
            return result;
        }

        private static void Set(RdsMessageOutcome o, string action, string reason, ErrorInfo error)
        {
            o.Action = action;
            o.Reason = reason;
            o.Error = error;
        }

        /// <summary>The selection as outcomes; returns the sessions to send to.</summary>
        private static List<RdsMessageOutcome> Plan(IWtsServer srv, RdsSelection sel, RdsMessageResult result,
            List<WtsSession> listing)
        {
            List<RdsMessageOutcome> targets = new List<RdsMessageOutcome>();
            foreach (RdsPick p in sel.Select(srv, listing))
            {
                WtsSession s = p.Session;
                // an id asked for that the host does not list is a pick that is Gone without an Error
                bool missing = p.Gone && p.Error == null;
                RdsMessageOutcome o = new RdsMessageOutcome { SessionId = s.SessionId, Pick = p, State = missing ? null :
                    WtsUtil.StateName(s.State), Username = s.HasUser ? s.UserName : null,
                    Domain = String.IsNullOrEmpty(s.DomainName) ? null : s.DomainName };
                result.Sessions.Add(o);
                if (p.Safety != null)
                {
                    Set(o, RdsMessageOutcome.Skipped, p.Safety, null);
                    result.Warnings.Add(String.Format("session {0} on {1} was skipped: {2}", o.SessionId, sel.Where, p.Safety));
                }
                else if (missing)
                {
                    Set(o, RdsMessageOutcome.Gone, sel.Where + " lists no session with this id", null);
                    result.Warnings.Add(String.Format("session {0} was not found on {1}", o.SessionId, sel.Where));
                }
                else if (p.Gone)
                    Set(o, RdsMessageOutcome.Gone, "the session ended before its times could be read", null);
                else if (p.Error != null && sel.NeedsTimes)
                    Set(o, RdsMessageOutcome.Failed, "cannot read the session's times on " + sel.Where +
                        WtsUtil.RelistNote(p.ListError), p.Error.Error);
                else
                    targets.Add(o);
            }
            result.Warnings.AddRange(sel.Warnings);
            return targets;
        }

        /// <summary>Lists again just before sending: a target RdsSelection.Confirm rejects is already_gone.</summary>
        private List<RdsMessageOutcome> Confirmed(IWtsServer srv, RdsSelection sel, List<RdsMessageOutcome> targets)
        {
            List<RdsMessageOutcome> ok = new List<RdsMessageOutcome>();
            List<WtsSession> now;
            try
            {
                now = srv.EnumerateSessions();
            }
            catch (ApiException e)
            {
                foreach (RdsMessageOutcome o in targets)
                    Set(o, RdsMessageOutcome.Failed, "cannot list the sessions on " + sel.Where + " again before sending", e.Error);
                return ok;
            }
            foreach (RdsMessageOutcome o in targets)
            {
                string changed;
                try
                {
                    changed = sel.Confirm(srv, o.Pick, now);
                }
                catch (ApiException e)
                {
                    ApiException listError;
                    if (!WtsUtil.GoneAfterFailure(srv, o.Pick.Session, out listError))
                    {
                        Set(o, RdsMessageOutcome.Failed, "cannot read the session's times on " + sel.Where + " before sending" +
                            WtsUtil.RelistNote(listError), e.Error);
                        continue;
                    }
                    changed = "the session ended";
                }
                if (changed != null)
                    Set(o, RdsMessageOutcome.Gone, "no message sent: " + changed, null);
                else
                    ok.Add(o);
            }
            return ok;
        }

        private object SendCall(string server, RdsMessageRequest r, RdsMessageOutcome o)
        {
            try
            {
                return messages.SendMessage(server, o.SessionId, String.IsNullOrEmpty(r.MessageTitle) ?
                    "Message from your administrator" : r.MessageTitle, r.Message, r.Timeout, r.WaitForResponse);
            }
            catch (ApiException e)
            {
                return e;
            }
        }

        /// <summary>Without wait one call after the other (each returns at once); with it all on threads at once.</summary>
        private void Send(IWtsServer srv, RdsSelection sel, RdsMessageRequest r, List<RdsMessageOutcome> targets)
        {
            object[] calls = new object[targets.Count];
            Thread[] threads = new Thread[targets.Count];
            for (int i = 0; i < targets.Count; i++)
            {
                int n = i;
                if (!r.WaitForResponse)
                {
                    calls[n] = SendCall(sel.Server, r, targets[n]);
                    continue;
                }
                threads[n] = new Thread(delegate() { object c = SendCall(sel.Server, r, targets[n]); lock (calls) calls[n] = c; });
                // a call Windows never returns from must not keep the module alive
                threads[n].IsBackground = true;
                threads[n].Start();
            }
            // a waiting call gets timeout seconds, and 2 more to return
            DateTime deadline = DateTime.UtcNow.AddSeconds(r.Timeout + 2);
            for (int i = 0; i < targets.Count; i++)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (threads[i] != null)
                    threads[i].Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                object c;
                lock (calls)
                    c = calls[i];
                Finish(srv, sel.Where, r, targets[i], c);
            }
        }

        /// <summary>c: the response, the ApiException, or null when the call did not return in time.</summary>
        private void Finish(IWtsServer srv, string where, RdsMessageRequest r, RdsMessageOutcome o, object c)
        {
            ApiException e = c as ApiException, listError;
            if (c == null)
                Set(o, RdsMessageOutcome.Failed, String.Format("WTSSendMessageW did not return within {0} s; the message " +
                    "may not have been shown", r.Timeout + 2), null);
            else if (e == null)
            {
                o.Action = RdsMessageOutcome.Sent;
                if (r.WaitForResponse)
                    o.Response = (int)c;
            }
            // A failed call alone never means the session is gone: the listing decides, not the code.
            else if (WtsUtil.GoneAfterFailure(srv, o.Pick.Session, out listError))
                Set(o, RdsMessageOutcome.Gone, "the session ended before the message was sent", null);
            else
                Set(o, RdsMessageOutcome.Failed, e.Operation + " failed on " + where + WtsUtil.RelistNote(listError), e.Error);
        }
    }

    internal static class MessageNativeMethods
    {
        public const int MB_OK = 0x0;
        public const int MB_ICONEXCLAMATION = 0x30;
        public const int MB_SETFOREGROUND = 0x10000;

        [DllImport("Wtsapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern bool WTSSendMessageW(SafeWtsServerHandle hServer, int SessionId, string pTitle,
            int TitleLength, string pMessage, int MessageLength, int Style, int Timeout, out int pResponse, bool bWait);

        /// <summary>The length WTSSendMessageW wants: bytes of UTF-16, without the terminating NUL.</summary>
        internal static int ByteLength(string s)
        {
            return s == null ? 0 : s.Length * 2;
        }
    }

    /// <summary>IWtsMessageApi over wtsapi32's WTSSendMessageW (MessageNativeMethods).</summary>
    public class NativeWtsMessageApi : IWtsMessageApi
    {
        public int SendMessage(string server, int sessionId, string title, string message, int timeoutSeconds, bool wait)
        {
            // A handle per call, so each thread has its own (WTSOpenServerExW does not contact the server).
            bool local = String.IsNullOrEmpty(server);
            using (SafeWtsServerHandle h = local ? SafeWtsServerHandle.CurrentServer() : NativeMethods.WTSOpenServerExW(server))
            {
                // Never a NULL handle for a remote name: it would mean WTS_CURRENT_SERVER_HANDLE (this host).
                if (!local && h.IsInvalid)
                {
                    int open = Marshal.GetLastWin32Error();
                    h.SetHandleAsInvalid();
                    throw ApiException.FromWin32("WTSOpenServerExW", open == 0 ? 6 : open);
                }
                int response;
                if (!MessageNativeMethods.WTSSendMessageW(h, sessionId, title, MessageNativeMethods.ByteLength(title),
                    message, MessageNativeMethods.ByteLength(message), MessageNativeMethods.MB_OK |
                    MessageNativeMethods.MB_ICONEXCLAMATION | MessageNativeMethods.MB_SETFOREGROUND, timeoutSeconds,
                    out response, wait))
                    throw ApiException.FromWin32("WTSSendMessageW", Marshal.GetLastWin32Error());
                return response;
            }
        }
    }
}
