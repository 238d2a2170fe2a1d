"""Where a stage's build results live: the directories a final stage must copy from it when the
stage becomes a builder (``/usr/local`` for pip/npm -g/gem/make install, virtualenvs, the conda
prefix, COPY/ADD destinations, the WORKDIR), and the RUNs that only create users or directories.

Read from the analysis model (shell commands, scopes, COPY operands); used by the
"split into builder and final stages" refactoring.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from stanzalint.analysis.model import Analysis, ShellCommand, Stage, Word
from stanzalint.rules.toolkit.commands import has_option, option_values, positionals, tool_of
from stanzalint.rules.toolkit.copies import copied_files
from stanzalint.rules.toolkit.images import nonroot_default_user
from stanzalint.rules.toolkit.packages import UV_PIP_WITH_VALUE
from stanzalint.rules.toolkit.paths import is_under
from stanzalint.rules.toolkit.stages import UNKNOWN_BASE_DIR, Workdirs, workdirs
from stanzalint.syntax.model import Instruction

#: commands a RUN may consist of and still only set up users, groups and directories
SETUP_COMMANDS = frozenset({"useradd", "adduser", "groupadd", "addgroup", "mkdir", "chown", "chmod"})

#: directories too broad to copy whole from a builder (it would bring the toolchain along):
#: files copied into them are copied one by one
SYSTEM_DIRS = frozenset(
    {
        "/",
        "/usr",
        "/usr/bin",
        "/usr/sbin",
        "/usr/lib",
        "/usr/share",
        "/bin",
        "/sbin",
        "/lib",
        "/lib64",
        "/etc",
        "/var",
        "/opt",
        "/home",
        "/srv",
        "/usr/local",
        "/usr/local/bin",
        "/usr/local/sbin",
        "/usr/local/lib",
    }
)

#: never copied whole: they hold the OS, its package database and the toolchain
NEVER_COPIED = frozenset(
    {"/", "/usr", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/share", "/bin", "/sbin", "/lib", "/lib64", "/etc", "/var"}
)

#: build inputs: what a COPY puts there is read by the build, not by the program
SCRATCH_DIRS = ("/tmp",)

_CONDA_TOOLS = ("conda", "mamba", "micromamba")
_CONDA_SUBCOMMANDS = ("install", "create", "update", "env")
_CONDA_PREFIX_VARS = ("CONDA_DIR", "MAMBA_ROOT_PREFIX", "CONDA_PREFIX")
_CONDA_INSTALLER = re.compile(r"(?:mini|ana)conda|miniforge|mambaforge", re.I)
_VENV_VALUE_OPTIONS = ("--prompt", "-p", "--python", "--activators", "--extra-search-dir")
_PIP_LOCATION_OPTIONS = ("--target", "-t", "--prefix", "--root")


class _Places:
    """An ordered set of directories where nothing is under another one already listed."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def add(self, path: str | None) -> None:
        if not path or not path.startswith("/") or "$" in path or path.startswith(UNKNOWN_BASE_DIR):
            return
        path = posixpath.normpath(path)
        if path in NEVER_COPIED or any(is_under(path, p) for p in self.paths):
            return
        self.paths = [p for p in self.paths if not is_under(p, path)]
        self.paths.append(path)


def _absolute(analysis: Analysis, ins: Instruction, value: str, cwd: str | None) -> str | None:
    """``value`` as an absolute path at ``ins``: variables expanded when their values are known,
    relative paths joined to the working directory; None when unknown."""
    if "$" in value:
        value, known = analysis.resolve(value, ins)
        if not known:
            return None
    if not value:
        return None
    if value.startswith("/"):
        return posixpath.normpath(value)
    if cwd is None or cwd.startswith(UNKNOWN_BASE_DIR):
        return None
    return posixpath.normpath(posixpath.join(cwd, value))


def _env(analysis: Analysis, ins: Instruction, name: str) -> str | None:
    decl = analysis.declaration(name, ins)
    return decl.value if decl is not None and decl.kind == "ENV" else None


