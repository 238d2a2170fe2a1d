"""Lossless, BuildKit-exact Dockerfile parsing: ``parse(text) -> Dockerfile``."""

from __future__ import annotations

from .model import (
    Comment,
    Directive,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    LineIndex,
    MappedText,
    Span,
    SyntaxIssue,
    Token,
)
from .parser import decode, parse

__all__ = [
    "Comment",
    "Directive",
    "Dockerfile",
    "Flag",
    "Heredoc",
    "Instruction",
    "LineIndex",
    "MappedText",
    "Span",
    "SyntaxIssue",
    "Token",
    "decode",
    "parse",
]
