"""The ports of EXPOSE instructions split the way BuildKit reads them: ``[ip:][hostPort:]port[/proto]``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Span, Token


@dataclass
class ExposedPort:
    """One port an EXPOSE declares, split into its parts."""

    token: Token
    text: str  # the port spec after variable expansion
    host_ip: str
    host_port: str
    container: str
    proto: str | None  # as written; None when absent
    literal: bool  # written without variables, standing as-is in the document
    proto_span: Span | None  # where the protocol stands, when literal


def split_port(spec: str) -> tuple[str, str, str, str | None]:
    """(host_ip, host_port, container_port, proto or None) as BuildKit splits a port spec."""
    parts = spec.split(":")
    if len(parts) == 1:
        ip, host, container = "", "", parts[0]
    elif len(parts) == 2:
        ip, host, container = "", parts[0], parts[1]
    else:
        ip, host, container = ":".join(parts[:-2]), parts[-2], parts[-1]
    port, slash, proto = container.partition("/")
    return ip, host, port, (proto if slash else None)


def exposed_ports(ctx: RuleContext) -> Iterator[ExposedPort]:
    """Every port the EXPOSE instructions of the stages declare (those whose variables are
    unknown left out), a spec holding several ports split."""
    text = ctx.text
    for stage in ctx.analysis.stages:
        for ins in stage_body(stage):
            if ins.keyword != "EXPOSE":
                continue
            for token in ins.args:
                value, known = ctx.analysis.resolve(token.value, ins)
                if not known:
                    continue
                literal = value == token.value and text[token.span.start : token.span.end] == token.value
                for spec in value.split():
                    ip, host, port, proto = split_port(spec)
                    proto_span = None
                    if literal and proto is not None and spec == value:
                        end = token.span.end
                        proto_span = Span(end - len(proto), end)
                    yield ExposedPort(token, spec, ip, host, port, proto, literal and spec == value, proto_span)
