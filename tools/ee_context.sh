#!/usr/bin/env bash
# Build an ansible-builder context for an execution environment holding sessionctl.windows from this checkout
# (the recipe of docs/docsite/rst/guide_awx.rst, "Build from a checkout"):
#   tools/ee_context.sh OUTDIR
# 1. build the collection tarball from the checkout (ansible-galaxy collection build);
# 2. copy awx/ee/execution-environment.yml and the tarball (as collections/sessionctl-windows.tar.gz) to OUTDIR;
# 3. ansible-builder create: OUTDIR/context holds the Containerfile and _build/, with the tarball in it.
# Then: ansible-builder build -f OUTDIR/execution-environment.yml -t REGISTRY/IMAGE:TAG (needs podman or docker).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
mkdir -p "$out/collections" "$out/dist"
ansible-galaxy collection build --force --output-path "$out/dist" "$root"
cp "$out"/dist/sessionctl-windows-*.tar.gz "$out/collections/sessionctl-windows.tar.gz"
cp "$root/awx/ee/execution-environment.yml" "$out/execution-environment.yml"
(cd "$out" && ansible-builder create -f execution-environment.yml --context context -v 2)
