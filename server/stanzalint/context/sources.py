"""What a ``COPY``/``ADD`` (or a ``RUN --mount=type=bind``) reads from the build context.

A source is resolved the way BuildKit resolves it: variables expanded, the path cleaned and
taken relative to the context root (a leading ``/`` and any ``..`` cannot leave the context).
A directory source reads everything under it; a source with ``*``, ``?`` or ``[...]`` matches
entries component by component (``*`` never crosses a ``/``, as in Go's ``filepath.Match``),
and each matched directory is read whole. ``--exclude`` patterns are matched against the path
below the source directory (a file source: its name). ``--parents`` changes where files land,
not which are read. Heredoc sources, ``--from`` (a stage or an image) and remote URLs read
nothing from the context.
"""

from __future__ import annotations

import posixpath
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import attrgetter
from typing import Callable, NamedTuple, cast

from stanzalint.analysis.dockerignore import Pattern, PatternMatcher
from stanzalint.analysis.model import Analysis
from stanzalint.context.tree import ContextTree
from stanzalint.lru import WeightedLRU
from stanzalint.rules.toolkit.copies import copy_operands, is_heredoc_word, is_remote
from stanzalint.syntax.model import Instruction, Span
from stanzalint.syntax.moved import origin_and_delta

_WILDCARDS = "*?[\\"

CONTEXT, STAGE, REMOTE, HEREDOC, UNKNOWN = "context", "stage", "remote", "heredoc", "unknown"


@dataclass
class Source:
    """One source of an instruction and the context files it reads."""

    span: Span
    spec: str  # cleaned, relative to the context ("." for the whole context)
    origin: str  # CONTEXT, STAGE, REMOTE, HEREDOC or UNKNOWN (a variable with no known value)
    excludes: PatternMatcher | None = None
    files: list[str] = field(default_factory=list)  # sent files it reads
    ignored: list[str] = field(default_factory=list)  # what it names that .dockerignore keeps out

    @property
    def has_wildcards(self) -> bool:
        return any(c in self.spec for c in _WILDCARDS)

    def names(self, path: str) -> bool:
        """Whether the source, ``.dockerignore`` aside, reads context path ``path``."""
        if self.origin != CONTEXT:
            return False
        below = self._below(path)
        if below is None:
            return False
        return self.excludes is None or not self.excludes.matches_or_parent_matches(below)

    def _below(self, path: str) -> str | None:
        """``path`` relative to the source entry that holds it (a file source: its name), or
        None when the source does not reach it."""
        if self.spec == ".":
            return path
        if not self.has_wildcards:
            if path == self.spec:
                return posixpath.basename(path)
            return path[len(self.spec) + 1 :] if path.startswith(self.spec + "/") else None
        depth = self.spec.count("/") + 1
        parts = path.split("/")
        if len(parts) < depth or not _glob(self.spec).match("/".join(parts[:depth])):
            return None
        return "/".join(parts[depth:]) or parts[-1]

    @property
    def literal_prefix(self) -> str:
        """The directory every path it reads lies in (``.`` for the whole context)."""
        if not self.has_wildcards:
            return self.spec
        fixed = []
        for part in self.spec.split("/"):
            if any(c in part for c in _WILDCARDS):
                break
            fixed.append(part)
        return "/".join(fixed) or "."


@dataclass
class Inputs:
    """What one instruction reads from the context, source by source."""

    instruction: Instruction
    sources: list[Source]

    @cached_property
    def files(self) -> list[str]:
        """The files its sources read, each once, in order (worked out once: the ``Inputs`` of an
        instruction a re-parse kept is handed to every later lint; shared: read-only)."""
        return list(dict.fromkeys(f for s in self.sources for f in s.files))

    @property
    def reads_context(self) -> bool:
        return any(s.origin in (CONTEXT, UNKNOWN) for s in self.sources)

    def reads(self, path: str, tree: ContextTree) -> bool:
        """Whether a change to context path ``path`` changes this instruction's inputs."""
        return any(s.names(path) for s in self.sources) and not tree.is_ignored(path)


_GLOBS = {}


def _glob(spec: str) -> Pattern:
    found = _GLOBS.get(spec)
    if found is None:
        found = _GLOBS[spec] = Pattern(spec)
    return found


def context_path(value: str) -> str:
    """A source path as BuildKit takes it: cleaned, relative to the context root."""
    cleaned = posixpath.normpath("/" + value.replace("\\", "/") if not value.startswith("/") else value)
    return cleaned.lstrip("/") or "."


#: Expands a value as BuildKit would in the instruction: (expanded text, fully resolved).
Resolve = Callable[[str], tuple[str, bool]]


