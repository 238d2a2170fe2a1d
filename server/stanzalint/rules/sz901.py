"""
## What it does
Flags a stage on a musl-based image (Alpine, `python:*-alpine*`, anything the knowledge tables
know to use musl libc) that installs Python packages which compile on musl, with
`pip`/`pip3`/`python -m pip`, `uv pip install`/`uv add`/`uv sync`, `poetry add`/`install`,
`pipenv install`/`sync` or `pipx install`. An install counts when:

- it names a package with C, C++, Fortran or Rust extensions: aiohttp, argon2-cffi, bcrypt,
  brotli, cassandra-driver, cffi, confluent-kafka, cryptography, cython, frozenlist, gevent,
  greenlet, grpcio, grpcio-tools, h5py, lightgbm, llvmlite, lxml, matplotlib, msgpack,
  multidict, mysqlclient, numba, numpy, opencv-python, opencv-python-headless, orjson, pandas,
  pillow, psutil, psycopg, psycopg2, psycopg2-binary, pyarrow, pycryptodome, pycurl,
  pydantic-core, pymssql, pynacl, pyodbc, python-ldap, pyzmq, regex, ruamel-yaml-clib,
  scikit-image, scikit-learn, scipy, shapely, statsmodels, tokenizers, torch, ujson, uvloop,
  uwsgi, xgboost, yarl, zstandard;
- or it installs a requirements file or a project (`-r requirements.txt`, `pip install .`,
  `uv sync`, `poetry install`) and the stage or a stage it is built on installs a compiler
  (`apk add gcc`, `g++`, `build-base`, `musl-dev`, `gfortran`, `cargo`...): the file's own
  sign that something in it compiles.

Left alone: pure-Python packages (`pip install hg-evolve`, `mkdocs`), which install the same
on musl; a requirements file with no compiler in sight, whose contents the Dockerfile does not
show; upgrading only the installers (`pip install -U pip setuptools wheel`); and Alpine's own
packages (`apk add py3-numpy`), which are built for musl.

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
`python:3.12-slim`. Not offered when those stages copy files from another stage or image, or
another stage copies from them (`COPY --from`): binaries and libraries would cross between musl
and glibc.

## Options
None.

## References
- [PEP 656: musllinux platform tag](https://peps.python.org/pep-0656/)
- [Docker Official Images: python image variants](https://hub.docker.com/_/python)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from stanzalint.analysis.model import Analysis, ImageRef, ShellCommand, Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.images import os_of
from stanzalint.rules.toolkit.packages import apk_add
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import InChain, Roots, descendants, stage_body
from stanzalint.syntax.model import Span

_INSTALLERS_ONLY = {"pip", "setuptools", "wheel", "uv", "pipenv", "poetry", "pipx", "virtualenv"}
_PROJECT = "<project>"

#: PyPI packages with C, C++, Fortran or Rust extensions, which pip builds from source where no
#: wheel fits (older releases have no musllinux wheels). The rule's documentation lists them.
COMPILED_PACKAGES = frozenset(
    {
        "aiohttp",
        "argon2-cffi",
        "bcrypt",
        "brotli",
        "cassandra-driver",
        "cffi",
        "confluent-kafka",
        "cryptography",
        "cython",
        "frozenlist",
        "gevent",
        "greenlet",
        "grpcio",
        "grpcio-tools",
        "h5py",
        "lightgbm",
        "llvmlite",
        "lxml",
        "matplotlib",
        "msgpack",
        "multidict",
        "mysqlclient",
        "numba",
        "numpy",
        "opencv-python",
        "opencv-python-headless",
        "orjson",
        "pandas",
        "pillow",
        "psutil",
        "psycopg",
        "psycopg2",
        "psycopg2-binary",
        "pyarrow",
        "pycryptodome",
        "pycurl",
        "pydantic-core",
        "pymssql",
        "pynacl",
        "pyodbc",
        "python-ldap",
        "pyzmq",
        "regex",
        "ruamel-yaml-clib",
        "scikit-image",
        "scikit-learn",
        "scipy",
        "shapely",
        "statsmodels",
        "tokenizers",
        "torch",
        "ujson",
        "uvloop",
        "uwsgi",
        "xgboost",
        "yarl",
        "zstandard",
    }
)
#: Alpine packages that install a compiler: the file expects something to be compiled.
_TOOLCHAIN_APKS = frozenset({"gcc", "g++", "clang", "build-base", "gfortran", "cargo", "rust", "musl-dev"})
_ALPINE_TAG = re.compile(r"-alpine[0-9.]*")


def _installer_argv(cmd: ShellCommand) -> list[str] | None:
    """The argv from the installer on (``pip install x`` for ``python3 -m pip install x``), or
    None when the command runs no Python installer."""
    argv = cmd.argv
    name = cmd.name
    if name in ("python", "python3") or re.fullmatch(r"python3?\.\d+", name):
        if len(argv) > 2 and argv[1] == "-m" and argv[2] in ("pip", "pipx", "uv"):
            return argv[2:]
        return None
    if re.fullmatch(r"pip(?:3(?:\.\d+)?)?", name) or name in ("uv", "poetry", "pipenv", "pipx"):
        return argv
    return None


def installed_python_packages(cmd: ShellCommand) -> list[str] | None:
    """Names of the Python packages a command installs from an index (lower case, ``-`` for
    ``_``), ``[_PROJECT]`` for a requirements file or a project whose contents the Dockerfile
    does not show, ``[]`` for only the installers themselves, None when it installs nothing."""
    argv = _installer_argv(cmd)
    if argv is None:
        return None
    tool, rest = re.sub(r"3(\.\d+)?$", "", argv[0]), argv[1:]
    if tool == "uv" and rest[:1] == ["pip"]:
        tool, rest = "pip", rest[1:]
    if tool == "pip":
        return _named(rest[rest.index("install") + 1 :]) if "install" in rest else None
    sub, args = (rest[0], rest[1:]) if rest else ("", [])
    positional = [a for a in args if not a.startswith("-")]
    if (
        (tool == "pipx" and sub == "install")
        or (tool in ("uv", "poetry") and sub == "add")
        or (tool == "pipenv" and sub == "install" and positional)
    ):
        return _named(args)
    if (tool == "uv" and sub == "sync") or (tool in ("poetry", "pipenv") and sub in ("install", "sync")):
        return [_PROJECT]
    return None


def _named(args: list[str]) -> list[str]:
    """What an install's arguments name (see ``installed_python_packages``)."""
    if any(a in ("-r", "--requirement", "-e", "--editable") or a.startswith("--requirement=") for a in args):
        return [_PROJECT]
    names = [_package_name(a) for a in args if not a.startswith("-")]
    if any(n.startswith((".", "/")) for n in names):
        return [_PROJECT]
    return [n for n in names if n not in _INSTALLERS_ONLY]


