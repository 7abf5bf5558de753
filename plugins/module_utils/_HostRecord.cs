// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// Undo records kept on the host: a module that changes something to keep sessions ended (the RDS logon mode, an
// iSCSI target's access) records what it found before its first change, and its undo puts that back and clears the
// record. The record lives on the host, so the undo needs no fact cache and works from any controller or AWX job.
// Internal to the collection; it may change without notice.
//
// Production store: string values (REG_SZ) under HKLM\SOFTWARE\sessionctl.windows\Records, opened in the 64-bit
// registry view. HKLM\SOFTWARE is redirected for 32-bit processes on 64-bit Windows (WOW6432Node); the 64-bit view
// makes a 32-bit PowerShell read and write the same key as a 64-bit one. Microsoft Learn, "RegistryView Enum": "On
// the 64-bit version of Windows, portions of the registry are stored separately for 32-bit and 64-bit applications
// [...] If you request a 64-bit view on a 32-bit operating system, the returned keys will be in the 32-bit view."
// (https://learn.microsoft.com/dotnet/api/microsoft.win32.registryview) and "RegistryKey.OpenBaseKey(RegistryHive,
// RegistryView)" (https://learn.microsoft.com/dotnet/api/microsoft.win32.registrykey.openbasekey); the keys WOW64
// redirects: Microsoft Learn, "Registry Keys Affected by WOW64" (HKLM\SOFTWARE is redirected).
// Writing under HKLM needs an administrator; a refusal surfaces as UnauthorizedAccessException or SecurityException
// (the exceptions RegistryKey.CreateSubKey / SetValue / DeleteValue document) and is reported as ERROR_ACCESS_DENIED.
using System;
using System.IO;
using System.Security;
using Microsoft.Win32;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord
{
    /// <summary>Named string records on the host. Names are the modules' own (e.g. "rds_logon_mode").</summary>
    public interface IHostRecordStore
    {
        /// <summary>The record's value, or null when there is none.</summary>
        string Get(string name);

        /// <summary>
        /// Writes the record only when there is none: a re-run never overwrites what the first run found. True when
        /// it was written, false when a record was already there (it is kept as it was).
        /// </summary>
        bool SetIfAbsent(string name, string value);

        /// <summary>Removes the record. True when one was removed, false when there was none.</summary>
        bool Clear(string name);

        /// <summary>Where the records are, for messages and results (e.g. HKLM\SOFTWARE\sessionctl.windows\Records).</summary>
        string Location { get; }
    }

    /// <summary>A record store call that failed; Error is the decoded Windows error (null when there is none).</summary>
    public class HostRecordException : Exception
    {
        public string Operation { get; private set; }
        public ErrorInfo Error { get; private set; }

        public HostRecordException(string operation, ErrorInfo error, string message, Exception inner)
            : base(message, inner)
        {
            Operation = operation;
            Error = error;
        }
    }

    /// <summary>Name checks and error messages shared by every store.</summary>
    public static class HostRecords
    {
        /// <summary>The key under HKEY_LOCAL_MACHINE that holds the records.</summary>
        public const string KeyPath = @"SOFTWARE\sessionctl.windows\Records";
        /// <summary>The registry's limit on a value name (Microsoft Learn, "Registry Element Size Limits": 16,383 characters).</summary>
        public const int MaxNameLength = 16383;
        /// <summary>Where the modules get their store: the registry unless Factory is set (tests set a managed fake,
        /// so no test writes the host's, or Mono's, HKLM).</summary>
        public static Func<IHostRecordStore> Factory;

        public static IHostRecordStore Open()
        {
            return Factory != null ? Factory() : new RegistryHostRecordStore();
        }

        /// <summary>Refuses a name the registry cannot hold or that would read as the key's default value.</summary>
        public static void CheckName(string name)
        {
            if (String.IsNullOrEmpty(name))
                throw new ArgumentException("a host record needs a name: an empty name is the registry key's default value");
            if (name.Length > MaxNameLength)
                throw new ArgumentException(String.Format("the host record name is {0} characters long; the registry " +
                    "allows at most {1}", name.Length, MaxNameLength));
        }

        /// <summary>Refuses a null value (an empty string is a value and is kept).</summary>
        public static void CheckValue(string name, string value)
        {
            if (value == null)
                throw new ArgumentNullException("value", String.Format("the host record '{0}' needs a value", name));
        }

        /// <summary>The Windows error behind a registry exception, decoded; null when it carries none.</summary>
        public static ErrorInfo ErrorOf(Exception e)
        {
            if (e is UnauthorizedAccessException || e is SecurityException)
                return ErrorCatalog.FromWin32(5);   // ERROR_ACCESS_DENIED
            if (e is IOException && ((uint)e.HResult & 0xFFFF0000u) == 0x80070000u)
                return ErrorCatalog.FromHResult(e.HResult);
            return null;
        }

        /// <summary>
        /// The exception a store throws when a registry call failed: what it did, on which record, where, the
        /// Windows error decoded, and for access denied the cause and fix.
        /// </summary>
        public static HostRecordException Failure(string operation, string name, string location, Exception e)
        {
            ErrorInfo error = ErrorOf(e);
            string detail = error != null ? error.ToString() : e.Message;
            string msg = String.Format("could not {0} the host record '{1}' in {2}: {3}", operation, name, location, detail);
            if (error != null && error.Code == 5)
                msg += ". Writing under HKEY_LOCAL_MACHINE needs a member of the Administrators group with a full " +
                    "(elevated) token; run the task as such an account (become: true with become_method: runas, or " +
                    "an administrator account)";
            return new HostRecordException(operation, error, msg, e);
        }
    }

    /// <summary>
    /// The production store: REG_SZ values under HKLM\SOFTWARE\sessionctl.windows\Records in the 64-bit view.
    /// The second constructor takes another base key (tests use it with a scratch key).
    /// </summary>
    public class RegistryHostRecordStore : IHostRecordStore
    {
        private readonly Func<RegistryKey> openBase;
        private readonly string path;
        private readonly string location;

        public RegistryHostRecordStore()
            : this(OpenLocalMachine64, HostRecords.KeyPath, @"HKLM\" + HostRecords.KeyPath + " (64-bit registry view)")
        {
        }

        /// <summary>openBase opens the base key (the store disposes it); path is the records key below it.</summary>
        public RegistryHostRecordStore(Func<RegistryKey> openBase, string path, string location)
        {
            this.openBase = openBase;
            this.path = path;
            this.location = location;
        }

        public string Location
        {
            get { return location; }
        }

        private static RegistryKey OpenLocalMachine64()
        {
            return RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64);
        }

        public string Get(string name)
        {
            HostRecords.CheckName(name);
            try
            {
                using (RegistryKey root = openBase())
                using (RegistryKey key = root.OpenSubKey(path, false))
                {
                    if (key == null)
                        return null;
                    object value = key.GetValue(name, null, RegistryValueOptions.DoNotExpandEnvironmentNames);
                    if (value == null)
                        return null;
                    string s = value as string;
                    if (s == null)
                        throw new HostRecordException("read", null, String.Format("the host record '{0}' in {1} is a {2}, " +
                            "not a string (REG_SZ): it was not written by this collection; remove it by hand", name, location,
                            key.GetValueKind(name)), null);
                    return s;
                }
            }
            catch (HostRecordException)
            {
                throw;
            }
            catch (Exception e)
            {
                if (!IsRegistryError(e))
                    throw;
                throw HostRecords.Failure("read", name, location, e);
            }
        }

        public bool SetIfAbsent(string name, string value)
        {
            HostRecords.CheckName(name);
            HostRecords.CheckValue(name, value);
            // Not atomic against another writer of the same name at the same moment (the registry has no
            // compare-and-set on values); the modules that write a record do not run concurrently on one host.
            if (Get(name) != null)
                return false;
            try
            {
                using (RegistryKey root = openBase())
                using (RegistryKey key = root.CreateSubKey(path, RegistryKeyPermissionCheck.ReadWriteSubTree))
                {
                    key.SetValue(name, value, RegistryValueKind.String);
                }
                return true;
            }
            catch (Exception e)
            {
                if (!IsRegistryError(e))
                    throw;
                throw HostRecords.Failure("write", name, location, e);
            }
        }

        public bool Clear(string name)
        {
            HostRecords.CheckName(name);
            try
            {
                using (RegistryKey root = openBase())
                using (RegistryKey key = root.OpenSubKey(path, true))
                {
                    if (key == null || key.GetValue(name) == null)
                        return false;
                    key.DeleteValue(name, false);
                    return true;
                }
            }
            catch (Exception e)
            {
                if (!IsRegistryError(e))
                    throw;
                throw HostRecords.Failure("clear", name, location, e);
            }
        }

        private static bool IsRegistryError(Exception e)
        {
            return e is UnauthorizedAccessException || e is SecurityException || e is IOException;
        }
    }
}
