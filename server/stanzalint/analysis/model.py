"""What analysis adds to the parsed Dockerfile: stages, image references, variables, shell commands.

Rules read these; they never re-parse text. ``stanzalint.analysis.analyze(dockerfile, target)``
builds an ``Analysis``.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple, TypeVar, cast

# the shell parser's types, also read from here: the parser imports them without this module
from stanzalint.analysis.fact_list import FactList, Gaps, facts_between
from stanzalint.analysis.shell_command import ShellCommand as ShellCommand
from stanzalint.analysis.shell_command import Word as Word
from stanzalint.syntax.model import Dockerfile, Instruction, Span
from stanzalint.syntax.moved import origin_and_delta
from stanzalint.syntax.operands import from_values

if TYPE_CHECKING:
    from stanzalint.analysis.rebase import PendingRest, PendingStage
    from stanzalint.analysis.scope import MovedScopes, Scope, TableView

#: held while a moved stage's facts or scopes are made or read from an analysis that later lints
#: share: two lints (the server runs them in two threads) may prepare from the same previous
#: analysis
MOVED_SCOPES_LOCK = threading.RLock()


@dataclass
class ImageRef:
    """A base image reference from a FROM line, after ARG substitution.

    ``docker.io`` images are normalised: ``python:3.12`` has registry ``docker.io``, namespace
    ``library``, repository ``python``. ``namespace`` is everything between registry and the
    last path component (``nvidia`` in ``nvidia/cuda``; ``a/b`` in ``ghcr.io/a/b/c``).
    """

    raw: str  # as written, variables unexpanded
    span: Span  # the image word in the FROM line
    resolved: str  # after substituting ARG defaults
    unresolved: bool  # a variable could not be resolved (no default)
    registry: str = "docker.io"
    namespace: str = "library"
    repository: str = ""
    tag: str | None = None
    digest: str | None = None
    registry_explicit: bool = False  # the reference named its registry
    error: str | None = None  # why Docker would reject the resolved reference, else None

    @property
    def path(self) -> str:
        """``library/python``, ``nvidia/cuda``, ``ghcr.io``-less path."""
        return f"{self.namespace}/{self.repository}" if self.namespace else self.repository

    @property
    def is_official(self) -> bool:
        """A Docker Official Image (docker.io/library/...)."""
        return self.registry == "docker.io" and self.namespace == "library"

    @property
    def is_scratch(self) -> bool:
        return self.resolved.lower() == "scratch"

    @property
    def familiar(self) -> str:
        """The short name people write: ``python``, ``nvidia/cuda``, ``ghcr.io/a/b``."""
        if self.registry == "docker.io":
            return self.repository if self.namespace == "library" else self.path
        return f"{self.registry}/{self.path}"

    @property
    def familiar_tagged(self) -> str:
        """``familiar`` with the tag, when one is written: ``python:3.12``, ``nvidia/cuda``."""
        return self.familiar + (f":{self.tag}" if self.tag else "")


@dataclass
class Stage:
    """A build stage: FROM and the instructions up to the next FROM."""

    index: int
    from_instruction: Instruction
    instructions: list[Instruction]  # FROM first; ONBUILD wrappers as they stand
    name: str | None = None  # as written after AS
    name_span: Span | None = None
    image: ImageRef | None = None  # None when the base is an earlier stage
    base_stage: Stage | None = None  # FROM <earlier stage>
    platform: str | None = None  # --platform value as written
    # FROM word that does not fully resolve (``base-$TARGETARCH``): earlier stages it may name
    base_candidates: list[Stage] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The name BuildKit matches (lower case), or the index as text."""
        return self.name.lower() if self.name else str(self.index)

    @property
    def chain(self) -> list[Stage]:
        """This stage, then the stage it is based on, and so on."""
        out: list[Stage] = []
        seen: set[int] = set()
        stage: Stage | None = self
        while stage is not None and id(stage) not in seen:
            seen.add(id(stage))
            out.append(stage)
            stage = stage.base_stage
        return out

    @property
    def root_image(self) -> ImageRef | None:
        """The external image at the bottom of the chain (``scratch`` included)."""
        return self.chain[-1].image

    @property
    def named_root_image(self) -> ImageRef | None:
        """``root_image`` when it names a real image: not ``scratch``, no unresolved variable."""
        root = self.root_image
        if root is None or root.unresolved or root.is_scratch:
            return None
        return root

    @property
    def body(self) -> list[Instruction]:
        """The stage's instructions after its FROM."""
        return self.instructions[1:]

    @cached_property
    def possible_bases(self) -> list[Stage]:
        """The stage this one is built on, or the stages a partly known FROM word may name
        (``base-${ARCH}``); none for a word that is nothing but a variable (it names an image)."""
        if self.base_stage is not None:
            return [self.base_stage]
        raw = self.image.raw if self.image is not None else ""
        return list(self.base_candidates) if _VARIABLE.sub("", raw) else []

    @cached_property
    def own_body(self) -> list[Instruction]:
        """``body`` without ONBUILD wrappers (they run in the images built on this one); made
        once, for the many rules that read it."""
        return [ins for ins in self.instructions[1:] if ins.keyword != "ONBUILD"]

    @cached_property
    def own_places(self) -> dict[int, int]:
        """id(instruction) -> its place in ``own_body``."""
        return {id(ins): at for at, ins in enumerate(self.own_body)}

    @property
    def chain_body(self) -> list[tuple[Stage, Instruction]]:
        """``own_body`` of the stages of ``chain``, oldest first, each instruction with its stage,
        for the many rules about the image a stage builds. The bases' part is made once; this
        stage's own pairs are not kept on it (a stage holding itself is a reference cycle, which
        kept every lint's analysis alive until the cycle collector ran)."""
        return self._bases_body + [(self, ins) for ins in self.own_body]

    @cached_property
    def _bases_body(self) -> list[tuple[Stage, Instruction]]:
        """``chain_body`` of the stages this one is built on (never this stage itself)."""
        return [(stage, ins) for stage in reversed(self.chain) if stage is not self for ins in stage.own_body]


