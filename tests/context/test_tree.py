"""The build context walk: what BuildKit would send, with .dockerignore applied and pruned."""

import os

from contexts import make_tree
from stanzalint.context.tree import walk


def test_files_sent_and_kept_out(tmp_path):
    root = make_tree(
        tmp_path,
        {
            ".dockerignore": "node_modules\n*.log\n!keep.log\n",
            "Dockerfile": "FROM scratch\n",
            "app/main.py": "print(1)\n",
            "debug.log": "x",
            "keep.log": "y",
            "node_modules/left/index.js": "z",
        },
    )
    tree = walk(root, os.path.join(root, "Dockerfile"))
    assert sorted(tree.files) == [".dockerignore", "Dockerfile", "app/main.py", "keep.log"]
    assert sorted(tree.ignored) == ["debug.log", "node_modules/"]  # the directory is never read
    assert tree.files["app/main.py"] == 9
    assert tree.total_size == sum(tree.files.values())


def test_dockerfile_specific_ignore_file_wins(tmp_path):
    root = make_tree(
        tmp_path,
        {
            ".dockerignore": "a.txt\n",
            "build/api.Dockerfile": "FROM scratch\n",
            "build/api.Dockerfile.dockerignore": "b.txt\n",
            "a.txt": "",
            "b.txt": "",
        },
    )
    tree = walk(root, os.path.join(root, "build/api.Dockerfile"))
    assert tree.ignore_file == os.path.join(root, "build/api.Dockerfile.dockerignore")
    assert "a.txt" in tree.files and "b.txt" in tree.ignored


def test_context_ignore_file_is_read_from_the_context_root(tmp_path):
    root = make_tree(tmp_path, {"ctx/.dockerignore": "secret\n", "ctx/secret": "", "docker/Dockerfile": ""})
    tree = walk(os.path.join(root, "ctx"), os.path.join(root, "docker/Dockerfile"))
    assert tree.ignored == {"secret": 0} and tree.files == {".dockerignore": 7}


def test_exception_inside_an_ignored_directory_is_found(tmp_path):
    root = make_tree(
        tmp_path, {".dockerignore": "docs\n!docs/api/keep.md\n", "docs/api/keep.md": "", "docs/other.md": ""}
    )
    tree = walk(root)
    assert sorted(tree.files) == [".dockerignore", "docs/api/keep.md"]
    assert sorted(tree.ignored) == ["docs/other.md"]


def test_under_lists_a_directory_without_its_namesakes(tmp_path):
    root = make_tree(tmp_path, {"src/a.py": "", "src/b/c.py": "", "src-old/d.py": "", "src.txt": ""})
    tree = walk(root)
    assert tree.under("src") == ["src/a.py", "src/b/c.py"]
    assert tree.under("src.txt") == ["src.txt"]
    assert len(tree.under(".")) == 4


def test_refresh_follows_file_events(tmp_path):
    root = make_tree(tmp_path, {".dockerignore": "*.log\n", "a.py": ""})
    tree = walk(root)
    make_tree(tmp_path, {"b.py": "xx", "c.log": "", "pkg/d.py": ""})
    for rel in ("b.py", "c.log", "pkg"):
        tree.refresh(rel)
    os.remove(os.path.join(root, "a.py"))
    tree.refresh("a.py")
    assert sorted(tree.files) == [".dockerignore", "b.py", "pkg/d.py"]
    assert tree.ignored == {"c.log": 0}


def test_largest_entries_add_up_directories(tmp_path):
    root = make_tree(tmp_path, {"data/a.bin": "x" * 300, "data/b.bin": "x" * 300, "big.txt": "x" * 500, "small": "x"})
    assert walk(root).largest(2) == [("data/", 600), ("big.txt", 500)]


def test_total_size_follows_a_file_event(tmp_path):
    root = make_tree(tmp_path, {"a.bin": "x" * 10})
    tree = walk(root)
    assert tree.total_size == 10  # added up once, then remembered
    make_tree(tmp_path, {"b.bin": "x" * 5})
    tree.refresh("b.bin")
    assert tree.total_size == 15
