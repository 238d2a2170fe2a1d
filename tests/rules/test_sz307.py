"""SZ307: a large transfer of the build context."""

from contexts import make_tree
from ruletest import found

TEXT = "FROM python:3.12-slim\nCOPY requirements.txt .\nCOPY . /app\n"


def test_big_transfer_names_the_largest_entries(tmp_path):
    make_tree(
        tmp_path,
        {
            "requirements.txt": "x" * 1000,
            "data/a.bin": "x" * 600_000,
            "data/b.bin": "x" * 600_000,
            "model.pt": "x" * 500_000,
            "app.py": "x",
        },
    )
    assert found("SZ307", TEXT, str(tmp_path / "Dockerfile"), rules={"SZ307": {"max_mib": 1}}) == [
        (
            "3:6-3:7",
            "The build transfers 1.6 MiB of the context before it can run; `.` reads most of it "
            "(`data/` 1.1 MiB, `model.pt` 488.3 KiB, `requirements.txt` 1000 B)",
        )
    ]


def test_ignored_or_unread_bulk_does_not_count(tmp_path):
    make_tree(tmp_path, {"requirements.txt": "", "data/a.bin": "x" * 2_000_000, ".dockerignore": "data\n"})
    assert found("SZ307", TEXT, str(tmp_path / "Dockerfile"), rules={"SZ307": {"max_mib": 1}}) == []
    make_tree(tmp_path / "other", {"requirements.txt": "", "data/a.bin": "x" * 2_000_000})
    assert (
        found(
            "SZ307",
            "FROM alpine\nCOPY requirements.txt .\n",
            str(tmp_path / "other" / "Dockerfile"),
            rules={"SZ307": {"max_mib": 1}},
        )
        == []
    )


def test_default_limit_is_200_mib(tmp_path):
    make_tree(tmp_path, {"requirements.txt": "", "data/a.bin": "x" * 2_000_000})
    assert found("SZ307", TEXT, str(tmp_path / "Dockerfile")) == []


def test_a_context_under_the_limit_is_not_read_further(tmp_path, monkeypatch):
    """The whole context weighs less than the limit: what each instruction reads of it is not
    added up (at every keystroke)."""
    from stanzalint.rules import sz307

    make_tree(tmp_path, {"requirements.txt": "x" * 1000, "app.py": "x"})
    asked: list[object] = []
    inputs = sz307.instruction_inputs
    monkeypatch.setattr(sz307, "instruction_inputs", lambda ctx: asked.append(ctx) or inputs(ctx))
    assert found("SZ307", TEXT, str(tmp_path / "Dockerfile"), rules={"SZ307": {"max_mib": 1}}) == []
    assert asked == []
