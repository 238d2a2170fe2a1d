from __future__ import annotations

from ruletest import fixed, found, violations

PIN = {"rules": {"SZ105": {"today": "2026-08-22"}}}


def test_eol_runtime_and_distro_are_named_with_dates():
    assert found("SZ105", "FROM python:3.8-slim-buster\n", **PIN) == [
        (
            "1:6-1:28",
            "`python:3.8-slim-buster` is past end of life: python 3.8 reached end of life on 2024-10-07 "
            "and debian 10 buster reached end of life on 2024-06-30 (end of Debian LTS) (facts as of 2026-08-22); "
            "`3.10-slim-trixie` is the oldest supported tag",
        ),
    ]


def test_today_decides():
    assert found("SZ105", "FROM node:20\n", rules={"SZ105": {"today": "2026-04-29"}}) == []
    assert found("SZ105", "FROM node:20\n", rules={"SZ105": {"today": "2026-04-30"}}) == [
        (
            "1:6-1:13",
            "`node:20` is past end of life: node 20 reached end of life on 2026-04-30 (facts as of 2026-08-22); "
            "`22` is the oldest supported tag",
        ),
    ]


def test_debian_lts_counts_as_supported():
    assert found("SZ105", "FROM debian:bookworm-slim\nFROM python:3.12-slim-bookworm\n", **PIN) == []


def test_supported_unknown_stage_and_scratch_are_clean():
    assert found("SZ105", "FROM python:3.12 AS a\nFROM a\nFROM scratch\nFROM someone/x:1\n", **PIN) == []


def test_fix_moves_to_oldest_supported_tag():
    assert fixed("SZ105", "FROM python:3.8-slim AS app\n", unsafe=True, **PIN) == "FROM python:3.10-slim AS app\n"


def test_no_fix_for_arg_tag():
    [v] = violations("SZ105", "ARG V=3.8\nFROM python:${V}\n", **PIN)
    assert v.fix is None


def test_short_lived_toolchain_releases_are_not_reported():
    assert found("SZ105", "FROM rust:1.80-slim\n", **PIN) == []


def _no_bump(text: str) -> str:
    """The message of the single finding, after checking that it offers no edit."""
    [v] = violations("SZ105", text, **PIN)
    assert v.fix is None
    return v.message.split("; ", 1)[1]


def test_no_bump_under_packages_pinned_to_the_release_through_a_variable():
    text = (
        "FROM nginx:1.27.4-alpine\n"
        'RUN pkgs="nginx=${NGINX_VERSION}-r1 nginx-module-njs=${NGINX_VERSION}.0.8.9-r1" \\\n'
        " && apk add --no-cache $pkgs\n"
    )
    assert found("SZ105", text, **PIN) == [
        (
            "1:6-1:25",
            "`nginx:1.27.4-alpine` is past end of life: nginx 1.27 reached end of life on 2025-06-24 "
            "(facts as of 2026-08-22); no tag is suggested: `nginx=${NGINX_VERSION}-r1` pins a package of this release",
        ),
    ]


def test_no_bump_under_a_checksum_of_the_release():
    text = (
        "FROM nginx:1.27.4\n"
        "RUN curl -fsSLO https://nginx.org/download/nginx-${NGINX_VERSION}.tar.gz \\\n"
        ' && echo "0123abcd  nginx-${NGINX_VERSION}.tar.gz" | sha256sum -c -\n'
    )
    assert _no_bump(text) == "no tag is suggested: a checksum follows for this release's `NGINX_VERSION`"


def test_no_bump_when_the_build_names_what_the_new_tag_changes():
    text = "FROM golang:1-buster\nRUN echo 'deb http://archive.debian.org/debian buster main' > /etc/apt/sources.list\n"
    assert _no_bump(text) == "no tag is suggested: the build names `buster`, which the new tag changes"


