from tests.ruletest import fixed, found

MSG = "User `{0}` is created but nothing switches to it: add `USER {0}`"


def test_unused_users_in_base_and_final_stage():
    text = "FROM python:3.12-slim AS b\nRUN useradd -m analyst\nFROM b\nRUN useradd bob\nUSER nobody\nCMD x\n"
    assert found("SZ502", text) == [("2:16-2:23", MSG.format("analyst")), ("4:13-4:16", MSG.format("bob"))]


def test_fix_appends_user_before_cmd():
    text = "FROM python:3.12-slim\nRUN useradd bob\nUSER nobody\nCMD x\n"
    assert fixed("SZ502", text, unsafe=True) == "FROM python:3.12-slim\nRUN useradd bob\nUSER nobody\nUSER bob\nCMD x\n"


def test_no_fix_when_a_later_stage_still_runs_commands():
    from tests.ruletest import violations

    text = "FROM debian:12 AS b\nRUN useradd -m analyst\nFROM b\nRUN apt-get update\nUSER nobody\n"
    (v,) = violations("SZ502", text)
    assert v.fix is None


def test_final_stage_ending_as_root_is_left_to_sz501():
    assert found("SZ502", "FROM python:3.12-slim\nRUN useradd -m analyst\nCMD x\n") == []


def test_used_by_uid_by_child_stage_or_by_gosu():
    assert found("SZ502", "FROM debian:12 AS b\nRUN useradd -u 1000 a\nUSER 1000\n") == []
    assert found("SZ502", "FROM debian:12 AS b\nRUN useradd a\nFROM b\nUSER a:a\n") == []
    text = 'FROM debian:12\nRUN useradd -m analyst\nUSER nobody\nENTRYPOINT ["gosu", "analyst", "x"]\n'
    assert found("SZ502", text) == []


def test_adduser_busybox_and_heredoc():
    text = "FROM alpine:3.20 AS b\nRUN <<EOF\nadduser -D -h /home/x x\nEOF\nFROM debian:12\nUSER 1\n"
    assert found("SZ502", text) == [("3:23-3:24", MSG.format("x"))]
