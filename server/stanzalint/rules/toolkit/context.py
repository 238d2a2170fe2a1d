"""Shared by the rules that read the build context (SZ304–SZ307): the context of the file
being linted, and what each of its instructions reads from it. Both are cached lookups: the
context is walked once per process (in the language server, in the background), and the inputs
once per analysis."""

from __future__ import annotations

from stanzalint.context.history import History
from stanzalint.context.known import KNOWN
from stanzalint.context.sources import CONTEXT, Inputs, Source, inputs_of
from stanzalint.context.tree import ContextTree
from stanzalint.rules.base import RuleContext


def context_tree(ctx: RuleContext) -> ContextTree | None:
    """The build context of the file (None: no path, nothing in the file reads the context, or
    not walked yet)."""
    if not ctx.path or not reads_context(ctx):
        return None
    return KNOWN.tree_for(ctx.path)


def reads_context(ctx: RuleContext) -> bool:
    """Whether any instruction may read the context: a COPY/ADD without ``--from``, a bind mount."""
    for ins in ctx.dockerfile.walk():
        eff = ins.effective
        if eff.keyword in ("COPY", "ADD") and eff.flag("from") is None:
            return True
        if eff.keyword == "RUN" and any("type=bind" in (f.value or "") for f in eff.flags_named("mount")):
            return True
    return False


def context_history(ctx: RuleContext) -> History | None:
    """The recent history of the context's repository (None: none, or not read yet)."""
    return KNOWN.history_for(ctx.path) if ctx.path else None


def instruction_inputs(ctx: RuleContext, tree: ContextTree) -> dict[int, Inputs]:
    """``id(instruction) -> Inputs`` for every instruction that reads the context or a stage."""
    cache: dict[int, dict[int, Inputs]] = ctx.analysis.__dict__.setdefault("_context_inputs", {})
    key = id(tree)
    if key not in cache:
        found: dict[int, Inputs] = {}
        for stage in ctx.analysis.stages:
            for ins in stage.instructions:
                inputs = inputs_of(ctx.analysis, ins, tree)
                if inputs is not None:
                    found[id(ins)] = inputs
        cache.clear()
        cache[key] = found
    return cache[key]


def context_sources(ctx: RuleContext) -> list[Source] | None:
    """Every source that reads the build context, in document order (None: no context known)."""
    tree = context_tree(ctx)
    if tree is None:
        return None
    found = [s for inputs in instruction_inputs(ctx, tree).values() for s in inputs.sources if s.origin == CONTEXT]
    return sorted(found, key=lambda s: s.span.start)
