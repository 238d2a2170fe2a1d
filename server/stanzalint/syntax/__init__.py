"""Lossless, BuildKit-exact Dockerfile parsing: ``parse(text) -> Dockerfile``.

The package offers the parser, ``decode`` (file bytes to text), and the two types its callers
name most; every type of the parse tree is in ``syntax.model``.
"""

from __future__ import annotations

from .model import Dockerfile, Span
from .parser import decode, parse

__all__ = ["Dockerfile", "Span", "decode", "parse"]
