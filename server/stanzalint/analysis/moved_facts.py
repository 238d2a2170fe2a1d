"""Declarations and references an edit moved: copies whose places are moved when first read.

A keystroke moves every stage after it, and the analysis brings those stages' facts over
(``analysis.rebase``); most readers then look at a fact's name, instruction or declarations,
few at its place. A moved copy holds every field but its spans, which it makes from the fact
it was first copied from (``LazilyMoved``: never a moved copy itself, so copies of copies do not
chain) and the distance moved since. Equal to the plain fact with the same fields. The copies
are made by ``rebase.Rebaser``, in one loop per run of instructions.
"""

from __future__ import annotations

import dataclasses

from stanzalint.analysis.model import VarDecl, VarRef
from stanzalint.syntax.model import Span
from stanzalint.syntax.moved import LazilyMoved


def _moved_span(span: Span | None, chars: int) -> Span | None:
    return None if span is None else span.moved(chars)


class MovedVarRef(LazilyMoved, VarRef):
    """A variable reference where an edit moved it (``span`` and ``name_span`` made on first read)."""

    MOVERS = {"span": _moved_span, "name_span": _moved_span}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VarRef):
            return NotImplemented
        return _same_fields(self, other, VarRef)

    __hash__ = None  # type: ignore[assignment]  # as the dataclass: equal by value, so unhashable


class MovedVarDecl(LazilyMoved, VarDecl):
    """A declaration where an edit moved it (``name_span`` made on first read; ``value_span``,
    which has a default, is moved at once)."""

    MOVERS = {"name_span": _moved_span}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VarDecl):
            return NotImplemented
        return _same_fields(self, other, VarDecl)

    __hash__ = None  # type: ignore[assignment]  # as the dataclass: equal by value, so unhashable


def _same_fields(fact: object, other: object, cls: type) -> bool:
    """Whether the compared fields of ``cls`` are equal in ``fact`` and ``other``."""
    return all(bool(getattr(fact, f.name) == getattr(other, f.name)) for f in dataclasses.fields(cls) if f.compare)
