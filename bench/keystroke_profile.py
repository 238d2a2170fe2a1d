"""Where one keystroke's milliseconds go, in process: parse, analysis, each rule group, the
suppression and ordering pass, ShellCheck's known findings, publishing; and the parse the server
does instead of a full one, on the parse of the text before the keystroke.

    python bench/keystroke_profile.py [--repeat N] [FILE...]

For each file (default: the 777-line corpus file and ../shared/bench/large-8-stages.Dockerfile)
it types one character inside a word of a RUN line, as ../shared/tools/lspbench.py's ``typing``
does, and times each part of the lint of the new text (median of N). It also counts the work
that did not need doing: the rules whose findings after the keystroke are those before it,
moved by the one inserted character; and what the server pays through the document's findings
memo, which re-runs scoped rules only on the edited instruction or stage.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from collections import defaultdict
from typing import Callable

from _bytecode import compile_package

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
FILES = (
    os.path.join(SHARED, "corpus", "dockerfiles", "StatCan__kubeflow-containers-desktop__base__Dockerfile"),
    os.path.join(SHARED, "bench", "large-8-stages.Dockerfile"),
)


def typing_lines(lines: list[str]) -> list[int]:
    """The lines the harness types in: each line of a RUN (its first or a continuation) with
    more than a few characters, not a comment."""
    in_run, targets = False, []
    for number, line in enumerate(lines):
        starts = line.lstrip().upper().startswith("RUN ")
        if (starts or in_run) and len(line.strip()) > 12 and not line.lstrip().startswith("#"):
            targets.append(number)
        in_run = (starts or in_run) and line.rstrip().endswith("\\")
    return targets


def typing_column(line: str) -> int:
    """Where the harness types in ``line``: at the end of a word in its second half."""
    column = line.find(" ", len(line) // 2)
    return column if column > 0 else len(line.rstrip(" \\"))


def keystroke(text: str) -> tuple[str, int]:
    """The text with one character typed at the end of a word in the middle of a RUN line
    (the harness's typing target), and the offset typed at."""
    lines = text.split("\n")
    targets = typing_lines(lines)
    number = targets[len(targets) // 2]
    offset = sum(len(x) + 1 for x in lines[:number]) + typing_column(lines[number])
    return text[:offset] + "p" + text[offset:], offset


def median_ms(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def rule_group(rule) -> str:
    if rule.meta.origin == "buildkit":
        return "rules: BuildKit checks (SZ8xx)"
    if rule.meta.origin == "hadolint":
        return "rules: hadolint DL"
    return "rules: stanzalint SZ"


def findings_by_rule(text: str, shift_at: int = -1) -> dict[str, list[tuple]]:
    """Each rule's findings as comparable tuples; offsets at or after ``shift_at`` move back
    one character (so the findings of the text before a keystroke compare with those after)."""
    from stanzalint.engine import lint

    def at(offset: int) -> int:
        return offset - 1 if 0 <= shift_at <= offset - 1 else offset

    out: dict[str, list[tuple]] = defaultdict(list)
    for v in lint(text).violations:
        out[v.code].append((at(v.span.start), at(v.span.end), v.message))
    return out


def through_memo(before: str, text: str, config, rules, repeat: int) -> dict[str, float]:
    """What the server pays for the keystroke: the parse on the previous parse, the analysis on
    the previous analysis, the scoped rules through a findings memo that has linted ``before``,
    the file-scope rules, and the whole lint through the memo (suppression and ordering
    included); medians of the process's CPU time in ms (less disturbed than wall time by other
    work on a shared machine)."""
    from stanzalint.analysis import analyze
    from stanzalint.engine import _run_rules, lint, prepare
    from stanzalint.findings_memo import FindingsMemo
    from stanzalint.rules.base import Scope
    from stanzalint.syntax.incremental import reparse

    scoped = [r for r in rules if r.meta.scope is not Scope.FILE]
    whole = [r for r in rules if r.meta.scope is Scope.FILE]
    runs: dict[str, list[float]] = defaultdict(list)

    def timed(name: str, fn: Callable[[], object]) -> object:
        start = time.process_time()
        out = fn()
        runs[name].append((time.process_time() - start) * 1000)
        return out

    for _ in range(repeat):
        previous = prepare(before, config)
        memo = FindingsMemo()
        lint(before, config, parsed=previous, memo=memo)
        dockerfile = timed("parse on the previous parse", lambda: reparse(previous[0], text))
        analysis = timed("analysis", lambda: analyze(dockerfile, target=config.target, previous=previous[1]))
        timed(
            f"rules: {len(scoped)} scoped, through the memo",
            lambda: _run_rules(scoped, dockerfile, analysis, config, None, memo),
        )
        timed(f"rules: {len(whole)} file-scope", lambda: _run_rules(whole, dockerfile, analysis, config, None, None))
        memo = FindingsMemo()
        lint(before, config, parsed=previous, memo=memo)
        timed(
            "the server's keystroke: parse, analysis, lint",
            lambda: lint(text, config, parsed=prepare(text, config, previous[1]), memo=memo),
        )
        timed("the same without the memo", lambda: lint(text, config, parsed=prepare(text, config, previous[1])))
    return {name: statistics.median(ms) for name, ms in runs.items()}


def profile(path: str, repeat: int) -> None:
    from stanzalint.analysis import analyze
    from stanzalint.config import Config
    from stanzalint.engine import Selection, lint
    from stanzalint.lsp.diagnostic_json import DiagnosticEncoder
    from stanzalint.lsp.positions import PositionMap
    from stanzalint.rules.base import RuleContext
    from stanzalint.rules.lint_facts import LintFacts
    from stanzalint.shellcheck import scripts_of
    from stanzalint.syntax import parse
    from stanzalint.syntax.incremental import reparse
    from stanzalint.syntax.model import LineIndex

    before = open(path, encoding="utf-8").read()
    text, offset = keystroke(before)
    config = Config()
    rules = Selection.of(config).rules()
    dockerfile = parse(text)
    analysis = analyze(dockerfile)
    parts: dict[str, float] = {}
    parts["parse"] = median_ms(repeat, lambda: parse(text))
    previous = parse(before)
    incremental = median_ms(repeat, lambda: reparse(previous, text))
    parts["analysis"] = median_ms(repeat, lambda: analyze(parse(text))) - parts["parse"]
    runs: dict[str, list[float]] = defaultdict(list)
    rest: list[float] = []
    for _ in range(repeat):  # on a fresh analysis each time: rules pay for the facts it computes lazily
        fresh = parse(text), analyze(parse(text))
        facts = LintFacts(*fresh, config)  # shared by the rules, as in a lint
        for rule in rules:
            start = time.perf_counter()
            list(rule.check(RuleContext(rule, facts)))
            runs[rule.code].append((time.perf_counter() - start) * 1000)
        found = lint(text, config, parsed=fresh).violations
        start = time.perf_counter()  # the pass over the findings alone: suppressions, severities, order
        lint(text, config, parsed=fresh, rules=[], extra=lambda d, a, found=found: [copy.copy(v) for v in found])
        rest.append((time.perf_counter() - start) * 1000)
    per_rule = {code: statistics.median(ms) for code, ms in runs.items()}
    groups: dict[str, float] = defaultdict(float)
    for rule in rules:
        groups[rule_group(rule)] += per_rule[rule.code]
    parts.update(sorted(groups.items()))
    parts["suppression, ordering"] = statistics.median(rest)
    parts["ShellCheck scripts (known findings' keys)"] = median_ms(repeat, lambda: scripts_of(dockerfile, analysis))
    result = lint(text, config)
    encoder = DiagnosticEncoder()
    positions = PositionMap(LineIndex(text))
    encoder.message(result.violations, positions, "file:///x", 1, lambda code: "")
    parts["publish (JSON, warm)"] = median_ms(
        repeat, lambda: encoder.message(result.violations, positions, "file:///x", 2, lambda code: "")
    )

    old = findings_by_rule(before)
    new = findings_by_rule(text, offset)
    changed = sorted(code for code in set(old) | set(new) if old.get(code) != new.get(code))
    idle = [r for r in rules if not new.get(r.code)]
    lines = text.count("\n") + 1
    print(
        f"\n{os.path.basename(path)}: {lines} lines, {len(dockerfile.instructions)} instructions, "
        f"{len(analysis.stages)} stages, {len(rules)} rules, {len(result.violations)} findings"
    )
    print(f"{'part':<44}{'ms':>8}")
    for name, ms in parts.items():
        print(f"{name:<44}{ms:>8.2f}")
    print(f"{'total in process':<44}{sum(parts.values()):>8.2f}")
    print(f"{'parse on the previous parse (the server)':<44}{incremental:>8.2f}")
    print("through the findings memo (what the server does):")
    for name, ms in through_memo(before, text, config, rules, repeat).items():
        print(f"  {name:<42}{ms:>8.2f}")
    top = sorted(per_rule.items(), key=lambda kv: -kv[1])[:5]
    print("costliest rules: " + ", ".join(f"{code} {ms:.2f}" for code, ms in top))
    print(f"rules that find nothing: {len(idle)} ({sum(per_rule[r.code] for r in idle):.2f} ms)")
    print(f"rules whose findings the keystroke changed: {len(changed)} {changed}")


def input_files(given: list[str]) -> list[str]:
    """The files given, else the default inputs that exist; none (said on stderr) when the
    shared corpus is missing too."""
    files = given or [f for f in FILES if os.path.exists(f)]
    if not files:
        print("no input: pass a Dockerfile (the shared corpus is missing)", file=sys.stderr)
    return files


def main(argv: list[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    files = input_files(args.files)
    if not files:
        return 2
    compile_package()
    for path in files:
        profile(path, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
