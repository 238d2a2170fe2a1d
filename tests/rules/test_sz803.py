from ruletest import fixed, found

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


def test_backtick_escape_and_crlf():
    text = "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN a `\r\n\r\n    b\r\n"
    assert found("SZ803", text) == [("4:1-4:1", MSG)]
    assert (
        fixed("SZ803", text)
        == "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN a `\r\n    b\r\n"
    )
