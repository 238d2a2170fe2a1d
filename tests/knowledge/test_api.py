"""The knowledge API on real examples from the packaged data (as of 2026-08-22)."""

from __future__ import annotations

from datetime import date

import pytest
from stanzalint import knowledge as k
from stanzalint.analysis.model import ImageRef
from stanzalint.knowledge import OsFamily
from stanzalint.syntax.model import Span

AS_OF_DAY = date(2026, 8, 22)


def ref(registry, namespace, repository, tag):
    return ImageRef(
        raw="x",
        span=Span(0, 1),
        resolved="x",
        unresolved=False,
        registry=registry,
        namespace=namespace,
        repository=repository,
        tag=tag,
    )


# ---------------------------------------------------------------- official images and tags


def test_official_image_record():
    image = k.official_image("python")
    assert image.name == "python" and image.status == "active" and image.deprecated == "no"
    assert image.has_slim and image.has_alpine
    assert image.latest_base == "debian 13"
    assert image.families == ("debian", "alpine", "windows")
    assert "slim-bookworm" in image.variants


@pytest.mark.parametrize("name", ["python", "library/python", "docker.io/library/python", "Python"])
def test_name_forms(name):
    assert k.is_official(name)


def test_removed_and_unknown_images():
    assert k.official_image("centos").status == "removed"
    assert not k.is_official("centos")
    assert k.official_image("nvidia/cuda") is None
    assert not k.is_official("myorg/app")


def test_tags_and_variants():
    assert "3.10-slim" in k.tags("python") and "3.14.7-slim-trixie" in k.tags("python")
    assert k.tags("myorg/app") == ()
    assert k.variants("myorg/app") == ()
    assert k.has_tag("python", "3.12-slim-bookworm")


@pytest.mark.parametrize(
    "image, tag, slim",
    [
        ("python", "3.12", "3.12-slim"),
        ("python", "3.12-bookworm", "3.12-slim-bookworm"),
        ("python", None, "slim"),
        ("python", "bookworm", "slim-bookworm"),
        ("node", "20", "20-slim"),
        ("node", "20-bookworm", "20-bookworm-slim"),
        ("debian", "bookworm", "bookworm-slim"),
        ("python", "3.8", "3.8-slim"),  # not listed any more; listed tags of that shape have -slim
        ("python", "3.8-buster", "3.8-slim-buster"),
        ("python", "3.12-slim", None),
        ("python", "3.12-alpine", None),
        ("golang", "1.22", None),
        ("ubuntu", "22.04", None),
        ("myorg/app", "1.0", None),
    ],
)
def test_slim_alternative(image, tag, slim):
    assert k.slim_alternative(image, tag) == slim
    assert k.is_full_variant(image, tag) is (slim is not None)


def test_minimal_alternative():
    assert k.minimal_alternative("almalinux", "9") == "9-minimal"
    assert k.minimal_alternative("python", "3.12") is None


# ---------------------------------------------------------------- OS family


