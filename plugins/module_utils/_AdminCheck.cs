// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The administrator pre-check of the modules that need an administrator (the iSCSI modules, rds_logon_mode):
// before any other Windows call, a token without the Administrators group fails the module with a message that
// names the cause and the fixes. Internal to the collection; it may change without notice.
using System;
using ansible_collections.sessionctl.windows.plugins.module_utils._AccessToken;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._AdminCheck
{
    /// <summary>Pure functions over the token facts (tests drive them with hand-made facts), and the runners' one call.</summary>
    public static class AdminCheck
    {
        /// <summary>
        /// Null when the token has BUILTIN\Administrators enabled, or when that is unknown (the module then goes
        /// ahead and a refused call gets AccessDeniedHint). Otherwise a message for a module that needs an
        /// administrator: it names the cause (a filtered token, or no administrator rights) and the fixes.
        /// </summary>
        public static string AdministratorProblem(TokenFacts f, string what)
        {
            if (f == null || !f.IsAdministrator.HasValue || f.IsAdministrator.Value)
                return null;
            string cause;
            if (f.ElevationType == TokenElevationKind.Limited)
                cause = "its token is filtered (User Account Control gave it the Administrators group as deny-only, " +
                    "as it does for a local administrator account that logs on over the network)";
            else if (f.IsLocalAccount == true)
                cause = "its token does not have the Administrators group enabled: the account is not an administrator, " +
                    "or it is a local administrator whose network logon User Account Control filtered";
            else
                cause = "its token does not have the Administrators group enabled (the account is not an administrator " +
                    "of this host)";
            return String.Format("{0} needs a member of the Administrators group with a full token, and the module's " +
                "logon ({1}) is not one: {2}. Nothing was changed. {3}", what, f.Describe(), cause, PrivilegeHints.AdministratorFixes());
        }

        /// <summary>
        /// For a module runner at start, after the arguments are validated and before any other Windows call: null to
        /// go ahead, or the message to fail with (module.FailJson). Runners pass new NativeAccessToken(); tests a fake.
        /// </summary>
        public static string RequireAdministrator(IAccessToken token, string module)
        {
            return AdministratorProblem(PrivilegeHints.ReadOrUnknown(token), module);
        }

        /// <summary>
        /// For a module runner that needs an administrator, right after its options are validated: fails the module
        /// (fail is its FailJson) before any other Windows call when its token lacks the Administrators group, naming
        /// the cause and the fixes, and returns false; true to go on. native: the module runs on the real Windows
        /// API, so the token is read; false (fakes): only PrivilegeHints.TokenOverride is checked.
        /// </summary>
        public static bool RequireAdministrator(bool native, string name, Action<string> fail)
        {
            string problem = RequireAdministrator(PrivilegeHints.TokenFor(native), name);
            if (problem == null)
                return true;
            fail(problem);
            return false;
        }
    }
}
