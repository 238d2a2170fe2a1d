"""Stage rules about WORKDIR, COPY, USER, the variables BuildKit expands, a repeated CMD,
ENTRYPOINT or HEALTHCHECK and a FROM's default ARG read no shell command
(``reads_commands=()``): typing inside a RUN's words keeps their findings, moved with their
instructions, without running them again."""

from __future__ import annotations

import pytest
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings_memo import FindingsMemo
from stanzalint.rules.base import Rule

CONFIG = Config()

TEXT = """FROM alpine:3.20
RUN echo hello
COPY a.txt dest/
WORKDIR app
ENV GREETING=$NOPE
USER app
CMD ["old"]
CMD ["new"]
ENTRYPOINT ["old"]
ENTRYPOINT ["new"]
HEALTHCHECK CMD old
HEALTHCHECK CMD new
FROM alpine:${TAG}
RUN echo hi
"""
TYPED = TEXT.replace("echo hello", "echo well, hello")

#: each rule, and the texts its findings underline
FOUND = {
    "DL3000": ["app"],
    "SZ807": ["app"],
    "DL3045": ["dest/"],
    "SZ808": ["$NOPE"],
    "DL3066": ["app"],
    "SZ806": ["${TAG}"],
    "DL4003": ["CMD"],
    "DL4004": ["ENTRYPOINT"],
    "DL3012": ["HEALTHCHECK"],
    "SZ809": ["CMD", "ENTRYPOINT", "HEALTHCHECK"],
    "SZ813": ["alpine:${TAG}"],
}


def counting(code: str, runs: list[int]) -> Rule:
    """Rule ``code``, counting the instructions it is shown on each run."""
    rule = registry.get(code)

    def check(ctx):
        runs.append(len(ctx.dockerfile.instructions))
        return rule.check(ctx)

    return Rule(rule.meta, check)


@pytest.mark.parametrize("code", sorted(FOUND))
def test_typing_in_a_run_keeps_the_findings_without_running_the_rule_again(code):
    runs: list[int] = []
    memo = FindingsMemo()
    lint(TEXT, CONFIG, rules=[counting(code, runs)], memo=memo)
    typed = lint(TYPED, CONFIG, rules=[counting(code, runs)], memo=memo)
    fresh = lint(TYPED, CONFIG, rules=[registry.get(code)])
    found = [(v.code, v.span.start, v.span.end, v.message, v.instruction_line) for v in typed.violations]
    assert found == [(v.code, v.span.start, v.span.end, v.message, v.instruction_line) for v in fresh.violations]
    assert [TYPED[start:end] for _code, start, end, _message, _line in found] == FOUND[code]
    assert runs == [14]  # the first lint only
