#!/usr/bin/env bash
# Show that ansible-builder turns the collection's EE files into a build context.
#   tools/ee_check.sh INSTALLED_COLLECTIONS_DIR WORKDIR
# 1. `ansible-builder introspect` must find the collection's python and system requirements;
# 2. `ansible-builder create` on an EE definition that installs the collection must write a
#    Containerfile and a context holding those requirements. (Building the image needs an engine.)
set -euo pipefail
installed=$1
work=$2
mkdir -p "$work"
ansible-builder introspect --sanitize "$installed" > "$work/introspect.txt"
cat "$work/introspect.txt"
grep -q "pywinrm\[kerberos\]" "$work/introspect.txt"
grep -q "pypsrp\[kerberos\]" "$work/introspect.txt"
grep -q 'krb5' "$work/introspect.txt"
cp -r "$installed/ansible_collections/sessionctl/windows" "$work/collection-src"
cat > "$work/execution-environment.yml" <<YAML
---
version: 3
images:
  base_image:
    name: quay.io/ansible/awx-ee:latest
dependencies:
  galaxy:
    collections:
      - name: collection-src
        type: dir
  python_interpreter:
    python_path: /usr/bin/python3
additional_build_files:
  - src: collection-src
    dest: collection-src
YAML
(cd "$work" && ansible-builder create -f execution-environment.yml --context context -v 2)
ls "$work/context"
test -s "$work/context/Containerfile" -o -s "$work/context/Dockerfile"
test -d "$work/context/_build"
# 3. the AWX guide's build-from-checkout recipe (tools/ee_context.sh) gives a context that holds the collection
#    and asks for the Kerberos extras
"$(dirname "$0")/ee_context.sh" "$work/checkout"
ctx=$work/checkout/context
test -s "$ctx/Containerfile" -o -s "$ctx/Dockerfile"
tarball=$(find "$ctx/_build" -name 'sessionctl-windows*.tar.gz' -print -quit)
test -n "$tarball"
tar -tzf "$tarball" > "$work/checkout/tarball.txt"
grep -q 'roles/drain/tasks/main.yml' "$work/checkout/tarball.txt"
grep -rq 'pywinrm\[kerberos\]' "$ctx/_build"
grep -rq 'pypsrp\[kerberos\]' "$ctx/_build"
echo "ee_check: context from the checkout holds the collection and the Kerberos extras"
