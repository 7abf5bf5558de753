// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The schema fake refuses what the documented classes do not allow (tests/wmi/schema.json), so a misspelt name, a
// write of a read-only property or a value of the wrong CIM type in a native class fails the WMI module tests.
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._Wmi;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class WmiFakeTests
    {
        private const string Wmi = "root\\WMI";
        private const string Cim = "root\\CIMv2\\Storage\\iScsiTarget";
        private FakeWmi fake;
        private FakeWmiInstance host;
        private FakeWmiInstance session;

        [SetUp]
        public void SetUp()
        {
            fake = new FakeWmi();
            session = fake.Embedded("WT_Session", "TSIH", 5, "ISID", 1UL, "InitiatorIQN", "iqn.1991-05.com.microsoft:a");
            host = fake.Add("WT_Host", "HostName", "t1", "Enabled", true, "Sessions", new FakeWmiInstance[] { session });
        }

        private void AssertRefused(TestDelegate call, string text)
        {
            Assert.Throws<WmiSchemaViolation>(call);
            Assert.That(fake.Violations.Count, Is.EqualTo(1), String.Join("; ", fake.Violations.ToArray()));
            Assert.That(fake.Violations[0], Is.StringContaining(text));
        }

        private static Dictionary<string, object> One(string name, object value)
        {
            Dictionary<string, object> d = new Dictionary<string, object>();
            d[name] = value;
            return d;
        }

        [Test]
        public void Serves_documented_properties_with_their_CIM_types()
        {
            Hashtable h = fake.Query(Wmi, "SELECT * FROM WT_Host WHERE HostName = 't1'")[0];
            Assert.That(h["Enabled"], Is.EqualTo(true));
            Assert.That(h["CHAPSecret"], Is.Null, "documented but unset");
            Hashtable s = ((Hashtable[])h["Sessions"])[0];
            Assert.That(s["TSIH"], Is.TypeOf<ushort>());
            Assert.That(s["ISID"], Is.TypeOf<ulong>());
            Assert.That(fake.Violations, Is.Empty);
        }

        [Test]
        public void Refuses_an_undocumented_class()
        {
            AssertRefused(delegate { fake.Query(Wmi, "SELECT * FROM WT_Hosts"); }, "WT_Hosts is not documented");
        }

        [Test]
        public void Refuses_a_class_in_another_namespace()
        {
            AssertRefused(delegate { fake.Query(Cim, "SELECT * FROM WT_Host"); }, "lives in root\\WMI");
        }

        [Test]
        public void Refuses_a_misspelt_property_read_or_tested()
        {
            Hashtable h = fake.Query(Wmi, "SELECT * FROM WT_Host")[0];
            AssertRefused(delegate { object o = h["Enable"]; }, "WT_Host.Enable");
        }

        [Test]
        public void Refuses_a_WHERE_on_an_undocumented_property()
        {
            AssertRefused(delegate { fake.Query(Wmi, "SELECT * FROM WT_Host WHERE Name = 't1'"); }, "WHERE Name");
        }

        [Test]
        public void Refuses_a_write_of_a_read_only_property_of_WT_Session()
        {
            AssertRefused(delegate { fake.Put(Wmi, session.Path, One("InitiatorIQN", "iqn.x"), true); }, "WT_Session.InitiatorIQN, which is read");
        }

        [Test]
        public void Refuses_a_value_of_the_wrong_CIM_type()
        {
            AssertRefused(delegate { fake.Put(Wmi, host.Path, One("Enabled", "false"), true); }, "WT_Host.Enabled is boolean");
        }

        [Test]
        public void Refuses_an_undocumented_method_or_parameter()
        {
            FakeWmiInstance cim = fake.Add("MSISCSITARGET_iSCSISession", "InstanceID", "s5", "TSIH", 5);
            fake.OnInvoke = delegate { return new Dictionary<string, object>(); };
            AssertRefused(delegate { fake.Invoke(Cim, cim.Path, "Terminate", new Dictionary<string, object>()); }, "Terminate");
            fake.Violations.Clear();
            AssertRefused(delegate { fake.Invoke(Cim, cim.Path, "RequestStateChange", One("State", (ushort)3)); }, "no input parameter State");
        }

        [Test]
        public void A_whole_instance_put_writes_every_writable_property()
        {
            fake.Put(Wmi, host.Path, One("Enabled", false), false);
            Assert.That(fake.Writes, Has.Member("WT_Host.CHAPSecret"));
            fake.Writes.Clear();
            fake.Put(Wmi, host.Path, One("Enabled", true), true);
            Assert.That(fake.Writes, Is.EqualTo(new string[] { "WT_Host.Enabled" }));
        }
    }
}
