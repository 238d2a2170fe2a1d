"""SZ501 reads of each RUN the words of the account and permission commands (``useradd``,
``adduser``, ``chown``, ``chmod``) and a summary of the others (``reads_runs``: what
``root_finding`` reads, the commands' names): typing in any other word keeps its finding, moved
with its instruction, without running it again; an edit that changes what it reads runs it
again, with a fresh lint's finding."""

from __future__ import annotations

from test_stage_rules_reading_run_summaries_sz502_sz704 import typed

NEVER_SETS_USER = "The final stage never sets USER: containers from this image run as root (base `debian:12`)"

GIVEN_ITS_DIRECTORY = """FROM debian:12
WORKDIR /app
RUN useradd analyst && echo "ready" > /app/ready && chown analyst /app
RUN apt-get install -y --no-install-recommends curl=8.5.0
CMD ["/app/run"]
"""


def test_sz501_typing_in_a_word_it_does_not_read_keeps_its_finding_without_running():
    edited = GIVEN_ITS_DIRECTORY.replace('"ready"', '"all ready"').replace("curl=8.5.0", "curl=8.5.1")
    found, runs = typed("SZ501", GIVEN_ITS_DIRECTORY, edited)
    assert [(under, message, fix.title) for _code, under, _at, message, fix in found] == [
        ("FROM debian:12", NEVER_SETS_USER, "Append USER analyst")
    ]
    assert runs == [5]  # the first lint only


def test_sz501_an_edit_in_a_chown_runs_it_again():
    # the working directory is given to another account: the fix would lock the program out
    edited = GIVEN_ITS_DIRECTORY.replace("chown analyst", "chown guest")
    found, runs = typed("SZ501", GIVEN_ITS_DIRECTORY, edited)
    assert [(message, fix) for _code, _under, _at, message, fix in found] == [
        (
            f"{NEVER_SETS_USER}; no fix offered: the working directory `/app` is owned by root and "
            "nothing in the file lets the user write there",
            None,
        )
    ]
    assert runs == [5, 5]


def test_sz501_a_command_renamed_runs_it_again():
    # only directory set-up runs in the working directory: it is there for data, on a mount
    text = (
        'FROM debian:12\nWORKDIR /srv/data\nRUN mkdir -p /srv/data/cache && chmod 777 /srv/data\nCMD ["/usr/bin/app"]\n'
    )
    found, runs = typed("SZ501", text, text)
    assert [fix for *_, fix in found] == [None]
    # a command that writes files there: the build fills it, and the fix is offered
    found, runs = typed("SZ501", text, text.replace("mkdir -p", "touch"))
    assert [fix.title for *_, fix in found] == [
        "Create user app (uid 10001), give it the working directory and switch to it"
    ]
    assert runs == [4, 4]
