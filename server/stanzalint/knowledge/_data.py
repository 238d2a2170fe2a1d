"""Reading the packaged TSV tables (``data/``), once each, on first use."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class Row(tuple):
    """One row of a table: its cells, read by column name (``row["image"]``, ``row.get("os")``).

    A tuple with the table's column index, not a dict per row: the tables stay small in a
    long-running language server."""

    __slots__ = ()
    columns: dict[str, int] = {}

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self.columns[key])
        return tuple.__getitem__(self, key)

    def get(self, key: str, default: str = "") -> str:
        index = self.columns.get(key)
        return default if index is None else tuple.__getitem__(self, index)


@cache
def table(name: str) -> tuple[Row, ...]:
    """Rows of ``data/<name>``, cells read by the header's column names (cached).

    Equal cells share one string: most cells repeat (a product's source on each of its
    cycles, the family and package manager of every tag pattern), and one string each would
    cost the server a megabyte per large table."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    header = lines[0].split("\t")
    width = len(header)
    row_type = type(f"Row_{name}", (Row,), {"__slots__": (), "columns": {h: i for i, h in enumerate(header)}})
    share = {}.setdefault  # share(cell, cell): the first string equal to cell
    rows: list[Row] = []
    for line in lines[1:]:
        if not line:
            continue
        cells = line.split("\t", width)[:width]
        cells = list(map(share, cells, cells))
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        rows.append(row_type(cells))
    return tuple(rows)


@cache
def meta() -> dict[str, str]:
    """``meta.tsv`` as a dict: ``as_of`` and the source snapshots."""
    return {row["key"]: row["value"] for row in table("meta.tsv")}
