"""What ties a stage to the exact release of its base image, so that a newer tag would break it.

- an OS package pinned to a version (``nginx=${NGINX_VERSION}-r1``, ``curl=7.88.1-10``,
  ``httpd-2.4.57``, ``pkg/bookworm-backports``, a local ``.deb``): the version exists only for
  the base's release, also
  when the pins sit in a shell variable the install expands (``apk add $nginxPackages``);
- a part of the tag that the new tag changes, written out in a RUN (``python3.8`` in a path,
  ``buster`` in an apt source, ``ubuntu18.04`` in a repository URL);
- a checksum verified in a RUN that uses the image's own version variable (``NGINX_VERSION``,
  ``PYTHON_VERSION``): the checksum is of that release's file;
- a database whose data directory a new major release cannot open without an upgrade step;
- distribution packages installed by name when the new tag moves to another distribution
  release (or may: the old one is not known): names change between releases
  (``software-properties-common`` and ``libgl1-mesa-glx`` are gone from Debian 13).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from stanzalint import knowledge
from stanzalint.analysis.commands import installed_packages, is_package_install
from stanzalint.analysis.model import Analysis, ImageRef, ShellCommand, Stage
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import CHECKSUM_TOOLS
from stanzalint.rules.toolkit.edits import script_text
from stanzalint.rules.toolkit.images import ByReference
from stanzalint.rules.toolkit.kept_parts import kept_ends_since
from stanzalint.rules.toolkit.packages import is_pinned
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import descendants, stage_body
from stanzalint.syntax.model import Dockerfile, Instruction

_OS_MANAGERS = frozenset({"apt-get", "apk", "yum", "dnf", "microdnf", "zypper"})
#: endoflife.date products whose data directory needs an upgrade step between major releases
_DATA_FORMAT_PRODUCTS = frozenset({"postgresql", "mysql", "mariadb", "mongodb"})
_RELEASE_PART = re.compile(r"^(\d+\.\d+(\.\d+)?|[a-z]{4,})$")


def version_tie(ctx: RuleContext, stage: Stage, image: ImageRef, product: str, new_tag: str) -> str | None:
    """Why the stage, or a stage built on it, would break on ``new_tag`` instead of the image's
    tag (a short phrase), or None: the first RUN of the stage's body, then of the stages built
    on it, that ties the build to the release. What each RUN's commands say is remembered by the
    RUN's text (``run_summary``), and the RUN that tied it is remembered with the parse it was
    found in (``_FirstTie``): after a keystroke below it, the answer is that RUN's again."""
    if product in _DATA_FORMAT_PRODUCTS:
        return f"existing {product} data needs an upgrade step to move to `{new_tag}`"
    read = _TiesInCommands(tuple(_changed_parts(image.tag or "", new_tag)))
    own_variable = image.repository.rsplit("/", 1)[-1].upper().replace("-", "_") + "_VERSION"
    moves = _MOVES.answer(image, _release_move, new_tag)
    dockerfile = ctx.analysis.whole.dockerfile
    asked = (read, own_variable, moves, stage.index)
    kept = _FIRST_TIES.get(asked)
    if kept is not None and kept.holds_in(dockerfile):
        _FIRST_TIES[asked] = kept.in_parse(dockerfile)
        return kept.tie
    for ins in _runs_from(ctx.analysis, stage):
        ties = run_summary(ctx.analysis, ins, read)
        tie = _run_tie(ties, partial(_script, ctx.text, ins), own_variable, moves)
        if tie is not None:
            if len(_FIRST_TIES) >= _MOST_FIRST_TIES:
                _FIRST_TIES.clear()
            _FIRST_TIES[asked] = _FirstTie.found(dockerfile, ins, tie)
            return tie
    return _named_outside_runs(ctx.analysis, stage, read.changed)


