"""Every row of every packaged data file parses, and the data matches the build script."""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import pytest
from repo_paths import KNOWLEDGE_ABSENT
from stanzalint.knowledge import AS_OF, SOURCES
from stanzalint.knowledge._data import DATA_DIR, table
from stanzalint.knowledge.eol import parse_cycle

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "knowledge"
DATE = re.compile(r"\d{4}-\d\d-\d\d")

EXPECTED_HEADERS = {
    "meta.tsv": ["key", "value"],
    "images.tsv": [
        "image",
        "status",
        "deprecated",
        "has_slim",
        "has_alpine",
        "variants",
        "latest_base",
        "families",
        "package_managers",
        "tag_example",
        "deprecated_note",
        "source",
    ],
    "tags.tsv": [
        "image",
        "tag",
        "tag_kind",
        "variant",
        "os",
        "family",
        "distro",
        "distro_release",
        "package_manager",
        "default_user",
    ],
    "eol.tsv": [
        "product",
        "cycle",
        "release_date",
        "eol",
        "eol_note",
        "latest",
        "codename",
        "lts",
        "eoas",
        "eoes",
        "latest_release_date",
        "scope",
        "source",
    ],
    "codenames.tsv": ["distro", "codename", "version", "full_name", "source"],
    "image_eol_product.tsv": ["image", "eol_product", "source"],
    "image_eol_product_extra.tsv": ["image", "eol_product", "source"],
    "os_family.tsv": [
        "image_re",
        "tag_re",
        "priority",
        "os",
        "family",
        "distro",
        "release",
        "release_from",
        "package_manager",
        "libc",
        "scope",
        "pattern",
    ],
    "nonroot.tsv": [
        "image_re",
        "tag_re",
        "priority",
        "os",
        "user",
        "user_note",
        "nonroot",
        "mechanism",
        "scope",
        "pattern",
    ],
    "build_images.tsv": ["image", "tag_re", "reason", "runtime_alternative", "source"],
    "distroless.tsv": [
        "image",
        "debian",
        "built_on",
        "glibc",
        "libssl",
        "libstdcxx",
        "ca_certificates",
        "tzdata",
        "runtime",
        "runtime_version",
        "runtime_path",
        "entrypoint",
        "source",
    ],
    "retired_tags.tsv": ["image", "tag_re", "state", "since", "note", "source"],
    "nonroot_extra.tsv": [
        "image_re",
        "tag_re",
        "priority",
        "os",
        "user",
        "user_note",
        "nonroot",
        "mechanism",
        "scope",
        "pattern",
        "source",
    ],
}


def _lines(name: str):
    return (DATA_DIR / name).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("name", sorted(EXPECTED_HEADERS))
def test_header_and_row_width(name):
    lines = _lines(name)
    assert lines[0].split("\t") == EXPECTED_HEADERS[name]
    assert lines[-1] == ""  # ends with a newline
    for number, line in enumerate(lines[1:-1], start=2):
        assert len(line.split("\t")) == len(EXPECTED_HEADERS[name]), f"{name}:{number}"


def test_every_data_file_is_covered():
    assert sorted(p.name for p in DATA_DIR.glob("*.tsv")) == sorted(EXPECTED_HEADERS)


def test_images_rows():
    rows = table("images.tsv")
    assert len(rows) == 186
    for r in rows:
        assert r["status"] in ("active", "no_current_tags", "removed")
        assert r["deprecated"] in ("yes", "no", "partial", "unknown")
        assert r["has_slim"] in ("yes", "no") and r["has_alpine"] in ("yes", "no")


def test_tags_rows():
    images = {r["image"] for r in table("images.tsv")}
    rows = table("tags.tsv")
    assert len(rows) == 9986
    for r in rows:
        assert r["image"] in images and r["tag"]
        assert r["tag_kind"] in ("tag", "shared")
        assert r["os"] in ("linux", "windows")
        assert r["family"] in (
            "ubuntu",
            "debian",
            "alpine",
            "windows",
            "rhel",
            "unknown",
            "other",
            "scratch",
            "arch",
            "fedora",
        )


def test_eol_rows_parse():
    rows = table("eol.tsv")
    assert len(rows) == 1533
    for r in rows:
        cycle = parse_cycle(r)
        assert r["eol"] == "" or r["eol"] in ("true", "false") or DATE.fullmatch(r["eol"])
        assert (cycle.eol is not None) == bool(DATE.fullmatch(r["eol"]))
        for column in ("release_date", "eoes", "latest_release_date"):
            assert r[column] in ("", "true", "false") or DATE.fullmatch(r[column]), (r["product"], column)
        if r["release_date"]:
            date.fromisoformat(r["release_date"])


