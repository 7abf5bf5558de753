// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The harness itself: the spec is rebuilt with PowerShell's types, the counting proxy counts, and the RETURN
// contract catches what it is for (each check fails on a result made to break it).
using System;
using System.Collections;
using System.Collections.Generic;
using Ansible.Basic;
using NUnit.Framework;

namespace SessionCtl.Tests
{
    [TestFixture]
    [Category("harness")]
    public class ModuleHarnessTests
    {
        private const string Spec = "{\"module\": \"demo\", \"spec\": {\"t\": \"hashtable\", \"v\": {" +
            "\"options\": {\"t\": \"hashtable\", \"v\": {" +
            "  \"name\": {\"t\": \"hashtable\", \"v\": {\"type\": {\"t\": \"string\", \"v\": \"list\"}, " +
            "            \"elements\": {\"t\": \"string\", \"v\": \"str\"}}}," +
            "  \"mode\": {\"t\": \"hashtable\", \"v\": {\"type\": {\"t\": \"string\", \"v\": \"str\"}, " +
            "            \"default\": {\"t\": \"string\", \"v\": \"a\"}, " +
            "            \"choices\": {\"t\": \"array\", \"v\": [{\"t\": \"string\", \"v\": \"a\"}, {\"t\": \"string\", \"v\": \"b\"}]}}}," +
            "  \"count\": {\"t\": \"hashtable\", \"v\": {\"type\": {\"t\": \"string\", \"v\": \"int\"}, " +
            "            \"default\": {\"t\": \"int\", \"v\": 3}}}," +
            "  \"big\": {\"t\": \"hashtable\", \"v\": {\"type\": {\"t\": \"string\", \"v\": \"raw\"}, " +
            "            \"default\": {\"t\": \"long\", \"v\": 4294967295}}}," +
            "  \"delay\": {\"t\": \"hashtable\", \"v\": {\"type\": {\"t\": \"string\", \"v\": \"float\"}, " +
            "            \"default\": {\"t\": \"double\", \"v\": 2.5}}}," +
            "  \"flag\": {\"t\": \"hashtable\", \"v\": {\"type\": {\"t\": \"string\", \"v\": \"bool\"}, " +
            "            \"default\": {\"t\": \"bool\", \"v\": false}}}," +
            "  \"other\": {\"t\": \"hashtable\", \"v\": {\"type\": {\"t\": \"string\", \"v\": \"str\"}, \"default\": {\"t\": \"null\"}}}" +
            "}}, " +
            "\"required_one_of\": {\"t\": \"array\", \"v\": [{\"t\": \"array\", \"v\": [{\"t\": \"string\", \"v\": \"name\"}, " +
            "     {\"t\": \"string\", \"v\": \"other\"}]}]}," +
            "\"supports_check_mode\": {\"t\": \"bool\", \"v\": true}}}, " +
            "\"return\": {\"items\": {\"type\": \"list\", \"elements\": \"dict\", \"returned\": \"always\", \"contains\": {" +
            "     \"id\": {\"type\": \"int\", \"returned\": \"always\"}, \"note\": {\"type\": \"str\", \"returned\": \"sometimes\"}," +
            "     \"action\": {\"type\": \"str\", \"returned\": \"sometimes\"}," +
            "     \"reason\": {\"type\": \"str\", \"returned\": \"when action is skipped, failed or already_gone\"}}}," +
            "  \"counts\": {\"type\": \"dict\", \"returned\": \"success or after sessions were tried\"}," +
            "  \"mode\": {\"type\": \"str\", \"returned\": \"success\"}}}";

        [Test]
        public void Spec_is_rebuilt_with_the_types_PowerShell_gives_the_literal()
        {
            IDictionary spec = ModuleDefinition.FromJson("demo", Spec).BuildSpec();
            Assert.That(spec, Is.InstanceOf<Hashtable>());
            Assert.That(spec["SUPPORTS_CHECK_MODE"], Is.EqualTo(true), "@{} keys are case-insensitive");
            IDictionary opts = (IDictionary)spec["options"];
            Assert.That(((IDictionary)opts["mode"])["choices"], Is.InstanceOf<object[]>());
            Assert.That(((IDictionary)opts["count"])["default"], Is.InstanceOf<int>());
            Assert.That(((IDictionary)opts["big"])["default"], Is.InstanceOf<long>());
            Assert.That(((IDictionary)opts["delay"])["default"], Is.InstanceOf<double>());
            Assert.That(((IDictionary)opts["flag"])["default"], Is.InstanceOf<bool>());
            Assert.That(((IDictionary)opts["other"]).Contains("default") && ((IDictionary)opts["other"])["default"] == null);
            object[] one = (object[])spec["required_one_of"];
            Assert.That(one.Length, Is.EqualTo(1));
            Assert.That(one[0], Is.EqualTo(new object[] { "name", "other" }));
            Assert.That(ModuleDefinition.FromJson("demo", Spec).BuildSpec(), Is.Not.SameAs(spec), "a fresh spec each run");
        }

