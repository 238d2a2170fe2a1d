"""Small inputs for the rule toolkit's unit tests: a Dockerfile parsed and analysed, a rule
context over it, and the shell commands of its RUNs."""

from __future__ import annotations

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.config import Config
from stanzalint.engine import prepare
from stanzalint.rules import get
from stanzalint.rules.base import RuleContext
from stanzalint.rules.lint_facts import LintFacts
from stanzalint.syntax.model import Dockerfile


def analysed(text: str) -> tuple[Dockerfile, Analysis]:
    """The parse and the analysis of ``text``."""
    return prepare(text, Config())


def final_stage(text: str) -> tuple[Analysis, Stage]:
    """The analysis of ``text`` and its final stage."""
    _, analysis = analysed(text)
    return analysis, analysis.final_stage


def rule_context(text: str, code: str = "DL3008", path: str | None = None, **config) -> RuleContext:
    """The context rule ``code`` would see for ``text``."""
    dockerfile, analysis = prepare(text, Config(**config))
    return RuleContext(get(code), LintFacts(dockerfile, analysis, Config(**config), path))


def commands(text: str) -> list[ShellCommand]:
    """The simple commands of every RUN in ``text``, in order."""
    dockerfile, analysis = analysed(text)
    return [cmd for ins in dockerfile.walk() if ins.keyword == "RUN" for cmd in analysis.commands(ins)]


def command(script: str) -> ShellCommand:
    """The first simple command of ``RUN <script>``."""
    return commands(f"FROM debian:12\nRUN {script}\n")[0]


def values(words) -> list[str]:
    """The values of shell words or tokens."""
    return [w.value for w in words]
