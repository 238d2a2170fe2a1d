#!/usr/bin/env python3
"""Regenerate ``server/stanzalint/knowledge/data/`` from the shared base-image facts.

Usage (from the repository root)::

    python scripts/build_knowledge.py [--source ../shared/knowledge] [--check]

The source folder holds plain TSV files, one table each with a header row. This script copies
the facts the linter uses, drops long evidence columns it does not, and turns the free-form
image patterns of ``os_family.tsv`` and ``nonroot_images.tsv`` into anchored regular
expressions, so that the package never parses prose at run time. Hand-checked rows without a
machine-readable pattern are translated by the ``EXTERNAL_*`` tables below; an unknown
free-form pattern is an error.

Files written (all tab-separated, header row first): ``meta.tsv``, ``images.tsv``,
``tags.tsv``, ``eol.tsv``, ``codenames.tsv``, ``image_eol_product.tsv``, ``os_family.tsv``,
``nonroot.tsv``. Hand-written files in the same folder (``image_eol_product_extra.tsv``,
``build_images.tsv``, ``retired_tags.tsv`` ...) are not touched.

``--check`` compares instead of writing and exits 1 when the packaged data is stale.
"""

from __future__ import annotations

import argparse
import calendar
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "knowledge"
DATA_DIR = ROOT / "server" / "stanzalint" / "knowledge" / "data"

GENERATED = (
    "meta.tsv",
    "images.tsv",
    "tags.tsv",
    "eol.tsv",
    "codenames.tsv",
    "image_eol_product.tsv",
    "os_family.tsv",
    "nonroot.tsv",
)

# (image regex, tag regex, priority, release or None to keep the row's, release_from, libc or None)
Translation = tuple[str, str, int, Optional[str], str, Optional[str]]

_ANY = ".*"

