// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Whole-module runs for the tests of rds_logon_mode(_info) and the iscsi_target_session_stop options that keep a
// session ended: ansible-core's real Ansible.Basic (built under Mono by tools/ansible_basic.sh) validates the
// arguments against the $spec literal read from the module's own .ps1, then the C# runner runs against fakes.
// AnsibleModule.Exit is made to throw, so FailJson/ExitJson end the run; AnsibleModule.WriteLine captures the JSON.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Web.Script.Serialization;
using Ansible.Basic;

namespace SessionCtl.Tests.KeepEnded
{
    /// <summary>What one module run printed and how it exited.</summary>
    public class ModuleRun
    {
        public int ExitCode;
        public Dictionary<string, object> Json;
        public string Raw;

        public bool Failed
        {
            get { return Json.ContainsKey("failed") && (bool)Json["failed"]; }
        }

        public bool Changed
        {
            get { return Json.ContainsKey("changed") && (bool)Json["changed"]; }
        }

        public string Msg
        {
            get { return Json.ContainsKey("msg") ? (string)Json["msg"] : null; }
        }

        public object this[string key]
        {
            get { return Json[key]; }
        }
    }

    public class ModuleExitException : Exception
    {
        public int Code;

        public ModuleExitException(int code)
            : base("module exited with " + code.ToString(CultureInfo.InvariantCulture))
        {
            Code = code;
        }
    }

    public static class ModuleHarness
    {
        /// <summary>The collection root (tools/cs_test.sh exports SESSIONCTL_ROOT).</summary>
        public static string Root
        {
            get
            {
                string root = Environment.GetEnvironmentVariable("SESSIONCTL_ROOT");
                if (String.IsNullOrEmpty(root))
                    throw new InvalidOperationException("SESSIONCTL_ROOT is not set: run the tests with tools/cs_test.sh");
                return root;
            }
        }

        /// <summary>The $spec literal of plugins/modules/NAME.ps1, as a Hashtable.</summary>
        public static Hashtable Spec(string moduleName)
        {
            string path = Path.Combine(Path.Combine(Path.Combine(Root, "plugins"), "modules"), moduleName + ".ps1");
            return PsSpecLiteral.FromModule(File.ReadAllText(path));
        }

        /// <summary>Runs a module: args as the controller would send them (add _ansible_check_mode / _ansible_diff).</summary>
        public static ModuleRun Run(string moduleName, IDictionary args, Action<AnsibleModule> runner)
        {
            Hashtable spec = Spec(moduleName);
            string file = Path.GetTempFileName();
            Dictionary<string, object> wrapper = new Dictionary<string, object>();
            wrapper["ANSIBLE_MODULE_ARGS"] = args;
            File.WriteAllText(file, new JavaScriptSerializer().Serialize(wrapper));
            StringBuilder output = new StringBuilder();
            AnsibleModule.WriteLineHandler oldWrite = AnsibleModule.WriteLine;
            AnsibleModule.ExitHandler oldExit = AnsibleModule.Exit;
            ModuleRun run = new ModuleRun();
            run.ExitCode = -1;
            AnsibleModule.WriteLine = delegate(string line) { output.AppendLine(line); };
            AnsibleModule.Exit = delegate(int rc) { throw new ModuleExitException(rc); };
            try
            {
                AnsibleModule module = AnsibleModule.Create(new string[] { file }, spec);
                runner(module);
            }
            catch (ModuleExitException e)
            {
                run.ExitCode = e.Code;
            }
            finally
            {
                AnsibleModule.WriteLine = oldWrite;
                AnsibleModule.Exit = oldExit;
                File.Delete(file);
            }
            run.Raw = output.ToString();
            if (run.ExitCode < 0)
                throw new InvalidOperationException("the module returned without ExitJson or FailJson; output: " + run.Raw);
            run.Json = new JavaScriptSerializer().Deserialize<Dictionary<string, object>>(run.Raw);
            return run;
        }
    }