@pytest.mark.parametrize(
    "image, expected",
    [
        ("python:3.12-slim-bookworm", OsFamily("debian", "debian", "12", "bookworm", "apt", "glibc", "linux", "tag")),
        ("python:3.12", OsFamily("debian", "debian", "13", "trixie", "apt", "glibc", "linux", "tag")),
        ("python:3.8-slim-buster", OsFamily("debian", "debian", "10", "buster", "apt", "glibc", "linux", "image")),
        ("python:3.8-slim", OsFamily("debian", "debian", None, None, "apt", "glibc", "linux", "pattern")),
        ("python:3.14-alpine3.23", OsFamily("alpine", "alpine", "3.23", None, "apk", "musl", "linux", "tag")),
        ("alpine:3.19", OsFamily("alpine", "alpine", "3.19", None, "apk", "musl", "linux", "pattern")),
        ("ubuntu:22.04", OsFamily("ubuntu", "ubuntu", "22.04", "jammy", "apt", "glibc", "linux", "tag")),
        ("ubuntu:bionic", OsFamily("ubuntu", "ubuntu", "18.04", "bionic", "apt", "glibc", "linux", "image")),
        ("debian:10", OsFamily("debian", "debian", "10", "buster", "apt", "glibc", "linux", "pattern")),
        ("almalinux:9-minimal", OsFamily("rhel", "almalinux", "9", None, "microdnf", "glibc", "linux", "tag")),
        ("python:3.14-windowsservercore", OsFamily("windows", "windows", None, None, None, None, "windows", "tag")),
        (
            "nvidia/cuda:12.2.0-devel-ubuntu22.04",
            OsFamily("ubuntu", "ubuntu", "22.04", "jammy", "apt", "glibc", "linux", "pattern"),
        ),
        ("nvidia/cuda:12.4.1-devel-ubi9", OsFamily("rhel", "ubi", "9", None, "dnf", "glibc", "linux", "pattern")),
        (
            "gcr.io/distroless/static-debian12",
            OsFamily("distroless", "debian", "12", "bookworm", None, "glibc", "linux", "pattern"),
        ),
        ("redhat/ubi9-minimal", OsFamily("rhel", "ubi", "9", None, "microdnf", "glibc", "linux", "pattern")),
        (
            "mambaorg/micromamba:1.5-alpine3.19",  # alpine-glibc base
            OsFamily("alpine", "alpine", "3.19", None, "apk", "glibc", "linux", "pattern"),
        ),
        ("rocker/r-ver:4.3.1", OsFamily("ubuntu", "ubuntu", "22.04", "jammy", "apt", "glibc", "linux", "pattern")),
        ("scratch", OsFamily("scratch", None, None, None, None, None, "linux", "image")),
    ],
)
def test_os_family(image, expected):
    assert k.os_family(image) == expected


def test_os_family_argument_forms():
    expected = k.os_family("python:3.12-slim-bookworm")
    assert k.os_family("python", "3.12-slim-bookworm") == expected
    assert k.os_family(("library/python", "3.12-slim-bookworm")) == expected
    assert k.os_family(ref("docker.io", "library", "python", "3.12-slim-bookworm")) == expected
    assert k.os_family(ref("gcr.io", "distroless", "static-debian12", "nonroot")).release == "12"


def test_os_family_unknown():
    assert k.os_family("myorg/app:1.0-bookworm") is None
    assert k.os_family("jetty:12") is None  # family unknown in the data


# ---------------------------------------------------------------- end of life


def _eol(image):
    return [
        (s.label, s.kind, s.eol, s.is_eol, s.supported_cycle, s.suggestion)
        for s in k.eol_statuses(image, today=AS_OF_DAY)
    ]