class StageTable:
    """The stage each instruction of one parse belongs to (an ONBUILD's inner instruction is in
    its ONBUILD's; those before the first FROM and those of other parses are in none): the
    stage whose FROM line is the last at or before the instruction's first line, when the
    instruction is one of that stage's. Each stage's set of instructions is made when first
    asked about: a keystroke makes new objects of every instruction after it, and a table of
    them all, made per keystroke, cost more than the few questions a lint asks (mostly about
    the edited stage, and about FROMs, which need no set). Safe to read from the server's two
    lint threads at once: a set made twice is the same set."""

    __slots__ = ("stages", "from_lines", "_members")

    def __init__(self, stages: list[Stage]) -> None:
        self.stages = stages
        self.from_lines = [stage.from_instruction.start_line for stage in stages]
        self._members: dict[int, frozenset[int]] = {}  # stage index -> ids of its instructions

    def of(self, instruction: Instruction) -> Stage | None:
        """The stage ``instruction`` belongs to, if any."""
        top = instruction.parent if instruction.parent is not None else instruction
        at = bisect.bisect_right(self.from_lines, top.start_line) - 1
        if at < 0:
            return None
        stage = self.stages[at]
        if top is not stage.from_instruction:
            members = self._members.get(at)
            if members is None:  # the ids of the stage's instructions
                members = self._members.setdefault(at, frozenset(map(id, stage.instructions)))
            if id(top) not in members:
                return None
        return stage if top is instruction or top.inner is instruction else None


@dataclass
class VarDecl:
    """A variable declaration: ``ARG X=1``, ``ENV X=1``, or a predefined build arg."""

    name: str
    kind: str  # "ARG" | "ENV" | "predefined"
    instruction: Instruction | None  # None for predefined
    name_span: Span | None
    value: str | None  # default / value after substitution; None for ``ARG X`` without default
    value_span: Span | None = None
    stage: int | None = None  # stage index; None for global ARGs before the first FROM


class Declared(NamedTuple):
    """A declaration's name, kind and stage (``Analysis.declared``)."""

    name: str
    kind: str
    stage: int | None


@dataclass
class VarRef:
    """A use of a variable: ``$X``, ``${X}``, ``${X:-default}``, in an instruction's text."""

    name: str
    span: Span  # the whole reference, ``$`` to closing brace
    name_span: Span
    instruction: Instruction
    operator: str | None = None  # None, ":-", "-", ":+", "+", ":?", "?", "#", "##", "%", "%%"...
    word: str | None = None  # the text after the operator
    decls: list[VarDecl] = field(default_factory=list)  # the declarations that reach this use
    value: str | None = None  # resolved value when known (after operator), else None
    in_shell: bool = False  # inside a shell-form RUN/CMD/ENTRYPOINT: the shell expands it at run time
    shell_assigned: bool = False  # in_shell and the script itself sets the name (``X=1``, ``for X in``)
    heredoc: int | None = None  # index of the heredoc whose body holds the reference, else None

    @property
    def defined(self) -> bool:
        return bool(self.decls)


DEFAULT_SHELL = ["/bin/sh", "-c"]
_VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+")
NON_POSIX_SHELLS = frozenset({"pwsh", "pwsh.exe", "powershell", "powershell.exe", "cmd", "cmd.exe"})


