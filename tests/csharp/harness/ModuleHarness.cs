// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Runs a module whole, as Ansible would on the host, minus PowerShell:
//   the .ps1's own $spec (exported by tools/spec_export.py, rebuilt here exactly as PowerShell builds the literal)
//   -> ansible-core's real Ansible.Basic.AnsibleModule.Create(argsFile, spec)   (tools/ansible_basic.sh)
//   -> the module's C# runner, given counting proxies over the Windows API fakes
//   -> the JSON that Ansible.Basic writes, captured with its own Exit and WriteLine hooks.
// Every run is checked against the module's RETURN docs (ReturnContract) and every value the runner put in
// module.Result / module.Diff must be a dict, list, string, integer, boolean or null, so that ConvertTo-Json on
// Windows writes the same JSON as the JavaScriptSerializer used here.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Text;
using System.Web.Script.Serialization;
using Ansible.Basic;
using NUnit.Framework;

namespace SessionCtl.Tests
{
    /// <summary>Thrown by the harness's AnsibleModule.Exit hook: ends the module run where Ansible would exit.</summary>
    public class ModuleExitException : Exception
    {
        public int Rc { get; private set; }

        public ModuleExitException(int rc)
            : base("module exited with rc " + rc)
        {
            Rc = rc;
        }
    }

    /// <summary>A module's $spec (typed JSON from tools/spec_export.py) and the contract part of its RETURN.</summary>
    public class ModuleDefinition
    {
        public string Name { get; private set; }
        public Dictionary<string, object> Return { get; private set; }
        /// <summary>The documented options: {name: {type, elements, suboptions}}.</summary>
        public Dictionary<string, object> Options { get; private set; }
        private object typedSpec;

        private static readonly Dictionary<string, ModuleDefinition> cache = new Dictionary<string, ModuleDefinition>();

        /// <summary>The directory tools/cs_test.sh exports the specs to (SESSIONCTL_MODULE_SPECS).</summary>
        public static string SpecDir
        {
            get
            {
                string dir = Environment.GetEnvironmentVariable("SESSIONCTL_MODULE_SPECS");
                if (String.IsNullOrEmpty(dir))
                    dir = Path.Combine(Environment.CurrentDirectory, "module-specs");
                return dir;
            }
        }

        public static ModuleDefinition Load(string module)
        {
            lock (cache)
            {
                ModuleDefinition def;
                if (cache.TryGetValue(module, out def))
                    return def;
                string path = Path.Combine(SpecDir, module + ".json");
                if (!File.Exists(path))
                    throw new FileNotFoundException(String.Format(
                        "{0} not found: tools/cs_test.sh exports it with tools/spec_export.py before NUnit runs", path));
                def = FromJson(module, File.ReadAllText(path, Encoding.UTF8));
                cache[module] = def;
                return def;
            }
        }

        public static ModuleDefinition FromJson(string module, string json)
        {
            JavaScriptSerializer jss = new JavaScriptSerializer();
            jss.MaxJsonLength = Int32.MaxValue;
            Dictionary<string, object> data = (Dictionary<string, object>)jss.DeserializeObject(json);
            ModuleDefinition def = new ModuleDefinition();
            def.Name = module;
            def.typedSpec = data["spec"];
            def.Return = (Dictionary<string, object>)data["return"];
            def.Options = data.ContainsKey("options") ? (Dictionary<string, object>)data["options"] : null;
            // fail now, not in the middle of a test, when the export is not what this reader expects
            if (!(def.BuildSpec() is Hashtable))
                throw new InvalidDataException(module + ": the exported $spec is not a hashtable");
            return def;
        }

        /// <summary>
        /// A fresh spec, built as PowerShell builds the literal: @{} is a Hashtable with case-insensitive keys, @()
        /// and a comma list an object[], 'x' a string, 5 an Int32 (a bigger literal an Int64), 2.0 a Double,
        /// $true/$false a Boolean, $null null. Fresh on every run: Ansible.Basic writes its defaults into the spec.
        /// </summary>
        public IDictionary BuildSpec()
        {
            return (IDictionary)Build(typedSpec, "$spec");
        }

