"""
## What it does
Flags a stage on a musl-based image (Alpine, `python:*-alpine*`, anything the knowledge tables
know to use musl libc) that installs Python packages with `pip`/`pip3`/`python -m pip`,
`uv pip install`/`uv sync`, `poetry install`, `pipenv install`/`sync` or `pipx install`.
Upgrading only the installers themselves (`pip install -U pip setuptools wheel`) is not
flagged, and neither are Alpine's own packages (`apk add py3-numpy`), which are built for musl.

Every stage is checked, builder stages included: building wheels on musl is where the time
and the failures are, and musl-built wheels only run on a musl final image anyway.

## Why is this bad?
Most binary wheels on PyPI are built for glibc (`manylinux`). Many projects publish
`musllinux` wheels too, but far from all, and older versions rarely do, so on Alpine pip
often downloads the source and compiles it: numpy, pandas, scipy, scikit-learn, grpcio or
psycopg can take many minutes each, need `gcc`, `musl-dev`, `gfortran` and header packages
in the image, and sometimes fail outright. The result is frequently *larger* than on a Debian
`-slim` image, and musl's allocator, DNS resolver and thread stack size make some workloads
slower or subtly different. For Python, `-slim` is the small image that works with wheels.

## Example
```dockerfile
FROM python:3.12-alpine
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

## Fix safety
Unsafe: the base distribution changes from Alpine to Debian, so file paths, users and shell
utilities differ. Offered only when the stage, the stages it is built on and the stages built
on it run no `apk` and no BusyBox-style `adduser`/`addgroup` (their flags differ on Debian),
and only when the official image publishes the `-slim` tag: `python:3.12-alpine3.20` becomes
`python:3.12-slim`.

## Options
None.

## References
- [PEP 656: musllinux platform tag](https://peps.python.org/pep-0656/)
- [Docker Official Images: python image variants](https://hub.docker.com/_/python)
"""

from __future__ import annotations

import re
from typing import Iterator, List, Optional

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.rules._stage_helpers import descendants, os_of, own_instructions
from stanzalint.rules.base import Edit, Fix, FixAvailability, Related, RuleContext, Severity, Violation, rule
from stanzalint.syntax.model import Span

_INSTALLERS_ONLY = {"pip", "setuptools", "wheel", "uv", "pipenv", "poetry", "pipx", "virtualenv"}
_ALPINE_TAG = re.compile(r"-alpine[0-9.]*")


def python_install(cmd: ShellCommand) -> bool:
    """A command that installs Python packages from an index (not only the installers)."""
    argv = cmd.argv
    name = cmd.name
    if name in ("python", "python3") or re.fullmatch(r"python3?\.\d+", name):
        if len(argv) > 2 and argv[1] == "-m" and argv[2] in ("pip", "pipx", "uv"):
            argv = argv[2:]
            name = argv[0]
        else:
            return False
    if re.fullmatch(r"pip(?:3(?:\.\d+)?)?", name):
        rest = argv[1:]
        if "install" not in rest:
            return False
        packages = [a for a in rest[rest.index("install") + 1 :] if not a.startswith("-")]
        if "-r" in rest or "--requirement" in rest or any(a.startswith("--requirement=") for a in rest):
            return True
        names = {re.split(r"[=<>!~\[;]", p, 1)[0].lower() for p in packages}
        return bool(names - _INSTALLERS_ONLY)
    if name == "uv":
        return argv[1:3] == ["pip", "install"] or (len(argv) > 1 and argv[1] in ("sync", "add"))
    if name in ("poetry", "pipenv"):
        return len(argv) > 1 and argv[1] in ("install", "sync", "add")
    if name == "pipx":
        return len(argv) > 1 and argv[1] == "install"
    return False


def is_musl(stage: Stage) -> bool:
    image = stage.root_image
    if image is None or image.unresolved or image.is_scratch:
        return False
    family = os_of(image)
    if family is not None:
        return family.libc == "musl"
    return image.repository == "alpine" or bool(_ALPINE_TAG.search("-" + (image.tag or "")))


@rule(
    code="SZ901",
    name="alpine-for-python",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="i",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    for stage in analysis.stages:
        if not is_musl(stage):
            continue
        install = _first_install(analysis, stage)
        if install is None:
            continue
        root_stage = stage.chain[-1]
        image = root_stage.image
        related = [Related(image.span, "the musl-based base image")] if image is not None else []
        yield ctx.violation(
            install.span,
            f"Python packages installed on musl-based `{image.resolved if image else 'alpine'}`: most PyPI "
            "wheels are built for glibc, so pip compiles from source here; use a -slim (Debian) base",
            fix=_fix(analysis, stage),
            related=related,
        )


def _first_install(analysis: Analysis, stage: Stage) -> Optional[ShellCommand]:
    for ins in own_instructions(stage):
        if ins.keyword == "RUN":
            for cmd in analysis.commands(ins):
                if python_install(cmd):
                    return cmd
    return None


def _uses_alpine_tools(analysis: Analysis, stages: List[Stage]) -> bool:
    for stage in stages:
        for ins in own_instructions(stage):
            if ins.keyword != "RUN":
                continue
            for cmd in analysis.commands(ins):
                if cmd.name == "apk":
                    return True
                if cmd.name in ("adduser", "addgroup") and any(
                    w.value.startswith("-") and not w.value.startswith("--") for w in cmd.args
                ):
                    return True
    return False


def _fix(analysis: Analysis, stage: Stage) -> Optional[Fix]:
    from stanzalint.knowledge import has_tag, is_official

    root_stage = stage.chain[-1]
    image = root_stage.image
    if image is None or not image.tag or not is_official(image):
        return None
    family = {id(s): s for s in root_stage.chain + descendants(analysis, root_stage)}
    if _uses_alpine_tools(analysis, list(family.values())):
        return None
    match = _ALPINE_TAG.search(image.tag)
    if match is None:
        return None
    slim_tag = image.tag[: match.start()] + "-slim" + image.tag[match.end() :]
    if not has_tag(image, slim_tag) and not _same_shape_listed(image, slim_tag):
        return None
    text = analysis.dockerfile.text
    word = text[image.span.start : image.span.end]
    found = _ALPINE_TAG.search(word, word.find(":") + 1 if ":" in word else 0)
    if found is None or "$" in word[found.start() : found.end()]:
        return None
    start = image.span.start + found.start()
    return Fix.unsafe(f"Use the {slim_tag} tag", [Edit(Span(start, image.span.start + found.end()), "-slim")])


def _same_shape_listed(image, slim_tag: str) -> bool:
    """``3.8-slim`` for an image whose snapshot lists ``3.12-slim``: same shape, older version."""
    from stanzalint.knowledge import tags

    shape = re.sub(r"\d+(?:\.\d+)*", "<v>", slim_tag)
    return any(re.sub(r"\d+(?:\.\d+)*", "<v>", t) == shape for t in tags(image))
