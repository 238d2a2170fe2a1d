"""Which word of a simple command is the command that really runs.

``sudo -u app env FOO=1 nice -n 5 /usr/bin/apt-get install`` runs ``apt-get``: the words before
it are wrappers (``sudo``, ``env``, ``nice``...) and their options. ``effective_index`` skips
them the way each wrapper's option parser would, so rules can look at the real command.
"""

from __future__ import annotations

from collections.abc import Sequence


class WrapperSpec:
    """How a wrapper command reads its own options before the wrapped command."""

    __slots__ = ("with_arg", "stop", "positionals", "assignments", "numeric_flags")

    def __init__(
        self,
        with_arg: Sequence[str] = (),
        stop: Sequence[str] = (),
        positionals: int = 0,
        assignments: bool = False,
        numeric_flags: bool = False,
    ) -> None:
        self.with_arg: frozenset[str] = frozenset(with_arg)  # options that take a value
        self.stop: frozenset[str] = frozenset(stop)  # options after which nothing is run
        self.positionals = positionals  # operands before the command (timeout's duration)
        self.assignments = assignments  # NAME=value words are skipped (env, sudo)
        self.numeric_flags = numeric_flags  # ``nice -10``


WRAPPERS: dict[str, WrapperSpec] = {
    "sudo": WrapperSpec(
        with_arg=(
            "-u",
            "-g",
            "-p",
            "-C",
            "-D",
            "-r",
            "-t",
            "-U",
            "-T",
            "-R",
            "-h",
            "--user",
            "--group",
            "--prompt",
            "--close-from",
            "--chdir",
            "--role",
            "--type",
            "--other-user",
            "--command-timeout",
            "--chroot",
            "--host",
        ),
        stop=("-l", "-v", "-k", "-K", "-V", "-e", "--list", "--validate", "--version", "--edit"),
        assignments=True,
    ),
    "doas": WrapperSpec(with_arg=("-u", "-C"), stop=("-L",)),
    "env": WrapperSpec(
        with_arg=("-u", "-C", "--unset", "--chdir"),
        stop=("-S", "--split-string", "--help", "--version"),
        assignments=True,
    ),
    "nice": WrapperSpec(with_arg=("-n", "--adjustment"), numeric_flags=True),
    "ionice": WrapperSpec(
        with_arg=("-c", "-n", "--class", "--classdata"), stop=("-p", "-P", "-u", "--pid", "--pgid", "--uid")
    ),
    "time": WrapperSpec(with_arg=("-f", "-o", "--format", "--output")),
    "timeout": WrapperSpec(with_arg=("-s", "-k", "--signal", "--kill-after"), positionals=1),
    "stdbuf": WrapperSpec(with_arg=("-i", "-o", "-e", "--input", "--output", "--error")),
    "nohup": WrapperSpec(),
    "xargs": WrapperSpec(
        with_arg=(
            "-a",
            "-d",
            "-E",
            "-I",
            "-L",
            "-n",
            "-P",
            "-s",
            "--arg-file",
            "--delimiter",
            "--eof",
            "--max-lines",
            "--max-args",
            "--max-procs",
            "--max-chars",
            "--process-slot-var",
        ),
    ),
    "command": WrapperSpec(stop=("-v", "-V")),
    "exec": WrapperSpec(with_arg=("-a",)),
    "builtin": WrapperSpec(),
    "eatmydata": WrapperSpec(),
    "gosu": WrapperSpec(positionals=1),
    "su-exec": WrapperSpec(positionals=1),
}


def basename(value: str) -> str:
    """``/usr/bin/apt-get`` -> ``apt-get``."""
    return value.rsplit("/", 1)[-1] if "/" in value else value


def is_assignment(value: str) -> bool:
    """``NAME=value`` with a valid shell variable name."""
    name, eq, _ = value.partition("=")
    if not eq or not name or name[0].isdigit():
        return False
    return all(c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9") for c in name)


def _skip_wrapper(spec: WrapperSpec, values: Sequence[str], j: int) -> int | None:
    """Index of the word the wrapper runs, or None when its options mean it runs nothing."""
    n = len(values)
    while j < n:
        v = values[j]
        if v == "--":
            j += 1
            break
        if spec.assignments and is_assignment(v):
            j += 1
            continue
        if v.startswith("--"):
            name, eq, _ = v.partition("=")
            if name in spec.stop:
                return None
            j += 2 if (name in spec.with_arg and not eq) else 1
            continue
        if v.startswith("-") and len(v) > 1:
            if spec.numeric_flags and v[1:].isdigit():
                j += 1
                continue
            takes_next = False
            for k in range(1, len(v)):
                opt = "-" + v[k]
                if opt in spec.stop:
                    return None
                if opt in spec.with_arg:
                    takes_next = k == len(v) - 1  # else the value is attached: ``-uroot``
                    break
            j += 2 if takes_next else 1
            continue
        if v == "-" and spec.assignments:  # ``env -``: same as ``env -i``
            j += 1
            continue
        break
    return j + spec.positionals


def effective_index(values: Sequence[str]) -> int:
    """Position of the command that runs after wrappers; the last wrapper when none follows."""
    i = 0
    n = len(values)
    while i < n:
        spec = WRAPPERS.get(basename(values[i]))
        if spec is None:
            return i
        j = _skip_wrapper(spec, values, i + 1)
        if j is None or j >= n:
            return i
        i = j
    return max(0, min(i, n - 1))
