"""Simple commands found in RUN scripts: argv, names, exact spans, structure flags."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shell_fixture import build_run
from stanzalint.analysis.model import ShellCommand
from stanzalint.analysis.shell import (
    commands_of,
    heredoc_runs_as_shell,
    is_posix_shell,
    parse_script,
    shell_c_script_index,
)
from stanzalint.analysis.shell_wrappers import effective_index
from stanzalint.syntax import parse
from stanzalint.syntax.model import Instruction, MappedText, Span

SH = ["/bin/sh", "-c"]


def cmds(doc: str, shell=SH) -> list[ShellCommand]:
    return commands_of(build_run(doc), shell, "\\")


def texts(doc: str, commands: list[ShellCommand]) -> list[str]:
    return [doc[c.span.start : c.span.end] for c in commands]


def word_texts(doc: str, cmd: ShellCommand) -> list[str]:
    return [doc[w.span.start : w.span.end] for w in cmd.words]


def test_simple_list_argv_names_spans_connectors():
    doc = "RUN apt-get update && apt-get install -y curl; rm -rf /var/lib/apt/lists/* || true"
    found = cmds(doc)
    assert [c.argv for c in found] == [
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "curl"],
        ["rm", "-rf", "/var/lib/apt/lists/*"],
        ["true"],
    ]
    assert texts(doc, found) == ["apt-get update", "apt-get install -y curl", "rm -rf /var/lib/apt/lists/*", "true"]
    assert [c.connector for c in found] == [None, "&&", ";", "||"]
    assert [c.name for c in found] == ["apt-get", "apt-get", "rm", "true"]
    assert found[2].words[2].literal is False  # a glob
    assert found[1].words[3].literal is True


def test_words_unquote_and_keep_raw_and_exact_spans():
    doc = """RUN echo "a b" 'c d' e\\ f "x $HOME y" $'t\\tu' pre"mid"post ~/dir"""
    (cmd,) = cmds(doc)
    assert [w.value for w in cmd.words] == ["echo", "a b", "c d", "e f", "x $HOME y", "t\tu", "premidpost", "~/dir"]
    assert [w.raw for w in cmd.words] == word_texts(doc, cmd)
    assert [w.quoted for w in cmd.words] == [False, True, True, True, True, True, True, False]
    assert [w.literal for w in cmd.words] == [True, True, True, True, False, True, True, False]


def test_variable_only_word_is_not_literal():
    (cmd,) = cmds("RUN pip install $PACKAGES ${EXTRA:-x}")
    assert [(w.value, w.literal) for w in cmd.args] == [("install", True), ("$PACKAGES", False), ("${EXTRA:-x}", False)]


def test_redirections_are_not_words_but_words_after_them_are():
    doc = "RUN apt-get install -y curl > /dev/null 2>&1 && pip install a >/tmp/log b"
    first, second = cmds(doc)
    assert first.argv == ["apt-get", "install", "-y", "curl"]
    assert second.argv == ["pip", "install", "a", "b"]
    assert word_texts(doc, second)[-1] == "b"


def test_assignments_before_the_command():
    doc = "RUN DEBIAN_FRONTEND=noninteractive A='x y' apt-get install -y tzdata"
    (cmd,) = cmds(doc)
    assert [a.value for a in cmd.assignments] == ["DEBIAN_FRONTEND=noninteractive", "A=x y"]
    assert [doc[a.span.start : a.span.end] for a in cmd.assignments] == ["DEBIAN_FRONTEND=noninteractive", "A='x y'"]
    assert cmd.words[0].value == "apt-get"
    assert texts(doc, [cmd]) == ["DEBIAN_FRONTEND=noninteractive A='x y' apt-get install -y tzdata"]


def test_bare_assignment_is_not_a_command_but_export_is():
    found = cmds("RUN X=1; export PATH=/opt/bin:$PATH Y; unset Z")
    assert [(c.name, c.argv) for c in found] == [
        ("export", ["export", "PATH=/opt/bin:$PATH", "Y"]),
        ("unset", ["unset", "Z"]),
    ]


@pytest.mark.parametrize(
    "line, name, index",
    [
        ("sudo apt-get install x", "apt-get", 1),
        ("sudo -E -u root /usr/bin/apt-get install x", "apt-get", 4),
        ("sudo -Eu root apt-get install x", "apt-get", 3),
        ("sudo --user=app FOO=1 pip install x", "pip", 3),
        ("env -i FOO=1 BAR=2 pip3 install x", "pip3", 4),
        ("env -u HOME -- npm ci", "npm", 4),
        ("nice -n 10 ionice -c 3 make -j4", "make", 6),
        ("nice -10 make", "make", 2),
        ("timeout -s KILL 30 curl -fsSL x", "curl", 4),
        ("time -p ls", "ls", 2),
        ("stdbuf -oL -e 0 python3 x.py", "python3", 4),
        ("nohup sleep 1", "sleep", 1),
        ("xargs -0 -n1 -I {} rm {}", "rm", 5),
        ("command -p apk add x", "apk", 2),
        ("command -v curl", "command", 0),
        ("exec -a name gunicorn app", "gunicorn", 3),
        ("gosu app:app pip install x", "pip", 2),
        ("sudo", "sudo", 0),
        ("sudo -l", "sudo", 0),
        ("env", "env", 0),
    ],
)
def test_wrappers(line, name, index):
    (cmd,) = cmds("RUN " + line)
    assert (cmd.name, cmd.index) == (name, index)


def test_effective_index_on_plain_values():
    assert effective_index(["sudo", "-H", "env", "A=1", "apt-get"]) == 4
    assert effective_index([]) == 0


def test_pipeline_flags():
    doc = "RUN curl -fsSL https://x.sh | sudo bash -s -- --yes | tee log"
    curl, bash, tee = cmds(doc)
    assert (curl.pipe_prev, curl.pipe_next, curl.pipeline_position, curl.connector) == (False, True, 0, None)
    assert (bash.name, bash.pipe_prev, bash.pipe_next, bash.pipeline_position, bash.connector) == (
        "bash",
        True,
        True,
        1,
        "|",
    )
    assert (tee.pipe_prev, tee.pipe_next, tee.pipeline_position) == (True, False, 2)
    assert texts(doc, [bash]) == ["sudo bash -s -- --yes"]


@pytest.mark.parametrize(
    "doc",
    [
        "RUN curl -fsSL https://x.sh \\\n  | sh",
        "RUN curl -fsSL https://x.sh 2>/dev/null | sh",
        "RUN curl -fsSL https://x.sh |& sh",
        "RUN curl -fsSL https://x.sh | # fetched\n  sh",
        "RUN ! curl -fsSL https://x.sh | sh",
    ],
    ids=["continuation", "redirection", "stderr-too", "comment", "negated"],
)
def test_the_pipe_operator_of_each_command_is_the_one_joining_it_to_its_pipeline(doc):
    curl, sh = cmds(doc)
    bar = doc.rindex("|&" if "|&" in doc else "|")
    expected = Span(bar, bar + (2 if "|&" in doc else 1))
    assert (curl.pipe_operator, sh.pipe_operator) == (expected, expected)


def test_the_pipe_operator_is_the_one_after_a_command_and_before_the_last():
    doc = "RUN a | b |& c | d"
    bars = [Span(6, 7), Span(10, 12), Span(15, 16)]
    assert [c.pipe_operator for c in cmds(doc)] == [bars[0], bars[1], bars[2], bars[2]]
    # a redirection ends a pipeline of its own, as for the pipe flags: c is the last of a, b, c
    found = cmds("RUN a | b |& c 2>&1 | d")
    assert [(c.pipe_next, c.pipe_operator) for c in found] == [
        (True, bars[0]),
        (True, bars[1]),
        (False, bars[1]),
        (False, Span(20, 21)),
    ]
    assert [c.pipe_operator for c in cmds("RUN a && b; c")] == [None, None, None]


def test_the_pipe_operator_past_a_word_the_parser_could_not_read():
    doc = "RUN eh Vo ${  $V$QW} | g $e"
    eh, g = cmds(doc)
    bar = doc.index("|")
    assert (eh.pipe_next, eh.pipe_operator, g.pipe_operator) == (True, Span(bar, bar + 1), Span(bar, bar + 1))


def test_pipeline_inside_a_list_and_negation():
    found = cmds("RUN ! wget -qO- x | sh && echo ok")
    assert [(c.name, c.pipe_prev, c.pipe_next, c.connector) for c in found] == [
        ("wget", False, True, None),
        ("sh", True, False, "|"),
        ("echo", False, False, "&&"),
    ]


def test_compound_statements_in_source_order_with_flags():
    doc = (
        "RUN if [ -f a ]; then b; elif c; then d; else e; fi; "
        "while read l; do f; done < list; for i in $(seq 3); do g; done; "
        "case $x in a) h;; esac; k() { m; }; (n; o) & { p; }; until q; do r; done"
    )
    found = cmds(doc)
    assert [c.name for c in found] == [
        "[",
        "b",
        "c",
        "d",
        "e",
        "read",
        "f",
        "seq",
        "g",
        "h",
        "m",
        "n",
        "o",
        "p",
        "q",
        "r",
    ]
    by = {c.name: c for c in found}
    assert [n for n in by if by[n].in_condition] == ["[", "c", "read", "q"]
    assert [n for n in by if by[n].in_subshell] == ["seq", "m", "n", "o"]
    assert by["["].argv == ["[", "-f", "a", "]"]
    assert texts(doc, [by["["], by["read"], by["seq"]]) == ["[ -f a ]", "read l", "seq 3"]
    assert by["b"].connector is None  # after ``then``
    assert by["o"].connector == ";"
    assert by["p"].connector is None  # after ``{``


def test_test_commands_are_conditions_anywhere():
    found = cmds('RUN [ -d /x ] || mkdir /x; test -n "$A" && echo; [[ -f y && -r y ]] && z')
    assert [(c.name, c.in_condition) for c in found] == [
        ("[", True),
        ("mkdir", False),
        ("test", True),
        ("echo", False),
        ("[[", True),
        ("z", False),
    ]
    assert found[4].argv == ["[[", "-f", "y", "&&", "-r", "y", "]]"]


def test_command_substitution_and_backticks_and_process_substitution():
    doc = "RUN echo $(date +%s) `uname -m` && diff <(ls a) <(ls b); X=$(id -u) run"
    found = cmds(doc)
    assert [(c.name, c.in_subshell, c.connector) for c in found] == [
        ("echo", False, None),
        ("date", True, None),
        ("uname", True, None),
        ("diff", False, "&&"),
        ("ls", True, None),
        ("ls", True, None),
        ("run", False, ";"),
        ("id", True, None),
    ]
    assert texts(doc, found[1:3]) == ["date +%s", "uname -m"]


def test_sh_c_recursion_single_quoted_exact_spans():
    doc = "RUN sh -c 'apt-get update && apt-get install -y  vim' && echo done"
    found = cmds(doc)
    assert [(c.name, c.via_shell_c, c.connector) for c in found] == [
        ("sh", False, None),
        ("apt-get", True, None),
        ("apt-get", True, "&&"),
        ("echo", False, "&&"),
    ]
    assert texts(doc, found) == [
        "sh -c 'apt-get update && apt-get install -y  vim'",
        "apt-get update",
        "apt-get install -y  vim",
        "echo done",
    ]
    assert word_texts(doc, found[2]) == ["apt-get", "install", "-y", "vim"]


def test_bash_c_double_quoted_with_escapes_maps_each_character():
    doc = 'RUN sudo bash -ec "echo \\"hi there\\" && pip install \\$X"'
    found = cmds(doc)
    assert [c.name for c in found] == ["bash", "echo", "pip"]
    echo, pip = found[1], found[2]
    assert echo.argv == ["echo", "hi there"]
    # an escaped character maps to itself, not to its backslash
    assert word_texts(doc, echo) == ["echo", '"hi there\\"']
    assert pip.argv == ["pip", "install", "$X"]
    assert word_texts(doc, pip)[2] == "$X"
    assert texts(doc, [pip]) == ["pip install \\$X"]


def test_su_c_and_shell_c_options():
    found = cmds("RUN su -c 'make install' builder && bash -o pipefail -c 'a | b'")
    assert [(c.name, c.via_shell_c) for c in found] == [
        ("su", False),
        ("make", True),
        ("bash", False),
        ("a", True),
        ("b", True),
    ]
    assert shell_c_script_index(["bash", "-o", "pipefail", "-c", "x"]) == 4
    assert shell_c_script_index(["bash", "-lc", "x"]) == 2
    assert shell_c_script_index(["bash", "script.sh"]) is None
    assert shell_c_script_index(["python", "-c", "x"]) is None


def test_sh_c_with_concatenated_argument_falls_back_to_the_word_span():
    doc = "RUN sh -c 'apt-get install '\"$PKG\""
    sh, inner = cmds(doc)
    assert inner.argv == ["apt-get", "install", "$PKG"]
    assert inner.span == sh.words[2].span == inner.words[0].span


def test_continuation_lines_span_the_backslash_newline():
    doc = "RUN apt-get update \\\n    && apt-get install -y \\\n        curl \\\n    # a comment\n        git\n"
    update, install = cmds(doc)
    assert install.argv == ["apt-get", "install", "-y", "curl", "git"]
    assert texts(doc, [install]) == ["apt-get install -y \\\n        curl \\\n    # a comment\n        git"]
    assert word_texts(doc, install)[3:] == ["curl", "git"]
    assert install.connector == "&&"


def test_unicode_before_a_command_uses_character_offsets():
    doc = "RUN echo 'héllo wörld 🐳' && apt-get install -y ñ"
    echo, install = cmds(doc)
    assert echo.argv == ["echo", "héllo wörld 🐳"]
    assert texts(doc, [install]) == ["apt-get install -y ñ"]
    assert word_texts(doc, install) == ["apt-get", "install", "-y", "ñ"]


def test_heredoc_body_is_the_script():
    doc = "RUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n"
    found = cmds(doc)
    assert [(c.argv, c.heredoc) for c in found] == [
        (["apt-get", "update"], 0),
        (["apt-get", "install", "-y", "curl"], 0),
    ]
    assert texts(doc, found) == ["apt-get update", "apt-get install -y curl"]


def test_chomped_heredoc_maps_past_the_stripped_tabs():
    doc = "RUN <<-EOF\n\tset -e\n\t\tpip install x\n\tEOF\n"
    found = cmds(doc)
    assert [c.argv for c in found] == [["set", "-e"], ["pip", "install", "x"]]
    assert texts(doc, found) == ["set -e", "pip install x"]
    assert found[1].span.start == doc.index("pip")


def test_heredoc_fed_to_a_shell_or_to_another_program():
    doc = "RUN bash -e <<EOF\nmake all\nEOF\n"
    assert [(c.name, c.heredoc) for c in cmds(doc)] == [("bash", None), ("make", 0)]
    doc = "RUN python3 <<EOF\nimport os\nEOF\n"
    assert [(c.name, c.heredoc) for c in cmds(doc)] == [("python3", None)]
    doc = "RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n"
    assert cmds(doc) == []
    doc = "RUN <<EOF\n#!/bin/bash\nls -l\nEOF\n"
    assert [c.argv for c in cmds(doc)] == [["ls", "-l"]]
    doc = "RUN cat <<EOF > /etc/conf\nnot a command\nEOF\n"
    assert [c.argv for c in cmds(doc)] == [["cat"]]
    assert heredoc_runs_as_shell(["sh", "-x"]) and not heredoc_runs_as_shell(["sh", "-c", "x"])


def test_exec_form_shell_c_maps_into_the_json_string():
    doc = 'RUN ["/bin/bash", "-c", "apt-get update && apt-get install -y git"]'
    found = cmds(doc)
    assert [c.argv for c in found] == [["apt-get", "update"], ["apt-get", "install", "-y", "git"]]
    assert texts(doc, found) == ["apt-get update", "apt-get install -y git"]
    assert not any(c.via_shell_c for c in found)


def test_exec_form_with_json_escapes_falls_back_to_the_token_span():
    doc = 'RUN ["sh", "-c", "echo \\"x\\" && ls"]'
    found = cmds(doc)
    assert [c.argv for c in found] == [["echo", "x"], ["ls"]]
    token = doc[doc.index('"echo') : doc.rindex('"') + 1]
    assert texts(doc, found) == [token, token]


def test_exec_form_other_program_is_one_command():
    doc = 'RUN ["sudo", "/usr/local/bin/pip", "install", "x"]'
    (cmd,) = cmds(doc)
    assert (cmd.name, cmd.index, cmd.argv) == ("pip", 1, ["/usr/local/bin/pip", "install", "x"])
    assert word_texts(doc, cmd) == ['"sudo"', '"/usr/local/bin/pip"', '"install"', '"x"']
    assert texts(doc, [cmd]) == ['"sudo", "/usr/local/bin/pip", "install", "x"']


def test_non_posix_shell_gives_no_commands():
    assert cmds("RUN Install-Module foo; echo x", ["pwsh", "-Command"]) == []
    assert cmds("RUN dir", ["cmd", "/S", "/C"]) == []
    assert is_posix_shell(["C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"]) is False
    assert is_posix_shell(["/bin/bash", "-o", "pipefail", "-c"]) is True
    assert [c.name for c in cmds("RUN ls", ["/bin/bash", "-o", "pipefail", "-c"])] == ["ls"]


def test_half_typed_script_recovers_commands():
    doc = "RUN apt-get install -y curl && (  "
    found = cmds(doc)
    assert [c.argv for c in found] == [["apt-get", "install", "-y", "curl"]]
    doc = "RUN if [ x ]; then apt-get update"
    assert "apt-get" in [c.name for c in cmds(doc)]


def test_comments_are_ignored():
    assert [c.argv for c in cmds("RUN ls # apt-get install x")] == [["ls"]]


def test_cat_heredoc_piped_into_a_shell():
    script = MappedText.contiguous("cat <<EOS | sh\necho $(hi)\nEOS\n", 10)
    ins = Instruction("RUN", "RUN", Span(0, 3), Span(0, 50), 0, 3, rest=script)
    found = parse_script(script, ins)
    assert [(c.name, c.pipe_prev, c.pipe_next, c.connector) for c in found] == [
        ("cat", False, True, None),
        ("sh", True, False, "|"),
        ("hi", False, False, None),
    ]
    assert found[2].in_subshell
    bar = Span(10 + script.text.index("|"), 11 + script.text.index("|"))
    assert [c.pipe_operator for c in found] == [bar, bar, None]


def test_parse_script_on_offset_text_and_heredoc_index():
    ins = Instruction("RUN", "RUN", Span(0, 3), Span(0, 3), 0, 0)
    found = parse_script(MappedText.contiguous("make  -j2", 100), ins, heredoc=2)
    assert [(c.span, c.words[1].span, c.heredoc) for c in found] == [(Span(100, 109), Span(106, 109), 2)]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_and_spans_stay_inside(text):
    doc = "RUN " + text
    end = len(doc)
    for cmd in cmds(doc):
        assert 0 <= cmd.span.start <= cmd.span.end <= end
        assert cmd.words
        for w in cmd.words + cmd.assignments:
            assert 0 <= w.span.start <= w.span.end <= end


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "sh",
                "-c",
                "'",
                '"',
                "\\",
                "$(",
                ")",
                "`",
                "<<",
                "EOF",
                "\n",
                "|",
                "&&",
                ";",
                "if",
                "then",
                "fi",
                "{",
                "}",
                "(",
                "sudo",
                "env",
                "-u",
                "x=1",
                "é",
                "🐳",
                " ",
                "\t",
                "#",
                "[",
                "]",
                "${",
                "}",
                "--",
            ]
        ),
        max_size=40,
    )
)
def test_shell_like_soup_never_raises(parts):
    doc = "RUN " + "".join(parts)
    for cmd in cmds(doc):
        assert 0 <= cmd.span.start <= cmd.span.end <= len(doc)
        assert cmd.name == cmd.name.rsplit("/", 1)[-1]


def test_code_points_that_crash_the_bash_scanner_are_safe():
    # tree-sitter-bash 0.25 segfaults on some of these (its scanner passes code points to C
    # ctype functions); the parser is fed an ASCII stand-in of equal byte length instead.
    for script in ["{\U00031860", "{\U00069d9e\u2028(\U00084aa7", "$\U00039183", "echo é{\U00031860} ok"]:
        for _ in range(200):
            found = cmds("RUN " + script)
    assert [c.argv for c in found] == [["echo", "é{\U00031860}", "ok"]]


def test_a_heredoc_body_on_the_last_line_without_a_newline_stays_inside_the_file():
    """The fixture and the parser agree: the body's last line has no line break to add."""
    doc = "RUN <<sh\n$(sh"
    (run,) = parse(doc).instructions
    expected = [("$(sh", 9, 13), ("sh", 11, 13)]
    assert [(c.name, c.span.start, c.span.end) for c in commands_of(run, SH, "\\")] == expected
    assert [(c.name, c.span.start, c.span.end) for c in cmds(doc)] == expected


