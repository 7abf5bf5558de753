// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The RD Session Host user logon mode: what "change logon /enable | /disable | /drain | /drainuntilrestart"
// sets. Internal to the collection; it may change without notice.
//
// The documented interface is two read/write properties of the one Win32_TerminalServiceSetting instance in
// root\CIMv2\TerminalServices (MSDN "Win32_TerminalServiceSetting class", TSCfgWmi.mof, Server 2008+):
//   Logons (string)                  "0" new sessions are allowed, "1" new sessions are not allowed;
//   SessionBrokerDrainMode (uint32)  0 allow all connections, 1 allow reconnections but prevent new logons
//                                    until the server is restarted, 2 allow reconnections but prevent new logons.
// The class documents no Set* method for either property (it has SetAllowTSConnections, SetSingleSession, ...
// but none for logons or drain), so the change is a write of the property and IWbemServices::PutInstance
// (ManagementObject.Put). The namespace requires packet privacy (the class page says so).
// UNCONFIRMED: that the provider applies a Put of Logons at once (SessionBrokerDrainMode Puts are the common
// field report); the engine therefore reads the instance again after writing and fails if it does not show
// the requested mode.
// WTS_RCM_DRAIN_STATE (wtsdefs.h) is not a way to set or read the mode: it is what RCM hands a protocol
// provider in WTS_SERVICE_STATE (IWRdsProtocolManager::NotifyServiceStateChange), so it is not used here.
// The registry values chglogon is reported to write (TSServerDrainMode under ...\Control\Terminal Server, and
// WinStationsDisabled, a REG_SZ under HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon) are not written:
// they are not a documented interface, and whether the service notices a direct registry write is UNCONFIRMED.
// All WMI access goes through the adapter in _Wmi.cs (tests run it against tests/wmi/schema.json).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogCim;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode
{
    /// <summary>The two properties of Win32_TerminalServiceSetting that make up the logon mode, as read.</summary>
    public class LogonModeSetting
    {
        /// <summary>Win32_TerminalServiceSetting.Logons, a string: "0" allowed, "1" not allowed.</summary>
        public string Logons { get; set; }
        /// <summary>Win32_TerminalServiceSetting.SessionBrokerDrainMode: 0, 1 (until restart) or 2.</summary>
        public long DrainMode { get; set; }
        /// <summary>Win32_TerminalServiceSetting.ServerName (the key), for the result.</summary>
        public string ServerName { get; set; }
        /// <summary>Win32_TerminalServiceSetting.PolicySourceAllowTSConnections is 1: Group Policy sets the connections setting.</summary>
        public bool ConnectionsPolicy { get; set; }

        public LogonModeSetting Clone()
        {
            LogonModeSetting c = new LogonModeSetting();
            c.Logons = Logons;
            c.DrainMode = DrainMode;
            c.ServerName = ServerName;
            c.ConnectionsPolicy = ConnectionsPolicy;
            return c;
        }

        /// <summary>Logons read as a number, or null when it is not "0"/"1"-like.</summary>
        public long? LogonsValue
        {
            get
            {
                long v;
                if (Logons != null && Int64.TryParse(Logons.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out v))
                    return v;
                return null;
            }
        }

        public Hashtable ToDictionary()
        {
            Hashtable h = new Hashtable();
            h["mode"] = LogonModes.FromSetting(this);
            h["logons"] = Logons;
            h["session_broker_drain_mode"] = DrainMode;
            return h;
        }
    }

    /// <summary>
    /// What the engine asks of Windows. The native implementation is NativeTerminalServiceSettingApi; tests use a
    /// fake. Failures are thrown as LogonModeApiException with the decoded code (WBEM HRESULTs).
    /// </summary>
    public interface ITerminalServiceSettingApi
    {
        /// <summary>Reads the Win32_TerminalServiceSetting instance.</summary>
        LogonModeSetting Read();

        /// <summary>Writes Win32_TerminalServiceSetting.Logons ("0" or "1") and puts the instance.</summary>
        void PutLogons(string value);

        /// <summary>Writes Win32_TerminalServiceSetting.SessionBrokerDrainMode (0, 1 or 2) and puts the instance.</summary>
        void PutDrainMode(long value);
    }

    /// <summary>A WMI call that failed, with its decoded error.</summary>
    public class LogonModeApiException : Exception
    {
        public ErrorInfo Error { get; private set; }
        public string Operation { get; private set; }

        public LogonModeApiException(string operation, ErrorInfo error)
            : base(String.Format("{0} failed: {1}", operation, error))
        {
            Operation = operation;
            Error = error;
        }
    }

    /// <summary>A failure of the whole task, with a message fit for the user.</summary>
    public class LogonModeException : Exception
    {
        public ErrorInfo Error { get; private set; }

        public LogonModeException(string message, ErrorInfo error)
            : base(message)
        {
            Error = error;
        }
    }

    /// <summary>The module's mode names and how they map to the two properties.</summary>
    public static class LogonModes
    {
        public const string Enabled = "enabled";
        public const string Drain = "drain";
        public const string DrainUntilRestart = "drain_until_restart";
        public const string Disabled = "disabled";
        public static readonly string[] Names = new string[] { Enabled, Drain, DrainUntilRestart, Disabled };

        /// <summary>SessionBrokerDrainMode values (Win32_TerminalServiceSetting page).</summary>
        public const long DrainOff = 0;
        public const long DrainUntilRestartValue = 1;
        public const long DrainOn = 2;

        public static bool IsName(string name)
        {
            return name != null && Array.IndexOf(Names, name) >= 0;
        }

        /// <summary>
        /// The mode a setting amounts to. Logons "1" refuses every new session, reconnections included (change logon
        /// /disable), whatever SessionBrokerDrainMode holds; with Logons "0" the drain mode decides. A value outside
        /// the documented ones gives "unknown".
        /// </summary>
        public static string FromSetting(LogonModeSetting s)
        {
            long? logons = s.LogonsValue;
            if (logons == 1)
                return Disabled;
            if (logons != 0)
                return "unknown";
            if (s.DrainMode == DrainOff)
                return Enabled;
            if (s.DrainMode == DrainUntilRestartValue)
                return DrainUntilRestart;
            if (s.DrainMode == DrainOn)
                return Drain;
            return "unknown";
        }

        /// <summary>
        /// The setting that gives a mode, starting from the current one: disabled only sets Logons and keeps the
        /// drain mode as it is (it does not matter while logons are disabled, and keeping it means less to restore).
        /// </summary>
        public static LogonModeSetting Target(string mode, LogonModeSetting current)
        {
            LogonModeSetting t = current.Clone();
            switch (mode)
            {
                case Enabled:
                    t.Logons = "0";
                    t.DrainMode = DrainOff;
                    break;
                case Drain:
                    t.Logons = "0";
                    t.DrainMode = DrainOn;
                    break;
                case DrainUntilRestart:
                    t.Logons = "0";
                    t.DrainMode = DrainUntilRestartValue;
                    break;
                case Disabled:
                    t.Logons = "1";
                    break;
                default:
                    throw new ArgumentException(String.Format("mode must be one of {0}, got '{1}'",
                        String.Join(", ", Names), mode));
            }
            return t;
        }

        /// <summary>
        /// Why a write of the mode may be refused or undone: Group Policy sets the Remote Desktop connections setting
        /// (Win32_TerminalServiceSetting.PolicySourceAllowTSConnections = 1, "configured by ... group policy"). change logon
        /// then answers "Connections are currently ENABLED by Group Policy for this machine, unable to change", and the
        /// mode goes back at the next policy refresh (Citrix CTX134641). Empty when the setting is the server's own.
        /// </summary>
        public static string PolicyHint(LogonModeSetting s)
        {
            if (s == null || !s.ConnectionsPolicy)
                return "";
            return ". Group Policy holds the Remote Desktop connections setting on this host (PolicySourceAllowTSConnections = 1): "
                + "the policy 'Allow users to connect remotely by using Remote Desktop Services' (Computer Configuration\\Administrative "
                + "Templates\\Windows Components\\Remote Desktop Services\\Remote Desktop Session Host\\Connections, registry value "
                + "fDenyTSConnections) decides the logon mode; set it to Not Configured for this host, or change the mode "
                + "where the policy is managed";
        }

        /// <summary>What users see in each mode, for messages.</summary>
        public static string Describe(string mode)
        {
            switch (mode)
            {
                case Enabled: return "new logons and reconnections allowed";
                case Drain: return "reconnections allowed, new logons refused";
                case DrainUntilRestart: return "reconnections allowed, new logons refused until the next restart";
                case Disabled: return "new client logons refused, reconnections included";
                default: return "a setting this module does not know";
            }
        }
    }

    /// <summary>The options of rds_logon_mode.</summary>
    public class LogonModeRequest
    {
        /// <summary>enabled, drain, drain_until_restart or disabled.</summary>
        public string Mode { get; set; }

        public void Validate()
        {
            if (String.IsNullOrEmpty(Mode))
                throw new ArgumentException(String.Format("mode is required: one of {0}", String.Join(", ", LogonModes.Names)));
            if (!LogonModes.IsName(Mode))
                throw new ArgumentException(String.Format("mode must be one of {0}, got '{1}'",
                    String.Join(", ", LogonModes.Names), Mode));
        }
    }

    /// <summary>One property write the engine made or planned.</summary>
    public class LogonModeStep
    {
        public string Property { get; set; }
        public object Before { get; set; }
        public object After { get; set; }
        /// <summary>done, planned (check mode) or failed.</summary>
        public string Status { get; set; }

        public Hashtable ToDictionary()
        {
            Hashtable h = new Hashtable();
            h["property"] = Property;
            h["before"] = Before;
            h["after"] = After;
            h["status"] = Status;
            return h;
        }
    }

    /// <summary>What a run produced.</summary>
    public class LogonModeResult
    {
        public LogonModeSetting Before { get; set; }
        /// <summary>As read back after the writes; in check mode, the planned setting.</summary>
        public LogonModeSetting After { get; set; }
        public bool Changed { get; set; }
        public bool Failed { get; set; }
        public string Message { get; set; }
        public ErrorInfo Error { get; set; }
        public List<LogonModeStep> Steps { get; private set; }
        public List<string> Warnings { get; private set; }

        public LogonModeResult()
        {
            Steps = new List<LogonModeStep>();
            Warnings = new List<string>();
        }

        public string PreviousMode
        {
            get { return LogonModes.FromSetting(Before); }
        }

        public string Mode
        {
            get { return LogonModes.FromSetting(After); }
        }

        public ArrayList StepList()
        {
            ArrayList l = new ArrayList();
            foreach (LogonModeStep s in Steps)
                l.Add(s.ToDictionary());
            return l;
        }
    }

    /// <summary>Reads and sets the logon mode. All Windows access goes through ITerminalServiceSettingApi.</summary>
    public class LogonModeEngine
    {
        public const string Namespace = "root\\CIMv2\\TerminalServices";
        public const string ClassName = "Win32_TerminalServiceSetting";
        public const long WbemInvalidNamespace = 0x8004100EL;
        public const long WbemInvalidClass = 0x80041010L;

        private readonly ITerminalServiceSettingApi api;

        public LogonModeEngine(ITerminalServiceSettingApi api)
        {
            this.api = api;
        }

        public static LogonModeEngine CreateNative()
        {
            return new LogonModeEngine(new NativeTerminalServiceSettingApi());
        }

        /// <summary>The current setting (rds_logon_mode_info, and the first step of Set).</summary>
        public LogonModeSetting Read()
        {
            try
            {
                return api.Read();
            }
            catch (LogonModeApiException e)
            {
                if (e.Error != null && (e.Error.Code == WbemInvalidNamespace || e.Error.Code == WbemInvalidClass))
                    throw new LogonModeException(String.Format(
                        "Cannot read the logon mode: {0} in {1} is not available on this host ({2}); it comes with Remote Desktop Services on Windows Server 2008 and later",
                        ClassName, Namespace, e.Error), e.Error);
                throw new LogonModeException(String.Format("Cannot read the logon mode from {0} in {1}: {2}",
                    ClassName, Namespace, e.Error), e.Error);
            }
        }

        /// <summary>
        /// Sets the mode. Idempotent: only properties that differ are written. When both change, the write that
        /// refuses more comes first (Logons "1" before the drain mode; the drain mode before Logons "0"), so at no
        /// moment does the host accept more than both the old and the new mode allow. After writing, the instance is
        /// read again and the run fails unless it shows the requested mode. Check mode reads and plans only.
        /// </summary>
        public LogonModeResult Set(LogonModeRequest request, bool checkMode)
        {
            request.Validate();
            LogonModeResult result = new LogonModeResult();
            LogonModeSetting before = Read();
            result.Before = before;
            LogonModeSetting target = LogonModes.Target(request.Mode, before);
            string previous = LogonModes.FromSetting(before);
            if (previous == "unknown")
                result.Warnings.Add(String.Format(CultureInfo.InvariantCulture,
                    "{0} held a value this module does not know (Logons '{1}', SessionBrokerDrainMode {2}); it is replaced",
                    ClassName, before.Logons, before.DrainMode));

            bool logonsDiffer = before.LogonsValue != target.LogonsValue;
            bool drainDiffers = before.DrainMode != target.DrainMode;
            LogonModeStep logons = null;
            LogonModeStep drain = null;
            if (logonsDiffer)
            {
                logons = new LogonModeStep();
                logons.Property = "Logons";
                logons.Before = before.Logons;
                logons.After = target.Logons;
            }
            if (drainDiffers)
            {
                drain = new LogonModeStep();
                drain.Property = "SessionBrokerDrainMode";
                drain.Before = before.DrainMode;
                drain.After = target.DrainMode;
            }
            // Refuse more first: disabling logons goes before any drain change; enabling them goes after.
            if (logons != null && target.Logons == "1")
            {
                result.Steps.Add(logons);
                if (drain != null)
                    result.Steps.Add(drain);
            }
            else
            {
                if (drain != null)
                    result.Steps.Add(drain);
                if (logons != null)
                    result.Steps.Add(logons);
            }

            if (result.Steps.Count == 0)
            {
                result.After = before;
                result.Message = String.Format("the logon mode is already {0} ({1})", request.Mode, LogonModes.Describe(request.Mode));
                return result;
            }
            if (checkMode)
            {
                foreach (LogonModeStep s in result.Steps)
                    s.Status = "planned";
                result.After = target;
                result.Changed = true;
                result.Message = String.Format("the logon mode would change from {0} to {1} ({2})", previous, request.Mode,
                    LogonModes.Describe(request.Mode));
                return result;
            }

            foreach (LogonModeStep s in result.Steps)
            {
                try
                {
                    if (s == logons)
                        api.PutLogons(target.Logons);
                    else
                        api.PutDrainMode(target.DrainMode);
                    s.Status = "done";
                    result.Changed = true;
                }
                catch (LogonModeApiException e)
                {
                    s.Status = "failed";
                    result.Failed = true;
                    result.Error = e.Error;
                    result.Message = String.Format(CultureInfo.InvariantCulture,
                        "Setting the logon mode to {0} failed: writing {1}.{2} = {3} failed: {4}", request.Mode, ClassName,
                        s.Property, FormatValue(s.After), e.Error);
                    break;
                }
            }

            LogonModeSetting after;
            try
            {
                after = api.Read();
            }
            catch (LogonModeApiException e)
            {
                result.After = before;
                if (!result.Failed)
                {
                    result.Failed = true;
                    result.Error = e.Error;
                    result.Message = String.Format("The logon mode was written but could not be read back to confirm it: {0}", e.Error);
                }
                return result;
            }
            result.After = after;
            if (result.Failed)
            {
                result.Message += String.Format(". The host now reports {0} (Logons '{1}', SessionBrokerDrainMode {2}); the previous mode was {3}",
                    LogonModes.FromSetting(after), after.Logons, after.DrainMode, previous) + LogonModes.PolicyHint(after);
                return result;
            }
            string now = LogonModes.FromSetting(after);
            if (now != request.Mode)
            {
                result.Failed = true;
                result.Message = String.Format(CultureInfo.InvariantCulture,
                    "Windows accepted the writes but {0} now reports {1} (Logons '{2}', SessionBrokerDrainMode {3}), not {4}",
                    ClassName, now, after.Logons, after.DrainMode, request.Mode) + LogonModes.PolicyHint(after);
                return result;
            }
            result.Message = String.Format("the logon mode changed from {0} to {1} ({2})", previous, request.Mode,
                LogonModes.Describe(request.Mode));
            if (after.ConnectionsPolicy)
                result.Warnings.Add("the logon mode may go back at the next Group Policy refresh" + LogonModes.PolicyHint(after));
            return result;
        }

        private static string FormatValue(object v)
        {
            string s = v as string;
            if (s != null)
                return "'" + s + "'";
            return Convert.ToString(v, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The Windows side: Win32_TerminalServiceSetting through the WMI adapter (_Wmi.cs). Translation only.</summary>
    public class NativeTerminalServiceSettingApi : ITerminalServiceSettingApi
    {
        private readonly IWmi wmi;

        public NativeTerminalServiceSettingApi()
            : this(Wmi.Open())
        {
        }

        public NativeTerminalServiceSettingApi(IWmi wmi)
        {
            this.wmi = wmi;
        }

        private Hashtable Instance(string operation)
        {
            try
            {
                List<Hashtable> items = wmi.Query(LogonModeEngine.Namespace, "SELECT * FROM " + LogonModeEngine.ClassName);
                if (items.Count == 0)
                    // WBEM_E_NOT_FOUND: the class is there but holds no instance.
                    throw new WmiException(WmiException.NotFound);
                return items[0];
            }
            catch (WmiException e)
            {
                throw new LogonModeApiException(operation, ErrorCatalog.FromHResult(e.HResult));
            }
        }

        public LogonModeSetting Read()
        {
            string operation = "reading " + LogonModeEngine.ClassName + " in " + LogonModeEngine.Namespace;
            Hashtable mo = Instance(operation);
            try
            {
                LogonModeSetting s = new LogonModeSetting();
                object logons = mo["Logons"];
                s.Logons = logons == null ? null : Convert.ToString(logons, CultureInfo.InvariantCulture);
                object drain = mo["SessionBrokerDrainMode"];
                s.DrainMode = drain == null ? 0 : Convert.ToInt64(drain, CultureInfo.InvariantCulture);
                object server = mo["ServerName"];
                s.ServerName = server == null ? null : server.ToString();
                // "configured by the server (0) or by group policy (1)"; optional: a provider without it says nothing
                object source = mo["PolicySourceAllowTSConnections"];
                s.ConnectionsPolicy = source != null && Convert.ToInt64(source, CultureInfo.InvariantCulture) == 1;
                return s;
            }
            catch (WmiException e)
            {
                throw new LogonModeApiException(operation, ErrorCatalog.FromHResult(e.HResult));
            }
        }

        public void PutLogons(string value)
        {
            Put("Logons", value);
        }

        public void PutDrainMode(long value)
        {
            Put("SessionBrokerDrainMode", (uint)value);
        }

        private void Put(string property, object value)
        {
            string operation = String.Format("writing {0}.{1}", LogonModeEngine.ClassName, property);
            Hashtable mo = Instance(operation);
            Dictionary<string, object> change = new Dictionary<string, object>();
            change[property] = value;
            try
            {
                wmi.Put(LogonModeEngine.Namespace, (string)mo["__PATH"], change, false);
            }
            catch (WmiException e)
            {
                throw new LogonModeApiException(operation, ErrorCatalog.FromHResult(e.HResult));
            }
        }
    }
}
