// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Test helper: reads "family code" lines on stdin and prints what the C#
// ErrorCatalog decodes for each, one JSON object a line, so a pytest can compare
// it with the Python catalog field by field.
using System;
using System.Collections;
using System.Text;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

public static class CatalogDump
{
    private static string Json(string s)
    {
        StringBuilder sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c == '"' || c == '\\')
                sb.Append('\\').Append(c);
            else if (c < ' ')
                sb.AppendFormat("\\u{0:x4}", (int)c);
            else
                sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    public static int Main()
    {
        // the family tables compiled in are registered, as the code that meets each family does on a host
        foreach (Type t in typeof(CatalogDump).Assembly.GetTypes())
        {
            System.Reflection.MethodInfo register = t.Name.EndsWith("Errors") ? t.GetMethod("Register") : null;
            if (register != null && register.IsStatic)
                register.Invoke(null, null);
        }
        ErrorCatalog.SystemMessage = null;
        string line;
        while ((line = Console.ReadLine()) != null)
        {
            string[] parts = line.Split(' ');
            if (parts.Length != 2)
                continue;
            Hashtable d = ErrorCatalog.Decode(Int64.Parse(parts[1]), parts[0]).ToDictionary();
            StringBuilder sb = new StringBuilder("{");
            sb.AppendFormat("\"code\": {0}, \"hex\": {1}, \"name\": {2}, \"message\": {3}, \"facility\": {4}, "
                + "\"kind\": {5}, \"severity\": {6}", d["code"], Json((string)d["hex"]), Json((string)d["name"]),
                Json((string)d["message"]), Json((string)d["facility"]), Json((string)d["kind"]),
                Json((string)d["severity"]));
            if (d.ContainsKey("win32_code"))
                sb.AppendFormat(", \"win32_code\": {0}", d["win32_code"]);
            Console.WriteLine(sb.Append("}").ToString());
        }
        return 0;
    }
}
