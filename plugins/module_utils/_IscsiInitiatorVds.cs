// Copyright (c) 2026 sessionctl.windows contributors
// GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
//
// The VDS backend of iscsi_initiator_logout: IVdsIscsiInitiatorAdapter::LogoutFromTarget
// on a target found through the hardware providers' iSCSI subsystems. VDS is
// superseded since Windows 8 / Server 2012; iscsidsc is the default backend.
// Internal to the collection; it may change without notice.
//
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalog;
using ansible_collections.sessionctl.windows.plugins.module_utils._ErrorCatalogVds;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiator;
using ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorLogout;
using ansible_collections.sessionctl.windows.plugins.module_utils._ActionReport;
using ansible_collections.sessionctl.windows.plugins.module_utils._Common;

namespace ansible_collections.sessionctl.windows.plugins.module_utils._IscsiInitiatorVds
{
    /// <summary>An iSCSI target as a VDS hardware provider's subsystem shows it (VDS_ISCSI_TARGET_PROP).</summary>
    public class VdsIscsiTarget
    {
        public Guid Id;
        public string IscsiName;
    }

    /// <summary>An initiator adapter (VDS_ISCSI_INITIATOR_ADAPTER_PROP).</summary>
    public class VdsInitiatorAdapter
    {
        public Guid Id;
        public string Name;
    }

    /// <summary>What the VDS backend needs from VDS. Methods throw ApiException when VDS cannot be reached.</summary>
    public interface IVdsApi
    {
        /// <summary>Loads VDS and waits, up to timeout, until it is ready.</summary>
        void Load(TimeSpan timeout, IClock clock);
        /// <summary>
        /// Every target of every iSCSI subsystem of every hardware provider. A call that fails for one provider,
        /// subsystem or target is added to failures and the listing goes on; a failure of the whole listing throws.
        /// </summary>
        List<VdsIscsiTarget> QueryTargets(List<ApiException> failures);
        /// <summary>IVdsServiceIscsi::QueryInitiatorAdapters; an adapter whose properties cannot be read is a failure.</summary>
        List<VdsInitiatorAdapter> QueryInitiatorAdapters(List<ApiException> failures);
        /// <summary>
        /// LogoutFromTarget, then IVdsAsync::QueryStatus until it finished or the deadline, then Cancel. Returns the
        /// HRESULT: the call's or QueryStatus's when they failed, VDS_E_TIMEOUT at the deadline, else the async result
        /// (which may be a success code 0x000428xx).
        /// </summary>
        int LogoutFromTarget(Guid adapterId, Guid targetId, DateTime deadline, IClock clock);
    }

    public static class VdsCodes
    {
        public const int S_OK = 0;
        public const long LogoutFailed = 0x80042709L;
        public const long SessionNotFound = 0x8004270AL;
        public const long LogoutIncomplete = 0x80042710L;
        public const long DeviceInUse = 0x80042413L;
        public const int Pending = unchecked((int)0x80042409);
        public const int Timeout = unchecked((int)0x8004245F);
        /// <summary>VDS_S_ISCSI_SESSION_NOT_FOUND_PERSISTENT_LOGIN_REMOVED: a success code that means no session was found.</summary>
        public const int SessionNotFoundPersistentLoginRemoved = 0x00042800;
        public const int E_FAIL = unchecked((int)0x80004005);

        public static ErrorInfo Decode(int hr)
        {
            VdsErrors.Register();
            return ErrorCatalog.FromHResult(hr);
        }

        /// <summary>True for the answers that mean "no session to this target here".</summary>
        public static bool IsNotFound(int hr)
        {
            return hr == unchecked((int)SessionNotFound) || hr == SessionNotFoundPersistentLoginRemoved;
        }

        /// <summary>
        /// The failure HRESULT of an exception: HRESULTs as they are, Win32 codes wrapped (HRESULT_FROM_WIN32), else
        /// E_FAIL.
        /// </summary>
        public static int HResultOf(Exception e)
        {
            ApiException api = e as ApiException;
            long c = api == null ? Marshal.GetHRForException(e) : api.Error == null ? 0 : api.Error.Code;
            int hr = unchecked((int)c);
            return hr < 0 ? hr : c > 0 && c <= 0xFFFF ? unchecked((int)(0x80070000 | (uint)c)) : E_FAIL;
        }

