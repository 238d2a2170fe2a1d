"""What a final image is for, as far as its Dockerfile shows.

Rules about the shipped image (SZ102, SZ501, SZ502, SZ601, SZ602) give advice for images that
run an application. Some images have another job, and the advice would break it:

- a base for other images (``base_for_other_images``): downstream Dockerfiles run
  ``apt-get install`` as root, ONBUILD triggers compile their code with the image's toolchain;
  one with a launcher and no command, and hook directories for start-up scripts, is completed
  by the images built on it (``completed_by_images_built_on_it``);
- a development environment (``is_development_environment``): an editor attaches to it and
  builds the project in a root-owned workspace; a CI job environment
  (``is_ci_job_environment``): the CI agent creates its account in it and the steps use sudo;
- an image whose entrypoint drops privileges itself (``drops_privileges_at_run_time``): the
  process starts as root on purpose and switches user without ``USER``;
- an image on a base that ships compilers anyway (``ships_toolchain``): NGC framework
  containers, ROCm ``dev-*-complete``, Habana Gaudi ``pytorch-installer``;
- an image whose compilers are part of what it is for (``toolchain_is_the_product``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import fields
from operator import attrgetter
from typing import Generic, TypeVar

from stanzalint.analysis.model import Analysis, ImageRef, ShellCommand, Stage
from stanzalint.rules.toolkit.commands import command_words
from stanzalint.rules.toolkit.comments import comment_block_above
from stanzalint.rules.toolkit.images import DISTRIBUTION_IMAGES, ByReference, root_name
from stanzalint.rules.toolkit.kept_parts import KeptStageParts
from stanzalint.rules.toolkit.packages import installs_or_fetches
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import chain_instructions
from stanzalint.syntax.model import Instruction

# -- a base for other images -------------------------------------------------------------------

#: interactive interpreters: an image whose command is one of these is started to be built on
_REPLS = {
    "node",
    "python",
    "python2",
    "python3",
    "jshell",
    "irb",
    "R",
    "julia",
    "pwsh",
    "iex",
    "erl",
    "ghci",
    "deno",
    "bun",
    "groovysh",
    "scala",
    "clj",
    "sbcl",
    "php",
}
_SHELLS = {"sh", "bash", "ash", "zsh", "dash", "fish"}
#: the images a language runtime image is built on (besides the bare distributions)
_GENERAL_BASES = DISTRIBUTION_IMAGES | {
    "buildpack-deps",
    "redhat/ubi8",
    "redhat/ubi9",
    "redhat/ubi10",
    "redhat/ubi9-minimal",
    "redhat/ubi8-minimal",
}
#: images that already bring an interpreter: a REPL started on them is the base's, and the image
#: adds something else (an application, a build environment)
LANGUAGE_IMAGES = frozenset(
    {
        "node",
        "python",
        "pypy",
        "ruby",
        "golang",
        "rust",
        "openjdk",
        "eclipse-temurin",
        "amazoncorretto",
        "ibm-semeru-runtimes",
        "sapmachine",
        "perl",
        "php",
        "erlang",
        "elixir",
        "julia",
        "r-base",
        "rocker/r-ver",
        "haskell",
        "clojure",
        "groovy",
        "gcc",
        "maven",
        "gradle",
        "oven/bun",
        "denoland/deno",
        "mcr.microsoft.com/powershell",
    }
)
#: an init process in front of the real command, and its options
_INIT = re.compile(r"^(?:tini|dumb-init|catatonit|--|-\w+)$")
#: an entrypoint script: a wrapper when a command follows it, else the program itself
_ENTRYPOINT_SCRIPT = re.compile(r"entrypoint", re.IGNORECASE)
#: a comment that titles the image as a base image ("Full Base Image", "Dockerfile for base
#: image of all pangeo images"), not one that mentions choosing a base image
_BASE_IMAGE_TITLE = re.compile(
    r"^#*\s*(?:dockerfile for (?:the )?)?(?:[\w.-]+\s+){0,4}base[- ]images?\b\s*(?:\(.*\))?\s*(?:(?:for|of)\b.*)?$",
    re.IGNORECASE,
)
_BASE_IMAGE_LABEL = re.compile(r"\bbase[- ]image\b", re.IGNORECASE)


def base_for_other_images(analysis: Analysis, stage: Stage) -> str | None:
    """Why the image is evidently meant to be built on (a short phrase), or None: it says so
    (``declared_base_for_other_images``); it sits on a bare distribution (or
    ``buildpack-deps``/UBI) and starts only a shell or an interpreter's REPL (the official
    ``node``, ``python``, ``eclipse-temurin`` images); or it installs an interpreter its base
    does not bring and starts only its REPL, whatever the base is called: a language runtime
    image (PowerShell on a mirrored Alpine, R on ``posit/r-base``)."""
    declared = declared_base_for_other_images(analysis, stage)
    if declared is not None:
        return declared
    name, _ = root_name(stage)
    if not name:
        return None
    started = started_command(stage)
    if name in _GENERAL_BASES and _starts_shell_or_repl(started):
        return "it starts only a shell or an interpreter, for images built on it"
    repl = _started_repl(started)
    if repl is not None and name not in LANGUAGE_IMAGES and (repl in _EVALUATE or _brings(analysis, stage, repl)):
        return "it installs an interpreter and starts only its REPL, for images built on it"
    return None


def declared_base_for_other_images(analysis: Analysis, stage: Stage) -> str | None:
    """Why the Dockerfile itself says the image is built on (a short phrase), or None: it has
    ONBUILD triggers, or a LABEL or the comment above its FROM calls it a base image. Answered
    once for every text of the stage's chain (``_ByChain``), not at every keystroke."""
    return _DECLARED_BASE.answer(analysis, stage)


