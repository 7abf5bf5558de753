// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// A fake of the WMI adapter (_Wmi.cs IWmi) that serves instances from the documented class schemas in
// tests/wmi/schema.json and refuses, as a test failure, what Windows would not take: a class that is not documented
// (or asked for in another namespace), a property the class does not define (read, written, or in a WHERE), a method
// or parameter it does not document, a write of a property that is not read/write, and a value whose .NET type is not
// the one System.Management uses for the CIM type. Every refusal is recorded in Violations (fixtures assert it stays
// empty) and thrown as WmiSchemaViolation, which the native classes do not catch (they catch WmiException only).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Web.Script.Serialization;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;

namespace SessionCtl.Tests
{
    /// <summary>A call the schema does not allow.</summary>
    public class WmiSchemaViolation : Exception
    {
        public WmiSchemaViolation(string message)
            : base(message)
        {
        }
    }

    /// <summary>The documented classes (tests/wmi/schema.json).</summary>
    public class WmiSchema
    {
        private static WmiSchema loaded;
        private readonly Dictionary<string, object> classes;

        private WmiSchema(Dictionary<string, object> classes)
        {
            this.classes = new Dictionary<string, object>(classes, StringComparer.OrdinalIgnoreCase);
        }

        public static WmiSchema Load()
        {
            if (loaded == null)
            {
                string path = Path.Combine(IscsiInitiatorTests.RepoRoot(), "tests/wmi/schema.json");
                loaded = new WmiSchema((Dictionary<string, object>)new JavaScriptSerializer().DeserializeObject(File.ReadAllText(path)));
            }
            return loaded;
        }

        public Dictionary<string, object> Class(string name)
        {
            object c;
            if (name == null || name.StartsWith("_") || !classes.TryGetValue(name, out c))
                return null;
            return (Dictionary<string, object>)c;
        }

        public bool HasClass(string name)
        {
            return Class(name) != null;
        }

        public string Namespace(string cls)
        {
            return (string)Class(cls)["namespace"];
        }

