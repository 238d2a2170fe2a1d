"""Shared helpers for the rules of practices a–d (base images, supply chain, stanza order,
layers): which tool a command runs, context-wide copies, cache mounts, WORKDIR tracking, and
the line-level edits fixes need. Everything reads the syntax and analysis models.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from stanzalint.analysis.model import Analysis, ShellCommand, Stage, Word
from stanzalint.analysis.shell import POSIX_SHELLS
from stanzalint.rules._instructions import is_absolute, stage_body  # noqa: F401 (one definition, shared)
from stanzalint.rules._run_helpers import positionals  # noqa: F401 (one definition, shared)
from stanzalint.syntax.model import Instruction, Span, Token

#: Instructions that change neither the filesystem nor who or where later commands run.
INERT_KEYWORDS = frozenset({"ENV", "ARG", "LABEL", "EXPOSE", "STOPSIGNAL", "HEALTHCHECK", "CMD",
                            "ENTRYPOINT", "VOLUME", "MAINTAINER"})

#: Working directory of a stage whose base image's WORKDIR is not known. Paths under it still
#: compare correctly with one another.
UNKNOWN_BASE_DIR = "/<base-workdir>"


# -- commands ------------------------------------------------------------------------------

_PIP = re.compile(r"pip(\d+(\.\d+)?)?$")
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?$")


def tool_of(cmd: ShellCommand) -> Tuple[str, List[Word]]:
    """The tool a command runs, normalised, and the words after it.

    ``pip3.11`` and ``python -m pip`` give ``pip``; ``apt`` gives ``apt-get``; ``mamba`` and
    ``micromamba`` keep their names (their clean commands differ). Others: the command name.
    """
    name = cmd.name
    args = cmd.args
    if _PIP.match(name):
        return "pip", args
    if _PYTHON.match(name):
        values = [w.value for w in args]
        for i, v in enumerate(values):
            if v == "-m" and i + 1 < len(values):
                module = values[i + 1]
                if module in ("pip", "pip3"):
                    return "pip", args[i + 2:]
                if module in ("uv", "poetry", "pipenv", "conda"):
                    return module, args[i + 2:]
                return "python", args
            if not v.startswith("-"):
                break
        return "python", args
    if name == "apt":
        return "apt-get", args
    return name, args


def first_positionals(words: Sequence[Word], count: int, takes_value: Sequence[str] = ()) -> List[str]:
    values = [w.value for w in positionals(words, takes_value)[:count]]
    return values + [""] * (count - len(values))


def has_flag(words: Sequence[Word], *names: str) -> bool:
    """Like ``ShellCommand.has_option`` over any word list: ``--x``, ``--x=v``, ``-y`` in ``-qy``."""
    for w in words:
        v = w.value
        if v == "--":
            return False
        for n in names:
            if v == n or (n.startswith("--") and v.startswith(n + "=")):
                return True
            if len(n) == 2 and n[0] == "-" and v.startswith("-") and not v.startswith("--") \
                    and v[1:].isalpha() and n[1] in v[1:]:
                return True
    return False


def flag_value(words: Sequence[Word], *names: str) -> List[str]:
    """Every value of ``--opt=v`` / ``--opt v`` / ``-o v`` in the words."""
    out: List[str] = []
    for i, w in enumerate(words):
        for n in names:
            if n.startswith("--") and w.value.startswith(n + "="):
                out.append(w.value[len(n) + 1:])
            elif w.value == n and i + 1 < len(words):
                out.append(words[i + 1].value)
    return out


def is_shell_program(cmd: ShellCommand) -> bool:
    return cmd.name in POSIX_SHELLS


def run_commands(analysis: Analysis, ins: Instruction) -> List[ShellCommand]:
    """Commands of a RUN (the effective instruction of an ONBUILD), or nothing."""
    eff = ins.effective
    if eff.keyword != "RUN":
        return []
    return analysis.commands(eff)


def top_level(commands: Sequence[ShellCommand]) -> List[ShellCommand]:
    """Commands the RUN script runs itself (not ``sh -c`` inner ones or substitutions)."""
    return [c for c in commands if not c.via_shell_c and not c.in_subshell]


# -- instructions --------------------------------------------------------------------------


def copy_operands(ins: Instruction) -> Tuple[List[Token], Optional[Token]]:
    """(sources, destination) of a COPY/ADD; heredoc sources are not returned."""
    if ins.keyword not in ("COPY", "ADD") or len(ins.args) < 2:
        return [], None
    heredoc_names = {"<<" + h.name for h in ins.heredocs} | {"<<-" + h.name for h in ins.heredocs}
    sources = [t for t in ins.args[:-1] if not t.value.startswith("<<") and t.value not in heredoc_names]
    return sources, ins.args[-1]


_CONTEXT_SOURCES = frozenset({".", "./", "*", "./*", "./.", "/", "/."})


def context_copy_source(ins: Instruction) -> Optional[Token]:
    """The source word of a COPY/ADD that copies the whole build context (``.``, ``./``, ``*``),
    or None. ``--from`` copies read another stage or image, not the context."""
    if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None:
        return None
    sources, _ = copy_operands(ins)
    for t in sources:
        if t.value in _CONTEXT_SOURCES:
            return t
    return None


def cache_mount_targets(ins: Instruction) -> List[str]:
    """Targets of ``--mount=type=cache`` flags of a RUN."""
    out: List[str] = []
    for flag in ins.effective.flags_named("mount"):
        fields: Dict[str, str] = {}
        for part in (flag.value or "").split(","):
            key, _, value = part.partition("=")
            fields[key.strip().lower()] = value.strip()
        if fields.get("type") == "cache":
            target = fields.get("target") or fields.get("dst") or fields.get("destination")
            if target:
                out.append(target)
    return out


def env_values(analysis: Analysis, ins: Instruction) -> Dict[str, Optional[str]]:
    """Variables (ARG and ENV) visible to an instruction, with their known values."""
    return {name: decl.value for name, decl in analysis.visible_vars(ins).items()}


# -- working directories --------------------------------------------------------------------


def workdirs(analysis: Analysis, stage: Optional[Stage],
             body: Sequence[Instruction] = ()) -> Dict[int, Optional[str]]:
    """id(instruction) -> the WORKDIR in effect there (None when a variable hides it; a Windows
    one, ``C:\\app``, as written), for the stage's own instructions. A stage on an external image
    starts in ``UNKNOWN_BASE_DIR``; so does a fragment (``stage`` None), walked as ``body``."""
    current: Optional[str] = UNKNOWN_BASE_DIR
    out: Dict[int, Optional[str]] = {}
    for s in (list(reversed(stage.chain)) if stage is not None else [None]):
        if s is not None and s.image is not None and s.image.is_scratch:
            current = "/"
        for ins in (stage_body(s) if s is not None else body):
            if ins.keyword == "WORKDIR" and ins.args:
                value, resolved = analysis.resolve(ins.args[0].value, ins)
                if not resolved or current is None and not is_absolute(value):
                    current = None
                elif is_absolute(value):
                    current = posixpath.normpath(value)
                else:
                    current = posixpath.normpath(posixpath.join(current, value))
            if s is stage:
                out[id(ins)] = current
    return out


def resolve_path(base: Optional[str], path: str) -> Optional[str]:
    """``path`` made absolute against ``base`` (None when either is unknown)."""
    if path.startswith("/"):
        return posixpath.normpath(path)
    if base is None or "$" in path:
        return None
    return posixpath.normpath(posixpath.join(base, path))


def is_under(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")


# -- text edits ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def newline_of(text: str) -> str:
    """The document's line break: ``\\r\\n`` when it uses CRLF, else ``\\n``. Remembered for
    the last few texts: fixes ask once per finding, and a scan per finding made many findings
    quadratic."""
    return "\r\n" if "\r\n" in text else "\n"


def full_lines(text: str, ins: Instruction) -> Span:
    """The instruction's lines from the start of its first line through its last line break."""
    start = text.rfind("\n", 0, ins.span.start) + 1
    end = text.find("\n", ins.span.end)
    return Span(start, len(text) if end == -1 else end + 1)


