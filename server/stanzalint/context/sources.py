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
import weakref
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from typing import Callable, NamedTuple, cast

from stanzalint.analysis.dockerignore import Pattern, PatternMatcher
from stanzalint.analysis.model import Analysis
from stanzalint.context.tree import ContextTree
from stanzalint.lru import WeightedLRU
from stanzalint.rules.toolkit.copies import copy_operands, is_heredoc_word, is_remote
from stanzalint.rules.toolkit.kept_answers import KeptAnswers
from stanzalint.syntax import operands
from stanzalint.syntax.model import Dockerfile, Flag, Instruction, Span
from stanzalint.syntax.moved import LazilyMoved, origin_and_delta

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

    @cached_property
    def names_context_files(self) -> bool:
        """Whether a source other than the whole context (``.``) reads files of it (worked out
        once, shared with the copies a re-parse moves, as ``files``)."""
        return any(s.files for s in self.sources if s.origin == CONTEXT and s.spec != ".")

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


#: ``ContextTree.derived`` key of what the lints handed out that the instructions' text decided
#: (``_HandedOut`` by the id of the instruction's origin, with the file's escape character): a
#: re-parse keeps the instructions before its edit and moves those after it, whose inputs then
#: cost a lookup by identity.
_HANDED_OUT = ("inputs handed out last",)


class _HandedOut(NamedTuple):
    """The inputs (or None) a lint handed out for an instruction whose text decides them, as
    they stand at the instruction it was parsed as (``origin_and_delta``): an instruction a
    later re-parse moves gets them moved when it is linted, and the entry stays as it is."""

    origin: Instruction
    inputs: Inputs | None

    def moved_to(self, ins: Instruction, delta: int) -> Inputs | None:
        """These inputs for ``ins``, the origin moved ``delta`` on: the same ``Inputs`` for the
        origin itself, else a copy whose sources are moved when first read."""
        if self.inputs is None or self.inputs.instruction is ins:
            return self.inputs
        return MovedInputs.of(self.inputs, ins, delta)


class MovedInputs(LazilyMoved, Inputs):
    """The ``Inputs`` of an instruction a re-parse moved: those of the instruction it was parsed
    as, with its sources moved when first read (most readers only ask for its files, which
    do not depend on where it stands: the origin's list, shared)."""

    MOVERS = {"sources": lambda sources, delta: [MovedSource.of(s, delta) for s in sources]}

    @staticmethod
    def of(inputs: Inputs, ins: Instruction, delta: int) -> MovedInputs:
        """``inputs`` (not itself moved) for ``ins``, standing ``delta`` characters on."""
        moved: MovedInputs = object.__new__(MovedInputs)
        moved.__dict__ = {
            "instruction": ins,
            "files": inputs.files,
            "names_context_files": inputs.names_context_files,
            "_origin": inputs,
            "_delta": delta,
        }
        return moved


class MovedSource(LazilyMoved, Source):
    """A ``Source`` of an instruction a re-parse moved: the origin's, its span moved when first
    read (the rules that read every source read the span of the few they report)."""

    MOVERS = {"span": Span.moved}

    @staticmethod
    def of(source: Source, delta: int) -> MovedSource:
        """``source`` (not itself moved) ``delta`` characters on, its file lists shared."""
        moved: MovedSource = object.__new__(MovedSource)
        moved.__dict__ = state = dict(source.__dict__)
        del state["span"]
        state["_origin"], state["_delta"] = source, delta
        return moved


#: how many more origins than reading instructions the handed-out entries may hold before the
#: entries of instructions gone from the file are dropped
_STALE_HANDED_OUT = 64


def inputs_by_instruction(analysis: Analysis, tree: ContextTree, whole: bool = True) -> dict[int, Inputs]:
    """``id(instruction) -> inputs_of(analysis, instruction, tree)`` for every instruction of a
    stage that has inputs, in document order. Remembered on ``tree`` by the instruction's text
    and the file's escape character when none of the values it expands (its sources,
    ``--exclude`` patterns, bind mount sources) holds a variable, a quote or the escape
    character: its inputs are then decided by its text and the tree, and an instruction seen by
    an earlier lint costs a lookup; one a lint read (or a copy of it a re-parse moved) costs a
    lookup by identity, its sources moved when read. The remembered sources' file lists are
    shared: read-only. ``whole`` False: ``analysis`` is the file seen through some of its rows
    (``stanzalint.partial``), whose absent instructions keep their entries."""
    looked = _Lookup(analysis, tree, whole)
    found = {id(ins): inputs for ins in looked.reading if (inputs := looked.placed(ins)) is not None}
    looked.hand_out()
    return found