def _declared_base(analysis: Analysis, stage: Stage) -> str | None:
    """``declared_base_for_other_images``, worked out."""
    if _has_onbuild_triggers(analysis, stage):
        return "it has ONBUILD triggers for the images built on it"
    if _documented_as_base(analysis, stage):
        return "it is documented as a base image"
    return None


def _has_onbuild_triggers(analysis: Analysis, stage: Stage) -> bool:
    """Whether the stage or one it is built on has an ONBUILD instruction."""
    return bool(_chain_instructions_of_keyword(analysis, stage, "ONBUILD"))


def _chain_instructions_of_keyword(analysis: Analysis, stage: Stage, *keywords: str) -> list[Instruction]:
    """The top-level instructions with any of ``keywords`` of the stage and the stages it is
    built on, in document order: read off the file's instructions of those keywords (usually a
    few), not every instruction of the chain."""
    whole = analysis.whole
    chain = {id(s) for s in stage.chain}
    return [
        ins
        for ins in whole.dockerfile.of_keywords(*keywords)
        if ins.parent is None and id(whole.stage_of(ins)) in chain
    ]


def _starts_shell_or_repl(words: list[str]) -> bool:
    """The container's command, past init wrappers and entrypoint scripts (``started_command``'s
    ``words``), is a shell or a REPL (a bare interpreter, ``php -a``), or there is none."""
    if not words:
        return True
    program = words[0].rsplit("/", 1)[-1]
    if program in _SHELLS:
        return len(words) == 1 or words[1] in ("-l", "--login", "-i")
    return _started_repl(words) is not None


def _brings(analysis: Analysis, stage: Stage, program: str) -> bool:
    """The build steps name ``program`` (one of ``_REPLS``): a path or package a RUN, COPY or ADD
    ends in (``ln -s /opt/R/4.5/bin/R /usr/bin/R``, ``COPY --from=bin /deno /bin/deno``,
    ``micromamba install python=3.12``)."""
    for _, ins in chain_instructions(stage):
        if ins.keyword == "RUN" and program in run_summary(analysis, ins, interpreters_named):
            return True
        if ins.keyword in ("COPY", "ADD") and any(_program_named(t.value) == program for t in ins.args):
            return True
    return False


