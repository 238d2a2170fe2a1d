"""The distroless image family (``distroless.tsv``, hand written from the project's own build
files, one source per row): which images are published for which Debian release, what each
carries (glibc, libssl, libstdc++, CA certificates, tzdata, a language runtime and its exact
version) and the users its ``/etc/passwd`` knows.

Every image has the tags ``latest``, ``nonroot``, ``debug`` (busybox in ``/busybox``) and
``debug-nonroot``; ``nonroot`` runs as uid 65532. A name without ``-debianN`` selects Debian 13.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stanzalint.knowledge._data import table
from stanzalint.knowledge.names import effective_tag, resolve

PREFIX = "gcr.io/distroless/"
#: uid (and gid) of the ``nonroot`` user; common/variables.bzl NONROOT
NONROOT_UID = 65532
#: the only users in a distroless ``/etc/passwd`` (common/BUILD.bazel passwd), name -> uid
USERS: dict[str, int] = {"root": 0, "nobody": 65534, "nonroot": NONROOT_UID}
#: the groups in its ``/etc/group`` (common/BUILD.bazel group)
GROUPS = ("root", "nobody", "tty", "staff", "nonroot")
TAGS = ("latest", "nonroot", "debug", "debug-nonroot")
#: the release a name without ``-debianN`` selects (README, "What images are available?")
DEFAULT_DEBIAN = "13"
AS_OF = "2026-08-21"  # the snapshot's commit date
SOURCE = f"GoogleContainerTools/distroless@cd080764af31 ({AS_OF})"

_NAME = re.compile(r"gcr\.io/distroless/(?P<image>[a-z0-9.-]+?)(?:-debian(?P<debian>\d+))?")
_TAG = re.compile(r"(?P<variant>debug-nonroot|latest|nonroot|debug)(?:-[a-z0-9]+)?")


@dataclass(frozen=True)
class Distroless:
    """One distroless image; a library column holds the Debian package version, "" when absent."""

    image: str  # "cc", "python3", "java21", "nodejs22"
    debian: str  # "12", "13"
    built_on: str  # the distroless image it adds to ("" for static)
    glibc: str
    libssl: str
    libstdcxx: str
    ca_certificates: str
    tzdata: str
    runtime: str  # "python", "java", "node" or ""
    runtime_version: str  # "3.13.5"
    runtime_path: str  # "/usr/bin/python3.13"
    entrypoint: tuple[str, ...]
    source: str

    @property
    def reference(self) -> str:
        """``gcr.io/distroless/cc-debian13``"""
        return f"{PREFIX}{self.image}-debian{self.debian}"

    @property
    def nonroot(self) -> str:
        """The reference with the ``:nonroot`` tag."""
        return f"{self.reference}:nonroot"


def distroless(image: str, debian: str = DEFAULT_DEBIAN) -> Distroless | None:
    """The published image ``image`` (``cc``, ``python3``...) for Debian ``debian``, or None."""
    for row in table("distroless.tsv"):
        if row["image"] == image and row["debian"] == debian:
            return Distroless(
                row["image"],
                row["debian"],
                row["built_on"],
                row["glibc"],
                row["libssl"],
                row["libstdcxx"],
                row["ca_certificates"],
                row["tzdata"],
                row["runtime"],
                row["runtime_version"],
                row["runtime_path"],
                tuple(row["entrypoint"].split()),
                row["source"],
            )
    return None


def distroless_image(ref: Any, tag: str | None = None) -> tuple[Distroless, str] | None:
    """(the image, its tag variant: ``latest``/``nonroot``/``debug``/``debug-nonroot``) for a
    reference to a published distroless image; None for other images, unpublished releases
    (``python3-debian12``) and unknown tags."""
    name, tag = resolve(ref, tag)
    match = _NAME.fullmatch(name)
    variant = _TAG.fullmatch(effective_tag(tag))
    if match is None or variant is None:
        return None
    found = distroless(match["image"], match["debian"] or DEFAULT_DEBIAN)
    return (found, variant["variant"]) if found else None


def is_distroless(ref: Any) -> bool:
    """A ``gcr.io/distroless/...`` reference, published or not."""
    return resolve(ref)[0].startswith(PREFIX)


def runtime_image(runtime: str, version: str) -> Distroless | None:
    """The image carrying ``runtime`` (``python``, ``java``, ``node``) at ``version``: ``3.13``
    must match the interpreter's major.minor, ``21`` the JRE's and ``22`` Node's major version.
    None when distroless ships no such version."""
    for row in table("distroless.tsv"):
        if row["runtime"] != runtime:
            continue
        have = row["runtime_version"].split(".")
        want = version.split(".")
        width = 2 if runtime == "python" else 1
        if len(want) >= width and have[:width] == want[:width]:
            return distroless(row["image"], row["debian"])
    return None
