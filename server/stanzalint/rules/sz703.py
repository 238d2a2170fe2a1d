"""
## What it does
Flags a version number written into a download URL: `curl`/`wget`/any URL in a `RUN` (shell
form and heredoc scripts) or an `ADD` source such as
`https://releases.hashicorp.com/terraform/1.9.5/terraform_1.9.5_linux_amd64.zip`. A version is
three or more dotted numbers (`1.9.5`, `go1.22.4`), or two with a `v` prefix (`v2.1`), in the
URL's path. Each version is reported once per stage, at its first place, with the others as
related locations.

## Why is this bad?
A version repeated inside URLs is the value people forget to change in one of its places: the
download says `1.9.5`, the checksum file next to it still says `1.9.4`, and the build breaks or,
worse, installs a mix. It is also hidden: `docker build --build-arg` cannot change it, and
nobody reading the top of the stage sees which version of the tool the image carries. One
`ARG TERRAFORM_VERSION=1.9.5` states it once, in a place made for build-time values, lets CI
override it, and lets tools (Renovate, Dependabot) find and bump it.

## Example
```dockerfile
FROM debian:12-slim
RUN curl -fsSLO https://releases.hashicorp.com/terraform/1.9.5/terraform_1.9.5_linux_amd64.zip \
    && unzip terraform_1.9.5_linux_amd64.zip -d /usr/local/bin
```

## Use instead
```dockerfile
FROM debian:12-slim
ARG TERRAFORM_VERSION=1.9.5
RUN curl -fsSLO https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip \
    && unzip terraform_1.9.5_linux_amd64.zip -d /usr/local/bin
```

## Fix safety
Safe: inserts `ARG <TOOL>_VERSION=<version>` after the stage's `FROM` and replaces the version
in every download URL of the stage with `${<TOOL>_VERSION}`; the expanded text is the same,
so the image is the same. The name comes from the URL (a GitHub repository, the directory or
file name before the version). Offered only when every place can take the variable: not
inside single quotes (the shell would not expand it), not in exec-form `RUN`, no clash with
a variable of the same name (an `ARG` or `ENV`, or a shell variable the `RUN` may set: `NAME=`,
`export`, `for NAME in`, `read NAME`). A URL written inside `$(...)` or `sh -c "..."` is one
place. Version numbers outside URLs are left alone (they may be
unrelated numbers); change them by hand.

## Options
None.

## References
- [Dockerfile reference: ARG](https://docs.docker.com/reference/dockerfile/#arg)
- [Docker docs: best practices, ARG for versions](https://docs.docker.com/build/building/best-practices/#arg)
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from itertools import count
from typing import Optional

from stanzalint.analysis.model import Analysis, ShellCommand, Stage, Word
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.lru import WeightedLRU
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.edits import newline_of
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Instruction, Span

_URL = re.compile(r"(?:https?|ftp)://[^/\s\"']+(/[^\s\"']*)")
_VERSION = re.compile(r"(?<![\d.])(v)?(\d+(?:\.\d+){2,3}|(?<=v)\d+\.\d+)(?!\.?\d)")


@dataclass
class Place:
    """One version inside a URL: where it stands and whether ``${NAME}`` could replace it."""

    version: str
    span: Span
    url: str
    replaceable: bool
    instruction: Instruction
    word_start: int | None = None  # in a RUN: where the first command word holding it starts


#: A version in a RUN's URL, relative to the instruction's start: the version, its start and end,
#: the URL word as written, whether it is replaceable, and where the command word holding it starts.
RunPlace = tuple[str, int, int, str, bool, Optional[int]]

#: The versions in the URLs of recently seen shell-form RUNs, by (instruction text, SHELL,
#: escape): what a RUN holds depends on nothing else, so a stage checked again after an edit
#: reads its other RUNs' commands no more. Bounded by entries and by the characters of the texts.
_RUN_PLACES: WeightedLRU[tuple[str, tuple[str, ...], str], tuple[RunPlace, ...]] = WeightedLRU(
    max_weight=256_000, weigh=lambda key, _places: len(key[0]), max_entries=2048
)


#: numbers the summaries of RUNs whose words the summary cannot read as they stand in the file
_UNREADABLE = count()


def _summary(commands: list[ShellCommand]) -> Hashable:
    """What the rule reads of a RUN with these commands, with no position: each version in a
    URL word (``_run_places``), with the word, whether ``${NAME}`` could replace it, and whether
    single quotes hold it. The rule reads the words as they stand in the file; a word's text
    says that only when its place in the file is as long as it (no line continuation, where a
    comment line may hide, inside it). A RUN where a URL word, or the word holding one of its
    versions, is not gets a summary no other equals: its findings are kept only while its text
    stays."""
    if not commands or commands[0].instruction.is_json:
        return ()  # exec form: no places
    words = [word for cmd in commands for word in cmd.words]
    found: list[Hashable] = [assigned_names(commands)]
    for word in words:
        if "://" not in word.value:
            continue
        if not _as_written(word):
            return "unreadable", next(_UNREADABLE)
        for version, vspan in _versions(word.raw, word.span):
            holder = _holder(words, vspan)
            if holder is None or not _as_written(holder):
                return "unreadable", next(_UNREADABLE)
            before = vspan.start - holder.span.start
            found.append((version, word.raw, "\n" not in word.raw, _in_single_quotes(holder.raw[:before], before)))
    return tuple(found)


#: a shell variable a script may set: ``NAME=`` (an assignment, ``export``, ``env``, ``local``...),
#: ``for NAME in``, ``read [options] NAME...``, ``getopts ... NAME``
_ASSIGNED = re.compile(r"(?<![\w$])([A-Za-z_]\w*)=|\bfor\s+([A-Za-z_]\w*)")
_READ = re.compile(r"\b(?:read|getopts|mapfile|readarray)\b([^;&|\n]*)")


def assigned_names(commands: list[ShellCommand]) -> frozenset[str]:
    """The shell variables a RUN's scripts (the line and the heredoc bodies) may set, read
    generously from the text: a ``${NAME}`` put in the RUN for an ARG of that name would read
    the shell's value instead."""
    run = commands[0].instruction
    scripts = [run.rest.text, *(heredoc.body.text for heredoc in run.heredocs)]
    names: set[str] = set()
    for script in scripts:
        for assigned, looped in _ASSIGNED.findall(script):
            names.add(assigned or looped)
        for arguments in _READ.findall(script):
            names.update(re.findall(r"(?<![\w$-])[A-Za-z_]\w*", arguments))
    return frozenset(names)