        private static object Build(object node, string where)
        {
            Dictionary<string, object> typed = node as Dictionary<string, object>;
            if (typed == null || !typed.ContainsKey("t"))
                throw new InvalidDataException(where + ": not a typed value");
            string t = (string)typed["t"];
            object v = typed.ContainsKey("v") ? typed["v"] : null;
            switch (t)
            {
                case "null":
                    return null;
                case "bool":
                    return (bool)v;
                case "int":
                    return Convert.ToInt32(v, CultureInfo.InvariantCulture);
                case "long":
                    return Convert.ToInt64(v, CultureInfo.InvariantCulture);
                case "double":
                    return Convert.ToDouble(v, CultureInfo.InvariantCulture);
                case "string":
                    return (string)v;
                case "array":
                    object[] items = (object[])v;
                    object[] array = new object[items.Length];
                    for (int i = 0; i < items.Length; i++)
                        array[i] = Build(items[i], where + "[" + i + "]");
                    return array;
                case "hashtable":
                    // PowerShell's compiler builds @{} with StringComparer.CurrentCultureIgnoreCase
                    Hashtable table = new Hashtable(StringComparer.CurrentCultureIgnoreCase);
                    foreach (KeyValuePair<string, object> kv in (Dictionary<string, object>)v)
                        table[kv.Key] = Build(kv.Value, where + "." + kv.Key);
                    return table;
                default:
                    throw new InvalidDataException(where + ": unknown type " + t);
            }
        }
    }

    /// <summary>Counts every call made on the Windows API fakes (through CountingProxy), in order.</summary>
    public class CallCounter
    {
        public readonly List<string> Calls = new List<string>();

        public int Count
        {
            get
            {
                lock (Calls)
                    return Calls.Count;
            }
        }

        public void Add(string call)
        {
            lock (Calls)
                Calls.Add(call);
        }

        public override string ToString()
        {
            lock (Calls)
                return Calls.Count == 0 ? "(no calls)" : String.Join(", ", Calls.ToArray());
        }
    }

    /// <summary>
    /// A counting proxy over an API interface, emitted at run time: each interface member (property reads too)
    /// records "IFace.Member" in the counter, then calls the fake. A returned interface (IWtsApi.OpenServer's
    /// IWtsServer) is wrapped as well, so its calls count too. The fakes are not edited, and exceptions they throw
    /// reach the caller unchanged (a RealProxy would not do: Mono serialises exceptions across it, and the
    /// collection's exceptions are not serialisable).
    /// </summary>
    public static class CountingProxy
    {
        private static readonly Dictionary<Type, Type> proxies = new Dictionary<Type, Type>();
        private static ModuleBuilder moduleBuilder;

        public static T Wrap<T>(T target, CallCounter counter) where T : class
        {
            return (T)Wrap(target, typeof(T), counter);
        }

        /// <summary>Called by the emitted code for a returned interface.</summary>
        public static object Wrap(object target, Type iface, CallCounter counter)
        {
            if (target == null)
                return null;
            if (counter == null)
                throw new ArgumentNullException("counter");
            return Activator.CreateInstance(ProxyType(iface), target, counter);
        }

        private static Type ProxyType(Type iface)
        {
            lock (proxies)
            {
                Type t;
                if (proxies.TryGetValue(iface, out t))
                    return t;
                t = Emit(iface);
                proxies[iface] = t;
                return t;
            }
        }

        private static bool WrapsResult(Type type)
        {
            return type.IsInterface && !type.IsGenericType && type != typeof(IEnumerable) && type != typeof(IDisposable);
        }

