"""Where a place of a row's earlier text stands after its instructions were edited: kept before
the edit, moved by the change of length after it, ambiguous next to it."""

from __future__ import annotations

from dataclasses import fields

from stanzalint.findings import Edit, Fix, Related, Severity, Tag, Violation
from stanzalint.relocation import Layout, Relocation, common_ends, copied, edited_between
from stanzalint.syntax.model import Span


def layout(*texts: str, start: int = 0, line: int = 0) -> Layout:
    """Instructions one after the other, each on its own lines, a newline between them."""
    starts, lines = [], []
    for text in texts:
        starts.append(start)
        lines.append(line)
        start += len(text) + 1
        line += text.count("\n") + 1
    return Layout(starts, lines, tuple(texts))


FROM = "FROM debian:12"
RUN = "RUN echo hello && curl -fsSL https://example.com"


def test_a_place_before_the_edit_keeps_its_offset_in_its_instruction():
    edited = RUN.replace("hello", "hellop")
    moved = Relocation(layout(FROM, RUN), layout(FROM, edited, start=100))
    curl = RUN.index("curl")
    assert moved.position(len(FROM) + 1 + 4) == 100 + len(FROM) + 1 + 4  # "echo", before the edit
    assert moved.position(len(FROM) + 1 + curl) == 100 + len(FROM) + 1 + curl + 1  # after it: one further


def test_a_place_at_either_end_of_the_edited_text_or_inside_it_is_ambiguous():
    edited = RUN.replace("hello", "help")  # "hel" kept, "lo" replaced by "p"
    moved = Relocation(layout(RUN), layout(edited))
    at = RUN.index("hello")
    assert moved.position(at + 2) == at + 2
    assert moved.position(at + 3) is None  # where the edit starts
    assert moved.position(at + 4) is None  # inside what it replaced
    assert moved.position(at + 5) is None  # where it ends
    assert moved.position(at + 6) == at + 5


def test_a_word_typed_after_a_blank_makes_the_end_of_the_word_before_it_ambiguous():
    run = "RUN echo a \\\n  | tar xz"
    edited = "RUN echo a b \\\n  | tar xz"
    assert common_ends(run, edited)[0] == len("RUN echo a ")  # the beginning alone says "a" stayed
    assert edited_between(run, edited)[0] == len("RUN echo a")  # " b" may have been typed after "a"
    moved = Relocation(layout(run), layout(edited))
    assert moved.position(len("RUN echo a")) is None  # the command "echo a" now ends after "b"
    assert moved.position(len("RUN echo")) == len("RUN echo")
    assert moved.position(run.index("|")) == edited.index("|")


def test_a_pasted_copy_of_the_lines_after_the_edit_makes_everything_it_may_have_followed_ambiguous():
    run = "RUN echo a \\\n  # note\n  | tar xz"
    edited = run.replace("\n  |", "\n  b \\\n  # note\n  |")  # " \\\n  # note\n  b" typed after "a"?
    before, after = edited_between(run, edited)
    assert before == len("RUN echo a")
    assert Relocation(layout(run), layout(edited)).position(len("RUN echo a")) is None


def test_an_insertion_and_a_deletion_move_what_follows_by_their_length():
    inserted = RUN.replace("echo", "echo -n")
    deleted = RUN.replace("-fsSL ", "")
    url = RUN.index("https")
    assert Relocation(layout(RUN), layout(inserted)).position(url) == url + 3
    assert Relocation(layout(RUN), layout(deleted)).position(url + 1) == url + 1 - 6
    assert Relocation(layout(RUN), layout(deleted)).position(url) is None  # where the deleted text ended
    assert Relocation(layout(RUN), layout(deleted)).position(RUN.index("-fsSL")) is None


def test_an_edit_across_the_lines_of_a_continued_run_moves_the_later_instructions_lines():
    run = "RUN apt-get update \\\n    && echo a"
    edited = "RUN apt-get update \\\n    && echo a \\\n    b"
    after = "USER app"
    moved = Relocation(layout(FROM, run, after), layout(FROM, edited, after))
    user = len(FROM) + 1 + len(run) + 1
    assert moved.position(user) == user + len(edited) - len(run)
    assert moved.line(3) == 4  # the USER now starts a line further down
    assert moved.line(1) == 1
    assert moved.position(len(FROM) + 1 + run.index("update")) == len(FROM) + 1 + run.index("update")


def test_a_place_between_instructions_is_ambiguous_once_a_text_changed():
    old = layout(FROM, RUN)
    assert Relocation(old, layout(FROM, RUN + "p")).position(len(FROM) + 1 + len(RUN) + 1) is None
    assert Relocation(old, layout(FROM, RUN + "p")).line(5) is None  # no instruction started there


