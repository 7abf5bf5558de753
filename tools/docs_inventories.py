# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write fallback intersphinx inventories next to the docsite, for building it offline.

    python tools/docs_inventories.py build/docs   # writes build/docs/{python2,python3,jinja2,ansible_devel}.inv

The conf.py that `antsibull-docs sphinx-init` writes asks intersphinx for each inventory at its URL
first and falls back to ../<name>.inv, relative to its rst/ source directory, which is the docsite
directory itself. Without network access every URL fails, the labels the generated pages point to
in the Ansible docs (common return values, configuration settings) stay undefined, and build.sh
(sphinx-build -W) fails. These stubs hold just those labels, pointing to the
real pages, so the build also passes offline. With network access the real inventories win.
"""
from __future__ import annotations

import pathlib
import sys
import zlib

ANSIBLE_LABELS = [
    ("common_return_values", "reference_appendices/common_return_values.html#common-return-values",
     "Return Values"),
    ("ansible_configuration_settings", "reference_appendices/config.html#ansible-configuration-settings",
     "Ansible Configuration Settings"),
    ("collections_installing", "collections_guide/collections_installing.html#collections-installing",
     "Installing collections"),
    ("playbooks_filters", "playbook_guide/playbooks_filters.html#playbooks-filters", "Using filters"),
]

INVENTORIES = {
    "python2": ("Python", "2", []),
    "python3": ("Python", "3", []),
    "jinja2": ("Jinja", "3", []),
    "ansible_devel": ("Ansible", "devel", ANSIBLE_LABELS),
}


def inventory(project, version, labels):
    head = ("# Sphinx inventory version 2\n# Project: %s\n# Version: %s\n"
            "# The remainder of this file is compressed using zlib.\n" % (project, version)).encode("utf-8")
    body = "".join("%s std:label -1 %s %s\n" % (name, uri, title) for name, uri, title in labels)
    return head + zlib.compress(body.encode("utf-8"))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    dest = pathlib.Path(argv[0] if argv else "build")
    dest.mkdir(parents=True, exist_ok=True)
    for name, (project, version, labels) in INVENTORIES.items():
        (dest / (name + ".inv")).write_bytes(inventory(project, version, labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
