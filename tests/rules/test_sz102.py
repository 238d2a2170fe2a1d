from __future__ import annotations

from ruletest import fixed, found, violations

MSG = "`python:3.12` is the full variant; `python:3.12-slim` is the same release with far less installed"


def test_full_final_stage_is_flagged():
    assert found("SZ102", 'FROM python:3.12\nCMD ["python"]\n') == [("1:6-1:17", MSG)]


def test_distro_suffix_keeps_its_place():
    assert found("SZ102", "FROM python:3.12-bookworm\n") == [
        (
            "1:6-1:26",
            "`python:3.12-bookworm` is the full variant; `python:3.12-slim-bookworm` is the same release with far less installed",
        ),
    ]


def test_builder_stage_is_not_blamed():
    text = "FROM python:3.12 AS build\nRUN pip wheel -w /w .\nFROM python:3.12-slim\nCOPY --from=build /w /w\n"
    assert found("SZ102", text) == []


def test_final_stage_inherits_full_base_through_stage():
    text = "FROM python:3.12 AS base\nFROM base\n"
    assert found("SZ102", text) == [("1:6-1:17", MSG)]


def test_slim_alpine_unknown_and_images_without_slim_are_clean():
    for base in ("python:3.12-slim", "python:3.12-alpine", "someuser/python:3.12", "ubuntu:24.04", "python"):
        assert found("SZ102", f"FROM {base}\n") == [], base


def test_fix_switches_only_the_tag():
    assert fixed("SZ102", "FROM python:3.12 AS app\n", unsafe=True) == "FROM python:3.12-slim AS app\n"
    assert (
        fixed("SZ102", "FROM docker.io/library/node:22\r\n", unsafe=True) == "FROM docker.io/library/node:22-slim\r\n"
    )


def test_no_fix_when_tag_comes_from_an_arg_or_a_digest_pins_it():
    from ruletest import violations

    text = "ARG V=3.12\nFROM python:${V}\n"
    [v] = violations("SZ102", text)
    assert v.fix is None
    [v] = violations("SZ102", "FROM python:3.12@sha256:" + "a" * 64 + "\n")
    assert v.fix is None


def test_images_for_others_to_build_on_and_dev_environments_are_left_alone():
    onbuild = "FROM python:3.12\nONBUILD COPY requirements.txt /usr/src/app/\nONBUILD RUN pip install -r /usr/src/app/requirements.txt\n"
    assert found("SZ102", onbuild) == []  # its downstream builds compile with the full image's gcc
    assert found("SZ102", "# Full base image\nFROM python:3.12\nRUN pip install numpy\n") == []
    dev = "FROM node:20 AS development\nCMD node index.js\nFROM development AS dev-envs\nRUN apt-get install -y git\n"
    assert found("SZ102", dev) == []


def test_notebook_workspace_keeps_the_full_variant():
    assert found("SZ102", 'FROM python:3.10\nRUN pip install --no-cache notebook\nCMD ["jupyter", "notebook"]\n') == []


def test_no_slim_variant_when_the_container_runs_a_tool_only_the_full_one_has():
    """``HEALTHCHECK CMD curl -f ...`` on ``python:3.12-slim``: no curl, the container is
    unhealthy for good, and no build step shows it."""
    text = 'FROM python:3.12\nCOPY . /app\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["python", "/app/app.py"]\n'
    [v] = violations("SZ102", text)
    assert v.fix is None
    [v] = violations("SZ102", 'FROM python:3.12\nCOPY . /app\nCMD ["python", "/app/app.py"]\n')
    assert v.fix is not None