def test_eol_month_and_relative_dates_keep_their_wording():
    rows = {(r["product"], r["cycle"]): r for r in table("eol.tsv")}
    static12 = rows[("gcr.io/distroless/static", "debian12")]
    assert (static12["eol"], static12["eol_note"]) == ("2026-09-30", "2026-09 (Sept 2026)")
    static13 = rows[("gcr.io/distroless/static", "debian13")]
    assert (static13["eol"], static13["eol_note"]) == ("", "debian 14 release day + 1yr")


def test_codenames_rows():
    for r in table("codenames.tsv"):
        assert r["distro"] in ("debian", "ubuntu")
        assert re.fullmatch(r"\d+(\.\d+)?", r["version"]) or r["codename"] == "sid"


def test_pattern_tables_compile():
    for name in ("os_family.tsv", "nonroot.tsv"):
        for r in table(name):
            re.compile(r["image_re"])
            re.compile(r["tag_re"])
            int(r["priority"])
            assert r["os"] in ("", "linux", "windows")
    for r in table("os_family.tsv"):
        assert r["release_from"] in ("", "tag", "image")
        assert r["libc"] in ("", "glibc", "musl")
        if r["release_from"]:
            assert re.compile(r[r["release_from"] + "_re"]).groups >= 1
    for r in table("nonroot.tsv"):
        assert r["nonroot"] in ("yes", "no", "partial") and r["user"]
    for r in table("build_images.tsv"):
        re.compile(r["tag_re"])
        assert r["reason"] and r["source"]
    for r in table("retired_tags.tsv"):
        re.compile(r["tag_re"])
        assert r["state"] in ("frozen", "removed") and DATE.fullmatch(r["since"]) and r["note"] and r["source"]


def test_product_mappings_name_known_products():
    products = {r["product"] for r in table("eol.tsv")}
    for r in table("image_eol_product_extra.tsv"):
        assert r["eol_product"] in products, r
    # The shared purl table names one product the EOL table does not carry.
    missing = [r["image"] for r in table("image_eol_product.tsv") if r["eol_product"] not in products]
    assert missing == ["consul"]


def test_as_of_and_sources():
    assert AS_OF == "2026-08-22"
    assert SOURCES == {
        "official_images": "docker-library/official-images@37079fb336f5 2026-08-21",
        "official_images_docs": "docker-library/docs@c4a9ba414434 2026-08-21",
        "endoflife_date": "endoflife-date/endoflife.date@a70eca337600 2026-08-22",
    }


