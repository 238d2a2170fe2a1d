"""Compare stanzalint's DL findings with hadolint's on a set of Dockerfiles.

Findings are compared by (file name, instruction start line, code): hadolint reports on an
instruction's first line, stanzalint points inside it, so each of our findings is mapped to the
start line of the instruction that holds it. Files hadolint cannot parse (DL1000) are left out.

Usage: ``python tests/parity/compare.py HADOLINT_JSON DOCKERFILE_DIR [CODE ...]`` prints
per-code precision, recall and F1 and lists the disagreements.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

Key = Tuple[str, int, str]  # (file name, 1-based instruction start line, code)


def hadolint_keys(findings: Iterable[dict]) -> Tuple[Set[Key], Set[str]]:
    """hadolint's JSON findings as keys, and the names of files it could not parse."""
    keys: Set[Key] = set()
    unparsed: Set[str] = set()
    for f in findings:
        name = os.path.basename(f["file"])
        if f["code"] == "DL1000":
            unparsed.add(name)
        keys.add((name, int(f["line"]), f["code"]))
    return keys, unparsed


def stanzalint_keys(paths: Sequence[str], codes: Sequence[str]) -> Set[Key]:
    """Our findings for ``codes``, each at the start line of its instruction."""
    from stanzalint.config import Config
    from stanzalint.engine import lint

    config = Config(select=list(codes), extend_select=list(codes), shellcheck=False)
    keys: Set[Key] = set()
    for path in paths:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            text = fh.read()
        result = lint(text, config, path)
        starts = _instruction_starts(result)
        for v in result.violations:
            if v.code not in codes:
                continue
            keys.add((os.path.basename(path), _start_line(v, starts) + 1, v.code))
    return keys


def _instruction_starts(result) -> List[Tuple[int, int, int]]:
    doc = getattr(result, "dockerfile", None)
    if doc is None:
        return []
    return [(ins.span.start, ins.span.end, ins.start_line) for ins in doc.instructions]


def _start_line(v, starts: List[Tuple[int, int, int]]) -> int:
    for start, end, line in starts:
        if start <= v.span.start <= end:
            return line
    if v.instruction_line is not None:
        return v.instruction_line
    return 0


def compare(ours: Set[Key], theirs: Set[Key], codes: Sequence[str]) -> Dict[str, dict]:
    """Per code: true positives, our extras (fp), hadolint's extras (fn), precision, recall, F1."""
    out: Dict[str, dict] = {}
    for code in codes:
        a = {k for k in ours if k[2] == code}
        b = {k for k in theirs if k[2] == code}
        tp = len(a & b)
        precision = tp / len(a) if a else (1.0 if not b else 0.0)
        recall = tp / len(b) if b else (1.0 if not a else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[code] = {"ours": len(a), "hadolint": len(b), "tp": tp, "fp": sorted(a - b), "fn": sorted(b - a),
                     "precision": precision, "recall": recall, "f1": f1}
    return out


def run(hadolint_json: str, directory: str, codes: Optional[Sequence[str]] = None) -> Dict[str, dict]:
    with open(hadolint_json, encoding="utf-8") as fh:
        theirs, unparsed = hadolint_keys(json.load(fh))
    if not codes:
        codes = sorted({k[2] for k in theirs if k[2].startswith("DL") and k[2] != "DL1000"})
    paths = [os.path.join(directory, n) for n in sorted(os.listdir(directory)) if n not in unparsed]
    theirs = {k for k in theirs if k[0] not in unparsed}
    return compare(stanzalint_keys(paths, codes), theirs, codes)


def main(argv: Sequence[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    report = run(argv[0], argv[1], list(argv[2:]) or None)
    for code, r in report.items():
        print(f"{code}: ours={r['ours']} hadolint={r['hadolint']} tp={r['tp']} "
              f"P={r['precision']:.2f} R={r['recall']:.2f} F1={r['f1']:.2f}")
    for code, r in report.items():
        for k in r["fp"]:
            print(f"  + {code} {k[0]}:{k[1]}")
        for k in r["fn"]:
            print(f"  - {code} {k[0]}:{k[1]}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "server"))
    raise SystemExit(main(sys.argv[1:]))
