"""The ``stanzalint`` command: check, rule, serve.

Exit codes: 0 nothing at or above the failure threshold, 1 findings, 2 usage, config or I/O
error (one line on stderr, never a traceback). ``check`` must not import pygls or lsprotocol.
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import os
import sys
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from stanzalint import __version__

DOCKERFILE_PATTERNS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Containerfile.*")
#: Names people also give Dockerfiles (``Dockerfile-dev``, ``api_Dockerfile``), found by the walk too.
EXTRA_PATTERNS = ("Dockerfile-*", "Dockerfile_*", "*-Dockerfile", "*_Dockerfile", "Containerfile-*", "*-Containerfile")
NOT_DOCKERFILES = ("*.dockerignore",)
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user asked for: printed as one line, exit 2."""


def is_dockerfile_name(name: str) -> bool:
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in NOT_DOCKERFILES):
        return False
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in DOCKERFILE_PATTERNS + EXTRA_PATTERNS)


def collect_files(paths: Sequence[str]) -> List[str]:
    """Files named directly, and Dockerfile-like files under named directories (sorted)."""
    files: List[str] = []
    for path in paths:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                found.extend(os.path.join(root, n) for n in names if is_dockerfile_name(n))
            if not found:
                raise UsageError(f"{path}: no Dockerfiles found (looked for {', '.join(DOCKERFILE_PATTERNS)})")
            files.extend(sorted(found))
        elif os.path.exists(path):
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return files


def _build_parser() -> argparse.ArgumentParser:
    from stanzalint.output import FORMAT_HELP, FORMATS

    parser = argparse.ArgumentParser(
        prog="stanzalint",
        description="Lint Dockerfiles for container best practices; fix what can be fixed.",
    )
    parser.add_argument("--version", action="version", version=f"stanzalint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint Dockerfiles (default: the current directory)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - reads standard input")
    check.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    check.add_argument("--select", help="only these codes, names or prefixes (comma-separated)")
    check.add_argument("--extend-select", help="also these codes, names or prefixes (e.g. SZ104)")
    check.add_argument("--ignore", help="skip these codes, names or prefixes (comma-separated)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: unsafe fixes too")
    check.add_argument("--diff", action="store_true", help="print the fixes as a diff; change nothing")
    check.add_argument("--target", help="the stage that is built (default: the last)")
    check.add_argument("--config", help="use this config file instead of the discovered ones")
    check.add_argument("--failure-threshold", choices=("error", "warning", "info", "style"))
    check.add_argument("--strict", action="store_true", default=None, help="enable the strict profile (digest pins, HEALTHCHECK)")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the ShellCheck result cache")
    check.add_argument("--stdin-filename", help="the path to report for standard input (config is found from it)")
    check.add_argument("--show-source", action="store_true", help="text format: show the flagged line")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--context", metavar="DIR", help="the build context of every file (default: each Dockerfile's directory)")

    rule = sub.add_parser("rule", help="print a rule's documentation (no code: list the rules)")
    rule.add_argument("code", nargs="?", help="a rule code or name, e.g. SZ301 or DL3008")

    serve = sub.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="talk over standard input/output (default)")
    serve.add_argument("--tcp", metavar="HOST:PORT",
                       help="listen on a TCP address instead of stdio; serves one client, and exits when it disconnects")
    serve.add_argument("--log-level", default="WARNING", help="server log level (DEBUG, INFO, WARNING)")

    scan = sub.add_parser("scan", help="lint Dockerfiles and scan them (and an image) with trivy")
    scan.add_argument("paths", nargs="*", metavar="PATH", help="Dockerfiles or directories (default: . unless --image is given)")
    scan.add_argument("--image", metavar="REF", help="also scan this image for vulnerabilities (needs trivy's database)")
    scan.add_argument(
        "--image-severity",
        default="HIGH,CRITICAL",
        help="vulnerability severities to report, comma-separated (default: HIGH,CRITICAL)",
    )
    scan.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    scan.add_argument("--config", help="use this config file instead of the discovered ones")
    scan.add_argument("--failure-threshold", choices=("error", "warning", "info", "style"))
    scan.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")

    from stanzalint import ci_templates  # argparse and a table: cheap enough for every start

    ci_templates.add_arguments(sub.add_parser("ci", help="write a CI pipeline that lints, builds and scans the image"))

    from stanzalint.context import command as layers_command

    layers_command.add_arguments(sub.add_parser("layers", help="what each instruction reads from the context and how often history rebuilt it"))
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
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


