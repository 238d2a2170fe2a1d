"""Does linting stay linear in the size of the file? Lints generated Dockerfiles of 2,500, 5,000,
10,000 and 20,000 instructions, in one run, and prints each time and the ratio to the size half
as big (2.0 is linear; a quadratic rule drives it towards 4).

    python bench/lint_scaling.py [--repeat N] [--one-stage] [--findings] [--profile] [--parts]

Every rule runs (off-by-default ones included), ShellCheck off. The files mix what real ones
hold: stages built on each other and copied from, ARGs (some unused), ENV, RUN with package
installs and scripts, COPY, WORKDIR, LABEL, USER; ``--one-stage`` puts everything in one stage,
the worst case for work done per stage; ``--findings`` makes nearly every instruction a finding,
the worst case for work done per finding. ``--profile`` prints the rules that take the
most time on the largest file; ``--parts`` where its time goes: parsing, analysis, shell
parsing, each rule, the pass over the findings, the collector's pass when the lint ends. Times are this process's CPU time (best of ``--repeat``), so other
processes' load counts less; still, read the ratios rather than the milliseconds.
"""

from __future__ import annotations

import argparse
import time

SIZES = (2_500, 5_000, 10_000, 20_000)
STAGE_SIZE = 500  # instructions per stage: real files have many stages, not one endless one

_KINDS = (
    "ARG VERSION_{i}=1.{i}.0\n",
    "RUN apt-get update && apt-get install -y --no-install-recommends tool-{i}=${{VERSION_{i}}} \\\n"
    "    && rm -rf /var/lib/apt/lists/*\n",
    "ARG UNUSED_{i}=x{i}\n",
    "ENV VAR_{i}=value_{i} BIN_{i}=/opt/{i}/bin:$PATH\n",
    "COPY --chown=app:app src/{i} /app/{i}\n",
    'RUN pip install --no-cache-dir package-{i}==1.0.{i} && echo "$VAR_{i}" > /etc/v{i}\n',
    "WORKDIR /app/{i}\n",
    'LABEL org.example.n{i}="v{i}"\n',
    'RUN ./scripts/step-{i}.sh --flag "$VERSION_{i}"\n',
    "USER app\n",
)
#: ``--findings``: nearly every instruction is a finding of some rule (and a fix to compute)
_FINDINGS = (
    "RUN apt-get update && apt-get install -y q{i}\n",
    "RUN cd /x{i} && make\n",
    "COPY . .\n",
    "RUN pip install x{i}\n",
    "RUN yarn install\n",
    "RUN apk add a{i}\n",
    "ENV DEBIAN_FRONTEND=noninteractive A{i}=1 B{i}=$A{i}\n",
    "ARG U{i}\n",
    "RUN dnf install d{i}\n",
    "ADD http://example.com/y{i} /y{i}\n",
    "RUN curl http://example.com/{i} | sh\n",
    "COPY a{i}.tar /tmp/a{i}.tar\n",
    "RUN tar -xf /tmp/a{i}.tar\n",
    "WORKDIR rel{i}\n",
    "USER root\n",
    "RUN echo $UNDEFINED{i}\n",
    "EXPOSE 99999\n",
    "RUN sudo useradd -u 99999999 u{i}\n",
)


KINDS = _KINDS


def generated(count: int, salt: int = 0) -> str:
    """A Dockerfile of ``count`` instructions in stages of ``STAGE_SIZE``, each built on the one
    before or copying from it. Names carry ``count`` and ``salt`` so that no two files share a
    RUN's text: the shell parser remembers scripts it has seen, and a benchmark must not."""
    parts = []
    for i in range(count):
        if i % STAGE_SIZE == 0:
            n = i // STAGE_SIZE
            base = f"s{n - 1}" if n % 2 and n else "python:3.12-slim"
            parts.append(f"FROM {base} AS s{n}\n")
            if n and not n % 2:
                parts.append(f"COPY --from=s{n - 1} /app/out /app/out\n")
            continue
        parts.append(KINDS[i % len(KINDS)].format(i=f"{count}_{salt}_{i}"))
    return "".join(parts)


def seconds(size: int, config, repeat: int) -> float:
    """Best CPU time of ``repeat`` lints of ``size``-instruction files (a fresh file each time)."""
    from stanzalint.engine import lint

    best = float("inf")
    for salt in range(repeat):
        text = generated(size, salt)
        start = time.process_time()
        result = lint(text, config)
        best = min(best, time.process_time() - start)
        assert not result.failures, result.failures[0].traceback
    return best


