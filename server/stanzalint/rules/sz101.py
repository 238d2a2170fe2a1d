"""
## What it does
Flags a `FROM` whose image is neither a Docker Official Image nor from a registry or namespace
you listed as trusted (`trusted-registries`, or this rule's own `trusted` option).

## Why is this bad?
A base image is code you run with full trust: everything in it ends up in your image. Docker
Official Images are built in the open from reviewed Dockerfiles, rebuilt when their base gets
security fixes, and scanned. An image from an arbitrary account can be abandoned, rebuilt with
different contents under the same tag, or carry anything its publisher put there. Prefer an
official image, or say explicitly which registries and namespaces your team trusts (your own
registry, a vendor's namespace such as `nvcr.io/nvidia` or `quay.io/jupyter`) so that the rest
stand out.

Stages (`FROM builder`) and `scratch` are exempt, and so is a bare name that Docker Hub does not
publish as an official image (`FROM myapp-base`): that is an image built locally under a short
name, and nothing is known about it. An image that comes from an ARG without a
default cannot be checked and is not flagged. An entry of `trusted-registries` trusts a registry
(`ghcr.io`) or a namespace under it (`docker.io/bitnami`, `quay.io/jupyter`); an entry without a
host (`bitnami`) means a Docker Hub namespace. Unlike hadolint's DL3026, which only reports when
the option is set, this rule always separates official images from the rest.

## Example
```dockerfile
FROM someuser/python-gdal:3.12
```

## Use instead
```dockerfile
FROM python:3.12-slim
```
or trust the publisher in `.stanzalint.toml`:
```toml
[rules.SZ101]
trusted = ["docker.io/someuser"]
```

## Fix safety
No automatic fix: which image to trust instead is a decision, not an edit.

## Options
- `trusted` (a list of strings, `[rules.SZ101]`): registries or `registry/namespace` prefixes whose images count as
  trusted for this rule only. Use it to trust a publisher (`nvidia`, `quay.io/jupyter`) without
  restricting base images to a list, which is what `trusted-registries` does for DL3026.
- `trusted-registries` (top-level setting, also read from hadolint's `trustedRegistries`): the
  registries DL3026 allows; they count as trusted here too.

## References
- [Docker Official Images](https://docs.docker.com/trusted-content/official-images/)
- [Docker docs: choose the right base image](https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ImageRef
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule, string_list
from stanzalint.rules.toolkit.images import pulled_images


def _full_name(image: ImageRef) -> str:
    return f"{image.registry}/{image.path}".lower()


def _normalise_entry(entry: str) -> str:
    entry = entry.strip().lower().rstrip("/")
    for scheme in ("https://", "http://"):
        if entry.startswith(scheme):
            entry = entry[len(scheme) :]
    first = entry.split("/", 1)[0]
    if entry in ("docker.io", "index.docker.io", "registry-1.docker.io"):
        return "docker.io"
    if first in ("index.docker.io", "registry-1.docker.io"):
        return "docker.io/" + entry.split("/", 1)[1]
    if "." not in first and ":" not in first and first != "localhost":
        return "docker.io/" + entry  # a Docker Hub namespace
    return entry


def is_trusted(image: ImageRef, trusted: list[str]) -> bool:
    """True when the image's registry or registry/namespace prefix is in ``trusted``."""
    name = _full_name(image)
    for entry in trusted:
        prefix = _normalise_entry(entry)
        if prefix and (name == prefix or name.startswith(prefix + "/")):
            return True
    return False


@rule(
    code="SZ101",
    name="unofficial-base-image",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="a",
    options={"trusted": string_list()},
    scope="stage",  # each stage's FROM line, its image read with the global ARGs and the stage names
    reads=FROM_LINE_READS,
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    trusted = list(ctx.config.trusted_registries) + list(ctx.options["trusted"])
    for _, image in pulled_images(ctx.analysis):
        if image.is_official:
            continue  # an official image, or a local name Docker Hub does not publish: unknown
        if is_trusted(image, trusted):
            continue
        yield ctx.violation(
            image.span,
            f"`{image.familiar}` is not a Docker Official Image and its registry or namespace is not in trusted-registries",
        )