@pytest.mark.skipif(not SHARED.is_dir(), reason=KNOWLEDGE_ABSENT)
def test_packaged_data_equals_build_script_output():
    spec = importlib.util.spec_from_file_location("build_knowledge", REPO / "scripts" / "build_knowledge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.build_all(SHARED).items():
        assert (DATA_DIR / name).read_text(encoding="utf-8") == text, name


def test_equal_cells_of_a_table_are_one_string():
    # a long-running language server keeps the tables: a repeated cell is stored once
    python = [row for row in table("eol.tsv") if row["product"] == "python"]
    assert len(python) > 10 and len({id(row["source"]) for row in python}) == 1
    families = [row["family"] for row in table("os_family.tsv") if row["family"] == "debian"]
    assert len(families) > 10 and len({id(cell) for cell in families}) == 1


def test_the_tag_index_lists_every_line_of_tags_tsv_under_its_image_and_tag():
    from stanzalint.knowledge.images import TagIndex

    expected: dict[str, dict[str, list[str]]] = {}
    for line in (DATA_DIR / "tags.tsv").read_text(encoding="utf-8").split("\n")[1:]:
        if line:
            image, tag = line.split("\t", 2)[:2]
            expected.setdefault(image, {}).setdefault(tag, []).append(line)
    index = TagIndex("tags.tsv")
    assert all(image in index for image in expected) and "no-such-image" not in index
    assert {image: index.get(image) for image in expected} == expected
    assert index.get("no-such-image", {}) == {}


def test_the_tag_index_keeps_where_each_image_is_not_the_file():
    # a long-running language server keeps the index: the file's 800 KB are read per image asked
    import tracemalloc

    from stanzalint.knowledge.images import TagIndex

    tracemalloc.start()
    try:
        index = TagIndex("tags.tsv")
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert "python" in index and kept < 100_000


def test_each_product_s_cycles_are_its_rows_of_eol_tsv_in_file_order():
    from stanzalint.knowledge.eol import product_cycles, products

    expected: dict[str, list[object]] = {}
    for row in table("eol.tsv"):
        expected.setdefault(row["product"], []).append(parse_cycle(row))
    assert products() == tuple(expected)
    assert {product: list(product_cycles(product)) for product in expected} == expected
    assert product_cycles("no-such-product") == ()


def scanned_best_match(table_name: str, image: str, tag: str):
    """``best_match`` as every row of the table in file order finds it, those that name the
    image literally first: what the index by name must give."""
    from stanzalint.knowledge.patterns import _name_of

    ordered = [r for r in table(table_name) if _name_of(r["image_re"]) == image]
    ordered += [r for r in table(table_name) if _name_of(r["image_re"]) is None]
    best, best_key = None, (-1, -1)
    for row in ordered:
        if re.fullmatch(row["image_re"], image) and re.fullmatch(row["tag_re"], tag):
            key = (int(row["priority"]), 0 if row.get("os") == "windows" else 1)
            if key > best_key:
                best, best_key = row, key
    return best


@pytest.mark.parametrize("table_name", ["os_family.tsv", "nonroot.tsv", "nonroot_extra.tsv"])
def test_the_pattern_tables_match_as_a_scan_of_every_row(table_name):
    from stanzalint.knowledge.patterns import best_match

    images = sorted({row["image_re"].replace("\\", "") for row in table(table_name)})[::3]
    images += ["python", "nvidia/cuda", "no-such-image", "ghcr.io/example/app"]
    tags = ["latest", "3.12-slim-bookworm", "22.04", "1.2.3-alpine3.19", "12.4.1-runtime-ubuntu22.04", "nanoserver"]
    for image in images:
        for tag in tags:
            found = best_match(table_name, image, tag)
            assert (found[0] if found else None) == scanned_best_match(table_name, image, tag), (image, tag)


def test_the_eol_and_pattern_indexes_keep_where_each_name_is_not_the_rows():
    # a long-running language server keeps the indexes: a product's or an image's rows are read
    # when it is asked for (the whole tables as rows are about 0.5 MB each)
    import tracemalloc

    from stanzalint.knowledge._data import TableBlocks
    from stanzalint.knowledge.patterns import _name_of

    tracemalloc.start()
    try:
        eol = TableBlocks("eol.tsv")
        eol_kept = tracemalloc.get_traced_memory()[0]
        patterns = TableBlocks("os_family.tsv", key=_name_of)
        patterns_kept = tracemalloc.get_traced_memory()[0] - eol_kept
    finally:
        tracemalloc.stop()
    assert "python" in eol and eol_kept < 50_000
    assert "python" in patterns and patterns_kept < 100_000


def test_the_official_images_answer_as_a_scan_of_every_row_of_images_tsv():
    from stanzalint.knowledge.images import _official_image, all_images, official_image

    rows = table("images.tsv")
    assert all_images() == tuple(_official_image(row) for row in rows)
    for row in rows:
        assert official_image(row["image"]) == _official_image(row)
    assert official_image("no-such-image") is None


def test_an_official_image_is_made_when_it_is_asked_for():
    # a long-running language server asks for a handful of the images: only those are made
    from stanzalint.knowledge.images import OfficialImages

    images = OfficialImages()
    assert images.get("python") is not None and images.get("no-such-image") is None
    assert list(images._made) == ["python"]
    assert len(images.names()) == len(table("images.tsv"))


def test_a_distribution_s_own_release_width_is_read_from_its_image_alone():
    from stanzalint.knowledge.images import all_images, official_image
    from stanzalint.knowledge.osfamily import _self_width

    scanned = {}
    for image in all_images():
        base = image.latest_base.split(" ")
        if len(base) == 2 and base[0] == image.name and base[1][:1].isdigit():
            scanned[image.name] = base[1].count(".") + 1
    assert scanned["debian"] == 1 and scanned["alpine"] == 2
    for image in all_images():
        assert _self_width(image.name, official_image(image.name)) == scanned.get(image.name), image.name
    assert _self_width("library/debian", official_image("library/debian")) is None
    assert _self_width("no-such-image", official_image("no-such-image")) is None
