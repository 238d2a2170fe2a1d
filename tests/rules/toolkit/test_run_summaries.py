from stanzalint.rules.toolkit.run_summaries import run_summary
from toolkit_input import analysed


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
