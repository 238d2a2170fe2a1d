"""Stage names and ARG/ENV variables as symbols: where each is declared and used, for
definition, references, document highlight and rename. Pure: spans only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stanzalint.syntax.model import Span

if TYPE_CHECKING:
    from stanzalint.engine import LintResult
    from stanzalint.syntax.model import Flag

STAGE_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_.-]*$")
VARIABLE_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


@dataclass
class Symbol:
    kind: str  # "stage" | "variable"
    name: str
    definitions: list[Span] = field(default_factory=list)
    uses: list[Span] = field(default_factory=list)

    @property
    def all_spans(self) -> list[Span]:
        return sorted(set(self.definitions) | set(self.uses), key=lambda s: s.start)


def _mount_from_spans(flag: Flag) -> Span | None:
    """The span of ``from=x`` 's value inside ``--mount=type=cache,from=x,...``: the last such
    key in any case, the one BuildKit reads."""
    if flag.value is None or flag.value_span is None:
        return None
    found = None
    for match in re.finditer(r"(?:^|,)(?i:from)=([^,]*)", flag.value):
        found = match
    if found is None:
        return None
    start = flag.value_span.start + found.start(1)
    return Span(start, start + len(found.group(1)))


def stage_symbols(result: LintResult) -> list[Symbol]:
    analysis = result.analysis
    symbols: dict[int, Symbol] = {}
    for stage in analysis.stages:
        if stage.name and stage.name_span is not None:
            symbols[stage.index] = Symbol("stage", stage.name, [stage.name_span])

    def use(name: str, span: Span) -> None:
        target = analysis.stage_named(name)
        if target is not None and target.index in symbols and not name.isdigit():
            symbols[target.index].uses.append(span)

    for stage in analysis.stages:
        if stage.base_stage is not None and stage.from_instruction.args:
            tok = stage.from_instruction.args[0]
            use(tok.value, tok.span)
        for ins in stage.instructions:
            eff = ins.effective
            for flag in eff.flags:
                if flag.name == "from" and eff.keyword in ("COPY", "ADD") and flag.value and flag.value_span:
                    use(flag.value, flag.value_span)
                elif flag.name == "mount":
                    span = _mount_from_spans(flag)
                    if span is not None:
                        use(result.dockerfile.text[span.start : span.end], span)
    return list(symbols.values())


def variable_symbols(result: LintResult) -> list[Symbol]:
    """Variables grouped by what reaches what: a use joins the declarations that reach it, and a
    stage's ``ARG X`` joins the global ``ARG X`` it re-declares."""
    analysis = result.analysis
    decls = list(analysis.global_args) + [d for d in analysis.decls if d not in analysis.global_args]
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    by_id = {id(d): (d.name, d.name_span) for d in decls if d.name_span is not None}
    globals_by_name = {d.name: id(d) for d in analysis.global_args if d.name_span is not None}
    for d in decls:
        if d.kind == "ARG" and d.stage is not None and d.name in globals_by_name and d.name_span is not None:
            join(id(d), globals_by_name[d.name])
    undeclared: dict[str, list[Span]] = {}
    ref_groups: list[tuple[int, Span]] = []
    for ref in analysis.refs:
        if ref.shell_assigned:
            continue
        ids = [id(d) for d in ref.decls if id(d) in by_id]
        for other in ids[1:]:
            join(ids[0], other)
        if ids:
            ref_groups.append((ids[0], ref.name_span))
        elif not ref.in_shell:
            undeclared.setdefault(ref.name, []).append(ref.name_span)
    groups: dict[int, Symbol] = {}
    for key, (name, span) in by_id.items():
        root = find(key)
        sym = groups.setdefault(root, Symbol("variable", name))
        sym.definitions.append(span)
    for key, span in ref_groups:
        groups[find(key)].uses.append(span)
    out = list(groups.values())
    out.extend(Symbol("variable", name, [], spans) for name, spans in undeclared.items())
    return out


def symbol_at(result: LintResult, offset: int) -> Symbol | None:
    for sym in stage_symbols(result) + variable_symbols(result):
        for span in sym.all_spans:
            if span.covers(offset):
                return sym
    return None


def span_at(sym: Symbol, offset: int) -> Span | None:
    for span in sym.all_spans:
        if span.covers(offset):
            return span
    return None


def valid_new_name(sym: Symbol, name: str) -> bool:
    pattern = STAGE_NAME if sym.kind == "stage" else VARIABLE_NAME
    return bool(pattern.match(name))