def interpreters_named(commands: list[ShellCommand]) -> frozenset[str]:
    """The interpreters (``_REPLS``) a RUN's commands name as the path or package an argument
    ends in (``_brings``)."""
    return frozenset(name for cmd in commands for w in cmd.args if (name := _program_named(w.value)) in _REPLS)


def _program_named(value: str) -> str:
    """The program a path or package ends in: ``/opt/R/4.5/bin/R`` and ``python=3.12`` name
    ``R`` and ``python``."""
    return re.split(r"[=<>~@]", value.rstrip("/").rsplit("/", 1)[-1], maxsplit=1)[0]


def _started_repl(words: list[str]) -> str | None:
    """The interpreter whose REPL or greeting is the container's whole command (``words``, as
    ``started_command`` gives them: a bare ``pwsh`` or ``R``, ``php -a``, ``deno repl``,
    ``python -c "print('hello')"``; ``eval ...`` after the runtime's entrypoint wrapper), or None."""
    program = words[0].rsplit("/", 1)[-1] if words else ""
    if program in _REPLS and (len(words) == 1 or words[1:] in (["-a"], ["repl"]) or _greets(words[1:])):
        return program
    if program in _EVALUATE and _greets(words):
        return program
    return None


#: options and subcommands that evaluate the next word as code
_EVALUATE = {"eval", "-e", "-c", "--eval"}
#: code that only prints a literal (``console.log('Welcome to Deno!')``, ``print('hello')``)
_GREETING = re.compile(r"""^["']?\s*(?:console\.log|print|puts|echo)\s*\(?\s*(["'])[^"']*\1\s*\)?\s*;?\s*["']?$""")


def _greets(words: list[str]) -> bool:
    """``words`` evaluate code that only prints a greeting: the image is run with a command of
    one's own, its own command just shows that it works."""
    return len(words) == 2 and words[0] in _EVALUATE and bool(_GREETING.match(words[1]))


def started_command(stage: Stage) -> list[str]:
    """The command the container really starts: the effective ENTRYPOINT + CMD without the
    init processes (``tini --``) and entrypoint scripts in front of it (a script with nothing
    after it is the program itself)."""
    words = without_init(effective_command(stage))
    while len(words) > 1 and _ENTRYPOINT_SCRIPT.search(words[0]):
        words = without_init(words[1:])
    return words


def without_init(words: list[str]) -> list[str]:
    """The command words past the init processes in front of the real command and their
    options (``/sbin/tini -g --``, ``dumb-init``); a lone word stays."""
    while len(words) > 1 and _INIT.match(words[0].rsplit("/", 1)[-1]):
        words = words[1:]
    return words


def effective_command(stage: Stage) -> list[str]:
    """The last ENTRYPOINT's words followed by the last CMD's (after the ENTRYPOINT: a later
    ENTRYPOINT resets the CMD), across the stages the image is built on. Read from the end
    (this stage's last instruction, up to its base's first): only the instructions after the
    last ENTRYPOINT are looked at, usually a few."""
    cmd: Instruction | None = None
    for chained in stage.chain:  # this stage, then the one it is built on, and so on
        for ins in reversed(chained.own_body):
            if ins.keyword == "ENTRYPOINT":
                return command_words(ins) + (command_words(cmd) if cmd is not None else [])
            if ins.keyword == "CMD" and cmd is None:
                cmd = ins
    return list(command_words(cmd)) if cmd is not None else []


def _documented_as_base(analysis: Analysis, stage: Stage) -> bool:
    """A LABEL of the image or the comment above its FROM calls it a base image."""
    for ins in _chain_instructions_of_keyword(analysis, stage, "LABEL"):
        if any(_BASE_IMAGE_LABEL.search(t.value) for t in ins.args):
            return True
    return any(_BASE_IMAGE_TITLE.match(line) for line in comments_above(analysis, stage.from_instruction))


def comments_above(analysis: Analysis, ins: Instruction) -> list[str]:
    """The block of comment lines directly above an instruction (text after ``#``), nearest
    first."""
    return [c.text for c in comment_block_above(analysis.dockerfile, ins)]


