"""Stage rules that read a summary of every RUN's commands (``reads_runs``): typing inside a
word the summary leaves out (an ``echo`` string, a package name) keeps their findings, moved
with their instructions, without running them again; an edit that changes what they read runs
them again and gives a fresh lint's findings."""

from __future__ import annotations

from ruletest import memo_session
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.rules.base import Rule

CONFIG = Config()


def counting(code: str, runs: list[list[int]]) -> Rule:
    """Rule ``code``, recording the lines of the instructions it is shown on each run."""
    rule = registry.get(code)

    def check(ctx):
        runs.append([ins.start_line + 1 for ins in ctx.dockerfile.instructions])
        return rule.check(ctx)

    return Rule(rule.meta, check)


def typed(code: str, *texts: str) -> tuple[list[str], list[list[int]]]:
    """Each text linted in turn through one memo on the previous parse (as the server lints),
    checked against a fresh lint: the text under the last lint's findings, and the lines of the
    instructions each run of the rule was shown."""
    runs: list[list[int]] = []
    results = memo_session(texts, CONFIG, [counting(code, runs)], on_analysis=False)
    for text, result in zip(texts, results):
        fresh = lint(text, CONFIG, rules=[registry.get(code)])
        assert [(v.span, v.message, v.fix) for v in result.violations] == [
            (v.span, v.message, v.fix) for v in fresh.violations
        ]
    return [texts[-1][v.span.start : v.span.end] for v in results[-1].violations], runs


# -- SZ702: unused ARG --------------------------------------------------------------------------

UNUSED = 'FROM debian:12\nARG VERSION=1\nRUN echo "hello" > /greeting && >$LOG echo done\n'


def test_sz702_keeps_its_finding_while_an_echo_string_is_typed():
    found, runs = typed("SZ702", UNUSED, UNUSED.replace("hello", "hello, world"))
    assert found == ["VERSION=1"]
    assert runs == [[1, 2, 3]]  # the first lint only


#: hadolint's pragma makes RUNs PowerShell scripts, whose ``${env:X}`` reads ``X``
POWERSHELL = "# hadolint shell=powershell\nFROM alpine:3.20 AS b\nARG V=1\nRUN echo ${env:V}\n"


def test_sz702_runs_again_when_a_powershell_run_stops_reading_the_arg():
    found, runs = typed("SZ702", POWERSHELL, POWERSHELL.replace("${env:V}", "${env:W}"))
    assert found == ["V=1"]
    assert runs == [[2, 3, 4], [2, 3, 4]]


def test_sz702_runs_again_when_a_cmd_run_stops_reading_the_arg():
    text = 'FROM alpine:3.20 AS b\nSHELL ["cmd", "/S", "/C"]\nARG V=1\nRUN echo %V%\n'
    found, _ = typed("SZ702", text, text.replace("%V%", "%W%"))
    assert found == ["V=1"]


def test_sz702_runs_again_when_a_posix_reference_joins_a_powershell_one_to_the_same_name():
    text = "FROM alpine:3.20 AS b\nARG W=2\nRUN echo ${env:W}\n"
    found, _ = typed("SZ702", text, text.replace("${env:W}", "${env:W} ${W}"))
    assert found == []
    found, _ = typed("SZ702", text.replace("${env:W}", "${env:W} ${W}"), text)
    assert found == ["W=2"]


def test_sz702_runs_again_when_a_run_starts_reading_the_arg():
    found, runs = typed("SZ702", UNUSED, UNUSED.replace('"hello"', '"hello $VERSION"'))
    assert found == []
    assert runs == [[1, 2, 3], [1, 2, 3]]


def test_sz702_runs_again_when_a_redirection_inside_a_command_starts_reading_the_arg():
    """``>$LOG echo done``: the reference stands inside the command, in no word of it."""
    found, runs = typed("SZ702", UNUSED, UNUSED.replace("$LOG", "$VERSION"))
    assert found == []
    assert runs == [[1, 2, 3], [1, 2, 3]]


def test_sz702_runs_again_when_a_run_starts_a_script_that_may_read_the_arg():
    found, runs = typed("SZ702", UNUSED, UNUSED.replace("echo done", "./build.sh"))
    assert found == []
    assert runs == [[1, 2, 3], [1, 2, 3]]


# -- SZ901: Python packages compiled on a musl-based image -------------------------------------

#: a RUN whose heredoc body is its script, where the shell parser takes everything after an open
#: ``${`` for one command: a quote left open further down hides only the later references
HEREDOC_SCRIPT = (
    'FROM debian:12\nARG V=1\nRUN <<EOF\napt-get install -y \\\n  "${A \\\nB[@]}"\n\n'
    "X=(\n  'a'\n  'b'\n)\nwget https://example.com/$V\nEOF\n"
)


def test_sz702_runs_again_when_a_quote_left_open_in_a_heredoc_script_hides_the_reference():
    found, runs = typed("SZ702", HEREDOC_SCRIPT, HEREDOC_SCRIPT.replace("'b'", "b'"))
    assert found == ["V=1"]
    assert runs == [[1, 2, 3], [1, 2, 3]]


ALPINE = 'FROM python:3.12-alpine\nRUN echo "hello" && pip install --no-cache-dir numpy requests\n'


def test_sz901_keeps_its_finding_while_an_echo_string_is_typed():
    found, runs = typed("SZ901", ALPINE, ALPINE.replace("hello", "hello, world"))
    assert found == ["pip install --no-cache-dir numpy requests"]
    assert runs == [[1, 2]]  # the first lint only


def test_sz901_runs_again_when_the_compiled_package_is_renamed():
    found, runs = typed("SZ901", ALPINE, ALPINE.replace("numpy", "numpyx"))
    assert found == []
    assert runs == [[1, 2], [1, 2]]


def test_sz901_runs_again_when_a_requirements_install_meets_a_compiler():
    text = ALPINE.replace("numpy requests", "-r requirements.txt")
    found, runs = typed("SZ901", text, text.replace('echo "hello"', "apk add gcc"))
    assert found == ["pip install --no-cache-dir -r requirements.txt"]
    assert runs == [[1, 2], [1, 2]]
