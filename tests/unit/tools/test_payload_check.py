# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/payload_check.py: a module's payload carries its own runner and nothing another module needs."""
from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import payload_check  # noqa: E402  pylint: disable=wrong-import-position

P = "ansible_collections.sessionctl.windows.plugins.module_utils."


def shipped(*names):
    return {P + n for n in names}


def test_own_runner_and_its_closure_pass():
    assert payload_check.runner_problems(
        "iscsi_initiator_logout",
        shipped("_IscsiInitiatorLogoutModule", "_IscsiInitiator", "_IscsiInitiatorVds", "_ModuleRunner")) == []
    assert payload_check.runner_problems(
        "iscsi_session_info", shipped("_IscsiSessionInfoModule", "_IscsiInitiator", "_ModuleRunner")) == []


def test_info_module_with_vds_or_an_action_runner_fails():
    problems = payload_check.runner_problems(
        "iscsi_session_info",
        shipped("_IscsiSessionInfoModule", "_IscsiInitiatorLogoutModule", "_IscsiInitiator", "_IscsiInitiatorVds"))
    assert any("another module's runner _IscsiInitiatorLogoutModule" in p for p in problems), problems
    assert any("_IscsiInitiatorVds, which only iscsi_initiator_logout need" in p for p in problems), problems


def test_missing_own_runner_fails():
    problems = payload_check.runner_problems("rds_logoff", shipped("_Rds", "_Common"))
    assert problems == ["payload lacks the module's runner _RdsLogoffModule"]


def test_only_for_names_real_utils_and_modules():
    """Every ONLY_FOR entry names a util file and modules that exist (a renamed util cannot silently drop out)."""
    utils = ROOT / "plugins" / "module_utils"
    modules = set(p.stem for p in (ROOT / "plugins" / "modules").glob("*.ps1"))
    for util, owners in payload_check.ONLY_FOR.items():
        assert (utils / (util + ".cs")).is_file(), util
        assert owners and owners <= modules, (util, owners - modules)


def test_every_module_closure_keeps_to_only_for():
    """Each module's C# closure (its #AnsibleRequires plus their using lines) carries no util ONLY_FOR others:
    an _info module compiles no action code, an RDS module no administrator pre-check, and so on."""
    import ps_check  # pylint: disable=import-outside-toplevel

    for path in sorted((ROOT / "plugins" / "modules").glob("*.ps1")):
        files = ps_check.csharp_files_for(path.read_text(encoding="utf-8"), ROOT)
        assert payload_check.runner_problems(path.stem, shipped(*[f.stem for f in files])) == [], path.stem


def test_over_limit_entries_are_real_modules_above_the_cap():
    """A module held above MAX_RATIO must exist and be above it; one that got under must leave the list."""
    modules = set(p.stem for p in (ROOT / "plugins" / "modules").glob("*.ps1"))
    assert set(payload_check.OVER_LIMIT) <= modules
    for module, limit in payload_check.OVER_LIMIT.items():
        assert payload_check.MAX_RATIO < limit < 2.2, module