        [Test]
        public void A_typed_value_the_reader_does_not_know_fails_at_load()
        {
            Assert.Throws<System.IO.InvalidDataException>(delegate
            {
                ModuleDefinition.FromJson("demo", Spec.Replace("\"t\": \"long\"", "\"t\": \"decimal\""));
            });
        }

        public interface IDemoApi
        {
            int Twice(int x);
            IDemoChild Open(string name);
            string Name { get; }
        }

        public interface IDemoChild : IDisposable
        {
            string Read();
        }

        private class DemoApi : IDemoApi
        {
            public int Twice(int x)
            {
                if (x < 0)
                    throw new DemoException();
                return 2 * x;
            }

            public IDemoChild Open(string name)
            {
                return new DemoChild();
            }

            public string Name
            {
                get { return "demo"; }
            }
        }

        /// <summary>Not serialisable, like the collection's own exceptions.</summary>
        private class DemoException : Exception
        {
        }

        private class DemoChild : IDemoChild
        {
            public string Read()
            {
                return "r";
            }

            public void Dispose()
            {
            }
        }

        [Test]
        public void Counting_proxy_counts_every_call_and_passes_exceptions_through()
        {
            CallCounter counter = new CallCounter();
            IDemoApi api = CountingProxy.Wrap<IDemoApi>(new DemoApi(), counter);
            Assert.That(api.Twice(4), Is.EqualTo(8));
            Assert.That(api.Name, Is.EqualTo("demo"));
            using (IDemoChild child = api.Open("x"))
                Assert.That(child.Read(), Is.EqualTo("r"));
            Assert.Throws<DemoException>(delegate { api.Twice(-1); });
            Assert.That(counter.Calls, Is.EqualTo(new string[] {
                "IDemoApi.Twice", "IDemoApi.get_Name", "IDemoApi.Open", "IDemoChild.Read", "IDemoChild.Dispose",
                "IDemoApi.Twice" }));
        }

        private static Dictionary<string, object> Doc()
        {
            return ModuleDefinition.FromJson("demo", Spec).Return;
        }

        private static Dictionary<string, object> Json(string json)
        {
            return (Dictionary<string, object>)new System.Web.Script.Serialization.JavaScriptSerializer().DeserializeObject(json);
        }

        private static List<string> Check(string json, int rc)
        {
            return ReturnContract.Check(Doc(), Json(json), true, rc);
        }

        [Test]
        public void Contract_accepts_a_documented_result()
        {
            Assert.That(Check("{\"changed\": false, \"items\": [{\"id\": 1, \"note\": null}, {\"id\": 2}], \"mode\": \"a\", " +
                "\"counts\": {}, \"invocation\": {}, \"warnings\": [\"w\"]}", 0), Is.Empty);
            // a failed run need not carry the success keys; an item whose action is not listed need not carry reason
            Assert.That(Check("{\"changed\": false, \"failed\": true, \"msg\": \"m\", \"items\": [{\"id\": 1, " +
                "\"action\": \"logged_off\"}, {\"id\": 2, \"action\": \"failed\", \"reason\": \"r\"}]}", 1), Is.Empty);
            Assert.That(Check("{\"changed\": false, \"failed\": true, \"msg\": \"m\", \"items\": []}", 1), Is.Empty);
        }

