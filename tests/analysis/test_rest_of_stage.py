"""A keystroke inside a stage leaves the facts of the instructions after it in that stage to be
made when read; keystrokes in the same place move them on unmade, and every analysis still
answers as a fresh one (and so does the lint that reads it)."""

from __future__ import annotations

import pytest
from stanzalint.analysis import analyze
from stanzalint.engine import lint, prepare
from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse
from test_incremental_analysis import snapshot

TEXT = (
    "ARG V=1\n"
    "FROM alpine AS base\n"
    "ARG V\n"
    "ENV P=/opt/$V\n"
    "RUN apt-get install curl $P\n"
    "RUN make $V\n"
    "ARG W=2\n"
    "ENV Q=$W/$P\n"
    "RUN echo $Q $W ${V:-x}\n"
    "USER $W\n"
    "FROM base AS child\n"
    "RUN echo $Q\n"
    "FROM debian AS other\n"
    "ARG V\n"
    "RUN echo $V\n"
)


def typed(text: str, word: str, chars: str) -> list[str]:
    """The texts after typing ``chars`` one by one after ``word``, then erasing them (the last
    is ``text`` again)."""
    at = text.index(word) + len(word)
    texts = [text[:at] + chars[:n] + text[at:] for n in range(1, len(chars) + 1)]
    return texts + texts[-2::-1] + [text]


def edited(old, text):
    return analyze(reparse(old.dockerfile, text), previous=old)


def test_keystrokes_in_one_place_move_the_rest_of_the_stage_on_unmade():
    analysis = analyze(parse(TEXT))
    first = None
    for text in typed(TEXT, "apt-get", "pkg"):
        analysis = edited(analysis, text)
        rest = analysis._pending[0]
        assert not rest.whole_stage and len(rest.facts.instructions) == 5  # from "RUN make" on
        first = first or rest.facts
        assert rest.facts is first  # moved on, not made and taken again
    assert snapshot(analysis) == snapshot(analyze(parse(TEXT)))


def test_a_scope_read_after_the_edit_makes_the_declarations_but_not_the_references():
    text = TEXT.replace("apt-get", "apt-getp")
    analysis = edited(analyze(parse(TEXT)), text)
    user = analysis.dockerfile.instructions[9]
    assert analysis.resolve("$W", user) == ("2", True)
    rest = analysis._pending[0]
    assert rest.held("decls") == 0 and rest.held("refs") == 7
    fresh = analyze(parse(text))
    assert analysis.declaration("Q", user).value == "2//opt/1"
    assert [(d.name, d.value, d.name_span.start) for d in analysis.decls] == [
        (d.name, d.value, d.name_span.start) for d in fresh.decls
    ]
    assert 0 in analysis._pending  # the declarations read: the references still to be made
    assert snapshot(analysis) == snapshot(fresh)


@pytest.mark.parametrize("read", [False, True])
@pytest.mark.parametrize(
    "places",
    [
        ["apt-get", "make", "echo $Q"],  # on down the stage, into the rest left unmade
        ["echo $Q", "make", "apt-get"],  # back up it
        ["make", "other\n", "make"],  # into a later stage, and back
        ["make", "FROM alpine", "echo $Q"],  # before the stage: it moves whole
        ["make", "ARG W=2", "make"],  # a declaration after the edit
    ],
)
def test_keystrokes_in_several_places_end_as_a_fresh_analysis(places, read):
    analysis = analyze(parse(TEXT))
    for word in places:
        for text in typed(TEXT, word, "ab"):
            analysis = edited(analysis, text)
            if read:  # a scope after the edit read, as a rule may
                analysis.resolve("$Q", analysis.dockerfile.instructions[9])
    assert snapshot(analysis) == snapshot(analyze(parse(TEXT)))


def test_the_lint_after_each_keystroke_equals_a_fresh_lint():
    def found(result):
        return [(v.code, v.message, v.span.start, v.span.end) for v in result.violations]

    previous = prepare(TEXT)[1]
    for word in ["apt-get", "make", "echo $Q", "make"]:
        for text in typed(TEXT, word, "pkg"):
            parsed = prepare(text, None, previous)
            assert found(lint(text, parsed=parsed)) == found(lint(text))
            previous = parsed[1]


def test_an_analysis_and_the_next_one_each_read_their_own_declarations_after_the_edit():
    # the rest of a stage left unmade by one analysis is made for that analysis before the next
    # one, edited in a later stage, keeps the stage: each reads its own declarations
    text = TEXT.replace("FROM base AS child\nRUN echo $Q\n", "")
    first = edited(analyze(parse(text)), text.replace("make", "makes"))
    second = edited(first, text.replace("make", "makes").replace("echo $V\n", "echo $Vx\n"))
    for analysis in (second, first):
        user = analysis.dockerfile.instructions[9]
        q = analysis.declaration("Q", user)
        assert q is not None and any(q is d for d in analysis.decls)
        assert snapshot(analysis) == snapshot(analyze(parse(analysis.dockerfile.text)))


def test_an_edit_further_down_the_stage_makes_the_references_between_and_moves_on_the_others():
    first_text = TEXT.replace("apt-get", "apt-getp")
    first = edited(analyze(parse(TEXT)), first_text)
    facts = first._pending[0].facts  # of the 5 instructions after "RUN apt-get"
    text = first_text.replace("RUN echo $Q", "RUN echop $Q", 1)
    second = edited(first, text)
    assert first._pending[0].held("refs") == 4  # "RUN echo" and "USER": those of the 3 above made
    rest = second._pending[0]
    assert len(rest.facts.instructions) == 1 and rest.facts.refs == [facts.refs[-1]]  # USER's, not made
    assert rest.facts.refs[0] is facts.refs[-1]
    for analysis in (second, first):
        assert snapshot(analysis) == snapshot(analyze(parse(analysis.dockerfile.text)))


def test_a_word_expanded_after_the_edit_reads_the_walked_scope_without_making_the_rest():
    before = TEXT.replace("FROM base AS child\nRUN echo $Q\n", "")  # no stage reads base's tables
    word = "$V:$P:$W:${Q}:${V:-x}"
    for text in typed(before, "apt-get", "pkg")[:-1]:
        analysis = edited(analyze(parse(before)), text)
        assert analysis._pending[0].copies is None
        expanded = [analysis.resolve(word, ins) for ins in analysis.dockerfile.instructions]
        assert analysis._pending[0].copies is None  # the declarations after the edit: still to be made
        fresh = analyze(parse(text))
        assert expanded == [fresh.resolve(word, ins) for ins in fresh.dockerfile.instructions]
    assert expanded[6:10] == [  # ARG W=2, ENV Q=$W/$P, RUN echo, USER $W: the rest of the stage
        ("1:/opt/1:::1", True),
        ("1:/opt/1:2::1", True),
        ("1:/opt/1:2:2//opt/1:1", True),
        ("1:/opt/1:2:2//opt/1:1", True),
    ]