def test_a_finding_is_moved_whole_or_not_at_all():
    edited = RUN.replace("hello", "hello there")
    moved = Relocation(layout(FROM, RUN), layout(FROM, edited))
    base = len(FROM) + 1
    curl = Span(base + RUN.index("curl"), base + RUN.index("curl") + 4)
    finding = Violation(
        "DL4001",
        curl,
        "message",
        Severity.WARNING,
        fix=Fix.safe("fix", [Edit(Span(0, 4), "FROM")]),
        related=(Related(curl, "here"),),
        instruction_line=1,
    )
    placed = moved.violation(finding)
    assert placed is not None
    assert (placed.span.start, placed.fix.edits[0].span.start, placed.related[0].span.end) == (
        curl.start + 6,
        0,
        curl.end + 6,
    )
    assert placed.instruction_line == 1
    at_the_edit = Span(base + RUN.index("hello"), base + RUN.index("hello") + 5)
    moved = Relocation(layout(FROM, RUN), layout(FROM, RUN.replace("hello", "help")))
    assert (
        moved.violation(Violation("DL4001", curl, "m", Severity.WARNING, related=(Related(at_the_edit, "x"),))) is None
    )


def test_a_finding_whose_places_all_stand_where_they_stood_is_handed_back_itself():
    """Before the edit a finding is the same object (the lints after it know it by identity);
    a fix edit or related place after the edit, or a moved instruction line, makes a copy."""
    edited = RUN.replace("curl", "curl -v")
    moved = Relocation(layout(FROM, RUN, "USER app"), layout(FROM, edited, "USER app"))
    base = len(FROM) + 1
    echo = Span(base + RUN.index("echo"), base + RUN.index("echo") + 4)
    url = Span(base + RUN.index("https"), base + len(RUN))
    same = Violation("DL4001", echo, "m", Severity.WARNING, fix=Fix.safe("fix", [Edit(echo, "printf")]))
    same.name, same.instruction_line = "rule", 1
    assert moved.violation(same) is same
    across = Span(echo.start, url.end)  # starts before the edit, ends after it
    fixed_after = Violation("DL4001", echo, "m", Severity.WARNING, fix=Fix.safe("fix", [Edit(url, "x")]))
    fixed_across = Violation("DL4001", echo, "m", Severity.WARNING, fix=Fix.safe("fix", [Edit(across, "x")]))
    related_across = Violation("DL4001", echo, "m", Severity.WARNING, related=(Related(across, "here"),))
    for finding in (fixed_after, fixed_across, related_across):
        finding.name, finding.instruction_line = "rule", 1
        placed = moved.violation(finding)
        assert placed is not finding and placed is not None
        assert placed.span == echo
    not_named, no_line = (
        Violation("DL4001", echo, "m", Severity.WARNING),
        Violation("DL4001", echo, "m", Severity.WARNING),
    )
    not_named.instruction_line, no_line.name = 1, "rule"  # the engine sets the rest in place after the rule runs
    assert moved.violation(not_named) is not not_named and moved.violation(no_line) is not no_line
    assert moved.violation(fixed_after).fix.edits[0].span == Span(url.start + 3, url.end + 3)
    assert moved.violation(fixed_across).fix.edits[0].span == Span(across.start, across.end + 3)
    assert moved.violation(related_across).related[0].span == Span(across.start, across.end + 3)
    lines = Relocation(layout(FROM, "RUN a", "USER app"), layout(FROM, "RUN a \\\n b", "USER app"))
    about_the_user = Violation("DL3002", Span(0, 4), "m", Severity.WARNING)  # its instruction a line further down
    about_the_user.instruction_line = 2
    placed = lines.violation(about_the_user)
    assert placed is not about_the_user and (placed.span, placed.instruction_line) == (Span(0, 4), 3)


def test_common_ends_do_not_overlap():
    assert common_ends("aa", "aaa") == (2, 0)
    assert common_ends("abc", "abc") == (3, 0)
    assert common_ends("xbc", "ybc") == (0, 2)


def test_a_copy_of_a_finding_has_every_field_of_it_and_changes_apart_from_it():
    """``copied`` sets each field of a finding one by one (not through its ``__dict__``): every
    field, each given a value other than its default here, is the finding's."""
    fix = Fix.safe("Quote it", [Edit(Span(3, 4), '"')])
    related = (Related(Span(1, 2), "here"),)
    v = Violation("SC2086", Span(3, 9), "Double quote", Severity.INFO, fix, related, (Tag.UNNECESSARY,))
    v.name, v.instruction_line = "shellcheck-sc2086", 7
    bare = Violation(v.code, v.span, v.message, v.severity)
    assert all(getattr(v, f.name) != getattr(bare, f.name) for f in fields(Violation)[4:])
    copy = copied(v)
    assert copy == v and copy is not v
    copy.span = Span(0, 1)
    assert v.span == Span(3, 9)