        /// <summary>Any exception as an ApiException with its decoded HRESULT.</summary>
        public static ApiException ToApiException(string operation, Exception e)
        {
            return e as ApiException ?? new ApiException(String.Format("{0} ({1}: {2})", operation, e.GetType().Name,
                e.Message), Decode(HResultOf(e)));
        }
    }

    /// <summary>Logs out of a whole target through VDS; the result is checked against the iscsidsc session list.</summary>
    public class VdsLogoutBackend : IscsiInitiatorLogoutBackend
    {
        private readonly IIscsiInitiatorApi initiator;
        private readonly IVdsApi vds;
        private List<VdsIscsiTarget> targets;
        private List<VdsInitiatorAdapter> adapters;
        private readonly List<ApiException> targetFailures = new List<ApiException>();
        private readonly List<ApiException> adapterFailures = new List<ApiException>();
        private ApiException loadError;

        public VdsLogoutBackend(IIscsiInitiatorApi initiator, IVdsApi vds)
        {
            this.initiator = initiator;
            this.vds = vds;
        }

        public override string Name
        {
            get { return "vds"; }
        }

        public override bool WholeTarget
        {
            get { return true; }
        }

        /// <summary>Check mode does not load VDS (loading it starts the service): say what it cannot predict.</summary>
        public override string CheckModeNote
        {
            get
            {
                return "check mode does not load the Virtual Disk Service, so it cannot tell whether a VDS hardware " +
                    "provider exposes the target";
            }
        }

        private void Load(LogoutContext context)
        {
            if (targets != null || loadError != null)
                return;
            try
            {
                vds.Load(context.Left, context.Clock);
                targets = vds.QueryTargets(targetFailures);
                adapters = vds.QueryInitiatorAdapters(adapterFailures);
            }
            catch (Exception e)
            {
                // COM can throw more than ApiException (UnauthorizedAccessException, InvalidCastException...): every
                // one of them fails the sessions, never the run.
                targets = null;
                adapters = null;
                loadError = VdsCodes.ToApiException("VDS", e);
            }
        }

        private VdsIscsiTarget FindTarget(string target)
        {
            return targets.Find(delegate(VdsIscsiTarget t) { return IscsiSession.SameName(t.IscsiName, target); });
        }

        /// <summary>Loads VDS and lists its targets (read only): fails when VDS cannot be loaded or no provider exposes the target.</summary>
        public override string CannotLogOut(string target, LogoutContext context, out ErrorInfo error)
        {
            Load(context);
            List<ApiException> failed = loadError != null ? new List<ApiException>(new ApiException[] { loadError }) :
                FindTarget(target) == null ? targetFailures : adapters.Count == 0 ? adapterFailures : null;
            error = failed != null && failed.Count > 0 ? failed[0].Error : null;
            if (failed == null)
                return null;
            string why = loadError != null ? "VDS could not list the iSCSI targets ({0})" : failed == targetFailures ?
                (failed.Count > 0 ? "VDS could not list every iSCSI target ({0}) and {1} is not among the rest" :
                "no VDS hardware provider exposes target {1} ({2} seen)") : failed.Count > 0 ?
                "VDS could not read its iSCSI initiator adapters ({0})" : "VDS lists no iSCSI initiator adapter";
            return String.Format(why + "; use backend: iscsidsc", loadError != null ? loadError.Operation :
                Describe(failed), target, targets == null ? 0 : targets.Count);
        }

        private static string Describe(List<ApiException> failures)
        {
            return String.Join("; ", failures.ConvertAll(delegate(ApiException f)
            {
                return f.Operation + " failed: " + f.Error.ToString();
            }).ToArray());
        }