        private static Type Emit(Type iface)
        {
            if (!iface.IsInterface || !iface.IsPublic && !iface.IsNestedPublic)
                throw new ArgumentException(iface.FullName + " is not a public interface");
            if (moduleBuilder == null)
            {
                AssemblyBuilder ab = AppDomain.CurrentDomain.DefineDynamicAssembly(
                    new AssemblyName("SessionCtl.Tests.CountingProxies"), AssemblyBuilderAccess.Run);
                moduleBuilder = ab.DefineDynamicModule("CountingProxies");
            }
            TypeBuilder tb = moduleBuilder.DefineType("Counting_" + iface.FullName.Replace('.', '_').Replace('+', '_'),
                TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(object), new Type[] { iface });
            FieldBuilder target = tb.DefineField("target", iface, FieldAttributes.Private | FieldAttributes.InitOnly);
            FieldBuilder counter = tb.DefineField("counter", typeof(CallCounter), FieldAttributes.Private | FieldAttributes.InitOnly);

            ConstructorBuilder ctor = tb.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard,
                new Type[] { typeof(object), typeof(CallCounter) });
            ILGenerator il = ctor.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, typeof(object).GetConstructor(Type.EmptyTypes));
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Castclass, iface);
            il.Emit(OpCodes.Stfld, target);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Stfld, counter);
            il.Emit(OpCodes.Ret);

            MethodInfo add = typeof(CallCounter).GetMethod("Add");
            MethodInfo wrap = typeof(CountingProxy).GetMethod("Wrap", new Type[] { typeof(object), typeof(Type), typeof(CallCounter) });
            MethodInfo typeFromHandle = typeof(Type).GetMethod("GetTypeFromHandle");
            List<Type> all = new List<Type>();
            all.Add(iface);
            all.AddRange(iface.GetInterfaces());
            foreach (Type t in all)
            {
                foreach (MethodInfo m in t.GetMethods())
                {
                    if (m.IsGenericMethodDefinition)
                        throw new NotSupportedException("generic interface methods: " + t.Name + "." + m.Name);
                    ParameterInfo[] ps = m.GetParameters();
                    Type[] types = new Type[ps.Length];
                    for (int i = 0; i < ps.Length; i++)
                        types[i] = ps[i].ParameterType;
                    MethodBuilder mb = tb.DefineMethod(t.Name + "." + m.Name,
                        MethodAttributes.Private | MethodAttributes.HideBySig | MethodAttributes.NewSlot |
                        MethodAttributes.Virtual | MethodAttributes.Final, m.ReturnType, types);
                    for (int i = 0; i < ps.Length; i++)
                        mb.DefineParameter(i + 1, ps[i].Attributes, ps[i].Name);
                    il = mb.GetILGenerator();
                    il.Emit(OpCodes.Ldarg_0);
                    il.Emit(OpCodes.Ldfld, counter);
                    il.Emit(OpCodes.Ldstr, iface.Name + "." + m.Name);
                    il.Emit(OpCodes.Callvirt, add);
                    il.Emit(OpCodes.Ldarg_0);
                    il.Emit(OpCodes.Ldfld, target);
                    if (t != iface)
                        il.Emit(OpCodes.Castclass, t);
                    for (int i = 0; i < ps.Length; i++)
                        il.Emit(OpCodes.Ldarg, (short)(i + 1));
                    il.Emit(OpCodes.Callvirt, m);
                    if (WrapsResult(m.ReturnType))
                    {
                        il.Emit(OpCodes.Ldtoken, m.ReturnType);
                        il.Emit(OpCodes.Call, typeFromHandle);
                        il.Emit(OpCodes.Ldarg_0);
                        il.Emit(OpCodes.Ldfld, counter);
                        il.Emit(OpCodes.Call, wrap);
                        il.Emit(OpCodes.Castclass, m.ReturnType);
                    }
                    il.Emit(OpCodes.Ret);
                    tb.DefineMethodOverride(mb, m);
                }
            }
            return tb.CreateType();
        }
    }

    /// <summary>What one module run produced.</summary>
    public class ModuleRun
    {
        public string Module;
        public int Rc = -1;
        public string Json;
        public Dictionary<string, object> Result;
        /// <summary>Create() returned, so the runner was called (false: Ansible.Basic rejected the arguments).</summary>
        public bool ReachedRunner;
        public AnsibleModule ModuleObject;
        public CallCounter Api;
        public List<string> ContractProblems = new List<string>();

        public bool Failed
        {
            get { return Result != null && Result.ContainsKey("failed") && true.Equals(Result["failed"]); }
        }

        public bool Changed
        {
            get { return Result != null && Result.ContainsKey("changed") && true.Equals(Result["changed"]); }
        }

        public string Msg
        {
            get { return Result != null && Result.ContainsKey("msg") ? Result["msg"] as string : null; }
        }

        public List<string> Warnings
        {
            get
            {
                List<string> list = new List<string>();
                if (Result != null && Result.ContainsKey("warnings"))
                {
                    foreach (object w in (IEnumerable)Result["warnings"])
                        list.Add((string)w);
                }
                return list;
            }
        }

        /// <summary>The list returned under key (an empty list when the key is missing).</summary>
        public List<Dictionary<string, object>> Items(string key)
        {
            List<Dictionary<string, object>> list = new List<Dictionary<string, object>>();
            if (Result != null && Result.ContainsKey(key) && Result[key] != null)
            {
                foreach (object o in (IEnumerable)Result[key])
                    list.Add((Dictionary<string, object>)o);
            }
            return list;
        }

        /// <summary>The values of field in each item of the list under key, as strings (null stays null).</summary>
        public List<string> Field(string key, string field)
        {
            List<string> values = new List<string>();
            foreach (Dictionary<string, object> item in Items(key))
                values.Add(item.ContainsKey(field) && item[field] != null
                    ? Convert.ToString(item[field], CultureInfo.InvariantCulture) : null);
            return values;
        }

        public Dictionary<string, object> Diff
        {
            get { return Result != null && Result.ContainsKey("diff") ? Result["diff"] as Dictionary<string, object> : null; }
        }

        public override string ToString()
        {
            return String.Format("{0}: rc={1} runner={2} api calls={3} json={4}", Module, Rc, ReachedRunner, Api, Json);
        }
    }

    /// <summary>Builds args, drives AnsibleModule.Create + a runner, captures the result, checks the contract.</summary>
    public static class ModuleHarness
    {
        /// <summary>args from name/value pairs: Args("session_id", new object[] { 3 }, "all", true).</summary>
        public static Dictionary<string, object> Args(params object[] pairs)
        {
            if (pairs.Length % 2 != 0)
                throw new ArgumentException("Args takes name/value pairs");
            Dictionary<string, object> args = new Dictionary<string, object>();
            for (int i = 0; i < pairs.Length; i += 2)
                args[(string)pairs[i]] = pairs[i + 1];
            return args;
        }

        /// <summary>
        /// Runs module with args through Ansible.Basic and runner (which gets the AnsibleModule from Create), checks
        /// the result against the module's RETURN, and fails the test when the contract does not hold.
        /// </summary>
        public static ModuleRun Run(string module, IDictionary args, Action<AnsibleModule> runner, CallCounter api,
            bool checkMode, bool diffMode)
        {
            ModuleRun run = Execute(module, args, runner, api, checkMode, diffMode);
            if (run.ContractProblems.Count > 0)
                Assert.Fail("{0}: the result breaks the module contract:\n  {1}\nresult: {2}", module,
                    String.Join("\n  ", run.ContractProblems.ToArray()), run.Json);
            return run;
        }

        /// <summary>Like Run, but leaves the contract problems in the returned run for the caller to assert.</summary>
        public static ModuleRun Execute(string module, IDictionary args, Action<AnsibleModule> runner, CallCounter api,
            bool checkMode, bool diffMode)
        {
            ModuleDefinition def = ModuleDefinition.Load(module);
            ModuleRun run = new ModuleRun();
            run.Module = module;
            run.Api = api ?? new CallCounter();

            Dictionary<string, object> moduleArgs = new Dictionary<string, object>();
            foreach (DictionaryEntry e in args)
                moduleArgs[(string)e.Key] = e.Value;
            moduleArgs["_ansible_check_mode"] = checkMode;
            moduleArgs["_ansible_diff"] = diffMode;
            moduleArgs["_ansible_module_name"] = module;
            Dictionary<string, object> file = new Dictionary<string, object>();
            file["ANSIBLE_MODULE_ARGS"] = moduleArgs;
            string argsPath = Path.Combine(Path.GetTempPath(), "sessionctl-args-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(argsPath, new JavaScriptSerializer().Serialize(file), new UTF8Encoding(false));

            List<string> lines = new List<string>();
            AnsibleModule.ExitHandler oldExit = AnsibleModule.Exit;
            AnsibleModule.WriteLineHandler oldWrite = AnsibleModule.WriteLine;
            AnsibleModule.Exit = delegate(int rc) { throw new ModuleExitException(rc); };
            AnsibleModule.WriteLine = delegate(string line) { lines.Add(line); };
            try
            {
                AnsibleModule m = AnsibleModule.Create(new string[] { argsPath }, def.BuildSpec());
                run.ReachedRunner = true;
                run.ModuleObject = m;
                runner(m);
                run.ContractProblems.Add("the runner returned without ExitJson or FailJson (the module would print nothing)");
            }
            catch (ModuleExitException e)
            {
                run.Rc = e.Rc;
            }
            finally
            {
                AnsibleModule.Exit = oldExit;
                AnsibleModule.WriteLine = oldWrite;
                File.Delete(argsPath);
            }

            if (lines.Count != 1)
            {
                run.ContractProblems.Add(String.Format("the module wrote {0} lines, not one JSON line", lines.Count));
            }
            if (lines.Count > 0)
            {
                run.Json = lines[lines.Count - 1];
                try
                {
                    run.Result = (Dictionary<string, object>)new JavaScriptSerializer().DeserializeObject(run.Json);
                }
                catch (Exception e)
                {
                    run.ContractProblems.Add("the output is not a JSON object: " + e.Message);
                }
            }
            if (run.Result != null)
            {
                run.ContractProblems.AddRange(ReturnContract.Check(def.Return, run.Result, run.ReachedRunner, run.Rc));
                // once Create returned, Ansible.Basic has parsed every argument (before, it may echo raw input)
                if (def.Options != null && run.ReachedRunner)
                    run.ContractProblems.AddRange(ReturnContract.CheckArguments(def.Options, run.Result));
                if (run.ModuleObject != null)
                {
                    // invocation is Ansible.Basic's own echo of the parsed arguments (a float option is a Single)
                    foreach (KeyValuePair<string, object> kv in run.ModuleObject.Result)
                    {
                        if (kv.Key != "invocation")
                            run.ContractProblems.AddRange(ReturnContract.PlainValues(kv.Key, kv.Value));
                    }
                    run.ContractProblems.AddRange(ReturnContract.PlainValues("diff", run.ModuleObject.Diff));
                }
            }
            return run;
        }
    }

    /// <summary>
    /// The RETURN contract: every returned key documented with a matching type (elements and contains checked
    /// recursively), every "returned: always" key present (on failure too, once the runner was reached), every
    /// "returned: success" (or "success or ...") key present on a successful run, every key of a list item documented
    /// "returned: when action is A, B or C" present in each item whose action is one of those, and nothing but dict,
    /// list, string, integer, boolean or null in what the runner returns. Other conditions in words ("failure", "when a
    /// Windows call failed for this session", ...) are not checked: the harness cannot tell them from the result alone.
    /// </summary>
    public static class ReturnContract
    {
        /// <summary>Keys Ansible.Basic or Ansible itself adds to any result.</summary>
        public static readonly string[] CommonKeys = new string[] {
            "changed", "failed", "msg", "invocation", "warnings", "deprecations", "diff", "exception", "skipped"
        };

        public static List<string> Check(Dictionary<string, object> returnDoc, Dictionary<string, object> result,
            bool reachedRunner, int rc)
        {
            List<string> problems = new List<string>();
            bool failed = result.ContainsKey("failed") && true.Equals(result["failed"]);
            if ((rc == 0) == failed)
                problems.Add(String.Format("rc {0} but failed is {1}", rc, failed));
            if (!result.ContainsKey("changed") || !(result["changed"] is bool))
                problems.Add("changed is missing or not a boolean");
            if (failed && !(result.ContainsKey("msg") && result["msg"] is string && ((string)result["msg"]).Trim().Length > 0))
                problems.Add("a failure without a msg");
            string msg = result.ContainsKey("msg") ? result["msg"] as string : null;
            if (msg != null && msg.StartsWith("internal error:", StringComparison.Ordinal))
                problems.Add("Ansible.Basic rejected the spec or the arguments file: " + msg);
            if (result.ContainsKey("warnings") && !(result["warnings"] is object[] || result["warnings"] is ArrayList))
                problems.Add("warnings is not a list");
            bool succeeded = rc == 0 && !failed;
            foreach (KeyValuePair<string, object> kv in result)
            {
                if (returnDoc.ContainsKey(kv.Key))
                    CheckValue(kv.Key, kv.Value, (Dictionary<string, object>)returnDoc[kv.Key], succeeded, problems);
                else if (Array.IndexOf(CommonKeys, kv.Key) < 0)
                    problems.Add(String.Format("{0} is returned but not documented in RETURN", kv.Key));
            }
            // Ansible.Basic's own argument checks fail inside Create(), before the module can set anything: the
            // "always" keys can only be asked for once the runner got the module.
            if (reachedRunner)
                CheckRequired("", returnDoc, result, succeeded, problems);
            return problems;
        }

        /// <summary>
        /// The arguments as Ansible.Basic parsed them with the .ps1's $spec (invocation.module_args) have the types the
        /// module documents (DOCUMENTATION options): a $spec type that differs from the docs shows here on every run.
        /// </summary>
        public static List<string> CheckArguments(Dictionary<string, object> options, Dictionary<string, object> result)
        {
            List<string> problems = new List<string>();
            Dictionary<string, object> invocation = result.ContainsKey("invocation")
                ? result["invocation"] as Dictionary<string, object> : null;
            if (invocation == null || !invocation.ContainsKey("module_args"))
                return problems;  // Ansible.Basic failed before it parsed the arguments
            CheckArgs("", invocation["module_args"] as Dictionary<string, object>, options, problems);
            return problems;
        }

        private static void CheckArgs(string where, Dictionary<string, object> args, Dictionary<string, object> options,
            List<string> problems)
        {
            if (args == null)
                return;
            foreach (KeyValuePair<string, object> kv in args)
            {
                string here = where + kv.Key;
                if (!options.ContainsKey(kv.Key))
                {
                    problems.Add(String.Format("argument {0} is not a documented option", here));
                    continue;
                }
                Dictionary<string, object> doc = (Dictionary<string, object>)options[kv.Key];
                string type = ArgType((string)doc["type"]);
                if (kv.Value == null)
                    continue;
                if (!Matches(type, kv.Value))
                {
                    problems.Add(String.Format("argument {0} is documented as {1} but Ansible.Basic parsed it with the " +
                        "$spec as {2}: {3}", here, doc["type"], JsonType(kv.Value), Short(kv.Value)));
                    continue;
                }
                if (type == "list" && doc.ContainsKey("elements"))
                {
                    string elements = ArgType((string)doc["elements"]);
                    int i = 0;
                    foreach (object item in (IEnumerable)kv.Value)
                    {
                        if (item == null || !Matches(elements, item))
                            problems.Add(String.Format("argument {0}[{1}] is documented as {2} but Ansible.Basic parsed " +
                                "it with the $spec as {3}: {4}", here, i, doc["elements"], JsonType(item), Short(item)));
                        i++;
                    }
                }
                if (type == "dict" && doc.ContainsKey("suboptions"))
                    CheckArgs(here + ".", kv.Value as Dictionary<string, object>, (Dictionary<string, object>)doc["suboptions"], problems);
            }
        }

        private static string ArgType(string docType)
        {
            return docType == "path" || docType == "json" || docType == "sid" ? "str" : docType;
        }

        private const string WhenAction = "when action is ";

        /// <summary>
        /// Why a documented key must be in value, or null when it need not be: "always" once the runner ran, "success"
        /// (or "success or ...") on a successful run, "when action is A, B or C" in an item with one of those actions.
        /// </summary>
        internal static string RequiredBecause(string returned, IDictionary value, bool succeeded)
        {
            if (returned == null)
                return null;
            if (returned == "always")
                return "returned: always";
            if (succeeded && (returned == "success" || returned.StartsWith("success or ", StringComparison.Ordinal)))
                return "returned: " + returned + ", and the run succeeded";
            if (returned.StartsWith(WhenAction, StringComparison.Ordinal) && value.Contains("action"))
            {
                string action = value["action"] as string;
                string[] actions = returned.Substring(WhenAction.Length).Replace(" or ", ", ").Split(new string[] { ", " },
                    StringSplitOptions.RemoveEmptyEntries);
                if (action != null && Array.IndexOf(actions, action) >= 0)
                    return String.Format("returned: {0}, and action is {1}", returned, action);
            }
            return null;
        }

        private static void CheckRequired(string where, Dictionary<string, object> docs, IDictionary value, bool succeeded,
            List<string> problems)
        {
            foreach (KeyValuePair<string, object> kv in docs)
            {
                if (value.Contains(kv.Key))
                    continue;
                string because = RequiredBecause(((Dictionary<string, object>)kv.Value)["returned"] as string, value, succeeded);
                if (because == null)
                    continue;
                // "always" keeps its message: "x is documented as returned: always but is missing"
                problems.Add(String.Format("{0}{1} is documented as {2} but is missing", where, kv.Key, because));
            }
        }

        private static string JsonType(object value)
        {
            if (value == null)
                return "null";
            if (value is string)
                return "str";
            if (value is bool)
                return "bool";
            if (value is int || value is long)
                return "int";
            if (value is decimal || value is double)
                return "float";
            if (value is IDictionary)
                return "dict";
            if (value is object[] || value is ArrayList)
                return "list";
            return value.GetType().Name;
        }

        private static bool Matches(string docType, object value)
        {
            if (value == null || docType == "raw")
                return true;  // null is allowed for any documented type (a session without a user, ...)
            string actual = JsonType(value);
            if (docType == "float")
                return actual == "float" || actual == "int";
            return actual == docType;
        }

        private static void CheckValue(string where, object value, Dictionary<string, object> doc, bool succeeded,
            List<string> problems)
        {
            string type = (string)doc["type"];
            if (!Matches(type, value))
            {
                problems.Add(String.Format("{0} is documented as {1} but is {2}: {3}", where, type, JsonType(value),
                    Short(value)));
                return;
            }
            if (value == null)
                return;
            Dictionary<string, object> contains = doc.ContainsKey("contains") ? (Dictionary<string, object>)doc["contains"] : null;
            if (type == "list")
            {
                string elements = doc.ContainsKey("elements") ? (string)doc["elements"] : null;
                int i = 0;
                foreach (object item in (IEnumerable)value)
                {
                    string here = String.Format("{0}[{1}]", where, i++);
                    if (elements != null && (item == null || !Matches(elements, item)))
                        problems.Add(String.Format("{0} is documented as {1} but is {2}: {3}", here, elements,
                            JsonType(item), Short(item)));
                    else if (contains != null && item is IDictionary)
                        CheckDict(here, (IDictionary)item, contains, succeeded, problems);
                }
            }
            else if (type == "dict" && contains != null)
            {
                CheckDict(where, (IDictionary)value, contains, succeeded, problems);
            }
        }

        private static void CheckDict(string where, IDictionary value, Dictionary<string, object> contains, bool succeeded,
            List<string> problems)
        {
            foreach (DictionaryEntry e in value)
            {
                string key = (string)e.Key;
                string here = where + "." + key;
                if (!contains.ContainsKey(key))
                    problems.Add(String.Format("{0} is returned but not documented in RETURN", here));
                else
                    CheckValue(here, e.Value, (Dictionary<string, object>)contains[key], succeeded, problems);
            }
            CheckRequired(where + ".", contains, value, succeeded, problems);
        }

        /// <summary>
        /// What the runner put in module.Result / module.Diff, before serialisation: only dictionaries with string
        /// keys, lists, strings, integers, booleans and null, so ConvertTo-Json and JavaScriptSerializer agree
        /// (an enum, a DateTime, a double, a char or an object would be written differently, or not at all).
        /// </summary>
        public static List<string> PlainValues(string where, object value)
        {
            List<string> problems = new List<string>();
            Plain(where, value, problems, 0);
            return problems;
        }

        private static void Plain(string where, object value, List<string> problems, int depth)
        {
            if (depth > 50)
            {
                problems.Add(where + ": nested more than 50 levels deep (a cycle?)");
                return;
            }
            if (value == null || value is string || value is bool || value is int || value is long || value is short ||
                value is byte || value is sbyte || value is ushort || value is uint || value is ulong)
                return;
            IDictionary dict = value as IDictionary;
            if (dict != null)
            {
                foreach (DictionaryEntry e in dict)
                {
                    if (!(e.Key is string))
                        problems.Add(String.Format("{0}: a key of type {1}", where, e.Key.GetType().Name));
                    Plain(where + "." + e.Key, e.Value, problems, depth + 1);
                }
                return;
            }
            IList list = value as IList;
            if (list != null)
            {
                for (int i = 0; i < list.Count; i++)
                    Plain(String.Format("{0}[{1}]", where, i), list[i], problems, depth + 1);
                return;
            }
            problems.Add(String.Format("{0} is a {1}, not a dict, list, string, integer, boolean or null", where,
                value.GetType().FullName));
        }

        private static string Short(object value)
        {
            string s = value == null ? "null" : new JavaScriptSerializer().Serialize(value);
            return s.Length > 80 ? s.Substring(0, 80) + "..." : s;
        }
    }
}

