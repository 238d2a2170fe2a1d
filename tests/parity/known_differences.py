"""Known, explained differences between stanzalint and hadolint on the corpus.

Each difference is explained either by a rule (a predicate over the finding and the file) or
by an entry keyed by (file, instruction start line, code). ``explain`` returns the explanation
of one disagreement, or None when it is not explained (the report lists those separately).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Callable, Optional

Key = tuple[str, int, str]


@dataclass(frozen=True)
class Difference:
    side: str  # "ours": only stanzalint reports it; "hadolint": only hadolint does
    cls: str  # a key of CLASS_TITLES
    reason: str


CLASS_TITLES: dict[str, str] = {
    "one-sc": "hadolint keeps one ShellCheck finding per instruction",
    "heredoc": "hadolint false positive or miss: heredoc",
    "cache-mount": "hadolint false positive: cache mount",
    "stage": "hadolint false positive or miss: stages",
    "arg": "hadolint false positive or miss: ARG values",
    "parse": "hadolint does not parse the command",
    "windows": "hadolint reads PowerShell and cmd scripts as POSIX shell",
    "onbuild": "ONBUILD instructions",
    "variable": "values only known at build time",
    "hadolint-bug": "hadolint false positive or miss: other",
    "deliberate": "deliberate differences (documented in the rule)",
    "ours-gap": "stanzalint misses (open)",
}

NOTES: dict[str, str] = {
    "one-sc": (
        "hadolint passes ShellCheck's output through a map keyed by line, so only the last finding "
        "ShellCheck prints for an instruction survives. stanzalint keeps every finding; each of these "
        "is a finding hadolint computes and then drops (hadolint reports a different SC code on the "
        "same instruction)."
    ),
}

#: Every deliberate difference with hadolint that remains, by code, with its reason: what the
#: rule documents under "What it does", and where hadolint's own test cases expect otherwise.
DELIBERATE: dict[str, list[str]] = {
    "DL3002": [
        "Stage-aware: a builder stage that ends as `root` ships nothing and is not flagged; a `USER` "
        "taken from an ARG whose default is 0 is root and is flagged."
    ],
    "DL3003": ["`cd` inside a nested `sh -c '...'` script is not flagged: that shell's directory ends with it."],
    "DL3008": [
        "Package words whose value comes from a variable are not judged (also DL3013, DL3028, DL3033, "
        "DL3041): the build decides what they hold, often an already versioned name."
    ],
    "DL3009": [
        "Stage-aware, and a cache or tmpfs mount on `/var/lib/apt/lists` counts as cleaning (the rule "
        "page lists the rest); `aptitude update` is read like `apt-get update`."
    ],
    "DL3010": [
        "Paths are resolved against WORKDIR and compared as paths, not by file name: `COPY x.tar.gz` to "
        "an absolute destination and `tar -xf x.tar.gz` run from another directory are not the same "
        "file, and hadolint's expectation that they are is not followed. BuildKit splits a non-JSON "
        '`COPY` at blanks, quotes included, so `"C:\\Program Files\\Foo"` is two words there, as here.',
        "zip files are not flagged: ADD does not unpack them.",
    ],
    "DL3013": [
        "`pipx inject` and `uv tool install` are read like `pipx install`; `uv pip install` is not read "
        "(hadolint does not read it either): on the corpus its unpinned packages would be 14 findings "
        "in 6 instructions that count against this code until hadolint's findings stop being the "
        "reference for it."
    ],
    "DL3014": [
        "`aptitude install` is read like `apt-get install`; for apt-get, quiet level 2 in any spelling "
        "(`-qq`, `-q -q`, `--quiet --quiet`, `-q=2`) implies `-y`, as apt documents."
    ],
    "DL3015": ["`aptitude install` needs `--without-recommends` (`-R`), its own option."],
    "DL3016": [
        "`npm i`, `npm add` and npm's other aliases of `install` are not read yet (hadolint does not "
        "read them either): on the corpus they would be 6 findings hadolint does not make."
    ],
    "DL3019": [
        "A cache or tmpfs mount on the package cache counts as cleaning it (also DL3032, DL3036, "
        "DL3040, DL3042, DL3060)."
    ],
    "DL3020": [
        "A source that is a variable with no known value is not flagged (it may be a URL); "
        "`git@host:org/repo.git` counts as remote."
    ],
    "DL3025": [
        "No finding when `SHELL` sets the shell on purpose, nor for `HEALTHCHECK CMD` in shell form "
        "(BuildKit's JSONArgsRecommended agrees)."
    ],
    "DL3028": ["Local `.gem` files are not flagged; the words after `--` are build options, not gems."],
    "DL3032": ["`yum update`, `upgrade` and `reinstall` fill the cache too and are flagged."],
    "DL3033": ["Local `.rpm` files, URLs and groups (`@development`) are not flagged (also DL3041)."],
    "DL3037": ["Patterns, patches and products (`zypper install -t pattern ...`) are not flagged."],
    "DL3038": [
        "`dnf in` (dnf's alias of `install`) needs `-y` too, and its packages need versions (DL3041); "
        "`dnf update` fills the cache (DL3040)."
    ],
    "DL3042": [
        "`PIP_NO_CACHE_DIR` set by ENV or ARG, or on the command, counts wherever it applies. "
        "hadolint's own test expects `PIP_NO_CACHE_DIR=0` to leave the cache on; pip disables the "
        "cache for any value of that variable, false ones included (kept for compatibility, see "
        "`_handle_no_cache_dir` in pip's command options), so it is accepted here."
    ],
    "DL3046": ["`--uid` is checked as well as `-u`; a UID from a variable is not judged."],
    "DL3048": [
        "Label keys are checked after variable expansion, as BuildKit expands them: hadolint's own test "
        "expects `LABEL invalid$character=x` to be flagged, but `$character` expands (to nothing when "
        "undefined) before the key exists, so the key is `invalid`, which is valid."
    ],
    "DL3049": [
        "Labels are checked on the image that is built (the final stage with the stages it is built "
        "`FROM`), not on every stage."
    ],
    "DL3054": ["SPDX expressions (`Apache-2.0 OR MIT`) are accepted."],
    "DL3057": ["Only the shipped image needs a `HEALTHCHECK`, not every stage."],
    "DL3062": ["Local packages (`.`, `./cmd/app`) and `.go` files are not flagged."],
    "DL4006": ["`set -o pipefail` earlier in the same RUN counts."],
}

_PARSED: dict[int, object] = {}


def _parse(text: str):
    """(dockerfile, analysis) for a corpus file, cached."""
    key = id(text)
    if key not in _PARSED:
        from stanzalint.engine import prepare

        _PARSED[key] = (text, prepare(text))
    return _PARSED[key][1]


def _instruction(text: str, line: int):
    dockerfile, _analysis = _parse(text)
    for ins in dockerfile.instructions:
        if ins.start_line + 1 == line:
            return ins
    return None


def _is_windows(text: str, ins) -> bool:
    dockerfile, analysis = _parse(text)
    if dockerfile.escape == "`" or any(w in text.lower() for w in ("windowsservercore", "nanoserver", "servercore")):
        return True
    target = ins.inner if ins is not None and ins.keyword == "ONBUILD" and ins.inner is not None else ins
    return target is not None and not analysis.is_posix_shell(target)


Rule = Callable[[str, Key, str, Mapping[Key, object], Mapping[Key, object]], Optional[Difference]]


def _instruction_text(text: str, line: int) -> str:
    """The instruction starting at ``line`` (1-based), continuation lines included."""
    lines = text.splitlines()
    out: list[str] = []
    for s in lines[line - 1 :]:
        out.append(s)
        if not s.rstrip().endswith(("\\", "`")):
            break
    return "\n".join(out)


def _one_sc_per_instruction(side: str, key: Key, text: str, ours, theirs) -> Difference | None:
    if side != "ours" or not key[2].startswith("SC"):
        return None
    kept = [k for k in theirs if k[0] == key[0] and k[1] == key[1] and k[2].startswith("SC")]
    if kept:
        return Difference(side, "one-sc", f"hadolint keeps only {kept[0][2]} on these instructions")
    return None


def _windows(side: str, key: Key, text: str, ours, theirs) -> Difference | None:
    if not (key[2].startswith("SC") or key[2] == "DL3059"):
        return None
    if not _is_windows(text, _instruction(text, key[1])):
        return None
    if key[2].startswith("SC"):
        return Difference(
            side,
            "windows",
            "a Windows image whose RUN runs in PowerShell or cmd: hadolint hands the "
            "script to ShellCheck as sh; stanzalint does not run ShellCheck on PowerShell or cmd",
        )
    return Difference(
        side,
        "windows",
        "PowerShell/cmd scripts: hadolint counts their commands with a POSIX parser "
        "(`;` separates PowerShell statements too, `$(...)` is a PowerShell subexpression)",
    )


def _onbuild(side: str, key: Key, text: str, ours, theirs) -> Difference | None:
    ins = _instruction(text, key[1])
    if ins is None or ins.keyword != "ONBUILD":
        return None
    if side == "ours" and key[2].startswith("DL"):
        return Difference(
            side,
            "onbuild",
            "hadolint does not apply this rule to `ONBUILD` instructions; they run in "
            "every image built `FROM` this one, so stanzalint checks them",
        )
    if side == "hadolint" and key[2].startswith("SC"):
        return Difference(
            side,
            "ours-gap",
            "ShellCheck is not run on `ONBUILD RUN` scripts yet (the ShellCheck "
            "integration collects plain RUN and heredocs only)",
        )
    return None


def _from_variable(side: str, key: Key, text: str, ours, theirs) -> Difference | None:
    if key[2] not in ("DL3006", "DL3007"):
        return None
    ins = _instruction(text, key[1])
    if ins is None or ins.keyword != "FROM" or "$" not in ins.rest.text:
        return None
    if side == "ours":
        return Difference(
            side,
            "arg",
            "the base image comes from an ARG default (`ARG BASE_IMAGE=quay.io/jupyter/"
            "base-notebook`, then `FROM $BASE_IMAGE`): a plain build pulls an untagged or `latest` image. "
            "hadolint does not resolve ARGs in FROM",
        )
    return Difference(
        side,
        "stage",
        "`FROM name-${VAR}` resolves (through ARG defaults or the automatic "
        "`TARGETARCH`) to build stages of the same file, not to an image; hadolint sees an unknown image",
    )


def _apt_lists(side: str, key: Key, text: str, ours, theirs) -> Difference | None:
    if key[2] != "DL3009" or side != "hadolint":
        return None
    ins = _instruction(text, key[1])
    if ins is None or "dist-clean" not in text[ins.span.start : ins.span.end]:
        return None
    return Difference(
        side,
        "hadolint-bug",
        "the RUN ends with `apt-get dist-clean`, which deletes the package "
        "lists (apt 2.7 and later); hadolint only knows `rm -rf /var/lib/apt/lists`",
    )


#: rules about a cache left in a layer: a builder stage's cache matters only when it is copied
_CACHE_RULES = frozenset({"DL3009", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060"})


def _builder_cache(side: str, key: Key, text: str, ours, theirs) -> Difference | None:
    if key[2] not in _CACHE_RULES or side != "hadolint":
        return None
    ins = _instruction(text, key[1])
    if ins is None:
        return None
    _dockerfile, analysis = _parse(text)
    stage = analysis.stage_of(ins)
    if stage is None or analysis.is_shipped(stage):
        return None
    return Difference(
        side,
        "stage",
        f"stage `{stage.name or stage.index}` is a build stage, not part of the "
        "final image, and the paths copied out of it do not hold the cache: it never ships",
    )


_PATH_OR_WRAPPED = (
    "the package manager is called in a way hadolint does not parse (by path such as `/opt/conda/bin/pip`, "
    "as `python -m pip`/`-mpip`, inside `bash -c '...'`, after `xargs` or inside `su -c '...'`); the command "
    "is the same as one hadolint flags"
)

RULES: list[Rule] = [_one_sc_per_instruction, _windows, _onbuild, _from_variable, _apt_lists, _builder_cache]

#: (file, line, code) -> (class, reason), for single findings no rule explains.
_VARIABLE_PACKAGES = (
    "the package words come from variables or shell arrays (`${NV_LIBNPP_PACKAGE}`, `$VERSION`, "
    '`"${APT_PACKAGES_TO_INSTALL[@]}"`, `cuda-toolkit-${V//./-}`); their value is unknown or already '
    "versioned, so stanzalint does not judge them"
)
_TGI = "huggingface__text-generation-inference__"
_STATCAN = "StatCan__aaw-kubeflow-containers__"

ENTRIES: dict[Key, tuple[str, str]] = {
    # DL3002: stage-aware by design
    ("NVIDIA__nvidia-container-toolkit__deployments__container__Dockerfile", 71, "DL3002"): (
        "stage",
        "`USER 0:0` ends the `packaging` build stage; the final image (`application`) is judged on its own",
    ),
    ("qdrant__qdrant__Dockerfile", 231, "DL3002"): (
        "arg",
        '`USER "$USER_ID:$USER_ID"` with `ARG USER_ID=0`: a plain build runs the final image as root; '
        "hadolint does not resolve the ARG",
    ),
    # DL3008 / DL3013 / DL3041: variable package words
    **{
        (f, line, "DL3008"): ("variable", _VARIABLE_PACKAGES)
        for f, line in (
            (_STATCAN + "images__tensorflow__Dockerfile", 62),
            (_STATCAN + "images__tensorflow__Dockerfile", 86),
            (_STATCAN + "output__jupyterlab-tensorflow__Dockerfile", 63),
            (_STATCAN + "output__jupyterlab-tensorflow__Dockerfile", 141),
            ("nextcloud__docker__34__apache__Dockerfile", 155),
            ("rapidsai__docker__Dockerfile", 31),
            ("rapidsai__docker__Dockerfile", 129),
            ("rapidsai__docker__cuvs-bench__cpu__Dockerfile", 25),
            ("rapidsai__docker__cuvs-bench__gpu__Dockerfile", 77),
        )
    },
    **{
        (f, line, "DL3013"): ("variable", _VARIABLE_PACKAGES)
        for f, line in (
            ("huggingface__transformers__docker__transformers-pytorch-gpu__Dockerfile", 20),
            ("huggingface__transformers__docker__transformers-pytorch-gpu__Dockerfile", 21),
            ("huggingface__transformers__docker__transformers-pytorch-gpu__Dockerfile", 22),
            ("rapidsai__docker__Dockerfile", 31),
        )
    },
    ("ollama__ollama__Dockerfile", 50, "DL3041"): ("variable", _VARIABLE_PACKAGES),
    ("ollama__ollama__Dockerfile", 55, "DL3041"): ("variable", _VARIABLE_PACKAGES),
    ("jupyter__docker-stacks__images__tensorflow-notebook__Dockerfile", 25, "DL3013"): (
        "ours-gap",
        "`pip install` inside an `if` branch whose package word is a variable-built URL; not judged",
    ),
    # ours only: commands hadolint does not parse
    **{
        (f, line, code): ("parse", _PATH_OR_WRAPPED)
        for f, line, code in (
            ("StatCan__zone-kubeflow-containers__images__sas_kernel__Dockerfile", 15, "DL3008"),
            ("StatCan__zone-kubeflow-containers__images__sas_kernel__Dockerfile", 15, "DL3015"),
            ("jupyter__docker-stacks__docs__using__recipe_code__manpage_install.dockerfile", 12, "DL3008"),
            ("GoogleContainerTools__distroless__examples__python3-requirements__Dockerfile", 5, "DL3013"),
            ("GoogleContainerTools__distroless__examples__python3-requirements__Dockerfile", 5, "DL3042"),
            ("GoogleContainerTools__distroless__examples__python3-requirements__Dockerfile", 17, "DL3042"),
            ("jupyter__docker-stacks__docs__using__recipe_code__custom_environment.dockerfile", 29, "DL3013"),
            ("netbox-community__netbox-docker__Dockerfile", 4, "DL3013"),
            ("netbox-community__netbox-docker__Dockerfile", 4, "DL3042"),
            ("netbox-community__netbox-docker__Dockerfile", 33, "DL3042"),
            ("pytorch__pytorch__Dockerfile", 38, "DL3042"),
            ("pytorch__pytorch__Dockerfile", 79, "DL3013"),
            ("pytorch__pytorch__Dockerfile", 79, "DL3042"),
            (
                "tensorflow__tensorflow__tensorflow__tools__dockerfiles__dockerfiles__gpu-jupyter.Dockerfile",
                84,
                "DL3013",
            ),
            ("StatCan__daaas-containers__constrstarts-fastai__Dockerfile", 24, "DL3042"),
            ("docker-library__python__3.14__alpine3.23__Dockerfile", 22, "DL3019"),
            ("nginxinc__docker-nginx__mainline__alpine-slim__Dockerfile", 14, "DL4001"),
        )
    },
    # DL3009 ours only: the final stage is chosen through an ARG default
    (_TGI + "Dockerfile_intel.Dockerfile", 90, "DL3009"): (
        "arg",
        "the final `FROM ${PLATFORM}` resolves, through the ARG default, to this stage; hadolint cannot "
        "resolve it and treats the stage as unused",
    ),
    # DL3016: --prefix takes a value
    **{
        (f, line, "DL3016"): (
            "hadolint-bug",
            "`npm install --prefix ${DIR}/ui @babel/traverse@7.23.2`: hadolint "
            "takes the value of `--prefix` for a package; the only package is pinned",
        )
        for f, line in (
            (_STATCAN + "images__base__Dockerfile", 250),
            (_STATCAN + "output__jupyterlab-cpu__Dockerfile", 287),
            (_STATCAN + "output__jupyterlab-pytorch__Dockerfile", 309),
            (_STATCAN + "output__jupyterlab-tensorflow__Dockerfile", 416),
            (_STATCAN + "output__sas__Dockerfile", 288),
        )
    },
    ("PowerShell__PowerShell-Docker__release__7-5__alpine320__docker__Dockerfile", 15, "DL3020"): (
        "variable",
        "`ADD ${PS_PACKAGE_URL} ...`: the source is a variable without a known value and may well be "
        "a URL (its name says so), where ADD is right",
    ),
    ("docker__awesome-compose__nginx-golang-postgres__backend__Dockerfile", 35, "DL3022"): (
        "stage",
        "`COPY --from=gloursdocker/docker`: a name with `/` cannot be a stage; BuildKit pulls it as an "
        "image, which is what `--from` with an image reference is for",
    ),
    # DL3025: deliberate
    **{
        (f, line, "DL3025"): (
            "deliberate",
            "`HEALTHCHECK CMD` in shell form: the probe is a short-lived child "
            "process, not PID 1, so the signal-handling reason for exec form does not apply (BuildKit's "
            "JSONArgsRecommended does not look at HEALTHCHECK either)",
        )
        for f, line in (
            ("dask__dask-docker__notebook__Dockerfile", 79),
            ("excalidraw__excalidraw__Dockerfile", 20),
            ("louislam__uptime-kuma__docker__dockerfile", 40),
            ("louislam__uptime-kuma__docker__dockerfile", 89),
            ("pi-hole__docker-pi-hole__src__Dockerfile", 138),
        )
    },
    **{
        (f, 67 if "mpi" in f else 110, "DL3025"): (
            "deliberate",
            "the stage sets `SHELL`, so the shell form of CMD "
            "runs in the shell the author chose on purpose; BuildKit's JSONArgsRecommended is silent there too",
        )
        for f in (
            "StatCan__aaw-contrib-containers__mpi-operator__Dockerfile",
            "StatCan__aaw-contrib-containers__ompp-run-ubuntu__Dockerfile",
        )
    },
    ("NVIDIA__nvidia-container-toolkit__tests__release__docker__ubuntu18.04__Dockerfile", 26, "DL3028"): (
        "hadolint-bug",
        "`gem install --no-document fpm`: `fpm` is unpinned; hadolint misses it after the option",
    ),
    ("NVIDIA__nvidia-container-toolkit__docker__Dockerfile.opensuse-leap.Dockerfile", 4, "DL3036"): (
        "deliberate",
        "`zypper install ... && rm -rf /var/cache/zypp/*`: removing the cache directory is what `zypper clean` does",
    ),
    ("NVIDIA__nvidia-container-toolkit__deployments__container__Dockerfile", 23, "DL3040"): (
        "hadolint-bug",
        "`dnf install ... && rm -rf /var/cache/yum/*`: dnf keeps its cache in `/var/cache/dnf`, so "
        "the removal cleans nothing; hadolint accepts it",
    ),
    ("StatCan__daaas-containers__libpostal-parse-csv__Dockerfile", 9, "DL3046"): (
        "arg",
        "`useradd -u $NB_UID` with `NB_UID=1000` from the ARG default: a low uid, no large lastlog file",
    ),
    ("StatCan__kubeflow-containers-desktop__base__Dockerfile", 38, "DL3046"): (
        "arg",
        "`useradd -u ${USER_GID}` with the ARG default 1000: a low uid, no large lastlog file",
    ),
    **{
        (_TGI + "Dockerfile_trtllm.Dockerfile", line, "DL3064"): (
            "hadolint-bug",
            "`TOKENIZERS_PARALLELISM` is a Hugging Face switch; hadolint matches `token` inside the word",
        )
        for line in (117, 136)
    },
    # ShellCheck
    ("mamba-org__micromamba-docker__examples__add_micromamba__Dockerfile", 42, "SC1008"): (
        "deliberate",
        "the stage's `SHELL` is a custom script (`_dockerfile_shell.sh`) ShellCheck cannot read; "
        "hadolint passes its name as a shebang and gets SC1008, stanzalint skips scripts for unknown shells",
    ),
    ("rapidsai__docker__Dockerfile", 165, "SC3054"): (
        "heredoc",
        'a heredoc RUN under `SHELL ["/bin/bash", ...]`: hadolint checks the body as POSIX sh, where '
        "arrays are undefined; bash runs it",
    ),
    **{
        ("moby__buildkit__frontend__dockerfile__parser__testfiles__continueIndent__Dockerfile", line, "SC2291"): (
            "parse",
            "BuildKit keeps the spaces around a line continuation, so the command really has repeated spaces; "
            "hadolint trims them before ShellCheck",
        )
        for line in (3, 9)
    },
    (_STATCAN + "images__base__Dockerfile", 133, "SC2086"): (
        "ours-gap",
        "a file without `FROM` (an include fragment): hadolint reports the unquoted `$CONDA_DIR`, "
        "stanzalint's script for the fragment differs (open)",
    ),
    ("StatCan__aaw-kubeflow-containers__images__sas__Dockerfile", 41, "SC2086"): (
        "ours-gap",
        "a file without `FROM` (an include fragment): hadolint reports an unquoted `$PYTHON_VERSION`, "
        "stanzalint's script for the fragment differs",
    ),
    (_STATCAN + "images__remote-desktop__Dockerfile", 41, "SC3014"): (
        "ours-gap",
        "a file without `FROM` (an include fragment): hadolint reports `==` in `[ ]`, stanzalint's "
        "script for the fragment differs",
    ),
}


def explain(side: str, key: Key, text: str, ours, theirs) -> Difference | None:
    entry = ENTRIES.get(key)
    if entry is not None:
        return Difference(side, entry[0], entry[1])
    for rule in RULES:
        diff = rule(side, key, text, ours, theirs)
        if diff is not None:
            return diff
    return None
