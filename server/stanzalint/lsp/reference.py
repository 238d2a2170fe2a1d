"""A compact reference of Dockerfile instructions, their flags and parser directives (hover and
completion text). Written for this project; the Dockerfile reference has the full story."""

from __future__ import annotations

REFERENCE_URL = "https://docs.docker.com/reference/dockerfile/"

#: keyword -> (one-line summary, longer explanation, snippet body after the keyword)
INSTRUCTIONS: dict[str, tuple[str, str, str]] = {
    "FROM": (
        "Start a build stage from a base image.",
        "Every stage begins with FROM. `AS name` names the stage so later `FROM name` and "
        "`COPY --from=name` can use it. Prefer a small official image pinned to a tag (or digest).",
        "${1:image}:${2:tag}${3: AS ${4:name}}",
    ),
    "RUN": (
        "Run a command in a new layer.",
        "Shell form runs through the stage's SHELL (`/bin/sh -c` by default); exec form "
        '(`["cmd", "arg"]`) runs the program directly. Install, use and clean up in the same RUN: '
        "files removed by a later RUN still ship in the earlier layer.",
        "${1:command}",
    ),
    "CMD": (
        "Default command (or default arguments to ENTRYPOINT) of the container.",
        'Only the last CMD counts. Exec form (`["app", "--flag"]`) lets the program receive signals '
        "directly; shell form wraps it in `/bin/sh -c`.",
        '["${1:executable}"${2:, "${3:arg}"}]',
    ),
    "LABEL": (
        "Add metadata key/value pairs to the image.",
        "Use OCI keys such as `org.opencontainers.image.source`.",
        '${1:key}="${2:value}"',
    ),
    "MAINTAINER": (
        "Deprecated: set the image author.",
        "Use `LABEL org.opencontainers.image.authors=...` instead.",
        "${1:name}",
    ),
    "EXPOSE": (
        "Document the ports the container listens on.",
        "Publishing still happens at run time (`-p`). Add `/udp` for UDP.",
        "${1:8080}",
    ),
    "ENV": (
        "Set environment variables for later instructions and the running container.",
        "Values persist into the image. Build-only settings (proxies, `DEBIAN_FRONTEND`) belong in ARG.",
        "${1:NAME}=${2:value}",
    ),
    "ADD": (
        "Copy files, remote URLs or git repositories into the image; extracts local tar archives.",
        "Prefer COPY for local files. For URLs give `--checksum=sha256:...`.",
        "${1:src} ${2:dest}",
    ),
    "COPY": (
        "Copy files from the build context or another stage into the image.",
        "`--from=stage` copies from an earlier stage or an image; `--chown`/`--chmod` set ownership "
        "in the same layer; `--link` makes the layer independent of the ones before it.",
        "${1:src} ${2:dest}",
    ),
    "ENTRYPOINT": (
        "The program the container runs; CMD supplies its default arguments.",
        "Use exec form so the program is PID 1 and receives signals.",
        '["${1:executable}"]',
    ),
    "VOLUME": (
        "Declare mount points for external or anonymous volumes.",
        "Changes to a declared volume path after VOLUME are discarded at build time.",
        "${1:/data}",
    ),
    "USER": (
        "Set the user (and group) for later instructions and the running container.",
        "End the final stage with a non-root USER: root in a container is one step from root on the host.",
        "${1:app}",
    ),
    "WORKDIR": (
        "Set the working directory for later instructions and the container.",
        "Created if missing. Use absolute paths.",
        "${1:/app}",
    ),
    "ARG": (
        "Declare a build-time variable (`--build-arg`).",
        "An ARG before the first FROM is global: usable in FROM lines, and inside a stage only after "
        "`ARG NAME` is repeated there. ARG values do not persist into the running container.",
        "${1:NAME}${2:=${3:default}}",
    ),
    "ONBUILD": (
        "Register an instruction to run when this image is used as a base.",
        "The wrapped instruction runs in the child build, right after its FROM.",
        "${1:RUN command}",
    ),
    "STOPSIGNAL": ("Signal sent to stop the container.", "A name (`SIGTERM`) or a number.", "${1:SIGTERM}"),
    "HEALTHCHECK": (
        "Command the engine runs to check the container is healthy (or `NONE`).",
        "Options go before CMD: `--interval`, `--timeout`, `--start-period`, `--start-interval`, `--retries`.",
        "CMD ${1:command}",
    ),
    "SHELL": (
        "Set the shell used by shell-form instructions.",
        'Exec form only: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`.',
        '["${1:/bin/bash}", "${2:-c}"]',
    ),
}

