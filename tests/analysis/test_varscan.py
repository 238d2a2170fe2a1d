"""Finding references with BuildKit's and the shell's quoting rules; BuildKit word expansion."""

from __future__ import annotations

import pytest
from stanzalint.analysis.expand import expand
from stanzalint.analysis.varscan import scan_build, scan_heredoc, scan_shell, shell_assigned_names


def refs(found):
    return [(r.name, r.start, r.end, r.name_start, r.name_end, r.operator, r.word) for r in found]


OPERATOR_FORMS = [
    ("$X", ("X", 0, 2, 1, 2, None, None)),
    ("${X}", ("X", 0, 4, 2, 3, None, None)),
    ("${X:-word}", ("X", 0, 10, 2, 3, ":-", "word")),
    ("${X-word}", ("X", 0, 9, 2, 3, "-", "word")),
    ("${X:+word}", ("X", 0, 10, 2, 3, ":+", "word")),
    ("${X+word}", ("X", 0, 9, 2, 3, "+", "word")),
    ("${X:?msg}", ("X", 0, 9, 2, 3, ":?", "msg")),
    ("${X?msg}", ("X", 0, 8, 2, 3, "?", "msg")),
    ("${X#*/}", ("X", 0, 7, 2, 3, "#", "*/")),
    ("${X##*/}", ("X", 0, 8, 2, 3, "##", "*/")),
    ("${X%.*}", ("X", 0, 7, 2, 3, "%", ".*")),
    ("${X%%.*}", ("X", 0, 8, 2, 3, "%%", ".*")),
    ("${X/a/b}", ("X", 0, 8, 2, 3, "/", "a/b")),
    ("${X//a/b}", ("X", 0, 9, 2, 3, "//", "a/b")),
]


@pytest.mark.parametrize("text,expected", OPERATOR_FORMS, ids=[t for t, _ in OPERATOR_FORMS])
def test_operator_forms(text, expected):
    assert refs(scan_build(text)) == [expected]
    assert refs(scan_shell(text)) == [expected]


def test_nested_reference_in_word_comes_after_the_outer_one():
    assert refs(scan_build("a${X:-${Y}}b")) == [("X", 1, 11, 3, 4, ":-", "${Y}"), ("Y", 6, 10, 8, 9, None, None)]


def test_build_quoting_and_escapes():
    text = "'$A' \"$B\" \\$C $D $1 $@ $$ ${} a$"
    assert [r.name for r in scan_build(text)] == ["B", "D"]
    # inside double quotes the escape only escapes " $ and itself
    assert [r.name for r in scan_build('"\\$A \\x$B"')] == ["B"]


def test_backtick_escape_file():
    assert [(r.name, r.start) for r in scan_build("`$A \\$B C:\\$D", "`")] == [("B", 5), ("D", 11)]


def test_shell_quoting_comments_and_substitutions():
    text = "echo $A '$B' \"$C '$D'\" # $E\n x=$(echo $F) `echo $G` $((H + $I)) ${#J} ${K:=1} \\$L $'$M'"
    found = scan_shell(text)
    assert [(r.name, r.operator, r.shell_only) for r in found] == [
        ("A", None, False),
        ("C", None, False),
        ("D", None, False),
        ("F", None, False),
        ("G", None, False),
        ("I", None, False),
        ("J", None, True),
        ("K", ":=", True),
    ]


def test_heredoc_body_quotes_are_plain_characters():
    assert [r.name for r in scan_heredoc("echo '$A' \"$B\" \\$C $(x $D)\n")] == ["A", "B", "D"]


def test_shell_assigned_names():
    script = "for f in *; do echo $f; done; X=1 && export Y=2; read -r a b; local Z; arr[1]=2"
    assert shell_assigned_names(script) == {"f", "X", "Y", "a", "b", "Z", "arr"}


ENV = {"A": "hello", "N": None, "E": ""}


def lookup(name):
    return name in ENV, ENV.get(name)


EXPANSIONS = [
    ("$A", ("hello", True)),
    ("${A}", ("hello", True)),
    ("${U}", ("", True)),
    ("${U:-def}", ("def", True)),
    ("${E:-def}", ("def", True)),
    ("${E-def}", ("", True)),
    ("${A:+alt}", ("alt", True)),
    ("${E:+alt}", ("", True)),
    ("${U+alt}", ("", True)),
    ("${N+set}", ("set", True)),
    ("${N}", ("${N}", False)),
    ("x${N:-d}y", ("x${N:-d}y", False)),
    ("'$A'", ("$A", True)),
    ('"$A"', ("hello", True)),
    ("\\$A", ("$A", True)),
    ("${A#h*l}", ("lo", True)),
    ("${A##h*l}", ("o", True)),
    ("${A%l*}", ("hel", True)),
    ("${A%%l*}", ("he", True)),
    ("${A/l/L}", ("heLlo", True)),
    ("${A//l/L}", ("heLLo", True)),
    ("${U:-$A}", ("hello", True)),
    ("${U:-$N}", ("$N", False)),
    ("${A:?boom}", ("hello", True)),
    ("${U:?boom}", ("${U:?boom}", False)),
    ("a\\ b", ("a b", True)),
    ('"unterminated $A', ("unterminated hello", True)),
]


@pytest.mark.parametrize("text,expected", EXPANSIONS, ids=[t for t, _ in EXPANSIONS])
def test_expand(text, expected):
    assert expand(text, "\\", lookup) == expected


def test_expand_with_backtick_escape():
    assert expand("C:\\dir `$A $A", "`", lookup) == ("C:\\dir $A hello", True)