def _venv_created(cmd: ShellCommand) -> list[Word] | None:
    """The directory words of ``python -m venv X`` / ``virtualenv X`` / ``uv venv [X]``, or None."""
    tool, args = tool_of(cmd)
    if tool == "python":
        values = [w.value for w in args]
        if "-m" in values:
            at = values.index("-m")
            if at + 1 < len(values) and values[at + 1] in ("venv", "virtualenv"):
                return positionals(args[at + 2 :], _VENV_VALUE_OPTIONS)
        return None
    if tool == "virtualenv":
        return positionals(args, _VENV_VALUE_OPTIONS)
    if tool == "uv":
        words = positionals(args, _VENV_VALUE_OPTIONS)
        if words and words[0].value == "venv":
            return words[1:]
    return None


def _is_pip_install(cmd: ShellCommand) -> list[Word] | None:
    """The arguments after ``install`` of a pip / ``python -m pip`` / ``uv pip`` install, or None."""
    tool, args = tool_of(cmd)
    words = positionals(args, UV_PIP_WITH_VALUE)
    if tool == "uv" and len(words) > 1 and words[0].value == "pip" and words[1].value == "install":
        return list(args)
    if tool == "pip" and words and words[0].value == "install":
        return list(args)
    return None


def _option(args: Sequence[Word], *names: str) -> str | None:
    """The first value given to one of the options (``--opt=v``, ``--opt v``, ``-o v``)."""
    values = option_values(args, *names)
    return values[0] if values else None


def _program_prefix(cmd: ShellCommand) -> str | None:
    """``/opt/venv`` for ``/opt/venv/bin/pip``; ``/usr/local`` for ``/usr/bin/pip3`` (Debian's pip
    installs there); None for a bare command name."""
    program = cmd.words[cmd.index].value if cmd.words else ""
    if not program.startswith("/") or "$" in program:
        return None
    prefix = posixpath.dirname(posixpath.dirname(program))
    return "/usr/local" if prefix in ("/usr", "/") else prefix


def _conda_based(stage: Stage) -> bool:
    image = stage.root_image
    return image is not None and bool(re.search(r"conda|mamba|miniforge", image.repository, re.I))