# Free-form os_family.tsv rows (scope=external) -> machine patterns. ``release_from`` names the
# part whose first regex group is the release ("tag" / "image"), or is empty.
EXTERNAL_OS_FAMILY: dict[str, list[Translation]] = {
    "quay.io/jupyter/*": [(r"quay\.io/jupyter/.+", _ANY, 20, None, "", None)],
    "jupyter/* (Docker Hub)": [(r"jupyter/.+", _ANY, 20, None, "", None)],
    "rocker/r-ver|rstudio|tidyverse|verse|geospatial|shiny|shiny-verse:4.0.0..4.2.1": [
        (
            r"rocker/(?:r-ver|rstudio|tidyverse|verse|geospatial|shiny|shiny-verse)",
            r"4\.(?:0\.\d+|1\.\d+|2\.[01])",
            900,
            None,
            "",
            None,
        )
    ],
    "rocker/r-ver|rstudio|tidyverse|verse|geospatial|shiny|shiny-verse:4.2.2..4.4.1": [
        (
            r"rocker/(?:r-ver|rstudio|tidyverse|verse|geospatial|shiny|shiny-verse)",
            r"4\.(?:2\.[2-9]|3\.\d+|4\.[01])",
            900,
            None,
            "",
            None,
        )
    ],
    "rocker/r-ver|rstudio|tidyverse|verse|geospatial|shiny|shiny-verse:4.4.2..4.6.1": [
        (
            r"rocker/(?:r-ver|rstudio|tidyverse|verse|geospatial|shiny|shiny-verse)",
            r"4\.(?:4\.[2-9]|5\.\d+|6\.[01])",
            900,
            None,
            "",
            None,
        )
    ],
    "rocker/*:devel": [(r"rocker/.+", r"devel", 1000, "", "", None)],
    "rocker/cuda|ml|ml-verse:4.4.0": [(r"rocker/(?:cuda|ml|ml-verse)", r"4\.4\.0", 1000, None, "", None)],
    "rocker/r-base (= r-base official image)": [(r"rocker/r-base", _ANY, 20, None, "", None)],
    "nvidia/cuda:*-ubuntu<ver>": [(r"nvidia/cuda", r".*-ubuntu(\d+\.\d+)", 200, "", "tag", None)],
    "nvidia/cuda:*-ubi<ver>": [(r"nvidia/cuda", r".*-ubi(\d+)", 200, "", "tag", None)],
    "nvidia/cuda:*-rockylinux<ver>": [(r"nvidia/cuda", r".*-rockylinux(\d+)", 200, "", "tag", None)],
    "nvidia/cuda:*-centos7": [(r"nvidia/cuda", r".*-centos7", 200, None, "", None)],
    "pytorch/pytorch": [(r"pytorch/pytorch", _ANY, 20, "", "", None)],
    "tensorflow/tensorflow": [(r"tensorflow/tensorflow", _ANY, 20, None, "", None)],
    "continuumio/miniconda3": [(r"continuumio/miniconda3", _ANY, 20, None, "", None)],
    "continuumio/anaconda3": [(r"continuumio/anaconda3", _ANY, 20, None, "", None)],
    # The Amazon Linux build of anaconda3 is not told apart by its tag: no pattern.
    "continuumio/anaconda3 (amazonlinux build)": [],
    "condaforge/miniforge3": [(r"condaforge/miniforge3", _ANY, 20, None, "", None)],
    "mambaorg/micromamba:<ver>|latest (default)": [
        (r"mambaorg/micromamba", r"(?:\d[\w.]*|latest)", 50, None, "", None)
    ],
    "mambaorg/micromamba:*-debian<ver>[-slim]": [
        (r"mambaorg/micromamba", r".*-debian(\d+)(?:-slim)?", 200, "", "tag", None)
    ],
    "mambaorg/micromamba:*-ubuntu<ver>": [(r"mambaorg/micromamba", r".*-ubuntu(\d+\.\d+)", 200, "", "tag", None)],
    "mambaorg/micromamba:*-cuda<ver>-ubuntu<ver>": [
        (r"mambaorg/micromamba", r".*-cuda[\d.]+-ubuntu(\d+\.\d+)", 300, "", "tag", None)
    ],
    # Alpine with glibc added (frolvlad/alpine-glibc), so not musl.
    "mambaorg/micromamba:*-alpine<ver>": [(r"mambaorg/micromamba", r".*-alpine(\d+\.\d+)", 200, "", "tag", "glibc")],
    "mambaorg/micromamba:*-amazon2023": [(r"mambaorg/micromamba", r".*-amazon2023", 200, None, "", None)],
    # The release depends on the CUDA version in the tag (22.04 or 24.04): left unknown.
    "rapidsai/base|rapidsai/notebooks": [(r"rapidsai/(?:base|notebooks)", _ANY, 20, "", "", None)],
    "gcr.io/distroless/*-debian13": [(r"gcr\.io/distroless/.+-debian13", _ANY, 30, None, "", None)],
    "gcr.io/distroless/*-debian12": [(r"gcr\.io/distroless/.+-debian12", _ANY, 30, None, "", None)],
    "gcr.io/distroless/<image> (no -debianN suffix)": [
        (r"gcr\.io/distroless/(?:(?!.*-debian\d+$).)+", _ANY, 20, "13", "", None)
    ],
    "registry.access.redhat.com/ubi<N>-minimal | redhat/ubi<N>-minimal | ubi<N>/ubi-minimal": [
        (r"(?:registry\.access\.redhat\.com/|redhat/)ubi(\d+)-minimal", _ANY, 20, "", "image", None),
        (r"(?:registry\.access\.redhat\.com/)?ubi(\d+)/ubi-minimal", _ANY, 20, "", "image", None),
    ],
    "registry.access.redhat.com/ubi<N>/ubi | redhat/ubi<N>": [
        (r"registry\.access\.redhat\.com/ubi(\d+)(?:/ubi)?", _ANY, 20, "", "image", None),
        (r"redhat/ubi(\d+)", _ANY, 20, "", "image", None),
        (r"ubi(\d+)/ubi", _ANY, 20, "", "image", None),
    ],
    "registry.redhat.io/rhel<N>/python-<ver> (sclorg s2i)": [
        (r"registry\.redhat\.io/rhel(\d+)/python-\d+", _ANY, 20, "", "image", None)
    ],
    "registry.redhat.io/rhel<N>/python-<ver>-minimal (sclorg s2i)": [
        (r"registry\.redhat\.io/rhel(\d+)/python-\d+-minimal", _ANY, 20, "", "image", None)
    ],
    "cgr.dev/chainguard/<image>:latest": [(r"cgr\.dev/chainguard/.+", r"latest", 100, None, "", "glibc")],
    "cgr.dev/chainguard/<image>:latest-dev": [(r"cgr\.dev/chainguard/.+", r"latest-dev", 100, None, "", "glibc")],
    "cgr.dev/chainguard/wolfi-base": [(r"cgr\.dev/chainguard/wolfi-base", _ANY, 500, None, "", "glibc")],
    "bitnami/<app> (debian-12 builds)": [(r"bitnami/.+", _ANY, 10, None, "", None)],
    "nginxinc/nginx-unprivileged:<ver>|*-bookworm (debian)": [
        (r"nginxinc/nginx-unprivileged", r"(?:\d[\w.]*|latest|mainline|stable|.*-bookworm)", 50, "12", "", None)
    ],
    "nginxinc/nginx-unprivileged:*alpine*": [(r"nginxinc/nginx-unprivileged", r".*alpine.*", 100, "", "", None)],
}

