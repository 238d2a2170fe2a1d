from ruletest import found


def test_apt_on_alpine_and_apk_yum_on_debian_chain():
    assert found("SZ902", "FROM python:3.12-alpine\nRUN apt-get update && apt-get install -y x\n") == [
        ("2:5-2:12", "`apt-get` is not available on `python:3.12-alpine`, which uses `apk` (alpine)"),
        ("2:23-2:30", "`apt-get` is not available on `python:3.12-alpine`, which uses `apk` (alpine)"),
    ]
    assert found("SZ902", "FROM python:3.12-slim AS a\nRUN apk add x\nFROM a\nRUN yum install x\n") == [
        ("2:5-2:8", "`apk` is not available on `python:3.12-slim`, which uses `apt` (debian)"),
        ("4:5-4:8", "`yum` is not available on `python:3.12-slim`, which uses `apt` (debian)"),
    ]


def test_microdnf_image_and_fallbacks():
    assert found("SZ902", "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN dnf install -y x\n") == [
        (
            "2:5-2:8",
            "`dnf` is not available on `registry.access.redhat.com/ubi9/ubi-minimal`, which uses `microdnf` (rhel)",
        ),
    ]
    assert found("SZ902", "FROM alpine:3.20\nRUN apk add x || apt-get install x\n") == []
    assert found("SZ902", "FROM example.com/unknown:1\nRUN apk add x\n") == []


def test_the_base_of_a_run_without_a_package_manager_is_not_looked_up(monkeypatch):
    from stanzalint.rules import sz902

    looked_up = []
    known_base = sz902._known_base
    monkeypatch.setattr(sz902, "_known_base", lambda stage: looked_up.append(stage.index) or known_base(stage))
    text = "FROM alpine:3.20 AS a\nRUN echo x\nFROM debian:12\nRUN make\nRUN apk add x\n"
    assert found("SZ902", text) == [("5:5-5:8", "`apk` is not available on `debian:12`, which uses `apt` (debian)")]
    assert looked_up == [1]
