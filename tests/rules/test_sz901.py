import re

from ruletest import fixed, found, violations
from stanzalint.rules import sz901

MSG = (
    "Python packages installed on musl-based `{}`: most PyPI wheels are built for glibc, so pip "
    "compiles from source here; use a -slim (Debian) base"
)


def test_pip_on_alpine_switches_to_slim():
    text = "FROM python:3.12-alpine3.20\nRUN pip install --no-cache-dir numpy==2.1.3 pandas\n"
    assert found("SZ901", text) == [("2:5-2:51", MSG.format("python:3.12-alpine3.20"))]
    assert (
        fixed("SZ901", text, unsafe=True)
        == "FROM python:3.12-slim\nRUN pip install --no-cache-dir numpy==2.1.3 pandas\n"
    )


def test_builder_stage_flagged_no_fix_when_apk_used_downstream():
    text = "FROM python:3.8-alpine AS b\nRUN python -m pip install -U pip && pip install numpy\nFROM b\nRUN apk add x\n"
    (v,) = violations("SZ901", text)
    assert found("SZ901", text) == [("2:37-2:54", MSG.format("python:3.8-alpine"))]
    assert v.fix is None


def test_installer_upgrades_and_apk_python_packages_are_fine():
    assert found("SZ901", "FROM alpine:3.20\nRUN pip install -U pip setuptools && apk add py3-numpy\n") == []
    assert found("SZ901", "FROM python:3.12-slim\nRUN pip install numpy\n") == []


def test_uv_and_poetry_in_heredoc():
    text = "FROM python:3.12-alpine\nRUN apk add --no-cache build-base\nRUN <<EOF\nuv sync --frozen\nEOF\n"
    assert found("SZ901", text) == [("4:1-4:17", MSG.format("python:3.12-alpine"))]


def test_pure_python_packages_and_unseen_requirements_compile_nothing():
    assert found("SZ901", "FROM alpine:3.21\nRUN pip install hg-evolve --no-cache-dir\n") == []
    assert found("SZ901", "FROM python:3.12-alpine\nRUN pip install -r requirements.txt && poetry install\n") == []


def test_requirements_count_when_the_build_installs_a_compiler():
    text = (
        "FROM python:3.12-alpine AS base\nRUN apk add --no-cache g++ linux-headers\n"
        "FROM base AS deps\nRUN pip install -r requirements.txt\n"
    )
    assert found("SZ901", text) == [("4:5-4:36", MSG.format("python:3.12-alpine"))]


def test_every_listed_package_is_documented():
    documented = re.sub(r"\s+", " ", sz901.__doc__)
    assert [
        name
        for name in sorted(sz901.COMPILED_PACKAGES)
        if f" {name}," not in documented and f" {name};" not in documented
    ] == []


def test_no_slim_tag_where_files_cross_to_or_from_another_stage():
    """A wheel built on glibc copied into an Alpine stage, or a musl binary copied into the
    Debian one, would not run."""
    for text in (
        "FROM python:3.12-alpine\nRUN pip install numpy\nFROM python:3.12-alpine\n"
        "COPY --from=0 /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages\n",
        "FROM alpine:3.20 AS tools\nRUN apk add --no-cache build-base\nFROM python:3.12-alpine\n"
        "COPY --from=tools /usr/local/bin/t /usr/local/bin/t\nRUN pip install numpy\n",
    ):
        assert [v.fix for v in violations("SZ901", text)] == [None], text
