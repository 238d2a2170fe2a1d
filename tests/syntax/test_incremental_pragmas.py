"""A re-parse takes over what the parse before the edit read from its comments (suppression
pragmas, ``# check=`` comments above instructions, ``# hadolint shell=``), moved, exactly when
a fresh parse would read the same."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stanzalint.syntax import model, parse
from stanzalint.syntax.incremental import reparse

TEXT = (
    "# check=skip=JSONArgsRecommended;error=true\n"
    "FROM alpine AS a\n"
    "# hadolint ignore=DL3008,DL3015\n"
    "RUN apt-get install -y curl\n"
    "\n"
    "# check=skip=StageNameCasing // why\n"
    "# stanzalint: ignore=SZ201\n"
    "RUN echo a \\\n"
    "  # hadolint ignore=DL3003\n"
    "  && make\n"
    "#\n"
    "# check=skip=all\n"
    "COPY . /src\n"
    "# trivy:ignore:DS-0002\n"
    "# stanzalint: stage ignore=DL3059\n"
    "FROM a\n"
    "# hadolint shell=bash\n"
    "# hadolint global ignore=DL3006\n"
    "#checkov:skip=CKV_DOCKER_3\n"
    "CMD x\n"
    "# check=skip=X\n"
)
TEXTS = [TEXT, TEXT.replace("\n", "\r\n"), TEXT.replace("\n\n", "\n").replace("#\n", "")]

#: What an edit inserts: pragmas and ``# check=`` comments whole and in pieces, empty ``#``
#: lines, blank lines, instructions, continuations.
PIECES = [
    "\n",
    "\r\n",
    "#",
    "#\n",
    "# ",
    "=",
    "check",
    "hadolint",
    " ignore=",
    "# check=skip=A\n",
    "# check=error=true\n",
    "# hadolint ignore=DL3008\n",
    "# hadolint shell=pwsh\n",
    "# stanzalint: ignore=SZ201\n",
    "# note\n",
    "RUN x\n",
    "RUN ",
    "FROM b\n",
    " \\\n",
    " ",
    "x",
]


def readings(dockerfile):
    """What a parse reads from its comments (asking caches them, as the engine's lint does)."""
    return dockerfile.pragmas, dockerfile.instruction_checks, dockerfile.shell_pragma


@st.composite
def edit(draw, text):
    """(start, end, inserted): replace text[start:end], at a line's start or end as often as not."""
    start = draw(st.integers(0, len(text)))
    if draw(st.booleans()):
        at = text.rfind("\n", 0, start)
        start = at + 1 if draw(st.booleans()) else max(at, 0)
    end = min(len(text), start + draw(st.sampled_from([0, 0, 1, 2, 5, 20, 60])))
    return start, end, "".join(draw(st.lists(st.sampled_from(PIECES), max_size=3)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_a_reparse_reads_from_its_comments_is_a_fresh_parses(data):
    text = data.draw(st.sampled_from(TEXTS))
    dockerfile = parse(text)
    readings(dockerfile)
    for _ in range(data.draw(st.integers(1, 6))):
        start, end, inserted = data.draw(edit(text))
        text = text[:start] + inserted + text[end:]
        dockerfile = reparse(dockerfile, text)
        assert readings(dockerfile) == readings(parse(text))
        comments = {id(c) for c in dockerfile.comments}
        assert all(p.comment is None or id(p.comment) in comments for p in dockerfile.pragmas)
        assert all(id(comment) in comments for comment, _ in dockerfile.instruction_checks.values())


def forbid_reading(monkeypatch):
    """From now on, reading the comments again fails the test."""
    for name in ("read_pragmas", "read_instruction_checks", "hadolint_shell"):
        monkeypatch.setattr(model, name, lambda dockerfile: pytest.fail("read the comments again"))


@pytest.mark.parametrize("text", TEXTS[:2], ids=["LF", "CRLF"])
def test_a_keystroke_inside_a_run_takes_the_readings_over_moved(text, monkeypatch):
    old = parse(text)
    readings(old)
    forbid_reading(monkeypatch)
    typed = text.replace("install -y", "install -yq")  # the RUN under a pragma, above two more
    new = reparse(old, typed)
    taken = readings(new)
    monkeypatch.undo()
    assert taken == readings(parse(typed))
    assert new.instruction_checks and [p.tool for p in new.pragmas].count("buildkit") == 3


def test_a_keystroke_in_a_comment_that_is_no_pragma_takes_them_over(monkeypatch):
    text = "FROM a\nRUN a\n# note\n# hadolint ignore=DL3008\nRUN x\n"
    old = parse(text)
    readings(old)
    forbid_reading(monkeypatch)
    new = reparse(old, text.replace("note", "notes"))
    assert [c.span for c in new.pragmas[0].codes] == [model.Span(39, 45)]
    assert new.pragmas[0].comment is new.comments[1]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("# check=skip=A\nRUN x\n", "# check=skip=A\nRUN y\nRUN x\n"),  # an instruction between
        ("# check=skip=A\nRUN x\n", "# check=skip=A\n#\nRUN x\n"),  # an empty # ends its block
        ("# hadolint ignore=DL3008\nRUN x\n", "# hadolint ignore=DL3009\nRUN x\n"),
        ("# hadolint ignore=DL3008\nRUN x\n", "# hadolint ignore=DL3008 \nRUN x\n"),
        ("# hadolint shell=bash\nRUN x\n", "# hadolint shell=bash2\nRUN x\n"),
        ("RUN x\n", "# check=skip=A\nRUN x\n"),
        ("RUN x \\\n# check=skip=A\n&& y\n", "RUN x\n# check=skip=A\n&& y\n"),  # no longer inside
    ],
)
def test_an_edit_of_what_the_comments_say_or_stand_above_reads_them_again(before, after):
    old = parse("FROM a\nRUN a\n" + before + "CMD z\n")
    readings(old)
    text = "FROM a\nRUN a\n" + after + "CMD z\n"
    assert readings(reparse(old, text)) == readings(parse(text))


def test_check_comments_that_stood_above_two_instructions_and_now_stand_above_one_are_read_again():
    # deleting the blank lines and "RUN b" leaves both comments where they were relative to
    # the instruction after each, moved, but above the same one: only the first counts
    head = "FROM x\nRUN a\n# check=skip=A\n"
    old = parse(head + "\n" * 15 + "RUN b\n# check=skip=B\nRUN c\n")
    readings(old)
    text = head + "# check=skip=B\nRUN c\n"
    new = reparse(old, text)
    assert {start: settings.skip for start, (_, settings) in new.instruction_checks.items()} == {len(head) + 15: {"A"}}
    assert readings(new) == readings(parse(text))
