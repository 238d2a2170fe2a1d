"""
## What it does
Flags a final stage whose base image is a build image: a toolchain or SDK image such as
`golang`, `rust`, `gcc`, `maven`, `gradle`, `buildpack-deps`, the full `node` image (not
`-slim`/`-alpine`), a JDK `eclipse-temurin` tag, `nvidia/cuda:*-devel*`, `pytorch/pytorch:*-devel`
or `mcr.microsoft.com/dotnet/sdk`. The final stage is the last one (or the `--target`);
`FROM <stage>` is followed to the image at the bottom. Which images are build images comes
from the knowledge tables shipped with stanzalint. A final stage with no `CMD`/`ENTRYPOINT`
(or one that runs a build: `make`, `go`, `cargo`, `mvn`...) is taken for a build or CI
environment, whose job is to compile, and is not flagged; so is one whose command is only a
shell (`CMD ["/bin/bash"]`). `buildpack-deps` is not flagged (it is the base of the official
"full" images by design; SZ102 covers choosing a full image), nor is a toolchain stage the
author named as the runtime (`FROM golang:1.22-alpine AS gorun`: Hugo needs Go at run time).
A JDK image is not flagged when the file names a tool only the JDK ships (`jcmd`, `jmap`,
`jstack`, `javac`, `jshell`...), in an instruction or a comment: the application runs it, so a
JRE would not do. Nor when it installs an application known to run a JDK tool itself: Apache
Spark 3.5 to 4.1 (a `spark-<version>-bin-*` download) call `jmap` for the executors' heap
histograms, which is why Spark's own images moved from the JRE to the JDK (SPARK-49701);
Spark 4.2 dropped that call and is reported again. For any other application whose need is
only in its code, a comment naming the tool documents it.

Images whose purpose is compiling are also left alone: images built for others to build on
(`ONBUILD` triggers that compile the downstream code, like the old `golang:onbuild`, or a base
documented as one; see SZ501), development environments (a stage named `dev-envs` or
`devcontainer`), workspaces (a notebook server or web IDE, where users build extensions in
place, such as `setup.py build develop` in a Jupyter image; see SZ601), and images on a base
that ships compilers whatever you choose (NVIDIA NGC framework containers such as
`nvcr.io/nvidia/pytorch`, ROCm `dev-*-complete`).

## Why is this bad?
A build image carries everything needed to produce the program: compilers, headers, package
caches, git, often a whole Debian with `-dev` packages. The program needs none of it to run.
`golang:1.22` is about 800 MB for a Go binary that runs on `scratch`; `nvidia/cuda:*-devel` adds
several GB of nvcc, headers and static libraries over the `-runtime` flavour. Every extra
package is also one more CVE to triage and one more tool for an attacker who gets a shell.

Build in a stage based on the build image and copy the result into a runtime image: the
`-slim` or `-runtime` flavour of the same image, a JRE, `mcr.microsoft.com/dotnet/aspnet`, or a
distroless image (`gcr.io/distroless/static` for a static Go binary, `gcr.io/distroless/cc` for
Rust) with no shell and no package manager at all.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /out/server ./cmd/server
CMD ["/out/server"]
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
```

## Fix safety
No automatic fix: what to copy out of the build (a binary, a jar, a virtualenv) and which
runtime image fits is the author's decision. The message names a runtime image when the
knowledge knows one.

## Options
None.

## References
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- [Distroless container images](https://github.com/GoogleContainerTools/distroless)
- [NVIDIA CUDA images: base, runtime and devel flavours](https://hub.docker.com/r/nvidia/cuda)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from stanzalint.analysis.model import ImageRef
from stanzalint.findings import FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.images import ByReference
from stanzalint.rules.toolkit.purpose import toolchain_is_the_product

if TYPE_CHECKING:
    from stanzalint.knowledge.buildimages import BuildImage

_RUNTIME_NAME = re.compile(r"run", re.IGNORECASE)
#: the JDK's own tools, which no JRE ships: a file that names one uses the JDK at run time
_JDK_TOOLS = re.compile(
    r"(?<![\w.-])(?:javac|jmap|jstack|jcmd|jinfo|jstat|jhsdb|jfr|jshell|jlink|jdeps|jpackage)(?![\w.-])"
)

#: a Spark distribution download, ``spark-4.1.2-bin-hadoop3.tgz``: (major, minor)
_SPARK_DOWNLOAD = re.compile(r"(?<![\w-])spark-(\d+)\.(\d+)\.\d+[\w.-]*?-bin-")
#: Spark releases whose executors run ``jmap`` (SPARK-44153 added it in 3.5, SPARK-55809
#: replaced it with an in-process call in 4.2)
_SPARK_RUNS_JMAP = ((3, 5), (4, 2))


def _application_runs_jdk_tool(text: str) -> bool:
    """The file installs an application known to run a JDK-only tool itself: a Spark release
    whose executors call ``jmap``."""
    low, high = _SPARK_RUNS_JMAP
    return any(low <= (int(major), int(minor)) < high for major, minor in _SPARK_DOWNLOAD.findall(text))


#: ``knowledge.build_image_info`` by image reference
_BUILD_IMAGES: ByReference[BuildImage | None] = ByReference()


def _build_image(image: ImageRef) -> BuildImage | None:
    """What the knowledge says of ``image`` as a build image (``knowledge.build_image_info``, a
    walk through its table), or None: looked up once per reference, not at every keystroke."""
    from stanzalint.knowledge import build_image_info

    return _BUILD_IMAGES.answer(image, build_image_info)


@rule(
    code="SZ602",
    name="build-image-as-final-base",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="f",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    final = ctx.analysis.final_stage
    if final is None:
        return
    root_stage = final.chain[-1]
    image = root_stage.image
    if image is None or image.unresolved or image.is_scratch or image.error:
        return
    info = _build_image(image)
    if info is None or image.repository == "buildpack-deps":
        return  # buildpack-deps is the base of the official "full" images, by design
    if toolchain_is_the_product(ctx.analysis, final):
        return  # people, or images built on it, compile with its toolchain (asked last: it reads the chain)
    if root_stage.name and _RUNTIME_NAME.search(root_stage.name):
        return  # the author named the toolchain stage as the runtime (``AS gorun``)
    if "JDK" in info.reason and (
        _JDK_TOOLS.search(ctx.dockerfile.text) or _application_runs_jdk_tool(ctx.dockerfile.text)
    ):
        return  # the file or its application runs a JDK tool (``jcmd``, ``jmap``) that a JRE lacks
    instead = f"`{info.runtime_alternative}`" if info.runtime_alternative else "a runtime image"
    related = []
    if root_stage is not final:
        related.append(Related(final.from_instruction.line_span, "the final stage is built on this stage"))
    yield ctx.violation(
        image.span,
        f"The final image is based on the build image `{image.resolved}` ({info.reason}); build in "
        f"an earlier stage and copy the result into {instead}",
        related=related,
    )
