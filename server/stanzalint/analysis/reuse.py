"""What an edit leaves of the previous analysis: every fact about the instructions before it.

The re-parse after an edit (``syntax.incremental``) keeps the instructions before the edit as
the very objects of the previous parse. The variable walk reads, at each instruction, only what
comes before it (the global ARGs, the stage's earlier ARG, ENV and SHELL lines, the stage it is
built on), so the scope, declarations, references and shell commands of those instructions are
the previous analysis' as they stand, and so are the stages that end before the edit. The new
analysis takes them over unchanged (they stand where they stood: nothing is moved) and walks on
from the first changed instruction, with the tables the previous walk had there.

Nothing is kept when the escape character or ``# hadolint shell=`` changed (every instruction is
read through them), or when the edit reaches the instructions before the first FROM (the global
ARGs every stage reads; an edit of the first FROM keeps them).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from itertools import compress
from operator import is_not
from typing import TYPE_CHECKING, TypeVar, cast

from stanzalint.analysis.model import (
    MOVED_SCOPES_LOCK,
    Analysis,
    ShellCommand,
    Stage,
    VarDecl,
    VarRef,
    decl_start,
    ref_start,
)
from stanzalint.analysis.scope import MovedScopes, Scope, TableView
from stanzalint.syntax.model import Dockerfile, Instruction

if TYPE_CHECKING:
    from stanzalint.analysis.rebase import PendingStage

V = TypeVar("V")


@dataclass
class Kept:
    """The previous analysis' facts about the first ``count`` instructions of the new parse."""

    count: int
    #: the stages that end before the first changed instruction, as they were
    stages: list[Stage]
    #: (ENV, ARG) tables before the first changed instruction when the stage it stands in
    #: began before it (the walk resumes there), else None
    open_tables: tuple[TableView, TableView] | None
    global_scope: Scope
    global_args: list[VarDecl]
    decls: list[VarDecl]
    refs: list[VarRef]
    scopes: dict[int, Scope]
    #: the kept stages' scopes still to be made (``Analysis.scope_of``), by stage index
    moved_scopes: dict[int, MovedScopes]
    #: the kept stages' facts still to be made (``Analysis._pending``), and what those made late
    #: were made from (``Analysis._made_from``), by stage index
    pending: dict[int, PendingStage]
    made_from: dict[int, PendingStage]
    commands: dict[int, list[ShellCommand]]
    stage_tables: dict[int, tuple[TableView, TableView]]


def kept_facts(previous: Analysis | None, dockerfile: Dockerfile, shell_pragma: str | None) -> Kept | None:
    """What ``dockerfile`` (the parse of an edited text, made on ``previous.dockerfile``) can keep
    of ``previous``; None when the whole file must be walked again."""
    if previous is None or previous._global_scope is None:
        return None
    old = previous.dockerfile
    if old.escape != dockerfile.escape or previous.shell_pragma != shell_pragma:
        return None
    count = _same_leading(old.instructions, dockerfile.instructions)
    if count == 0:
        return None
    last = dockerfile.instructions[count - 1]
    stage = previous.stage_of(last)
    starts_next = count == len(dockerfile.instructions) or dockerfile.instructions[count].keyword == "FROM"
    if stage is None:  # the global ARGs are kept only if the edit is at or after the first FROM
        if not (_is_from(old.instructions, count) and _is_from(dockerfile.instructions, count)):
            return None
        stages: list[Stage] = []
        resumed = None
    else:
        whole = stage.instructions[-1] is last and starts_next
        stages = previous.stages[: stage.index + (1 if whole else 0)]
        resumed = None if whole else stage
    with MOVED_SCOPES_LOCK:  # another lint may be making or reading previous's scopes
        for index, pending in list(previous._pending.items()):
            if not pending.whole_stage and index < len(stages):  # its histories are previous's
                previous._bring(index)
        return _kept(previous, dockerfile, count, stages, resumed)


