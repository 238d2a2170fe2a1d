"""Focused behaviour of the parser: values, exact spans, lines, BuildKit's quirks."""

from __future__ import annotations

from stanzalint.syntax import Span, decode, parse
from stanzalint.syntax.incremental import reparse


def at(text: str, span: Span) -> str:
    return text[span.start : span.end]


def codes(df):
    return [i.code for i in df.issues]


# -- directives ------------------------------------------------------------------------------


def test_directives_recorded_with_spans_and_escape_set():
    text = "# syntax=docker/dockerfile:1\n#ESCAPE = `\n# check=skip=all\nFROM a `\n  AS b\n"
    df = parse(text)
    assert [(d.name, d.value) for d in df.directives] == [
        ("syntax", "docker/dockerfile:1"),
        ("escape", "`"),
        ("check", "skip=all"),
    ]
    esc = df.directive("escape")
    assert esc.span == Span(29, 40)
    assert at(text, esc.name_span) == "ESCAPE" and at(text, esc.value_span) == "`"
    assert df.escape == "`"
    ins = df.instructions[0]
    assert [t.value for t in ins.args] == ["a", "AS", "b"]
    assert (ins.start_line, ins.end_line) == (3, 4)
    assert df.issues == []


def test_directive_only_before_anything_else():
    df = parse("FROM a\n# escape=`\nRUN x `\nRUN y\n")
    assert df.directives == [] and df.escape == "\\"
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN", "RUN"]
    df = parse("# syntax=a\n\n# escape=`\nFROM a\n")
    assert [d.name for d in df.directives] == ["syntax"]


def test_repeated_and_invalid_directives_are_sz007():
    text = "# escape=\\\n# Escape=`\nFROM a\n"
    df = parse(text)
    assert codes(df) == ["SZ007"]
    assert df.issues[0].span == Span(11, 21)
    assert df.issues[0].message == "only one escape parser directive can be used; this one is ignored"
    assert df.escape == "\\"
    text = "# escape=x\nFROM a\n"
    df = parse(text)
    assert codes(df) == ["SZ007"] and at(text, df.issues[0].span) == "x"
    assert "backslash" in df.issues[0].message


# -- continuations ------------------------------------------------------------------------------


def test_continuation_skips_comment_and_blank_lines():
    text = "FROM a\nRUN echo \\\n  # note\n\n   \n  hi \\  \n  there\nRUN x\n"
    df = parse(text)
    run = df.instructions[1]
    assert run.args[0].value == "echo   hi   there"
    assert run.original == "RUN echo   hi   there"
    assert (run.start_line, run.end_line) == (1, 6)
    assert run.rest.text == "echo   hi   there"
    assert at(text, run.args[0].span) == "echo \\\n  # note\n\n   \n  hi \\  \n  there"
    assert run.span == Span(7, text.index("there") + 5)
    assert run.first_line_end == text.index("\\") + 1
    inside = [(c.text, c.line, c.inside_instruction) for c in df.comments]
    assert inside == [("note", 2, True)]
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN", "RUN"]


def test_continuation_at_end_of_file_and_double_escape():
    df = parse("FROM a\nRUN a \\")
    assert df.instructions[1].args[0].value == "a"
    assert df.instructions[1].original == "RUN a "
    df = parse("FROM a\nRUN x \\\\\nRUN y\n")
    assert [t.value for i in df.instructions for t in i.args] == ["a", "x \\\\", "y"]


def test_crlf_bom_tabs_and_leading_whitespace():
    text = "\ufeffFROM a\r\n\t  run   a\\\r\n\tb\r\n"
    df = parse(text)
    run = df.instructions[1]
    assert run.keyword == "RUN" and run.keyword_text == "run"
    assert run.keyword_span == Span(text.index("run"), text.index("run") + 3)
    assert run.args[0].value == "a\tb"
    assert df.instructions[0].keyword_span == Span(1, 5)
    assert run.span.end == text.rindex("b") + 1


def test_backtick_escape_continues_lines():
    text = "# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo\n"
    run = parse(text).instructions[1]
    assert run.args[0].value == "dir c:\\   && echo"


