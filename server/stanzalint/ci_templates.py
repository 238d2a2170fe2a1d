"""``stanzalint ci init github|gitlab``: write a pipeline that lints, builds, and scans the image.

The pipelines pin what they run: stanzalint at this version, trivy at ``TRIVY_VERSION`` (through
the ``stanzalint[trivy]`` extra on GitHub, the ``aquasec/trivy`` image on GitLab), and GitHub
actions by commit. The lint findings go to code scanning (GitHub, SARIF) or to the merge request's
Code Quality widget and test report (GitLab);
the image scan fails the pipeline on vulnerabilities at or above ``SEVERITY`` that have a fix.
"""

from __future__ import annotations

import json
import os
import re

from stanzalint import __version__
from stanzalint.exits import EXIT_ERROR, EXIT_OK

#: Where each platform reads its pipeline, relative to the repository root.
TARGETS = {"github": os.path.join(".github", "workflows", "stanzalint.yml"), "gitlab": ".gitlab-ci.yml"}
TRIVY_VERSION = "0.76.0"
SEVERITY = "HIGH,CRITICAL"


class CiError(Exception):
    """Nothing was written; the message says why in one line."""


def default_image_name(root: str) -> str:
    """An image name from the repository folder's name (lower case, Docker's allowed characters)."""
    name = re.sub(r"[^a-z0-9._-]+", "-", os.path.basename(os.path.abspath(root)).lower()).strip("-._")
    return name or "app"


def render(platform: str, dockerfile: str = "Dockerfile", image: str | None = None, root: str = ".") -> str:
    """The pipeline text for ``platform`` ("github" or "gitlab")."""
    if platform not in TARGETS:
        raise CiError(f"unknown CI platform {platform!r} (expected github or gitlab)")
    dockerfile = dockerfile.replace("\\", "/")
    image = image or default_image_name(root)
    if ":" not in image.rsplit("/", 1)[-1]:
        image += ":ci"
    values: dict[str, str] = {
        "DOCKERFILE": json.dumps(dockerfile),
        "CONTEXT": json.dumps(os.path.dirname(dockerfile) or "."),
        "IMAGE": json.dumps(image),
        "SEVERITY": json.dumps(SEVERITY),
        "VERSION": __version__,
        "TRIVY_VERSION": TRIVY_VERSION,
    }
    from importlib import resources  # only here: every command's start-up imports this module

    text = resources.files("stanzalint").joinpath("templates", f"{platform}.yml").read_text(encoding="utf-8")
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], text)


def write(
    platform: str, root: str = ".", *, force: bool = False, dockerfile: str = "Dockerfile", image: str | None = None
) -> str:
    """Write the pipeline under ``root``; returns the path written. Refuses to overwrite without ``force``."""
    text = render(platform, dockerfile=dockerfile, image=image, root=root)
    path = os.path.normpath(os.path.join(root, TARGETS[platform]))
    if os.path.exists(path) and not force:
        raise CiError(f"{path} already exists; use --force to overwrite it")
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise CiError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path


def add_arguments(parser) -> None:
    """``ci`` and its ``init`` subcommand."""
    sub = parser.add_subparsers(dest="ci_command", metavar="ACTION")
    init = sub.add_parser("init", help="write a pipeline: lint, build the image, scan it with trivy")
    init.add_argument("platform", choices=tuple(TARGETS), help="where the pipeline runs")
    init.add_argument("--force", action="store_true", help="overwrite an existing pipeline file")
    init.add_argument(
        "--dockerfile",
        default="Dockerfile",
        metavar="PATH",
        help="the Dockerfile, from the repository root (default: Dockerfile)",
    )
    init.add_argument("--image", metavar="NAME", help="the image name to build (default: the folder's name)")


def run_ci(args) -> int:
    """``stanzalint ci init``: 0 written, 2 refused or failed (one line on stderr)."""
    import sys

    if getattr(args, "ci_command", None) != "init":
        print("stanzalint: error: expected `stanzalint ci init github|gitlab`", file=sys.stderr)
        return EXIT_ERROR
    try:
        path = write(args.platform, ".", force=args.force, dockerfile=args.dockerfile, image=args.image)
    except CiError as exc:
        print(f"stanzalint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"Wrote {path}.", file=sys.stderr)
    return EXIT_OK