def _named_outside_runs(analysis: Analysis, stage: Stage, changed: tuple[str, ...]) -> str | None:
    """Why an instruction other than a RUN of the stage, or of a stage built on it, ties the build
    to the release: its arguments name a part of the tag the new tag changes (``ENV
    PYTHONPATH=/usr/local/lib/python3.8/site-packages``, ``CMD ["python3.8"]``, a COPY into such
    a path): after the bump the path or program is not there."""
    for built in (stage, *descendants(analysis, stage)):
        for ins in stage_body(built):
            if ins.keyword in ("RUN", "FROM"):
                continue
            for token in ins.args:
                part = next((p for p in changed if names_part(token.value, p)), None)
                if part is not None:
                    return f"`{ins.keyword}` names `{part}`, which the new tag changes"
    return None


def _run_tie(ties: _RunTies, script: Callable[[], str], own_variable: str, moves: str | None) -> str | None:
    """Why the RUN whose commands say ``ties`` (and whose script is ``script()``) ties the build
    to its base's release, or None."""
    pin = _os_package_pin(ties.os_installs, script)
    if pin is not None:
        return f"`{pin}` pins a package of this release"
    if ties.named is not None:
        return f"the build names `{ties.named}`, which the new tag changes"
    if ties.verifies_checksum and own_variable in script():
        return f"a checksum follows for this release's `{own_variable}`"
    if moves is not None and any(words for _, words in ties.os_installs):
        return f"the build installs {moves}"
    return None


def _runs_from(analysis: Analysis, stage: Stage) -> Iterator[Instruction]:
    """The RUNs of the stage's body, then of the stages built on it, in order: read until one
    ties the build to its release (the stages built on it are looked for only then)."""
    yield from (ins for ins in stage_body(stage) if ins.keyword == "RUN")
    for built_on in descendants(analysis, stage):
        yield from (ins for ins in stage_body(built_on) if ins.keyword == "RUN")


class _FirstTie:
    """The RUN that tied a stage's build to its release (``tie``, why), where it stands among
    the instructions of the parse it was found in (held weakly). The RUNs read before it stand
    before it in the document (the stage's, then those of the stages built on it, which follow
    it), so the answer holds in a re-parse that kept every instruction up to it: their texts,
    their stages and the SHELLs they run under are the same (a SHELL, a FROM or a global ARG
    read again would stand after it), and so is the escape character."""

    __slots__ = ("parse", "at", "tie")

    def __init__(self, parse: weakref.ref[Dockerfile], at: int, tie: str) -> None:
        self.parse = parse
        self.at = at
        self.tie = tie

    @classmethod
    def found(cls, dockerfile: Dockerfile, run: Instruction, tie: str) -> _FirstTie:
        """``run`` of ``dockerfile`` ties the build (``tie``)."""
        return cls(weakref.ref(dockerfile), dockerfile.index_at(run.span.start), tie)

    def holds_in(self, dockerfile: Dockerfile) -> bool:
        """``dockerfile`` is the parse this was found in, or a re-parse made on it (through a few
        that live) that kept every instruction up to the RUN, with the same escape character."""
        earlier = self.parse()
        if earlier is None or earlier is dockerfile:
            return earlier is dockerfile
        ends = kept_ends_since(dockerfile, earlier)
        return ends is not None and self.at < ends[0] and dockerfile.escape == earlier.escape

    def in_parse(self, dockerfile: Dockerfile) -> _FirstTie:
        """This answer, held with ``dockerfile`` (where it ``holds_in``), so that the next
        re-parse is made on the parse it is held with."""
        return self if self.parse() is dockerfile else _FirstTie(weakref.ref(dockerfile), self.at, self.tie)


#: ``_FirstTie`` by the question (the tag parts the new tag changes, the image's own version
#: variable, how the move changes the distribution release) and the stage's index; cleared past
#: ``_MOST_FIRST_TIES`` (a few images of a few documents)
_FIRST_TIES: dict[tuple[Hashable, ...], _FirstTie] = {}
_MOST_FIRST_TIES = 64


