"""Which OS an image runs: family, package manager, libc, and the release its tag names.

Lookup order, first hit wins:

1. a tag listed for an official image (``tags.tsv``; a Linux entry is preferred over a
   Windows one for shared tags such as ``python:3.12``);
2. a pattern of ``os_family.tsv`` (official tag patterns such as ``python:*slim-bookworm``,
   and hand-checked external images: nvidia/cuda, distroless, UBI, jupyter, rocker, ...);
3. for an official image, a distribution named in the tag (``python:3.8-slim-buster``), or
   the image's single family (``debian:buster`` is Debian; a distribution's own image reads
   its version token as the release).

The release also comes from the tag when the tag names one (``alpine3.19``, ``bookworm``,
``ubuntu22.04``). Images the data does not know give None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stanzalint.knowledge.images import OfficialImage, official_image, tag_rows
from stanzalint.knowledge.names import effective_tag, resolve
from stanzalint.knowledge.patterns import best_match
from stanzalint.knowledge.tagparse import DistroToken, codename_of, parse_tag

_PACKAGE_MANAGERS = {"apt-get": "apt", "apt": "apt"}
_LIBC = {
    "debian": "glibc",
    "ubuntu": "glibc",
    "rhel": "glibc",
    "fedora": "glibc",
    "arch": "glibc",
    "suse": "glibc",
    "distroless": "glibc",
    "alpine": "musl",
}
# distro named in a tag -> (family, package manager)
_DISTRO_FAMILY: dict[str, tuple[str, str | None]] = {
    "debian": ("debian", "apt"),
    "ubuntu": ("ubuntu", "apt"),
    "alpine": ("alpine", "apk"),
    "ubi": ("rhel", None),
    "rockylinux": ("rhel", "dnf"),
    "centos": ("rhel", "yum"),
    "fedora": ("fedora", "dnf"),
    "amazonlinux": ("rhel", None),
}


@dataclass(frozen=True)
class OsFamily:
    family: str  # "debian", "ubuntu", "alpine", "rhel", "fedora", "arch", "windows", "distroless", "scratch", "other"
    distro: str | None  # "debian", "alpine", "ubi", "amazonlinux", "wolfi", ...
    release: str | None  # "12", "3.19", "22.04", "stable"
    codename: str | None  # "bookworm", "jammy"
    package_manager: str | None  # "apt", "apk", "dnf", "microdnf", "yum", "tdnf", "pacman", "zypper"; None: none
    libc: str | None  # "glibc", "musl"; None when not known or not applicable
    os: str  # "linux" | "windows"
    source: str  # "tag" (listed tag), "pattern" (os_family.tsv), "image" (the image's family)


SCRATCH = OsFamily("scratch", None, None, None, None, None, "linux", "image")
"""``FROM scratch``: an empty filesystem, no package manager, no libc."""


def _pm(value: str) -> str | None:
    if value in ("", "none", "unknown"):
        return None
    return _PACKAGE_MANAGERS.get(value, value)


def _self_width(name: str, image: OfficialImage | None) -> int | None:
    """For an official image that is a distribution itself (``debian``, ``alpine``, ``ubuntu``:
    its ``latest_base`` is itself), the number of version components of its releases (debian
    1, alpine 2); None for any other name. ``image`` is ``official_image(name)``: read from the
    one image asked about, the others need not be made."""
    if image is None or image.name != name:
        return None
    base = image.latest_base.split(" ")
    if len(base) == 2 and base[0] == name and base[1][:1].isdigit():
        return base[1].count(".") + 1
    return None


def _self_release(width: int | None, version: str | None) -> str | None:
    """A distribution's own release in ``version``, ``width`` components of it (``_self_width``):
    ``alpine``'s 2 and ``3.19.1`` -> ``3.19``; ``debian``'s 1 and ``10.13`` -> ``10``."""
    if width is None or version is None:
        return None
    return ".".join(version.split(".")[:width])


def _tag_release(distro: str | None, tokens: tuple[DistroToken, ...]) -> DistroToken | None:
    for token in tokens:
        if distro is None or token.distro == distro:
            return token
    return None


def _finish(
    family: str,
    distro: str | None,
    release: str | None,
    pm: str | None,
    libc: str | None,
    os_name: str,
    source: str,
    tag: str,
) -> OsFamily:
    token = _tag_release(distro, parse_tag(tag).distros)
    if token is not None:
        release = token.release
    codename = None
    if distro in ("debian", "ubuntu") and release:
        codename = codename_of(distro, release)
    if libc is None and os_name != "windows":
        libc = _LIBC.get(family)
    return OsFamily(family, distro or None, release or None, codename, pm, libc, os_name, source)


def os_family(image: Any, tag: str | None = None) -> OsFamily | None:
    """The OS of ``image`` (``"python:3.12-slim"``, (repository, tag), an ImageRef, or a
    repository with ``tag``). None when the data does not know the image."""
    name, tag = resolve(image, tag)
    if name == "scratch":
        return SCRATCH
    tag = effective_tag(tag).lower()
    rows = tag_rows(name, tag)
    if rows:
        row = next((r for r in rows if r["os"] == "linux"), rows[0])
        if row["family"] == "unknown":
            return None
        release = row["distro_release"]
        return _finish(row["family"], row["distro"], release, _pm(row["package_manager"]), None, row["os"], "tag", tag)
    match = best_match("os_family.tsv", name, tag)
    if match is not None:
        row, image_match, tag_match = match
        release: str | None = row["release"]
        if row["release_from"] == "tag":
            release = tag_match.group(1)
        elif row["release_from"] == "image":
            release = image_match.group(1)
        elif row["scope"] == "official":
            # A pattern's release describes the listed tags, not older ones; a distribution's
            # own image names its release in the version token.
            release = _self_release(_self_width(name, official_image(name)), parse_tag(tag).version)
        return _finish(
            row["family"],
            row["distro"],
            release,
            _pm(row["package_manager"]),
            row["libc"] or None,
            row["os"],
            "pattern",
            tag,
        )
    official = official_image(name)
    if official is None:
        return None
    parts = parse_tag(tag)
    if parts.distros:
        token = parts.distros[0]
        family, pm = _DISTRO_FAMILY.get(token.distro, (None, None))
        if family is not None:
            return _finish(family, token.distro, token.release, pm, None, "linux", "image", tag)
    if len(official.families) == 1 and official.families[0] not in ("unknown", "other", "windows"):
        pms = official.package_managers
        pm = _pm(pms[0]) if len(pms) == 1 else None
        width = _self_width(name, official)
        distro = name if width is not None else None
        return _finish(
            official.families[0], distro, _self_release(width, parts.version), pm, None, "linux", "image", tag
        )
    return None
