/* Copyright (c) 2026 sessionctl.windows contributors
 * GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
 *
 * libWtsapi32.so: an ABI-level fake of the wtsapi32.dll functions that NativeWtsApi / NativeWtsServer call (tests
 * only). It serves the sessions a test scripts (wtsfake_* control functions), with Windows x64 layouts and UTF-16
 * strings, and checks the caller: handles, reserved parameters, buffer lengths, and that every buffer is freed once
 * by its matching function and type class.
 *
 * Sources (Microsoft Learn, the wtsapi32 reference; facts summarised in ../shared/reference/windows-api-notes.md
 * section 1):
 *   WTSOpenServerExW      https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsopenserverexw
 *   WTSCloseServer        https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtscloseserver
 *   WTSEnumerateSessionsExW https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsenumeratesessionsexw
 *   WTSQuerySessionInformationW https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsquerysessioninformationw
 *   WTSLogoffSession      https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtslogoffsession
 *   WTSSendMessageW       https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtssendmessagew
 *   WTSFreeMemory         https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsfreememory
 *   WTSFreeMemoryExW      https://learn.microsoft.com/windows/win32/api/wtsapi32/nf-wtsapi32-wtsfreememoryexw
 *   WTS_SESSION_INFO_1W   https://learn.microsoft.com/windows/win32/api/wtsapi32/ns-wtsapi32-wts_session_info_1w
 *   WTSINFOW              https://learn.microsoft.com/windows/win32/api/wtsapi32/ns-wtsapi32-wtsinfow
 */
#include "fake_common.h"
#include <pthread.h>

/* WTS_TYPE_CLASS (wtsapi32.h) */
#define WTSTypeProcessInfoLevel0 0
#define WTSTypeProcessInfoLevel1 1
#define WTSTypeSessionInfoLevel1 2

/* WTS_INFO_CLASS values used here (wtsapi32.h) */
#define WTSSessionId 4
#define WTSUserName 5
#define WTSWinStationName 6
#define WTSDomainName 7
#define WTSConnectState 8
#define WTSClientName 10
#define WTSIdleTime 17
#define WTSOutgoingFrames 22
#define WTSSessionInfo 24
#define WTSIsRemoteSession 29

#define WTSDown 8
#define IDASYNC 32001

/* Free classes of the tracked blocks. */
#define CLS_QUERY 1      /* WTSQuerySessionInformationW output: WTSFreeMemory */
#define CLS_SESSION_INFO_1 2 /* WTSEnumerateSessionsExW level 1 array: WTSFreeMemoryExW(WTSTypeSessionInfoLevel1, p, n) */
#define CLS_CHILD 3      /* a string an entry points to: freed with its array */

typedef struct {
    DWORD ExecEnvId;
    int32_t State;
    DWORD SessionId;
    WCHAR *pSessionName;
    WCHAR *pHostName;
    WCHAR *pUserName;
    WCHAR *pDomainName;
    WCHAR *pFarmName;
} WTS_SESSION_INFO_1W;
_Static_assert(sizeof(WTS_SESSION_INFO_1W) == 56, "WTS_SESSION_INFO_1W is 56 bytes on x64");
_Static_assert(offsetof(WTS_SESSION_INFO_1W, pSessionName) == 16, "pSessionName @16");
_Static_assert(offsetof(WTS_SESSION_INFO_1W, pFarmName) == 48, "pFarmName @48");

typedef struct {
    int32_t State;
    DWORD SessionId;
    DWORD IncomingBytes, OutgoingBytes, IncomingFrames, OutgoingFrames, IncomingCompressedBytes, OutgoingCompressedBytes;
    WCHAR WinStationName[32];
    WCHAR Domain[17];
    WCHAR UserName[21];
    int64_t ConnectTime, DisconnectTime, LastInputTime, LogonTime, CurrentTime;
} WTSINFOW;
_Static_assert(sizeof(WTSINFOW) == 216, "WTSINFOW is 216 bytes on x64");
_Static_assert(offsetof(WTSINFOW, Domain) == 96, "Domain @96");
_Static_assert(offsetof(WTSINFOW, UserName) == 130, "UserName @130");
_Static_assert(offsetof(WTSINFOW, ConnectTime) == 176, "ConnectTime @176");
_Static_assert(offsetof(WTSINFOW, CurrentTime) == 208, "CurrentTime @208");

