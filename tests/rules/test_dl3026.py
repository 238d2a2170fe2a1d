from ruletest import found

TRUSTED = ["registry.example.com", "*.corp.io"]


def msg(registry):
    return f"Registry `{registry}` is not in trusted_registries"


def test_images_from_untrusted_registries():
    text = (
        "FROM python:3.12-slim AS a\n"
        "FROM registry.example.com/python:3.12 AS b\n"
        "FROM a.corp.io/x/y:1 AS c\n"
        "FROM corp.io/x:1\n"
        "FROM docker.io/library/alpine:3\n"
        "FROM scratch\n"
        "FROM a\n"
        "FROM localhost:5000/img\n"
        "FROM REGISTRY.EXAMPLE.COM/x\n"
        "ARG IMG=alpine\n"
        "FROM ${IMG}\n"
        "FROM quay.io/org/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
    )
    assert found("DL3026", text, trusted_registries=TRUSTED) == [
        ("1:6-1:22", msg("docker.io")),
        ("4:6-4:17", msg("corp.io")),
        ("5:6-5:32", msg("docker.io")),
        ("8:6-8:24", msg("localhost:5000")),
        ("11:6-11:12", msg("docker.io")),
        ("12:6-12:91", msg("quay.io")),
    ]


def test_silent_without_trusted_registries():
    assert found("DL3026", "FROM ghcr.io/org/app:1\nFROM python:3.12\n") == []


def test_docker_io_trusts_docker_hub_spellings():
    text = "FROM alpine:3\nFROM library/alpine:3\nFROM index.docker.io/alpine:3\nFROM ghcr.io/x/y:1\n"
    assert found("DL3026", text, trusted_registries=["docker.io"]) == [("4:6-4:19", msg("ghcr.io"))]


def test_stages_built_on_stages_are_not_images():
    text = "FROM registry.example.com/base:1 AS base\nFROM base AS build\nFROM build\n"
    assert found("DL3026", text, trusted_registries=TRUSTED) == []


def test_copy_from_and_mount_from_images():
    text = (
        "FROM registry.example.com/base:1 AS base\n"
        "FROM base\n"
        "COPY --from=ghcr.io/x/y:1 /a /a\n"
        "RUN --mount=from=ghcr.io/x/z:1,target=/m true\n"
        "COPY --from=base /a /b\n"
        "COPY --from=0 /a /b\n"
        "COPY --from=nginx /a /b\n"
        "RUN --mount=type=bind,from=base,target=/m --mount=from=a.corp.io/q:1,target=/q true\n"
        "ONBUILD COPY --from=build /a /b\n"
        "ONBUILD COPY --from=quay.io/x:1 /a /b\n"
        "COPY --from=registry.example.com/x:1 /a /b\n"
        "ARG I=quay.io/i:1\n"
        "COPY --from=$I /a /b\n"
    )
    assert found("DL3026", text, trusted_registries=TRUSTED) == [
        ("3:13-3:26", msg("ghcr.io")),
        ("4:18-4:31", msg("ghcr.io")),
        ("7:13-7:18", msg("docker.io")),
        ("10:21-10:32", msg("quay.io")),
        ("13:13-13:15", msg("quay.io")),
    ]