        [TestCase("{\"changed\": false, \"items\": [], \"counts\": {}}", 0,
            "mode is documented as returned: success, and the run succeeded but is missing")]
        [TestCase("{\"changed\": false, \"items\": [], \"mode\": \"a\"}", 0,
            "counts is documented as returned: success or after sessions were tried, and the run succeeded but is missing")]
        [TestCase("{\"changed\": false, \"mode\": \"a\", \"counts\": {}, \"items\": [{\"id\": 1, \"action\": \"failed\"}]}", 0,
            "items[0].reason is documented as returned: when action is skipped, failed or already_gone, and action is failed")]
        [TestCase("{\"changed\": false, \"mode\": \"a\", \"counts\": {}, \"items\": [{\"id\": 1, \"action\": \"already_gone\"}]}", 0,
            "items[0].reason is documented as returned: when action is skipped, failed or already_gone, and action is already_gone")]
        [TestCase("{\"changed\": false, \"items\": [], \"extra\": 1}", 0, "extra is returned but not documented")]
        [TestCase("{\"changed\": false}", 0, "items is documented as returned: always but is missing")]
        [TestCase("{\"changed\": false, \"failed\": true, \"msg\": \"m\"}", 1, "items is documented as returned: always")]
        [TestCase("{\"changed\": false, \"items\": [{\"note\": \"x\"}]}", 0, "items[0].id is documented as returned: always")]
        [TestCase("{\"changed\": false, \"items\": [{\"id\": \"1\"}]}", 0, "items[0].id is documented as int but is str")]
        [TestCase("{\"changed\": false, \"items\": [{\"id\": 1, \"why\": 1}]}", 0, "items[0].why is returned but not documented")]
        [TestCase("{\"changed\": false, \"items\": [1]}", 0, "items[0] is documented as dict but is int")]
        [TestCase("{\"changed\": false, \"items\": {\"id\": 1}}", 0, "items is documented as list but is dict")]
        [TestCase("{\"changed\": false, \"items\": [], \"mode\": true}", 0, "mode is documented as str but is bool")]
        [TestCase("{\"changed\": false, \"items\": [], \"failed\": true, \"msg\": \"m\"}", 0, "rc 0 but failed is True")]
        [TestCase("{\"changed\": false, \"items\": []}", 1, "rc 1 but failed is False")]
        [TestCase("{\"changed\": false, \"items\": [], \"failed\": true, \"msg\": \" \"}", 1, "a failure without a msg")]
        [TestCase("{\"changed\": \"no\", \"items\": []}", 0, "changed is missing or not a boolean")]
        [TestCase("{\"changed\": false, \"failed\": true, \"msg\": \"internal error: bad spec\", \"items\": []}", 1,
            "Ansible.Basic rejected the spec")]
        public void Contract_catches(string json, int rc, string expected)
        {
            Assert.That(String.Join("\n", Check(json, rc).ToArray()), Is.StringContaining(expected));
        }

        private static List<string> CheckArgs(string moduleArgs)
        {
            Dictionary<string, object> options = Json("{\"count\": {\"type\": \"int\"}, \"names\": {\"type\": \"list\", " +
                "\"elements\": \"int\"}, \"delay\": {\"type\": \"float\"}, \"p\": {\"type\": \"path\"}}");
            return ReturnContract.CheckArguments(options, Json("{\"invocation\": {\"module_args\": " + moduleArgs + "}}"));
        }

        [Test]
        public void Arguments_as_parsed_must_have_the_documented_types()
        {
            Assert.That(CheckArgs("{\"count\": 3, \"names\": [1, 2], \"delay\": 2, \"p\": \"C:\\\\x\"}"), Is.Empty);
            Assert.That(CheckArgs("{\"count\": null, \"names\": null}"), Is.Empty);
            Assert.That(String.Join("\n", CheckArgs("{\"count\": \"3\"}").ToArray()),
                Is.StringContaining("argument count is documented as int but Ansible.Basic parsed it with the $spec as str"));
            Assert.That(String.Join("\n", CheckArgs("{\"names\": [\"a\"]}").ToArray()),
                Is.StringContaining("argument names[0] is documented as int"));
            Assert.That(String.Join("\n", CheckArgs("{\"other\": 1}").ToArray()),
                Is.StringContaining("argument other is not a documented option"));
            Assert.That(ReturnContract.CheckArguments(new Dictionary<string, object>(), Json("{\"failed\": true}")), Is.Empty);
        }

        [Test]
        public void Contract_does_not_ask_for_always_keys_when_Ansible_Basic_failed_before_the_runner()
        {
            Assert.That(ReturnContract.Check(Doc(), Json("{\"changed\": false, \"failed\": true, \"msg\": \"m\"}"), false, 1),
                Is.Empty);
        }

        [Test]
        public void Plain_values_only()
        {
            Hashtable ok = new Hashtable();
            ok["a"] = new ArrayList { 1, 2L, "s", true, null, new Dictionary<string, object> { { "b", new int[] { 1 } } } };
            Assert.That(ReturnContract.PlainValues("r", ok), Is.Empty);
            Assert.That(ReturnContract.PlainValues("r", new ArrayList { DateTime.UtcNow })[0], Is.StringContaining("r[0] is a System.DateTime"));
            Assert.That(ReturnContract.PlainValues("r", new Hashtable { { "e", DayOfWeek.Monday } })[0], Is.StringContaining("r.e is a System.DayOfWeek"));
            Assert.That(ReturnContract.PlainValues("r", 2.5)[0], Is.StringContaining("System.Double"));
            Assert.That(ReturnContract.PlainValues("r", new object())[0], Is.StringContaining("System.Object"));
            Assert.That(ReturnContract.PlainValues("r", new Hashtable { { 1, "x" } })[0], Is.StringContaining("a key of type Int32"));
        }
    }
}
