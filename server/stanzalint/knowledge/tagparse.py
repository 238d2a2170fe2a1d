"""Reading a tag: its version token and the distribution releases it names.

A tag is split on ``-``. The *version token* is the first token that starts with a digit
(``3.12`` in ``3.12-slim-bookworm``, ``8u502`` in ``8u502-b07-jdk``); its *version* is the
leading dotted number (``3.12``, ``8``). A *distro token* names a release: a Debian or Ubuntu
codename (``bookworm``, ``jammy``), or a distribution name glued to its number (``alpine3.19``,
``ubuntu22.04``, ``debian12``, ``ubi9``, ``rockylinux9``, ``centos7``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from stanzalint.knowledge._data import read_table

_VERSION = re.compile(r"v?(\d+(?:\.\d+)*)")
_GLUED = re.compile(r"(alpine|ubuntu|debian|ubi|rockylinux|centos|fedora|amazon)(\d+(?:\.\d+)?)")
_GLUED_DISTRO = {
    "alpine": "alpine",
    "ubuntu": "ubuntu",
    "debian": "debian",
    "ubi": "ubi",
    "rockylinux": "rockylinux",
    "centos": "centos",
    "fedora": "fedora",
    "amazon": "amazonlinux",
}


@dataclass(frozen=True)
class DistroToken:
    """A token of a tag that names a distribution release."""

    index: int  # position among the tag's ``-`` tokens
    distro: str  # "debian", "ubuntu", "alpine", "ubi", "rockylinux", "centos", ...
    release: str  # "12", "22.04", "3.19"
    codename: str | None = None  # "bookworm" when the token is a codename
    prefix: str = ""  # "alpine" in "alpine3.19"; empty for codenames


@dataclass(frozen=True)
class TagParts:
    tokens: tuple[str, ...]
    version: str | None = None  # "3.12"
    version_index: int | None = None
    distros: tuple[DistroToken, ...] = field(default_factory=tuple)

    def replace(self, index: int, token: str) -> TagParts:
        """The tag with one token replaced (re-parsed)."""
        tokens = list(self.tokens)
        tokens[index] = token
        return parse_tag("-".join(tokens))

    @property
    def text(self) -> str:
        return "-".join(self.tokens)


@cache
def codenames() -> dict[str, tuple[str, str]]:
    """``bookworm`` -> (``debian``, ``12``); ``sid`` -> (``debian``, ``unstable``)."""
    out: dict[str, tuple[str, str]] = {}
    for row in read_table("codenames.tsv"):
        version = row["version"]
        if not re.fullmatch(r"\d+(?:\.\d+)*", version):
            version = version.split()[0]  # "unstable (rolling, never released)"
        out[row["codename"].lower()] = (row["distro"], version)
    return out


@cache
def codename_of(distro: str, release: str) -> str | None:
    """(``debian``, ``12``) -> ``bookworm``."""
    for name, (d, version) in codenames().items():
        if d == distro and version == release:
            return name
    return None


def version_key(version: str) -> tuple[int, ...]:
    """``3.10`` -> (3, 10), so 3.10 sorts after 3.9."""
    return tuple(int(p) for p in re.findall(r"\d+", version))


@lru_cache(maxsize=4096)
def parse_tag(tag: str) -> TagParts:
    tokens = tuple(tag.lower().split("-")) if tag else ()
    version = None
    version_index = None
    distros: list[DistroToken] = []
    names = codenames()
    for i, token in enumerate(tokens):
        if token in names:
            distro, release = names[token]
            distros.append(DistroToken(i, distro, release, codename=token))
            continue
        glued = _GLUED.fullmatch(token)
        if glued:
            distro = _GLUED_DISTRO[glued.group(1)]
            release = glued.group(2)
            codename = codename_of(distro, release) if distro in ("debian", "ubuntu") else None
            distros.append(DistroToken(i, distro, release, codename=codename, prefix=glued.group(1)))
            continue
        if version is None:
            m = _VERSION.match(token)
            if m:
                version, version_index = m.group(1), i
    return TagParts(tokens, version, version_index, tuple(distros))
