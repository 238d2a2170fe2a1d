"""What a rule is: its metadata, the violations it reports, and the fixes they carry.

A rule is one module under ``stanzalint.rules`` named by its code (``dl3006.py``). The module's
docstring is the rule's documentation, with the sections ``What it does``, ``Why is this bad?``,
``Example``, ``Use instead``, ``Fix safety``, ``Options``, ``References``. The module defines one
check function decorated with ``@rule(...)``::

    @rule(code="DL3006", name="untagged-base-image", severity=Severity.WARNING,
          fix=FixAvailability.SOMETIMES, practice="a", aliases=("DS-0001",))
    def check(ctx: RuleContext) -> Iterator[Violation]:
        for stage in ctx.analysis.stages:
            ...
            yield ctx.violation(span, "message", fix=Fix.safe("title", [Edit(span, "text")]))

A rule that judges each simple command of each RUN on its own (``apt-get install`` without
``-y``, ``sudo``, an unpinned ``npm install``) uses ``command_rule`` from
``stanzalint.rules.toolkit.commands`` instead: it takes the same keywords but ``scope`` and
``reads``, which it declares itself, and calls the check once per command::

    @command_rule(code="DL3004", name="sudo-in-run", severity=Severity.ERROR)
    def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
        ...  # cmd: one command; cmds: every command of its RUN, for a look at its neighbours

A rule with settings declares them, ``@rule(..., options={"trusted": string_list()})``; the
configuration is validated against the declaration and the check reads ``ctx.options["trusted"]``.

A rule declares its scope, what its findings depend on, so that the language server can keep
them across keystrokes (``stanzalint.findings_memo``):

- ``Scope.FILE`` (the default): anything in the file. The rule runs on every lint.
- ``Scope.INSTRUCTION``: the findings about an instruction depend only on its own text (and the
  file's escape character) and the facts listed in ``reads`` (``reads=(Fact.SHELL,)``: the
  SHELL in effect); each lies inside that instruction, with its fix and related places. The
  stage context such a rule may read is a fact too: the variables in effect, the stage's root
  image, whether the instruction's files ship.
- ``Scope.STAGE``: the same for one stage: its instructions' text, its index, and the facts
  from outside it listed in ``reads`` (``Fact.BASE_STAGES``: the stages it is built from...).
  A stage-scoped rule that reads the words of some shell commands only declares them,
  ``reads_commands=("apt-get", "apk")`` (by ``ShellCommand.name``; ``()``: none): of a RUN,
  in its stage and in the stages its facts name, it then reads the flags and structure
  (operators, comments, heredoc bodies), every command's place (connector, pipe, subshell,
  condition, ``sh -c``, heredoc), and the name and words of the declared commands only; the
  other commands' names and words do not change its findings. A keystroke inside another
  command's arguments then keeps the stage's findings, moved with their instructions
  (``stanzalint.command_projection``). A rule that reads something of every command but less
  than its words declares that as a summary too, ``reads_runs=summarise``: a module-level
  function of a RUN's commands answering, without positions, everything the rule reads of them
  besides the declared commands' words (``rules.toolkit.run_summaries`` asks the same question
  inside the check, once per RUN text). A keystroke that leaves each RUN's summary as it was
  then keeps the findings too.

A scoped rule that reads anything from the disk (the build context's files, files beside the
Dockerfile) declares ``Fact.BUILD_CONTEXT``: the language server gives it a new state at every
file event, and the rule's findings are then made again.

The engine may then run the rule on only some instructions or stages: ``ctx.dockerfile.instructions``
and ``ctx.analysis.stages`` list those (everything else, such as ``stage_named``, still answers for
the whole file). Declare a narrower scope only after checking what the rule's code reads: a wrong
declaration makes the editor show stale findings, and the memo equality test fails.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from stanzalint.findings import Fix, FixAvailability, Related, Severity, Tag, Violation
from stanzalint.syntax.model import Span

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.analysis.model import Analysis, ShellCommand
    from stanzalint.config import Config
    from stanzalint.rules.lint_facts import LintFacts
    from stanzalint.syntax.model import Dockerfile


@dataclass(frozen=True)
class Option:
    """A setting a rule declares: what a value must be (``expected``, for error messages), how a
    configured value is checked and converted (``parse`` raises ValueError), and the default."""

    expected: str
    parse: Callable[[Any], Any]
    default: Any = None

    def value(self, configured: Any) -> Any:
        """The configured value, checked, or the default when nothing is configured."""
        if configured is None:
            return self.default
        try:
            return self.parse(configured)
        except (TypeError, ValueError):
            raise ValueError(f"expected {self.expected}, got {configured!r}") from None


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(value)
    return tuple(v.strip() for v in value if v.strip())


def _iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    return date.fromisoformat(value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(value)
    return float(value)


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return value


def number(default: float) -> Option:
    """An option holding a number that is not negative (``0.2``, ``200``)."""
    return Option("a number that is not negative", _number, float(default))


def integer(default: int) -> Option:
    """An option holding a whole number that is not negative."""
    return Option("a whole number that is not negative", _integer, default)


def string_list(default: Sequence[str] = ()) -> Option:
    """An option holding a list of strings (a single string is an error, not a list of letters)."""
    return Option("a list of strings", _strings, tuple(default))


def iso_date() -> Option:
    """An option holding a date (``2026-08-22``, or a TOML date); unset by default."""
    return Option("an ISO date (YYYY-MM-DD)", _iso_date)


class Scope(enum.Enum):
    """What a rule's findings depend on (see the module docstring)."""

    INSTRUCTION = "instruction"
    STAGE = "stage"
    FILE = "file"

    #: a member equals only itself: hashed by identity, in C (``Enum`` hashes the name in Python,
    #: and the findings memo's keys hash scopes and facts on every keystroke)
    __hash__ = object.__hash__


