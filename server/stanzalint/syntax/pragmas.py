"""Suppression comments and BuildKit's ``# check=`` settings, read from the parsed comments.

``Dockerfile.pragmas`` and ``Dockerfile.instruction_checks`` read them once per parsed file with
the functions here (a re-parse takes them over, moved, when its edit left every comment they may
read as it was: ``may_be_read``); ``stanzalint.suppression`` decides from them what a finding's
place silences.

Forms read (a rule name or alias works wherever a code does):

- ``# stanzalint: ignore=CODE,...``         the next instruction
- ``# stanzalint: stage ignore=CODE,...``   the rest of the stage the comment stands in
- ``# stanzalint: global ignore=CODE,...``  the whole file
- ``# hadolint ignore=CODE,...``            the next instruction
- ``# hadolint global ignore=CODE,...``     the whole file
- ``# hadolint shell=NAME``                 the shell ShellCheck assumes for RUN scripts
- ``# check=skip=Name,...;error=true``      BuildKit's directive (top of file): skips build
  checks, raises build-check findings to errors, enables experimental checks
- ``# check=skip=Name,...``                 in the comments above an instruction: BuildKit's
  per-instruction form (``skip=all`` too; text after a blank is a comment)
- ``# trivy:ignore:DS-0002``                the next instruction (trivy's form)
- ``#checkov:skip=CKV_DOCKER_3``            the whole file (checkov's form)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .span import Span

if TYPE_CHECKING:
    from .model import Comment, Dockerfile

_STANZALINT = re.compile(r"^stanzalint\s*:\s*(?:(?P<scope>stage|global)\s+)?ignore\s*=\s*(?P<codes>.*)$", re.I)
_HADOLINT = re.compile(r"^hadolint\s+(?:(?P<scope>global)\s+)?ignore\s*=\s*(?P<codes>.*)$", re.I)
_HADOLINT_SHELL = re.compile(r"^hadolint\s+shell\s*=\s*(?P<shell>\S+)\s*$", re.I)
_TRIVY = re.compile(r"^trivy\s*:\s*ignore\s*:\s*(?P<codes>.*)$", re.I)
_CHECKOV = re.compile(r"^checkov\s*:\s*skip\s*=\s*(?P<codes>[^:\s]*)", re.I)
#: How every suppression pragma's comment text begins: a comment that does not is no pragma
#: (told at its first letters, as most comments are prose)
_PRAGMA_START = re.compile(r"\s*(?:stanzalint|hadolint|trivy|checkov)", re.I)
_SHELL_PRAGMA_START = re.compile(r"\s*hadolint", re.I)


@dataclass
class PragmaCode:
    """One selector inside a pragma, with its place (hover shows the rule's docs there)."""

    text: str
    span: Span


@dataclass
class Pragma:
    """A suppression comment. ``scope`` is "next", "stage" or "global"."""

    tool: str  # stanzalint | hadolint | buildkit | trivy | checkov
    scope: str
    codes: list[PragmaCode]
    comment: Comment | None
    span: Span


@dataclass
class BuildCheckSettings:
    """What BuildKit's ``# check=`` directive asks for."""

    skip: set[str] = field(default_factory=set)  # selectors as written
    skip_all: bool = False
    error: bool = False
    experimental: set[str] = field(default_factory=set)
    experimental_all: bool = False

    def merged(self, other: BuildCheckSettings) -> BuildCheckSettings:
        """These settings with an instruction's own ``# check=`` added (BuildKit merges skips and
        experimental checks; ``error`` stays the file's)."""
        return BuildCheckSettings(
            self.skip | other.skip,
            self.skip_all or other.skip_all,
            self.error,
            self.experimental | other.experimental,
            self.experimental_all or other.experimental_all,
        )


_CHECK_COMMENT = re.compile(r"^check\s*=\s*(?P<value>.+?)\s*$", re.I)


def check_options(value: str) -> BuildCheckSettings:
    """A ``# check=`` value read as BuildKit reads it: up to the first blank (the rest is a
    comment, ``// why``), then ``;``-separated ``skip=``, ``error=`` and ``experimental=``."""
    settings = BuildCheckSettings()
    options = value.split(None, 1)[0] if value.strip() else ""
    for part in options.split(";"):
        key, _, value = part.partition("=")
        key = key.strip().lower()
        names = {v.strip() for v in value.split(",") if v.strip()}
        if key == "skip":
            if any(n.lower() == "all" for n in names):
                settings.skip_all = True
            settings.skip |= names
        elif key == "error":
            settings.error = value.strip().lower() == "true"
        elif key == "experimental":
            if any(n.lower() == "all" for n in names):
                settings.experimental_all = True
            settings.experimental |= names
    return settings


def read_instruction_checks(dockerfile: Dockerfile) -> dict[int, tuple[Comment, BuildCheckSettings]]:
    """BuildKit's per-instruction ``# check=`` comments: instruction start offset -> (the comment,
    its settings). As in BuildKit, the first ``check=`` among the comments since the previous
    instruction counts; blank lines do not end that block, an empty ``#`` line does.
    Read once per file by ``Dockerfile.instruction_checks``."""
    found: dict[int, tuple[Comment, BuildCheckSettings]] = {}
    directives = {d.span.start for d in dockerfile.directives}
    comments = [c for c in dockerfile.comments if not c.inside_instruction and c.span.start not in directives]
    if not any(_CHECK_COMMENT.match(c.text) for c in comments):
        return found  # most files: no comment to look for, whatever the blocks
    at = 0
    for ins in dockerfile.instructions:
        block: list[Comment] = []
        while at < len(comments) and comments[at].span.start < ins.span.start:
            block = [] if not comments[at].text else block + [comments[at]]
            at += 1
        for comment in block:
            match = _CHECK_COMMENT.match(comment.text)
            if match:
                found[ins.span.start] = (comment, check_options(match.group("value")))
                break
    return found


def _split_codes(body: str, body_start: int, separators: str = ",") -> list[PragmaCode]:
    """Split ``A, B,C  # trailing`` into codes with spans; ``body_start`` is body's offset."""
    codes: list[PragmaCode] = []
    for match in re.finditer(r"[A-Za-z][A-Za-z0-9_\-]*", body):
        if "#" in body[: match.start()]:
            break
        codes.append(PragmaCode(match.group(0), Span(body_start + match.start(), body_start + match.end())))
    return codes


def _comment_body(dockerfile: Dockerfile, comment: Comment) -> tuple[str, int]:
    """The comment's text after ``#`` and leading blanks, with its document offset."""
    raw = dockerfile.text[comment.span.start : comment.span.end]
    body = raw[1:] if raw.startswith("#") else raw
    stripped = body.lstrip()
    return stripped.rstrip(), comment.span.start + (len(raw) - len(body)) + (len(body) - len(stripped))


def read_pragmas(dockerfile: Dockerfile) -> list[Pragma]:
    """Every suppression pragma in the file, in order. Read once per file by
    ``Dockerfile.pragmas`` (the engine, DL1001, hover and each "ignore" code action ask for them;
    callers do not change the list)."""
    pragmas: list[Pragma] = []
    for comment in dockerfile.comments:
        if not _PRAGMA_START.match(comment.text):
            continue
        body, start = _comment_body(dockerfile, comment)
        for tool, pattern in (
            ("stanzalint", _STANZALINT),
            ("hadolint", _HADOLINT),
            ("trivy", _TRIVY),
            ("checkov", _CHECKOV),
        ):
            match = pattern.match(body)
            if not match:
                continue
            scope = "next"
            if tool == "checkov":
                scope = "global"
            elif match.groupdict().get("scope"):
                scope = match.group("scope").lower()
            codes_start = start + match.start("codes")
            codes = _split_codes(match.group("codes"), codes_start)
            pragmas.append(Pragma(tool, scope, codes, comment, comment.span))
            break
    check = dockerfile.directive("check")
    if check is not None:
        codes = _check_skip_codes(check.value, check.value_span.start)
        if codes:
            pragmas.append(Pragma("buildkit", "global", codes, None, check.span))
    for comment, _settings in dockerfile.instruction_checks.values():
        body, start = _comment_body(dockerfile, comment)
        value_at = body.index("=") + 1
        codes = _check_skip_codes(body[value_at:], start + value_at)
        if codes:
            pragmas.append(Pragma("buildkit", "next", codes, comment, comment.span))
    pragmas.sort(key=lambda p: p.span.start)
    return pragmas


def _check_skip_codes(value: str, value_start: int) -> list[PragmaCode]:
    """The names in a ``check=`` value's ``skip=`` part (up to the first blank), with places."""
    stripped = value.lstrip()
    start = value_start + len(value) - len(stripped)
    options = stripped.split(None, 1)[0] if stripped else ""
    codes: list[PragmaCode] = []
    pos = 0
    for part in options.split(";"):
        key, equals, names = part.partition("=")
        if equals and key.strip().lower() == "skip":
            codes.extend(_split_codes(names, start + pos + len(key) + 1))
        pos += len(part) + 1
    return codes


def may_be_read(comment: Comment) -> bool:
    """Whether the readings here may read a comment (told at its first letters): a suppression
    pragma, ``# hadolint shell=``, a ``# check=`` comment, or an empty ``#`` (which ends a block
    of comments above an instruction). A re-parse whose edit left every such comment as it was
    takes the readings over."""
    text = comment.text
    return not text or _PRAGMA_START.match(text) is not None or _CHECK_COMMENT.match(text) is not None


def may_check_instruction(comment: Comment) -> bool:
    """Whether a comment may take part in ``read_instruction_checks``: outside an instruction, a
    ``# check=`` comment or an empty ``#``."""
    return not comment.inside_instruction and (not comment.text or _CHECK_COMMENT.match(comment.text) is not None)


def moved_pragma(pragma: Pragma, chars: int, comment: Comment | None) -> Pragma:
    """``pragma`` standing ``chars`` characters further on, written in ``comment`` (its comment
    there)."""
    codes = [PragmaCode(code.text, code.span.moved(chars)) for code in pragma.codes]
    return Pragma(pragma.tool, pragma.scope, codes, comment, pragma.span.moved(chars))


def hadolint_shell(dockerfile: Dockerfile) -> str | None:
    """The shell named by ``# hadolint shell=...`` (last one wins), if any."""
    shell = None
    for comment in dockerfile.comments:
        if not _SHELL_PRAGMA_START.match(comment.text):
            continue
        body, _ = _comment_body(dockerfile, comment)
        match = _HADOLINT_SHELL.match(body)
        if match:
            shell = match.group("shell")
    return shell


def build_check_settings(dockerfile: Dockerfile) -> BuildCheckSettings:
    """The file's ``# check=`` directive, or the defaults."""
    check = dockerfile.directive("check")
    return check_options(check.value) if check is not None else BuildCheckSettings()
