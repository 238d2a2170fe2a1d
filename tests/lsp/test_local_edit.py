"""Which edits the server lints on the event loop: those inside one instruction's arguments
whose text the stages' layout does not read, that change where no instruction begins or ends."""

from __future__ import annotations

import pytest
from stanzalint.lsp.local_edit import stays_in_its_instruction
from stanzalint.lsp.text import TextChange
from stanzalint.syntax import parse

TEXT = (
    "# escape=\\\n"
    "ARG BASE=debian:12\n"
    "FROM $BASE AS build\n"
    "RUN --mount=type=cache,target=/var/cache/apt apt-get update && \\\n"
    "    # a comment inside the RUN\n"
    "    apt-get install -y curl \\\n"
    "\n"
    "    wget\n"
    "COPY app.py /app/\n"
    "ENV MODE=dev\n"
    "RUN <<EOF\n"
    "echo hi\n"
    "EOF\n"
    "ONBUILD RUN make\n"
    "RUN printf a \\ \n"
    "    b\n"
)


def change(text: str, at: str, typed: str = "", erased: int = 0, after: int = 0) -> TextChange:
    """``typed`` in place of ``erased`` characters, ``after`` characters past the first ``at``."""
    start = text.index(at) + after
    edited = text[:start] + typed + text[start + erased :]
    return TextChange(text, edited, start, start + erased, start + len(typed))


def local(edit: TextChange, text: str = TEXT) -> bool:
    return stays_in_its_instruction(edit, parse(text))


@pytest.mark.parametrize(
    ("at", "typed", "erased", "after"),
    [
        ("update", "s", 0, 3),  # a character typed in a RUN word
        ("update", "", 1, 3),  # and erased
        ("curl", "x", 0, 4),  # on a continuation line
        ("app.py", "_v2", 0, 3),  # a COPY's source
        ("wget", "2", 0, 4),  # at the end of the RUN
    ],
)
def test_typing_inside_arguments_is_local(at: str, typed: str, erased: int, after: int) -> None:
    assert local(change(TEXT, at, typed, erased, after))


@pytest.mark.parametrize(
    ("at", "typed", "erased", "after", "why"),
    [
        ("update", "\n", 0, 3, "a line break"),
        ("update", "\\", 0, 3, "the escape character"),
        ("curl \\", "", 1, 5, "a continuation erased"),
        ("update", " <<X", 0, 6, "a heredoc opener"),
        ("update", " #", 0, 6, "a comment sign"),
        ("a comment", "x", 0, 0, "a comment line inside the RUN"),
        ("\n\n    wget", "x", 0, 1, "a blank line inside the RUN"),
        ("type=cache", "s", 0, 4, "the RUN's flags"),
        ("RUN --mount", "X", 0, 3, "the keyword's end"),
        ("debian:12", "-slim", 0, 9, "an ARG: the layout reads it"),
        ("MODE=dev", "x", 0, 8, "an ENV: the layout reads it"),
        ("AS build", "s", 0, 8, "a FROM"),
        ("echo hi", "x", 0, 4, "an instruction with a heredoc"),
        ("make", "x", 0, 4, "an ONBUILD"),
        ("printf a \\ ", "x", 0, 11, "typed after a continuation's trailing space"),
        ("escape=", "x", 0, 7, "a parser directive"),
    ],
)
def test_edits_that_may_move_instructions_or_the_layout_are_not(
    at: str, typed: str, erased: int, after: int, why: str
) -> None:
    assert not local(change(TEXT, at, typed, erased, after)), why


def test_a_space_typed_after_a_continuation_keeps_it() -> None:
    assert local(change(TEXT, "printf a \\ ", " ", 0, 11))


def test_an_escaped_escape_at_a_line_end_continues_nothing_as_for_the_parser() -> None:
    text = "FROM a\nRUN echo a \\\\ \nRUN echo b\n"
    assert [i.keyword for i in parse(text).instructions] == ["FROM", "RUN", "RUN"]
    assert local(change(text, "a \\\\ ", "x", 0, 5), text)


def test_a_change_from_another_text_than_the_parse_is_not() -> None:
    edit = change(TEXT, "update", "s", 0, 3)
    assert not stays_in_its_instruction(edit, parse(TEXT.replace("curl", "curl2")))
    assert not stays_in_its_instruction(None, parse(TEXT))


def test_the_escape_character_of_the_file_counts() -> None:
    text = "# escape=`\nFROM windows\nRUN dir c:\\ && echo `\n    done\n"
    assert local(change(text, "dir", "\\x", 0, 3), text)
    assert not local(change(text, "dir", "`", 0, 3), text)
    assert not local(change(text, "echo `", "x", 0, 6), text)
