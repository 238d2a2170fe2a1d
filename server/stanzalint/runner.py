"""The run ``stanzalint check`` and ``stanzalint scan`` share: their common flags, the files and
each one's configuration, the lint (ShellCheck and any other findings joined through the engine's
``extra`` hook, a big run spread over the cores), the failure threshold, and the printed report.

    run = Run.prepare(args, paths)          # files read, configurations found (UsageError if not)
    outcomes = run.lint()                   # one Outcome per job, in order
    failing = run.report(outcomes)          # printed; how many findings are at or above the threshold

The module imports only the standard library at start-up: every command builds the parser.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, NamedTuple

from stanzalint.exits import UsageError
from stanzalint.files import Source, collect_files, read_source

if TYPE_CHECKING:
    from stanzalint.analysis.model import Analysis
    from stanzalint.config import Config, ConfigLayer
    from stanzalint.engine import LintResult, RuleFailure
    from stanzalint.findings import Violation
    from stanzalint.output import FileReport
    from stanzalint.shellcheck import ShellCheck
    from stanzalint.syntax.model import Dockerfile

    Hook = Callable[[Dockerfile, Analysis], list[Violation]]


def add_arguments(parser, paths_help: str) -> None:
    """The flags both commands take: what to lint, which rules, which configuration, how to report."""
    from stanzalint.output import FORMAT_HELP, FORMATS

    parser.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    parser.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    parser.add_argument("--select", help="only these codes, names or prefixes (comma-separated)")
    parser.add_argument("--extend-select", help="also these codes, names or prefixes (e.g. SZ104)")
    parser.add_argument("--ignore", help="skip these codes, names or prefixes (comma-separated)")
    parser.add_argument("--target", help="the stage that is built (default: the last)")
    parser.add_argument("--config", help="use this config file instead of the discovered ones")
    parser.add_argument("--failure-threshold", choices=("error", "warning", "info", "style"))
    parser.add_argument(
        "--strict", action="store_true", default=None, help="enable the strict profile (digest pins, HEALTHCHECK)"
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the ShellCheck result cache")
    parser.add_argument("--stdin-filename", help="the path to report for standard input (config is found from it)")
    parser.add_argument("--show-source", action="store_true", help="text format: show the flagged line")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument(
        "--context", metavar="DIR", help="the build context of every file (default: each Dockerfile's directory)"
    )


@dataclass
class Job:
    """One file to lint with its configuration. ``extra`` adds findings through the engine (beside
    ShellCheck's); ``keep`` chooses which of the result's findings are reported (default: all)."""

    source: Source
    config: Config
    context_path: str | None
    extra: Hook | None = None
    keep: Callable[[LintResult, Config], list[Violation]] | None = None


class Outcome(NamedTuple):
    """What a job reports: its findings, the rules that failed, and the text the findings are about."""

    violations: list[Violation]
    failures: list[RuleFailure]
    text: str


@dataclass
class Run:
    """One command's files, their configurations, and the ShellCheck they share."""

    args: object
    jobs: list[Job]
    config: Config  # the first file's configuration (the current directory's without a file)
    checker: ShellCheck | None = field(default=None)

    @classmethod
    def prepare(cls, args, paths: Sequence[str]) -> Run:
        """Check the flags, read every file under ``paths`` and find each one's configuration."""
        _check_selectors(args)
        _use_context(args.context)
        layer = config_layer(args)
        configs: dict[str, Config] = {}
        jobs = []
        for source in [read_source(path, args.stdin_filename) for path in collect_files(paths)]:
            anchor = source.real_path or args.stdin_filename
            directory = os.path.dirname(os.path.abspath(anchor)) if anchor else os.getcwd()
            if directory not in configs:
                configs[directory] = _config_for(directory, args.config, layer)
            jobs.append(Job(source, configs[directory], source.real_path or args.stdin_filename or None))
        config = jobs[0].config if jobs else _config_for(os.getcwd(), args.config, layer)
        return cls(args, jobs, config, shellcheck_for(jobs, no_cache=args.no_cache))

    def hook(self, job: Job) -> Hook | None:
        """The engine's ``extra`` hook for a job: ShellCheck (where its configuration reports SC
        codes) and the job's own."""
        from stanzalint import shellcheck
        from stanzalint.engine import Selection

        sc = shellcheck.extra_for(self.checker) if Selection.of(job.config).shellcheck_enabled else None
        hooks = [h for h in (sc, job.extra) if h is not None]
        if len(hooks) < 2:
            return hooks[0] if hooks else None
        return lambda dockerfile, analysis: [v for h in hooks for v in h(dockerfile, analysis)]

    def lint(self) -> list[Outcome]:
        """Every job's outcome, in order. A big run is split into one chunk per core, each linted
        by a forked process that runs its own ShellCheck."""
        _WORK["run"] = self
        try:
            workers = _worker_count(len(self.jobs))
            if workers == 1:
                return _lint_chunk(list(range(len(self.jobs))))[0]
            import multiprocessing

            if self.checker is not None:
                self.checker.jobs = 1  # each process is already one core's worth
            chunks = [list(range(len(self.jobs)))[k::workers] for k in range(workers)]
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_lint_chunk, chunks, chunksize=1)
            results: list = [None] * len(self.jobs)
            for chunk, (part, error) in zip(chunks, parts):
                for index, outcome in zip(chunk, part):
                    results[index] = outcome
                if error and self.checker is not None:
                    self.checker.error = error  # a worker's ShellCheck failed: say so once, in the parent
            return results
        finally:
            _WORK.clear()

    def file_reports(self, outcomes: Sequence[Outcome]) -> tuple:
        """Each job's ``FileReport``, and how many findings are at or above its failure threshold.
        Rules that failed, and a ShellCheck that could not run, are said on stderr."""
        from stanzalint.engine import at_or_above
        from stanzalint.output import FileReport
        from stanzalint.syntax.model import LineIndex

        reports: list[FileReport] = []
        failing = 0
        for job, outcome in zip(self.jobs, outcomes):
            for failure in outcome.failures:
                print(
                    f"stanzalint: {job.source.path}: internal error in rule {failure.code}: {failure.error}",
                    file=sys.stderr,
                )
            reports.append(FileReport(job.source.path, LineIndex(outcome.text), outcome.violations))
            failing += len(at_or_above(outcome.violations, job.config.failure_threshold))
        if self.checker is not None and self.checker.error:
            print(f"stanzalint: warning: {self.checker.error}; SC findings are missing", file=sys.stderr)
        return reports, failing

    def print_reports(self, reports: Sequence[FileReport], urls: dict[str, str] | None = None) -> None:
        """The reports in the chosen format on stdout; ``urls`` names the pages of codes that are
        not stanzalint's own (trivy's, an image's vulnerabilities)."""
        from stanzalint.engine import docs_index_url, rule_url
        from stanzalint.output import formatter

        urls = urls or {}
        output = formatter(self.args.format)(
            reports,
            lambda code: urls.get(code) or rule_url(code, self.config),
            colour=self.args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
            show_source=self.args.show_source,
            base_url=docs_index_url(self.config),
        )
        sys.stdout.write(output)
        sys.stdout.flush()


