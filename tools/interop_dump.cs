// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Test tool: reflects over the compiled C# utils (an assembly built from plugins/module_utils/*.cs) and
// prints, as one JSON document on stdout, every interop declaration the marshaller sees:
//   structs     every value type (not an enum) with its Marshal.SizeOf and each field's Marshal.OffsetOf
//               and marshalled size;
//   functions   every DllImport: dll, entry point, CharSet, each parameter's marshalled size and kind;
//   interfaces  every [ComImport] interface: IID, IUnknown/IDispatch base and its methods in declaration
//               (metadata token) order, so method i sits at vtable slot base + i;
//   constants   every const / static readonly integer, Guid or string field, and every enum member.
// tools/win32meta_check.py compares it with Microsoft's Win32 metadata. Run under Mono:
//   mono interop_dump.exe SessionCtl.Utils.dll > interop.json
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

public static class InteropDump
{
    private const int PointerSize = 8;

    private static string Str(string s)
    {
        if (s == null)
            return "null";
        StringBuilder sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c == '"' || c == '\\')
                sb.Append('\\').Append(c);
            else if (c < ' ' || c > '~')
                sb.AppendFormat("\\u{0:x4}", (int)c);
            else
                sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private static T Attr<T>(ICustomAttributeProvider p) where T : Attribute
    {
        object[] a = p.GetCustomAttributes(typeof(T), false);
        return a.Length > 0 ? (T)a[0] : null;
    }

    private static int SizeOfUnmanaged(UnmanagedType u, bool unicode)
    {
        switch (u)
        {
            case UnmanagedType.I1: case UnmanagedType.U1: return 1;
            case UnmanagedType.I2: case UnmanagedType.U2: return 2;
            case UnmanagedType.Bool: case UnmanagedType.I4: case UnmanagedType.U4: case UnmanagedType.Error:
            case UnmanagedType.R4:
                return 4;
            case UnmanagedType.I8: case UnmanagedType.U8: case UnmanagedType.R8: return 8;
            case UnmanagedType.VariantBool: return 2;
            default: return -1;
        }
    }

    /// <summary>The marshalled size of a field or parameter, its kind (value, pointer, struct, string, chars,
    /// array) and, for strings, whether they are marshalled as UTF-16 and whether as a BSTR. On a COM
    /// interface method (com) a string defaults to a BSTR and a bool to a 2-byte VARIANT_BOOL.</summary>
    private static string Marshalled(Type t, MarshalAsAttribute ma, bool unicode, bool com)
    {
        string kind = "value";
        int size = -1;
        string wide = "null";
        bool bstr = false;
        string type = t.IsByRef ? t.GetElementType().FullName + "&" : t.FullName;
        if (t.IsByRef)
        {
            kind = "pointer";
            size = PointerSize;
        }
        else if (ma != null && (ma.Value == UnmanagedType.ByValTStr))
        {
            kind = "chars";
            size = ma.SizeConst * (unicode ? 2 : 1);
            wide = unicode ? "true" : "false";
        }
        else if (ma != null && ma.Value == UnmanagedType.ByValArray)
        {
            kind = "array";
            Type e = t.GetElementType();
            int es = e == typeof(bool) ? 4 : (e == typeof(char) ? (unicode ? 2 : 1) : Marshal.SizeOf(e));
            size = ma.SizeConst * es;
        }
        else if (ma != null && (ma.Value == UnmanagedType.LPWStr || ma.Value == UnmanagedType.LPStr ||
            ma.Value == UnmanagedType.LPTStr || ma.Value == UnmanagedType.BStr))
        {
            kind = "string";
            size = PointerSize;
            wide = (ma.Value == UnmanagedType.LPWStr || ma.Value == UnmanagedType.BStr ||
                (ma.Value == UnmanagedType.LPTStr && unicode)) ? "true" : "false";
            bstr = ma.Value == UnmanagedType.BStr;
        }
        else if (ma != null && SizeOfUnmanaged(ma.Value, unicode) > 0)
        {
            size = SizeOfUnmanaged(ma.Value, unicode);
        }
        else if (ma != null && (ma.Value == UnmanagedType.IUnknown || ma.Value == UnmanagedType.Interface ||
            ma.Value == UnmanagedType.IDispatch || ma.Value == UnmanagedType.LPArray ||
            ma.Value == UnmanagedType.FunctionPtr || ma.Value == UnmanagedType.SysInt ||
            ma.Value == UnmanagedType.SysUInt || ma.Value == UnmanagedType.LPStruct))
        {
            kind = "pointer";
            size = PointerSize;
        }
        else if (t == typeof(bool))
        {
            size = com ? 2 : 4;
        }
        else if (t == typeof(char))
        {
            size = unicode ? 2 : 1;
        }
        else if (t == typeof(string) || t == typeof(StringBuilder))
        {
            kind = "string";
            size = PointerSize;
            wide = unicode ? "true" : "false";
            bstr = com && t == typeof(string);
        }
        else if (t.IsEnum)
        {
            size = Marshal.SizeOf(Enum.GetUnderlyingType(t));
        }
        else if (t.IsPrimitive)
        {
            size = Marshal.SizeOf(t);
            if (t == typeof(IntPtr) || t == typeof(UIntPtr))
                kind = "pointer";
        }
        else if (t.IsValueType)
        {
            kind = "struct";
            try
            {
                size = Marshal.SizeOf(t);
            }
            catch (ArgumentException)
            {
                size = -1;
            }
        }
        else
        {
            // classes (SafeHandle, arrays, delegates, interfaces, object): a pointer
            kind = "pointer";
            size = PointerSize;
        }
        return String.Format("{{\"type\": {0}, \"kind\": {1}, \"size\": {2}, \"wide\": {3}, \"bstr\": {4}}}",
            Str(type), Str(kind), size, wide, bstr ? "true" : "false");
    }