@pytest.mark.parametrize(
    "image, expected",
    [
        ("python:3.8-slim", [("python 3.8", "runtime", date(2024, 10, 7), True, "3.10", "3.10-slim")]),
        (
            "python:3.8-slim-buster",
            [
                ("python 3.8", "runtime", date(2024, 10, 7), True, "3.10", "3.10-slim-trixie"),
                ("debian 10 buster", "distro", date(2022, 9, 10), True, "13", "3.10-slim-trixie"),
            ],
        ),
        (
            "python:3.12",
            [
                ("python 3.12", "runtime", date(2028, 10, 31), False, None, None),
                ("debian 13 trixie", "distro", date(2028, 8, 9), False, None, None),
            ],
        ),
        ("node:16", [("node 16", "runtime", date(2023, 9, 11), True, "22", "22")]),
        (
            "node:20-alpine3.19",
            [
                ("node 20", "runtime", date(2026, 4, 30), True, "22", "22-alpine3.23"),
                ("alpine 3.19", "distro", date(2025, 11, 1), True, "3.21", "22-alpine3.23"),
            ],
        ),
        ("debian:buster", [("debian 10 buster", "distro", date(2022, 9, 10), True, "13", "trixie")]),
        ("debian:10-slim", [("debian 10 buster", "distro", date(2022, 9, 10), True, "13", "13-slim")]),
        ("ubuntu:18.04", [("ubuntu 18.04", "distro", date(2023, 5, 31), True, "22.04", "22.04")]),
        ("ubuntu:bionic", [("ubuntu 18.04", "distro", date(2023, 5, 31), True, "22.04", "jammy")]),
        ("alpine:3.15", [("alpine 3.15", "distro", date(2023, 11, 1), True, "3.21", "3.21")]),
        ("golang:1.20-alpine", [("go 1.20", "runtime", date(2024, 2, 6), True, "1.26", "1.26-alpine")]),
        (
            "nvidia/cuda:11.8.0-devel-ubuntu18.04",  # no tag list for nvidia/cuda: no suggestion
            [("ubuntu 18.04", "distro", date(2023, 5, 31), True, "22.04", None)],
        ),
        (
            "gcr.io/distroless/python3-debian12",
            [("gcr.io/distroless/python debian12", "distro", date(2026, 4, 30), True, "debian13", None)],
        ),
        ("myorg/app:1.0", []),
    ],
)
def test_eol_statuses(image, expected):
    assert _eol(image) == expected


def test_eol_status_picks_the_end_of_life_product():
    status = k.eol_status("python", "3.12-slim-bookworm", AS_OF_DAY)
    assert (status.label, status.is_eol, status.extended_until) == ("debian 12 bookworm", True, date(2028, 6, 30))
    assert status.suggestion == "3.12-slim-trixie"
    assert k.eol_status("python", "3.12", AS_OF_DAY).label == "python 3.12"
    assert k.eol_status("myorg/app", "1.0", AS_OF_DAY) is None


def test_eol_depends_on_today():
    before = k.eol_status("python", "3.10-slim", date(2026, 10, 30))
    after = k.eol_status("python", "3.10-slim", date(2026, 10, 31))
    assert (before.is_eol, after.is_eol) == (False, True)
    assert after.suggestion == "3.11-slim"


# ---------------------------------------------------------------- floating tags


@pytest.mark.parametrize(
    "image, reason",
    [
        ("python:3", "`3` names no single release: it moves to each new 3.x release"),
        ("alpine:3", "`3` names no single release: it moves to each new 3.x release"),
        ("golang:1", "`1` names no single release: it moves to each new 1.x release"),
        ("node:lts", "`lts` moves to a new release when one comes out"),
        ("node:lts-alpine", "`lts` moves to a new release when one comes out"),
        ("debian:stable-slim", "`stable` moves to a new release when one comes out"),
        ("ubuntu:rolling", "`rolling` moves to a new release when one comes out"),
        ("myorg/app:latest", "`latest` moves to a new release when one comes out"),
        ("python", "no tag: Docker pulls `latest`, which moves to each new release"),
        ("python:slim", "the tag names no version, so it moves to each new release of the image"),
        ("node:bookworm", "the tag names no version, so it moves to each new release of the image"),
        ("python:3.12", None),
        ("node:20", None),
        ("debian:12", None),
        ("debian:bookworm", None),
        ("ubuntu:jammy", None),
        ("debian:stable-20260803", None),
        ("nvidia/cuda:12.2.0-devel-ubuntu22.04", None),
        ("myorg/app:prod", None),
        ("rust:buster", None),
        ("golang:1-buster", None),
        ("centos", None),
    ],
)
def test_floating(image, reason):
    assert k.floating_reason(image) == reason
    assert k.is_floating_tag(image) is (reason is not None)


# ---------------------------------------------------------------- default user


