"""Stage rules that read a summary of each RUN (``reads_runs``): typing inside a word the
summary leaves out keeps their findings, moved with their instructions, without running them
again; an edit that changes a summary runs them again, with a fresh lint's findings."""

from __future__ import annotations

from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings_memo import FindingsMemo
from test_stage_rules_reading_no_command import counting

CONFIG = Config()


def typed(code: str, text: str, edited: str) -> tuple[list[tuple], list[int]]:
    """The findings of ``code`` on ``edited`` linted through a memo that saw ``text`` (checked
    equal to a fresh lint's: code, place, message, fix), and the instructions of each run."""
    runs: list[int] = []
    memo = FindingsMemo()
    lint(text, CONFIG, rules=[counting(code, runs)], memo=memo)
    result = lint(edited, CONFIG, rules=[counting(code, runs)], memo=memo)
    fresh = lint(edited, CONFIG, rules=[registry.get(code)])
    found = [(v.code, edited[v.span.start : v.span.end], v.span.start, v.message, v.fix) for v in result.violations]
    assert found == [
        (v.code, edited[v.span.start : v.span.end], v.span.start, v.message, v.fix) for v in fresh.violations
    ]
    return found, runs


SZ704_TEXT = """FROM ubuntu:24.04 AS base
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends curl && echo "ready"
FROM base AS app
RUN ./configure --prefix=/opt/app && make install
CMD ["/opt/app/bin/app"]
"""


def test_sz704_typing_in_a_word_it_does_not_read_keeps_its_finding_without_running():
    edited = SZ704_TEXT.replace('echo "ready"', 'echo "all ready"').replace("/opt/app ", "/opt/app2 ")
    found, runs = typed("SZ704", SZ704_TEXT, edited)
    assert [(code, under) for code, under, *_ in found] == [("SZ704", "DEBIAN_FRONTEND")]
    assert found[0][4] is not None  # the stage built on it runs no apt: ENV becomes ARG
    assert runs == [6]  # the first lint only


def test_sz704_an_edit_that_changes_what_a_run_says_runs_it_again():
    # the stage built on it now runs apt: the finding stays, without an edit
    runs_apt = SZ704_TEXT.replace("./configure --prefix=/opt/app", "apt-get install -y tzdata")
    found, runs = typed("SZ704", SZ704_TEXT, runs_apt)
    assert [(under, fix) for _code, under, _at, _message, fix in found] == [("DEBIAN_FRONTEND", None)]
    assert runs == [6, 6]
    # apt is configured to answer yes by itself: no finding
    assume_yes = SZ704_TEXT.replace('echo "ready"', "echo 'APT::Get::Assume-Yes 1;' > /etc/apt/apt.conf.d/90yes")
    found, runs = typed("SZ704", SZ704_TEXT, assume_yes)
    assert (found, runs) == ([], [6, 6])


SZ502_TEXT = """FROM debian:12 AS app
RUN useradd --create-home analyst && echo "welcome" > /etc/motd
RUN apt-get install -y --no-install-recommends curl=8.5.0 && echo "guest:secret" | chpasswd
USER nobody
"""
SZ502_MESSAGE = "User `analyst` is created but nothing switches to it: add `USER analyst`"


def test_sz502_typing_in_a_word_it_does_not_read_keeps_its_finding_without_running():
    edited = SZ502_TEXT.replace('"welcome"', '"welcome all"').replace("curl=8.5.0", "curl=8.5.1")
    found, runs = typed("SZ502", SZ502_TEXT, edited)
    assert [(under, message) for _code, under, _at, message, _fix in found] == [("analyst", SZ502_MESSAGE)]
    assert runs == [4]  # the first lint only


def test_sz502_an_edit_that_changes_what_a_run_says_runs_it_again():
    # the account is given a password: one people log in with
    found, runs = typed("SZ502", SZ502_TEXT, SZ502_TEXT.replace("guest:secret", "analyst:secret"))
    assert (found, runs) == ([], [4, 4])
    # the image brings gosu: an entrypoint switches to the account at run time
    found, runs = typed("SZ502", SZ502_TEXT, SZ502_TEXT.replace("curl=8.5.0", "gosu"))
    assert (found, runs) == ([], [4, 4])
    # the account is renamed: the finding follows it
    found, runs = typed("SZ502", SZ502_TEXT, SZ502_TEXT.replace("analyst", "analyst2"))
    assert [under for _code, under, *_ in found] == ["analyst2"]
    assert runs == [4, 4]


def test_sz502_reruns_when_a_package_changes_whether_the_final_stage_stays_root():
    # the final stage runs as root (SZ501 reports it); installing an editor makes it a workspace
    # meant to run as root, which leaves the unused account to this rule
    text = 'FROM debian:12\nRUN apt-get install -y vi && useradd analyst\nCMD ["/app/run"]\n'
    found, runs = typed("SZ502", text, text.replace(" vi ", " vim "))
    assert [under for _code, under, *_ in found] == ["analyst"]
    assert runs == [3, 3]
    found, runs = typed("SZ502", text, text.replace(" vi ", " vi-x "))
    assert (found, runs) == ([], [3])
