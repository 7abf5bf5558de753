# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_error filter."""
from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError
from ansible_collections.sessionctl.windows.plugins.filter.win_error import FilterModule, win_error


def test_filter_is_registered():
    assert FilterModule().filters()["win_error"] is win_error


@pytest.mark.parametrize("value", [0x80070005, -2147024891, "0x80070005", "0X80070005", "2147942405",
                                   " -2147024891 ", "0x80070005\n"])
def test_forms_of_one_code_agree(value):
    res = win_error(value)
    assert res["hex"] == "0x80070005"
    assert res["name"] == "ERROR_ACCESS_DENIED"
    assert res["win32_code"] == 5
    assert res["kind"] == "hresult"


def test_family_argument():
    assert win_error(4097, "cim")["name"] == "INVALID_STATE_TRANSITION"
    assert win_error(1)["name"] == "ERROR_INVALID_FUNCTION"
    assert win_error("0x06", family="srb")["name"] == "SRB_STATUS_INVALID_REQUEST"


def test_result_keys():
    assert set(win_error(7022)) == {"code", "hex", "name", "message", "facility", "kind", "severity"}


@pytest.mark.parametrize(
    "value, match",
    [
        (None, "got NoneType"),
        (True, "boolean"),
        (1.5, "got float"),
        ("access denied", "is not an error code"),
        ("0xZZ", "is not an error code"),
        ("", "is not an error code"),
        (0x100000000, "outside the 32-bit range"),
        ("-2147483649", "outside the 32-bit range"),
        ([5], "got list"),
    ],
)
def test_bad_input_raises_a_clear_error(value, match):
    with pytest.raises(AnsibleFilterError, match=match):
        win_error(value)


def test_bad_family_raises():
    with pytest.raises(AnsibleFilterError, match="unknown family 'posix'"):
        win_error(5, "posix")
