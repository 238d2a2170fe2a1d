"""RUN ``--mount`` flags: their targets by type, whether a cache or tmpfs mount covers a
directory, and the stages or images they read (``from=``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stanzalint.rules.toolkit.paths import covers
from stanzalint.syntax.model import Instruction, Span


def mount_targets(ins: Instruction, types: Sequence[str] = ("cache", "tmpfs")) -> list[str]:
    """Targets of the RUN's ``--mount`` flags of the given types, quotes and trailing slashes
    removed."""
    out: list[str] = []
    for flag in ins.flags_named("mount"):
        kind = "bind"
        target = None
        for part in (flag.value or "").split(","):
            key, _, value = part.partition("=")
            key = key.strip().lower()
            if key == "type":
                kind = value.strip().lower()
            elif key in ("target", "dst", "destination"):
                target = value.strip().strip('"').strip("'")
        if target and kind in types:
            out.append(target.rstrip("/") or "/")
    return out


def mounted(ins: Instruction, *directories: str) -> bool:
    """A cache or tmpfs mount covers one of the directories."""
    return any(covers(t, d) for t in mount_targets(ins) for d in directories)


def mount_from_spans(ins: Instruction, text: str) -> Iterator[tuple[str, Span]]:
    """``from=`` values of the RUN's ``--mount`` flags and where they stand in the document."""
    for flag in ins.flags_named("mount"):
        if not flag.value or flag.value_span is None or '"' in flag.value:
            continue
        start = flag.value_span.start
        if text[start : flag.value_span.end] != flag.value:
            continue
        offset = 0
        for field in flag.value.split(","):
            key, eq, val = field.partition("=")
            if eq and key.strip().lower() == "from" and val:
                vstart = start + offset + len(key) + 1
                yield val, Span(vstart, vstart + len(val))
            offset += len(field) + 1
