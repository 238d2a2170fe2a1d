"""End of life of the runtime and the distribution a tag names (``eol.tsv``, endoflife.date).

A tag can name two products: ``python:3.8-slim-buster`` is Python 3.8 on Debian 10. Each is a
*slot* of the tag: the version token for the image's own product (``python`` -> ``python``,
``node`` -> ``nodejs``, ``debian`` -> ``debian``), and each distro token (``buster``,
``alpine3.15``, ``ubuntu22.04``). A listed tag without a distro token (``python:3.12``) also
reports the distribution the data says it is built on. A version coarser than the product's
cycles (``python:3``) names no cycle and gives no status.

A cycle is end of life on and after its ``eol`` date (or when ``eol`` is ``true``). The
suggested tag replaces every end-of-life slot with the oldest cycle that is supported on
``today`` and newer than it (a codename stays a codename, ``alpine3.15`` stays ``alpineX.Y``),
trying newer cycles in turn; it is offered only when the official image lists that tag.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from stanzalint.knowledge._data import TableBlocks, read_table, rows_of_lines
from stanzalint.knowledge.images import has_tag, tag_index, tag_rows
from stanzalint.knowledge.names import effective_tag, resolve
from stanzalint.knowledge.tagparse import codename_of, parse_tag, version_key

DISTRO_PRODUCTS = frozenset(
    {
        "debian",
        "ubuntu",
        "alpine-linux",
        "fedora",
        "centos",
        "centos-stream",
        "almalinux",
        "rocky-linux",
        "amazon-linux",
        "oracle-linux",
        "clearlinux",
        "rhel",
        "opensuse",
        "sles",
        "mageia",
        "vmware-photon",
    }
)
# distro named in a tag (tagparse) -> endoflife.date product
_DISTRO_PRODUCT = {
    "debian": "debian",
    "ubuntu": "ubuntu",
    "alpine": "alpine-linux",
    "centos": "centos",
    "rockylinux": "rocky-linux",
    "fedora": "fedora",
    "ubi": "rhel",
    "almalinux": "almalinux",
    "amazonlinux": "amazon-linux",
}
_DISPLAY = {
    "nodejs": "node",
    "alpine-linux": "alpine",
    "rocky-linux": "rockylinux",
    "amazon-linux": "amazonlinux",
    "oracle-linux": "oraclelinux",
}


@dataclass(frozen=True)
class Cycle:
    """One release cycle of ``eol.tsv``."""

    product: str
    cycle: str
    release_date: date | None
    eol: date | None  # None when the data gives no date
    eol_flag: bool | None  # ``eol`` given as true/false instead of a date
    eol_note: str  # the source's wording when it is not a date ("2026-09 (Sept 2026)")
    extended_until: date | None  # end of extended / LTS support (``eoes``)
    codename: str
    latest: str
    source: str

    def is_eol(self, today: date) -> bool:
        if self.eol is not None:
            return today >= self.eol
        return bool(self.eol_flag)

    def is_released(self, today: date) -> bool:
        return self.release_date is None or self.release_date <= today


@dataclass(frozen=True)
class EolStatus:
    product: str  # endoflife.date product: "python", "nodejs", "debian", "alpine-linux"
    cycle: str  # "3.8", "16", "10", "3.15"
    label: str  # "python 3.8", "node 16", "debian 10 buster", "ubuntu 18.04", "alpine 3.15"
    kind: str  # "runtime" | "distro"
    eol: date | None
    is_eol: bool
    extended_until: date | None
    supported_cycle: str | None  # oldest newer cycle supported on ``today`` (when EOL)
    suggestion: str | None  # a listed tag with every EOL slot moved to a supported cycle
    source: str


def _date(value: str) -> date | None:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return date.fromisoformat(value)
    return None


def parse_cycle(row: dict[str, str]) -> Cycle:
    eol = row["eol"]
    return Cycle(
        product=row["product"],
        cycle=row["cycle"],
        release_date=_date(row["release_date"]),
        eol=_date(eol),
        eol_flag={"true": True, "false": False}.get(eol),
        eol_note=row["eol_note"],
        extended_until=_date(row["eoes"]),
        codename=row["codename"],
        latest=row["latest"],
        source=row["source"],
    )


@cache
def _cycles_by_product() -> TableBlocks:
    """``eol.tsv``'s lines by product, each product's rows read when it is asked for."""
    return TableBlocks("eol.tsv")


def products() -> tuple[str, ...]:
    """endoflife.date products in the data (and the distroless image groups)."""
    return _cycles_by_product().keys()


@cache
def product_cycles(product: str) -> tuple[Cycle, ...]:
    """The product's cycles, newest first as the data lists them (parsed on first use)."""
    return tuple(parse_cycle(r) for r in rows_of_lines("eol.tsv", _cycles_by_product().lines(product)))


@cache
def image_products() -> dict[str, str]:
    """image -> endoflife.date product (purl-declared, plus hand-checked rows)."""
    out = {r["image"]: r["eol_product"] for r in read_table("image_eol_product_extra.tsv")}
    out.update({r["image"]: r["eol_product"] for r in read_table("image_eol_product.tsv")})
    return out


@lru_cache(maxsize=1024)
def find_cycle(product: str, version: str) -> Cycle | None:
    """The cycle ``version`` belongs to: the longest cycle that is a dotted prefix of it
    (remembered: the tables do not change while the process runs)."""
    parts = version.split(".")
    best = None
    for cycle in product_cycles(product):
        cparts = cycle.cycle.split(".")
        if len(cparts) <= len(parts) and [p.lstrip("0") or "0" for p in parts[: len(cparts)]] == [
            p.lstrip("0") or "0" for p in cparts
        ]:
            if best is None or len(cparts) > len(best.cycle.split(".")):
                best = cycle
    return best


