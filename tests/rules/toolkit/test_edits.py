import pytest
from stanzalint.findings import Applicability
from stanzalint.rules.toolkit.edits import (
    append_command,
    end_of_stage_insertion,
    full_lines,
    insert_after,
    newline_of,
    option_fix,
    script_ending,
    script_text,
)
from toolkit_input import analysed, rule_context


def _apply(text, edit):
    return text[: edit.span.start] + edit.text + text[edit.span.end :]


def test_newline_of():
    assert newline_of("FROM a\r\nRUN b\r\n") == "\r\n"
    assert newline_of("FROM a\nRUN b\n") == "\n"


def test_full_lines_cover_the_instruction_and_its_line_break():
    text = "FROM a\n  RUN b \\\n  c\nCMD d"
    dockerfile, _ = analysed(text)
    run, cmd = dockerfile.instructions[1], dockerfile.instructions[2]
    assert text[full_lines(text, run).start : full_lines(text, run).end] == "  RUN b \\\n  c\n"
    assert text[full_lines(text, cmd).start : full_lines(text, cmd).end] == "CMD d"


def test_insert_after_a_word():
    text = "FROM a\nRUN apt-get install x\n"
    dockerfile, analysis = analysed(text)
    word = analysis.commands(dockerfile.instructions[1])[0].args[0]
    assert _apply(text, insert_after(word, "-y")) == "FROM a\nRUN apt-get install -y x\n"


def test_option_fix_adds_the_option_after_a_plainly_written_word():
    text = "FROM a\nRUN apt-get install x\n"
    ctx = rule_context(text)
    install = ctx.analysis.commands(ctx.dockerfile.instructions[1])[0].args[0]
    fix = option_fix(ctx, install, "-y")
    assert (fix.title, fix.applicability) == ("Add `-y`", Applicability.SAFE)
    assert _apply(text, fix.edits[0]) == "FROM a\nRUN apt-get install -y x\n"
    assert option_fix(ctx, install, "-y", safe=False).applicability == Applicability.UNSAFE


def test_option_fix_leaves_words_rebuilt_from_exec_form_alone():
    ctx = rule_context('FROM a\nRUN ["apt-get", "\\u0069nstall", "x"]\n')
    install = ctx.analysis.commands(ctx.dockerfile.instructions[1])[0].args[0]
    assert install.value == "install" and option_fix(ctx, install, "-y") is None


def test_script_text():
    text = 'FROM a\nRUN a && \\\n  b\nRUN ["x"]\n'
    dockerfile, _ = analysed(text)
    assert script_text(text, dockerfile.instructions[1]) == "a && \\\n  b"
    assert script_text(text, dockerfile.instructions[2]) is None


def _appended(text, into_heredoc=False):
    dockerfile, analysis = analysed(text)
    run = dockerfile.instructions[1]
    edit = append_command(text, run, analysis.commands(run), "yum clean all", into_heredoc=into_heredoc)
    return None if edit is None else _apply(text, edit)


def test_append_command_after_the_script_before_trailing_blanks():
    assert _appended("FROM a\nRUN yum install -y x  \n") == "FROM a\nRUN yum install -y x && yum clean all  \n"


def test_append_command_refuses_what_it_would_break():
    assert _appended("FROM a\nRUN yum install -y x # why\n") is None
    assert _appended("FROM a\nRUN yum install -y x &\n") is None
    assert _appended('FROM a\nRUN ["yum", "install", "x"]\n') is None


@pytest.mark.parametrize(
    ("run", "ending"),
    [
        ("RUN yum install -y x", "word"),
        ("RUN yum install -y x;", ";"),
        ("RUN yum install -y x &", "&"),
        ("RUN yum install -y x >", "open"),
        ('RUN yum install -y x "a', "open"),
        ("RUN yum install -y x && [ -f /y", "word"),
        ("RUN yum install -y x && v=`date`", "word"),  # a backtick closing a substitution ends a word
        ("RUN yum install -y x && v=`date", "open"),
        ("RUN yum install -y x; fi", "open"),  # a stray compound word: the shell rejects it
        ("RUN yum install -y x && done", "open"),
        ('RUN yum install -y x && "fi"', "word"),  # quoted, or after an assignment: a program
        ("RUN yum install -y x && X=1 fi", "word"),
        ("RUN if true; then yum install -y x; fi", "word"),
        ("RUN <<EOF\nyum install -y x\nif true; then\nEOF", "open"),
        ("RUN <<EOF\nyum install -y x\nEOF", "word"),
    ],
)
def test_script_ending_tells_whether_a_command_can_follow(run, ending):
    dockerfile, analysis = analysed(f"FROM a\n{run}\n")
    ins = dockerfile.instructions[1]
    assert script_ending(ins, analysis.commands(ins)) == ending


def test_append_command_refuses_a_script_left_open():
    assert _appended("FROM a\nRUN yum install -y x >\n") is None
    assert _appended('FROM a\nRUN yum install -y x && echo "a\n') is None
    assert _appended("FROM a\nRUN <<EOF\nyum install -y x\nif true; then\nEOF\n", into_heredoc=True) is None


def test_append_command_into_a_heredoc_only_when_asked():
    text = "FROM a\nRUN <<EOF\nset -e\nyum install -y x\nEOF\n"
    assert _appended(text) is None
    assert _appended(text, into_heredoc=True) == "FROM a\nRUN <<EOF\nset -e\nyum install -y x\nyum clean all\nEOF\n"
    assert _appended("FROM a\nRUN <<-EOF\n\tset -e\n\tyum install -y x\n\tEOF\n", into_heredoc=True) is None


@pytest.mark.parametrize(
    ("body", "appended"),
    [
        ("yum install -y x", False),  # the last line's status is the script's
        ("set -e\nyum install -y x", True),
        ("set -euxo pipefail\nyum install -y x", True),
        ("set -o errexit\nyum install -y x", True),
        ("set -e\nset +e\nyum install -y x", False),  # turned off again
        ("set -x\nyum install -y x", False),
        ("(set -e)\nyum install -y x", False),  # in a subshell: not the script's
    ],
)
def test_a_heredoc_gets_a_last_line_only_when_it_stops_at_its_first_failure(body, appended):
    text = f"FROM a\nRUN <<EOF\n{body}\nEOF\n"
    assert (_appended(text, into_heredoc=True) is not None) == appended


def test_end_of_stage_insertion_goes_before_the_trailing_metadata():
    text = 'FROM a\nRUN make\nEXPOSE 80\nCMD ["app"]\nFROM b\n'
    _, analysis = analysed(text)
    span, new = end_of_stage_insertion(analysis, analysis.stages[0], ["USER app"])
    assert text[: span.start] + new + text[span.end :] == 'FROM a\nRUN make\nUSER app\nEXPOSE 80\nCMD ["app"]\nFROM b\n'
    text = "FROM a\r\nRUN make"
    _, analysis = analysed(text)
    span, new = end_of_stage_insertion(analysis, analysis.stages[0], ["USER app"])
    assert text[: span.start] + new + text[span.end :] == "FROM a\r\nRUN make\r\nUSER app"
