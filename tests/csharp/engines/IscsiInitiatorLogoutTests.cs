// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiSessionInfoModule;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;

namespace SessionCtl.Tests
{
    // The logout engine part of IscsiInitiatorTests (fixture, fakes and helpers in IscsiInitiatorTests.cs).
    public partial class IscsiInitiatorTests
    {
        // ---------------------------------------------------------------- logout: selection

        [Test]
        public void LogoutByTargetEndsEverySessionToIt()
        {
            IscsiInitiatorLogoutResult res = Engine().Run(Request(new string[] { T1 }, null), false);
            Assert.AreEqual(2, res.Sessions.Sessions.Count);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.IsTrue(res.Changed);
            Assert.IsFalse(res.Failed);
            Assert.IsTrue(api.Has(S3));
            Assert.IsFalse(api.Has(S1) || api.Has(S2));
            Assert.AreEqual(2, api.Logins.Count, "persistent logins stay unless asked");
            Assert.AreEqual(0, res.PersistentLogins.Sessions.Count);
            StringAssert.StartsWith("2 sessions selected: 2 logged out", res.Summary());
        }

        [Test]
        public void LogoutBySessionIdEndsOnlyThat()
        {
            IscsiInitiatorLogoutResult res = Engine().Run(Request(null, new string[] { S2 }), false);
            Assert.AreEqual(1, res.Sessions.Sessions.Count);
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.IsTrue(api.Has(S1) && api.Has(S3));
        }

        [Test]
        public void TargetAndSessionIdNarrowTogether()
        {
            // Every selector narrows (AND): S1 is a session to T1, so target T2 and session_id S1 select nothing.
            IscsiInitiatorLogoutResult res = Engine().Run(Request(new string[] { T2 }, new string[] { S1 }), false);
            Assert.AreEqual(0, res.Sessions.Sessions.Count);
            Assert.IsFalse(res.Changed);
            Assert.IsTrue(api.Has(S1) && api.Has(S2) && api.Has(S3));
            StringAssert.Contains("session_id " + S1 + " is not selected: target does not name its target",
                String.Join("|", res.AllWarnings().ToArray()));
            res = Engine().Run(Request(new string[] { T1 }, new string[] { S1 }), false);
            Assert.AreEqual(1, res.Sessions.Sessions.Count);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            Assert.IsTrue(api.Has(S2));
        }

        [Test]
        public void PortalNarrowsTheSelection()
        {
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.Portal = "192.0.2.10";
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            Assert.IsNull(Entry(res.Sessions, S2));
            Assert.IsNull(Entry(res.Sessions, S3));
            Assert.IsTrue(api.Has(S2) && api.Has(S3));
            r = Request(null, new string[] { S2 });
            r.Portal = "192.0.2.10";
            res = Engine().Run(r, false);
            Assert.AreEqual(0, res.Sessions.Sessions.Count, "asked for by id but it has no connection to the portal");
            CollectionAssert.AreEqual(new string[] { "session_id " + S2 + " is not selected: it has no connection to " +
                "portal 192.0.2.10" }, res.AllWarnings());
            Assert.IsTrue(api.Has(S2));
        }

