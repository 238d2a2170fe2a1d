"""Dependency installs and the manifest files they read (for SZ301).

``manifest_install(cmd)`` recognises an install that reads dependency manifests from the
current directory or named files: pip/uv ``-r``, ``uv sync``, ``poetry install``, ``pipenv``,
``pdm``, conda/mamba/micromamba environment files, npm/yarn/pnpm, ``go mod download``,
``bundle install``, ``composer install``, R's ``renv::restore()`` and ``install_deps()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stanzalint.analysis.model import ShellCommand, Word
from stanzalint.rules.toolkit.commands import has_option, option_values, positionals, tool_of
from stanzalint.rules.toolkit.packages import UV_PIP_WITH_VALUE


@dataclass
class Install:
    """A dependency install: what it is called, the files it reads (relative to the directory it
    runs in, or absolute), and why it needs the whole source when it does."""

    label: str
    manifests: list[tuple[str, bool]] = field(default_factory=list)  # (path, required)
    whole_source: str | None = None  # why the install needs the project's source
    source_path: str | None = None  # the local path it builds (``.``), when whole_source


def _is_local_path(value: str) -> bool:
    if "://" in value or value.startswith("git+"):
        return False
    return value in (".", "..") or value.startswith(("./", "/", "../")) or value.endswith("/")


def _pip_like(tool: str, args: list[Word], label: str) -> Install | None:
    reqs = option_values(args, "-r", "--requirement")
    constraints = option_values(args, "-c", "--constraint")
    editables = [v for v in option_values(args, "-e", "--editable") if _is_local_path(v)]
    local = [w.value for w in positionals(args, UV_PIP_WITH_VALUE)[1:] if _is_local_path(w.value)]
    local = [p for p in local if not p.endswith((".whl", ".tar.gz", ".zip"))]
    if editables or local:
        path = (editables + local)[0]
        return Install(
            label, whole_source=f"`{label}` builds the local project `{path}`, so it needs its source", source_path=path
        )
    if not reqs:
        return None
    return Install(label, [(r, True) for r in reqs + constraints])


def manifest_install(cmd: ShellCommand) -> Install | None:
    """The dependency install ``cmd`` runs, with the manifests it reads, or None."""
    tool, args = tool_of(cmd)
    words = [w.value for w in args]
    first = positionals(args, UV_PIP_WITH_VALUE)
    sub = first[0].value if first else ""
    if tool == "pip" and sub == "install":
        return _pip_like(tool, args, "pip install")
    if tool == "uv":
        if sub == "pip" and len(first) > 1 and first[1].value == "install":
            at = next(i for i, w in enumerate(args) if w is first[1])
            return _pip_like(tool, list(args[at:]), "uv pip install")
        if sub == "pip" and len(first) > 2 and first[1].value == "sync":
            return Install("uv pip sync", [(w.value, True) for w in first[2:]])
        if sub == "sync":
            lock_required = has_option(args, "--locked", "--frozen")
            inst = Install("uv sync", [("pyproject.toml", True), ("uv.lock", lock_required)])
            if not has_option(args, "--no-install-project", "--no-install-workspace", "--only-dev"):
                inst.whole_source = "`uv sync` also installs the project itself, so it needs its source; run `uv sync --no-install-project` before copying it"
                inst.source_path = "."
            return inst
        return None
    if tool == "poetry" and sub == "install":
        inst = Install("poetry install", [("pyproject.toml", True), ("poetry.lock", False)])
        if not has_option(args, "--no-root"):
            inst.whole_source = "`poetry install` also installs the project itself, so it needs its source; run `poetry install --no-root` before copying it"
            inst.source_path = "."
        return inst
    if tool == "pipenv" and sub in ("install", "sync"):
        strict = sub == "sync" or has_option(args, "--deploy", "--ignore-pipfile")
        return Install(f"pipenv {sub}", [("Pipfile", True), ("Pipfile.lock", strict)])
    if tool == "pdm" and sub in ("install", "sync"):
        inst = Install(f"pdm {sub}", [("pyproject.toml", True), ("pdm.lock", False)])
        if not has_option(args, "--no-self"):
            inst.whole_source = f"`pdm {sub}` also installs the project itself, so it needs its source; use `--no-self` before copying it"
            inst.source_path = "."
        return inst
    if tool in ("conda", "mamba", "micromamba"):
        files = option_values(args, "-f", "--file")
        files = [f for f in files if "://" not in f]
        is_env = sub == "env" and len(first) > 1 and first[1].value in ("create", "update")
        if is_env:
            return Install(f"{tool} env {first[1].value}", [(f, True) for f in (files or ["environment.yml"])])
        if sub in ("create", "install", "update") and files:
            return Install(f"{tool} {sub}", [(f, True) for f in files])
        return None
    if tool == "npm" and sub in ("ci", "install", "i", "clean-install"):
        packages = [w for w in first[1:]]
        if packages:
            return None
        if sub in ("ci", "clean-install"):
            return Install(f"npm {sub}", [("package.json", True), ("package-lock.json", True)])
        return Install(f"npm {sub}", [("package.json", True), ("package-lock.json", False)])
    if (
        tool == "yarn"
        and (sub in ("", "install"))
        and not first[1:]
        and not has_option(args, "--version", "-v", "--help", "-h")
    ):
        strict = has_option(args, "--frozen-lockfile", "--immutable")
        return Install("yarn install", [("package.json", True), ("yarn.lock", strict)])
    if tool == "pnpm" and sub in ("install", "i") and not first[1:]:
        strict = has_option(args, "--frozen-lockfile")
        return Install("pnpm install", [("package.json", True), ("pnpm-lock.yaml", strict)])
    if tool == "go" and words[:2] == ["mod", "download"] and not first[2:]:
        return Install("go mod download", [("go.mod", True), ("go.sum", False)])
    if tool == "bundle" and sub == "install":
        return Install("bundle install", [("Gemfile", True), ("Gemfile.lock", False)])
    if tool == "composer" and sub == "install":
        return Install("composer install", [("composer.json", True), ("composer.lock", False)])
    if tool in ("Rscript", "R"):
        code = " ".join(option_values(args, "-e"))
        if "renv::restore" in code:
            return Install("renv::restore()", [("renv.lock", True)])
        if "install_deps" in code:
            return Install("install_deps()", [("DESCRIPTION", True)])
    return None
