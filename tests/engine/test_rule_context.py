"""RuleContext: which rules a lint runs (``is_enabled``) and a rule's options, validated once."""

from __future__ import annotations

from stanzalint import rules as registry
from stanzalint.analysis import analyze
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings import FixAvailability, Severity
from stanzalint.rules.base import Option, Rule, RuleContext, RuleMeta
from stanzalint.rules.lint_facts import LintFacts
from stanzalint.syntax import parse

TEXT = "FROM debian:12\nRUN echo hi\n"


def context(config: Config, rule: Rule = None) -> RuleContext:
    dockerfile = parse(TEXT)
    return RuleContext(rule or registry.get("DL3004"), LintFacts(dockerfile, analyze(dockerfile), config))


def test_is_enabled_follows_select_ignore_strict_and_defaults():
    assert context(Config()).is_enabled("SZ012")
    assert not context(Config(ignore=["SZ012"])).is_enabled("SZ012")
    assert not context(Config()).is_enabled("SZ104")  # off by default
    assert context(Config(strict=True)).is_enabled("SZ104")
    assert context(Config(select=["DL"])).is_enabled("DL3004")
    assert not context(Config(select=["DL"])).is_enabled("SZ012")


def test_is_enabled_takes_a_name_or_alias_and_is_false_for_an_unknown_code():
    assert not context(Config(ignore=["sudo-in-run"])).is_enabled("DL3004")
    assert not context(Config()).is_enabled("XX9999")


def test_options_are_the_configured_values_else_the_defaults():
    sz307 = registry.get("SZ307")
    default = sz307.meta.options["max_mib"].default
    assert context(Config(), sz307).options == {"max_mib": default}
    assert context(Config(rules={"SZ307": {"max_mib": 3}}), sz307).options == {"max_mib": 3.0}


def test_options_are_validated_once_per_configuration_not_on_each_access_or_lint():
    calls = []

    def counted(value):
        calls.append(value)
        return int(value)

    seen = []

    def check(ctx):
        seen.append(ctx.options["limit"])
        seen.append(ctx.options["limit"])
        return iter(())

    rule = Rule(
        RuleMeta(
            code="SZ998",
            name="counting-options",
            severity=Severity.INFO,
            fix=FixAvailability.NEVER,
            options={"limit": Option("a number", counted, 1)},
        ),
        check,
    )
    config = Config(rules={"SZ998": {"limit": "7"}})
    lint(TEXT, config, rules=[rule])
    lint(TEXT + "RUN true\n", config, rules=[rule])
    assert seen == [7, 7, 7, 7]
    assert calls == ["7"]
