/* Copyright (c) 2026 sessionctl.windows contributors
 * GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
 *
 * libiscsidsc.so: an ABI-level fake of the iscsidsc.dll functions NativeIscsiInitiatorApi calls (tests only). The
 * caller owns every buffer here (no free function): the fake follows each function's size protocol, writes only
 * within the size the caller declared, and answers ERROR_INSUFFICIENT_BUFFER with the size it needs. Sessions,
 * devices, persistent logins, list growth and ISDSC_* failures are scripted by iscsifake_* functions.
 *
 * Sources (Microsoft Learn, iscsidsc.h reference; see ../shared/reference/windows-api-notes.md section 2):
 *   GetIScsiSessionListW https://learn.microsoft.com/windows/win32/api/iscsidsc/nf-iscsidsc-getiscsisessionlistw
 *   GetDevicesForIScsiSessionW https://learn.microsoft.com/windows/win32/api/iscsidsc/nf-iscsidsc-getdevicesforiscsisessionw
 *   ReportIScsiPersistentLoginsW https://learn.microsoft.com/windows/win32/api/iscsidsc/nf-iscsidsc-reportiscsipersistentloginsw
 *   LogoutIScsiTarget    https://learn.microsoft.com/windows/win32/api/iscsidsc/nf-iscsidsc-logoutiscsitarget
 *   RemoveIScsiPersistentTargetW https://learn.microsoft.com/windows/win32/api/iscsidsc/nf-iscsidsc-removeiscsipersistenttargetw
 *   ISCSI_SESSION_INFOW, ISCSI_CONNECTION_INFOW, ISCSI_DEVICE_ON_SESSIONW, PERSISTENT_ISCSI_LOGIN_INFOW,
 *   ISCSI_TARGET_PORTALW (same reference, ns-iscsidsc-*); x64 sizes/offsets from Microsoft's win32metadata
 *   projection (windows-api-notes section 5). Not mingw-w64's iscsidsc.h, which has errors.
 *   ISDSC_* codes: iscsierr.h (windows-api-notes [S9]).
 */
#include "fake_common.h"

#define ISDSC_NOT_FOUND 0xEFFF000Bu
#define ISDSC_INVALID_SESSION_ID 0xEFFF001Cu
#define ISCSI_ALL_INITIATOR_PORTS 0xFFFFFFFFu

typedef struct {
    uint64_t AdapterUnique;
    uint64_t AdapterSpecific;
} ISCSI_UNIQUE_SESSION_ID;

typedef struct {
    ISCSI_UNIQUE_SESSION_ID ConnectionId;
    WCHAR *InitiatorAddress;
    WCHAR *TargetAddress;
    USHORT InitiatorSocket;
    USHORT TargetSocket;
    UCHAR CID[2];
} ISCSI_CONNECTION_INFOW;
_Static_assert(sizeof(ISCSI_CONNECTION_INFOW) == 40, "ISCSI_CONNECTION_INFOW is 40 bytes");
_Static_assert(offsetof(ISCSI_CONNECTION_INFOW, InitiatorSocket) == 32, "InitiatorSocket @32");
_Static_assert(offsetof(ISCSI_CONNECTION_INFOW, TargetSocket) == 34, "TargetSocket @34");

typedef struct {
    ISCSI_UNIQUE_SESSION_ID SessionId;
    WCHAR *InitiatorName;
    WCHAR *TargetNodeName;
    WCHAR *TargetName;
    UCHAR ISID[6];
    UCHAR TSID[2];
    ULONG ConnectionCount;
    ISCSI_CONNECTION_INFOW *Connections;
} ISCSI_SESSION_INFOW;
_Static_assert(sizeof(ISCSI_SESSION_INFOW) == 64, "ISCSI_SESSION_INFOW is 64 bytes");
_Static_assert(offsetof(ISCSI_SESSION_INFOW, TargetName) == 32, "TargetName @32");
_Static_assert(offsetof(ISCSI_SESSION_INFOW, Connections) == 56, "Connections @56");

#pragma pack(push, 2)
typedef struct {
    WCHAR SymbolicName[256];
    WCHAR Address[256];
    USHORT Socket;
} ISCSI_TARGET_PORTALW;
#pragma pack(pop)
_Static_assert(sizeof(ISCSI_TARGET_PORTALW) == 1026, "ISCSI_TARGET_PORTALW is 1026 bytes");

