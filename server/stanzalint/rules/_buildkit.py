"""Helpers shared by the BuildKit build-check rules (SZ8xx): stage names, casing, platforms,
global-ARG expansion with BuildKit's lint defaults, and near-miss name suggestions."""

from __future__ import annotations

import difflib
import re
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from stanzalint.analysis.expand import expand
from stanzalint.analysis.model import Analysis, Stage, VarDecl
from stanzalint.syntax.model import Dockerfile, Instruction, Span, Token

#: Values BuildKit gives the automatic platform ARGs when nothing else is known (a linux/amd64
#: build on a linux/amd64 machine). Used only where a concrete value is needed.
PLATFORM_DEFAULTS: Dict[str, str] = {
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": "",
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": "",
}

#: Build arguments BuildKit never turns into environment variables and never reports as undefined.
NON_ENV_ARGS = frozenset({"BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"})


def suggestion(name: str, options: Iterable[str]) -> Optional[str]:
    """The option that looks like a misspelling of ``name`` (same letters in another case, or one
    or two edits away), else None."""
    opts = sorted({o for o in options if o and o != name})
    for o in opts:
        if o.lower() == name.lower():
            return o
    close = difflib.get_close_matches(name, opts, n=1, cutoff=0.8)
    return close[0] if close else None


def stage_name_tokens(ins: Instruction) -> Optional[Tuple[Token, Token]]:
    """(``AS`` keyword, stage name) tokens of ``FROM image AS name``, else None."""
    args = ins.args
    if ins.keyword == "FROM" and len(args) == 3 and args[1].value.lower() == "as":
        return args[1], args[2]
    return None


def is_self_consistent(word: str) -> bool:
    """All lower or all upper case (``RUN``, ``run``; not ``Run``)."""
    return word == word.lower() or word == word.upper()


def stage_instructions(df: Dockerfile) -> List[Instruction]:
    """Top-level instructions from the first FROM on: what BuildKit groups into stages."""
    out: List[Instruction] = []
    seen_from = False
    for ins in df.instructions:
        if ins.keyword == "FROM":
            seen_from = True
        if seen_from:
            out.append(ins)
    return out


def global_arg_values(analysis: Analysis, text: str, esc: str) -> Dict[str, str]:
    """Global ARG values as a build with no ``--build-arg`` sees them: each default expanded in
    order; an ARG without default stays unset. The platform ARGs take ``PLATFORM_DEFAULTS``."""
    env: Dict[str, str] = dict(PLATFORM_DEFAULTS)
    for decl in analysis.global_args:
        if decl.value_span is None:
            continue
        raw = text[decl.value_span.start : decl.value_span.end]
        value, _ = expand(raw, esc, lambda n: (n in env, env.get(n)))
        env[decl.name] = value
    return env


def expand_with(text: str, esc: str, env: Dict[str, str]) -> str:
    """``text`` expanded the way BuildKit does, unset names becoming empty."""
    value, _ = expand(text, esc, lambda n: (True, env.get(n, "")))
    return value


_OS = {"linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix",
       "android", "ios", "js", "wasip1", "plan9", "dragonfly"}
_ARCH = {
    "i386": "386", "386": "386", "x86_64": "amd64", "x86-64": "amd64", "amd64": "amd64",
    "aarch64": "arm64", "arm64": "arm64", "armhf": "arm", "armel": "arm", "arm": "arm",
    "ppc64le": "ppc64le", "ppc64": "ppc64", "s390x": "s390x", "riscv64": "riscv64",
    "mips64le": "mips64le", "mips64": "mips64", "mipsle": "mipsle", "mips": "mips",
    "loong64": "loong64", "wasm": "wasm",
}
_PLATFORM_PART = re.compile(r"[A-Za-z0-9_-]+\Z")


def parse_platform(spec: str) -> Optional[Tuple[str, str]]:
    """(os, architecture) of a platform string as containerd normalises it (``linux/arm64/v8``,
    ``linux``, ``aarch64``), or None when it does not parse."""
    parts = spec.split("/")
    if not spec or len(parts) > 3 or not all(_PLATFORM_PART.match(p) for p in parts):
        return None
    first = parts[0].lower()
    if len(parts) == 1:
        if first in _OS:
            return first, "amd64"
        arch = _ARCH.get(first)
        return ("linux", arch) if arch else None
    arch = _ARCH.get(parts[1].lower(), parts[1].lower())
    return first, arch


def mount_from_spans(ins: Instruction, text: str) -> Iterator[Tuple[str, Span]]:
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


def stage_references(analysis: Analysis, stage: Stage, text: str) -> List[Span]:
    """Every place that names ``stage`` by its name: later ``FROM <name>``, ``COPY --from=<name>``
    and ``RUN --mount=from=<name>`` (ONBUILD triggers included). Stage indexes are not names."""
    key = stage.key
    spans: List[Span] = []
    for later in analysis.whole.stages:
        if later.index <= stage.index:
            continue
        ins = later.from_instruction
        if later.base_stage is stage and ins.args and ins.args[0].value.lower() == key:
            spans.append(ins.args[0].span)
    for ins in analysis.whole.dockerfile.walk():
        if ins.keyword == "COPY":
            flag = ins.flag("from")
            if flag and flag.value and flag.value.lower() == key and flag.value_span is not None:
                if text[flag.value_span.start : flag.value_span.end] == flag.value:
                    spans.append(flag.value_span)
        elif ins.keyword == "RUN":
            for val, span in mount_from_spans(ins, text):
                if val.lower() == key:
                    spans.append(span)
    return spans


def declared_in_same_arg(ins: Instruction, name: str, before: int) -> bool:
    """Whether an earlier ``NAME=...`` item of the same ARG line declares ``name`` (BuildKit
    declares a stage ARG line's items one by one)."""
    for token in ins.args:
        if token.span.start >= before:
            break
        if token.value.partition("=")[0] == name:
            return True
    return False


def decl_names(decls: Iterable[VarDecl]) -> List[str]:
    return [d.name for d in decls]
