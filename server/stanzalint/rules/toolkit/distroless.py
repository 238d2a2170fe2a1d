"""Whether a final stage could run on a distroless image, which one, and what the move changes.

Shared by SZ604 (a final stage that only runs a copied artefact) and SZ601's split refactoring
(the final stage it creates). A stage fits when it runs nothing at build time (no RUN, SHELL,
ONBUILD), needs no shell at run time (ENTRYPOINT/CMD and HEALTHCHECK in exec form, no shell
script) and its program is one distroless carries: a binary copied from a build stage, the base
image's java, node or python, or a virtualenv's python. The image follows from how the artefact
was built (``knowledge.distroless``); the move is *proven* when every fact it rests on is read
from the file, otherwise the fit says why it is not.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Callable, Optional

from stanzalint.analysis.model import Analysis, ImageRef, ShellCommand, Stage
from stanzalint.findings import Edit
from stanzalint.knowledge.distroless import GROUPS, NONROOT_UID, USERS, Distroless, distroless, runtime_image
from stanzalint.rules.toolkit.build_outputs import venvs_created
from stanzalint.rules.toolkit.copies import copied_files
from stanzalint.rules.toolkit.edits import newline_of
from stanzalint.rules.toolkit.paths import is_under, resolve_path
from stanzalint.rules.toolkit.stages import Workdirs, chain_instructions
from stanzalint.syntax.model import Instruction, Span, Token

#: general-purpose distribution and language runtime images (Docker Official Images)
GENERAL_IMAGES = frozenset(
    {
        "debian",
        "ubuntu",
        "alpine",
        "fedora",
        "centos",
        "almalinux",
        "rockylinux",
        "oraclelinux",
        "amazonlinux",
        "python",
        "node",
        "eclipse-temurin",
        "openjdk",
        "amazoncorretto",
        "ibm-semeru-runtimes",
        "sapmachine",
    }
)
_JAVA_IMAGES = frozenset({"eclipse-temurin", "openjdk", "amazoncorretto", "ibm-semeru-runtimes", "sapmachine"})
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox", "env"})
_PYTHON = re.compile(r"python(?:3(?:\.\d+)?)?")
_SYSTEM_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
_STATIC_FLAG = re.compile(r"(?:^|[\s'\"=,])(?:-static|\+crt-static)(?:$|[\s'\",])")
_MUSL_TARGET = re.compile(r"-linux-musl(?:eabi|eabihf)?(?:/|$)")

#: (stage the artefact was built in, its path there) for an absolute path of the final image
Origin = Callable[[str], Optional[tuple[Stage, str]]]
#: a virtualenv a build stage creates: (its directory, the command that creates it, the stage)
Venv = tuple[str, ShellCommand, Stage]


@dataclass
class DistrolessFit:
    """The distroless image a stage fits and the edits that move it there."""

    image: Distroless
    artefact: str  # "the statically linked binary `/app`"
    unproven: str | None = None  # why no edit is offered; None when the move is proven
    argv_edits: list[Edit] = field(default_factory=list)  # program paths the image keeps elsewhere
    user_edits: list[Edit] = field(default_factory=list)  # USER / --chown names it does not have
    sets_workdir: bool = False  # the stage sets its WORKDIR (else it ran in ``/``)
    sets_entrypoint: bool = False  # the stage sets its ENTRYPOINT (else the image's applies)

    def header(self, from_keyword: str) -> list[str]:
        """Lines to put right after the new FROM so the stage keeps running as before:
        ``WORKDIR /`` when it ran in ``/`` (``:nonroot`` starts in ``/home/nonroot``) and
        ``ENTRYPOINT []`` when it set only a CMD and the image has an entrypoint (``python3``,
        ``java*`` and ``nodejs*`` would run the CMD as their argument)."""
        lines = [] if self.sets_workdir else ["WORKDIR /"]
        if not self.sets_entrypoint and self.image.entrypoint:
            lines.append("ENTRYPOINT []")
        return [line.lower() if from_keyword.islower() else line for line in lines]

    def edits(self, text: str, from_instruction: Instruction, image_span: Span) -> list[Edit]:
        """The move: the base becomes the ``:nonroot`` image, the ``header`` follows the FROM,
        program paths and owners are adjusted."""
        nl = newline_of(text)
        edits = [Edit(image_span, self.image.nonroot)]
        header = self.header(from_instruction.keyword_text)
        if header:
            end = from_instruction.span.end
            edits.append(Edit(Span(end, end), "".join(nl + line for line in header)))
        return edits + self.argv_edits + self.user_edits


def copy_origin(analysis: Analysis, stage: Stage) -> Origin:
    """Origins read from the stage's ``COPY --from=<stage>`` instructions (the last one wins),
    read when first asked: most final stages fit no distroless image before a copied file's
    origin matters, and their COPY lines are then not read."""
    read: list[list[_Copy]] = []

    def origin(path: str) -> tuple[Stage, str] | None:
        if not read:
            read.append(_copies_from_stages(analysis, stage))
        for source, paths, target, into_dir in reversed(read[0]):
            for src in paths:
                src = posixpath.normpath(src)
                landed = posixpath.join(target, posixpath.basename(src)) if into_dir else target
                if is_under(path, landed):
                    return source, posixpath.normpath(src + path[len(landed) :])
                if not into_dir and is_under(path, target):
                    return source, posixpath.normpath(posixpath.join(src, posixpath.relpath(path, target)))
        return None

    return origin


#: a ``COPY --from=<stage>``: the stage, the paths copied, where they land, whether into a directory
_Copy = tuple[Stage, list[str], str, bool]


def _copies_from_stages(analysis: Analysis, stage: Stage) -> list[_Copy]:
    """The stage's ``COPY --from=<stage>`` instructions whose source stage and destination are
    known, in order."""
    copies: list[_Copy] = []
    workdir = "/"
    for ins in stage.body:
        if ins.keyword == "WORKDIR" and ins.args:
            workdir = resolve_path(workdir, ins.args[0].value) or workdir
        flag = ins.flag("from") if ins.keyword == "COPY" else None
        if flag is None or not flag.value:
            continue
        source = _stage_by_reference(analysis, flag.value, ins)
        sources, dest = copied_files(ins)
        target = resolve_path(workdir, dest.value) if dest is not None else None
        if source is None or target is None:
            continue
        into_dir = (dest is not None and dest.value.endswith("/")) or len(sources) > 1
        copies.append((source, [s.value for s in sources], target, into_dir))
    return copies


def _stage_by_reference(analysis: Analysis, value: str, ins: Instruction) -> Stage | None:
    if value.isdigit():
        index = int(value)
        stages = analysis.whole.stages
        return stages[index] if index < len(stages) else None
    matches = analysis.stages_matching(value, ins)
    return matches[0] if len(matches) == 1 else None


def fit_stage(analysis: Analysis, stage: Stage) -> DistrolessFit | None:
    """The distroless image ``stage`` (a final stage on an external image) could run on."""
    if stage.base_stage is not None or stage.base_candidates or stage.image is None:
        return None
    return fit(analysis, stage.image, stage.body, copy_origin(analysis, stage))


def fit(
    analysis: Analysis, base: ImageRef, runtime: Sequence[Instruction], origin: Origin, any_base: bool = False
) -> DistrolessFit | None:
    """The distroless image a final stage on ``base`` with these instructions (FROM left out)
    could run on; ``origin`` says where its copied files were built. None when none fits.
    The base must be a general-purpose image unless ``any_base`` (a stage split, whose new final
    stage starts on the builder's image whatever it is)."""
    from stanzalint.knowledge import is_distroless, os_family

    if base.unresolved or base.error or base.is_scratch or is_distroless(base):
        return None
    if not any_base and (not base.is_official or base.repository not in GENERAL_IMAGES):
        return None
    if any(ins.keyword in ("RUN", "SHELL", "ONBUILD") for ins in runtime):
        return None
    family = os_family(base)
    if family is None or family.libc not in ("glibc", "musl"):
        return None
    argv = _command_line(runtime)
    if argv is None:
        return None
    words, program_token = argv
    program = words[0]
    name = posixpath.basename(program)
    if name in _SHELLS or program.endswith(".sh") or "$" in program:
        return None
    workdir, path_dirs = _workdir_and_path(runtime)
    copied = _copied(program, workdir, path_dirs, origin)
    found: DistrolessFit | None = None
    if name in ("java", "node", "nodejs") and copied:
        return None  # a runtime copied from a build stage (``jlink``): more than one artefact
    if name == "java":
        found = _java(base, words, program_token, family.libc)
    elif name in ("node", "nodejs"):
        found = _node(base, words, program_token, family.libc)
    elif _PYTHON.fullmatch(name) and not copied:
        found = _system_python(base, words, program_token, origin, family.libc)
    else:
        found = _copied_program(analysis, program, workdir, path_dirs, origin, family.libc)
    if found is None or not _healthcheck_runs(runtime, program):
        return None
    _adjust_users(found, runtime)
    found.sets_workdir = any(ins.keyword == "WORKDIR" for ins in runtime)
    found.sets_entrypoint = any(ins.keyword == "ENTRYPOINT" for ins in runtime)
    return found


# -- the command line ------------------------------------------------------------------------


def _command_line(runtime: Sequence[Instruction]) -> tuple[list[str], Token] | None:
    """(argv of ENTRYPOINT + CMD, the token of argv[0]) when both are in exec form, else None.
    An ENTRYPOINT clears only the CMD the base image set, not one set earlier in the stage."""
    entrypoint = cmd = None
    for ins in runtime:
        if ins.keyword == "ENTRYPOINT":
            entrypoint = ins
        elif ins.keyword == "CMD":
            cmd = ins
    parts = [ins for ins in (entrypoint, cmd) if ins is not None]
    if not parts or any(not ins.is_json for ins in parts):
        return None
    tokens = [t for ins in parts for t in ins.args]
    if not tokens or not tokens[0].value:
        return None
    return [t.value for t in tokens], tokens[0]


def _workdir_and_path(runtime: Sequence[Instruction]) -> tuple[str, list[str]]:
    workdir, path_dirs = "/", list(_SYSTEM_PATH)
    for ins in runtime:
        if ins.keyword == "WORKDIR" and ins.args:
            workdir = resolve_path(workdir, ins.args[0].value) or workdir
        elif ins.keyword == "ENV":
            values = [t.value for t in ins.args]
            for key, value in zip(values[::2], values[1::2]):
                if key == "PATH":
                    path_dirs = [p for p in value.split(":") if p.startswith("/")]
    return workdir, path_dirs


def _candidates(program: str, workdir: str, path_dirs: Sequence[str]) -> list[str]:
    if "/" in program:
        resolved = resolve_path(workdir, program)
        return [resolved] if resolved else []
    return [posixpath.join(d, program) for d in path_dirs]


def _copied(program: str, workdir: str, path_dirs: Sequence[str], origin: Origin) -> bool:
    return any(origin(p) is not None for p in _candidates(program, workdir, path_dirs))


def _healthcheck_runs(runtime: Sequence[Instruction], program: str) -> bool:
    """No HEALTHCHECK, ``HEALTHCHECK NONE``, or one in exec form running the stage's own program."""
    for ins in runtime:
        if ins.keyword != "HEALTHCHECK" or not ins.args or ins.args[0].value.upper() == "NONE":
            continue
        values = [t.value for t in ins.args]
        if not ins.is_json and values[0].upper() == "CMD":
            return False  # shell form (``CMD curl ...``) needs /bin/sh
        exec_form = values[1:] if values and values[0].upper() == "CMD" else values
        if not exec_form or exec_form[0] != program:
            return False
    return True


def _replace_program(token: Token, program: str, new: str) -> list[Edit]:
    """Rewrite argv[0] when the distroless image keeps the runtime at another path."""
    if program == new or "/" not in program:
        return []  # a bare name is found on the image's PATH
    return [Edit(token.span, json.dumps(new))]


# -- language runtimes of the base image -----------------------------------------------------


def _leading_version(tag: str | None) -> str | None:
    match = re.match(r"(\d+(?:\.\d+)*)", tag or "")
    return match.group(1) if match else None


def _java(base: ImageRef, words: list[str], token: Token, libc: str) -> DistrolessFit | None:
    if base.repository not in _JAVA_IMAGES or libc != "glibc":
        return None
    jar = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-jar", "-cp", "-classpath")), None)
    version = _leading_version(base.tag)
    image = runtime_image("java", version) if version else None
    if jar is None or image is None:
        return None
    return DistrolessFit(
        image,
        f"`java -jar {jar}`" if "-jar" in words else f"`java -cp {jar}`",
        argv_edits=_replace_program(token, words[0], image.runtime_path),
    )


def _node(base: ImageRef, words: list[str], token: Token, libc: str) -> DistrolessFit | None:
    if base.repository != "node" or libc != "glibc" or len(words) < 2 or words[1].startswith("-"):
        return None
    version = _leading_version(base.tag)
    image = runtime_image("node", version) if version else None
    if image is None:
        return None
    # the distroless image keeps node in /nodejs/bin, which is not on its PATH
    return DistrolessFit(image, f"`node {words[1]}`", argv_edits=[Edit(token.span, json.dumps(image.runtime_path))])


def _system_python(base: ImageRef, words: list[str], token: Token, origin: Origin, libc: str) -> DistrolessFit | None:
    if base.repository != "python" or libc != "glibc":
        return None
    version = _leading_version(base.tag)
    image = runtime_image("python", version) if version else None
    if image is None:
        return None
    shown = " ".join([posixpath.basename(words[0]), *words[1:2]])
    found = DistrolessFit(image, f"`{shown}`", argv_edits=_replace_program(token, words[0], image.runtime_path))
    site = f"/usr/local/lib/python{version}/site-packages"
    if origin(site) is not None or origin(posixpath.join(site, "x")) is not None:
        found.unproven = (
            f"Debian's python does not read `{site}`: copy the packages into "
            f"`/usr/local/lib/python{version}/dist-packages` instead"
        )
    return found


# -- programs copied from a build stage ------------------------------------------------------


def _copied_program(
    analysis: Analysis, program: str, workdir: str, path_dirs: Sequence[str], origin: Origin, libc: str
) -> DistrolessFit | None:
    for path in _candidates(program, workdir, path_dirs):
        built = origin(path)
        if built is None:
            continue
        stage, source = built
        venv = _venv_of(analysis, stage, source)
        if venv is not None:
            return _venv_program(analysis, stage, path, venv)
        if _PYTHON.fullmatch(posixpath.basename(program)):
            return None  # an interpreter copied from a build stage
        return _binary(analysis, stage, path, source, libc)
    return None


def _venv_of(analysis: Analysis, stage: Stage, source: str) -> Venv | None:
    stage_workdirs = Workdirs(analysis)
    for s in stage.chain:
        for directory, cmd in venvs_created(analysis, s, stage_workdirs):
            if is_under(source, posixpath.join(directory, "bin")):
                return directory, cmd, s
    return None


def _python_of(image: ImageRef | None) -> tuple[str | None, str]:
    """(major.minor of the interpreter a build image provides, where it lives)."""
    from stanzalint.knowledge import os_family

    if image is None or image.unresolved:
        return None, ""
    if image.repository == "python" and image.is_official:
        version = _leading_version(image.tag)
        return (version if version and version.count(".") == 1 else None), "/usr/local/bin"
    family = os_family(image)
    if family is not None and family.distro == "debian":
        return {"12": "3.11", "13": "3.13"}.get(family.release or ""), "/usr/bin"
    return None, ""


def _venv_program(analysis: Analysis, stage: Stage, path: str, venv: Venv) -> DistrolessFit | None:
    directory, cmd, built_in = venv
    version, interpreter_dir = _python_of(built_in.root_image)
    image = runtime_image("python", version) if version else None
    if image is None:
        return None  # distroless ships no interpreter of that version
    found = DistrolessFit(image, f"the virtualenv's `{path}`")
    creator = cmd.words[cmd.index].value if cmd.words else ""
    if creator.startswith("/"):
        interpreter_dir = posixpath.dirname(creator)
    if interpreter_dir != "/usr/bin":
        found.unproven = (
            f"the virtualenv's python links to `{interpreter_dir}`, where the image has none: "
            "create it with `/usr/bin/python`"
        )
    return found


def _binary(analysis: Analysis, stage: Stage, path: str, source: str, build_libc: str) -> DistrolessFit | None:
    from stanzalint.knowledge import os_family

    if _is_static(analysis, stage, source):
        static = distroless("static")
        return DistrolessFit(static, f"the statically linked binary `{path}`") if static is not None else None
    root = stage.root_image
    if root is None or root.unresolved or root.is_scratch:
        return None  # a binary built on an unknown base: its libc is unknown
    family = os_family(root)
    if build_libc != "glibc" or family is None or family.libc == "musl":
        return None  # a musl (or unknown) binary needs the libc it was linked against
    kind = "base" if _builds_go(analysis, stage) else "cc"
    release = family.release if family.distro == "debian" and family.release in ("12", "13") else None
    image = distroless(kind, release or "13")
    if image is None:
        return None  # the knowledge lacks the image
    found = DistrolessFit(image, f"the binary `{path}`")
    if family.libc != "glibc" or release is None:
        found.unproven = (
            f"it was built on `{root.resolved}`, not Debian 12 or 13: check that it needs no newer "
            f"glibc than Debian {image.debian}'s and no library but glibc, libssl 3 and libstdc++"
        )
    return found


def _build_words(analysis: Analysis, stage: Stage) -> Iterator[str]:
    for _, ins in chain_instructions(stage):
        if ins.keyword in ("ENV", "ARG"):
            values = [t.value for t in ins.args]
            yield from (
                ("=".join(values[i : i + 2]) for i in range(0, len(values), 2)) if ins.keyword == "ENV" else values
            )
        elif ins.keyword == "RUN":
            for cmd in analysis.commands(ins):
                yield from (w.value for w in cmd.assignments)
                yield from (w.value for w in cmd.words)


def _is_static(analysis: Analysis, stage: Stage, source: str) -> bool:
    """``CGO_ENABLED=0``, ``-static`` or ``+crt-static`` in the build stage, or a Rust musl target."""
    if _MUSL_TARGET.search(source):
        return True
    return any(word == "CGO_ENABLED=0" or _STATIC_FLAG.search(word) for word in _build_words(analysis, stage))


def _builds_go(analysis: Analysis, stage: Stage) -> bool:
    root = stage.root_image
    if root is not None and root.repository == "golang":
        return True
    return any(
        cmd.name == "go"
        for _, ins in chain_instructions(stage)
        if ins.keyword == "RUN"
        for cmd in analysis.commands(ins)
    )


# -- users ------------------------------------------------------------------------------------


def _owner_on_distroless(value: str) -> str | None:
    """``user[:group]`` with each name distroless lacks replaced by the nonroot uid/gid; None
    when every part already exists there (numbers always do)."""
    user, colon, group = value.partition(":")
    new_user = user if user.isdigit() or user in USERS else str(NONROOT_UID)
    new_group = group if not group or group.isdigit() or group in GROUPS else str(NONROOT_UID)
    owner = new_user + colon + new_group
    return None if owner == value else owner


def _adjust_users(found: DistrolessFit, runtime: Sequence[Instruction]) -> None:
    """USER and ``COPY --chown`` names distroless's /etc/passwd lacks become the nonroot uid."""
    for ins in runtime:
        if ins.keyword == "USER" and ins.args:
            value = ins.args[0].value
            if "$" in value:
                found.unproven = found.unproven or "the stage's USER comes from a variable"
            elif owner := _owner_on_distroless(value):
                span = Span(ins.args[0].span.start, ins.args[-1].span.end)
                found.user_edits.append(Edit(span, owner))
        for flag in ins.flags_named("chown") if ins.keyword in ("COPY", "ADD") else ():
            if not flag.value or flag.value_span is None:
                continue
            if "$" in flag.value:
                found.unproven = found.unproven or "a `--chown` owner comes from a variable"
            elif owner := _owner_on_distroless(flag.value):
                found.user_edits.append(Edit(flag.value_span, owner))
