import os
import subprocess
import sys

from ruletest import buildkit_accepts, fixed, found, violations

MSG = (
    "The final image keeps build packages installed here ({}): build in an earlier stage and "
    "copy the result, or remove them in the same RUN"
)
NOTHING_TO_COPY = "; no split offered: nothing the build produces was found to copy into a new final stage"
ON_A_STAGE = (
    "; no split offered: the final stage is built on another stage of the file (`FROM <stage>`), "
    "which a split cannot take apart"
)


def test_kept_toolchain_in_final_stage():
    text = "FROM python:3.12-slim\nRUN apt-get install -y build-essential python3-dev libpq5 && make\nCMD x\n"
    assert found("SZ601", text) == [("2:24-2:39", MSG.format("`build-essential`, `python3-dev`") + NOTHING_TO_COPY)]


def test_purged_or_virtual_group_deleted_is_fine():
    text = (
        "FROM python:3.12-alpine\n"
        "RUN apk add --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps\n"
        "RUN apt-get install -y gcc && apt-get purge -y gcc\n"
        "RUN savedAptMark=$(apt-mark showmanual); apt-get install -y g++; apt-mark auto '.*'; "
        "apt-get purge -y --auto-remove\n"
        "CMD x\n"
    )
    assert found("SZ601", text) == []


def test_builder_stage_not_blamed_and_build_environment_skipped():
    assert found("SZ601", "FROM debian:12 AS b\nRUN apt-get install -y gcc\nFROM debian:12\nCMD x\n") == []
    assert found("SZ601", "FROM ubuntu:24.04\nRUN apt-get install -y build-essential\n") == []
    assert found("SZ601", "FROM python:3.12\nRUN apt-get install -y gcc\nCMD make all\n") == []


def test_inherited_stage_and_dnf():
    text = "FROM fedora:40 AS base\nRUN dnf install -y gcc-c++ zlib-devel\nFROM base\nRUN make\nCMD app\n"
    assert found("SZ601", text) == [("2:20-2:27", MSG.format("`gcc-c++`, `zlib-devel`") + ON_A_STAGE)]


FLAGGED = [("2:24-2:39", MSG.format("`build-essential`"))]


def test_notebook_ide_and_desktop_images_keep_their_compilers():
    install = "RUN apt-get install -y build-essential\n"
    # docker-stacks: "build-essential for cython"; R compiles packages at install.packages()
    assert found("SZ601", "FROM quay.io/jupyter/scipy-notebook\n" + install) == []
    assert found("SZ601", "FROM jupyter/datascience-notebook:2024-05-27\n" + install) == []
    assert found("SZ601", "FROM rocker/geospatial:4.2.1\n" + install) == []
    assert found("SZ601", "FROM python:3.12-slim\n" + install + "RUN pip install jupyterlab==4.2.0\nCMD x\n") == []
    assert (
        found("SZ601", "FROM ubuntu:24.04\n" + install + 'CMD ["code-server", "--bind-addr", "0.0.0.0:8080"]\n') == []
    )
    jupyter_cmd = 'CMD ["bash", "-c", "source /etc/bash.bashrc && jupyter notebook --ip 0.0.0.0"]\n'
    assert found("SZ601", "FROM ubuntu:24.04\n" + install + jupyter_cmd) == []
    # a hub or a proxy is a service, not a workspace
    assert (
        found("SZ601", "FROM python:3.12-slim\n" + install + "RUN pip install jupyter-server-proxy\nCMD x\n") == FLAGGED
    )
    assert found("SZ601", "FROM jupyter/jupyterhub-onbuild\n" + install + "RUN make\nCMD x\n") == [
        ("2:24-2:39", MSG.format("`build-essential`") + NOTHING_TO_COPY)
    ]


def test_base_or_env_that_already_carries_a_toolchain():
    # docker-library's python:<v>-bookworm keeps tk-dev on buildpack-deps, which ships gcc anyway
    assert found("SZ601", "FROM buildpack-deps:bookworm\nRUN apt-get install -y tk-dev\nCMD python3\n") == []
    go = 'FROM ubuntu:14.04\nRUN apt-get install -y build-essential\nENV PATH /usr/local/go/bin:$PATH\nENTRYPOINT ["hack/dind"]\n'
    assert found("SZ601", go) == []
    assert found("SZ601", "FROM ubuntu:22.04\nRUN apt-get install -y build-essential\nENV GOPATH=/go\nCMD x\n") == []


