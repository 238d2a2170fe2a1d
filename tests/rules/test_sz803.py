from ruletest import fixed, found, rule_work, violations

MSG = "Empty line inside the continued RUN instruction; BuildKit will reject these"


def test_flags_first_empty_line_once_per_instruction():
    text = "FROM debian:12\nRUN apt-get update && \\\n\n    apt-get install -y curl \\\n  \n    git\n"
    assert found("SZ803", text) == [("3:1-3:1", MSG)]


def test_comment_lines_and_plain_blank_lines_are_clean():
    text = "FROM debian:12\nRUN a \\\n# note\n    b\n\nRUN c\n"
    assert found("SZ803", text) == []


def test_fix_deletes_all_empty_lines():
    text = "FROM debian:12\nRUN a \\\n\n    b \\\n\t\n    c\nCMD d\n"
    assert fixed("SZ803", text) == "FROM debian:12\nRUN a \\\n    b \\\n    c\nCMD d\n"


def test_the_end_of_the_file_after_its_last_line_break_is_no_empty_line():
    """A continued RUN that ends the file: nothing follows its last line break (BuildKit reads
    no line there), so there is no empty line to report, and one empty line is one."""
    assert found("SZ803", "FROM debian:12\nRUN a \\\n") == []
    assert found("SZ803", "FROM debian:12\nRUN a \\\r\n") == []
    text = "FROM debian:12\nRUN a \\\n  \n"
    assert found("SZ803", text) == [("3:1-3:3", MSG)]
    [v] = violations("SZ803", text)
    assert (v.fix.title, fixed("SZ803", text)) == ("Delete the empty line", "FROM debian:12\nRUN a \\\n")


def test_backtick_escape_and_crlf():
    text = "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN a `\r\n\r\n    b\r\n"
    assert found("SZ803", text) == [("4:1-4:1", MSG)]
    assert (
        fixed("SZ803", text)
        == "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN a `\r\n    b\r\n"
    )


def test_long_continued_runs_cost_no_more_than_short_ones():
    """A continued instruction without a blank line is passed over at one look, however many
    lines it has (the stage is checked again at every keystroke in it)."""

    def runs(lines):
        return "FROM debian:12\n" + "".join(
            "RUN " + " && \\\n    ".join(f"echo {i}-{k}" for k in range(lines)) + "\n" for i in range(20)
        )

    assert rule_work("SZ803", runs(30)) == rule_work("SZ803", runs(3))