def test_decode_keeps_bom_and_replaces_bad_bytes():
    data = b"\xef\xbb\xbfFROM a\nRUN echo \xff\xfe ok\n"
    text = decode(data)
    assert text[0] == "\ufeff"
    df = parse(text)
    run = df.instructions[1]
    assert run.args[0].value == "echo \ufffd\ufffd ok"
    assert at(text, run.args[0].span) == "echo \ufffd\ufffd ok"


# -- heredocs ---------------------------------------------------------------------------------


def test_heredoc_body_and_spans():
    text = "FROM a\nRUN <<EOF\necho hi\nEOF\n"
    run = parse(text).instructions[1]
    (doc,) = run.heredocs
    assert (doc.name, doc.chomp, doc.expand, doc.file_descriptor) == ("EOF", False, True, 0)
    assert at(text, doc.marker_span) == "<<EOF"
    assert doc.body.text == "echo hi\n"
    assert doc.body.doc_span(0, 7) == Span(17, 24)
    assert at(text, doc.terminator_span) == "EOF" and doc.terminator_span == Span(25, 28)
    assert run.span == Span(7, 28) and (run.start_line, run.end_line) == (1, 3)
    assert run.original == "RUN <<EOF\necho hi\nEOF\n"


def test_chomped_heredoc_strips_tabs_from_body_and_terminator():
    text = "FROM a\nRUN <<-EOF\n\techo a\n\t\techo b\n\tEOF\n"
    (doc,) = parse(text).instructions[1].heredocs
    assert doc.chomp and doc.body.text == "echo a\necho b\n"
    assert at(text, doc.body.doc_span(0, 6)) == "echo a"
    assert at(text, doc.body.doc_span(7, 13)) == "echo b"
    assert at(text, doc.terminator_span) == "EOF"


def test_quoted_and_several_heredocs_with_fd():
    text = "FROM a\nRUN 3<<EOF <<\"E2\" <<'E3' cat\na\nEOF\nb\nE2\nc\nE3\nRUN x\n"
    df = parse(text)
    docs = df.instructions[1].heredocs
    assert [(d.name, d.file_descriptor, d.expand, d.body.text) for d in docs] == [
        ("EOF", 3, True, "a\n"),
        ("E2", 0, False, "b\n"),
        ("E3", 0, False, "c\n"),
    ]
    assert [at(text, d.marker_span) for d in docs] == ["3<<EOF", '<<"E2"', "<<'E3'"]
    assert df.instructions[2].start_line == 8


def test_heredoc_in_copy_and_not_in_cmd_or_exec_form():
    df = parse("FROM a\nCOPY <<EOF /x\nhello\nEOF\n")
    copy = df.instructions[1]
    assert [t.value for t in copy.args] == ["<<EOF", "/x"] and copy.heredocs[0].body.text == "hello\n"
    df = parse("FROM a\nCMD <<EOF\nq\nEOF\n")
    assert [i.keyword for i in df.instructions] == ["FROM", "CMD", "Q", "EOF"]
    df = parse('FROM a\nRUN ["a", "<<EOF"]\n')
    assert df.instructions[1].heredocs == []


def test_what_buildkit_does_not_take_for_a_heredoc():
    for line in ("RUN cat<<EOF", "RUN echo <<<EOF", 'RUN echo "<<EOF"', 'RUN <<EOF "unclosed'):
        df = parse("FROM a\n" + line + "\nbody\nEOF\n")
        assert df.instructions[1].heredocs == [], line
        assert len(df.instructions) == 4


def test_unterminated_heredoc_is_sz004_and_keeps_what_was_read():
    text = "FROM a\nRUN <<EOF\nline one\nline two\n"
    df = parse(text)
    run = df.instructions[1]
    assert run.heredocs[0].body.text == "line one\nline two\n"
    assert run.heredocs[0].terminator_span is None
    assert codes(df) == ["SZ004"]
    assert df.issues[0].span == Span(7, len(text) - 1)
    assert "never terminated" in df.issues[0].message


def test_onbuild_heredoc_belongs_to_inner_instruction():
    text = "FROM a\nONBUILD RUN <<EOF\nx\nEOF\n"
    ob = parse(text).instructions[1]
    assert ob.heredocs == [] and ob.inner.heredocs[0].body.text == "x\n"
    assert ob.original == "ONBUILD RUN <<EOF" and ob.end_line == 3


# -- forms and arguments ----------------------------------------------------------------------


