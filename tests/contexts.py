"""Build contexts and git repositories made in temporary directories for the context tests."""

from __future__ import annotations

import os
import subprocess


def make_tree(root, files: dict[str, str]) -> str:
    """Write ``{relative path: content}`` under ``root``; returns ``root`` as a string."""
    for rel, content in files.items():
        path = os.path.join(str(root), rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(content)
    return str(root)


_GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": os.devnull,
}


def git(root, *args: str) -> str:
    env = dict(os.environ, **_GIT_ENV)
    done = subprocess.run(["git", *args], cwd=str(root), env=env, capture_output=True, text=True, check=True)
    return done.stdout


class Repo:
    """A git repository whose history a test scripts commit by commit."""

    def __init__(self, root) -> None:
        self.root = str(root)
        git(self.root, "init", "-q", "-b", "main")

    def commit(self, files: dict[str, str | None], message: str = "change") -> None:
        """Write (or, for None, delete) files and commit them."""
        for rel, content in files.items():
            path = os.path.join(self.root, rel)
            if content is None:
                os.remove(path)
            else:
                make_tree(self.root, {rel: content})
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message)
