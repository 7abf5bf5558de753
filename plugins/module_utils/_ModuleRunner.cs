// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The glue every module runner shares between Ansible.Basic's AnsibleModule and an engine: result values made
// JSON-safe, warnings, diff, the end of the run (ExitJson or FailJson with the summary) and the one mapping of an
// exception to FailJson. Internal to the collection; it may change without notice.
//
// ExitJson and FailJson end the module: on a host they exit the PowerShell pipeline by throwing, in the tests
// the Exit hook throws. So they are never called inside a try block that catches every exception.
using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Ansible.Basic;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._ModuleRunner
{
    /// <summary>Shared steps of the module runners.</summary>
    public static class ModuleRunner
    {
        /// <summary>
        /// The request from the module options, validated: FromParams then validate. Any exception ends the module
        /// with FailJson (an ArgumentException with its message alone) and null is returned; nothing else runs.
        /// </summary>
        public static T Build<T>(AnsibleModule module, Func<IDictionary, T> fromParams, Action<T> validate)
            where T : class
        {
            T request = null;
            Exception failure = null;
            try
            {
                request = fromParams(module.Params);
                if (validate != null)
                    validate(request);
            }
            catch (Exception e)
            {
                failure = e;
            }
            if (failure != null)
            {
                Fail(module, "invalid options", failure);
                return null;
            }
            return request;
        }

        /// <summary>
        /// Runs an engine call. When it throws, ends the module with FailJson (see Fail) and returns false; the
        /// module must then return at once.
        /// </summary>
        public static bool TryRun(AnsibleModule module, Action call, string context, params Type[] selfDescribing)
        {
            Exception failure = null;
            try
            {
                call();
            }
            catch (Exception e)
            {
                failure = e;
            }
            if (failure != null)
            {
                Fail(module, context, failure, selfDescribing);
                return false;
            }
            return true;
        }

        /// <summary>
        /// A value for module.Result or module.Diff: dictionaries become Dictionary&lt;string, object&gt;, lists
        /// List&lt;object&gt;, integers int or long, and strings, booleans and null stay; an enum becomes its name,
        /// a time its ISO 8601 text, anything else its text. So ConvertTo-Json on a host and the tests' JSON agree.
        /// </summary>
        public static object ToResultValue(object value)
        {
            if (value == null || value is string || value is bool || value is int || value is long)
                return value;
            if (value is short || value is byte || value is sbyte || value is ushort)
                return Convert.ToInt32(value, CultureInfo.InvariantCulture);
            if (value is uint)
                return (long)(uint)value;
            if (value is ulong)
            {
                ulong u = (ulong)value;
                if (u <= (ulong)Int64.MaxValue)
                    return (long)u;
                return u.ToString(CultureInfo.InvariantCulture);
            }
            if (value is char || value is Guid)
                return value.ToString();
            if (value is Enum)
                return value.ToString();
            if (value is DateTime)
                return ((DateTime)value).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
            IDictionary dict = value as IDictionary;
            if (dict != null)
                return ToResultDict(dict);
            IEnumerable list = value as IEnumerable;
            if (list != null)
                return ToResultList(list);
            IConvertible conv = value as IConvertible;
            if (conv != null)
                return conv.ToString(CultureInfo.InvariantCulture);
            return value.ToString();
        }

        public static Dictionary<string, object> ToResultDict(IDictionary dict)
        {
            if (dict == null)
                return null;
            Dictionary<string, object> res = new Dictionary<string, object>();
            foreach (DictionaryEntry kv in dict)
                res[Convert.ToString(kv.Key, CultureInfo.InvariantCulture)] = ToResultValue(kv.Value);
            return res;
        }

        public static List<object> ToResultList(IEnumerable list)
        {
            if (list == null)
                return null;
            List<object> res = new List<object>();
            foreach (object o in list)
                res.Add(ToResultValue(o));
            return res;
        }

        /// <summary>module.Diff before/after, only in diff mode.</summary>
        public static void SetDiff(AnsibleModule module, object before, object after)
        {
            if (!module.DiffMode)
                return;
            module.Diff["before"] = ToResultValue(before);
            module.Diff["after"] = ToResultValue(after);
        }

        /// <summary>A diff side that lists sessions: {sessions: [...]}.</summary>
        public static Dictionary<string, object> SessionsDiff(IEnumerable sessions)
        {
            Dictionary<string, object> res = new Dictionary<string, object>();
            res["sessions"] = sessions == null ? new List<object>() : ToResultList(sessions);
            return res;
        }

        /// <summary>module.Result[key] = the value, made JSON-safe.</summary>
        public static void SetResult(AnsibleModule module, string key, object value)
        {
            module.Result[key] = ToResultValue(value);
        }

        /// <summary>Each warning once, in order.</summary>
        public static void AddWarnings(AnsibleModule module, IEnumerable<string> warnings)
        {
            if (warnings == null)
                return;
            List<string> seen = new List<string>();
            foreach (string w in warnings)
            {
                if (String.IsNullOrEmpty(w) || seen.Contains(w))
                    continue;
                seen.Add(w);
                module.Warn(w);
            }
        }

        /// <summary>FailJson(msg) when failed, else Result.msg = msg and ExitJson.</summary>
        public static void End(AnsibleModule module, bool failed, string msg)
        {
            if (failed)
            {
                module.FailJson(msg);
                return;
            }
            module.Result["msg"] = msg;
            module.ExitJson();
        }

        /// <summary>The exception the engine threw, without the wrappers reflection, tasks or PowerShell add.</summary>
        public static Exception Unwrap(Exception e)
        {
            while (e != null && e.InnerException != null && (e is TargetInvocationException || e is AggregateException ||
                e.GetType().FullName == "System.Management.Automation.MethodInvocationException"))
                e = e.InnerException;
            return e;
        }

        /// <summary>
        /// The text of an exception for msg: an ApiException already names its call and decoded error; a Win32 or
        /// COM exception gets its code decoded by the error catalog (NAME (0x...) text).
        /// </summary>
        public static string Describe(Exception e)
        {
            e = Unwrap(e);
            if (e == null)
                return "unknown error";
            if (e is ApiException)
                return e.Message;
            ErrorInfo error = null;
            Win32Exception w32 = e as Win32Exception;
            if (w32 != null)
                error = ErrorCatalog.FromWin32(w32.NativeErrorCode);
            else if (e is ExternalException)
                error = ErrorCatalog.FromHResult(((ExternalException)e).ErrorCode);
            else if (e is UnauthorizedAccessException)
                error = ErrorCatalog.FromHResult(unchecked((int)0x80070005));
            if (error == null)
                return e.Message;
            if (e.Message.IndexOf(error.Hex, StringComparison.OrdinalIgnoreCase) >= 0)
                return e.Message;
            return String.Format("{0}: {1}", e.Message, error);
        }

        /// <summary>
        /// Ends the module with FailJson for an exception: an ArgumentException (bad options) or one of
        /// <paramref name="selfDescribing"/> (an engine exception whose message is the whole story) gives its
        /// message alone; anything else gives "<paramref name="context"/>: " and the decoded error.
        /// </summary>
        public static void Fail(AnsibleModule module, string context, Exception e, params Type[] selfDescribing)
        {
            module.FailJson(FailureMessage(context, e, selfDescribing), Unwrap(e));
        }

        public static string FailureMessage(string context, Exception e, params Type[] selfDescribing)
        {
            Exception inner = Unwrap(e);
            if (inner is ArgumentException)
                return inner.Message;
            if (inner != null && selfDescribing != null)
            {
                foreach (Type t in selfDescribing)
                {
                    if (t != null && t.IsInstanceOfType(inner))
                        return inner.Message;
                }
            }
            return String.Format("{0}: {1}", context, Describe(inner));
        }
    }
}