namespace SessionCtl.Tests
{
    /// <summary>
    /// Base of the fixtures that run a module whole: Run drives the module through ModuleHarness with counting proxies
    /// over the fixture's fakes; AssertBadInput asserts a failure that names the option, before any Windows call.
    /// </summary>
    public abstract class ModuleRunFixture
    {
        /// <summary>The module name (its .ps1/.py stem).</summary>
        protected abstract string Module { get; }

        /// <summary>Calls the module's runner with the fixture's fakes, each wrapped with CountingProxy on calls.</summary>
        protected abstract void RunModule(AnsibleModule module, CallCounter calls);

        protected ModuleRun Run(IDictionary args)
        {
            return Run(args, false, false);
        }

        protected ModuleRun Run(IDictionary args, bool checkMode, bool diffMode)
        {
            CallCounter calls = new CallCounter();
            return ModuleHarness.Run(Module, args, delegate(AnsibleModule m) { RunModule(m, calls); }, calls,
                checkMode, diffMode);
        }

        protected static Dictionary<string, object> Args(params object[] pairs)
        {
            return ModuleHarness.Args(pairs);
        }

        /// <summary>A run that must end failed, with a msg naming option, and no call at all to the Windows API.</summary>
        protected ModuleRun AssertBadInput(IDictionary args, string option)
        {
            ModuleRun run = Run(args);
            Assert.That(run.Failed, Is.True, "expected a failure: {0}", run);
            Assert.That(run.Rc, Is.EqualTo(1), "rc: {0}", run);
            Assert.That(run.Msg, Is.StringContaining(option), "the message must name the option: {0}", run);
            Assert.That(run.Api.Count, Is.EqualTo(0), "Windows API calls made for a bad input: {0}", run.Api);
            Assert.That(run.Changed, Is.False, "{0}", run);
            RecordBadInput(Module, run);
            return run;
        }

