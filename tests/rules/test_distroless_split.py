"""The stage split with a distroless final stage (offered next to SZ601's split)."""

from ruletest import buildkit_accepts
from stanzalint.distroless_split import split_builder_distroless
from stanzalint.engine import prepare


def split(text: str):
    dockerfile, analysis = prepare(text)
    edits = split_builder_distroless(dockerfile, analysis, analysis.stages[-1])
    if edits is None:
        return None
    for e in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: e.span.start] + e.text + text[e.span.end :]
    assert buildkit_accepts(text)
    return text


CPP = """\
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN g++ -O2 -o engine main.cpp
USER daemon
ENTRYPOINT ["/src/engine"]
"""


def test_cpp_stage_splits_onto_cc_of_the_same_debian():
    assert (
        split(CPP)
        == """\
FROM debian:12 AS builder
RUN apt-get update && apt-get install -y --no-install-recommends g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN g++ -O2 -o engine main.cpp

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /src /src
WORKDIR /src
USER 65532
ENTRYPOINT ["/src/engine"]
"""
    )


def test_go_build_image_static_binary_splits_onto_static():
    text = 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o app .\nCMD ["./app"]\n'
    assert split(text) == (
        "FROM golang:1.23 AS builder\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o app .\n\n"
        "FROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=builder /src /src\nWORKDIR /src\n"
        'CMD ["./app"]\n'
    )
    # a binary the split does not copy is no artefact of the new final stage
    assert split(text.replace("-o app", "-o /out/app").replace("./app", "/out/app")) is None


def test_no_distroless_split_when_the_final_stage_needs_a_shell_or_the_fit_is_unproven():
    assert split(CPP.replace('ENTRYPOINT ["/src/engine"]', "ENTRYPOINT /src/engine")) is None
    assert split(CPP.replace("USER daemon", "RUN useradd -r app\nUSER app")) is None  # a RUN stays in the final stage
    assert split(CPP.replace("FROM debian:12", "FROM debian:10")) is None  # glibc and libraries of Debian 10


def test_no_distroless_split_when_the_stage_installs_runtime_packages():
    # the plain split would install libsqlite3-0 again; distroless has no package manager to do it
    assert split(CPP.replace("g++ &&", "g++ libsqlite3-0 &&")) is None
