# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Catch C# 6+ forms in the C# utils that Mono's ``mcs -langversion:5`` lets through.

Windows PowerShell 5.1 compiles Add-Type code with the .NET Framework csc, which
only knows C# 5. ``mcs -langversion:5`` rejects most newer syntax but accepts
getter-only auto-properties (``{ get; }``) and ``await`` inside ``catch``/``finally``.
This check looks for those two, and for a few other C# 6+ forms as a second line
of defence, in code with comments and string literals blanked out. It also looks
for APIs that .NET 5+ marks obsolete (SYSLIB ids) and for all-lower-case type
names (CS8981): PowerShell 7 compiles with Roslyn for .NET, where those warn, and
ansible-core's AddType turns every warning into an error.

    python tools/cs_check.py [FILE_OR_DIR ...]   (default: plugins/module_utils)

Prints one line per file and ``N passed, N failed``; exits 1 on any finding or
when no file was checked.
"""
from __future__ import annotations

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

GETTER_ONLY = re.compile(r"\{\s*get\s*;\s*\}")
INTERFACE = re.compile(r"\binterface\s+\w+")
RULES = [
    (re.compile(r"\{\s*(?:(?:private|protected|internal)\s+)?get\s*;\s*(?:(?:private|protected|internal)\s+)?set\s*;\s*\}\s*="),
     "auto-property initializer (C# 6)"),
    (re.compile(r"\binit\s*;"), "init accessor (C# 9)"),
    (re.compile(r"\$\s*@?\""), "interpolated string (C# 6)"),
    (re.compile(r"\?\.[A-Za-z_]|\?\["), "null-conditional operator '?.' or '?[' (C# 6)"),
    (re.compile(r"\bnameof\s*\("), "nameof (C# 6)"),
    (re.compile(r"\bout\s+var\b"), "out var (C# 7)"),
    (re.compile(r"\bcatch\s*(?:\([^)]*\))?\s*when\s*\("), "exception filter 'when' (C# 6)"),
    (re.compile(r"\busing\s+static\b"), "using static (C# 6)"),
]
# APIs that .NET 5+ marks [Obsolete] with a SYSLIB diagnostic id. PowerShell 7 compiles Add-Type code with Roslyn
# against .NET's reference assemblies and ansible-core's AddType makes every warning an error, so any of these fails
# the module there; Mono's mcs (Framework-like BCL) never warns about them. Sources: the SYSLIB0001..0051 pages under
# https://learn.microsoft.com/dotnet/fundamentals/syslib-diagnostics/obsoletions-overview (SYSLIB0004 lists the CER
# attributes and RuntimeHelpers methods; SYSLIB0003 code access security; SYSLIB0051 legacy serialization).
OBSOLETE = [
    (r"\bEncoding\.UTF7\b|\bUTF7Encoding\b", "SYSLIB0001", "UTF-7 encoding"),
    (r"\bPrincipalPermission(?:Attribute)?\b", "SYSLIB0002", "PrincipalPermissionAttribute"),
    (r"\b(?:SecurityPermission|SecurityAction|CodeAccessPermission|PermissionSet|FileIOPermission|"
     r"ReflectionPermission|RegistryPermission|EnvironmentPermission|UIPermission)\b", "SYSLIB0003",
     "code access security"),
    (r"\b(?:ReliabilityContract|PrePrepareMethod|Consistency\.(?:WillNotCorruptState|MayCorrupt\w*)|"
     r"Cer\.(?:MayFail|Success|None)|PrepareConstrainedRegions(?:NoOP)?|ExecuteCodeWithGuaranteedCleanup|"
     r"PrepareContractedDelegate|ProbeForSufficientStack)\b|System\.Runtime\.ConstrainedExecution\s*;",
     "SYSLIB0004", "constrained execution regions (remove the attribute or call)"),
    (r"\bGlobalAssemblyCache\b", "SYSLIB0005", "global assembly cache"),
    (r"\.Abort\s*\(\s*\)|\bResetAbort\s*\(", "SYSLIB0006", "Thread.Abort"),
    (r"\b(?:HashAlgorithm|HMAC|SymmetricAlgorithm|AsymmetricAlgorithm|KeyedHashAlgorithm)\.Create\s*\(\s*\)",
     "SYSLIB0007", "default cryptography factory"),
    (r"\bAuthenticationManager\b", "SYSLIB0009", "AuthenticationManager"),
    (r"\bBinaryFormatter\b|\bSoapFormatter\b", "SYSLIB0011", "BinaryFormatter serialization"),
    (r"\.(?:Escaped)?CodeBase\b", "SYSLIB0012", "Assembly.CodeBase"),
    (r"\bUri\.EscapeUriString\b", "SYSLIB0013", "Uri.EscapeUriString"),
    (r"\b(?:WebRequest|HttpWebRequest|FtpWebRequest|ServicePointManager|WebClient)\b", "SYSLIB0014",
     "WebRequest / WebClient"),
    (r"\bReflectionOnlyLoad(?:From)?\b", "SYSLIB0018", "reflection-only loading"),
    (r"\b(?:SHA1|SHA256|SHA384|SHA512|MD5|AesCryptoServiceProvider|RijndaelManaged|Rijndael)Managed\b|"
     r"\bRijndael\b", "SYSLIB0021/0022", "derived cryptography types"),
    (r"\bRNGCryptoServiceProvider\b", "SYSLIB0023", "RNGCryptoServiceProvider"),
    (r"\bHandleProcessCorruptedStateExceptions\b", "SYSLIB0032", "corrupted-state exception handling"),
    (r"\bRfc2898DeriveBytes\s*\(", "SYSLIB0041", "Rfc2898DeriveBytes constructors"),
    (r"\bGetObjectData\s*\(\s*SerializationInfo\b|\(\s*SerializationInfo\s+\w+\s*,\s*StreamingContext\b|"
     r"\bFormatterServices\b", "SYSLIB0050/0051", "legacy formatter-based serialization"),
]
OBSOLETE = [(re.compile(rx), "%s: %s is obsolete on .NET 5+ (a warning, so an error under PowerShell 7's Add-Type)"
             % (ids, what)) for rx, ids, what in OBSOLETE]
# Roslyn warns (CS8981, C# 11+, the default language of .NET 7+ / PowerShell 7.3+) on a type named only with lower-case
# ASCII letters: a warning, so an error under ansible-core's AddType on PowerShell 7.
LOWERCASE_TYPE = re.compile(r"\b(?:class|struct|interface|enum|delegate\s+\w+)\s+([a-z]+)\b")
MEMBER_ARROW = re.compile(
    r"^\s*(?:(?:public|private|protected|internal|static|override|virtual|sealed|abstract|new|extern|unsafe)\s+)+"
    r"[\w<>\[\],.? ]+\s+\w+\s*(?:\([^)]*\))?\s*=>", re.MULTILINE)
ACCESSOR_ARROW = re.compile(r"\b(?:get|set)\s*=>")
CATCH_OR_FINALLY = re.compile(r"\b(catch|finally)\b")
AWAIT = re.compile(r"\bawait\b")


def blank_literals(src):
    """Replace comments, strings and char literals with spaces, keeping line breaks and offsets."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        nxt = src[i + 1] if i + 1 < n else ""
        if c == "/" and nxt == "/":
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c == "/" and nxt == "*":
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == "@" and nxt == '"':
            j = i + 2
            while j < n:
                if src[j] == '"' and j + 1 < n and src[j + 1] == '"':
                    j += 2
                elif src[j] == '"':
                    j += 1
                    break
                else:
                    j += 1
            out.append("@\"" + re.sub(r"[^\n]", " ", src[i + 2:j - 1]) + "\"")
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * max(0, j - i - 2) + (c if j - i >= 2 else ""))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def block_after(code, start):
    """The text of the first {...} block at or after ``start``."""
    open_at = code.find("{", start)
    if open_at < 0:
        return ""
    depth = 0
    for k in range(open_at, len(code)):
        if code[k] == "{":
            depth += 1
        elif code[k] == "}":
            depth -= 1
            if depth == 0:
                return code[open_at:k + 1]
    return code[open_at:]


