"""Docker Official Images: which exist, their tags, and their slim / minimal variants."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from stanzalint.knowledge._data import Row, TableBlocks, rows_of_lines
from stanzalint.knowledge.names import effective_tag, resolve
from stanzalint.knowledge.tagparse import parse_tag


@dataclass(frozen=True)
class OfficialImage:
    """One Docker Official Image (``official_images.tsv``)."""

    name: str
    status: str  # "active" | "no_current_tags" (library/ file lists no tags) | "removed" (file deleted)
    deprecated: str  # "yes" | "no" | "partial" | "unknown"
    deprecated_note: str
    has_slim: bool
    has_alpine: bool
    variants: tuple[str, ...]  # variant names as the library file lists them
    latest_base: str  # "debian 13", "alpine 3.24", ...
    families: tuple[str, ...]  # OS families across its tags
    package_managers: tuple[str, ...]
    tag_example: str
    source: str

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def is_deprecated(self) -> bool:
        return self.deprecated == "yes"


def _split(cell: str) -> tuple[str, ...]:
    """A comma-separated cell's values."""
    return tuple(p for p in cell.split(",") if p)


def _official_image(r: Row) -> OfficialImage:
    """The official image one line of ``images.tsv`` describes."""
    return OfficialImage(
        name=r["image"],
        status=r["status"],
        deprecated=r["deprecated"],
        deprecated_note=r["deprecated_note"],
        has_slim=r["has_slim"] == "yes",
        has_alpine=r["has_alpine"] == "yes",
        variants=_split(r["variants"]),
        latest_base=r["latest_base"],
        families=_split(r["families"]),
        package_managers=_split(r["package_managers"]),
        tag_example=r["tag_example"],
        source=r["source"],
    )


class OfficialImages:
    """image -> ``OfficialImage``, each made from its line of ``images.tsv`` when first asked for.

    Only where each image's line is in the file is kept (``TableBlocks``), and the images asked
    for: a language server asks for a handful of the 186. Holding them all cost 0.2 MB, and
    interning their variant, family and package manager names grew the interpreter's table of
    interned strings to its next size (0.5 MB more in a benchmark run)."""

    def __init__(self, name: str = "images.tsv") -> None:
        self._name = name
        self._blocks = TableBlocks(name)
        self._made: dict[str, OfficialImage] = {}

    def names(self) -> tuple[str, ...]:
        """Every image, in file order."""
        return self._blocks.keys()

    def get(self, image: str) -> OfficialImage | None:
        """The official image named ``image`` (None when the data has none), made on first ask."""
        made = self._made.get(image)
        if made is None and image in self._blocks:
            (row,) = rows_of_lines(self._name, self._blocks.lines(image))
            made = self._made[image] = _official_image(row)
        return made


@cache
def _images() -> OfficialImages:
    """The official images (see ``OfficialImages``)."""
    return OfficialImages()


class TagIndex:
    """image -> tag -> raw lines of ``tags.tsv`` (a shared tag has one line per platform entry).

    An image's lines are read from the file (``TableBlocks``) and split into tags when that image
    is asked for: the file's text (800 KB) or dicts for all ten thousand lines would cost a
    long-running server memory for images it never sees."""

    def __init__(self, name: str = "tags.tsv") -> None:
        self._blocks = TableBlocks(name)
        self._parsed: dict[str, dict[str, list[str]]] = {}

    def __contains__(self, image: object) -> bool:
        return image in self._blocks

    def get(self, image: str, default: Any = None) -> Any:
        tags = self._parsed.get(image)
        if tags is None:
            if image not in self._blocks:
                return default
            tags = {}
            for line in self._blocks.lines(image):
                tags.setdefault(line.split("\t", 2)[1], []).append(line)
            self._parsed[image] = tags
        return tags


@cache
def tag_index() -> TagIndex:
    """The tags of every official image (see ``TagIndex``)."""
    return TagIndex()


def all_images() -> tuple[OfficialImage, ...]:
    """Every official image in the data, removed ones included."""
    images = _images()
    return tuple(image for name in images.names() if (image := images.get(name)) is not None)


def official_image(repository: Any) -> OfficialImage | None:
    """The official image named ``repository`` (``python``, ``library/python``, an ImageRef)."""
    name, _ = resolve(repository)
    return _images().get(name)