typedef struct {
    ULONG Version, InformationSpecified, LoginFlags, AuthType, HeaderDigest, DataDigest, MaximumConnections,
        DefaultTime2Wait, DefaultTime2Retain, UsernameLength, PasswordLength;
    UCHAR *Username;
    UCHAR *Password;
} ISCSI_LOGIN_OPTIONS;
_Static_assert(sizeof(ISCSI_LOGIN_OPTIONS) == 64, "ISCSI_LOGIN_OPTIONS is 64 bytes");

typedef struct {
    WCHAR TargetName[224];
    UCHAR IsInformationalSession;
    WCHAR InitiatorInstance[256];
    ULONG InitiatorPortNumber;
    ISCSI_TARGET_PORTALW TargetPortal;
    uint64_t SecurityFlags;
    void *Mappings;
    ISCSI_LOGIN_OPTIONS LoginOptions;
} PERSISTENT_ISCSI_LOGIN_INFOW;
_Static_assert(sizeof(PERSISTENT_ISCSI_LOGIN_INFOW) == 2080, "PERSISTENT_ISCSI_LOGIN_INFOW is 2080 bytes");
_Static_assert(offsetof(PERSISTENT_ISCSI_LOGIN_INFOW, TargetPortal) == 968, "TargetPortal @968");
_Static_assert(offsetof(PERSISTENT_ISCSI_LOGIN_INFOW, SecurityFlags) == 2000, "SecurityFlags @2000");

typedef struct {
    ULONG Length;
    UCHAR PortNumber, PathId, TargetId, Lun;
} SCSI_ADDRESS;

typedef struct {
    uint32_t Data1;
    uint16_t Data2, Data3;
    uint8_t Data4[8];
} GUID;

typedef struct {
    ULONG DeviceType, DeviceNumber, PartitionNumber;
} STORAGE_DEVICE_NUMBER;

typedef struct {
    WCHAR InitiatorName[256];
    WCHAR TargetName[224];
    SCSI_ADDRESS ScsiAddress;
    GUID DeviceInterfaceType;
    WCHAR DeviceInterfaceName[260];
    WCHAR LegacyName[260];
    STORAGE_DEVICE_NUMBER StorageDeviceNumber;
    DWORD DeviceInstance;
} ISCSI_DEVICE_ON_SESSIONW;
_Static_assert(sizeof(ISCSI_DEVICE_ON_SESSIONW) == 2040, "ISCSI_DEVICE_ON_SESSIONW is 2040 bytes");
_Static_assert(offsetof(ISCSI_DEVICE_ON_SESSIONW, StorageDeviceNumber) == 2024, "StorageDeviceNumber @2024");

/* ------------------------------------------------------------------ scripted state */

#define MAX_SESSIONS 128
#define MAX_CONN 4
#define MAX_DEV 8
#define MAX_LOGINS 64

typedef struct {
    WCHAR initiator[64], target[64];
    USHORT isock, tsock;
} conn_t;

typedef struct {
    WCHAR legacy[260], iface[260];
    ULONG type, number, partition;
} dev_t_;

typedef struct {
    int used;
    uint64_t unique, specific;
    WCHAR initiator[256], nodename[256], target[256];
    conn_t conn[MAX_CONN];
    int nconn;
    dev_t_ dev[MAX_DEV];
    int ndev;
} isession_t;

typedef struct {
    int used;
    PERSISTENT_ISCSI_LOGIN_INFOW info;
} login_t;

static isession_t g_sessions[MAX_SESSIONS];
static login_t g_logins[MAX_LOGINS];
static int g_grow_sessions, g_grow_logins, g_grow_devices;
static int g_device_count_kept;

FAKE_COMMON_EXPORTS(iscsifake)

EXPORT void iscsifake_reset(void)
{
    common_reset();
    memset(g_sessions, 0, sizeof g_sessions);
    memset(g_logins, 0, sizeof g_logins);
    g_grow_sessions = g_grow_logins = g_grow_devices = 0;
    g_device_count_kept = 0;
}

