"""``stanzalint layers [PATH] [--context DIR] [--commits N] [--format text|json] [--timings FILE]``."""

from __future__ import annotations

import os

from stanzalint.context.history import DEFAULT_COMMITS


def add_arguments(parser) -> None:
    parser.add_argument(
        "path", nargs="?", default="Dockerfile", metavar="PATH", help="the Dockerfile (default: ./Dockerfile)"
    )
    parser.add_argument("--context", metavar="DIR", help="the build context (default: the Dockerfile's directory)")
    parser.add_argument(
        "--commits",
        type=int,
        default=DEFAULT_COMMITS,
        metavar="N",
        help=f"read the last N commits (default: {DEFAULT_COMMITS})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--timings",
        metavar="FILE",
        help="a BuildKit progress log (--progress=plain or rawjson): measured seconds, not a guess",
    )


def run_layers(args) -> int:
    """Print the report; exit 0, or 2 (a UsageError) when the Dockerfile or context is missing."""
    from stanzalint.context.layers import build_report, render_json, render_text
    from stanzalint.exits import EXIT_OK, UsageError

    if not os.path.isfile(args.path):
        raise UsageError(f"{args.path}: no such file")
    if args.context is not None and not os.path.isdir(args.context):
        raise UsageError(f"--context {args.context}: no such directory")
    if args.commits < 0:
        raise UsageError("--commits: expected a number of commits, 0 or more")
    timings = None
    if args.timings is not None:
        try:
            with open(args.timings, encoding="utf-8", errors="replace") as fh:
                timings = fh.read()
        except OSError as exc:
            raise UsageError(f"--timings {args.timings}: {exc.strerror or exc}") from None
    report = build_report(args.path, args.context, args.commits, timings)
    print(render_json(report) if args.format == "json" else render_text(report))
    return EXIT_OK
