from stanzalint.analysis.model import ShellCommand
from stanzalint.config import Config
from stanzalint.engine import prepare
from stanzalint.rules.toolkit.run_summaries import posix_runs_where, run_summaries, run_summary
from toolkit_input import analysed


def _runs(text: str):
    dockerfile, analysis = prepare(text, Config())[:2]
    return analysis, [ins for ins in dockerfile.instructions if ins.keyword == "RUN"]


def test_each_run_is_summarised_once_wherever_it_stands():
    asked: list[list[str]] = []

    def names(commands: list[ShellCommand]) -> tuple[str, ...]:
        asked.append([c.name for c in commands])
        return tuple(c.name for c in commands)

    analysis, runs = _runs("FROM debian:12\nRUN rm -rf /tmp/a && apt-get clean\nRUN echo moved-a\n")
    assert run_summaries(analysis, runs, names) == [("rm", "apt-get"), ("echo",)]
    assert asked == [["rm", "apt-get"], ["echo"]]
    # the same RUNs further down another file, one of them edited: only that one is read again
    analysis, runs = _runs("FROM debian:12\nENV A=1\nRUN rm -rf /tmp/a && apt-get clean\nRUN echo moved-b\n")
    assert run_summaries(analysis, runs, names) == [("rm", "apt-get"), ("echo",)]
    assert asked == [["rm", "apt-get"], ["echo"], ["echo"]]


def test_the_shell_in_effect_decides_the_answer():
    def count(commands: list[ShellCommand]) -> int:
        return len(commands)

    run = "RUN rm -rf /tmp/shell-decides && echo done\n"
    analysis, runs = _runs("FROM debian:12\n" + run)
    assert run_summaries(analysis, runs, count) == [2]
    analysis, runs = _runs('FROM debian:12\nSHELL ["pwsh", "-c"]\n' + run)
    assert run_summaries(analysis, runs, count) == [0]


def _names(commands):
    _names.calls += 1
    return tuple(cmd.name for cmd in commands)


def test_a_run_is_summarised_once_per_text_shell_and_escape():
    _names.calls = 0
    dockerfile, analysis = analysed(
        "FROM a\nRUN apt-get update && useradd summary-app\nRUN apt-get update && useradd summary-app\n"
    )
    first, second = dockerfile.instructions[1:]
    assert run_summary(analysis, first, _names) == ("apt-get", "useradd")
    assert run_summary(analysis, second, _names) == ("apt-get", "useradd")  # the same text elsewhere
    assert _names.calls == 1
    dockerfile, analysis = analysed("FROM a\nARG X\nRUN apt-get update && useradd summary-app\n")  # moved down
    assert run_summary(analysis, dockerfile.instructions[2], _names) == ("apt-get", "useradd")
    assert _names.calls == 1


def test_a_new_text_or_shell_is_summarised_again():
    _names.calls = 0
    dockerfile, analysis = analysed("FROM a\nRUN echo summary-app true\n")
    assert run_summary(analysis, dockerfile.instructions[1], _names) == ("echo",)
    dockerfile, analysis = analysed("FROM a\nRUN echo summary-app truex\n")
    assert run_summary(analysis, dockerfile.instructions[1], _names) == ("echo",)
    dockerfile, analysis = analysed('FROM a\nSHELL ["pwsh", "-c"]\nRUN echo summary-app true\n')
    assert run_summary(analysis, dockerfile.instructions[2], _names) == ()  # not a POSIX shell: no commands
    assert _names.calls == 3


def test_a_run_whose_commands_reach_outside_it_is_not_remembered(monkeypatch):
    """What the RUN's text alone does not decide is worked out again each time (as the
    analysis's own memo of commands does)."""
    from stanzalint.rules.toolkit import run_summaries as module

    monkeypatch.setattr(module, "commands_within", lambda _commands, _span: False)
    _names.calls = 0
    dockerfile, analysis = analysed("FROM a\nRUN echo summary-outside\n")
    assert run_summary(analysis, dockerfile.instructions[1], _names) == ("echo",)
    assert run_summary(analysis, dockerfile.instructions[1], _names) == ("echo",)
    assert _names.calls == 2


