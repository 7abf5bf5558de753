// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Coverage driver (tools/native_coverage.sh): JIT-compiles every method of the native-layer classes first, so
// Mono's coverage profiler lists their statements even when no test runs them (the denominator), then runs every
// NUnit test of SessionCtl.Tests.dll itself (see RunTests).
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

public static class CoverageDriver
{
    public static int Main(string[] args)
    {
        string dll = Path.GetFullPath("SessionCtl.Tests.dll");
        // "Class" or "Class.Method" entries: every method of each Class is prepared.
        string[] names = (Environment.GetEnvironmentVariable("SESSIONCTL_COVERAGE_CLASSES") ?? "").Split(',');
        for (int i = 0; i < names.Length; i++)
            names[i] = names[i].Split('.')[0];
        Assembly a = Assembly.LoadFrom(dll);
        int prepared = 0;
        foreach (Type t in a.GetTypes())
        {
            Type outer = t;
            while (outer.DeclaringType != null)
                outer = outer.DeclaringType;
            if (Array.IndexOf(names, outer.Name) < 0 || t.ContainsGenericParameters)
                continue;
            BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                BindingFlags.Static | BindingFlags.DeclaredOnly;
            List<MethodBase> methods = new List<MethodBase>();
            methods.AddRange(t.GetMethods(all));
            methods.AddRange(t.GetConstructors(all));
            foreach (MethodBase m in methods)
            {
                if (m.IsAbstract || m.ContainsGenericParameters || (m.GetMethodImplementationFlags() &
                    MethodImplAttributes.InternalCall) != 0 || (m.Attributes & MethodAttributes.PinvokeImpl) != 0)
                    continue;
                try
                {
                    RuntimeHelpers.PrepareMethod(m.MethodHandle);
                    prepared++;
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine("coverage: cannot prepare {0}.{1}: {2}", t.FullName, m.Name, e.Message);
                }
            }
        }
        Console.Error.WriteLine("coverage: {0} methods prepared", prepared);
        // the bad-input log names each case by NUnit's TestContext, which only nunit-console provides
        Environment.SetEnvironmentVariable("SESSIONCTL_BAD_INPUT_LOG", null);
        return RunTests(a);
    }

    private static bool Has(MemberInfo m, string attribute)
    {
        foreach (object o in m.GetCustomAttributes(true))
        {
            if (o.GetType().Name == attribute)
                return true;
        }
        return false;
    }

    /// <summary>The methods with the attribute, base classes' first (NUnit 2.6 runs a base [SetUp] before a derived one).</summary>
    private static List<MethodInfo> FindAll(Type t, string attribute)
    {
        List<MethodInfo> res = new List<MethodInfo>();
        for (Type c = t; c != null && c != typeof(object); c = c.BaseType)
        {
            foreach (MethodInfo m in c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (Has(m, attribute))
                    res.Insert(0, m);
            }
        }
        return res;
    }

    /// <summary>The argument lists of a [Test], [TestCase]s and a [TestCaseSource] (a static member of the fixture).</summary>
    private static List<object[]> Cases(Type t, MethodInfo m)
    {
        List<object[]> cases = new List<object[]>();
        foreach (object o in m.GetCustomAttributes(true))
        {
            string name = o.GetType().Name;
            if (name == "TestAttribute")
                cases.Add(new object[0]);
            else if (name == "TestCaseAttribute")
                cases.Add((object[])o.GetType().GetProperty("Arguments").GetValue(o, null));
            else if (name == "TestCaseSourceAttribute")
            {
                string source = (string)o.GetType().GetProperty("SourceName").GetValue(o, null);
                BindingFlags f = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.FlattenHierarchy;
                MethodInfo sm = t.GetMethod(source, f, null, Type.EmptyTypes, null);
                object items = sm != null ? sm.Invoke(null, null) : t.GetProperty(source, f) != null
                    ? t.GetProperty(source, f).GetValue(null, null) : t.GetField(source, f).GetValue(null);
                foreach (object item in (System.Collections.IEnumerable)items)
                {
                    PropertyInfo argsProp = item.GetType().GetProperty("Arguments");
                    cases.Add(argsProp != null ? (object[])argsProp.GetValue(item, null) : item as object[] ?? new object[] { item });
                }
            }
        }
        return cases;
    }

    /// <summary>
    /// A plain runner: every [TestFixture] class, every [Test], [TestCase] and [TestCaseSource] case, with
    /// every [SetUp] (base class first) and [TearDown] (derived class first).
    /// Mono 6.8's coverage profiler aborts (heap corruption) under nunit-console, which creates and unloads
    /// AppDomains, so the coverage run calls the tests itself in the one domain.
    /// </summary>
    private static int RunTests(Assembly a)
    {
        int run = 0, failed = 0;
        foreach (Type t in a.GetTypes())
        {
            if (!Has(t, "TestFixtureAttribute") || t.IsAbstract)
                continue;
            List<MethodInfo> setUps = FindAll(t, "SetUpAttribute");
            List<MethodInfo> tearDowns = FindAll(t, "TearDownAttribute");
            tearDowns.Reverse();
            foreach (MethodInfo m in t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                List<object[]> cases = Cases(t, m);
                foreach (object[] args in cases)
                {
                    run++;
                    object fixture = Activator.CreateInstance(t);
                    try
                    {
                        foreach (MethodInfo setUp in setUps)
                            setUp.Invoke(fixture, null);
                        try
                        {
                            m.Invoke(fixture, args);
                        }
                        finally
                        {
                            foreach (MethodInfo tearDown in tearDowns)
                                tearDown.Invoke(fixture, null);
                        }
                    }
                    catch (TargetInvocationException e)
                    {
                        failed++;
                        Console.Error.WriteLine("FAILED {0}.{1}: {2}", t.Name, m.Name, e.InnerException.Message);
                    }
                }
            }
        }
        Console.WriteLine("coverage run: {0} tests, {1} failed", run, failed);
        return failed == 0 ? 0 : 1;
    }
}
