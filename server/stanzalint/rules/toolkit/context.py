"""Shared by the rules that read the build context (SZ304–SZ307): the context of the file
being linted, and what each of its instructions reads from it. The context is walked once per
process (in the language server, in the background); what the file reads from it is worked out
once per lint (``rules.lint_facts.LintFacts``) and shared by these rules."""

from __future__ import annotations

from stanzalint.context.history import History
from stanzalint.context.known import KNOWN
from stanzalint.context.sources import Inputs, Source
from stanzalint.context.tree import ContextTree
from stanzalint.rules.base import RuleContext


def context_tree(ctx: RuleContext) -> ContextTree | None:
    """The build context of the file (None: no path, nothing in the file reads the context, or
    not walked yet)."""
    return ctx.lint.context_tree


def context_history(ctx: RuleContext) -> History | None:
    """The recent history of the context's repository (None: none, or not read yet)."""
    ctx.lint.context_generation  # noqa: B018  # read before the history, as before the tree
    return KNOWN.history_for(ctx.path) if ctx.path else None


def without_history(ctx: RuleContext) -> bool:
    """Whether the file is known to have no history (no path, or no repository): a rule that
    needs one can stop before any other work. False while the history is still to be read."""
    ctx.lint.context_generation  # noqa: B018  # read before the history, as before the tree
    return KNOWN.without_history(ctx.path)


def instruction_inputs(ctx: RuleContext) -> dict[int, Inputs]:
    """``id(instruction) -> Inputs`` for every instruction that reads the context or a stage,
    with the files each source reads from ``context_tree(ctx)`` (empty when that is None)."""
    return ctx.lint.context_inputs


def names_context_files(ctx: RuleContext) -> bool:
    """Whether a source of the whole file other than ``.`` reads files of the build context (of
    the whole file even when the rule runs on some of its rows: ``Fact.BUILD_CONTEXT``)."""
    return ctx.lint.names_context_files


def reads_context_files(ctx: RuleContext) -> bool:
    """Whether an instruction the rule is given reads files of the build context (False without one)."""
    return ctx.lint.reads_context_files


def context_sources(ctx: RuleContext) -> list[Source] | None:
    """Every source that reads the build context, in document order (None: no context known)."""
    return None if ctx.lint.context_tree is None else ctx.lint.context_sources
