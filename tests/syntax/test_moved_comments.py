"""The comments after an edit are moved when read, each once, and equal a fresh parse's."""

import pickle

from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse
from stanzalint.syntax.moved_comments import CommentsAfterEdit, comments_of

TEXT = "FROM a\n# one\nRUN b\n# hadolint ignore=DL3008\nRUN apt-get install c\n# two\nCMD d\n"


def typed(text, times):
    df = parse(text)
    for _ in range(times):
        text = text.replace("RUN b", "RUN bb", 1)
        df = reparse(df, text)
    return df, text


def test_the_comments_after_typing_are_a_fresh_parses_and_made_when_read():
    df, text = typed(TEXT, 3)
    assert isinstance(comments_of(df), CommentsAfterEdit)  # nothing read them yet
    assert [(c.text, c.span, c.line, c.inside_instruction) for c in df.comments] == [
        (c.text, c.span, c.line, c.inside_instruction) for c in parse(text).comments
    ]
    assert comments_of(df) is df.comments


def test_a_comment_after_the_edit_is_one_object_however_it_is_read():
    df, _ = typed(TEXT, 1)
    assert df.pragmas  # read (and taken over by the next re-parse)
    df = reparse(df, df.text.replace("RUN bb", "RUN bbb"))
    pragma = next(p for p in df.pragmas if p.comment is not None)
    later = comments_of(df)
    assert isinstance(later, CommentsAfterEdit) and later[2] is later[-1] is later[2]
    assert any(c is pragma.comment for c in df.comments)


def test_a_parse_with_comments_not_yet_moved_pickles_as_the_fresh_parse():
    df, text = typed(TEXT, 2)
    again = pickle.loads(pickle.dumps(df))
    assert [(c.text, c.span, c.line) for c in again.comments] == [
        (c.text, c.span, c.line) for c in parse(text).comments
    ]


def test_any_slice_of_the_comments_after_an_edit_is_the_fresh_parses_made_once():
    df, text = typed(TEXT + "# three\n# four\n", 2)
    comments = comments_of(df)
    fresh = [(c.text, c.span, c.line) for c in parse(text).comments]
    read_first = comments[3]
    for start in range(len(comments) + 1):
        for end in range(start, len(comments) + 1):
            assert [(c.text, c.span, c.line) for c in comments.listed(start, end)] == fresh[start:end]
    assert df.comments[3] is read_first and df.comments[4] is comments.listed(4, 5)[0]


def test_finding_a_comment_block_after_an_edit_moves_only_the_blocks_comments():
    from stanzalint.rules.toolkit.comments import comment_block_above
    from stanzalint.syntax.moved_comments import first_from_line, first_from_offset

    many = "".join(f"# note {n}\nRUN step{n}\n" for n in range(64))
    df, text = typed(TEXT + many + "# above\n# the last\nCMD last\n", 1)
    comments = comments_of(df)
    fresh = parse(text)
    last = df.instructions[-1]
    assert [c.text for c in comment_block_above(df, last)] == ["the last", "above"]
    assert len(comments.made) == 3  # the block and the one that ends it: a bisection reads positions
    for line in range(len(text.splitlines()) + 1):
        assert first_from_line(comments, line) == first_from_line(fresh.comments, line)
    for offset in range(0, len(text), 7):
        for after in (False, True):
            assert first_from_offset(comments, offset, after=after) == first_from_offset(
                fresh.comments, offset, after=after
            )
