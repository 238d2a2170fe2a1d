"""Image references split the way Docker's reference grammar (distribution/reference) does.

``[registry/][path/]name[:tag][@digest]``: the first path component is a registry when it
contains ``.`` or ``:``, is ``localhost``, or has an upper-case letter; otherwise the image is on
Docker Hub (``docker.io``; ``index.docker.io`` is the legacy spelling of it), and a one-component
Hub name lives in ``library/``. Nothing is lower-cased: an upper-case repository path is invalid
(``ImageRef.error`` says so), registries and tags keep their case.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stanzalint.analysis.model import ImageRef
from stanzalint.syntax.model import Span

DEFAULT_REGISTRY = "docker.io"
LEGACY_REGISTRY = "index.docker.io"
OFFICIAL_NAMESPACE = "library"

_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*\Z")
_TAG = re.compile(r"[\w][\w.-]{0,127}\Z")
_DIGEST = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}\Z")
_DOMAIN = re.compile(
    r"(?:\[[0-9A-Fa-f:]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]+)?\Z"
)


@lru_cache(maxsize=1024)  # pure: an edit analyses every later stage's unchanged FROM again
def split_reference(ref: str) -> tuple[str, str, str, str | None, str | None, bool, str | None]:
    """Split a reference into (registry, namespace, repository, tag, digest, registry_explicit,
    error). ``error`` is None for a reference Docker accepts, else a short reason."""
    error: str | None = None
    rest = ref
    digest: str | None = None
    if "@" in rest:
        rest, digest = rest.split("@", 1)
        if not _DIGEST.match(digest):
            error = f"invalid digest {digest!r}"
    tag: str | None = None
    colon = rest.rfind(":")
    if colon > rest.rfind("/"):
        rest, tag = rest[:colon], rest[colon + 1 :]
        if not _TAG.match(tag):
            error = error or f"invalid tag {tag!r}"
    slash = rest.find("/")
    first = rest[:slash] if slash != -1 else ""
    if slash != -1 and (any(c in first for c in ".:") or first == "localhost" or first.lower() != first):
        registry, remainder, explicit = first, rest[slash + 1 :], True
        if not _DOMAIN.match(registry):
            error = error or f"invalid registry {registry!r}"
    else:
        registry, remainder, explicit = DEFAULT_REGISTRY, rest, False
    if registry == LEGACY_REGISTRY:
        registry = DEFAULT_REGISTRY
    if registry == DEFAULT_REGISTRY and "/" not in remainder:
        remainder = f"{OFFICIAL_NAMESPACE}/{remainder}"
    namespace, _, repository = remainder.rpartition("/")
    if not remainder or not repository:
        error = error or "missing repository name"
    elif error is None:
        for part in remainder.split("/"):
            if part != part.lower() and _PATH_COMPONENT.match(part.lower()):
                error = "repository name must be lowercase"
                break
            if not _PATH_COMPONENT.match(part):
                error = f"invalid repository name component {part!r}"
                break
    return registry, namespace, repository, tag, digest, explicit, error


def parse_image_ref(raw: str, span: Span, resolved: str | None = None, unresolved: bool = False) -> ImageRef:
    """An ``ImageRef`` for the FROM word ``raw``; ``resolved`` is it after ARG substitution.

    Parts still holding an unknown variable keep its text (``python:${TAG}`` has tag ``${TAG}``).
    """
    text = raw if resolved is None else resolved
    registry, namespace, repository, tag, digest, explicit, error = split_reference(text)
    if unresolved:
        error = None  # the real value is not known: no verdict on its syntax
    return ImageRef(
        raw=raw,
        span=span,
        resolved=text,
        unresolved=unresolved,
        registry=registry,
        namespace=namespace,
        repository=repository,
        tag=tag,
        digest=digest,
        registry_explicit=explicit,
        error=error,
    )
