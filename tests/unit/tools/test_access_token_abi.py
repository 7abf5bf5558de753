# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unmodified NativeAccessToken (_AccessToken.cs) under Mono against an ABI-level C fake of advapi32,
secur32 and kernel32 (abi/fake_token_api.c): the buffers are read at the right offsets, the token handle is
closed, the LSA buffer freed once, and the facts become the right hints. Mono maps DllImport("advapi32.dll") to
libadvapi32.so on LD_LIBRARY_PATH and returns errno from Marshal.GetLastWin32Error()."""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
HERE = pathlib.Path(__file__).resolve().parent / "abi"
UTILS = ROOT / "plugins" / "module_utils"


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    missing = [t for t in ("gcc", "mcs", "mono") if shutil.which(t) is None]
    if missing:
        if os.environ.get("SESSIONCTL_REQUIRE_MONO"):
            pytest.fail("missing: %s" % ", ".join(missing))
        pytest.skip("missing: %s" % ", ".join(missing))
    d = tmp_path_factory.mktemp("abi")
    subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", str(d / "libadvapi32.so"),
                    str(HERE / "fake_token_api.c")], check=True)
    for name in ("libsecur32.so", "libkernel32.so"):
        os.symlink("libadvapi32.so", str(d / name))
    subprocess.run(["mcs", "-langversion:5", "-warnaserror+", "-nowarn:1610", "-define:WINDOWS;AMD64",
                    "-r:System.dll", "-r:System.Core.dll", "-out:" + str(d / "driver.exe"),
                    str(UTILS / "_AccessToken.cs"), str(UTILS / "_AdminCheck.cs"), str(UTILS / "_SessionCommon.cs"),
                    str(UTILS / "_ErrorCatalog.cs"),
                    str(HERE / "TokenDriver.cs")], check=True)
    return d


def read(driver, **facts):
    env = dict(os.environ, LD_LIBRARY_PATH=str(driver))
    env.update({"FAKE_" + k.upper(): str(v) for k, v in facts.items()})
    out = subprocess.run(["mono", str(driver / "driver.exe")], env=env, check=True, capture_output=True, text=True).stdout
    res = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    assert res["open_tokens"] == "0", "the token handle is closed"
    assert res["lsa_allocs"] == res["lsa_frees"], "the LSA buffer is freed once"
    return res


def test_a_filtered_local_administrator_over_ntlm(driver):
    r = read(driver, elevation_type=3, elevated=0, admin=0, local=1, logon_type=3, package="NTLM", user="localadmin")
    assert (r["elevation_type"], r["is_elevated"], r["is_administrator"]) == ("Limited", "False", "False")
    assert (r["is_local_account"], r["impersonation"], r["logon_type"]) == ("True", "Primary", "3")
    assert (r["package"], r["user"]) == ("NTLM", "HOST1\\localadmin")
    assert (r["forwarding"], r["admin_problem"]) == ("No", "True")


def test_become_gives_an_interactive_full_token_that_can_delegate(driver):
    r = read(driver, elevation_type=2, elevated=1, admin=1, local=0, logon_type=2, package="Kerberos",
             domain="CONTOSO", user="svc-ansible")
    assert (r["elevation_type"], r["is_administrator"], r["forwarding"]) == ("Full", "True", "Yes")
    assert (r["user"], r["admin_problem"]) == ("CONTOSO\\svc-ansible", "False")


def test_a_kerberos_network_logon_needs_delegation(driver):
    r = read(driver, elevation_type=1, admin=1, logon_type=3, package="Kerberos")
    assert r["forwarding"] == "OnlyWithKerberosDelegation"


def test_an_impersonation_token_reports_its_level(driver):
    r = read(driver, token_type=2, impersonation=3, admin=1, logon_type=3, package="NTLM")
    assert (r["impersonation"], r["forwarding"]) == ("Delegation", "Yes")


def test_a_logon_session_that_cannot_be_read_leaves_the_other_facts(driver):
    r = read(driver, lsa_fail=1, elevation_type=3, admin=0)
    assert r["read_error"].startswith("LsaGetLogonSessionData failed")
    assert (r["logon_type"], r["package"], r["forwarding"]) == ("0", "null", "Unknown")
    assert (r["elevation_type"], r["is_administrator"]) == ("Limited", "False")


def test_a_host_without_the_local_account_sid_gives_null(driver):
    r = read(driver, no_local_sid=1, admin=1)
    assert r["is_local_account"] == "null"