        public override List<LogoutAttempt> Logout(string target, IList<IscsiSession> sessions, LogoutContext context)
        {
            ErrorInfo why;
            string cannot = CannotLogOut(target, context, out why);
            if (cannot != null)
                return All(sessions, OutcomeKind.Failed, why, cannot);
            VdsIscsiTarget found = FindTarget(target);

            // One answer for the target across the adapters: a success wins (the first success code other than S_OK,
            // for its note), then the first real failure, then "not found" (every adapter said it has no session).
            int hr = unchecked((int)VdsCodes.SessionNotFound);
            foreach (VdsInitiatorAdapter a in adapters)
            {
                VdsInitiatorAdapter adapter = a;
                int one = VdsCodes.Timeout;
                try
                {
                    context.Run(delegate
                    {
                        if (context.Left > TimeSpan.Zero)
                            one = vds.LogoutFromTarget(adapter.Id, found.Id, context.Deadline, context.Clock);
                        if (one < 0 && IscsiConstants.IsTransient(VdsCodes.Decode(one)))
                            throw ApiException.FromHResult("LogoutFromTarget", one);
                    });
                }
                catch (Exception e)
                {
                    // A transient code after the retries, or a call that threw: keep its failure code.
                    one = VdsCodes.HResultOf(e);
                }
                if (Rank(one) > Rank(hr))
                    hr = one;
            }
            if (hr == VdsCodes.Timeout)
                return All(sessions, OutcomeKind.Failed, VdsCodes.Decode(hr), String.Format("LogoutFromTarget did not " +
                    "finish within timeout ({0} s) and was cancelled", (long)context.Timeout.TotalSeconds));
            List<LogoutAttempt> res = Map(target, sessions, hr);
            MarkBusy(res, context);
            return res;
        }

        private static int Rank(int hr)
        {
            return VdsCodes.IsNotFound(hr) ? (hr >= 0 ? 1 : 0) : hr < 0 ? 2 : hr != 0 ? 4 : 3;
        }

        private List<LogoutAttempt> Map(string target, IList<IscsiSession> sessions, int hr)
        {
            ErrorInfo info = VdsCodes.Decode(hr);
            // VDS_E_ISCSI_SESSION_NOT_FOUND, or its success twin 0x00042800 that also says VDS removed the target's
            // persistent login: the sessions were gone already, unless the initiator still lists them.
            bool notFound = VdsCodes.IsNotFound(hr), incomplete = info.Code == VdsCodes.LogoutIncomplete;
            List<IscsiSession> still = notFound || incomplete ? StillListed() : null;
            string summary = incomplete ? String.Format("VDS logged out of {0} only partly: logged out [{1}], still " +
                "logged in [{2}]", target, still == null ? "" : Ids(sessions, still, false), still == null ?
                "unknown: the session list could not be read" : Ids(sessions, still, true)) : null;
            List<LogoutAttempt> res = new List<LogoutAttempt>();
            foreach (IscsiSession s in sessions)
            {
                bool listed = still != null && Contains(still, s);
                LogoutAttempt a = new LogoutAttempt(s, OutcomeKind.Failed);
                a.Error = hr < 0 ? info : null;
                if (hr > 0)
                    a.Note = "VDS reported success with " + info.ToString();
                if (notFound)
                {
                    a.Kind = listed ? OutcomeKind.Failed : OutcomeKind.AlreadyGone;
                    a.Listed = listed;
                    a.Reason = "VDS found no session to the target" + (listed ? "; it is still listed; use backend: " +
                        "iscsidsc" : "");
                }
                else if (hr >= 0 || (incomplete && still != null && !listed))
                {
                    a.Kind = OutcomeKind.Ended;
                    a.Note = a.Note ?? summary;
                }
                else
                    a.Reason = summary ?? (info.Code == VdsCodes.LogoutFailed ? "VDS could not log out of the target" :
                        "LogoutFromTarget failed");
                res.Add(a);
            }
            return res;
        }

        private static string Ids(IList<IscsiSession> sessions, List<IscsiSession> still, bool listed)
        {
            List<string> ids = new List<string>();
            foreach (IscsiSession s in sessions)
            {
                if (Contains(still, s) == listed)
                    ids.Add(s.Id.ToString());
            }
            return String.Join(", ", ids.ToArray());
        }

