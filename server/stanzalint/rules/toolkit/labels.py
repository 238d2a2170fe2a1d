"""Shared by the label-schema rules (DL3049-DL3056, DL3058): the labels a file sets, and value
checks for the schema's types (``text``, ``url``, ``rfc3339``, ``spdx``, ``hash``, ``semver``,
``email``). Every rule is silent unless ``label_schema`` is configured."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Callable
from urllib.parse import urlparse

from stanzalint.findings import Violation
from stanzalint.rules.base import RuleContext
from stanzalint.syntax.model import Instruction, Token

_RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$")
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
_GIT_HASH = re.compile(r"^(?:[0-9a-f]{7,40}|[0-9a-f]{64})$")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$"
)
_SPDX_ID = r"(?:LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.-]*\+?)"
_SPDX = re.compile(
    rf"^\(*{_SPDX_ID}(?: WITH [A-Za-z0-9.-]+)?\)*(?: (?:AND|OR) \(*{_SPDX_ID}(?: WITH [A-Za-z0-9.-]+)?\)*)*$"
)


def is_url(value: str) -> bool:
    """An absolute URL: a scheme and a host, no blanks."""
    parsed = urlparse(value)
    return bool(parsed.scheme) and bool(parsed.netloc) and " " not in value


def is_rfc3339(value: str) -> bool:
    """A full RFC 3339 date-time (``T`` separator, time zone required) naming a real instant:
    month, day, hour, minute and offset in range (second 60, a leap second, allowed)."""
    match = _RFC3339.match(value)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    offset_hour, offset_minute = match.group(7), match.group(8)
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    if hour > 23 or minute > 59 or second > 60:
        return False
    return offset_hour is None or (int(offset_hour) <= 23 and int(offset_minute) <= 59)


def is_semver(value: str) -> bool:
    """A Semantic Versioning 2.0 version (``1.2.3-rc.1+build``)."""
    return bool(_SEMVER.match(value))


def is_git_hash(value: str) -> bool:
    """A lower-case git commit hash: abbreviated (7 to 40 hex digits) or SHA-256 (64)."""
    return bool(_GIT_HASH.match(value))


def is_email(value: str) -> bool:
    """An e-mail address (``name@host.example``)."""
    return bool(_EMAIL.match(value))


def is_spdx(value: str) -> bool:
    """An SPDX license expression (``MIT OR Apache-2.0``), parentheses balanced."""
    return bool(_SPDX.match(value)) and value.count("(") == value.count(")")


def labels(ctx: RuleContext) -> Iterator[tuple[Instruction, Token, Token, str, str]]:
    """(LABEL, key token, value token, key, value) for every label of the file."""
    for ins in ctx.dockerfile.of_keyword("LABEL"):
        scope = ins.parent or ins  # ONBUILD triggers have no scope of their own: quotes stay otherwise
        for key_token, value_token in zip(ins.args[0::2], ins.args[1::2]):
            key = ctx.analysis.resolve(key_token.value, scope)[0]
            value = ctx.analysis.resolve(value_token.value, scope)[0]
            yield ins, key_token, value_token, key, value


def typed_value_check(ctx: RuleContext, kind: str, valid: Callable[[str], bool], what: str) -> Iterator[Violation]:
    """Labels the schema types as ``kind`` whose non-empty value fails ``valid``."""
    schema = ctx.config.label_schema
    if kind not in schema.values():
        return  # no label is typed so: nothing to resolve
    for ins, _key_token, value_token, key, value in labels(ctx):
        if schema.get(key) == kind and value and "$" not in value and not valid(value):
            yield ctx.violation(
                value_token.span, f"Label `{key}` must be {what}, not `{value}`", instruction_line=ins.start_line
            )
