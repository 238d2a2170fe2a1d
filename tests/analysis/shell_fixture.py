"""Builds RUN ``Instruction`` objects from Dockerfile text for the shell tests.

A deliberately small stand-in for the project parser (backslash continuations with comment and
empty lines dropped, exec form, heredoc markers and bodies), so the shell analysis can be tested
on its own with exact document offsets. The corpus test uses the real parser when it exists.
"""

from __future__ import annotations

import json

from stanzalint.syntax.model import Heredoc, Instruction, MappedText, Span, Token


def _lines(doc: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from ``start`` on, end excluding the newline."""
    out = []
    pos = start
    while pos <= len(doc):
        nl = doc.find("\n", pos)
        end = len(doc) if nl == -1 else nl
        out.append((pos, end))
        if nl == -1:
            break
        pos = nl + 1
    return out


def _json_tokens(text: str, start: int) -> list[Token] | None:
    try:
        values = json.loads(text)
    except ValueError:
        return None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return None
    tokens = []
    i = 0
    for value in values:
        i = text.index('"', i)
        j = i + 1
        while text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        tokens.append(Token(value, Span(start + i, start + j + 1)))
        i = j + 1
    return tokens


def _heredoc_markers(text: str) -> list[tuple[int, int, str, bool, bool]]:
    """(start, end, name, chomp, expand) of each ``<<EOF`` marker in a line."""
    out = []
    i = 0
    while True:
        i = text.find("<<", i)
        if i == -1:
            return out
        j = i + 2
        chomp = j < len(text) and text[j] == "-"
        if chomp:
            j += 1
        quote = text[j] if j < len(text) and text[j] in "'\"" else ""
        if quote:
            j += 1
        k = j
        while k < len(text) and (text[k].isalnum() or text[k] in "_-."):
            k += 1
        if k == j:
            i = k
            continue
        name = text[j:k]
        if quote and k < len(text) and text[k] == quote:
            k += 1
        out.append((i, k, name, chomp, not quote))
        i = k


def _after_flags(text: str) -> int:
    """Index where the command starts after leading blanks and ``--flag=value`` words."""
    i = 0
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if not text.startswith("--", i):
            return i
        while i < len(text) and text[i] not in " \t":
            i += 1


def build_run(doc: str, start: int = 0) -> Instruction:
    """The RUN instruction whose keyword starts at ``start`` in ``doc``."""
    lines = _lines(doc, start)
    first_start, first_end = lines[0]
    kw_end = start + 3
    pieces: list[tuple[str, int]] = []
    pos = kw_end
    while pos < first_end and doc[pos] in " \t":
        pos += 1
    line_i = 0
    seg_start = pos
    end_line = 0
    while True:
        ls, le = lines[line_i]
        seg = doc[seg_start:le]
        stripped = seg.rstrip(" \t")
        if stripped.endswith("\\") and line_i + 1 < len(lines):
            pieces.append((stripped[:-1], seg_start))
            line_i += 1
            while line_i < len(lines):
                ns, ne = lines[line_i]
                body = doc[ns:ne].strip()
                if body == "" or body.startswith("#"):
                    line_i += 1
                    continue
                break
            if line_i >= len(lines):
                break
            seg_start = lines[line_i][0]
            continue
        pieces.append((seg.rstrip(" \t"), seg_start))
        break
    end_line = min(line_i, len(lines) - 1)
    rest = MappedText.join([p for p in pieces if p[0]] or [("", seg_start)])
    rest = rest.slice(_after_flags(rest.text), len(rest.text))
    ins = Instruction(
        keyword="RUN",
        keyword_text=doc[start:kw_end],
        keyword_span=Span(start, kw_end),
        span=Span(start, lines[end_line][1]),
        start_line=doc.count("\n", 0, start),
        end_line=doc.count("\n", 0, lines[end_line][1]),
        rest=rest,
        first_line_end=first_end,
    )
    tokens = (
        _json_tokens(rest.text, rest.doc_offset(0)) if rest.text.lstrip().startswith("[") and len(pieces) == 1 else None
    )
    if tokens is not None:
        ins.is_json = True
        ins.args = tokens
        return ins
    ins.args = [Token(rest.text, rest.doc_span(0, len(rest.text)))]
    line_no = end_line + 1
    for ms, me, name, chomp, expand in _heredoc_markers(rest.text):
        body_pieces: list[tuple[str, int]] = []
        terminator = None
        while line_no < len(lines):
            ls, le = lines[line_no]
            line_no += 1
            content = doc[ls:le]
            skip = len(content) - len(content.lstrip("\t")) if chomp else 0
            if content[skip:] == name:
                terminator = Span(ls + skip, le)
                break
            newline = "\n" if le < len(doc) else ""  # the last line of the file may have none
            body_pieces.append((content[skip:] + newline, ls + skip))
        body = MappedText.join(body_pieces) if body_pieces else MappedText("", [lines[min(line_no, len(lines) - 1)][0]])
        ins.heredocs.append(
            Heredoc(
                name=name,
                chomp=chomp,
                expand=expand,
                marker_span=rest.doc_span(ms, me),
                body=body,
                terminator_span=terminator,
            )
        )
        ins.end_line = doc.count("\n", 0, lines[line_no - 1][0])
    return ins


def build_runs(doc: str) -> list[Instruction]:
    """Every RUN whose keyword starts a line (case-insensitive), in order."""
    out = []
    pos = 0
    while pos < len(doc):
        if doc[pos : pos + 4].upper() == "RUN " or doc[pos : pos + 4].upper() == "RUN\t":
            ins = build_run(doc, pos)
            out.append(ins)
            nl = doc.find("\n", ins.span.end)
            if ins.heredocs and ins.heredocs[-1].terminator_span:
                nl = doc.find("\n", ins.heredocs[-1].terminator_span.end)
            pos = len(doc) if nl == -1 else nl + 1
            continue
        nl = doc.find("\n", pos)
        pos = len(doc) if nl == -1 else nl + 1
    return out
