"""Stages: a stage's own instructions, the groups rules walk (a file without FROM included),
the instructions BuildKit groups into stages, stage names and the places that name a stage,
and the WORKDIR in effect at each instruction."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from functools import partial

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.lru import WeightedLRU
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.kept_answers import KeptPicks
from stanzalint.rules.toolkit.mounts import mount_from_spans
from stanzalint.rules.toolkit.paths import is_absolute
from stanzalint.syntax import operands
from stanzalint.syntax.model import Dockerfile, Instruction, Span, Token
from stanzalint.syntax.moved import origin_and_delta

#: Working directory of a stage whose base image's WORKDIR is not known. Paths under it still
#: compare correctly with one another.
UNKNOWN_BASE_DIR = "/<base-workdir>"


#: Instructions that change neither the filesystem nor who or where later commands run.
INERT_KEYWORDS = frozenset(
    {"ENV", "ARG", "LABEL", "EXPOSE", "STOPSIGNAL", "HEALTHCHECK", "CMD", "ENTRYPOINT", "VOLUME", "MAINTAINER"}
)


def from_values(ins: Instruction) -> list[str]:
    """What an instruction reads from another stage or image (``syntax.operands.from_values``:
    the values of ``COPY --from`` and of ``RUN --mount=from=``), read off the instruction an
    incremental parse moved it from: the values have no position, so an instruction an edit
    moved does not have its flags moved to answer."""
    return operands.from_values(origin_and_delta(ins, 0)[0])


def stage_body(stage: Stage) -> list[Instruction]:
    """The stage's own instructions after FROM, ONBUILD wrappers excluded (they run later).
    The list is shared: do not change it."""
    return stage.own_body


def bodies(analysis: Analysis) -> list[tuple[Stage | None, list[Instruction]]]:
    """Each stage with its ``stage_body``; a file without FROM (a fragment pasted into a stage
    elsewhere) is one group with no stage, so rules treat it as they treat a stage."""
    if not analysis.stages:
        return [(None, [ins for ins in analysis.dockerfile.instructions if ins.keyword != "ONBUILD"])]
    return [(stage, stage_body(stage)) for stage in analysis.stages]


def stage_groups(ctx: RuleContext) -> list[tuple[Stage | None, list[Instruction]]]:
    """Every instruction grouped by stage, FROM and ONBUILD included; instructions before the
    first FROM (a fragment meant to be included elsewhere) form a group with no stage."""
    groups: list[tuple[Stage | None, list[Instruction]]] = []
    first_from = next((i for i, ins in enumerate(ctx.dockerfile.instructions) if ins.keyword == "FROM"), None)
    leading = ctx.dockerfile.instructions[:first_from] if first_from is not None else ctx.dockerfile.instructions
    if leading:
        groups.append((None, list(leading)))
    for stage in ctx.analysis.stages:
        groups.append((stage, stage.instructions))
    return groups


def stage_instructions(df: Dockerfile) -> list[Instruction]:
    """Top-level instructions from the first FROM on: what BuildKit groups into stages."""
    instructions = df.instructions
    first = next((i for i, ins in enumerate(instructions) if ins.keyword == "FROM"), len(instructions))
    return instructions[first:]


def stage_name_tokens(ins: Instruction) -> tuple[Token, Token] | None:
    """(``AS`` keyword, stage name) tokens of ``FROM image AS name``, else None."""
    args = ins.args
    if ins.keyword == "FROM" and len(args) == 3 and args[1].value.lower() == "as":
        return args[1], args[2]
    return None


def stage_references(analysis: Analysis, stage: Stage, text: str) -> list[Span]:
    """Every place that names ``stage`` by its name: later ``FROM <name>``, then ``COPY
    --from=<name>`` and ``RUN --mount=from=<name>`` (ONBUILD triggers included) in document order.
    Stage indexes are not names. Only the instructions with flags whose text holds the name (in
    any case) are read further, and only those a keystroke's parse read again are looked at for
    it (``_naming_instructions``)."""
    key = stage.key
    spans: list[Span] = []
    for later in analysis.whole.stages:
        if later.index <= stage.index:
            continue
        ins = later.from_instruction
        if later.base_stage is stage and ins.args and ins.args[0].value.lower() == key:
            spans.append(ins.args[0].span)
    instructions = analysis.whole.dockerfile.instructions
    flagged = [instructions[at] for at, _ in _naming_instructions(key).of(analysis.whole.dockerfile)]
    return spans + [span for ins in flagged for span in _flag_references(ins.effective, key, text)]


def _flagged_text(ins: Instruction, text: str) -> str | None:
    """The lower-cased text of the COPY or RUN the instruction is (the one an ONBUILD wraps
    included) when it has flags, the only place a COPY or RUN names a stage (a name is matched
    as written in the text: without it there, nothing names the stage); else None. Its flags are
    counted on the instruction it was parsed as (a moved one's are not moved)."""
    effective = ins.effective
    if effective.keyword not in ("COPY", "RUN") or not origin_and_delta(effective, 0)[0].flags:
        return None
    span = effective.span
    return text[span.start : span.end].lower()


def _names_in_flags(key: str, ins: Instruction, text: str) -> bool | None:
    """True when the instruction's ``_flagged_text`` holds ``key``, else None."""
    lowered = _flagged_text(ins, text)
    return True if lowered is not None and key in lowered else None


#: how many stage keys ``_NAMING`` keeps the naming instructions of
_NAMING_KEYS = 16
#: the instructions whose flags' text holds each stage key asked about lately, carried from one
#: keystroke's parse to the next (a few keys: the stages named in upper case)
_NAMING: WeightedLRU[str, KeptPicks[bool]] = WeightedLRU(_NAMING_KEYS, lambda _key, _picks: 1)


def _naming_instructions(key: str) -> KeptPicks[bool]:
    """The instructions whose flags' text holds ``key`` (``_names_in_flags``), kept per key."""
    found = _NAMING.get(key)
    if found is None:
        found = KeptPicks(partial(_names_in_flags, key))
        _NAMING.put(key, found)
    return found


def _flag_references(ins: Instruction, key: str, text: str) -> list[Span]:
    """Where a COPY's ``--from`` or a RUN's ``--mount=from=`` names the stage of name ``key``."""
    spans = []
    if ins.keyword == "COPY":
        flag = ins.flag("from")
        if flag and flag.value and flag.value.lower() == key and flag.value_span is not None:
            if text[flag.value_span.start : flag.value_span.end] == flag.value:
                spans.append(flag.value_span)
    else:
        for val, span in mount_from_spans(ins, text):
            if val.lower() == key:
                spans.append(span)
    return spans


class Roots:
    """The stage at the bottom of each stage's chain (``stage.chain[-1]``, the one on an image)
    for the stages one check asks about: each stage's root is remembered, so a stage reads its
    base's instead of walking its whole chain again (make one per check)."""

    def __init__(self) -> None:
        self._roots: dict[int, Stage] = {}  # id(stage) -> its root

    def of(self, stage: Stage) -> Stage:
        """``stage.chain[-1]``."""
        pending: list[Stage] = []
        at = stage
        while id(at) not in self._roots and at.base_stage is not None:
            pending.append(at)
            at = at.base_stage
        root = self._roots.setdefault(id(at), at)
        for walked in pending:
            self._roots[id(walked)] = root
        return root


class InChain:
    """Whether a stage or a stage it is built on (``stage.chain``) is one that ``holds``, for the
    stages one check asks about: each stage's answer is remembered, so a stage reads its base's
    instead of looking at its whole chain again (make one per check)."""

    def __init__(self, holds: Callable[[Stage], bool]) -> None:
        self.holds = holds
        self._found: dict[int, bool] = {}  # id(stage) -> the answer

    def of(self, stage: Stage) -> bool:
        """``any(holds(s) for s in stage.chain)``."""
        pending: list[Stage] = []
        at: Stage | None = stage
        while at is not None and id(at) not in self._found:
            pending.append(at)
            at = at.base_stage
        found = at is not None and self._found[id(at)]
        for walked in reversed(pending):  # the oldest first
            found = self._found[id(walked)] = found or self.holds(walked)
        return self._found[id(stage)]


def workdirs(analysis: Analysis, stage: Stage | None, body: Sequence[Instruction] = ()) -> dict[int, str | None]:
    """id(instruction) -> the WORKDIR in effect there (None when a variable hides it; a Windows
    one, ``C:\\app``, as written), for the stage's own instructions. A stage on an external image
    starts in ``UNKNOWN_BASE_DIR``; so does a fragment (``stage`` None), walked as ``body``. A stage
    built on another starts where that one ends. For one stage: a check asking about many stages
    makes one ``Workdirs`` and asks it, so that each base is walked once."""
    return Workdirs(analysis).of(stage, body)


class Workdirs:
    """``workdirs`` for the stages one check asks about: each stage's WORKDIR at its end is
    remembered, so a stage starts from its base's end instead of walking its whole chain of
    bases again (make one per check: it answers for the file it was made for)."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._ends: dict[int, str | None] = {}  # stage index -> the WORKDIR at its end

    def of(self, stage: Stage | None, body: Sequence[Instruction] = ()) -> dict[int, str | None]:
        """``workdirs(analysis, stage, body)``."""
        if stage is None:
            return _walk_workdirs(self.analysis, body, UNKNOWN_BASE_DIR)[0]
        return _walk_workdirs(self.analysis, stage_body(stage), self._start(stage))[0]

    def _start(self, stage: Stage) -> str | None:
        """The WORKDIR a stage starts in: its base's at its end; ``/`` on ``scratch``, else
        ``UNKNOWN_BASE_DIR``. The bases not walked yet are walked first, oldest first (a base is
        always an earlier stage, so the chain has no loop)."""
        pending: list[Stage] = []
        base = stage.base_stage
        while base is not None and base.index not in self._ends:
            pending.append(base)
            base = base.base_stage
        for earlier in reversed(pending):
            self._ends[earlier.index] = _walk_workdirs(self.analysis, stage_body(earlier), self._start(earlier))[1]
        if stage.base_stage is not None:
            return self._ends[stage.base_stage.index]
        return "/" if stage.image is not None and stage.image.is_scratch else UNKNOWN_BASE_DIR


def _walk_workdirs(
    analysis: Analysis, body: Sequence[Instruction], current: str | None
) -> tuple[dict[int, str | None], str | None]:
    """(id(instruction) -> the WORKDIR in effect there, the WORKDIR at the end) for ``body``
    starting in ``current``."""
    out: dict[int, str | None] = {}
    for ins in body:
        if ins.keyword == "WORKDIR" and ins.args:
            value, resolved = analysis.resolve(ins.args[0].value, ins)
            if not resolved:
                current = None
            elif is_absolute(value):
                current = posixpath.normpath(value)
            elif current is not None:
                current = posixpath.normpath(posixpath.join(current, value))
        out[id(ins)] = current
    return out, current


def chain_instructions(stage: Stage) -> list[tuple[Stage, Instruction]]:
    """Instructions of the stage and of the stages it is built on, oldest first (a list the
    stage shares: do not change it)."""
    return stage.chain_body


def descendants(analysis: Analysis, stage: Stage) -> list[Stage]:
    """Stages built on ``stage`` through ``FROM <stage>`` (directly or not), itself excluded
    (a list the analysis shares: do not change it)."""
    return analysis.built_on(stage)