def is_official(repository: Any) -> bool:
    """A Docker Official Image whose ``library/`` file still exists (not ``removed``)."""
    image = official_image(repository)
    return image is not None and image.status != "removed"


def tags(repository: Any) -> tuple[str, ...]:
    """The tags the official image published at the snapshot, in library-file order."""
    name, _ = resolve(repository)
    return tuple(tag_index().get(name, {}))


def variants(repository: Any) -> tuple[str, ...]:
    """Variant names (``slim``, ``alpine``, ``bookworm`` ...) of an official image."""
    image = official_image(repository)
    return image.variants if image else ()


def has_tag(repository: Any, tag: str | None) -> bool:
    name, _ = resolve(repository)
    return effective_tag(tag) in tag_index().get(name, {})


def tag_rows(name: str, tag: str | None) -> tuple[Row, ...]:
    """The ``tags.tsv`` rows of ``name:tag`` (none when the tag is not listed)."""
    return rows_of_lines("tags.tsv", tag_index().get(name, {}).get(effective_tag(tag), []))


def _shape(tag: str) -> str:
    """``3.12.4-slim-bookworm`` -> ``<v>-slim-<r>``: version and distro releases abstracted."""
    parts = parse_tag(tag)
    tokens = list(parts.tokens)
    if parts.version_index is not None:
        tokens[parts.version_index] = "<v>"
    for distro in parts.distros:
        tokens[distro.index] = distro.prefix + "<r>"
    return "-".join(tokens)


def _insertions(tag: str, word: str) -> list[str]:
    """Candidate spellings of ``tag`` with ``word`` added, most usual first."""
    if tag == "latest":
        return [word]
    parts = parse_tag(tag)
    tokens = list(parts.tokens)
    out = []
    if parts.distros:  # python: 3.12-slim-bookworm; node/debian: 20-bookworm-slim
        first = parts.distros[0].index
        out.append("-".join(tokens[:first] + [word] + tokens[first:]))
    if parts.version_index is not None:
        i = parts.version_index + 1
        out.append("-".join(tokens[:i] + [word] + tokens[i:]))
    out.append(tag + "-" + word)
    seen = []
    for candidate in out:
        if candidate not in seen:
            seen.append(candidate)
    return seen


@lru_cache(maxsize=4096)
def _variant_alternative(name: str, tag: str, word: str) -> str | None:
    known = tag_index().get(name)
    if not known or word in parse_tag(tag).tokens:
        return None
    candidates = _insertions(tag, word)
    for candidate in candidates:
        if candidate in known:
            return candidate
    if tag in known:
        return None
    # A tag the snapshot no longer lists (an older version): accept the spelling when a
    # listed tag of the same shape has its variant spelled the same way.
    shape = _shape(tag)
    for candidate in candidates:
        want = _shape(candidate)
        for listed in known:
            if _shape(listed) == shape:
                for other in _insertions(listed, word):
                    if other in known and _shape(other) == want:
                        return candidate
    return None


def slim_alternative(repository: Any, tag: str | None = None) -> str | None:
    """The slim tag for a full one: ``python:3.12`` -> ``3.12-slim``,
    ``python:3.12-bookworm`` -> ``3.12-slim-bookworm``, ``node:20`` -> ``20-slim``.

    Only a tag the data lists, or (for a tag the snapshot no longer lists, such as
    ``python:3.8``) one spelled like a listed tag of the same shape. None otherwise.
    """
    name, tag = resolve(repository, tag)
    return _variant_alternative(name, effective_tag(tag).lower(), "slim")


def minimal_alternative(repository: Any, tag: str | None = None) -> str | None:
    """The ``-minimal`` tag (``almalinux:9`` -> ``9-minimal``), under the same rules as slim."""
    name, tag = resolve(repository, tag)
    return _variant_alternative(name, effective_tag(tag).lower(), "minimal")


_NOT_FULL = re.compile(r"slim|alpine|minimal|nanoserver|windowsservercore|distroless|busybox")


def is_full_variant(repository: Any, tag: str | None = None) -> bool:
    """A full variant of an image that publishes a slim one for the same tag shape."""
    name, tag = resolve(repository, tag)
    tag = effective_tag(tag).lower()
    if _NOT_FULL.search(tag):
        return False
    return _variant_alternative(name, tag, "slim") is not None