def line_indent(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    return text[start:i]


def script_text(text: str, ins: Instruction) -> Optional[str]:
    """The document text of a shell-form RUN's script (continuations kept), or None for exec
    form, heredocs, or an empty script."""
    if ins.is_json or ins.heredocs or not ins.rest.text.strip():
        return None
    start = ins.rest.doc_offset(0)
    return text[start:ins.span.end]


def ends_cleanly(ins: Instruction) -> bool:
    """True when `` && more`` can be appended to the RUN's script."""
    script = ins.rest.text.rstrip()
    return bool(script) and not script.endswith((";", "&", "|", "\\", "`")) and not ins.is_json


# -- image references ------------------------------------------------------------------------


def tag_span(image) -> Optional[Span]:
    """Where the tag of an ImageRef is written literally in the FROM line, else None (a tag that
    comes from a variable, no tag, or a digest pin that a tag change would contradict)."""
    if image.tag is None or image.digest is not None:
        return None
    raw = image.raw
    colon = raw.rfind(":")
    if colon <= raw.rfind("/") or raw[colon + 1:] != image.tag or "$" in raw[colon + 1:]:
        return None
    start = image.span.start + colon + 1
    return Span(start, start + len(image.tag))


def append_command_edit(text: str, ins: Instruction, commands: Sequence[ShellCommand], command: str):
    """An Edit that runs ``command`` last in the RUN, or None when it cannot be placed safely.

    Shell form: `` && command`` after the script (not when it ends in ``;``/``&``/a comment).
    A heredoc body run by the shell: a new line before the terminator.
    """
    from stanzalint.findings import Edit

    if ins.is_json:
        return None
    body = [c for c in commands if c.heredoc is not None]
    if ins.heredocs:
        if not body:
            return None
        heredoc = ins.heredocs[body[0].heredoc]
        if heredoc.terminator_span is None or heredoc.chomp:
            return None
        at = text.rfind("\n", 0, heredoc.terminator_span.start) + 1
        return Edit(Span(at, at), command + newline_of(text))
    if not ends_cleanly(ins) or not commands:
        return None
    last_end = max(c.span.end for c in commands)
    if "#" in text[last_end:ins.span.end]:
        return None
    return Edit(Span(ins.span.end, ins.span.end), " && " + command)


def removes_path(commands: Sequence[ShellCommand], after: int, *needles: str) -> bool:
    """Some ``rm`` after offset ``after`` deletes a path containing one of ``needles``."""
    for c in commands:
        if c.name == "rm" and c.span.start > after:
            for w in c.args:
                if not w.value.startswith("-") and any(n in w.value for n in needles):
                    return True
    return False


def runs_cleanup_script(commands: Sequence[ShellCommand], after: int) -> bool:
    """A project script named for cleaning (``clean-layer.sh``, ``cleanup``) runs after offset
    ``after``: what it removes is not visible, so cache rules give it the benefit of the doubt."""
    return any(c.span.start > after and "clean" in c.name.lower() and c.name not in ("apt-get", "apt")
               for c in commands)
