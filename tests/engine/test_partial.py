"""A parse and analysis seen through some stages: what a scoped rule re-run on them reads."""

from stanzalint.analysis import analyze
from stanzalint.partial import restricted
from stanzalint.syntax import parse

TEXT = 'FROM a AS one\nRUN make one\nFROM b AS two\nRUN make two && make check\nSHELL ["pwsh", "-c"]\nRUN dir\n'


def test_the_runs_of_some_stages_are_theirs_and_only_their_commands_are_parsed():
    dockerfile = parse(TEXT)
    analysis = analyze(dockerfile)
    two = analysis.stages[1]
    _, partial = restricted(dockerfile, analysis, two.instructions, [two])
    runs = partial.posix_runs
    assert [(ins.start_line, [c.argv for c in cmds]) for ins, cmds in runs] == [
        (3, [["make", "two"], ["make", "check"]])
    ]
    assert set(analysis._commands) == {id(runs[0][0])}  # the other stage's RUN was not parsed
    assert runs == analysis.posix_runs[1:]