def _selectors(text: Optional[str]) -> Optional[List[str]]:
    if text is None:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def _cli_layer(args):
    from stanzalint.config import ConfigLayer
    from stanzalint.findings import Severity

    values: Dict[str, object] = {}
    if args.select is not None:
        values["select"] = _selectors(args.select)
    if args.extend_select:
        values["extend_select"] = _selectors(args.extend_select)
    if args.ignore:
        values["ignore"] = _selectors(args.ignore)
    if args.target:
        values["target"] = args.target
    if args.failure_threshold:
        values["failure_threshold"] = Severity.parse(args.failure_threshold)
    if args.strict:
        values["strict"] = True
    return ConfigLayer(values, "command line")


def _check_selectors(args) -> None:
    from stanzalint import rules as registry

    for option in ("select", "extend_select", "ignore"):
        for sel in _selectors(getattr(args, option)) or []:
            if not registry.is_known_selector(sel):
                flag = "--" + option.replace("_", "-")
                raise UsageError(f"{flag}: unknown rule code, name or prefix {sel!r}")


@dataclass
class _Source:
    path: str  # as reported
    text: str
    lossy: bool  # bytes that were not UTF-8 were replaced: never write fixes back
    real_path: Optional[str]  # None for stdin


def _read(path: str, stdin_filename: Optional[str]) -> _Source:
    from stanzalint.syntax import decode

    if path == "-":
        data = sys.stdin.buffer.read()
        text = decode(data)
        return _Source(stdin_filename or "-", text, _is_lossy(data, text), None)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text = decode(data)
    return _Source(path, text, _is_lossy(data, text), path)


def _is_lossy(data: bytes, text: str) -> bool:
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def run_check(args) -> int:
    from stanzalint import shellcheck
    from stanzalint.config import ConfigError, config_for
    from stanzalint.engine import at_or_above, docs_index_url, rule_url
    from stanzalint.output import FileReport, formatter
    from stanzalint.syntax.model import LineIndex

    _check_selectors(args)
    if args.context is not None:
        from stanzalint.context.known import KNOWN

        if not os.path.isdir(args.context):
            raise UsageError(f"--context {args.context}: no such directory")
        KNOWN.fixed_root = os.path.abspath(args.context)
    paths = args.paths or ["."]
    files = collect_files(paths)
    cli_layer = _cli_layer(args)
    configs: Dict[str, object] = {}
    sources = [_read(path, args.stdin_filename) for path in files]
    jobs = []
    for source in sources:
        anchor = source.real_path or args.stdin_filename
        directory = os.path.dirname(os.path.abspath(anchor)) if anchor else os.getcwd()
        key = f"{directory}\0{args.config}"
        if key not in configs:
            try:
                configs[key] = config_for(directory, explicit=args.config, cli=cli_layer)
            except ConfigError as exc:
                raise UsageError(str(exc)) from None
        jobs.append((source, configs[key], source.real_path or (args.stdin_filename or None)))

    checker = _shellcheck_for(jobs, no_cache=args.no_cache)
    extra = shellcheck.extra_for(checker) if checker else None

    reports: List[FileReport] = []
    failing = 0
    exit_code = EXIT_OK
    if args.fix or args.diff:
        outcomes = [_fix_one(args, job, extra) for job in jobs]
        exit_code = EXIT_FINDINGS if args.diff and any(text != job[0].text for job, (_, _, text) in zip(jobs, outcomes)) else EXIT_OK
    else:
        outcomes = [(violations, failures, job[0].text) for job, (violations, failures) in zip(jobs, _lint_many(jobs, checker))]
    for (source, config, _), (violations, failures, text) in zip(jobs, outcomes):
        for failure in failures:
            print(f"stanzalint: {source.path}: internal error in rule {failure.code}: {failure.error}", file=sys.stderr)
        reports.append(FileReport(source.path, LineIndex(text), violations))
        failing += len(at_or_above(violations, config.failure_threshold))
    if checker is not None and checker.error:
        print(f"stanzalint: warning: {checker.error}; SC findings are missing", file=sys.stderr)

    if not args.diff and not (args.fix and files == ["-"]):
        any_config = next(iter(configs.values()), None)
        base = docs_index_url(any_config)
        fmt = formatter(args.format)
        output = fmt(
            reports,
            lambda code: rule_url(code, any_config),
            colour=args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
            show_source=args.show_source,
            base_url=base,
        )
        sys.stdout.write(output)
    if args.exit_zero:
        return EXIT_OK
    if failing:
        return EXIT_FINDINGS
    return exit_code


#: What forked workers read: set just before a pool starts, cleared after.
_WORK: Dict[str, object] = {}


