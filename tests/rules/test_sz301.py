from __future__ import annotations

import pytest
from ruletest import fixed, found, violations
from test_stage_rules_reading_run_summaries_dl3059_sz703 import typed


def msg(cmd):
    return (
        f"The whole build context is copied before `{cmd}`, so every source change reinstalls "
        "the dependencies; copy the manifest files first and install before copying the rest"
    )


PY = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"


def test_pip_requirements_after_context_copy():
    assert found("SZ301", PY) == [("3:6-3:7", msg("pip install --no-cache-dir -r requirements.txt"))]
    [v] = violations("SZ301", PY)
    assert [(r.span, r.message) for r in v.related] == [
        (v.related[0].span, "this install runs again whenever any file of the context changes")
    ]
    assert PY[v.related[0].span.start : v.related[0].span.end] == "pip install --no-cache-dir -r requirements.txt"


def test_fix_copies_manifest_and_moves_context_copy():
    assert fixed("SZ301", PY, unsafe=True) == (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\n"
        "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
    )


def test_crlf_and_nested_requirements_with_cd():
    text = "FROM python:3.12\r\nCOPY . /code\r\nRUN cd /code && pip install -r reqs/base.txt -c reqs/c.txt\r\n"
    assert fixed("SZ301", text, unsafe=True) == (
        "FROM python:3.12\r\nCOPY reqs/base.txt reqs/c.txt /code/reqs/\r\n"
        "RUN cd /code && pip install -r reqs/base.txt -c reqs/c.txt\r\nCOPY . /code\r\n"
    )


def test_npm_keeps_chown_and_skips_system_installs_between():
    text = (
        "FROM node:22\nWORKDIR /web\nCOPY --chown=node . /web/\nENV NODE_ENV=production\n"
        "RUN apt-get update && apt-get install -y git\nRUN npm ci\n"
    )
    assert found("SZ301", text) == [("3:19-3:20", msg("npm ci"))]
    assert fixed("SZ301", text, unsafe=True) == (
        "FROM node:22\nWORKDIR /web\nCOPY --chown=node package.json package-lock.json /web/\nENV NODE_ENV=production\n"
        "RUN apt-get update && apt-get install -y git\nRUN npm ci\nCOPY --chown=node . /web/\n"
    )


def test_optional_lock_files_glob_without_context_and_exact_with_it(tmp_path):
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN poetry install --no-root\n"
    assert fixed("SZ301", text, unsafe=True) == (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml poetry.lock* ./\nRUN poetry install --no-root\nCOPY . .\n"
    )
    (tmp_path / "pyproject.toml").write_text("")
    path = str(tmp_path / "Dockerfile")
    assert fixed("SZ301", text, unsafe=True, path=path) == (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\nRUN poetry install --no-root\nCOPY . .\n"
    )


def test_manifest_already_copied_only_moves_the_install():
    text = "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\nRUN pip install -r requirements.txt\n"
    assert fixed("SZ301", text, unsafe=True) == (
        "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n"
    )


def test_conda_env_and_r_and_go():
    text = (
        "FROM mambaorg/micromamba:1.5 AS a\nWORKDIR /w\nCOPY . .\nRUN micromamba create -y -f env.yml\n"
        "FROM rocker/r-ver:4.4 AS b\nWORKDIR /p\nCOPY . .\nRUN Rscript -e 'renv::restore()'\n"
        "FROM golang:1.23 AS c\nWORKDIR /s\nCOPY . .\nRUN go mod download\n"
    )
    assert found("SZ301", text) == [
        ("3:6-3:7", msg("micromamba create -y -f env.yml")),
        ("7:6-7:7", msg("Rscript -e renv::restore()")),
        ("11:6-11:7", msg("go mod download")),
    ]
    assert fixed("SZ301", text, unsafe=True) == (
        "FROM mambaorg/micromamba:1.5 AS a\nWORKDIR /w\nCOPY env.yml ./\nRUN micromamba create -y -f env.yml\nCOPY . .\n"
        "FROM rocker/r-ver:4.4 AS b\nWORKDIR /p\nCOPY renv.lock ./\nRUN Rscript -e 'renv::restore()'\nCOPY . .\n"
        "FROM golang:1.23 AS c\nWORKDIR /s\nCOPY go.mod go.sum* ./\nRUN go mod download\nCOPY . .\n"
    )


def test_whole_source_installs_explain_and_offer_no_fix():
    text = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -e .\n"
    assert found("SZ301", text) == [
        (
            "3:6-3:7",
            "The whole build context is copied before `pip install -e .`, which reruns on every source change; "
            "`pip install` builds the local project `.`, so it needs its source",
        )
    ]
    [v] = violations("SZ301", text)
    assert v.fix is None
    text = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked\n"
    assert found("SZ301", text) == [
        (
            "3:6-3:7",
            "The whole build context is copied before `uv sync --locked`, which reruns on every source change; "
            "`uv sync` also installs the project itself, so it needs its source; run `uv sync --no-install-project` before copying it",
        )
    ]


def test_no_fix_when_something_between_may_need_the_source():
    text = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN make assets\nRUN pip install -r requirements.txt\n"
    [v] = violations("SZ301", text)
    assert v.fix is None