/* ------------------------------------------------------------------ scripted state */

#define MAX_SESSIONS 256
#define NAME 260

typedef struct {
    int used;
    WCHAR server[NAME];  /* "" = the local host */
    DWORD id;
    int32_t state;
    WCHAR name[NAME], host[NAME], user[NAME], domain[NAME], farm[NAME], client[NAME];
    int has_user, has_domain;
    int64_t times[5];    /* Connect, Disconnect, LastInput, Logon, Current (FILETIME) */
    int linger;          /* after a logoff: enumerations in which it still shows (state down) */
    int logging_off;
} session_t;

static session_t g_sessions[MAX_SESSIONS];

typedef struct {
    int used;
    int open;
    WCHAR server[NAME];
} handle_t;

#define MAX_HANDLES 64
#define HANDLE_BASE 0x5A5A0000u
static handle_t g_handles[MAX_HANDLES];
static WCHAR g_known_servers[16][NAME];
static int g_nknown;
static int g_logoff_linger;
static int g_last_free_class = -100;
static int g_free_ex_calls, g_free_calls;

#define MAX_MESSAGES 32
static WCHAR g_msg_title[MAX_MESSAGES][512];
static WCHAR g_msg_text[MAX_MESSAGES][1024];
static DWORD g_msg_session[MAX_MESSAGES], g_msg_style[MAX_MESSAGES], g_msg_timeout[MAX_MESSAGES];
static int g_msg_wait[MAX_MESSAGES];
static int g_nmsg;
/* bWait TRUE answers: the response a session's user gives (wtsfake_set_response), IDOK when none is set. */
#define MAX_RESPONSES 16
static DWORD g_resp_session[MAX_RESPONSES], g_resp_code[MAX_RESPONSES];
static int g_nresp;
/* rds_message sends with bWait TRUE from several threads at once: WTSSendMessageW is serialised here. */
static pthread_mutex_t g_msg_lock = PTHREAD_MUTEX_INITIALIZER;

static const WCHAR EMPTY[1] = {0};

static int set_error(uint32_t code)
{
    errno = (int)code;
    return 0;
}

/* The server a handle means: WTS_CURRENT_SERVER_HANDLE (NULL) is the local host. NULL on an unknown handle. */
static const WCHAR *server_of(void *h, const char *fn)
{
    if (h == NULL)
        return EMPTY;
    uintptr_t v = (uintptr_t)h;
    if (v >= HANDLE_BASE && v < HANDLE_BASE + MAX_HANDLES) {
        handle_t *e = &g_handles[v - HANDLE_BASE];
        if (e->used && e->open)
            return e->server;
        violation("%s: handle %p was already closed", fn, h);
        return NULL;
    }
    violation("%s: %p is not a handle from WTSOpenServerExW (a parameter shifted?)", fn, h);
    return NULL;
}

static int server_known(const WCHAR *server)
{
    if (!server[0])
        return 1;
    for (int i = 0; i < g_nknown; i++) {
        if (u16ieq(g_known_servers[i], server))
            return 1;
    }
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (g_sessions[i].used && u16ieq(g_sessions[i].server, server))
            return 1;
    }
    return 0;
}

static session_t *find_session(const WCHAR *server, DWORD id)
{
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (g_sessions[i].used && g_sessions[i].id == id && u16ieq(g_sessions[i].server, server))
            return &g_sessions[i];
    }
    return NULL;
}

/* A failure a test scripted for this call on this session (fake_fail): 1 with *code set, else 0. A rule that
 * also removes the session models one that goes away as the call fails (a logoff racing the call). */