def full_config():
    from stanzalint.config import Config
    from stanzalint.rules import all_rules

    codes = [r.meta.code for r in all_rules()]
    return Config(select=codes, extend_select=codes, shellcheck=False)


def profile(text: str, config) -> None:
    """The rules taking the most time on ``text`` (cumulative, from cProfile)."""
    import cProfile
    import pstats

    from stanzalint.engine import lint

    prof = cProfile.Profile()
    prof.runcall(lint, text, config)
    stats = pstats.Stats(prof)
    rows = [(v[3], k) for k, v in stats.stats.items() if "/rules/" in k[0] and k[2] == "check"]
    for cumulative, (path, _line, _name) in sorted(rows, reverse=True)[:8]:
        print(f"  {path.rsplit('/', 1)[-1]:<14} {cumulative:6.2f} s")


def time_parts(size: int, config, repeat: int) -> None:
    """Where a ``size``-instruction lint spends its time, part by part (best of ``repeat``)."""
    import copy
    import gc

    from stanzalint.analysis import analyze
    from stanzalint.engine import Selection, lint
    from stanzalint.rules.base import RuleContext
    from stanzalint.rules.lint_facts import LintFacts
    from stanzalint.syntax import parse

    rules = Selection.of(config).rules()
    best: dict = {}

    def timed(name, fn):
        start = time.process_time()
        value = fn()
        best[name] = min(best.get(name, float("inf")), time.process_time() - start)
        return value

    for salt in range(repeat):
        text = generated(size, 100 + salt)
        gc.collect()
        gc.disable()  # as lint() does; the collector's pass is timed on its own below
        dockerfile = timed("parse", lambda: parse(text))
        analysis = timed("analysis", lambda: analyze(dockerfile))
        timed("shell parsing", lambda: [analysis.commands(i) for i in dockerfile.of_keyword("RUN")])
        found: list = []
        facts = LintFacts(dockerfile, analysis, config)  # shared by the rules, as in a lint
        for rule in rules:
            timed(rule.code, lambda: found.extend(rule.check(RuleContext(rule, facts))))
        timed(
            "suppression, severities, order",
            lambda: lint(
                text, config, parsed=(dockerfile, analysis), rules=[], extra=lambda d, a: [copy.copy(v) for v in found]
            ),
        )
        timed("collector's pass at the end", lambda: (gc.enable(), gc.collect(0)))
        dockerfile = analysis = found = facts = None  # the next file starts with none of this one alive
    codes = sorted((r.code for r in rules), key=lambda c: -best[c])
    print(f"where a {size:,}-instruction lint's time goes (best of {repeat}):")
    for name in ("parse", "analysis", "shell parsing", "suppression, severities, order", "collector's pass at the end"):
        print(f"  {name:<32}{best[name] * 1000:7.0f} ms")
    print(
        f"  {'rules':<32}{sum(best[c] for c in codes) * 1000:7.0f} ms ({len(codes)}; median "
        f"{best[codes[len(codes) // 2]] * 1000:.1f} ms)"
    )
    print(
        f"    the ten costliest{sum(best[c] for c in codes[:10]) * 1000:20.0f} ms: "
        + ", ".join(f"{c} {best[c] * 1000:.0f}" for c in codes[:10])
    )
    print(f"    the other {len(codes) - 10}{sum(best[c] for c in codes[10:]) * 1000:22.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--one-stage", action="store_true")
    parser.add_argument("--findings", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--parts", action="store_true")
    args = parser.parse_args()
    global STAGE_SIZE, KINDS
    if args.one_stage:
        STAGE_SIZE = max(SIZES) + 1
    if args.findings:
        KINDS = _FINDINGS
    config = full_config()
    seconds(10, config, 1)  # imports and rule loading out of the figures
    previous = None
    for size in SIZES:
        took = seconds(size, config, args.repeat)
        ratio = f"{took / previous:5.2f}x the half size" if previous else ""
        lines = generated(size).count("\n")
        print(f"{size:>7,} instructions ({lines:>6,} lines): {took:7.2f} s  {ratio}")
        previous = took
    if args.parts:
        time_parts(SIZES[-1], config, max(args.repeat, 3))
    if args.profile:
        print(f"rules taking the most time at {SIZES[-1]:,} instructions:")
        profile(generated(SIZES[-1]), config)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
