"""``parse_words`` (BuildKit's ``parseWords``, for ARG, ENV and LABEL) splits text without
quotes or escapes with one regular expression: the words are those the character-by-character
reading finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from stanzalint.syntax.gotext import GO_SPACE
from stanzalint.syntax.words import _scan_words, parse_words

_CHARS = st.sampled_from(["a", "=", "1", "$", "é", "\\", "`", "'", '"', *GO_SPACE])


@settings(max_examples=500, derandomize=True)
@given(st.lists(_CHARS, max_size=16).map("".join), st.integers(0, 16), st.integers(0, 16), st.sampled_from("\\`"))
def test_any_text_splits_as_the_character_reading_splits_it(text, a, b, escape):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert parse_words(text, start, end, escape) == _scan_words(text, start, end, escape)


def test_words_split_at_every_go_space_and_keep_their_quotes():
    assert parse_words("A=1\u3000B=2\u2028 C", 0, 11, "\\") == [(0, 3), (4, 7), (9, 10)]
    assert parse_words('A="x y" B', 0, 9, "\\") == [(0, 7), (8, 9)]
    assert parse_words("A=x\\ y B", 0, 8, "\\") == [(0, 6), (7, 8)]
    assert parse_words("A=x\\ y B", 0, 8, "`") == [(0, 4), (5, 6), (7, 8)]
