"""Document spans -> LSP ranges in the negotiated encoding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from stanzalint.lsp.positions import PositionMap

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.syntax.model import Span


def lsp_range(positions: PositionMap, span: Span) -> types.Range:
    sl, sc = positions.position(span.start)
    el, ec = positions.position(span.end)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


def range_json(positions: PositionMap, span: Span) -> dict[str, dict[str, int]]:
    sl, sc = positions.position(span.start)
    el, ec = (sl, sc) if span.end == span.start else positions.position(span.end)
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}
