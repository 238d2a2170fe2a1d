from __future__ import annotations

from ruletest import found


def test_constant_platform_flagged_build_args_clean():
    text = (
        "FROM --platform=linux/amd64 alpine:3.20\n"
        "FROM --platform=$BUILDPLATFORM alpine:3.20\n"
        "FROM --platform=${TARGETPLATFORM} alpine:3.20\n"
    )
    assert found("DL3029", text) == [
        ("1:6-1:28", "The stage is pinned to platform `linux/amd64`; derive it from $BUILDPLATFORM or drop it"),
    ]


def test_through_the_memo_edits_of_a_from_line_and_of_another_stage_give_a_fresh_lint_s_findings():
    from stanzalint.config import Config
    from stanzalint.engine import lint
    from stanzalint.findings_memo import FindingsMemo
    from stanzalint.rules import get

    texts = [
        "FROM --platform=linux/amd64 a AS one\nRUN x\nFROM --platform=linux/arm64 b\nRUN y\n",
        "FROM --platform=linux/amd64 a AS one\nRUN xz\nFROM --platform=linux/arm64 b\nRUN y\n",
        "FROM --platform=$BUILDPLATFORM a AS one\nRUN xz\nFROM --platform=linux/arm64 b\nRUN y\n",
        "FROM --platform=$BUILDPLATFORM a AS one\nRUN xz\nFROM --platform=linux/arm b\nRUN y\n",
    ]
    memo, config, rules = FindingsMemo(), Config(), [get("DL3029")]
    for text in texts:
        through_memo = lint(text, config, rules=rules, memo=memo).violations
        assert [(v.span, v.message) for v in through_memo] == [
            (v.span, v.message) for v in lint(text, config, rules=rules).violations
        ]
    assert [texts[-1][v.span.start : v.span.end] for v in through_memo] == ["--platform=linux/arm"]