        /// <summary>
        /// LogoutFromTarget documents no busy code, only VDS_E_ISCSI_LOGOUT_FAILED and ..._LOGOUT_INCOMPLETE (Learn). So
        /// after such a failure (or a busy code) a session still listed is busy when GetDevicesForIScsiSessionW still
        /// lists a disk on it: the device listing the iscsidsc path uses, retried the same way.
        /// </summary>
        private void MarkBusy(List<LogoutAttempt> attempts, LogoutContext context)
        {
            long[] busy = { VdsCodes.LogoutFailed, VdsCodes.LogoutIncomplete, VdsCodes.DeviceInUse,
                IscsiConstants.IsdscDeviceBusyOnSession };
            foreach (LogoutAttempt a in attempts.FindAll(delegate(LogoutAttempt x)
            {
                return x.Kind == OutcomeKind.Failed && x.Error != null && Array.IndexOf(busy, x.Error.Code) >= 0;
            }))
            {
                IscsiSessionId id = a.Session.Id;
                List<IscsiDevice> devices = null;
                try
                {
                    // A session no longer listed answers ISDSC_INVALID_SESSION_ID; the engine then lists it as gone.
                    context.Run(delegate { devices = initiator.GetDevices(id); });
                    a.DeviceBusy = devices.Exists(delegate(IscsiDevice d) { return d.DiskNumber >= 0; });
                }
                catch (ApiException)
                {
                }
            }
        }

        private List<IscsiSession> StillListed()
        {
            try
            {
                return initiator.GetSessions();
            }
            catch (ApiException)
            {
                return null;
            }
        }

        private static bool Contains(List<IscsiSession> list, IscsiSession s)
        {
            foreach (IscsiSession x in list)
            {
                if (x.Id.Equals(s.Id))
                    return true;
            }
            return false;
        }

        private static List<LogoutAttempt> All(IList<IscsiSession> sessions, OutcomeKind kind, ErrorInfo error,
            string reason)
        {
            List<LogoutAttempt> res = new List<LogoutAttempt>();
            foreach (IscsiSession s in sessions)
            {
                LogoutAttempt a = new LogoutAttempt(s, kind);
                a.Error = error;
                a.Reason = reason;
                res.Add(a);
            }
            return res;
        }
    }

    // ------------------------------------------------------------------ native layer (COM)

    internal static class VdsGuids
    {
        public static readonly Guid CLSID_VdsLoader = new Guid("9C38ED61-D565-4728-AEEE-C80952F0ECDE");
        public const string IVdsServiceLoader = "E0393303-90D4-4A97-AB71-E9B671EE2729";
        public const string IVdsService = "0818A8EF-9BA9-40D8-A6F9-E22833CC771E";
        public const string IVdsHwProvider = "D99BDAAE-B13A-4178-9FDB-E27F16B4603E";
        public const string IEnumVdsObject = "118610B7-8D94-4030-B5B8-500889788E4E";
        public const string IVdsSubSystemIscsi = "0027346F-40D0-4B45-8CEC-5906DC0380C8";
        public const string IVdsIscsiTarget = "AA8F5055-83E5-4BCC-AA73-19851A36A849";
        public const string IVdsServiceIscsi = "14FBE036-3ED7-4E10-90E9-A5FF991AFF01";
        public const string IVdsIscsiInitiatorAdapter = "B07FEDD4-1682-4440-9189-A39B55194DC5";
        public const string IVdsAsync = "D5D23B6D-5A55-4492-9889-397A3C2D2DBC";
    }

    internal static class VdsNativeHelpers
    {
        public const uint VDS_QUERY_HARDWARE_PROVIDERS = 2;

        [StructLayout(LayoutKind.Sequential)]
        public struct VDS_ISCSI_TARGET_PROP
        {
            public Guid id;
            public IntPtr pwszIscsiName;
            public IntPtr pwszFriendlyName;
            public int bChapEnabled;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct VDS_ISCSI_INITIATOR_ADAPTER_PROP
        {
            public Guid id;
            public IntPtr pwszName;
        }
    }