@dataclass(frozen=True)
class _RunTies:
    """What one RUN's commands say about its base's release, position-free: each OS package
    install (manager, package words), the first changed tag part a word names, whether a
    checksum tool runs."""

    os_installs: tuple[tuple[str, tuple[str, ...]], ...]
    named: str | None
    verifies_checksum: bool


@dataclass(frozen=True)
class _TiesInCommands:
    """Reads ``_RunTies`` from a RUN's commands, for a new tag that changes the tag parts
    ``changed`` (a question ``run_summary`` remembers by the RUN's text and these parts)."""

    changed: tuple[str, ...]

    def __call__(self, commands: list[ShellCommand]) -> _RunTies:
        os_installs = []
        for cmd in commands:
            manager = is_package_install(cmd)
            if manager in _OS_MANAGERS:
                os_installs.append((manager, tuple(w.value for w in installed_packages(cmd))))
        named = next((p for p in self.changed for c in commands for w in c.words if names_part(w.value, p)), None)
        verifies = any(c.name in CHECKSUM_TOOLS for c in commands)
        return _RunTies(tuple(os_installs), named, verifies)


def _changed_parts(old_tag: str, new_tag: str) -> list[str]:
    """Versions and codenames in the old tag that the new one does not keep."""
    kept = set(new_tag.split("-"))
    return [p for p in old_tag.split("-") if p not in kept and _RELEASE_PART.match(p)]


#: ``_release_move`` by image reference and new tag: the knowledge tables decide it, not the file
_MOVES: ByReference[str | None] = ByReference()


def _release_move(image: ImageRef, new_tag: str) -> str | None:
    """ "<distro> packages by name, and <new tag> is <release> ..." when the new tag changes (or
    may change) the distribution release, else None."""
    old = knowledge.os_family(image)
    new = knowledge.os_family(image.familiar, new_tag)
    if old is None or new is None or (old.release is not None and old.release == new.release):
        return None
    before = f"{old.distro} {old.release}" if old.release else "a release not known"
    return (
        f"{old.distro} packages by name and `{new_tag}` is {new.distro} {new.release or '(release not known)'} "
        f"(this tag: {before}), whose package names may differ"
    )


def _script(text: str, run: Instruction) -> str:
    """The RUN's script as written (``script_text``), or its arguments' text (exec form,
    heredocs): cut out of the document only when a question needs it."""
    return script_text(text, run) or run.rest.text


def _os_package_pin(os_installs: Iterable[tuple[str, tuple[str, ...]]], script: Callable[[], str]) -> str | None:
    """The first package an OS install pins to a version, also through a shell variable the
    ``script`` (asked only for a variable) assigns, or None."""
    for manager, words in os_installs:
        for value in words:
            for package in _expanded(value, script):
                if is_pinned(manager, package):
                    return package
    return None


def _expanded(value: str, script: Callable[[], str]) -> Iterable[str]:
    """The packages a word names: itself, or the words of the shell variable it expands
    (``$pkgs`` with ``pkgs="a=1 b=2"`` earlier in the ``script``)."""
    match = re.fullmatch(r"\$\{?(\w+)\}?", value)
    if match is None:
        return [value]
    assigned = re.search(rf"\b{match.group(1)}=(\"[^\"]*\"|'[^']*'|\S+)", script())
    if assigned is None:
        return []
    return assigned.group(1).strip("\"'").replace("\\", " ").split()


def names_part(value: str, part: str) -> bool:
    """``part`` (a version or codename) appears in ``value`` as a whole: ``3.8`` in
    ``python3.8`` but not in ``13.8``; ``buster`` in ``buster-updates``."""
    if part[0].isdigit():
        return re.search(rf"(?<![\d.]){re.escape(part)}(?!\d)", value) is not None
    return re.search(rf"(?<![a-z]){re.escape(part)}(?![a-z])", value) is not None
