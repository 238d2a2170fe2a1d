"""The stages after an edit, moved: the previous analysis' facts about them, at their new offsets.

A re-parse takes over the instructions after the edit from the previous parse, moved
(``syntax.model.MovedTail``). A stage made only of those instructions, whose base stages are
unchanged too (kept before the edit, or moved themselves), has the variable facts it had: its
walk reads nothing else (the global ARGs are unchanged, or nothing is kept at all). Its
declarations, references, scopes and ARG/ENV tables are then the previous ones with their
instruction, spans and stage index brought up to date: copied, not walked again (no scanning,
no expansion). A stage built on a stage the edit changed is walked again.
"""

from __future__ import annotations

import bisect

from stanzalint.analysis.model import Analysis, Stage, VarDecl, VarRef
from stanzalint.analysis.reuse import decl_start, ref_start
from stanzalint.analysis.scope import History, Scope, TableView
from stanzalint.syntax.model import Dockerfile, Instruction, MovedTail, Span


class Rebaser:
    """Brings stages of ``previous`` into ``analysis`` (the edited text's, being made), moved by
    ``tail``. ``counterparts`` maps a new stage's index to the old stage it moved from."""

    def __init__(self, analysis: Analysis, previous: Analysis, tail: MovedTail, counterparts: dict[int, Stage]) -> None:
        self.analysis = analysis
        self.previous = previous
        self.chars = tail.chars
        self.counterparts = counterparts
        self.decls: dict[int, VarDecl] = {}  # id(old declaration) -> its moved copy
        self.moved: set[int] = set()  # indices (new) of the stages brought over
        #: (id(old history), step) of a stage's final table brought over -> the table, moved
        self.tables: dict[tuple[int, int], TableView] = {}

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
        analysis, previous = self.analysis, self.previous
        instruction_of = {id(o): n for o, n in zip(old.instructions, stage.instructions)}
        start, end = old.instructions[0].span.start, old.instructions[-1].span.end
        for decl in previous.decls[_first(previous.decls, start, decl_start) : _first(previous.decls, end, decl_start)]:
            self.decls[id(decl)] = moved = self._decl(decl, instruction_of, stage.index)
            analysis.decls.append(moved)
        old_env, old_args = previous._stage_tables[old.index]
        env = self._history(old_env.history)
        args = self._history(old_args.history)
        scopes, new_scopes = previous._scopes, analysis._scopes
        moved_scopes: dict[int, Scope] = {}  # id(old scope) -> its copy: instructions share scopes
        for o, n in zip(old.instructions, stage.instructions):
            scope = scopes[id(o)]
            if scope.kind == "global":
                new_scopes[id(n)] = scope
                continue
            shared = moved_scopes.get(id(scope))
            if shared is None:
                env_view, args_view = scope.tables
                assert isinstance(env_view, TableView) and isinstance(args_view, TableView)
                shared = moved_scopes[id(scope)] = Scope(
                    scope.kind, TableView(env, env_view.step), TableView(args, args_view.step)
                )
            new_scopes[id(n)] = shared
        for ref in previous.refs[_first(previous.refs, start, ref_start) : _first(previous.refs, end, ref_start)]:
            analysis.refs.append(self._ref(ref, instruction_of))
        self.moved.add(stage.index)
        final = TableView(env, old_env.step), TableView(args, old_args.step)
        for old_view, new_view in zip((old_env, old_args), final):
            self.tables[(id(old_view.history), old_view.step)] = new_view
        return final

    def _history(self, old: History) -> History:
        """``old`` with each declaration moved, on top of its base's moved tables."""
        parent = old.parent
        if parent is not None:
            parent = self._view(parent)
        history = History(parent)
        history.steps = old.steps  # a finished walk's steps are never changed
        history.values = {name: [self._decls(decls) for decls in values] for name, values in old.values.items()}
        history._clock = old._clock
        return history

    def _view(self, view: TableView) -> TableView:
        """A base stage's final table as the new analysis has it (a kept stage's is as it was)."""
        return self.tables.get((id(view.history), view.step), view)

    def _decls(self, decls: list[VarDecl]) -> list[VarDecl]:
        moved = self.decls
        return [moved.get(id(d), d) for d in decls]

    def _decl(self, decl: VarDecl, instruction_of: dict[int, Instruction], stage: int) -> VarDecl:
        return VarDecl(
            name=decl.name,
            kind=decl.kind,
            instruction=instruction_of[id(decl.instruction)],
            name_span=self._span(decl.name_span),
            value=decl.value,
            value_span=self._span(decl.value_span),
            stage=stage,
        )

    def _ref(self, ref: VarRef, instruction_of: dict[int, Instruction]) -> VarRef:
        span, name_span = self._span(ref.span), self._span(ref.name_span)
        assert span is not None and name_span is not None
        return VarRef(
            name=ref.name,
            span=span,
            name_span=name_span,
            instruction=instruction_of[id(ref.instruction)],
            operator=ref.operator,
            word=ref.word,
            decls=self._decls(ref.decls),
            value=ref.value,
            in_shell=ref.in_shell,
            shell_assigned=ref.shell_assigned,
            heredoc=ref.heredoc,
        )

    def _span(self, span: Span | None) -> Span | None:
        return None if span is None else span.moved(self.chars)


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


def _first(items: list, offset: int, key) -> int:  # type: ignore[type-arg, no-untyped-def]
    return bisect.bisect_left(items, offset, key=key)
