"""One definition of "ends up in the shipped image" for every cache and build-setting rule: a
builder stage's cache ships only when a shipped stage copies a directory holding it, before the
builder deletes it."""

from __future__ import annotations

import pytest
from ruletest import found

#: rule -> (a RUN that leaves the rule's cache behind, the finding on it as line 2)
CACHE_RULES = {
    "DL3009": (
        "RUN apt-get update && apt-get install -y --no-install-recommends make=4.3-4.1",
        ("2:13-2:19", "Delete /var/lib/apt/lists in the same RUN as `apt-get update`"),
    ),
    "DL3019": (
        "RUN apk add make=4.4.1-r2",
        ("2:9-2:12", "Add `--no-cache` so apk keeps no indexes or packages in the image"),
    ),
    "DL3032": ("RUN yum install -y make-4.3", ("2:9-2:16", "Run `yum clean all` after `yum install` in the same RUN")),
    "DL3036": (
        "RUN zypper -n install make=4.4.1",
        ("2:15-2:22", "Run `zypper clean` after `zypper install` in the same RUN"),
    ),
    "DL3040": ("RUN dnf install -y make-4.3", ("2:9-2:16", "Run `dnf clean all` after `dnf install` in the same RUN")),
    "DL3042": (
        "RUN pip install requests==2.32.3",
        ("2:9-2:16", "Add `--no-cache-dir` so pip's download cache stays out of the image"),
    ),
    "DL3060": (
        "RUN yarn install --frozen-lockfile",
        ("2:10-2:17", "Run `yarn cache clean` after `yarn install` in the same RUN"),
    ),
    "SZ403": (
        "RUN conda install -y numpy=2.1",
        (
            "2:5-2:31",
            "`conda` leaves its package cache in this layer; end the RUN with `conda clean -afy` or use a cache mount",
        ),
    ),
    "SZ405": (
        "RUN cargo install ripgrep --version 14.1.1",
        (
            "2:5-2:43",
            "`cargo` keeps its download cache in this layer; delete its cache directory in the "
            "same RUN or use a cache mount",
        ),
    ),
}


def _builder(run: str, copied: str) -> str:
    return f"FROM debian:12 AS build\n{run}\nFROM debian:12-slim\nCOPY --from=build {copied} /srv/\n"


@pytest.mark.parametrize("code", sorted(CACHE_RULES))
def test_a_builder_whose_output_alone_is_copied_ships_no_cache(code):
    run, _ = CACHE_RULES[code]
    assert found(code, _builder(run, "/app/out")) == []


@pytest.mark.parametrize("code", sorted(CACHE_RULES))
def test_a_builder_copied_whole_ships_its_cache(code):
    run, finding = CACHE_RULES[code]
    assert found(code, _builder(run, "/")) == [finding]


@pytest.mark.parametrize("code", sorted(CACHE_RULES))
def test_the_stage_built_and_its_bases_ship(code):
    run, finding = CACHE_RULES[code]
    text = f"FROM debian:12 AS base\n{run}\nFROM base AS app\nFROM debian:12 AS test\n"
    assert found(code, text, target="app") == [finding]
    assert found(code, text) == []


@pytest.mark.parametrize("code", sorted(CACHE_RULES))
def test_a_fragment_and_onbuild_always_ship(code):
    run, (where, message) = CACHE_RULES[code]
    assert found(code, f"{run}\n") == [(where.replace("2:", "1:"), message)]
    assert found(code, f"FROM debian:12 AS build\nONBUILD {run}\nFROM debian:12-slim\n") != []


def test_yarn_build_copied_into_nginx():
    text = (
        "FROM node:20 AS build\nRUN yarn install --frozen-lockfile\nFROM nginx:1.27\n"
        "COPY --from=build /app/dist /usr/share/nginx/html\n"
    )
    assert found("DL3060", text) == []
    assert found("SZ405", text) == []


def test_conda_cleaned_in_the_builder_before_its_prefix_is_copied():
    text = (
        "FROM continuumio/miniconda3:24.7.1-0 AS conda\nRUN conda install -y numpy=2.1\n"
        "RUN conda clean -ya\nFROM debian:12-slim\nCOPY --from=conda /opt/conda /opt/conda\n"
    )
    assert found("SZ403", text) == []
    uncleaned = text.replace("RUN conda clean -ya\n", "")
    assert found("SZ403", uncleaned) == [
        (
            "2:5-2:31",
            "`conda` leaves its package cache in this layer; end the RUN with `conda clean -afy` or use a cache mount",
        ),
    ]


def test_an_rm_in_a_later_builder_run_deletes_the_cache_before_the_copy():
    text = (
        "FROM python:3.12 AS build\nRUN pip install requests==2.32.3\nRUN rm -rf /root/.cache\n"
        "FROM python:3.12-slim\nCOPY --from=build /root /root\n"
    )
    assert found("DL3042", text) == []


def test_cargo_install_in_a_deps_builder():
    text = (
        "FROM rust:1.83 AS deps\nRUN cargo install cargo-chef --version 0.1.68\n"
        "FROM deps AS build\nRUN cargo chef cook --release\n"
        "FROM debian:12-slim\nCOPY --from=build /app/target/release/app /usr/local/bin/app\n"
    )
    assert found("SZ405", text) == []


def test_a_builder_that_only_produces_a_deb():
    text = (
        "FROM rust:1.83 AS package\nRUN cargo install cargo-deb --version 2.9.1 && cargo deb\n"
        "FROM debian:12-slim\nCOPY --from=package /app/target/debian/*.deb /tmp/\n"
        "RUN dpkg -i /tmp/*.deb && rm /tmp/*.deb\n"
    )
    assert found("SZ405", text) == []


def test_a_copy_through_a_second_builder_ships():
    text = (
        "FROM node:20 AS deps\nRUN npm ci\nFROM node:20 AS build\nCOPY --from=deps /root /root\n"
        "FROM node:20-slim\nCOPY --from=build /root /root\n"
    )
    assert found("SZ405", text) == [
        (
            "2:5-2:11",
            "`npm` keeps its download cache in this layer; end the RUN with `npm cache clean --force` "
            "or use a cache mount",
        ),
    ]


def test_an_unknown_variable_in_a_copied_path_matches_one_component():
    text = (
        "FROM debian:12 AS build\nARG VERSION\nRUN apt-get update && apt-get install -y --no-install-recommends "
        "unzip=6.0-28\nFROM debian:12-slim\nARG VERSION\nCOPY --from=build /opt/app-${VERSION} /opt/app\n"
    )
    assert found("DL3009", text) == []


def test_build_time_env_in_a_builder_is_inherited_by_no_container():
    text = (
        "FROM debian:12 AS build\nENV DEBIAN_FRONTEND=noninteractive\nFROM debian:12-slim\n"
        "COPY --from=build /out /out\n"
    )
    assert found("SZ704", text) == []
    assert found("SZ704", text, target="build") == [
        (
            "2:5-2:20",
            "`DEBIAN_FRONTEND` only matters while the image builds: set it with ARG so the "
            "container does not inherit it",
        ),
    ]
