"""
## What it does
Flags a `FROM` whose tag moves from one release to the next: `python:3`, `node:lts`,
`debian:stable`, `ubuntu:rolling`, `alpine:3`, `python:slim`.

## Why is this bad?
A tag like `python:3` looks pinned but names no single release: it pointed at 3.11 last year,
3.12 this year, and 3.13 next. The same Dockerfile then builds on a new minor version of the
runtime or a new distribution release without any change in your repository, and what broke is
hidden behind a cache until the cache is cold. Name the release cycle you test against
(`python:3.12-slim`, `node:22`, `debian:12`); patch releases within it still arrive.

`latest` and untagged images are left to DL3007 and DL3006, and a digest-pinned reference does
not float, so neither is reported here. Dated snapshots (`ubuntu:noble-20260410`) and the
distribution-release tags of `buildpack-deps` (`buildpack-deps:trixie-scm`) do not float either. Stages and `scratch` are exempt.

A tag that is no longer published is not reported: nobody pushes it any more, so it stays
where it was last pushed. That is a tag an official image no longer publishes (`rust:buster`,
`golang:1-buster`, `tomcat:9-jdk17-temurin-focal`, any tag of a removed image such as
`centos`), or a third-party tag its publisher retired (`tensorflow/tensorflow:nightly-devel`,
frozen at TensorFlow 1.12.0-rc0 since 2018; every tag of `minio/minio`, removed from Docker
Hub in 2026). Which official tags are published comes from the official images' library files
in the dated data shipped with stanzalint, so a tag first published after that date is not
reported until the data is updated; retired third-party tags are a short hand-checked list,
each with its date and source, and any other third-party tag is taken to be published.
The problem of a retired tag is its age, not movement, and SZ105 reports it: an official tag
when the release it holds is past its end of life, a retired third-party tag always (nobody
fixes it any more, or it no longer pulls).

Also left alone, because the tag is not what the build uses:

- a placeholder default that every build overrides: the whole image is a build argument
  (`ARG BASE_IMAGE=nginx:mainline` then `FROM ${BASE_IMAGE}`), or the tag's `ARG` default is a
  placeholder word (`notset`, `unset`, `none`, `placeholder`, `changeme`, `required`...);
- an image the same pipeline builds just before: a compose file (`image:`), a bake file
  (`tags =`), a Makefile or a shell script (`docker build -t`) in the Dockerfile's directory or
  its parent tags exactly this `name:tag`; or the tag is laid out as a sibling directory with
  its own Dockerfile (`FROM docker:29-cli` in `29/dind/Dockerfile` next to `29/cli/Dockerfile`,
  as image libraries build their variants in order). The path alone says so, without the
  sibling on disk, when it is an image library's layout for this image and version:
  `docker/29/dind/Dockerfile` for `docker:29-cli` (a directory named like the image is not
  enough: `node/app/Dockerfile` with `FROM node:lts` is still reported).

## Example
```dockerfile
FROM node:lts-slim
```

## Use instead
```dockerfile
FROM node:22-slim
```

## Fix safety
No automatic fix: the release to pin is yours to choose.

## Options
None.

## References
- [Docker docs: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from stanzalint import knowledge
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.knowledge.tagparse import parse_tag
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule
from stanzalint.rules.toolkit.images import ByReference, pulled_images

#: Images whose tags name distribution releases, like the distribution's own image does.
_DISTRO_TAGGED = frozenset({"buildpack-deps"})


def _fixed_release(image) -> bool:
    """A dated snapshot (``ubuntu:noble-20260410``) or a distribution-release tag of an image
    that is tagged by distribution release (``buildpack-deps:trixie-scm``) does not float."""
    tokens = image.tag.lower().split("-")
    if any(re.fullmatch(r"\d{8}(\.\d+)?", t) for t in tokens):
        return True
    return image.repository in _DISTRO_TAGGED and image.is_official and bool(parse_tag(image.tag).distros)


#: ARG defaults that only hold the place of a value every build passes (``ARG PYTHON_VER=notset``).
_PLACEHOLDERS = frozenset(
    {"notset", "unset", "none", "null", "placeholder", "changeme", "undefined", "override", "required", "tbd"}
)
_WHOLE_VARIABLE = re.compile(r"\$\{?\w+(?::?-[^}]*)?\}?")
#: Files next to a Dockerfile that build and tag images (compose, bake, make, scripts).
_PIPELINE_FILES = re.compile(r"(docker-)?compose[\w.-]*\.ya?ml|docker-bake[\w.-]*\.(hcl|json)|Makefile|[\w.-]+\.sh")
_TAGGING = re.compile(r"(?:^|\s)(?:-t|--tag)[\s=]|\bimage:|\btags\s*=")


def _placeholder(image) -> bool:
    """The reference is a build parameter whose default only holds its place: the whole image
    comes from an ARG (``FROM ${BASE_IMAGE}``), or the tag's ARG default is a placeholder word
    (``python:${PYTHON_VER}`` with ``PYTHON_VER=notset``)."""
    if _WHOLE_VARIABLE.fullmatch(image.raw.strip("\"'")):
        return True
    return "$" in image.raw and any(t in _PLACEHOLDERS for t in re.split(r"[-_.]", image.tag.lower()))


def _built_by_pipeline(path: str | None, image) -> bool:
    """The same pipeline builds this image just before, so its tag is the build's own: a
    compose, bake or make file or a script in the Dockerfile's directory or its parent tags it,
    or a sibling directory laid out as the tag holds its Dockerfile (``docker:29-cli`` from
    ``29/dind/Dockerfile`` next to ``29/cli/Dockerfile``)."""
    if not path:
        return False
    reference = f"{image.familiar}:{image.tag}"
    dockerfile = os.path.abspath(path)
    directory = os.path.dirname(dockerfile)
    for folder in (directory, os.path.dirname(directory)):
        for name in _listing(folder):
            if _PIPELINE_FILES.fullmatch(name) and _tags_image(os.path.join(folder, name), reference):
                return True
    return _sibling_builds_tag(dockerfile, image.tag) or _sibling_variant_in_image_layout(dockerfile, image)


def _sibling_builds_tag(dockerfile: str, tag: str) -> bool:
    """An ancestor directory holds ``<tag parts as directories>/Dockerfile`` (not this one)."""
    parts = tag.split("-")
    folder = os.path.dirname(dockerfile)
    for _ in range(3):
        folder = os.path.dirname(folder)
        candidate = os.path.join(folder, *parts, "Dockerfile")
        if candidate != dockerfile and os.path.isfile(candidate):
            return True
    return False


def _sibling_variant_in_image_layout(dockerfile: str, image) -> bool:
    """The path alone shows an image library's layout, ``<image>/<version>/<variant>/Dockerfile``,
    and the tag is another variant of the same version: ``docker:29-cli`` from
    ``docker/29/dind/Dockerfile``. Holds without the sibling on disk (a copied or flattened
    checkout); a directory named like the image alone is not enough."""
    version, _, variant = image.tag.partition("-")
    parts = re.split(r"[\\/]", os.path.normpath(dockerfile))
    if len(parts) < 4 or not variant:
        return False
    repository, directory_version, directory_variant = parts[-4:-1]
    return repository == image.repository and directory_version == version and directory_variant != variant


def _listing(folder: str) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _tags_image(file: str, reference: str) -> bool:
    try:
        with open(file, encoding="utf-8", errors="replace") as fh:
            lines = fh.read(200_000).splitlines()
    except OSError:
        return False
    pattern = re.compile(rf"(?<![\w./-]){re.escape(reference)}(?![\w.-])")
    return any(_TAGGING.search(line) and pattern.search(line) for line in lines)


#: ``knowledge.floating_reason`` by image reference
_FLOATING: ByReference[str | None] = ByReference()


@rule(
    code="SZ103",
    name="floating-base-tag",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="a",
    scope="stage",  # each stage's FROM line, its image read with the global ARGs and the stage names
    # and the pipeline files beside the Dockerfile, read from the disk: a file event gives the
    # build context a new state (``Fact.BUILD_CONTEXT``), and the stages are judged again
    reads=(*FROM_LINE_READS, "build-context"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _, image in pulled_images(ctx.analysis):
        if image.tag is None or image.tag.lower() == "latest" or image.digest is not None:
            continue
        if _fixed_release(image) or _placeholder(image):
            continue
        reason = _FLOATING.answer(image, knowledge.floating_reason)
        if reason is None:
            continue
        if _built_by_pipeline(ctx.path, image):
            continue
        yield ctx.violation(image.span, f"`{image.familiar}:{image.tag}` is a floating tag: {reason}")
