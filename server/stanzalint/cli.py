"""The ``stanzalint`` command: check, rule, serve, and the dispatch to scan, ci and layers.

Exit codes: 0 nothing at or above the failure threshold, 1 findings, 2 usage, config or I/O
error (one line on stderr, never a traceback). ``check`` must not import pygls or lsprotocol.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from stanzalint import __version__
from stanzalint.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:
    import argparse


#: ``serve``'s options that take a value, with their defaults
SERVE_VALUES = {"--tcp": None, "--log-level": "WARNING"}


def plain_serve(argv: Sequence[str]) -> SimpleNamespace | None:
    """What ``argv`` asks of ``serve`` when it is ``serve`` followed only by its own options, each
    well formed (``--stdio``, ``--tcp HOST:PORT``, ``--log-level LEVEL``, a value also after
    ``=``); else None, and argparse reads it (help, errors, the other commands). The language
    server then starts without importing argparse, which it would keep for its whole life."""
    if not argv or argv[0] != "serve":
        return None
    read: dict[str, str | None] = dict(SERVE_VALUES)
    stdio = False
    words = list(argv[1:])
    while words:
        word = words.pop(0)
        name, equals, value = word.partition("=")
        if word == "--stdio":
            stdio = True
            continue
        if name not in SERVE_VALUES:
            return None
        if not equals:
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
        read[name] = value
    return SimpleNamespace(command="serve", stdio=stdio, tcp=read["--tcp"], log_level=read["--log-level"])


def parse_command_line(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """The parser for ``argv`` and what it read. The first word that is not an option names the
    command (no top-level option takes a value)."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = _build_parser(command)
    return parser, parser.parse_args(list(argv))


