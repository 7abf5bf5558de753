#!/usr/bin/env bash
# Line coverage of the native and WMI layers (the Native* classes, their buffer/handle helpers, the token reader) by
# the NUnit suite,
# measured with Mono's coverage profiler (libmono-profiler-coverage.so, Debian package libmono-profiler).
#   tools/native_coverage.sh [OUTDIR]
# The profiler library is taken from the system, or from MONO_PROFILER_DIR (a directory holding
# libmono-profiler-coverage.so, e.g. from `apt-get download libmono-profiler && dpkg -x ...`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/tests/output/coverage}
mkdir -p "$out"
classes=NativeWtsApi,NativeWtsServer,WtsMemory,SafeWtsBuffer,SafeWtsMemoryBuffer,SafeWtsSessionInfo1Buffer
classes+=,SafeWtsServerHandle,WtsMarshal,NativeIscsiInitiatorSessions,NativeIscsiInitiatorApi,NativeBuffers,SafeMemoryBuffer
classes+=,NativeIscsiTargetSessions,NativeIscsiTargetCimApi,NativeIscsiTargetIoctlApi
classes+=,OsInfo.Current,NativeIscsiTargetIoctlApi.SendMiniportIoctl
# the token reader (advapi32/secur32/kernel32, tests/native/fake_advapi32.c) and the WMI layer of rds_logon_mode
classes+=,NativeAccessToken,TokenNative,NativeTerminalServiceSettingApi
# the WMI adapter (Wmi.Open; ManagementWmi is System.Management itself, which only a Windows host runs), the other
# WMI-backed native classes, rds_message's WTSSendMessageW layer and the VDS loader
classes+=,Wmi,ManagementWmi,NativeIscsiTargetAccessApi,NativeIscsiTargetAccessRestoreApi,NativeWtsMessageApi,NativeVdsApi
if [ -n "${MONO_PROFILER_DIR:-}" ]; then
    export LD_LIBRARY_PATH="$MONO_PROFILER_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
elif ! ls /usr/lib/libmono-profiler-coverage.so* >/dev/null 2>&1; then
    echo "libmono-profiler-coverage.so not found: apt-get install libmono-profiler, or set MONO_PROFILER_DIR" >&2
    exit 2
fi
mcs -langversion:5 -out:"$out/CoverageDriver.exe" "$root/tools/coverage/Driver.cs"
export SESSIONCTL_COVERAGE_CLASSES=$classes
export SESSIONCTL_NUNIT="mono --debug --profile=coverage:output=$out/coverage.xml $out/CoverageDriver.exe"
"$root/tools/cs_test.sh" "$out" || true
python3 "$root/tools/coverage/report.py" "$out/coverage.xml" "$classes"