def test_shell_behind_an_init_is_a_ci_environment():
    # traefik's docs check image: linters run through `tini -g sh`
    text = 'FROM alpine:3.24\nRUN apk add build-base ruby-dev\nENTRYPOINT ["/sbin/tini","-g","sh"]\n'
    assert found("SZ601", text) == []
    served = (
        'FROM alpine:3.24\nRUN apk add build-base ruby-dev\nRUN make\nENTRYPOINT ["/sbin/tini","--","ruby","app.rb"]\n'
    )
    assert found("SZ601", served) == [("2:13-2:23", MSG.format("`build-base`, `ruby-dev`") + NOTHING_TO_COPY)]


# -- the fix: split into builder and final stages ------------------------------------------------

SPLIT = "Split into builder and final stages (the final stage copies {} from the builder)"

PIP_APP = """FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
"""

PIP_APP_SPLIT = """FROM python:3.12-slim AS builder
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM python:3.12-slim
COPY --from=builder /usr/local /usr/local
COPY --from=builder /app /app
WORKDIR /app
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
"""


def _split_titles(text):
    return [v.fix.title if v.fix else None for v in violations("SZ601", text)]


def test_fix_splits_pip_install_on_python_slim():
    assert _split_titles(PIP_APP) == [SPLIT.format("/usr/local, /app")]
    assert violations("SZ601", PIP_APP)[0].fix.applicability.value == "unsafe"
    assert fixed("SZ601", PIP_APP, unsafe=True) == PIP_APP_SPLIT


def test_fix_is_unsafe_only():
    from ruletest import config_for
    from stanzalint.engine import fix_all

    assert fix_all(PIP_APP, config_for(["SZ601"])).text == PIP_APP


VENV_USER = """FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1
RUN apt-get update && apt-get install -y --no-install-recommends gcc python3-dev \\
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt
RUN groupadd --system app && useradd --system --gid app --create-home app
COPY --chown=app:app src/ /srv/app/
WORKDIR /srv/app
USER app
EXPOSE 8000
ENTRYPOINT ["python", "-m", "app"]
"""

VENV_USER_SPLIT = """FROM python:3.11-slim-bookworm AS builder
ENV PYTHONDONTWRITEBYTECODE=1
RUN apt-get update && apt-get install -y --no-install-recommends gcc python3-dev \\
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt
RUN groupadd --system app && useradd --system --gid app --create-home app
COPY --chown=app:app src/ /srv/app/
WORKDIR /srv/app

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1
ENV PATH="/opt/venv/bin:$PATH"
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /srv/app /srv/app
RUN groupadd --system app && useradd --system --gid app --create-home app
WORKDIR /srv/app
USER app
EXPOSE 8000
ENTRYPOINT ["python", "-m", "app"]
"""


def test_fix_copies_the_virtualenv_and_recreates_the_user():
    # pip runs from the venv on PATH: /usr/local is not copied; /tmp holds only build inputs
    assert _split_titles(VENV_USER) == [SPLIT.format("/opt/venv, /srv/app")]
    assert fixed("SZ601", VENV_USER, unsafe=True) == VENV_USER_SPLIT


NAMED_NODE = """FROM node:20-bookworm-slim AS app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \\
    && rm -rf /var/lib/apt/lists/*
RUN npm install -g pm2@5.3.1
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 3000
LABEL org.opencontainers.image.title="api"
CMD ["pm2-runtime", "server.js"]
"""

NAMED_NODE_SPLIT = """FROM node:20-bookworm-slim AS app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \\
    && rm -rf /var/lib/apt/lists/*
RUN npm install -g pm2@5.3.1
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make && rm -rf /var/lib/apt/lists/*
COPY --from=app /usr/local /usr/local
COPY --from=app /usr/src/app /usr/src/app
WORKDIR /usr/src/app
EXPOSE 3000
LABEL org.opencontainers.image.title="api"
CMD ["pm2-runtime", "server.js"]
"""