/* How GetDevicesForIScsiSessionW fills DeviceCount with ERROR_INSUFFICIENT_BUFFER: 0 = the count needed (os-win
 * sizes its retry from it), 1 = left as the caller's capacity (Learn: "the location still receives the number of
 * elements the buffer is capable of containing"). Which one Windows does is UNCONFIRMED; the code must cope with
 * both. */
EXPORT void iscsifake_set_device_count_kept(int kept)
{
    g_device_count_kept = kept;
}

EXPORT int iscsifake_add_session(uint64_t unique, uint64_t specific, const WCHAR *initiator, const WCHAR *nodename,
    const WCHAR *target)
{
    for (int i = 0; i < MAX_SESSIONS; i++) {
        isession_t *s = &g_sessions[i];
        if (s->used)
            continue;
        memset(s, 0, sizeof *s);
        s->used = 1;
        s->unique = unique;
        s->specific = specific;
        u16copy(s->initiator, 256, initiator);
        u16copy(s->nodename, 256, nodename);
        u16copy(s->target, 256, target);
        return i;
    }
    return -1;
}

EXPORT void iscsifake_add_connection(int session, const WCHAR *initiatorAddress, int initiatorSocket,
    const WCHAR *targetAddress, int targetSocket)
{
    isession_t *s = &g_sessions[session];
    if (s->nconn >= MAX_CONN)
        return;
    conn_t *c = &s->conn[s->nconn++];
    u16copy(c->initiator, 64, initiatorAddress);
    u16copy(c->target, 64, targetAddress);
    c->isock = (USHORT)initiatorSocket;
    c->tsock = (USHORT)targetSocket;
}

EXPORT void iscsifake_add_device(int session, int deviceType, int deviceNumber, int partition, const WCHAR *legacy,
    const WCHAR *iface)
{
    isession_t *s = &g_sessions[session];
    if (s->ndev >= MAX_DEV)
        return;
    dev_t_ *d = &s->dev[s->ndev++];
    d->type = (ULONG)deviceType;
    d->number = (ULONG)deviceNumber;
    d->partition = (ULONG)partition;
    u16copy(d->legacy, 260, legacy);
    u16copy(d->iface, 260, iface);
}

EXPORT void iscsifake_add_login(const WCHAR *target, int informational, const WCHAR *initiatorInstance, ULONG port,
    const WCHAR *portalSymbolic, const WCHAR *portalAddress, int portalSocket)
{
    for (int i = 0; i < MAX_LOGINS; i++) {
        if (g_logins[i].used)
            continue;
        login_t *l = &g_logins[i];
        memset(l, 0, sizeof *l);
        l->used = 1;
        u16copy(l->info.TargetName, 224, target);
        l->info.IsInformationalSession = (UCHAR)(informational ? 1 : 0);
        u16copy(l->info.InitiatorInstance, 256, initiatorInstance);
        l->info.InitiatorPortNumber = port;
        u16copy(l->info.TargetPortal.SymbolicName, 256, portalSymbolic);
        u16copy(l->info.TargetPortal.Address, 256, portalAddress);
        l->info.TargetPortal.Socket = (USHORT)portalSocket;
        l->info.LoginOptions.Version = 0; /* ISCSI_LOGIN_OPTIONS_VERSION */
        return;
    }
}

/* After the next ERROR_INSUFFICIENT_BUFFER answer of fn, n more entries appear (the list grows between the size
 * query and the fetch), so the retry with the advertised size is too small again. */
EXPORT void iscsifake_grow(const WCHAR *fn, int n)
{
    char a[64];
    u16ascii(fn, a, sizeof a);
    if (!strcmp(a, "GetIScsiSessionListW"))
        g_grow_sessions = n;
    else if (!strcmp(a, "ReportIScsiPersistentLoginsW"))
        g_grow_logins = n;
    else if (!strcmp(a, "GetDevicesForIScsiSessionW"))
        g_grow_devices = n;
}

EXPORT int iscsifake_session_count(void)
{
    int n = 0;
    for (int i = 0; i < MAX_SESSIONS; i++)
        n += g_sessions[i].used;
    return n;
}

EXPORT int iscsifake_login_count(void)
{
    int n = 0;
    for (int i = 0; i < MAX_LOGINS; i++)
        n += g_logins[i].used;
    return n;
}

