/* Copyright (c) 2026 sessionctl.windows contributors
 * GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
 *
 * ABI-level fake of the advapi32 / secur32 / kernel32 functions _AccessToken.cs calls, for Mono on Linux x64:
 * DllImport("advapi32.dll") resolves to libadvapi32.so (the same file is linked under the three names, so the
 * counters are shared), and Marshal.GetLastWin32Error() returns the errno set here. Layouts follow Microsoft's
 * Win32 metadata for x64 (TOKEN_STATISTICS 56 bytes; SECURITY_LOGON_SESSION_DATA: UserName @16, LogonDomain @32,
 * AuthenticationPackage @48, LogonType @64; LSA_UNICODE_STRING {USHORT Length; USHORT MaximumLength; PWSTR Buffer}).
 * Documented behaviour modelled: OpenThreadToken fails with ERROR_NO_TOKEN (1008) when the thread does not
 * impersonate; GetTokenInformation fails with ERROR_INSUFFICIENT_BUFFER (122) and sets ReturnLength when the buffer
 * is too small; CheckTokenMembership with a NULL token uses the caller's token; LsaGetLogonSessionData returns an
 * NTSTATUS and a buffer freed with LsaFreeReturnBuffer. The facts come from FAKE_* environment variables.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t BOOL;
static int open_tokens = 0, lsa_allocs = 0, lsa_frees = 0;
static void *const TOKEN = (void *)0x7ace;

static int env_int(const char *name, int dflt)
{
    const char *v = getenv(name);
    return v ? atoi(v) : dflt;
}

void *GetCurrentThread(void) { return (void *)(intptr_t)-2; }
void *GetCurrentProcess(void) { return (void *)(intptr_t)-1; }

BOOL CloseHandle(void *h)
{
    if (h != TOKEN) { errno = 6; return 0; }
    open_tokens--;
    return 1;
}

BOOL OpenThreadToken(void *thread, uint32_t access, BOOL as_self, void **token)
{
    (void)thread; (void)access; (void)as_self;
    *token = NULL;
    errno = 1008; /* ERROR_NO_TOKEN: not impersonating */
    return 0;
}

BOOL OpenProcessToken(void *process, uint32_t access, void **token)
{
    if (process != (void *)(intptr_t)-1 || access != 8 /* TOKEN_QUERY */) { *token = NULL; errno = 87; return 0; }
    *token = TOKEN;
    open_tokens++;
    return 1;
}

BOOL GetTokenInformation(void *token, int cls, uint8_t *buf, uint32_t len, uint32_t *ret)
{
    uint8_t tmp[56];
    uint32_t need;
    int32_t v;
    int64_t luid = 0x0000000100000abcLL;
    if (token != TOKEN) { errno = 6; return 0; }
    memset(tmp, 0, sizeof tmp);
    switch (cls) {
    case 18: need = 4; v = env_int("FAKE_ELEVATION_TYPE", 1); memcpy(tmp, &v, 4); break;
    case 20: need = 4; v = env_int("FAKE_ELEVATED", 0); memcpy(tmp, &v, 4); break;
    case 10:
        need = 56;
        memcpy(tmp + 8, &luid, 8);                                    /* AuthenticationId */
        v = env_int("FAKE_TOKEN_TYPE", 1); memcpy(tmp + 24, &v, 4);   /* TokenType: 1 primary */
        v = env_int("FAKE_IMPERSONATION", 0); memcpy(tmp + 28, &v, 4);
        break;
    default: errno = 87; return 0;
    }
    *ret = need;
    if (buf == NULL || len < need) { errno = 122; return 0; }
    memcpy(buf, tmp, need);
    return 1;
}

BOOL CreateWellKnownSid(int type, void *domain, uint8_t *sid, uint32_t *cb)
{
    /* S-1-5-32-544 (26) and S-1-5-113 (105): revision, count, authority[6], sub-authorities */
    uint8_t admins[16] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0};
    uint8_t local[12] = {1, 1, 0, 0, 0, 0, 0, 5, 113, 0, 0, 0};
    const uint8_t *src = type == 26 ? admins : type == 105 ? local : NULL;
    uint32_t size = type == 26 ? 16 : 12;
    (void)domain;
    if (src == NULL) { errno = 87; return 0; }
    if (*cb < size) { *cb = size; errno = 122; return 0; }
    memcpy(sid, src, size);
    *cb = size;
    return 1;
}

BOOL CheckTokenMembership(void *token, const uint8_t *sid, BOOL *member)
{
    if (token != NULL) { errno = 87; return 0; } /* the reader passes NULL: the caller's token */
    if (sid[1] == 2 && sid[8] == 32) { *member = env_int("FAKE_ADMIN", 0); return 1; }
    if (sid[1] == 1 && sid[8] == 113) {
        if (env_int("FAKE_NO_LOCAL_SID", 0)) { errno = 1337; return 0; }
        *member = env_int("FAKE_LOCAL", 0);
        return 1;
    }
    errno = 87;
    return 0;
}

static void put_string(uint8_t *base, int offset, uint8_t **pool, const char *text)
{
    uint16_t bytes = (uint16_t)(strlen(text) * 2);
    uint16_t *w = (uint16_t *)*pool;
    size_t i;
    for (i = 0; i < strlen(text); i++)
        w[i] = (uint16_t)(unsigned char)text[i];
    w[i] = 0; /* Length excludes it; the reader must not rely on it */
    memcpy(base + offset, &bytes, 2);
    memcpy(base + offset + 2, &bytes, 2);
    memcpy(base + offset + 8, pool, 8);
    *pool += bytes + 2;
}

int32_t LsaGetLogonSessionData(int64_t *luid, void **out)
{
    uint8_t *p, *pool;
    uint32_t logon_type;
    *out = NULL;
    if (env_int("FAKE_LSA_FAIL", 0) || *luid != 0x0000000100000abcLL)
        return (int32_t)0xC000005F; /* STATUS_NO_SUCH_LOGON_SESSION */
    p = calloc(1, 4096);
    lsa_allocs++;
    pool = p + 256;
    memcpy(p + 4, luid, 8);
    put_string(p, 16, &pool, getenv("FAKE_USER") ? getenv("FAKE_USER") : "ansible");
    put_string(p, 32, &pool, getenv("FAKE_DOMAIN") ? getenv("FAKE_DOMAIN") : "HOST1");
    put_string(p, 48, &pool, getenv("FAKE_PACKAGE") ? getenv("FAKE_PACKAGE") : "NTLM");
    logon_type = (uint32_t)env_int("FAKE_LOGON_TYPE", 3);
    memcpy(p + 64, &logon_type, 4);
    *out = p;
    return 0;
}

int32_t LsaFreeReturnBuffer(void *p)
{
    lsa_frees++;
    free(p);
    return 0;
}

uint32_t LsaNtStatusToWinError(int32_t status)
{
    return status == (int32_t)0xC000005F ? 1312 /* ERROR_NO_SUCH_LOGON_SESSION */ : 317;
}

/* for the test driver */
int32_t FakeCounters(int32_t which)
{
    return which == 0 ? open_tokens : which == 1 ? lsa_allocs : lsa_frees;
}
