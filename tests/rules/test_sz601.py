from tests.ruletest import found

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
