from stanzalint.rules.toolkit.releases import names_part, version_tie
from toolkit_input import rule_context


def test_names_part_as_a_whole():
    assert names_part("python3.8", "3.8") and not names_part("13.8", "3.8")
    assert names_part("buster-updates", "buster") and not names_part("busters", "buster")


def _tie(text, new_tag, product="debian"):
    ctx = rule_context(text, "SZ105")
    stage = ctx.analysis.stages[0]
    return version_tie(ctx, stage, stage.image, product, new_tag)


def test_version_ties():
    assert _tie("FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\n", "13") == (
        "`curl=7.88.1-10` pins a package of this release"
    )
    assert _tie("FROM python:3.8-buster\nRUN ls /usr/lib/python3.8\n", "3.12-bookworm", "python") == (
        "the build names `3.8`, which the new tag changes"
    )
    assert (
        _tie("FROM postgres:15\n", "16", "postgresql")
        == "existing postgresql data needs an upgrade step to move to `16`"
    )
    assert _tie("FROM python:3.12-slim\nCMD python\n", "3.13-slim", "python") is None


def test_version_ties_of_one_run_text_under_other_tags_and_scripts():
    run = "RUN ls /usr/lib/python3.8 && apt-get install -y $pkgs\n"
    assert _tie("FROM python:3.8-buster\n" + run, "3.12-bookworm", "python") == (
        "the build names `3.8`, which the new tag changes"
    )
    assert _tie("FROM python:3.9-buster\n" + run, "3.12-buster", "python") is None
    assert _tie("FROM python:3.9-buster\n" + run.replace("RUN", "RUN pkgs=curl=7.88.1-10 &&"), "3.12", "python") == (
        "`curl=7.88.1-10` pins a package of this release"
    )


def test_the_release_move_is_read_from_the_tables_once_per_reference_and_new_tag(monkeypatch):
    from stanzalint import knowledge

    asked: list[object] = []
    os_family = knowledge.os_family
    monkeypatch.setattr(knowledge, "os_family", lambda *a: asked.append(a) or os_family(*a))
    moved = "the build installs debian packages by name and `{}` is debian {} (this tag: debian 9), "
    moved += "whose package names may differ"
    assert _tie("FROM debian:9\nRUN apt-get install -y curl\n", "11") == moved.format("11", "11")
    assert len(asked) == 2  # this tag's release and the new tag's
    assert _tie("FROM debian:9\nRUN echo typed && apt-get install -y wget\n", "11") == moved.format("11", "11")
    assert len(asked) == 2
    assert _tie("FROM debian:9\nRUN apt-get install -y wget\n", "12") == moved.format("12", "12")
    assert len(asked) == 4


def test_version_ties_in_the_stage_come_before_those_of_the_stages_built_on_it(monkeypatch):
    from stanzalint.rules.toolkit import releases

    built_on = (
        "FROM python:3.8-buster AS base\nRUN ls /usr/lib/python3.8\nFROM base\nRUN apt-get install -y curl=7.88.1-10\n"
    )
    assert _tie(built_on, "3.12-bookworm", "python") == "the build names `3.8`, which the new tag changes"
    assert _tie(built_on.replace("python3.8", "python3"), "3.12-bookworm", "python") == (
        "`curl=7.88.1-10` pins a package of this release"
    )
    asked: list[object] = []
    monkeypatch.setattr(releases, "descendants", lambda analysis, stage: asked.append(stage) or [])
    _tie(built_on, "3.12-bookworm", "python")
    assert asked == []  # the stage's own RUN ties it: the stages built on it are not looked for
