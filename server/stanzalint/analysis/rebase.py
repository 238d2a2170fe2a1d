"""The stages after an edit, moved: the previous analysis' facts about them, at their new offsets.

A re-parse takes over the instructions after the edit from the previous parse, moved
(``syntax.model.MovedTail``). A stage made only of those instructions, whose base stages are
unchanged too (kept before the edit, or moved themselves), has the variable facts it had: its
walk reads nothing else (the global ARGs are unchanged, or nothing is kept at all). Its
declarations, references and ARG/ENV tables are then the previous ones with their instruction,
spans and stage index brought up to date: copied, not walked again (no scanning, no expansion).
Its instructions' scopes are made when a reader asks for one (``scope.MovedScopes``): the rules
ask about few of them. A stage built on a stage the edit changed is walked again.

Within the edited stage the same holds for the instructions after the changed ones, when the
walk stands there as it stood before them: neither the changed instructions nor those they
replaced declare a variable or set the SHELL. Only the changed instructions are then walked
(``rest_of_stage``); the facts of those after them are made when first read (``bring_rest``,
``PendingRest``), and a keystroke in the same place again moves them on unmade.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar, cast

from stanzalint.analysis.fact_list import facts_between
from stanzalint.analysis.model import (
    MOVED_SCOPES_LOCK,
    Analysis,
    Stage,
    VarDecl,
    VarRef,
    decl_start,
    first_declarations,
    instruction_place,
    instruction_start,
    ref_start,
)
from stanzalint.analysis.moved_facts import MovedVarDecl, MovedVarRef
from stanzalint.analysis.scope import History, MovedScopes, Scope, TableView
from stanzalint.syntax.model import Instruction, MovedTail
from stanzalint.syntax.moved import origin_and_delta

F = TypeVar("F", VarDecl, VarRef)  # a fact that names its instruction
FC = TypeVar("FC", MovedVarDecl, MovedVarRef)  # a moved copy of one

#: Instructions that change the variables or the SHELL of the instructions after them.
_STATEFUL = frozenset(("ARG", "ENV", "SHELL"))


@dataclass(frozen=True)
class StageFacts:
    """A stage's facts as the analysis that walked or last brought it has them: what a stage an
    edit only moved is made from. ``scopes`` are its instructions' scopes (their steps of the
    tables are read, not their tables)."""

    instructions: list[Instruction]
    decls: list[VarDecl]
    refs: list[VarRef]
    tables: tuple[TableView, TableView]  # the stage's final (ENV, ARG) tables
    scopes: list[Scope]

    @cached_property
    def first_declared(self) -> dict[str, int]:
        """Name -> where the first of ``decls`` declaring it starts, in the text they were
        walked in: kept with the facts, so a stage moved keeps its answer (``chars`` on)."""
        return first_declarations(self.decls)

    @cached_property
    def declared(self) -> list[tuple[str, str]]:
        """(name, kind) of each of ``decls``, in order: what readers of names and kinds only
        need, kept with the facts."""
        return [(decl.name, decl.kind) for decl in self.decls]


class PendingStage:
    """The facts of a stage an edit moved, still to be made: ``facts`` moved ``chars`` on. An
    analysis brings the stage (``bring``) when something first reads its declarations,
    references, scopes or tables; a stage moved again before that keeps ``facts`` and adds the
    distance, so nothing of the analyses in between is kept or copied."""

    __slots__ = ("facts", "chars")

    #: the facts are those of every instruction of the stage (``PendingRest``: of its last ones)
    whole_stage = True

    def __init__(self, facts: StageFacts, chars: int) -> None:
        self.facts = facts
        self.chars = chars

    def held(self, kind: str) -> int:
        """How many facts of ``kind`` (``decls`` or ``refs``) are still to be made."""
        return len(getattr(self.facts, kind))

    def first_of(self, instructions: list[Instruction]) -> int:
        """The number, among a stage's ``instructions``, of the first one the facts are of."""
        return len(instructions) - len(self.facts.instructions)

    def moved_on(self, chars: int) -> PendingStage:
        """The same facts, ``chars`` characters further on."""
        return PendingStage(self.facts, self.chars + chars)

    def walked_scope(self, instructions: list[Instruction], instruction: Instruction) -> Scope | None:
        """The scope the walk that made the facts gave ``instruction``, one of a stage's
        ``instructions`` (None when the facts are not of it): it sees the values the
        instruction's own scope would (a stage is moved, and a walk resumed, only where the
        variables stand as they stood), without the facts being made."""
        first = self.first_of(instructions)
        at = instruction_place(instructions, instruction, first)
        return None if at is None else self.facts.scopes[at - first]

    def bring(self, analysis: Analysis, stage: Stage) -> None:
        """Add the facts, moved, to ``analysis`` as those of ``stage`` (its base stage's are
        brought first: the moved tables stand on them); the caller holds ``MOVED_SCOPES_LOCK``."""
        facts = self.facts
        base_tables = analysis.final_tables(stage.base_stage) if stage.base_stage is not None else None
        instruction_of = {id(o): n for o, n in zip(facts.instructions, stage.instructions)}
        own: dict[int, VarDecl] = {}
        decls = moved_declarations(facts.decls, instruction_of, self.chars, stage.index, own)
        current = _CurrentDecls(analysis, stage, own)
        old_env, old_args = facts.tables
        env = _moved_history(old_env.history, base_tables[0] if base_tables else None, current)
        args = _moved_history(old_args.history, base_tables[1] if base_tables else None, current)
        analysis._moved_scopes[stage.index] = MovedScopes(facts.scopes, env, args)
        analysis._stage_tables[stage.index] = TableView(env, old_env.step), TableView(args, old_args.step)
        refs = moved_references(facts.refs, instruction_of, self.chars, current)
        analysis.add_brought_facts(stage, decls, refs)


