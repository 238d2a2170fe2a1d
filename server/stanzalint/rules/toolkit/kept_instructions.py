"""Which instructions a re-parse took over from the parse it was made on: those before its edit
are the same objects, those after it its moved tail (``Dockerfile.moved``). What is remembered
per instruction of one parse is carried to the next for those, and made again for the others."""

from __future__ import annotations

from itertools import compress, count
from operator import is_not

from stanzalint.syntax.model import Dockerfile


def kept_ends(previous: Dockerfile, dockerfile: Dockerfile) -> tuple[int, int]:
    """How many of ``dockerfile``'s instructions at the start are ``previous``'s (the same
    objects), and how many at the end are ``previous``'s moved (its moved tail, when it was
    parsed on ``previous``; else none), not overlapping."""
    old, new = previous.instructions, dockerfile.instructions
    moved = dockerfile.moved.of(previous) if dockerfile.moved is not None else None
    tail = moved.count if moved is not None else 0
    kept = max(0, min(len(new), len(old)) - tail)
    return next(compress(count(), map(is_not, new[:kept], old)), kept), tail
