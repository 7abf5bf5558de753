/* Copyright (c) 2026 sessionctl.windows contributors
 * GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
 *
 * libkernel32.so: an ABI-level fake of the kernel32.dll functions the Native* classes call (tests only):
 * GetCurrentProcessId and ProcessIdToSessionId (NativeWtsApi), GetCurrentProcess, GetCurrentThread and CloseHandle
 * of the token reader (NativeAccessToken: the token handles fake_advapi32.c hands out), CreateFileW and DeviceIoControl with
 * IOCTL_DISK_SET_DISK_ATTRIBUTES (NativeIscsiInitiatorApi.SetDiskOffline) and IOCTL_SCSI_MINIPORT
 * (NativeIscsiTargetIoctlApi.SendMiniportIoctl). Devices, replies and failures are scripted by k32fake_* functions.
 *
 * Mono's /etc/mono/config maps only CopyMemory/FillMemory/MoveMemory/ZeroMemory of kernel32.dll to the runtime;
 * every other kernel32.dll entry point resolves to this library on LD_LIBRARY_PATH.
 *
 * Not observable here: closing a device handle. Under Mono a SafeFileHandle is released by the runtime's own close (not
 * kernel32!CloseHandle), which ignores handles it did not open, so these fakes cannot count closes. Handles are
 * values Mono never hands out (0x4B330000 + n), so that release never touches a real descriptor.
 *
 * Sources (Microsoft Learn):
 *   GetCurrentProcessId  https://learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentprocessid
 *   ProcessIdToSessionId https://learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-processidtosessionid
 *   CreateFileW          https://learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-createfilew
 *   DeviceIoControl      https://learn.microsoft.com/windows/win32/api/ioapiset/nf-ioapiset-deviceiocontrol
 *   IOCTL_DISK_SET_DISK_ATTRIBUTES https://learn.microsoft.com/windows/win32/api/winioctl/ni-winioctl-ioctl_disk_set_disk_attributes
 *   SET_DISK_ATTRIBUTES  https://learn.microsoft.com/windows/win32/api/winioctl/ns-winioctl-set_disk_attributes
 *   IOCTL_SCSI_MINIPORT  https://learn.microsoft.com/windows-hardware/drivers/ddi/ntddscsi/ni-ntddscsi-ioctl_scsi_miniport
 *   SRB_IO_CONTROL       https://learn.microsoft.com/windows-hardware/drivers/ddi/ntddscsi/ns-ntddscsi-_srb_io_control
 *   FindFirstVolumeW     https://learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-findfirstvolumew
 *   FindNextVolumeW      https://learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-findnextvolumew
 *   FindVolumeClose      https://learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-findvolumeclose
 *   IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS https://learn.microsoft.com/windows/win32/api/winioctl/ni-winioctl-ioctl_volume_get_volume_disk_extents
 *   FSCTL_LOCK_VOLUME    https://learn.microsoft.com/windows/win32/api/winioctl/ni-winioctl-fsctl_lock_volume
 *   FSCTL_DISMOUNT_VOLUME https://learn.microsoft.com/windows/win32/api/winioctl/ni-winioctl-fsctl_dismount_volume
 */
#include "fake_common.h"
#include <unistd.h>

#define GENERIC_READ 0x80000000u
#define GENERIC_WRITE 0x40000000u
#define OPEN_EXISTING 3u
#define IOCTL_DISK_SET_DISK_ATTRIBUTES 0x0007C0F4u
#define IOCTL_SCSI_MINIPORT 0x0004D008u
#define DISK_ATTRIBUTE_OFFLINE 0x1ull
#define IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS 0x00560000u
#define FSCTL_LOCK_VOLUME 0x00090018u
#define FSCTL_DISMOUNT_VOLUME 0x00090020u
#define ERROR_NO_MORE_FILES 18u
#define ERROR_MORE_DATA 234u
#define FIND_BASE 0x4B340000u
#define INVALID_HANDLE_VALUE ((void *)(intptr_t)-1)
#define ERROR_INVALID_FUNCTION 1u
#define HANDLE_BASE 0x4B330000u

