"""ARG/ENV scopes, references with their spans, declarations reaching them, resolved values."""

from __future__ import annotations

from stanzalint.analysis import analyze
from stanzalint.syntax import parse
from stanzalint.syntax.model import Span


def find(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def table(a, text):
    """(instruction keyword, reference text, name, value, in_shell, declaration kinds) per reference."""
    return [
        (
            r.instruction.keyword,
            text[r.span.start : r.span.end],
            r.name,
            r.value,
            r.in_shell,
            [f"{d.kind}@{d.stage}" for d in r.decls],
        )
        for r in a.refs
    ]


SCOPES = """\
ARG BASE=python
ARG TAG=3.12
ARG ONLY_GLOBAL=g
FROM --platform=$BUILDPLATFORM ${BASE}:${TAG}-slim AS builder
ARG TAG
ARG TARGETARCH
ENV A=1 B=$A
ENV C=$A-$TAG
RUN echo $A $TAG $ONLY_GLOBAL $HTTP_PROXY $TARGETARCH '$A' "$B"
COPY --chown=$A:$A ${C} /dst/$NOPE
WORKDIR $ONLY_GLOBAL
FROM builder AS final
RUN echo $A $C $TAG
CMD echo $A $TAG
"""


def test_scopes_as_buildkit_applies_them():
    a = analyze(parse(SCOPES))
    assert table(a, SCOPES) == [
        ("FROM", "$BUILDPLATFORM", "BUILDPLATFORM", None, False, ["predefined@None"]),
        ("FROM", "${BASE}", "BASE", "python", False, ["ARG@None"]),
        ("FROM", "${TAG}", "TAG", "3.12", False, ["ARG@None"]),
        # the whole ENV line is expanded before it takes effect: B sees no A yet
        ("ENV", "$A", "A", "", False, []),
        ("ENV", "$A", "A", "1", False, ["ENV@0"]),
        # a redeclared global ARG takes the global default
        ("ENV", "$TAG", "TAG", "3.12", False, ["ARG@0", "ARG@None"]),
        ("RUN", "$A", "A", "1", True, ["ENV@0"]),
        ("RUN", "$TAG", "TAG", "3.12", True, ["ARG@0", "ARG@None"]),
        # a global ARG not redeclared in the stage is empty there
        ("RUN", "$ONLY_GLOBAL", "ONLY_GLOBAL", None, True, []),
        # proxies reach RUN without a declaration
        ("RUN", "$HTTP_PROXY", "HTTP_PROXY", None, True, ["predefined@None"]),
        ("RUN", "$TARGETARCH", "TARGETARCH", None, True, ["ARG@0", "predefined@None"]),
        ("RUN", "$B", "B", "", True, ["ENV@0"]),
        ("COPY", "$A", "A", "1", False, ["ENV@0"]),
        ("COPY", "$A", "A", "1", False, ["ENV@0"]),
        ("COPY", "${C}", "C", "1-3.12", False, ["ENV@0"]),
        ("COPY", "$NOPE", "NOPE", "", False, []),
        ("WORKDIR", "$ONLY_GLOBAL", "ONLY_GLOBAL", "", False, []),
        # ENV and the stage's ARGs are both inherited through FROM <stage> (BuildKit appends
        # the base stage's build args to the child's)
        ("RUN", "$A", "A", "1", True, ["ENV@0"]),
        ("RUN", "$C", "C", "1-3.12", True, ["ENV@0"]),
        ("RUN", "$TAG", "TAG", "3.12", True, ["ARG@0", "ARG@None"]),
        # CMD runs in the container: only ENV reaches it
        ("CMD", "$A", "A", "1", True, ["ENV@0"]),
        ("CMD", "$TAG", "TAG", None, True, []),
    ]


def test_declarations():
    a = analyze(parse(SCOPES))
    rows = [(d.name, d.kind, d.value, d.stage, SCOPES[d.name_span.start : d.name_span.end]) for d in a.decls]
    assert rows == [
        ("BASE", "ARG", "python", None, "BASE"),
        ("TAG", "ARG", "3.12", None, "TAG"),
        ("ONLY_GLOBAL", "ARG", "g", None, "ONLY_GLOBAL"),
        ("TAG", "ARG", "3.12", 0, "TAG"),
        ("TARGETARCH", "ARG", None, 0, "TARGETARCH"),
        ("A", "ENV", "1", 0, "A"),
        ("B", "ENV", "", 0, "B"),
        ("C", "ENV", "1-3.12", 0, "C"),
    ]
    assert [d.name for d in a.global_args] == ["BASE", "TAG", "ONLY_GLOBAL"]
    tag = a.decls[1]
    assert tag.value_span == find(SCOPES, "3.12")
    assert a.stages[0].image.resolved == "python:3.12-slim"


def test_reference_spans_and_operators():
    text = 'FROM alpine\nARG V=1.2.3\nLABEL a="${V:-x}" b=${U:-dflt} c=${V:+set} d=${V#*.} e=${V%%.*} f=${V//./_}\n'
    a = analyze(parse(text))
    got = [
        (text[r.span.start : r.span.end], text[r.name_span.start : r.name_span.end], r.operator, r.word, r.value)
        for r in a.refs
    ]
    assert got == [
        ("${V:-x}", "V", ":-", "x", "1.2.3"),
        ("${U:-dflt}", "U", ":-", "dflt", "dflt"),
        ("${V:+set}", "V", ":+", "set", "set"),
        ("${V#*.}", "V", "#", "*.", "2.3"),
        ("${V%%.*}", "V", "%%", ".*", "1"),
        ("${V//./_}", "V", "//", "./_", "1_2_3"),
    ]
    assert a.refs[0].span == find(text, "${V:-x}")
    assert a.refs[0].name_span == Span(find(text, "${V:-x}").start + 2, find(text, "${V:-x}").start + 3)


def test_escapes_and_single_quotes_prevent_expansion():
    text = "FROM alpine\nARG V=1\nENV A=\\$V B='$V' C=\"$V\"\n"
    a = analyze(parse(text))
    quoted = find(text, '"$V"')
    assert [(r.span, r.value) for r in a.refs] == [(Span(quoted.start + 1, quoted.end - 1), "1")]
    envs = {d.name: d.value for d in a.decls if d.kind == "ENV"}
    assert envs == {"A": "$V", "B": "$V", "C": "1"}


def test_backtick_escape_file():
    text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nARG V=1\nENV A=`$V B=C:\\$V\n"
    a = analyze(parse(text))
    assert [(text[r.span.start : r.span.end], r.value) for r in a.refs] == [("$V", "1")]
    assert a.refs[0].span == find(text, "$V", 1)
    assert {d.name: d.value for d in a.decls if d.kind == "ENV"} == {"A": "$V", "B": "C:\\1"}


def test_shell_references_in_run():
    text = (
        "FROM alpine\nARG V=1\n"
        "RUN for f in *; do echo $f; done && echo '$V' \"$V\" \\$V ${V:-x} $(echo $V) # $V\n"
        'RUN ["sh", "-c", "echo $V"]\n'
    )
    a = analyze(parse(text))
    rows = [(text[r.span.start : r.span.end], r.name, r.value, r.in_shell, r.shell_assigned) for r in a.refs]
    assert rows == [
        ("$f", "f", None, True, True),
        ("$V", "V", "1", True, False),
        ("${V:-x}", "V", "1", True, False),
        ("$V", "V", "1", True, False),
    ]
    quoted = find(text, '"$V"')
    assert a.refs[1].span == Span(quoted.start + 1, quoted.end - 1)


def test_references_in_heredoc_bodies():
    text = (
        "FROM alpine\nARG V=1\n"
        "RUN <<EOF\necho $V '$V'\nEOF\n"
        "RUN cat <<'EOF' > /x\n$V\nEOF\n"
        "RUN cat <<EOF > /y\n'$V'\nEOF\n"
        "COPY <<EOF /z\n${V}\nEOF\n"
    )
    a = analyze(parse(text))
    rows = [(r.instruction.start_line, r.span, r.value, r.in_shell, r.heredoc) for r in a.refs]
    assert rows == [
        (2, find(text, "$V", 0), "1", True, 0),
        (8, find(text, "$V", 3), "1", True, 0),
        (11, find(text, "${V}"), "1", False, None),
    ]


def test_global_scope_sees_platform_args_and_earlier_global_args():
    text = "ARG OS=linux\nARG PLAT=$OS/$TARGETARCH\nARG IMG=alpine:${OS}\nFROM --platform=${PLAT} ${IMG}\n"
    a = analyze(parse(text))
    assert [(d.name, d.value) for d in a.global_args] == [("OS", "linux"), ("PLAT", None), ("IMG", "alpine:linux")]
    assert [(text[r.span.start : r.span.end], r.value) for r in a.refs] == [
        ("$OS", "linux"),
        ("$TARGETARCH", None),
        ("${OS}", "linux"),
        ("${PLAT}", None),
        ("${IMG}", "alpine:linux"),
    ]
    assert a.stages[0].image.resolved == "alpine:linux"


def test_platform_args_in_a_stage_need_a_declaration():
    text = "FROM alpine\nRUN echo $TARGETARCH\nARG TARGETARCH\nRUN echo $TARGETARCH\n"
    a = analyze(parse(text))
    assert [[d.kind for d in r.decls] for r in a.refs] == [[], ["ARG", "predefined"]]


def test_resolve_and_visible_vars():
    text = "ARG BASE=python\nFROM ${BASE}:3\nARG V=2\nENV HOME_DIR=/home/$V\nWORKDIR $HOME_DIR\n"
    df = parse(text)
    a = analyze(df)
    from_ins, arg, env, workdir = df.instructions[1:]
    assert a.resolve("${BASE}:${TAG:-latest}", from_ins) == ("python:latest", True)
    assert a.resolve("$HOME_DIR/x", workdir) == ("/home/2/x", True)
    assert a.resolve("$V", arg) == ("", True)  # the ARG line itself does not see V yet
    assert sorted(a.visible_vars(workdir)) == ["HOME_DIR", "V"]
    assert "BASE" in a.visible_vars(from_ins) and "TARGETPLATFORM" in a.visible_vars(from_ins)


def test_onbuild_instructions_are_not_analysed_in_this_build():
    text = "FROM alpine\nARG V=1\nONBUILD RUN echo $V\n"
    assert analyze(parse(text)).refs == []


def test_corpus_smoke(corpus_files):
    for path in corpus_files:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        a = analyze(parse(text))
        n = len(text)
        for r in a.refs:
            assert 0 <= r.span.start <= r.name_span.start <= r.name_span.end <= r.span.end <= n, path
            assert text[r.name_span.start : r.name_span.end] == r.name, path
        for d in a.decls:
            if d.name_span is not None:
                assert 0 <= d.name_span.start <= d.name_span.end <= n, path
        for s in a.stages:
            if s.name_span is not None:
                assert text[s.name_span.start : s.name_span.end] == s.name, path
            if s.image is not None:
                assert 0 <= s.image.span.start <= s.image.span.end <= n, path


def test_powershell_and_cmd_shells_reference_environment_variables_their_way():
    text = (
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV TOOLS=C:\\tools\n"
        'SHELL ["powershell", "-Command"]\n'
        "RUN $p = $env:TOOLS; Write-Host ${env:PATH} $p\n"
        'SHELL ["cmd", "/S", "/C"]\n'
        "RUN echo %TOOLS% $TOOLS\n"
    )
    a = analyze(parse(text))
    rows = [(text[r.span.start : r.span.end], r.name, r.in_shell, [d.kind for d in r.decls]) for r in a.refs]
    assert rows == [
        ("$env:TOOLS", "TOOLS", True, ["ENV"]),
        ("${env:PATH}", "PATH", True, []),
        ("%TOOLS%", "TOOLS", True, ["ENV"]),
    ]


def test_unresolved_from_lists_the_stages_it_may_name():
    text = (
        "FROM alpine AS build-amd64\nFROM alpine AS build-arm64\nFROM alpine AS other\n"
        "FROM build-$TARGETARCH\nARG TARGETARCH\nCOPY --from=build-${TARGETARCH} /a /b\nCOPY --from=other /a /b\n"
    )
    df = parse(text)
    a = analyze(df)
    last = a.stages[3]
    assert last.base_stage is None and last.image.unresolved
    assert [s.name for s in last.base_candidates] == ["build-amd64", "build-arm64"]
    arg, copy_var, copy_other = df.instructions[4:]
    assert [s.name for s in a.stages_matching("build-${TARGETARCH}", copy_var)] == ["build-amd64", "build-arm64"]
    assert [s.name for s in a.stages_matching("other", copy_other)] == ["other"]
    assert a.stages_matching("nope", copy_other) == []
    # without the stage's ARG TARGETARCH the value is empty: BuildKit looks for "build-"
    assert a.resolve("build-${TARGETARCH}", arg) == ("build-", True)
