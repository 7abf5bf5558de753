/* Copyright (c) 2026 sessionctl.windows contributors
 * GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
 *
 * Shared pieces of the ABI-level fakes of Windows DLLs (tests only). Each fake library includes this header and so
 * has its own copy of the state below: an allocation tracker, a violation log, scripted failures and UTF-16 helpers.
 *
 * Why this works under Mono on Linux x64 (checked on this machine, see ../shared/reference/tooling.md section 10):
 * DllImport("Wtsapi32.dll") loads libWtsapi32.so from LD_LIBRARY_PATH, both sides use the System V x64 calling
 * convention, and after a SetLastError = true call Marshal.GetLastWin32Error() returns the errno the C code set.
 * WCHAR is uint16_t here (Linux wchar_t is 4 bytes); every struct is laid out as the Windows x64 SDK lays it out.
 */
#ifndef SESSIONCTL_FAKE_COMMON_H
#define SESSIONCTL_FAKE_COMMON_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))
#define HIDDEN __attribute__((visibility("hidden")))

typedef uint16_t WCHAR;
typedef uint32_t DWORD;
typedef uint32_t ULONG;
typedef int32_t BOOL;
typedef uint16_t USHORT;
typedef uint8_t UCHAR;

#define ERROR_SUCCESS 0u
#define ERROR_FILE_NOT_FOUND 2u
#define ERROR_ACCESS_DENIED 5u
#define ERROR_INVALID_HANDLE 6u
#define ERROR_NOT_SUPPORTED 50u
#define ERROR_INVALID_PARAMETER 87u
#define ERROR_INSUFFICIENT_BUFFER 122u

/* ------------------------------------------------------------------ UTF-16 */

static inline size_t u16len(const WCHAR *s)
{
    size_t n = 0;
    if (!s)
        return 0;
    while (s[n])
        n++;
    return n;
}

/* Copies at most cap-1 characters and always terminates (the fixed WCHAR arrays of the SDK structs). */
static inline void u16copy(WCHAR *dst, size_t cap, const WCHAR *src)
{
    size_t i = 0;
    if (cap == 0)
        return;
    for (; src && src[i] && i < cap - 1; i++)
        dst[i] = src[i];
    for (; i < cap; i++)
        dst[i] = 0;
}

static inline int u16eq(const WCHAR *a, const WCHAR *b)
{
    size_t i = 0;
    if (!a || !b)
        return (!a || !a[0]) && (!b || !b[0]);
    for (;; i++) {
        if (a[i] != b[i])
            return 0;
        if (!a[i])
            return 1;
    }
}