typedef struct {
    ULONG Version;
    UCHAR Persist;
    UCHAR Reserved1[3];
    uint64_t Attributes;
    uint64_t AttributesMask;
    DWORD Reserved2[4];
} SET_DISK_ATTRIBUTES;
_Static_assert(sizeof(SET_DISK_ATTRIBUTES) == 40, "SET_DISK_ATTRIBUTES is 40 bytes");

typedef struct {
    ULONG HeaderLength;
    UCHAR Signature[8];
    ULONG Timeout;
    ULONG ControlCode;
    ULONG ReturnCode;
    ULONG Length;
} SRB_IO_CONTROL;
_Static_assert(sizeof(SRB_IO_CONTROL) == 28, "SRB_IO_CONTROL is 28 bytes");

#define MAX_DEVICES 32
#define KIND_DISK 1
#define KIND_MINIPORT 2
#define KIND_VOLUME 3   /* a volume \\?\Volume{GUID} (path without the trailing backslash) on disk_number */

typedef struct {
    int used;
    WCHAR path[260];
    int kind;
    int disk_number;
    int offline;
    int persist;
    char signature[9];    /* the SRB_IO_CONTROL signature the miniport answers to */
    int in_use;           /* a volume with open files: FSCTL_LOCK_VOLUME fails */
    int locked, dismounted, flushed;
} device_t;

static device_t g_devices[MAX_DEVICES];
static int g_handle_device[256];
static int g_nhandles;
static DWORD g_session_id = 1;
/* GetComputerNameExW answers, by COMPUTER_NAME_FORMAT (0 NetBIOS, 1 DnsHostname, 2 DnsDomain, 3 DnsFullyQualified;
 * 4-7, the physical forms, answer the same as 0-3 here). */
static WCHAR g_names[4][256];
static uint32_t g_reply_code;
static long long g_reply_bytes = -1;
static unsigned char g_last_input[4096];
static int g_last_input_len;
static DWORD g_last_access, g_last_share, g_last_disposition;
static int g_find_next[16], g_find_open[16], g_nfinds;

static int set_error(uint32_t code)
{
    errno = (int)code;
    return 0;
}

FAKE_COMMON_EXPORTS(k32fake)

/* Token handles are A32_TOKEN_BASE + n (fake_advapi32.c, n from 1 since its reset); closes counted per handle. */
#define A32_TOKEN_BASE 0x7ACE0000u
#define MAX_TOKENS 4096
static unsigned char g_token_closed[MAX_TOKENS];
static int g_closed_tokens;

EXPORT void k32fake_reset(void)
{
    common_reset();
    memset(g_devices, 0, sizeof g_devices);
    g_nhandles = 0;
    g_session_id = 1;
    memset(g_names, 0, sizeof g_names);
    g_reply_code = 0;
    g_reply_bytes = -1;
    g_last_input_len = 0;
    g_nfinds = 0;
    memset(g_token_closed, 0, sizeof g_token_closed);
    g_closed_tokens = 0;
}

/* Token handles closed with CloseHandle since the reset (compare a32fake_open_tokens). */
EXPORT int k32fake_closed_tokens(void) { return g_closed_tokens; }

/* HANDLE GetCurrentProcess(void): the pseudo handle (HANDLE)-1 (Learn: GetCurrentProcess). */
EXPORT void *GetCurrentProcess(void) { return (void *)(intptr_t)-1; }

/* HANDLE GetCurrentThread(void): the pseudo handle (HANDLE)-2 (Learn: GetCurrentThread). */
EXPORT void *GetCurrentThread(void) { return (void *)(intptr_t)-2; }

/* BOOL CloseHandle(HANDLE hObject). Learn: closing a handle twice, or one that is not open, fails with
 * ERROR_INVALID_HANDLE (and raises an exception under a debugger): both are caller bugs here. Only the token
 * handles reach this function under Mono (see the top of this file). */
