// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// A fake Win32_TerminalServiceSetting instance (root\CIMv2\TerminalServices), as Microsoft documents it on the
// class page: Logons is a read/write string, "0" new sessions allowed, "1" not allowed; SessionBrokerDrainMode is
// a read/write uint32, 0 allow all, 1 prevent new logons until the server is restarted, 2 prevent new logons.
// A restart turns 1 back into 0 (the class page and change logon /drainuntilrestart). What the provider does with a
// Put it refuses is not documented: the fake answers with a configurable WBEM HRESULT, or (IgnorePuts) accepts
// the Put and keeps the old value, the UNCONFIRMED case the engine's read-back exists for.
using System;
using System.Globalization;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._RdsLogonMode;

namespace SessionCtl.Tests
{
    public class FakeTerminalServiceSetting : ITerminalServiceSettingApi
    {
        public string Logons = "0";
        public long DrainMode = 0;
        public string ServerName = "RDSH01";
        public readonly EventLog Log = new EventLog();

        /// <summary>Reading fails with this HRESULT (0x8004100E: namespace missing).</summary>
        public long? ReadHResult;
        /// <summary>Reading fails with this HRESULT from the Nth read on (1-based), e.g. the read-back.</summary>
        public int? ReadFailsFrom;
        /// <summary>Putting this property fails with PutHResult.</summary>
        public string FailPutOf;
        public long PutHResult = 0x80041003L;
        /// <summary>Puts succeed but change nothing.</summary>
        public bool IgnorePuts;

        private int reads;

        public void Restart()
        {
            Log.Add("restart");
            if (DrainMode == RdsLogonModes.DrainUntilRestartValue)
                DrainMode = RdsLogonModes.DrainOff;
        }

        private static RdsLogonModeApiException Wbem(string op, long code)
        {
            return new RdsLogonModeApiException(op, ErrorCatalog.Decode(code, "hresult"));
        }

        public RdsLogonModeSetting Read()
        {
            reads++;
            Log.Add("read");
            if (ReadHResult.HasValue && (!ReadFailsFrom.HasValue || reads >= ReadFailsFrom.Value))
                throw Wbem("reading Win32_TerminalServiceSetting", ReadHResult.Value);
            RdsLogonModeSetting s = new RdsLogonModeSetting();
            s.Logons = Logons;
            s.DrainMode = DrainMode;
            s.ServerName = ServerName;
            return s;
        }

        public void PutLogons(string value)
        {
            Log.Add("put Logons=" + value);
            if (FailPutOf == "Logons")
                throw Wbem("writing Win32_TerminalServiceSetting.Logons", PutHResult);
            if (value != "0" && value != "1")
                throw Wbem("writing Win32_TerminalServiceSetting.Logons", 0x80041008L);
            if (!IgnorePuts)
                Logons = value;
        }

        public void PutDrainMode(long value)
        {
            Log.Add("put SessionBrokerDrainMode=" + value.ToString(CultureInfo.InvariantCulture));
            if (FailPutOf == "SessionBrokerDrainMode")
                throw Wbem("writing Win32_TerminalServiceSetting.SessionBrokerDrainMode", PutHResult);
            if (value < 0 || value > 2)
                throw Wbem("writing Win32_TerminalServiceSetting.SessionBrokerDrainMode", 0x80041008L);
            if (!IgnorePuts)
                DrainMode = value;
        }
    }
}