def test_exec_form_and_shell_fallbacks():
    df = parse('FROM a\nCMD ["a", "b c"]\nCMD ["x"] tail\nCMD ["open"\nCMD []\nSHELL ["sh", "-c"]\n')
    cmds = df.instructions[1:]
    assert [(i.is_json, [t.value for t in i.args]) for i in cmds] == [
        (True, ["a", "b c"]),
        (True, ["x"]),
        (False, ['["open"']),
        (True, []),
        (True, ["sh", "-c"]),
    ]
    text = 'FROM a\nCMD [ "a",\t"b" ]\n'
    cmd = parse(text).instructions[1]
    assert [at(text, t.span) for t in cmd.args] == ['"a"', '"b"']


def test_non_string_json_array_is_sz010():
    text = 'FROM a\nCMD ["a", 1]\n'
    df = parse(text)
    assert codes(df) == ["SZ010"] and at(text, df.issues[0].span) == '["a", 1]'


def test_env_label_arg_values():
    text = 'FROM a\nENV A="b c" D=e\\ f\nENV OLD value with  spaces\nLABEL "a b"=c\nARG x=1 y\n'
    df = parse(text)
    env, old, label, arg = df.instructions[1:]
    assert [t.value for t in env.args] == ["A", '"b c"', "D", "e\\ f"]
    assert [at(text, t.span) for t in env.args] == ["A", '"b c"', "D", "e\\ f"]
    assert [t.value for t in old.args] == ["OLD", "value with  spaces"]
    assert [t.value for t in label.args] == ['"a b"', "c"]
    assert [t.value for t in arg.args] == ["x=1", "y"]


def test_env_errors():
    df = parse("FROM a\nENV A\n")
    assert codes(df) == ["SZ002"]
    text = "FROM a\nENV A=1 B\n"
    df = parse(text)
    assert codes(df) == ["SZ011"] and at(text, df.issues[0].span) == "B"
    assert codes(parse("FROM a\nENV\n")) == ["SZ002"]


def test_healthcheck_and_string_instructions():
    df = parse('FROM a\nHEALTHCHECK --interval=5s CMD ["curl", "x"]\nHEALTHCHECK NONE\nUSER  app  user\nWORKDIR /a b\n')
    hc, none, user, workdir = df.instructions[1:]
    assert [t.value for t in hc.args] == ["CMD", "curl", "x"] and hc.is_json
    assert [t.value for t in none.args] == ["NONE"]
    assert [t.value for t in user.args] == ["app  user"]
    assert [t.value for t in workdir.args] == ["/a b"]
    assert df.issues == []


def test_unknown_instruction_value_and_sz001():
    text = "FROM a\nRUNN echo\n"
    df = parse(text)
    ins = df.instructions[1]
    assert ins.keyword == "RUNN" and [t.value for t in ins.args] == [""]
    assert codes(df) == ["SZ001"] and at(text, df.issues[0].span) == "RUNN"


def test_onbuild_wraps_inner_instruction():
    text = "FROM a\nONBUILD COPY --from=b x y\n"
    ob = parse(text).instructions[1]
    inner = ob.inner
    assert inner.keyword == "COPY" and inner.parent is ob
    assert [f.text for f in inner.flags] == ["--from=b"]
    assert [t.value for t in inner.args] == ["x", "y"]
    assert at(text, inner.keyword_span) == "COPY"
    assert inner.original == "COPY --from=b x y"
    assert ob.effective is inner


def test_onbuild_invalid_triggers():
    for trigger in ("ONBUILD RUN x", "FROM b", "MAINTAINER me"):
        df = parse("FROM a\nONBUILD " + trigger + "\n")
        assert codes(df) == ["SZ012"], trigger
    assert codes(parse("FROM a\nONBUILD\n")) == ["SZ002"]


# -- flags ------------------------------------------------------------------------------------


def test_flags_values_and_spans():
    text = 'FROM a\nCOPY --from="my stage" --link --chown= src dst\n'
    copy = parse(text).instructions[1]
    frm, link, chown = copy.flags
    assert (frm.name, frm.value) == ("from", "my stage")
    assert at(text, frm.span) == '--from="my stage"'
    assert at(text, frm.name_span) == "--from"
    assert at(text, frm.value_span) == '"my stage"'
    assert (link.name, link.value, link.value_span) == ("link", None, None)
    assert (chown.name, chown.value) == ("chown", "")
    assert [t.value for t in copy.args] == ["src", "dst"]
    assert copy.rest.text == "src dst"
    assert at(text, copy.rest.doc_span(0, 7)) == "src dst"


