"""What a finding is: its severity, where it is, its message, and the fix that comes with it.

The bottom layer every other part shares: rules produce these, the engine suppresses and orders
them, the output formats and the language server present them. Nothing here imports a rule.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from stanzalint.syntax.model import Span


class Severity(enum.IntEnum):
    """How serious a finding is; the order is used by the failure threshold."""

    STYLE = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse ``error|warning|info|style`` (hadolint also says ``ignore`` and ``none``: not here)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning, info or style)") from None


class Applicability(enum.Enum):
    """Whether applying a fix keeps the image's behaviour (safe) or may change it (unsafe)."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    __hash__ = object.__hash__  # as ``Tag``'s


class FixAvailability(enum.Enum):
    NEVER = "never"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


@dataclass(frozen=True)
class Edit:
    """Replace the document text in ``span`` with ``text`` (insert when the span is empty)."""

    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...]

    @classmethod
    def safe(cls, title: str, edits: Iterable[Edit]) -> Fix:
        return cls(title, Applicability.SAFE, tuple(edits))

    @classmethod
    def unsafe(cls, title: str, edits: Iterable[Edit]) -> Fix:
        return cls(title, Applicability.UNSAFE, tuple(edits))

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@dataclass(frozen=True)
class Related:
    """Another place that matters to a violation (the install a COPY should precede, ...)."""

    span: Span
    message: str


class Tag(enum.Enum):
    UNNECESSARY = "unnecessary"  # unused ARG or stage: editors fade it
    DEPRECATED = "deprecated"  # MAINTAINER: editors strike it through

    #: a member equals only itself: hashed by identity, in C (``Enum`` hashes the name in Python;
    #: a finding's tags are part of the keys its JSON is reused by)
    __hash__ = object.__hash__


@dataclass(slots=True)
class Violation:
    """One finding: where, what, and how to fix it. ``severity`` is final after the engine's pass.

    Its fields are slots: the engine reads every finding at every keystroke, and a slot is read
    in the finding's own memory, where an instance's dictionary or values array (before Python
    3.13) sits apart from it."""

    code: str
    span: Span
    message: str
    severity: Severity
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    tags: tuple[Tag, ...] = ()
    name: str = ""
    #: the instruction the finding belongs to (for suppression and parity by instruction)
    instruction_line: int | None = None