@dataclass
class Analysis:
    """The analysed Dockerfile."""

    dockerfile: Dockerfile
    stages: list[Stage]
    global_args: list[VarDecl]
    target: str | None = None
    final_stage: Stage | None = None
    #: the declarations and references made so far (``decls`` and ``refs`` are all of them)
    _decls: list[VarDecl] = field(default_factory=list)
    _refs: list[VarRef] = field(default_factory=list)
    #: stage index -> the facts of a stage an edit moved, or of the edited stage's instructions
    #: after the changed ones, made when first read (``decls``, ``refs``, ``refs_in``,
    #: ``decls_of``, ``scope_of``, ``final_tables``)
    _pending: dict[int, PendingStage] = field(default_factory=dict, repr=False, compare=False)
    #: stage index -> what the facts of a stage made late were made from: an edit that moves it
    #: again moves that on, instead of taking the stage's facts again
    _made_from: dict[int, PendingStage] = field(default_factory=dict, repr=False, compare=False)
    #: the kind of facts -> ((how many were made, how many stages were still to be made), where
    #: the stages' facts go): ``_gaps``' last answer
    _gaps_of: dict[str, tuple[tuple[int, int], Gaps]] = field(default_factory=dict, repr=False, compare=False)
    _commands: dict[int, list[ShellCommand]] = field(default_factory=dict)
    _stage_of: StageTable = field(default_factory=lambda: StageTable([]))
    #: id(instruction) -> its scope, for instructions of ``dockerfile.instructions`` only (an edit's
    #: analysis keeps this table less those after the edit: ``analysis.reuse``)
    _scopes: dict[int, Scope] = field(default_factory=dict)
    #: stage index -> the scopes of a stage an edit moved, made when asked for (``scope_of``)
    _moved_scopes: dict[int, MovedScopes] = field(default_factory=dict, repr=False, compare=False)
    _shells: dict[int, StageShells] | None = None  # stage index -> its SHELLs (``shell_of``)
    _refs_by_instruction: dict[int, list[VarRef]] | None = None
    _refs_indexed: int = 0  # len(refs) when the index was built
    shell_pragma: str | None = None  # ``# hadolint shell=...``
    #: where the next text's analysis resumes the walk (``analysis.reuse``): the scope of the
    #: FROM lines, and each stage's (ENV, ARG) tables at its end (a stage whose facts are still
    #: to be made has none yet: ``final_tables`` makes them)
    _global_scope: Scope | None = None
    _stage_tables: dict[int, tuple[TableView, TableView]] = field(default_factory=dict)
    #: stage index -> ``built_on`` of it, for the stages asked about
    _built_on: dict[int, list[Stage]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def decls(self) -> FactList[VarDecl]:
        """Every declaration (the global ARGs too), in document order (a stage an edit moved is
        made when one of its declarations is read)."""
        return FactList(self._decls, self._decl_gaps, self._bring_locked, MOVED_SCOPES_LOCK)

    @property
    def refs(self) -> FactList[VarRef]:
        """Every variable reference, in document order (a stage an edit moved is made when one
        of its references is read)."""
        return FactList(self._refs, self._ref_gaps, self._bring_locked, MOVED_SCOPES_LOCK)

    @cached_property
    def first_declared(self) -> dict[str, int]:
        """Name -> where the first ARG or ENV instruction declaring it starts (predefined ARGs
        have none). A stage an edit moved answers from its facts still to be made (moved
        ``chars`` on), so none is made: the places and names are those a fresh walk finds."""
        with MOVED_SCOPES_LOCK:  # another thread may be making a stage of this analysis
            first = first_declarations(self._decls)
            for pending in self._pending.values():
                for name, start in pending.facts.first_declared.items():
                    moved = start + pending.chars
                    first[name] = min(first.get(name, moved), moved)
            return first

    @cached_property
    def declared(self) -> list[Declared]:
        """(name, kind, stage index) of every declaration, in document order (``decls``' names,
        kinds and stages). A stage an edit moved answers from its facts still to be made, so
        none is made."""
        with MOVED_SCOPES_LOCK:  # another thread may be making a stage of this analysis
            gaps, made = self._decl_gaps(), self._decls
            found: list[Declared] = []
            taken = 0  # the made declarations already in ``found``
            for first, index in zip(gaps.firsts, gaps.stages):
                upto = first - (len(found) - taken)  # the made declarations before this gap
                found += _declared_of(made[taken:upto])
                found += [Declared(name, kind, index) for name, kind in self._pending[index].facts.declared]
                taken = upto
            found += _declared_of(made[taken:])
            return found

    def decls_between(self, start: int, end: int) -> list[VarDecl]:
        """The declarations of the instructions starting from ``start`` to before ``end`` (a
        new list): only the moved stages there are made, not those a bisection of ``decls``
        would look at on its way."""
        return self._facts_between(lambda: self._decls, decl_start, start, end)

    def refs_between(self, start: int, end: int) -> list[VarRef]:
        """The references starting from ``start`` to before ``end`` (a new list): only the
        moved stages there are made."""
        return self._facts_between(lambda: self._refs, ref_start, start, end)

    def _facts_between(self, made: Callable[[], list[F]], key: Callable[[F], int], start: int, end: int) -> list[F]:
        """The facts of ``made()`` (ordered by ``key``) from ``start`` to before ``end``, once
        the stages still to be made that reach into that range are made."""
        with MOVED_SCOPES_LOCK:  # another thread may be making a stage of this analysis
            for index in sorted(self._pending):
                instructions = self.stages[index].instructions
                if self._pending_start(index) < end and instructions[-1].span.end > start:
                    self._bring(index)
            return facts_between(made(), key, start, end)

    def _decl_gaps(self) -> Gaps:
        """Where the declarations of the stages still to be made stand among all of them."""
        return self._gaps(self._decls, decl_start, "decls")

    def _ref_gaps(self) -> Gaps:
        """Where the references of the stages still to be made stand among all of them."""
        return self._gaps(self._refs, ref_start, "refs")

    def _gaps(self, made: list[F], key: Callable[[F], int], kind: str) -> Gaps:
        """Where the facts (``kind``) of the stages still to be made stand among all of them,
        ``made`` being those made, ordered by ``key`` (found once, then kept up to date as
        stages are made: ``_bring``)."""
        state = (len(made), len(self._pending))
        known = self._gaps_of.get(kind)
        if known is not None and known[0] == state:
            return known[1]
        places = []
        for index in sorted(self._pending):
            start = self._pending_start(index)
            count = self._pending[index].held(kind)
            places.append((bisect.bisect_left(made, start, key=key), count, index))
        gaps = Gaps(places)
        self._gaps_of[kind] = state, gaps
        return gaps

    def _make_tables(self, index: int) -> None:
        """Make the (ENV, ARG) tables and the scopes of stage ``index`` if they are still to be
        made: with all its facts, but for the instructions after the edit in a resumed stage,
        whose references stay to be made (the caller holds ``MOVED_SCOPES_LOCK``)."""
        pending = self._pending.get(index)
        if pending is not None and not pending.whole_stage:
            cast("PendingRest", pending).make_tables(self, self.stages[index])
        else:
            self._bring(index)

    def _bring_locked(self, index: int) -> None:
        """``_bring`` for a reader (it takes ``MOVED_SCOPES_LOCK``)."""
        with MOVED_SCOPES_LOCK:
            self._bring(index)

    def _bring(self, index: int) -> None:
        """Make the facts of stage ``index`` if they are still to be made (the caller holds
        ``MOVED_SCOPES_LOCK``)."""
        pending = self._pending.get(index)
        if pending is not None:
            before = self._made_counts()
            pending.bring(self, self.stages[index])
            del self._pending[index]
            if pending.whole_stage:
                self._made_from[index] = pending
            after = self._made_counts()
            for kind, (state, gaps) in self._gaps_of.items():
                if state == before[kind]:  # the gaps found just before: the same but this stage's
                    gaps.made(index)
                    self._gaps_of[kind] = after[kind], gaps

    def _made_counts(self) -> dict[str, tuple[int, int]]:
        """For each kind of facts, how many are made and how many stages are still to be made
        (what ``_gaps`` answered for)."""
        return {"decls": (len(self._decls), len(self._pending)), "refs": (len(self._refs), len(self._pending))}

    def _bring_stage_of(self, instruction: Instruction) -> None:
        """Make the facts of ``instruction``'s stage if those of ``instruction`` are still to be
        made."""
        if self._pending:
            stage = self._stage_of.of(instruction)
            if stage is not None and stage.index in self._pending:
                top = instruction.parent if instruction.parent is not None else instruction
                if top.span.start >= self._pending_start(stage.index):
                    self._bring_locked(stage.index)

    def _pending_start(self, index: int) -> int:
        """Where the first instruction whose facts stage ``index`` still has to make starts
        (the stage's FROM, or the first one after the edit in the stage an edit resumed)."""
        instructions = self.stages[index].instructions
        return instructions[self._pending[index].first_of(instructions)].span.start

    def final_tables(self, stage: Stage) -> tuple[TableView, TableView]:
        """``stage``'s (ENV, ARG) tables at its end (a stage built on it starts from them)."""
        if stage.index in self._pending:
            with MOVED_SCOPES_LOCK:
                self._make_tables(stage.index)
        return self._stage_tables[stage.index]

    def add_brought_facts(self, stage: Stage, decls: list[VarDecl], refs: list[VarRef], first: int = 0) -> None:
        """Put the declarations and references of ``stage``'s instructions from number ``first``
        on, made after the others', in their places (and in the indexes already made)."""
        start = stage.instructions[first].span.start
        at = bisect.bisect_left(self._decls, start, key=decl_start)
        self._decls[at:at] = decls
        at = bisect.bisect_left(self._refs, start, key=ref_start)
        self._refs[at:at] = refs
        by_instruction = self.__dict__.get("_decls_by_instruction")
        if by_instruction is not None:
            _index_by_instruction(by_instruction, decls)
        if self._refs_by_instruction is not None and self._refs_indexed == len(self._refs) - len(refs):
            _index_by_instruction(self._refs_by_instruction, refs)
            self._refs_indexed = len(self._refs)

    @property
    def whole(self) -> Analysis:
        """The whole file's analysis: this one (a rule run on some stages only sees a partial
        view whose ``stages`` are those, and whose ``whole`` is this)."""
        return self

    def stage_of(self, instruction: Instruction) -> Stage | None:
        """The stage an instruction belongs to (None before the first FROM)."""
        return self._stage_of.of(instruction)

    @cached_property
    def _stages_by_name(self) -> dict[str, Stage]:
        """Lower-case stage name -> the first stage of that name."""
        index: dict[str, Stage] = {}
        for stage in self.stages:
            if stage.name:
                index.setdefault(stage.name.lower(), stage)
        return index

    def stage_named(self, name: str) -> Stage | None:
        """The stage BuildKit resolves ``--from=name`` / ``FROM name`` to, by name or index."""
        key = name.lower()
        named = self._stages_by_name.get(key)
        if named is not None:
            return named
        if key.isdigit():
            i = int(key)
            if 0 <= i < len(self.stages):
                return self.stages[i]
        return None

    @cached_property
    def _built_directly_on(self) -> dict[int, list[Stage]]:
        """Stage index -> the stages whose FROM names it, in order."""
        index: dict[int, list[Stage]] = {}
        for stage in self.stages:
            if stage.base_stage is not None:
                index.setdefault(stage.base_stage.index, []).append(stage)
        return index

    def built_directly_on(self, stage: Stage) -> list[Stage]:
        """The stages whose FROM names ``stage``, in order (shared: do not change it)."""
        return self._built_directly_on.get(stage.index, [])

    def built_on(self, stage: Stage) -> list[Stage]:
        """The stages built on ``stage`` through ``FROM <stage>``, directly or not, in order
        (found once per stage asked about: a list for every stage would grow with the square
        of a long chain's length; the list is shared: do not change it)."""
        found = self._built_on.get(stage.index)
        if found is None:
            children = self._built_directly_on
            reached: list[Stage] = []
            todo = [stage]
            while todo:
                for child in children.get(todo.pop().index, ()):
                    reached.append(child)
                    todo.append(child)
            found = self._built_on[stage.index] = sorted(reached, key=_stage_index)
        return found

    @cached_property
    def possibly_shipped(self) -> list[Stage]:
        """The final stage and every stage it may be built on (``possible_bases``, transitively)."""
        out: list[Stage] = []
        seen: set[int] = set()
        todo = [self.final_stage] if self.final_stage else []
        while todo:
            stage = todo.pop()
            if id(stage) in seen:
                continue
            seen.add(id(stage))
            out.append(stage)
            todo.extend(stage.possible_bases)
        return out

    def may_be_shipped(self, stage: Stage) -> bool:
        """Whether ``stage`` is one of ``possibly_shipped``."""
        return id(stage) in self._possibly_shipped_ids

    @cached_property
    def _possibly_shipped_ids(self) -> frozenset[int]:
        return frozenset(id(s) for s in self.possibly_shipped)

    @cached_property
    def _possibly_built_on(self) -> dict[int, list[Stage]]:
        """Stage index -> the later stages that have it among their ``possible_bases``."""
        index: dict[int, list[Stage]] = {}
        for stage in self.stages:
            for base in stage.possible_bases:
                if base.index < stage.index:
                    index.setdefault(base.index, []).append(stage)
        return index

    def holders(self, stage: Stage) -> list[Stage]:
        """The stage and the later stages possibly built on it (``possible_bases``, directly or
        not), in order: each holds the stage's files."""
        found = {stage.index: stage}
        todo = [stage]
        while todo:
            for child in self._possibly_built_on.get(todo.pop().index, ()):
                if child.index not in found:
                    found[child.index] = child
                    todo.append(child)
        return [found[i] for i in sorted(found)]

    def shipped_stages(self) -> list[Stage]:
        """The final stage and the stages it inherits from through ``FROM <stage>``."""
        return self.final_stage.chain if self.final_stage else []

    def is_shipped(self, stage: Stage) -> bool:
        """Whether ``stage`` is one of ``shipped_stages``."""
        return id(stage) in self._shipped_ids

    @cached_property
    def _shipped_ids(self) -> frozenset[int]:
        return frozenset(id(s) for s in self.shipped_stages())

    def commands(self, instruction: Instruction) -> list[ShellCommand]:
        """Simple commands of a RUN (shell form, heredoc bodies, ``sh -c``), cached."""
        key = id(instruction)
        cached = self._commands.get(key)
        if cached is None:
            from stanzalint.analysis.shell import cached_commands_of  # local: keeps import cheap

            span = instruction.span
            source = self.dockerfile.text[span.start : span.end]
            cached = cached_commands_of(instruction, self.shell_of(instruction), self.dockerfile.escape, source)
            self._commands[key] = cached
        return cached

    def forget_classifications(self) -> None:
        """Drop what the rules worked out about each command (``ShellCommand.classified``), at
        the end of a lint whose analysis no later lint reuses (a lint without a findings memo)."""
        for commands in self._commands.values():
            for cmd in commands:
                cmd.forget_classifications()

    def shell_of(self, instruction: Instruction) -> list[str]:
        """The SHELL in effect for an instruction (``["/bin/sh", "-c"]`` by default).

        A stage built ``FROM <stage>`` starts with the shell that stage ended with."""
        if self._shells is None:
            self._shells = self._stage_shells()
        stage = self._stage_of.of(instruction)
        if stage is not None:
            shells = self._shells.get(stage.index)
        else:
            shells = self._shells.get(_FRAGMENT) if not self.stages else None
        return shells.at((instruction.parent or instruction).span.start) if shells is not None else DEFAULT_SHELL

    def _stage_shells(self) -> dict[int, StageShells]:
        """Stage index -> the SHELLs its instructions run under, stage by stage from the shell
        each starts with (a file without FROM is one group, ``_FRAGMENT``, whose SHELL applies to
        what follows, as in a stage). Only the SHELL instructions are read: a keystroke's
        analysis answers the few questions asked without walking every instruction. The stages
        that set no SHELL of their own and start with the same one share its answer (nothing
        changes a ``StageShells``)."""
        sets: dict[int, list[Instruction]] = {}
        for ins in self.dockerfile.of_keyword("SHELL"):  # indexed once per lint, for the rules too
            if ins.parent is None and ins.is_json and ins.args:
                stage = self._stage_of.of(ins)
                sets.setdefault(stage.index if stage is not None else _FRAGMENT, []).append(ins)
        found: dict[int, StageShells] = {}
        unset: dict[int, StageShells] = {}  # id(start) -> the SHELLs of a stage that sets none
        for stage in self.stages:
            base = found.get(stage.base_stage.index) if stage.base_stage is not None else None
            start = base.at_end if base is not None else DEFAULT_SHELL
            own = sets.get(stage.index)
            if own is None:  # most stages: one answer per SHELL they start with, shared
                found[stage.index] = unset.get(id(start)) or unset.setdefault(id(start), StageShells(start, []))
            else:
                found[stage.index] = StageShells(start, own)
        if not self.stages:
            found[_FRAGMENT] = StageShells(DEFAULT_SHELL, sets.get(_FRAGMENT, []))
        return found

    def is_posix_shell(self, instruction: Instruction) -> bool:
        """False under pwsh/powershell/cmd (from SHELL, or hadolint's ``shell=`` pragma when no
        SHELL instruction says otherwise): POSIX shell rules do not apply."""
        shell = self.shell_of(instruction)
        program = self.pragma_shell(shell) or shell[0]
        prog = program.lower().replace("\\", "/").rsplit("/", 1)[-1]
        return prog not in NON_POSIX_SHELLS

    def pragma_shell(self, shell: list[str]) -> str | None:
        """hadolint's ``shell=`` pragma where it decides the shell: under the default shell
        (``shell`` is ``DEFAULT_SHELL`` itself), not under a SHELL instruction, even one that
        names the same program."""
        return self.shell_pragma if shell is DEFAULT_SHELL else None

    def scope_of(self, instruction: Instruction) -> Scope | None:
        """The variables visible at a top-level instruction (None for an ONBUILD's inner one)."""
        scope = self._scopes.get(id(instruction))
        if scope is None and (self._moved_scopes or self._pending):
            with MOVED_SCOPES_LOCK:
                return self._moved_scope(instruction)
        return scope

    def _moved_scope(self, instruction: Instruction) -> Scope | None:
        """``scope_of`` an instruction of a moved stage, made now if still to be made."""
        scope = self._scopes.get(id(instruction))
        stage = self._stage_of.of(instruction)
        if scope is None and stage is not None:
            self._make_tables(stage.index)
        moved = self._moved_scopes.get(stage.index) if scope is None and stage is not None else None
        if moved is not None:
            assert stage is not None
            at = instruction_place(stage.instructions, instruction, moved.first)
            if at is not None:
                scope = self._scopes[id(instruction)] = moved.scope(at)
        return scope

    def make_facts_before(self, stage: Stage, before: int) -> None:
        """Make the facts and scopes of ``stage``'s instructions that start before offset
        ``before`` and are still to be made; those after it in a resumed stage (``PendingRest``)
        stay to be made (the caller holds ``MOVED_SCOPES_LOCK``)."""
        pending = self._pending.get(stage.index)
        if pending is not None and pending.whole_stage:
            self._bring(stage.index)
        elif pending is not None and self._pending_start(stage.index) < before:
            rest = cast("PendingRest", pending)
            rest.make_tables(self, stage)
            rest.make_refs_before(self, stage, before)
        self._make_scopes_before(stage, before)

    def _make_scopes_before(self, stage: Stage, before: int) -> None:
        """Make the scopes still to be made of ``stage``'s instructions that start before
        offset ``before``."""
        moved = self._moved_scopes.get(stage.index)
        if moved is not None:
            instructions = stage.instructions
            end = bisect.bisect_left(instructions, before, moved.first, key=instruction_start)
            for at in range(moved.first, end):
                self._scopes.setdefault(id(instructions[at]), moved.scope(at))
            if end == len(instructions):
                del self._moved_scopes[stage.index]

    def visible_vars(self, instruction: Instruction) -> dict[str, VarDecl]:
        """Variables BuildKit would expand in the instruction's arguments, by name (all of them:
        to ask about one name, ``declaration`` is cheaper)."""
        scope = self.scope_of(instruction)
        return scope.visible() if scope is not None else {}

    def declaration(self, name: str, instruction: Instruction) -> VarDecl | None:
        """The declaration of ``name`` in effect at the instruction, or None."""
        scope = self.scope_of(instruction)
        found = scope.decls(name) if scope is not None else None
        return found[0] if found else None

    def resolve(self, text: str, instruction: Instruction) -> tuple[str, bool]:
        """``text`` expanded as BuildKit would in ``instruction`` (global ARGs for FROM):
        (expanded text, fully resolved). Unknown values keep their ``${...}`` text."""
        from stanzalint.analysis.expand import expand  # local: model stays import-light

        if "$" not in text and self._has_scope(instruction):  # no variable: the scope is not read
            return expand(text, self.dockerfile.escape, _no_variable)
        scope = self._values_scope(instruction)
        if scope is None:
            return text, "$" not in text
        return expand(text, self.dockerfile.escape, scope.lookup)

    def _values_scope(self, instruction: Instruction) -> Scope | None:
        """A scope with the values visible at ``instruction``: ``scope_of``, or for a top-level
        instruction of the rest of a resumed stage, still to be made (``PendingRest``), the scope
        the walk that made those facts gave it (``walked_scope``): the same values, read without
        moving the rest's declarations, which a rule that only expands a word does not need (a
        moved stage's are brought by the first reader of them: the rules read them anyway)."""
        scope = self._scopes.get(id(instruction))
        if scope is None and self._pending and instruction.parent is None:
            with MOVED_SCOPES_LOCK:
                stage = self._stage_of.of(instruction)
                pending = self._pending.get(stage.index) if stage is not None else None
                if stage is not None and pending is not None and not pending.whole_stage:
                    scope = pending.walked_scope(stage.instructions, instruction)
        return scope if scope is not None else self.scope_of(instruction)

    def _has_scope(self, instruction: Instruction) -> bool:
        """Whether ``scope_of(instruction)`` is a scope, told without making a moved stage's."""
        if id(instruction) in self._scopes:
            return True
        stage = self._stage_of.of(instruction) if instruction.parent is None else None
        return stage is not None and (stage.index in self._moved_scopes or stage.index in self._pending)

    def stages_matching(self, text: str, instruction: Instruction) -> list[Stage]:
        """Stages ``text`` (a ``--from`` / FROM value) may name once expanded in
        ``instruction``: the one stage when it resolves, every stage whose name fits the
        pattern when part of it is unknown (``build-${TARGETARCH}``)."""
        from stanzalint.analysis.expand import expand_pattern  # local: model stays import-light

        value, known = self.resolve(text, instruction)
        if known:
            stage = self.stage_named(value)
            return [stage] if stage is not None else []
        scope = self.scope_of(instruction)
        if scope is None:
            return []
        rx = expand_pattern(text, self.dockerfile.escape, scope.lookup)
        return [s for s in self.stages if rx is not None and s.name and rx.fullmatch(s.name)]

    @cached_property
    def _copies_out_of(self) -> dict[int, list[Instruction]]:
        """Stage index -> the COPY/ADD instructions that copy files out of that stage. Their
        ``--from`` is read where an edit moved them from (``origin_and_delta``: moving changes
        no flag's value), so a keystroke's index moves no flag."""
        index: dict[int, list[Instruction]] = {}
        stage_of = self._stage_of.of
        copies = [
            ins
            for ins in self.dockerfile.of_keywords("COPY", "ADD")
            if ins.parent is None and stage_of(ins) is not None and origin_and_delta(ins, 0)[0].flag("from") is not None
        ]
        for ins in copies:
            for value in from_values(origin_and_delta(ins, 0)[0]):
                for source in self.stages_matching(value, ins):
                    index.setdefault(source.index, []).append(ins)
        return index

    def copies_out_of(self, stage: Stage) -> list[Instruction]:
        """The COPY/ADD ``--from`` instructions that may copy files out of ``stage``, in document
        order (indexed once; the list is shared: do not change it)."""
        return self._copies_out_of.get(stage.index, [])

    @cached_property
    def _decls_by_instruction(self) -> dict[int, list[VarDecl]]:
        """id(instruction) -> the declarations made so far that it makes (a stage's made later
        are added by ``add_brought_facts``)."""
        return _index_by_instruction({}, self._decls)

    def decls_of(self, instruction: Instruction) -> list[VarDecl]:
        """The declarations one ARG or ENV instruction makes, in order (indexed once; the list
        is shared: do not change it). Only the instruction's stage's facts are made."""
        with MOVED_SCOPES_LOCK:  # another thread may be making a stage of this analysis
            self._bring_stage_of(instruction)
            return self._decls_by_instruction.get(id(instruction), [])

    def refs_in(self, instruction: Instruction) -> list[VarRef]:
        """The variable references in one instruction, in document order (indexed once). Only
        the instruction's stage's facts are made."""
        with MOVED_SCOPES_LOCK:  # another thread may be making a stage of this analysis
            self._bring_stage_of(instruction)
            if self._refs_by_instruction is None or self._refs_indexed != len(self._refs):
                self._refs_by_instruction, self._refs_indexed = _index_by_instruction({}, self._refs), len(self._refs)
            return list(self._refs_by_instruction.get(id(instruction), ()))

    @cached_property
    def posix_runs(self) -> list[tuple[Instruction, list[ShellCommand]]]:
        """Every RUN (inner ``ONBUILD RUN`` included) in document order with its simple commands,
        except shell-form ones whose SHELL is not a POSIX shell: what the command rules read, made
        once for all of them."""
        return self.posix_runs_of(self.dockerfile.of_keyword("RUN"))

    def posix_runs_of(self, runs: Iterable[Instruction]) -> list[tuple[Instruction, list[ShellCommand]]]:
        """``posix_runs`` among ``runs`` (RUN instructions, in order): for a reader of some
        instructions only, whose commands are then the only ones parsed or moved."""
        return [(ins, self.commands(ins)) for ins in runs if not (ins.is_shell_form and not self.is_posix_shell(ins))]

    @cached_property
    def posix_stage_runs(self) -> list[tuple[Instruction, list[ShellCommand]]]:
        """``posix_runs`` without the ONBUILD ones (they run in the images built on this one)."""
        return [(ins, commands) for ins, commands in self.posix_runs if ins.parent is None]

    def all_commands(self) -> Iterable[tuple[Stage, ShellCommand]]:
        for stage in self.stages:
            for ins in stage.instructions:
                eff = ins.effective
                if eff.keyword == "RUN":
                    for cmd in self.commands(eff):
                        yield stage, cmd


def _no_variable(name: str) -> tuple[bool, str | None]:
    """The lookup of a text without variables (never asked)."""
    raise AssertionError(f"{name} looked up in a text without variables")


def _stage_index(stage: Stage) -> int:
    return stage.index


F = TypeVar("F", VarDecl, VarRef)


def _index_by_instruction(index: dict[int, list[F]], facts: list[F]) -> dict[int, list[F]]:
    """Add ``facts`` (in document order) to ``index``, id(instruction) -> its facts."""
    for fact in facts:
        index.setdefault(id(fact.instruction), []).append(fact)
    return index


def decl_start(decl: VarDecl) -> int:
    """Where a declaration's instruction starts (-1 for one no instruction makes): the order of
    ``Analysis.decls``."""
    return decl.instruction.span.start if decl.instruction is not None else -1


def _declared_of(decls: list[VarDecl]) -> list[Declared]:
    """The name, kind and stage of each of ``decls``."""
    return [Declared(decl.name, decl.kind, decl.stage) for decl in decls]


def first_declarations(decls: Iterable[VarDecl]) -> dict[str, int]:
    """Name -> where the first of ``decls`` declaring it starts (those no instruction makes,
    predefined ARGs, are left out)."""
    first: dict[str, int] = {}
    for decl in decls:
        if decl.instruction is not None:
            start = decl.instruction.span.start
            first[decl.name] = min(first.get(decl.name, start), start)
    return first


def ref_start(ref: VarRef) -> int:
    """Where a reference starts: the order of ``Analysis.refs``."""
    return ref.span.start


def instruction_start(instruction: Instruction) -> int:
    """Where an instruction starts: the order of a stage's ``instructions``."""
    return instruction.span.start


def instruction_place(instructions: list[Instruction], instruction: Instruction, first: int = 0) -> int | None:
    """Where ``instruction`` stands among ``instructions`` (in document order), looked for from
    number ``first`` on by where it starts; None when it is not one of them."""
    at = bisect.bisect_left(instructions, instruction.span.start, first, key=instruction_start)
    return at if at < len(instructions) and instructions[at] is instruction else None


#: ``Analysis._shells``' key for the instructions of a file without FROM
_FRAGMENT = -1


class StageShells:
    """The SHELL each instruction of a stage runs under: ``start`` until the first SHELL
    instruction (JSON form, with arguments) that sets another, and so on; each SHELL
    instruction itself runs under the one before it."""

    __slots__ = ("start", "starts", "shells")

    def __init__(self, start: list[str], sets: list[Instruction]) -> None:
        self.start = start
        self.starts = [ins.span.start for ins in sets]  # where each setting SHELL stands
        self.shells = [[t.value for t in ins.args] for ins in sets]  # the SHELL from there on

    def at(self, offset: int) -> list[str]:
        """The SHELL of the stage's instruction that starts at ``offset``."""
        before = bisect.bisect_left(self.starts, offset)
        return self.shells[before - 1] if before else self.start

    @property
    def at_end(self) -> list[str]:
        """The SHELL in effect at the end of the stage (a stage built on it starts with it)."""
        return self.shells[-1] if self.shells else self.start