def test_fix_on_a_named_stage_keeps_its_name_as_the_builder():
    # python3 and make may be needed at run time: the final stage installs them again, not g++
    assert _split_titles(NAMED_NODE) == [
        "Split into builder and final stages (the final stage copies /usr/local, /usr/src/app from the "
        "builder and installs `python3`, `make` again)"
    ]
    assert fixed("SZ601", NAMED_NODE, unsafe=True) == NAMED_NODE_SPLIT


def test_no_fix_when_the_packages_come_from_an_inherited_stage():
    text = (
        "FROM python:3.12-slim AS base\nRUN apt-get install -y --no-install-recommends gcc\n"
        'FROM base\nWORKDIR /app\nRUN pip install --no-cache-dir flask==3.0.3\nCMD ["flask", "run"]\n'
    )
    assert _split_titles(text) == [None]


def test_no_fix_when_nothing_is_known_to_copy():
    # only OS packages: a final stage on the same base would be missing everything
    text = 'FROM ubuntu:24.04\nRUN apt-get install -y --no-install-recommends gcc libssl-dev && make\nCMD ["app"]\n'
    assert _split_titles(text) == [None]


def test_fix_only_on_the_stages_first_finding():
    text = (
        "FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends gcc\n"
        "RUN apt-get install -y --no-install-recommends clang\nWORKDIR /srv\n"
        'RUN make install\nCMD ["app"]\n'
    )
    assert _split_titles(text) == [SPLIT.format("/usr/local, /srv"), None]


def _plan(text):
    from stanzalint.analysis import analyze
    from stanzalint.refactor import plan_split
    from stanzalint.syntax import parse

    dockerfile = parse(text)
    analysis = analyze(dockerfile)
    return plan_split(dockerfile, analysis, analysis.final_stage)


def test_places_copied_from_the_builder():
    assert _plan(
        "FROM condaforge/miniforge3:24.3.0-0\nRUN mamba install -y numpy=1.26\n"
        "RUN pip install --no-cache-dir rich==13.7.1\nCMD x\n"
    ).copied == ["/opt/conda"]
    assert _plan(
        "FROM ubuntu:24.04\nRUN bash Miniconda3-latest-Linux-x86_64.sh -b -p /opt/miniconda\n"
        "RUN /opt/miniconda/bin/conda install -y numpy\nCMD x\n"
    ).copied == ["/opt/miniconda"]
    assert _plan(
        "FROM python:3.12-slim\nWORKDIR /app\nRUN uv venv && uv pip install flask==3.0.3\n"
        "RUN pip install --user rich==13.7.1\nCMD x\n"
    ).copied == ["/root/.local", "/app"]
    assert _plan(
        "FROM python:3.12-slim\nRUN pip install --prefix=/install .\nCOPY entrypoint.sh /usr/local/bin/\n"
        "COPY app.py /\nCOPY conf/ /etc/myapp/\nCMD x\n"
    ).copied == ["/install", "/usr/local/bin/entrypoint.sh", "/app.py", "/etc/myapp"]
    assert _plan("FROM python:3.12-slim\nUSER app\nRUN pip install flask==3.0.3\nCMD x\n").copied == [
        "/home/app/.local"
    ]
    assert _plan("FROM ruby:3.3-slim\nWORKDIR $HOME\nRUN gem install rails -v 7.1.3\nCMD x\n").copied == ["/usr/local"]
    assert _plan("FROM python:3.12-slim\nRUN apt-get install -y gcc\nCMD x\n") is None
    # the OS's own directories are never copied whole (they would bring the toolchain and dpkg's database)
    assert _plan("FROM python:3.12-slim\nRUN pip install --prefix=/ x==1\nWORKDIR /var\nCMD x\n") is None
    assert _plan("FROM scratch\nCOPY a /a\n") is None