def test_heredoc_install_is_seen():
    text = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN <<EOF\npip install -r requirements.txt\nEOF\n"
    assert found("SZ301", text) == [("3:6-3:7", msg("pip install -r requirements.txt"))]
    [v] = violations("SZ301", text)
    assert v.fix is None


def test_clean_cases():
    text = (
        "FROM python:3.12 AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n"
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY --from=build /app /app\nRUN pip install -r requirements.txt\n"
        "FROM python:3.12 AS other\nCOPY . /src\nWORKDIR /elsewhere\nRUN pip install -r /opt/req.txt\n"
        "FROM node:22 AS n\nCOPY . .\nRUN npm install express\n"
    )
    assert found("SZ301", text) == []


def test_stages_are_separate():
    text = "FROM python:3.12 AS a\nWORKDIR /app\nCOPY . .\nFROM python:3.12\nWORKDIR /app\nRUN pip install -r requirements.txt\n"
    assert found("SZ301", text) == []


def test_an_install_that_runs_only_when_its_manifest_exists_is_left_alone():
    guarded = (
        "FROM python:3.12-slim\nCOPY . /usr/src/app\n"
        "RUN if [ -s /usr/src/app/requirements.txt ]; then \\\n"
        "    pip install -r /usr/src/app/requirements.txt; \\\n    fi\n"
    )
    short_circuit = (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
        "RUN [ -f requirements.txt ] && pip install -r requirements.txt || true\n"
    )
    assert found("SZ301", guarded) == []
    assert found("SZ301", short_circuit) == []


def test_a_manifest_copied_through_a_glob_counts_as_copied():
    text = (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt* ./\nCOPY . .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
    )
    assert found("SZ301", text) == [("4:6-4:7", msg("pip install --no-cache-dir -r requirements.txt"))]
    assert fixed("SZ301", text, unsafe=True) == (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt* ./\n"
        "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
    )


def test_a_keystroke_in_another_run_reads_that_run_and_the_install_only(run_lines_read):
    """Whether a RUN installs from a manifest is remembered by its text: after a keystroke, the
    commands of the edited RUN are read to answer it, and those of the install to report it;
    the stage's other RUNs are not read."""
    before = (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
        "RUN echo sz301-a\nRUN apt-get install -y sz301-b\nRUN echo sz301-c\n"
    )
    assert [v.span.start for v in violations("SZ301", before)] == [before.index("COPY . .") + 5]
    run_lines_read.clear()
    typed = violations("SZ301", before.replace("sz301-a", "sz301-ab"))
    assert [v.span.start for v in typed] == [before.index("COPY . .") + 5]
    assert sorted(set(run_lines_read)) == [3, 4]


#: a stage whose context copy and install meet in the WORKDIR its base stage sets, under a
#: global ARG, and a stage of its own after them
STAGES = (
    "ARG DEST=/app\nFROM python:3.12-slim AS base\nWORKDIR /app\n"
    "FROM base AS app\nARG DEST\nCOPY . $DEST\nRUN pip install -r requirements.txt\n"
    "FROM alpine:3.20\nRUN echo done\n"
)


def test_typing_in_another_stage_keeps_the_finding_without_running_the_rule_again():
    found, runs = typed("SZ301", STAGES, STAGES.replace("echo done", "echo all done"))
    assert [message for _code, _start, _end, message, _fix, _related in found] == [
        msg("pip install -r requirements.txt")
    ]
    assert runs == [9, 2]  # the whole file, then the two instructions of the edited stage


@pytest.mark.parametrize(
    "edited",
    [
        STAGES.replace("WORKDIR /app", "WORKDIR /srv"),  # the install runs elsewhere
        STAGES.replace("ARG DEST=/app", "ARG DEST=/opt"),  # the context goes elsewhere
    ],
)
def test_an_edit_of_the_base_stage_or_a_global_arg_drops_the_finding_as_a_fresh_lint_does(edited):
    found, _ = typed("SZ301", STAGES, edited)
    assert found == []


@pytest.mark.parametrize(
    "run",
    [
        "npm ci && npm run build",
        "pip install -r requirements.txt && pip install .",
        "pip install -r requirements.txt && python setup.py build",
        "pip install -r requirements.txt && chmod +x entrypoint.sh",
        "pip install -r requirements.txt && rm -rf tests",
    ],
)
def test_no_fix_when_the_install_s_run_does_more_with_the_source(run):
    """The fix moves the context copy after the install's RUN: a build step, a script or a
    removal of copied files in that RUN would then run before the source is there."""
    image = "node:20" if run.startswith("npm") else "python:3.12-slim"
    [v] = violations("SZ301", f"FROM {image}\nWORKDIR /app\nCOPY . .\nRUN {run}\n")
    assert v.fix is None


def test_a_cache_removal_beside_the_install_keeps_the_fix():
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && rm -rf /root/.cache/pip\n"
    assert fixed("SZ301", text, unsafe=True) == (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\n"
        "RUN pip install -r requirements.txt && rm -rf /root/.cache/pip\nCOPY . .\n"
    )
