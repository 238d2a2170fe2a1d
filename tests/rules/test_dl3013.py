from ruletest import found


def test_findings_0():
    text = "FROM python:3.12\nRUN pip install flask 'b>=2' ./x git+https://github.com/a/b git+https://github.com/a/b@v1 $P x.whl\nRUN python3 -m pip install -U pip\nRUN pip install -r r.txt flask\n"
    assert found("DL3013", text) == [
        ("2:17-2:22", "Pin the version of `flask` (`flask==<version>`)"),
        ("2:34-2:60", "Pin the version of `git+https://github.com/a/b` (`git+https://github.com/a/b@<ref>`)"),
        ("3:31-3:34", "Pin the version of `pip` (`pip==<version>`)"),
    ]


def test_pipx_and_uv_installs():
    text = (
        "FROM python:3.12\nRUN pipx install --python python3.12 poetry && pipx install black==24.8.0"
        " && pipx inject poetry poetry-plugin-export\n"
        "RUN uv tool install ruff@latest && uv tool install mypy@1.11.2 && uv venv /opt/venv\n"
    )
    assert found("DL3013", text) == [
        ("2:38-2:44", "Pin the version of `poetry` (`poetry==<version>`)"),
        ("2:97-2:117", "Pin the version of `poetry-plugin-export` (`poetry-plugin-export==<version>`)"),
        ("3:21-3:32", "Pin the version of `ruff@latest` (`ruff@<version>`)"),
    ]