    /// <summary>
    /// Reads the $spec hashtable literal of a module .ps1: @{ }, @( ), 'single' and "double" quoted strings,
    /// integers, $true/$false/$null, bare keys, ; and newlines as separators, # comments. Anything else is an
    /// error (the modules' $spec is a plain literal; tools/ps_check.py enforces that).
    /// </summary>
    public class PsSpecLiteral
    {
        private readonly string s;
        private int i;

        private PsSpecLiteral(string text, int start)
        {
            s = text;
            i = start;
        }

        public static Hashtable FromModule(string source)
        {
            int at = source.IndexOf("$spec = @{", StringComparison.Ordinal);
            if (at < 0)
                throw new FormatException("no '$spec = @{' in the module");
            PsSpecLiteral p = new PsSpecLiteral(source, at + "$spec = ".Length);
            return (Hashtable)p.Value();
        }

        private void SkipSpace(bool newlines)
        {
            while (i < s.Length)
            {
                char c = s[i];
                if (c == '#')
                {
                    while (i < s.Length && s[i] != '\n')
                        i++;
                }
                else if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n'))
                    i++;
                else
                    return;
            }
        }

        private object Value()
        {
            SkipSpace(true);
            if (Peek("@{"))
            {
                i += 2;
                return Hash();
            }
            if (Peek("@("))
            {
                i += 2;
                return Array();
            }
            char c = s[i];
            if (c == '\'')
                return Single();
            if (c == '"')
                return Double();
            if (c == '$')
            {
                if (Take("$true"))
                    return true;
                if (Take("$false"))
                    return false;
                if (Take("$null"))
                    return null;
                throw Error("variable");
            }
            if (c == '-' || Char.IsDigit(c))
            {
                int start = i;
                i++;
                while (i < s.Length && Char.IsDigit(s[i]))
                    i++;
                return Int32.Parse(s.Substring(start, i - start), CultureInfo.InvariantCulture);
            }
            throw Error("value");
        }

        private Hashtable Hash()
        {
            Hashtable h = new Hashtable();
            while (true)
            {
                SkipSpace(true);
                while (i < s.Length && s[i] == ';')
                {
                    i++;
                    SkipSpace(true);
                }
                if (s[i] == '}')
                {
                    i++;
                    return h;
                }
                string key;
                if (s[i] == '\'')
                    key = Single();
                else
                {
                    int start = i;
                    while (i < s.Length && (Char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                        i++;
                    key = s.Substring(start, i - start);
                    if (key.Length == 0)
                        throw Error("key");
                }
                SkipSpace(false);
                if (s[i] != '=')
                    throw Error("'='");
                i++;
                h[key] = Value();
            }
        }

        private ArrayList Array()
        {
            ArrayList l = new ArrayList();
            while (true)
            {
                SkipSpace(true);
                if (s[i] == ')')
                {
                    i++;
                    return l;
                }
                if (s[i] == ',')
                {
                    i++;
                    continue;
                }
                object v = Value();
                l.Add(v);
            }
        }

        private string Single()
        {
            i++;
            StringBuilder sb = new StringBuilder();
            while (true)
            {
                if (s[i] == '\'')
                {
                    if (i + 1 < s.Length && s[i + 1] == '\'')
                    {
                        sb.Append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    return sb.ToString();
                }
                sb.Append(s[i]);
                i++;
            }
        }

        private string Double()
        {
            i++;
            int start = i;
            while (s[i] != '"')
            {
                if (s[i] == '$' || s[i] == '`')
                    throw Error("plain double-quoted string");
                i++;
            }
            string v = s.Substring(start, i - start);
            i++;
            return v;
        }

        private bool Peek(string t)
        {
            return String.CompareOrdinal(s, i, t, 0, t.Length) == 0;
        }

        private bool Take(string t)
        {
            if (String.Compare(s, i, t, 0, t.Length, StringComparison.OrdinalIgnoreCase) != 0)
                return false;
            i += t.Length;
            return true;
        }

        private FormatException Error(string expected)
        {
            int end = Math.Min(s.Length, i + 30);
            return new FormatException(String.Format(CultureInfo.InvariantCulture, "$spec: expected {0} at offset {1}: '{2}'",
                expected, i, s.Substring(i, end - i)));
        }
    }
}
