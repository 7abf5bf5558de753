# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a file can show of the Windows integration workflow and its setup targets.

Nothing here runs on Windows. These checks read .github/workflows/windows-integration.yml, the setup
targets and the inventory files, and evaluate the one piece of logic that is not PowerShell (the
selection of the loopback portal address, a Jinja expression) with ansible-core's templating.
"""
from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows-integration.yml"
TARGETS = ROOT / "tests" / "integration" / "targets"
LOOPBACK = TARGETS / "setup_iscsi_loopback"
RDP = TARGETS / "setup_rdp_sessions"

sys.path.insert(0, str(ROOT / "tools"))
import ps_check  # noqa: E402  pylint: disable=wrong-import-position

# Vampire/setup-wsl v7.0.0: the tag's commit in the action's repository (tag object 5fae231e, commit dated
# 2026-04-11), the newest release there when this pin was set.
SETUP_WSL_V7_0_0 = "d1da7f2c0322a5ee4f24975344f67fc0f5baf364"

# Cmdlets of Windows-only modules (LocalAccounts, ServerManager, NetSecurity, NetTCPIP, iSCSI, PKI, WSMan
# provider): PowerShell 7 loads some of them only through the Windows PowerShell compatibility layer or not at
# all (New-LocalUser: PowerShell/PowerShell#18624, #21645), and ServerManager's results do not serialize there.
WINDOWS_ONLY = ("New-LocalUser", "Add-LocalGroupMember", "Install-WindowsFeature", "Get-WindowsFeature",
                "New-NetFirewallRule", "Enable-NetFirewallRule", "New-SelfSignedCertificate", "Enable-PSRemoting",
                "WSMan:", "Get-IscsiTargetPortal", "Get-NetIPConfiguration")


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow):
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def step_named(workflow, needle):
    found = [s for s in steps(workflow) if needle.lower() in s.get("name", "").lower()]
    assert len(found) == 1, "one step named like %r, found %d" % (needle, len(found))
    return found[0]


def index_of(workflow, step):
    return steps(workflow).index(step)


def yaml_tasks(path):
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def flat(tasks):
    for task in tasks:
        yield task
        for part in ("block", "rescue", "always"):
            yield from flat(task.get(part, []))


def task_named(tasks, needle):
    found = [t for t in flat(tasks) if needle.lower() in t.get("name", "").lower()]
    assert len(found) == 1, "one task named like %r, found %d" % (needle, len(found))
    return found[0]


def ps_problems(script):
    tree = ps_check.parser().parse(script.encode("utf-8"))
    return ps_check.check_parse(tree) + ps_check.check_ps51(tree)


# ------------------------------------------------------------------ 13: shells
def test_every_run_step_names_its_shell_and_none_is_pwsh(workflow):
    """The default shell of a Windows runner is pwsh (PowerShell 7): every step says which shell it runs in."""
    for job in workflow["jobs"].values():
        assert job.get("defaults", {}).get("run", {}).get("shell") != "pwsh"
    for step in steps(workflow):
        if "run" in step:
            assert step.get("shell") in ("powershell", "wsl-bash {0}"), (step["name"], step.get("shell"))


def test_steps_with_windows_only_cmdlets_run_in_windows_powershell(workflow):
    users = [s for s in steps(workflow) if any(c.lower() in s.get("run", "").lower() for c in WINDOWS_ONLY)]
    assert len(users) >= 4
    for step in users:
        assert step["shell"] == "powershell", step["name"]


def test_windows_powershell_steps_parse_as_powershell_5_1(workflow):
    scripts = [s for s in steps(workflow) if s.get("shell") == "powershell"]
    assert scripts
    for step in scripts:
        assert ps_problems(step["run"]) == [], step["name"]
        # Windows PowerShell 5.1's Out-File/Set-Content -Encoding utf8 starts the file with a byte-order mark
        assert not re.search(r"GITHUB_(ENV|OUTPUT).*-Encoding\s+utf8", step["run"], re.I), step["name"]


# ------------------------------------------------------------------ 17: pins, packages, rsync, ignore, README
def test_every_uses_is_pinned_by_a_full_commit_hash(workflow):
    uses = [s["uses"] for s in steps(workflow) if "uses" in s]
    assert uses
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), use


def test_setup_wsl_is_its_current_release_pinned_by_hash():
    lines = [ln.strip() for ln in WORKFLOW.read_text(encoding="utf-8").splitlines() if "Vampire/setup-wsl@" in ln]
    assert lines == ["uses: Vampire/setup-wsl@%s  # v7.0.0" % SETUP_WSL_V7_0_0]


def test_wsl_gets_ssh_keygen_xvfb_and_freerdp(workflow):
    [wsl] = [s for s in steps(workflow) if str(s.get("uses", "")).startswith("Vampire/setup-wsl@")]
    packages = wsl["with"]["additional-packages"].split()
    # ansible-test calls ssh-keygen for a Windows inventory; Xvfb is the RDP client's display
    for package in ("openssh-client", "xvfb", "rsync", "python3-venv"):
        assert package in packages, package
    assert str(wsl["with"]["wsl-version"]) == "1"
    # FreeRDP 2 or 3, whichever the distribution has; neither is a warning on the run, not a failed setup
    freerdp = step_named(workflow, "install freerdp")
    assert freerdp["shell"] == "wsl-bash {0}"
    assert "freerdp2-x11 freerdp3-x11" in freerdp["run"] and "::warning" in freerdp["run"]
    assert index_of(workflow, wsl) < index_of(workflow, freerdp) < index_of(workflow, step_named(workflow, "run ansible-test"))


def test_the_copy_into_wsl_sets_modes_ansible_accepts(workflow):
    runs = "\n".join(s.get("run", "") for s in steps(workflow) if s.get("shell") == "wsl-bash {0}")
    rsyncs = [ln.strip() for ln in runs.splitlines() if re.match(r"\s*rsync\b", ln)]
    assert rsyncs
    for line in rsyncs:
        assert "--chmod=D755,F644" in line.split(), line


def test_the_rendered_inventory_is_ignored_by_git():
    lines = [ln.strip() for ln in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()]
    assert "/tests/integration/inventory.winrm" in lines


def test_readme_says_how_to_run_the_workflow_on_a_fork():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The Windows integration workflow", 1)
    assert len(section) == 2, "README has no 'The Windows integration workflow' section"
    body = section[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    for needle in ("fork", "Actions", "Run workflow", "windows-integration.yml", "tests/output"):
        assert needle in body, needle


# ------------------------------------------------------------------ 12: the loopback portal
def portal_expression():
    select = yaml_tasks(LOOPBACK / "tasks" / "portal.yml")
    task = task_named(select, "choose the portal")
    return task["ansible.builtin.set_fact"]["iscsi_loopback_portal"]


def choose_portal(nics, given=""):
    from ansible.parsing.dataloader import DataLoader  # pylint: disable=import-outside-toplevel
    from ansible.template import Templar, trust_as_template  # pylint: disable=import-outside-toplevel
    templar = Templar(loader=DataLoader(), variables={
        "iscsi_loopback_portal": given,
        "iscsi_loopback_nics": {"stdout": json.dumps(nics)},
    })
    return templar.template(trust_as_template(portal_expression()))


NIC = {"alias": "Ethernet", "status": "Up", "gateway": True, "addresses": ["10.1.0.4"]}


@pytest.mark.parametrize("nics, expected", [
    ([NIC], "10.1.0.4"),
    # a Hyper-V switch (WSL, containers) has a gateway on some images: never its address
    ([dict(NIC, alias="vEthernet (nat)", addresses=["172.20.0.1"]), NIC], "10.1.0.4"),
    ([dict(NIC, alias="vEthernet (WSL)", addresses=["172.21.0.1"]), dict(NIC, alias="Ethernet 2")], "10.1.0.4"),
    # no default gateway, or down: not the external-facing interface
    ([dict(NIC, alias="Loopback", gateway=False, addresses=["127.0.0.1"]), NIC], "10.1.0.4"),
    ([dict(NIC, status="Disconnected", addresses=["10.9.9.9"]), dict(NIC, alias="Ethernet 3")], "10.1.0.4"),
    # an APIPA or loopback address is never the portal
    ([dict(NIC, addresses=["169.254.3.4", "10.1.0.4"])], "10.1.0.4"),
    ([dict(NIC, addresses=["127.0.0.2", "10.1.0.4"])], "10.1.0.4"),
])
def test_the_portal_is_the_ipv4_address_of_the_default_gateway_interface(nics, expected):
    assert choose_portal(nics) == expected


@pytest.mark.parametrize("nics", [
    [],
    [dict(NIC, alias="vEthernet (nat)")],
    [dict(NIC, gateway=False)],
    [dict(NIC, addresses=["169.254.1.1"])],
])
def test_no_external_interface_gives_no_portal(nics):
    assert choose_portal(nics) == ""


def test_a_portal_given_by_the_user_wins():
    assert choose_portal([NIC], given="192.0.2.7") == "192.0.2.7"


def test_the_portal_listing_reads_ipv4_gateways_and_fails_clearly_without_one():
    tasks = yaml_tasks(LOOPBACK / "tasks" / "portal.yml")
    listing = task_named(tasks, "list the interfaces")
    script = listing["ansible.windows.win_shell"]
    assert "Get-NetIPConfiguration" in script and "IPv4DefaultGateway" in script and "IPv4Address" in script
    assert ps_problems(script) == []
    assert listing["register"] == "iscsi_loopback_nics"
    fail = task_named(tasks, "fail when no interface")
    assert fail["when"] == "iscsi_loopback_portal | length == 0"
    defaults = yaml.safe_load((LOOPBACK / "defaults" / "main.yml").read_text(encoding="utf-8"))
    assert defaults["iscsi_loopback_portal"] == ""


def test_the_loopback_setup_uses_the_chosen_portal_opens_the_firewall_and_retries():
    tasks = yaml_tasks(LOOPBACK / "tasks" / "main.yml")
    names = [t["name"] for t in tasks]
    portal = names.index(task_named(tasks, "choose the portal address")["name"])
    create = task_named(tasks, "create the iscsi virtual disk")
    firewall = task_named(tasks, "firewall")
    assert portal < names.index(firewall["name"]) < names.index(create["name"])
    assert task_named(tasks, "choose the portal address")["ansible.builtin.include_tasks"] == "portal.yml"
    rules = firewall["ansible.windows.win_shell"]
    for needle in ("Get-NetFirewallServiceFilter -Service $service", "'MSiSCSI'", "'WinTarget'", "Enable-NetFirewallRule",
                   "-LocalPort 3260"):
        assert needle in rules, needle
    assert ps_problems(rules) == []
    script = create["ansible.windows.win_shell"]
    assert "127.0.0.1" not in script and "$portal = '{{ iscsi_loopback_portal }}'" in script
    assert ps_problems(script) == []
    defaults = yaml.safe_load((LOOPBACK / "defaults" / "main.yml").read_text(encoding="utf-8"))

    def value(field):
        ref = re.fullmatch(r"\{\{ (\w+) \}\}", str(create[field]))
        return int(defaults[ref.group(1)] if ref else create[field])

    assert value("retries") >= 3 and value("delay") > 0
    assert create["until"] == "iscsi_loopback_setup is succeeded"
    # the portal is a fact before anything is created, so cleanup.yml removes the portal that was made
    remember = task_named(tasks, "remember the target")
    assert "portal" in remember["ansible.builtin.set_fact"]["iscsi_loopback_portal"]
    cleanup = (LOOPBACK / "tasks" / "cleanup.yml").read_text(encoding="utf-8")
    assert "if ($portal) {" in cleanup


# ------------------------------------------------------------------ 14: the busy-disk holder
def test_the_busy_disk_holder_starts_outside_winrm_job():
    tasks = yaml_tasks(TARGETS / "iscsi_initiator_logout" / "tasks" / "tests.yml")
    holder = task_named(tasks, "keep a file on it open")
    script = holder["ansible.windows.win_shell"]
    assert "Start-Process" not in script
    assert "Invoke-CimMethod -ClassName Win32_Process -MethodName Create" in script
    assert "ReturnValue" in script and "ProcessId" in script
    assert ps_problems(script) == []


# ------------------------------------------------------------------ 15: real RDP sessions
def test_the_workflow_enables_remote_desktop_for_the_rdp_sessions(workflow):
    rdp = step_named(workflow, "remote desktop")
    assert rdp["shell"] == "powershell"
    for needle in ("fDenyTSConnections", "TermService", "Enable-NetFirewallRule", "RemoteDesktop-UserMode-In-TCP"):
        assert needle in rdp["run"], needle
    run = step_named(workflow, "run ansible-test")["run"]
    # a skipped RDP setup is an annotation on the run, not only a line in the log
    assert "SESSIONCTL-SKIP" in run and "::warning" in run


def test_the_rdp_setup_target_connects_freerdp_under_xvfb_and_disconnects_one():
    main = (RDP / "tasks" / "main.yml").read_text(encoding="utf-8")
    tasks = yaml.safe_load(main)
    for needle in ("Xvfb", "xfreerdp", "/cert:ignore", "delegate_to: localhost"):
        assert needle in main, needle
    disconnect = task_named(tasks, "disconnect the client")
    assert disconnect["delegate_to"] == "localhost" and "kill" in disconnect["ansible.builtin.shell"]
    skip = task_named(tasks, "say why")
    assert "SESSIONCTL-SKIP" in skip["ansible.builtin.debug"]["msg"]
    assert skip["when"] == "not rds_have_rdp"
    require = task_named(tasks, "fail when real sessions are required")
    assert "rds_rdp_require" in require["when"]


@pytest.mark.parametrize("target", ["rds_logoff", "rds_session_info"])
def test_rds_targets_act_on_a_real_disconnected_and_a_real_active_session(target):
    main = yaml_tasks(TARGETS / target / "tasks" / "main.yml")
    block = main[0]
    setups = [t for t in block["block"] if t.get("ansible.builtin.include_role", {}).get("name") == "setup_rdp_sessions"]
    assert len(setups) == 1
    rdp_tests = [t for t in block["block"] if t.get("ansible.builtin.include_tasks") == "tests_rdp.yml"]
    assert len(rdp_tests) == 1 and rdp_tests[0]["when"] == "rds_have_rdp"
    cleanups = [t for t in block["always"] if t.get("ansible.builtin.include_role") ==
                {"name": "setup_rdp_sessions", "tasks_from": "cleanup.yml"}]
    assert len(cleanups) == 1
    tests = (TARGETS / target / "tasks" / "tests_rdp.yml").read_text(encoding="utf-8")
    assert "rds_rdp_sessions.disconnected" in tests and "rds_rdp_sessions.active" in tests
    assert "query.exe session" in tests  # the Windows tool's own view, next to the module's


# ------------------------------------------------------------------ 16: know the runner; rds_logon_mode without RDSH
def test_a_diagnostic_step_before_ansible_test_shows_the_host(workflow):
    diag = step_named(workflow, "diagnostics")
    assert diag["shell"] == "powershell"
    for needle in ("query.exe session", "fDenyTSConnections", "TermService", "MSiSCSI", "WinTarget", "WinRM",
                   "Get-IscsiTargetPortal", "Get-NetIPConfiguration", "winrm enumerate winrm/config/listener"):
        assert needle in diag["run"], needle
    assert index_of(workflow, diag) < index_of(workflow, step_named(workflow, "run ansible-test"))


def test_rds_logon_mode_without_the_session_host_role_is_a_visible_decision():
    main = (TARGETS / "rds_logon_mode" / "tasks" / "main.yml").read_text(encoding="utf-8")
    assert "RDS-RD-Server" in main and "rds_logon_mode_without_rdsh" in main and "SESSIONCTL-SKIP" in main
    defaults = yaml.safe_load((TARGETS / "rds_logon_mode" / "defaults" / "main.yml").read_text(encoding="utf-8"))
    assert defaults["rds_logon_mode_without_rdsh"] in ("skip", "test")


# ------------------------------------------------------------------ every script the targets run on the host
def target_scripts():
    for path in sorted(TARGETS.glob("*/tasks/*.yml")):
        for task in flat(yaml_tasks(path)):
            script = task.get("ansible.windows.win_shell")
            if isinstance(script, str):
                yield pytest.param(script, id="%s:%s" % (path.relative_to(TARGETS), task.get("name", "?")))


@pytest.mark.parametrize("script", list(target_scripts()))
def test_target_scripts_parse_as_windows_powershell_5_1(script):
    # Jinja is rendered before PowerShell sees the script: stand a plain value in for each expression
    rendered = re.sub(r"\{\{.*?\}\}", "0", script)
    assert ps_problems(rendered) == []


def test_skip_lines_in_the_ansible_test_output_become_warnings(workflow, tmp_path):
    """The part of the test step that turns SESSIONCTL-SKIP lines into annotations, run on a sample of
    ansible-test's colored -v output (a debug task's msg, as the setup targets print it)."""
    run = step_named(workflow, "run ansible-test")["run"]
    lines = run.splitlines()
    first = next(i for i, ln in enumerate(lines) if "grep -o 'SESSIONCTL-SKIP" in ln)
    last = next(i for i in range(first, len(lines)) if lines[i].strip() == "done")
    log = tmp_path / "ansible-test.log"
    snippet = "\n".join(lines[first:last + 1]).replace("/tmp/ansible-test.log", str(log))
    skip = "SESSIONCTL-SKIP windows-host: no real RDP sessions: the host denies Remote Desktop connections."
    log.write_text("TASK [setup_rdp_sessions : Say why]\n"
                   "\x1b[0;32mok: [windows-host] => {\x1b[0m\n"
                   '\x1b[0;32m    "msg": "%s"\x1b[0m\n'
                   "\x1b[0;32m}\x1b[0m\n"
                   'ok: [windows-host] => {\n    "msg": "%s"\n}\n'
                   "PLAY RECAP\n" % (skip, skip), encoding="utf-8")
    proc = subprocess.run(["bash", "-c", "set -euo pipefail\n" + snippet], capture_output=True, text=True,
                          timeout=30, check=True)
    assert proc.stdout.splitlines() == ["::warning title=Skipped on this runner::" + skip]
    # a run with nothing skipped: no warning, and the step goes on (under bash -e and pipefail)
    log.write_text("PLAY RECAP\n", encoding="utf-8")
    proc = subprocess.run(["bash", "-c", "set -euo pipefail\n" + snippet + "\necho next"], capture_output=True,
                          text=True, timeout=30, check=False)
    assert (proc.returncode, proc.stdout) == (0, "next\n")


def test_wsl_steps_pass_shellcheck(workflow, tmp_path):
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed")
    scripts = [s for s in steps(workflow) if s.get("shell") == "wsl-bash {0}"]
    assert scripts
    for n, step in enumerate(scripts):
        path = tmp_path / ("step%d.sh" % n)
        path.write_text("#!/bin/bash\n" + step["run"], encoding="utf-8")
        proc = subprocess.run([shellcheck, "-s", "bash", str(path)], capture_output=True, text=True, timeout=60,
                              check=False)
        assert proc.returncode == 0, step["name"] + "\n" + proc.stdout


@pytest.mark.parametrize("host", ["windows-host", "a", "h" * 40])
def test_the_rdp_password_is_the_same_on_every_read_and_long_enough(host):
    """Created once with win_user, read again for xfreerdp: it must not change, and it must pass a password
    policy with a minimum length and complexity."""
    from ansible.parsing.dataloader import DataLoader  # pylint: disable=import-outside-toplevel
    from ansible.template import Templar, trust_as_template  # pylint: disable=import-outside-toplevel
    expr = yaml.safe_load((RDP / "defaults" / "main.yml").read_text(encoding="utf-8"))["rds_rdp_password"]
    templar = Templar(loader=DataLoader(), variables={"inventory_hostname": host})
    first = templar.template(trust_as_template(expr))
    second = templar.template(trust_as_template(expr))
    assert first == second and len(first) >= 12
    assert re.search(r"[a-z]", first) and re.search(r"[A-Z]", first) and re.search(r"[0-9]", first)
    assert re.search(r"[^A-Za-z0-9]", first)
