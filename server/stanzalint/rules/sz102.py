"""
## What it does
Flags a shipped stage based on the full variant of an official image that also publishes a slim
variant of the same tag, such as `python:3.12` where `python:3.12-slim` exists.

## Why is this bad?
The full variants of `python`, `node`, `ruby`, `openjdk`-style images are built on
`buildpack-deps`: compilers, headers, version-control tools, ImageMagick and hundreds of other
packages you did not ask for. They add hundreds of megabytes to pull and store, and every one
of those packages is attack surface that scanners report and that you must patch. The slim
variant carries the runtime and little else; a stage that needs a compiler should be a builder
stage whose results you copy out.

Only stages that ship are checked: the final stage (the last one, or `--target`) and the stages
it is built on with `FROM <stage>`. A builder stage on a full image is exactly where the full
image belongs.

Final images built for others to build on are left alone (`ONBUILD` triggers, a `LABEL` or
comment calling the image a base image; see SZ501): the `python:onbuild`-style images compile
their downstream code with the full image's `gcc` and headers, and the slim variant would
break every build on them. So are development environments (a stage named `dev-envs` or
`devcontainer`) and workspaces (a notebook server or web IDE, see SZ601), where people build
with what the full variant carries: `pip install` of an sdist, Cython cells.

## Example
```dockerfile
FROM python:3.12
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

## Fix safety
Unsafe: the slim variant lacks packages the full one has (gcc, git, curl, libpq headers...). A
later `RUN` that uses them fails or behaves differently until you install what it needs. No fix
when the image's `HEALTHCHECK`, `ENTRYPOINT` or `CMD` runs such a tool (`curl -f` as a health
check): that would fail only once the container runs.

## Options
None.

## References
- [Docker Hub: python image variants](https://hub.docker.com/_/python#image-variants)
- [Docker docs: choose the right base image](https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stanzalint import knowledge
from stanzalint.analysis.model import ImageRef, Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.images import tag_span
from stanzalint.rules.toolkit.purpose import (
    base_for_other_images,
    is_development_environment,
    is_interactive_environment,
)
from stanzalint.rules.toolkit.stages import chain_instructions


@rule(
    code="SZ102",
    name="full-base-image",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="a",
    scope="stage",
    reads=("global-args", "stage-names", "final-stage"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    shown = [stage for stage in ctx.analysis.stages if ctx.analysis.is_shipped(stage)]
    full = [found for found in map(_full_variant, shown) if found is not None]
    if not full:
        return  # only the stages the image ships are reported (asked first: it reads no RUN)
    final = ctx.analysis.final_stage
    if final is None or is_development_environment(final) or is_interactive_environment(ctx.analysis, final):
        return  # people working in it build with what the full variant carries
    if base_for_other_images(ctx.analysis, final):
        return  # so do the images built on it
    runtime_tool = _runtime_tool(final)
    for image, slim in full:
        span = tag_span(image)
        fix = None
        if span is not None and runtime_tool is None:
            fix = Fix.unsafe(f"Use `{image.familiar}:{slim}`", [Edit(span, slim)])
        yield ctx.violation(
            image.span,
            f"`{image.familiar}:{image.tag}` is the full variant; `{image.familiar}:{slim}` is the same release with far less installed",
            fix=fix,
        )


#: tools of the full variants that the slim ones lack, which a container may run once started
_FULL_ONLY_TOOLS = frozenset({"curl", "wget", "git", "ssh", "gcc", "make", "convert", "psql", "mysql"})
_WORD = re.compile(r"[\w./-]+")


def _runtime_tool(final: Stage) -> str | None:
    """A tool of ``_FULL_ONLY_TOOLS`` the final image's HEALTHCHECK, ENTRYPOINT or CMD runs (by
    its basename among their words): on the slim variant it is not there, and the container
    would fail its health check or not start, which no RUN's failure shows at build time."""
    for _, ins in chain_instructions(final):
        if ins.keyword not in ("HEALTHCHECK", "ENTRYPOINT", "CMD"):
            continue
        for word in _WORD.findall(ins.rest.text):
            if word.rsplit("/", 1)[-1] in _FULL_ONLY_TOOLS:
                return word
    return None


def _full_variant(stage: Stage) -> tuple[ImageRef, str] | None:
    """The stage's base image and the slim tag of the same release, when the image is the full
    variant of an official image that has one."""
    image = stage.image
    if image is None or image.is_scratch or image.unresolved or image.tag is None:
        return None
    if not image.is_official or not knowledge.is_full_variant(image):
        return None
    slim = knowledge.slim_alternative(image)
    return None if slim is None else (image, slim)
