from __future__ import annotations

from stanzalint.engine import prepare
from stanzalint.rules.toolkit.stage_names import duplicate_stage_names, stage_at, stage_names, stage_names_in_upper_case

TEXT = "ARG V=1\nFROM a AS One\nRUN x\nFROM b\nONBUILD FROM c AS inner\nFROM One AS two\nFROM d AS\nFROM e AS one\n"


def _named(text: str) -> list[tuple[int, str, str | None]]:
    """Each named stage of ``text``'s analysis: its FROM's index, the name read, the stage's name."""
    _dockerfile, analysis = prepare(text)[:2]
    return [(at, name, stage_at(analysis, at).name) for at, name in stage_names(analysis)]


def test_the_stages_a_from_names_as_the_analysis_names_them():
    assert _named(TEXT) == [(1, "One", "One"), (5, "two", "two"), (7, "one", "one")]
    analysis = prepare(TEXT)[1]
    assert stage_names_in_upper_case(analysis) == [(1, "One")]
    assert duplicate_stage_names(analysis) == [(7, 1)]


def test_after_keystrokes_the_names_are_a_fresh_analysis_names():
    texts = [
        TEXT,
        TEXT.replace("RUN x", "RUN xy"),  # moves the FROMs after it
        TEXT.replace("FROM b\n", "FROM b AS Three\n"),
        TEXT.replace("AS one", "AS other"),
        TEXT.replace("FROM a AS One\n", "FROM a\n"),
        TEXT.replace("RUN x\n", "RUN x\nFROM e AS four\n"),
    ]
    previous = prepare(texts[0])
    for text in texts[1:]:
        previous = prepare(text, previous=previous[1])
        assert [(at, name) for at, name in stage_names(previous[1])] == [(at, name) for at, name, _ in _named(text)]
        assert [stage_at(previous[1], at).name for at, _ in stage_names(previous[1])] == [
            name for _, name, _ in _named(text)
        ]
        fresh = prepare(text)[1]
        assert stage_names_in_upper_case(previous[1]) == stage_names_in_upper_case(fresh)
        assert duplicate_stage_names(previous[1]) == duplicate_stage_names(fresh)
