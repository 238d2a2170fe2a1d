"""RUN ``--mount`` flags: their targets by type, whether a cache or tmpfs mount covers a
directory, and the stages or images they read (``from=``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stanzalint.rules.toolkit.paths import covers
from stanzalint.syntax.model import Instruction, Span
from stanzalint.syntax.operands import mount_fields


def mount_targets(ins: Instruction, types: Sequence[str] = ("cache", "tmpfs")) -> list[str]:
    """Targets of the RUN's ``--mount`` flags of the given types (``operands.mount_fields``),
    quotes and trailing slashes removed."""
    out: list[str] = []
    for flag in ins.flags_named("mount"):
        fields = mount_fields(flag.value or "")
        target = fields.get("target", "").strip().strip('"').strip("'")
        if target and fields.get("type", "bind").strip().lower() in types:
            out.append(target.rstrip("/") or "/")
    return out


def mounted(ins: Instruction, *directories: str) -> bool:
    """A cache or tmpfs mount covers one of the directories."""
    return any(covers(t, d) for t in mount_targets(ins) for d in directories)


def mount_from_spans(ins: Instruction, text: str) -> Iterator[tuple[str, Span]]:
    """``from=`` values of the RUN's ``--mount`` flags and where they stand in the document: of
    each flag, its last ``from=`` (in any case), the one BuildKit reads."""
    for flag in ins.flags_named("mount"):
        if not flag.value or flag.value_span is None or '"' in flag.value:
            continue
        start = flag.value_span.start
        if text[start : flag.value_span.end] != flag.value:
            continue
        offset, found = 0, None
        for field in flag.value.split(","):
            key, eq, val = field.partition("=")
            if eq and key.strip().lower() == "from":
                found = (val, start + offset + len(key) + 1) if val else None
            offset += len(field) + 1
        if found is not None:
            yield found[0], Span(found[1], found[1] + len(found[0]))
