"""A parse and analysis seen through some instructions (``stanzalint.partial``) show what the
whole file shows of those instructions, and nothing of the others."""

from __future__ import annotations

from stanzalint.analysis import analyze
from stanzalint.engine import prepare
from stanzalint.partial import restricted
from stanzalint.syntax import parse

TEXT = (
    "FROM debian:12 AS a\nRUN make\nONBUILD RUN make install\nCOPY . /src\n"
    'SHELL ["pwsh", "-c"]\nRUN Write-Host hi\nRUN ["make", "test"]\nONBUILD COPY . /x\n'
    "FROM a\nRUN make docs\nONBUILD RUN make clean\n"
)


def test_a_view_shows_the_whole_file_s_instructions_commands_and_runs_that_are_its_own():
    dockerfile, analysis = prepare(TEXT)
    for shown in ([1, 2], [0, 3, 5, 6, 7], [9, 10], [4], list(range(len(dockerfile.instructions)))):
        instructions = [dockerfile.instructions[i] for i in shown]
        stages = [s for s in analysis.stages if any(analysis.stage_of(ins) is s for ins in instructions)]
        partial, seen = restricted(dockerfile, analysis, instructions, stages)
        ids = {id(ins) for ins in instructions}
        mine = [ins for ins in dockerfile.walk() if id(ins.parent or ins) in ids]
        assert list(partial.walk()) == mine
        for keyword in ("RUN", "COPY", "ONBUILD", "SHELL", "FROM"):
            assert partial.of_keyword(keyword) == [ins for ins in mine if ins.keyword == keyword]
        assert partial.of_keywords("COPY", "RUN", "FROM") == [
            ins for ins in mine if ins.keyword in ("COPY", "RUN", "FROM")
        ]
        runs = [(ins, cmds) for ins, cmds in analysis.posix_runs if any(ins is m for m in mine)]
        assert seen.posix_runs == runs
        assert seen.posix_stage_runs == [(ins, cmds) for ins, cmds in runs if ins.parent is None]
        assert list(seen.all_commands()) == [(s, c) for s, c in analysis.all_commands() if s in stages]


def test_a_run_under_a_shell_that_is_not_posix_is_not_among_the_command_rules_runs():
    dockerfile, analysis = prepare(TEXT)
    partial, seen = restricted(dockerfile, analysis, dockerfile.instructions[5:7], analysis.stages[:1])
    assert [ins.rest.text for ins, _cmds in seen.posix_runs] == ['["make", "test"]']


STAGES = 'FROM a AS one\nRUN make one\nFROM b AS two\nRUN make two && make check\nSHELL ["pwsh", "-c"]\nRUN dir\n'


def test_the_runs_of_some_stages_are_theirs_and_only_their_commands_are_parsed():
    dockerfile = parse(STAGES)
    analysis = analyze(dockerfile)
    two = analysis.stages[1]
    _, partial = restricted(dockerfile, analysis, two.instructions, [two])
    runs = partial.posix_runs
    assert [(ins.start_line, [c.argv for c in cmds]) for ins, cmds in runs] == [
        (3, [["make", "two"], ["make", "check"]])
    ]
    assert set(analysis._commands) == {id(runs[0][0])}  # the other stage's RUN was not parsed
    assert runs == analysis.posix_runs[1:]
