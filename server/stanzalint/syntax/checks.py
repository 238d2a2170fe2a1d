"""What ``docker build`` rejects after parsing: arguments, flags, stage order (SZ0xx).

BuildKit checks these when it turns the parsed nodes into typed instructions
(``instructions/parse.go``) and when it splits them into stages; the checks here follow it.
"""

from __future__ import annotations

import re
from typing import Callable

from . import issues as K
from .model import Dockerfile, Flag, Instruction, Span, SyntaxIssue

KNOWN_INSTRUCTIONS = frozenset(
    "add arg cmd copy entrypoint env expose from healthcheck label maintainer onbuild run shell stopsignal user volume workdir".split()
)

_S, _SS, _B = "string", "strings", "bool"

#: The flags each instruction takes, by kind: a string, a repeatable string, a boolean.
INSTRUCTION_FLAGS: dict[str, dict[str, str]] = {
    "from": {"platform": _S},
    "run": {"mount": _SS, "network": _S, "security": _S},
    "copy": {"chown": _S, "chmod": _S, "from": _S, "link": _B, "parents": _B, "exclude": _SS},
    "add": {"chown": _S, "chmod": _S, "link": _B, "checksum": _S, "keep-git-dir": _B, "exclude": _SS, "unpack": _B},
    "healthcheck": {"interval": _S, "timeout": _S, "start-period": _S, "start-interval": _S, "retries": _S},
}

