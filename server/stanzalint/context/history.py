"""The recent history of the repository a build context lives in, read with ``git`` (read-only).

One ``git log`` lists the last N commits with the context files each changed (paths relative to
the context, renames as a deletion and an addition); one ``git cat-file --batch`` then reads the
Dockerfile as it was before and after each commit that changed it. A directory that is not in
a git repository, or a machine without ``git``, has no history (None), never an error.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from typing import Optional

from stanzalint.context.known import DEFAULT_COMMITS  # noqa: F401 (one definition, shared)

#: A file's text before and after a commit (None: the file did not exist).
Versions = tuple[Optional[str], Optional[str]]


@dataclass
class Commit:
    sha: str
    paths: list[str]  # changed paths inside the context, relative to it


@dataclass
class History:
    """The commits read, newest first, and the Dockerfile's text around the ones that changed it."""

    commits: list[Commit]
    dockerfile_versions: dict[str, Versions] = field(default_factory=dict)  # sha -> (before, after)


def read_history(context: str, dockerfile: str | None = None, limit: int = DEFAULT_COMMITS) -> History | None:
    """The last ``limit`` commits touching anything (None when ``context`` is not in a git
    repository). ``dockerfile`` inside the context also gets its versions read."""
    commits = read_commits(context, limit)
    if commits is None:
        return None
    return History(commits, dockerfile_versions(context, dockerfile, commits))


def read_commits(context: str, limit: int = DEFAULT_COMMITS) -> list[Commit] | None:
    """One ``git log``: the commits, newest first, with the context paths each changed."""
    out = _git(
        context, "log", f"-n{max(0, limit)}", "--no-renames", "--relative", "--name-only", "-z", "--format=%x1e%H"
    )
    return parse_log(out) if out is not None else None


def dockerfile_versions(context: str, dockerfile: str | None, commits: list[Commit]) -> dict[str, Versions]:
    """The Dockerfile's text around each commit that changed it (no subprocess when none did,
    or when the Dockerfile lies outside the context)."""
    relative = _inside(dockerfile, context)
    if relative is None:
        return {}
    return _versions(context, relative, [c.sha for c in commits if relative in c.paths])


def parse_log(out: bytes) -> list[Commit]:
    """``git log --name-only -z --format=%x1e%H`` output -> commits."""
    commits = []
    for record in out.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
        parts = record.split("\0")
        paths = [p.lstrip("\n") for p in parts[1:]]
        commits.append(Commit(parts[0].strip(), [p for p in paths if p]))
    return commits


def _inside(path: str | None, context: str) -> str | None:
    if not path:
        return None
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(context))
    return None if rel.startswith("..") else rel.replace(os.sep, "/")


def _versions(context: str, relative: str, shas: list[str]) -> dict[str, Versions]:
    """The file's text before (``sha^``) and after each commit, in one ``cat-file`` run."""
    if not shas:
        return {}
    names = [f"{sha}{suffix}:./{relative}" for sha in shas for suffix in ("^", "")]
    out = _git(context, "cat-file", "--batch", stdin="\n".join(names) + "\n")
    if out is None:
        return {}
    texts = _batch_objects(out, len(names))
    return {sha: (texts[2 * i], texts[2 * i + 1]) for i, sha in enumerate(shas)}


def _batch_objects(out: bytes, count: int) -> list[str | None]:
    """Split ``cat-file --batch`` output: ``<sha> <type> <size>\\n<content>\\n`` or ``<name> missing``."""
    texts: list[str | None] = []
    pos = 0
    while len(texts) < count and pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            texts.append(out[pos : pos + size].decode("utf-8", "replace"))
            pos += size + 1
        else:
            texts.append(None)
    return texts + [None] * (count - len(texts))


def _git(cwd: str, *args: str, stdin: str | None = None) -> bytes | None:
    """Run a read-only git command; None when it fails or git is missing."""
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0")
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            input=stdin.encode() if stdin is not None else None,
            # without input, its standard input is closed: in the language server stanzalint's
            # is the client's stream of messages, which a program reading it would take bytes of
            stdin=subprocess.DEVNULL if stdin is None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