def config_layer(args) -> ConfigLayer:
    """The configuration the flags give, above every file's."""
    from stanzalint.config import ConfigLayer
    from stanzalint.findings import Severity

    values: dict[str, object] = {}
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


def _selectors(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def _check_selectors(args) -> None:
    from stanzalint import rules as registry

    for option in ("select", "extend_select", "ignore"):
        for sel in _selectors(getattr(args, option)) or []:
            if not registry.is_known_selector(sel):
                flag = "--" + option.replace("_", "-")
                raise UsageError(f"{flag}: unknown rule code, name or prefix {sel!r}")


def _use_context(directory: str | None) -> None:
    """``--context``: every file's build context is this directory."""
    if directory is None:
        return
    from stanzalint.context.known import KNOWN

    if not os.path.isdir(directory):
        raise UsageError(f"--context {directory}: no such directory")
    KNOWN.fixed_root = os.path.abspath(directory)


def _config_for(directory: str, explicit: str | None, layer: ConfigLayer) -> Config:
    from stanzalint.config import ConfigError, config_for

    try:
        return config_for(directory, explicit=explicit, cli=layer)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def shellcheck_for(jobs: Sequence[Job], no_cache: bool) -> ShellCheck | None:
    """A ShellCheck runner when any file's configuration can report SC codes, else None."""
    from stanzalint.engine import Selection
    from stanzalint.shellcheck import ShellCheck

    if not any(Selection.of(job.config).shellcheck_enabled for job in jobs):
        return None
    return ShellCheck(use_cache=not no_cache)


#: What forked workers read: set just before a pool starts, cleared after.
_WORK: dict[str, Run] = {}


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


def _lint_chunk(indices: list[int]) -> tuple:
    """Lint the jobs of the current run at ``indices``: parse them, send all their scripts to
    ShellCheck at once (one process), then run the rules. Returns their outcomes, and
    ShellCheck's error if it failed."""
    from stanzalint import shellcheck
    from stanzalint.engine import Selection, lint, prepare

    run = _WORK["run"]
    prepared: dict[int, tuple] = {}
    if run.checker is not None:
        scripts = []
        for i in indices:
            job = run.jobs[i]
            if Selection.of(job.config).shellcheck_enabled:
                prepared[i] = prepare(job.source.text, job.config)
                scripts.extend(shellcheck.scripts_of(*prepared[i]))
        run.checker.check(scripts)
    out = []
    for i in indices:
        job = run.jobs[i]
        result = lint(job.source.text, job.config, job.context_path, extra=run.hook(job), parsed=prepared.get(i))
        violations = job.keep(result, job.config) if job.keep is not None else result.violations
        out.append(Outcome(violations, result.failures, job.source.text))
    return out, run.checker.error if run.checker is not None else None
