"""Image references split as Docker's reference grammar does."""

from __future__ import annotations

import pytest
from stanzalint.analysis.imageref import parse_image_ref, split_reference
from stanzalint.syntax.model import Span

DIGEST = "sha256:" + "0123456789abcdef" * 4

# reference -> (registry, namespace, repository, tag, digest, registry_explicit, error)
CASES = [
    ("python", ("docker.io", "library", "python", None, None, False, None)),
    ("python:3.12-slim", ("docker.io", "library", "python", "3.12-slim", None, False, None)),
    (
        "nvidia/cuda:12.1.0-devel-ubuntu22.04",
        ("docker.io", "nvidia", "cuda", "12.1.0-devel-ubuntu22.04", None, False, None),
    ),
    ("docker.io/python", ("docker.io", "library", "python", None, None, True, None)),
    ("docker.io/library/python:3", ("docker.io", "library", "python", "3", None, True, None)),
    ("index.docker.io/library/python:3", ("docker.io", "library", "python", "3", None, True, None)),
    ("index.docker.io/bitnami/redis", ("docker.io", "bitnami", "redis", None, None, True, None)),
    ("localhost:5000/x", ("localhost:5000", "", "x", None, None, True, None)),
    ("localhost/app:dev", ("localhost", "", "app", "dev", None, True, None)),
    ("localhost:5000", ("docker.io", "library", "localhost", "5000", None, False, None)),
    (f"registry:5000/ns/repo:tag@{DIGEST}", ("registry:5000", "ns", "repo", "tag", DIGEST, True, None)),
    (f"python@{DIGEST}", ("docker.io", "library", "python", None, DIGEST, False, None)),
    ("ghcr.io/a/b/c:1", ("ghcr.io", "a/b", "c", "1", None, True, None)),
    (
        "gcr.io/distroless/python3-debian12:nonroot",
        ("gcr.io", "distroless", "python3-debian12", "nonroot", None, True, None),
    ),
    ("mcr.microsoft.com/dotnet/sdk:8.0", ("mcr.microsoft.com", "dotnet", "sdk", "8.0", None, True, None)),
    ("quay.io/app", ("quay.io", "", "app", None, None, True, None)),
    ("[::1]:5000/x:y", ("[::1]:5000", "", "x", "y", None, True, None)),
    ("MyRegistry/x", ("MyRegistry", "", "x", None, None, True, None)),
    ("example.com/x:Latest", ("example.com", "", "x", "Latest", None, True, None)),
    ("my_org/my-app__v2:1.0", ("docker.io", "my_org", "my-app__v2", "1.0", None, False, None)),
    ("scratch", ("docker.io", "library", "scratch", None, None, False, None)),
    ("Python:3", ("docker.io", "library", "Python", "3", None, False, "repository name must be lowercase")),
    ("quay.io/Foo/bar", ("quay.io", "Foo", "bar", None, None, True, "repository name must be lowercase")),
    ("python@sha256:abc", ("docker.io", "library", "python", None, "sha256:abc", False, "invalid digest 'sha256:abc'")),
    ("ubuntu:", ("docker.io", "library", "ubuntu", "", None, False, "invalid tag ''")),
    ("a//b", ("docker.io", "a/", "b", None, None, False, "invalid repository name component ''")),
    ("alpine:-3", ("docker.io", "library", "alpine", "-3", None, False, "invalid tag '-3'")),
]


@pytest.mark.parametrize("ref,expected", CASES, ids=[c[0] for c in CASES])
def test_split_reference(ref, expected):
    assert split_reference(ref) == expected


def test_image_ref_fields_and_properties():
    ref = parse_image_ref("nvidia/cuda:${TAG}", Span(5, 23), "nvidia/cuda:12.1", False)
    assert (ref.raw, ref.resolved, ref.span, ref.unresolved) == (
        "nvidia/cuda:${TAG}",
        "nvidia/cuda:12.1",
        Span(5, 23),
        False,
    )
    assert (ref.path, ref.familiar, ref.is_official, ref.tag) == ("nvidia/cuda", "nvidia/cuda", False, "12.1")
    official = parse_image_ref("docker.io/library/python:3", Span(0, 26))
    assert (official.familiar, official.is_official, official.is_scratch) == ("python", True, False)
    ghcr = parse_image_ref("ghcr.io/a/b/c", Span(0, 13))
    assert (ghcr.familiar, ghcr.path, ghcr.is_official) == ("ghcr.io/a/b/c", "a/b/c", False)
    assert parse_image_ref("SCRATCH", Span(0, 7)).is_scratch


def test_unresolved_reference_keeps_the_variable_text_and_no_error():
    ref = parse_image_ref("python:${TAG}", Span(0, 13), "python:${TAG}", True)
    assert (ref.repository, ref.tag, ref.unresolved, ref.error) == ("python", "${TAG}", True, None)
