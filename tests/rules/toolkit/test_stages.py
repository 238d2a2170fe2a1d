from stanzalint.rules.toolkit.stages import (
    UNKNOWN_BASE_DIR,
    InChain,
    Roots,
    Workdirs,
    bodies,
    chain_instructions,
    descendants,
    from_values,
    stage_body,
    stage_groups,
    stage_instructions,
    stage_name_tokens,
    stage_references,
    workdirs,
)
from toolkit_input import analysed, rule_context


def test_stage_body_leaves_out_from_and_onbuild():
    _, analysis = analysed("FROM a\nONBUILD RUN x\nRUN y\n")
    assert [ins.keyword for ins in stage_body(analysis.stages[0])] == ["RUN"]


def test_bodies_treat_a_fragment_as_one_stage():
    _, analysis = analysed("RUN a\nONBUILD RUN b\nCMD c\n")
    assert [(stage, [i.keyword for i in body]) for stage, body in bodies(analysis)] == [(None, ["RUN", "CMD"])]


def test_stage_groups_keep_what_precedes_the_first_from():
    ctx = rule_context("ARG V=1\nFROM a:$V\nRUN x\nFROM b\n")
    assert [(s.index if s else None, [i.keyword for i in group]) for s, group in stage_groups(ctx)] == [
        (None, ["ARG"]),
        (0, ["FROM", "RUN"]),
        (1, ["FROM"]),
    ]


def test_stage_instructions_start_at_the_first_from():
    dockerfile, _ = analysed("ARG V=1\nFROM a\nRUN x\n")
    assert [i.keyword for i in stage_instructions(dockerfile)] == ["FROM", "RUN"]


def test_stage_name_tokens():
    dockerfile, _ = analysed("FROM a as build\nFROM b\n")
    as_token, name = stage_name_tokens(dockerfile.instructions[0])
    assert (as_token.value, name.value) == ("as", "build")
    assert stage_name_tokens(dockerfile.instructions[1]) is None


def test_stage_references_by_name_only():
    text = "FROM a AS build\nFROM build\nCOPY --from=build /x /x\nCOPY --from=0 /y /y\nRUN --mount=from=build,target=/b ls\n"
    _, analysis = analysed(text)
    spans = stage_references(analysis, analysis.stages[0], text)
    assert [(text[s.start : s.end], s.start) for s in spans] == [
        ("build", text.index("FROM build") + 5),
        ("build", text.index("--from=build") + 7),
        ("build", text.index("from=build,") + 5),
    ]


def test_workdirs_follow_the_chain():
    _, analysis = analysed(
        "FROM scratch AS base\nWORKDIR /app\nFROM base\nWORKDIR src\nRUN x\nARG DIR\nWORKDIR $DIR\nRUN y\n"
    )
    final = analysis.stages[1]
    found = workdirs(analysis, final)
    assert [found[id(ins)] for ins in final.body] == ["/app/src", "/app/src", "/app/src", None, None]
    _, analysis = analysed("FROM debian\nWORKDIR app\n")
    assert list(workdirs(analysis, analysis.stages[0]).values()) == [UNKNOWN_BASE_DIR + "/app"]


def test_chain_instructions_and_descendants():
    _, analysis = analysed("FROM a AS base\nENV A=1\nFROM base AS mid\nENV B=2\nFROM mid\nRUN x\nFROM c\n")
    base, mid, final, other = analysis.stages
    assert [(s.index, ins.keyword) for s, ins in chain_instructions(final)] == [(0, "ENV"), (1, "ENV"), (2, "RUN")]
    assert [s.index for s in descendants(analysis, base)] == [1, 2]
    assert descendants(analysis, other) == []


def test_from_values_of_copies_and_mounts():
    dockerfile, _ = analysed("FROM a\nCOPY --from=build /a /a\nRUN --mount=type=cache,from='tools',target=/t x\n")
    copy, run = dockerfile.instructions[1:]
    assert (from_values(copy), from_values(run)) == (["build"], ["tools"])


def test_from_values_of_a_mount_as_buildkit_reads_it():
    dockerfile, _ = analysed(
        "FROM a\nRUN --mount=from=c,FROM=b,target=/t --mount=from=b,from=,target=/u --mount=From=d x\n"
    )
    assert from_values(dockerfile.instructions[1]) == ["b", "d"]  # the last from= of each, in any case


def test_mount_fields_as_buildkit_reads_them():
    from stanzalint.syntax.operands import mount_fields

    assert mount_fields("Type=BIND,SRC=a,source=b,Dst=/x,destination=/y,ro") == {
        "type": "BIND",
        "source": "b",
        "target": "/y",
        "ro": "",
    }


def test_from_values_after_an_edit_moved_the_instruction_without_moving_its_flags():
    from stanzalint.syntax import parse
    from stanzalint.syntax.incremental import reparse

    before = "FROM a\nRUN x\nCOPY --from=build /a /a\nRUN --mount=type=cache,from=tools,target=/t y\n"
    dockerfile = reparse(parse(before), before.replace("RUN x", "RUN xy"))
    copy, run = dockerfile.instructions[2:]
    assert (from_values(copy), from_values(run)) == (["build"], ["tools"])
    assert "flags" not in vars(copy) and "flags" not in vars(run)


def test_one_workdirs_asked_about_stages_in_any_order_starts_each_where_its_base_ends():
    _, analysis = analysed(
        "FROM debian AS base\nWORKDIR /srv\nFROM base AS mid\nWORKDIR app\nFROM mid AS top\nRUN a\n"
        "FROM base\nRUN b\nFROM scratch\nRUN c\n"
    )
    base, mid, top, other, bare = analysis.stages
    stage_workdirs = Workdirs(analysis)
    assert list(stage_workdirs.of(top).values()) == ["/srv/app"]  # walks base and mid first
    assert list(stage_workdirs.of(other).values()) == ["/srv"]
    assert list(stage_workdirs.of(mid).values()) == ["/srv/app"]
    assert list(stage_workdirs.of(base).values()) == ["/srv"]
    assert list(stage_workdirs.of(bare).values()) == ["/"]
    assert list(stage_workdirs.of(None, mid.body).values()) == [UNKNOWN_BASE_DIR + "/app"]  # as a fragment


