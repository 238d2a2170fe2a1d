"""moby/patternmatcher semantics of the .dockerignore matcher used by SZ815."""

import pytest

from stanzalint.analysis.dockerignore import PatternMatcher, read_patterns


def test_read_patterns_cleans_and_keeps_exceptions():
    text = "\ufeff# comment\n  \n/abs/path/\n ./a/../b \n! keep/me\n#not/a/pattern\n"
    assert read_patterns(text) == ["abs/path", "b", "!keep/me"]


@pytest.mark.parametrize(
    "patterns, path, ignored",
    [
        (["node_modules"], "node_modules/x/y.js", True),
        (["*.log"], "a.log", True),
        (["*.log"], "dir/a.log", False),
        (["**/*.log"], "dir/sub/a.log", True),
        (["**/*.log"], "a.log", True),
        (["build/**"], "build/x/y", True),
        (["**"], "anything/at/all", True),
        (["doc?"], "docs/index.md", True),
        (["[abc].txt"], "b.txt", True),
        (["a.b"], "axb", False),
        (["*", "!keep"], "keep", False),
        (["*", "!keep", "keep"], "keep", True),
        (["dir", "!dir/file"], "dir/file", False),
        (["**foo"], "barfoo", True),
    ],
)
def test_matches_or_parent_matches(patterns, path, ignored):
    assert PatternMatcher(patterns).matches_or_parent_matches(path) is ignored


def test_exclusions_flag():
    assert PatternMatcher(["a", "!b"]).has_exclusions
    assert not PatternMatcher(["a"]).has_exclusions