        [Test]
        public void MatchesTargetAtEitherOffset()
        {
            api.Sessions[1].Session.TargetNodeName = "storage-target1-target";
            api.Sessions[1].Session.TargetName = T1;
            IscsiInitiatorLogoutResult res = Engine().Run(Request(new string[] { T1.ToUpperInvariant() }, null), false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
        }

        [Test]
        public void NothingToDoIsNotAChange()
        {
            IscsiInitiatorLogoutResult res = Engine().Run(Request(new string[] { "iqn.1991-05.com.microsoft:nothing-here" }, null), false);
            Assert.AreEqual(0, res.Sessions.Sessions.Count);
            Assert.IsFalse(res.Changed);
            Assert.IsFalse(res.Failed);
            Assert.AreEqual(0, api.Log.CountPrefix("logout"));
            StringAssert.Contains("nothing to do", res.Summary());
        }

        [Test]
        public void UnknownSessionIdIsAlreadyGone()
        {
            IscsiInitiatorLogoutResult res = Engine().Run(Request(null, new string[] { Missing }), false);
            Assert.AreEqual("already_gone", Action(res.Sessions, Missing));
            Assert.IsFalse(res.Changed);
            Assert.IsFalse(res.Failed);
        }

        [Test]
        public void SecondRunChangesNothing()
        {
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.RemovePersistent = true;
            Assert.IsTrue(Engine().Run(r, false).Changed);
            IscsiInitiatorLogoutResult again = Engine().Run(r, false);
            Assert.IsFalse(again.Changed);
            Assert.IsFalse(again.Failed);
            Assert.AreEqual(0, again.Sessions.Sessions.Count);
            Assert.AreEqual(0, again.PersistentLogins.Sessions.Count);
        }

        // ---------------------------------------------------------------- logout: error codes

        [Test]
        public void SessionThatVanishesBeforeLogoutIsAlreadyGone()
        {
            api.VanishAfterListing.Add(S1);
            IscsiInitiatorLogoutResult res = Engine().Run(Request(new string[] { T1 }, null), false);
            Assert.AreEqual("already_gone", Action(res.Sessions, S1));
            Hashtable err = (Hashtable)Entry(res.Sessions, S1)["error"];
            Assert.AreEqual("ISDSC_INVALID_SESSION_ID", err["name"]);
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.IsTrue(res.Changed);
            Assert.IsFalse(res.Failed);
        }

        [Test]
        public void SessionBusyIsRetriedThenSucceeds()
        {
            api.BusyTimes[S1] = 3;
            clock.Log = api.Log;
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1 });
            r.RetryDelay = 1.5;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            Assert.AreEqual(4, api.Log.CountPrefix("logout " + S1));
            Assert.AreEqual(3, clock.Sleeps.Count);
            Assert.AreEqual(TimeSpan.FromSeconds(1.5), clock.Sleeps[0]);
            Assert.Less(api.Log.IndexOf("sleep 1500ms"), api.Log.LastIndexOfPrefix("logout " + S1));
        }

