# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README, the role README, every guide and every module's EXAMPLES use only option names the modules have
(issue 19: "the README, guides ... use the new names").

Every YAML block of README.md (```yaml fences), roles/*/README.md and docs/docsite/rst/*.rst (``.. code-block:: yaml``)
is parsed; every task in it (also inside ``block``/``rescue``/``always`` and plays' ``tasks``) that calls a module
``sessionctl.windows.<module>`` must pass only options that module documents (its DOCUMENTATION ``options``, which
tools/ps_check.py holds equal to the ``.ps1`` ``$spec``). A block that is not valid YAML fails the test too: an
operator copies these blocks.
"""
from __future__ import annotations

import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[4]
MODULES = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
PREFIX = "sessionctl.windows."


def options(name):
    ns = {}
    source = (ROOT / "plugins" / "modules" / (name + ".py")).read_text(encoding="utf-8")
    exec(compile(source, name, "exec"), ns)  # pylint: disable=exec-used
    return set((yaml.safe_load(ns["DOCUMENTATION"]).get("options") or {}))


def markdown_blocks(text):
    """(line, code) of each ```yaml / ```yml fence."""
    return [(text[:m.start()].count("\n") + 2, m.group(1))
            for m in re.finditer(r"^```ya?ml[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)]


def rst_blocks(text):
    """(line, code) of each ``.. code-block:: yaml`` (options lines skipped, the indented body dedented)."""
    blocks, lines = [], text.splitlines()
    i = 0
    while i < len(lines):
        if re.match(r"\s*\.\. (code-block|code|sourcecode):: ya?ml\s*$", lines[i]):
            start = i + 1
            i += 1
            while i < len(lines) and re.match(r"\s+:\w[\w-]*:", lines[i]):
                i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or lines[i][:1] in " \t"):
                body.append(lines[i])
                i += 1
            indents = [len(l) - len(l.lstrip()) for l in body if l.strip()]
            cut = min(indents) if indents else 0
            blocks.append((start, "\n".join(l[cut:] for l in body)))
        else:
            i += 1
    return blocks


def doc_files():
    files = [ROOT / "README.md"] + sorted((ROOT / "roles").glob("*/README.md"))
    files += sorted((ROOT / "docs" / "docsite" / "rst").glob("*.rst"))
    return [f for f in files if f.exists()]


def tasks_in(node):
    """Every dict in a parsed block that can be a task, walking lists, plays and blocks."""
    if isinstance(node, list):
        for item in node:
            yield from tasks_in(item)
    elif isinstance(node, dict):
        yield node
        for key in ("tasks", "pre_tasks", "post_tasks", "handlers", "block", "rescue", "always"):
            if isinstance(node.get(key), list):
                yield from tasks_in(node[key])


def wrong_options(code):
    """[(module, option)] of the sessionctl.windows module calls in code that pass an option the module lacks."""
    wrong = []
    for task in tasks_in(yaml.safe_load(code)):
        for key, args in task.items():
            if not (isinstance(key, str) and key.startswith(PREFIX)):
                continue
            module = key[len(PREFIX):]
            assert module in MODULES, "%s is not a module of the collection" % key
            if isinstance(args, dict):
                wrong += [(module, opt) for opt in args if opt not in options(module)]
            elif args is not None:
                wrong.append((module, "free-form arguments %r" % (args,)))
    return wrong


def cases():
    found = []
    for path in doc_files():
        text = path.read_text(encoding="utf-8")
        blocks = markdown_blocks(text) if path.suffix == ".md" else rst_blocks(text)
        found += [pytest.param(code, id="%s:%d" % (path.relative_to(ROOT), line))
                  for line, code in blocks if PREFIX in code]
    return found


@pytest.mark.parametrize("code", cases())
def test_examples_use_only_options_the_modules_have(code):
    assert wrong_options(code) == []


def test_examples_are_found():
    """The README's headline example and the guides' blocks are walked."""
    ids = [p.id for p in cases()]
    assert any(i.startswith("README.md:") for i in ids)
    assert sum(i.startswith("docs/docsite/rst/") for i in ids) >= 5


def test_check_catches_an_option_that_does_not_exist():
    code = """
- name: Log off
  sessionctl.windows.rds_logoff:
    state: disconnected
    all: true
- block:
    - sessionctl.windows.iscsi_target_session_stop:
        method: ioctl
        signature: MYSIG
"""
    assert wrong_options(code) == [("rds_logoff", "state"), ("iscsi_target_session_stop", "signature")]
    assert rst_blocks(".. code-block:: yaml\n\n    - a: 1\n\nText\n") == [(1, "\n- a: 1\n")]


def module_calls(code):
    """The sessionctl.windows module names that tasks in code call."""
    return [key[len(PREFIX):] for task in tasks_in(yaml.safe_load(code)) for key in task
            if isinstance(key, str) and key.startswith(PREFIX) and key[len(PREFIX):] in MODULES]


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_call_in_the_text_is_walked(path):
    """No module call hides where the walk does not look (a block of another language, a bad indent)."""
    text = path.read_text(encoding="utf-8")
    in_text = sorted(m.group(1) for m in re.finditer(r"^\s*(?:- )?sessionctl\.windows\.(\w+):", text, re.MULTILINE)
                     if m.group(1) in MODULES)
    blocks = markdown_blocks(text) if path.suffix == ".md" else rst_blocks(text)
    walked = sorted(name for _where, code in blocks if PREFIX in code for name in module_calls(code))
    assert walked == in_text


@pytest.mark.parametrize("name", MODULES)
def test_module_examples_use_only_options_the_modules_have(name):
    """The same check for each module's EXAMPLES (which may call its sibling modules)."""
    ns = {}
    source = (ROOT / "plugins" / "modules" / (name + ".py")).read_text(encoding="utf-8")
    exec(compile(source, name, "exec"), ns)  # pylint: disable=exec-used
    assert wrong_options(ns["EXAMPLES"]) == []