class _Scan:
    """One pass over a stage's own instructions, collecting the places by kind, so that
    ``build_outputs`` can list them in the order its docstring gives."""

    def __init__(self, analysis: Analysis, stage: Stage) -> None:
        self.analysis = analysis
        self.stage = stage
        self.cwd: dict[int, str | None] = workdirs(analysis, stage)
        self.system: list[str] = []  # /usr/local and user site-packages
        self.venvs: list[str] = []
        self.conda: list[str] = []
        self.copies: list[str] = []

    def conda_prefix(self, ins: Instruction) -> str:
        for name in _CONDA_PREFIX_VARS:
            value = _env(self.analysis, ins, name)
            if value and value.startswith("/") and "$" not in value:
                return value
        return "/opt/conda"

    def active_env(self, ins: Instruction, earlier: Sequence[ShellCommand]) -> str | None:
        """The virtualenv or conda prefix a bare ``pip`` runs from at this command, else None."""
        for cmd in reversed(earlier):
            if cmd.name in (".", "source") and cmd.args and cmd.args[0].value.endswith("/bin/activate"):
                return _absolute(
                    self.analysis, ins, posixpath.dirname(posixpath.dirname(cmd.args[0].value)), self.cwd.get(id(ins))
                )
        venv = _env(self.analysis, ins, "VIRTUAL_ENV")
        if venv and venv.startswith("/") and "$" not in venv:
            return venv
        path = _env(self.analysis, ins, "PATH") or ""
        known = self.venvs + self.conda
        for entry in path.split(":"):
            if entry in ("/usr/local/bin", "/usr/bin", "/bin"):
                break
            prefix = posixpath.dirname(entry.rstrip("/"))
            if entry.endswith("/bin") and (prefix in known or re.search(r"conda|mamba", prefix)):
                return prefix
        if _conda_based(self.stage):
            return self.conda_prefix(ins)
        return None

    def project_venv(self, cwd: str | None) -> str | None:
        for venv in self.venvs:
            if venv and posixpath.basename(venv) == ".venv" and cwd and is_under(cwd, posixpath.dirname(venv)):
                return venv
        return None

    def command(self, ins: Instruction, cmd: ShellCommand, earlier: Sequence[ShellCommand]) -> None:
        cwd = self.cwd.get(id(ins))
        tool, args = tool_of(cmd)
        created = _venv_created(cmd)
        if created is not None:
            target = created[0].value if created else ".venv"
            self.venvs.append(_absolute(self.analysis, ins, target, cwd) or "")
            return
        pip_args = _is_pip_install(cmd)
        if pip_args is not None:
            location = _option(pip_args, *_PIP_LOCATION_OPTIONS)
            if location is not None:
                self.system.append(_absolute(self.analysis, ins, location, cwd) or "")
            elif has_option(pip_args, "--user"):
                self.system.append(self.user_site(ins))
            elif tool != "uv" and _program_prefix(cmd):
                self.system.append(_program_prefix(cmd) or "")
            elif tool == "uv" and has_option(pip_args, "--system"):
                self.system.append("/usr/local")
            else:
                env = self.active_env(ins, earlier)
                if env is None and tool == "uv":
                    env = self.project_venv(cwd)  # uv finds .venv in the directory or a parent
                if env is None:
                    # pip run as a non-root user installs into the user's site (PIP_USER, or
                    # its fallback when site-packages is not writable)
                    self.system.append("/usr/local" if self.user_name(ins) is None else self.user_site(ins))
                elif env not in self.venvs:
                    self.conda.append(env)
            return
        if tool in _CONDA_TOOLS:
            words = positionals(args, ("-n", "--name", "-p", "--prefix", "-f", "--file", "-c", "--channel"))
            if words and words[0].value in _CONDA_SUBCOMMANDS:
                prefix = _option(args, "-p", "--prefix")
                self.conda.append(
                    (_absolute(self.analysis, ins, prefix, cwd) if prefix else None)
                    or _program_prefix(cmd)
                    or self.conda_prefix(ins)
                )
            return
        if cmd.name in ("bash", "sh") and any(_CONDA_INSTALLER.search(w.value) for w in args):
            prefix = _option(args, "-p")
            self.conda.append((_absolute(self.analysis, ins, prefix, cwd) if prefix else None) or "/opt/conda")
            return
        if self.installs_system_wide(tool, args, cmd):
            self.system.append("/usr/local")

    def installs_system_wide(self, tool: str, args: Sequence[Word], cmd: ShellCommand) -> bool:
        """npm -g, yarn global add, gem, bundle, make install, ninja install, cmake --install,
        ``python setup.py install``: all land under ``/usr/local`` on the official images."""
        values = [w.value for w in args]
        if tool == "npm":
            return (
                bool(values)
                and any(v in ("install", "i", "add") for v in values)
                and has_option(args, "-g", "--global")
            )
        if tool == "yarn":
            return values[:2] == ["global", "add"]
        if tool in ("gem", "bundle"):
            return bool(values) and values[0] == "install"
        if tool in ("make", "ninja"):
            return "install" in values
        if tool == "cmake":
            return "--install" in values
        if tool == "python":
            return "setup.py" in values and "install" in values
        return False

    def user_name(self, ins: Instruction) -> str | None:
        """The non-root user a RUN runs as (a USER of the stage, else the base image's default
        non-root user), or None for root."""
        user = nonroot_default_user(self.stage.image)
        for other in self.stage.body:
            if other is ins:
                break
            if other.keyword == "USER" and other.args:
                user = other.args[0].value
        if user is None:
            return None
        name = user.split(":")[0]
        return None if name in ("root", "0") else name

    def user_site(self, ins: Instruction) -> str:
        """Where ``pip install --user`` puts packages: ``/root/.local`` as root,
        ``/home/<name>/.local`` as a named user, unknown ("") for a uid or a variable."""
        name = self.user_name(ins)
        if name is None:
            return "/root/.local"
        if name.isdigit() or "$" in name:
            return ""
        return f"/home/{name}/.local"

    def copy(self, ins: Instruction) -> None:
        sources, dest = copied_files(ins)
        if dest is None or not sources:
            return
        path = _absolute(self.analysis, ins, dest.value, None) if dest.value.startswith(("/", "$")) else None
        if path is None or any(is_under(path, d) for d in SCRATCH_DIRS):
            return
        names = [posixpath.basename(s.value.rstrip("/")) for s in sources]
        is_dir = dest.value.endswith("/") or len(sources) > 1
        if not is_dir:
            base = posixpath.basename(path)
            is_file = base == names[0] or ("." in base.lstrip("."))
            if is_file:
                directory = posixpath.dirname(path)
                self.copies.append(path if directory in SYSTEM_DIRS else directory)
                return
        if path in SYSTEM_DIRS:
            for name in names:
                if name and name not in (".", "..") and not re.search(r"[*?\[$]", name):
                    self.copies.append(posixpath.join(path, name))
            return
        self.copies.append(path)


