"""Where package tools keep their download caches, for judging whether a builder stage's cache
reaches the shipped image. ``*`` stands for one path component."""

from __future__ import annotations


def in_homes(relative: str) -> list[str]:
    """Where a per-user cache lives for root and for any user under ``/home``."""
    return [f"/root/{relative}", f"/home/*/{relative}"]


PIP = in_homes(".cache/pip")
#: ``<prefix>/pkgs`` for the prefixes conda installers use (``/opt/conda``, ``~/miniconda3``,
#: ``/opt/miniforge3``, micromamba's root)
CONDA = [
    f"{parent}/{name}/pkgs"
    for parent in ("", "/opt", "/usr/local", "/root", "/home/*")
    for name in ("*conda*", "*forge*", "*mamba*")
]
_GEM = (
    ["/usr/local/bundle/cache", "/usr/local/lib/ruby/gems/*/cache", "/var/lib/gems/*/cache"]
    + in_homes(".gem")
    + in_homes(".local/share/gem")
)

#: tool -> its cache directories: root's, any user's, and where the official images put them
TOOLS: dict[str, list[str]] = {
    "uv": in_homes(".cache/uv"),
    "poetry": in_homes(".cache/pypoetry"),
    "pipenv": in_homes(".cache/pipenv") + PIP,
    "npm": in_homes(".npm"),
    "yarn": ["/usr/local/share/.cache/yarn"] + in_homes(".cache/yarn") + in_homes(".yarn"),
    "gem": _GEM,
    "bundle": _GEM + in_homes(".bundle/cache"),
    "cargo": ["/usr/local/cargo/registry", "/usr/local/cargo/git"]
    + in_homes(".cargo/registry")
    + in_homes(".cargo/git"),
}