EXPORT BOOL CloseHandle(void *hObject)
{
    uintptr_t v = (uintptr_t)hObject;
    logcall("CloseHandle(%p)", hObject);
    if (v <= A32_TOKEN_BASE || v >= A32_TOKEN_BASE + MAX_TOKENS) {
        violation("CloseHandle: %p is not a handle this fake knows", hObject);
        return set_error(ERROR_INVALID_HANDLE);
    }
    if (g_token_closed[v - A32_TOKEN_BASE]) {
        violation("CloseHandle: token %p closed twice", hObject);
        return set_error(ERROR_INVALID_HANDLE);
    }
    g_token_closed[v - A32_TOKEN_BASE] = 1;
    g_closed_tokens++;
    return 1;
}

/* The session the current process runs in (what ProcessIdToSessionId answers for GetCurrentProcessId()). */
EXPORT void k32fake_set_session_id(DWORD id) { g_session_id = id; }

/* A disk (\\.\PhysicalDriveN) or a miniport device answering SRB_IO_CONTROL requests with this signature. */
EXPORT void k32fake_add_device(const WCHAR *path, int kind, int diskNumber, const WCHAR *signature)
{
    for (int i = 0; i < MAX_DEVICES; i++) {
        if (g_devices[i].used)
            continue;
        g_devices[i].used = 1;
        u16copy(g_devices[i].path, 260, path);
        g_devices[i].kind = kind;
        g_devices[i].disk_number = diskNumber;
        u16ascii(signature, g_devices[i].signature, sizeof g_devices[i].signature);
        return;
    }
}

EXPORT int k32fake_disk_offline(int diskNumber)
{
    for (int i = 0; i < MAX_DEVICES; i++) {
        if (g_devices[i].used && g_devices[i].kind == KIND_DISK && g_devices[i].disk_number == diskNumber)
            return g_devices[i].offline | (g_devices[i].persist << 1);
    }
    return -1;
}

/* A volume's state: bit 0 locked (and so flushed), bit 1 dismounted, bit 2 in use; -1: no such volume. */
EXPORT int k32fake_volume_state(const WCHAR *path)
{
    for (int i = 0; i < MAX_DEVICES; i++) {
        if (g_devices[i].used && g_devices[i].kind == KIND_VOLUME && u16ieq(g_devices[i].path, path))
            return g_devices[i].flushed | (g_devices[i].dismounted << 1) | (g_devices[i].in_use << 2);
    }
    return -1;
}

/* Marks a volume as having open files (the lock then fails), or not. */
EXPORT void k32fake_volume_in_use(const WCHAR *path, int inUse)
{
    for (int i = 0; i < MAX_DEVICES; i++) {
        if (g_devices[i].used && g_devices[i].kind == KIND_VOLUME && u16ieq(g_devices[i].path, path))
            g_devices[i].in_use = inUse;
    }
}

/* Find handles still open (FindVolumeClose not called). */
EXPORT int k32fake_open_finds(void)
{
    int n = 0;
    for (int i = 0; i < g_nfinds; i++)
        n += g_find_open[i];
    return n;
}

/* Writes the next volume's name (its path and a trailing backslash, as Learn shows "\\?\Volume{GUID}\") from
 * index *next; 0 with ERROR_NO_MORE_FILES at the end, ERROR_FILENAME_EXCED_RANGE (206) when it does not fit. */
static BOOL next_volume(int *next, WCHAR *buf, DWORD cch)
{
    for (; *next < MAX_DEVICES; (*next)++) {
        device_t *d = &g_devices[*next];
        if (!d->used || d->kind != KIND_VOLUME)
            continue;
        size_t n = 0;
        while (d->path[n])
            n++;
        if (!buf || cch < n + 2)
            return set_error(206);
        memcpy(buf, d->path, n * sizeof(WCHAR));
        buf[n] = '\\';
        buf[n + 1] = 0;
        (*next)++;
        return 1;
    }
    return set_error(ERROR_NO_MORE_FILES);
}