        /// <summary>The property's schema entry (type, access, key), or null when the class does not define it.</summary>
        public Dictionary<string, object> Property(string cls, string name)
        {
            Dictionary<string, object> props = (Dictionary<string, object>)Class(cls)["properties"];
            foreach (KeyValuePair<string, object> p in props)
            {
                if (String.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
                    return (Dictionary<string, object>)p.Value;
            }
            return null;
        }

        public IEnumerable<string> PropertyNames(string cls)
        {
            return ((Dictionary<string, object>)Class(cls)["properties"]).Keys;
        }

        public Dictionary<string, object> Method(string cls, string name)
        {
            object m;
            Dictionary<string, object> methods = (Dictionary<string, object>)Class(cls)["methods"];
            return methods.TryGetValue(name, out m) ? (Dictionary<string, object>)m : null;
        }

        /// <summary>True when cls is wanted or documents wanted among its superclasses.</summary>
        public bool IsA(string cls, string wanted)
        {
            if (String.Equals(cls, wanted, StringComparison.OrdinalIgnoreCase))
                return true;
            foreach (object s in (object[])Class(cls)["superclasses"])
            {
                if (String.Equals((string)s, wanted, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }

        public bool IsKnownClassName(string name)
        {
            foreach (string cls in classes.Keys)
            {
                if (!cls.StartsWith("_") && IsA(cls, name))
                    return true;
            }
            return false;
        }

        /// <summary>The .NET type System.Management gives a CIM type; null for an embedded object (or an array of them).</summary>
        public static Type NetType(string cimType)
        {
            bool array = cimType.EndsWith("[]");
            string t = array ? cimType.Substring(0, cimType.Length - 2) : cimType;
            Type one;
            switch (t)
            {
                case "string": case "datetime": one = typeof(string); break;
                case "boolean": one = typeof(bool); break;
                case "uint8": one = typeof(byte); break;
                case "sint8": one = typeof(sbyte); break;
                case "uint16": one = typeof(ushort); break;
                case "sint16": one = typeof(short); break;
                case "uint32": one = typeof(uint); break;
                case "sint32": one = typeof(int); break;
                case "uint64": one = typeof(ulong); break;
                case "sint64": one = typeof(long); break;
                case "real32": one = typeof(float); break;
                case "real64": one = typeof(double); break;
                default: one = t.StartsWith("ref:") ? typeof(string) : null; break;
            }
            if (one == null)
                return null;
            return array ? one.MakeArrayType() : one;
        }
    }

    /// <summary>An instance the fake holds: its class, path and documented property values.</summary>
    public class FakeWmiInstance
    {
        public string ClassName;
        public string Path;
        public readonly Dictionary<string, object> Values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Instances ASSOCIATORS OF this one returns.</summary>
        public readonly List<FakeWmiInstance> Related = new List<FakeWmiInstance>();

        public object this[string name]
        {
            get
            {
                object v;
                return Values.TryGetValue(name, out v) ? v : null;
            }
        }
    }

    /// <summary>What the fake serves: every documented property, and a refusal (recorded) for any other name.</summary>
    public class SchemaHashtable : Hashtable
    {
        private readonly FakeWmi fake;
        private readonly string what;
        private readonly List<string> names;

        /// <summary>An instance of className (names null), or a method's output with these documented names.</summary>
        public SchemaHashtable(FakeWmi fake, string what, List<string> names)
            : base(StringComparer.OrdinalIgnoreCase)
        {
            this.fake = fake;
            this.what = what;
            this.names = names;
        }

        private void Check(object key)
        {
            string name = key as string;
            bool known = name == "__PATH" || name == "__CLASS"
                || (names != null ? names.Contains(name) : fake.Schema.Property(what, name) != null);
            if (!known)
                throw fake.Violation(String.Format("read of {0}.{1}, which {0} does not document", what, key));
        }

        public override object this[object key]
        {
            get
            {
                Check(key);
                return base[key];
            }
            set
            {
                base[key] = value;
            }
        }

        public override bool ContainsKey(object key)
        {
            Check(key);
            return base.ContainsKey(key);
        }

        public override bool Contains(object key)
        {
            return ContainsKey(key);
        }
    }

    /// <summary>The fake WMI: instances by class, scripted answers, and a record of every write.</summary>
    public class FakeWmi : IWmi
    {
        public readonly WmiSchema Schema = WmiSchema.Load();
        public readonly List<FakeWmiInstance> Instances = new List<FakeWmiInstance>();
        public readonly List<string> Violations = new List<string>();
        /// <summary>Each property a put wrote, as Class.Property (a whole-instance put writes every writable one).</summary>
        public readonly List<string> Writes = new List<string>();
        /// <summary>Every call, as "Query WT_Host", "Put WT_Host", "Invoke RequestStateChange", ...</summary>
        public readonly List<string> Calls = new List<string>();
        /// <summary>Namespaces that do not exist on this host (WBEM_E_INVALID_NAMESPACE).</summary>
        public readonly List<string> MissingNamespaces = new List<string>();
        /// <summary>A call description -> an HRESULT to fail it with (null: go on).</summary>
        public Func<string, int?> Failure;
        /// <summary>A put that was checked: the handler may change the instance itself (default: the changes are applied).</summary>
        public Func<FakeWmiInstance, IDictionary<string, object>, bool> OnPut;
        /// <summary>A method call that was checked: returns the output parameters (ReturnValue included).</summary>
        public Func<FakeWmiInstance, string, IDictionary<string, object>, Dictionary<string, object>> OnInvoke;
        private int next;
        private readonly List<FakeWmiInstance> embedded = new List<FakeWmiInstance>();

        public WmiSchemaViolation Violation(string text)
        {
            Violations.Add(text);
            return new WmiSchemaViolation(text);
        }

        /// <summary>A new instance of cls from name/value pairs; each value is converted to its CIM type's .NET type.</summary>
        public FakeWmiInstance Add(string cls, params object[] pairs)
        {
            FakeWmiInstance i = Make(cls, pairs);
            Instances.Add(i);
            return i;
        }

        /// <summary>
        /// An instance that lives inside another (WT_Host.Sessions, WT_Session.Connections). It keeps a path, so a call
        /// that names it (a put, a method) is checked against its class like any other.
        /// </summary>
        public FakeWmiInstance Embedded(string cls, params object[] pairs)
        {
            FakeWmiInstance i = Make(cls, pairs);
            embedded.Add(i);
            return i;
        }

        private FakeWmiInstance Make(string cls, object[] pairs)
        {
            if (!Schema.HasClass(cls))
                throw new ArgumentException("test data: class " + cls + " is not in tests/wmi/schema.json");
            FakeWmiInstance i = new FakeWmiInstance();
            i.ClassName = cls;
            i.Path = String.Format(CultureInfo.InvariantCulture, "\\\\FAKE\\{0}:{1}.Id={2}", Schema.Namespace(cls), cls, ++next);
            for (int k = 0; k < pairs.Length; k += 2)
                SetData(i, (string)pairs[k], pairs[k + 1]);
            return i;
        }

        /// <summary>Sets test data (converted to the CIM type); an undocumented property is a mistake in the test.</summary>
        public void SetData(FakeWmiInstance i, string name, object value)
        {
            Dictionary<string, object> p = Schema.Property(i.ClassName, name);
            if (p == null)
                throw new ArgumentException("test data: " + i.ClassName + " documents no property " + name);
            Type t = WmiSchema.NetType((string)p["type"]);
            if (value != null && t != null && !t.IsArray)
                value = Convert.ChangeType(value, t, CultureInfo.InvariantCulture);
            i.Values[name] = value;
        }

        private void Enter(string call, string ns, string cls)
        {
            Calls.Add(call);
            if (!Schema.IsKnownClassName(cls))
                throw Violation(call + ": class " + cls + " is not documented");
            if (MissingNamespaces.Contains(ns))
                throw new WmiException(unchecked((int)0x8004100E));
            if (Schema.HasClass(cls) && !String.Equals(Schema.Namespace(cls), ns, StringComparison.OrdinalIgnoreCase))
                throw Violation(call + ": class " + cls + " lives in " + Schema.Namespace(cls) + ", not in " + ns);
            int? code = Failure == null ? null : Failure(call);
            if (code.HasValue)
                throw new WmiException(code.Value);
        }

        private Hashtable Serve(FakeWmiInstance i)
        {
            SchemaHashtable w = new SchemaHashtable(this, i.ClassName, null);
            w["__CLASS"] = i.ClassName;
            w["__PATH"] = i.Path;
            foreach (string name in Schema.PropertyNames(i.ClassName))
            {
                object v = i[name];
                FakeWmiInstance one = v as FakeWmiInstance;
                FakeWmiInstance[] many = v as FakeWmiInstance[];
                if (one != null)
                    v = Serve(one);
                else if (many != null)
                    v = Array.ConvertAll(many, delegate(FakeWmiInstance e) { return e == null ? null : Serve(e); });
                w[name] = v;
            }
            return w;
        }

        private FakeWmiInstance ByPath(string call, string path)
        {
            foreach (FakeWmiInstance i in Instances.Concat(embedded))
            {
                if (i.Path == path)
                    return i;
            }
            throw new WmiException(WmiException.NotFound);
        }

        private static string ClassOfPath(string path)
        {
            int colon = path == null ? -1 : path.LastIndexOf(':');
            int dot = path == null ? -1 : path.IndexOf('.', colon + 1);
            return colon < 0 || dot < 0 ? null : path.Substring(colon + 1, dot - colon - 1);
        }

        private static readonly Regex Select = new Regex(@"^SELECT \* FROM (\w+)(?: WHERE (\w+) = '((?:[^'\\]|\\.)*)')?$");
        private static readonly Regex Associators = new Regex(@"^ASSOCIATORS OF \{(.+)\} WHERE ResultClass = (\w+)$");

        /// <summary>The two WQL forms IWmi.Query documents; any other text is refused.</summary>
        public List<Hashtable> Query(string ns, string wql)
        {
            Match m = Associators.Match(wql);
            if (m.Success)
                return Related(ns, m.Groups[1].Value, m.Groups[2].Value);
            m = Select.Match(wql);
            if (!m.Success)
                throw Violation("a WQL query the adapter does not document: " + wql);
            string className = m.Groups[1].Value;
            string property = m.Groups[2].Success ? m.Groups[2].Value : null;
            string value = m.Groups[3].Success ? Regex.Replace(m.Groups[3].Value, @"\\(.)", "$1") : null;
            Enter("Query " + className, ns, className);
            if (property != null && Schema.Property(className, property) == null)
                throw Violation(String.Format("WHERE {0} on {1}, a property {1} does not document", property, className));
            List<Hashtable> res = new List<Hashtable>();
            foreach (FakeWmiInstance i in Instances)
            {
                if (!Schema.IsA(i.ClassName, className))
                    continue;
                if (property != null && !String.Equals(Convert.ToString(i[property], CultureInfo.InvariantCulture), value, StringComparison.OrdinalIgnoreCase))
                    continue;
                res.Add(Serve(i));
            }
            return res;
        }

        public Hashtable Get(string ns, string path)
        {
            Enter("Get " + ClassOfPath(path), ns, ClassOfPath(path));
            return Serve(ByPath("Get", path));
        }

        private List<Hashtable> Related(string ns, string path, string relatedClass)
        {
            Enter("Related " + ClassOfPath(path), ns, ClassOfPath(path));
            if (!Schema.IsKnownClassName(relatedClass))
                throw Violation("ASSOCIATORS OF ... WHERE ResultClass = " + relatedClass + ": class is not documented");
            List<Hashtable> res = new List<Hashtable>();
            foreach (FakeWmiInstance r in ByPath("Related", path).Related)
            {
                if (Schema.IsA(r.ClassName, relatedClass))
                    res.Add(Serve(r));
            }
            return res;
        }

        /// <summary>Checks a value against the CIM type of a property or parameter (what.name).</summary>
        private void CheckType(string what, string cimType, object value)
        {
            Type t = WmiSchema.NetType(cimType);
            if (value != null && t != null && value.GetType() != t)
                throw Violation(String.Format("{0} is {1} ({2}), but the value given is a {3}", what, cimType, t.Name, value.GetType().Name));
        }

        public void Put(string ns, string path, IDictionary<string, object> changes, bool partial)
        {
            string cls = ClassOfPath(path);
            Enter("Put " + cls, ns, cls);
            FakeWmiInstance i = ByPath("Put", path);
            foreach (KeyValuePair<string, object> c in changes)
            {
                Dictionary<string, object> p = Schema.Property(cls, c.Key);
                if (p == null)
                    throw Violation(String.Format("write of {0}.{1}, a property {0} does not document", cls, c.Key));
                if ((string)p["access"] != "read/write")
                    throw Violation(String.Format("write of {0}.{1}, which is {2}", cls, c.Key, p["access"]));
                CheckType(cls + "." + c.Key, (string)p["type"], c.Value);
            }
            List<string> written = new List<string>(changes.Keys);
            if (!partial)
            {
                // a whole-instance put writes back every writable property as it was read
                foreach (string name in Schema.PropertyNames(cls))
                {
                    if ((string)Schema.Property(cls, name)["access"] == "read/write" && !changes.ContainsKey(name))
                        written.Add(name);
                }
            }
            foreach (string name in written)
                Writes.Add(cls + "." + name);
            if (OnPut != null && OnPut(i, changes))
                return;
            foreach (KeyValuePair<string, object> c in changes)
                i.Values[c.Key] = c.Value;
        }

        public void Delete(string ns, string path)
        {
            string cls = ClassOfPath(path);
            Enter("Delete " + cls, ns, cls);
            Instances.Remove(ByPath("Delete", path));
        }

        /// <summary>A new instance: every value a documented property of the class, writable or a key, of its CIM type.</summary>
        public void Create(string ns, string className, IDictionary<string, object> values)
        {
            Enter("Create " + className, ns, className);
            if (!Schema.HasClass(className))
                throw Violation("create of " + className + ", a class the schema does not hold");
            FakeWmiInstance i = Make(className, new object[0]);
            foreach (KeyValuePair<string, object> v in values)
            {
                Dictionary<string, object> p = Schema.Property(className, v.Key);
                if (p == null)
                    throw Violation(String.Format("create of {0} with {1}, a property {0} does not document", className, v.Key));
                if ((string)p["access"] != "read/write" && !true.Equals(p.ContainsKey("key") ? p["key"] : null))
                    throw Violation(String.Format("create of {0} sets {1}, which is {2} and not a key", className, v.Key, p["access"]));
                CheckType(className + "." + v.Key, (string)p["type"], v.Value);
                i.Values[v.Key] = v.Value;
                Writes.Add(className + "." + v.Key);
            }
            Instances.Add(i);
        }

        public Hashtable Invoke(string ns, string path, string method, IDictionary<string, object> input)
        {
            string cls = ClassOfPath(path);
            Enter("Invoke " + method, ns, cls);
            FakeWmiInstance i = ByPath("Invoke", path);
            Dictionary<string, object> m = Schema.Method(cls, method);
            if (m == null)
                throw Violation(String.Format("call of {0}.{1}, a method {0} does not document", cls, method));
            Dictionary<string, object> inParams = (Dictionary<string, object>)m["in"];
            foreach (KeyValuePair<string, object> p in input)
            {
                object type;
                if (!inParams.TryGetValue(p.Key, out type))
                    throw Violation(String.Format("{0}.{1} documents no input parameter {2}", cls, method, p.Key));
                CheckType(cls + "." + method + "(" + p.Key + ")", (string)type, p.Value);
            }
            if (OnInvoke == null)
                throw new InvalidOperationException("the test gave no OnInvoke for " + method);
            Dictionary<string, object> output = OnInvoke(i, method, input);
            Dictionary<string, object> outParams = (Dictionary<string, object>)m["out"];
            List<string> outputs = new List<string>(outParams.Keys);
            outputs.Add("ReturnValue");
            SchemaHashtable w = new SchemaHashtable(this, cls + "." + method + " output", outputs);
            foreach (KeyValuePair<string, object> o in output)
            {
                object type;
                if (o.Key == "ReturnValue")
                    type = m["return"];
                else if (!outParams.TryGetValue(o.Key, out type))
                    throw new ArgumentException("test data: " + method + " documents no output " + o.Key);
                object v = o.Value;
                Type t = WmiSchema.NetType((string)type);
                if (v != null && t != null)
                    v = Convert.ChangeType(v, t, CultureInfo.InvariantCulture);
                w[o.Key] = v;
            }
            return w;
        }
    }
}
