"""Every rule documents itself the same way, and the generated docs are fresh."""

from __future__ import annotations

import os
import re

import pytest
from repo_paths import REPO_ROOT
from stanzalint import docgen
from stanzalint import rules as registry
from stanzalint.docs import REQUIRED_SECTIONS, sections

RULES = registry.all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_docstring_has_the_sections_in_order(rule):
    assert sections(rule.meta.docs) == list(REQUIRED_SECTIONS), rule.code


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_metadata_is_complete(rule):
    meta = rule.meta
    assert re.fullmatch(r"(DL|SZ)\d{4}|SZ\d{3}", meta.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta.name), meta.name
    assert meta.summary and not meta.summary.startswith("#")
    assert "```dockerfile" in meta.docs, "Example and Use instead are dockerfile blocks"


def test_names_and_aliases_are_unique():
    seen = {}
    for rule in RULES:
        for key in (rule.meta.name, *rule.meta.aliases):
            if key.startswith(("DS-", "CKV_")):
                continue  # one trivy/checkov id may map to several of our rules
            assert key.lower() not in seen, f"{key} used by {seen.get(key.lower())} and {rule.code}"
            seen[key.lower()] = rule.code


def test_docs_pages_are_fresh():
    wanted = docgen.rule_pages()
    rules_dir = os.path.join(REPO_ROOT, "docs", "rules")
    on_disk = {n for n in os.listdir(rules_dir) if n.endswith(".md")} if os.path.isdir(rules_dir) else set()
    assert on_disk == set(wanted), "run `python -m stanzalint.docgen`"
    for name, content in wanted.items():
        with open(os.path.join(rules_dir, name), encoding="utf-8") as fh:
            assert fh.read() == content, f"docs/rules/{name} is stale: run `python -m stanzalint.docgen`"


def test_readme_rule_table_is_fresh():
    with open(os.path.join(REPO_ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    assert docgen.readme_with_table(readme) == readme, "run `python -m stanzalint.docgen`"


def test_rule_command_hover_and_page_share_one_text():
    from stanzalint.docs import render_rule

    meta = registry.get("DL3006").meta
    with open(os.path.join(REPO_ROOT, "docs", "rules", "DL3006.md"), encoding="utf-8") as fh:
        assert fh.read() == render_rule(meta)


def test_a_rule_keeps_its_documentation_as_written_and_shows_it_dedented():
    """The docs a rule shows are its module's docstring dedented, made when read: no rule keeps
    a dedented copy (together some 200 KB of a language server's memory)."""
    import inspect
    import sys

    for rule in RULES:
        module = sys.modules[rule.check.__module__]
        assert rule.meta.docs == inspect.cleandoc(module.__doc__), rule.code
        kept = [value for value in vars(rule.meta).values() if isinstance(value, str)]
        assert all(len(value) < 1000 for value in kept), rule.code


def test_documentation_given_as_text_is_shown_as_given():
    from stanzalint.findings import FixAvailability, Severity
    from stanzalint.rules.base import RuleMeta

    meta = RuleMeta("DS-0001", "trivy-ds-0001", Severity.WARNING, FixAvailability.NEVER, docs="  ## What it does\n")
    assert meta.docs == "  ## What it does\n"
    assert RuleMeta("SZ999", "x", Severity.WARNING, FixAvailability.NEVER).docs == ""
