"""An edit re-parses only what it changed, and the result is always the full parse's."""

from __future__ import annotations

import pickle

import pytest
from edits import TEXTS, edits
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stanzalint.syntax import parse
from stanzalint.syntax.incremental import changed_range, reparse
from stanzalint.syntax.model import LineIndex
from stanzalint.syntax.moved import origin_and_delta


def snapshot(df):
    """Everything the parser produces, as comparable values (offsets, lines, texts, issues)."""

    def mt(m):
        return m.text, list(m.offsets)

    def span(s):
        return None if s is None else (s.start, s.end)

    def ins(i):
        if i is None:
            return None
        return (
            i.keyword,
            i.keyword_text,
            span(i.keyword_span),
            span(i.span),
            i.start_line,
            i.end_line,
            [(f.name, f.value, span(f.span), span(f.name_span), span(f.value_span)) for f in i.flags],
            [(t.value, span(t.span)) for t in i.args],
            mt(i.rest),
            i.is_json,
            [
                (h.name, h.chomp, h.expand, span(h.marker_span), mt(h.body), span(h.terminator_span), h.file_descriptor)
                for h in i.heredocs
            ],
            ins(i.inner),
            i.original,
            i.first_line_end,
            i.parent is not None,
        )

    return (
        [ins(i) for i in df.instructions],
        [(c.text, span(c.span), c.line, c.inside_instruction) for c in df.comments],
        [(d.name, d.value, span(d.span), span(d.name_span), span(d.value_span)) for d in df.directives],
        df.escape,
        [(i.code, i.message, span(i.span)) for i in df.issues],
        df.lines.line_starts,
        df.text,
        df.shell_pragma,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_reparse_after_random_edits_equals_a_full_parse(data):
    text = data.draw(st.sampled_from(TEXTS))
    df = parse(text)
    for _ in range(data.draw(st.integers(1, 4))):
        start, end, inserted = data.draw(edits(text))
        text = text[:start] + inserted + text[end:]
        df = reparse(df, text)
        assert snapshot(df) == snapshot(parse(text))
        assert keyword_index(df) == walked_index(df)


def keyword_index(df):
    """``of_keyword``'s lists (a re-parse carries them over), as the identities they hold."""
    return {k: [id(i) for i in df.of_keyword(k)] for k in {i.keyword for i in df.walk()}}


def walked_index(df):
    found = {}
    for ins in df.walk():
        found.setdefault(ins.keyword, []).append(id(ins))
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_reparses_on_reparses_nothing_read_in_between_equal_a_full_parse(data):
    # the moved copies are moved again before anything reads their lazily moved fields
    text = data.draw(st.sampled_from(TEXTS))
    df = parse(text)
    for _ in range(data.draw(st.integers(2, 6))):
        start, end, inserted = data.draw(edits(text))
        text = text[:start] + inserted + text[end:]
        df.of_keyword("RUN")  # the index is made, and carried over by the re-parse
        df = reparse(df, text)
    assert snapshot(df) == snapshot(parse(text))
    assert keyword_index(df) == walked_index(df)


TYPED = (
    "# escape=`\r\nFROM a AS b\r\nRUN x `\r\n  y\r\nONBUILD RUN z\r\n"
    'COPY --chown=1 <<EOF /f\r\nbody\r\nEOF\r\nCMD ["sh"]\r\nrun w\r\n'
)


@pytest.mark.parametrize(
    "steps",
    [
        [("RUN x", "RUN xy"), ("RUN xy", "RUN xyz"), ("RUN xyz", "RUN x")],  # typing, then erasing
        [("RUN x", "RUN x\r\nRUN v"), ("RUN v", "RUN vv")],  # a line added before the typing
        [("RUN x", "RUN xy"), ("RUN xy", "CMD xy")],  # an edit that changes the keyword
        [("FROM a", "FROM aa"), ("FROM aa", "FROM a")],  # before the first instruction's end
        [("RUN x", "RUN xy"), ("\r\nbody", "\r\nbody\r\nmore")],  # inside a heredoc
    ],
)
def test_moving_moved_instructions_again_gives_the_full_parse(steps):
    text = TYPED
    df = parse(text)
    for old, new in steps:
        text = text.replace(old, new, 1)
        df.of_keyword("RUN")
        df = reparse(df, text)
    assert snapshot(df) == snapshot(parse(text))
    assert keyword_index(df) == walked_index(df)


def test_a_keystroke_keeps_the_instructions_before_it_and_moves_those_after():
    text = "FROM a\nRUN apt-get install curl\nRUN make\n# done\nCMD x\n"
    old = parse(text)
    new = reparse(old, text.replace("curl", "curlp"))
    assert new.instructions[0] is old.instructions[0]
    assert new.instructions[1].args[0].value == "apt-get install curlp"
    assert [(i.keyword, i.span.start, i.start_line) for i in new.instructions[2:]] == [("RUN", 33, 2), ("CMD", 49, 4)]
    assert [(c.text, c.span.start) for c in new.comments] == [("done", 42)]


def test_the_hadolint_shell_pragma_is_taken_over_unless_the_edit_touches_a_comment_that_may_name_it(monkeypatch):
    from stanzalint.syntax import model

    text = "FROM a\n# hadolint shell=pwsh\nRUN a\n# note\nRUN b\n"
    old = parse(text)
    assert old.shell_pragma == "pwsh"
    monkeypatch.setattr(model, "hadolint_shell", lambda df: pytest.fail("read the comments again"))
    assert reparse(old, text.replace("RUN b", "RUN bc")).shell_pragma == "pwsh"
    assert reparse(old, text.replace("# note", "# notes")).shell_pragma == "pwsh"
    monkeypatch.undo()
    assert reparse(old, text.replace("# note", "# hadolint shell=cmd")).shell_pragma == "cmd"
    assert reparse(old, text.replace("# hadolint shell=pwsh\n", "")).shell_pragma is None


def test_a_moved_instruction_makes_its_places_when_first_read_and_the_old_parse_keeps_its_own():
    text = 'FROM a\nRUN b\nONBUILD COPY --chown=1 x y\nCMD ["c"]\n'
    old = parse(text)
    edited = text.replace("RUN b", "RUN bb\n")
    new = reparse(old, edited)
    places = {"span", "first_line_end", "keyword_span", "flags", "args", "rest", "heredocs"}
    assert all(not places & ins.__dict__.keys() for ins in new.instructions[2:])
    assert [(i.keyword, i.start_line, i.is_json, i.inner is not None) for i in new.instructions[2:]] == [
        ("ONBUILD", 3, False, True),
        ("CMD", 4, True, False),
    ]
    assert snapshot(new) == snapshot(parse(edited))
    assert new.instructions[2].line_span == parse(edited).instructions[2].line_span
    assert snapshot(old) == snapshot(parse(text))


def test_instructions_of_several_keywords_come_in_walk_order_without_reading_a_moved_place():
    text = "FROM a\nRUN b\nCOPY x /x\nONBUILD COPY y /y\nRUN c\nONBUILD RUN d\n"
    new = reparse(parse(text), text.replace("RUN b", "RUN bb"))
    found = new.of_keywords("ONBUILD", "COPY", "RUN")
    assert [id(i) for i in found] == [id(i) for i in new.walk() if i.keyword in {"ONBUILD", "COPY", "RUN"}]
    assert all("span" not in i.__dict__ for i in found[1:])


def test_an_added_continuation_joins_the_next_line_into_the_edited_instruction():
    text = "FROM a\nRUN a\nRUN b\nCMD c\n"
    new = reparse(parse(text), "FROM a\nRUN a \\\nRUN b\nCMD c\n")
    assert [(i.keyword, i.args[0].value if i.args else None) for i in new.instructions] == [
        ("FROM", "a"),
        ("RUN", "a RUN b"),
        ("CMD", "c"),
    ]


def test_an_edit_in_the_directives_reparses_the_whole_text():
    text = "# escape=\\\nFROM a\nRUN a \\\n b\n"
    new = reparse(parse(text), "# escape=`\nFROM a\nRUN a \\\n b\n")
    assert new.escape == "`"
    assert [i.keyword for i in new.instructions] == ["FROM", "RUN", "B"]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("abc", "abc", None),
        ("abc", "abxc", (2, 2, 3)),
        ("aaaa", "aaa", (3, 4, 3)),
        ("abc", "", (0, 3, 0)),
        ("", "x", (0, 0, 1)),
        ("a\nb\nc", "a\nX\nc", (2, 3, 3)),
    ],
)
def test_changed_range_finds_the_one_replaced_range(old, new, expected):
    assert changed_range(old, new) == expected


