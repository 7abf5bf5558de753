# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Render tests/integration/inventory.winrm.template into an ansible-test inventory.

    python tools/render_inventory.py [--template T] [--output O] [NAME=value ...]

Each @NAME@ in the template is replaced by the NAME=value given on the command line, else by the
environment variable SESSIONCTL_WIN_NAME, else by the default below. A placeholder left without a
value, or a value with characters that would break the INI line, is an error.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tests" / "integration" / "inventory.winrm.template"
OUTPUT = ROOT / "tests" / "integration" / "inventory.winrm"
DEFAULTS = {
    "HOST_NAME": "windows-host",
    "PORT": "5986",
    "TRANSPORT": "ntlm",
    "CERT_VALIDATION": "validate",
}
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")
UNSAFE = re.compile(r"[\s#;'\"=\\]")


class RenderError(ValueError):
    """A placeholder without a value, or a value the INI format cannot hold."""


def render(template, values):
    missing = []

    def repl(match):
        name = match.group(1)
        if name not in values:
            missing.append(name)
            return match.group(0)
        value = str(values[name])
        if not value or UNSAFE.search(value):
            raise RenderError("the value of %s is empty or has a space, quote, '#', ';', '=' or backslash" % name)
        return value

    text = PLACEHOLDER.sub(repl, template)
    if missing:
        raise RenderError("no value for %s (give NAME=value or set SESSIONCTL_WIN_NAME)"
                          % ", ".join(sorted(set(missing))))
    return text


def collect(pairs, environ):
    values = dict(DEFAULTS)
    for key, value in environ.items():
        if key.startswith("SESSIONCTL_WIN_"):
            values[key[len("SESSIONCTL_WIN_"):]] = value
    for pair in pairs:
        if "=" not in pair:
            raise RenderError("expected NAME=value, got %r" % pair)
        key, value = pair.split("=", 1)
        values[key] = value
    return values


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", type=pathlib.Path, default=TEMPLATE)
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    parser.add_argument("values", nargs="*", metavar="NAME=value")
    args = parser.parse_args(argv)
    try:
        text = render(args.template.read_text(encoding="utf-8"), collect(args.values, os.environ))
    except RenderError as e:
        sys.stderr.write("render_inventory: %s\n" % e)
        return 1
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