def _package_name(spec: str) -> str:
    return re.split(r"[=<>!~\[;@ ]", spec, maxsplit=1)[0].lower().replace("_", "-")


def is_musl(image: ImageRef | None) -> bool:
    """Whether the (root) image is musl-based."""
    if image is None or image.unresolved or image.is_scratch:
        return False
    family = os_of(image)
    if family is not None:
        return family.libc == "musl"
    return image.repository == "alpine" or bool(_ALPINE_TAG.search("-" + (image.tag or "")))


class _RunFacts(NamedTuple):
    """What the rule reads of one RUN's commands (``_run_facts``)."""

    #: for each command installing Python packages that may compile, its index among the
    #: commands, whether it names one of ``COMPILED_PACKAGES``, and whether it installs a project
    installs: tuple[tuple[int, bool, bool], ...]
    compiler: bool  # an ``apk add`` installs a compiler (``_TOOLCHAIN_APKS``)
    alpine_tools: bool  # runs apk, or BusyBox's adduser or addgroup with its short options


def _run_facts(commands: list[ShellCommand]) -> _RunFacts:
    """What the rule reads of a RUN through its ``commands`` (its ``reads_runs``): typing inside
    an ``echo`` string, a path or a package name that stays (or stays not) one that compiles
    leaves it as it was."""
    installs = []
    for index, cmd in enumerate(commands):
        names = installed_python_packages(cmd) or []
        compiled, project = any(n in COMPILED_PACKAGES for n in names), _PROJECT in names
        if compiled or project:
            installs.append((index, compiled, project))
    return _RunFacts(
        tuple(installs), any(_adds_compiler(cmd) for cmd in commands), any(_runs_alpine_tool(cmd) for cmd in commands)
    )


