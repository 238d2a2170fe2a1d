"""The stages an edit only moved make their declarations, references, scopes and tables when
something reads them, and then hold what a fresh analysis of the text holds."""

from __future__ import annotations

import threading
from bisect import bisect_left

from stanzalint.analysis import analyze
from stanzalint.analysis.model import Analysis, decl_start
from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse
from test_incremental_analysis import snapshot

STAGES = (
    "ARG V=1\n"
    "FROM alpine AS base\n"
    "ARG V\n"
    "RUN make $V\n"
    "FROM debian AS other\n"
    "ARG V\n"
    "ENV P=/opt/$V\n"
    "RUN echo $V $P\n"
    "FROM other AS last\n"
    "COPY --from=base /out /out\n"
    "RUN echo $P\n"
)


def edited(old, text):
    """The analysis of ``text`` made on ``old``."""
    return analyze(reparse(old.dockerfile, text), previous=old)


def refs_of(analysis, ins):
    return [
        (r.name, r.value, r.span.start, [(d.name, d.value, d.instruction.span.start) for d in r.decls])
        for r in analysis.refs_in(ins)
    ]


def test_a_moved_stage_makes_its_facts_when_one_of_them_is_read():
    old = analyze(parse(STAGES))
    text = STAGES.replace("RUN make $V", "RUN make all $V")
    new = edited(old, text)
    fresh = analyze(parse(text))
    assert sorted(new._pending) == [1, 2]  # nothing of "other" and "last" made yet
    echo = new.dockerfile.instructions[6]
    assert refs_of(new, echo) == refs_of(fresh, fresh.dockerfile.instructions[6])
    assert sorted(new._pending) == [2]  # "other" made, "last" (built on it) still not
    assert snapshot(new) == snapshot(fresh)
    assert not new._pending


def test_a_stage_made_for_a_reader_stands_on_its_base_made_too():
    old = analyze(parse(STAGES))
    text = STAGES.replace("RUN make $V", "RUN make all $V")
    new = edited(old, text)
    last_echo = new.dockerfile.instructions[-1]
    assert [(r.name, r.value) for r in new.refs_in(last_echo)] == [("P", "/opt/1")]
    assert not new._pending  # "last" reads "other"'s tables: both made
    p = new.refs_in(last_echo)[0].decls[0]
    assert p is new.decls_of(new.dockerfile.instructions[6])[0]  # the analysis' own declaration
    assert snapshot(new) == snapshot(analyze(parse(text)))


def test_a_stage_moved_again_before_it_is_read_keeps_the_facts_it_was_given():
    old = analyze(parse(STAGES))
    text = STAGES.replace("RUN make $V", "RUN make all $V")
    first = edited(old, text)
    for more in ("RUN make all -j $V", "RUN make $V"):
        text = text.replace(text.split("\n")[3], more)
        again = edited(first, text)
        assert again._pending[1].facts is first._pending[1].facts  # no copy of a copy
        first = again
    assert snapshot(first) == snapshot(analyze(parse(text)))


MANY = "ARG V=1\n" + "".join(f"FROM alpine AS s{i}\nARG A{i}=$V\nRUN echo $A{i}\n" for i in range(16))


def test_a_stage_made_and_moved_again_moves_on_what_it_was_made_from():
    old = analyze(parse(STAGES))
    text = STAGES.replace("RUN make $V", "RUN make all $V")
    new = edited(old, text)
    echo = new.dockerfile.instructions[6]
    assert new.refs_in(echo) and 1 not in new._pending
    text = text.replace("RUN make all $V", "RUN make $V")
    newer = edited(new, text)
    assert newer._pending[1].facts is new._made_from[1].facts  # not taken from the made stage again
    assert snapshot(newer) == snapshot(analyze(parse(text)))


def test_an_edit_after_stages_still_to_be_made_keeps_them_to_be_made():
    old = analyze(parse(MANY))
    text = MANY.replace("RUN echo $A0", "RUN echo $A0 x")
    new = edited(old, text)
    later = text.replace("RUN echo $A9", "RUN echo $A9 y")
    newer = edited(new, later)
    assert all(newer.stages[i] is new.stages[i] and newer._pending[i] is new._pending[i] for i in range(1, 9))
    assert snapshot(newer) == snapshot(analyze(parse(later)))


def test_reading_the_declarations_of_some_stages_makes_few_of_the_others():
    # a rule finds a stage's declarations by bisection on their places: the stages the look
    # passes through are made, not every stage of the file
    old = analyze(parse(MANY))
    text = MANY.replace("RUN echo $A0", "RUN echo $A0 x")
    new = edited(old, text)
    fresh = analyze(parse(text))

    def declared_in(analysis, stage):
        start, end = stage.instructions[0].span.start, stage.instructions[-1].span.end
        decls = analysis.decls
        found = decls[bisect_left(decls, start, key=decl_start) : bisect_left(decls, end, key=decl_start)]
        return [(d.name, d.value, d.name_span.start, d.stage) for d in found]

    assert declared_in(new, new.stages[3]) == declared_in(fresh, fresh.stages[3]) == [("A3", "", text.index("A3="), 3)]
    assert len(new._pending) > len(new.stages) // 2
    assert len(new.decls) == len(fresh.decls)
    assert snapshot(new) == snapshot(fresh)


RENAMED = "FROM alpine AS b\nARG V=0\nFROM alpine AS b\nARG V=1\nENV E=$V\nFROM b AS w\nRUN echo $E $V\n"


