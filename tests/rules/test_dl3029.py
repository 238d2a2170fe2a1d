from __future__ import annotations

from ruletest import found, through_memo


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
    texts = [
        "FROM --platform=linux/amd64 a AS one\nRUN x\nFROM --platform=linux/arm64 b\nRUN y\n",
        "FROM --platform=linux/amd64 a AS one\nRUN xz\nFROM --platform=linux/arm64 b\nRUN y\n",
        "FROM --platform=$BUILDPLATFORM a AS one\nRUN xz\nFROM --platform=linux/arm64 b\nRUN y\n",
        "FROM --platform=$BUILDPLATFORM a AS one\nRUN xz\nFROM --platform=linux/arm b\nRUN y\n",
    ]
    assert through_memo("DL3029", texts)[-1] == ["--platform=linux/arm"]
