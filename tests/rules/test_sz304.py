"""SZ304: an often-changing COPY above an expensive RUN that does not read it (real histories)."""

from contexts import Repo
from ruletest import fixed, found

TEXT = """\
FROM python:3.12-slim
WORKDIR /app
COPY src/ /app/src/
ENV PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
COPY requirements.txt .
RUN pip install -r requirements.txt
"""

MESSAGE = (
    "What this COPY reads changed in 3 of the last 5 commits, and each change reruns `apt-get install` "
    "(line 5), which does not read it; copy it after"
)


def history(tmp_path, text=TEXT):
    repo = Repo(tmp_path)
    repo.commit({"Dockerfile": text, "requirements.txt": "flask\n", "src/app.py": "1", "README.md": ""})
    repo.commit({"src/app.py": "2"})
    repo.commit({"README.md": "docs"})
    repo.commit({"src/app.py": "3"})
    repo.commit({"requirements.txt": "flask==3\n"})
    return str(tmp_path / "Dockerfile")


OPTIONS = {"rules": {"SZ304": {"min_commits": 5}}}


def test_often_changing_copy_above_an_install(tmp_path):
    path = history(tmp_path)
    assert found("SZ304", TEXT, path, **OPTIONS) == [("3:1-3:5", MESSAGE)]


def test_the_fix_moves_it_below_the_install(tmp_path):
    path = history(tmp_path)
    assert fixed("SZ304", TEXT, unsafe=True, path=path, **OPTIONS) == TEXT.replace("COPY src/ /app/src/\n", "").replace(
        "build-essential\n", "build-essential\nCOPY src/ /app/src/\n"
    )


def test_threshold_and_minimum_history(tmp_path):
    path = history(tmp_path)
    assert found("SZ304", TEXT, path, rules={"SZ304": {"min_commits": 5, "threshold": 0.7}}) == []
    assert found("SZ304", TEXT, path) == []  # 5 commits are fewer than the default 20


def test_a_run_that_reads_the_copy_is_no_victim(tmp_path):
    text = TEXT.replace("build-essential", "build-essential && make -C src")
    path = history(tmp_path, text)
    assert found("SZ304", text, path, **OPTIONS) == []


def test_no_fix_past_a_workdir(tmp_path):
    text = TEXT.replace("ENV PIP_NO_CACHE_DIR=1", "WORKDIR /srv")
    path = history(tmp_path, text)
    assert found("SZ304", text, path, **OPTIONS) == [("3:1-3:5", MESSAGE)]
    from ruletest import violations

    assert [v.fix for v in violations("SZ304", text, path, **OPTIONS)] == [None]


def test_without_git_or_path_nothing(tmp_path):
    assert found("SZ304", TEXT, **OPTIONS) == []


def test_a_run_given_the_working_directory_reads_the_copy(tmp_path):
    text = TEXT.replace("build-essential\n", "build-essential && python -m pip wheel --wheel-dir /wheels .\n")
    path = history(tmp_path, text)
    assert found("SZ304", text, path, **OPTIONS) == []


def test_without_git_the_copies_inputs_are_not_worked_out(tmp_path, monkeypatch):
    import stanzalint.rules.sz304 as sz304

    path = str(tmp_path / "Dockerfile")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("1")
    assert found("SZ304", TEXT, path, **OPTIONS) == []  # git is asked: no repository

    def inputs(_ctx):
        raise AssertionError("worked out for nothing")

    monkeypatch.setattr(sz304, "instruction_inputs", inputs)
    assert found("SZ304", TEXT, path, **OPTIONS) == []


def test_no_move_past_a_run_naming_a_directory_the_copy_may_make(tmp_path):
    """``tar -C /app`` needs ``/app``, which only the copy of ``/app/src/`` made."""
    from ruletest import violations

    text = TEXT.replace("WORKDIR /app\n", "").replace(
        "build-essential", "build-essential && curl -fsSL https://example.com/y.tgz | tar -xz -C /app"
    )
    path = history(tmp_path, text)
    [v] = violations("SZ304", text, path, **OPTIONS)
    assert v.fix is None
