"""COPY/ADD sources resolved to the context files they read."""

import pytest
from contexts import make_tree
from stanzalint.context.sources import CONTEXT, HEREDOC, REMOTE, STAGE, UNKNOWN, inputs_of
from stanzalint.context.tree import walk
from stanzalint.engine import prepare

FILES = {
    ".dockerignore": "**/*.pyc\nsecrets\n",
    "app/main.py": "",
    "app/main.pyc": "",
    "app/util/io.py": "",
    "app/README.md": "",
    "requirements.txt": "",
    "requirements-dev.txt": "",
    "secrets/key.pem": "",
    "web/package.json": "",
    "web/src/index.ts": "",
}


@pytest.fixture
def tree(tmp_path):
    return walk(make_tree(tmp_path, FILES))


def inputs(tree, line, dockerfile=None):
    """The Inputs of the last instruction of ``FROM scratch`` + ``line``."""
    text = dockerfile or f"FROM alpine AS base\nARG SRC=app\n{line}\n"
    doc, analysis = prepare(text)
    return inputs_of(analysis, doc.instructions[-1], tree)


@pytest.mark.parametrize(
    "line, files",
    [
        ("COPY requirements.txt .", ["requirements.txt"]),
        ("COPY requirements*.txt ./", ["requirements-dev.txt", "requirements.txt"]),
        ("COPY app /app", ["app/README.md", "app/main.py", "app/util/io.py"]),
        ("COPY ./app/../app/ /app", ["app/README.md", "app/main.py", "app/util/io.py"]),
        ("COPY /app/main.py /x", ["app/main.py"]),
        ("COPY ../../app/main.py /x", ["app/main.py"]),
        ("COPY $SRC/util /x", ["app/util/io.py"]),
        ("COPY */package.json /x", ["web/package.json"]),
        ("COPY ap? /x", ["app/README.md", "app/main.py", "app/util/io.py"]),
        ("COPY --exclude=*.md app /app", ["app/main.py", "app/util/io.py"]),
        ("COPY --exclude=util app /app", ["app/README.md", "app/main.py"]),
        ("COPY --parents app/util/io.py web/package.json /dst/", ["app/util/io.py", "web/package.json"]),
        ("ADD web/src /src", ["web/src/index.ts"]),
        ("COPY missing.txt /x", []),
        ("RUN --mount=type=bind,source=web,target=/w make", ["web/package.json", "web/src/index.ts"]),
        ("RUN --mount=Type=BIND,SOURCE=web,Target=/w make", ["web/package.json", "web/src/index.ts"]),
        ("RUN --mount=src=app/util,target=/u make", ["app/util/io.py"]),
        ("RUN --mount=source=web,source=app/util,target=/u make", ["app/util/io.py"]),
        ("RUN --mount=source=web,src=app/util,target=/u make", ["app/util/io.py"]),  # one key, the last wins
    ],
)
def test_files_read(tree, line, files):
    assert sorted(inputs(tree, line).files) == files


def test_the_files_of_several_sources_each_once_in_order_worked_out_once(tree):
    found = inputs(tree, "COPY app/main.py requirements.txt app /dst/")
    assert found.files == ["app/main.py", "requirements.txt", "app/README.md", "app/util/io.py"]
    assert found.files is found.files  # handed to every later lint that keeps the instruction


def test_whole_context_reads_every_sent_file(tree):
    found = inputs(tree, "COPY . /src")
    assert len(found.files) == 8  # .pyc files and secrets/ are kept out by .dockerignore
    assert "app/main.pyc" not in found.files and "secrets/key.pem" not in found.files


def test_ignored_entries_a_source_names(tree):
    source = inputs(tree, "COPY secrets/key.pem app/main.pyc /x").sources
    assert [s.ignored for s in source] == [["secrets/"], ["app/main.pyc"]]
    assert [s.files for s in source] == [[], []]


@pytest.mark.parametrize(
    "line, origin",
    [
        ("COPY --from=base /etc/os-release /x", STAGE),
        ("COPY --from=nginx:1.27 /etc/nginx /x", STAGE),
        ("ADD https://example.com/a.tgz /x", REMOTE),
        ("ADD git@github.com:moby/buildkit.git /x", REMOTE),
        ("COPY <<EOF /x\nhello\nEOF", HEREDOC),
        ("ARG NODEFAULT\nCOPY $NODEFAULT/a /x", UNKNOWN),  # a build argument: only known at build time
        ("COPY app /x", CONTEXT),
    ],
)
def test_where_a_source_comes_from(tree, line, origin):
    found = inputs(tree, line)
    assert [s.origin for s in found.sources] == [origin]
    assert found.reads_context is (origin in (CONTEXT, UNKNOWN))


def test_instructions_without_context_inputs(tree):
    assert inputs(tree, "RUN make") is None
    assert inputs(tree, "RUN --mount=type=cache,target=/c make") is None
    assert inputs(tree, "RUN --mount=type=bind,from=base,target=/b make") is None
    assert inputs(tree, "RUN --mount=Type=cache,target=/c make") is None  # keys in any case
    assert inputs(tree, "RUN --mount=type=Cache,target=/c make") is None
    assert inputs(tree, "RUN --mount=type=bind,FROM=base,target=/b make") is None


def test_a_bind_mount_with_an_empty_from_reads_the_context(tree):
    """BuildKit binds the build context when ``from=`` names nothing."""
    assert len(inputs(tree, "RUN --mount=type=bind,from=,target=/b make").files) == 8
    assert inputs(tree, "RUN --mount=from=base,from=,target=/b make").files == inputs(tree, "COPY . /x").files
    assert inputs(tree, "ENV A=1") is None


def test_reads_answers_for_paths_that_no_longer_exist(tree):
    found = inputs(tree, "COPY app /app")
    assert found.reads("app/deleted.py", tree)
    assert not found.reads("app/old.pyc", tree)  # ignored: never reached the builder
    assert not found.reads("application.py", tree)


@pytest.mark.parametrize(
    "line",
    [
        "COPY [ /x",
        "COPY a\\\\ /x",
        'COPY "a\x00b" /x',
        "COPY --exclude=[ . /x",
        "ADD --exclude= */ /x",
        "RUN --mount=type=bind,source=[ ls",
        "COPY ** /x",
        "COPY ../../../ /x",
        "COPY ~ /x",
    ],
)
def test_odd_sources_never_raise(tmp_path, line):
    from ruletest import violations

    make_tree(tmp_path, {"a.txt": "", "d/b.txt": ""})
    for code in ("SZ304", "SZ305", "SZ306", "SZ307"):
        violations(code, f"FROM alpine\n{line}\nRUN apt-get install -y curl\n", str(tmp_path / "Dockerfile"))