# Free-form nonroot_images.tsv rows -> (image regex, tag regex, priority).
EXTERNAL_NONROOT: dict[str, list[tuple[str, str, int]]] = {
    "quay.io/jupyter/* (docker-stacks: base-notebook, minimal-notebook, scipy-notebook, r-notebook, "
    "julia-notebook, tensorflow-notebook, pytorch-notebook, datascience-notebook, pyspark-notebook, "
    "all-spark-notebook, docker-stacks-foundation)": [(r"quay\.io/jupyter/.+", _ANY, 10)],
    "jupyter/* (Docker Hub, frozen since 2023-10-20)": [(r"jupyter/.+", _ANY, 10)],
    "gcr.io/distroless/*:nonroot, gcr.io/distroless/*:debug-nonroot": [
        (r"gcr\.io/distroless/.+", r"(?:debug-)?nonroot(?:-[a-z0-9]+)?", 100)
    ],
    "gcr.io/distroless/*:latest, gcr.io/distroless/*:debug": [
        (r"gcr\.io/distroless/.+", r"(?:latest|debug)(?:-[a-z0-9]+)?", 100)
    ],
    "bitnami/postgresql (bitnami app images)": [(r"bitnami/.+", _ANY, 10)],
    "bitnami/python": [(r"bitnami/python", _ANY, 20)],
    "nginxinc/nginx-unprivileged:*": [(r"nginxinc/nginx-unprivileged", _ANY, 10)],
    "mambaorg/micromamba:*": [(r"mambaorg/micromamba", _ANY, 10)],
    "rapidsai/base:*, rapidsai/notebooks:*": [(r"rapidsai/(?:base|notebooks)", _ANY, 10)],
    "registry.redhat.io/rhel<N>/python-<ver>[-minimal] (sclorg s2i images)": [
        (r"registry\.redhat\.io/rhel\d+/python-\d+(?:-minimal)?", _ANY, 10)
    ],
    "condaforge/miniforge3": [(r"condaforge/miniforge3", _ANY, 10)],
    "continuumio/miniconda3, continuumio/anaconda3": [(r"continuumio/(?:miniconda3|anaconda3)", _ANY, 10)],
    "rocker/r-ver, rocker/rstudio, rocker/tidyverse, rocker/verse": [
        (r"rocker/(?:r-ver|rstudio|tidyverse|verse)", _ANY, 10)
    ],
    "pytorch/pytorch": [(r"pytorch/pytorch", _ANY, 10)],
    "tensorflow/tensorflow": [(r"tensorflow/tensorflow", _ANY, 10)],
}

_LIBC_BY_FAMILY = {
    "debian": "glibc",
    "ubuntu": "glibc",
    "rhel": "glibc",
    "fedora": "glibc",
    "arch": "glibc",
    "suse": "glibc",
    "distroless": "glibc",
    "alpine": "musl",
}


# --------------------------------------------------------------------------- reading / writing


def read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells)))
    return header, rows


def render_tsv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = ["\t".join(header)]
    for row in rows:
        cells = [str(c) for c in row]
        for cell in cells:
            if "\t" in cell or "\n" in cell:
                raise ValueError(f"cell contains a tab or newline: {cell!r}")
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- patterns


def _tag_regex(pattern: str) -> tuple[str, int]:
    """The grammar of the official rows: ``*suffix``, ``<version>``, ``<version>|latest``,
    ``*``, ``a|b|c`` literals, and ``1.2.3+`` (a lower version bound, kept as any tag)."""
    if pattern == "*":
        return _ANY, 10
    if pattern.startswith("*"):
        return ".*" + re.escape(pattern[1:]), 100 + len(pattern) - 1
    version = r"v?\d[\w.+~]*(?:-rc)?"
    if pattern == "<version>":
        return version, 50
    if pattern == "<version>|latest":
        return f"(?:{version}|latest)", 50
    if re.fullmatch(r"\d[\d.]*\+", pattern):
        return _ANY, 10
    if "*" in pattern or "<" in pattern:
        raise ValueError(f"unsupported tag pattern: {pattern!r}")
    return "(?:" + "|".join(re.escape(p) for p in pattern.split("|")) + ")", 1000