        [Test]
        public void SessionBusyStopsAfterRetries()
        {
            api.BusyTimes[S1] = 100;
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1, S2 });
            r.Retries = 2;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("failed", Action(res.Sessions, S1));
            Assert.AreEqual(3, api.Log.CountPrefix("logout " + S1), "1 try + 2 retries");
            Assert.AreEqual("ISDSC_SESSION_BUSY", ((Hashtable)Entry(res.Sessions, S1)["error"])["name"]);
            StringAssert.Contains("after 2 retries", (string)Entry(res.Sessions, S1)["reason"]);
            Assert.AreEqual("logged_out", Action(res.Sessions, S2), "a failure on one session does not stop the others");
            Assert.IsTrue(res.Failed);
            Assert.IsTrue(res.Changed);
        }

        [Test]
        public void NoRetriesMeansOneTry()
        {
            api.BusyTimes[S1] = 1;
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1 });
            r.Retries = 0;
            Assert.AreEqual("failed", Action(Engine().Run(r, false).Sessions, S1));
            Assert.AreEqual(1, api.Log.CountPrefix("logout "));
            Assert.AreEqual(0, clock.Sleeps.Count);
        }

        [Test]
        public void NonTransientErrorsAreNotRetried()
        {
            api.LogoutFails[S1] = IscsiCodes.AccessDenied;
            IscsiInitiatorLogoutResult res = Engine().Run(Request(null, new string[] { S1 }), false);
            Assert.AreEqual(1, api.Log.CountPrefix("logout "));
            Assert.AreEqual("ERROR_ACCESS_DENIED", ((Hashtable)Entry(res.Sessions, S1)["error"])["name"]);
        }

        [Test]
        public void PartialFailureAcrossSessionsNamesTheFailure()
        {
            api.LogoutFails[S2] = IscsiCodes.AccessDenied;
            IscsiInitiatorLogoutResult res = Engine().Run(Request(new string[] { T1, T2 }, null), false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            Assert.AreEqual("failed", Action(res.Sessions, S2));
            Assert.AreEqual("logged_out", Action(res.Sessions, S3));
            Assert.IsTrue(res.Failed);
            Assert.IsTrue(res.Changed);
            string msg = res.Summary();
            StringAssert.Contains("3 sessions selected: 2 logged out, 1 failed", msg);
            StringAssert.Contains("session " + S2 + " to " + T1, msg);
            StringAssert.Contains("ERROR_ACCESS_DENIED (0x00000005)", msg);
        }

        [Test]
        public void SuccessThatLeavesTheSessionListedFails()
        {
            api.StayAfterLogout.Add(S1);
            IscsiInitiatorLogoutResult res = Engine().Run(Request(null, new string[] { S1 }), false);
            Assert.AreEqual("failed", Action(res.Sessions, S1));
            StringAssert.Contains("still listed", (string)Entry(res.Sessions, S1)["reason"]);
        }

        // ---------------------------------------------------------------- busy disks

        [Test]
        public void DeviceBusyWithBusyFailFailsAndListsTheDisks()
        {
            api.InUse.Add(S1);
            IscsiInitiatorLogoutResult res = Engine().Run(Request(new string[] { T1 }, null), false);
            Assert.AreEqual("failed", Action(res.Sessions, S1));
            Hashtable e = Entry(res.Sessions, S1);
            Assert.AreEqual("ISDSC_DEVICE_BUSY_ON_SESSION", ((Hashtable)e["error"])["name"]);
            StringAssert.Contains("disk 2 (\\\\.\\PhysicalDrive2)", (string)e["reason"]);
            StringAssert.Contains("busy: offline_disks", (string)e["reason"]);
            Assert.AreEqual(0, api.Log.CountPrefix("offline"));
            Assert.AreEqual(1, api.Log.CountPrefix("logout " + S1), "device busy is not retried");
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.IsTrue(api.Has(S1));
        }

        [Test]
        public void DeviceBusyWithOfflineDisksTakesThemOfflineThenLogsOut()
        {
            api.InUse.Add(S1);
            api.AddDisk(api.Sessions[0], 7);
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1 });
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            CollectionAssert.AreEqual(new int[] { 2, 7 }, (ArrayList)Entry(res.Sessions, S1)["offlined_disks"]);
            int firstLogout = api.Log.FirstIndexOfPrefix("logout " + S1);
            int offline = api.Log.IndexOf("offline 2");
            int lastLogout = api.Log.LastIndexOfPrefix("logout " + S1);
            Assert.Less(firstLogout, offline, api.Log.ToString());
            Assert.Less(api.Log.IndexOf("offline 7"), lastLogout, api.Log.ToString());
            Assert.AreEqual(2, api.Log.CountPrefix("logout " + S1));
            Assert.IsFalse(api.Has(S1));
        }

        [Test]
        public void OfflineDisksFlushesAndDismountsTheVolumesFirstAndReportsWhatWasForced()
        {
            api.InUse.Add(S1);
            api.Volumes[2] = new string[] { "\\\\?\\Volume{a}", "\\\\?\\Volume{b}*" };
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1 });
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1));
            Assert.Less(api.Log.IndexOf("dismount 2"), api.Log.IndexOf("offline 2"), api.Log.ToString());
            CollectionAssert.AreEqual(new string[] { "\\\\?\\Volume{a}", "\\\\?\\Volume{b} (forced)" },
                (ArrayList)Entry(res.Sessions, S1)["dismounted_volumes"]);
        }

        [Test]
        public void OfflineDisksLeavesIdleSessionsDisksAlone()
        {
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.Busy = "offline_disks";
            Engine().Run(r, false);
            Assert.AreEqual(0, api.Log.CountPrefix("offline"));
        }

        [Test]
        public void OfflineFailureFailsTheSessionNamingTheDisk()
        {
            api.InUse.Add(S1);
            api.OfflineFails[2] = IscsiCodes.AccessDenied;
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("failed", Action(res.Sessions, S1));
            StringAssert.Contains("could not take disk 2 offline", (string)Entry(res.Sessions, S1)["reason"]);
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.AreEqual(1, api.Log.CountPrefix("logout " + S1));
        }

        [Test]
        public void ADiskTakenOfflineIsAChangeEvenWhenTheLogoutThenFails()
        {
            // Disk 2 goes offline, disk 7 cannot, so the session is not logged out: disk 2 stays offline until it is
            // brought online again or the host restarts, which is a change on the host.
            api.InUse.Add(S1);
            api.AddDisk(api.Sessions[0], 7);
            api.OfflineFails[7] = IscsiCodes.AccessDenied;
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1 });
            r.Busy = "offline_disks";
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("failed", Action(res.Sessions, S1));
            CollectionAssert.AreEqual(new int[] { 2 }, (ArrayList)Entry(res.Sessions, S1)["offlined_disks"]);
            Assert.IsTrue(api.OfflineDisks.Contains(2));
            Assert.IsTrue(res.Failed);
            Assert.IsTrue(res.Changed, "a disk was taken offline");
        }

        // ---------------------------------------------------------------- persistent logins

        [Test]
        public void RemovePersistentIsItsOwnChange()
        {
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual(1, res.PersistentLogins.Sessions.Count);
            Hashtable p = (Hashtable)res.PersistentLoginList()[0];
            Assert.AreEqual("removed", p["action"]);
            Assert.AreEqual(T1, p["target_name"]);
            Assert.AreEqual(1, api.Logins.Count);
            Assert.AreEqual(T2, api.Logins[0].TargetName);
            Assert.Less(api.Log.LastIndexOfPrefix("logout "), api.Log.IndexOf("remove " + T1 + " 192.0.2.10"));
            StringAssert.Contains("1 persistent login selected: 1 removed", res.Summary());
        }

        [Test]
        public void RemovePersistentWithoutSessionsStillChanges()
        {
            api.Sessions.Clear();
            IscsiInitiatorLogoutRequest r = Request(new string[] { T2 }, null);
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual(0, res.Sessions.Sessions.Count);
            Assert.IsTrue(res.Changed);
            Assert.AreEqual("removed", ((Hashtable)res.PersistentLoginList()[0])["action"]);
        }

        [Test]
        public void RemovePersistentBySessionIdUsesItsTarget()
        {
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S3 });
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual(T2, ((Hashtable)res.PersistentLoginList()[0])["target_name"]);
            Assert.AreEqual(T1, api.Logins[0].TargetName);
        }

        [Test]
        public void RemovePersistentBySessionIdKeepsTheOtherPathsLogins()
        {
            // S1 and S2 are two MPIO paths to T1 (portals .10 and .11), each with its persistent login. Logging out S1
            // removes only the login it came through; the other path's login stays, and a warning names it.
            IscsiPersistentLogin other = api.AddLogin(T1, "192.0.2.11");
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1 });
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult check = Engine().Run(r, true);
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            CollectionAssert.AreEqual(Plan(check), Plan(res));
            Assert.AreEqual(1, res.PersistentLogins.Sessions.Count, String.Join(", ", Plan(res).ToArray()));
            Assert.AreEqual("192.0.2.10", ((Hashtable)res.PersistentLoginList()[0])["portal_address"]);
            Assert.IsTrue(api.Logins.Contains(other), "the other path's login stays");
            string warnings = String.Join("|", res.AllWarnings().ToArray());
            StringAssert.Contains("kept the persistent logins", warnings);
            StringAssert.Contains(other.Label, warnings);
        }

        [Test]
        public void RemovePersistentByTargetAloneRemovesEveryLoginOfIt()
        {
            api.AddLogin(T1, "192.0.2.11");
            api.AddLogin(T1, "");
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual(3, res.PersistentLogins.Sessions.Count);
            Assert.AreEqual(1, api.Logins.Count);
            Assert.AreEqual(T2, api.Logins[0].TargetName);
            Assert.IsEmpty(res.AllWarnings());
        }

        [Test]
        public void RemovePersistentBySessionIdMatchesThePortsToo()
        {
            // A login to the same portal address on another TCP port is another path.
            IscsiPersistentLogin other = api.AddLogin(T1, "192.0.2.10");
            other.PortalSocket = 3261;
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1 });
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual(1, res.PersistentLogins.Sessions.Count);
            Assert.AreEqual(3260, ((Hashtable)res.PersistentLoginList()[0])["portal_port"]);
            Assert.IsTrue(api.Logins.Contains(other));
        }

        [Test]
        public void PortalNamesAndAddressFormsAreComparedAsAddresses()
        {
            // Sessions carry the target's IP address, persistent logins the portal as typed (a DNS name here, an IPv6
            // spelling there): both are compared as addresses, with the name resolved through the API.
            api.Sessions.Clear();
            api.Logins.Clear();
            api.Add(S1, T1, "192.0.2.10");
            api.Add(S2, T1, "2001:db8::a");
            api.Add(S3, T1, "192.0.2.12");
            api.AddLogin(T1, "san01.contoso.com");
            api.AddLogin(T1, "[2001:DB8:0:0::A]");
            api.AddLogin(T1, "192.0.2.12");
            api.Dns["san01.contoso.com"] = new string[] { "192.0.2.10" };
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.Portal = "SAN01.contoso.com.";
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S1), "the name resolves to the session's address");
            Assert.IsNull(Entry(res.Sessions, S2));
            Assert.AreEqual(1, res.PersistentLogins.Sessions.Count);
            Assert.AreEqual("san01.contoso.com", ((Hashtable)res.PersistentLoginList()[0])["portal_address"]);

            r = Request(null, new string[] { S2 });
            r.RemovePersistent = true;
            res = Engine().Run(r, false);
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.AreEqual(1, res.PersistentLogins.Sessions.Count, "2001:db8::a is [2001:DB8:0:0::A]");
            Assert.AreEqual("[2001:DB8:0:0::A]", ((Hashtable)res.PersistentLoginList()[0])["portal_address"]);
            Assert.AreEqual(1, api.Logins.Count);
        }

        [Test]
        public void PortalThatMatchesOnlyLoginsOrOnlySessionsWarns()
        {
            // The login is stored under a name that does not resolve: portal 192.0.2.10 matches the session, not the
            // login, so the host would log in again at boot: say so. The reverse: a name matching only the login.
            api.Logins.Clear();
            api.AddLogin(T1, "san-old.contoso.com");
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.Portal = "192.0.2.10";
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, true);
            string warnings = String.Join("|", res.AllWarnings().ToArray());
            StringAssert.Contains("portal 192.0.2.10 matched sessions of " + T1 + " but none of its persistent logins",
                warnings);
            StringAssert.Contains("could not be resolved", warnings);
            r.Portal = "san-old.contoso.com";
            res = Engine().Run(r, true);
            warnings = String.Join("|", res.AllWarnings().ToArray());
            StringAssert.Contains("portal san-old.contoso.com matched persistent logins of " + T1 +
                " but none of its sessions", warnings);
            Assert.AreEqual(0, res.Sessions.Sessions.Count);
            Assert.AreEqual(1, res.PersistentLogins.Sessions.Count);
        }

        [Test]
        public void InfoRunsTheSameSelectionAsTheLogout()
        {
            api.Dns["san01.contoso.com"] = new string[] { "192.0.2.10" };
            string[][] targets = { null, new string[] { T1 }, new string[] { T2 } };
            string[][] ids = { null, new string[] { S1 }, new string[] { S1, S3 } };
            string[] portalsToTry = { null, "192.0.2.10", "san01.contoso.com", "192.0.2.11" };
            foreach (string[] t in targets)
            {
                foreach (string[] i in ids)
                {
                    foreach (string portal in portalsToTry)
                    {
                        if (t == null && i == null)
                            continue;
                        IscsiSessionInfoRequest info = new IscsiSessionInfoRequest();
                        info.Target = t;
                        info.SessionId = i;
                        info.Portal = portal;
                        List<string> listed = new List<string>();
                        foreach (IscsiSession s in new IscsiSessionInfoEngine(api).Run(info).Sessions)
                            listed.Add(s.Id.ToString());
                        IscsiInitiatorLogoutRequest r = Request(t, i);
                        r.Portal = portal;
                        List<string> planned = new List<string>();
                        foreach (Hashtable h in Engine().Run(r, true).SessionList())
                        {
                            if ((string)h["action"] == "would_log_out")
                                planned.Add((string)h["session_id"]);
                        }
                        CollectionAssert.AreEqual(planned, listed, String.Format("target {0} id {1} portal {2}",
                            t == null ? "-" : t[0], i == null ? "-" : String.Join(",", i), portal));
                    }
                }
            }
        }

        [Test]
        public void DeviceListingBusyIsRetriedWithinRetries()
        {
            // GetDevicesForIScsiSessionW answering ISDSC_SESSION_BUSY is retried like the other iscsidsc calls, so a
            // busy session still names its disks.
            api.DevicesBusyTimes[S1] = 2;
            api.InUse.Add(S1);
            IscsiInitiatorLogoutResult res = Engine().Run(Request(null, new string[] { S1 }), false);
            Assert.AreEqual("failed", Action(res.Sessions, S1));
            StringAssert.Contains("disk 2", (string)Entry(res.Sessions, S1)["reason"]);
            Assert.IsEmpty(res.AllWarnings());
            Assert.AreEqual(3, api.Log.CountPrefix("devices " + S1));
            api.DevicesBusyTimes[S1] = 9;
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1 });
            r.Retries = 1;
            res = Engine().Run(r, false);
            StringAssert.Contains("ISDSC_SESSION_BUSY", String.Join("|", res.AllWarnings().ToArray()));
        }

        [Test]
        public void RemovePersistentHonoursThePortal()
        {
            api.AddLogin(T1, "192.0.2.11");
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.Portal = "192.0.2.11";
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual(1, res.PersistentLogins.Sessions.Count);
            Assert.AreEqual("192.0.2.11", ((Hashtable)res.PersistentLoginList()[0])["portal_address"]);
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            Assert.IsNull(Entry(res.Sessions, S1));
        }

        [Test]
        public void RemovePersistentWithAPortalKeepsALoginForAnyPortal()
        {
            // A login stored without a portal can only be removed with a portal that "contains no information", and
            // RemoveIScsiPersistentTargetW then removes the target's persistent logins "on all portals" (Learn), so
            // removing it would also take the login through 192.0.2.11 that the portal option keeps.
            IscsiPersistentLogin any = api.AddLogin(T1, "");
            IscsiPersistentLogin other = api.AddLogin(T1, "192.0.2.11");
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.Portal = "192.0.2.10";
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult check = Engine().Run(r, true);
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            CollectionAssert.AreEqual(Plan(check), Plan(res));
            Assert.AreEqual(1, res.PersistentLogins.Sessions.Count, String.Join(", ", Plan(res).ToArray()));
            Assert.AreEqual("192.0.2.10", ((Hashtable)res.PersistentLoginList()[0])["portal_address"]);
            Assert.IsTrue(api.Logins.Contains(other), "the login through another portal stays");
            Assert.IsTrue(api.Logins.Contains(any));
        }

        [Test]
        public void ALoginThatCoversOthersIsRemovedAfterThem()
        {
            // Listed first: T1 for any portal, and T2 through 192.0.2.10 on all initiator ports. Removing either first
            // would also remove the narrower login listed after it (Learn: an empty portal means all portals,
            // ISCSI_ALL_INITIATOR_PORTS all ports), which would then be reported already_gone, not removed.
            api.Logins.Clear();
            api.AddLogin(T1, "");
            api.AddLogin(T1, "192.0.2.10");
            api.AddLogin(T2, "192.0.2.10");
            api.AddLogin(T2, "192.0.2.10").InitiatorPortNumber = 1;
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1, T2 }, null);
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult check = Engine().Run(r, true);
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.AreEqual(4, res.PersistentLogins.Count(OutcomeKind.Ended), String.Join(", ", Plan(res).ToArray()));
            CollectionAssert.AreEquivalent(Plan(check), Plan(res));
            Assert.AreEqual(0, api.Logins.Count);
        }

        [Test]
        public void PersistentRemovalErrors()
        {
            api.RemoveFails[T1] = IscsiCodes.CouldNotRemovePersistent;
            api.VanishLoginsAfterListing.Add(T2);  // removed by someone else: the removal answers ISDSC_TARGET_NOT_FOUND
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1, T2 }, null);
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            ArrayList list = res.PersistentLoginList();
            Hashtable t1 = (Hashtable)list[0];
            Hashtable t2 = (Hashtable)list[1];
            Assert.AreEqual("failed", t1["action"]);
            Assert.AreEqual("ISDSC_COULD_NOT_REMOVE_PERSISTENT_LOGIN_DATA", ((Hashtable)t1["error"])["name"]);
            Assert.AreEqual("already_gone", t2["action"]);
            Assert.IsTrue(res.Failed);
            Assert.AreEqual(3, res.Sessions.Count(OutcomeKind.Ended), "session logouts still happen");
            StringAssert.Contains("persistent login to " + T1, res.Summary());
        }

        [Test]
        public void PersistentListingFailureFailsOnlyWhenRemovalWasAsked()
        {
            api.ListLoginsFails = IscsiCodes.ServiceNotRunning;
            IscsiInitiatorLogoutResult plain = Engine().Run(Request(null, new string[] { S1 }), false);
            Assert.IsFalse(plain.Failed);
            Assert.AreEqual(1, plain.AllWarnings().Count);

            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S2 });
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult res = Engine().Run(r, false);
            Assert.IsTrue(res.Failed);
            Assert.AreEqual("logged_out", Action(res.Sessions, S2));
            StringAssert.Contains("ISDSC_SERVICE_NOT_RUNNING", res.Summary());
        }

        // ---------------------------------------------------------------- check mode and diff

        private static List<string> Plan(IscsiInitiatorLogoutResult res)
        {
            List<string> keys = new List<string>();
            foreach (Hashtable h in res.SessionList())
            {
                string a = (string)h["action"];
                keys.Add(h["session_id"] + "=" + (a == "would_log_out" ? "logged_out" : a));
            }
            foreach (Hashtable h in res.PersistentLoginList())
            {
                string a = (string)h["action"];
                keys.Add(h["target_name"] + "@" + h["portal_address"] + "=" + (a == "would_remove" ? "removed" : a));
            }
            return keys;
        }

        [Test]
        public void CheckModePlansWhatARealRunDoes()
        {
            IscsiInitiatorLogoutRequest r = Request(null, new string[] { S1, S2, S3, Missing });
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult check = Engine().Run(r, true);
            Assert.AreEqual(0, api.Log.CountPrefix("logout") + api.Log.CountPrefix("remove") + api.Log.CountPrefix("offline"));
            Assert.AreEqual("would_log_out", Action(check.Sessions, S1));
            Assert.IsTrue(check.Changed);

            FakeIscsiInitiator before = api;
            SetUp();
            Assert.AreNotSame(before, api);
            IscsiInitiatorLogoutResult real = Engine().Run(r, false);
            CollectionAssert.AreEqual(Plan(check), Plan(real));
            Assert.AreEqual(6, Plan(real).Count, String.Join(", ", Plan(real).ToArray()));
            Assert.AreEqual(check.Changed, real.Changed);
        }

        [Test]
        public void CheckModeDiffPredictsTheRealDiff()
        {
            IscsiInitiatorLogoutRequest r = Request(new string[] { T1 }, null);
            r.RemovePersistent = true;
            IscsiInitiatorLogoutResult check = Engine().Run(r, true);
            SetUp();
            IscsiInitiatorLogoutResult real = Engine().Run(r, false);
            Assert.AreEqual(3, ((ArrayList)real.Before["sessions"]).Count);
            Assert.AreEqual(2, ((ArrayList)real.Before["persistent_logins"]).Count);
            Assert.AreEqual(1, ((ArrayList)real.After["sessions"]).Count);
            Assert.AreEqual(S3, ((Hashtable)((ArrayList)real.After["sessions"])[0])["session_id"]);
            Assert.AreEqual(1, ((ArrayList)real.After["persistent_logins"]).Count);
            Assert.AreEqual(Flatten(check.Before), Flatten(real.Before));
            Assert.AreEqual(Flatten(check.After), Flatten(real.After));
        }

        private static string Flatten(object o)
        {
            Hashtable h = o as Hashtable;
            if (h != null)
            {
                List<string> keys = new List<string>();
                foreach (object k in h.Keys)
                    keys.Add((string)k);
                keys.Sort(StringComparer.Ordinal);
                List<string> parts = new List<string>();
                foreach (string k in keys)
                    parts.Add(k + ":" + Flatten(h[k]));
                return "{" + String.Join(",", parts.ToArray()) + "}";
            }
            IList l = o as IList;
            if (l != null)
            {
                List<string> parts = new List<string>();
                foreach (object x in l)
                    parts.Add(Flatten(x));
                return "[" + String.Join(",", parts.ToArray()) + "]";
            }
            return o == null ? "null" : o.ToString();
        }

        // ---------------------------------------------------------------- module wiring

        [Test]
        public void SessionInfoDoesNotPullInVds()
        {
            string root = RepoRoot();
            if (root == null)
                Assert.Fail("repository root not found: set SESSIONCTL_ROOT (tools/cs_test.sh does)");
            string util = File.ReadAllText(Path.Combine(root, "plugins/module_utils/_IscsiInitiator.cs"));
            StringAssert.DoesNotContain("module_utils._IscsiInitiatorVds", util);
            string info = Path.Combine(root, "plugins/modules/iscsi_session_info.ps1");
            if (File.Exists(info))
            {
                string ps = File.ReadAllText(info);
                StringAssert.Contains("#AnsibleRequires -CSharpUtil ..module_utils._IscsiSessionInfoModule", ps);
                StringAssert.DoesNotContain("_IscsiInitiatorVds", ps);
            }
            // The modules reach the engines through their runners: only the logout runner uses VDS.
            string infoRunner = File.ReadAllText(Path.Combine(root, "plugins/module_utils/_IscsiSessionInfoModule.cs"));
            StringAssert.Contains("using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;", infoRunner);
            StringAssert.DoesNotContain("module_utils._IscsiInitiatorVds", infoRunner);
            string logoutRunner = File.ReadAllText(Path.Combine(root, "plugins/module_utils/_IscsiInitiatorLogoutModule.cs"));
            StringAssert.Contains("using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorVds;", logoutRunner);
        }

        public static string RepoRoot()
        {
            string[] starts = new string[] { Environment.GetEnvironmentVariable("SESSIONCTL_ROOT"),
                AppDomain.CurrentDomain.BaseDirectory, Environment.CurrentDirectory };
            foreach (string start in starts)
            {
                string dir = start;
                while (!String.IsNullOrEmpty(dir))
                {
                    if (File.Exists(Path.Combine(dir, "galaxy.yml")) &&
                        File.Exists(Path.Combine(dir, "plugins/module_utils/_IscsiInitiator.cs")))
                        return dir;
                    dir = Path.GetDirectoryName(dir);
                }
            }
            return null;
        }
    }
}