def test_no_bump_across_distribution_releases_under_packages_installed_by_name():
    text = "FROM python:3.8-slim-buster\nRUN apt-get update && apt-get install -y --no-install-recommends libgl1-mesa-glx\n"
    assert _no_bump(text) == (
        "no tag is suggested: the build installs debian packages by name and `3.10-slim-trixie` is debian 13 "
        "(this tag: debian 10), whose package names may differ"
    )
    in_a_later_stage = (
        "FROM python:3.8-slim AS base\nFROM base AS dev\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends git\n"
    )
    assert _no_bump(in_a_later_stage).startswith("no tag is suggested: the build installs debian packages by name")


def test_no_bump_for_a_database_whose_data_needs_an_upgrade():
    assert _no_bump("FROM postgres:9.3\nCOPY initdb.sh /docker-entrypoint-initdb.d/\n") == (
        "no tag is suggested: existing postgresql data needs an upgrade step to move to `14`"
    )


def test_bump_kept_when_nothing_ties_the_build_to_the_release():
    text = "FROM python:3.8-slim\nRUN pip install --no-cache-dir flask==3.0.3\n"
    assert (
        fixed("SZ105", text, unsafe=True, **PIN)
        == "FROM python:3.10-slim\nRUN pip install --no-cache-dir flask==3.0.3\n"
    )


def test_glibc_baseline_of_a_package_builder_is_left_alone():
    builder = "# Builds conda packages on the oldest glibc they support (CDTs)\nFROM centos:7\nRUN yum install -y gcc && yum clean all\n"
    assert found("SZ105", builder, **PIN) == []
    assert found("SZ105", "FROM amazonlinux:2\nRUN rpmbuild -ba /src/tool.spec\n", **PIN) == []
    assert found("SZ105", "FROM centos:7\nRUN yum install -y httpd && yum clean all\n", **PIN) == [
        (
            "1:6-1:14",
            "`centos:7` is past end of life: centos 7 reached end of life on 2024-06-30 (facts as of 2026-08-22)",
        ),
    ]


def test_an_image_that_tests_one_release_among_others():
    text = 'FROM ubuntu:18.04\nRUN apt-get update && apt-get install -y curl\nCMD ["curl", "--version"]\n'
    assert found("SZ105", text, path="toolkit/tests/release/docker/ubuntu18.04/Dockerfile", **PIN) == []
    assert found("SZ105", text, path="toolkit/tests/release/Dockerfile.bionic", **PIN) == []
    expected = [
        (
            "1:6-1:18",
            "`ubuntu:18.04` is past end of life: ubuntu 18.04 reached end of life on 2023-05-31 "
            "(facts as of 2026-08-22); no tag is suggested: the build installs ubuntu packages by name and `22.04` "
            "is ubuntu 22.04 (this tag: ubuntu 18.04), whose package names may differ",
        ),
    ]
    assert found("SZ105", text, path="toolkit/tests/release/Dockerfile", **PIN) == expected
    assert found("SZ105", text, **PIN) == expected


def test_test_fixtures_are_never_built():
    text = 'FROM ubuntu:14.04\nCMD ["true"]\n'
    assert found("SZ105", text, path="frontend/parser/testfiles/continueIndent/Dockerfile", **PIN) == []
    assert found("SZ105", text, path="pkg/testdata/Dockerfile", **PIN) == []
    assert found("SZ105", text, path="spec/fixtures/images/Dockerfile", **PIN) == []
    assert fixed("SZ105", text, unsafe=True, path="pkg/data/Dockerfile", **PIN) == 'FROM ubuntu:22.04\nCMD ["true"]\n'


def test_no_bump_for_the_variant_a_library_publishes_for_this_release():
    text = 'FROM python:3.8-slim\nCMD ["app"]\n'
    assert found("SZ105", text, path="python/3.8/slim/Dockerfile", **PIN) == [
        (
            "1:6-1:21",
            "`python:3.8-slim` is past end of life: python 3.8 reached end of life on 2024-10-07 "
            "(facts as of 2026-08-22); no tag is suggested: the path `python/3.8/slim` publishes this release, "
            "and another one would go out under its tag",
        ),
    ]
    assert fixed("SZ105", text, unsafe=True, path="services/api/Dockerfile", **PIN) == text.replace("3.8", "3.10")


