from stanzalint.rules.toolkit.images import (
    DISTRIBUTION_IMAGES,
    is_image_reference,
    nonroot_default_user,
    os_of,
    parse_platform,
    pulled_images,
    root_name,
    tag_span,
)
from toolkit_input import analysed


def _tag(text):
    _, analysis = analysed(text)
    span = tag_span(analysis.stages[0].image)
    return None if span is None else text[span.start : span.end]


def test_tag_span_only_for_a_literal_tag():
    assert _tag("FROM python:3.12-slim\n") == "3.12-slim"
    assert _tag("FROM localhost:5000/app\n") is None
    assert _tag("FROM python:3.12@sha256:" + "a" * 64 + "\n") is None
    assert _tag("ARG V=3\nFROM python:$V\n") is None


def test_is_image_reference():
    assert is_image_reference("nginx:1.27") and is_image_reference("ghcr.io/o/t")
    assert not is_image_reference("builder")


def test_parse_platform():
    assert parse_platform("linux/arm64/v8") == ("linux", "arm64")
    assert parse_platform("aarch64") == ("linux", "arm64")
    assert parse_platform("windows") == ("windows", "amd64")
    assert parse_platform("linux/x86_64") == ("linux", "amd64")
    assert parse_platform("a/b/c/d") is None and parse_platform("nope") is None


def test_what_the_knowledge_says_of_an_image():
    _, analysis = analysed("FROM debian:12\nFROM gcr.io/distroless/static-debian12:nonroot\nFROM scratch\n")
    debian, distroless, scratch = (s.image for s in analysis.stages)
    assert os_of(debian).distro == "debian" and os_of(None) is None
    assert nonroot_default_user(distroless) is not None
    assert nonroot_default_user(debian) is None and nonroot_default_user(scratch) is None
    assert "alpine" in DISTRIBUTION_IMAGES and "python" not in DISTRIBUTION_IMAGES


def test_root_name_of_a_stage():
    _, analysis = analysed("FROM python:3.12-slim AS base\nFROM base\nFROM scratch\n")
    assert [root_name(s) for s in analysis.stages] == [("python", "3.12-slim"), ("python", "3.12-slim"), ("", None)]


def test_pulled_images_leave_out_scratch_unresolved_and_malformed_references():
    text = "ARG V\nFROM scratch\nFROM python:$V\nFROM Bad:Ref:x\nFROM python:3.12 AS app\nFROM app\n"
    _, analysis = analysed(text)
    assert [(stage.index, image.raw) for stage, image in pulled_images(analysis)] == [(3, "python:3.12")]


def test_the_os_of_an_image_is_read_from_the_tables_once_per_reference(monkeypatch):
    from stanzalint import knowledge
    from stanzalint.rules.toolkit import images

    asked: list[object] = []
    os_family = knowledge.os_family
    monkeypatch.setattr(knowledge, "os_family", lambda *a: asked.append(a) or os_family(*a))
    monkeypatch.setattr(images, "_OS_FAMILIES", images.ByReference())
    debian = [analysed(text)[1].stages[0].image for text in ("FROM debian:12\n", "FROM debian:12 AS b\nRUN x\n")]
    assert os_of(debian[0]) == os_of(debian[1]) == os_family(debian[0])
    assert os_of(debian[0]).package_manager == "apt" and len(asked) == 1
    alpine = analysed("FROM alpine:3.20\n")[1].stages[0].image
    assert os_of(alpine).package_manager == "apk" and len(asked) == 2
    unknown = analysed("FROM example.com/unknown:1\n")[1].stages[0].image
    assert os_of(unknown) is None and os_of(unknown) is None and len(asked) == 3
