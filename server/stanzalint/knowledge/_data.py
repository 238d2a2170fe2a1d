"""Reading the packaged TSV tables (``data/``), once each, on first use."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

DATA_DIR = Path(__file__).resolve().parent / "data"

Row = Dict[str, str]


@lru_cache(maxsize=None)
def table(name: str) -> Tuple[Row, ...]:
    """Rows of ``data/<name>`` as dicts keyed by the header (cached)."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    header = lines[0].split("\t")
    width = len(header)
    rows: List[Row] = []
    for line in lines[1:]:
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        rows.append(dict(zip(header, cells)))
    return tuple(rows)


@lru_cache(maxsize=None)
def meta() -> Dict[str, str]:
    """``meta.tsv`` as a dict: ``as_of`` and the source snapshots."""
    return {row["key"]: row["value"] for row in table("meta.tsv")}
