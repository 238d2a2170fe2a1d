"""Reading the packaged TSV tables (``data/``), once each, on first use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
def _row_type(name: str) -> type[Row]:
    """The ``Row`` class of ``data/<name>``: its cells read by the names of its header."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
    return type(f"Row_{name}", (Row,), {"__slots__": (), "columns": {h: i for i, h in enumerate(header)}})


def rows_of_lines(name: str, lines: Iterable[str]) -> tuple[Row, ...]:
    """Lines of ``data/<name>`` (no header) as rows; equal cells share one string. Empty lines
    are skipped; a line's cells past the header's are dropped, and a short line's missing
    cells are empty strings.

    Most cells repeat (a product's source on each of its cycles, the family and package manager
    of every tag pattern), and one string each would cost the server a megabyte per large table."""
    row_type = _row_type(name)
    width = len(row_type.columns)
    share = {}.setdefault  # share(cell, cell): the first string equal to cell
    out: list[Row] = []
    for line in lines:
        if not line:
            continue
        cells = line.split("\t", width)[:width]
        cells = list(map(share, cells, cells))
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        out.append(row_type(cells))
    return tuple(out)


def read_table(name: str) -> tuple[Row, ...]:
    """Rows of ``data/<name>``, read anew: for a reader that keeps the table in a form of its own
    (the rows would be kept twice)."""
    return rows_of_lines(name, (DATA_DIR / name).read_text(encoding="utf-8").split("\n")[1:])


@cache
def table(name: str) -> tuple[Row, ...]:
    """Rows of ``data/<name>``, cells read by the header's column names (cached)."""
    return read_table(name)


class TableBlocks:
    """The lines of ``data/<name>`` grouped by a key of their first cell, read when a key is asked.

    Only where each key's block of lines starts and ends in the file is kept (the tables are
    written a key's lines together), and, as text, the lines whose first cell has no key. A
    long-running language server asks for a handful of keys: the whole table's rows would cost
    it hundreds of kilobytes it never reads."""

    def __init__(self, name: str, key: Callable[[str], str | None] = lambda cell: cell) -> None:
        self.name = name
        self._key = key
        self._blocks: dict[str, tuple[int, int]] = {}
        #: the lines whose first cell has no key, in file order
        self.unkeyed: list[str] = []
        with open(DATA_DIR / name, "rb") as fh:
            pos = len(fh.readline())  # the header
            for line in fh:
                tab = line.find(b"\t")
                if tab != -1:
                    found = key(line[:tab].decode("utf-8"))
                    if found is None:
                        self.unkeyed.append(line.decode("utf-8").rstrip("\n"))
                    else:
                        start = self._blocks[found][0] if found in self._blocks else pos
                        self._blocks[found] = (start, pos + len(line))
                pos += len(line)

    def __contains__(self, key: object) -> bool:
        return key in self._blocks

    def keys(self) -> tuple[str, ...]:
        """Every key, in the order of their first lines."""
        return tuple(self._blocks)

    def lines(self, key: str) -> list[str]:
        """The lines whose first cell has ``key``, in file order (none for an unknown key)."""
        block = self._blocks.get(key)
        if block is None:
            return []
        with open(DATA_DIR / self.name, "rb") as fh:
            fh.seek(block[0])
            text = fh.read(block[1] - block[0]).decode("utf-8")
        return [line for line in text.split("\n") if line and self._key(line.split("\t", 1)[0]) == key]


@cache
def meta() -> dict[str, str]:
    """``meta.tsv`` as a dict: ``as_of`` and the source snapshots."""
    return {row["key"]: row["value"] for row in read_table("meta.tsv")}