def _worker_count(files: int) -> int:
    """Processes to lint ``files`` files with: one per core for a big run where fork is safe
    (``STANZALINT_JOBS`` overrides), else 1."""
    import multiprocessing

    wanted = os.environ.get("STANZALINT_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        count = int(wanted)
    else:
        count = min(os.cpu_count() or 1, max(1, files // 16))
    if count > 1 and (sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods()):
        return 1
    return count


def _lint_chunk(indices: List[int]) -> list:
    """Lint the jobs of ``_WORK`` at ``indices``: parse them, send all their scripts to
    ShellCheck at once (one process), then run the rules. Returns (violations, failures) per
    job, and ShellCheck's error if it failed."""
    from stanzalint import shellcheck
    from stanzalint.engine import Selection, lint, prepare

    jobs = _WORK["jobs"]
    checker = _WORK["checker"]
    prepared: Dict[int, tuple] = {}
    if checker is not None:
        scripts = []
        for i in indices:
            source, config, _ = jobs[i]  # type: ignore[index]
            if Selection.of(config).shellcheck_enabled:
                prepared[i] = prepare(source.text, config)
                scripts.extend(shellcheck.scripts_of(*prepared[i]))
        checker.check(scripts)  # type: ignore[attr-defined]
    extra = shellcheck.extra_for(checker) if checker is not None else None
    out = []
    for i in indices:
        source, config, context_path = jobs[i]  # type: ignore[index]
        uses_sc = extra is not None and Selection.of(config).shellcheck_enabled
        result = lint(source.text, config, context_path, extra=extra if uses_sc else None, parsed=prepared.get(i))
        out.append((result.violations, result.failures))
    return out, checker.error if checker is not None else None  # type: ignore[attr-defined]


def _lint_many(jobs, checker) -> list:
    """Every job's (violations, failures), in order. A big run is split into one chunk per
    core, each linted by a forked process that runs its own ShellCheck."""
    _WORK.update(jobs=jobs, checker=checker)
    try:
        workers = _worker_count(len(jobs))
        if workers == 1:
            return _lint_chunk(list(range(len(jobs))))[0]
        import multiprocessing

        if checker is not None:
            checker.jobs = 1  # each process is already one core's worth
        chunks = [list(range(len(jobs)))[k::workers] for k in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_lint_chunk, chunks, chunksize=1)
        results: list = [None] * len(jobs)
        for chunk, (part, error) in zip(chunks, parts):
            for index, outcome in zip(chunk, part):
                results[index] = outcome
            if error and checker is not None:
                checker.error = error  # a worker's ShellCheck failed: say so once, in the parent
        return results
    finally:
        _WORK.clear()


def _fix_one(args, job, extra):
    """``--fix``/``--diff`` for one file: the violations left, failures, and the text they are
    about (the fixed text once written; the original for ``--diff`` or an unwritable file)."""
    from stanzalint.engine import Selection, fix_all, lint

    source, config, context_path = job
    uses_sc = extra is not None and Selection.of(config).shellcheck_enabled

    def run(text, cfg, p, _extra=extra if uses_sc else None):
        return lint(text, cfg, p, extra=_extra)

    fixed = fix_all(source.text, config, context_path, unsafe=args.unsafe_fixes, lint_fn=run)
    result = fixed.remaining
    if fixed.text != source.text:
        if args.diff:
            sys.stdout.write(_diff(source.path, source.text, fixed.text))
        elif source.real_path is None:
            sys.stdout.write(fixed.text)
        elif source.lossy:
            print(f"stanzalint: {source.path}: not fixed: the file is not valid UTF-8", file=sys.stderr)
            result = run(source.text, config, context_path)
        else:
            _write(source.real_path, fixed.text)
            print(f"Fixed {fixed.applied} problem{'s' if fixed.applied != 1 else ''} in {source.path}.", file=sys.stderr)
    elif args.fix and source.real_path is None:
        sys.stdout.write(source.text)
    return result.violations, result.failures, result.dockerfile.text


def _shellcheck_for(jobs, no_cache: bool):
    """A ShellCheck runner when any file's configuration can report SC codes, else None."""
    from stanzalint.engine import Selection
    from stanzalint.shellcheck import ShellCheck

    if not any(Selection.of(config).shellcheck_enabled for _, config, _ in jobs):
        return None
    return ShellCheck(use_cache=not no_cache)


def _diff(path: str, before: str, after: str) -> str:
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
RULE_LIST_LEGEND = "* fix available, ~ fix available in some cases (stanzalint check --fix; unsafe ones with --unsafe-fixes)"


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
    tcp: Optional[Tuple[str, int]] = None
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            raise UsageError(f"--tcp: expected HOST:PORT, got {args.tcp!r}")
        tcp = (host, int(port))
    return run(tcp=tcp, log_level=args.log_level)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
