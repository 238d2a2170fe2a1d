from ruletest import fixed, found, violations

MSG = ("Python packages installed on musl-based `{}`: most PyPI wheels are built for glibc, so pip "
       "compiles from source here; use a -slim (Debian) base")


def test_pip_on_alpine_switches_to_slim():
    text = "FROM python:3.12-alpine3.20\nRUN pip install --no-cache-dir -r requirements.txt\n"
    assert found("SZ901", text) == [("2:5-2:51", MSG.format("python:3.12-alpine3.20"))]
    assert fixed("SZ901", text, unsafe=True) == "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n"


def test_builder_stage_flagged_no_fix_when_apk_used_downstream():
    text = "FROM python:3.8-alpine AS b\nRUN python -m pip install -U pip && pip install numpy\nFROM b\nRUN apk add x\n"
    (v,) = violations("SZ901", text)
    assert found("SZ901", text) == [("2:37-2:54", MSG.format("python:3.8-alpine"))]
    assert v.fix is None


def test_installer_upgrades_and_apk_python_packages_are_fine():
    assert found("SZ901", "FROM alpine:3.20\nRUN pip install -U pip setuptools && apk add py3-numpy\n") == []
    assert found("SZ901", "FROM python:3.12-slim\nRUN pip install numpy\n") == []


def test_uv_and_poetry_in_heredoc():
    text = "FROM python:3.12-alpine\nRUN <<EOF\nuv sync --frozen\nEOF\n"
    assert found("SZ901", text) == [("3:1-3:17", MSG.format("python:3.12-alpine"))]