_STAGE_NAME = re.compile(r"[a-z][a-z0-9\-_.]*\Z")
_DURATION = re.compile(r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+\Z|[-+]?0\Z")
_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)")
_UNIT_NS = {"ns": 1, "us": 1e3, "\u00b5s": 1e3, "\u03bcs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9}
_MOUNT_TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")
_MOUNT_KEYS = frozenset(
    "type from source target readonly id sharing required size mode uid gid src dst destination ro rw readwrite env".split()
)
_GO_BOOLS = frozenset("1 t T TRUE true True 0 f F FALSE false False".split())
_NETWORKS = ("default", "none", "host")
_SECURITY = ("sandbox", "insecure")


def check_document(df: Dockerfile) -> None:
    """Append the SZ issues ``docker build`` would raise for the parsed instructions."""
    check_instructions(df.instructions, df.issues)
    check_stage_order(df, df.issues)


def check_instructions(instructions: list[Instruction], out: list[SyntaxIssue]) -> None:
    """Append the issues of each instruction on its own (each lies inside its instruction)."""
    for ins in instructions:
        _check_instruction(ins, out)


#: The codes of ``check_stage_order``'s issues, which no instruction has on its own.
STAGE_ORDER_CODES = frozenset((K.NO_FROM.code, K.INSTRUCTION_BEFORE_FROM.code))


def _add(out: list[SyntaxIssue], kind: K.IssueKind, message: str, span: Span) -> None:
    out.append(SyntaxIssue(kind.code, message, span))


def _args_span(ins: Instruction, start: int = 0) -> Span:
    toks = ins.args[start:]
    if not toks:
        return ins.keyword_span
    return Span(toks[0].span.start, toks[-1].span.end)


def check_stage_order(df: Dockerfile, out: list[SyntaxIssue]) -> None:
    """Append the issues of a file without FROM, or with instructions before its first FROM."""
    if not df.instructions:
        _add(out, K.NO_FROM, "the file has no instructions: a Dockerfile needs at least a FROM", Span(0, 0))
        return
    first_from: int | None = None
    for index, ins in enumerate(df.instructions):
        if ins.keyword == "FROM":
            first_from = index
            break
    if first_from is None:
        first = df.instructions[0]
        _add(
            out,
            K.NO_FROM,
            "there is no FROM in this file, so there is no build stage: start with FROM <image>",
            first.keyword_span,
        )
        return
    for ins in df.instructions[:first_from]:
        kw = ins.keyword_text.lower()
        if kw == "arg" or kw not in KNOWN_INSTRUCTIONS:
            continue
        _add(
            out,
            K.INSTRUCTION_BEFORE_FROM,
            f"{ins.keyword} comes before the first FROM: only ARG may stand there (there is no stage yet)",
            ins.keyword_span,
        )


def _check_instruction(ins: Instruction, out: list[SyntaxIssue]) -> None:
    kw = ins.keyword_text.lower()
    if kw not in KNOWN_INSTRUCTIONS:
        if ins.keyword_text:
            _add(out, K.UNKNOWN_INSTRUCTION, f"unknown instruction: {ins.keyword_text}", ins.keyword_span)
        else:
            _add(
                out,
                K.UNKNOWN_INSTRUCTION,
                "empty instruction: a line holds only a line-continuation character",
                ins.span,
            )
        return
    if not (kw == "healthcheck" and ins.args and ins.args[0].value.upper() == "NONE"):
        _check_flags(ins, kw, out)
    check = _ARG_CHECKS.get(kw)
    if check is not None:
        check(ins, out)


def _check_flags(ins: Instruction, kw: str, out: list[SyntaxIssue]) -> None:
    allowed = INSTRUCTION_FLAGS.get(kw, {})
    seen = set()
    for flag in ins.flags:
        kind = allowed.get(flag.name)
        if kind is None:
            if allowed:
                names = ", ".join("--" + n for n in allowed)
                hint = f"{ins.keyword} takes {names}"
            else:
                hint = f"{ins.keyword} takes no flags"
            _add(out, K.UNKNOWN_FLAG, f"unknown flag --{flag.name} for {ins.keyword}: {hint}", flag.span)
            continue
        if flag.name in seen and kind != _SS:
            _add(out, K.MALFORMED_FLAG, f"--{flag.name} is given more than once", flag.span)
            continue
        seen.add(flag.name)
        if kind == _B:
            if flag.value is not None and flag.value.lower() not in ("true", "false"):
                what = "an empty value" if flag.value == "" else repr(flag.value)
                _add(
                    out,
                    K.MALFORMED_FLAG,
                    f"--{flag.name} is a switch: write --{flag.name} or --{flag.name}=true|false, not {what}",
                    flag.span,
                )
            continue
        if flag.value is None:
            _add(out, K.MALFORMED_FLAG, f"--{flag.name} needs a value: --{flag.name}=<value>", flag.span)
            continue
        _check_flag_value(ins, flag, out)


def _duration_ns(value: str) -> float | None:
    """Go's ``time.ParseDuration`` in nanoseconds, or None when it rejects the text."""
    if not _DURATION.match(value):
        return None
    sign = -1.0 if value.startswith("-") else 1.0
    body = value.lstrip("+-")
    if body == "0":
        return 0.0
    return sign * sum(float(num) * _UNIT_NS[unit] for num, unit in _DURATION_PART.findall(body))


def _check_flag_value(ins: Instruction, flag: Flag, out: list[SyntaxIssue]) -> None:
    value = flag.value or ""
    span = flag.value_span or flag.span
    if "$" in value:
        return  # expanded from build arguments at build time
    name = flag.name
    kw = ins.keyword
    if kw == "HEALTHCHECK":
        if name == "retries":
            if value == "":
                return
            if not re.fullmatch(r"[+-]?\d+", value) or not -(2**31) <= int(value) < 2**31:
                _add(out, K.MALFORMED_FLAG, f"--retries takes a whole number, not {value!r}", span)
            elif int(value) < 1:
                _add(out, K.MALFORMED_FLAG, f"--retries must be at least 1 (not {int(value)})", span)
            return
        if value == "":
            return
        ns = _duration_ns(value)
        if ns is None:
            _add(out, K.MALFORMED_FLAG, f"--{name} takes a duration such as 30s or 1m30s, not {value!r}", span)
        elif ns < 1e6:
            _add(out, K.MALFORMED_FLAG, f"--{name} cannot be less than 1ms", span)
        return
    if kw == "RUN":
        if name == "network" and value.lower() not in _NETWORKS:
            _add(out, K.MALFORMED_FLAG, f"--network takes one of {', '.join(_NETWORKS)}, not {value!r}", span)
        elif name == "security" and value.lower() not in _SECURITY:
            _add(out, K.MALFORMED_FLAG, f"--security takes one of {', '.join(_SECURITY)}, not {value!r}", span)
        elif name == "mount":
            problem = mount_problem(value)
            if problem:
                _add(out, K.MALFORMED_FLAG, f"bad --mount: {problem}", span)


def mount_problem(spec: str) -> str | None:
    """What BuildKit's ``--mount`` parser (``parseMount``) would reject in ``spec``, or None."""
    mount_type = "bind"
    has = set()
    for field in spec.split(","):
        key, eq, value = field.partition("=")
        key = key.lower()
        if not eq:
            if key in ("readonly", "ro", "readwrite", "rw"):
                continue
            if key == "required" and mount_type in ("secret", "ssh"):
                continue
            return f"{field!r} must be a key=value pair"
        if key not in _MOUNT_KEYS:
            return f"unexpected key {key!r} in {field!r}"
        has.add(key)
        if key == "type":
            if value.lower() not in _MOUNT_TYPES:
                return f"unsupported mount type {value!r} (use {', '.join(_MOUNT_TYPES)})"
            mount_type = value.lower()
        elif key in ("readonly", "ro", "readwrite", "rw", "required") and value not in _GO_BOOLS:
            return f"invalid value for {key}: {value!r} (use true or false)"
        elif key == "required" and mount_type not in ("secret", "ssh"):
            return f"unexpected key 'required' for mount type {mount_type!r}"
        elif key == "size" and mount_type != "tmpfs":
            return f"unexpected key 'size' for mount type {mount_type!r}"
        elif key == "sharing" and value.lower() not in ("shared", "private", "locked"):
            return f"unsupported sharing value {value!r} (use shared, private or locked)"
        elif key == "mode" and not re.fullmatch(r"[0-7]+", value):
            return f"invalid value {value!r} for mode (an octal number such as 0755)"
        elif key in ("uid", "gid") and not re.fullmatch(r"[0-9]+", value):
            return f"invalid value {value!r} for {key} (a number)"
    if mount_type not in ("secret", "ssh", "cache"):
        for key in ("mode", "uid", "gid"):
            if key in has:
                return f"{key} not allowed for {mount_type!r} type mounts"
    if mount_type == "secret":
        if "from" in has:
            return "a secret mount should not have a from"
        if not has & {"source", "src", "target", "dst", "destination", "id"}:
            return "a secret mount needs one of source, target or id"
    if "sharing" in has and mount_type != "cache":
        return f"sharing is only for cache mounts, not {mount_type!r}"
    return None


def _at_least_one(what: str) -> Callable[[Instruction, list[SyntaxIssue]], None]:
    def check(ins: Instruction, out: list[SyntaxIssue]) -> None:
        if not ins.args:
            _add(out, K.MISSING_ARGUMENTS, f"{ins.keyword} needs {what}", ins.keyword_span)

    return check


def _check_kv(ins: Instruction, out: list[SyntaxIssue]) -> None:
    if not ins.args:
        _add(out, K.MISSING_ARGUMENTS, f"{ins.keyword} needs at least one name=value", ins.keyword_span)
        return
    for key in ins.args[0::2]:
        if key.value == "":
            _add(out, K.INVALID_KEY_VALUE, f"{ins.keyword} names cannot be blank", key.span)


def _check_sources(ins: Instruction, out: list[SyntaxIssue]) -> None:
    if len(ins.args) < 2:
        what = "a source and a destination" if not ins.args else "a destination after the source"
        _add(
            out,
            K.MISSING_ARGUMENTS,
            f"{ins.keyword} needs {what} ({ins.keyword} <src>... <dest>)",
            _args_span(ins) if ins.args else ins.keyword_span,
        )


def _check_from(ins: Instruction, out: list[SyntaxIssue]) -> None:
    args = ins.args
    n = len(args)
    if n == 0:
        _add(out, K.MISSING_ARGUMENTS, "FROM needs an image: FROM <image>[:tag] [AS <name>]", ins.keyword_span)
        return
    if n == 1:
        return
    has_as = args[1].value.lower() == "as"
    if n == 2 and has_as:
        _add(out, K.INVALID_STAGE_NAME, "AS must be followed by a stage name", args[1].span)
        return
    if n == 3 and not has_as:
        _add(out, K.INVALID_STAGE_NAME, f"expected AS before the stage name, found {args[1].value!r}", args[1].span)
        return
    if n == 3:
        name = args[2].value
        if not _STAGE_NAME.match(name.lower()):
            _add(
                out,
                K.INVALID_STAGE_NAME,
                f"invalid stage name {name!r}: it must start with a letter and hold only letters, digits, '-', '_' and '.'",
                args[2].span,
            )
        return
    extra = 3 if has_as else 1
    _add(
        out,
        K.EXTRA_ARGUMENTS,
        "FROM takes one image and optionally AS <name>; the rest is extra",
        _args_span(ins, extra),
    )


def _check_exactly_one(ins: Instruction, out: list[SyntaxIssue]) -> None:
    if not ins.args:
        _add(out, K.MISSING_ARGUMENTS, f"{ins.keyword} needs one argument", ins.keyword_span)


def _check_healthcheck(ins: Instruction, out: list[SyntaxIssue]) -> None:
    if not ins.args:
        _add(out, K.MISSING_ARGUMENTS, "HEALTHCHECK needs CMD <command> or NONE", ins.keyword_span)
        return
    typ = ins.args[0].value.upper()
    if typ == "NONE":
        if len(ins.args) > 1:
            _add(out, K.EXTRA_ARGUMENTS, "HEALTHCHECK NONE takes no arguments", _args_span(ins, 1))
    elif typ == "CMD":
        if len(ins.args) == 1:
            _add(out, K.MISSING_ARGUMENTS, "HEALTHCHECK CMD needs a command", ins.args[0].span)
    else:
        _add(
            out,
            K.INVALID_HEALTHCHECK,
            f"unknown HEALTHCHECK type {ins.args[0].value!r}: use CMD or NONE",
            ins.args[0].span,
        )


def _check_volume(ins: Instruction, out: list[SyntaxIssue]) -> None:
    if not ins.args:
        _add(out, K.MISSING_ARGUMENTS, "VOLUME needs at least one path", ins.keyword_span)
        return
    for tok in ins.args:
        if tok.value.strip() == "":
            _add(out, K.MISSING_ARGUMENTS, "a VOLUME path cannot be an empty string", tok.span)


def _check_arg(ins: Instruction, out: list[SyntaxIssue]) -> None:
    if not ins.args:
        _add(out, K.MISSING_ARGUMENTS, "ARG needs a name: ARG <name>[=<default>]", ins.keyword_span)
        return
    for tok in ins.args:
        if tok.value.split("=", 1)[0] == "":
            _add(out, K.INVALID_KEY_VALUE, "ARG names cannot be blank", tok.span)


def _check_shell(ins: Instruction, out: list[SyntaxIssue]) -> None:
    if not ins.is_json:
        if ins.args:
            _add(
                out,
                K.INVALID_JSON_FORM,
                'SHELL must be written as a JSON array: SHELL ["executable", "parameters"]',
                _args_span(ins),
            )
        else:
            _add(
                out,
                K.MISSING_ARGUMENTS,
                'SHELL needs a JSON array: SHELL ["executable", "parameters"]',
                ins.keyword_span,
            )
    elif not ins.args:
        _add(out, K.MISSING_ARGUMENTS, "SHELL needs at least the shell executable", ins.keyword_span)


def _check_onbuild(ins: Instruction, out: list[SyntaxIssue]) -> None:
    inner = ins.inner
    if inner is None:
        _add(
            out,
            K.MISSING_ARGUMENTS,
            "ONBUILD needs an instruction to run later: ONBUILD <INSTRUCTION> ...",
            ins.keyword_span,
        )
        return
    trigger = inner.keyword
    if trigger == "ONBUILD":
        _add(out, K.INVALID_ONBUILD_TRIGGER, "chaining ONBUILD via ONBUILD ONBUILD isn't allowed", inner.keyword_span)
        return
    if trigger in ("FROM", "MAINTAINER"):
        _add(out, K.INVALID_ONBUILD_TRIGGER, f"{trigger} isn't allowed as an ONBUILD trigger", inner.keyword_span)
        return
    _check_instruction(inner, out)


_ARG_CHECKS = {
    "env": _check_kv,
    "label": _check_kv,
    "maintainer": _check_exactly_one,
    "add": _check_sources,
    "copy": _check_sources,
    "from": _check_from,
    "onbuild": _check_onbuild,
    "workdir": _check_exactly_one,
    "healthcheck": _check_healthcheck,
    "expose": _at_least_one("at least one port"),
    "user": _check_exactly_one,
    "volume": _check_volume,
    "stopsignal": _check_exactly_one,
    "arg": _check_arg,
    "shell": _check_shell,
}
