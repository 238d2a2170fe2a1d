"""The syntax diagnostics (``SZ0xx``): what the builder itself would reject.

Each code has a kebab-case name and a one-line meaning; the parser reports them as
``SyntaxIssue(code, message, span)`` and the rule layer turns them into diagnostics.

SZ001 unknown-instruction
    The line starts with a word that is not a Dockerfile instruction (a typo such as ``RUNN``,
    or a stray line left over from a broken heredoc). ``docker build`` stops with
    "unknown instruction".

SZ002 missing-arguments
    The instruction lacks an argument the builder requires: ``FROM`` alone, ``ENV`` alone or
    ``ENV NAME`` without a value, ``COPY src`` without a destination, ``ARG`` without a name,
    ``HEALTHCHECK CMD`` without a command, ``ONBUILD`` without a trigger.

SZ003 extra-arguments
    More arguments than the builder accepts: ``FROM image extra``, ``USER a b`` in exec form,
    ``HEALTHCHECK NONE something``.

SZ004 unterminated-heredoc
    A heredoc (``<<EOF``) whose terminator line never comes: the builder rejects the file.

SZ005 malformed-flag
    A flag the instruction knows but with a value it rejects: ``--from`` without ``=value``,
    ``--link=maybe``, the same flag twice, a ``--mount`` spec with an unknown key or type,
    ``--interval=soon``.

SZ006 unknown-flag
    A flag the instruction does not have (``COPY --platform``, ``RUN --chown``, any flag on
    ``ENV``): the builder stops with "unknown flag".

SZ007 invalid-directive
    A parser directive (``# syntax=``, ``# escape=``, ``# check=``) given twice, or an escape
    directive whose value is not a backslash or a backtick.

SZ008 no-from
    The file has no ``FROM``, so there is no build stage (or no instruction at all).

SZ009 instruction-before-from
    An instruction other than ``ARG`` before the first ``FROM``: there is no stage yet for it
    to act on.

SZ010 invalid-json-form
    An exec-form array that the builder rejects: a JSON array with elements that are not
    strings (``CMD ["a", 1]``), or ``SHELL`` not written as a JSON array.

SZ011 invalid-key-value
    An ``ENV`` or ``LABEL`` item without ``=`` after an item that had one
    (``ENV A=1 B``), or an empty name (``ENV =x``, ``ARG =x``).

SZ012 invalid-onbuild-trigger
    ``ONBUILD ONBUILD``, ``ONBUILD FROM`` or ``ONBUILD MAINTAINER``: not allowed as triggers.

SZ013 invalid-stage-name
    A malformed ``FROM ... AS name``: the ``AS`` keyword missing or misspelt, no name after it,
    or a name that starts with a digit or holds characters other than ``a-z0-9-_.``.

SZ014 line-too-long
    A physical line longer than 65,535 bytes: the builder's line reader refuses it.

SZ015 invalid-healthcheck
    A ``HEALTHCHECK`` whose type is neither ``CMD`` nor ``NONE``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IssueKind:
    code: str
    name: str
    meaning: str


UNKNOWN_INSTRUCTION = IssueKind("SZ001", "unknown-instruction", "not a Dockerfile instruction")
MISSING_ARGUMENTS = IssueKind("SZ002", "missing-arguments", "an argument the builder requires is missing")
EXTRA_ARGUMENTS = IssueKind("SZ003", "extra-arguments", "more arguments than the builder accepts")
UNTERMINATED_HEREDOC = IssueKind("SZ004", "unterminated-heredoc", "a heredoc whose terminator never comes")
MALFORMED_FLAG = IssueKind("SZ005", "malformed-flag", "a known flag with a value the builder rejects")
UNKNOWN_FLAG = IssueKind("SZ006", "unknown-flag", "a flag this instruction does not have")
INVALID_DIRECTIVE = IssueKind("SZ007", "invalid-directive", "a repeated parser directive or a bad escape value")
NO_FROM = IssueKind("SZ008", "no-from", "no FROM, so no build stage")
INSTRUCTION_BEFORE_FROM = IssueKind(
    "SZ009", "instruction-before-from", "an instruction other than ARG before the first FROM"
)
INVALID_JSON_FORM = IssueKind("SZ010", "invalid-json-form", "an exec-form array the builder rejects")
INVALID_KEY_VALUE = IssueKind("SZ011", "invalid-key-value", "an ENV/LABEL/ARG item without '=' or with an empty name")
INVALID_ONBUILD_TRIGGER = IssueKind("SZ012", "invalid-onbuild-trigger", "ONBUILD wrapping ONBUILD, FROM or MAINTAINER")
INVALID_STAGE_NAME = IssueKind("SZ013", "invalid-stage-name", "a malformed 'FROM ... AS name'")
LINE_TOO_LONG = IssueKind("SZ014", "line-too-long", "a line longer than the builder reads (65,535 bytes)")
INVALID_HEALTHCHECK = IssueKind("SZ015", "invalid-healthcheck", "a HEALTHCHECK type other than CMD or NONE")

ALL_KINDS = (
    UNKNOWN_INSTRUCTION,
    MISSING_ARGUMENTS,
    EXTRA_ARGUMENTS,
    UNTERMINATED_HEREDOC,
    MALFORMED_FLAG,
    UNKNOWN_FLAG,
    INVALID_DIRECTIVE,
    NO_FROM,
    INSTRUCTION_BEFORE_FROM,
    INVALID_JSON_FORM,
    INVALID_KEY_VALUE,
    INVALID_ONBUILD_TRIGGER,
    INVALID_STAGE_NAME,
    LINE_TOO_LONG,
    INVALID_HEALTHCHECK,
)

BY_CODE: dict[str, IssueKind] = {k.code: k for k in ALL_KINDS}
