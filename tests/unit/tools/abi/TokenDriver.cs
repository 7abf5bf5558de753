// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Reads the token through the unmodified NativeAccessToken against fake_token_api.c and prints what it saw.
using System;
using System.Runtime.InteropServices;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;
using ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck;

public static class TokenDriver
{
    [DllImport("advapi32.dll")]
    private static extern int FakeCounters(int which);

    public static int Main()
    {
        TokenFacts f = new NativeAccessToken().Read();
        Console.WriteLine("elevation_type=" + f.ElevationType);
        Console.WriteLine("is_elevated=" + f.IsElevated);
        Console.WriteLine("is_administrator=" + f.IsAdministrator);
        Console.WriteLine("is_local_account=" + (f.IsLocalAccount.HasValue ? f.IsLocalAccount.Value.ToString() : "null"));
        Console.WriteLine("impersonation=" + f.ImpersonationLevel);
        Console.WriteLine("logon_type=" + f.LogonType);
        Console.WriteLine("package=" + (f.AuthenticationPackage ?? "null"));
        Console.WriteLine("user=" + (f.UserName ?? "null"));
        Console.WriteLine("read_error=" + (f.ReadError ?? "null"));
        Console.WriteLine("forwarding=" + f.Forwarding);
        Console.WriteLine("admin_problem=" + (AdminCheck.AdministratorProblem(f, "m") != null));
        Console.WriteLine("open_tokens=" + FakeCounters(0));
        Console.WriteLine("lsa_allocs=" + FakeCounters(1));
        Console.WriteLine("lsa_frees=" + FakeCounters(2));
        return 0;
    }
}