def test_no_bump_under_images_built_on_this_one():
    text = (
        "FROM python:3.8-slim\nONBUILD COPY requirements.txt /app/\nONBUILD RUN pip install -r /app/requirements.txt\n"
    )
    assert found("SZ105", text, **PIN) == [
        (
            "1:6-1:21",
            "`python:3.8-slim` is past end of life: python 3.8 reached end of life on 2024-10-07 "
            "(facts as of 2026-08-22); no tag is suggested: the images built on this one depend on this release "
            "(it has ONBUILD triggers for the images built on it)",
        ),
    ]
    builder = "FROM python:3.8-slim AS build\nRUN python -m compileall /src\nFROM alpine:3.22\nONBUILD COPY . /app\n"
    assert fixed("SZ105", builder, unsafe=True, **PIN) == builder.replace("3.8-slim", "3.10-slim")


def test_third_party_tags_their_publisher_retired():
    text = "FROM tensorflow/tensorflow:nightly-devel-gpu AS a\nFROM minio/minio:edge AS b\nFROM tensorflow/tensorflow:devel\n"
    assert found("SZ105", text, rules={"SZ105": {"today": "2026-09-30"}}) == [
        (
            "1:6-1:45",
            "`tensorflow/tensorflow:nightly-devel-gpu` is past end of life: no longer updated as of 2018-12-12: "
            "TensorFlow stopped pushing the -devel nightlies (they became `devel`); the tags still hold TensorFlow 1.12.0-rc0",
        ),
        (
            "2:6-2:22",
            "`minio/minio:edge` is past end of life: removed from its registry as of 2026-09-13: MinIO stopped "
            "publishing images to Docker Hub in October 2025 and removed the repository in September 2026 (its last "
            "releases remain on quay.io/minio/minio, also frozen)",
        ),
    ]
    (first, second) = violations("SZ105", text, rules={"SZ105": {"today": "2026-09-30"}})
    assert (first.fix, second.fix) == (None, None)
    # not yet retired on the date the rule is told is today; never built when it is a test fixture
    assert [loc for loc, _ in found("SZ105", text, rules={"SZ105": {"today": "2026-09-01"}})] == ["1:6-1:45"]
    assert found("SZ105", text, path="pkg/testdata/Dockerfile", rules={"SZ105": {"today": "2026-09-30"}}) == []


def test_each_image_reference_is_judged_once_a_day(monkeypatch):
    """The end-of-life tables do not change while the process runs: a lint after a keystroke
    asks nothing of them for an image it has judged that day, and reports the same."""
    from stanzalint import knowledge

    text = "FROM python:3.8-slim AS app\nRUN echo sz105-once\n"
    first = found("SZ105", text, **PIN)
    asked: list[str] = []
    statuses, retired = knowledge.eol_statuses, knowledge.retired_tag
    monkeypatch.setattr(knowledge, "eol_statuses", lambda image, **kw: asked.append(image.raw) or statuses(image, **kw))
    monkeypatch.setattr(knowledge, "retired_tag", lambda image: asked.append(image.raw) or retired(image))
    assert found("SZ105", text.replace("sz105-once", "sz105-once!"), **PIN) == first
    assert found("SZ105", "FROM python:3.8-slim\nFROM someone/sz105-once:1\n", **PIN) == first
    assert asked == ["someone/sz105-once:1", "someone/sz105-once:1"]  # a reference not seen before is judged


def test_no_tag_when_another_instruction_names_the_release():
    """After the bump, a path or program naming ``python3.8`` outside a RUN is not there."""
    for line in (
        "ENV PYTHONPATH=/usr/local/lib/python3.8/site-packages",
        "WORKDIR /usr/local/lib/python3.8/app",
        "COPY plugin /usr/local/lib/python3.8/site-packages/plugin",
        'CMD ["python3.8", "app.py"]',
    ):
        [v] = violations("SZ105", f"FROM python:3.8\n{line}\n", **PIN)
        assert v.fix is None and "`3.8`, which the new tag changes" in v.message, line
    [v] = violations("SZ105", 'FROM python:3.8\nCMD ["python", "app.py"]\n', **PIN)
    assert v.fix is not None