def inputs_of(
    analysis: Analysis, ins: Instruction, tree: ContextTree | None, resolve: Resolve | None = None
) -> Inputs | None:
    """The context inputs of a COPY, ADD or RUN with bind mounts; None for other instructions.
    ``resolve`` expands its values (default: ``analysis.resolve`` at the instruction)."""
    eff = ins.effective
    if resolve is None:
        resolve = lambda value: analysis.resolve(value, eff)  # noqa: E731
    if eff.keyword in ("COPY", "ADD"):
        sources = _copy_sources(eff, resolve)
    elif eff.keyword == "RUN":
        sources = _bind_sources(eff, resolve)
        if not sources:
            return None
    else:
        return None
    if tree is not None:
        for source in sources:
            _fill(source, tree)
    return Inputs(ins, sources)


#: Characters, besides the escape character, through which an expanded value can depend on more
#: than its text: variables, and quotes (which ``Analysis.resolve``, like the escape character,
#: treats differently where the instruction has no variable scope).
_CONTEXTUAL = ("$", "'", '"')
#: Remembered for an instruction whose inputs depend on more than its text: worked out each time.
_NOT_REMEMBERED = "not remembered"


#: ``ContextTree.derived`` key of what the last call handed out that the instructions' text decided
#: (``_HandedOut`` by the id of the instruction's origin, with the file's escape character): a
#: re-parse keeps the instructions before its edit and moves those after it, whose inputs then
#: cost a lookup by identity.
_HANDED_OUT = ("inputs handed out last",)


class _HandedOut(NamedTuple):
    """The inputs (or None) a lint handed out for an instruction whose text decides them, with
    the instruction it was parsed as (``origin_and_delta``) and how far from it it stood."""

    origin: Instruction
    delta: int
    inputs: Inputs | None

    def moved_to(self, ins: Instruction, delta: int) -> Inputs | None:
        """These inputs for ``ins``, the same origin standing ``delta`` from it: the same
        ``Inputs`` for the same instruction, else a copy with its sources moved."""
        if self.inputs is None or self.inputs.instruction is ins:
            return self.inputs
        return Inputs(ins, [_moved(s, delta - self.delta) for s in self.inputs.sources])


def inputs_by_instruction(analysis: Analysis, tree: ContextTree) -> dict[int, Inputs]:
    """``id(instruction) -> inputs_of(analysis, instruction, tree)`` for every instruction of a
    stage that has inputs, in document order. Remembered on ``tree`` by the instruction's text
    and the file's escape character when none of the values it expands (its sources,
    ``--exclude`` patterns, bind mount sources) holds a variable, a quote or the escape
    character: its inputs are then decided by its text and the tree, and an instruction seen by
    an earlier lint costs a lookup; one the last lint read (or a copy of it a re-parse moved)
    costs a lookup by identity. The remembered sources' file lists are shared: read-only."""
    escape, derived = analysis.dockerfile.escape, tree.derived
    last = _handed_out(derived, escape)
    handed: dict[int, _HandedOut] = {}
    found: dict[int, Inputs] = {}
    for ins in _reading_instructions(analysis):
        origin, delta = origin_and_delta(ins, 0)
        remembered = last.get(id(origin))
        if remembered is not None and remembered.origin is origin:
            inputs = remembered.moved_to(ins, delta)
        else:
            inputs, by_text = _inputs_remembered_by_text(analysis, ins, tree)
            if not by_text:
                if inputs is not None:
                    found[id(ins)] = inputs
                continue
        handed[id(origin)] = _HandedOut(origin, delta, inputs)
        if inputs is not None:
            found[id(ins)] = inputs
    derived.put(_HANDED_OUT, ((escape, handed), 0))
    return found


def _handed_out(derived: WeightedLRU[Hashable, tuple[object, int]], escape: str) -> dict[int, _HandedOut]:
    """What the last ``inputs_by_instruction`` with this escape character handed out that the
    instructions' text decided, by the id of their origin (empty when nothing is remembered)."""
    remembered = derived.get(_HANDED_OUT)
    if remembered is None:
        return {}
    last_escape, handed = cast("tuple[str, dict[int, _HandedOut]]", remembered[0])
    return handed if last_escape == escape else {}