static void grow_sessions(int n)
{
    int last = -1;
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (g_sessions[i].used)
            last = i;
    }
    for (int k = 0; k < n && last >= 0; k++) {
        int j = iscsifake_add_session(g_sessions[last].unique, g_sessions[last].specific + 1000u + (uint64_t)k,
            g_sessions[last].initiator, g_sessions[last].nodename, g_sessions[last].target);
        if (j < 0)
            return;
        g_sessions[j].nconn = g_sessions[last].nconn;
        memcpy(g_sessions[j].conn, g_sessions[last].conn, sizeof g_sessions[j].conn);
    }
}

static isession_t *find_session(const ISCSI_UNIQUE_SESSION_ID *id)
{
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (g_sessions[i].used && g_sessions[i].unique == id->AdapterUnique && g_sessions[i].specific == id->AdapterSpecific)
            return &g_sessions[i];
    }
    return NULL;
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* The bytes the session list needs: the entries, then per session its connection array (8-aligned) and strings. */
static size_t session_list_size(int *count)
{
    size_t need = 0;
    int n = 0;
    for (int i = 0; i < MAX_SESSIONS; i++)
        n += g_sessions[i].used;
    need = (size_t)n * sizeof(ISCSI_SESSION_INFOW);
    for (int i = 0; i < MAX_SESSIONS; i++) {
        isession_t *s = &g_sessions[i];
        if (!s->used)
            continue;
        need = align8(need) + (size_t)s->nconn * sizeof(ISCSI_CONNECTION_INFOW);
        need += (u16len(s->initiator) + u16len(s->nodename) + u16len(s->target) + 3) * sizeof(WCHAR);
        for (int c = 0; c < s->nconn; c++)
            need += (u16len(s->conn[c].initiator) + u16len(s->conn[c].target) + 2) * sizeof(WCHAR);
    }
    *count = n;
    return align8(need);
}

static WCHAR *put_string(unsigned char *base, size_t *off, const WCHAR *s)
{
    size_t n = u16len(s);
    WCHAR *dst = (WCHAR *)(base + *off);
    memcpy(dst, s, n * sizeof(WCHAR));
    dst[n] = 0;
    *off += (n + 1) * sizeof(WCHAR);
    return dst;
}

/* ULONG GetIScsiSessionListW(ULONG *BufferSize, ULONG *SessionCount, PISCSI_SESSION_INFOW SessionInfo).
 * Learn: BufferSize is "the size, in bytes, of the caller-allocated buffer"; on success it "receives the size, in
 * bytes, of the session information data that was retrieved", with ERROR_INSUFFICIENT_BUFFER "the size, in bytes,
 * of the buffer size required". SessionCount is annotated [out] but described as also carrying the capacity in
 * entries on input; this fake ignores its input (UNCONFIRMED what Windows does with it). The strings and
 * connection arrays the entries point to are in the same buffer, after the entries (os-win [S10] allocates the
 * returned size because the buffer "may contain pointers"). */
