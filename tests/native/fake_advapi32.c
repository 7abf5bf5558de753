/* Copyright (c) 2026 sessionctl.windows contributors
 * GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
 *
 * libadvapi32.so (and libsecur32.so, a link to the same file, so both DLL names share one state): an ABI-level fake
 * of the advapi32 and secur32 functions the token reader (NativeAccessToken, _AccessToken.cs) calls, for Mono on
 * Linux x64 (tests only). The token's handle is closed with kernel32!CloseHandle, which libkernel32.so
 * (fake_kernel32.c) answers for the handles handed out here (A32_TOKEN_BASE + n); a32fake_open_tokens() and
 * k32fake_closed_tokens() let a test compare the two. The facts of the token are scripted by a32fake_set_token and
 * a32fake_set_logon; after a32fake_reset the token is a domain administrator's full token over a network logon
 * (Kerberos), so code that reads the token without a test asking for anything goes ahead as it would for an
 * administrator.
 *
 * Layouts (Microsoft's Win32 metadata, x64): TOKEN_STATISTICS 56 bytes (AuthenticationId LUID @8, TokenType @24,
 * ImpersonationLevel @28); TOKEN_ELEVATION_TYPE and TOKEN_ELEVATION 4 bytes; SECURITY_LOGON_SESSION_DATA: UserName
 * @16, LogonDomain @32, AuthenticationPackage @48, LogonType @64; LSA_UNICODE_STRING {USHORT Length; USHORT
 * MaximumLength; PWSTR Buffer @8}. Documented behaviour modelled (Microsoft Learn):
 *   OpenThreadToken    fails with ERROR_NO_TOKEN (1008) when the thread does not impersonate
 *                      https://learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-openthreadtoken
 *   OpenProcessToken   https://learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-openprocesstoken
 *   GetTokenInformation fails with ERROR_INSUFFICIENT_BUFFER (122) and sets ReturnLength when the buffer is too small
 *                      https://learn.microsoft.com/windows/win32/api/securitybaseapi/nf-securitybaseapi-gettokeninformation
 *   CreateWellKnownSid https://learn.microsoft.com/windows/win32/api/securitybaseapi/nf-securitybaseapi-createwellknownsid
 *   CheckTokenMembership with a NULL token checks the caller's (impersonation or process) token
 *                      https://learn.microsoft.com/windows/win32/api/securitybaseapi/nf-securitybaseapi-checktokenmembership
 *   LsaGetLogonSessionData returns an NTSTATUS and a buffer freed with LsaFreeReturnBuffer
 *                      https://learn.microsoft.com/windows/win32/api/ntsecapi/nf-ntsecapi-lsagetlogonsessiondata
 *   LsaNtStatusToWinError https://learn.microsoft.com/windows/win32/api/ntsecapi/nf-ntsecapi-lsantstatustowinerror
 */
#include "fake_common.h"

#define A32_TOKEN_BASE 0x7ACE0000u
#define ERROR_NO_TOKEN 1008u
#define STATUS_NO_SUCH_LOGON_SESSION ((int32_t)0xC000005F)
#define ERROR_NO_SUCH_LOGON_SESSION 1312u
#define A32_LUID 0x0000000100000ABCLL
#define CLS_LSA 1

static struct {
    int elevation_type, elevated, admin, local, no_local_sid, token_type, impersonation, logon_type, lsa_fail;
    int thread_token;
    WCHAR user[64], domain[64], package[32];
} g_tok;
static int g_open_tokens;

static BOOL set_error(uint32_t code)
{
    errno = (int)code;
    return 0;
}

static void ascii_to_u16(WCHAR *dst, size_t cap, const char *src)
{
    size_t i = 0;
    for (; src[i] && i < cap - 1; i++)
        dst[i] = (WCHAR)(unsigned char)src[i];
    dst[i] = 0;
}

FAKE_COMMON_EXPORTS(a32fake)

EXPORT void a32fake_reset(void)
{
    common_reset();
    memset(&g_tok, 0, sizeof g_tok);
    g_tok.elevation_type = 1; /* TokenElevationTypeDefault: no split token (a domain account over the network) */
    g_tok.elevated = 1;
    g_tok.admin = 1;
    g_tok.token_type = 1; /* TokenPrimary */
    g_tok.logon_type = 3; /* Network */
    ascii_to_u16(g_tok.user, 64, "ansible");
    ascii_to_u16(g_tok.domain, 64, "CONTOSO");
    ascii_to_u16(g_tok.package, 32, "Kerberos");
    g_open_tokens = 0;
}

