/* Copyright (c) 2026 sessionctl.windows contributors
 * GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
 *
 * libntdll.so: RtlGetVersion only (tests only), for OsInfo.Current() (the iSCSI Target engine's OS guard).
 * Learn: https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-rtlgetversion : the caller sets
 * dwOSVersionInfoSize to sizeof(RTL_OSVERSIONINFOW) (276) or sizeof(RTL_OSVERSIONINFOEXW) (284); "RtlGetVersion
 * returns STATUS_SUCCESS". The EX fields are filled only for the EX size.
 */
#include "fake_common.h"

typedef struct {
    ULONG dwOSVersionInfoSize, dwMajorVersion, dwMinorVersion, dwBuildNumber, dwPlatformId;
    WCHAR szCSDVersion[128];
    USHORT wServicePackMajor, wServicePackMinor, wSuiteMask;
    UCHAR wProductType, wReserved;
} RTL_OSVERSIONINFOEXW;
_Static_assert(sizeof(RTL_OSVERSIONINFOEXW) == 284, "RTL_OSVERSIONINFOEXW is 284 bytes");

static ULONG g_major = 6, g_minor = 3, g_build = 9600;
static UCHAR g_product = 3; /* VER_NT_SERVER */
static int32_t g_status;

FAKE_COMMON_EXPORTS(ntfake)

EXPORT void ntfake_reset(void)
{
    common_reset();
    g_major = 6;
    g_minor = 3;
    g_build = 9600;
    g_product = 3;
    g_status = 0;
}

EXPORT void ntfake_set_version(ULONG major, ULONG minor, ULONG build, int productType, int32_t status)
{
    g_major = major;
    g_minor = minor;
    g_build = build;
    g_product = (UCHAR)productType;
    g_status = status;
}

EXPORT int32_t RtlGetVersion(RTL_OSVERSIONINFOEXW *info)
{
    logcall("RtlGetVersion(size %u)", info ? info->dwOSVersionInfoSize : 0);
    if (!info || (info->dwOSVersionInfoSize != 276 && info->dwOSVersionInfoSize != 284)) {
        violation("RtlGetVersion: dwOSVersionInfoSize must be 276 or 284");
        return (int32_t)0xC000000D; /* STATUS_INVALID_PARAMETER */
    }
    if (g_status != 0)
        return g_status;
    info->dwMajorVersion = g_major;
    info->dwMinorVersion = g_minor;
    info->dwBuildNumber = g_build;
    info->dwPlatformId = 2; /* VER_PLATFORM_WIN32_NT */
    memset(info->szCSDVersion, 0, sizeof info->szCSDVersion);
    if (info->dwOSVersionInfoSize == 284) {
        info->wServicePackMajor = 0;
        info->wServicePackMinor = 0;
        info->wSuiteMask = 0x110;
        info->wProductType = g_product;
        info->wReserved = 0;
    }
    return 0;
}