EXPORT ULONG GetIScsiSessionListW(ULONG *BufferSize, ULONG *SessionCount, ISCSI_SESSION_INFOW *SessionInfo)
{
    uint32_t code;
    if (!BufferSize || !SessionCount) {
        violation("GetIScsiSessionListW: BufferSize and SessionCount must not be NULL");
        return ERROR_INVALID_PARAMETER;
    }
    if (rule_take("GetIScsiSessionListW", ANY_SESSION, &code, NULL)) {
        logcall("GetIScsiSessionListW(BufferSize=%u) -> 0x%x", *BufferSize, code);
        return code;
    }
    int n;
    size_t need = session_list_size(&n);
    if (SessionInfo == NULL || *BufferSize < need) {
        logcall("GetIScsiSessionListW(BufferSize=%u) -> 122, needs %zu", *BufferSize, need);
        *BufferSize = (ULONG)need;
        if (g_grow_sessions > 0) {
            grow_sessions(g_grow_sessions);
            g_grow_sessions = 0;
        }
        return ERROR_INSUFFICIENT_BUFFER;
    }
    logcall("GetIScsiSessionListW(BufferSize=%u) -> 0, %d sessions", *BufferSize, n);
    unsigned char *base = (unsigned char *)SessionInfo;
    size_t off = (size_t)n * sizeof(ISCSI_SESSION_INFOW);
    int k = 0;
    for (int i = 0; i < MAX_SESSIONS; i++) {
        isession_t *s = &g_sessions[i];
        if (!s->used)
            continue;
        ISCSI_SESSION_INFOW *e = &SessionInfo[k++];
        memset(e, 0, sizeof *e);
        e->SessionId.AdapterUnique = s->unique;
        e->SessionId.AdapterSpecific = s->specific;
        e->ISID[0] = 0x40;
        e->ISID[5] = (UCHAR)i;
        e->TSID[0] = (UCHAR)(i + 1);
        off = align8(off);
        e->ConnectionCount = (ULONG)s->nconn;
        e->Connections = s->nconn ? (ISCSI_CONNECTION_INFOW *)(base + off) : NULL;
        off += (size_t)s->nconn * sizeof(ISCSI_CONNECTION_INFOW);
        e->InitiatorName = put_string(base, &off, s->initiator);
        e->TargetNodeName = put_string(base, &off, s->nodename);
        e->TargetName = put_string(base, &off, s->target);
        for (int c = 0; c < s->nconn; c++) {
            ISCSI_CONNECTION_INFOW *ci = &e->Connections[c];
            memset(ci, 0, sizeof *ci);
            ci->ConnectionId.AdapterUnique = s->unique;
            ci->ConnectionId.AdapterSpecific = s->specific * 16u + (uint64_t)c;
            ci->InitiatorAddress = put_string(base, &off, s->conn[c].initiator);
            ci->TargetAddress = put_string(base, &off, s->conn[c].target);
            ci->InitiatorSocket = s->conn[c].isock;
            ci->TargetSocket = s->conn[c].tsock;
            ci->CID[0] = (UCHAR)(c + 1);
        }
    }
    if (off > *BufferSize)
        violation("GetIScsiSessionListW: fake wrote %zu bytes into %u (fake bug)", off, *BufferSize);
    *SessionCount = (ULONG)n;
    *BufferSize = (ULONG)need;
    return ERROR_SUCCESS;
}

/* ULONG GetDevicesForIScsiSessionW(PISCSI_UNIQUE_SESSION_ID UniqueSessionId, ULONG *DeviceCount,
 * PISCSI_DEVICE_ON_SESSIONW Devices). Learn: DeviceCount is "on input, the number of elements of type
 * ISCSI_DEVICE_ON_SESSION that can fit in the buffer", on output the number retrieved, or needed with
 * ERROR_INSUFFICIENT_BUFFER. An unknown session: ISDSC_INVALID_SESSION_ID (UNCONFIRMED which code Windows gives). */
