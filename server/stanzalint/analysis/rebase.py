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
(``rest_of_stage``, ``bring_rest``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TypeVar, cast

from stanzalint.analysis.model import Analysis, Stage, VarDecl, VarRef
from stanzalint.analysis.moved_facts import MovedVarDecl, MovedVarRef
from stanzalint.analysis.reuse import decl_start, ref_start
from stanzalint.analysis.scope import History, MovedScopes, Scope, TableView
from stanzalint.syntax.model import Dockerfile, Instruction, MovedTail

F = TypeVar("F", VarDecl, VarRef)  # a fact that names its instruction

#: Instructions that change the variables or the SHELL of the instructions after them.
_STATEFUL = frozenset(("ARG", "ENV", "SHELL"))


class Rebaser:
    """Brings stages of ``previous`` into ``analysis`` (the edited text's, being made), moved by
    ``tail``. ``counterparts`` maps a new stage's index to the old stage it moved from."""

    def __init__(self, analysis: Analysis, previous: Analysis, tail: MovedTail, counterparts: dict[int, Stage]) -> None:
        self.analysis = analysis
        self.previous = previous
        self.chars = tail.chars
        self.tail_count = tail.count
        self.counterparts = counterparts
        self.decls: dict[int, VarDecl] = {}  # id(old declaration) -> its moved copy
        self.moved: set[int] = set()  # indices (new) of the stages brought over
        #: (id(old history), step) of a stage's final table brought over -> the table, moved
        self.tables: dict[tuple[int, int], TableView] = {}
        #: where the next look for the previous analysis' declarations ("decls") and references
        #: ("refs") of a run of instructions begins: the runs are brought over in document order
        self.looked_at = {"decls": 0, "refs": 0}

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

    def bring(self, stage: Stage, old: Stage) -> tuple[TableView, TableView]:
        """Add ``old``'s facts, moved, to the analysis as ``stage``'s; its final (ENV, ARG) tables."""
        instruction_of = self._move_declarations(old.instructions, stage.instructions, stage.index)
        old_env, old_args = self.previous._stage_tables[old.index]
        env = self._history(old_env.history)
        args = self._history(old_args.history)
        moved_before = self.previous._moved_scopes.get(old.index)
        old_scopes = moved_before.old if moved_before is not None else self._scopes_of(old.instructions)
        self.analysis._moved_scopes[stage.index] = MovedScopes(old_scopes, env, args)
        self._move_references(old.instructions, instruction_of)
        self.moved.add(stage.index)
        final = TableView(env, old_env.step), TableView(args, old_args.step)
        for old_view, new_view in zip((old_env, old_args), final):
            self.tables[(id(old_view.history), old_view.step)] = new_view
        return final

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

    def bring_rest(
        self, stage: Stage, old_rest: list[Instruction], rest: list[Instruction], env: History, args: History
    ) -> tuple[TableView, TableView]:
        """Add the facts of ``old_rest`` (the last instructions of an old stage), moved, as those
        of ``rest`` (the last ones of ``stage``), whose walk stands where the old walk stood
        before ``old_rest``, with the (ENV, ARG) histories ``env`` and ``args``: the old steps
        after that point are added to them. The stage's final (ENV, ARG) tables."""
        instruction_of = self._move_declarations(old_rest, rest, stage.index)
        old = self.previous.stage_of(old_rest[0])
        assert old is not None
        old_env, old_args = self.previous._stage_tables[old.index]
        self._continue(env, old_env.history)
        self._continue(args, old_args.history)
        self._move_scopes(old_rest, rest, env, args)
        self._move_references(old_rest, instruction_of)
        return TableView(env, old_env.step), TableView(args, old_args.step)

    def _continue(self, history: History, old: History) -> None:
        """Add to ``history`` the steps of ``old`` after its last one, declarations moved."""
        after = history._clock
        for name, steps in old.steps.items():
            at = bisect.bisect_right(steps, after)
            if at < len(steps):
                history.steps.setdefault(name, []).extend(steps[at:])
                history.values.setdefault(name, []).extend(self._decls(d) for d in old.values[name][at:])
        history._clock = old._clock

    def _move_declarations(self, old: list[Instruction], new: list[Instruction], stage: int) -> dict[int, Instruction]:
        """Add the declarations of the instructions ``old``, moved onto ``new``, to the analysis
        (``MovedVarDecl``: copies made here, in one loop, for speed); id(old instruction) -> the
        new one."""
        chars, moved = self.chars, self.decls
        instruction_of = {id(o): n for o, n in zip(old, new)}
        append = self.analysis.decls.append
        new_object = object.__new__
        for decl in self._previous_run("decls", self.previous.decls, old, decl_start, instruction_of):
            state = decl.__dict__
            origin, delta = (state["_origin"], state["_delta"] + chars) if "_origin" in state else (decl, chars)
            fields = origin.__dict__.copy()
            del fields["name_span"]
            value_span = fields["value_span"]
            if value_span is not None:
                fields["value_span"] = value_span.moved(delta)
            fields["instruction"] = instruction_of[id(state["instruction"])]
            fields["stage"] = stage
            fields["_origin"] = origin
            fields["_delta"] = delta
            moved[id(decl)] = copy = new_object(MovedVarDecl)
            copy.__dict__ = fields
            append(copy)
        return instruction_of

    def _scopes_of(self, old: list[Instruction]) -> list[Scope]:
        """The previous analysis' scopes of the instructions ``old`` (stage instructions: each
        has one)."""
        scopes, scope_of = self.previous._scopes, self.previous.scope_of
        return cast(list[Scope], [scopes.get(id(o)) or scope_of(o) for o in old])

    def _move_scopes(self, old: list[Instruction], new: list[Instruction], env: History, args: History) -> None:
        """Give each of ``new`` the scope of its counterpart in ``old``, on the tables ``env``
        and ``args`` at the same steps; instructions that shared a scope share its copy."""
        moved = MovedScopes(self._scopes_of(old), env, args)
        new_scopes = self.analysis._scopes
        for at, ins in enumerate(new):
            new_scopes[id(ins)] = moved.scope(at)

    def _move_references(self, old: list[Instruction], instruction_of: dict[int, Instruction]) -> None:
        """Add the variable references in the instructions ``old``, moved, to the analysis
        (``MovedVarRef``: copies made here, in one loop, for speed)."""
        chars, current = self.chars, self.decls.get
        append = self.analysis.refs.append
        new_object = object.__new__
        for ref in self._previous_run("refs", self.previous.refs, old, ref_start, instruction_of):
            state = ref.__dict__
            origin, delta = (state["_origin"], state["_delta"] + chars) if "_origin" in state else (ref, chars)
            fields = origin.__dict__.copy()
            del fields["span"], fields["name_span"]
            fields["instruction"] = instruction_of[id(state["instruction"])]
            decls = state["decls"]
            fields["decls"] = list(map(current, map(id, decls), decls))
            fields["_origin"] = origin
            fields["_delta"] = delta
            copy = new_object(MovedVarRef)
            copy.__dict__ = fields
            append(copy)

    def _previous_run(
        self, kind: str, items: list[F], old: list[Instruction], key: Callable[[F], int], ids: dict[int, Instruction]
    ) -> list[F]:
        """The previous analysis' ``items`` (its declarations or references, by ``kind``, in
        the order of ``key``) that stand in the instructions ``old`` (``ids`` holds their ids)."""
        at = self.looked_at[kind]
        if at < len(items) and key(items[at]) < old[0].span.start:
            at = bisect.bisect_left(items, old[0].span.start, at, key=key)
        stop = at
        while stop < len(items) and id(items[stop].instruction) in ids:
            stop += 1
        self.looked_at[kind] = stop
        return items[at:stop]

    def _history(self, old: History) -> History:
        """``old`` with each declaration moved, on top of its base's moved tables."""
        parent = old.parent
        if parent is not None:
            parent = self._view(parent)
        history = History(parent)
        history.steps = old.steps  # a finished walk's steps are never changed
        current = self._decls
        history.values = {name: list(map(current, values)) for name, values in old.values.items()}
        history._clock = old._clock
        return history

    def _view(self, view: TableView) -> TableView:
        """A base stage's final table as the new analysis has it (a kept stage's is as it was)."""
        return self.tables.get((id(view.history), view.step), view)

    def _decls(self, decls: list[VarDecl]) -> list[VarDecl]:
        return list(map(self.decls.get, map(id, decls), decls))


def counterparts(
    previous: Analysis, new: Dockerfile, stages: list[Stage], first: int, tail: MovedTail, at: int
) -> dict[int, Stage]:
    """New stage index -> the old stage it is, moved: for the stages of ``new`` from ``first`` on
    (the FROM of ``stages[first]`` is instruction ``at``) made only of moved instructions."""
    old = previous.dockerfile.instructions
    moved_from = len(new.instructions) - tail.count  # the first moved instruction's index
    found: dict[int, Stage] = {}
    for stage in stages[first:]:
        if at >= moved_from:
            counterpart = previous.stage_of(old[at - moved_from + len(old) - tail.count])
            if counterpart is not None and len(counterpart.instructions) == len(stage.instructions):
                found[stage.index] = counterpart
        at += len(stage.instructions)
    return found
