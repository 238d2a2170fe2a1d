"""Plain argv detection for shell-form CMD/ENTRYPOINT, and where dockerfile-parse's splitting
agrees with the shell's (Python's shlex in POSIX mode) on real Dockerfiles."""

from __future__ import annotations

import shlex

import pytest
from stanzalint.analysis.argv import plain_argv
from stanzalint.syntax import decode, parse


@pytest.mark.parametrize(
    "command, argv",
    [
        ("python app.py --port 8000", ["python", "app.py", "--port", "8000"]),
        ('python -c "print(1)"', ["python", "-c", "print(1)"]),
        ("echo 'a b' c", ["echo", "a b", "c"]),
        ("run ''", ["run", ""]),
        ("a $HOME", None),
        ("a && b", None),
        ("serve > log", None),
        ("ls *.py", None),
        ('echo "a$b"', None),
        ("FOO=1 run", None),
        ("echo 'open", None),
        ("a\\ b", None),
    ],
)
def test_plain_argv(command, argv):
    assert plain_argv(command) == argv


def test_agrees_with_posix_shell_splitting_on_the_corpus(corpus_files):
    checked = 0
    for path in corpus_files:
        with open(path, "rb") as fh:
            dockerfile = parse(decode(fh.read()))
        for ins in dockerfile.walk():
            if ins.keyword not in ("CMD", "ENTRYPOINT", "RUN") or ins.is_json:
                continue
            command = ins.rest.text.strip()
            words = plain_argv(command)
            if words is None:
                continue
            assert words == shlex.split(command, posix=True), (path, command)
            checked += 1
    assert checked > 100
