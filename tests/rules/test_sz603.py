from ruletest import found


def test_unused_stage_by_name_index_and_mount():
    text = (
        "FROM python:3.12 AS wheels\nRUN x\n"
        "FROM python:3.12 AS deps\nRUN --mount=type=bind,from=wheels,target=/w x\n"
        "FROM alpine AS leftover\n"
        "FROM python:3.12\nCOPY --from=1 /a /b\n"
    )
    assert found("SZ603", text) == [
        ("5:16-5:24", "Stage `leftover` is not used by any later stage and is not the final target")
    ]


def test_of_a_mount_naming_two_stages_buildkit_reads_the_last():
    text = "FROM alpine AS b\nRUN true\nFROM alpine AS c\nRUN true\nFROM alpine\nRUN --mount=from=c,FROM=b,target=/x true\n"
    assert found("SZ603", text) == [
        ("3:16-3:17", "Stage `c` is not used by any later stage and is not the final target")
    ]


def test_unnamed_stage_and_targets_left_alone():
    text = "FROM alpine\nRUN x\nFROM debian:12 AS test\nFROM debian:12 AS final\n"
    assert found("SZ603", text) == [("1:1-1:12", "Stage 0 is not used by any later stage and is not the final target")]


def test_dynamic_references_and_stages_after_target():
    assert found("SZ603", "ARG V=a\nFROM alpine AS a\nFROM alpine AS b\nFROM ${V}\n") == []
    assert found("SZ603", "FROM alpine AS x\nFROM alpine AS y\n", target="x") == []


def test_stage_pushed_under_a_tag_and_pulled_by_reference():
    # uptime-kuma: the slim base is built with --target, pushed, and pulled by the full base
    text = (
        "FROM node:22-bookworm-slim AS base2-slim\nRUN apt-get update\n"
        "FROM louislam/uptime-kuma:base2-slim AS base2\nRUN apt-get update\n"
    )
    assert found("SZ603", text) == []
    copied = "FROM alpine AS tools\nRUN x\nFROM debian:12\nCOPY --from=example/img:tools /a /b\n"
    assert found("SZ603", copied) == []
    # the tag must be pulled after the stage, and must be a tag, not a stage reference
    other = "FROM alpine AS tools\nRUN x\nFROM example/img:base\n"
    assert found("SZ603", other) == [
        ("1:16-1:21", "Stage `tools` is not used by any later stage and is not the final target")
    ]
    before = "FROM example/img:tools AS a\nFROM alpine AS tools\nRUN x\nFROM debian:12\nCOPY --from=a /a /b\n"
    assert found("SZ603", before) == [
        ("2:16-2:21", "Stage `tools` is not used by any later stage and is not the final target")
    ]


def test_only_a_later_stage_s_own_instructions_use_a_stage():
    """An ONBUILD's COPY runs in another build, and a stage cannot copy from a later one."""
    text = (
        "FROM alpine AS a\nONBUILD COPY --from=b /x /x\nCOPY --from=c /y /y\n"
        "FROM alpine AS b\nFROM alpine AS c\nFROM debian:12\n"
    )
    assert found("SZ603", text) == [
        ("1:16-1:17", "Stage `a` is not used by any later stage and is not the final target"),
        ("4:16-4:17", "Stage `b` is not used by any later stage and is not the final target"),
        ("5:16-5:17", "Stage `c` is not used by any later stage and is not the final target"),
    ]
    mounted = text.replace("FROM debian:12\n", "RUN --mount=from=${S},target=/s x\nFROM debian:12\n")
    assert found("SZ603", mounted) == []  # a stage picked at build time may be any of them
