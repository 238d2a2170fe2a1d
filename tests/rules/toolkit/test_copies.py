from stanzalint.rules.toolkit.copies import (
    context_copy_source,
    copied_files,
    copies_from,
    copies_whole_context,
    copy_operands,
    is_archive,
    is_heredoc_word,
    is_remote,
)
from toolkit_input import analysed, rule_context, values


def _ins(text):
    return analysed(text)[0].instructions[1]


def test_copy_operands_as_written_and_copied_files_without_heredocs():
    ins = _ins("FROM a\nCOPY <<EOF a.txt /app/\nhi\nEOF\n")
    sources, dest = copy_operands(ins)
    assert (values(sources), dest.value) == (["<<EOF", "a.txt"], "/app/")
    sources, dest = copied_files(ins)
    assert (values(sources), dest.value) == (["a.txt"], "/app/")


def test_a_single_word_has_no_destination():
    ins = _ins("FROM a\nCOPY only\n")
    assert (values(copy_operands(ins)[0]), copy_operands(ins)[1]) == (["only"], None)
    assert copied_files(ins) == ([], None)
    assert copied_files(_ins("FROM a\nRUN a b\n")) == ([], None)


def test_context_copy_source():
    assert context_copy_source(_ins("FROM a\nCOPY --chown=1 ./ /app\n")).value == "./"
    assert context_copy_source(_ins("FROM a\nCOPY --from=b . /app\n")) is None
    assert context_copy_source(_ins("FROM a\nCOPY src /app\n")) is None


def test_source_kinds():
    assert is_remote("https://example.com/a.tgz") and is_remote("git@github.com:o/r.git")
    assert not is_remote("./a.tgz")
    assert is_archive("a.tar.gz") and is_archive("a.tzst") and not is_archive("a.zip")
    assert is_heredoc_word("<<-EOF") and not is_heredoc_word("<a")


def test_copies_from_every_stage_and_fragments():
    ctx = rule_context("FROM a AS b\nCOPY --from=x /a /a\nCOPY /c /c\nFROM b\nCOPY --from=b /d /d\n")
    assert [(stage.index, flag.value) for stage, _ins, flag in copies_from(ctx)] == [(0, "x"), (1, "b")]
    ctx = rule_context("COPY --from=tool /bin/t /bin/t\n")
    assert [(stage, flag.value) for stage, _ins, flag in copies_from(ctx)] == [(None, "tool")]


def test_copies_whole_context_asks_a_moved_instruction_without_moving_its_words():
    from stanzalint.syntax import parse
    from stanzalint.syntax.incremental import reparse

    before = "FROM a\nRUN b\nCOPY ./ /app\nCOPY src /app\nCOPY --from=b . /app\n"
    moved = reparse(parse(before), before.replace("RUN b", "RUN bb")).instructions
    assert [copies_whole_context(ins) for ins in moved] == [False, False, True, False, False]
    assert "args" not in vars(moved[2]) and "flags" not in vars(moved[4])
    assert context_copy_source(moved[2]).span.start == before.index("./") + 1
