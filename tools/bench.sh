#!/usr/bin/env bash
# Run the engine benchmarks (tools/bench_*.cs) under Mono. Each compiles with the C# utils
# it names in its "// bench-utils:" line and prints its own result line with a ratio from one run.
# Then the fleet benchmark (tools/fleet_sim.py --bench): the drain of 300 stand-in hosts at 5 forks with a
# 5 s grace period, two-phase against one grace period per host, in one run (FLEET_BENCH=0 skips it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/sessionctl-bench
mkdir -p "$out"
shopt -s nullglob
benches=("$root"/tools/bench_*.cs)
[ "${#benches[@]}" -gt 0 ] || { echo "no benchmarks found"; exit 1; }
for b in "${benches[@]}"; do
    name=$(basename "$b" .cs)
    read -r -a utils < <(sed -n 's#^// bench-utils: *##p' "$b")
    srcs=()
    for u in "${utils[@]}"; do srcs+=("$root/plugins/module_utils/$u"); done
    mcs -langversion:5 -optimize+ -warnaserror+ -nowarn:1610 "-define:WINDOWS;AMD64" \
        -r:System.dll -r:System.Core.dll -out:"$out/$name.exe" "${srcs[@]}" "$b"
    mono "$out/$name.exe"
done
if [ "${FLEET_BENCH:-1}" != 0 ]; then
    "${VENV:-$root/.venv}/bin/python" "$root/tools/fleet_sim.py" --bench --hosts 300 --forks 5 --grace 5 \
        --work "$out/fleet"
fi
