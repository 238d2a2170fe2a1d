from __future__ import annotations

from ruletest import found


def msg(name: str) -> str:
    return f"`{name}` is set in this same ENV and has no earlier value; it expands to nothing here"


def test_reference_to_a_name_set_in_the_same_env():
    text = "FROM alpine:3.20\nENV APP=/srv PATH=$APP/bin:$PATH\n"
    assert found("DL3044", text) == [("2:19-2:23", msg("APP"))]


def test_reference_before_the_definition_and_quoted_and_continued():
    text = 'FROM alpine:3.20\nENV DATA="${HOME_DIR}/data" \\\n    HOME_DIR="/home/me"\n'
    assert found("DL3044", text) == [("2:11-2:22", msg("HOME_DIR"))]


def test_own_old_value_and_earlier_declarations_are_fine():
    text = (
        "FROM alpine:3.20\n"
        "ARG USER=app\n"
        "ENV PATH=/opt/bin:$PATH\n"
        "ENV USER=${USER} HOME=/home/${USER}\n"
        "ENV A=1\n"
        "ENV A=2 B=$A\n"
    )
    assert found("DL3044", text) == []


def test_single_pair_and_separate_envs_clean():
    text = "FROM alpine:3.20\nENV A=1\nENV B=$A\n"
    assert found("DL3044", text) == []


def test_name_set_twice_whose_second_pair_reads_it():
    text = "FROM alpine:3.20\nENV PATH=/opt/a/bin:${PATH} PATH=/opt/b/bin:${PATH}\nENV A=1 A=2\n"
    assert found("DL3044", text) == [
        (
            "2:45-2:52",
            "`PATH` is set earlier in this same ENV, but this reads its value from before the ENV: "
            "the earlier assignment is lost",
        ),
    ]