static int scripted_failure(const char *fn, const WCHAR *server, DWORD id, uint32_t *code)
{
    int remove = 0;
    if (!rule_take(fn, id, code, &remove))
        return 0;
    if (remove) {
        session_t *gone = find_session(server, id);
        if (gone)
            gone->used = 0;
    }
    return 1;
}

static WCHAR *child_string(int parent, const WCHAR *s, int present)
{
    if (!present)
        return NULL;
    size_t n = u16len(s);
    int b = trk_alloc((n + 1) * sizeof(WCHAR), CLS_CHILD, 0, parent, "WTS_SESSION_INFO_1W string");
    if (b < 0)
        return NULL;
    memcpy(g_blocks[b].p, s, n * sizeof(WCHAR));
    return (WCHAR *)g_blocks[b].p;
}

/* ------------------------------------------------------------------ control functions (tests call these) */

FAKE_COMMON_EXPORTS(wtsfake)

EXPORT void wtsfake_reset(void)
{
    common_reset();
    memset(g_sessions, 0, sizeof g_sessions);
    memset(g_handles, 0, sizeof g_handles);
    memset(g_known_servers, 0, sizeof g_known_servers);
    g_nknown = 0;
    g_logoff_linger = 0;
    g_last_free_class = -100;
    g_free_ex_calls = g_free_calls = 0;
    g_nmsg = 0;
    g_nresp = 0;
}

/* server NULL or "" = local host; user NULL = no user (session 0, listeners). */
EXPORT void wtsfake_add_session(const WCHAR *server, DWORD id, int32_t state, const WCHAR *name, const WCHAR *user,
    const WCHAR *domain, const WCHAR *host, const WCHAR *farm, const WCHAR *client)
{
    for (int i = 0; i < MAX_SESSIONS; i++) {
        session_t *s = &g_sessions[i];
        if (s->used)
            continue;
        memset(s, 0, sizeof *s);
        s->used = 1;
        u16copy(s->server, NAME, server);
        s->id = id;
        s->state = state;
        u16copy(s->name, NAME, name);
        u16copy(s->user, NAME, user);
        u16copy(s->domain, NAME, domain);
        u16copy(s->host, NAME, host);
        u16copy(s->farm, NAME, farm);
        u16copy(s->client, NAME, client);
        s->has_user = user != NULL;
        s->has_domain = domain != NULL;
        return;
    }
}

/* A server that answers but has no sessions yet. */
EXPORT void wtsfake_add_server(const WCHAR *server)
{
    if (g_nknown < 16)
        u16copy(g_known_servers[g_nknown++], NAME, server);
}

EXPORT void wtsfake_set_times(const WCHAR *server, DWORD id, int64_t connect, int64_t disconnect, int64_t lastInput,
    int64_t logon, int64_t current)
{
    session_t *s = find_session(server ? server : EMPTY, id);
    if (!s)
        return;
    s->times[0] = connect;
    s->times[1] = disconnect;
    s->times[2] = lastInput;
    s->times[3] = logon;
    s->times[4] = current;
}

EXPORT void wtsfake_remove_session(const WCHAR *server, DWORD id)
{
    session_t *s = find_session(server ? server : EMPTY, id);
    if (s)
        s->used = 0;
}

/* After a successful WTSLogoffSession the session still shows this many times (in state down) before it goes. */
EXPORT void wtsfake_set_logoff_linger(int enumerations)
{
    g_logoff_linger = enumerations;
}

EXPORT int wtsfake_session_count(const WCHAR *server)
{
    int n = 0;
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (g_sessions[i].used && u16ieq(g_sessions[i].server, server ? server : EMPTY))
            n++;
    }
    return n;
}

EXPORT int wtsfake_open_handles(void)
{
    int n = 0;
    for (int i = 0; i < MAX_HANDLES; i++)
        n += g_handles[i].used && g_handles[i].open;
    return n;
}

