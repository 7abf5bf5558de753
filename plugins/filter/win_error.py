# -*- coding: utf-8 -*-
# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_error filter: decode a Windows error code on the controller."""

from __future__ import annotations

import re

from ansible.errors import AnsibleFilterError
from ansible_collections.sessionctl.windows.plugins.plugin_utils._error_catalog import (
    FAMILIES,
    CatalogError,
    decode,
)

_INT_TEXT = re.compile(r"^\s*([+-]?)(0[xX][0-9a-fA-F]+|[0-9]+)\s*$")


def _to_int(value):
    if isinstance(value, bool):
        raise AnsibleFilterError("win_error: expected an error code, got a boolean (%r)" % value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = _INT_TEXT.match(value)
        if not match:
            raise AnsibleFilterError(
                "win_error: %r is not an error code; give an integer (5, -2147024891) or a hex string (0x80070005)"
                % value
            )
        sign, digits = match.groups()
        number = int(digits, 16) if digits[:2].lower() == "0x" else int(digits, 10)
        return -number if sign == "-" else number
    raise AnsibleFilterError(
        "win_error: expected an error code as an integer or a string, got %s" % type(value).__name__
    )


def win_error(value, family="auto"):
    """Decode ``value`` into ``{code, hex, name, message, facility, kind, severity}``."""
    if family not in FAMILIES:
        raise AnsibleFilterError("win_error: unknown family %r; expected one of %s" % (family, ", ".join(FAMILIES)))
    try:
        return decode(_to_int(value), family)
    except CatalogError as e:
        raise AnsibleFilterError("win_error: %s" % e) from e


class FilterModule:
    """sessionctl.windows filters."""

    def filters(self):
        return {"win_error": win_error}
