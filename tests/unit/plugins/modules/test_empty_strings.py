# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every ``str`` option either documents what ``''`` means or is refused by name before any Windows call
(issue 19 item 9; the collection-wide rule on empty strings).

Walked: every option of every module (plugins/modules/*.py, which tools/ps_check.py holds equal to the ``.ps1``
``$spec``) of ``type: str``, and every ``type: list`` with ``elements: str`` (then ``''`` is an entry of the list).
An option passes when

- its description has a sentence about the empty string (``EMPTY_DOC``: "empty string", "empty name", "empty entry",
  "empty or blank ...", ``''``), or
- the module's whole-module harness refuses it by name: a case of a bad-input table (``BadInputs()`` or
  ``ProductionBadInputs()`` of a fixture whose NUnit category is the module, tests/csharp) that passes ``''`` for
  that option (alone, or as an entry of a list) and names that option as the one the failure message must name.
  The harness (tests/csharp/ModuleHarness.cs ``AssertBadInput``) runs each such case and asserts the task failed,
  its message names the option and no Windows API was called; tools/nunit_modules.py counts them from
  tests/output/csharp/bad-inputs.tsv. This test reads the tables statically, so it runs without Mono.

Both are usually true; ``LACKING`` below must stay empty.
"""
from __future__ import annotations

import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[4]
MODULES = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
EMPTY_DOC = re.compile(r"\bempty (or blank |or whitespace-only )?(string|name|entry|value|text|title|message)s?\b|"
                       r"''|V\(\)|C\(\"\"\)", re.IGNORECASE)


def documentation(name):
    ns = {}
    source = (ROOT / "plugins" / "modules" / (name + ".py")).read_text(encoding="utf-8")
    exec(compile(source, name, "exec"), ns)  # pylint: disable=exec-used
    return yaml.safe_load(ns["DOCUMENTATION"])


def str_options(name):
    """[(option, its description as one string)] for every str option and list-of-str option of a module."""
    found = []
    for opt, spec in (documentation(name).get("options") or {}).items():
        kind = spec.get("type", "str")
        if kind == "str" or (kind == "list" and spec.get("elements") == "str"):
            desc = spec.get("description")
            found.append((opt, " ".join([desc] if isinstance(desc, str) else desc or [])))
    return found


def _call_end(text, start):
    """Index after the parenthesised call whose '(' is at text[start], skipping string literals."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


_CLASS = re.compile(r'\[Category\("(\w+)"\)\]\s*public\s+(?:abstract\s+)?class\s+\w+')
_TABLE = re.compile(r"public\s+static\s+IEnumerable(?:<TestCaseData>)?\s+(?:Production)?BadInputs\s*\(\s*\)")
_BAD = re.compile(r"\bBad\(")
_HEAD = re.compile(r'Bad\(\s*"(?:[^"\\]|\\.)*"\s*,\s*"(\w+)"\s*,')


def bad_input_cases():
    """{module: [(named option, the case's C# text)]} of every bad-input table in tests/csharp."""
    cases = {}
    for path in sorted((ROOT / "tests" / "csharp").rglob("*.cs")):
        text = path.read_text(encoding="utf-8")
        classes = list(_CLASS.finditer(text))
        for n, cls in enumerate(classes):
            body = text[cls.end():classes[n + 1].start() if n + 1 < len(classes) else len(text)]
            for table in _TABLE.finditer(body):
                end = body.find("\n        }", table.end())
                block = body[table.end():end if end > 0 else len(body)]
                for call in _BAD.finditer(block):
                    src = block[call.start():_call_end(block, call.end() - 1)]
                    head = _HEAD.match(src)
                    if head:
                        cases.setdefault(cls.group(1), []).append((head.group(1), src))
    return cases


def refuses_empty(cases, option):
    """The cases that pass '' for option (as the value or as a list entry) and name option."""
    empty = re.compile(r'"%s"\s*,\s*(?:""|new\s+(?:object|string)\[\]\s*\{[^{}]*(?<![\\\w])""[^{}]*\})' % option)
    return [src for named, src in cases if named == option and empty.search(src.split(",", 2)[2])]


def lacking():
    """[(module, option)] of str options that neither document '' nor have a bad-input case refusing it."""
    cases = bad_input_cases()
    missing = []
    for name in MODULES:
        for opt, desc in str_options(name):
            if not EMPTY_DOC.search(desc) and not refuses_empty(cases.get(name, []), opt):
                missing.append((name, opt))
    return missing


def test_every_str_option_documents_or_refuses_the_empty_string():
    assert lacking() == []


@pytest.mark.parametrize("name", MODULES)
def test_each_module_has_a_bad_input_table(name):
    """The walk above only means something if the tables are found: every module has one."""
    assert bad_input_cases().get(name), "no bad-input table found for %s in tests/csharp" % name


def test_the_walk_finds_str_options_and_cases():
    """The walker sees list-of-str options and recognises '' as a value and as a list entry."""
    opts = dict(str_options("iscsi_target_session_stop"))
    assert {"initiator", "target", "method", "requested_state"} <= set(opts)
    assert "tsih" not in opts
    cases = [("server", 'Bad("server empty", "server", "all", true, "server", "")'),
             ("username", 'Bad("u", "username", "username", new object[] { "alice", "" })'),
             ("username", 'Bad("u", "username", "username", new object[] { " " })'),
             ("server", 'Bad("s", "server", "all", true, "server", "x")')]
    assert len(refuses_empty(cases, "server")) == 1
    assert len(refuses_empty(cases, "username")) == 1
    assert not refuses_empty([("all", 'Bad("x", "all", "server", "")')], "server")
    assert EMPTY_DOC.search("An empty string fails the task.")
    assert not EMPTY_DOC.search("An empty list selects nothing.")