/* elevation_type: TOKEN_ELEVATION_TYPE (1 default, 2 full, 3 limited); admin/local: CheckTokenMembership's answer
 * for S-1-5-32-544 / S-1-5-113; no_local_sid: that check fails (no S-1-5-113 before 2012 R2); token_type 1 primary,
 * 2 impersonation (impersonation: SECURITY_IMPERSONATION_LEVEL); thread_token: the thread impersonates;
 * lsa_fail: LsaGetLogonSessionData answers STATUS_NO_SUCH_LOGON_SESSION. */
EXPORT void a32fake_set_token(int elevation_type, int elevated, int admin, int local, int no_local_sid, int token_type,
    int impersonation, int logon_type, int lsa_fail, int thread_token)
{
    g_tok.elevation_type = elevation_type;
    g_tok.elevated = elevated;
    g_tok.admin = admin;
    g_tok.local = local;
    g_tok.no_local_sid = no_local_sid;
    g_tok.token_type = token_type;
    g_tok.impersonation = impersonation;
    g_tok.logon_type = logon_type;
    g_tok.lsa_fail = lsa_fail;
    g_tok.thread_token = thread_token;
}

EXPORT void a32fake_set_logon(const WCHAR *user, const WCHAR *domain, const WCHAR *package)
{
    u16copy(g_tok.user, 64, user);
    u16copy(g_tok.domain, 64, domain);
    u16copy(g_tok.package, 32, package);
}

/* Tokens handed out by OpenThreadToken / OpenProcessToken since the reset (kernel32's fake counts the closes). */
EXPORT int a32fake_open_tokens(void) { return g_open_tokens; }

static BOOL hand_out_token(void **token)
{
    g_open_tokens++;
    *token = (void *)(uintptr_t)(A32_TOKEN_BASE + (uint32_t)g_open_tokens);
    return 1;
}

static int is_token(const void *h)
{
    uintptr_t v = (uintptr_t)h;
    return v > A32_TOKEN_BASE && v <= A32_TOKEN_BASE + (uintptr_t)g_open_tokens;
}

/* BOOL OpenThreadToken(HANDLE ThreadHandle, DWORD DesiredAccess, BOOL OpenAsSelf, PHANDLE TokenHandle) */
EXPORT BOOL OpenThreadToken(void *thread, DWORD access, BOOL as_self, void **token)
{
    uint32_t code;
    logcall("OpenThreadToken(%p, 0x%x, %d)", thread, access, as_self);
    *token = NULL;
    if (thread != (void *)(intptr_t)-2)
        violation("OpenThreadToken: not the GetCurrentThread() pseudo handle: %p", thread);
    if (rule_take("OpenThreadToken", ANY_SESSION, &code, NULL))
        return set_error(code);
    if (!g_tok.thread_token)
        return set_error(ERROR_NO_TOKEN);
    return hand_out_token(token);
}

/* BOOL OpenProcessToken(HANDLE ProcessHandle, DWORD DesiredAccess, PHANDLE TokenHandle) */
EXPORT BOOL OpenProcessToken(void *process, DWORD access, void **token)
{
    uint32_t code;
    logcall("OpenProcessToken(%p, 0x%x)", process, access);
    *token = NULL;
    if (process != (void *)(intptr_t)-1 || access != 8 /* TOKEN_QUERY */) {
        violation("OpenProcessToken: expected GetCurrentProcess() and TOKEN_QUERY, got %p, 0x%x", process, access);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (rule_take("OpenProcessToken", ANY_SESSION, &code, NULL))
        return set_error(code);
    return hand_out_token(token);
}

/* BOOL GetTokenInformation(HANDLE, TOKEN_INFORMATION_CLASS, LPVOID, DWORD, PDWORD ReturnLength) */
EXPORT BOOL GetTokenInformation(void *token, int cls, uint8_t *buf, DWORD len, DWORD *ret)
{
    uint8_t tmp[56];
    DWORD need;
    int32_t v;
    int64_t luid = A32_LUID;
    logcall("GetTokenInformation(%d, %u)", cls, len);
    if (!is_token(token)) {
        violation("GetTokenInformation: %p is not an open token", token);
        return set_error(ERROR_INVALID_HANDLE);
    }
    memset(tmp, 0, sizeof tmp);
    switch (cls) {
    case 18: need = 4; v = g_tok.elevation_type; memcpy(tmp, &v, 4); break;   /* TokenElevationType */
    case 20: need = 4; v = g_tok.elevated; memcpy(tmp, &v, 4); break;         /* TokenElevation */
    case 10:                                                                  /* TokenStatistics */
        need = 56;
        memcpy(tmp + 8, &luid, 8);
        v = g_tok.token_type; memcpy(tmp + 24, &v, 4);
        v = g_tok.impersonation; memcpy(tmp + 28, &v, 4);
        break;
    default:
        return set_error(ERROR_INVALID_PARAMETER);
    }
    *ret = need;
    if (buf == NULL || len < need)
        return set_error(ERROR_INSUFFICIENT_BUFFER);
    memcpy(buf, tmp, need);
    return 1;
}

/* BOOL CreateWellKnownSid(WELL_KNOWN_SID_TYPE, PSID DomainSid, PSID pSid, DWORD *cbSid) */
EXPORT BOOL CreateWellKnownSid(int type, void *domain, uint8_t *sid, DWORD *cb)
{
    /* S-1-5-32-544 (26) and S-1-5-113 (105): revision, count, authority[6], sub-authorities */
    static const uint8_t admins[16] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0};
    static const uint8_t local[12] = {1, 1, 0, 0, 0, 0, 0, 5, 113, 0, 0, 0};
    const uint8_t *src = type == 26 ? admins : type == 105 ? local : NULL;
    DWORD size = type == 26 ? 16 : 12;
    (void)domain;
    if (src == NULL)
        return set_error(ERROR_INVALID_PARAMETER);
    if (*cb < size) {
        *cb = size;
        return set_error(ERROR_INSUFFICIENT_BUFFER);
    }
    memcpy(sid, src, size);
    *cb = size;
    return 1;
}

