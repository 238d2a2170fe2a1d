"""``stanzalint scan`` and the editor's trivy findings: trivy's results joined with stanzalint's.

trivy's Dockerfile checks become violations with their DS id as code, placed on the instruction
trivy names (a finding about the whole file sits on the final stage's FROM). They go through the
engine like ShellCheck's, so pragmas, ``--ignore`` and ordering apply. A DS finding is dropped when
a stanzalint rule that lists its id as an alias reports the same instruction (or, for a whole-file
finding, anywhere), and when such a rule is ignored or suppressed there.

Editor API (for the language server, off the edit path)::

    message = trivy_status()            # None when trivy can run, else one line for the user
    violations = trivy_findings_for(path, text, config=config, own=own_violations)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from stanzalint.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from stanzalint.findings import Severity, Violation
from stanzalint.rules.trivy_meta import equivalents, normalize, severity_of
from stanzalint.syntax.model import Span
from stanzalint.trivy import VULN_LEVELS, Misconfig, Trivy, TrivyError, Vulnerability

SEVERITY_NAMES = ("UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL")


class ConfigFindings:
    """The engine's ``extra`` hook for one file's trivy misconfigurations, and their de-duplication."""

    def __init__(self, misconfigs: Sequence[Misconfig]) -> None:
        self.misconfigs = list(misconfigs)
        self._whole_file: set[int] = set()

    def __call__(self, dockerfile, analysis) -> list[Violation]:
        from stanzalint.rules.trivy_meta import meta_for

        out: list[Violation] = []
        for m in self.misconfigs:
            code = normalize(m.id)
            if code is None:
                continue
            instruction = _instruction_for(dockerfile, analysis, m)
            span = instruction.line_span if instruction is not None else Span(0, 0)
            meta = meta_for(code)
            v = Violation(
                code=code,
                span=span,
                message=m.message,
                severity=severity_of(code, m.severity),
                name=meta.name if meta else code.lower(),
                instruction_line=instruction.start_line if instruction is not None else None,
            )
            if m.start_line is None:
                self._whole_file.add(id(v))
            out.append(v)
        return out

    def deduplicate(self, result, config=None, own: Sequence[Violation] | None = None) -> list[Violation]:
        """``result.violations`` without the DS findings a stanzalint rule already covers.

        ``own``: stanzalint's findings to compare with (default: those in ``result``)."""
        from stanzalint import rules as registry
        from stanzalint.suppression import Suppressions

        own = list(result.violations if own is None else own)
        ignored: set[str] = set()
        for selector in getattr(config, "ignore", None) or ():
            ignored |= registry.resolve(selector)
        stages = [(s.instructions[0].span.start, s.instructions[-1].span.end) for s in result.analysis.stages]
        suppressions = Suppressions(result.dockerfile, lambda: stages, registry.resolve)
        kept: list[Violation] = []
        for v in result.violations:
            same = equivalents(v.code) if normalize(v.code) == v.code else []
            if same:
                whole_file = id(v) in self._whole_file
                if any(w.code in same and (whole_file or w.instruction_line == v.instruction_line) for w in own):
                    continue
                if ignored.intersection(same):
                    continue
                instruction = result.dockerfile.instruction_at(v.span.start)
                if any(_suppressed(suppressions, registry, code, instruction, v.span.start) for code in same):
                    continue
            kept.append(v)
        return kept


def _suppressed(suppressions, registry, code: str, instruction, offset: int) -> bool:
    meta = registry.meta_for(code)
    return suppressions.is_suppressed(code, meta.aliases if meta else (), instruction, offset)


def _instruction_for(dockerfile, analysis, m: Misconfig):
    """The instruction a finding names by line; the final stage's FROM for a whole-file finding."""
    if m.start_line is None:
        final = analysis.final_stage or (analysis.stages[-1] if analysis.stages else None)
        return final.from_instruction if final is not None else None
    first, last = m.start_line - 1, (m.end_line or m.start_line) - 1
    for ins in dockerfile.instructions:
        if ins.start_line <= last and ins.end_line >= first:
            return ins
    return None


