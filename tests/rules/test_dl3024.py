from __future__ import annotations

from ruletest import found, rule_work, through_memo


def test_duplicate_stage_name_case_insensitive():
    text = "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS A\nFROM alpine:3.20 AS b\n"
    assert found("DL3024", text) == [("2:21-2:22", "Stage name `A` is already used by an earlier stage")]


def test_distinct_names_clean():
    assert found("DL3024", "FROM alpine:3.20 AS a\nFROM a AS b\n") == []


def test_typing_a_duplicate_name_and_away_finds_what_a_fresh_lint_finds():
    text = "FROM alpine:3.20 AS a\nRUN echo\nFROM alpine:3.20 AS b\nFROM b AS c\n"
    texts = [
        text,
        text.replace("AS b", "AS a"),
        text.replace("AS b", "AS a").replace("RUN echo", "RUN echo hi"),  # the duplicate moved
        text.replace("AS c", "AS A"),
        text,
    ]
    assert through_memo("DL3024", texts) == [[], ["a"], ["a"], ["A"], []]


def test_unnamed_stages_are_not_read():
    """The check reads the stages a FROM names (kept from the last parse), not every stage."""

    def stages(unnamed: int) -> str:
        return "FROM alpine:3.20 AS a\n" + "FROM alpine:3.20\n" * unnamed + "FROM alpine:3.20 AS A\n"

    assert rule_work("DL3024", stages(100)) == rule_work("DL3024", stages(2))


def test_the_duplicates_of_names_a_keystroke_left_as_they_were_are_not_looked_for_again():
    """Asked again of the same names (a keystroke that changed none hands over the last list),
    the check reads the duplicates it found, not every name again."""

    def stages(named: int) -> str:
        return (
            "FROM alpine:3.20 AS a\n" + "".join(f"FROM alpine:3.20 AS s{i}\n" for i in range(named)) + "FROM b AS A\n"
        )

    assert rule_work("DL3024", stages(100)) == rule_work("DL3024", stages(2))
