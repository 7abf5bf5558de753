// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Pieces every session module shares: a clock that tests can fake, the exception a
// native layer throws with a decoded error, wildcard matching, the typed reading
// of module options, and the one iSCSI name rule of every iSCSI module (here rather than in
// a util of its own: a separate util measured about 860 payload bytes more per iSCSI
// module, which the held iscsi_target_session_stop payload cannot take). What only the modules that end sessions need (outcomes, report,
// waits, retries, durations) is in _ActionReport.cs. Internal to the collection; it
// may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._Common
{
    /// <summary>Time for the engines. Tests use a fake whose Sleep only moves the clock.</summary>
    public interface IClock
    {
        DateTime UtcNow { get; }
        void Sleep(TimeSpan duration);
    }

    public class SystemClock : IClock
    {
        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }

        public void Sleep(TimeSpan duration)
        {
            if (duration > TimeSpan.Zero)
                Thread.Sleep(duration);
        }
    }

    /// <summary>A Windows API call that failed, with its decoded error.</summary>
    public class ApiException : Exception
    {
        public ErrorInfo Error { get; private set; }
        public string Operation { get; private set; }

        public ApiException(string operation, ErrorInfo error)
            : base(String.Format("{0} failed: {1}", operation, error))
        {
            Operation = operation;
            Error = error;
        }

        public static ApiException FromWin32(string operation, int code)
        {
            return new ApiException(operation, ErrorCatalog.FromWin32(code));
        }

        public static ApiException FromHResult(string operation, int hresult)
        {
            return new ApiException(operation, ErrorCatalog.FromHResult(hresult));
        }
    }

    /// <summary>Case-insensitive matching with * and ? wildcards.</summary>
    public static class Wildcard
    {
        public static bool IsMatch(string pattern, string value)
        {
            if (pattern == null)
                return false;
            if (value == null)
                value = "";
            string re = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
            return Regex.IsMatch(value, re, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }

    /// <summary>
    /// Reads module options from the IDictionary Ansible.Basic gives (AnsibleModule.Params) into typed values, for
    /// the runners' FromParams. An unset option (missing or null) stays null, never ""; an explicit "" is passed on
    /// unchanged, so that the request's Validate decides what it means. A value of the wrong type throws an
    /// ArgumentException that names the option. A choice that matches one of the choices in another case is
    /// returned in the choice's own spelling (Ansible.Basic accepts any case and passes the value on unchanged);
    /// a value that matches none is returned unchanged for the request's Validate to reject.
    /// </summary>
    public static class ModuleParams
    {
        private static readonly string[] TrueWords = new string[] { "y", "yes", "on", "1", "true", "t", "1.0" };
        private static readonly string[] FalseWords = new string[] { "n", "no", "off", "0", "false", "f", "0.0" };

        /// <summary>The raw value of an option, or null when it is missing or null.</summary>
        public static object Raw(IDictionary parameters, string name)
        {
            if (parameters == null || !parameters.Contains(name))
                return null;
            return parameters[name];
        }

        public static bool IsSet(IDictionary parameters, string name)
        {
            return Raw(parameters, name) != null;
        }

        public static string Str(IDictionary parameters, string name)
        {
            return ToStr(Raw(parameters, name), name);
        }

        public static int? Int(IDictionary parameters, string name)
        {
            object v = Raw(parameters, name);
            if (v == null)
                return null;
            return ToInt(v, name);
        }

        /// <summary>The option as an int, or <paramref name="unset"/> when it is not set.</summary>
        public static int Int(IDictionary parameters, string name, int unset)
        {
            int? v = Int(parameters, name);
            return v.HasValue ? v.Value : unset;
        }

        public static double? Double(IDictionary parameters, string name)
        {
            object v = Raw(parameters, name);
            if (v == null)
                return null;
            return ToDouble(v, name);
        }

        public static double Double(IDictionary parameters, string name, double unset)
        {
            double? v = Double(parameters, name);
            return v.HasValue ? v.Value : unset;
        }

        public static bool? Bool(IDictionary parameters, string name)
        {
            object v = Raw(parameters, name);
            if (v == null)
                return null;
            return ToBool(v, name);
        }

        public static bool Bool(IDictionary parameters, string name, bool unset)
        {
            bool? v = Bool(parameters, name);
            return v.HasValue ? v.Value : unset;
        }

        /// <summary>A list option as string[]; a single value becomes a one-element array; null entries stay null.</summary>
        public static string[] StrList(IDictionary parameters, string name)
        {
            List<object> items = Items(Raw(parameters, name));
            if (items == null)
                return null;
            string[] res = new string[items.Count];
            for (int i = 0; i < items.Count; i++)
                res[i] = ToStr(items[i], name);
            return res;
        }

        public static int[] IntList(IDictionary parameters, string name)
        {
            List<object> items = Items(Raw(parameters, name));
            if (items == null)
                return null;
            int[] res = new int[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i] == null)
                    throw new ArgumentException(String.Format("{0}: the list must not contain empty entries", name));
                res[i] = ToInt(items[i], name);
            }
            return res;
        }

        /// <summary>A str option with choices, in the choice's own spelling when it matches one in any case.</summary>
        public static string Choice(IDictionary parameters, string name, string[] choices)
        {
            return Canonical(Str(parameters, name), choices);
        }

        /// <summary>A list option with choices, each entry in the choice's own spelling when it matches one.</summary>
        public static string[] ChoiceList(IDictionary parameters, string name, string[] choices)
        {
            string[] values = StrList(parameters, name);
            if (values == null)
                return null;
            for (int i = 0; i < values.Length; i++)
                values[i] = Canonical(values[i], choices);
            return values;
        }

        /// <summary>The choice that equals <paramref name="value"/> ignoring case, else the value unchanged.</summary>
        public static string Canonical(string value, string[] choices)
        {
            if (value == null || choices == null)
                return value;
            foreach (string c in choices)
            {
                if (String.Equals(c, value, StringComparison.OrdinalIgnoreCase))
                    return c;
            }
            return value;
        }

        private static List<object> Items(object value)
        {
            if (value == null)
                return null;
            List<object> res = new List<object>();
            if (value is string || value is IDictionary || !(value is IEnumerable))
            {
                res.Add(value);
                return res;
            }
            foreach (object o in (IEnumerable)value)
                res.Add(o);
            return res;
        }

        private static string ToStr(object value, string name)
        {
            if (value == null)
                return null;
            string s = value as string;
            if (s != null)
                return s;
            if (value is char)
                return value.ToString();
            if (IsInteger(value))
                return Convert.ToString(value, CultureInfo.InvariantCulture);
            throw new ArgumentException(String.Format("{0}: expected a string, got a value of type {1}", name,
                value.GetType().Name));
        }

        private static bool IsInteger(object value)
        {
            return value is int || value is long || value is short || value is byte || value is sbyte ||
                value is uint || value is ushort || value is ulong;
        }

        private static int ToInt(object value, string name)
        {
            string s = value as string;
            try
            {
                if (IsInteger(value))
                    return Convert.ToInt32(value, CultureInfo.InvariantCulture);
                if (s != null)
                    return Int32.Parse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw new ArgumentException(String.Format(CultureInfo.InvariantCulture,
                    "{0}: {1} is out of range for an integer", name, value));
            }
            catch (FormatException)
            {
            }
            throw new ArgumentException(String.Format(CultureInfo.InvariantCulture, "{0}: '{1}' is not an integer",
                name, value));
        }

        private static double ToDouble(object value, string name)
        {
            // A float (what Ansible.Basic makes of a float option) goes through its shortest text, so 0.1f is 0.1.
            if (value is float)
                return System.Double.Parse(((float)value).ToString("R", CultureInfo.InvariantCulture),
                    CultureInfo.InvariantCulture);
            if (value is double)
                return (double)value;
            if (value is decimal)
                return (double)(decimal)value;
            if (IsInteger(value))
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            string s = value as string;
            double d;
            if (s != null && System.Double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                return d;
            throw new ArgumentException(String.Format(CultureInfo.InvariantCulture, "{0}: '{1}' is not a number",
                name, value));
        }

        private static bool ToBool(object value, string name)
        {
            if (value is bool)
                return (bool)value;
            string s = value is string ? ((string)value).Trim().ToLowerInvariant() :
                IsInteger(value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
            if (s != null && Array.IndexOf(TrueWords, s) >= 0)
                return true;
            if (s != null && Array.IndexOf(FalseWords, s) >= 0)
                return false;
            throw new ArgumentException(String.Format(CultureInfo.InvariantCulture, "{0}: '{1}' is not a boolean",
                name, value));
        }
    }

    /// <summary>The iSCSI name rule of every iSCSI module (RFC 3720 3.2.6.3, RFC 3721): iqn.yyyy-mm (month 01-12),
    /// the reversed domain labels, optionally ':' and a non-empty unique part; eui. and 16 hex digits; naa. and 16 or
    /// 32 hex digits; at most 223 bytes; compared case-insensitively.</summary>
    public static class IscsiName
    {
        static readonly Regex Form = new Regex("(?i)^(iqn\\.[0-9]{4}-(0[1-9]|1[0-2])(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\\S+)?"
            + "|eui\\.[0-9a-f]{16}|naa\\.([0-9a-f]{16}|[0-9a-f]{32}))\\z", RegexOptions.CultureInvariant);

        public static bool IsValid(string name)
        {
            return name != null && System.Text.Encoding.UTF8.GetByteCount(name) <= 223 && Form.IsMatch(name);
        }

        public static void Check(string name, string option)
        {
            if (!IsValid(name))
                throw new ArgumentException(option + ": '" + name
                    + "' is not an iSCSI name: iqn.yyyy-mm.domain[:id], eui.<16 hex> or naa.<16/32 hex>, max 223 bytes");
        }
    }
}