/* HANDLE FindFirstVolumeW(LPWSTR lpszVolumeName, DWORD cchBufferLength): INVALID_HANDLE_VALUE on failure. */
EXPORT void *FindFirstVolumeW(WCHAR *lpszVolumeName, DWORD cchBufferLength)
{
    logcall("FindFirstVolumeW(%u)", cchBufferLength);
    if (g_nfinds >= 16)
        return set_error(4), INVALID_HANDLE_VALUE;
    int i = g_nfinds;
    g_find_next[i] = 0;
    if (!next_volume(&g_find_next[i], lpszVolumeName, cchBufferLength))
        return INVALID_HANDLE_VALUE;
    g_find_open[i] = 1;
    g_nfinds++;
    return (void *)(uintptr_t)(FIND_BASE + (unsigned)i);
}

static int find_index(void *h)
{
    uintptr_t v = (uintptr_t)h;
    if (v < FIND_BASE || v >= FIND_BASE + (unsigned)g_nfinds || !g_find_open[v - FIND_BASE]) {
        violation("%p is not an open FindFirstVolumeW handle", h);
        return -1;
    }
    return (int)(v - FIND_BASE);
}

EXPORT BOOL FindNextVolumeW(void *hFindVolume, WCHAR *lpszVolumeName, DWORD cchBufferLength)
{
    logcall("FindNextVolumeW(%p, %u)", hFindVolume, cchBufferLength);
    int i = find_index(hFindVolume);
    if (i < 0)
        return set_error(ERROR_INVALID_HANDLE);
    return next_volume(&g_find_next[i], lpszVolumeName, cchBufferLength);
}

EXPORT BOOL FindVolumeClose(void *hFindVolume)
{
    logcall("FindVolumeClose(%p)", hFindVolume);
    int i = find_index(hFindVolume);
    if (i < 0)
        return set_error(ERROR_INVALID_HANDLE);
    g_find_open[i] = 0;
    return 1;
}

/* The miniport's answer: SRB_IO_CONTROL.ReturnCode, and the byte count (-1: header + Length). */
EXPORT void k32fake_set_miniport_reply(uint32_t returnCode, long long bytesReturned)
{
    g_reply_code = returnCode;
    g_reply_bytes = bytesReturned;
}

EXPORT int k32fake_last_input(unsigned char *buf, int cap)
{
    int n = g_last_input_len < cap ? g_last_input_len : cap;
    memcpy(buf, g_last_input, (size_t)n);
    return g_last_input_len;
}

EXPORT DWORD k32fake_last_access(void) { return g_last_access; }
EXPORT DWORD k32fake_last_share(void) { return g_last_share; }
EXPORT DWORD k32fake_last_disposition(void) { return g_last_disposition; }

EXPORT void k32fake_set_computer_name(int format, const WCHAR *name)
{
    if (format >= 0 && format < 4)
        u16copy(g_names[format], 256, name);
}

/* BOOL GetComputerNameExW(COMPUTER_NAME_FORMAT NameType, LPWSTR lpBuffer, LPDWORD nSize). Learn: on input nSize is
 * the buffer size in TCHARs; on success it receives the number of TCHARs copied, not counting the terminating null.
 * When the buffer is too small the call fails with ERROR_MORE_DATA and nSize receives the size needed, including
 * the terminating null. A NameType past ComputerNamePhysicalDnsFullyQualified (7) is ERROR_INVALID_PARAMETER. */