    private static int ByToken(MemberInfo a, MemberInfo b)
    {
        return a.MetadataToken.CompareTo(b.MetadataToken);
    }

    private static string Struct(Type t)
    {
        StructLayoutAttribute sl = t.StructLayoutAttribute;
        bool unicode = sl != null && sl.CharSet == CharSet.Unicode;
        StringBuilder sb = new StringBuilder();
        string size;
        try
        {
            size = Marshal.SizeOf(t).ToString(CultureInfo.InvariantCulture);
        }
        catch (ArgumentException e)
        {
            return String.Format("{{\"name\": {0}, \"full\": {1}, \"error\": {2}}}", Str(t.Name), Str(t.FullName),
                Str(e.Message));
        }
        sb.AppendFormat("{{\"name\": {0}, \"full\": {1}, \"size\": {2}, \"layout\": {3}, \"pack\": {4}, "
            + "\"charset\": {5}, \"fields\": [", Str(t.Name), Str(t.FullName), size,
            Str(sl == null ? "" : sl.Value.ToString()), sl == null ? 0 : sl.Pack,
            Str(sl == null ? "" : sl.CharSet.ToString()));
        List<FieldInfo> fields = new List<FieldInfo>(t.GetFields(BindingFlags.Instance | BindingFlags.Public |
            BindingFlags.NonPublic));
        fields.Sort(ByToken);
        for (int i = 0; i < fields.Count; i++)
        {
            FieldInfo f = fields[i];
            if (i > 0)
                sb.Append(", ");
            sb.AppendFormat("{{\"name\": {0}, \"offset\": {1}, \"marshal\": {2}}}", Str(f.Name),
                Marshal.OffsetOf(t, f.Name).ToInt64(),
                Marshalled(f.FieldType, Attr<MarshalAsAttribute>(f), unicode, false));
        }
        return sb.Append("]}").ToString();
    }

    private static string Params(MethodInfo m, bool unicode, bool com)
    {
        StringBuilder sb = new StringBuilder("[");
        ParameterInfo[] ps = m.GetParameters();
        for (int i = 0; i < ps.Length; i++)
        {
            if (i > 0)
                sb.Append(", ");
            ParameterInfo p = ps[i];
            sb.AppendFormat("{{\"name\": {0}, \"out\": {1}, \"marshal\": {2}}}", Str(p.Name),
                p.IsOut ? "true" : "false",
                Marshalled(p.ParameterType, Attr<MarshalAsAttribute>(p), unicode, com));
        }
        return sb.Append("]").ToString();
    }

    private static string Return(MethodInfo m, bool unicode, bool com)
    {
        if (m.ReturnType == typeof(void))
            return "null";
        return Marshalled(m.ReturnType, Attr<MarshalAsAttribute>(m.ReturnParameter), unicode, com);
    }

    private static string Function(MethodInfo m)
    {
        DllImportAttribute d = Attr<DllImportAttribute>(m);
        if (d == null)
            return null;
        bool unicode = d.CharSet == CharSet.Unicode;
        return String.Format("{{\"name\": {0}, \"class\": {1}, \"dll\": {2}, \"entry\": {3}, \"charset\": {4}, "
            + "\"set_last_error\": {5}, \"params\": {6}, \"return\": {7}}}", Str(m.Name), Str(m.DeclaringType.FullName),
            Str(d.Value), Str(String.IsNullOrEmpty(d.EntryPoint) ? m.Name : d.EntryPoint), Str(d.CharSet.ToString()),
            d.SetLastError ? "true" : "false", Params(m, unicode, false), Return(m, unicode, false));
    }

