"""The stage context instruction-scoped rules read (``Fact.VARIABLES``, ``ROOT_IMAGE``, ``SHIPS``)
is part of the findings memo's row key: an edit elsewhere in the file that changes an
instruction's context re-runs the rules on it, and a keystroke in a one-stage file re-runs them
on the edited instruction only; the rows of a stage read its context, computed once per stage."""

from __future__ import annotations

import pytest
from ruletest import memo_session
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint, prepare
from stanzalint.findings_memo import FindingsMemo, LintRows, Tokens
from stanzalint.rules.base import Fact, Rule, Scope
from stanzalint.rules.lint_facts import LintFacts

CONFIG = Config()
PIP_MESSAGE = "Add `--no-cache-dir` so pip's download cache stays out of the image"


def through_memo(code: str, texts: list[str]) -> list[list[tuple[str, str]]]:
    """Rule ``code``'s findings (the text each marks, its message) on each text in turn, linted as
    the editor lints: on the previous parse, through one document's memo."""
    results = memo_session(texts, CONFIG, [registry.get(code)], on_analysis=False)
    return [
        [(text[v.span.start : v.span.end], v.message) for v in result.violations]
        for text, result in zip(texts, results)
    ]


@pytest.mark.parametrize(
    ("code", "run", "declared", "found"),
    [
        ("DL3042", "RUN pip install flask\n", "ENV PIP_NO_CACHE_DIR=1\n", ("install", PIP_MESSAGE)),
        (
            "SZ405",
            "RUN uv pip install flask\n",
            "ARG UV_NO_CACHE\n",
            (
                "uv pip install flask",
                "`uv` keeps its download cache in this layer; add `--no-cache` or use a cache mount",
            ),
        ),
    ],
)
def test_a_variable_declared_earlier_in_the_stage_reaches_the_remembered_run(code, run, declared, found):
    texts = ["FROM python:3.12\n" + run, "FROM python:3.12\n" + declared + run, "FROM python:3.12\n" + run]
    assert through_memo(code, texts) == [[found], [], [found]]


def test_a_builder_stage_cleaned_later_or_no_longer_copied_from_drops_the_remembered_finding():
    copied = "FROM python:3.12 AS build\nRUN pip install flask\nRUN echo done\nFROM python:3.12-slim\nCOPY --from=build /root /root\n"
    cleaned = copied.replace("echo done", "rm -rf /root/.cache/pip")
    elsewhere = copied.replace("/root /root", "/app /app")
    assert through_memo("DL3042", [copied, cleaned, copied, elsewhere, copied]) == [
        [("install", PIP_MESSAGE)],
        [],
        [("install", PIP_MESSAGE)],
        [],
        [("install", PIP_MESSAGE)],
    ]


def test_a_new_base_image_reaches_the_remembered_run():
    run = "RUN apt-get install -y curl\n"
    message = "`apt-get` is not available on `alpine:3.19`, which uses `apk` (alpine)"
    assert through_memo("SZ902", ["FROM alpine:3.19\n" + run, "FROM debian:12\n" + run]) == [
        [("apt-get", message)],
        [],
    ]
    through_arg = "ARG BASE=debian:12\nFROM ${BASE}\n" + run
    assert through_memo("SZ902", [through_arg, through_arg.replace("debian:12", "alpine:3.19")]) == [
        [],
        [("apt-get", message)],
    ]


@pytest.mark.parametrize(
    "code", ["DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060", "SZ403", "SZ405", "SZ902"]
)
def test_a_keystroke_in_a_one_stage_file_reruns_the_rule_on_the_edited_run_only(code):
    calls: list[list[int]] = []
    rule = registry.get(code)

    def check(ctx):
        calls.append([ins.start_line + 1 for ins in ctx.dockerfile.instructions])
        return rule.check(ctx)

    counted = Rule(rule.meta, check)
    text = "FROM debian:12\nENV A=1\nRUN apt-get update\nWORKDIR /app\nRUN pip install flask\n"
    memo = FindingsMemo()
    lint(text, CONFIG, rules=[counted], memo=memo)
    lint(text.replace("flask", "flasks"), CONFIG, rules=[counted], memo=memo)
    assert calls == [[1, 2, 3, 4, 5], [5]]


def rows_of(text: str, tokens: Tokens | None = None) -> LintRows:
    dockerfile, analysis = prepare(text, CONFIG)
    return LintRows(LintFacts(dockerfile, analysis, CONFIG), tokens)


def test_each_instruction_reads_the_context_of_its_own_stage():
    text = (
        "ARG BASE=debian:12\n"  # 0: before the first FROM
        "FROM alpine:3.19 AS build\n"  # 1
        "ENV A=1\n"  # 2
        "RUN make\n"  # 3
        "FROM build AS test\n"  # 4: built on build, copied from by nothing
        "RUN make test\n"  # 5
        "FROM ${BASE}\n"  # 6: the final stage
        "COPY --from=build /out /out\n"  # 7
    )
    rows = rows_of(text)
    variables = rows.fact_values(Scope.INSTRUCTION, Fact.VARIABLES)
    images = rows.fact_values(Scope.INSTRUCTION, Fact.ROOT_IMAGE)
    ships = rows.fact_values(Scope.INSTRUCTION, Fact.SHIPS)
    assert variables[1] == variables[2] != variables[3]  # ENV A=1 is in effect from the RUN on
    assert variables[3][0] == variables[1][0] != variables[4][0]  # test inherits build's variables
    assert variables[6][1] == variables[1][1] == variables[4][1]  # nothing declared before a FROM
    assert images[0] is None
    assert images[1] == images[3] == images[5] != images[6]  # test's root image is build's
    assert [ships[0], ships[5], ships[6], ships[7]] == [True, False, True, True]
    assert ships[1] == ships[3] not in (True, False)  # the final stage copies from build
    assert rows.fact_values(Scope.STAGE, Fact.SHIPS)[1:] == [ships[1], False, True]


def test_equal_context_gives_the_same_token_in_the_next_lint_and_a_new_one_after_an_edit():
    text = "FROM alpine:3.19 AS build\nENV A=1\nRUN make\nFROM debian:12\nCOPY --from=build /out /out\n"
    tokens = Tokens()
    first = rows_of(text, tokens).fact_values(Scope.INSTRUCTION, Fact.SHIPS)
    tokens.next_lint()
    again = rows_of(text, tokens).fact_values(Scope.INSTRUCTION, Fact.SHIPS)
    tokens.next_lint()
    edited = rows_of(text.replace("make", "make all"), tokens).fact_values(Scope.INSTRUCTION, Fact.SHIPS)
    assert again[2] is first[2]
    assert edited[2] is not first[2]
    assert edited[4] is True