#: keyword -> flag name -> explanation
FLAGS: dict[str, dict[str, str]] = {
    "FROM": {"platform": "Platform of the base image, e.g. `linux/amd64` or `$BUILDPLATFORM`."},
    "RUN": {
        "mount": "Mount something for this RUN only: `type=cache` (package caches), `type=bind`, "
        "`type=secret`, `type=ssh`, `type=tmpfs`. Mounted content is not part of the layer.",
        "network": "Network for this RUN: `default`, `none` or `host`.",
        "security": "`insecure` runs with elevated privileges (needs the builder's entitlement); `sandbox` is the default.",
    },
    "COPY": {
        "from": "Copy from a build stage (by name or index) or an image instead of the build context.",
        "chown": "Owner (`user:group`) of the copied files, set in the same layer.",
        "chmod": "Permissions of the copied files, set in the same layer.",
        "link": "Copy into an independent layer that survives rebuilds of the layers before it.",
        "parents": "Keep the parent directories of the source paths.",
        "exclude": "Skip paths matching this pattern.",
    },
    "ADD": {
        "chown": "Owner (`user:group`) of the added files.",
        "chmod": "Permissions of the added files.",
        "link": "Add into an independent layer.",
        "checksum": "Expected digest of a remote source (`sha256:...`); the build fails on a mismatch.",
        "keep-git-dir": "Keep the `.git` directory when adding a git repository.",
        "exclude": "Skip paths matching this pattern.",
        "unpack": "Whether to extract archives (`true`/`false`).",
    },
    "HEALTHCHECK": {
        "interval": "Time between checks (default 30s).",
        "timeout": "Time a check may take before it counts as failed (default 30s).",
        "start-period": "Grace period after start during which failures do not count.",
        "start-interval": "Time between checks during the start period.",
        "retries": "Consecutive failures before the container is unhealthy (default 3).",
    },
}

#: directive -> explanation
DIRECTIVES: dict[str, str] = {
    "syntax": "Frontend image that parses this Dockerfile, e.g. `docker/dockerfile:1`.",
    "escape": "Escape and line-continuation character: `\\` (default) or `` ` `` (Windows).",
    "check": "Build checks: `skip=Name,...`, `error=true`, `experimental=Name`.",
}


def instruction_markdown(keyword: str) -> str:
    """Hover text for an instruction keyword: summary, details, its flags, link."""
    entry = INSTRUCTIONS.get(keyword.upper())
    if entry is None:
        return ""
    summary, details, _ = entry
    parts = [f"**{keyword.upper()}** — {summary}", details]
    flags = FLAGS.get(keyword.upper())
    if flags:
        parts.append("Flags:\n" + "\n".join(f"- `--{name}`: {text}" for name, text in flags.items()))
    parts.append(f"[Dockerfile reference: {keyword.upper()}]({REFERENCE_URL}#{keyword.lower()})")
    return "\n\n".join(parts)


def flag_markdown(keyword: str, flag: str) -> str:
    """Hover text for ``--flag`` of an instruction, or "" when unknown."""
    text = FLAGS.get(keyword.upper(), {}).get(flag)
    if text is None:
        return ""
    return f"**{keyword.upper()} --{flag}** — {text}"