# --- editor API ------------------------------------------------------------------------------


def trivy_status(trivy: Trivy | None = None) -> str | None:
    """None when trivy can run configuration checks; else one line saying what to install."""
    return (trivy or Trivy()).unavailable


def trivy_findings_for(
    path: str | None,
    text: str,
    *,
    config=None,
    own: Sequence[Violation] | None = None,
    trivy: Trivy | None = None,
) -> list[Violation]:
    """trivy's findings for one Dockerfile's text (saved or not), ready to publish beside
    stanzalint's: DS ids as codes, suppressed by pragmas and config, sorted, and without those a
    stanzalint rule in ``own`` (default: a fresh lint of ``text``) already reports.

    Runs a trivy process (about a second or two): call it off the edit path. Raises ``TrivyError``
    (a one-line message) when trivy is missing or fails."""
    from stanzalint.config import Config
    from stanzalint.engine import lint

    config = config or Config(shellcheck=False)
    trivy = trivy or Trivy()
    if trivy.unavailable:
        raise TrivyError(trivy.unavailable)
    findings = ConfigFindings(trivy.config_scan([text])[0])
    result = lint(text, config, path, rules=[], extra=findings)
    if own is None:
        own = lint(text, config, path).violations
    return findings.deduplicate(result, config, own=own)


# --- stanzalint scan -------------------------------------------------------------------------


def vulnerability_violations(vulns: Sequence[Vulnerability]) -> list[Violation]:
    """Image vulnerabilities as violations at the start of the image's (empty) report."""
    return [
        Violation(
            code=v.id,
            span=Span(0, 0),
            message=v.message,
            severity=VULN_LEVELS.get(v.severity, Severity.INFO),
            name="vulnerability",
        )
        for v in vulns
    ]


def run_scan(args) -> int:
    """``stanzalint scan``: exit 0 clean, 1 findings, 2 when trivy could not do what was asked."""
    from stanzalint.engine import at_or_above
    from stanzalint.output import FileReport
    from stanzalint.runner import Run
    from stanzalint.syntax.model import LineIndex

    severities = [s.strip().upper() for s in args.image_severity.split(",") if s.strip()]
    unknown = [s for s in severities if s not in SEVERITY_NAMES]
    if unknown or not severities:
        raise UsageError(f"--image-severity: expected some of {','.join(SEVERITY_NAMES)}, got {args.image_severity!r}")
    run = Run.prepare(args, args.paths or ([] if args.image else ["."]))

    trivy = Trivy()
    problems: list[str] = [trivy.unavailable] if trivy.unavailable else []
    misconfigs: list[list[Misconfig]] = [[] for _ in run.jobs]
    if not trivy.unavailable and run.jobs:
        try:
            misconfigs = trivy.config_scan([job.source.text for job in run.jobs])
        except TrivyError as exc:
            problems.append(str(exc))
    urls: dict[str, str] = {}
    for job, found in zip(run.jobs, misconfigs):
        job.extra = findings = ConfigFindings(found)
        job.keep = findings.deduplicate
        urls.update({normalize(m.id) or m.id: m.url for m in found if m.url})
    reports, failing = run.file_reports(run.lint())

    if args.image and not trivy.unavailable:
        try:
            vulns = trivy.image_scan(args.image, severities)
        except TrivyError as exc:
            problems.append(str(exc))
        else:
            violations = vulnerability_violations(vulns)
            urls.update({v.id: v.url for v in vulns if v.url})
            reports.append(FileReport(args.image, LineIndex(""), violations))
            failing += len(at_or_above(violations, run.config.failure_threshold))

    run.print_reports(reports, urls)
    for problem in problems:
        print(f"stanzalint: {problem}", file=sys.stderr)
    if problems:
        return EXIT_ERROR
    if args.exit_zero or not failing:
        return EXIT_OK
    return EXIT_FINDINGS
