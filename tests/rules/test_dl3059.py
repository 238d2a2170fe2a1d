from __future__ import annotations

from ruletest import fixed, found, rule_work

MSG = "This RUN follows another RUN; join them with && to make one layer"


def test_consecutive_single_command_runs_merged():
    text = "FROM alpine:3.20\nRUN a\n\nRUN b \\\n  --flag\n"
    assert found("DL3059", text) == [("4:1-4:4", MSG)]
    assert fixed("DL3059", text) == "FROM alpine:3.20\nRUN a && \\\n    b \\\n  --flag\n"


def test_row_of_three_flags_second_and_third():
    text = "FROM alpine:3.20\nRUN a\n# why\nRUN b\nRUN c\n"
    assert found("DL3059", text) == [("4:1-4:4", MSG), ("5:1-5:4", MSG)]


def test_runs_that_already_chain_commands_are_not_counted():
    # like hadolint: a RUN with several commands neither is flagged nor makes the next flagged
    for first, second in (
        ("a && b", "c"),
        ("a", "b && c"),
        ("a | b", "c"),
        ("a; b", "c"),
        ("a $(b)", "c"),
        ("if a; then b; fi", "c"),
    ):
        text = f"FROM alpine:3.20\nRUN {first}\nRUN {second}\n"
        assert found("DL3059", text) == [], text


def test_tests_assignments_and_sh_c_do_not_count_as_commands():
    text = (
        "FROM alpine:3.20\n"
        "RUN [ -e /etc/x ] && grep y /etc/x\n"
        'RUN [ -n "$P" ] && V=1 || V=2; make\n'
        "RUN sh -c 'a && b'\n"
    )
    assert found("DL3059", text) == [("3:1-3:4", MSG), ("4:1-4:4", MSG)]


def test_heredoc_counts_its_commands():
    one = "FROM alpine:3.20\nRUN a\nRUN <<EOT\nb\nEOT\n"
    assert found("DL3059", one) == [("3:1-3:4", MSG)]
    two = "FROM alpine:3.20\nRUN a\nRUN <<EOT\nb\nc\nEOT\n"
    assert found("DL3059", two) == []


def test_instructions_before_the_first_from_form_a_group():
    text = "RUN a\nRUN b\nFROM alpine:3.20\nRUN c\n"
    assert found("DL3059", text) == [("2:1-2:4", MSG)]


def test_backtick_escape_and_crlf():
    text = "# escape=`\r\nFROM alpine:3.20\r\nRUN a\r\nRUN b\r\n"
    assert fixed("DL3059", text) == "# escape=`\r\nFROM alpine:3.20\r\nRUN a && `\r\n    b\r\n"


def test_different_flags_onbuild_and_other_instructions_clean():
    text = (
        "FROM alpine:3.20\nRUN a\nRUN --mount=type=cache,target=/root/.cache b\nONBUILD RUN c\nRUN d\nENV X=1\nRUN e\n"
    )
    assert found("DL3059", text) == []


def test_same_flags_are_flagged():
    text = "FROM alpine:3.20\nRUN --network=none a\nRUN --network=none b\n"
    assert found("DL3059", text) == [("3:1-3:4", MSG)]


def test_stateful_first_run_needs_unsafe():
    text = "FROM alpine:3.20\nRUN cd /x\nRUN make\n"
    assert fixed("DL3059", text, unsafe=True) == "FROM alpine:3.20\nRUN cd /x && \\\n    make\n"


def test_comment_between_has_no_fix():
    text = "FROM alpine:3.20\nRUN a\n# note\nRUN b\n"
    from ruletest import violations

    assert [v.fix for v in violations("DL3059", text)] == [None]


def test_no_merge_into_a_background_command():
    from ruletest import violations

    text = "FROM debian:12\nRUN echo b\nRUN echo c &\n"
    assert [(v.code, v.fix) for v in violations("DL3059", text)] == [("DL3059", None)]


def test_a_row_of_chained_runs_costs_the_same_whatever_the_length_of_the_chains():
    """A RUN is small when it runs at most one command: the count stops at the second, so a long
    chain costs no more than a short one (the stage is checked again at every keystroke in it)."""

    def rows(commands):
        return "FROM debian:12\n" + "".join(
            "RUN " + " && ".join(f"echo {i}-{k}" for k in range(commands)) + "\n" for i in range(40)
        )

    assert rule_work("DL3059", rows(30)) == rule_work("DL3059", rows(3))


def test_no_merge_after_a_script_left_open():
    # `&&` after an unclosed redirection, substitution, quote or expansion would change the
    # error, not join two commands: the finding stays, without a fix
    from ruletest import violations

    for first in ("echo hi >", "x=$(echo a", 'echo "a', "echo ${x"):
        text = f"FROM alpine:3.20\nRUN {first}\nRUN echo b\n"
        assert [(v.code, v.fix) for v in violations("DL3059", text)] == [("DL3059", None)], first
    assert fixed("DL3059", "FROM alpine:3.20\nRUN echo hi > /x\nRUN echo b\n") == (
        "FROM alpine:3.20\nRUN echo hi > /x && \\\n    echo b\n"
    )


def test_merge_after_a_closed_backtick_substitution():
    assert fixed("DL3059", "FROM alpine:3.20\nRUN x=`date`\nRUN echo b\n") == (
        "FROM alpine:3.20\nRUN x=`date` && \\\n    echo b\n"
    )
