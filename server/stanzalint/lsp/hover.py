"""What to show on hover at an offset: rule docs (diagnostic or pragma code), instruction and
flag reference, base-image facts, variable declarations and values. Markdown; ``plain`` strips it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stanzalint.lsp import reference
from stanzalint.syntax.model import Span

if TYPE_CHECKING:
    from stanzalint.analysis.model import ImageRef, Stage, VarDecl
    from stanzalint.config import Config
    from stanzalint.engine import LintResult
    from stanzalint.syntax.model import Token


def rule_markdown(code: str, config: Config) -> str | None:
    from stanzalint import rules
    from stanzalint.docs import render_rule_with_link
    from stanzalint.engine import rule_url

    meta = rules.meta_for(code)
    if meta is None:
        return None
    return render_rule_with_link(meta, rule_url(meta.code, config))


def hover_at(result: LintResult, offset: int, config: Config) -> tuple[str, Span] | None:
    """(markdown, span hovered) for the offset, or None when there is nothing to say."""
    parts: list[str] = []
    spans: list[Span] = []
    seen = set()
    for v in result.violations:
        if v.span.covers(offset) and v.code not in seen:
            seen.add(v.code)
            text = rule_markdown(v.code, config)
            if text:
                parts.append(text)
                spans.append(v.span)
    context = (
        _pragma(result, offset, config)
        or _variable(result, offset)
        or _image(result, offset)
        or _keyword_or_flag(result, offset)
    )
    if context is not None:
        # the findings come first: that is what the person hovering a flagged word wants to read
        parts.append(context[0])
        spans.append(context[1])
    if not parts:
        return None
    return "\n\n---\n\n".join(parts), spans[-1] if context is not None else spans[0]


def _pragma(result: LintResult, offset: int, config: Config) -> tuple[str, Span] | None:
    if not any(c.span.covers(offset) for c in result.dockerfile.comments) and not any(
        d.span.covers(offset) for d in result.dockerfile.directives
    ):
        return None
    for pragma in result.dockerfile.pragmas:
        for code in pragma.codes:
            if code.span.covers(offset):
                text = rule_markdown(code.text, config)
                return (text, code.span) if text else None
    return None


def _keyword_or_flag(result: LintResult, offset: int) -> tuple[str, Span] | None:
    ins = result.dockerfile.instruction_at(offset)
    if ins is None:
        return None
    for candidate in (ins, ins.inner):
        if candidate is None:
            continue
        if candidate.keyword_span.covers(offset):
            text = reference.instruction_markdown(candidate.keyword)
            return (text, candidate.keyword_span) if text else None
        for flag in candidate.flags:
            if flag.span.covers(offset):
                text = reference.flag_markdown(candidate.keyword, flag.name)
                return (text, flag.span) if text else None
    return None


def _image(result: LintResult, offset: int) -> tuple[str, Span] | None:
    for stage in result.analysis.stages:
        image = stage.image
        if image is None or not image.span.covers(offset):
            if stage.base_stage is not None and stage.from_instruction.span.covers(offset):
                token = _from_token(stage)
                if token is not None and token.span.covers(offset):
                    base = stage.base_stage
                    label = base.name or str(base.index)
                    return (
                        f"Stage `{label}` (stage {base.index}, line {base.from_instruction.start_line + 1}) of this file.",
                        token.span,
                    )
            continue
        return image_markdown(image), image.span
    return None


def _from_token(stage: Stage) -> Token | None:
    for tok in stage.from_instruction.args:
        return tok
    return None


def image_markdown(image: ImageRef) -> str:
    """Facts about a base image from the offline knowledge tables."""
    from stanzalint import knowledge

    name = image.familiar
    lines = [f"**{image.resolved}**"]
    if image.is_scratch:
        return "**scratch** — the empty image: no shell, no package manager, no libc."
    if image.unresolved:
        lines.append("Contains a variable without a default: facts below assume the text as written.")
    official = knowledge.official_image(image) if image.registry == "docker.io" else None
    if official is not None and official.is_active:
        lines.append(f"- Docker Official Image: yes ([Docker Hub](https://hub.docker.com/_/{image.repository}))")
        if official.is_deprecated:
            lines.append(f"- Deprecated: {official.deprecated_note or 'yes'}")
    else:
        lines.append("- Docker Official Image: no")
    family = knowledge.os_family(image)
    if family is not None:
        release = f" {family.release}" if family.release else ""
        codename = f" ({family.codename})" if family.codename else ""
        pm = f", package manager {family.package_manager}" if family.package_manager else ""
        libc = f", {family.libc}" if family.libc and not knowledge.is_distroless(image) else ""
        lines.append(f"- OS: {family.distro or family.family}{release}{codename}{pm}{libc}")
    if knowledge.is_distroless(image):
        lines.extend(distroless_lines(image))
    slim = knowledge.slim_alternative(image)
    if slim:
        lines.append(f"- Slim variant: `{name}:{slim}`" if ":" not in slim else f"- Slim variant: `{slim}`")
    minimal = knowledge.minimal_alternative(image)
    if minimal and minimal != slim:
        lines.append(
            f"- Minimal variant: `{name}:{minimal}`" if ":" not in minimal else f"- Minimal variant: `{minimal}`"
        )
    status = knowledge.eol_status(image)
    as_of = knowledge.AS_OF
    if status is not None:
        if status.eol is None:
            when = "no end-of-life date announced"
        elif status.is_eol:
            when = f"**end of life since {status.eol.isoformat()}**"
        else:
            when = f"supported until {status.eol.isoformat()}"
        extra = f"; use `{status.suggestion}`" if status.is_eol and status.suggestion else ""
        lines.append(f"- {status.label}: {when}{extra} (data as of {as_of})")
    user = knowledge.default_user(image)
    if user is not None:
        who = (
            "non-root"
            if user.nonroot == "yes"
            else ("drops privileges at start" if user.nonroot == "partial" else "root")
        )
        lines.append(f"- Default user: `{user.user or 'root'}` ({who})")
    else:
        lines.append("- Default user: root unless the image sets USER (not known for this image)")
    return "\n".join(lines)


_RUNTIME_NAMES = {"python": "Python", "java": "Java (Temurin JRE)", "node": "Node.js"}


def distroless_lines(image: ImageRef) -> list[str]:
    """What a distroless image carries and lacks, its runtime and its non-root user."""
    from stanzalint import knowledge
    from stanzalint.knowledge.distroless import AS_OF, NONROOT_UID, SOURCE

    found = knowledge.distroless_image(image)
    if found is None:
        return [
            f"- Distroless: not one of the images published as of {AS_OF} "
            "(`static`, `base`, `base-nossl`, `cc` for Debian 12 and 13; `python3`, `java17`/`21`/`25`, "
            "`nodejs22`/`24`/`26` for Debian 13)"
        ]
    info, variant = found
    debug = variant.startswith("debug")
    libraries = [
        ("glibc", info.glibc),
        ("libssl", info.libssl),
        ("libstdc++", info.libstdcxx),
        ("CA certificates", info.ca_certificates),
        ("tzdata", info.tzdata),
    ]
    carried = [f"{name} {version}" for name, version in libraries if version]
    lacking = [name for name, version in libraries if not version]
    lacking = (["a package manager"] if debug else ["a shell", "a package manager"]) + lacking
    lines = [
        f"- Distroless `{info.image}` for Debian {info.debian}, tag `{variant}`"
        + (": busybox at `/busybox` (`:debug` tags only)" if debug else ": no shell, no package manager"),
        f"- Carries: {', '.join(carried)}",
        f"- Does not carry: {', '.join(lacking)}",
    ]
    if info.runtime:
        lines.append(
            f"- Runtime: {_RUNTIME_NAMES[info.runtime]} {info.runtime_version} at `{info.runtime_path}` "
            f"(entrypoint `{' '.join(info.entrypoint)}`)"
        )
    lines.append(f"- Non-root user: `nonroot`, uid {NONROOT_UID} (the `:nonroot` and `:debug-nonroot` tags run as it)")
    lines.append(f"- Source: {SOURCE}")
    return lines


def _variable(result: LintResult, offset: int) -> tuple[str, Span] | None:
    analysis = result.analysis
    for ref in analysis.refs:
        if ref.span.covers(offset):
            return _variable_text(ref.name, ref.decls, ref.value, result), ref.span
    for decl in analysis.decls:
        if decl.name_span is not None and decl.name_span.covers(offset):
            return _variable_text(decl.name, [decl], decl.value, result), decl.name_span
    for decl in analysis.global_args:
        if decl.name_span is not None and decl.name_span.covers(offset):
            return _variable_text(decl.name, [decl], decl.value, result), decl.name_span
    return None


def _variable_text(name: str, decls: list[VarDecl], value: str | None, result: LintResult) -> str:
    lines = [f"**${name}**"]
    if value is not None:
        lines.append(f"Value: `{value}`")
    elif decls:
        lines.append("Value: not known at build time (no default; set with `--build-arg`)")
    else:
        lines.append("No ARG or ENV declares it before this point")
    for decl in decls:
        if decl.instruction is None:
            lines.append("- predefined build argument")
            continue
        line = decl.instruction.start_line + 1
        shown = f"=`{decl.value}`" if decl.value is not None else " (no default)"
        scope = "global " if decl.stage is None and decl.kind == "ARG" else ""
        lines.append(f"- {scope}{decl.kind} {decl.name}{shown} on line {line}")
    return "\n".join(lines)


def plain(markdown: str) -> str:
    """Markdown to readable plain text for clients that cannot render it."""
    text = re.sub(r"^```\w*\s*$", "", markdown, flags=re.M)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 <\2>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
