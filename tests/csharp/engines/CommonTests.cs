// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
using System;
using System.Collections;
using System.Collections.Generic;
using NUnit.Framework;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Rds;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace SessionCtl.Tests
{
    [TestFixture]
    public class CommonTests
    {
        private static readonly ActionVerbs Verbs = new ActionVerbs("logged_off", "would_log_off", "logoff_started",
            "logged off");

        [SetUp]
        public void NoSystemText()
        {
            ErrorCatalog.SystemMessage = null;
        }

        [Test]
        public void WaiterPollsEveryItemEachRoundUntilAllAreGone()
        {
            FakeClock clock = new FakeClock();
            Dictionary<string, int> goneAfter = new Dictionary<string, int> { { "a", 1 }, { "b", 3 } };
            List<string> polls = new List<string>();
            List<string> left = Waiter.WaitUntilGone(new string[] { "a", "b" }, delegate(string s)
            {
                polls.Add(s + "@" + (int)clock.Elapsed.TotalSeconds);
                return clock.Elapsed.TotalSeconds >= goneAfter[s];
            }, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), clock, null);
            CollectionAssert.IsEmpty(left);
            CollectionAssert.AreEqual(new string[] { "a@0", "b@0", "a@1", "b@1", "b@2", "b@3" }, polls);
            Assert.AreEqual(TimeSpan.FromSeconds(3), clock.Elapsed);
        }

        [Test]
        public void WaiterStopsAtTheTimeoutAndReturnsWhatIsLeft()
        {
            FakeClock clock = new FakeClock();
            List<int> left = Waiter.WaitUntilGone(new int[] { 1, 2 }, delegate(int i) { return i == 1; },
                TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), clock, null);
            CollectionAssert.AreEqual(new int[] { 2 }, left);
            Assert.AreEqual(TimeSpan.FromSeconds(10), clock.Elapsed, "the last sleep is cut to the deadline");
            CollectionAssert.AreEqual(new TimeSpan[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3),
                TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1) }, clock.Sleeps);
        }

        [Test]
        public void WaiterDropsAnItemWhosePollFailsAndKeepsPollingTheOthers()
        {
            FakeClock clock = new FakeClock();
            List<string> errors = new List<string>();
            List<string> left = Waiter.WaitUntilGone(new string[] { "bad", "slow" }, delegate(string s)
            {
                if (s == "bad")
                    throw new InvalidOperationException("boom");
                return clock.Elapsed.TotalSeconds >= 2;
            }, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), clock,
                delegate(string s, Exception e) { errors.Add(s + ":" + e.Message); });
            CollectionAssert.IsEmpty(left);
            CollectionAssert.AreEqual(new string[] { "bad:boom" }, errors);
        }

        [Test]
        public void RetryRetriesTransientErrorsThenStops()
        {
            FakeClock clock = new FakeClock();
            int calls = 0;
            ApiException busy = new ApiException("LogoutIScsiTarget", ErrorCatalog.Decode(0xEFFF001FL));
            Func<ErrorInfo, bool> transient = delegate(ErrorInfo e) { return e.Name == "ISDSC_SESSION_BUSY"; };
            ApiException thrown = Assert.Throws<ApiException>(delegate
            {
                Retry.Run(delegate { calls++; throw busy; }, transient, 3, TimeSpan.FromSeconds(2), clock);
            });
            Assert.AreSame(busy, thrown);
            Assert.AreEqual(4, calls, "one try and three retries");
            Assert.AreEqual(TimeSpan.FromSeconds(6), clock.Elapsed);

            calls = 0;
            int retries = Retry.Run(delegate { if (++calls < 3) throw busy; }, transient, 5, TimeSpan.FromSeconds(1),
                clock);
            Assert.AreEqual(2, retries);
        }

        [Test]
        public void RetryDoesNotRetryOtherErrors()
        {
            int calls = 0;
            Assert.Throws<ApiException>(delegate
            {
                Retry.Run(delegate { calls++; throw ApiException.FromWin32("X", 5); },
                    delegate(ErrorInfo e) { return false; }, 5, TimeSpan.FromSeconds(1), new FakeClock());
            });
            Assert.AreEqual(1, calls);
        }

        [TestCase("90", 90)]
        [TestCase("90s", 90)]
        [TestCase("30m", 1800)]
        [TestCase("2h", 7200)]
        [TestCase("1d", 86400)]
        [TestCase("1h30m", 5400)]
        [TestCase(" 1H 5M ", 3900)]
        public void DurationParses(string text, long seconds)
        {
            Assert.AreEqual(seconds, Duration.ParseSeconds(text));
        }

        [TestCase("")]
        [TestCase("abc")]
        [TestCase("-5")]
        [TestCase("5x")]
        [TestCase("1h 30")]
        [TestCase("1.5h")]
        public void DurationRejectsBadText(string text)
        {
            FormatException e = Assert.Throws<FormatException>(delegate { Duration.ParseSeconds(text); });
            StringAssert.Contains("is not a duration", e.Message);
        }

        [TestCase("alice", "ALICE", true)]
        [TestCase("a*", "admin", true)]
        [TestCase("a?c", "abc", true)]
        [TestCase("a?c", "abbc", false)]
        [TestCase("CONTOSO\\*", "contoso\\bob", true)]
        [TestCase("a.b", "axb", false)]
        [TestCase("*", "", true)]
        public void WildcardMatches(string pattern, string value, bool expected)
        {
            Assert.AreEqual(expected, Wildcard.IsMatch(pattern, value));
        }

        [Test]
        public void ReportMapsOutcomesToChangedFailedAndSummary()
        {
            SessionReport report = new SessionReport(Verbs);
            Assert.IsFalse(report.Changed);
            Assert.IsFalse(report.Failed);
            StringAssert.Contains("nothing to do", report.Summary("session"));

            report.Add(new SessionOutcome("session 2 (alice)", null)).Kind = OutcomeKind.Ended;
            SessionOutcome gone = report.Add(new SessionOutcome("session 3", null));
            gone.Kind = OutcomeKind.AlreadyGone;
            Assert.IsTrue(report.Changed);
            Assert.IsFalse(report.Failed);

            Hashtable fields = new Hashtable();
            fields["id"] = 4;
            SessionOutcome bad = report.Add(new SessionOutcome("session 4 (bob)", fields));
            bad.Kind = OutcomeKind.Failed;
            bad.Error = ErrorCatalog.Decode(5);
            Assert.IsTrue(report.Failed);
            string msg = report.Summary("session");
            StringAssert.Contains("3 sessions selected: 1 logged off, 1 already gone, 1 failed", msg);
            StringAssert.Contains("session 4 (bob): ERROR_ACCESS_DENIED (0x00000005) Access is denied.", msg);

            ArrayList list = report.ToList();
            Assert.AreEqual(3, list.Count);
            Hashtable last = (Hashtable)list[2];
            Assert.AreEqual("failed", last["action"]);
            Assert.AreEqual(4, last["id"]);
            Assert.AreEqual("0x00000005", ((Hashtable)last["error"])["hex"]);
            Assert.AreEqual("already_gone", ((Hashtable)list[1])["action"]);
        }

        [Test]
        public void CheckModeOutcomesCountAsChanged()
        {
            SessionReport report = new SessionReport(Verbs);
            report.Add(new SessionOutcome("s", null)).Kind = OutcomeKind.WouldEnd;
            Assert.IsTrue(report.Changed);
            Assert.AreEqual("would_log_off", ((Hashtable)report.ToList()[0])["action"]);
            report = new SessionReport(Verbs);
            report.Add(new SessionOutcome("s", null)).Kind = OutcomeKind.Skipped;
            Assert.IsFalse(report.Changed);
        }

        [Test]
        public void ApiExceptionNamesTheCallAndDecodedError()
        {
            ApiException e = ApiException.FromHResult("LogoutFromTarget", unchecked((int)0x80042710));
            Assert.AreEqual("LogoutFromTarget failed: VDS_E_ISCSI_LOGOUT_INCOMPLETE (0x80042710) "
                + "At least one session to the target did not log out.", e.Message);
            Assert.AreEqual(7022, ApiException.FromWin32("WTSLogoffSession", 7022).Error.Code);
        }
    }
}