/* BOOL CheckTokenMembership(HANDLE TokenHandle, PSID SidToCheck, PBOOL IsMember) */
EXPORT BOOL CheckTokenMembership(void *token, const uint8_t *sid, BOOL *member)
{
    logcall("CheckTokenMembership(%p, S-1-5-%u)", token, sid[8]);
    if (token != NULL && !is_token(token)) {
        violation("CheckTokenMembership: %p is neither NULL nor an open token", token);
        return set_error(ERROR_INVALID_HANDLE);
    }
    if (sid[1] == 2 && sid[8] == 32) {
        *member = g_tok.admin;
        return 1;
    }
    if (sid[1] == 1 && sid[8] == 113) {
        if (g_tok.no_local_sid)
            return set_error(1337); /* ERROR_INVALID_SID */
        *member = g_tok.local;
        return 1;
    }
    return set_error(ERROR_INVALID_PARAMETER);
}

static void put_string(uint8_t *base, int offset, uint8_t **pool, const WCHAR *text)
{
    uint16_t bytes = (uint16_t)(u16len(text) * 2);
    memcpy(*pool, text, bytes);
    memset(*pool + bytes, 0, 2); /* Length excludes it; the reader must not rely on it */
    memcpy(base + offset, &bytes, 2);
    memcpy(base + offset + 2, &bytes, 2);
    memcpy(base + offset + 8, pool, 8);
    *pool += bytes + 2;
}

/* NTSTATUS LsaGetLogonSessionData(PLUID LogonId, PSECURITY_LOGON_SESSION_DATA *ppLogonSessionData) (secur32) */
EXPORT int32_t LsaGetLogonSessionData(int64_t *luid, void **out)
{
    uint8_t *p, *pool;
    uint32_t logon_type = (uint32_t)g_tok.logon_type;
    int b;
    logcall("LsaGetLogonSessionData(0x%llx)", (long long)*luid);
    *out = NULL;
    if (g_tok.lsa_fail || *luid != A32_LUID)
        return STATUS_NO_SUCH_LOGON_SESSION;
    b = trk_alloc(1024, CLS_LSA, 1, -1, "SECURITY_LOGON_SESSION_DATA");
    if (b < 0)
        return STATUS_NO_SUCH_LOGON_SESSION;
    p = g_blocks[b].p;
    pool = p + 256;
    memcpy(p + 4, luid, 8);
    put_string(p, 16, &pool, g_tok.user);
    put_string(p, 32, &pool, g_tok.domain);
    put_string(p, 48, &pool, g_tok.package);
    memcpy(p + 64, &logon_type, 4);
    *out = p;
    return 0;
}

/* NTSTATUS LsaFreeReturnBuffer(PVOID Buffer) (secur32) */
EXPORT int32_t LsaFreeReturnBuffer(void *p)
{
    int i = trk_find(p);
    logcall("LsaFreeReturnBuffer(%p)", p);
    if (i < 0 || !g_blocks[i].live) {
        violation("LsaFreeReturnBuffer: %p is not a live LSA buffer (double free?)", p);
        return (int32_t)0xC000000D; /* STATUS_INVALID_PARAMETER */
    }
    trk_free_tree(i);
    return 0;
}

/* ULONG LsaNtStatusToWinError(NTSTATUS Status) (advapi32) */
EXPORT uint32_t LsaNtStatusToWinError(int32_t status)
{
    return status == STATUS_NO_SUCH_LOGON_SESSION ? ERROR_NO_SUCH_LOGON_SESSION : 317 /* ERROR_MR_MID_NOT_FOUND */;
}

/* Loaded before any test resets it: start with the administrator's token too. */
__attribute__((constructor)) static void a32fake_init(void)
{
    a32fake_reset();
}