def test_setup_runs_that_mkdir_a_copied_directory_go_first():
    text = (
        "FROM python:3.12-slim\nRUN apt-get install -y gcc\nRUN useradd app && mkdir /data && chown app /data\n"
        "WORKDIR /data\nRUN pip install x==1\nUSER root\nRUN chmod 700 /data\nUSER app\nCMD x\n"
    )
    from stanzalint.fixes import apply_edits

    out = apply_edits(text, _plan(text).edits)
    assert out == (
        "FROM python:3.12-slim AS builder\nRUN apt-get install -y gcc\nRUN useradd app && mkdir /data && chown app /data\n"
        "WORKDIR /data\nRUN pip install x==1\nUSER root\nRUN chmod 700 /data\n\n"
        "FROM python:3.12-slim\nRUN useradd app && mkdir /data && chown app /data\nRUN chmod 700 /data\n"
        "COPY --from=builder /usr/local /usr/local\nCOPY --from=builder /data /data\nWORKDIR /data\n"
        "USER app\nCMD x\n"
    )
    assert buildkit_accepts(out)


def test_builder_name_avoids_existing_stages_and_lowercase_keywords_stay_lowercase():
    text = (
        "from alpine:3.20 as builder\nrun echo hi > /out\nfrom debian:12-slim\n"
        'run apt-get install -y --no-install-recommends gcc && make\nworkdir /srv\ncmd ["app"]\n'
    )
    assert fixed("SZ601", text, unsafe=True) == (
        "from alpine:3.20 as builder\nrun echo hi > /out\nfrom debian:12-slim as builder-2\n"
        "run apt-get install -y --no-install-recommends gcc && make\nworkdir /srv\n\nfrom debian:12-slim\n"
        'copy --from=builder-2 /srv /srv\nworkdir /srv\ncmd ["app"]\n'
    )


