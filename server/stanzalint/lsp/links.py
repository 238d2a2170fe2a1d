"""Registry pages for FROM images (document links)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stanzalint.syntax.model import Span

if TYPE_CHECKING:
    from stanzalint.analysis.model import ImageRef
    from stanzalint.engine import LintResult


def registry_url(image: ImageRef) -> str | None:
    """The web page of an image reference, for the registries whose page URL is known."""
    if image.is_scratch or image.unresolved or image.error:
        return None
    if image.registry == "docker.io":
        if image.namespace == "library":
            return f"https://hub.docker.com/_/{image.repository}"
        return f"https://hub.docker.com/r/{image.path}"
    if image.registry == "ghcr.io":
        return f"https://ghcr.io/{image.path}"
    if image.registry == "quay.io":
        return f"https://quay.io/repository/{image.path}"
    if image.registry == "mcr.microsoft.com":
        return f"https://mcr.microsoft.com/artifact/mar/{image.path}"
    if image.registry in ("gcr.io", "registry.k8s.io") or image.registry.endswith(".pkg.dev"):
        return None
    return None


def image_links(result: LintResult) -> list[tuple[Span, str]]:
    out = []
    for stage in result.analysis.stages:
        if stage.image is not None:
            url = registry_url(stage.image)
            if url:
                out.append((stage.image.span, url))
    return out