_GENERIC = re.compile(r"^(?P<image>[a-z0-9][a-z0-9._/-]*):(?P<tag>\S+)(?: \((?P<note>[^)]*)\))?$")
_BARE = re.compile(r"^(?P<image>[a-z0-9][a-z0-9._/-]*)$")


def parse_pattern(raw: str) -> tuple[str, str, int, str] | None:
    """``image:tag-pattern [(windows)|(comment)]`` -> (image regex, tag regex, priority, os)."""
    m = _GENERIC.match(raw)
    if m:
        if "<" in m.group("image") or "*" in m.group("image"):
            return None
        try:
            tag_re, priority = _tag_regex(m.group("tag"))
        except ValueError:
            return None
        os_name = "windows" if m.group("note") == "windows" else ""
        return re.escape(m.group("image")), tag_re, priority, os_name
    m = _BARE.match(raw)
    if m:
        return re.escape(m.group("image")), _ANY, 10, ""
    return None


# --------------------------------------------------------------------------- builders


def build_meta(readme: str) -> str:
    dates = sorted(set(re.findall(r"\b(20\d\d-\d\d-\d\d)\b", readme)))
    official = re.search(r"official-images@(\w+) \(snapshot (\d{4}-\d\d-\d\d)\)", readme)
    eol = re.search(r"endoflife\.date@(\w+) \((\d{4}-\d\d-\d\d)\)", readme)
    docs = re.search(r"docs@(\w+) \((\d{4}-\d\d-\d\d)\)", readme)
    if not (dates and official and eol and docs):
        raise ValueError("README no longer names its sources and dates")
    # Dates the README gives for its snapshots (not dates quoted inside facts).
    snapshot_dates = [official.group(2), eol.group(2), docs.group(2)]
    rows = [
        ("as_of", max(snapshot_dates)),
        ("official_images", f"docker-library/official-images@{official.group(1)} {official.group(2)}"),
        ("official_images_docs", f"docker-library/docs@{docs.group(1)} {docs.group(2)}"),
        ("endoflife_date", f"endoflife-date/endoflife.date@{eol.group(1)} {eol.group(2)}"),
    ]
    return render_tsv(("key", "value"), rows)


def build_images(src: Path) -> str:
    _, rows = read_tsv(src / "official_images.tsv")
    header = (
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
    )
    return render_tsv(
        header, ([r[h] if h != "deprecated_note" else r["deprecated_evidence"] for h in header] for r in rows)
    )