@rule(
    code="SZ901",
    name="alpine-for-python",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="i",
    scope="stage",
    reads=("shell", "global-args", "base-stages", "dependent-stages"),
    reads_runs=_run_facts,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    chains = _Chains(analysis)
    for stage in analysis.stages:
        root_stage = chains.roots.of(stage)
        if not is_musl(root_stage.image):
            continue
        install = _first_install(analysis, stage, chains.installs_compiler.of(stage))
        if install is None:
            continue
        image = root_stage.image
        related = [Related(image.span, "the musl-based base image")] if image is not None else []
        yield ctx.violation(
            install.span,
            f"Python packages installed on musl-based `{image.resolved if image else 'alpine'}`: most PyPI "
            "wheels are built for glibc, so pip compiles from source here; use a -slim (Debian) base",
            fix=_fix(analysis, root_stage, chains),
            related=related,
        )


def _first_install(analysis: Analysis, stage: Stage, compiler: bool) -> ShellCommand | None:
    """The first install that compiles: a package from ``COMPILED_PACKAGES``, or a requirements
    file or project in a stage whose build installs a compiler (``compiler``: the file's own sign
    that something in it compiles)."""
    for ins in stage_body(stage):
        if ins.keyword == "RUN":
            for index, compiled, project in run_summary(analysis, ins, _run_facts).installs:
                if compiled or (project and compiler):
                    return analysis.commands(ins)[index]
    return None


class _Chains:
    """What the check asks about a stage's chain or its root's family, each stage's answer
    remembered so that a stage reads its base's (or its root's) instead of walking the chain."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.roots = Roots()
        self.installs_compiler = InChain(lambda stage: _installs_compiler_itself(analysis, stage))
        self._alpine_tools: dict[int, bool] = {}  # id(root) -> its family uses Alpine's tools

    def family_uses_alpine_tools(self, root: Stage) -> bool:
        """``root``, or a stage built on it, runs apk or Alpine's adduser/addgroup options."""
        found = self._alpine_tools.get(id(root))
        if found is None:
            found = self._alpine_tools[id(root)] = _uses_alpine_tools(
                self.analysis, [root, *descendants(self.analysis, root)]
            )
        return found


def _installs_compiler_itself(analysis: Analysis, stage: Stage) -> bool:
    return any(run_summary(analysis, ins, _run_facts).compiler for ins in stage_body(stage) if ins.keyword == "RUN")


def _adds_compiler(cmd: ShellCommand) -> bool:
    """``apk add`` of a package that installs a compiler."""
    added = apk_add(cmd)
    return added is not None and any(w.value in _TOOLCHAIN_APKS for w in added[1])


def _uses_alpine_tools(analysis: Analysis, stages: list[Stage]) -> bool:
    return any(
        run_summary(analysis, ins, _run_facts).alpine_tools
        for stage in stages
        for ins in stage_body(stage)
        if ins.keyword == "RUN"
    )


def _runs_alpine_tool(cmd: ShellCommand) -> bool:
    """``apk``, or Alpine's ``adduser``/``addgroup`` with its short options (Debian's differ)."""
    if cmd.name == "apk":
        return True
    return cmd.name in ("adduser", "addgroup") and any(
        w.value.startswith("-") and not w.value.startswith("--") for w in cmd.args
    )


def _fix(analysis: Analysis, root_stage: Stage, chains: _Chains) -> Fix | None:
    from stanzalint.knowledge import has_tag, is_official

    image = root_stage.image
    if image is None or not image.tag or not is_official(image):
        return None
    if chains.family_uses_alpine_tools(root_stage) or _exchanges_files(analysis, root_stage):
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


def _exchanges_files(analysis: Analysis, root_stage: Stage) -> bool:
    """Whether the stage or a stage built on it copies files from another stage or image
    (``COPY --from``), or another stage copies from one of them: binaries and libraries would
    cross between musl and glibc (a manylinux wheel copied into an Alpine stage, a musl binary
    into the Debian one)."""
    family = [root_stage, *descendants(analysis, root_stage)]
    ids = {id(stage) for stage in family}
    for stage in family:
        if any(ins.keyword in ("COPY", "ADD") and ins.flag("from") is not None for ins in stage_body(stage)):
            return True
        if any(id(analysis.stage_of(ins)) not in ids for ins in analysis.copies_out_of(stage)):
            return True
    return False


def _same_shape_listed(image, slim_tag: str) -> bool:
    """``3.8-slim`` for an image whose snapshot lists ``3.12-slim``: same shape, older version."""
    from stanzalint.knowledge import tags

    shape = re.sub(r"\d+(?:\.\d+)*", "<v>", slim_tag)
    return any(re.sub(r"\d+(?:\.\d+)*", "<v>", t) == shape for t in tags(image))