def _curl(commands: list[ShellCommand]) -> int:
    """How many commands run curl (a true summary when some do)."""
    return sum(c.name == "curl" for c in commands)


def test_posix_runs_where_hands_the_runs_whose_summary_is_true_with_their_commands(run_lines_read):
    text = (
        "FROM a\nRUN echo where-a\nRUN curl -O where-b && curl -O where-c\nONBUILD RUN curl where-d\n"
        'SHELL ["pwsh", "-c"]\nRUN curl where-e\n'
    )
    analysis, _ = _runs(text)
    found = posix_runs_where(analysis, _curl)
    assert [(run.start_line, [c.words[-1].value for c in commands], n) for run, commands, n in found] == [
        (2, ["where-b", "where-c"], 2),
        (3, ["where-d"], 1),
    ]
    run_lines_read.clear()
    analysis, _ = _runs(text.replace("FROM a\n", "FROM a\nENV A=1\n"))  # the same RUNs, moved
    assert [(run.start_line, n) for run, _commands, n in posix_runs_where(analysis, _curl)] == [(3, 2), (4, 1)]
    assert run_lines_read == [3, 4]  # the others' answers are remembered


def test_a_run_is_looked_up_by_its_text_once_per_lint(monkeypatch):
    """Several rules ask their questions of the same RUN in one lint: its text, SHELL and escape
    character are looked up once, and every answer is still the RUN's own."""
    from stanzalint.rules.toolkit import run_summaries as module

    _names.calls = 0
    analysis, runs = _runs("FROM a\nRUN echo looked-up-once\nRUN curl -O looked-up-once\n")
    looked_up: list[str] = []
    get = module._ANSWERS.get
    monkeypatch.setattr(module._ANSWERS, "get", lambda key: looked_up.append(key[0]) or get(key))
    assert [run_summary(analysis, run, _names) for run in runs] == [("echo",), ("curl",)]
    assert [run_summary(analysis, run, _curl) for run in runs] == [0, 1]
    assert looked_up == ["RUN echo looked-up-once", "RUN curl -O looked-up-once"]


def test_the_runs_an_edit_left_or_moved_take_the_answers_of_where_they_were(monkeypatch):
    """After a keystroke, a RUN the edit left or moved (the same text) is not cut out and looked
    up by its text again; the edited one is, and a new SHELL above the RUNs is looked up too."""
    from stanzalint.rules.toolkit import run_summaries as module

    text = "FROM a\nRUN echo carried-a\nRUN echo carried-b && curl -O carried-b\nRUN curl -O carried-c\n"
    before = prepare(text, Config())
    runs = [ins for ins in before[0].instructions if ins.keyword == "RUN"]
    assert [run_summary(before[1], run, _curl) for run in runs] == [0, 1, 1]
    looked_up: list[str] = []
    get = module._ANSWERS.get
    monkeypatch.setattr(module._ANSWERS, "get", lambda key: looked_up.append(key[0]) or get(key))
    edited = text.replace("carried-a", "carried-ab && curl -O x")
    after = prepare(edited, Config(), before[1])
    runs = [ins for ins in after[0].instructions if ins.keyword == "RUN"]
    assert [run_summary(after[1], run, _curl) for run in runs] == [1, 1, 1]
    assert looked_up == ["RUN echo carried-ab && curl -O x"]
    looked_up.clear()
    shell = edited.replace("FROM a\n", 'FROM a\nSHELL ["pwsh", "-c"]\n')
    moved = prepare(shell, Config(), after[1])
    runs = [ins for ins in moved[0].instructions if ins.keyword == "RUN"]
    assert [run_summary(moved[1], run, _curl) for run in runs] == [0, 0, 0]
    assert len(looked_up) == 3