def _newer_supported(cycle: Cycle, today: date) -> list[Cycle]:
    """Cycles of the same product newer than ``cycle`` and supported on ``today``, oldest first."""
    key = version_key(cycle.cycle)
    found = [
        c
        for c in product_cycles(cycle.product)
        if version_key(c.cycle) > key and not c.is_eol(today) and c.is_released(today)
    ]
    return sorted(found, key=lambda c: version_key(c.cycle))


def _label(cycle: Cycle) -> str:
    label = f"{_DISPLAY.get(cycle.product, cycle.product).rstrip('*')} {cycle.cycle}"
    if cycle.product == "debian":
        name = codename_of("debian", cycle.cycle)
        if name:
            label += f" {name}"
    return label


@dataclass(frozen=True)
class _Slot:
    cycle: Cycle
    kind: str
    index: int | None  # token index in the tag; None when not spelled in the tag
    form: str  # "version" | "codename" | "glued:<prefix>"


def _distroless_slot(name: str) -> Cycle | None:
    m = re.fullmatch(r"(gcr\.io/distroless/.+?)(?:-(debian\d+))?", name)
    if not m:
        return None
    base, release = m.group(1), m.group(2) or "debian13"
    for product in products():
        if product.startswith("gcr.io/distroless/") and fnmatch.fnmatchcase(base, product):
            return next((c for c in product_cycles(product) if c.cycle == release), None)
    return None


def _slots(name: str, tag: str) -> list[_Slot]:
    parts = parse_tag(tag)
    slots: list[_Slot] = []
    product = image_products().get(name)
    if product is not None and parts.version is not None:
        cycle = find_cycle(product, parts.version)
        if cycle is not None:
            kind = "distro" if product in DISTRO_PRODUCTS else "runtime"
            slots.append(_Slot(cycle, kind, parts.version_index, "version"))
    for token in parts.distros:
        distro_product = _DISTRO_PRODUCT.get(token.distro)
        cycle = find_cycle(distro_product, token.release) if distro_product else None
        if cycle is not None:
            form = "codename" if token.codename and not token.prefix else f"glued:{token.prefix}"
            slots.append(_Slot(cycle, "distro", token.index, form))
    if name.startswith("gcr.io/distroless/"):
        cycle = _distroless_slot(name)
        if cycle is not None:
            slots.append(_Slot(cycle, "distro", None, "version"))
    if not any(s.kind == "distro" for s in slots):
        rows = tag_rows(name, tag)
        row = next((r for r in rows if r["os"] == "linux"), None)
        distro_product = _DISTRO_PRODUCT.get(row["distro"]) if row else None
        if distro_product and row["distro_release"]:
            cycle = find_cycle(distro_product, row["distro_release"])
            if cycle is not None:
                slots.append(_Slot(cycle, "distro", None, "version"))
    return slots


def _spell(slot: _Slot, cycle: Cycle, old_token: str) -> str | None:
    if slot.form == "version":
        return cycle.cycle
    if slot.form == "codename":
        distro = "debian" if cycle.product == "debian" else "ubuntu"
        return codename_of(distro, cycle.cycle)
    return slot.form.split(":", 1)[1] + cycle.cycle


def _suggest(name: str, tag: str, slots: list[_Slot], today: date) -> str | None:
    stale = [s for s in slots if s.cycle.is_eol(today)]
    if not stale or any(s.index is None for s in stale) or name not in tag_index():
        return None
    tokens = list(parse_tag(tag).tokens)
    choices = []
    for slot in stale:
        spelled = []
        for cycle in _newer_supported(slot.cycle, today):
            token = _spell(slot, cycle, tokens[slot.index])
            if token:
                spelled.append(token)
        if not spelled:
            return None
        choices.append(spelled)
    for combo in itertools.product(*choices):
        candidate = list(tokens)
        for slot, token in zip(stale, combo):
            candidate[slot.index] = token
        text = "-".join(candidate)
        if has_tag(name, text):
            return text
    return None


def eol_statuses(repository: Any, tag: str | None = None, today: date | None = None) -> list[EolStatus]:
    """Every product the tag names with its status on ``today`` (default: the current date)."""
    name, tag = resolve(repository, tag)
    return list(_statuses(name, effective_tag(tag).lower(), today or date.today()))


@lru_cache(maxsize=1024)
def _statuses(name: str, tag: str, today: date) -> tuple[EolStatus, ...]:
    """``eol_statuses`` of a resolved name and tag, worked out once per day: the tables do not
    change while the process runs, and a language server asks again at every keystroke."""
    slots = _slots(name, tag)
    suggestion = _suggest(name, tag, slots, today)
    out = []
    for slot in slots:
        expired = slot.cycle.is_eol(today)
        newer = _newer_supported(slot.cycle, today) if expired else []
        out.append(
            EolStatus(
                product=slot.cycle.product,
                cycle=slot.cycle.cycle,
                label=_label(slot.cycle),
                kind=slot.kind,
                eol=slot.cycle.eol,
                is_eol=expired,
                extended_until=slot.cycle.extended_until,
                supported_cycle=newer[0].cycle if newer else None,
                suggestion=suggestion if expired else None,
                source=slot.cycle.source,
            )
        )
    return tuple(out)


def eol_status(repository: Any, tag: str | None = None, today: date | None = None) -> EolStatus | None:
    """The status that matters most: an end-of-life runtime, else an end-of-life distribution,
    else the runtime's (or distribution's) current status. None when no product is known."""
    statuses = eol_statuses(repository, tag, today)
    for status in statuses:
        if status.is_eol:
            return status
    return statuses[0] if statuses else None
