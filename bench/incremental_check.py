"""A long seeded session of random edits: after each, the lint on the previous analysis and through
the document's findings memo (as the server lints) must equal a fresh lint of the same text;
prints the mismatches, the memo's size and the process's memory every 1,000 edits.

    python bench/incremental_check.py [--edits N] [--seed S] [--per-file N] [--file F] [--corpus DIR]
                                      [--rules CODE,...]

``--rules`` lints with those rules only (to check one rule's declared scope); each mismatch
names the first finding that differs.
Each session opens a corpus file (or always ``--file``) and applies ``--per-file`` edits (25) to it (insertions and deletions anywhere:
line breaks, continuations, heredoc openers and terminators, comments, directives, FROM lines,
words, quotes, expansions, shell operators; one in five of the same length as what it replaces;
one edit in ten an undo back to a text the session had), then moves on to another file. The exit status is 1 when any lint differed.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import sys
import time

from _bytecode import compile_package

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "dockerfiles")
PIECES = [
    "\n",
    "\r\n",
    " \\\n",
    "\\",
    "`",
    "#",
    "# escape=`\n",
    "# hadolint ignore=DL3008\n",
    "# hadolint global ignore=DL3015\n",
    "# hadolint ignore=DL3003,DL3059\n",
    "FROM alpine AS b\n",
    "FROM ",
    "RUN ",
    "RUN <<EOF\n",
    "<<EOF",
    "EOF\n",
    "\tEOF\n",
    "ONBUILD ",
    "ARG A=1\n",
    "COPY --from=b / /\n",
    "ENV X=1 Y",
    '["a", "b"]',
    " ",
    "x",
    "p",
    "pkg",
    "apt-get install -y curl ",
    "'",
    '"',
    "$V",
    "${A",
    "}",
    "(",
    ")",
    " && ",
    " | ",
    ";",
    "$(",
]
#: how often an edit is an undo instead: the text goes back to one the session had (an erase or
#: an undo brings back a text a few edits old)
UNDO = 0.1


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def random_edit(rng: random.Random, text: str) -> str:
    """An insertion, a deletion or both anywhere (often at a line's start or end); one edit in
    five replaces as many characters as it puts in (as a formatter or a multi-character
    replacement does: the text keeps its length while its lines and quoting change)."""
    start = rng.randint(0, len(text))
    if rng.random() < 0.2:
        piece = rng.choice(PIECES)
        return text[:start] + piece + text[start + len(piece) :]
    if rng.random() < 0.5:
        at = text.rfind("\n", 0, start)
        start = at + 1 if rng.random() < 0.5 else max(at, 0)
    end = min(len(text), start + rng.choice([0, 0, 1, 2, 5, 40, 400]))
    inserted = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
    return text[:start] + inserted + text[end:]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--per-file", type=int, default=25)
    parser.add_argument("--file", help="edit this file only (one long session: memory must not grow)")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--rules", help="comma-separated rule codes to lint with (default: every rule)")
    args = parser.parse_args(argv)
    if not args.file and not os.path.isdir(args.corpus):
        print("no corpus: pass --corpus DIR", file=sys.stderr)
        return 2
    compile_package()
    from stanzalint import rules as registry
    from stanzalint.config import Config
    from stanzalint.engine import lint, prepare
    from stanzalint.findings_memo import FindingsMemo

    def published(result):
        return [
            (
                v.code,
                v.message,
                v.severity,
                v.span.start,
                v.span.end,
                v.instruction_line,
                [(r.span.start, r.span.end, r.message) for r in v.related],
                None if v.fix is None else (v.fix.title, [(e.span.start, e.span.end, e.text) for e in v.fix.edits]),
            )
            for v in result.violations
        ]

    def first_difference(a, b):
        for x, y in zip(a, b):
            if x != y:
                return f"{x} != {y}"
        return f"{len(a)} findings != {len(b)}"

    config = Config()
    rules = None
    if args.rules:
        asked = {code: registry.get(code) for code in args.rules.split(",")}
        unknown = [code for code, found in asked.items() if found is None]
        if unknown:
            parser.error(
                f"--rules: no rule {', '.join(unknown)} (ShellCheck's SC codes are not linted here: "
                "this check lints without ShellCheck)"
            )
        rules = [found for found in asked.values() if found is not None]

    rng = random.Random(args.seed)
    names = [os.path.abspath(args.file)] if args.file else sorted(os.listdir(args.corpus))
    mismatches, done, started = 0, 0, time.perf_counter()
    print(f"{'edits':>7} {'mismatches':>11} {'memo':>6} {'RSS MB':>8}")
    while done < args.edits:
        name = rng.choice(names)
        with open(os.path.join(args.corpus, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        previous = prepare(text, config)[1]
        memo = FindingsMemo()  # one per open document
        lint(text, config, rules=rules, memo=memo)
        session = []  # (text, what the memo published): every edit first, as the server lints them
        for _ in range(min(args.per_file, args.edits - done)):
            undo = session and rng.random() < UNDO
            text = rng.choice(session)[0] if undo else random_edit(rng, text)
            parsed = prepare(text, config, previous)
            session.append((text, published(lint(text, config, rules=rules, parsed=parsed, memo=memo))))
            previous = parsed[1]
        # then the fresh lints: one between two edits would drop what rules keep from one parse to
        # the next. A fresh lint shares nothing the process keeps per configuration object (each
        # code's facts and verdict): under the same object a stale shared answer would be on both sides
        for text, remembered in session:
            fresh = published(lint(text, copy.copy(config), rules=rules))
            if remembered != fresh:
                mismatches += 1
                print(
                    f"mismatch after edit {done + 1} (seed {args.seed}, {os.path.basename(name)}): "
                    f"{first_difference(remembered, fresh)}",
                    file=sys.stderr,
                )
            done += 1
            if done % 1000 == 0:
                print(f"{done:>7} {mismatches:>11} {len(memo):>6} {rss_mb():>8.1f}", flush=True)
    print(f"{done} edits, {mismatches} mismatches, {time.perf_counter() - started:.0f} s")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