/* The WTS_TYPE_CLASS of the last WTSFreeMemoryExW call, -1 when the last free was WTSFreeMemory. */
EXPORT int wtsfake_last_free_class(void) { return g_last_free_class; }
EXPORT int wtsfake_free_ex_calls(void) { return g_free_ex_calls; }
EXPORT int wtsfake_free_calls(void) { return g_free_calls; }
EXPORT int wtsfake_message_count(void) { return g_nmsg; }
EXPORT const WCHAR *wtsfake_message_title(int i) { return i >= 0 && i < g_nmsg ? g_msg_title[i] : NULL; }
EXPORT const WCHAR *wtsfake_message_text(int i) { return i >= 0 && i < g_nmsg ? g_msg_text[i] : NULL; }
EXPORT DWORD wtsfake_message_session(int i) { return i >= 0 && i < g_nmsg ? g_msg_session[i] : 0xFFFFFFFFu; }
EXPORT DWORD wtsfake_message_timeout(int i) { return i >= 0 && i < g_nmsg ? g_msg_timeout[i] : 0xFFFFFFFFu; }
EXPORT DWORD wtsfake_message_style(int i) { return i >= 0 && i < g_nmsg ? g_msg_style[i] : 0xFFFFFFFFu; }
EXPORT int wtsfake_message_wait(int i) { return i >= 0 && i < g_nmsg ? g_msg_wait[i] : -1; }

/* What the user of session id answers when a message waits for it: IDOK 1, IDTIMEOUT 32000 (no answer before the
 * timeout ran out), ... (windows-api-notes 1.6). */
EXPORT void wtsfake_set_response(DWORD id, DWORD response)
{
    if (g_nresp < MAX_RESPONSES) {
        g_resp_session[g_nresp] = id;
        g_resp_code[g_nresp++] = response;
    }
}

static DWORD response_of(DWORD id)
{
    for (int i = g_nresp - 1; i >= 0; i--) {
        if (g_resp_session[i] == id)
            return g_resp_code[i];
    }
    return 1; /* IDOK */
}

/* ------------------------------------------------------------------ the wtsapi32 functions */

/* HANDLE WTSOpenServerExW(LPWSTR pServerName). Learn: "If the function fails, it returns a handle that is not
 * valid"; the handle's validity shows only when another call uses it, so an unreachable server fails later (here:
 * in WTSEnumerateSessionsExW with RPC_S_SERVER_UNAVAILABLE). A scripted failure returns NULL with the code. */
EXPORT void *WTSOpenServerExW(const WCHAR *pServerName)
{
    char a[128];
    uint32_t code;
    logcall("WTSOpenServerExW(%s)", u16ascii(pServerName, a, sizeof a));
    if (rule_take("WTSOpenServerExW", ANY_SESSION, &code, NULL)) {
        set_error(code);
        return NULL;
    }
    for (int i = 0; i < MAX_HANDLES; i++) {
        if (g_handles[i].used)
            continue;
        g_handles[i].used = 1;
        g_handles[i].open = 1;
        u16copy(g_handles[i].server, NAME, pServerName);
        return (void *)(uintptr_t)(HANDLE_BASE + (unsigned)i);
    }
    violation("WTSOpenServerExW: too many open handles (are they closed?)");
    set_error(8 /* ERROR_NOT_ENOUGH_MEMORY */);
    return NULL;
}

/* VOID WTSCloseServer(HANDLE hServer): closes a handle from WTSOpenServer(Ex). Closing twice is a caller bug. */
EXPORT void WTSCloseServer(void *hServer)
{
    logcall("WTSCloseServer(%p)", hServer);
    uintptr_t v = (uintptr_t)hServer;
    if (hServer == NULL) {
        violation("WTSCloseServer: WTS_CURRENT_SERVER_HANDLE is not a handle to close");
        return;
    }
    if (v < HANDLE_BASE || v >= HANDLE_BASE + MAX_HANDLES || !g_handles[v - HANDLE_BASE].used) {
        violation("WTSCloseServer: %p is not a handle from WTSOpenServerExW", hServer);
        return;
    }
    if (!g_handles[v - HANDLE_BASE].open) {
        violation("WTSCloseServer: handle %p closed twice", hServer);
        return;
    }
    g_handles[v - HANDLE_BASE].open = 0;
}