        /// <summary>
        /// Appends "module TAB ansible.basic|module TAB test TAB msg" to SESSIONCTL_BAD_INPUT_LOG (tools/cs_test.sh sets it):
        /// who rejected the case - Ansible.Basic inside Create(), before the runner, or the module's own validation -
        /// for tools/nunit_modules.py, which counts both per module and matches the second against the module's rules.
        /// </summary>
        internal static void RecordBadInput(string module, ModuleRun run)
        {
            string path = Environment.GetEnvironmentVariable("SESSIONCTL_BAD_INPUT_LOG");
            if (String.IsNullOrEmpty(path))
                return;
            string line = String.Join("\t", new string[] {
                module, run.ReachedRunner ? "module" : "ansible.basic", TestContext.CurrentContext.Test.FullName,
                (run.Msg ?? "").Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ') });
            lock (typeof(ModuleRunFixture))
                File.AppendAllText(path, line + "\n", new UTF8Encoding(false));
        }

    }

    /// <summary>
    /// Base of the per-module fixtures (one NUnit category per module): ModuleRunFixture plus the module's bad-input
    /// table, which tools/nunit_modules.py requires of every module.
    /// </summary>
    public abstract class ModuleFixture : ModuleRunFixture
    {
        /// <summary>
        /// The fixture's bad-input table (a public static BadInputs() of Bad(...) cases, looked up on the fixture class),
        /// each case run by AssertBadInput. tools/nunit_modules.py counts its cases per module.
        /// </summary>
        [TestCaseSource("BadInputs")]
        public void Bad_input_fails_before_any_Windows_call(IDictionary args, string option)
        {
            AssertBadInput(args, option);
        }

        /// <summary>A test case for a bad-input table: the args and the option the message must name.</summary>
        protected static TestCaseData Bad(string name, string option, params object[] pairs)
        {
            return new TestCaseData(ModuleHarness.Args(pairs), option).SetName("Bad input: " + name);
        }
    }
}
