from stanzalint.analysis.model import ShellCommand
from stanzalint.config import Config
from stanzalint.engine import prepare
from stanzalint.rules.toolkit.run_summaries import run_summaries


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
