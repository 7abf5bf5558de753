// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The production entry of a module, whole: the harness reads from the module's .ps1 the type and method it calls
// after Create ("[Type]::Run($module)", Type a full name or a //TypeAccelerator name), finds that public static
// method taking one AnsibleModule in the compiled utils, and runs it through ModuleHarness (the real $spec,
// ansible-core's Ansible.Basic, the RETURN contract). Nothing is injected: the runner builds its native APIs as it
// does on a host, and they reach the ABI-level C fakes (tests/native) - or, for WMI, whatever the WMI adapter's
// test hook serves. A renamed entry point, or a .ps1 that names a method that does not exist, fails here.
//
// For a new module or path: derive from ProductionEntryFixture, give Module, script the fakes in the test and call
// RunEntry(args, checkMode, diffMode). Fakes beyond the C ones (a WMI adapter) go in ResetFakes/CheckFakes overrides.
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Ansible.Basic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace SessionCtl.Tests
{
    /// <summary>Finds and runs the entry point a module's .ps1 calls.</summary>
    public static class ProductionEntry
    {
        private static readonly Regex CallLine = new Regex(
            @"^\s*\[(?<type>[A-Za-z_][A-Za-z0-9_.]*)\]::(?<method>[A-Za-z_][A-Za-z0-9_]*)\(\s*\$module\s*\)\s*$");
        private static readonly Regex Accelerator = new Regex(
            @"^//TypeAccelerator\s+-Name\s+(?<name>[A-Za-z0-9_]+)\s+-TypeName\s+(?<type>[A-Za-z0-9_.]+)\s*$");

        /// <summary>The repository root (SESSIONCTL_ROOT, set by tools/cs_test.sh).</summary>
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

        /// <summary>The modules: every plugins/modules/*.ps1 stem.</summary>
        public static IEnumerable<string> Modules()
        {
            List<string> names = new List<string>();
            foreach (string path in Directory.GetFiles(Path.Combine(Root, Path.Combine("plugins", "modules")), "*.ps1"))
                names.Add(Path.GetFileNameWithoutExtension(path));
            names.Sort(StringComparer.Ordinal);
            return names;
        }

        /// <summary>"Type::Method" as the .ps1 writes the call after Create (exactly one such line).</summary>
        public static string[] CallIn(string module)
        {
            string path = Path.Combine(Root, Path.Combine("plugins", Path.Combine("modules", module + ".ps1")));
            List<string[]> calls = new List<string[]>();
            foreach (string line in File.ReadAllLines(path, Encoding.UTF8))
            {
                Match m = CallLine.Match(line);
                if (m.Success)
                    calls.Add(new string[] { m.Groups["type"].Value, m.Groups["method"].Value });
            }
            if (calls.Count != 1)
                throw new InvalidDataException(String.Format("{0}: expected one line [Type]::Method($module), found {1}",
                    path, calls.Count));
            return calls[0];
        }

        /// <summary>The full type name a .ps1 name stands for: itself, or the type of a //TypeAccelerator of the utils.</summary>
        public static string ResolveTypeName(string name)
        {
            if (name.IndexOf('.') >= 0)
                return name;
            foreach (string cs in Directory.GetFiles(Path.Combine(Root, Path.Combine("plugins", "module_utils")), "*.cs"))
            {
                foreach (string line in File.ReadAllLines(cs, Encoding.UTF8))
                {
                    Match m = Accelerator.Match(line);
                    if (m.Success && String.Equals(m.Groups["name"].Value, name, StringComparison.OrdinalIgnoreCase))
                        return CompiledTypeNamed(m.Groups["type"].Value);
                }
            }
            throw new InvalidDataException(name + ": neither a full type name nor a //TypeAccelerator of module_utils");
        }

        /// <summary>
        /// The full name of the compiled type whose Name is -TypeName, as ansible-core's Add-CSharpType finds it
        /// ($assembly_type.Name -eq $type_name: the short name, case-insensitive); a full name there finds nothing.
        /// </summary>
        public static string CompiledTypeNamed(string typeName)
        {
            foreach (Type t in typeof(ProductionEntry).Assembly.GetTypes())
                if (t.Namespace != null && t.Namespace.StartsWith("ansible_collections.", StringComparison.Ordinal) &&
                    String.Equals(t.Name, typeName, StringComparison.OrdinalIgnoreCase))
                    return t.FullName;
            throw new InvalidDataException("//TypeAccelerator -TypeName " + typeName +
                ": Add-CSharpType finds no compiled class of that Name (it takes the class name, not the full name)");
        }

        /// <summary>The public static method(AnsibleModule) the module's .ps1 calls, from the compiled utils.</summary>
        public static MethodInfo Find(string module)
        {
            string[] call = CallIn(module);
            string typeName = ResolveTypeName(call[0]);
            Type type = typeof(ProductionEntry).Assembly.GetType(typeName, false, true);
            if (type == null)
                throw new InvalidDataException(String.Format("{0}.ps1 calls [{1}], but no type {2} is compiled from module_utils",
                    module, call[0], typeName));
            MethodInfo method = type.GetMethod(call[1], BindingFlags.Public | BindingFlags.Static | BindingFlags.IgnoreCase,
                null, new Type[] { typeof(AnsibleModule) }, null);
            if (method == null)
                throw new InvalidDataException(String.Format("{0}.ps1 calls [{1}]::{2}($module), but {3} has no public static " +
                    "{2}(AnsibleModule)", module, call[0], call[1], typeName));
            return method;
        }

        /// <summary>Runs the module's production entry with args; the RETURN contract must hold.</summary>
        public static ModuleRun Run(string module, IDictionary args, bool checkMode, bool diffMode)
        {
            ModuleRun run = Execute(module, args, checkMode, diffMode);
            if (run.ContractProblems.Count > 0)
                Assert.Fail("{0} (production entry): the result breaks the module contract:\n  {1}\nresult: {2}", module,
                    String.Join("\n  ", run.ContractProblems.ToArray()), run.Json);
            return run;
        }

        /// <summary>Like Run, but leaves the contract problems in the returned run.</summary>
        public static ModuleRun Execute(string module, IDictionary args, bool checkMode, bool diffMode)
        {
            MethodInfo entry = Find(module);
            return ModuleHarness.Execute(module, args, delegate(AnsibleModule m) { Invoke(entry, m); }, null, checkMode,
                diffMode);
        }

        /// <summary>Calls the entry as PowerShell would; ExitJson/FailJson and crashes reach the caller as thrown.</summary>
        public static void Invoke(MethodInfo entry, AnsibleModule module)
        {
            try
            {
                entry.Invoke(null, new object[] { module });
            }
            catch (TargetInvocationException e)
            {
                // ModuleExitException (ExitJson/FailJson) and any crash reach the harness as the runner threw them
                if (e.InnerException != null)
                    throw e.InnerException;
                throw;
            }
        }
    }

    /// <summary>
    /// Base of the fixtures that run a module's production entry (one NUnit category per module, named
    /// "ProductionEntry" fixtures so tools/nunit_modules.py counts them): every C fake reset before each test, no
    /// token override (the administrator check reads the advapi32/secur32 fake), and every fake clean after.
    /// </summary>
    public abstract class ProductionEntryFixture
    {
        protected abstract string Module { get; }
        /// <summary>The WMI the production entry reaches through Wmi.Factory (tests/wmi/schema.json).</summary>
        protected FakeWmi WmiHost;
        /// <summary>The record store the production entry reaches through HostRecords.Factory.</summary>
        protected FakeHostRecordStore Records;

        [SetUp]
        public void ResetAllFakes()
        {
            ErrorCatalog.SystemMessage = null;
            PrivilegeHints.TokenOverride = null;
            WtsFake.Reset();
            IscsiFake.Reset();
            Kernel32Fake.Reset();
            NtdllFake.Reset();
            Advapi32Fake.Reset();
            // the WMI modules reach the schema-checked fake, the record store a managed one: never the host's registry
            WmiHost = new FakeWmi();
            Wmi.Factory = delegate { return WmiHost; };
            Records = new FakeHostRecordStore();
            HostRecords.Factory = delegate { return Records; };
            ResetFakes();
        }

        [TearDown]
        public void CheckAllFakes()
        {
            try
            {
                CheckFakes();
                WtsFake.AssertClean();
                IscsiFake.AssertClean();
                Kernel32Fake.AssertClean();
                Advapi32Fake.AssertClean();
                Assert.AreEqual("", NtdllFake.Violations, "ntdll fake recorded caller bugs");
            }
            finally
            {
                PrivilegeHints.TokenOverride = null;
                Wmi.Factory = null;
                HostRecords.Factory = null;
            }
            Assert.That(WmiHost.Violations, Is.Empty, "calls the documented WMI schema does not allow");
        }

        /// <summary>More fakes to reset (a WMI adapter's), after the C fakes.</summary>
        protected virtual void ResetFakes()
        {
        }

        /// <summary>More fakes to check after each test.</summary>
        protected virtual void CheckFakes()
        {
        }

        protected ModuleRun RunEntry(IDictionary args, bool checkMode, bool diffMode)
        {
            return ProductionEntry.Run(Module, args, checkMode, diffMode);
        }

        protected static Dictionary<string, object> Args(params object[] pairs)
        {
            return ModuleHarness.Args(pairs);
        }

        /// <summary>
        /// The fixture's bad inputs run through the production entry (a public static ProductionBadInputs() of Bad(...)
        /// cases): each must fail naming its option before any call into a C fake, the token read included (options
        /// are validated before the administrator check). Counted by tools/nunit_modules.py with the module's other
        /// bad inputs, and matched against its validation rules.
        /// </summary>
        [TestCaseSource("ProductionBadInputs")]
        public void Bad_input_fails_before_any_Windows_call(IDictionary args, string option)
        {
            ModuleRun run = RunEntry(args, false, false);
            Assert.That(run.Failed, Is.True, "expected a failure: {0}", run);
            Assert.That(run.Rc, Is.EqualTo(1), "rc: {0}", run);
            Assert.That(run.Msg, Is.StringContaining(option), "the message must name the option: {0}", run);
            Assert.That(run.Changed, Is.False, "{0}", run);
            string calls = WtsFake.Calls + IscsiFake.Calls + Advapi32Fake.Calls;
            Assert.That(calls, Is.EqualTo(""), "Windows API calls made for a bad input: {0}", calls);
            ModuleRunFixture.RecordBadInput(Module, run);
        }

        /// <summary>A case for ProductionBadInputs: the args and the option the message must name.</summary>
        protected static TestCaseData Bad(string name, string option, params object[] pairs)
        {
            return new TestCaseData(ModuleHarness.Args(pairs), option).SetName("Bad input at the production entry: " + name);
        }

        /// <summary>The error dict of the first item under key that has one.</summary>
        protected static Dictionary<string, object> ErrorOf(ModuleRun run, string key)
        {
            foreach (Dictionary<string, object> item in run.Items(key))
            {
                if (item.ContainsKey("error") && item["error"] != null)
                    return (Dictionary<string, object>)item["error"];
            }
            Assert.Fail("no {0}[] entry has an error: {1}", key, run.Json);
            return null;
        }
    }

    /// <summary>Every module's .ps1 names an entry point that exists, as a public static Run(AnsibleModule).</summary>
    [TestFixture]
    public class ProductionEntryPointTests
    {
        public static IEnumerable ModuleNames()
        {
            foreach (string m in ProductionEntry.Modules())
                yield return new TestCaseData(m).SetName("Production entry of " + m);
        }

        [TestCaseSource("ModuleNames")]
        public void The_ps1_names_an_entry_point_that_exists(string module)
        {
            MethodInfo entry = ProductionEntry.Find(module);
            Assert.That(entry.ReturnType, Is.EqualTo(typeof(void)), "{0}: the entry returns {1}", module, entry.ReturnType);
        }

        [Test]
        public void A_missing_method_or_type_is_named()
        {
            Assert.That(ProductionEntry.ResolveTypeName("a.b.C"), Is.EqualTo("a.b.C"));
            InvalidDataException e = Assert.Throws<InvalidDataException>(delegate { ProductionEntry.ResolveTypeName("NoSuchAccelerator"); });
            StringAssert.Contains("NoSuchAccelerator", e.Message);
        }

        [Test]
        public void A_TypeAccelerator_TypeName_is_the_class_name_as_Add_CSharpType_matches_it()
        {
            Assert.That(ProductionEntry.CompiledTypeNamed("RdsLogoffModule"),
                Is.EqualTo("ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoffModule.RdsLogoffModule"));
            Assert.Throws<InvalidDataException>(delegate {
                ProductionEntry.CompiledTypeNamed("ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogoffModule.RdsLogoffModule");
            });
        }

        public static IEnumerable AcceleratorCases()
        {
            foreach (string m in ProductionEntry.Modules())
                yield return new TestCaseData(m).SetName("TypeAccelerator call of " + m);
        }

        [TestCaseSource("AcceleratorCases")]
        public void The_ps1_calls_its_runner_by_a_TypeAccelerator_name(string module)
        {
            string type = ProductionEntry.CallIn(module)[0];
            Assert.That(type.IndexOf('.'), Is.LessThan(0), "{0}.ps1 calls [{1}], not a //TypeAccelerator name", module, type);
            StringAssert.EndsWith("._" + type + "." + type, ProductionEntry.ResolveTypeName(type));
        }
    }
}
