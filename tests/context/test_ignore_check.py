"""What each .dockerignore pattern does to a real context."""

from contexts import make_tree
from stanzalint.context.ignore_check import path_completions, pattern_effects
from stanzalint.context.tree import walk

FILES = ["README.md", "docs/guide.md", "docs/api/ref.md", "src/app.py", "build/out.bin", "build/keep.txt"]


def effects(text):
    return [(e.line.pattern, e.matched, e.decided) for e in pattern_effects(text, FILES)]


def test_matched_and_kept_out():
    assert effects("*.md\n**/*.md\nbuid\nbuild\n") == [
        ("*.md", 1, 0),  # README.md, then decided by the later **/*.md
        ("**/*.md", 3, 3),
        ("buid", 0, 0),  # a typo: matches nothing
        ("build", 2, 2),
    ]


def test_exceptions_bring_back_only_what_was_kept_out():
    assert effects("!README.md\n**/*.md\nbuild\n!build/keep.txt\n!src/app.py\n") == [
        ("!README.md", 1, 0),  # above the pattern that excludes it: brings back nothing
        ("**/*.md", 3, 3),
        ("build", 2, 1),
        ("!build/keep.txt", 1, 1),
        ("!src/app.py", 1, 0),  # never excluded
    ]


def test_path_completion_lists_the_directory_typed(tmp_path):
    make_tree(tmp_path, {"docs/a.md": "", "docs/img/x.png": "", "src/app.py": ""})
    root = str(tmp_path)
    assert path_completions(root, "") == ["docs/", "src/"]
    assert path_completions(root, "!/docs/i") == ["docs/a.md", "docs/img/"]
    assert path_completions(root, "nowhere/") == []
    assert sorted(walk(root, apply_ignore=False).files) == ["docs/a.md", "docs/img/x.png", "src/app.py"]