#: a hook directory: scripts dropped in it run at start-up (``start-notebook.d``, ``init.groovy.d``)
_HOOK_DIRECTORY = re.compile(r"[\w.-]+\.d/?$")


def completed_by_images_built_on_it(analysis: Analysis, stage: Stage) -> bool:
    """The image is made to be completed by images built on it: its ENTRYPOINT is a launcher
    with no CMD after it (an ENTRYPOINT resets the base's CMD), and it creates hook directories
    (``mkdir .../start-notebook.d``, ``.../init.groovy.d``) for the start-up scripts they add.
    Jupyter's ``docker-stacks-foundation`` is such a base (``base-notebook`` adds the notebook
    server and its ``CMD``), and so is Jenkins (images built on it add plugins and init scripts)."""
    instructions = [ins for _, ins in chain_instructions(stage)]
    command = [ins for ins in instructions if ins.keyword in ("ENTRYPOINT", "CMD")]
    if not command or command[-1].keyword != "ENTRYPOINT" or not command_words(command[-1]):
        return False
    return any(run_summary(analysis, ins, makes_hook_directory) for ins in instructions if ins.keyword == "RUN")


def makes_hook_directory(commands: list[ShellCommand]) -> bool:
    """Whether a RUN's commands create a hook directory (``mkdir .../start-notebook.d``)."""
    return any(cmd.name == "mkdir" and any(_HOOK_DIRECTORY.search(w.value) for w in cmd.args) for cmd in commands)


# -- images that start nothing of their own -------------------------------------------------------

#: commands that only keep the container alive for someone to ``docker exec`` into it
_KEEP_ALIVE = (["tail", "-f", "/dev/null"], ["sleep", "infinity"])
#: a base whose name says its own command runs a server (``tritonserver``, ``tensorrtserver``)
_SERVER_IMAGE = re.compile(r"server$")


def starts_nothing_of_its_own(stage: Stage) -> bool:
    """The image starts no program of its own: a keep-alive (``tail -f /dev/null``,
    ``sleep infinity``: a rig people exec into), or, on a base that does not run an
    application itself, no CMD and no ENTRYPOINT at all, or on a bare distribution only an
    entrypoint script with no CMD after it, and nothing copied in but that script (a
    pass-through wrapper such as adoptium's ``__cacert_entrypoint.sh``, which runs the command
    it is given; with an application copied in, the script starts it). Such an image is a base
    for others, a workspace started with a shell, or a test rig. A stage on a language image
    (its command is the base's REPL: a tool installed there is run as ``mlflow server``) or on
    a server image (``tritonserver``: the base's command serves what the stage adds) still
    runs an application."""
    from stanzalint.knowledge.names import resolve

    words = effective_command(stage)
    if words in _KEEP_ALIVE:
        return True
    root = stage.named_root_image
    if root is None:
        return False
    name, _ = resolve(root)
    if name in LANGUAGE_IMAGES or _SERVER_IMAGE.search(name.rsplit("/", 1)[-1]):
        return False
    if not words:
        return True
    script = len(words) == 1 and bool(_ENTRYPOINT_SCRIPT.search(words[0].rsplit("/", 1)[-1]))
    return script and name in _GENERAL_BASES and _copies_nothing_but(stage, words[0])


def _copies_nothing_but(stage: Stage, script: str) -> bool:
    """Every COPY or ADD of the stage brings in ``script`` itself: no application for the
    entrypoint to start (a copied binary, another stage's output)."""
    name = script.rstrip("/").rsplit("/", 1)[-1]
    copies = [ins for _, ins in chain_instructions(stage) if ins.keyword in ("COPY", "ADD")]
    return all(ins.args and ins.args[-1].value.rstrip("/").rsplit("/", 1)[-1] == name for ins in copies)


#: editors installed for people who edit files inside the container
_EDITORS = {"vim", "vim-tiny", "vim-nox", "neovim", "emacs", "emacs-nox", "nano"}