/* BOOL WTSEnumerateSessionsExW(HANDLE hServer, DWORD *pLevel, DWORD Filter, PWTS_SESSION_INFO_1W *ppSessionInfo,
 * DWORD *pCount). Learn (windows-api-notes 1.1): *pLevel is reserved, always 1, unchanged on output; Filter is
 * reserved, 0; the buffer is freed with WTSFreeMemoryExW(WTSTypeSessionInfoLevel1, p, *pCount). Here the strings
 * live in memory that WTSFreeMemoryExW frees with the array (it walks the entries, which is why it needs the type
 * class and the count; how Windows lays them out is not documented). */
EXPORT BOOL WTSEnumerateSessionsExW(void *hServer, DWORD *pLevel, DWORD Filter, WTS_SESSION_INFO_1W **ppSessionInfo,
    DWORD *pCount)
{
    uint32_t code;
    logcall("WTSEnumerateSessionsExW(%p, level=%u, filter=%u)", hServer, pLevel ? *pLevel : 0xFFFFFFFFu, Filter);
    const WCHAR *server = server_of(hServer, "WTSEnumerateSessionsExW");
    if (!server)
        return set_error(ERROR_INVALID_HANDLE);
    if (!pLevel || *pLevel != 1) {
        violation("WTSEnumerateSessionsExW: *pLevel must be 1 (reserved)");
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (Filter != 0) {
        violation("WTSEnumerateSessionsExW: Filter must be 0 (reserved), got %u", Filter);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (!ppSessionInfo || !pCount) {
        violation("WTSEnumerateSessionsExW: ppSessionInfo and pCount must not be NULL");
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (rule_take("WTSEnumerateSessionsExW", ANY_SESSION, &code, NULL))
        return set_error(code);
    if (!server_known(server))
        return set_error(1722 /* RPC_S_SERVER_UNAVAILABLE */);

    int n = 0;
    for (int i = 0; i < MAX_SESSIONS; i++)
        n += g_sessions[i].used && u16ieq(g_sessions[i].server, server);
    int arr = trk_alloc((size_t)n * sizeof(WTS_SESSION_INFO_1W), CLS_SESSION_INFO_1, n, -1,
        "WTSEnumerateSessionsExW array");
    if (arr < 0)
        return set_error(8);
    WTS_SESSION_INFO_1W *out = (WTS_SESSION_INFO_1W *)g_blocks[arr].p;
    int k = 0;
    for (int i = 0; i < MAX_SESSIONS; i++) {
        session_t *s = &g_sessions[i];
        if (!s->used || !u16ieq(s->server, server))
            continue;
        WTS_SESSION_INFO_1W *e = &out[k++];
        e->ExecEnvId = s->id;
        e->State = s->logging_off ? WTSDown : s->state;
        e->SessionId = s->id;
        e->pSessionName = child_string(arr, s->name, 1);
        e->pHostName = child_string(arr, s->host, 1);
        e->pUserName = child_string(arr, s->user, s->has_user);
        e->pDomainName = child_string(arr, s->domain, s->has_domain);
        e->pFarmName = child_string(arr, s->farm, 1);
    }
    /* A session being logged off shows for `linger` more listings, then it is gone. */
    for (int i = 0; i < MAX_SESSIONS; i++) {
        session_t *s = &g_sessions[i];
        if (s->used && s->logging_off && u16ieq(s->server, server)) {
            if (s->linger-- <= 0)
                s->used = 0;
        }
    }
    *ppSessionInfo = out;
    *pCount = (DWORD)n;
    return 1;
}

/* BOOL WTSQuerySessionInformationW(HANDLE hServer, DWORD SessionId, WTS_INFO_CLASS WTSInfoClass, LPWSTR *ppBuffer,
 * DWORD *pBytesReturned). Learn (windows-api-notes 1.1, 1.4): the buffer is freed with WTSFreeMemory;
 * pBytesReturned is the size of the data in bytes. WTSSessionInfo returns a WTSINFO; WTSClientName a null-terminated
 * string; WTSIdleTime..WTSOutgoingFrames (17-22) are not supported: the call fails with ERROR_NOT_SUPPORTED. A
 * session that does not exist fails; the code is not documented (7022 here; field reports also show 2 and 7007
 * while it is torn down, which tests script with wtsfake_fail). */
EXPORT BOOL WTSQuerySessionInformationW(void *hServer, DWORD SessionId, int32_t WTSInfoClass, WCHAR **ppBuffer,
    DWORD *pBytesReturned)
{
    uint32_t code;
    logcall("WTSQuerySessionInformationW(%p, %u, %d)", hServer, SessionId, WTSInfoClass);
    const WCHAR *server = server_of(hServer, "WTSQuerySessionInformationW");
    if (!server)
        return set_error(ERROR_INVALID_HANDLE);
    if (WTSInfoClass < 0 || WTSInfoClass > WTSIsRemoteSession) {
        violation("WTSQuerySessionInformationW: WTSInfoClass %d is not a WTS_INFO_CLASS", WTSInfoClass);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (!ppBuffer || !pBytesReturned) {
        violation("WTSQuerySessionInformationW: ppBuffer and pBytesReturned must not be NULL");
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (scripted_failure("WTSQuerySessionInformationW", server, SessionId, &code))
        return set_error(code);
    if (!server_known(server))
        return set_error(1722);
    session_t *s = find_session(server, SessionId);
    if (!s)
        return set_error(7022 /* ERROR_CTX_WINSTATION_NOT_FOUND */);
    if (WTSInfoClass >= WTSIdleTime && WTSInfoClass <= WTSOutgoingFrames)
        return set_error(ERROR_NOT_SUPPORTED);

    int b = -1;
    if (WTSInfoClass == WTSSessionInfo) {
        b = trk_alloc(sizeof(WTSINFOW), CLS_QUERY, 1, -1, "WTSQuerySessionInformationW(WTSSessionInfo)");
        WTSINFOW *i = (WTSINFOW *)g_blocks[b].p;
        i->State = s->logging_off ? WTSDown : s->state;
        i->SessionId = s->id;
        u16copy(i->WinStationName, 32, s->name);
        u16copy(i->Domain, 17, s->domain);
        u16copy(i->UserName, 21, s->user);
        i->ConnectTime = s->times[0];
        i->DisconnectTime = s->times[1];
        i->LastInputTime = s->times[2];
        i->LogonTime = s->times[3];
        i->CurrentTime = s->times[4];
    } else if (WTSInfoClass == WTSSessionId || WTSInfoClass == WTSConnectState) {
        b = trk_alloc(sizeof(DWORD), CLS_QUERY, 1, -1, "WTSQuerySessionInformationW(DWORD)");
        *(DWORD *)g_blocks[b].p = WTSInfoClass == WTSSessionId ? s->id : (DWORD)s->state;
    } else {
        const WCHAR *str;
        switch (WTSInfoClass) {
        case WTSClientName: str = s->client; break;
        case WTSUserName: str = s->user; break;
        case WTSDomainName: str = s->domain; break;
        case WTSWinStationName: str = s->name; break;
        default:
            /* Not modelled: a test that needs another class adds it here. */
            return set_error(ERROR_NOT_SUPPORTED);
        }
        size_t n = u16len(str);
        b = trk_alloc((n + 1) * sizeof(WCHAR), CLS_QUERY, 1, -1, "WTSQuerySessionInformationW(string)");
        memcpy(g_blocks[b].p, str, n * sizeof(WCHAR));
    }
    *ppBuffer = (WCHAR *)g_blocks[b].p;
    *pBytesReturned = (DWORD)g_blocks[b].size;
    return 1;
}

/* BOOL WTSLogoffSession(HANDLE hServer, DWORD SessionId, BOOL bWait). Learn: bWait FALSE returns at once (the
 * logoff goes on); nonzero on success, GetLastError on failure. Here the session then shows in state down for
 * wtsfake_set_logoff_linger() listings, then it is gone. */
EXPORT BOOL WTSLogoffSession(void *hServer, DWORD SessionId, BOOL bWait)
{
    uint32_t code;
    logcall("WTSLogoffSession(%p, %u, %d)", hServer, SessionId, bWait);
    const WCHAR *server = server_of(hServer, "WTSLogoffSession");
    if (!server)
        return set_error(ERROR_INVALID_HANDLE);
    if (bWait != 0 && bWait != 1) {
        violation("WTSLogoffSession: bWait is %d, not a BOOL (a parameter shifted?)", bWait);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (scripted_failure("WTSLogoffSession", server, SessionId, &code))
        return set_error(code);
    if (!server_known(server))
        return set_error(1722);
    session_t *s = find_session(server, SessionId);
    if (!s)
        return set_error(7022);
    if (bWait || g_logoff_linger <= 0) {
        s->used = 0;
    } else {
        s->logging_off = 1;
        s->linger = g_logoff_linger;
    }
    return 1;
}

/* BOOL WTSSendMessageW(HANDLE hServer, DWORD SessionId, LPWSTR pTitle, DWORD TitleLength, LPWSTR pMessage,
 * DWORD MessageLength, DWORD Style, DWORD Timeout, DWORD *pResponse, BOOL bWait). Learn (windows-api-notes 1.6):
 * TitleLength and MessageLength are in bytes; with bWait FALSE pResponse receives IDASYNC. A length
 * that is not the string's byte length (with or without the terminator) is recorded as a caller bug. */
static BOOL send_message(void *hServer, DWORD SessionId, const WCHAR *pTitle, DWORD TitleLength,
    const WCHAR *pMessage, DWORD MessageLength, DWORD Style, DWORD Timeout, DWORD *pResponse, BOOL bWait);

/* Learn: with bWait TRUE and Timeout 0 the call waits forever for the user; a caller that means to bound its wait
 * never makes that call (recorded as a caller bug; the fake answers IDTIMEOUT rather than hang the test). */
EXPORT BOOL WTSSendMessageW(void *hServer, DWORD SessionId, const WCHAR *pTitle, DWORD TitleLength,
    const WCHAR *pMessage, DWORD MessageLength, DWORD Style, DWORD Timeout, DWORD *pResponse, BOOL bWait)
{
    pthread_mutex_lock(&g_msg_lock);
    if (bWait == 1 && Timeout == 0)
        violation("WTSSendMessageW: bWait TRUE with Timeout 0 waits forever");
    BOOL ok = send_message(hServer, SessionId, pTitle, TitleLength, pMessage, MessageLength, Style, Timeout,
        pResponse, bWait);
    int err = errno;
    pthread_mutex_unlock(&g_msg_lock);
    errno = err;
    return ok;
}

static BOOL send_message(void *hServer, DWORD SessionId, const WCHAR *pTitle, DWORD TitleLength,
    const WCHAR *pMessage, DWORD MessageLength, DWORD Style, DWORD Timeout, DWORD *pResponse, BOOL bWait)
{
    uint32_t code;
    logcall("WTSSendMessageW(%p, %u, title %u bytes, message %u bytes, style 0x%x, timeout %u, wait %d)", hServer,
        SessionId, TitleLength, MessageLength, Style, Timeout, bWait);
    const WCHAR *server = server_of(hServer, "WTSSendMessageW");
    if (!server)
        return set_error(ERROR_INVALID_HANDLE);
    if (!pTitle || !pMessage || !pResponse) {
        violation("WTSSendMessageW: pTitle, pMessage and pResponse must not be NULL");
        return set_error(ERROR_INVALID_PARAMETER);
    }
    size_t tl = u16len(pTitle) * 2, ml = u16len(pMessage) * 2;
    if (TitleLength != tl && TitleLength != tl + 2)
        violation("WTSSendMessageW: TitleLength %u is not the title's length in bytes (%zu)", TitleLength, tl);
    if (MessageLength != ml && MessageLength != ml + 2)
        violation("WTSSendMessageW: MessageLength %u is not the message's length in bytes (%zu)", MessageLength, ml);
    if (bWait != 0 && bWait != 1) {
        violation("WTSSendMessageW: bWait is %d, not a BOOL", bWait);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (scripted_failure("WTSSendMessageW", server, SessionId, &code))
        return set_error(code);
    if (!find_session(server, SessionId))
        return set_error(7022);
    if (g_nmsg < MAX_MESSAGES) {
        u16copy(g_msg_title[g_nmsg], 512, pTitle);
        u16copy(g_msg_text[g_nmsg], 1024, pMessage);
        g_msg_session[g_nmsg] = SessionId;
        g_msg_style[g_nmsg] = Style;
        g_msg_timeout[g_nmsg] = Timeout;
        g_msg_wait[g_nmsg] = bWait;
        g_nmsg++;
    }
    *pResponse = bWait ? (Timeout == 0 ? 32000 /* IDTIMEOUT */ : response_of(SessionId)) : IDASYNC;
    return 1;
}

/* VOID WTSFreeMemory(PVOID pMemory): frees memory a WTS function allocated. Learn (WTSEnumerateSessionsExW):
 * level-1 session arrays are freed with WTSFreeMemoryEx instead; freeing one here would leave its strings. */
EXPORT void WTSFreeMemory(void *pMemory)
{
    logcall("WTSFreeMemory(%p)", pMemory);
    g_free_calls++;
    g_last_free_class = -1;
    if (!pMemory)
        return;
    int i = trk_find(pMemory);
    if (i < 0) {
        violation("WTSFreeMemory: %p was not allocated by this WTS API", pMemory);
        return;
    }
    if (!g_blocks[i].live) {
        violation("WTSFreeMemory: %s freed twice", g_blocks[i].what);
        return;
    }
    if (g_blocks[i].cls != CLS_QUERY) {
        violation("WTSFreeMemory: %s must be freed with WTSFreeMemoryExW", g_blocks[i].what);
        return;
    }
    trk_free_tree(i);
}

/* BOOL WTSFreeMemoryExW(WTS_TYPE_CLASS WTSTypeClass, PVOID pMemory, ULONG NumberOfEntries). Learn: frees memory
 * holding WTS_PROCESS_INFO_EX or WTS_SESSION_INFO_1 structures; WTSTypeClass names the type, NumberOfEntries the
 * number of elements in the buffer. A wrong class or count would free the wrong things: recorded as a caller bug,
 * the buffer is not freed, and the call fails with ERROR_INVALID_PARAMETER (which code Windows returns is
 * UNCONFIRMED). */
EXPORT BOOL WTSFreeMemoryExW(int32_t WTSTypeClass, void *pMemory, ULONG NumberOfEntries)
{
    logcall("WTSFreeMemoryExW(%d, %p, %u)", WTSTypeClass, pMemory, NumberOfEntries);
    g_free_ex_calls++;
    g_last_free_class = WTSTypeClass;
    int i = trk_find(pMemory);
    if (i < 0) {
        violation("WTSFreeMemoryExW: %p was not allocated by this WTS API", pMemory);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (!g_blocks[i].live) {
        violation("WTSFreeMemoryExW: %s freed twice", g_blocks[i].what);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (g_blocks[i].cls == CLS_SESSION_INFO_1 && WTSTypeClass != WTSTypeSessionInfoLevel1) {
        violation("WTSFreeMemoryExW: %s freed with WTS_TYPE_CLASS %d, not WTSTypeSessionInfoLevel1 (2)",
            g_blocks[i].what, WTSTypeClass);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (g_blocks[i].cls != CLS_SESSION_INFO_1) {
        violation("WTSFreeMemoryExW: %s must be freed with WTSFreeMemory", g_blocks[i].what);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if ((int)NumberOfEntries != g_blocks[i].count) {
        violation("WTSFreeMemoryExW: NumberOfEntries %u, but the buffer has %d entries", NumberOfEntries,
            g_blocks[i].count);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    trk_free_tree(i);
    return 1;
}
