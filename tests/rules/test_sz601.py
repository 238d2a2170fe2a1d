from ruletest import found

MSG = ("The final image keeps build packages installed here ({}): build in an earlier stage and "
       "copy the result, or remove them in the same RUN")


def test_kept_toolchain_in_final_stage():
    text = "FROM python:3.12-slim\nRUN apt-get install -y build-essential python3-dev libpq5\nCMD x\n"
    assert found("SZ601", text) == [("2:24-2:39", MSG.format("`build-essential`, `python3-dev`"))]


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
    text = "FROM fedora:40 AS base\nRUN dnf install -y gcc-c++ zlib-devel\nFROM base\nCMD app\n"
    assert found("SZ601", text) == [("2:20-2:27", MSG.format("`gcc-c++`, `zlib-devel`"))]


FLAGGED = [("2:24-2:39", MSG.format("`build-essential`"))]


def test_notebook_ide_and_desktop_images_keep_their_compilers():
    install = "RUN apt-get install -y build-essential\n"
    # docker-stacks: "build-essential for cython"; R compiles packages at install.packages()
    assert found("SZ601", "FROM quay.io/jupyter/scipy-notebook\n" + install) == []
    assert found("SZ601", "FROM jupyter/datascience-notebook:2024-05-27\n" + install) == []
    assert found("SZ601", "FROM rocker/geospatial:4.2.1\n" + install) == []
    assert found("SZ601", "FROM python:3.12-slim\n" + install + "RUN pip install jupyterlab==4.2.0\nCMD x\n") == []
    assert found("SZ601", "FROM ubuntu:24.04\n" + install + 'CMD ["code-server", "--bind-addr", "0.0.0.0:8080"]\n') == []
    jupyter_cmd = 'CMD ["bash", "-c", "source /etc/bash.bashrc && jupyter notebook --ip 0.0.0.0"]\n'
    assert found("SZ601", "FROM ubuntu:24.04\n" + install + jupyter_cmd) == []
    # a hub or a proxy is a service, not a workspace
    assert found("SZ601", "FROM python:3.12-slim\n" + install + "RUN pip install jupyter-server-proxy\nCMD x\n") == FLAGGED
    assert found("SZ601", "FROM jupyter/jupyterhub-onbuild\n" + install + "CMD x\n") == [
        ("2:24-2:39", MSG.format("`build-essential`"))
    ]


def test_base_or_env_that_already_carries_a_toolchain():
    # docker-library's python:<v>-bookworm keeps tk-dev on buildpack-deps, which ships gcc anyway
    assert found("SZ601", "FROM buildpack-deps:bookworm\nRUN apt-get install -y tk-dev\nCMD python3\n") == []
    go = "FROM ubuntu:14.04\nRUN apt-get install -y build-essential\nENV PATH /usr/local/go/bin:$PATH\nENTRYPOINT [\"hack/dind\"]\n"
    assert found("SZ601", go) == []
    assert found("SZ601", "FROM ubuntu:22.04\nRUN apt-get install -y build-essential\nENV GOPATH=/go\nCMD x\n") == []


def test_shell_behind_an_init_is_a_ci_environment():
    # traefik's docs check image: linters run through `tini -g sh`
    text = 'FROM alpine:3.24\nRUN apk add build-base ruby-dev\nENTRYPOINT ["/sbin/tini","-g","sh"]\n'
    assert found("SZ601", text) == []
    served = 'FROM alpine:3.24\nRUN apk add build-base ruby-dev\nENTRYPOINT ["/sbin/tini","--","ruby","app.rb"]\n'
    assert found("SZ601", served) == [("2:13-2:23", MSG.format("`build-base`, `ruby-dev`"))]
