"""
## What it does
Flags a final stage that could run on a distroless image and names the image. The stage
qualifies when it only carries and starts an artefact:

- its base is a general-purpose distribution or language image (`debian`, `ubuntu`, `alpine`,
  `python`, `node`, `eclipse-temurin`, `openjdk`...);
- it runs no `RUN` after its `FROM`, and has no `SHELL` or `ONBUILD`;
- its `ENTRYPOINT`/`CMD` is in exec form and starts the copied artefact: a binary copied with
  `COPY --from=<stage>`, `java -jar`, `node app.js`, a virtualenv's python (or one of its
  scripts), or the base image's `python`;
- a `HEALTHCHECK`, if any, is in exec form and runs that same program.

The image follows from how the artefact was built: a binary built with `CGO_ENABLED=0`,
`-static` or `+crt-static`, or for a Rust `*-musl` target, runs on `static`; a Go binary with
cgo on `base`; any other glibc binary on `cc` (libstdc++ and libgcc included), from the build
stage's Debian release. A jar runs on `java17`/`java21`/`java25` matching the base's Java major
version, a script on `nodejs22`/`24`/`26` matching Node's, a virtualenv or the `python` image on
`python3` when the interpreter is 3.13 like distroless's.

It leaves alone what distroless cannot carry: a shell-form command or `HEALTHCHECK`, a shell
script entrypoint (`/bin/sh`, `*.sh`: there is no shell to run it), anything needing a package
manager at build time (a `RUN`), a Python or Node version distroless does not ship (a virtualenv
built on `python:3.12` cannot run on a 3.13 interpreter), a musl binary built on Alpine
(distroless has glibc), a file from the build context (it may be a script), and stages built on
another stage, on scratch or already on distroless. Build and SDK bases are SZ602's.

## Why is this bad?
A distroless image holds the program's runtime dependencies and nothing else: no shell, no
package manager, no coreutils. `gcr.io/distroless/static-debian13` is about 2 MiB, less than
2% of `debian`; each package left out is one less CVE to triage and one less tool for an
attacker who gets code execution. A final stage that already only copies and
starts its artefact uses none of what the distribution adds.

## Example
```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM debian:bookworm-slim
COPY --from=build /out/server /server
USER app
ENTRYPOINT ["/server"]
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian13:nonroot
WORKDIR /
COPY --from=build /out/server /server
USER 65532
ENTRYPOINT ["/server"]
```

## Fix safety
The fix is unsafe. Where every fact it rests on is read from the file, it changes the base to
the image's `:nonroot` tag (uid 65532) and keeps the stage running as before: `WORKDIR /` after
the `FROM` when the stage set none (`:nonroot` starts in `/home/nonroot`), `ENTRYPOINT []` when
it set only a `CMD` and the image has an entrypoint (`python3`, `java*`, `nodejs*`), a `USER` or
`COPY --chown` naming a user or group distroless's `/etc/passwd` lacks (only `root`, `nonroot`
and `nobody` exist) rewritten to 65532, and `java` and `node` pointed at the paths distroless
keeps them (`/usr/bin/java`, `/nodejs/bin/node`). It cannot see inside the artefact, so the
image may still fail at run time:

- a program that shells out (`system()`, `os/exec` of `sh`, `subprocess` with `shell=True`) or
  runs `/bin/sh` from a script finds no shell;
- a program that reads locale data (only `C.UTF-8` is there) or calls other tools (`curl`,
  `git`) finds none;
- a dynamically linked binary that needs a library beyond glibc, libssl, libstdc++ and zlib;
- files the program writes where the non-root user may not (a stage without `USER` ran as root).

Where the move cannot be proven (the build stage's glibc is not known, a virtualenv's python
links to `/usr/local/bin`, site-packages copied where Debian's python does not look, a user
from a variable), the finding says why and offers no edit.

## Options
None.

## References
- [Distroless container images](https://github.com/GoogleContainerTools/distroless)
- [Distroless: Python virtualenvs (build image path)](https://github.com/GoogleContainerTools/distroless/blob/main/python3/README.md)
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.distroless import fit_stage


@rule(
    code="SZ604",
    name="final-stage-could-be-distroless",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    practice="f",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    final = ctx.analysis.final_stage
    if final is None:
        return
    found = fit_stage(ctx.analysis, final)
    if found is None:
        return
    image = final.image
    message = (
        f"The final stage only runs {found.artefact}: it could be based on `{found.image.nonroot}` "
        "(no shell, no package manager)"
    )
    fix = None
    if found.unproven:
        message += f"; {found.unproven}"
    else:
        edits = found.edits(ctx.dockerfile.text, final.from_instruction, image.span)
        fix = Fix.unsafe(f"Use `{found.image.nonroot}` as the base", edits)
    yield ctx.violation(image.span, message, fix=fix)
