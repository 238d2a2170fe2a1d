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


# BuildKit's documented .dockerignore semantics, case by case (docs.docker.com, "Build context",
# ".dockerignore files"), with paths of our own. Each case: the file's text, a path relative to
# the context, and whether the path is kept out of the context.
DOCUMENTED = [
    # "*/temp*": entries starting with temp in any immediate subdirectory of the root.
    ("*/temp*", "somedir/temporary.txt", True),
    ("*/temp*", "somedir/temp", True),
    ("*/temp*", "temp.txt", False),
    ("*/temp*", "a/b/temp.txt", False),
    # "*/*/temp*": two levels below the root.
    ("*/*/temp*", "somedir/subdir/temporary.txt", True),
    ("*/*/temp*", "somedir/temporary.txt", False),
    # "temp?": one character after temp, at the root only.
    ("temp?", "tempa", True),
    ("temp?", "tempab", False),
    ("temp?", "sub/tempa", False),
    # "**" matches any number of directories, zero included.
    ("**/*.go", "main.go", True),
    ("**/*.go", "cmd/tool/main.go", True),
    ("**/*.go", "main.golden", False),
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/y/b/c.txt", True),
    # "!" exceptions, the last matching line wins.
    ("*.md\n!README.md", "README.md", False),
    ("*.md\n!README.md", "CHANGES.md", True),
    ("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", True),
    ("*.md\n!README*.md\nREADME-secret.md", "README-public.md", False),
    ("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", False),
    # A directory pattern keeps out everything below it; an exception can re-include one file.
    ("build", "build/out/app.bin", True),
    ("build\n!build/keep.txt", "build/keep.txt", False),
    ("build\n!build/keep.txt", "build/other.txt", True),
    # Leading and trailing slashes, "." and ".." are cleaned away (filepath.Clean).
    ("/foo/bar/", "foo/bar/baz.txt", True),
    ("./foo/../bar", "bar", True),
    ("./foo/../bar", "foo/bar", False),
    ("../outside", "outside", False),
    # Comments are whole lines starting with "#"; whitespace around a pattern is trimmed.
    ("# secrets\n  .env  ", ".env", True),
    ("# secrets", "# secrets", False),
    ("#.env", ".env", False),
    # The Dockerfile and .dockerignore follow the patterns like any file (BuildKit still reads
    # them to build, but COPY cannot).
    ("Dockerfile\n.dockerignore", "Dockerfile", True),
    ("Dockerfile\n.dockerignore", ".dockerignore", True),
    # Character classes and escapes (Go's filepath.Match syntax).
    ("log[0-9].txt", "log7.txt", True),
    ("log[^0-9].txt", "logx.txt", True),
    ("log[^0-9].txt", "log7.txt", False),
    ("a\\*b", "a*b", True),
    ("a\\*b", "axb", False),
    # Regex characters with no meaning in a pattern are literal.
    ("v1.0+(x)", "v1.0+(x)", True),
    ("v1.0+(x)*", "v1x0+(x)", False),
]


@pytest.mark.parametrize("text, path, ignored", DOCUMENTED)
def test_documented_semantics(text, path, ignored):
    assert PatternMatcher(read_patterns(text)).matches_or_parent_matches(path) is ignored


@pytest.mark.parametrize(
    "text, directory, pruned",
    [
        ("node_modules", "node_modules", True),  # no exceptions: never looked into
        ("build\n!build/keep.txt", "build", False),  # an exception names something inside
        ("build\n!other/keep.txt", "build", True),  # exceptions elsewhere do not reach it
        ("build\n!build/sub/**", "build", False),
        ("build\n!**/keep.txt", "build", False),  # a wildcard exception could match anywhere
    ],
)
def test_pruning_follows_buildkit(text, directory, pruned):
    assert PatternMatcher(read_patterns(text)).prunes(directory) is pruned


def test_parent_results_give_the_same_answer_as_matching_parents():
    matcher = PatternMatcher(read_patterns("docs\n!docs/api\ndocs/api/internal"))
    ignored_docs, docs = matcher.match_under("docs", [])
    ignored_api, api = matcher.match_under("docs/api", docs)
    ignored_internal, _ = matcher.match_under("docs/api/internal", api)
    assert (ignored_docs, ignored_api, ignored_internal) == (True, False, True)
    assert matcher.matches_or_parent_matches("docs/api/internal/x.md")


def test_pattern_lines_keep_their_places():
    from stanzalint.analysis.dockerignore import PatternLine, pattern_lines

    text = "\ufeff a\r\n#x\n  !  b/ \nc\u2028d\n"  # only \n ends a line, as Go's scanner reads it
    assert pattern_lines(text) == [
        PatternLine(0, 2, 3, "a"),
        PatternLine(2, 10, 15, "!b"),
        PatternLine(3, 17, 20, "c\u2028d"),
    ]
