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
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;
using ansible_collections.sessionctl.windows.plugins.module_utils._HostRecord;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode
{
    /// <summary>The two properties of Win32_TerminalServiceSetting that make up the logon mode, as read.</summary>
    public class RdsLogonModeSetting
    {
        /// <summary>Win32_TerminalServiceSetting.Logons, a string: "0" allowed, "1" not allowed.</summary>
        public string Logons { get; set; }
        /// <summary>Win32_TerminalServiceSetting.SessionBrokerDrainMode: 0, 1 (until restart) or 2.</summary>
        public long DrainMode { get; set; }
        /// <summary>Win32_TerminalServiceSetting.ServerName (the key), for the result.</summary>
        public string ServerName { get; set; }
        /// <summary>Win32_TerminalServiceSetting.PolicySourceAllowTSConnections is 1: Group Policy sets the connections setting.</summary>
        public bool ConnectionsPolicy { get; set; }

        public RdsLogonModeSetting Clone()
        {
            RdsLogonModeSetting c = new RdsLogonModeSetting();
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
            h["mode"] = RdsLogonModes.FromSetting(this);
            h["logons"] = Logons;
            h["session_broker_drain_mode"] = DrainMode;
            return h;
        }
    }

    /// <summary>
    /// What the engine asks of Windows. The native implementation is NativeTerminalServiceSettingApi; tests use a
    /// fake. Failures are thrown as RdsLogonModeApiException with the decoded code (WBEM HRESULTs).
    /// </summary>
    public interface ITerminalServiceSettingApi
    {
        /// <summary>Reads the Win32_TerminalServiceSetting instance.</summary>
        RdsLogonModeSetting Read();

        /// <summary>Writes Win32_TerminalServiceSetting.Logons ("0" or "1") and puts the instance.</summary>
        void PutLogons(string value);

        /// <summary>Writes Win32_TerminalServiceSetting.SessionBrokerDrainMode (0, 1 or 2) and puts the instance.</summary>
        void PutDrainMode(long value);
    }

    /// <summary>A WMI call that failed, with its decoded error.</summary>
    public class RdsLogonModeApiException : Exception
    {
        public ErrorInfo Error { get; private set; }
        public string Operation { get; private set; }

        public RdsLogonModeApiException(string operation, ErrorInfo error)
            : base(String.Format("{0} failed: {1}", operation, error))
        {
            Operation = operation;
            Error = error;
        }
    }

    /// <summary>A failure of the whole task, with a message fit for the user.</summary>
    public class RdsLogonModeException : Exception
    {
        public ErrorInfo Error { get; private set; }

        public RdsLogonModeException(string message, ErrorInfo error)
            : base(message)
        {
            Error = error;
        }
    }

    /// <summary>The module's mode names and how they map to the two properties.</summary>
    public static class RdsLogonModes
    {
        public const string Enabled = "enabled";
        public const string Drain = "drain";
        public const string DrainUntilRestart = "drain_until_restart";
        public const string Disabled = "disabled";
        public static readonly string[] Names = new string[] { Enabled, Drain, DrainUntilRestart, Disabled };
        /// <summary>Not a mode: the option value that puts back the recorded one.</summary>
        public const string Restore = "restore";
        /// <summary>The choices of the mode option.</summary>
        public static readonly string[] Options = new string[] { Enabled, Drain, DrainUntilRestart, Disabled, Restore };

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
        public static string FromSetting(RdsLogonModeSetting s)
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
        public static RdsLogonModeSetting Target(string mode, RdsLogonModeSetting current)
        {
            RdsLogonModeSetting t = current.Clone();
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
        public static string PolicyHint(RdsLogonModeSetting s)
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
    public class RdsLogonModeRequest
    {
        /// <summary>enabled, drain, drain_until_restart, disabled, or restore (the recorded mode).</summary>
        public string Mode { get; set; }

        public void Validate()
        {
            if (String.IsNullOrEmpty(Mode))
                throw new ArgumentException(String.Format("mode is required: one of {0}", String.Join(", ", RdsLogonModes.Options)));
            if (Array.IndexOf(RdsLogonModes.Options, Mode) < 0)
                throw new ArgumentException(String.Format("mode must be one of {0}, got '{1}'",
                    String.Join(", ", RdsLogonModes.Options), Mode));
        }
    }

    /// <summary>One property write the engine made or planned.</summary>
    public class RdsLogonModeStep
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
    public class RdsLogonModeResult
    {
        public RdsLogonModeSetting Before { get; set; }
        /// <summary>As read back after the writes; in check mode, the planned setting.</summary>
        public RdsLogonModeSetting After { get; set; }
        public bool Changed { get; set; }
        public bool Failed { get; set; }
        public string Message { get; set; }
        public ErrorInfo Error { get; set; }
        public List<RdsLogonModeStep> Steps { get; private set; }
        public List<string> Warnings { get; private set; }
        /// <summary>The undo record this run found, wrote or (check mode) would write; null when none.</summary>
        public RdsLogonModeSetting Recorded { get; set; }
        /// <summary>What happened to the record (RdsLogonModeRecords.Created, Kept, ...); null without a store.</summary>
        public string RecordAction { get; set; }

        public RdsLogonModeResult()
        {
            Steps = new List<RdsLogonModeStep>();
            Warnings = new List<string>();
        }

        public string PreviousMode
        {
            get { return RdsLogonModes.FromSetting(Before); }
        }

        public string Mode
        {
            get { return RdsLogonModes.FromSetting(After); }
        }

        public ArrayList StepList()
        {
            ArrayList l = new ArrayList();
            foreach (RdsLogonModeStep s in Steps)
                l.Add(s.ToDictionary());
            return l;
        }
    }

    /// <summary>
    /// The undo record of rds_logon_mode (plugins/module_utils/_HostRecord.cs): the setting found before the first
    /// change, as "mode=enabled;session_broker_drain_mode=0;logons=0" (logons last, as it is a free string). The mode
    /// is there for people reading the registry; restore writes the two properties back as recorded.
    /// </summary>
    public static class RdsLogonModeRecords
    {
        public const string Name = "rds_logon_mode";
        public const string None = "none";
        public const string Created = "created";
        public const string Kept = "kept";
        public const string Cleared = "cleared";
        public const string WouldCreate = "would_create";
        public const string WouldClear = "would_clear";

        private const string ModeKey = "mode=";
        private const string DrainKey = ";session_broker_drain_mode=";
        private const string LogonsKey = ";logons=";

        public static string Format(RdsLogonModeSetting s)
        {
            return ModeKey + RdsLogonModes.FromSetting(s) + DrainKey + s.DrainMode.ToString(CultureInfo.InvariantCulture) +
                LogonsKey + s.Logons;
        }

        /// <summary>The setting a record holds, or null when the value is not one Format wrote.</summary>
        public static RdsLogonModeSetting Parse(string value)
        {
            if (value == null || !value.StartsWith(ModeKey, StringComparison.Ordinal))
                return null;
            int drain = value.IndexOf(DrainKey, StringComparison.Ordinal);
            int logons = drain < 0 ? -1 : value.IndexOf(LogonsKey, drain, StringComparison.Ordinal);
            if (logons < 0)
                return null;
            string drainText = value.Substring(drain + DrainKey.Length, logons - drain - DrainKey.Length);
            long drainMode;
            if (!Int64.TryParse(drainText, NumberStyles.None, CultureInfo.InvariantCulture, out drainMode))
                return null;
            RdsLogonModeSetting s = new RdsLogonModeSetting();
            s.DrainMode = drainMode;
            s.Logons = value.Substring(logons + LogonsKey.Length);
            return s;
        }
    }

    /// <summary>Reads and sets the logon mode. All Windows access goes through ITerminalServiceSettingApi.</summary>
    public class RdsLogonModeEngine
    {
        public const string Namespace = "root\\CIMv2\\TerminalServices";
        public const string ClassName = "Win32_TerminalServiceSetting";
        public const long WbemInvalidNamespace = 0x8004100EL;
        public const long WbemInvalidClass = 0x80041010L;

        private readonly ITerminalServiceSettingApi api;
        private readonly IHostRecordStore records;

        /// <summary>An engine that only reads (rds_logon_mode_info) or sets without an undo record.</summary>
        public RdsLogonModeEngine(ITerminalServiceSettingApi api)
            : this(api, null)
        {
        }

        /// <summary>An engine that records the setting before its first change in records, and can restore it.</summary>
        public RdsLogonModeEngine(ITerminalServiceSettingApi api, IHostRecordStore records)
        {
            this.api = api;
            this.records = records;
        }

        public static RdsLogonModeEngine CreateNative()
        {
            return new RdsLogonModeEngine(new NativeTerminalServiceSettingApi());
        }

        /// <summary>The current setting (rds_logon_mode_info, and the first step of Set).</summary>
        public RdsLogonModeSetting Read()
        {
            try
            {
                return api.Read();
            }
            catch (RdsLogonModeApiException e)
            {
                if (e.Error != null && (e.Error.Code == WbemInvalidNamespace || e.Error.Code == WbemInvalidClass))
                    throw new RdsLogonModeException(String.Format(
                        "Cannot read the logon mode: {0} in {1} is not available on this host ({2}); it comes with Remote Desktop Services on Windows Server 2008 and later",
                        ClassName, Namespace, e.Error), e.Error);
                throw new RdsLogonModeException(String.Format("Cannot read the logon mode from {0} in {1}: {2}",
                    ClassName, Namespace, e.Error), e.Error);
            }
        }

        /// <summary>
        /// Sets the mode, or (mode restore) puts back the recorded one. Idempotent: only properties that differ are
        /// written. When both change, the write that refuses more comes first (Logons "1" before the drain mode; the
        /// drain mode before Logons "0"), so at no moment does the host accept more than both the old and the new mode
        /// allow. Before its first write a change records the setting it found (RdsLogonModeRecords; a record already
        /// there is kept). After writing, the instance is read again and the run fails unless it shows the requested
        /// setting. Check mode reads and plans only.
        /// </summary>
        public RdsLogonModeResult Set(RdsLogonModeRequest request, bool checkMode)
        {
            request.Validate();
            if (request.Mode == RdsLogonModes.Restore)
                return Restore(checkMode);
            RdsLogonModeResult result = new RdsLogonModeResult();
            RdsLogonModeSetting before = Read();
            result.Before = before;
            result.After = before;
            RdsLogonModeSetting target = RdsLogonModes.Target(request.Mode, before);
            string previous = RdsLogonModes.FromSetting(before);
            if (previous == "unknown")
                result.Warnings.Add(String.Format(CultureInfo.InvariantCulture,
                    "{0} held a value this module does not know (Logons '{1}', SessionBrokerDrainMode {2}); it is replaced",
                    ClassName, before.Logons, before.DrainMode));
            Plan(result, before, target);
            if (result.Steps.Count == 0)
            {
                result.After = before;
                result.Message = String.Format("the logon mode is already {0} ({1})", request.Mode, RdsLogonModes.Describe(request.Mode));
                KeepRecord(result);
                return result;
            }
            if (!Record(result, before, checkMode))
                return result;
            if (checkMode)
            {
                PlanOnly(result, target);
                result.Message = String.Format("the logon mode would change from {0} to {1} ({2})", previous, request.Mode,
                    RdsLogonModes.Describe(request.Mode));
                return result;
            }
            if (!Apply(result, target, request.Mode))
                return result;
            result.Message = String.Format("the logon mode changed from {0} to {1} ({2})", previous, request.Mode,
                RdsLogonModes.Describe(request.Mode));
            return result;
        }

        /// <summary>
        /// mode restore: puts back the setting recorded before the first change and clears the record. No record: no
        /// change. The record is cleared only once the host shows the recorded setting (a failed restore keeps it, so
        /// a re-run can finish the job).
        /// </summary>
        private RdsLogonModeResult Restore(bool checkMode)
        {
            RdsLogonModeResult result = new RdsLogonModeResult();
            RdsLogonModeSetting before = Read();
            result.Before = before;
            result.After = before;
            string current = RdsLogonModes.FromSetting(before);
            RdsLogonModeSetting recorded;
            if (!ReadRecord(result, out recorded))
                return result;
            if (recorded == null)
            {
                result.RecordAction = RdsLogonModeRecords.None;
                result.Message = String.Format("no logon mode was recorded on this host ({0}), so there is nothing to restore: " +
                    "the logon mode is left as it is, {1}", Store.Location, current);
                return result;
            }
            string wanted = RdsLogonModes.FromSetting(recorded);
            if (wanted == "unknown")
            {
                result.Failed = true;
                result.Message = String.Format(CultureInfo.InvariantCulture,
                    "the recorded setting (Logons '{0}', SessionBrokerDrainMode {1}) is not a mode {2} documents, so it " +
                    "is not written back; nothing was changed. Set the mode you want, and delete the value '{3}' in {4} " +
                    "to forget the record", recorded.Logons, recorded.DrainMode, ClassName, RdsLogonModeRecords.Name, Store.Location);
                return result;
            }
            RdsLogonModeSetting target = before.Clone();
            target.Logons = recorded.Logons;
            target.DrainMode = recorded.DrainMode;
            Plan(result, before, target);
            if (checkMode)
            {
                PlanOnly(result, target);
                result.RecordAction = RdsLogonModeRecords.WouldClear;
                result.Message = result.Steps.Count == 0
                    ? String.Format("the logon mode is already the recorded {0}; the record would be cleared", wanted)
                    : String.Format("the logon mode would be restored from {0} to the recorded {1} ({2}) and the record cleared",
                        current, wanted, RdsLogonModes.Describe(wanted));
                return result;
            }
            if (result.Steps.Count > 0 && !Apply(result, target, wanted))
            {
                result.Message += ". The record is kept, so a re-run of the restore can finish it";
                return result;
            }
            if (!ClearRecord(result))
                return result;
            result.Message = result.Steps.Count == 0
                ? String.Format("the logon mode is already the recorded {0}; the record was cleared", wanted)
                : String.Format("the logon mode was restored from {0} to the recorded {1} ({2}) and the record cleared",
                    current, wanted, RdsLogonModes.Describe(wanted));
            return result;
        }

        private IHostRecordStore Store
        {
            get
            {
                if (records == null)
                    throw new InvalidOperationException("RdsLogonModeEngine was built without a host record store");
                return records;
            }
        }

        /// <summary>The steps that take before to target, in the order that never allows more than both.</summary>
        private static void Plan(RdsLogonModeResult result, RdsLogonModeSetting before, RdsLogonModeSetting target)
        {
            RdsLogonModeStep logons = null;
            RdsLogonModeStep drain = null;
            if (before.LogonsValue != target.LogonsValue)
                logons = Step("Logons", before.Logons, target.Logons);
            if (before.DrainMode != target.DrainMode)
                drain = Step("SessionBrokerDrainMode", before.DrainMode, target.DrainMode);
            // Refuse more first: disabling logons goes before any drain change; enabling them goes after.
            if (logons != null && target.LogonsValue == 1)
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
        }

        private static RdsLogonModeStep Step(string property, object before, object after)
        {
            RdsLogonModeStep s = new RdsLogonModeStep();
            s.Property = property;
            s.Before = before;
            s.After = after;
            return s;
        }

        private static void PlanOnly(RdsLogonModeResult result, RdsLogonModeSetting target)
        {
            foreach (RdsLogonModeStep s in result.Steps)
                s.Status = "planned";
            result.After = target;
            result.Changed = true;
        }

        /// <summary>
        /// Writes the planned steps, reads the instance back and checks it shows target. False (result failed, with
        /// its message) when a write or the read-back failed or the host shows something else.
        /// </summary>
        private bool Apply(RdsLogonModeResult result, RdsLogonModeSetting target, string mode)
        {
            string previous = RdsLogonModes.FromSetting(result.Before);
            foreach (RdsLogonModeStep s in result.Steps)
            {
                try
                {
                    if (s.Property == "Logons")
                        api.PutLogons(target.Logons);
                    else
                        api.PutDrainMode(target.DrainMode);
                    s.Status = "done";
                    result.Changed = true;
                }
                catch (RdsLogonModeApiException e)
                {
                    s.Status = "failed";
                    result.Failed = true;
                    result.Error = e.Error;
                    result.Message = String.Format(CultureInfo.InvariantCulture,
                        "Setting the logon mode to {0} failed: writing {1}.{2} = {3} failed: {4}", mode, ClassName,
                        s.Property, FormatValue(s.After), e.Error);
                    break;
                }
            }
            RdsLogonModeSetting after;
            try
            {
                after = api.Read();
            }
            catch (RdsLogonModeApiException e)
            {
                result.After = result.Before;
                if (!result.Failed)
                {
                    result.Failed = true;
                    result.Error = e.Error;
                    result.Message = String.Format("The logon mode was written but could not be read back to confirm it: {0}", e.Error);
                }
                return false;
            }
            result.After = after;
            if (result.Failed)
            {
                result.Message += String.Format(". The host now reports {0} (Logons '{1}', SessionBrokerDrainMode {2}); the previous mode was {3}",
                    RdsLogonModes.FromSetting(after), after.Logons, after.DrainMode, previous) + RdsLogonModes.PolicyHint(after);
                return false;
            }
            if (after.LogonsValue != target.LogonsValue || after.DrainMode != target.DrainMode)
            {
                result.Failed = true;
                result.Message = String.Format(CultureInfo.InvariantCulture,
                    "Windows accepted the writes but {0} now reports {1} (Logons '{2}', SessionBrokerDrainMode {3}), not {4}",
                    ClassName, RdsLogonModes.FromSetting(after), after.Logons, after.DrainMode, mode) + RdsLogonModes.PolicyHint(after);
                return false;
            }
            if (after.ConnectionsPolicy)
                result.Warnings.Add("the logon mode may go back at the next Group Policy refresh" + RdsLogonModes.PolicyHint(after));
            return true;
        }

        /// <summary>Reads the record into recorded (null when none). False (result failed) when it cannot be read.</summary>
        private bool ReadRecord(RdsLogonModeResult result, out RdsLogonModeSetting recorded)
        {
            recorded = null;
            string raw;
            try
            {
                raw = Store.Get(RdsLogonModeRecords.Name);
            }
            catch (HostRecordException e)
            {
                Fail(result, e, "Nothing was changed");
                return false;
            }
            if (raw == null)
                return true;
            recorded = RdsLogonModeRecords.Parse(raw);
            if (recorded == null)
            {
                result.Failed = true;
                result.Message = String.Format("the host record '{0}' in {1} holds '{2}', which is not a logon mode this " +
                    "module recorded; nothing was changed. Remove the value by hand, then set the mode you want",
                    RdsLogonModeRecords.Name, Store.Location, raw);
                return false;
            }
            result.Recorded = recorded;
            return true;
        }

        /// <summary>
        /// Before the first change: records before unless a record is there (kept: a re-run of an aborted drain must
        /// not record the drain it made). In check mode only says what it would do. False (result failed, nothing
        /// written) when the store refused.
        /// </summary>
        private bool Record(RdsLogonModeResult result, RdsLogonModeSetting before, bool checkMode)
        {
            RdsLogonModeSetting existing;
            if (records == null)
                return true;
            if (!ReadRecord(result, out existing))
                return false;
            if (existing != null)
            {
                result.RecordAction = RdsLogonModeRecords.Kept;
                return true;
            }
            result.Recorded = before.Clone();
            if (checkMode)
            {
                result.RecordAction = RdsLogonModeRecords.WouldCreate;
                return true;
            }
            try
            {
                result.RecordAction = Store.SetIfAbsent(RdsLogonModeRecords.Name, RdsLogonModeRecords.Format(before))
                    ? RdsLogonModeRecords.Created : RdsLogonModeRecords.Kept;
            }
            catch (HostRecordException e)
            {
                result.Recorded = null;
                Fail(result, e, "The logon mode was not changed, as it could not be restored later");
                return false;
            }
            if (result.RecordAction == RdsLogonModeRecords.Kept)
                return ReadRecord(result, out existing);
            return true;
        }

        /// <summary>No change to make: reports the record as it is (kept), or none.</summary>
        private void KeepRecord(RdsLogonModeResult result)
        {
            RdsLogonModeSetting existing;
            if (records == null || !ReadRecord(result, out existing))
                return;
            result.RecordAction = existing == null ? RdsLogonModeRecords.None : RdsLogonModeRecords.Kept;
        }

        private bool ClearRecord(RdsLogonModeResult result)
        {
            try
            {
                Store.Clear(RdsLogonModeRecords.Name);
            }
            catch (HostRecordException e)
            {
                Fail(result, e, result.Steps.Count == 0 ? "The logon mode was already the recorded one"
                    : "The logon mode was restored; a re-run of the restore clears the record");
                return false;
            }
            result.RecordAction = RdsLogonModeRecords.Cleared;
            result.Changed = true;
            return true;
        }

        private static void Fail(RdsLogonModeResult result, HostRecordException e, string what)
        {
            result.Failed = true;
            result.Error = e.Error;
            result.Message = e.Message + ". " + what;
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
                List<Hashtable> items = wmi.Query(RdsLogonModeEngine.Namespace, "SELECT * FROM " + RdsLogonModeEngine.ClassName);
                if (items.Count == 0)
                    // WBEM_E_NOT_FOUND: the class is there but holds no instance.
                    throw new WmiException(WmiException.NotFound);
                return items[0];
            }
            catch (WmiException e)
            {
                throw new RdsLogonModeApiException(operation, ErrorCatalog.FromHResult(e.HResult));
            }
        }

        public RdsLogonModeSetting Read()
        {
            string operation = "reading " + RdsLogonModeEngine.ClassName + " in " + RdsLogonModeEngine.Namespace;
            Hashtable mo = Instance(operation);
            try
            {
                RdsLogonModeSetting s = new RdsLogonModeSetting();
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
                throw new RdsLogonModeApiException(operation, ErrorCatalog.FromHResult(e.HResult));
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
            string operation = String.Format("writing {0}.{1}", RdsLogonModeEngine.ClassName, property);
            Hashtable mo = Instance(operation);
            Dictionary<string, object> change = new Dictionary<string, object>();
            change[property] = value;
            try
            {
                wmi.Put(RdsLogonModeEngine.Namespace, (string)mo["__PATH"], change, false);
            }
            catch (WmiException e)
            {
                throw new RdsLogonModeApiException(operation, ErrorCatalog.FromHResult(e.HResult));
            }
        }
    }
}