class Fact(enum.Enum):
    """Something outside an instruction or stage that a scoped rule's findings depend on."""

    SHELL = "shell"  # the SHELL in effect (an ONBUILD's inner instruction's too), ``# hadolint shell=``
    GLOBAL_ARGS = "global-args"  # the text before the first FROM (global ARGs)
    BASE_STAGES = "base-stages"  # the text of the stages the stage is built FROM, down its chain
    STAGE_NAMES = "stage-names"  # every stage's name, in order (what FROM and --from can name)
    SHIPPED = "shipped"  # whether the stage is the final one, and whether the image ships it
    COPIED_STAGES = "copied-stages"  # the text of the stages its --from flags (COPY, ADD, RUN --mount) name
    DEPENDENT_STAGES = "dependent-stages"  # the stages built FROM it or copying from it, and on: text, shipped
    # facts of the rules that were file-wide until these facts were read (SZ502, SZ702, SZ703, SZ803...)
    GLOBAL_ARG_USES = "global-arg-uses"  # the global ARGs (before the first FROM) a reference or a stage ARG names
    DECLARED_NAMES = "declared-names"  # every name an ARG or ENV in the file declares
    COPIED_CHAINS = "copied-chains"  # the text of the stages its --from flags name, and of the stages each is built on
    DEPENDENT_CHAINS = "dependent-chains"  # the text of the dependent stages and of the stages each is built on
    FINAL_STAGE = "final-stage"  # for a shipped stage: the final stage's index, chain text, lines above FROM
    # stage context an instruction-scoped rule reads about its instruction's stage:
    VARIABLES = "variables"  # the ARG and ENV in effect: the global ARGs, the bases, the stage's ARG/ENV before it
    ROOT_IMAGE = "root-image"  # the image at the bottom of the stage's FROM chain (so its OS family)
    SHIPS = "ships"  # whether what it writes reaches the image (``toolkit.shipped.ships`` and what that reads)
    # facts of the whole-file rules made stage-scoped (SZ808...)
    VARIABLE_NAMES = "variable-names"  # every ARG and ENV name (and which), in order; each stage's root image
    # facts of the stage rules made instruction-scoped (SZ803...)
    CONTINUED_OUTSIDE = "continued-outside"  # the lines its continuation reaches outside it, above and below
    # facts of the build-context rules (SZ304...): what the process knows besides the text
    #: the context's files, .dockerignore and git history as the lint read them, and whether a source of the
    #: file other than ``.`` reads files of it (``LintFacts.context_fact``); renewed at every file event, so
    #: also what a rule reads of other files on the disk (SZ103's pipeline files)
    BUILD_CONTEXT = "build-context"
    ROW_LINE = "row-line"  # the line its first instruction starts on (for a message naming lines)

    __hash__ = object.__hash__  # as ``Scope``'s


