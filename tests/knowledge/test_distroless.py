"""The distroless family as packaged (GoogleContainerTools/distroless@cd080764af31, 2026-08-21)."""

from __future__ import annotations

import pytest
from stanzalint import knowledge as k
from stanzalint.knowledge._data import table
from stanzalint.knowledge.distroless import NONROOT_UID, USERS


def test_what_each_image_carries():
    static = k.distroless("static", "13")
    assert (static.glibc, static.libssl, static.libstdcxx) == ("", "", "")
    assert (static.ca_certificates, static.tzdata) == ("20250419", "2026b-0+deb13u1")
    base = k.distroless("base", "12")
    assert (base.glibc, base.libssl, base.libstdcxx) == ("2.36-9+deb12u14", "3.0.20-1~deb12u2", "")
    nossl = k.distroless("base-nossl", "13")
    assert nossl.glibc and not nossl.libssl
    cc = k.distroless("cc", "13")
    assert (cc.built_on, cc.libstdcxx) == ("base", "14.2.0-19")


def test_runtimes_and_their_versions():
    python = k.distroless("python3")
    assert (python.reference, python.runtime_version, python.runtime_path, python.entrypoint) == (
        "gcr.io/distroless/python3-debian13",
        "3.13.5",
        "/usr/bin/python3.13",
        ("/usr/bin/python3.13",),
    )
    assert k.distroless("java21").entrypoint == ("/usr/bin/java", "-jar")
    assert k.distroless("nodejs22").runtime_version == "22.23.2"
    assert k.distroless("python3", "12") is None  # Debian 12 runtimes are no longer published


@pytest.mark.parametrize(
    "runtime, version, image",
    [
        ("python", "3.13", "python3-debian13"),
        ("python", "3.13.2", "python3-debian13"),
        ("python", "3.12", None),
        ("python", "3", None),
        ("java", "17", "java17-debian13"),
        ("java", "21.0.4", "java21-debian13"),
        ("java", "11", None),
        ("node", "22", "nodejs22-debian13"),
        ("node", "24.1", "nodejs24-debian13"),
        ("node", "20", None),
    ],
)
def test_runtime_image_matches_the_version(runtime, version, image):
    found = k.runtime_image(runtime, version)
    assert (found.reference.rsplit("/", 1)[1] if found else None) == image


@pytest.mark.parametrize(
    "reference, expected",
    [
        ("gcr.io/distroless/static-debian13:nonroot", ("static", "13", "nonroot")),
        ("gcr.io/distroless/cc-debian12", ("cc", "12", "latest")),
        ("gcr.io/distroless/java21:debug-nonroot", ("java21", "13", "debug-nonroot")),
        ("gcr.io/distroless/base-debian13:latest-amd64", ("base", "13", "latest")),
        ("gcr.io/distroless/python3-debian11", None),
        ("gcr.io/distroless/static-debian13:v1", None),
        ("debian:13", None),
    ],
)
def test_distroless_image_reads_references(reference, expected):
    found = k.distroless_image(reference)
    assert (None if found is None else (found[0].image, found[0].debian, found[1])) == expected


def test_users_and_sources():
    assert NONROOT_UID == 65532 and USERS == {"root": 0, "nobody": 65534, "nonroot": 65532}
    for row in table("distroless.tsv"):
        assert row["source"].startswith("GoogleContainerTools/distroless@cd080764af31 (2026-08-21) ")
        assert row["debian"] in ("12", "13")
        assert row["built_on"] == "" or k.distroless(row["built_on"], row["debian"]) is not None
