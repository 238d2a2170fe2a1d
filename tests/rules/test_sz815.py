import os

from ruletest import found


def _context(tmp_path, ignore, name=".dockerignore"):
    (tmp_path / name).write_text(ignore)
    return str(tmp_path / "Dockerfile")


def test_flags_ignored_sources(tmp_path):
    path = _context(tmp_path, "# comment\nconfig/\n**/*.log\n/secret.txt\n")
    text = "FROM nginx:1.27\nCOPY config/nginx.conf app.py /etc/\nADD logs/a.log ./secret.txt /x/\nCOPY --from=build config/x /y\n"
    assert found("SZ815", text, path=path) == [
        ("2:6-2:23", "`config/nginx.conf` is excluded by .dockerignore, so COPY cannot read it from the context"),
        ("3:5-3:15", "`logs/a.log` is excluded by .dockerignore, so ADD cannot read it from the context"),
        ("3:16-3:28", "`secret.txt` is excluded by .dockerignore, so ADD cannot read it from the context"),
    ]


def test_on_by_default_and_skipped_by_the_check_directive(tmp_path):
    path = _context(tmp_path, "config/\n")
    text = "FROM nginx:1.27\nCOPY config/a /a\n"
    assert found("SZ815", text, path=path) == [
        ("2:6-2:14", "`config/a` is excluded by .dockerignore, so COPY cannot read it from the context")
    ]
    assert found("SZ815", "# check=skip=CopyIgnoredFile\n" + text, path=path) == []


def test_exceptions_disable_the_check_and_root_needs_a_catch_all(tmp_path):
    path = _context(tmp_path, "config/\n!config/keep\n")
    assert found("SZ815", "FROM a:1\nCOPY config/a /a\n", path=path) == []
    path = _context(tmp_path, "*.md\n")
    assert found("SZ815", "FROM a:1\nCOPY . /app\n", path=path) == []
    path = _context(tmp_path, "*\n")
    assert found("SZ815", "FROM a:1\nCOPY . /app\n", path=path) == [
        ("2:6-2:7", "`.` is excluded by .dockerignore, so COPY cannot read it from the context")
    ]


def test_dockerfile_specific_ignore_file_wins(tmp_path):
    (tmp_path / ".dockerignore").write_text("docs\n")
    path = _context(tmp_path, "src\n", name="Dockerfile.dockerignore")
    text = "FROM a:1\nCOPY docs src /app/\n"
    assert found("SZ815", text, path=path) == [
        ("2:11-2:14", "`src` is excluded by .dockerignore, so COPY cannot read it from the context")
    ]


def test_no_path_or_no_ignore_file(tmp_path):
    assert found("SZ815", "FROM a:1\nCOPY x /x\n") == []
    assert found("SZ815", "FROM a:1\nCOPY x /x\n", path=os.path.join(str(tmp_path), "Dockerfile")) == []
