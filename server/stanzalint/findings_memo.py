"""Findings of scoped rules, remembered across the lints of one document.

A rule declared ``Scope.INSTRUCTION`` or ``Scope.STAGE`` (``rules.base``) reports, about one
instruction or one stage (a *row*; for stage-scoped rules the instructions before the first FROM
are a row too), what the row's text and the facts it ``reads`` decide. Rules
with the same scope and reads form a group; the memo keeps, for each row key of a group (escape
character, line break, row text, a stage's index, the facts read), the group's findings about that row,
relative to the row's start. The next lint of the document runs the group only on the rows
whose key is new (through ``stanzalint.partial``'s views) and moves the remembered findings to
where their rows now stand: one lookup per row and group.

A finding that does not lie inside one row (with its fix and related places) cannot be moved
with a row: its rule is then linted whole for the rest of the document's life, as is a rule
that raises on a partial view. An entry lives while the last lint or the one before used it
(an undo finds the text before the edit), so memory follows the document's size, not its
history; the memo belongs to one open document and goes when it closes. The CLI lints
without one.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Hashable, Iterable, Sequence
from typing import Callable

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.findings import Edit, Related, Violation
from stanzalint.partial import restricted
from stanzalint.rules.base import Fact, Rule, Scope
from stanzalint.rules.toolkit.shipped import stage_ships
from stanzalint.rules.toolkit.stages import from_values
from stanzalint.syntax.model import Dockerfile, Instruction, Span

#: A group of rules remembered together: their codes, comma-separated.
Group = str

#: What is remembered for one row: (rule code, its findings about the row, relative), only for
#: the codes that found something.
Entry = tuple[tuple[str, tuple[Violation, ...]], ...]

#: Runs one rule over a (possibly partial) parse and analysis; raises what the rule raises.
RunRule = Callable[[Rule, Dockerfile, Analysis], list[Violation]]


class Prelude:
    """The instructions before the first FROM, a row of their own among the stages."""

    def __init__(self, instructions: list[Instruction]) -> None:
        self.instructions = instructions


class LintRows:
    """One lint's rows (its instructions; its stages, after the prelude when there is one),
    their text and facts, computed once."""

    def __init__(self, dockerfile: Dockerfile, analysis: Analysis) -> None:
        self.dockerfile = dockerfile
        self.analysis = analysis
        self._keys: dict[tuple[Scope, tuple[Fact, ...]], list[Hashable]] = {}
        self._fact_values: dict[tuple[Scope, Fact], list[Hashable]] = {}
        self._stage_texts: dict[int, str] = {}
        self._texts: dict[Scope, list[Hashable]] = {}
        self._copied: dict[int, list[Stage]] = {}
        self._dependents: dict[int, list[Stage]] | None = None
        self._stage_context: dict[tuple[Fact, int], Hashable] = {}
        self._declarations_before: dict[int, tuple[str, ...]] | None = None
        stages = analysis.stages
        text = dockerfile.text
        first = stages[0].from_instruction.span.start if stages else len(text) + 1
        prelude = [ins for ins in dockerfile.instructions if ins.span.start < first]
        units: list = ([Prelude(prelude)] if prelude and stages else []) + list(stages)
        self.objects: dict[Scope, Sequence] = {Scope.INSTRUCTION: dockerfile.instructions, Scope.STAGE: units}
        self.spans: dict[Scope, list[tuple[int, int, int]]] = {
            Scope.INSTRUCTION: [(i.span.start, i.span.end, i.start_line) for i in dockerfile.instructions],
            Scope.STAGE: [
                (u.instructions[0].span.start, u.instructions[-1].span.end, u.instructions[0].start_line) for u in units
            ],
        }
        self._stage_spans = [(s.instructions[0].span.start, s.instructions[-1].span.end) for s in stages]
        self.starts = {scope: [start for start, _end, _line in spans] for scope, spans in self.spans.items()}
        self.prelude = text[: stages[0].instructions[0].span.start] if stages else text
        self.stage_names = tuple(s.name for s in stages)
        self.shipped = {id(s) for s in analysis.shipped_stages()}
        #: what every key holds besides the row: the escape character, and the line break fixes
        #: insert (CRLF when the file uses it anywhere)
        self.file_facts = dockerfile.escape, "\r\n" in text

    def stage_text(self, stage: Stage) -> str:
        found = self._stage_texts.get(stage.index)
        if found is None:
            start, end = self._stage_spans[stage.index]
            found = self._stage_texts[stage.index] = self.dockerfile.text[start:end]
        return found

    def keys(self, scope: Scope, reads: tuple[Fact, ...]) -> list[Hashable]:
        """Each row's key for rules of ``scope`` that read ``reads``: the row's text (and a
        stage's index), the file's facts and the facts read."""
        found = self._keys.get((scope, reads))
        if found is None:
            texts = self.texts(scope)
            columns = [self.fact_values(scope, fact) for fact in reads]
            facts = zip(*columns) if columns else [()] * len(texts)
            file_facts = self.file_facts
            found = self._keys[(scope, reads)] = [(file_facts, text, read) for text, read in zip(texts, facts)]
        return found

    def fact_values(self, scope: Scope, fact: Fact) -> list[Hashable]:
        """Each row's value of ``fact``, read once per lint for every group that reads it."""
        found = self._fact_values.get((scope, fact))
        if found is None:
            read = FACTS[fact]
            found = self._fact_values[(scope, fact)] = [read(self, row) for row in self.objects[scope]]
        return found

    def texts(self, scope: Scope) -> list[Hashable]:
        """Each row's own part of its key: an instruction's text; a stage's index and text."""
        found = self._texts.get(scope)
        if found is None:
            if scope is Scope.STAGE:
                found = [
                    (unit.index, self.stage_text(unit))
                    if isinstance(unit, Stage)
                    else ("prelude", self.dockerfile.text[start:end])
                    for unit, (start, end, _line) in zip(self.objects[scope], self.spans[scope])
                ]
            else:
                text = self.dockerfile.text
                found = [text[start:end] for start, end, _line in self.spans[scope]]
            self._texts[scope] = found
        return found

    def copied(self, stage: Stage) -> list[Stage]:
        """The stages ``stage``'s ``--from`` flags may name."""
        found = self._copied.get(stage.index)
        if found is None:
            found = self._copied[stage.index] = [
                source
                for ins in stage.instructions
                for node in (ins, ins.inner)
                if node is not None and node.flags
                for value in from_values(node)
                for source in self.analysis.stages_matching(value, node)
            ]
        return found

    def dependents(self, stage: Stage) -> list[Stage]:
        """The stages that hold or take ``stage``'s files: built FROM it or copying from it, and
        so on down (what decides whether its files reach the image)."""
        if self._dependents is None:
            direct: dict[int, list[Stage]] = {s.index: [] for s in self.analysis.stages}
            for other in self.analysis.stages:
                for source in {
                    id(s): s for s in [other.base_stage] + other.base_candidates + self.copied(other) if s is not None
                }.values():
                    if source is not other:
                        direct[source.index].append(other)
            self._dependents = {s.index: _reachable(s, direct) for s in self.analysis.stages}
        return self._dependents.get(stage.index, [])

    def stage_context(self, fact: Fact, stage: Stage, read: Callable[[LintRows, Stage], Hashable]) -> Hashable:
        """``read(self, stage)``, the value of ``fact`` for every instruction of ``stage``, read
        once per stage and lint."""
        key = (fact, stage.index)
        found = self._stage_context.get(key, self)
        if found is self:
            found = self._stage_context[key] = read(self, stage)
        return found

    def bases(self, stage: Stage) -> Hashable:
        """The index and text of the stages ``stage`` is built on (or may be)."""
        bases = stage.chain[1:] + [s for s in stage.base_candidates if s is not stage]
        return tuple((s.index, self.stage_text(s)) for s in bases)

    def declarations_before(self, ins: Instruction) -> tuple[str, ...]:
        """The text of the ARG and ENV instructions before ``ins`` in its stage (before the first
        FROM: in the file), in order; made for the whole file at once, the tuple shared by the
        instructions between two declarations."""
        if self._declarations_before is None:
            found: dict[int, tuple[str, ...]] = {}
            before: tuple[str, ...] = ()
            for other, text in zip(self.dockerfile.instructions, self.texts(Scope.INSTRUCTION)):
                if other.keyword == "FROM":
                    before = ()
                found[id(other)] = before
                if other.keyword in ("ARG", "ENV"):
                    before = (*before, text)
            self._declarations_before = found
        return self._declarations_before.get(id(ins), ())

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

    def restricted_to(self, scope: Scope, rows: Sequence[int]):
        """The parse and analysis seen through ``rows`` of ``scope``."""
        if scope is Scope.STAGE:
            units = [self.objects[scope][i] for i in rows]
            stages = [unit for unit in units if isinstance(unit, Stage)]
            instructions = [ins for unit in units for ins in unit.instructions]
        else:
            instructions = [self.dockerfile.instructions[i] for i in rows]
            seen = {id(self.analysis.stage_of(ins)) for ins in instructions}
            stages = [s for s in self.analysis.stages if id(s) in seen]
        return restricted(self.dockerfile, self.analysis, instructions, stages)


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
    analysis = rows.analysis
    first = row if isinstance(row, Instruction) else row.instructions[0]
    inner = first.inner if isinstance(first, Instruction) and first.inner is not None else None
    return (
        tuple(analysis.shell_of(first)),
        tuple(analysis.shell_of(inner)) if inner is not None else None,
        analysis.shell_pragma,
    )


def _base_stages(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    if stage is None:
        return None
    bases = stage.chain[1:] + [s for s in stage.base_candidates if s is not stage]
    return tuple((s.index, rows.stage_text(s)) for s in bases)


def _shipped(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return stage is not None and stage is rows.analysis.final_stage, id(stage) in rows.shipped


def _copied_stages(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return None if stage is None else tuple((s.index, rows.stage_text(s)) for s in rows.copied(stage))


def _dependent_stages(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    if stage is None:
        return None
    return tuple((s.index, rows.stage_text(s), id(s) in rows.shipped) for s in rows.dependents(stage))


# -- the stage context of an instruction (for a stage row: of its FROM) -------------------------


def _variables(rows: LintRows, row) -> Hashable:
    """What the ARG and ENV in effect are made of: the global ARGs, the stages it is built on,
    the stage's ARG and ENV instructions before the row."""
    stage = rows.stage_of(row)
    first = row if isinstance(row, Instruction) else row.instructions[0]
    inherited = None if stage is None else rows.stage_context(Fact.VARIABLES, stage, LintRows.bases)
    return rows.prelude, inherited, rows.declarations_before(first)


def _root_image(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return None if stage is None else rows.stage_context(Fact.ROOT_IMAGE, stage, _root_image_of)


def _root_image_of(_rows: LintRows, stage: Stage) -> Hashable:
    image = stage.root_image
    return ("root", None) if image is None else ("root", image.raw, image.resolved, image.unresolved)


def _ships(rows: LintRows, row) -> Hashable:
    stage = rows.stage_of(row)
    return True if stage is None else rows.stage_context(Fact.SHIPS, stage, _ships_from)


def _ships_from(rows: LintRows, stage: Stage) -> Hashable:
    """True for a stage that ships, False for a builder nothing takes files from; else what
    ``ships`` reads to follow the files of an instruction of the builder: its text and that of
    the stages that take them, with their bases, whether they ship, and the global ARGs their
    ``COPY --from`` paths may use."""
    analysis = rows.analysis
    if stage_ships(analysis, stage):
        return True
    dependents = rows.dependents(stage)
    if not dependents:
        return False
    return rows.prelude, tuple(
        (s.index, rows.stage_text(s), stage_ships(analysis, s), rows.bases(s)) for s in [stage, *dependents]
    )


#: How each fact is read for a row (an instruction or a stage).
FACTS: dict[Fact, Callable[[LintRows, object], Hashable]] = {
    Fact.SHELL: _shell,
    Fact.GLOBAL_ARGS: lambda rows, _row: rows.prelude,
    Fact.BASE_STAGES: _base_stages,
    Fact.STAGE_NAMES: lambda rows, _row: rows.stage_names,
    Fact.SHIPPED: _shipped,
    Fact.COPIED_STAGES: _copied_stages,
    Fact.DEPENDENT_STAGES: _dependent_stages,
    # the stage context of an instruction
    Fact.VARIABLES: _variables,
    Fact.ROOT_IMAGE: _root_image,
    Fact.SHIPS: _ships,
}


class FindingsMemo:
    """The remembered findings of one document. Forgotten when the configuration or path changes."""

    def __init__(self) -> None:
        self._current: dict[tuple[Group, Hashable], Entry] = {}
        self._previous: dict[tuple[Group, Hashable], Entry] = {}
        self._owner: tuple[int, str | None] | None = None
        self._unscoped: set[str] = set()  # rules linted whole in this document

    def __len__(self) -> int:
        return len(self._current) + len(self._previous)

    def begin(self, config: object, path: str | None, dockerfile: Dockerfile, analysis: Analysis) -> LintRows:
        """A new lint: entries not used by the last lint are dropped (all of them if the
        configuration object or the path is not the last lint's)."""
        owner = (id(config), path)
        if owner != self._owner:
            self._current, self._unscoped, self._owner = {}, set(), owner
        self._previous, self._current = self._current, {}
        return LintRows(dockerfile, analysis)

    def remembers(self, rule: Rule) -> bool:
        """Whether ``rule``'s findings go through the memo."""
        return rule.meta.scope is not Scope.FILE and rule.code not in self._unscoped

    def findings(self, rules: Sequence[Rule], rows: LintRows, run: RunRule) -> list[Violation] | None:
        """The findings of ``rules`` (one scope, one ``reads``): remembered ones moved into place,
        the rules run on the rows with no remembered answer. None when they cannot be
        remembered here: the caller lints them whole (from then on, after a finding outside
        every row or a rule that raised)."""
        scope, reads = rules[0].meta.scope, rules[0].meta.reads
        group = ",".join(r.code for r in rules)  # the codes say the scope and reads too
        keys = rows.keys(scope, reads)
        if not keys:  # a file without FROM has no stages: its findings belong to no row
            return None
        entries: list[Entry | None] = [self._entry((group, key)) for key in keys]
        missing = [i for i, entry in enumerate(entries) if entry is None]
        if missing:
            fresh = self._run(rules, rows, scope, missing, len(keys), run)
            if fresh is None:
                self._unscoped.update(r.code for r in rules)
                return None
            for i, entry in fresh.items():
                entries[i] = self._current[(group, keys[i])] = entry
        spans = rows.spans[scope]
        found: list[Violation] = []
        for i, entry in enumerate(entries):
            if entry:
                start, _end, line = spans[i]
                for _code, relative in entry:
                    found.extend(_moved(v, start, line) for v in relative)
        return found

    def _entry(self, key: tuple[Group, Hashable]) -> Entry | None:
        entry = self._current.get(key)
        if entry is None:
            entry = self._previous.get(key)
            if entry is not None:
                self._current[key] = entry
        return entry

    @staticmethod
    def _run(
        rules: Sequence[Rule], rows: LintRows, scope: Scope, missing: list[int], count: int, run: RunRule
    ) -> dict[int, Entry] | None:
        """The entries of the ``missing`` rows (of ``count``), from running ``rules`` on them."""
        if len(missing) == count:
            dockerfile, analysis = rows.dockerfile, rows.analysis
        else:
            dockerfile, analysis = rows.restricted_to(scope, missing)
        wanted = set(missing)
        spans = rows.spans[scope]
        by_row: dict[int, list[tuple[str, list[Violation]]]] = {i: [] for i in missing}
        for rule in rules:
            try:
                fresh = run(rule, dockerfile, analysis)
            except Exception:  # the engine lints it whole and reports the failure
                return None
            mine: dict[int, list[Violation]] = {}
            for v in fresh:
                index = rows.row_at(scope, v)
                if index is None:
                    return None
                if index in wanted:  # a finding about another row is the remembered one
                    start, _end, line = spans[index]
                    mine.setdefault(index, []).append(_moved(v, -start, -line))
            for index, relative in mine.items():
                by_row[index].append((rule.code, relative))
        return {i: tuple((code, tuple(found)) for code, found in pairs) for i, pairs in by_row.items()}


def _moved(v: Violation, by: int, lines: int) -> Violation:
    """A copy of ``v`` with every offset moved by ``by`` characters and its line by ``lines``
    (always a copy: the engine sets fields on the findings it is given)."""
    moved = object.__new__(Violation)  # as copy.copy, faster
    moved.__dict__.update(v.__dict__)
    if by:
        moved.span = _shift(v.span, by)
        if v.fix is not None:
            moved.fix = dataclasses.replace(v.fix, edits=tuple(Edit(_shift(e.span, by), e.text) for e in v.fix.edits))
        if v.related:
            moved.related = tuple(Related(_shift(r.span, by), r.message) for r in v.related)
    if lines and v.instruction_line is not None:
        moved.instruction_line = v.instruction_line + lines
    return moved


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by)


def grouped(rules: Iterable[Rule]) -> list[list[Rule]]:
    """``rules`` in groups of one scope and one ``reads``, in first-seen order."""
    groups: dict[tuple[Scope, tuple[Fact, ...]], list[Rule]] = {}
    for rule in rules:
        groups.setdefault((rule.meta.scope, rule.meta.reads), []).append(rule)
    return list(groups.values())
