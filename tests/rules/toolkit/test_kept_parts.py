from stanzalint.analysis import analyze
from stanzalint.rules.toolkit.kept_parts import KeptStageParts
from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse

TEXT = 'FROM a\nSHELL ["/bin/bash", "-c"]\nRUN one\nCOPY x /x\nRUN two\nFROM a AS b\nRUN three\nENV k=v\nRUN four\n'


def _recording() -> tuple[KeptStageParts[object], list[str]]:
    """KeptStageParts whose part is an instruction's text, for a RUN with the SHELL it runs
    under (weighing the texts of the others), and the RUN texts it asked."""
    asked: list[str] = []

    def part(analysis, ins):
        text = analysis.dockerfile.text[ins.span.start : ins.span.end]
        if ins.keyword != "RUN":
            return text
        asked.append(text)
        return text, tuple(analysis.shell_of(ins))

    return KeptStageParts(part, lambda part: len(part) if isinstance(part, str) else 0), asked


def _parts(kept, analysis) -> list[tuple]:
    return [(p.weight, p.parts) for p in (kept.of(analysis, stage) for stage in analysis.stages)]


def _fresh(text: str) -> list[tuple]:
    fresh, _ = _recording()
    return _parts(fresh, analyze(parse(text)))


def test_after_a_keystroke_only_the_instructions_read_again_are_asked():
    kept, asked = _recording()
    parses = [parse(TEXT)]  # the previous parses live on, as the server keeps the last one
    assert _parts(kept, analyze(parses[-1])) == _fresh(TEXT)
    typed = TEXT.replace("RUN two", "RUN twos")
    for text in (typed, typed.replace("k=v", "k=w")):
        asked.clear()
        parses.append(reparse(parses[-1], text))
        assert _parts(kept, analyze(parses[-1])) == _fresh(text)
        assert asked == ([] if "k=w" in text else ["RUN twos"])  # the edited RUN only: ENV is no RUN
    assert _fresh(text)[1][0] == len("FROM a AS b") + len("ENV k=w")  # the length of the texts


def test_parts_are_carried_through_parses_nobody_asked_about():
    kept, asked = _recording()
    parses = [parse(TEXT)]
    kept.of(analyze(parses[-1]), analyze(parses[-1]).stages[1])
    for text in (TEXT.replace("RUN three", "RUN threes"), TEXT.replace("RUN three", "RUN third")):
        parses.append(reparse(parses[-1], text))  # the first is not asked about
    asked.clear()
    assert _parts(kept, analyze(parses[-1])) == _fresh(text)
    assert sorted(asked) == ["RUN one", "RUN third", "RUN two"]  # the first stage, never asked, and the edit


def test_an_edit_to_a_shell_or_a_stage_asks_every_run_again():
    for edited in (
        TEXT.replace('"/bin/bash"', '"/bin/zsh"'),  # the RUNs after it run under another SHELL
        TEXT.replace("COPY x /x", "FROM c\nCOPY x /x"),  # the RUNs after it are in another stage
    ):
        kept, asked = _recording()
        first = parse(TEXT)
        _parts(kept, analyze(first))
        asked.clear()
        assert _parts(kept, analyze(reparse(first, edited))) == _fresh(edited)
        assert len(asked) == 4
