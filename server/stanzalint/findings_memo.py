"""Findings of instruction-scope rules, remembered across lints of one document.

A rule declared ``Scope.INSTRUCTION`` reports, for an instruction, what that instruction's own
text and the context facts the rule ``reads`` decide. So its findings are kept keyed by
(escape character, instruction text), then by rule with the facts it read, with positions
relative to the instruction; the next lint of the same document runs the rule only on the
instructions it has not seen in that context, and moves the remembered findings to where their instruction now is.

The language server keeps one memo per open document (dropped on close); the CLI lints fresh.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Callable, Dict, Hashable, List, Optional, Sequence, Tuple

from stanzalint.lru import WeightedLRU
from stanzalint.rules.base import Edit, Fact, Related, Rule, RuleContext, Violation
from stanzalint.syntax.model import Instruction, Span

#: How a context fact is read for an instruction (an ONBUILD's inner instruction included).
FACT_READERS: Dict[Fact, Callable[..., Hashable]] = {
    Fact.SHELL: lambda analysis, ins: (
        tuple(analysis.shell_of(ins)),
        tuple(analysis.shell_of(ins.inner)) if ins.inner is not None else None,
    ),
}

#: At most this many instruction texts remembered per document.
MAX_ENTRIES = 20_000

#: What is remembered for one instruction text: rule code -> (facts read, relative findings).
Entry = Dict[str, Tuple[Tuple[Hashable, ...], Tuple[Violation, ...]]]


class _LintView:
    """One lint's instructions, each with its memo entry, and the facts read, computed once."""

    def __init__(self, memo: "FindingsMemo", dockerfile, analysis) -> None:
        self.dockerfile = dockerfile
        self.analysis = analysis
        self.rows: List[Tuple[Instruction, Entry]] = [
            (ins, memo.entry((dockerfile.escape, dockerfile.text[ins.span.start : ins.span.end])))
            for ins in dockerfile.instructions
        ]
        self._facts: Dict[Tuple[Fact, ...], List[Tuple[Hashable, ...]]] = {}

    def facts(self, reads: Tuple[Fact, ...]) -> List[Tuple[Hashable, ...]]:
        found = self._facts.get(reads)
        if found is None:
            found = self._facts[reads] = [
                tuple(FACT_READERS[fact](self.analysis, ins) for fact in reads) for ins, _ in self.rows]
        return found


class FindingsMemo:
    """The remembered findings of one document. Reset when the configuration or path changes."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: WeightedLRU[Tuple[str, str], Entry] = WeightedLRU(max_entries, lambda _k, _v: 1, max_entries)
        self._owner: Optional[Tuple[int, Optional[str]]] = None
        self._view: Optional[_LintView] = None

    def __len__(self) -> int:
        return len(self._entries)

    def use_for(self, config: object, path: Optional[str]) -> None:
        """Forget everything if the lint's configuration object or path is not the last one's."""
        owner = (id(config), path)
        if owner != self._owner:
            self._entries.clear()
            self._view = None
            self._owner = owner

    def entry(self, key: Tuple[str, str]) -> Entry:
        """The remembered answers for an (escape character, instruction text), created if new."""
        found = self._entries.get(key)
        if found is None:
            found = {}
            self._entries.put(key, found)
        return found

    def _view_of(self, dockerfile, analysis) -> _LintView:
        view = self._view
        if view is None or view.dockerfile is not dockerfile or view.analysis is not analysis:
            view = self._view = _LintView(self, dockerfile, analysis)
        return view

    def instruction_findings(self, rule: Rule, ctx_for: Callable[[Optional[Sequence[Instruction]]], RuleContext]) -> List[Violation]:
        """``rule``'s findings over the whole file: remembered ones moved into place, the rule
        run (through ``ctx_for(targets)``) only on the instructions with no remembered answer."""
        probe = ctx_for(None)
        view = self._view_of(probe.dockerfile, probe.analysis)
        facts = view.facts(rule.meta.reads)
        code = rule.code
        found: List[Violation] = []
        missing: List[int] = []
        for i, (ins, entry) in enumerate(view.rows):
            remembered = entry.get(code)
            if remembered is None or remembered[0] != facts[i]:
                missing.append(i)
            elif remembered[1]:
                found.extend(_moved(v, ins.span.start, ins.start_line) for v in remembered[1])
        if not missing:
            return found
        targets = None if len(missing) == len(view.rows) else [view.rows[i][0] for i in missing]
        fresh = list(rule.check(ctx_for(targets)))
        found.extend(fresh)
        by_instruction: Dict[int, List[Violation]] = {id(view.rows[i][0]): [] for i in missing}
        for v in fresh:
            owner = view.dockerfile.instruction_at(v.span.start)
            if owner is not None and id(owner) in by_instruction:
                by_instruction[id(owner)].append(_moved(v, -owner.span.start, -owner.start_line))
        for i in missing:
            ins, entry = view.rows[i]
            entry[code] = (facts[i], tuple(by_instruction[id(ins)]))
        return found


def _moved(v: Violation, by: int, lines: int) -> Violation:
    """A copy of ``v`` with every offset moved by ``by`` characters and its line by ``lines``."""
    moved = copy.copy(v)  # the engine's pass sets fields on what it is given: never the memo's own
    if by:
        moved.span = _shift(v.span, by)
        if v.fix is not None:
            moved.fix = dataclasses.replace(v.fix, edits=tuple(Edit(_shift(e.span, by), e.text) for e in v.fix.edits))
        if v.related:
            moved.related = tuple(Related(_shift(r.span, by), r.message) for r in v.related)
    if lines and v.instruction_line is not None:
        moved.instruction_line = v.instruction_line + lines
    return moved


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by)
