"""What a rule reading only some commands sees of a RUN: the same projection when another
command's words change, a new one when anything it may read changes."""

from __future__ import annotations

import pytest
from stanzalint.command_projection import CommandReads, Projections, RecentLints, projection
from stanzalint.config import Config
from stanzalint.engine import prepare
from stanzalint.findings_memo import Tokens


def projected(text: str, declared=("apt-get",)):
    dockerfile, analysis = prepare(f"FROM debian:12\n{text}\n", Config())
    run = dockerfile.instructions[1]
    source = dockerfile.text[run.span.start : run.span.end]
    return projection(run, source, analysis.commands(run), frozenset(declared))


BEFORE = "RUN apt-get install -y curl && echo hello > /tmp/x # note"


@pytest.mark.parametrize(
    "after",
    [
        "RUN apt-get install -y curl && echo hello there > /tmp/x # note",
        "RUN apt-get install -y curl && printf hello > /tmp/x # note",
    ],
    ids=["words", "name"],
)
def test_a_change_to_a_command_not_declared_keeps_the_projection(after):
    assert projected(after) == projected(BEFORE)


@pytest.mark.parametrize(
    "after",
    [
        "RUN apt-get install -y curl git && echo hello > /tmp/x # note",  # a declared command's words
        "RUN apt-get install -y curl || echo hello > /tmp/x # note",  # an operator
        "RUN apt-get install -y curl && echo hello > /tmp/y # note",  # a redirection
        "RUN apt-get install -y curl && echo hello > /tmp/x # other",  # a comment
        "RUN apt-get install -y curl && echo hello | tee /tmp/x",  # a pipe
        "RUN apt-get install -y curl && (echo hello > /tmp/x) # note",  # a subshell
        "RUN --network=none apt-get install -y curl && echo hello > /tmp/x # note",  # a flag
        "RUN apt-get install -y curl && echo hello > /tmp/x && apt-get clean # note",  # a declared command more
        "RUN apt-get install -y curl && apt-get hello > /tmp/x # note",  # a command now declared
        "RUN apt-get install -y curl && sh -c 'apt-get hello' > /tmp/x # note",  # a declared one inside sh -c
        "RUN apt-get install -y curl && echo hello > /tmp/x # note`",  # the script's last character
    ],
)
def test_a_change_a_rule_may_read_changes_the_projection(after):
    assert projected(after) != projected(BEFORE)


ENDING = "RUN apt-get install -y curl && echo hello"


@pytest.mark.parametrize("after", [ENDING + "p", ENDING[:-1]], ids=["typed", "erased"])
def test_typing_at_the_end_of_the_last_command_keeps_the_projection(after):
    """Only whether a command can be appended after the script is read of its last character."""
    assert projected(after) == projected(ENDING)


@pytest.mark.parametrize("ending", [";", " &", " |", " `", " \\"])
def test_an_ending_after_which_no_command_can_be_appended_changes_the_projection(ending):
    assert projected(ENDING + ending) != projected(ENDING)


@pytest.mark.parametrize(
    ("left_open", "closed"),
    [('"', '""'), (' a"b', ' a"b"'), (" ${x//. y", " ${x//./ y}"), (" $(b", " $(b)")],
    ids=["quote", "quote-in-word", "expansion", "substitution"],
)
def test_a_script_left_open_inside_its_last_command_changes_the_projection(left_open, closed):
    """Typing what leaves the script broken where the last command's text ends, or what mends
    it: a command can then be appended after it, or no longer, though the text the commands
    leave is the same."""
    assert projected(ENDING + left_open) != projected(ENDING + closed)


def test_the_quoting_of_a_script_run_by_sh_c_is_part_of_its_commands_words():
    single = "RUN sh -c 'apt-get install \\\"x\\\"'"
    double = 'RUN sh -c "apt-get install \\"x\\""'
    assert projected(single) != projected(double)


def test_a_run_s_layout_is_made_once_for_every_set_of_commands_and_a_declared_command_adds_to_it():
    dockerfile, analysis = prepare(f"FROM debian:12\n{BEFORE}\n", Config())
    run = dockerfile.instructions[1]
    source = dockerfile.text[run.span.start : run.span.end]
    projections = Projections(Tokens().of)

    def of(*names):
        return projections.of(analysis, run, source, ("/bin/sh", "-c"), "\\", CommandReads(names))

    assert of("curl") is of("wget")  # neither runs here: both see the layout alone
    assert of("apt-get") != of("curl")
    assert of("apt-get")[0] is of("curl")


def test_a_run_brought_back_as_it_was_a_few_lints_before_keeps_its_projection():
    dockerfile, analysis = prepare(f"FROM debian:12\n{BEFORE}\n", Config())
    run = dockerfile.instructions[1]
    source = dockerfile.text[run.span.start : run.span.end]
    projections = Projections(Tokens().of)

    def of(text):
        return projections.of(analysis, run, text, ("/bin/sh", "-c"), "\\", CommandReads(("apt-get",)))

    before = of(source)
    for typed in ("p", "pk", "pkg", "pk", "p"):  # a word typed and erased: one lint a keystroke
        projections.next_lint()
        of(source + typed)
    projections.next_lint()
    assert of(source) is before


def test_runs_whose_projections_are_equal_share_one_projection_object():
    # a stage's projection is made of its RUNs': equal ones are one object, so that it compares
    # and hashes at once, also for a RUN edited in the words of a command not declared
    dockerfile, analysis = prepare(
        f"FROM debian:12\n{BEFORE}\nRUN apt-get install -y curl && echo bye > /tmp/x # note\n", Config()
    )
    projections = Projections(Tokens().of)

    def of(run, *names):
        source = dockerfile.text[run.span.start : run.span.end]
        return projections.of(analysis, run, source, ("/bin/sh", "-c"), "\\", CommandReads(names))

    first, second = dockerfile.instructions[1:3]
    assert of(first, "curl") is of(second, "curl")  # the layout alone
    assert of(first, "apt-get")[1] is of(second, "apt-get")[1]  # the same apt-get command
    assert of(first, "echo") != of(second, "echo")


def test_a_value_is_remembered_while_one_of_the_last_lints_used_it():
    recent = RecentLints(3)
    recent.put("a", 1)
    recent.put("b", 2)
    recent.put("b", 2)  # twice in one lint
    recent.next_lint()
    recent.next_lint()
    assert recent.get("a") == 1  # used two lints ago: used again now
    recent.next_lint()
    recent.next_lint()
    assert recent.get("b") is None  # used three lints ago: let go
    assert recent.get("a") == 1
    recent.next_lint()
    recent.next_lint()
    recent.next_lint()
    assert recent.get("a") is None