def installs_editors(analysis: Analysis, stage: Stage) -> bool:
    """The build installs a text editor (``vim``, ``emacs``, ``nano``): people work inside
    the container, an interactive development workspace."""
    return installs_or_fetches(analysis, [ins for _, ins in chain_instructions(stage)], _EDITORS)


# -- development environments ---------------------------------------------------------------------

#: stage names of development environments (Docker Dev Environments' ``dev-envs``, dev containers)
_DEV_STAGE = re.compile(r"^(?:dev-?envs?|devcontainers?|dev-?containers?)$", re.IGNORECASE)


#: dev container base images (their account, ``vscode``, is picked by devcontainer.json)
_DEV_IMAGE = re.compile(r"^mcr\.microsoft\.com/(?:vscode/)?devcontainers/")


def is_development_environment(stage: Stage) -> bool:
    """The stage is named as a development environment (``dev-envs``, ``devcontainer``) or
    built on a dev container image (``mcr.microsoft.com/devcontainers/*``): an editor attaches
    to it as its own account and builds the project in the workspace the stage set up."""
    root = stage.root_image
    if root is not None and not root.unresolved and _DEV_IMAGE.match(root.resolved):
        return True
    return any(s.name is not None and _DEV_STAGE.match(s.name) for s in stage.chain)


def is_ci_job_environment(analysis: Analysis, stage: Stage) -> bool:
    """The image installs ``sudo`` and starts nothing but a shell or a REPL (or nothing): an
    environment CI container jobs run their steps in (a ``test-deps`` image with git, curl and
    sudo). The CI agent creates its account in the container and the steps call ``sudo``; both
    need the container to start as root."""

    instructions = [ins for _, ins in chain_instructions(stage)]
    return _starts_shell_or_repl(started_command(stage)) and installs_or_fetches(analysis, instructions, {"sudo"})


# -- privileges dropped at run time -------------------------------------------------------------

#: programs an entrypoint uses to start the service as another user
_STEP_DOWN_TOOLS = {"gosu", "su-exec", "s6-overlay", "chpst", "setpriv"}
#: the programs whose installation or download ``drops_privileges_at_run_time``,
#: ``is_ci_job_environment`` and ``installs_editors`` look for (``installs_or_fetches``)
PROGRAMS_LOOKED_FOR = frozenset(_STEP_DOWN_TOOLS | _EDITORS | {"sudo"})
#: images whose command is s6-overlay's ``/init`` (Rocker's RStudio and Shiny images and those
#: built on them: rocker-org/rocker-versioned2 dockerfiles end with ``CMD ["/init"]``)
_S6_IMAGES = re.compile(r"^rocker/(?:rstudio|tidyverse|verse|geospatial|ml|ml-verse|ml-gpu|shiny|shiny-verse|binder)$")
#: init systems that start their services as configured users (s6-overlay's ``/init``)
_INIT_SYSTEMS = re.compile(r"^/init$|^/usr/bin/s6-svscan$|(?:^|/)s6-overlay")
#: a shell command that ends by starting ``/init`` (``setup.sh && /init``, ``exec /init``)
_ENDS_WITH_INIT = re.compile(r"(?:&&|;|\bexec)\s*/init\s*$")


def drops_privileges_at_run_time(analysis: Analysis, stage: Stage) -> str | None:
    """Why the container is meant to start as root and switch user by itself, or None: its base
    is known to (``postgres``, ``redis``, ``httpd``: the knowledge's "entrypoint" images); it
    installs, downloads or copies ``gosu``/``su-exec``; it configures Apache's ``User`` (a
    ``COPY`` of or ``sed`` on ``httpd.conf``: the server's children run as that user); or its
    command is s6-overlay's ``/init``, which starts each service as its own user."""
    from stanzalint.knowledge.users import drops_privileges

    root = stage.root_image
    if root is not None and not root.unresolved and not root.is_scratch and drops_privileges(root):
        return f"`{root.familiar}` starts as root and its entrypoint switches user"
    if installs_or_fetches(analysis, [ins for _, ins in chain_instructions(stage)], _STEP_DOWN_TOOLS):
        return "the image carries a tool its entrypoint uses to step down from root"
    if _configures_apache_user(analysis, stage):
        return "Apache's children run as the `User` of httpd.conf"
    words = effective_command(stage)
    if (
        words
        and (_INIT_SYSTEMS.search(words[0]) or _ENDS_WITH_INIT.search(" ".join(words)))
        or (not words and _runs_s6_init(root))
    ):
        return "s6-overlay's /init starts each service as its own user"
    return None