def test_double_dash_ends_flags():
    copy = parse("FROM a\nCOPY --link -- --weird dst\n").instructions[1]
    assert [f.text for f in copy.flags] == ["--link"]
    assert [t.value for t in copy.args] == ["--weird", "dst"]


def test_unknown_and_malformed_flags():
    text = "FROM --platform=x a\nCOPY --platform=y a b\nRUN --mount=type=nope,target=/x true\nCOPY --from a b\nENV --x=1 A=b\n"
    df = parse(text)
    found = [(i.code, at(text, i.span)) for i in df.issues]
    assert found == [
        ("SZ006", "--platform=y"),
        ("SZ005", "type=nope,target=/x"),
        ("SZ005", "--from"),
        ("SZ006", "--x=1"),
    ]


def test_healthcheck_flag_values():
    df = parse("FROM a\nHEALTHCHECK --interval=soon --retries=0 CMD true\n")
    assert [i.message for i in df.issues] == [
        "--interval takes a duration such as 30s or 1m30s, not 'soon'",
        "--retries must be at least 1 (not 0)",
    ]


# -- stages and argument counts ----------------------------------------------------------------


def test_from_argument_checks():
    cases = {
        "FROM": ["SZ002"],
        "FROM a b": ["SZ003"],
        "FROM a AS": ["SZ013"],
        "FROM a AS 1x": ["SZ013"],
        "FROM a FOR b": ["SZ013"],
        "FROM a as Build.1": [],
        "FROM a AS b c": ["SZ003"],
    }
    for line, expected in cases.items():
        assert codes(parse(line + "\n")) == expected, line


def test_copy_needs_destination_and_arg_needs_name():
    text = "FROM a\nCOPY a\nARG\nEXPOSE\n"
    df = parse(text)
    assert [(i.code, at(text, i.span)) for i in df.issues] == [("SZ002", "a"), ("SZ002", "ARG"), ("SZ002", "EXPOSE")]


def test_no_from_and_instruction_before_from():
    text = "ARG V=1\nRUN x\nFROM a\n"
    df = parse(text)
    assert [(i.code, at(text, i.span)) for i in df.issues] == [("SZ009", "RUN")]
    df = parse("ARG V\nRUN x\n")
    assert codes(df) == ["SZ008"]
    df = parse("# only a comment\n")
    assert codes(df) == ["SZ008"] and df.instructions == []


def test_line_too_long_is_sz014():
    df = parse("FROM a\nRUN " + "x" * 65532 + "\n")
    assert codes(df) == ["SZ014"]


def test_instructions_of_several_keywords_come_in_document_order():
    dockerfile = parse("FROM a AS b\nONBUILD COPY x /x\nRUN one\nCOPY y /y\nRUN two\nADD z /z\n")
    found = [(ins.keyword, ins.original) for ins in dockerfile.of_keywords("RUN", "COPY")]
    assert found == [("COPY", "COPY x /x"), ("RUN", "RUN one"), ("COPY", "COPY y /y"), ("RUN", "RUN two")]
    assert dockerfile.of_keywords("RUN", "COPY") is dockerfile.of_keywords("RUN", "COPY")  # merged once


def test_instruction_at_finds_the_instruction_covering_an_offset():
    text = "FROM alpine\n\n# note\nRUN echo a \\\n  b\nCMD x\n"
    df = parse(text)
    from_, run, cmd = df.instructions
    assert df.instruction_at(0) is from_ and df.instruction_at(len("FROM alpine")) is from_
    assert df.instruction_at(text.index("\n\n") + 1) is None  # the blank line between
    assert df.instruction_at(text.index("# note")) is None  # a comment is no instruction
    assert df.instruction_at(text.index("  b")) is run  # a continuation line
    assert df.instruction_at(text.index("CMD")) is cmd
    assert df.instruction_at(len(text)) is None
    moved = reparse(df, "FROM alpine:3.20" + text[len("FROM alpine") :])  # the later ones moved
    assert moved.instruction_at(text.index("CMD") + 5).keyword == "CMD"