def _inputs_remembered_by_text(analysis: Analysis, ins: Instruction, tree: ContextTree) -> tuple[Inputs | None, bool]:
    """``inputs_of(analysis, ins, tree)``, remembered on ``tree`` by the instruction's text and
    the escape character when its text alone decides them; and whether it does."""
    text, escape, derived = analysis.dockerfile.text, analysis.dockerfile.escape, tree.derived
    start = ins.span.start
    key = ("inputs", escape, text[start : ins.span.end])
    remembered = derived.get(key)
    if remembered is None:
        inputs, plain = _inputs_read_plainly(analysis, ins, tree)
        relative = None if inputs is None else tuple(_moved(s, -start) for s in inputs.sources)
        paths = sum(len(s.files) + len(s.ignored) for s in relative or ())
        derived.put(key, (relative, paths) if plain else (_NOT_REMEMBERED, 0))
        return inputs, plain
    if remembered[0] == _NOT_REMEMBERED:
        return inputs_of(analysis, ins, tree), False
    sources = cast("tuple[Source, ...] | None", remembered[0])
    return (None if sources is None else Inputs(ins, [_moved(s, start) for s in sources])), True


def _reading_instructions(analysis: Analysis) -> list[Instruction]:
    """The top-level instructions of the stages that may have inputs, in document order: a COPY
    or ADD (an ONBUILD's too), a RUN with flags. Read off the file's instructions of those
    keywords, not all of them; a moved instruction's flags are asked where it was parsed (a
    moved copy makes its own when they are first read)."""
    stages = analysis.stages
    if not stages:
        return []
    first = stages[0].from_instruction.span.start
    dockerfile = analysis.dockerfile
    runs = [ins for ins in dockerfile.of_keyword("RUN") if origin_and_delta(ins, 0)[0].flags]
    found = [
        ins if ins.parent is None else ins.parent
        for ins in chain(dockerfile.of_keyword("COPY"), dockerfile.of_keyword("ADD"), runs)
    ]
    return sorted((ins for ins in found if ins.span.start >= first), key=_start)


#: an instruction's start, as a sort key
_start = attrgetter("span.start")


def _inputs_read_plainly(analysis: Analysis, ins: Instruction, tree: ContextTree) -> tuple[Inputs | None, bool]:
    """``inputs_of``, and whether every value it expanded was plain (no variable, quote or escape
    character: expanded to itself wherever the instruction stands)."""
    eff, escape = ins.effective, analysis.dockerfile.escape
    plain = True

    def resolve(value: str) -> tuple[str, bool]:
        nonlocal plain
        plain = plain and escape not in value and not any(c in value for c in _CONTEXTUAL)
        return analysis.resolve(value, eff)

    return inputs_of(analysis, ins, tree, resolve), plain


def _moved(source: Source, by: int) -> Source:
    """A copy of ``source`` ``by`` characters on (its file lists shared)."""
    return Source(source.span.moved(by), source.spec, source.origin, source.excludes, source.files, source.ignored)


def _copy_sources(ins: Instruction, resolve: Resolve) -> list[Source]:
    words, _ = copy_operands(ins)
    from_flag = ins.flag("from")
    excludes = [resolve(f.value or "")[0] for f in ins.flags_named("exclude")]
    matcher = PatternMatcher(excludes) if excludes else None
    out = []
    for token in words:
        if from_flag is not None:
            origin = STAGE
        elif is_heredoc_word(token.value):
            origin = HEREDOC
        elif is_remote(token.value):
            origin = REMOTE
        else:
            origin = CONTEXT
        value, known = resolve(token.value)
        if origin == CONTEXT and not known:
            origin = UNKNOWN
        out.append(Source(token.span, context_path(value) if origin == CONTEXT else value, origin, matcher))
    return out


def _bind_sources(ins: Instruction, resolve: Resolve) -> list[Source]:
    """``RUN --mount=type=bind`` without ``from=`` reads its ``source`` (default: all) from the context."""
    out = []
    for flag in ins.flags_named("mount"):
        fields = dict(part.partition("=")[::2] for part in (flag.value or "").split(","))
        if fields.get("type", "bind") != "bind" or "from" in fields:
            continue
        raw = fields.get("source", fields.get("src", "."))
        value, known = resolve(raw)
        span = flag.value_span or flag.span
        out.append(Source(span, context_path(value), CONTEXT if known else UNKNOWN))
    return out


def _fill(source: Source, tree: ContextTree) -> None:
    if source.origin != CONTEXT:
        return
    source.files = [p for p in tree.under(source.literal_prefix) if source.names(p)]
    source.ignored = [p for p in tree.ignored if source.names(p.rstrip("/")) or _inside(p, source)]


def _inside(ignored: str, source: Source) -> bool:
    """A pruned ignored directory (``dir/``) that holds the source's path."""
    return ignored.endswith("/") and (source.literal_prefix + "/").startswith(ignored)
