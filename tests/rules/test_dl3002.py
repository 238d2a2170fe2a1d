from __future__ import annotations

from ruletest import found, rule_work

MSG = "The image ends as root; switch to an unprivileged USER at the end"


def test_final_stage_ending_as_root_flagged_builder_stage_not():
    text = "FROM alpine:3.20 AS build\nUSER root\nFROM alpine:3.20\nUSER root\n"
    assert found("DL3002", text) == [("4:6-4:10", MSG)]


def test_root_inherited_through_from_stage():
    text = "FROM alpine:3.20 AS base\nUSER 0:0\nFROM base\nRUN x\n"
    assert found("DL3002", text) == [("2:6-2:9", MSG)]


def test_later_unprivileged_user_clean():
    assert found("DL3002", "FROM alpine:3.20\nUSER root\nRUN x\nUSER 1000\n") == []


def test_only_the_instructions_after_the_last_user_are_read():
    def work(runs: int) -> int:
        return rule_work("DL3002", "FROM alpine:3.20\n" + "RUN true\n" * runs + "USER root\nCMD sh\n")

    assert work(200) == work(20)


def test_users_of_onbuild_of_the_prelude_and_without_a_name_are_not_the_last():
    text = "USER root\nFROM alpine:3.20 AS base\nUSER 0\nFROM base\nUSER 1000\nONBUILD USER root\nUSER\nRUN x\n"
    assert found("DL3002", text) == []
    assert found("DL3002", text.replace("USER 1000\n", "")) == [("3:6-3:7", MSG)]


def test_the_work_does_not_grow_with_the_stage_below_the_last_user():
    def work(runs: int) -> int:
        return rule_work("DL3002", "FROM alpine:3.20\nUSER root\n" + "RUN true\n" * runs)

    assert work(200) == work(20)


def test_stages_are_opened_by_top_level_froms_only():
    assert found("DL3002", "USER root\nFROM alpine:3.20\nRUN x\n") == []  # before the first FROM
    onbuild_from = "FROM alpine:3.20 AS s\nONBUILD FROM x\nUSER root\nFROM s\nRUN y\n"
    assert found("DL3002", onbuild_from) == [("3:6-3:10", MSG)]
    assert found("DL3002", "FROM\nUSER root\n") == [("2:6-2:10", MSG)]
