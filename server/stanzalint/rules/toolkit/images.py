"""Image references: the base images a file pulls, where a FROM's tag is written, whether a ``--from`` value names an image
rather than a stage, platform strings as containerd normalises them, what the knowledge says
of an image (OS family, default non-root user), and the bare distribution images."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

from stanzalint.analysis.model import Analysis, ImageRef, Stage
from stanzalint.lru import WeightedLRU
from stanzalint.syntax.model import Span

if TYPE_CHECKING:
    from stanzalint.knowledge.osfamily import OsFamily

_OS = {
    "linux",
    "windows",
    "darwin",
    "freebsd",
    "netbsd",
    "openbsd",
    "solaris",
    "illumos",
    "aix",
    "android",
    "ios",
    "js",
    "wasip1",
    "plan9",
    "dragonfly",
}
_ARCH = {
    "i386": "386",
    "386": "386",
    "x86_64": "amd64",
    "x86-64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "armhf": "arm",
    "armel": "arm",
    "arm": "arm",
    "ppc64le": "ppc64le",
    "ppc64": "ppc64",
    "s390x": "s390x",
    "riscv64": "riscv64",
    "mips64le": "mips64le",
    "mips64": "mips64",
    "mipsle": "mipsle",
    "mips": "mips",
    "loong64": "loong64",
    "wasm": "wasm",
}
_PLATFORM_PART = re.compile(r"[A-Za-z0-9_-]+\Z")


def pulled_images(analysis: Analysis) -> Iterator[tuple[Stage, ImageRef]]:
    """Each stage built on an external image, with that image, when its reference can be judged:
    ``scratch``, a reference with an unresolved variable and a malformed one are left out."""
    for stage in analysis.stages:
        image = stage.image
        if image is None or image.is_scratch or image.unresolved or image.error:
            continue
        yield stage, image


T = TypeVar("T")


class ByReference(Generic[T]):
    """Answers about image references remembered by what the knowledge tables read of one (its
    registry, namespace, repository and tag: ``knowledge.names.resolve``) and what else decides
    them (a day): the tables do not change while the process runs, and a language server asks
    again at every keystroke."""

    def __init__(self, entries: int = 1024) -> None:
        self._answers: WeightedLRU[tuple[Hashable, ...], tuple[T]] = WeightedLRU(entries, lambda _key, _answer: 1)

    def answer(self, image: ImageRef, work: Callable[..., T], *also: Hashable) -> T:
        """``work(image, *also)``, which reads no more of ``image`` than the knowledge tables
        do, once for every reference and ``also``."""
        key = (image.registry, image.namespace, image.repository, image.tag, *also)
        found = self._answers.get(key)
        if found is None:
            found = (work(image, *also),)
            self._answers.put(key, found)
        return found[0]


def tag_span(image: ImageRef) -> Span | None:
    """Where the tag of an ImageRef is written literally in the FROM line, else None (a tag that
    comes from a variable, no tag, or a digest pin that a tag change would contradict)."""
    if image.tag is None or image.digest is not None:
        return None
    raw = image.raw
    colon = raw.rfind(":")
    if colon <= raw.rfind("/") or raw[colon + 1 :] != image.tag or "$" in raw[colon + 1 :]:
        return None
    start = image.span.start + colon + 1
    return Span(start, start + len(image.tag))


def root_name(stage: Stage) -> tuple[str, str | None]:
    """The resolved name and tag of the stage's named root image (``("python", "3.12-slim")``),
    or ``("", None)`` when it has none (scratch, a variable left unresolved)."""
    root = stage.named_root_image
    if root is None:
        return "", None
    from stanzalint.knowledge.names import resolve  # local: the knowledge loads on first use

    return resolve(root)


def is_image_reference(value: str) -> bool:
    """``nginx:1.27``, ``ghcr.io/org/tool``, ``alpine@sha256:...``: not a stage name."""
    return any(c in value for c in ":/@")


def parse_platform(spec: str) -> tuple[str, str] | None:
    """(os, architecture) of a platform string as containerd normalises it (``linux/arm64/v8``,
    ``linux``, ``aarch64``), or None when it does not parse."""
    parts = spec.split("/")
    if not spec or len(parts) > 3 or not all(_PLATFORM_PART.match(p) for p in parts):
        return None
    first = parts[0].lower()
    if len(parts) == 1:
        if first in _OS:
            return first, "amd64"
        arch = _ARCH.get(first)
        return ("linux", arch) if arch else None
    arch = _ARCH.get(parts[1].lower(), parts[1].lower())
    return first, arch


def os_of(image: ImageRef | None) -> OsFamily | None:
    """The knowledge's OsFamily for an image, or None (unknown, unresolved, no image): asked once
    per reference (``ByReference``), since the rules about a RUN's package manager ask it again
    at every keystroke in the RUN."""
    if image is None or image.unresolved or image.error:
        return None
    return _OS_FAMILIES.answer(image, _os_family)


def _os_family(image: ImageRef) -> OsFamily | None:
    """What the knowledge says of the image's OS (it reads the reference only)."""
    from stanzalint.knowledge import os_family  # local: the knowledge loads on first use

    return os_family(image)


_OS_FAMILIES: ByReference[OsFamily | None] = ByReference()


def nonroot_default_user(image: ImageRef | None) -> str | None:
    """The image's default user when the knowledge says it runs as non-root, else None."""
    if image is None or image.unresolved or image.is_scratch:
        return None
    from stanzalint.knowledge import runs_as_nonroot

    return runs_as_nonroot(image)


#: official images that are a bare distribution (no application runtime of their own)
DISTRIBUTION_IMAGES = frozenset(
    {
        "debian",
        "ubuntu",
        "alpine",
        "centos",
        "fedora",
        "rockylinux",
        "almalinux",
        "amazonlinux",
        "oraclelinux",
        "opensuse/leap",
        "opensuse/tumbleweed",
        "archlinux",
        "busybox",
        "photon",
        "clearlinux",
        "mageia",
        "alt",
        "sl",
    }
)