def files_read(analysis: Analysis, tree: ContextTree, whole: bool = True) -> tuple[bool, bool]:
    """Whether the instructions of ``analysis`` read files of ``tree``, and whether a source of
    theirs other than the whole context (``.``) does. For a whole parse, each instruction's
    answer is carried from the parse it was made on (``_read_by_instruction``): only the
    instructions it read again, and those whose inputs depend on more than their text, are
    looked at. For some rows of one (``whole`` False), their inputs are read in turn until one
    of the second kind, each where it was first worked out (nothing is moved)."""
    if not whole or type(analysis.dockerfile) is not Dockerfile:
        looked = _Lookup(analysis, tree, whole)
        found = _files_read_of(map(looked.unplaced, looked.reading))
        looked.hand_out()
        return found
    instructions = analysis.dockerfile.instructions
    answers = _read_by_instruction(analysis, tree)
    first = _first_stage_row(analysis)
    if answers.find(_NAMED, first) >= 0:
        return True, True
    asked = [_inputs_remembered_by_text(analysis, instructions[i], tree)[0] for i in _undecided(answers, first)]
    reads, names = _files_read_of(asked)
    return reads or answers.find(_FILES, first) >= 0, names


def _files_read_of(found: Iterable[Inputs | None]) -> tuple[bool, bool]:
    """Whether some of ``found`` read files, and whether one does through a source other than
    ``.`` (asked in turn until one does)."""
    reads = False
    for inputs in found:
        if inputs is None:
            continue
        if inputs.names_context_files:
            return True, True
        reads = reads or bool(inputs.files)
    return reads, False


#: What an instruction reads of the context (``_read_by_instruction``), one byte each: no file,
#: files through ``.`` only, files through another source, or decided by more than its text
#: (asked each time). Bytes, so that a lint finds the answers it looks for in C, at memchr's pace.
_NOTHING, _FILES, _NAMED, _UNDECIDED = 0, 1, 2, 3

#: ``ContextTree.derived`` key of the last whole parse's ``_read_by_instruction`` answers
_READ_BY_INSTRUCTION = ("read by instruction",)


def _read_by_instruction(analysis: Analysis, tree: ContextTree) -> bytes:
    """What each top-level instruction of the parse reads of ``tree`` (``_NOTHING``, ``_FILES``,
    ``_NAMED`` or ``_UNDECIDED``, a byte each), remembered on the tree for the last parse asked
    about: the answers of the instructions a re-parse kept are carried over (``Dockerfile.kept_ends``)."""
    dockerfile, escape = analysis.dockerfile, analysis.dockerfile.escape
    remembered = tree.derived.get(_READ_BY_INSTRUCTION)
    head = tail = 0
    before = b""
    if remembered is not None:
        last, last_escape, before = cast("tuple[weakref.ref[Dockerfile], str, bytes]", remembered[0])
        previous = last()
        if previous is dockerfile and last_escape == escape:
            return before
        if previous is not None and last_escape == escape and len(before) == len(previous.instructions):
            head, tail = dockerfile.kept_ends(previous)
    new = dockerfile.instructions
    asked = bytes([_read_by(analysis, ins, tree) for ins in new[head : len(new) - tail]])
    answers = before[:head] + asked + before[len(before) - tail :]
    tree.derived.put(_READ_BY_INSTRUCTION, ((weakref.ref(dockerfile), escape, answers), 0))
    return answers


def _read_by(analysis: Analysis, ins: Instruction, tree: ContextTree) -> int:
    """What ``ins`` reads of ``tree`` (``_read_by_instruction``)."""
    if not _may_have_inputs(ins, ""):
        return _NOTHING
    inputs, by_text = _inputs_remembered_by_text(analysis, ins, tree)
    if not by_text:
        return _UNDECIDED
    if inputs is None or not inputs.files:
        return _NOTHING
    return _NAMED if inputs.names_context_files else _FILES


def _first_stage_row(analysis: Analysis) -> int:
    """The index of the first stage's FROM among the parse's top-level instructions (their
    number without a stage)."""
    instructions = analysis.dockerfile.instructions
    if not analysis.stages:
        return len(instructions)
    first = analysis.stages[0].from_instruction.span.start
    return next((i for i, ins in enumerate(instructions) if ins.span.start >= first), len(instructions))


def _undecided(answers: bytes, start: int) -> Iterator[int]:
    """The indexes from ``start`` on of the instructions whose answer is ``_UNDECIDED`` (asked
    each time), searched in C."""
    at = answers.find(_UNDECIDED, start)
    while at >= 0:
        yield at
        at = answers.find(_UNDECIDED, at + 1)