def _kept(previous: Analysis, dockerfile: Dockerfile, count: int, stages: list[Stage], resumed: Stage | None) -> Kept:
    """``Kept`` of ``previous`` for the first ``count`` instructions of ``dockerfile``:
    ``stages`` as they were, and ``resumed``, the stage the walk resumes inside (its kept
    instructions' scopes are read), if any."""
    assert previous._global_scope is not None  # kept_facts asked
    open_tables = None
    last = dockerfile.instructions[count - 1]
    boundary = last.span.end
    if resumed is not None:  # the facts after the kept instructions may stay to be made
        previous.make_facts_before(resumed, boundary)
        open_tables = _tables_after(previous, resumed, count)
    ids = list(map(id, dockerfile.instructions[:count]))
    return Kept(
        count=count,
        stages=stages,
        open_tables=open_tables,
        global_scope=previous._global_scope,
        global_args=previous.global_args,
        decls=previous._decls[: bisect.bisect_left(previous._decls, boundary, key=decl_start)],
        refs=previous._refs[: bisect.bisect_left(previous._refs, boundary, key=ref_start)],
        # the scopes previous made (a stage it moved makes them when asked for, so will this one)
        scopes=_kept_scopes(previous, count, ids),
        moved_scopes={i: moved for i, moved in previous._moved_scopes.items() if i < len(stages)},
        pending={i: pending for i, pending in previous._pending.items() if i < len(stages)},
        made_from={i: made for i, made in previous._made_from.items() if i < len(stages)},
        commands=_kept_by_id(previous._commands, ids + _inner_ids(previous, boundary)),
        stage_tables={s.index: previous._stage_tables[s.index] for s in stages if s.index not in previous._pending},
    )


def _same_leading(old: list[Instruction], new: list[Instruction]) -> int:
    """How many leading instructions the two parses share (the same objects): the index of the
    first pair that differs (``compress`` picks the indexes where ``is_not`` is true, in C)."""
    first_different = compress(itertools.count(), map(is_not, old, new))
    return next(first_different, min(len(old), len(new)))


def _is_from(instructions: list[Instruction], index: int) -> bool:
    return index < len(instructions) and instructions[index].keyword == "FROM"


def _tables_after(previous: Analysis, stage: Stage, count: int) -> tuple[TableView, TableView]:
    """The (ENV, ARG) tables of ``stage`` after the previous parse's first ``count`` instructions:
    the scope of its next instruction when that one is still in the stage, else its final tables."""
    instructions = previous.dockerfile.instructions
    if count < len(instructions):
        following = instructions[count]
        if following.keyword != "FROM" and previous.stage_of(following) is stage:
            scope = previous.scope_of(following)
            assert scope is not None
            env, args = scope.tables
            return cast(TableView, env), cast(TableView, args)
    return previous.final_tables(stage)


def _kept_scopes(previous: Analysis, count: int, ids: list[int]) -> dict[int, Scope]:
    """The scopes ``previous`` made of its first ``count`` instructions (``ids``, their ids), by
    id. Each of its scopes is of one of its instructions (``Analysis._scopes``), so when fewer
    instructions follow than are kept (an edit past the middle), its table is copied and those
    of the instructions after them dropped: a copy costs less than a table made entry by entry."""
    after = previous.dockerfile.instructions[count:]
    if len(after) >= count:
        return _kept_by_id(previous._scopes, ids)
    scopes = previous._scopes.copy()
    drop = scopes.pop
    for ins in after:
        drop(id(ins), None)
    return scopes


def _kept_by_id(known: dict[int, V], keys: list[int]) -> dict[int, V]:
    """The entries of ``known`` (a previous analysis' facts by instruction id) for ``keys``,
    found by the built-in set intersection: a few microseconds dearer than a lookup per key when
    most keys have an entry (the scopes), cheaper when few do (the commands: only the RUNs a rule
    asked about have them)."""
    return {key: known[key] for key in known.keys() & keys}


def _inner_ids(previous: Analysis, boundary: int) -> list[int]:
    """The ids of the inner instructions of the ONBUILDs before ``boundary`` (the keyword
    index, made by every lint, finds them without reading every instruction)."""
    return [
        id(ins.inner)
        for ins in previous.dockerfile.of_keyword("ONBUILD")
        if ins.inner is not None and ins.parent is None and ins.span.start < boundary
    ]