    [ComImport, Guid(VdsGuids.IVdsServiceLoader), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IVdsServiceLoader
    {
        [PreserveSig] int LoadService([MarshalAs(UnmanagedType.LPWStr)] string pwszMachineName,
            out IVdsService ppService);
    }

    [ComImport, Guid(VdsGuids.IVdsService), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IVdsService
    {
        [PreserveSig] int IsServiceReady();
        [PreserveSig] int WaitForServiceReady();
        // VDS_SERVICE_PROP* (16 bytes); never called, declared for the vtable order.
        [PreserveSig] int GetProperties(IntPtr pServiceProp);
        [PreserveSig] int QueryProviders(uint masks, out IEnumVdsObject ppEnum);
    }

    [ComImport, Guid(VdsGuids.IVdsHwProvider), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IVdsHwProvider
    {
        [PreserveSig] int QuerySubSystems(out IEnumVdsObject ppEnum);
    }

    [ComImport, Guid(VdsGuids.IEnumVdsObject), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IEnumVdsObject
    {
        [PreserveSig] int Next(uint celt, [MarshalAs(UnmanagedType.IUnknown)] out object ppObjectArray,
            out uint pcFetched);
        [PreserveSig] int Skip(uint celt);
        [PreserveSig] int Reset();
        [PreserveSig] int Clone(out IEnumVdsObject ppEnum);
    }

    [ComImport, Guid(VdsGuids.IVdsSubSystemIscsi), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IVdsSubSystemIscsi
    {
        [PreserveSig] int QueryTargets(out IEnumVdsObject ppEnum);
    }

    [ComImport, Guid(VdsGuids.IVdsIscsiTarget), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IVdsIscsiTarget
    {
        [PreserveSig] int GetProperties(out VdsNativeHelpers.VDS_ISCSI_TARGET_PROP pTargetProp);
    }

    [ComImport, Guid(VdsGuids.IVdsServiceIscsi), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IVdsServiceIscsi
    {
        [PreserveSig] int GetInitiatorName(out IntPtr ppwszIscsiName);
        [PreserveSig] int QueryInitiatorAdapters(out IEnumVdsObject ppEnum);
    }

    [ComImport, Guid(VdsGuids.IVdsIscsiInitiatorAdapter), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IVdsIscsiInitiatorAdapter
    {
        [PreserveSig] int GetProperties(out VdsNativeHelpers.VDS_ISCSI_INITIATOR_ADAPTER_PROP pInitiatorAdapterProp);
        [PreserveSig] int QueryInitiatorPortals(out IEnumVdsObject ppEnum);
        [PreserveSig] int LoginToTarget(int loginType, Guid targetId, Guid targetPortalId, Guid initiatorPortalId,
            uint ulLoginFlags, int bHeaderDigest, int bDataDigest, int authType, out IVdsAsync ppAsync);
        [PreserveSig] int LogoutFromTarget(Guid targetId, out IVdsAsync ppAsync);
    }

    [ComImport, Guid(VdsGuids.IVdsAsync), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    internal interface IVdsAsync
    {
        [PreserveSig] int Cancel();
        // VDS_ASYNC_OUTPUT* (32 bytes); never called (it has no bound), declared for the vtable order.
        [PreserveSig] int Wait(out int pHrResult, IntPtr pAsyncOut);
        [PreserveSig] int QueryStatus(out int pHrResult, out uint pulPercentCompleted);
    }

    /// <summary>
    /// IVdsApi over the VDS COM service, loaded as Microsoft's "Loading VDS" sample does
    /// (https://learn.microsoft.com/windows/win32/vds/loading-vds): CoCreateInstance(CLSID_VdsLoader),
    /// LoadService(NULL). It does not call CoInitializeSecurity: that sets COM security for the whole PowerShell
    /// process, the sample does not call it, and on a thread where COM is not initialised yet it only fails. Instead of
    /// WaitForServiceReady, which blocks with no bound, it polls IsServiceReady (S_OK ready, S_FALSE still
    /// initializing, VDS_E_INITIALIZED_FAILED) until the timeout. Every COM object is released in Dispose.
    /// It only translates.
    /// </summary>
    public class NativeVdsApi : IVdsApi, IDisposable
    {
        /// <summary>The interval between two IsServiceReady polls.</summary>
        internal static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(500);
        private const int E_NOINTERFACE = unchecked((int)0x80004002);
        private const long ErrorTimeout = 1460;

        private readonly Func<object> createLoader;
        private IVdsService service;
        private readonly List<object> held = new List<object>();
        private readonly Dictionary<Guid, IVdsIscsiInitiatorAdapter> adapterObjects =
            new Dictionary<Guid, IVdsIscsiInitiatorAdapter>();

        public NativeVdsApi()
            : this(delegate { return Activator.CreateInstance(Type.GetTypeFromCLSID(VdsGuids.CLSID_VdsLoader, true)); })
        {
        }

        /// <summary>For tests: createLoader stands for CoCreateInstance(CLSID_VdsLoader).</summary>
        internal NativeVdsApi(Func<object> createLoader)
        {
            this.createLoader = createLoader;
        }

        /// <summary>Loads VDS on this host and waits up to timeout until IsServiceReady answers S_OK.</summary>
        public void Load(TimeSpan timeout, IClock clock)
        {
            if (service != null)
                return;
            string step = "CoCreateInstance(CLSID_VdsLoader)";
            try
            {
                // Activator throws COMException, UnauthorizedAccessException (E_ACCESSDENIED) or others.
                object loaderObj = createLoader();
                held.Add(loaderObj);
                step = "QueryInterface(IVdsServiceLoader)";
                IVdsServiceLoader loader = loaderObj as IVdsServiceLoader;
                if (loader == null)
                    throw ApiException.FromHResult(step, E_NOINTERFACE);
                step = "IVdsServiceLoader::LoadService";
                IVdsService svc;
                int hr = loader.LoadService(null, out svc);
                if (hr < 0)
                    throw ApiException.FromHResult(step, hr);
                if (svc == null)
                    throw ApiException.FromHResult(step + " (no service object)", E_NOINTERFACE);
                held.Add(svc);
                step = "IVdsService::IsServiceReady";
                WaitUntilReady(svc, timeout, clock);
                service = svc;
            }
            catch (ApiException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw VdsCodes.ToApiException(step, e);
            }
        }

        private static void WaitUntilReady(IVdsService svc, TimeSpan timeout, IClock clock)
        {
            if (!PollUntil(delegate
                {
                    int hr = svc.IsServiceReady();
                    if (hr < 0)
                        throw ApiException.FromHResult("IVdsService::IsServiceReady", hr);
                    return hr == 0;
                }, clock.UtcNow + timeout, clock))
                throw new ApiException(String.Format("IVdsService::IsServiceReady (VDS still initializing after {0} " +
                    "seconds; raise timeout)", (long)Math.Ceiling(timeout.TotalSeconds)), ErrorCatalog.Decode(ErrorTimeout));
        }

        /// <summary>
        /// Asks done every ReadyPoll until it answers true (then true) or the deadline passes (then false); less than a
        /// millisecond left counts as passed, so the last wait never spins.
        /// </summary>
        private static bool PollUntil(Func<bool> done, DateTime deadline, IClock clock)
        {
            while (!done())
            {
                TimeSpan left = deadline - clock.UtcNow;
                if (left < TimeSpan.FromMilliseconds(1))
                    return false;
                clock.Sleep(left < ReadyPoll ? left : ReadyPoll);
            }
            return true;
        }

        /// <summary>The items of an enumeration that are T; throws when the call that gave it failed.</summary>
        private List<T> Items<T>(int hr, IEnumVdsObject e, string operation) where T : class
        {
            if (hr < 0)
                throw ApiException.FromHResult(operation, hr);
            List<T> res = new List<T>();
            if (e == null)
                return res;
            held.Add(e);
            object unk;
            uint fetched;
            while ((hr = e.Next(1, out unk, out fetched)) == 0 && fetched > 0 && unk != null)
            {
                held.Add(unk);
                if (unk is T)
                    res.Add(unk as T);
            }
            if (hr < 0)
                throw ApiException.FromHResult(operation + " IEnumVdsObject::Next", hr);
            return res;
        }

        public List<VdsIscsiTarget> QueryTargets(List<ApiException> failures)
        {
            List<VdsIscsiTarget> res = new List<VdsIscsiTarget>();
            IEnumVdsObject e;
            // One provider, subsystem or target that fails is reported and the others are still listed.
            foreach (IVdsHwProvider hw in Items<IVdsHwProvider>(service.QueryProviders(
                VdsNativeHelpers.VDS_QUERY_HARDWARE_PROVIDERS, out e), e, "IVdsService::QueryProviders(hardware)"))
            {
                try
                {
                    foreach (IVdsSubSystemIscsi sub in Items<IVdsSubSystemIscsi>(hw.QuerySubSystems(out e), e,
                        "IVdsHwProvider::QuerySubSystems"))
                    {
                        try
                        {
                            foreach (IVdsIscsiTarget t in Items<IVdsIscsiTarget>(sub.QueryTargets(out e), e,
                                "IVdsSubSystemIscsi::QueryTargets"))
                            {
                                VdsNativeHelpers.VDS_ISCSI_TARGET_PROP prop;
                                int hr = t.GetProperties(out prop);
                                if (hr < 0)
                                {
                                    failures.Add(ApiException.FromHResult("IVdsIscsiTarget::GetProperties", hr));
                                    continue;
                                }
                                VdsIscsiTarget vt = new VdsIscsiTarget();
                                vt.Id = prop.id;
                                vt.IscsiName = TakeString(prop.pwszIscsiName);
                                TakeString(prop.pwszFriendlyName);
                                res.Add(vt);
                            }
                        }
                        catch (ApiException x)
                        {
                            failures.Add(x);
                        }
                    }
                }
                catch (ApiException x)
                {
                    failures.Add(x);
                }
            }
            return res;
        }

        public List<VdsInitiatorAdapter> QueryInitiatorAdapters(List<ApiException> failures)
        {
            List<VdsInitiatorAdapter> res = new List<VdsInitiatorAdapter>();
            IVdsServiceIscsi si = service as IVdsServiceIscsi;
            if (si == null)
                throw new ApiException("QueryInterface(IVdsServiceIscsi)", VdsCodes.Decode(E_NOINTERFACE));
            IEnumVdsObject e;
            foreach (IVdsIscsiInitiatorAdapter a in Items<IVdsIscsiInitiatorAdapter>(si.QueryInitiatorAdapters(out e), e,
                "IVdsServiceIscsi::QueryInitiatorAdapters"))
            {
                VdsNativeHelpers.VDS_ISCSI_INITIATOR_ADAPTER_PROP prop;
                int hr = a.GetProperties(out prop);
                if (hr < 0)
                {
                    failures.Add(ApiException.FromHResult("IVdsIscsiInitiatorAdapter::GetProperties", hr));
                    continue;
                }
                VdsInitiatorAdapter va = new VdsInitiatorAdapter();
                va.Id = prop.id;
                va.Name = TakeString(prop.pwszName);
                adapterObjects[va.Id] = a;
                res.Add(va);
            }
            return res;
        }

        /// <summary>
        /// Never IVdsAsync::Wait, which has no bound (Learn: "Returns when the asynchronous operation has either finished
        /// successfully or failed"). QueryStatus does not wait and gives VDS_E_OPERATION_PENDING in pHrResult while the
        /// operation runs, else its result (Learn nf-vds-ivdsasync-querystatus; [MS-VDS] 3.4.5.2.2.3 writes the code as
        /// 0x00042409, so both forms count as pending). At the deadline: Cancel, VDS_E_TIMEOUT.
        /// </summary>
        public int LogoutFromTarget(Guid adapterId, Guid targetId, DateTime deadline, IClock clock)
        {
            IVdsIscsiInitiatorAdapter a;
            if (!adapterObjects.TryGetValue(adapterId, out a))
                throw new ApiException("LogoutFromTarget", VdsCodes.Decode(unchecked((int)VdsCodes.SessionNotFound)));
            IVdsAsync async;
            int hr = a.LogoutFromTarget(targetId, out async);
            if (hr < 0 || async == null)
                return hr;
            try
            {
                int result = 0;
                hr = 0;
                if (PollUntil(delegate
                    {
                        uint percent;
                        hr = async.QueryStatus(out result, out percent);
                        return hr < 0 && hr != VdsCodes.Pending || hr != VdsCodes.Pending && result != VdsCodes.Pending &&
                            result != 0x00042409;
                    }, deadline, clock))
                    return hr < 0 ? hr : result;
                async.Cancel();
                return VdsCodes.Timeout;
            }
            finally
            {
                if (Marshal.IsComObject(async))
                    Marshal.ReleaseComObject(async);
            }
        }

        private static string TakeString(IntPtr p)
        {
            if (p == IntPtr.Zero)
                return null;
            string s = Marshal.PtrToStringUni(p);
            Marshal.FreeCoTaskMem(p);
            return s;
        }

        public void Dispose()
        {
            for (int i = held.Count - 1; i >= 0; i--)
            {
                if (held[i] != null && Marshal.IsComObject(held[i]))
                    Marshal.ReleaseComObject(held[i]);
            }
            held.Clear();
            adapterObjects.Clear();
            service = null;
        }
    }
}
