"""How many recent commits would have invalidated each instruction's build cache.

A commit rebuilds an instruction when, replayed on the Dockerfile as it stands now:

- its own context inputs changed (a file it reads was added, changed or deleted, after
  ``.dockerignore``);
- the Dockerfile changed it or an instruction before it in its stage (compared position by
  position with the version before the commit); a global ``ARG`` whose default changed counts
  from the stage's ``FROM`` that uses it, or from the stage's ``ARG`` that redeclares it;
- anything before it in its stage chain rebuilt: the stage it is built ``FROM``, or a stage it
  copies or mounts ``--from``.

Outside the figure: build arguments given on the command line, remote sources (``ADD <url>``,
base image updates), and changes to ``.dockerignore`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.context.history import Commit, History
from stanzalint.context.sources import Inputs
from stanzalint.context.tree import ContextTree
from stanzalint.syntax import operands, parse
from stanzalint.syntax.model import Instruction

#: For each stage index: the position (0 = FROM) of the first instruction a commit changed.
FirstChanges = dict[int, int]


def input_changes(inputs: Inputs, tree: ContextTree, history: History) -> int:
    """How many of the commits changed an instruction's own context inputs."""
    return sum(1 for commit in history.commits if _reads_changed(inputs, tree, commit.paths))


def rerun_with(analysis: Analysis, ins: Instruction) -> set[int]:
    """The instructions (by id) that rebuild whenever ``ins`` does."""
    return rebuilt_by(analysis, {}, ContextTree("", None), Commit("", []), {}, forced=id(ins))


def rebuild_counts(
    analysis: Analysis, inputs: dict[int, Inputs], tree: ContextTree, history: History
) -> dict[int, int]:
    """``id(instruction) -> commits that rebuilt it`` for every instruction of every stage."""
    counts = {id(ins): 0 for stage in analysis.stages for ins in stage.instructions}
    for commit in history.commits:
        changes = (
            dockerfile_changes(*history.dockerfile_versions[commit.sha])
            if commit.sha in history.dockerfile_versions
            else {}
        )
        for ins_id in rebuilt_by(analysis, inputs, tree, commit, changes):
            counts[ins_id] += 1
    return counts


def rebuilt_by(
    analysis: Analysis,
    inputs: dict[int, Inputs],
    tree: ContextTree,
    commit: Commit,
    changes: FirstChanges,
    forced: int | None = None,
) -> set[int]:
    """The instructions (by id) one commit rebuilds; ``forced``: an instruction taken as rebuilt
    whatever the commit did (what reruns when it does)."""
    rebuilt: set[int] = set()
    stage_rebuilt: dict[int, bool] = {}
    for stage in analysis.stages:
        dirty = stage.base_stage is not None and stage_rebuilt.get(stage.base_stage.index, False)
        first = changes.get(stage.index)
        for k, ins in enumerate(stage.instructions):
            dirty = dirty or id(ins) == forced or (first is not None and k >= first)
            dirty = dirty or _reads_changed(inputs.get(id(ins)), tree, commit.paths)
            dirty = dirty or any(stage_rebuilt.get(s.index, False) for s in _from_stages(analysis, ins))
            if dirty:
                rebuilt.add(id(ins))
        stage_rebuilt[stage.index] = dirty
    return rebuilt


def _reads_changed(inputs: Inputs | None, tree: ContextTree, paths: Sequence[str]) -> bool:
    return inputs is not None and any(inputs.reads(p, tree) for p in paths)


def _from_stages(analysis: Analysis, ins: Instruction) -> list[Stage]:
    """Earlier stages an instruction reads with ``--from`` or a mount's ``from=``."""
    eff = ins.effective
    names = []
    if eff.keyword in ("COPY", "ADD") and eff.flag("from") is not None:
        names.append(eff.flag("from").value or "")
    if eff.keyword == "RUN":
        for flag in eff.flags_named("mount"):
            stage = operands.mount_fields(flag.value or "").get("from")
            if stage:
                names.append(stage)
    return [s for name in names for s in analysis.stages_matching(name, eff)]


def dockerfile_changes(before: str | None, after: str | None) -> FirstChanges:
    """Per stage (by index), where the Dockerfile first differs between two versions."""
    old, new = _stages(before), _stages(after)
    out: FirstChanges = {}
    changed_args = _changed_defaults(old[0], new[0]) if old and new else None
    for index, stage in enumerate(new[1:]):
        previous = old[index + 1] if before is not None and index + 1 < len(old) else None
        candidates = [_first_difference(previous, stage)]
        if changed_args:
            candidates.append(_first_use(stage, changed_args))
        found = [k for k in candidates if k is not None]
        if found:
            out[index] = min(found)
    return out


def _stages(text: str | None) -> list[list[Instruction]]:
    """The instructions before the first FROM, then each stage's (FROM first)."""
    if text is None:
        return []
    groups: list[list[Instruction]] = [[]]
    for ins in parse(text).instructions:
        if ins.keyword == "FROM":
            groups.append([])
        groups[-1].append(ins)
    return groups


def _first_difference(old: list[Instruction] | None, new: list[Instruction]) -> int | None:
    if old is None:
        return 0
    for k, ins in enumerate(new):
        if k >= len(old) or _normal(old[k]) != _normal(ins):
            return k
    return None


def _normal(ins: Instruction) -> str:
    """What an instruction's cache key sees of its text: the logical line and heredoc bodies."""
    return ins.original + "".join(h.body.text for h in ins.heredocs)


def _defaults(preamble: list[Instruction]) -> dict[str, str]:
    out = {}
    for ins in preamble:
        if ins.keyword == "ARG":
            for token in ins.args:
                name, _, default = token.value.partition("=")
                out[name] = default
    return out


def _changed_defaults(old: list[Instruction], new: list[Instruction]) -> set[str]:
    before, after = _defaults(old), _defaults(new)
    return {name for name in set(before) | set(after) if before.get(name) != after.get(name)}


def _first_use(stage: list[Instruction], names: set[str]) -> int | None:
    """Where a stage first sees a global ARG: its FROM line, or its own ``ARG NAME``."""
    uses = re.compile(r"\$\{?(" + "|".join(re.escape(n) for n in names) + r")\b")
    if uses.search(stage[0].original):
        return 0
    for k, ins in enumerate(stage[1:], start=1):
        if ins.keyword == "ARG" and any(t.value.partition("=")[0] in names for t in ins.args):
            return k
    return None