pieces = st.lists(st.sampled_from(["a", "b", " ", "\n", "\r\n", "\u00e9", "\U0001f433"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(pieces, pieces, pieces, pieces, pieces, st.integers(1, 3000))
def test_a_known_range_gives_the_range_the_comparison_finds(head, was, now, tail, around, repeat):
    """Told a range the edit lies within (the client's, not always the narrowest: it may
    replace text by the same, or type a character equal to its neighbours), ``changed_range``
    finds what comparing the texts from scratch finds, short texts and long (non-ASCII too)."""
    head, tail = head + around * repeat, around * (repeat // 7) + tail
    old, new = head + was + tail, head + now + tail
    within = (len(head), len(head) + len(was), len(head) + len(now))
    assert changed_range(old, new, within) == _compared(old, new)
    # copies, not the same objects: the answer is remembered per pair of text objects
    assert changed_range("".join(old), "".join(new)) == _compared(old, new)


def _compared(old: str, new: str) -> tuple[int, int, int] | None:
    """The changed range found one character at a time."""
    if old == new:
        return None
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix, len(new) - suffix


def test_changed_range_answers_for_long_texts_it_compared_lately_and_only_for_those():
    old = "RUN a\n" * 1000
    typed, erased = old.replace("a", "ab", 1), old.replace("a", "", 1)
    assert changed_range(old, typed) == (5, 5, 6)
    assert changed_range(old, erased) == (4, 5, 4)
    assert changed_range(old, typed) == (5, 5, 6)  # remembered: the same two objects
    assert changed_range(typed, old) == (5, 6, 5)  # the other way round: another answer
    same_text = "".join(["RUN a\n"] * 1000)  # equal to ``old``, another object
    assert same_text is not old and changed_range(same_text, typed) == (5, 5, 6)
    assert changed_range(old, "x" + old[1:]) == (0, 1, 1)


def test_moving_an_instruction_knows_every_field_of_an_instruction():
    # moved_instructions builds the copy field by field: a new field must be moved there too
    import dataclasses

    from stanzalint.syntax.model import Instruction

    assert {f.name for f in dataclasses.fields(Instruction)} == {
        "keyword",
        "keyword_text",
        "keyword_span",
        "span",
        "start_line",
        "end_line",
        "flags",
        "args",
        "rest",
        "is_json",
        "heredocs",
        "inner",
        "original",
        "parent",
        "first_line_end",
    }


def test_an_onbuild_inside_an_onbuild_moves_with_its_lines():
    text = "FROM a\nRUN b\nONBUILD ONBUILD  \\\n\nFROM c\n"
    edited = text.replace("RUN b", "RUN bbbb")
    assert snapshot(reparse(parse(text), edited)) == snapshot(parse(edited))
    inner = parse(edited).instructions[2].inner.inner
    assert (inner.keyword, inner.start_line, inner.first_line_end) == ("FROM", 2, edited.index("\n", 18))


def test_the_issues_of_the_instructions_after_an_edit_move_with_them():
    text = "FROM a\nRUN make\nCOPY --bogus=1 a b\nMAINTAINER\n"
    old = parse(text)
    new = reparse(old, text.replace("make", "make all"))
    assert [(i.code, i.span.start) for i in new.issues] == [(i.code, i.span.start + 4) for i in old.issues]
    assert snapshot(new) == snapshot(parse(new.text))


@pytest.mark.parametrize(
    ("text", "start", "end", "inserted"),
    [
        ("FROM a\r\nRUN b\r\n", 9, 9, "RUN x\r\n"),
        ("FROM a\nRUN b\nRUN c", 7, 13, ""),
        ("FROM a\nRUN b\n", 13, 13, "x\ny"),
        ("a\nb\nc\n", 0, 6, "\n\n"),
    ],
)
def test_the_line_index_after_an_edit_is_the_edited_texts(text, start, end, inserted):
    new = text[:start] + inserted + text[end:]
    edited = LineIndex.after_edit(LineIndex(text), new, start, end, start + len(inserted))
    assert edited.line_starts == LineIndex(new).line_starts


def test_a_moved_instruction_holds_the_first_parse_of_it_however_often_it_moves():
    text = "FROM a\nRUN b\nCOPY --chown=1 x y\n"
    df = parse(text)
    first = df.instructions[2]
    for _ in range(3):
        text = text.replace("RUN b", "RUN bb")
        df = reparse(df, text)
    moved = df.instructions[2]
    assert origin_and_delta(moved, 0) == (first, 3)  # not a chain of every parse since
    assert [(f.name, f.span.start) for f in moved.flags] == [("chown", text.index("--chown"))]
    assert snapshot(pickle.loads(pickle.dumps(df))) == snapshot(parse(text))


def test_a_moved_instruction_read_then_moved_again_stands_where_the_text_puts_it():
    # a copy whose places were read is moved again from its origin, not from what was read
    text = "FROM a\nRUN b\nCOPY --chown=1 x y\nONBUILD RUN c\n"
    df = parse(text)
    for typed in ("bb", "bbb", "b"):
        text = "FROM a\nRUN " + typed + text[text.index("\nCOPY") :]
        df = reparse(df, text)
        for ins in df.walk():
            _ = (ins.span, ins.flags, ins.keyword_span)
        assert snapshot(df) == snapshot(parse(text))


@pytest.mark.parametrize(
    ("before", "after", "same"),
    [
        ("RUN b", "RUN bb", True),  # typing inside an instruction
        ("ONBUILD RUN c", "ONBUILD RUN cc", True),
        ("RUN b", "CMD b", False),  # its keyword changed
        ("ONBUILD RUN c", "ONBUILD CMD c", False),  # its inner instruction's
        ("RUN b", "RUN b\nRUN x", False),  # an instruction added
    ],
)
def test_the_keyword_index_is_carried_as_it_was_while_no_keyword_changes(before, after, same):
    text = "FROM a\nRUN b\nCOPY x /x\nONBUILD RUN c\nCMD d\n"
    old = parse(text)
    old.of_keyword("RUN")
    new = reparse(old, text.replace(before, after))
    assert (new.keyword_positions is old.keyword_positions) == same
    assert keyword_index(new) == walked_index(new)
