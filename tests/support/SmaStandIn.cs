// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Test-only stand-in for the few System.Management.Automation types that ansible-core's Ansible.Basic.cs
// names, so that the real Ansible.Basic compiles and runs under Mono on a machine without PowerShell.
//
// There is no runspace here: Runspace.DefaultRunspace is always null, so Ansible.Basic takes its plain
// .NET paths (arguments read from the file named in args[0], JSON written with JavaScriptSerializer,
// Exit through the settable AnsibleModule.Exit delegate). ScriptBlock is only reached with a runspace
// or with _DebugArgSpec; it throws so that a test would notice if that ever changed.
// Never shipped: it lives under tests/ and is compiled into a throw-away assembly by tools/ansible_basic.sh.
using System;
using System.Collections.ObjectModel;

namespace System.Management.Automation
{
    public class PSObject
    {
        private readonly object baseObject;

        public PSObject(object obj)
        {
            baseObject = obj;
        }

        public object BaseObject
        {
            get { return baseObject; }
        }
    }

    public class ScriptBlock
    {
        public static ScriptBlock Create(string script)
        {
            throw new NotSupportedException("no PowerShell runspace in the test harness: " + script);
        }

        public Collection<PSObject> Invoke(params object[] args)
        {
            throw new NotSupportedException("no PowerShell runspace in the test harness");
        }
    }

    public class InvocationInfo
    {
        public string PositionMessage
        {
            get { return ""; }
        }
    }

    public class ErrorCategoryInfo
    {
        public override string ToString()
        {
            return "NotSpecified";
        }
    }

    public class ErrorRecord
    {
        private readonly Exception exception;

        public ErrorRecord(Exception exception)
        {
            this.exception = exception;
        }

        public Exception Exception
        {
            get { return exception; }
        }

        public InvocationInfo InvocationInfo
        {
            get { return new InvocationInfo(); }
        }

        public ErrorCategoryInfo CategoryInfo
        {
            get { return new ErrorCategoryInfo(); }
        }

        public string FullyQualifiedErrorId
        {
            get { return exception.GetType().FullName; }
        }

        public string ScriptStackTrace
        {
            get { return ""; }
        }

        public override string ToString()
        {
            return exception.Message;
        }
    }
}

namespace System.Management.Automation.Runspaces
{
    public class Runspace
    {
        public static Runspace DefaultRunspace
        {
            get { return null; }
        }
    }
}