class _Lookup:
    """The inputs of the reading instructions of one lint's ``analysis``: by the identity of the
    instruction each was parsed as, else by text (``inputs_by_instruction``), the answers new to
    ``tree``'s handed-out entries collected for ``hand_out``."""

    def __init__(self, analysis: Analysis, tree: ContextTree, whole: bool) -> None:
        self.analysis, self.tree, self.whole = analysis, tree, whole
        self.escape = analysis.dockerfile.escape
        self.handed = _handed_out(tree.derived, self.escape)
        self.added: dict[int, _HandedOut] = {}
        self.reading = _reading_instructions(analysis)

    def placed(self, ins: Instruction) -> Inputs | None:
        """The inputs of ``ins`` where it stands."""
        return self._looked_up(ins, True)

    def unplaced(self, ins: Instruction) -> Inputs | None:
        """The inputs of ``ins``, or of the instruction it was parsed as (their spans may stand
        elsewhere: for readers of their files only)."""
        return self._looked_up(ins, False)

    def _looked_up(self, ins: Instruction, placed: bool) -> Inputs | None:
        origin, delta = origin_and_delta(ins, 0)
        remembered = self.handed.get(id(origin))
        if remembered is not None and remembered.origin is origin:
            return remembered.moved_to(ins, delta) if placed else remembered.inputs
        inputs, by_text = _inputs_remembered_by_text(self.analysis, ins, self.tree)
        if by_text:
            self.added[id(origin)] = _HandedOut(origin, _moved_back(inputs, origin, delta))
        return inputs

    def hand_out(self) -> None:
        """Remember on the tree what was looked up by text (``_hand_out``)."""
        if self.added or not self.handed:
            reading = self.reading if self.whole else None
            _hand_out(self.tree.derived, self.escape, self.handed, self.added, reading)


def _moved_back(inputs: Inputs | None, origin: Instruction, delta: int) -> Inputs | None:
    """``inputs`` of an instruction standing ``delta`` from ``origin``, as they stand at ``origin``."""
    if inputs is None or inputs.instruction is origin:
        return inputs
    return Inputs(origin, [_moved(s, -delta) for s in inputs.sources] if delta else inputs.sources)


def _hand_out(
    derived: WeightedLRU[Hashable, tuple[object, int]],
    escape: str,
    handed: dict[int, _HandedOut],
    added: dict[int, _HandedOut],
    reading: list[Instruction] | None,
) -> None:
    """Remembers the entries handed out before with those ``added`` (a new dict: another lint
    may be reading the last one); those of instructions no longer in the file (``reading``: its
    reading instructions, None when not all are known) are dropped once they outnumber the
    file's reading instructions by ``_STALE_HANDED_OUT``."""
    merged = {**handed, **added}
    if reading is not None and len(merged) > len(reading) + _STALE_HANDED_OUT:
        current = {id(origin_and_delta(ins, 0)[0]) for ins in reading}
        merged = {key: entry for key, entry in merged.items() if key in current}
    derived.put(_HANDED_OUT, ((escape, merged), 0))


def _handed_out(derived: WeightedLRU[Hashable, tuple[object, int]], escape: str) -> dict[int, _HandedOut]:
    """What the lints with this escape character handed out that the instructions' text
    decided, by the id of their origin (empty when nothing is remembered)."""
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
    or ADD (an ONBUILD's too), a RUN (an ONBUILD's too) with flags. Which instructions those are
    is carried from the parse a re-parse was made on (``KeptAnswers``): only the instructions it
    read again are looked at."""
    stages = analysis.stages
    if not stages:
        return []
    instructions = analysis.dockerfile.instructions
    reading = list(compress(instructions, _MAY_HAVE_INPUTS.of(analysis.dockerfile)))
    first = stages[0].from_instruction.span.start
    before_first_stage = next((i for i, ins in enumerate(reading) if ins.span.start >= first), len(reading))
    return reading[before_first_stage:]


def _may_have_inputs(ins: Instruction, _text: str) -> bool:
    """Whether a top-level instruction may have inputs: a COPY or ADD, a RUN with flags (asked
    of the instruction it was parsed as: a moved copy makes its own flags when first read)."""
    eff = ins.effective
    return eff.keyword in ("COPY", "ADD") or (eff.keyword == "RUN" and bool(origin_and_delta(eff, 0)[0].flags))


#: ``_may_have_inputs`` of each top-level instruction of a parse, carried to its re-parses
_MAY_HAVE_INPUTS: KeptAnswers[bool] = KeptAnswers(_may_have_inputs)


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


def context_binds(ins: Instruction) -> list[tuple[Flag, dict[str, str]]]:
    """The ``--mount`` flags of a RUN that bind the build context, each with its fields
    (``operands.mount_fields``): a mount of type ``bind`` (the type BuildKit takes when none is
    given) without a ``from=`` stage or image, whatever else it sets (``readonly``, ``target``...). The
    one place this is decided: ``inputs_of`` reads the sources of these, and whatever asks
    whether an instruction reads the context asks whether it has any."""
    if ins.keyword != "RUN":
        return []
    out = []
    for flag in ins.flags_named("mount"):
        fields = operands.mount_fields(flag.value or "")
        if fields.get("type", "bind").lower() == "bind" and not fields.get("from"):
            out.append((flag, fields))
    return out


def may_read_context(ins: Instruction) -> bool:
    """Whether an instruction (an ONBUILD's effective one) may read the build context: a COPY or
    ADD without ``--from``, or a RUN binding it (``context_binds``)."""
    if ins.keyword in ("COPY", "ADD"):
        return ins.flag("from") is None
    return bool(context_binds(ins))


def _bind_sources(ins: Instruction, resolve: Resolve) -> list[Source]:
    """A RUN's bind mounts of the context (``context_binds``) read their ``source`` (default:
    all) from the context."""
    out = []
    for flag, fields in context_binds(ins):
        raw = fields.get("source", ".")
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
