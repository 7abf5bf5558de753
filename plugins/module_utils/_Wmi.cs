//AssemblyReference -Name System.Management.dll -CLR Framework
//AssemblyReference -Name System.Management.dll -CLR Core
// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The one way the collection reaches WMI/CIM: get, query, associators, put, delete and method calls behind IWmi,
// with System.Management as the Windows implementation (ManagementWmi). The native classes of the modules name
// classes, properties and methods only through it, so the tests run them whole against a fake that serves the
// documented class schemas and refuses anything else. Internal to the collection; it may change without notice.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management;
using System.Runtime.InteropServices;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._Wmi
{
    /// <summary>A WMI call that failed, with its HRESULT (WBEM_E_*, or a COM/Win32 one) as Exception.HResult; the caller names the call.</summary>
    public class WmiException : Exception
    {
        public const int NotFound = unchecked((int)0x80041002);

        public WmiException(int code)
        {
            // a WMI failure is a WBEM HRESULT, which the CIM family table names
            CimErrors.Register();
            HResult = code;
        }
    }

    /// <summary>
    /// What the modules ask of WMI. ns is a namespace such as root\WMI; path an instance path as read. An instance (or
    /// a method's output) is a Hashtable of its properties, case-insensitive, with the system properties __CLASS and
    /// __PATH; an array of embedded objects is a Hashtable[]. A property the class does not
    /// define reads as null (a provider that lacks one is not an error).
    /// </summary>
    public interface IWmi
    {
        /// <summary>
        /// A WQL query: SELECT * FROM class [WHERE property = 'value'] (the value escaped as a WQL string), or
        /// ASSOCIATORS OF {path} WHERE ResultClass = class.
        /// </summary>
        List<Hashtable> Query(string ns, string wql);

        /// <summary>The instance at path, read again.</summary>
        Hashtable Get(string ns, string path);

        /// <summary>
        /// Writes the changed properties of the instance at path (IWbemServices::PutInstance). partial:
        /// only those properties, through the __PUT_EXT_PROPERTIES context; otherwise the whole instance as read with
        /// the changes, which writes back every other writable property too.
        /// </summary>
        void Put(string ns, string path, IDictionary<string, object> changes, bool partial);

        /// <summary>Deletes the instance at path.</summary>
        void Delete(string ns, string path);

        void Create(string ns, string className, IDictionary<string, object> values);

        /// <summary>Calls method on the instance at path; returns the output parameters (ReturnValue included).</summary>
        Hashtable Invoke(string ns, string path, string method, IDictionary<string, object> input);
    }

    /// <summary>Where the native classes get their IWmi: this host's WMI unless Factory is set (tests set a fake).</summary>
    public static class Wmi
    {
        public static Func<IWmi> Factory;

        public static IWmi Open()
        {
            return Factory != null ? Factory() : new ManagementWmi();
        }
    }

    /// <summary>IWmi through System.Management on this host. Translation only.</summary>
    public class ManagementWmi : IWmi
    {
        private static ManagementScope Scope(string ns)
        {
            // root\CIMv2\TerminalServices needs packet privacy (Win32_TerminalServiceSetting page); the others accept it.
            // ConnectionOptions impersonates by default.
            ConnectionOptions options = new ConnectionOptions();
            options.Authentication = AuthenticationLevel.PacketPrivacy;
            return new ManagementScope("\\\\.\\" + ns, options);
        }

        /// <summary>Runs a System.Management call on the instance at path (none: null); any failure becomes a WmiException.</summary>
        private static T Do<T>(string ns, string path, Func<ManagementObject, T> call)
        {
            try
            {
                using (ManagementObject mo = path == null ? null : new ManagementObject(Scope(ns), new ManagementPath(path), null))
                    return call(mo);
            }
            catch (Exception e)
            {
                // a COMException or UnauthorizedAccessException (E_ACCESSDENIED) carries its HRESULT itself
                ManagementException me = e as ManagementException;
                throw new WmiException(me != null ? (int)me.ErrorCode : Marshal.GetHRForException(e));
            }
        }

        /// <summary>A property value; an array of embedded objects (WT_Host.Sessions, WT_Session.Connections) is read too.</summary>
        private static object Value(object value)
        {
            ManagementBaseObject[] many = value as ManagementBaseObject[];
            return many == null ? value : Array.ConvertAll(many, delegate(ManagementBaseObject o) { return o == null ? null : Read(o); });
        }

        /// <summary>Copies an object's properties (embedded objects too) and disposes it.</summary>
        private static Hashtable Read(ManagementBaseObject o)
        {
            using (o)
            {
                Hashtable h = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (PropertyData p in o.Properties)
                    h[p.Name] = Value(p.Value);
                foreach (PropertyData p in o.SystemProperties)
                    h[p.Name] = p.Value;
                return h;
            }
        }

        public List<Hashtable> Query(string ns, string wql)
        {
            return Do(ns, null, delegate
            {
                List<Hashtable> res = new List<Hashtable>();
                using (ManagementObjectSearcher s = new ManagementObjectSearcher(Scope(ns), new ObjectQuery(wql)))
                using (ManagementObjectCollection items = s.Get())
                {
                    foreach (ManagementBaseObject o in items)
                        res.Add(Read(o));
                }
                return res;
            });
        }

        public Hashtable Get(string ns, string path)
        {
            return Do(ns, path, delegate(ManagementObject mo)
            {
                mo.Get();
                return Read(mo);
            });
        }

        public void Put(string ns, string path, IDictionary<string, object> changes, bool partial)
        {
            Do(ns, path, delegate(ManagementObject mo)
            {
                mo.Get();
                foreach (KeyValuePair<string, object> c in changes)
                    mo[c.Key] = c.Value;
                // the put type stays the default (WBEM_FLAG_CREATE_OR_UPDATE) that ManagementObject.Put() always used: a
                // provider may refuse the flags it does not support (IWbemServices::PutInstanceAsync)
                PutOptions options = new PutOptions();
                if (partial)
                {
                    // "Updating Part of an Instance" (WMI SDK): the context asks the provider to write only the named
                    // properties; a provider without partial updates answers WBEM_E_PROVIDER_NOT_CAPABLE or NOT_SUPPORTED.
                    options.Context = new ManagementNamedValueCollection();
                    options.Context.Add("__PUT_EXTENSIONS", true);
                    options.Context.Add("__PUT_EXT_CLIENT_REQUEST", true);
                    options.Context.Add("__PUT_EXT_PROPERTIES", new List<string>(changes.Keys).ToArray());
                }
                return mo.Put(options);
            });
        }

        public void Delete(string ns, string path)
        {
            Do(ns, path, delegate(ManagementObject mo)
            {
                mo.Delete();
                return mo;
            });
        }

        public void Create(string ns, string className, IDictionary<string, object> values)
        {
            Do(ns, null, delegate
            {
                using (ManagementClass cls = new ManagementClass(Scope(ns), new ManagementPath(className), null))
                using (ManagementObject mo = cls.CreateInstance())
                {
                    foreach (KeyValuePair<string, object> v in values)
                        mo[v.Key] = v.Value;
                    return mo.Put();
                }
            });
        }

        public Hashtable Invoke(string ns, string path, string method, IDictionary<string, object> input)
        {
            return Do(ns, path, delegate(ManagementObject mo)
            {
                using (ManagementBaseObject inParams = mo.GetMethodParameters(method))
                {
                    foreach (KeyValuePair<string, object> p in input)
                        inParams[p.Key] = p.Value;
                    return Read(mo.InvokeMethod(method, inParams, null));
                }
            });
        }
    }
}
