from __future__ import annotations

from ruletest import fixed, found, violations

CHOWN = "`chown -R` rewrites files an earlier COPY added, so they are stored twice; use `COPY --chown=...` instead"


def test_chown_after_copy_is_replaced_by_flag():
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN chown -R app:app /app\nUSER app\n"
    assert found("SZ404", text) == [("4:5-4:26", CHOWN)]
    assert fixed("SZ404", text, unsafe=True) == "FROM python:3.12-slim\nWORKDIR /app\nCOPY --chown=app:app . .\nUSER app\n"


def test_chmod_octal_and_crlf():
    text = "FROM debian:12\r\nCOPY scripts/ /opt/scripts/\r\nRUN chmod -R 755 /opt/scripts\r\n"
    assert fixed("SZ404", text, unsafe=True) == "FROM debian:12\r\nCOPY --chmod=755 scripts/ /opt/scripts/\r\n"


def test_no_fix_for_parent_paths_chains_symbolic_modes_or_runs_between():
    text = (
        "FROM debian:12\nCOPY app /srv/app\nRUN useradd app && chown -R app /srv\n"
        "COPY b /b\nRUN chmod -R u+x /b\n"
        "COPY c /c\nRUN useradd c\nRUN chown -R c /c\n"
    )
    assert [loc for loc, _ in found("SZ404", text)] == ["3:20-3:37", "5:5-5:20", "8:5-8:18"]
    assert [v.fix for v in violations("SZ404", text)] == [None, None, None]


def test_clean_cases():
    text = (
        "FROM debian:12\nRUN chown -R app /data\nCOPY --chown=app . /app\nRUN chown app /app\n"
        "FROM debian:12\nCOPY x /x\nFROM debian:12\nRUN chown -R a /x\n"
    )
    assert found("SZ404", text) == []
