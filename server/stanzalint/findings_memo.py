"""Findings of scoped rules, remembered across the lints of one document.

A rule declared ``Scope.INSTRUCTION`` or ``Scope.STAGE`` (``rules.base``) reports, about one
instruction or one stage (a *row*; for stage-scoped rules the instructions before the first FROM
are a row too), what the row's text and the facts it ``reads`` decide. Rules
with the same scope and reads form a group; the memo keeps, for each row key of a group (escape
character, line break, row text, a stage's index, the facts read), the group's findings about that row,
and where the row stood then. The next lint of the document runs the group only on the rows
whose key is new (through ``stanzalint.partial``'s views), hands over the remembered findings of
rows that did not move as they are (what the engine sets on a finding, its instruction's line
and its rule's name, stays true while its row does not move) and copies the others to where
their rows now stand. A row whose key parts are all the objects the last lint's key was made of
keeps that key object (``LintRows.patched``), and its entry is the last lint's at the same place,
found by identity; only the other rows are looked up by key (``stanzalint.row_entries``). The
rows before the edit stand where they stood, so their findings are handed over unchecked.

What only the layout of the stages decides (the stages each is built on, copies from and hands its
files to, the shell, the ARG and ENV before each row...) is made once for a run of edits that
change only the text after the flags of instructions whose text that layout does not read (RUN,
COPY, LABEL, USER...: ``TEXT_OUTSIDE_LAYOUT``), as typing does, or only the text between
instructions (comments, blank lines) (``LintRows.by_layout``); what a stage's facts read
of other stages' text is read again only for the stages such an edit reached
(``LintRows.reached_stages``).

A finding that does not lie inside one row (with its fix and related places) cannot be moved
with a row: its rule is then linted whole for the rest of the document's life, as is a rule
that raises on a partial view. An entry lives at least while the last lint or the one before
used it (an undo finds the text before the edit), and a group keeps at most twice a lint's
rows, so memory follows the document's size, not its history; the memo belongs to one open
document and goes when it closes. The CLI lints without one.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable, Sequence
from functools import cached_property, partial
from itertools import chain, compress, count, repeat
from operator import attrgetter, is_not, itemgetter
from typing import Callable, TypeVar
from weakref import WeakValueDictionary

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.command_projection import CommandReads, Projections
from stanzalint.findings import Edit, Fix, Related, Violation
from stanzalint.lru import put_latest
from stanzalint.partial import restricted
from stanzalint.relocation import Layout, Relocation, copied
from stanzalint.row_entries import KeyChanges, RecentOutputs, RowEntries
from stanzalint.rules.base import Fact, Rule, RuleMeta, Scope
from stanzalint.rules.lint_facts import LintFacts
from stanzalint.rules.toolkit.continuations import continued_outside
from stanzalint.rules.toolkit.shipped import stage_ships
from stanzalint.rules.toolkit.stages import from_values
from stanzalint.rules.toolkit.variables import used_global_args
from stanzalint.syntax.incremental import changed_range
from stanzalint.syntax.model import Dockerfile, Instruction
from stanzalint.syntax.moved import origin_and_delta

#: A group of rules remembered together: their codes, comma-separated.
Group = str

#: What is remembered for one row: where the row started (offset, line) when these findings
#: were made or last moved, and the group's findings about it there, in the order of its rules;
#: ``()`` for a row they found nothing about.
Entry = tuple[()] | tuple[int, int, tuple[Violation, ...]]

T = TypeVar("T")

#: the fact values a row key holds as tokens (large, and rebuilt by every lint)
_TOKENISED = (tuple, frozenset)

#: Runs one rule over a lint, or a lint seen through some rows; raises what the rule raises.
RunRule = Callable[[Rule, LintFacts], list[Violation]]

#: How a stage row's value of a fact naming other stages reads their projections: what it holds
#: besides them, what picks them out of each row's projected token, and the rows it picks.
ProjectedRead = tuple[Hashable, Callable[[list[object]], tuple[object, ...]], list[int]]

#: A stage row's instructions' texts with the text between them (instruction ``k`` of the row at
#: ``2k``), and for each RUN where it stands there, its instruction row and its SHELL.
Pieces = tuple[list[str], list[tuple[int, int, tuple[str, ...]]]]


class Prelude:
    """The instructions before the first FROM, a row of their own among the stages."""

    def __init__(self, instructions: list[Instruction]) -> None:
        self.instructions = instructions


class Token:
    """A stand-in for a fact value (``Tokens``)."""

    __slots__ = ("__weakref__",)


class Tokens:
    """Stand-ins for large fact values (what a stage inherits, what decides whether its files
    ship): one object for equal values across the lints of a document, so that a row key holding
    it hashes and compares at once instead of re-reading stage texts for every row. A value
    finds its token while anything holds the token (the columns and keys the memo keeps), also
    when the lints since took it over without making its value again (``LintRows.by_layout``,
    the rows a parse kept): an edit that makes the value again gives the rows their remembered
    keys."""

    def __init__(self) -> None:
        self._current: dict[Hashable, Token] = {}  # the tokens this lint asked for
        self._held: WeakValueDictionary[Hashable, Token] = WeakValueDictionary()

    def next_lint(self) -> None:
        self._current = {}

    def of(self, value: Hashable) -> Token:
        """The token of ``value``: the one an equal value has while anything holds it, else a new one."""
        token = self._current.get(value)
        if token is None:
            token = self._held.get(value)
            if token is None:
                token = self._held[value] = Token()
            self._current[value] = token
        return token


class LastLint:
    """What a document's next lint takes over from its last one: the parse and file facts it
    linted, its instruction rows' tokens (the next lint takes over those of the instructions its
    parse kept: ``LintRows.row_tokens``), the columns the layout of its stages decides (the next
    lint takes them all over when its edit left that layout as it was: ``LintRows.by_layout``),
    its rows' keys and the columns of key parts they were made of (``LintRows.patched``), and its
    stage rows' pieces, layouts and projected texts (the next lint makes its own from them where
    its edit changed only text the layout does not read: ``LintRows.edited_places``)."""

    def __init__(self) -> None:
        self.dockerfile: Dockerfile | None = None
        self.file_facts: Hashable = None
        self.crlf_count = 0  # how many CRLF line breaks its text holds (``LintRows.crlf_count``)
        self.settings: tuple[str | None, str | None] = (None, None)  # the target and the shell pragma
        self.tokens: list[object] = []
        self.stage_columns: dict[Hashable, list] = {}
        self.layout: dict[Hashable, object] = {}
        self.spans: list[tuple[int, int, int]] = []
        self.keys: dict[Hashable, list[Hashable]] = {}
        self.columns: dict[Hashable, list[Hashable]] = {}
        #: by stage row, its pieces, its layout, and by set of commands its projected text
        #: (``LintRows.stage_pieces``, ``layout``, ``_projected_text``)
        self.pieces: dict[int, Pieces] = {}
        self.layouts: dict[int, Layout] = {}
        self.projected: dict[int, dict[CommandReads, tuple[Hashable, ...]]] = {}


class LintRows:
    """One lint's rows (its instructions; its stages, after the prelude when there is one),
    their text and facts, computed once."""

    def __init__(
        self,
        lint: LintFacts,
        tokens: Tokens | None = None,
        last: LastLint | None = None,
        projections: Projections | None = None,
    ) -> None:
        self.lint = lint
        dockerfile = self.dockerfile = lint.dockerfile
        analysis = self.analysis = lint.analysis
        self.tokens = Tokens() if tokens is None else tokens
        self.last = LastLint() if last is None else last
        self.projections = Projections(self.tokens.of) if projections is None else projections
        self._projected: dict[CommandReads, list[object]] = {}
        self._projected_facts: dict[tuple[CommandReads, Fact], list[Hashable]] = {}
        self._keys: dict[Hashable, list[Hashable]] = {}
        self._fact_values: dict[tuple[Scope, Fact], list[Hashable]] = {}
        self._row_tokens: dict[Scope, list[object]] = {}
        self._stage_texts: dict[int, str] = {}
        self._copied: dict[int, list[Stage]] = {}
        self._dependents: dict[int, list[Stage]] = {}
        self._bases: dict[int, object] = {}
        stages = analysis.stages
        text = dockerfile.text
        #: what every key holds besides the row: the escape character, and the line break fixes
        #: insert (CRLF when the file uses it anywhere)
        self.crlf_count = self._crlf_count(self.last)
        self.file_facts = dockerfile.escape, self.crlf_count > 0
        self._kept = self._kept_rows(self.last)
        spans = self._instruction_spans(self.last)
        starts = list(map(itemgetter(0), spans))
        first = stages[0].from_instruction.span.start if stages else len(text) + 1
        prelude = dockerfile.instructions[: bisect.bisect_left(starts, first)]
        units: list = ([Prelude(prelude)] if prelude and stages else []) + list(stages)
        self.prelude_count = len(prelude)  # the instruction rows before the first stage's
        self.objects: dict[Scope, Sequence] = {Scope.INSTRUCTION: dockerfile.instructions, Scope.STAGE: units}
        unit_spans = _unit_spans(units, spans)
        self.spans: dict[Scope, list[tuple[int, int, int]]] = {Scope.INSTRUCTION: spans, Scope.STAGE: unit_spans}
        self._stage_spans = unit_spans[len(units) - len(stages) :]
        self.starts = {Scope.INSTRUCTION: starts, Scope.STAGE: list(map(itemgetter(0), unit_spans))}
        self.prelude = text[: unit_spans[-len(stages)][0]] if stages else text
        self.stage_names = tuple(s.name for s in stages)
        self.shipped = {id(s) for s in analysis.shipped_stages()}
        last = self.last
        #: what decides the layout besides the text: the stage built, and ``# hadolint shell=``
        self.settings = analysis.target, analysis.shell_pragma
        old = self._last_dockerfile = last.dockerfile  # its tokens, when the last lint made them
        self._last_tokens = last.tokens if old is not None and len(last.tokens) == len(old.instructions) else None
        self._same_file_facts = last.file_facts == self.file_facts
        if not self._same_file_facts:
            self._last_tokens = None
        #: whether the edit since the last lint changed only text between instructions
        #: (``_edited_between_instructions``)
        self.between_instructions = self._edited_between_instructions(last)
        same = self.same_layout = self.between_instructions or self._same_layout(last)
        self._layout = last.layout if same else {}
        #: the last lint's per-stage columns (``by_stage``), when its layout is this lint's
        self._last_stage_columns = last.stage_columns if same else {}
        self._stage_columns: dict[Hashable, list] = {}
        self._last_keys, self._last_columns = last.keys, last.columns
        self._columns: dict[Hashable, list[Hashable]] = {}
        self._changes: dict[int, tuple[list, set[int]]] = {}  # by a registered column's id: it, its changed rows
        #: by the id of a list of keys ``patched`` made from the last lint's: it, and its ``KeyChanges``
        self._key_changes: dict[int, tuple[list[Hashable], KeyChanges]] = {}
        # one lint of a document at a time writes its memo's last lint (the document store holds
        # the memo's lock): these are written apart, and read together by the next lint only
        last.dockerfile, last.file_facts, last.settings = dockerfile, self.file_facts, self.settings
        last.crlf_count = self.crlf_count
        last.tokens, last.stage_columns, last.layout = [], self._stage_columns, self._layout
        last.keys, last.columns = self._keys, self._columns  # type: ignore[assignment]
        last.spans = spans
        #: the last lint's stage row pieces, layouts and projected texts, when this lint's
        #: edit changed only text the layout does not read (``_same_layout``): made again only
        #: where it did
        self._last_pieces, self._last_layouts, self._last_projected = (
            (last.pieces, last.layouts, last.projected) if same else ({}, {}, {})
        )
        self._layouts: dict[int, Layout] = {}
        #: the last lint's pieces and projected texts of the stage rows this lint's edit left as
        #: they were, made again for the others where asked
        self._pieces: dict[int, Pieces] = self._unedited_rows(last.pieces)
        self._projected_texts: dict[int, dict[CommandReads, tuple[Hashable, ...]]] = self._unedited_rows(last.projected)
        self._edited_places: dict[int, list[int]] = {}
        self._relocations: dict[tuple[int, int], Relocation] = {}
        last.pieces, last.layouts, last.projected = self._pieces, self._layouts, self._projected_texts

    def _crlf_count(self, last: LastLint) -> int:
        """How many CRLF line breaks the text holds: the last lint's count with those of the text
        the edit since replaced taken out and those of the text it put in added, read around
        the changed range the re-parse found (``changed_range``) instead of the whole text (a
        scan of a long text costs more than the rest of a keystroke's memo work)."""
        text, old = self.dockerfile.text, last.dockerfile
        if old is None:
            return text.count("\r\n")
        changed = changed_range(old.text, text)
        if changed is None:
            return last.crlf_count
        start, old_end, new_end = changed
        around = max(start - 1, 0)  # a CRLF whose LF or CR the edit changed starts here or later
        return last.crlf_count - old.text.count("\r\n", around, old_end + 1) + text.count("\r\n", around, new_end + 1)

    def _unedited_rows(self, made: dict[int, T]) -> dict[int, T]:
        """``made`` (what the last lint made of some stage rows' text, by row) without the rows
        this lint's edit changed, when it changed only text the layout does not read, or only
        text between instructions, with the same file facts: the other rows' text is the last
        lint's. Empty after any other edit. A row first edited after lints that did not touch it
        thus still finds what was made of its text."""
        if not (self.same_layout and self._same_file_facts):
            return {}
        head, tail = self._kept
        stage_starts, starts = self.starts[Scope.STAGE], self.starts[Scope.INSTRUCTION]
        first = bisect.bisect_right(stage_starts, starts[head]) - 1
        last = bisect.bisect_right(stage_starts, starts[len(starts) - tail - 1]) - 1
        kept = dict(made)
        for row in range(first, last + 1):
            kept.pop(row, None)
        return kept

    def _last_projected_text(self, commands: CommandReads, row: int) -> tuple[Hashable, ...] | None:
        """The last lint's projected text of stage row ``row`` for ``commands`` (``_projected_text``)."""
        texts = self._last_projected.get(row)
        return None if texts is None else texts.get(commands)

    def _keep_projected_text(self, commands: CommandReads, row: int, text: tuple[Hashable, ...]) -> None:
        """Remember ``text`` as stage row ``row``'s projected text for ``commands`` in this lint, in
        a dict of this lint's own (the one taken over from the last lint stays as it was)."""
        texts = self._projected_texts.get(row)
        if texts is None or texts is self._last_projected.get(row):
            texts = self._projected_texts[row] = dict(texts or {})
        texts[commands] = text

    def _instruction_spans(self, last: LastLint) -> list[tuple[int, int, int]]:
        """Each instruction row's start, end and first line: the last lint's for the rows the
        parse kept as they were (``_kept_rows``: before the edit, the same; after it, moved by
        the characters and lines the edit added), read off the others' instructions."""
        instructions, (head, tail) = self.dockerfile.instructions, self._kept
        old, moved = last.spans, self.dockerfile.moved
        if len(old) != len(last.dockerfile.instructions if last.dockerfile is not None else ()):
            head = tail = 0
        edited = [(i.span.start, i.span.end, i.start_line) for i in instructions[head : len(instructions) - tail]]
        if not tail or moved is None:
            return old[:head] + edited
        chars, lines = moved.chars, moved.lines
        return old[:head] + edited + [(s + chars, e + chars, n + lines) for s, e, n in old[len(old) - tail :]]

    def _kept_rows(self, last: LastLint) -> tuple[int, int]:
        """How many instruction rows at the start the parse kept from the last lint's as they
        were (the same objects), and how many at the end (its moved tail); none when the file
        facts differ."""
        if last.dockerfile is None or last.file_facts != self.file_facts:
            return 0, 0
        return self.dockerfile.kept_ends(last.dockerfile)

    def unmoved(self, scope: Scope) -> int:
        """How many rows of ``scope`` at the start stand where they stood in the last lint (their
        instructions are the ones the parse kept as they were: the same objects)."""
        kept = self._kept[0]
        if scope is Scope.INSTRUCTION or not kept:
            return kept
        end = self.spans[Scope.INSTRUCTION][kept - 1][1]
        return bisect.bisect_right(self.stage_ends, end)

    @cached_property
    def stage_ends(self) -> list[int]:
        """Where each stage row ends."""
        return list(map(itemgetter(1), self.spans[Scope.STAGE]))

    def _same_layout(self, last: LastLint) -> bool:
        """Whether the edit since the last lint changed only the text of instructions of its
        stages whose text the layout does not read (``TEXT_OUTSIDE_LAYOUT``: not their keywords,
        not their flags, no ONBUILD), and nothing around them: the stages, their names, bases,
        ``--from`` flags, ARG, ENV and SHELL instructions, and so every column ``by_layout``
        makes, are the last lint's."""
        old, new = last.dockerfile, self.dockerfile
        head, tail = self._kept
        end = len(new.instructions) - tail
        if old is None or len(old.instructions) != len(new.instructions) or last.settings != self.settings:
            return False
        if not self.prelude_count <= head < end:
            return False
        if not all(map(_edited_outside_layout, old.instructions[head:end], new.instructions[head:end])):
            return False
        first, last_edited = old.instructions[head], old.instructions[end - 1]
        start, stop = new.instructions[head].span.start, new.instructions[end - 1].span.end
        return same_outside(old.text, new.text, (first.span.start, last_edited.span.end), (start, stop))

    def _edited_between_instructions(self, last: LastLint) -> bool:
        """Whether the edit since the last lint changed only text between two instructions of
        the stages, or after the last one (a comment, a blank line, a line added or removed
        there), with the same file facts and settings (``# hadolint shell=``): the
        instructions the parse read again stand where they stood, or moved whole by the edit's
        length after it, with the same text. Every instruction, and so the layout of the
        stages, is the last lint's; what changed is the text of the stage row holding the
        edited text, and where the later rows stand. Not the text before the first stage's
        FROM (``prelude``), nor that above the final stage's FROM (``text_above_final_from``),
        nor the first line of the instruction after the edit before its keyword (``lead``)."""
        old, new = last.dockerfile, self.dockerfile
        head, tail = self._kept
        end = len(new.instructions) - tail
        if old is None or len(old.instructions) != len(new.instructions) or last.settings != self.settings:
            return False
        if not (self._same_file_facts and self.prelude_count <= head < end):
            return False
        before, now = old.instructions, new.instructions
        after = _first_moved(before, now, head, end)  # the first instruction after the edit
        if after <= self.prelude_count or not _moved_whole(
            before, now, (head, after, end), len(new.text) - len(old.text)
        ):
            return False
        if after < len(now):
            final = self.analysis.final_stage
            if final is not None and now[after] is final.from_instruction:
                return False
            if old.lines.text_before(before[after].start_line, before[after].span.start) != self.lead(
                now[after].span.start, now[after].start_line
            ):
                return False
        changed = changed_range(old.text, new.text)
        if changed is None:
            return True
        return changed[0] >= now[after - 1].span.end and (after == len(now) or changed[1] <= before[after].span.start)

    def by_layout(self, name: Hashable, make: Callable[[], T]) -> T:
        """``make()`` (the column ``name`` of this lint), or the last lint's when the edit since
        left the layout of the stages as it was (``_same_layout``, ``_edited_between_instructions``):
        what only that layout decides is made once for a run of such edits."""
        found = self._layout.get(name)
        if found is None:
            found = self._layout[name] = make()
        return found  # type: ignore[return-value]

    def stage_text(self, stage: Stage) -> str:
        found = self._stage_texts.get(stage.index)
        if found is None:
            start, end, _line = self._stage_spans[stage.index]
            found = self._stage_texts[stage.index] = self.dockerfile.text[start:end]
        return found

    def keys(self, scope: Scope, reads: tuple[Fact, ...], commands: CommandReads | None = None) -> list[Hashable]:
        """Each row's key for rules of ``scope`` that read ``reads``: a token of the row's text
        (and a stage's index) with the file's facts, and the facts read (tokens in place of
        tuples: a key hashes and compares at once). For stage rules that read only some
        ``commands``, a stage's projection stands for its text, in the row's own part and in the
        facts naming other stages (``projected_row_tokens``, ``projected_fact_values``). A row
        whose parts are all the objects the last lint's key there was made of has that key
        object (``patched``)."""
        name = (scope, reads, commands)
        found = self._keys.get(name)
        if found is None:
            if commands is None:
                parts = [self.row_tokens(scope), *(self.fact_values(scope, fact) for fact in reads)]
            else:
                projected = (self.projected_fact_values(commands, fact) for fact in reads)
                parts = [self.projected_row_tokens(commands), *projected]
            found = self.patched(name, parts)
        return found

    def patched(self, name: Hashable, columns: list[list[Hashable]]) -> list[Hashable]:
        """Each row's tuple of its values in ``columns`` (one value per row, each column
        ``registered``): the last lint's tuple object (its ``name``) for a row whose values are
        all the objects that lint's columns of the same names had there (a tuple of the same
        objects is an equal key), a new tuple for the others."""
        last = self._last_keys.get(name)
        changed: set[int] = set()
        get = self._changes.get
        for column in columns:
            known = get(id(column))
            if known is None or known[0] is not column or last is None or len(last) != len(column):
                found = self._keys[name] = list(zip(*columns))
                return found
            changed |= known[1]
        found = last if not changed else list(last)
        for i in changed:
            found[i] = tuple([column[i] for column in columns])
        self._keys[name] = found
        self._key_changes[id(found)] = found, (last, sorted(changed))
        return found

    def key_changes(self, keys: list[Hashable]) -> KeyChanges | None:
        """For ``keys`` (made by ``patched``), the last lint's list they were made from and the
        rows whose key is new (``RowEntries.recall``); None when they were made whole."""
        known = self._key_changes.get(id(keys))
        return known[1] if known is not None and known[0] is keys else None

    def registered(self, name: Hashable, column: list[T]) -> list[T]:
        """``column``, a column of key parts named ``name``, with the rows whose value in it is
        not the object the last lint's column of that name had there (found once per lint, at C
        speed; none known when that lint had no such column of as many rows: ``patched``)."""
        self._columns[name] = column  # type: ignore[assignment]
        last = self._last_columns.get(name)
        if last is not None and len(last) == len(column):
            changed = set() if last is column else set(compress(count(), map(is_not, last, column)))
            self._changes[id(column)] = column, changed  # the column kept: its id stands for it
        return column

    def projected_fact_values(self, commands: CommandReads, fact: Fact) -> list[Hashable]:
        """Each stage row's value of ``fact`` for rules that read only ``commands`` (in every
        stage they read): the stages it is built on and the stages that take its files stand as
        their projections (the last lint's column when the edit since left the layout and every
        projection as they were); the other facts as for any stage rule."""
        if fact not in PROJECTED_FACTS:
            return self.fact_values(Scope.STAGE, fact)
        found = self._projected_facts.get((commands, fact))
        if found is None:
            projected, name = self.projected_row_tokens(commands), ("projected", commands, fact)
            reads = self.projected_reads(fact)
            column = self._last_columns.get(name)
            changed = self.changed_rows(projected) if column is not None and self.same_layout else None
            if column is None or changed is None:
                column = [self._projected_value(read, projected) for read in reads]
            elif changed:  # only the rows reading a changed projection have another value
                readers = self.by_layout(("projected readers", fact), partial(self._projected_readers, fact))
                column = list(column)
                for row in set().union(*map(readers.__getitem__, changed)):
                    column[row] = self._projected_value(reads[row], projected)
            found = self._projected_facts[(commands, fact)] = self.registered(name, column)
        return found

    def _projected_value(self, read: ProjectedRead | None, projected: list[object]) -> Hashable:
        """A stage row's value of a projected fact (``projected_reads``) given each row's projected token."""
        return None if read is None else self.tokens.of((read[0], read[1](projected)))

    def _projected_readers(self, fact: Fact) -> list[set[int]]:
        """For each stage row, the stage rows whose value of ``fact`` (``projected_reads``) picks its projection."""
        readers: list[set[int]] = [set() for _ in self.objects[Scope.STAGE]]
        for row, read in enumerate(self.projected_reads(fact)):
            if read is not None:
                for place in read[2]:
                    readers[place].add(row)
        return readers

    def changed_rows(self, column: list[Hashable]) -> set[int] | None:
        """The rows whose value in ``column`` (``registered``) is not the object the last lint's
        column of its name had there; None when not known (that lint had no such column of as
        many rows): then, with the same layout, a column made of it alone changed only where
        it reads those rows."""
        known = self._changes.get(id(column))
        return known[1] if known is not None and known[0] is column else None

    def projected_reads(self, fact: Fact) -> list[ProjectedRead | None]:
        """For each stage row (None for the prelude's), what ``fact`` holds besides the other
        stages' projections (a token), what picks those projections out of the projected
        row tokens of a set of commands, and the rows it picks: worked out once per lint for every set."""
        return self.by_layout(("projected", fact), partial(self._projected_reads_of, fact))

    def _projected_reads_of(self, fact: Fact) -> list[ProjectedRead | None]:
        read, of = PROJECTED_FACTS[fact], self.tokens.of
        before = len(self.objects[Scope.STAGE]) - len(self.analysis.stages)  # the prelude's row
        found: list[ProjectedRead | None] = []
        for row in self.objects[Scope.STAGE]:
            stage = self.stage_of(row)
            if stage is None:
                found.append(None)
                continue
            rest, stages = read(self, stage)
            places = [s.index + before for s in stages]
            found.append((of(rest) if type(rest) in _TOKENISED else rest, _picker(places), places))
        return found

    def projected_row_tokens(self, commands: CommandReads) -> list[object]:
        """Each stage row's token of the file's facts and what rules reading only ``commands``
        see of it: its index, its instructions' projections (``command_projection``) with the
        text between them, and its lead. A row whose text and starting SHELL the last lints saw
        costs a lookup (``Projections.stage``)."""
        found = self._projected.get(commands)
        if found is None:
            make = partial(self._projected_row_token, commands)
            found = self.by_stage(("projected", commands), make, rows=True)
            self._projected[commands] = self.registered(("projected", commands), found)
        return found

    def _projected_row_token(self, commands: CommandReads, row: int) -> object:
        """Stage row ``row``'s token for rules reading only ``commands``: the one remembered for its
        text and starting SHELL (``Projections.stage``), else the last lint's when its projected
        text is (``_kept_projected_token``), else the token of its value."""
        token = self.stage_keys[row]
        found = self.projections.stage(commands, token)
        if found is None:
            text = self._projected_text(row, commands)
            kept = self._kept_projected_token(commands, row, text)
            found = text, self.tokens.of(self._projected_row_value(row, text)) if kept is None else kept
            self.projections.remember_stage(commands, token, found)
        else:  # the next lint's edit of the row makes its projected text from this one
            self._keep_projected_text(commands, row, found[0])  # type: ignore[index]
        return found[1]  # type: ignore[index]

    def _projected_row_value(self, row: int, text: tuple[Hashable, ...]) -> Hashable:
        """What stage row ``row``'s token stands for, given its projected ``text``: the file's
        facts, its index, that text and its lead."""
        unit = self.objects[Scope.STAGE][row]
        start, _end, line = self.spans[Scope.STAGE][row]
        index = unit.index if isinstance(unit, Stage) else "prelude"
        return self.file_facts, (index, text, self.lead(start, line))

    def _kept_projected_token(self, commands: CommandReads, row: int, text: tuple[Hashable, ...]) -> object | None:
        """The last lint's token of stage row ``row`` for ``commands`` when ``text`` is its last
        projected text object with the same file facts: the edit since changed only text the
        layout does not read, none of what these rules read there (another instruction than a
        RUN projects as its text), and not the row's index or lead (before its FROM), so its
        value is the last lint's, whose token that is (the last lint's column holds it). None
        otherwise: the token is looked up by value, its tuple hashed."""
        if not self._same_file_facts or text is not self._last_projected_text(commands, row):
            return None
        last = self._last_stage_columns.get(("projected", commands))
        return last[row] if last is not None and len(last) == len(self.objects[Scope.STAGE]) else None

    @cached_property
    def stage_keys(self) -> list[tuple[object, tuple[str, ...]]]:
        """Each stage row's token of its text and the SHELL its first instruction starts with:
        what its projections are remembered by (made again only for the stages an edit of text
        the layout does not read changed: ``by_stage``)."""
        shell_of, tokens, units = self.analysis.shell_of, self.row_tokens(Scope.STAGE), self.objects[Scope.STAGE]
        return self.by_stage(
            "stage keys", lambda row: (tokens[row], tuple(shell_of(units[row].instructions[0]))), rows=True
        )

    @cached_property
    def base_lists(self) -> dict[int, list[Stage]]:
        """Each stage's index -> the stages it is built on (or may be), as ``bases`` reads them."""
        stages = self.analysis.stages
        return {i: [stages[k] for k in found] for i, found in self.by_layout("bases", self._base_indexes).items()}

    def _base_indexes(self) -> dict[int, list[int]]:
        return {
            stage.index: [s.index for s in stage.chain[1:] + [s for s in stage.base_candidates if s is not stage]]
            for stage in self.analysis.stages
        }

    def _projected_text(self, row: int, commands: CommandReads) -> tuple[Hashable, ...]:
        """A stage row's instructions' projections and the text between them: the last lint's
        with the pieces the edit since may have changed projected again (``edited_places``);
        the last lint's object when they all project as before."""
        pieces, runs = self.stage_pieces(row)
        last = self._last_projected_text(commands, row)
        places = None if last is None else self.edited_places(row)
        if places is None or last is None:
            parts = list(pieces)
            for place, i, shell in runs:
                parts[place] = self._projected_run(i, pieces[place], shell, commands)
            found = tuple(parts)
        else:
            parts = list(last)
            for place in places:
                parts[place] = self._projected_piece((pieces, runs), place, commands)
            found = last if all(parts[place] == last[place] for place in places) else tuple(parts)
        self._keep_projected_text(commands, row, found)
        return found

    def _projected_piece(self, pieces: Pieces, place: int, commands: CommandReads) -> Hashable:
        """What rules reading only ``commands`` see of the piece at ``place`` of a stage row's
        ``pieces`` (``stage_pieces``): a RUN's projection; the text of any other instruction, and
        of the text between two instructions, as it is."""
        texts, runs = pieces
        at = bisect.bisect_left(runs, place, key=itemgetter(0))
        if at == len(runs) or runs[at][0] != place:
            return texts[place]
        _place, i, shell = runs[at]
        return self._projected_run(i, texts[place], shell, commands)

    def _projected_run(self, row: int, text: str, shell: tuple[str, ...], commands: CommandReads) -> Hashable:
        """The projection for ``commands`` of instruction row ``row``, a RUN whose text is ``text``
        and whose SHELL is ``shell``."""
        instruction = self.dockerfile.instructions[row]
        return self.projections.of(self.analysis, instruction, text, shell, self.dockerfile.escape, commands)

    def stage_pieces(self, row: int) -> Pieces:
        """Stage row ``row``'s instructions' texts with the text between them, and for each RUN
        where it stands in that list, its instruction row and its SHELL (made once per lint:
        from the last lint's with the pieces the edit since may have changed read again)."""
        found = self._pieces.get(row)
        if found is None:
            last = self._last_pieces.get(row)
            places = None if last is None else self.edited_places(row)
            if places is None:
                found = self._pieces_read(row)
            elif not places:
                found = last  # type: ignore[assignment]
            else:  # the RUNs and their shells are the last lint's (the same layout)
                pieces, runs = last  # type: ignore[misc]
                pieces = list(pieces)
                text, spans, first = self.dockerfile.text, self.spans[Scope.INSTRUCTION], self.first_row(row)
                for place in places:
                    if place % 2:  # the text between two edited instructions
                        pieces[place] = text[spans[first + place // 2][1] : spans[first + place // 2 + 1][0]]
                    else:
                        start, end, _line = spans[first + place // 2]
                        pieces[place] = text[start:end]
                found = (pieces, runs)
            self._pieces[row] = found
        return found

    def _pieces_read(self, row: int) -> Pieces:
        """``stage_pieces`` read off the text."""
        text, shell_of = self.dockerfile.text, self.analysis.shell_of
        unit, first = self.objects[Scope.STAGE][row], self.first_row(row)
        pieces: list[str] = []
        runs = []
        for k, ins in enumerate(unit.instructions):
            if k:
                pieces.append(text[unit.instructions[k - 1].span.end : ins.span.start])
            if ins.keyword == "RUN":
                runs.append((len(pieces), first + k, tuple(shell_of(ins))))
            pieces.append(text[ins.span.start : ins.span.end])
        return pieces, runs

    def edited_places(self, row: int) -> list[int] | None:
        """The places in stage row ``row``'s pieces (``stage_pieces``: instruction ``k`` of the
        row at ``2k``, the text after it at ``2k + 1``) of the instructions the parse did not
        keep from the last lint and of the text between them, when the edit since changed only
        text the layout does not read (``_same_layout``: the rows, their other instructions and
        the text around the edited ones are the last lint's); of the text around those
        instructions when it changed only text between instructions
        (``_edited_between_instructions``: the instructions are the last lint's); None for
        another edit."""
        found = self._edited_places.get(row)
        if found is None:
            if not self.same_layout:
                return None
            head, tail = self._kept
            first, count = self.first_row(row), len(self.objects[Scope.STAGE][row].instructions)
            lo, hi = max(head, first) - first, min(len(self.dockerfile.instructions) - tail, first + count) - first
            if self.between_instructions:  # the instructions are the last lint's, the text around them may not be
                found = [place for place in range(2 * lo - 1, 2 * hi, 2) if 0 < place < 2 * count - 1]
            else:
                found = list(range(2 * lo, 2 * hi - 1))
            self._edited_places[row] = found
        return found

    def first_row(self, row: int) -> int:
        """The instruction row of stage row ``row``'s first instruction."""
        return bisect.bisect_left(self.starts[Scope.INSTRUCTION], self.starts[Scope.STAGE][row])

    def layout(self, row: int) -> Layout:
        """Stage row ``row``'s instructions as this lint has them: where they start, on which
        line, and their texts (the last lint's objects for the instructions the edit since left
        as they were), made once per lint."""
        found = self._layouts.get(row)
        if found is None:
            first, count = self.first_row(row), len(self.objects[Scope.STAGE][row].instructions)
            spans = self.spans[Scope.INSTRUCTION][first : first + count]
            last = self._last_layouts.get(row)
            texts = last.texts if last is not None and self.edited_places(row) == [] else None
            if texts is None:
                texts = tuple(self.stage_pieces(row)[0][::2])
            found = self._layouts[row] = Layout(list(map(itemgetter(0), spans)), list(map(itemgetter(2), spans)), texts)
        return found

    def relocation(self, layout: Layout, row: int) -> Relocation:
        """Where the places of stage row ``row`` laid out as ``layout`` (by an earlier lint) now
        stand: one ``Relocation`` per lint for every group whose findings were found there."""
        key = (id(layout), row)  # the relocation holds the layout: its id stands for it
        found = self._relocations.get(key)
        if found is None:
            found = self._relocations[key] = Relocation(layout, self.layout(row))
        return found

    def row_tokens(self, scope: Scope) -> list[object]:
        """Each row's token of the file's facts and its own part of its key (an instruction's text;
        ``stage_row_text``)."""
        found = self._row_tokens.get(scope)
        if found is None:
            if scope is Scope.INSTRUCTION:
                found = self._instruction_tokens()
            else:
                of, file_facts = self.tokens.of, self.file_facts
                found = self.by_stage("row tokens", lambda row: of((file_facts, self.stage_row_text(row))), rows=True)
            self._row_tokens[scope] = self.registered(("rows", scope), found)
        return found

    def _instruction_tokens(self) -> list[object]:
        """Each instruction row's token: the last lint's for the instructions the parse kept as
        they were (before the edit: the same objects; after it: its moved tail), with the same
        file facts; the others' made from their text."""
        (head, tail), instructions, last = self._kept, self.dockerfile.instructions, self._last_tokens
        if last is None:
            head = tail = 0
            last = []
        of, file_facts, text = self.tokens.of, self.file_facts, self.dockerfile.text
        edited = [
            of((file_facts, text[start:end]))
            for start, end, _line in self.spans[Scope.INSTRUCTION][head : len(instructions) - tail]
        ]
        found = last[:head] + edited + last[len(last) - tail :]
        if self.last.dockerfile is self.dockerfile:  # no later lint of the document began
            self.last.tokens = found
        return found

    def fact_values(self, scope: Scope, fact: Fact) -> list[Hashable]:
        """Each row's value of ``fact``, read once per lint for every group that reads it."""
        found = self._fact_values.get((scope, fact))
        if found is None:
            make = partial(self._fact_column, scope, fact)
            found = self.by_layout((scope, fact), make) if fact in LAYOUT_FACTS else make()
            self._fact_values[(scope, fact)] = self.registered((scope, fact), found)
        return found

    def _fact_column(self, scope: Scope, fact: Fact) -> list[Hashable]:
        column = COLUMNS.get(fact)
        if column is not None:
            return column(self, scope)
        read, of = FACTS[fact], self.tokens.of
        rows = self.objects[scope]
        if fact in PER_STAGE_FACTS:
            before = len(rows) - len(self.analysis.stages) if scope is Scope.STAGE else self.prelude_count
            outside = read(self, rows[0]) if before else None  # a row before the first FROM's
            return self.per_stage(scope, read, of(outside) if type(outside) in _TOKENISED else outside)
        if fact in ROW_INDEPENDENT_FACTS:
            return self._uniform_column(scope, fact)
        return [of(value) if type(value) in _TOKENISED else value for value in map(read, repeat(self), rows)]

    def _uniform_column(self, scope: Scope, fact: Fact) -> list[Hashable]:
        """The column of a fact whose value is the same for every row (``ROW_INDEPENDENT_FACTS``):
        read once, not once per row; the last lint's column object when it holds the same value
        object in as many rows (its rows' keys are then the last lint's without a compare)."""
        rows = self.objects[scope]
        if not rows:
            return []
        value = FACTS[fact](self, rows[0])
        if type(value) in _TOKENISED:
            value = self.tokens.of(value)
        last = self._last_columns.get((scope, fact))
        if last is not None and len(last) == len(rows) and last[0] is value:
            return last
        return [value] * len(rows)

    def stage_row_text(self, row: int) -> Hashable:
        """A stage row's own part of its key: its stage's index, text and lead (the prelude's
        text and lead)."""
        unit, (start, end, line) = self.objects[Scope.STAGE][row], self.spans[Scope.STAGE][row]
        if isinstance(unit, Stage):
            return unit.index, self.stage_text(unit), self.lead(start, line)
        return "prelude", self.dockerfile.text[start:end], self.lead(start, line)

    def lead(self, start: int, line: int) -> str:
        """The text of a row's first line before its first instruction's keyword: a line
        continuation there (`` \\`` above a FROM) starts the instruction lines above it, which
        moves the lines of the row's later instructions relative to its first."""
        return self.dockerfile.lines.text_before(line, start)

    def copied(self, stage: Stage) -> list[Stage]:
        """The stages ``stage``'s ``--from`` flags may name (after expansion, or as written)."""
        found = self._copied.get(stage.index)
        if found is None:
            stages = self.analysis.stages
            indexes = self.by_layout(("copied", stage.index), partial(self._copied_indexes, stage))
            found = self._copied[stage.index] = [stages[i] for i in indexes]
        return found

    def _copied_indexes(self, stage: Stage) -> list[int]:
        analysis = self.analysis
        return [
            source.index
            for ins in stage.instructions
            for node in (ins, ins.inner)
            if node is not None and node.keyword in _READING_STAGES
            for value in from_values(node)
            for source in _named_or_matching(analysis, value, node)
        ]

    def dependents(self, stage: Stage) -> list[Stage]:
        """The stages that hold or take ``stage``'s files: built FROM it or copying from it, and
        so on down (what decides whether its files reach the image)."""
        found = self._dependents.get(stage.index)
        if found is None:
            stages = self.analysis.stages
            indexes = self.by_layout("dependents", self._dependent_indexes).get(stage.index, ())
            found = self._dependents[stage.index] = [stages[k] for k in indexes]
        return found

    def _dependent_indexes(self) -> dict[int, list[int]]:
        direct: dict[int, list[Stage]] = {s.index: [] for s in self.analysis.stages}
        for other in self.analysis.stages:
            for source in {
                id(s): s for s in [other.base_stage] + other.base_candidates + self.copied(other) if s is not None
            }.values():
                if source is not other:
                    direct[source.index].append(other)
        return {s.index: [d.index for d in _reachable(s, direct)] for s in self.analysis.stages}

    # -- facts of the rules that were file-wide until these facts were read ------------------------

    @cached_property
    def global_arg_uses(self) -> frozenset[str]:
        """The global ARGs the rest of the file names."""
        return used_global_args(self.analysis)

    @cached_property
    def declared_names(self) -> frozenset[str]:
        """Every name an ARG or ENV of the file declares."""
        return frozenset(d.name for d in self.analysis.decls)

    @cached_property
    def variable_names(self) -> object:
        """A token of every name an ARG or ENV of the file declares, in order, with its keyword,
        and of each stage's root image: the names a "did you mean" may offer (images set
        variables of their own), and which of them are build arguments."""
        names = tuple((d.name, d.kind) for d in self.analysis.decls)
        return self.tokens.of((names, tuple(_root_image_of(self, stage) for stage in self.analysis.stages)))

    def copied_chains(self, stage: Stage) -> tuple[object, ...]:
        """The stages ``stage``'s ``--from`` flags may name and the stages each is built on."""
        return self.picked(
            self.by_layout(("copied chains", stage.index), partial(self._chain_indexes, self.copied, stage))
        )

    def dependent_chains(self, stage: Stage) -> tuple[object, ...]:
        """The stages that hold or take ``stage``'s files (``dependents``) and the stages each
        is built on."""
        return self.picked(self.dependent_chain_indexes(stage))

    def dependent_chain_indexes(self, stage: Stage) -> list[int]:
        """The indexes of the stages ``dependent_chains`` names, in order."""
        return self.by_layout(("dependent chains", stage.index), partial(self._chain_indexes, self.dependents, stage))

    @staticmethod
    def _chain_indexes(stages: Callable[[Stage], list[Stage]], stage: Stage) -> list[int]:
        """The indexes of ``stages(stage)`` and of the stages each is built on, in order."""
        return sorted({s.index for other in stages(stage) for s in other.chain})

    @cached_property
    def final_stage(self) -> Hashable:
        """The final stage's index, the text of its chain, and the text between the instruction
        before its FROM and the FROM (the comments above it); None without one."""
        final = self.analysis.final_stage
        if final is None:
            return None
        return final.index, self._chains([final]), self.text_above_final_from

    @cached_property
    def text_above_final_from(self) -> str:
        """The text between the instruction before the final stage's FROM and the FROM (the
        comments above it); "" without a final stage."""
        final = self.analysis.final_stage
        if final is None:
            return ""
        start = final.from_instruction.span.start
        at = bisect.bisect_left(self.starts[Scope.INSTRUCTION], start) - 1
        before = self.dockerfile.instructions[at].span.end if at >= 0 else 0
        return self.dockerfile.text[before:start]

    def _chains(self, stages: Iterable[Stage]) -> tuple[object, ...]:
        """``stages`` and the stages each is built on: their tokens, in index order."""
        return self.picked(sorted({s.index for stage in stages for s in stage.chain}))

    def per_stage(self, scope: Scope, read: Callable[[LintRows, Stage], Hashable], outside: Hashable) -> list[Hashable]:
        """Each row's value of a fact that is the same for every row of a stage: ``read(self,
        stage)`` read once per stage (a token in place of a tuple), ``outside`` for the rows
        before the first FROM. A stage's instructions are consecutive rows. A stage the edit
        since the last lint did not reach keeps the last lint's value (``reached_stages``)."""
        name = ("per stage", read)
        values = self._stage_columns.get(name)
        if values is None:
            values = self.by_stage(name, partial(self._stage_value, read), reach=True)
        if scope is Scope.STAGE:
            return [outside] * (len(self.objects[scope]) - len(values)) + values
        return self._instruction_column(name, values, outside)

    def _instruction_column(self, name: Hashable, values: list[Hashable], outside: Hashable) -> list[Hashable]:
        """Each instruction row's value of the per-stage fact ``name``: its stage's in ``values``,
        ``outside`` before the first FROM. When the edit since left the layout of the stages as
        it was (``by_stage``), the last lint's column where every stage's value is the last
        lint's object (``registered`` then finds no row changed at once), else a copy of it with
        the rows of the other stages replaced."""
        rows_name = ("instruction rows", name)
        last, last_values = self._last_stage_columns.get(rows_name), self._last_stage_columns.get(name)
        if last is None or last_values is None or (self.prelude_count and last[0] != outside):
            found = [outside] * self.prelude_count
            for stage, value in zip(self.analysis.stages, values):
                found += [value] * len(stage.instructions)
        else:
            changed = list(compress(count(), map(is_not, values, last_values)))
            found = list(last) if changed else last
            for i in changed:
                start, end = self.stage_rows[i]
                found[start:end] = [values[i]] * (end - start)
        self._stage_columns[rows_name] = found
        return found

    @cached_property
    def stage_rows(self) -> list[tuple[int, int]]:
        """Each stage's first instruction row and the row after its last."""
        return self.by_layout("stage rows", self._stage_rows)

    def _stage_rows(self) -> list[tuple[int, int]]:
        found, start = [], self.prelude_count
        for stage in self.analysis.stages:
            found.append((start, start + len(stage.instructions)))
            start += len(stage.instructions)
        return found

    def _stage_value(self, read: Callable[[LintRows, Stage], Hashable], index: int) -> Hashable:
        value = read(self, self.analysis.stages[index])
        return self.tokens.of(value) if type(value) in _TOKENISED else value

    @cached_property
    def stage_tokens(self) -> list[object]:
        """Each stage's token of its index and text."""
        of, stages = self.tokens.of, self.analysis.stages
        return self.by_stage("stage tokens", lambda i: of((i, self.stage_text(stages[i]))))

    @cached_property
    def edited_stages(self) -> frozenset[int]:
        """The indexes of the stages holding the instructions the edit since the last lint
        changed, when it changed only text the layout does not read (``_same_layout``)."""
        if not self._last_stage_columns:
            return frozenset()
        head, tail = self._kept
        stage_of, instructions = self.analysis.stage_of, self.dockerfile.instructions
        return frozenset(stage_of(ins).index for ins in instructions[head : len(instructions) - tail])  # type: ignore[union-attr]

    @cached_property
    def reached_stages(self) -> frozenset[int]:
        """The indexes of the stages whose per-stage facts (``per_stage``) may differ from the last
        lint's, when the edit since changed only text the layout does not read: the edited stages
        and the stages that read their tokens (``_readers``). Such an edit leaves the layout as
        it was, so what a per-stage fact reads besides the tokens of stages (``picked``,
        ``bases``: bases, ``--from`` sources, the stages taking a stage's files and their bases,
        whether a stage ships, the final stage's chain, the global ARGs) is the last lint's; and
        the token of a stage the edit did not reach is the last lint's object (``stage_tokens``).
        A stage that reads no edited stage's token thus reads what the last lint read, and its
        value is the one a fresh computation gives."""
        edited = self.edited_stages
        if not edited:
            return edited
        readers = self.by_layout("readers", self._readers)
        return edited.union(*(readers[i] for i in edited))

    def _readers(self) -> dict[int, frozenset[int]]:
        """For each stage, the stages whose per-stage facts may read its token: those it is
        built on or may be, those it copies from, those that take its files, and those stages'
        bases and chains; its own; and the final stage's chain for a stage that ships."""
        stages, final = self.analysis.stages, self.analysis.final_stage
        final_chain = {s.index for s in final.chain} if final is not None else set()
        readers: dict[int, set[int]] = {s.index: set() for s in stages}
        for stage in stages:
            read = {stage.index, *(s.index for s in self.base_lists[stage.index])}
            for other in [*self.copied(stage), *self.dependents(stage)]:
                read.add(other.index)
                read.update(s.index for s in self.base_lists[other.index])
                read.update(s.index for s in other.chain)
            if id(stage) in self.shipped:
                read |= final_chain
            for i in read:
                readers[i].add(stage.index)
        return {i: frozenset(found) for i, found in readers.items()}

    def by_stage(self, name: Hashable, make: Callable[[int], T], rows: bool = False, reach: bool = False) -> list[T]:
        """``make(i)`` for each stage ``i`` (each stage row with ``rows``: the prelude's first),
        or the last lint's value for the stages the edit since left as they were, when it
        changed only text the layout does not read (``edited_stages``; with ``reach``, the stages
        it did not reach: ``reached_stages``)."""
        count = len(self.objects[Scope.STAGE]) if rows else len(self.analysis.stages)
        last = self._last_stage_columns.get(name)
        if last is None or len(last) != count:
            found = [make(i) for i in range(count)]
        else:
            shift = count - len(self.analysis.stages) if rows else 0  # the prelude's row
            edited = {i + shift for i in (self.reached_stages if reach else self.edited_stages)}
            found = list(last)
            for i in edited:
                found[i] = make(i)
        self._stage_columns[name] = found
        return found

    def picked(self, indexes: Iterable[int]) -> tuple[object, ...]:
        """The tokens of the stages at ``indexes`` (``stage_tokens``)."""
        return tuple(map(self.stage_tokens.__getitem__, indexes))

    def bases(self, stage: Stage) -> object:
        """A token of the stages ``stage`` is built on (or may be): their index and text."""
        found = self._bases.get(stage.index)
        if found is None:
            indexes = self.by_layout("bases", self._base_indexes)[stage.index]
            found = self._bases[stage.index] = self.tokens.of(self.picked(indexes))
        return found

    def declarations_before(self, scope: Scope) -> list[object]:
        """For each row, a token of the text of the ARG and ENV instructions before it in its
        stage (before the first FROM: in the file), in order, each token made of the one before
        and the next declaration (a stage row: nothing before its FROM)."""
        return self.by_layout(("declarations", scope), partial(self._declarations_before, scope))

    def _declarations_before(self, scope: Scope) -> list[object]:
        none = self.tokens.of("no declaration")
        rows = self.objects[scope]
        if scope is Scope.STAGE:
            return [none] * len(rows)
        text, spans, starts = self.dockerfile.text, self.spans[scope], self.starts[scope]
        marks = [
            bisect.bisect_left(starts, ins.span.start)
            for ins in self.dockerfile.of_keywords("FROM", "ARG", "ENV")
            if ins.parent is None
        ]
        found: list[object] = []
        before = none
        for at in marks:  # the rows up to a FROM, ARG or ENV have the declarations before it
            found += [before] * (at - len(found))
            if rows[at].keyword == "FROM":
                before = none
            found.append(before)
            if rows[at].keyword != "FROM":
                before = self.tokens.of((before, text[spans[at][0] : spans[at][1]]))
        return found + [before] * (len(rows) - len(found))

    def stage_of(self, row) -> Stage | None:
        if isinstance(row, Prelude):
            return None
        return row if isinstance(row, Stage) else self.analysis.stage_of(row)

    def row_at(self, scope: Scope, v: Violation) -> int | None:
        """The row that holds ``v``, its fix and its related places; None if no row does."""
        index = bisect.bisect_right(self.starts[scope], v.span.start) - 1
        if index < 0:
            return None
        start, end, _line = self.spans[scope][index]
        places = [v.span]
        if v.fix is not None:
            places.extend(e.span for e in v.fix.edits)
        places.extend(r.span for r in v.related)
        return index if all(start <= p.start and p.end <= end for p in places) else None

    def restricted_to(self, scope: Scope, rows: Sequence[int]) -> LintFacts:
        """The lint seen through ``rows`` of ``scope``."""
        if scope is Scope.STAGE:
            units = [self.objects[scope][i] for i in rows]
            stages = [unit for unit in units if isinstance(unit, Stage)]
            instructions = [ins for unit in units for ins in unit.instructions]
        else:
            instructions = [self.dockerfile.instructions[i] for i in rows]
            seen = {id(self.analysis.stage_of(ins)) for ins in instructions}
            stages = [s for s in self.analysis.stages if id(s) in seen]
        return self.lint.seen_through(*restricted(self.dockerfile, self.analysis, instructions, stages))


def _unit_spans(units: Sequence[Prelude | Stage], spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Each stage row's start, end and first line, read off its instructions' rows in ``spans``
    (a row's instructions are the consecutive instruction rows after the previous row's)."""
    found, first = [], 0
    for unit in units:
        last = first + len(unit.instructions) - 1
        found.append((spans[first][0], spans[last][1], spans[first][2]))
        first = last + 1
    return found


def same_outside(old: str, new: str, old_part: tuple[int, int], new_part: tuple[int, int]) -> bool:
    """Whether ``old`` before ``old_part`` (a start and an end) is ``new`` before ``new_part``,
    and ``old`` after it ``new`` after it. Read off ``changed_range``, which the re-parse asked
    about the same two texts (its answer is kept): no text is copied. Only when the part after
    is longer than the common end it found (which stops where the common beginning does) are
    the two texts compared."""
    (start, end), (new_start, new_end) = old_part, new_part
    after = len(old) - end
    if start != new_start or after != len(new) - new_end:
        return False
    changed = changed_range(old, new)
    if changed is None:
        return True
    prefix, suffix = changed[0], len(old) - changed[1]
    return start <= prefix and (after <= suffix or old.endswith(new[new_end:]))


def _first_moved(before: list[Instruction], now: list[Instruction], head: int, end: int) -> int:
    """The first of the instructions from ``head`` to ``end`` (parsed again) that does not start
    where it started in ``before``; ``end`` when they all do."""
    return next((i for i in range(head, end) if now[i].span.start != before[i].span.start), end)


def _moved_whole(before: list[Instruction], now: list[Instruction], rows: tuple[int, int, int], chars: int) -> bool:
    """Whether the instructions parsed again (``rows``: the first, the first after the edit, the
    end) stand where they stood before the edit and ``chars`` on after it, with their keywords
    (their texts, when the edit lies between them, are then the same)."""
    head, after, end = rows
    return not any(map(_placed_otherwise, before[head:after], now[head:after], repeat(0))) and not any(
        map(_placed_otherwise, before[after:end], now[after:end], repeat(chars))
    )


def _placed_otherwise(before: Instruction, now: Instruction, chars: int) -> bool:
    """Whether ``now``, an instruction parsed again, does not stand ``chars`` on from where
    ``before`` stood, with its keyword."""
    return (
        before.span.start + chars != now.span.start
        or before.span.end + chars != now.span.end
        or before.keyword != now.keyword
    )


#: The keywords whose text after the flags no column of the layout of the stages reads
#: (``LintRows.by_layout``: the stages each is built on, copies from and hands its files to,
#: whether it ships, the shell, the ARG and ENV before each row, ``LAYOUT_FACTS``,
#: ``PROJECTED_FACTS``; nor the per-stage columns ``LintRows.by_stage`` hands over, which read
#: the stages' text through their tokens alone). They start no stage, name no stage outside their
#: flags (``--from``: ``from_values`` reads flags only), declare no ARG or ENV and set no SHELL.
#: A keyword leaves the list as soon as such a column reads its text after the flags (a stage
#: named in it, a declaration, a shell).
TEXT_OUTSIDE_LAYOUT = frozenset(
    (
        "RUN",
        "COPY",
        "ADD",
        "LABEL",
        "USER",
        "WORKDIR",
        "EXPOSE",
        "CMD",
        "ENTRYPOINT",
        "HEALTHCHECK",
        "VOLUME",
        "STOPSIGNAL",
        "MAINTAINER",
    )
)


def _edited_outside_layout(before: Instruction, now: Instruction) -> bool:
    """Whether an instruction the parse read again (``before`` as the last lint had it, ``now``)
    changed only text the layout of the stages does not read: the same keyword, one of
    ``TEXT_OUTSIDE_LAYOUT``, not in an ONBUILD, with the same flags."""
    return (
        before.keyword == now.keyword
        and now.keyword in TEXT_OUTSIDE_LAYOUT
        and before.inner is None
        and now.inner is None
        and before.parent is None
        and now.parent is None
        and not _differ_in_flags(before, now)
    )


def _differ_in_flags(before: Instruction, now: Instruction) -> bool:
    """Whether two instructions' flags differ (what the flags of a RUN, COPY or ADD say of the
    layout: the stages its mounts or ``--from`` read)."""
    return [f.text for f in origin_and_delta(before, 0)[0].flags] != [f.text for f in origin_and_delta(now, 0)[0].flags]


def _reachable(stage: Stage, edges: dict[int, list[Stage]]) -> list[Stage]:
    """The stages reachable from ``stage`` along ``edges`` (by index), in index order."""
    seen: dict[int, Stage] = {}
    todo = list(edges.get(stage.index, []))
    while todo:
        other = todo.pop()
        if other.index not in seen and other is not stage:
            seen[other.index] = other
            todo.extend(edges.get(other.index, []))
    return [seen[i] for i in sorted(seen)]


def _shell(rows: LintRows, row) -> Hashable:
    """The shell a row's instructions run under, as ``_shell_in_effect`` gives it, and that of
    an ONBUILD's inner instruction."""
    analysis = rows.analysis
    first = row if isinstance(row, Instruction) else row.instructions[0]
    inner = first.inner if isinstance(first, Instruction) and first.inner is not None else None
    return (
        *_shell_in_effect(analysis, analysis.shell_of(first)),
        _shell_in_effect(analysis, analysis.shell_of(inner)) if inner is not None else None,
    )


def _shell_in_effect(analysis: Analysis, shell: list[str]) -> tuple[tuple[str, ...], str | None]:
    """``shell``'s words and the ``shell=`` pragma where it decides the shell instead: a SHELL
    instruction naming the default program is not the default shell the pragma replaces."""
    return tuple(shell), analysis.pragma_shell(shell)


def _shells(rows: LintRows, scope: Scope) -> list[Hashable]:
    """Each row's token of ``_shell``. The shell in effect changes only where a stage starts and
    after a SHELL instruction, so an instruction row's token is read once per run of rows
    between those (an ONBUILD with an inner instruction, whose value holds the inner one's
    shell too, on its own)."""
    of, objects = rows.tokens.of, rows.objects[scope]
    if scope is Scope.STAGE:
        return [of(_shell(rows, row)) for row in objects]
    analysis = rows.analysis
    starts, shell_of = rows.starts[scope], analysis.shell_of
    changes = {bisect.bisect_left(starts, stage.from_instruction.span.start) for stage in rows.analysis.stages}
    changes.update(
        bisect.bisect_right(starts, ins.span.start) for ins in rows.dockerfile.of_keyword("SHELL") if ins.parent is None
    )
    marks = sorted(changes | {0, len(objects)})
    found: list[Hashable] = []
    for at, end in zip(marks, marks[1:]):
        found += [of((*_shell_in_effect(analysis, shell_of(objects[at])), None))] * (end - at)
    for ins in rows.dockerfile.of_keyword("ONBUILD"):
        if ins.inner is not None and ins.parent is None:
            found[bisect.bisect_left(starts, ins.span.start)] = of(_shell(rows, ins))
    return found


#: the keywords whose flags may name another stage (``from_values``)
_READING_STAGES = frozenset(("COPY", "ADD", "RUN"))


def _named_or_matching(analysis: Analysis, value: str, node: Instruction) -> list[Stage]:
    """The stages a ``--from`` value may name once expanded, and the stage named by the value as
    written when that is another one."""
    found = analysis.stages_matching(value, node)
    named = analysis.stage_named(value)
    return found if named is None or any(s is named for s in found) else [*found, named]


def _base_stages(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return None if stage is None else rows.bases(stage)


def _shipped(rows: LintRows, row) -> Hashable:
    """Whether the stage is the one built, is in its chain, and may ship (``stage_ships``: every
    stage may when the target names none, so renaming the target stage changes it)."""
    stage = rows.stage_of(row)
    final = stage is not None and stage is rows.analysis.final_stage
    return final, id(stage) in rows.shipped, stage_ships(rows.analysis, stage)


def _copied_stages(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return None if stage is None else rows.picked(s.index for s in rows.copied(stage))


def _dependent_stages(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    if stage is None:
        return None
    shipped, indexes = rows.by_layout(("dependents shipped", stage.index), partial(_dependents_shipped, rows, stage))
    return shipped, rows.picked(indexes)


def _dependents_shipped(rows: LintRows, stage: Stage) -> tuple[tuple[bool, ...], list[int]]:
    """Whether each stage holding ``stage``'s files ships, and their indexes."""
    dependents = rows.dependents(stage)
    return tuple(id(s) in rows.shipped for s in dependents), [s.index for s in dependents]


def _copied_chains(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return None if stage is None else rows.copied_chains(stage)


def _dependent_chains(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return None if stage is None else rows.dependent_chains(stage)


def _final_stage(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return rows.final_stage if stage is not None and id(stage) in rows.shipped else None


# -- the stage context of an instruction (for a stage row: of its FROM) -------------------------


def _variables(rows: LintRows, scope: Scope) -> list[Hashable]:
    """What the ARG and ENV in effect are made of: the global ARGs, the stages built on, the
    stage's ARG and ENV instructions before the row (``LintRows.patched``: a row whose two parts
    are the last lint's keeps its value object)."""
    inherited = rows.registered(("inherited", scope), rows.per_stage(scope, _inherited, rows.prelude))
    declarations = rows.registered(("declarations", scope), rows.declarations_before(scope))
    return rows.patched(("variables", scope), [inherited, declarations])


def _inherited(rows: LintRows, stage: Stage) -> Hashable:
    return rows.prelude, rows.bases(stage)


def _root_image(rows: LintRows, scope: Scope) -> list[Hashable]:
    return rows.per_stage(scope, _root_image_of, None)


def _root_image_of(_rows: LintRows, stage: Stage) -> Hashable:
    image = stage.root_image
    return ("root", None) if image is None else ("root", image.raw, image.resolved, image.unresolved)


def _ships(rows: LintRows, scope: Scope) -> list[Hashable]:
    return rows.per_stage(scope, _ships_from, True)


def _ships_from(rows: LintRows, stage: Stage) -> Hashable:
    """True for a stage that ships, False for a builder nothing takes files from; else what
    ``ships`` reads to follow the files of an instruction of the builder: its text and that of
    the stages that take them, with their bases, whether they ship, and the global ARGs their
    ``COPY --from`` paths may use."""
    ships, indexes = rows.by_layout(("dependents ship", stage.index), partial(_dependents_ship, rows, stage))
    if ships[0] or len(indexes) == 1:  # it ships, or nothing takes its files
        return ships[0]
    stages = rows.analysis.stages
    return rows.prelude, ships, rows.picked(indexes), tuple(rows.bases(stages[i]) for i in indexes)


def _dependents_ship(rows: LintRows, stage: Stage) -> tuple[tuple[bool, ...], list[int]]:
    """Whether ``stage`` and each stage holding its files ship (``stage_ships``), and their indexes."""
    stages = [stage, *rows.dependents(stage)]
    return tuple(stage_ships(rows.analysis, s) for s in stages), [s.index for s in stages]


def _continued_outside(rows: LintRows, scope: Scope) -> list[Hashable]:
    """Each row's ``continued_outside``. Whether a row reads lines outside it at all, its own
    parse decides (a continuation above its keyword, a last line that may end with the escape
    character): an instruction row the parse kept from the last lint (``_kept``) that read none
    then reads none now, so only the edited rows and the few that read some are read again, and
    a column equal to the last lint's is that column (``registered``: no row changed)."""
    spans, dockerfile = rows.spans[scope], rows.dockerfile
    old = rows._last_dockerfile
    last = rows._last_columns.get((scope, Fact.CONTINUED_OUTSIDE))
    if scope is Scope.STAGE or old is None or last is None or len(last) != len(old.instructions):
        return continued_outside(dockerfile, spans)
    head, tail = rows._kept
    edited = continued_outside(dockerfile, spans[head : len(spans) - tail])
    found: list[Hashable] = [*last[:head], *edited, *last[len(last) - tail :]]
    if last[:head].count(None) + last[len(last) - tail :].count(None) != head + tail:
        for i in [*range(head), *range(len(found) - tail, len(found))]:  # a kept row reading lines outside it
            if found[i] is not None:
                found[i] = continued_outside(dockerfile, spans[i : i + 1])[0]
    return last if found == last else found


#: How each fact is read for a row (an instruction or a stage).
FACTS: dict[Fact, Callable[[LintRows, object], Hashable]] = {
    Fact.GLOBAL_ARGS: lambda rows, _row: rows.prelude,
    Fact.BASE_STAGES: _base_stages,
    Fact.STAGE_NAMES: lambda rows, _row: rows.stage_names,
    Fact.SHIPPED: _shipped,
    Fact.COPIED_STAGES: _copied_stages,
    Fact.DEPENDENT_STAGES: _dependent_stages,
    # facts of the rules that were file-wide until these facts were read (SZ502, SZ702, SZ703, SZ803...)
    Fact.GLOBAL_ARG_USES: lambda rows, _row: rows.global_arg_uses,
    Fact.DECLARED_NAMES: lambda rows, _row: rows.declared_names,
    Fact.COPIED_CHAINS: _copied_chains,
    Fact.DEPENDENT_CHAINS: _dependent_chains,
    Fact.FINAL_STAGE: _final_stage,
    # facts of the whole-file rules made stage-scoped (SZ808...)
    Fact.VARIABLE_NAMES: lambda rows, _row: rows.variable_names,
    # facts of the build-context rules (SZ304...)
    Fact.BUILD_CONTEXT: lambda rows, _row: rows.lint.context_fact,
    Fact.ROW_LINE: lambda _rows, row: (
        row.start_line if isinstance(row, Instruction) else row.instructions[0].start_line
    ),
}

#: The facts in ``FACTS`` whose value for a row is its stage's (each read takes a stage for its
#: row) and is made of what the layout of the stages decides and of the tokens of stages taken
#: through ``LintRows.picked`` and ``LintRows.bases``: read once per stage, and kept from the
#: last lint for the stages an edit of text the layout does not read did not reach
#: (``LintRows.reached_stages``).
PER_STAGE_FACTS = frozenset(
    (
        Fact.BASE_STAGES,
        Fact.SHIPPED,
        Fact.COPIED_STAGES,
        Fact.DEPENDENT_STAGES,
        Fact.COPIED_CHAINS,
        Fact.DEPENDENT_CHAINS,
        Fact.FINAL_STAGE,
    )
)


def _picker(places: list[int]) -> Callable[[list[object]], tuple[object, ...]]:
    """What takes the entries at ``places`` of a list, in order, as a tuple."""
    if len(places) > 1:
        return itemgetter(*places)
    if places:
        return partial(_one, places[0])
    return _none


def _one(place: int, values: list[object]) -> tuple[object, ...]:
    return (values[place],)


def _none(_values: list[object]) -> tuple[object, ...]:
    return ()


def _projected_bases(rows: LintRows, stage: Stage) -> tuple[Hashable, list[Stage]]:
    """``_base_stages`` with the projections of the stages in place of their text: the stages."""
    return None, rows.base_lists[stage.index]


def _projected_dependents(rows: LintRows, stage: Stage) -> tuple[Hashable, list[Stage]]:
    """``_dependent_stages`` with the projections of the stages in place of their text: whether
    each ships, and the stages."""
    dependents = rows.dependents(stage)
    return tuple(id(s) in rows.shipped for s in dependents), dependents


def _projected_dependent_chains(rows: LintRows, stage: Stage) -> tuple[Hashable, list[Stage]]:
    """``_dependent_chains`` with the projections of the stages in place of their text: the stages."""
    stages = rows.analysis.stages
    return None, [stages[i] for i in rows.dependent_chain_indexes(stage)]


def _projected_final_stage(rows: LintRows, stage: Stage) -> tuple[Hashable, list[Stage]]:
    """``_final_stage`` with the projections of the final stage's chain in place of its text:
    for a stage that ships, the final stage's index and the text above its FROM, and the chain."""
    final = rows.analysis.final_stage
    if final is None or id(stage) not in rows.shipped:
        return None, []
    return (final.index, rows.text_above_final_from), sorted(final.chain, key=attrgetter("index"))


#: The facts in ``FACTS`` whose value is the same for every row (each read ignores its row): read
#: once per lint for all the rows (``LintRows._uniform_column``).
ROW_INDEPENDENT_FACTS = frozenset(
    (
        Fact.GLOBAL_ARGS,
        Fact.STAGE_NAMES,
        Fact.GLOBAL_ARG_USES,
        Fact.DECLARED_NAMES,
        Fact.VARIABLE_NAMES,
        Fact.BUILD_CONTEXT,
    )
)


#: The facts naming other stages whose text a stage rule reading only some commands reads as it
#: reads its own stage's: their projections stand for it. Each gives what the fact holds besides
#: them, and the stages (``LintRows.projected_reads``).
PROJECTED_FACTS: dict[Fact, Callable[[LintRows, Stage], tuple[Hashable, list[Stage]]]] = {
    Fact.BASE_STAGES: _projected_bases,
    Fact.DEPENDENT_STAGES: _projected_dependents,
    Fact.DEPENDENT_CHAINS: _projected_dependent_chains,
    Fact.FINAL_STAGE: _projected_final_stage,
}

#: The facts only the layout of the stages decides (``LintRows.by_layout``): not the text after
#: the flags of an instruction of ``TEXT_OUTSIDE_LAYOUT``, nor where the rows stand.
LAYOUT_FACTS = frozenset(
    (
        Fact.SHELL,
        Fact.GLOBAL_ARGS,
        Fact.STAGE_NAMES,
        Fact.SHIPPED,
        Fact.DECLARED_NAMES,
        Fact.VARIABLE_NAMES,
        Fact.ROOT_IMAGE,
    )
)

#: The facts read for all the rows of a scope at once (the shell, the stage context of an instruction).
COLUMNS: dict[Fact, Callable[[LintRows, Scope], list[Hashable]]] = {
    Fact.SHELL: _shells,
    Fact.VARIABLES: _variables,
    Fact.ROOT_IMAGE: _root_image,
    Fact.SHIPS: _ships,
    # facts of the stage rules made instruction-scoped (SZ803...)
    Fact.CONTINUED_OUTSIDE: _continued_outside,
}


class FindingsMemo:
    """The remembered findings of one document. Forgotten when the configuration or path changes."""

    def __init__(self) -> None:
        self._rows: dict[Group, RowEntries[Entry]] = {}  # by group, its rows' entries
        self._used: set[Group] = set()  # the groups the current lint asked for
        #: by group of projected rows, the remembered findings (``Placed``) of the row keys the last
        #: lints used (its ``table``): an erase or an undo finds a stage's findings from before the edit
        self._placed: dict[Group, RowEntries[Placed]] = {}
        #: by group of projected rows, the findings where the last lint's rows (``_placed``'s
        #: ``keys``) stood, one list per row
        self._placed_at: dict[Group, list[list[Violation]]] = {}
        self._owner: tuple[int, str | None] | None = None
        self._unscoped: set[str] = set()  # rules linted whole in this document
        self._tokens = Tokens()
        self._last_lint = LastLint()
        self._projections = Projections(self._tokens.of)
        #: the last ``plan``: the rules it was asked about, the rules linted whole then, its answer
        self._plan: tuple[Sequence[Rule], frozenset[str], tuple[list[Rule], list[list[Rule]]]] | None = None
        #: by the id of each group of rules the last ``plan`` handed out, the group and its
        #: ``_description``
        self._described: dict[
            int, tuple[Sequence[Rule], tuple[Group, Scope, tuple[Fact, ...], CommandReads | None]]
        ] = {}
        #: what the engine keeps of the last lint's order of its findings (``engine._LastOrder``):
        #: per document, and used by one lint at a time, as the memo is
        self.last_order: object = None

    def __len__(self) -> int:
        return sum(map(len, self._placed.values())) + sum(map(len, self._rows.values()))

    def begin(self, lint: LintFacts) -> LintRows:
        """A new lint: entries not used by the last lint are dropped (all of them if the
        configuration object or the path is not the last lint's)."""
        owner = (id(lint.config), lint.path)
        if owner != self._owner:
            self._placed, self._rows, self._unscoped, self._owner = {}, {}, set(), owner
            self._placed_at = {}
        self._rows = {group: entries for group, entries in self._rows.items() if group in self._used}
        self._placed = {group: entries for group, entries in self._placed.items() if group in self._used}
        self._placed_at = {group: moved for group, moved in self._placed_at.items() if group in self._used}
        self._used = set()
        self._tokens.next_lint()
        self._projections.next_lint()
        return LintRows(lint, self._tokens, self._last_lint, self._projections)

    def remembers(self, rule: Rule) -> bool:
        """Whether ``rule``'s findings go through the memo."""
        return rule.meta.scope is not Scope.FILE and rule.code not in self._unscoped

    def plan(self, rules: Sequence[Rule]) -> tuple[list[Rule], list[list[Rule]]]:
        """The rules of ``rules`` linted whole, and the others in the groups whose findings go
        through the memo (``grouped``). The same answer object for the same list of rules (a
        selection's, which never changes) while no rule is linted whole since: worked out once
        for the lints of a document, not for every keystroke."""
        last = self._plan
        if last is not None and last[0] is rules and last[1] == self._unscoped:
            return last[2]
        whole = [rule for rule in rules if not self.remembers(rule)]
        answer = whole, grouped(rule for rule in rules if self.remembers(rule))
        self._described = {id(group): (group, _description(group)) for group in answer[1]}
        self._plan = rules, frozenset(self._unscoped), answer
        return answer

    def findings(self, rules: Sequence[Rule], rows: LintRows, run: RunRule) -> list[Violation] | None:
        """The findings of ``rules`` (one scope, one ``reads``): remembered ones moved into place,
        the rules run on the rows with no remembered answer. None when they cannot be
        remembered here: the caller lints them whole (from then on, after a finding outside
        every row or a rule that raised). The rows before the edit have the last lint's
        findings, and the rows after it those a recent lint handed out where they stand now,
        when one did (``RecentOutputs``): both are parts of the lists those lints handed out,
        so the list is the memo's, to be read and not changed."""
        group, scope, reads, commands = self.described(rules)
        keys = rows.keys(scope, reads, commands)
        if not keys:  # a file without FROM has no stages: its findings belong to no row
            return None
        if commands is not None:
            return self._projected_findings(rules, group, keys, rows, run)
        remembered = _entries_of(self._rows, group)
        self._used.add(group)
        entries, looked, head = remembered.recall(keys, rows.key_changes(keys))
        missing = [i for i in looked if entries[i] is None]
        if missing:
            fresh = self._run(rules, rows, scope, missing, len(keys), run)
            if fresh is None:
                self._unscoped.update(r.code for r in rules)
                return None
            for i, entry in fresh.items():
                entries[i] = entry
        outputs = remembered.outputs
        if outputs is None:
            outputs = remembered.outputs = RecentOutputs(_start_of)
            head = 0
        spans = rows.spans[scope]
        settled = min(head, rows.unmoved(scope))  # the last lint's rows, where it had them
        found = outputs.head(settled, spans)
        after = max(settled, looked[-1] + 1) if looked else settled  # the rows after the looked-up ones
        block = outputs.tail(keys, spans, after)
        end = len(keys) if block is None else after
        for i in compress(range(settled, end), entries[settled:end]):  # the other rows with findings
            start, _end, line = spans[i]
            at, at_line, findings = entries[i]  # compress kept the non-empty ones
            if at != start or at_line != line:  # moved: a recent lint's entry there, or copies there
                moved = entries[i] = remembered.moved(keys[i], entries[i], (at, at_line), (start, line), _entry_moved)
                findings = moved[2]  # type: ignore[misc]
            found.extend(findings)
        if block is not None:
            found.extend(block)
        remembered.keep(keys, entries, looked)  # type: ignore[arg-type]
        outputs.add(keys, spans, found)
        return found

    def described(self, rules: Sequence[Rule]) -> tuple[Group, Scope, tuple[Fact, ...], CommandReads | None]:
        """``_description`` of ``rules``: worked out once for a group ``plan`` handed out, which the
        lints of the document ask about until the plan changes."""
        found = self._described.get(id(rules))
        return found[1] if found is not None and found[0] is rules else _description(rules)

    def _projected_findings(
        self, rules: Sequence[Rule], group: Group, keys: list[Hashable], rows: LintRows, run: RunRule
    ) -> list[Violation] | None:
        """``findings`` for stage rules that read only some commands: a row's key is its
        projection, so its text may have changed since its findings were found; each is
        remembered with the row's layout then (``Placed``) and moved with its instruction
        (``relocation``), the row re-run when a place is ambiguous. A key is looked up among the
        rows of the last lints (``RowEntries.recall``): an erase back to an earlier text finds it."""
        self._used.add(group)
        remembered = _entries_of(self._placed, group)
        last_moved = self._placed_at.get(group)  # the last lint's findings where its rows stood
        placed, looked, _head = remembered.recall(keys, rows.key_changes(keys))
        if last_moved is not None and len(last_moved) == len(keys):
            moved = list(last_moved)
            moving: Iterable[int] = sorted({*looked, *self._moved_rows(rows, last_moved)})
        else:
            moved, moving = [[]] * len(keys), range(len(keys))
        missing = [i for i in moving if not self._placed_now(placed, i, rows, moved)]
        if missing:
            fresh = self._run(rules, rows, Scope.STAGE, missing, len(keys), run)
            if fresh is None:
                self._unscoped.update(r.code for r in rules)
                return None
            for i, entry in fresh.items():
                placed[i] = Placed(rows, i, entry)
                moved[i] = list(entry[2]) if entry else []
        remembered.keep(keys, placed, missing)  # type: ignore[arg-type]  # the others' are in its table
        self._placed_at[group] = moved
        return list(chain.from_iterable(moved))

    @staticmethod
    def _moved_rows(rows: LintRows, last_moved: list[list[Violation]]) -> Iterable[int]:
        """The stage rows that had findings in the last lint and may have moved since (after
        the rows that stand where they stood: ``LintRows.unmoved``)."""
        settled = rows.unmoved(Scope.STAGE)
        return compress(count(settled), last_moved[settled:])

    @staticmethod
    def _placed_now(placed: list[Placed | None], row: int, rows: LintRows, moved: list[list[Violation]]) -> bool:
        """Sets ``moved[row]`` to ``row``'s remembered findings (``placed[row]``) where the row now
        stands; False when it has none remembered or a place is ambiguous."""
        entry = placed[row]
        found = None if entry is None else entry.moved_to(rows, row)
        if found is None:
            return False
        moved[row] = found
        return True

    @staticmethod
    def _run(
        rules: Sequence[Rule], rows: LintRows, scope: Scope, missing: list[int], count: int, run: RunRule
    ) -> dict[int, Entry] | None:
        """The entries of the ``missing`` rows (of ``count``), from running ``rules`` on them."""
        view = rows.lint if len(missing) == count else rows.restricted_to(scope, missing)
        by_row: dict[int, list[Violation]] = {i: [] for i in missing}
        for rule in rules:
            try:
                fresh = run(rule, view)
            except Exception:  # the engine lints it whole and reports the failure
                return None
            for v in fresh:
                index = rows.row_at(scope, v)
                if index is None:
                    return None
                if index in by_row:  # a finding about another row is the remembered one
                    by_row[index].append(v)
        spans = rows.spans[scope]
        return {i: (spans[i][0], spans[i][2], tuple(found)) if found else () for i, found in by_row.items()}


#: how many copies of a stage row's findings its ``Placed`` keeps: those moved with the row, and
#: (as many again) those relocated into other texts of the row
PLACED_KEPT = 4


class Placed:
    """A stage row's remembered findings (an ``Entry``: where the row stood when they were found,
    and the findings there) with the row's layout then (None without findings), the token of
    its text then, the copies of them the latest lints made where the row had moved (by how far
    it had moved: ``_copies_moved``), and those they made where the row's text had changed (by
    the token of its text and where it stood: ``_relocated``)."""

    __slots__ = ("entry", "layout", "token", "moves", "relocations")

    def __init__(self, rows: LintRows, row: int, entry: Entry) -> None:
        self.entry = entry
        self.layout = None
        self.token = None
        self.moves: dict[tuple[int, int], list[Violation]] = {}
        self.relocations: dict[tuple[object, int, int], list[Violation]] | None = None
        if entry:
            self.layout = rows.layout(row)
            self.token = rows.row_tokens(Scope.STAGE)[row]

    def moved_to(self, rows: LintRows, row: int) -> list[Violation] | None:
        """The findings where stage row ``row`` of ``rows`` now has them; None when a place
        is ambiguous."""
        if self.layout is None:
            return []
        at, at_line, findings = self.entry  # a layout is kept only with findings
        start, _end, line = rows.spans[Scope.STAGE][row]
        token = rows.row_tokens(Scope.STAGE)[row]
        if token is not self.token:
            now = (token, start, line)
            kept = self.relocations
            if kept is not None and now in kept:
                return list(kept[now])
            if rows.layout(row).texts != self.layout.texts:  # edited (the text between them is in the key)
                return self._relocated(rows.relocation(self.layout, row), now)
        if start == at and line == at_line:  # not moved: the same findings
            return list(findings)
        return self._copies_moved(start - at, line - at_line)

    def _copies_moved(self, by: int, lines: int) -> list[Violation]:
        """The findings moved by ``by`` characters and ``lines`` lines: the copies a lint made for
        the same move while it is among the latest kept (a copy depends on the finding and the
        move alone), so that an erase or an undo, which puts the row back where it stood a few
        lints ago, hands those back instead of copying again; else new copies."""
        found = self.moves.get((by, lines))
        if found is None:
            found = [_moved(v, by, lines) for v in self.entry[2]]  # type: ignore[misc]
            put_latest(self.moves, (by, lines), found, PLACED_KEPT)
        return list(found)

    def _relocated(self, relocation: Relocation, now: tuple[object, int, int]) -> list[Violation] | None:
        """The findings where ``relocation`` (from this row's layout) has them; None when a place
        is ambiguous. Kept for the next lints by ``now``: the token of the row's text and where
        the row stands. The token stands for the row's text, its index and its lead with the
        file's facts, which with the row's start and line decide where each of its instructions
        stands and what it holds, so where the findings go: typing a word and erasing it gives
        the row texts it had a few lints ago, and their findings are handed back instead of
        placed again."""
        found = []
        for v in self.entry[2]:  # type: ignore[misc]
            placed = relocation.violation(v)
            if placed is None:
                return None
            found.append(placed)
        if self.relocations is None:
            self.relocations = {}
        put_latest(self.relocations, now, found, PLACED_KEPT)
        return list(found)


def _entries_of(groups: dict[Group, RowEntries[T]], group: Group) -> RowEntries[T]:
    """The entries ``groups`` has for ``group``: new ones the first time it is asked for."""
    found = groups.get(group)
    if found is None:
        found = groups[group] = RowEntries()
    return found


#: where a finding starts (``RecentOutputs``)
_start_of = attrgetter("span.start")


def _entry_moved(entry: Entry, place: tuple[int, int]) -> Entry:
    """``entry``'s findings copied to where their row now stands (``place``: its start and line)."""
    at, at_line, findings = entry  # type: ignore[misc]
    start, line = place
    return start, line, tuple([_moved(v, start - at, line - at_line) for v in findings])


def _moved(v: Violation, by: int, lines: int) -> Violation:
    """A copy of ``v`` with every offset moved by ``by`` characters and its line by ``lines`` (the
    lints that reported ``v`` keep it as it was)."""
    moved = copied(v)
    if by:
        moved.span = v.span.moved(by)
        fix = v.fix
        if fix is not None:
            edits = tuple([Edit(e.span.moved(by), e.text) for e in fix.edits])
            moved.fix = Fix(fix.title, fix.applicability, edits)  # as dataclasses.replace, faster
        if v.related:
            moved.related = tuple(Related(r.span.moved(by), r.message) for r in v.related)
    if lines and v.instruction_line is not None:
        moved.instruction_line = v.instruction_line + lines
    return moved


def _description(rules: Sequence[Rule]) -> tuple[Group, Scope, tuple[Fact, ...], CommandReads | None]:
    """A group's name (its rules' codes, which say its scope and reads too), scope, reads and
    command reads."""
    meta = rules[0].meta
    return ",".join(r.code for r in rules), meta.scope, meta.reads, command_reads(meta)


def command_reads(meta: RuleMeta) -> CommandReads | None:
    """What a stage rule declares it reads of RUNs' commands (None: all of them)."""
    return None if meta.reads_commands is None else CommandReads(meta.reads_commands, meta.reads_runs)


def grouped(rules: Iterable[Rule]) -> list[list[Rule]]:
    """``rules`` in groups of one scope, one ``reads`` and one ``command_reads``, in first-seen order."""
    groups: dict[tuple[Scope, tuple[Fact, ...], CommandReads | None], list[Rule]] = {}
    for rule in rules:
        groups.setdefault((rule.meta.scope, rule.meta.reads, command_reads(rule.meta)), []).append(rule)
    return list(groups.values())