#: What a stage-scoped rule judging only the stage's FROM line reads: the image named there, read
#: with the global ARGs, the stages it is built from, and every stage's name. The rules that read
#: this declare it by this name: equal reads put them in one group of the findings memo, which
#: reads each fact once for the group.
FROM_LINE_READS: tuple[Fact, ...] = (Fact.GLOBAL_ARGS, Fact.BASE_STAGES, Fact.STAGE_NAMES)


class Docstring:
    """A rule module's docstring as written (indented, as Python keeps it), shown dedented: the
    rule's documentation is read by hover and the docs only, so no dedented copy of every rule's
    is kept (together some 200 KB of a language server's memory)."""

    __slots__ = ("written",)

    def __init__(self, written: str) -> None:
        self.written = written


class _Docs:
    """``RuleMeta.docs``: the text given, or a ``Docstring`` dedented when read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = "_" + name

    def __get__(self, meta: RuleMeta | None, owner: type | None = None) -> str:
        if meta is None:
            return ""  # the field's default
        docs: str | Docstring = getattr(meta, self._slot)
        return _dedent(docs.written) if isinstance(docs, Docstring) else docs

    def __set__(self, meta: RuleMeta, docs: str | Docstring) -> None:
        setattr(meta, self._slot, docs)


@dataclass
class RuleMeta:
    """Everything known about a rule except how it checks."""

    code: str
    name: str
    severity: Severity
    fix: FixAvailability
    practice: str = ""  # "a".."i" for the project's practices, "" otherwise
    aliases: tuple[str, ...] = ()
    enabled_by_default: bool = True
    tags: tuple[Tag, ...] = ()
    origin: str = "stanzalint"  # stanzalint | hadolint | buildkit | shellcheck | syntax
    #: the documentation; given as a ``Docstring``, dedented each time it is read (``_Docs``)
    docs: _Docs = _Docs()
    summary: str = ""  # first sentence of "What it does"
    options: dict[str, Option] = field(default_factory=dict)  # name -> declaration
    scope: Scope = Scope.FILE
    reads: tuple[Fact, ...] = ()  # what a scoped rule reads from outside its instruction or stage
    #: the shell commands (by name) whose words a stage-scoped rule reads; None: every command's
    reads_commands: tuple[str, ...] | None = None
    #: what a stage-scoped rule reads of every RUN's commands besides the words of
    #: ``reads_commands``: a summary of them (``rules.toolkit.run_summaries``); None: nothing more
    reads_runs: Callable[[list[ShellCommand]], Hashable] | None = None


CheckFunction = Callable[["RuleContext"], Iterable[Violation]]


@dataclass
class Rule:
    meta: RuleMeta
    check: CheckFunction

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def name(self) -> str:
        return self.meta.name


#: Every rule defined so far, by code. Filled as rule modules are imported (see ``registry``).
DEFINED: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    fix: FixAvailability = FixAvailability.NEVER,
    practice: str = "",
    aliases: Sequence[str] = (),
    enabled: bool = True,
    tags: Sequence[Tag] = (),
    origin: str | None = None,
    options: dict[str, Option] | None = None,
    scope: Scope | str = Scope.FILE,
    reads: Sequence[Fact | str] = (),
    reads_commands: Sequence[str] | None = None,
    reads_runs: Callable[[list[ShellCommand]], Hashable] | None = None,
) -> Callable[[CheckFunction], CheckFunction]:
    """Declare the decorated function as the check of rule ``code``; docs come from its module.
    ``scope`` and ``reads`` take the enums or their values (``scope="stage"``, ``reads=("shell",)``)."""
    scope = Scope(scope)
    reads = tuple(Fact(fact) for fact in reads)
    if reads and scope is Scope.FILE:
        raise ValueError(f"rule {code}: a file-scope rule reads everything; declare reads only with a narrower scope")
    if reads_commands is not None and scope is not Scope.STAGE:
        raise ValueError(f"rule {code}: only a stage-scoped rule declares the commands it reads")
    if reads_runs is not None and scope is not Scope.STAGE:
        raise ValueError(f"rule {code}: only a stage-scoped rule declares what it reads of every RUN")
    if reads_runs is not None and reads_commands is None:
        reads_commands = ()  # the summary stands for every command's words

    def register(func: CheckFunction) -> CheckFunction:
        module = sys.modules.get(func.__module__)
        docs = (module.__doc__ or "") if module is not None else ""
        inferred_origin = origin or _origin_of(code)
        meta = RuleMeta(
            code=code,
            name=name,
            severity=severity,
            fix=fix,
            practice=practice,
            aliases=tuple(aliases),
            enabled_by_default=enabled,
            tags=tuple(tags),
            origin=inferred_origin,
            docs=Docstring(docs),
            summary=_summary(docs),
            options=dict(options or {}),
            scope=scope,
            reads=tuple(reads),
            reads_commands=None if reads_commands is None else tuple(sorted(set(reads_commands))),
            reads_runs=reads_runs,
        )
        if code in DEFINED and DEFINED[code].check is not func:
            raise RuntimeError(f"rule {code} defined twice")
        DEFINED[code] = Rule(meta, func)
        return func

    return register


def _origin_of(code: str) -> str:
    if code.startswith("DL"):
        return "hadolint"
    if code.startswith("SC"):
        return "shellcheck"
    if code.startswith("SZ0"):
        return "syntax"
    if code.startswith("SZ8"):
        return "buildkit"
    return "stanzalint"


def _dedent(text: str) -> str:
    import inspect

    return inspect.cleandoc(text) if text else ""


def _summary(docs: str) -> str:
    """First sentence under "What it does" (or the first line of the docs)."""
    text = _dedent(docs)
    lines = text.splitlines()
    body: list[str] = []
    for i, line in enumerate(lines):
        if line.strip().lower().lstrip("#").strip() == "what it does":
            for follow in lines[i + 1 :]:
                if follow.strip().startswith("#"):
                    break
                if not follow.strip() and body:
                    break
                if follow.strip():
                    body.append(follow.strip())
            break
    sentence = " ".join(body) if body else (lines[0] if lines else "")
    import re

    end = re.search(r"(?<![.])[.](?=\s|$)", sentence)
    return sentence[: end.end()] if end else sentence


class RuleContext:
    """What a check function sees: the parsed file, its analysis, the settings, and a reporter.
    Built for each rule that runs, over the lint's ``LintFacts`` (``ctx.lint``): what every
    rule of one lint shares, with the views several rules read computed once."""

    def __init__(self, rule_: Rule, lint: LintFacts) -> None:
        self.rule = rule_
        self.lint = lint
        self.dockerfile: Dockerfile = lint.dockerfile
        self.analysis: Analysis = lint.analysis
        self.config: Config = lint.config
        self.path = lint.path
        self.text = lint.dockerfile.text

    @property
    def options(self) -> dict[str, Any]:
        """This rule's declared options: each configured value (``[rules.CODE]``), else its
        default; validated once per configuration."""
        return self.config.selection.options(self.rule)

    def is_enabled(self, code: str) -> bool:
        """Whether rule ``code`` runs under this lint's configuration (False for an unknown code)."""
        return self.config.selection.is_enabled(code)

    def violation(
        self,
        span: Span,
        message: str,
        *,
        fix: Fix | None = None,
        related: Iterable[Related] = (),
        instruction_line: int | None = None,
    ) -> Violation:
        meta = self.rule.meta
        return Violation(
            code=meta.code,
            span=span,
            message=message,
            severity=meta.severity,
            fix=fix,
            related=tuple(related),
            tags=meta.tags,
            name=meta.name,
            instruction_line=instruction_line,
        )

    def source(self, span: Span) -> str:
        return self.text[span.start : span.end]


Check = Callable[[RuleContext], Iterator[Violation]]