EXPORT BOOL GetComputerNameExW(int NameType, WCHAR *lpBuffer, DWORD *nSize)
{
    uint32_t code;
    const WCHAR *name;
    size_t len;
    logcall("GetComputerNameExW(%d)", NameType);
    if (!nSize || NameType < 0 || NameType > 7) {
        violation("GetComputerNameExW: bad NameType %d or NULL nSize", NameType);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (rule_take("GetComputerNameExW", ANY_SESSION, &code, NULL))
        return set_error(code);
    name = g_names[NameType & 3];
    len = u16len(name);
    if (!lpBuffer || *nSize < len + 1) {
        *nSize = (DWORD)(len + 1);
        return set_error(234u /* ERROR_MORE_DATA */);
    }
    memcpy(lpBuffer, name, (len + 1) * sizeof(WCHAR));
    *nSize = (DWORD)len;
    return 1;
}

/* DWORD GetCurrentProcessId(void) */
EXPORT DWORD GetCurrentProcessId(void)
{
    return (DWORD)getpid();
}

/* BOOL ProcessIdToSessionId(DWORD dwProcessId, DWORD *pSessionId). Learn: fails (GetLastError) when the process
 * cannot be found or read; here any process other than this one is ERROR_INVALID_PARAMETER. */
EXPORT BOOL ProcessIdToSessionId(DWORD dwProcessId, DWORD *pSessionId)
{
    uint32_t code;
    logcall("ProcessIdToSessionId(%u)", dwProcessId);
    if (!pSessionId) {
        violation("ProcessIdToSessionId: pSessionId must not be NULL");
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (rule_take("ProcessIdToSessionId", ANY_SESSION, &code, NULL))
        return set_error(code);
    if (dwProcessId != (DWORD)getpid()) {
        violation("ProcessIdToSessionId: process %u is not this process", dwProcessId);
        return set_error(ERROR_INVALID_PARAMETER);
    }
    *pSessionId = g_session_id;
    return 1;
}

/* HANDLE CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode, LPSECURITY_ATTRIBUTES, DWORD
 * dwCreationDisposition, DWORD dwFlagsAndAttributes, HANDLE hTemplateFile). Learn: physical disks and volumes
 * must be opened with OPEN_EXISTING, other devices usually are (both callers here open devices, so anything else is
 * recorded as a caller bug); on failure the result is INVALID_HANDLE_VALUE and GetLastError gives the reason (a
 * device that does not exist: ERROR_FILE_NOT_FOUND). */
EXPORT void *CreateFileW(const WCHAR *lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode, void *lpSecurityAttributes,
    DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes, void *hTemplateFile)
{
    char a[300];
    uint32_t code;
    (void)lpSecurityAttributes;
    logcall("CreateFileW(%s, 0x%x, 0x%x, disposition %u, flags 0x%x)", u16ascii(lpFileName, a, sizeof a),
        dwDesiredAccess, dwShareMode, dwCreationDisposition, dwFlagsAndAttributes);
    g_last_access = dwDesiredAccess;
    g_last_share = dwShareMode;
    g_last_disposition = dwCreationDisposition;
    if (!lpFileName) {
        violation("CreateFileW: lpFileName is NULL");
        set_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (dwCreationDisposition != OPEN_EXISTING) {
        violation("CreateFileW: a device must be opened with OPEN_EXISTING, not %u", dwCreationDisposition);
        set_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (hTemplateFile != NULL)
        violation("CreateFileW: hTemplateFile must be NULL for a device");
    if (rule_take("CreateFileW", ANY_SESSION, &code, NULL)) {
        set_error(code);
        return INVALID_HANDLE_VALUE;
    }
    for (int i = 0; i < MAX_DEVICES; i++) {
        if (!g_devices[i].used || !u16ieq(g_devices[i].path, lpFileName))
            continue;
        if (g_nhandles >= 256) {
            violation("CreateFileW: too many handles");
            set_error(4 /* ERROR_TOO_MANY_OPEN_FILES */);
            return INVALID_HANDLE_VALUE;
        }
        g_handle_device[g_nhandles] = i;
        return (void *)(uintptr_t)(HANDLE_BASE + (unsigned)g_nhandles++);
    }
    set_error(ERROR_FILE_NOT_FOUND);
    return INVALID_HANDLE_VALUE;
}

/* BOOL DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer, DWORD nInBufferSize, LPVOID
 * lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped). Learn: without
 * lpOverlapped "lpBytesReturned cannot be NULL". */
EXPORT BOOL DeviceIoControl(void *hDevice, DWORD dwIoControlCode, void *lpInBuffer, DWORD nInBufferSize,
    void *lpOutBuffer, DWORD nOutBufferSize, DWORD *lpBytesReturned, void *lpOverlapped)
{
    uint32_t code;
    (void)lpOverlapped;
    logcall("DeviceIoControl(%p, 0x%x, in %u bytes, out %u bytes)", hDevice, dwIoControlCode, nInBufferSize,
        nOutBufferSize);
    uintptr_t v = (uintptr_t)hDevice;
    if (v < HANDLE_BASE || v >= HANDLE_BASE + (unsigned)g_nhandles) {
        violation("DeviceIoControl: %p is not a handle from CreateFileW", hDevice);
        return set_error(ERROR_INVALID_HANDLE);
    }
    device_t *d = &g_devices[g_handle_device[v - HANDLE_BASE]];
    if (!lpBytesReturned) {
        violation("DeviceIoControl: lpBytesReturned must not be NULL without lpOverlapped");
        return set_error(ERROR_INVALID_PARAMETER);
    }
    if (lpInBuffer && nInBufferSize <= sizeof g_last_input) {
        memcpy(g_last_input, lpInBuffer, nInBufferSize);
        g_last_input_len = (int)nInBufferSize;
    }
    if (rule_take("DeviceIoControl", ANY_SESSION, &code, NULL))
        return set_error(code);

    if (dwIoControlCode == IOCTL_DISK_SET_DISK_ATTRIBUTES) {
        /* winioctl.h: input SET_DISK_ATTRIBUTES, no output. Version: the code sets sizeof(SET_DISK_ATTRIBUTES) (40)
         * and notes that Learn's page names sizeof(GET_DISK_ATTRIBUTES) (16). Both are accepted here: which one the
         * disk driver checks is UNCONFIRMED. */
        if (d->kind != KIND_DISK)
            return set_error(ERROR_INVALID_FUNCTION);
        if (!lpInBuffer || nInBufferSize < sizeof(SET_DISK_ATTRIBUTES)) {
            violation("IOCTL_DISK_SET_DISK_ATTRIBUTES: input is %u bytes, needs %zu", nInBufferSize,
                sizeof(SET_DISK_ATTRIBUTES));
            return set_error(ERROR_INVALID_PARAMETER);
        }
        SET_DISK_ATTRIBUTES a;
        memcpy(&a, lpInBuffer, sizeof a);
        if (a.Version != sizeof(SET_DISK_ATTRIBUTES) && a.Version != 16) {
            violation("IOCTL_DISK_SET_DISK_ATTRIBUTES: Version %u", a.Version);
            return set_error(ERROR_INVALID_PARAMETER);
        }
        if (a.Attributes & ~a.AttributesMask) {
            violation("IOCTL_DISK_SET_DISK_ATTRIBUTES: Attributes has bits outside AttributesMask");
            return set_error(ERROR_INVALID_PARAMETER);
        }
        if (a.AttributesMask & DISK_ATTRIBUTE_OFFLINE)
            d->offline = (a.Attributes & DISK_ATTRIBUTE_OFFLINE) ? 1 : 0;
        d->persist = a.Persist ? 1 : 0;
        *lpBytesReturned = 0;
        return 1;
    }
    if (dwIoControlCode == IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS) {
        /* winioctl.h: output VOLUME_DISK_EXTENTS {DWORD NumberOfDiskExtents; DISK_EXTENT Extents[ANYSIZE_ARRAY]},
         * DISK_EXTENT {DWORD DiskNumber; LARGE_INTEGER StartingOffset; LARGE_INTEGER ExtentLength} (24 bytes, the
         * array at offset 8). A buffer too small for one extent: ERROR_INSUFFICIENT_BUFFER. Here a volume has one. */
        if (d->kind != KIND_VOLUME)
            return set_error(ERROR_INVALID_FUNCTION);
        if (!lpOutBuffer || nOutBufferSize < 32)
            return set_error(ERROR_INSUFFICIENT_BUFFER);
        memset(lpOutBuffer, 0, 32);
        *(DWORD *)lpOutBuffer = 1;
        *(DWORD *)((char *)lpOutBuffer + 8) = (DWORD)d->disk_number;
        *(int64_t *)((char *)lpOutBuffer + 24) = 1ll << 30;
        *lpBytesReturned = 32;
        return 1;
    }
    if (dwIoControlCode == FSCTL_LOCK_VOLUME || dwIoControlCode == FSCTL_DISMOUNT_VOLUME) {
        /* Learn: the handle must be a volume opened for direct access with FILE_SHARE_READ | FILE_SHARE_WRITE;
         * no buffers. The lock "fails if there are any open files on the volume" and "The system flushes all cached
         * data to the volume before locking it"; the dismount works like it "but does not check for open files".
         * The code a refused lock returns is UNCONFIRMED; here ERROR_ACCESS_DENIED. */
        if (d->kind != KIND_VOLUME)
            return set_error(ERROR_INVALID_FUNCTION);
        if ((g_last_share & 3u) != 3u)
            violation("FSCTL on a volume opened without FILE_SHARE_READ | FILE_SHARE_WRITE");
        if (lpInBuffer || lpOutBuffer)
            violation("FSCTL_LOCK_VOLUME / FSCTL_DISMOUNT_VOLUME take no buffers");
        *lpBytesReturned = 0;
        if (dwIoControlCode == FSCTL_LOCK_VOLUME) {
            if (d->in_use)
                return set_error(ERROR_ACCESS_DENIED);
            d->locked = d->flushed = 1;
            return 1;
        }
        d->dismounted = 1;
        return 1;
    }
    if (dwIoControlCode == IOCTL_SCSI_MINIPORT) {
        /* ntddscsi.h (windows-api-notes 3.2): input and output are one SRB_IO_CONTROL followed by Length bytes of
         * data; HeaderLength is sizeof(SRB_IO_CONTROL); the output is the updated SRB_IO_CONTROL (METHOD_BUFFERED:
         * the same system buffer goes back). A signature the miniport does not know is failed; how that reaches the caller is
         * UNCONFIRMED (here: ERROR_INVALID_FUNCTION, the usual STATUS_INVALID_DEVICE_REQUEST mapping). */
        if (d->kind != KIND_MINIPORT)
            return set_error(ERROR_INVALID_FUNCTION);
        if (!lpInBuffer || nInBufferSize < sizeof(SRB_IO_CONTROL)) {
            violation("IOCTL_SCSI_MINIPORT: input is %u bytes, less than SRB_IO_CONTROL", nInBufferSize);
            return set_error(ERROR_INVALID_PARAMETER);
        }
        SRB_IO_CONTROL h;
        memcpy(&h, lpInBuffer, sizeof h);
        if (h.HeaderLength != sizeof(SRB_IO_CONTROL)) {
            violation("IOCTL_SCSI_MINIPORT: HeaderLength %u, not %zu", h.HeaderLength, sizeof(SRB_IO_CONTROL));
            return set_error(ERROR_INVALID_PARAMETER);
        }
        if (nInBufferSize < sizeof(SRB_IO_CONTROL) + h.Length) {
            violation("IOCTL_SCSI_MINIPORT: input is %u bytes, header says %zu", nInBufferSize,
                sizeof(SRB_IO_CONTROL) + h.Length);
            return set_error(ERROR_INVALID_PARAMETER);
        }
        if (!lpOutBuffer || nOutBufferSize < sizeof(SRB_IO_CONTROL) + h.Length) {
            violation("IOCTL_SCSI_MINIPORT: output is %u bytes, needs %zu", nOutBufferSize,
                sizeof(SRB_IO_CONTROL) + h.Length);
            return set_error(ERROR_INSUFFICIENT_BUFFER);
        }
        if (strncmp((const char *)h.Signature, d->signature, 8) != 0)
            return set_error(ERROR_INVALID_FUNCTION);
        size_t n = sizeof(SRB_IO_CONTROL) + h.Length;
        memmove(lpOutBuffer, lpInBuffer, n);
        ((SRB_IO_CONTROL *)lpOutBuffer)->ReturnCode = g_reply_code;
        *lpBytesReturned = g_reply_bytes >= 0 ? (DWORD)g_reply_bytes : (DWORD)n;
        return 1;
    }
    return set_error(ERROR_INVALID_FUNCTION);
}