static inline int u16ieq(const WCHAR *a, const WCHAR *b)
{
    size_t i = 0;
    if (!a || !b)
        return (!a || !a[0]) && (!b || !b[0]);
    for (;; i++) {
        WCHAR x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (WCHAR)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (WCHAR)(y + 32);
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

/* ASCII rendering of a UTF-16 string for log lines (non-ASCII as '?'). */
static inline const char *u16ascii(const WCHAR *s, char *buf, size_t cap)
{
    size_t i = 0;
    if (!s) {
        snprintf(buf, cap, "(null)");
        return buf;
    }
    for (; s[i] && i < cap - 1; i++)
        buf[i] = s[i] < 128 ? (char)s[i] : '?';
    buf[i] = 0;
    return buf;
}

/* ------------------------------------------------------------------ violations and the call log */

static char g_violations[32768];
static int g_violation_count;
static char g_calls[65536];

static inline void violation(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    g_violation_count++;
    size_t used = strlen(g_violations);
    snprintf(g_violations + used, sizeof g_violations - used, "%s\n", line);
}

static inline void logcall(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t used = strlen(g_calls);
    snprintf(g_calls + used, sizeof g_calls - used, "%s\n", line);
}

/* ------------------------------------------------------------------ allocation tracking
 * Every buffer a fake hands out is a tracked block with a free class (which function and type class frees it) and,
 * for arrays, an entry count. A block may own child blocks (the strings WTS_SESSION_INFO_1W points to), freed with
 * their parent. Freed blocks are filled with 0xDD and kept (quarantine) until the next reset, so a read after the
 * free sees 0xDD bytes (and a pointer read from it faults) instead of plausible data. */

#define MAX_BLOCKS 8192
#define POISON 0xDD

typedef struct {
    void *p;
    size_t size;
    int cls;          /* free class, defined by each fake */
    int count;        /* entries (arrays) */
    int parent;       /* index of the owning block, -1 for none */
    int live;
    char what[48];
} block_t;

static block_t g_blocks[MAX_BLOCKS];
static int g_nblocks;

static inline int trk_alloc(size_t size, int cls, int count, int parent, const char *what)
{
    if (g_nblocks >= MAX_BLOCKS) {
        violation("fake: out of block slots");
        return -1;
    }
    block_t *b = &g_blocks[g_nblocks];
    b->p = calloc(1, size ? size : 1);
    b->size = size;
    b->cls = cls;
    b->count = count;
    b->parent = parent;
    b->live = 1;
    snprintf(b->what, sizeof b->what, "%s", what);
    return g_nblocks++;
}

static inline int trk_find(const void *p)
{
    for (int i = g_nblocks - 1; i >= 0; i--) {
        if (g_blocks[i].p == p)
            return i;
    }
    return -1;
}

static inline void trk_poison(int i)
{
    memset(g_blocks[i].p, POISON, g_blocks[i].size ? g_blocks[i].size : 1);
    g_blocks[i].live = 0;
}

/* Frees block i and every live child it owns. */
static inline void trk_free_tree(int i)
{
    for (int j = 0; j < g_nblocks; j++) {
        if (g_blocks[j].parent == i && g_blocks[j].live)
            trk_poison(j);
    }
    trk_poison(i);
}

static inline int trk_outstanding(void)
{
    int n = 0;
    for (int i = 0; i < g_nblocks; i++)
        n += g_blocks[i].live;
    return n;
}

static inline void trk_report_leaks(char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < g_nblocks && used < cap; i++) {
        if (g_blocks[i].live)
            used += (size_t)snprintf(buf + used, cap - used, "leaked: %s (%zu bytes)\n", g_blocks[i].what, g_blocks[i].size);
    }
}

static inline void trk_reset(void)
{
    for (int i = 0; i < g_nblocks; i++)
        free(g_blocks[i].p);
    memset(g_blocks, 0, sizeof g_blocks);
    g_nblocks = 0;
}

/* ------------------------------------------------------------------ scripted failures
 * A rule makes the next `count` calls of function `fn` (on one session, or any when session == ANY) fail with
 * `code` (count < 0: every call). With `remove`, the session disappears as the call fails: the race where a
 * session ends between the listing and the action. */

#define ANY_SESSION (-1LL)
#define MAX_RULES 64

typedef struct {
    char fn[64];
    long long session;
    uint32_t code;
    int count;
    int remove;
} rule_t;

static rule_t g_rules[MAX_RULES];
static int g_nrules;

static inline void rule_add(const WCHAR *fn, long long session, uint32_t code, int count, int remove)
{
    if (g_nrules >= MAX_RULES)
        return;
    rule_t *r = &g_rules[g_nrules++];
    u16ascii(fn, r->fn, sizeof r->fn);
    r->session = session;
    r->code = code;
    r->count = count;
    r->remove = remove;
}

/* 1 and the code when a rule fires for this call. */
static inline int rule_take(const char *fn, long long session, uint32_t *code, int *remove)
{
    for (int i = 0; i < g_nrules; i++) {
        rule_t *r = &g_rules[i];
        if (r->count == 0 || strcmp(r->fn, fn) != 0)
            continue;
        if (r->session != ANY_SESSION && r->session != session)
            continue;
        if (r->count > 0)
            r->count--;
        *code = r->code;
        if (remove)
            *remove = r->remove;
        return 1;
    }
    return 0;
}

static inline void common_reset(void)
{
    trk_reset();
    g_violations[0] = 0;
    g_violation_count = 0;
    g_calls[0] = 0;
    g_nrules = 0;
}

/* The exported control functions every fake has, under its own prefix (so two fakes never share a symbol). */
#define FAKE_COMMON_EXPORTS(prefix)                                                                          \
    EXPORT int prefix##_violation_count(void) { return g_violation_count; }                                  \
    EXPORT const char *prefix##_violations(void) { return g_violations; }                                    \
    EXPORT const char *prefix##_calls(void) { return g_calls; }                                              \
    EXPORT int prefix##_outstanding(void) { return trk_outstanding(); }                                      \
    EXPORT const char *prefix##_leaks(void)                                                                  \
    {                                                                                                        \
        static char buf[8192];                                                                               \
        trk_report_leaks(buf, sizeof buf);                                                                   \
        return buf;                                                                                          \
    }                                                                                                        \
    EXPORT void prefix##_fail(const WCHAR *fn, long long session, uint32_t code, int count, int remove)      \
    {                                                                                                        \
        rule_add(fn, session, code, count, remove);                                                          \
    }

#endif