def build_outputs(analysis: Analysis, stage: Stage) -> list[str]:
    """The directories a final stage copies from ``stage`` as its builder, in this order:
    ``/usr/local`` (or pip's ``--target``/``--prefix``, ``/root/.local`` for ``--user``) when
    the stage installs with pip / ``python -m pip`` / uv pip / npm -g / gem / make install; each
    virtualenv it creates; the conda prefix when it installs with conda/mamba/micromamba; the
    destination directory of each COPY/ADD with an absolute path; its last WORKDIR. A path under
    one already listed is left out."""
    scan = _Scan(analysis, stage)
    last_workdir: str | None = None
    for ins in stage.body:
        if ins.keyword == "RUN":
            earlier: list[ShellCommand] = []
            for cmd in analysis.commands(ins):
                scan.command(ins, cmd, earlier)
                earlier.append(cmd)
        elif ins.keyword in ("COPY", "ADD"):
            scan.copy(ins)
        elif ins.keyword == "WORKDIR" and ins.args:
            last_workdir = scan.cwd.get(id(ins))
    places = _Places()
    for path in scan.system + scan.venvs + scan.conda + scan.copies:
        places.add(path)
    if last_workdir not in (None, "/"):
        places.add(last_workdir)
    return places.paths


def setup_only_runs(analysis: Analysis, stage: Stage) -> list[Instruction]:
    """The stage's RUNs that only create users, groups or directories (useradd, adduser,
    groupadd, addgroup, mkdir, chown, chmod and nothing else)."""
    out: list[Instruction] = []
    for ins in stage.body:
        if ins.keyword != "RUN":
            continue
        commands = analysis.commands(ins)
        if commands and all(c.name in SETUP_COMMANDS for c in commands):
            out.append(ins)
    return out


def mkdir_targets(
    analysis: Analysis, stage: Stage, ins: Instruction, stage_workdirs: dict[int, str | None] | None = None
) -> list[str]:
    """Absolute directories a RUN's ``mkdir`` without ``-p`` creates (it fails if they exist).
    ``stage_workdirs``: ``workdirs(analysis, stage)``, when the caller asks about several RUNs."""
    if stage_workdirs is None:
        stage_workdirs = workdirs(analysis, stage)
    cwd = stage_workdirs.get(id(ins))
    out: list[str] = []
    for cmd in analysis.commands(ins):
        if cmd.name != "mkdir" or cmd.has_option("-p", "--parents"):
            continue
        for w in positionals(cmd.args, ("-m", "--mode", "-Z", "--context")):
            path = _absolute(analysis, ins, w.value, cwd)
            if path:
                out.append(path)
    return out


def venvs_created(
    analysis: Analysis, stage: Stage, stage_workdirs: Workdirs | None = None
) -> list[tuple[str, ShellCommand]]:
    """(absolute directory, creating command) of each virtualenv the stage's own RUNs create
    (``python -m venv``, ``virtualenv``, ``uv venv``); a directory hidden by a variable is left out.
    ``stage_workdirs``: the caller's ``Workdirs``, when it asks about several stages of a chain."""
    cwd = (stage_workdirs or Workdirs(analysis)).of(stage)
    out: list[tuple[str, ShellCommand]] = []
    for ins in stage.body:
        if ins.keyword != "RUN":
            continue
        for cmd in analysis.commands(ins):
            created = _venv_created(cmd)
            if created is None:
                continue
            path = _absolute(analysis, ins, created[0].value if created else ".venv", cwd.get(id(ins)))
            if path:
                out.append((path, cmd))
    return out