def test_cli_applies_the_split_with_unsafe_fixes(tmp_path):
    (tmp_path / "Dockerfile").write_text(PIP_APP)
    env = dict(os.environ, NO_COLOR="1")
    run = [sys.executable, "-m", "stanzalint", "check", "--select", "SZ601", "--fix", "Dockerfile"]
    safe = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert safe.returncode == 1 and (tmp_path / "Dockerfile").read_text() == PIP_APP
    unsafe = subprocess.run(
        run + ["--unsafe-fixes"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
    )
    assert unsafe.returncode == 0, unsafe.stdout + unsafe.stderr
    assert (tmp_path / "Dockerfile").read_text() == PIP_APP_SPLIT
    assert "Fixed 1 problem in Dockerfile." in unsafe.stderr


def test_no_split_when_a_later_stage_is_named_by_its_index():
    text = (
        "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install x==1\nFROM alpine:3.20\n"
        "FROM alpine:3.20\nCOPY --from=1 /etc/os-release /\n"
    )
    from stanzalint.analysis import analyze
    from stanzalint.refactor import plan_split, split_builder_final
    from stanzalint.syntax import parse

    dockerfile = parse(text)
    analysis = analyze(dockerfile)
    assert split_builder_final(dockerfile, analysis, analysis.stages[0]) is None
    # --from=0 still names the split stage (now the builder): the split is offered
    dockerfile = parse(text.replace("--from=1", "--from=0"))
    analysis = analyze(dockerfile)
    assert plan_split(dockerfile, analysis, analysis.stages[0]).copied == ["/usr/local", "/app"]


def test_fix_keeps_crlf_platform_heredoc_and_backtick_escape():
    text = (
        "FROM --platform=linux/amd64 python:3.12-slim\r\nRUN apt-get install -y gcc\r\nWORKDIR /app\r\n"
        "RUN pip install x==1\r\nCMD x"
    )
    assert fixed("SZ601", text, unsafe=True) == (
        "FROM --platform=linux/amd64 python:3.12-slim AS builder\r\nRUN apt-get install -y gcc\r\nWORKDIR /app\r\n"
        "RUN pip install x==1\r\n\r\nFROM --platform=linux/amd64 python:3.12-slim\r\n"
        "COPY --from=builder /usr/local /usr/local\r\nCOPY --from=builder /app /app\r\nWORKDIR /app\r\nCMD x\r\n"
    )
    text = (
        "# escape=`\nFROM python:3.12-slim\nRUN apt-get install -y gcc `\n    g++\nWORKDIR /app\n"
        "RUN <<EOF\npip install x==1\nEOF\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD x\n"
    )
    assert fixed("SZ601", text, unsafe=True) == (
        "# escape=`\nFROM python:3.12-slim AS builder\nRUN apt-get install -y gcc `\n    g++\nWORKDIR /app\n"
        "RUN <<EOF\npip install x==1\nEOF\n\nFROM python:3.12-slim\nCOPY --from=builder /usr/local /usr/local\n"
        "COPY --from=builder /app /app\nWORKDIR /app\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD x\n"
    )


def test_bases_that_ship_compilers_and_dev_environments_are_left_alone():
    ngc = "FROM nvcr.io/nvidia/pytorch:24.05-py3\nRUN apt-get install -y libjemalloc-dev\nCMD python train.py\n"
    assert found("SZ601", ngc) == []
    rocm = "FROM rocm/dev-ubuntu-22.04:6.3.1-complete\nRUN apt-get install -y build-essential\nCMD serve\n"
    assert found("SZ601", rocm) == []
    # the base flavour of ROCm's dev image is still checked
    base = "FROM rocm/dev-ubuntu-22.04:6.3.1\nRUN apt-get install -y build-essential\nRUN make\nCMD serve\n"
    assert found("SZ601", base) == [("2:24-2:39", MSG.format("`build-essential`") + NOTHING_TO_COPY)]
    dev = "FROM python:3.12-slim AS app\nCMD python app.py\nFROM app AS dev-envs\nRUN apt-get install -y build-essential\n"
    assert found("SZ601", dev) == []
    onbuild = "FROM debian:12\nRUN apt-get install -y build-essential\nONBUILD RUN make\n"
    assert found("SZ601", onbuild) == []


def _finding(text):
    (v,) = violations("SZ601", text)
    return v


def test_no_split_when_the_final_stage_would_lack_runtime_libraries():
    # libpq-dev brings libpq5, which psycopg2 loads at run time: the file does not name it
    text = (
        "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\n"
        'WORKDIR /app\nRUN pip install --no-cache-dir psycopg2==2.9.9\nCMD ["python", "app.py"]\n'
    )
    v = _finding(text)
    assert v.fix is None
    assert v.message == MSG.format("`gcc`, `libpq-dev`") + (
        "; no split offered: `libpq-dev` pulls in runtime libraries the file does not name, which the final "
        "stage would lack"
    )
    # airflow's extending example: libopenmpi-dev brings the MPI library mpi4py needs
    airflow = (
        "FROM apache/airflow:3.4.0\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends "
        "build-essential libopenmpi-dev\nUSER airflow\nRUN pip install --no-cache-dir mpi4py==4.1.1\n"
    )
    assert _finding(airflow).fix is None


def test_no_split_that_would_copy_a_base_images_usr_local_again():
    text = (
        "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN apt-get update && apt-get install -y gcc python3-pip\n"
        'RUN pip3 install --no-cache-dir numpy==1.26.4\nCMD ["python3", "app.py"]\n'
    )
    v = _finding(text)
    assert v.fix is None
    assert v.message.endswith(
        "; no split offered: a copy of /usr/local would add what `nvidia/cuda` keeps there "
        "(a CUDA toolkit, a runtime) to the image a second time"
    )


def test_no_split_when_packages_come_from_an_added_repository_or_a_variable():
    repo = (
        "FROM debian:12-slim\nRUN curl -fsSL https://example.com/key.gpg -o /etc/apt/keyrings/x.gpg\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends gcc x-runtime\nWORKDIR /srv\n"
        'RUN make install\nCMD ["x"]\n'
    )
    assert _finding(repo).message.endswith(
        "; no split offered: the stage sets up package repositories the final stage would not have"
    )
    variable = (
        "FROM debian:12-slim\nARG EXTRA=curl\nRUN apt-get install -y --no-install-recommends gcc $EXTRA\n"
        'WORKDIR /srv\nRUN make install\nCMD ["x"]\n'
    )
    assert _finding(variable).fix is None


def test_split_installs_the_runtime_packages_again_with_the_stages_package_manager():
    text = (
        "FROM alpine:3.20\nRUN apk add --no-cache build-base libstdc++ tini\nWORKDIR /srv\n"
        'RUN make install\nENTRYPOINT ["tini", "--", "/usr/local/bin/app"]\n'
    )
    assert fixed("SZ601", text, unsafe=True) == (
        "FROM alpine:3.20 AS builder\nRUN apk add --no-cache build-base libstdc++ tini\nWORKDIR /srv\n"
        "RUN make install\n\nFROM alpine:3.20\nRUN apk add --no-cache libstdc++ tini\n"
        "COPY --from=builder /usr/local /usr/local\nCOPY --from=builder /srv /srv\nWORKDIR /srv\n"
        'ENTRYPOINT ["tini", "--", "/usr/local/bin/app"]\n'
    )
    # packages a later RUN purges are not installed again
    purged = (
        "FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends gcc wget\nWORKDIR /srv\n"
        'RUN make install && apt-get purge -y wget\nCMD ["app"]\n'
    )
    assert _split_titles(purged) == [SPLIT.format("/usr/local, /srv")]


def test_compiler_that_nothing_in_the_file_builds_with_is_for_run_time():
    # R's package-building kit for users' install.packages(); a JIT that calls gcc at start-up
    r = "FROM spark:4.1.2\nRUN apt-get install -y r-base r-base-dev\nUSER spark\n"
    assert found("SZ601", r) == []
    jit = (
        "FROM python:3.12-slim AS base\nRUN apt-get install -y build-essential g++\n"
        'COPY --from=builder /out/server /usr/local/bin/server\nFROM base\nCMD ["server"]\n'
    )
    assert found("SZ601", jit) == []
    # a build after the install uses it, in the same RUN or a later one
    assert found("SZ601", "FROM debian:12\nRUN apt-get install -y g++ && ./configure\nCMD x\n") != []
    assert found("SZ601", "FROM python:3.12-slim\nRUN apt-get install -y gcc\nRUN pip install x\nCMD x\n") != []
    # autotools and headers compile nothing by themselves: still flagged
    autotools = "FROM debian:12\nRUN apt-get install -y automake libtool zlib1g-dev\nCMD x\n"
    assert found("SZ601", autotools) == [
        ("2:24-2:32", MSG.format("`automake`, `libtool`, `zlib1g-dev`") + NOTHING_TO_COPY)
    ]


def test_habana_gaudi_pytorch_installer_ships_a_toolchain():
    gaudi = (
        "FROM vault.habana.ai/gaudi-docker/1.20.0/ubuntu22.04/habanalabs/pytorch-installer-2.6.0:latest\n"
        "RUN apt-get install -y libssl-dev\nCMD x\n"
    )
    assert found("SZ601", gaudi) == []


def test_message_says_why_no_split_is_offered_for_a_target_stage():
    text = "FROM debian:12 AS app\nRUN apt-get install -y libpq-dev\nCMD x\nFROM debian:12\nCMD y\n"
    assert found("SZ601", text, target="app") == [
        (
            "2:24-2:33",
            MSG.format("`libpq-dev`")
            + (
                "; no split offered: it is not the file's last stage, and a `--target` build of it would build the builder"
            ),
        )
    ]


def test_work_grows_linearly_with_the_installs_of_the_final_stage():
    from ruletest import rule_work

    def stage(installs: int) -> str:
        runs = "".join(f"RUN apt-get install -y gcc libx{i}-dev && apt-get purge -y q{i}\n" for i in range(installs))
        return f'FROM debian:12\n{runs}CMD ["/app"]\n'

    assert rule_work("SZ601", stage(200)) <= 2.2 * rule_work("SZ601", stage(100))


def test_the_final_stage_installs_recommended_packages_where_the_original_did():
    """The packages installed again keep the original's choice of recommended packages: without
    them, curl has no ``ca-certificates`` and HTTPS fails."""
    text = (
        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make curl\n"
        'COPY src /src\nRUN make -C /src install\nCMD ["sh", "-c", "curl -fsS https://example.com/"]\n'
    )
    [v] = violations("SZ601", text)
    final = fixed("SZ601", text, unsafe=True).rsplit("FROM ", 1)[1]
    assert "RUN apt-get update && apt-get install -y make curl && rm -rf /var/lib/apt/lists/*" in final
    assert "--no-install-recommends" not in final