def _build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command, with the arguments of ``command`` (of all of them when None). The others
    are listed with their help only: ``serve`` then never imports what defines the arguments of
    check, scan, ci and layers (the runner, the output formats, the pipeline templates), which a
    language server would keep for its whole life."""
    import argparse

    def wanted(name: str) -> bool:
        return command is None or command == name

    parser = argparse.ArgumentParser(
        prog="stanzalint",
        description="Lint Dockerfiles for container best practices; fix what can be fixed.",
    )
    parser.add_argument("--version", action="version", version=f"stanzalint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint Dockerfiles (default: the current directory)")
    if wanted("check"):
        from stanzalint import runner

        runner.add_arguments(check, "files or directories; - reads standard input")
        check.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
        check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: unsafe fixes too")
        check.add_argument("--diff", action="store_true", help="print the fixes as a diff; change nothing")

    rule = sub.add_parser("rule", help="print a rule's documentation (no code: list the rules)")
    rule.add_argument("code", nargs="?", help="a rule code or name, e.g. SZ301 or DL3008")

    serve = sub.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="talk over standard input/output (default)")
    serve.add_argument(
        "--tcp",
        metavar="HOST:PORT",
        help="listen on a TCP address instead of stdio; serves one client, and exits when it disconnects",
    )
    serve.add_argument("--log-level", default="WARNING", help="server log level (DEBUG, INFO, WARNING)")

    scan = sub.add_parser("scan", help="lint Dockerfiles and scan them (and an image) with trivy")
    if wanted("scan"):
        from stanzalint import runner

        runner.add_arguments(scan, "Dockerfiles or directories (default: . unless --image is given)")
        scan.add_argument(
            "--image", metavar="REF", help="also scan this image for vulnerabilities (needs trivy's database)"
        )
        scan.add_argument(
            "--image-severity",
            default="HIGH,CRITICAL",
            help="vulnerability severities to report, comma-separated (default: HIGH,CRITICAL)",
        )

    ci = sub.add_parser("ci", help="write a CI pipeline that lints, builds and scans the image")
    if wanted("ci"):
        from stanzalint import ci_templates

        ci_templates.add_arguments(ci)

    layers = sub.add_parser(
        "layers", help="what each instruction reads from the context and how often history rebuilt it"
    )
    if wanted("layers"):
        from stanzalint.context import command as layers_command

        layers_command.add_arguments(layers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser: argparse.ArgumentParser | None = None
    args: argparse.Namespace | SimpleNamespace | None = plain_serve(words)
    if args is None:
        parser, args = parse_command_line(words)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "rule":
            return run_rule(args)
        if args.command == "serve":
            return run_serve(args)
        if args.command == "scan":
            from stanzalint.scan import run_scan

            return run_scan(args)
        if args.command == "layers":
            from stanzalint.context.command import run_layers

            return run_layers(args)
        if args.command == "ci":
            from stanzalint.ci_templates import run_ci

            return run_ci(args)
        if parser is not None:
            parser.print_help()
        return EXIT_ERROR
    except UsageError as exc:
        print(f"stanzalint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


# --- check ---------------------------------------------------------------------------------


def run_check(args) -> int:
    from stanzalint.runner import Run

    run = Run.prepare(args, args.paths or ["."])
    exit_code = EXIT_OK
    if args.fix or args.diff:
        outcomes = [_fix_one(args, job, run.hook(job)) for job in run.jobs]
        if args.diff and any(outcome.text != job.source.text for job, outcome in zip(run.jobs, outcomes)):
            exit_code = EXIT_FINDINGS
    else:
        outcomes = run.lint()
    reports, failing = run.file_reports(outcomes)
    if not args.diff and not (args.fix and args.paths == ["-"]):
        run.print_reports(reports)
    if args.exit_zero:
        return EXIT_OK
    if failing:
        return EXIT_FINDINGS
    return exit_code


def _fix_one(args, job, extra):
    """``--fix``/``--diff`` for one file: the ``Outcome`` about the fixed text once written (the
    original for ``--diff`` or an unwritable file). ``extra``: the engine hook for ShellCheck."""
    from stanzalint.engine import fix_all, lint
    from stanzalint.runner import Outcome

    source = job.source

    def run(text, cfg, p):
        return lint(text, cfg, p, extra=extra)

    fixed = fix_all(source.text, job.config, job.context_path, unsafe=args.unsafe_fixes, lint_fn=run)
    result = fixed.remaining
    if fixed.text != source.text:
        if args.diff:
            sys.stdout.write(_diff(source.path, source.text, fixed.text))
        elif source.real_path is None:
            sys.stdout.write(fixed.text)
        elif source.lossy:
            print(f"stanzalint: {source.path}: not fixed: the file is not valid UTF-8", file=sys.stderr)
            result = run(source.text, job.config, job.context_path)
        else:
            _write(source.real_path, fixed.text)
            print(
                f"Fixed {fixed.applied} problem{'s' if fixed.applied != 1 else ''} in {source.path}.", file=sys.stderr
            )
    elif args.fix and source.real_path is None:
        sys.stdout.write(source.text)
    return Outcome(result.violations, result.failures, result.dockerfile.text)


def _diff(path: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    out = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return out


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


# --- rule ----------------------------------------------------------------------------------


#: ``stanzalint rule``'s mark for a rule's fix availability, and the line that explains the marks.
RULE_LIST_FIX_MARKS = {"never": " ", "sometimes": "~", "always": "*"}
RULE_LIST_LEGEND = (
    "* fix available, ~ fix available in some cases (stanzalint check --fix; unsafe ones with --unsafe-fixes)"
)


def run_rule(args) -> int:
    from stanzalint import rules as registry
    from stanzalint.docs import default_state

    if not args.code:
        for rule in registry.all_rules():
            meta = rule.meta
            state = f" ({default_state(meta)})" if default_state(meta) else ""
            fix = RULE_LIST_FIX_MARKS[meta.fix.value]
            print(f"{meta.code:<7} {fix} {meta.name:<40} {meta.severity.label:<8}{state}")
        print(RULE_LIST_LEGEND)
        return EXIT_OK
    meta = registry.meta_for(args.code)
    if meta is None:
        raise UsageError(f"unknown rule {args.code!r} (run `stanzalint rule` for the list)")
    print(render_rule_docs(meta))
    return EXIT_OK


def render_rule_docs(meta) -> str:
    """The one text shown by ``stanzalint rule``, the hover and the docs page."""
    from stanzalint.docs import render_rule

    return render_rule(meta)


# --- serve ---------------------------------------------------------------------------------


def run_serve(args) -> int:
    try:
        from stanzalint.lsp.server import run
    except ImportError as exc:  # pygls missing from this installation
        raise UsageError(f"the language server needs pygls and lsprotocol: {exc}") from None
    tcp: tuple[str, int] | None = None
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            raise UsageError(f"--tcp: expected HOST:PORT, got {args.tcp!r}")
        tcp = (host, int(port))
    return run(tcp=tcp, log_level=args.log_level)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
