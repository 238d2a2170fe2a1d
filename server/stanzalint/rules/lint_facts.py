"""What every rule of one lint shares: the parse, its analysis, the configuration, the file's
path, and the views derived from them that several rules read, each computed once per lint.

The engine builds one ``LintFacts`` per lint and gives it to every rule's ``RuleContext``
(``ctx.lint``). A view that more than one rule reads, and that the parse or analysis cannot own
(because it also depends on the path or on what the process knows, such as the build context),
is a ``functools.cached_property`` here: the first rule to read it computes it, the others get
the same value, and the next lint starts afresh. Rules read these views through the toolkit
(``rules.toolkit.context``), not directly.

A scoped rule that the language server runs on some instructions or stages only
(``stanzalint.findings_memo``) gets ``seen_through`` the partial parse and analysis: its views
then answer for those instructions and stages, as the rule's own reading of the file does.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from stanzalint.context.known import KNOWN
from stanzalint.context.sources import CONTEXT, Inputs, Source, files_read, inputs_by_instruction, may_read_context

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.analysis.model import Analysis
    from stanzalint.config import Config
    from stanzalint.context.tree import ContextTree
    from stanzalint.syntax.model import Dockerfile


class LintFacts:
    """One lint's inputs and the views its rules share (see the module docstring)."""

    def __init__(self, dockerfile: Dockerfile, analysis: Analysis, config: Config, path: str | None = None) -> None:
        self.dockerfile = dockerfile
        self.analysis = analysis
        self.config = config
        self.path = path
        #: the lint of the whole file when this one is seen through some of its rows (``seen_through``)
        self._whole: LintFacts | None = None

    def seen_through(self, dockerfile: Dockerfile, analysis: Analysis) -> LintFacts:
        """The same lint seen through a partial parse and analysis (``stanzalint.partial``): what
        it reads of the build context is the whole lint's (``whole``)."""
        view = LintFacts(dockerfile, analysis, self.config, self.path)
        view._whole = self.whole
        return view

    @property
    def whole(self) -> LintFacts:
        """The lint of the whole file: this one, unless it is seen through some rows (held only
        then: a lint holding itself would be cyclic garbage)."""
        return self._whole or self

    @cached_property
    def run_command_names(self) -> list[frozenset[str]]:
        """The names (``ShellCommand.name``) of the commands of each RUN the command rules read
        (``analysis.posix_runs``, in its order): a rule judging some commands only passes over
        a RUN running none of them (``toolkit.commands.command_rule``)."""
        return [frozenset([cmd.name for cmd in cmds]) for _ins, cmds in self.analysis.posix_runs]

    @cached_property
    def context_generation(self) -> int:
        """``KNOWN.generation`` as the whole lint first read it, before the tree or the history:
        the state it then reads is this one or a later one, and a change after this read gives
        the next lint another number."""
        whole = self.whole
        return KNOWN.generation if whole is self else whole.context_generation

    @cached_property
    def context_fact(self) -> tuple[int, bool]:
        """What a scoped rule's findings depend on of the build context besides its own rows
        (``Fact.BUILD_CONTEXT``): the state the lint read (``context_generation``), and whether
        the file names the context (``names_context_files``)."""
        return self.context_generation, self.names_context_files

    @cached_property
    def reads_context(self) -> bool:
        """Whether any instruction may read the build context: a COPY/ADD without ``--from``,
        a RUN with a bind mount of the context (``sources.may_read_context``)."""
        return any(may_read_context(ins.effective) for ins in self.dockerfile.walk())

    @cached_property
    def context_tree(self) -> ContextTree | None:
        """The build context of the file (None: no path, nothing in the file reads the context,
        or not walked yet). Read once per lint, so that every rule judges the same tree."""
        if self.whole is not self:  # the rows seen read what the whole lint read, whatever they hold
            return self.whole.context_tree
        if not self.path or not self.reads_context:
            return None
        self.context_generation  # noqa: B018  # read before the tree: see ``context_generation``
        return KNOWN.tree_for(self.path)

    @cached_property
    def context_inputs(self) -> dict[int, Inputs]:
        """``id(instruction) -> Inputs`` for every instruction that reads the context or a
        stage, with the files each source reads from ``context_tree`` (empty without a tree). An
        instruction an earlier lint saw with this tree costs a lookup (``inputs_by_instruction``)."""
        tree = self.context_tree
        if tree is None:
            return {}
        return inputs_by_instruction(self.analysis, tree, whole=self.whole is self)

    @cached_property
    def context_sources(self) -> list[Source]:
        """Every source that reads the build context, in document order (empty without a tree):
        ``context_inputs`` lists the instructions in document order, each its sources in theirs.
        Only an instruction that ``may_read_context`` has one: when none of the lint's (of the rows
        it is seen through, such as the RUN a keystroke edits) may, their inputs are not read."""
        if not self.reads_context:
            return []
        return [s for inputs in self.context_inputs.values() for s in inputs.sources if s.origin == CONTEXT]

    @cached_property
    def files_read(self) -> tuple[bool, bool]:
        """Whether the instructions of the lint (of the rows it is seen through) read files of the
        build context, and whether a source of theirs other than ``.`` does (``sources.files_read``;
        rows of a file that reads none read none)."""
        tree = self.context_tree
        whole = self.whole
        if tree is None or (whole is not self and not whole.files_read[0]):
            return False, False
        return files_read(self.analysis, tree, whole is self)

    @property
    def names_context_files(self) -> bool:
        """Whether a source of the whole file other than the whole context (``.``) reads files
        of it: when none does, the build evidently uses another directory as its context (SZ305)."""
        return self.whole.files_read[1]

    @property
    def reads_context_files(self) -> bool:
        """Whether an instruction of the lint (of the rows it is seen through) reads files of the
        build context: a rule about what is copied can stop at once when none does."""
        return self.files_read[0]