def _as_written(word: Word) -> bool:
    """Whether ``word.raw`` is the text of its place in the file (nothing joined inside it)."""
    return word.span.end - word.span.start == len(word.raw)


def _holder(words: list[Word], span: Span) -> Word | None:
    """The first of ``words`` holding ``span`` (a version: in a word of ``$(...)``, the outer word)."""
    return next((w for w in words if w.span.start <= span.start and span.end <= w.span.end), None)


@rule(
    code="SZ703",
    name="hard-coded-version",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    practice="g",
    scope="stage",
    reads=("shell", "declared-names"),
    reads_runs=_summary,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    for stage in analysis.stages:
        places: dict[str, list[Place]] = {}
        for place in _places(ctx, analysis, stage):
            places.setdefault(place.version, []).append(place)
        for version, found in places.items():
            name = derive_name(found[0].url, version)
            fix = _fix(ctx, analysis, stage, version, name, found)
            related = [Related(p.span, "the same version") for p in found[1:]]
            yield ctx.violation(
                found[0].span,
                f"Version `{version}` is hard-coded in a download URL: declare `ARG {name}={version}` and use it",
                fix=fix,
                related=related,
            )


def _places(ctx: RuleContext, analysis: Analysis, stage: Stage) -> Iterator[Place]:
    """Each version in a URL of the stage: in its shell-form RUNs' command words, in its ADDs'
    sources."""
    text = ctx.text
    for ins in stage_body(stage):
        if ins.keyword == "RUN" and ins.is_shell_form:
            at = ins.span.start
            for version, start, end, url, replaceable, word_start in _run_places(analysis, ins, text):
                yield Place(
                    version,
                    Span(at + start, at + end),
                    url,
                    replaceable,
                    ins,
                    None if word_start is None else at + word_start,
                )
        elif ins.keyword == "ADD":
            for token in ins.args[:-1]:
                if "://" in token.value:
                    raw = text[token.span.start : token.span.end]
                    for version, vspan in _versions(raw, token.span):
                        yield Place(version, vspan, raw, raw == token.value, ins)


def _run_places(analysis: Analysis, ins: Instruction, text: str) -> tuple[RunPlace, ...]:
    """The versions in the URLs of a shell-form RUN's command words (remembered by its text when
    they all lie inside it)."""
    at, stop = ins.span.start, ins.span.end
    key = (text[at:stop], tuple(analysis.shell_of(ins)), analysis.dockerfile.escape)
    found = _RUN_PLACES.get(key)
    if found is None:
        commands = analysis.commands(ins)
        words = [word for cmd in commands for word in cmd.words]
        places = []
        seen: set[Span] = set()  # a URL inside ``$(...)`` or ``sh -c "..."`` is a word twice
        for word in words:
            if "://" not in word.value:
                continue
            raw = text[word.span.start : word.span.end]
            for version, vspan in _versions(raw, word.span):
                if vspan in seen:
                    continue
                seen.add(vspan)
                holder = _holder(words, vspan)
                places.append(
                    (
                        version,
                        vspan,
                        raw,
                        raw == word.raw and "\n" not in raw,
                        None if holder is None else holder.span.start,
                    )
                )
        found = tuple(
            (version, vspan.start - at, vspan.end - at, raw, replaceable, None if holder is None else holder - at)
            for version, vspan, raw, replaceable, holder in places
        )
        if all(at <= w.span.start and w.span.end <= stop for w in words):
            _RUN_PLACES.put(key, found)
    return found


def _versions(raw: str, span: Span) -> Iterator[tuple[str, Span]]:
    for url in _URL.finditer(raw):
        path_start = url.start(1)
        for m in _VERSION.finditer(raw, path_start, url.end()):
            start = span.start + m.start(2)
            yield m.group(2), Span(start, start + len(m.group(2)))


def derive_name(url: str, version: str) -> str:
    """``TERRAFORM_VERSION`` for ``https://releases.hashicorp.com/terraform/1.9.5/...``."""
    found = _URL.search(url)
    url = found.group(0) if found else url
    m = re.search(r"github\.com/[^/]+/([^/]+)/", url) or re.search(r"githubusercontent\.com/[^/]+/([^/]+)/", url)
    base: str | None = m.group(1) if m else None
    if base is None:
        path = re.sub(r"^[a-z]+://[^/]+", "", url)
        segments = [s for s in path.split("/") if s]
        for i, seg in enumerate(segments):
            if version in seg:
                before = re.split(r"v?" + re.escape(version), seg, maxsplit=1)[0].strip("-_.")
                before = re.sub(r"[-_.]?v$", "", before)
                if re.search(r"[A-Za-z]{2,}", before):
                    base = before
                elif i > 0:
                    base = segments[i - 1]
                break
    if not base:
        base = "TOOL"
    name = re.sub(r"[^A-Za-z0-9]+", "_", base).strip("_").upper()
    if not name or name[0].isdigit():
        name = "TOOL_" + name
    return name + "_VERSION"


def _in_single_quotes(raw: str, index: int) -> bool:
    quote = None
    i = 0
    while i < index:
        c = raw[i]
        if quote is None:
            if c == "\\":
                i += 1
            elif c in "'\"":
                quote = c
        elif c == quote:
            quote = None
        elif c == "\\" and quote == '"':
            i += 1
        i += 1
    return quote == "'"


def _fix(ctx: RuleContext, analysis: Analysis, stage: Stage, version: str, name: str, found: list[Place]) -> Fix | None:
    # a name declared anywhere (``first_declared`` holds every declared name) is not fixed here
    if name in analysis.first_declared or any(d.name == name for d in analysis.global_args):
        return None
    text = ctx.text
    edits = []
    for place in found:
        if not place.replaceable:
            return None
        if place.instruction.keyword == "RUN":
            if name in run_summary(analysis, place.instruction, assigned_names):
                return None  # the shell's variable of that name would stand in the URL
            word_start = place.word_start
            if word_start is None or _in_single_quotes(
                text[word_start : place.span.start], place.span.start - word_start
            ):
                return None
        edits.append(Edit(place.span, "${" + name + "}"))
    at = stage.from_instruction.span.end
    edits.insert(0, Edit(Span(at, at), f"{newline_of(text)}ARG {name}={version}"))
    return Fix.safe(f"Extract {version} to ARG {name}", edits)