    private static string Interface(Type t)
    {
        InterfaceTypeAttribute it = Attr<InterfaceTypeAttribute>(t);
        string basis = it == null ? "InterfaceIsDual" : it.Value.ToString();
        int baseSlots = basis == "InterfaceIsIUnknown" ? 3 : 7;
        StringBuilder sb = new StringBuilder();
        sb.AppendFormat("{{\"name\": {0}, \"full\": {1}, \"iid\": {2}, \"interface_type\": {3}, \"base_slots\": {4}, "
            + "\"methods\": [", Str(t.Name), Str(t.FullName), Str(t.GUID.ToString()), Str(basis), baseSlots);
        List<MethodInfo> methods = new List<MethodInfo>(t.GetMethods(BindingFlags.Instance | BindingFlags.Public |
            BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        methods.Sort(ByToken);
        for (int i = 0; i < methods.Count; i++)
        {
            MethodInfo m = methods[i];
            if (i > 0)
                sb.Append(", ");
            bool preserve = (m.GetMethodImplementationFlags() & MethodImplAttributes.PreserveSig) != 0;
            sb.AppendFormat("{{\"name\": {0}, \"slot\": {1}, \"preserve_sig\": {2}, \"params\": {3}, \"return\": {4}}}",
                Str(m.Name), baseSlots + i, preserve ? "true" : "false", Params(m, true, true), Return(m, true, true));
        }
        return sb.Append("]}").ToString();
    }

    private static string Value(object v)
    {
        if (v is Guid)
            return String.Format("{{\"guid\": {0}}}", Str(v.ToString()));
        if (v is string)
            return String.Format("{{\"string\": {0}}}", Str((string)v));
        if (v is Enum)
            v = Convert.ChangeType(v, Enum.GetUnderlyingType(v.GetType()), CultureInfo.InvariantCulture);
        if (v is sbyte || v is byte || v is short || v is ushort || v is int || v is uint || v is long ||
            v is ulong)
            return String.Format("{{\"int\": {0}}}", Convert.ToString(v, CultureInfo.InvariantCulture));
        return null;
    }

    private static void Constants(Type t, List<string> output)
    {
        List<FieldInfo> fields = new List<FieldInfo>(t.GetFields(BindingFlags.Static | BindingFlags.Public |
            BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        fields.Sort(ByToken);
        foreach (FieldInfo f in fields)
        {
            if (!(f.IsLiteral || f.IsInitOnly))
                continue;
            Type ft = f.FieldType;
            if (!(ft.IsPrimitive || ft.IsEnum || ft == typeof(Guid) || ft == typeof(string)))
                continue;
            object v;
            try
            {
                v = f.IsLiteral ? f.GetRawConstantValue() : f.GetValue(null);
            }
            catch (Exception)
            {
                continue;
            }
            string value = v == null ? null : Value(v);
            if (value == null)
                continue;
            output.Add(String.Format("{{\"name\": {0}, \"class\": {1}, \"enum\": {2}, \"value\": {3}}}", Str(f.Name),
                Str(t.FullName), t.IsEnum ? "true" : "false", value));
        }
    }

    private static void Emit(StringBuilder sb, string key, List<string> items, bool last)
    {
        sb.AppendFormat("  {0}: [\n", Str(key));
        for (int i = 0; i < items.Count; i++)
            sb.Append("    ").Append(items[i]).Append(i + 1 < items.Count ? ",\n" : "\n");
        sb.Append(last ? "  ]\n" : "  ],\n");
    }

    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: mono interop_dump.exe UTILS.dll");
            return 2;
        }
        Assembly asm = Assembly.LoadFrom(args[0]);
        List<Type> types = new List<Type>(asm.GetTypes());
        types.Sort(delegate(Type a, Type b) { return String.CompareOrdinal(a.FullName, b.FullName); });
        List<string> structs = new List<string>();
        List<string> functions = new List<string>();
        List<string> interfaces = new List<string>();
        List<string> constants = new List<string>();
        foreach (Type t in types)
        {
            if (t.IsInterface && t.IsImport)
                interfaces.Add(Interface(t));
            else if (t.IsValueType && !t.IsEnum && !t.IsGenericTypeDefinition &&
                t.FullName.IndexOf("<", StringComparison.Ordinal) < 0)
                structs.Add(Struct(t));
            Constants(t, constants);
            List<MethodInfo> methods = new List<MethodInfo>(t.GetMethods(BindingFlags.Static | BindingFlags.Public |
                BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
            methods.Sort(ByToken);
            foreach (MethodInfo m in methods)
            {
                if ((m.Attributes & MethodAttributes.PinvokeImpl) == 0)
                    continue;
                string f = Function(m);
                if (f != null)
                    functions.Add(f);
            }
        }
        StringBuilder sb = new StringBuilder("{\n");
        Emit(sb, "structs", structs, false);
        Emit(sb, "functions", functions, false);
        Emit(sb, "interfaces", interfaces, false);
        Emit(sb, "constants", constants, true);
        sb.Append("}\n");
        Console.Out.Write(sb.ToString());
        return 0;
    }
}