def build_tags(src: Path) -> str:
    _, rows = read_tsv(src / "official_image_tags.tsv")
    header = (
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
    )
    seen = set()
    out = []
    for r in rows:
        row = tuple(r[h] for h in header)
        if row not in seen:
            seen.add(row)
            out.append(row)
    return render_tsv(header, out)


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def normalise_eol(value: str) -> tuple[str, str]:
    """``eol`` cell -> (date / true / false / empty for unknown, note with the original)."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value) or value in ("true", "false", ""):
        return value, ""
    m = re.fullmatch(r"(\d{4})-(\d\d) \(.*\)", value)
    if m:  # a month: support ends with that month
        return _month_end(int(m.group(1)), int(m.group(2))), value
    return "", value  # a relative date such as "debian 14 release day + 1yr"


def build_eol(src: Path) -> str:
    _, rows = read_tsv(src / "eol.tsv")
    header = (
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
    )
    out = []
    for r in rows:
        eol, note = normalise_eol(r["eol"])
        out.append(
            (
                r["product"],
                r["cycle"],
                r["release_date"],
                eol,
                note,
                r["latest"],
                r["codename"],
                r["lts"],
                r["eoas"],
                r["eoes"],
                r["latest_release_date"],
                r["scope"],
                r["source_path"],
            )
        )
    return render_tsv(header, out)


def build_codenames(src: Path) -> str:
    header, rows = read_tsv(src / "codenames.tsv")
    return render_tsv(header, ([r[h] for h in header] for r in rows))


def build_image_eol_product(src: Path) -> str:
    _, rows = read_tsv(src / "image_eol_product.tsv")
    return render_tsv(("image", "eol_product", "source"), ((r["image"], r["eol_product"], r["source"]) for r in rows))


def _release(value: str) -> str:
    """``13 (at snapshot)`` -> ``13``; ``(from tag)`` / ``12|11|13`` (several) -> empty."""
    value = re.sub(r"\s*\(.*\)$", "", value).strip()
    return "" if "|" in value else value


def build_os_family(src: Path) -> str:
    _, rows = read_tsv(src / "os_family.tsv")
    header = (
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
    )
    out = []
    for r in rows:
        raw = r["image_pattern"]
        family = r["family"]
        default_libc = _LIBC_BY_FAMILY.get(family, "")
        if r["scope"] == "official":
            parsed = parse_pattern(raw)
            if parsed is None:
                raise ValueError(f"os_family.tsv: cannot parse official pattern {raw!r}")
            image_re, tag_re, priority, os_name = parsed
            out.append(
                (
                    image_re,
                    tag_re,
                    priority,
                    os_name or r["os"],
                    family,
                    r["distro"],
                    _release(r["distro_release"]),
                    "",
                    r["package_manager"],
                    default_libc,
                    "official",
                    raw,
                )
            )
            continue
        if raw in EXTERNAL_OS_FAMILY:
            translations = EXTERNAL_OS_FAMILY[raw]
        else:
            parsed = parse_pattern(raw)
            if parsed is None:
                raise ValueError(f"os_family.tsv: no translation for external pattern {raw!r}")
            translations = [(parsed[0], parsed[1], parsed[2], None, "", None)]
        for image_re, tag_re, priority, release, release_from, libc in translations:
            rel = _release(r["distro_release"]) if release is None else release
            out.append(
                (
                    image_re,
                    tag_re,
                    priority,
                    r["os"] or "linux",
                    family,
                    r["distro"],
                    rel,
                    release_from,
                    r["package_manager"],
                    libc or default_libc,
                    "external",
                    raw,
                )
            )
    return render_tsv(header, out)


def parse_user(raw: str) -> tuple[str, str]:
    """``65532 (nonroot)`` -> (``65532``, ``nonroot``); ``(run-as not set -> 0/root)`` -> ``0``."""
    raw = raw.strip()
    m = re.fullmatch(r"\(run-as not set -> (\w+)/\w+\)", raw)
    if m:
        return m.group(1), raw
    m = re.fullmatch(r"([^\s(;]+)[;\s]*(.*)", raw)
    if not m:
        raise ValueError(f"nonroot_images.tsv: cannot read user {raw!r}")
    note = m.group(2).strip()
    if note.startswith("(") and note.endswith(")"):
        note = note[1:-1]
    return m.group(1), note


def build_nonroot(src: Path) -> str:
    _, rows = read_tsv(src / "nonroot_images.tsv")
    header = ("image_re", "tag_re", "priority", "os", "user", "user_note", "nonroot", "mechanism", "scope", "pattern")
    out = []
    for r in rows:
        raw = r["image_pattern"]
        user, note = parse_user(r["default_user"])
        if raw in EXTERNAL_NONROOT:
            translations = [(i, t, p, "") for i, t, p in EXTERNAL_NONROOT[raw]]
        else:
            parsed = parse_pattern(raw)
            if parsed is None:
                raise ValueError(f"nonroot_images.tsv: no translation for pattern {raw!r}")
            translations = [parsed]
        for image_re, tag_re, priority, os_name in translations:
            out.append((image_re, tag_re, priority, os_name, user, note, r["nonroot"], r["mechanism"], r["scope"], raw))
    return render_tsv(header, out)


def build_all(src: Path) -> dict[str, str]:
    """File name -> generated text."""
    return {
        "meta.tsv": build_meta((src / "README.md").read_text(encoding="utf-8")),
        "images.tsv": build_images(src),
        "tags.tsv": build_tags(src),
        "eol.tsv": build_eol(src),
        "codenames.tsv": build_codenames(src),
        "image_eol_product.tsv": build_image_eol_product(src),
        "os_family.tsv": build_os_family(src),
        "nonroot.tsv": build_nonroot(src),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    files = build_all(args.source)
    stale = []
    for name, text in files.items():
        path = args.out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
