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
from stanzalint.context.sources import CONTEXT, Inputs, Source, inputs_by_instruction

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

    def seen_through(self, dockerfile: Dockerfile, analysis: Analysis) -> LintFacts:
        """The same lint seen through a partial parse and analysis (``stanzalint.partial``)."""
        return LintFacts(dockerfile, analysis, self.config, self.path)

    @cached_property
    def reads_context(self) -> bool:
        """Whether any instruction may read the build context: a COPY/ADD without ``--from``,
        a RUN with a bind mount."""
        for ins in self.dockerfile.walk():
            eff = ins.effective
            if eff.keyword in ("COPY", "ADD") and eff.flag("from") is None:
                return True
            if eff.keyword == "RUN" and any("type=bind" in (f.value or "") for f in eff.flags_named("mount")):
                return True
        return False

    @cached_property
    def context_tree(self) -> ContextTree | None:
        """The build context of the file (None: no path, nothing in the file reads the context,
        or not walked yet). Read once per lint, so that every rule judges the same tree."""
        if not self.path or not self.reads_context:
            return None
        return KNOWN.tree_for(self.path)

    @cached_property
    def context_inputs(self) -> dict[int, Inputs]:
        """``id(instruction) -> Inputs`` for every instruction that reads the context or a
        stage, with the files each source reads from ``context_tree`` (empty without a tree). An
        instruction an earlier lint saw with this tree costs a lookup (``inputs_by_instruction``)."""
        tree = self.context_tree
        if tree is None:
            return {}
        return inputs_by_instruction(self.analysis, tree)

    @cached_property
    def context_sources(self) -> list[Source]:
        """Every source that reads the build context, in document order (empty without a tree):
        ``context_inputs`` lists the instructions in document order, each its sources in theirs."""
        return [s for inputs in self.context_inputs.values() for s in inputs.sources if s.origin == CONTEXT]
