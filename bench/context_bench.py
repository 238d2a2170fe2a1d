"""The build context model's two budgets: a 50,000-file context walked and matched, and the
history of 200 commits read, each within a second.

Generates a tree of 50,000 files in a temporary directory (a Node-like project: sources, tests,
a node_modules of 20,000 files that .dockerignore prunes, build output kept out by a wildcard),
walks it as BuildKit would send it, and resolves a few typical COPY sources against it. Then
reads the last 200 commits of the repository this script is in. Prints seconds; the anchor is
the budget of one second (ratio = budget / time, above 1 is within it).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "server"))

from stanzalint.context.history import read_history  # noqa: E402
from stanzalint.context.sources import inputs_of  # noqa: E402
from stanzalint.context.tree import walk  # noqa: E402
from stanzalint.engine import prepare  # noqa: E402

FILES = 50_000
DOCKERFILE = """\
FROM node:22 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY src/ src/
COPY --exclude=**/*.test.js . .
RUN npm run build
"""
IGNORE = "node_modules\n**/*.map\n!src/keep.map\ndist\n.git\n"


def make_context(root: str) -> None:
    """Write FILES empty files: 20,000 in node_modules, 2,000 under dist, the rest in src/ and test/."""
    plan = [
        ("node_modules", 20_000, ".js"),
        ("dist", 2_000, ".map"),
        ("src", 18_000, ".js"),
        ("test", FILES - 40_000, ".test.js"),
    ]
    for top, count, suffix in plan:
        for i in range(count):
            directory = os.path.join(root, top, f"d{i // 100:03d}", f"e{i // 10 % 10}")
            os.makedirs(directory, exist_ok=True)
            open(os.path.join(directory, f"f{i}{suffix}"), "w").close()
    for name, text in (
        ("Dockerfile", DOCKERFILE),
        (".dockerignore", IGNORE),
        ("package.json", "{}"),
        ("package-lock.json", "{}"),
    ):
        with open(os.path.join(root, name), "w") as fh:
            fh.write(text)


def main() -> None:
    with tempfile.TemporaryDirectory() as root:
        make_context(root)
        start = time.perf_counter()
        tree = walk(root, os.path.join(root, "Dockerfile"))
        doc, analysis = prepare(DOCKERFILE)
        read = [len(inputs_of(analysis, ins, tree).files) for ins in doc.instructions if ins.keyword == "COPY"]
        walked = time.perf_counter() - start
        print(
            f"context: {FILES} files on disk, {len(tree.files)} sent, {len(tree.ignored)} kept out; COPY reads {read}"
        )
        print(f"walk + match + resolve: {walked:.3f} s (budget 1 s, ratio {1 / walked:.1f}x)")
    here = os.path.dirname(os.path.abspath(__file__))
    start = time.perf_counter()
    history = read_history(here, os.path.join(os.path.dirname(here), "Dockerfile"), 200)
    elapsed = time.perf_counter() - start
    if history is None:
        print("history: not a git repository")
    else:
        print(f"history: {len(history.commits)} commits read in {elapsed:.3f} s (budget 1 s, ratio {1 / elapsed:.1f}x)")


if __name__ == "__main__":
    main()