def line_of(code, pos):
    return code.count("\n", 0, pos) + 1


def check_source(src):
    code = blank_literals(src)
    problems = []
    for rx, why in RULES + OBSOLETE:
        for m in rx.finditer(code):
            problems.append("line %d: %s" % (line_of(code, m.start()), why))
    for m in LOWERCASE_TYPE.finditer(code):
        problems.append("line %d: type name '%s' is all lower-case ASCII (CS8981 on C# 11+, PowerShell 7)"
                        % (line_of(code, m.start()), m.group(1)))
    interface_spans = []
    for m in INTERFACE.finditer(code):
        body = block_after(code, m.end())
        start = code.find("{", m.end())
        interface_spans.append((start, start + len(body)))
    for m in GETTER_ONLY.finditer(code):
        line_start = code.rfind("\n", 0, m.start()) + 1
        declaration = code[line_start:m.start()]
        if any(a <= m.start() < b for a, b in interface_spans) or re.search(r"\b(abstract|extern)\b", declaration):
            continue  # interface and abstract properties are C# 1
        problems.append("line %d: getter-only auto-property '{ get; }' (C# 6); use '{ get; private set; }'"
                        % line_of(code, m.start()))
    for rx in (MEMBER_ARROW, ACCESSOR_ARROW):
        for m in rx.finditer(code):
            problems.append("line %d: expression-bodied member '=>' (C# 6)" % line_of(code, m.start()))
    for m in CATCH_OR_FINALLY.finditer(code):
        body = block_after(code, m.end())
        hit = AWAIT.search(body)
        if hit:
            problems.append("line %d: 'await' inside %s (C# 6)" % (line_of(code, m.start()), m.group(1)))
    return sorted(set(problems), key=lambda p: int(p.split()[1].rstrip(":")))


def cs_files(paths):
    out = []
    for p in paths:
        p = pathlib.Path(p)
        if p.is_dir():
            out += sorted(p.rglob("*.cs"))
        elif p.is_file():
            out.append(p)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "plugins" / "module_utils")])
    args = ap.parse_args(argv)
    passed = failed = 0
    files = cs_files(args.paths)
    for path in files:
        problems = check_source(path.read_text(encoding="utf-8"))
        if problems:
            failed += 1
            for p in problems:
                print("FAIL %s %s" % (path, p))
        else:
            passed += 1
            print("ok   %s" % path)
    if not files:
        print("no C# files found under %s" % ", ".join(args.paths))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