def test_roots_name_the_stage_at_the_bottom_of_each_chain():
    _, analysis = analysed("FROM a AS one\nFROM one AS two\nFROM two\nFROM b AS other\nFROM one\n")
    roots = Roots()
    assert [roots.of(stage).index for stage in reversed(analysis.stages)] == [0, 3, 0, 0, 0]
    assert [roots.of(stage) is stage.chain[-1] for stage in analysis.stages] == [True] * 5


def test_in_chain_asks_each_stage_once_and_answers_for_its_whole_chain():
    _, analysis = analysed("FROM a AS one\nFROM one AS two\nRUN make\nFROM two AS three\nFROM b\n")
    asked = []

    def runs_make(stage):
        asked.append(stage.index)
        return any(ins.keyword == "RUN" for ins in stage.instructions)

    in_chain = InChain(runs_make)
    assert [in_chain.of(stage) for stage in reversed(analysis.stages)] == [False, True, True, False]
    assert sorted(asked) == [0, 1, 3]  # three is not asked: the RUN of two, its base, answers for it


def test_stage_references_after_an_edit_moved_them_and_without_moving_other_flags():
    from stanzalint.analysis import analyze
    from stanzalint.syntax import parse
    from stanzalint.syntax.incremental import reparse

    before = "FROM a AS Build\nRUN x\nCOPY build.txt /c\nCOPY --from=build /x /x\nRUN --mount=from=BUILD ls\n"
    text = before.replace("RUN x", "RUN xy")
    first = parse(before)
    dockerfile = reparse(first, text)
    analysis = analyze(dockerfile, previous=analyze(first))
    spans = stage_references(analysis, analysis.stages[0], text)
    assert [(text[s.start : s.end], s.start) for s in spans] == [
        ("build", text.index("--from=build") + 7),
        ("BUILD", text.index("from=BUILD") + 5),
    ]
    assert "flags" not in vars(dockerfile.instructions[2])  # names no stage, though its text holds the name


def test_stage_references_in_document_order():
    """The places are in document order: a RUN's mount before a later COPY's ``--from``, and
    both before a later RUN's."""
    text = (
        "FROM a AS build\nRUN --mount=from=build,target=/b ls\nCOPY --from=build /x /x\n"
        "RUN --mount=from=build,target=/c ls\nCOPY . /src\nRUN make\n"
    )
    _, analysis = analysed(text)
    spans = stage_references(analysis, analysis.stages[0], text)
    assert [s.start for s in spans] == [
        text.index("from=build,target=/b") + 5,
        text.index("--from=build") + 7,
        text.index("from=build,target=/c") + 5,
    ]


def test_stage_references_after_edits_above_and_inside_a_reference():
    """Typing above the references (which moves them) and inside one (which is read again)
    gives the places a fresh lint gives."""
    texts = [
        "FROM a AS Build\nRUN x\nCOPY --from=build /x /x\nRUN --mount=from=BUILD ls\n",
        "FROM a AS Build\nRUN xyz\nCOPY --from=build /x /x\nRUN --mount=from=BUILD ls\n",
        "FROM a AS Build\nRUN xyz\nCOPY --from=builds /x /x\nRUN --mount=from=BUILD ls\n",
        "FROM a AS Build\nRUN xy\nCOPY --from=build /x /x\nRUN --mount=from=BUILD ls\n",
    ]
    for analysis, fresh, text in _typed(texts):
        found = stage_references(analysis, analysis.stages[0], text)
        assert found == stage_references(fresh, fresh.stages[0], text)
    assert [text[s.start : s.end] for s in found] == ["build", "BUILD"]


def _typed(texts: list[str]):
    """For each text after the first, typed over the last: its analysis made on the last one's,
    an analysis of it made afresh, and the text."""
    from stanzalint.analysis import analyze
    from stanzalint.syntax import parse
    from stanzalint.syntax.incremental import reparse

    dockerfile = parse(texts[0])
    analysis = analyze(dockerfile)
    for text in texts[1:]:
        dockerfile = reparse(dockerfile, text)
        analysis = analyze(dockerfile, previous=analysis)
        yield analysis, analysed(text)[1], text


def test_stage_references_after_edits_that_add_and_remove_instructions_above_references():
    """An instruction added above the references (one naming the stage, one not) and removed
    again shifts the places after it: each lint gives the places a fresh lint gives."""
    tail = "COPY --from=build /x /x\nRUN --mount=from=BUILD ls\nFROM b AS Other\nCOPY --from=other /o /o\n"
    texts = [
        "FROM a AS Build\nRUN x\n" + tail,
        "FROM a AS Build\nRUN x\nCOPY --from=Build /y /y\n" + tail,
        "FROM a AS Build\nRUN x\nCOPY --from=Build /y /y\nENV A=1\n" + tail,
        "FROM a AS Build\nRUN x\nENV A=1\n" + tail,
        "FROM a AS Build\n" + tail,
    ]
    for analysis, fresh, text in _typed(texts):
        for stage, fresh_stage in zip(analysis.stages, fresh.stages):
            assert stage_references(analysis, stage, text) == stage_references(fresh, fresh_stage, text)
    assert [text[s.start : s.end] for s in stage_references(analysis, analysis.stages[0], text)] == ["build", "BUILD"]
