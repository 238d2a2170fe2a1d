"""Helpers for the parser tests: the BuildKit oracle comparison and the shared corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stanzalint.syntax import parse

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "dockerfiles"

_LEADING_TABS = re.compile(r"(?m)^\t+")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.is_file())


def oracle_disagreements(text: str) -> list[str]:
    """Every way our parse of ``text`` differs from BuildKit's own parser (empty: agreement).

    Where BuildKit rejects the text, we must report at least one SZ issue instead.
    """
    dockerfile = pytest.importorskip("dockerfile")
    ours = parse(text)
    try:
        theirs = dockerfile.parse_string(text)
    except dockerfile.GoParseError as exc:
        if not ours.issues:
            return [f"BuildKit rejects the file ({exc}) but we report no SZ issue"]
        return []
    except UnicodeDecodeError:  # the oracle's own wrapper cannot decode what BuildKit produced
        return []
    problems: list[str] = []
    if len(theirs) != len(ours.instructions):
        problems.append(
            f"instruction count {len(ours.instructions)} != {len(theirs)}: "
            f"ours {[i.keyword for i in ours.instructions]} theirs {[c.cmd for c in theirs]}"
        )
        return problems
    for ins, cmd in zip(ours.instructions, theirs):
        where = f"line {cmd.start_line} {cmd.cmd}"
        eff = ins.effective

        def same(label: str, mine: object, other: object, where: str = where) -> None:
            if mine != other:
                problems.append(f"{where}: {label} ours={mine!r} buildkit={other!r}")

        same("keyword", ins.keyword, (cmd.cmd or "").upper())
        same("sub_cmd", ins.inner.keyword if ins.inner else None, cmd.sub_cmd.upper() if cmd.sub_cmd else None)
        same("start_line", ins.start_line, cmd.start_line - 1)
        same("end_line", ins.end_line, cmd.end_line - 1)
        same("original", ins.original, cmd.original or "")
        same("flags", tuple(f.text for f in ins.flags), tuple(cmd.flags))
        if not (ins.inner is not None and ins.inner.keyword == "ONBUILD"):
            same("json", eff.is_json, cmd.json)
            same("value", tuple(t.value for t in eff.args), tuple(cmd.value))
        if ins.inner is None:
            mine = tuple((h.name, h.file_descriptor, h.body.text) for h in ins.heredocs)
            other = tuple(
                (h.name, h.file_descriptor, _LEADING_TABS.sub("", h.content) if chomp else h.content)
                for h, chomp in zip(cmd.heredocs, [h.chomp for h in ins.heredocs] + [False] * len(cmd.heredocs))
            )
            same("heredocs", mine, other)
    return problems
