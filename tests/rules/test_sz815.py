import os

from ruletest import found

EXP = "# check=experimental=CopyIgnoredFile\n"


def _context(tmp_path, ignore, name=".dockerignore"):
    (tmp_path / name).write_text(ignore)
    return str(tmp_path / "Dockerfile")


def test_flags_ignored_sources(tmp_path):
    path = _context(tmp_path, "# comment\nconfig/\n**/*.log\n/secret.txt\n")
    text = EXP + "FROM nginx:1.27\nCOPY config/nginx.conf app.py /etc/\nADD logs/a.log ./secret.txt /x/\nCOPY --from=build config/x /y\n"
    assert found("SZ815", text, path=path) == [
        ("3:6-3:23", "`config/nginx.conf` is excluded by .dockerignore, so COPY cannot read it from the context"),
        ("4:5-4:15", "`logs/a.log` is excluded by .dockerignore, so ADD cannot read it from the context"),
        ("4:16-4:28", "`secret.txt` is excluded by .dockerignore, so ADD cannot read it from the context"),
    ]


def test_off_unless_experimental(tmp_path):
    path = _context(tmp_path, "config/\n")
    assert found("SZ815", "FROM nginx:1.27\nCOPY config/a /a\n", path=path) == []


def test_exceptions_disable_the_check_and_root_needs_a_catch_all(tmp_path):
    path = _context(tmp_path, "config/\n!config/keep\n")
    assert found("SZ815", EXP + "FROM a:1\nCOPY config/a /a\n", path=path) == []
    path = _context(tmp_path, "*.md\n")
    assert found("SZ815", EXP + "FROM a:1\nCOPY . /app\n", path=path) == []
    path = _context(tmp_path, "*\n")
    assert found("SZ815", EXP + "FROM a:1\nCOPY . /app\n", path=path) == [
        ("3:6-3:7", "`.` is excluded by .dockerignore, so COPY cannot read it from the context")
    ]


def test_dockerfile_specific_ignore_file_wins(tmp_path):
    (tmp_path / ".dockerignore").write_text("docs\n")
    path = _context(tmp_path, "src\n", name="Dockerfile.dockerignore")
    text = EXP + "FROM a:1\nCOPY docs src /app/\n"
    assert found("SZ815", text, path=path) == [
        ("3:11-3:14", "`src` is excluded by .dockerignore, so COPY cannot read it from the context")
    ]


def test_no_path_or_no_ignore_file(tmp_path):
    assert found("SZ815", EXP + "FROM a:1\nCOPY x /x\n") == []
    assert found("SZ815", EXP + "FROM a:1\nCOPY x /x\n", path=os.path.join(str(tmp_path), "Dockerfile")) == []