class PendingRest(PendingStage):
    """The facts of the instructions after the changed ones in the stage an edit resumed, still to
    be made: ``facts`` (of the old stage's last instructions, the same number) moved ``chars``
    on, continuing the stage's (ENV, ARG) histories ``env`` and ``args``, which the walk of the
    changed instructions left standing where the old walk stood before them. An analysis makes
    the declarations, tables and scopes (``make_tables``) when something first reads one of
    those instructions' scopes or the stage's final tables, and the references too (``bring``)
    when something reads their facts; an edit further down the stage has the references of
    those before it made (``make_refs_before``) and moves on the facts of those after it
    (``tail``)."""

    __slots__ = ("env", "args", "copies", "earlier")

    whole_stage = False

    def __init__(
        self, facts: StageFacts, chars: int, env: History, args: History, earlier: dict[int, VarDecl] | None = None
    ) -> None:
        super().__init__(facts, chars)
        self.env = env
        self.args = args
        #: id(old declaration) -> its moved copy, once the declarations are made
        self.copies: dict[int, VarDecl] | None = None
        #: id(old declaration) -> the analysis' object, for the declarations of instructions
        #: before these that an earlier analysis made from a longer run of the same facts
        self.earlier = earlier if earlier is not None else _NO_DECLS

    def held(self, kind: str) -> int:
        """How many facts of ``kind`` (``decls`` or ``refs``) are still to be made."""
        return 0 if kind == "decls" and self.copies is not None else super().held(kind)

    def make_tables(self, analysis: Analysis, stage: Stage) -> None:
        """Add the declarations, moved, to ``analysis`` as those of ``stage``'s last
        instructions, the old tables' steps after the walk's to its histories, and those
        instructions' scopes, made when asked for (the caller holds ``MOVED_SCOPES_LOCK``)."""
        if self.copies is not None:
            return
        facts, env, args = self.facts, self.env, self.args
        first = self.first_of(stage.instructions)
        copies = self.copies = {}
        decls = moved_declarations(facts.decls, self._instruction_of(stage, first), self.chars, stage.index, copies)
        old_env, old_args = facts.tables
        _continue(env, old_env.history, self._current)
        _continue(args, old_args.history, self._current)
        analysis._moved_scopes[stage.index] = MovedScopes(facts.scopes, env, args, first)
        analysis._stage_tables[stage.index] = TableView(env, old_env.step), TableView(args, old_args.step)
        analysis.add_brought_facts(stage, decls, [], first)

    def bring(self, analysis: Analysis, stage: Stage) -> None:
        """``make_tables``, then add the references, moved (the caller holds
        ``MOVED_SCOPES_LOCK``)."""
        self.make_tables(analysis, stage)
        first = self.first_of(stage.instructions)
        refs = moved_references(self.facts.refs, self._instruction_of(stage, first), self.chars, self._current)
        analysis.add_brought_facts(stage, [], refs, first)

    def make_refs_before(self, analysis: Analysis, stage: Stage, offset: int) -> None:
        """Add the references, moved, of those of the instructions that start before ``offset``
        (``make_tables`` made: the caller holds ``MOVED_SCOPES_LOCK``); the analysis then holds
        the facts of the others still to be made."""
        instructions = stage.instructions
        first = self.first_of(instructions)
        end = bisect.bisect_left(instructions, offset, first, key=instruction_start)
        if end == len(instructions):
            self.bring(analysis, stage)
            del analysis._pending[stage.index]
            return
        rest = self.tail(len(instructions) - end)
        rest.copies = self.copies
        made = facts_between(self.facts.refs, ref_start, -1, rest.facts.instructions[0].span.start)
        refs = moved_references(made, self._instruction_of(stage, first), self.chars, self._current)
        analysis.add_brought_facts(stage, [], refs, first)
        analysis._pending[stage.index] = rest

    def tail(self, count: int) -> PendingRest:
        """The facts of the last ``count`` of the instructions (``count`` at most all of them),
        on the same tables."""
        facts = self.facts
        instructions = facts.instructions[len(facts.instructions) - count :]
        start = instructions[0].span.start  # in the text the facts were made of, as theirs
        tail = StageFacts(
            instructions=instructions,
            decls=facts.decls[bisect.bisect_left(facts.decls, start, key=decl_start) :],
            refs=facts.refs[bisect.bisect_left(facts.refs, start, key=ref_start) :],
            tables=facts.tables,
            scopes=facts.scopes[len(facts.scopes) - count :],
        )
        return PendingRest(tail, self.chars, self.env, self.args, self.earlier)

    def known_decls(self) -> dict[int, VarDecl]:
        """id(old declaration) -> the analysis' object, for every declaration of the facts made."""
        if not self.copies:
            return self.earlier
        return {**self.earlier, **self.copies} if self.earlier else self.copies

    def _instruction_of(self, stage: Stage, first: int) -> dict[int, Instruction]:
        """id(old instruction) -> the instruction of ``stage`` (from number ``first`` on) it is."""
        return {id(o): n for o, n in zip(self.facts.instructions, stage.instructions[first:])}

    def _current(self, decl: VarDecl) -> VarDecl:
        """The analysis' object for a declaration of the facts: its moved copy, or the one an
        earlier analysis made (``earlier``), or itself (those before the edited instructions are
        the analysis' objects: nothing between declares one)."""
        assert self.copies is not None
        found = self.copies.get(id(decl))
        return found if found is not None else self.earlier.get(id(decl), decl)