def _runs_s6_init(root: ImageRef | None) -> bool:
    from stanzalint.knowledge.names import resolve

    return root is not None and not root.unresolved and not root.is_scratch and bool(_S6_IMAGES.match(resolve(root)[0]))


def _configures_apache_user(analysis: Analysis, stage: Stage) -> bool:
    for _, ins in chain_instructions(stage):
        if ins.keyword in ("COPY", "ADD") and ins.args and ins.args[-1].value.endswith("httpd.conf"):
            return True
        if ins.keyword == "RUN" and run_summary(analysis, ins, edits_apache_user):
            return True
    return False


def edits_apache_user(commands: list[ShellCommand]) -> bool:
    """Whether a RUN's commands set Apache's ``User`` (a ``sed`` on ``httpd.conf`` naming it)."""
    for cmd in commands:
        if cmd.name != "sed":
            continue
        values = [w.value for w in cmd.args]
        if any(v.endswith("httpd.conf") for v in values) and any(re.search(r"\bUser\b", v) for v in values):
            return True
    return False


# -- bases that ship a toolchain -------------------------------------------------------------------

#: images that carry compilers whatever is installed on them, without being build images to
#: avoid: NVIDIA NGC framework containers (built on the CUDA devel flavour: nvcc, gcc, headers)
#: ROCm's ``dev-*`` images in their ``-complete`` flavour (hipcc, the ROCm SDK) and Habana's
#: Gaudi ``pytorch-installer`` images (build-essential, gcc, python3-dev: the same family as NGC)
_TOOLCHAIN_BASES = (
    (re.compile(r"^nvcr\.io/nvidia/(?:pytorch|tensorflow|mxnet|paddlepaddle|jax)$"), re.compile(r".*")),
    (re.compile(r"^rocm/dev-[\w.-]+$"), re.compile(r".*-complete$")),
    (re.compile(r"^vault\.habana\.ai/gaudi-docker/.+/pytorch-installer-[\w.${}-]+$"), re.compile(r".*")),
)


def ships_toolchain(stage: Stage) -> bool:
    """The stage sits on an image that ships compilers anyway (NGC PyTorch, ROCm
    ``dev-*-complete``, Habana's Gaudi ``pytorch-installer``): removing this Dockerfile's build packages would not take the toolchain
    out, and the workloads built on them compile extensions at run time. Judged once per
    reference (``ByReference``), not at every keystroke."""
    root = stage.named_root_image
    return root is not None and _SHIPS_TOOLCHAIN.answer(root, _image_ships_toolchain)


#: ``_image_ships_toolchain`` by image reference
_SHIPS_TOOLCHAIN: ByReference[bool] = ByReference()


def _image_ships_toolchain(image: ImageRef) -> bool:
    """``image`` (resolved name and tag) is one of ``_TOOLCHAIN_BASES``."""
    from stanzalint.knowledge.names import effective_tag, resolve

    name, tag = resolve(image)
    tag = effective_tag(tag)
    return any(n.match(name) and t.match(tag) for n, t in _TOOLCHAIN_BASES)


#: programs whose presence in CMD/ENTRYPOINT means the container's job is to build something
_BUILD_PROGRAMS = re.compile(
    r"(?<![\w-])(?:make|cmake|ninja|rpmbuild|debuild|dpkg-buildpackage|mvn|gradle|gradlew|"
    r"cargo|go|golangci-lint|gcc|bazel|meson|scons|goreleaser)(?![\w-])"
)


