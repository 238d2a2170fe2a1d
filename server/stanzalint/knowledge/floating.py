"""Floating tags: tags that move from one release to the next (SZ103).

A tag floats when any of these holds:

1. no tag, or a tag without a version token that has a token aliasing "whatever is newest":
   ``latest``, ``lts``, ``current``, ``stable``, ``oldstable``, ``oldoldstable``, ``testing``,
   ``unstable``, ``sid``, ``rolling``, ``edge``, ``devel``, ``nightly``, ``tip``,
   ``experimental``, ``mainline`` (``node:lts-alpine``, ``debian:stable-slim``,
   ``ubuntu:rolling``) — for any image. With a version the word is a flavour or a dated
   snapshot (``nvidia/cuda:12.2.0-devel-ubuntu22.04``, ``debian:stable-20260803``);
2. for an image the data knows, a version coarser than the product's release cycle
   (``python:3`` when Python cycles are ``3.x``; ``alpine:3``; ``golang:1``). ``node:20`` and
   ``debian:12`` name a cycle and do not float. Without a known product, a one-number version
   floats when the image lists ``N.x`` tags under it (``redis:7`` next to ``redis:7.4``);
3. for an official image, a tag without any version that does not name the image's own
   distribution release (``python:slim``, ``node:bookworm``, ``golang:alpine`` float;
   ``debian:bookworm`` and ``ubuntu:jammy`` do not).

None of these holds for a tag that is no longer published: one an official image's library
file no longer lists (``rust:buster``, ``golang:1-buster``, any tag of a removed image such as
``centos``), or a third-party tag its publisher retired (``retired_tags.tsv``:
``tensorflow/tensorflow:nightly-devel``, ``minio/minio``). Nothing updates it any more, so it
stays where it was last pushed. Its problem is its age (end of life), not movement.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from stanzalint.knowledge.eol import image_products, product_cycles
from stanzalint.knowledge.images import has_tag, official_image, tag_index
from stanzalint.knowledge.names import resolve
from stanzalint.knowledge.retired import retired_tag
from stanzalint.knowledge.tagparse import parse_tag

FLOATING_ALIASES = frozenset(
    {
        "latest",
        "lts",
        "current",
        "stable",
        "oldstable",
        "oldoldstable",
        "testing",
        "unstable",
        "sid",
        "rolling",
        "edge",
        "devel",
        "nightly",
        "tip",
        "experimental",
        "mainline",
    }
)


@cache
def cycle_width(product: str) -> int | None:
    """Version components of the product's recent cycles (python 2, nodejs 1, alpine 2)."""
    recent = [c.cycle for c in product_cycles(product)[:5] if c.cycle[:1].isdigit()]
    return max(c.count(".") + 1 for c in recent) if recent else None


def _listed_versions(name: str) -> tuple[str, ...]:
    return tuple(v for v in (parse_tag(t).version for t in tag_index().get(name, {})) if v)


def floating_reason(repository: Any, tag: str | None = None) -> str | None:
    """Why the tag floats (a sentence for the diagnostic), or None when it does not."""
    name, tag = resolve(repository, tag)
    if no_longer_published(name, tag):
        return None
    if not tag:
        return "no tag: Docker pulls `latest`, which moves to each new release"
    parts = parse_tag(tag)
    if parts.version is None:
        for token in parts.tokens:
            if token in FLOATING_ALIASES:
                return f"`{token}` moves to a new release when one comes out"
    known = official_image(name) is not None or name in image_products()
    if not known:
        return None
    if parts.version is not None:
        product = image_products().get(name)
        width = cycle_width(product) if product else None
        given = parts.version.count(".") + 1
        if width is not None:
            if given < width:
                return f"`{parts.version}` names no single release: it moves to each new {parts.version}.x release"
            return None
        if given == 1 and any(v.startswith(parts.version + ".") for v in _listed_versions(name)):
            return f"`{parts.version}` moves to each new {parts.version}.x release"
        return None
    if official_image(name) is None:
        return None
    own = [d for d in parts.distros if d.distro == name]
    if own:
        return None
    return "the tag names no version, so it moves to each new release of the image"


def no_longer_published(repository: Any, tag: str | None = None) -> bool:
    """Nobody pushes the tag any more: an official image's tag that its library file no longer
    lists at the data's snapshot (the tag, or the whole image, was retired), or a third-party
    tag its publisher retired."""
    if official_image(repository) is not None:
        return not has_tag(repository, tag)
    return retired_tag(repository, tag) is not None


def is_floating_tag(repository: Any, tag: str | None = None) -> bool:
    """See the module docstring for the exact definition."""
    return floating_reason(repository, tag) is not None
