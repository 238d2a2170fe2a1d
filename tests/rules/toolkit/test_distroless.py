from stanzalint.rules.toolkit.distroless import copy_origin, fit_stage
from toolkit_input import analysed

GO = """\
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /out/server .
FROM debian:bookworm-slim
WORKDIR /srv
COPY --from=build /out/server ./
ENTRYPOINT ["/srv/server"]
"""


def test_copy_origin_maps_a_path_back_to_the_build_stage():
    _, analysis = analysed(GO)
    origin = copy_origin(analysis, analysis.stages[1])
    stage, path = origin("/srv/server")
    assert (stage.index, path) == (0, "/out/server")
    assert origin("/etc/passwd") is None


def test_fit_stage_for_a_static_binary():
    _, analysis = analysed(GO)
    found = fit_stage(analysis, analysis.stages[1])
    assert (found.image.nonroot, found.artefact, found.unproven) == (
        "gcr.io/distroless/static-debian13:nonroot",
        "the statically linked binary `/srv/server`",
        None,
    )
    assert found.header("FROM") == []  # it sets its WORKDIR, and static has no entrypoint


def test_no_fit_for_a_shell_or_a_build_step():
    _, analysis = analysed('FROM debian:12\nCMD ["sh", "-c", "x"]\n')
    assert fit_stage(analysis, analysis.stages[0]) is None
    _, analysis = analysed(GO.replace("WORKDIR /srv\n", "RUN true\n"))
    assert fit_stage(analysis, analysis.stages[1]) is None


def test_the_copies_of_a_stage_that_fits_no_distroless_image_are_not_read(monkeypatch):
    from stanzalint.syntax.model import Instruction

    _, with_run = analysed(GO.replace("ENTRYPOINT", "RUN apt-get update\nENTRYPOINT"))
    _, static = analysed(GO)
    flags_read: list[str] = []
    flag = Instruction.flag
    monkeypatch.setattr(Instruction, "flag", lambda ins, name: flags_read.append(ins.keyword) or flag(ins, name))
    assert fit_stage(with_run, with_run.stages[1]) is None
    assert flags_read == []
    assert fit_stage(static, static.stages[1]).artefact == "the statically linked binary `/srv/server`"
    assert flags_read == ["COPY"]
