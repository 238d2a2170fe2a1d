"""Offline facts about base images: official images and their tags, slim variants, OS
families, end-of-life dates, default users, build images, the distroless family.

The data is a dated copy shipped in ``data/`` (see ``data/README.md``; regenerate with
``scripts/build_knowledge.py``). Tables load on first use and are cached. Every function takes
an image as a repository name (``python``, ``library/python``, ``nvidia/cuda``,
``gcr.io/distroless/static-debian13``) with a separate tag, a ``"repo:tag"`` string, a
(repository, tag) pair, or an ``analysis.model.ImageRef``. Images the data does not know give
None (or False): nothing is guessed from the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from stanzalint.knowledge._data import meta
from stanzalint.knowledge.buildimages import BuildImage, build_image, build_image_info, runtime_alternative
from stanzalint.knowledge.distroless import Distroless, distroless, distroless_image, is_distroless, runtime_image
from stanzalint.knowledge.eol import EolStatus, eol_status, eol_statuses
from stanzalint.knowledge.floating import FLOATING_ALIASES, floating_reason, is_floating_tag
from stanzalint.knowledge.images import (
    OfficialImage,
    has_tag,
    is_full_variant,
    is_official,
    minimal_alternative,
    official_image,
    slim_alternative,
    tags,
    variants,
)
from stanzalint.knowledge.names import normalise_name, resolve, split_reference
from stanzalint.knowledge.osfamily import OsFamily, os_family
from stanzalint.knowledge.retired import RetiredTag, retired_tag
from stanzalint.knowledge.users import DefaultUser, default_user, runs_as_nonroot


def __getattr__(name: str) -> Any:
    # AS_OF reads meta.tsv lazily, so importing the package reads no data.
    if name == "AS_OF":
        return meta()["as_of"]
    if name == "SOURCES":
        return {k: v for k, v in meta().items() if k != "as_of"}
    raise AttributeError(name)


AS_OF: str  # "YYYY-MM-DD": the date of the newest source snapshot
SOURCES: dict  # source name -> "repo@commit date"


@dataclass(frozen=True)
class ImageFacts:
    """Everything known about one image reference, from ``lookup``."""

    name: str
    tag: str | None
    official: OfficialImage | None
    tag_listed: bool
    os: OsFamily | None
    eol: list[EolStatus]
    floating: str | None
    slim: str | None
    nonroot_user: str | None
    build: BuildImage | None


def lookup(ref: Any, today: date | None = None) -> ImageFacts:
    """All facts for an ``ImageRef`` (or any image form the other functions accept)."""
    name, tag = resolve(ref)
    return ImageFacts(
        name=name,
        tag=tag,
        official=official_image(name),
        tag_listed=has_tag(name, tag),
        os=os_family(name, tag),
        eol=eol_statuses(name, tag, today),
        floating=floating_reason(name, tag),
        slim=slim_alternative(name, tag),
        nonroot_user=runs_as_nonroot(name, tag),
        build=build_image_info(name, tag),
    )


__all__ = [
    "AS_OF",
    "SOURCES",
    "BuildImage",
    "DefaultUser",
    "Distroless",
    "distroless",
    "distroless_image",
    "is_distroless",
    "runtime_image",
    "EolStatus",
    "FLOATING_ALIASES",
    "ImageFacts",
    "OfficialImage",
    "OsFamily",
    "RetiredTag",
    "build_image",
    "build_image_info",
    "default_user",
    "eol_status",
    "eol_statuses",
    "floating_reason",
    "has_tag",
    "is_floating_tag",
    "is_full_variant",
    "is_official",
    "lookup",
    "minimal_alternative",
    "normalise_name",
    "official_image",
    "os_family",
    "resolve",
    "retired_tag",
    "runs_as_nonroot",
    "runtime_alternative",
    "slim_alternative",
    "split_reference",
    "tags",
    "variants",
]
