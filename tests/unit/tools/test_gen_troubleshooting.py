# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The troubleshooting guide's error tables are generated from the catalog and kept current."""
from __future__ import annotations

import pathlib
import sys

from ansible_collections.sessionctl.windows.plugins.plugin_utils import _error_catalog as cat

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import gen_troubleshooting as gen  # noqa: E402  pylint: disable=wrong-import-position


def all_names():
    return ([e[1] for e in cat.ENTRIES] + [e[1] for e in cat.CIM_ENTRIES] + [e[1] for e in cat.SRB_ENTRIES])


def test_generated_tables_are_current():
    rst = gen.RST.read_text(encoding="utf-8")
    assert gen.render(rst, cat) == rst, "run: python tools/gen_troubleshooting.py"


def test_every_catalog_code_is_in_the_guide_once_with_its_hex():
    rst = gen.RST.read_text(encoding="utf-8")
    for code, name, _kind, _msg in cat.ENTRIES:
        assert rst.count("   * - ``%s``\n     - ``0x%08X``" % (name, code)) == 1, name
    for code, name, _msg in cat.CIM_ENTRIES:
        assert "   * - ``%s``\n     - ``%d``" % (name, code) in rst, name
    for code, name, _msg in cat.SRB_ENTRIES:
        assert "   * - ``%s``\n     - ``0x%02X``" % (name, code) in rst, name


def test_advice_only_names_codes_that_exist():
    unknown = sorted(set(gen.ADVICE) - set(all_names()))
    assert not unknown, "advice for codes the catalog does not have: %s" % unknown


def test_specific_advice_is_used():
    rst = gen.RST.read_text(encoding="utf-8")
    assert "set ``busy: offline_disks`` to take the disks offline first" in rst
    assert "``Install-WindowsFeature FS-iSCSITarget-Server``" in rst


def test_vds_timeout_row_says_the_logout_was_cancelled_at_timeout():
    rst = gen.RST.read_text(encoding="utf-8")
    row = rst[rst.index("   * - ``VDS_E_TIMEOUT``"):]
    row = row[:row.index("   * - ", 5)]
    assert "did not finish within ``timeout`` seconds" in row and "was cancelled" in row, row


def test_check_detects_a_stale_guide_and_rewrite_fixes_it(tmp_path, monkeypatch):
    stale = tmp_path / "guide.rst"
    stale.write_text(gen.RST.read_text(encoding="utf-8").replace("Access is denied.", "Nope.", 1), encoding="utf-8")
    monkeypatch.setattr(gen, "RST", stale)
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
    assert stale.read_text(encoding="utf-8") == gen.render(stale.read_text(encoding="utf-8"), cat)


def test_rst_text_escapes_inline_markup():
    assert gen.rst_text("a*b_c`d|e\\f") == "a\\*b\\_c\\`d\\|e\\\\f"