@pytest.mark.parametrize(
    "image, user",
    [
        ("gcr.io/distroless/static:nonroot", "65532"),
        ("gcr.io/distroless/python3-debian12:debug-nonroot", "65532"),
        ("gcr.io/distroless/static", None),
        ("quay.io/jupyter/scipy-notebook:2026-07-28", "1000"),
        ("bitnami/postgresql:17", "1001"),
        ("bitnami/python:3.12", None),
        ("elasticsearch:8.19.20", "1000:0"),
        ("node:20", None),
        ("python:3.12", None),
        ("chronograf:1.10", None),  # root, drops privileges in its entrypoint
        ("cgr.dev/chainguard/python:latest", "65532"),
        ("myorg/app:1.0", None),
    ],
)
def test_runs_as_nonroot(image, user):
    assert k.runs_as_nonroot(image) == user


def test_default_user_details():
    node = k.default_user("node:20")
    assert (node.user, node.nonroot, node.note) == ("root", "no", "user node uid 1000 exists, not selected")
    assert k.default_user("python:3.12").source == "tag"
    assert k.default_user("myorg/app") is None


# ---------------------------------------------------------------- build images


@pytest.mark.parametrize(
    "image, reason, alternative",
    [
        (
            "golang:1.22",
            "Go toolchain image (compiler, git and a full distribution)",
            "gcr.io/distroless/static-debian13",
        ),
        ("node:20", "full node image: built on buildpack-deps, carries compilers and -dev headers", "node:20-slim"),
        ("node:20-slim", None, None),
        (
            "nvidia/cuda:12.2.0-cudnn8-devel-ubuntu22.04",
            "CUDA devel image (nvcc, headers, static libraries)",
            "nvidia/cuda:12.2.0-cudnn8-runtime-ubuntu22.04",
        ),
        ("nvidia/cuda:12.2.0-runtime-ubuntu22.04", None, None),
        ("eclipse-temurin:21", "JDK image; a Java application needs only a JRE at run time", "eclipse-temurin:21-jre"),
        (
            "eclipse-temurin:21-jdk",
            "JDK image; a Java application needs only a JRE at run time",
            "eclipse-temurin:21-jre",
        ),
        ("eclipse-temurin:21-jre", None, None),
        (
            "mcr.microsoft.com/dotnet/sdk:8.0",
            ".NET SDK image",
            "mcr.microsoft.com/dotnet/aspnet or mcr.microsoft.com/dotnet/runtime (same version)",
        ),
        ("maven:3.9-eclipse-temurin-21", "Maven build image with a full JDK", None),
        ("python:3.12", None, None),
        ("myorg/app:1.0", None, None),
    ],
)
def test_build_images(image, reason, alternative):
    assert k.build_image(image) == reason
    assert k.runtime_alternative(image) == alternative


def test_build_image_from_image_ref():
    assert k.build_image(ref("docker.io", "nvidia", "cuda", "12.2.0-devel-ubuntu22.04")) is not None
    assert k.build_image(ref("mcr.microsoft.com", "dotnet", "sdk", "8.0")) == ".NET SDK image"


# ---------------------------------------------------------------- lookup, as-of, speed


def test_lookup_image_ref():
    facts = k.lookup(ref("docker.io", "library", "python", "3.8-slim"), today=AS_OF_DAY)
    assert (facts.name, facts.tag, facts.tag_listed) == ("python", "3.8-slim", False)
    assert facts.official.name == "python"
    assert facts.eol[0].suggestion == "3.10-slim"
    assert facts.floating is None and facts.slim is None and facts.nonroot_user is None and facts.build is None


def test_as_of():
    assert k.AS_OF == "2026-08-22"
    date.fromisoformat(k.AS_OF)


def test_hand_written_nonroot_images():
    assert k.runs_as_nonroot("apache/airflow:2.10.4-python3.12") == "airflow"
    assert k.runs_as_nonroot("pangeo/base-image:2024.11.11") == "jovyan"
    assert k.runs_as_nonroot("pangeo/pangeo-notebook:2024.11.11") == "jovyan"
