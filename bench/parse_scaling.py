"""Does parsing stay linear? Per-unit cost of big inputs against small ones, in one run.

    python bench/parse_scaling.py

A ratio near 1 means linear; a ratio that grows with size means something quadratic crept in.
CPU time of this process is used, so other processes' load counts less.
"""

from __future__ import annotations

import time

from stanzalint.syntax import parse


def cpu_seconds(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        parse(text)
        best = min(best, time.process_time() - start)
    return best


def many_instructions(n: int) -> str:
    parts = ["FROM python:3.12-slim AS base\n"]
    for i in range(n):
        parts.append(f"RUN --mount=type=cache,target=/c echo {i} \\\n  && true\nENV K{i}=v{i}\n")
    return "".join(parts)


def one_long_line(kind: str):
    return lambda n: "FROM a\n" + kind + "x y" * (n // 3) + "\n"


def report(label: str, make, small: int, big: int) -> None:
    t_small = cpu_seconds(make(small), 5)
    t_big = cpu_seconds(make(big), 3)
    ratio = (t_big / big) / max(t_small / small, 1e-9)
    print(
        f"{label:<34} {small:>8,} -> {big:>8,}: {t_small * 1000:8.1f} ms -> {t_big * 1000:8.1f} ms  per-unit ratio {ratio:4.2f}"
    )


def main() -> int:
    report("instructions", many_instructions, 2_000, 20_000)
    for kind in ("RUN echo ", "ENV A=", "COPY a ", "LABEL a=", "RUN <<EOF "):
        report(f"one long line: {kind.strip()!s}", one_long_line(kind), 30_000, 300_000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