_NO_DECLS: dict[int, VarDecl] = {}  # never changed


class _CurrentDecls:
    """A declaration of an earlier analysis -> the analysis' own object for it: the moved copy
    of one of the stage's own (``own``, by id), else the declaration of its base stages that
    is the same one (a copy of the same origin), else the declaration itself (a global or
    predefined ARG, which no edit after them moves)."""

    def __init__(self, analysis: Analysis, stage: Stage, own: dict[int, VarDecl]) -> None:
        self.analysis = analysis
        self.stage = stage
        self.own = own
        self._bases: dict[int, VarDecl] | None = None  # id(origin) -> the base stages' own

    def __call__(self, decl: VarDecl) -> VarDecl:
        found = self.own.get(id(decl))
        if found is None and decl.stage is not None:
            if self._bases is None:
                self._bases = self._base_decls()
            found = self._bases.get(id(origin_and_delta(decl, 0)[0]), decl)
        return decl if found is None else found

    def _base_decls(self) -> dict[int, VarDecl]:
        """id(origin) -> the declaration of one of the stage's bases (they are made)."""
        found: dict[int, VarDecl] = {}
        for base in self.stage.chain[1:]:
            for decl in _run_of(self.analysis._decls, decl_start, base.instructions):
                found[id(origin_and_delta(decl, 0)[0])] = decl
        return found


