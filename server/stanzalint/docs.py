"""Rule documentation: one text, rendered for ``stanzalint rule``, the hover and docs/rules/.

A rule's docs are its module docstring with these sections, in this order.
"""

from __future__ import annotations

import re

from stanzalint.config import STRICT_RULES
from stanzalint.rules.base import RuleMeta

REQUIRED_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "Options",
    "References",
)

PRACTICES = {
    "a": "start from a small, official, pinned base image",
    "b": "scan images for vulnerabilities",
    "c": "order stanzas from least to most likely to change",
    "d": "setup, execute and cleanup in one RUN stanza",
    "e": "run as a non-root user",
    "f": "multi-stage builds, distroless final images",
    "g": "ARG for build-time variables",
    "h": "lint the Dockerfile",
    "i": "no Alpine for Python-heavy images",
}

_FIX_WORDS = {"never": "no automatic fix", "sometimes": "fix available in some cases", "always": "fix available"}


def sections(docs: str) -> list[str]:
    """The ``## Heading`` titles of a docstring, in order."""
    return [m.group(1).strip() for m in re.finditer(r"^##\s+(.+)$", docs, re.M)]


def section_text(docs: str, title: str) -> str:
    """The text under ``## title`` up to the next heading, stripped ("" when there is none)."""
    match = re.search(rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^#|\Z)", docs, re.M | re.S)
    return match.group(1).strip() if match else ""


def missing_sections(docs: str) -> list[str]:
    found = sections(docs)
    return [s for s in REQUIRED_SECTIONS if s not in found]


def default_state(meta: RuleMeta) -> str:
    """Whether the rule runs unless configured: "" when it does, else how to turn it on."""
    if meta.enabled_by_default:
        return ""
    return "off by default, on with strict" if meta.code in STRICT_RULES else "off by default"


def header(meta: RuleMeta) -> str:
    parts = [f"severity: {meta.severity.label}", _FIX_WORDS[meta.fix.value]]
    if not meta.enabled_by_default:
        parts.append(default_state(meta))
    if meta.aliases:
        parts.append("aliases: " + ", ".join(meta.aliases))
    if meta.practice:
        parts.append(f"practice {meta.practice}: {PRACTICES.get(meta.practice, '')}")
    return " · ".join(parts)


def render_rule(meta: RuleMeta) -> str:
    """Markdown: title line, metadata line, then the docstring's sections."""
    body = meta.docs.strip()
    # a docstring may start with its own title line; the rendered page has exactly one
    lines = body.splitlines()
    if lines and lines[0].startswith("# "):
        body = "\n".join(lines[1:]).strip()
    return f"# {meta.code} {meta.name}\n\n_{header(meta)}_\n\n{body}\n"


def render_rule_with_link(meta: RuleMeta, url: str) -> str:
    """The rule's page followed by a link to it (the hover and SARIF's help)."""
    return f"{render_rule(meta).rstrip()}\n\n[{meta.code} documentation]({url})"


def description(meta: RuleMeta) -> str:
    """ "What it does" and "Why is this bad?" as one paragraph of plain text."""
    parts = (section_text(meta.docs, "What it does"), section_text(meta.docs, "Why is this bad?"))
    return " ".join(" ".join(parts).split()) or meta.summary or meta.name