def test_a_stage_walked_again_on_a_moved_base_reads_the_base_made():
    # renaming the first "b" makes "w" built on the second one, which the edit only moved
    old = analyze(parse(RENAMED))
    text = RENAMED.replace("FROM alpine AS b\nARG V=0", "FROM alpine AS c\nARG V=0")
    new = edited(old, text)
    assert new.stages[2].base_stage is new.stages[1] and 1 not in new._pending
    echo = new.dockerfile.instructions[-1]
    assert [(r.name, r.value) for r in new.refs_in(echo)] == [("E", "1"), ("V", "1")]
    assert snapshot(new) == snapshot(analyze(parse(text)))


def test_a_copy_from_a_stage_named_without_variables_makes_no_moved_stage():
    old = analyze(parse(STAGES))
    text = STAGES.replace("RUN make $V", "RUN make all $V")
    new = edited(old, text)
    copy = new.dockerfile.instructions[-2]
    assert new.copies_out_of(new.stages[0]) == [copy]
    assert new.resolve("base", copy) == ("base", True)
    assert sorted(new._pending) == [1, 2]
    fresh = analyze(parse(text))
    assert new.resolve("$V", copy) == fresh.resolve("$V", fresh.dockerfile.instructions[-2])
    assert not new._pending  # a variable is looked up in the stage's scope: it is made, on its base


def test_a_reader_in_another_thread_waits_for_a_stage_being_made(monkeypatch):
    # the language server lints in two threads: one makes a stage of an analysis (its facts
    # put in place, not yet marked made) while the other reads the analysis' declarations
    old = analyze(parse(MANY))
    text = MANY.replace("RUN echo $A0", "RUN echo $A0 x")
    new = edited(old, text)
    expected = [(d.name, d.stage) for d in analyze(parse(text)).decls]
    placed, resume = threading.Event(), threading.Event()
    add = Analysis.add_brought_facts

    def pausing(self, stage, decls, refs):
        add(self, stage, decls, refs)
        if stage.index == 5:
            placed.set()
            resume.wait(10)

    monkeypatch.setattr(Analysis, "add_brought_facts", pausing)
    maker = threading.Thread(target=new.refs_in, args=(new.stages[5].instructions[-1],))
    maker.start()
    assert placed.wait(10)
    read: list = []
    reader = threading.Thread(
        target=lambda: read.append([(new.decls[i].name, new.decls[i].stage) for i in range(len(new.decls))])
    )
    reader.start()
    reader.join(0.3)
    resume.set()
    maker.join(10)
    reader.join(10)
    assert read == [expected]


def test_the_first_declaration_of_each_name_is_known_without_making_a_moved_stage():
    analysis, text = analyze(parse(STAGES)), STAGES
    for before, after in (("RUN make $V", "RUN make all $V"), ("RUN make all $V", "RUN make all -j4 $V")):
        text = text.replace(before, after)
        analysis = edited(analysis, text)  # the second edit moves the stages still to be made again
        fresh = analyze(parse(text))
        assert analysis.first_declared == fresh.first_declared == {"V": 0, "P": text.index("ENV P")}
        assert sorted(analysis._pending) == [1, 2]  # answered from the facts still to be made


def test_every_declaration_name_kind_and_stage_is_known_without_making_a_moved_stage():
    old = analyze(parse(MANY))
    text = MANY.replace("RUN echo $A0", "RUN echo $A0 x")
    new = edited(old, text)
    new.refs_in(new.stages[5].instructions[-1])  # one stage made, among others still to be made
    still = sorted(new._pending)
    fresh = analyze(parse(text))
    assert new.declared == [(d.name, d.kind, d.stage) for d in fresh.decls]
    assert sorted(new._pending) == still == [i for i in range(1, 16) if i != 5]


def test_the_facts_of_a_range_make_only_the_moved_stages_in_it():
    old = analyze(parse(MANY))
    text = MANY.replace("RUN echo $A0", "RUN echo $A0 x")
    new = edited(old, text)
    fresh = analyze(parse(text))
    seventh = new.stages[7].instructions
    start, end = seventh[0].span.start, seventh[-1].span.end
    assert [(d.name, d.value, d.stage) for d in new.decls_between(start, end)] == [("A7", "", 7)]
    assert [(r.name, r.value, r.span.start) for r in new.refs_between(start, end)] == [
        (r.name, r.value, r.span.start) for r in fresh.refs if start <= r.span.start < end
    ]
    assert sorted(new._pending) == [i for i in range(1, 16) if i != 7]


def test_a_waiting_base_made_while_a_later_stage_is_walked_puts_its_facts_in_document_order():
    text = (
        "FROM alpine AS a\nRUN echo $X\nFROM alpine AS b\nRUN echo $Y\nFROM alpine AS c\nRUN echo $Z\nFROM b\nRUN end\n"
    )
    first = edited(analyze(parse(text)), text.replace("$X", "$XX"))  # "b", "c" and the last wait
    assert sorted(first._pending) == [1, 2, 3]
    first.refs_in(first.dockerfile.instructions[5])  # "c" made (its facts kept by the next edit)
    text = text.replace("$X", "$XX").replace("FROM b\n", "FROM b AS d\n")
    last = edited(first, text)  # the last stage walked from its FROM on "b", made meanwhile
    assert [r.name for r in last.refs] == ["XX", "Y", "Z"]
    assert snapshot(last) == snapshot(analyze(parse(text)))
