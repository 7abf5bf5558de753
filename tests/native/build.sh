#!/usr/bin/env bash
# Build the ABI-level fakes of Windows DLLs (tests only) into OUTDIR:
#   tests/native/build.sh OUTDIR
# Mono resolves DllImport("Wtsapi32.dll") to libWtsapi32.so on LD_LIBRARY_PATH (the same for iscsidsc.dll,
# kernel32.dll, ntdll.dll, advapi32.dll and secur32.dll), so each library is named after the DLL name exactly as the
# utils spell it. libsecur32.so is a link to libadvapi32.so: one fake of both (the token reader's LSA calls), one state.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
command -v gcc >/dev/null || { echo "gcc not found: apt-get install gcc libc6-dev" >&2; exit 2; }
for pair in Wtsapi32:fake_wtsapi32 iscsidsc:fake_iscsidsc kernel32:fake_kernel32 ntdll:fake_ntdll \
        advapi32:fake_advapi32; do
    gcc -std=gnu11 -shared -fPIC -fvisibility=hidden -Wall -Wextra -Werror -O1 -g \
        -o "$out/lib${pair%%:*}.so" "$here/${pair#*:}.c"
done
ln -sf libadvapi32.so "$out/libsecur32.so"
