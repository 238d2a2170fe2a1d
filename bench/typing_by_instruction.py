"""What a keystroke costs by the instruction it is typed in: the server's lint, in process, of
typing inside RUN, COPY, ENV, LABEL... lines of the same file.

    python bench/typing_by_instruction.py [--before REV] [--per-keyword N] [--seed S] [FILE...]

../shared/tools/lspbench.py's ``typing`` types inside RUN lines only. A keystroke changes one
instruction whatever its keyword, so what it costs should not depend much on which. For each file
(default: the 777-line corpus file and ../shared/bench/large-8-stages.Dockerfile), up to N
instructions of each keyword are picked (seeded). In each, "pkg" is typed at the end of a word in
the second half of its first line (never in its keyword), then erased: six keystrokes, each sent to a document store as
the server's ``didChange`` is (``lsp.text.edit_text``) and linted as the server lints (the
document's findings memo, ShellCheck's known findings). Times are the thread's CPU time per
keystroke; the table gives the median per keyword.

``--before REV`` also measures the package as it was at git revision REV (its ``server/``
exported to a temporary directory), in a process of its own, the two trees taking turns, and
prints each keyword's ratio: a comparison made in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

from _bytecode import compile_package
from _served_document import ServedDocument
from keystroke_profile import input_files
from lsp_bench import python_at

HERE = os.path.dirname(os.path.abspath(__file__))
#: what is typed, then erased, in each picked instruction
WORD = "pkg"


def picked_lines(text: str, per_keyword: int, seed: int) -> list[tuple[str, int]]:
    """(keyword, first line) of up to ``per_keyword`` instructions of each keyword of ``text``
    (not those inside an ONBUILD), picked at random with ``seed``, in document order."""
    from stanzalint.syntax.parser import parse

    by_keyword: dict[str, list[int]] = defaultdict(list)
    for ins in parse(text).instructions:
        by_keyword[ins.keyword].append(ins.start_line)
    chooser = random.Random(seed)
    picked = []
    for keyword, lines in sorted(by_keyword.items()):
        for line in chooser.sample(lines, min(per_keyword, len(lines))):
            picked.append((keyword, line))
    return sorted(picked, key=lambda item: item[1])


def argument_column(line: str) -> int:
    """Where to type in an instruction's first line: at the end of a word in its second half,
    never inside its keyword (``EXPOSE 8080`` is typed in after ``8080``); at the end of the line
    (before a line continuation) when no word ends there."""
    keyword_end = line.find(" ", len(line) - len(line.lstrip()))
    column = line.find(" ", max(len(line) // 2, keyword_end + 1)) if keyword_end >= 0 else -1
    if column > 0:
        return column
    return max(len(line.rstrip(" \\")), keyword_end + 1 if keyword_end >= 0 else 0)


def keystroke_times(path: str, per_keyword: int, seed: int, rounds: int) -> dict[str, list[float]]:
    """The thread CPU ms of each keystroke typed and erased in the instructions ``picked_lines``
    picks, by keyword: ``rounds`` times over, the document's memo and ShellCheck's answers warm
    after the first."""
    served = ServedDocument(path)
    lines = served.text.split("\n")

    def keystroke(line: int, start: int, end: int, inserted: str) -> float:
        began = time.thread_time()
        served.keystroke(line, start, end, inserted)
        return (time.thread_time() - began) * 1000

    times: dict[str, list[float]] = defaultdict(list)
    targets = picked_lines(served.text, per_keyword, seed)
    for round_ in range(rounds + 1):
        for keyword, line in targets:
            column = argument_column(lines[line])
            typed = [keystroke(line, column + k, column + k, char) for k, char in enumerate(WORD)]
            erased = [keystroke(line, column + k, column + k + 1, "") for k in reversed(range(len(WORD)))]
            if round_:  # the first round warms the memo and ShellCheck's answers
                times[keyword] += typed + erased
    return dict(times)


def measured(command: list[str], path: str, args: argparse.Namespace) -> dict[str, list[float]]:
    """``keystroke_times`` of ``path`` in a process started by ``command`` (a Python)."""
    options = ["--per-keyword", str(args.per_keyword), "--seed", str(args.seed), "--rounds", str(args.rounds)]
    out = subprocess.run(
        [*command, os.path.abspath(__file__), "--measure", *options, path],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(path: str, trees: dict[str, dict[str, list[float]]]) -> None:
    """Each keyword's median per tree (and the ratio of the first to the second), then the
    median of every keystroke outside RUN lines."""
    names = list(trees)
    print(f"\n{os.path.basename(path)}: CPU ms per keystroke, median")
    print(
        f"{'keyword':<12}{'keys':>6}"
        + "".join(f"{name:>18}" for name in names)
        + ("   ratio" if len(names) > 1 else "")
    )
    keywords = sorted(trees[names[0]], key=lambda k: (k != "RUN", k))
    rows = [(k, {name: trees[name].get(k, []) for name in names}) for k in keywords]
    outside = {name: [t for k, ts in trees[name].items() if k != "RUN" for t in ts] for name in names}
    for keyword, samples in [*rows, ("not RUN", outside)]:
        medians = [statistics.median(samples[name]) if samples[name] else float("nan") for name in names]
        line = f"{keyword:<12}{len(samples[names[0]]):>6}" + "".join(f"{m:>18.2f}" for m in medians)
        if len(names) > 1:
            line += f"{medians[0] / medians[1]:>8.2f}x"
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also measure the package of this git revision")
    parser.add_argument("--per-keyword", type=int, default=8, help="instructions typed in per keyword (default 8)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds over the picked instructions")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    if args.measure:  # a child process: one file, the times as JSON
        print(json.dumps(keystroke_times(args.files[0], args.per_keyword, args.seed, args.rounds)))
        return 0
    files = input_files(args.files)
    if not files:
        return 2
    compile_package()
    with tempfile.TemporaryDirectory(prefix="stanzalint-before-") as exported:
        commands = {"this checkout": [sys.executable]}
        if args.before:
            commands[f"before {args.before}"] = python_at(args.before, exported)
        for path in files:
            trees: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name in commands}
            for _turn in range(2):  # the trees take turns: a slow spell of the machine hits both
                for name, command in commands.items():
                    for keyword, times in measured(command, path, args).items():
                        trees[name][keyword] += times
            table(path, trees)
    return 0


if __name__ == "__main__":
    sys.exit(main())