@pytest.mark.parametrize(
    "doc",
    [
        "RUN echo hi >",
        "RUN echo hi 2>",
        'RUN a && echo "unclosed',
        'RUN a && echo a"b',
        "RUN x=$(echo",
        "RUN a && echo ${x",
        "RUN a && echo ${x//. y",  # tree-sitter-bash closes the expansion early, the shell at the end
        "RUN a && if true; then echo",
        "RUN a && [[ -f x",
        "RUN a && [ -f x && echo 'b",
        "RUN <<EOF\na\nif true; then\nEOF",
    ],
)
def test_a_command_followed_by_a_script_left_open_is_marked(doc):
    """The last command of a script its parse finds broken at or after that command's end."""
    assert cmds(doc)[-1].open_after


@pytest.mark.parametrize(
    "doc",
    [
        "RUN a && echo hi > /x",
        'RUN a && echo "b"',
        "RUN a && echo ${x//./y}",
        "RUN a && [ -f x",  # ``[`` is a command to the shell, ``]`` only its last word
        "RUN a && [ !",
        'RUN a && [ "$(b)"',
        "RUN a && echo $",  # a ``$`` starting no expansion is a literal
        "RUN a && $",
        "RUN a ) ; b",  # broken before the last command, not after it
        "RUN <<EOF\na\nif true; then b; fi\nEOF",
    ],
)
def test_a_command_the_script_goes_on_from_whole_is_not_marked(doc):
    assert not cmds(doc)[-1].open_after