def is_build_environment(analysis: Analysis, stage: Stage) -> bool:
    """True when the image is evidently a build or CI environment rather than something that
    runs a program: its CMD/ENTRYPOINT runs a build (``rpmbuild``, ``make``, ``go``...), or it
    runs nothing but a shell (or sets neither) and sits on a bare distribution or a toolchain
    image."""
    from stanzalint.knowledge import build_image_info
    from stanzalint.knowledge.names import resolve

    runs = _chain_instructions_of_keyword(analysis, stage, "CMD", "ENTRYPOINT")
    shell_only = True
    for ins in runs:
        words = command_words(ins)
        if _BUILD_PROGRAMS.search(" ".join(words)):
            return True
        if " ".join(without_init(words)).rsplit("/", 1)[-1] not in ("bash", "sh", "zsh", "ash"):
            shell_only = False
    if runs and not shell_only:
        return False
    root = stage.named_root_image
    if root is None:
        return False
    name, _ = resolve(root)
    return name in DISTRIBUTION_IMAGES or build_image_info(root) is not None


#: notebook servers, web IDEs and remote desktops: words that install or start one
_INTERACTIVE_WORDS = re.compile(
    r"(?:^|[/'\"=\s])(?:jupyter|jupyterlab|notebook|jupyter-?server|jupyterhub-singleuser|start-notebook(?:\.\w+)?|"
    r"start-singleuser(?:\.\w+)?|code-server|rstudio-server|rserver|novnc|tigervnc-standalone-server)"
    r"(?:[=<>~!].*|[_.-]\d.*|['\"])?$",
    re.IGNORECASE,
)


def is_interactive_environment(analysis: Analysis, stage: Stage) -> bool:
    """True when the image is a workspace people work in: it is built on a Jupyter
    docker-stacks notebook image or a Rocker R image, or it installs or starts a notebook
    server, a web IDE or a remote desktop (``jupyterlab``, ``code-server``, ``rstudio-server``,
    ``novnc``). There users compile at run time (``install.packages()`` builds from source,
    Cython cells, ``pip install`` of sdists), so a compiler is part of the product."""
    from stanzalint.knowledge.names import resolve

    root = stage.root_image
    if root is not None and not root.unresolved and not root.is_scratch:
        name, _ = resolve(root)
        path = name.rsplit("/", 2)
        if name.startswith("rocker/") or (
            len(path) >= 2
            and path[-2] == "jupyter"
            and (path[-1].endswith("-notebook") or path[-1] == "docker-stacks-foundation")
        ):
            return True
    for _, ins in chain_instructions(stage):
        if ins.keyword == "RUN":
            if run_summary(analysis, ins, _names_interactive_program):
                return True
        elif ins.keyword in ("CMD", "ENTRYPOINT"):
            if any(_INTERACTIVE_WORDS.search(v) for v in " ".join(command_words(ins)).split()):
                return True
    return False


def _names_interactive_program(commands: list[ShellCommand]) -> bool:
    """Whether a RUN's commands name a notebook server, a web IDE or a remote desktop."""
    return any(_INTERACTIVE_WORDS.search(w.value) for cmd in commands for w in cmd.args)


def toolchain_is_the_product(analysis: Analysis, stage: Stage) -> bool:
    """The image's compilers are part of what it is for: it is a build, development or
    interactive environment, a base that images built on it compile with, or it sits on an
    image that ships a toolchain anyway. The questions about the image and the stages' names
    come first; those that read the chain's instructions are answered once for every text of the
    chain (``_ByChain``), not at every keystroke."""
    return (
        ships_toolchain(stage)
        or is_development_environment(stage)
        or _CHAIN_MAKES_TOOLCHAIN_THE_PRODUCT.answer(analysis, stage)
    )


def _chain_makes_toolchain_the_product(analysis: Analysis, stage: Stage) -> bool:
    """What ``toolchain_is_the_product`` reads of the chain's instructions says so: a build
    environment, a base for other images or an interactive environment (the one that reads
    every RUN of the chain last)."""
    return bool(
        is_build_environment(analysis, stage)
        or base_for_other_images(analysis, stage)
        or is_interactive_environment(analysis, stage)
    )