class Rebaser:
    """Brings stages of ``previous`` into ``analysis`` (the edited text's, being made), moved by
    ``tail``. ``counterparts`` maps a new stage's index to the old stage it moved from."""

    def __init__(self, analysis: Analysis, previous: Analysis, tail: MovedTail, counterparts: dict[int, Stage]) -> None:
        self.analysis = analysis
        self.previous = previous
        self.chars = tail.chars
        self.tail_count = tail.count
        self.counterparts = counterparts
        self.moved: set[int] = set()  # indices (new) of the stages brought over

    def old_stage(self, stage: Stage) -> Stage | None:
        """The old stage ``stage`` moved from, when its facts are the old ones: it is made of
        moved instructions, and its base is the counterpart of the old one's and unchanged."""
        old = self.counterparts.get(stage.index)
        if old is None:
            return None
        base, old_base = stage.base_stage, old.base_stage
        if base is None or old_base is None:
            return old if base is None and old_base is None else None
        if base is old_base or (base.index in self.moved and self.counterparts[base.index] is old_base):
            return old
        return None

    def bring(self, stage: Stage, old: Stage) -> None:
        """Give ``stage`` ``old``'s facts, moved, to be made when first read (``PendingStage``)."""
        with MOVED_SCOPES_LOCK:  # another lint may be making a stage of the previous analysis
            pending = self._pending_whole(old)
            if pending is None:
                pending = self.previous._made_from.get(old.index)
            if pending is None:
                pending = PendingStage(self._facts_of(old), 0)
        self.analysis._pending[stage.index] = pending.moved_on(self.chars)
        self.moved.add(stage.index)

    def _pending_whole(self, old: Stage) -> PendingStage | None:
        """The previous analysis' facts of its stage ``old`` still to be made, when they are the
        whole stage's; the facts of its last instructions still to be made are made now."""
        pending = self.previous._pending.get(old.index)
        if pending is not None and not pending.whole_stage:
            self.previous._bring(old.index)
            return None
        return pending

    def _facts_of(self, old: Stage) -> StageFacts:
        """The facts the previous analysis has of its stage ``old`` (whose facts it has made)."""
        previous, instructions = self.previous, old.instructions
        moved_before = previous._moved_scopes.get(old.index)
        return StageFacts(
            instructions=instructions,
            decls=_run_of(previous._decls, decl_start, instructions),
            refs=_run_of(previous._refs, ref_start, instructions),
            tables=previous._stage_tables[old.index],
            scopes=moved_before.old
            if moved_before is not None and not moved_before.first
            else self._scopes_of(instructions),
        )

    def rest_of_stage(self, count: int, rest: list[Instruction]) -> tuple[int, list[Instruction]] | None:
        """For the stage walked on from instruction ``count`` of the new parse (``rest``, its
        instructions from there): (n, old) when only its first n instructions need walking and
        the others are the moved instructions ``old`` at the end of the same old stage, reached
        with the same variables and SHELL. That holds when neither the n new instructions nor
        the old ones they replace declare a variable or set the SHELL."""
        new_all, old_all = self.analysis.dockerfile.instructions, self.previous.dockerfile.instructions
        walked = max(0, len(new_all) - self.tail_count - count)  # rest[walked] is the first moved one
        if walked >= len(rest):
            return None
        old_meeting = count + walked - len(new_all) + len(old_all)
        if any(ins.keyword in _STATEFUL for ins in rest[:walked] + old_all[count:old_meeting]):
            return None
        old_stage = self.previous.stage_of(old_all[old_meeting])
        if old_stage is None or old_stage is not self.previous.stage_of(old_all[count - 1]):
            return None
        old_rest = old_stage.instructions[len(old_stage.instructions) - (len(rest) - walked) :]
        return (walked, old_rest) if old_rest and old_rest[0] is old_all[old_meeting] else None

    def bring_rest(self, stage: Stage, old_rest: list[Instruction], env: History, args: History) -> None:
        """Give the last instructions of ``stage`` the facts of ``old_rest`` (as many last
        instructions of an old stage), moved, to be made when first read (``PendingRest``): the
        walk of ``stage`` stands where the old walk stood before ``old_rest``, with the (ENV,
        ARG) histories ``env`` and ``args``. Facts of the previous analysis still to be made for
        the same instructions (or more) are moved on as they are."""
        with MOVED_SCOPES_LOCK:  # another lint may be making a stage of the previous analysis
            old = self.previous.stage_of(old_rest[0])
            assert old is not None
            pending = self.previous._pending.get(old.index)
            if pending is not None and not pending.whole_stage and len(pending.facts.instructions) >= len(old_rest):
                before = cast(PendingRest, pending)
                earlier = before.earlier
                if len(before.facts.instructions) > len(old_rest):  # those between were edited
                    before, earlier = before.tail(len(old_rest)), before.known_decls()
                facts, chars = before.facts, before.chars + self.chars
            else:
                if pending is not None:
                    self.previous._bring(old.index)
                facts, chars, earlier = self._rest_facts(old, old_rest), self.chars, _NO_DECLS
        self.analysis._pending[stage.index] = PendingRest(facts, chars, env, args, earlier)

    def _rest_facts(self, old: Stage, old_rest: list[Instruction]) -> StageFacts:
        """The facts the previous analysis has made of ``old_rest``, the last instructions of its
        stage ``old``."""
        previous = self.previous
        return StageFacts(
            instructions=old_rest,
            decls=_run_of(previous._decls, decl_start, old_rest),
            refs=_run_of(previous._refs, ref_start, old_rest),
            tables=previous._stage_tables[old.index],
            scopes=self._scopes_of(old_rest),
        )

    def _scopes_of(self, old: list[Instruction]) -> list[Scope]:
        """The previous analysis' scopes of the instructions ``old`` (stage instructions: each
        has one)."""
        scopes, scope_of = self.previous._scopes, self.previous.scope_of
        return cast(list[Scope], [scopes.get(id(o)) or scope_of(o) for o in old])