def test_only_the_commands_ending_before_where_the_script_breaks_are_marked():
    assert [c.open_after for c in cmds("RUN a ) ; b")] == [True, False]


def test_the_bash_grammar_loaded_alone_parses_as_the_package_s_own():
    import tree_sitter
    import tree_sitter_bash
    from stanzalint.analysis.shell import _bash_binding_alone, _bash_language

    script = b'for f in *.txt; do cat "$f" | grep -v x >> out; done\ncase $1 in a) echo "${x:-y}";; esac\n'
    ours, theirs = (tree_sitter.Language(language) for language in (_bash_language(), tree_sitter_bash.language()))
    assert (ours.abi_version, ours.node_kind_count) == (theirs.abi_version, theirs.node_kind_count)
    assert str(tree_sitter.Parser(ours).parse(script).root_node) == str(
        tree_sitter.Parser(theirs).parse(script).root_node
    )
    assert _bash_binding_alone() is None  # the package is imported now: its own module is used


def test_parsing_a_script_leaves_tree_sitter_bash_s_package_unimported():
    # its __init__ imports importlib.resources, and with it tempfile, shutil, bz2, lzma and random
    import subprocess
    import sys

    child = (
        "import sys\n"
        "from stanzalint.analysis.shell import _get_parser\n"
        "assert _get_parser().parse(b'echo hi').root_node.type == 'program'\n"
        "print(sorted(m for m in ('tree_sitter_bash', 'importlib.resources', 'tempfile') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
