"""Normalising image names and tags as the knowledge tables spell them.

Docker Hub images are keyed by their familiar name: ``python`` (not ``library/python`` or
``docker.io/library/python``), ``nvidia/cuda``. Other registries keep their host:
``gcr.io/distroless/static-debian13``. Names are lower case.
"""

from __future__ import annotations

from typing import Any

_HUB_HOSTS = ("docker.io/", "index.docker.io/", "registry-1.docker.io/")


def normalise_name(repository: str) -> str:
    """``docker.io/library/Python`` -> ``python``; ``nvidia/cuda`` stays ``nvidia/cuda``."""
    name = repository.strip().lower()
    for host in _HUB_HOSTS:
        if name.startswith(host):
            name = name[len(host) :]
            break
    if name.startswith("library/") and name.count("/") == 1:
        name = name[len("library/") :]
    return name


def split_reference(reference: str) -> tuple[str, str | None]:
    """``python:3.12-slim@sha256:..`` -> (``python``, ``3.12-slim``); no tag -> None."""
    ref = reference.strip()
    if "@" in ref:
        ref = ref.split("@", 1)[0]
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return normalise_name(ref[:colon]), ref[colon + 1 :]
    return normalise_name(ref), None


def resolve(image: Any, tag: str | None = None) -> tuple[str, str | None]:
    """Accept an ``ImageRef``-like object, ``"repo:tag"``, or a repository plus ``tag``.

    An ImageRef-like object has ``registry``, ``namespace``, ``repository`` and ``tag``; its
    tag is used when ``tag`` is not given.
    """
    if isinstance(image, str):
        if tag is None:
            return split_reference(image)
        return normalise_name(image), tag
    if isinstance(image, tuple):
        return normalise_name(image[0]), image[1] if tag is None else tag
    registry = (getattr(image, "registry", "") or "docker.io").lower()
    namespace = getattr(image, "namespace", "") or ""
    repository = getattr(image, "repository", "") or ""
    path = f"{namespace}/{repository}" if namespace else repository
    name = path if registry == "docker.io" else f"{registry}/{path}"
    return normalise_name(name), getattr(image, "tag", None) if tag is None else tag


def effective_tag(tag: str | None) -> str:
    """The tag Docker pulls: ``latest`` when none is written."""
    return tag if tag else "latest"