def _continue(history: History, old: History, current: Callable[[VarDecl], VarDecl]) -> None:
    """Add to ``history`` the steps of ``old`` after its last one, declarations moved
    (``current`` gives a declaration's moved copy)."""
    for name, steps, values in old.steps_after(history._clock):
        history.steps.setdefault(name, []).extend(steps)
        history.values.setdefault(name, []).extend(list(map(current, d)) for d in values)
    history._clock = old._clock


def _run_of(items: list[F], key: Callable[[F], int], instructions: list[Instruction]) -> list[F]:
    """The facts of ``items`` (ordered by ``key``, a place) that stand in ``instructions``, a
    stage's (no fact stands in an ONBUILD's inner instruction: the walk skips them)."""
    return facts_between(items, key, instructions[0].span.start, instructions[-1].span.end)


def moved_declarations(
    decls: list[VarDecl], instruction_of: dict[int, Instruction], chars: int, stage: int, moved: dict[int, VarDecl]
) -> list[VarDecl]:
    """``decls`` moved ``chars`` on, onto the instructions ``instruction_of`` maps theirs to
    (by id), in stage ``stage`` (``MovedVarDecl``); ``moved`` gets id(declaration) -> its copy."""
    copies: list[VarDecl] = []
    for decl in decls:
        fields = _copied_fields(decl, chars, instruction_of, "name_span")
        value_span = fields["value_span"]
        if value_span is not None:
            fields["value_span"] = value_span.moved(fields["_delta"])
        fields["stage"] = stage
        moved[id(decl)] = copy = _copy(MovedVarDecl, fields)
        copies.append(copy)
    return copies


def moved_references(
    refs: list[VarRef], instruction_of: dict[int, Instruction], chars: int, current: Callable[[VarDecl], VarDecl]
) -> list[VarRef]:
    """``refs`` moved ``chars`` on, onto the instructions ``instruction_of`` maps theirs to (by
    id), reached by the declarations ``current`` gives for theirs (``MovedVarRef``)."""
    copies: list[VarRef] = []
    for ref in refs:
        fields = _copied_fields(ref, chars, instruction_of, "span", "name_span")
        fields["decls"] = list(map(current, ref.decls))
        copies.append(_copy(MovedVarRef, fields))
    return copies


def _copied_fields(
    fact: VarDecl | VarRef, chars: int, instruction_of: dict[int, Instruction], *moved_when_read: str
) -> dict[str, Any]:
    """The fields of a copy of ``fact`` moved ``chars`` on, onto the instruction
    ``instruction_of`` maps its own to: those of the fact it was first copied from (``_origin``,
    with ``_delta``, the distance from it), without the spans ``moved_when_read`` (made when
    first read: ``LazilyMoved``)."""
    origin, delta = origin_and_delta(fact, chars)
    fields: dict[str, Any] = origin.__dict__.copy()
    for name in moved_when_read:
        del fields[name]
    fields["instruction"] = instruction_of[id(fact.instruction)]
    fields["_origin"] = origin
    fields["_delta"] = delta
    return fields


def _copy(cls: type[FC], fields: dict[str, Any]) -> FC:
    """An object of ``cls`` holding ``fields``, made without ``__init__`` (for speed: an edit
    moves many)."""
    copy: FC = object.__new__(cls)
    copy.__dict__ = fields
    return copy


def _moved_history(old: History, base: TableView | None, current: Callable[[VarDecl], VarDecl]) -> History:
    """``old`` with each declaration the analysis' own (``current``), on top of ``base``, the
    base stage's final table as the analysis has it (``old``'s own parent when there is none)."""
    steps, values, parent = old.flat()
    history = History(base if base is not None and parent is not None else parent)
    history.steps = steps  # a finished walk's steps are never changed
    history.values = {name: [list(map(current, decls)) for decls in vals] for name, vals in values.items()}
    history._clock = old._clock
    return history
