from ruletest import found, through_memo


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
    texts = [
        "ARG TAG=latest\nFROM alpine:${TAG} AS base\nRUN x\nFROM base\nRUN y\n",
        "ARG TAG=3.20\nFROM alpine:${TAG} AS base\nRUN x\nFROM base\nRUN y\n",
        "ARG TAG=3.20\nFROM alpine:latest AS bas\nRUN x\nFROM base\nRUN y\n",  # base: an image now
        "ARG TAG=3.20\nFROM alpine:latest AS bas\nRUN x\nFROM base:latest\nRUN y\n",
    ]
    assert through_memo("DL3007", texts) == [["alpine:${TAG}"], [], ["alpine:latest"], ["alpine:latest", "base:latest"]]
