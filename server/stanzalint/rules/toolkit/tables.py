"""Tables the toolkit builds once per analysis and shares between the rules that read them
(each stage's WORKDIR at its end, for one): a rule asking about a stage then reads its bases'
entries instead of walking its whole chain again.

A table lives as long as the whole file's analysis (a partial view shares the whole's tables)
and is dropped with it. It must not refer to the analysis, or the analysis would never be freed.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, TypeVar

from stanzalint.analysis.model import Analysis

T = TypeVar("T")

#: id(analysis) -> (a weak reference that drops the entry with the analysis, build -> table)
_TABLES: dict[int, tuple[weakref.ref[Analysis], dict[Callable[[Analysis], Any], Any]]] = {}


def analysis_table(analysis: Analysis, build: Callable[[Analysis], T]) -> T:
    """The table ``build`` makes from the whole file's analysis: built on the first call, then
    the same object for every rule of the lint (a table may also be filled as rules go; ``build``
    is its key, so pass the same module-level function each time)."""
    whole = analysis.whole
    key = id(whole)
    entry = _TABLES.get(key)
    if entry is None:
        entry = _TABLES[key] = (weakref.ref(whole, lambda _ref: _TABLES.pop(key, None)), {})
    tables = entry[1]
    if build not in tables:
        tables[build] = build(whole)
    return tables[build]  # type: ignore[no-any-return]
