"""``tag_rows``: the lines of ``tags.tsv`` for an image's tag, read as every table's rows are
(``rows_of_lines``): cells by the header's column names, a short line's missing cells empty."""

from __future__ import annotations

from stanzalint.knowledge import images


class _Tags:
    """A tag index holding one image's lines as given."""

    def __init__(self, lines: dict[str, list[str]]) -> None:
        self.lines = lines

    def get(self, image: str, default: object = None) -> object:
        return self.lines if image == "demo" else default


def test_a_listed_tag_reads_its_cells_by_column_name():
    (row,) = images.tag_rows("python", "3.12-slim-bookworm")
    assert (row["image"], row["tag"], row["os"], row["distro"], row["distro_release"]) == (
        "python",
        "3.12-slim-bookworm",
        "linux",
        "debian",
        "12",
    )


def test_a_short_line_reads_its_missing_cells_as_empty(monkeypatch):
    monkeypatch.setattr(images, "tag_index", lambda: _Tags({"1": ["demo\t1\ttag\t\tlinux"]}))
    (row,) = images.tag_rows("demo", "1")
    assert (row["os"], row["family"], row["default_user"]) == ("linux", "", "")


def test_a_line_longer_than_the_header_keeps_the_headers_cells(monkeypatch):
    cells = ["demo", "1", "tag", "", "linux", "alpine", "alpine", "3.20", "apk", "root", "extra"]
    monkeypatch.setattr(images, "tag_index", lambda: _Tags({"1": ["\t".join(cells)]}))
    assert images.tag_rows("demo", "1") == (tuple(cells[:10]),)


def test_an_unlisted_tag_has_no_rows():
    assert images.tag_rows("python", "no-such-tag") == ()