def started_program(stage: Stage) -> str:
    """The basename of the program the container starts, past init wrappers and entrypoint
    scripts ("" when none)."""
    words = started_command(stage)
    return words[0].rsplit("/", 1)[-1] if words else ""


# -- answers remembered by what they read of the chain ---------------------------------------------

T = TypeVar("T")

#: how many keys (``_chain_key``) each question remembers its answers for: typing a character
#: then erasing it comes back to a key
_RECENT_KEYS = 4


def _run_purpose(commands: list[ShellCommand]) -> tuple[frozenset[str], bool]:
    """What the questions about a final image read of a RUN's commands: the interpreters they
    name (``_brings``) and whether they name an interactive program
    (``is_interactive_environment``)."""
    return interpreters_named(commands), _names_interactive_program(commands)


def _chain_part(analysis: Analysis, ins: Instruction) -> Hashable:
    """What ``toolchain_is_the_product`` and ``declared_base_for_other_images`` read of one
    instruction of a stage: a RUN's ``_run_purpose``, any other instruction's text (its
    keyword, words and, for a FROM, the stage's name and base)."""
    if ins.keyword == "RUN":
        return run_summary(analysis, ins, _run_purpose)
    return analysis.dockerfile.text[ins.span.start : ins.span.end]


#: each stage's ``_chain_part`` of each instruction, carried from one keystroke's parse to the next
_CHAIN_PARTS: KeptStageParts[Hashable] = KeptStageParts(_chain_part)

#: what is read of the image at the bottom of a chain: every field of its reference but where
#: it is written
_IMAGE_FACTS = attrgetter(*(f.name for f in fields(ImageRef) if f.name != "span"))


def _chain_key(analysis: Analysis, stage: Stage) -> tuple[Hashable, ...]:
    """Everything the questions about the image ``stage`` builds read of the file: the escape
    character, the image at the bottom of its chain (its FROM may take it from a global ARG),
    the comments above its FROM, and each instruction of each stage of the chain
    (``_chain_part``: a RUN by what it names, any other instruction by its whole text, though
    the questions read only FROM, ONBUILD and the words of CMD, ENTRYPOINT, LABEL, COPY and
    ADD: typing in an ENV or a USER line asks them again). Equal keys, equal answers, wherever
    the stages stand."""
    root = stage.root_image
    return (
        analysis.dockerfile.escape,
        None if root is None else _IMAGE_FACTS(root),
        tuple(comments_above(analysis, stage.from_instruction)),
        tuple(_CHAIN_PARTS.of(analysis, s).parts for s in stage.chain),
    )


class _ByChain(Generic[T]):
    """A question about the image a stage builds, ``work(analysis, stage)``, answered once for
    every ``_chain_key``: the answers for the last few keys are kept, so that a keystroke that
    leaves what the question reads as it was (typing inside a RUN's words, which changes no
    ``_run_purpose``) costs the key (the chain's parts, carried from the last parse), not a walk
    of the chain. A partial view (a scoped rule's) is answered afresh. One object shared by the
    threads that lint: the list of answers is replaced, never changed."""

    __slots__ = ("_work", "_recent")

    def __init__(self, work: Callable[[Analysis, Stage], T]) -> None:
        self._work = work
        self._recent: list[tuple[tuple[Hashable, ...], T]] = []

    def answer(self, analysis: Analysis, stage: Stage) -> T:
        """``work(analysis, stage)``, remembered by ``_chain_key``."""
        if analysis.whole is not analysis:
            return self._work(analysis, stage)
        key = _chain_key(analysis, stage)
        recent = self._recent
        for known, answer in recent:
            if known == key:
                return answer
        answer = self._work(analysis, stage)
        self._recent = [(key, answer), *recent[: _RECENT_KEYS - 1]]
        return answer


_CHAIN_MAKES_TOOLCHAIN_THE_PRODUCT: _ByChain[bool] = _ByChain(_chain_makes_toolchain_the_product)
_DECLARED_BASE: _ByChain[str | None] = _ByChain(_declared_base)
