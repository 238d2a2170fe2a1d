"""Findings of instruction-scope rules, remembered across lints of one document.

A rule declared ``Scope.INSTRUCTION`` reports, for an instruction, what that instruction's own
text and the context facts the rule ``reads`` decide. So its findings are kept keyed by
(rule, escape character, instruction text, facts), with positions relative to the instruction;
the next lint of the same document runs the rule only on instructions it has not seen in that
context, and moves the remembered findings to where their instruction now is.

The language server keeps one memo per open document (dropped on close); the CLI lints fresh.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Dict, Hashable, List, Optional, Sequence, Tuple

from stanzalint.lru import WeightedLRU
from stanzalint.rules.base import Edit, Fact, Fix, Related, Rule, RuleContext, Violation
from stanzalint.syntax.model import Instruction, Span

#: How a context fact is read for an instruction (an ONBUILD's inner instruction included).
FACT_READERS: Dict[Fact, Callable[..., Hashable]] = {
    Fact.SHELL: lambda analysis, ins: (
        tuple(analysis.shell_of(ins)),
        tuple(analysis.shell_of(ins.inner)) if ins.inner is not None else None,
    ),
}

#: At most this many remembered (rule, instruction) answers per document.
MAX_ENTRIES = 50_000

Key = Tuple[Hashable, ...]
Entry = Tuple[Violation, ...]


class FindingsMemo:
    """The remembered findings of one document. Reset when the configuration or path changes."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: WeightedLRU[Key, Entry] = WeightedLRU(max_entries, lambda _k, _v: 1, max_entries)
        self._owner: Optional[Tuple[int, Optional[str]]] = None

    def __len__(self) -> int:
        return len(self._entries)

    def use_for(self, config: object, path: Optional[str]) -> None:
        """Forget everything if the lint's configuration object or path is not the last one's."""
        owner = (id(config), path)
        if owner != self._owner:
            self._entries.clear()
            self._owner = owner

    def instruction_findings(self, rule: Rule, ctx_for: Callable[[Optional[Sequence[Instruction]]], RuleContext]) -> List[Violation]:
        """``rule``'s findings over the whole file: remembered ones moved into place, the rule
        run (through ``ctx_for(targets)``) only on the instructions with no remembered answer."""
        probe = ctx_for(None)
        dockerfile, analysis = probe.dockerfile, probe.analysis
        found: List[Violation] = []
        missing: List[Tuple[Instruction, Key]] = []
        for ins in dockerfile.instructions:
            key = self._key(rule, dockerfile, analysis, ins)
            remembered = self._entries.get(key)
            if remembered is None:
                missing.append((ins, key))
            else:
                found.extend(_moved(v, ins.span.start, ins.start_line) for v in remembered)
        if not missing:
            return found
        targets = None if len(missing) == len(dockerfile.instructions) else [ins for ins, _ in missing]
        fresh = list(rule.check(ctx_for(targets)))
        found.extend(fresh)
        by_instruction: Dict[int, List[Violation]] = {id(ins): [] for ins, _ in missing}
        for v in fresh:
            owner = dockerfile.instruction_at(v.span.start)
            if owner is not None and id(owner) in by_instruction:
                by_instruction[id(owner)].append(_moved(v, -owner.span.start, -owner.start_line))
        for ins, key in missing:
            self._entries.put(key, tuple(by_instruction[id(ins)]))
        return found

    @staticmethod
    def _key(rule: Rule, dockerfile, analysis, ins: Instruction) -> Key:
        text = dockerfile.text[ins.span.start : ins.span.end]
        facts = tuple(FACT_READERS[fact](analysis, ins) for fact in rule.meta.reads)
        return (rule.code, dockerfile.escape, text, facts)


def _moved(v: Violation, by: int, lines: int) -> Violation:
    """A copy of ``v`` with every offset moved by ``by`` characters and its line by ``lines``."""
    return dataclasses.replace(
        v,
        span=_shift(v.span, by),
        fix=_shifted_fix(v.fix, by),
        related=tuple(Related(_shift(r.span, by), r.message) for r in v.related),
        instruction_line=None if v.instruction_line is None else v.instruction_line + lines,
    )


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by)


def _shifted_fix(fix: Optional[Fix], by: int) -> Optional[Fix]:
    if fix is None:
        return None
    return dataclasses.replace(fix, edits=tuple(Edit(_shift(e.span, by), e.text) for e in fix.edits))