EXPORT ULONG GetDevicesForIScsiSessionW(ISCSI_UNIQUE_SESSION_ID *UniqueSessionId, ULONG *DeviceCount,
    ISCSI_DEVICE_ON_SESSIONW *Devices)
{
    uint32_t code;
    if (!UniqueSessionId || !DeviceCount) {
        violation("GetDevicesForIScsiSessionW: UniqueSessionId and DeviceCount must not be NULL");
        return ERROR_INVALID_PARAMETER;
    }
    if (rule_take("GetDevicesForIScsiSessionW", (long long)UniqueSessionId->AdapterSpecific, &code, NULL)) {
        logcall("GetDevicesForIScsiSessionW(DeviceCount=%u) -> 0x%x", *DeviceCount, code);
        return code;
    }
    isession_t *s = find_session(UniqueSessionId);
    if (!s) {
        logcall("GetDevicesForIScsiSessionW(%llx-%llx) -> ISDSC_INVALID_SESSION_ID",
            (unsigned long long)UniqueSessionId->AdapterUnique, (unsigned long long)UniqueSessionId->AdapterSpecific);
        return ISDSC_INVALID_SESSION_ID;
    }
    if (Devices == NULL || *DeviceCount < (ULONG)s->ndev) {
        logcall("GetDevicesForIScsiSessionW(DeviceCount=%u) -> 122, needs %d", *DeviceCount, s->ndev);
        if (!g_device_count_kept)
            *DeviceCount = (ULONG)s->ndev;
        for (; g_grow_devices > 0 && s->ndev < MAX_DEV; g_grow_devices--) {
            s->dev[s->ndev] = s->dev[s->ndev - 1];
            s->dev[s->ndev].number += 1;
            s->ndev++;
        }
        g_grow_devices = 0;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    logcall("GetDevicesForIScsiSessionW(DeviceCount=%u) -> 0, %d devices", *DeviceCount, s->ndev);
    for (int i = 0; i < s->ndev; i++) {
        ISCSI_DEVICE_ON_SESSIONW *d = &Devices[i];
        memset(d, 0, sizeof *d);
        u16copy(d->InitiatorName, 256, s->initiator);
        u16copy(d->TargetName, 224, s->target);
        d->ScsiAddress.Length = sizeof(SCSI_ADDRESS);
        d->ScsiAddress.PortNumber = 2;
        d->ScsiAddress.Lun = (UCHAR)i;
        d->DeviceInterfaceType.Data1 = 0x53f56307; /* GUID_DEVINTERFACE_DISK */
        d->DeviceInterfaceType.Data2 = 0xb6bf;
        d->DeviceInterfaceType.Data3 = 0x11d0;
        u16copy(d->DeviceInterfaceName, 260, s->dev[i].iface);
        u16copy(d->LegacyName, 260, s->dev[i].legacy);
        d->StorageDeviceNumber.DeviceType = s->dev[i].type;
        d->StorageDeviceNumber.DeviceNumber = s->dev[i].number;
        d->StorageDeviceNumber.PartitionNumber = s->dev[i].partition;
        d->DeviceInstance = 100u + (DWORD)i;
    }
    *DeviceCount = (ULONG)s->ndev;
    return ERROR_SUCCESS;
}

/* ULONG ReportIScsiPersistentLoginsW(ULONG *Count, PPERSISTENT_ISCSI_LOGIN_INFOW PersistentLoginInfo,
 * PULONG BufferSizeInBytes). Learn: Count "receives a count of the elements"; BufferSizeInBytes holds the
 * buffer's size in bytes on input and, if it is insufficient, "what is required to contain the output data". */
EXPORT ULONG ReportIScsiPersistentLoginsW(ULONG *Count, PERSISTENT_ISCSI_LOGIN_INFOW *PersistentLoginInfo,
    ULONG *BufferSizeInBytes)
{
    uint32_t code;
    if (!Count || !BufferSizeInBytes) {
        violation("ReportIScsiPersistentLoginsW: Count and BufferSizeInBytes must not be NULL");
        return ERROR_INVALID_PARAMETER;
    }
    if (rule_take("ReportIScsiPersistentLoginsW", ANY_SESSION, &code, NULL)) {
        logcall("ReportIScsiPersistentLoginsW(BufferSizeInBytes=%u) -> 0x%x", *BufferSizeInBytes, code);
        return code;
    }
    int n = iscsifake_login_count();
    size_t need = (size_t)n * sizeof(PERSISTENT_ISCSI_LOGIN_INFOW);
    if (PersistentLoginInfo == NULL || *BufferSizeInBytes < need) {
        logcall("ReportIScsiPersistentLoginsW(BufferSizeInBytes=%u) -> 122, needs %zu", *BufferSizeInBytes, need);
        *BufferSizeInBytes = (ULONG)need;
        for (int k = 0; k < g_grow_logins; k++) {
            WCHAR name[64];
            const char *t = "iqn.1991-05.com.microsoft:grown";
            size_t j = 0;
            for (; t[j]; j++)
                name[j] = (WCHAR)t[j];
            name[j++] = (WCHAR)('a' + k);
            name[j] = 0;
            const WCHAR inst[] = {'R', 'O', 'O', 'T', '\\', 'I', 'S', 'C', 'S', 'I', 'P', 'R', 'T', 0};
            const WCHAR addr[] = {'1', '0', '.', '0', '.', '0', '.', '9', 0};
            iscsifake_add_login(name, 0, inst, ISCSI_ALL_INITIATOR_PORTS, NULL, addr, 3260);
        }
        g_grow_logins = 0;
        return ERROR_INSUFFICIENT_BUFFER;
    }
    logcall("ReportIScsiPersistentLoginsW(BufferSizeInBytes=%u) -> 0, %d logins", *BufferSizeInBytes, n);
    int k = 0;
    for (int i = 0; i < MAX_LOGINS; i++) {
        if (g_logins[i].used)
            PersistentLoginInfo[k++] = g_logins[i].info;
    }
    *Count = (ULONG)n;
    return ERROR_SUCCESS;
}

/* ULONG LogoutIScsiTarget(PISCSI_UNIQUE_SESSION_ID UniqueSessionId). Learn: logs out the session; failures are
 * Win32 or ISDSC_* codes (a busy device: ISDSC_DEVICE_BUSY_ON_SESSION; a request in progress: ISDSC_SESSION_BUSY,
 * which os-win [S10] retries; both scripted with iscsifake_fail). A session that is not there:
 * ISDSC_INVALID_SESSION_ID (UNCONFIRMED). */
EXPORT ULONG LogoutIScsiTarget(ISCSI_UNIQUE_SESSION_ID *UniqueSessionId)
{
    uint32_t code;
    int remove = 0;
    if (!UniqueSessionId) {
        violation("LogoutIScsiTarget: UniqueSessionId must not be NULL");
        return ERROR_INVALID_PARAMETER;
    }
    logcall("LogoutIScsiTarget(%llx-%llx)", (unsigned long long)UniqueSessionId->AdapterUnique,
        (unsigned long long)UniqueSessionId->AdapterSpecific);
    isession_t *s = find_session(UniqueSessionId);
    if (rule_take("LogoutIScsiTarget", (long long)UniqueSessionId->AdapterSpecific, &code, &remove)) {
        if (remove && s)
            s->used = 0;
        return code;
    }
    if (!s)
        return ISDSC_INVALID_SESSION_ID;
    s->used = 0;
    return ERROR_SUCCESS;
}

/* ULONG RemoveIScsiPersistentTargetW(PWSTR InitiatorInstance, ULONG InitiatorPortNumber, PWSTR TargetName,
 * PISCSI_TARGET_PORTALW Portal). Learn: removes the persistent login of TargetName through that initiator and
 * portal; with InitiatorPortNumber ISCSI_ALL_INITIATOR_PORTS "for all initiator ports", and "If Portal is null or
 * contains no information ... on all portals", so one call may remove several logins (a portal with an empty
 * address counts as no information here; UNCONFIRMED whether its socket alone would). InitiatorInstance is [in]
 * (not optional): NULL is recorded as a caller bug (what Windows does with NULL is UNCONFIRMED). No matching
 * login: ISDSC_NOT_FOUND (UNCONFIRMED which ISDSC code Windows gives). */
EXPORT ULONG RemoveIScsiPersistentTargetW(const WCHAR *InitiatorInstance, ULONG InitiatorPortNumber,
    const WCHAR *TargetName, ISCSI_TARGET_PORTALW *Portal)
{
    char a[256], b[256];
    uint32_t code;
    logcall("RemoveIScsiPersistentTargetW(%s, %u, %s, %s:%u)", u16ascii(InitiatorInstance, a, sizeof a),
        InitiatorPortNumber, u16ascii(TargetName, b, sizeof b), Portal ? "portal" : "(null)",
        Portal ? Portal->Socket : 0);
    if (!InitiatorInstance) {
        violation("RemoveIScsiPersistentTargetW: InitiatorInstance is [in], not optional; got NULL");
        return ERROR_INVALID_PARAMETER;
    }
    if (!TargetName) {
        violation("RemoveIScsiPersistentTargetW: TargetName must not be NULL");
        return ERROR_INVALID_PARAMETER;
    }
    if (rule_take("RemoveIScsiPersistentTargetW", ANY_SESSION, &code, NULL))
        return code;
    int anyPortal = !Portal || Portal->Address[0] == 0, removed = 0;
    for (int i = 0; i < MAX_LOGINS; i++) {
        login_t *l = &g_logins[i];
        if (!l->used || !u16ieq(l->info.TargetName, TargetName) || !u16ieq(l->info.InitiatorInstance, InitiatorInstance))
            continue;
        if (InitiatorPortNumber != ISCSI_ALL_INITIATOR_PORTS && InitiatorPortNumber != l->info.InitiatorPortNumber)
            continue;
        if (!anyPortal && (!u16ieq(Portal->Address, l->info.TargetPortal.Address) ||
            Portal->Socket != l->info.TargetPortal.Socket))
            continue;
        l->used = 0;
        removed++;
    }
    return removed ? ERROR_SUCCESS : ISDSC_NOT_FOUND;
}
