from ruletest import found


def test_latest_is_flagged_with_the_image():
    text = "FROM node:latest AS build\nFROM nginx:1.27\nFROM registry.example.com/team/app:latest\n"
    assert found("DL3007", text) == [
        ("1:6-1:17", "`node:latest` moves with every release; pin the version you build against"),
        (
            "3:6-3:42",
            "`registry.example.com/team/app:latest` moves with every release; pin the version you build against",
        ),
    ]


def test_latest_pinned_by_digest_and_unresolved_are_clean():
    text = "ARG TAG\nFROM node:latest@sha256:" + "b" * 64 + "\nFROM node:${TAG}\nFROM scratch\nARG T\nFROM node:$T\n"
    assert found("DL3007", text) == []


def test_through_the_memo_a_global_arg_and_a_stage_name_edited_give_a_fresh_lint_s_findings():
    from stanzalint.config import Config
    from stanzalint.engine import lint
    from stanzalint.findings_memo import FindingsMemo
    from stanzalint.rules import get

    texts = [
        "ARG TAG=latest\nFROM alpine:${TAG} AS base\nRUN x\nFROM base\nRUN y\n",
        "ARG TAG=3.20\nFROM alpine:${TAG} AS base\nRUN x\nFROM base\nRUN y\n",
        "ARG TAG=3.20\nFROM alpine:latest AS bas\nRUN x\nFROM base\nRUN y\n",  # base: an image now
        "ARG TAG=3.20\nFROM alpine:latest AS bas\nRUN x\nFROM base:latest\nRUN y\n",
    ]
    memo, config, rules = FindingsMemo(), Config(), [get("DL3007")]
    flagged = []
    for text in texts:
        through_memo = lint(text, config, rules=rules, memo=memo).violations
        fresh = lint(text, config, rules=rules).violations
        assert [(v.span, v.message) for v in through_memo] == [(v.span, v.message) for v in fresh]
        flagged.append([text[v.span.start : v.span.end] for v in through_memo])
    assert flagged == [["alpine:${TAG}"], [], ["alpine:latest"], ["alpine:latest", "base:latest"]]
